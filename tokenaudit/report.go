package tokenaudit

import (
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"
)

// Formats of an audit report.
const (
	FormatText     = "text"
	FormatJSON     = "json"
	FormatMarkdown = "markdown"
)

// Formats lists the formats that WriteSummary writes.
var Formats = []string{FormatText, FormatJSON, FormatMarkdown}

// WriteSummary writes s in format, one of Formats.
func WriteSummary(w io.Writer, s *Summary, format string) error {
	switch format {
	case FormatText:
		return writeText(w, s)
	case FormatJSON:
		enc := json.NewEncoder(w)
		enc.SetEscapeHTML(false)
		enc.SetIndent("", "  ")
		return enc.Encode(s)
	case FormatMarkdown:
		return writeMarkdown(w, s)
	}
	return fmt.Errorf("unknown format %q: use one of %s", format, strings.Join(Formats, ", "))
}

// versionName writes a version number, or "unknown" for 0.
func versionName(n int) string {
	if n == 0 {
		return "unknown"
	}
	return strconv.Itoa(n)
}

// valueName writes an issuer or key ID, or "(none)" when it is empty.
func valueName(v string) string {
	if v == "" {
		return "(none)"
	}
	return v
}

func percent(p float64) string {
	return strconv.FormatFloat(p, 'f', 2, 64) + "%"
}

// signatureNote says whether signatures were checked.
func signatureNote(s *Summary) string {
	if s.SignatureChecked {
		return "Signatures: checked."
	}
	return "Signatures: NOT CHECKED, because no key was given (use --key or --jwks). Every other rule was checked."
}

func writeText(w io.Writer, s *Summary) error {
	var b strings.Builder
	fmt.Fprintf(&b, "Audit of %s tokens at %s\n", s.Contract, s.At.Format(time.RFC3339))
	fmt.Fprintf(&b, "Inputs: %s\n", strings.Join(s.Inputs, ", "))
	b.WriteString(signatureNote(s) + "\n")
	fmt.Fprintf(&b, "Lines: %d, tokens: %d, accepted: %d, rejected: %d, bad input: %d\n",
		s.Lines, s.Tokens, s.Accepted, s.Rejected, s.BadInput)

	if s.BadInput > 0 {
		fmt.Fprintf(&b, "\nBad input (%s", plural(s.BadInput, "line"))
		if int64(len(s.BadLines)) < s.BadInput {
			fmt.Fprintf(&b, ", the first %d listed", len(s.BadLines))
		}
		b.WriteString("):\n")
		for _, l := range s.BadLines {
			fmt.Fprintf(&b, "  %s:%d: %s\n", l.Input, l.Line, l.Reason)
		}
	}

	b.WriteString("\nVersions:\n")
	tw := tabwriter.NewWriter(&b, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "  VERSION\tSTATUS\tTOKENS\tSHARE\tACCEPTED\tREJECTED")
	for _, v := range s.Versions {
		fmt.Fprintf(tw, "  %s\t%s\t%d\t%s\t%d\t%d\n", versionName(v.Version), v.Status, v.Tokens, percent(v.Percent), v.Accepted, v.Rejected)
	}
	tw.Flush()

	b.WriteString("\nRejections by reason:\n")
	writeReasonsText(&b, s.Reasons)

	for _, list := range []struct {
		title  string
		values []ValueCount
	}{{"Issuers", s.Issuers}, {"Key IDs", s.KeyIDs}} {
		fmt.Fprintf(&b, "\n%s:\n", list.title)
		tw := tabwriter.NewWriter(&b, 0, 0, 2, ' ', 0)
		fmt.Fprintln(tw, "  TOKENS\tREJECTED\tVALUE")
		for _, v := range list.values {
			fmt.Fprintf(tw, "  %d\t%d\t%s\n", v.Tokens, v.Rejected, valueName(v.Value))
		}
		tw.Flush()
	}

	if r := s.Retire; r != nil {
		fmt.Fprintf(&b, "\nRetiring version %d at %s would reject %s (%s of all tokens).\n",
			r.Version, s.At.Format(time.RFC3339), plural(r.Tokens, "accepted token"), percent(r.Percent))
		writeExamplesText(&b, r.Examples, "  ")
	}
	if c := s.Candidate; c != nil {
		fmt.Fprintf(&b, "\nEnforcing candidate %s would reject %s (%s of all tokens).\n",
			c.Name, plural(c.Tokens, "accepted token"), percent(c.Percent))
		if len(c.Reasons) > 0 {
			writeReasonsText(&b, c.Reasons)
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}

func writeReasonsText(b *strings.Builder, reasons []ReasonCount) {
	if len(reasons) == 0 {
		b.WriteString("  none\n")
		return
	}
	for _, r := range reasons {
		fmt.Fprintf(b, "  %s (%s): %s\n", plural(r.Tokens, "token"), percent(r.Percent), reasonTitle(r))
		writeExamplesText(b, r.Examples, "    ")
	}
}

// reasonTitle writes a reason as `"claim": detail [rule]`.
func reasonTitle(r ReasonCount) string {
	s := r.Detail + " [" + r.Rule + "]"
	if r.Claim != "" {
		s = strconv.Quote(r.Claim) + ": " + s
	}
	return s
}

func writeExamplesText(b *strings.Builder, list []Example, indent string) {
	for _, e := range list {
		fmt.Fprintf(b, "%sexample %s:%d, version %s: %s\n", indent, e.Input, e.Line, versionName(e.Version), payloadText(e.Payload))
	}
}

func payloadText(p json.RawMessage) string {
	if p == nil {
		return "(payload is not JSON)"
	}
	return string(p)
}

func writeMarkdown(w io.Writer, s *Summary) error {
	var b strings.Builder
	fmt.Fprintf(&b, "# Audit of %s tokens\n\n", s.Contract)
	fmt.Fprintf(&b, "At %s, inputs: %s.\n\n", s.At.Format(time.RFC3339), mdCode(strings.Join(s.Inputs, ", ")))
	b.WriteString(signatureNote(s) + "\n\n")
	b.WriteString("| lines | tokens | accepted | rejected | bad input |\n| ---: | ---: | ---: | ---: | ---: |\n")
	fmt.Fprintf(&b, "| %d | %d | %d | %d | %d |\n", s.Lines, s.Tokens, s.Accepted, s.Rejected, s.BadInput)

	if s.BadInput > 0 {
		b.WriteString("\n## Bad input\n\n")
		for _, l := range s.BadLines {
			fmt.Fprintf(&b, "- %s: %s\n", mdCode(fmt.Sprintf("%s:%d", l.Input, l.Line)), mdEscape(l.Reason))
		}
		if int64(len(s.BadLines)) < s.BadInput {
			fmt.Fprintf(&b, "- and %d more lines\n", s.BadInput-int64(len(s.BadLines)))
		}
	}

	b.WriteString("\n## Versions\n\n| version | status | tokens | share | accepted | rejected |\n| --- | --- | ---: | ---: | ---: | ---: |\n")
	for _, v := range s.Versions {
		fmt.Fprintf(&b, "| %s | %s | %d | %s | %d | %d |\n", versionName(v.Version), v.Status, v.Tokens, percent(v.Percent), v.Accepted, v.Rejected)
	}

	b.WriteString("\n## Rejections by reason\n\n")
	writeReasonsMarkdown(&b, s.Reasons)

	for _, list := range []struct {
		title  string
		values []ValueCount
	}{{"Issuers", s.Issuers}, {"Key IDs", s.KeyIDs}} {
		fmt.Fprintf(&b, "\n## %s\n\n| value | tokens | rejected |\n| --- | ---: | ---: |\n", list.title)
		for _, v := range list.values {
			fmt.Fprintf(&b, "| %s | %d | %d |\n", mdCell(valueName(v.Value)), v.Tokens, v.Rejected)
		}
	}

	if r := s.Retire; r != nil {
		fmt.Fprintf(&b, "\n## Retiring version %d\n\nRetiring version %d at %s would reject %s (%s of all tokens).\n",
			r.Version, r.Version, s.At.Format(time.RFC3339), plural(r.Tokens, "accepted token"), percent(r.Percent))
		writeExamplesMarkdown(&b, r.Examples)
	}
	if c := s.Candidate; c != nil {
		fmt.Fprintf(&b, "\n## Candidate %s\n\nEnforcing the candidate would reject %s (%s of all tokens).\n\n",
			mdCode(c.Name), plural(c.Tokens, "accepted token"), percent(c.Percent))
		writeReasonsMarkdown(&b, c.Reasons)
	}
	_, err := io.WriteString(w, b.String())
	return err
}

func writeReasonsMarkdown(b *strings.Builder, reasons []ReasonCount) {
	if len(reasons) == 0 {
		b.WriteString("None.\n")
		return
	}
	b.WriteString("| rule | claim | tokens | share | detail |\n| --- | --- | ---: | ---: | --- |\n")
	for _, r := range reasons {
		claim := ""
		if r.Claim != "" {
			claim = mdCell(r.Claim)
		}
		fmt.Fprintf(b, "| %s | %s | %d | %s | %s |\n", r.Rule, claim, r.Tokens, percent(r.Percent), mdEscape(r.Detail))
	}
	for _, r := range reasons {
		if len(r.Examples) == 0 {
			continue
		}
		fmt.Fprintf(b, "\nExamples of %s:\n", mdEscape(reasonTitle(r)))
		writeExamplesMarkdown(b, r.Examples)
	}
}

func writeExamplesMarkdown(b *strings.Builder, list []Example) {
	for _, e := range list {
		fmt.Fprintf(b, "- %s, version %s: %s\n", mdCode(fmt.Sprintf("%s:%d", e.Input, e.Line)), versionName(e.Version), mdCode(payloadText(e.Payload)))
	}
}

// mdCode writes s as inline code, with a fence longer than any run of
// backticks in s.
func mdCode(s string) string {
	fence := "`"
	for strings.Contains(s, fence) {
		fence += "`"
	}
	if strings.HasPrefix(s, "`") || strings.HasSuffix(s, "`") {
		s = " " + s + " "
	}
	return fence + s + fence
}

// mdCell writes s as inline code in a table cell, where a "|" ends the
// cell even inside code unless it is escaped.
func mdCell(s string) string {
	return strings.ReplaceAll(mdCode(s), "|", `\|`)
}

// mdEscape escapes the characters that end a table cell or start markup.
func mdEscape(s string) string {
	r := strings.NewReplacer("|", `\|`, "*", `\*`, "_", `\_`, "`", "\\`", "<", "&lt;", "\n", " ")
	return r.Replace(s)
}

// plural writes n and noun, with an "s" unless n is 1.
func plural(n int64, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return strconv.FormatInt(n, 10) + " " + noun + "s"
}
