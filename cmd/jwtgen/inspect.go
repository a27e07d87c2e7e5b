package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/jwtgen/jwtgen/runtime"
	"github.com/jwtgen/jwtgen/spec"
	"github.com/jwtgen/jwtgen/specverify"
	"github.com/jwtgen/jwtgen/tokenaudit"
)

// verifyFlags are the flags that inspect and audit share: the contract,
// the keys and the clock.
type verifyFlags struct {
	spec   string
	keys   []string
	jwks   string
	at     string
	format string
}

// add declares the shared flags on f.
func (v *verifyFlags) add(f *pflag.FlagSet, formats string) {
	f.StringVar(&v.spec, "spec", "", "read the contract from `FILE` (required)")
	f.StringArrayVar(&v.keys, "key", nil, "check signatures with the public key in `FILE`: PEM (public key or certificate) or one JWK; repeat for several keys")
	f.StringVar(&v.jwks, "jwks", "", "check signatures with the JWK set in `FILE_OR_URL`; a URL is fetched once, over https unless the host is loopback")
	f.StringVar(&v.at, "at", "", "check tokens as of `TIME`, an RFC 3339 timestamp (default now)")
	f.StringVar(&v.format, "format", "text", "write the report as `FORMAT`: "+formats)
}

// load checks the flags and returns the verifier and the clock they
// describe.
func (v *verifyFlags) load(ctx context.Context, cmd *cobra.Command) (*specverify.Verifier, time.Time, error) {
	name := cmd.Name()
	at := time.Now()
	switch {
	case v.spec == "":
		return nil, at, usagef("%s: missing --spec FILE; run '%s -h' for usage", name, cmd.CommandPath())
	case len(v.keys) > 0 && v.jwks != "":
		return nil, at, usagef("%s: give --key or --jwks, not both", name)
	}
	if v.at != "" {
		t, err := time.Parse(time.RFC3339, v.at)
		if err != nil {
			return nil, at, usagef("%s: invalid --at %q: use an RFC 3339 timestamp such as 2027-03-01T00:00:00Z", name, v.at)
		}
		at = t
	}

	c, err := spec.Load(v.spec)
	if err != nil {
		return nil, at, &directiveError{err: err}
	}
	var keys runtime.KeySource
	switch {
	case len(v.keys) > 0:
		keys, err = tokenaudit.LoadKeys(v.keys...)
	case v.jwks != "":
		keys, err = tokenaudit.LoadJWKS(ctx, v.jwks, nil)
	}
	if err != nil {
		return nil, at, fmt.Errorf("%s: %w", name, err)
	}
	return specverify.New(c, keys, clockAt(at)), at, nil
}

// clockAt returns the option of a clock stopped at t.
func clockAt(t time.Time) runtime.Option {
	return runtime.WithClock(func() time.Time { return t })
}

// maxStdinToken is the most that inspect reads from standard input. A
// token is rejected above runtime.DefaultMaxTokenSize anyway.
const maxStdinToken = 1 << 20

func newInspectCommand(env *environment) *cobra.Command {
	var flags verifyFlags
	cmd := &cobra.Command{
		Use:   "inspect --spec FILE [--key FILE | --jwks FILE_OR_URL] [--at TIME] [TOKEN]",
		Short: "Show a token's claims and the result of every contract rule",
		Long: `Inspect decodes one token and checks it against the contract in --spec,
without generated code. It prints the header and payload, the contract
version the token names, the result of every rule (alg, typ, version and
accept window, key and signature, each registered claim rule and each
claim's rules), the time claims relative to now or --at, and the claims
after the upgrade to the newest version. Claims that an upgrade hook
derives are listed as needing a hook.

The token is read from standard input when no TOKEN is given, which keeps
it out of the shell history. Without --key or --jwks the signature is not
checked, and the report says so. Inspect exits with status 1 when the
token is rejected.`,
		Example: `  pbpaste | jwtgen inspect --spec tokens/orders.jwt.yaml
  jwtgen inspect --spec orders.jwt.yaml --jwks https://auth.example.com/jwks.json < token.txt
  jwtgen inspect --spec orders.jwt.yaml --at 2027-03-01T00:00:00Z --format json "$TOKEN"`,
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) > 1 {
				return usagef("%s: too many arguments: give one TOKEN, or none to read it from standard input", cmd.Name())
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			return runInspect(cmd, env, &flags, args)
		},
	}
	flags.add(cmd.Flags(), "text or json")
	return cmd
}

func runInspect(cmd *cobra.Command, env *environment, flags *verifyFlags, args []string) error {
	if flags.format != "text" && flags.format != "json" {
		return usagef("inspect: invalid --format %q: use text or json", flags.format)
	}
	ctx := cmd.Context()
	verifier, at, err := flags.load(ctx, cmd)
	if err != nil {
		return err
	}

	token, err := readToken(env.stdin, args)
	if err != nil {
		return err
	}

	in := tokenaudit.Inspect(ctx, verifier, token, at)
	write := tokenaudit.WriteInspectionText
	if flags.format == "json" {
		write = tokenaudit.WriteInspectionJSON
	}
	if err := write(env.stdout, in); err != nil {
		return err
	}
	if !in.Accepted {
		return fmt.Errorf("inspect: the token is rejected")
	}
	return nil
}

// readToken returns the token argument, or the token on standard input.
func readToken(stdin io.Reader, args []string) (string, error) {
	if len(args) == 1 {
		return string(bytes.TrimSpace([]byte(args[0]))), nil
	}
	data, err := io.ReadAll(io.LimitReader(stdin, maxStdinToken+1))
	if err != nil {
		return "", fmt.Errorf("inspect: read the token from standard input: %w", err)
	}
	if len(data) > maxStdinToken {
		return "", fmt.Errorf("inspect: standard input is longer than %d bytes; give one token", maxStdinToken)
	}
	token := string(bytes.TrimSpace(data))
	if token == "" {
		return "", usagef("inspect: no token: give TOKEN or write it to standard input")
	}
	return token, nil
}

// isTerminal reports whether w is a terminal.
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	info, err := f.Stat()
	return err == nil && info.Mode()&os.ModeCharDevice != 0
}
