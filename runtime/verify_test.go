package runtime

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"
)

func TestTypeHeader(t *testing.T) {
	tests := []struct {
		name    string
		header  string
		want    string
		wantErr bool
	}{
		{name: "equal", header: `{"alg":"HS256","typ":"at+jwt"}`, want: "at+jwt"},
		{name: "other case", header: `{"alg":"HS256","typ":"AT+JWT"}`, want: "at+jwt"},
		{name: "token with prefix", header: `{"alg":"HS256","typ":"application/at+jwt"}`, want: "at+jwt"},
		{name: "rules with prefix", header: `{"alg":"HS256","typ":"at+JWT"}`, want: "Application/at+jwt"},
		{name: "missing", header: `{"alg":"HS256"}`, want: "at+jwt", wantErr: true},
		{name: "different", header: `{"alg":"HS256","typ":"JWT"}`, want: "at+jwt", wantErr: true},
		{name: "prefix only", header: `{"alg":"HS256","typ":"application/"}`, want: "at+jwt", wantErr: true},
		{name: "not checked", header: `{"alg":"HS256","typ":"anything"}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rules := hsRules()
			rules.Type = tt.want
			err := verifyHS(t, hsToken(t, tt.header, `{}`), rules)
			if !tt.wantErr {
				wantAccepted(t, err)
				return
			}
			wantRejected(t, err, ErrTypeHeader, "typ")
		})
	}
}

func TestVersionClaim(t *testing.T) {
	tests := []struct {
		name        string
		payload     string
		unversioned bool
		wantErr     error
		detail      string
	}{
		{name: "number", payload: `{"ver":1}`},
		{name: "string", payload: `{"ver":"1"}`},
		{name: "absent and unversioned", payload: `{}`, unversioned: true},
		{name: "absent", payload: `{}`, wantErr: ErrVersionUnknown, detail: `token has no "ver" claim`},
		{name: "other number", payload: `{"ver":2}`, wantErr: ErrVersionUnknown, detail: "token is version 2, not 1"},
		{name: "other string", payload: `{"ver":"2"}`, unversioned: true, wantErr: ErrVersionUnknown, detail: "token is version 2, not 1"},
		{name: "fraction", payload: `{"ver":1.0}`, wantErr: ErrVersionUnknown, detail: "version claim is not a non-negative integer"},
		{name: "negative", payload: `{"ver":-1}`, wantErr: ErrVersionUnknown, detail: "version claim is not a non-negative integer"},
		{name: "null", payload: `{"ver":null}`, unversioned: true, wantErr: ErrVersionUnknown, detail: "version claim is not a non-negative integer"},
		{name: "word", payload: `{"ver":"v1"}`, wantErr: ErrVersionUnknown, detail: "version claim is not a non-negative integer"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rules := hsRules()
			rules.VersionClaim = "ver"
			rules.Unversioned = tt.unversioned
			err := verifyHS(t, hsToken(t, `{"alg":"HS256"}`, tt.payload), rules)
			if tt.wantErr == nil {
				wantAccepted(t, err)
				return
			}
			wantRejected(t, err, tt.wantErr, "version")
			if got := validationErrors(err)[0].Detail; got != tt.detail {
				t.Errorf("detail = %q, want %q", got, tt.detail)
			}
		})
	}
}

func TestAcceptUntil(t *testing.T) {
	rules := hsRules()
	rules.AcceptUntil = testNow
	token := hsToken(t, `{"alg":"HS256"}`, `{}`)

	wantAccepted(t, verifyHS(t, token, rules, fixedClock(testNow.Add(-time.Nanosecond))))
	err := verifyHS(t, token, rules)
	wantRejected(t, err, ErrVersionRetired, "accept_until")
	if want := "Test v1: version 1 was accepted until 2026-05-01T12:00:00Z [accept_until]"; err.Error() != want {
		t.Errorf("message = %q, want %q", err, want)
	}
}

func TestRetired(t *testing.T) {
	tests := []struct {
		name  string
		rules func(*Rules)
		want  string
	}{
		{
			name:  "without version claim",
			rules: func(r *Rules) { r.Retired = true },
			want:  "Test v1: version 1 is retired [retired]",
		},
		{
			name:  "with version claim",
			rules: func(r *Rules) { r.Retired, r.VersionClaim = true, "ver" },
			want:  `Test v1: "ver": version 1 is retired [retired]`,
		},
		{
			name:  "accept_until not reached",
			rules: func(r *Rules) { r.Retired, r.AcceptUntil = true, testNow.Add(time.Hour) },
			want:  "Test v1: version 1 is retired [retired]",
		},
		{
			name:  "accept_until passed too",
			rules: func(r *Rules) { r.Retired, r.AcceptUntil = true, testNow },
			want:  "Test v1: version 1 is retired [retired]",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rules := hsRules()
			tt.rules(rules)
			err := verifyHS(t, hsToken(t, `{"alg":"HS256"}`, `{"ver":1}`), rules)
			wantRejected(t, err, ErrVersionRetired, "retired")
			if err.Error() != tt.want {
				t.Errorf("message = %q, want %q", err, tt.want)
			}
		})
	}
}

func TestTokenStepsStopAtFirstFailure(t *testing.T) {
	rules := hsRules()
	rules.Type = "at+jwt"
	rules.VersionClaim = "ver"
	rules.Require = []string{"sub"}

	tests := []struct {
		name     string
		token    func(t *testing.T) string
		noKeys   bool
		sentinel error
		rule     string
	}{
		{
			name:     "alg before typ",
			token:    func(t *testing.T) string { return hsToken(t, `{"alg":"HS512"}`, `{"ver":2}`) },
			sentinel: ErrAlgorithmNotAllowed, rule: "alg",
		},
		{
			name:     "typ before version",
			token:    func(t *testing.T) string { return hsToken(t, `{"alg":"HS256"}`, `{"ver":2}`) },
			sentinel: ErrTypeHeader, rule: "typ",
		},
		{
			name: "version before key",
			token: func(t *testing.T) string {
				return hsToken(t, `{"alg":"HS256","typ":"at+jwt","kid":"gone"}`, `{"ver":2}`)
			},
			sentinel: ErrVersionUnknown, rule: "version",
		},
		{
			name: "key before signature",
			token: func(t *testing.T) string {
				return tamperSignature(hsToken(t, `{"alg":"HS256","typ":"at+jwt","kid":"gone"}`, `{"ver":1}`))
			},
			sentinel: ErrKeyNotFound, rule: "kid",
		},
		{
			name: "signature before claims",
			token: func(t *testing.T) string {
				return tamperSignature(hsToken(t, `{"alg":"HS256","typ":"at+jwt"}`, `{"ver":1}`))
			},
			sentinel: jwt.ErrTokenSignatureInvalid, rule: "signature",
		},
		{
			name:   "no key source",
			token:  func(t *testing.T) string { return hsToken(t, `{"alg":"HS256","typ":"at+jwt"}`, `{"ver":1}`) },
			noKeys: true, sentinel: ErrKeyNotFound, rule: "kid",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v := hsVerifier()
			if tt.noKeys {
				v = NewVerifier(nil, fixedClock(testNow))
			}
			err := v.Verify(context.Background(), tt.token(t), rules, new(testClaims))
			wantRejected(t, err, tt.sentinel, tt.rule)
		})
	}
}

func TestShapeWalk(t *testing.T) {
	rules := hsRules()
	rules.Require = []string{"sub", "jti"}
	rules.Claims = &Object{Fields: []Field{
		{Name: "uid", Kind: ShapeString, Required: true},
		{Name: "count", Kind: ShapeInt},
		{Name: "ratio", Kind: ShapeNumber},
		{Name: "admin", Kind: ShapeBool},
		{Name: "born", Kind: ShapeTime},
		{Name: "scope", Kind: ShapeScopes},
		{Name: "labels", Kind: ShapeMap},
		{Name: "extra", Kind: ShapeJSON},
		{Name: "address", Kind: ShapeObject, Object: &Object{Fields: []Field{
			{Name: "city", Kind: ShapeString, Required: true},
			{Name: "zip", Kind: ShapeInt},
		}}},
		{Name: "items", Kind: ShapeArray, Items: &Field{Kind: ShapeObject, Object: &Object{Fields: []Field{
			{Name: "sku", Kind: ShapeString, Required: true},
		}}}},
		{Name: "matrix", Kind: ShapeArray, Items: &Field{Kind: ShapeArray, Items: &Field{Kind: ShapeInt}}},
	}}
	valid := `{"sub":"alice","jti":"j1","uid":"u1","count":3,"ratio":0.5,"admin":false,"born":1.5,` +
		`"scope":"a b","labels":{"k":"v"},"extra":[1,{"x":null}],"address":{"city":"Paris","zip":75001},` +
		`"items":[{"sku":"a"},{"sku":"b","unknown":1}],"matrix":[[1,2],[3]],"unknown":{"any":"thing"}}`

	tests := []struct {
		name     string
		payload  string
		sentinel error
		failures []string
	}{
		{name: "valid", payload: valid},
		{name: "required missing", payload: `{}`, sentinel: ErrClaimMissing, failures: []string{
			`"sub" required: required claim is missing`,
			`"jti" required: required claim is missing`,
			`"uid" required: required claim is missing`,
		}},
		{name: "wrong types", payload: `{"sub":1,"jti":"j","uid":null,"count":"3","ratio":true,"admin":"yes","born":"now",` +
			`"scope":["a"],"labels":{"k":1},"extra":null,"address":[],"items":{},"matrix":[[1.5]]}`,
			sentinel: ErrClaimInvalid, failures: []string{
				`"sub" type: expected a string, found a number`,
				`"uid" type: expected a string, found null`,
				`"count" type: expected an integer, found a string`,
				`"ratio" type: expected a number, found a boolean`,
				`"admin" type: expected a boolean, found a string`,
				`"born" type: expected a NumericDate (a number of seconds), found a string`,
				`"scope" type: expected a string of space-delimited scopes, found an array`,
				`"labels.k" type: expected a string, found a number`,
				`"extra" type: expected a JSON value other than null, found null`,
				`"address" type: expected an object, found an array`,
				`"items" type: expected an array, found an object`,
				`"matrix[0][0]" type: expected an integer, found a number with a fraction or exponent`,
			}},
		{name: "nested", payload: `{"sub":"s","jti":"j","uid":"u","address":{"zip":"75001"},"items":[{"sku":"a"},{},{"sku":2}]}`,
			sentinel: ErrClaimInvalid, failures: []string{
				`"address.city" required: required claim is missing`,
				`"address.zip" type: expected an integer, found a string`,
				`"items[1].sku" required: required claim is missing`,
				`"items[2].sku" type: expected a string, found a number`,
			}},
		{name: "registered types", payload: `{"sub":"s","jti":"j","uid":"u","iss":["a"],"nbf":"1","aud":{"a":1}}`,
			sentinel: ErrClaimInvalid, failures: []string{
				`"iss" type: expected a string, found an array`,
				`"aud" type: expected a string or an array of strings, found an object`,
				`"nbf" type: expected a NumericDate (a number of seconds), found a string`,
			}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := verifyHS(t, hsToken(t, `{"alg":"HS256"}`, tt.payload), rules)
			if tt.sentinel == nil {
				wantAccepted(t, err)
				return
			}
			if !errors.Is(err, tt.sentinel) {
				t.Errorf("error does not wrap %v", tt.sentinel)
			}
			var got []string
			for _, ve := range validationErrors(err) {
				got = append(got, fmt.Sprintf("%q %s: %s", ve.Claim, ve.Rule, ve.Detail))
			}
			if !slices.Equal(got, tt.failures) {
				t.Errorf("failures:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(tt.failures, "\n"))
			}
		})
	}
}

func TestRequiredRegisteredClaimMatchesGolangJWT(t *testing.T) {
	rules := hsRules()
	rules.Require = []string{"exp"}
	err := verifyHS(t, hsToken(t, `{"alg":"HS256"}`, `{}`), rules)
	wantRejected(t, err, ErrClaimMissing, "required")
	if !errors.Is(err, jwt.ErrTokenRequiredClaimMissing) {
		t.Errorf("error %q does not wrap jwt.ErrTokenRequiredClaimMissing", err)
	}
}

func TestIssuerRule(t *testing.T) {
	rules := hsRules()
	rules.Issuers = []string{"https://auth.example.com", "https://old.example.com"}

	wantAccepted(t, verifyHS(t, hsToken(t, `{"alg":"HS256"}`, `{"iss":"https://old.example.com"}`), rules))

	err := verifyHS(t, hsToken(t, `{"alg":"HS256"}`, `{"iss":"https://evil.example.com"}`), rules)
	wantRejected(t, err, jwt.ErrTokenInvalidIssuer, "issuer")
	if want := `Test v1: "iss": iss is not one of ["https://auth.example.com" "https://old.example.com"] [issuer]`; err.Error() != want {
		t.Errorf("message = %q, want %q", err, want)
	}

	err = verifyHS(t, hsToken(t, `{"alg":"HS256"}`, `{}`), rules)
	wantRejected(t, err, ErrClaimMissing, "issuer")

	rules.Require = []string{"iss"}
	err = verifyHS(t, hsToken(t, `{"alg":"HS256"}`, `{}`), rules)
	wantRejected(t, err, ErrClaimMissing, "required")
}

func TestClaimFailuresAreJoined(t *testing.T) {
	rules := hsRules()
	rules.Issuers = []string{"https://auth.example.com"}
	rules.Claims = &Object{Fields: []Field{{Name: "uid", Kind: ShapeString}}}
	payload := fmt.Sprintf(`{"iss":"https://evil.example.com","exp":%d,"uid":"u"}`, testNow.Add(-time.Hour).Unix())

	claims := &testClaims{validate: func(c *testClaims) error {
		v := Violations{Contract: "Test", Version: 1}
		v.Invalid("uid", "pattern", "does not match ^[a-z]+[0-9]$")
		return v.Err()
	}}
	err := hsVerifier().Verify(context.Background(), hsToken(t, `{"alg":"HS256"}`, payload), rules, claims)
	wantRejected(t, err, ErrClaimInvalid, "exp", "issuer", "pattern")
	for _, sentinel := range []error{jwt.ErrTokenExpired, jwt.ErrTokenInvalidIssuer, jwt.ErrTokenInvalidClaims} {
		if !errors.Is(err, sentinel) {
			t.Errorf("error does not wrap %v", sentinel)
		}
	}
	if claims.UID != "u" || claims.Issuer != "https://evil.example.com" {
		t.Errorf("claims were not decoded: %+v", claims)
	}
}

func TestValidateNotCalledAfterShapeFailure(t *testing.T) {
	rules := hsRules()
	rules.Claims = &Object{Fields: []Field{{Name: "uid", Kind: ShapeString}}}
	called := false
	claims := &testClaims{validate: func(*testClaims) error { called = true; return nil }}

	err := hsVerifier().Verify(context.Background(), hsToken(t, `{"alg":"HS256"}`, `{"uid":5}`), rules, claims)
	wantRejected(t, err, ErrClaimInvalid, "type")
	if called {
		t.Error("Validate ran on claims that failed the shape walk")
	}
}

func TestValidateErrorOfOtherType(t *testing.T) {
	claims := &testClaims{validate: func(*testClaims) error { return errors.New("uid is reserved") }}
	err := hsVerifier().Verify(context.Background(), hsToken(t, `{"alg":"HS256"}`, `{}`), hsRules(), claims)
	wantRejected(t, err, ErrClaimInvalid, "validate")
	if want := "Test v1: uid is reserved [validate]"; err.Error() != want {
		t.Errorf("message = %q, want %q", err, want)
	}
}

func TestDecodeFailure(t *testing.T) {
	// The shape rules do not describe "count", so the decoder meets the
	// string first.
	err := verifyHS(t, hsToken(t, `{"alg":"HS256"}`, `{"count":"3"}`), hsRules())
	wantRejected(t, err, ErrClaimInvalid, "decode")
}

// recordingObserver records what a verifier tells it.
type recordingObserver struct {
	accepted []string
	rejected []string
}

func (o *recordingObserver) TokenAccepted(_ context.Context, contract string, version int) {
	o.accepted = append(o.accepted, fmt.Sprintf("%s v%d", contract, version))
}

func (o *recordingObserver) TokenRejected(_ context.Context, contract string, version int, err error) {
	o.rejected = append(o.rejected, fmt.Sprintf("%s v%d %q", contract, version, rulesOf(err)))
}

func TestObserverAndLogger(t *testing.T) {
	obs := &recordingObserver{}
	var logs bytes.Buffer
	logger := slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	v := NewVerifier(StaticKeys(HMACKey("k1", hmacSecret())), fixedClock(testNow), WithObserver(obs), WithLogger(logger))
	rules := hsRules()
	rules.Claims = &Object{Fields: []Field{{Name: "uid", Kind: ShapeString, Required: true}}}

	good := hsToken(t, `{"alg":"HS256","kid":"k1"}`, `{"uid":"secret-user-value"}`)
	bad := hsToken(t, `{"alg":"HS256"}`, `{"uid":12345}`)
	ctx := context.Background()
	wantAccepted(t, v.Verify(ctx, good, rules, new(testClaims)))
	wantRejected(t, v.Verify(ctx, bad, rules, new(testClaims)), ErrClaimInvalid, "type")
	wantRejected(t, v.Verify(ctx, "not.a.token", rules, new(testClaims)), jwt.ErrTokenMalformed, "malformed")

	if want := []string{"Test v1"}; !slices.Equal(obs.accepted, want) {
		t.Errorf("accepted = %q, want %q", obs.accepted, want)
	}
	if want := []string{`Test v1 ["type"]`, `Test v1 ["malformed"]`}; !slices.Equal(obs.rejected, want) {
		t.Errorf("rejected = %q, want %q", obs.rejected, want)
	}

	out := logs.String()
	for _, want := range []string{
		`level=DEBUG msg="token accepted" contract=Test version=1 kid=k1 alg=HS256`,
		`level=DEBUG msg="token rejected" contract=Test version=1 claim=uid rule=type kid="" alg=HS256 detail="expected a string, found a number"`,
	} {
		if !strings.Contains(out, want) {
			t.Errorf("log lacks %q:\n%s", want, out)
		}
	}
	for _, secret := range []string{good, bad, "secret-user-value", "12345", good[strings.LastIndexByte(good, '.')+1:]} {
		if strings.Contains(out, secret) {
			t.Errorf("log contains %q:\n%s", secret, out)
		}
	}
}

func TestLogObserver(t *testing.T) {
	var logs bytes.Buffer
	logger := slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	v := hsVerifier(WithObserver(NewLogObserver(logger)))
	rules := hsRules()
	rules.Require = []string{"sub", "jti"}

	wantAccepted(t, v.Verify(context.Background(), hsToken(t, `{"alg":"HS256"}`, `{"sub":"s","jti":"j"}`), rules, nil))
	wantRejected(t, v.Verify(context.Background(), hsToken(t, `{"alg":"HS256"}`, `{}`), rules, nil), ErrClaimMissing, "required", "required")

	lines := strings.Split(strings.TrimSpace(logs.String()), "\n")
	want := []string{
		`level=DEBUG msg="token accepted" contract=Test version=1`,
		`level=INFO msg="token rejected" contract=Test version=1 claim=sub rule=required detail="required claim is missing"`,
		`level=INFO msg="token rejected" contract=Test version=1 claim=jti rule=required detail="required claim is missing"`,
	}
	if len(lines) != len(want) {
		t.Fatalf("log has %d lines, want %d:\n%s", len(lines), len(want), logs.String())
	}
	for i := range want {
		if _, rest, _ := strings.Cut(lines[i], " "); rest != want[i] {
			t.Errorf("line %d = %q, want %q", i, rest, want[i])
		}
	}
}

func TestNilRulesAndToken(t *testing.T) {
	v := hsVerifier()
	if err := v.Verify(context.Background(), hsToken(t, `{"alg":"HS256"}`, `{}`), nil, nil); !errors.Is(err, ErrVersionUnknown) {
		t.Errorf("nil rules: error = %v, want ErrVersionUnknown", err)
	}
	if err := v.VerifyToken(context.Background(), nil, hsRules(), nil); !errors.Is(err, jwt.ErrTokenMalformed) {
		t.Errorf("nil token: error = %v, want jwt.ErrTokenMalformed", err)
	}
}

// TestHMACStateNotSharedAcrossKeys checks that the pooled HMAC states,
// which are reused between verifications, never verify a token under a key
// or algorithm other than the one they were made for.
func TestHMACStateNotSharedAcrossKeys(t *testing.T) {
	secretA := bytes.Repeat([]byte{'a'}, 64)
	secretB := bytes.Repeat([]byte{'b'}, 64)
	payload := `{"sub":"alice"}`
	tokenA256 := signedToken(t, "HS256", `{"alg":"HS256"}`, payload, secretA)
	tokenA384 := signedToken(t, "HS384", `{"alg":"HS384"}`, payload, secretA)
	rules := &Rules{Contract: "Test", Version: 1, Algorithms: []string{"HS256", "HS384"}}
	verifierA := NewVerifier(StaticKeys(HMACKey("", secretA)), fixedClock(testNow))
	verifierB := NewVerifier(StaticKeys(HMACKey("", secretB)), fixedClock(testNow))
	// A key made from the same bytes has its own copy of them, so it gets
	// its own state, and must still verify.
	verifierA2 := NewVerifier(StaticKeys(HMACKey("", secretA)), fixedClock(testNow))

	steps := []struct {
		name     string
		verifier *Verifier
		token    string
		accept   bool
	}{
		{name: "A HS256", verifier: verifierA, token: tokenA256, accept: true},
		{name: "B rejects A HS256", verifier: verifierB, token: tokenA256},
		{name: "A HS384", verifier: verifierA, token: tokenA384, accept: true},
		{name: "A HS256 again", verifier: verifierA, token: tokenA256, accept: true},
		{name: "copy of A HS256", verifier: verifierA2, token: tokenA256, accept: true},
		{name: "B rejects A HS384", verifier: verifierB, token: tokenA384},
		{name: "A HS384 again", verifier: verifierA, token: tokenA384, accept: true},
	}
	for range 3 {
		for _, step := range steps {
			err := step.verifier.Verify(context.Background(), step.token, rules, new(testClaims))
			if step.accept {
				if err != nil {
					t.Fatalf("%s: error = %v, want nil", step.name, err)
				}
				continue
			}
			if !errors.Is(err, jwt.ErrTokenSignatureInvalid) {
				t.Fatalf("%s: error = %v, want jwt.ErrTokenSignatureInvalid", step.name, err)
			}
		}
	}
}
