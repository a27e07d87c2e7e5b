package testgen_test

import (
	"bufio"
	"bytes"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/jwtgen/jwtgen/gen"
	"github.com/jwtgen/jwtgen/spec"
)

// ordersDir is the example package whose golden cases the mutants run.
const ordersDir = "../../examples/orders/tokens"

// mutant removes one rule from the orders contract.
type mutant struct {
	name   string
	mutate func(t *testing.T, c *spec.Contract)
}

// version returns version n of c or stops the test.
func version(t *testing.T, c *spec.Contract, n int) *spec.Version {
	t.Helper()
	v := c.Version(n)
	if v == nil {
		t.Fatalf("the orders contract has no version %d", n)
	}
	return v
}

// claim returns the claim of version n called name or stops the test.
func claim(t *testing.T, c *spec.Contract, n int, name string) *spec.Claim {
	t.Helper()
	cl := version(t, c, n).Claim(name)
	if cl == nil {
		t.Fatalf("version %d of the orders contract has no claim %q", n, name)
	}
	return cl
}

var mutants = []mutant{
	{name: "pattern", mutate: func(t *testing.T, c *spec.Contract) {
		cl := claim(t, c, 2, "tenant_id")
		cl.Pattern, cl.PatternRE = "", nil
	}},
	{name: "enum_value", mutate: func(t *testing.T, c *spec.Contract) {
		cl := claim(t, c, 2, "roles")
		cl.Values = slices.DeleteFunc(slices.Clone(cl.Values), func(v string) bool { return v == "viewer" })
	}},
	{name: "required", mutate: func(t *testing.T, c *spec.Contract) {
		claim(t, c, 1, "uid").Required = false
	}},
	{name: "min_length", mutate: func(t *testing.T, c *spec.Contract) {
		claim(t, c, 1, "uid").MinLength = nil
	}},
	{name: "audience", mutate: func(t *testing.T, c *spec.Contract) {
		version(t, c, 2).Token.Audience = nil
	}},
	{name: "issuer", mutate: func(t *testing.T, c *spec.Contract) {
		version(t, c, 1).Token.Issuers = nil
	}},
	{name: "max_lifetime", mutate: func(t *testing.T, c *spec.Contract) {
		version(t, c, 2).Token.MaxLifetime = 0
	}},
	{name: "algorithm", mutate: func(t *testing.T, c *spec.Contract) {
		tok := &version(t, c, 2).Token
		tok.Algorithms = slices.DeleteFunc(slices.Clone(tok.Algorithms), func(a string) bool { return a == "EdDSA" })
	}},
	{name: "typ", mutate: func(t *testing.T, c *spec.Contract) {
		version(t, c, 1).Token.Type = ""
	}},
	{name: "require", mutate: func(t *testing.T, c *spec.Contract) {
		tok := &version(t, c, 2).Token
		tok.Require = slices.DeleteFunc(slices.Clone(tok.Require), func(r string) bool { return r == "jti" })
	}},
	{name: "leeway", mutate: func(t *testing.T, c *spec.Contract) {
		version(t, c, 1).Token.Leeway = 0
	}},
	{name: "accept_until", mutate: func(t *testing.T, c *spec.Contract) {
		version(t, c, 1).AcceptUntil = nil
	}},
}

// TestMutantsFailGoldenCases removes one rule at a time from the orders
// contract, regenerates the Go code of the example package in a temporary
// module while keeping its committed golden cases, and checks that go test
// fails there. An unchanged copy, the control, must pass. All mutants are
// packages of one module, so one go test run builds and runs them.
func TestMutantsFailGoldenCases(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs a package per mutant; skipped with -short")
	}
	root, err := filepath.Abs("../..")
	if err != nil {
		t.Fatal(err)
	}
	module := t.TempDir()
	writeMutantModule(t, module, root)

	writeMutant(t, filepath.Join(module, "control"), mutant{name: "control", mutate: func(*testing.T, *spec.Contract) {}})
	for _, m := range mutants {
		writeMutant(t, filepath.Join(module, m.name), m)
	}

	start := time.Now()
	cmd := exec.Command("go", "test", "-count=1", "./...")
	cmd.Dir = module
	cmd.Env = append(os.Environ(), "GOFLAGS=-mod=mod", "GOPROXY=off", "GOWORK=off")
	output, _ := cmd.CombinedOutput()
	t.Logf("go test of %d mutants and the control took %s", len(mutants), time.Since(start).Round(time.Second))

	results := packageResults(output)
	t.Logf("results: %v", results)
	if got := results["control"]; got != "ok" {
		t.Fatalf("control package: result %q, expected ok; output:\n%s", got, output)
	}
	for _, m := range mutants {
		if got := results[m.name]; got != "FAIL" {
			t.Errorf("mutant %s: result %q, expected the golden cases to fail", m.name, got)
		}
	}
	if t.Failed() {
		t.Logf("output:\n%s", output)
	}
}

// writeMutantModule writes the go.mod and go.sum of a module that uses the
// repository at root through a replace directive.
func writeMutantModule(t *testing.T, dir, root string) {
	t.Helper()
	gomod := "module mutants\n\ngo 1.26.0\n\nrequire github.com/jwtgen/jwtgen v0.0.0\n\nreplace github.com/jwtgen/jwtgen => " + root + "\n"
	if err := os.WriteFile(filepath.Join(dir, "go.mod"), []byte(gomod), 0o644); err != nil {
		t.Fatal(err)
	}
	sum, err := os.ReadFile(filepath.Join(root, "go.sum"))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "go.sum"), sum, 0o644); err != nil {
		t.Fatal(err)
	}
}

// writeMutant copies the orders example package to dir, then replaces its
// generated code with the code of the contract after m.mutate. The golden
// cases and the generated test stay as committed.
func writeMutant(t *testing.T, dir string, m mutant) {
	t.Helper()
	err := filepath.WalkDir(ordersDir, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(ordersDir, path)
		if err != nil {
			return err
		}
		if d.IsDir() {
			return os.MkdirAll(filepath.Join(dir, rel), 0o755)
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(dir, rel), data, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}

	c, err := spec.Load(filepath.Join(ordersDir, "orders.jwt.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	m.mutate(t, c)
	files, err := gen.Generate(c, gen.Options{Package: "tokens", Source: "orders.jwt.yaml"})
	if err != nil {
		t.Fatalf("mutant %s: %v", m.name, err)
	}
	for _, f := range files {
		if err := os.WriteFile(filepath.Join(dir, f.Name), f.Content, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// packageResults reads go test output and returns, by the last element of
// each package path, "ok", "FAIL", or "build failed".
func packageResults(output []byte) map[string]string {
	results := map[string]string{}
	scanner := bufio.NewScanner(bytes.NewReader(output))
	for scanner.Scan() {
		fields := strings.Fields(scanner.Text())
		if len(fields) < 2 || fields[0] != "ok" && fields[0] != "FAIL" || !strings.HasPrefix(fields[1], "mutants/") {
			continue
		}
		result := fields[0]
		if strings.Contains(scanner.Text(), "[build failed]") || strings.Contains(scanner.Text(), "[setup failed]") {
			result = "build failed"
		}
		results[strings.TrimPrefix(fields[1], "mutants/")] = result
	}
	return results
}
