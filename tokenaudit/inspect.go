package tokenaudit

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/jwtgen/jwtgen/runtime"
	"github.com/jwtgen/jwtgen/spec"
	"github.com/jwtgen/jwtgen/specverify"
)

// Status is the result of one rule in an inspection.
type Status string

// The statuses of a rule.
const (
	StatusPassed     Status = "passed"
	StatusFailed     Status = "failed"
	StatusNotChecked Status = "not checked"
)

// The groups of rules, in the order the verifier applies them.
const (
	GroupHeader     = "header"
	GroupSignature  = "signature"
	GroupRegistered = "registered"
	GroupClaims     = "claims"
)

// RuleResult is the result of one rule, or of every rule of one claim.
type RuleResult struct {
	Group string `json:"group"`
	// Rule names the rule ("alg", "exp", "max_lifetime") or, in the claims
	// group, the claim whose rules the row sums up.
	Rule   string `json:"rule"`
	Status Status `json:"status"`
	// Checks lists what the rule checks, such as "pattern" or "required",
	// for the claims group.
	Checks []string `json:"checks,omitempty"`
	// Details are the failures, each "DETAIL [RULE]" with the claim path
	// when it is not the row's, or why the rule was not checked.
	Details []string `json:"details,omitempty"`
}

// TimeClaim is a registered time claim of the payload.
type TimeClaim struct {
	Claim    string    `json:"claim"`
	Time     time.Time `json:"time"`
	Relative string    `json:"relative"`
}

// UpgradeResult is the payload after the upgrade to the newest version.
type UpgradeResult struct {
	To      int               `json:"to"`
	Payload specverify.Object `json:"payload,omitempty"`
	// NeedsHook lists the claims that an upgrade hook derives in the
	// generated code, which the payload lacks.
	NeedsHook []string `json:"needs_hook,omitempty"`
	Error     string   `json:"error,omitempty"`
}

// Inspection is everything inspect reports about one token.
type Inspection struct {
	Contract string          `json:"contract"`
	At       time.Time       `json:"at"`
	Header   json.RawMessage `json:"header,omitempty"`
	Payload  json.RawMessage `json:"payload,omitempty"`
	// Version is the contract version the token names, or 0 when it names
	// none of the contract.
	Version       int    `json:"version"`
	VersionStatus string `json:"version_status,omitempty"`
	// SignatureChecked is false when no key was given.
	SignatureChecked bool         `json:"signature_checked"`
	Accepted         bool         `json:"accepted"`
	Verdict          string       `json:"verdict"`
	Rules            []RuleResult `json:"rules"`
	Times            []TimeClaim  `json:"times,omitempty"`
	// Upgrade is nil when the claims could not be decoded.
	Upgrade *UpgradeResult `json:"upgrade,omitempty"`
}

// Inspect checks token against the contract of v at time at, with every
// rule reported on its own, and upgrades its claims to the newest version.
// The verifier's clock must return at.
func Inspect(ctx context.Context, v *specverify.Verifier, token string, at time.Time) *Inspection {
	c := v.Contract()
	r := v.Verify(ctx, token)
	in := &Inspection{
		Contract:         c.Name,
		At:               at.UTC(),
		SignatureChecked: v.ChecksSignatures(),
		Accepted:         r.Err == nil,
		Verdict:          "accepted",
	}
	if r.Err != nil {
		in.Verdict = "rejected: " + r.Err.Error()
	}
	in.Header, in.Payload = decodeSegments(token)
	if r.Version != nil {
		in.Version = r.Version.Number
		in.VersionStatus = describeVersion(r.Version)
	}
	if r.Token == nil {
		in.Rules = []RuleResult{{Group: GroupHeader, Rule: "parse", Status: StatusFailed, Details: details(r.Parse, "")}}
		return in
	}

	in.Rules = append(in.Rules, headerResults(c, r, at)...)
	in.Rules = append(in.Rules, signatureResults(r)...)
	if r.Version != nil {
		in.Rules = append(in.Rules, claimResults(c, r)...)
	}
	in.Times = timeClaims(r.Token, at)
	if r.Values != nil {
		in.Upgrade = upgrade(c, r.Values)
	}
	return in
}

// describeVersion writes the status and dates of a version.
func describeVersion(v *spec.Version) string {
	s := string(v.Status)
	if v.AcceptUntil != nil {
		s += ", accepted until " + v.AcceptUntil.UTC().Format(time.RFC3339)
	}
	return s
}

// decodeSegments returns the header and payload of token as indented
// JSON, or nil for a segment that is not JSON. The signature is never
// decoded.
func decodeSegments(token string) (header, payload json.RawMessage) {
	indent := func(data []byte) json.RawMessage {
		var b bytes.Buffer
		if data == nil || json.Indent(&b, data, "", "  ") != nil {
			return nil
		}
		return b.Bytes()
	}
	rawHeader, rawPayload := decodeSegmentsRaw(token)
	return indent(rawHeader), indent(rawPayload)
}

// details returns the failures in err as "DETAIL [RULE]", prefixed with
// the quoted claim when it differs from claim.
func details(err error, claim string) []string {
	var out []string
	for _, ve := range specverify.Failures(err) {
		s := ve.Detail
		if ve.Claim != "" && ve.Claim != claim {
			s = strconv.Quote(ve.Claim) + ": " + s
		}
		if ve.Rule != "" {
			s += " [" + ve.Rule + "]"
		}
		out = append(out, s)
	}
	return out
}

// headerResults returns the results of alg, typ, version and the accept
// window. The verifier stops at the first failed header rule, so the rules
// after it are not checked. The accept window is checked on its own.
func headerResults(c *spec.Contract, r *specverify.Result, at time.Time) []RuleResult {
	names := []string{"alg"}
	if r.Version != nil && r.Version.Token.Type != "" {
		names = append(names, "typ")
	}
	if c.VersionClaim != "" {
		names = append(names, "version")
	}
	if r.Version == nil {
		out := make([]RuleResult, 0, len(names))
		for _, name := range names {
			res := RuleResult{Group: GroupHeader, Rule: name, Status: StatusNotChecked, Details: []string{"the token names no version of the contract"}}
			if name == "version" {
				res.Status, res.Details = StatusFailed, details(r.Header, c.VersionClaim)
			}
			out = append(out, res)
		}
		return out
	}

	// Check alg, typ and version without the accept window, which the
	// version selection checked already.
	rules := *specverify.Rules(c, r.Version)
	rules.Retired, rules.AcceptUntil = false, time.Time{}
	verifier := runtime.NewVerifier(nil, runtime.WithClock(func() time.Time { return at }))
	failed := ""
	var failure error
	if err := verifier.CheckHeader(r.Token, &rules); err != nil {
		failure = err
		for _, ve := range specverify.Failures(err) {
			failed = ve.Rule
		}
	}
	var out []RuleResult
	seenFailure := false
	for _, name := range names {
		res := RuleResult{Group: GroupHeader, Rule: name, Status: StatusPassed}
		switch {
		case seenFailure:
			res.Status, res.Details = StatusNotChecked, []string{"an earlier header rule failed"}
		case name == failed:
			res.Status, res.Details = StatusFailed, details(failure, name)
			seenFailure = true
		}
		out = append(out, res)
	}

	window := RuleResult{Group: GroupHeader, Rule: "accept_window", Status: StatusPassed}
	for _, ve := range specverify.Failures(r.Header) {
		if ve.Rule == "retired" || ve.Rule == "accept_until" {
			window.Status, window.Details = StatusFailed, []string{ve.Detail + " [" + ve.Rule + "]"}
		}
	}
	if window.Status == StatusPassed && r.Version.AcceptUntil != nil {
		window.Details = []string{"accepted until " + r.Version.AcceptUntil.UTC().Format(time.RFC3339)}
	}
	return append(out, window)
}

// signatureResults returns the results of the key lookup and the
// signature check.
func signatureResults(r *specverify.Result) []RuleResult {
	key := RuleResult{Group: GroupSignature, Rule: "key", Status: StatusPassed}
	sig := RuleResult{Group: GroupSignature, Rule: "signature", Status: StatusPassed}
	switch {
	case !r.SignatureChecked:
		reason := []string{"no key given: use --key or --jwks to check it"}
		key.Status, key.Details = StatusNotChecked, reason
		sig.Status, sig.Details = StatusNotChecked, reason
	case r.Signature == nil:
	case hasRule(r.Signature, "kid"):
		key.Status, key.Details = StatusFailed, details(r.Signature, "kid")
		sig.Status, sig.Details = StatusNotChecked, []string{"no key to check it with"}
	default:
		sig.Status, sig.Details = StatusFailed, details(r.Signature, "")
	}
	return []RuleResult{key, sig}
}

func hasRule(err error, rule string) bool {
	for _, ve := range specverify.Failures(err) {
		if ve.Rule == rule {
			return true
		}
	}
	return false
}

// registeredRules are the rules of the registered claims, in the order the
// verifier applies them.
var registeredRules = []string{"exp", "nbf", "iat", "max_lifetime", "issuer", "audience"}

// claimResults returns a row per registered claim rule that applies and a
// row per claim of the token's version. A failure that fits no row gets a
// row of its own.
func claimResults(c *spec.Contract, r *specverify.Result) []RuleResult {
	v := r.Version
	failures := specverify.Failures(r.Claims)
	used := make([]bool, len(failures))
	take := func(match func(*runtime.ValidationError) bool) []*runtime.ValidationError {
		var out []*runtime.ValidationError
		for i, ve := range failures {
			if !used[i] && match(ve) {
				used[i] = true
				out = append(out, ve)
			}
		}
		return out
	}
	row := func(group, rule string, checks []string, failed []*runtime.ValidationError, claim string) RuleResult {
		res := RuleResult{Group: group, Rule: rule, Status: StatusPassed, Checks: checks}
		if len(failed) > 0 {
			res.Status = StatusFailed
			for _, ve := range failed {
				res.Details = append(res.Details, details(ve, claim)...)
			}
		}
		return res
	}

	var out []RuleResult
	for _, name := range v.Token.Require {
		failed := take(func(ve *runtime.ValidationError) bool {
			return ve.Claim == name && (ve.Rule == "required" || ve.Rule == "type")
		})
		out = append(out, row(GroupRegistered, "require "+name, nil, failed, name))
	}
	for _, rule := range registeredRules {
		if !registeredRuleApplies(v, r.Token, rule) {
			continue
		}
		failed := take(func(ve *runtime.ValidationError) bool { return ve.Rule == rule })
		out = append(out, row(GroupRegistered, rule, nil, failed, ""))
	}
	for _, name := range spec.RegisteredClaims {
		failed := take(func(ve *runtime.ValidationError) bool { return underPath(ve.Claim, name) })
		if len(failed) > 0 {
			out = append(out, row(GroupRegistered, "type "+name, nil, failed, name))
		}
	}

	for _, claim := range v.Claims {
		failed := take(func(ve *runtime.ValidationError) bool { return underPath(ve.Claim, claim.Name) })
		res := row(GroupClaims, claim.Name, claimChecks(claim), failed, claim.Name)
		if res.Status == StatusPassed && r.Values == nil {
			res.Status = StatusNotChecked
			res.Details = []string{"claim rules run only when every claim has its JSON type and every required claim is present"}
		}
		out = append(out, res)
	}
	var rest []*runtime.ValidationError
	for i, ve := range failures {
		if !used[i] {
			rest = append(rest, ve)
		}
	}
	if len(rest) > 0 {
		out = append(out, row(GroupClaims, "other", nil, rest, ""))
	}
	return out
}

// registeredRuleApplies reports whether a registered claim rule applies to
// tokens of v: exp, nbf and iat when the token has the claim or v requires
// it, and the others when v sets them.
func registeredRuleApplies(v *spec.Version, t *runtime.Token, rule string) bool {
	switch rule {
	case "exp", "nbf", "iat":
		_, present := t.Claim(rule)
		return present || v.Token.Requires(rule)
	case "max_lifetime":
		return v.Token.MaxLifetime > 0
	case "issuer":
		return len(v.Token.Issuers) > 0
	case "audience":
		return len(v.Token.Audience) > 0
	}
	return false
}

// underPath reports whether path is name or a member or item of it.
func underPath(path, name string) bool {
	return path == name || strings.HasPrefix(path, name+".") || strings.HasPrefix(path, name+"[")
}

// claimChecks lists what the claim rules of c check.
func claimChecks(c *spec.Claim) []string {
	kind := string(c.Kind)
	if c.Kind == spec.KindArray {
		kind = "[]" + string(c.Elem)
	}
	out := []string{"type " + kind}
	add := func(ok bool, name string) {
		if ok {
			out = append(out, name)
		}
	}
	add(c.Required, "required")
	add(c.HasConst, "const")
	add(c.ItemKind() == spec.KindEnum, "values")
	add(c.Pattern != "", "pattern")
	add(c.MinLength != nil, "min_length")
	add(c.MaxLength != nil, "max_length")
	add(c.Minimum != nil, "minimum")
	add(c.Maximum != nil, "maximum")
	add(c.MinItems != nil, "min_items")
	add(c.MaxItems != nil, "max_items")
	add(len(c.Claims) > 0, "members")
	return out
}

// timeClaims returns the exp, nbf and iat claims of t relative to now.
func timeClaims(t *runtime.Token, now time.Time) []TimeClaim {
	var out []TimeClaim
	for _, name := range []string{"iat", "nbf", "exp"} {
		raw, ok := t.Claim(name)
		if !ok || !numberPattern.Match(raw) {
			continue
		}
		seconds, err := strconv.ParseFloat(string(raw), 64)
		if err != nil || seconds < 0 || seconds > 253402300799 {
			continue
		}
		at := time.Unix(int64(seconds), 0).UTC()
		out = append(out, TimeClaim{Claim: name, Time: at, Relative: describeTime(name, at, now)})
	}
	return out
}

var numberPattern = regexp.MustCompile(`^-?[0-9]+(\.[0-9]+)?([eE][-+]?[0-9]+)?$`)

// upgrade upgrades claims to the newest version.
func upgrade(c *spec.Contract, claims *specverify.Claims) *UpgradeResult {
	res := &UpgradeResult{To: c.Newest().Number}
	up, err := specverify.Upgrade(c, claims)
	if err != nil {
		res.Error = err.Error()
		return res
	}
	res.NeedsHook = up.Hooks
	payload, err := up.Payload()
	if err != nil {
		res.Error = fmt.Sprintf("encode the upgraded claims: %v", err)
		return res
	}
	res.Payload = payload
	return res
}

// decodeSegmentsRaw returns the decoded header and payload of token, or
// nil for a segment that is not base64url. The signature is never decoded.
func decodeSegmentsRaw(token string) (header, payload []byte) {
	parts := strings.SplitN(token, ".", 3)
	segment := func(i int) []byte {
		if i >= len(parts) {
			return nil
		}
		data, err := base64.RawURLEncoding.DecodeString(parts[i])
		if err != nil {
			return nil
		}
		return data
	}
	return segment(0), segment(1)
}
