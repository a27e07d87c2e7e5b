package runtime

import (
	"errors"
	"testing"
)

func TestViolations(t *testing.T) {
	v := Violations{Contract: "OrdersAccess", Version: 2}
	if err := v.Err(); err != nil {
		t.Fatalf("empty Violations: Err() = %v", err)
	}
	v.Missing("tenant_id")
	v.Invalid("roles[1]", "values", "is not one of admin, viewer")
	err := v.Err()

	if !errors.Is(err, ErrClaimMissing) || !errors.Is(err, ErrClaimInvalid) {
		t.Errorf("error %q does not wrap ErrClaimMissing and ErrClaimInvalid", err)
	}
	want := "OrdersAccess v2: \"tenant_id\": required claim is missing [required]\n" +
		"OrdersAccess v2: \"roles[1]\": is not one of admin, viewer [values]"
	if err.Error() != want {
		t.Errorf("message = %q, want %q", err, want)
	}
}

func TestFormatChecks(t *testing.T) {
	tests := []struct {
		name  string
		check func(string) bool
		value string
		want  bool
	}{
		{name: "URL https", check: IsURL, value: "https://auth.example.com/path?q=1", want: true},
		{name: "URL urn has no host", check: IsURL, value: "urn:example:a", want: false},
		{name: "URL relative", check: IsURL, value: "/path", want: false},
		{name: "URL no scheme", check: IsURL, value: "auth.example.com", want: false},
		{name: "URL space", check: IsURL, value: "https://a b.com", want: false},
		{name: "email", check: IsEmail, value: "alice@example.com", want: true},
		{name: "email display name", check: IsEmail, value: "Alice <alice@example.com>", want: false},
		{name: "email angle brackets", check: IsEmail, value: "<alice@example.com>", want: false},
		{name: "email two", check: IsEmail, value: "a@example.com, b@example.com", want: false},
		{name: "email no domain", check: IsEmail, value: "alice", want: false},
		{name: "UUID lower", check: IsUUID, value: "0190a6e4-3c5b-7d1e-8f2a-123456789abc", want: true},
		{name: "UUID upper", check: IsUUID, value: "0190A6E4-3C5B-7D1E-8F2A-123456789ABC", want: true},
		{name: "UUID braces", check: IsUUID, value: "{0190a6e4-3c5b-7d1e-8f2a-123456789abc}", want: false},
		{name: "UUID no hyphens", check: IsUUID, value: "0190a6e43c5b7d1e8f2a123456789abc", want: false},
		{name: "UUID bad digit", check: IsUUID, value: "0190a6e4-3c5b-7d1e-8f2a-123456789abg", want: false},
		{name: "UUID misplaced hyphen", check: IsUUID, value: "0190a6e43-c5b-7d1e-8f2a-123456789ab", want: false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.check(tt.value); got != tt.want {
				t.Errorf("check(%q) = %v, want %v", tt.value, got, tt.want)
			}
		})
	}
}
