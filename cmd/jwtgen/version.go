package main

import (
	"fmt"
	"runtime"
	"runtime/debug"

	"github.com/spf13/cobra"
)

// modulePath is the path of the module that holds this command.
const modulePath = "github.com/jwtgen/jwtgen"

func newVersionCommand(env *environment) *cobra.Command {
	return &cobra.Command{
		Use:   "version",
		Short: "Print the jwtgen version and the Go version it was built with",
		Args:  noArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			_, err := fmt.Fprintln(env.stdout, versionString(debug.ReadBuildInfo()))
			return err
		},
	}
}

// versionString returns "jwtgen VERSION built with GOVERSION" from the build
// information of the binary. VERSION is the version of the jwtgen module,
// which is the main module after "go install" and a dependency under
// "go tool", or "(devel)" when the build does not record one.
func versionString(info *debug.BuildInfo, ok bool) string {
	version := "(devel)"
	goVersion := runtime.Version()
	if ok {
		goVersion = info.GoVersion
		if m := findModule(info); m != nil && m.Version != "" {
			version = m.Version
		}
	}
	return fmt.Sprintf("jwtgen %s built with %s", version, goVersion)
}

// findModule returns the jwtgen module in info, or nil when the binary does
// not record it.
func findModule(info *debug.BuildInfo) *debug.Module {
	if info.Main.Path == modulePath {
		return &info.Main
	}
	for _, dep := range info.Deps {
		if dep.Path == modulePath {
			return dep
		}
	}
	return nil
}
