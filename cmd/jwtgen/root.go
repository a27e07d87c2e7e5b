package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
)

// environment is the standard streams and environment variables that the
// subcommands use. Tests fill it with buffers and a fixed environment.
type environment struct {
	stdin  io.Reader
	stdout io.Writer
	stderr io.Writer
	getenv func(string) string
}

// directivePos returns "FILE:LINE" of the //go:generate directive that runs
// the command, from the GOFILE and GOLINE variables that go generate sets,
// or "" when the command does not run under go generate.
func (env *environment) directivePos() string {
	file := env.getenv("GOFILE")
	if file == "" {
		return ""
	}
	if line := env.getenv("GOLINE"); line != "" {
		return file + ":" + line
	}
	return file
}

// usageError is a mistake in the command line: an unknown subcommand or
// flag, a missing or invalid flag value or argument. It makes the command
// exit with status 2.
type usageError struct {
	err error
}

func (e *usageError) Error() string { return e.err.Error() }
func (e *usageError) Unwrap() error { return e.err }

// usagef returns a *usageError with a formatted message.
func usagef(format string, args ...any) error {
	return &usageError{err: fmt.Errorf(format, args...)}
}

// directiveError is a failure caused by a value of the command line, such as
// a contract path that cannot be read or an output directory whose package
// name cannot be determined. Under go generate its message starts with the
// position of the directive.
type directiveError struct {
	err error
}

func (e *directiveError) Error() string { return e.err.Error() }
func (e *directiveError) Unwrap() error { return e.err }

// run executes the command line args (without the program name) and returns
// what failed, or nil. Errors are not printed: exitStatus does that.
func run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer, getenv func(string) string) error {
	env := &environment{stdin: stdin, stdout: stdout, stderr: stderr, getenv: getenv}
	root := newRootCommand(env)

	root.SetArgs(acceptSingleDashFlags(root, args))
	err := root.ExecuteContext(ctx)
	if err == nil {
		return nil
	}

	var usage *usageError
	var directive *directiveError
	if pos := env.directivePos(); pos != "" && (errors.As(err, &usage) || errors.As(err, &directive)) {
		err = fmt.Errorf("%s: %w", pos, err)
	}
	return err
}

// exitStatus prints err, if any, to stderr and returns the exit status for
// it: 0 for nil, 2 for a usage error and 1 for any other error.
func exitStatus(stderr io.Writer, err error) int {
	if err == nil {
		return 0
	}
	fmt.Fprintf(stderr, "jwtgen: %v\n", err)

	var usage *usageError
	if errors.As(err, &usage) {
		return 2
	}
	return 1
}

// newRootCommand returns the jwtgen command with every subcommand.
func newRootCommand(env *environment) *cobra.Command {
	root := &cobra.Command{
		Use:   "jwtgen",
		Short: "Generate Go code for JWT claim contracts",
		Long: `jwtgen turns a JWT contract file (*.jwt.yaml) into Go code: typed claim
structs, validators, a verifier that accepts every version of the token still
inside its accept window, and an issuer. See "go doc
github.com/jwtgen/jwtgen/cmd/jwtgen" for the manual.

Long flags may be written with one dash or two: -package and --package are
the same flag.`,
		Args:          cobra.ArbitraryArgs,
		RunE:          runRoot,
		SilenceErrors: true,
		SilenceUsage:  true,
	}
	root.CompletionOptions.DisableDefaultCmd = true
	root.SetIn(env.stdin)
	root.SetOut(env.stdout)
	root.SetErr(env.stderr)
	root.SetFlagErrorFunc(func(cmd *cobra.Command, err error) error {
		return usagef("%s: %w; run '%s -h' for usage", cmd.Name(), err, cmd.CommandPath())
	})

	root.AddCommand(
		newGenerateCommand(env),
		newCheckCommand(env),
		newDiffCommand(env),
		newDocsCommand(env),
		newInitCommand(env),
		newInspectCommand(env),
		newAuditCommand(env),
		newSchemaCommand(env),
		newVersionCommand(env),
	)

	// The root command runs only to report a missing or unknown command, so
	// its usage lists commands instead of cobra's "jwtgen [flags]" line.
	// Subcommands, which inherit the root's template, keep cobra's default.
	root.InitDefaultHelpCmd()
	defaultTemplate := (&cobra.Command{}).UsageTemplate()
	for _, sub := range root.Commands() {
		sub.SetUsageTemplate(defaultTemplate)
		if sub.Name() == "help" {
			sub.Short = "Print help for a command"
			sub.Long = `Help prints the description and the flags of a command, or of jwtgen
itself when no command is named.`
		}
	}
	root.SetUsageTemplate(rootUsageTemplate)
	return root
}

const rootUsageTemplate = `Usage:
  jwtgen COMMAND [flags] [arguments]

Commands:
{{range .Commands}}{{if or .IsAvailableCommand (eq .Name "help")}}  {{rpad .Name .NamePadding}} {{.Short}}
{{end}}{{end}}
Flags:
{{.LocalFlags.FlagUsages | trimTrailingWhitespaces}}

Run "jwtgen COMMAND -h" for the flags of a command.

Exit status: 0 on success; 1 on any failure, such as contract errors, stale
generated files, an unsafe diff, a rejected inspect token, or warnings under
check --strict; 2 for a wrong command line.
`

// runRoot runs when no subcommand matched: the command line names none, or
// an unknown one.
func runRoot(cmd *cobra.Command, args []string) error {
	var names []string
	for _, sub := range cmd.Commands() {
		if sub.IsAvailableCommand() {
			names = append(names, sub.Name())
		}
	}
	choices := strings.Join(names, ", ")

	if len(args) == 0 {
		return usagef("missing command: choose one of %s, or run 'jwtgen help'", choices)
	}
	if suggestions := cmd.SuggestionsFor(args[0]); len(suggestions) > 0 {
		return usagef("unknown command %q: did you mean %s?", args[0], strings.Join(suggestions, " or "))
	}
	return usagef("unknown command %q: choose one of %s", args[0], choices)
}

// acceptSingleDashFlags rewrites "-name" and "-name=value" as "--name" and
// "--name=value" when name is a long flag of some subcommand, so that the
// spelling of the standard flag package, common in //go:generate lines,
// works too. Arguments after "--" are left as they are.
func acceptSingleDashFlags(root *cobra.Command, args []string) []string {
	long := map[string]bool{"help": true}
	var collect func(*cobra.Command)
	collect = func(cmd *cobra.Command) {
		cmd.Flags().VisitAll(func(f *pflag.Flag) { long[f.Name] = true })
		for _, sub := range cmd.Commands() {
			collect(sub)
		}
	}
	collect(root)

	// cobra reads os.Args when given a nil slice, so return a non-nil one.
	out := make([]string, 0, len(args))
	for i, arg := range args {
		if arg == "--" {
			return append(out, args[i:]...)
		}
		name, _, _ := strings.Cut(strings.TrimPrefix(arg, "-"), "=")
		if strings.HasPrefix(arg, "-") && !strings.HasPrefix(arg, "--") && len(name) > 1 && long[name] {
			arg = "-" + arg
		}
		out = append(out, arg)
	}
	return out
}
