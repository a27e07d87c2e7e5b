package spec

import (
	"errors"
	"fmt"
	"strings"
	"testing"
)

// twoVersions returns a contract whose version 1 has the claims older,
// lines at six spaces of indentation, and whose version 2 continues with
// newer, lines at four spaces: a claims: section and an upgrade: section.
// The claims of version 1 start at line 9.
func twoVersions(older, newer string) string {
	return "jwtgen: 1\ncontract: T\nversion_claim: ver\nversions:\n" +
		"  - version: 1\n    token: {algorithms: [ES256]}\n    claims:\n" +
		"      # version 1\n" + older +
		"  - version: 2\n    token: {algorithms: [ES256]}\n" + newer
}

// renderSteps writes each step as "path kind [conversions] fallback:
// description", members indented below their claim.
func renderSteps(steps []*Step, indent string) string {
	var b strings.Builder
	for _, s := range steps {
		b.WriteString(indent + s.Path + " " + string(s.Kind))
		if len(s.Conversions) > 0 {
			names := make([]string, len(s.Conversions))
			for i, c := range s.Conversions {
				names[i] = string(c)
			}
			b.WriteString(" [" + strings.Join(names, " ") + "]")
		}
		if s.Fallback != "" {
			b.WriteString(" " + string(s.Fallback))
		}
		b.WriteString(": " + s.Describe() + "\n")
		b.WriteString(renderSteps(s.Members, indent+"  "))
	}
	return b.String()
}

// renderRegistered writes each registered step as "claim [conversions]:
// description".
func renderRegistered(steps []*RegisteredStep) string {
	var b strings.Builder
	for _, r := range steps {
		b.WriteString(r.Claim)
		if len(r.Conversions) > 0 {
			names := make([]string, len(r.Conversions))
			for i, c := range r.Conversions {
				names[i] = string(c)
			}
			b.WriteString(" [" + strings.Join(names, " ") + "]")
		}
		b.WriteString(": " + r.Describe() + "\n")
	}
	return b.String()
}

func TestPlanUpgrade(t *testing.T) {
	tests := []struct {
		name           string
		older, newer   string
		wantSteps      string
		wantRegistered string
		wantVerdict    string
	}{
		{
			name:        "copy",
			older:       "      tenant: {type: string}\n",
			newer:       "    claims:\n      tenant: {type: string}\n",
			wantSteps:   "tenant copy absent: copied\n",
			wantVerdict: "automatic",
		},
		{
			name:        "rename with default",
			older:       "      tenant: {type: string}\n",
			newer:       "    claims:\n      tenant_id: {type: string, required: true, from: tenant, default: legacy}\n",
			wantSteps:   "tenant_id rename [required] default: renamed from tenant, optional to required, default \"legacy\"\n",
			wantVerdict: "automatic",
		},
		{
			name:        "optional to required without default",
			older:       "      tenant: {type: string}\n",
			newer:       "    claims:\n      tenant: {type: string, required: true}\n",
			wantSteps:   "tenant copy [required] fail: copied, optional to required, fails when absent\n",
			wantVerdict: "automatic",
		},
		{
			name:        "required to optional",
			older:       "      tenant: {type: string, required: true}\n",
			newer:       "    claims:\n      tenant: {type: string}\n",
			wantSteps:   "tenant copy absent: copied\n",
			wantVerdict: "automatic",
		},
		{
			name:        "scopes space-delimited to array",
			older:       "      scope: {type: scopes}\n",
			newer:       "    claims:\n      scp: {type: scopes, encoding: array, from: scope, default: [a:read]}\n",
			wantSteps:   "scp rename [encoding] default: renamed from scope, space-delimited to array, default [\"a:read\"]\n",
			wantVerdict: "automatic",
		},
		{
			name:        "scopes array to space-delimited",
			older:       "      scope: {type: scopes, encoding: array}\n",
			newer:       "    claims:\n      scope: {type: scopes}\n",
			wantSteps:   "scope copy [encoding] absent: copied, array to space-delimited\n",
			wantVerdict: "automatic",
		},
		{
			name:        "single value to list",
			older:       "      tag: {type: string}\n",
			newer:       "    claims:\n      tags: {type: \"[]string\", from: tag}\n",
			wantSteps:   "tags rename [to-list] absent: renamed from tag, string to []string (one item)\n",
			wantVerdict: "automatic",
		},
		{
			name:        "int to list of numbers",
			older:       "      level: {type: int, required: true}\n",
			newer:       "    claims:\n      levels: {type: \"[]number\", required: true, from: level}\n",
			wantSteps:   "levels rename [to-list int-to-number] fail: renamed from level, int to []number (one item)\n",
			wantVerdict: "automatic",
		},
		{
			name:        "int to number",
			older:       "      level: {type: int}\n",
			newer:       "    claims:\n      level: {type: number}\n",
			wantSteps:   "level copy [int-to-number] absent: copied, int to number\n",
			wantVerdict: "automatic",
		},
		{
			name:        "list of ints to list of numbers",
			older:       "      levels: {type: \"[]int\"}\n",
			newer:       "    claims:\n      levels: {type: \"[]number\"}\n",
			wantSteps:   "levels copy [int-to-number] absent: copied, []int to []number\n",
			wantVerdict: "automatic",
		},
		{
			name:  "enum and string",
			older: "      role: {type: enum, values: [admin]}\n      plan: {type: string}\n",
			newer: "    claims:\n      role: {type: string}\n      plan: {type: enum, values: [free, paid]}\n",
			wantSteps: "role copy [enum-to-string] absent: copied, enum to string\n" +
				"plan copy [string-to-enum] absent: copied, string to enum\n",
			wantVerdict: "automatic",
		},
		{
			name:  "formats and string",
			older: "      home: {type: url}\n      mail: {type: string}\n      id: {type: uuid}\n",
			newer: "    claims:\n      home: {type: string}\n      mail: {type: email}\n      id: {type: string}\n",
			wantSteps: "home copy [format-to-string] absent: copied, url to string\n" +
				"mail copy [string-to-format] absent: copied, string to email\n" +
				"id copy [format-to-string] absent: copied, uuid to string\n",
			wantVerdict: "automatic",
		},
		{
			name: "types copied as they are",
			older: "      at: {type: time}\n      on: {type: bool}\n      labels: {type: map}\n      extra: {type: json}\n" +
				"      dates: {type: \"[]time\"}\n",
			newer: "    claims:\n      at: {type: time}\n      on: {type: bool}\n      labels: {type: map}\n      extra: {type: json}\n" +
				"      dates: {type: \"[]time\"}\n",
			wantSteps: "at copy absent: copied\n" +
				"on copy absent: copied\n" +
				"labels copy absent: copied\n" +
				"extra copy absent: copied\n" +
				"dates copy absent: copied\n",
			wantVerdict: "automatic",
		},
		{
			name: "object member by member",
			older: "      addr:\n        type: object\n        claims:\n" +
				"          city: {type: string, required: true}\n          street: {type: string}\n          box: {type: string}\n",
			newer: "    claims:\n      addr:\n        type: object\n        claims:\n" +
				"          town: {type: string, required: true, from: city}\n" +
				"          street: {type: string}\n" +
				"          country: {type: string, required: true, default: FR}\n" +
				"          geo: {type: string, upgrade: hook}\n",
			wantSteps: "addr copy [members] absent: copied, member by member\n" +
				"  addr.town rename fail: renamed from city\n" +
				"  addr.street copy absent: copied\n" +
				"  addr.country default: default \"FR\"\n" +
				"  addr.geo hook: derived by an upgrade hook\n" +
				"  addr.box dropped: dropped\n",
			wantVerdict: "needs hooks: addr.geo",
		},
		{
			name:  "object to list of objects",
			older: "      device: {type: object, claims: {id: {type: uuid, required: true}}}\n",
			newer: "    claims:\n      devices: {type: \"[]object\", from: device, claims: {id: {type: uuid, required: true}}}\n",
			wantSteps: "devices rename [to-list members] absent: renamed from device, object to []object (one item), member by member\n" +
				"  devices.id copy fail: copied\n",
			wantVerdict: "automatic",
		},
		{
			name:  "default, hook, absent and dropped",
			older: "      uid: {type: string, required: true}\n      legacy: {type: bool}\n      mode: {type: int}\n",
			newer: "    claims:\n      roles: {type: \"[]enum\", values: [admin, viewer], default: [viewer]}\n" +
				"      session: {type: uuid, required: true, upgrade: hook}\n" +
				"      mode: {type: string, upgrade: hook}\n" +
				"      nickname: {type: string}\n",
			wantSteps: "roles default: default [\"viewer\"]\n" +
				"session hook: derived by an upgrade hook\n" +
				"mode hook: derived by an upgrade hook\n" +
				"nickname absent: left absent: nothing derives it\n" +
				"uid dropped: dropped\n" +
				"legacy dropped: dropped\n",
			wantVerdict: "needs hooks: session, mode",
		},
		{
			name: "registered upgrades",
			older: "      uid: {type: uuid, required: true}\n      audiences: {type: \"[]enum\", values: [a, b]}\n" +
				"      home: {type: string}\n",
			newer: "    claims:\n      home: {type: string}\n" +
				"    upgrade:\n      sub: {from: uid}\n      aud: {from: audiences, default: [a]}\n" +
				"      iss: {default: https://auth.example.com}\n      jti: hook\n",
			wantSteps: "home copy absent: copied\n",
			wantRegistered: "sub [format-to-string]: from uid\n" +
				"aud [enum-to-string]: from audiences, default [\"a\"]\n" +
				"iss: default \"https://auth.example.com\"\n" +
				"jti: derived by an upgrade hook\n",
			wantVerdict: "needs hooks: jti",
		},
		{
			name:           "audience from one string",
			older:          "      service: {type: string}\n",
			newer:          "    claims: {}\n    upgrade:\n      aud: {from: service}\n",
			wantRegistered: "aud [to-list]: from service\n",
			wantVerdict:    "automatic",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := mustParse(t, twoVersions(tt.older, tt.newer))
			p := PlanUpgrade(c.Versions[0], c.Versions[1])
			if p.Older != c.Versions[0] || p.Newer != c.Versions[1] {
				t.Errorf("plan versions are not the versions given")
			}
			if got := renderSteps(p.Steps, ""); got != tt.wantSteps {
				t.Errorf("steps:\n%swant:\n%s", got, tt.wantSteps)
			}
			if got := renderRegistered(p.Registered); got != tt.wantRegistered {
				t.Errorf("registered steps:\n%swant:\n%s", got, tt.wantRegistered)
			}
			if got := p.Verdict(); got != tt.wantVerdict {
				t.Errorf("verdict = %q, want %q", got, tt.wantVerdict)
			}
		})
	}
}

// TestPlanUpgradeProblems builds the versions in Go, because the loader
// rejects every one of them.
func TestPlanUpgradeProblems(t *testing.T) {
	claim := func(name, typ string, required bool) *Claim {
		c := &Claim{Name: name, Path: name, Kind: Kind(typ), Required: required}
		if elem, ok := strings.CutPrefix(typ, "[]"); ok {
			c.Kind, c.Elem = KindArray, Kind(elem)
		}
		if c.Kind == KindScopes {
			c.Encoding = ScopesSpaceDelimited
		}
		return c
	}
	tests := []struct {
		name        string
		older       *Claim
		newer       *Claim
		wantSteps   string
		wantVerdict string
	}{
		{
			name:        "number to int",
			older:       claim("level", "number", false),
			newer:       claim("level", "int", false),
			wantSteps:   "level copy absent: copied, number does not convert to int\n",
			wantVerdict: "not derivable: level (number does not convert to int)",
		},
		{
			name:        "object to string",
			older:       &Claim{Name: "addr", Path: "addr", Kind: KindObject, Claims: []*Claim{claim("city", "string", false)}},
			newer:       claim("addr", "string", false),
			wantSteps:   "addr copy absent: copied, object does not convert to string\n",
			wantVerdict: "not derivable: addr (object does not convert to string)",
		},
		{
			name:        "list to single value",
			older:       claim("tags", "[]string", false),
			newer:       claim("tags", "string", false),
			wantSteps:   "tags copy absent: copied, []string does not convert to string\n",
			wantVerdict: "not derivable: tags ([]string does not convert to string)",
		},
		{
			name:        "scopes to list of strings",
			older:       claim("scope", "scopes", false),
			newer:       claim("scope", "[]string", false),
			wantSteps:   "scope copy absent: copied, scopes does not convert to []string\n",
			wantVerdict: "not derivable: scope (scopes does not convert to []string)",
		},
		{
			name:        "url to email",
			older:       claim("contact", "url", false),
			newer:       claim("contact", "email", false),
			wantSteps:   "contact copy absent: copied, url does not convert to email\n",
			wantVerdict: "not derivable: contact (url does not convert to email)",
		},
		{
			name:        "required claim without a source",
			older:       claim("uid", "string", true),
			newer:       claim("org", "string", true),
			wantSteps:   "org missing: not derivable: no source\nuid dropped: dropped\n",
			wantVerdict: "not derivable: org (no source)",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			older := &Version{Number: 1, Claims: []*Claim{tt.older}}
			newer := &Version{Number: 2, Claims: []*Claim{tt.newer}}
			p := PlanUpgrade(older, newer)
			if got := renderSteps(p.Steps, ""); got != tt.wantSteps {
				t.Errorf("steps:\n%swant:\n%s", got, tt.wantSteps)
			}
			if got := p.Verdict(); got != tt.wantVerdict {
				t.Errorf("verdict = %q, want %q", got, tt.wantVerdict)
			}
			if got := len(p.Problems()); got != 1 {
				t.Errorf("%d problems, want 1", got)
			}
		})
	}
}

func TestPlanUpgradeRegisteredProblems(t *testing.T) {
	older := &Version{Number: 1, Claims: []*Claim{
		{Name: "addr", Path: "addr", Kind: KindObject},
		{Name: "uid", Path: "uid", Kind: KindString},
	}}
	newer := &Version{Number: 2, Upgrade: []*RegisteredUpgrade{
		{Claim: "sub", From: "addr"},
		{Claim: "jti", From: "nothing"},
		{Claim: "iss", From: "uid"},
	}}
	p := PlanUpgrade(older, newer)
	want := "not derivable: sub (object does not convert to string), jti (no source)"
	if got := p.Verdict(); got != want {
		t.Errorf("verdict = %q, want %q", got, want)
	}
	if got := p.Registered[2].Problem; got != "" {
		t.Errorf("problem of iss from uid = %q, want none", got)
	}
	// The registered upgrades take addr and uid, so neither is dropped.
	if len(p.Steps) != 0 {
		t.Errorf("steps:\n%swant none", renderSteps(p.Steps, ""))
	}
}

func TestPlanDowngrade(t *testing.T) {
	tests := []struct {
		name         string
		older, newer string
		wantSteps    string
		wantVerdict  string
	}{
		{
			name:  "registered upgrade reversed",
			older: "      uid: {type: string, required: true}\n      scope: {type: scopes}\n      tenant: {type: string}\n",
			newer: "    claims:\n      scp: {type: scopes, encoding: array, from: scope}\n" +
				"      tenant_id: {type: string, required: true, from: tenant, default: legacy}\n" +
				"      roles: {type: \"[]enum\", values: [admin], default: [admin]}\n" +
				"    upgrade:\n      sub: {from: uid}\n",
			wantSteps: "uid rename [required] fail: from registered claim sub, optional to required, fails when absent\n" +
				"scope rename [encoding] absent: renamed from scp, array to space-delimited\n" +
				"tenant rename absent: renamed from tenant_id\n" +
				"roles dropped: dropped\n",
			wantVerdict: "available",
		},
		{
			name:        "required claim without source",
			older:       "      uid: {type: string, required: true}\n      tenant: {type: string}\n",
			newer:       "    claims:\n      tenant: {type: string}\n",
			wantSteps:   "uid missing: not derivable: no source\ntenant copy absent: copied\n",
			wantVerdict: "not derivable: uid (no source)",
		},
		{
			name:        "required claim with a default",
			older:       "      uid: {type: string, required: true, default: anonymous}\n",
			newer:       "    claims: {}\n",
			wantSteps:   "uid default: default \"anonymous\"\n",
			wantVerdict: "available",
		},
		{
			name:        "value consumed by a hook",
			older:       "      uid: {type: string}\n",
			newer:       "    claims:\n      user: {type: uuid, required: true, from: uid, upgrade: hook}\n",
			wantSteps:   "uid missing: not derivable: an upgrade hook consumed its value\nuser dropped: dropped\n",
			wantVerdict: "not derivable: uid (an upgrade hook consumed its value)",
		},
		{
			name:        "list back to a single value",
			older:       "      tag: {type: string}\n",
			newer:       "    claims:\n      tags: {type: \"[]string\", from: tag}\n",
			wantSteps:   "tag rename [from-list] absent: renamed from tags, []string to string (fails unless one item)\n",
			wantVerdict: "available",
		},
		{
			name:        "number back to int",
			older:       "      level: {type: int, required: true}\n",
			newer:       "    claims:\n      level: {type: number, required: true}\n",
			wantSteps:   "level copy [number-to-int] fail: copied, number to int (fails unless a whole number)\n",
			wantVerdict: "available",
		},
		{
			name: "members reversed",
			older: "      addr:\n        type: object\n        required: true\n        claims:\n" +
				"          city: {type: string, required: true}\n          box: {type: string}\n",
			newer: "    claims:\n      addr:\n        type: object\n        claims:\n" +
				"          town: {type: string, required: true, from: city}\n" +
				"          country: {type: string, default: FR}\n",
			wantSteps: "addr copy [members required] fail: copied, member by member, optional to required, fails when absent\n" +
				"  addr.city rename fail: renamed from town\n" +
				"  addr.box absent: left absent: nothing derives it\n" +
				"  addr.country dropped: dropped\n",
			wantVerdict: "available",
		},
		{
			name: "member without source",
			older: "      addr:\n        type: object\n        claims:\n" +
				"          city: {type: string, required: true}\n",
			newer: "    claims:\n      addr:\n        type: object\n        claims:\n" +
				"          town: {type: string, required: true, default: Paris}\n",
			wantSteps: "addr copy [members] absent: copied, member by member\n" +
				"  addr.city missing: not derivable: no source\n" +
				"  addr.town dropped: dropped\n",
			wantVerdict: "not derivable: addr.city (no source)",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := mustParse(t, twoVersions(tt.older, tt.newer))
			p := PlanDowngrade(c.Versions[1], c.Versions[0])
			if p.Newer != c.Versions[1] || p.Older != c.Versions[0] {
				t.Errorf("plan versions are not the versions given")
			}
			if got := renderSteps(p.Steps, ""); got != tt.wantSteps {
				t.Errorf("steps:\n%swant:\n%s", got, tt.wantSteps)
			}
			if got := p.Verdict(); got != tt.wantVerdict {
				t.Errorf("verdict = %q, want %q", got, tt.wantVerdict)
			}
			if got, want := p.Derivable(), tt.wantVerdict == "available"; got != want {
				t.Errorf("Derivable() = %t, want %t", got, want)
			}
		})
	}
}

func TestPlanIsDeterministic(t *testing.T) {
	c := mustParse(t, twoVersions(
		"      a: {type: string}\n      b: {type: int}\n      c: {type: bool}\n      d: {type: string}\n",
		"    claims:\n      z: {type: string, from: d}\n      b: {type: number}\n      y: {type: string, default: x}\n"))
	first := renderSteps(PlanUpgrade(c.Versions[0], c.Versions[1]).Steps, "")
	want := "z rename absent: renamed from d\n" +
		"b copy [int-to-number] absent: copied, int to number\n" +
		"y default: default \"x\"\n" +
		"a dropped: dropped\n" +
		"c dropped: dropped\n"
	if first != want {
		t.Fatalf("steps:\n%swant:\n%s", first, want)
	}
	for range 20 {
		if again := renderSteps(PlanUpgrade(c.Versions[0], c.Versions[1]).Steps, ""); again != first {
			t.Fatalf("steps changed between two runs:\n%s", again)
		}
	}
}

func TestParseRejectsIncompatibleAdapters(t *testing.T) {
	hint := func(typ string) string {
		return fmt.Sprintf("\n\thint: add upgrade: hook to convert it in a function you write, or a from naming a claim of type %s", typ)
	}
	tests := []struct {
		name         string
		older, newer string
		want         string
	}{
		{
			name:  "copy of number to int",
			older: "      level: {type: number}\n",
			newer: "    claims:\n      level: {type: int}\n",
			want: "c.jwt.yaml:13:7: error: claim \"level\" has type int in version 2 but number in version 1, " +
				"and number does not convert to int [CLAIM_TYPE_INCOMPATIBLE]" + hint("int"),
		},
		{
			name:  "rename of object to string",
			older: "      addr: {type: object, claims: {city: {type: string}}}\n",
			newer: "    claims:\n      city: {type: string, from: addr}\n",
			want: "c.jwt.yaml:13:7: error: claim \"city\" has type string in version 2, but its from \"addr\" has type object in version 1, " +
				"and object does not convert to string [CLAIM_TYPE_INCOMPATIBLE]" + hint("string"),
		},
		{
			name:  "member of list to single value",
			older: "      addr: {type: object, claims: {lines: {type: \"[]string\"}}}\n",
			newer: "    claims:\n      addr: {type: object, claims: {line: {type: string, from: lines}}}\n",
			want: "c.jwt.yaml:13:37: error: claim \"addr.line\" has type string in version 2, but its from \"lines\" has type []string in version 1, " +
				"and []string does not convert to string [CLAIM_TYPE_INCOMPATIBLE]" + hint("string"),
		},
		{
			name:  "hook on a member of list items",
			older: "      devices: {type: \"[]object\", claims: {id: {type: string}}}\n",
			newer: "    claims:\n      devices: {type: \"[]object\", claims: {id: {type: uuid, upgrade: hook}}}\n",
			want: "c.jwt.yaml:13:70: error: claim \"devices.id\" has upgrade: hook, but it is a member of the items of []object claim \"devices\", " +
				"and a hook derives a claim of the whole token\n" +
				"\thint: put upgrade: hook on claim \"devices\" to derive the whole list, or give this member a default",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := Parse("c.jwt.yaml", []byte(twoVersions(tt.older, tt.newer)))
			var ds Diagnostics
			if !errors.As(err, &ds) {
				t.Fatalf("Parse returned %v and contract %v, want Diagnostics", err, c)
			}
			if got := ds.Error(); got != tt.want {
				t.Errorf("diagnostics:\n%s\nwant:\n%s", got, tt.want)
			}
		})
	}
}

func TestParseAcceptsHookForIncompatibleType(t *testing.T) {
	c := mustParse(t, twoVersions("      level: {type: number}\n", "    claims:\n      level: {type: int, upgrade: hook}\n"))
	p := PlanUpgrade(c.Versions[0], c.Versions[1])
	if got, want := renderSteps(p.Steps, ""), "level hook: derived by an upgrade hook\n"; got != want {
		t.Errorf("steps:\n%swant:\n%s", got, want)
	}
}
