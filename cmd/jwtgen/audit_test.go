package main

import (
	"bytes"
	"crypto/ed25519"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/jwtgen/jwtgen/runtime"
)

// ordersContract is the contract of the example service.
const ordersContract = "../../examples/orders/tokens/orders.jwt.yaml"

// inspectClock is the --at of the tests: inside version 3's lifetime
// rules for the tokens that mintOrders makes.
var inspectClock = time.Date(2027, 4, 1, 0, 0, 0, 0, time.UTC)

// edKey is an Ed25519 key from a fixed seed, and edJWK its public JWK.
var edKey = ed25519.NewKeyFromSeed(make([]byte, ed25519.SeedSize))

const edJWK = `{"kty":"OKP","crv":"Ed25519","kid":"ed-1","x":"O2onvM62pC1io6jQKm8Nc2UyFXcd4kOmOsBIoYtZ2ik"}`

// mintOrders returns a version 3 token of the orders contract, issued a
// minute before inspectClock, with region set to region.
func mintOrders(t *testing.T, region string) string {
	t.Helper()
	iat := inspectClock.Add(-time.Minute).Unix()
	header := `{"alg":"EdDSA","typ":"at+jwt","kid":"ed-1"}`
	payload := fmt.Sprintf(`{"iss":"https://auth.example.com","aud":["orders-api"],"sub":"u-1","iat":%d,"exp":%d,"jti":"j-1","ver":3,"tenant_id":"acme","region":%q}`, iat, iat+300, region)
	signer, err := runtime.NewSigner("EdDSA", "ed-1", edKey)
	if err != nil {
		t.Fatal(err)
	}
	enc := base64.RawURLEncoding
	input := enc.EncodeToString([]byte(header)) + "." + enc.EncodeToString([]byte(payload))
	sig, err := signer.Sign([]byte(input))
	if err != nil {
		t.Fatal(err)
	}
	return input + "." + enc.EncodeToString(sig)
}

// runWithStdin runs the command with stdin.
func runWithStdin(t *testing.T, stdin string, args ...string) result {
	t.Helper()
	var stdout, stderr bytes.Buffer
	err := run(t.Context(), args, strings.NewReader(stdin), &stdout, &stderr, func(string) string { return "" })
	status := exitStatus(&stderr, err)
	return result{status: status, stdout: stdout.String(), stderr: stderr.String()}
}

func writeFile(t *testing.T, name, content string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestInspectCommand(t *testing.T) {
	key := writeFile(t, "key.jwk", edJWK)
	good, bad := mintOrders(t, "eu"), mintOrders(t, "mars")
	at := "--at=" + inspectClock.Format(time.RFC3339)

	tests := []struct {
		name       string
		stdin      string
		args       []string
		wantStatus int
		wantOut    string // a line of stdout
		wantErr    string
	}{
		{name: "token from stdin", stdin: good + "\n", args: []string{"inspect", "--spec", ordersContract, "--key", key, at},
			wantOut: "Verdict:   accepted"},
		{name: "token argument", args: []string{"inspect", "--spec", ordersContract, "--key", key, at, good},
			wantOut: "  signature   signature      passed"},
		{name: "without key", args: []string{"inspect", "--spec", ordersContract, at, good},
			wantOut: "Signature: NOT CHECKED: no key given (use --key or --jwks)"},
		{name: "rejected token", args: []string{"inspect", "--spec", ordersContract, "--key", key, at, bad}, wantStatus: 1,
			wantOut: `  claims      region         failed  is not one of eu, us [values]`,
			wantErr: "jwtgen: inspect: the token is rejected\n"},
		{name: "missing spec", args: []string{"inspect", good}, wantStatus: 2,
			wantErr: "jwtgen: inspect: missing --spec FILE; run 'jwtgen inspect -h' for usage\n"},
		{name: "key and jwks", args: []string{"inspect", "--spec", ordersContract, "--key", key, "--jwks", key, good}, wantStatus: 2,
			wantErr: "jwtgen: inspect: give --key or --jwks, not both\n"},
		{name: "invalid at", args: []string{"inspect", "--spec", ordersContract, "--at", "tomorrow", good}, wantStatus: 2,
			wantErr: "jwtgen: inspect: invalid --at \"tomorrow\": use an RFC 3339 timestamp such as 2027-03-01T00:00:00Z\n"},
		{name: "invalid format", args: []string{"inspect", "--spec", ordersContract, "--format", "yaml", good}, wantStatus: 2,
			wantErr: "jwtgen: inspect: invalid --format \"yaml\": use text or json\n"},
		{name: "empty stdin", args: []string{"inspect", "--spec", ordersContract}, wantStatus: 2,
			wantErr: "jwtgen: inspect: no token: give TOKEN or write it to standard input\n"},
		{name: "jwks over http to another host", args: []string{"inspect", "--spec", ordersContract, "--jwks", "http://keys.example.com/jwks", good}, wantStatus: 1,
			wantErr: "jwtgen: inspect: cannot load keys: JWK set URL http://keys.example.com/jwks: use https; plain http is allowed only for a loopback host\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := runWithStdin(t, tt.stdin, tt.args...)
			if got.status != tt.wantStatus {
				t.Errorf("exit status = %d, want %d; stderr %q", got.status, tt.wantStatus, got.stderr)
			}
			if tt.wantOut != "" && !containsLine(got.stdout, tt.wantOut) {
				t.Errorf("stdout has no line %q:\n%s", tt.wantOut, got.stdout)
			}
			if got.stderr != tt.wantErr {
				t.Errorf("stderr = %q, want %q", got.stderr, tt.wantErr)
			}
		})
	}
}

// containsLine reports whether text has a line equal to line.
func containsLine(text, line string) bool {
	for _, l := range strings.Split(text, "\n") {
		if l == line {
			return true
		}
	}
	return false
}

func TestInspectJWKSURL(t *testing.T) {
	requests := 0
	server := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		requests++
		fmt.Fprintf(w, `{"keys":[%s]}`, edJWK)
	}))
	defer server.Close()

	got := runWithStdin(t, "", "inspect", "--spec", ordersContract, "--jwks", server.URL+"/jwks",
		"--at", inspectClock.Format(time.RFC3339), "--format", "json", mintOrders(t, "us"))
	if got.status != 0 {
		t.Fatalf("exit status = %d; stderr %q", got.status, got.stderr)
	}
	var report struct {
		Accepted         bool `json:"accepted"`
		SignatureChecked bool `json:"signature_checked"`
		Version          int  `json:"version"`
	}
	if err := json.Unmarshal([]byte(got.stdout), &report); err != nil {
		t.Fatalf("stdout is not JSON: %v\n%s", err, got.stdout)
	}
	if !report.Accepted || !report.SignatureChecked || report.Version != 3 {
		t.Errorf("report = %+v, want an accepted version 3 token with its signature checked", report)
	}
	if requests != 1 {
		t.Errorf("the JWK set was fetched %d times, want once", requests)
	}
}

func TestAuditCommand(t *testing.T) {
	key := writeFile(t, "key.jwk", edJWK)
	good, bad := mintOrders(t, "eu"), mintOrders(t, "mars")
	log := writeFile(t, "tokens.log", strings.Join([]string{
		"INFO token=" + good + " path=/orders",
		"INFO token=" + bad,
		"INFO no token here",
	}, "\n"))
	at := "--at=" + inspectClock.Format(time.RFC3339)
	missing := filepath.Join(t.TempDir(), "none.log")

	tests := []struct {
		name       string
		stdin      string
		args       []string
		wantStatus int
		wantOut    string // a line of stdout
		wantErr    string
	}{
		{name: "extract from a file", args: []string{"audit", "--spec", ordersContract, "--key", key, at, "--extract", log},
			wantOut: "Lines: 3, tokens: 2, accepted: 1, rejected: 1, bad input: 0"},
		{name: "lines from stdin", stdin: good + "\n" + bad + "\n", args: []string{"audit", "--spec", ordersContract, at, "--retire", "3"},
			wantOut: "Retiring version 3 at 2027-04-01T00:00:00Z would reject 1 accepted token (50.00% of all tokens)."},
		{name: "log lines without extract are bad input", args: []string{"audit", "--spec", ordersContract, at, log},
			wantOut: "Lines: 3, tokens: 0, accepted: 0, rejected: 0, bad input: 3"},
		{name: "markdown", stdin: good + "\n", args: []string{"audit", "--spec", ordersContract, at, "--format", "markdown"},
			wantOut: "# Audit of OrdersAccess tokens"},
		{name: "unknown version to retire", args: []string{"audit", "--spec", ordersContract, "--retire", "9"}, wantStatus: 2,
			wantErr: "jwtgen: audit: --retire 9: the contract has no version 9\n"},
		{name: "invalid format", args: []string{"audit", "--spec", ordersContract, "--format", "csv"}, wantStatus: 2,
			wantErr: "jwtgen: audit: invalid --format \"csv\": use text, json, markdown\n"},
		{name: "missing log", args: []string{"audit", "--spec", ordersContract, missing}, wantStatus: 1,
			wantErr: "jwtgen: audit: open " + missing + ": no such file or directory\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := runWithStdin(t, tt.stdin, tt.args...)
			if got.status != tt.wantStatus {
				t.Errorf("exit status = %d, want %d; stderr %q", got.status, tt.wantStatus, got.stderr)
			}
			if tt.wantOut != "" && !containsLine(got.stdout, tt.wantOut) {
				t.Errorf("stdout has no line %q:\n%s", tt.wantOut, got.stdout)
			}
			if got.stderr != tt.wantErr {
				t.Errorf("stderr = %q, want %q", got.stderr, tt.wantErr)
			}
		})
	}
}

func TestProgressLine(t *testing.T) {
	tests := []struct {
		name               string
		read, lines, total int64
		want               string
	}{
		{name: "unknown size", read: 10, lines: 3, total: 0, want: "jwtgen: audit: 3 lines read"},
		{name: "start", read: 0, lines: 0, total: 100, want: "jwtgen: audit [                              ]   0% 0 lines"},
		{name: "half", read: 50, lines: 7, total: 100, want: "jwtgen: audit [###############               ]  50% 7 lines"},
		{name: "past the size", read: 120, lines: 9, total: 100, want: "jwtgen: audit [##############################] 100% 9 lines"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := progressLine(tt.read, tt.lines, tt.total); got != tt.want {
				t.Errorf("progressLine = %q, want %q", got, tt.want)
			}
		})
	}
}
