package gen

import (
	"fmt"
	"strconv"
	"time"

	"github.com/dave/jennifer/jen"

	"github.com/jwtgen/jwtgen/spec"
)

// verifierFile fills the BASE_verifier.go file: the token rules of each
// version and the verifier.
func (g *generator) verifierFile(f *jen.File) {
	add(f, genGuard())
	for _, vp := range g.versions {
		add(f, g.genRules(vp))
	}
	add(f, g.genVerifierType(), g.genNewVerifier(), g.genVerify())
	for _, vp := range g.versions {
		add(f, g.genVerifyVersion(vp))
	}
}

// genRules declares the runtime.Rules of a version: its token section, its
// version claim and dates, and the JSON shape of its claims.
func (g *generator) genRules(vp *versionPlan) jen.Code {
	v := vp.version
	t := v.Token
	var fields []jen.Code
	set := func(name string, value jen.Code) {
		fields = append(fields, jen.Id(name).Op(":").Add(value))
	}
	set("Contract", jen.Lit(g.name))
	set("Version", jen.Lit(v.Number))
	if len(t.Algorithms) > 0 {
		set("Algorithms", stringSlice(t.Algorithms))
	}
	if t.Type != "" {
		set("Type", jen.Lit(t.Type))
	}
	if len(t.Issuers) > 0 {
		set("Issuers", stringSlice(t.Issuers))
	}
	if len(t.Audience) > 0 {
		set("Audience", stringSlice(t.Audience))
	}
	if t.MaxLifetime != 0 {
		set("MaxLifetime", duration(t.MaxLifetime))
	}
	if t.Leeway != 0 {
		set("Leeway", duration(t.Leeway))
	}
	if len(t.Require) > 0 {
		set("Require", stringSlice(t.Require))
	}
	if g.contract.VersionClaim != "" {
		set("VersionClaim", jen.Lit(g.contract.VersionClaim))
	}
	if g.contract.Unversioned == v.Number {
		set("Unversioned", jen.True())
	}
	if v.IssueUntil != nil {
		set("IssueUntil", date(*v.IssueUntil))
	}
	if v.AcceptUntil != nil {
		set("AcceptUntil", date(*v.AcceptUntil))
	}
	if len(v.Claims) > 0 {
		set("Claims", shapeObject(v.Claims))
	}
	doc := fmt.Sprintf("%s holds the token rules of version %d of the %s contract and the JSON shape of its claims.",
		vp.rules, v.Number, g.name)
	return jen.Add(comment(doc)).Line().
		Var().Id(vp.rules).Op("=").Qual(runtimePkg, "Rules").Add(multiline(fields))
}

// shapeObject returns the &runtime.Object literal that describes claims.
func shapeObject(claims []*spec.Claim) jen.Code {
	fields := make([]jen.Code, len(claims))
	for i, c := range claims {
		fields[i] = jen.Values(shapeField(c, c.Kind, true)...)
	}
	return jen.Op("&").Qual(runtimePkg, "Object").Values(
		jen.Id("Fields").Op(":").Index().Qual(runtimePkg, "Field").Add(multiline(fields)),
	)
}

// shapeField returns the keyed elements of the runtime.Field that
// describes a value of kind k of claim c. Array items have no name and are
// not required.
func shapeField(c *spec.Claim, k spec.Kind, member bool) []jen.Code {
	var elems []jen.Code
	if member {
		elems = append(elems, jen.Id("Name").Op(":").Lit(c.Name))
	}
	kind := func(name string) {
		elems = append(elems, jen.Id("Kind").Op(":").Qual(runtimePkg, name))
	}
	var extra jen.Code
	switch k {
	case spec.KindInt:
		kind("ShapeInt")
	case spec.KindNumber:
		kind("ShapeNumber")
	case spec.KindBool:
		kind("ShapeBool")
	case spec.KindTime:
		kind("ShapeTime")
	case spec.KindObject:
		kind("ShapeObject")
		extra = jen.Id("Object").Op(":").Add(shapeObject(c.Claims))
	case spec.KindArray:
		kind("ShapeArray")
		extra = jen.Id("Items").Op(":").Op("&").Qual(runtimePkg, "Field").Values(shapeField(c, c.Elem, false)...)
	case spec.KindMap:
		kind("ShapeMap")
	case spec.KindJSON:
		kind("ShapeJSON")
	case spec.KindScopes:
		if c.Encoding == spec.ScopesSpaceDelimited {
			kind("ShapeScopes")
		} else {
			kind("ShapeArray")
			extra = jen.Id("Items").Op(":").Op("&").Qual(runtimePkg, "Field").Values(
				jen.Id("Kind").Op(":").Qual(runtimePkg, "ShapeString"))
		}
	default: // string, url, email, uuid, enum
		kind("ShapeString")
	}
	if member && c.Required {
		elems = append(elems, jen.Id("Required").Op(":").True())
	}
	if extra != nil {
		elems = append(elems, extra)
	}
	return elems
}

// genVerifierType declares CVerifier.
func (g *generator) genVerifierType() jen.Code {
	doc := fmt.Sprintf("%sVerifier verifies %s tokens: the signature, the token rules and the claim rules of a contract version.", g.name, g.name)
	return jen.Add(comment(doc)).Line().
		Type().Id(g.name + "Verifier").Struct(jen.Id("verifier").Op("*").Qual(runtimePkg, "Verifier"))
}

// genNewVerifier declares NewCVerifier.
func (g *generator) genNewVerifier() jen.Code {
	name := g.name + "Verifier"
	doc := fmt.Sprintf("New%s returns a verifier of %s tokens that looks up verification keys in keys and is configured by opts.", name, g.name)
	return jen.Add(comment(doc)).Line().
		Func().Id("New"+name).
		Params(jen.Id("keys").Qual(runtimePkg, "KeySource"), jen.Id("opts").Op("...").Qual(runtimePkg, "Option")).
		Op("*").Id(name).
		Block(jen.Return(jen.Op("&").Id(name).Values(
			jen.Id("verifier").Op(":").Qual(runtimePkg, "NewVerifier").Call(jen.Id("keys"), jen.Id("opts").Op("...")),
		)))
}

// genVerify declares Verify, which accepts the newest version.
//
// TODO: accept every version inside its accept window and upgrade older
// claims to the newest version once upgrade adapters are generated.
func (g *generator) genVerify() jen.Code {
	newest := g.versions[len(g.versions)-1]
	n := newest.version.Number
	doc := fmt.Sprintf("Verify verifies token as a token of version %d, the newest version of the %s contract, and returns its claims.", n, g.name)
	if len(g.versions) > 1 {
		doc += fmt.Sprintf(" It rejects tokens of older versions: verify those with the method of their version, such as VerifyV%d.",
			g.versions[0].version.Number)
	}
	return jen.Add(comment(doc)).Line().
		Func().Params(jen.Id("v").Op("*").Id(g.name+"Verifier")).Id("Verify").
		Params(jen.Id("ctx").Qual("context", "Context"), jen.Id("token").String()).
		Params(jen.Op("*").Id(g.name), jen.Error()).
		Block(jen.Return(jen.Id("v").Dot(fmt.Sprintf("VerifyV%d", n)).Call(jen.Id("ctx"), jen.Id("token"))))
}

// genVerifyVersion declares VerifyVN.
func (g *generator) genVerifyVersion(vp *versionPlan) jen.Code {
	v := vp.version
	doc := []string{fmt.Sprintf("VerifyV%d verifies token as a token of version %d of the %s contract and returns its claims. "+
		"It checks the signature, the token rules of version %d and the claims with %s.Validate.",
		v.Number, v.Number, g.name, v.Number, vp.claims.name)}
	if v.Status == spec.StatusRetired {
		doc = append(doc, g.retired(v, "use Verify"))
	}
	return jen.Add(comment(doc...)).Line().
		Func().Params(jen.Id("v").Op("*").Id(g.name+"Verifier")).Id(fmt.Sprintf("VerifyV%d", v.Number)).
		Params(jen.Id("ctx").Qual("context", "Context"), jen.Id("token").String()).
		Params(jen.Op("*").Id(vp.claims.name), jen.Error()).
		Block(
			jen.Id("claims").Op(":=").New(jen.Id(vp.claims.name)),
			jen.If(
				jen.Err().Op(":=").Id("v").Dot("verifier").Dot("Verify").Call(
					jen.Id("ctx"), jen.Id("token"), jen.Op("&").Id(vp.rules), jen.Id("claims")),
				jen.Err().Op("!=").Nil(),
			).Block(jen.Return(jen.Nil(), jen.Err())),
			jen.Return(jen.Id("claims"), jen.Nil()),
		)
}

// multiline returns a composite literal body with one element per line.
func multiline(elems []jen.Code) jen.Code {
	return jen.Custom(jen.Options{Open: "{", Close: "}", Separator: ",", Multi: true}, elems...)
}

// stringSlice returns a []string literal.
func stringSlice(values []string) jen.Code {
	elems := make([]jen.Code, len(values))
	for i, v := range values {
		elems[i] = jen.Lit(v)
	}
	return jen.Index().String().Values(elems...)
}

// duration returns d as a multiple of the largest time unit that divides
// it, such as 15 * time.Minute.
func duration(d time.Duration) jen.Code {
	units := []struct {
		name string
		size time.Duration
	}{
		{"Hour", time.Hour}, {"Minute", time.Minute}, {"Second", time.Second},
		{"Millisecond", time.Millisecond}, {"Microsecond", time.Microsecond}, {"Nanosecond", time.Nanosecond},
	}
	i := 0
	for d%units[i].size != 0 {
		i++
	}
	if d == units[i].size {
		return jen.Qual("time", units[i].name)
	}
	return jen.Id(strconv.FormatInt(int64(d/units[i].size), 10)).Op("*").Qual("time", units[i].name)
}

// date returns t as a time.Date literal in UTC.
func date(t time.Time) jen.Code {
	t = t.UTC()
	return jen.Qual("time", "Date").Call(
		jen.Lit(t.Year()), jen.Qual("time", t.Month().String()), jen.Lit(t.Day()),
		jen.Lit(t.Hour()), jen.Lit(t.Minute()), jen.Lit(t.Second()), jen.Lit(t.Nanosecond()),
		jen.Qual("time", "UTC"),
	)
}
