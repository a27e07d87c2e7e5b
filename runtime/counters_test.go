package runtime

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"sync"
	"testing"
	"time"
)

func TestCountersFromVerifier(t *testing.T) {
	c := NewCounters()
	var calls []string
	v := hsVerifier(WithObserver(c), WithShadow(testShadow{name: "TestNext", err: errCandidate, calls: &calls}))
	ctx := context.Background()
	rules := hsRules()
	rules.Issuers = []string{"https://auth.example.com"}
	rules.Claims = &Object{Fields: []Field{{Name: "uid", Kind: ShapeString}}}

	good := hsToken(t, `{"alg":"HS256"}`, `{"iss":"https://auth.example.com","sub":"alice"}`)
	expired := hsToken(t, `{"alg":"HS256"}`, fmt.Sprintf(`{"iss":"https://auth.example.com","exp":%d}`, testNow.Add(-time.Hour).Unix()))
	expiredAndForeign := hsToken(t, `{"alg":"HS256"}`, fmt.Sprintf(`{"iss":"https://evil.example.com","exp":%d}`, testNow.Add(-time.Hour).Unix()))

	for range 3 {
		wantAccepted(t, v.Verify(ctx, good, rules, new(testClaims)))
	}
	for _, token := range []string{expired, expiredAndForeign, "not-a-token"} {
		if err := v.Verify(ctx, token, rules, new(testClaims)); err == nil {
			t.Fatal("expected a rejection, got nil")
		}
	}
	c.KeysRefreshed(ctx, "https://b.example.com/jwks", 2)
	c.KeysRefreshed(ctx, "https://a.example.com/jwks", 2)
	c.KeysRefreshed(ctx, "https://a.example.com/jwks", 3)
	c.KeyRefreshFailed(ctx, "https://a.example.com/jwks", errors.New("HTTP status 500"))

	want := CountersSnapshot{
		Accepted: []VersionCount{{Contract: "Test", Version: 1, Count: 3}},
		Rejected: []VersionCount{{Contract: "Test", Version: 1, Count: 3}},
		RejectedRules: []RuleCount{
			{Contract: "Test", Version: 1, Rule: "exp", Count: 2},
			{Contract: "Test", Version: 1, Rule: "issuer", Count: 1},
			{Contract: "Test", Version: 1, Rule: "malformed", Count: 1},
		},
		ShadowRejected: []ShadowRuleCount{
			{Contract: "Test", Version: 1, Candidate: "TestNext", Rule: "required", Count: 3},
		},
		KeyRefreshes: []SourceCount{
			{Source: "https://a.example.com/jwks", Count: 2},
			{Source: "https://b.example.com/jwks", Count: 1},
		},
		KeyRefreshFailures: []SourceCount{{Source: "https://a.example.com/jwks", Count: 1}},
	}
	if got := c.Snapshot(); !reflect.DeepEqual(got, want) {
		t.Errorf("snapshot =\n%+v\nwant\n%+v", got, want)
	}
}

func TestCountersSortedByLabels(t *testing.T) {
	c := NewCounters()
	ctx := context.Background()
	c.TokenAccepted(ctx, "B", 1)
	c.TokenAccepted(ctx, "A", 2)
	c.TokenAccepted(ctx, "A", 1)
	c.TokenRejected(ctx, "A", 1, errors.Join(
		&ValidationError{Rule: "signature"},
		&ValidationError{Rule: "audience"},
	))
	c.TokenRejected(ctx, "A", 0, errors.New("not a validation error"))
	c.ShadowRejected(ctx, "A", 1, "Z", &ValidationError{Rule: "exp"})
	c.ShadowRejected(ctx, "A", 1, "Y", &ValidationError{Rule: "typ"})

	got := c.Snapshot()
	wantAccepted := []VersionCount{{"A", 1, 1}, {"A", 2, 1}, {"B", 1, 1}}
	if !reflect.DeepEqual(got.Accepted, wantAccepted) {
		t.Errorf("accepted = %+v, want %+v", got.Accepted, wantAccepted)
	}
	wantRejected := []VersionCount{{"A", 0, 1}, {"A", 1, 1}}
	if !reflect.DeepEqual(got.Rejected, wantRejected) {
		t.Errorf("rejected = %+v, want %+v", got.Rejected, wantRejected)
	}
	wantRules := []RuleCount{{"A", 0, "", 1}, {"A", 1, "audience", 1}, {"A", 1, "signature", 1}}
	if !reflect.DeepEqual(got.RejectedRules, wantRules) {
		t.Errorf("rejected rules = %+v, want %+v", got.RejectedRules, wantRules)
	}
	wantShadow := []ShadowRuleCount{{"A", 1, "Y", "typ", 1}, {"A", 1, "Z", "exp", 1}}
	if !reflect.DeepEqual(got.ShadowRejected, wantShadow) {
		t.Errorf("shadow rejected = %+v, want %+v", got.ShadowRejected, wantShadow)
	}
}

func TestCountersSnapshotIsCopy(t *testing.T) {
	c := NewCounters()
	c.TokenAccepted(context.Background(), "A", 1)
	before := c.Snapshot()
	c.TokenAccepted(context.Background(), "A", 1)
	c.KeysRefreshed(context.Background(), "s", 1)

	if before.Accepted[0].Count != 1 || len(before.KeyRefreshes) != 0 {
		t.Errorf("earlier snapshot changed: %+v", before)
	}
	if got := c.Snapshot().Accepted[0].Count; got != 2 {
		t.Errorf("accepted = %d, want 2", got)
	}
}

func TestCountersConcurrent(t *testing.T) {
	const goroutines, calls = 50, 100
	c := NewCounters()
	var wg sync.WaitGroup
	for range goroutines {
		wg.Go(func() {
			for range calls {
				c.TokenAccepted(context.Background(), "A", 1)
				c.TokenRejected(context.Background(), "A", 1, &ValidationError{Rule: "exp"})
				c.KeyRefreshFailed(context.Background(), "s", errors.New("down"))
				c.Snapshot()
			}
		})
	}
	wg.Wait()

	got := c.Snapshot()
	want := CountersSnapshot{
		Accepted:           []VersionCount{{"A", 1, goroutines * calls}},
		Rejected:           []VersionCount{{"A", 1, goroutines * calls}},
		RejectedRules:      []RuleCount{{"A", 1, "exp", goroutines * calls}},
		ShadowRejected:     []ShadowRuleCount{},
		KeyRefreshes:       []SourceCount{},
		KeyRefreshFailures: []SourceCount{{"s", goroutines * calls}},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("snapshot =\n%+v\nwant\n%+v", got, want)
	}
}

func TestCountersFromRemoteSource(t *testing.T) {
	c := NewCounters()
	srv := newJWKSServer(t, jwksBody(t, ecJWK("a")))
	s := newTestRemote(t, srv, newTestClock(), WithKeyObserver(c))
	if err := s.Refresh(context.Background()); err != nil {
		t.Fatal(err)
	}
	srv.respond(500, nil)
	s.Refresh(context.Background())

	got := c.Snapshot()
	want := []SourceCount{{Source: srv.jwksURL(), Count: 1}}
	if !reflect.DeepEqual(got.KeyRefreshes, want) {
		t.Errorf("refreshes = %+v, want %+v", got.KeyRefreshes, want)
	}
	if !reflect.DeepEqual(got.KeyRefreshFailures, want) {
		t.Errorf("refresh failures = %+v, want %+v", got.KeyRefreshFailures, want)
	}
}
