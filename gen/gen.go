// Package gen turns a contract model into Go source files with jennifer.
package gen

import (
	"errors"

	"github.com/jwtgen/jwtgen/spec"
)

// Options control the generated files.
type Options struct {
	// Package is the Go package name of the generated files.
	Package string
	// Source is the contract file's path relative to the output directory,
	// written in each file's "Code generated" header.
	Source string
}

// File is one generated Go file, formatted.
type File struct {
	// Name is the file name, without directory.
	Name    string
	Content []byte
}

// Generate returns the Go files for contract c. It returns no files unless
// every file rendered and formatted.
func Generate(c *spec.Contract, opts Options) ([]File, error) {
	return nil, errors.New("not implemented")
}
