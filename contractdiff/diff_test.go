package contractdiff

import (
	"fmt"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/jwtgen/jwtgen/spec"
)

// tokenDefaults are the token rules of a test version, in file order.
var tokenDefaults = [][2]string{
	{"typ", "JWT"},
	{"algorithms", "[ES256]"},
	{"issuer", "https://auth.example.com"},
	{"audience", "[api]"},
	{"max_lifetime", "1h"},
	{"leeway", "30s"},
	{"require", "[exp, iat]"},
}

// testVersion is one version of a test contract.
type testVersion struct {
	number int
	// extra holds version keys such as "status: deprecated".
	extra string
	// token replaces token rules of tokenDefaults; "-" removes one.
	token map[string]string
	// claims is the claims mapping, one claim per line.
	claims string
}

// yaml writes the version as an item of the versions list.
func (v testVersion) yaml() string {
	var b strings.Builder
	fmt.Fprintf(&b, "  - version: %d\n", v.number)
	for _, line := range strings.Split(strings.TrimSpace(v.extra), "\n") {
		if line != "" {
			fmt.Fprintf(&b, "    %s\n", line)
		}
	}
	b.WriteString("    token:\n")
	for _, kv := range tokenDefaults {
		value := kv[1]
		if override, ok := v.token[kv[0]]; ok {
			value = override
		}
		if value != "-" {
			fmt.Fprintf(&b, "      %s: %s\n", kv[0], value)
		}
	}
	claims := v.claims
	if claims == "" {
		claims = "uid: {type: string, required: true}"
	}
	b.WriteString("    claims:\n")
	for _, line := range strings.Split(strings.TrimSpace(claims), "\n") {
		fmt.Fprintf(&b, "      %s\n", strings.TrimSpace(line))
	}
	return b.String()
}

// contractFile writes a contract with the header lines and the versions.
func contractFile(header string, versions ...testVersion) string {
	var b strings.Builder
	b.WriteString("jwtgen: 1\ncontract: Test\n")
	if header == "" {
		header = "version_claim: ver\nunversioned: 1"
	}
	b.WriteString(strings.TrimSpace(header) + "\nversions:\n")
	for _, v := range versions {
		b.WriteString(v.yaml())
	}
	return b.String()
}

func parse(t *testing.T, name, text string) *spec.Contract {
	t.Helper()
	c, err := spec.Parse(name, []byte(text))
	if err != nil {
		t.Fatalf("parse %s: %v\n%s", name, err, text)
	}
	return c
}

// summary writes a change as "RULE verifiers/issuers adapters", with
// " unsafe" for an unsafe change.
func summary(c *Change) string {
	s := fmt.Sprintf("%s %s/%s %s", c.Rule, c.Verifiers, c.Issuers, c.Adapters)
	if c.Unsafe {
		s += " unsafe"
	}
	return s
}

func summaries(r *Report) []string {
	out := []string{}
	for _, c := range r.Changes {
		out = append(out, summary(c))
	}
	return out
}

// added is the VERSION_ADDED change of a version whose adapters derive.
const versionAdded = "VERSION_ADDED compatible/compatible covered"

// pairRow compares two adjacent versions of one file.
type pairRow struct {
	name         string
	olderClaims  string
	newerClaims  string
	olderToken   map[string]string
	newerToken   map[string]string
	want         []string
	wantMessages []string
}

func TestVersionsRules(t *testing.T) {
	tests := []pairRow{
		{
			name:         "required claim added",
			newerClaims:  "uid: {type: string, required: true}\nregion: {type: string, required: true, default: eu}",
			want:         []string{versionAdded, "CLAIM_REQUIRED_ADDED compatible/overlap covered"},
			wantMessages: []string{`Required claim "region" was added in version 2. To stay safe, keep version 1 accepted until every issuer mints version 2.`},
		},
		{
			name:        "optional claim added",
			newerClaims: "uid: {type: string, required: true}\nregion: {type: string}",
			want:        []string{versionAdded, "CLAIM_OPTIONAL_ADDED compatible/compatible covered"},
		},
		{
			name:        "optional claim removed",
			olderClaims: "uid: {type: string, required: true}\ntenant: {type: string}",
			want:        []string{versionAdded, "CLAIM_REMOVED overlap/compatible not covered"},
		},
		{
			name:        "required claim removed without default",
			olderClaims: "uid: {type: string, required: true}\nlevel: {type: int, required: true}",
			want: []string{
				versionAdded,
				"VERSION_DOWNGRADE_NOT_DERIVABLE compatible/overlap not covered",
				"CLAIM_REMOVED overlap/compatible not covered",
			},
		},
		{
			name:         "renamed with from",
			olderClaims:  "uid: {type: string, required: true}\ntenant: {type: string}",
			newerClaims:  "uid: {type: string, required: true}\ntenant_id: {type: string, from: tenant}",
			want:         []string{versionAdded, "CLAIM_RENAMED overlap/overlap covered"},
			wantMessages: []string{`Claim "tenant" was renamed to "tenant_id" in version 2. To stay safe, keep version 1 accepted until every issuer mints version 2, and mint version 2 only once every verifier accepts it.`},
		},
		{
			name:         "renamed without from",
			olderClaims:  "uid: {type: string, required: true}\ntenant: {type: string}",
			newerClaims:  "uid: {type: string, required: true}\ntenant_id: {type: string}",
			want:         []string{versionAdded, "CLAIM_RENAMED_WITHOUT_FROM breaking/breaking not covered unsafe"},
			wantMessages: []string{`Claim "tenant" was removed and claim "tenant_id" of the same type string was added in version 2 without from, so the upgrade drops the value of "tenant". Add from: tenant to "tenant_id" if it continues "tenant".`},
		},
		{
			name:        "unrelated claims swapped",
			olderClaims: "uid: {type: string, required: true}\ntenant: {type: string}",
			newerClaims: "uid: {type: string, required: true}\nregion: {type: string}",
			want:        []string{versionAdded, "CLAIM_OPTIONAL_ADDED compatible/compatible covered", "CLAIM_REMOVED overlap/compatible not covered"},
		},
		{
			name:        "type changed",
			olderClaims: "uid: {type: string, required: true}\nlevel: {type: int}",
			newerClaims: "uid: {type: string, required: true}\nlevel: {type: number}",
			want:        []string{versionAdded, "CLAIM_TYPE_CHANGED overlap/overlap covered"},
		},
		{
			name:        "encoding changed",
			olderClaims: "uid: {type: string, required: true}\nscope: {type: scopes, encoding: space-delimited}",
			newerClaims: "uid: {type: string, required: true}\nscope: {type: scopes, encoding: array}",
			want:        []string{versionAdded, "CLAIM_ENCODING_CHANGED overlap/overlap covered"},
		},
		{
			name:        "made required",
			olderClaims: "uid: {type: string, required: true}\ntenant: {type: string}",
			newerClaims: "uid: {type: string, required: true}\ntenant: {type: string, required: true, default: none}",
			want:        []string{versionAdded, "CLAIM_MADE_REQUIRED compatible/overlap covered"},
		},
		{
			name:        "made optional",
			olderClaims: "uid: {type: string, required: true}",
			newerClaims: "uid: {type: string}",
			want:        []string{versionAdded, "CLAIM_MADE_OPTIONAL overlap/compatible covered"},
		},
		{
			name:         "pattern added",
			newerClaims:  "uid: {type: string, required: true, pattern: '^[a-z]+$'}",
			want:         []string{versionAdded, "CLAIM_PATTERN_ADDED compatible/overlap not covered"},
			wantMessages: []string{`Claim "uid" got pattern "^[a-z]+$" in version 2. To stay safe, keep version 1 accepted until every issuer mints version 2.`},
		},
		{
			name:        "pattern removed",
			olderClaims: "uid: {type: string, required: true, pattern: '^[a-z]+$'}",
			want:        []string{versionAdded, "CLAIM_PATTERN_REMOVED overlap/compatible covered"},
		},
		{
			name:        "pattern changed",
			olderClaims: "uid: {type: string, required: true, pattern: '^[a-z]+$'}",
			newerClaims: "uid: {type: string, required: true, pattern: '^[0-9]+$'}",
			want:        []string{versionAdded, "CLAIM_PATTERN_CHANGED overlap/overlap not covered"},
		},
		{
			name:         "min_length raised",
			olderClaims:  "uid: {type: string, required: true, min_length: 1}",
			newerClaims:  "uid: {type: string, required: true, min_length: 3}",
			want:         []string{versionAdded, "CLAIM_MIN_LENGTH_TIGHTENED compatible/overlap not covered"},
			wantMessages: []string{`min_length of claim "uid" changed from 1 to 3 in version 2. To stay safe, keep version 1 accepted until every issuer mints version 2.`},
		},
		{
			name:        "min_length removed",
			olderClaims: "uid: {type: string, required: true, min_length: 1}",
			want:        []string{versionAdded, "CLAIM_MIN_LENGTH_LOOSENED overlap/compatible covered"},
		},
		{
			name:        "max_length added",
			newerClaims: "uid: {type: string, required: true, max_length: 8}",
			want:        []string{versionAdded, "CLAIM_MAX_LENGTH_TIGHTENED compatible/overlap not covered"},
		},
		{
			name:        "max_length raised",
			olderClaims: "uid: {type: string, required: true, max_length: 8}",
			newerClaims: "uid: {type: string, required: true, max_length: 9}",
			want:        []string{versionAdded, "CLAIM_MAX_LENGTH_LOOSENED overlap/compatible covered"},
		},
		{
			name:        "minimum raised",
			olderClaims: "uid: {type: string, required: true}\nlevel: {type: int, minimum: 1}",
			newerClaims: "uid: {type: string, required: true}\nlevel: {type: int, minimum: 2}",
			want:        []string{versionAdded, "CLAIM_MINIMUM_TIGHTENED compatible/overlap not covered"},
		},
		{
			name:        "minimum lowered",
			olderClaims: "uid: {type: string, required: true}\nlevel: {type: number, minimum: 1}",
			newerClaims: "uid: {type: string, required: true}\nlevel: {type: number, minimum: 0.5}",
			want:        []string{versionAdded, "CLAIM_MINIMUM_LOOSENED overlap/compatible covered"},
		},
		{
			name:        "maximum lowered",
			olderClaims: "uid: {type: string, required: true}\nlevel: {type: int, maximum: 10}",
			newerClaims: "uid: {type: string, required: true}\nlevel: {type: int, maximum: 9}",
			want:        []string{versionAdded, "CLAIM_MAXIMUM_TIGHTENED compatible/overlap not covered"},
		},
		{
			name:        "maximum removed",
			olderClaims: "uid: {type: string, required: true}\nlevel: {type: int, maximum: 10}",
			newerClaims: "uid: {type: string, required: true}\nlevel: {type: int}",
			want:        []string{versionAdded, "CLAIM_MAXIMUM_LOOSENED overlap/compatible covered"},
		},
		{
			name:        "min_items added",
			olderClaims: "uid: {type: string, required: true}\ntags: {type: '[]string'}",
			newerClaims: "uid: {type: string, required: true}\ntags: {type: '[]string', min_items: 1}",
			want:        []string{versionAdded, "CLAIM_MIN_ITEMS_TIGHTENED compatible/overlap not covered"},
		},
		{
			name:        "min_items lowered",
			olderClaims: "uid: {type: string, required: true}\ntags: {type: '[]string', min_items: 2}",
			newerClaims: "uid: {type: string, required: true}\ntags: {type: '[]string', min_items: 1}",
			want:        []string{versionAdded, "CLAIM_MIN_ITEMS_LOOSENED overlap/compatible covered"},
		},
		{
			name:        "max_items lowered",
			olderClaims: "uid: {type: string, required: true}\ntags: {type: '[]string', max_items: 5}",
			newerClaims: "uid: {type: string, required: true}\ntags: {type: '[]string', max_items: 4}",
			want:        []string{versionAdded, "CLAIM_MAX_ITEMS_TIGHTENED compatible/overlap not covered"},
		},
		{
			name:        "max_items removed",
			olderClaims: "uid: {type: string, required: true}\ntags: {type: '[]string', max_items: 5}",
			newerClaims: "uid: {type: string, required: true}\ntags: {type: '[]string'}",
			want:        []string{versionAdded, "CLAIM_MAX_ITEMS_LOOSENED overlap/compatible covered"},
		},
		{
			name:         "const added",
			olderClaims:  "uid: {type: string, required: true}\nkind: {type: string}",
			newerClaims:  "uid: {type: string, required: true}\nkind: {type: string, const: user}",
			want:         []string{versionAdded, "CLAIM_CONST_ADDED compatible/overlap not covered"},
			wantMessages: []string{`Claim "kind" was pinned to const "user" in version 2. To stay safe, keep version 1 accepted until every issuer mints version 2.`},
		},
		{
			name:        "const removed",
			olderClaims: "uid: {type: string, required: true}\nkind: {type: string, const: user}",
			newerClaims: "uid: {type: string, required: true}\nkind: {type: string}",
			want:        []string{versionAdded, "CLAIM_CONST_REMOVED overlap/compatible covered"},
		},
		{
			name:        "const changed",
			olderClaims: "uid: {type: string, required: true}\nkind: {type: string, const: user}",
			newerClaims: "uid: {type: string, required: true}\nkind: {type: string, const: admin}",
			want:        []string{versionAdded, "CLAIM_CONST_CHANGED overlap/overlap not covered"},
		},
		{
			name:        "enum value added",
			olderClaims: "uid: {type: string, required: true}\nregion: {type: enum, values: [eu]}",
			newerClaims: "uid: {type: string, required: true}\nregion: {type: enum, values: [eu, us]}",
			want:        []string{versionAdded, "CLAIM_ENUM_VALUE_ADDED overlap/compatible covered"},
		},
		{
			name:         "enum value removed from a list",
			olderClaims:  "uid: {type: string, required: true}\nroles: {type: '[]enum', values: [admin, viewer]}",
			newerClaims:  "uid: {type: string, required: true}\nroles: {type: '[]enum', values: [viewer]}",
			want:         []string{versionAdded, "CLAIM_ENUM_VALUE_REMOVED compatible/overlap not covered"},
			wantMessages: []string{`Enum value "admin" was removed from claim "roles" in version 2. To stay safe, keep version 1 accepted until every issuer mints version 2.`},
		},
		{
			name:        "scope added and removed",
			olderClaims: "uid: {type: string, required: true}\nscp: {type: scopes, encoding: array, values: [a:read, a:write]}",
			newerClaims: "uid: {type: string, required: true}\nscp: {type: scopes, encoding: array, values: [a:read, a:admin]}",
			want: []string{
				versionAdded,
				"CLAIM_SCOPE_VALUE_ADDED compatible/compatible covered",
				"CLAIM_SCOPE_VALUE_REMOVED compatible/compatible covered",
			},
		},
		{
			name:         "object member tightened",
			olderClaims:  "uid: {type: string, required: true}\naddress: {type: object, claims: {city: {type: string}}}",
			newerClaims:  "uid: {type: string, required: true}\naddress: {type: object, claims: {city: {type: string, max_length: 40}}}",
			want:         []string{versionAdded, "CLAIM_MAX_LENGTH_TIGHTENED compatible/overlap not covered"},
			wantMessages: []string{`max_length of claim "address.city" changed from none to 40 in version 2. To stay safe, keep version 1 accepted until every issuer mints version 2.`},
		},
		{
			name:       "algorithm replaced",
			newerToken: map[string]string{"algorithms": "[EdDSA]"},
			want: []string{
				versionAdded,
				"TOKEN_ALGORITHM_ADDED overlap/compatible not applicable",
				"TOKEN_ALGORITHM_REMOVED compatible/overlap not applicable",
			},
			wantMessages: []string{
				`Algorithm "EdDSA" was allowed in version 2. To stay safe, mint version 2 only once every verifier accepts it.`,
				`Algorithm "ES256" was disallowed in version 2. To stay safe, keep version 1 accepted until every issuer mints version 2.`,
			},
		},
		{
			name:       "issuer replaced",
			newerToken: map[string]string{"issuer": "https://login.example.com"},
			want: []string{
				versionAdded,
				"TOKEN_ISSUER_ADDED overlap/compatible not applicable",
				"TOKEN_ISSUER_REMOVED compatible/overlap not applicable",
			},
		},
		{
			name:         "issuer check turned on",
			olderToken:   map[string]string{"issuer": "-"},
			want:         []string{versionAdded, "TOKEN_ISSUER_CHECK_CHANGED overlap/overlap not applicable"},
			wantMessages: []string{`The issuer check was turned on in version 2, accepting only "https://auth.example.com". To stay safe, keep version 1 accepted until every issuer mints version 2, and mint version 2 only once every verifier accepts it.`},
		},
		{
			name:       "audience replaced",
			newerToken: map[string]string{"audience": "[api2]"},
			want: []string{
				versionAdded,
				"TOKEN_AUDIENCE_ADDED overlap/compatible not applicable",
				"TOKEN_AUDIENCE_REMOVED compatible/overlap not applicable",
			},
		},
		{
			name:       "audience check turned off",
			newerToken: map[string]string{"audience": "-"},
			want:       []string{versionAdded, "TOKEN_AUDIENCE_CHECK_CHANGED overlap/overlap not applicable"},
		},
		{
			name:       "typ changed",
			newerToken: map[string]string{"typ": "at+jwt"},
			want:       []string{versionAdded, "TOKEN_TYP_CHANGED overlap/overlap not applicable"},
		},
		{
			name:       "typ respelled",
			newerToken: map[string]string{"typ": "application/jwt"},
			want:       []string{versionAdded},
		},
		{
			name:         "max_lifetime shortened",
			newerToken:   map[string]string{"max_lifetime": "15m"},
			want:         []string{versionAdded, "TOKEN_MAX_LIFETIME_SHORTENED compatible/overlap not applicable"},
			wantMessages: []string{`max_lifetime changed from 1h to 15m in version 2. To stay safe, keep version 1 accepted until every issuer mints version 2.`},
		},
		{
			name:       "max_lifetime removed",
			newerToken: map[string]string{"max_lifetime": "-"},
			want:       []string{versionAdded, "TOKEN_MAX_LIFETIME_LENGTHENED overlap/compatible not applicable"},
		},
		{
			name:       "leeway reduced",
			newerToken: map[string]string{"leeway": "5s"},
			want:       []string{versionAdded, "TOKEN_LEEWAY_REDUCED compatible/overlap not applicable"},
		},
		{
			name:       "leeway increased",
			newerToken: map[string]string{"leeway": "1m"},
			want:       []string{versionAdded, "TOKEN_LEEWAY_INCREASED compatible/compatible not applicable"},
		},
		{
			name:       "require changed",
			newerToken: map[string]string{"require": "[exp, jti]"},
			want: []string{
				versionAdded,
				"TOKEN_REQUIRE_ADDED compatible/overlap not applicable",
				"TOKEN_REQUIRE_REMOVED overlap/compatible not applicable",
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			text := contractFile("",
				testVersion{number: 1, token: tt.olderToken, claims: tt.olderClaims},
				testVersion{number: 2, token: tt.newerToken, claims: tt.newerClaims},
			)
			r := Versions(parse(t, "test.jwt.yaml", text))
			if got := summaries(r); !slices.Equal(got, tt.want) {
				t.Errorf("changes:\n got %q\nwant %q", got, tt.want)
			}
			for _, want := range tt.wantMessages {
				if !slices.ContainsFunc(r.Changes, func(c *Change) bool { return c.Message == want }) {
					t.Errorf("no change with message %q; messages:\n%s", want, messages(r))
				}
			}
		})
	}
}

func messages(r *Report) string {
	var lines []string
	for _, c := range r.Changes {
		lines = append(lines, c.Message)
	}
	return strings.Join(lines, "\n")
}

func TestFilesRules(t *testing.T) {
	v1 := testVersion{number: 1}
	deprecated := testVersion{number: 1, extra: "status: deprecated\nissue_until: 2027-01-01T00:00:00Z\naccept_until: 2027-02-01T00:00:00Z"}
	v2 := testVersion{number: 2}
	tests := []struct {
		name         string
		older, newer string
		want         []string
		wantMessages []string
	}{
		{
			name:  "version claim added with unversioned",
			older: contractFile("description: none", v1),
			newer: contractFile("version_claim: ver\nunversioned: 1", v1),
			want:  []string{"CONTRACT_VERSION_CLAIM_ADDED compatible/overlap not applicable"},
		},
		{
			name:         "version claim added without unversioned",
			older:        contractFile("description: none", v1),
			newer:        contractFile("version_claim: ver", v1),
			want:         []string{"CONTRACT_VERSION_CLAIM_ADDED compatible/overlap not applicable unsafe"},
			wantMessages: []string{`version_claim "ver" was added without unversioned, so every token already issued, which lacks "ver", is rejected. Set unversioned to the version of those tokens.`},
		},
		{
			name:  "version claim renamed",
			older: contractFile("version_claim: ver\nunversioned: 1", v1),
			newer: contractFile("version_claim: version\nunversioned: 1", v1),
			want:  []string{"CONTRACT_VERSION_CLAIM_CHANGED breaking/breaking not applicable unsafe"},
		},
		{
			name:  "unversioned changed",
			older: contractFile("version_claim: ver\nunversioned: 1", v1, v2),
			newer: contractFile("version_claim: ver\nunversioned: 2", v1, v2),
			want:  []string{"CONTRACT_UNVERSIONED_CHANGED compatible/breaking not applicable unsafe"},
		},
		{
			name:  "version added",
			older: contractFile("", v1),
			newer: contractFile("", v1, testVersion{number: 2, token: map[string]string{"leeway": "1m"}}),
			want:  []string{versionAdded, "TOKEN_LEEWAY_INCREASED compatible/compatible not applicable"},
		},
		{
			name:         "active version removed",
			older:        contractFile("version_claim: ver", v1, v2),
			newer:        contractFile("version_claim: ver", v2),
			want:         []string{"VERSION_REMOVED compatible/breaking not applicable unsafe"},
			wantMessages: []string{"Version 1 was removed from the file while its status was active, so verifiers reject its tokens at once. Keep it in the file and retire it after a deprecation window instead."},
		},
		{
			name:  "retired version removed",
			older: contractFile("version_claim: ver", testVersion{number: 1, extra: "status: retired"}, v2),
			newer: contractFile("version_claim: ver", v2),
			want:  []string{"VERSION_REMOVED compatible/breaking not applicable"},
		},
		{
			name:  "published version edited",
			older: contractFile("", v1, v2),
			newer: contractFile("", testVersion{number: 1, claims: "uid: {type: string, required: true, pattern: '^u'}"}, v2),
			want: []string{
				"PUBLISHED_VERSION_EDITED breaking/breaking not applicable unsafe",
				"CLAIM_PATTERN_ADDED compatible/overlap not applicable",
			},
			wantMessages: []string{
				"Version 1 was edited in place (1 change), but tokens already minted under it must keep their meaning. Revert the edit and add it as version 3 instead.",
				`Claim "uid" got pattern "^u" in place in version 1.`,
			},
		},
		{
			name:  "version deprecated",
			older: contractFile("", v1, v2),
			newer: contractFile("", testVersion{number: 1, extra: "status: deprecated"}, v2),
			want:  []string{"VERSION_DEPRECATED compatible/compatible not applicable"},
		},
		{
			name:  "version retired after its window",
			older: contractFile("", deprecated, v2),
			newer: contractFile("", testVersion{number: 1, extra: "status: retired\nissue_until: 2027-01-01T00:00:00Z\naccept_until: 2027-02-01T00:00:00Z"}, v2),
			want:  []string{"VERSION_RETIRED compatible/overlap not applicable"},
		},
		{
			name:  "active version retired",
			older: contractFile("", v1, v2),
			newer: contractFile("", testVersion{number: 1, extra: "status: retired"}, v2),
			want:  []string{"VERSION_RETIRED_WITHOUT_OVERLAP compatible/breaking not applicable unsafe"},
		},
		{
			name:  "deprecated version without accept_until retired",
			older: contractFile("", testVersion{number: 1, extra: "status: deprecated"}, v2),
			newer: contractFile("", testVersion{number: 1, extra: "status: retired"}, v2),
			want:  []string{"VERSION_RETIRED_WITHOUT_OVERLAP compatible/breaking not applicable unsafe"},
		},
		{
			name:  "newest version retired",
			older: contractFile("", deprecated),
			newer: contractFile("", testVersion{number: 1, extra: "status: retired\nissue_until: 2027-01-01T00:00:00Z\naccept_until: 2027-02-01T00:00:00Z"}),
			want:  []string{"VERSION_RETIRED_WITHOUT_OVERLAP compatible/breaking not applicable unsafe"},
		},
		{
			name:  "version reactivated",
			older: contractFile("", testVersion{number: 1, extra: "status: deprecated"}, v2),
			newer: contractFile("", v1, v2),
			want:  []string{"VERSION_REACTIVATED compatible/compatible not applicable"},
		},
		{
			name:  "dates moved earlier",
			older: contractFile("", deprecated, v2),
			newer: contractFile("", testVersion{number: 1, extra: "status: deprecated\nissue_until: 2026-12-01T00:00:00Z\naccept_until: 2027-01-15T00:00:00Z"}, v2),
			want: []string{
				"VERSION_ISSUE_UNTIL_EARLIER compatible/overlap not applicable",
				"VERSION_ACCEPT_UNTIL_EARLIER compatible/overlap not applicable",
			},
			wantMessages: []string{"issue_until of version 1 moved from 2027-01-01T00:00:00Z to 2026-12-01T00:00:00Z, so issuers stop minting it sooner. Announce the date to the teams that use version 1 before it comes."},
		},
		{
			name:  "dates moved later",
			older: contractFile("", deprecated, v2),
			newer: contractFile("", testVersion{number: 1, extra: "status: deprecated\nissue_until: 2027-02-01T00:00:00Z"}, v2),
			want: []string{
				"VERSION_ISSUE_UNTIL_LATER compatible/compatible not applicable",
				"VERSION_ACCEPT_UNTIL_LATER compatible/compatible not applicable",
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := Files(parse(t, "old.jwt.yaml", tt.older), parse(t, "new.jwt.yaml", tt.newer))
			if got := summaries(r); !slices.Equal(got, tt.want) {
				t.Errorf("changes:\n got %q\nwant %q", got, tt.want)
			}
			for _, want := range tt.wantMessages {
				if !slices.ContainsFunc(r.Changes, func(c *Change) bool { return c.Message == want }) {
					t.Errorf("no change with message %q; messages:\n%s", want, messages(r))
				}
			}
		})
	}
}

// TestUpgradeNotDerivable builds the model by hand, because the loader
// rejects a required claim that nothing fills.
func TestUpgradeNotDerivable(t *testing.T) {
	c := parse(t, "test.jwt.yaml", contractFile("", testVersion{number: 1}, testVersion{number: 2}))
	newer := c.Versions[1]
	newer.Claims = append(newer.Claims, &spec.Claim{Name: "region", Path: "region", Kind: spec.KindString, Required: true})

	got := summaries(Versions(c))
	want := []string{
		versionAdded,
		"VERSION_UPGRADE_NOT_DERIVABLE breaking/breaking not covered unsafe",
		"CLAIM_REQUIRED_ADDED compatible/overlap not covered",
	}
	if !slices.Equal(got, want) {
		t.Errorf("changes:\n got %q\nwant %q", got, want)
	}
}

// TestEveryRuleIsTested fails when a rule of the table appears in no
// expectation of the tests above, read from this file.
func TestEveryRuleIsTested(t *testing.T) {
	data, err := os.ReadFile("diff_test.go")
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range Rules {
		if !strings.Contains(string(data), `"`+r.ID+" ") {
			t.Errorf("rule %s has no expectation in diff_test.go", r.ID)
		}
	}
}

func TestRulesTable(t *testing.T) {
	seen := map[string]bool{}
	impacts := []Impact{Compatible, Overlap, Breaking}
	for _, r := range Rules {
		if seen[r.ID] {
			t.Errorf("rule %s is listed twice", r.ID)
		}
		seen[r.ID] = true
		if !slices.Contains(impacts, r.Verifiers) || !slices.Contains(impacts, r.Issuers) {
			t.Errorf("rule %s has impacts %q/%q", r.ID, r.Verifiers, r.Issuers)
		}
		if !strings.HasSuffix(r.Purpose, ".") || strings.Count(r.Purpose, ". ") > 0 {
			t.Errorf("rule %s: purpose %q is not one sentence", r.ID, r.Purpose)
		}
	}
}
