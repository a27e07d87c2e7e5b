package runtime

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"testing"
)

// jwsVectorFile is the part of the Wycheproof JWS, JWK and JSON web crypto
// files that these tests read. A group's key is a JWK or a JWK set.
type jwsVectorFile struct {
	Groups []struct {
		Comment string          `json:"comment"`
		Public  json.RawMessage `json:"public"`
		Private json.RawMessage `json:"private"`
		Tests   []struct {
			ID      int             `json:"tcId"`
			Comment string          `json:"comment"`
			JWS     json.RawMessage `json:"jws"`
			JWE     json.RawMessage `json:"jwe"`
			Result  string          `json:"result"`
		} `json:"tests"`
	} `json:"testGroups"`
}

// jwsException is a Wycheproof case whose label this package deliberately
// contradicts. The test asserts the opposite of the label, so a change in
// either the data or the runtime is noticed.
type jwsException struct {
	file   string
	id     int
	reason string
}

// emptyPayloadReason explains the empty-payload exceptions.
const emptyPayloadReason = "labelled valid because RFC 7515 allows an empty payload, but a JWT's payload is a JSON object (RFC 7519 §7.2), so the parser rejects an empty one before any key is used"

// jwsExceptions lists every case whose verdict differs from its label.
var jwsExceptions = []jwsException{
	{file: "json_web_signature_test.json", id: 259, reason: emptyPayloadReason},
	{file: "json_web_signature_test.json", id: 264, reason: emptyPayloadReason},
	{file: "json_web_signature_test.json", id: 268, reason: emptyPayloadReason},
	{file: "json_web_signature_test.json", id: 272, reason: emptyPayloadReason},
	{file: "json_web_signature_test.json", id: 320, reason: emptyPayloadReason},
	{file: "json_web_signature_test.json", id: 325, reason: emptyPayloadReason},
	{file: "json_web_signature_test.json", id: 367,
		reason: "labelled invalid, but the token is byte for byte the same as tcId 357, which is labelled valid"},
	{file: "json_web_signature_test.json", id: 370,
		reason: "labelled invalid, but the token is byte for byte the same as tcId 357, which is labelled valid"},
	{file: "json_web_signature_test.json", id: 372,
		reason: "labelled valid, but a '?' inside the header segment is outside the base64url alphabet (RFC 7515 §2)"},
	{file: "json_web_signature_test.json", id: 373,
		reason: "labelled valid, but a '?' inside the payload segment is outside the base64url alphabet (RFC 7515 §2)"},
	{file: "json_web_signature_test.json", id: 346,
		reason: `labelled valid, but the key's "alg" is PS256 and the token's is PS384; the alg is pinned to the key's`},
	{file: "json_web_signature_test.json", id: 350,
		reason: `labelled valid, but the key's "alg" is PS256 and the token's is PS384; the alg is pinned to the key's`},
	{file: "json_web_signature_test.json", id: 347,
		reason: `labelled valid, but the key's "alg" is "ES521", which no JWS algorithm is, and the token's is ES512`},
	{file: "json_web_signature_test.json", id: 351,
		reason: `labelled valid, but the key's "alg" is "ES521", which no JWS algorithm is, and the token's is ES512`},
}

func TestWycheproofJWS(t *testing.T) {
	dir := filepath.Join(vectorsDir(t), "wycheproof", "testvectors_v1")
	files := []struct {
		name string
		// wantJWS and wantJWE are the numbers of JWS and JWE cases, so a
		// case that silently drops out of the run is noticed.
		wantJWS, wantJWE int
	}{
		{name: "json_web_signature_test.json", wantJWS: 401},
		{name: "json_web_key_test.json", wantJWS: 26},
		{name: "json_web_crypto_test.json", wantJWS: 49, wantJWE: 34},
	}
	used := map[jwsException]bool{}
	for _, f := range files {
		t.Run(f.name, func(t *testing.T) {
			data, err := os.ReadFile(filepath.Join(dir, f.name))
			if err != nil {
				t.Fatal(err)
			}
			var vf jwsVectorFile
			if err := json.Unmarshal(data, &vf); err != nil {
				t.Fatalf("%s: %v", f.name, err)
			}

			jwsCases, jweCases := 0, 0
			for _, g := range vf.Groups {
				keyJSON := g.Public
				if len(keyJSON) == 0 {
					keyJSON = g.Private
				}
				keys, loadErr := loadVectorKeys(keyJSON)

				for _, tc := range g.Tests {
					if len(tc.JWE) > 0 {
						jweCases++
						continue
					}
					jwsCases++
					token := vectorToken(t, tc.JWS)

					err := loadErr
					if err == nil {
						err = verifyJWS(keys, token)
						checkFullVerifierAgrees(t, keys, token, err, tc.ID)
					}
					accepted := err == nil

					var want bool
					switch tc.Result {
					case "valid":
						want = true
					case "invalid":
						want = false
					default:
						t.Fatalf("tcId %d: unexpected result %q", tc.ID, tc.Result)
					}
					if ex, ok := findException(f.name, tc.ID); ok {
						used[ex] = true
						want = !want
					}
					if accepted != want {
						t.Errorf("tcId %d (%s, %s): accepted = %v (%v), want %v", tc.ID, g.Comment, tc.Comment, accepted, err, want)
					}
				}
			}
			if jwsCases != f.wantJWS || jweCases != f.wantJWE {
				t.Errorf("ran %d JWS cases and skipped %d JWE cases, want %d and %d", jwsCases, jweCases, f.wantJWS, f.wantJWE)
			}
		})
	}
	for _, ex := range jwsExceptions {
		if !used[ex] {
			t.Errorf("exception for %s tcId %d matched no case", ex.file, ex.id)
		}
	}
}

func findException(file string, id int) (jwsException, bool) {
	for _, ex := range jwsExceptions {
		if ex.file == file && ex.id == id {
			return ex, true
		}
	}
	return jwsException{}, false
}

// vectorToken returns a test's JWS. A JSON serialization, which a vector
// holds as an object, becomes its JSON text, which no compact parser
// accepts.
func vectorToken(t *testing.T, raw json.RawMessage) string {
	t.Helper()
	var s string
	if err := json.Unmarshal(raw, &s); err == nil {
		return s
	}
	var compacted bytes.Buffer
	if err := json.Compact(&compacted, raw); err != nil {
		t.Fatalf("jws is neither a string nor JSON: %v", err)
	}
	return compacted.String()
}

// loadVectorKeys loads a JWK with KeyFromJWK, or a JWK set, which has a
// "keys" member, with KeysFromJWKS.
func loadVectorKeys(raw json.RawMessage) ([]Key, error) {
	var probe struct {
		Keys json.RawMessage `json:"keys"`
	}
	if err := json.Unmarshal(raw, &probe); err != nil {
		return nil, err
	}
	if probe.Keys == nil {
		key, err := KeyFromJWK(raw)
		if err != nil {
			return nil, err
		}
		return []Key{key}, nil
	}
	source, err := KeysFromJWKS(raw)
	if err != nil {
		return nil, err
	}
	return source.(staticKeys), nil
}

// pinnedAlgorithms returns the algorithms that keys may verify: each key's
// JWK "alg", or every algorithm of its family when it has none. The token
// never chooses the algorithm.
func pinnedAlgorithms(keys []Key) []string {
	var algs []string
	for _, k := range keys {
		if k.alg != "" {
			algs = append(algs, k.alg)
			continue
		}
		for _, name := range allAlgorithms {
			if k.fits(lookupAlgorithm(name)) {
				algs = append(algs, name)
			}
		}
	}
	return algs
}

// verifyJWS runs the runtime's JWS steps on token: size limit, compact
// serialization, strict base64url and header (parseJWS), the alg
// allowlist (checkHeader), key selection (SelectKey) and the signature.
// Unlike Verify it accepts a payload that is not JSON, which most of these
// vectors have.
func verifyJWS(keys []Key, token string) error {
	c := &checker{rules: &Rules{Contract: "JWS", Version: 1, Algorithms: pinnedAlgorithms(keys)}}
	v := NewVerifier(StaticKeys(keys...))
	tok, err := v.parseJWS(token)
	if err != nil {
		if ve, ok := err.(*ValidationError); ok {
			ve.Contract, ve.Version = c.rules.Contract, c.rules.Version
		}
		return err
	}
	if err := c.checkHeader(tok, testNow); err != nil {
		return err
	}
	key, err := v.keys.LookupKey(context.Background(), tok.kid, tok.alg)
	if err != nil {
		return c.newError("kid", "kid", err.Error(), err)
	}
	if err := verifySignature(key, tok.alg, tok.signingInput, tok.signature); err != nil {
		return c.newError("", "signature", err.Error(), err)
	}
	return nil
}

// checkFullVerifierAgrees checks that Verify, which adds the JWT claim
// rules, rejects every token that the JWS steps reject.
func checkFullVerifierAgrees(t *testing.T, keys []Key, token string, jwsErr error, id int) {
	t.Helper()
	if jwsErr == nil {
		return
	}
	rules := &Rules{Contract: "Wycheproof", Version: 1, Algorithms: pinnedAlgorithms(keys)}
	v := NewVerifier(StaticKeys(keys...), fixedClock(testNow))
	if err := v.Verify(context.Background(), token, rules, nil); err == nil {
		t.Errorf("tcId %d: the JWS steps reject the token (%v), but Verify accepts it", id, jwsErr)
	}
}

func TestJWSExceptionsHaveReasons(t *testing.T) {
	seen := map[string]bool{}
	for _, ex := range jwsExceptions {
		key := fmt.Sprintf("%s#%d", ex.file, ex.id)
		if seen[key] {
			t.Errorf("%s is listed twice", key)
		}
		seen[key] = true
		if ex.reason == "" {
			t.Errorf("%s has no reason", key)
		}
	}
}
