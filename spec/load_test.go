package spec

import (
	"errors"
	"io/fs"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"
)

// mustParse parses input and fails the test on any error.
func mustParse(t *testing.T, input string) *Contract {
	t.Helper()
	c, err := Parse("c.jwt.yaml", []byte(input))
	if err != nil {
		t.Fatalf("Parse: %v", err)
	}
	return c
}

// claimAt returns the claim of v at a dotted path, or fails the test.
func claimAt(t *testing.T, v *Version, path string) *Claim {
	t.Helper()
	names := strings.Split(path, ".")
	c := v.Claim(names[0])
	for _, name := range names[1:] {
		if c == nil {
			break
		}
		c = c.Member(name)
	}
	if c == nil {
		t.Fatalf("version %d has no claim %q", v.Number, path)
	}
	return c
}

func intPtr(i int) *int { return &i }

func floatPtr(f float64) *float64 { return &f }

func utc(s string) *time.Time {
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		panic(err)
	}
	return &t
}

func TestLoadAllKindsContract(t *testing.T) {
	path := filepath.Join("testdata", "valid", "allkinds.jwt.yaml")
	c, err := Load(path)
	if err != nil {
		t.Fatalf("Load: %v", err)
	}

	if c.Name != "AllKinds" || c.Format != 1 || c.VersionClaim != "ver" || c.Unversioned != 1 {
		t.Errorf("contract = %q format %d version_claim %q unversioned %d, want AllKinds 1 ver 1", c.Name, c.Format, c.VersionClaim, c.Unversioned)
	}
	if want := (Pos{File: path, Line: 7, Col: 11}); c.At["contract"] != want {
		t.Errorf("At[contract] = %v, want %v", c.At["contract"], want)
	}
	if len(c.Versions) != 3 {
		t.Fatalf("got %d versions, want 3", len(c.Versions))
	}
	v1, v2, v3 := c.Versions[0], c.Versions[1], c.Versions[2]

	t.Run("versions", func(t *testing.T) {
		tests := []struct {
			name        string
			version     *Version
			number      int
			status      Status
			issueUntil  *time.Time
			acceptUntil *time.Time
			line        int
		}{
			{name: "v1", version: v1, number: 1, status: StatusRetired, issueUntil: utc("2025-01-01T00:00:00Z"), acceptUntil: utc("2025-06-01T00:00:00Z"), line: 12},
			{name: "v2", version: v2, number: 2, status: StatusDeprecated, issueUntil: utc("2027-01-01T00:00:00Z"), acceptUntil: utc("2027-06-01T00:00:00Z"), line: 41},
			{name: "v3", version: v3, number: 3, status: StatusActive, issueUntil: utc("2099-01-01T00:00:00Z"), line: 79},
		}
		for _, tt := range tests {
			v := tt.version
			if v.Number != tt.number || v.Status != tt.status {
				t.Errorf("%s: number %d status %q, want %d %q", tt.name, v.Number, v.Status, tt.number, tt.status)
			}
			if !reflect.DeepEqual(v.IssueUntil, tt.issueUntil) || !reflect.DeepEqual(v.AcceptUntil, tt.acceptUntil) {
				t.Errorf("%s: windows %v %v, want %v %v", tt.name, v.IssueUntil, v.AcceptUntil, tt.issueUntil, tt.acceptUntil)
			}
			if want := (Pos{File: path, Line: tt.line, Col: 5}); v.Pos != want {
				t.Errorf("%s: Pos = %v, want %v", tt.name, v.Pos, want)
			}
		}
	})

	t.Run("token", func(t *testing.T) {
		want := Token{
			Type:        "JWT",
			Algorithms:  []string{"HS256", "HS512"},
			Issuers:     []string{"https://auth.example.com"},
			Audience:    []string{"all-kinds-api"},
			MaxLifetime: time.Hour,
			Leeway:      time.Minute,
			Require:     []string{"exp", "iat"},
		}
		got := v1.Token
		got.Pos, got.At = Pos{}, nil
		if !reflect.DeepEqual(got, want) {
			t.Errorf("token of version 1 = %+v, want %+v", got, want)
		}
		if got := v2.Token.Issuers; !slices.Equal(got, []string{"https://auth.example.com", "https://login.example.com"}) {
			t.Errorf("issuers of version 2 = %q", got)
		}
		if got, want := v3.Token.Require, []string{"exp", "iat", "nbf", "iss", "sub", "aud", "jti"}; !slices.Equal(got, want) {
			t.Errorf("require of version 3 = %q, want %q", got, want)
		}
	})

	t.Run("registered upgrades", func(t *testing.T) {
		if len(v1.Upgrade) != 0 {
			t.Errorf("version 1 has %d upgrades, want 0", len(v1.Upgrade))
		}
		if len(v2.Upgrade) != 1 || v2.Upgrade[0].Claim != "sub" || v2.Upgrade[0].From != "uid" {
			t.Fatalf("upgrade of version 2 = %+v, want sub from uid", v2.Upgrade)
		}
		if want := (Pos{File: path, Line: 77, Col: 7}); v2.Upgrade[0].Pos != want {
			t.Errorf("Pos of upgrade sub = %v, want %v", v2.Upgrade[0].Pos, want)
		}
		if len(v3.Upgrade) != 3 {
			t.Fatalf("version 3 has %d upgrades, want 3", len(v3.Upgrade))
		}
		jti, aud, iss := v3.Upgrade[0], v3.Upgrade[1], v3.Upgrade[2]
		if jti.Claim != "jti" || !jti.Hook || jti.HasDefault {
			t.Errorf("jti upgrade = %+v, want hook", jti)
		}
		if aud.Claim != "aud" || !aud.HasDefault || !reflect.DeepEqual(aud.Default, []any{"all-kinds-api"}) {
			t.Errorf("aud upgrade = %+v, want default [all-kinds-api]", aud)
		}
		if want := (Pos{File: path, Line: 240, Col: 22}); aud.At["default"] != want {
			t.Errorf("At[default] of aud upgrade = %v, want %v", aud.At["default"], want)
		}
		if iss.Claim != "iss" || iss.Default != "https://auth.example.com" {
			t.Errorf("iss upgrade = %+v, want default https://auth.example.com", iss)
		}
	})

	t.Run("string claim", func(t *testing.T) {
		c := claimAt(t, v3, "tenant_id")
		if c.Kind != KindString || !c.Required {
			t.Errorf("tenant_id: kind %q required %v, want a required string", c.Kind, c.Required)
		}
		if c.From != "tenant" {
			t.Errorf("from of tenant_id = %q, want tenant", c.From)
		}
		if c.Default != "legacy" || !c.HasDefault {
			t.Errorf("default of tenant_id = %#v (set %v), want legacy", c.Default, c.HasDefault)
		}
		if c.GoName != "TenantID" {
			t.Errorf("go_name of tenant_id = %q, want TenantID", c.GoName)
		}
		if c.Pattern != "^[a-z0-9-]{3,32}$" || c.PatternRE == nil || !c.PatternRE.MatchString("acme") {
			t.Errorf("pattern of tenant_id = %q, compiled %v", c.Pattern, c.PatternRE)
		}
		if !reflect.DeepEqual(c.MinLength, intPtr(3)) || !reflect.DeepEqual(c.MaxLength, intPtr(32)) {
			t.Errorf("lengths of tenant_id = %v %v, want 3 32", c.MinLength, c.MaxLength)
		}
		if c.Description != "Tenant the user acts for." {
			t.Errorf("description of tenant_id = %q", c.Description)
		}
		if want := (Pos{File: path, Line: 92, Col: 7}); c.Pos != want {
			t.Errorf("Pos of tenant_id = %v, want %v", c.Pos, want)
		}
		if want := (Pos{File: path, Line: 97, Col: 18}); c.At["pattern"] != want {
			t.Errorf("At[pattern] of tenant_id = %v, want %v", c.At["pattern"], want)
		}
	})

	t.Run("scopes claims", func(t *testing.T) {
		if got := claimAt(t, v1, "scope").Encoding; got != ScopesSpaceDelimited {
			t.Errorf("default encoding = %q, want %q", got, ScopesSpaceDelimited)
		}
		c := claimAt(t, v3, "scp")
		if c.Kind != KindScopes || c.Encoding != ScopesArray {
			t.Errorf("scp: kind %q encoding %q, want scopes encoded as an array", c.Kind, c.Encoding)
		}
		if c.From != "scope" {
			t.Errorf("from of scp = %q, want scope", c.From)
		}
		if !slices.Equal(c.Values, []string{"items:read", "items:write", "items:delete"}) {
			t.Errorf("values of scp = %q", c.Values)
		}
		if !reflect.DeepEqual(c.MinItems, intPtr(1)) || !reflect.DeepEqual(c.MaxItems, intPtr(3)) {
			t.Errorf("items of scp = %v %v, want 1 3", c.MinItems, c.MaxItems)
		}
		if !reflect.DeepEqual(c.Default, []any{"items:read"}) {
			t.Errorf("default of scp = %#v", c.Default)
		}
	})

	t.Run("values", func(t *testing.T) {
		tests := []struct {
			name         string
			path         string
			kind         Kind
			elem         Kind
			wantDefault  any
			wantConst    any
			wantMinimum  *float64
			wantMaximum  *float64
			wantRequired bool
		}{
			{name: "int", path: "level", kind: KindInt, wantDefault: int64(1), wantMinimum: floatPtr(0), wantMaximum: floatPtr(20)},
			{name: "number", path: "ratio", kind: KindNumber, wantDefault: 0.5, wantMinimum: floatPtr(0), wantMaximum: floatPtr(1.5)},
			{name: "bool", path: "admin", kind: KindBool, wantDefault: false},
			{name: "time", path: "born", kind: KindTime, wantDefault: int64(946684800)},
			{name: "enum", path: "role", kind: KindEnum, wantDefault: "viewer"},
			{name: "string const", path: "kind", kind: KindString, wantConst: "all-kinds"},
			{name: "int const", path: "tier", kind: KindInt, wantConst: int64(3)},
			{name: "number const", path: "weight", kind: KindNumber, wantConst: 2.5},
			{name: "bool const", path: "beta", kind: KindBool, wantConst: true},
			{name: "enum const", path: "plan", kind: KindEnum, wantConst: "paid"},
			{name: "url const", path: "callback", kind: KindURL, wantConst: "https://app.example.com/callback"},
			{name: "email const", path: "owner", kind: KindEmail, wantConst: "owner@example.com"},
			{name: "uuid const", path: "realm", kind: KindUUID, wantConst: "123e4567-e89b-12d3-a456-426614174000"},
			{name: "nested object", path: "profile.address", kind: KindObject, wantDefault: map[string]any{"city": "Unknown"}, wantRequired: true},
			{name: "map", path: "labels", kind: KindMap, wantDefault: map[string]any{"team": "core"}},
			{name: "json", path: "extra", kind: KindJSON, wantDefault: map[string]any{"flags": []any{int64(1), 2.5, "x", true, nil}}},
			{name: "string list", path: "tags", kind: KindArray, elem: KindString, wantDefault: []any{"alpha", "beta"}},
			{name: "int list", path: "scores", kind: KindArray, elem: KindInt, wantDefault: []any{int64(0), int64(5)}, wantMinimum: floatPtr(-5), wantMaximum: floatPtr(5)},
			{name: "number list", path: "weights", kind: KindArray, elem: KindNumber, wantDefault: []any{0.25}, wantMinimum: floatPtr(0)},
			{name: "bool list", path: "switches", kind: KindArray, elem: KindBool, wantDefault: []any{true, false}},
			{name: "time list", path: "dates", kind: KindArray, elem: KindTime, wantDefault: []any{int64(1577836800), int64(1700000000)}},
			{name: "enum list", path: "roles", kind: KindArray, elem: KindEnum, wantDefault: []any{"viewer"}},
			{name: "object list", path: "devices", kind: KindArray, elem: KindObject},
		}
		for _, tt := range tests {
			c := claimAt(t, v3, tt.path)
			if c.Kind != tt.kind || c.Elem != tt.elem || c.Path != tt.path || c.Required != tt.wantRequired {
				t.Errorf("%s: kind %q elem %q path %q required %v, want %q %q %q %v", tt.name, c.Kind, c.Elem, c.Path, c.Required, tt.kind, tt.elem, tt.path, tt.wantRequired)
			}
			if c.HasDefault != (tt.wantDefault != nil) || !reflect.DeepEqual(c.Default, tt.wantDefault) {
				t.Errorf("%s: default %#v (set %v), want %#v", tt.name, c.Default, c.HasDefault, tt.wantDefault)
			}
			if c.HasConst != (tt.wantConst != nil) || !reflect.DeepEqual(c.Const, tt.wantConst) {
				t.Errorf("%s: const %#v (set %v), want %#v", tt.name, c.Const, c.HasConst, tt.wantConst)
			}
			if !reflect.DeepEqual(c.Minimum, tt.wantMinimum) || !reflect.DeepEqual(c.Maximum, tt.wantMaximum) {
				t.Errorf("%s: bounds %v %v, want %v %v", tt.name, c.Minimum, c.Maximum, tt.wantMinimum, tt.wantMaximum)
			}
		}
	})

	t.Run("adapters", func(t *testing.T) {
		if c := claimAt(t, v3, "profile.display_name"); c.From != "name" || !c.Required {
			t.Errorf("profile.display_name = %+v, want required from name", c)
		}
		session := claimAt(t, v3, "session")
		if !session.UpgradeHook {
			t.Errorf("session has no upgrade hook")
		}
		if !session.Required || session.Kind != KindUUID {
			t.Errorf("session: kind %q required %v, want a required uuid", session.Kind, session.Required)
		}
		if c := claimAt(t, v3, "beta"); !c.Deprecated {
			t.Errorf("beta is not deprecated")
		}
		zip := claimAt(t, v3, "profile.address.zip")
		if zip.Path != "profile.address.zip" || zip.Name != "zip" {
			t.Errorf("zip: name %q path %q", zip.Name, zip.Path)
		}
		if want := (Pos{File: path, Line: 183, Col: 15}); zip.Pos != want {
			t.Errorf("Pos of zip = %v, want %v", zip.Pos, want)
		}
		if names := memberNames(claimAt(t, v3, "devices")); !slices.Equal(names, []string{"id", "name"}) {
			t.Errorf("members of devices = %q", names)
		}
	})
}

func memberNames(c *Claim) []string {
	var names []string
	for _, m := range c.Claims {
		names = append(names, m.Name)
	}
	return names
}

// TestAllKindsCoversTheFormat keeps allkinds.jwt.yaml complete, since the
// generator's end-to-end test relies on it to reach every type and key.
func TestAllKindsCoversTheFormat(t *testing.T) {
	c, err := Load(filepath.Join("testdata", "valid", "allkinds.jwt.yaml"))
	if err != nil {
		t.Fatalf("Load: %v", err)
	}
	types := map[string]bool{}
	keys := map[string]bool{}
	var walk func(claims []*Claim)
	walk = func(claims []*Claim) {
		for _, cl := range claims {
			types[typeName(cl)] = true
			for key := range cl.At {
				keys[key] = true
			}
			walk(cl.Claims)
		}
	}
	for _, v := range c.Versions {
		walk(v.Claims)
	}

	for _, k := range Kinds {
		if !types[string(k)] {
			t.Errorf("no claim of type %s", k)
		}
		if k != KindScopes && !types["[]"+string(k)] {
			t.Errorf("no claim of type []%s", k)
		}
	}
	for _, key := range claimKeys {
		if !keys[key] {
			t.Errorf("no claim sets %s", key)
		}
	}
}

func TestParseValid(t *testing.T) {
	tests := []struct {
		name  string
		input string
		check func(t *testing.T, c *Contract)
	}{
		{
			name:  "single version sets unversioned",
			input: head,
			check: func(t *testing.T, c *Contract) {
				if c.Unversioned != 1 || c.VersionClaim != "" {
					t.Errorf("unversioned %d version_claim %q, want 1 and none", c.Unversioned, c.VersionClaim)
				}
			},
		},
		{
			name:  "status defaults to active",
			input: head,
			check: func(t *testing.T, c *Contract) {
				if got := c.Versions[0].Status; got != StatusActive {
					t.Errorf("status = %q, want active", got)
				}
			},
		},
		{
			name:  "claims left empty",
			input: head + "    claims:\n",
			check: func(t *testing.T, c *Contract) {
				if got := len(c.Versions[0].Claims); got != 0 {
					t.Errorf("got %d claims, want 0", got)
				}
			},
		},
		{
			name:  "alias followed",
			input: head + "    claims:\n      uid: &uid {type: string, min_length: 2}\n      owner: *uid\n",
			check: func(t *testing.T, c *Contract) {
				owner := c.Versions[0].Claim("owner")
				if owner == nil || owner.Kind != KindString || !reflect.DeepEqual(owner.MinLength, intPtr(2)) {
					t.Errorf("owner = %+v, want a string of min_length 2", owner)
				}
			},
		},
		{
			name:  "quoted timestamps and hexadecimal integers",
			input: head + "    accept_until: \"2030-01-01T00:00:00Z\"\n    claims:\n      n: {type: int, maximum: 0x10}\n",
			check: func(t *testing.T, c *Contract) {
				v := c.Versions[0]
				if !reflect.DeepEqual(v.AcceptUntil, utc("2030-01-01T00:00:00Z")) {
					t.Errorf("accept_until = %v", v.AcceptUntil)
				}
				if got := v.Claim("n").Maximum; !reflect.DeepEqual(got, floatPtr(16)) {
					t.Errorf("maximum = %v, want 16", got)
				}
			},
		},
		{
			name:  "space-delimited scopes default",
			input: head + "    claims:\n      scope: {type: scopes, default: \"read  write\"}\n",
			check: func(t *testing.T, c *Contract) {
				if got := c.Versions[0].Claim("scope").Default; !reflect.DeepEqual(got, []any{"read", "write"}) {
					t.Errorf("default = %#v, want [read write]", got)
				}
			},
		},
		{
			name: "new required claims with a source",
			input: head2 + "    claims:\n" +
				"      org: {type: string, required: true, from: tenant}\n" +
				"      region: {type: string, required: true, default: eu}\n" +
				"      plan: {type: string, required: true, upgrade: hook}\n" +
				"      uid: {type: string, required: true}\n",
			check: func(t *testing.T, c *Contract) {
				if got := len(c.Versions[1].Claims); got != 4 {
					t.Errorf("got %d claims, want 4", got)
				}
			},
		},
		{
			name:  "new required member under a hook",
			input: head2 + "    claims:\n      addr: {type: object, upgrade: hook, claims: {city: {type: string}, zip: {type: string, required: true}}}\n",
			check: func(t *testing.T, c *Contract) {
				if zip := c.Versions[1].Claim("addr").Member("zip"); zip == nil || !zip.Required {
					t.Errorf("addr.zip = %+v, want a required member", zip)
				}
			},
		},
		{
			name:  "new object with required members",
			input: head2 + "    claims:\n      profile: {type: object, claims: {name: {type: string, required: true}}}\n",
			check: func(t *testing.T, c *Contract) {
				if p := c.Versions[1].Claim("profile"); p == nil || len(p.Claims) != 1 {
					t.Errorf("profile = %+v, want one member", p)
				}
			},
		},
		{
			name:  "member renamed under a renamed object",
			input: head2 + "    claims:\n      address: {type: object, from: addr, claims: {town: {type: string, required: true, from: city}}}\n",
			check: func(t *testing.T, c *Contract) {
				town := c.Versions[1].Claim("address").Member("town")
				if town == nil || town.From != "city" || town.Path != "address.town" {
					t.Errorf("address.town = %+v, want from city", town)
				}
			},
		},
		{
			name:  "upgrade of aud from a list claim",
			input: head2 + "    upgrade: {aud: {from: uid, default: [api, admin]}}\n",
			check: func(t *testing.T, c *Contract) {
				u := c.Versions[1].Upgrade[0]
				if u.Claim != "aud" || u.From != "uid" || !reflect.DeepEqual(u.Default, []any{"api", "admin"}) {
					t.Errorf("upgrade = %+v", u)
				}
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.check(t, mustParse(t, tt.input))
		})
	}
}

func TestParseSortsErrorsByPosition(t *testing.T) {
	// The loader finds these in another order: the unknown key after the
	// versions, and the version_claim problem once every version is read.
	input := "jwtgen: 1\n" +
		"contract: T\n" +
		"versions:\n" +
		"  - version: 1\n" +
		"    token: {algorithms: [RS256, HS256]}\n" +
		"    claims:\n" +
		"      uid: {type: strng}\n" +
		"  - version: 2\n" +
		"    token: {algorithms: [ES256], leeway: soon}\n" +
		"colour: red\n"
	_, err := Parse("c.jwt.yaml", []byte(input))
	var ds Diagnostics
	if !errors.As(err, &ds) {
		t.Fatalf("error is %T, want Diagnostics: %v", err, err)
	}

	want := "c.jwt.yaml:4:3: error: 2 versions but no version_claim to tell their tokens apart\n\thint: add version_claim: ver\n" +
		"c.jwt.yaml:5:33: error: algorithms of version 1 mix HMAC \"HS256\" and asymmetric \"RS256\" [ALGORITHM_FAMILIES_MIXED]\n\thint: keep one family per version: an HMAC secret must never verify an asymmetric signature, nor a public key an HMAC one\n" +
		"c.jwt.yaml:7:19: error: unknown claim type \"strng\"\n\thint: did you mean \"string\"?\n" +
		"c.jwt.yaml:9:42: error: leeway of version 2 must be a Go duration, got \"soon\"\n\thint: write a number with a unit: ms, s, m or h, e.g. 15m or 1h30m\n" +
		"c.jwt.yaml:10:1: error: unknown key \"colour\" in contract file\n\thint: allowed keys: jwtgen, contract, description, version_claim, unversioned, versions"
	if got := ds.Error(); got != want {
		t.Errorf("diagnostics:\n%s\nwant:\n%s", got, want)
	}
	for i := 1; i < len(ds); i++ {
		if ds[i].Pos.Before(ds[i-1].Pos) {
			t.Errorf("diagnostic %d at %v comes after one at %v", i, ds[i].Pos, ds[i-1].Pos)
		}
	}
}

func TestParseJSON(t *testing.T) {
	yamlInput := head2 + "    claims:\n      tenant_id: {type: string, required: true, from: tenant, default: legacy}\n    upgrade:\n      sub: {from: uid}\n"
	jsonInput := `{
  "jwtgen": 1,
  "contract": "T",
  "version_claim": "ver",
  "versions": [
    {
      "version": 1,
      "token": {"algorithms": ["ES256"]},
      "claims": {
        "uid": {"type": "string"},
        "tenant": {"type": "string"},
        "addr": {"type": "object", "claims": {"city": {"type": "string"}}}
      }
    },
    {
      "version": 2,
      "token": {"algorithms": ["ES256"]},
      "claims": {
        "tenant_id": {"type": "string", "required": true, "from": "tenant", "default": "legacy"}
      },
      "upgrade": {"sub": {"from": "uid"}}
    }
  ]
}`
	fromYAML := mustParse(t, yamlInput)
	fromJSON, err := Parse("c.jwt.json", []byte(jsonInput))
	if err != nil {
		t.Fatalf("Parse JSON: %v", err)
	}

	if want := (Pos{File: "c.jwt.json", Line: 19, Col: 9}); fromJSON.Versions[1].Claims[0].Pos != want {
		t.Errorf("Pos of tenant_id = %v, want %v", fromJSON.Versions[1].Claims[0].Pos, want)
	}
	clearPositions(fromYAML)
	clearPositions(fromJSON)
	if !reflect.DeepEqual(fromJSON, fromYAML) {
		t.Errorf("JSON and YAML give different contracts:\n%+v\n%+v", fromJSON, fromYAML)
	}
}

func TestParseJSONError(t *testing.T) {
	input := "{\n  \"jwtgen\": 1,\n  \"contract\": \"T\",\n  \"versions\": [{\"version\": 1, \"token\": {\"algorithms\": [\"None\"]}}]\n}\n"
	_, err := Parse("c.jwt.json", []byte(input))
	want := "c.jwt.json:4:56: error: algorithm \"None\" is not allowed: unsigned tokens are never accepted [ALGORITHM_NONE]\n\thint: list signing algorithms only, e.g. ES256"
	if err == nil || err.Error() != want {
		t.Errorf("error:\n%v\nwant:\n%s", err, want)
	}
}

// clearPositions zeroes every position of c, so that contracts read from
// different files compare equal.
func clearPositions(c *Contract) {
	c.Pos, c.At = Pos{}, nil
	var clearClaims func(claims []*Claim)
	clearClaims = func(claims []*Claim) {
		for _, cl := range claims {
			cl.Pos, cl.At = Pos{}, nil
			clearClaims(cl.Claims)
		}
	}
	for _, v := range c.Versions {
		v.Pos, v.At = Pos{}, nil
		v.Token.Pos, v.Token.At = Pos{}, nil
		for _, u := range v.Upgrade {
			u.Pos, u.At = Pos{}, nil
		}
		clearClaims(v.Claims)
	}
}

func TestLoadMissingFile(t *testing.T) {
	_, err := Load(filepath.Join(t.TempDir(), "missing.jwt.yaml"))
	if !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("error = %v, want one matching fs.ErrNotExist", err)
	}
	var ds Diagnostics
	if errors.As(err, &ds) {
		t.Errorf("a read error is reported as diagnostics: %v", err)
	}
}
