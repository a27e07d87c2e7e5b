// Package templates holds the starter contracts that "jwtgen init" prints.
// Each is a complete, valid contract file with comments that explain the
// format; Render sets its contract name.
package templates

import (
	"bytes"
	"embed"
	"errors"
	"fmt"
	"go/token"
	"regexp"
	"slices"
	"strings"
)

//go:embed *.jwt.yaml
var files embed.FS

// Template describes one starter contract.
type Template struct {
	// Name selects the template in "jwtgen init --template NAME".
	Name string
	// Summary is a one-line description of the token the template declares.
	Summary string
}

// all lists the templates in the order help text presents them. Each Name
// has a NAME.jwt.yaml file in this directory.
var all = []Template{
	{Name: "rfc9068", Summary: "OAuth 2.0 access token in the JWT profile of RFC 9068"},
	{Name: "oidc-id-token", Summary: "OpenID Connect ID token (OpenID Connect Core 1.0 §2)"},
	{Name: "service", Summary: "short-lived token that one service presents to another"},
}

// ErrUnknownTemplate is returned by Render for a template name that List
// does not contain.
var ErrUnknownTemplate = errors.New("unknown template")

// ErrInvalidContractName is returned by Render for a contract name that is
// not an exported Go identifier.
var ErrInvalidContractName = errors.New("invalid contract name")

// contractLine matches the top-level "contract:" key and captures its value.
var contractLine = regexp.MustCompile(`(?m)^contract: ([A-Za-z0-9_]+)`)

// List returns every template, in a fixed order.
func List() []Template {
	return slices.Clone(all)
}

// Names returns the template names, in the order of List.
func Names() []string {
	names := make([]string, len(all))
	for i, t := range all {
		names[i] = t.Name
	}
	return names
}

// Render returns the contents of the template called name with its contract
// name, wherever the file mentions it, replaced by contract. The contract name prefixes every generated Go
// identifier, so it must be an exported Go identifier such as OrdersAccess.
// Render wraps ErrUnknownTemplate or ErrInvalidContractName when an argument
// is not valid.
func Render(name, contract string) ([]byte, error) {
	if !slices.Contains(Names(), name) {
		return nil, fmt.Errorf("%w %q: choose one of %s", ErrUnknownTemplate, name, strings.Join(Names(), ", "))
	}
	if !token.IsIdentifier(contract) || !token.IsExported(contract) {
		return nil, fmt.Errorf("%w %q: the name must be an exported Go identifier, such as OrdersAccess", ErrInvalidContractName, contract)
	}

	data, err := files.ReadFile(name + ".jwt.yaml")
	if err != nil {
		return nil, fmt.Errorf("read template %s: %w", name, err)
	}
	matches := contractLine.FindAllSubmatch(data, -1)
	if len(matches) != 1 {
		return nil, fmt.Errorf("template %s has %d top-level contract keys, expected 1", name, len(matches))
	}

	// The comments name generated identifiers after the template's own
	// contract name, so every occurrence changes, not only the key.
	return bytes.ReplaceAll(data, matches[0][1], []byte(contract)), nil
}
