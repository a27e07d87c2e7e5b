package contractdiff

import (
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/jwtgen/jwtgen/spec"
)

// compareClaims compares the claims of one level: the top-level claims of
// the two versions, or the members of an object claim. Between two
// versions a claim continues the one its from names, else the one with its
// name; in place it continues the one with its name.
func (p *pair) compareClaims(older, newer []*spec.Claim) {
	matched := map[*spec.Claim]bool{}
	source := make([]*spec.Claim, len(newer))
	for i, n := range newer {
		name := n.Name
		if !p.inPlace && n.From != "" {
			name = n.From
		}
		if o := findClaim(older, name); o != nil && !matched[o] {
			source[i] = o
			matched[o] = true
		}
	}

	// A claim added without from while a similar one disappeared is most
	// likely a rename that forgot from.
	renamed := make([]*spec.Claim, len(newer))
	if !p.inPlace {
		for i, n := range newer {
			if source[i] != nil {
				continue
			}
			for _, o := range older {
				if !matched[o] && similar(o, n) {
					renamed[i] = o
					matched[o] = true
					break
				}
			}
		}
	}

	for i, n := range newer {
		switch {
		case source[i] != nil:
			p.compareClaim(source[i], n)
		case renamed[i] != nil:
			o := renamed[i]
			p.add(ClaimRenamedWithoutFrom, n.Path, fmt.Sprintf("Claim %q was removed and claim %q of the same type %s was added %s without from, so the upgrade drops the value of %q. Add from: %s to %q if it continues %q.", o.Path, n.Path, typeName(n), p.where(), o.Path, o.Name, n.Path, o.Path), o.Pos, n.Pos)
		case n.Required:
			c := p.add(ClaimRequiredAdded, n.Path, fmt.Sprintf("Required claim %q was added %s.", n.Path, p.where()), spec.Pos{}, n.Pos)
			p.cover(c, n)
		default:
			c := p.add(ClaimOptionalAdded, n.Path, fmt.Sprintf("Optional claim %q was added %s.", n.Path, p.where()), spec.Pos{}, n.Pos)
			p.cover(c, n)
		}
	}
	for _, o := range older {
		if matched[o] {
			continue
		}
		c := p.add(ClaimRemoved, o.Path, fmt.Sprintf("Claim %q was removed %s.", o.Path, p.where()), o.Pos, spec.Pos{})
		if name := p.registered[o]; name != "" {
			c.Adapters, c.Upgrade = Covered, "moved to registered claim "+name
		} else if s := p.dropped[o]; s != nil {
			c.Upgrade = s.Describe()
		}
	}
}

// cover sets the coverage of a change to claim n from its upgrade step:
// covered when the step can be generated, not covered when it cannot. It
// keeps the rule's coverage for an edit in place, which has no step.
func (p *pair) cover(c *Change, n *spec.Claim) {
	s := p.steps[n]
	if s == nil {
		return
	}
	c.Upgrade = s.Describe()
	if c.Adapters != CoveredWhenDerivable {
		return
	}
	if s.Problem != "" {
		c.Adapters = NotCovered
		return
	}
	c.Adapters = Covered
}

// compareClaim compares claim o of the older version with claim n, which
// continues it.
func (p *pair) compareClaim(o, n *spec.Claim) {
	where := p.where()
	at := func(key string) (spec.Pos, spec.Pos) {
		return firstKnown(o.At[key], o.Pos), firstKnown(n.At[key], n.Pos)
	}

	if o.Name != n.Name {
		oldPos, newPos := at("from")
		c := p.add(ClaimRenamed, n.Path, fmt.Sprintf("Claim %q was renamed to %q %s.", o.Path, n.Path, where), oldPos, newPos)
		p.cover(c, n)
	}
	if typeName(o) != typeName(n) {
		oldPos, newPos := at("type")
		c := p.add(ClaimTypeChanged, n.Path, fmt.Sprintf("The type of claim %q changed from %s to %s %s.", n.Path, typeName(o), typeName(n), where), oldPos, newPos)
		p.cover(c, n)
	}
	if o.Kind == spec.KindScopes && n.Kind == spec.KindScopes && o.Encoding != n.Encoding {
		oldPos, newPos := at("encoding")
		c := p.add(ClaimEncodingChanged, n.Path, fmt.Sprintf("Scopes claim %q changed encoding from %s to %s %s.", n.Path, encoding(o), encoding(n), where), oldPos, newPos)
		p.cover(c, n)
	}
	if o.Required != n.Required {
		oldPos, newPos := at("required")
		if n.Required {
			c := p.add(ClaimMadeRequired, n.Path, fmt.Sprintf("Claim %q became required %s.", n.Path, where), oldPos, newPos)
			p.cover(c, n)
		} else {
			p.add(ClaimMadeOptional, n.Path, fmt.Sprintf("Claim %q became optional %s.", n.Path, where), oldPos, newPos)
		}
	}

	p.comparePattern(o, n)
	p.compareBound(o, n, "min_length", intValue(o.MinLength), intValue(n.MinLength), true, ClaimMinLengthTightened, ClaimMinLengthLoosened)
	p.compareBound(o, n, "max_length", intValue(o.MaxLength), intValue(n.MaxLength), false, ClaimMaxLengthTightened, ClaimMaxLengthLoosened)
	p.compareBound(o, n, "minimum", o.Minimum, n.Minimum, true, ClaimMinimumTightened, ClaimMinimumLoosened)
	p.compareBound(o, n, "maximum", o.Maximum, n.Maximum, false, ClaimMaximumTightened, ClaimMaximumLoosened)
	p.compareBound(o, n, "min_items", intValue(o.MinItems), intValue(n.MinItems), true, ClaimMinItemsTightened, ClaimMinItemsLoosened)
	p.compareBound(o, n, "max_items", intValue(o.MaxItems), intValue(n.MaxItems), false, ClaimMaxItemsTightened, ClaimMaxItemsLoosened)
	p.compareConst(o, n)
	p.compareValues(o, n)

	if o.ItemKind() == spec.KindObject && n.ItemKind() == spec.KindObject {
		p.compareClaims(o.Claims, n.Claims)
	}
}

// comparePattern reports a pattern added, removed or changed.
func (p *pair) comparePattern(o, n *spec.Claim) {
	if o.Pattern == n.Pattern {
		return
	}
	oldPos, newPos := firstKnown(o.At["pattern"], o.Pos), firstKnown(n.At["pattern"], n.Pos)
	where := p.where()
	switch {
	case o.Pattern == "":
		p.add(ClaimPatternAdded, n.Path, fmt.Sprintf("Claim %q got pattern %q %s.", n.Path, n.Pattern, where), oldPos, newPos)
	case n.Pattern == "":
		p.add(ClaimPatternRemoved, n.Path, fmt.Sprintf("Pattern %q of claim %q was removed %s.", o.Pattern, n.Path, where), oldPos, newPos)
	default:
		p.add(ClaimPatternChanged, n.Path, fmt.Sprintf("The pattern of claim %q changed from %q to %q %s.", n.Path, o.Pattern, n.Pattern, where), oldPos, newPos)
	}
}

// compareBound reports a lower bound (lower is true) or an upper bound
// tightened or loosened; nil means no bound.
func (p *pair) compareBound(o, n *spec.Claim, key string, older, newer *float64, lower bool, tightened, loosened string) {
	if older == nil && newer == nil || older != nil && newer != nil && *older == *newer {
		return
	}
	tighter := newer != nil && (older == nil || lower && *newer > *older || !lower && *newer < *older)
	oldPos, newPos := firstKnown(o.At[key], o.Pos), firstKnown(n.At[key], n.Pos)
	message := fmt.Sprintf("%s of claim %q changed from %s to %s %s.", key, n.Path, bound(older), bound(newer), p.where())
	if tighter {
		p.add(tightened, n.Path, message, oldPos, newPos)
		return
	}
	p.add(loosened, n.Path, message, oldPos, newPos)
}

// compareConst reports a const added, removed or changed.
func (p *pair) compareConst(o, n *spec.Claim) {
	if o.HasConst == n.HasConst && (!o.HasConst || jsonText(o.Const) == jsonText(n.Const)) {
		return
	}
	oldPos, newPos := firstKnown(o.At["const"], o.Pos), firstKnown(n.At["const"], n.Pos)
	where := p.where()
	switch {
	case !o.HasConst:
		p.add(ClaimConstAdded, n.Path, fmt.Sprintf("Claim %q was pinned to const %s %s.", n.Path, jsonText(n.Const), where), oldPos, newPos)
	case !n.HasConst:
		p.add(ClaimConstRemoved, n.Path, fmt.Sprintf("Const %s of claim %q was removed %s.", jsonText(o.Const), n.Path, where), oldPos, newPos)
	default:
		p.add(ClaimConstChanged, n.Path, fmt.Sprintf("The const of claim %q changed from %s to %s %s.", n.Path, jsonText(o.Const), jsonText(n.Const), where), oldPos, newPos)
	}
}

// compareValues reports the enum values or known scopes added and removed,
// when both claims are enums or both scopes.
func (p *pair) compareValues(o, n *spec.Claim) {
	kind := n.ItemKind()
	if o.ItemKind() != kind || kind != spec.KindEnum && kind != spec.KindScopes {
		return
	}
	oldPos, newPos := firstKnown(o.At["values"], o.Pos), firstKnown(n.At["values"], n.Pos)
	where := p.where()
	addedRule, removedRule, noun := ClaimEnumValueAdded, ClaimEnumValueRemoved, "Enum value"
	if kind == spec.KindScopes {
		addedRule, removedRule, noun = ClaimScopeValueAdded, ClaimScopeValueRemoved, "Scope"
	}
	for _, v := range added(o.Values, n.Values) {
		p.add(addedRule, n.Path, fmt.Sprintf("%s %q was added to claim %q %s.", noun, v, n.Path, where), oldPos, newPos)
	}
	for _, v := range added(n.Values, o.Values) {
		p.add(removedRule, n.Path, fmt.Sprintf("%s %q was removed from claim %q %s.", noun, v, n.Path, where), oldPos, newPos)
	}
}

// similar reports whether claims o and n look like one claim under two
// names: the same type, and a shared description, the same known values,
// or one name starting with the other ("tenant" and "tenant_id").
func similar(o, n *spec.Claim) bool {
	if typeName(o) != typeName(n) {
		return false
	}
	switch {
	case o.Description != "" && o.Description == n.Description:
		return true
	case len(o.Values) > 0 && slices.Equal(o.Values, n.Values):
		return true
	}
	return strings.HasPrefix(o.Name, n.Name) || strings.HasPrefix(n.Name, o.Name)
}

func findClaim(claims []*spec.Claim, name string) *spec.Claim {
	for _, c := range claims {
		if c.Name == name {
			return c
		}
	}
	return nil
}

// typeName writes the type of c as the contract file does: "string" or
// "[]enum".
func typeName(c *spec.Claim) string {
	if c.Kind == spec.KindArray {
		return "[]" + string(c.Elem)
	}
	return string(c.Kind)
}

func encoding(c *spec.Claim) string {
	if c.Encoding == "" {
		return string(spec.ScopesSpaceDelimited)
	}
	return string(c.Encoding)
}

func intValue(n *int) *float64 {
	if n == nil {
		return nil
	}
	f := float64(*n)
	return &f
}

func bound(f *float64) string {
	if f == nil {
		return "none"
	}
	return strconv.FormatFloat(*f, 'g', -1, 64)
}

// jsonText writes a const value as JSON.
func jsonText(v any) string {
	data, err := json.Marshal(v)
	if err != nil {
		return fmt.Sprint(v)
	}
	return string(data)
}
