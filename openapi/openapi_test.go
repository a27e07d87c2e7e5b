package openapi

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/jwtgen/jwtgen/spec"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata/golden")

func TestLoadBothVersions(t *testing.T) {
	tests := []struct {
		name          string
		file          string
		wantVersion   string
		wantContracts []string
		wantSchemes   [][]string
		wantWarnings  []string
	}{
		{
			name:          "3.0 with contract file",
			file:          "testdata/orders-3.0.yaml",
			wantVersion:   "3.0.3",
			wantContracts: []string{"OrdersAccess"},
			wantSchemes:   [][]string{{"bearer", "oauth"}},
			wantWarnings: []string{
				`testdata/orders-3.0.yaml:41:11: warning: operation "refundOrder" accepts security scheme "partnerKey", which has no x-jwt-contract, so its generated requirement leaves that scheme out [OPENAPI_SCHEME_IGNORED]` +
					"\n\thint: check \"partnerKey\" in the service, or give the scheme an x-jwt-contract",
			},
		},
		{
			name:          "3.1 with inline contract",
			file:          "testdata/inline-3.1.yaml",
			wantVersion:   "3.1.0",
			wantContracts: []string{"ProfileAccess"},
			wantSchemes:   [][]string{{"profileToken"}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d, err := Load(tt.file)
			if err != nil {
				t.Fatalf("Load: %v", err)
			}
			if d.Version != tt.wantVersion {
				t.Errorf("Version = %q, want %q", d.Version, tt.wantVersion)
			}
			var names []string
			var schemes [][]string
			for _, c := range d.Contracts {
				names = append(names, c.Name)
				schemes = append(schemes, c.Schemes)
			}
			if !slices.Equal(names, tt.wantContracts) {
				t.Errorf("contracts = %q, want %q", names, tt.wantContracts)
			}
			if fmt.Sprint(schemes) != fmt.Sprint(tt.wantSchemes) {
				t.Errorf("schemes = %q, want %q", schemes, tt.wantSchemes)
			}
			if got := diagStrings(d.Warnings); !slices.Equal(got, tt.wantWarnings) {
				t.Errorf("warnings:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(tt.wantWarnings, "\n"))
			}
		})
	}
}

func diagStrings(ds spec.Diagnostics) []string {
	var out []string
	for _, d := range ds {
		out = append(out, d.String())
	}
	return out
}

func TestRequirementsOrOfAnd(t *testing.T) {
	d, err := Load("testdata/orders-3.0.yaml")
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, req := range d.Requirements(d.Contracts[0]) {
		got = append(got, fmt.Sprintf("%s anonymous=%t any=%t %q", req.Operation.ID, req.Anonymous, req.AnyToken, req.ScopeSets))
	}
	want := []string{
		// The root security applies to an operation without its own.
		`listOrders anonymous=false any=false [["orders:read"]]`,
		// Two schemes of one contract give the same set once.
		`createOrder anonymous=false any=false [["orders:write"]]`,
		// An empty requirement object allows anonymous requests.
		`getOrder anonymous=true any=false [["orders:read"]]`,
		// The API key of the second object is left out, with a warning.
		`refundOrder anonymous=false any=false [["orders:write" "orders:refund"] ["orders:refund"]]`,
		// A scheme without scopes lets any valid token through.
		`whoAmI anonymous=false any=true []`,
		`status anonymous=true any=false []`,
		// listPartners needs only the API key, so it is not listed.
	}
	if !slices.Equal(got, want) {
		t.Errorf("requirements:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// TestInlineClaimsMatchContract checks that the claims translated from
// the x-jwt-claims schema of inline-3.1.yaml are those of the contract
// file written by hand.
func TestInlineClaimsMatchContract(t *testing.T) {
	d, err := Load("testdata/inline-3.1.yaml")
	if err != nil {
		t.Fatal(err)
	}
	want, err := spec.Load("testdata/profile.jwt.yaml")
	if err != nil {
		t.Fatal(err)
	}
	got := d.Contracts[0].Contract
	if got.Name != want.Name || len(got.Versions) != len(want.Versions) {
		t.Fatalf("contract %s with %d versions, want %s with %d", got.Name, len(got.Versions), want.Name, len(want.Versions))
	}
	gotLines, wantLines := summarize(got.Versions[0].Claims), summarize(want.Versions[0].Claims)
	if !slices.Equal(gotLines, wantLines) {
		t.Errorf("claims:\n%s\nwant:\n%s", strings.Join(gotLines, "\n"), strings.Join(wantLines, "\n"))
	}
	if got.Versions[0].Token.MaxLifetime != want.Versions[0].Token.MaxLifetime {
		t.Errorf("max_lifetime = %v, want %v", got.Versions[0].Token.MaxLifetime, want.Versions[0].Token.MaxLifetime)
	}
}

// summarize writes every rule of the claims, one line per claim.
func summarize(claims []*spec.Claim) []string {
	var out []string
	deref := func(p any) string {
		switch v := p.(type) {
		case *int:
			if v != nil {
				return fmt.Sprint(*v)
			}
		case *float64:
			if v != nil {
				return fmt.Sprint(*v)
			}
		}
		return "-"
	}
	for _, c := range claims {
		out = append(out, fmt.Sprintf("%s kind=%s elem=%s required=%t values=%q encoding=%s pattern=%q length=%s..%s range=%s..%s items=%s..%s const=%v/%t description=%q deprecated=%t",
			c.Path, c.Kind, c.Elem, c.Required, c.Values, c.Encoding, c.Pattern,
			deref(c.MinLength), deref(c.MaxLength), deref(c.Minimum), deref(c.Maximum), deref(c.MinItems), deref(c.MaxItems),
			c.Const, c.HasConst, c.Description, c.Deprecated))
		out = append(out, summarize(c.Claims)...)
	}
	return out
}

func TestGenerateGolden(t *testing.T) {
	tests := []struct {
		name   string
		file   string
		source string
		base   string
	}{
		{name: "3.0", file: "testdata/orders-3.0.yaml", source: "orders-3.0.yaml", base: "orders"},
		{name: "3.1", file: "testdata/inline-3.1.yaml", source: "inline-3.1.yaml", base: "inline-3.1"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d, err := Load(tt.file)
			if err != nil {
				t.Fatal(err)
			}
			opts := GenerateOptions{Package: "tokens", Source: tt.source, Base: tt.base}
			file, err := Generate(d, d.Contracts[0], opts)
			if err != nil {
				t.Fatal(err)
			}
			if want := tt.base + "_operations.go"; file.Name != want {
				t.Errorf("Name = %q, want %q", file.Name, want)
			}
			again, err := Generate(d, d.Contracts[0], opts)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(file.Content, again.Content) {
				t.Error("a second Generate gave different bytes")
			}

			golden := filepath.Join("testdata", "golden", file.Name+".golden")
			if *update {
				if err := os.MkdirAll(filepath.Dir(golden), 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(golden, file.Content, 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v; run go test -update", err)
			}
			if !bytes.Equal(file.Content, want) {
				t.Errorf("%s differs from %s; run go test -update and review the diff:\n%s", file.Name, golden, file.Content)
			}
		})
	}
}

func TestGenerateRejectsOptions(t *testing.T) {
	d, err := Load("testdata/orders-3.0.yaml")
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		opts GenerateOptions
		want string
	}{
		{name: "package", opts: GenerateOptions{Package: "my-tokens", Source: "a.yaml", Base: "a"}, want: `openapi: package name "my-tokens" is not a Go identifier`},
		{name: "source", opts: GenerateOptions{Package: "tokens", Base: "a"}, want: `openapi: invalid source path ""`},
		{name: "base", opts: GenerateOptions{Package: "tokens", Source: "a.yaml", Base: "x/a"}, want: "openapi: GenerateOptions.Base must be a file name prefix"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Generate(d, d.Contracts[0], tt.opts)
			if err == nil {
				t.Fatal("wanted an error, got nil")
			}
			if err.Error() != tt.want {
				t.Errorf("error = %q, want %q", err, tt.want)
			}
		})
	}
}

// contractFile is a contract that the documents of the diagnostics tests
// name as orders.jwt.yaml.
const contractFile = `jwtgen: 1
contract: OrdersAccess
versions:
  - version: 1
    token:
      algorithms: [ES256]
      audience: [orders-api]
      max_lifetime: 15m
      require: [exp, iat]
    claims:
      scp: {type: scopes, encoding: array, values: [orders:read, orders:write]}
`

// docHead starts each document of the diagnostics tests: lines 1 to 4.
const docHead = "openapi: 3.1.0\ninfo: {title: Orders, version: 1.0.0}\ncomponents:\n  securitySchemes:\n"

// bearerScheme is lines 5 to 9 when it follows docHead.
const bearerScheme = `    bearer:
      type: http
      scheme: bearer
      bearerFormat: JWT
      x-jwt-contract: orders.jwt.yaml
`

func TestLoadDiagnostics(t *testing.T) {
	tests := []struct {
		name string
		doc  string
		// want are the diagnostics of Load, errors or warnings.
		want []string
	}{
		{
			name: "scope undeclared",
			doc: docHead + bearerScheme + `paths:
  /orders:
    get:
      operationId: listOrders
      security: [{bearer: [orders:read, orders:admin]}]
    post:
      operationId: createOrder
      security: [{bearer: [orders:write]}]
`,
			want: []string{`api.yaml:14:41: error: operation "listOrders" requires scope "orders:admin", which version 1 of contract OrdersAccess does not declare [OPENAPI_SCOPE_UNDECLARED]` +
				"\n\thint: add it to the values of claim \"scp\" of version 1, or fix the name"},
		},
		{
			name: "scope invalid",
			doc: docHead + `    bearer: {type: http, scheme: bearer, x-jwt-contract: open.jwt.yaml}
paths:
  /orders:
    get:
      operationId: listOrders
      security: [{bearer: ["orders read"]}]
`,
			want: []string{`api.yaml:10:28: error: operation "listOrders" requires scope "orders read", which is not a valid scope token [OPENAPI_SCOPE_INVALID]` +
				"\n\thint: a scope is printable ASCII without spaces, double quotes or backslashes (RFC 6749 §3.3)"},
		},
		{
			name: "operation id duplicate",
			doc: docHead + bearerScheme + `paths:
  /orders:
    get:
      operationId: listOrders
      security: [{bearer: [orders:read]}]
    post:
      operationId: listOrders
      security: [{bearer: [orders:write]}]
`,
			want: []string{`api.yaml:15:5: error: operationId "listOrders" of POST /orders is also the operationId of GET /orders at line 12 [OPENAPI_OPERATION_ID_DUPLICATE]` +
				"\n\thint: give each operation its own operationId"},
		},
		{
			name: "operation id missing",
			doc: docHead + bearerScheme + `security: [{bearer: [orders:read]}]
paths:
  /orders:
    get:
      responses: {"200": {description: ok}}
    post:
      operationId: createOrder
      security: [{bearer: [orders:write]}]
`,
			want: []string{"api.yaml:13:5: error: operation GET /orders requires a token of contract OrdersAccess but has no operationId [OPENAPI_OPERATION_ID_MISSING]" +
				"\n\thint: add an operationId, which the generated code looks the requirement up by"},
		},
		{
			name: "api key with contract",
			doc: docHead + `    key:
      type: apiKey
      in: header
      name: X-Key
      x-jwt-contract: orders.jwt.yaml
paths: {}
`,
			want: []string{`api.yaml:6:13: error: security scheme "key" has x-jwt-contract, but its type apiKey does not carry a JWT bearer token [OPENAPI_SCHEME_NOT_BEARER]` +
				"\n\thint: remove x-jwt-contract, or declare the scheme as type: http, scheme: bearer, bearerFormat: JWT"},
		},
		{
			name: "opaque bearer with contract",
			doc: docHead + `    opaque:
      type: http
      scheme: bearer
      bearerFormat: opaque
      x-jwt-contract: orders.jwt.yaml
paths: {}
`,
			want: []string{`api.yaml:6:13: error: security scheme "opaque" has x-jwt-contract, but its type http bearer with bearerFormat opaque does not carry a JWT bearer token [OPENAPI_SCHEME_NOT_BEARER]` +
				"\n\thint: remove x-jwt-contract, or declare the scheme as type: http, scheme: bearer, bearerFormat: JWT"},
		},
		{
			name: "scheme undefined",
			doc: docHead + bearerScheme + `paths:
  /orders:
    get:
      operationId: listOrders
      security: [{bearer: [orders:read]}, {cookie: []}]
    post:
      operationId: createOrder
      security: [{bearer: [orders:write]}]
`,
			want: []string{`api.yaml:14:44: error: operation "listOrders" names security scheme "cookie", which components.securitySchemes does not declare [OPENAPI_SCHEME_UNDEFINED]` +
				"\n\thint: declare it under components.securitySchemes, or fix the name"},
		},
		{
			name: "contracts combined",
			doc: docHead + bearerScheme + `    partner:
      type: oauth2
      flows: {clientCredentials: {tokenUrl: 'https://auth.example.com/token', scopes: {}}}
      x-jwt-contract: partner.jwt.yaml
paths:
  /orders:
    get:
      operationId: listOrders
      security: [{bearer: [orders:read], partner: []}]
    post:
      operationId: createOrder
      security: [{bearer: [orders:write]}]
`,
			want: []string{
				`api.yaml:13:23: warning: scope "orders:read" of contract PartnerAccess is required by no operation [OPENAPI_SCOPE_UNUSED]` +
					"\n\thint: require it in an operation's security, or remove it from the contract",
				`api.yaml:13:23: warning: scope "orders:write" of contract PartnerAccess is required by no operation [OPENAPI_SCOPE_UNUSED]` +
					"\n\thint: require it in an operation's security, or remove it from the contract",
				`api.yaml:18:42: error: a requirement object of operation "listOrders" needs tokens of contracts OrdersAccess and PartnerAccess at once, but a request carries one bearer token [OPENAPI_CONTRACTS_COMBINED]` +
					"\n\thint: list the schemes as separate requirement objects, which the operation accepts one at a time"},
		},
		{
			name: "contract file missing",
			doc: docHead + `    bearer:
      type: http
      scheme: bearer
      x-jwt-contract: missing.jwt.yaml
paths: {}
`,
			want: []string{"api.yaml:8:23: error: cannot load contract file missing.jwt.yaml: read contract: open missing.jwt.yaml: no such file or directory [OPENAPI_CONTRACT_INVALID]" +
				"\n\thint: write the contract file's path relative to this document"},
		},
		{
			name: "contract neither path nor mapping",
			doc: docHead + `    bearer:
      type: http
      scheme: bearer
      x-jwt-contract: [orders.jwt.yaml]
paths: {}
`,
			want: []string{`api.yaml:8:23: error: x-jwt-contract of security scheme "bearer" must be a file path or a contract mapping [OPENAPI_CONTRACT_INVALID]` +
				"\n\thint: write the path of a contract file, relative to this document, or the contract itself as a mapping"},
		},
		{
			name: "scope unused and scheme ignored",
			doc: docHead + bearerScheme + `    key:
      type: apiKey
      in: header
      name: X-Key
paths:
  /orders:
    get:
      operationId: listOrders
      security: [{bearer: [orders:read]}, {key: []}]
`,
			want: []string{
				`api.yaml:9:23: warning: scope "orders:write" of contract OrdersAccess is required by no operation [OPENAPI_SCOPE_UNUSED]` +
					"\n\thint: require it in an operation's security, or remove it from the contract",
				`api.yaml:18:44: warning: operation "listOrders" accepts security scheme "key", which has no x-jwt-contract, so its generated requirement leaves that scheme out [OPENAPI_SCHEME_IGNORED]` +
					"\n\thint: check \"key\" in the service, or give the scheme an x-jwt-contract",
			},
		},
		{
			name: "inline contract error",
			doc: docHead + `    bearer:
      type: http
      scheme: bearer
      x-jwt-contract:
        jwtgen: 1
        contract: OrdersAccess
        versions:
          - version: 1
            token: {algorithms: [none]}
paths: {}
`,
			want: []string{`api.yaml:13:34: error: algorithm "none" is not allowed: unsigned tokens are never accepted [ALGORITHM_NONE]` +
				"\n\thint: list signing algorithms only, e.g. ES256"},
		},
		{
			name: "swagger 2",
			doc:  "swagger: '2.0'\ninfo: {title: Orders, version: 1.0.0}\npaths: {}\n",
			want: []string{`api.yaml:1:1: error: unsupported document version swagger "2.0": jwtgen reads OpenAPI 3.0 and 3.1 [OPENAPI_DOCUMENT_INVALID]` +
				"\n\thint: convert the document to OpenAPI 3.0 or 3.1"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Chdir(t.TempDir())
			writeFile(t, "orders.jwt.yaml", contractFile)
			writeFile(t, "partner.jwt.yaml", strings.Replace(contractFile, "OrdersAccess", "PartnerAccess", 1))
			// The scopes claim of open.jwt.yaml lists no values, so every
			// scope counts as declared.
			writeFile(t, "open.jwt.yaml", strings.Replace(contractFile, ", values: [orders:read, orders:write]", "", 1))
			writeFile(t, "api.yaml", tt.doc)

			d, err := Load("api.yaml")
			var got []string
			var diags spec.Diagnostics
			switch {
			case errors.As(err, &diags):
				got = diagStrings(diags)
			case err != nil:
				t.Fatalf("Load: %v", err)
			default:
				got = diagStrings(d.Warnings)
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("diagnostics:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(tt.want, "\n"))
			}
		})
	}
}

func writeFile(t *testing.T, name, content string) {
	t.Helper()
	if err := os.WriteFile(name, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}
