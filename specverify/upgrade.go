package specverify

import (
	"errors"
	"fmt"
	"maps"
	"math"
	"slices"
	"strings"

	"github.com/golang-jwt/jwt/v5"

	"github.com/jwtgen/jwtgen/runtime"
	"github.com/jwtgen/jwtgen/spec"
)

// Upgraded is the result of upgrading claims to the newest version.
type Upgraded struct {
	// Claims are the claims of the newest version. Claims that an upgrade
	// hook derives are absent.
	Claims *Claims
	// Hooks lists the claim paths, registered claims included, that an
	// upgrade hook would derive in the generated code, in the order the
	// versions and the contract name them. Their values cannot be known
	// here: report them as needing a hook.
	Hooks []string
}

// Payload returns the upgraded claims as the generated struct of the
// newest version encodes them, without the claims that need a hook.
func (u *Upgraded) Payload() (Object, error) {
	skip := make(map[string]bool, len(u.Hooks))
	for _, h := range u.Hooks {
		skip[h] = true
	}
	return u.Claims.payload(skip)
}

// Upgrade converts claims of any version of c to claims of the newest
// version, one version at a time, as the generated Upgrade methods do. Each
// step copies the registered claims and fills each claim of the next
// version from its source, its default or a hook. Then it checks the
// result with the next version's claim rules. Hook-derived claims are left
// absent, and their rule failures are ignored. The error is that of the
// first step that fails: a *runtime.ValidationError, or several joined.
func Upgrade(c *spec.Contract, claims *Claims) (*Upgraded, error) {
	u := &Upgraded{Claims: claims}
	for older := claims.version; older != c.Newest(); {
		newer := next(c, older)
		if newer == nil {
			return nil, fmt.Errorf("%s: version %d is not in the contract", c.Name, older.Number)
		}
		plan := spec.PlanUpgrade(older, newer)
		out, hooks, err := applyPlan(c.Name, plan, u.Claims)
		if err != nil {
			return nil, err
		}
		u.Hooks = append(u.Hooks, hooks...)
		if err := checkUpgraded(out, hooks); err != nil {
			return nil, err
		}
		u.Claims, older = out, newer
	}
	return u, nil
}

// next returns the version after v.
func next(c *spec.Contract, v *spec.Version) *spec.Version {
	for i, w := range c.Versions {
		if w == v && i+1 < len(c.Versions) {
			return c.Versions[i+1]
		}
	}
	return nil
}

// checkUpgraded validates upgraded claims and ignores the failures of the
// claims that hooks derive, whose values are missing here.
func checkUpgraded(out *Claims, hooks []string) error {
	var remaining []error
	for _, ve := range validationErrors(out.Validate()) {
		if !underAny(ve.Claim, hooks) {
			remaining = append(remaining, ve)
		}
	}
	return errors.Join(remaining...)
}

// underAny reports whether path is one of paths or a member or item of
// one.
func underAny(path string, paths []string) bool {
	for _, p := range paths {
		if path == p || strings.HasPrefix(path, p+".") || strings.HasPrefix(path, p+"[") {
			return true
		}
	}
	return false
}

// upgrader applies the steps of one upgrade plan.
type upgrader struct {
	contract string
	target   int
	older    int
	hooks    []string
	errs     []error
}

// applyPlan returns the claims of plan.Newer made from in, and the paths
// that hooks derive.
func applyPlan(contract string, plan *spec.UpgradePlan, in *Claims) (*Claims, []string, error) {
	a := &upgrader{contract: contract, target: plan.Newer.Number, older: plan.Older.Number}
	reg, err := in.Registered()
	if err != nil {
		return nil, nil, err
	}
	out := NewClaims(contract, plan.Newer)
	out.RegisteredClaims = *reg
	out.Values = a.steps(plan.Steps, in.Values)
	for _, r := range plan.Registered {
		a.registered(r, in.Values, &out.RegisteredClaims)
	}
	if err := errors.Join(a.errs...); err != nil {
		return nil, nil, err
	}
	return out, a.hooks, nil
}

// steps fills the claims of one object level from src.
func (a *upgrader) steps(steps []*spec.Step, src Values) Values {
	out := Values{}
	for _, s := range steps {
		switch s.Kind {
		case spec.StepDefault:
			out[s.Claim.Name] = defaultValue(s.Claim, s.Claim.Kind, s.Claim.Default)
		case spec.StepHook:
			a.hooks = append(a.hooks, s.Path)
		case spec.StepCopy, spec.StepRename:
			a.copy(s, src, out)
		}
	}
	return out
}

// copy applies a copy or rename step: the source value converted, or the
// fallback when the source is absent. A required scalar or object source
// is a value in the generated struct, so its zero value is copied when it
// is absent.
func (a *upgrader) copy(s *spec.Step, src, out Values) {
	v, present := src[s.Source.Name]
	if !present {
		if isPointer(s.Source) || nillable(s.Source) {
			a.fallback(s, out)
			return
		}
		v = zeroOf(s.Source)
	}
	if converted, ok := a.convert(s, v); ok {
		out[s.Claim.Name] = converted
	}
}

func (a *upgrader) fallback(s *spec.Step, out Values) {
	switch s.Fallback {
	case spec.FallbackDefault:
		out[s.Claim.Name] = defaultValue(s.Claim, s.Claim.Kind, s.Claim.Default)
	case spec.FallbackFail:
		a.errs = append(a.errs, &runtime.ValidationError{
			Contract: a.contract, Version: a.target, Claim: s.Path, Rule: "required",
			Detail: fmt.Sprintf("the version %d claims have no %q to fill it from, and it has no default", a.older, s.Source.Name),
			Err:    runtime.ErrClaimMissing,
		})
	}
}

// convert converts v, the value of the step's source, to a value of the
// step's claim.
func (a *upgrader) convert(s *spec.Step, v any) (any, bool) {
	from, to := s.Source, s.Claim
	fromList, toList := isList(from), isList(to)
	switch {
	case fromList && toList:
		items, _ := v.([]any)
		out := make([]any, len(items))
		for i, item := range items {
			var ok bool
			if out[i], ok = a.convertItem(s, itemKind(from), itemKind(to), item, fmt.Sprintf("%s[%d]", s.Path, i)); !ok {
				return nil, false
			}
		}
		return out, true
	case toList:
		item, ok := a.convertItem(s, itemKind(from), itemKind(to), v, s.Path+"[0]")
		return []any{item}, ok
	}
	return a.convertItem(s, itemKind(from), itemKind(to), v, s.Path)
}

// convertItem converts one value or item.
func (a *upgrader) convertItem(s *spec.Step, from, to spec.Kind, v any, path string) (any, bool) {
	switch {
	case from == spec.KindObject:
		members, _ := v.(Values)
		return a.steps(s.Members, members), true
	case from == spec.KindInt && to == spec.KindNumber:
		n, _ := v.(int64)
		return float64(n), true
	case from == spec.KindNumber && to == spec.KindInt:
		f, _ := v.(float64)
		if f != math.Trunc(f) || f < -(1<<63) || f >= 1<<63 {
			a.errs = append(a.errs, &runtime.ValidationError{
				Contract: a.contract, Version: a.target, Claim: path, Rule: "convert",
				Detail: "is not a whole number in the int64 range", Err: runtime.ErrClaimInvalid,
			})
			return nil, false
		}
		return int64(f), true
	}
	return cloneValue(v), true
}

// registered applies a registered upgrade to reg.
func (a *upgrader) registered(r *spec.RegisteredStep, src Values, reg *jwt.RegisteredClaims) {
	if r.Hook {
		a.hooks = append(a.hooks, r.Claim)
		return
	}
	empty := func() bool {
		if r.Claim == "aud" {
			return len(reg.Audience) == 0
		}
		return registeredString(reg, r.Claim) == ""
	}
	if r.Source != nil {
		v, present := src[r.Source.Name]
		if !present && !isPointer(r.Source) && !nillable(r.Source) {
			v, present = zeroOf(r.Source), true
		}
		switch items, isList := v.([]any); {
		case isList && len(items) > 0 && r.Claim == "aud":
			reg.Audience = anyToStrings(items)
			return
		case !isList && present && v != "":
			text, _ := v.(string)
			if r.Claim == "aud" {
				reg.Audience = jwt.ClaimStrings{text}
			} else {
				setRegisteredString(reg, r.Claim, text)
			}
			return
		}
	}
	if r.HasDefault && empty() {
		if r.Claim == "aud" {
			if items, ok := r.Default.([]any); ok {
				reg.Audience = anyToStrings(items)
			} else {
				reg.Audience = jwt.ClaimStrings{fmt.Sprint(r.Default)}
			}
			return
		}
		setRegisteredString(reg, r.Claim, fmt.Sprint(r.Default))
	}
}

func registeredString(reg *jwt.RegisteredClaims, name string) string {
	switch name {
	case "iss":
		return reg.Issuer
	case "sub":
		return reg.Subject
	case "jti":
		return reg.ID
	}
	return ""
}

func setRegisteredString(reg *jwt.RegisteredClaims, name, value string) {
	switch name {
	case "iss":
		reg.Issuer = value
	case "sub":
		reg.Subject = value
	case "jti":
		reg.ID = value
	}
}

func anyToStrings(items []any) jwt.ClaimStrings {
	out := make(jwt.ClaimStrings, len(items))
	for i, item := range items {
		out[i], _ = item.(string)
	}
	return out
}

// isPointer reports whether the generated field of c is a pointer: every
// time, and optional scalars and objects.
func isPointer(c *spec.Claim) bool {
	switch c.Kind {
	case spec.KindTime:
		return true
	case spec.KindArray, spec.KindScopes, spec.KindMap, spec.KindJSON:
		return false
	}
	return !c.Required
}

// isList reports whether the value of c is a list of items.
func isList(c *spec.Claim) bool {
	return c.Kind == spec.KindArray || c.Kind == spec.KindScopes
}

// itemKind returns the kind of one item of c, or of its value.
func itemKind(c *spec.Claim) spec.Kind {
	if c.Kind == spec.KindScopes {
		return spec.KindString
	}
	return c.ItemKind()
}

// zeroOf returns the zero value of a required scalar or object claim.
func zeroOf(c *spec.Claim) any {
	if c.Kind == spec.KindObject {
		return Values{}
	}
	return zeroScalar(c.Kind)
}

// cloneValue copies slices and maps so that upgraded claims share none
// with their source.
func cloneValue(v any) any {
	switch x := v.(type) {
	case []any:
		out := make([]any, len(x))
		for i, item := range x {
			out[i] = cloneValue(item)
		}
		return out
	case map[string]any:
		return maps.Clone(x)
	case Values:
		out := make(Values, len(x))
		for k, item := range x {
			out[k] = cloneValue(item)
		}
		return out
	}
	if raw, ok := v.([]byte); ok {
		return slices.Clone(raw)
	}
	return v
}

// defaultValue converts a default from the contract, a JSON value, to a
// value of kind k of claim c.
func defaultValue(c *spec.Claim, k spec.Kind, d any) any {
	switch k {
	case spec.KindInt:
		switch n := d.(type) {
		case int64:
			return n
		case float64:
			return int64(n)
		}
	case spec.KindNumber:
		switch n := d.(type) {
		case int64:
			return float64(n)
		case float64:
			return n
		}
	case spec.KindTime:
		if n, ok := d.(int64); ok {
			return n
		}
	case spec.KindScopes:
		items, _ := d.([]any)
		return cloneValue(items)
	case spec.KindObject:
		m, _ := d.(map[string]any)
		out := Values{}
		for _, member := range c.Claims {
			if v, ok := m[member.Name]; ok {
				out[member.Name] = defaultValue(member, member.Kind, v)
			}
		}
		return out
	case spec.KindMap:
		m, _ := d.(map[string]any)
		return maps.Clone(m)
	case spec.KindJSON:
		raw, _ := marshal(d)
		return rawJSON(raw)
	case spec.KindArray:
		items, _ := d.([]any)
		out := make([]any, len(items))
		for i, item := range items {
			out[i] = defaultValue(c, c.Elem, item)
		}
		return out
	}
	return d
}

// validationErrors returns the *runtime.ValidationError values in err, a
// join of them or one of them.
func validationErrors(err error) []*runtime.ValidationError {
	if err == nil {
		return nil
	}
	if ve, ok := err.(*runtime.ValidationError); ok {
		return []*runtime.ValidationError{ve}
	}
	if joined, ok := err.(interface{ Unwrap() []error }); ok {
		var out []*runtime.ValidationError
		for _, e := range joined.Unwrap() {
			out = append(out, validationErrors(e)...)
		}
		return out
	}
	var ve *runtime.ValidationError
	if errors.As(err, &ve) {
		return []*runtime.ValidationError{ve}
	}
	return nil
}
