package specverify

import (
	"context"
	"fmt"
	"path/filepath"
	"testing"

	"github.com/jwtgen/jwtgen/runtime"
	"github.com/jwtgen/jwtgen/runtime/contracttest"
	"github.com/jwtgen/jwtgen/spec"
)

// TestGoldenCases runs the golden cases that jwtgen generates for the
// example contracts against the interpreted contract instead of the
// generated code. The contracttest package compares each verdict with the
// expected outcome and each upgraded payload with the expected one,
// leaving out the claims that upgrade hooks derive.
func TestGoldenCases(t *testing.T) {
	tests := []struct {
		name     string
		contract string
		cases    string
	}{
		{name: "orders", contract: "../examples/orders/tokens/orders.jwt.yaml", cases: "../examples/orders/tokens/testdata/jwtgen/OrdersAccess"},
		{name: "allkinds", contract: "../internal/allkinds/allkinds.jwt.yaml", cases: "../internal/allkinds/testdata/jwtgen/AllKinds"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := spec.Load(tt.contract)
			if err != nil {
				t.Fatal(err)
			}
			contracttest.Run(t, filepath.Clean(tt.cases), verifiers(c))
		})
	}
}

// verifiers returns the verify functions of c that contracttest.Run calls.
func verifiers(c *spec.Contract) contracttest.Verifiers {
	v := contracttest.Verifiers{Versions: map[int]contracttest.VerifyFunc{}}
	for _, version := range c.Versions {
		n := version.Number
		v.Versions[n] = func(ctx context.Context, keys runtime.KeySource, opts []runtime.Option, token string) (any, error) {
			v := New(c, keys, opts...)
			r := v.VerifyVersion(ctx, token, n)
			// Verdict, which stops at the first failed group, must agree
			// with Verify, which runs them all.
			full, fast := v.Verify(ctx, token), v.Verdict(ctx, token)
			if fmt.Sprint(full.Err) != fmt.Sprint(fast.Err) {
				return nil, fmt.Errorf("Verdict returned %v, but Verify returned %v", fast.Err, full.Err)
			}
			return r.Values, r.Err
		}
	}
	v.Upgrade = func(ctx context.Context, keys runtime.KeySource, opts []runtime.Option, token string) (any, error) {
		r := New(c, keys, opts...).Verify(ctx, token)
		if r.Err != nil {
			return nil, r.Err
		}
		up, err := Upgrade(c, r.Values)
		if err != nil {
			return nil, err
		}
		return up.Payload()
	}
	return v
}
