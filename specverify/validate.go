package specverify

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/jwtgen/jwtgen/runtime"
	"github.com/jwtgen/jwtgen/spec"
)

// validate checks values against the claim rules of claims, as the
// generated Validate method of the version does, and adds each failure to
// v. path is the claim path of the object that holds values, or "" for a
// version's claims.
func validate(v *runtime.Violations, claims []*spec.Claim, values Values, path string) {
	for _, c := range claims {
		validateClaim(v, c, values, joinPath(path, c.Name))
	}
}

func joinPath(prefix, name string) string {
	if prefix == "" {
		return name
	}
	return prefix + "." + name
}

// validateClaim checks one claim: its presence when it is required and
// its Go field can be nil, then its value. A required scalar is a value in
// the generated struct, always present, so the shape check alone reports
// it missing.
func validateClaim(v *runtime.Violations, c *spec.Claim, values Values, path string) {
	value, present := values[c.Name]
	switch c.Kind {
	case spec.KindArray, spec.KindScopes:
		if !present {
			if c.Required {
				v.Missing(path)
			}
			return
		}
		items, _ := value.([]any)
		checkCount(v, path, len(items), "min_items", "max_items", c.MinItems, c.MaxItems, "items")
		for i, item := range items {
			itemPath := fmt.Sprintf("%s[%d]", path, i)
			if c.ItemKind() == spec.KindObject {
				members, _ := item.(Values)
				validate(v, c.Claims, members, itemPath)
				continue
			}
			checkValue(v, c, c.ItemKind(), item, itemPath)
		}
	case spec.KindObject:
		// The generated code validates a required object, a value, even
		// when it is absent; the shape check has rejected that token.
		if !present && !c.Required {
			return
		}
		members, _ := value.(Values)
		validate(v, c.Claims, members, path)
	case spec.KindTime, spec.KindMap, spec.KindJSON:
		if !present && c.Required {
			v.Missing(path)
		}
	default:
		if !present {
			if !c.Required {
				return
			}
			value = zeroScalar(c.Kind)
		}
		checkValue(v, c, c.Kind, value, path)
	}
}

// zeroScalar returns the zero value of a scalar kind.
func zeroScalar(k spec.Kind) any {
	switch k {
	case spec.KindInt:
		return int64(0)
	case spec.KindNumber:
		return float64(0)
	case spec.KindBool:
		return false
	}
	return ""
}

// checkValue checks one value of kind k, the claim itself or one item,
// against the value rules of c in the order of the generated code:
// format, const, values, pattern, length and range.
func checkValue(v *runtime.Violations, c *spec.Claim, k spec.Kind, value any, path string) {
	text, isText := value.(string)
	switch k {
	case spec.KindURL:
		if !runtime.IsURL(text) {
			v.Invalid(path, "format", "is not a valid URL")
		}
	case spec.KindEmail:
		if !runtime.IsEmail(text) {
			v.Invalid(path, "format", "is not a valid email address")
		}
	case spec.KindUUID:
		if !runtime.IsUUID(text) {
			v.Invalid(path, "format", "is not a valid UUID")
		}
	}
	if c.HasConst && c.Kind != spec.KindArray {
		if literal, equal := constEqual(c, value); !equal {
			v.Invalid(path, "const", "is not "+literal)
		}
	}
	if k == spec.KindEnum && !contains(c.Values, text) {
		v.Invalid(path, "values", "is not one of "+strings.Join(c.Values, ", "))
	}
	if c.PatternRE != nil && isText && !c.PatternRE.MatchString(text) {
		v.Invalid(path, "pattern", "does not match "+c.Pattern)
	}
	if isText {
		checkCount(v, path, utf8.RuneCountInString(text), "min_length", "max_length", c.MinLength, c.MaxLength, "characters")
	}
	if k == spec.KindInt || k == spec.KindNumber {
		checkRange(v, c, k, value, path)
	}
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// checkCount checks a count of characters or items against a minimum and a
// maximum. A minimum of zero or less is not checked, as no count is below
// it.
func checkCount(v *runtime.Violations, path string, n int, minRule, maxRule string, minimum, maximum *int, unit string) {
	switch {
	case minimum != nil && *minimum > 0 && n < *minimum:
		v.Invalid(path, minRule, fmt.Sprintf("has %d %s, fewer than the minimum %d", n, unit, *minimum))
	case maximum != nil && n > *maximum:
		v.Invalid(path, maxRule, fmt.Sprintf("has %d %s, more than the maximum %d", n, unit, *maximum))
	}
}

// checkRange checks a number against the minimum and maximum of c. For an
// int claim a fractional bound is rounded inwards, which accepts the same
// integers.
func checkRange(v *runtime.Violations, c *spec.Claim, k spec.Kind, value any, path string) {
	below, above := false, false
	switch n := value.(type) {
	case int64:
		below = c.Minimum != nil && n < int64(math.Ceil(*c.Minimum))
		above = c.Maximum != nil && n > int64(math.Floor(*c.Maximum))
	case float64:
		below = c.Minimum != nil && n < *c.Minimum
		above = c.Maximum != nil && n > *c.Maximum
	}
	switch {
	case below:
		v.Invalid(path, "minimum", "is less than the minimum "+formatFloat(*c.Minimum))
	case above:
		v.Invalid(path, "maximum", "is greater than the maximum "+formatFloat(*c.Maximum))
	}
}

func formatFloat(f float64) string {
	return strconv.FormatFloat(f, 'g', -1, 64)
}

// constEqual compares value with the const of c and returns the const as
// the generated code writes it: a quoted string, a number or a bool.
func constEqual(c *spec.Claim, value any) (literal string, equal bool) {
	switch want := c.Const.(type) {
	case bool:
		got, _ := value.(bool)
		return strconv.FormatBool(want), got == want
	case int64:
		switch got := value.(type) {
		case int64:
			return strconv.FormatInt(want, 10), got == want
		case float64:
			return strconv.FormatInt(want, 10), got == float64(want)
		}
		return strconv.FormatInt(want, 10), false
	case float64:
		literal = formatFloat(want)
		if c.Kind == spec.KindInt && want == math.Trunc(want) {
			literal = strconv.FormatInt(int64(want), 10)
		}
		switch got := value.(type) {
		case int64:
			return literal, float64(got) == want
		case float64:
			return literal, got == want
		}
		return literal, false
	case string:
		got, _ := value.(string)
		return strconv.Quote(want), got == want
	}
	return fmt.Sprint(c.Const), false
}
