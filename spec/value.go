package spec

import (
	"fmt"
	"math"
	"net/mail"
	"net/url"
	"reflect"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	yaml "github.com/pb33f/go-yaml"
)

// checkValue checks the default or const value n of claim c against the
// claim's type and constraints, and returns the JSON value it stands for:
// string, int64, float64, bool, []any or map[string]any. A time value is
// returned as its NumericDate, and a scopes value as a []any of strings
// whatever the claim's encoding. A default must also equal the const.
func (p *parser) checkValue(c *Claim, n *yaml.Node, key string) (any, bool) {
	n = p.resolve(n)
	if n == nil {
		return nil, false
	}
	v := valueChecker{p: p, key: key, enums: map[*Claim]map[string]bool{}}
	value, ok := v.value(c, n, 0)
	if ok && key == "default" && c.HasConst && !reflect.DeepEqual(value, c.Const) {
		v.fail(c, n, "remove default, or make it equal const", "differs from const %s", formatJSON(c.Const))
		return nil, false
	}
	return value, ok
}

// valueChecker checks one default or const value.
type valueChecker struct {
	p   *parser
	key string // "default" or "const"
	// enums caches the values of enum claims as sets, so that a long list
	// default is checked in linear time.
	enums map[*Claim]map[string]bool
}

// enumValues returns the values of the enum claim c as a set.
func (v valueChecker) enumValues(c *Claim) map[string]bool {
	if set, ok := v.enums[c]; ok {
		return set
	}
	set := make(map[string]bool, len(c.Values))
	for _, value := range c.Values {
		set[value] = true
	}
	v.enums[c] = set
	return set
}

// fail reports that n is not a valid value of claim c.
func (v valueChecker) fail(c *Claim, n *yaml.Node, hint, format string, args ...any) {
	reason := fmt.Sprintf(format, args...)
	if n.Kind == yaml.ScalarNode {
		v.p.errorf(n, hint, "invalid %s %s for claim %q: %s", v.key, describe(n), c.Path, reason)
		return
	}
	v.p.errorf(n, hint, "invalid %s for claim %q: %s", v.key, c.Path, reason)
}

func (v valueChecker) value(c *Claim, n *yaml.Node, depth int) (any, bool) {
	n = v.p.resolve(n)
	if n == nil {
		return nil, false
	}
	if depth > maxValueDepth {
		v.fail(c, n, fmt.Sprintf("nest values at most %d levels deep", maxValueDepth), "nested more than %d levels deep", maxValueDepth)
		return nil, false
	}
	switch c.Kind {
	case KindArray:
		return v.array(c, n, depth)
	case KindScopes:
		return v.scopes(c, n)
	}
	return v.item(c, c.Kind, n, depth)
}

// item checks a value of kind, which is c's kind or, for an array claim,
// the kind of its items.
func (v valueChecker) item(c *Claim, kind Kind, n *yaml.Node, depth int) (any, bool) {
	switch kind {
	case KindObject:
		return v.object(c, n, depth)
	case KindMap:
		return v.stringMap(c, n)
	case KindJSON:
		return v.json(c, n, depth)
	case KindInt:
		return v.integer(c, n)
	case KindNumber:
		return v.number(c, n)
	case KindBool:
		if isScalar(n, tagBool) {
			if b, err := strconv.ParseBool(strings.ToLower(n.Value)); err == nil {
				return b, true
			}
		}
		v.fail(c, n, "write true or false", "must be true or false")
		return nil, false
	case KindTime:
		return v.numericDate(c, n)
	case KindEnum:
		s, ok := v.str(c, n)
		if ok && len(c.Values) > 0 && !v.enumValues(c)[s] {
			v.fail(c, n, "use one of "+quoteList(c.Values), "not one of its values")
			return nil, false
		}
		return s, ok
	}
	return v.text(c, kind, n)
}

func (v valueChecker) str(c *Claim, n *yaml.Node) (string, bool) {
	if !isScalar(n, tagStr) {
		v.fail(c, n, quoteHint(n), "must be a string")
		return "", false
	}
	return n.Value, true
}

// text checks a string, url, email or uuid value against the claim's
// length bounds, counted in Unicode code points, and its pattern.
func (v valueChecker) text(c *Claim, kind Kind, n *yaml.Node) (any, bool) {
	s, ok := v.str(c, n)
	if !ok {
		return nil, false
	}
	switch {
	case kind == KindURL && !isAbsoluteURL(s):
		v.fail(c, n, "write a URL with a scheme, e.g. https://example.com/path", "not an absolute URL")
		return nil, false
	case kind == KindEmail && !isEmail(s):
		v.fail(c, n, "write a bare address such as user@example.com", "not an email address")
		return nil, false
	case kind == KindUUID && !isUUID(s):
		v.fail(c, n, "write a UUID such as 123e4567-e89b-12d3-a456-426614174000", "not a UUID")
		return nil, false
	}

	length := utf8.RuneCountInString(s)
	switch {
	case c.MinLength != nil && length < *c.MinLength:
		v.fail(c, n, fmt.Sprintf("use a value of at least %d characters", *c.MinLength), "shorter than min_length %d", *c.MinLength)
		return nil, false
	case c.MaxLength != nil && length > *c.MaxLength:
		v.fail(c, n, fmt.Sprintf("use a value of at most %d characters", *c.MaxLength), "longer than max_length %d", *c.MaxLength)
		return nil, false
	case c.PatternRE != nil && !c.PatternRE.MatchString(s):
		v.fail(c, n, "use a value that the pattern matches", "does not match pattern %q", c.Pattern)
		return nil, false
	}
	return s, true
}

func (v valueChecker) integer(c *Claim, n *yaml.Node) (any, bool) {
	i, ok := parseInt(n)
	if !ok {
		v.fail(c, n, "write a whole number", "must be an integer")
		return nil, false
	}
	if !v.inBounds(c, n, float64(i)) {
		return nil, false
	}
	return i, true
}

func (v valueChecker) number(c *Claim, n *yaml.Node) (any, bool) {
	f, ok := parseNumber(n)
	if !ok {
		v.fail(c, n, "write a finite number, e.g. 0.5", "must be a finite number")
		return nil, false
	}
	if !v.inBounds(c, n, f) {
		return nil, false
	}
	return f, true
}

// inBounds checks minimum and maximum, which are inclusive.
func (v valueChecker) inBounds(c *Claim, n *yaml.Node, f float64) bool {
	switch {
	case c.Minimum != nil && f < *c.Minimum:
		v.fail(c, n, "use a value of at least "+formatJSON(*c.Minimum), "less than minimum %s", formatJSON(*c.Minimum))
		return false
	case c.Maximum != nil && f > *c.Maximum:
		v.fail(c, n, "use a value of at most "+formatJSON(*c.Maximum), "greater than maximum %s", formatJSON(*c.Maximum))
		return false
	}
	return true
}

// numericDate reads a time value: an RFC 3339 timestamp or a NumericDate
// integer, returned as the NumericDate.
func (v valueChecker) numericDate(c *Claim, n *yaml.Node) (any, bool) {
	if i, ok := parseInt(n); ok {
		return i, true
	}
	if isScalar(n, tagStr) || isScalar(n, tagTimestamp) {
		if t, err := time.Parse(time.RFC3339, n.Value); err == nil {
			if t.Nanosecond() != 0 {
				v.fail(c, n, "write whole seconds", "has a fraction of a second")
				return nil, false
			}
			return t.Unix(), true
		}
	}
	v.fail(c, n, "write an RFC 3339 timestamp such as 2027-01-15T00:00:00Z, or seconds since the Unix epoch", "must be an RFC 3339 timestamp or a NumericDate integer")
	return nil, false
}

// array checks a list value of an array claim.
func (v valueChecker) array(c *Claim, n *yaml.Node, depth int) (any, bool) {
	if n.Kind != yaml.SequenceNode {
		v.fail(c, n, "write a list, e.g. [a, b]", "must be a list")
		return nil, false
	}
	ok := v.itemCount(c, n, len(n.Content))
	out := make([]any, 0, len(n.Content))
	for _, item := range n.Content {
		if item = v.p.resolve(item); item == nil {
			return nil, false
		}
		value, good := v.item(c, c.Elem, item, depth+1)
		ok = ok && good
		out = append(out, value)
	}
	if !ok {
		return nil, false
	}
	return out, true
}

// itemCount checks min_items and max_items.
func (v valueChecker) itemCount(c *Claim, n *yaml.Node, count int) bool {
	switch {
	case c.MinItems != nil && count < *c.MinItems:
		v.fail(c, n, fmt.Sprintf("list at least %s", countItems(*c.MinItems)), "has %s, fewer than min_items %d", countItems(count), *c.MinItems)
		return false
	case c.MaxItems != nil && count > *c.MaxItems:
		v.fail(c, n, fmt.Sprintf("list at most %s", countItems(*c.MaxItems)), "has %s, more than max_items %d", countItems(count), *c.MaxItems)
		return false
	}
	return true
}

// countItems returns "1 item" or "n items".
func countItems(n int) string {
	if n == 1 {
		return "1 item"
	}
	return fmt.Sprintf("%d items", n)
}

// scopes checks a scopes value, written as a list or as one space-delimited
// string whatever the claim's encoding. Scopes outside values are allowed,
// as in tokens.
func (v valueChecker) scopes(c *Claim, n *yaml.Node) (any, bool) {
	var scopes []string
	switch {
	case isScalar(n, tagStr):
		scopes = strings.Fields(n.Value)
	case n.Kind == yaml.SequenceNode:
		for _, item := range n.Content {
			if item = v.p.resolve(item); item == nil {
				return nil, false
			}
			s, ok := v.str(c, item)
			if !ok {
				return nil, false
			}
			scopes = append(scopes, s)
		}
	default:
		v.fail(c, n, "write a list of scopes, e.g. [orders:read]", "must be a list of scopes or a space-delimited string")
		return nil, false
	}

	out := make([]any, 0, len(scopes))
	seen := map[string]bool{}
	for _, s := range scopes {
		switch {
		case !isScopeToken(s):
			v.fail(c, n, scopeTokenHint, "%q is not a valid scope token", s)
			return nil, false
		case seen[s]:
			v.fail(c, n, "remove the second one", "duplicate scope %q", s)
			return nil, false
		}
		seen[s] = true
		out = append(out, s)
	}
	if !v.itemCount(c, n, len(out)) {
		return nil, false
	}
	return out, true
}

// object checks a mapping value of an object claim against its members.
func (v valueChecker) object(c *Claim, n *yaml.Node, depth int) (any, bool) {
	if n.Kind != yaml.MappingNode {
		v.fail(c, n, "write a mapping of its members", "must be a mapping")
		return nil, false
	}
	m := v.p.mappingOf(n, fmt.Sprintf("%s of claim %q", v.key, c.Path), nil)
	if m == nil {
		return nil, false
	}

	out := map[string]any{}
	ok := true
	for _, f := range m.fields {
		member := c.Member(f.name)
		if member == nil {
			names := make([]string, len(c.Claims))
			for i, m := range c.Claims {
				names[i] = m.Name
			}
			v.fail(c, f.key, suggest(f.name, names, "its members are "+quoteList(names)), "no such member")
			ok = false
			continue
		}
		if member.Kind == "" {
			continue
		}
		value, good := v.value(member, f.value, depth+1)
		ok = ok && good
		out[f.name] = value
	}
	for _, member := range c.Claims {
		if member.Required && m.get(member.Name) == nil {
			v.fail(c, n, fmt.Sprintf("add %s: to the %s", member.Name, v.key), "lacks required member %q", member.Name)
			ok = false
		}
	}
	if !ok {
		return nil, false
	}
	return out, true
}

// stringMap checks a value of a map claim: string keys to string values.
func (v valueChecker) stringMap(c *Claim, n *yaml.Node) (any, bool) {
	if n.Kind != yaml.MappingNode {
		v.fail(c, n, "write a mapping of strings to strings", "must be a mapping")
		return nil, false
	}
	m := v.p.mappingOf(n, fmt.Sprintf("%s of claim %q", v.key, c.Path), nil)
	if m == nil {
		return nil, false
	}
	out := map[string]any{}
	ok := true
	for _, f := range m.fields {
		s, good := v.str(c, f.value)
		ok = ok && good
		out[f.name] = s
	}
	if !ok {
		return nil, false
	}
	return out, true
}

// json converts any value of a json claim.
func (v valueChecker) json(c *Claim, n *yaml.Node, depth int) (any, bool) {
	if depth > maxValueDepth {
		v.fail(c, n, fmt.Sprintf("nest values at most %d levels deep", maxValueDepth), "nested more than %d levels deep", maxValueDepth)
		return nil, false
	}
	switch n.Kind {
	case yaml.MappingNode:
		m := v.p.mappingOf(n, fmt.Sprintf("%s of claim %q", v.key, c.Path), nil)
		if m == nil {
			return nil, false
		}
		out := map[string]any{}
		ok := true
		for _, f := range m.fields {
			value, good := v.json(c, f.value, depth+1)
			ok = ok && good
			out[f.name] = value
		}
		return out, ok
	case yaml.SequenceNode:
		out := make([]any, 0, len(n.Content))
		ok := true
		for _, item := range n.Content {
			if item = v.p.resolve(item); item == nil {
				return nil, false
			}
			value, good := v.json(c, item, depth+1)
			ok = ok && good
			out = append(out, value)
		}
		return out, ok
	}
	value, err := jsonScalar(n)
	if err != nil {
		v.fail(c, n, "write a value JSON can hold: a string, number, boolean, null, list or mapping", "%v", err)
		return nil, false
	}
	return value, true
}

// jsonScalar converts a YAML scalar to the JSON value it reads as: nil,
// bool, int64, float64 or string. Timestamps become strings.
func jsonScalar(n *yaml.Node) (any, error) {
	switch tag := n.ShortTag(); tag {
	case tagNull:
		return nil, nil
	case tagBool:
		return strconv.ParseBool(strings.ToLower(n.Value))
	case tagInt:
		if i, ok := parseInt(n); ok {
			return i, nil
		}
		return nil, fmt.Errorf("integer out of the 64-bit range")
	case tagFloat:
		if f, ok := parseNumber(n); ok {
			return f, nil
		}
		return nil, fmt.Errorf("JSON numbers must be finite")
	case tagStr, tagTimestamp:
		return n.Value, nil
	default:
		return nil, fmt.Errorf("tag %s has no JSON equivalent", tag)
	}
}

// formatJSON formats a scalar JSON value for a message.
func formatJSON(v any) string {
	switch v := v.(type) {
	case string:
		return strconv.Quote(v)
	case float64:
		if v == math.Trunc(v) && math.Abs(v) < 1e15 {
			return strconv.FormatFloat(v, 'f', -1, 64)
		}
		return strconv.FormatFloat(v, 'g', -1, 64)
	}
	return fmt.Sprint(v)
}

// isAbsoluteURL reports whether s parses as a URL with a scheme and a host
// or an opaque part, such as https://example.com or urn:example:a.
func isAbsoluteURL(s string) bool {
	u, err := url.Parse(s)
	return err == nil && u.Scheme != "" && (u.Host != "" || u.Opaque != "")
}

// isEmail reports whether s is a bare RFC 5322 address, without a display
// name or angle brackets.
func isEmail(s string) bool {
	a, err := mail.ParseAddress(s)
	return err == nil && a.Name == "" && a.Address == s
}

// isUUID reports whether s is a UUID in its 8-4-4-4-12 hexadecimal form.
func isUUID(s string) bool {
	if len(s) != 36 {
		return false
	}
	for i := 0; i < len(s); i++ {
		switch b := s[i]; {
		case i == 8 || i == 13 || i == 18 || i == 23:
			if b != '-' {
				return false
			}
		case !('0' <= b && b <= '9' || 'a' <= b && b <= 'f' || 'A' <= b && b <= 'F'):
			return false
		}
	}
	return true
}
