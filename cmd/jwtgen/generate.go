package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/spf13/cobra"

	"github.com/jwtgen/jwtgen/gen"
	"github.com/jwtgen/jwtgen/internal/testgen"
	"github.com/jwtgen/jwtgen/openapi"
	"github.com/jwtgen/jwtgen/spec"
)

// generateFlags are the flags of "jwtgen generate".
type generateFlags struct {
	outDir  string
	pkgName string
	check   bool
	openapi []string
}

func newGenerateCommand(env *environment) *cobra.Command {
	var flags generateFlags
	cmd := &cobra.Command{
		Use:   "generate [flags] FILE...",
		Short: "Generate Go code from contract files",
		Long: `Generate loads each contract file and writes the Go files generated from
it to the output directory. It writes nothing unless every contract loaded
and every file rendered, and it leaves files whose contents are unchanged
untouched.

It also writes golden test cases, testdata/jwtgen/CONTRACT/vN/CASE.json, and
BASE_jwt_test.go, which runs them against the generated verifier. It deletes
the case files that the contract no longer produces, but never a file whose
name starts with custom_.

With --openapi it also reads an OpenAPI 3.0 or 3.1 document: it generates
the code of every contract that the document's security schemes name with
x-jwt-contract, besides the contract files given, and for each contract
BASE_operations.go, the scope requirement of each operation by
operationId.

With --check it writes nothing and fails if a generated file is missing or
differs from what generate would write, or if a stale case file is left.`,
		Example: `  //go:generate go tool jwtgen generate orders.jwt.yaml
  jwtgen generate -o internal/tokens --package tokens orders.jwt.yaml
  jwtgen generate --openapi ../openapi.yaml orders.jwt.yaml
  jwtgen generate --check orders.jwt.yaml`,
		Args: func(cmd *cobra.Command, args []string) error {
			if len(flags.openapi) > 0 {
				return nil
			}
			return requireFiles(cmd, args)
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			return runGenerate(cmd.Context(), env, flags, args)
		},
	}
	f := cmd.Flags()
	f.StringVarP(&flags.outDir, "output", "o", "", "write the generated files to `DIR`, created if missing (default: the directory of each contract file)")
	f.StringVar(&flags.pkgName, "package", "", "package `NAME` of the generated files (default $GOPACKAGE under go generate, else the package already in the output directory)")
	f.BoolVar(&flags.check, "check", false, "write nothing; fail and name each generated file that is missing or out of date")
	f.StringArrayVar(&flags.openapi, "openapi", nil, "also generate the contracts that the OpenAPI document `FILE` names and the scope requirement of each operation (repeatable)")
	return cmd
}

// requireFiles rejects a command line without contract files.
func requireFiles(cmd *cobra.Command, args []string) error {
	if len(args) == 0 {
		return usagef("%s: missing contract file; run '%s -h' for usage", cmd.Name(), cmd.CommandPath())
	}
	return nil
}

// noArgs rejects a command line with arguments, for commands that take
// none.
func noArgs(cmd *cobra.Command, args []string) error {
	if len(args) > 0 {
		return usagef("%s: unexpected argument %q; run '%s -h' for usage", cmd.Name(), args[0], cmd.CommandPath())
	}
	return nil
}

// target is a contract file with the directory and package its code goes to.
type target struct {
	contract string
	outDir   string
	pkgName  string

	// loaded is the contract when an OpenAPI document already loaded it,
	// and nil when generate loads the contract file itself. For a
	// contract written inline in the document, contract is the
	// document's path.
	loaded *spec.Contract
	// documents are the OpenAPI documents whose schemes name the
	// contract, each with its contract, for BASE_operations.go.
	documents []documentContract
}

// documentContract is a contract as an OpenAPI document names it.
type documentContract struct {
	doc      *openapi.Document
	contract *openapi.Contract
}

// resolveTargets decides where the code of each contract goes: the -o
// directory when given, else the contract's own directory, which is what a
// //go:generate line beside the contract means. The package name is
// resolved once per directory.
func resolveTargets(ctx context.Context, env *environment, flags generateFlags, contracts []string) ([]target, error) {
	pkgNames := map[string]string{}
	targets := make([]target, 0, len(contracts))
	for _, contract := range contracts {
		targets = append(targets, target{contract: contract})
	}
	targets, err := addDocumentTargets(env, targets, flags.openapi)
	if err != nil {
		return nil, err
	}
	for i := range targets {
		outDir := flags.outDir
		if outDir == "" {
			outDir = filepath.Dir(targets[i].contract)
		}
		pkgName, ok := pkgNames[outDir]
		if !ok {
			var err error
			pkgName, err = resolvePackageName(ctx, env, flags.pkgName, outDir)
			if err != nil {
				return nil, &directiveError{err: err}
			}
			pkgNames[outDir] = pkgName
		}
		targets[i].outDir, targets[i].pkgName = outDir, pkgName
	}
	return targets, nil
}

// outputFile is a generated file rendered in memory, or a stale one to
// delete.
type outputFile struct {
	// path is the output directory as given joined with the file name.
	path    string
	content []byte
	// stale marks a golden case file that the contract no longer produces,
	// which writeOutputs deletes.
	stale bool
}

func runGenerate(ctx context.Context, env *environment, flags generateFlags, contracts []string) error {
	targets, err := resolveTargets(ctx, env, flags, contracts)
	if err != nil {
		return err
	}

	outputs, err := renderContracts(env, targets)
	if err != nil {
		return err
	}

	if flags.check {
		return checkOutputs(env, outputs)
	}
	return writeOutputs(outputs)
}

// renderContracts loads every contract and renders its files in memory. It
// prints the diagnostics of a contract that fails to load or generate to
// stderr and goes on with the next, so one run reports the errors of every
// contract. Any other failure stops it at once.
func renderContracts(env *environment, targets []target) ([]outputFile, error) {
	var outputs []outputFile
	producer := map[string]string{} // output path to the contract that generates it
	declarer := map[string]string{} // output directory and contract name to the file that declares it
	errorCount := 0
	var failed []string
	for _, tgt := range targets {
		contract, outDir := tgt.contract, tgt.outDir
		c, err := tgt.loaded, error(nil)
		if c == nil {
			c, err = spec.Load(contract)
		}
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

		nameKey := filepath.Clean(outDir) + "\x00" + c.Name
		if other, ok := declarer[nameKey]; ok {
			return nil, fmt.Errorf("%s and %s both declare contract %s, so their code would collide in %s; rename one contract",
				other, contract, c.Name, outDir)
		}
		declarer[nameKey] = contract

		source, err := sourcePath(outDir, contract)
		if err != nil {
			return nil, err
		}
		// Generate reports problems that only the Go code reveals, such as
		// two claims with the same Go name, as diagnostics too.
		files, err := gen.Generate(c, gen.Options{Package: tgt.pkgName, Source: source})
		if errors.As(err, &diags) {
			fmt.Fprintln(env.stderr, diags.Error())
			errorCount += countSeverity(diags, spec.SeverityError)
			failed = append(failed, contract)
			continue
		}
		if err != nil {
			return nil, fmt.Errorf("generate code for %s: %w", contract, err)
		}

		for _, file := range files {
			if file.Name != filepath.Base(file.Name) || !strings.HasSuffix(file.Name, ".go") {
				return nil, fmt.Errorf("generate code for %s: invalid output file name %q", contract, file.Name)
			}
			path := filepath.Join(outDir, file.Name)
			if other, ok := producer[path]; ok {
				return nil, fmt.Errorf("%s and %s both generate %s; rename one of the contract files", other, contract, path)
			}
			producer[path] = contract
			outputs = append(outputs, outputFile{path: path, content: file.Content})
		}

		operations, err := operationOutputs(tgt, source)
		if err != nil {
			return nil, err
		}
		for _, out := range operations {
			if other, ok := producer[out.path]; ok {
				return nil, fmt.Errorf("%s and %s both generate %s; rename one of the contract files", other, contract, out.path)
			}
			producer[out.path] = contract
		}
		outputs = append(outputs, operations...)

		cases, err := testOutputs(c, tgt, source)
		if err != nil {
			return nil, err
		}
		for _, out := range cases {
			if other, ok := producer[out.path]; ok {
				return nil, fmt.Errorf("%s and %s both generate %s; rename one of the contract files", other, contract, out.path)
			}
			producer[out.path] = contract
		}
		outputs = append(outputs, cases...)
	}

	if len(failed) > 0 {
		return nil, fmt.Errorf("%s in %s; no files written", plural(errorCount, "error"), strings.Join(failed, ", "))
	}
	return outputs, nil
}

// testOutputs renders the golden test cases of contract c and the test that
// runs them, and marks as stale each case file in its case folder that c no
// longer produces. Files named custom_*.json are never stale.
func testOutputs(c *spec.Contract, tgt target, source string) ([]outputFile, error) {
	files, err := testgen.Files(c, testgen.Options{Package: tgt.pkgName, Source: source})
	if err != nil {
		return nil, fmt.Errorf("generate test cases for %s: %w", tgt.contract, err)
	}
	outputs := make([]outputFile, 0, len(files))
	produced := map[string]bool{}
	for _, file := range files {
		path := filepath.Join(tgt.outDir, filepath.FromSlash(file.Path))
		produced[path] = true
		outputs = append(outputs, outputFile{path: path, content: file.Content})
	}

	caseDir := filepath.Join(tgt.outDir, filepath.FromSlash(testgen.CaseDir(c)))
	err = filepath.WalkDir(caseDir, func(path string, d fs.DirEntry, err error) error {
		switch {
		case errors.Is(err, fs.ErrNotExist):
			return nil
		case err != nil:
			return err
		case d.IsDir() || filepath.Ext(path) != ".json" || strings.HasPrefix(d.Name(), testgen.CustomPrefix):
			return nil
		}
		if !produced[path] {
			outputs = append(outputs, outputFile{path: path, stale: true})
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("list the test cases of %s: %w", tgt.contract, err)
	}
	return outputs, nil
}

// sourcePath returns the contract path relative to the output directory, with
// forward slashes, as the "Code generated" header of each file names it.
func sourcePath(outDir, contract string) (string, error) {
	absOut, err := filepath.Abs(outDir)
	if err != nil {
		return "", err
	}
	absContract, err := filepath.Abs(contract)
	if err != nil {
		return "", err
	}
	rel, err := filepath.Rel(absOut, absContract)
	if err != nil {
		return "", fmt.Errorf("locate %s from the output directory: %w", contract, err)
	}
	return filepath.ToSlash(rel), nil
}

// publishedSource returns the contract path that a published page or
// schema names. It is relative to the output directory, so that links in
// a repository work, unless the two share no directory below the top two
// levels of the file system (as /tmp/docs and /tmp/x/repo do): then it is
// the path as given, or the file name for an absolute path, so that no
// machine-local directory leaks into the output.
func publishedSource(outDir, contract string) (string, error) {
	absOut, err := filepath.Abs(outDir)
	if err != nil {
		return "", err
	}
	absContract, err := filepath.Abs(contract)
	if err != nil {
		return "", err
	}
	if commonDepth(absOut, filepath.Dir(absContract)) >= 2 {
		return sourcePath(outDir, contract)
	}
	if filepath.IsAbs(contract) {
		return filepath.Base(contract), nil
	}
	return filepath.ToSlash(filepath.Clean(contract)), nil
}

// commonDepth returns how many leading directory names the absolute paths
// a and b share.
func commonDepth(a, b string) int {
	as := strings.Split(filepath.ToSlash(a), "/")
	bs := strings.Split(filepath.ToSlash(b), "/")
	n := 0
	for n < len(as) && n < len(bs) && as[n] == bs[n] {
		n++
	}
	// Both start with the empty name before the leading slash.
	return max(n-1, 0)
}

// checkOutputs compares each output with the file on disk, prints one line
// to stderr per file that is missing or differs, and fails if any does.
func checkOutputs(env *environment, outputs []outputFile) error {
	stale := 0
	for _, out := range outputs {
		if out.stale {
			fmt.Fprintf(env.stderr, "jwtgen: %s is stale\n", out.path)
			stale++
			continue
		}
		current, err := os.ReadFile(out.path)
		switch {
		case errors.Is(err, fs.ErrNotExist):
			fmt.Fprintf(env.stderr, "jwtgen: %s is missing\n", out.path)
			stale++
		case err != nil:
			return err
		case !bytes.Equal(current, out.content):
			fmt.Fprintf(env.stderr, "jwtgen: %s is out of date\n", out.path)
			stale++
		}
	}
	if stale > 0 {
		return fmt.Errorf("%s not up to date with the contracts; run go generate", plural(stale, "generated file"))
	}
	return nil
}

// writeOutputs writes every output whose contents differ from the file on
// disk. It first writes each new content to a temporary file in the same
// directory, and only when all of them are written renames them over the
// old files, so a failed write leaves every old file as it was. Then it
// deletes the stale files.
func writeOutputs(outputs []outputFile) error {
	var changed, stale []outputFile
	for _, out := range outputs {
		if out.stale {
			stale = append(stale, out)
			continue
		}
		current, err := os.ReadFile(out.path)
		if err == nil && bytes.Equal(current, out.content) {
			continue
		}
		if err != nil && !errors.Is(err, fs.ErrNotExist) {
			return err
		}
		changed = append(changed, out)
	}

	temps := make([]string, 0, len(changed))
	removeTemps := func() {
		for _, tmp := range temps {
			os.Remove(tmp)
		}
	}
	for _, out := range changed {
		tmp, err := writeTemp(out)
		if err != nil {
			removeTemps()
			return err
		}
		temps = append(temps, tmp)
	}

	for i, out := range changed {
		if err := os.Rename(temps[i], out.path); err != nil {
			removeTemps()
			return fmt.Errorf("replace %s: %w", out.path, err)
		}
	}
	for _, out := range stale {
		if err := os.Remove(out.path); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return fmt.Errorf("remove stale %s: %w", out.path, err)
		}
	}
	return nil
}

// writeTemp writes out.content to a new temporary file beside out.path and
// returns its name. The file gets the mode of the file it replaces, or 0644.
func writeTemp(out outputFile) (string, error) {
	dir := filepath.Dir(out.path)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", err
	}
	mode := fs.FileMode(0o644)
	if info, err := os.Stat(out.path); err == nil {
		mode = info.Mode().Perm()
	}

	f, err := os.CreateTemp(dir, "."+filepath.Base(out.path)+".*.tmp")
	if err != nil {
		return "", err
	}
	_, err = f.Write(out.content)
	if err == nil {
		err = f.Chmod(mode)
	}
	if closeErr := f.Close(); err == nil {
		err = closeErr
	}
	if err != nil {
		os.Remove(f.Name())
		return "", fmt.Errorf("write %s: %w", out.path, err)
	}
	return f.Name(), nil
}

// countSeverity returns how many of diags have severity s.
func countSeverity(diags spec.Diagnostics, s spec.Severity) int {
	n := 0
	for _, d := range diags {
		if d.Severity == s {
			n++
		}
	}
	return n
}

// plural returns "1 error" or "3 errors": n and the noun, with an "s" unless
// n is 1.
func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}
