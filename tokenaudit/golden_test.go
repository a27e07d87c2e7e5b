package tokenaudit

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/jwtgen/jwtgen/runtime"
	"github.com/jwtgen/jwtgen/specverify"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// checkGolden compares got with testdata/name, or rewrites the file with
// -update.
func checkGolden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v; run go test -update to create it", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs from the output; run go test -update and review the diff.\ngot:\n%s", path, got)
	}
}

// auditSample audits the sample log with the options of a golden test.
func auditSample(t *testing.T, signed bool, workers int) *Summary {
	t.Helper()
	lines := sampleLines(t)
	c := loadContract(t, ordersContract)
	var keys runtime.KeySource
	if signed {
		keys = testKeys(t).keySource(t)
	}
	opts := Options{
		Verifier:      specverify.New(c, keys, runtime.WithClock(func() time.Time { return sampleClock })),
		At:            sampleClock,
		Retire:        2,
		Candidate:     specverify.New(loadContract(t, candidateContract), nil, runtime.WithClock(func() time.Time { return sampleClock })),
		CandidateName: "orders-candidate.jwt.yaml",
		Extract:       strings.Contains(t.Name(), "Extract"),
		Workers:       workers,
	}
	s, err := Audit(t.Context(), opts, []Input{{Name: "sample.log", Reader: strings.NewReader(sampleLog(t, lines))}})
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func TestAuditGolden(t *testing.T) {
	tests := []struct {
		name   string
		signed bool
		format string
		golden string
	}{
		{name: "text", signed: true, format: FormatText, golden: "audit.txt"},
		{name: "json", signed: true, format: FormatJSON, golden: "audit.json"},
		{name: "markdown", signed: true, format: FormatMarkdown, golden: "audit.md"},
		{name: "text without keys", signed: false, format: FormatText, golden: "audit-unsigned.txt"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := auditSample(t, tt.signed, 0)
			var b bytes.Buffer
			if err := WriteSummary(&b, s, tt.format); err != nil {
				t.Fatal(err)
			}
			checkGolden(t, tt.golden, b.Bytes())
		})
	}
}

func TestAuditExtractGolden(t *testing.T) {
	s := auditSample(t, true, 0)
	var b bytes.Buffer
	if err := WriteSummary(&b, s, FormatText); err != nil {
		t.Fatal(err)
	}
	checkGolden(t, "audit-extract.txt", b.Bytes())
}

// TestAuditCoversEveryReason checks that the sample log exercises every
// rejection rule of the verifier that a well-formed token can break.
func TestAuditCoversEveryReason(t *testing.T) {
	s := auditSample(t, true, 0)
	var got []string
	for _, r := range s.Reasons {
		if !slices.Contains(got, r.Rule) {
			got = append(got, r.Rule)
		}
	}
	slices.Sort(got)
	want := []string{"accept_until", "alg", "audience", "crit", "duplicate", "exp", "iat", "issuer", "kid",
		"max_lifetime", "nbf", "pattern", "required", "signature", "typ", "type", "values", "version"}
	if !slices.Equal(got, want) {
		t.Errorf("rules of the rejections = %q, want %q", got, want)
	}
	if s.BadInput != 5 {
		t.Errorf("bad input = %d lines, want 5", s.BadInput)
	}
}

// TestAuditWorkersAgree checks that the summary does not depend on the
// number of workers, so that examples and bad lines are the first ones.
func TestAuditWorkersAgree(t *testing.T) {
	encode := func(s *Summary) string {
		var b bytes.Buffer
		if err := WriteSummary(&b, s, FormatJSON); err != nil {
			t.Fatal(err)
		}
		return b.String()
	}
	single := encode(auditSample(t, true, 1))
	for _, workers := range []int{2, 7} {
		if got := encode(auditSample(t, true, workers)); got != single {
			t.Errorf("summary with %d workers differs from the one with 1 worker:\n%s\nwant:\n%s", workers, got, single)
		}
	}
}

// TestAuditNeverShowsTokens checks that no report format contains a whole
// token or the signature of one.
func TestAuditNeverShowsTokens(t *testing.T) {
	s := auditSample(t, true, 0)
	var out bytes.Buffer
	for _, format := range Formats {
		if err := WriteSummary(&out, s, format); err != nil {
			t.Fatal(err)
		}
	}
	for _, l := range sampleLines(t) {
		dot := strings.LastIndexByte(l.line, '.')
		if dot < 0 || len(l.line)-dot < 8 {
			continue
		}
		if signature := l.line[dot+1:]; strings.Contains(out.String(), signature) {
			t.Errorf("a report contains the signature segment of line %q", l.name)
		}
	}
}
