package runtime

import (
	"context"
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/base64"
	"encoding/json"
	"encoding/pem"
	"errors"
	"math/big"
	"strings"
	"testing"
	"time"

	jose "github.com/go-jose/go-jose/v4"
	"github.com/golang-jwt/jwt/v5"
)

func pemBlock(t *testing.T, typ string, der []byte) []byte {
	t.Helper()
	return pem.EncodeToMemory(&pem.Block{Type: typ, Bytes: der})
}

func pkixPEM(t *testing.T, pub any) []byte {
	t.Helper()
	der, err := x509.MarshalPKIXPublicKey(pub)
	if err != nil {
		t.Fatal(err)
	}
	return pemBlock(t, "PUBLIC KEY", der)
}

// selfSignedCertPEM makes a certificate for the public half of priv.
func selfSignedCertPEM(t *testing.T, priv any, pub any) []byte {
	t.Helper()
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(1),
		Subject:      pkix.Name{CommonName: "jwtgen test"},
		NotBefore:    testNow.Add(-time.Hour),
		NotAfter:     testNow.Add(time.Hour),
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, pub, priv)
	if err != nil {
		t.Fatal(err)
	}
	return pemBlock(t, "CERTIFICATE", der)
}

// verifiesWith checks that a token signed by priv with alg verifies with key.
func verifiesWith(t *testing.T, key Key, alg string, priv any) {
	t.Helper()
	header := `{"alg":"` + alg + `"}`
	if key.ID() != "" {
		header = `{"alg":"` + alg + `","kid":"` + key.ID() + `"}`
	}
	token := signedToken(t, alg, header, `{"sub":"alice"}`, priv)
	v := NewVerifier(StaticKeys(key), fixedClock(testNow))
	rules := &Rules{Contract: "Test", Version: 1, Algorithms: []string{alg}}
	wantAccepted(t, v.Verify(context.Background(), token, rules, new(testClaims)))
}

func TestPublicKeyFromPEM(t *testing.T) {
	tests := []struct {
		name string
		pem  func(t *testing.T) []byte
		alg  string
		priv any
	}{
		{name: "PKIX RSA", pem: func(t *testing.T) []byte { return pkixPEM(t, &rsaKey().PublicKey) }, alg: "RS256", priv: rsaKey()},
		{name: "PKIX P-256", pem: func(t *testing.T) []byte { return pkixPEM(t, &p256Key().PublicKey) }, alg: "ES256", priv: p256Key()},
		{name: "PKIX P-521", pem: func(t *testing.T) []byte { return pkixPEM(t, &p521Key().PublicKey) }, alg: "ES512", priv: p521Key()},
		{name: "PKIX Ed25519", pem: func(t *testing.T) []byte { return pkixPEM(t, edKey().Public()) }, alg: "EdDSA", priv: edKey()},
		{
			name: "PKCS1 RSA",
			pem: func(t *testing.T) []byte {
				return pemBlock(t, "RSA PUBLIC KEY", x509.MarshalPKCS1PublicKey(&rsaKey().PublicKey))
			},
			alg: "PS384", priv: rsaKey(),
		},
		{
			name: "certificate RSA",
			pem:  func(t *testing.T) []byte { return selfSignedCertPEM(t, rsaKey(), &rsaKey().PublicKey) },
			alg:  "RS512", priv: rsaKey(),
		},
		{
			name: "certificate P-384",
			pem:  func(t *testing.T) []byte { return selfSignedCertPEM(t, p384Key(), &p384Key().PublicKey) },
			alg:  "ES384", priv: p384Key(),
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			key, err := PublicKeyFromPEM("k1", tt.pem(t))
			if err != nil {
				t.Fatal(err)
			}
			if key.ID() != "k1" {
				t.Errorf("ID() = %q, want k1", key.ID())
			}
			verifiesWith(t, key, tt.alg, tt.priv)
		})
	}
}

func TestPublicKeyFromPEMErrors(t *testing.T) {
	privDER, err := x509.MarshalPKCS8PrivateKey(p256Key())
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		pem  []byte
		want string
	}{
		{name: "no PEM", pem: []byte("not pem"), want: "key invalid: no PEM block found"},
		{name: "private key", pem: pemBlock(t, "PRIVATE KEY", privDER), want: `key invalid: PEM block type "PRIVATE KEY" is not a public key or certificate (private keys go to SignerFromPEM)`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := PublicKeyFromPEM("k", tt.pem)
			if !errors.Is(err, ErrKeyInvalid) || err.Error() != tt.want {
				t.Errorf("error = %v, want %q", err, tt.want)
			}
		})
	}

	t.Run("bad DER", func(t *testing.T) {
		_, err := PublicKeyFromPEM("k", pemBlock(t, "PUBLIC KEY", []byte{1, 2, 3}))
		if !errors.Is(err, ErrKeyInvalid) || !strings.HasPrefix(err.Error(), "key invalid: PUBLIC KEY block: ") {
			t.Errorf("error = %v, want a PUBLIC KEY block error wrapping ErrKeyInvalid", err)
		}
	})
}

func TestPublicKeyFromGoValue(t *testing.T) {
	p224, err := ecdsa.GenerateKey(elliptic.P224(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name    string
		key     any
		alg     string
		priv    any
		wantErr string
	}{
		{name: "RSA private", key: rsaKey(), alg: "RS256", priv: rsaKey()},
		{name: "EC private", key: p384Key(), alg: "ES384", priv: p384Key()},
		{name: "Ed25519 private", key: edKey(), alg: "EdDSA", priv: edKey()},
		{name: "Ed25519 public", key: edKey().Public(), alg: "EdDSA", priv: edKey()},
		{name: "P-224", key: &p224.PublicKey, wantErr: `key invalid: ECDSA curve "P-224" is not P-256, P-384 or P-521`},
		{name: "secret", key: []byte("secret"), wantErr: "key invalid: a []byte is an HMAC secret; load it with HMACKey"},
		{name: "string", key: "secret", wantErr: "key invalid: unsupported key type string"},
		{name: "short Ed25519", key: ed25519.PublicKey{1, 2}, wantErr: "key invalid: Ed25519 public key is 2 bytes, expected 32"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			key, err := PublicKey("k1", tt.key)
			if tt.wantErr != "" {
				if !errors.Is(err, ErrKeyInvalid) || err.Error() != tt.wantErr {
					t.Fatalf("error = %v, want %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			verifiesWith(t, key, tt.alg, tt.priv)
		})
	}

	t.Run("point off the curve", func(t *testing.T) {
		pub := p256Key().PublicKey
		pub.Y = new(big.Int).Add(pub.Y, big.NewInt(1))
		_, err := PublicKey("k1", &pub)
		if !errors.Is(err, ErrKeyInvalid) {
			t.Fatalf("error = %v, want ErrKeyInvalid", err)
		}
	})
}

func jwkJSON(t *testing.T, k jose.JSONWebKey) string {
	t.Helper()
	b, err := json.Marshal(k)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestKeyFromJWK(t *testing.T) {
	tests := []struct {
		name string
		jwk  func(t *testing.T) string
		alg  string
		priv any
	}{
		{name: "RSA public", jwk: func(t *testing.T) string {
			return jwkJSON(t, jose.JSONWebKey{Key: &rsaKey().PublicKey, KeyID: "r1", Use: "sig"})
		}, alg: "PS256", priv: rsaKey()},
		{name: "RSA private uses public half", jwk: func(t *testing.T) string {
			return jwkJSON(t, jose.JSONWebKey{Key: rsaKey(), KeyID: "r1", Algorithm: "RS256"})
		}, alg: "RS256", priv: rsaKey()},
		{name: "EC P-256", jwk: func(t *testing.T) string {
			return jwkJSON(t, jose.JSONWebKey{Key: &p256Key().PublicKey, KeyID: "e1"})
		}, alg: "ES256", priv: p256Key()},
		{name: "OKP Ed25519", jwk: func(t *testing.T) string {
			return jwkJSON(t, jose.JSONWebKey{Key: edKey().Public(), KeyID: "d1"})
		}, alg: "EdDSA", priv: edKey()},
		{name: "oct", jwk: func(t *testing.T) string {
			return jwkJSON(t, jose.JSONWebKey{Key: hmacSecret(), KeyID: "h1", Algorithm: "HS512"})
		}, alg: "HS512", priv: hmacSecret()},
		{name: "key_ops verify", jwk: func(t *testing.T) string {
			return `{"kty":"oct","kid":"h1","key_ops":["sign","verify"],"k":"` + base64.RawURLEncoding.EncodeToString(hmacSecret()) + `"}`
		}, alg: "HS256", priv: hmacSecret()},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			key, err := KeyFromJWK([]byte(tt.jwk(t)))
			if err != nil {
				t.Fatal(err)
			}
			verifiesWith(t, key, tt.alg, tt.priv)
		})
	}
}

func TestKeyFromJWKErrors(t *testing.T) {
	secret := func(n int) string { return base64.RawURLEncoding.EncodeToString(randomBytes(n)) }
	tests := []struct {
		name string
		jwk  string
		want string
	}{
		{name: "short oct", jwk: `{"kty":"oct","kid":"h","k":"` + secret(16) + `"}`, want: `key invalid: HMAC secret of key "h" is 16 bytes; HS256 needs at least 32 (RFC 7518 §3.2)`},
		{name: "empty oct", jwk: `{"kty":"oct","kid":"h","k":""}`, want: `key invalid: HMAC secret of key "h" is empty; HS256 needs at least 32 bytes`},
		{name: "alg of another family", jwk: jwkJSON(t, jose.JSONWebKey{Key: &p256Key().PublicKey, KeyID: "e", Algorithm: "RS256"}), want: `key invalid: JWK key "e" (EC P-256) has alg "RS256", which needs another key type`},
		{name: "alg of another curve", jwk: jwkJSON(t, jose.JSONWebKey{Key: &p256Key().PublicKey, KeyID: "e", Algorithm: "ES384"}), want: `key invalid: JWK key "e" (EC P-256) has alg "ES384", which needs another key type`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := KeyFromJWK([]byte(tt.jwk))
			if !errors.Is(err, ErrKeyInvalid) || err.Error() != tt.want {
				t.Errorf("error = %v, want %q", err, tt.want)
			}
		})
	}

	others := []struct {
		name string
		jwk  string
	}{
		{name: "unknown kty", jwk: `{"kty":"XYZ","kid":"x"}`},
		{name: "X25519", jwk: `{"kty":"OKP","crv":"X25519","x":"hSDwCYkwp1R0i33ctD73Wg2_Og0mOBr066SpjqqbTmo"}`},
		{name: "EC off the curve", jwk: offCurveJWK(t)},
		{name: "not JSON", jwk: `{`},
	}
	for _, tt := range others {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := KeyFromJWK([]byte(tt.jwk)); !errors.Is(err, ErrKeyInvalid) {
				t.Errorf("error = %v, want ErrKeyInvalid", err)
			}
		})
	}
}

// offCurveJWK returns a P-256 JWK whose y coordinate is off the curve.
func offCurveJWK(t *testing.T) string {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal([]byte(jwkJSON(t, jose.JSONWebKey{Key: &p256Key().PublicKey})), &m); err != nil {
		t.Fatal(err)
	}
	y, _ := base64.RawURLEncoding.DecodeString(m["y"].(string))
	y[len(y)-1] ^= 1
	m["y"] = base64.RawURLEncoding.EncodeToString(y)
	b, _ := json.Marshal(m)
	return string(b)
}

func TestKeysFromJWKS(t *testing.T) {
	set := `{"keys":[` +
		jwkJSON(t, jose.JSONWebKey{Key: &rsaKey().PublicKey, KeyID: "rsa", Use: "sig"}) + "," +
		jwkJSON(t, jose.JSONWebKey{Key: &p256Key().PublicKey, KeyID: "p256"}) + "," +
		jwkJSON(t, jose.JSONWebKey{Key: &p384Key().PublicKey, KeyID: "p384"}) + "," +
		jwkJSON(t, jose.JSONWebKey{Key: edKey().Public(), KeyID: "ed"}) + "," +
		jwkJSON(t, jose.JSONWebKey{Key: &attackerRSAKey().PublicKey, KeyID: "enc", Use: "enc"}) + "]}"
	src, err := KeysFromJWKS([]byte(set))
	if err != nil {
		t.Fatal(err)
	}

	tests := []struct {
		name    string
		kid     string
		alg     string
		priv    any
		wantErr string
	}{
		{name: "RSA by kid", kid: "rsa", alg: "RS256", priv: rsaKey()},
		{name: "P-256 by kid", kid: "p256", alg: "ES256", priv: p256Key()},
		{name: "P-384 by kid", kid: "p384", alg: "ES384", priv: p384Key()},
		{name: "Ed25519 by kid", kid: "ed", alg: "EdDSA", priv: edKey()},
		{name: "Ed25519 without kid", alg: "EdDSA", priv: edKey()},
		{name: "ES384 without kid", alg: "ES384", priv: p384Key()},
		{name: "unknown kid", kid: "gone", alg: "RS256", priv: rsaKey(), wantErr: `key not found: no key has kid "gone"`},
		{name: "kid of another family", kid: "p256", alg: "RS256", priv: rsaKey(), wantErr: `key not found: key "p256" (EC P-256) cannot verify RS256`},
		{name: "kid of another curve", kid: "p256", alg: "ES384", priv: p384Key(), wantErr: `key not found: key "p256" (EC P-256) cannot verify ES384`},
		{name: "encryption key", kid: "enc", alg: "RS256", priv: attackerRSAKey(), wantErr: `key not found: key "enc" is not for signature verification (JWK use or key_ops)`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			header := `{"alg":"` + tt.alg + `"}`
			if tt.kid != "" {
				header = `{"alg":"` + tt.alg + `","kid":"` + tt.kid + `"}`
			}
			token := signedToken(t, tt.alg, header, `{}`, tt.priv)
			rules := &Rules{Contract: "Test", Version: 1, Algorithms: []string{tt.alg}}
			err := NewVerifier(src, fixedClock(testNow)).Verify(context.Background(), token, rules, new(testClaims))
			if tt.wantErr == "" {
				wantAccepted(t, err)
				return
			}
			wantRejected(t, err, ErrKeyNotFound, "kid")
			if got := validationErrors(err)[0].Detail; got != tt.wantErr {
				t.Errorf("detail = %q, want %q", got, tt.wantErr)
			}
		})
	}
}

func TestKeysFromJWKSErrors(t *testing.T) {
	oct := func(kid string) string {
		return jwkJSON(t, jose.JSONWebKey{Key: randomBytes(32), KeyID: kid})
	}
	tests := []struct {
		name string
		set  string
		want string
	}{
		{name: "no keys", set: `{"keys":[]}`, want: "key invalid: JWK set has no keys"},
		{name: "duplicate kid", set: `{"keys":[` + oct("a") + "," + oct("a") + `]}`, want: `key invalid: JWK set has two keys with kid "a"`},
		{
			name: "mixed oct and public",
			set:  `{"keys":[` + oct("a") + "," + jwkJSON(t, jose.JSONWebKey{Key: &p256Key().PublicKey, KeyID: "b"}) + `]}`,
			want: "key invalid: JWK set mixes 1 symmetric (oct) keys with 1 public keys",
		},
		{
			name: "short secret",
			set:  `{"keys":[{"kty":"oct","kid":"s","k":"c2hvcnQ"}]}`,
			want: `JWK set key 0: key invalid: HMAC secret of key "s" is 5 bytes; HS256 needs at least 32 (RFC 7518 §3.2)`,
		},
		{
			name: "small RSA",
			set:  `{"keys":[` + jwkJSON(t, jose.JSONWebKey{Key: &generateRSA(1024).PublicKey, KeyID: "r"}) + `]}`,
			want: "JWK set key 0: key invalid: RSA key is 1024 bits; the minimum is 2048",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := KeysFromJWKS([]byte(tt.set))
			if !errors.Is(err, ErrKeyInvalid) || err.Error() != tt.want {
				t.Errorf("error = %v, want %q", err, tt.want)
			}
		})
	}

	for _, set := range []string{`{"keys":[{"kty":"XYZ"}]}`, `{"keys":[` + offCurveJWK(t) + `]}`, `[]`} {
		if _, err := KeysFromJWKS([]byte(set)); !errors.Is(err, ErrKeyInvalid) {
			t.Errorf("KeysFromJWKS(%s) error = %v, want ErrKeyInvalid", set, err)
		}
	}
}

func TestSelectKeyWithoutKid(t *testing.T) {
	one, _ := PublicKey("a", p256Key())
	two, _ := PublicKey("b", generateEC(elliptic.P256()))
	ed, _ := PublicKey("c", edKey())

	key, err := SelectKey([]Key{one, ed}, "", "ES256")
	if err != nil || key.ID() != "a" {
		t.Errorf("one candidate: got key %q, error %v; want key a", key.ID(), err)
	}

	_, err = SelectKey([]Key{one, two, ed}, "", "ES256")
	const want = "key not found: the token has no kid and 2 keys fit ES256"
	if !errors.Is(err, ErrKeyNotFound) || err.Error() != want {
		t.Errorf("two candidates: error = %v, want %q", err, want)
	}

	_, err = SelectKey([]Key{ed}, "", "ES256")
	if !errors.Is(err, ErrKeyNotFound) || err.Error() != "key not found: the token has no kid and 0 keys fit ES256" {
		t.Errorf("no candidate: error = %v", err)
	}
}

func TestSelectKeyPinnedAlgorithm(t *testing.T) {
	pinned, err := KeyFromJWK([]byte(jwkJSON(t, jose.JSONWebKey{Key: &rsaKey().PublicKey, KeyID: "r", Algorithm: "RS256"})))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := SelectKey([]Key{pinned}, "r", "RS256"); err != nil {
		t.Errorf("RS256: %v", err)
	}

	_, err = SelectKey([]Key{pinned}, "r", "PS256")
	const want = `key not found: key "r" is limited to "RS256" and cannot verify PS256`
	if !errors.Is(err, ErrKeyNotFound) || err.Error() != want {
		t.Errorf("PS256: error = %v, want %q", err, want)
	}
	if _, err := SelectKey([]Key{pinned}, "", "PS256"); !errors.Is(err, ErrKeyNotFound) {
		t.Errorf("PS256 without kid: error = %v, want ErrKeyNotFound", err)
	}

	// The signature layer rejects the pinned key too.
	token := signedToken(t, "PS256", `{"alg":"PS256","kid":"r"}`, `{}`, rsaKey())
	rules := &Rules{Contract: "Test", Version: 1, Algorithms: []string{"PS256"}}
	err = NewVerifier(anyKey{pinned}, fixedClock(testNow)).Verify(context.Background(), token, rules, nil)
	wantRejected(t, err, jwt.ErrTokenSignatureInvalid, "signature")
}

func TestEncryptionKeyNeverVerifies(t *testing.T) {
	for _, jwk := range []string{
		jwkJSON(t, jose.JSONWebKey{Key: &p256Key().PublicKey, KeyID: "e", Use: "enc"}),
		`{"kty":"oct","kid":"e","key_ops":["encrypt"],"k":"` + base64.RawURLEncoding.EncodeToString(hmacSecret()) + `"}`,
	} {
		key, err := KeyFromJWK([]byte(jwk))
		if err != nil {
			t.Fatal(err)
		}
		alg, priv := "ES256", any(p256Key())
		if key.family == familyHMAC {
			alg, priv = "HS256", hmacSecret()
		}
		token := signedToken(t, alg, `{"alg":"`+alg+`","kid":"e"}`, `{}`, priv)
		rules := &Rules{Contract: "Test", Version: 1, Algorithms: []string{alg}}

		err = NewVerifier(StaticKeys(key), fixedClock(testNow)).Verify(context.Background(), token, rules, nil)
		wantRejected(t, err, ErrKeyNotFound, "kid")
		err = NewVerifier(anyKey{key}, fixedClock(testNow)).Verify(context.Background(), token, rules, nil)
		wantRejected(t, err, jwt.ErrTokenSignatureInvalid, "signature")
	}
}
