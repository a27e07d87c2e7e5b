package contractdocs

import (
	"fmt"
	"slices"

	"github.com/jwtgen/jwtgen/internal/testgen"
	"github.com/jwtgen/jwtgen/runtime/contracttest"
	"github.com/jwtgen/jwtgen/spec"
)

// Example is a payload of one version and the claims it upgrades to in the
// next.
type Example struct {
	// Before is the valid payload of the older version.
	Before contracttest.Object
	// After is what Verify returns for Before, upgraded to the newer
	// version, without the claims in Hooked.
	After contracttest.Object
	// Hooked lists the claims of After that an upgrade hook derives.
	Hooked []string
	// Note, when set, says why there is no example; Before and After are
	// then empty.
	Note string
}

// ExamplePayloads returns the valid payload of older that the golden test
// cases of jwtgen generate use ("valid_all_claims"), and the claims it
// upgrades to in newer, the version after it. The cases upgrade to the
// newest version, so it derives them from a copy of c that ends at newer.
func ExamplePayloads(c *spec.Contract, older, newer *spec.Version) Example {
	end := slices.Index(c.Versions, newer)
	if end < 0 {
		return Example{Note: fmt.Sprintf("Version %d is not a version of %s.", newer.Number, c.Name)}
	}
	truncated := *c
	truncated.Versions = c.Versions[:end+1]

	for _, tc := range testgen.Cases(&truncated) {
		if tc.Version != older.Number || tc.Name != "valid_all_claims" {
			continue
		}
		switch {
		case tc.Skip != "":
			return Example{Note: fmt.Sprintf("No example payload: the golden test cases skip version %d because %s.", older.Number, tc.Skip)}
		case tc.Upgraded == nil:
			return Example{Note: fmt.Sprintf("No example payload: the golden test cases give no upgraded payload for version %d.", older.Number)}
		}
		return Example{Before: tc.Payload, After: tc.Upgraded, Hooked: tc.Unchecked}
	}
	return Example{Note: fmt.Sprintf("No example payload: the golden test cases hold no valid token of version %d, which is %s.", older.Number, older.Status)}
}
