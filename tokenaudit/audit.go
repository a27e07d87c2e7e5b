package tokenaudit

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"regexp"
	"runtime"
	"sync"
	"sync/atomic"
	"time"

	"github.com/jwtgen/jwtgen/spec"
	"github.com/jwtgen/jwtgen/specverify"
)

// Limits of an audit report, which keep memory flat however large the
// input.
const (
	// MaxExamples is the number of example payloads kept per reason.
	MaxExamples = 3
	// MaxBadLines is the number of bad input lines listed; all are counted.
	MaxBadLines = 20
	// maxDistinct is the number of distinct issuers or key IDs counted one
	// by one per worker. Further values are counted under OtherValue.
	maxDistinct = 1000
	// batchSize is the number of tokens handed to a worker at once.
	batchSize = 256
)

// OtherValue is the issuer or key ID under which values beyond the
// distinct-value limit are counted.
const OtherValue = "(other)"

// Input is one log to audit.
type Input struct {
	// Name identifies the input in reports, such as a file name or "-"
	// for standard input.
	Name   string
	Reader io.Reader
}

// Options configure an audit.
type Options struct {
	// Verifier checks each token. Without keys it checks every rule but
	// the key and the signature.
	Verifier *specverify.Verifier
	// At is the time the verifier's clock returns, reported as is.
	At time.Time
	// Retire, when not 0, is the version whose retirement at At is
	// evaluated.
	Retire int
	// Candidate, when set, checks the tokens that Verifier accepts against
	// a candidate contract, without keys.
	Candidate *specverify.Verifier
	// CandidateName names the candidate in reports, such as its file.
	CandidateName string
	// Extract finds JWT-shaped strings inside each line instead of taking
	// each line as one token.
	Extract bool
	// MaxLine is the longest line in bytes; 0 means DefaultMaxLine.
	MaxLine int
	// Workers is the number of tokens checked at once; 0 means GOMAXPROCS.
	Workers int
	// Progress, when set, receives the number of bytes and lines read so
	// far while the audit runs.
	Progress *Progress
}

// Progress counts what an audit has read. Its fields are updated
// atomically and may be read while the audit runs.
type Progress struct {
	Bytes atomic.Int64
	Lines atomic.Int64
}

// item is one token and where it was found.
type item struct {
	input int
	line  int
	token string
}

// badLine is a line that holds no token that could be checked.
type badLine struct {
	input  int
	line   int
	reason string
}

// Audit checks every token in inputs, one after the other, and returns the
// summary. It reads each input once, line by line, and checks tokens on
// Workers goroutines. A line that is too long or holds a token that does
// not parse is counted as bad input and the audit goes on. The error is
// that of reading an input or of ctx.
func Audit(ctx context.Context, opts Options, inputs []Input) (*Summary, error) {
	if opts.MaxLine <= 0 {
		opts.MaxLine = DefaultMaxLine
	}
	if opts.Workers <= 0 {
		opts.Workers = runtime.GOMAXPROCS(0)
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()

	batches := make(chan []item, opts.Workers*2)
	tallies := make([]*tally, opts.Workers)
	var wg sync.WaitGroup
	for i := range tallies {
		tallies[i] = newTally(&opts)
		wg.Go(func() {
			for batch := range batches {
				for _, it := range batch {
					tallies[i].check(ctx, it)
				}
			}
		})
	}

	reader := &logReader{opts: &opts, batches: batches, tally: newTally(&opts)}
	readErr := reader.readAll(ctx, inputs)
	close(batches)
	wg.Wait()
	if readErr != nil {
		return nil, readErr
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}

	total := reader.tally
	for _, t := range tallies {
		total.merge(t)
	}
	names := make([]string, len(inputs))
	for i, in := range inputs {
		names[i] = in.Name
	}
	return total.summary(names), nil
}

// logReader splits the inputs into tokens and sends them in batches. It
// counts lines and bad lines in its own tally.
type logReader struct {
	opts    *Options
	batches chan<- []item
	tally   *tally
	batch   []item
}

func (r *logReader) readAll(ctx context.Context, inputs []Input) error {
	for i, in := range inputs {
		if err := r.read(ctx, i, in); err != nil {
			return err
		}
	}
	return r.flush(ctx)
}

// read reads one input.
func (r *logReader) read(ctx context.Context, index int, in Input) error {
	src := in.Reader
	if p := r.opts.Progress; p != nil {
		src = &countingReader{r: src, n: &p.Bytes}
	}
	lines := newLineReader(src, r.opts.MaxLine)
	var found []string
	for {
		line, number, tooLong, err := lines.next()
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return fmt.Errorf("read %s: %w", in.Name, err)
		}
		r.tally.lines++
		if p := r.opts.Progress; p != nil {
			p.Lines.Add(1)
		}
		if tooLong {
			r.tally.addBad(badLine{index, number, fmt.Sprintf("line is longer than %d bytes", r.opts.MaxLine)})
			continue
		}
		found = found[:0]
		if r.opts.Extract {
			found = extractTokens(found, line)
		} else if token := trimSpace(line); len(token) > 0 {
			found = append(found, string(token))
		}
		for _, token := range found {
			r.batch = append(r.batch, item{input: index, line: number, token: token})
			if len(r.batch) == batchSize {
				if err := r.flush(ctx); err != nil {
					return err
				}
			}
		}
	}
}

// flush sends the current batch.
func (r *logReader) flush(ctx context.Context) error {
	if len(r.batch) == 0 {
		return nil
	}
	select {
	case r.batches <- r.batch:
	case <-ctx.Done():
		return ctx.Err()
	}
	r.batch = make([]item, 0, batchSize)
	return nil
}

func trimSpace(b []byte) []byte {
	for len(b) > 0 && (b[0] == ' ' || b[0] == '\t') {
		b = b[1:]
	}
	for len(b) > 0 && (b[len(b)-1] == ' ' || b[len(b)-1] == '\t') {
		b = b[:len(b)-1]
	}
	return b
}

// countingReader adds the bytes read to n.
type countingReader struct {
	r io.Reader
	n *atomic.Int64
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n.Add(int64(n))
	return n, err
}

// indexPattern matches the item indices of a claim path, such as the
// "[2]" of "roles[2]".
var indexPattern = regexp.MustCompile(`\[[0-9]+\]`)

// reasonKey identifies a rejection reason: the rule and the claim path,
// with item indices written "[]" so that all items count together.
type reasonKey struct {
	rule  string
	claim string
}

// location orders tokens by input and line, so that the examples kept are
// the first ones whatever the order in which workers check tokens.
type location struct {
	input, line int
}

func (l location) before(m location) bool {
	if l.input != m.input {
		return l.input < m.input
	}
	return l.line < m.line
}

// example is a redacted payload and where its token was found.
type example struct {
	at      location
	version int
	detail  string
	payload []byte
}

// reasonTally counts the tokens rejected for one reason.
type reasonTally struct {
	tokens   int64
	examples []example // the first MaxExamples, in location order
}

// keep adds an example when it is among the first MaxExamples.
func (r *reasonTally) keep(e example) {
	pos := len(r.examples)
	for pos > 0 && e.at.before(r.examples[pos-1].at) {
		pos--
	}
	if pos >= MaxExamples {
		return
	}
	r.examples = append(r.examples, example{})
	copy(r.examples[pos+1:], r.examples[pos:])
	r.examples[pos] = e
	if len(r.examples) > MaxExamples {
		r.examples = r.examples[:MaxExamples]
	}
}

// wouldKeep reports whether an example at l would be kept, so that the
// payload is redacted only then.
func (r *reasonTally) wouldKeep(l location) bool {
	return len(r.examples) < MaxExamples || l.before(r.examples[len(r.examples)-1].at)
}

// versionTally counts the tokens of one version.
type versionTally struct {
	tokens, accepted int64
}

// valueTally counts the tokens of one issuer or key ID.
type valueTally struct {
	tokens, rejected int64
}

// tally is the part of a summary that one worker, or the reader, counts.
type tally struct {
	opts     *Options
	lines    int64
	tokens   int64
	accepted int64
	bad      int64
	badLines []badLine
	versions map[int]*versionTally
	reasons  map[reasonKey]*reasonTally
	issuers  map[string]*valueTally
	kids     map[string]*valueTally
	retire   reasonTally
	// candidate counts the reasons the candidate rejects accepted tokens
	// for; candidateTokens the tokens it rejects.
	candidate       map[reasonKey]*reasonTally
	candidateTokens int64
}

func newTally(opts *Options) *tally {
	return &tally{
		opts:      opts,
		versions:  map[int]*versionTally{},
		reasons:   map[reasonKey]*reasonTally{},
		issuers:   map[string]*valueTally{},
		kids:      map[string]*valueTally{},
		candidate: map[reasonKey]*reasonTally{},
	}
}

// addBad counts a bad line and lists the first MaxBadLines.
func (t *tally) addBad(b badLine) {
	t.bad++
	pos := len(t.badLines)
	for pos > 0 && (location{b.input, b.line}).before(location{t.badLines[pos-1].input, t.badLines[pos-1].line}) {
		pos--
	}
	if pos >= MaxBadLines {
		return
	}
	t.badLines = append(t.badLines, badLine{})
	copy(t.badLines[pos+1:], t.badLines[pos:])
	t.badLines[pos] = b
	if len(t.badLines) > MaxBadLines {
		t.badLines = t.badLines[:MaxBadLines]
	}
}

// check verifies one token and counts the outcome.
func (t *tally) check(ctx context.Context, it item) {
	r := t.opts.Verifier.Verdict(ctx, it.token)
	at := location{it.input, it.line}
	if r.Token == nil && isBadInput(r.Parse) {
		t.addBad(badLine{it.input, it.line, firstDetail(r.Parse)})
		return
	}
	t.tokens++
	version := 0
	if r.Version != nil {
		version = r.Version.Number
	}
	vt := t.versions[version]
	if vt == nil {
		vt = &versionTally{}
		t.versions[version] = vt
	}
	vt.tokens++

	rejected := r.Err != nil
	if r.Token != nil {
		iss := ""
		if raw, ok := r.Token.Claim("iss"); ok {
			iss = unquote(raw)
		}
		countValue(t.issuers, iss, rejected)
		countValue(t.kids, r.Token.KeyID(), rejected)
	}
	if rejected {
		t.countReasons(t.reasons, r.Err, at, version, it.token)
		return
	}
	t.accepted++
	vt.accepted++

	if t.opts.Retire != 0 && version == t.opts.Retire {
		t.retire.tokens++
		if t.retire.wouldKeep(at) {
			t.retire.keep(example{at: at, version: version, detail: fmt.Sprintf("version %d is retired", version), payload: redactToken(it.token)})
		}
	}
	if t.opts.Candidate != nil {
		if cr := t.opts.Candidate.Verdict(ctx, it.token); cr.Err != nil {
			t.candidateTokens++
			t.countReasons(t.candidate, cr.Err, at, version, it.token)
		}
	}
}

// countReasons counts each distinct reason of err once.
func (t *tally) countReasons(reasons map[reasonKey]*reasonTally, err error, at location, version int, token string) {
	seen := map[reasonKey]bool{}
	var payload []byte
	for _, ve := range specverify.Failures(err) {
		key := reasonKey{rule: ve.Rule, claim: indexPattern.ReplaceAllString(ve.Claim, "[]")}
		if seen[key] {
			continue
		}
		seen[key] = true
		rt := reasons[key]
		if rt == nil {
			rt = &reasonTally{}
			reasons[key] = rt
		}
		rt.tokens++
		if rt.wouldKeep(at) {
			if payload == nil {
				payload = redactToken(token)
			}
			rt.keep(example{at: at, version: version, detail: ve.Detail, payload: payload})
		}
	}
}

// isBadInput reports whether a parse error means that the line holds no
// token at all: it is not three base64url segments of JSON, or it is over
// the size limit.
func isBadInput(err error) bool {
	for _, ve := range specverify.Failures(err) {
		if ve.Rule == "malformed" || ve.Rule == "size" {
			return true
		}
	}
	return false
}

func firstDetail(err error) string {
	for _, ve := range specverify.Failures(err) {
		return ve.Detail
	}
	return ""
}

// countValue counts a token under value, or under OtherValue once values
// holds maxDistinct values.
func countValue(values map[string]*valueTally, value string, rejected bool) {
	vt := values[value]
	if vt == nil {
		if len(values) >= maxDistinct {
			value = OtherValue
			vt = values[value]
		}
		if vt == nil {
			vt = &valueTally{}
			values[value] = vt
		}
	}
	vt.tokens++
	if rejected {
		vt.rejected++
	}
}

// unquote returns the string value of a raw JSON string, or a description
// of another JSON value.
func unquote(raw []byte) string {
	var s string
	if err := json.Unmarshal(raw, &s); err != nil {
		return "(not a string)"
	}
	return s
}

// redactToken returns the redacted payload of a token.
func redactToken(token string) []byte {
	_, payload := decodeSegmentsRaw(token)
	if payload == nil {
		return nil
	}
	return redact(payload)
}

// merge adds the counts of u to t.
func (t *tally) merge(u *tally) {
	t.lines += u.lines
	t.tokens += u.tokens
	t.accepted += u.accepted
	t.bad += u.bad - int64(len(u.badLines))
	for _, b := range u.badLines {
		t.addBad(b)
	}
	for v, vt := range u.versions {
		if t.versions[v] == nil {
			t.versions[v] = &versionTally{}
		}
		t.versions[v].tokens += vt.tokens
		t.versions[v].accepted += vt.accepted
	}
	mergeReasons(t.reasons, u.reasons)
	mergeReasons(t.candidate, u.candidate)
	t.candidateTokens += u.candidateTokens
	t.retire.tokens += u.retire.tokens
	for _, e := range u.retire.examples {
		t.retire.keep(e)
	}
	mergeValues(t.issuers, u.issuers)
	mergeValues(t.kids, u.kids)
}

func mergeReasons(dst, src map[reasonKey]*reasonTally) {
	for k, rt := range src {
		d := dst[k]
		if d == nil {
			d = &reasonTally{}
			dst[k] = d
		}
		d.tokens += rt.tokens
		for _, e := range rt.examples {
			d.keep(e)
		}
	}
}

// mergeValues adds src to dst. The merged map may hold up to twice
// maxDistinct values, because each worker saw its own first values.
func mergeValues(dst, src map[string]*valueTally) {
	for k, vt := range src {
		d := dst[k]
		if d == nil {
			d = &valueTally{}
			dst[k] = d
		}
		d.tokens += vt.tokens
		d.rejected += vt.rejected
	}
}

// versionStatus returns the status of version n of c, or "" when c lacks
// it.
func versionStatus(c *spec.Contract, n int) string {
	if v := c.Version(n); v != nil {
		return string(v.Status)
	}
	return ""
}
