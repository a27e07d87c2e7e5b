package testgen

import (
	"fmt"
	"math"
	"net/mail"
	"net/url"
	"regexp/syntax"
	"strings"
	"unicode/utf8"

	"github.com/jwtgen/jwtgen/runtime/contracttest"
	"github.com/jwtgen/jwtgen/spec"
)

// Fixed values that the valid payloads use for claims without a default,
// const or enum values.
const (
	sampleString = "testgen"
	sampleURL    = "https://example.com/testgen"
	sampleEmail  = "testgen@example.com"
	sampleUUID   = "123e4567-e89b-12d3-a456-426614174000"
	sampleTime   = int64(1700000000)
)

// validValue returns a JSON value that satisfies every rule of claim c, or
// a reason why none could be derived. Candidates come from const, default
// and enum values, then from fixed samples and the pattern; each is checked
// against the claim's rules before it is used, so a value is never guessed.
func validValue(c *spec.Claim) (any, string) {
	if c.Kind == spec.KindArray {
		return validArray(c)
	}
	if c.HasConst {
		return c.Const, ""
	}
	if c.HasDefault && c.Kind != spec.KindScopes {
		if ok, _ := itemValid(c, c.Default); ok {
			return c.Default, ""
		}
	}
	switch c.Kind {
	case spec.KindObject:
		obj, notes := validObject(c.Claims)
		if len(notes) > 0 {
			return nil, strings.Join(notes, "; ")
		}
		return obj, ""
	case spec.KindMap:
		return contracttest.Object{{Name: sampleString, Value: "value"}}, ""
	case spec.KindJSON:
		return contracttest.Object{{Name: sampleString, Value: true}}, ""
	case spec.KindScopes:
		return validScopes(c)
	}
	return validItem(c)
}

// validItem returns a valid single value of claim c, or of one item of an
// array claim.
func validItem(c *spec.Claim) (any, string) {
	for _, candidate := range itemCandidates(c) {
		if ok, _ := itemValid(c, candidate); ok {
			return candidate, ""
		}
	}
	if c.Pattern != "" {
		return nil, fmt.Sprintf("no value found that matches pattern %s and the other rules of %q", c.Pattern, c.Path)
	}
	return nil, fmt.Sprintf("no value found that satisfies the rules of %q", c.Path)
}

// itemCandidates lists values of the item kind of c to try, best first.
func itemCandidates(c *spec.Claim) []any {
	var out []any
	if c.HasConst {
		out = append(out, c.Const)
	}
	if c.HasDefault {
		if items, ok := c.Default.([]any); ok && len(items) > 0 {
			out = append(out, items[0])
		} else if !ok {
			out = append(out, c.Default)
		}
	}
	for _, v := range c.Values {
		out = append(out, v)
	}
	switch c.ItemKind() {
	case spec.KindString:
		out = append(out, sampleString)
		if s, ok := patternSample(c.Pattern, c.MinLength); ok {
			out = append(out, s)
		}
	case spec.KindURL:
		out = append(out, sampleURL)
	case spec.KindEmail:
		out = append(out, sampleEmail)
	case spec.KindUUID:
		out = append(out, sampleUUID)
	case spec.KindInt:
		out = append(out, int64(numberIn(c, 1, true)))
	case spec.KindNumber:
		out = append(out, numberIn(c, 1.5, false))
	case spec.KindBool:
		out = append(out, true)
	case spec.KindTime:
		out = append(out, sampleTime)
	case spec.KindObject:
		if obj, notes := validObject(c.Claims); len(notes) == 0 {
			out = append(out, obj)
		}
	case spec.KindMap:
		out = append(out, contracttest.Object{{Name: sampleString, Value: "value"}})
	case spec.KindJSON:
		out = append(out, contracttest.Object{{Name: sampleString, Value: true}})
	}
	return out
}

// numberIn returns a number within the minimum and maximum of c: the
// minimum when set, else the maximum, else fallback. Whole rounds a
// fractional bound inwards.
func numberIn(c *spec.Claim, fallback float64, whole bool) float64 {
	switch {
	case c.Minimum != nil && whole:
		return math.Ceil(*c.Minimum)
	case c.Minimum != nil:
		return *c.Minimum
	case c.Maximum != nil && whole:
		return math.Floor(*c.Maximum)
	case c.Maximum != nil:
		return *c.Maximum
	}
	return fallback
}

// itemValid reports whether v, one value of the item kind of c, satisfies
// the rules of c, and names the first rule it breaks.
func itemValid(c *spec.Claim, v any) (bool, string) {
	if c.HasConst && !sameValue(v, c.Const) {
		return false, "const"
	}
	switch c.ItemKind() {
	case spec.KindString, spec.KindURL, spec.KindEmail, spec.KindUUID, spec.KindEnum:
		s, ok := v.(string)
		if !ok {
			return false, "type"
		}
		return stringValid(c, s)
	case spec.KindInt:
		n, ok := v.(int64)
		return ok && inRange(c, float64(n)), "range"
	case spec.KindNumber:
		switch n := v.(type) {
		case float64:
			return inRange(c, n), "range"
		case int64:
			return inRange(c, float64(n)), "range"
		}
		return false, "type"
	case spec.KindBool:
		_, ok := v.(bool)
		return ok, "type"
	case spec.KindTime:
		n, ok := v.(int64)
		return ok && n >= 0, "type"
	case spec.KindObject, spec.KindMap:
		switch v.(type) {
		case contracttest.Object, map[string]any:
			return true, ""
		}
		return false, "type"
	}
	return v != nil, "type"
}

// stringValid checks s against the string rules of c.
func stringValid(c *spec.Claim, s string) (bool, string) {
	switch c.ItemKind() {
	case spec.KindEnum:
		if !contains(c.Values, s) {
			return false, "values"
		}
	case spec.KindURL:
		if u, err := url.Parse(s); err != nil || u.Scheme == "" || u.Host == "" {
			return false, "format"
		}
	case spec.KindEmail:
		if addr, err := mail.ParseAddress(s); err != nil || addr.Name != "" || addr.Address != s {
			return false, "format"
		}
	case spec.KindUUID:
		if !isUUID(s) {
			return false, "format"
		}
	}
	if c.PatternRE != nil && !c.PatternRE.MatchString(s) {
		return false, "pattern"
	}
	n := utf8.RuneCountInString(s)
	if c.MinLength != nil && n < *c.MinLength {
		return false, "min_length"
	}
	if c.MaxLength != nil && n > *c.MaxLength {
		return false, "max_length"
	}
	return true, ""
}

func inRange(c *spec.Claim, n float64) bool {
	return (c.Minimum == nil || n >= *c.Minimum) && (c.Maximum == nil || n <= *c.Maximum)
}

func isUUID(s string) bool {
	if len(s) != 36 {
		return false
	}
	for i := 0; i < len(s); i++ {
		switch {
		case i == 8 || i == 13 || i == 18 || i == 23:
			if s[i] != '-' {
				return false
			}
		case !strings.ContainsRune("0123456789abcdefABCDEF", rune(s[i])):
			return false
		}
	}
	return true
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// sameValue compares two JSON values of a const or default, treating
// int64 and float64 of equal value as equal.
func sameValue(a, b any) bool {
	fa, aNum := toFloat(a)
	fb, bNum := toFloat(b)
	if aNum && bNum {
		return fa == fb
	}
	return a == b
}

func toFloat(v any) (float64, bool) {
	switch n := v.(type) {
	case int64:
		return float64(n), true
	case float64:
		return n, true
	}
	return 0, false
}

// itemCount returns how many items a valid array of c holds: one, raised
// to min_items and lowered to max_items.
func itemCount(c *spec.Claim) int {
	n := 1
	if c.MinItems != nil && *c.MinItems > n {
		n = *c.MinItems
	}
	if c.MaxItems != nil && *c.MaxItems < n {
		n = *c.MaxItems
	}
	return n
}

// validArray returns a valid value of an array claim: its default when
// valid, else copies of one valid item.
func validArray(c *spec.Claim) (any, string) {
	if c.HasDefault {
		if items, ok := c.Default.([]any); ok && arrayValid(c, items) {
			return items, ""
		}
	}
	item, reason := validItem(c)
	if reason != "" {
		return nil, reason
	}
	items := make([]any, itemCount(c))
	for i := range items {
		items[i] = item
	}
	return items, ""
}

func arrayValid(c *spec.Claim, items []any) bool {
	if c.MinItems != nil && len(items) < *c.MinItems || c.MaxItems != nil && len(items) > *c.MaxItems {
		return false
	}
	for _, item := range items {
		if ok, _ := itemValid(c, item); !ok {
			return false
		}
	}
	return true
}

// validScopes returns the known scopes of a scopes claim, as many as its
// item counts allow, in its encoding.
func validScopes(c *spec.Claim) (any, string) {
	known := c.Values
	if len(known) == 0 {
		known = []string{sampleString}
	}
	n := len(known)
	if c.MaxItems != nil && *c.MaxItems < n {
		n = *c.MaxItems
	}
	if c.MinItems != nil && *c.MinItems > n {
		return nil, fmt.Sprintf("%q needs %d scopes, and the contract names %d", c.Path, *c.MinItems, len(known))
	}
	return scopesValue(c, known[:n]), ""
}

// scopesValue encodes scopes as claim c writes them.
func scopesValue(c *spec.Claim, scopes []string) any {
	if c.Encoding == spec.ScopesArray {
		items := make([]any, len(scopes))
		for i, s := range scopes {
			items[i] = s
		}
		return items
	}
	return strings.Join(scopes, " ")
}

// validObject returns an object with a valid value for each member, and
// notes on the members left out because no valid value was found. A
// required member without one makes the whole object invalid, and its
// note says so.
func validObject(claims []*spec.Claim) (contracttest.Object, []string) {
	obj := contracttest.Object{}
	var notes []string
	for _, m := range claims {
		v, reason := validValue(m)
		if reason != "" {
			notes = append(notes, reason)
			continue
		}
		obj = append(obj, contracttest.Member{Name: m.Name, Value: v})
	}
	return obj, notes
}

// patternSample builds one string that pattern may match, from the common
// shapes of patterns: literals, character classes, repetitions, groups
// and alternatives, which take their first branch. It makes no attempt to
// solve the pattern: the caller checks the sample against it.
func patternSample(pattern string, minLength *int) (string, bool) {
	if pattern == "" {
		return "", false
	}
	re, err := syntax.Parse(pattern, syntax.Perl)
	if err != nil {
		return "", false
	}
	var b strings.Builder
	if !writeSample(&b, re.Simplify(), minLength) {
		return "", false
	}
	return b.String(), true
}

// writeSample appends to b a string that re matches, and reports whether
// re is one of the shapes it handles.
func writeSample(b *strings.Builder, re *syntax.Regexp, minLength *int) bool {
	switch re.Op {
	case syntax.OpEmptyMatch, syntax.OpBeginLine, syntax.OpEndLine, syntax.OpBeginText, syntax.OpEndText:
		return true
	case syntax.OpLiteral:
		b.WriteString(string(re.Rune))
		return true
	case syntax.OpCharClass:
		if len(re.Rune) < 2 {
			return false
		}
		b.WriteRune(classSample(re.Rune))
		return true
	case syntax.OpAnyCharNotNL, syntax.OpAnyChar:
		b.WriteByte('a')
		return true
	case syntax.OpCapture:
		return writeSample(b, re.Sub[0], minLength)
	case syntax.OpConcat:
		for _, sub := range re.Sub {
			if !writeSample(b, sub, minLength) {
				return false
			}
		}
		return true
	case syntax.OpAlternate:
		return writeSample(b, re.Sub[0], minLength)
	case syntax.OpQuest:
		return true
	case syntax.OpStar, syntax.OpPlus, syntax.OpRepeat:
		return writeRepeat(b, re, minLength)
	}
	return false
}

// writeRepeat writes the repeated expression as often as its minimum asks,
// at least once, and more when the claim's min_length asks for more.
func writeRepeat(b *strings.Builder, re *syntax.Regexp, minLength *int) bool {
	count, upper := max(re.Min, 1), re.Max
	if re.Op != syntax.OpRepeat {
		count, upper = 1, -1 // star and plus have no upper bound
	}
	if minLength != nil && *minLength > count && (upper == -1 || upper >= *minLength) {
		count = *minLength
	}
	if re.Op == syntax.OpRepeat && re.Max != -1 && count > re.Max {
		count = re.Max
	}
	for range count {
		if !writeSample(b, re.Sub[0], minLength) {
			return false
		}
	}
	return true
}

// classSample picks a character of a character class, given as ranges:
// a lowercase letter or digit when the class has one, else its first
// printable character.
func classSample(ranges []rune) rune {
	for _, want := range []rune{'a', 'x', '0', 'A'} {
		for i := 0; i+1 < len(ranges); i += 2 {
			if ranges[i] <= want && want <= ranges[i+1] {
				return want
			}
		}
	}
	for i := 0; i+1 < len(ranges); i += 2 {
		if ranges[i] >= ' ' {
			return ranges[i]
		}
	}
	return ranges[0]
}
