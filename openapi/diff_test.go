package openapi

import (
	"fmt"
	"slices"
	"strings"
	"testing"
)

// diffDoc is a document with one operation whose security is on line 7.
const diffDoc = `openapi: 3.0.3
info: {title: Orders, version: 1.0.0}
paths:
  /orders:
    get:
      operationId: listOrders
      security: %s
      responses: {"200": {description: ok}}
components:
  securitySchemes:
    bearer: {type: http, scheme: bearer}
    oauth: {type: oauth2, flows: {clientCredentials: {tokenUrl: 'https://auth.example.com/token', scopes: {}}}}
`

func TestDiffRequirements(t *testing.T) {
	tests := []struct {
		name     string
		old, new string
		// want lists each change as "RULE unsafe=B old=POS new=POS: MESSAGE".
		want []string
	}{
		{
			name: "unchanged in another order",
			old:  "[{bearer: [a, b]}, {oauth: [c]}]",
			new:  "[{oauth: [c]}, {bearer: [b, a]}]",
		},
		{
			name: "scope added",
			old:  "[{bearer: [orders:read]}]",
			new:  "[{bearer: [orders:read, orders:audit]}]",
			want: []string{`OPERATION_SCOPE_ADDED unsafe=true old=old.yaml:7:18 new=new.yaml:7:18: operation "listOrders" now requires scope "orders:audit" besides bearer [orders:read], ` +
				"so tokens without it are rejected; add the scope as a new alternative requirement object first, and remove the old one once issuers mint it"},
		},
		{
			name: "scope removed",
			old:  "[{bearer: [orders:read, orders:audit]}]",
			new:  "[{bearer: [orders:read]}]",
			want: []string{`OPERATION_SCOPE_REMOVED unsafe=false old=old.yaml:7:18 new=new.yaml:7:18: operation "listOrders" no longer requires scope "orders:audit" with bearer [orders:read]`},
		},
		{
			name: "alternative added",
			old:  "[{bearer: [orders:read]}]",
			new:  "[{bearer: [orders:read]}, {oauth: [orders:admin]}]",
			want: []string{`OPERATION_ALTERNATIVE_ADDED unsafe=false old=old.yaml:5:5 new=new.yaml:7:43: operation "listOrders" now also accepts oauth [orders:admin]`},
		},
		{
			name: "alternative removed",
			old:  "[{bearer: [orders:read]}, {oauth: [orders:admin]}]",
			new:  "[{bearer: [orders:read]}]",
			want: []string{`OPERATION_ALTERNATIVE_REMOVED unsafe=true old=old.yaml:7:43 new=new.yaml:5:5: operation "listOrders" no longer accepts oauth [orders:admin], ` +
				"so tokens that hold only those scopes are rejected; keep the requirement object until no issuer mints such tokens"},
		},
		{
			name: "auth added",
			old:  "[]",
			new:  "[{bearer: []}]",
			want: []string{`OPERATION_AUTH_ADDED unsafe=true old=old.yaml:5:5 new=new.yaml:7:18: operation "listOrders" accepted requests without credentials and now requires bearer; ` +
				"keep an empty requirement object {} until every caller sends a token"},
		},
		{
			name: "auth removed",
			old:  "[{bearer: [orders:read]}]",
			new:  "[{}, {bearer: [orders:read]}]",
			want: []string{`OPERATION_AUTH_REMOVED unsafe=true old=old.yaml:7:18 new=new.yaml:5:5: operation "listOrders" required bearer [orders:read] and now accepts requests without credentials; ` +
				"make sure the operation is meant to be public"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			older, err := ParseSecurity("old.yaml", fmt.Appendf(nil, diffDoc, tt.old))
			if err != nil {
				t.Fatal(err)
			}
			newer, err := ParseSecurity("new.yaml", fmt.Appendf(nil, diffDoc, tt.new))
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, c := range Diff(older, newer).Changes {
				got = append(got, fmt.Sprintf("%s unsafe=%t old=%s new=%s: %s", c.Rule, c.Unsafe, c.OldPos, c.NewPos, c.Message))
				if c.Contract != "OpenAPI" || c.Subject != "listOrders" {
					t.Errorf("Contract, Subject = %q, %q, want OpenAPI, listOrders", c.Contract, c.Subject)
				}
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("changes:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(tt.want, "\n"))
			}
		})
	}
}

func TestIsDocument(t *testing.T) {
	tests := []struct {
		name string
		data string
		want bool
	}{
		{name: "yaml", data: "openapi: 3.1.0\ninfo: {}\n", want: true},
		{name: "json", data: `{"openapi": "3.0.3", "info": {}}`, want: true},
		{name: "contract", data: "jwtgen: 1\ncontract: OrdersAccess\n", want: false},
		{name: "not yaml", data: "{", want: false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := IsDocument([]byte(tt.data)); got != tt.want {
				t.Errorf("IsDocument = %t, want %t", got, tt.want)
			}
		})
	}
}
