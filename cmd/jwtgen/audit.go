package main

import (
	"fmt"
	"io"
	"os"
	"strings"
	"sync"
	"time"

	"github.com/spf13/cobra"

	"github.com/jwtgen/jwtgen/spec"
	"github.com/jwtgen/jwtgen/specverify"
	"github.com/jwtgen/jwtgen/tokenaudit"
)

// auditFlags are the flags of "jwtgen audit".
type auditFlags struct {
	verifyFlags
	retire    int
	candidate string
	extract   bool
}

// progressThreshold is the input size in bytes from which audit shows a
// progress bar on a terminal. Smaller inputs finish in about a second.
const progressThreshold = 8 << 20

func newAuditCommand(env *environment) *cobra.Command {
	var flags auditFlags
	cmd := &cobra.Command{
		Use:   "audit --spec FILE [--key FILE | --jwks FILE_OR_URL] [--at TIME] [--retire VERSION] [--candidate FILE] [--extract] [--format FORMAT] [LOG...]",
		Short: "Count how real tokens fare against a contract",
		Long: `Audit reads tokens from each LOG, or from standard input when none is
given, one token per line, or with --extract every JWT-shaped string in
each line. It checks every token against the contract in --spec as the
generated verifier would, and summarises the tokens by version, the
rejections by reason, issuer and key ID (kid), with a few example payloads
per reason whose claim values are replaced by type placeholders. No report
shows a whole token or a signature.

--retire VERSION adds how many accepted tokens retiring VERSION at --at
would reject. --candidate FILE adds how many accepted tokens a candidate
contract, such as a new version before it ships, would reject, and why.

Audit streams its input in constant memory. A line longer than 1 MiB, or
one that holds no valid compact JWS, is counted as bad input with its line
number and skipped. Signatures are checked on all cores when --key or
--jwks is given; without them, every rule but the key and the signature is
checked, and the report says so. A progress bar appears on standard error
when it is a terminal and the input is large.`,
		Example: `  jwtgen audit --spec tokens/orders.jwt.yaml --retire 1 tokens.log
  kubectl logs deploy/orders | jwtgen audit --spec orders.jwt.yaml --extract --format markdown
  jwtgen audit --spec orders.jwt.yaml --jwks keys.json --candidate next.jwt.yaml --format json tokens.log`,
		RunE: func(cmd *cobra.Command, args []string) error {
			return runAudit(cmd, env, &flags, args)
		},
	}
	f := cmd.Flags()
	flags.add(f, strings.Join(tokenaudit.Formats, ", "))
	f.IntVar(&flags.retire, "retire", 0, "report what retiring contract version `VERSION` at --at would reject")
	f.StringVar(&flags.candidate, "candidate", "", "report what enforcing the candidate contract in `FILE` would reject")
	f.BoolVar(&flags.extract, "extract", false, "find JWT-shaped strings inside each line instead of reading one token per line")
	return cmd
}

func runAudit(cmd *cobra.Command, env *environment, flags *auditFlags, logs []string) error {
	ctx := cmd.Context()
	if !contains(tokenaudit.Formats, flags.format) {
		return usagef("audit: invalid --format %q: use %s", flags.format, strings.Join(tokenaudit.Formats, ", "))
	}
	verifier, at, err := flags.load(ctx, cmd)
	if err != nil {
		return err
	}
	opts := tokenaudit.Options{Verifier: verifier, At: at, Extract: flags.extract}

	if flags.retire != 0 {
		if verifier.Contract().Version(flags.retire) == nil {
			return usagef("audit: --retire %d: the contract has no version %d", flags.retire, flags.retire)
		}
		opts.Retire = flags.retire
	}
	if flags.candidate != "" {
		c, err := spec.Load(flags.candidate)
		if err != nil {
			return &directiveError{err: err}
		}
		opts.Candidate = specverify.New(c, nil, clockAt(at))
		opts.CandidateName = flags.candidate
	}

	inputs, size, closeAll, err := openLogs(env.stdin, logs)
	if err != nil {
		return err
	}
	defer closeAll()

	var stopProgress func()
	if isTerminal(env.stderr) && (size == 0 || size >= progressThreshold) {
		opts.Progress = &tokenaudit.Progress{}
		stopProgress = showProgress(env.stderr, opts.Progress, size)
	}
	summary, err := tokenaudit.Audit(ctx, opts, inputs)
	if stopProgress != nil {
		stopProgress()
	}
	if err != nil {
		return fmt.Errorf("audit: %w", err)
	}
	return tokenaudit.WriteSummary(env.stdout, summary, flags.format)
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// openLogs opens the logs, or returns standard input when there are none,
// with the total size of the files in bytes (0 for standard input) and a
// function that closes them.
func openLogs(stdin io.Reader, logs []string) ([]tokenaudit.Input, int64, func(), error) {
	if len(logs) == 0 {
		return []tokenaudit.Input{{Name: "-", Reader: stdin}}, 0, func() {}, nil
	}
	var inputs []tokenaudit.Input
	var files []*os.File
	closeAll := func() {
		for _, f := range files {
			f.Close()
		}
	}
	var size int64
	for _, name := range logs {
		f, err := os.Open(name)
		if err != nil {
			closeAll()
			return nil, 0, nil, fmt.Errorf("audit: %w", err)
		}
		files = append(files, f)
		if info, err := f.Stat(); err == nil {
			size += info.Size()
		}
		inputs = append(inputs, tokenaudit.Input{Name: name, Reader: f})
	}
	return inputs, size, closeAll, nil
}

// showProgress redraws a progress line on w every 200 milliseconds until
// the returned function is called, which erases it. A total of 0 means
// the size is unknown, and then only the lines read are shown.
func showProgress(w io.Writer, p *tokenaudit.Progress, total int64) (stop func()) {
	done := make(chan struct{})
	var wg sync.WaitGroup
	wg.Go(func() {
		ticker := time.NewTicker(200 * time.Millisecond)
		defer ticker.Stop()
		for {
			select {
			case <-done:
				fmt.Fprint(w, "\r\033[K")
				return
			case <-ticker.C:
				fmt.Fprint(w, "\r"+progressLine(p.Bytes.Load(), p.Lines.Load(), total))
			}
		}
	})
	return func() {
		close(done)
		wg.Wait()
	}
}

// progressLine draws a 30-character bar with the share of bytes read.
func progressLine(read, lines, total int64) string {
	if total <= 0 {
		return fmt.Sprintf("jwtgen: audit: %d lines read", lines)
	}
	const width = 30
	filled := int(min(read, total) * width / total)
	return fmt.Sprintf("jwtgen: audit [%s%s] %3d%% %d lines",
		strings.Repeat("#", filled), strings.Repeat(" ", width-filled), min(read, total)*100/total, lines)
}
