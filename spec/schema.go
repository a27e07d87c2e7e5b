package spec

import (
	_ "embed"
	"slices"
)

//go:embed contract.schema.json
var jsonSchema []byte

// SchemaID is the $id of the JSON Schema of the contract format. Editors
// that read a "# yaml-language-server: $schema=" comment load it from there.
const SchemaID = "https://raw.githubusercontent.com/jwtgen/jwtgen/main/spec/contract.schema.json"

// JSONSchema returns the JSON Schema (draft 2020-12) of the contract file
// format, with a description on every property for editors to show. The
// loader checks more than the schema can express, such as adapters that
// refer to the previous version.
func JSONSchema() []byte {
	return slices.Clone(jsonSchema)
}
