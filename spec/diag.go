package spec

import (
	"slices"
	"strings"
)

// Severity tells errors, which stop generation, from warnings, which flag a
// risky but valid contract.
type Severity int

// The severities of a Diagnostic.
const (
	SeverityError Severity = iota
	SeverityWarning
)

func (s Severity) String() string {
	if s == SeverityWarning {
		return "warning"
	}
	return "error"
}

// Diagnostic is one problem found in a contract file.
type Diagnostic struct {
	Pos      Pos
	Severity Severity
	// Rule is an UPPER_SNAKE_CASE identifier for warnings and for errors
	// that have one; empty otherwise.
	Rule string
	// Message is a sentence naming the value and what is wrong with it.
	Message string
	// Hint says what to write instead, or is empty when no fix is known.
	Hint string
}

// String formats d as "path:line:col: severity: message [RULE]", with the
// hint on a second, indented line.
func (d Diagnostic) String() string {
	var b strings.Builder
	b.WriteString(d.Pos.String())
	b.WriteString(": ")
	b.WriteString(d.Severity.String())
	b.WriteString(": ")
	b.WriteString(d.Message)
	if d.Rule != "" {
		b.WriteString(" [")
		b.WriteString(d.Rule)
		b.WriteString("]")
	}
	if d.Hint != "" {
		b.WriteString("\n\thint: ")
		b.WriteString(d.Hint)
	}
	return b.String()
}

// Diagnostics is a list of problems. As an error it stands for every
// problem of a file, sorted by position.
type Diagnostics []Diagnostic

// Error returns one diagnostic per line.
func (ds Diagnostics) Error() string {
	lines := make([]string, len(ds))
	for i, d := range ds {
		lines[i] = d.String()
	}
	return strings.Join(lines, "\n")
}

// Sort orders ds by position, then by message, so output is stable.
func (ds Diagnostics) Sort() {
	slices.SortStableFunc(ds, func(a, b Diagnostic) int {
		switch {
		case a.Pos.Before(b.Pos):
			return -1
		case b.Pos.Before(a.Pos):
			return 1
		}
		return strings.Compare(a.Message, b.Message)
	})
}

// HasErrors reports whether any diagnostic is an error.
func (ds Diagnostics) HasErrors() bool {
	for _, d := range ds {
		if d.Severity == SeverityError {
			return true
		}
	}
	return false
}
