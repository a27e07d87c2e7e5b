package tokenaudit

import (
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/jwtgen/jwtgen/runtime"
	"github.com/jwtgen/jwtgen/specverify"
)

// readLines reads every line of input with a limit of max bytes and
// returns them, with "TOO LONG" for a line over the limit.
func readLines(t *testing.T, input string, max int) []string {
	t.Helper()
	lr := newLineReader(strings.NewReader(input), max)
	var out []string
	for {
		line, number, tooLong, err := lr.next()
		if errors.Is(err, io.EOF) {
			return out
		}
		if err != nil {
			t.Fatal(err)
		}
		if number != len(out)+1 {
			t.Fatalf("line number = %d, want %d", number, len(out)+1)
		}
		if tooLong {
			out = append(out, "TOO LONG")
			continue
		}
		out = append(out, string(line))
	}
}

func TestLineReader(t *testing.T) {
	long := strings.Repeat("x", 200<<10)
	tests := []struct {
		name  string
		input string
		max   int
		want  []string
	}{
		{name: "empty input", input: "", max: 10, want: nil},
		{name: "lines and a last line without newline", input: "a\nbb\r\nccc", max: 10, want: []string{"a", "bb", "ccc"}},
		{name: "blank lines", input: "\n\na\n", max: 10, want: []string{"", "", "a"}},
		{name: "line at the limit", input: "0123456789\nx\n", max: 10, want: []string{"0123456789", "x"}},
		{name: "line over the limit", input: "01234567890\nx\n", max: 10, want: []string{"TOO LONG", "x"}},
		{name: "long line under the limit", input: long + "\nx", max: 300 << 10, want: []string{long, "x"}},
		{name: "long line over the limit", input: long + "\nx\n", max: 100 << 10, want: []string{"TOO LONG", "x"}},
		{name: "long last line over the limit", input: "x\n" + long, max: 100 << 10, want: []string{"x", "TOO LONG"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := readLines(t, tt.input, tt.max); !slices.Equal(got, tt.want) {
				t.Errorf("lines = %.40q, want %.40q", got, tt.want)
			}
		})
	}
}

func TestExtractTokens(t *testing.T) {
	tests := []struct {
		name string
		line string
		want []string
	}{
		{name: "token alone", line: "eyJa.eyJb.c2ln", want: []string{"eyJa.eyJb.c2ln"}},
		{name: "tokens in a log line", line: `t=1 auth="Bearer eyJa.b.c" next=eyJd.e-_.f`, want: []string{"eyJa.b.c", "eyJd.e-_.f"}},
		{name: "two segments", line: "eyJa.b and more", want: nil},
		{name: "four segments", line: "eyJa.b.c.d", want: nil},
		{name: "empty segment", line: "eyJa..c", want: nil},
		{name: "inside a word", line: "xeyJa.b.c", want: nil},
		{name: "no token", line: "GET /orders 200", want: nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := extractTokens(nil, []byte(tt.line)); !slices.Equal(got, tt.want) {
				t.Errorf("tokens = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestRedact(t *testing.T) {
	tests := []struct {
		name    string
		payload string
		want    string
	}{
		{name: "scalars", payload: `{"sub":"alice","n":4.5,"ok":true,"none":null}`, want: `{"sub":"<string>","n":"<number>","ok":"<bool>","none":null}`},
		{name: "nested", payload: `{"a":{"b":[1,"x",{"c":false}]},"e":[]}`, want: `{"a":{"b":["<number>","<string>",{"c":"<bool>"}]},"e":[]}`},
		{name: "names keep HTML characters", payload: `{"<&>":"x"}`, want: `{"<&>":"<string>"}`},
		{name: "not JSON", payload: `{"a":`, want: ``},
		{name: "trailing data", payload: `{} {}`, want: ``},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := string(redact([]byte(tt.payload))); got != tt.want {
				t.Errorf("redact = %s, want %s", got, tt.want)
			}
		})
	}
}

// jwksBody returns the JWK set of the sample EdDSA key, whose seed is 32
// zero bytes.
func jwksBody(t *testing.T) []byte {
	t.Helper()
	return []byte(`{"keys":[{"kty":"OKP","crv":"Ed25519","kid":"ed-1","x":"O2onvM62pC1io6jQKm8Nc2UyFXcd4kOmOsBIoYtZ2ik"}]}`)
}

func TestLoadJWKS(t *testing.T) {
	body := jwksBody(t)
	server := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/jwks" {
			http.NotFound(w, r)
			return
		}
		w.Write(body)
	}))
	defer server.Close()
	file := filepath.Join(t.TempDir(), "jwks.json")
	if err := os.WriteFile(file, body, 0o600); err != nil {
		t.Fatal(err)
	}

	tests := []struct {
		name     string
		location string
		wantErr  string
	}{
		{name: "file", location: file},
		{name: "loopback URL over http", location: server.URL + "/jwks"},
		{name: "not found", location: server.URL + "/missing", wantErr: "status 404 Not Found"},
		{name: "http to another host", location: "http://jwks.example.com/keys", wantErr: "use https"},
		{name: "missing file", location: filepath.Join(t.TempDir(), "none.json"), wantErr: "no such file"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			keys, err := LoadJWKS(t.Context(), tt.location, nil)
			if tt.wantErr != "" {
				if err == nil || !errors.Is(err, ErrKeyFile) || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("LoadJWKS error = %v, want one wrapping ErrKeyFile that contains %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if _, err := keys.LookupKey(t.Context(), "ed-1", "EdDSA"); err != nil {
				t.Errorf("LookupKey: %v", err)
			}
		})
	}
}

func TestIsLoopback(t *testing.T) {
	for host, want := range map[string]bool{"localhost": true, "127.0.0.1": true, "127.8.0.1": true, "::1": true, "10.0.0.1": false, "example.com": false} {
		if got := isLoopback(host); got != want {
			t.Errorf("isLoopback(%q) = %v, want %v", host, got, want)
		}
	}
}

func TestLoadKeyIgnoresKid(t *testing.T) {
	file := filepath.Join(t.TempDir(), "key.jwk")
	if err := os.WriteFile(file, []byte(`{"kty":"OKP","crv":"Ed25519","x":"O2onvM62pC1io6jQKm8Nc2UyFXcd4kOmOsBIoYtZ2ik"}`), 0o600); err != nil {
		t.Fatal(err)
	}
	keys, err := LoadKey(file)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := keys.LookupKey(t.Context(), "any-kid", "EdDSA"); err != nil {
		t.Errorf("LookupKey with another kid: %v", err)
	}
	if _, err := keys.LookupKey(t.Context(), "any-kid", "ES256"); !errors.Is(err, runtime.ErrKeyNotFound) {
		t.Errorf("LookupKey for ES256 = %v, want ErrKeyNotFound", err)
	}
	v := specverify.New(loadContract(t, ordersContract), keys, runtime.WithClock(func() time.Time { return sampleClock }))
	if r := v.Verify(t.Context(), sampleToken(t, "v3 valid")); r.Err != nil {
		t.Errorf("Verify with the loaded key: %v", r.Err)
	}
}

func TestLoadKeysSeveralFiles(t *testing.T) {
	dir := t.TempDir()
	edFile := filepath.Join(dir, "ed.jwk")
	if err := os.WriteFile(edFile, []byte(`{"kty":"OKP","crv":"Ed25519","x":"O2onvM62pC1io6jQKm8Nc2UyFXcd4kOmOsBIoYtZ2ik"}`), 0o600); err != nil {
		t.Fatal(err)
	}
	ecFile := filepath.Join(dir, "ec.jwk")
	ecJWK := `{"kty":"EC","crv":"P-256","x":"f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU","y":"x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0"}`
	if err := os.WriteFile(ecFile, []byte(ecJWK), 0o600); err != nil {
		t.Fatal(err)
	}
	keys, err := LoadKeys(edFile, ecFile)
	if err != nil {
		t.Fatal(err)
	}

	for _, alg := range []string{"EdDSA", "ES256"} {
		if _, err := keys.LookupKey(t.Context(), "", alg); err != nil {
			t.Errorf("LookupKey(%s): %v, want the key of its file", alg, err)
		}
	}
	_, err = keys.LookupKey(t.Context(), "", "RS256")
	if !errors.Is(err, runtime.ErrKeyNotFound) {
		t.Fatalf("LookupKey(RS256) = %v, want ErrKeyNotFound", err)
	}
	want := "key not found: no key given with --key (" + edFile + ", " + ecFile + ") serves RS256"
	if err.Error() != want {
		t.Errorf("LookupKey(RS256) error = %q, want %q", err, want)
	}
}
