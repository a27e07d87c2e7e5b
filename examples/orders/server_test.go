package main

import (
	"context"
	"crypto"
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"encoding/base64"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"maps"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	jose "github.com/go-jose/go-jose/v4"
	"github.com/golang-jwt/jwt/v5"

	"github.com/jwtgen/jwtgen/examples/orders/tokens"
	"github.com/jwtgen/jwtgen/runtime"
)

// now is the clock of every test: version 1 is still accepted then, and
// still issued.
var now = time.Date(2026, 12, 1, 10, 0, 0, 0, time.UTC)

func clock() time.Time { return now }

// testKeys are the issuer's key pairs, one per algorithm the contract
// allows, plus a stranger's key that the service does not trust.
type testKeys struct {
	es256    *ecdsa.PrivateKey
	ed25519  ed25519.PrivateKey
	rs256    *rsa.PrivateKey
	stranger *ecdsa.PrivateKey
}

func newTestKeys(t *testing.T) testKeys {
	t.Helper()
	es, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	_, ed, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	rs, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	stranger, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	return testKeys{es256: es, ed25519: ed, rs256: rs, stranger: stranger}
}

// keySource holds the public halves under the key IDs the signers use.
func (k testKeys) keySource(t *testing.T) runtime.KeySource {
	t.Helper()
	var keys []runtime.Key
	for kid, pub := range map[string]crypto.PublicKey{
		"es-1": k.es256.Public(),
		"ed-1": k.ed25519.Public(),
		"rs-1": k.rs256.Public(),
	} {
		key, err := runtime.PublicKey(kid, pub)
		if err != nil {
			t.Fatal(err)
		}
		keys = append(keys, key)
	}
	return runtime.StaticKeys(keys...)
}

func newSigner(t *testing.T, alg, kid string, key any) runtime.Signer {
	t.Helper()
	signer, err := runtime.NewSigner(alg, kid, key)
	if err != nil {
		t.Fatal(err)
	}
	return signer
}

// validClaims returns version 3 claims that the contract accepts.
func validClaims() *tokens.OrdersAccessV3 {
	return &tokens.OrdersAccessV3{
		RegisteredClaims: jwt.RegisteredClaims{Subject: "user-42"},
		TenantID:         "acme",
		Scp:              []string{tokens.OrdersAccessScopeOrdersRead, tokens.OrdersAccessScopeOrdersWrite},
		Region:           tokens.OrdersAccessRegionUs,
	}
}

func issue(t *testing.T, signer runtime.Signer, claims *tokens.OrdersAccessV3) string {
	t.Helper()
	token, err := tokens.NewOrdersAccessIssuer(signer, runtime.WithClock(clock)).IssueV3(context.Background(), claims)
	if err != nil {
		t.Fatalf("IssueV3: %v", err)
	}
	return token
}

// signRaw signs header and payload as given, so tests can build tokens
// that the generated issuer refuses to mint.
func signRaw(t *testing.T, signer runtime.Signer, header, payload map[string]any) string {
	t.Helper()
	encode := func(v any) string {
		data, err := json.Marshal(v)
		if err != nil {
			t.Fatal(err)
		}
		return base64.RawURLEncoding.EncodeToString(data)
	}
	input := encode(header) + "." + encode(payload)
	signature, err := signer.Sign([]byte(input))
	if err != nil {
		t.Fatal(err)
	}
	return input + "." + base64.RawURLEncoding.EncodeToString(signature)
}

// validPayload returns a version 3 payload that the contract accepts;
// tests change one member to break one rule.
func validPayload() map[string]any {
	return map[string]any{
		"iss":       "https://auth.example.com",
		"aud":       []string{"orders-api"},
		"sub":       "user-42",
		"iat":       now.Unix(),
		"exp":       now.Add(5 * time.Minute).Unix(),
		"jti":       "c0ffee",
		"ver":       3,
		"tenant_id": "acme",
		"scp":       []string{"orders:read"},
		"region":    "eu",
	}
}

func TestVerifyAcceptsEachAllowedAlgorithm(t *testing.T) {
	keys := newTestKeys(t)
	verifier := tokens.NewOrdersAccessVerifier(keys.keySource(t), runtime.WithClock(clock))

	for _, signer := range []runtime.Signer{
		newSigner(t, "ES256", "es-1", keys.es256),
		newSigner(t, "EdDSA", "ed-1", keys.ed25519),
	} {
		t.Run(signer.Algorithm(), func(t *testing.T) {
			claims, err := verifier.Verify(context.Background(), issue(t, signer, validClaims()))
			if err != nil {
				t.Fatalf("Verify: %v", err)
			}
			if claims.TenantID != "acme" {
				t.Errorf("TenantID = %q, want %q", claims.TenantID, "acme")
			}
			if claims.Subject != "user-42" {
				t.Errorf("Subject = %q, want %q", claims.Subject, "user-42")
			}
			if !claims.HasScope(tokens.OrdersAccessScopeOrdersWrite) {
				t.Errorf("HasScope(%q) = false, want true", tokens.OrdersAccessScopeOrdersWrite)
			}
		})
	}
}

func TestVerifyUpgradesOlderVersions(t *testing.T) {
	keys := newTestKeys(t)
	verifier := tokens.NewOrdersAccessVerifier(keys.keySource(t), runtime.WithClock(clock))
	v1Issuer := tokens.NewOrdersAccessIssuer(newSigner(t, "RS256", "rs-1", keys.rs256), runtime.WithClock(clock))
	v2Issuer := tokens.NewOrdersAccessIssuer(newSigner(t, "ES256", "es-1", keys.es256), runtime.WithClock(clock))

	tenant := "eu-berlin"
	v1Token, err := v1Issuer.IssueV1(context.Background(), &tokens.OrdersAccessV1{
		RegisteredClaims: jwt.RegisteredClaims{Subject: "session-7"},
		UID:              "42",
		Scope:            runtime.SpaceDelimited{"orders:read", "orders:write"},
		Tenant:           &tenant,
	})
	if err != nil {
		t.Fatalf("IssueV1: %v", err)
	}
	v2Token, err := v2Issuer.IssueV2(context.Background(), &tokens.OrdersAccessV2{
		RegisteredClaims: jwt.RegisteredClaims{Subject: "42"},
		TenantID:         "acme",
		Scp:              []string{"orders:read"},
		Roles:            []tokens.OrdersAccessRoles{tokens.OrdersAccessRolesAdmin},
	})
	if err != nil {
		t.Fatalf("IssueV2: %v", err)
	}

	tests := []struct {
		name        string
		token       string
		wantVersion int
		wantTenant  string
		wantScopes  []string
		wantRegion  tokens.OrdersAccessRegion
	}{
		{name: "v1", token: v1Token, wantVersion: 1, wantTenant: "eu-berlin",
			wantScopes: []string{"orders:read", "orders:write"}, wantRegion: tokens.OrdersAccessRegionEu},
		{name: "v2", token: v2Token, wantVersion: 2, wantTenant: "acme",
			wantScopes: []string{"orders:read"}, wantRegion: tokens.OrdersAccessRegionUs},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			claims, version, err := verifier.VerifyVersion(context.Background(), tt.token)
			if err != nil {
				t.Fatalf("VerifyVersion: %v", err)
			}
			if version != tt.wantVersion {
				t.Errorf("version = %d, want %d", version, tt.wantVersion)
			}
			// Version 1's uid becomes version 2's sub, as the contract's
			// upgrade section says.
			if claims.Subject != "42" {
				t.Errorf("Subject = %q, want %q", claims.Subject, "42")
			}
			if claims.TenantID != tt.wantTenant {
				t.Errorf("TenantID = %q, want %q", claims.TenantID, tt.wantTenant)
			}
			if !slices.Equal(claims.Scp, tt.wantScopes) {
				t.Errorf("Scp = %q, want %q", claims.Scp, tt.wantScopes)
			}
			if claims.Region != tt.wantRegion {
				t.Errorf("Region = %q, want %q", claims.Region, tt.wantRegion)
			}
		})
	}

	// A version 1 token keeps its own rules: RS256 is allowed for it even
	// though the newest version only takes ES256 and EdDSA.
	if _, err := verifier.VerifyV1(context.Background(), v1Token); err != nil {
		t.Errorf("VerifyV1: %v", err)
	}
}

func TestVersionWindows(t *testing.T) {
	keys := newTestKeys(t)
	at := func(ts string) func() time.Time {
		when, err := time.Parse(time.RFC3339, ts)
		if err != nil {
			t.Fatal(err)
		}
		return func() time.Time { return when }
	}
	rsSigner := newSigner(t, "RS256", "rs-1", keys.rs256)
	esSigner := newSigner(t, "ES256", "es-1", keys.es256)

	// signAt signs a token of the given version issued at the clock.
	signAt := func(version int, clock func() time.Time) string {
		iat := clock()
		payload := map[string]any{
			"iss": "https://auth.example.com", "aud": "orders-api", "sub": "user-42", "jti": "c0ffee",
			"iat": iat.Unix(), "exp": iat.Add(5 * time.Minute).Unix(), "ver": version,
		}
		switch version {
		case 1:
			payload["uid"] = "42"
			return signRaw(t, rsSigner, map[string]any{"alg": "RS256", "kid": "rs-1", "typ": "JWT"}, payload)
		case 2:
			payload["tenant_id"] = "acme"
			return signRaw(t, esSigner, map[string]any{"alg": "ES256", "kid": "es-1", "typ": "at+jwt"}, payload)
		default:
			payload["tenant_id"] = "acme"
			payload["region"] = "us"
			return signRaw(t, esSigner, map[string]any{"alg": "ES256", "kid": "es-1", "typ": "at+jwt"}, payload)
		}
	}

	tests := []struct {
		name    string
		version int
		clock   string
		want    error
	}{
		{name: "v1 before accept_until", version: 1, clock: "2027-02-28T23:50:00Z"},
		{name: "v1 at accept_until", version: 1, clock: "2027-03-01T00:00:00Z", want: runtime.ErrVersionRetired},
		{name: "v2 before accept_until", version: 2, clock: "2027-08-31T23:50:00Z"},
		{name: "v2 at accept_until", version: 2, clock: "2027-09-01T00:00:00Z", want: runtime.ErrVersionRetired},
		{name: "v3 long after", version: 3, clock: "2030-01-01T00:00:00Z"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			clock := at(tt.clock)
			verifier := tokens.NewOrdersAccessVerifier(keys.keySource(t), runtime.WithClock(clock))
			_, version, err := verifier.VerifyVersion(context.Background(), signAt(tt.version, clock))
			if tt.want == nil {
				if err != nil {
					t.Fatalf("VerifyVersion: %v", err)
				}
				if version != tt.version {
					t.Errorf("version = %d, want %d", version, tt.version)
				}
				return
			}
			if !errors.Is(err, tt.want) {
				t.Errorf("VerifyVersion = %v, want %v", err, tt.want)
			}
		})
	}

	v1 := &tokens.OrdersAccessV1{RegisteredClaims: jwt.RegisteredClaims{Subject: "user-42"}, UID: "42"}
	_, err := tokens.NewOrdersAccessIssuer(rsSigner, runtime.WithClock(at("2027-01-15T00:00:00Z"))).IssueV1(context.Background(), v1)
	if !errors.Is(err, runtime.ErrVersionRetired) {
		t.Errorf("IssueV1 at issue_until = %v, want ErrVersionRetired", err)
	}
}

func TestDowngradeForOldConsumers(t *testing.T) {
	claims := validClaims()
	v2, err := claims.Downgrade()
	if err != nil {
		t.Fatalf("Downgrade to v2: %v", err)
	}
	v1, err := v2.Downgrade()
	if err != nil {
		t.Fatalf("Downgrade to v1: %v", err)
	}
	if v1.UID != "user-42" {
		t.Errorf("UID = %q, want the subject %q", v1.UID, "user-42")
	}
	if v1.Tenant == nil || *v1.Tenant != "acme" {
		t.Errorf("Tenant = %v, want %q", v1.Tenant, "acme")
	}
	if !slices.Equal(v1.Scope, runtime.SpaceDelimited{"orders:read", "orders:write"}) {
		t.Errorf("Scope = %q, want orders:read and orders:write", v1.Scope)
	}

	back, err := v1.Upgrade()
	if err != nil {
		t.Fatalf("Upgrade of the downgraded claims: %v", err)
	}
	if back.TenantID != "acme" || !slices.Equal(back.Scp, claims.Scp) {
		t.Errorf("Upgrade(Downgrade(x)) = %+v, want tenant and scopes of %+v", back, claims)
	}
}

func TestVerifyRejections(t *testing.T) {
	keys := newTestKeys(t)
	es := newSigner(t, "ES256", "es-1", keys.es256)
	header := map[string]any{"alg": "ES256", "kid": "es-1", "typ": "at+jwt"}

	with := func(key string, value any) map[string]any {
		payload := validPayload()
		if value == nil {
			delete(payload, key)
		} else {
			payload[key] = value
		}
		return payload
	}
	withHeader := func(key string, value any) map[string]any {
		h := map[string]any{}
		for k, v := range header {
			h[k] = v
		}
		h[key] = value
		return h
	}
	hmacSigner := newSigner(t, "HS256", "es-1", []byte(strings.Repeat("k", 32)))

	tests := []struct {
		name  string
		token string
		want  error
		claim string
		rule  string
	}{
		{name: "expired", token: signRaw(t, es, header, with("exp", now.Add(-31*time.Second).Unix())),
			want: jwt.ErrTokenExpired, rule: "exp"},
		{name: "not yet valid", token: signRaw(t, es, header, with("nbf", now.Add(time.Minute).Unix())),
			want: jwt.ErrTokenNotValidYet, rule: "nbf"},
		{name: "issued in the future", token: signRaw(t, es, header, with("iat", now.Add(time.Minute).Unix())),
			want: jwt.ErrTokenUsedBeforeIssued, rule: "iat"},
		{name: "lifetime over max", token: signRaw(t, es, header, with("exp", now.Add(11*time.Minute).Unix())),
			want: runtime.ErrClaimInvalid, rule: "max_lifetime"},
		{name: "wrong audience", token: signRaw(t, es, header, with("aud", "billing-api")),
			want: jwt.ErrTokenInvalidAudience, rule: "audience"},
		{name: "wrong issuer", token: signRaw(t, es, header, with("iss", "https://evil.example.com")),
			want: jwt.ErrTokenInvalidIssuer, rule: "issuer"},
		{name: "missing jti", token: signRaw(t, es, header, with("jti", nil)),
			want: jwt.ErrTokenRequiredClaimMissing, claim: "jti", rule: "required"},
		{name: "missing tenant", token: signRaw(t, es, header, with("tenant_id", nil)),
			want: runtime.ErrClaimMissing, claim: "tenant_id", rule: "required"},
		{name: "tenant pattern", token: signRaw(t, es, header, with("tenant_id", "Acme Corp")),
			want: runtime.ErrClaimInvalid, claim: "tenant_id", rule: "pattern"},
		{name: "unknown region", token: signRaw(t, es, header, with("region", "mars")),
			want: runtime.ErrClaimInvalid, claim: "region", rule: "values"},
		{name: "missing region", token: signRaw(t, es, header, with("region", nil)),
			want: runtime.ErrClaimMissing, claim: "region", rule: "required"},
		{name: "tenant wrong type", token: signRaw(t, es, header, with("tenant_id", 7)),
			want: runtime.ErrClaimInvalid, claim: "tenant_id", rule: "type"},
		{name: "unknown version", token: signRaw(t, es, header, with("ver", 9)),
			want: runtime.ErrVersionUnknown, rule: "version"},
		{name: "v1 rules for a v1 token", token: signRaw(t, es, header, with("ver", 1)),
			want: runtime.ErrAlgorithmNotAllowed, rule: "alg"},
		{name: "wrong typ", token: signRaw(t, es, withHeader("typ", "JWT"), validPayload()),
			want: runtime.ErrTypeHeader, rule: "typ"},
		{name: "alg none", token: signRaw(t, es, withHeader("alg", "none"), validPayload()),
			want: runtime.ErrAlgorithmNotAllowed, rule: "alg"},
		{name: "alg HS256", token: signRaw(t, hmacSigner, withHeader("alg", "HS256"), validPayload()),
			want: runtime.ErrAlgorithmNotAllowed, rule: "alg"},
		{name: "unknown kid", token: signRaw(t, es, withHeader("kid", "es-9"), validPayload()),
			want: runtime.ErrKeyNotFound, rule: "kid"},
		{name: "untrusted key", token: signRaw(t, newSigner(t, "ES256", "es-1", keys.stranger), header, validPayload()),
			want: jwt.ErrTokenSignatureInvalid, rule: "signature"},
	}

	verifier := tokens.NewOrdersAccessVerifier(keys.keySource(t), runtime.WithClock(clock))
	srv := httptest.NewServer(newServer(verifier, slog.New(slog.NewTextHandler(io.Discard, nil))).routes())
	defer srv.Close()

	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := verifier.Verify(context.Background(), tt.token)
			if err == nil {
				t.Fatal("Verify accepted the token, want an error")
			}
			if !errors.Is(err, tt.want) {
				t.Errorf("Verify error = %v, want errors.Is %v", err, tt.want)
			}
			if !hasRule(err, tt.claim, tt.rule) {
				t.Errorf("Verify error = %v, want a ValidationError with claim %q and rule %q", err, tt.claim, tt.rule)
			}

			resp := get(t, srv.URL+"/orders", tt.token)
			if resp.StatusCode != http.StatusUnauthorized {
				t.Errorf("GET /orders status = %d, want 401", resp.StatusCode)
			}
			if got, want := resp.Header.Get("WWW-Authenticate"), `Bearer realm="orders", error="invalid_token"`; got != want {
				t.Errorf("WWW-Authenticate = %q, want %q", got, want)
			}
		})
	}
}

// hasRule reports whether err holds a ValidationError for the claim and
// rule. An empty claim matches any claim.
func hasRule(err error, claim, rule string) bool {
	var found bool
	var walk func(error)
	walk = func(err error) {
		var verr *runtime.ValidationError
		if errors.As(err, &verr) && verr.Rule == rule && (claim == "" || verr.Claim == claim) {
			found = true
		}
		if joined, ok := err.(interface{ Unwrap() []error }); ok {
			for _, e := range joined.Unwrap() {
				walk(e)
			}
		}
	}
	walk(err)
	return found
}

func get(t *testing.T, url, token string) *http.Response {
	t.Helper()
	return do(t, http.MethodGet, url, token, "")
}

func do(t *testing.T, method, url, token, body string) *http.Response {
	t.Helper()
	req, err := http.NewRequest(method, url, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { resp.Body.Close() })
	return resp
}

func TestServerScopes(t *testing.T) {
	keys := newTestKeys(t)
	verifier := tokens.NewOrdersAccessVerifier(keys.keySource(t), runtime.WithClock(clock))
	srv := httptest.NewServer(newServer(verifier, slog.New(slog.NewTextHandler(io.Discard, nil))).routes())
	defer srv.Close()
	signer := newSigner(t, "EdDSA", "ed-1", keys.ed25519)

	writer := issue(t, signer, validClaims())
	readOnly := validClaims()
	readOnly.Scp = []string{tokens.OrdersAccessScopeOrdersRead, "orders:admin"}
	reader := issue(t, signer, readOnly)

	if resp := do(t, http.MethodPost, srv.URL+"/orders", writer, `{"item":"pencils"}`); resp.StatusCode != http.StatusCreated {
		t.Fatalf("POST /orders with orders:write: status %d, want 201", resp.StatusCode)
	}

	resp := do(t, http.MethodPost, srv.URL+"/orders", reader, `{"item":"paper"}`)
	if resp.StatusCode != http.StatusForbidden {
		t.Errorf("POST /orders without orders:write: status %d, want 403", resp.StatusCode)
	}
	if got, want := resp.Header.Get("WWW-Authenticate"), `Bearer realm="orders", error="insufficient_scope", scope="orders:write"`; got != want {
		t.Errorf("WWW-Authenticate = %q, want %q", got, want)
	}

	resp = get(t, srv.URL+"/orders", reader)
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("GET /orders: status %d, want 200", resp.StatusCode)
	}
	var got []order
	if err := json.NewDecoder(resp.Body).Decode(&got); err != nil {
		t.Fatal(err)
	}
	if len(got) != 1 || got[0].Item != "pencils" || got[0].CreatedBy != "user-42" {
		t.Errorf("GET /orders = %+v, want the one order created by user-42", got)
	}

	if resp := get(t, srv.URL+"/orders", ""); resp.StatusCode != http.StatusUnauthorized {
		t.Errorf("GET /orders without a token: status %d, want 401", resp.StatusCode)
	}
}

func TestUndeclaredScopeNeverMatches(t *testing.T) {
	claims := validClaims()
	claims.Scp = append(claims.Scp, "orders:admin")
	if claims.HasScope("orders:admin") {
		t.Error(`HasScope("orders:admin") = true for a scope the contract does not declare, want false`)
	}
}

// jwksServer serves a JSON Web Key Set on 127.0.0.1 and counts the
// requests. setKeys replaces the set, as an issuer does when it rotates
// keys.
type jwksServer struct {
	*httptest.Server

	mu    sync.Mutex
	body  []byte
	fetch int
}

func newJWKSServer(t *testing.T) *jwksServer {
	t.Helper()
	s := &jwksServer{}
	s.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		s.mu.Lock()
		defer s.mu.Unlock()
		s.fetch++
		w.Header().Set("Content-Type", "application/jwk-set+json")
		w.Write(s.body)
	}))
	t.Cleanup(s.Close)
	return s
}

func (s *jwksServer) setKeys(t *testing.T, keys map[string]*ecdsa.PrivateKey) {
	t.Helper()
	var set jose.JSONWebKeySet
	for _, kid := range slices.Sorted(maps.Keys(keys)) {
		set.Keys = append(set.Keys, jose.JSONWebKey{Key: keys[kid].Public(), KeyID: kid, Algorithm: "ES256", Use: "sig"})
	}
	body, err := json.Marshal(set)
	if err != nil {
		t.Fatal(err)
	}
	s.mu.Lock()
	s.body = body
	s.mu.Unlock()
}

func (s *jwksServer) fetches() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.fetch
}

func TestRemoteJWKSKeyRotation(t *testing.T) {
	keys := newTestKeys(t)
	next, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	jwks := newJWKSServer(t)
	jwks.setKeys(t, map[string]*ecdsa.PrivateKey{"es-1": keys.es256})

	// The key source's clock moves past the unknown-kid rate limit
	// (DefaultUnknownKIDRateLimit) each time the test calls advance.
	var clockMu sync.Mutex
	remoteNow := now
	advance := func() {
		clockMu.Lock()
		remoteNow = remoteNow.Add(runtime.DefaultUnknownKIDRateLimit + time.Second)
		clockMu.Unlock()
	}
	remoteClock := func() time.Time {
		clockMu.Lock()
		defer clockMu.Unlock()
		return remoteNow
	}
	source, err := runtime.RemoteJWKS(jwks.URL, runtime.WithAllowHTTP(true), runtime.WithRemoteClock(remoteClock))
	if err != nil {
		t.Fatalf("RemoteJWKS: %v", err)
	}
	t.Cleanup(func() { source.Close() })
	verifier := tokens.NewOrdersAccessVerifier(source, runtime.WithClock(clock))
	srv := httptest.NewServer(newServer(verifier, slog.New(slog.NewTextHandler(io.Discard, nil))).routes())
	defer srv.Close()

	oldToken := issue(t, newSigner(t, "ES256", "es-1", keys.es256), validClaims())
	newToken := issue(t, newSigner(t, "ES256", "es-2", next), validClaims())

	if resp := get(t, srv.URL+"/orders", oldToken); resp.StatusCode != http.StatusOK {
		t.Fatalf("GET /orders with the first key: status %d, want 200", resp.StatusCode)
	}
	if got := jwks.fetches(); got != 1 {
		t.Errorf("key set fetched %d times before rotation, want 1", got)
	}

	// The issuer rotates: es-2 replaces es-1.
	jwks.setKeys(t, map[string]*ecdsa.PrivateKey{"es-2": next})
	advance()

	if resp := get(t, srv.URL+"/orders", newToken); resp.StatusCode != http.StatusOK {
		t.Fatalf("GET /orders with the rotated key: status %d, want 200", resp.StatusCode)
	}
	if got := jwks.fetches(); got != 2 {
		t.Errorf("key set fetched %d times after rotation, want 2", got)
	}

	advance()
	resp := get(t, srv.URL+"/orders", oldToken)
	if resp.StatusCode != http.StatusUnauthorized {
		t.Errorf("GET /orders with the retired key: status %d, want 401", resp.StatusCode)
	}
	if got, want := resp.Header.Get("WWW-Authenticate"), `Bearer realm="orders", error="invalid_token"`; got != want {
		t.Errorf("WWW-Authenticate = %q, want %q", got, want)
	}
}

func TestRefundNeedsBothScopes(t *testing.T) {
	keys := newTestKeys(t)
	verifier := tokens.NewOrdersAccessVerifier(keys.keySource(t), runtime.WithClock(clock))
	srv := httptest.NewServer(newServer(verifier, slog.New(slog.NewTextHandler(io.Discard, nil))).routes())
	defer srv.Close()
	signer := newSigner(t, "EdDSA", "ed-1", keys.ed25519)

	tokenWith := func(scopes ...string) string {
		claims := validClaims()
		claims.Scp = scopes
		return issue(t, signer, claims)
	}
	writer := tokenWith(tokens.OrdersAccessScopeOrdersWrite)
	refunder := tokenWith(tokens.OrdersAccessScopeOrdersWrite, tokens.OrdersAccessScopeOrdersRefund)
	refundOnly := tokenWith(tokens.OrdersAccessScopeOrdersRefund)

	if resp := do(t, http.MethodPost, srv.URL+"/orders", writer, `{"item":"pencils"}`); resp.StatusCode != http.StatusCreated {
		t.Fatalf("POST /orders: status %d, want 201", resp.StatusCode)
	}
	// A writer may list orders too: GET /orders takes orders:read or
	// orders:write.
	if resp := get(t, srv.URL+"/orders", writer); resp.StatusCode != http.StatusOK {
		t.Errorf("GET /orders with orders:write: status %d, want 200", resp.StatusCode)
	}

	const challenge = `Bearer realm="orders", error="insufficient_scope", scope="orders:write orders:refund"`
	tests := []struct {
		name       string
		token      string
		wantStatus int
		wantHeader string
	}{
		{name: "write only", token: writer, wantStatus: http.StatusForbidden, wantHeader: challenge},
		{name: "refund only", token: refundOnly, wantStatus: http.StatusForbidden, wantHeader: challenge},
		{name: "write and refund", token: refunder, wantStatus: http.StatusOK},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			resp := do(t, http.MethodPost, srv.URL+"/orders/1/refund", tt.token, "")
			if resp.StatusCode != tt.wantStatus {
				t.Errorf("status = %d, want %d", resp.StatusCode, tt.wantStatus)
			}
			if got := resp.Header.Get("WWW-Authenticate"); got != tt.wantHeader {
				t.Errorf("WWW-Authenticate = %q, want %q", got, tt.wantHeader)
			}
		})
	}

	if resp := do(t, http.MethodPost, srv.URL+"/orders/9/refund", refunder, ""); resp.StatusCode != http.StatusNotFound {
		t.Errorf("refund of an unknown order: status %d, want 404", resp.StatusCode)
	}
}

func TestKeySourceFlags(t *testing.T) {
	logger := slog.New(slog.NewTextHandler(io.Discard, nil))
	tests := []struct {
		name    string
		jwksURL string
		wantErr string
	}{
		{name: "neither flag", wantErr: "missing -jwks or -key: name the issuer's JSON Web Key Set URL or public key PEM file"},
		{name: "http on loopback", jwksURL: "http://127.0.0.1:1/jwks.json"},
		{name: "http on localhost", jwksURL: "http://localhost:1/jwks.json"},
		{name: "http elsewhere", jwksURL: "http://auth.example.com/jwks.json",
			wantErr: `remote JWKS: URL "http://auth.example.com/jwks.json" uses http; use https, or WithAllowHTTP(true) for a test server on loopback`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			// The context is cancelled at once, so the background
			// refresher stops; close waits for it. Every URL that may be
			// fetched is on loopback.
			ctx, cancel := context.WithCancel(context.Background())
			cancel()
			keys, closeKeys, err := keySource(ctx, tt.jwksURL, "", "", logger)
			if tt.wantErr != "" {
				if err == nil || err.Error() != tt.wantErr {
					t.Fatalf("keySource error = %v, want %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatalf("keySource: %v", err)
			}
			closeKeys()
			if keys == nil {
				t.Error("keySource returned no key source")
			}
		})
	}
}

// TestOperationScopeSets sends each operation of openapi.yaml a token
// for each of its scope sets, and tokens that miss one scope of every
// set, through the routes that the generated requirements guard.
func TestOperationScopeSets(t *testing.T) {
	keys := newTestKeys(t)
	verifier := tokens.NewOrdersAccessVerifier(keys.keySource(t), runtime.WithClock(clock))
	srv := httptest.NewServer(newServer(verifier, slog.New(slog.NewTextHandler(io.Discard, nil))).routes())
	defer srv.Close()
	signer := newSigner(t, "EdDSA", "ed-1", keys.ed25519)

	tokenWith := func(scopes ...string) string {
		claims := validClaims()
		claims.Scp = scopes
		return issue(t, signer, claims)
	}
	// Order 1 exists, so that a refund that passes the scope check
	// succeeds.
	if resp := do(t, http.MethodPost, srv.URL+"/orders", tokenWith(tokens.OrdersAccessScopeOrdersWrite), `{"item":"pencils"}`); resp.StatusCode != http.StatusCreated {
		t.Fatalf("POST /orders: status %d, want 201", resp.StatusCode)
	}

	const (
		read   = tokens.OrdersAccessScopeOrdersRead
		write  = tokens.OrdersAccessScopeOrdersWrite
		refund = tokens.OrdersAccessScopeOrdersRefund
	)
	challenge := func(scope string) string {
		return `Bearer realm="orders", error="insufficient_scope", scope="` + scope + `"`
	}
	tests := []struct {
		name       string
		method     string
		path       string
		body       string
		scopes     []string // nil sends no token
		wantStatus int
		wantHeader string
	}{
		{name: "health without token", method: http.MethodGet, path: "/healthz", wantStatus: http.StatusOK},
		{name: "list with read", method: http.MethodGet, path: "/orders", scopes: []string{read}, wantStatus: http.StatusOK},
		{name: "list with write", method: http.MethodGet, path: "/orders", scopes: []string{write}, wantStatus: http.StatusOK},
		{name: "list with refund only", method: http.MethodGet, path: "/orders", scopes: []string{refund}, wantStatus: http.StatusForbidden, wantHeader: challenge(read)},
		{name: "list without token", method: http.MethodGet, path: "/orders", wantStatus: http.StatusUnauthorized, wantHeader: `Bearer realm="orders"`},
		{name: "create with write", method: http.MethodPost, path: "/orders", body: `{"item":"paper"}`, scopes: []string{write}, wantStatus: http.StatusCreated},
		{name: "create with read", method: http.MethodPost, path: "/orders", body: `{"item":"paper"}`, scopes: []string{read, refund}, wantStatus: http.StatusForbidden, wantHeader: challenge(write)},
		{name: "refund with write and refund", method: http.MethodPost, path: "/orders/1/refund", scopes: []string{write, refund}, wantStatus: http.StatusOK},
		{name: "refund with write", method: http.MethodPost, path: "/orders/1/refund", scopes: []string{read, write}, wantStatus: http.StatusForbidden, wantHeader: challenge(write + " " + refund)},
		{name: "refund with refund", method: http.MethodPost, path: "/orders/1/refund", scopes: []string{refund}, wantStatus: http.StatusForbidden, wantHeader: challenge(write + " " + refund)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			token := ""
			if tt.scopes != nil {
				token = tokenWith(tt.scopes...)
			}
			resp := do(t, tt.method, srv.URL+tt.path, token, tt.body)
			if resp.StatusCode != tt.wantStatus {
				t.Errorf("status = %d, want %d", resp.StatusCode, tt.wantStatus)
			}
			if got := resp.Header.Get("WWW-Authenticate"); got != tt.wantHeader {
				t.Errorf("WWW-Authenticate = %q, want %q", got, tt.wantHeader)
			}
		})
	}
}

// TestGeneratedOperations checks the requirements generated from
// openapi.yaml against the scope sets that its operations list.
func TestGeneratedOperations(t *testing.T) {
	tests := []struct {
		name          string
		operationID   string
		wantAnonymous bool
		wantScopes    string
	}{
		{name: "health", operationID: "health", wantAnonymous: true},
		{name: "list", operationID: "listOrders", wantScopes: "[orders:read] or [orders:write]"},
		{name: "create", operationID: "createOrder", wantScopes: "[orders:write]"},
		{name: "refund", operationID: "refundOrder", wantScopes: "[orders:write orders:refund]"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			op, ok := tokens.OrdersAccessOperationByID(tt.operationID)
			if !ok {
				t.Fatalf("OrdersAccessOperationByID(%q) found nothing", tt.operationID)
			}
			if op.ID != tt.operationID {
				t.Errorf("ID = %q, want %q", op.ID, tt.operationID)
			}
			if op.Anonymous != tt.wantAnonymous {
				t.Errorf("Anonymous = %t, want %t", op.Anonymous, tt.wantAnonymous)
			}
			if got := op.Scopes.String(); got != tt.wantScopes {
				t.Errorf("Scopes = %q, want %q", got, tt.wantScopes)
			}
		})
	}

	if _, ok := tokens.OrdersAccessOperationByID("deleteOrder"); ok {
		t.Error(`OrdersAccessOperationByID("deleteOrder") found an operation that openapi.yaml lacks`)
	}
}
