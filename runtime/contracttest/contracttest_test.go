package contracttest

import (
	"encoding/json"
	"errors"
	"fmt"
	"testing"

	"github.com/jwtgen/jwtgen/runtime"
)

func TestObjectKeepsMemberOrder(t *testing.T) {
	const text = `{"z":1,"a":{"y":"x","b":[1.5,null,true]}}`
	var obj Object
	if err := json.Unmarshal([]byte(text), &obj); err != nil {
		t.Fatal(err)
	}
	data, err := obj.MarshalJSON()
	if err != nil {
		t.Fatal(err)
	}
	if string(data) != text {
		t.Errorf("round trip = %s, expected %s", data, text)
	}
}

func TestCompareOutcome(t *testing.T) {
	expired := &runtime.ValidationError{Claim: "exp", Rule: "exp", Err: runtime.ErrClaimInvalid}
	tests := []struct {
		name string
		want Outcome
		err  error
		ok   bool
	}{
		{name: "accepted as expected", want: Outcome{Accept: true}, ok: true},
		{name: "rejected, expected accepted", want: Outcome{Accept: true}, err: expired},
		{name: "accepted, expected rejected", want: Outcome{Sentinel: "runtime.ErrClaimInvalid", Rule: "exp", Claim: "exp"}},
		{name: "matching rule among several", want: Outcome{Sentinel: "runtime.ErrClaimInvalid", Rule: "exp", Claim: "exp"},
			err: errors.Join(&runtime.ValidationError{Claim: "iat", Rule: "iat", Err: runtime.ErrClaimInvalid}, fmt.Errorf("wrapped: %w", expired)), ok: true},
		{name: "other sentinel", want: Outcome{Sentinel: "runtime.ErrClaimMissing", Rule: "exp", Claim: "exp"}, err: expired},
		{name: "other claim", want: Outcome{Sentinel: "runtime.ErrClaimInvalid", Rule: "exp", Claim: "nbf"}, err: expired},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			problem := compareOutcome(tt.want, tt.err)
			if (problem == "") != tt.ok {
				t.Errorf("compareOutcome(%s, %v) = %q, expected a match: %v", tt.want, tt.err, problem, tt.ok)
			}
		})
	}
}

func TestCompareUpgradedSkipsUnchecked(t *testing.T) {
	c := &Case{
		Upgraded:  Object{{Name: "aud", Value: []any{"api"}}, {Name: "session", Value: "x"}},
		Unchecked: []string{"session"},
	}
	if problem := compareUpgraded(c, map[string]any{"aud": "api", "session": "derived"}); problem != "" {
		t.Errorf("compareUpgraded: %s", problem)
	}
	if problem := compareUpgraded(c, map[string]any{"aud": "other"}); problem == "" {
		t.Error("compareUpgraded accepted a different aud")
	}
}
