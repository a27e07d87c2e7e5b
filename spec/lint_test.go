package spec

import (
	"fmt"
	"testing"
	"time"
)

// lintContract builds a one-version contract from the version's lines after
// "- version: 1", which start on line 5, and a token that lints clean unless
// the case replaces it.
func lintContract(versionLines, token string) string {
	if token == "" {
		token = "    token:\n" +
			"      algorithms: [ES256]\n" +
			"      audience: orders-api\n" +
			"      max_lifetime: 1h\n" +
			"      leeway: 30s\n" +
			"      require: [exp, iat]\n"
	}
	return "jwtgen: 1\ncontract: T\nversions:\n  - version: 1\n" + versionLines + token
}

func TestLint(t *testing.T) {
	now := time.Date(2027, 3, 1, 0, 0, 0, 0, time.UTC)
	tests := []struct {
		name  string
		input string
		want  string
	}{
		{
			name:  "clean contract",
			input: lintContract("", ""),
			want:  "",
		},
		{
			name:  "exp not required",
			input: lintContract("", "    token:\n      algorithms: [ES256]\n      audience: api\n      max_lifetime: 1h\n      require: [iat]\n"),
			want:  "c.jwt.yaml:9:16: warning: version 1 does not require exp, so a token without an expiry never expires [EXP_NOT_REQUIRED]\n\thint: add exp to token.require",
		},
		{
			name:  "exp not required and require left out",
			input: lintContract("", "    token:\n      algorithms: [ES256]\n      audience: api\n      max_lifetime: 1h\n"),
			want:  "c.jwt.yaml:6:7: warning: version 1 does not require exp, so a token without an expiry never expires [EXP_NOT_REQUIRED]\n\thint: add exp to token.require",
		},
		{
			name:  "audience missing",
			input: lintContract("", "    token:\n      algorithms: [ES256]\n      max_lifetime: 1h\n      require: [exp]\n"),
			want:  "c.jwt.yaml:6:7: warning: version 1 sets no audience, so tokens minted for other services are accepted too [AUDIENCE_MISSING]\n\thint: set token.audience to the name this service is known by",
		},
		{
			name:  "leeway too long",
			input: lintContract("", "    token:\n      algorithms: [ES256]\n      audience: api\n      max_lifetime: 1h\n      leeway: 10m\n      require: [exp]\n"),
			want:  "c.jwt.yaml:9:15: warning: leeway 10m of version 1 is longer than 5m [LEEWAY_TOO_LONG]\n\thint: allow only clock skew, e.g. leeway: 30s",
		},
		{
			name:  "leeway of exactly 5 minutes",
			input: lintContract("", "    token:\n      algorithms: [ES256]\n      audience: api\n      max_lifetime: 1h\n      leeway: 5m\n      require: [exp]\n"),
			want:  "",
		},
		{
			name:  "max_lifetime missing",
			input: lintContract("", "    token:\n      algorithms: [ES256]\n      audience: api\n      require: [exp]\n"),
			want:  "c.jwt.yaml:6:7: warning: version 1 sets no max_lifetime, so a token may be valid for any length of time [MAX_LIFETIME_MISSING]\n\thint: set token.max_lifetime, e.g. max_lifetime: 1h",
		},
		{
			name:  "max_lifetime too long",
			input: lintContract("", "    token:\n      algorithms: [ES256]\n      audience: api\n      max_lifetime: 48h30m\n      require: [exp]\n"),
			want:  "c.jwt.yaml:8:21: warning: max_lifetime 48h30m of version 1 is longer than 24h [MAX_LIFETIME_TOO_LONG]\n\thint: issue short-lived tokens and refresh them, e.g. max_lifetime: 1h",
		},
		{
			name:  "max_lifetime of exactly 24 hours",
			input: lintContract("", "    token:\n      algorithms: [ES256]\n      audience: api\n      max_lifetime: 24h\n      require: [exp]\n"),
			want:  "",
		},
		{
			name:  "deprecated without accept_until",
			input: lintContract("    status: deprecated\n", ""),
			want:  "c.jwt.yaml:5:13: warning: version 1 is deprecated but has no accept_until, so verifiers accept it forever [DEPRECATED_WITHOUT_ACCEPT_UNTIL]\n\thint: set accept_until to the date verifiers stop accepting it",
		},
		{
			name:  "deprecated with accept_until",
			input: lintContract("    status: deprecated\n    accept_until: 2028-01-01T00:00:00Z\n", ""),
			want:  "",
		},
		{
			name:  "active at accept_until",
			input: lintContract("    accept_until: 2027-03-01T00:00:00Z\n", ""),
			want:  "c.jwt.yaml:5:19: warning: version 1 is still active after its accept_until 2027-03-01T00:00:00Z [ACTIVE_PAST_ACCEPT_UNTIL]\n\thint: set status: retired, or move accept_until to a later date",
		},
		{
			name:  "active before accept_until",
			input: lintContract("    accept_until: 2027-03-01T00:00:01Z\n", ""),
			want:  "",
		},
		{
			name:  "retired version with weak token rules",
			input: lintContract("    status: retired\n    accept_until: 2026-01-01T00:00:00Z\n", "    token: {algorithms: [ES256]}\n"),
			want:  "",
		},
		{
			name:  "several warnings sorted by position",
			input: lintContract("    status: deprecated\n", "    token:\n      algorithms: [ES256]\n      leeway: 1h\n      require: [iat]\n"),
			want: "c.jwt.yaml:5:13: warning: version 1 is deprecated but has no accept_until, so verifiers accept it forever [DEPRECATED_WITHOUT_ACCEPT_UNTIL]\n\thint: set accept_until to the date verifiers stop accepting it\n" +
				"c.jwt.yaml:7:7: warning: version 1 sets no audience, so tokens minted for other services are accepted too [AUDIENCE_MISSING]\n\thint: set token.audience to the name this service is known by\n" +
				"c.jwt.yaml:7:7: warning: version 1 sets no max_lifetime, so a token may be valid for any length of time [MAX_LIFETIME_MISSING]\n\thint: set token.max_lifetime, e.g. max_lifetime: 1h\n" +
				"c.jwt.yaml:8:15: warning: leeway 1h of version 1 is longer than 5m [LEEWAY_TOO_LONG]\n\thint: allow only clock skew, e.g. leeway: 30s\n" +
				"c.jwt.yaml:9:16: warning: version 1 does not require exp, so a token without an expiry never expires [EXP_NOT_REQUIRED]\n\thint: add exp to token.require",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ds := Lint(mustParse(t, tt.input), now)
			for _, d := range ds {
				if d.Severity != SeverityWarning {
					t.Errorf("severity of %q = %v, want warning", d.Message, d.Severity)
				}
			}
			if got := ds.Error(); got != tt.want {
				t.Errorf("warnings:\n%s\nwant:\n%s", got, tt.want)
			}
		})
	}
}

func TestLintWithoutPositions(t *testing.T) {
	c := &Contract{Versions: []*Version{{
		Pos:    Pos{File: "built", Line: 3, Col: 1},
		Number: 2,
		Status: StatusActive,
		Token:  Token{Algorithms: []string{"ES256"}, Audience: []string{"api"}, MaxLifetime: time.Hour},
	}}}
	want := "built:3:1: warning: version 2 does not require exp, so a token without an expiry never expires [EXP_NOT_REQUIRED]\n\thint: add exp to token.require"
	if got := Lint(c, time.Now()).Error(); got != want {
		t.Errorf("warnings:\n%s\nwant:\n%s", got, want)
	}
}

func TestLintNilContract(t *testing.T) {
	if ds := Lint(nil, time.Now()); ds != nil {
		t.Errorf("Lint(nil) = %v, want nil", ds)
	}
}

func TestLintRulesListed(t *testing.T) {
	want := []string{
		RuleExpNotRequired, RuleAudienceMissing, RuleLeewayTooLong, RuleMaxLifetimeMissing,
		RuleMaxLifetimeTooLong, RuleDeprecatedWithoutAcceptUntil, RuleActivePastAcceptUntil,
		RuleUpgradeMayFail,
	}
	if len(LintRules) != len(want) {
		t.Fatalf("LintRules has %d rules, want %d", len(LintRules), len(want))
	}
	for i, rule := range LintRules {
		if rule.ID != want[i] || rule.Purpose == "" {
			t.Errorf("LintRules[%d] = %+v, want ID %s with a purpose", i, rule, want[i])
		}
	}
}

func TestLintUpgradeMayFail(t *testing.T) {
	token := "    token:\n      algorithms: [ES256]\n      audience: api\n      max_lifetime: 1h\n      require: [exp]\n"
	head := "jwtgen: 1\ncontract: T\nversion_claim: ver\nversions:\n"
	version := func(n int, status, claims string) string {
		return fmt.Sprintf("  - version: %d\n    status: %s\n    accept_until: 2030-01-01T00:00:00Z\n", n, status) + token + "    claims:\n" + claims
	}
	now := time.Date(2027, 3, 1, 0, 0, 0, 0, time.UTC)
	tests := []struct {
		name  string
		older string
		newer string
		want  string
	}{
		{
			name:  "pattern and bounds added by a rename",
			older: "      tenant: {type: string}\n      level: {type: int, maximum: 10}\n",
			newer: "      tenant_id: {type: string, from: tenant, pattern: '^[a-z]+$', max_length: 8}\n      level: {type: int, maximum: 5}\n",
			want: "c.jwt.yaml:25:7: warning: version 2 claim \"tenant_id\" comes from version 1 claim \"tenant\" but adds pattern, max_length, so a version 1 token that breaks it fails the upgrade and is rejected [UPGRADE_MAY_FAIL]\n" +
				"\thint: run jwtgen audit on real tokens before this version ships, or derive the claim with upgrade: hook\n" +
				"c.jwt.yaml:26:7: warning: version 2 claim \"level\" comes from version 1 claim \"level\" but adds maximum, so a version 1 token that breaks it fails the upgrade and is rejected [UPGRADE_MAY_FAIL]\n" +
				"\thint: run jwtgen audit on real tokens before this version ships, or derive the claim with upgrade: hook",
		},
		{
			name:  "enum values removed and a string made an enum",
			older: "      role: {type: enum, values: [admin, viewer]}\n      plan: {type: string}\n",
			newer: "      role: {type: enum, values: [viewer]}\n      plan: {type: enum, values: [free, paid]}\n",
			want: "c.jwt.yaml:25:7: warning: version 2 claim \"role\" comes from version 1 claim \"role\" but adds values, so a version 1 token that breaks it fails the upgrade and is rejected [UPGRADE_MAY_FAIL]\n" +
				"\thint: run jwtgen audit on real tokens before this version ships, or derive the claim with upgrade: hook\n" +
				"c.jwt.yaml:26:7: warning: version 2 claim \"plan\" comes from version 1 claim \"plan\" but adds values, so a version 1 token that breaks it fails the upgrade and is rejected [UPGRADE_MAY_FAIL]\n" +
				"\thint: run jwtgen audit on real tokens before this version ships, or derive the claim with upgrade: hook",
		},
		{
			name:  "rules loosened or kept",
			older: "      tenant: {type: string, pattern: '^[a-z]+$', max_length: 8}\n      level: {type: int, maximum: 5}\n",
			newer: "      tenant: {type: string, pattern: '^[a-z]+$', max_length: 16}\n      level: {type: int, maximum: 10}\n",
			want:  "",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			input := head + version(1, "deprecated", tt.older) + version(2, "active", tt.newer)
			c, err := Parse("c.jwt.yaml", []byte(input))
			if err != nil {
				t.Fatalf("Parse: %v", err)
			}
			if got := Lint(c, now).Error(); got != tt.want {
				t.Errorf("Lint =\n%s\nwant\n%s", got, tt.want)
			}
		})
	}

	// A retired version's tokens are never upgraded, so its pair is not linted.
	input := head + version(1, "retired", "      tenant: {type: string}\n") + version(2, "active", "      tenant: {type: string, pattern: '^[a-z]+$'}\n")
	c, err := Parse("c.jwt.yaml", []byte(input))
	if err != nil {
		t.Fatalf("Parse: %v", err)
	}
	if got := Lint(c, now).Error(); got != "" {
		t.Errorf("Lint with a retired older version = %q, want no warning", got)
	}
}
