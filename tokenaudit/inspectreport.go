package tokenaudit

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
	"time"
)

// WriteInspectionJSON writes in as indented JSON.
func WriteInspectionJSON(w io.Writer, in *Inspection) error {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	return enc.Encode(in)
}

// WriteInspectionText writes in for people: the verdict, the header and
// payload, the time claims, one line per rule and the upgraded claims.
func WriteInspectionText(w io.Writer, in *Inspection) error {
	var b strings.Builder
	version := "unknown: the token names none of the contract's versions"
	switch {
	case in.Version != 0:
		version = fmt.Sprintf("%d (%s)", in.Version, in.VersionStatus)
	case len(in.Rules) == 1 && in.Rules[0].Rule == "parse":
		version = "not read: the token did not parse"
	}
	verdict := in.Verdict
	if in.Accepted && !in.SignatureChecked {
		verdict += " (signature not checked)"
	}
	fmt.Fprintf(&b, "Contract:  %s\n", in.Contract)
	fmt.Fprintf(&b, "Version:   %s\n", version)
	fmt.Fprintf(&b, "Checked at %s\n", in.At.Format(time.RFC3339))
	// Joined errors span several lines; indent them under the first.
	fmt.Fprintf(&b, "Verdict:   %s\n", strings.ReplaceAll(verdict, "\n", "\n           "))
	if !in.SignatureChecked {
		b.WriteString("Signature: NOT CHECKED: no key given (use --key or --jwks)\n")
	}

	section := func(title string, body json.RawMessage) {
		if body == nil {
			fmt.Fprintf(&b, "\n%s: not valid JSON\n", title)
			return
		}
		fmt.Fprintf(&b, "\n%s:\n", title)
		for _, line := range strings.Split(string(body), "\n") {
			b.WriteString("  " + line + "\n")
		}
	}
	section("Header", in.Header)
	section("Payload", in.Payload)

	if len(in.Times) > 0 {
		b.WriteString("\nTimes:\n")
		tw := tabwriter.NewWriter(&b, 0, 0, 2, ' ', 0)
		for _, t := range in.Times {
			fmt.Fprintf(tw, "  %s\t%s\t%s\n", t.Claim, t.Time.Format(time.RFC3339), t.Relative)
		}
		tw.Flush()
	}

	b.WriteString("\nRules:\n")
	tw := tabwriter.NewWriter(&b, 0, 0, 2, ' ', 0)
	for _, r := range in.Rules {
		note := strings.Join(r.Details, "; ")
		if note == "" && len(r.Checks) > 0 {
			note = strings.Join(r.Checks, ", ")
		}
		fmt.Fprintf(tw, "  %s\t%s\t%s\t%s\n", r.Group, r.Rule, r.Status, note)
	}
	tw.Flush()

	if u := in.Upgrade; u != nil {
		if u.To == in.Version {
			fmt.Fprintf(&b, "\nClaims of version %d, the newest version:\n", u.To)
		} else {
			fmt.Fprintf(&b, "\nUpgraded to version %d, the newest version:\n", u.To)
		}
		if u.Error != "" {
			fmt.Fprintf(&b, "  upgrade failed: %s\n", u.Error)
		} else {
			data, err := indentJSON(u.Payload, "  ")
			if err != nil {
				return err
			}
			b.WriteString("  " + data + "\n")
			for _, h := range u.NeedsHook {
				fmt.Fprintf(&b, "  %s: needs hook (the generated code derives it with an upgrade hook)\n", h)
			}
		}
	}
	_, err := io.WriteString(w, trimLines(b.String()))
	return err
}

// trimLines removes the spaces at the end of each line, which tabwriter
// leaves after a last column that is empty.
func trimLines(s string) string {
	lines := strings.Split(s, "\n")
	for i, line := range lines {
		lines[i] = strings.TrimRight(line, " ")
	}
	return strings.Join(lines, "\n")
}

// indentJSON encodes v as indented JSON, without escaping HTML characters
// and without the final newline, with prefix before every line but the
// first.
func indentJSON(v any, prefix string) (string, error) {
	var b strings.Builder
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	enc.SetIndent(prefix, "  ")
	if err := enc.Encode(v); err != nil {
		return "", err
	}
	return strings.TrimSuffix(b.String(), "\n"), nil
}
