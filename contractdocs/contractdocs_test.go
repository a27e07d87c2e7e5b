package contractdocs

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/jwtgen/jwtgen/runtime/contracttest"
	"github.com/jwtgen/jwtgen/spec"
)

var update = flag.Bool("update", false, "rewrite the committed docs of the examples")

// Paths of the orders example, relative to this package.
var (
	ordersContract = filepath.Join("..", "examples", "orders", "tokens", "orders.jwt.yaml")
	ordersDocs     = filepath.Join("..", "examples", "orders", "docs", "orders.md")
	ordersCases    = filepath.Join("..", "examples", "orders", "tokens", "testdata", "jwtgen", "OrdersAccess")
)

// renderOrders renders the page of the orders example as "jwtgen docs -o
// examples/orders/docs" writes it.
func renderOrders(t *testing.T) []byte {
	t.Helper()
	c, err := spec.Load(ordersContract)
	if err != nil {
		t.Fatal(err)
	}
	page, err := Render(c, "../tokens/orders.jwt.yaml")
	if err != nil {
		t.Fatal(err)
	}
	return append(page, '\n')
}

func TestOrdersDocsUpToDate(t *testing.T) {
	got := renderOrders(t)
	if *update {
		if err := os.WriteFile(ordersDocs, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(ordersDocs)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("stale generated file %s: run go test ./contractdocs -update, or jwtgen docs -o examples/orders/docs examples/orders/tokens/orders.jwt.yaml", ordersDocs)
	}
}

func TestRenderIsDeterministic(t *testing.T) {
	first, second := renderOrders(t), renderOrders(t)
	if !bytes.Equal(first, second) {
		t.Error("two renderings of the orders page differ")
	}
}

// TestExamplePayloadsMatchGoldenCases checks that the payload shown for
// each version is the valid payload of its golden test case, and that for
// the version before the newest the upgraded payload is the case's too.
func TestExamplePayloadsMatchGoldenCases(t *testing.T) {
	c, err := spec.Load(ordersContract)
	if err != nil {
		t.Fatal(err)
	}
	for i := 1; i < len(c.Versions); i++ {
		older, newer := c.Versions[i-1], c.Versions[i]
		example := ExamplePayloads(c, older, newer)
		if example.Note != "" {
			t.Fatalf("v%d -> v%d: no example: %s", older.Number, newer.Number, example.Note)
		}
		golden := readCase(t, filepath.Join(ordersCases, fmt.Sprintf("v%d", older.Number), "valid_all_claims.json"))
		if got, want := marshal(t, example.Before), marshal(t, golden.Payload); got != want {
			t.Errorf("v%d payload:\n got %s\nwant %s", older.Number, got, want)
		}
		if newer == c.Newest() {
			if got, want := marshal(t, example.After), marshal(t, golden.Upgraded); got != want {
				t.Errorf("v%d upgraded payload:\n got %s\nwant %s", older.Number, got, want)
			}
			if !slices.Equal(example.Hooked, golden.Unchecked) {
				t.Errorf("v%d hooked claims = %q, want %q", older.Number, example.Hooked, golden.Unchecked)
			}
		}
	}
}

func readCase(t *testing.T, path string) *contracttest.Case {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var c contracttest.Case
	if err := json.Unmarshal(data, &c); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return &c
}

// marshal writes a payload as compact JSON, with numbers as they were
// written, so payloads read from a file and built in memory compare equal.
func marshal(t *testing.T, v contracttest.Object) string {
	t.Helper()
	data, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}

func TestFileName(t *testing.T) {
	tests := []struct {
		name   string
		source string
		want   string
	}{
		{name: "jwt yaml", source: "tokens/orders.jwt.yaml", want: "orders.md"},
		{name: "jwt json", source: "orders.jwt.json", want: "orders.md"},
		{name: "plain yaml", source: "orders.yaml", want: "orders.md"},
		{name: "no extension", source: "orders", want: "orders.md"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := FileName(tt.source); got != tt.want {
				t.Errorf("FileName(%q) = %q, want %q", tt.source, got, tt.want)
			}
		})
	}
}
