package contractdocs

import (
	"bytes"
	"fmt"
	"slices"
	"time"

	"github.com/jwtgen/jwtgen/spec"
)

// timelineMargin is how far the chart reaches before the first date and
// after the last one of the contract, where bars without a start or an
// end date begin or stop.
const timelineMargin = 30 * 24 * time.Hour

// writeTimeline writes a Mermaid gantt chart with two bars per version:
// the days it is issued, up to issue_until, and the overlap window after
// that, up to accept_until, in which verifiers still accept the tokens
// already minted. The contract gives no start date, so a version's first
// bar starts at the previous version's issue_until, when issuers must have
// moved to it, or at the start of the chart. A bar without an end date
// reaches the end of the chart.
func writeTimeline(b *bytes.Buffer, c *spec.Contract) {
	var dates []time.Time
	for _, v := range c.Versions {
		for _, t := range []*time.Time{v.IssueUntil, v.AcceptUntil} {
			if t != nil {
				dates = append(dates, t.UTC())
			}
		}
	}
	b.WriteString("## Timeline\n\n")
	if len(dates) == 0 {
		b.WriteString("No version has an issue_until or accept_until, so every version is issued and accepted without an end date.\n\n")
		return
	}
	first := slices.MinFunc(dates, time.Time.Compare).Add(-timelineMargin)
	last := slices.MaxFunc(dates, time.Time.Compare).Add(timelineMargin)
	day := func(t time.Time) string { return t.Format(time.DateOnly) }

	b.WriteString("Each version is issued until its issue_until; its tokens are accepted until its accept_until. ")
	fmt.Fprintf(b, "Bars that start on %s or end on %s have no date in the contract.\n\n", day(first), day(last))
	b.WriteString("```mermaid\ngantt\n")
	b.WriteString("    dateFormat YYYY-MM-DD\n    axisFormat %Y-%m-%d\n")
	fmt.Fprintf(b, "    title %s versions\n", c.Name)

	start := first
	for _, v := range c.Versions {
		fmt.Fprintf(b, "    section Version %d (%s)\n", v.Number, v.Status)
		issueEnd := last
		if v.IssueUntil != nil {
			issueEnd = v.IssueUntil.UTC()
		}
		if issueEnd.After(start) {
			fmt.Fprintf(b, "    issued :v%dissued, %s, %s\n", v.Number, day(start), day(issueEnd))
		}
		acceptEnd := last
		if v.AcceptUntil != nil {
			acceptEnd = v.AcceptUntil.UTC()
		}
		if acceptEnd.After(issueEnd) {
			fmt.Fprintf(b, "    accepted, no longer issued :v%daccepted, %s, %s\n", v.Number, day(issueEnd), day(acceptEnd))
		}
		if v.IssueUntil != nil && v.IssueUntil.UTC().After(start) {
			start = v.IssueUntil.UTC()
		}
	}
	b.WriteString("```\n\n")
}
