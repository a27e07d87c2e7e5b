package gen

import (
	"fmt"
	"math"
	"regexp"
	"strconv"

	"github.com/jwtgen/jwtgen/spec"
)

// Rule IDs of the diagnostics that Generate returns.
const (
	ruleGoNameInvalid    = "GO_NAME_INVALID"
	ruleGoNameCollision  = "GO_NAME_COLLISION"
	ruleClaimUnsupported = "CLAIM_UNSUPPORTED"
	ruleNotUpgradable    = "UPGRADE_NOT_DERIVABLE"
)

// plan is everything the generator decides before writing code: the Go
// names of every declaration, the Go type of every claim and the enum and
// scope constants. Building it first finds every problem of a contract
// before any file is rendered.
type plan struct {
	contract *spec.Contract
	name     string // the contract name, prefix of every exported identifier
	lower    string // lowerCamel(name), prefix of every unexported identifier

	versions []*versionPlan
	enums    []*enumType // first-seen order
	scopes   []*constant // first-seen order

	enumByPath   map[string]*enumType
	scopeByValue map[string]*constant
	idents       map[string]declaration
	diags        spec.Diagnostics

	// versionSet names the package-level runtime.VersionSet of every
	// version, and shadow the type that ShadowCheck returns.
	versionSet string
	shadow     string
}

// declaration records which part of the contract a package-level Go
// identifier was made for, so a collision can name both parts.
type declaration struct {
	what string // "the claims struct of version 2", "enum value \"admin\" of claim \"role\""
	pos  spec.Pos
	// hint is the fix to suggest for a collision, or empty when only
	// renaming the contract changes the identifier.
	hint string
}

// versionPlan holds the declarations of one contract version.
type versionPlan struct {
	version *spec.Version
	claims  *structPlan   // the version's claims struct, CVN
	objects []*structPlan // nested structs of object claims, depth first
	// patterns are the fields whose claim has a pattern, in file order.
	patterns []*fieldPlan
	// scopes is the top-level scopes claim that HasScope reads, or nil.
	scopes *fieldPlan
	rules  string // name of the package-level runtime.Rules variable

	// prev is the version before this one, or nil for the first. up is
	// the adapter from prev to this version, which prev's Upgrade method
	// runs, and down the adapter back, which this version's Downgrade
	// method runs, or nil when no downgrade is derivable.
	prev *versionPlan
	up   *spec.UpgradePlan
	down *spec.DowngradePlan
	// hooks are the upgrade hooks that prev's Upgrade calls, by name.
	hooks map[string]*hookPlan
	// hookOrder lists hooks in the order Upgrade calls them.
	hookOrder []*hookPlan
	// upObjects and downObjects are the conversions of object claims that
	// Upgrade and Downgrade call, in the order they are first called.
	upObjects   []*objectConversion
	downObjects []*objectConversion
}

// hookPlan is an upgrade hook: a function the user writes that derives one
// claim of a version from the claims of the version before.
type hookPlan struct {
	name  string // such as upgradeOrdersAccessV3Region
	path  string // the claim path, or the registered claim name
	field *fieldPlan
}

// objectConversion is an unexported method that converts the struct of an
// object claim into the struct of the object claim of the adjacent version
// that continues it: "func (o *From) toTo(root *FromVersion, path string)
// (To, error)".
type objectConversion struct {
	from, to *fieldPlan
	step     *spec.Step
	// source and target are the versions of from and to.
	source, target *versionPlan
}

// method returns the name of the conversion method.
func (o *objectConversion) method() string {
	return "to" + o.to.object.name
}

// structPlan is a generated struct: a version's claims or the members of an
// object claim.
type structPlan struct {
	name   string
	field  *fieldPlan // the object claim's field; nil for a version's claims
	fields []*fieldPlan
	// reserved are the names that the struct gets elsewhere, such as the
	// promoted fields of jwt.RegisteredClaims, so no field may take them.
	reserved []reservedName

	checked  bool // validate is computed
	validate bool // it has a validate method
}

// reservedName is a field or method name that no claim may take.
type reservedName struct {
	name string
	what string // "the field Issuer promoted from jwt.RegisteredClaims"
}

// fieldPlan is one claim as a struct field.
type fieldPlan struct {
	claim *spec.Claim
	name  string // Go field name
	path  string // dotted JSON path from the payload root
	// enum is the named type of an enum or []enum claim.
	enum *enumType
	// object is the struct of an object or []object claim.
	object *structPlan
	// pattern names the package-level regexp variable of the claim's
	// pattern, or is empty.
	pattern string
	// re is the compiled pattern.
	re *regexp.Regexp
	// goPath is the Go name of the field prefixed with the Go names of the
	// object claims above it, such as "ProfileAddress".
	goPath string
	// registered is set on the fields that stand for registered claims in
	// adapters, whose Go types come from jwt.RegisteredClaims.
	registered bool
}

// enumType is the named string type of the enum claims at one path, shared
// by every version.
type enumType struct {
	name   string
	path   string
	claim  *spec.Claim // the first claim at the path, in file order
	values []*constant
	byName map[string]*constant
	// versions lists the versions that declare an enum at this path.
	versions []int
}

// constant is one enum value or scope.
type constant struct {
	name  string // Go identifier
	value string
	// versions lists the versions whose claim declares the value.
	versions []int
}

// registeredFields are the fields and methods that a claims struct gets
// from the embedded jwt.RegisteredClaims, in golang-jwt v5.
var registeredFields = []struct{ name, what string }{
	{"RegisteredClaims", "the embedded field RegisteredClaims"},
	{"Issuer", "the field Issuer promoted from jwt.RegisteredClaims"},
	{"Subject", "the field Subject promoted from jwt.RegisteredClaims"},
	{"Audience", "the field Audience promoted from jwt.RegisteredClaims"},
	{"ExpiresAt", "the field ExpiresAt promoted from jwt.RegisteredClaims"},
	{"NotBefore", "the field NotBefore promoted from jwt.RegisteredClaims"},
	{"IssuedAt", "the field IssuedAt promoted from jwt.RegisteredClaims"},
	{"ID", "the field ID promoted from jwt.RegisteredClaims"},
	{"GetExpirationTime", "the method GetExpirationTime promoted from jwt.RegisteredClaims"},
	{"GetIssuedAt", "the method GetIssuedAt promoted from jwt.RegisteredClaims"},
	{"GetNotBefore", "the method GetNotBefore promoted from jwt.RegisteredClaims"},
	{"GetIssuer", "the method GetIssuer promoted from jwt.RegisteredClaims"},
	{"GetSubject", "the method GetSubject promoted from jwt.RegisteredClaims"},
	{"GetAudience", "the method GetAudience promoted from jwt.RegisteredClaims"},
	{"Validate", "the generated method Validate"},
	{"HasScope", "the generated method HasScope"},
	{"DecodeClaims", "the generated method DecodeClaims"},
}

// newPlan checks c and decides every name. On failure the error is a
// spec.Diagnostics with every problem found, sorted by position.
func newPlan(c *spec.Contract) (*plan, error) {
	p := &plan{
		contract:     c,
		name:         c.Name,
		lower:        lowerCamel(c.Name),
		enumByPath:   map[string]*enumType{},
		scopeByValue: map[string]*constant{},
		idents:       map[string]declaration{},
		versionSet:   lowerCamel(c.Name) + "Versions",
		shadow:       lowerCamel(c.Name) + "Shadow",
	}
	if !isExportedIdent(c.Name) {
		p.errorf(at(c.At, "contract", c.Pos), ruleGoNameInvalid,
			"an exported Go identifier such as OrdersAccess",
			"contract name %q is not an exported Go identifier", c.Name)
		return nil, p.diags
	}
	if len(c.Versions) == 0 {
		p.errorf(c.Pos, "", "", "contract %s declares no version", c.Name)
		return nil, p.diags
	}

	p.declare(c.Name, "the alias of the newest version", c.Pos, "")
	p.declare(c.Name+"Verifier", "the verifier type", c.Pos, "")
	p.declare("New"+c.Name+"Verifier", "the verifier constructor", c.Pos, "")
	p.declare(c.Name+"Issuer", "the issuer type", c.Pos, "")
	p.declare("New"+c.Name+"Issuer", "the issuer constructor", c.Pos, "")
	p.declare(p.versionSet, "the version set of the verifier", c.Pos, "")
	p.declare(p.shadow, "the shadow check type", c.Pos, "")
	for i, v := range c.Versions {
		var prev *versionPlan
		if i > 0 {
			prev = p.versions[i-1]
		}
		p.planVersion(v, prev, i == len(c.Versions)-1)
	}
	if len(p.diags) == 0 {
		for _, vp := range p.versions {
			p.planAdapters(vp)
		}
	}

	if len(p.diags) > 0 {
		p.diags.Sort()
		return nil, p.diags
	}
	return p, nil
}

// planVersion decides the names and types of version v. prev is the
// version before it, or nil, and newest is set for the last version.
func (p *plan) planVersion(v *spec.Version, prev *versionPlan, newest bool) {
	vp := &versionPlan{
		version: v,
		claims:  &structPlan{name: fmt.Sprintf("%sV%d", p.name, v.Number)},
		rules:   fmt.Sprintf("%sV%dRules", p.lower, v.Number),
		prev:    prev,
		hooks:   map[string]*hookPlan{},
	}
	if prev != nil {
		vp.up = spec.PlanUpgrade(prev.version, v)
		if down := spec.PlanDowngrade(v, prev.version); down.Derivable() {
			vp.down = down
		}
	}
	p.versions = append(p.versions, vp)
	p.declare(vp.claims.name, fmt.Sprintf("the claims struct of version %d", v.Number), v.Pos, "")
	p.declare(vp.rules, fmt.Sprintf("the token rules of version %d", v.Number), v.Pos, "")

	for _, r := range registeredFields {
		vp.claims.reserve(r.name, r.what)
	}
	if !newest {
		vp.claims.reserve("Upgrade", "the generated method Upgrade")
	}
	if vp.down != nil {
		vp.claims.reserve("Downgrade", "the generated method Downgrade")
	}
	p.planFields(vp, vp.claims, v.Claims, "", "")
}

// planFields adds a field to s for each claim and plans nested objects.
// pathPrefix is the JSON path of s and goPrefix its Go path, both empty
// for a version's claims.
func (p *plan) planFields(vp *versionPlan, s *structPlan, claims []*spec.Claim, pathPrefix, goPrefix string) {
	version := vp.version.Number
	for _, c := range claims {
		f := &fieldPlan{claim: c, name: c.GoName, path: c.Name}
		if pathPrefix != "" {
			f.path = pathPrefix + "." + c.Name
		}
		if f.name == "" {
			f.name = goName(c.Name)
		}
		if !p.checkField(s, f) {
			continue
		}
		s.fields = append(s.fields, f)
		f.goPath = goPrefix + f.name
		if !p.checkKind(f) || !p.checkConstraints(f) {
			continue
		}
		goPath := goPrefix + f.name
		claimHint := fmt.Sprintf("set go_name on claim %q to another exported Go name", c.Name)

		if c.ItemKind() == spec.KindEnum {
			f.enum = p.planEnum(f, goPath, version)
		}
		if c.Kind == spec.KindScopes {
			p.planScopes(f, version)
			if pathPrefix == "" {
				if vp.scopes != nil {
					p.errorf(c.Pos, ruleClaimUnsupported,
						"declare the scopes a token carries in one claim",
						"version %d declares the scopes claim %q besides %q, but HasScope reads one scopes claim",
						version, c.Name, vp.scopes.claim.Name)
				} else {
					vp.scopes = f
				}
			}
		}
		if c.ItemKind() == spec.KindObject {
			o := &structPlan{name: fmt.Sprintf("%sV%d%s", p.name, version, goPath), field: f}
			p.declare(o.name, fmt.Sprintf("the struct of object claim %q of version %d", f.path, version), c.Pos, claimHint)
			o.reserve("validate", "the generated method validate")
			f.object = o
			vp.objects = append(vp.objects, o)
			p.planFields(vp, o, c.Claims, f.path, goPath)
		}
		if c.Pattern != "" {
			f.re = c.PatternRE
			if f.re == nil {
				re, err := regexp.Compile(c.Pattern)
				if err != nil {
					p.errorf(at(c.At, "pattern", c.Pos), "", "write an RE2 regular expression",
						"pattern of claim %q does not compile: %v", f.path, err)
					continue
				}
				f.re = re
			}
			f.pattern = fmt.Sprintf("%sV%d%sPattern", p.lower, version, goPath)
			p.declare(f.pattern, fmt.Sprintf("the pattern of claim %q of version %d", f.path, version), c.Pos, claimHint)
			vp.patterns = append(vp.patterns, f)
		}
	}
}

// reserve records a name that no field of s may take.
func (s *structPlan) reserve(name, what string) {
	s.reserved = append(s.reserved, reservedName{name: name, what: what})
}

// checkField checks the field name and the JSON name of f against the
// fields already in s. It reports whether f can be added.
func (p *plan) checkField(s *structPlan, f *fieldPlan) bool {
	c := f.claim
	hint := fmt.Sprintf("set go_name on claim %q to another exported Go name", c.Name)
	if !isJSONTagName(c.Name) {
		p.errorf(c.Pos, ruleGoNameInvalid, "rename the claim",
			"claim name %q cannot be written in a Go JSON struct tag", c.Name)
		return false
	}
	if !isExportedIdent(f.name) {
		pos := c.Pos
		if c.GoName != "" {
			pos = at(c.At, "go_name", c.Pos)
		}
		p.errorf(pos, ruleGoNameInvalid, hint,
			"claim %q gets the Go field name %q, which is not an exported Go identifier", f.path, f.name)
		return false
	}
	collides := func(what string) bool {
		p.errorf(c.Pos, ruleGoNameCollision, hint,
			"claim %q gets the Go field name %s, which %s already has: %s",
			f.path, f.name, s.name, what)
		return false
	}
	for _, r := range s.reserved {
		if r.name == f.name {
			return collides(r.what)
		}
	}
	for _, other := range s.fields {
		if other.name == f.name {
			return collides(fmt.Sprintf("the field of claim %q (%s)", other.path, other.claim.Pos))
		}
	}
	return true
}

// checkKind reports whether the generator supports the kind of f.
func (p *plan) checkKind(f *fieldPlan) bool {
	c := f.claim
	supported := func(k spec.Kind) bool {
		for _, known := range spec.Kinds {
			if k == known {
				return true
			}
		}
		return false
	}
	switch {
	case c.Kind == spec.KindArray && (c.Elem == spec.KindArray || c.Elem == spec.KindScopes || !supported(c.Elem)):
		p.errorf(at(c.At, "type", c.Pos), ruleClaimUnsupported, "use one of the claim types other than scopes as the item type",
			"claim %q has the array item type %q, which the generator does not support", f.path, c.Elem)
		return false
	case c.Kind != spec.KindArray && !supported(c.Kind):
		p.errorf(at(c.At, "type", c.Pos), ruleClaimUnsupported, "use one of the claim types of the contract format",
			"claim %q has the type %q, which the generator does not support", f.path, c.Kind)
		return false
	case c.Kind == spec.KindScopes && c.Encoding != spec.ScopesSpaceDelimited && c.Encoding != spec.ScopesArray:
		p.errorf(at(c.At, "encoding", c.Pos), ruleClaimUnsupported, "set encoding to space-delimited or array",
			"scopes claim %q has the encoding %q", f.path, c.Encoding)
		return false
	case c.ItemKind() == spec.KindEnum && len(c.Values) == 0:
		p.errorf(c.Pos, ruleClaimUnsupported, "list the allowed values under values",
			"enum claim %q declares no values", f.path)
		return false
	}
	return true
}

// checkConstraints reports whether every constraint set on f applies to
// its kind, and so can be generated.
func (p *plan) checkConstraints(f *fieldPlan) bool {
	c := f.claim
	item := c.ItemKind()
	textual := item == spec.KindString || item == spec.KindURL || item == spec.KindEmail ||
		item == spec.KindUUID || item == spec.KindEnum || item == spec.KindScopes
	numeric := item == spec.KindInt || item == spec.KindNumber
	list := c.Kind == spec.KindArray || c.Kind == spec.KindScopes
	rules := []struct {
		key     string
		set     bool
		applies bool
	}{
		{"values", len(c.Values) > 0, item == spec.KindEnum || item == spec.KindScopes},
		{"pattern", c.Pattern != "", textual},
		{"min_length", c.MinLength != nil, textual},
		{"max_length", c.MaxLength != nil, textual},
		{"minimum", c.Minimum != nil, numeric},
		{"maximum", c.Maximum != nil, numeric},
		{"min_items", c.MinItems != nil, list},
		{"max_items", c.MaxItems != nil, list},
		{"const", c.HasConst, !list && (textual || numeric || item == spec.KindBool)},
	}
	ok := true
	for _, r := range rules {
		if r.set && !r.applies {
			p.errorf(at(c.At, r.key, c.Pos), ruleClaimUnsupported, "remove the constraint",
				"constraint %s does not apply to claim %q of type %s", r.key, f.path, typeName(c))
			ok = false
		}
	}
	if c.HasConst && ok {
		if _, err := constLiteral(c); err != nil {
			p.errorf(at(c.At, "const", c.Pos), ruleClaimUnsupported, "write a const value of the claim's type",
				"const of claim %q: %v", f.path, err)
			ok = false
		}
	}
	if item == spec.KindInt {
		for _, bound := range []struct {
			key   string
			value *float64
		}{{"minimum", c.Minimum}, {"maximum", c.Maximum}} {
			if bound.value != nil && (math.IsNaN(*bound.value) || math.Abs(*bound.value) >= 1<<63) {
				p.errorf(at(c.At, bound.key, c.Pos), ruleClaimUnsupported, "write a bound that fits a 64-bit integer",
					"%s of int claim %q is outside the int64 range", bound.key, f.path)
				ok = false
			}
		}
	}
	return ok
}

// typeName returns the type of c as the contract file writes it.
func typeName(c *spec.Claim) string {
	if c.Kind == spec.KindArray {
		return "[]" + string(c.Elem)
	}
	return string(c.Kind)
}

// constLiteral returns the Go constant that the const of c is compared
// with, checked against the claim's kind.
func constLiteral(c *spec.Claim) (string, error) {
	switch c.Kind {
	case spec.KindBool:
		if b, ok := c.Const.(bool); ok {
			return strconv.FormatBool(b), nil
		}
	case spec.KindInt:
		switch n := c.Const.(type) {
		case int64:
			return strconv.FormatInt(n, 10), nil
		case float64:
			if n == math.Trunc(n) && math.Abs(n) < 1<<63 {
				return strconv.FormatInt(int64(n), 10), nil
			}
			return "", fmt.Errorf("%v is not a 64-bit integer", n)
		}
	case spec.KindNumber:
		switch n := c.Const.(type) {
		case int64:
			return strconv.FormatInt(n, 10), nil
		case float64:
			if !math.IsInf(n, 0) && !math.IsNaN(n) {
				return strconv.FormatFloat(n, 'g', -1, 64), nil
			}
		}
	default:
		if s, ok := c.Const.(string); ok {
			return strconv.Quote(s), nil
		}
	}
	return "", fmt.Errorf("%#v is a %s, not a value of type %s", c.Const, jsonTypeName(c.Const), c.Kind)
}

// jsonTypeName names the JSON type of a value decoded from the contract.
func jsonTypeName(v any) string {
	switch v.(type) {
	case string:
		return "string"
	case int64, float64:
		return "number"
	case bool:
		return "boolean"
	case nil:
		return "null"
	}
	return fmt.Sprintf("%T", v)
}

// planEnum returns the named type of the enum claim of f, creating it at
// the first version that declares the path, and adds the claim's values.
func (p *plan) planEnum(f *fieldPlan, goPath string, version int) *enumType {
	c := f.claim
	e := p.enumByPath[f.path]
	if e == nil {
		e = &enumType{name: p.name + goPath, path: f.path, claim: c, byName: map[string]*constant{}}
		p.enumByPath[f.path] = e
		p.enums = append(p.enums, e)
		p.declare(e.name, fmt.Sprintf("the enum type of claim %q", f.path), c.Pos,
			fmt.Sprintf("set go_name on claim %q to another exported Go name", c.Name))
	}
	e.versions = append(e.versions, version)
	for _, value := range c.Values {
		k := e.byName[value]
		if k == nil {
			k = p.newConstant(e.name, value, fmt.Sprintf("enum value %q of claim %q", value, f.path), at(c.At, "values", c.Pos))
			if k == nil {
				continue
			}
			e.byName[value] = k
			e.values = append(e.values, k)
		}
		k.versions = append(k.versions, version)
	}
	return e
}

// planScopes adds the scopes that the claim of f declares to the scope
// constants.
func (p *plan) planScopes(f *fieldPlan, version int) {
	c := f.claim
	for _, value := range c.Values {
		k := p.scopeByValue[value]
		if k == nil {
			k = p.newConstant(p.name+"Scope", value, fmt.Sprintf("scope %q of claim %q", value, f.path), at(c.At, "values", c.Pos))
			if k == nil {
				continue
			}
			p.scopeByValue[value] = k
			p.scopes = append(p.scopes, k)
		}
		if n := len(k.versions); n == 0 || k.versions[n-1] != version {
			k.versions = append(k.versions, version)
		}
	}
}

// newConstant declares the constant prefix + goName(value), or reports
// why it cannot and returns nil.
func (p *plan) newConstant(prefix, value, what string, pos spec.Pos) *constant {
	suffix := goName(value)
	if suffix == "" {
		p.errorf(pos, ruleGoNameInvalid, "give every value at least one letter or digit",
			"%s has no letter or digit to form a Go name from", what)
		return nil
	}
	k := &constant{name: prefix + suffix, value: value}
	if !p.declare(k.name, what, pos, "change one of the values so that their letters and digits differ") {
		return nil
	}
	return k
}

// declare records a package-level identifier. When the name is taken it
// reports a collision naming both declarations and returns false. hint
// is the fix to suggest, or empty when only renaming the contract changes
// the identifier.
func (p *plan) declare(name, what string, pos spec.Pos, hint string) bool {
	first, taken := p.idents[name]
	if !taken {
		p.idents[name] = declaration{what: what, pos: pos, hint: hint}
		return true
	}
	switch {
	case hint != "":
	case first.hint != "":
		hint = first.hint
	default:
		hint = "rename the contract"
	}
	p.errorf(pos, ruleGoNameCollision, hint,
		"Go identifier %s for %s collides with %s (%s)", name, what, first.what, first.pos)
	return false
}

// errorf adds an error diagnostic.
func (p *plan) errorf(pos spec.Pos, rule, hint, format string, args ...any) {
	p.diags = append(p.diags, spec.Diagnostic{
		Pos:      pos,
		Severity: spec.SeverityError,
		Rule:     rule,
		Message:  fmt.Sprintf(format, args...),
		Hint:     hint,
	})
}

// at returns the position of the value of key, or def when the model does
// not record it.
func at(positions spec.Positions, key string, def spec.Pos) spec.Pos {
	if pos, ok := positions[key]; ok {
		return pos
	}
	return def
}

// registeredGoFields maps the registered claims that a version's upgrade
// section may fill to their fields in jwt.RegisteredClaims.
var registeredGoFields = map[string]string{
	"iss": "Issuer",
	"sub": "Subject",
	"aud": "Audience",
	"jti": "ID",
}

// registeredField returns the field that stands for the registered claim
// name in adapters.
func registeredField(name string) *fieldPlan {
	c := &spec.Claim{Name: name, Path: name, Kind: spec.KindString}
	if name == "aud" {
		c.Kind, c.Elem = spec.KindArray, spec.KindString
	}
	return &fieldPlan{claim: c, name: registeredGoFields[name], path: name, goPath: registeredGoFields[name], registered: true}
}

// planAdapters checks that the claims of vp can be derived from the
// version before it, and names the hooks and object conversions that the
// adapters between the two call.
func (p *plan) planAdapters(vp *versionPlan) {
	if vp.prev == nil {
		return
	}
	for _, s := range vp.up.Problems() {
		p.errorf(s.Claim.Pos, ruleNotUpgradable, "add from, default or upgrade: hook",
			"claim %q of version %d cannot be derived from version %d: %s",
			s.Path, vp.version.Number, vp.prev.version.Number, s.Problem)
	}
	for _, r := range vp.up.Registered {
		if r.Problem != "" {
			p.errorf(r.Pos, ruleNotUpgradable, "name a string claim of the previous version in from, or write hook",
				"registered claim %q of version %d cannot be derived from claim %q of version %d: %s",
				r.Claim, vp.version.Number, r.From, vp.prev.version.Number, r.Problem)
		}
	}
	if len(p.diags) > 0 {
		return
	}

	p.planSteps(vp, vp.up.Steps, vp.prev.claims, vp.claims, vp.prev, vp, &vp.upObjects)
	for _, r := range vp.up.Registered {
		if r.Hook {
			p.planHook(vp, r.Claim, registeredField(r.Claim), r.Pos)
		}
	}
	if vp.down != nil {
		p.planSteps(vp, vp.down.Steps, vp.claims, vp.prev.claims, vp, vp.prev, &vp.downObjects)
	}
}

// planSteps records the hooks and the object conversions of steps, which
// fill the fields of the struct to, of version target, from the fields of
// the struct from, of version source, members included.
func (p *plan) planSteps(vp *versionPlan, steps []*spec.Step, from, to *structPlan, source, target *versionPlan, objects *[]*objectConversion) {
	for _, s := range steps {
		switch {
		case s.Kind == spec.StepHook:
			p.planHook(vp, s.Path, to.fieldFor(s.Claim), s.Claim.Pos)
		case s.Has(spec.ConvertMembers):
			o := &objectConversion{from: from.fieldFor(s.Source), to: to.fieldFor(s.Claim), step: s, source: source, target: target}
			*objects = append(*objects, o)
			p.planSteps(vp, s.Members, o.from.object, o.to.object, source, target, objects)
		}
	}
}

// fieldFor returns the field of s for claim c, a claim at the level of s.
func (s *structPlan) fieldFor(c *spec.Claim) *fieldPlan {
	for _, f := range s.fields {
		if f.claim.Name == c.Name {
			return f
		}
	}
	return nil
}

// hookName returns the name of the upgrade hook that fills f, a field of
// vp or of one of its objects.
func hookName(vp *versionPlan, f *fieldPlan) string {
	return "upgrade" + vp.claims.name + f.goPath
}

// planHook declares the hook that fills f, a field of vp at path.
func (p *plan) planHook(vp *versionPlan, path string, f *fieldPlan, pos spec.Pos) {
	h := &hookPlan{name: hookName(vp, f), path: path, field: f}
	hint := fmt.Sprintf("set go_name on claim %q to another exported Go name", path)
	if f.registered {
		hint = ""
	}
	what := fmt.Sprintf("the upgrade hook of claim %q of version %d", path, vp.version.Number)
	if !p.declare(h.name, what, pos, hint) {
		return
	}
	vp.hooks[h.name] = h
	vp.hookOrder = append(vp.hookOrder, h)
}
