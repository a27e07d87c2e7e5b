package main

import (
	"errors"
	"fmt"
	"io/fs"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/jwtgen/jwtgen/spec"
)

// checkFlags are the flags of "jwtgen check".
type checkFlags struct {
	strict  bool
	at      string
	verbose bool
}

func newCheckCommand(env *environment) *cobra.Command {
	var flags checkFlags
	cmd := &cobra.Command{
		Use:   "check [flags] FILE...",
		Short: "Report errors and warnings in contract files",
		Long: `Check loads each contract file and prints its errors and the warnings of
the lints, one per line as FILE:LINE:COL: SEVERITY: MESSAGE [RULE], to stdout,
then a count of each on stderr. With -v it also prints, for each contract of
several versions without errors, how the tokens of each version upgrade to
the next and whether claims of the next convert back. It exits with status 0
when no contract has an error (or, with --strict, a warning), and 1
otherwise.`,
		Example: `  jwtgen check orders.jwt.yaml
  jwtgen check -v orders.jwt.yaml
  jwtgen check --strict --at 2027-02-01T00:00:00Z tokens/*.jwt.yaml`,
		Args: requireFiles,
		RunE: func(cmd *cobra.Command, args []string) error {
			return runCheck(env, flags, args)
		},
	}
	f := cmd.Flags()
	f.BoolVar(&flags.strict, "strict", false, "exit with status 1 on warnings too")
	f.StringVar(&flags.at, "at", "", "judge dates such as issue_until and accept_until as of `TIME`, an RFC 3339 timestamp (default now)")
	f.BoolVarP(&flags.verbose, "verbose", "v", false, "also print how each version's claims upgrade to the next version and downgrade back")
	return cmd
}

func runCheck(env *environment, flags checkFlags, contracts []string) error {
	at := time.Now()
	if flags.at != "" {
		t, err := time.Parse(time.RFC3339, flags.at)
		if err != nil {
			return usagef("check: invalid --at %q: use an RFC 3339 timestamp such as 2027-03-01T00:00:00Z", flags.at)
		}
		at = t
	}

	var errorCount, warningCount int
	for _, contract := range contracts {
		c, diags := checkContract(contract, at)
		for _, d := range diags {
			fmt.Fprintln(env.stdout, d.String())
		}
		if flags.verbose && c != nil {
			fmt.Fprint(env.stdout, adapterReport(c))
		}
		errorCount += countSeverity(diags, spec.SeverityError)
		warningCount += countSeverity(diags, spec.SeverityWarning)
	}

	summary := plural(errorCount, "error") + ", " + plural(warningCount, "warning")
	switch {
	case errorCount > 0:
		return errors.New(summary)
	case warningCount > 0 && flags.strict:
		return fmt.Errorf("%s; --strict fails on warnings", summary)
	case warningCount > 0:
		fmt.Fprintf(env.stderr, "jwtgen: %s\n", summary)
	}
	return nil
}

// checkContract loads one contract file and returns it with its
// diagnostics: the loader's errors and no contract when it fails to load,
// else the lint warnings at time at.
func checkContract(path string, at time.Time) (*spec.Contract, spec.Diagnostics) {
	c, err := spec.Load(path)
	if err != nil {
		var diags spec.Diagnostics
		if errors.As(err, &diags) {
			return nil, diags
		}

		// A file that cannot be read has no position but its name.
		msg := err.Error()
		var pathErr *fs.PathError
		if errors.As(err, &pathErr) {
			msg = "cannot read the file: " + pathErr.Err.Error()
		}
		return nil, spec.Diagnostics{{Pos: spec.Pos{File: path}, Severity: spec.SeverityError, Message: msg}}
	}

	diags := spec.Lint(c, at)
	diags.Sort()
	return c, diags
}

// adapterReport describes, for each pair of adjacent versions of c, the
// upgrade from the older to the newer and the downgrade back:
//
//	OrdersAccess v1 -> v2: upgrade automatic
//	  tenant_id: renamed from tenant, optional to required, default "legacy"
//	  sub: from uid
//	OrdersAccess v2 -> v1: downgrade available
//
// The members of an object claim follow their claim, indented further. It
// returns "" for a contract of one version.
func adapterReport(c *spec.Contract) string {
	var b strings.Builder
	for i := 1; i < len(c.Versions); i++ {
		older, newer := c.Versions[i-1], c.Versions[i]
		up := spec.PlanUpgrade(older, newer)
		fmt.Fprintf(&b, "%s v%d -> v%d: upgrade %s\n", c.Name, older.Number, newer.Number, up.Verdict())
		writeSteps(&b, up.Steps, "  ")
		for _, r := range up.Registered {
			fmt.Fprintf(&b, "  %s: %s\n", r.Claim, r.Describe())
		}
		down := spec.PlanDowngrade(newer, older)
		fmt.Fprintf(&b, "%s v%d -> v%d: downgrade %s\n", c.Name, newer.Number, older.Number, down.Verdict())
	}
	return b.String()
}

// writeSteps writes one line per step, members below their claim.
func writeSteps(b *strings.Builder, steps []*spec.Step, indent string) {
	for _, s := range steps {
		fmt.Fprintf(b, "%s%s: %s\n", indent, s.Path, s.Describe())
		writeSteps(b, s.Members, indent+"  ")
	}
}
