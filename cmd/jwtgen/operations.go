package main

import (
	"errors"
	"fmt"
	"path/filepath"
	"strings"

	"github.com/jwtgen/jwtgen/openapi"
	"github.com/jwtgen/jwtgen/spec"
)

// addDocumentTargets loads each OpenAPI document and adds the contracts
// that it names to targets. A contract file already in targets, given on
// the command line or named by another document, is generated once, with
// the operations of every document that names it. The diagnostics of the
// documents go to stderr: warnings always, and errors, after which no
// file is written.
func addDocumentTargets(env *environment, targets []target, documents []string) ([]target, error) {
	index := map[string]int{} // absolute contract path to its target
	for i, tgt := range targets {
		if abs, err := filepath.Abs(tgt.contract); err == nil {
			index[abs] = i
		}
	}

	errorCount := 0
	var failed []string
	for _, path := range documents {
		doc, err := openapi.Load(path)
		var diags spec.Diagnostics
		if errors.As(err, &diags) {
			fmt.Fprintln(env.stderr, diags.Error())
			errorCount += countSeverity(diags, spec.SeverityError)
			failed = append(failed, path)
			continue
		}
		if err != nil {
			return nil, &directiveError{err: err}
		}
		if len(doc.Warnings) > 0 {
			fmt.Fprintln(env.stderr, doc.Warnings.Error())
		}

		for _, c := range doc.Contracts {
			use := documentContract{doc: doc, contract: c}
			if c.File == "" {
				targets = append(targets, target{contract: path, loaded: c.Contract, documents: []documentContract{use}})
				continue
			}
			abs, err := filepath.Abs(c.File)
			if err != nil {
				return nil, err
			}
			if i, ok := index[abs]; ok {
				targets[i].loaded = c.Contract
				targets[i].documents = append(targets[i].documents, use)
				continue
			}
			index[abs] = len(targets)
			targets = append(targets, target{contract: c.File, loaded: c.Contract, documents: []documentContract{use}})
		}
	}
	if len(failed) > 0 {
		return nil, fmt.Errorf("%s in %s; no files written", plural(errorCount, "error"), strings.Join(failed, ", "))
	}
	return targets, nil
}

// operationOutputs renders BASE_operations.go for each OpenAPI document
// that names the target's contract. source is the contract's path
// relative to the output directory, whose name gives BASE.
func operationOutputs(tgt target, source string) ([]outputFile, error) {
	var outputs []outputFile
	for _, use := range tgt.documents {
		docSource, err := sourcePath(tgt.outDir, use.doc.Path)
		if err != nil {
			return nil, err
		}
		file, err := openapi.Generate(use.doc, use.contract, openapi.GenerateOptions{
			Package: tgt.pkgName,
			Source:  docSource,
			Base:    contractBase(source),
		})
		if err != nil {
			return nil, fmt.Errorf("generate the operations of %s: %w", use.doc.Path, err)
		}
		outputs = append(outputs, outputFile{path: filepath.Join(tgt.outDir, file.Name), content: file.Content})
	}
	return outputs, nil
}

// contractBase returns the file name of source without its contract
// extension, as gen names the contract's files: "orders" for
// "orders.jwt.yaml" and "openapi" for an inline contract of openapi.yaml.
func contractBase(source string) string {
	name := filepath.Base(filepath.FromSlash(source))
	for _, ext := range []string{".jwt.yaml", ".jwt.yml", ".jwt.json", ".yaml", ".yml", ".json"} {
		if trimmed, ok := strings.CutSuffix(name, ext); ok && trimmed != "" {
			return trimmed
		}
	}
	return name
}
