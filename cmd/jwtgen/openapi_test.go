package main

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/jwtgen/jwtgen/openapi"
)

// ordersAPI is an OpenAPI document whose bearer scheme names the
// testdata/orders.jwt.yaml contract, copied beside it.
const ordersAPI = `openapi: 3.1.0
info: {title: Orders, version: 1.0.0}
paths:
  /orders:
    get:
      operationId: listOrders
      security: [{bearer: [orders:read]}, {bearer: [orders:write]}]
    post:
      operationId: createOrder
      security: [{bearer: [orders:write]}]
  /healthz:
    get:
      operationId: health
      security: []
components:
  securitySchemes:
    bearer: {type: http, scheme: bearer, bearerFormat: JWT, x-jwt-contract: orders.jwt.yaml}
`

func TestGenerateWithOpenAPI(t *testing.T) {
	tests := []struct {
		name string
		args []string // after generate -o DIR --package tokens
	}{
		{name: "document only", args: []string{"--openapi", "api.yaml"}},
		{name: "document and contract", args: []string{"--openapi", "api.yaml", "orders.jwt.yaml"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			contract := readFile(t, filepath.Join("testdata", "orders.jwt.yaml"))
			dir := t.TempDir()
			t.Chdir(dir)
			writeFiles(t, dir, map[string]string{"api.yaml": ordersAPI, "orders.jwt.yaml": contract})

			args := append([]string{"generate", "-o", ".", "--package", "tokens"}, tt.args...)
			checkResult(t, runJwtgen(t, nil, args...), result{status: 0})

			want := append([]string{"api.yaml", "orders.jwt.yaml", "orders_jwt_test.go", "orders_operations.go", "testdata"}, generatedNames...)
			slices.Sort(want)
			if got := fileNames(t, dir); !slices.Equal(got, want) {
				t.Fatalf("files = %v, want %v", got, want)
			}

			doc, err := openapi.Load("api.yaml")
			if err != nil {
				t.Fatal(err)
			}
			wantOps, err := openapi.Generate(doc, doc.Contracts[0], openapi.GenerateOptions{Package: "tokens", Source: "api.yaml", Base: "orders"})
			if err != nil {
				t.Fatal(err)
			}
			gotOps, err := os.ReadFile("orders_operations.go")
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(gotOps, wantOps.Content) {
				t.Errorf("orders_operations.go differs from openapi.Generate output:\n%s", gotOps)
			}

			check := append([]string{"generate", "--check", "-o", ".", "--package", "tokens"}, tt.args...)
			checkResult(t, runJwtgen(t, nil, check...), result{status: 0})
		})
	}
}

func TestGenerateOpenAPIInlineContract(t *testing.T) {
	doc := readFile(t, filepath.Join("..", "..", "openapi", "testdata", "inline-3.1.yaml"))
	dir := t.TempDir()
	t.Chdir(dir)
	writeFiles(t, dir, map[string]string{"profile.yaml": doc})

	checkResult(t, runJwtgen(t, nil, "generate", "--package", "tokens", "--openapi", "profile.yaml"), result{status: 0})
	want := []string{"profile.yaml", "profile_adapters.go", "profile_claims.go", "profile_issuer.go", "profile_jwt_test.go", "profile_operations.go", "profile_verifier.go", "testdata"}
	if got := fileNames(t, dir); !slices.Equal(got, want) {
		t.Fatalf("files = %v, want %v", got, want)
	}
}

func TestGenerateOpenAPIErrorWritesNothing(t *testing.T) {
	contract := readFile(t, filepath.Join("testdata", "orders.jwt.yaml"))
	dir := t.TempDir()
	t.Chdir(dir)
	writeFiles(t, dir, map[string]string{"orders.jwt.yaml": contract, "api.yaml": `openapi: 3.0.3
info: {title: Orders, version: 1.0.0}
paths:
  /orders:
    get:
      security: [{bearer: [orders:admin]}]
components:
  securitySchemes:
    bearer: {type: http, scheme: bearer, x-jwt-contract: orders.jwt.yaml}
`})

	got := runJwtgen(t, nil, "generate", "--package", "tokens", "--openapi", "api.yaml")
	checkResult(t, got, result{status: 1, stderr: `api.yaml:5:5: error: operation GET /orders requires a token of contract OrdersAccess but has no operationId [OPENAPI_OPERATION_ID_MISSING]
	hint: add an operationId, which the generated code looks the requirement up by
api.yaml:6:28: error: operation GET /orders requires scope "orders:admin", which version 1 of contract OrdersAccess does not declare [OPENAPI_SCOPE_UNDECLARED]
	hint: add it to the values of claim "scope" of version 1, or fix the name
api.yaml:9:58: warning: scope "orders:read" of contract OrdersAccess is required by no operation [OPENAPI_SCOPE_UNUSED]
	hint: require it in an operation's security, or remove it from the contract
api.yaml:9:58: warning: scope "orders:write" of contract OrdersAccess is required by no operation [OPENAPI_SCOPE_UNUSED]
	hint: require it in an operation's security, or remove it from the contract
jwtgen: 2 errors in api.yaml; no files written
`})
	if files := fileNames(t, dir); !slices.Equal(files, []string{"api.yaml", "orders.jwt.yaml"}) {
		t.Errorf("files = %v, want only the inputs", files)
	}
}

func TestDiffOpenAPI(t *testing.T) {
	dir := t.TempDir()
	t.Chdir(dir)
	newer := bytes.Replace([]byte(ordersAPI), []byte("[{bearer: [orders:write]}]"), []byte("[{bearer: [orders:write, orders:admin]}]"), 1)
	writeFiles(t, dir, map[string]string{"old.yaml": ordersAPI, "new.yaml": string(newer)})

	got := runJwtgen(t, nil, "diff", "old.yaml", "new.yaml")
	checkResult(t, got, result{status: 1, stdout: `new.yaml:10:18: error: OpenAPI contract: operation "createOrder" now requires scope "orders:admin" besides bearer [orders:write], so tokens without it are rejected; add the scope as a new alternative requirement object first, and remove the old one once issuers mint it [OPERATION_SCOPE_ADDED]
	verifiers: compatible, issuers: breaking, adapters: not applicable
`, stderr: "jwtgen: 1 of 1 change unsafe\n"})

	t.Run("one file", func(t *testing.T) {
		got := runJwtgen(t, nil, "diff", "new.yaml")
		checkResult(t, got, result{status: 2, stderr: "jwtgen: diff: new.yaml is an OpenAPI document: give the older revision too, as OLD NEW or with --against git:REF\n"})
	})

	t.Run("against git", func(t *testing.T) {
		if _, err := exec.LookPath("git"); err != nil {
			t.Skip("git is not installed")
		}
		git(t, dir, "init", "--quiet", "--initial-branch=main")
		writeFiles(t, dir, map[string]string{"api.yaml": ordersAPI})
		git(t, dir, "add", "api.yaml")
		git(t, dir, "commit", "--quiet", "-m", "Add the API")
		writeFiles(t, dir, map[string]string{"api.yaml": string(newer)})

		got := runJwtgen(t, nil, "diff", "--against", "git:main", "--format", "github", "api.yaml")
		checkResult(t, got, result{status: 1, stdout: `::error file=api.yaml,line=10,col=18,title=OPERATION_SCOPE_ADDED::OpenAPI contract: operation "createOrder" now requires scope "orders:admin" besides bearer [orders:write], so tokens without it are rejected; add the scope as a new alternative requirement object first, and remove the old one once issuers mint it (verifiers: compatible, issuers: breaking, adapters: not applicable)
`, stderr: "jwtgen: 1 of 1 change unsafe\n"})
	})
}

// readFile returns the contents of the file at path, relative to the
// package directory until a test changes directory.
func readFile(t *testing.T, path string) string {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}

func TestDiffRulesListOpenAPIRules(t *testing.T) {
	got := runJwtgen(t, nil, "diff", "--rules")
	if got.status != 0 || got.stderr != "" {
		t.Fatalf("status %d, stderr %q", got.status, got.stderr)
	}
	wantRow := "OPERATION_SCOPE_ADDED          compatible  breaking    not applicable  An operation now needs a scope more, so tokens minted without it are rejected.\n"
	if !strings.Contains(got.stdout, wantRow) {
		t.Errorf("no row %q in:\n%s", wantRow, got.stdout)
	}
}
