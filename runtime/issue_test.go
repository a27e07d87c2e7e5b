package runtime

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"
)

// roundTripKeys returns a signer and the matching verification key for alg.
func roundTripKeys(t *testing.T, alg string) (Signer, Key) {
	t.Helper()
	var priv any
	switch alg[:2] {
	case "HS":
		priv = hmacSecret()
	case "RS", "PS":
		priv = rsaKey()
	case "ES":
		priv = map[string]any{"ES256": p256Key(), "ES384": p384Key(), "ES512": p521Key()}[alg]
	default:
		priv = edKey()
	}
	signer, err := NewSigner(alg, "key-"+alg, priv)
	if err != nil {
		t.Fatal(err)
	}
	if alg[:2] == "HS" {
		return signer, HMACKey("key-"+alg, hmacSecret())
	}
	key, err := PublicKey("key-"+alg, priv)
	if err != nil {
		t.Fatal(err)
	}
	return signer, key
}

func issueRules(alg string) *Rules {
	return &Rules{
		Contract:     "OrdersAccess",
		Version:      2,
		Algorithms:   []string{alg},
		Type:         "at+jwt",
		Issuers:      []string{"https://auth.example.com"},
		Audience:     []string{"orders-api"},
		MaxLifetime:  15 * time.Minute,
		Leeway:       30 * time.Second,
		Require:      []string{"exp", "iat", "sub", "jti"},
		VersionClaim: "ver",
		Claims: &Object{Fields: []Field{
			{Name: "uid", Kind: ShapeString, Required: true},
			{Name: "scope", Kind: ShapeScopes},
		}},
	}
}

var allAlgorithms = []string{
	"HS256", "HS384", "HS512", "RS256", "RS384", "RS512",
	"PS256", "PS384", "PS512", "ES256", "ES384", "ES512", "EdDSA",
}

func TestIssueThenVerifyEveryAlgorithm(t *testing.T) {
	for _, alg := range allAlgorithms {
		t.Run(alg, func(t *testing.T) {
			signer, key := roundTripKeys(t, alg)
			rules := issueRules(alg)
			issuer := NewIssuer(signer, fixedClock(testNow))

			claims := &testClaims{UID: "u-1", Scope: SpaceDelimited{"orders:read", "orders:write"}}
			claims.Subject = "alice"
			c := *claims
			token, err := issuer.Issue(context.Background(), rules, &c, &c.RegisteredClaims)
			if err != nil {
				t.Fatal(err)
			}

			got := new(testClaims)
			v := NewVerifier(StaticKeys(key), fixedClock(testNow))
			wantAccepted(t, v.Verify(context.Background(), token, rules, got))

			if got.UID != "u-1" || got.Subject != "alice" || !got.Scope.Contains("orders:write") {
				t.Errorf("decoded claims = %+v", got)
			}
			if !got.IssuedAt.Equal(testNow) || !got.ExpiresAt.Equal(testNow.Add(15*time.Minute)) {
				t.Errorf("iat, exp = %v, %v; want now and now+15m", got.IssuedAt, got.ExpiresAt)
			}
			if got.Issuer != "https://auth.example.com" || len(got.Audience) != 1 || got.Audience[0] != "orders-api" {
				t.Errorf("iss, aud = %q, %q", got.Issuer, got.Audience)
			}
			if id, err := base64.RawURLEncoding.DecodeString(got.ID); err != nil || len(id) != 16 {
				t.Errorf("jti %q is not 128 random bits in base64url", got.ID)
			}
			if claims.IssuedAt != nil {
				t.Error("Issue changed the caller's claims through the copy")
			}

			tok, err := v.Parse(token)
			if err != nil {
				t.Fatal(err)
			}
			if tok.Algorithm() != alg || tok.KeyID() != "key-"+alg || tok.Type() != "at+jwt" {
				t.Errorf("header = %q %q %q", tok.Algorithm(), tok.KeyID(), tok.Type())
			}
			if ver, _ := tok.Claim("ver"); string(ver) != "2" {
				t.Errorf("ver = %s, want the JSON number 2", ver)
			}
		})
	}
}

func TestIssueHeader(t *testing.T) {
	signer, err := NewSigner("HS256", "", hmacSecret())
	if err != nil {
		t.Fatal(err)
	}
	rules := hsRules()
	token, err := NewIssuer(signer, fixedClock(testNow)).Issue(context.Background(), rules, new(testClaims), nil)
	if err != nil {
		t.Fatal(err)
	}
	header, _ := base64.RawURLEncoding.DecodeString(strings.Split(token, ".")[0])
	if want := `{"alg":"HS256","typ":"JWT"}`; string(header) != want {
		t.Errorf("header = %s, want %s", header, want)
	}
	payload, _ := base64.RawURLEncoding.DecodeString(strings.Split(token, ".")[1])
	if want := `{}`; string(payload) != want {
		t.Errorf("payload = %s, want %s (nil registered claims are left alone)", payload, want)
	}
}

// versionedClaims carries the version claim itself.
type versionedClaims struct {
	testClaims
	Ver int `json:"ver"`
}

func TestIssueWithVersionInClaims(t *testing.T) {
	signer, key := roundTripKeys(t, "HS256")
	rules := issueRules("HS256")
	issuer := NewIssuer(signer, fixedClock(testNow))

	claims := &versionedClaims{testClaims: testClaims{UID: "u"}, Ver: 2}
	claims.Subject = "alice"
	token, err := issuer.Issue(context.Background(), rules, claims, &claims.RegisteredClaims)
	if err != nil {
		t.Fatal(err)
	}
	v := NewVerifier(StaticKeys(key), fixedClock(testNow))
	wantAccepted(t, v.Verify(context.Background(), token, rules, new(testClaims)))

	claims.Ver = 3
	_, err = issuer.Issue(context.Background(), rules, claims, &claims.RegisteredClaims)
	wantRejected(t, err, ErrVersionUnknown, "version")
}

func TestIssueRejectsWhatVerifierRejects(t *testing.T) {
	tests := []struct {
		name     string
		rules    func(*Rules)
		claims   func(*testClaims)
		opts     []Option
		sentinel error
		failures []string
	}{
		{
			name:     "required claim missing",
			claims:   func(c *testClaims) { c.Subject = "" },
			sentinel: ErrClaimMissing, failures: []string{"required"},
		},
		{
			name:     "contract claim missing",
			claims:   func(c *testClaims) { c.UID = "" },
			sentinel: ErrClaimMissing, failures: []string{"required"},
		},
		{
			name: "Validate error",
			claims: func(c *testClaims) {
				c.validate = func(*testClaims) error {
					v := Violations{Contract: "OrdersAccess", Version: 2}
					v.Invalid("uid", "pattern", "does not match ^u-[0-9]+$")
					return v.Err()
				}
			},
			sentinel: ErrClaimInvalid, failures: []string{"pattern"},
		},
		{
			name:     "retired",
			rules:    func(r *Rules) { r.Retired = true },
			sentinel: ErrVersionRetired, failures: []string{"retired"},
		},
		{
			name:     "retired before issue_until",
			rules:    func(r *Rules) { r.Retired, r.IssueUntil = true, testNow.Add(time.Hour) },
			sentinel: ErrVersionRetired, failures: []string{"retired"},
		},
		{
			name:     "after issue_until",
			rules:    func(r *Rules) { r.IssueUntil = testNow },
			sentinel: ErrVersionRetired, failures: []string{"issue_until"},
		},
		{
			name:     "after accept_until",
			rules:    func(r *Rules) { r.AcceptUntil = testNow },
			sentinel: ErrVersionRetired, failures: []string{"accept_until"},
		},
		{
			name:     "signer alg not allowed",
			rules:    func(r *Rules) { r.Algorithms = []string{"RS256"} },
			sentinel: ErrAlgorithmNotAllowed, failures: []string{"alg"},
		},
		{
			name:     "expired",
			claims:   func(c *testClaims) { c.ExpiresAt = jwt.NewNumericDate(testNow.Add(-time.Minute)) },
			sentinel: jwt.ErrTokenExpired, failures: []string{"exp"},
		},
		{
			name:     "lifetime over the maximum",
			claims:   func(c *testClaims) { c.ExpiresAt = jwt.NewNumericDate(testNow.Add(time.Hour)) },
			sentinel: ErrClaimInvalid, failures: []string{"max_lifetime"},
		},
		{
			name:     "issuer not accepted",
			claims:   func(c *testClaims) { c.Issuer = "https://other.example.com" },
			sentinel: jwt.ErrTokenInvalidIssuer, failures: []string{"issuer"},
		},
		{
			name:     "too large",
			claims:   func(c *testClaims) { c.UID = strings.Repeat("u", 500) },
			opts:     []Option{WithMaxTokenSize(500)},
			sentinel: ErrTokenTooLarge, failures: []string{"size"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			signer, _ := roundTripKeys(t, "HS256")
			rules := issueRules("HS256")
			if tt.rules != nil {
				tt.rules(rules)
			}
			claims := &testClaims{UID: "u-1"}
			claims.Subject = "alice"
			if tt.claims != nil {
				tt.claims(claims)
			}
			opts := append([]Option{fixedClock(testNow)}, tt.opts...)
			token, err := NewIssuer(signer, opts...).Issue(context.Background(), rules, claims, &claims.RegisteredClaims)
			if token != "" {
				t.Errorf("Issue returned a token with error %v", err)
			}
			wantRejected(t, err, tt.sentinel, tt.failures...)
		})
	}
}

// sizedSigner is a Signer from outside the package whose signature size
// is not known in advance.
type sizedSigner struct{ size int }

func (s sizedSigner) Algorithm() string           { return "HS256" }
func (s sizedSigner) KeyID() string               { return "" }
func (s sizedSigner) Sign([]byte) ([]byte, error) { return make([]byte, s.size), nil }

func TestIssueRetiredMessage(t *testing.T) {
	signer, _ := roundTripKeys(t, "HS256")
	rules := issueRules("HS256")
	rules.Retired = true
	claims := &testClaims{UID: "u-1"}
	_, err := NewIssuer(signer, fixedClock(testNow)).Issue(context.Background(), rules, claims, &claims.RegisteredClaims)
	wantRejected(t, err, ErrVersionRetired, "retired")
	if want := "OrdersAccess v2: version 2 is retired and is no longer issued [retired]"; err.Error() != want {
		t.Errorf("message = %q, want %q", err, want)
	}
}

func TestIssueSeveralIssuers(t *testing.T) {
	signer, key := roundTripKeys(t, "HS256")
	rules := issueRules("HS256")
	rules.Issuers = []string{"https://billing.example.com", "https://shipping.example.com"}

	claims := &testClaims{UID: "u-1"}
	claims.Subject = "alice"
	_, err := NewIssuer(signer, fixedClock(testNow)).Issue(context.Background(), rules, claims, &claims.RegisteredClaims)
	wantRejected(t, err, ErrClaimMissing, "issuer")
	want := `OrdersAccess v2: "iss": the contract accepts several issuers ["https://billing.example.com" "https://shipping.example.com"]; ` +
		`set RegisteredClaims.Issuer to the one this service is [issuer]`
	if err.Error() != want {
		t.Errorf("message = %q, want %q", err, want)
	}

	claims = &testClaims{UID: "u-1"}
	claims.Subject = "alice"
	claims.Issuer = "https://shipping.example.com"
	token, err := NewIssuer(signer, fixedClock(testNow)).Issue(context.Background(), rules, claims, &claims.RegisteredClaims)
	if err != nil {
		t.Fatalf("Issue with Issuer set: %v", err)
	}
	got := new(testClaims)
	if err := NewVerifier(StaticKeys(key), fixedClock(testNow)).Verify(context.Background(), token, rules, got); err != nil {
		t.Fatalf("Verify: %v", err)
	}
	if got.Issuer != "https://shipping.example.com" {
		t.Errorf("iss = %q, want the issuer the caller set", got.Issuer)
	}
}

func TestIssueChecksSizeAfterSigning(t *testing.T) {
	rules := hsRules()
	issuer := NewIssuer(sizedSigner{size: 600}, fixedClock(testNow), WithMaxTokenSize(700))
	_, err := issuer.Issue(context.Background(), rules, new(testClaims), nil)
	wantRejected(t, err, ErrTokenTooLarge, "size")

	issuer = NewIssuer(sizedSigner{size: 32}, fixedClock(testNow), WithMaxTokenSize(700))
	if _, err := issuer.Issue(context.Background(), rules, new(testClaims), nil); err != nil {
		t.Errorf("small signature: %v", err)
	}
}

func TestIssueEncodeFailure(t *testing.T) {
	signer, _ := roundTripKeys(t, "HS256")
	_, err := NewIssuer(signer, fixedClock(testNow)).Issue(context.Background(), hsRules(), unencodable{}, nil)
	wantRejected(t, err, ErrClaimInvalid, "encode")
	var unsupported *json.UnsupportedTypeError
	if !errors.As(err, &unsupported) {
		t.Errorf("error %q does not wrap the encoding error", err)
	}
}

// unencodable is a Claims whose JSON encoding fails.
type unencodable struct {
	jwt.RegisteredClaims
	C chan int `json:"c"`
}

func (unencodable) Validate() error { return nil }
