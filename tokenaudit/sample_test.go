package tokenaudit

import (
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jwtgen/jwtgen/runtime"
	"github.com/jwtgen/jwtgen/spec"
)

// sampleClock is the time of every sample token and of the verifiers in
// the tests: after version 1's accept_until, before version 2's.
var sampleClock = time.Date(2027, 4, 1, 0, 0, 0, 0, time.UTC)

// sampleKeys are the signing keys of the sample tokens, made once per
// test binary because RSA key generation is slow. Reports never show a
// signature, so fresh keys do not change the output.
type sampleKeys struct {
	rsa *rsa.PrivateKey
	ec  *ecdsa.PrivateKey
	ed  ed25519.PrivateKey
}

var (
	keysOnce sync.Once
	keys     sampleKeys
)

func testKeys(t testing.TB) sampleKeys {
	t.Helper()
	keysOnce.Do(func() {
		var err error
		if keys.rsa, err = rsa.GenerateKey(rand.Reader, 2048); err != nil {
			panic(err)
		}
		if keys.ec, err = ecdsa.GenerateKey(elliptic.P256(), rand.Reader); err != nil {
			panic(err)
		}
		// A fixed seed keeps EdDSA signatures the same from run to run.
		keys.ed = ed25519.NewKeyFromSeed(make([]byte, ed25519.SeedSize))
	})
	return keys
}

// keySource returns the verification keys of the sample tokens, under
// the key IDs "rsa-1", "ec-1" and "ed-1".
func (k sampleKeys) keySource(t testing.TB) runtime.KeySource {
	t.Helper()
	var list []runtime.Key
	for kid, private := range map[string]any{"rsa-1": k.rsa, "ec-1": k.ec, "ed-1": k.ed} {
		key, err := runtime.PublicKey(kid, private)
		if err != nil {
			t.Fatal(err)
		}
		list = append(list, key)
	}
	return runtime.StaticKeys(list...)
}

// private returns the signing key of alg.
func (k sampleKeys) private(alg string) any {
	switch alg {
	case "RS256":
		return k.rsa
	case "ES256":
		return k.ec
	case "EdDSA":
		return k.ed
	}
	return nil
}

// mint returns a compact JWS of header and payload, signed with the sample
// key of the header's alg, or with a fixed signature for other algorithms.
func mint(t testing.TB, header, payload string) string {
	t.Helper()
	var h struct {
		Alg string `json:"alg"`
		Kid string `json:"kid"`
	}
	if err := json.Unmarshal([]byte(header), &h); err != nil {
		t.Fatalf("header %s: %v", header, err)
	}
	enc := base64.RawURLEncoding
	input := enc.EncodeToString([]byte(header)) + "." + enc.EncodeToString([]byte(payload))
	sig := []byte("not-a-signature")
	if key := testKeys(t).private(h.Alg); key != nil {
		signer, err := runtime.NewSigner(h.Alg, h.Kid, key)
		if err != nil {
			t.Fatal(err)
		}
		if sig, err = signer.Sign([]byte(input)); err != nil {
			t.Fatal(err)
		}
	}
	return input + "." + enc.EncodeToString(sig)
}

// tamper flips a bit of the signature of token.
func tamper(token string) string {
	i := strings.LastIndexByte(token, '.')
	sig, _ := base64.RawURLEncoding.DecodeString(token[i+1:])
	sig[0] ^= 1
	return token[:i+1] + base64.RawURLEncoding.EncodeToString(sig)
}

// Headers of the sample tokens.
const (
	headerV1 = `{"alg":"RS256","typ":"JWT","kid":"rsa-1"}`
	headerV2 = `{"alg":"ES256","typ":"at+jwt","kid":"ec-1"}`
	headerV3 = `{"alg":"EdDSA","typ":"at+jwt","kid":"ed-1"}`
)

// times returns the iat, nbf and exp members of a token issued at
// sampleClock plus offset that lives for lifetime.
func times(offset, lifetime time.Duration) string {
	iat := sampleClock.Add(offset).Unix()
	return fmt.Sprintf(`"iat":%d,"nbf":%d,"exp":%d`, iat, iat, iat+int64(lifetime/time.Second))
}

// Registered claims of valid sample tokens.
const registered = `"iss":"https://auth.example.com","aud":["orders-api"]`

// sampleLine is one line of the sample log and what it covers.
type sampleLine struct {
	name string
	line string
}

// sampleLines returns the lines of the sample log of the orders contract:
// valid tokens of every version, a token for every rejection reason, bad
// input and a log line with a token inside.
func sampleLines(t testing.TB) []sampleLine {
	t.Helper()
	v1 := `{` + registered + `,"sub":"u-1",` + times(-5*time.Minute, time.Hour) + `,"ver":1,"uid":"u-1","scope":"orders:read","tenant":"acme"}`
	v1Unversioned := `{` + registered + `,"sub":"u-2",` + times(-5*time.Minute, time.Hour) + `,"uid":"u-2","tenant":"acme"}`
	v2 := func(extra string) string {
		return `{` + registered + `,"sub":"u-3",` + times(-time.Minute, 10*time.Minute) + `,"jti":"j-2","ver":2,"tenant_id":"eu-acme","scp":["orders:read"],"roles":["viewer"]` + extra + `}`
	}
	v3 := func(timing, extra string) string {
		return `{` + registered + `,"sub":"u-4",` + timing + `,"jti":"j-3","ver":3,"tenant_id":"eu-acme","scp":["orders:read","orders:write"],"region":"eu"` + extra + `}`
	}
	valid3 := v3(times(-time.Minute, 5*time.Minute), "")
	good3 := mint(t, headerV3, valid3)

	return []sampleLine{
		{"v1 past accept_until", mint(t, headerV1, v1)},
		{"v1 unversioned", mint(t, headerV1, v1Unversioned)},
		{"v2 valid", mint(t, headerV2, v2(""))},
		{"v2 valid again", mint(t, headerV2, strings.Replace(v2(""), `"sub":"u-3"`, `"sub":"u-5"`, 1))},
		{"v3 valid", good3},
		{"v3 valid with a long lifetime for the candidate", mint(t, headerV3, v3(times(-time.Minute, 9*time.Minute), ""))},
		{"blank line", ""},
		{"alg none", mint(t, `{"alg":"none","typ":"at+jwt"}`, valid3)},
		{"alg not allowed", mint(t, `{"alg":"RS256","typ":"at+jwt","kid":"rsa-1"}`, valid3)},
		{"typ wrong", mint(t, `{"alg":"EdDSA","typ":"JWT","kid":"ed-1"}`, valid3)},
		{"version unknown", mint(t, headerV3, strings.Replace(valid3, `"ver":3`, `"ver":7`, 1))},
		{"kid unknown", mint(t, `{"alg":"EdDSA","typ":"at+jwt","kid":"ed-9"}`, valid3)},
		{"signature tampered", tamper(good3)},
		{"exp passed", mint(t, headerV3, v3(times(-time.Hour, 5*time.Minute), ""))},
		{"nbf and iat future", mint(t, headerV3, v3(times(time.Hour, 5*time.Minute), ""))},
		{"lifetime too long", mint(t, headerV3, v3(times(-time.Minute, time.Hour), ""))},
		{"wrong issuer", mint(t, headerV3, strings.Replace(valid3, "https://auth.example.com", "https://evil.example.com", 1))},
		{"wrong audience", mint(t, headerV3, strings.Replace(valid3, `["orders-api"]`, `["billing-api"]`, 1))},
		{"missing sub", mint(t, headerV3, strings.Replace(valid3, `"sub":"u-4",`, ``, 1))},
		{"claim type", mint(t, headerV3, strings.Replace(valid3, `"region":"eu"`, `"region":7`, 1))},
		{"claim missing", mint(t, headerV3, strings.Replace(valid3, `,"region":"eu"`, ``, 1))},
		{"claim pattern", mint(t, headerV3, strings.Replace(valid3, `"tenant_id":"eu-acme"`, `"tenant_id":"EU ACME"`, 1))},
		{"claim values", mint(t, headerV3, strings.Replace(valid3, `"region":"eu"`, `"region":"mars"`, 1))},
		{"enum item", mint(t, headerV2, strings.Replace(v2(""), `"roles":["viewer"]`, `"roles":["viewer","root"]`, 1))},
		{"duplicate claim", mint(t, headerV3, strings.Replace(valid3, `"region":"eu"`, `"region":"eu","region":"us"`, 1))},
		{"crit header", mint(t, `{"alg":"EdDSA","typ":"at+jwt","kid":"ed-1","crit":["exp"]}`, valid3)},
		{"truncated", good3[:len(good3)/2]},
		{"binary garbage", "\x00\x01\xfe\xffgarbage\x7f"},
		{"payload not JSON", "eyJhbGciOiJFZERTQSJ9.bm90IGpzb24.c2ln"},
		{"line over the limit", strings.Repeat("A", DefaultMaxLine+10)},
		{"log line with a token", `2027-04-01T00:00:00Z INFO request path=/orders token=` + good3 + ` status=200`},
	}
}

// sampleLog returns the sample log as one string.
func sampleLog(t testing.TB, lines []sampleLine) string {
	t.Helper()
	var b strings.Builder
	for _, l := range lines {
		b.WriteString(l.line)
		b.WriteByte('\n')
	}
	return b.String()
}

// loadContract loads a contract of the tests.
func loadContract(t testing.TB, path string) *spec.Contract {
	t.Helper()
	c, err := spec.Load(path)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

const (
	ordersContract    = "../examples/orders/tokens/orders.jwt.yaml"
	candidateContract = "testdata/orders-candidate.jwt.yaml"
)
