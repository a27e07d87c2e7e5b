package testgen

import (
	"bytes"
	"testing"

	"github.com/jwtgen/jwtgen/spec"
)

func loadAllKinds(t *testing.T) *spec.Contract {
	t.Helper()
	c, err := spec.Load("../allkinds/allkinds.jwt.yaml")
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func TestFilesAreDeterministic(t *testing.T) {
	c := loadAllKinds(t)
	opts := Options{Package: "allkinds", Source: "allkinds.jwt.yaml"}
	first, err := Files(c, opts)
	if err != nil {
		t.Fatal(err)
	}
	second, err := Files(loadAllKinds(t), opts)
	if err != nil {
		t.Fatal(err)
	}
	if len(first) != len(second) {
		t.Fatalf("file count = %d, then %d", len(first), len(second))
	}
	for i := range first {
		if first[i].Path != second[i].Path || !bytes.Equal(first[i].Content, second[i].Content) {
			t.Errorf("file %d: %s differs between two runs", i, first[i].Path)
		}
	}
}

func TestPatternSample(t *testing.T) {
	three := 3
	tests := []struct {
		name      string
		pattern   string
		minLength *int
		want      string
		wantOK    bool
	}{
		{name: "class repeat", pattern: `^[a-z0-9-]{3,32}$`, want: "aaa", wantOK: true},
		{name: "digits", pattern: `^[0-9]{5}$`, want: "00000", wantOK: true},
		{name: "prefix", pattern: `^https://`, want: "https://", wantOK: true},
		{name: "plus with min length", pattern: `^[a-z]+$`, minLength: &three, want: "aaa", wantOK: true},
		{name: "alternative", pattern: `^(eu|us)-[0-9]$`, want: "eu-0", wantOK: true},
		{name: "word boundary", pattern: `\bx\b`, wantOK: false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := patternSample(tt.pattern, tt.minLength)
			if ok != tt.wantOK || got != tt.want {
				t.Errorf("patternSample(%q) = %q, %v; want %q, %v", tt.pattern, got, ok, tt.want, tt.wantOK)
			}
		})
	}
}

func TestValidPayloadPassesEveryClaimRule(t *testing.T) {
	c := loadAllKinds(t)
	for _, v := range c.Versions {
		b := newBuilder(c, v)
		if !b.valid {
			t.Errorf("v%d: no valid payload: %v", v.Number, b.notes)
		}
		for _, claim := range v.Claims {
			value, ok := b.payload.Get(claim.Name)
			if !ok {
				t.Errorf("v%d: claim %q is not set", v.Number, claim.Name)
				continue
			}
			if claim.Kind == spec.KindArray || claim.Kind == spec.KindObject || claim.Kind == spec.KindScopes || claim.Kind == spec.KindMap || claim.Kind == spec.KindJSON {
				continue
			}
			if valid, rule := itemValid(claim, value); !valid {
				t.Errorf("v%d: claim %q = %v breaks rule %s", v.Number, claim.Name, value, rule)
			}
		}
	}
}
