package spec

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"
	"time"
)

// StepKind is how an adapter fills one claim of its target version.
type StepKind string

// The kinds of adapter steps.
const (
	// StepCopy takes the value of the source version's claim of the same
	// name.
	StepCopy StepKind = "copy"
	// StepRename takes the value of the source version's claim that the
	// claim's from names, or, in a downgrade, of the claim that was renamed
	// from it.
	StepRename StepKind = "rename"
	// StepDefault fills the claim with its default, because nothing in the
	// source version holds its value.
	StepDefault StepKind = "default"
	// StepHook calls a function the user writes ("upgrade: hook"). A claim
	// with a hook always gets its value from the hook, even when the source
	// version has a claim it could be copied from.
	StepHook StepKind = "hook"
	// StepAbsent leaves an optional claim absent: nothing derives it.
	StepAbsent StepKind = "absent"
	// StepDropped marks a claim of the source version that no claim of the
	// target version takes. Its value is lost.
	StepDropped StepKind = "dropped"
	// StepMissing marks a claim that nothing can fill: a required claim
	// without a source or default, or, in a downgrade, a claim without a
	// default whose value an upgrade hook consumed. It makes the adapter
	// not derivable, and Problem gives the reason.
	StepMissing StepKind = "missing"
)

// Conversion is one change of encoding between the source claim of a copy
// or rename and the claim it fills.
type Conversion string

// The conversions an adapter applies. The ones marked "downgrade only"
// undo an upgrade conversion and can fail at run time.
const (
	// ConvertEncoding switches scopes between space-delimited and array.
	ConvertEncoding Conversion = "encoding"
	// ConvertToList wraps a single value in a one-item list: T to []T.
	ConvertToList Conversion = "to-list"
	// ConvertFromList takes the only item of a list (downgrade only). It
	// fails unless the list has exactly one item.
	ConvertFromList Conversion = "from-list"
	// ConvertIntToNumber turns an int into a number.
	ConvertIntToNumber Conversion = "int-to-number"
	// ConvertNumberToInt turns a number into an int (downgrade only). It
	// fails unless the number is a whole number in the int64 range.
	ConvertNumberToInt Conversion = "number-to-int"
	// ConvertEnumToString turns an enum value into a plain string.
	ConvertEnumToString Conversion = "enum-to-string"
	// ConvertStringToEnum turns a string into an enum value; the target's
	// Validate rejects a string that is not one of the enum's values.
	ConvertStringToEnum Conversion = "string-to-enum"
	// ConvertFormatToString turns a url, email or uuid into a plain string.
	ConvertFormatToString Conversion = "format-to-string"
	// ConvertStringToFormat turns a string into a url, email or uuid; the
	// target's Validate rejects a string of the wrong format.
	ConvertStringToFormat Conversion = "string-to-format"
	// ConvertMembers converts an object, or each object of a list, member
	// by member, with the step's Members.
	ConvertMembers Conversion = "members"
	// ConvertRequired fills a required claim from an optional one. When
	// the source is absent in a token, the step's Fallback applies.
	ConvertRequired Conversion = "required"
)

// Fallback is what a copy or rename does when the source claim is absent
// in a token.
type Fallback string

// The fallbacks of copy and rename steps.
const (
	// FallbackDefault fills the claim with its default.
	FallbackDefault Fallback = "default"
	// FallbackAbsent leaves the optional claim absent.
	FallbackAbsent Fallback = "absent"
	// FallbackFail makes the adapter fail with runtime.ErrClaimMissing,
	// because the claim is required and has no default.
	FallbackFail Fallback = "fail"
)

// Step is what an adapter does for one claim.
type Step struct {
	Kind StepKind

	// Claim is the claim of the target version that the step fills, or nil
	// for StepDropped.
	Claim *Claim
	// Path is the dotted path of Claim, or of Source for StepDropped.
	Path string

	// Source is the claim of the source version that the value comes from
	// (copy and rename), that the hook's claim continues (hook, or nil), or
	// that is lost (dropped).
	Source *Claim
	// SourceRegistered names the registered claim of the source version
	// that the value comes from, when a downgrade undoes a registered
	// upgrade: "sub" for the uid of "upgrade: {sub: {from: uid}}". Source is
	// nil then.
	SourceRegistered string

	// Conversions are the changes of encoding of a copy or rename, in the
	// order of the Conversion constants. It is empty when the value is
	// copied as it is.
	Conversions []Conversion
	// Fallback applies to copy and rename when the source is absent in a
	// token.
	Fallback Fallback

	// Members are the steps of the members of an object claim converted
	// with ConvertMembers: one per member of Claim, in file order, then one
	// StepDropped per member of Source that no member takes.
	Members []*Step

	// Problem is the reason the step cannot be generated: the kinds do
	// not convert, or nothing fills a required claim. It is empty for a
	// step that can be generated.
	Problem string
}

// Has reports whether s applies conversion c.
func (s *Step) Has(c Conversion) bool {
	for _, x := range s.Conversions {
		if x == c {
			return true
		}
	}
	return false
}

// Describe returns what the step does, as `jwtgen check -v` prints it after
// the claim path: "renamed from tenant, optional to required, default
// "legacy"".
func (s *Step) Describe() string {
	var parts []string
	switch s.Kind {
	case StepCopy:
		parts = append(parts, "copied")
	case StepRename:
		if s.Source != nil {
			parts = append(parts, "renamed from "+s.Source.Name)
		} else {
			parts = append(parts, "from registered claim "+s.SourceRegistered)
		}
	case StepDefault:
		return "default " + formatDefault(s.Claim)
	case StepHook:
		return "derived by an upgrade hook"
	case StepAbsent:
		return "left absent: nothing derives it"
	case StepDropped:
		return "dropped"
	case StepMissing:
		return "not derivable: " + s.Problem
	}
	if s.Problem != "" {
		return strings.Join(append(parts, s.Problem), ", ")
	}
	parts = append(parts, s.describeConversions()...)
	switch {
	case s.Fallback == FallbackDefault:
		parts = append(parts, "default "+formatDefault(s.Claim))
	case s.Fallback == FallbackFail && s.Has(ConvertRequired):
		parts = append(parts, "fails when absent")
	}
	return strings.Join(parts, ", ")
}

// describeConversions names the conversions of a copy or rename: the
// change of type as the contract file writes types, then the rest.
func (s *Step) describeConversions() []string {
	var parts []string
	from, to := s.sourceType(), typeName(s.Claim)
	if from != to {
		change := from + " to " + to
		switch {
		case s.Has(ConvertToList):
			change += " (one item)"
		case s.Has(ConvertFromList):
			change += " (fails unless one item)"
		case s.Has(ConvertNumberToInt):
			change += " (fails unless a whole number)"
		}
		parts = append(parts, change)
	}
	if s.Has(ConvertEncoding) && s.Source != nil {
		parts = append(parts, fmt.Sprintf("%s to %s", s.Source.Encoding, s.Claim.Encoding))
	}
	if s.Has(ConvertMembers) {
		parts = append(parts, "member by member")
	}
	if s.Has(ConvertRequired) {
		parts = append(parts, "optional to required")
	}
	return parts
}

// sourceType returns the type of the step's source as the contract file
// writes types.
func (s *Step) sourceType() string {
	if s.Source != nil {
		return typeName(s.Source)
	}
	return typeName(registeredClaim(s.SourceRegistered))
}

// RegisteredStep is a registered upgrade of an UpgradePlan: a registered
// claim of the newer version filled from a claim of the older one, a
// default or a hook.
type RegisteredStep struct {
	*RegisteredUpgrade

	// Source is the claim of the older version that From names, or nil.
	Source *Claim
	// Conversions turn the value of Source into the registered claim's
	// type: a string, or for aud a list of strings.
	Conversions []Conversion
	// Problem is the reason the registered upgrade cannot be generated:
	// From names no claim, or a claim whose type does not convert. It is
	// empty for one that can be generated.
	Problem string
}

// Has reports whether r applies conversion c.
func (r *RegisteredStep) Has(c Conversion) bool {
	for _, x := range r.Conversions {
		if x == c {
			return true
		}
	}
	return false
}

// Describe returns what the registered upgrade does: "from uid", "from
// uid, default "x"" or "derived by an upgrade hook".
func (r *RegisteredStep) Describe() string {
	if r.Hook {
		return "derived by an upgrade hook"
	}
	var parts []string
	if r.From != "" {
		parts = append(parts, "from "+r.From)
	}
	if r.HasDefault {
		parts = append(parts, "default "+formatValue(r.Default))
	}
	return strings.Join(parts, ", ")
}

// UpgradePlan is the adapter from tokens of one version to the next.
type UpgradePlan struct {
	Older, Newer *Version
	// Steps has one step per claim of Newer, in file order, then one
	// StepDropped per claim of Older that no claim and no registered
	// upgrade of Newer takes.
	Steps []*Step
	// Registered are the registered upgrades of Newer, in file order.
	Registered []*RegisteredStep
}

// Hooks returns the paths of the claims whose steps call an upgrade hook,
// members included, in file order, then the registered claims filled by a
// hook.
func (p *UpgradePlan) Hooks() []string {
	var paths []string
	walkSteps(p.Steps, func(s *Step) {
		if s.Kind == StepHook {
			paths = append(paths, s.Path)
		}
	})
	for _, r := range p.Registered {
		if r.Hook {
			paths = append(paths, r.Claim)
		}
	}
	return paths
}

// Problems returns the steps, members included, that cannot be generated,
// in file order. The registered upgrades carry their own Problem.
func (p *UpgradePlan) Problems() []*Step {
	return problems(p.Steps)
}

// Verdict sums the plan up: "automatic", "needs hooks: session, jti" or
// "not derivable: tenant_id (no source)".
func (p *UpgradePlan) Verdict() string {
	var blocked []string
	for _, s := range p.Problems() {
		blocked = append(blocked, fmt.Sprintf("%s (%s)", s.Path, s.Problem))
	}
	for _, r := range p.Registered {
		if r.Problem != "" {
			blocked = append(blocked, fmt.Sprintf("%s (%s)", r.Claim, r.Problem))
		}
	}
	if len(blocked) > 0 {
		return "not derivable: " + strings.Join(blocked, ", ")
	}
	if hooks := p.Hooks(); len(hooks) > 0 {
		return "needs hooks: " + strings.Join(hooks, ", ")
	}
	return "automatic"
}

// DowngradePlan is the adapter from claims of one version to the version
// before it, for issuers that must still mint the older tokens.
type DowngradePlan struct {
	Newer, Older *Version
	// Steps has one step per claim of Older, in file order, then one
	// StepDropped per claim of Newer that no claim of Older takes.
	Steps []*Step
}

// Blockers returns the steps, members included, that make the downgrade
// not derivable, in file order.
func (p *DowngradePlan) Blockers() []*Step {
	return problems(p.Steps)
}

// Derivable reports whether a downgrade can be generated.
func (p *DowngradePlan) Derivable() bool {
	return len(p.Blockers()) == 0
}

// Verdict sums the plan up: "available" or "not derivable: uid (no
// source)".
func (p *DowngradePlan) Verdict() string {
	if blocked := p.Blockers(); len(blocked) > 0 {
		return "not derivable: " + listProblems(blocked)
	}
	return "available"
}

// PlanUpgrade returns the adapter from tokens of older to tokens of newer,
// the version after it. It never fails: steps that cannot be generated
// carry a Problem.
func PlanUpgrade(older, newer *Version) *UpgradePlan {
	p := &UpgradePlan{Older: older, Newer: newer}
	taken := map[*Claim]bool{}
	p.Steps = upgradeSteps(older.Claims, newer.Claims, taken)
	for _, u := range newer.Upgrade {
		r := &RegisteredStep{RegisteredUpgrade: u}
		if u.From != "" && !u.Hook {
			r.Source = older.Claim(u.From)
			if r.Source == nil {
				r.Problem = "no source"
			}
		}
		if r.Source != nil {
			taken[r.Source] = true
			var ok bool
			if r.Conversions, ok = convert(r.Source, registeredClaim(u.Claim), false); !ok {
				r.Problem = fmt.Sprintf("%s does not convert to %s", typeName(r.Source), typeName(registeredClaim(u.Claim)))
			}
		}
		p.Registered = append(p.Registered, r)
	}
	p.Steps = append(p.Steps, droppedSteps(older.Claims, taken)...)
	return p
}

// upgradeSteps returns one step per claim of newer, taking values from
// older, the claims at the same level of the previous version, and marks
// in taken the claims of older it takes.
func upgradeSteps(older, newer []*Claim, taken map[*Claim]bool) []*Step {
	steps := make([]*Step, 0, len(newer))
	for _, c := range newer {
		steps = append(steps, upgradeStep(older, c, taken))
	}
	return steps
}

// upgradeStep decides how claim c of the newer version gets its value.
func upgradeStep(older []*Claim, c *Claim, taken map[*Claim]bool) *Step {
	s := &Step{Claim: c, Path: c.Path}
	name := c.Name
	if c.From != "" {
		name = c.From
	}
	source := findClaim(older, name)
	if source != nil {
		taken[source] = true
	}

	switch {
	case c.UpgradeHook:
		s.Kind, s.Source = StepHook, source
		return s
	case source == nil && c.HasDefault:
		s.Kind = StepDefault
		return s
	case source == nil && c.Required:
		s.Kind, s.Problem = StepMissing, "no source"
		return s
	case source == nil:
		s.Kind = StepAbsent
		return s
	}

	s.Kind, s.Source = StepCopy, source
	if source.Name != c.Name {
		s.Kind = StepRename
	}
	s.Fallback = fallback(c)
	conversions, ok := convert(source, c, false)
	if !ok {
		s.Problem = fmt.Sprintf("%s does not convert to %s", typeName(source), typeName(c))
		return s
	}
	s.Conversions = conversions
	if s.Has(ConvertMembers) {
		memberTaken := map[*Claim]bool{}
		s.Members = upgradeSteps(source.Claims, c.Claims, memberTaken)
		s.Members = append(s.Members, droppedSteps(source.Claims, memberTaken)...)
	}
	return s
}

// fallback returns what a copy or rename into c does when the source is
// absent.
func fallback(c *Claim) Fallback {
	switch {
	case c.HasDefault:
		return FallbackDefault
	case c.Required:
		return FallbackFail
	}
	return FallbackAbsent
}

// droppedSteps returns a StepDropped for each claim that is not taken.
func droppedSteps(claims []*Claim, taken map[*Claim]bool) []*Step {
	var steps []*Step
	for _, c := range claims {
		if !taken[c] {
			steps = append(steps, &Step{Kind: StepDropped, Path: c.Path, Source: c})
		}
	}
	return steps
}

// PlanDowngrade returns the adapter from claims of newer to claims of
// older, the version before it, by reversing the copies, renames and
// conversions of PlanUpgrade(older, newer). A claim of older without a
// default makes the downgrade not derivable when it is required and
// nothing fills it, or when an upgrade hook consumed its value.
func PlanDowngrade(newer, older *Version) *DowngradePlan {
	up := PlanUpgrade(older, newer)
	p := &DowngradePlan{Newer: newer, Older: older}
	taken := map[*Claim]bool{}
	p.Steps = downgradeSteps(older.Claims, up.Steps, up.Registered, taken)
	p.Steps = append(p.Steps, droppedSteps(newer.Claims, taken)...)
	return p
}

// downgradeSteps returns one step per claim of older, reversing the
// upgrade steps and registered upgrades, and marks in taken the claims of
// the newer version it takes.
func downgradeSteps(older []*Claim, up []*Step, registered []*RegisteredStep, taken map[*Claim]bool) []*Step {
	steps := make([]*Step, 0, len(older))
	for _, c := range older {
		steps = append(steps, downgradeStep(c, up, registered, taken))
	}
	return steps
}

// downgradeStep decides how claim c of the older version gets its value
// from the newer version, whose upgrade steps are up.
func downgradeStep(c *Claim, up []*Step, registered []*RegisteredStep, taken map[*Claim]bool) *Step {
	s := &Step{Claim: c, Path: c.Path}

	var hooked bool
	for _, u := range up {
		switch {
		case u.Source != c || u.Problem != "" || u.Kind == StepDropped:
			continue
		case u.Kind == StepHook:
			hooked = true
			continue
		}
		source := u.Claim
		taken[source] = true
		s.Kind, s.Source = StepCopy, source
		if source.Name != c.Name {
			s.Kind = StepRename
		}
		s.Fallback = fallback(c)
		s.Conversions, _ = convert(source, c, true)
		if s.Has(ConvertMembers) {
			memberTaken := map[*Claim]bool{}
			s.Members = downgradeSteps(c.Claims, u.Members, nil, memberTaken)
			s.Members = append(s.Members, droppedSteps(source.Claims, memberTaken)...)
		}
		return s
	}
	for _, r := range registered {
		if r.Source == c {
			s.Kind, s.SourceRegistered = StepRename, r.Claim
			s.Fallback = fallback(c)
			s.Conversions, _ = convert(registeredClaim(r.Claim), c, true)
			return s
		}
	}

	switch {
	case c.HasDefault:
		s.Kind = StepDefault
	case hooked:
		s.Kind, s.Problem = StepMissing, "an upgrade hook consumed its value"
	case c.Required:
		s.Kind, s.Problem = StepMissing, "no source"
	default:
		s.Kind = StepAbsent
	}
	return s
}

// registeredClaim returns a claim that stands for the registered claim
// name in conversions: a string, or for aud a list of strings.
func registeredClaim(name string) *Claim {
	if name == "aud" {
		return &Claim{Name: name, Path: name, Kind: KindArray, Elem: KindString}
	}
	return &Claim{Name: name, Path: name, Kind: KindString}
}

// convert returns the conversions that turn a value of claim from into a
// value of claim to, and false when the kinds do not convert. downgrade
// allows the conversions that undo an upgrade conversion: a list to a
// single value and a number to an int. A claim whose kind is unknown,
// because the loader reported it, converts to anything.
func convert(from, to *Claim, downgrade bool) ([]Conversion, bool) {
	if from.Kind == "" || to.Kind == "" || from.Kind == KindArray && from.Elem == "" || to.Kind == KindArray && to.Elem == "" {
		return nil, true
	}
	var out []Conversion
	add := func(c Conversion) { out = append(out, c) }

	fromList, toList := from.Kind == KindArray, to.Kind == KindArray
	switch {
	case from.Kind == KindScopes || to.Kind == KindScopes:
		if from.Kind != to.Kind {
			return nil, false
		}
		if from.Encoding != to.Encoding && from.Encoding != "" && to.Encoding != "" {
			add(ConvertEncoding)
		}
	case fromList && toList:
		if !convertItem(from.Elem, to.Elem, downgrade, add) {
			return nil, false
		}
	case !fromList && toList:
		add(ConvertToList)
		if !convertItem(from.Kind, to.Elem, downgrade, add) {
			return nil, false
		}
	case fromList && !toList:
		if !downgrade {
			return nil, false
		}
		add(ConvertFromList)
		if !convertItem(from.Elem, to.Kind, downgrade, add) {
			return nil, false
		}
	default:
		if !convertItem(from.Kind, to.Kind, downgrade, add) {
			return nil, false
		}
	}
	if !from.Required && to.Required {
		add(ConvertRequired)
	}
	return out, true
}

// convertItem adds the conversion that turns one value of kind from into
// kind to, and reports whether there is one.
func convertItem(from, to Kind, downgrade bool, add func(Conversion)) bool {
	isFormat := func(k Kind) bool { return k == KindURL || k == KindEmail || k == KindUUID }
	switch {
	case from == to && from == KindObject:
		add(ConvertMembers)
	case from == to:
	case from == KindInt && to == KindNumber:
		add(ConvertIntToNumber)
	case from == KindNumber && to == KindInt && downgrade:
		add(ConvertNumberToInt)
	case from == KindEnum && to == KindString:
		add(ConvertEnumToString)
	case from == KindString && to == KindEnum:
		add(ConvertStringToEnum)
	case isFormat(from) && to == KindString:
		add(ConvertFormatToString)
	case from == KindString && isFormat(to):
		add(ConvertStringToFormat)
	default:
		return false
	}
	return true
}

// walkSteps calls visit for each step, then for its members, depth first.
func walkSteps(steps []*Step, visit func(*Step)) {
	for _, s := range steps {
		visit(s)
		walkSteps(s.Members, visit)
	}
}

// problems returns the steps with a Problem, members included.
func problems(steps []*Step) []*Step {
	var out []*Step
	walkSteps(steps, func(s *Step) {
		if s.Problem != "" {
			out = append(out, s)
		}
	})
	return out
}

// listProblems writes steps as "uid (no source), level (number does not
// convert to int)".
func listProblems(steps []*Step) string {
	parts := make([]string, len(steps))
	for i, s := range steps {
		parts[i] = fmt.Sprintf("%s (%s)", s.Path, s.Problem)
	}
	return strings.Join(parts, ", ")
}

// formatDefault writes the default of c as compact JSON, with the
// NumericDates of a time claim as RFC 3339 strings.
func formatDefault(c *Claim) string {
	if c.ItemKind() != KindTime {
		return formatValue(c.Default)
	}
	date := func(v any) any {
		if n, ok := v.(int64); ok {
			return time.Unix(n, 0).UTC().Format(time.RFC3339)
		}
		return v
	}
	if items, ok := c.Default.([]any); ok {
		dates := make([]any, len(items))
		for i, item := range items {
			dates[i] = date(item)
		}
		return formatValue(dates)
	}
	return formatValue(date(c.Default))
}

// formatValue writes a default value as compact JSON, as in
// ["items:read"] or {"city":"Unknown"}.
func formatValue(v any) string {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return fmt.Sprint(v)
	}
	return strings.TrimSuffix(b.String(), "\n")
}
