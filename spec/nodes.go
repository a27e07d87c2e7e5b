package spec

import (
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"

	yaml "github.com/pb33f/go-yaml"
)

// YAML tags of the core schema, as Node.ShortTag returns them.
const (
	tagNull      = "!!null"
	tagBool      = "!!bool"
	tagStr       = "!!str"
	tagInt       = "!!int"
	tagFloat     = "!!float"
	tagTimestamp = "!!timestamp"
	tagMerge     = "!!merge"
)

// resolve follows aliases to the node they name. It returns nil, after
// reporting it once, when the file uses more than maxAliases aliases.
func (p *parser) resolve(n *yaml.Node) *yaml.Node {
	for n != nil && n.Kind == yaml.AliasNode {
		if p.aliases == maxAliases {
			p.aliases++
			p.errorf(n, "write the values out instead of nesting aliases", "more than %d aliases in the file", maxAliases)
		}
		if p.aliases > maxAliases {
			return nil
		}
		p.aliases++
		n = n.Alias
	}
	return n
}

// describe names a value in a message: a quoted string, a plain number or
// boolean, or the kind of a collection.
func describe(n *yaml.Node) string {
	switch n.Kind {
	case yaml.MappingNode:
		return "a mapping"
	case yaml.SequenceNode:
		return "a list"
	case yaml.ScalarNode:
	default:
		return "an alias"
	}
	switch tag := n.ShortTag(); tag {
	case tagNull:
		return "null"
	case tagStr:
		return strconv.Quote(n.Value)
	case tagBool, tagInt, tagFloat, tagTimestamp:
		return n.Value
	default:
		return tag + " " + strconv.Quote(n.Value)
	}
}

// field is one key and value of a mapping, the value's aliases resolved.
type field struct {
	name  string
	key   *yaml.Node
	value *yaml.Node
}

// mapping is a YAML mapping whose keys were checked.
type mapping struct {
	node   *yaml.Node
	fields []field
}

// get returns the value of the key name, or nil.
func (m *mapping) get(name string) *yaml.Node {
	if m == nil {
		return nil
	}
	for _, f := range m.fields {
		if f.name == name {
			return f.value
		}
	}
	return nil
}

// key returns the key node of name, or nil.
func (m *mapping) key(name string) *yaml.Node {
	if m == nil {
		return nil
	}
	for _, f := range m.fields {
		if f.name == name {
			return f.key
		}
	}
	return nil
}

// positions returns the position of every value of m, by key.
func (p *parser) positions(m *mapping) Positions {
	at := Positions{}
	if m == nil {
		return at
	}
	for _, f := range m.fields {
		at[f.name] = p.pos(f.value)
	}
	return at
}

// mappingOf checks that n is a mapping and reports merge keys, keys that are
// not scalars and duplicate keys, which it leaves out of the result. When
// known is not nil, it also reports and leaves out keys not in known. subject
// names the mapping in messages ("token of version 2"). It returns nil when n
// is not a mapping.
func (p *parser) mappingOf(n *yaml.Node, subject string, known []string) *mapping {
	n = p.resolve(n)
	if n == nil {
		return nil
	}
	if n.Kind != yaml.MappingNode {
		p.errorf(n, "write key: value pairs, one per line or in {braces}", "%s must be a mapping, got %s", subject, describe(n))
		return nil
	}

	m := &mapping{node: n}
	first := map[string]*yaml.Node{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		key := p.resolve(n.Content[i])
		value := p.resolve(n.Content[i+1])
		if key == nil || value == nil {
			continue
		}
		if key.Kind != yaml.ScalarNode {
			p.errorf(key, "write the key as a plain string", "key in %s must be a string, got %s", subject, describe(key))
			continue
		}
		if key.ShortTag() == tagMerge {
			p.errorf(key, "write the keys out: an alias (*name) may stand only for a whole value", "merge key %q in %s is not supported", key.Value, subject)
			continue
		}
		if prev, dup := first[key.Value]; dup {
			p.errorf(key, fmt.Sprintf("remove one of them: the first is at line %d", prev.Line), "duplicate key %q in %s", key.Value, subject)
			continue
		}
		first[key.Value] = key
		if known != nil && !slices.Contains(known, key.Value) {
			p.errorf(key, suggest(key.Value, known, "allowed keys: "+strings.Join(known, ", ")), "unknown key %q in %s", key.Value, subject)
			continue
		}
		m.fields = append(m.fields, field{name: key.Value, key: key, value: value})
	}
	return m
}

// requireKey reports a missing key of m and returns its value otherwise.
func (p *parser) requireKey(m *mapping, name, subject, hint string) *yaml.Node {
	if v := m.get(name); v != nil {
		return v
	}
	p.errorf(m.node, hint, "missing required key %q in %s", name, subject)
	return nil
}

// list checks that n is a sequence and returns its items, aliases resolved.
func (p *parser) list(n *yaml.Node, subject string) ([]*yaml.Node, bool) {
	n = p.resolve(n)
	if n == nil {
		return nil, false
	}
	if n.Kind != yaml.SequenceNode {
		p.errorf(n, "write a list: [a, b], or one \"- item\" per line", "%s must be a list, got %s", subject, describe(n))
		return nil, false
	}
	items := make([]*yaml.Node, 0, len(n.Content))
	for _, item := range n.Content {
		if item = p.resolve(item); item != nil {
			items = append(items, item)
		}
	}
	return items, true
}

// isScalar reports whether n is a scalar with the tag.
func isScalar(n *yaml.Node, tag string) bool {
	return n.Kind == yaml.ScalarNode && n.ShortTag() == tag
}

// str returns the string n holds. A value of any other type is reported.
func (p *parser) str(n *yaml.Node, subject string) (string, bool) {
	if !isScalar(n, tagStr) {
		p.errorf(n, quoteHint(n), "%s must be a string, got %s", subject, describe(n))
		return "", false
	}
	return n.Value, true
}

// nonEmptyStr is str that also rejects the empty string.
func (p *parser) nonEmptyStr(n *yaml.Node, subject string) (string, bool) {
	s, ok := p.str(n, subject)
	if ok && s == "" {
		p.errorf(n, "write a non-empty string", "%s must not be empty", subject)
		return "", false
	}
	return s, ok
}

// quoteHint suggests quoting a scalar that YAML read as another type.
func quoteHint(n *yaml.Node) string {
	if n.Kind == yaml.ScalarNode && n.Value != "" && n.ShortTag() != tagNull {
		return fmt.Sprintf("quote it to make it a string: %q", n.Value)
	}
	return "write a string"
}

// boolean returns the bool n holds.
func (p *parser) boolean(n *yaml.Node, subject string) (bool, bool) {
	if isScalar(n, tagBool) {
		if b, err := strconv.ParseBool(strings.ToLower(n.Value)); err == nil {
			return b, true
		}
	}
	p.errorf(n, "write true or false", "%s must be true or false, got %s", subject, describe(n))
	return false, false
}

// parseInt converts the value of an !!int node, which may be written in
// decimal, octal (0o) or hexadecimal (0x).
func parseInt(n *yaml.Node) (int64, bool) {
	if !isScalar(n, tagInt) {
		return 0, false
	}
	i, err := strconv.ParseInt(n.Value, 0, 64)
	return i, err == nil
}

// parseNumber converts the value of an !!int or !!float node to a finite
// float64.
func parseNumber(n *yaml.Node) (float64, bool) {
	if i, ok := parseInt(n); ok {
		return float64(i), true
	}
	if !isScalar(n, tagFloat) {
		return 0, false
	}
	f, err := strconv.ParseFloat(n.Value, 64)
	if err != nil || math.IsInf(f, 0) || math.IsNaN(f) {
		return 0, false
	}
	return f, true
}

// positiveInt returns the integer n holds, which must be 1 or more.
func (p *parser) positiveInt(n *yaml.Node, subject string) (int, bool) {
	i, ok := parseInt(n)
	if !ok || i < 1 || i > math.MaxInt32 {
		p.errorf(n, "write a whole number from 1 up", "%s must be a positive integer, got %s", subject, describe(n))
		return 0, false
	}
	return int(i), true
}

// nonNegativeInt returns the integer n holds, which must be 0 or more.
func (p *parser) nonNegativeInt(n *yaml.Node, subject string) (int, bool) {
	i, ok := parseInt(n)
	if !ok || i < 0 || i > math.MaxInt32 {
		p.errorf(n, "write a whole number from 0 up", "%s must be a non-negative integer, got %s", subject, describe(n))
		return 0, false
	}
	return int(i), true
}

// timestamp returns the RFC 3339 time n holds, quoted or not.
func (p *parser) timestamp(n *yaml.Node, subject string) (time.Time, bool) {
	if n.Kind == yaml.ScalarNode && (n.ShortTag() == tagStr || n.ShortTag() == tagTimestamp) {
		if t, err := time.Parse(time.RFC3339, n.Value); err == nil {
			return t, true
		}
	}
	p.errorf(n, "write a date, time and zone, e.g. 2027-01-15T00:00:00Z", "%s must be an RFC 3339 timestamp, got %s", subject, describe(n))
	return time.Time{}, false
}

// duration returns the Go duration n holds, such as "15m" or "1h30m".
// Negative durations are reported.
func (p *parser) duration(n *yaml.Node, subject string) (time.Duration, bool) {
	if isScalar(n, tagStr) {
		if d, err := time.ParseDuration(n.Value); err == nil {
			if d < 0 {
				p.errorf(n, "write a duration of 0 or more, e.g. 30s", "%s must not be negative, got %s", subject, describe(n))
				return 0, false
			}
			return d, true
		}
	}
	p.errorf(n, "write a number with a unit: ms, s, m or h, e.g. 15m or 1h30m", "%s must be a Go duration, got %s", subject, describe(n))
	return 0, false
}

// stringList returns the strings of a list, each non-empty. A duplicate is
// reported at its second occurrence.
func (p *parser) stringList(n *yaml.Node, subject string) ([]string, bool) {
	items, ok := p.list(n, subject)
	if !ok {
		return nil, false
	}
	out := make([]string, 0, len(items))
	seen := map[string]bool{}
	for _, item := range items {
		s, ok := p.nonEmptyStr(item, "value in "+subject)
		if !ok {
			continue
		}
		if seen[s] {
			p.errorf(item, "remove the second one", "duplicate value %q in %s", s, subject)
			continue
		}
		seen[s] = true
		out = append(out, s)
	}
	return out, true
}

// stringOrList returns a string as a one-item list, or the strings of a list.
// An empty list is reported: leaving the key out is how to skip the check.
func (p *parser) stringOrList(n *yaml.Node, subject string) []string {
	if n.Kind == yaml.ScalarNode {
		if s, ok := p.nonEmptyStr(n, subject); ok {
			return []string{s}
		}
		return nil
	}
	if n.Kind != yaml.SequenceNode {
		p.errorf(n, "write one string or a list of strings, e.g. [api]", "%s must be a string or a list of strings, got %s", subject, describe(n))
		return nil
	}
	if len(n.Content) == 0 {
		p.errorf(n, "list at least one value, or leave the key out", "%s must not be an empty list", subject)
		return nil
	}
	out, _ := p.stringList(n, subject)
	return out
}
