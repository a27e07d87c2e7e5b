package gen

import (
	"regexp"
	"strings"
	"time"

	"github.com/jwtgen/jwtgen/spec"
)

// This file builds contract models in Go, as the loader would return them,
// for the tests of this package.

// claimOption sets one field of a claim.
type claimOption func(*spec.Claim)

func required(c *spec.Claim)   { c.Required = true }
func deprecated(c *spec.Claim) { c.Deprecated = true }

func values(v ...string) claimOption { return func(c *spec.Claim) { c.Values = v } }
func goNamed(n string) claimOption   { return func(c *spec.Claim) { c.GoName = n } }
func described(d string) claimOption {
	return func(c *spec.Claim) { c.Description = d }
}
func pattern(p string) claimOption {
	return func(c *spec.Claim) { c.Pattern = p; c.PatternRE = regexp.MustCompile(p) }
}
func encoding(e spec.ScopeEncoding) claimOption { return func(c *spec.Claim) { c.Encoding = e } }
func minLength(n int) claimOption               { return func(c *spec.Claim) { c.MinLength = &n } }
func maxLength(n int) claimOption               { return func(c *spec.Claim) { c.MaxLength = &n } }
func minItems(n int) claimOption                { return func(c *spec.Claim) { c.MinItems = &n } }
func maxItems(n int) claimOption                { return func(c *spec.Claim) { c.MaxItems = &n } }
func minimum(f float64) claimOption             { return func(c *spec.Claim) { c.Minimum = &f } }
func maximum(f float64) claimOption             { return func(c *spec.Claim) { c.Maximum = &f } }
func constValue(v any) claimOption {
	return func(c *spec.Claim) { c.Const = v; c.HasConst = true }
}
func members(claims ...*spec.Claim) claimOption {
	return func(c *spec.Claim) { c.Claims = claims }
}
func from(name string) claimOption { return func(c *spec.Claim) { c.From = name } }
func defaultValue(v any) claimOption {
	return func(c *spec.Claim) { c.Default = v; c.HasDefault = true }
}
func hook(c *spec.Claim) { c.UpgradeHook = true }

// newClaim returns a claim of the type written as in a contract file:
// "string" or "[]enum". newVersion sets its position.
func newClaim(name, typ string, opts ...claimOption) *spec.Claim {
	c := &spec.Claim{
		Name: name,
		Path: name,
		Kind: spec.Kind(typ),
	}
	if elem, ok := strings.CutPrefix(typ, "[]"); ok {
		c.Kind = spec.KindArray
		c.Elem = spec.Kind(elem)
	}
	for _, o := range opts {
		o(c)
	}
	return c
}

// place gives claims and their members lines from first on, depth first,
// in orders.jwt.yaml, and returns the next free line.
func place(claims []*spec.Claim, first int) int {
	for _, c := range claims {
		c.Pos = spec.Pos{File: "orders.jwt.yaml", Line: first, Col: 7}
		first = place(c.Claims, first+1)
	}
	return first
}

// newVersion returns an active version n with typical token rules. It
// starts at line 100 * n, and its claims follow.
func newVersion(n int, claims ...*spec.Claim) *spec.Version {
	place(claims, 100*n+1)
	return &spec.Version{
		Pos:    spec.Pos{File: "orders.jwt.yaml", Line: n * 100, Col: 5},
		Number: n,
		Status: spec.StatusActive,
		Token: spec.Token{
			Type:        "at+jwt",
			Algorithms:  []string{"ES256", "EdDSA"},
			Issuers:     []string{"https://auth.example.com"},
			Audience:    []string{"orders-api"},
			MaxLifetime: 15 * time.Minute,
			Leeway:      30 * time.Second,
			Require:     []string{"exp", "iat", "sub"},
		},
		Claims: claims,
	}
}

// newContract returns the contract OrdersAccess with the versions.
func newContract(versions ...*spec.Version) *spec.Contract {
	return &spec.Contract{
		Pos:          spec.Pos{File: "orders.jwt.yaml", Line: 1, Col: 1},
		Format:       spec.FormatVersion,
		Name:         "OrdersAccess",
		Description:  "Access token presented to the orders API.",
		VersionClaim: "ver",
		Unversioned:  1,
		Versions:     versions,
	}
}

// ordersContract returns the two-version contract of the design example.
func ordersContract() *spec.Contract {
	issueUntil := time.Date(2027, time.January, 15, 0, 0, 0, 0, time.UTC)
	acceptUntil := time.Date(2027, time.March, 1, 0, 0, 0, 0, time.UTC)
	v1 := newVersion(1,
		newClaim("uid", "string", required, minLength(1)),
		newClaim("scope", "scopes", encoding(spec.ScopesSpaceDelimited), values("orders:read", "orders:write")),
		newClaim("tenant", "string"),
	)
	v1.Status = spec.StatusDeprecated
	v1.IssueUntil = &issueUntil
	v1.AcceptUntil = &acceptUntil
	v1.Token.Type = "JWT"
	v1.Token.Algorithms = []string{"RS256"}
	v1.Token.MaxLifetime = time.Hour
	v2 := newVersion(2,
		newClaim("tenant_id", "string", required, pattern(`^[a-z0-9-]{3,32}$`), from("tenant"), defaultValue("legacy")),
		newClaim("scp", "scopes", encoding(spec.ScopesArray), values("orders:read", "orders:write", "orders:refund"), from("scope")),
		newClaim("roles", "[]enum", values("admin", "viewer"), defaultValue([]any{"viewer"})),
	)
	v2.Token.Require = []string{"exp", "iat", "sub", "jti"}
	v2.Upgrade = []*spec.RegisteredUpgrade{{Claim: "sub", From: "uid"}}
	return newContract(v1, v2)
}

// kitchenSinkContract returns a contract whose versions use every claim
// type, every constraint and the adapter steps: version 2 copies, renames
// and converts claims of version 1, and fills new ones with defaults and
// upgrade hooks.
func kitchenSinkContract() *spec.Contract {
	v1 := newVersion(1,
		newClaim("uid", "uuid", required),
		newClaim("role", "enum", required, values("admin", "viewer")),
		newClaim("scope", "scopes", encoding(spec.ScopesSpaceDelimited), values("orders:read")),
		newClaim("age", "int"),
		newClaim("link", "url"),
		newClaim("address", "object", members(
			newClaim("city", "string"),
			newClaim("street", "string"),
		)),
		newClaim("item", "object", members(
			newClaim("sku", "string", required),
		)),
	)
	v1.Status = spec.StatusRetired
	v2 := newVersion(2,
		newClaim("uid", "uuid", required, described("Stable user identifier.")),
		newClaim("tenant_id", "string", required, pattern(`^[a-z0-9-]+$`), minLength(3), maxLength(32), defaultValue("legacy")),
		newClaim("nickname", "string", minLength(2), deprecated),
		newClaim("homepage", "url"),
		newClaim("email", "email", required, hook),
		newClaim("age", "number", minimum(0), maximum(150)),
		newClaim("score", "number", minimum(0.5)),
		newClaim("mfa", "bool", required, constValue(true), defaultValue(true)),
		newClaim("auth_time", "time", required, hook),
		newClaim("role", "enum", values("admin", "viewer", "auditor")),
		newClaim("level", "int", constValue(int64(3))),
		newClaim("scp", "scopes", required, encoding(spec.ScopesArray), values("orders:read", "orders:write"), minItems(1), maxItems(4),
			from("scope"), defaultValue([]any{"orders:read"})),
		newClaim("address", "object", members(
			newClaim("city", "string", required, minLength(1), defaultValue("Unknown")),
			newClaim("zip", "string", pattern(`^[0-9]{5}$`)),
			newClaim("geo", "object", members(
				newClaim("lat", "number", required, minimum(-90), maximum(90)),
			), hook),
		)),
		newClaim("items", "[]object", required, minItems(1), from("item"), members(
			newClaim("sku", "string", required, pattern(`^[A-Z]{3}-[0-9]+$`)),
			newClaim("kind", "enum", values("book", "game")),
		), defaultValue([]any{map[string]any{"sku": "LEG-1", "kind": "book"}})),
		newClaim("links", "[]url", from("link")),
		newClaim("labels", "map"),
		newClaim("extra", "json", required, defaultValue(map[string]any{})),
		newClaim("tags", "[]string", maxItems(10), maxLength(20)),
		newClaim("events", "[]time"),
		newClaim("ratios", "[]number", minimum(0), maximum(1)),
		newClaim("flags", "[]bool"),
		newClaim("roles", "[]enum", minItems(1), values("admin", "viewer")),
	)
	return newContract(v1, v2)
}
