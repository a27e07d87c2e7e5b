package gen

import (
	"fmt"
	"strings"

	"github.com/dave/jennifer/jen"

	"github.com/jwtgen/jwtgen/spec"
)

// adaptersFile fills the BASE_adapters.go file: Upgrade on every version
// but the newest, Downgrade on every version whose claims convert back to
// the version before, and the conversions of object claims they call. A
// contract of one version gets the file with the runtime guard only, so
// that the set of generated files does not depend on the versions.
func (g *generator) adaptersFile(f *jen.File) {
	add(f, genGuard())
	for _, vp := range g.versions {
		if vp.prev == nil {
			continue
		}
		add(f, g.genUpgrade(vp))
		for _, o := range vp.upObjects {
			add(f, g.genObjectConversion(o, "Upgrade"))
		}
		if vp.down == nil {
			continue
		}
		add(f, g.genDowngrade(vp))
		for _, o := range vp.downObjects {
			add(f, g.genObjectConversion(o, "Downgrade"))
		}
	}
}

// genUpgrade declares Upgrade on the claims struct of the version before
// vp, which converts them to claims of vp.
func (g *generator) genUpgrade(vp *versionPlan) jen.Code {
	from, to := vp.prev, vp
	older, newer := from.version.Number, to.version.Number
	doc := []string{fmt.Sprintf("Upgrade converts c, the claims of a version %d token, to the claims of version %d of the %s contract. "+
		"It copies the registered claims, fills each claim of version %d as the contract's from, default and upgrade keys specify, "+
		"and checks the result with %s.Validate. It returns an error, and no claims, when a step fails or the result breaks a claim rule of version %d. "+
		"It does not apply the token rules of version %d: a version %d token was issued under its own. "+
		"The result shares no slice, map or pointer with c, apart from those of the registered claims and the values that upgrade hooks return.",
		older, newer, g.name, newer, to.claims.name, newer, newer, older)}
	if len(to.hookOrder) > 0 {
		doc = append(doc, "It calls these upgrade hooks, which you write in a file of this package that jwtgen does not generate, "+
			"to derive the claims that the contract marks with upgrade: hook:")
		var lines []string
		for _, h := range to.hookOrder {
			lines = append(lines, fmt.Sprintf("  - %s to derive %q:", h.name, h.path),
				fmt.Sprintf("    func %s(old *%s) (%s, error)", h.name, from.claims.name, g.typeText(g.fieldType(h.field))))
		}
		doc = append(doc, strings.Join(lines, "\n"))
	}
	if from.version.Status == spec.StatusRetired {
		doc = append(doc, g.retired(from.version, "use "+g.versions[len(g.versions)-1].claims.name))
	}

	a := &adapter{generator: g, source: from, target: to, from: from.claims, to: to.claims, hooks: to.hooks, src: "c", root: "c"}
	steps := a.steps(vp.up.Steps)
	for _, r := range vp.up.Registered {
		steps = append(steps, a.registered(r)...)
	}
	body := a.start("Upgrade", older)
	body = append(body, steps...)
	body = append(body, a.finish()...)

	return jen.Add(comment(doc...)).Line().
		Func().Params(jen.Id("c").Op("*").Id(from.claims.name)).Id("Upgrade").Params().
		Params(jen.Op("*").Id(to.claims.name), jen.Error()).
		Block(body...)
}

// genDowngrade declares Downgrade on the claims struct of vp, which
// converts them to claims of the version before.
func (g *generator) genDowngrade(vp *versionPlan) jen.Code {
	from, to := vp, vp.prev
	newer, older := from.version.Number, to.version.Number
	doc := []string{fmt.Sprintf("Downgrade converts c to the claims of version %d of the %s contract, for issuers that must still mint version %d tokens. "+
		"It copies the registered claims, reverses the renames and conversions of %s.Upgrade, fills the claims that version %d lacks with their defaults, "+
		"and checks the result with %s.Validate. It returns an error, and no claims, when a value does not fit version %d.",
		older, g.name, older, to.claims.name, newer, to.claims.name, older)}
	if to.version.Status == spec.StatusRetired {
		doc = append(doc, fmt.Sprintf("Deprecated: version %d of %s is retired, so issuers no longer mint its tokens.", older, g.name))
	}

	a := &adapter{generator: g, source: from, target: to, from: from.claims, to: to.claims, src: "c", root: "c"}
	steps := a.steps(vp.down.Steps)
	body := a.start("Downgrade", newer)
	body = append(body, steps...)
	body = append(body, a.finish()...)

	return jen.Add(comment(doc...)).Line().
		Func().Params(jen.Id("c").Op("*").Id(from.claims.name)).Id("Downgrade").Params().
		Params(jen.Op("*").Id(to.claims.name), jen.Error()).
		Block(body...)
}

// start returns the beginning of Upgrade or Downgrade (method) on the
// claims of version n: the nil check, the result with the registered
// claims copied, and errs when a step can fail. Call it after the steps
// are generated.
func (a *adapter) start(method string, n int) []jen.Code {
	body := []jen.Code{
		jen.If(jen.Id("c").Op("==").Nil()).Block(jen.Return(jen.Nil(), jen.Qual("errors", "New").Call(
			jen.Lit(fmt.Sprintf("%s v%d: %s called on nil claims", a.name, n, method))))),
		jen.Id("out").Op(":=").Op("&").Id(a.to.name).Values(jen.Id("RegisteredClaims").Op(":").Id("c").Dot("RegisteredClaims")),
	}
	if a.failable {
		body = append(body, jen.Var().Id("errs").Index().Error())
	}
	return body
}

// finish returns the end of Upgrade and Downgrade: the joined errors of
// the steps, when a step can fail, else the result of Validate.
func (a *adapter) finish() []jen.Code {
	var end []jen.Code
	if a.failable {
		end = append(end, jen.If(jen.Err().Op(":=").Qual("errors", "Join").Call(jen.Id("errs").Op("...")), jen.Err().Op("!=").Nil()).
			Block(jen.Return(jen.Nil(), jen.Err())))
	}
	return append(end,
		jen.If(jen.Err().Op(":=").Id("out").Dot("Validate").Call(), jen.Err().Op("!=").Nil()).
			Block(jen.Return(jen.Nil(), jen.Err())),
		jen.Return(jen.Id("out"), jen.Nil()),
	)
}

// genObjectConversion declares the method that converts the struct of an
// object claim for Upgrade or Downgrade (method).
func (g *generator) genObjectConversion(o *objectConversion, method string) jen.Code {
	what := "the value"
	if o.from.claim.Kind == spec.KindArray {
		what = "an item"
	}
	doc := fmt.Sprintf("%s converts o, %s of the %q claim of version %d, to a value of the %q claim of version %d for %s.%s. "+
		"root holds the claims that o belongs to, which upgrade hooks receive, and path is the claim path of the result, which errors name.",
		o.method(), what, o.from.path, o.source.version.Number, o.to.path, o.target.version.Number, o.source.claims.name, method)

	a := &adapter{generator: g, source: o.source, target: o.target, from: o.from.object, to: o.to.object, src: "o", root: "root", nested: true}
	if method == "Upgrade" {
		a.hooks = o.target.hooks
	}
	steps := a.steps(o.step.Members)
	body := []jen.Code{jen.Var().Id("out").Id(o.to.object.name)}
	if a.failable {
		body = append(body, jen.Var().Id("errs").Index().Error())
		body = append(body, steps...)
		body = append(body, jen.Return(jen.Id("out"), jen.Qual("errors", "Join").Call(jen.Id("errs").Op("..."))))
	} else {
		body = append(body, steps...)
		body = append(body, jen.Return(jen.Id("out"), jen.Nil()))
	}

	return jen.Add(comment(doc)).Line().
		Func().Params(jen.Id("o").Op("*").Id(o.from.object.name)).Id(o.method()).
		Params(jen.Id("root").Op("*").Id(o.source.claims.name), jen.Id("path").String()).
		Params(jen.Id(o.to.object.name), jen.Error()).
		Block(body...)
}
