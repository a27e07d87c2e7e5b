package tokenaudit

import (
	"io"
	"runtime"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	jwtruntime "github.com/jwtgen/jwtgen/runtime"
	"github.com/jwtgen/jwtgen/specverify"
)

// repeatingLog is a log of n lines that cycles through lines, made as it
// is read so that the test holds no log in memory.
type repeatingLog struct {
	lines   []string
	n, next int
	pending []byte
}

func (r *repeatingLog) Read(p []byte) (int, error) {
	written := 0
	for written < len(p) {
		if len(r.pending) == 0 {
			if r.next == r.n {
				break
			}
			r.pending = []byte(r.lines[r.next%len(r.lines)] + "\n")
			r.next++
		}
		c := copy(p[written:], r.pending)
		r.pending = r.pending[c:]
		written += c
	}
	if written == 0 {
		return 0, io.EOF
	}
	return written, nil
}

// memoryUse is what one audit allocated and the most heap it held.
type memoryUse struct {
	allocPerLine float64
	peakHeap     uint64
}

// measureAudit audits n lines of sample tokens without keys and returns
// its memory use.
func measureAudit(t *testing.T, lines []string, n int) memoryUse {
	t.Helper()
	opts := Options{
		Verifier: specverify.New(loadContract(t, ordersContract), nil, jwtruntime.WithClock(func() time.Time { return sampleClock })),
		At:       sampleClock,
		Retire:   2,
	}
	runtime.GC()
	var before runtime.MemStats
	runtime.ReadMemStats(&before)

	var peak atomic.Uint64
	stop := make(chan struct{})
	var wg sync.WaitGroup
	wg.Go(func() {
		ticker := time.NewTicker(2 * time.Millisecond)
		defer ticker.Stop()
		for {
			var m runtime.MemStats
			runtime.ReadMemStats(&m)
			if m.HeapInuse > peak.Load() {
				peak.Store(m.HeapInuse)
			}
			select {
			case <-stop:
				return
			case <-ticker.C:
			}
		}
	})
	s, err := Audit(t.Context(), opts, []Input{{Name: "log", Reader: &repeatingLog{lines: lines, n: n}}})
	close(stop)
	wg.Wait()
	if err != nil {
		t.Fatal(err)
	}
	if s.Lines != int64(n) {
		t.Fatalf("lines = %d, want %d", s.Lines, n)
	}
	var after runtime.MemStats
	runtime.ReadMemStats(&after)
	return memoryUse{
		allocPerLine: float64(after.TotalAlloc-before.TotalAlloc) / float64(n),
		peakHeap:     peak.Load(),
	}
}

// TestAuditMemoryIsFlat checks that an audit of ten times more lines
// allocates about as much per line and holds about as much heap: the
// audit streams its input, and its summary has a bounded size.
func TestAuditMemoryIsFlat(t *testing.T) {
	if testing.Short() {
		t.Skip("audits 110,000 lines")
	}
	var lines []string
	for _, l := range sampleLines(t) {
		if len(l.line) < DefaultMaxLine {
			lines = append(lines, l.line)
		}
	}
	small := measureAudit(t, lines, 10_000)
	large := measureAudit(t, lines, 100_000)
	t.Logf("10,000 lines: %.0f bytes allocated per line, peak heap %d KiB", small.allocPerLine, small.peakHeap>>10)
	t.Logf("100,000 lines: %.0f bytes allocated per line, peak heap %d KiB", large.allocPerLine, large.peakHeap>>10)

	if large.allocPerLine > 1.5*small.allocPerLine {
		t.Errorf("allocation per line grew from %.0f to %.0f bytes", small.allocPerLine, large.allocPerLine)
	}
	// The bound is generous: the garbage collector's pacing alone moves
	// the peak by a few MiB.
	if limit := 2*small.peakHeap + 16<<20; large.peakHeap > limit {
		t.Errorf("peak heap grew from %d KiB to %d KiB, above the limit of %d KiB", small.peakHeap>>10, large.peakHeap>>10, limit>>10)
	}
}
