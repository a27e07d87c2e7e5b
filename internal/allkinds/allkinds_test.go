package allkinds

import (
	"bytes"
	"context"
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"encoding/base64"
	"encoding/json"
	"errors"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"

	"github.com/jwtgen/jwtgen/runtime"
)

// now is the clock of every test: version 3 and version 2 may be issued
// and accepted then, version 1 is past its accept_until time.
var now = time.Date(2026, time.June, 1, 12, 0, 0, 0, time.UTC)

// beforeV1Retired is a time when version 1 may still be issued.
var beforeV1Retired = time.Date(2024, time.December, 1, 12, 0, 0, 0, time.UTC)

func clockAt(t time.Time) runtime.Option {
	return runtime.WithClock(func() time.Time { return t })
}

// testKeys holds one private key of each family, made once because RSA key
// generation is slow.
type testKeys struct {
	rsa    *rsa.PrivateKey
	p256   *ecdsa.PrivateKey
	p384   *ecdsa.PrivateKey
	p521   *ecdsa.PrivateKey
	ed     ed25519.PrivateKey
	secret []byte
}

var keys = sync.OnceValues(func() (*testKeys, error) {
	var k testKeys
	var err error
	if k.rsa, err = rsa.GenerateKey(rand.Reader, 2048); err != nil {
		return nil, err
	}
	if k.p256, err = ecdsa.GenerateKey(elliptic.P256(), rand.Reader); err != nil {
		return nil, err
	}
	if k.p384, err = ecdsa.GenerateKey(elliptic.P384(), rand.Reader); err != nil {
		return nil, err
	}
	if k.p521, err = ecdsa.GenerateKey(elliptic.P521(), rand.Reader); err != nil {
		return nil, err
	}
	if _, k.ed, err = ed25519.GenerateKey(rand.Reader); err != nil {
		return nil, err
	}
	k.secret = make([]byte, 64)
	if _, err = rand.Read(k.secret); err != nil {
		return nil, err
	}
	return &k, nil
})

// keyPair returns a signer for alg and the key that verifies its tokens.
func keyPair(t *testing.T, alg string) (runtime.Signer, runtime.Key) {
	t.Helper()
	k, err := keys()
	if err != nil {
		t.Fatalf("generating keys: %v", err)
	}
	kid := "test-" + strings.ToLower(alg)
	var private any
	var public any
	switch alg {
	case "HS256", "HS384", "HS512":
		signer, err := runtime.NewSigner(alg, kid, k.secret)
		if err != nil {
			t.Fatalf("NewSigner(%s): %v", alg, err)
		}
		return signer, runtime.HMACKey(kid, k.secret)
	case "RS256", "RS384", "RS512", "PS256", "PS384", "PS512":
		private, public = k.rsa, &k.rsa.PublicKey
	case "ES256":
		private, public = k.p256, &k.p256.PublicKey
	case "ES384":
		private, public = k.p384, &k.p384.PublicKey
	case "ES512":
		private, public = k.p521, &k.p521.PublicKey
	case "EdDSA":
		private, public = k.ed, k.ed.Public()
	default:
		t.Fatalf("no test key for %s", alg)
	}
	signer, err := runtime.NewSigner(alg, kid, private)
	if err != nil {
		t.Fatalf("NewSigner(%s): %v", alg, err)
	}
	key, err := runtime.PublicKey(kid, public)
	if err != nil {
		t.Fatalf("PublicKey(%s): %v", alg, err)
	}
	return signer, key
}

// newPair returns an issuer and a verifier of AllKinds tokens for alg,
// both with their clock at clock.
func newPair(t *testing.T, alg string, clock time.Time) (*AllKindsIssuer, *AllKindsVerifier) {
	t.Helper()
	signer, key := keyPair(t, alg)
	return NewAllKindsIssuer(signer, clockAt(clock)), NewAllKindsVerifier(runtime.StaticKeys(key), clockAt(clock))
}

const (
	sessionID = "5f0c2a8e-1b7d-4c3e-9a51-2d6f8e9b0c41"
	deviceID  = "0b6f1c52-93d4-4e8a-b7a1-6c2e9f3d8a10"
	realmID   = "123e4567-e89b-12d3-a456-426614174000"
)

// validV3 returns version 3 claims that satisfy every rule, with every
// optional claim present.
func validV3() *AllKindsV3 {
	return &AllKindsV3{
		RegisteredClaims: jwt.RegisteredClaims{
			Subject:   "user-1",
			NotBefore: jwt.NewNumericDate(now.Add(-time.Minute)),
		},
		TenantID: "acme-eu",
		Scp:      []string{AllKindsScopeItemsRead, "partner:export"},
		Level:    new(int64(7)),
		Ratio:    new(0.75),
		Admin:    new(false),
		Born:     jwt.NewNumericDate(time.Date(1990, time.March, 4, 0, 0, 0, 0, time.UTC)),
		Role:     new(AllKindsRoleEditor),
		Homepage: new("https://acme.example.com"),
		Contact:  new("ops@acme.example.com"),
		Session:  sessionID,
		Kind:     new("all-kinds"),
		Tier:     new(int64(3)),
		Weight:   new(2.5),
		Beta:     new(true),
		Plan:     new(AllKindsPlanPaid),
		Callback: new("https://app.example.com/callback"),
		Owner:    new("owner@example.com"),
		Realm:    new(realmID),
		Profile: &AllKindsV3Profile{
			DisplayName: "Ada",
			Site:        new("https://ada.example.com"),
			Address:     AllKindsV3ProfileAddress{City: "Lyon", Zip: new("69001")},
		},
		Labels:   map[string]string{"team": "core"},
		Extra:    json.RawMessage(`{"flags":[1,2.5,"x",true,null]}`),
		Tags:     []string{"alpha", "beta"},
		Scores:   []int64{-5, 0, 5},
		Weights:  []float64{0.25, 3},
		Switches: []bool{true, false},
		Dates:    []jwt.NumericDate{*jwt.NewNumericDate(time.Date(2020, time.January, 1, 0, 0, 0, 0, time.UTC))},
		Roles:    []AllKindsRoles{AllKindsRolesAdmin, AllKindsRolesViewer},
		Links:    []string{"https://example.com/a"},
		Emails:   []string{"a@example.com"},
		IDs:      []string{deviceID},
		Devices:  []AllKindsV3Devices{{ID: deviceID, Name: new("laptop")}, {ID: sessionID}},
		Settings: []map[string]string{{"theme": "dark"}},
		Blobs:    []json.RawMessage{json.RawMessage(`[1,2]`)},
	}
}

// customClaims returns the JSON of the contract's own claims of c, without
// the registered claims.
func customClaims(t *testing.T, c AllKindsV3) string {
	t.Helper()
	c.RegisteredClaims = jwt.RegisteredClaims{}
	data, err := json.Marshal(c)
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}

func TestIssueVerifyV3(t *testing.T) {
	for _, alg := range []string{"ES256", "ES384", "ES512", "EdDSA", "RS384", "RS512", "PS384", "PS512"} {
		t.Run(alg, func(t *testing.T) {
			issuer, verifier := newPair(t, alg, now)
			want := validV3()
			token, err := issuer.IssueV3(context.Background(), want)
			if err != nil {
				t.Fatalf("IssueV3: %v", err)
			}
			got, err := verifier.Verify(context.Background(), token)
			if err != nil {
				t.Fatalf("Verify: %v", err)
			}
			if got.Issuer != "https://auth.example.com" {
				t.Errorf("iss = %q, want the contract's issuer", got.Issuer)
			}
			if !slices.Equal(got.Audience, jwt.ClaimStrings{"all-kinds-api", "all-kinds-admin"}) {
				t.Errorf("aud = %q, want the contract's audience", got.Audience)
			}
			if got.ID == "" || got.IssuedAt == nil || got.ExpiresAt == nil {
				t.Errorf("jti, iat or exp not filled: %+v", got.RegisteredClaims)
			}
			if g, w := customClaims(t, *got), customClaims(t, *want); g != w {
				t.Errorf("claims changed between issue and verify:\ngot  %s\nwant %s", g, w)
			}
			if _, err := verifier.VerifyV3(context.Background(), token); err != nil {
				t.Errorf("VerifyV3: %v", err)
			}
		})
	}
}

func TestIssueVerifyV2(t *testing.T) {
	tests := []struct {
		name string
		alg  string
		// VerifyV3 rejects a version 2 token for its alg when version 3
		// does not allow that, else for its version.
		v3Err       error
		v3Violation string
	}{
		{name: "RS256", alg: "RS256", v3Err: runtime.ErrAlgorithmNotAllowed, v3Violation: "alg alg"},
		{name: "PS256", alg: "PS256", v3Err: runtime.ErrAlgorithmNotAllowed, v3Violation: "alg alg"},
		{name: "ES256", alg: "ES256", v3Err: runtime.ErrVersionUnknown, v3Violation: "ver version"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			issuer, verifier := newPair(t, tt.alg, now)
			claims := &AllKindsV2{
				RegisteredClaims: jwt.RegisteredClaims{Subject: "user-1", Issuer: "https://login.example.com"},
				Scope:            runtime.SpaceDelimited{AllKindsScopeItemsDelete},
				Tenant:           "acme",
				Profile:          &AllKindsV2Profile{Name: "Ada"},
			}
			token, err := issuer.IssueV2(context.Background(), claims)
			if err != nil {
				t.Fatalf("IssueV2: %v", err)
			}
			got, err := verifier.VerifyV2(context.Background(), token)
			if err != nil {
				t.Fatalf("VerifyV2: %v", err)
			}
			if got.Tenant != "acme" || got.Profile == nil || got.Profile.Name != "Ada" {
				t.Errorf("VerifyV2 claims = %+v, want tenant acme and profile name Ada", got)
			}
			if !got.HasScope(AllKindsScopeItemsDelete) {
				t.Errorf("HasScope(%q) = false for a token that carries it", AllKindsScopeItemsDelete)
			}

			// Verify accepts the token too, whose algorithm version 3 does
			// not allow, and upgrades its claims.
			newest, version, err := verifier.VerifyVersion(context.Background(), token)
			if err != nil {
				t.Fatalf("VerifyVersion: %v", err)
			}
			if version != 2 || newest.TenantID != "acme" || newest.Issuer != "https://login.example.com" {
				t.Errorf("VerifyVersion = version %d, tenant_id %q, iss %q; want version 2, acme and the token's issuer",
					version, newest.TenantID, newest.Issuer)
			}
			_, err = verifier.VerifyV3(context.Background(), token)
			assertViolations(t, err, tt.v3Err, tt.v3Violation)
		})
	}
}

func TestIssueVerifyV1(t *testing.T) {
	// Version 1 is retired: the issuer never signs it, whatever the time,
	// and verifiers reject its tokens, signed here without the issuer.
	for _, alg := range []string{"HS256", "HS512"} {
		t.Run(alg, func(t *testing.T) {
			issuer, verifier := newPair(t, alg, beforeV1Retired)
			_, err := issuer.IssueV1(context.Background(), &AllKindsV1{UID: "u-1"})
			assertViolations(t, err, runtime.ErrVersionRetired, " retired")

			signer, _ := keyPair(t, alg)
			token := signToken(t, signer, "JWT", v1Payload(beforeV1Retired))
			_, err = verifier.VerifyV1(context.Background(), token)
			assertViolations(t, err, runtime.ErrVersionRetired, "ver retired")
			_, err = verifier.Verify(context.Background(), token)
			assertViolations(t, err, runtime.ErrVersionRetired, "ver retired")
		})
	}
}

func TestIssueKeepsCallerClaims(t *testing.T) {
	issuer, _ := newPair(t, "EdDSA", now)
	claims := validV3()
	if _, err := issuer.IssueV3(context.Background(), claims); err != nil {
		t.Fatalf("IssueV3: %v", err)
	}
	r := claims.RegisteredClaims
	if r.ID != "" || r.Issuer != "" || r.Audience != nil || r.IssuedAt != nil || r.ExpiresAt != nil {
		t.Errorf("IssueV3 changed the caller's registered claims: %+v", r)
	}
}

func TestIssueRejectsInvalidClaims(t *testing.T) {
	issuer, _ := newPair(t, "ES256", now)
	claims := validV3()
	claims.TenantID = "AB"
	claims.Role = new(AllKindsRole("owner"))
	_, err := issuer.IssueV3(context.Background(), claims)
	assertViolations(t, err, runtime.ErrClaimInvalid, "role values", "tenant_id min_length", "tenant_id pattern")
}

func TestValidateMessages(t *testing.T) {
	claims := &AllKindsV3{TenantID: "AB", Session: "not-a-uuid", Tags: []string{"ok", ""}}
	err := claims.Validate()
	want := strings.Join([]string{
		`AllKinds v3: "tenant_id": does not match ^[a-z0-9-]{3,32}$ [pattern]`,
		`AllKinds v3: "tenant_id": has 2 characters, fewer than the minimum 3 [min_length]`,
		`AllKinds v3: "session": is not a valid UUID [format]`,
		`AllKinds v3: "tags[1]": does not match ^[a-z]+$ [pattern]`,
		`AllKinds v3: "tags[1]": has 0 characters, fewer than the minimum 1 [min_length]`,
	}, "\n")
	if err == nil {
		t.Fatalf("Validate returned nil, want:\n%s", want)
	}
	if err.Error() != want {
		t.Errorf("Validate error =\n%s\nwant\n%s", err, want)
	}
	if !errors.Is(err, runtime.ErrClaimInvalid) {
		t.Errorf("Validate error does not wrap runtime.ErrClaimInvalid")
	}
}

func TestValidateAcceptsValidClaims(t *testing.T) {
	if err := validV3().Validate(); err != nil {
		t.Errorf("version 3 Validate: %v", err)
	}
	v2 := &AllKindsV2{Tenant: "acme", Profile: &AllKindsV2Profile{Name: "Ada"}}
	if err := v2.Validate(); err != nil {
		t.Errorf("version 2 Validate: %v", err)
	}
}

func TestValidateChecksPresentOptionalClaim(t *testing.T) {
	// scp is optional: absent it is not checked, present and empty it has
	// fewer items than min_items.
	claims := &AllKindsV3{TenantID: "acme", Session: sessionID}
	if err := claims.Validate(); err != nil {
		t.Errorf("Validate without scp: %v", err)
	}
	claims.Scp = []string{}
	assertViolations(t, claims.Validate(), runtime.ErrClaimInvalid, "scp min_items")
}

func TestHasScope(t *testing.T) {
	claims := &AllKindsV3{Scp: []string{AllKindsScopeItemsRead, "partner:export"}}
	tests := []struct {
		name  string
		scope string
		want  bool
	}{
		{name: "declared and carried", scope: AllKindsScopeItemsRead, want: true},
		{name: "declared, not carried", scope: AllKindsScopeItemsWrite, want: false},
		{name: "carried, not declared", scope: "partner:export", want: false},
		{name: "neither", scope: "admin", want: false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := claims.HasScope(tt.scope); got != tt.want {
				t.Errorf("HasScope(%q) = %v, want %v", tt.scope, got, tt.want)
			}
		})
	}
	v1 := &AllKindsV1{Scope: runtime.SpaceDelimited{AllKindsScopeItemsDelete}}
	if v1.HasScope(AllKindsScopeItemsDelete) {
		t.Errorf("version 1 HasScope(%q) = true, but version 1 does not declare it", AllKindsScopeItemsDelete)
	}
}

// payload returns the JSON members of a valid version 3 token, to be
// changed and signed without the issuer's checks.
func payload(t *testing.T) map[string]any {
	t.Helper()
	claims := validV3()
	claims.Issuer = "https://auth.example.com"
	claims.Audience = jwt.ClaimStrings{"all-kinds-api"}
	claims.IssuedAt = jwt.NewNumericDate(now.Add(-time.Minute))
	claims.ExpiresAt = jwt.NewNumericDate(now.Add(5 * time.Minute))
	claims.ID = "jti-1"
	data, err := json.Marshal(claims)
	if err != nil {
		t.Fatal(err)
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	var m map[string]any
	if err := dec.Decode(&m); err != nil {
		t.Fatal(err)
	}
	m["ver"] = 3
	return m
}

// signRaw signs payload as a version 3 token with signer, bypassing the
// issuer, which rejects an invalid payload.
func signRaw(t *testing.T, signer runtime.Signer, payload map[string]any) string {
	t.Helper()
	header, err := json.Marshal(map[string]string{"alg": signer.Algorithm(), "kid": signer.KeyID(), "typ": "at+jwt"})
	if err != nil {
		t.Fatal(err)
	}
	body, err := json.Marshal(payload)
	if err != nil {
		t.Fatal(err)
	}
	enc := base64.RawURLEncoding
	input := enc.EncodeToString(header) + "." + enc.EncodeToString(body)
	signature, err := signer.Sign([]byte(input))
	if err != nil {
		t.Fatalf("signing: %v", err)
	}
	return input + "." + enc.EncodeToString(signature)
}

// member returns the JSON object at the dotted path in m.
func member(m map[string]any, path string) map[string]any {
	for name := range strings.SplitSeq(path, ".") {
		m = m[name].(map[string]any)
	}
	return m
}

func TestVerifyRejectsViolation(t *testing.T) {
	tests := []struct {
		name    string
		change  func(m map[string]any)
		wantErr error
		want    []string // "claim rule" of each violation
	}{
		{
			name:    "required claim missing",
			change:  func(m map[string]any) { delete(m, "tenant_id") },
			wantErr: runtime.ErrClaimMissing,
			want:    []string{"tenant_id required"},
		},
		{
			name:    "required member missing",
			change:  func(m map[string]any) { delete(member(m, "profile"), "address") },
			wantErr: runtime.ErrClaimMissing,
			want:    []string{"profile.address required"},
		},
		{
			name: "required member of an item missing",
			change: func(m map[string]any) {
				delete(m["devices"].([]any)[1].(map[string]any), "id")
			},
			wantErr: runtime.ErrClaimMissing,
			want:    []string{"devices[1].id required"},
		},
		{
			name:    "wrong JSON type",
			change:  func(m map[string]any) { m["level"] = "7" },
			wantErr: runtime.ErrClaimInvalid,
			want:    []string{"level type"},
		},
		{
			name:    "enum value",
			change:  func(m map[string]any) { m["role"] = "owner" },
			wantErr: runtime.ErrClaimInvalid,
			want:    []string{"role values"},
		},
		{
			name:    "enum value of an item",
			change:  func(m map[string]any) { m["roles"] = []any{"admin", "owner"} },
			wantErr: runtime.ErrClaimInvalid,
			want:    []string{"roles[1] values"},
		},
		{
			name:    "string const",
			change:  func(m map[string]any) { m["kind"] = "some-kinds" },
			wantErr: runtime.ErrClaimInvalid,
			want:    []string{"kind const"},
		},
		{
			name:    "int const",
			change:  func(m map[string]any) { m["tier"] = 4 },
			wantErr: runtime.ErrClaimInvalid,
			want:    []string{"tier const"},
		},
		{
			name:    "number const",
			change:  func(m map[string]any) { m["weight"] = 2.25 },
			wantErr: runtime.ErrClaimInvalid,
			want:    []string{"weight const"},
		},
		{
			name:    "bool const",
			change:  func(m map[string]any) { m["beta"] = false },
			wantErr: runtime.ErrClaimInvalid,
			want:    []string{"beta const"},
		},
		{
			name:    "enum const",
			change:  func(m map[string]any) { m["plan"] = "free" },
			wantErr: runtime.ErrClaimInvalid,
			want:    []string{"plan const"},
		},
		{
			name:    "url const",
			change:  func(m map[string]any) { m["callback"] = "https://app.example.com/other" },
			wantErr: runtime.ErrClaimInvalid,
			want:    []string{"callback const"},
		},
		{
			name:    "email const",
			change:  func(m map[string]any) { m["owner"] = "someone@example.com" },
			wantErr: runtime.ErrClaimInvalid,
			want:    []string{"owner const"},
		},
		{
			name:    "uuid const",
			change:  func(m map[string]any) { m["realm"] = sessionID },
			wantErr: runtime.ErrClaimInvalid,
			want:    []string{"realm const"},
		},
		{
			name:    "pattern",
			change:  func(m map[string]any) { m["tenant_id"] = "Acme-EU" },
			wantErr: runtime.ErrClaimInvalid,
			want:    []string{"tenant_id pattern"},
		},
		{
			name:    "pattern of a nested member",
			change:  func(m map[string]any) { member(m, "profile.address")["zip"] = "6900" },
			wantErr: runtime.ErrClaimInvalid,
			want:    []string{"profile.address.zip pattern"},
		},
		{
			name:    "pattern of an item",
			change:  func(m map[string]any) { m["tags"] = []any{"alpha", "Beta"} },
			wantErr: runtime.ErrClaimInvalid,
			want:    []string{"tags[1] pattern"},
		},
		{
			name:    "min_length",
			change:  func(m map[string]any) { m["tags"] = []any{"alpha", ""} },
			wantErr: runtime.ErrClaimInvalid,
			want:    []string{"tags[1] min_length", "tags[1] pattern"},
		},
		{
			name:    "max_length",
			change:  func(m map[string]any) { m["contact"] = strings.Repeat("a", 243) + "@example.com" },
			wantErr: runtime.ErrClaimInvalid,
			want:    []string{"contact max_length"},
		},
		{
			name:    "minimum",
			change:  func(m map[string]any) { m["level"] = -1 },
			wantErr: runtime.ErrClaimInvalid,
			want:    []string{"level minimum"},
		},
		{
			name:    "maximum",
			change:  func(m map[string]any) { m["ratio"] = 1.6 },
			wantErr: runtime.ErrClaimInvalid,
			want:    []string{"ratio maximum"},
		},
		{
			name:    "maximum of an item",
			change:  func(m map[string]any) { m["scores"] = []any{0, 6} },
			wantErr: runtime.ErrClaimInvalid,
			want:    []string{"scores[1] maximum"},
		},
		{
			name:    "minimum of an item",
			change:  func(m map[string]any) { m["weights"] = []any{-0.5} },
			wantErr: runtime.ErrClaimInvalid,
			want:    []string{"weights[0] minimum"},
		},
		{
			name:    "min_items",
			change:  func(m map[string]any) { m["scp"] = []any{} },
			wantErr: runtime.ErrClaimInvalid,
			want:    []string{"scp min_items"},
		},
		{
			name: "max_items",
			change: func(m map[string]any) {
				m["scp"] = []any{"items:read", "items:write", "items:delete", "partner:export"}
			},
			wantErr: runtime.ErrClaimInvalid,
			want:    []string{"scp max_items"},
		},
		{
			name: "max_items of objects",
			change: func(m map[string]any) {
				device := map[string]any{"id": deviceID}
				m["devices"] = []any{device, device, device, device, device, device}
			},
			wantErr: runtime.ErrClaimInvalid,
			want:    []string{"devices max_items"},
		},
		{
			name:    "url format",
			change:  func(m map[string]any) { m["homepage"] = "acme.example.com" },
			wantErr: runtime.ErrClaimInvalid,
			want:    []string{"homepage format", "homepage pattern"},
		},
		{
			name:    "url format of a member",
			change:  func(m map[string]any) { member(m, "profile")["site"] = "/ada" },
			wantErr: runtime.ErrClaimInvalid,
			want:    []string{"profile.site format"},
		},
		{
			name:    "email format",
			change:  func(m map[string]any) { m["contact"] = "ops" },
			wantErr: runtime.ErrClaimInvalid,
			want:    []string{"contact format"},
		},
		{
			name:    "email format of an item",
			change:  func(m map[string]any) { m["emails"] = []any{"a@example.com", "Ada <ada@example.com>"} },
			wantErr: runtime.ErrClaimInvalid,
			want:    []string{"emails[1] format"},
		},
		{
			name:    "uuid format",
			change:  func(m map[string]any) { m["session"] = "5f0c2a8e1b7d4c3e9a512d6f8e9b0c41" },
			wantErr: runtime.ErrClaimInvalid,
			want:    []string{"session format"},
		},
		{
			name:    "uuid format of an item",
			change:  func(m map[string]any) { m["ids"] = []any{"x"} },
			wantErr: runtime.ErrClaimInvalid,
			want:    []string{"ids[0] format"},
		},
		{
			name:    "uuid format of an item's member",
			change:  func(m map[string]any) { m["devices"].([]any)[1].(map[string]any)["id"] = "x" },
			wantErr: runtime.ErrClaimInvalid,
			want:    []string{"devices[1].id format"},
		},
		{
			name: "several rules at once",
			change: func(m map[string]any) {
				m["tenant_id"] = "AB"
				m["role"] = "owner"
				m["links"] = []any{"https://example.com", "nope"}
			},
			wantErr: runtime.ErrClaimInvalid,
			want:    []string{"links[1] format", "role values", "tenant_id min_length", "tenant_id pattern"},
		},
	}
	signer, key := keyPair(t, "ES256")
	verifier := NewAllKindsVerifier(runtime.StaticKeys(key), clockAt(now))
	if _, err := verifier.Verify(context.Background(), signRaw(t, signer, payload(t))); err != nil {
		t.Fatalf("the unchanged payload does not verify: %v", err)
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := payload(t)
			tt.change(m)
			claims, err := verifier.Verify(context.Background(), signRaw(t, signer, m))
			if claims != nil {
				t.Errorf("Verify returned claims with an error")
			}
			assertViolations(t, err, tt.wantErr, tt.want...)
		})
	}
}

// assertViolations checks that err wraps wantErr and that its
// *runtime.ValidationError values are exactly want, each written as
// "claim rule", in any order.
func assertViolations(t *testing.T, err, wantErr error, want ...string) {
	t.Helper()
	if err == nil {
		t.Fatalf("got no error, want %v with violations %q", wantErr, want)
	}
	if !errors.Is(err, wantErr) {
		t.Errorf("error %v does not wrap %v", err, wantErr)
	}
	var got []string
	for _, ve := range validationErrors(err) {
		got = append(got, ve.Claim+" "+ve.Rule)
	}
	slices.Sort(got)
	want = slices.Sorted(slices.Values(want))
	if !slices.Equal(got, want) {
		t.Errorf("violations = %q, want %q\nerror: %v", got, want, err)
	}
}

// validationErrors returns the *runtime.ValidationError values in the tree
// of err.
func validationErrors(err error) []*runtime.ValidationError {
	if ve, ok := err.(*runtime.ValidationError); ok {
		return []*runtime.ValidationError{ve}
	}
	joined, ok := err.(interface{ Unwrap() []error })
	if !ok {
		if next := errors.Unwrap(err); next != nil {
			return validationErrors(next)
		}
		return nil
	}
	var out []*runtime.ValidationError
	for _, e := range joined.Unwrap() {
		out = append(out, validationErrors(e)...)
	}
	return out
}
