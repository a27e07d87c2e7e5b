package runtime

import (
	"encoding/hex"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"
)

// vectorsDir returns the shared test vector directory, which sits beside
// the repository: ../shared/vectors from the directory holding go.mod. It
// skips the test when the directory is absent.
func vectorsDir(t *testing.T) string {
	t.Helper()
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			break
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Skip("skipping: no go.mod above the working directory, so the test vectors cannot be located")
		}
		dir = parent
	}
	vectors := filepath.Join(dir, "..", "shared", "vectors")
	if _, err := os.Stat(vectors); err != nil {
		t.Skipf("skipping: test vectors not found at %s", vectors)
	}
	return vectors
}

// wycheproofFile is the part of a Wycheproof signature verification file
// that these tests read.
type wycheproofFile struct {
	Algorithm string `json:"algorithm"`
	Groups    []struct {
		PublicKeyPEM string `json:"publicKeyPem"`
		SHA          string `json:"sha"`
		MGFSHA       string `json:"mgfSha"`
		SaltLength   *int   `json:"sLen"`
		Tests        []struct {
			ID      int    `json:"tcId"`
			Comment string `json:"comment"`
			Msg     string `json:"msg"`
			Sig     string `json:"sig"`
			Result  string `json:"result"`
		} `json:"tests"`
	} `json:"testGroups"`
}

func TestWycheproofSignatures(t *testing.T) {
	dir := filepath.Join(vectorsDir(t), "wycheproof", "testvectors_v1")
	files := []struct {
		file string
		alg  string
		sha  string
	}{
		{file: "ecdsa_secp256r1_sha256_p1363_test.json", alg: "ES256", sha: "SHA-256"},
		{file: "ecdsa_secp384r1_sha384_p1363_test.json", alg: "ES384", sha: "SHA-384"},
		{file: "ecdsa_secp521r1_sha512_p1363_test.json", alg: "ES512", sha: "SHA-512"},
		{file: "ed25519_test.json", alg: "EdDSA"},
		{file: "rsa_signature_2048_sha256_test.json", alg: "RS256", sha: "SHA-256"},
		{file: "rsa_signature_3072_sha384_test.json", alg: "RS384", sha: "SHA-384"},
		{file: "rsa_signature_4096_sha512_test.json", alg: "RS512", sha: "SHA-512"},
		{file: "rsa_pss_2048_sha256_mgf1_32_test.json", alg: "PS256", sha: "SHA-256"},
		{file: "rsa_pss_4096_sha384_mgf1_48_test.json", alg: "PS384", sha: "SHA-384"},
		{file: "rsa_pss_4096_sha512_mgf1_64_test.json", alg: "PS512", sha: "SHA-512"},
	}
	for _, f := range files {
		t.Run(f.alg, func(t *testing.T) {
			data, err := os.ReadFile(filepath.Join(dir, f.file))
			if err != nil {
				t.Fatal(err)
			}
			var vf wycheproofFile
			if err := json.Unmarshal(data, &vf); err != nil {
				t.Fatalf("%s: %v", f.file, err)
			}
			a := lookupAlgorithm(f.alg)

			counts := map[string]int{}
			for _, g := range vf.Groups {
				if g.SHA != f.sha {
					t.Fatalf("%s: group hash %q, want %q", f.file, g.SHA, f.sha)
				}
				if a.pss && (g.MGFSHA != f.sha || g.SaltLength == nil || *g.SaltLength != a.hash.Size()) {
					t.Fatalf("%s: group MGF1 %q with salt length %v does not fit %s", f.file, g.MGFSHA, g.SaltLength, f.alg)
				}
				key, err := PublicKeyFromPEM("", []byte(g.PublicKeyPEM))
				if err != nil {
					t.Fatalf("%s: loading group key: %v", f.file, err)
				}

				for _, tc := range g.Tests {
					msg, err1 := hex.DecodeString(tc.Msg)
					sig, err2 := hex.DecodeString(tc.Sig)
					if err1 != nil || err2 != nil {
						t.Fatalf("%s tcId %d: bad hex", f.file, tc.ID)
					}
					err := verifySignature(key, f.alg, string(msg), sig)
					switch {
					case tc.Result == "valid" && err != nil:
						t.Errorf("%s tcId %d (%s): valid signature rejected: %v", f.file, tc.ID, tc.Comment, err)
					case tc.Result == "invalid" && err == nil:
						t.Errorf("%s tcId %d (%s): invalid signature accepted", f.file, tc.ID, tc.Comment)
					case tc.Result != "valid" && tc.Result != "invalid" && tc.Result != "acceptable":
						t.Errorf("%s tcId %d: unknown result %q", f.file, tc.ID, tc.Result)
					}
					counts[tc.Result]++
				}
			}
			if counts["valid"] == 0 || counts["invalid"] == 0 {
				t.Errorf("%s: %d valid and %d invalid cases; expected some of each", f.file, counts["valid"], counts["invalid"])
			}
			t.Logf("%s: %d valid, %d invalid, %d acceptable", f.file, counts["valid"], counts["invalid"], counts["acceptable"])
		})
	}
}
