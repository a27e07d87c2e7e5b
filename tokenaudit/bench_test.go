package tokenaudit

import (
	"bufio"
	"flag"
	"os"
	"path/filepath"
	"runtime"
	"sync"
	"testing"
	"time"

	jwtruntime "github.com/jwtgen/jwtgen/runtime"
	"github.com/jwtgen/jwtgen/specverify"
)

var (
	benchLines       = flag.Int("audit.lines", 1_000_000, "lines of the log that BenchmarkAuditUnsigned audits")
	benchSignedLines = flag.Int("audit.signed-lines", 100_000, "lines of the log that BenchmarkAuditSigned and BenchmarkBareVerification check")
)

// writeBenchLog writes a log of n lines that cycle through the sample
// lines under the size limit, to a file in a temporary directory, and
// returns its path.
func writeBenchLog(b *testing.B, n int) string {
	b.Helper()
	var lines []string
	for _, l := range sampleLines(b) {
		if len(l.line) < DefaultMaxLine {
			lines = append(lines, l.line)
		}
	}
	path := filepath.Join(b.TempDir(), "tokens.log")
	f, err := os.Create(path)
	if err != nil {
		b.Fatal(err)
	}
	w := bufio.NewWriter(f)
	for i := range n {
		w.WriteString(lines[i%len(lines)])
		w.WriteByte('\n')
	}
	if err := w.Flush(); err != nil {
		b.Fatal(err)
	}
	if err := f.Close(); err != nil {
		b.Fatal(err)
	}
	return path
}

// benchAudit audits the log at path b.N times and reports tokens per
// second.
func benchAudit(b *testing.B, path string, keys jwtruntime.KeySource) {
	c := loadContract(b, ordersContract)
	opts := Options{
		Verifier: specverify.New(c, keys, jwtruntime.WithClock(func() time.Time { return sampleClock })),
		At:       sampleClock,
		Retire:   2,
	}
	var lines int64
	b.ResetTimer()
	for b.Loop() {
		f, err := os.Open(path)
		if err != nil {
			b.Fatal(err)
		}
		s, err := Audit(b.Context(), opts, []Input{{Name: "tokens.log", Reader: f}})
		f.Close()
		if err != nil {
			b.Fatal(err)
		}
		lines += s.Lines
	}
	b.ReportMetric(float64(lines)/b.Elapsed().Seconds(), "lines/s")
}

// BenchmarkAuditUnsigned audits a log of -audit.lines lines without
// keys: every rule but the key and the signature.
func BenchmarkAuditUnsigned(b *testing.B) {
	benchAudit(b, writeBenchLog(b, *benchLines), nil)
}

// BenchmarkAuditSigned audits a log of -audit.signed-lines lines with the
// keys of the sample tokens, checking signatures on all cores.
func BenchmarkAuditSigned(b *testing.B) {
	keys := testKeys(b).keySource(b)
	benchAudit(b, writeBenchLog(b, *benchSignedLines), keys)
}

// BenchmarkBareVerification parses the tokens of the same log as
// BenchmarkAuditSigned and checks only their signatures, on all cores:
// the floor that the signed audit is compared with.
func BenchmarkBareVerification(b *testing.B) {
	path := writeBenchLog(b, *benchSignedLines)
	data, err := os.ReadFile(path)
	if err != nil {
		b.Fatal(err)
	}
	var tokens []string
	start := 0
	for i, c := range data {
		if c == '\n' {
			tokens = append(tokens, string(data[start:i]))
			start = i + 1
		}
	}
	verifier := jwtruntime.NewVerifier(testKeys(b).keySource(b))
	workers := runtime.GOMAXPROCS(0)
	var lines int64
	b.ResetTimer()
	for b.Loop() {
		var wg sync.WaitGroup
		for w := range workers {
			wg.Go(func() {
				for i := w; i < len(tokens); i += workers {
					if t, err := verifier.Parse(tokens[i]); err == nil {
						_ = verifier.CheckSignature(b.Context(), t)
					}
				}
			})
		}
		wg.Wait()
		lines += int64(len(tokens))
	}
	b.ReportMetric(float64(lines)/b.Elapsed().Seconds(), "lines/s")
}
