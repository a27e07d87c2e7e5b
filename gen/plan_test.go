package gen

import (
	"errors"
	"strings"
	"testing"

	"github.com/jwtgen/jwtgen/spec"
)

// placed sets the position of c to line 40 + n of orders.jwt.yaml.
func placed(n int, c *spec.Claim) *spec.Claim {
	c.Pos = spec.Pos{File: "orders.jwt.yaml", Line: 40 + n, Col: 7}
	return c
}

// addClaims appends claims to version n of c.
func addClaims(c *spec.Contract, n int, claims ...*spec.Claim) {
	v := c.Version(n)
	v.Claims = append(v.Claims, claims...)
}

func TestGenerateRejectsContract(t *testing.T) {
	tests := []struct {
		name   string
		change func(c *spec.Contract)
		want   string
	}{
		{
			name:   "claim takes a promoted field",
			change: func(c *spec.Contract) { addClaims(c, 2, placed(1, newClaim("issuer", "url"))) },
			want: `orders.jwt.yaml:41:7: error: claim "issuer" gets the Go field name Issuer, which OrdersAccessV2 already has: the field Issuer promoted from jwt.RegisteredClaims [GO_NAME_COLLISION]
	hint: set go_name on claim "issuer" to another exported Go name`,
		},
		{
			name:   "claim takes a promoted method",
			change: func(c *spec.Contract) { addClaims(c, 1, placed(1, newClaim("get_audience", "string"))) },
			want: `orders.jwt.yaml:41:7: error: claim "get_audience" gets the Go field name GetAudience, which OrdersAccessV1 already has: the method GetAudience promoted from jwt.RegisteredClaims [GO_NAME_COLLISION]
	hint: set go_name on claim "get_audience" to another exported Go name`,
		},
		{
			name:   "claim takes the embedded field",
			change: func(c *spec.Contract) { addClaims(c, 2, placed(1, newClaim("registered_claims", "json"))) },
			want: `orders.jwt.yaml:41:7: error: claim "registered_claims" gets the Go field name RegisteredClaims, which OrdersAccessV2 already has: the embedded field RegisteredClaims [GO_NAME_COLLISION]
	hint: set go_name on claim "registered_claims" to another exported Go name`,
		},
		{
			name:   "claim takes Validate",
			change: func(c *spec.Contract) { addClaims(c, 2, placed(1, newClaim("validate", "bool"))) },
			want: `orders.jwt.yaml:41:7: error: claim "validate" gets the Go field name Validate, which OrdersAccessV2 already has: the generated method Validate [GO_NAME_COLLISION]
	hint: set go_name on claim "validate" to another exported Go name`,
		},
		{
			name:   "claim takes HasScope",
			change: func(c *spec.Contract) { addClaims(c, 2, placed(1, newClaim("has-scope", "bool"))) },
			want: `orders.jwt.yaml:41:7: error: claim "has-scope" gets the Go field name HasScope, which OrdersAccessV2 already has: the generated method HasScope [GO_NAME_COLLISION]
	hint: set go_name on claim "has-scope" to another exported Go name`,
		},
		{
			name: "two claims get one field name",
			change: func(c *spec.Contract) {
				placed(0, c.Version(2).Claims[0])
				addClaims(c, 2, placed(1, newClaim("tenant-id", "string")))
			},
			want: `orders.jwt.yaml:41:7: error: claim "tenant-id" gets the Go field name TenantID, which OrdersAccessV2 already has: the field of claim "tenant_id" (orders.jwt.yaml:40:7) [GO_NAME_COLLISION]
	hint: set go_name on claim "tenant-id" to another exported Go name`,
		},
		{
			name: "go_name takes another claim's field name",
			change: func(c *spec.Contract) {
				placed(0, c.Version(2).Claims[0])
				addClaims(c, 2, placed(1, newClaim("tenant", "string", goNamed("TenantID"))))
			},
			want: `orders.jwt.yaml:41:7: error: claim "tenant" gets the Go field name TenantID, which OrdersAccessV2 already has: the field of claim "tenant_id" (orders.jwt.yaml:40:7) [GO_NAME_COLLISION]
	hint: set go_name on claim "tenant" to another exported Go name`,
		},
		{
			name: "members of an object",
			change: func(c *spec.Contract) {
				addClaims(c, 2, placed(1, newClaim("address", "object", members(
					placed(2, newClaim("zip_code", "string")),
					placed(3, newClaim("zip-code", "string")),
				))))
			},
			want: `orders.jwt.yaml:43:7: error: claim "address.zip-code" gets the Go field name ZipCode, which OrdersAccessV2Address already has: the field of claim "address.zip_code" (orders.jwt.yaml:42:7) [GO_NAME_COLLISION]
	hint: set go_name on claim "zip-code" to another exported Go name`,
		},
		{
			name: "go_name not exported",
			change: func(c *spec.Contract) {
				claim := placed(1, newClaim("tenant", "string", goNamed("tenant")))
				claim.At = spec.Positions{"go_name": {File: "orders.jwt.yaml", Line: 41, Col: 22}}
				addClaims(c, 2, claim)
			},
			want: `orders.jwt.yaml:41:22: error: claim "tenant" gets the Go field name "tenant", which is not an exported Go identifier [GO_NAME_INVALID]
	hint: set go_name on claim "tenant" to another exported Go name`,
		},
		{
			name:   "claim name starts with a digit",
			change: func(c *spec.Contract) { addClaims(c, 2, placed(1, newClaim("2fa", "bool"))) },
			want: `orders.jwt.yaml:41:7: error: claim "2fa" gets the Go field name "2fa", which is not an exported Go identifier [GO_NAME_INVALID]
	hint: set go_name on claim "2fa" to another exported Go name`,
		},
		{
			name:   "claim name not a JSON tag",
			change: func(c *spec.Contract) { addClaims(c, 2, placed(1, newClaim("a,b", "string", goNamed("AB")))) },
			want: `orders.jwt.yaml:41:7: error: claim name "a,b" cannot be written in a Go JSON struct tag [GO_NAME_INVALID]
	hint: rename the claim`,
		},
		{
			name: "enum values get one constant name",
			change: func(c *spec.Contract) {
				addClaims(c, 2, placed(1, newClaim("access", "enum", values("read-only", "read_only"))))
			},
			want: `orders.jwt.yaml:41:7: error: Go identifier OrdersAccessAccessReadOnly for enum value "read_only" of claim "access" collides with enum value "read-only" of claim "access" (orders.jwt.yaml:41:7) [GO_NAME_COLLISION]
	hint: change one of the values so that their letters and digits differ`,
		},
		{
			name:   "enum value without letters",
			change: func(c *spec.Contract) { addClaims(c, 2, placed(1, newClaim("access", "enum", values("*")))) },
			want: `orders.jwt.yaml:41:7: error: enum value "*" of claim "access" has no letter or digit to form a Go name from [GO_NAME_INVALID]
	hint: give every value at least one letter or digit`,
		},
		{
			name: "enum type takes a version struct name",
			change: func(c *spec.Contract) {
				addClaims(c, 1, placed(1, newClaim("v2", "enum", values("a"))))
			},
			want: `orders.jwt.yaml:200:5: error: Go identifier OrdersAccessV2 for the claims struct of version 2 collides with the enum type of claim "v2" (orders.jwt.yaml:41:7) [GO_NAME_COLLISION]
	hint: set go_name on claim "v2" to another exported Go name`,
		},
		{
			name: "enum constant takes a scope constant name",
			change: func(c *spec.Contract) {
				addClaims(c, 1, placed(1, newClaim("scope_orders", "enum", values("read"))))
			},
			want: `orders.jwt.yaml:41:7: error: Go identifier OrdersAccessScopeOrdersRead for enum value "read" of claim "scope_orders" collides with scope "orders:read" of claim "scope" (orders.jwt.yaml:102:7) [GO_NAME_COLLISION]
	hint: change one of the values so that their letters and digits differ`,
		},
		{
			name: "second scopes claim",
			change: func(c *spec.Contract) {
				addClaims(c, 2, placed(1, newClaim("scope", "scopes", encoding(spec.ScopesSpaceDelimited))))
			},
			want: `orders.jwt.yaml:41:7: error: version 2 declares the scopes claim "scope" besides "scp", but HasScope reads one scopes claim [CLAIM_UNSUPPORTED]
	hint: declare the scopes a token carries in one claim`,
		},
		{
			name:   "contract name not exported",
			change: func(c *spec.Contract) { c.Name = "ordersAccess" },
			want: `orders.jwt.yaml:1:1: error: contract name "ordersAccess" is not an exported Go identifier [GO_NAME_INVALID]
	hint: an exported Go identifier such as OrdersAccess`,
		},
		{
			name:   "no version",
			change: func(c *spec.Contract) { c.Versions = nil },
			want:   `orders.jwt.yaml:1:1: error: contract OrdersAccess declares no version`,
		},
		{
			name:   "constraint of another kind",
			change: func(c *spec.Contract) { addClaims(c, 2, placed(1, newClaim("age", "int", minLength(1)))) },
			want: `orders.jwt.yaml:41:7: error: constraint min_length does not apply to claim "age" of type int [CLAIM_UNSUPPORTED]
	hint: remove the constraint`,
		},
		{
			name:   "const of another type",
			change: func(c *spec.Contract) { addClaims(c, 2, placed(1, newClaim("level", "int", constValue("high")))) },
			want: `orders.jwt.yaml:41:7: error: const of claim "level": "high" is a string, not a value of type int [CLAIM_UNSUPPORTED]
	hint: write a const value of the claim's type`,
		},
		{
			name:   "fractional const of an int claim",
			change: func(c *spec.Contract) { addClaims(c, 2, placed(1, newClaim("level", "int", constValue(2.5)))) },
			want: `orders.jwt.yaml:41:7: error: const of claim "level": 2.5 is not a 64-bit integer [CLAIM_UNSUPPORTED]
	hint: write a const value of the claim's type`,
		},
		{
			name:   "minimum outside int64",
			change: func(c *spec.Contract) { addClaims(c, 2, placed(1, newClaim("level", "int", minimum(1e19)))) },
			want: `orders.jwt.yaml:41:7: error: minimum of int claim "level" is outside the int64 range [CLAIM_UNSUPPORTED]
	hint: write a bound that fits a 64-bit integer`,
		},
		{
			name:   "array of scopes",
			change: func(c *spec.Contract) { addClaims(c, 2, placed(1, newClaim("grants", "[]scopes"))) },
			want: `orders.jwt.yaml:41:7: error: claim "grants" has the array item type "scopes", which the generator does not support [CLAIM_UNSUPPORTED]
	hint: use one of the claim types other than scopes as the item type`,
		},
		{
			name:   "unknown type",
			change: func(c *spec.Contract) { addClaims(c, 2, placed(1, newClaim("blob", "bytes"))) },
			want: `orders.jwt.yaml:41:7: error: claim "blob" has the type "bytes", which the generator does not support [CLAIM_UNSUPPORTED]
	hint: use one of the claim types of the contract format`,
		},
		{
			name:   "enum without values",
			change: func(c *spec.Contract) { addClaims(c, 2, placed(1, newClaim("access", "enum"))) },
			want: `orders.jwt.yaml:41:7: error: enum claim "access" declares no values [CLAIM_UNSUPPORTED]
	hint: list the allowed values under values`,
		},
		{
			name: "pattern that does not compile",
			change: func(c *spec.Contract) {
				addClaims(c, 2, placed(1, newClaim("code", "string", func(c *spec.Claim) { c.Pattern = "a(" })))
			},
			want: `orders.jwt.yaml:41:7: error: pattern of claim "code" does not compile: error parsing regexp: missing closing ): ` + "`a(`" + `
	hint: write an RE2 regular expression`,
		},
		{
			name:   "claim takes Upgrade",
			change: func(c *spec.Contract) { addClaims(c, 1, placed(1, newClaim("upgrade", "bool"))) },
			want: `orders.jwt.yaml:41:7: error: claim "upgrade" gets the Go field name Upgrade, which OrdersAccessV1 already has: the generated method Upgrade [GO_NAME_COLLISION]
	hint: set go_name on claim "upgrade" to another exported Go name`,
		},
		{
			name:   "claim takes Downgrade",
			change: func(c *spec.Contract) { addClaims(c, 2, placed(1, newClaim("downgrade", "bool"))) },
			want: `orders.jwt.yaml:41:7: error: claim "downgrade" gets the Go field name Downgrade, which OrdersAccessV2 already has: the generated method Downgrade [GO_NAME_COLLISION]
	hint: set go_name on claim "downgrade" to another exported Go name`,
		},
		{
			name: "required claim without source",
			change: func(c *spec.Contract) {
				addClaims(c, 2, placed(1, newClaim("org", "string", required)))
			},
			want: `orders.jwt.yaml:41:7: error: claim "org" of version 2 cannot be derived from version 1: no source [UPGRADE_NOT_DERIVABLE]
	hint: add from, default or upgrade: hook`,
		},
		{
			name: "kinds that do not convert",
			change: func(c *spec.Contract) {
				addClaims(c, 1, newClaim("level", "number"))
				addClaims(c, 2, placed(1, newClaim("level", "int")))
			},
			want: `orders.jwt.yaml:41:7: error: claim "level" of version 2 cannot be derived from version 1: number does not convert to int [UPGRADE_NOT_DERIVABLE]
	hint: add from, default or upgrade: hook`,
		},
		{
			name: "registered claim from a missing claim",
			change: func(c *spec.Contract) {
				c.Versions[1].Upgrade[0].From = "user"
				c.Versions[1].Upgrade[0].Pos = spec.Pos{File: "orders.jwt.yaml", Line: 41, Col: 7}
			},
			want: `orders.jwt.yaml:41:7: error: registered claim "sub" of version 2 cannot be derived from claim "user" of version 1: no source [UPGRADE_NOT_DERIVABLE]
	hint: name a string claim of the previous version in from, or write hook`,
		},
		{
			name: "two hooks get one name",
			change: func(c *spec.Contract) {
				addClaims(c, 1, newClaim("address", "object", members(newClaim("city", "string"))))
				addClaims(c, 2,
					placed(1, newClaim("address", "object", members(placed(2, newClaim("city", "string", hook))))),
					placed(3, newClaim("address_city", "string", hook)))
			},
			want: `orders.jwt.yaml:43:7: error: Go identifier upgradeOrdersAccessV2AddressCity for the upgrade hook of claim "address_city" of version 2 collides with the upgrade hook of claim "city" of version 2 (orders.jwt.yaml:42:7) [GO_NAME_COLLISION]
	hint: set go_name on claim "address_city" to another exported Go name`,
		},
		{
			name: "every problem, sorted by position",
			change: func(c *spec.Contract) {
				addClaims(c, 2, placed(5, newClaim("subject", "string")), placed(2, newClaim("audience", "string")))
			},
			want: `orders.jwt.yaml:42:7: error: claim "audience" gets the Go field name Audience, which OrdersAccessV2 already has: the field Audience promoted from jwt.RegisteredClaims [GO_NAME_COLLISION]
	hint: set go_name on claim "audience" to another exported Go name
orders.jwt.yaml:45:7: error: claim "subject" gets the Go field name Subject, which OrdersAccessV2 already has: the field Subject promoted from jwt.RegisteredClaims [GO_NAME_COLLISION]
	hint: set go_name on claim "subject" to another exported Go name`,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := ordersContract()
			tt.change(c)
			files, err := Generate(c, ordersOptions)
			if err == nil {
				t.Fatalf("Generate returned %d files, want error:\n%s", len(files), tt.want)
			}
			var diags spec.Diagnostics
			if !errors.As(err, &diags) {
				t.Fatalf("error %q is not a spec.Diagnostics", err)
			}
			if !diags.HasErrors() {
				t.Errorf("diagnostics hold no error")
			}
			if err.Error() != tt.want {
				t.Errorf("error =\n%s\nwant\n%s", err, tt.want)
			}
		})
	}
}

func TestGenerateGoNameResolvesCollision(t *testing.T) {
	c := ordersContract()
	addClaims(c, 2, newClaim("issuer", "url", goNamed("IssuerURL")))
	files := generate(t, c, ordersOptions)
	want := "\tIssuerURL *string `json:\"issuer,omitempty\"`\n"
	if !strings.Contains(string(files[0].Content), want) {
		t.Errorf("orders_claims.go lacks the field %q", strings.TrimSpace(want))
	}
}
