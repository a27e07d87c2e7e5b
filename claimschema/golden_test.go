package claimschema

import (
	"bytes"
	"encoding/json"
	"fmt"
	"slices"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/jwtgen/jwtgen/runtime/contracttest"
)

// payloadRules are the rules of a rejected golden case that a payload
// schema can express. The verdict of the other rules (time, lifetime,
// header, signature, duplicate members, version windows) depends on more
// than the payload, so those cases are not compared.
var payloadRules = []string{
	"required", "type", "values", "pattern", "min_length", "max_length",
	"minimum", "maximum", "min_items", "max_items", "const", "format",
	"issuer", "audience",
}

// TestGoldenCasesAgree validates the payload of every golden test case that
// jwtgen generates for the bundled contracts against the schema of the
// case's version. The case's expected outcome is what the generated Go
// verifier returns (its generated test asserts that), so the schema must
// accept the payloads Go accepts and reject those Go rejects for a payload
// rule.
func TestGoldenCasesAgree(t *testing.T) {
	suites := []struct {
		contract string
		cases    string
	}{
		{"../internal/allkinds/allkinds.jwt.yaml", "../internal/allkinds/testdata/jwtgen/AllKinds"},
		{"../examples/orders/tokens/orders.jwt.yaml", "../examples/orders/tokens/testdata/jwtgen/OrdersAccess"},
	}
	for _, suite := range suites {
		c := loadContract(t, suite.contract)
		cases, err := contracttest.Load(suite.cases)
		if err != nil {
			t.Fatalf("%s: %v", c.Name, err)
		}
		compared := 0
		for _, v := range c.Versions {
			content, err := Version(c, v, Options{})
			if err != nil {
				t.Fatalf("%s v%d: %v", c.Name, v.Number, err)
			}
			schema := compileSchema(t, content, true)

			for _, tc := range cases {
				if tc.Version != v.Number || tc.Skip != "" || (!tc.Expect.Accept && !slices.Contains(payloadRules, tc.Expect.Rule)) {
					continue
				}
				compared++
				t.Run(fmt.Sprintf("%s/v%d/%s", c.Name, v.Number, tc.Name), func(t *testing.T) {
					payload := []byte(tc.PayloadRaw)
					if tc.PayloadRaw == "" {
						payload, err = json.Marshal(tc.Payload)
						if err != nil {
							t.Fatal(err)
						}
					}
					instance, err := jsonschema.UnmarshalJSON(bytes.NewReader(payload))
					if err != nil {
						t.Fatalf("payload is not JSON: %v", err)
					}
					err = schema.Validate(instance)
					switch {
					case tc.Expect.Accept && err != nil:
						t.Errorf("Go accepts the payload, the schema rejects it: %v", err)
					case !tc.Expect.Accept && err == nil:
						t.Errorf("Go rejects the payload (%s), the schema accepts it", tc.Expect)
					}
				})
			}
		}
		if compared == 0 {
			t.Errorf("%s: no golden case was compared", c.Name)
		}
	}
}
