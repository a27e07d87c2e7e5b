package openapi

import (
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/jwtgen/jwtgen/spec"
)

// schemaDoc is an OpenAPI document with an inline contract whose claims
// come from components.schemas.Claims. The schema of its property "p"
// starts on line 22, indented by 10 spaces.
const schemaDoc = `openapi: 3.1.0
info: {title: Claims, version: 1.0.0}
paths: {}
components:
  securitySchemes:
    bearer:
      type: http
      scheme: bearer
      x-jwt-contract:
        jwtgen: 1
        contract: Access
        versions:
          - version: 1
            token: {algorithms: [ES256], audience: [api], max_lifetime: 5m, require: [exp, iat]}
            x-jwt-claims: {$ref: '#/components/schemas/Claims'}
  schemas:
    Other: {type: object, properties: {a: {type: string}}}
    Claims:
      type: object
      properties:
        p:
%s`

func TestSchemaTranslationErrors(t *testing.T) {
	const hintOneType = "\n\thint: a contract claim has one type: write the schema out, or use x-jwt-type: json"
	tests := []struct {
		name   string
		schema string // the lines of property "p", from line 22
		want   string
	}{
		{
			name:   "oneOf",
			schema: "          oneOf: [{type: string}, {type: integer}]\n",
			want:   `api.yaml:22:11: error: JSON Schema keyword "oneOf" of property "p" has no equivalent in a contract [OPENAPI_SCHEMA_UNSUPPORTED]` + hintOneType,
		},
		{
			name:   "anyOf",
			schema: "          type: string\n          anyOf: [{pattern: a}, {pattern: b}]\n",
			want:   `api.yaml:23:11: error: JSON Schema keyword "anyOf" of property "p" has no equivalent in a contract [OPENAPI_SCHEMA_UNSUPPORTED]` + hintOneType,
		},
		{
			name:   "allOf",
			schema: "          allOf: [{$ref: '#/components/schemas/Other'}]\n",
			want:   `api.yaml:22:11: error: JSON Schema keyword "allOf" of property "p" has no equivalent in a contract [OPENAPI_SCHEMA_UNSUPPORTED]` + hintOneType,
		},
		{
			name:   "not",
			schema: "          type: string\n          not: {const: root}\n",
			want:   `api.yaml:23:11: error: JSON Schema keyword "not" of property "p" has no equivalent in a contract [OPENAPI_SCHEMA_UNSUPPORTED]` + hintOneType,
		},
		{
			name:   "if then",
			schema: "          type: string\n          if: {const: a}\n",
			want:   `api.yaml:23:11: error: JSON Schema keyword "if" of property "p" has no equivalent in a contract [OPENAPI_SCHEMA_UNSUPPORTED]` + hintOneType,
		},
		{
			name:   "exclusiveMinimum",
			schema: "          type: integer\n          exclusiveMinimum: 0\n",
			want: `api.yaml:23:11: error: JSON Schema keyword "exclusiveMinimum" of property "p" has no equivalent in a contract [OPENAPI_SCHEMA_UNSUPPORTED]` +
				"\n\thint: use minimum or maximum, which include the bound",
		},
		{
			name:   "additionalProperties schema",
			schema: "          type: object\n          additionalProperties: {type: integer}\n",
			want: `api.yaml:23:11: error: additionalProperties of property "p" other than {type: string} has no equivalent in a contract [OPENAPI_SCHEMA_UNSUPPORTED]` +
				"\n\thint: use additionalProperties: {type: string} for a map of strings, or x-jwt-type: json",
		},
		{
			name:   "patternProperties",
			schema: "          type: object\n          patternProperties: {'^x-': {type: string}}\n",
			want: `api.yaml:23:11: error: JSON Schema keyword "patternProperties" of property "p" has no equivalent in a contract [OPENAPI_SCHEMA_UNSUPPORTED]` +
				"\n\thint: remove it, or write the contract itself instead of x-jwt-claims",
		},
		{
			name:   "type list",
			schema: "          type: [string, 'null']\n",
			want: `api.yaml:22:17: error: type ["string", "null"] of property "p" has no equivalent in a contract [OPENAPI_SCHEMA_UNSUPPORTED]` +
				"\n\thint: write one type; a contract claim is never null, and a missing claim is left out",
		},
		{
			name:   "unknown format",
			schema: "          type: string\n          format: hostname\n",
			want: `api.yaml:23:19: error: format "hostname" of property "p" has no equivalent in a contract [OPENAPI_SCHEMA_UNSUPPORTED]` +
				"\n\thint: use format uri, email, uuid or date-time, or describe the value with pattern",
		},
		{
			name:   "integer enum",
			schema: "          type: integer\n          enum: [1, 2]\n",
			want: `api.yaml:23:11: error: enum of property "p" of type integer has no equivalent in a contract [OPENAPI_SCHEMA_UNSUPPORTED]` +
				"\n\thint: use string values: a contract enum is a string",
		},
		{
			name:   "items on string",
			schema: "          type: string\n          items: {type: string}\n",
			want: `api.yaml:23:11: error: items does not apply to property "p" of type string [OPENAPI_SCHEMA_UNSUPPORTED]` +
				"\n\thint: remove it, or change the type",
		},
		{
			name:   "default",
			schema: "          type: string\n          default: x\n",
			want: `api.yaml:23:11: error: JSON Schema keyword "default" of property "p" has no equivalent in a contract [OPENAPI_SCHEMA_UNSUPPORTED]` +
				"\n\thint: use x-jwt-default for the value that upgrading an older token fills in",
		},
		{
			name:   "nested arrays",
			schema: "          type: array\n          items: {type: array, items: {type: string}}\n",
			want: `api.yaml:23:11: error: items of property "p" are arrays, which have no equivalent in a contract [OPENAPI_SCHEMA_UNSUPPORTED]` +
				"\n\thint: use x-jwt-type: json for nested lists",
		},
		{
			name:   "self reference",
			schema: "          $ref: '#/components/schemas/Claims'\n",
			want: `api.yaml:22:11: error: schema of property "p" refers to itself [OPENAPI_SCHEMA_UNSUPPORTED]` +
				"\n\thint: give the claims a finite shape, or use x-jwt-type: json",
		},
		{
			// libopenapi rejects the document before the schema is read.
			name:   "missing reference",
			schema: "          $ref: '#/components/schemas/Nothing'\n",
			want: "api.yaml:22:11: error: invalid OpenAPI document: cannot resolve reference `#/components/schemas/Nothing`, it's missing [OPENAPI_DOCUMENT_INVALID]" +
				"\n\thint: fix the document so that it validates as OpenAPI",
		},
		{
			// The contract loader reports what the translated claim
			// breaks, at the position of the schema keyword.
			name:   "contract rule",
			schema: "          type: integer\n          minLength: 1\n",
			want: `api.yaml:23:11: error: min_length does not apply to claim "p" of type int` +
				"\n\thint: min_length applies to string, url, email, uuid and arrays of them",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Chdir(t.TempDir())
			writeFile(t, "api.yaml", strings.Replace(schemaDoc, "%s", tt.schema, 1))
			_, err := Load("api.yaml")
			var diags spec.Diagnostics
			if !errors.As(err, &diags) {
				t.Fatalf("Load error = %v, want diagnostics", err)
			}
			if got := diagStrings(diags); !slices.Equal(got, []string{tt.want}) {
				t.Errorf("diagnostics:\n%s\nwant:\n%s", strings.Join(got, "\n"), tt.want)
			}
		})
	}
}
