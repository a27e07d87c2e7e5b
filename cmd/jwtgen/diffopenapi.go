package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"text/tabwriter"

	"github.com/jwtgen/jwtgen/contractdiff"
	"github.com/jwtgen/jwtgen/openapi"
	"github.com/jwtgen/jwtgen/spec"
)

// diffDocuments compares two revisions of an OpenAPI document when the
// newer file is one. ok is false when it is a contract file, which
// diffReport compares instead.
func diffDocuments(ctx context.Context, env *environment, flags diffFlags, args []string) (report *contractdiff.Report, ok bool, err error) {
	newPath := args[len(args)-1]
	newData, err := os.ReadFile(newPath)
	if err != nil || !openapi.IsDocument(newData) {
		// A file that cannot be read is reported by the contract loader.
		return nil, false, nil
	}

	var oldPath string
	var oldData []byte
	switch {
	case flags.against != "":
		oldPath = args[0]
		oldData, err = gitShow(ctx, strings.TrimPrefix(flags.against, "git:"), args[0])
		if err != nil {
			return nil, true, &directiveError{err: err}
		}
	case len(args) == 2:
		oldPath = args[0]
		if oldData, err = os.ReadFile(oldPath); err != nil {
			return nil, true, &directiveError{err: fmt.Errorf("read OpenAPI document: %w", err)}
		}
	default:
		return nil, true, usagef("diff: %s is an OpenAPI document: give the older revision too, as OLD NEW or with --against git:REF", newPath)
	}

	older, err := parseSecurityForDiff(env, oldPath, oldData)
	if err != nil {
		return nil, true, err
	}
	newer, err := parseSecurityForDiff(env, newPath, newData)
	if err != nil {
		return nil, true, err
	}
	return openapi.Diff(older, newer), true, nil
}

// parseSecurityForDiff reads the operations of a document and prints its
// diagnostics to stderr when it is invalid.
func parseSecurityForDiff(env *environment, path string, data []byte) (*openapi.Document, error) {
	doc, err := openapi.ParseSecurity(path, data)
	var diags spec.Diagnostics
	if errors.As(err, &diags) {
		fmt.Fprintln(env.stderr, diags.Error())
		return nil, fmt.Errorf("%s in %s", plural(countSeverity(diags, spec.SeverityError), "error"), path)
	}
	return doc, err
}

// writeOpenAPIRules writes the rules of OpenAPI diffs after a blank line,
// in the columns of contractdiff.WriteRules.
func writeOpenAPIRules(w io.Writer) error {
	tw := tabwriter.NewWriter(w, 0, 8, 2, ' ', 0)
	fmt.Fprintln(tw, "\nOPENAPI RULE\tVERIFIERS\tISSUERS\tADAPTERS\tPURPOSE")
	for _, r := range openapi.DiffRules {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", r.ID, r.Verifiers, r.Issuers, r.Adapters, r.Purpose)
	}
	return tw.Flush()
}
