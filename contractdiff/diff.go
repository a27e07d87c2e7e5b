// Package contractdiff compares versions of a jwtgen contract and
// classifies each change by its impact on the services that verify and
// issue the tokens.
//
// Versions compares each version of one contract file with the version
// before it, as a reviewer reads a newly added version. Files compares two
// copies of a file, such as the one on the main branch and the one in a
// pull request: versions with the same number are compared for edits in
// place, which PUBLISHED_VERSION_EDITED flags because tokens already
// minted under a version must keep their meaning, and the versions new to
// the second file are compared with the version before them.
//
// Every change names a Rule of the Rules table. A rule gives the impact of
// its change on two parties, each Compatible, Overlap or Breaking:
// verifiers that still run the older version's rules when tokens of the
// newer version reach them, and issuers that still mint the older version
// when verifiers run the newer version's rules. A change is unsafe when
// no overlap window can make it safe: a published version edited in place,
// a breaking change, an upgrade adapter that cannot be generated, a
// version retired without a window. Report.Unsafe lists those, and
// "jwtgen diff" exits with status 1 when there is any.
package contractdiff

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/jwtgen/jwtgen/spec"
)

// Change is one difference between two versions of a contract, or between
// two copies of one version.
type Change struct {
	// Rule is the ID of the rule that reports the change.
	Rule string
	// Contract is the contract name.
	Contract string
	// Older and Newer are the version numbers compared. They are equal for
	// an edit in place and both zero for a change of the contract itself.
	Older, Newer int
	// InPlace is true for a change between two copies of one version.
	InPlace bool
	// Subject is what changed: a claim path ("address.city"), a token rule
	// ("token.algorithms"), a version field ("status"), or "" for the
	// version or contract as a whole.
	Subject string
	// Message is one or more sentences that quote the names involved and,
	// for a change that is not compatible, say what makes it safe.
	Message string

	Verifiers Impact
	Issuers   Impact
	// Adapters is whether the newer version's upgrade adapter carries old
	// tokens across this change.
	Adapters Coverage
	// Upgrade describes what the upgrade adapter does for the claim, as
	// "jwtgen check -v" prints it, or is empty.
	Upgrade string
	// Unsafe is true when no overlap window makes the change safe.
	Unsafe bool

	// OldPos and NewPos locate the change in the older and newer file. A
	// zero Line means the side has no position, as the new side of a
	// removal.
	OldPos, NewPos spec.Pos
}

// Pos returns the position of the change on the new side, or on the old
// side when the new side has none, as for a removed claim.
func (c *Change) Pos() spec.Pos {
	if c.NewPos.Line > 0 {
		return c.NewPos
	}
	return c.OldPos
}

// Report is the outcome of a comparison.
type Report struct {
	// Changes are in the order of the files: contract changes, then each
	// version in turn, the version itself before its token rules and its
	// claims.
	Changes []*Change
}

// Unsafe returns the changes that make the comparison fail.
func (r *Report) Unsafe() []*Change {
	var out []*Change
	for _, c := range r.Changes {
		if c.Unsafe {
			out = append(out, c)
		}
	}
	return out
}

// Versions compares each version of c with the version before it.
func Versions(c *spec.Contract) *Report {
	r := &Report{}
	for i := 1; i < len(c.Versions); i++ {
		r.Changes = append(r.Changes, newVersion(c, c.Versions[i-1], c.Versions[i])...)
	}
	return r
}

// Files compares two copies of a contract file. Versions with the same
// number in both are compared for edits in place, and for changes of
// status, issue_until and accept_until, which a published version may
// have. Versions only in newer are compared with the version before them
// in newer, and versions only in older are reported removed.
func Files(older, newer *spec.Contract) *Report {
	r := &Report{}
	r.Changes = append(r.Changes, contractChanges(older, newer)...)
	for _, o := range older.Versions {
		if newer.Version(o.Number) == nil {
			r.Changes = append(r.Changes, removedVersion(newer.Name, o))
		}
	}
	for _, n := range newer.Versions {
		o := older.Version(n.Number)
		if o == nil {
			if prev := newer.Previous(n); prev != nil {
				r.Changes = append(r.Changes, newVersion(newer, prev, n)...)
			}
			continue
		}
		r.Changes = append(r.Changes, lifecycleChanges(newer, o, n)...)
		r.Changes = append(r.Changes, editedVersion(newer, o, n)...)
	}
	return r
}

// contractChanges compares the top-level keys that decide how a token's
// version is read.
func contractChanges(older, newer *spec.Contract) []*Change {
	var out []*Change
	add := func(id, message string, unsafe bool) {
		c := newChange(id, newer.Name, 0, 0)
		c.Subject, c.Message, c.Unsafe = "version_claim", message, unsafe || c.Unsafe
		c.OldPos = firstKnown(older.At["version_claim"], older.Pos)
		c.NewPos = firstKnown(newer.At["version_claim"], newer.Pos)
		out = append(out, c)
	}
	switch {
	case older.VersionClaim == newer.VersionClaim:
	case older.VersionClaim == "" && newer.Unversioned == 0:
		add(ContractVersionClaimAdded, fmt.Sprintf("version_claim %q was added without unversioned, so every token already issued, which lacks %q, is rejected. Set unversioned to the version of those tokens.", newer.VersionClaim, newer.VersionClaim), true)
	case older.VersionClaim == "":
		add(ContractVersionClaimAdded, fmt.Sprintf("version_claim %q was added; tokens without it are read as version %d.", newer.VersionClaim, newer.Unversioned), false)
	case newer.VersionClaim == "":
		add(ContractVersionClaimChanged, fmt.Sprintf("version_claim %q was removed, so verifiers no longer tell the versions of tokens apart. Keep %q.", older.VersionClaim, older.VersionClaim), false)
	default:
		add(ContractVersionClaimChanged, fmt.Sprintf("version_claim was renamed from %q to %q, so tokens already issued carry their version under a name verifiers no longer read. Keep %q.", older.VersionClaim, newer.VersionClaim, older.VersionClaim), false)
	}

	if older.VersionClaim != "" && newer.VersionClaim != "" && older.Unversioned != newer.Unversioned {
		c := newChange(ContractUnversionedChanged, newer.Name, 0, 0)
		c.Subject = "unversioned"
		c.Message = fmt.Sprintf("unversioned changed from %s to %s, so tokens without %q are read under other rules than they were minted for. Keep unversioned: %s.", versionOrNone(older.Unversioned), versionOrNone(newer.Unversioned), newer.VersionClaim, versionOrNone(older.Unversioned))
		c.OldPos = firstKnown(older.At["unversioned"], older.Pos)
		c.NewPos = firstKnown(newer.At["unversioned"], newer.Pos)
		out = append(out, c)
	}
	return out
}

// versionOrNone writes an unversioned number, where 0 means none.
func versionOrNone(n int) string {
	if n == 0 {
		return "none"
	}
	return fmt.Sprint(n)
}

// removedVersion reports version o, which the newer file lacks.
func removedVersion(contract string, o *spec.Version) *Change {
	c := newChange(VersionRemoved, contract, o.Number, o.Number)
	c.OldPos = o.Pos
	if o.Status == spec.StatusRetired {
		c.Message = fmt.Sprintf("Version %d was removed from the file after it was retired.", o.Number)
		c.Unsafe = false
		return c
	}
	c.Message = fmt.Sprintf("Version %d was removed from the file while its status was %s, so verifiers reject its tokens at once. Keep it in the file and retire it after a deprecation window instead.", o.Number, o.Status)
	return c
}

// newVersion compares version newer of c with older, the version before
// it.
func newVersion(c *spec.Contract, older, newer *spec.Version) []*Change {
	p := newPair(c.Name, older, newer, false)

	up := spec.PlanUpgrade(older, newer)
	down := spec.PlanDowngrade(newer, older)
	added := p.change(VersionAdded, "")
	added.OldPos, added.NewPos = older.Pos, newer.Pos
	added.Message = fmt.Sprintf("Version %d was added after version %d (upgrade %s, downgrade %s).", newer.Number, older.Number, up.Verdict(), down.Verdict())
	added.Adapters = Covered
	out := []*Change{added}

	if len(up.Problems()) > 0 || slices.ContainsFunc(up.Registered, func(r *spec.RegisteredStep) bool { return r.Problem != "" }) {
		ch := p.change(VersionUpgradeNotDerivable, "")
		ch.OldPos, ch.NewPos = older.Pos, newer.Pos
		ch.Upgrade = up.Verdict()
		ch.Message = fmt.Sprintf("The upgrade from version %d to version %d was %s. Give each claim listed a from, a default or upgrade: hook.", older.Number, newer.Number, up.Verdict())
		out = append(out, ch)
	}
	if !down.Derivable() {
		ch := p.change(VersionDowngradeNotDerivable, "")
		ch.OldPos, ch.NewPos = older.Pos, newer.Pos
		ch.Upgrade = "downgrade " + down.Verdict()
		ch.Message = fmt.Sprintf("The downgrade from version %d to version %d was %s, so issuers cannot mint version %d from version %d claims. Give the claims of version %d listed a default, or keep issuing version %d directly until every verifier accepts version %d.", newer.Number, older.Number, down.Verdict(), older.Number, newer.Number, older.Number, older.Number, newer.Number)
		out = append(out, ch)
	}

	for _, r := range up.Registered {
		if r.Source != nil && r.Problem == "" {
			p.registered[r.Source] = r.Claim
		}
	}
	for _, s := range walk(up.Steps) {
		switch {
		case s.Claim != nil:
			p.steps[s.Claim] = s
		case s.Source != nil:
			p.dropped[s.Source] = s
		}
	}
	p.compareToken()
	p.compareClaims(older.Claims, newer.Claims)
	return append(out, p.out...)
}

// editedVersion compares two copies of one version and reports
// PUBLISHED_VERSION_EDITED before the edits when its claims or token rules
// differ.
func editedVersion(c *spec.Contract, older, newer *spec.Version) []*Change {
	p := newPair(c.Name, older, newer, true)
	p.compareToken()
	p.compareClaims(older.Claims, newer.Claims)
	if len(p.out) == 0 {
		return nil
	}
	edited := p.change(PublishedVersionEdited, "")
	edited.OldPos, edited.NewPos = older.Pos, newer.Pos
	next := c.Newest().Number + 1
	edited.Message = fmt.Sprintf("Version %d was edited in place (%s), but tokens already minted under it must keep their meaning. Revert the edit and add it as version %d instead.", newer.Number, plural(len(p.out), "change"), next)
	return append([]*Change{edited}, p.out...)
}

// lifecycleChanges compares the status and dates of two copies of one
// version, which may change after the version is published.
func lifecycleChanges(c *spec.Contract, older, newer *spec.Version) []*Change {
	p := newPair(c.Name, older, newer, true)
	n := newer.Number
	at := func(ch *Change, key string) {
		ch.OldPos = firstKnown(older.At[key], older.Pos)
		ch.NewPos = firstKnown(newer.At[key], newer.Pos)
	}

	if older.Status != newer.Status {
		var ch *Change
		switch {
		case newer.Status == spec.StatusRetired && older.Status == spec.StatusActive:
			ch = p.change(VersionRetiredWithoutOverlap, "status")
			ch.Message = fmt.Sprintf("Version %d was retired while it was active, so its issuers had no deprecation window. Mark it deprecated with issue_until and accept_until first, and retire it after accept_until.", n)
		case newer.Status == spec.StatusRetired && older.AcceptUntil == nil:
			ch = p.change(VersionRetiredWithoutOverlap, "status")
			ch.Message = fmt.Sprintf("Version %d was retired, but its deprecation set no accept_until, so its issuers had no date to switch by. Set accept_until and retire it after that date.", n)
		case newer.Status == spec.StatusRetired && c.Newest() == newer:
			ch = p.change(VersionRetiredWithoutOverlap, "status")
			ch.Message = fmt.Sprintf("Version %d was retired, but it is the newest version, so issuers have no version to move to. Add the version that replaces it first.", n)
		case newer.Status == spec.StatusRetired:
			ch = p.change(VersionRetired, "status")
			ch.Message = fmt.Sprintf("Version %d was retired after its deprecation window, so verifiers reject its tokens from now on.", n)
		case newer.Status == spec.StatusDeprecated && older.Status == spec.StatusActive:
			ch = p.change(VersionDeprecated, "status")
			ch.Message = fmt.Sprintf("Version %d was deprecated.", n)
		default:
			ch = p.change(VersionReactivated, "status")
			ch.Message = fmt.Sprintf("Version %d went from %s back to %s.", n, older.Status, newer.Status)
		}
		at(ch, "status")
		p.out = append(p.out, ch)
	}

	p.compareDate("issue_until", older.IssueUntil, newer.IssueUntil, VersionIssueUntilEarlier, VersionIssueUntilLater, "issuers stop minting it")
	p.compareDate("accept_until", older.AcceptUntil, newer.AcceptUntil, VersionAcceptUntilEarlier, VersionAcceptUntilLater, "verifiers stop accepting it")
	for _, ch := range p.out {
		if ch.Subject == "issue_until" || ch.Subject == "accept_until" {
			at(ch, ch.Subject)
		}
	}
	return p.out
}

// compareDate reports a moved issue_until or accept_until; nil means never.
func (p *pair) compareDate(key string, older, newer *time.Time, earlier, later, effect string) {
	format := func(t *time.Time) string {
		if t == nil {
			return "never"
		}
		return t.UTC().Format(time.RFC3339)
	}
	n := p.newer.Number
	switch {
	case older == nil && newer == nil, older != nil && newer != nil && older.Equal(*newer):
		return
	case newer != nil && (older == nil || newer.Before(*older)):
		ch := p.change(earlier, key)
		ch.Message = fmt.Sprintf("%s of version %d moved from %s to %s, so %s sooner. Announce the date to the teams that use version %d before it comes.", key, n, format(older), format(newer), effect, n)
		p.out = append(p.out, ch)
	default:
		ch := p.change(later, key)
		ch.Message = fmt.Sprintf("%s of version %d moved from %s to %s.", key, n, format(older), format(newer))
		p.out = append(p.out, ch)
	}
}

// pair is the comparison of two versions, collecting its changes.
type pair struct {
	contract     string
	older, newer *spec.Version
	inPlace      bool
	// steps maps each claim of newer, members included, to its step of the
	// upgrade plan, and dropped each claim of older that the upgrade drops.
	// Both are empty for an edit in place.
	steps, dropped map[*spec.Claim]*spec.Step
	// registered maps each claim of older that an upgrade section moves
	// into a registered claim to that claim's name ("sub").
	registered map[*spec.Claim]string
	out        []*Change
}

func newPair(contract string, older, newer *spec.Version, inPlace bool) *pair {
	return &pair{
		contract: contract, older: older, newer: newer, inPlace: inPlace,
		steps: map[*spec.Claim]*spec.Step{}, dropped: map[*spec.Claim]*spec.Step{},
		registered: map[*spec.Claim]string{},
	}
}

// change returns a change of the rule between the pair's versions, with
// the rule's impacts and coverage.
func (p *pair) change(id, subject string) *Change {
	c := newChange(id, p.contract, p.older.Number, p.newer.Number)
	c.InPlace, c.Subject = p.inPlace, subject
	if p.inPlace && c.Rule != PublishedVersionEdited {
		c.Adapters = NotApplicable
	}
	return c
}

// newChange returns a change of the rule with the rule's impacts and
// coverage. It is unsafe when the rule breaks either party.
func newChange(id, contract string, older, newer int) *Change {
	r := mustRule(id)
	return &Change{
		Rule: id, Contract: contract, Older: older, Newer: newer,
		Verifiers: r.Verifiers, Issuers: r.Issuers, Adapters: r.Adapters,
		Unsafe: r.Verifiers == Breaking || r.Issuers == Breaking,
	}
}

// where names the version a change happened in: "in version 2", or "in
// place in version 1" for an edit.
func (p *pair) where() string {
	if p.inPlace {
		return fmt.Sprintf("in place in version %d", p.newer.Number)
	}
	return fmt.Sprintf("in version %d", p.newer.Number)
}

// advice returns the sentence that says what makes a change of the rule
// safe, for a change between two versions, or "" when none is needed. Edits
// in place get their advice from PUBLISHED_VERSION_EDITED.
func (p *pair) advice(r Rule) string {
	if p.inPlace {
		return ""
	}
	o, n := p.older.Number, p.newer.Number
	keep := fmt.Sprintf("keep version %d accepted until every issuer mints version %d", o, n)
	mint := fmt.Sprintf("mint version %d only once every verifier accepts it", n)
	switch {
	case r.Verifiers == Overlap && r.Issuers == Overlap:
		return fmt.Sprintf(" To stay safe, %s, and %s.", keep, mint)
	case r.Issuers == Overlap:
		return fmt.Sprintf(" To stay safe, %s.", keep)
	case r.Verifiers == Overlap:
		return fmt.Sprintf(" To stay safe, %s.", mint)
	}
	return ""
}

// add appends a change of the rule with the message, followed by the
// rule's advice.
func (p *pair) add(id, subject, message string, oldPos, newPos spec.Pos) *Change {
	c := p.change(id, subject)
	c.Message = message + p.advice(mustRule(id))
	c.OldPos, c.NewPos = oldPos, newPos
	p.out = append(p.out, c)
	return c
}

// walk returns steps and their members, depth first.
func walk(steps []*spec.Step) []*spec.Step {
	var out []*spec.Step
	for _, s := range steps {
		out = append(out, s)
		out = append(out, walk(s.Members)...)
	}
	return out
}

// firstKnown returns the first position with a line.
func firstKnown(ps ...spec.Pos) spec.Pos {
	for _, p := range ps {
		if p.Line > 0 {
			return p
		}
	}
	return spec.Pos{}
}

// quoteAll writes names as "a", "b".
func quoteAll(names []string) string {
	quoted := make([]string, len(names))
	for i, n := range names {
		quoted[i] = fmt.Sprintf("%q", n)
	}
	return strings.Join(quoted, ", ")
}

// plural writes "1 change" or "3 changes".
func plural(n int, noun string) string {
	if n == 1 {
		return fmt.Sprintf("1 %s", noun)
	}
	return fmt.Sprintf("%d %ss", n, noun)
}
