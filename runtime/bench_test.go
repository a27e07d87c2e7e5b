package runtime

import (
	"context"
	"testing"
	"time"
)

func BenchmarkVerify(b *testing.B) {
	for _, alg := range []string{"HS256", "RS256", "ES256", "EdDSA"} {
		b.Run(alg, func(b *testing.B) {
			t := &testing.T{}
			signer, key := roundTripKeys(t, alg)
			rules := issueRules(alg)
			claims := &testClaims{UID: "u-1", Scope: SpaceDelimited{"orders:read"}}
			claims.Subject = "alice"
			token, err := NewIssuer(signer, fixedClock(testNow)).Issue(context.Background(), rules, claims, &claims.RegisteredClaims)
			if err != nil {
				b.Fatal(err)
			}
			v := NewVerifier(StaticKeys(key), fixedClock(testNow.Add(time.Minute)))
			ctx := context.Background()

			b.ReportAllocs()
			for b.Loop() {
				if err := v.Verify(ctx, token, rules, new(testClaims)); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
