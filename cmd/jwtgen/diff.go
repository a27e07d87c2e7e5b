package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os/exec"
	"path/filepath"
	"strings"

	"github.com/spf13/cobra"

	"github.com/jwtgen/jwtgen/contractdiff"
	"github.com/jwtgen/jwtgen/spec"
)

// diffFlags are the flags of "jwtgen diff".
type diffFlags struct {
	against string
	format  string
	rules   bool
}

// diffFormats maps each --format value to its writer.
var diffFormats = map[string]func(io.Writer, *contractdiff.Report) error{
	"text":   contractdiff.WriteText,
	"json":   contractdiff.WriteJSON,
	"github": contractdiff.WriteGitHub,
}

func newDiffCommand(env *environment) *cobra.Command {
	var flags diffFlags
	cmd := &cobra.Command{
		Use:   "diff [flags] FILE | OLD NEW | FILE --against git:REF",
		Short: "Classify the changes between contract versions by impact",
		Long: `Diff lists each change between versions of a contract with the rule that
reports it, its impact on verifiers and on issuers (compatible, overlap or
breaking) and whether the newer version's upgrade adapter covers it.

With one FILE it compares each version with the version before it. With
OLD and NEW it compares versions with the same number for edits in place,
and each other version of NEW with the version before it. With --against
git:REF it compares FILE with the same file at REF, read with git show in
the file's repository.

When the files are OpenAPI documents (their top-level key is openapi),
diff compares the security requirements of each operation instead: a
scope or an alternative requirement object added or removed, and
credentials that became required or optional. An OpenAPI document needs
OLD and NEW, or --against.

Diff exits with status 1 when a change is unsafe: a published version
edited in place, a breaking change, an upgrade adapter that cannot be
generated, or a version retired without an overlap window.`,
		Example: `  jwtgen diff orders.jwt.yaml
  jwtgen diff old/orders.jwt.yaml orders.jwt.yaml
  jwtgen diff --against git:main openapi.yaml
  jwtgen diff --against git:origin/main --format github tokens/orders.jwt.yaml
  jwtgen diff --rules`,
		Args: func(cmd *cobra.Command, args []string) error {
			switch {
			case flags.rules && len(args) > 0:
				return usagef("%s: --rules takes no file; run '%s -h' for usage", cmd.Name(), cmd.CommandPath())
			case flags.rules:
				return nil
			case len(args) == 0:
				return usagef("%s: missing contract file; run '%s -h' for usage", cmd.Name(), cmd.CommandPath())
			case len(args) > 2:
				return usagef("%s: too many arguments: give FILE, or OLD and NEW; run '%s -h' for usage", cmd.Name(), cmd.CommandPath())
			case len(args) == 2 && flags.against != "":
				return usagef("%s: --against takes one FILE, not OLD and NEW", cmd.Name())
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			write, ok := diffFormats[flags.format]
			if !ok {
				return usagef("%s: invalid --format %q: use text, json or github", cmd.Name(), flags.format)
			}
			if flags.against != "" && !strings.HasPrefix(flags.against, "git:") || flags.against == "git:" {
				return usagef("%s: invalid --against %q: use git:REF, such as git:main", cmd.Name(), flags.against)
			}
			if flags.rules {
				if err := contractdiff.WriteRules(env.stdout); err != nil {
					return err
				}
				return writeOpenAPIRules(env.stdout)
			}
			return runDiff(cmd.Context(), env, flags, write, args)
		},
	}
	f := cmd.Flags()
	f.StringVar(&flags.against, "against", "", "compare FILE with the same file at git:`REF`, such as git:main")
	f.StringVar(&flags.format, "format", "text", "output `FORMAT`: text, json, or github (workflow annotations)")
	f.BoolVar(&flags.rules, "rules", false, "print every rule, of contracts and of OpenAPI documents, with its impacts and adapter coverage, and exit")
	return cmd
}

func runDiff(ctx context.Context, env *environment, flags diffFlags, write func(io.Writer, *contractdiff.Report) error, args []string) error {
	report, err := diffReport(ctx, env, flags, args)
	if err != nil {
		return err
	}

	if err := write(env.stdout, report); err != nil {
		return err
	}

	if unsafe := len(report.Unsafe()); unsafe > 0 {
		return fmt.Errorf("%d of %s unsafe", unsafe, plural(len(report.Changes), "change"))
	}
	return nil
}

// diffReport loads the contracts that args and flags name and compares
// them.
func diffReport(ctx context.Context, env *environment, flags diffFlags, args []string) (*contractdiff.Report, error) {
	if report, ok, err := diffDocuments(ctx, env, flags, args); ok || err != nil {
		return report, err
	}
	newer, err := loadForDiff(env, args[len(args)-1], nil)
	if err != nil {
		return nil, err
	}
	switch {
	case flags.against != "":
		data, err := gitShow(ctx, strings.TrimPrefix(flags.against, "git:"), args[0])
		if err != nil {
			return nil, &directiveError{err: err}
		}
		older, err := loadForDiff(env, args[0], data)
		if err != nil {
			return nil, err
		}
		return contractdiff.Files(older, newer), nil
	case len(args) == 2:
		older, err := loadForDiff(env, args[0], nil)
		if err != nil {
			return nil, err
		}
		return contractdiff.Files(older, newer), nil
	}
	return contractdiff.Versions(newer), nil
}

// loadForDiff loads the contract at path, or parses data under that path
// when data is not nil. It prints the diagnostics of an invalid contract to
// stderr.
func loadForDiff(env *environment, path string, data []byte) (*spec.Contract, error) {
	var c *spec.Contract
	var err error
	if data == nil {
		c, err = spec.Load(path)
	} else {
		c, err = spec.Parse(path, data)
	}
	var diags spec.Diagnostics
	if errors.As(err, &diags) {
		fmt.Fprintln(env.stderr, diags.Error())
		return nil, fmt.Errorf("%s in %s", plural(countSeverity(diags, spec.SeverityError), "error"), path)
	}
	if err != nil {
		return nil, &directiveError{err: err}
	}
	return c, nil
}

// gitShow returns the contents of the file at path as of ref, with "git
// show REF:PATH" run in the repository that holds path, PATH being
// relative to the repository's root.
func gitShow(ctx context.Context, ref, path string) ([]byte, error) {
	abs, err := filepath.Abs(path)
	if err != nil {
		return nil, fmt.Errorf("resolve %s: %w", path, err)
	}
	dir := filepath.Dir(abs)
	top, err := runGit(ctx, dir, "rev-parse", "--show-toplevel")
	if err != nil {
		return nil, fmt.Errorf("find the git repository of %s: %w", path, err)
	}
	root := strings.TrimSpace(string(top))

	// The work tree root may be reached through a symbolic link, as a
	// temporary directory often is, so compare resolved paths.
	if resolved, err := filepath.EvalSymlinks(dir); err == nil {
		abs = filepath.Join(resolved, filepath.Base(abs))
	}
	if resolved, err := filepath.EvalSymlinks(root); err == nil {
		root = resolved
	}
	rel, err := filepath.Rel(root, abs)
	if err != nil || strings.HasPrefix(rel, "..") {
		return nil, fmt.Errorf("%s is outside the git repository at %s", path, root)
	}

	data, err := runGit(ctx, root, "show", ref+":"+filepath.ToSlash(rel))
	if err != nil {
		return nil, fmt.Errorf("read %s at git:%s: %w", filepath.ToSlash(rel), ref, err)
	}
	return data, nil
}

// runGit runs git with args in dir and returns its stdout. The error
// carries git's own message from stderr.
func runGit(ctx context.Context, dir string, args ...string) ([]byte, error) {
	var stdout, stderr bytes.Buffer
	cmd := exec.CommandContext(ctx, "git", args...)
	cmd.Dir = dir
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		if msg := strings.TrimSpace(stderr.String()); msg != "" {
			return nil, fmt.Errorf("git %s: %s: %w", args[0], msg, err)
		}
		return nil, fmt.Errorf("git %s: %w", args[0], err)
	}
	return stdout.Bytes(), nil
}
