package runtime

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"
	"unsafe"

	"github.com/golang-jwt/jwt/v5"
)

// ClaimsDecoder is implemented by generated claims structs, whose claims
// the verifier decodes without encoding/json. The verifier calls
// DecodeClaims, in place of json.Unmarshal, only after the shape walk has
// found every member of the payload that the struct declares to have its
// JSON type, so the parse functions below never see a value of another
// type. Member names match exactly, as RFC 7519 §4 requires, where
// encoding/json would also match them ignoring case.
type ClaimsDecoder interface {
	DecodeClaims(p Payload) error
}

// Payload is the payload of a token as the members of its JSON
// object, which ClaimsDecoder implementations read.
type Payload struct {
	members []jsonMember
}

// NewPayload scans data, a JSON object, strictly as the verifier scans a
// token's payload, for calling DecodeClaims outside the verifier, as tests
// do. A duplicate member name gives an error that wraps ErrClaimInvalid,
// and any other invalid JSON one that wraps jwt.ErrTokenMalformed.
// DecodeClaims relies on the verifier's shape checks, so on a payload that
// has not passed them it may return an error where encoding/json would
// decode.
func NewPayload(data []byte) (Payload, error) {
	members, jerr := scanObject(data)
	if jerr != nil {
		if jerr.duplicate {
			return Payload{}, fmt.Errorf("%w: %w", ErrClaimInvalid, jerr)
		}
		return Payload{}, fmt.Errorf("%w: payload: %w", jwt.ErrTokenMalformed, jerr)
	}
	return Payload{members: members}, nil
}

// Lookup returns the raw JSON value of the member called name.
func (p Payload) Lookup(name string) ([]byte, bool) {
	return lookupMember(p.members, name)
}

// Len returns the number of members of the payload.
func (p Payload) Len() int {
	return len(p.members)
}

// Member returns the name and the raw JSON value of member i, counting
// from 0 in the order of the payload. Each name appears once, because the
// verifier rejects duplicate names.
func (p Payload) Member(i int) (name string, raw []byte) {
	m := &p.members[i]
	return m.name, m.value
}

// DecodeRegistered fills rc from the registered claims of the payload as
// json.Unmarshal into jwt.RegisteredClaims would: "aud" as a string or an
// array of strings, and "exp", "nbf" and "iat" as jwt.NumericDate values
// truncated to jwt.TimePrecision. The three dates share one allocation.
func (p Payload) DecodeRegistered(rc *jwt.RegisteredClaims) error {
	var dates *[3]jwt.NumericDate
	date := func(i int, raw []byte) (*jwt.NumericDate, error) {
		d, err := ParseNumericDate(raw)
		if err != nil {
			return nil, err
		}
		if dates == nil {
			dates = new([3]jwt.NumericDate)
		}
		dates[i] = d
		return &dates[i], nil
	}
	for _, m := range p.members {
		var err error
		switch m.name {
		case "iss":
			rc.Issuer, err = ParseString[string](m.value)
		case "sub":
			rc.Subject, err = ParseString[string](m.value)
		case "jti":
			rc.ID, err = ParseString[string](m.value)
		case "aud":
			rc.Audience, err = parseAudience(m.value)
		case "exp":
			rc.ExpiresAt, err = date(0, m.value)
		case "nbf":
			rc.NotBefore, err = date(1, m.value)
		case "iat":
			rc.IssuedAt, err = date(2, m.value)
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
	items := newArrayItems(raw)
	n := items.count()
	if n == 0 {
		return nil, nil
	}
	aud := make(jwt.ClaimStrings, n)
	for i := range aud {
		item, _ := items.next()
		s, err := ParseString[string](item)
		if err != nil {
			return nil, jwt.ErrInvalidType
		}
		aud[i] = s
	}
	return aud, nil
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
	out, err := ParseArray(raw, parse)
	if err != nil {
		return fmt.Errorf("claim %q: %w", name, err)
	}
	*dst = out
	return nil
}

// ParseArray parses the JSON array raw with parse, item by item. An empty
// array gives an empty, non-nil slice, as encoding/json does. An error
// names the index of the item that failed.
func ParseArray[T any](raw []byte, parse func([]byte) (T, error)) ([]T, error) {
	if len(raw) == 0 || raw[0] != '[' {
		return nil, fmt.Errorf("%w: not an array", ErrClaimInvalid)
	}
	items := newArrayItems(raw)
	out := make([]T, items.count())
	for i := range out {
		item, _ := items.next()
		v, err := parse(item)
		if err != nil {
			return nil, fmt.Errorf("item %d: %w", i, err)
		}
		out[i] = v
	}
	return out, nil
}

// DecodeObject scans the JSON object raw and passes its members to decode,
// the generated method that fills the struct of an object claim. Member
// names match exactly, and members that decode does not know are ignored.
func DecodeObject(raw []byte, decode func(p Payload) error) error {
	p, err := scanPayload(raw)
	if err != nil {
		return err
	}
	return decode(p)
}

// ParseObjects parses the JSON array raw of objects, each into a new T
// filled by decode, the generated method of T. An empty array gives an
// empty, non-nil slice, as encoding/json does. An error names the index of
// the item that failed.
func ParseObjects[T any](raw []byte, decode func(o *T, p Payload) error) ([]T, error) {
	if len(raw) == 0 || raw[0] != '[' {
		return nil, fmt.Errorf("%w: not an array", ErrClaimInvalid)
	}
	items := newArrayItems(raw)
	out := make([]T, items.count())
	for i := range out {
		item, _ := items.next()
		p, err := scanPayload(item)
		if err == nil {
			err = decode(&out[i], p)
		}
		if err != nil {
			return nil, fmt.Errorf("item %d: %w", i, err)
		}
	}
	return out, nil
}

// ParseMap decodes a JSON object whose members are strings, with their
// escapes, as encoding/json decodes it into a map[string]string. An empty
// object gives an empty, non-nil map. Keys and values without escapes
// share the memory of raw, as ParseString explains.
func ParseMap(raw []byte) (map[string]string, error) {
	p, err := scanPayload(raw)
	if err != nil {
		return nil, err
	}
	out := make(map[string]string, len(p.members))
	for _, m := range p.members {
		v, err := ParseString[string](m.value)
		if err != nil {
			return nil, fmt.Errorf("member %q: %w", m.name, err)
		}
		out[m.name] = v
	}
	return out, nil
}

// ParseRaw returns a copy of the JSON value raw, as encoding/json decodes
// it into a json.RawMessage. It copies because an application may keep
// or modify the message, which must not alias the token's payload.
func ParseRaw(raw []byte) (json.RawMessage, error) {
	if len(raw) == 0 {
		return nil, fmt.Errorf("%w: empty JSON value", ErrClaimInvalid)
	}
	return bytes.Clone(raw), nil
}

// scanPayload scans the JSON object raw into a Payload of its members.
func scanPayload(raw []byte) (Payload, error) {
	if len(raw) == 0 || raw[0] != '{' {
		return Payload{}, fmt.Errorf("%w: not an object", ErrClaimInvalid)
	}
	members, jerr := scanObject(raw)
	if jerr != nil {
		return Payload{}, fmt.Errorf("%w: %w", ErrClaimInvalid, jerr)
	}
	return Payload{members: members}, nil
}

// ParsePointer parses raw with parse and returns a new value holding the
// result, for a claim whose field is a pointer.
func ParsePointer[T any](raw []byte, parse func([]byte) (T, error)) (*T, error) {
	v, err := parse(raw)
	if err != nil {
		return nil, err
	}
	return &v, nil
}

// ParseString decodes a JSON string, with its escapes, as encoding/json
// does. A string without escapes shares the memory of raw instead of
// copying it, so raw must not be modified afterwards. The values that the
// verifier passes are slices of a token's decoded payload, which nothing
// modifies, so claims may keep such strings after the token is gone.
func ParseString[T ~string](raw []byte) (T, error) {
	if len(raw) < 2 || raw[0] != '"' {
		return "", fmt.Errorf("%w: not a string", ErrClaimInvalid)
	}
	inner := raw[1 : len(raw)-1]
	if bytes.IndexByte(inner, '\\') < 0 {
		return T(unsafe.String(unsafe.SliceData(inner), len(inner))), nil
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
	f, err := parseNumber(raw)
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
