package claimschema

import (
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"slices"
	"testing"

	"github.com/jwtgen/jwtgen/spec"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata")

// contractFiles are the contracts whose schemas are pinned by golden files
// under testdata, named after the contract file.
var contractFiles = []string{
	"../internal/allkinds/allkinds.jwt.yaml",
	"../examples/orders/tokens/orders.jwt.yaml",
}

func loadContract(t *testing.T, path string) *spec.Contract {
	t.Helper()
	c, err := spec.Load(path)
	if err != nil {
		t.Fatalf("load %s: %v", path, err)
	}
	return c
}

// parseContract loads a contract from YAML text.
func parseContract(t *testing.T, text string) *spec.Contract {
	t.Helper()
	c, err := spec.Parse("test.jwt.yaml", []byte(text))
	if err != nil {
		t.Fatalf("parse contract: %v", err)
	}
	return c
}

// decode parses a schema into generic JSON values for assertions on parts
// of it.
func decode(t *testing.T, content []byte) map[string]any {
	t.Helper()
	var doc map[string]any
	if err := json.Unmarshal(content, &doc); err != nil {
		t.Fatalf("schema is not JSON: %v\n%s", err, content)
	}
	return doc
}

// lookup returns the member at the path of keys under doc, or fails.
func lookup(t *testing.T, doc map[string]any, keys ...string) any {
	t.Helper()
	var v any = doc
	for i, key := range keys {
		m, ok := v.(map[string]any)
		if !ok {
			t.Fatalf("%v is not an object", keys[:i])
		}
		if v, ok = m[key]; !ok {
			t.Fatalf("%v: no member %q", keys[:i], key)
		}
	}
	return v
}

func TestGolden(t *testing.T) {
	for _, path := range contractFiles {
		c := loadContract(t, path)
		files, err := Generate(c, Options{Source: filepath.Base(path)})
		if err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		if len(files) != len(c.Versions) {
			t.Fatalf("%s: %d files, want one per version (%d)", path, len(files), len(c.Versions))
		}
		for _, f := range files {
			t.Run(f.Name, func(t *testing.T) {
				golden := filepath.Join("testdata", f.Name)
				if *update {
					if err := os.WriteFile(golden, f.Content, 0o644); err != nil {
						t.Fatal(err)
					}
				}
				want, err := os.ReadFile(golden)
				if err != nil {
					t.Fatalf("%v (run go test -update to create it)", err)
				}
				if !bytes.Equal(f.Content, want) {
					t.Errorf("schema differs from %s (run go test -update if the change is intended):\n%s", golden, f.Content)
				}
			})
		}
	}
}

func TestGenerateIsDeterministic(t *testing.T) {
	c := loadContract(t, contractFiles[0])
	first, err := Generate(c, Options{Source: "allkinds.jwt.yaml"})
	if err != nil {
		t.Fatal(err)
	}
	for range 5 {
		again, err := Generate(c, Options{Source: "allkinds.jwt.yaml"})
		if err != nil {
			t.Fatal(err)
		}
		if !slices.EqualFunc(first, again, func(a, b File) bool { return a.Name == b.Name && bytes.Equal(a.Content, b.Content) }) {
			t.Fatal("a second Generate returned different files")
		}
	}
}

func TestGenerateFileNames(t *testing.T) {
	c := loadContract(t, contractFiles[1])
	tests := []struct {
		name   string
		source string
		want   []string
	}{
		{name: "jwt.yaml", source: "tokens/orders.jwt.yaml", want: []string{"orders.v1.schema.json", "orders.v2.schema.json", "orders.v3.schema.json"}},
		{name: "jwt.json", source: "orders.jwt.json", want: []string{"orders.v1.schema.json", "orders.v2.schema.json", "orders.v3.schema.json"}},
		{name: "plain yaml", source: "access.yaml", want: []string{"access.v1.schema.json", "access.v2.schema.json", "access.v3.schema.json"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			files, err := Generate(c, Options{Source: tt.source})
			if err != nil {
				t.Fatal(err)
			}
			var names []string
			for _, f := range files {
				names = append(names, f.Name)
			}
			if !slices.Equal(names, tt.want) {
				t.Errorf("names = %v, want %v", names, tt.want)
			}
		})
	}
}

func TestGenerateInvalidSource(t *testing.T) {
	c := loadContract(t, contractFiles[1])
	tests := []struct {
		name    string
		source  string
		wantMsg string
	}{
		{name: "empty", source: "", wantMsg: `claimschema: invalid contract file name "": name the contract file BASE.jwt.yaml`},
		{name: "no extension", source: "orders", wantMsg: `claimschema: invalid contract file name "orders": name the contract file BASE.jwt.yaml`},
		{name: "extension only", source: "dir/.jwt.yaml", wantMsg: `claimschema: invalid contract file name "dir/.jwt.yaml": name the contract file BASE.jwt.yaml`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Generate(c, Options{Source: tt.source})
			if !errors.Is(err, ErrInvalidSource) {
				t.Fatalf("error = %v, want ErrInvalidSource", err)
			}
			if err.Error() != tt.wantMsg {
				t.Errorf("message = %q, want %q", err.Error(), tt.wantMsg)
			}
		})
	}
}

func TestVersionID(t *testing.T) {
	c := loadContract(t, contractFiles[1])
	tests := []struct {
		name string
		base string
		want string
	}{
		{name: "default", base: "", want: "https://jwtgen.invalid/OrdersAccess/v2.schema.json"},
		{name: "final slash", base: "https://schemas.example.com/tokens/", want: "https://schemas.example.com/tokens/OrdersAccess/v2.schema.json"},
		{name: "slash added", base: "https://schemas.example.com/tokens", want: "https://schemas.example.com/tokens/OrdersAccess/v2.schema.json"},
		{name: "urn", base: "urn:example:tokens:", want: "urn:example:tokens:OrdersAccess/v2.schema.json"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out, err := Version(c, c.Version(2), Options{BaseURI: tt.base})
			if err != nil {
				t.Fatal(err)
			}
			if got := lookup(t, decode(t, out), "$id"); got != tt.want {
				t.Errorf("$id = %v, want %q", got, tt.want)
			}
		})
	}
}

func TestInvalidBaseURI(t *testing.T) {
	const fix = "; write an absolute URI such as https://schemas.example.com/tokens/"
	tests := []struct {
		name    string
		base    string
		wantMsg string
	}{
		{name: "relative", base: "schemas/", wantMsg: `invalid base URI "schemas/": it has no scheme` + fix},
		{name: "query", base: "https://example.com/s/?v=1", wantMsg: `invalid base URI "https://example.com/s/?v=1": it has a query` + fix},
		{name: "fragment", base: "https://example.com/s/#x", wantMsg: `invalid base URI "https://example.com/s/#x": it has a fragment` + fix},
		{name: "empty fragment", base: "https://example.com/s/#", wantMsg: `invalid base URI "https://example.com/s/#": it has a fragment` + fix},
		{name: "bad escape", base: "https://example.com/%zz/", wantMsg: `invalid base URI "https://example.com/%zz/": it does not parse` + fix},
	}
	c := loadContract(t, contractFiles[1])
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := CheckBaseURI(tt.base)
			if !errors.Is(err, ErrInvalidBaseURI) {
				t.Fatalf("CheckBaseURI error = %v, want ErrInvalidBaseURI", err)
			}
			if err.Error() != tt.wantMsg {
				t.Errorf("CheckBaseURI message = %q, want %q", err.Error(), tt.wantMsg)
			}

			_, err = Version(c, c.Version(1), Options{BaseURI: tt.base})
			if !errors.Is(err, ErrInvalidBaseURI) {
				t.Fatalf("Version error = %v, want ErrInvalidBaseURI", err)
			}
			if want := "claimschema: " + tt.wantMsg; err.Error() != want {
				t.Errorf("Version message = %q, want %q", err.Error(), want)
			}
		})
	}
}

func TestVersionNotInContract(t *testing.T) {
	orders := loadContract(t, contractFiles[1])
	other := loadContract(t, contractFiles[1])
	tests := []struct {
		name    string
		version *spec.Version
	}{
		{name: "nil", version: nil},
		{name: "other contract", version: other.Version(1)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Version(orders, tt.version, Options{})
			if !errors.Is(err, ErrUnknownVersion) {
				t.Fatalf("error = %v, want ErrUnknownVersion", err)
			}
			if want := "claimschema: version not in the contract"; err.Error() != want {
				t.Errorf("message = %q, want %q", err.Error(), want)
			}
		})
	}
}

// TestEveryKindHasSchema catches a claim kind added to the contract format
// without a schema here.
func TestEveryKindHasSchema(t *testing.T) {
	for _, kind := range spec.Kinds {
		claim := &spec.Claim{Name: "c", Path: "c", Kind: kind, Values: []string{"a"}}
		if kind == spec.KindObject {
			claim.Claims = []*spec.Claim{{Name: "m", Path: "c.m", Kind: spec.KindString}}
		}
		claims := []*spec.Claim{claim}
		if kind != spec.KindScopes { // the format has no array of scopes
			claims = append(claims, &spec.Claim{Name: "c", Path: "c", Kind: spec.KindArray, Elem: kind, Values: claim.Values, Claims: claim.Claims})
		}
		for _, c := range claims {
			if _, err := claimSchema(c); err != nil {
				t.Errorf("kind %s of %s claim: %v", c.ItemKind(), c.Kind, err)
			}
		}
	}

	_, err := claimSchema(&spec.Claim{Name: "c", Path: "p.c", Kind: "duration"})
	if !errors.Is(err, ErrUnknownKind) {
		t.Fatalf("error = %v, want ErrUnknownKind", err)
	}
	if want := `unknown claim kind "duration" of claim "p.c"`; err.Error() != want {
		t.Errorf("message = %q, want %q", err.Error(), want)
	}
}

func TestVersionClaim(t *testing.T) {
	const contract = `
jwtgen: 1
contract: Service
%s
versions:
  - version: 1
    status: active
    token:
      algorithms: [ES256]
    claims:
      name: {type: string}
`
	tests := []struct {
		name         string
		header       string
		wantNames    []string
		wantRequired []any
	}{
		{
			name:      "none",
			header:    "",
			wantNames: []string{"iss", "sub", "aud", "exp", "nbf", "iat", "jti", "name"},
		},
		{
			name:      "unversioned",
			header:    "version_claim: v\nunversioned: 1",
			wantNames: []string{"iss", "sub", "aud", "exp", "nbf", "iat", "jti", "v", "name"},
		},
		{
			name:         "versioned",
			header:       "version_claim: v",
			wantNames:    []string{"iss", "sub", "aud", "exp", "nbf", "iat", "jti", "v", "name"},
			wantRequired: []any{"v"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := parseContract(t, fmt.Sprintf(contract, tt.header))
			out, err := Version(c, c.Versions[0], Options{})
			if err != nil {
				t.Fatal(err)
			}
			if names := propertyNames(t, out); !slices.Equal(names, tt.wantNames) {
				t.Errorf("properties = %v, want %v", names, tt.wantNames)
			}
			required, _ := decode(t, out)["required"].([]any)
			if !slices.Equal(required, tt.wantRequired) {
				t.Errorf("required = %v, want %v", required, tt.wantRequired)
			}
		})
	}
}

// propertyNames returns the names of the top-level properties of a schema
// in the order the file lists them.
func propertyNames(t *testing.T, content []byte) []string {
	t.Helper()
	var doc struct {
		Properties json.RawMessage `json:"properties"`
	}
	if err := json.Unmarshal(content, &doc); err != nil {
		t.Fatal(err)
	}
	dec := json.NewDecoder(bytes.NewReader(doc.Properties))
	if _, err := dec.Token(); err != nil { // the opening brace
		t.Fatal(err)
	}
	var names []string
	for dec.More() {
		key, err := dec.Token()
		if err != nil {
			t.Fatal(err)
		}
		names = append(names, key.(string))
		var value json.RawMessage
		if err := dec.Decode(&value); err != nil {
			t.Fatal(err)
		}
	}
	return names
}

func TestRegisteredRequired(t *testing.T) {
	const contract = `
jwtgen: 1
contract: Service
versions:
  - version: 1
    status: active
    token:
      algorithms: [ES256]
%s
`
	tests := []struct {
		name  string
		token string
		want  []any
	}{
		{name: "nothing", token: "", want: nil},
		{name: "require", token: "      require: [jti, sub]", want: []any{"sub", "jti"}},
		{name: "issuer", token: "      issuer: https://a.example.com", want: []any{"iss"}},
		{name: "audience", token: "      audience: api", want: []any{"aud"}},
		{name: "max lifetime", token: "      max_lifetime: 5m", want: []any{"exp", "iat"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := parseContract(t, fmt.Sprintf(contract, tt.token))
			out, err := Version(c, c.Versions[0], Options{})
			if err != nil {
				t.Fatal(err)
			}
			required, _ := decode(t, out)["required"].([]any)
			if !slices.Equal(required, tt.want) {
				t.Errorf("required = %v, want %v", required, tt.want)
			}
		})
	}
}

func TestUUIDWithPattern(t *testing.T) {
	c := parseContract(t, `
jwtgen: 1
contract: Service
versions:
  - version: 1
    status: active
    token:
      algorithms: [ES256]
    claims:
      id: {type: uuid, pattern: '^0000'}
`)
	out, err := Version(c, c.Versions[0], Options{})
	if err != nil {
		t.Fatal(err)
	}
	doc := decode(t, out)
	if got := lookup(t, doc, "properties", "id", "pattern"); got != uuidPattern {
		t.Errorf("pattern = %v, want the UUID pattern", got)
	}
	allOf, _ := lookup(t, doc, "properties", "id", "allOf").([]any)
	want := []any{map[string]any{"pattern": "^0000"}}
	if !reflect.DeepEqual(allOf, want) {
		t.Errorf("allOf = %v, want %v", allOf, want)
	}
}

func TestScopesPattern(t *testing.T) {
	intPtr := func(n int) *int { return &n }
	tests := []struct {
		name       string
		min, max   *int
		want       string
		matches    []string
		mismatches []string
	}{
		{
			name:       "unbounded",
			want:       `^[\x21\x23-\x5B\x5D-\x7E]+( [\x21\x23-\x5B\x5D-\x7E]+)*$`,
			matches:    []string{"a", "a:read b:write", "a b c d"},
			mismatches: []string{"", " a", "a ", "a  b", "a\tb", `a"b`, `a\b`, "é"},
		},
		{
			name:       "min 0",
			min:        intPtr(0),
			want:       `^([\x21\x23-\x5B\x5D-\x7E]+( [\x21\x23-\x5B\x5D-\x7E]+)*)?$`,
			matches:    []string{"", "a", "a b"},
			mismatches: []string{" ", "a "},
		},
		{
			name:       "min 2 max 3",
			min:        intPtr(2),
			max:        intPtr(3),
			want:       `^[\x21\x23-\x5B\x5D-\x7E]+( [\x21\x23-\x5B\x5D-\x7E]+){1,2}$`,
			matches:    []string{"a b", "a b c"},
			mismatches: []string{"a", "a b c d"},
		},
		{
			name:       "exactly 2",
			min:        intPtr(2),
			max:        intPtr(2),
			want:       `^[\x21\x23-\x5B\x5D-\x7E]+( [\x21\x23-\x5B\x5D-\x7E]+){1}$`,
			matches:    []string{"a b"},
			mismatches: []string{"a", "a b c"},
		},
		{
			name:       "max 1",
			max:        intPtr(1),
			want:       `^[\x21\x23-\x5B\x5D-\x7E]+$`,
			matches:    []string{"a"},
			mismatches: []string{"", "a b"},
		},
		{
			name:       "max 0",
			max:        intPtr(0),
			want:       `^$`,
			matches:    []string{""},
			mismatches: []string{"a"},
		},
		{
			name:       "min 3",
			min:        intPtr(3),
			want:       `^[\x21\x23-\x5B\x5D-\x7E]+( [\x21\x23-\x5B\x5D-\x7E]+){2,}$`,
			matches:    []string{"a b c", "a b c d"},
			mismatches: []string{"a b"},
		},
		{
			name:    "max above the regexp limit",
			max:     intPtr(5000),
			want:    `^[\x21\x23-\x5B\x5D-\x7E]+( [\x21\x23-\x5B\x5D-\x7E]+)*$`,
			matches: []string{"a b"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := scopesPattern(tt.min, tt.max)
			if got != tt.want {
				t.Fatalf("pattern = %s, want %s", got, tt.want)
			}
			re := regexp.MustCompile(got)
			for _, s := range tt.matches {
				if !re.MatchString(s) {
					t.Errorf("%q does not match", s)
				}
			}
			for _, s := range tt.mismatches {
				if re.MatchString(s) {
					t.Errorf("%q matches", s)
				}
			}
		})
	}
}

func TestEncodeKeepsHTMLCharacters(t *testing.T) {
	o := &object{}
	o.set("pattern", "^<a&b>$")
	got, err := encode(o)
	if err != nil {
		t.Fatal(err)
	}
	if want := "{\n  \"pattern\": \"^<a&b>$\"\n}\n"; string(got) != want {
		t.Errorf("encode = %q, want %q", got, want)
	}
}
