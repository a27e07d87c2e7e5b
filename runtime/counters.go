package runtime

import (
	"cmp"
	"context"
	"slices"
	"sync"
)

// Counters counts verification outcomes and key refreshes in memory, for
// export as metrics. It implements Observer, ShadowObserver and
// KeyObserver, so one value can go to WithObserver and WithKeyObserver.
// It records only contract names, versions, rule names, shadow candidate
// names and key source names, never a token, a signature, a claim value
// or a key. A Counters is safe for concurrent use; make one with
// NewCounters.
type Counters struct {
	mu              sync.Mutex
	accepted        map[versionLabel]int64
	rejected        map[versionLabel]int64
	rejectedRules   map[ruleLabel]int64
	shadowRules     map[shadowLabel]int64
	refreshes       map[string]int64
	refreshFailures map[string]int64
}

var (
	_ Observer       = (*Counters)(nil)
	_ ShadowObserver = (*Counters)(nil)
	_ KeyObserver    = (*Counters)(nil)
)

type versionLabel struct {
	contract string
	version  int
}

type ruleLabel struct {
	versionLabel
	rule string
}

type shadowLabel struct {
	ruleLabel
	candidate string
}

// NewCounters returns Counters with every count at zero.
func NewCounters() *Counters {
	return &Counters{
		accepted:        make(map[versionLabel]int64),
		rejected:        make(map[versionLabel]int64),
		rejectedRules:   make(map[ruleLabel]int64),
		shadowRules:     make(map[shadowLabel]int64),
		refreshes:       make(map[string]int64),
		refreshFailures: make(map[string]int64),
	}
}

// TokenAccepted implements Observer. It adds one to the accepted count of
// contract and version.
func (c *Counters) TokenAccepted(_ context.Context, contract string, version int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.accepted[versionLabel{contract, version}]++
}

// TokenRejected implements Observer. It adds one to the rejected count of
// contract and version, and one to the count of each rule in err. An
// error that is not a *ValidationError counts under the rule "".
func (c *Counters) TokenRejected(_ context.Context, contract string, version int, err error) {
	failures := validationErrors(err)
	c.mu.Lock()
	defer c.mu.Unlock()
	v := versionLabel{contract, version}
	c.rejected[v]++
	for _, ve := range failures {
		c.rejectedRules[ruleLabel{v, ve.Rule}]++
	}
}

// ShadowRejected implements ShadowObserver. It adds one to the count of
// each rule in err for contract, version and candidate.
func (c *Counters) ShadowRejected(_ context.Context, contract string, version int, candidate string, err error) {
	failures := validationErrors(err)
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, ve := range failures {
		c.shadowRules[shadowLabel{ruleLabel{versionLabel{contract, version}, ve.Rule}, candidate}]++
	}
}

// KeysRefreshed implements KeyObserver. It adds one to the refresh count
// of source.
func (c *Counters) KeysRefreshed(_ context.Context, source string, _ int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.refreshes[source]++
}

// KeyRefreshFailed implements KeyObserver. It adds one to the refresh
// failure count of source.
func (c *Counters) KeyRefreshFailed(_ context.Context, source string, _ error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.refreshFailures[source]++
}

// CountersSnapshot is a copy of the counts of a Counters. Each slice
// holds only non-zero counts and is sorted by its labels in the order of
// their fields.
type CountersSnapshot struct {
	// Accepted counts accepted tokens by contract and version.
	Accepted []VersionCount
	// Rejected counts rejected tokens by contract and version.
	Rejected []VersionCount
	// RejectedRules counts failed rules of rejected tokens. A token that
	// fails two rules adds one to each.
	RejectedRules []RuleCount
	// ShadowRejected counts the rules that shadow candidates failed on
	// tokens the verifier accepted.
	ShadowRejected []ShadowRuleCount
	// KeyRefreshes counts successful key refreshes by key source.
	KeyRefreshes []SourceCount
	// KeyRefreshFailures counts failed key refreshes by key source.
	KeyRefreshFailures []SourceCount
}

// VersionCount is a count for one contract version.
type VersionCount struct {
	Contract string
	Version  int
	Count    int64
}

// RuleCount is a count for one rule of a contract version.
type RuleCount struct {
	Contract string
	Version  int
	Rule     string
	Count    int64
}

// ShadowRuleCount is a count for one rule that a shadow candidate failed
// on tokens accepted as a contract version.
type ShadowRuleCount struct {
	Contract  string
	Version   int
	Candidate string
	Rule      string
	Count     int64
}

// SourceCount is a count for one key source.
type SourceCount struct {
	Source string
	Count  int64
}

// Snapshot returns a copy of the counts. Later calls of the observer
// methods do not change it.
func (c *Counters) Snapshot() CountersSnapshot {
	c.mu.Lock()
	defer c.mu.Unlock()
	return CountersSnapshot{
		Accepted:           versionCounts(c.accepted),
		Rejected:           versionCounts(c.rejected),
		RejectedRules:      ruleCounts(c.rejectedRules),
		ShadowRejected:     shadowRuleCounts(c.shadowRules),
		KeyRefreshes:       sourceCounts(c.refreshes),
		KeyRefreshFailures: sourceCounts(c.refreshFailures),
	}
}

func versionCounts(m map[versionLabel]int64) []VersionCount {
	out := make([]VersionCount, 0, len(m))
	for l, n := range m {
		out = append(out, VersionCount{Contract: l.contract, Version: l.version, Count: n})
	}
	slices.SortFunc(out, func(a, b VersionCount) int {
		return cmp.Or(cmp.Compare(a.Contract, b.Contract), cmp.Compare(a.Version, b.Version))
	})
	return out
}

func ruleCounts(m map[ruleLabel]int64) []RuleCount {
	out := make([]RuleCount, 0, len(m))
	for l, n := range m {
		out = append(out, RuleCount{Contract: l.contract, Version: l.version, Rule: l.rule, Count: n})
	}
	slices.SortFunc(out, func(a, b RuleCount) int {
		return cmp.Or(cmp.Compare(a.Contract, b.Contract), cmp.Compare(a.Version, b.Version), cmp.Compare(a.Rule, b.Rule))
	})
	return out
}

func shadowRuleCounts(m map[shadowLabel]int64) []ShadowRuleCount {
	out := make([]ShadowRuleCount, 0, len(m))
	for l, n := range m {
		out = append(out, ShadowRuleCount{Contract: l.contract, Version: l.version, Candidate: l.candidate, Rule: l.rule, Count: n})
	}
	slices.SortFunc(out, func(a, b ShadowRuleCount) int {
		return cmp.Or(cmp.Compare(a.Contract, b.Contract), cmp.Compare(a.Version, b.Version),
			cmp.Compare(a.Candidate, b.Candidate), cmp.Compare(a.Rule, b.Rule))
	})
	return out
}

func sourceCounts(m map[string]int64) []SourceCount {
	out := make([]SourceCount, 0, len(m))
	for source, n := range m {
		out = append(out, SourceCount{Source: source, Count: n})
	}
	slices.SortFunc(out, func(a, b SourceCount) int { return cmp.Compare(a.Source, b.Source) })
	return out
}
