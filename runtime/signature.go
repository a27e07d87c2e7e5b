package runtime

import (
	"crypto"
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/hmac"
	"crypto/rsa"
	"crypto/sha256"
	"crypto/sha512"
	"fmt"
	"hash"
	"math/big"
	"sync"
	"unsafe"

	"github.com/golang-jwt/jwt/v5"
)

// pssVerifyOptions requires the PSS salt to be as long as the hash output,
// as RFC 7518 §3.5 specifies. golang-jwt v5.3.1 verifies PS* with
// rsa.PSSSaltLengthAuto, which accepts any salt length.
var pssVerifyOptions = rsa.PSSOptions{SaltLength: rsa.PSSSaltLengthEqualsHash}

// verifySignature checks sig over signingInput with key for the JWS
// algorithm alg. It repeats the family, curve, pinned-algorithm and use
// checks of SelectKey, because a KeySource other than StaticKeys may return
// any key. Failures wrap jwt.ErrTokenSignatureInvalid, ErrKeyInvalid for
// an unusable key, or ErrAlgorithmNotAllowed for an unsupported alg.
func verifySignature(key Key, alg, signingInput string, sig []byte) error {
	a := lookupAlgorithm(alg)
	if a == nil {
		return fmt.Errorf("%w: %q is not a supported algorithm", ErrAlgorithmNotAllowed, clip(alg))
	}
	if key.err != nil {
		return key.err
	}
	if err := keyServes(key, a); err != nil {
		return fmt.Errorf("%w: %w", jwt.ErrTokenSignatureInvalid, err)
	}

	input := unsafe.Slice(unsafe.StringData(signingInput), len(signingInput))
	var err error
	switch a.family {
	case familyHMAC:
		if err := checkHMACSecret(key, a); err != nil {
			return err
		}
		err = verifyHMAC(key.secret, a, input, sig)
	case familyRSA:
		pub, ok := key.public.(*rsa.PublicKey)
		if !ok {
			return fmt.Errorf("%w: RSA key contains a %T, not an RSA public key", ErrKeyInvalid, key.public)
		}
		var buf [sha512.Size]byte
		d := digest(a.hash, input, &buf)
		if a.pss {
			err = rsa.VerifyPSS(pub, a.hash, d, sig, &pssVerifyOptions)
		} else {
			err = rsa.VerifyPKCS1v15(pub, a.hash, d, sig)
		}
	case familyEC:
		pub, ok := key.public.(*ecdsa.PublicKey)
		if !ok {
			return fmt.Errorf("%w: EC key contains a %T, not an ECDSA public key", ErrKeyInvalid, key.public)
		}
		// JWS ECDSA signatures are r and s as fixed-size big-endian
		// integers (RFC 7518 §3.4), never DER.
		if len(sig) != 2*a.size {
			return fmt.Errorf("%w: %s signature is %d bytes, expected %d (r||s)", jwt.ErrTokenSignatureInvalid, a.name, len(sig), 2*a.size)
		}
		var buf [sha512.Size]byte
		d := digest(a.hash, input, &buf)
		r := new(big.Int).SetBytes(sig[:a.size])
		s := new(big.Int).SetBytes(sig[a.size:])
		if !ecdsa.Verify(pub, d, r, s) {
			err = jwt.ErrECDSAVerification
		}
	case familyEd25519:
		pub, ok := key.public.(ed25519.PublicKey)
		if !ok {
			return fmt.Errorf("%w: Ed25519 key contains a %T, not an Ed25519 public key", ErrKeyInvalid, key.public)
		}
		if len(pub) != ed25519.PublicKeySize {
			return fmt.Errorf("%w: Ed25519 key is %d bytes, expected %d", ErrKeyInvalid, len(pub), ed25519.PublicKeySize)
		}
		if !ed25519.Verify(pub, input, sig) {
			err = jwt.ErrEd25519Verification
		}
	}
	if err != nil {
		return fmt.Errorf("%w: %w", jwt.ErrTokenSignatureInvalid, err)
	}
	return nil
}

// verifyHMAC compares sig with the HMAC of input under secret in constant
// time.
func verifyHMAC(secret []byte, a *algorithm, input, sig []byte) error {
	mac := getHMAC(secret, a)
	mac.Write(input)
	ok := hmac.Equal(mac.Sum(mac.sum[:0]), sig)
	putHMAC(mac)
	if !ok {
		return jwt.ErrSignatureInvalid
	}
	return nil
}

// keyedHMAC is an HMAC state with the secret and algorithm it was made
// for.
type keyedHMAC struct {
	hash.Hash
	// secret is the key's own slice, not a copy: it identifies the key by
	// the address of its bytes and keeps them from being reused while the
	// state exists.
	secret []byte
	alg    *algorithm
	// sum receives the HMAC, so that it needs no allocation of its own.
	sum [sha512.Size]byte
}

// hmacPool keeps HMAC states between verifications, because hmac.New
// allocates several objects. A state is reused only for the same secret
// and algorithm. With one HMAC key most verifications reuse a state; with
// several, a state made for another key is dropped and a new one made.
var hmacPool sync.Pool

func getHMAC(secret []byte, a *algorithm) *keyedHMAC {
	if m, ok := hmacPool.Get().(*keyedHMAC); ok {
		if m.alg == a && len(m.secret) == len(secret) && unsafe.SliceData(m.secret) == unsafe.SliceData(secret) {
			m.Reset()
			return m
		}
	}
	return &keyedHMAC{Hash: hmac.New(a.hash.New, secret), secret: secret, alg: a}
}

func putHMAC(m *keyedHMAC) {
	hmacPool.Put(m)
}

// digest returns the hash h of data, computed into buf without allocating
// for SHA-256, SHA-384 and SHA-512.
func digest(h crypto.Hash, data []byte, buf *[sha512.Size]byte) []byte {
	switch h {
	case crypto.SHA256:
		sum := sha256.Sum256(data)
		return buf[:copy(buf[:], sum[:])]
	case crypto.SHA384:
		sum := sha512.Sum384(data)
		return buf[:copy(buf[:], sum[:])]
	case crypto.SHA512:
		sum := sha512.Sum512(data)
		return buf[:copy(buf[:], sum[:])]
	}
	hasher := h.New()
	hasher.Write(data)
	return hasher.Sum(buf[:0])
}
