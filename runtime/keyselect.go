package runtime

import (
	"context"
	"fmt"
	"slices"
)

// staticKeys is a KeySource over a fixed list of keys.
type staticKeys []Key

// StaticKeys returns a KeySource that selects among keys with SelectKey.
func StaticKeys(keys ...Key) KeySource {
	return staticKeys(slices.Clone(keys))
}

// LookupKey implements KeySource.
func (s staticKeys) LookupKey(_ context.Context, kid, alg string) (Key, error) {
	return SelectKey(s, kid, alg)
}

// SelectKey picks the key that verifies a token whose header names kid and
// alg. A key is a candidate when its family serves alg (HS* HMAC, RS* and
// PS* RSA, ES256/ES384/ES512 EC on P-256/P-384/P-521, EdDSA Ed25519), when
// its pinned algorithm, if any, is alg, and when its use allows signature
// verification. A non-empty kid selects the candidate with that kid; an
// empty kid selects the only candidate and fails when several fit. The
// selected key's load error, or a secret too short for alg, is returned
// instead of the key. Other failures wrap ErrKeyNotFound.
func SelectKey(keys []Key, kid, alg string) (Key, error) {
	a := lookupAlgorithm(alg)
	if a == nil {
		return Key{}, fmt.Errorf("%w: no key serves algorithm %q", ErrKeyNotFound, clip(alg))
	}

	if kid != "" {
		var mismatch error
		for _, k := range keys {
			if k.id != kid {
				continue
			}
			if err := keyServes(k, a); err != nil {
				if mismatch == nil {
					mismatch = err
				}
				continue
			}
			return selected(k, a)
		}
		if mismatch != nil {
			return Key{}, fmt.Errorf("%w: %w", ErrKeyNotFound, mismatch)
		}
		return Key{}, fmt.Errorf("%w: no key has kid %q", ErrKeyNotFound, clip(kid))
	}

	var found Key
	n := 0
	for _, k := range keys {
		if keyServes(k, a) == nil {
			found = k
			n++
		}
	}
	if n != 1 {
		return Key{}, fmt.Errorf("%w: the token has no kid and %d keys fit %s", ErrKeyNotFound, n, a.name)
	}
	return selected(found, a)
}

// keyServes returns nil when k may verify tokens signed with a, or an error
// that explains why not.
func keyServes(k Key, a *algorithm) error {
	switch {
	case !k.fits(a):
		return fmt.Errorf("%s (%s) cannot verify %s", k.describe(), k.kind(), a.name)
	case k.alg != "" && k.alg != a.name:
		return fmt.Errorf("%s is limited to %q and cannot verify %s", k.describe(), clip(k.alg), a.name)
	case k.noVerify:
		return fmt.Errorf("%s is not for signature verification (JWK use or key_ops)", k.describe())
	}
	return nil
}

// selected returns k, or the reason it cannot be used for a.
func selected(k Key, a *algorithm) (Key, error) {
	if k.err != nil {
		return Key{}, k.err
	}
	if a.family == familyHMAC {
		if err := checkHMACSecret(k, a); err != nil {
			return Key{}, err
		}
	}
	return k, nil
}
