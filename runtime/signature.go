package runtime

import (
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/rsa"
	"fmt"

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

	var err error
	switch a.family {
	case familyHMAC:
		if err := checkHMACSecret(key, a); err != nil {
			return err
		}
		err = a.method.Verify(signingInput, sig, key.secret)
	case familyRSA:
		pub, ok := key.public.(*rsa.PublicKey)
		if !ok {
			return fmt.Errorf("%w: RSA key holds %T", ErrKeyInvalid, key.public)
		}
		if a.pss {
			err = verifyPSS(pub, a, signingInput, sig)
		} else {
			err = a.method.Verify(signingInput, sig, pub)
		}
	case familyEC:
		pub, ok := key.public.(*ecdsa.PublicKey)
		if !ok {
			return fmt.Errorf("%w: EC key holds %T", ErrKeyInvalid, key.public)
		}
		// JWS ECDSA signatures are r and s as fixed-size big-endian
		// integers (RFC 7518 §3.4), never DER.
		if len(sig) != 2*a.size {
			return fmt.Errorf("%w: %s signature is %d bytes, expected %d (r||s)", jwt.ErrTokenSignatureInvalid, a.name, len(sig), 2*a.size)
		}
		err = a.method.Verify(signingInput, sig, pub)
	case familyEd25519:
		pub, ok := key.public.(ed25519.PublicKey)
		if !ok {
			return fmt.Errorf("%w: Ed25519 key holds %T", ErrKeyInvalid, key.public)
		}
		err = a.method.Verify(signingInput, sig, pub)
	}
	if err != nil {
		return fmt.Errorf("%w: %w", jwt.ErrTokenSignatureInvalid, err)
	}
	return nil
}

// verifyPSS checks an RSASSA-PSS signature whose MGF1 hash and salt length
// equal the hash of a.
func verifyPSS(pub *rsa.PublicKey, a *algorithm, signingInput string, sig []byte) error {
	h := a.hash.New()
	h.Write([]byte(signingInput))
	return rsa.VerifyPSS(pub, a.hash, h.Sum(nil), sig, &pssVerifyOptions)
}
