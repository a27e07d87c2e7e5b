package gen

import (
	"fmt"
	"strings"

	"github.com/dave/jennifer/jen"

	"github.com/jwtgen/jwtgen/spec"
)

// issuerFile fills the BASE_issuer.go file: the issuer and one issue
// method per version.
func (g *generator) issuerFile(f *jen.File) {
	add(f, genGuard(), g.genIssuerType(), g.genNewIssuer())
	for _, vp := range g.versions {
		add(f, g.genIssueVersion(vp))
	}
}

// genIssuerType declares CIssuer.
func (g *generator) genIssuerType() jen.Code {
	doc := fmt.Sprintf("%sIssuer signs %s tokens. It never signs claims that break the rules of their version.", g.name, g.name)
	return jen.Add(comment(doc)).Line().
		Type().Id(g.name + "Issuer").Struct(jen.Id("issuer").Op("*").Qual(runtimePkg, "Issuer"))
}

// genNewIssuer declares NewCIssuer.
func (g *generator) genNewIssuer() jen.Code {
	name := g.name + "Issuer"
	doc := fmt.Sprintf("New%s returns an issuer of %s tokens that signs with signer and is configured by opts.", name, g.name)
	return jen.Add(comment(doc)).Line().
		Func().Id("New"+name).
		Params(jen.Id("signer").Qual(runtimePkg, "Signer"), jen.Id("opts").Op("...").Qual(runtimePkg, "Option")).
		Op("*").Id(name).
		Block(jen.Return(jen.Op("&").Id(name).Values(
			jen.Id("issuer").Op(":").Qual(runtimePkg, "NewIssuer").Call(jen.Id("signer"), jen.Id("opts").Op("...")),
		)))
}

// genIssueVersion declares IssueVN.
func (g *generator) genIssueVersion(vp *versionPlan) jen.Code {
	v := vp.version
	var sets []string
	if g.contract.VersionClaim != "" {
		sets = append(sets, fmt.Sprintf("the version claim %q", g.contract.VersionClaim))
	}
	if v.Token.Type != "" {
		sets = append(sets, fmt.Sprintf("the typ header %q", v.Token.Type))
	}
	doc := fmt.Sprintf("IssueV%d signs claims as a token of version %d of the %s contract and returns the token. "+
		"It fills iat, exp, jti, iss and aud where they are unset, from the token rules of version %d, ", v.Number, v.Number, g.name, v.Number)
	if len(sets) > 0 {
		doc += "sets " + joinList(sets) + ", "
	}
	doc += fmt.Sprintf("and checks the claims with %s.Validate before signing.", vp.claims.name)
	if v.IssueUntil != nil {
		doc += fmt.Sprintf(" From the issue_until time %s on, it returns an error instead.", formatTime(*v.IssueUntil))
	}
	doc += " It works on a copy of claims, so the caller's value is not modified."
	paras := []string{doc}
	if v.Status == spec.StatusRetired {
		paras = append(paras, g.retired(v, fmt.Sprintf("use IssueV%d", g.versions[len(g.versions)-1].version.Number)))
	}
	return jen.Add(comment(paras...)).Line().
		Func().Params(jen.Id("i").Op("*").Id(g.name+"Issuer")).Id(fmt.Sprintf("IssueV%d", v.Number)).
		Params(jen.Id("ctx").Qual("context", "Context"), jen.Id("claims").Op("*").Id(vp.claims.name)).
		Params(jen.String(), jen.Error()).
		Block(
			jen.Id("c").Op(":=").Op("*").Id("claims"),
			jen.Return(jen.Id("i").Dot("issuer").Dot("Issue").Call(
				jen.Id("ctx"), jen.Op("&").Id(vp.rules), jen.Op("&").Id("c"), jen.Op("&").Id("c").Dot("RegisteredClaims"))),
		)
}

// joinList writes items as "a, b and c".
func joinList(items []string) string {
	if len(items) == 1 {
		return items[0]
	}
	return strings.Join(items[:len(items)-1], ", ") + " and " + items[len(items)-1]
}
