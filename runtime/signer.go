package runtime

import (
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/rsa"
	"crypto/x509"
	"encoding/pem"
	"fmt"
	"slices"
)

// Signer signs tokens with one private key or secret.
type Signer interface {
	// Algorithm returns the JWS "alg" of the signatures.
	Algorithm() string
	// KeyID returns the "kid" written into headers, or "" for none.
	KeyID() string
	// Sign returns the signature of the JWS signing input.
	Sign(signingInput []byte) ([]byte, error)
}

// signer signs with one of golang-jwt's signing methods.
type signer struct {
	alg *algorithm
	kid string
	key any
	// size is the signature length in bytes.
	size int
}

func (s *signer) Algorithm() string { return s.alg.name }
func (s *signer) KeyID() string     { return s.kid }

func (s *signer) Sign(signingInput []byte) ([]byte, error) {
	return s.alg.method.Sign(string(signingInput), s.key)
}

// signatureSize returns the length of every signature s makes.
func (s *signer) signatureSize() int { return s.size }

// NewSigner returns a Signer for the JWS algorithm alg whose headers name
// kid. The key must match alg:
//
//   - HS256, HS384, HS512: a []byte secret of at least 32, 48 or 64 bytes
//     (RFC 7518 §3.2), which is copied;
//   - RS256, RS384, RS512, PS256, PS384, PS512: an *rsa.PrivateKey of at
//     least MinRSABits bits;
//   - ES256, ES384, ES512: an *ecdsa.PrivateKey on P-256, P-384 or P-521;
//   - EdDSA: an ed25519.PrivateKey.
//
// PS* signatures use a salt as long as the hash (RFC 7518 §3.5). "none" in
// any letter case and unknown algorithms are errors wrapping
// ErrAlgorithmNotAllowed; unsuitable keys are errors wrapping ErrKeyInvalid.
func NewSigner(alg, kid string, key any) (Signer, error) {
	if isNone(alg) {
		return nil, fmt.Errorf("%w: alg %q never signs", ErrAlgorithmNotAllowed, alg)
	}
	a := lookupAlgorithm(alg)
	if a == nil {
		return nil, fmt.Errorf("%w: %q is not a supported algorithm", ErrAlgorithmNotAllowed, alg)
	}
	s := &signer{alg: a, kid: kid}

	switch a.family {
	case familyHMAC:
		secret, ok := key.([]byte)
		if !ok {
			return nil, wrongKeyType(a, "a []byte secret", key)
		}
		if err := checkHMACSecret(Key{id: kid, secret: secret}, a); err != nil {
			return nil, err
		}
		s.key, s.size = slices.Clone(secret), a.hash.Size()
	case familyRSA:
		k, ok := key.(*rsa.PrivateKey)
		if !ok || k == nil {
			return nil, wrongKeyType(a, "an *rsa.PrivateKey", key)
		}
		if err := checkRSAPublicKey(&k.PublicKey); err != nil {
			return nil, err
		}
		s.key, s.size = k, k.Size()
	case familyEC:
		k, ok := key.(*ecdsa.PrivateKey)
		if !ok || k == nil {
			return nil, wrongKeyType(a, "an *ecdsa.PrivateKey", key)
		}
		curve, err := checkECDSAPublicKey(&k.PublicKey)
		if err != nil {
			return nil, err
		}
		if curve != a.curve {
			return nil, fmt.Errorf("%w: %s needs a key on %s, not %s", ErrKeyInvalid, a.name, a.curve, curve)
		}
		s.key, s.size = k, 2*a.size
	case familyEd25519:
		k, ok := key.(ed25519.PrivateKey)
		if !ok {
			return nil, wrongKeyType(a, "an ed25519.PrivateKey", key)
		}
		if len(k) != ed25519.PrivateKeySize {
			return nil, fmt.Errorf("%w: Ed25519 private key is %d bytes, expected %d", ErrKeyInvalid, len(k), ed25519.PrivateKeySize)
		}
		s.key, s.size = k, ed25519.SignatureSize
	}
	return s, nil
}

func wrongKeyType(a *algorithm, want string, got any) error {
	return fmt.Errorf("%w: %s needs %s, got %T", ErrKeyInvalid, a.name, want, got)
}

// SignerFromPEM returns a Signer for alg from the first PEM block of
// pemBytes: a PKCS #1 "RSA PRIVATE KEY", a PKCS #8 "PRIVATE KEY" or a SEC 1
// "EC PRIVATE KEY". Encrypted PEM blocks are not supported. HMAC secrets
// are not PEM: pass them to NewSigner as a []byte.
func SignerFromPEM(alg, kid string, pemBytes []byte) (Signer, error) {
	a := lookupAlgorithm(alg)
	if a == nil {
		// NewSigner returns the error for "none" and unknown algorithms.
		return NewSigner(alg, kid, nil)
	}
	if a.family == familyHMAC {
		return nil, fmt.Errorf("%w: %s takes an HMAC secret, which is not PEM; pass it to NewSigner", ErrKeyInvalid, alg)
	}
	block, _ := pem.Decode(pemBytes)
	if block == nil {
		return nil, fmt.Errorf("%w: no PEM block found", ErrKeyInvalid)
	}

	var key any
	var err error
	switch block.Type {
	case "RSA PRIVATE KEY":
		key, err = x509.ParsePKCS1PrivateKey(block.Bytes)
	case "PRIVATE KEY":
		key, err = x509.ParsePKCS8PrivateKey(block.Bytes)
	case "EC PRIVATE KEY":
		key, err = x509.ParseECPrivateKey(block.Bytes)
	default:
		return nil, fmt.Errorf("%w: PEM block type %q is not a private key", ErrKeyInvalid, block.Type)
	}
	if err != nil {
		return nil, fmt.Errorf("%w: %s block: %w", ErrKeyInvalid, block.Type, err)
	}
	return NewSigner(alg, kid, key)
}
