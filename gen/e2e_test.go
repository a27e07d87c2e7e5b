package gen

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestGeneratedAdaptersRun generates the kitchen sink contract into a
// module of its own, beside the upgrade hooks and the tests under
// testdata/e2e/kitchensink, and runs go vet and go test there. The module
// uses this repository for the runtime and the module cache for the rest,
// so the test needs no network.
func TestGeneratedAdaptersRun(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a module with the go command")
	}
	goTool, err := exec.LookPath("go")
	if err != nil {
		t.Skipf("no go command: %v", err)
	}
	root, err := filepath.Abs("..")
	if err != nil {
		t.Fatal(err)
	}

	dir := t.TempDir()
	goMod := "module example.com/e2e\n\ngo 1.26.0\n\n" +
		"require (\n\tgithub.com/golang-jwt/jwt/v5 v5.3.1\n\tgithub.com/jwtgen/jwtgen v0.0.0\n)\n\n" +
		"replace github.com/jwtgen/jwtgen => " + root + "\n"
	writeFile(t, filepath.Join(dir, "go.mod"), []byte(goMod))
	sum, err := os.ReadFile(filepath.Join(root, "go.sum"))
	if err != nil {
		t.Fatal(err)
	}
	writeFile(t, filepath.Join(dir, "go.sum"), sum)

	pkg := filepath.Join(dir, "tokens")
	for _, f := range generate(t, kitchenSinkContract(), ordersOptions) {
		writeFile(t, filepath.Join(pkg, f.Name), f.Content)
	}
	written, err := filepath.Glob(filepath.Join("testdata", "e2e", "kitchensink", "*.go"))
	if err != nil || len(written) == 0 {
		t.Fatalf("no hand-written files under testdata/e2e/kitchensink: %v", err)
	}
	for _, path := range written {
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		writeFile(t, filepath.Join(pkg, filepath.Base(path)), data)
	}

	goCommand := func(args ...string) ([]byte, error) {
		cmd := exec.Command(goTool, args...)
		cmd.Dir = dir
		cmd.Env = append(os.Environ(), "GOPROXY=off", "GOFLAGS=-mod=mod", "GOWORK=off", "GOTOOLCHAIN=local")
		return cmd.CombinedOutput()
	}
	for _, args := range [][]string{{"vet", "./..."}, {"test", "-count=1", "./..."}} {
		if out, err := goCommand(args...); err != nil {
			t.Errorf("go %s: %v\n%s", args[0], err, out)
		}
	}

	// Without the hand-written hooks the package must not compile, so a
	// forgotten hook is found by the build, not by a rejected token.
	if err := os.Remove(filepath.Join(pkg, "hooks.go")); err != nil {
		t.Fatal(err)
	}
	out, err := goCommand("build", "./...")
	if err == nil {
		t.Fatal("go build succeeded without the upgrade hooks, want undefined hook functions")
	}
	for _, hook := range []string{"upgradeOrdersAccessV2Email", "upgradeOrdersAccessV2AuthTime", "upgradeOrdersAccessV2AddressGeo"} {
		if !strings.Contains(string(out), "undefined: "+hook) {
			t.Errorf("go build output does not report %q as undefined:\n%s", hook, out)
		}
	}
}

// writeFile writes data to path, creating its directory.
func writeFile(t *testing.T, path string, data []byte) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
}
