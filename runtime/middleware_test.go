package runtime

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"
)

// scopedClaims are test claims with the HasScope method of generated
// claims.
type scopedClaims struct {
	testClaims
}

func (c *scopedClaims) HasScope(scope string) bool { return c.Scope.Contains(scope) }

// verifyScoped verifies an HS256 token at testNow, as a generated
// verifier's Verify method would.
func verifyScoped(ctx context.Context, raw string) (*scopedClaims, error) {
	claims := new(scopedClaims)
	if err := hsVerifier().Verify(ctx, raw, hsRules(), claims); err != nil {
		return nil, err
	}
	return claims, nil
}

// scopedToken returns an HS256 token for alice with the given scope claim,
// valid at testNow.
func scopedToken(t *testing.T, scope string) string {
	t.Helper()
	payload := fmt.Sprintf(`{"sub":"alice","exp":%d,"scope":%q}`, testNow.Add(time.Hour).Unix(), scope)
	return hsToken(t, `{"alg":"HS256"}`, payload)
}

// bearerRecorder is a handler behind the middleware that records the
// claims it finds.
type bearerRecorder struct {
	called  bool
	subject string
}

func (h *bearerRecorder) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	h.called = true
	claims, ok := ClaimsFrom[*scopedClaims](r.Context())
	if !ok {
		http.Error(w, "no claims in context", http.StatusInternalServerError)
		return
	}
	h.subject = claims.Subject
	io.WriteString(w, "ok")
}

func TestRequireToken(t *testing.T) {
	valid := scopedToken(t, "orders:read")
	expired := hsToken(t, `{"alg":"HS256"}`, fmt.Sprintf(`{"sub":"alice","exp":%d}`, testNow.Add(-time.Hour).Unix()))
	adminWriter := scopedToken(t, "orders:admin orders:write")
	adminOnly := scopedToken(t, "orders:admin")

	const (
		noToken      = `Bearer realm="orders"`
		invalidToken = `Bearer realm="orders", error="invalid_token"`
		noScope      = `Bearer realm="orders", error="insufficient_scope", scope="orders:read"`
	)
	tests := []struct {
		name          string
		authorization []string
		wantStatus    int
		wantChallenge string
		wantBody      string
		wantErr       error
	}{
		{name: "valid token", authorization: []string{"Bearer " + valid},
			wantStatus: http.StatusOK, wantBody: "ok"},
		{name: "scheme in lower case", authorization: []string{"bearer " + valid},
			wantStatus: http.StatusOK, wantBody: "ok"},
		{name: "scheme in upper case with two spaces", authorization: []string{"BEARER  " + valid},
			wantStatus: http.StatusOK, wantBody: "ok"},
		{name: "second scope set", authorization: []string{"Bearer " + adminWriter},
			wantStatus: http.StatusOK, wantBody: "ok"},
		{name: "no header",
			wantStatus: http.StatusUnauthorized, wantChallenge: noToken, wantBody: "Unauthorized\n", wantErr: ErrNoBearerToken},
		{name: "basic scheme", authorization: []string{"Basic YWxpY2U6c2VjcmV0"},
			wantStatus: http.StatusUnauthorized, wantChallenge: noToken, wantBody: "Unauthorized\n", wantErr: ErrNoBearerToken},
		{name: "scheme without space", authorization: []string{"Bearer" + valid},
			wantStatus: http.StatusUnauthorized, wantChallenge: noToken, wantBody: "Unauthorized\n", wantErr: ErrNoBearerToken},
		{name: "scheme alone", authorization: []string{"Bearer"},
			wantStatus: http.StatusUnauthorized, wantChallenge: noToken, wantBody: "Unauthorized\n", wantErr: ErrNoBearerToken},
		{name: "empty token", authorization: []string{"Bearer "},
			wantStatus: http.StatusUnauthorized, wantChallenge: noToken, wantBody: "Unauthorized\n", wantErr: ErrNoBearerToken},
		{name: "token with inner space", authorization: []string{"Bearer " + valid[:10] + " " + valid[10:]},
			wantStatus: http.StatusUnauthorized, wantChallenge: invalidToken, wantBody: "invalid_token\n", wantErr: ErrBearerMalformed},
		{name: "token with comma", authorization: []string{"Bearer " + valid + ",x"},
			wantStatus: http.StatusUnauthorized, wantChallenge: invalidToken, wantBody: "invalid_token\n", wantErr: ErrBearerMalformed},
		{name: "two headers", authorization: []string{"Bearer " + valid, "Bearer " + valid},
			wantStatus: http.StatusBadRequest, wantChallenge: `Bearer realm="orders", error="invalid_request"`,
			wantBody: "invalid_request\n", wantErr: ErrSeveralCredentials},
		{name: "not a JWT", authorization: []string{"Bearer abc.def"},
			wantStatus: http.StatusUnauthorized, wantChallenge: invalidToken, wantBody: "invalid_token\n", wantErr: jwt.ErrTokenMalformed},
		{name: "expired token", authorization: []string{"Bearer " + expired},
			wantStatus: http.StatusUnauthorized, wantChallenge: invalidToken, wantBody: "invalid_token\n", wantErr: jwt.ErrTokenExpired},
		{name: "tampered signature", authorization: []string{"Bearer " + tamperSignature(valid)},
			wantStatus: http.StatusUnauthorized, wantChallenge: invalidToken, wantBody: "invalid_token\n", wantErr: jwt.ErrTokenSignatureInvalid},
		{name: "half of the second set", authorization: []string{"Bearer " + adminOnly},
			wantStatus: http.StatusForbidden, wantChallenge: noScope, wantBody: "insufficient_scope\n", wantErr: ErrInsufficientScope},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var gotErr *BearerError
			recordError := func(w http.ResponseWriter, r *http.Request, err *BearerError) {
				gotErr = err
				WriteBearerError(w, r, err)
			}
			next := &bearerRecorder{}
			handler := RequireToken(verifyScoped,
				WithRealm("orders"),
				WithScopes(AnyOf(AllOf("orders:read"), AllOf("orders:admin", "orders:write"))),
				WithErrorHandler(recordError),
			)(next)

			req := httptest.NewRequest(http.MethodGet, "/orders", nil)
			for _, value := range tt.authorization {
				req.Header.Add("Authorization", value)
			}
			rec := httptest.NewRecorder()
			handler.ServeHTTP(rec, req)

			if rec.Code != tt.wantStatus {
				t.Errorf("status = %d, want %d", rec.Code, tt.wantStatus)
			}
			if got := rec.Header().Get("WWW-Authenticate"); got != tt.wantChallenge {
				t.Errorf("WWW-Authenticate = %q, want %q", got, tt.wantChallenge)
			}
			if got := rec.Body.String(); got != tt.wantBody {
				t.Errorf("body = %q, want %q", got, tt.wantBody)
			}

			if tt.wantErr == nil {
				if gotErr != nil {
					t.Fatalf("error handler called with %v, want no call", gotErr)
				}
				if next.subject != "alice" {
					t.Errorf("claims subject in the handler = %q, want %q", next.subject, "alice")
				}
				return
			}
			if next.called {
				t.Error("next handler called for a rejected request")
			}
			if gotErr == nil {
				t.Fatalf("error handler not called, want an error wrapping %v", tt.wantErr)
			}
			if !errors.Is(gotErr, tt.wantErr) {
				t.Errorf("error = %v, want errors.Is %v", gotErr, tt.wantErr)
			}
			if gotErr.Status != tt.wantStatus {
				t.Errorf("BearerError.Status = %d, want %d", gotErr.Status, tt.wantStatus)
			}
		})
	}
}

func TestRequireTokenDefaults(t *testing.T) {
	next := &bearerRecorder{}
	handler := RequireToken(verifyScoped)(next)

	req := httptest.NewRequest(http.MethodGet, "/", nil)
	rec := httptest.NewRecorder()
	handler.ServeHTTP(rec, req)
	if got, want := rec.Header().Get("WWW-Authenticate"), "Bearer"; got != want {
		t.Errorf("WWW-Authenticate without realm = %q, want %q", got, want)
	}

	// Without WithScopes any valid token passes, whatever its scopes.
	req = httptest.NewRequest(http.MethodGet, "/", nil)
	req.Header.Set("Authorization", "Bearer "+scopedToken(t, "other"))
	rec = httptest.NewRecorder()
	handler.ServeHTTP(rec, req)
	if rec.Code != http.StatusOK || next.subject != "alice" {
		t.Errorf("status = %d, subject = %q; want 200 and alice", rec.Code, next.subject)
	}
}

func TestRequireTokenNeverEchoesToken(t *testing.T) {
	tokens := map[string]string{
		"expired":  hsToken(t, `{"alg":"HS256"}`, fmt.Sprintf(`{"sub":"alice","exp":%d}`, testNow.Add(-time.Hour).Unix())),
		"no scope": scopedToken(t, "orders:admin"),
		"tampered": tamperSignature(scopedToken(t, "orders:read")),
	}
	for name, token := range tokens {
		t.Run(name, func(t *testing.T) {
			var message string
			handler := RequireToken(verifyScoped,
				WithScopes(AnyOf(AllOf("orders:read"))),
				WithErrorHandler(func(w http.ResponseWriter, r *http.Request, err *BearerError) {
					message = err.Error()
					WriteBearerError(w, r, err)
				}),
			)(&bearerRecorder{})
			req := httptest.NewRequest(http.MethodGet, "/", nil)
			req.Header.Set("Authorization", "Bearer "+token)
			rec := httptest.NewRecorder()
			handler.ServeHTTP(rec, req)

			signature := token[strings.LastIndexByte(token, '.')+1:]
			for what, text := range map[string]string{
				"body":     rec.Body.String(),
				"header":   rec.Header().Get("WWW-Authenticate"),
				"error":    message,
				"response": fmt.Sprint(rec.Header()),
			} {
				if strings.Contains(text, signature) {
					t.Errorf("%s contains the token's signature: %q", what, text)
				}
			}
		})
	}
}

func TestClaimsFrom(t *testing.T) {
	claims := &scopedClaims{}
	claims.Subject = "alice"
	ctx := ContextWithClaims(context.Background(), claims)

	got, ok := ClaimsFrom[*scopedClaims](ctx)
	if !ok || got != claims {
		t.Errorf("ClaimsFrom[*scopedClaims] = %v, %v; want the stored claims and true", got, ok)
	}
	if _, ok := ClaimsFrom[*testClaims](ctx); ok {
		t.Error("ClaimsFrom[*testClaims] found claims stored as *scopedClaims")
	}
	if _, ok := ClaimsFrom[*scopedClaims](context.Background()); ok {
		t.Error("ClaimsFrom found claims in an empty context")
	}
}

func TestScopeRequirement(t *testing.T) {
	req := AnyOf(AllOf("orders:read"), AllOf("orders:admin", "orders:write"))
	tests := []struct {
		name   string
		scopes SpaceDelimited
		want   bool
	}{
		{name: "first set", scopes: SpaceDelimited{"orders:read"}, want: true},
		{name: "second set", scopes: SpaceDelimited{"orders:write", "orders:admin"}, want: true},
		{name: "half of second set", scopes: SpaceDelimited{"orders:write"}, want: false},
		{name: "no scopes", want: false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			claims := &scopedClaims{testClaims{Scope: tt.scopes}}
			if got := req.SatisfiedBy(claims); got != tt.want {
				t.Errorf("SatisfiedBy(%q) = %v, want %v", tt.scopes, got, tt.want)
			}
		})
	}
	if got, want := req.String(), "[orders:read] or [orders:admin orders:write]"; got != want {
		t.Errorf("String() = %q, want %q", got, want)
	}
	if !ScopeRequirement(nil).SatisfiedBy(&scopedClaims{}) {
		t.Error("an empty requirement is not satisfied, want it satisfied by any claims")
	}
}

func TestMiddlewareConfigPanics(t *testing.T) {
	verifyUnscoped := func(context.Context, string) (*testClaims, error) { return nil, nil }
	tests := []struct {
		name string
		call func()
		want string
	}{
		{name: "AllOf empty", call: func() { AllOf() }, want: "runtime.AllOf: no scopes given"},
		{name: "AllOf space", call: func() { AllOf("a b") }, want: `runtime.AllOf: "a b" is not a valid scope (RFC 6749 §3.3)`},
		{name: "AllOf quote", call: func() { AllOf(`a"`) }, want: `runtime.AllOf: "a\"" is not a valid scope (RFC 6749 §3.3)`},
		{name: "AnyOf empty", call: func() { AnyOf() }, want: "runtime.AnyOf: no scope sets given"},
		{name: "AnyOf empty set", call: func() { AnyOf(ScopeSet{}) }, want: "runtime.AnyOf: empty scope set; build sets with AllOf"},
		{name: "realm quote", call: func() { WithRealm(`a"b`) },
			want: `runtime.WithRealm: realm "a\"b" contains a character that a quoted-string cannot carry`},
		{name: "nil verify", call: func() { RequireToken[*scopedClaims](nil) }, want: "runtime.RequireToken: nil verify function"},
		{name: "scopes without HasScope", call: func() { RequireToken(verifyUnscoped, WithScopes(AnyOf(AllOf("a")))) },
			want: "runtime.RequireToken: WithScopes needs claims with a HasScope(string) bool method, and *runtime.testClaims has none"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			defer func() {
				got := recover()
				if got == nil {
					t.Fatalf("no panic, want %q", tt.want)
				}
				if got != tt.want {
					t.Errorf("panic = %q, want %q", got, tt.want)
				}
			}()
			tt.call()
		})
	}
}

func TestBearerErrorMessage(t *testing.T) {
	err := &BearerError{Status: http.StatusUnauthorized, Err: fmt.Errorf("%w: the request has no Authorization header", ErrNoBearerToken)}
	if got, want := err.Error(), "401 Unauthorized: no bearer token: the request has no Authorization header"; got != want {
		t.Errorf("Error() = %q, want %q", got, want)
	}
	err = &BearerError{Status: http.StatusForbidden, Code: BearerInsufficientScope, Err: ErrInsufficientScope}
	if got, want := err.Error(), "403 insufficient_scope: insufficient scope"; got != want {
		t.Errorf("Error() = %q, want %q", got, want)
	}
}
