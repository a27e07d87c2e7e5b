package tokens

import (
	"encoding/json"
	"errors"
	"reflect"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"

	"github.com/jwtgen/jwtgen/runtime"
)

const userID = "5f0c2a8e-1b7d-4c3e-9a51-2d6f8e9b0c41"

var issuedAt = jwt.NewNumericDate(time.Unix(1780000000, 0))

// fullV1 returns version 1 claims with every claim set.
func fullV1() *OrdersAccessV1 {
	return &OrdersAccessV1{
		RegisteredClaims: jwt.RegisteredClaims{Subject: "user-1", IssuedAt: issuedAt},
		UID:              userID,
		Role:             OrdersAccessRoleAdmin,
		Scope:            runtime.SpaceDelimited{"orders:read", "partner:export"},
		Age:              new(int64(30)),
		Link:             new("https://example.com/me"),
		Address:          &OrdersAccessV1Address{City: new("Lyon"), Street: new("1 rue de la Paix")},
		Item:             &OrdersAccessV1Item{Sku: "ABC-12"},
	}
}

func TestUpgrade(t *testing.T) {
	tests := []struct {
		name string
		x    *OrdersAccessV1
		want *OrdersAccessV2
	}{
		{
			name: "every claim",
			x:    fullV1(),
			want: &OrdersAccessV2{
				RegisteredClaims: jwt.RegisteredClaims{Subject: "user-1", IssuedAt: issuedAt},
				UID:              userID,
				TenantID:         "legacy",
				Email:            userID + "@users.example.com",
				Age:              new(30.0),
				Mfa:              true,
				AuthTime:         issuedAt,
				Role:             new(OrdersAccessRoleAdmin),
				Scp:              []string{"orders:read", "partner:export"},
				Address:          &OrdersAccessV2Address{City: "Lyon"},
				Items:            []OrdersAccessV2Items{{Sku: "ABC-12"}},
				Links:            []string{"https://example.com/me"},
				Extra:            json.RawMessage(`{}`),
			},
		},
		{
			name: "defaults",
			x: &OrdersAccessV1{
				RegisteredClaims: jwt.RegisteredClaims{IssuedAt: issuedAt},
				UID:              userID,
				Role:             OrdersAccessRoleViewer,
				Address:          &OrdersAccessV1Address{},
			},
			want: &OrdersAccessV2{
				RegisteredClaims: jwt.RegisteredClaims{IssuedAt: issuedAt},
				UID:              userID,
				TenantID:         "legacy",
				Email:            userID + "@users.example.com",
				Mfa:              true,
				AuthTime:         issuedAt,
				Role:             new(OrdersAccessRoleViewer),
				Scp:              []string{"orders:read"},
				Address:          &OrdersAccessV2Address{City: "Unknown"},
				Items:            []OrdersAccessV2Items{{Sku: "LEG-1", Kind: new(OrdersAccessItemsKindBook)}},
				Extra:            json.RawMessage(`{}`),
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := tt.x.Upgrade()
			if err != nil {
				t.Fatalf("Upgrade: %v", err)
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("Upgrade =\n%+v\nwant\n%+v", got, tt.want)
			}
		})
	}
}

func TestUpgradeErrors(t *testing.T) {
	tests := []struct {
		name    string
		x       *OrdersAccessV1
		wantErr error
		want    string
	}{
		{
			name:    "hook fails",
			x:       &OrdersAccessV1{UID: userID, Role: OrdersAccessRoleAdmin},
			wantErr: errNoIssuedAt,
			want:    `OrdersAccess v2: "auth_time": upgrade hook upgradeOrdersAccessV2AuthTime failed: version 1 claims have no iat`,
		},
		{
			name: "result breaks a rule",
			x: &OrdersAccessV1{
				RegisteredClaims: jwt.RegisteredClaims{IssuedAt: issuedAt},
				UID:              userID,
				Role:             OrdersAccessRoleAdmin,
				Item:             &OrdersAccessV1Item{Sku: "abc"},
			},
			wantErr: runtime.ErrClaimInvalid,
			want:    `OrdersAccess v2: "items[0].sku": does not match ^[A-Z]{3}-[0-9]+$ [pattern]`,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := tt.x.Upgrade()
			if err == nil {
				t.Fatalf("Upgrade = %+v, want error %q", got, tt.want)
			}
			if got != nil {
				t.Errorf("Upgrade returned claims with its error")
			}
			if !errors.Is(err, tt.wantErr) {
				t.Errorf("error %v does not wrap %v", err, tt.wantErr)
			}
			if err.Error() != tt.want {
				t.Errorf("error =\n%s\nwant\n%s", err, tt.want)
			}
		})
	}
}

func TestDowngradeReversesUpgrade(t *testing.T) {
	x := fullV1()
	x.Address.Street = nil // dropped by the upgrade
	up, err := x.Upgrade()
	if err != nil {
		t.Fatalf("Upgrade: %v", err)
	}
	got, err := up.Downgrade()
	if err != nil {
		t.Fatalf("Downgrade: %v", err)
	}
	if !reflect.DeepEqual(got, x) {
		t.Errorf("Downgrade(Upgrade(x)) =\n%+v\nwant\n%+v", got, x)
	}
}

func TestDowngradeErrors(t *testing.T) {
	valid := func() *OrdersAccessV2 {
		up, err := fullV1().Upgrade()
		if err != nil {
			t.Fatalf("Upgrade: %v", err)
		}
		return up
	}
	tests := []struct {
		name    string
		change  func(c *OrdersAccessV2)
		wantErr error
		want    string
	}{
		{
			name:    "required claim absent",
			change:  func(c *OrdersAccessV2) { c.Role = nil },
			wantErr: runtime.ErrClaimMissing,
			want:    `OrdersAccess v1: "role": the version 2 claims have no "role" to fill it from, and it has no default [required]`,
		},
		{
			name:    "fraction for an int",
			change:  func(c *OrdersAccessV2) { c.Age = new(30.5) },
			wantErr: runtime.ErrClaimInvalid,
			want:    `OrdersAccess v1: "age": is not a whole number in the int64 range [convert]`,
		},
		{
			name:    "number beyond int64",
			change:  func(c *OrdersAccessV2) { c.Age = new(1e19) },
			wantErr: runtime.ErrClaimInvalid,
			want:    `OrdersAccess v1: "age": is not a whole number in the int64 range [convert]`,
		},
		{
			name:    "two items for one value",
			change:  func(c *OrdersAccessV2) { c.Links = append(c.Links, "https://example.com/other") },
			wantErr: runtime.ErrClaimInvalid,
			want:    `OrdersAccess v1: "link": has 2 items, but version 1 holds a single value [convert]`,
		},
		{
			name:    "no item for one value",
			change:  func(c *OrdersAccessV2) { c.Items = []OrdersAccessV2Items{} },
			wantErr: runtime.ErrClaimInvalid,
			want:    `OrdersAccess v1: "item": has 0 items, but version 1 holds a single value [convert]`,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := valid()
			tt.change(c)
			got, err := c.Downgrade()
			if err == nil {
				t.Fatalf("Downgrade = %+v, want error %q", got, tt.want)
			}
			if got != nil {
				t.Errorf("Downgrade returned claims with its error")
			}
			if !errors.Is(err, tt.wantErr) {
				t.Errorf("error %v does not wrap %v", err, tt.wantErr)
			}
			if err.Error() != tt.want {
				t.Errorf("error =\n%s\nwant\n%s", err, tt.want)
			}
		})
	}
}
