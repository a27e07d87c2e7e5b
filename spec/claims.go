package spec

import (
	"fmt"
	"regexp"
	"slices"
	"strings"

	yaml "github.com/pb33f/go-yaml"
)

var claimKeys = []string{
	"type", "required", "values", "encoding", "pattern", "min_length", "max_length",
	"minimum", "maximum", "min_items", "max_items", "const", "description",
	"deprecated", "go_name", "claims", "from", "default", "upgrade",
}

// claimScope is where a claims mapping sits: its version, its parent claim
// and the claims of the previous version it is compared with.
type claimScope struct {
	version     string // "version 2"
	prevVersion string // "version 1", or "" in the first version
	parentPath  string // "" for top-level claims
	depth       int    // of the claims of this mapping, 1 at the top level

	// prev are the previous version's claims at this level: its top-level
	// claims, or the members of the parent's counterpart. hasPrev is false
	// in the first version and under a parent that the previous version
	// lacks. prevOwner names what holds prev: "version 1", or
	// "claim \"addr\" in version 1".
	prev      []*Claim
	hasPrev   bool
	prevOwner string

	// hooked is true under a claim with upgrade: hook, whose members the
	// hook derives.
	hooked bool
	// list is the path of the nearest []object claim above this level, or
	// "" when there is none.
	list string

	versionClaim string
}

func (s claimScope) topLevel() bool { return s.depth == 1 }

func (s claimScope) first() bool { return s.prevVersion == "" }

// parseClaims reads a claims mapping: the claims of a version or the
// members of an object claim.
func (p *parser) parseClaims(n *yaml.Node, s claimScope) []*Claim {
	subject := "claims of " + s.version
	if !s.topLevel() {
		subject = fmt.Sprintf("claims of claim %q", s.parentPath)
	}
	m := p.mappingOf(n, subject, nil)
	if m == nil {
		return nil
	}
	if s.depth > maxClaimDepth && len(m.fields) > 0 {
		f := m.fields[0]
		p.errorf(f.key, "flatten the structure, or give the deepest object type json",
			"claim %q is nested %d levels deep, more than %d", s.parentPath+"."+f.name, s.depth, maxClaimDepth)
		return nil
	}

	var claims []*Claim
	for _, f := range m.fields {
		if c := p.parseClaim(f, s); c != nil {
			claims = append(claims, c)
		}
	}
	p.checkSiblings(claims, s)
	return claims
}

// checkSiblings reports a second scopes claim in a version and go_name
// values used twice in one mapping.
func (p *parser) checkSiblings(claims []*Claim, s claimScope) {
	var scopes *Claim
	goNames := map[string]*Claim{}
	for _, c := range claims {
		if c.Kind == KindScopes && s.topLevel() {
			if scopes != nil {
				p.report(c.Pos, "", "keep one scopes claim per version", "%s has a second scopes claim %q after %q", s.version, c.Name, scopes.Name)
			} else {
				scopes = c
			}
		}
		if c.GoName == "" {
			continue
		}
		if other, dup := goNames[c.GoName]; dup {
			p.report(c.At["go_name"], "", "give each claim of one level its own go_name", "go_name %q of claim %q is also the go_name of claim %q", c.GoName, c.Path, other.Path)
			continue
		}
		goNames[c.GoName] = c
	}
}

// parseClaim reads one claim. It returns nil only for a claim name that may
// not be declared at all.
func (p *parser) parseClaim(f field, s claimScope) *Claim {
	path := f.name
	if !s.topLevel() {
		path = s.parentPath + "." + f.name
	}
	c := &Claim{Pos: p.pos(f.key), At: Positions{}, Name: f.name, Path: path}
	if !p.claimName(f.key, path, s) {
		return nil
	}
	label := fmt.Sprintf("claim %q", path)
	m := p.mappingOf(f.value, label, claimKeys)
	if m == nil {
		return c
	}
	c.At = p.positions(m)

	if n := p.requireKey(m, "type", label, "add type: string, or another claim type"); n != nil {
		c.Kind, c.Elem = p.claimType(n, path, s.topLevel())
	}
	counterpart := p.claimOrigin(c, m, s)
	p.claimFlags(c, m, label)
	if c.Kind != "" {
		p.claimConstraints(c, m, label)
		p.claimMembers(c, m, s, counterpart)
		p.claimValues(c, m)
	}
	p.checkUpgradable(c, m, s, counterpart)
	return c
}

// claimName checks a claim's JSON member name.
func (p *parser) claimName(key *yaml.Node, path string, s claimScope) bool {
	switch {
	case !isScalar(key, tagStr):
		p.errorf(key, quoteHint(key), "claim name %s must be a string", describe(key))
		return false
	case key.Value == "":
		p.errorf(key, "name the claim after its JSON member", "claim name must not be empty")
		return false
	case s.topLevel() && IsRegistered(key.Value):
		p.errorf(key, fmt.Sprintf("list it under token.require instead: require: [%s]", key.Value), "claim %q is a registered claim", path)
		return false
	case s.topLevel() && key.Value == s.versionClaim:
		p.errorf(key, "jwtgen sets the version claim itself: remove this claim or choose another version_claim", "claim %q is the version_claim of the contract", path)
		return false
	}
	return true
}

// claimType reads "string", "[]enum" and the like.
func (p *parser) claimType(n *yaml.Node, path string, topLevel bool) (kind, elem Kind) {
	s, ok := p.str(n, fmt.Sprintf("type of claim %q", path))
	if !ok {
		return "", ""
	}
	name, array := strings.CutPrefix(s, "[]")
	names := make([]string, len(Kinds))
	for i, k := range Kinds {
		names[i] = string(k)
	}

	switch {
	case array && strings.HasPrefix(name, "[]"):
		p.errorf(n, "use type json for nested lists", "nested array type %q is not supported", s)
		return "", ""
	case !slices.Contains(names, name):
		hint := "use one of " + strings.Join(names, ", ") + ", or []T for a list of T"
		if best, ok := closest(name, names); ok {
			if array {
				best = "[]" + best
			}
			hint = fmt.Sprintf("did you mean %q?", best)
		}
		p.errorf(n, hint, "unknown claim type %q", s)
		return "", ""
	case array && Kind(name) == KindScopes:
		p.errorf(n, "use type scopes with encoding: array", "type %q is not supported", s)
		return "", ""
	case Kind(name) == KindScopes && !topLevel:
		p.errorf(n, "use type []string for a list of scopes inside an object", "claim %q has type scopes, which only a top-level claim may have", path)
		return "", ""
	case array:
		return KindArray, Kind(name)
	}
	return Kind(name), ""
}

// claimFlags reads the keys that apply to every type.
func (p *parser) claimFlags(c *Claim, m *mapping, label string) {
	if n := m.get("required"); n != nil {
		c.Required, _ = p.boolean(n, "required of "+label)
	}
	if n := m.get("deprecated"); n != nil {
		c.Deprecated, _ = p.boolean(n, "deprecated of "+label)
	}
	if n := m.get("description"); n != nil {
		c.Description, _ = p.str(n, "description of "+label)
	}
	if n := m.get("go_name"); n != nil {
		if s, ok := p.str(n, "go_name of "+label); ok {
			if isExportedIdent(s) {
				c.GoName = s
			} else {
				p.errorf(n, identHint(s), "go_name %q of %s is not an exported Go identifier", s, label)
			}
		}
	}
	if n := m.get("upgrade"); n != nil {
		if !isScalar(n, tagStr) || n.Value != "hook" {
			p.errorf(n, "write upgrade: hook to derive the claim in a function you write", "upgrade of %s must be hook, got %s", label, describe(n))
		} else {
			c.UpgradeHook = true
		}
	}
}

// typeName returns the type of c as the contract file writes it.
func typeName(c *Claim) string {
	if c.Kind == KindArray {
		return "[]" + string(c.Elem)
	}
	return string(c.Kind)
}

// isStringKind reports whether k is written as a JSON string and takes
// pattern and length constraints.
func isStringKind(k Kind) bool {
	return k == KindString || k == KindURL || k == KindEmail || k == KindUUID
}

// isStringLike reports whether k is a string kind or enum.
func isStringLike(k Kind) bool {
	return isStringKind(k) || k == KindEnum
}

// constraint is the set of claim types that take a key.
type constraint struct {
	applies func(c *Claim) bool
	takers  string // for messages: "string, url, email, uuid and arrays of them"
}

var constraints = map[string]constraint{
	"values": {
		func(c *Claim) bool { return c.ItemKind() == KindEnum || c.Kind == KindScopes },
		"enum, []enum and scopes",
	},
	"encoding": {
		func(c *Claim) bool { return c.Kind == KindScopes },
		"scopes",
	},
	"pattern":    stringConstraint,
	"min_length": stringConstraint,
	"max_length": stringConstraint,
	"minimum":    numberConstraint,
	"maximum":    numberConstraint,
	"min_items":  itemsConstraint,
	"max_items":  itemsConstraint,
	"const": {
		func(c *Claim) bool {
			return isStringLike(c.Kind) || c.Kind == KindInt || c.Kind == KindNumber || c.Kind == KindBool
		},
		"string, url, email, uuid, int, number, bool and enum",
	},
	"claims": {
		func(c *Claim) bool { return c.ItemKind() == KindObject },
		"object and []object",
	},
}

var (
	stringConstraint = constraint{
		func(c *Claim) bool { return isStringKind(c.ItemKind()) },
		"string, url, email, uuid and arrays of them",
	}
	numberConstraint = constraint{
		func(c *Claim) bool { return c.ItemKind() == KindInt || c.ItemKind() == KindNumber },
		"int, number and arrays of them",
	}
	itemsConstraint = constraint{
		func(c *Claim) bool { return c.Kind == KindArray || c.Kind == KindScopes },
		"arrays and scopes",
	}
)

// applicable returns the value of key in m if c's type takes that key, and
// reports the key otherwise.
func (p *parser) applicable(c *Claim, m *mapping, key string) *yaml.Node {
	n := m.get(key)
	if n == nil {
		return nil
	}
	if rule := constraints[key]; !rule.applies(c) {
		p.errorf(m.key(key), fmt.Sprintf("%s applies to %s", key, rule.takers), "%s does not apply to claim %q of type %s", key, c.Path, typeName(c))
		return nil
	}
	return n
}

// claimConstraints reads values, encoding, pattern and the bounds.
func (p *parser) claimConstraints(c *Claim, m *mapping, label string) {
	if n := p.applicable(c, m, "values"); n != nil {
		c.Values = p.enumValues(c, n, label)
	} else if c.ItemKind() == KindEnum && m.get("values") == nil {
		p.errorf(m.node, "list the allowed values, e.g. values: [admin, viewer]", "enum %s needs values", label)
	}

	if c.Kind == KindScopes {
		c.Encoding = ScopesSpaceDelimited
	}
	if n := p.applicable(c, m, "encoding"); n != nil {
		encodings := []string{string(ScopesSpaceDelimited), string(ScopesArray)}
		if s, ok := p.str(n, "encoding of "+label); ok {
			if slices.Contains(encodings, s) {
				c.Encoding = ScopeEncoding(s)
			} else {
				p.errorf(n, suggest(s, encodings, "use space-delimited or array"), "unknown encoding %q of %s", s, label)
			}
		}
	}

	if n := p.applicable(c, m, "pattern"); n != nil {
		if s, ok := p.str(n, "pattern of "+label); ok {
			re, err := regexp.Compile(s)
			if err != nil {
				p.errorf(n, "write a Go regular expression (RE2 syntax)", "pattern %q of %s does not compile: %v", s, label, err)
			} else {
				c.Pattern, c.PatternRE = s, re
			}
		}
	}

	c.MinLength, c.MaxLength = p.intBounds(c, m, "min_length", "max_length", label)
	c.MinItems, c.MaxItems = p.intBounds(c, m, "min_items", "max_items", label)
	p.numberBounds(c, m, label)
}

// enumValues reads the values of an enum or scopes claim.
func (p *parser) enumValues(c *Claim, n *yaml.Node, label string) []string {
	subject := "values of " + label
	if c.Kind != KindScopes {
		values, ok := p.stringList(n, subject)
		if ok && len(values) == 0 && len(n.Content) == 0 {
			p.errorf(n, "list the allowed values, e.g. [admin, viewer]", "%s must list at least one value", subject)
		}
		return values
	}

	items, ok := p.list(n, subject)
	if !ok {
		return nil
	}
	var scopes []string
	seen := map[string]bool{}
	for _, item := range items {
		s, ok := p.str(item, "scope in "+subject)
		switch {
		case !ok:
		case !isScopeToken(s):
			p.errorf(item, scopeTokenHint, "scope %q in %s is not a valid scope token", s, subject)
		case seen[s]:
			p.errorf(item, "remove the second one", "duplicate scope %q in %s", s, subject)
		default:
			seen[s] = true
			scopes = append(scopes, s)
		}
	}
	return scopes
}

const scopeTokenHint = "a scope is printable ASCII without spaces, double quotes or backslashes (RFC 6749 §3.3)"

// isScopeToken reports whether s is a scope-token of RFC 6749 §3.3.
func isScopeToken(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		b := s[i]
		if b < 0x21 || b > 0x7e || b == '"' || b == '\\' {
			return false
		}
	}
	return true
}

// intBounds reads a pair such as min_length and max_length.
func (p *parser) intBounds(c *Claim, m *mapping, minKey, maxKey, label string) (lo, hi *int) {
	if n := p.applicable(c, m, minKey); n != nil {
		if v, ok := p.nonNegativeInt(n, minKey+" of "+label); ok {
			lo = &v
		}
	}
	if n := p.applicable(c, m, maxKey); n != nil {
		if v, ok := p.nonNegativeInt(n, maxKey+" of "+label); ok {
			hi = &v
		}
	}
	if lo != nil && hi != nil && *hi < *lo {
		p.errorf(m.get(maxKey), fmt.Sprintf("make %s at least %d", maxKey, *lo), "%s %d of %s is less than its %s %d", maxKey, *hi, label, minKey, *lo)
	}
	return lo, hi
}

// numberBounds reads minimum and maximum, which must be integers for int
// claims.
func (p *parser) numberBounds(c *Claim, m *mapping, label string) {
	read := func(key string) *float64 {
		n := p.applicable(c, m, key)
		if n == nil {
			return nil
		}
		if c.ItemKind() == KindInt {
			if i, ok := parseInt(n); ok {
				f := float64(i)
				return &f
			}
			p.errorf(n, "write a whole number, e.g. 0", "%s of %s must be an integer, got %s", key, label, describe(n))
			return nil
		}
		if f, ok := parseNumber(n); ok {
			return &f
		}
		p.errorf(n, "write a number, e.g. 0.5", "%s of %s must be a number, got %s", key, label, describe(n))
		return nil
	}
	c.Minimum, c.Maximum = read("minimum"), read("maximum")
	if c.Minimum != nil && c.Maximum != nil && *c.Maximum < *c.Minimum {
		p.errorf(m.get("maximum"), "make maximum at least minimum", "maximum %s of %s is less than its minimum %s", m.get("maximum").Value, label, m.get("minimum").Value)
	}
}

// claimMembers reads the members of an object or []object claim.
// counterpart is the claim of the previous version this one continues.
func (p *parser) claimMembers(c *Claim, m *mapping, s claimScope, counterpart *Claim) {
	n := p.applicable(c, m, "claims")
	if n == nil {
		if c.ItemKind() == KindObject && m.get("claims") == nil {
			p.errorf(m.node, "declare its members under claims:", "object claim %q needs claims", c.Path)
		}
		return
	}

	child := claimScope{
		version:      s.version,
		prevVersion:  s.prevVersion,
		parentPath:   c.Path,
		depth:        s.depth + 1,
		hooked:       s.hooked || c.UpgradeHook,
		list:         s.list,
		versionClaim: s.versionClaim,
	}
	if c.Kind == KindArray {
		child.list = c.Path
	}
	if counterpart != nil {
		child.prev = counterpart.Claims
		child.hasPrev = true
		child.prevOwner = fmt.Sprintf("claim %q in %s", counterpart.Path, s.prevVersion)
	}
	c.Claims = p.parseClaims(n, child)
	if resolved := p.resolve(n); resolved != nil && resolved.Kind == yaml.MappingNode && len(resolved.Content) == 0 {
		p.errorf(resolved, "declare at least one member", "claims of object claim %q is empty", c.Path)
	}
}

// claimValues reads const and then default, which must also equal const.
func (p *parser) claimValues(c *Claim, m *mapping) {
	if n := p.applicable(c, m, "const"); n != nil {
		c.Const, c.HasConst = p.checkValue(c, n, "const")
	}
	if n := m.get("default"); n != nil {
		c.Default, c.HasDefault = p.checkValue(c, n, "default")
	}
}

// claimOrigin reads from and returns the claim of the previous version that
// c continues: the one from names, else the one with the same name.
func (p *parser) claimOrigin(c *Claim, m *mapping, s claimScope) *Claim {
	n := m.get("from")
	if n == nil {
		if s.hasPrev {
			return findClaim(s.prev, c.Name)
		}
		return nil
	}
	name, ok := p.nonEmptyStr(n, fmt.Sprintf("from of claim %q", c.Path))
	if !ok {
		return nil
	}
	c.From = name

	switch {
	case s.first():
		p.errorf(n, "remove from: it names a claim of the previous version", "claim %q has from %q, but %s is the first version", c.Path, name, s.version)
		return nil
	case !s.hasPrev:
		p.errorf(n, fmt.Sprintf("give claim %q a from naming its object in %s, or remove this from", s.parentPath, s.prevVersion),
			"claim %q has from %q, but %s has no object %q", c.Path, name, s.prevVersion, s.parentPath)
		return nil
	}
	origin := findClaim(s.prev, name)
	if origin == nil {
		noun := "claim of " + s.prevOwner
		if !s.topLevel() {
			noun = "member of " + s.prevOwner
		}
		p.errorf(n, namesHint(name, s.prev, s.prevOwner), "from %q of claim %q names no %s", name, c.Path, noun)
	}
	return origin
}

// checkUpgradable reports a required claim that tokens of the previous
// version cannot have, when nothing fills it during an upgrade.
func (p *parser) checkUpgradable(c *Claim, m *mapping, s claimScope, counterpart *Claim) {
	if c.UpgradeHook && s.first() {
		p.errorf(m.get("upgrade"), "remove upgrade: there is no earlier version to upgrade from", "claim %q has upgrade: hook, but %s is the first version", c.Path, s.version)
	}
	if c.UpgradeHook && s.list != "" && !s.first() {
		p.errorf(m.get("upgrade"), fmt.Sprintf("put upgrade: hook on claim %q to derive the whole list, or give this member a default", s.list),
			"claim %q has upgrade: hook, but it is a member of the items of []object claim %q, and a hook derives a claim of the whole token", c.Path, s.list)
	}
	if !s.hasPrev || s.hooked || !c.Required || counterpart != nil {
		return
	}
	if m.get("from") != nil || m.get("default") != nil || c.UpgradeHook {
		return
	}
	p.report(c.Pos, RuleRequiredClaimAdded, "add from, default or upgrade: hook",
		"required claim %q is new in %s, so tokens of %s cannot be upgraded", c.Path, s.version, s.prevVersion)
}

func findClaim(claims []*Claim, name string) *Claim {
	for _, c := range claims {
		if c.Name == name {
			return c
		}
	}
	return nil
}

// maxListedNames bounds how many names a hint lists.
const maxListedNames = 10

// namesHint suggests the claims of a level nearest to a name that is not
// there, or lists them.
func namesHint(name string, claims []*Claim, where string) string {
	names := make([]string, len(claims))
	for i, c := range claims {
		names[i] = c.Name
	}
	switch near := closestAll(name, names, 3); {
	case len(near) == 1:
		return fmt.Sprintf("did you mean %q?", near[0])
	case len(near) > 1:
		return fmt.Sprintf("did you mean one of %s?", quoteList(near))
	case len(names) == 0:
		return fmt.Sprintf("%s has no claims at this level", where)
	case len(names) > maxListedNames:
		return fmt.Sprintf("%s has %s, ...", where, quoteList(names[:maxListedNames]))
	}
	return fmt.Sprintf("%s has %s", where, quoteList(names))
}
