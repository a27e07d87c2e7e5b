package tokenaudit

import (
	"bufio"
	"bytes"
	"errors"
	"io"
)

// DefaultMaxLine is the length in bytes above which a line is bad input.
// Tokens are rejected above runtime.DefaultMaxTokenSize (16 KiB) anyway,
// and a log line that carries one is rarely longer than a few KiB.
const DefaultMaxLine = 1 << 20

// lineReader reads lines of at most max bytes. A longer line is skipped
// without being held in memory whole: memory stays under max plus the
// bufio buffer.
type lineReader struct {
	r       *bufio.Reader
	max     int
	scratch []byte
	number  int
}

func newLineReader(r io.Reader, max int) *lineReader {
	return &lineReader{r: bufio.NewReaderSize(r, 64<<10), max: max}
}

// next returns the next line without its line ending, its number from 1,
// and whether it was longer than the limit, in which case line is nil. At
// the end of the input it returns io.EOF.
func (lr *lineReader) next() (line []byte, number int, tooLong bool, err error) {
	lr.scratch = lr.scratch[:0]
	for {
		chunk, err := lr.r.ReadSlice('\n')
		switch {
		case err == nil || errors.Is(err, io.EOF) && (len(chunk)+len(lr.scratch) > 0 || tooLong):
			lr.number++
			if tooLong || len(lr.scratch)+len(chunk) > lr.max+1 {
				return nil, lr.number, true, nil
			}
			if len(lr.scratch) > 0 {
				lr.scratch = append(lr.scratch, chunk...)
				chunk = lr.scratch
			}
			return trimLineEnd(chunk), lr.number, false, nil
		case errors.Is(err, bufio.ErrBufferFull):
			if !tooLong && len(lr.scratch)+len(chunk) > lr.max {
				// Drop what was gathered and skip to the end of the line.
				tooLong = true
				lr.scratch = lr.scratch[:0]
			}
			if !tooLong {
				lr.scratch = append(lr.scratch, chunk...)
			}
		default:
			return nil, lr.number, false, err
		}
	}
}

// trimLineEnd removes a final "\n" or "\r\n".
func trimLineEnd(b []byte) []byte {
	b = bytes.TrimSuffix(b, []byte("\n"))
	return bytes.TrimSuffix(b, []byte("\r"))
}

// extractTokens appends to dst the JWT-shaped strings in line: three
// non-empty base64url segments separated by dots, the first starting with
// "eyJ", the base64url of `{"`. A run of more segments is not a JWS
// compact serialization and is skipped.
func extractTokens(dst []string, line []byte) []string {
	for i := 0; i < len(line); {
		j := bytes.Index(line[i:], []byte("eyJ"))
		if j < 0 {
			break
		}
		start := i + j
		if start > 0 && isBase64URL(line[start-1]) {
			// The match is inside a longer word.
			i = start + 3
			continue
		}
		end, ok := scanCompact(line, start)
		if ok {
			dst = append(dst, string(line[start:end]))
		}
		i = end
	}
	return dst
}

// scanCompact reads base64url characters and dots from line[start:] and
// returns where they end and whether they form three non-empty segments.
func scanCompact(line []byte, start int) (end int, ok bool) {
	segments, length, empty := 1, 0, false
	for end = start; end < len(line); end++ {
		c := line[end]
		if isBase64URL(c) {
			length++
			continue
		}
		if c != '.' {
			break
		}
		empty = empty || length == 0
		segments++
		length = 0
	}
	empty = empty || length == 0
	return end, segments == 3 && !empty
}

func isBase64URL(c byte) bool {
	return c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == '_'
}
