package gen

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/dave/jennifer/jen"

	"github.com/jwtgen/jwtgen/spec"
)

// claimsFile fills the BASE_claims.go file: the alias of the newest
// version, the scope constants, the enum types and, per version, the
// claims structs with their validation, DecodeClaims and HasScope.
func (g *generator) claimsFile(f *jen.File) {
	add(f, genGuard(), g.genAlias())
	if len(g.scopes) > 0 {
		add(f, g.genScopes())
	}
	for _, e := range g.enums {
		add(f, g.genEnumType(e), g.genEnumValues(e))
	}
	for _, vp := range g.versions {
		add(f, g.genStruct(vp, vp.claims))
		for _, o := range vp.objects {
			add(f, g.genStruct(vp, o))
		}
		for _, field := range vp.patterns {
			add(f, g.genPattern(vp, field))
		}
		add(f, g.genValidate(vp))
		add(f, g.genDecodeClaims(vp))
		if vp.scopes != nil {
			add(f, g.genHasScope(vp))
		}
		for _, o := range vp.objects {
			if g.validates(o) {
				add(f, g.genObjectValidate(o))
			}
		}
	}
}

// genAlias declares C as an alias of the newest version's struct.
func (g *generator) genAlias() jen.Code {
	newest := g.versions[len(g.versions)-1]
	doc := append([]string{fmt.Sprintf("%s is %s, the claims of the newest version of the %s contract.",
		g.name, newest.claims.name, g.name)}, paragraphs(g.contract.Description)...)
	return jen.Add(comment(doc...)).Line().
		Type().Id(g.name).Op("=").Id(newest.claims.name)
}

// genScopes declares one constant per scope that any version declares.
func (g *generator) genScopes() jen.Code {
	defs := make([]jen.Code, 0, len(g.scopes))
	for _, k := range g.scopes {
		doc := fmt.Sprintf("%s is the scope %q.", k.name, k.value)
		if len(k.versions) < len(g.versions) {
			doc += fmt.Sprintf(" Only %s %s it.", versionList(k.versions), plural(len(k.versions), "declares", "declare"))
		}
		defs = append(defs, jen.Add(comment(doc)).Line().Id(k.name).Op("=").Lit(k.value))
	}
	doc := fmt.Sprintf("The scopes that the %s contract declares. A token may carry other scopes, but HasScope never reports them.", g.name)
	return jen.Add(comment(doc)).Line().Const().Defs(defs...)
}

// genEnumType declares the named string type of an enum claim path.
func (g *generator) genEnumType(e *enumType) jen.Code {
	doc := append([]string{fmt.Sprintf("%s is the type of the %q claim, whose values are the constants below.", e.name, e.path)},
		paragraphs(e.claim.Description)...)
	return jen.Add(comment(doc...)).Line().Type().Id(e.name).String()
}

// genEnumValues declares the constants of an enum type: the values of
// every version, in the order they first appear.
func (g *generator) genEnumValues(e *enumType) jen.Code {
	defs := make([]jen.Code, 0, len(e.values))
	for _, k := range e.values {
		doc := fmt.Sprintf("%s is the %q value of the %q claim.", k.name, k.value, e.path)
		if len(k.versions) < len(e.versions) {
			doc += fmt.Sprintf(" Only %s %s it.", versionList(k.versions), plural(len(k.versions), "accepts", "accept"))
		}
		defs = append(defs, jen.Add(comment(doc)).Line().Id(k.name).Id(e.name).Op("=").Lit(k.value))
	}
	return jen.Add(comment(fmt.Sprintf("The values of %s.", e.name))).Line().Const().Defs(defs...)
}

// genStruct declares a version's claims struct or the struct of an object
// claim.
func (g *generator) genStruct(vp *versionPlan, s *structPlan) jen.Code {
	v := vp.version
	var doc []string
	var fields []jen.Code
	if s.field == nil {
		doc = append(doc, fmt.Sprintf("%s holds the claims of version %d of the %s contract.%s",
			s.name, v.Number, g.name, lifetimeSentence(v)))
		doc = append(doc, paragraphs(v.Description)...)
		if v.Status == spec.StatusRetired {
			doc = append(doc, g.retired(v, "use "+g.versions[len(g.versions)-1].claims.name))
		}
		fields = append(fields, jen.Qual(jwtPkg, "RegisteredClaims"))
	} else {
		what := "the value"
		if s.field.claim.Kind == spec.KindArray {
			what = "an item"
		}
		doc = append(doc, fmt.Sprintf("%s is %s of the %q claim of version %d of the %s contract.",
			s.name, what, s.field.path, v.Number, g.name))
		doc = append(doc, paragraphs(s.field.claim.Description)...)
	}
	for _, f := range s.fields {
		if len(fields) > 0 {
			fields = append(fields, jen.Line())
		}
		fields = append(fields, g.genField(f))
	}
	return jen.Add(comment(doc...)).Line().Type().Id(s.name).Struct(fields...)
}

// genField declares the struct field of one claim.
func (g *generator) genField(f *fieldPlan) jen.Code {
	c := f.claim
	doc := append([]string{fmt.Sprintf("%s is the %q claim.", f.name, f.path)}, paragraphs(c.Description)...)
	switch {
	case !c.Required:
	case isPointer(c) || nillable(c):
		doc = append(doc, "It is required: verifiers reject a token without it, and issuers refuse to sign while it is nil.")
	default:
		doc = append(doc, "It is required: verifiers reject a token without it. Issuers send the field even when it is unset, as its zero value, which the claim's rules may reject.")
	}
	if c.Deprecated {
		doc = append(doc, fmt.Sprintf("Deprecated: the %s contract deprecates the %q claim.", g.name, f.path))
	}
	tag := c.Name
	if !c.Required {
		tag += ",omitempty"
	}
	return jen.Add(comment(doc...)).Line().Id(f.name).Add(g.goType(f)).Tag(map[string]string{"json": tag})
}

// goType returns the Go type of the field of f: a pointer for an optional
// scalar or object and for every time, a slice for arrays.
func (g *generator) goType(f *fieldPlan) *jen.Statement {
	c := f.claim
	switch c.Kind {
	case spec.KindArray:
		return jen.Index().Add(g.valueType(f, c.Elem))
	case spec.KindScopes:
		if c.Encoding == spec.ScopesSpaceDelimited {
			return jen.Qual(runtimePkg, "SpaceDelimited")
		}
		return jen.Index().String()
	}
	if isPointer(c) {
		return jen.Op("*").Add(g.valueType(f, c.Kind))
	}
	return g.valueType(f, c.Kind)
}

// valueType returns the Go type of one value of kind k.
func (g *generator) valueType(f *fieldPlan, k spec.Kind) *jen.Statement {
	switch k {
	case spec.KindInt:
		return jen.Int64()
	case spec.KindNumber:
		return jen.Float64()
	case spec.KindBool:
		return jen.Bool()
	case spec.KindTime:
		return jen.Qual(jwtPkg, "NumericDate")
	case spec.KindEnum:
		return jen.Id(f.enum.name)
	case spec.KindObject:
		return jen.Id(f.object.name)
	case spec.KindMap:
		return jen.Map(jen.String()).String()
	case spec.KindJSON:
		return jen.Qual("encoding/json", "RawMessage")
	default: // string, url, email, uuid
		return jen.String()
	}
}

// isPointer reports whether the field of c is a pointer: every time, and
// optional scalars and objects, so that nil marks an absent claim, distinct
// from a zero value.
func isPointer(c *spec.Claim) bool {
	switch c.Kind {
	case spec.KindTime:
		return true
	case spec.KindArray, spec.KindScopes, spec.KindMap, spec.KindJSON:
		return false
	}
	return !c.Required
}

// genPattern declares the compiled pattern of a claim.
func (g *generator) genPattern(vp *versionPlan, f *fieldPlan) jen.Code {
	var literal jen.Code = jen.Lit(f.claim.Pattern)
	if strconv.CanBackquote(f.claim.Pattern) {
		literal = jen.Op("`" + f.claim.Pattern + "`")
	}
	doc := fmt.Sprintf("%s is the pattern of the %q claim of version %d.", f.pattern, f.path, vp.version.Number)
	return jen.Add(comment(doc)).Line().
		Var().Id(f.pattern).Op("=").Qual("regexp", "MustCompile").Call(literal)
}

// genHasScope declares HasScope on a version whose claims include scopes.
func (g *generator) genHasScope(vp *versionPlan) jen.Code {
	f := vp.scopes
	n := vp.version.Number
	contains := jen.Qual("slices", "Contains").Call(jen.Id("c").Dot(f.name), jen.Id("scope"))
	var doc string
	var body []jen.Code
	if len(f.claim.Values) == 0 {
		doc = fmt.Sprintf("HasScope reports whether the %q claim of c includes scope. Version %d declares no scope values, so every scope counts.", f.path, n)
		body = []jen.Code{jen.Return(contains)}
	} else {
		doc = fmt.Sprintf("HasScope reports whether the %q claim of c includes scope and version %d of the %s contract declares scope. "+
			"A scope that the version does not declare never satisfies a requirement, even when the token carries it.", f.path, n, g.name)
		cases := make([]jen.Code, len(f.claim.Values))
		for i, value := range f.claim.Values {
			cases[i] = jen.Id(g.scopeByValue[value].name)
		}
		body = []jen.Code{
			jen.Switch(jen.Id("scope")).Block(jen.Case(cases...).Block(jen.Return(contains))),
			jen.Return(jen.False()),
		}
	}
	return jen.Add(comment(doc)).Line().
		Func().Params(jen.Id("c").Op("*").Id(vp.claims.name)).Id("HasScope").
		Params(jen.Id("scope").String()).Bool().Block(body...)
}

// retired returns the Deprecated paragraph of a retired version, ending
// with advice unless v is the newest version.
func (g *generator) retired(v *spec.Version, advice string) string {
	text := fmt.Sprintf("Deprecated: version %d of %s is retired", v.Number, g.name)
	if v == g.contract.Versions[len(g.contract.Versions)-1] {
		return text + "."
	}
	return text + "; " + advice + "."
}

// lifetimeSentence returns sentences, each with a leading space, about the
// deprecation and the issue_until and accept_until times of v, or "" when
// v has none of them.
func lifetimeSentence(v *spec.Version) string {
	var parts []string
	if v.IssueUntil != nil {
		parts = append(parts, "issuers stop minting it at "+formatTime(*v.IssueUntil))
	}
	if v.AcceptUntil != nil {
		parts = append(parts, "verifiers stop accepting it at "+formatTime(*v.AcceptUntil))
	}
	var b strings.Builder
	// A retired version gets a Deprecated paragraph instead.
	if v.Status == spec.StatusDeprecated {
		fmt.Fprintf(&b, " Version %d is deprecated.", v.Number)
	}
	if len(parts) > 0 {
		sentence := strings.Join(parts, " and ")
		fmt.Fprintf(&b, " %s%s.", strings.ToUpper(sentence[:1]), sentence[1:])
	}
	return b.String()
}

// formatTime writes t as an RFC 3339 UTC time.
func formatTime(t time.Time) string {
	return t.UTC().Format(time.RFC3339)
}

// versionList writes version numbers as "version 2", "versions 2 and 3"
// or "versions 1, 2 and 4".
func versionList(numbers []int) string {
	words := make([]string, len(numbers))
	for i, n := range numbers {
		words[i] = strconv.Itoa(n)
	}
	if len(words) == 1 {
		return "version " + words[0]
	}
	return "versions " + strings.Join(words[:len(words)-1], ", ") + " and " + words[len(words)-1]
}

// plural returns one when n is 1 and many otherwise.
func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}
