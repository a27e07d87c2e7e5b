package gen

import (
	"fmt"
	"strings"

	"github.com/dave/jennifer/jen"

	"github.com/jwtgen/jwtgen/spec"
)

// adapter writes the steps of one Upgrade, Downgrade or object conversion
// method. The method's source value is src, its result out, and its
// errors are collected in errs.
type adapter struct {
	*generator
	source, target *versionPlan
	// from and to are the structs whose fields the steps read and fill.
	from, to *structPlan
	// hooks are the upgrade hooks of target, or nil in a downgrade.
	hooks map[string]*hookPlan
	src   string // "c" or "o"
	root  string // the source claims that hooks receive: "c" or "root"
	// nested is set in object conversions, whose claim paths start with
	// the path parameter.
	nested bool
	// failable is set once a step records an error, so that the adapter
	// declares and checks errs only when a step can fail.
	failable bool
}

// path returns the expression of the claim path of the claim or member
// named name, followed by suffix.
func (a *adapter) path(name, suffix string) *jen.Statement {
	if a.nested {
		return jen.Id("path").Op("+").Lit("." + name + suffix)
	}
	return jen.Lit(name + suffix)
}

// itemPath returns the expression of the claim path of item i of the list
// claim named name, such as "devices[2]".
func (a *adapter) itemPath(name string) jen.Code {
	escaped := strings.ReplaceAll(name, "%", "%%")
	if a.nested {
		return jen.Qual("fmt", "Sprintf").Call(jen.Lit("%s."+escaped+"[%d]"), jen.Id("path"), jen.Id("i"))
	}
	return jen.Qual("fmt", "Sprintf").Call(jen.Lit(escaped+"[%d]"), jen.Id("i"))
}

// steps returns the statements of steps, each after a comment that
// describes it.
func (a *adapter) steps(steps []*spec.Step) []jen.Code {
	var out []jen.Code
	for _, s := range steps {
		out = append(out, jen.Comment(fmt.Sprintf("%s: %s.", s.Path, s.Describe())))
		switch s.Kind {
		case spec.StepDefault:
			f := a.to.fieldFor(s.Claim)
			out = append(out, scoped(a.assignDefault(a.out(f), f, s.Claim.Default))...)
		case spec.StepHook:
			out = append(out, a.hook(a.hooks[hookName(a.target, a.to.fieldFor(s.Claim))], a.path(s.Claim.Name, "")))
		case spec.StepCopy, spec.StepRename:
			out = append(out, a.copy(s)...)
		}
	}
	return out
}

// out returns the expression of the field of f in the result.
func (a *adapter) out(f *fieldPlan) *jen.Statement {
	return jen.Id("out").Dot(f.name)
}

// scoped wraps statements that declare variables in a block of their own,
// so that the names can be used again by the next step.
func scoped(stmts []jen.Code) []jen.Code {
	if len(stmts) <= 1 {
		return stmts
	}
	return []jen.Code{jen.Block(stmts...)}
}

// appendError returns the statement that records err, and notes that the
// adapter needs its errs variable.
func (a *adapter) appendError(err jen.Code) jen.Code {
	a.failable = true
	return jen.Id("errs").Op("=").Append(jen.Id("errs"), err)
}

// validationError returns a *runtime.ValidationError literal for a
// failure of the claim at path in the target version.
func (a *adapter) validationError(path jen.Code, rule, detail, sentinel string) jen.Code {
	return jen.Op("&").Qual(runtimePkg, "ValidationError").Custom(jen.Options{Open: "{", Close: "}", Separator: ",", Multi: true},
		jen.Id("Contract").Op(":").Lit(a.name),
		jen.Id("Version").Op(":").Lit(a.target.version.Number),
		jen.Id("Claim").Op(":").Add(path),
		jen.Id("Rule").Op(":").Lit(rule),
		jen.Id("Detail").Op(":").Add(jen.Lit(detail)),
		jen.Id("Err").Op(":").Qual(runtimePkg, sentinel),
	)
}

// hook returns the statement that calls h and stores its result.
func (a *adapter) hook(h *hookPlan, path jen.Code) jen.Code {
	wrapped := jen.Qual("fmt", "Errorf").Call(
		jen.Lit(fmt.Sprintf("%s v%d: %%q: upgrade hook %s failed: %%w", a.name, a.target.version.Number, h.name)),
		path, jen.Err())
	return jen.If(jen.List(jen.Id("value"), jen.Err()).Op(":=").Id(h.name).Call(jen.Id(a.root)), jen.Err().Op("!=").Nil()).
		Block(a.appendError(wrapped)).
		Else().Block(a.out(h.field).Op("=").Id("value"))
}

// registered returns the statements of a registered upgrade.
func (a *adapter) registered(r *spec.RegisteredStep) []jen.Code {
	target := registeredField(r.Claim)
	comment := jen.Comment(fmt.Sprintf("%s: %s.", r.Claim, r.Describe()))
	if r.Hook {
		return []jen.Code{comment, a.hook(a.hooks[hookName(a.target, target)], jen.Lit(r.Claim))}
	}

	empty := a.out(target).Op("==").Lit("")
	if r.Claim == "aud" {
		empty = jen.Len(a.out(target)).Op("==").Lit(0)
	}
	var fill []jen.Code
	if r.HasDefault {
		fill = a.assignDefault(a.out(target), target, r.Default)
	}
	if r.Source == nil {
		if fill == nil {
			return []jen.Code{comment}
		}
		return []jen.Code{comment, jen.If(empty).Block(fill...)}
	}

	source := a.from.fieldFor(r.Source)
	field := jen.Id(a.src).Dot(source.name)
	var present *jen.Statement
	switch {
	case r.Source.Kind == spec.KindArray:
		present = jen.Len(field).Op(">").Lit(0)
	case isPointer(r.Source):
		present = field.Clone().Op("!=").Nil().Op("&&").Op("*").Add(field.Clone()).Op("!=").Lit("")
	default:
		present = field.Clone().Op("!=").Lit("")
	}
	body := a.convert(source, target, a.value(source, field), r.Claim)
	stmt := jen.If(present).Block(body...)
	if fill != nil {
		stmt = stmt.Else().If(empty).Block(fill...)
	}
	return []jen.Code{comment, stmt}
}

// copy returns the statements of a copy or rename step.
func (a *adapter) copy(s *spec.Step) []jen.Code {
	target := a.to.fieldFor(s.Claim)
	var source *fieldPlan
	var field *jen.Statement
	var present *jen.Statement
	if s.Source != nil {
		source = a.from.fieldFor(s.Source)
		field = jen.Id(a.src).Dot(source.name)
		if isPointer(s.Source) || nillable(s.Source) {
			present = field.Clone().Op("!=").Nil()
		}
	} else {
		source = registeredField(s.SourceRegistered)
		field = jen.Id(a.src).Dot(source.name)
		present = field.Clone().Op("!=").Lit("")
		if s.SourceRegistered == "aud" {
			present = jen.Len(field.Clone()).Op(">").Lit(0)
		}
	}

	body := a.convert(source, target, a.value(source, field), s.Claim.Name)
	if present == nil {
		return scoped(body)
	}
	var fallback []jen.Code
	switch s.Fallback {
	case spec.FallbackDefault:
		fallback = a.assignDefault(a.out(target), target, s.Claim.Default)
	case spec.FallbackFail:
		name := s.SourceRegistered
		if s.Source != nil {
			name = s.Source.Name
		}
		detail := fmt.Sprintf("the version %d claims have no %q to fill it from, and it has no default", a.source.version.Number, name)
		fallback = []jen.Code{a.appendError(a.validationError(a.path(s.Claim.Name, ""), "required", detail, "ErrClaimMissing"))}
	}
	stmt := jen.If(present).Block(body...)
	if len(fallback) > 0 {
		stmt = stmt.Else().Block(fallback...)
	}
	return []jen.Code{stmt}
}

// nillable reports whether the Go field of c is a slice or map, absent
// when nil.
func nillable(c *spec.Claim) bool {
	switch c.Kind {
	case spec.KindArray, spec.KindScopes, spec.KindMap, spec.KindJSON:
		return true
	}
	return false
}

// value returns the expression of the value of the field expression x of
// f: the field itself for values, slices, maps and objects, which
// conversion methods take by pointer, and the dereferenced pointer for
// optional scalars and times.
func (a *adapter) value(f *fieldPlan, x *jen.Statement) *jen.Statement {
	if !f.registered && isPointer(f.claim) && f.claim.Kind != spec.KindObject {
		return jen.Op("*").Add(x)
	}
	return x
}

// isList reports whether the Go value of f is a slice of items.
func isList(f *fieldPlan) bool {
	return f.claim.Kind == spec.KindArray || f.claim.Kind == spec.KindScopes
}

// itemKind returns the kind of one item of f, or of its value.
func itemKind(f *fieldPlan) spec.Kind {
	if f.claim.Kind == spec.KindScopes {
		return spec.KindString
	}
	return f.claim.ItemKind()
}

// convert returns the statements that convert val, the value of source,
// and store it in the field of target. name is the claim name of target,
// for the paths of errors.
func (a *adapter) convert(source, target *fieldPlan, val *jen.Statement, name string) []jen.Code {
	store := func(x jen.Code) []jen.Code { return a.store(target, x) }
	path := a.path(name, "")
	switch {
	case isList(source) && isList(target):
		return a.convertList(source, target, val, name, store)
	case isList(target):
		// A single value becomes a list of one item.
		return a.convertItem(source, target, val, a.path(name, "[0]"), func(x jen.Code) []jen.Code {
			return store(a.fieldType(target).Values(x))
		})
	case isList(source):
		// A list of one item becomes its item.
		n := jen.Len(val.Clone())
		detail := jen.Qual("fmt", "Sprintf").Call(
			jen.Lit(fmt.Sprintf("has %%d items, but version %d holds a single value", a.target.version.Number)), n.Clone())
		return []jen.Code{jen.If(n.Clone().Op("==").Lit(1)).
			Block(a.convertItem(source, target, val.Clone().Index(jen.Lit(0)), path, store)...).
			Else().Block(a.appendError(a.conversionError(path, detail)))}
	}
	return a.convertItem(source, target, val, path, store)
}

// conversionError returns a *runtime.ValidationError for a value that
// does not fit the target version.
func (a *adapter) conversionError(path jen.Code, detail jen.Code) jen.Code {
	return jen.Op("&").Qual(runtimePkg, "ValidationError").Custom(jen.Options{Open: "{", Close: "}", Separator: ",", Multi: true},
		jen.Id("Contract").Op(":").Lit(a.name),
		jen.Id("Version").Op(":").Lit(a.target.version.Number),
		jen.Id("Claim").Op(":").Add(path),
		jen.Id("Rule").Op(":").Lit("convert"),
		jen.Id("Detail").Op(":").Add(detail),
		jen.Id("Err").Op(":").Qual(runtimePkg, "ErrClaimInvalid"),
	)
}

// convertItem returns the statements that convert one value, or one item,
// of source into a value of target and pass it to store.
func (a *adapter) convertItem(source, target *fieldPlan, val *jen.Statement, path jen.Code, store func(jen.Code) []jen.Code) []jen.Code {
	from, to := itemKind(source), itemKind(target)
	switch {
	case from == spec.KindObject:
		method := "to" + target.object.name
		return []jen.Code{jen.If(
			jen.List(jen.Id("converted"), jen.Err()).Op(":=").Add(val).Dot(method).Call(jen.Id(a.root), path),
			jen.Err().Op("!=").Nil(),
		).Block(a.appendError(jen.Err())).Else().Block(store(jen.Id("converted"))...)}
	case from == spec.KindNumber && to == spec.KindInt:
		return []jen.Code{jen.If(jen.Id("f").Op(":=").Add(val), wholeNumber(jen.Id("f"))).
			Block(store(jen.Int64().Call(jen.Id("f")))...).
			Else().Block(a.appendError(a.conversionError(path, jen.Lit("is not a whole number in the int64 range"))))}
	}
	return store(a.itemExpr(source, target, val))
}

// wholeNumber returns the condition that the float64 f holds a whole
// number that int64 can hold.
func wholeNumber(f *jen.Statement) *jen.Statement {
	return f.Clone().Op("==").Qual("math", "Trunc").Call(f.Clone()).
		Op("&&").Add(f.Clone()).Op(">=").Op("-1 << 63").
		Op("&&").Add(f.Clone()).Op("<").Op("1 << 63")
}

// itemExpr returns the expression that converts x, one value of source
// that cannot fail to convert, into a value of target.
func (a *adapter) itemExpr(source, target *fieldPlan, x *jen.Statement) jen.Code {
	from, to := itemKind(source), itemKind(target)
	switch from {
	case spec.KindMap:
		return jen.Qual("maps", "Clone").Call(x)
	case spec.KindJSON:
		return jen.Qual("slices", "Clone").Call(x)
	}
	if from == spec.KindInt && to == spec.KindNumber {
		return jen.Float64().Call(x)
	}
	if a.render(a.itemType(source, from)) == a.render(a.itemType(target, to)) {
		return x
	}
	return a.itemType(target, to).Call(x)
}

// convertList returns the statements that convert the list val of source
// into the list field of target.
func (a *adapter) convertList(source, target *fieldPlan, val *jen.Statement, name string, store func(jen.Code) []jen.Code) []jen.Code {
	from, to := itemKind(source), itemKind(target)
	listType := a.fieldType(target)
	itemPath := a.itemPath(name)
	switch {
	case from == spec.KindObject || from == spec.KindNumber && to == spec.KindInt:
		var convert []jen.Code
		if from == spec.KindObject {
			convert = []jen.Code{
				jen.List(jen.Id("converted"), jen.Err()).Op(":=").Add(val.Clone()).Index(jen.Id("i")).
					Dot("to"+target.object.name).Call(jen.Id(a.root), itemPath),
				jen.If(jen.Err().Op("!=").Nil()).Block(a.appendError(jen.Err())),
				jen.Id("items").Index(jen.Id("i")).Op("=").Id("converted"),
			}
		} else {
			convert = []jen.Code{jen.If(jen.Id("f").Op(":=").Add(val.Clone()).Index(jen.Id("i")), wholeNumber(jen.Id("f"))).
				Block(jen.Id("items").Index(jen.Id("i")).Op("=").Int64().Call(jen.Id("f"))).
				Else().Block(a.appendError(a.conversionError(itemPath, jen.Lit("is not a whole number in the int64 range"))))}
		}
		stmts := []jen.Code{
			jen.Id("items").Op(":=").Make(listType, jen.Len(val.Clone())),
			jen.For(jen.Id("i").Op(":=").Range().Add(val.Clone())).Block(convert...),
		}
		return append(stmts, store(jen.Id("items"))...)
	}

	item := a.itemExpr(source, target, jen.Id("item"))
	if a.render(item) == "item" {
		clone := jen.Qual("slices", "Clone").Call(val)
		if a.render(a.fieldType(source)) == a.render(listType) {
			return store(clone)
		}
		return store(listType.Call(clone))
	}
	stmts := []jen.Code{
		jen.Id("items").Op(":=").Make(listType, jen.Len(val.Clone())),
		jen.For(jen.List(jen.Id("i"), jen.Id("item")).Op(":=").Range().Add(val.Clone())).
			Block(jen.Id("items").Index(jen.Id("i")).Op("=").Add(item)),
	}
	return append(stmts, store(jen.Id("items"))...)
}

// store returns the statements that set the field of target to x, a value
// of its type or, for a pointer field, of the type it points to.
func (a *adapter) store(target *fieldPlan, x jen.Code) []jen.Code {
	field := a.out(target)
	if target.registered || !isPointer(target.claim) {
		return []jen.Code{field.Op("=").Add(x)}
	}
	if a.render(x) == "converted" {
		return []jen.Code{field.Op("=").Op("&").Id("converted")}
	}
	// new with an expression, as of Go 1.26, which the runtime module
	// requires, allocates a copy of the value.
	return []jen.Code{field.Op("=").New(x)}
}

// fieldType returns the Go type of the field of f.
func (g *generator) fieldType(f *fieldPlan) *jen.Statement {
	if f.registered {
		if f.claim.Kind == spec.KindArray {
			return jen.Qual(jwtPkg, "ClaimStrings")
		}
		return jen.String()
	}
	return g.goType(f)
}

// itemType returns the Go type of one value of kind k of f.
func (g *generator) itemType(f *fieldPlan, k spec.Kind) *jen.Statement {
	if f.registered {
		return jen.String()
	}
	return g.valueType(f, k)
}

// render returns the Go source of code, for comparing types and
// expressions.
func (g *generator) render(code jen.Code) string {
	return fmt.Sprintf("%#v", code)
}

// typeText returns the Go source of typ as the generated files write it,
// with the package names they import, such as *jwt.NumericDate.
func (g *generator) typeText(typ jen.Code) string {
	f := g.newFile()
	f.NoFormat = false
	f.Var().Id("_").Add(typ)
	var b strings.Builder
	if err := f.Render(&b); err != nil {
		return fmt.Sprintf("%#v", typ)
	}
	_, decl, _ := strings.Cut(b.String(), "var _ ")
	return strings.TrimSpace(decl)
}
