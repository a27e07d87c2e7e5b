package bench

import (
	"context"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"
	"github.com/jwtgen/jwtgen/bench/contract"
	"github.com/jwtgen/jwtgen/runtime"
)

// tokenCase is a payload and typ header, and whether the contract's
// newest version accepts them.
type tokenCase struct {
	name   string
	typ    string
	edit   func(jwt.MapClaims)
	accept bool
}

var tokenCases = []tokenCase{
	{name: "valid", typ: "at+jwt", accept: true},
	{name: "typ with prefix and case", typ: "Application/AT+JWT", accept: true},
	{name: "expired inside leeway", typ: "at+jwt", accept: true, edit: func(c jwt.MapClaims) {
		c["exp"] = benchNow.Add(-29 * time.Second).Unix()
		c["iat"] = benchNow.Add(-5 * time.Minute).Unix()
	}},
	{name: "expired past leeway", typ: "at+jwt", edit: func(c jwt.MapClaims) {
		c["exp"] = benchNow.Add(-31 * time.Second).Unix()
		c["iat"] = benchNow.Add(-5 * time.Minute).Unix()
	}},
	{name: "issued in future", typ: "at+jwt", edit: func(c jwt.MapClaims) {
		c["iat"] = benchNow.Add(time.Minute).Unix()
	}},
	{name: "lifetime too long", typ: "at+jwt", edit: func(c jwt.MapClaims) {
		c["exp"] = issuedAt.Add(11 * time.Minute).Unix()
	}},
	{name: "typ missing", typ: ""},
	{name: "typ wrong", typ: "JWT"},
	{name: "iss wrong", typ: "at+jwt", edit: func(c jwt.MapClaims) { c["iss"] = "https://evil.example.com" }},
	{name: "aud wrong", typ: "at+jwt", edit: func(c jwt.MapClaims) { c["aud"] = "billing-api" }},
	{name: "ver wrong", typ: "at+jwt", edit: func(c jwt.MapClaims) { c["ver"] = 7 }},
	{name: "exp missing", typ: "at+jwt", edit: func(c jwt.MapClaims) { delete(c, "exp") }},
	{name: "iat missing", typ: "at+jwt", edit: func(c jwt.MapClaims) { delete(c, "iat") }},
	{name: "sub missing", typ: "at+jwt", edit: func(c jwt.MapClaims) { delete(c, "sub") }},
	{name: "jti missing", typ: "at+jwt", edit: func(c jwt.MapClaims) { delete(c, "jti") }},
	{name: "tenant_id missing", typ: "at+jwt", edit: func(c jwt.MapClaims) { delete(c, "tenant_id") }},
	{name: "tenant_id pattern", typ: "at+jwt", edit: func(c jwt.MapClaims) { c["tenant_id"] = "Acme EU" }},
	{name: "tenant_id number", typ: "at+jwt", edit: func(c jwt.MapClaims) { c["tenant_id"] = 42 }},
	{name: "scp not array", typ: "at+jwt", edit: func(c jwt.MapClaims) { c["scp"] = "orders:read" }},
	{name: "scp item number", typ: "at+jwt", edit: func(c jwt.MapClaims) { c["scp"] = []any{"orders:read", 1} }},
	{name: "roles value", typ: "at+jwt", edit: func(c jwt.MapClaims) { c["roles"] = []string{"root"} }},
	{name: "region missing", typ: "at+jwt", edit: func(c jwt.MapClaims) { delete(c, "region") }},
	{name: "region value", typ: "at+jwt", edit: func(c jwt.MapClaims) { c["region"] = "apac" }},
}

// TestImplementationsAgree checks that every implementation but the floor
// accepts and rejects the same tokens, so that the benchmarks compare
// verifiers that do the same work.
func TestImplementationsAgree(t *testing.T) {
	keys := newKeyPairs(t)
	for _, alg := range algorithms {
		k := keys[alg]
		for _, impl := range implementations {
			if !impl.full {
				continue
			}
			verify := impl.new(k)
			for _, tc := range tokenCases {
				t.Run(alg+"/"+impl.name+"/"+tc.name, func(t *testing.T) {
					claims := newestClaims()
					if tc.edit != nil {
						tc.edit(claims)
					}
					err := verify(sign(t, k, tc.typ, claims))
					switch {
					case tc.accept && err != nil:
						t.Fatalf("rejected a valid token: %v", err)
					case !tc.accept && err == nil:
						t.Fatal("accepted an invalid token")
					}
				})
			}
		}
	}
}

// TestFloorChecksSignature checks that the floor accepts a valid token and
// rejects one whose signature belongs to another payload.
func TestFloorChecksSignature(t *testing.T) {
	keys := newKeyPairs(t)
	for _, alg := range algorithms {
		t.Run(alg, func(t *testing.T) {
			k := keys[alg]
			verify := newFloor(k)
			token := sign(t, k, "at+jwt", newestClaims())
			if err := verify(token); err != nil {
				t.Fatalf("rejected a valid token: %v", err)
			}
			other := sign(t, k, "at+jwt", oldestClaims())
			forged := token[:lastDot(token)] + other[lastDot(other):]
			if err := verify(forged); err == nil {
				t.Fatal("accepted a signature over another payload")
			}
		})
	}
}

func lastDot(s string) int {
	for i := len(s) - 1; i >= 0; i-- {
		if s[i] == '.' {
			return i
		}
	}
	return -1
}

// TestOldestTokenUpgraded checks that Verify accepts a version 1 token and
// returns claims upgraded to version 3.
func TestOldestTokenUpgraded(t *testing.T) {
	keys := newKeyPairs(t)
	for _, alg := range algorithms {
		t.Run(alg, func(t *testing.T) {
			k := keys[alg]
			token := sign(t, k, "JWT", oldestClaims())
			if err := newJWTGen(k)(token); err != nil {
				t.Fatalf("rejected a valid version 1 token: %v", err)
			}
		})
	}
	k := keys["ES256"]
	key, err := runtime.PublicKey(k.kid, k.public)
	if err != nil {
		t.Fatal(err)
	}
	v := contract.NewAccessVerifier(runtime.StaticKeys(key), runtime.WithClock(clock))
	claims, version, err := v.VerifyVersion(context.Background(), sign(t, k, "JWT", oldestClaims()))
	if err != nil {
		t.Fatal(err)
	}
	if version != 1 {
		t.Errorf("version = %d, want 1", version)
	}
	if claims.TenantID != "acme-eu" {
		t.Errorf("TenantID = %q, want %q", claims.TenantID, "acme-eu")
	}
	if claims.Region != contract.AccessRegionEu {
		t.Errorf("Region = %q, want %q", claims.Region, contract.AccessRegionEu)
	}
	if len(claims.Roles) != 1 || claims.Roles[0] != contract.AccessRolesViewer {
		t.Errorf("Roles = %q, want [viewer]", claims.Roles)
	}
}

// TestVersionOneRejectedByPeers documents that the peers accept version 3
// only: a version 1 token has no "ver" claim.
func TestVersionOneRejectedByPeers(t *testing.T) {
	keys := newKeyPairs(t)
	k := keys["HS256"]
	token := sign(t, k, "at+jwt", oldestClaims())
	for _, impl := range implementations[2:] {
		if err := impl.new(k)(token); err == nil {
			t.Errorf("%s accepted a version 1 token", impl.name)
		}
	}
}

// BenchmarkVerify verifies the same valid version 3 token with each
// implementation, per algorithm. The jwtgen-v1 case verifies a version 1
// token with the same generated Verify, which upgrades its claims to
// version 3 through version 2.
func BenchmarkVerify(b *testing.B) {
	keys := newKeyPairs(b)
	for _, alg := range algorithms {
		k := keys[alg]
		newest := sign(b, k, "at+jwt", newestClaims())
		oldest := sign(b, k, "JWT", oldestClaims())
		for _, impl := range implementations {
			b.Run(alg+"/"+impl.name, func(b *testing.B) {
				benchmarkToken(b, impl.new(k), newest)
			})
		}
		b.Run(alg+"/jwtgen-v1", func(b *testing.B) {
			benchmarkToken(b, newJWTGen(k), oldest)
		})
	}
}

func benchmarkToken(b *testing.B, verify verifyFunc, token string) {
	if err := verify(token); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if err := verify(token); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkUpgrade measures the upgrade chain alone: the Upgrade methods
// from version 1 claims to version 3, each of which validates its result.
func BenchmarkUpgrade(b *testing.B) {
	k := newKeyPairs(b)["EdDSA"]
	key, err := runtime.PublicKey(k.kid, k.public)
	if err != nil {
		b.Fatal(err)
	}
	v := contract.NewAccessVerifier(runtime.StaticKeys(key), runtime.WithClock(clock))
	claims, err := v.VerifyV1(context.Background(), sign(b, k, "JWT", oldestClaims()))
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		v2, err := claims.Upgrade()
		if err != nil {
			b.Fatal(err)
		}
		if _, err := v2.Upgrade(); err != nil {
			b.Fatal(err)
		}
	}
}
