package runtime

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/golang-jwt/jwt/v5"
)

// ClaimsDecoder is implemented by generated claims structs whose claims
// the verifier can decode without encoding/json. The verifier calls
// DecodeClaims, in place of json.Unmarshal, only after the shape walk has
// found every member of the payload that the struct declares to have its
// JSON type, so the parse functions below never see a value of another
// type. Member names match exactly, as RFC 7519 §4 requires, where
// encoding/json would also match them ignoring case.
type ClaimsDecoder interface {
	DecodeClaims(p Payload) error
}

// Payload is the payload of a verified token as the members of its JSON
// object, which ClaimsDecoder implementations read.
type Payload struct {
	members []jsonMember
}

// Lookup returns the raw JSON value of the member called name.
func (p Payload) Lookup(name string) ([]byte, bool) {
	return lookupMember(p.members, name)
}

// DecodeRegistered fills rc from the registered claims of the payload as
// json.Unmarshal into jwt.RegisteredClaims would: "aud" as a string or an
// array of strings, and "exp", "nbf" and "iat" as jwt.NumericDate values
// truncated to jwt.TimePrecision.
func (p Payload) DecodeRegistered(rc *jwt.RegisteredClaims) error {
	for _, m := range p.members {
		var err error
		switch string(m.name) {
		case "iss":
			rc.Issuer, err = ParseString[string](m.value)
		case "sub":
			rc.Subject, err = ParseString[string](m.value)
		case "jti":
			rc.ID, err = ParseString[string](m.value)
		case "aud":
			rc.Audience, err = parseAudience(m.value)
		case "exp":
			rc.ExpiresAt, err = parseNumericDatePtr(m.value)
		case "nbf":
			rc.NotBefore, err = parseNumericDatePtr(m.value)
		case "iat":
			rc.IssuedAt, err = parseNumericDatePtr(m.value)
		default:
			continue
		}
		if err != nil {
			return fmt.Errorf("claim %q: %w", m.name, err)
		}
	}
	return nil
}

// parseAudience decodes "aud" as jwt.ClaimStrings does: a string becomes a
// list of one, and an empty array leaves the list nil.
func parseAudience(raw []byte) (jwt.ClaimStrings, error) {
	if raw[0] == '"' {
		s, err := ParseString[string](raw)
		if err != nil {
			return nil, err
		}
		return jwt.ClaimStrings{s}, nil
	}
	if raw[0] != '[' {
		return nil, jwt.ErrInvalidType
	}
	var aud jwt.ClaimStrings
	items := newArrayItems(raw)
	for item, ok := items.next(); ok; item, ok = items.next() {
		s, err := ParseString[string](item)
		if err != nil {
			return nil, jwt.ErrInvalidType
		}
		aud = append(aud, s)
	}
	return aud, nil
}

func parseNumericDatePtr(raw []byte) (*jwt.NumericDate, error) {
	d, err := ParseNumericDate(raw)
	if err != nil {
		return nil, err
	}
	return &d, nil
}

// Decode sets *dst to the member called name, parsed by parse, and leaves
// *dst unchanged when the member is absent.
func Decode[T any](p Payload, name string, dst *T, parse func([]byte) (T, error)) error {
	raw, ok := p.Lookup(name)
	if !ok {
		return nil
	}
	v, err := parse(raw)
	if err != nil {
		return fmt.Errorf("claim %q: %w", name, err)
	}
	*dst = v
	return nil
}

// DecodePtr sets *dst to a new value holding the member called name,
// parsed by parse, and leaves *dst unchanged when the member is absent.
func DecodePtr[T any](p Payload, name string, dst **T, parse func([]byte) (T, error)) error {
	raw, ok := p.Lookup(name)
	if !ok {
		return nil
	}
	v, err := parse(raw)
	if err != nil {
		return fmt.Errorf("claim %q: %w", name, err)
	}
	*dst = &v
	return nil
}

// DecodeArray sets *dst to the items of the array member called name, each
// parsed by parse, and leaves *dst unchanged when the member is absent. An
// empty array gives an empty, non-nil slice, as encoding/json does.
func DecodeArray[T any](p Payload, name string, dst *[]T, parse func([]byte) (T, error)) error {
	raw, ok := p.Lookup(name)
	if !ok {
		return nil
	}
	if raw[0] != '[' {
		return fmt.Errorf("claim %q: %w: not an array", name, ErrClaimInvalid)
	}
	items := newArrayItems(raw)
	out := make([]T, items.count())
	for i := range out {
		item, _ := items.next()
		v, err := parse(item)
		if err != nil {
			return fmt.Errorf("claim %q: item %d: %w", name, i, err)
		}
		out[i] = v
	}
	*dst = out
	return nil
}

// ParseString decodes a JSON string, with its escapes, as encoding/json
// does.
func ParseString[T ~string](raw []byte) (T, error) {
	if len(raw) < 2 || raw[0] != '"' {
		return "", fmt.Errorf("%w: not a string", ErrClaimInvalid)
	}
	inner := raw[1 : len(raw)-1]
	if bytes.IndexByte(inner, '\\') < 0 {
		return T(inner), nil
	}
	var s string
	if err := json.Unmarshal(raw, &s); err != nil {
		return "", fmt.Errorf("%w: %w", ErrClaimInvalid, err)
	}
	return T(s), nil
}

// ParseInt decodes a JSON number without fraction or exponent that fits
// int64.
func ParseInt(raw []byte) (int64, error) {
	n, err := strconv.ParseInt(string(raw), 10, 64)
	if err != nil {
		return 0, fmt.Errorf("%w: %w", ErrClaimInvalid, err)
	}
	return n, nil
}

// ParseNumber decodes a JSON number as a float64.
func ParseNumber(raw []byte) (float64, error) {
	if !isNumber(raw) {
		return 0, fmt.Errorf("%w: not a number", ErrClaimInvalid)
	}
	f, err := strconv.ParseFloat(string(raw), 64)
	if err != nil {
		return 0, fmt.Errorf("%w: %w", ErrClaimInvalid, err)
	}
	return f, nil
}

// ParseBool decodes a JSON boolean.
func ParseBool(raw []byte) (bool, error) {
	switch string(raw) {
	case "true":
		return true, nil
	case "false":
		return false, nil
	}
	return false, fmt.Errorf("%w: not a boolean", ErrClaimInvalid)
}

// ParseNumericDate decodes a NumericDate as jwt.NumericDate.UnmarshalJSON
// does in golang-jwt v5: whole and fractional seconds, truncated to
// jwt.TimePrecision.
func ParseNumericDate(raw []byte) (jwt.NumericDate, error) {
	f, err := ParseNumber(raw)
	if err != nil {
		return jwt.NumericDate{}, err
	}
	whole, frac := math.Modf(f)
	return *jwt.NewNumericDate(time.Unix(int64(whole), int64(frac*1e9))), nil
}

// ParseSpaceDelimited decodes a JSON string of scopes separated by runs
// of spaces, as SpaceDelimited.UnmarshalJSON does.
func ParseSpaceDelimited(raw []byte) (SpaceDelimited, error) {
	joined, err := ParseString[string](raw)
	if err != nil {
		return nil, err
	}
	return strings.FieldsFunc(joined, func(r rune) bool { return r == ' ' }), nil
}
