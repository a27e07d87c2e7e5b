package testgen

import (
	"strings"

	"github.com/jwtgen/jwtgen/runtime/contracttest"
	"github.com/jwtgen/jwtgen/spec"
)

// attachUpgrade sets the payload that Verify returns for the token of c,
// upgraded to the newest version, computed from spec.PlanUpgrade. Claims
// that an upgrade hook derives go to c.Unchecked. When a plan has a step
// that cannot be generated, the case gets no upgraded payload.
func (b *builder) attachUpgrade(c *contracttest.Case) {
	if !b.valid {
		return
	}
	payload := c.Payload.Delete(b.contract.VersionClaim)
	unknown := map[string]bool{}
	older := b.version
	for newer := b.next(older); newer != nil; older, newer = newer, b.next(newer) {
		plan := spec.PlanUpgrade(older, newer)
		if len(plan.Problems()) > 0 {
			return
		}
		var ok bool
		if payload, unknown, ok = upgradeOnce(plan, payload, unknown); !ok {
			return
		}
	}
	c.Upgraded = payload
	for _, claim := range b.contract.Newest().Claims {
		if unknown[claim.Name] {
			c.Unchecked = append(c.Unchecked, claim.Name)
		}
	}
	for _, name := range spec.RegisteredClaims {
		if unknown[name] {
			c.Unchecked = append(c.Unchecked, name)
		}
	}
}

// next returns the version after v, or nil.
func (b *builder) next(v *spec.Version) *spec.Version {
	for i, w := range b.contract.Versions {
		if w == v && i+1 < len(b.contract.Versions) {
			return b.contract.Versions[i+1]
		}
	}
	return nil
}

// upgradeOnce applies plan to payload, whose top-level claims in unknown
// have values that cannot be predicted. It returns the payload of the
// newer version, its unknown claims, and false when an upgrade of this
// payload fails.
func upgradeOnce(plan *spec.UpgradePlan, payload contracttest.Object, unknown map[string]bool) (contracttest.Object, map[string]bool, bool) {
	out := contracttest.Object{}
	outUnknown := map[string]bool{}
	for _, name := range spec.RegisteredClaims {
		if v, ok := payload.Get(name); ok {
			out = append(out, contracttest.Member{Name: name, Value: v})
		}
		if unknown[name] {
			outUnknown[name] = true
		}
	}

	for _, step := range plan.Steps {
		if step.Claim == nil {
			continue
		}
		name := step.Claim.Name
		switch step.Kind {
		case spec.StepDefault:
			out = out.Set(name, defaultValue(step.Claim))
		case spec.StepHook:
			outUnknown[name] = true
		case spec.StepCopy, spec.StepRename:
			if unknown[step.Source.Name] {
				outUnknown[name] = true
				continue
			}
			v, present := payload.Get(step.Source.Name)
			if !present {
				switch step.Fallback {
				case spec.FallbackDefault:
					out = out.Set(name, defaultValue(step.Claim))
				case spec.FallbackFail:
					return nil, nil, false
				}
				continue
			}
			converted, ok := convertValue(step, v)
			if !ok {
				outUnknown[name] = true
				continue
			}
			out = out.Set(name, converted)
		}
	}

	for _, r := range plan.Registered {
		switch {
		case r.Hook:
			outUnknown[r.Claim] = true
		case r.From != "" && unknown[r.From]:
			outUnknown[r.Claim] = true
		default:
			v, present := payload.Get(r.From)
			if s, isString := v.(string); r.From != "" && present && (!isString || s != "") {
				out = out.Set(r.Claim, v)
				continue
			}
			if _, has := out.Get(r.Claim); !has && r.HasDefault {
				out = out.Set(r.Claim, r.Default)
			}
		}
	}
	return out, outUnknown, true
}

// convertValue applies the conversions of a copy or rename step to v. It
// returns false when the result cannot be predicted, because a member is
// derived by an upgrade hook.
func convertValue(step *spec.Step, v any) (any, bool) {
	if step.Has(spec.ConvertEncoding) {
		switch x := v.(type) {
		case string:
			var items []any
			for _, s := range strings.Fields(x) {
				items = append(items, s)
			}
			v = items
		case []any:
			parts := make([]string, len(x))
			for i, item := range x {
				parts[i], _ = item.(string)
			}
			v = strings.Join(parts, " ")
		}
	}
	if step.Has(spec.ConvertMembers) {
		switch x := v.(type) {
		case contracttest.Object:
			obj, ok := convertMembers(step.Members, x)
			if !ok {
				return nil, false
			}
			v = obj
		case []any:
			items := make([]any, len(x))
			for i, item := range x {
				obj, isObject := item.(contracttest.Object)
				if !isObject {
					return nil, false
				}
				converted, ok := convertMembers(step.Members, obj)
				if !ok {
					return nil, false
				}
				items[i] = converted
			}
			v = items
		}
	}
	if step.Has(spec.ConvertToList) {
		v = []any{v}
	}
	return v, true
}

// convertMembers applies member steps to an object value.
func convertMembers(steps []*spec.Step, obj contracttest.Object) (contracttest.Object, bool) {
	out := contracttest.Object{}
	for _, step := range steps {
		if step.Claim == nil {
			continue
		}
		name := step.Claim.Name
		switch step.Kind {
		case spec.StepDefault:
			out = out.Set(name, defaultValue(step.Claim))
		case spec.StepHook, spec.StepMissing:
			return nil, false
		case spec.StepCopy, spec.StepRename:
			v, present := obj.Get(step.Source.Name)
			if !present {
				switch step.Fallback {
				case spec.FallbackDefault:
					out = out.Set(name, defaultValue(step.Claim))
				case spec.FallbackFail:
					return nil, false
				}
				continue
			}
			converted, ok := convertValue(step, v)
			if !ok {
				return nil, false
			}
			out = out.Set(name, converted)
		}
	}
	return out, true
}

// defaultValue returns the default of claim c as its JSON value: scopes
// defaults are lists, which a space-delimited claim writes as one string.
func defaultValue(c *spec.Claim) any {
	if c.Kind == spec.KindScopes && c.Encoding != spec.ScopesArray {
		if items, ok := c.Default.([]any); ok {
			parts := make([]string, len(items))
			for i, item := range items {
				parts[i], _ = item.(string)
			}
			return strings.Join(parts, " ")
		}
	}
	return c.Default
}
