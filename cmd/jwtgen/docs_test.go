package main

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
)

func TestDocsWritesTheCommittedPage(t *testing.T) {
	contract := filepath.Join("..", "..", "examples", "orders", "tokens", "orders.jwt.yaml")
	out := filepath.Join("..", "..", "examples", "orders", "docs")
	dir := t.TempDir()

	// Written to another directory, the page names the contract relative to
	// it, so only the committed directory gives the committed bytes.
	checkResult(t, runJwtgen(t, nil, "docs", "-o", dir, contract), result{status: 0})
	if _, err := os.Stat(filepath.Join(dir, "orders.md")); err != nil {
		t.Fatal(err)
	}

	want, err := os.ReadFile(filepath.Join(out, "orders.md"))
	if err != nil {
		t.Fatal(err)
	}
	copyDir := filepath.Join(dir, "examples", "orders")
	for _, sub := range []string{"tokens", "docs"} {
		if err := os.MkdirAll(filepath.Join(copyDir, sub), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	data, err := os.ReadFile(contract)
	if err != nil {
		t.Fatal(err)
	}
	copied := filepath.Join(copyDir, "tokens", "orders.jwt.yaml")
	if err := os.WriteFile(copied, data, 0o644); err != nil {
		t.Fatal(err)
	}
	checkResult(t, runJwtgen(t, nil, "docs", "-o", filepath.Join(copyDir, "docs"), copied), result{status: 0})
	got, err := os.ReadFile(filepath.Join(copyDir, "docs", "orders.md"))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Error("jwtgen docs output differs from examples/orders/docs/orders.md")
	}
}

func TestDocsCommandLineErrors(t *testing.T) {
	tests := []struct {
		name string
		args []string
		want result
	}{
		{
			name: "no output directory",
			args: []string{"docs", "orders.jwt.yaml"},
			want: result{status: 2, stderr: "jwtgen: docs: missing -o DIR; run 'jwtgen docs -h' for usage\n"},
		},
		{
			name: "no file",
			args: []string{"docs", "-o", "out"},
			want: result{status: 2, stderr: "jwtgen: docs: missing contract file; run 'jwtgen docs -h' for usage\n"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			checkResult(t, runJwtgen(t, nil, tt.args...), tt.want)
		})
	}
}

func TestDocsInvalidContractWritesNothing(t *testing.T) {
	dir := t.TempDir()
	broken := copyFixture(t, "broken.jwt.yaml", dir, "broken.jwt.yaml")
	out := filepath.Join(dir, "docs")
	got := runJwtgen(t, nil, "docs", "-o", out, broken)
	if got.status != 1 {
		t.Errorf("exit status = %d, want 1", got.status)
	}
	if _, err := os.Stat(out); !os.IsNotExist(err) {
		t.Errorf("docs directory exists after a failed run: %v", err)
	}
}
