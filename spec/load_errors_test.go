package spec

import (
	"errors"
	"fmt"
	"strings"
	"testing"
)

// head starts a contract of one version. A case appends the rest of
// version 1 at four spaces of indentation, from line 6 on, or top-level keys
// at no indentation.
const head = "jwtgen: 1\ncontract: T\nversions:\n  - version: 1\n    token: {algorithms: [ES256]}\n"

// head2 starts a contract whose version 1 has the claims uid, tenant and
// addr (an object with the member city). A case appends the rest of
// version 2 at four spaces of indentation, from line 13 on.
const head2 = "jwtgen: 1\n" +
	"contract: T\n" +
	"version_claim: ver\n" +
	"versions:\n" +
	"  - version: 1\n" +
	"    token: {algorithms: [ES256]}\n" +
	"    claims:\n" +
	"      uid: {type: string}\n" +
	"      tenant: {type: string}\n" +
	"      addr: {type: object, claims: {city: {type: string}}}\n" +
	"  - version: 2\n" +
	"    token: {algorithms: [ES256]}\n"

// aliasBomb is a contract whose default nests aliases ten levels deep, ten
// to a level: expanded, it would hold ten billion strings.
var aliasBomb = func() string {
	var b strings.Builder
	b.WriteString(head + "    claims:\n      extra:\n        type: json\n        default:\n")
	b.WriteString("          l0: &l0 [x, x, x, x, x, x, x, x, x, x]\n")
	for i := 1; i < 10; i++ {
		fmt.Fprintf(&b, "          l%d: &l%d [*l%d, *l%d, *l%d, *l%d, *l%d, *l%d, *l%d, *l%d, *l%d, *l%d]\n", i, i, i-1, i-1, i-1, i-1, i-1, i-1, i-1, i-1, i-1, i-1)
	}
	return b.String()
}()

// TestParseErrors checks the full text of every loader error: position,
// message, rule and hint.
func TestParseErrors(t *testing.T) {
	tests := []struct {
		name  string
		input string
		want  string
	}{
		{
			name:  "yaml syntax error",
			input: "jwtgen: 1\ncontract: [T\n",
			want:  "c.jwt.yaml:3:1: error: invalid YAML: did not find expected ',' or ']' while parsing a flow sequence at line 2\n\thint: check the indentation, quotes and brackets up to this position",
		},
		{
			name:  "empty file",
			input: "",
			want:  "c.jwt.yaml:1:1: error: contract file is empty\n\thint: start the file with jwtgen: 1",
		},
		{
			name:  "comments only",
			input: "# nothing here\n",
			want:  "c.jwt.yaml:1:1: error: contract file is empty\n\thint: start the file with jwtgen: 1",
		},
		{
			name:  "two documents",
			input: head + "---\njwtgen: 1\n",
			want:  "c.jwt.yaml:6:1: error: contract file has more than one YAML document\n\thint: keep one contract per file, without a second \"---\" document",
		},
		{
			name:  "root is a list",
			input: "- jwtgen: 1\n",
			want:  "c.jwt.yaml:1:1: error: contract file must be a mapping, got a list\n\thint: write key: value pairs, one per line or in {braces}",
		},
		{
			name:  "duplicate key",
			input: "jwtgen: 1\ncontract: T\ncontract: U\nversions:\n  - version: 1\n    token: {algorithms: [ES256]}\n",
			want:  "c.jwt.yaml:3:1: error: duplicate key \"contract\" in contract file\n\thint: remove one of them: the first is at line 2",
		},
		{
			name:  "merge key",
			input: head + "    claims:\n      base: &base {type: string}\n      uid:\n        <<: *base\n        required: true\n",
			want:  "c.jwt.yaml:9:9: error: merge key \"<<\" in claim \"uid\" is not supported\n\thint: write the keys out: an alias (*name) may stand only for a whole value\nc.jwt.yaml:9:9: error: missing required key \"type\" in claim \"uid\"\n\thint: add type: string, or another claim type",
		},
		{
			name:  "key is a list",
			input: head + "    claims:\n      ? [a]\n      : {type: string}\n",
			want:  "c.jwt.yaml:7:9: error: key in claims of version 1 must be a string, got a list\n\thint: write the key as a plain string",
		},
		{
			name:  "too many aliases",
			input: aliasBomb,
			want:  "c.jwt.yaml:11:35: error: more than 10000 aliases in the file\n\thint: write the values out instead of nesting aliases",
		},
		{
			name:  "OpenAPI document",
			input: "openapi: 3.1.0\ninfo: {title: Orders, version: 1.0.0}\npaths: {}\n",
			want:  "c.jwt.yaml:1:1: error: this is an OpenAPI document (it has the key \"openapi\"), not a contract file\n\thint: pass the contract file that a security scheme's x-jwt-contract names, or give this document to jwtgen generate --openapi",
		},
		{
			name:  "unknown top-level key",
			input: head + "colour: red\n",
			want:  "c.jwt.yaml:6:1: error: unknown key \"colour\" in contract file\n\thint: allowed keys: jwtgen, contract, description, version_claim, unversioned, versions",
		},
		{
			name:  "unknown top-level key near a known one",
			input: head + "version_clam: ver\n",
			want:  "c.jwt.yaml:6:1: error: unknown key \"version_clam\" in contract file\n\thint: did you mean \"version_claim\"?",
		},
		{
			name:  "jwtgen is a string",
			input: "jwtgen: \"1\"\ncontract: T\nversions:\n  - version: 1\n    token: {algorithms: [ES256]}\n",
			want:  "c.jwt.yaml:1:9: error: jwtgen must be the format version 1, got \"1\"\n\thint: write jwtgen: 1",
		},
		{
			name:  "jwtgen is 2",
			input: "jwtgen: 2\ncontract: T\nversions:\n  - version: 1\n    token: {algorithms: [ES256]}\n",
			want:  "c.jwt.yaml:1:9: error: unsupported format version 2\n\thint: write jwtgen: 1, the only format version this jwtgen reads",
		},
		{
			name:  "jwtgen missing",
			input: "contract: T\nversions:\n  - version: 1\n    token: {algorithms: [ES256]}\n",
			want:  "c.jwt.yaml:1:1: error: missing required key \"jwtgen\" in contract file\n\thint: start the file with jwtgen: 1",
		},
		{
			name:  "versions missing",
			input: "jwtgen: 1\ncontract: T\n",
			want:  "c.jwt.yaml:1:1: error: missing required key \"versions\" in contract file\n\thint: add a versions: list, starting with version: 1",
		},
		{
			name:  "contract not an identifier",
			input: "jwtgen: 1\ncontract: orders_access\nversions:\n  - version: 1\n    token: {algorithms: [ES256]}\n",
			want:  "c.jwt.yaml:2:11: error: contract name \"orders_access\" is not an exported Go identifier\n\thint: write \"OrdersAccess\": names start with an upper-case letter and hold only letters, digits and underscores",
		},
		{
			name:  "contract that cannot be fixed",
			input: "jwtgen: 1\ncontract: 9lives\nversions:\n  - version: 1\n    token: {algorithms: [ES256]}\n",
			want:  "c.jwt.yaml:2:11: error: contract name \"9lives\" is not an exported Go identifier\n\thint: names start with an upper-case letter and hold only letters, digits and underscores",
		},
		{
			name:  "contract is a number",
			input: "jwtgen: 1\ncontract: 12\nversions:\n  - version: 1\n    token: {algorithms: [ES256]}\n",
			want:  "c.jwt.yaml:2:11: error: contract must be a string, got 12\n\thint: quote it to make it a string: \"12\"",
		},
		{
			name:  "description is a list",
			input: head + "description: [a]\n",
			want:  "c.jwt.yaml:6:14: error: description must be a string, got a list\n\thint: write a string",
		},
		{
			name:  "version_claim empty",
			input: head + "version_claim: \"\"\n",
			want:  "c.jwt.yaml:6:16: error: version_claim must not be empty\n\thint: write a non-empty string",
		},
		{
			name:  "version_claim registered",
			input: head + "version_claim: jti\n",
			want:  "c.jwt.yaml:6:16: error: version_claim \"jti\" is a registered claim\n\thint: choose a claim name of your own, e.g. version_claim: ver",
		},
		{
			name:  "version_claim declared as a claim",
			input: head + "    claims:\n      ver: {type: int}\nversion_claim: ver\n",
			want:  "c.jwt.yaml:7:7: error: claim \"ver\" is the version_claim of the contract\n\thint: jwtgen sets the version claim itself: remove this claim or choose another version_claim",
		},
		{
			name:  "versions is a mapping",
			input: "jwtgen: 1\ncontract: T\nversions: {version: 1}\n",
			want:  "c.jwt.yaml:3:11: error: versions must be a list, got a mapping\n\thint: write a list: [a, b], or one \"- item\" per line",
		},
		{
			name:  "versions empty",
			input: "jwtgen: 1\ncontract: T\nversions: []\n",
			want:  "c.jwt.yaml:3:11: error: versions must list at least one version\n\thint: add a version: - version: 1 with its token and claims",
		},
		{
			name:  "several versions without version_claim",
			input: head + "  - version: 2\n    token: {algorithms: [ES256]}\n",
			want:  "c.jwt.yaml:4:3: error: 2 versions but no version_claim to tell their tokens apart\n\thint: add version_claim: ver",
		},
		{
			name:  "unversioned names a missing version",
			input: head + "unversioned: 3\n",
			want:  "c.jwt.yaml:6:14: error: unversioned names version 3, which the file does not have\n\thint: use one of the versions: 1",
		},
		{
			name:  "unversioned is zero",
			input: head + "unversioned: 0\n",
			want:  "c.jwt.yaml:6:14: error: unversioned must be a positive integer, got 0\n\thint: write a whole number from 1 up",
		},
		{
			name:  "versions item is a number",
			input: "jwtgen: 1\ncontract: T\nversions:\n  - 1\n",
			want:  "c.jwt.yaml:4:5: error: versions item 1 must be a mapping, got 1\n\thint: write key: value pairs, one per line or in {braces}",
		},
		{
			name:  "version missing",
			input: "jwtgen: 1\ncontract: T\nversions:\n  - token: {algorithms: [ES256]}\n",
			want:  "c.jwt.yaml:4:5: error: missing required key \"version\" in versions item 1\n\thint: number it: version: 1",
		},
		{
			name:  "version not increasing",
			input: "jwtgen: 1\ncontract: T\nversion_claim: ver\nversions:\n  - version: 2\n    token: {algorithms: [ES256]}\n  - version: 1\n    token: {algorithms: [ES256]}\n",
			want:  "c.jwt.yaml:7:14: error: version 1 must be greater than version 2 before it\n\thint: number versions in increasing order and add new ones at the end",
		},
		{
			name:  "unknown version key",
			input: head + "    statuss: active\n",
			want:  "c.jwt.yaml:6:5: error: unknown key \"statuss\" in version 1\n\thint: did you mean \"status\"?",
		},
		{
			name:  "status unknown",
			input: head + "    status: gone\n",
			want:  "c.jwt.yaml:6:13: error: unknown status \"gone\" of version 1\n\thint: use active, deprecated or retired",
		},
		{
			name:  "status is a boolean",
			input: head + "    status: true\n",
			want:  "c.jwt.yaml:6:13: error: status of version 1 must be a string, got true\n\thint: quote it to make it a string: \"true\"",
		},
		{
			name:  "issue_until after accept_until",
			input: head + "    issue_until: 2027-02-01T00:00:00Z\n    accept_until: 2027-01-01T00:00:00Z\n",
			want:  "c.jwt.yaml:6:18: error: issue_until 2027-02-01T00:00:00Z of version 1 is after its accept_until 2027-01-01T00:00:00Z\n\thint: issuers must stop minting a version no later than verifiers stop accepting it",
		},
		{
			name:  "accept_until is a date",
			input: head + "    accept_until: 2027-01-01\n",
			want:  "c.jwt.yaml:6:19: error: accept_until of version 1 must be an RFC 3339 timestamp, got 2027-01-01\n\thint: write a date, time and zone, e.g. 2027-01-15T00:00:00Z",
		},
		{
			name:  "token missing",
			input: "jwtgen: 1\ncontract: T\nversions:\n  - version: 1\n",
			want:  "c.jwt.yaml:4:5: error: missing required key \"token\" in version 1\n\thint: add a token: section with at least algorithms",
		},
		{
			name:  "token is a list",
			input: "jwtgen: 1\ncontract: T\nversions:\n  - version: 1\n    token: [ES256]\n",
			want:  "c.jwt.yaml:5:12: error: token of version 1 must be a mapping, got a list\n\thint: write key: value pairs, one per line or in {braces}",
		},
		{
			name:  "typ empty",
			input: "jwtgen: 1\ncontract: T\nversions:\n  - version: 1\n    token: {typ: \"\", algorithms: [ES256]}\n",
			want:  "c.jwt.yaml:5:18: error: typ of version 1 must not be empty\n\thint: write a non-empty string",
		},
		{
			name:  "algorithms is a string",
			input: "jwtgen: 1\ncontract: T\nversions:\n  - version: 1\n    token: {algorithms: ES256}\n",
			want:  "c.jwt.yaml:5:25: error: algorithms of version 1 must be a list, got \"ES256\"\n\thint: write a list: [a, b], or one \"- item\" per line",
		},
		{
			name:  "algorithms empty",
			input: "jwtgen: 1\ncontract: T\nversions:\n  - version: 1\n    token: {algorithms: []}\n",
			want:  "c.jwt.yaml:5:25: error: algorithms of version 1 must list at least one algorithm\n\thint: list the algorithms the issuer signs with, e.g. [ES256]",
		},
		{
			name:  "algorithm none in capitals",
			input: "jwtgen: 1\ncontract: T\nversions:\n  - version: 1\n    token: {algorithms: [ES256, NONE]}\n",
			want:  "c.jwt.yaml:5:33: error: algorithm \"NONE\" is not allowed: unsigned tokens are never accepted [ALGORITHM_NONE]\n\thint: list signing algorithms only, e.g. ES256",
		},
		{
			name:  "algorithm in lower case",
			input: "jwtgen: 1\ncontract: T\nversions:\n  - version: 1\n    token: {algorithms: [eddsa]}\n",
			want:  "c.jwt.yaml:5:26: error: unknown algorithm \"eddsa\"\n\thint: did you mean \"EdDSA\"?",
		},
		{
			name:  "algorithm unknown",
			input: "jwtgen: 1\ncontract: T\nversions:\n  - version: 1\n    token: {algorithms: [ES257]}\n",
			want:  "c.jwt.yaml:5:26: error: unknown algorithm \"ES257\"\n\thint: use one of HS256, HS384, HS512, RS256, RS384, RS512, PS256, PS384, PS512, ES256, ES384, ES512, EdDSA",
		},
		{
			name:  "algorithm is a number",
			input: "jwtgen: 1\ncontract: T\nversions:\n  - version: 1\n    token: {algorithms: [256]}\n",
			want:  "c.jwt.yaml:5:26: error: algorithm in version 1 must be a string, got 256\n\thint: quote it to make it a string: \"256\"",
		},
		{
			name:  "algorithm duplicate",
			input: "jwtgen: 1\ncontract: T\nversions:\n  - version: 1\n    token: {algorithms: [ES256, EdDSA, ES256]}\n",
			want:  "c.jwt.yaml:5:40: error: duplicate algorithm \"ES256\" in version 1\n\thint: remove the second one",
		},
		{
			name:  "algorithm families mixed",
			input: "jwtgen: 1\ncontract: T\nversions:\n  - version: 1\n    token: {algorithms: [RS256, PS256, HS512]}\n",
			want:  "c.jwt.yaml:5:40: error: algorithms of version 1 mix HMAC \"HS512\" and asymmetric \"RS256\" [ALGORITHM_FAMILIES_MIXED]\n\thint: keep one family per version: an HMAC secret must never verify an asymmetric signature, nor a public key an HMAC one",
		},
		{
			name:  "issuer empty list",
			input: "jwtgen: 1\ncontract: T\nversions:\n  - version: 1\n    token: {algorithms: [ES256], issuer: []}\n",
			want:  "c.jwt.yaml:5:42: error: issuer of version 1 must not be an empty list\n\thint: list at least one value, or leave the key out",
		},
		{
			name:  "issuer is a mapping",
			input: "jwtgen: 1\ncontract: T\nversions:\n  - version: 1\n    token: {algorithms: [ES256], issuer: {url: x}}\n",
			want:  "c.jwt.yaml:5:42: error: issuer of version 1 must be a string or a list of strings, got a mapping\n\thint: write one string or a list of strings, e.g. [api]",
		},
		{
			name:  "issuer item is a number",
			input: "jwtgen: 1\ncontract: T\nversions:\n  - version: 1\n    token: {algorithms: [ES256], issuer: [1]}\n",
			want:  "c.jwt.yaml:5:43: error: value in issuer of version 1 must be a string, got 1\n\thint: quote it to make it a string: \"1\"",
		},
		{
			name:  "audience duplicate",
			input: "jwtgen: 1\ncontract: T\nversions:\n  - version: 1\n    token: {algorithms: [ES256], audience: [api, api]}\n",
			want:  "c.jwt.yaml:5:50: error: duplicate value \"api\" in audience of version 1\n\thint: remove the second one",
		},
		{
			name:  "max_lifetime zero",
			input: "jwtgen: 1\ncontract: T\nversions:\n  - version: 1\n    token: {algorithms: [ES256], max_lifetime: 0s}\n",
			want:  "c.jwt.yaml:5:48: error: max_lifetime of version 1 must be greater than 0, got \"0s\"\n\thint: leave max_lifetime out to leave the lifetime unbounded",
		},
		{
			name:  "max_lifetime without unit",
			input: "jwtgen: 1\ncontract: T\nversions:\n  - version: 1\n    token: {algorithms: [ES256], max_lifetime: 900}\n",
			want:  "c.jwt.yaml:5:48: error: max_lifetime of version 1 must be a Go duration, got 900\n\thint: write a number with a unit: ms, s, m or h, e.g. 15m or 1h30m",
		},
		{
			name:  "leeway negative",
			input: "jwtgen: 1\ncontract: T\nversions:\n  - version: 1\n    token: {algorithms: [ES256], leeway: -30s}\n",
			want:  "c.jwt.yaml:5:42: error: leeway of version 1 must not be negative, got \"-30s\"\n\thint: write a duration of 0 or more, e.g. 30s",
		},
		{
			name:  "require misspelled",
			input: "jwtgen: 1\ncontract: T\nversions:\n  - version: 1\n    token: {algorithms: [ES256], require: [exp, ita]}\n",
			want:  "c.jwt.yaml:5:49: error: unknown registered claim \"ita\" in require of version 1\n\thint: did you mean \"iat\"?",
		},
		{
			name:  "require custom claim",
			input: "jwtgen: 1\ncontract: T\nversions:\n  - version: 1\n    token: {algorithms: [ES256], require: [tenant]}\n",
			want:  "c.jwt.yaml:5:44: error: unknown registered claim \"tenant\" in require of version 1\n\thint: require lists registered claims: iss, sub, aud, exp, nbf, iat, jti",
		},
		{
			name:  "require duplicate",
			input: "jwtgen: 1\ncontract: T\nversions:\n  - version: 1\n    token: {algorithms: [ES256], require: [exp, exp]}\n",
			want:  "c.jwt.yaml:5:49: error: duplicate claim \"exp\" in require of version 1\n\thint: remove the second one",
		},
		{
			name:  "require is a string",
			input: "jwtgen: 1\ncontract: T\nversions:\n  - version: 1\n    token: {algorithms: [ES256], require: exp}\n",
			want:  "c.jwt.yaml:5:43: error: require of version 1 must be a list, got \"exp\"\n\thint: write a list: [a, b], or one \"- item\" per line",
		},
		{
			name:  "unknown token key",
			input: "jwtgen: 1\ncontract: T\nversions:\n  - version: 1\n    token: {algorithms: [ES256], lifetime: 1h}\n",
			want:  "c.jwt.yaml:5:34: error: unknown key \"lifetime\" in token of version 1\n\thint: allowed keys: typ, algorithms, issuer, audience, max_lifetime, leeway, require",
		},
		{
			name:  "upgrade in the first version",
			input: head + "    upgrade: {sub: hook}\n",
			want:  "c.jwt.yaml:6:14: error: version 1 has an upgrade section, but it is the first version\n\thint: remove upgrade: it fills registered claims of tokens of an earlier version",
		},
		{
			name:  "upgrade of exp",
			input: head2 + "    upgrade: {exp: hook}\n",
			want:  "c.jwt.yaml:13:15: error: upgrade of version 2 cannot fill \"exp\"\n\thint: exp, nbf and iat are kept from the token being upgraded",
		},
		{
			name:  "upgrade of a misspelled claim",
			input: head2 + "    upgrade: {subj: hook}\n",
			want:  "c.jwt.yaml:13:15: error: upgrade of version 2 cannot fill \"subj\"\n\thint: did you mean \"sub\"?",
		},
		{
			name:  "upgrade is a list",
			input: head2 + "    upgrade: [sub]\n",
			want:  "c.jwt.yaml:13:14: error: upgrade of version 2 must be a mapping, got a list\n\thint: write key: value pairs, one per line or in {braces}",
		},
		{
			name:  "upgrade of sub is a claim name",
			input: head2 + "    upgrade: {sub: uid}\n",
			want:  "c.jwt.yaml:13:20: error: upgrade of \"sub\" in version 2 must be hook or a mapping with from or default, got \"uid\"\n\thint: write hook, or a mapping such as {from: uid}",
		},
		{
			name:  "upgrade of sub is empty",
			input: head2 + "    upgrade: {sub: {}}\n",
			want:  "c.jwt.yaml:13:20: error: upgrade of \"sub\" in version 2 needs from or default\n\thint: add from: naming a claim of version 1, or default:",
		},
		{
			name:  "upgrade of sub has an unknown key",
			input: head2 + "    upgrade: {sub: {form: uid}}\n",
			want:  "c.jwt.yaml:13:21: error: unknown key \"form\" in upgrade of \"sub\" in version 2\n\thint: did you mean \"from\"?",
		},
		{
			name:  "upgrade from a misspelled claim",
			input: head2 + "    upgrade: {sub: {from: ui}}\n",
			want:  "c.jwt.yaml:13:27: error: from \"ui\" of upgrade of \"sub\" in version 2 names no claim of version 1\n\thint: did you mean \"uid\"?",
		},
		{
			name:  "upgrade from an unrelated name",
			input: head2 + "    upgrade: {sub: {from: username}}\n",
			want:  "c.jwt.yaml:13:27: error: from \"username\" of upgrade of \"sub\" in version 2 names no claim of version 1\n\thint: version 1 has \"uid\", \"tenant\", \"addr\"",
		},
		{
			name:  "upgrade from an object",
			input: head2 + "    upgrade: {sub: {from: addr}}\n",
			want:  "c.jwt.yaml:13:27: error: from \"addr\" of upgrade of \"sub\" in version 2 has type object, which cannot fill \"sub\"\n\thint: name a string claim (string, url, email, uuid or enum), or write sub: hook",
		},
		{
			name:  "upgrade default of sub is a list",
			input: head2 + "    upgrade: {sub: {default: [a]}}\n",
			want:  "c.jwt.yaml:13:30: error: default of upgrade of \"sub\" in version 2 must be a string, got a list\n\thint: write a string",
		},
		{
			name:  "upgrade default of aud is empty",
			input: head2 + "    upgrade: {aud: {default: []}}\n",
			want:  "c.jwt.yaml:13:30: error: default of upgrade of \"aud\" in version 2 must not be an empty list\n\thint: list at least one value, or leave the key out",
		},
		{
			name:  "claims is a list",
			input: head + "    claims: [uid]\n",
			want:  "c.jwt.yaml:6:13: error: claims of version 1 must be a mapping, got a list\n\thint: write key: value pairs, one per line or in {braces}",
		},
		{
			name:  "claim is a string",
			input: head + "    claims:\n      uid: string\n",
			want:  "c.jwt.yaml:7:12: error: claim \"uid\" must be a mapping, got \"string\"\n\thint: write key: value pairs, one per line or in {braces}",
		},
		{
			name:  "claim name is a number",
			input: head + "    claims:\n      1: {type: string}\n",
			want:  "c.jwt.yaml:7:7: error: claim name 1 must be a string\n\thint: quote it to make it a string: \"1\"",
		},
		{
			name:  "claim name empty",
			input: head + "    claims:\n      \"\": {type: string}\n",
			want:  "c.jwt.yaml:7:7: error: claim name must not be empty\n\thint: name the claim after its JSON member",
		},
		{
			name:  "registered claim",
			input: head + "    claims:\n      exp: {type: time}\n",
			want:  "c.jwt.yaml:7:7: error: claim \"exp\" is a registered claim\n\thint: list it under token.require instead: require: [exp]",
		},
		{
			name:  "claim type missing",
			input: head + "    claims:\n      uid: {required: true}\n",
			want:  "c.jwt.yaml:7:12: error: missing required key \"type\" in claim \"uid\"\n\thint: add type: string, or another claim type",
		},
		{
			name:  "claim type is a list",
			input: head + "    claims:\n      uid: {type: [string]}\n",
			want:  "c.jwt.yaml:7:19: error: type of claim \"uid\" must be a string, got a list\n\thint: write a string",
		},
		{
			name:  "claim type misspelled",
			input: head + "    claims:\n      uid: {type: strng}\n",
			want:  "c.jwt.yaml:7:19: error: unknown claim type \"strng\"\n\thint: did you mean \"string\"?",
		},
		{
			name:  "claim type unknown",
			input: head + "    claims:\n      uid: {type: varchar}\n",
			want:  "c.jwt.yaml:7:19: error: unknown claim type \"varchar\"\n\thint: use one of string, int, number, bool, time, enum, url, email, uuid, scopes, object, map, json, or []T for a list of T",
		},
		{
			name:  "array type misspelled",
			input: head + "    claims:\n      ratios: {type: \"[]nubmer\"}\n",
			want:  "c.jwt.yaml:7:22: error: unknown claim type \"[]nubmer\"\n\thint: did you mean \"[]number\"?",
		},
		{
			name:  "nested array type",
			input: head + "    claims:\n      grid: {type: \"[][]int\"}\n",
			want:  "c.jwt.yaml:7:20: error: nested array type \"[][]int\" is not supported\n\thint: use type json for nested lists",
		},
		{
			name:  "array of scopes",
			input: head + "    claims:\n      scp: {type: \"[]scopes\"}\n",
			want:  "c.jwt.yaml:7:19: error: type \"[]scopes\" is not supported\n\thint: use type scopes with encoding: array",
		},
		{
			name:  "scopes inside an object",
			input: head + "    claims:\n      grant: {type: object, claims: {scp: {type: scopes}}}\n",
			want:  "c.jwt.yaml:7:50: error: claim \"grant.scp\" has type scopes, which only a top-level claim may have\n\thint: use type []string for a list of scopes inside an object",
		},
		{
			name:  "two scopes claims",
			input: head + "    claims:\n      scope: {type: scopes}\n      scp: {type: scopes}\n",
			want:  "c.jwt.yaml:8:7: error: version 1 has a second scopes claim \"scp\" after \"scope\"\n\thint: keep one scopes claim per version",
		},
		{
			name:  "go_name not exported",
			input: head + "    claims:\n      tenant_id: {type: string, go_name: tenantID}\n",
			want:  "c.jwt.yaml:7:42: error: go_name \"tenantID\" of claim \"tenant_id\" is not an exported Go identifier\n\thint: write \"TenantID\": names start with an upper-case letter and hold only letters, digits and underscores",
		},
		{
			name:  "go_name twice",
			input: head + "    claims:\n      a: {type: string, go_name: Name}\n      b: {type: string, go_name: Name}\n",
			want:  "c.jwt.yaml:8:34: error: go_name \"Name\" of claim \"b\" is also the go_name of claim \"a\"\n\thint: give each claim of one level its own go_name",
		},
		{
			name:  "required is a string",
			input: head + "    claims:\n      uid: {type: string, required: \"yes\"}\n",
			want:  "c.jwt.yaml:7:37: error: required of claim \"uid\" must be true or false, got \"yes\"\n\thint: write true or false",
		},
		{
			name:  "deprecated is a number",
			input: head + "    claims:\n      uid: {type: string, deprecated: 1}\n",
			want:  "c.jwt.yaml:7:39: error: deprecated of claim \"uid\" must be true or false, got 1\n\thint: write true or false",
		},
		{
			name:  "claim description is a mapping",
			input: head + "    claims:\n      uid: {type: string, description: {text: x}}\n",
			want:  "c.jwt.yaml:7:40: error: description of claim \"uid\" must be a string, got a mapping\n\thint: write a string",
		},
		{
			name:  "claim upgrade is not hook",
			input: head2 + "    claims:\n      uid: {type: string, upgrade: true}\n",
			want:  "c.jwt.yaml:14:36: error: upgrade of claim \"uid\" must be hook, got true\n\thint: write upgrade: hook to derive the claim in a function you write",
		},
		{
			name:  "unknown claim key",
			input: head + "    claims:\n      uid: {type: string, minlength: 1}\n",
			want:  "c.jwt.yaml:7:27: error: unknown key \"minlength\" in claim \"uid\"\n\thint: did you mean \"min_length\"?",
		},
		{
			name:  "values on a string",
			input: head + "    claims:\n      uid: {type: string, values: [a]}\n",
			want:  "c.jwt.yaml:7:27: error: values does not apply to claim \"uid\" of type string\n\thint: values applies to enum, []enum and scopes",
		},
		{
			name:  "encoding on a list of strings",
			input: head + "    claims:\n      scp: {type: \"[]string\", encoding: array}\n",
			want:  "c.jwt.yaml:7:31: error: encoding does not apply to claim \"scp\" of type []string\n\thint: encoding applies to scopes",
		},
		{
			name:  "pattern on an int",
			input: head + "    claims:\n      age: {type: int, pattern: \"^1\"}\n",
			want:  "c.jwt.yaml:7:24: error: pattern does not apply to claim \"age\" of type int\n\thint: pattern applies to string, url, email, uuid and arrays of them",
		},
		{
			name:  "minimum on a string",
			input: head + "    claims:\n      uid: {type: string, minimum: 1}\n",
			want:  "c.jwt.yaml:7:27: error: minimum does not apply to claim \"uid\" of type string\n\thint: minimum applies to int, number and arrays of them",
		},
		{
			name:  "min_items on a string",
			input: head + "    claims:\n      uid: {type: string, min_items: 1}\n",
			want:  "c.jwt.yaml:7:27: error: min_items does not apply to claim \"uid\" of type string\n\thint: min_items applies to arrays and scopes",
		},
		{
			name:  "const on a list",
			input: head + "    claims:\n      tags: {type: \"[]string\", const: a}\n",
			want:  "c.jwt.yaml:7:32: error: const does not apply to claim \"tags\" of type []string\n\thint: const applies to string, url, email, uuid, int, number, bool and enum",
		},
		{
			name:  "claims on a map",
			input: head + "    claims:\n      labels: {type: map, claims: {a: {type: string}}}\n",
			want:  "c.jwt.yaml:7:27: error: claims does not apply to claim \"labels\" of type map\n\thint: claims applies to object and []object",
		},
		{
			name:  "enum without values",
			input: head + "    claims:\n      role: {type: enum}\n",
			want:  "c.jwt.yaml:7:13: error: enum claim \"role\" needs values\n\thint: list the allowed values, e.g. values: [admin, viewer]",
		},
		{
			name:  "list of enums without values",
			input: head + "    claims:\n      roles: {type: \"[]enum\"}\n",
			want:  "c.jwt.yaml:7:14: error: enum claim \"roles\" needs values\n\thint: list the allowed values, e.g. values: [admin, viewer]",
		},
		{
			name:  "enum values empty",
			input: head + "    claims:\n      role: {type: enum, values: []}\n",
			want:  "c.jwt.yaml:7:34: error: values of claim \"role\" must list at least one value\n\thint: list the allowed values, e.g. [admin, viewer]",
		},
		{
			name:  "enum values duplicate",
			input: head + "    claims:\n      role: {type: enum, values: [admin, admin]}\n",
			want:  "c.jwt.yaml:7:42: error: duplicate value \"admin\" in values of claim \"role\"\n\thint: remove the second one",
		},
		{
			name:  "enum value is a boolean",
			input: head + "    claims:\n      answer: {type: enum, values: [yes, true]}\n",
			want:  "c.jwt.yaml:7:42: error: value in values of claim \"answer\" must be a string, got true\n\thint: quote it to make it a string: \"true\"",
		},
		{
			name:  "values is a string",
			input: head + "    claims:\n      role: {type: enum, values: admin}\n",
			want:  "c.jwt.yaml:7:34: error: values of claim \"role\" must be a list, got \"admin\"\n\thint: write a list: [a, b], or one \"- item\" per line",
		},
		{
			name:  "scope with a space",
			input: head + "    claims:\n      scope: {type: scopes, values: [\"orders read\"]}\n",
			want:  "c.jwt.yaml:7:38: error: scope \"orders read\" in values of claim \"scope\" is not a valid scope token\n\thint: a scope is printable ASCII without spaces, double quotes or backslashes (RFC 6749 §3.3)",
		},
		{
			name:  "scope duplicate",
			input: head + "    claims:\n      scope: {type: scopes, values: [read, read]}\n",
			want:  "c.jwt.yaml:7:44: error: duplicate scope \"read\" in values of claim \"scope\"\n\thint: remove the second one",
		},
		{
			name:  "encoding misspelled",
			input: head + "    claims:\n      scope: {type: scopes, encoding: arrays}\n",
			want:  "c.jwt.yaml:7:39: error: unknown encoding \"arrays\" of claim \"scope\"\n\thint: did you mean \"array\"?",
		},
		{
			name:  "encoding unknown",
			input: head + "    claims:\n      scope: {type: scopes, encoding: comma}\n",
			want:  "c.jwt.yaml:7:39: error: unknown encoding \"comma\" of claim \"scope\"\n\thint: use space-delimited or array",
		},
		{
			name:  "pattern does not compile",
			input: head + "    claims:\n      uid: {type: string, pattern: \"[a-\"}\n",
			want:  "c.jwt.yaml:7:36: error: pattern \"[a-\" of claim \"uid\" does not compile: error parsing regexp: missing closing ]: `[a-`\n\thint: write a Go regular expression (RE2 syntax)",
		},
		{
			name:  "min_length negative",
			input: head + "    claims:\n      uid: {type: string, min_length: -1}\n",
			want:  "c.jwt.yaml:7:39: error: min_length of claim \"uid\" must be a non-negative integer, got -1\n\thint: write a whole number from 0 up",
		},
		{
			name:  "max_length below min_length",
			input: head + "    claims:\n      uid: {type: string, min_length: 5, max_length: 2}\n",
			want:  "c.jwt.yaml:7:54: error: max_length 2 of claim \"uid\" is less than its min_length 5\n\thint: make max_length at least 5",
		},
		{
			name:  "max_items below min_items",
			input: head + "    claims:\n      tags: {type: \"[]string\", min_items: 3, max_items: 1}\n",
			want:  "c.jwt.yaml:7:57: error: max_items 1 of claim \"tags\" is less than its min_items 3\n\thint: make max_items at least 3",
		},
		{
			name:  "minimum is a string",
			input: head + "    claims:\n      ratio: {type: number, minimum: low}\n",
			want:  "c.jwt.yaml:7:38: error: minimum of claim \"ratio\" must be a number, got \"low\"\n\thint: write a number, e.g. 0.5",
		},
		{
			name:  "minimum of an int is a fraction",
			input: head + "    claims:\n      age: {type: \"[]int\", minimum: 0.5}\n",
			want:  "c.jwt.yaml:7:37: error: minimum of claim \"age\" must be an integer, got 0.5\n\thint: write a whole number, e.g. 0",
		},
		{
			name:  "maximum below minimum",
			input: head + "    claims:\n      ratio: {type: number, minimum: 1, maximum: 0.5}\n",
			want:  "c.jwt.yaml:7:50: error: maximum 0.5 of claim \"ratio\" is less than its minimum 1\n\thint: make maximum at least minimum",
		},
		{
			name:  "object without claims",
			input: head + "    claims:\n      addr: {type: object}\n",
			want:  "c.jwt.yaml:7:13: error: object claim \"addr\" needs claims\n\thint: declare its members under claims:",
		},
		{
			name:  "object with empty claims",
			input: head + "    claims:\n      addr: {type: \"[]object\", claims: {}}\n",
			want:  "c.jwt.yaml:7:40: error: claims of object claim \"addr\" is empty\n\thint: declare at least one member",
		},
		{
			name:  "object claims is a list",
			input: head + "    claims:\n      addr: {type: object, claims: [city]}\n",
			want:  "c.jwt.yaml:7:36: error: claims of claim \"addr\" must be a mapping, got a list\n\thint: write key: value pairs, one per line or in {braces}",
		},
		{
			name:  "objects nested 9 levels",
			input: head + "    claims:\n      a: {type: object, claims: {b: {type: object, claims: {c: {type: object, claims: {d: {type: object, claims: {e: {type: object, claims: {f: {type: object, claims: {g: {type: object, claims: {h: {type: object, claims: {i: {type: string}}}}}}}}}}}}}}}}}\n",
			want:  "c.jwt.yaml:7:223: error: claim \"a.b.c.d.e.f.g.h.i\" is nested 9 levels deep, more than 8\n\thint: flatten the structure, or give the deepest object type json",
		},
		{
			name:  "default of a string is a number",
			input: head + "    claims:\n      uid: {type: string, default: 5}\n",
			want:  "c.jwt.yaml:7:36: error: invalid default 5 for claim \"uid\": must be a string\n\thint: quote it to make it a string: \"5\"",
		},
		{
			name:  "default of an enum not in values",
			input: head + "    claims:\n      role: {type: enum, values: [admin, viewer], default: owner}\n",
			want:  "c.jwt.yaml:7:60: error: invalid default \"owner\" for claim \"role\": not one of its values\n\thint: use one of \"admin\", \"viewer\"",
		},
		{
			name:  "default of a url is relative",
			input: head + "    claims:\n      site: {type: url, default: /home}\n",
			want:  "c.jwt.yaml:7:34: error: invalid default \"/home\" for claim \"site\": not an absolute URL\n\thint: write a URL with a scheme, e.g. https://example.com/path",
		},
		{
			name:  "default of an email has a name",
			input: head + "    claims:\n      mail: {type: email, default: \"Ann <ann@example.com>\"}\n",
			want:  "c.jwt.yaml:7:36: error: invalid default \"Ann <ann@example.com>\" for claim \"mail\": not an email address\n\thint: write a bare address such as user@example.com",
		},
		{
			name:  "default of a uuid is short",
			input: head + "    claims:\n      id: {type: uuid, default: 123e4567}\n",
			want:  "c.jwt.yaml:7:33: error: invalid default \"123e4567\" for claim \"id\": not a UUID\n\thint: write a UUID such as 123e4567-e89b-12d3-a456-426614174000",
		},
		{
			name:  "default shorter than min_length",
			input: head + "    claims:\n      uid: {type: string, min_length: 3, default: ab}\n",
			want:  "c.jwt.yaml:7:51: error: invalid default \"ab\" for claim \"uid\": shorter than min_length 3\n\thint: use a value of at least 3 characters",
		},
		{
			name:  "default longer than max_length",
			input: head + "    claims:\n      uid: {type: string, max_length: 3, default: abcd}\n",
			want:  "c.jwt.yaml:7:51: error: invalid default \"abcd\" for claim \"uid\": longer than max_length 3\n\thint: use a value of at most 3 characters",
		},
		{
			name:  "default does not match pattern",
			input: head + "    claims:\n      uid: {type: string, pattern: \"^u-\", default: x-1}\n",
			want:  "c.jwt.yaml:7:52: error: invalid default \"x-1\" for claim \"uid\": does not match pattern \"^u-\"\n\thint: use a value that the pattern matches",
		},
		{
			name:  "default of an int is a fraction",
			input: head + "    claims:\n      age: {type: int, default: 1.5}\n",
			want:  "c.jwt.yaml:7:33: error: invalid default 1.5 for claim \"age\": must be an integer\n\thint: write a whole number",
		},
		{
			name:  "default below minimum",
			input: head + "    claims:\n      age: {type: int, minimum: 18, default: 17}\n",
			want:  "c.jwt.yaml:7:46: error: invalid default 17 for claim \"age\": less than minimum 18\n\thint: use a value of at least 18",
		},
		{
			name:  "default above maximum",
			input: head + "    claims:\n      ratio: {type: number, maximum: 1, default: 1.5}\n",
			want:  "c.jwt.yaml:7:50: error: invalid default 1.5 for claim \"ratio\": greater than maximum 1\n\thint: use a value of at most 1",
		},
		{
			name:  "default of a number is infinite",
			input: head + "    claims:\n      ratio: {type: number, default: .inf}\n",
			want:  "c.jwt.yaml:7:38: error: invalid default .inf for claim \"ratio\": must be a finite number\n\thint: write a finite number, e.g. 0.5",
		},
		{
			name:  "default of a bool is a string",
			input: head + "    claims:\n      admin: {type: bool, default: \"false\"}\n",
			want:  "c.jwt.yaml:7:36: error: invalid default \"false\" for claim \"admin\": must be true or false\n\thint: write true or false",
		},
		{
			name:  "default time with a fraction of a second",
			input: head + "    claims:\n      born: {type: time, default: 2000-01-01T00:00:00.5Z}\n",
			want:  "c.jwt.yaml:7:35: error: invalid default 2000-01-01T00:00:00.5Z for claim \"born\": has a fraction of a second\n\thint: write whole seconds",
		},
		{
			name:  "default time is a date",
			input: head + "    claims:\n      born: {type: time, default: 2000-01-01}\n",
			want:  "c.jwt.yaml:7:35: error: invalid default 2000-01-01 for claim \"born\": must be an RFC 3339 timestamp or a NumericDate integer\n\thint: write an RFC 3339 timestamp such as 2027-01-15T00:00:00Z, or seconds since the Unix epoch",
		},
		{
			name:  "default of a list is a string",
			input: head + "    claims:\n      tags: {type: \"[]string\", default: a}\n",
			want:  "c.jwt.yaml:7:41: error: invalid default \"a\" for claim \"tags\": must be a list\n\thint: write a list, e.g. [a, b]",
		},
		{
			name:  "default list item of the wrong type",
			input: head + "    claims:\n      scores: {type: \"[]int\", default: [1, two]}\n",
			want:  "c.jwt.yaml:7:44: error: invalid default \"two\" for claim \"scores\": must be an integer\n\thint: write a whole number",
		},
		{
			name:  "default list with too few items",
			input: head + "    claims:\n      tags: {type: \"[]string\", min_items: 2, default: [a]}\n",
			want:  "c.jwt.yaml:7:55: error: invalid default for claim \"tags\": has 1 item, fewer than min_items 2\n\thint: list at least 2 items",
		},
		{
			name:  "default scope with a quote",
			input: head + "    claims:\n      scope: {type: scopes, default: [\"a\\\"b\"]}\n",
			want:  "c.jwt.yaml:7:38: error: invalid default for claim \"scope\": \"a\\\"b\" is not a valid scope token\n\thint: a scope is printable ASCII without spaces, double quotes or backslashes (RFC 6749 §3.3)",
		},
		{
			name:  "default scopes duplicate",
			input: head + "    claims:\n      scope: {type: scopes, default: \"read read\"}\n",
			want:  "c.jwt.yaml:7:38: error: invalid default \"read read\" for claim \"scope\": duplicate scope \"read\"\n\thint: remove the second one",
		},
		{
			name:  "default scopes is a mapping",
			input: head + "    claims:\n      scope: {type: scopes, default: {read: true}}\n",
			want:  "c.jwt.yaml:7:38: error: invalid default for claim \"scope\": must be a list of scopes or a space-delimited string\n\thint: write a list of scopes, e.g. [orders:read]",
		},
		{
			name:  "default scopes too many",
			input: head + "    claims:\n      scope: {type: scopes, max_items: 1, default: [read, write]}\n",
			want:  "c.jwt.yaml:7:52: error: invalid default for claim \"scope\": has 2 items, more than max_items 1\n\thint: list at most 1 item",
		},
		{
			name:  "default object has an unknown member",
			input: head + "    claims:\n      addr: {type: object, claims: {city: {type: string}}, default: {town: x}}\n",
			want:  "c.jwt.yaml:7:70: error: invalid default \"town\" for claim \"addr\": no such member\n\thint: its members are \"city\"",
		},
		{
			name:  "default object lacks a required member",
			input: head + "    claims:\n      addr: {type: object, claims: {city: {type: string, required: true}}, default: {}}\n",
			want:  "c.jwt.yaml:7:85: error: invalid default for claim \"addr\": lacks required member \"city\"\n\thint: add city: to the default",
		},
		{
			name:  "default object is a string",
			input: head + "    claims:\n      addr: {type: object, claims: {city: {type: string}}, default: x}\n",
			want:  "c.jwt.yaml:7:69: error: invalid default \"x\" for claim \"addr\": must be a mapping\n\thint: write a mapping of its members",
		},
		{
			name:  "default object member of the wrong type",
			input: head + "    claims:\n      addr: {type: object, claims: {zip: {type: int}}, default: {zip: \"x\"}}\n",
			want:  "c.jwt.yaml:7:71: error: invalid default \"x\" for claim \"addr.zip\": must be an integer\n\thint: write a whole number",
		},
		{
			name:  "default map value is a number",
			input: head + "    claims:\n      labels: {type: map, default: {team: 1}}\n",
			want:  "c.jwt.yaml:7:43: error: invalid default 1 for claim \"labels\": must be a string\n\thint: quote it to make it a string: \"1\"",
		},
		{
			name:  "default map is a list",
			input: head + "    claims:\n      labels: {type: map, default: [a]}\n",
			want:  "c.jwt.yaml:7:36: error: invalid default for claim \"labels\": must be a mapping\n\thint: write a mapping of strings to strings",
		},
		{
			name:  "default json with a custom tag",
			input: head + "    claims:\n      extra: {type: json, default: {a: !custom x}}\n",
			want:  "c.jwt.yaml:7:40: error: invalid default !custom \"x\" for claim \"extra\": tag !custom has no JSON equivalent\n\thint: write a value JSON can hold: a string, number, boolean, null, list or mapping",
		},
		{
			name:  "default differs from const",
			input: head + "    claims:\n      kind: {type: string, const: a, default: b}\n",
			want:  "c.jwt.yaml:7:47: error: invalid default \"b\" for claim \"kind\": differs from const \"a\"\n\thint: remove default, or make it equal const",
		},
		{
			name:  "const of an int is a string",
			input: head + "    claims:\n      tier: {type: int, const: \"3\"}\n",
			want:  "c.jwt.yaml:7:32: error: invalid const \"3\" for claim \"tier\": must be an integer\n\thint: write a whole number",
		},
		{
			name:  "const of an enum not in values",
			input: head + "    claims:\n      plan: {type: enum, values: [free], const: paid}\n",
			want:  "c.jwt.yaml:7:49: error: invalid const \"paid\" for claim \"plan\": not one of its values\n\thint: use one of \"free\"",
		},
		{
			name:  "from in the first version",
			input: head + "    claims:\n      uid: {type: string, from: user}\n",
			want:  "c.jwt.yaml:7:33: error: claim \"uid\" has from \"user\", but version 1 is the first version\n\thint: remove from: it names a claim of the previous version",
		},
		{
			name:  "from is empty",
			input: head2 + "    claims:\n      user: {type: string, from: \"\"}\n",
			want:  "c.jwt.yaml:14:34: error: from of claim \"user\" must not be empty\n\thint: write a non-empty string",
		},
		{
			name:  "from a misspelled claim",
			input: head2 + "    claims:\n      tenant_id: {type: string, from: tenent}\n",
			want:  "c.jwt.yaml:14:39: error: from \"tenent\" of claim \"tenant_id\" names no claim of version 1\n\thint: did you mean \"tenant\"?",
		},
		{
			name:  "from an unrelated name",
			input: head2 + "    claims:\n      tenant_id: {type: string, from: organization}\n",
			want:  "c.jwt.yaml:14:39: error: from \"organization\" of claim \"tenant_id\" names no claim of version 1\n\thint: version 1 has \"uid\", \"tenant\", \"addr\"",
		},
		{
			name:  "from under an object the previous version lacks",
			input: head2 + "    claims:\n      profile: {type: object, claims: {name: {type: string, from: uid}}}\n",
			want:  "c.jwt.yaml:14:67: error: claim \"profile.name\" has from \"uid\", but version 1 has no object \"profile\"\n\thint: give claim \"profile\" a from naming its object in version 1, or remove this from",
		},
		{
			name:  "from a missing member",
			input: head2 + "    claims:\n      addr: {type: object, claims: {town: {type: string, from: cty}}}\n",
			want:  "c.jwt.yaml:14:64: error: from \"cty\" of claim \"addr.town\" names no member of claim \"addr\" in version 1\n\thint: did you mean \"city\"?",
		},
		{
			name:  "upgrade hook in the first version",
			input: head + "    claims:\n      uid: {type: string, upgrade: hook}\n",
			want:  "c.jwt.yaml:7:36: error: claim \"uid\" has upgrade: hook, but version 1 is the first version\n\thint: remove upgrade: there is no earlier version to upgrade from",
		},
		{
			name:  "required claim added",
			input: head2 + "    claims:\n      org: {type: string, required: true}\n",
			want:  "c.jwt.yaml:14:7: error: required claim \"org\" is new in version 2, so tokens of version 1 cannot be upgraded [REQUIRED_CLAIM_ADDED]\n\thint: add from, default or upgrade: hook",
		},
		{
			name:  "required member added",
			input: head2 + "    claims:\n      addr: {type: object, claims: {city: {type: string}, zip: {type: string, required: true}}}\n",
			want:  "c.jwt.yaml:14:59: error: required claim \"addr.zip\" is new in version 2, so tokens of version 1 cannot be upgraded [REQUIRED_CLAIM_ADDED]\n\thint: add from, default or upgrade: hook",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := Parse("c.jwt.yaml", []byte(tt.input))
			if err == nil {
				t.Fatalf("Parse returned no error and contract %q", c.Name)
			}
			var ds Diagnostics
			if !errors.As(err, &ds) {
				t.Fatalf("error is %T, want Diagnostics: %v", err, err)
			}
			if c != nil {
				t.Errorf("Parse returned a contract with its errors")
			}
			if got := ds.Error(); got != tt.want {
				t.Errorf("diagnostics:\n%s\nwant:\n%s", got, tt.want)
			}
		})
	}
}
