package runtime

import (
	"context"
	"crypto"
	"crypto/ecdsa"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"crypto/x509"
	"encoding/base64"
	"encoding/json"
	"encoding/pem"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	jose "github.com/go-jose/go-jose/v4"
	"github.com/golang-jwt/jwt/v5"
)

func TestAlgNoneRejected(t *testing.T) {
	payload := `{"sub":"alice"}`
	for _, alg := range []string{"none", "None", "NONE", "nOnE"} {
		header := `{"alg":"` + alg + `"}`
		unsigned := b64(header) + "." + b64(payload)
		// The rules even list the spelling, and none is still rejected.
		rules := &Rules{Contract: "Test", Version: 1, Algorithms: []string{alg, "HS256"}}

		t.Run(alg+"/empty signature", func(t *testing.T) {
			err := verifyHS(t, unsigned+".", rules)
			wantRejected(t, err, jwt.ErrTokenMalformed, "malformed")
		})
		t.Run(alg+"/with signature", func(t *testing.T) {
			sig := hsToken(t, header, payload)
			token := unsigned + sig[strings.LastIndexByte(sig, '.'):]
			err := verifyHS(t, token, rules)
			wantRejected(t, err, ErrAlgorithmNotAllowed, "alg")
			if want := fmt.Sprintf(`Test v1: "alg": alg %q is never accepted [alg]`, alg); err.Error() != want {
				t.Errorf("message = %q, want %q", err, want)
			}
		})
	}
}

func TestAlgNotInAllowlist(t *testing.T) {
	key, err := PublicKey("k1", rsaKey())
	if err != nil {
		t.Fatal(err)
	}
	v := NewVerifier(StaticKeys(key), fixedClock(testNow))
	token := signedToken(t, "RS256", `{"alg":"RS256","kid":"k1"}`, `{"sub":"alice"}`, rsaKey())

	tests := []struct {
		name       string
		algorithms []string
	}{
		{name: "other family", algorithms: []string{"ES256"}},
		{name: "same family", algorithms: []string{"RS512", "PS256"}},
		{name: "other letter case", algorithms: []string{"rs256"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rules := &Rules{Contract: "Test", Version: 1, Algorithms: tt.algorithms}
			err := v.Verify(context.Background(), token, rules, new(testClaims))
			wantRejected(t, err, ErrAlgorithmNotAllowed, "alg")
		})
	}

	t.Run("listed", func(t *testing.T) {
		rules := &Rules{Contract: "Test", Version: 1, Algorithms: []string{"RS256"}}
		wantAccepted(t, v.Verify(context.Background(), token, rules, new(testClaims)))
	})
}

func TestHMACWithRSAPublicKeyConfusion(t *testing.T) {
	der, err := x509.MarshalPKIXPublicKey(&rsaKey().PublicKey)
	if err != nil {
		t.Fatal(err)
	}
	publicPEM := pem.EncodeToMemory(&pem.Block{Type: "PUBLIC KEY", Bytes: der})
	key, err := PublicKeyFromPEM("k1", publicPEM)
	if err != nil {
		t.Fatal(err)
	}
	// The public key is public, so an attacker can use its PEM text as an
	// HMAC secret.
	token := signedToken(t, "HS256", `{"alg":"HS256","kid":"k1"}`, `{"sub":"admin"}`, publicPEM)
	v := NewVerifier(StaticKeys(key), fixedClock(testNow))

	t.Run("RSA rules", func(t *testing.T) {
		rules := &Rules{Contract: "Test", Version: 1, Algorithms: []string{"RS256"}}
		err := v.Verify(context.Background(), token, rules, new(testClaims))
		wantRejected(t, err, ErrAlgorithmNotAllowed, "alg")
	})
	t.Run("rules listing both families", func(t *testing.T) {
		rules := &Rules{Contract: "Test", Version: 1, Algorithms: []string{"RS256", "HS256"}}
		err := v.Verify(context.Background(), token, rules, new(testClaims))
		wantRejected(t, err, ErrKeyNotFound, "kid")
		if !strings.Contains(err.Error(), `key "k1" (RSA) cannot verify HS256`) {
			t.Errorf("message %q does not explain the family mismatch", err)
		}
	})
	t.Run("signature layer", func(t *testing.T) {
		tok, err := v.Parse(token)
		if err != nil {
			t.Fatal(err)
		}
		err = verifySignature(key, tok.alg, tok.signingInput, tok.signature)
		if !errors.Is(err, jwt.ErrTokenSignatureInvalid) {
			t.Fatalf("verifySignature = %v, want jwt.ErrTokenSignatureInvalid", err)
		}
	})
}

func TestEmbeddedKeyHeadersIgnored(t *testing.T) {
	victim, err := PublicKey("victim", rsaKey())
	if err != nil {
		t.Fatal(err)
	}
	attackerJWK, err := json.Marshal(jose.JSONWebKey{Key: &attackerRSAKey().PublicKey, KeyID: "victim", Algorithm: "RS256", Use: "sig"})
	if err != nil {
		t.Fatal(err)
	}
	header := `{"alg":"RS256","kid":"victim","jwk":` + string(attackerJWK) +
		`,"jku":"https://attacker.example/jwks.json","x5u":"https://attacker.example/cert.pem"}`
	token := signedToken(t, "RS256", header, `{"sub":"admin"}`, attackerRSAKey())

	v := NewVerifier(StaticKeys(victim), fixedClock(testNow))
	rules := &Rules{Contract: "Test", Version: 1, Algorithms: []string{"RS256"}}
	err = v.Verify(context.Background(), token, rules, new(testClaims))
	wantRejected(t, err, jwt.ErrTokenSignatureInvalid, "signature")

	// The same headers on a token that the victim key signed do not stop
	// it from verifying: they are ignored, not rejected.
	genuine := signedToken(t, "RS256", header, `{"sub":"admin"}`, rsaKey())
	wantAccepted(t, v.Verify(context.Background(), genuine, rules, new(testClaims)))
}

func TestCritRejected(t *testing.T) {
	tests := []struct {
		name   string
		header string
		detail string
	}{
		{
			name:   "unknown extension",
			header: `{"alg":"HS256","crit":["exp"],"exp":1363284000}`,
			detail: `crit names 1 extensions, starting with ["exp"], and this verifier understands none`,
		},
		{
			name:   "b64 extension",
			header: `{"alg":"HS256","crit":["b64"],"b64":false}`,
			detail: `crit names 1 extensions, starting with ["b64"], and this verifier understands none`,
		},
		{name: "empty list", header: `{"alg":"HS256","crit":[]}`, detail: "crit is not a non-empty array of strings"},
		{name: "not a list", header: `{"alg":"HS256","crit":"exp"}`, detail: "crit is not a non-empty array of strings"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := verifyHS(t, hsToken(t, tt.header, `{"sub":"alice"}`), hsRules())
			wantRejected(t, err, ErrHeaderInvalid, "crit")
			if want := `Test v1: "crit": ` + tt.detail + " [crit]"; err.Error() != want {
				t.Errorf("message = %q, want %q", err, want)
			}
		})
	}
}

func TestTimeRulesAtLeewayBoundaries(t *testing.T) {
	const leeway = 30 * time.Second
	at := testNow.Unix()
	tests := []struct {
		name    string
		claims  string
		now     time.Time
		wantErr error
		rule    string
	}{
		{name: "exp just inside", claims: fmt.Sprintf(`{"exp":%d}`, at), now: testNow.Add(leeway - time.Second)},
		{name: "exp just outside", claims: fmt.Sprintf(`{"exp":%d}`, at), now: testNow.Add(leeway), wantErr: jwt.ErrTokenExpired, rule: "exp"},
		{name: "exp fraction inside", claims: fmt.Sprintf(`{"exp":%d.5}`, at), now: testNow.Add(leeway + 400*time.Millisecond)},
		{name: "exp fraction outside", claims: fmt.Sprintf(`{"exp":%d.5}`, at), now: testNow.Add(leeway + 500*time.Millisecond), wantErr: jwt.ErrTokenExpired, rule: "exp"},
		{name: "nbf just inside", claims: fmt.Sprintf(`{"nbf":%d}`, at), now: testNow.Add(-leeway)},
		{name: "nbf just outside", claims: fmt.Sprintf(`{"nbf":%d}`, at), now: testNow.Add(-leeway - time.Second), wantErr: jwt.ErrTokenNotValidYet, rule: "nbf"},
		{name: "iat just inside", claims: fmt.Sprintf(`{"iat":%d}`, at), now: testNow.Add(-leeway)},
		{name: "iat just outside", claims: fmt.Sprintf(`{"iat":%d}`, at), now: testNow.Add(-leeway - time.Second), wantErr: jwt.ErrTokenUsedBeforeIssued, rule: "iat"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rules := hsRules()
			rules.Leeway = leeway
			err := verifyHS(t, hsToken(t, `{"alg":"HS256"}`, tt.claims), rules, fixedClock(tt.now))
			if tt.wantErr == nil {
				wantAccepted(t, err)
				return
			}
			wantRejected(t, err, tt.wantErr, tt.rule)
			if !errors.Is(err, ErrClaimInvalid) {
				t.Errorf("error %q does not wrap ErrClaimInvalid", err)
			}
		})
	}
}

func TestWithLeewayOverridesRules(t *testing.T) {
	rules := hsRules()
	rules.Leeway = time.Hour
	token := hsToken(t, `{"alg":"HS256"}`, fmt.Sprintf(`{"exp":%d}`, testNow.Unix()))

	wantAccepted(t, verifyHS(t, token, rules, fixedClock(testNow.Add(time.Minute))))
	err := verifyHS(t, token, rules, fixedClock(testNow.Add(time.Minute)), WithLeeway(time.Second))
	wantRejected(t, err, jwt.ErrTokenExpired, "exp")
	if want := `Test v1: "exp": token is expired (leeway 1s) [exp]`; err.Error() != want {
		t.Errorf("message = %q, want %q", err, want)
	}
}

func TestMaxLifetime(t *testing.T) {
	iat := testNow.Unix()
	tests := []struct {
		name    string
		claims  string
		wantErr error
		rules   []string
	}{
		{name: "at the maximum", claims: fmt.Sprintf(`{"iat":%d,"exp":%d}`, iat, iat+3600)},
		{name: "one second over", claims: fmt.Sprintf(`{"iat":%d,"exp":%d}`, iat, iat+3601), wantErr: ErrClaimInvalid, rules: []string{"max_lifetime"}},
		{name: "no iat", claims: fmt.Sprintf(`{"exp":%d}`, iat+60), wantErr: ErrClaimMissing, rules: []string{"required"}},
		{name: "no exp", claims: fmt.Sprintf(`{"iat":%d}`, iat), wantErr: ErrClaimMissing, rules: []string{"required"}},
		{name: "neither", claims: `{}`, wantErr: ErrClaimMissing, rules: []string{"required", "required"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rules := hsRules()
			rules.MaxLifetime = time.Hour
			err := verifyHS(t, hsToken(t, `{"alg":"HS256"}`, tt.claims), rules)
			if tt.wantErr == nil {
				wantAccepted(t, err)
				return
			}
			wantRejected(t, err, tt.wantErr, tt.rules...)
		})
	}
}

func TestAudienceStringOrArray(t *testing.T) {
	tests := []struct {
		name    string
		claims  string
		wantErr error
		rule    string
	}{
		{name: "string match", claims: `{"aud":"orders-api"}`},
		{name: "array with a match", claims: `{"aud":["billing-api","orders-api"]}`},
		{name: "string mismatch", claims: `{"aud":"billing-api"}`, wantErr: jwt.ErrTokenInvalidAudience, rule: "audience"},
		{name: "array without a match", claims: `{"aud":["billing-api"]}`, wantErr: jwt.ErrTokenInvalidAudience, rule: "audience"},
		{name: "empty array", claims: `{"aud":[]}`, wantErr: jwt.ErrTokenInvalidAudience, rule: "audience"},
		{name: "missing", claims: `{}`, wantErr: ErrClaimMissing, rule: "audience"},
		{name: "number", claims: `{"aud":1}`, wantErr: ErrClaimInvalid, rule: "type"},
		{name: "array with a number", claims: `{"aud":["orders-api",1]}`, wantErr: ErrClaimInvalid, rule: "type"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rules := hsRules()
			rules.Audience = []string{"orders-api", "orders-admin"}
			claims := new(testClaims)
			err := hsVerifier().Verify(context.Background(), hsToken(t, `{"alg":"HS256"}`, tt.claims), rules, claims)
			if tt.wantErr == nil {
				wantAccepted(t, err)
				return
			}
			wantRejected(t, err, tt.wantErr, tt.rule)
		})
	}
}

func TestOversizeTokenRejectedBeforeDecoding(t *testing.T) {
	// Not even base64url: a decoder would report it as malformed.
	garbage := strings.Repeat("!", DefaultMaxTokenSize+1)
	err := verifyHS(t, garbage, hsRules())
	wantRejected(t, err, ErrTokenTooLarge, "size")
	if want := "Test v1: token is 16385 bytes; the limit is 16384 [size]"; err.Error() != want {
		t.Errorf("message = %q, want %q", err, want)
	}

	atLimit := strings.Repeat("!", DefaultMaxTokenSize)
	wantRejected(t, verifyHS(t, atLimit, hsRules()), jwt.ErrTokenMalformed, "malformed")

	token := hsToken(t, `{"alg":"HS256"}`, `{"sub":"alice"}`)
	wantRejected(t, verifyHS(t, token, hsRules(), WithMaxTokenSize(len(token)-1)), ErrTokenTooLarge, "size")
	wantAccepted(t, verifyHS(t, token, hsRules(), WithMaxTokenSize(len(token))))
}

func TestDuplicateMembersRejected(t *testing.T) {
	tests := []struct {
		name     string
		header   string
		payload  string
		sentinel error
		claim    string
	}{
		{name: "header", header: `{"alg":"HS256","alg":"HS256"}`, payload: `{}`, sentinel: ErrHeaderInvalid, claim: "alg"},
		{name: "header nested", header: `{"alg":"HS256","x":{"a":1,"a":2}}`, payload: `{}`, sentinel: ErrHeaderInvalid, claim: "x.a"},
		{name: "payload", header: `{"alg":"HS256"}`, payload: `{"sub":"alice","sub":"admin"}`, sentinel: ErrClaimInvalid, claim: "sub"},
		{name: "payload escaped name", header: `{"alg":"HS256"}`, payload: `{"sub":"alice","\u0073ub":"admin"}`, sentinel: ErrClaimInvalid, claim: "sub"},
		{name: "payload nested", header: `{"alg":"HS256"}`, payload: `{"address":{"city":"A","city":"B"}}`, sentinel: ErrClaimInvalid, claim: "address.city"},
		{name: "payload in array", header: `{"alg":"HS256"}`, payload: `{"items":[{"sku":"1"},{"sku":"2","sku":"3"}]}`, sentinel: ErrClaimInvalid, claim: "items[1].sku"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := verifyHS(t, hsToken(t, tt.header, tt.payload), hsRules())
			wantRejected(t, err, tt.sentinel, "duplicate")
			if !errors.Is(err, jwt.ErrTokenMalformed) {
				t.Errorf("error %q does not wrap jwt.ErrTokenMalformed", err)
			}
			if want := fmt.Sprintf("Test v1: %q: member %q appears more than once [duplicate]", tt.claim, tt.claim); err.Error() != want {
				t.Errorf("message = %q, want %q", err, want)
			}
		})
	}

	t.Run("many members", func(t *testing.T) {
		var b strings.Builder
		b.WriteString(`{`)
		for i := range 100 {
			fmt.Fprintf(&b, `"m%d":%d,`, i, i)
		}
		b.WriteString(`"m57":0}`)
		err := verifyHS(t, hsToken(t, `{"alg":"HS256"}`, b.String()), hsRules())
		wantRejected(t, err, ErrClaimInvalid, "duplicate")
	})
}

func TestNumbersThatDoNotFitRejected(t *testing.T) {
	rules := hsRules()
	rules.Claims = &Object{Fields: []Field{{Name: "count", Kind: ShapeInt}}}
	tests := []struct {
		name   string
		claims string
		claim  string
		detail string
	}{
		{name: "fraction for int", claims: `{"count":1.5}`, claim: "count", detail: "expected an integer, found a number with a fraction or exponent"},
		{name: "exponent for int", claims: `{"count":1e3}`, claim: "count", detail: "expected an integer, found a number with a fraction or exponent"},
		{name: "above int64", claims: `{"count":9223372036854775808}`, claim: "count", detail: "integer does not fit in 64 bits"},
		{name: "below int64", claims: `{"count":-9223372036854775809}`, claim: "count", detail: "integer does not fit in 64 bits"},
		{name: "exp far future", claims: `{"exp":1e300}`, claim: "exp", detail: "NumericDate is outside 0 to 253402300799 seconds"},
		{name: "exp beyond float64", claims: `{"exp":1e400}`, claim: "exp", detail: "NumericDate is outside 0 to 253402300799 seconds"},
		{name: "negative iat", claims: `{"iat":-1}`, claim: "iat", detail: "NumericDate is outside 0 to 253402300799 seconds"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := verifyHS(t, hsToken(t, `{"alg":"HS256"}`, tt.claims), rules)
			wantRejected(t, err, ErrClaimInvalid, "type")
			if want := fmt.Sprintf("Test v1: %q: %s [type]", tt.claim, tt.detail); err.Error() != want {
				t.Errorf("message = %q, want %q", err, want)
			}
		})
	}

	t.Run("int64 limits fit", func(t *testing.T) {
		for _, n := range []string{"9223372036854775807", "-9223372036854775808"} {
			claims := new(testClaims)
			err := hsVerifier().Verify(context.Background(), hsToken(t, `{"alg":"HS256"}`, `{"count":`+n+`}`), rules, claims)
			wantAccepted(t, err)
			if got := fmt.Sprint(claims.Count); got != n {
				t.Errorf("Count = %s, want %s", got, n)
			}
		}
	})
}

func TestPSSSaltLengthMustEqualHash(t *testing.T) {
	key, err := PublicKey("k1", rsaKey())
	if err != nil {
		t.Fatal(err)
	}
	v := NewVerifier(StaticKeys(key), fixedClock(testNow))
	rules := &Rules{Contract: "Test", Version: 1, Algorithms: []string{"PS256"}}

	pssToken := func(saltLength int) string {
		input := b64(`{"alg":"PS256"}`) + "." + b64(`{"sub":"alice"}`)
		digest := sha256.Sum256([]byte(input))
		sig, err := rsa.SignPSS(rand.Reader, rsaKey(), crypto.SHA256, digest[:], &rsa.PSSOptions{SaltLength: saltLength})
		if err != nil {
			t.Fatal(err)
		}
		return input + "." + base64.RawURLEncoding.EncodeToString(sig)
	}

	wantAccepted(t, v.Verify(context.Background(), pssToken(32), rules, new(testClaims)))
	err = v.Verify(context.Background(), pssToken(20), rules, new(testClaims))
	wantRejected(t, err, jwt.ErrTokenSignatureInvalid, "signature")
	if !errors.Is(err, rsa.ErrVerification) {
		t.Errorf("error %q does not wrap rsa.ErrVerification", err)
	}
}

func TestRSA1024KeyRejected(t *testing.T) {
	small := generateRSA(1024)
	const want = "key invalid: RSA key is 1024 bits; the minimum is 2048"

	_, err := PublicKey("small", &small.PublicKey)
	if !errors.Is(err, ErrKeyInvalid) || err.Error() != want {
		t.Errorf("PublicKey error = %v, want %q", err, want)
	}

	der, _ := x509.MarshalPKIXPublicKey(&small.PublicKey)
	_, err = PublicKeyFromPEM("small", pem.EncodeToMemory(&pem.Block{Type: "PUBLIC KEY", Bytes: der}))
	if !errors.Is(err, ErrKeyInvalid) || err.Error() != want {
		t.Errorf("PublicKeyFromPEM error = %v, want %q", err, want)
	}

	jwk, _ := json.Marshal(jose.JSONWebKey{Key: &small.PublicKey, KeyID: "small"})
	_, err = KeyFromJWK(jwk)
	if !errors.Is(err, ErrKeyInvalid) || err.Error() != want {
		t.Errorf("KeyFromJWK error = %v, want %q", err, want)
	}

	_, err = NewSigner("RS256", "small", small)
	if !errors.Is(err, ErrKeyInvalid) || err.Error() != want {
		t.Errorf("NewSigner error = %v, want %q", err, want)
	}
}

func TestShortHMACSecretRejected(t *testing.T) {
	tests := []struct {
		name   string
		secret []byte
		want   string
	}{
		{name: "empty", secret: nil, want: `key invalid: HMAC secret of key "k" is empty; HS256 needs at least 32 bytes`},
		{name: "31 bytes", secret: randomBytes(31), want: `key invalid: HMAC secret of key "k" is 31 bytes; HS256 needs at least 32 (RFC 7518 §3.2)`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			key := HMACKey("k", tt.secret)
			if err := key.Err(); !errors.Is(err, ErrKeyInvalid) || err.Error() != tt.want {
				t.Errorf("Err() = %v, want %q", err, tt.want)
			}
			_, err := StaticKeys(key).LookupKey(context.Background(), "k", "HS256")
			if !errors.Is(err, ErrKeyInvalid) || err.Error() != tt.want {
				t.Errorf("LookupKey error = %v, want %q", err, tt.want)
			}

			token := signedToken(t, "HS256", `{"alg":"HS256","kid":"k"}`, `{}`, append([]byte{0}, tt.secret...))
			v := NewVerifier(StaticKeys(key), fixedClock(testNow))
			err = v.Verify(context.Background(), token, hsRules(), new(testClaims))
			wantRejected(t, err, ErrKeyInvalid, "kid")

			if _, err := NewSigner("HS256", "k", tt.secret); !errors.Is(err, ErrKeyInvalid) {
				t.Errorf("NewSigner error = %v, want ErrKeyInvalid", err)
			}
		})
	}
}

func TestHS512With32ByteSecretRejected(t *testing.T) {
	secret := randomBytes(32)
	key := HMACKey("k", secret)
	token := signedToken(t, "HS512", `{"alg":"HS512","kid":"k"}`, `{}`, secret)
	rules := &Rules{Contract: "Test", Version: 1, Algorithms: []string{"HS512"}}
	const want = `key invalid: HMAC secret of key "k" is 32 bytes; HS512 needs at least 64 (RFC 7518 §3.2)`

	v := NewVerifier(StaticKeys(key), fixedClock(testNow))
	err := v.Verify(context.Background(), token, rules, new(testClaims))
	wantRejected(t, err, ErrKeyInvalid, "kid")

	// A KeySource that skips SelectKey still meets the check in the
	// signature layer.
	v = NewVerifier(anyKey{key}, fixedClock(testNow))
	err = v.Verify(context.Background(), token, rules, new(testClaims))
	wantRejected(t, err, ErrKeyInvalid, "signature")
	if got := validationErrors(err)[0].Detail; got != want {
		t.Errorf("detail = %q, want %q", got, want)
	}

	if _, err := NewSigner("HS512", "k", secret); !errors.Is(err, ErrKeyInvalid) || err.Error() != want {
		t.Errorf("NewSigner error = %v, want %q", err, want)
	}
}

// anyKey is a KeySource that returns its key for every lookup.
type anyKey struct{ key Key }

func (s anyKey) LookupKey(context.Context, string, string) (Key, error) { return s.key, nil }

func TestECDSADERSignatureRejected(t *testing.T) {
	key, err := PublicKey("", p256Key())
	if err != nil {
		t.Fatal(err)
	}
	v := NewVerifier(StaticKeys(key), fixedClock(testNow))
	rules := &Rules{Contract: "Test", Version: 1, Algorithms: []string{"ES256"}}

	input := b64(`{"alg":"ES256"}`) + "." + b64(`{"sub":"alice"}`)
	digest := sha256.Sum256([]byte(input))
	der, err := ecdsa.SignASN1(rand.Reader, p256Key(), digest[:])
	if err != nil {
		t.Fatal(err)
	}
	err = v.Verify(context.Background(), input+"."+base64.RawURLEncoding.EncodeToString(der), rules, new(testClaims))
	wantRejected(t, err, jwt.ErrTokenSignatureInvalid, "signature")
	if !strings.Contains(err.Error(), "ES256 signature is ") || !strings.Contains(err.Error(), "bytes, expected 64 (r||s)") {
		t.Errorf("message %q does not name the expected r||s length", err)
	}

	raw := signedToken(t, "ES256", `{"alg":"ES256"}`, `{"sub":"alice"}`, p256Key())
	wantAccepted(t, v.Verify(context.Background(), raw, rules, new(testClaims)))
}

func TestStrictBase64urlRejected(t *testing.T) {
	good := hsToken(t, `{"alg":"HS256"}`, `{"sub":"alice"}`)
	header, rest, _ := strings.Cut(good, ".")
	payload, sig, _ := strings.Cut(rest, ".")

	tests := []struct {
		name  string
		token string
	}{
		{name: "padding", token: header + "." + payload + "=." + sig},
		{name: "plus", token: header + "." + payload + "." + "+" + sig[1:]},
		{name: "slash", token: header + "." + payload + "." + "/" + sig[1:]},
		{name: "question mark", token: header + "." + "?" + payload[1:] + "." + sig},
		{name: "line break", token: header + "." + payload[:4] + "\n" + payload[4:] + "." + sig},
		{name: "space", token: header + " ." + payload + "." + sig},
		{name: "non-zero trailing bits", token: header + "." + withTrailingBits(t, `{"sub":"a"}`) + "." + sig},
		{name: "two segments", token: header + "." + payload},
		{name: "four segments", token: good + "." + sig},
		{name: "empty payload", token: header + ".." + sig},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			wantRejected(t, verifyHS(t, tt.token, hsRules()), jwt.ErrTokenMalformed, "malformed")
		})
	}
	wantAccepted(t, verifyHS(t, good, hsRules()))
}

// withTrailingBits encodes s, whose length is not a multiple of 3, with
// the unused low bits of the last character set. A lenient decoder still
// returns s.
func withTrailingBits(t *testing.T, s string) string {
	t.Helper()
	const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
	enc := b64(s)
	last := strings.IndexByte(alphabet, enc[len(enc)-1])
	enc = enc[:len(enc)-1] + string(alphabet[last|1])
	if decoded, err := base64.RawURLEncoding.DecodeString(enc); err != nil || string(decoded) != s {
		t.Fatalf("lenient decoding of %q = %q, %v; want %q", enc, decoded, err, s)
	}
	return enc
}
