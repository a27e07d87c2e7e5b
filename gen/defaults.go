package gen

import (
	"bytes"
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/dave/jennifer/jen"

	"github.com/jwtgen/jwtgen/spec"
)

// assignDefault returns the statements that set dst, the field of f, to
// value, a default as the contract model holds it: string, int64, float64,
// bool, []any, map[string]any or nil.
func (a *adapter) assignDefault(dst *jen.Statement, f *fieldPlan, value any) []jen.Code {
	d := &defaultBuilder{generator: a.generator}
	var x jen.Code
	switch {
	case f.registered && f.claim.Kind == spec.KindArray:
		x = jen.Qual(jwtPkg, "ClaimStrings").Values(d.strings(value)...)
	case f.registered:
		x = jen.Lit(fmt.Sprint(value))
	default:
		x = d.field(f, value)
	}
	return []jen.Code{dst.Op("=").Add(x)}
}

// defaultBuilder writes the Go expression of a default value.
type defaultBuilder struct {
	*generator
}

// field returns the expression of value as a value of the field of f: a
// pointer for pointer fields.
func (d *defaultBuilder) field(f *fieldPlan, value any) jen.Code {
	c := f.claim
	switch c.Kind {
	case spec.KindArray:
		items := asList(value)
		elems := make([]jen.Code, len(items))
		for i, item := range items {
			elems[i] = d.item(f, c.Elem, item, false)
			if composite, ok := elems[i].(*jen.Statement); ok && (c.Elem == spec.KindObject || c.Elem == spec.KindTime || c.Elem == spec.KindMap) {
				// The item type of a composite literal in a slice literal
				// goes without saying, as gofmt -s writes it.
				elems[i] = elide(composite)
			}
		}
		return d.goType(f).Values(elems...)
	case spec.KindScopes:
		return d.goType(f).Values(d.strings(value)...)
	case spec.KindTime:
		return jen.Qual(jwtPkg, "NewNumericDate").Call(unixTime(value))
	case spec.KindObject:
		if isPointer(c) {
			return jen.Op("&").Add(d.object(f, value))
		}
		return d.object(f, value)
	}
	if isPointer(c) {
		return jen.New(d.item(f, c.Kind, value, true))
	}
	return d.item(f, c.Kind, value, false)
}

// item returns the expression of value as one value of kind k of f. When
// typed is set, a number literal has the Go type of the field, so that a
// variable declared with it gets that type.
func (d *defaultBuilder) item(f *fieldPlan, k spec.Kind, value any, typed bool) jen.Code {
	switch k {
	case spec.KindObject:
		return d.object(f, value)
	case spec.KindTime:
		return jen.Qual(jwtPkg, "NumericDate").Values(jen.Id("Time").Op(":").Add(unixTime(value)))
	case spec.KindMap:
		m, _ := value.(map[string]any)
		keys := make([]string, 0, len(m))
		for k := range m {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		elems := make([]jen.Code, len(keys))
		for i, k := range keys {
			elems[i] = jen.Lit(k).Op(":").Lit(fmt.Sprint(m[k]))
		}
		return jen.Map(jen.String()).String().Values(elems...)
	case spec.KindJSON:
		return jen.Qual("encoding/json", "RawMessage").Call(stringLiteral(compactJSON(value)))
	case spec.KindEnum:
		s := fmt.Sprint(value)
		if k, ok := f.enum.byName[s]; ok {
			return jen.Id(k.name)
		}
		return jen.Id(f.enum.name).Call(jen.Lit(s))
	case spec.KindBool:
		b, _ := value.(bool)
		return jen.Lit(b)
	case spec.KindInt:
		n := jen.Id(strconv.FormatInt(asInt(value), 10))
		if typed {
			return jen.Int64().Call(n)
		}
		return n
	case spec.KindNumber:
		text := formatFloat(asFloat(value))
		if typed && !strings.ContainsAny(text, ".eE") {
			return jen.Float64().Call(jen.Id(text))
		}
		return jen.Id(text)
	}
	return jen.Lit(fmt.Sprint(value))
}

// object returns the composite literal of value, a map of member names to
// values, as the struct of the object claim of f.
func (d *defaultBuilder) object(f *fieldPlan, value any) jen.Code {
	m, _ := value.(map[string]any)
	var elems []jen.Code
	for _, member := range f.object.fields {
		v, ok := m[member.claim.Name]
		if !ok {
			continue
		}
		elems = append(elems, jen.Id(member.name).Op(":").Add(d.field(member, v)))
	}
	return jen.Id(f.object.name).Values(elems...)
}

// elide returns the composite literal x, which is a type followed by
// values in braces, without its type.
func elide(x *jen.Statement) jen.Code {
	s := *x
	return s[len(s)-1]
}

// strings returns the items of a list of strings as string literals.
func (d *defaultBuilder) strings(value any) []jen.Code {
	items := asList(value)
	elems := make([]jen.Code, len(items))
	for i, item := range items {
		elems[i] = jen.Lit(fmt.Sprint(item))
	}
	return elems
}

// asList returns value as a list; a single value is a list of one item.
func asList(value any) []any {
	switch v := value.(type) {
	case []any:
		return v
	case nil:
		return nil
	}
	return []any{value}
}

// asInt returns a number of the contract model as an int64.
func asInt(value any) int64 {
	switch v := value.(type) {
	case int64:
		return v
	case float64:
		return int64(v)
	}
	return 0
}

// asFloat returns a number of the contract model as a float64.
func asFloat(value any) float64 {
	switch v := value.(type) {
	case int64:
		return float64(v)
	case float64:
		return v
	}
	return 0
}

// unixTime returns the time.Unix call of a NumericDate default.
func unixTime(value any) jen.Code {
	return jen.Qual("time", "Unix").Call(jen.Id(strconv.FormatInt(asInt(value), 10)), jen.Lit(0))
}

// compactJSON encodes value as compact JSON without HTML escaping, with
// object members sorted by name.
func compactJSON(value any) string {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(value); err != nil {
		return "null"
	}
	return strings.TrimSuffix(b.String(), "\n")
}

// stringLiteral returns s as a raw string literal when it can be one, for
// readable JSON, and as an interpreted one otherwise.
func stringLiteral(s string) jen.Code {
	if strconv.CanBackquote(s) {
		return jen.Op("`" + s + "`")
	}
	return jen.Lit(s)
}
