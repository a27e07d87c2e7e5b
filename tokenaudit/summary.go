package tokenaudit

import (
	"cmp"
	"encoding/json"
	"math"
	"slices"
	"time"
)

// MaxValues is the number of issuers and key IDs a summary lists, the most
// frequent first.
const MaxValues = 20

// Summary is the result of an audit.
type Summary struct {
	Contract string    `json:"contract"`
	At       time.Time `json:"at"`
	Inputs   []string  `json:"inputs"`
	// SignatureChecked is false when the audit had no key, so that every
	// rule but the key and the signature was checked.
	SignatureChecked bool  `json:"signature_checked"`
	Lines            int64 `json:"lines"`
	Tokens           int64 `json:"tokens"`
	Accepted         int64 `json:"accepted"`
	Rejected         int64 `json:"rejected"`
	// BadInput counts the lines that were too long or held a string that
	// is not a token; BadLines lists the first of them.
	BadInput int64     `json:"bad_input"`
	BadLines []BadLine `json:"bad_lines,omitempty"`

	Versions []VersionCount `json:"versions"`
	Reasons  []ReasonCount  `json:"reasons"`
	Issuers  []ValueCount   `json:"issuers"`
	KeyIDs   []ValueCount   `json:"kids"`

	Retire    *RetireImpact    `json:"retire,omitempty"`
	Candidate *CandidateImpact `json:"candidate,omitempty"`
}

// BadLine is a line of bad input.
type BadLine struct {
	Input  string `json:"input"`
	Line   int    `json:"line"`
	Reason string `json:"reason"`
}

// VersionCount counts the tokens of one contract version. Version 0 counts
// the tokens that name no version of the contract.
type VersionCount struct {
	Version  int     `json:"version"`
	Status   string  `json:"status,omitempty"`
	Tokens   int64   `json:"tokens"`
	Percent  float64 `json:"percent"`
	Accepted int64   `json:"accepted"`
	Rejected int64   `json:"rejected"`
}

// ReasonCount counts the tokens rejected for one reason: a rule, on a
// claim or header parameter when it names one.
type ReasonCount struct {
	Rule  string `json:"rule"`
	Claim string `json:"claim,omitempty"`
	// Detail is the detail of the first token rejected for the reason.
	Detail   string    `json:"detail"`
	Tokens   int64     `json:"tokens"`
	Percent  float64   `json:"percent"`
	Examples []Example `json:"examples,omitempty"`
}

// Example is the redacted payload of one token and where it was found.
type Example struct {
	Input   string          `json:"input"`
	Line    int             `json:"line"`
	Version int             `json:"version"`
	Payload json.RawMessage `json:"payload,omitempty"`
}

// ValueCount counts the tokens of one issuer or key ID. An empty Value
// counts the tokens without the claim or header.
type ValueCount struct {
	Value    string `json:"value"`
	Tokens   int64  `json:"tokens"`
	Rejected int64  `json:"rejected"`
}

// RetireImpact is what retiring a version at the audit's time would
// reject: the tokens of that version that are accepted now.
type RetireImpact struct {
	Version  int       `json:"version"`
	Tokens   int64     `json:"tokens"`
	Percent  float64   `json:"percent"`
	Examples []Example `json:"examples,omitempty"`
}

// CandidateImpact is what enforcing a candidate contract would reject:
// the tokens accepted now that the candidate rejects, by reason.
type CandidateImpact struct {
	Name    string        `json:"name"`
	Tokens  int64         `json:"tokens"`
	Percent float64       `json:"percent"`
	Reasons []ReasonCount `json:"reasons"`
}

// summary turns the merged tally into a Summary.
func (t *tally) summary(inputs []string) *Summary {
	c := t.opts.Verifier.Contract()
	s := &Summary{
		Contract:         c.Name,
		At:               t.opts.At.UTC(),
		Inputs:           inputs,
		SignatureChecked: t.opts.Verifier.ChecksSignatures(),
		Lines:            t.lines,
		Tokens:           t.tokens,
		Accepted:         t.accepted,
		Rejected:         t.tokens - t.accepted,
		BadInput:         t.bad,
		Versions:         []VersionCount{},
		Reasons:          t.reasonCounts(t.reasons, inputs),
		Issuers:          valueCounts(t.issuers),
		KeyIDs:           valueCounts(t.kids),
	}
	for _, b := range t.badLines {
		s.BadLines = append(s.BadLines, BadLine{Input: inputs[b.input], Line: b.line, Reason: b.reason})
	}
	for n, vt := range t.versions {
		s.Versions = append(s.Versions, VersionCount{
			Version: n, Status: versionStatus(c, n), Tokens: vt.tokens, Percent: t.percent(vt.tokens),
			Accepted: vt.accepted, Rejected: vt.tokens - vt.accepted,
		})
	}
	slices.SortFunc(s.Versions, func(a, b VersionCount) int { return cmp.Compare(a.Version, b.Version) })

	if t.opts.Retire != 0 {
		s.Retire = &RetireImpact{
			Version: t.opts.Retire, Tokens: t.retire.tokens, Percent: t.percent(t.retire.tokens),
			Examples: examples(t.retire.examples, inputs),
		}
	}
	if t.opts.Candidate != nil {
		s.Candidate = &CandidateImpact{
			Name: t.opts.CandidateName, Tokens: t.candidateTokens, Percent: t.percent(t.candidateTokens),
			Reasons: t.reasonCounts(t.candidate, inputs),
		}
	}
	return s
}

// percent returns n as a percentage of the tokens, rounded to two
// decimals.
func (t *tally) percent(n int64) float64 {
	if t.tokens == 0 {
		return 0
	}
	return math.Round(float64(n)*10000/float64(t.tokens)) / 100
}

// reasonCounts lists reasons by falling count, then by rule and claim.
func (t *tally) reasonCounts(reasons map[reasonKey]*reasonTally, inputs []string) []ReasonCount {
	out := []ReasonCount{}
	for key, rt := range reasons {
		rc := ReasonCount{Rule: key.rule, Claim: key.claim, Tokens: rt.tokens, Percent: t.percent(rt.tokens), Examples: examples(rt.examples, inputs)}
		if len(rt.examples) > 0 {
			rc.Detail = rt.examples[0].detail
		}
		out = append(out, rc)
	}
	slices.SortFunc(out, func(a, b ReasonCount) int {
		return cmp.Or(cmp.Compare(b.Tokens, a.Tokens), cmp.Compare(a.Rule, b.Rule), cmp.Compare(a.Claim, b.Claim))
	})
	return out
}

func examples(list []example, inputs []string) []Example {
	var out []Example
	for _, e := range list {
		out = append(out, Example{Input: inputs[e.at.input], Line: e.at.line, Version: e.version, Payload: e.payload})
	}
	return out
}

// valueCounts lists the MaxValues most frequent values, then by value.
func valueCounts(values map[string]*valueTally) []ValueCount {
	out := []ValueCount{}
	for v, vt := range values {
		out = append(out, ValueCount{Value: v, Tokens: vt.tokens, Rejected: vt.rejected})
	}
	slices.SortFunc(out, func(a, b ValueCount) int {
		return cmp.Or(cmp.Compare(b.Tokens, a.Tokens), cmp.Compare(a.Value, b.Value))
	})
	if len(out) > MaxValues {
		out = out[:MaxValues]
	}
	return out
}
