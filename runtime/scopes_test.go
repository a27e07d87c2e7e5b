package runtime

import (
	"encoding/json"
	"errors"
	"slices"
	"testing"
)

func TestSpaceDelimited(t *testing.T) {
	encoded, err := json.Marshal(SpaceDelimited{"orders:read", "orders:write"})
	if err != nil || string(encoded) != `"orders:read orders:write"` {
		t.Errorf("Marshal = %s, %v", encoded, err)
	}

	tests := []struct {
		name string
		json string
		want SpaceDelimited
	}{
		{name: "two", json: `"a b"`, want: SpaceDelimited{"a", "b"}},
		{name: "runs of spaces", json: `"  a   b "`, want: SpaceDelimited{"a", "b"}},
		{name: "tab is not a separator", json: `"a\tb"`, want: SpaceDelimited{"a\tb"}},
		{name: "empty", json: `""`, want: SpaceDelimited{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got SpaceDelimited
			if err := json.Unmarshal([]byte(tt.json), &got); err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}

	for _, bad := range []string{`["a","b"]`, `1`, `null`} {
		var got SpaceDelimited
		if err := json.Unmarshal([]byte(bad), &got); !errors.Is(err, ErrClaimInvalid) {
			t.Errorf("Unmarshal(%s) error = %v, want ErrClaimInvalid", bad, err)
		}
	}
}
