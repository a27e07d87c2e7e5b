package contracttest

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"

	"github.com/jwtgen/jwtgen/runtime"
)

// VerifyFunc verifies token with a verifier of the contract made from keys
// and opts, and returns its claims.
type VerifyFunc func(ctx context.Context, keys runtime.KeySource, opts []runtime.Option, token string) (any, error)

// Verifiers are the verify methods of one contract.
type Verifiers struct {
	// Versions holds, by version number, the method that verifies tokens
	// of that version only, such as VerifyV1.
	Versions map[int]VerifyFunc
	// Upgrade is the method that verifies a token of any accepted version
	// and returns its claims upgraded to the newest version: Verify. Nil
	// skips the comparison of upgraded payloads.
	Upgrade VerifyFunc
}

// sentinels are the errors an Outcome may name.
var sentinels = map[string]error{
	"runtime.ErrClaimMissing":        runtime.ErrClaimMissing,
	"runtime.ErrClaimInvalid":        runtime.ErrClaimInvalid,
	"runtime.ErrVersionUnknown":      runtime.ErrVersionUnknown,
	"runtime.ErrVersionRetired":      runtime.ErrVersionRetired,
	"runtime.ErrAlgorithmNotAllowed": runtime.ErrAlgorithmNotAllowed,
	"runtime.ErrTypeHeader":          runtime.ErrTypeHeader,
	"runtime.ErrHeaderInvalid":       runtime.ErrHeaderInvalid,
	"runtime.ErrTokenTooLarge":       runtime.ErrTokenTooLarge,
	"runtime.ErrKeyNotFound":         runtime.ErrKeyNotFound,
	"runtime.ErrKeyInvalid":          runtime.ErrKeyInvalid,
	"jwt.ErrTokenMalformed":          jwt.ErrTokenMalformed,
	"jwt.ErrTokenSignatureInvalid":   jwt.ErrTokenSignatureInvalid,
}

// Run runs every case under dir, a folder such as
// "testdata/jwtgen/OrdersAccess" with one subfolder vN per version, as a
// subtest named "vN/CASE". A case fails when the outcome of the version's
// verify method differs from the expected one, or when the upgraded
// payload differs. Run fails the test when dir holds no case, or a case of
// a version that v lacks.
func Run(t *testing.T, dir string, v Verifiers) {
	t.Helper()
	cases, err := Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(cases) == 0 {
		t.Fatalf("no test cases in %s; run go generate", dir)
	}
	for _, c := range cases {
		t.Run(fmt.Sprintf("v%d/%s", c.Version, c.Name), func(t *testing.T) {
			runCase(t, c, v)
		})
	}
}

// Load reads the cases in the version folders of dir, ordered by version
// and then by file name.
func Load(dir string) ([]*Case, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, fmt.Errorf("contracttest: %w", err)
	}
	type versionDir struct {
		number int
		name   string
	}
	var versions []versionDir
	for _, e := range entries {
		n, err := strconv.Atoi(strings.TrimPrefix(e.Name(), "v"))
		if !e.IsDir() || !strings.HasPrefix(e.Name(), "v") || err != nil {
			continue
		}
		versions = append(versions, versionDir{number: n, name: e.Name()})
	}
	slices.SortFunc(versions, func(a, b versionDir) int { return a.number - b.number })

	var cases []*Case
	for _, vd := range versions {
		files, err := filepath.Glob(filepath.Join(dir, vd.name, "*.json"))
		if err != nil {
			return nil, fmt.Errorf("contracttest: %w", err)
		}
		slices.Sort(files)
		for _, file := range files {
			c, err := readCase(file)
			if err != nil {
				return nil, err
			}
			if c.Version != vd.number {
				return nil, fmt.Errorf("contracttest: %s: version is %d, but the file is in folder %s", file, c.Version, vd.name)
			}
			cases = append(cases, c)
		}
	}
	return cases, nil
}

// readCase reads one case file. The name defaults to the file name.
func readCase(file string) (*Case, error) {
	data, err := os.ReadFile(file)
	if err != nil {
		return nil, fmt.Errorf("contracttest: %w", err)
	}
	c := new(Case)
	if err := json.Unmarshal(data, c); err != nil {
		return nil, fmt.Errorf("contracttest: %s: %w", file, err)
	}
	if c.Name == "" {
		c.Name = strings.TrimSuffix(filepath.Base(file), ".json")
	}
	if !c.Expect.Accept && sentinels[c.Expect.Sentinel] == nil {
		return nil, fmt.Errorf("contracttest: %s: unknown sentinel %q; use one of %s", file, c.Expect.Sentinel, strings.Join(sentinelNames(), ", "))
	}
	return c, nil
}

func sentinelNames() []string {
	names := make([]string, 0, len(sentinels))
	for name := range sentinels {
		names = append(names, name)
	}
	slices.Sort(names)
	return names
}

// runCase mints the token of c and checks the outcome of each verify
// method that c names.
func runCase(t *testing.T, c *Case, v Verifiers) {
	if c.Skip != "" {
		t.Skip(c.Skip)
	}
	verify := v.Versions[c.Version]
	if verify == nil {
		t.Fatalf("case %s: the contract has no verify method for version %d", c.Name, c.Version)
	}
	token, err := Mint(c)
	if err != nil {
		t.Fatalf("case %s: mint the token: %v", c.Name, err)
	}
	keySource, err := keys.keySource(c.Keys)
	if err != nil {
		t.Fatalf("case %s: %v", c.Name, err)
	}
	clock := c.Clock
	opts := []runtime.Option{runtime.WithClock(func() time.Time { return clock })}

	_, err = verify(t.Context(), keySource, opts, token)
	if problem := compareOutcome(c.Expect, err); problem != "" {
		t.Errorf("case %s (v%d): %s: expected %s, got %s", c.Name, c.Version, c.Description, c.Expect, problem)
	}

	if c.Upgraded == nil || v.Upgrade == nil {
		return
	}
	got, err := v.Upgrade(t.Context(), keySource, opts, token)
	if err != nil {
		t.Errorf("case %s (v%d): Verify rejected the token, expected it upgraded to the newest version: %v", c.Name, c.Version, err)
		return
	}
	if problem := compareUpgraded(c, got); problem != "" {
		t.Errorf("case %s (v%d): upgraded payload %s", c.Name, c.Version, problem)
	}
}

// Mint returns the compact JWS of c, signed as c.Signing says.
func Mint(c *Case) (string, error) {
	header, err := marshal(c.Header)
	if err != nil {
		return "", err
	}
	payload := []byte(c.PayloadRaw)
	if c.PayloadRaw == "" {
		if payload, err = marshal(c.Payload); err != nil {
			return "", err
		}
	}
	alg, _ := c.Header.Get("alg")
	algName, _ := alg.(string)

	enc := base64.RawURLEncoding
	signingInput := enc.EncodeToString(header) + "." + enc.EncodeToString(payload)
	sig, err := keys.sign(c, algName, []byte(signingInput))
	if err != nil {
		return "", err
	}
	return signingInput + "." + enc.EncodeToString(sig), nil
}

// compareOutcome returns "" when err is the outcome that want expects, and
// otherwise a description of err.
func compareOutcome(want Outcome, err error) string {
	switch {
	case want.Accept && err == nil:
		return ""
	case err == nil:
		return "accepted"
	case want.Accept:
		return fmt.Sprintf("rejected: %v", err)
	}
	if !errors.Is(err, sentinels[want.Sentinel]) {
		return fmt.Sprintf("an error that does not wrap %s: %v", want.Sentinel, err)
	}
	for _, ve := range validationErrors(err) {
		if ve.Rule == want.Rule && ve.Claim == want.Claim {
			return ""
		}
	}
	return fmt.Sprintf("no failure of rule %q on claim %q: %v", want.Rule, want.Claim, err)
}

// validationErrors returns every *runtime.ValidationError in the tree of
// err.
func validationErrors(err error) []*runtime.ValidationError {
	var out []*runtime.ValidationError
	var walk func(error)
	walk = func(err error) {
		if err == nil {
			return
		}
		if ve, ok := err.(*runtime.ValidationError); ok {
			out = append(out, ve)
			return
		}
		switch u := err.(type) {
		case interface{ Unwrap() []error }:
			for _, e := range u.Unwrap() {
				walk(e)
			}
		case interface{ Unwrap() error }:
			walk(u.Unwrap())
		}
	}
	walk(err)
	return out
}

// compareUpgraded returns "" when the JSON encoding of got equals
// c.Upgraded, leaving out the members of c.Unchecked, and otherwise both
// encodings.
func compareUpgraded(c *Case, got any) string {
	gotJSON, err := json.Marshal(got)
	if err != nil {
		return fmt.Sprintf("does not encode as JSON: %v", err)
	}
	wantJSON, err := marshal(c.Upgraded)
	if err != nil {
		return fmt.Sprintf("of the case does not encode as JSON: %v", err)
	}
	var gotValue, wantValue map[string]any
	if err := json.Unmarshal(gotJSON, &gotValue); err != nil {
		return fmt.Sprintf("is not a JSON object: %v", err)
	}
	if err := json.Unmarshal(wantJSON, &wantValue); err != nil {
		return fmt.Sprintf("of the case is not a JSON object: %v", err)
	}
	for _, m := range []map[string]any{gotValue, wantValue} {
		for _, path := range c.Unchecked {
			deletePath(m, path)
		}
		// golang-jwt writes an audience of one as a string.
		if aud, ok := m["aud"].(string); ok {
			m["aud"] = []any{aud}
		}
	}
	if reflect.DeepEqual(gotValue, wantValue) {
		return ""
	}
	gotText, _ := marshal(gotValue)
	wantText, _ := marshal(wantValue)
	return fmt.Sprintf("differs:\n  expected %s\n  got      %s", wantText, gotText)
}

// deletePath removes the member at a dotted path from m.
func deletePath(m map[string]any, path string) {
	head, rest, nested := strings.Cut(path, ".")
	if !nested {
		delete(m, head)
		return
	}
	if inner, ok := m[head].(map[string]any); ok {
		deletePath(inner, rest)
	}
}
