package runtime

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"reflect"
	"strings"
)

// Errors of the bearer token middleware that come before verification.
// The verifier's own errors reach a BearerError unchanged.
var (
	// ErrNoBearerToken is a request without an Authorization header, with
	// another authentication scheme, or with "Bearer" and no token.
	ErrNoBearerToken = errors.New("no bearer token")
	// ErrBearerMalformed is an Authorization header whose bearer token is
	// not b64token syntax (RFC 6750 §2.1).
	ErrBearerMalformed = errors.New("bearer token malformed")
	// ErrSeveralCredentials is a request with more than one Authorization
	// header.
	ErrSeveralCredentials = errors.New("more than one Authorization header")
	// ErrInsufficientScope is a valid token without the scopes a route
	// requires.
	ErrInsufficientScope = errors.New("insufficient scope")
)

// The error codes of RFC 6750 §3.1.
const (
	BearerInvalidRequest    = "invalid_request"
	BearerInvalidToken      = "invalid_token"
	BearerInsufficientScope = "insufficient_scope"
)

// ScopeClaims is the method that scope requirements need from claims.
// Generated claims implement it, and their HasScope reports only the
// scopes that the contract declares.
type ScopeClaims interface {
	HasScope(scope string) bool
}

// ScopeSet is a set of scopes that a token must all hold.
type ScopeSet []string

// AllOf returns the set of scopes that a token must all hold. It panics
// when scopes is empty or when a scope is not a scope-token of RFC 6749
// §3.3, because such a requirement is a programming error.
func AllOf(scopes ...string) ScopeSet {
	if len(scopes) == 0 {
		panic("runtime.AllOf: no scopes given")
	}
	for _, s := range scopes {
		if !isScopeToken(s) {
			panic(fmt.Sprintf("runtime.AllOf: %q is not a valid scope (RFC 6749 §3.3)", s))
		}
	}
	return ScopeSet(append([]string(nil), scopes...))
}

// ScopeRequirement lists alternative scope sets: a token satisfies it when
// it holds every scope of at least one set. AnyOf builds one.
type ScopeRequirement []ScopeSet

// AnyOf returns a requirement that any one of sets satisfies. For example,
// AnyOf(AllOf("orders:read"), AllOf("orders:admin", "orders:write")) lets
// a token with orders:read pass, and one with both orders:admin and
// orders:write. It panics when sets is empty or a set is empty.
func AnyOf(sets ...ScopeSet) ScopeRequirement {
	if len(sets) == 0 {
		panic("runtime.AnyOf: no scope sets given")
	}
	for _, s := range sets {
		if len(s) == 0 {
			panic("runtime.AnyOf: empty scope set; build sets with AllOf")
		}
	}
	return ScopeRequirement(append([]ScopeSet(nil), sets...))
}

// SatisfiedBy reports whether claims hold every scope of at least one set
// of r. An empty requirement is satisfied by any claims.
func (r ScopeRequirement) SatisfiedBy(claims ScopeClaims) bool {
	if len(r) == 0 {
		return true
	}
	for _, set := range r {
		if holdsAll(claims, set) {
			return true
		}
	}
	return false
}

// String formats the requirement as its sets joined by " or ", each in
// brackets, such as "[orders:read] or [orders:admin orders:write]".
func (r ScopeRequirement) String() string {
	sets := make([]string, len(r))
	for i, set := range r {
		sets[i] = "[" + strings.Join(set, " ") + "]"
	}
	return strings.Join(sets, " or ")
}

// holdsAll reports whether claims hold every scope of set.
func holdsAll(claims ScopeClaims, set ScopeSet) bool {
	for _, scope := range set {
		if !claims.HasScope(scope) {
			return false
		}
	}
	return true
}

// isScopeToken reports whether s is a scope-token of RFC 6749 §3.3: one
// or more printable ASCII characters other than space, '"' and '\'.
func isScopeToken(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < 0x21 || c > 0x7e || c == '"' || c == '\\' {
			return false
		}
	}
	return true
}

// BearerError is a request that the bearer token middleware rejected. The
// middleware sets the WWW-Authenticate header from it before it calls the
// error handler.
type BearerError struct {
	// Status is the HTTP status: 400, 401 or 403.
	Status int
	// Code is the RFC 6750 §3.1 error code, or "" when the request carried
	// no bearer token.
	Code string
	// Scope lists the scopes named in the challenge of a 403 response.
	Scope []string
	// Err is the cause: ErrNoBearerToken, ErrBearerMalformed,
	// ErrSeveralCredentials, ErrInsufficientScope or the error that the
	// verify function returned. None of them contains the token.
	Err error
}

// Error returns the status and the cause, such as
// "401 invalid_token: OrdersAccess v3: ...".
func (e *BearerError) Error() string {
	code := e.Code
	if code == "" {
		code = http.StatusText(e.Status)
	}
	return fmt.Sprintf("%d %s: %v", e.Status, code, e.Err)
}

// Unwrap returns Err.
func (e *BearerError) Unwrap() error { return e.Err }

// MiddlewareOption configures RequireToken.
type MiddlewareOption func(*middlewareConfig)

type middlewareConfig struct {
	realm   string
	scopes  ScopeRequirement
	onError func(http.ResponseWriter, *http.Request, *BearerError)
}

// WithRealm sets the realm of the WWW-Authenticate challenge. The default
// is no realm parameter. It panics when realm contains '"', '\' or a
// control character, which the quoted-string of the challenge could not
// carry as written.
func WithRealm(realm string) MiddlewareOption {
	for i := 0; i < len(realm); i++ {
		if c := realm[i]; c < 0x20 || c == 0x7f || c == '"' || c == '\\' {
			panic(fmt.Sprintf("runtime.WithRealm: realm %q contains a character that a quoted-string cannot carry", realm))
		}
	}
	return func(c *middlewareConfig) { c.realm = realm }
}

// WithScopes makes RequireToken reject, with 403 insufficient_scope, a
// valid token that does not satisfy req. The claims type must implement
// ScopeClaims.
func WithScopes(req ScopeRequirement) MiddlewareOption {
	return func(c *middlewareConfig) { c.scopes = req }
}

// WithErrorHandler sets the function that writes the response to a
// rejected request, for example to log err or to write a JSON body. The
// WWW-Authenticate header is already set when it runs; the handler writes
// the status and the body. The default is WriteBearerError, whose body
// tells the client nothing about why a token was invalid. A nil function
// keeps the default.
func WithErrorHandler(h func(w http.ResponseWriter, r *http.Request, err *BearerError)) MiddlewareOption {
	return func(c *middlewareConfig) {
		if h != nil {
			c.onError = h
		}
	}
}

// RequireToken returns middleware that lets a request through only with
// a valid bearer token, as RFC 6750 describes. It reads the token from
// the Authorization header (the scheme name in any letter case), checks it
// with verify and calls the next handler with the claims in the request
// context, where ClaimsFrom finds them. A generated verifier's Verify
// method value fits verify:
//
//	auth := runtime.RequireToken(verifier.Verify, runtime.WithRealm("orders"),
//		runtime.WithScopes(runtime.AnyOf(runtime.AllOf(tokens.OrdersAccessScopeOrdersRead))))
//	mux.Handle("GET /orders", auth(http.HandlerFunc(listOrders)))
//
// Rejected requests get:
//
//   - 401 with `WWW-Authenticate: Bearer realm="..."` and no error code
//     when the request has no Authorization header, another scheme, or
//     "Bearer" without a token;
//   - 400 with error="invalid_request" when it has several Authorization
//     headers;
//   - 401 with error="invalid_token" when the token is not b64token
//     syntax or verify returns an error;
//   - 403 with error="insufficient_scope" and scope="..." when the claims
//     do not satisfy the scope requirement of WithScopes. A requirement of
//     several sets names its first set, the one a client should ask for
//     by default.
//
// The middleware logs nothing and never puts the token in a response.
// It panics when WithScopes is given and C does not implement ScopeClaims.
func RequireToken[C any](verify func(context.Context, string) (C, error), opts ...MiddlewareOption) func(http.Handler) http.Handler {
	if verify == nil {
		panic("runtime.RequireToken: nil verify function")
	}
	cfg := middlewareConfig{onError: WriteBearerError}
	for _, opt := range opts {
		if opt != nil {
			opt(&cfg)
		}
	}
	if len(cfg.scopes) > 0 && !reflect.TypeFor[C]().Implements(reflect.TypeFor[ScopeClaims]()) {
		panic(fmt.Sprintf("runtime.RequireToken: WithScopes needs claims with a HasScope(string) bool method, and %v has none", reflect.TypeFor[C]()))
	}

	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			claims, berr := authenticate(r, verify, cfg.scopes)
			if berr != nil {
				w.Header().Set("WWW-Authenticate", challenge(cfg.realm, berr))
				cfg.onError(w, r, berr)
				return
			}
			next.ServeHTTP(w, r.WithContext(ContextWithClaims(r.Context(), claims)))
		})
	}
}

// authenticate reads, verifies and authorizes the bearer token of r.
func authenticate[C any](r *http.Request, verify func(context.Context, string) (C, error), scopes ScopeRequirement) (C, *BearerError) {
	var zero C
	token, err := BearerToken(r)
	switch {
	case errors.Is(err, ErrSeveralCredentials):
		return zero, &BearerError{Status: http.StatusBadRequest, Code: BearerInvalidRequest, Err: err}
	case errors.Is(err, ErrBearerMalformed):
		return zero, &BearerError{Status: http.StatusUnauthorized, Code: BearerInvalidToken, Err: err}
	case err != nil:
		return zero, &BearerError{Status: http.StatusUnauthorized, Err: err}
	}

	claims, err := verify(r.Context(), token)
	if err != nil {
		return zero, &BearerError{Status: http.StatusUnauthorized, Code: BearerInvalidToken, Err: err}
	}

	if len(scopes) > 0 {
		sc, ok := any(claims).(ScopeClaims)
		if !ok || !scopes.SatisfiedBy(sc) {
			return zero, &BearerError{
				Status: http.StatusForbidden,
				Code:   BearerInsufficientScope,
				Scope:  scopes[0],
				Err:    fmt.Errorf("%w: the token has none of the scope sets %s", ErrInsufficientScope, scopes),
			}
		}
	}
	return claims, nil
}

// BearerToken returns the token of the request's "Authorization: Bearer"
// header (RFC 6750 §2.1). The scheme name matches in any letter case and
// may be followed by several spaces. It returns an error wrapping
// ErrNoBearerToken when the header is absent, names another scheme or
// carries no token, ErrSeveralCredentials when there are several
// Authorization headers, and ErrBearerMalformed when the token is not
// b64token syntax. The errors never contain the token.
func BearerToken(r *http.Request) (string, error) {
	values := r.Header.Values("Authorization")
	switch len(values) {
	case 0:
		return "", fmt.Errorf("%w: the request has no Authorization header", ErrNoBearerToken)
	case 1:
	default:
		return "", fmt.Errorf("%w: the request has %d", ErrSeveralCredentials, len(values))
	}

	const scheme = "Bearer"
	header := values[0]
	if len(header) < len(scheme) || !strings.EqualFold(header[:len(scheme)], scheme) ||
		(len(header) > len(scheme) && header[len(scheme)] != ' ') {
		return "", fmt.Errorf("%w: the Authorization header names another scheme", ErrNoBearerToken)
	}
	token := strings.TrimLeft(header[len(scheme):], " ")
	if token == "" {
		return "", fmt.Errorf("%w: the Authorization header has the Bearer scheme and no token", ErrNoBearerToken)
	}
	if !isB64Token(token) {
		return "", fmt.Errorf("%w: the token contains characters outside the b64token syntax", ErrBearerMalformed)
	}
	return token, nil
}

// isB64Token reports whether s matches RFC 6750 §2.1:
// 1*( ALPHA / DIGIT / "-" / "." / "_" / "~" / "+" / "/" ) *"=".
func isB64Token(s string) bool {
	body := strings.TrimRight(s, "=")
	if body == "" {
		return false
	}
	for i := 0; i < len(body); i++ {
		c := body[i]
		if !(c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' ||
			c == '-' || c == '.' || c == '_' || c == '~' || c == '+' || c == '/') {
			return false
		}
	}
	return true
}

// challenge builds the WWW-Authenticate value for err (RFC 6750 §3).
func challenge(realm string, err *BearerError) string {
	var params []string
	if realm != "" {
		params = append(params, `realm="`+realm+`"`)
	}
	if err.Code != "" {
		params = append(params, `error="`+err.Code+`"`)
	}
	if len(err.Scope) > 0 {
		params = append(params, `scope="`+strings.Join(err.Scope, " ")+`"`)
	}
	if len(params) == 0 {
		return "Bearer"
	}
	return "Bearer " + strings.Join(params, ", ")
}

// WriteBearerError writes the default response to a rejected request:
// err.Status with a plain text body of the error code, or of the status
// text when there is no code. Error handlers that only log can end with
// it.
func WriteBearerError(w http.ResponseWriter, _ *http.Request, err *BearerError) {
	body := err.Code
	if body == "" {
		body = http.StatusText(err.Status)
	}
	http.Error(w, body, err.Status)
}

// claimsKey is the context key of claims of type C. Each claims type has
// its own key, so ClaimsFrom finds claims only under the type they were
// stored with.
type claimsKey[C any] struct{}

// ContextWithClaims returns a copy of ctx that carries claims, as
// RequireToken stores them. Tests of handlers use it to skip the
// middleware.
func ContextWithClaims[C any](ctx context.Context, claims C) context.Context {
	return context.WithValue(ctx, claimsKey[C]{}, claims)
}

// ClaimsFrom returns the claims that RequireToken stored in ctx. The type
// argument must be the type that the verify function returns, such as
// *tokens.OrdersAccess; ok is false when ctx holds no claims of that type.
func ClaimsFrom[C any](ctx context.Context) (claims C, ok bool) {
	claims, ok = ctx.Value(claimsKey[C]{}).(C)
	return claims, ok
}
