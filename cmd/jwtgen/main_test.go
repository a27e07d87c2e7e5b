package main

import (
	"bytes"
	"os"
	"path/filepath"
	"runtime/debug"
	"strings"
	"testing"

	"github.com/jwtgen/jwtgen/templates"
)

// result is the outcome of one in-process run of the command.
type result struct {
	status int
	stdout string
	stderr string
}

// runJwtgen runs the command with args and the environment variables in
// env, as main would, and returns its exit status and output.
func runJwtgen(t *testing.T, env map[string]string, args ...string) result {
	t.Helper()
	var stdout, stderr bytes.Buffer
	getenv := func(key string) string { return env[key] }
	err := run(t.Context(), args, strings.NewReader(""), &stdout, &stderr, getenv)
	status := exitStatus(&stderr, err)
	return result{status: status, stdout: stdout.String(), stderr: stderr.String()}
}

// checkResult fails the test unless got equals want, field by field.
func checkResult(t *testing.T, got, want result) {
	t.Helper()
	if got.status != want.status {
		t.Errorf("exit status = %d, want %d", got.status, want.status)
	}
	if got.stdout != want.stdout {
		t.Errorf("stdout:\n got %q\nwant %q", got.stdout, want.stdout)
	}
	if got.stderr != want.stderr {
		t.Errorf("stderr:\n got %q\nwant %q", got.stderr, want.stderr)
	}
}

// copyFixture copies testdata/name to dir/as and returns the new path.
func copyFixture(t *testing.T, name, dir, as string) string {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, as)
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestCommandLineErrors(t *testing.T) {
	tests := []struct {
		name string
		env  map[string]string
		args []string
		want result
	}{
		{
			name: "no command",
			args: nil,
			want: result{status: 2, stderr: "jwtgen: missing command: choose one of audit, check, diff, docs, generate, init, inspect, schema, version, or run 'jwtgen help'\n"},
		},
		{
			name: "misspelled command",
			args: []string{"generat"},
			want: result{status: 2, stderr: "jwtgen: unknown command \"generat\": did you mean generate?\n"},
		},
		{
			name: "unknown command",
			args: []string{"lint"},
			want: result{status: 2, stderr: "jwtgen: unknown command \"lint\": choose one of audit, check, diff, docs, generate, init, inspect, schema, version\n"},
		},
		{
			name: "unknown flag",
			args: []string{"generate", "--pkg", "tokens", "orders.jwt.yaml"},
			want: result{status: 2, stderr: "jwtgen: generate: unknown flag: --pkg; run 'jwtgen generate -h' for usage\n"},
		},
		{
			name: "flag without value",
			args: []string{"check", "orders.jwt.yaml", "--at"},
			want: result{status: 2, stderr: "jwtgen: check: flag needs an argument: --at; run 'jwtgen check -h' for usage\n"},
		},
		{
			name: "generate without files",
			args: []string{"generate", "--package", "tokens"},
			want: result{status: 2, stderr: "jwtgen: generate: missing contract file; run 'jwtgen generate -h' for usage\n"},
		},
		{
			name: "generate without files under go generate",
			env:  map[string]string{"GOFILE": "tokens.go", "GOLINE": "5", "GOPACKAGE": "tokens"},
			args: []string{"generate"},
			want: result{status: 2, stderr: "jwtgen: tokens.go:5: generate: missing contract file; run 'jwtgen generate -h' for usage\n"},
		},
		{
			name: "invalid package name",
			args: []string{"generate", "--package", "my-tokens", "orders.jwt.yaml"},
			want: result{status: 2, stderr: "jwtgen: generate: invalid --package \"my-tokens\": the name must be a Go identifier\n"},
		},
		{
			name: "version with argument",
			args: []string{"version", "now"},
			want: result{status: 2, stderr: "jwtgen: version: unexpected argument \"now\"; run 'jwtgen version -h' for usage\n"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			checkResult(t, runJwtgen(t, tt.env, tt.args...), tt.want)
		})
	}
}

func TestHelpDescribesEveryFlag(t *testing.T) {
	tests := []struct {
		name      string
		args      []string
		wantLines []string
	}{
		{
			name: "root",
			args: []string{"help"},
			wantLines: []string{
				"  jwtgen COMMAND [flags] [arguments]",
				"  check       Report errors and warnings in contract files",
				"  generate    Generate Go code from contract files",
				"  help        Print help for a command",
				"  init        Print a starter contract file",
				"  version     Print the jwtgen version and the Go version it was built with",
			},
		},
		{
			name: "generate",
			args: []string{"generate", "-h"},
			wantLines: []string{
				"  jwtgen generate [flags] FILE...",
				"      --check          write nothing; fail and name each generated file that is missing or out of date",
				"  -o, --output DIR     write the generated files to DIR, created if missing (default: the directory of each contract file)",
				"      --package NAME   package NAME of the generated files (default $GOPACKAGE under go generate, else the package already in the output directory)",
			},
		},
		{
			name: "check",
			args: []string{"check", "--help"},
			wantLines: []string{
				"  jwtgen check [flags] FILE...",
				"      --at TIME   judge dates such as issue_until and accept_until as of TIME, an RFC 3339 timestamp (default now)",
				"      --strict    exit with status 1 on warnings too",
			},
		},
		{
			name: "init",
			args: []string{"help", "init"},
			wantLines: []string{
				"  jwtgen init --template NAME --name CONTRACT",
				"  rfc9068        OAuth 2.0 access token in the JWT profile of RFC 9068",
				"  oidc-id-token  OpenID Connect ID token (OpenID Connect Core 1.0 §2)",
				"  service        short-lived token that one service presents to another",
				"      --name CONTRACT   set the contract name to CONTRACT, an exported Go identifier that prefixes every generated name",
				"      --template NAME   start from the template NAME: rfc9068, oidc-id-token, service",
			},
		},
		{
			name: "single-dash help",
			args: []string{"version", "-help"},
			wantLines: []string{
				"  jwtgen version [flags]",
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := runJwtgen(t, nil, tt.args...)
			if got.status != 0 || got.stderr != "" {
				t.Fatalf("exit status %d, stderr %q", got.status, got.stderr)
			}
			lines := strings.Split(got.stdout, "\n")
			for _, want := range tt.wantLines {
				found := false
				for _, line := range lines {
					if line == want {
						found = true
						break
					}
				}
				if !found {
					t.Errorf("help has no line %q; help:\n%s", want, got.stdout)
				}
			}
		})
	}
}

func TestInitPrintsTemplate(t *testing.T) {
	for _, tmpl := range templates.List() {
		t.Run(tmpl.Name, func(t *testing.T) {
			want, err := templates.Render(tmpl.Name, "OrdersAccess")
			if err != nil {
				t.Fatal(err)
			}
			got := runJwtgen(t, nil, "init", "--template", tmpl.Name, "--name", "OrdersAccess")
			checkResult(t, got, result{status: 0, stdout: string(want)})
		})
	}
}

func TestInitRejectsArguments(t *testing.T) {
	tests := []struct {
		name string
		args []string
		want result
	}{
		{
			name: "unknown template",
			args: []string{"init", "--template", "oauth", "--name", "OrdersAccess"},
			want: result{status: 2, stderr: "jwtgen: init: unknown template \"oauth\": choose one of rfc9068, oidc-id-token, service\n"},
		},
		{
			name: "unexported name",
			args: []string{"init", "--template", "service", "--name", "ordersAccess"},
			want: result{status: 2, stderr: "jwtgen: init: invalid contract name \"ordersAccess\": the name must be an exported Go identifier, such as OrdersAccess\n"},
		},
		{
			name: "missing template",
			args: []string{"init", "--name", "OrdersAccess"},
			want: result{status: 2, stderr: "jwtgen: init: missing --template: choose one of rfc9068, oidc-id-token, service\n"},
		},
		{
			name: "missing name",
			args: []string{"init", "-template", "rfc9068"},
			want: result{status: 2, stderr: "jwtgen: init: missing --name: give the contract name, an exported Go identifier such as OrdersAccess\n"},
		},
		{
			name: "extra argument",
			args: []string{"init", "--template", "rfc9068", "--name", "OrdersAccess", "orders.jwt.yaml"},
			want: result{status: 2, stderr: "jwtgen: init: unexpected argument \"orders.jwt.yaml\"; run 'jwtgen init -h' for usage\n"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			checkResult(t, runJwtgen(t, nil, tt.args...), tt.want)
		})
	}
}

func TestVersionPrintsBuildInfo(t *testing.T) {
	want := versionString(debug.ReadBuildInfo()) + "\n"
	checkResult(t, runJwtgen(t, nil, "version"), result{status: 0, stdout: want})
}

func TestVersionString(t *testing.T) {
	tests := []struct {
		name string
		info *debug.BuildInfo
		ok   bool
		want string
	}{
		{
			name: "installed module",
			info: &debug.BuildInfo{
				GoVersion: "go1.26.8",
				Main:      debug.Module{Path: "github.com/jwtgen/jwtgen", Version: "v1.2.0"},
			},
			ok:   true,
			want: "jwtgen v1.2.0 built with go1.26.8",
		},
		{
			name: "tool dependency",
			info: &debug.BuildInfo{
				GoVersion: "go1.26.1",
				Main:      debug.Module{Path: "example.com/shop", Version: "(devel)"},
				Deps: []*debug.Module{
					{Path: "github.com/golang-jwt/jwt/v5", Version: "v5.3.1"},
					{Path: "github.com/jwtgen/jwtgen", Version: "v0.4.1"},
				},
			},
			ok:   true,
			want: "jwtgen v0.4.1 built with go1.26.1",
		},
		{
			name: "work tree build",
			info: &debug.BuildInfo{
				GoVersion: "go1.26.8",
				Main:      debug.Module{Path: "github.com/jwtgen/jwtgen", Version: "(devel)"},
			},
			ok:   true,
			want: "jwtgen (devel) built with go1.26.8",
		},
		{
			name: "module not recorded",
			info: &debug.BuildInfo{
				GoVersion: "go1.26.8",
				Main:      debug.Module{Path: "command-line-arguments"},
			},
			ok:   true,
			want: "jwtgen (devel) built with go1.26.8",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := versionString(tt.info, tt.ok); got != tt.want {
				t.Errorf("versionString = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestAcceptSingleDashFlags(t *testing.T) {
	tests := []struct {
		name string
		args []string
		want []string
	}{
		{
			name: "long flags",
			args: []string{"generate", "-package", "tokens", "-check", "orders.jwt.yaml"},
			want: []string{"generate", "--package", "tokens", "--check", "orders.jwt.yaml"},
		},
		{
			name: "long flag with value",
			args: []string{"check", "-at=2027-01-01T00:00:00Z", "-strict", "a.jwt.yaml"},
			want: []string{"check", "--at=2027-01-01T00:00:00Z", "--strict", "a.jwt.yaml"},
		},
		{
			name: "shorthand and double dash kept",
			args: []string{"generate", "-o", "out", "--package", "tokens", "-h"},
			want: []string{"generate", "-o", "out", "--package", "tokens", "-h"},
		},
		{
			name: "unknown single-dash word kept",
			args: []string{"generate", "-pkg", "tokens"},
			want: []string{"generate", "-pkg", "tokens"},
		},
		{
			name: "arguments after terminator kept",
			args: []string{"generate", "--", "-check"},
			want: []string{"generate", "--", "-check"},
		},
		{
			name: "no arguments",
			args: nil,
			want: []string{},
		},
	}
	root := newRootCommand(&environment{getenv: func(string) string { return "" }})
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := acceptSingleDashFlags(root, tt.args)
			if got == nil {
				t.Fatal("acceptSingleDashFlags returned nil")
			}
			if strings.Join(got, " ") != strings.Join(tt.want, " ") || len(got) != len(tt.want) {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}
