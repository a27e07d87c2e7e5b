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
	add(f, g.genVersionSet(), g.genVerifierType(), g.genNewVerifier(),
		g.genVerify(), g.genVerifyAnyVersion(), g.genVerifyToken(),
		g.genShadowCheck(), g.genShadowType(), g.genShadowName(), g.genCheckShadow())
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
	if v.Status == spec.StatusRetired {
		set("Retired", jen.True())
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

// genVersionSet declares the runtime.VersionSet of every version, from
// which VerifyVersion picks the rules of a token's version.
func (g *generator) genVersionSet() jen.Code {
	rules := make([]jen.Code, len(g.versions))
	for i, vp := range g.versions {
		rules[i] = jen.Op("&").Id(vp.rules)
	}
	fields := []jen.Code{jen.Id("Contract").Op(":").Lit(g.name)}
	if g.contract.VersionClaim != "" {
		fields = append(fields, jen.Id("VersionClaim").Op(":").Lit(g.contract.VersionClaim))
	}
	if g.contract.Unversioned != 0 {
		fields = append(fields, jen.Id("Unversioned").Op(":").Lit(g.contract.Unversioned))
	}
	fields = append(fields, jen.Id("Versions").Op(":").Index().Op("*").Qual(runtimePkg, "Rules").Values(rules...))
	doc := fmt.Sprintf("%s lists the token rules of every version of the %s contract, from which Verify picks those of a token's version.",
		g.versionSet, g.name)
	return jen.Add(comment(doc)).Line().
		Var().Id(g.versionSet).Op("=").Qual(runtimePkg, "VersionSet").Add(multiline(fields))
}

// genVerify declares Verify, which accepts every version that is still
// accepted and returns claims of the newest.
func (g *generator) genVerify() jen.Code {
	newest := g.versions[len(g.versions)-1]
	doc := fmt.Sprintf("Verify verifies token as VerifyVersion does and returns its claims, upgraded to version %d, the newest version of the %s contract.",
		newest.version.Number, g.name)
	return jen.Add(comment(doc)).Line().
		Func().Params(jen.Id("v").Op("*").Id(g.name+"Verifier")).Id("Verify").
		Params(jen.Id("ctx").Qual("context", "Context"), jen.Id("token").String()).
		Params(jen.Op("*").Id(g.name), jen.Error()).
		Block(
			jen.List(jen.Id("claims"), jen.Id("_"), jen.Err()).Op(":=").Id("v").Dot("VerifyVersion").Call(jen.Id("ctx"), jen.Id("token")),
			jen.Return(jen.Id("claims"), jen.Err()),
		)
}

// genVerifyAnyVersion declares VerifyVersion.
func (g *generator) genVerifyAnyVersion() jen.Code {
	newest := g.versions[len(g.versions)-1].version.Number
	var doc []string
	if len(g.versions) == 1 {
		doc = append(doc, fmt.Sprintf("VerifyVersion verifies token as a token of version %d, the only version of the %s contract, "+
			"and returns its claims and the version, %d.", newest, g.name, newest))
	} else {
		doc = append(doc, fmt.Sprintf("VerifyVersion verifies token as a token of any version of the %s contract that is still accepted, "+
			"upgrades its claims to version %d, the newest, and returns them with the version of the token.", g.name, newest))
	}
	var which string
	switch c := g.contract; {
	case c.VersionClaim != "" && c.Unversioned != 0:
		which = fmt.Sprintf("It reads the version from the %q claim; a token without it is version %d. ", c.VersionClaim, c.Unversioned)
	case c.VersionClaim != "":
		which = fmt.Sprintf("It reads the version from the %q claim and rejects a token without it. ", c.VersionClaim)
	}
	steps := which + "It rejects a retired version and a version whose accept_until time has come with an error wrapping " +
		"[runtime.ErrVersionRetired], and an unknown version with one wrapping [runtime.ErrVersionUnknown]. " +
		"Then it checks the signature, the token rules of the token's version and its claims with the Validate method of that version"
	if len(g.versions) > 1 {
		steps += ", and upgrades the claims one version at a time with the Upgrade methods. An error of an Upgrade method is returned as it is"
	}
	doc = append(doc, steps+". On an error the version is that of the token when it was read, and 0 otherwise.")
	return jen.Add(comment(doc...)).Line().
		Func().Params(jen.Id("v").Op("*").Id(g.name+"Verifier")).Id("VerifyVersion").
		Params(jen.Id("ctx").Qual("context", "Context"), jen.Id("token").String()).
		Params(jen.Op("*").Id(g.name), jen.Int(), jen.Error()).
		Block(
			jen.List(jen.Id("t"), jen.Id("rules"), jen.Err()).Op(":=").Id("v").Dot("verifier").Dot("ParseVersion").
				Call(jen.Id("ctx"), jen.Id("token"), jen.Op("&").Id(g.versionSet)),
			jen.If(jen.Err().Op("!=").Nil()).Block(jen.Return(jen.Nil(), jen.Lit(0), jen.Err())),
			jen.Return(jen.Id("v").Dot("verifyToken").Call(jen.Id("ctx"), jen.Id("t"), jen.Id("rules"))),
		)
}

// genVerifyToken declares the unexported verifyToken, which VerifyVersion
// and the shadow check share: it verifies a parsed token against the rules
// of its version and upgrades the claims to the newest version.
func (g *generator) genVerifyToken() jen.Code {
	claimsVar := func(vp *versionPlan) *jen.Statement { return jen.Id(fmt.Sprintf("claimsV%d", vp.version.Number)) }
	var decls []jen.Code
	var cases []jen.Code
	for _, vp := range g.versions {
		decls = append(decls, claimsVar(vp).Op("*").Id(vp.claims.name))
		verify := jen.Id("v").Dot("verifier").Dot("VerifyToken").Call(jen.Id("ctx"), jen.Id("t"), jen.Id("rules"), claimsVar(vp))
		if len(g.versions) > 1 {
			verify = jen.Id("v").Dot("verifier").Dot("VerifyTokenThen").Call(jen.Id("ctx"), jen.Id("t"), jen.Id("rules"), claimsVar(vp), jen.Id("upgrade"))
		}
		cases = append(cases, jen.Case(jen.Lit(vp.version.Number)).Block(
			claimsVar(vp).Op("=").New(jen.Id(vp.claims.name)),
			jen.Err().Op("=").Add(verify),
		))
	}
	decls = append(decls, jen.Err().Error())
	cases = append(cases, jen.Default().Block(jen.Return(jen.Nil(), jen.Id("rules").Dot("Version"), jen.Op("&").Qual(runtimePkg, "ValidationError").Custom(
		jen.Options{Open: "{", Close: "}", Separator: ",", Multi: true},
		jen.Id("Contract").Op(":").Lit(g.name),
		jen.Id("Version").Op(":").Id("rules").Dot("Version"),
		jen.Id("Rule").Op(":").Lit("version"),
		jen.Id("Detail").Op(":").Qual("fmt", "Sprintf").Call(jen.Lit("the verifier has no claims type for version %d"), jen.Id("rules").Dot("Version")),
		jen.Id("Err").Op(":").Qual(runtimePkg, "ErrVersionUnknown"),
	))))

	body := []jen.Code{
		jen.If(jen.Id("rules").Op("==").Nil()).Block(jen.Return(jen.Nil(), jen.Lit(0), jen.Op("&").Qual(runtimePkg, "ValidationError").Custom(
			jen.Options{Open: "{", Close: "}", Separator: ",", Multi: true},
			jen.Id("Contract").Op(":").Lit(g.name),
			jen.Id("Rule").Op(":").Lit("rules"),
			jen.Id("Detail").Op(":").Lit("no rules given"),
			jen.Id("Err").Op(":").Qual(runtimePkg, "ErrVersionUnknown"),
		))),
		jen.Var().Defs(decls...),
	}
	// upgrade runs inside VerifyTokenThen, so that a token whose upgrade
	// fails is reported to the observer as rejected. A contract of one
	// version has nothing to upgrade.
	if len(g.versions) > 1 {
		body = append(body, g.genUpgradeChain(claimsVar))
	}
	body = append(body,
		jen.Switch(jen.Id("rules").Dot("Version")).Block(cases...),
		jen.If(jen.Err().Op("!=").Nil()).Block(jen.Return(jen.Nil(), jen.Id("rules").Dot("Version"), jen.Err())),
		jen.Return(claimsVar(g.versions[len(g.versions)-1]), jen.Id("rules").Dot("Version"), jen.Nil()),
	)

	doc := "verifyToken verifies t, a token of the version of rules, and upgrades its claims to the newest version. " +
		"VerifyVersion and the shadow check share it."
	return jen.Add(comment(doc)).Line().
		Func().Params(jen.Id("v").Op("*").Id(g.name+"Verifier")).Id("verifyToken").
		Params(jen.Id("ctx").Qual("context", "Context"), jen.Id("t").Op("*").Qual(runtimePkg, "Token"), jen.Id("rules").Op("*").Qual(runtimePkg, "Rules")).
		Params(jen.Op("*").Id(g.name), jen.Int(), jen.Error()).
		Block(body...)
}

// genUpgradeChain declares the upgrade closure of verifyToken, which
// upgrades whichever claims variable the switch filled, one version at a
// time, to the newest version.
func (g *generator) genUpgradeChain(claimsVar func(*versionPlan) *jen.Statement) jen.Code {
	steps := []jen.Code{jen.Var().Err().Error()}
	for _, vp := range g.versions[1:] {
		prev := claimsVar(vp.prev)
		steps = append(steps, jen.If(prev.Clone().Op("!=").Nil()).Block(
			jen.If(
				jen.List(claimsVar(vp), jen.Err()).Op("=").Add(prev.Clone()).Dot("Upgrade").Call(),
				jen.Err().Op("!=").Nil(),
			).Block(jen.Return(jen.Err())),
		))
	}
	steps = append(steps, jen.Return(jen.Nil()))
	return jen.Id("upgrade").Op(":=").Func().Params().Error().Block(steps...)
}

// genShadowCheck declares ShadowCheck.
func (g *generator) genShadowCheck() jen.Code {
	doc := fmt.Sprintf("ShadowCheck returns v as a shadow candidate for another verifier. Passed to [runtime.WithShadow], "+
		"it checks every token that verifier accepts as Verify would, and reports the tokens it would reject under the name %q, "+
		"without rejecting them. Deploy it to learn what a new version of the contract would break before the new version ships.", g.name)
	return jen.Add(comment(doc)).Line().
		Func().Params(jen.Id("v").Op("*").Id(g.name+"Verifier")).Id("ShadowCheck").Params().Qual(runtimePkg, "ShadowCheck").
		Block(jen.Return(jen.Id(g.shadow).Values(jen.Id("verifier").Op(":").Id("v"))))
}

// genShadowType declares the type that ShadowCheck returns.
func (g *generator) genShadowType() jen.Code {
	doc := fmt.Sprintf("%s is the shadow candidate that %sVerifier.ShadowCheck returns.", g.shadow, g.name)
	return jen.Add(comment(doc)).Line().
		Type().Id(g.shadow).Struct(jen.Id("verifier").Op("*").Id(g.name + "Verifier"))
}

// genShadowName declares ShadowName on the shadow type.
func (g *generator) genShadowName() jen.Code {
	doc := fmt.Sprintf("ShadowName returns %q, the name of the candidate in reports.", g.name)
	return jen.Add(comment(doc)).Line().
		Func().Params(jen.Id("s").Id(g.shadow)).Id("ShadowName").Params().String().
		Block(jen.Return(jen.Lit(g.name)))
}

// genCheckShadow declares CheckShadow on the shadow type.
func (g *generator) genCheckShadow() jen.Code {
	doc := "CheckShadow returns the error that Verify would return for t, or nil."
	return jen.Add(comment(doc)).Line().
		Func().Params(jen.Id("s").Id(g.shadow)).Id("CheckShadow").
		Params(jen.Id("ctx").Qual("context", "Context"), jen.Id("t").Op("*").Qual(runtimePkg, "Token")).Error().
		Block(
			jen.List(jen.Id("rules"), jen.Err()).Op(":=").Id("s").Dot("verifier").Dot("verifier").Dot("SelectVersion").
				Call(jen.Id("ctx"), jen.Id("t"), jen.Op("&").Id(g.versionSet)),
			jen.If(jen.Err().Op("!=").Nil()).Block(jen.Return(jen.Err())),
			jen.List(jen.Id("_"), jen.Id("_"), jen.Err()).Op("=").Id("s").Dot("verifier").Dot("verifyToken").
				Call(jen.Id("ctx"), jen.Id("t"), jen.Id("rules")),
			jen.Return(jen.Err()),
		)
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
