package spec

import (
	"slices"
	"strings"
)

// lintUpgrades warns about copy and rename steps from a version that is
// still accepted whose target claim adds rules to its source.
func lintUpgrades(c *Contract) Diagnostics {
	var ds Diagnostics
	for i := 1; i < len(c.Versions); i++ {
		older, newer := c.Versions[i-1], c.Versions[i]
		if older.Status == StatusRetired {
			continue
		}
		walkSteps(PlanUpgrade(older, newer).Steps, func(s *Step) {
			if s.Source == nil || s.Claim == nil || (s.Kind != StepCopy && s.Kind != StepRename) {
				return
			}
			added := addedRules(s.Source, s.Claim)
			if len(added) == 0 {
				return
			}
			ds = append(ds, warning(s.Claim.Pos, RuleUpgradeMayFail,
				"run jwtgen audit on real tokens before this version ships, or derive the claim with upgrade: hook",
				"version %d claim %q comes from version %d claim %q but adds %s, so a version %d token that breaks it fails the upgrade and is rejected",
				newer.Number, s.Path, older.Number, s.Source.Path, strings.Join(added, ", "), older.Number))
		})
	}
	return ds
}

// addedRules lists the value rules of to that from does not guarantee.
func addedRules(from, to *Claim) []string {
	var added []string
	if to.Pattern != "" && to.Pattern != from.Pattern {
		added = append(added, "pattern")
	}
	if to.ItemKind() == KindEnum && (from.ItemKind() != KindEnum || !subset(from.Values, to.Values)) {
		added = append(added, "values")
	}
	if isFormat(to.ItemKind()) && to.ItemKind() != from.ItemKind() {
		added = append(added, "format "+string(to.ItemKind()))
	}
	if to.HasConst && (!from.HasConst || from.Const != to.Const) {
		added = append(added, "const")
	}
	if tighterMin(from.MinLength, to.MinLength) {
		added = append(added, "min_length")
	}
	if tighterMax(from.MaxLength, to.MaxLength) {
		added = append(added, "max_length")
	}
	if tighterMin(from.Minimum, to.Minimum) {
		added = append(added, "minimum")
	}
	if tighterMax(from.Maximum, to.Maximum) {
		added = append(added, "maximum")
	}
	if tighterMin(from.MinItems, to.MinItems) {
		added = append(added, "min_items")
	}
	if tighterMax(from.MaxItems, to.MaxItems) {
		added = append(added, "max_items")
	}
	return added
}

func isFormat(k Kind) bool {
	return k == KindURL || k == KindEmail || k == KindUUID
}

// subset reports whether every value of a is in b.
func subset(a, b []string) bool {
	for _, v := range a {
		if !slices.Contains(b, v) {
			return false
		}
	}
	return true
}

// tighterMin reports whether the lower bound to rejects values that from
// allows.
func tighterMin[T int | float64](from, to *T) bool {
	return to != nil && (from == nil || *from < *to)
}

// tighterMax reports whether the upper bound to rejects values that from
// allows.
func tighterMax[T int | float64](from, to *T) bool {
	return to != nil && (from == nil || *from > *to)
}
