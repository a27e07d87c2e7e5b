package specverify

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/jwtgen/jwtgen/internal/orderedjson"
	"github.com/jwtgen/jwtgen/spec"
)

// Values are the contract claims of one token, or of one object claim,
// decoded as the generated struct holds them. The Go type of each value
// depends on the claim kind:
//
//   - string, url, email, uuid and enum: string
//   - int: int64, and number: float64
//   - bool: bool
//   - time: int64, in whole seconds since the Unix epoch
//   - scopes, whatever their encoding: []any of strings
//   - object: Values
//   - map: map[string]any of strings
//   - json: json.RawMessage
//   - arrays: []any of item values
//
// An absent claim has no entry. Members that the contract does not declare
// are left out.
type Values map[string]any

// decodeValues decodes the members of a JSON object that claims declare.
// lookup returns the raw JSON value of a member.
func decodeValues(claims []*spec.Claim, lookup func(name string) ([]byte, bool)) (Values, error) {
	out := Values{}
	for _, c := range claims {
		raw, ok := lookup(c.Name)
		if !ok || bytes.Equal(bytes.TrimSpace(raw), []byte("null")) {
			continue
		}
		v, err := decodeValue(c, c.Kind, raw)
		if err != nil {
			return nil, fmt.Errorf("claim %q: %w", c.Path, err)
		}
		out[c.Name] = v
	}
	return out, nil
}

// mapLookup returns the lookup function of decoded members.
func mapLookup(members map[string]json.RawMessage) func(string) ([]byte, bool) {
	return func(name string) ([]byte, bool) {
		raw, ok := members[name]
		return raw, ok
	}
}

// decodeValue decodes one value of kind k of claim c.
func decodeValue(c *spec.Claim, k spec.Kind, raw json.RawMessage) (any, error) {
	switch k {
	case spec.KindInt:
		if n, err := strconv.ParseInt(string(raw), 10, 64); err == nil {
			return n, nil
		}
		var n int64
		err := json.Unmarshal(raw, &n)
		return n, err
	case spec.KindNumber:
		if f, err := strconv.ParseFloat(string(raw), 64); err == nil && isJSONNumber(raw) {
			return f, nil
		}
		var f float64
		err := json.Unmarshal(raw, &f)
		return f, err
	case spec.KindBool:
		var b bool
		err := json.Unmarshal(raw, &b)
		return b, err
	case spec.KindString, spec.KindURL, spec.KindEmail, spec.KindUUID, spec.KindEnum:
		return decodeString(raw)
	case spec.KindTime:
		var f float64
		if err := json.Unmarshal(raw, &f); err != nil {
			return nil, err
		}
		// NumericDate keeps whole seconds, as golang-jwt's does.
		return int64(math.Floor(f)), nil
	case spec.KindScopes:
		if c.Encoding == spec.ScopesSpaceDelimited {
			var s string
			if err := json.Unmarshal(raw, &s); err != nil {
				return nil, err
			}
			return splitScopes(s), nil
		}
		var items []string
		if err := json.Unmarshal(raw, &items); err != nil {
			return nil, err
		}
		return stringsToAny(items), nil
	case spec.KindObject:
		var members map[string]json.RawMessage
		if err := json.Unmarshal(raw, &members); err != nil {
			return nil, err
		}
		return decodeValues(c.Claims, mapLookup(members))
	case spec.KindMap:
		var m map[string]string
		if err := json.Unmarshal(raw, &m); err != nil {
			return nil, err
		}
		out := make(map[string]any, len(m))
		for k, v := range m {
			out[k] = v
		}
		return out, nil
	case spec.KindJSON:
		return bytes.Clone(raw), nil
	case spec.KindArray:
		var items []json.RawMessage
		if err := json.Unmarshal(raw, &items); err != nil {
			return nil, err
		}
		out := make([]any, len(items))
		for i, item := range items {
			v, err := decodeValue(c, c.Elem, item)
			if err != nil {
				return nil, fmt.Errorf("item %d: %w", i, err)
			}
			out[i] = v
		}
		return out, nil
	}
	return decodeString(raw)
}

// decodeString decodes a JSON string. A string without escapes is taken
// as it is.
func decodeString(raw []byte) (string, error) {
	if len(raw) >= 2 && raw[0] == '"' && raw[len(raw)-1] == '"' && bytes.IndexByte(raw[1:len(raw)-1], '\\') < 0 && bytes.IndexByte(raw[1:len(raw)-1], '"') < 0 && utf8.Valid(raw) {
		return string(raw[1 : len(raw)-1]), nil
	}
	var s string
	err := json.Unmarshal(raw, &s)
	return s, err
}

// isJSONNumber reports whether raw is written as JSON writes numbers,
// which strconv.ParseFloat does not check: no "+", "Inf", "0x" or "_".
func isJSONNumber(raw []byte) bool {
	for _, b := range raw {
		if !(b >= '0' && b <= '9' || b == '-' || b == '.' || b == 'e' || b == 'E' || b == '+') {
			return false
		}
	}
	return len(raw) > 0 && raw[0] != '+'
}

// splitScopes splits space-delimited scopes on runs of spaces, as
// runtime.SpaceDelimited does. The result is never nil.
func splitScopes(s string) []any {
	return stringsToAny(strings.FieldsFunc(s, func(r rune) bool { return r == ' ' }))
}

func stringsToAny(items []string) []any {
	out := make([]any, len(items))
	for i, s := range items {
		out[i] = s
	}
	return out
}

// Member is one member of an Object.
type Member = orderedjson.Member

// Object is a JSON object whose members keep their order: the claims of a
// version in contract order.
type Object = orderedjson.Object

// marshal encodes v as compact JSON without escaping HTML characters.
var marshal = orderedjson.Marshal

// encodeValues returns values as the generated struct of claims encodes
// them: claims in contract order, an absent optional claim and an empty
// optional array, scopes, map or json left out, and an absent required
// claim written as the zero value of its Go type. Claims named in skip,
// by path, are left out.
func encodeValues(claims []*spec.Claim, values Values, skip map[string]bool) Object {
	out := Object{}
	for _, c := range claims {
		if skip[c.Path] {
			continue
		}
		v, present := values[c.Name]
		switch {
		case present && !c.Required && nillable(c) && length(v) == 0:
			continue
		case present:
			out = append(out, Member{Name: c.Name, Value: encodeValue(c, c.Kind, v, skip)})
		case c.Required:
			out = append(out, Member{Name: c.Name, Value: zeroValue(c, skip)})
		}
	}
	return out
}

// encodeValue returns one value of kind k of claim c as JSON encodes it.
func encodeValue(c *spec.Claim, k spec.Kind, v any, skip map[string]bool) any {
	switch k {
	case spec.KindScopes:
		if c.Encoding == spec.ScopesSpaceDelimited {
			items, _ := v.([]any)
			parts := make([]string, len(items))
			for i, item := range items {
				parts[i], _ = item.(string)
			}
			return strings.Join(parts, " ")
		}
		return v
	case spec.KindObject:
		values, _ := v.(Values)
		return encodeValues(c.Claims, values, skip)
	case spec.KindJSON:
		raw, _ := v.(json.RawMessage)
		return raw
	case spec.KindArray:
		items, _ := v.([]any)
		out := make([]any, len(items))
		for i, item := range items {
			out[i] = encodeValue(c, c.Elem, item, skip)
		}
		return out
	}
	return v
}

// zeroValue returns the JSON encoding of the zero value of the Go field of
// a required claim: null for pointers, slices, maps and json, an empty
// string for space-delimited scopes.
func zeroValue(c *spec.Claim, skip map[string]bool) any {
	switch c.Kind {
	case spec.KindString, spec.KindURL, spec.KindEmail, spec.KindUUID, spec.KindEnum:
		return ""
	case spec.KindInt:
		return int64(0)
	case spec.KindNumber:
		return float64(0)
	case spec.KindBool:
		return false
	case spec.KindObject:
		return encodeValues(c.Claims, Values{}, skip)
	case spec.KindScopes:
		if c.Encoding == spec.ScopesSpaceDelimited {
			return ""
		}
	}
	return nil
}

// nillable reports whether the Go field of c is a slice or a map, which an
// omitempty tag leaves out when it is empty.
func nillable(c *spec.Claim) bool {
	switch c.Kind {
	case spec.KindArray, spec.KindScopes, spec.KindMap, spec.KindJSON:
		return true
	}
	return false
}

// length returns the length of a slice, map or json value.
func length(v any) int {
	switch x := v.(type) {
	case []any:
		return len(x)
	case map[string]any:
		return len(x)
	case json.RawMessage:
		return len(x)
	}
	return 1
}

// rawJSON converts encoded JSON to the value type of a json claim.
func rawJSON(data []byte) json.RawMessage { return json.RawMessage(data) }
