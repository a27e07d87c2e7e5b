package runtime

import (
	"bytes"
	"crypto/x509"
	"errors"
	"testing"
)

func TestNewSignerErrors(t *testing.T) {
	tests := []struct {
		name     string
		alg      string
		key      any
		sentinel error
		want     string
	}{
		{name: "none", alg: "none", key: hmacSecret(), sentinel: ErrAlgorithmNotAllowed, want: `algorithm not allowed: alg "none" never signs`},
		{name: "None", alg: "None", key: hmacSecret(), sentinel: ErrAlgorithmNotAllowed, want: `algorithm not allowed: alg "None" never signs`},
		{name: "NONE", alg: "NONE", key: nil, sentinel: ErrAlgorithmNotAllowed, want: `algorithm not allowed: alg "NONE" never signs`},
		{name: "unknown", alg: "ES256K", key: p256Key(), sentinel: ErrAlgorithmNotAllowed, want: `algorithm not allowed: "ES256K" is not a supported algorithm`},
		{name: "lower case", alg: "hs256", key: hmacSecret(), sentinel: ErrAlgorithmNotAllowed, want: `algorithm not allowed: "hs256" is not a supported algorithm`},
		{name: "HMAC with RSA key", alg: "HS256", key: rsaKey(), sentinel: ErrKeyInvalid, want: "key invalid: HS256 needs a []byte secret, got *rsa.PrivateKey"},
		{name: "RSA with secret", alg: "RS256", key: hmacSecret(), sentinel: ErrKeyInvalid, want: "key invalid: RS256 needs an *rsa.PrivateKey, got []uint8"},
		{name: "RSA public key", alg: "PS256", key: &rsaKey().PublicKey, sentinel: ErrKeyInvalid, want: "key invalid: PS256 needs an *rsa.PrivateKey, got *rsa.PublicKey"},
		{name: "curve mismatch", alg: "ES384", key: p256Key(), sentinel: ErrKeyInvalid, want: "key invalid: ES384 needs a key on P-384, not P-256"},
		{name: "Ed25519 public key", alg: "EdDSA", key: edKey().Public(), sentinel: ErrKeyInvalid, want: "key invalid: EdDSA needs an ed25519.PrivateKey, got ed25519.PublicKey"},
		{name: "empty secret", alg: "HS256", key: []byte{}, sentinel: ErrKeyInvalid, want: "key invalid: HMAC secret of key without kid is empty; HS256 needs at least 32 bytes"},
		{name: "HS384 short secret", alg: "HS384", key: randomBytes(47), sentinel: ErrKeyInvalid, want: "key invalid: HMAC secret of key without kid is 47 bytes; HS384 needs at least 48 (RFC 7518 §3.2)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := NewSigner(tt.alg, "", tt.key)
			if !errors.Is(err, tt.sentinel) || err.Error() != tt.want {
				t.Errorf("error = %v, want %q wrapping %v", err, tt.want, tt.sentinel)
			}
		})
	}
}

func TestNewSignerCopiesSecret(t *testing.T) {
	secret := bytes.Clone(hmacSecret())
	signer, err := NewSigner("HS256", "", secret)
	if err != nil {
		t.Fatal(err)
	}
	before, _ := signer.Sign([]byte("input"))
	secret[0] ^= 0xff
	after, _ := signer.Sign([]byte("input"))
	if !bytes.Equal(before, after) {
		t.Error("changing the caller's secret changed the signer")
	}
}

func TestSignerFromPEM(t *testing.T) {
	pkcs8 := func(key any) []byte {
		der, err := x509.MarshalPKCS8PrivateKey(key)
		if err != nil {
			t.Fatal(err)
		}
		return pemBlock(t, "PRIVATE KEY", der)
	}
	sec1, err := x509.MarshalECPrivateKey(p384Key())
	if err != nil {
		t.Fatal(err)
	}

	tests := []struct {
		name string
		alg  string
		pem  []byte
		pub  any
	}{
		{name: "PKCS1 RSA", alg: "RS256", pem: pemBlock(t, "RSA PRIVATE KEY", x509.MarshalPKCS1PrivateKey(rsaKey())), pub: rsaKey()},
		{name: "PKCS8 RSA", alg: "PS512", pem: pkcs8(rsaKey()), pub: rsaKey()},
		{name: "PKCS8 EC", alg: "ES256", pem: pkcs8(p256Key()), pub: p256Key()},
		{name: "SEC1 EC", alg: "ES384", pem: pemBlock(t, "EC PRIVATE KEY", sec1), pub: p384Key()},
		{name: "PKCS8 Ed25519", alg: "EdDSA", pem: pkcs8(edKey()), pub: edKey()},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			signer, err := SignerFromPEM(tt.alg, "k1", tt.pem)
			if err != nil {
				t.Fatal(err)
			}
			if signer.Algorithm() != tt.alg || signer.KeyID() != "k1" {
				t.Errorf("signer = %q %q, want %q k1", signer.Algorithm(), signer.KeyID(), tt.alg)
			}
			input := "header.payload"
			sig, err := signer.Sign([]byte(input))
			if err != nil {
				t.Fatal(err)
			}
			key, err := PublicKey("k1", tt.pub)
			if err != nil {
				t.Fatal(err)
			}
			if err := verifySignature(key, tt.alg, input, sig); err != nil {
				t.Errorf("signature does not verify: %v", err)
			}
		})
	}

	errorTests := []struct {
		name     string
		alg      string
		pem      []byte
		sentinel error
		want     string
	}{
		{name: "HMAC", alg: "HS256", pem: []byte("secret"), sentinel: ErrKeyInvalid, want: "key invalid: HS256 takes an HMAC secret, which is not PEM; pass it to NewSigner"},
		{name: "none", alg: "none", pem: pkcs8(p256Key()), sentinel: ErrAlgorithmNotAllowed, want: `algorithm not allowed: alg "none" never signs`},
		{name: "public key", alg: "ES256", pem: pkixPEM(t, &p256Key().PublicKey), sentinel: ErrKeyInvalid, want: `key invalid: PEM block type "PUBLIC KEY" is not a private key`},
		{name: "no PEM", alg: "ES256", pem: []byte("x"), sentinel: ErrKeyInvalid, want: "key invalid: no PEM block found"},
		{name: "wrong curve", alg: "ES512", pem: pkcs8(p256Key()), sentinel: ErrKeyInvalid, want: "key invalid: ES512 needs a key on P-521, not P-256"},
	}
	for _, tt := range errorTests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := SignerFromPEM(tt.alg, "k1", tt.pem)
			if !errors.Is(err, tt.sentinel) || err.Error() != tt.want {
				t.Errorf("error = %v, want %q", err, tt.want)
			}
		})
	}
}
