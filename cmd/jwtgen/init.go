package main

import (
	"errors"
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"github.com/jwtgen/jwtgen/templates"
)

// initFlags are the flags of "jwtgen init".
type initFlags struct {
	template string
	name     string
}

func newInitCommand(env *environment) *cobra.Command {
	var flags initFlags

	var list strings.Builder
	for _, t := range templates.List() {
		fmt.Fprintf(&list, "\n  %-14s %s", t.Name, t.Summary)
	}

	cmd := &cobra.Command{
		Use:   "init --template NAME --name CONTRACT",
		Short: "Print a starter contract file",
		Long: `Init prints a starter contract file to stdout, with comments that explain
the format. Redirect it to a file such as orders.jwt.yaml and edit it: the
generated Go files take their names from that file name.

Templates:` + list.String(),
		Example: `  jwtgen init --template rfc9068 --name OrdersAccess > tokens/orders.jwt.yaml`,
		Args:    noArgs,

		DisableFlagsInUseLine: true,
		RunE: func(cmd *cobra.Command, args []string) error {
			return runInit(env, flags)
		},
	}
	f := cmd.Flags()
	f.StringVar(&flags.template, "template", "", "start from the template `NAME`: "+strings.Join(templates.Names(), ", "))
	f.StringVar(&flags.name, "name", "", "set the contract name to `CONTRACT`, an exported Go identifier that prefixes every generated name")
	return cmd
}

func runInit(env *environment, flags initFlags) error {
	choices := strings.Join(templates.Names(), ", ")
	if flags.template == "" {
		return usagef("init: missing --template: choose one of %s", choices)
	}
	if flags.name == "" {
		return usagef("init: missing --name: give the contract name, an exported Go identifier such as OrdersAccess")
	}

	data, err := templates.Render(flags.template, flags.name)
	if errors.Is(err, templates.ErrUnknownTemplate) || errors.Is(err, templates.ErrInvalidContractName) {
		return &usageError{err: fmt.Errorf("init: %w", err)}
	}
	if err != nil {
		return err
	}

	_, err = env.stdout.Write(data)
	return err
}
