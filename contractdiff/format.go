package contractdiff

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"

	"github.com/jwtgen/jwtgen/spec"
)

// severity returns "error" for an unsafe change, "warning" for one that
// needs an overlap window and "info" for a compatible one.
func (c *Change) severity() string {
	switch {
	case c.Unsafe:
		return "error"
	case c.Verifiers != Compatible || c.Issuers != Compatible:
		return "warning"
	}
	return "info"
}

// versions writes the versions compared: "v1 -> v2", "v1 (in place)", or
// "contract".
func (c *Change) versions() string {
	switch {
	case c.Older == 0 && c.Newer == 0:
		return "contract"
	case c.InPlace:
		return fmt.Sprintf("v%d (in place)", c.Newer)
	}
	return fmt.Sprintf("v%d -> v%d", c.Older, c.Newer)
}

// adapters writes the coverage, with what the upgrade does when known.
func (c *Change) adapters() string {
	if c.Upgrade == "" {
		return string(c.Adapters)
	}
	return fmt.Sprintf("%s (%s)", c.Adapters, c.Upgrade)
}

// WriteText writes one change per line as
//
//	FILE:LINE:COL: SEVERITY: CONTRACT VERSIONS: MESSAGE [RULE]
//
// followed by an indented line with the impacts and the adapter coverage.
// SEVERITY is error for an unsafe change, warning for one that needs an
// overlap window and info for a compatible one.
func WriteText(w io.Writer, r *Report) error {
	var b strings.Builder
	for _, c := range r.Changes {
		fmt.Fprintf(&b, "%s: %s: %s %s: %s [%s]\n", c.Pos(), c.severity(), c.Contract, c.versions(), c.Message, c.Rule)
		fmt.Fprintf(&b, "\tverifiers: %s, issuers: %s, adapters: %s\n", c.Verifiers, c.Issuers, c.adapters())
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// jsonPos is a position in the JSON output.
type jsonPos struct {
	File string `json:"file"`
	Line int    `json:"line"`
	Col  int    `json:"col"`
}

func newJSONPos(p spec.Pos) *jsonPos {
	if p.Line == 0 {
		return nil
	}
	return &jsonPos{File: p.File, Line: p.Line, Col: p.Col}
}

// jsonChange is a change in the JSON output.
type jsonChange struct {
	Rule      string   `json:"rule"`
	Severity  string   `json:"severity"`
	Contract  string   `json:"contract"`
	Older     int      `json:"older_version,omitempty"`
	Newer     int      `json:"newer_version,omitempty"`
	InPlace   bool     `json:"in_place,omitempty"`
	Subject   string   `json:"subject,omitempty"`
	Message   string   `json:"message"`
	Verifiers Impact   `json:"verifiers"`
	Issuers   Impact   `json:"issuers"`
	Adapters  Coverage `json:"adapters"`
	Upgrade   string   `json:"upgrade,omitempty"`
	Unsafe    bool     `json:"unsafe"`
	Old       *jsonPos `json:"old,omitempty"`
	New       *jsonPos `json:"new,omitempty"`
}

// WriteJSON writes the report as one JSON object: "changes", an array with
// the fields of each Change and its old and new positions, and "unsafe",
// the number of unsafe changes.
func WriteJSON(w io.Writer, r *Report) error {
	out := struct {
		Changes []jsonChange `json:"changes"`
		Unsafe  int          `json:"unsafe"`
	}{Changes: []jsonChange{}, Unsafe: len(r.Unsafe())}
	for _, c := range r.Changes {
		out.Changes = append(out.Changes, jsonChange{
			Rule: c.Rule, Severity: c.severity(), Contract: c.Contract,
			Older: c.Older, Newer: c.Newer, InPlace: c.InPlace, Subject: c.Subject,
			Message: c.Message, Verifiers: c.Verifiers, Issuers: c.Issuers,
			Adapters: c.Adapters, Upgrade: c.Upgrade, Unsafe: c.Unsafe,
			Old: newJSONPos(c.OldPos), New: newJSONPos(c.NewPos),
		})
	}
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(out); err != nil {
		return fmt.Errorf("write the diff as JSON: %w", err)
	}
	return nil
}

// WriteGitHub writes one GitHub Actions workflow command per change:
//
//	::error file=F,line=L,col=C,title=RULE::MESSAGE
//
// error for an unsafe change, warning for one that needs an overlap window
// and notice for a compatible one. The position is that of the new side,
// or of the old side for a removal.
func WriteGitHub(w io.Writer, r *Report) error {
	var b strings.Builder
	for _, c := range r.Changes {
		level := c.severity()
		if level == "info" {
			level = "notice"
		}
		pos := c.Pos()
		fmt.Fprintf(&b, "::%s file=%s,line=%d,col=%d,title=%s::%s\n", level,
			escapeProperty(pos.File), pos.Line, pos.Col, escapeProperty(c.Rule),
			escapeData(fmt.Sprintf("%s %s: %s (verifiers: %s, issuers: %s, adapters: %s)", c.Contract, c.versions(), c.Message, c.Verifiers, c.Issuers, c.adapters())))
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// escapeData escapes the message of a workflow command.
func escapeData(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A").Replace(s)
}

// escapeProperty escapes a property value of a workflow command.
func escapeProperty(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A", ":", "%3A", ",", "%2C").Replace(s)
}
