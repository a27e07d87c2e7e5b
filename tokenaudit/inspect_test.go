package tokenaudit

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"github.com/jwtgen/jwtgen/runtime"
	"github.com/jwtgen/jwtgen/specverify"
)

// sampleToken returns the token of the sample log line called name.
func sampleToken(t *testing.T, name string) string {
	t.Helper()
	for _, l := range sampleLines(t) {
		if l.name == name {
			return l.line
		}
	}
	t.Fatalf("no sample line %q", name)
	return ""
}

func TestInspectGolden(t *testing.T) {
	tests := []struct {
		name     string
		token    string
		signed   bool
		accepted bool
		golden   string
	}{
		{name: "v2 upgraded with a hook", token: "v2 valid", signed: true, accepted: true, golden: "inspect-v2"},
		{name: "v1 past accept_until", token: "v1 past accept_until", signed: true, golden: "inspect-v1-retired"},
		{name: "v3 expired without key", token: "exp passed", signed: false, golden: "inspect-v3-expired-unsigned"},
		{name: "v3 claim failures", token: "claim pattern", signed: true, golden: "inspect-v3-pattern"},
		{name: "unknown version", token: "version unknown", signed: true, golden: "inspect-unknown-version"},
		{name: "malformed", token: "truncated", signed: true, golden: "inspect-malformed"},
	}
	c := loadContract(t, ordersContract)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var keys runtime.KeySource
			if tt.signed {
				keys = testKeys(t).keySource(t)
			}
			v := specverify.New(c, keys, runtime.WithClock(func() time.Time { return sampleClock }))
			in := Inspect(t.Context(), v, sampleToken(t, tt.token), sampleClock)
			if in.Accepted != tt.accepted {
				t.Errorf("accepted = %v, want %v; verdict %s", in.Accepted, tt.accepted, in.Verdict)
			}
			var text, js bytes.Buffer
			if err := WriteInspectionText(&text, in); err != nil {
				t.Fatal(err)
			}
			if err := WriteInspectionJSON(&js, in); err != nil {
				t.Fatal(err)
			}
			checkGolden(t, tt.golden+".txt", text.Bytes())
			checkGolden(t, tt.golden+".json", js.Bytes())
		})
	}
}

// TestInspectNeverShowsSignature checks that no inspection output holds
// the signature segment of the token.
func TestInspectNeverShowsSignature(t *testing.T) {
	token := sampleToken(t, "v2 valid")
	signature := token[strings.LastIndexByte(token, '.')+1:]
	v := specverify.New(loadContract(t, ordersContract), testKeys(t).keySource(t), runtime.WithClock(func() time.Time { return sampleClock }))
	in := Inspect(t.Context(), v, token, sampleClock)
	var b bytes.Buffer
	if err := WriteInspectionText(&b, in); err != nil {
		t.Fatal(err)
	}
	if err := WriteInspectionJSON(&b, in); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(b.String(), signature) {
		t.Error("the inspection output contains the signature")
	}
}

func TestInspectTextVerdictLine(t *testing.T) {
	tests := []struct {
		name string
		in   Inspection
		want string
	}{
		{name: "accepted without a key", in: Inspection{Accepted: true, Verdict: "accepted"},
			want: "Verdict:   accepted (signature not checked)\n"},
		{name: "accepted with a key", in: Inspection{Accepted: true, Verdict: "accepted", SignatureChecked: true},
			want: "Verdict:   accepted\n"},
		{name: "several failures", in: Inspection{Verdict: "rejected: first\nsecond", SignatureChecked: true},
			want: "Verdict:   rejected: first\n           second\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var b strings.Builder
			if err := WriteInspectionText(&b, &tt.in); err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(b.String(), tt.want) {
				t.Errorf("output has no line %q:\n%s", tt.want, b.String())
			}
		})
	}
}
