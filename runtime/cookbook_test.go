package runtime

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/golang-jwt/jwt/v5"
)

// cookbookExample is the part of a JOSE cookbook example (RFC 7520) that
// these tests read.
type cookbookExample struct {
	Input struct {
		Key json.RawMessage `json:"key"`
		Alg string          `json:"alg"`
	} `json:"input"`
	Output struct {
		Compact string          `json:"compact"`
		JSON    json.RawMessage `json:"json"`
	} `json:"output"`
}

func TestCookbookSignatures(t *testing.T) {
	dir := filepath.Join(vectorsDir(t), "jose-cookbook")
	tests := []struct {
		name string
		file string
		// otherAlg is an algorithm of the same key family that the key
		// must not verify once it is pinned to the example's alg.
		otherAlg string
	}{
		{name: "RFC 7520 4.1 RS256", file: "jws/4_1.rsa_v15_signature.json", otherAlg: "RS512"},
		{name: "RFC 7520 4.2 PS384", file: "jws/4_2.rsa-pss_signature.json", otherAlg: "PS256"},
		{name: "RFC 7520 4.3 ES512", file: "jws/4_3.ecdsa_signature.json", otherAlg: "ES256"},
		{name: "RFC 7520 4.4 HS256", file: "jws/4_4.hmac-sha2_integrity_protection.json", otherAlg: "HS512"},
		{name: "RFC 8037 A.4 EdDSA", file: "curve25519/jws.json"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ex := loadCookbookExample(t, filepath.Join(dir, tt.file))
			key, err := KeyFromJWK(ex.Input.Key)
			if err != nil {
				t.Fatalf("KeyFromJWK: %v", err)
			}
			key.alg = ex.Input.Alg
			keys := []Key{key}

			if err := verifyJWS(keys, ex.Output.Compact); err != nil {
				t.Errorf("compact serialization rejected: %v", err)
			}
			err = verifyJWS(keys, tamperSignature(ex.Output.Compact))
			wantRejected(t, err, jwt.ErrTokenSignatureInvalid, "signature")

			// The general JSON serialization holds the same signature, but
			// only the compact form is a JWT (RFC 7519 §7.2).
			err = verifyJWS(keys, string(ex.Output.JSON))
			wantRejected(t, err, jwt.ErrTokenMalformed, "malformed")

			if tt.otherAlg != "" {
				other := key
				other.alg = tt.otherAlg
				err = verifyJWS([]Key{other}, ex.Output.Compact)
				wantRejected(t, err, ErrAlgorithmNotAllowed, "alg")
			}
		})
	}
}

func TestCookbookDetachedPayloadRejected(t *testing.T) {
	dir := filepath.Join(vectorsDir(t), "jose-cookbook")
	ex := loadCookbookExample(t, filepath.Join(dir, "jws/4_5.signature_with_detached_content.json"))
	key, err := KeyFromJWK(ex.Input.Key)
	if err != nil {
		t.Fatalf("KeyFromJWK: %v", err)
	}
	// RFC 7520 §4.5 leaves the payload segment empty; a JWT carries its
	// claims in the payload, so the parser rejects it.
	err = verifyJWS([]Key{key}, ex.Output.Compact)
	wantRejected(t, err, jwt.ErrTokenMalformed, "malformed")
}

func loadCookbookExample(t *testing.T, path string) cookbookExample {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var ex cookbookExample
	if err := json.Unmarshal(data, &ex); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	if ex.Output.Compact == "" {
		t.Fatalf("%s has no compact serialization", path)
	}
	return ex
}
