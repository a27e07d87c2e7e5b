package spec

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"
)

// suggestDistance is the largest edit distance at which a known word is
// offered as "did you mean" for name: 1 for names of up to 3 characters,
// where 2 edits reach unrelated words ("uid" and "aud"), and 2 otherwise.
func suggestDistance(name string) int {
	if utf8.RuneCountInString(name) <= 3 {
		return 1
	}
	return 2
}

// suggest returns a "did you mean" hint naming the known word closest to
// name, or fallback when none is close enough.
func suggest(name string, known []string, fallback string) string {
	if best, ok := closest(name, known); ok {
		return fmt.Sprintf("did you mean %q?", best)
	}
	return fallback
}

// closest returns the known word nearest to name by edit distance, the first
// in known order on a tie, if it is within suggestDistance.
func closest(name string, known []string) (string, bool) {
	if near := closestAll(name, known, 1); len(near) > 0 {
		return near[0], true
	}
	return "", false
}

// closestAll returns the known words nearest to name, all at the same edit
// distance of at most suggestDistance, at most limit of them.
func closestAll(name string, known []string, limit int) []string {
	maxDistance := suggestDistance(name)
	length := utf8.RuneCountInString(name)
	distances := make([]int, len(known))
	for i, k := range known {
		// Words whose lengths differ by more than maxDistance are further
		// apart than that, so the costly comparison is skipped.
		if diff := utf8.RuneCountInString(k) - length; diff > maxDistance || -diff > maxDistance {
			distances[i] = maxDistance + 1
			continue
		}
		distances[i] = editDistance(name, k)
	}
	for d := 0; d <= maxDistance; d++ {
		var out []string
		for i, k := range known {
			if len(out) < limit && distances[i] == d {
				out = append(out, k)
			}
		}
		if len(out) > 0 {
			return out
		}
	}
	return nil
}

// maxEditLength bounds the strings editDistance compares, so a long key in a
// hostile file costs little: longer strings count as far from everything.
const maxEditLength = 64

// editDistance returns the optimal string alignment distance between a and
// b, counted in runes: the insertions, deletions, substitutions and swaps of
// adjacent runes that turn a into b, so "epx" is 1 from "exp".
func editDistance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	if len(ra) > maxEditLength || len(rb) > maxEditLength {
		return maxEditLength
	}
	// rows[i][j] is the distance between ra[:i] and rb[:j].
	rows := make([][]int, len(ra)+1)
	for i := range rows {
		rows[i] = make([]int, len(rb)+1)
		rows[i][0] = i
	}
	for j := range rows[0] {
		rows[0][j] = j
	}
	for i := 1; i <= len(ra); i++ {
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			d := min(rows[i-1][j]+1, rows[i][j-1]+1, rows[i-1][j-1]+cost)
			if i > 1 && j > 1 && ra[i-1] == rb[j-2] && ra[i-2] == rb[j-1] {
				d = min(d, rows[i-2][j-2]+1)
			}
			rows[i][j] = d
		}
	}
	return rows[len(ra)][len(rb)]
}

// quoteList formats names as "a", "b", "c".
func quoteList(names []string) string {
	quoted := make([]string, len(names))
	for i, n := range names {
		quoted[i] = fmt.Sprintf("%q", n)
	}
	return strings.Join(quoted, ", ")
}

// isExportedIdent reports whether s is an exported Go identifier made of
// ASCII letters, digits and underscores.
func isExportedIdent(s string) bool {
	if s == "" || s[0] < 'A' || s[0] > 'Z' {
		return false
	}
	for _, r := range s {
		if !isIdentRune(r) {
			return false
		}
	}
	return true
}

func isIdentRune(r rune) bool {
	return r == '_' || (r >= 'a' && r <= 'z') || (r >= 'A' && r <= 'Z') || (r >= '0' && r <= '9')
}

// exportedIdentFor turns s into an exported Go identifier in mixed caps by
// dropping underscores and the characters an identifier cannot hold and
// capitalizing the word after each, so "orders-access" becomes
// "OrdersAccess". It returns "" when no
// identifier results.
func exportedIdentFor(s string) string {
	var b strings.Builder
	upper := true
	for _, r := range s {
		if r > unicode.MaxASCII || !isIdentRune(r) || r == '_' {
			upper = true
			continue
		}
		if upper {
			r = unicode.ToUpper(r)
			upper = false
		}
		b.WriteRune(r)
	}
	if out := b.String(); isExportedIdent(out) {
		return out
	}
	return ""
}

// identHint is the hint for a name that must be an exported Go identifier.
func identHint(s string) string {
	if fixed := exportedIdentFor(s); fixed != "" {
		return fmt.Sprintf("write %q: names start with an upper-case letter and hold only letters, digits and underscores", fixed)
	}
	return "names start with an upper-case letter and hold only letters, digits and underscores"
}
