package gen

import (
	"github.com/dave/jennifer/jen"

	"github.com/jwtgen/jwtgen/spec"
)

// genDecodeClaims declares DecodeClaims on a version's claims struct, which
// the verifier calls in place of encoding/json, followed by the decode
// method of each object claim's struct, which DecodeClaims reaches.
//
// The method reads the registered claims with Payload.DecodeRegistered and
// then visits each payload member once, choosing its field with a switch
// on the member name, so that no claim is looked up by name. The loader
// rejects claims named like registered claims at the top level, so no
// case of the switch shadows one.
func (g *generator) genDecodeClaims(vp *versionPlan) jen.Code {
	body := []jen.Code{
		jen.If(jen.Err().Op(":=").Id("p").Dot("DecodeRegistered").Call(jen.Op("&").Id("c").Dot("RegisteredClaims")), jen.Err().Op("!=").Nil()).Block(
			jen.Return(jen.Err()),
		),
	}
	body = append(body, decodeMembers("c", vp.claims, "claim %q: %w")...)

	doc := comment("DecodeClaims fills c from p, the payload of a token whose claims have passed the verifier's shape checks. " +
		"The verifier calls it in place of encoding/json; applications have no need to call it.")
	code := jen.Add(doc).Line().
		Func().Params(jen.Id("c").Op("*").Id(vp.claims.name)).Id("DecodeClaims").
		Params(jen.Id("p").Qual(runtimePkg, "Payload")).Error().
		Block(body...)
	for _, o := range vp.objects {
		code.Line().Line().Add(genObjectDecode(o))
	}
	return code
}

// genObjectDecode declares the decode method of the struct of an object
// claim, which fills the struct from the members of one JSON object.
func genObjectDecode(s *structPlan) jen.Code {
	doc := comment("decode fills o from p, the members of a JSON object that has passed the verifier's shape checks.")
	return jen.Add(doc).Line().
		Func().Params(jen.Id("o").Op("*").Id(s.name)).Id("decode").
		Params(jen.Id("p").Qual(runtimePkg, "Payload")).Error().
		Block(decodeMembers("o", s, "member %q: %w")...)
}

// decodeMembers returns the statements that visit each member of p once
// and parse the value of each member that s declares into the field of
// recv, followed by the return. errFormat wraps the error of a member with
// its name.
func decodeMembers(recv string, s *structPlan, errFormat string) []jen.Code {
	var cases []jen.Code
	for _, f := range s.fields {
		cases = append(cases, jen.Case(jen.Lit(f.claim.Name)).Block(decodeField(recv, f)...))
	}
	if len(cases) == 0 {
		return []jen.Code{jen.Return(jen.Nil())}
	}
	return []jen.Code{
		jen.For(jen.Id("i").Op(":=").Range().Id("p").Dot("Len").Call()).Block(
			jen.List(jen.Id("name"), jen.Id("raw")).Op(":=").Id("p").Dot("Member").Call(jen.Id("i")),
			jen.Var().Err().Error(),
			jen.Switch(jen.Id("name")).Block(cases...),
			jen.If(jen.Err().Op("!=").Nil()).Block(
				jen.Return(jen.Qual("fmt", "Errorf").Call(jen.Lit(errFormat), jen.Id("name"), jen.Err())),
			),
		),
		jen.Return(jen.Nil()),
	}
}

// decodeField returns the statements that parse raw, the value of the
// claim of f, into the field of recv and set err.
func decodeField(recv string, f *fieldPlan) []jen.Code {
	c := f.claim
	field := jen.Id(recv).Dot(f.name)
	if c.Kind == spec.KindObject {
		// The field is filled in place, as encoding/json fills a struct,
		// after a new struct is allocated for an optional object.
		decode := jen.Err().Op("=").Qual(runtimePkg, "DecodeObject").Call(jen.Id("raw"), jen.Id(recv).Dot(f.name).Dot("decode"))
		if isPointer(c) {
			return []jen.Code{field.Op("=").New(jen.Id(f.object.name)), decode}
		}
		return []jen.Code{decode}
	}

	var call *jen.Statement
	switch c.Kind {
	case spec.KindArray:
		if c.Elem == spec.KindObject {
			call = jen.Qual(runtimePkg, "ParseObjects").Call(jen.Id("raw"), jen.Parens(jen.Op("*").Id(f.object.name)).Dot("decode"))
		} else {
			call = jen.Qual(runtimePkg, "ParseArray").Call(jen.Id("raw"), parseFunc(f, c.Elem))
		}
	case spec.KindScopes:
		if c.Encoding == spec.ScopesSpaceDelimited {
			call = jen.Qual(runtimePkg, "ParseSpaceDelimited").Call(jen.Id("raw"))
		} else {
			call = jen.Qual(runtimePkg, "ParseArray").Call(jen.Id("raw"), jen.Qual(runtimePkg, "ParseString").Types(jen.String()))
		}
	default:
		parse := parseFunc(f, c.Kind)
		if isPointer(c) {
			call = jen.Qual(runtimePkg, "ParsePointer").Call(jen.Id("raw"), parse)
		} else {
			call = jen.Add(parse).Call(jen.Id("raw"))
		}
	}
	return []jen.Code{jen.List(field, jen.Err()).Op("=").Add(call)}
}

// parseFunc returns the runtime function that parses one value of kind k,
// which is any kind but object, array and scopes.
func parseFunc(f *fieldPlan, k spec.Kind) jen.Code {
	switch k {
	case spec.KindInt:
		return jen.Qual(runtimePkg, "ParseInt")
	case spec.KindNumber:
		return jen.Qual(runtimePkg, "ParseNumber")
	case spec.KindBool:
		return jen.Qual(runtimePkg, "ParseBool")
	case spec.KindTime:
		return jen.Qual(runtimePkg, "ParseNumericDate")
	case spec.KindEnum:
		return jen.Qual(runtimePkg, "ParseString").Types(jen.Id(f.enum.name))
	case spec.KindMap:
		return jen.Qual(runtimePkg, "ParseMap")
	case spec.KindJSON:
		return jen.Qual(runtimePkg, "ParseRaw")
	default: // string, url, email, uuid
		return jen.Qual(runtimePkg, "ParseString").Types(jen.String())
	}
}
