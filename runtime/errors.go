package runtime

import (
	"errors"
	"fmt"
	"strings"

	"github.com/golang-jwt/jwt/v5"
)

// Contract failures. Every error that a verifier, an issuer or a generated
// Validate method returns wraps one or more of these or of the golang-jwt
// sentinels (jwt.ErrTokenExpired, jwt.ErrTokenSignatureInvalid, ...), so
// callers can test for a reason with errors.Is.
var (
	ErrClaimMissing        = errors.New("claim missing")
	ErrClaimInvalid        = errors.New("claim invalid")
	ErrVersionUnknown      = errors.New("contract version unknown")
	ErrVersionRetired      = errors.New("contract version retired")
	ErrAlgorithmNotAllowed = errors.New("algorithm not allowed")
	ErrTypeHeader          = errors.New("type header invalid")
	ErrHeaderInvalid       = errors.New("header invalid")
	ErrTokenTooLarge       = errors.New("token too large")
	ErrKeyNotFound         = errors.New("key not found")
	ErrKeyInvalid          = errors.New("key invalid")
	// ErrKeysUnavailable means that a key source holds no usable keys,
	// such as a remote JWK set that could not be fetched or whose last
	// good keys are older than the maximum stale age.
	ErrKeysUnavailable = errors.New("keys unavailable")
)

// ValidationError is one failed rule of a contract. Logs and metrics can
// group rejections by Contract, Version and Rule without seeing the token.
type ValidationError struct {
	// Contract is the contract name, such as "OrdersAccess".
	Contract string
	// Version is the contract version whose rule failed, or 0 when the
	// version was not known yet (a malformed token, for example).
	Version int
	// Claim is the dotted claim path ("tenant_id", "address.city"), or a
	// header parameter name for header rules ("alg", "typ", "kid", "crit"),
	// or empty for rules about the whole token.
	Claim string
	// Rule names the failed rule. Rule names are stable. The verifier and
	// issuer use "size", "malformed", "duplicate", "crit", "alg", "typ",
	// "version", "retired", "accept_until", "issue_until", "kid", "signature",
	// "type", "required", "decode", "encode", "exp", "nbf", "iat",
	// "max_lifetime", "issuer" and "audience"; generated Validate methods
	// add their own, such as "pattern", and "validate" marks an error of a
	// Validate method that is not a *ValidationError.
	Rule string
	// Detail says what was wrong. It never contains a token, a signature, a
	// key or the value of a claim.
	Detail string
	// Err is the sentinel the failure wraps; see Unwrap.
	Err error
}

// Error returns the contract and version, the quoted claim, the detail and
// the rule in brackets, such as
// `OrdersAccess v1: "exp": token is expired (leeway 30s) [exp]`.
func (e *ValidationError) Error() string {
	var b strings.Builder
	if e.Contract != "" {
		b.WriteString(e.Contract)
		if e.Version != 0 {
			fmt.Fprintf(&b, " v%d", e.Version)
		}
		b.WriteString(": ")
	}
	if e.Claim != "" {
		fmt.Fprintf(&b, "%q: ", e.Claim)
	}
	b.WriteString(e.Detail)
	if e.Rule != "" {
		fmt.Fprintf(&b, " [%s]", e.Rule)
	}
	return b.String()
}

// Unwrap returns Err and, where one fits, the matching golang-jwt sentinel,
// so that both errors.Is(err, runtime.ErrClaimMissing) and
// errors.Is(err, jwt.ErrTokenRequiredClaimMissing) hold for a missing
// registered claim.
func (e *ValidationError) Unwrap() []error {
	errs := []error{e.Err}
	if j := jwtSentinel(e.Rule, e.Err); j != nil && j != e.Err {
		errs = append(errs, j)
	}
	return errs
}

// jwtSentinel maps a rule to the golang-jwt error that golang-jwt's own
// validator returns for the same failure.
func jwtSentinel(rule string, err error) error {
	switch rule {
	case "exp":
		return jwt.ErrTokenExpired
	case "nbf":
		return jwt.ErrTokenNotValidYet
	case "iat":
		return jwt.ErrTokenUsedBeforeIssued
	case "issuer":
		return jwt.ErrTokenInvalidIssuer
	case "audience":
		return jwt.ErrTokenInvalidAudience
	case "signature", "alg":
		return jwt.ErrTokenSignatureInvalid
	case "kid":
		return jwt.ErrTokenUnverifiable
	case "malformed", "size", "crit", "duplicate":
		return jwt.ErrTokenMalformed
	}
	if errors.Is(err, ErrClaimMissing) {
		return jwt.ErrTokenRequiredClaimMissing
	}
	if errors.Is(err, ErrClaimInvalid) {
		return jwt.ErrTokenInvalidClaims
	}
	return nil
}
