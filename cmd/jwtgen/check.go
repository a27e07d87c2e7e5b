package main

import (
	"errors"
	"fmt"
	"io/fs"
	"time"

	"github.com/spf13/cobra"

	"github.com/jwtgen/jwtgen/spec"
)

// checkFlags are the flags of "jwtgen check".
type checkFlags struct {
	strict bool
	at     string
}

func newCheckCommand(env *environment) *cobra.Command {
	var flags checkFlags
	cmd := &cobra.Command{
		Use:   "check [flags] FILE...",
		Short: "Report errors and warnings in contract files",
		Long: `Check loads each contract file and prints its errors and the warnings of
the lints, one per line as FILE:LINE:COL: SEVERITY: MESSAGE [RULE], to stdout,
then a count of each on stderr. It exits with status 0 when no contract has
an error (or, with --strict, a warning), and 1 otherwise.`,
		Example: `  jwtgen check orders.jwt.yaml
  jwtgen check --strict --at 2027-02-01T00:00:00Z tokens/*.jwt.yaml`,
		Args: requireFiles,
		RunE: func(cmd *cobra.Command, args []string) error {
			return runCheck(env, flags, args)
		},
	}
	f := cmd.Flags()
	f.BoolVar(&flags.strict, "strict", false, "exit with status 1 on warnings too")
	f.StringVar(&flags.at, "at", "", "judge dates such as issue_until and accept_until as of `TIME`, an RFC 3339 timestamp (default now)")
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
		diags := checkContract(contract, at)
		for _, d := range diags {
			fmt.Fprintln(env.stdout, d.String())
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

// checkContract returns the diagnostics of one contract file: the loader's
// errors when it fails to load, else the lint warnings at time at.
func checkContract(path string, at time.Time) spec.Diagnostics {
	c, err := spec.Load(path)
	if err != nil {
		var diags spec.Diagnostics
		if errors.As(err, &diags) {
			return diags
		}

		// A file that cannot be read has no position but its name.
		msg := err.Error()
		var pathErr *fs.PathError
		if errors.As(err, &pathErr) {
			msg = "cannot read the file: " + pathErr.Err.Error()
		}
		return spec.Diagnostics{{Pos: spec.Pos{File: path}, Severity: spec.SeverityError, Message: msg}}
	}

	diags := spec.Lint(c, at)
	diags.Sort()
	return diags
}
