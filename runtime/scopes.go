package runtime

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"
)

// SpaceDelimited is a list of scopes written in JSON as one string of
// space-separated values, as OAuth 2.0 writes the "scope" claim.
type SpaceDelimited []string

// MarshalJSON encodes the scopes as one string, separated by single
// spaces.
func (s SpaceDelimited) MarshalJSON() ([]byte, error) {
	return json.Marshal(strings.Join(s, " "))
}

// UnmarshalJSON decodes a JSON string and splits it on runs of spaces. Any
// other JSON value, null included, is an error.
func (s *SpaceDelimited) UnmarshalJSON(data []byte) error {
	var joined string
	if len(data) == 0 || data[0] != '"' {
		return fmt.Errorf("%w: space-delimited scopes must be a JSON string", ErrClaimInvalid)
	}
	if err := json.Unmarshal(data, &joined); err != nil {
		return fmt.Errorf("%w: space-delimited scopes: %w", ErrClaimInvalid, err)
	}
	*s = strings.FieldsFunc(joined, func(r rune) bool { return r == ' ' })
	return nil
}

// Contains reports whether scope is one of the scopes.
func (s SpaceDelimited) Contains(scope string) bool {
	return slices.Contains(s, scope)
}
