package runtime

import (
	"context"
	"encoding/base64"
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"
)

// fuzzMaxTokenSize is the size limit of FuzzVerify, small enough that the
// fuzzer often crosses it.
const fuzzMaxTokenSize = 512

func FuzzVerify(f *testing.F) {
	exp := testNow.Add(time.Hour).Unix()
	seeds := []string{
		hsSeed(`{"alg":"HS256","typ":"JWT"}`, fmt.Sprintf(`{"sub":"alice","exp":%d,"uid":"u-1","scope":"a b"}`, exp)),
		hsSeed(`{"alg":"HS256","kid":"k1","crit":["exp"]}`, `{"sub":"alice"}`),
		hsSeed(`{"alg":"HS256"}`, `{"sub":"alice","sub":"bob"}`),
		hsSeed(`{"alg":"HS256"}`, `{"count":1e400,"uid":7}`),
		hsSeed(`{"alg":"RS256"}`, `{"sub":"alice"}`),
		b64(`{"alg":"none"}`) + "." + b64(`{"sub":"alice"}`) + ".",
		"a.b.c",
		"..",
		"",
		strings.Repeat("A", fuzzMaxTokenSize+1),
	}
	for _, s := range seeds {
		f.Add(s)
	}

	v := NewVerifier(StaticKeys(HMACKey("", hmacSecret())), fixedClock(testNow), WithMaxTokenSize(fuzzMaxTokenSize))
	rules := &Rules{
		Contract: "Fuzz", Version: 1, Algorithms: []string{"HS256"},
		Type: "JWT", Require: []string{"exp"}, MaxLifetime: 24 * time.Hour,
		Claims: &Object{Fields: []Field{
			{Name: "uid", Kind: ShapeString, Required: true},
			{Name: "count", Kind: ShapeInt},
			{Name: "scope", Kind: ShapeScopes},
		}},
	}

	f.Fuzz(func(t *testing.T, token string) {
		tok, err := v.Parse(token)
		if len(token) > fuzzMaxTokenSize {
			if !errors.Is(err, ErrTokenTooLarge) || !slices.Equal(rulesOf(err), []string{"size"}) {
				t.Fatalf("Parse of a %d-byte token = %v, want the size rule", len(token), err)
			}
			return
		}
		if err != nil {
			checkFuzzError(t, err)
			return
		}
		if err := v.VerifyToken(context.Background(), tok, rules, new(testClaims)); err != nil {
			checkFuzzError(t, err)
		}
	})
}

// checkFuzzError checks that every failure of err is a *ValidationError
// with a rule.
func checkFuzzError(t *testing.T, err error) {
	t.Helper()
	for _, ve := range validationErrors(err) {
		if ve.Rule == "" {
			t.Fatalf("failure without a rule: %v", err)
		}
	}
}

// hsSeed signs payload with HS256 and the shared secret, for seeds.
func hsSeed(header, payload string) string {
	input := b64(header) + "." + b64(payload)
	sig, err := jwt.SigningMethodHS256.Sign(input, hmacSecret())
	if err != nil {
		panic(err)
	}
	return input + "." + base64.RawURLEncoding.EncodeToString(sig)
}

func FuzzKeysFromJWKS(f *testing.F) {
	seeds := []string{
		`{"keys":[{"kty":"oct","kid":"h1","alg":"HS256","k":"` + strings.Repeat("A", 43) + `"}]}`,
		`{"keys":[{"kty":"EC","crv":"P-256","x":"04N0xi21hshyvBp7I167sbE_bXqyqkAPfefdklMO7wY","y":"UI8exy-C06a7DUnjIdENkxeFtHM4-l_41LqEw9nVgmw","use":"sig","key_ops":["verify"]}]}`,
		`{"keys":[{"kty":"OKP","crv":"Ed25519","x":"11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo"}]}`,
		`{"keys":[{"kty":"RSA","n":"AQAB","e":"AQAB"}]}`,
		`{"keys":[]}`,
		`{"keys":[{"kty":"oct","k":""},{"kty":"oct","k":""}]}`,
		`{"keys":null}`,
		`{"keys":[{"key_ops":"verify"}]}`,
		`[]`,
		``,
	}
	for _, s := range seeds {
		f.Add([]byte(s))
	}

	f.Fuzz(func(t *testing.T, data []byte) {
		source, err := KeysFromJWKS(data)
		if err != nil {
			if !errors.Is(err, ErrKeyInvalid) {
				t.Fatalf("KeysFromJWKS error %q does not wrap ErrKeyInvalid", err)
			}
		} else {
			for _, alg := range []string{"HS256", "RS256", "PS512", "ES256", "EdDSA", "none"} {
				_, _ = source.LookupKey(context.Background(), "", alg)
			}
		}

		if _, err := KeyFromJWK(data); err != nil && !errors.Is(err, ErrKeyInvalid) {
			t.Fatalf("KeyFromJWK error %q does not wrap ErrKeyInvalid", err)
		}
	})
}
