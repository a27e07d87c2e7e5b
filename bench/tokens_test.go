package bench

import (
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"
)

// benchNow is the verifiers' clock: one minute after the tokens were
// issued.
var (
	issuedAt = time.Date(2026, time.March, 2, 10, 0, 0, 0, time.UTC)
	benchNow = issuedAt.Add(time.Minute)
)

func clock() time.Time { return benchNow }

// algorithms are the JWS algorithms that the benchmarks cover.
var algorithms = []string{"HS256", "RS256", "ES256", "EdDSA"}

// keyPair is the signing key and the verification key of one algorithm,
// with the kid that tokens name.
type keyPair struct {
	alg     string
	kid     string
	method  jwt.SigningMethod
	private any
	// public is the *rsa.PublicKey, *ecdsa.PublicKey, ed25519.PublicKey or
	// HMAC secret that verifies the tokens.
	public any
}

// newKeyPairs generates one key pair per algorithm.
func newKeyPairs(tb testing.TB) map[string]keyPair {
	tb.Helper()
	secret := make([]byte, 32)
	if _, err := rand.Read(secret); err != nil {
		tb.Fatal(err)
	}
	rsaKey, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		tb.Fatal(err)
	}
	ecKey, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		tb.Fatal(err)
	}
	edPublic, edPrivate, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		tb.Fatal(err)
	}
	return map[string]keyPair{
		"HS256": {alg: "HS256", kid: "hmac-1", method: jwt.SigningMethodHS256, private: secret, public: secret},
		"RS256": {alg: "RS256", kid: "rsa-1", method: jwt.SigningMethodRS256, private: rsaKey, public: &rsaKey.PublicKey},
		"ES256": {alg: "ES256", kid: "ec-1", method: jwt.SigningMethodES256, private: ecKey, public: &ecKey.PublicKey},
		"EdDSA": {alg: "EdDSA", kid: "ed-1", method: jwt.SigningMethodEdDSA, private: edPrivate, public: edPublic},
	}
}

// newestClaims returns the payload of a valid version 3 token.
func newestClaims() jwt.MapClaims {
	return jwt.MapClaims{
		"iss":       "https://auth.example.com",
		"sub":       "user-1842",
		"aud":       []string{"orders-api"},
		"exp":       issuedAt.Add(10 * time.Minute).Unix(),
		"iat":       issuedAt.Unix(),
		"jti":       "9f2c61e0-5b7a-4d1e-8c3f-0a6b2d4e8f10",
		"ver":       3,
		"tenant_id": "acme-eu",
		"scp":       []string{"orders:read", "orders:write"},
		"roles":     []string{"viewer"},
		"region":    "eu",
	}
}

// oldestClaims returns the payload of a valid version 1 token, which has
// no "ver" claim.
func oldestClaims() jwt.MapClaims {
	return jwt.MapClaims{
		"iss":    "https://auth.example.com",
		"sub":    "user-1842",
		"aud":    []string{"orders-api"},
		"exp":    issuedAt.Add(time.Hour).Unix(),
		"iat":    issuedAt.Unix(),
		"uid":    "user-1842",
		"scope":  "orders:read orders:write",
		"tenant": "acme-eu",
	}
}

// sign signs claims with k under a header with k's kid and the given
// typ, which is left out when empty.
func sign(tb testing.TB, k keyPair, typ string, claims jwt.MapClaims) string {
	tb.Helper()
	t := jwt.NewWithClaims(k.method, claims)
	t.Header["kid"] = k.kid
	if typ == "" {
		delete(t.Header, "typ")
	} else {
		t.Header["typ"] = typ
	}
	s, err := t.SignedString(k.private)
	if err != nil {
		tb.Fatal(err)
	}
	return s
}
