package main

import (
	"fmt"
	"path/filepath"

	"github.com/spf13/cobra"

	"github.com/jwtgen/jwtgen/claimschema"
	"github.com/jwtgen/jwtgen/spec"
)

// schemaFlags are the flags of "jwtgen schema".
type schemaFlags struct {
	outDir  string
	baseURI string
}

func newSchemaCommand(env *environment) *cobra.Command {
	var flags schemaFlags
	cmd := &cobra.Command{
		Use:   "schema [flags] FILE...",
		Short: "Write the JSON Schema of each contract version's claims",
		Long: `Schema loads each contract file and writes, for every version, the JSON
Schema (draft 2020-12) of the token's claims payload to
BASE.vN.schema.json, where BASE is the contract file name without
.jwt.yaml and N the version number. Teams that do not use the generated Go
code can validate payloads with it.

Schema writes nothing unless every contract loaded and every schema
rendered, and it leaves files whose contents are unchanged untouched.`,
		Example: `  jwtgen schema orders.jwt.yaml
  jwtgen schema -o docs/schemas --base-uri https://schemas.example.com/tokens/ tokens/*.jwt.yaml`,
		Args: requireFiles,
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := claimschema.CheckBaseURI(flags.baseURI); err != nil {
				return usagef("%s: --base-uri: %w", cmd.Name(), err)
			}
			return runSchema(env, flags, args)
		},
	}
	f := cmd.Flags()
	f.StringVarP(&flags.outDir, "output", "o", "", "write the schemas to `DIR`, created if missing (default: the directory of each contract file)")
	f.StringVar(&flags.baseURI, "base-uri", "", "absolute `URI` that starts each schema's $id, which ends in CONTRACT/vN.schema.json (default "+claimschema.DefaultBaseURI+", a placeholder that never resolves)")
	return cmd
}

func runSchema(env *environment, flags schemaFlags, contracts []string) error {
	outputs, err := renderSchemas(env, flags, contracts)
	if err != nil {
		return err
	}
	return writeOutputs(outputs)
}

// renderSchemas loads every contract and renders the schemas of its
// versions in memory, as renderEach describes.
func renderSchemas(env *environment, flags schemaFlags, contracts []string) ([]outputFile, error) {
	return renderEach(env, contracts, func(contract string, c *spec.Contract) ([]outputFile, error) {
		outDir := flags.outDir
		if outDir == "" {
			outDir = filepath.Dir(contract)
		}
		source, err := publishedSource(outDir, contract)
		if err != nil {
			return nil, err
		}
		files, err := claimschema.Generate(c, claimschema.Options{BaseURI: flags.baseURI, Source: source})
		if err != nil {
			return nil, fmt.Errorf("write the schemas of %s: %w", contract, err)
		}
		outputs := make([]outputFile, 0, len(files))
		for _, file := range files {
			outputs = append(outputs, outputFile{path: filepath.Join(outDir, file.Name), content: file.Content})
		}
		return outputs, nil
	})
}
