package runtime

import (
	"context"
	"errors"
	"slices"
	"testing"
)

func TestVerifyTokenThenReportsFailure(t *testing.T) {
	token := hsToken(t, `{"alg":"HS256"}`, `{"sub":"alice"}`)
	upgradeErr := &ValidationError{Contract: "Test", Version: 2, Claim: "tenant_id", Rule: "pattern", Detail: "does not match", Err: ErrClaimInvalid}

	tests := []struct {
		name         string
		then         func() error
		wantErr      error
		wantAccepted []VersionCount
		wantRejected []VersionCount
		wantShadow   []string
	}{
		{name: "then succeeds", then: func() error { return nil },
			wantAccepted: []VersionCount{{Contract: "Test", Version: 1, Count: 1}},
			wantRejected: []VersionCount{}, wantShadow: []string{"Next ctx=<nil> sub=\"alice\""}},
		{name: "then fails", then: func() error { return upgradeErr }, wantErr: upgradeErr,
			wantAccepted: []VersionCount{},
			wantRejected: []VersionCount{{Contract: "Test", Version: 1, Count: 1}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			counters := NewCounters()
			var calls []string
			v := hsVerifier(WithObserver(counters), WithShadow(testShadow{name: "Next", calls: &calls}))
			tok, err := v.Parse(token)
			if err != nil {
				t.Fatal(err)
			}

			err = v.VerifyTokenThen(context.Background(), tok, hsRules(), new(testClaims), tt.then)
			if !errors.Is(err, tt.wantErr) || (tt.wantErr == nil && err != nil) {
				t.Errorf("VerifyTokenThen = %v, want %v", err, tt.wantErr)
			}
			snap := counters.Snapshot()
			if !slices.Equal(snap.Accepted, tt.wantAccepted) {
				t.Errorf("accepted = %v, want %v", snap.Accepted, tt.wantAccepted)
			}
			if !slices.Equal(snap.Rejected, tt.wantRejected) {
				t.Errorf("rejected = %v, want %v", snap.Rejected, tt.wantRejected)
			}
			if !slices.Equal(calls, tt.wantShadow) {
				t.Errorf("shadow calls = %q, want %q", calls, tt.wantShadow)
			}
		})
	}
}
