package gen

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/dave/jennifer/jen"

	"github.com/jwtgen/jwtgen/spec"
)

// target is the struct whose fields a generated validation method checks:
// a version's claims in Validate, or an object claim's members in its
// validate method, which takes the Violations and the claim path of the
// object as parameters.
type target struct {
	recv   string
	nested bool
}

// field returns the expression of f's field.
func (t target) field(f *fieldPlan) *jen.Statement {
	return jen.Id(t.recv).Dot(f.name)
}

// path returns the expression of the claim path of f.
func (t target) path(f *fieldPlan) jen.Code {
	if t.nested {
		return jen.Id("path").Op("+").Lit("." + f.claim.Name)
	}
	return jen.Lit(f.claim.Name)
}

// itemPath returns the expression of the claim path of item i of f, such
// as "roles[2]".
func (t target) itemPath(f *fieldPlan) jen.Code {
	name := strings.ReplaceAll(f.claim.Name, "%", "%%")
	if t.nested {
		return jen.Qual("fmt", "Sprintf").Call(jen.Lit("%s."+name+"[%d]"), jen.Id("path"), jen.Id("i"))
	}
	return jen.Qual("fmt", "Sprintf").Call(jen.Lit(name+"[%d]"), jen.Id("i"))
}

// violations returns the *runtime.Violations argument for the validate
// method of a nested object.
func (t target) violations() jen.Code {
	if t.nested {
		return jen.Id("v")
	}
	return jen.Op("&").Id("v")
}

// check is one generated check statement. A plain "if cond { action }"
// keeps its parts, so that the caller can join cond with a nil check.
type check struct {
	cond   *jen.Statement
	action jen.Code
	stmt   jen.Code // any other statement, when cond is nil
}

// code returns the statement of k.
func (k check) code() jen.Code {
	if k.cond == nil {
		return k.stmt
	}
	return jen.If(k.cond).Block(k.action)
}

// statements returns the statements of checks.
func statements(checks []check) []jen.Code {
	out := make([]jen.Code, len(checks))
	for i, k := range checks {
		out[i] = k.code()
	}
	return out
}

// genValidate declares Validate on a version's claims struct.
func (g *generator) genValidate(vp *versionPlan) jen.Code {
	n := vp.version.Number
	checks := g.structChecks(target{recv: "c"}, vp.claims)
	var doc string
	var body []jen.Code
	if len(checks) == 0 {
		doc = fmt.Sprintf("Validate checks c against the claim rules of version %d of the %s contract. "+
			"The version has no claim rule beyond those golang-jwt checks, so it returns nil.", n, g.name)
		body = []jen.Code{jen.Return(jen.Nil())}
	} else {
		doc = fmt.Sprintf("Validate checks c against the claim rules of version %d of the %s contract "+
			"that golang-jwt does not check itself. It returns nil, or an error that wraps "+
			"[runtime.ErrClaimMissing] or [runtime.ErrClaimInvalid] for each failed rule.", n, g.name)
		body = append(body, jen.Id("v").Op(":=").Qual(runtimePkg, "Violations").Values(
			jen.Id("Contract").Op(":").Lit(g.name),
			jen.Id("Version").Op(":").Lit(n),
		))
		body = append(body, checks...)
		body = append(body, jen.Return(jen.Id("v").Dot("Err").Call()))
	}
	return jen.Add(comment(doc)).Line().
		Func().Params(jen.Id("c").Op("*").Id(vp.claims.name)).Id("Validate").Params().Error().
		Block(body...)
}

// genObjectValidate declares the validate method of an object claim's
// struct.
func (g *generator) genObjectValidate(s *structPlan) jen.Code {
	t := target{recv: "o", nested: true}
	doc := `validate adds to v a violation for each claim rule that o breaks. path is the claim path of o, such as "address" or "items[2]".`
	return jen.Add(comment(doc)).Line().
		Func().Params(jen.Id("o").Op("*").Id(s.name)).Id("validate").
		Params(jen.Id("v").Op("*").Qual(runtimePkg, "Violations"), jen.Id("path").String()).
		Block(g.structChecks(t, s)...)
}

// validates reports whether the struct of an object claim has any rule to
// check, and so a validate method.
func (g *generator) validates(s *structPlan) bool {
	if !s.checked {
		s.checked = true
		s.validate = len(g.structChecks(target{recv: "o", nested: true}, s)) > 0
	}
	return s.validate
}

// structChecks returns the statements that check every field of s.
func (g *generator) structChecks(t target, s *structPlan) []jen.Code {
	var checks []jen.Code
	for _, f := range s.fields {
		checks = append(checks, g.claimChecks(t, f)...)
	}
	return checks
}

// claimChecks returns the statements that check the claim of f: presence
// when it is required, then its value. An optional claim is checked only
// when present.
func (g *generator) claimChecks(t target, f *fieldPlan) []jen.Code {
	c := f.claim
	field := func() *jen.Statement { return t.field(f) }
	missing := func() jen.Code {
		return jen.If(field().Op("==").Nil()).Block(jen.Id("v").Dot("Missing").Call(t.path(f)))
	}
	switch c.Kind {
	case spec.KindArray, spec.KindScopes:
		count := countChecks(func() *jen.Statement { return jen.Len(field()) }, func() jen.Code { return t.path(f) },
			"min_items", "max_items", c.MinItems, c.MaxItems, "items")
		loop := g.itemLoop(t, f)
		var inner []jen.Code
		if count != nil {
			inner = append(inner, count)
		}
		if loop != nil {
			inner = append(inner, loop)
		}
		switch {
		case c.Required && len(inner) == 0:
			return []jen.Code{missing()}
		case c.Required && loop == nil:
			return []jen.Code{jen.If(field().Op("==").Nil()).
				Block(jen.Id("v").Dot("Missing").Call(t.path(f))).
				Else().Add(count)}
		case c.Required:
			return []jen.Code{jen.If(field().Op("==").Nil()).
				Block(jen.Id("v").Dot("Missing").Call(t.path(f))).
				Else().Block(inner...)}
		case count != nil:
			// An absent optional claim has no item count to check.
			return []jen.Code{jen.If(field().Op("!=").Nil()).Block(inner...)}
		}
		return inner
	case spec.KindObject:
		if !g.validates(f.object) {
			return nil
		}
		call := field().Dot("validate").Call(t.violations(), t.path(f))
		if c.Required {
			return []jen.Code{call}
		}
		return []jen.Code{jen.If(field().Op("!=").Nil()).Block(call)}
	case spec.KindTime, spec.KindMap, spec.KindJSON:
		if c.Required {
			return []jen.Code{missing()}
		}
		return nil
	}

	// A required scalar is a value, always present. An optional one is a
	// pointer, checked when it is not nil.
	if c.Required {
		return statements(g.valueChecks(f, c.Kind, field, func() jen.Code { return t.path(f) }))
	}
	value := func() *jen.Statement { return jen.Op("*").Add(field()) }
	checks := g.valueChecks(f, c.Kind, value, func() jen.Code { return t.path(f) })
	switch {
	case len(checks) == 0:
		return nil
	case len(checks) == 1 && checks[0].cond != nil:
		return []jen.Code{jen.If(field().Op("!=").Nil().Op("&&").Add(checks[0].cond)).Block(checks[0].action)}
	}
	return []jen.Code{jen.If(field().Op("!=").Nil()).Block(statements(checks)...)}
}

// itemLoop returns the loop that checks each item of an array or scopes
// claim, or nil when items have no rule.
func (g *generator) itemLoop(t target, f *fieldPlan) jen.Code {
	c := f.claim
	if c.ItemKind() == spec.KindObject {
		if !g.validates(f.object) {
			return nil
		}
		return jen.For(jen.Id("i").Op(":=").Range().Add(t.field(f))).Block(
			t.field(f).Index(jen.Id("i")).Dot("validate").Call(t.violations(), t.itemPath(f)),
		)
	}
	item := func() *jen.Statement { return jen.Id("item") }
	checks := g.valueChecks(f, c.ItemKind(), item, func() jen.Code { return t.itemPath(f) })
	if len(checks) == 0 {
		return nil
	}
	return jen.For(jen.List(jen.Id("i"), jen.Id("item")).Op(":=").Range().Add(t.field(f))).Block(statements(checks)...)
}

// valueChecks returns the statements that check one value of kind k, the
// claim itself or one item, against the value rules of f's claim: format,
// const, values, pattern, length and range. Details name the rule's
// bounds, never the value.
func (g *generator) valueChecks(f *fieldPlan, k spec.Kind, value func() *jen.Statement, path func() jen.Code) []check {
	c := f.claim
	invalid := func(rule string, detail jen.Code) jen.Code {
		return jen.Id("v").Dot("Invalid").Call(path(), jen.Lit(rule), detail)
	}
	text := value
	if k == spec.KindEnum {
		text = func() *jen.Statement { return jen.String().Call(value()) }
	}
	var checks []check

	if format, ok := formats[k]; ok {
		checks = append(checks, check{
			cond:   jen.Op("!").Qual(runtimePkg, format.check).Call(value()),
			action: invalid("format", jen.Lit("is not a valid "+format.name)),
		})
	}
	if c.HasConst && c.Kind != spec.KindArray {
		literal, _ := constLiteral(c) // checked when planning
		var cond *jen.Statement
		switch literal {
		case "true":
			cond = jen.Op("!").Add(value())
		case "false":
			cond = value()
		default:
			cond = value().Op("!=").Id(literal)
		}
		checks = append(checks, check{cond: cond, action: invalid("const", jen.Lit("is not "+literal))})
	}
	if k == spec.KindEnum {
		cases := make([]jen.Code, len(c.Values))
		for i, v := range c.Values {
			cases[i] = jen.Id(f.enum.byName[v].name)
		}
		checks = append(checks, check{stmt: jen.Switch(value()).Block(
			jen.Case(cases...),
			jen.Default().Block(invalid("values", jen.Lit("is not one of "+strings.Join(c.Values, ", ")))),
		)})
	}
	if f.pattern != "" {
		checks = append(checks, check{
			cond:   jen.Op("!").Id(f.pattern).Dot("MatchString").Call(text()),
			action: invalid("pattern", jen.Lit("does not match "+c.Pattern)),
		})
	}
	length := countChecks(func() *jen.Statement { return jen.Qual("unicode/utf8", "RuneCountInString").Call(text()) },
		path, "min_length", "max_length", c.MinLength, c.MaxLength, "characters")
	if length != nil {
		checks = append(checks, check{stmt: length})
	}
	if k == spec.KindInt || k == spec.KindNumber {
		if bounds, ok := rangeCheck(c, k, value, invalid); ok {
			checks = append(checks, bounds)
		}
	}
	return checks
}

// formats maps the kinds that have a format to the runtime function that
// checks it and the name of the format in details.
var formats = map[spec.Kind]struct{ check, name string }{
	spec.KindURL:   {"IsURL", "URL"},
	spec.KindEmail: {"IsEmail", "email address"},
	spec.KindUUID:  {"IsUUID", "UUID"},
}

// countChecks returns the check of a count, of characters or items,
// against a minimum and a maximum, either of which may be nil, or nil when
// there is nothing to check. A minimum of zero or less is left out, since
// no count is below it.
func countChecks(count func() *jen.Statement, path func() jen.Code, minRule, maxRule string, minimum, maximum *int, unit string) *jen.Statement {
	hasMin := minimum != nil && *minimum > 0
	hasMax := maximum != nil
	if !hasMin && !hasMax {
		return nil
	}
	n := func() *jen.Statement { return jen.Id("n") }
	detail := func(format string, bound int) jen.Code {
		return jen.Qual("fmt", "Sprintf").Call(jen.Lit(fmt.Sprintf(format, unit, bound)), n())
	}
	init := n().Op(":=").Add(count())
	var tooFew, tooMany jen.Code
	if hasMin {
		tooFew = jen.Id("v").Dot("Invalid").Call(path(), jen.Lit(minRule), detail("has %%d %s, fewer than the minimum %d", *minimum))
	}
	if hasMax {
		tooMany = jen.Id("v").Dot("Invalid").Call(path(), jen.Lit(maxRule), detail("has %%d %s, more than the maximum %d", *maximum))
	}
	switch {
	case hasMin && hasMax:
		return jen.If(init, n().Op("<").Lit(*minimum)).Block(tooFew).
			Else().If(n().Op(">").Lit(*maximum)).Block(tooMany)
	case hasMin:
		return jen.If(init, n().Op("<").Lit(*minimum)).Block(tooFew)
	default:
		return jen.If(init, n().Op(">").Lit(*maximum)).Block(tooMany)
	}
}

// rangeCheck returns the check of a number against the minimum and
// maximum of c. ok is false when c has neither. For an int claim a
// fractional bound is rounded inwards, which accepts the same integers.
func rangeCheck(c *spec.Claim, k spec.Kind, value func() *jen.Statement, invalid func(string, jen.Code) jen.Code) (check, bool) {
	bound := func(b float64, round func(float64) float64) jen.Code {
		if k == spec.KindInt {
			return jen.Id(strconv.FormatInt(int64(round(b)), 10))
		}
		return jen.Id(formatFloat(b))
	}
	var low, high check
	if c.Minimum != nil {
		low = check{
			cond:   value().Op("<").Add(bound(*c.Minimum, math.Ceil)),
			action: invalid("minimum", jen.Lit("is less than the minimum "+formatFloat(*c.Minimum))),
		}
	}
	if c.Maximum != nil {
		high = check{
			cond:   value().Op(">").Add(bound(*c.Maximum, math.Floor)),
			action: invalid("maximum", jen.Lit("is greater than the maximum "+formatFloat(*c.Maximum))),
		}
	}
	switch {
	case low.cond != nil && high.cond != nil:
		return check{stmt: jen.If(low.cond).Block(low.action).Else().If(high.cond).Block(high.action)}, true
	case low.cond != nil:
		return low, true
	case high.cond != nil:
		return high, true
	}
	return check{}, false
}

// formatFloat writes f as the shortest Go constant that reads back as f.
func formatFloat(f float64) string {
	return strconv.FormatFloat(f, 'g', -1, 64)
}
