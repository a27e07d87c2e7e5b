package gen

import "testing"

func TestGoName(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want string
	}{
		{name: "snake case initialism", in: "tenant_id", want: "TenantID"},
		{name: "short word", in: "scp", want: "Scp"},
		{name: "single initialism", in: "uid", want: "UID"},
		{name: "initialism first", in: "url_path", want: "URLPath"},
		{name: "kebab case", in: "client-ip", want: "ClientIP"},
		{name: "colon", in: "orders:read", want: "OrdersRead"},
		{name: "dots and slashes", in: "api/v2.http", want: "APIV2HTTP"},
		{name: "longer initialism wins", in: "https_only", want: "HTTPSOnly"},
		{name: "jwt", in: "jwt_id", want: "JWTID"},
		{name: "plural initialism", in: "ids", want: "IDs"},
		{name: "plural initialism inside", in: "device_uuids", want: "DeviceUUIDs"},
		{name: "camel case kept", in: "tenantId", want: "TenantId"},
		{name: "digits", in: "level_2", want: "Level2"},
		{name: "leading digit", in: "2fa", want: "2fa"},
		{name: "unicode letters", in: "größe", want: "Größe"},
		{name: "no letters", in: "*:*", want: ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := goName(tt.in); got != tt.want {
				t.Errorf("goName(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestLowerCamel(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want string
	}{
		{name: "two words", in: "OrdersAccess", want: "ordersAccess"},
		{name: "one word", in: "Orders", want: "orders"},
		{name: "leading initialism", in: "URLToken", want: "urlToken"},
		{name: "initialism only", in: "ID", want: "id"},
		{name: "initialism then digit", in: "OIDC2", want: "oidc2"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := lowerCamel(tt.in); got != tt.want {
				t.Errorf("lowerCamel(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestIsJSONTagName(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want bool
	}{
		{name: "plain", in: "tenant_id", want: true},
		{name: "url punctuation", in: "https://example.com/claims/role", want: true},
		{name: "empty", in: "", want: false},
		{name: "dash alone", in: "-", want: false},
		{name: "comma", in: "a,b", want: false},
		{name: "quote", in: `a"b`, want: false},
		{name: "backslash", in: `a\b`, want: false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := isJSONTagName(tt.in); got != tt.want {
				t.Errorf("isJSONTagName(%q) = %v, want %v", tt.in, got, tt.want)
			}
		})
	}
}
