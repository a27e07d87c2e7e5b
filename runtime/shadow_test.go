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
)

// errCandidate is the error of a rejecting test candidate.
var errCandidate = &ValidationError{
	Contract: "TestNext", Version: 2, Claim: "tenant_id",
	Rule: "required", Detail: "required claim is missing", Err: ErrClaimMissing,
}

// testShadow is a candidate that returns err and records its calls in
// calls.
type testShadow struct {
	name  string
	err   error
	calls *[]string
}

func (s testShadow) ShadowName() string { return s.name }

func (s testShadow) CheckShadow(ctx context.Context, t *Token) error {
	sub, _ := t.Claim("sub")
	*s.calls = append(*s.calls, fmt.Sprintf("%s ctx=%v sub=%s", s.name, ctx.Value(ctxKey{}), sub))
	return s.err
}

type ctxKey struct{}

// shadowRecorder is a recordingObserver that implements ShadowObserver.
type shadowRecorder struct {
	recordingObserver
	shadow []string
	errs   []error
}

func (o *shadowRecorder) ShadowRejected(_ context.Context, contract string, version int, candidate string, err error) {
	o.shadow = append(o.shadow, fmt.Sprintf("%s v%d %s %q", contract, version, candidate, rulesOf(err)))
	o.errs = append(o.errs, err)
}

func TestShadowRejectionReported(t *testing.T) {
	var calls []string
	obs := &shadowRecorder{}
	v := hsVerifier(WithObserver(obs), WithShadow(
		testShadow{name: "TestNext", err: errCandidate, calls: &calls},
		testShadow{name: "TestOther", calls: &calls},
	))
	ctx := context.WithValue(context.Background(), ctxKey{}, "request-1")

	wantAccepted(t, v.Verify(ctx, hsToken(t, `{"alg":"HS256"}`, `{"sub":"alice"}`), hsRules(), new(testClaims)))

	wantCalls := []string{`TestNext ctx=request-1 sub="alice"`, `TestOther ctx=request-1 sub="alice"`}
	if !slices.Equal(calls, wantCalls) {
		t.Errorf("calls = %q, want %q", calls, wantCalls)
	}
	if want := []string{`Test v1 TestNext ["required"]`}; !slices.Equal(obs.shadow, want) {
		t.Errorf("shadow rejections = %q, want %q", obs.shadow, want)
	}
	if len(obs.errs) != 1 || obs.errs[0] != error(errCandidate) {
		t.Errorf("shadow errors = %v, want only the candidate's error", obs.errs)
	}
	if want := []string{"Test v1"}; !slices.Equal(obs.accepted, want) {
		t.Errorf("accepted = %q, want %q", obs.accepted, want)
	}
	if len(obs.rejected) != 0 {
		t.Errorf("rejected = %q, want none", obs.rejected)
	}
}

func TestShadowAcceptingReportsNothing(t *testing.T) {
	var calls []string
	obs := &shadowRecorder{}
	v := hsVerifier(WithObserver(obs), WithShadow(testShadow{name: "TestNext", calls: &calls}))

	wantAccepted(t, v.Verify(context.Background(), hsToken(t, `{"alg":"HS256"}`, `{"sub":"alice"}`), hsRules(), nil))

	if len(calls) != 1 {
		t.Errorf("calls = %q, want one", calls)
	}
	if len(obs.shadow) != 0 {
		t.Errorf("shadow rejections = %q, want none", obs.shadow)
	}
}

func TestShadowPlainObserverNotCalled(t *testing.T) {
	var calls []string
	obs := &recordingObserver{}
	v := hsVerifier(WithObserver(obs), WithShadow(testShadow{name: "TestNext", err: errCandidate, calls: &calls}))

	wantAccepted(t, v.Verify(context.Background(), hsToken(t, `{"alg":"HS256"}`, `{"sub":"alice"}`), hsRules(), nil))

	if len(calls) != 1 {
		t.Errorf("calls = %q, want one", calls)
	}
	if want := []string{"Test v1"}; !slices.Equal(obs.accepted, want) {
		t.Errorf("accepted = %q, want %q", obs.accepted, want)
	}
	if len(obs.rejected) != 0 {
		t.Errorf("rejected = %q, want none", obs.rejected)
	}
}

func TestShadowSkippedForRejectedToken(t *testing.T) {
	var calls []string
	obs := &shadowRecorder{}
	v := hsVerifier(WithObserver(obs), WithShadow(testShadow{name: "TestNext", err: errCandidate, calls: &calls}))
	rules := hsRules()
	rules.Require = []string{"jti"}

	err := v.Verify(context.Background(), hsToken(t, `{"alg":"HS256"}`, `{"sub":"alice"}`), rules, nil)
	wantRejected(t, err, ErrClaimMissing, "required")

	if len(calls) != 0 {
		t.Errorf("calls = %q, want none", calls)
	}
	if len(obs.shadow) != 0 {
		t.Errorf("shadow rejections = %q, want none", obs.shadow)
	}
	if want := []string{`Test v1 ["required"]`}; !slices.Equal(obs.rejected, want) {
		t.Errorf("rejected = %q, want %q", obs.rejected, want)
	}
}

func TestShadowLogged(t *testing.T) {
	var calls []string
	var debugLogs, infoLogs bytes.Buffer
	debug := slog.New(slog.NewTextHandler(&debugLogs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	info := slog.New(slog.NewTextHandler(&infoLogs, &slog.HandlerOptions{Level: slog.LevelInfo}))
	v := NewVerifier(StaticKeys(HMACKey("k1", hmacSecret())), fixedClock(testNow),
		WithLogger(debug), WithObserver(NewLogObserver(info)),
		WithShadow(testShadow{name: "TestNext", err: errors.Join(errCandidate, errors.New("plain failure")), calls: &calls}))
	token := hsToken(t, `{"alg":"HS256","kid":"k1"}`, `{"sub":"secret-subject"}`)

	wantAccepted(t, v.Verify(context.Background(), token, hsRules(), nil))

	tests := []struct {
		name string
		logs *bytes.Buffer
		want []string
	}{
		{
			name: "logger",
			logs: &debugLogs,
			want: []string{
				`level=DEBUG msg="token accepted" contract=Test version=1 kid=k1 alg=HS256`,
				`level=DEBUG msg="shadow candidate rejected token" contract=Test version=1 candidate=TestNext claim=tenant_id rule=required kid=k1 alg=HS256 detail="required claim is missing"`,
				`level=DEBUG msg="shadow candidate rejected token" contract=Test version=1 candidate=TestNext claim="" rule="" kid=k1 alg=HS256 detail="plain failure"`,
			},
		},
		{
			name: "log observer",
			logs: &infoLogs,
			want: []string{
				`level=INFO msg="shadow candidate rejected token" contract=Test version=1 candidate=TestNext claim=tenant_id rule=required detail="required claim is missing"`,
				`level=INFO msg="shadow candidate rejected token" contract=Test version=1 candidate=TestNext claim="" rule="" detail="plain failure"`,
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out := tt.logs.String()
			lines := strings.Split(strings.TrimSpace(out), "\n")
			if len(lines) != len(tt.want) {
				t.Fatalf("log has %d lines, want %d:\n%s", len(lines), len(tt.want), out)
			}
			for i := range tt.want {
				if _, rest, _ := strings.Cut(lines[i], " "); rest != tt.want[i] {
					t.Errorf("line %d = %q, want %q", i, rest, tt.want[i])
				}
			}
			for _, secret := range []string{token, "secret-subject", token[strings.LastIndexByte(token, '.')+1:]} {
				if strings.Contains(out, secret) {
					t.Errorf("log contains %q:\n%s", secret, out)
				}
			}
		})
	}
}

// panickingShadow is a candidate whose check panics.
type panickingShadow struct{}

func (panickingShadow) ShadowName() string { return "Panics" }

func (panickingShadow) CheckShadow(context.Context, *Token) error { panic("shadow bug") }

func TestShadowPanicNotRecovered(t *testing.T) {
	v := hsVerifier(WithShadow(panickingShadow{}))
	token := hsToken(t, `{"alg":"HS256"}`, `{"sub":"alice"}`)
	defer func() {
		if r := recover(); r != "shadow bug" {
			t.Errorf("recovered %v, want the shadow's panic", r)
		}
	}()
	_ = v.Verify(context.Background(), token, hsRules(), nil)
	t.Error("Verify returned, want the shadow's panic")
}

func TestShadowIgnoredByIssuer(t *testing.T) {
	signer, _ := roundTripKeys(t, "HS256")
	issuer := NewIssuer(signer, fixedClock(testNow), WithShadow(panickingShadow{}))
	if _, err := issuer.Issue(context.Background(), hsRules(), new(testClaims), nil); err != nil {
		t.Errorf("Issue: %v", err)
	}
}

func TestWithShadowSkipsNil(t *testing.T) {
	var calls []string
	v := hsVerifier(WithShadow(nil, testShadow{name: "TestNext", calls: &calls}))
	wantAccepted(t, v.Verify(context.Background(), hsToken(t, `{"alg":"HS256"}`, `{"sub":"alice"}`), hsRules(), nil))
	if len(calls) != 1 {
		t.Errorf("calls = %q, want one", calls)
	}
}
