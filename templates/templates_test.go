package templates

import (
	"bytes"
	"errors"
	"io/fs"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/jwtgen/jwtgen/spec"
)

// schemaLine points editors that run the YAML language server at the JSON
// Schema of the contract format.
const schemaLine = "# yaml-language-server: $schema=" + spec.SchemaID + "\n"

func TestRenderedTemplatesLoadAndLintClean(t *testing.T) {
	at := time.Date(2026, time.June, 1, 0, 0, 0, 0, time.UTC)
	for _, tmpl := range List() {
		t.Run(tmpl.Name, func(t *testing.T) {
			data, err := Render(tmpl.Name, "OrdersAccess")
			if err != nil {
				t.Fatalf("Render: %v", err)
			}

			c, err := spec.Parse(tmpl.Name+".jwt.yaml", data)
			if err != nil {
				t.Fatalf("spec.Parse:\n%v", err)
			}
			if c.Name != "OrdersAccess" {
				t.Errorf("contract name = %q, want OrdersAccess", c.Name)
			}
			if warnings := spec.Lint(c, at); len(warnings) != 0 {
				t.Errorf("spec.Lint:\n%v", warnings)
			}
		})
	}
}

func TestRenderReplacesContractName(t *testing.T) {
	defaults := map[string]string{
		"rfc9068":       "AccessToken",
		"oidc-id-token": "IDToken",
		"service":       "ServiceToken",
	}
	for _, tmpl := range List() {
		t.Run(tmpl.Name, func(t *testing.T) {
			data, err := Render(tmpl.Name, "OrdersAccess")
			if err != nil {
				t.Fatalf("Render: %v", err)
			}

			if !bytes.Contains(data, []byte("\ncontract: OrdersAccess\n")) {
				t.Errorf("output has no line %q", "contract: OrdersAccess")
			}
			if !bytes.Contains(data, []byte("NewOrdersAccessVerifier")) {
				t.Errorf("output comments do not mention NewOrdersAccessVerifier")
			}
			def, ok := defaults[tmpl.Name]
			if !ok {
				t.Fatalf("no default contract name recorded for template %s", tmpl.Name)
			}
			if bytes.Contains(data, []byte(def)) {
				t.Errorf("output still contains the template's own name %s", def)
			}
		})
	}
}

func TestTemplateFilesMatchList(t *testing.T) {
	embedded, err := fs.Glob(files, "*.jwt.yaml")
	if err != nil {
		t.Fatal(err)
	}
	var listed []string
	for _, tmpl := range List() {
		listed = append(listed, tmpl.Name+".jwt.yaml")
	}
	slices.Sort(embedded)
	slices.Sort(listed)
	if !slices.Equal(embedded, listed) {
		t.Errorf("embedded files %v, listed templates %v", embedded, listed)
	}

	for _, name := range embedded {
		data, err := fs.ReadFile(files, name)
		if err != nil {
			t.Fatal(err)
		}
		if !strings.HasPrefix(string(data), schemaLine) {
			t.Errorf("%s does not begin with %q", name, schemaLine)
		}
	}
}

func TestRenderRejectsArguments(t *testing.T) {
	tests := []struct {
		name     string
		template string
		contract string
		wantErr  error
		wantMsg  string
	}{
		{
			name:     "unknown template",
			template: "rfc7519",
			contract: "OrdersAccess",
			wantErr:  ErrUnknownTemplate,
			wantMsg:  `unknown template "rfc7519": choose one of rfc9068, oidc-id-token, service`,
		},
		{
			name:     "empty template",
			template: "",
			contract: "OrdersAccess",
			wantErr:  ErrUnknownTemplate,
			wantMsg:  `unknown template "": choose one of rfc9068, oidc-id-token, service`,
		},
		{
			name:     "lowercase contract",
			template: "service",
			contract: "ordersAccess",
			wantErr:  ErrInvalidContractName,
			wantMsg:  `invalid contract name "ordersAccess": the name must be an exported Go identifier, such as OrdersAccess`,
		},
		{
			name:     "contract with hyphen",
			template: "service",
			contract: "Orders-Access",
			wantErr:  ErrInvalidContractName,
			wantMsg:  `invalid contract name "Orders-Access": the name must be an exported Go identifier, such as OrdersAccess`,
		},
		{
			name:     "contract starting with digit",
			template: "rfc9068",
			contract: "9Orders",
			wantErr:  ErrInvalidContractName,
			wantMsg:  `invalid contract name "9Orders": the name must be an exported Go identifier, such as OrdersAccess`,
		},
		{
			name:     "empty contract",
			template: "oidc-id-token",
			contract: "",
			wantErr:  ErrInvalidContractName,
			wantMsg:  `invalid contract name "": the name must be an exported Go identifier, such as OrdersAccess`,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			data, err := Render(tt.template, tt.contract)
			if err == nil {
				t.Fatalf("Render returned no error and %d bytes", len(data))
			}
			if !errors.Is(err, tt.wantErr) {
				t.Errorf("error %v does not wrap %v", err, tt.wantErr)
			}
			if err.Error() != tt.wantMsg {
				t.Errorf("error message:\n got %s\nwant %s", err, tt.wantMsg)
			}
		})
	}
}
