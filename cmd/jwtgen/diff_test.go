package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// diffOld is a published contract of one version.
const diffOld = `jwtgen: 1
contract: Demo
versions:
  - version: 1
    token:
      algorithms: [ES256]
    claims:
      uid: {type: string, required: true}
      tenant: {type: string}
`

// diffNew edits version 1 of diffOld in place: a pattern added to uid and
// tenant removed.
const diffNew = `jwtgen: 1
contract: Demo
versions:
  - version: 1
    token:
      algorithms: [ES256]
    claims:
      uid: {type: string, required: true, pattern: '^u'}
`

// writeFiles writes name-to-content pairs into dir.
func writeFiles(t *testing.T, dir string, files map[string]string) {
	t.Helper()
	for name, content := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

func TestDiffFormats(t *testing.T) {
	t.Chdir(t.TempDir())
	writeFiles(t, ".", map[string]string{"old.jwt.yaml": diffOld, "new.jwt.yaml": diffNew})

	tests := []struct {
		name string
		args []string
		want result
	}{
		{
			name: "text",
			args: []string{"diff", "old.jwt.yaml", "new.jwt.yaml"},
			want: result{status: 1, stdout: `new.jwt.yaml:4:5: error: Demo v1 (in place): Version 1 was edited in place (2 changes), but tokens already minted under it must keep their meaning. Revert the edit and add it as version 2 instead. [PUBLISHED_VERSION_EDITED]
	verifiers: breaking, issuers: breaking, adapters: not applicable
new.jwt.yaml:8:52: warning: Demo v1 (in place): Claim "uid" got pattern "^u" in place in version 1. [CLAIM_PATTERN_ADDED]
	verifiers: compatible, issuers: overlap, adapters: not applicable
old.jwt.yaml:9:7: warning: Demo v1 (in place): Claim "tenant" was removed in place in version 1. [CLAIM_REMOVED]
	verifiers: overlap, issuers: compatible, adapters: not applicable
`, stderr: "jwtgen: 1 of 3 changes unsafe\n"},
		},
		{
			name: "github",
			args: []string{"diff", "--format", "github", "old.jwt.yaml", "new.jwt.yaml"},
			want: result{status: 1, stdout: `::error file=new.jwt.yaml,line=4,col=5,title=PUBLISHED_VERSION_EDITED::Demo v1 (in place): Version 1 was edited in place (2 changes), but tokens already minted under it must keep their meaning. Revert the edit and add it as version 2 instead. (verifiers: breaking, issuers: breaking, adapters: not applicable)
::warning file=new.jwt.yaml,line=8,col=52,title=CLAIM_PATTERN_ADDED::Demo v1 (in place): Claim "uid" got pattern "^u" in place in version 1. (verifiers: compatible, issuers: overlap, adapters: not applicable)
::warning file=old.jwt.yaml,line=9,col=7,title=CLAIM_REMOVED::Demo v1 (in place): Claim "tenant" was removed in place in version 1. (verifiers: overlap, issuers: compatible, adapters: not applicable)
`, stderr: "jwtgen: 1 of 3 changes unsafe\n"},
		},
		{
			name: "json",
			args: []string{"diff", "--format", "json", "old.jwt.yaml", "new.jwt.yaml"},
			want: result{status: 1, stdout: `{
  "changes": [
    {
      "rule": "PUBLISHED_VERSION_EDITED",
      "severity": "error",
      "contract": "Demo",
      "older_version": 1,
      "newer_version": 1,
      "in_place": true,
      "message": "Version 1 was edited in place (2 changes), but tokens already minted under it must keep their meaning. Revert the edit and add it as version 2 instead.",
      "verifiers": "breaking",
      "issuers": "breaking",
      "adapters": "not applicable",
      "unsafe": true,
      "old": {
        "file": "old.jwt.yaml",
        "line": 4,
        "col": 5
      },
      "new": {
        "file": "new.jwt.yaml",
        "line": 4,
        "col": 5
      }
    },
    {
      "rule": "CLAIM_PATTERN_ADDED",
      "severity": "warning",
      "contract": "Demo",
      "older_version": 1,
      "newer_version": 1,
      "in_place": true,
      "subject": "uid",
      "message": "Claim \"uid\" got pattern \"^u\" in place in version 1.",
      "verifiers": "compatible",
      "issuers": "overlap",
      "adapters": "not applicable",
      "unsafe": false,
      "old": {
        "file": "old.jwt.yaml",
        "line": 8,
        "col": 7
      },
      "new": {
        "file": "new.jwt.yaml",
        "line": 8,
        "col": 52
      }
    },
    {
      "rule": "CLAIM_REMOVED",
      "severity": "warning",
      "contract": "Demo",
      "older_version": 1,
      "newer_version": 1,
      "in_place": true,
      "subject": "tenant",
      "message": "Claim \"tenant\" was removed in place in version 1.",
      "verifiers": "overlap",
      "issuers": "compatible",
      "adapters": "not applicable",
      "unsafe": false,
      "old": {
        "file": "old.jwt.yaml",
        "line": 9,
        "col": 7
      }
    }
  ],
  "unsafe": 1
}
`, stderr: "jwtgen: 1 of 3 changes unsafe\n"},
		},
		{
			name: "one file without changes",
			args: []string{"diff", "old.jwt.yaml"},
			want: result{status: 0},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			checkResult(t, runJwtgen(t, nil, tt.args...), tt.want)
		})
	}
}

func TestDiffCommandLineErrors(t *testing.T) {
	tests := []struct {
		name string
		args []string
		want result
	}{
		{
			name: "no file",
			args: []string{"diff"},
			want: result{status: 2, stderr: "jwtgen: diff: missing contract file; run 'jwtgen diff -h' for usage\n"},
		},
		{
			name: "three files",
			args: []string{"diff", "a", "b", "c"},
			want: result{status: 2, stderr: "jwtgen: diff: too many arguments: give FILE, or OLD and NEW; run 'jwtgen diff -h' for usage\n"},
		},
		{
			name: "unknown format",
			args: []string{"diff", "--format", "xml", "a"},
			want: result{status: 2, stderr: "jwtgen: diff: invalid --format \"xml\": use text, json or github\n"},
		},
		{
			name: "against without git prefix",
			args: []string{"diff", "--against", "main", "a"},
			want: result{status: 2, stderr: "jwtgen: diff: invalid --against \"main\": use git:REF, such as git:main\n"},
		},
		{
			name: "against with two files",
			args: []string{"diff", "--against", "git:main", "a", "b"},
			want: result{status: 2, stderr: "jwtgen: diff: --against takes one FILE, not OLD and NEW\n"},
		},
		{
			name: "rules with a file",
			args: []string{"diff", "--rules", "a"},
			want: result{status: 2, stderr: "jwtgen: diff: --rules takes no file; run 'jwtgen diff -h' for usage\n"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			checkResult(t, runJwtgen(t, nil, tt.args...), tt.want)
		})
	}
}

func TestDiffRules(t *testing.T) {
	got := runJwtgen(t, nil, "diff", "--rules")
	if got.status != 0 || got.stderr != "" {
		t.Fatalf("status %d, stderr %q", got.status, got.stderr)
	}
	lines := strings.Split(got.stdout, "\n")
	wantHeader := "RULE                             VERIFIERS   ISSUERS     ADAPTERS                PURPOSE"
	if lines[0] != wantHeader {
		t.Errorf("header = %q, want %q", lines[0], wantHeader)
	}
	wantRow := "CLAIM_RENAMED_WITHOUT_FROM       breaking    breaking    not covered             A claim was removed and one of the same type added without from naming it, so the upgrade drops the value instead of carrying it."
	if !strings.Contains(got.stdout, wantRow+"\n") {
		t.Errorf("no row %q in:\n%s", wantRow, got.stdout)
	}
}

// git runs git in dir with a fixed identity and date, so commits do not
// depend on the machine's configuration.
func git(t *testing.T, dir string, args ...string) {
	t.Helper()
	cmd := exec.Command("git", args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(),
		"GIT_AUTHOR_NAME=jwtgen test", "GIT_AUTHOR_EMAIL=test@example.com", "GIT_AUTHOR_DATE=2026-01-01T00:00:00Z",
		"GIT_COMMITTER_NAME=jwtgen test", "GIT_COMMITTER_EMAIL=test@example.com", "GIT_COMMITTER_DATE=2026-01-01T00:00:00Z",
		"GIT_CONFIG_GLOBAL=/dev/null", "GIT_CONFIG_NOSYSTEM=1",
	)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("git %s: %v\n%s", strings.Join(args, " "), err, out)
	}
}

func TestDiffAgainstGit(t *testing.T) {
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git is not installed")
	}
	repo := t.TempDir()
	if err := os.Mkdir(filepath.Join(repo, "tokens"), 0o755); err != nil {
		t.Fatal(err)
	}
	git(t, repo, "init", "--quiet", "--initial-branch=main")
	writeFiles(t, filepath.Join(repo, "tokens"), map[string]string{"demo.jwt.yaml": diffOld})
	git(t, repo, "add", "tokens/demo.jwt.yaml")
	git(t, repo, "commit", "--quiet", "-m", "Add the demo contract")
	writeFiles(t, filepath.Join(repo, "tokens"), map[string]string{"demo.jwt.yaml": diffNew})

	// Run from inside the repository with a path relative to it, as CI does.
	t.Chdir(filepath.Join(repo, "tokens"))
	got := runJwtgen(t, nil, "diff", "--against", "git:main", "--format", "github", "demo.jwt.yaml")
	want := result{status: 1, stdout: `::error file=demo.jwt.yaml,line=4,col=5,title=PUBLISHED_VERSION_EDITED::Demo v1 (in place): Version 1 was edited in place (2 changes), but tokens already minted under it must keep their meaning. Revert the edit and add it as version 2 instead. (verifiers: breaking, issuers: breaking, adapters: not applicable)
::warning file=demo.jwt.yaml,line=8,col=52,title=CLAIM_PATTERN_ADDED::Demo v1 (in place): Claim "uid" got pattern "^u" in place in version 1. (verifiers: compatible, issuers: overlap, adapters: not applicable)
::warning file=demo.jwt.yaml,line=9,col=7,title=CLAIM_REMOVED::Demo v1 (in place): Claim "tenant" was removed in place in version 1. (verifiers: overlap, issuers: compatible, adapters: not applicable)
`, stderr: "jwtgen: 1 of 3 changes unsafe\n"}
	checkResult(t, got, want)

	t.Run("unchanged", func(t *testing.T) {
		writeFiles(t, ".", map[string]string{"demo.jwt.yaml": diffOld})
		checkResult(t, runJwtgen(t, nil, "diff", "--against", "git:main", "demo.jwt.yaml"), result{status: 0})
	})
	t.Run("unknown ref", func(t *testing.T) {
		got := runJwtgen(t, nil, "diff", "--against", "git:nosuchbranch", "demo.jwt.yaml")
		if got.status != 1 || !strings.HasPrefix(got.stderr, "jwtgen: read tokens/demo.jwt.yaml at git:nosuchbranch: git show: fatal: ") {
			t.Errorf("status %d, stderr %q", got.status, got.stderr)
		}
	})
}
