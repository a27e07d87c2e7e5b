package contractdiff

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/jwtgen/jwtgen/spec"
)

// compareToken reports the changes of the token rules: algorithms, issuer,
// audience, typ, max_lifetime, leeway and require.
func (p *pair) compareToken() {
	o, n := &p.older.Token, &p.newer.Token
	pos := func(key string) (spec.Pos, spec.Pos) {
		return firstKnown(o.At[key], o.Pos, p.older.Pos), firstKnown(n.At[key], n.Pos, p.newer.Pos)
	}
	where := p.where()

	oldPos, newPos := pos("algorithms")
	for _, alg := range added(o.Algorithms, n.Algorithms) {
		p.add(TokenAlgorithmAdded, "token.algorithms", fmt.Sprintf("Algorithm %q was allowed %s.", alg, where), oldPos, newPos)
	}
	for _, alg := range added(n.Algorithms, o.Algorithms) {
		p.add(TokenAlgorithmRemoved, "token.algorithms", fmt.Sprintf("Algorithm %q was disallowed %s.", alg, where), oldPos, newPos)
	}

	oldPos, newPos = pos("issuer")
	p.compareList("issuer", "token.issuer", o.Issuers, n.Issuers, TokenIssuerAdded, TokenIssuerRemoved, TokenIssuerCheckChanged, oldPos, newPos)
	oldPos, newPos = pos("audience")
	p.compareList("audience", "token.audience", o.Audience, n.Audience, TokenAudienceAdded, TokenAudienceRemoved, TokenAudienceCheckChanged, oldPos, newPos)

	if normalizeTyp(o.Type) != normalizeTyp(n.Type) {
		oldPos, newPos = pos("typ")
		p.add(TokenTypChanged, "token.typ", fmt.Sprintf("typ changed from %s to %s %s.", typOrUnchecked(o.Type), typOrUnchecked(n.Type), where), oldPos, newPos)
	}

	if o.MaxLifetime != n.MaxLifetime {
		oldPos, newPos = pos("max_lifetime")
		message := fmt.Sprintf("max_lifetime changed from %s to %s %s.", durationOrUnbounded(o.MaxLifetime), durationOrUnbounded(n.MaxLifetime), where)
		if n.MaxLifetime != 0 && (o.MaxLifetime == 0 || n.MaxLifetime < o.MaxLifetime) {
			p.add(TokenMaxLifetimeShorter, "token.max_lifetime", message, oldPos, newPos)
		} else {
			p.add(TokenMaxLifetimeLonger, "token.max_lifetime", message, oldPos, newPos)
		}
	}

	if o.Leeway != n.Leeway {
		oldPos, newPos = pos("leeway")
		message := fmt.Sprintf("leeway changed from %s to %s %s.", formatDuration(o.Leeway), formatDuration(n.Leeway), where)
		if n.Leeway < o.Leeway {
			p.add(TokenLeewayReduced, "token.leeway", message, oldPos, newPos)
		} else {
			p.add(TokenLeewayIncreased, "token.leeway", message, oldPos, newPos)
		}
	}

	oldPos, newPos = pos("require")
	for _, name := range added(o.Require, n.Require) {
		p.add(TokenRequireAdded, "token.require", fmt.Sprintf("Registered claim %q became required %s.", name, where), oldPos, newPos)
	}
	for _, name := range added(n.Require, o.Require) {
		p.add(TokenRequireRemoved, "token.require", fmt.Sprintf("Registered claim %q stopped being required %s.", name, where), oldPos, newPos)
	}
}

// compareList reports the values added to and removed from an issuer or
// audience list, where an empty list means the value is not checked.
func (p *pair) compareList(key, subject string, older, newer []string, addedRule, removedRule, checkRule string, oldPos, newPos spec.Pos) {
	where := p.where()
	switch {
	case len(older) == 0 && len(newer) == 0:
	case len(older) == 0:
		p.add(checkRule, subject, fmt.Sprintf("The %s check was turned on %s, accepting only %s.", key, where, quoteAll(newer)), oldPos, newPos)
	case len(newer) == 0:
		p.add(checkRule, subject, fmt.Sprintf("The %s check was turned off %s, where only %s was accepted.", key, where, quoteAll(older)), oldPos, newPos)
	default:
		for _, v := range added(older, newer) {
			p.add(addedRule, subject, fmt.Sprintf("%s %q was accepted %s.", capitalize(key), v, where), oldPos, newPos)
		}
		for _, v := range added(newer, older) {
			p.add(removedRule, subject, fmt.Sprintf("%s %q was no longer accepted %s.", capitalize(key), v, where), oldPos, newPos)
		}
	}
}

// added returns the values of newer that older lacks, in newer's order.
func added(older, newer []string) []string {
	var out []string
	for _, v := range newer {
		if !slices.Contains(older, v) {
			out = append(out, v)
		}
	}
	return out
}

// normalizeTyp returns typ as verifiers compare it: case-insensitive and
// without an "application/" prefix (RFC 7515 §4.1.9).
func normalizeTyp(typ string) string {
	typ = strings.ToLower(typ)
	return strings.TrimPrefix(typ, "application/")
}

func typOrUnchecked(typ string) string {
	if typ == "" {
		return "unchecked"
	}
	return fmt.Sprintf("%q", typ)
}

func durationOrUnbounded(d time.Duration) string {
	if d == 0 {
		return "unbounded"
	}
	return formatDuration(d)
}

func capitalize(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

// formatDuration writes d as the contract file does: "15m" rather than
// "15m0s".
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
