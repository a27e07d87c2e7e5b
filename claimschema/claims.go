package claimschema

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/jwtgen/jwtgen/spec"
)

// maxNumericDate is 9999-12-31T23:59:59Z in seconds since the Unix epoch,
// the largest NumericDate that the verifier accepts.
const maxNumericDate = 253402300799

// uuidPattern matches the textual form of a UUID (RFC 9562 §4): 32
// hexadecimal digits in either case, grouped 8-4-4-4-12 by hyphens.
const uuidPattern = `^[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}$`

// scopeToken matches one scope-token of RFC 6749 §3.3: printable ASCII
// except space, double quote and backslash.
const scopeToken = `[\x21\x23-\x5B\x5D-\x7E]+`

// maxRepeat is the largest repetition count that Go's regexp package
// compiles, so that the scopes pattern stays usable in Go validators.
const maxRepeat = 1000

// registeredDescriptions are the descriptions of the registered claims.
var registeredDescriptions = map[string]string{
	"iss": "Issuer of the token (RFC 7519 §4.1.1).",
	"sub": "Subject of the token (RFC 7519 §4.1.2).",
	"aud": "Audience of the token (RFC 7519 §4.1.3): one string or an array of strings.",
	"exp": "Expiration time (RFC 7519 §4.1.4), in seconds since the Unix epoch.",
	"nbf": "Time before which the token must not be accepted (RFC 7519 §4.1.5), in seconds since the Unix epoch.",
	"iat": "Time at which the token was issued (RFC 7519 §4.1.6), in seconds since the Unix epoch.",
	"jti": "Unique identifier of the token (RFC 7519 §4.1.7).",
}

// registeredSchema returns the schema of the registered claim name under
// the token rules t.
func registeredSchema(name string, t *spec.Token) *object {
	s := &object{}
	s.set("description", registeredDescriptions[name])
	switch name {
	case "iss":
		s.set("type", "string")
		if len(t.Issuers) > 0 {
			s.set("enum", t.Issuers)
		}
	case "aud":
		s.set("anyOf", audienceSchemas(t.Audience))
	case "exp", "nbf", "iat":
		setNumericDate(s)
	default:
		s.set("type", "string")
	}
	return s
}

// audienceSchemas returns the two forms of aud: a string, or an array of
// strings. When the version lists audiences, the string must be one of
// them and the array must contain one.
func audienceSchemas(audience []string) []any {
	single := &object{}
	single.set("type", "string")
	list := &object{}
	list.set("type", "array")
	list.set("items", typeOnly("string"))
	if len(audience) > 0 {
		single.set("enum", audience)
		accepted := &object{}
		accepted.set("enum", audience)
		list.set("contains", accepted)
	}
	return []any{single, list}
}

// registeredRequired reports whether the verifier rejects a token of
// version rules t that lacks the registered claim name: because t.Require
// lists it, because t names issuers or audiences to check, or because a
// max_lifetime needs both exp and iat.
func registeredRequired(name string, t *spec.Token) bool {
	switch {
	case t.Requires(name):
		return true
	case name == "iss":
		return len(t.Issuers) > 0
	case name == "aud":
		return len(t.Audience) > 0
	case name == "exp" || name == "iat":
		return t.MaxLifetime > 0
	}
	return false
}

// versionSchema returns the schema of the version claim of v: the number,
// or the same number as a decimal string, which the verifier also accepts
// with leading zeros and up to 9 digits.
func versionSchema(c *spec.Contract, v *spec.Version) *object {
	n := strconv.Itoa(v.Number)
	s := &object{}
	description := fmt.Sprintf("Version of the %s contract that the token follows: %s, as a number or a decimal string.", c.Name, n)
	if c.Unversioned != 0 {
		description += fmt.Sprintf(" A token without this claim is version %d.", c.Unversioned)
	}
	s.set("description", description)

	number := &object{}
	number.set("type", "integer")
	number.set("const", int64(v.Number))
	text := &object{}
	text.set("type", "string")
	text.set("pattern", "^0*"+n+"$")
	text.set("maxLength", int64(9))
	s.set("anyOf", []any{number, text})
	return s
}

// setClaims adds the schema of each claim to properties and returns the
// names of the required ones, both in file order.
func setClaims(properties *object, claims []*spec.Claim) ([]string, error) {
	var required []string
	for _, c := range claims {
		s, err := claimSchema(c)
		if err != nil {
			return nil, err
		}
		properties.set(c.Name, s)
		if c.Required {
			required = append(required, c.Name)
		}
	}
	return required, nil
}

// claimSchema returns the schema of claim c.
func claimSchema(c *spec.Claim) (*object, error) {
	s := &object{}
	if d := claimDescription(c); d != "" {
		s.set("description", d)
	}
	if c.Deprecated {
		s.set("deprecated", true)
	}

	switch c.Kind {
	case spec.KindArray:
		s.set("type", "array")
		items, err := valueSchema(c, c.Elem)
		if err != nil {
			return nil, err
		}
		s.set("items", items)
		setItemCounts(s, c)
	case spec.KindScopes:
		setScopes(s, c)
	default:
		if err := setValue(s, c, c.Kind); err != nil {
			return nil, err
		}
	}
	return s, nil
}

// claimDescription returns the description of c, followed for a scopes
// claim by the scopes that the contract declares.
func claimDescription(c *spec.Claim) string {
	known := ""
	if c.Kind == spec.KindScopes && len(c.Values) > 0 {
		known = "Known scopes: " + strings.Join(c.Values, ", ") + ". A token may carry other scopes too."
	}
	return joinParagraphs(c.Description, known)
}

// valueSchema returns the schema of one item of array claim c, whose items
// have kind.
func valueSchema(c *spec.Claim, kind spec.Kind) (*object, error) {
	s := &object{}
	if err := setValue(s, c, kind); err != nil {
		return nil, err
	}
	return s, nil
}

// setValue adds to s the type and constraints of a value of kind, which is
// c's kind or, for an array claim, the kind of its items.
func setValue(s *object, c *spec.Claim, kind spec.Kind) error {
	switch kind {
	case spec.KindString, spec.KindURL, spec.KindEmail, spec.KindUUID:
		setString(s, c, kind)
	case spec.KindEnum:
		s.set("type", "string")
		s.set("enum", c.Values)
		setConst(s, c)
	case spec.KindInt:
		s.set("type", "integer")
		if c.HasConst {
			setConst(s, c) // a const already lies in the int64 range
			break
		}
		s.set("minimum", intBound(c.Minimum, math.MinInt64))
		s.set("maximum", intBound(c.Maximum, math.MaxInt64))
	case spec.KindNumber:
		s.set("type", "number")
		setConst(s, c)
		if c.Minimum != nil {
			s.set("minimum", *c.Minimum)
		}
		if c.Maximum != nil {
			s.set("maximum", *c.Maximum)
		}
	case spec.KindBool:
		s.set("type", "boolean")
		setConst(s, c)
	case spec.KindTime:
		setNumericDate(s)
	case spec.KindObject:
		s.set("type", "object")
		properties := &object{}
		required, err := setClaims(properties, c.Claims)
		if err != nil {
			return err
		}
		s.set("properties", properties)
		if len(required) > 0 {
			s.set("required", required)
		}
	case spec.KindMap:
		s.set("type", "object")
		s.set("additionalProperties", typeOnly("string"))
	case spec.KindJSON:
		s.set("not", typeOnly("null"))
	default:
		return fmt.Errorf("%w %q of claim %q", ErrUnknownKind, kind, c.Path)
	}
	return nil
}

// setString adds the type, format and string constraints of a string, url,
// email or uuid value.
func setString(s *object, c *spec.Claim, kind spec.Kind) {
	s.set("type", "string")
	switch kind {
	case spec.KindURL:
		s.set("format", "uri")
	case spec.KindEmail:
		s.set("format", "email")
	case spec.KindUUID:
		s.set("format", "uuid")
	}
	setConst(s, c)

	// A schema has one pattern member, so a uuid claim with a pattern of
	// its own checks that one in allOf.
	switch {
	case kind == spec.KindUUID && c.Pattern != "":
		s.set("pattern", uuidPattern)
		own := &object{}
		own.set("pattern", c.Pattern)
		s.set("allOf", []any{own})
	case kind == spec.KindUUID:
		s.set("pattern", uuidPattern)
	case c.Pattern != "":
		s.set("pattern", c.Pattern)
	}

	if c.MinLength != nil {
		s.set("minLength", int64(*c.MinLength))
	}
	if c.MaxLength != nil {
		s.set("maxLength", int64(*c.MaxLength))
	}
}

// setConst adds const when c has one.
func setConst(s *object, c *spec.Claim) {
	if c.HasConst {
		s.set("const", c.Const)
	}
}

// setNumericDate adds the type and range of a NumericDate.
func setNumericDate(s *object) {
	s.set("type", "number")
	s.set("minimum", int64(0))
	s.set("maximum", int64(maxNumericDate))
}

// setItemCounts adds minItems and maxItems when c sets them.
func setItemCounts(s *object, c *spec.Claim) {
	if c.MinItems != nil {
		s.set("minItems", int64(*c.MinItems))
	}
	if c.MaxItems != nil {
		s.set("maxItems", int64(*c.MaxItems))
	}
}

// setScopes adds the schema of scopes claim c in its encoding. The scopes
// that the contract declares are not an enum, because a token may carry
// others.
func setScopes(s *object, c *spec.Claim) {
	if c.Encoding == spec.ScopesArray {
		s.set("type", "array")
		s.set("items", typeOnly("string"))
		setItemCounts(s, c)
		return
	}
	s.set("type", "string")
	s.set("pattern", scopesPattern(c.MinItems, c.MaxItems))
}

// scopesPattern returns the pattern of a space-delimited scopes string
// with at least minItems and at most maxItems scope tokens. Without
// minItems it needs one token, as the RFC 6749 §3.3 grammar does, and only
// a minItems of 0 allows the empty string.
func scopesPattern(minItems, maxItems *int) string {
	lo, allowEmpty := 1, false
	if minItems != nil {
		lo = *minItems
	}
	if maxItems != nil && *maxItems == 0 {
		return "^$"
	}
	if lo == 0 {
		lo, allowEmpty = 1, true
	}

	// The pattern is one token followed by a repeated " token", so each
	// count is one less than the number of tokens.
	// NOTE: Go's regexp rejects counts above 1000, so a bound above 1001
	// tokens is left out and the pattern accepts more than the contract.
	rest := lo - 1
	if rest > maxRepeat {
		rest = maxRepeat
	}
	repeat := "{" + strconv.Itoa(rest) + ",}"
	if maxItems != nil && *maxItems-1 <= maxRepeat {
		repeat = "{" + strconv.Itoa(rest) + "," + strconv.Itoa(*maxItems-1) + "}"
		if rest == *maxItems-1 {
			repeat = "{" + strconv.Itoa(rest) + "}"
		}
	}
	switch repeat {
	case "{0,}":
		repeat = "*"
	case "{0}":
		repeat = ""
	}

	tokens := scopeToken
	if repeat != "" {
		tokens += "( " + scopeToken + ")" + repeat
	}
	if allowEmpty {
		return "^(" + tokens + ")?$"
	}
	return "^" + tokens + "$"
}

// intBound returns bound as an int64 clamped to the int64 range, or limit
// when bound is nil. The loader accepts only whole numbers as the bounds of
// an int claim.
func intBound(bound *float64, limit int64) int64 {
	switch {
	case bound == nil:
		return limit
	case *bound <= math.MinInt64:
		return math.MinInt64
	case *bound >= math.MaxInt64:
		return math.MaxInt64
	}
	return int64(*bound)
}

// typeOnly returns the schema {"type": name}.
func typeOnly(name string) *object {
	s := &object{}
	s.set("type", name)
	return s
}
