package spec

import (
	"fmt"
	"strings"
	"time"
)

// Rule IDs of the warnings Lint returns.
const (
	RuleExpNotRequired               = "EXP_NOT_REQUIRED"
	RuleAudienceMissing              = "AUDIENCE_MISSING"
	RuleLeewayTooLong                = "LEEWAY_TOO_LONG"
	RuleMaxLifetimeMissing           = "MAX_LIFETIME_MISSING"
	RuleMaxLifetimeTooLong           = "MAX_LIFETIME_TOO_LONG"
	RuleDeprecatedWithoutAcceptUntil = "DEPRECATED_WITHOUT_ACCEPT_UNTIL"
	RuleActivePastAcceptUntil        = "ACTIVE_PAST_ACCEPT_UNTIL"
	RuleUpgradeMayFail               = "UPGRADE_MAY_FAIL"
)

// Rule is a lint rule: its ID and the risk it flags.
type Rule struct {
	ID      string
	Purpose string
}

// LintRules lists every rule Lint applies.
var LintRules = []Rule{
	{RuleExpNotRequired, "A token without exp never expires, so a leaked token stays valid for good."},
	{RuleAudienceMissing, "Without an audience check a token minted for another service is accepted."},
	{RuleLeewayTooLong, "A leeway over 5 minutes extends every token's validity well past clock skew."},
	{RuleMaxLifetimeMissing, "Without max_lifetime an issuer bug can mint tokens valid for years."},
	{RuleMaxLifetimeTooLong, "Tokens valid for over 24 hours stay usable long after a leak."},
	{RuleDeprecatedWithoutAcceptUntil, "A deprecated version with no accept_until is accepted forever."},
	{RuleActivePastAcceptUntil, "A version still marked active is no longer accepted once accept_until has come."},
	{RuleUpgradeMayFail, "A newer claim that is stricter than the claim it comes from rejects older tokens that were valid when issued."},
}

// Thresholds of the lint rules.
const (
	lintMaxLeeway   = 5 * time.Minute
	lintMaxLifetime = 24 * time.Hour
)

// Lint returns warnings about risky but valid choices in c, judged at now,
// sorted by position. The token rules of retired versions are not linted,
// and nor are their upgrades, since verifiers no longer accept those
// tokens.
func Lint(c *Contract, now time.Time) Diagnostics {
	if c == nil {
		return nil
	}
	var ds Diagnostics
	for _, v := range c.Versions {
		ds = append(ds, lintLifecycle(v, now)...)
		if v.Status != StatusRetired {
			ds = append(ds, lintToken(v)...)
		}
	}
	ds = append(ds, lintUpgrades(c)...)
	ds.Sort()
	return ds
}

func warning(pos Pos, rule, hint, format string, args ...any) Diagnostic {
	return Diagnostic{
		Pos:      pos,
		Severity: SeverityWarning,
		Rule:     rule,
		Message:  fmt.Sprintf(format, args...),
		Hint:     hint,
	}
}

// firstKnown returns the first position whose line is known.
func firstKnown(positions ...Pos) Pos {
	for _, p := range positions {
		if p.Line != 0 {
			return p
		}
	}
	if len(positions) > 0 {
		return positions[len(positions)-1]
	}
	return Pos{}
}

func lintLifecycle(v *Version, now time.Time) Diagnostics {
	var ds Diagnostics
	name := v.label()
	if v.Status == StatusDeprecated && v.AcceptUntil == nil {
		ds = append(ds, warning(firstKnown(v.At["status"], v.Pos), RuleDeprecatedWithoutAcceptUntil,
			"set accept_until to the date verifiers stop accepting it",
			"%s is deprecated but has no accept_until, so verifiers accept it forever", name))
	}
	if v.Status == StatusActive && v.AcceptUntil != nil && !now.Before(*v.AcceptUntil) {
		ds = append(ds, warning(firstKnown(v.At["accept_until"], v.Pos), RuleActivePastAcceptUntil,
			"set status: retired, or move accept_until to a later date",
			"%s is still active after its accept_until %s", name, v.AcceptUntil.Format(time.RFC3339)))
	}
	return ds
}

func lintToken(v *Version) Diagnostics {
	var ds Diagnostics
	t := &v.Token
	name := v.label()
	tokenPos := firstKnown(t.Pos, v.Pos)

	if !t.Requires("exp") {
		ds = append(ds, warning(firstKnown(t.At["require"], tokenPos), RuleExpNotRequired,
			"add exp to token.require",
			"%s does not require exp, so a token without an expiry never expires", name))
	}
	if len(t.Audience) == 0 {
		ds = append(ds, warning(tokenPos, RuleAudienceMissing,
			"set token.audience to the name this service is known by",
			"%s sets no audience, so tokens minted for other services are accepted too", name))
	}
	if t.Leeway > lintMaxLeeway {
		ds = append(ds, warning(firstKnown(t.At["leeway"], tokenPos), RuleLeewayTooLong,
			"allow only clock skew, e.g. leeway: 30s",
			"leeway %s of %s is longer than %s", formatDuration(t.Leeway), name, formatDuration(lintMaxLeeway)))
	}
	switch {
	case t.MaxLifetime == 0:
		ds = append(ds, warning(tokenPos, RuleMaxLifetimeMissing,
			"set token.max_lifetime, e.g. max_lifetime: 1h",
			"%s sets no max_lifetime, so a token may be valid for any length of time", name))
	case t.MaxLifetime > lintMaxLifetime:
		ds = append(ds, warning(firstKnown(t.At["max_lifetime"], tokenPos), RuleMaxLifetimeTooLong,
			"issue short-lived tokens and refresh them, e.g. max_lifetime: 1h",
			"max_lifetime %s of %s is longer than %s", formatDuration(t.MaxLifetime), name, formatDuration(lintMaxLifetime)))
	}
	return ds
}

// formatDuration writes d as a contract file would: 5m rather than 5m0s.
func formatDuration(d time.Duration) string {
	s := d.String()
	if strings.HasSuffix(s, "m0s") {
		s = strings.TrimSuffix(s, "0s")
	}
	if strings.HasSuffix(s, "h0m") {
		s = strings.TrimSuffix(s, "0m")
	}
	return s
}
