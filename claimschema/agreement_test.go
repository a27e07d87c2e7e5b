package claimschema

import (
	"bytes"
	"encoding/json"
	"errors"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"
	"github.com/santhosh-tekuri/jsonschema/v6/kind"

	"github.com/jwtgen/jwtgen/internal/allkinds"
	"github.com/jwtgen/jwtgen/runtime"
)

// The agreement test checks sample payloads of every version of the
// allkinds contract against two judges. One is the JSON Schema of the
// version. The other is the Go code path of the generated package:
// json.Unmarshal into the version's struct, then Validate. A decoding
// error counts as a Go rejection.
//
// Every payload that the schema accepts, the Go path must accept too, and
// every payload that the schema rejects, the Go path must reject, except
// where a row names in goMisses why the Go path cannot see the rule. Those
// rows pin that the Go path accepts the payload: the verifier's checks
// before decoding (the JSON shape walk, token.require, iss, aud and the
// version claim) reject it at run time, but Validate alone does not.

// Why the Go path accepts a payload that the schema rejects.
const (
	nullUnseen = "decoding null leaves a Go value unset, and only the verifier's shape walk rejects null"

	zeroValueUnseen = "a missing claim of a non-pointer field decodes to its zero value, which Validate does not check, " +
		"and only the verifier's shape walk reports the claim missing"

	registeredUnseen = "Validate leaves the registered claims to the verifier, which checks token.require, iss and aud"

	numericDateUnseen = "jwt.NumericDate decodes any number, and only the verifier's shape walk checks the range 0 to 253402300799"

	numericStringUnseen = "jwt.NumericDate also decodes a number written as a JSON string, which the verifier's shape walk rejects"

	versionUnseen = "the claims struct has no version field, and the verifier checks the version claim before decoding"

	scopesLenient = "runtime.SpaceDelimited splits on runs of spaces, while the schema follows the RFC 6749 §3.3 grammar"
)

// validPayloads are payloads that every rule of their version accepts.
var validPayloads = map[int]string{
	1: `{"iss": "https://auth.example.com", "sub": "user-1", "aud": "all-kinds-api",
		"exp": 1700000600, "iat": 1700000000, "ver": 1,
		"uid": "u-1", "scope": "items:read items:write", "tenant": "acme", "level": 3}`,
	2: `{"iss": "https://login.example.com", "sub": "user-1", "aud": ["all-kinds-api"],
		"exp": 1700000600, "iat": 1700000000, "ver": 2,
		"scope": "items:delete", "tenant": "acme", "level": 10,
		"profile": {"name": "Ada", "site": "https://ada.example.com"}}`,
	3: `{"iss": "https://auth.example.com", "sub": "user-1", "aud": ["other-api", "all-kinds-admin"],
		"exp": 1700000600, "nbf": 1700000000, "iat": 1700000000, "jti": "j-1", "ver": 3,
		"tenant_id": "acme", "scp": ["items:read"], "level": 20, "ratio": 1.5, "admin": false,
		"born": 946684800, "role": "viewer", "homepage": "https://acme.example.com",
		"contact": "ada@example.com", "session": "123e4567-e89b-12d3-a456-426614174000",
		"kind": "all-kinds", "tier": 3, "weight": 2.5, "beta": true, "plan": "paid",
		"callback": "https://app.example.com/callback", "owner": "owner@example.com",
		"realm": "123e4567-e89b-12d3-a456-426614174000",
		"profile": {"display_name": "Ada", "site": "https://ada.example.com",
			"address": {"city": "Zurich", "zip": "80331"}},
		"labels": {"team": "core"}, "extra": {"flags": [1, 2.5, "x", true, null]},
		"tags": ["alpha", "beta"], "scores": [-5, 0, 5], "weights": [0, 0.25],
		"switches": [true, false], "dates": [0, 1700000000.5], "roles": ["admin", "viewer"],
		"links": ["https://a.example.com"], "emails": ["a@example.com"],
		"ids": ["123E4567-E89B-12D3-A456-426614174000"],
		"devices": [{"id": "123e4567-e89b-12d3-a456-426614174000", "name": "phone"}],
		"settings": [{"k": "v"}], "blobs": [1, "x", {"a": null}]}`,
}

// longEmail is a valid address of 255 characters, one more than the
// max_length of the "contact" claim.
var longEmail = strings.Repeat("a", 64) + "@" + strings.Repeat("b", 63) + "." + strings.Repeat("c", 63) + "." + strings.Repeat("d", 62) + ".com"

// payloadCase is a valid payload of one version with one change.
type payloadCase struct {
	name    string
	version int
	// path is the dotted path of the member to change; a number selects an
	// array item.
	path string
	// value is the new value as JSON; remove deletes the member instead.
	value  string
	remove bool
	// keyword is the schema keyword that rejects the payload, or empty
	// when the payload is valid. A format keyword rejects only where the
	// validator asserts formats.
	keyword string
	// goMisses, when set, is the reason why the Go path accepts a payload
	// that the schema rejects.
	goMisses string
}

var payloadCases = []payloadCase{
	// Version 1.
	{name: "valid", version: 1},
	{name: "version absent in the unversioned version", version: 1, path: "ver", remove: true},
	{name: "version as a string", version: 1, path: "ver", value: `"1"`},
	{name: "version as a string with a leading zero", version: 1, path: "ver", value: `"01"`},
	{name: "audience in an array", version: 1, path: "aud", value: `["other-api", "all-kinds-api"]`},
	{name: "claim outside the contract", version: 1, path: "custom", value: `{"a": [1]}`},
	{name: "int as a string", version: 1, path: "level", value: `"3"`, keyword: "type"},
	{name: "int with a fraction", version: 1, path: "level", value: `2.5`, keyword: "type"},
	{name: "int beyond int64", version: 1, path: "level", value: `9223372036854775808`, keyword: "maximum"},
	{name: "null string", version: 1, path: "tenant", value: `null`, keyword: "type", goMisses: nullUnseen},
	{name: "required claim missing", version: 1, path: "uid", remove: true, keyword: "required"},
	{name: "string shorter than min_length", version: 1, path: "uid", value: `""`, keyword: "minLength"},
	{name: "int above maximum", version: 1, path: "level", value: `11`, keyword: "maximum"},
	{name: "int below minimum", version: 1, path: "level", value: `-1`, keyword: "minimum"},
	{name: "space-delimited scopes as an array", version: 1, path: "scope", value: `["items:read"]`, keyword: "type"},
	{name: "scopes with two spaces", version: 1, path: "scope", value: `"items:read  items:write"`, keyword: "pattern", goMisses: scopesLenient},
	{name: "other version number", version: 1, path: "ver", value: `2`, keyword: "const", goMisses: versionUnseen},
	{name: "issuer not listed", version: 1, path: "iss", value: `"https://evil.example.com"`, keyword: "enum", goMisses: registeredUnseen},
	{name: "audience not listed", version: 1, path: "aud", value: `"other-api"`, keyword: "enum", goMisses: registeredUnseen},
	{name: "audience as a number", version: 1, path: "aud", value: `5`, keyword: "type"},
	{name: "required exp missing", version: 1, path: "exp", remove: true, keyword: "required", goMisses: registeredUnseen},
	{name: "exp before the epoch", version: 1, path: "exp", value: `-1`, keyword: "minimum", goMisses: numericDateUnseen},
	{name: "exp as text", version: 1, path: "exp", value: `"soon"`, keyword: "type"},

	// Version 2.
	{name: "valid", version: 2},
	{name: "first issuer", version: 2, path: "iss", value: `"https://auth.example.com"`},
	{name: "version as a string", version: 2, path: "ver", value: `"02"`},
	{name: "version absent", version: 2, path: "ver", remove: true, keyword: "required", goMisses: versionUnseen},
	{name: "version of another version as a string", version: 2, path: "ver", value: `"1"`, keyword: "pattern", goMisses: versionUnseen},
	{name: "required non-pointer claim missing", version: 2, path: "tenant", remove: true, keyword: "required", goMisses: zeroValueUnseen},
	{name: "string as a number", version: 2, path: "tenant", value: `5`, keyword: "type"},
	{name: "null int", version: 2, path: "level", value: `null`, keyword: "type", goMisses: nullUnseen},
	{name: "int above maximum", version: 2, path: "level", value: `11`, keyword: "maximum"},
	{name: "space-delimited scopes as a number", version: 2, path: "scope", value: `5`, keyword: "type"},
	{name: "required sub missing", version: 2, path: "sub", remove: true, keyword: "required", goMisses: registeredUnseen},
	{name: "issuer not listed", version: 2, path: "iss", value: `"https://evil.example.com"`, keyword: "enum", goMisses: registeredUnseen},
	{name: "object as a string", version: 2, path: "profile", value: `"Ada"`, keyword: "type"},
	{name: "required member missing", version: 2, path: "profile.name", remove: true, keyword: "required", goMisses: zeroValueUnseen},
	{name: "member url without scheme", version: 2, path: "profile.site", value: `"ada.example.com"`, keyword: "format"},

	// Version 3.
	{name: "valid", version: 3},
	{name: "optional claims absent", version: 3, path: "profile", remove: true},
	{name: "string not matching pattern", version: 3, path: "tenant_id", value: `"AB_C"`, keyword: "pattern"},
	{name: "string shorter than min_length", version: 3, path: "tenant_id", value: `"ab"`, keyword: "minLength"},
	{name: "string longer than max_length", version: 3, path: "tenant_id", value: strconv.Quote(strings.Repeat("a", 33)), keyword: "maxLength"},
	{name: "array scopes fewer than min_items", version: 3, path: "scp", value: `[]`, keyword: "minItems"},
	{name: "array scopes more than max_items", version: 3, path: "scp", value: `["a", "b", "c", "d"]`, keyword: "maxItems"},
	{name: "array scope as a number", version: 3, path: "scp", value: `[1]`, keyword: "type"},
	{name: "array scope not declared", version: 3, path: "scp", value: `["items:read", "other:scope"]`},
	{name: "int above maximum", version: 3, path: "level", value: `21`, keyword: "maximum"},
	{name: "number above maximum", version: 3, path: "ratio", value: `1.6`, keyword: "maximum"},
	{name: "number below minimum", version: 3, path: "ratio", value: `-0.5`, keyword: "minimum"},
	{name: "number as a string", version: 3, path: "ratio", value: `"half"`, keyword: "type"},
	{name: "bool as a string", version: 3, path: "admin", value: `"yes"`, keyword: "type"},
	{name: "null bool", version: 3, path: "admin", value: `null`, keyword: "type", goMisses: nullUnseen},
	{name: "time before the epoch", version: 3, path: "born", value: `-1`, keyword: "minimum", goMisses: numericDateUnseen},
	{name: "time after year 9999", version: 3, path: "born", value: `253402300800`, keyword: "maximum", goMisses: numericDateUnseen},
	{name: "time as text", version: 3, path: "born", value: `"soon"`, keyword: "type"},
	{name: "enum value not listed", version: 3, path: "role", value: `"owner"`, keyword: "enum"},
	{name: "url not matching pattern", version: 3, path: "homepage", value: `"http://acme.example.com"`, keyword: "pattern"},
	{name: "url without scheme", version: 3, path: "profile.site", value: `"acme"`, keyword: "format"},
	{name: "email without at sign", version: 3, path: "contact", value: `"ada"`, keyword: "format"},
	{name: "email longer than max_length", version: 3, path: "contact", value: strconv.Quote(longEmail), keyword: "maxLength"},
	{name: "required uuid missing", version: 3, path: "session", remove: true, keyword: "required"},
	{name: "uuid malformed", version: 3, path: "session", value: `"123e4567e89b12d3a456426614174000"`, keyword: "pattern"},
	{name: "string const differs", version: 3, path: "kind", value: `"other"`, keyword: "const"},
	{name: "int const differs", version: 3, path: "tier", value: `4`, keyword: "const"},
	{name: "number const differs", version: 3, path: "weight", value: `2`, keyword: "const"},
	{name: "bool const differs", version: 3, path: "beta", value: `false`, keyword: "const"},
	{name: "enum const differs", version: 3, path: "plan", value: `"free"`, keyword: "const"},
	{name: "url const differs", version: 3, path: "callback", value: `"https://app.example.com/other"`, keyword: "const"},
	{name: "email const differs", version: 3, path: "owner", value: `"other@example.com"`, keyword: "const"},
	{name: "uuid const differs", version: 3, path: "realm", value: `"00000000-0000-0000-0000-000000000000"`, keyword: "const"},
	{name: "required object missing", version: 3, path: "profile.address", remove: true, keyword: "required", goMisses: zeroValueUnseen},
	{name: "required member missing", version: 3, path: "profile.display_name", remove: true, keyword: "required", goMisses: zeroValueUnseen},
	{name: "nested string as a number", version: 3, path: "profile.address.city", value: `5`, keyword: "type"},
	{name: "nested string not matching pattern", version: 3, path: "profile.address.zip", value: `"123"`, keyword: "pattern"},
	{name: "map value as a number", version: 3, path: "labels", value: `{"team": 1}`, keyword: "type"},
	{name: "json of any type", version: 3, path: "extra", value: `"text"`},
	{name: "null json", version: 3, path: "extra", value: `null`, keyword: "not", goMisses: nullUnseen},
	{name: "array more than max_items", version: 3, path: "tags", value: `["a", "b", "c", "d", "e", "f", "g", "h", "i", "j", "k"]`, keyword: "maxItems"},
	{name: "array item not matching pattern", version: 3, path: "tags", value: `["ABC"]`, keyword: "pattern"},
	{name: "array item shorter than min_length", version: 3, path: "tags", value: `[""]`, keyword: "minLength"},
	{name: "array item longer than max_length", version: 3, path: "tags", value: `["` + strings.Repeat("z", 21) + `"]`, keyword: "maxLength"},
	{name: "int item above maximum", version: 3, path: "scores", value: `[6]`, keyword: "maximum"},
	{name: "int item below minimum", version: 3, path: "scores", value: `[-6]`, keyword: "minimum"},
	{name: "int item with a fraction", version: 3, path: "scores", value: `[1.5]`, keyword: "type"},
	{name: "number item below minimum", version: 3, path: "weights", value: `[-0.25]`, keyword: "minimum"},
	{name: "bool item as a string", version: 3, path: "switches", value: `["true"]`, keyword: "type"},
	{name: "time item before the epoch", version: 3, path: "dates", value: `[-1]`, keyword: "minimum", goMisses: numericDateUnseen},
	{name: "time item as text", version: 3, path: "dates", value: `["soon"]`, keyword: "type"},
	{name: "time item as a numeric string", version: 3, path: "dates", value: `["2020"]`, keyword: "type", goMisses: numericStringUnseen},
	{name: "enum item not listed", version: 3, path: "roles", value: `["owner"]`, keyword: "enum"},
	{name: "url item without scheme", version: 3, path: "links", value: `["acme"]`, keyword: "format"},
	{name: "email item without at sign", version: 3, path: "emails", value: `["ada"]`, keyword: "format"},
	{name: "uuid item malformed", version: 3, path: "ids", value: `["nope"]`, keyword: "pattern"},
	{name: "object items more than max_items", version: 3, path: "devices", value: `[{"id": "123e4567-e89b-12d3-a456-426614174000"}, {"id": "123e4567-e89b-12d3-a456-426614174000"}, {"id": "123e4567-e89b-12d3-a456-426614174000"}, {"id": "123e4567-e89b-12d3-a456-426614174000"}, {"id": "123e4567-e89b-12d3-a456-426614174000"}, {"id": "123e4567-e89b-12d3-a456-426614174000"}]`, keyword: "maxItems"},
	{name: "object item required uuid missing", version: 3, path: "devices.0.id", remove: true, keyword: "required"},
	{name: "object item uuid malformed", version: 3, path: "devices.0.id", value: `"nope"`, keyword: "pattern"},
	{name: "object item string as a number", version: 3, path: "devices.0.name", value: `5`, keyword: "type"},
	{name: "map item value as a number", version: 3, path: "settings", value: `[{"k": 1}]`, keyword: "type"},
	{name: "map item as a string", version: 3, path: "settings", value: `["k"]`, keyword: "type"},
	{name: "null json item", version: 3, path: "blobs", value: `[null]`, keyword: "not", goMisses: nullUnseen},
	{name: "required jti missing", version: 3, path: "jti", remove: true, keyword: "required", goMisses: registeredUnseen},
	{name: "audience array naming none", version: 3, path: "aud", value: `["other-api"]`, keyword: "contains", goMisses: registeredUnseen},
	{name: "nbf as text", version: 3, path: "nbf", value: `"now"`, keyword: "type"},
	{name: "sub as a number", version: 3, path: "sub", value: `5`, keyword: "type"},
	{name: "version absent", version: 3, path: "ver", remove: true, keyword: "required", goMisses: versionUnseen},
}

func TestSchemaAgreesWithValidate(t *testing.T) {
	c := loadContract(t, "../internal/allkinds/allkinds.jwt.yaml")
	// Each version's schema is compiled twice: asserting formats, and with
	// format as an annotation only, the default of draft 2020-12.
	asserting := map[int]*jsonschema.Schema{}
	annotating := map[int]*jsonschema.Schema{}
	for _, v := range c.Versions {
		content, err := Version(c, v, Options{})
		if err != nil {
			t.Fatal(err)
		}
		asserting[v.Number] = compileSchema(t, content, true)
		annotating[v.Number] = compileSchema(t, content, false)
	}
	for _, v := range c.Versions {
		if !slices.ContainsFunc(payloadCases, func(pc payloadCase) bool { return pc.version == v.Number }) {
			t.Errorf("no payload cases for version %d", v.Number)
		}
	}

	for _, pc := range payloadCases {
		t.Run("v"+strconv.Itoa(pc.version)+"/"+pc.name, func(t *testing.T) {
			payload := changedPayload(t, pc)
			instance, err := jsonschema.UnmarshalJSON(bytes.NewReader(payload))
			if err != nil {
				t.Fatal(err)
			}
			assertErr := asserting[pc.version].Validate(instance)
			annotateErr := annotating[pc.version].Validate(instance)
			goErr := validateGo(pc.version, payload)

			if pc.keyword == "" {
				if assertErr != nil {
					t.Errorf("schema rejects the payload: %v", assertErr)
				}
				if annotateErr != nil {
					t.Errorf("schema without format assertion rejects the payload: %v", annotateErr)
				}
				if goErr != nil {
					t.Errorf("Go path rejects the payload: %v", goErr)
				}
				return
			}

			if assertErr == nil {
				t.Fatalf("schema accepts the payload, want a rejection by %q:\n%s", pc.keyword, payload)
			}
			// A validator stops checking a value at its first failure, and
			// format comes before the other string keywords, so the keyword
			// may show in either run.
			keywords := append(failedKeywords(assertErr), failedKeywords(annotateErr)...)
			if !slices.Contains(keywords, pc.keyword) {
				t.Errorf("schema rejects the payload by %v, want %q: %v", keywords, pc.keyword, assertErr)
			}
			switch {
			case pc.keyword == "format" && annotateErr != nil:
				t.Errorf("schema without format assertion rejects the payload: %v", annotateErr)
			case pc.keyword != "format" && annotateErr == nil:
				t.Errorf("schema without format assertion accepts the payload, want a rejection by %q", pc.keyword)
			}

			switch {
			case pc.goMisses != "" && goErr != nil:
				t.Errorf("Go path rejects the payload, although the row says that %s: %v", pc.goMisses, goErr)
			case pc.goMisses == "" && goErr == nil:
				t.Errorf("Go path accepts the payload that the schema rejects by %q", pc.keyword)
			}
		})
	}
}

// compileSchema compiles a schema. With assertFormat, a value that does
// not match its format fails validation.
func compileSchema(t *testing.T, content []byte, assertFormat bool) *jsonschema.Schema {
	t.Helper()
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(content))
	if err != nil {
		t.Fatalf("schema is not JSON: %v", err)
	}
	id, _ := doc.(map[string]any)["$id"].(string)
	compiler := jsonschema.NewCompiler()
	if assertFormat {
		compiler.AssertFormat()
	}
	if err := compiler.AddResource(id, doc); err != nil {
		t.Fatalf("add schema %s: %v", id, err)
	}
	schema, err := compiler.Compile(id)
	if err != nil {
		t.Fatalf("compile schema %s: %v", id, err)
	}
	return schema
}

func TestGoldenSchemasCompile(t *testing.T) {
	for _, path := range contractFiles {
		c := loadContract(t, path)
		for _, v := range c.Versions {
			content, err := Version(c, v, Options{})
			if err != nil {
				t.Fatal(err)
			}
			compileSchema(t, content, true)
		}
	}
}

// validateGo decodes payload into the generated claims struct of version
// and validates it: the Go code path that the schema must agree with.
func validateGo(version int, payload []byte) error {
	var claims interface{ Validate() error }
	switch version {
	case 1:
		//lint:ignore SA1019 the schema of the retired version 1 is still published, so it is compared too.
		claims = new(allkinds.AllKindsV1)
	case 2:
		claims = new(allkinds.AllKindsV2)
	case 3:
		claims = new(allkinds.AllKindsV3)
	default:
		return errors.New("no claims struct for version " + strconv.Itoa(version))
	}
	if err := json.Unmarshal(payload, claims); err != nil {
		return err
	}
	err := claims.Validate()
	if err != nil && !errors.Is(err, runtime.ErrClaimInvalid) && !errors.Is(err, runtime.ErrClaimMissing) {
		return errors.New("Validate returned an error that wraps no runtime sentinel: " + err.Error())
	}
	return err
}

// changedPayload returns the valid payload of pc.version with pc's change,
// as JSON.
func changedPayload(t *testing.T, pc payloadCase) []byte {
	t.Helper()
	payload := decodeNumbers(t, validPayloads[pc.version])
	if pc.path != "" {
		keys := strings.Split(pc.path, ".")
		parent := payload
		for _, key := range keys[:len(keys)-1] {
			parent = child(t, parent, key)
		}
		last := keys[len(keys)-1]
		obj, ok := parent.(map[string]any)
		switch {
		case !ok:
			t.Fatalf("path %s: the parent of %q is not an object", pc.path, last)
		case pc.remove:
			if _, found := obj[last]; !found {
				t.Fatalf("path %s: nothing to remove", pc.path)
			}
			delete(obj, last)
		default:
			obj[last] = decodeNumbers(t, pc.value)
		}
	}
	out, err := json.Marshal(payload)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// child returns the member key of an object, or the item at index key of an
// array.
func child(t *testing.T, v any, key string) any {
	t.Helper()
	switch v := v.(type) {
	case map[string]any:
		if member, ok := v[key]; ok {
			return member
		}
	case []any:
		if i, err := strconv.Atoi(key); err == nil && i >= 0 && i < len(v) {
			return v[i]
		}
	}
	t.Fatalf("no member or item %q", key)
	return nil
}

// decodeNumbers parses JSON text, keeping numbers as json.Number so that
// they are written back unchanged.
func decodeNumbers(t *testing.T, text string) any {
	t.Helper()
	dec := json.NewDecoder(strings.NewReader(text))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		t.Fatalf("invalid JSON %s: %v", text, err)
	}
	return v
}

// failedKeywords returns the last keyword of the keyword path of each
// error in the tree of err.
func failedKeywords(err error) []string {
	var ve *jsonschema.ValidationError
	if !errors.As(err, &ve) {
		return nil
	}
	var keywords []string
	var walk func(e *jsonschema.ValidationError)
	walk = func(e *jsonschema.ValidationError) {
		if _, ok := e.ErrorKind.(*kind.Not); ok {
			keywords = append(keywords, "not") // its KeywordPath is empty
		} else if path := e.ErrorKind.KeywordPath(); len(path) > 0 {
			keywords = append(keywords, path[len(path)-1])
		}
		for _, cause := range e.Causes {
			walk(cause)
		}
	}
	walk(ve)
	return keywords
}
