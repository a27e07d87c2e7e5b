package runtime

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"
)

// rfcExample is one worked example from an RFC, in testdata/rfc.
type rfcExample struct {
	Source string          `json:"source"`
	Alg    string          `json:"alg"`
	Token  string          `json:"token"`
	Key    json.RawMessage `json:"key"`
	// SignatureValid is the verdict of the signature check alone.
	SignatureValid bool `json:"signature_valid"`
	// JWTValid is the verdict of a full verification at VerifyAt.
	JWTValid bool  `json:"jwt_valid"`
	VerifyAt int64 `json:"verify_at"`
}

func loadRFCExamples(t *testing.T) map[string]rfcExample {
	t.Helper()
	files, err := filepath.Glob("testdata/rfc/*.json")
	if err != nil || len(files) == 0 {
		t.Fatalf("no RFC examples in testdata/rfc: %v", err)
	}
	examples := make(map[string]rfcExample, len(files))
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		var ex rfcExample
		if err := json.Unmarshal(data, &ex); err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		examples[strings.TrimSuffix(filepath.Base(f), ".json")] = ex
	}
	return examples
}

// key loads the example's JWK, or returns the zero Key for "none".
func (ex rfcExample) key(t *testing.T) Key {
	t.Helper()
	if string(ex.Key) == "null" {
		return Key{}
	}
	key, err := KeyFromJWK(ex.Key)
	if err != nil {
		t.Fatalf("%s key: %v", ex.Source, err)
	}
	return key
}

func TestRFCExampleSignatures(t *testing.T) {
	examples := loadRFCExamples(t)
	for _, name := range slices.Sorted(maps.Keys(examples)) {
		ex := examples[name]
		t.Run(name, func(t *testing.T) {
			i := strings.LastIndexByte(ex.Token, '.')
			sig, err := base64.RawURLEncoding.DecodeString(ex.Token[i+1:])
			if err != nil {
				t.Fatal(err)
			}
			err = verifySignature(ex.key(t), ex.Alg, ex.Token[:i], sig)
			if got := err == nil; got != ex.SignatureValid {
				t.Errorf("%s: signature valid = %v (%v), want %v", ex.Source, got, err, ex.SignatureValid)
			}
		})
	}
}

func TestRFCExampleTokens(t *testing.T) {
	examples := loadRFCExamples(t)
	for _, name := range slices.Sorted(maps.Keys(examples)) {
		ex := examples[name]
		t.Run(name, func(t *testing.T) {
			clock := time.Unix(ex.VerifyAt, 0)
			v := NewVerifier(StaticKeys(ex.key(t)), fixedClock(clock))
			rules := &Rules{Contract: "RFC", Version: 1, Algorithms: []string{ex.Alg}}

			claims := new(testClaims)
			err := v.Verify(context.Background(), ex.Token, rules, claims)
			if !ex.JWTValid {
				// The examples that are not JWTs have a text payload or,
				// for "none", an empty signature.
				wantRejected(t, err, jwt.ErrTokenMalformed, "malformed")
				return
			}
			wantAccepted(t, err)
			if claims.Issuer != "joe" || !claims.ExpiresAt.Equal(time.Unix(1300819380, 0)) {
				t.Errorf("%s: claims = %+v, want iss joe and exp 1300819380", ex.Source, claims)
			}

			expired := NewVerifier(StaticKeys(ex.key(t)), fixedClock(time.Unix(1300819380, 0)))
			err = expired.Verify(context.Background(), ex.Token, rules, new(testClaims))
			wantRejected(t, err, jwt.ErrTokenExpired, "exp")
		})
	}
}

func TestRFCExamplesPresent(t *testing.T) {
	examples := loadRFCExamples(t)
	valid := 0
	for _, ex := range examples {
		if ex.JWTValid {
			valid++
		}
	}
	if len(examples) != 12 || valid != 4 {
		t.Errorf("found %d examples with %d valid JWTs, want 12 and 4", len(examples), valid)
	}
}
