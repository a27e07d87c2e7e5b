package spec

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"testing"

	yaml "github.com/pb33f/go-yaml"
	"github.com/santhosh-tekuri/jsonschema/v6"
)

// compileSchema compiles the embedded JSON Schema, asserting formats such as
// date-time.
func compileSchema(t *testing.T) *jsonschema.Schema {
	t.Helper()
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(JSONSchema()))
	if err != nil {
		t.Fatalf("schema is not JSON: %v", err)
	}
	c := jsonschema.NewCompiler()
	c.AssertFormat()
	if err := c.AddResource(SchemaID, doc); err != nil {
		t.Fatalf("add schema: %v", err)
	}
	schema, err := c.Compile(SchemaID)
	if err != nil {
		t.Fatalf("compile schema: %v", err)
	}
	return schema
}

// yamlToJSON converts the first document of a YAML or JSON file to the value
// encoding/json would produce, as the schema validator expects.
func yamlToJSON(t *testing.T, data []byte) any {
	t.Helper()
	var doc yaml.Node
	if err := yaml.Load(data, &doc); err != nil {
		t.Fatalf("parse: %v", err)
	}
	var convert func(n *yaml.Node) any
	convert = func(n *yaml.Node) any {
		for n.Kind == yaml.AliasNode {
			n = n.Alias
		}
		switch n.Kind {
		case yaml.MappingNode:
			out := map[string]any{}
			for i := 0; i+1 < len(n.Content); i += 2 {
				out[n.Content[i].Value] = convert(n.Content[i+1])
			}
			return out
		case yaml.SequenceNode:
			out := []any{}
			for _, item := range n.Content {
				out = append(out, convert(item))
			}
			return out
		}
		value, err := jsonScalar(n)
		if err != nil {
			t.Fatalf("line %d: %v", n.Line, err)
		}
		return value
	}
	return convert(doc.Content[0])
}

func TestJSONSchemaHasID(t *testing.T) {
	schema := compileSchema(t)
	if schema.ID != SchemaID {
		t.Errorf("$id = %q, want %q", schema.ID, SchemaID)
	}
}

// TestSchemaAgreesWithLoader keeps the JSON Schema in step with the loader:
// every contract under testdata/valid passes both, and every contract under
// testdata/invalid fails both.
func TestSchemaAgreesWithLoader(t *testing.T) {
	schema := compileSchema(t)
	for _, dir := range []string{"valid", "invalid"} {
		files, err := filepath.Glob(filepath.Join("testdata", dir, "*"))
		if err != nil {
			t.Fatal(err)
		}
		if len(files) == 0 {
			t.Fatalf("no files under testdata/%s", dir)
		}
		for _, file := range files {
			t.Run(file, func(t *testing.T) {
				data, err := os.ReadFile(file)
				if err != nil {
					t.Fatal(err)
				}
				_, loadErr := Parse(file, data)
				schemaErr := schema.Validate(yamlToJSON(t, data))

				if dir == "valid" {
					if loadErr != nil {
						t.Errorf("loader rejected a valid contract:\n%v", loadErr)
					}
					if schemaErr != nil {
						t.Errorf("schema rejected a valid contract:\n%v", schemaErr)
					}
					return
				}
				var ds Diagnostics
				if !errors.As(loadErr, &ds) {
					t.Errorf("loader accepted an invalid contract, err = %v", loadErr)
				}
				if schemaErr == nil {
					t.Errorf("schema accepted an invalid contract; the loader reports:\n%v", loadErr)
				}
			})
		}
	}
}
