package testgen

import (
	"fmt"
	"math"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/jwtgen/jwtgen/runtime/contracttest"
	"github.com/jwtgen/jwtgen/spec"
)

// placeFunc returns a copy of payload with the value at one claim path
// replaced by value, or removed.
type placeFunc func(payload contracttest.Object, value any, remove bool) contracttest.Object

// claimCases adds the cases of every rule of claim c at path, and of its
// members and items.
func (b *builder) claimCases(c *spec.Claim, path string, place placeFunc) {
	invalid := func(suffix, what string, value any) {
		b.add(caseName("claim", path, suffix), path+" "+what+" is rejected", reject(errClaimInvalid, "type", path), func(tc *contracttest.Case) {
			tc.Payload = place(tc.Payload, value, false)
		})
	}

	if c.Required {
		b.add(caseName("claim", path, "missing"), "required claim "+path+" is missing", reject(errClaimMissing, "required", path), func(tc *contracttest.Case) {
			tc.Payload = place(tc.Payload, nil, true)
		})
	}
	invalid("null", "as null", nil)
	if wrong, ok := wrongType(c); ok {
		invalid("type", "of the wrong JSON type", wrong)
	}
	if c.Kind == spec.KindInt {
		invalid("fraction", "with a fraction", 1.5)
	}
	if c.HasConst {
		if other, ok := otherThanConst(c); ok {
			b.add(caseName("claim", path, "const"), path+" other than its const is rejected", reject(errClaimInvalid, "const", path), func(tc *contracttest.Case) {
				tc.Payload = place(tc.Payload, other, false)
			})
		}
	}

	valid, reason := validValue(c)
	if reason != "" {
		return
	}
	switch {
	case c.Kind == spec.KindArray:
		b.countCases(c, path, place, valid)
		items, _ := valid.([]any)
		if len(items) == 0 {
			return
		}
		itemPath := path + "[0]"
		placeItem := func(payload contracttest.Object, value any, remove bool) contracttest.Object {
			changed := slices.Clone(items)
			changed[0] = value
			return place(payload, changed, false)
		}
		b.valueCases(c, itemPath, placeItem, items[0])
		if c.Elem == spec.KindObject {
			b.memberCases(c, itemPath, placeItem, items[0])
		}
	case c.Kind == spec.KindScopes:
		b.countCases(c, path, place, valid)
	case c.Kind == spec.KindObject:
		b.memberCases(c, path, place, valid)
	default:
		b.valueCases(c, path, place, valid)
	}
}

// memberCases adds the cases of the members of value, the valid object
// value of claim c or of one of its items.
func (b *builder) memberCases(c *spec.Claim, path string, place placeFunc, value any) {
	obj, ok := value.(contracttest.Object)
	if !ok {
		return
	}
	for _, m := range c.Claims {
		b.claimCases(m, path+"."+m.Name, func(payload contracttest.Object, v any, remove bool) contracttest.Object {
			changed := obj.Set(m.Name, v)
			if remove {
				changed = obj.Delete(m.Name)
			}
			return place(payload, changed, false)
		})
	}
}

// valueCases adds the cases of the value rules of one value of claim c:
// enum values, pattern, lengths and range.
func (b *builder) valueCases(c *spec.Claim, path string, place placeFunc, valid any) {
	invalid := func(rule, what string, value any) {
		b.add(caseName("claim", path, rule), path+" "+what+" is rejected", reject(errClaimInvalid, rule, path), func(tc *contracttest.Case) {
			tc.Payload = place(tc.Payload, value, false)
		})
	}
	s, isString := valid.(string)

	if c.ItemKind() == spec.KindEnum && !c.HasConst {
		invalid("values", "not one of the enum values", "testgen-not-a-value")
	}
	if isString && c.PatternRE != nil {
		if bad, ok := patternBreaker(c, s); ok {
			invalid("pattern", "not matching "+c.Pattern, bad)
		}
	}
	if isString && c.MinLength != nil && *c.MinLength > 0 {
		runes := []rune(s)
		invalid("min_length", fmt.Sprintf("one character shorter than %d", *c.MinLength), string(runes[:*c.MinLength-1]))
	}
	if isString && c.MaxLength != nil {
		last, _ := utf8.DecodeLastRuneInString(s)
		if s == "" {
			last = 'a'
		}
		long := s + strings.Repeat(string(last), *c.MaxLength+1-utf8.RuneCountInString(s))
		invalid("max_length", fmt.Sprintf("one character longer than %d", *c.MaxLength), long)
	}
	switch c.ItemKind() {
	case spec.KindInt:
		if c.Minimum != nil {
			invalid("minimum", "below the minimum", int64(math.Ceil(*c.Minimum))-1)
		}
		if c.Maximum != nil {
			invalid("maximum", "above the maximum", int64(math.Floor(*c.Maximum))+1)
		}
	case spec.KindNumber:
		if c.Minimum != nil {
			invalid("minimum", "below the minimum", *c.Minimum-1)
		}
		if c.Maximum != nil {
			invalid("maximum", "above the maximum", *c.Maximum+1)
		}
	}
}

// countCases adds the min_items and max_items cases of an array or scopes
// claim.
func (b *builder) countCases(c *spec.Claim, path string, place placeFunc, valid any) {
	items := func(n int) any {
		if c.Kind == spec.KindScopes {
			known := c.Values
			if len(known) == 0 {
				known = []string{sampleString}
			}
			scopes := make([]string, n)
			for i := range scopes {
				scopes[i] = known[i%len(known)]
			}
			return scopesValue(c, scopes)
		}
		list, _ := valid.([]any)
		if len(list) == 0 {
			return nil
		}
		out := make([]any, n)
		for i := range out {
			out[i] = list[i%len(list)]
		}
		return out
	}
	count := func(rule, what string, n int) {
		value := items(n)
		if value == nil {
			return
		}
		b.add(caseName("claim", path, rule), fmt.Sprintf("%s with %s is rejected", path, what), reject(errClaimInvalid, rule, path), func(tc *contracttest.Case) {
			tc.Payload = place(tc.Payload, value, false)
		})
	}
	if c.MinItems != nil && *c.MinItems > 0 {
		count("min_items", fmt.Sprintf("one item fewer than %d", *c.MinItems), *c.MinItems-1)
	}
	if c.MaxItems != nil {
		count("max_items", fmt.Sprintf("one item more than %d", *c.MaxItems), *c.MaxItems+1)
	}
}

// wrongType returns a value of another JSON type than claim c takes, or
// false for a json claim, which takes any.
func wrongType(c *spec.Claim) (any, bool) {
	switch c.Kind {
	case spec.KindJSON:
		return nil, false
	case spec.KindString, spec.KindEnum, spec.KindURL, spec.KindEmail, spec.KindUUID:
		return int64(12345), true
	case spec.KindScopes:
		if c.Encoding == spec.ScopesArray {
			return sampleString, true
		}
		return int64(12345), true
	case spec.KindBool:
		return "true", true
	}
	return sampleString, true
}

// otherThanConst returns a value of the claim's type other than its const,
// which passes the claim's other rules where it can.
func otherThanConst(c *spec.Claim) (any, bool) {
	switch k := c.Const.(type) {
	case bool:
		return !k, true
	case int64:
		return k + 1, true
	case float64:
		return k + 1, true
	case string:
		candidates := slices.Clone(c.Values)
		switch c.ItemKind() {
		case spec.KindURL:
			candidates = append(candidates, "https://other.example.com/testgen")
		case spec.KindEmail:
			candidates = append(candidates, "other@example.com")
		case spec.KindUUID:
			candidates = append(candidates, "00000000-0000-4000-8000-000000000000")
		default:
			candidates = append(candidates, "testgen-other")
		}
		for _, s := range candidates {
			if s != k {
				return s, true
			}
		}
	}
	return nil, false
}

// patternBreaker returns a string that does not match the pattern of c,
// preferring one that passes the claim's format and length rules, so that
// only the pattern rule fails.
func patternBreaker(c *spec.Claim, valid string) (string, bool) {
	candidates := []string{valid + "!", "!" + valid, strings.ToUpper(valid), "http://example.com/testgen", "!"}
	var fallback string
	for _, s := range candidates {
		if c.PatternRE.MatchString(s) {
			continue
		}
		withoutPattern := *c
		withoutPattern.PatternRE = nil
		if ok, _ := stringValid(&withoutPattern, s); ok {
			return s, true
		}
		if fallback == "" {
			fallback = s
		}
	}
	return fallback, fallback != ""
}

// caseName joins a prefix, a claim path and a rule into a file name:
// "claim_profile_address_zip_pattern".
func caseName(prefix, path, rule string) string {
	var b strings.Builder
	b.WriteString(prefix + "_")
	for _, r := range path {
		switch {
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r >= '0' && r <= '9', r == '-':
			b.WriteRune(r)
		case r == ']':
		default:
			b.WriteByte('_')
		}
	}
	return b.String() + "_" + rule
}
