package gen

import (
	"github.com/dave/jennifer/jen"

	"github.com/jwtgen/jwtgen/spec"
)

// genDecodeClaims declares DecodeClaims on a version's claims struct, which
// the verifier calls in place of encoding/json, or returns nil when a claim
// of the version has a kind that decodeField does not handle. Such a
// version's claims are decoded with encoding/json, as before.
//
// The method reads the registered claims with Payload.DecodeRegistered and
// then visits each payload member once, choosing its field with a switch
// on the member name, so that no claim is looked up by name.
func (g *generator) genDecodeClaims(vp *versionPlan) jen.Code {
	var cases []jen.Code
	for _, f := range vp.claims.fields {
		assign := decodeField(f)
		if assign == nil {
			return nil
		}
		cases = append(cases, jen.Case(jen.Lit(f.claim.Name)).Block(assign))
	}

	body := []jen.Code{
		jen.If(jen.Err().Op(":=").Id("p").Dot("DecodeRegistered").Call(jen.Op("&").Id("c").Dot("RegisteredClaims")), jen.Err().Op("!=").Nil()).Block(
			jen.Return(jen.Err()),
		),
	}
	if len(cases) > 0 {
		body = append(body, jen.For(jen.Id("i").Op(":=").Range().Id("p").Dot("Len").Call()).Block(
			jen.List(jen.Id("name"), jen.Id("raw")).Op(":=").Id("p").Dot("Member").Call(jen.Id("i")),
			jen.Var().Err().Error(),
			jen.Switch(jen.Id("name")).Block(cases...),
			jen.If(jen.Err().Op("!=").Nil()).Block(
				jen.Return(jen.Qual("fmt", "Errorf").Call(jen.Lit("claim %q: %w"), jen.Id("name"), jen.Err())),
			),
		))
	}
	body = append(body, jen.Return(jen.Nil()))

	doc := comment("DecodeClaims fills c from p, the payload of a token whose claims have passed the verifier's shape checks. " +
		"The verifier calls it in place of encoding/json; applications have no need to call it.")
	return jen.Add(doc).Line().
		Func().Params(jen.Id("c").Op("*").Id(vp.claims.name)).Id("DecodeClaims").
		Params(jen.Id("p").Qual(runtimePkg, "Payload")).Error().
		Block(body...)
}

// decodeField returns the assignment that parses raw, the value of the
// claim of f, into its field, or nil for an object, map, json or
// registered claim and for arrays of those, which only encoding/json
// decodes.
func decodeField(f *fieldPlan) *jen.Statement {
	c := f.claim
	if isRegisteredName(c.Name) {
		return nil
	}
	var call *jen.Statement
	switch c.Kind {
	case spec.KindArray:
		parse := parseFunc(f, c.Elem)
		if parse == nil {
			return nil
		}
		call = jen.Qual(runtimePkg, "ParseArray").Call(jen.Id("raw"), parse)
	case spec.KindScopes:
		if c.Encoding == spec.ScopesSpaceDelimited {
			call = jen.Qual(runtimePkg, "ParseSpaceDelimited").Call(jen.Id("raw"))
		} else {
			call = jen.Qual(runtimePkg, "ParseArray").Call(jen.Id("raw"), jen.Qual(runtimePkg, "ParseString").Types(jen.String()))
		}
	default:
		parse := parseFunc(f, c.Kind)
		if parse == nil {
			return nil
		}
		if isPointer(c) {
			call = jen.Qual(runtimePkg, "ParsePointer").Call(jen.Id("raw"), parse)
		} else {
			call = jen.Add(parse).Call(jen.Id("raw"))
		}
	}
	return jen.List(jen.Id("c").Dot(f.name), jen.Err()).Op("=").Add(call)
}

// parseFunc returns the runtime function that parses one value of kind k,
// or nil when there is none.
func parseFunc(f *fieldPlan, k spec.Kind) jen.Code {
	switch k {
	case spec.KindString, spec.KindURL, spec.KindEmail, spec.KindUUID:
		return jen.Qual(runtimePkg, "ParseString").Types(jen.String())
	case spec.KindEnum:
		return jen.Qual(runtimePkg, "ParseString").Types(jen.Id(f.enum.name))
	case spec.KindInt:
		return jen.Qual(runtimePkg, "ParseInt")
	case spec.KindNumber:
		return jen.Qual(runtimePkg, "ParseNumber")
	case spec.KindBool:
		return jen.Qual(runtimePkg, "ParseBool")
	case spec.KindTime:
		return jen.Qual(runtimePkg, "ParseNumericDate")
	}
	return nil
}

// isRegisteredName reports whether name is a claim registered in RFC 7519
// §4.1, whose field comes from jwt.RegisteredClaims.
func isRegisteredName(name string) bool {
	switch name {
	case "iss", "sub", "aud", "exp", "nbf", "iat", "jti":
		return true
	}
	return false
}
