package gen

import (
	"github.com/dave/jennifer/jen"

	"github.com/jwtgen/jwtgen/spec"
)

// genDecodeClaims declares DecodeClaims on a version's claims struct, which
// the verifier calls in place of encoding/json, or returns nil when a claim
// of the version has a kind that decodeField does not handle. Such a
// version's claims are decoded with encoding/json, as before.
func (g *generator) genDecodeClaims(vp *versionPlan) jen.Code {
	body := []jen.Code{
		jen.If(jen.Err().Op(":=").Id("p").Dot("DecodeRegistered").Call(jen.Op("&").Id("c").Dot("RegisteredClaims")), jen.Err().Op("!=").Nil()).Block(
			jen.Return(jen.Err()),
		),
	}
	for _, f := range vp.claims.fields {
		call := decodeField(f)
		if call == nil {
			return nil
		}
		body = append(body, jen.If(jen.Err().Op(":=").Add(call), jen.Err().Op("!=").Nil()).Block(
			jen.Return(jen.Err()),
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

// decodeField returns the call that decodes the claim of f into its field,
// or nil for an object, map, json or registered claim and for arrays of
// those, which only encoding/json decodes.
func decodeField(f *fieldPlan) *jen.Statement {
	c := f.claim
	if isRegisteredName(c.Name) {
		return nil
	}
	field := jen.Op("&").Id("c").Dot(f.name)
	name := jen.Lit(c.Name)

	switch c.Kind {
	case spec.KindArray:
		parse := parseFunc(f, c.Elem)
		if parse == nil {
			return nil
		}
		return jen.Qual(runtimePkg, "DecodeArray").Call(jen.Id("p"), name, field, parse)
	case spec.KindScopes:
		if c.Encoding == spec.ScopesSpaceDelimited {
			return jen.Qual(runtimePkg, "Decode").Call(jen.Id("p"), name, field, jen.Qual(runtimePkg, "ParseSpaceDelimited"))
		}
		return jen.Qual(runtimePkg, "DecodeArray").Call(jen.Id("p"), name, field, jen.Qual(runtimePkg, "ParseString").Types(jen.String()))
	}
	parse := parseFunc(f, c.Kind)
	if parse == nil {
		return nil
	}
	decode := "Decode"
	if isPointer(c) {
		decode = "DecodePtr"
	}
	return jen.Qual(runtimePkg, decode).Call(jen.Id("p"), name, field, parse)
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
