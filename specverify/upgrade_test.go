package specverify

import (
	"encoding/json"
	"errors"
	"slices"
	"testing"

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
