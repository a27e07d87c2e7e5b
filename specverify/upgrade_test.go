package specverify

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/jwtgen/jwtgen/runtime"
	"github.com/jwtgen/jwtgen/spec"
)

// decodeClaims decodes payload as claims of version n of c.
func decodeClaims(t *testing.T, c *spec.Contract, n int, payload string) *Claims {
	t.Helper()
	claims := NewClaims(c.Name, c.Version(n))
	if err := json.Unmarshal([]byte(payload), claims); err != nil {
		t.Fatal(err)
	}
	return claims
}

func TestUpgradeHooksAndPayload(t *testing.T) {
	tests := []struct {
		name      string
		contract  string
		version   int
		payload   string
		wantHooks []string
		wantJSON  string
	}{
		{
			name:      "orders v1 to v3",
			contract:  "../examples/orders/tokens/orders.jwt.yaml",
			version:   1,
			payload:   `{"sub":"x","uid":"u-1","scope":"orders:read  orders:write","extra":true}`,
			wantHooks: []string{"region"},
			wantJSON:  `{"sub":"u-1","tenant_id":"legacy","scp":["orders:read","orders:write"]}`,
		},
		{
			name:      "orders v3 unchanged",
			contract:  "../examples/orders/tokens/orders.jwt.yaml",
			version:   3,
			payload:   `{"sub":"s","tenant_id":"eu-1","region":"eu"}`,
			wantHooks: nil,
			wantJSON:  `{"sub":"s","tenant_id":"eu-1","region":"eu"}`,
		},
		{
			name:      "allkinds v2 to v3",
			contract:  "../internal/allkinds/allkinds.jwt.yaml",
			version:   2,
			payload:   `{"sub":"s","tenant":"acme","level":3,"profile":{"name":"Ann"}}`,
			wantHooks: []string{"session", "jti"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := spec.Load(tt.contract)
			if err != nil {
				t.Fatal(err)
			}
			up, err := Upgrade(c, decodeClaims(t, c, tt.version, tt.payload))
			if err != nil {
				t.Fatalf("Upgrade: %v", err)
			}
			if !slices.Equal(up.Hooks, tt.wantHooks) {
				t.Errorf("hooks = %q, want %q", up.Hooks, tt.wantHooks)
			}
			if tt.wantJSON == "" {
				return
			}
			payload, err := up.Payload()
			if err != nil {
				t.Fatal(err)
			}
			got, err := json.Marshal(payload)
			if err != nil {
				t.Fatal(err)
			}
			if string(got) != tt.wantJSON {
				t.Errorf("payload = %s, want %s", got, tt.wantJSON)
			}
		})
	}
}

func TestUpgradeFailsOnBrokenRule(t *testing.T) {
	c, err := spec.Load("../examples/orders/tokens/orders.jwt.yaml")
	if err != nil {
		t.Fatal(err)
	}
	// tenant becomes tenant_id, whose pattern rejects capitals.
	_, err = Upgrade(c, decodeClaims(t, c, 1, `{"uid":"u","tenant":"ACME"}`))
	if !errors.Is(err, runtime.ErrClaimInvalid) {
		t.Fatalf("Upgrade error = %v, want one wrapping ErrClaimInvalid", err)
	}
	failures := Failures(err)
	if len(failures) != 1 || failures[0].Claim != "tenant_id" || failures[0].Rule != "pattern" || failures[0].Version != 2 {
		t.Errorf("failures = %v, want one pattern failure of tenant_id in version 2", err)
	}
}

func TestVerifyRejectsFailedUpgrade(t *testing.T) {
	c, err := spec.Load("../examples/orders/tokens/orders.jwt.yaml")
	if err != nil {
		t.Fatal(err)
	}
	now := time.Date(2026, 12, 1, 10, 0, 0, 0, time.UTC)
	encode := func(s string) string { return base64.RawURLEncoding.EncodeToString([]byte(s)) }
	payload := fmt.Sprintf(`{"iss":"https://auth.example.com","aud":"orders-api","sub":"s","uid":"u","tenant":"ACME","ver":1,"iat":%d,"exp":%d}`,
		now.Unix(), now.Add(time.Minute).Unix())
	token := encode(`{"alg":"RS256","typ":"JWT"}`) + "." + encode(payload) + "." + encode("not checked")

	// Without keys the verifier checks every rule but the signature, so
	// the version 1 token passes its own rules and fails only the upgrade.
	v := New(c, nil, runtime.WithClock(func() time.Time { return now }))
	for name, r := range map[string]*Result{"Verify": v.Verify(context.Background(), token), "Verdict": v.Verdict(context.Background(), token)} {
		if r.Claims != nil {
			t.Errorf("%s: claim rules failed: %v, want them passed", name, r.Claims)
		}
		if r.Upgrade == nil {
			t.Errorf("%s: Upgrade = nil, want the tenant_id pattern failure", name)
		}
		if !errors.Is(r.Err, runtime.ErrClaimInvalid) {
			t.Errorf("%s: Err = %v, want one wrapping ErrClaimInvalid", name, r.Err)
		}
	}
}
