package runtime

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"
)

// testVersionSet returns a set of versions 1, 2 and 3 of contract "Test",
// with "ver" as the version claim, each accepting HS256.
func testVersionSet(unversioned int) *VersionSet {
	set := &VersionSet{Contract: "Test", VersionClaim: "ver", Unversioned: unversioned}
	for n := 1; n <= 3; n++ {
		set.Versions = append(set.Versions, &Rules{
			Contract:     "Test",
			Version:      n,
			Algorithms:   []string{"HS256"},
			VersionClaim: "ver",
			Unversioned:  n == unversioned,
		})
	}
	return set
}

func TestSelectVersion(t *testing.T) {
	tests := []struct {
		name        string
		payload     string
		unversioned int
		set         func(*VersionSet)
		now         time.Time
		wantVersion int
		wantErr     error
		wantRule    string
		wantMessage string
	}{
		{name: "number", payload: `{"ver":2}`, wantVersion: 2},
		{name: "string", payload: `{"ver":"3"}`, wantVersion: 3},
		{name: "string with escape", payload: `{"ver":"\u0032"}`, wantVersion: 2},
		{name: "absent and unversioned", payload: `{}`, unversioned: 1, wantVersion: 1},
		{name: "claim wins over unversioned", payload: `{"ver":2}`, unversioned: 1, wantVersion: 2},
		{
			name:    "absent",
			payload: `{}`,
			wantErr: ErrVersionUnknown, wantRule: "version",
			wantMessage: `Test: "ver": token has no "ver" claim [version]`,
		},
		{
			name:    "unknown version",
			payload: `{"ver":7}`,
			wantErr: ErrVersionUnknown, wantRule: "version",
			wantMessage: `Test: "ver": token is version 7; accepted versions are 1, 2, 3 [version]`,
		},
		{
			name:    "unknown version 0",
			payload: `{"ver":0}`,
			wantErr: ErrVersionUnknown, wantRule: "version",
			wantMessage: `Test: "ver": token is version 0; accepted versions are 1, 2, 3 [version]`,
		},
		{
			name:    "unknown version lists accepted ones",
			payload: `{"ver":"7"}`,
			set: func(s *VersionSet) {
				s.Versions[0].AcceptUntil = testNow
				s.Versions[2].Retired = true
			},
			wantErr: ErrVersionUnknown, wantRule: "version",
			wantMessage: `Test: "ver": token is version 7; the accepted version is 2 [version]`,
		},
		{
			name:    "unknown version and none accepted",
			payload: `{"ver":7}`,
			set: func(s *VersionSet) {
				for _, r := range s.Versions {
					r.Retired = true
				}
			},
			wantErr: ErrVersionUnknown, wantRule: "version",
			wantMessage: `Test: "ver": token is version 7; no version is accepted [version]`,
		},
		{
			name:    "fraction string",
			payload: `{"ver":"1.5"}`,
			wantErr: ErrVersionUnknown, wantRule: "version",
			wantMessage: `Test: "ver": version claim is not a non-negative integer [version]`,
		},
		{
			name:    "fraction number",
			payload: `{"ver":1.5}`,
			wantErr: ErrVersionUnknown, wantRule: "version",
			wantMessage: `Test: "ver": version claim is not a non-negative integer [version]`,
		},
		{
			name:    "negative",
			payload: `{"ver":-1}`,
			wantErr: ErrVersionUnknown, wantRule: "version",
			wantMessage: `Test: "ver": version claim is not a non-negative integer [version]`,
		},
		{
			name:        "boolean",
			payload:     `{"ver":true}`,
			unversioned: 1,
			wantErr:     ErrVersionUnknown, wantRule: "version",
			wantMessage: `Test: "ver": version claim is not a non-negative integer [version]`,
		},
		{
			name:    "word",
			payload: `{"ver":"v1"}`,
			wantErr: ErrVersionUnknown, wantRule: "version",
			wantMessage: `Test: "ver": version claim is not a non-negative integer [version]`,
		},
		{
			name:    "retired",
			payload: `{"ver":3}`,
			set:     func(s *VersionSet) { s.Versions[2].Retired = true },
			wantErr: ErrVersionRetired, wantRule: "retired",
			wantMessage: `Test v3: "ver": version 3 is retired [retired]`,
		},
		{
			name:        "retired and unversioned",
			payload:     `{}`,
			unversioned: 1,
			set:         func(s *VersionSet) { s.Versions[0].Retired = true },
			wantErr:     ErrVersionRetired, wantRule: "retired",
			wantMessage: `Test v1: "ver": version 1 is retired [retired]`,
		},
		{
			name:        "before accept_until",
			payload:     `{"ver":1}`,
			set:         func(s *VersionSet) { s.Versions[0].AcceptUntil = testNow },
			now:         testNow.Add(-time.Nanosecond),
			wantVersion: 1,
		},
		{
			name:    "at accept_until",
			payload: `{"ver":1}`,
			set:     func(s *VersionSet) { s.Versions[0].AcceptUntil = testNow },
			wantErr: ErrVersionRetired, wantRule: "accept_until",
			wantMessage: `Test v1: "ver": version 1 was accepted until 2026-05-01T12:00:00Z [accept_until]`,
		},
		{
			name:    "after accept_until",
			payload: `{"ver":1}`,
			set:     func(s *VersionSet) { s.Versions[0].AcceptUntil = testNow },
			now:     testNow.Add(time.Second),
			wantErr: ErrVersionRetired, wantRule: "accept_until",
			wantMessage: `Test v1: "ver": version 1 was accepted until 2026-05-01T12:00:00Z [accept_until]`,
		},
		{
			name:    "no version claim",
			payload: `{"ver":2}`,
			set: func(s *VersionSet) {
				s.VersionClaim, s.Unversioned = "", 1
				s.Versions = s.Versions[:1]
				s.Versions[0].VersionClaim = ""
			},
			wantVersion: 1,
		},
		{
			name:    "no version claim and no unversioned version",
			payload: `{}`,
			set:     func(s *VersionSet) { s.VersionClaim = "" },
			wantErr: ErrVersionUnknown, wantRule: "version",
			wantMessage: "Test: the version set names neither a version claim nor an unversioned version [version]",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			set := testVersionSet(tt.unversioned)
			if tt.set != nil {
				tt.set(set)
			}
			now := testNow
			if !tt.now.IsZero() {
				now = tt.now
			}
			obs := &recordingObserver{}
			v := hsVerifier(fixedClock(now), WithObserver(obs))
			tok, err := v.Parse(hsToken(t, `{"alg":"HS256"}`, tt.payload))
			if err != nil {
				t.Fatalf("Parse: %v", err)
			}

			rules, err := v.SelectVersion(context.Background(), tok, set)
			if tt.wantErr == nil {
				wantAccepted(t, err)
				if rules == nil || rules.Version != tt.wantVersion {
					t.Fatalf("rules = %+v, want version %d", rules, tt.wantVersion)
				}
				if rules != set.version(tt.wantVersion) {
					t.Errorf("rules are not the set's rules of version %d", tt.wantVersion)
				}
				if len(obs.accepted)+len(obs.rejected) != 0 {
					t.Errorf("observer told accepted %q and rejected %q, want nothing", obs.accepted, obs.rejected)
				}
				return
			}

			if rules != nil {
				t.Errorf("rules = %+v with an error, want nil", rules)
			}
			wantRejected(t, err, tt.wantErr, tt.wantRule)
			if err.Error() != tt.wantMessage {
				t.Errorf("message = %q, want %q", err, tt.wantMessage)
			}
			var ve *ValidationError
			if !errors.As(err, &ve) {
				t.Fatalf("error %T is not a *ValidationError", err)
			}
			if want := []string{reportLine("Test", ve.Version, tt.wantRule)}; !slices.Equal(obs.rejected, want) {
				t.Errorf("rejected = %q, want %q", obs.rejected, want)
			}
		})
	}
}

// reportLine is what recordingObserver records for a rejection with one
// failed rule.
func reportLine(contract string, version int, rule string) string {
	return fmt.Sprintf("%s v%d [%q]", contract, version, rule)
}

func TestSelectVersionErrorVersion(t *testing.T) {
	set := testVersionSet(0)
	set.Versions[1].Retired = true
	v := hsVerifier()
	tests := []struct {
		name    string
		payload string
		want    int
	}{
		{name: "unknown has no version", payload: `{"ver":9}`, want: 0},
		{name: "retired has its version", payload: `{"ver":2}`, want: 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tok, err := v.Parse(hsToken(t, `{"alg":"HS256"}`, tt.payload))
			if err != nil {
				t.Fatalf("Parse: %v", err)
			}
			_, err = v.SelectVersion(context.Background(), tok, set)
			var ve *ValidationError
			if !errors.As(err, &ve) {
				t.Fatalf("error %v is not a *ValidationError", err)
			}
			if ve.Version != tt.want {
				t.Errorf("Version = %d, want %d", ve.Version, tt.want)
			}
		})
	}
}

func TestSelectVersionThenVerifyToken(t *testing.T) {
	obs := &recordingObserver{}
	v := hsVerifier(WithObserver(obs))
	set := testVersionSet(1)
	for _, r := range set.Versions {
		r.Claims = &Object{Fields: []Field{{Name: "uid", Kind: ShapeString, Required: true}}}
	}
	set.Versions[1].Require = []string{"sub"}

	tok, err := v.Parse(hsToken(t, `{"alg":"HS256"}`, `{"ver":2,"uid":"u-1"}`))
	if err != nil {
		t.Fatalf("Parse: %v", err)
	}
	ctx := context.Background()
	rules, err := v.SelectVersion(ctx, tok, set)
	wantAccepted(t, err)
	if rules.Version != 2 {
		t.Fatalf("selected version %d, want 2", rules.Version)
	}
	// Version 2 requires sub, which the token lacks.
	wantRejected(t, v.VerifyToken(ctx, tok, rules, new(testClaims)), ErrClaimMissing, "required")

	tok, err = v.Parse(hsToken(t, `{"alg":"HS256"}`, `{"ver":"2","uid":"u-1","sub":"alice"}`))
	if err != nil {
		t.Fatalf("Parse: %v", err)
	}
	rules, err = v.SelectVersion(ctx, tok, set)
	wantAccepted(t, err)
	claims := new(testClaims)
	wantAccepted(t, v.VerifyToken(ctx, tok, rules, claims))
	if claims.UID != "u-1" || claims.Subject != "alice" {
		t.Errorf("claims uid %q sub %q, want u-1 and alice", claims.UID, claims.Subject)
	}

	if want := []string{"Test v2"}; !slices.Equal(obs.accepted, want) {
		t.Errorf("accepted = %q, want %q", obs.accepted, want)
	}
	if want := []string{`Test v2 ["required"]`}; !slices.Equal(obs.rejected, want) {
		t.Errorf("rejected = %q, want %q", obs.rejected, want)
	}
}

func TestSelectVersionNilArguments(t *testing.T) {
	v := hsVerifier()
	tok, err := v.Parse(hsToken(t, `{"alg":"HS256"}`, `{"ver":1}`))
	if err != nil {
		t.Fatalf("Parse: %v", err)
	}
	_, err = v.SelectVersion(context.Background(), tok, nil)
	if !errors.Is(err, ErrVersionUnknown) {
		t.Errorf("nil set: error = %v, want ErrVersionUnknown", err)
	}
	_, err = v.SelectVersion(context.Background(), nil, testVersionSet(1))
	wantRejected(t, err, jwt.ErrTokenMalformed, "malformed")
}

func TestParseVersion(t *testing.T) {
	obs := &recordingObserver{}
	v := hsVerifier(WithObserver(obs))
	set := testVersionSet(0)
	ctx := context.Background()

	tok, rules, err := v.ParseVersion(ctx, hsToken(t, `{"alg":"HS256"}`, `{"ver":3}`), set)
	wantAccepted(t, err)
	if tok == nil || rules != set.Versions[2] {
		t.Fatalf("token %v rules %+v, want a token and version 3", tok, rules)
	}
	wantAccepted(t, v.VerifyToken(ctx, tok, rules, nil))

	_, _, err = v.ParseVersion(ctx, "not.a.token", set)
	wantRejected(t, err, jwt.ErrTokenMalformed, "malformed")
	_, _, err = v.ParseVersion(ctx, hsToken(t, `{"alg":"HS256"}`, `{"ver":4}`), set)
	wantRejected(t, err, ErrVersionUnknown, "version")

	if want := []string{"Test v3"}; !slices.Equal(obs.accepted, want) {
		t.Errorf("accepted = %q, want %q", obs.accepted, want)
	}
	if want := []string{`Test v0 ["malformed"]`, `Test v0 ["version"]`}; !slices.Equal(obs.rejected, want) {
		t.Errorf("rejected = %q, want %q", obs.rejected, want)
	}
}
