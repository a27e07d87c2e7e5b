package main

import (
	"context"
	"errors"
	"fmt"
	"go/token"
	"os"
	"path/filepath"
	"strings"

	"golang.org/x/tools/go/packages"
)

// errNoPackageName is wrapped by resolvePackageName when neither the flag,
// $GOPACKAGE nor the output directory gives the package name.
var errNoPackageName = errors.New("cannot determine the Go package name")

// resolvePackageName returns the package name of the generated files. The
// --package flag comes first. Next is $GOPACKAGE, but only when the output
// directory is the working directory, as it is for a plain //go:generate
// line. Last is the name of the Go package already in the output directory.
func resolvePackageName(ctx context.Context, env *environment, flag, outDir string) (string, error) {
	if flag != "" {
		if !token.IsIdentifier(flag) {
			return "", usagef("generate: invalid --package %q: the name must be a Go identifier", flag)
		}
		return flag, nil
	}

	if name := env.getenv("GOPACKAGE"); name != "" {
		same, err := isWorkingDir(outDir)
		if err != nil {
			return "", err
		}
		if same {
			return name, nil
		}
	}

	name, err := packageNameInDir(ctx, outDir)
	if err != nil {
		return "", fmt.Errorf("%w of %s: %w; pass --package", errNoPackageName, outDir, err)
	}
	return name, nil
}

// isWorkingDir reports whether dir is the working directory.
func isWorkingDir(dir string) (bool, error) {
	wd, err := os.Getwd()
	if err != nil {
		return false, err
	}
	abs, err := filepath.Abs(dir)
	if err != nil {
		return false, err
	}
	return abs == wd, nil
}

// packageNameInDir returns the name of the Go package whose files are in
// dir, as the go command reports it for the current build tags. Test files
// do not count.
func packageNameInDir(ctx context.Context, dir string) (string, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return "", err
	}
	hasGoFiles := false
	for _, e := range entries {
		name := e.Name()
		if !e.IsDir() && strings.HasSuffix(name, ".go") && !strings.HasSuffix(name, "_test.go") {
			hasGoFiles = true
			break
		}
	}
	if !hasGoFiles {
		return "", errors.New("the directory has no Go files")
	}

	cfg := &packages.Config{Context: ctx, Mode: packages.NeedName, Dir: dir}
	pkgs, err := packages.Load(cfg, ".")
	if err != nil {
		return "", err
	}
	if len(pkgs) != 1 {
		return "", fmt.Errorf("found %d packages, expected 1", len(pkgs))
	}
	pkg := pkgs[0]
	if pkg.Name == "" {
		if len(pkg.Errors) > 0 {
			return "", pkg.Errors[0]
		}
		return "", errors.New("the go command found no package")
	}
	return pkg.Name, nil
}
