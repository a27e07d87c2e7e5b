package runtime

import (
	"context"

	"github.com/golang-jwt/jwt/v5"
)

// The three methods below run the steps of VerifyToken in groups, so that
// a tool that reports every rule, or that has no key, can run each group on
// its own. Running CheckHeader, CheckSignature and CheckClaims in that
// order and keeping the first error gives the result of VerifyToken. None
// of them reports to the observer or the logger.

// CheckHeader applies steps 1 to 3 of VerifyToken to t at the verifier's
// clock: alg, typ, the version claim, retired and accept_until. It returns
// the first failure as a *ValidationError, or nil.
func (v *Verifier) CheckHeader(t *Token, rules *Rules) error {
	if rules == nil {
		return &ValidationError{Rule: "rules", Detail: "no rules given", Err: ErrVersionUnknown}
	}
	c := &checker{rules: rules}
	if t == nil {
		return c.newError("", "malformed", "no token given", jwt.ErrTokenMalformed)
	}
	if err := c.checkHeader(t, v.cfg.now()); err != nil {
		return err
	}
	return nil
}

// CheckSignature applies steps 4 and 5 of VerifyToken to t: the key source
// returns a key for the token's kid and alg, and that key verifies the
// signature. The error is a *ValidationError with rule "kid" or
// "signature" and no contract, or nil.
func (v *Verifier) CheckSignature(ctx context.Context, t *Token) error {
	if t == nil {
		return malformed("", "no token given")
	}
	if v.keys == nil {
		return parseError("kid", "kid", "the verifier has no key source", ErrKeyNotFound)
	}
	key, err := v.keys.LookupKey(ctx, t.kid, t.alg)
	if err != nil {
		return parseError("kid", "kid", err.Error(), err)
	}
	if err := verifySignature(key, t.alg, t.signingInput, t.signature); err != nil {
		return parseError("", "signature", err.Error(), err)
	}
	return nil
}

// CheckClaims applies steps 6 to 9 of VerifyToken to t at the verifier's
// clock and leeway: the shape of the claims, the decoding into claims, the
// registered claim rules and claims.Validate. A nil claims skips the
// decoding and Validate. All failures are joined, as VerifyToken joins
// them.
func (v *Verifier) CheckClaims(t *Token, rules *Rules, claims Claims) error {
	if rules == nil {
		return &ValidationError{Rule: "rules", Detail: "no rules given", Err: ErrVersionUnknown}
	}
	c := &checker{rules: rules}
	if t == nil {
		return c.newError("", "malformed", "no token given", jwt.ErrTokenMalformed)
	}
	return c.checkClaims(t, claims, true, v.cfg.now(), v.cfg.leewayFor(rules))
}
