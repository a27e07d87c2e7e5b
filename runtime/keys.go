package runtime

import (
	"context"
	"crypto"
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/rsa"
	"crypto/x509"
	"encoding/pem"
	"fmt"
	"slices"
)

// Minimum key sizes enforced when keys are loaded.
const (
	// MinRSABits is the smallest RSA modulus, in bits, that this package
	// loads or signs with.
	MinRSABits = 2048
	// MinHMACSecret is the shortest HMAC secret, in bytes, that this package
	// loads. HS384 and HS512 need at least 48 and 64 bytes (RFC 7518 §3.2).
	MinHMACSecret = 32
)

// Key is one verification key: a public key or an HMAC secret, with its key
// ID and the algorithm family it serves. The zero Key verifies nothing.
type Key struct {
	id string
	// alg is the one algorithm the key may verify (a JWK "alg"), or empty
	// when any algorithm of its family may use it.
	alg    string
	family keyFamily
	// curve is the curve name ("P-256", "P-384", "P-521") of an EC key.
	curve  string
	public crypto.PublicKey
	secret []byte
	// noVerify is set for keys whose JWK "use" or "key_ops" does not allow
	// signature verification. Such keys are kept but never selected.
	noVerify bool
	// err is a load error that every lookup of the key returns.
	err error
}

// ID returns the key ID ("kid"), which may be empty.
func (k Key) ID() string { return k.id }

// Algorithm returns the one algorithm the key is limited to, from a JWK
// "alg" member, or "" when any algorithm of its family may use it.
func (k Key) Algorithm() string { return k.alg }

// Err returns the error found when the key was loaded, such as a short
// HMAC secret, or nil.
func (k Key) Err() error { return k.err }

// kind names the key's family and curve, such as "RSA" or "EC P-256".
func (k Key) kind() string {
	if k.family == familyEC {
		return "EC " + k.curve
	}
	return k.family.String()
}

// fits reports whether the key's family and curve are those of a.
func (k Key) fits(a *algorithm) bool {
	return k.family == a.family && (a.family != familyEC || k.curve == a.curve)
}

// describe names the key for error messages.
func (k Key) describe() string {
	if k.id == "" {
		return "key without kid"
	}
	return fmt.Sprintf("key %q", clip(k.id))
}

// KeySource finds the key that verifies a token.
type KeySource interface {
	// LookupKey returns the key for a token whose header names kid (empty
	// when absent) and alg. It returns an error wrapping ErrKeyNotFound
	// when no key fits.
	LookupKey(ctx context.Context, kid, alg string) (Key, error)
}

// PublicKeyFromPEM loads the first PEM block of pemBytes as a verification
// key with key ID kid. The block may be a PKIX public key ("PUBLIC KEY"), a
// PKCS #1 RSA public key ("RSA PUBLIC KEY") or an X.509 certificate
// ("CERTIFICATE"), whose public key is used. The key must be one that
// PublicKey accepts.
func PublicKeyFromPEM(kid string, pemBytes []byte) (Key, error) {
	block, _ := pem.Decode(pemBytes)
	if block == nil {
		return Key{}, fmt.Errorf("%w: no PEM block found", ErrKeyInvalid)
	}

	var pub any
	var err error
	switch block.Type {
	case "PUBLIC KEY":
		pub, err = x509.ParsePKIXPublicKey(block.Bytes)
	case "RSA PUBLIC KEY":
		pub, err = x509.ParsePKCS1PublicKey(block.Bytes)
	case "CERTIFICATE":
		var cert *x509.Certificate
		cert, err = x509.ParseCertificate(block.Bytes)
		if err == nil {
			pub = cert.PublicKey
		}
	default:
		return Key{}, fmt.Errorf("%w: PEM block type %q is not a public key or certificate (private keys go to SignerFromPEM)", ErrKeyInvalid, block.Type)
	}
	if err != nil {
		return Key{}, fmt.Errorf("%w: %s block: %w", ErrKeyInvalid, block.Type, err)
	}
	return PublicKey(kid, pub)
}

// PublicKey makes a verification key with key ID kid from a Go key value:
// *rsa.PublicKey with a modulus of at least MinRSABits, *ecdsa.PublicKey on
// P-256, P-384 or P-521, or ed25519.PublicKey. The matching private key
// types are accepted too, and only their public half is kept. HMAC secrets
// go through HMACKey.
func PublicKey(kid string, pub crypto.PublicKey) (Key, error) {
	switch k := pub.(type) {
	case *rsa.PrivateKey:
		if k == nil {
			return Key{}, fmt.Errorf("%w: nil RSA key", ErrKeyInvalid)
		}
		return PublicKey(kid, &k.PublicKey)
	case *ecdsa.PrivateKey:
		if k == nil {
			return Key{}, fmt.Errorf("%w: nil ECDSA key", ErrKeyInvalid)
		}
		return PublicKey(kid, &k.PublicKey)
	case ed25519.PrivateKey:
		if len(k) != ed25519.PrivateKeySize {
			return Key{}, fmt.Errorf("%w: Ed25519 private key is %d bytes, expected %d", ErrKeyInvalid, len(k), ed25519.PrivateKeySize)
		}
		return PublicKey(kid, k.Public())
	case *rsa.PublicKey:
		if err := checkRSAPublicKey(k); err != nil {
			return Key{}, err
		}
		return Key{id: kid, family: familyRSA, public: k}, nil
	case *ecdsa.PublicKey:
		curve, err := checkECDSAPublicKey(k)
		if err != nil {
			return Key{}, err
		}
		return Key{id: kid, family: familyEC, curve: curve, public: k}, nil
	case ed25519.PublicKey:
		if len(k) != ed25519.PublicKeySize {
			return Key{}, fmt.Errorf("%w: Ed25519 public key is %d bytes, expected %d", ErrKeyInvalid, len(k), ed25519.PublicKeySize)
		}
		return Key{id: kid, family: familyEd25519, public: slices.Clone(k)}, nil
	case []byte:
		return Key{}, fmt.Errorf("%w: a []byte is an HMAC secret; load it with HMACKey", ErrKeyInvalid)
	}
	return Key{}, fmt.Errorf("%w: unsupported key type %T", ErrKeyInvalid, pub)
}

// checkRSAPublicKey rejects nil keys, moduli under MinRSABits, public
// exponents that are even or below 3, and moduli with the ROCA weakness.
func checkRSAPublicKey(k *rsa.PublicKey) error {
	if k == nil || k.N == nil {
		return fmt.Errorf("%w: nil RSA key", ErrKeyInvalid)
	}
	if bits := k.N.BitLen(); bits < MinRSABits {
		return fmt.Errorf("%w: RSA key is %d bits; the minimum is %d", ErrKeyInvalid, bits, MinRSABits)
	}
	if k.E < 3 || k.E%2 == 0 {
		return fmt.Errorf("%w: RSA public exponent %d is not an odd number of at least 3", ErrKeyInvalid, k.E)
	}
	if hasROCAFingerprint(k.N) {
		return fmt.Errorf("%w: RSA modulus has the ROCA fingerprint (CVE-2017-15361), so its private key can be computed from it", ErrKeyInvalid)
	}
	return nil
}

// checkECDSAPublicKey returns the curve name of k after checking that the
// curve is one JWS uses and that the point is on it.
func checkECDSAPublicKey(k *ecdsa.PublicKey) (string, error) {
	if k == nil || k.Curve == nil {
		return "", fmt.Errorf("%w: nil ECDSA key", ErrKeyInvalid)
	}
	name := k.Curve.Params().Name
	switch name {
	case "P-256", "P-384", "P-521":
	default:
		return "", fmt.Errorf("%w: ECDSA curve %q is not P-256, P-384 or P-521", ErrKeyInvalid, name)
	}
	// ECDH validates the point: it fails for points off the curve and for
	// the point at infinity.
	if _, err := k.ECDH(); err != nil {
		return "", fmt.Errorf("%w: ECDSA public key: %w", ErrKeyInvalid, err)
	}
	return name, nil
}

// HMACKey makes a verification key with key ID kid from an HMAC secret,
// which it copies. A secret shorter than MinHMACSecret bytes, or empty,
// makes a key that every lookup rejects with an error wrapping
// ErrKeyInvalid. HS384 and HS512 tokens need secrets of at least 48 and 64
// bytes (RFC 7518 §3.2) and fail verification with a shorter one.
func HMACKey(kid string, secret []byte) Key {
	k := Key{id: kid, family: familyHMAC, secret: slices.Clone(secret)}
	k.err = checkHMACSecret(k, &algHS256)
	return k
}

// checkHMACSecret rejects secrets shorter than the hash output of alg.
func checkHMACSecret(k Key, alg *algorithm) error {
	n := len(k.secret)
	if n == 0 {
		return fmt.Errorf("%w: HMAC secret of %s is empty; %s needs at least %d bytes", ErrKeyInvalid, k.describe(), alg.name, alg.size)
	}
	if n < alg.size {
		return fmt.Errorf("%w: HMAC secret of %s is %d bytes; %s needs at least %d (RFC 7518 §3.2)", ErrKeyInvalid, k.describe(), n, alg.name, alg.size)
	}
	return nil
}
