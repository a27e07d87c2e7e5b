package runtime

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/golang-jwt/jwt/v5"
)

// Claims is what generated claim structs implement.
type Claims interface {
	jwt.Claims
	Validate() error
}

// Verifier checks tokens against the Rules of a contract version. It is
// safe for concurrent use when its KeySource is.
type Verifier struct {
	keys KeySource
	cfg  config
}

// NewVerifier returns a Verifier that finds keys in keys.
func NewVerifier(keys KeySource, opts ...Option) *Verifier {
	return &Verifier{keys: keys, cfg: newConfig(opts)}
}

// Verify parses token, checks it against rules and decodes its payload
// into claims. It is Parse followed by VerifyToken; see both for the rules
// applied. Every failure is a *ValidationError, or several joined with
// errors.Join, carrying the contract and version of rules.
func (v *Verifier) Verify(ctx context.Context, token string, rules *Rules, claims Claims) error {
	tok, err := v.Parse(token)
	if err != nil {
		if rules != nil {
			var ve *ValidationError
			if errors.As(err, &ve) {
				ve.Contract, ve.Version = rules.Contract, rules.Version
			}
		}
		v.cfg.report(ctx, rules, nil, err)
		return err
	}
	return v.VerifyToken(ctx, tok, rules, claims)
}

// VerifyToken checks a parsed token against rules and decodes its payload
// into claims. The token-level steps run in this order, and the first
// failure ends the check:
//
//  1. alg: the header's alg is one of rules.Algorithms, compared exactly;
//     "none" in any letter case is never accepted.
//  2. typ: when rules.Type is set, the header's typ equals it, ignoring
//     case and an "application/" prefix (RFC 7515 §4.1.9).
//  3. version: when rules.VersionClaim is set, that claim is the version
//     as a JSON number or string, or absent when rules.Unversioned. The
//     version must not be rules.Retired, and the clock must be before
//     rules.AcceptUntil.
//  4. key: the KeySource returns a key for the token's kid and alg.
//  5. signature: the key verifies the signature; PS* salts must be as long
//     as the hash, ES* signatures must be raw r||s.
//
// Then the claim steps run and all their failures are joined:
//
//  6. shape: the registered claims have their RFC 7519 types and the
//     contract claims have the JSON types of rules.Claims, and required
//     claims are present.
//  7. the payload is decoded into claims, unless step 6 failed: with
//     their DecodeClaims method when they implement ClaimsDecoder, and
//     with encoding/json otherwise.
//  8. exp, nbf and iat with leeway, the maximum lifetime, iss and aud.
//  9. claims.Validate, unless step 6 failed.
//
// A nil claims skips steps 7 and 9.
//
// The outcome goes to the observer and the logger. When the token is
// accepted, the shadow checks of WithShadow run next; their rejections are
// reported but never change the result.
func (v *Verifier) VerifyToken(ctx context.Context, t *Token, rules *Rules, claims Claims) error {
	err := v.verifyToken(ctx, t, rules, claims)
	v.cfg.report(ctx, rules, t, err)
	if err == nil && len(v.cfg.shadows) > 0 {
		v.cfg.runShadows(ctx, rules, t)
	}
	return err
}

// VerifyTokenThen is VerifyToken followed, for an accepted token, by then,
// which generated verifiers use to upgrade the claims to the newest
// version. An error from then rejects the token: the observer and the
// logger receive that rejection, not an acceptance, and the shadow checks
// run only when then succeeds.
func (v *Verifier) VerifyTokenThen(ctx context.Context, t *Token, rules *Rules, claims Claims, then func() error) error {
	err := v.verifyToken(ctx, t, rules, claims)
	if err == nil && then != nil {
		err = then()
	}
	v.cfg.report(ctx, rules, t, err)
	if err == nil && len(v.cfg.shadows) > 0 {
		v.cfg.runShadows(ctx, rules, t)
	}
	return err
}

func (v *Verifier) verifyToken(ctx context.Context, t *Token, rules *Rules, claims Claims) error {
	if rules == nil {
		return &ValidationError{Rule: "rules", Detail: "no rules given", Err: ErrVersionUnknown}
	}
	c := &checker{rules: rules}
	if t == nil {
		return c.newError("", "malformed", "no token given", jwt.ErrTokenMalformed)
	}
	now := v.cfg.now()

	if err := c.checkHeader(t, now); err != nil {
		return err
	}

	if v.keys == nil {
		return c.newError("kid", "kid", "the verifier has no key source", ErrKeyNotFound)
	}
	key, err := v.keys.LookupKey(ctx, t.kid, t.alg)
	if err != nil {
		return c.newError("kid", "kid", err.Error(), err)
	}
	if err := verifySignature(key, t.alg, t.signingInput, t.signature); err != nil {
		return c.newError("", "signature", err.Error(), err)
	}

	return c.checkClaims(t, claims, true, now, v.cfg.leewayFor(rules))
}

// checkHeader applies the alg, typ, version, retired and accept_until
// rules.
func (c *checker) checkHeader(t *Token, now time.Time) *ValidationError {
	r := c.rules
	switch {
	case isNone(t.alg):
		return c.newError("alg", "alg", fmt.Sprintf("alg %q is never accepted", t.alg), ErrAlgorithmNotAllowed)
	case !slices.Contains(r.Algorithms, t.alg):
		return c.newError("alg", "alg", fmt.Sprintf("alg %q is not one of %q", clip(t.alg), r.Algorithms), ErrAlgorithmNotAllowed)
	case lookupAlgorithm(t.alg) == nil:
		return c.newError("alg", "alg", fmt.Sprintf("alg %q is not supported", clip(t.alg)), ErrAlgorithmNotAllowed)
	}

	if r.Type != "" {
		if !t.hasTyp {
			return c.newError("typ", "typ", fmt.Sprintf("typ header is missing; expected %q", r.Type), ErrTypeHeader)
		}
		if !typeMatches(t.typ, r.Type) {
			return c.newError("typ", "typ", fmt.Sprintf("typ header is %q; expected %q", clip(t.typ), r.Type), ErrTypeHeader)
		}
	}

	if r.VersionClaim != "" {
		if err := c.checkVersion(t); err != nil {
			return err
		}
	}
	return c.checkAcceptable(now)
}

// checkAcceptable rejects a version that is retired or whose accept_until
// has passed.
func (c *checker) checkAcceptable(now time.Time) *ValidationError {
	r := c.rules
	if r.Retired {
		return c.newError(r.VersionClaim, "retired", fmt.Sprintf("version %d is retired", r.Version), ErrVersionRetired)
	}
	if !r.AcceptUntil.IsZero() && !now.Before(r.AcceptUntil) {
		detail := fmt.Sprintf("version %d was accepted until %s", r.Version, r.AcceptUntil.UTC().Format(time.RFC3339))
		return c.newError(r.VersionClaim, "accept_until", detail, ErrVersionRetired)
	}
	return nil
}

// typeMatches compares typ header values as RFC 7515 §4.1.9 says: media
// types ignore case, and "application/" may be left out.
func typeMatches(got, want string) bool {
	return strings.EqualFold(trimApplication(got), trimApplication(want))
}

func trimApplication(typ string) string {
	const prefix = "application/"
	if len(typ) >= len(prefix) && strings.EqualFold(typ[:len(prefix)], prefix) {
		return typ[len(prefix):]
	}
	return typ
}

// checkVersion checks that the version claim names rules.Version.
func (c *checker) checkVersion(t *Token) *ValidationError {
	r := c.rules
	raw, found := lookupMember(t.members, r.VersionClaim)
	if !found {
		if r.Unversioned {
			return nil
		}
		return c.newError(r.VersionClaim, "version", fmt.Sprintf("token has no %q claim", r.VersionClaim), ErrVersionUnknown)
	}

	n, ok := versionClaimValue(raw)
	switch {
	case !ok:
		return c.newError(r.VersionClaim, "version", notVersionNumber, ErrVersionUnknown)
	case n != r.Version:
		return c.newError(r.VersionClaim, "version", fmt.Sprintf("token is version %d, not %d", n, r.Version), ErrVersionUnknown)
	}
	return nil
}

// notVersionNumber is the detail of a version claim that versionClaimValue
// rejects.
const notVersionNumber = "version claim is not a non-negative integer"

// versionClaimValue parses the raw JSON value of a version claim: a JSON
// number or a JSON string holding a non-negative decimal integer of at
// most 9 digits, without sign, fraction or exponent.
func versionClaimValue(raw []byte) (int, bool) {
	text := raw
	if len(raw) >= 2 && raw[0] == '"' {
		text = unquoteName(raw)
	}
	if len(text) == 0 || len(text) > 9 {
		return 0, false
	}
	n := 0
	for _, b := range text {
		if b < '0' || b > '9' {
			return 0, false
		}
		n = n*10 + int(b-'0')
	}
	return n, true
}

// checkClaims runs the claim steps of VerifyToken: the shape walk, the
// decoding into claims when decode is set, the registered claim rules and
// claims.Validate.
func (c *checker) checkClaims(t *Token, claims Claims, decode bool, now time.Time, leeway time.Duration) error {
	reg := c.walkShape(t.members)
	shapeOK := len(c.errs) == 0

	if shapeOK && decode && claims != nil {
		if _, exact := claims.(ClaimsDecoder); !exact {
			c.checkCaseVariants(c.rules.Claims, t.members, "", true)
			shapeOK = len(c.errs) == 0
		}
	}
	if shapeOK && decode && claims != nil {
		if err := decodeClaims(t, claims); err != nil {
			c.fail("", "decode", "payload does not decode into the claims: "+err.Error(), fmt.Errorf("%w: %w", ErrClaimInvalid, err))
			shapeOK = false
		}
	}

	c.checkRegistered(reg, now, leeway)

	if shapeOK && claims != nil {
		c.addValidation(claims.Validate())
	}
	return c.err()
}

// decodeClaims decodes the payload of t into claims: with the generated
// DecodeClaims method when claims has one, and with encoding/json
// otherwise.
func decodeClaims(t *Token, claims Claims) error {
	if d, ok := claims.(ClaimsDecoder); ok {
		return d.DecodeClaims(Payload{members: t.members})
	}
	return json.Unmarshal(t.payload, claims)
}
