package openapi

import (
	"fmt"
	"slices"
	"strings"

	yaml "github.com/pb33f/go-yaml"

	"github.com/jwtgen/jwtgen/spec"
)

// maxSchemaDepth bounds how deep $ref and nested schemas may go.
const maxSchemaDepth = 16

// Keywords that translate to a contract key of the same meaning.
var schemaKeys = map[string]string{
	"description": "description",
	"deprecated":  "deprecated",
	"const":       "const",
	"pattern":     "pattern",
	"minLength":   "min_length",
	"maxLength":   "max_length",
	"minimum":     "minimum",
	"maximum":     "maximum",
	"minItems":    "min_items",
	"maxItems":    "max_items",
	// Extensions for the contract keys that JSON Schema cannot express.
	"x-jwt-encoding": "encoding",
	"x-jwt-from":     "from",
	"x-jwt-default":  "default",
	"x-jwt-upgrade":  "upgrade",
	"x-jwt-go-name":  "go_name",
}

// Keywords read while choosing the claim type, or ignored because they
// only annotate.
var (
	typeKeywords       = []string{"type", "format", "enum", "items", "properties", "required", "additionalProperties", "x-jwt-type", "$ref"}
	annotationKeywords = []string{"title", "example", "examples", "$comment", "readOnly", "writeOnly"}
)

// Formats of type string and the claim type each becomes.
var stringFormats = map[string]spec.Kind{
	"uri":       spec.KindURL,
	"email":     spec.KindEmail,
	"uuid":      spec.KindUUID,
	"date-time": spec.KindTime,
}

// translator turns a JSON Schema of the document into contract claims,
// written as YAML nodes at the positions of the schema nodes, so that the
// contract loader's diagnostics point into the OpenAPI document.
type translator struct {
	*reader
	visiting map[*yaml.Node]bool
	depth    int
}

func (t *translator) unsupported(n *yaml.Node, hint, format string, args ...any) {
	t.report(spec.SeverityError, t.pos(n), RuleSchemaUnsupported, hint, format, args...)
}

// resolve follows a $ref to a schema of the same document. It returns nil
// after reporting a reference it cannot follow.
func (t *translator) resolve(n *yaml.Node) *yaml.Node {
	for range maxSchemaDepth {
		key, ref := mapGet(n, "$ref")
		if key == nil {
			return n
		}
		if len(n.Content) > 2 {
			t.unsupported(n.Content[0], "move the other keywords into the referenced schema", "a schema with $ref must have no other keywords")
			return nil
		}
		target := t.pointer(ref)
		if target == nil {
			return nil
		}
		n = target
	}
	t.unsupported(n, "shorten the chain of $ref", "more than %d $ref in a row", maxSchemaDepth)
	return nil
}

// pointer returns the node that a local JSON pointer such as
// "#/components/schemas/Claims" names.
func (t *translator) pointer(ref *yaml.Node) *yaml.Node {
	path, ok := strings.CutPrefix(ref.Value, "#/")
	if !ok || t.root == nil {
		t.unsupported(ref, "refer to a schema of this document, such as '#/components/schemas/Claims'", "$ref %q is not a reference inside this document", ref.Value)
		return nil
	}
	n := t.root
	for _, part := range strings.Split(path, "/") {
		part = strings.ReplaceAll(strings.ReplaceAll(part, "~1", "/"), "~0", "~")
		_, n = mapGet(n, part)
		if n == nil {
			t.unsupported(ref, "check the spelling of the schema name", "$ref %q names nothing in this document", ref.Value)
			return nil
		}
	}
	return n
}

// enter guards against cycles and excessive nesting; leave undoes it.
func (t *translator) enter(n, at *yaml.Node, where string) bool {
	if t.visiting[n] {
		t.unsupported(at, "give the claims a finite shape, or use x-jwt-type: json", "schema of %s refers to itself", where)
		return false
	}
	if t.depth >= maxSchemaDepth {
		t.unsupported(at, "flatten the schema", "schema of %s is nested more than %d levels deep", where, maxSchemaDepth)
		return false
	}
	t.visiting[n] = true
	t.depth++
	return true
}

func (t *translator) leave(n *yaml.Node) {
	delete(t.visiting, n)
	t.depth--
}

// objectClaims translates an object schema into a claims mapping.
func (t *translator) objectClaims(at *yaml.Node, where string) *yaml.Node {
	schema := t.resolve(at)
	if schema == nil {
		return nil
	}
	if schema.Kind != yaml.MappingNode {
		t.unsupported(schema, "write an object schema with properties", "schema of %s must be a mapping", where)
		return nil
	}
	if !t.enter(schema, at, where) {
		return nil
	}
	defer t.leave(schema)

	ok := true
	for i := 0; i+1 < len(schema.Content); i += 2 {
		key, value := schema.Content[i], schema.Content[i+1]
		switch key.Value {
		case "type":
			if value.Value != "object" || value.Kind != yaml.ScalarNode {
				t.unsupported(value, "declare the claims with type: object and properties", "schema of %s must have type object, got %s", where, nodeText(value))
				ok = false
			}
		case "properties", "required", "description", "title", "$comment":
		default:
			t.unsupported(key, unsupportedHint(key.Value), "JSON Schema keyword %q of %s has no equivalent in a contract", key.Value, where)
			ok = false
		}
	}

	_, props := mapGet(schema, "properties")
	if props == nil || props.Kind != yaml.MappingNode {
		t.unsupported(schema, "list the claims under properties", "schema of %s has no properties", where)
		return nil
	}
	claims := mappingAt(props)
	for i := 0; i+1 < len(props.Content); i += 2 {
		name, prop := props.Content[i], props.Content[i+1]
		path := strings.TrimPrefix(where+"."+name.Value, "x-jwt-claims.")
		claim := t.claim(prop, name, path)
		if claim == nil {
			ok = false
			continue
		}
		claims.Content = append(claims.Content, scalar(name.Value, name), claim)
	}
	if !t.markRequired(schema, claims, where) || !ok {
		return nil
	}
	return claims
}

// markRequired adds required: true to the claims that the schema's
// required list names.
func (t *translator) markRequired(schema, claims *yaml.Node, where string) bool {
	_, required := mapGet(schema, "required")
	if required == nil {
		return true
	}
	if required.Kind != yaml.SequenceNode {
		t.unsupported(required, "write required as a list of property names", "required of %s must be a list", where)
		return false
	}
	ok := true
	for _, item := range required.Content {
		_, claim := mapGet(claims, item.Value)
		if claim == nil {
			t.unsupported(item, "declare the property under properties, or remove it from required", "required names %q, which is not a property of %s", item.Value, where)
			ok = false
			continue
		}
		claim.Content = append(claim.Content, scalar("required", item), boolNode(true, item))
	}
	return ok
}

// claim translates the schema of one property into a claim mapping.
func (t *translator) claim(at, name *yaml.Node, path string) *yaml.Node {
	where := fmt.Sprintf("property %q", path)
	schema := t.resolve(at)
	if schema == nil {
		return nil
	}
	if schema.Kind != yaml.MappingNode {
		t.unsupported(schema, "write a schema mapping such as {type: string}", "schema of %s must be a mapping", where)
		return nil
	}
	if !t.enter(schema, at, where) {
		return nil
	}
	defer t.leave(schema)

	out := mappingAt(schema)
	if !t.copyKeywords(schema, out, where, true) {
		return nil
	}
	typ, extra := t.claimType(schema, path, where)
	if typ == "" {
		return nil
	}
	out.Content = append([]*yaml.Node{scalar("type", name), scalar(typ, name)}, out.Content...)
	out.Content = append(out.Content, extra...)
	return out
}

// copyKeywords copies the keywords that have a contract equivalent and
// reports those without one. Items of an array pass claimLevel false:
// their description and deprecated flag have no place in a contract.
func (t *translator) copyKeywords(schema, out *yaml.Node, where string, claimLevel bool) bool {
	ok := true
	for i := 0; i+1 < len(schema.Content); i += 2 {
		key, value := schema.Content[i], schema.Content[i+1]
		name := key.Value
		switch {
		case slices.Contains(typeKeywords, name), slices.Contains(annotationKeywords, name):
		case !claimLevel && (name == "description" || name == "deprecated"):
		case schemaKeys[name] != "" && (claimLevel || !strings.HasPrefix(name, "x-jwt-") && name != "minItems" && name != "maxItems"):
			out.Content = append(out.Content, scalar(schemaKeys[name], key), value)
		default:
			t.unsupported(key, unsupportedHint(name), "JSON Schema keyword %q of %s has no equivalent in a contract", name, where)
			ok = false
		}
	}
	return ok
}

// claimType returns the contract type of a property schema and the nodes
// it adds: values for an enum, claims for an object.
func (t *translator) claimType(schema *yaml.Node, path, where string) (string, []*yaml.Node) {
	if _, override := mapGet(schema, "x-jwt-type"); override != nil {
		var extra []*yaml.Node
		if key, enum := mapGet(schema, "enum"); enum != nil {
			extra = append(extra, scalar("values", key), enum)
		}
		if key, props := mapGet(schema, "properties"); props != nil {
			claims := t.members(schema, path)
			if claims == nil {
				return "", nil
			}
			extra = append(extra, scalar("claims", key), claims)
		}
		return override.Value, extra
	}

	typeKey, typ := mapGet(schema, "type")
	enumKey, enum := mapGet(schema, "enum")
	_, props := mapGet(schema, "properties")
	switch {
	case typ == nil && props != nil:
		return t.objectType(schema, path)
	case typ == nil && enum != nil:
		return string(spec.KindEnum), []*yaml.Node{scalar("values", enumKey), enum}
	case typ == nil:
		t.unsupported(schema, "add type: string, integer, number, boolean, array or object", "schema of %s has no type", where)
		return "", nil
	case typ.Kind != yaml.ScalarNode:
		t.unsupported(typ, "write one type; a contract claim is never null, and a missing claim is left out", "type %s of %s has no equivalent in a contract", nodeText(typ), where)
		return "", nil
	}

	if !t.keywordsApply(schema, typ.Value, where) {
		return "", nil
	}
	_, format := mapGet(schema, "format")
	if enum != nil && typ.Value != "string" {
		t.unsupported(enumKey, "use string values: a contract enum is a string", "enum of %s of type %s has no equivalent in a contract", where, typ.Value)
		return "", nil
	}
	switch typ.Value {
	case "string":
		if enum != nil {
			if format != nil {
				t.unsupported(format, "remove format from the enum", "format of enum %s has no equivalent in a contract", where)
				return "", nil
			}
			return string(spec.KindEnum), []*yaml.Node{scalar("values", enumKey), enum}
		}
		if format == nil {
			return string(spec.KindString), nil
		}
		if kind, ok := stringFormats[format.Value]; ok {
			return string(kind), nil
		}
		t.unsupported(format, "use format uri, email, uuid or date-time, or describe the value with pattern", "format %q of %s has no equivalent in a contract", format.Value, where)
		return "", nil
	case "integer":
		return t.numberType(format, spec.KindInt, where, "int32", "int64")
	case "number":
		return t.numberType(format, spec.KindNumber, where, "float", "double")
	case "boolean":
		return string(spec.KindBool), nil
	case "array":
		return t.arrayType(schema, path, where)
	case "object":
		return t.objectType(schema, path)
	}
	t.unsupported(typeKey, "use string, integer, number, boolean, array or object", "type %s of %s has no equivalent in a contract", nodeText(typ), where)
	return "", nil
}

// typeOnlyKeywords are keywords that apply to some JSON Schema types only.
var typeOnlyKeywords = map[string][]string{
	"format":               {"string", "integer", "number"},
	"enum":                 {"string", "integer", "number", "boolean"},
	"items":                {"array"},
	"properties":           {"object"},
	"required":             {"object"},
	"additionalProperties": {"object"},
}

// keywordsApply reports a keyword that does nothing for the schema's type,
// which a reader would otherwise believe is checked.
func (t *translator) keywordsApply(schema *yaml.Node, typ, where string) bool {
	ok := true
	for i := 0; i+1 < len(schema.Content); i += 2 {
		key := schema.Content[i]
		if types, limited := typeOnlyKeywords[key.Value]; limited && !slices.Contains(types, typ) {
			t.unsupported(key, "remove it, or change the type", "%s does not apply to %s of type %s", key.Value, where, typ)
			ok = false
		}
	}
	return ok
}

func (t *translator) numberType(format *yaml.Node, kind spec.Kind, where string, formats ...string) (string, []*yaml.Node) {
	if format != nil && !slices.Contains(formats, format.Value) {
		t.unsupported(format, "remove the format", "format %q of %s has no equivalent in a contract", format.Value, where)
		return "", nil
	}
	return string(kind), nil
}

// objectType translates an object property: with properties to an object
// claim, or with additionalProperties {type: string} alone to a map.
func (t *translator) objectType(schema *yaml.Node, path string) (string, []*yaml.Node) {
	where := fmt.Sprintf("property %q", path)
	propsKey, props := mapGet(schema, "properties")
	addKey, additional := mapGet(schema, "additionalProperties")
	switch {
	case props != nil && additional != nil:
		t.unsupported(addKey, "remove additionalProperties: a contract object allows other members", "additionalProperties of %s has no equivalent in a contract", where)
		return "", nil
	case props != nil:
		claims := t.members(schema, path)
		if claims == nil {
			return "", nil
		}
		return string(spec.KindObject), []*yaml.Node{scalar("claims", propsKey), claims}
	case additional != nil:
		if _, typ := mapGet(additional, "type"); typ != nil && typ.Value == "string" && len(additional.Content) == 2 {
			return string(spec.KindMap), nil
		}
		t.unsupported(addKey, "use additionalProperties: {type: string} for a map of strings, or x-jwt-type: json", "additionalProperties of %s other than {type: string} has no equivalent in a contract", where)
		return "", nil
	}
	t.unsupported(schema, "list the members under properties, or use x-jwt-type: json for any object", "object %s has no properties", where)
	return "", nil
}

// members translates the properties and required list of a nested object.
func (t *translator) members(schema *yaml.Node, path string) *yaml.Node {
	_, props := mapGet(schema, "properties")
	claims := mappingAt(props)
	ok := true
	for i := 0; i+1 < len(props.Content); i += 2 {
		name, prop := props.Content[i], props.Content[i+1]
		claim := t.claim(prop, name, path+"."+name.Value)
		if claim == nil {
			ok = false
			continue
		}
		claims.Content = append(claims.Content, scalar(name.Value, name), claim)
	}
	if !t.markRequired(schema, claims, fmt.Sprintf("property %q", path)) || !ok {
		return nil
	}
	return claims
}

// arrayType translates an array property to []T, lifting the item
// constraints to the claim, which applies them to every item.
func (t *translator) arrayType(schema *yaml.Node, path, where string) (string, []*yaml.Node) {
	itemsKey, items := mapGet(schema, "items")
	if items == nil {
		t.unsupported(schema, "add items: {type: string}, or use x-jwt-type: json", "array %s has no items", where)
		return "", nil
	}
	item := t.resolve(items)
	if item == nil {
		return "", nil
	}
	if item.Kind != yaml.MappingNode {
		t.unsupported(itemsKey, "write one schema for every item", "items of %s must be a schema mapping", where)
		return "", nil
	}
	if !t.enter(item, items, where) {
		return "", nil
	}
	defer t.leave(item)

	lifted := mappingAt(item)
	if !t.copyKeywords(item, lifted, "items of "+where, false) {
		return "", nil
	}
	typ, extra := t.claimType(item, path, "items of "+where)
	switch {
	case typ == "":
		return "", nil
	case strings.HasPrefix(typ, "[]"):
		t.unsupported(itemsKey, "use x-jwt-type: json for nested lists", "items of %s are arrays, which have no equivalent in a contract", where)
		return "", nil
	}
	return "[]" + typ, append(lifted.Content, extra...)
}

// unsupportedHint returns the fix for a keyword without an equivalent.
func unsupportedHint(keyword string) string {
	switch keyword {
	case "oneOf", "anyOf", "allOf", "not", "if", "then", "else":
		return "a contract claim has one type: write the schema out, or use x-jwt-type: json"
	case "exclusiveMinimum", "exclusiveMaximum":
		return "use minimum or maximum, which include the bound"
	case "nullable":
		return "remove it: a contract claim is never null, and a missing claim is left out"
	case "default":
		return "use x-jwt-default for the value that upgrading an older token fills in"
	}
	return "remove it, or write the contract itself instead of x-jwt-claims"
}

// nodeText describes a node in messages.
func nodeText(n *yaml.Node) string {
	switch n.Kind {
	case yaml.ScalarNode:
		return fmt.Sprintf("%q", n.Value)
	case yaml.SequenceNode:
		parts := make([]string, len(n.Content))
		for i, c := range n.Content {
			parts[i] = nodeText(c)
		}
		return "[" + strings.Join(parts, ", ") + "]"
	}
	return "a mapping"
}
