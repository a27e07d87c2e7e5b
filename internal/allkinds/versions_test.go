package allkinds

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"sync"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"

	"github.com/jwtgen/jwtgen/runtime"
)

// The limits of the windows of versions 1 and 2, from the contract.
var (
	v2AcceptUntil = time.Date(2027, time.June, 1, 0, 0, 0, 0, time.UTC)
	v2LastMinute  = v2AcceptUntil.Add(-time.Minute)
	afterV2       = time.Date(2027, time.July, 1, 0, 0, 0, 0, time.UTC)
)

// date returns t as the NumericDate that decoding a token yields.
func date(t time.Time) *jwt.NumericDate {
	return jwt.NewNumericDate(time.Unix(t.Unix(), 0))
}

// signToken signs payload with signer and the typ header typ, bypassing
// the issuer, which refuses retired versions and invalid claims.
func signToken(t *testing.T, signer runtime.Signer, typ string, payload map[string]any) string {
	t.Helper()
	header, err := json.Marshal(map[string]string{"alg": signer.Algorithm(), "kid": signer.KeyID(), "typ": typ})
	if err != nil {
		t.Fatal(err)
	}
	body, err := json.Marshal(payload)
	if err != nil {
		t.Fatal(err)
	}
	enc := base64.RawURLEncoding
	input := enc.EncodeToString(header) + "." + enc.EncodeToString(body)
	signature, err := signer.Sign([]byte(input))
	if err != nil {
		t.Fatalf("signing: %v", err)
	}
	return input + "." + enc.EncodeToString(signature)
}

// v1Payload returns the payload of a version 1 token issued a minute
// before at.
func v1Payload(at time.Time) map[string]any {
	return map[string]any{
		"ver":    1,
		"iss":    "https://auth.example.com",
		"aud":    "all-kinds-api",
		"iat":    at.Add(-time.Minute).Unix(),
		"exp":    at.Add(30 * time.Minute).Unix(),
		"uid":    "user-1",
		"scope":  "items:read items:write",
		"tenant": "acme",
		"level":  4,
	}
}

// v2Payload returns the payload of a version 2 token issued a minute
// before at.
func v2Payload(at time.Time) map[string]any {
	return map[string]any{
		"ver":     2,
		"iss":     "https://login.example.com",
		"sub":     "user-1",
		"aud":     []string{"all-kinds-api"},
		"jti":     "jti-2",
		"iat":     at.Add(-time.Minute).Unix(),
		"exp":     at.Add(20 * time.Minute).Unix(),
		"scope":   "items:read items:delete",
		"tenant":  "acme",
		"level":   4,
		"profile": map[string]any{"name": "Ada", "site": "https://ada.example.com"},
	}
}

// v3Payload returns the payload of a valid version 3 token issued a minute
// before at.
func v3Payload(t *testing.T, at time.Time) map[string]any {
	m := payload(t)
	m["iat"] = at.Add(-time.Minute).Unix()
	m["nbf"] = at.Add(-time.Minute).Unix()
	m["exp"] = at.Add(5 * time.Minute).Unix()
	return m
}

// v3FromV2 returns the claims that Verify returns for a token of
// v2Payload(at): the version 2 claims upgraded to version 3.
func v3FromV2(at time.Time) *AllKindsV3 {
	return &AllKindsV3{
		RegisteredClaims: jwt.RegisteredClaims{
			Issuer:    "https://login.example.com",
			Subject:   "user-1",
			Audience:  jwt.ClaimStrings{"all-kinds-api"},
			ExpiresAt: date(at.Add(20 * time.Minute)),
			IssuedAt:  date(at.Add(-time.Minute)),
			ID:        "jti-2",
		},
		TenantID: "acme",
		Scp:      []string{"items:read", "items:delete"},
		Level:    new(int64(4)),
		Ratio:    new(0.5),
		Admin:    new(false),
		Born:     jwt.NewNumericDate(time.Unix(946684800, 0)),
		Role:     new(AllKindsRoleViewer),
		Session:  "8af693c5-603d-5ab2-ba42-c5f2c84c672c",
		Profile: &AllKindsV3Profile{
			DisplayName: "Ada",
			Site:        new("https://ada.example.com"),
			Address:     AllKindsV3ProfileAddress{City: "Unknown"},
		},
		Labels:   map[string]string{"team": "core"},
		Extra:    json.RawMessage(`{"flags":[1,2.5,"x",true,null]}`),
		Tags:     []string{"alpha", "beta"},
		Scores:   []int64{0, 5},
		Weights:  []float64{0.25},
		Switches: []bool{true, false},
		Dates:    []jwt.NumericDate{{Time: time.Unix(1577836800, 0)}, {Time: time.Unix(1700000000, 0)}},
		Roles:    []AllKindsRoles{AllKindsRolesViewer},
	}
}

func TestVerifyAcceptWindows(t *testing.T) {
	hs, hsKey := keyPair(t, "HS256")
	es, esKey := keyPair(t, "ES256")
	keys := runtime.StaticKeys(hsKey, esKey)

	unversioned := v1Payload(beforeV1Retired)
	delete(unversioned, "ver")
	unknown := v3Payload(t, now)
	unknown["ver"] = 7
	notInteger := v3Payload(t, now)
	notInteger["ver"] = "v3"

	tests := []struct {
		name        string
		token       string
		clock       time.Time
		wantVersion int
		wantClaims  *AllKindsV3 // checked when not nil
		wantErr     error
		wantMessage string
	}{
		{
			name:        "version 1 inside its window",
			token:       signToken(t, hs, "JWT", v1Payload(beforeV1Retired)),
			clock:       beforeV1Retired,
			wantVersion: 1,
			wantErr:     runtime.ErrVersionRetired,
			wantMessage: `AllKinds v1: "ver": version 1 is retired [retired]`,
		},
		{
			name:        "version 1 without a version claim",
			token:       signToken(t, hs, "JWT", unversioned),
			clock:       beforeV1Retired,
			wantVersion: 1,
			wantErr:     runtime.ErrVersionRetired,
			wantMessage: `AllKinds v1: "ver": version 1 is retired [retired]`,
		},
		{
			name:        "version 1 after its window",
			token:       signToken(t, hs, "JWT", v1Payload(now)),
			clock:       now,
			wantVersion: 1,
			wantErr:     runtime.ErrVersionRetired,
			wantMessage: `AllKinds v1: "ver": version 1 is retired [retired]`,
		},
		{
			name:        "version 2 inside its window",
			token:       signToken(t, es, "at+jwt", v2Payload(now)),
			clock:       now,
			wantVersion: 2,
			wantClaims:  v3FromV2(now),
		},
		{
			name:        "version 2 a minute before accept_until",
			token:       signToken(t, es, "at+jwt", v2Payload(v2LastMinute)),
			clock:       v2LastMinute,
			wantVersion: 2,
			wantClaims:  v3FromV2(v2LastMinute),
		},
		{
			name:        "version 2 at accept_until",
			token:       signToken(t, es, "at+jwt", v2Payload(v2AcceptUntil)),
			clock:       v2AcceptUntil,
			wantVersion: 2,
			wantErr:     runtime.ErrVersionRetired,
			wantMessage: `AllKinds v2: "ver": version 2 was accepted until 2027-06-01T00:00:00Z [accept_until]`,
		},
		{
			name:        "version 2 after accept_until",
			token:       signToken(t, es, "at+jwt", v2Payload(afterV2)),
			clock:       afterV2,
			wantVersion: 2,
			wantErr:     runtime.ErrVersionRetired,
			wantMessage: `AllKinds v2: "ver": version 2 was accepted until 2027-06-01T00:00:00Z [accept_until]`,
		},
		{
			name:        "version 3",
			token:       signToken(t, es, "at+jwt", v3Payload(t, now)),
			clock:       now,
			wantVersion: 3,
		},
		{
			name:        "version 3 after the window of version 2",
			token:       signToken(t, es, "at+jwt", v3Payload(t, afterV2)),
			clock:       afterV2,
			wantVersion: 3,
		},
		{
			name:        "unknown version",
			token:       signToken(t, es, "at+jwt", unknown),
			clock:       now,
			wantErr:     runtime.ErrVersionUnknown,
			wantMessage: `AllKinds: "ver": token is version 7; accepted versions are 2, 3 [version]`,
		},
		{
			name:        "unknown version after the window of version 2",
			token:       signToken(t, es, "at+jwt", unknown),
			clock:       afterV2,
			wantErr:     runtime.ErrVersionUnknown,
			wantMessage: `AllKinds: "ver": token is version 7; the accepted version is 3 [version]`,
		},
		{
			name:        "version that is not an integer",
			token:       signToken(t, es, "at+jwt", notInteger),
			clock:       now,
			wantErr:     runtime.ErrVersionUnknown,
			wantMessage: `AllKinds: "ver": version claim is not a non-negative integer [version]`,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			verifier := NewAllKindsVerifier(keys, clockAt(tt.clock))
			claims, version, err := verifier.VerifyVersion(context.Background(), tt.token)
			verified, verifyErr := verifier.Verify(context.Background(), tt.token)

			if tt.wantErr != nil {
				if err == nil {
					t.Fatalf("VerifyVersion accepted the token as version %d, want %v", version, tt.wantErr)
				}
				if !errors.Is(err, tt.wantErr) {
					t.Errorf("VerifyVersion error %v does not wrap %v", err, tt.wantErr)
				}
				if err.Error() != tt.wantMessage {
					t.Errorf("VerifyVersion error = %q, want %q", err, tt.wantMessage)
				}
				if claims != nil || verified != nil {
					t.Errorf("claims returned with an error")
				}
				if verifyErr == nil || verifyErr.Error() != err.Error() {
					t.Errorf("Verify error = %v, want the error of VerifyVersion", verifyErr)
				}
				return
			}
			if err != nil {
				t.Fatalf("VerifyVersion: %v", err)
			}
			if version != tt.wantVersion {
				t.Errorf("version = %d, want %d", version, tt.wantVersion)
			}
			if verifyErr != nil || !reflect.DeepEqual(verified, claims) {
				t.Errorf("Verify = %+v, %v; want the claims of VerifyVersion", verified, verifyErr)
			}
			if tt.wantClaims != nil && !reflect.DeepEqual(claims, tt.wantClaims) {
				t.Errorf("claims =\n%+v\nwant\n%+v", claims, tt.wantClaims)
			}
			if err := claims.Validate(); err != nil {
				t.Errorf("the claims break a rule of version 3: %v", err)
			}
		})
	}
}

// v1Claims returns version 1 claims as a version 1 token issued at
// beforeV1Retired would decode to.
func v1Claims() *AllKindsV1 {
	return &AllKindsV1{
		RegisteredClaims: jwt.RegisteredClaims{
			Issuer:    "https://auth.example.com",
			Audience:  jwt.ClaimStrings{"all-kinds-api"},
			IssuedAt:  date(beforeV1Retired.Add(-time.Minute)),
			ExpiresAt: date(beforeV1Retired.Add(30 * time.Minute)),
		},
		UID:    "user-1",
		Scope:  runtime.SpaceDelimited{"items:read", "items:write"},
		Tenant: new("acme"),
		Level:  new(int64(4)),
	}
}

func TestUpgradeChain(t *testing.T) {
	v2, err := v1Claims().Upgrade()
	if err != nil {
		t.Fatalf("version 1 Upgrade: %v", err)
	}
	wantV2 := &AllKindsV2{
		RegisteredClaims: v1Claims().RegisteredClaims,
		Scope:            runtime.SpaceDelimited{"items:read", "items:write"},
		Tenant:           "acme",
		Level:            new(int64(4)),
	}
	wantV2.Subject = "user-1"
	if !reflect.DeepEqual(v2, wantV2) {
		t.Errorf("version 2 claims =\n%+v\nwant\n%+v", v2, wantV2)
	}

	v3, err := v2.Upgrade()
	if err != nil {
		t.Fatalf("version 2 Upgrade: %v", err)
	}
	want := &AllKindsV3{
		RegisteredClaims: jwt.RegisteredClaims{
			Issuer:    "https://auth.example.com",
			Subject:   "user-1",
			Audience:  jwt.ClaimStrings{"all-kinds-api"},
			IssuedAt:  date(beforeV1Retired.Add(-time.Minute)),
			ExpiresAt: date(beforeV1Retired.Add(30 * time.Minute)),
			// The jti hook derives it from sub and iat 1733054340.
			ID: "v2-e60c158df5cc9f6626d0afe4",
		},
		TenantID: "acme",
		Scp:      []string{"items:read", "items:write"},
		Level:    new(int64(4)),
		Ratio:    new(0.5),
		Admin:    new(false),
		Born:     jwt.NewNumericDate(time.Unix(946684800, 0)),
		Role:     new(AllKindsRoleViewer),
		Session:  "8af693c5-603d-5ab2-ba42-c5f2c84c672c",
		Labels:   map[string]string{"team": "core"},
		Extra:    json.RawMessage(`{"flags":[1,2.5,"x",true,null]}`),
		Tags:     []string{"alpha", "beta"},
		Scores:   []int64{0, 5},
		Weights:  []float64{0.25},
		Switches: []bool{true, false},
		Dates:    []jwt.NumericDate{{Time: time.Unix(1577836800, 0)}, {Time: time.Unix(1700000000, 0)}},
		Roles:    []AllKindsRoles{AllKindsRolesViewer},
	}
	if !reflect.DeepEqual(v3, want) {
		t.Errorf("version 3 claims =\n%+v\nwant\n%+v", v3, want)
	}
}

func TestUpgradeCopiesValues(t *testing.T) {
	v1 := v1Claims()
	v2, err := v1.Upgrade()
	if err != nil {
		t.Fatalf("Upgrade: %v", err)
	}
	v2.Scope[0] = "changed"
	*v2.Level = 9
	if v1.Scope[0] != "items:read" || *v1.Level != 4 {
		t.Errorf("changing the upgraded claims changed the original: %+v", v1)
	}
}

func TestUpgradeErrors(t *testing.T) {
	tests := []struct {
		name    string
		upgrade func() (any, error)
		wantErr error
		want    string
	}{
		{
			name:    "nil claims",
			upgrade: func() (any, error) { return (*AllKindsV1)(nil).Upgrade() },
			want:    "AllKinds v1: Upgrade called on nil claims",
		},
		{
			name: "result breaks a rule",
			upgrade: func() (any, error) {
				c := v1Claims()
				c.Level = new(int64(11))
				return c.Upgrade()
			},
			wantErr: runtime.ErrClaimInvalid,
			want:    `AllKinds v2: "level": is greater than the maximum 10 [maximum]`,
		},
		{
			name: "hooks fail",
			upgrade: func() (any, error) {
				return (&AllKindsV2{Tenant: "acme"}).Upgrade()
			},
			wantErr: errNoSubject,
			want: `AllKinds v3: "session": upgrade hook upgradeAllKindsV3Session failed: version 2 claims have no sub to derive it from` + "\n" +
				`AllKinds v3: "jti": upgrade hook upgradeAllKindsV3ID failed: version 2 claims have no sub to derive it from`,
		},
		{
			name: "default breaks a rule",
			upgrade: func() (any, error) {
				// The default "legacy" of tenant fits version 2, but a
				// tenant_id of version 3 copied from "-" does not.
				return (&AllKindsV2{RegisteredClaims: jwt.RegisteredClaims{Subject: "u"}, Tenant: "-"}).Upgrade()
			},
			wantErr: runtime.ErrClaimInvalid,
			want: `AllKinds v3: "tenant_id": does not match ^[a-z0-9-]{3,32}$ [pattern]` + "\n" +
				`AllKinds v3: "tenant_id": has 1 characters, fewer than the minimum 3 [min_length]`,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := tt.upgrade()
			if err == nil {
				t.Fatalf("Upgrade returned %+v, want error %q", got, tt.want)
			}
			if !reflect.ValueOf(got).IsNil() {
				t.Errorf("Upgrade returned claims with its error")
			}
			if tt.wantErr != nil && !errors.Is(err, tt.wantErr) {
				t.Errorf("error %v does not wrap %v", err, tt.wantErr)
			}
			if err.Error() != tt.want {
				t.Errorf("error =\n%s\nwant\n%s", err, tt.want)
			}
		})
	}
}

func TestDowngradeReversesUpgrade(t *testing.T) {
	registered := jwt.RegisteredClaims{
		Issuer:    "https://login.example.com",
		Subject:   "user-1",
		Audience:  jwt.ClaimStrings{"all-kinds-api"},
		IssuedAt:  date(now.Add(-time.Minute)),
		ExpiresAt: date(now.Add(10 * time.Minute)),
		ID:        "jti-2",
	}
	t.Run("version 1", func(t *testing.T) {
		tests := []struct {
			name string
			x    *AllKindsV1
			want *AllKindsV1 // nil when Downgrade(Upgrade(x)) is x
		}{
			{name: "every claim", x: func() *AllKindsV1 { c := v1Claims(); c.Subject = c.UID; return c }()},
			{name: "required claims only", x: &AllKindsV1{RegisteredClaims: jwt.RegisteredClaims{Subject: "u-2"}, UID: "u-2", Tenant: new("acme")}},
			{
				// The upgrade fills tenant with its default, which the
				// downgrade keeps.
				name: "default filled",
				x:    &AllKindsV1{RegisteredClaims: jwt.RegisteredClaims{Subject: "u-2"}, UID: "u-2"},
				want: &AllKindsV1{RegisteredClaims: jwt.RegisteredClaims{Subject: "u-2"}, UID: "u-2", Tenant: new("legacy")},
			},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				up, err := tt.x.Upgrade()
				if err != nil {
					t.Fatalf("Upgrade: %v", err)
				}
				got, err := up.Downgrade()
				if err != nil {
					t.Fatalf("Downgrade: %v", err)
				}
				want := tt.want
				if want == nil {
					want = tt.x
				}
				if !reflect.DeepEqual(got, want) {
					t.Errorf("Downgrade(Upgrade(x)) =\n%+v\nwant\n%+v", got, want)
				}
			})
		}
	})
	t.Run("version 2", func(t *testing.T) {
		tests := []struct {
			name string
			x    *AllKindsV2
			want *AllKindsV2 // nil when Downgrade(Upgrade(x)) is x
		}{
			{
				name: "every claim",
				x: &AllKindsV2{
					RegisteredClaims: registered,
					Scope:            runtime.SpaceDelimited{"items:read", "items:delete"},
					Tenant:           "acme",
					Level:            new(int64(10)),
					Profile:          &AllKindsV2Profile{Name: "Ada", Site: new("https://ada.example.com")},
				},
			},
			{
				// The upgrade fills scp and level with their defaults,
				// which the downgrade keeps.
				name: "required claims only",
				x:    &AllKindsV2{RegisteredClaims: registered, Tenant: "acme"},
				want: &AllKindsV2{RegisteredClaims: registered, Tenant: "acme", Scope: runtime.SpaceDelimited{"items:read"}, Level: new(int64(1))},
			},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				up, err := tt.x.Upgrade()
				if err != nil {
					t.Fatalf("Upgrade: %v", err)
				}
				got, err := up.Downgrade()
				if err != nil {
					t.Fatalf("Downgrade: %v", err)
				}
				want := tt.want
				if want == nil {
					want = tt.x
				}
				if !reflect.DeepEqual(got, want) {
					t.Errorf("Downgrade(Upgrade(x)) =\n%+v\nwant\n%+v", got, want)
				}
			})
		}
	})
}

func TestDowngradeErrors(t *testing.T) {
	tests := []struct {
		name      string
		downgrade func() (any, error)
		wantErr   error
		want      string
	}{
		{
			name:      "nil claims",
			downgrade: func() (any, error) { return (*AllKindsV3)(nil).Downgrade() },
			want:      "AllKinds v3: Downgrade called on nil claims",
		},
		{
			name:      "no sub for uid",
			downgrade: func() (any, error) { return (&AllKindsV2{Tenant: "acme"}).Downgrade() },
			wantErr:   runtime.ErrClaimMissing,
			want:      `AllKinds v1: "uid": the version 2 claims have no "sub" to fill it from, and it has no default [required]`,
		},
		{
			name: "value outside the older range",
			downgrade: func() (any, error) {
				return (&AllKindsV3{TenantID: "acme", Session: sessionID, Level: new(int64(15))}).Downgrade()
			},
			wantErr: runtime.ErrClaimInvalid,
			want:    `AllKinds v2: "level": is greater than the maximum 10 [maximum]`,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := tt.downgrade()
			if err == nil {
				t.Fatalf("Downgrade returned %+v, want error %q", got, tt.want)
			}
			if !reflect.ValueOf(got).IsNil() {
				t.Errorf("Downgrade returned claims with its error")
			}
			if tt.wantErr != nil && !errors.Is(err, tt.wantErr) {
				t.Errorf("error %v does not wrap %v", err, tt.wantErr)
			}
			if err.Error() != tt.want {
				t.Errorf("error =\n%s\nwant\n%s", err, tt.want)
			}
		})
	}
}

// FuzzUpgrade decodes arbitrary JSON into version 1 claims and upgrades
// them to version 3. Each step must return claims that pass the Validate
// of its version, or an error, and never panic.
func FuzzUpgrade(f *testing.F) {
	seeds := []string{
		`{}`,
		`{"uid":"u","sub":"u"}`,
		`{"uid":"user-1","scope":"items:read items:write","tenant":"acme","level":4}`,
		`{"uid":"","scope":"","tenant":null,"level":null}`,
		`{"uid":"u","tenant":"-","level":11}`,
		`{"uid":"u","level":-1,"scope":"a b c d"}`,
		`{"uid":"u","tenant":"ACME","jti":"x","aud":["a","b"],"iss":"i"}`,
		`{"sub":"s","tenant":"abc","iat":1733054340}`,
	}
	for _, s := range seeds {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		var v1 AllKindsV1
		if json.Unmarshal(data, &v1) != nil {
			return
		}
		v2, err := v1.Upgrade()
		if err != nil {
			if v2 != nil {
				t.Fatalf("version 1 Upgrade returned claims with error %v", err)
			}
			return
		}
		if err := v2.Validate(); err != nil {
			t.Fatalf("version 1 Upgrade returned claims that break version 2: %v", err)
		}
		v3, err := v2.Upgrade()
		if err != nil {
			if v3 != nil {
				t.Fatalf("version 2 Upgrade returned claims with error %v", err)
			}
			return
		}
		if err := v3.Validate(); err != nil {
			t.Fatalf("version 2 Upgrade returned claims that break version 3: %v", err)
		}
		if back, err := v3.Downgrade(); err == nil {
			if err := back.Validate(); err != nil {
				t.Fatalf("Downgrade returned claims that break version 2: %v", err)
			}
		}
	})
}

// shadowRecorder is an Observer that records shadow rejections.
type shadowRecorder struct {
	mu       sync.Mutex
	rejected []string
}

func (r *shadowRecorder) TokenAccepted(context.Context, string, int)        {}
func (r *shadowRecorder) TokenRejected(context.Context, string, int, error) {}

func (r *shadowRecorder) ShadowRejected(_ context.Context, contract string, version int, candidate string, err error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	for _, ve := range validationErrors(err) {
		r.rejected = append(r.rejected, fmt.Sprintf("%s v%d %s: %s %s", contract, version, candidate, ve.Claim, ve.Rule))
	}
}

func TestShadowCheck(t *testing.T) {
	signer, key := keyPair(t, "ES256")
	keys := runtime.StaticKeys(key)
	// The candidate judges tokens as of the day version 2 stops being
	// accepted, with a leeway long enough that today's tokens have not
	// expired then.
	candidate := NewAllKindsVerifier(keys, clockAt(v2AcceptUntil), runtime.WithLeeway(400*24*time.Hour))
	if got := candidate.ShadowCheck().ShadowName(); got != "AllKinds" {
		t.Errorf("ShadowName = %q, want AllKinds", got)
	}
	recorder := &shadowRecorder{}
	verifier := NewAllKindsVerifier(keys, clockAt(now), runtime.WithObserver(recorder), runtime.WithShadow(candidate.ShadowCheck()))

	tests := []struct {
		name    string
		token   string
		want    []string
		version int
	}{
		{
			name:    "candidate accepts",
			token:   signToken(t, signer, "at+jwt", v3Payload(t, now)),
			version: 3,
		},
		{
			name:    "candidate rejects",
			token:   signToken(t, signer, "at+jwt", v2Payload(now)),
			version: 2,
			want:    []string{"AllKinds v2 AllKinds: ver accept_until"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			recorder.rejected = nil
			_, version, err := verifier.VerifyVersion(context.Background(), tt.token)
			if err != nil {
				t.Fatalf("VerifyVersion: %v", err)
			}
			if version != tt.version {
				t.Errorf("version = %d, want %d", version, tt.version)
			}
			if !reflect.DeepEqual(recorder.rejected, tt.want) {
				t.Errorf("shadow rejections = %q, want %q", recorder.rejected, tt.want)
			}
		})
	}
}
