package main

import "testing"

func TestPublishedSource(t *testing.T) {
	tests := []struct {
		name     string
		outDir   string
		contract string
		want     string
	}{
		{name: "docs beside the contract", outDir: "/work/repo/docs", contract: "/work/repo/tokens/orders.jwt.yaml", want: "../tokens/orders.jwt.yaml"},
		{name: "output outside the repository, absolute contract", outDir: "/tmp/docs", contract: "/tmp/clone/repo/orders.jwt.yaml", want: "orders.jwt.yaml"},
		{name: "output at the top of the file system", outDir: "/docs", contract: "/work/repo/orders.jwt.yaml", want: "orders.jwt.yaml"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := publishedSource(tt.outDir, tt.contract)
			if err != nil {
				t.Fatal(err)
			}
			if got != tt.want {
				t.Errorf("publishedSource(%q, %q) = %q, want %q", tt.outDir, tt.contract, got, tt.want)
			}
		})
	}
}
