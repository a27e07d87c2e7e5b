package runtime

import (
	"context"
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"encoding/base64"
	"errors"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"
)

// Keys are generated once per test binary: RSA generation is slow.
var (
	rsaKey         = sync.OnceValue(func() *rsa.PrivateKey { return generateRSA(2048) })
	attackerRSAKey = sync.OnceValue(func() *rsa.PrivateKey { return generateRSA(2048) })
	p256Key        = sync.OnceValue(func() *ecdsa.PrivateKey { return generateEC(elliptic.P256()) })
	p384Key        = sync.OnceValue(func() *ecdsa.PrivateKey { return generateEC(elliptic.P384()) })
	p521Key        = sync.OnceValue(func() *ecdsa.PrivateKey { return generateEC(elliptic.P521()) })
	edKey          = sync.OnceValue(func() ed25519.PrivateKey {
		_, k, err := ed25519.GenerateKey(rand.Reader)
		if err != nil {
			panic(err)
		}
		return k
	})
	hmacSecret = sync.OnceValue(func() []byte { return randomBytes(64) })
)

func generateRSA(bits int) *rsa.PrivateKey {
	k, err := rsa.GenerateKey(rand.Reader, bits)
	if err != nil {
		panic(err)
	}
	return k
}

func generateEC(c elliptic.Curve) *ecdsa.PrivateKey {
	k, err := ecdsa.GenerateKey(c, rand.Reader)
	if err != nil {
		panic(err)
	}
	return k
}

func randomBytes(n int) []byte {
	b := make([]byte, n)
	if _, err := rand.Read(b); err != nil {
		panic(err)
	}
	return b
}

// testNow is the clock of most tests.
var testNow = time.Date(2026, 5, 1, 12, 0, 0, 0, time.UTC)

func fixedClock(t time.Time) Option {
	return WithClock(func() time.Time { return t })
}

// testClaims is a claims struct like the generated ones.
type testClaims struct {
	jwt.RegisteredClaims
	UID   string         `json:"uid,omitempty"`
	Count int64          `json:"count,omitempty"`
	Scope SpaceDelimited `json:"scope,omitempty"`

	validate func(*testClaims) error
}

func (c *testClaims) Validate() error {
	if c.validate != nil {
		return c.validate(c)
	}
	return nil
}

func b64(s string) string { return base64.RawURLEncoding.EncodeToString([]byte(s)) }

// signedToken builds a token from raw header and payload JSON, signed with
// golang-jwt's method for alg. It lets tests make tokens that the Issuer
// would reject.
func signedToken(t *testing.T, alg, header, payload string, key any) string {
	t.Helper()
	input := b64(header) + "." + b64(payload)
	sig, err := jwt.GetSigningMethod(alg).Sign(input, key)
	if err != nil {
		t.Fatalf("signing %s: %v", alg, err)
	}
	return input + "." + base64.RawURLEncoding.EncodeToString(sig)
}

// hsToken signs payload with HS256 and the shared secret.
func hsToken(t *testing.T, header, payload string) string {
	t.Helper()
	return signedToken(t, "HS256", header, payload, hmacSecret())
}

func hsVerifier(opts ...Option) *Verifier {
	opts = append([]Option{fixedClock(testNow)}, opts...)
	return NewVerifier(StaticKeys(HMACKey("", hmacSecret())), opts...)
}

func hsRules() *Rules {
	return &Rules{Contract: "Test", Version: 1, Algorithms: []string{"HS256"}}
}

// verifyHS verifies an HS256 token against rules with the shared secret
// at testNow.
func verifyHS(t *testing.T, token string, rules *Rules, opts ...Option) error {
	t.Helper()
	return hsVerifier(opts...).Verify(context.Background(), token, rules, new(testClaims))
}

// rulesOf lists the Rule of every *ValidationError in err.
func rulesOf(err error) []string {
	var rules []string
	for _, ve := range validationErrors(err) {
		rules = append(rules, ve.Rule)
	}
	return rules
}

// wantRejected checks that err wraps sentinel and that its failures are
// exactly the given rules, in order.
func wantRejected(t *testing.T, err, sentinel error, rules ...string) {
	t.Helper()
	if err == nil {
		t.Fatalf("expected an error wrapping %v with rules %q, got nil", sentinel, rules)
	}
	if !errors.Is(err, sentinel) {
		t.Errorf("error %q does not wrap %v", err, sentinel)
	}
	if got := rulesOf(err); !slices.Equal(got, rules) {
		t.Errorf("rules = %q, want %q (error %q)", got, rules, err)
	}
	for _, ve := range validationErrors(err) {
		if ve.Contract == "" {
			t.Errorf("failure %q has no contract", ve)
		}
	}
}

// wantAccepted fails the test when err is not nil.
func wantAccepted(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatalf("expected the token to be accepted, got %v", err)
	}
}

// tamperSignature changes the first character of the signature segment.
func tamperSignature(token string) string {
	i := strings.LastIndexByte(token, '.') + 1
	c := byte('A')
	if token[i] == 'A' {
		c = 'B'
	}
	return token[:i] + string(c) + token[i+1:]
}
