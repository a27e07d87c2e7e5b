package runtime

import (
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/rsa"
	"encoding/json"
	"fmt"
	"slices"

	jose "github.com/go-jose/go-jose/v4"
)

// keyOps holds the JWK "key_ops" member (RFC 7517 §4.3), which go-jose v4
// does not read.
type keyOps struct {
	KeyOps []string `json:"key_ops"`
}

// KeyFromJWK loads one JSON Web Key (RFC 7517) as a verification key. The
// key's "kid" becomes its key ID and its "alg", when present, limits it to
// that algorithm. A private RSA, EC or OKP key is accepted and only its
// public half is kept; an "oct" key is an HMAC secret. A key whose "use" is
// not "sig" or whose "key_ops" lacks "verify" is loaded but never verifies.
// RSA keys under MinRSABits, HMAC secrets under MinHMACSecret bytes, EC
// points off their curve and unknown key types are errors wrapping
// ErrKeyInvalid.
func KeyFromJWK(jwk []byte) (Key, error) {
	var jk jose.JSONWebKey
	if err := json.Unmarshal(jwk, &jk); err != nil {
		return Key{}, fmt.Errorf("%w: JWK: %w", ErrKeyInvalid, err)
	}
	var ops keyOps
	if err := json.Unmarshal(jwk, &ops); err != nil {
		return Key{}, fmt.Errorf("%w: JWK key_ops: %w", ErrKeyInvalid, err)
	}
	return keyFromJOSE(jk, ops.KeyOps)
}

// KeysFromJWKS loads a JSON Web Key Set (RFC 7517 §5) as a static key
// source. Every key must load as KeyFromJWK describes. The set is rejected
// when it has no keys, when two keys share a kid, or when it mixes HMAC
// secrets with public keys. A verifier holding both kinds could be led to
// check an RSA token with an HMAC secret.
func KeysFromJWKS(jwks []byte) (KeySource, error) {
	var set jose.JSONWebKeySet
	if err := json.Unmarshal(jwks, &set); err != nil {
		return nil, fmt.Errorf("%w: JWK set: %w", ErrKeyInvalid, err)
	}
	var ops struct {
		Keys []keyOps `json:"keys"`
	}
	if err := json.Unmarshal(jwks, &ops); err != nil {
		return nil, fmt.Errorf("%w: JWK set key_ops: %w", ErrKeyInvalid, err)
	}
	if len(set.Keys) == 0 {
		return nil, fmt.Errorf("%w: JWK set has no keys", ErrKeyInvalid)
	}

	keys := make([]Key, 0, len(set.Keys))
	for i, jk := range set.Keys {
		k, err := keyFromJOSE(jk, ops.Keys[i].KeyOps)
		if err != nil {
			return nil, fmt.Errorf("JWK set key %d: %w", i, err)
		}
		keys = append(keys, k)
	}
	if err := checkKeySet(keys); err != nil {
		return nil, err
	}
	return staticKeys(keys), nil
}

// checkKeySet rejects duplicate key IDs and sets that mix HMAC secrets
// with public keys.
func checkKeySet(keys []Key) error {
	seen := make(map[string]bool, len(keys))
	hmac, public := 0, 0
	for _, k := range keys {
		if k.id != "" {
			if seen[k.id] {
				return fmt.Errorf("%w: JWK set has two keys with kid %q", ErrKeyInvalid, clip(k.id))
			}
			seen[k.id] = true
		}
		if k.family == familyHMAC {
			hmac++
		} else {
			public++
		}
	}
	if hmac > 0 && public > 0 {
		return fmt.Errorf("%w: JWK set mixes %d symmetric (oct) keys with %d public keys", ErrKeyInvalid, hmac, public)
	}
	return nil
}

// keyFromJOSE converts a parsed JWK, with its key_ops (nil when absent).
func keyFromJOSE(jk jose.JSONWebKey, ops []string) (Key, error) {
	var k Key
	var err error
	switch v := jk.Key.(type) {
	case []byte:
		k = Key{id: jk.KeyID, family: familyHMAC, secret: slices.Clone(v)}
	case *rsa.PublicKey, *rsa.PrivateKey, *ecdsa.PublicKey, *ecdsa.PrivateKey, ed25519.PublicKey, ed25519.PrivateKey:
		k, err = PublicKey(jk.KeyID, v)
	default:
		err = fmt.Errorf("%w: unsupported JWK key type %T", ErrKeyInvalid, v)
	}
	if err != nil {
		return Key{}, err
	}

	k.alg = jk.Algorithm
	k.noVerify = (jk.Use != "" && jk.Use != "sig") || (ops != nil && !slices.Contains(ops, "verify"))

	if a := lookupAlgorithm(k.alg); a != nil && !k.fits(a) {
		return Key{}, fmt.Errorf("%w: JWK %s (%s) has alg %q, which needs another key type", ErrKeyInvalid, k.describe(), k.kind(), k.alg)
	}
	if k.family == familyHMAC && !k.noVerify && (k.alg == "" || lookupAlgorithm(k.alg) != nil) {
		if err := checkHMACSecret(k, &algHS256); err != nil {
			return Key{}, err
		}
	}
	return k, nil
}
