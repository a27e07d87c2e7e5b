package main

import (
	"errors"
	"fmt"
	"path/filepath"
	"strings"

	"github.com/spf13/cobra"

	"github.com/jwtgen/jwtgen/contractdocs"
	"github.com/jwtgen/jwtgen/spec"
)

// docsFlags are the flags of "jwtgen docs".
type docsFlags struct {
	outDir string
}

func newDocsCommand(env *environment) *cobra.Command {
	var flags docsFlags
	cmd := &cobra.Command{
		Use:   "docs -o DIR FILE...",
		Short: "Write a Markdown page for each contract",
		Long: `Docs loads each contract file and writes DIR/BASE.md, where BASE is the
contract file name without .jwt.yaml: the contract summary, a table of its
versions with issue_until and accept_until, a Mermaid gantt chart of those
windows, the token rules and claims of each version, and for each pair of
adjacent versions the changes that "jwtgen diff" reports, with a valid
payload of the older version and the claims it upgrades to.

Docs writes nothing unless every contract loaded and every page rendered,
and it leaves pages whose contents are unchanged untouched.`,
		Example: `  jwtgen docs -o docs tokens/orders.jwt.yaml`,
		Args:    requireFiles,
		RunE: func(cmd *cobra.Command, args []string) error {
			if flags.outDir == "" {
				return usagef("%s: missing -o DIR; run '%s -h' for usage", cmd.Name(), cmd.CommandPath())
			}
			return runDocs(env, flags, args)
		},
	}
	cmd.Flags().StringVarP(&flags.outDir, "output", "o", "", "write the pages to `DIR`, created if missing")
	return cmd
}

func runDocs(env *environment, flags docsFlags, contracts []string) error {
	outputs, err := renderDocs(env, flags, contracts)
	if err != nil {
		return err
	}
	return writeOutputs(outputs)
}

// renderDocs loads every contract and renders its page in memory, as
// renderEach describes.
func renderDocs(env *environment, flags docsFlags, contracts []string) ([]outputFile, error) {
	return renderEach(env, contracts, func(contract string, c *spec.Contract) ([]outputFile, error) {
		source, err := publishedSource(flags.outDir, contract)
		if err != nil {
			return nil, err
		}
		content, err := contractdocs.Render(c, source)
		if err != nil {
			return nil, fmt.Errorf("write the page of %s: %w", contract, err)
		}
		path := filepath.Join(flags.outDir, contractdocs.FileName(contract))
		return []outputFile{{path: path, content: append(content, '\n')}}, nil
	})
}

// renderEach loads every contract and renders its files with render. It
// prints the diagnostics of a contract that fails to load to stderr and
// goes on with the next, so one run reports the errors of every contract.
// Any other failure, or two contracts producing one file, stops it at once.
func renderEach(env *environment, contracts []string, render func(contract string, c *spec.Contract) ([]outputFile, error)) ([]outputFile, error) {
	var outputs []outputFile
	producer := map[string]string{} // output path to the contract that produces it
	errorCount := 0
	var failed []string
	for _, contract := range contracts {
		c, err := spec.Load(contract)
		var diags spec.Diagnostics
		if errors.As(err, &diags) {
			fmt.Fprintln(env.stderr, diags.Error())
			errorCount += countSeverity(diags, spec.SeverityError)
			failed = append(failed, contract)
			continue
		}
		if err != nil {
			return nil, &directiveError{err: err}
		}

		files, err := render(contract, c)
		if err != nil {
			return nil, err
		}
		for _, file := range files {
			if other, ok := producer[file.path]; ok {
				return nil, fmt.Errorf("%s and %s both produce %s; rename one of the contract files", other, contract, file.path)
			}
			producer[file.path] = contract
			outputs = append(outputs, file)
		}
	}

	if len(failed) > 0 {
		return nil, fmt.Errorf("%s in %s; no files written", plural(errorCount, "error"), strings.Join(failed, ", "))
	}
	return outputs, nil
}
