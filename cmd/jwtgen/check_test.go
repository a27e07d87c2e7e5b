package main

import (
	"path/filepath"
	"testing"
)

// brokenDiagnostics returns what the loader prints for testdata's
// broken.jwt.yaml copied to path.
func brokenDiagnostics(path string) string {
	return path + ":19:9: error: unknown key \"requird\" in claim \"tenant\"\n" +
		"\thint: did you mean \"required\"?\n"
}

// riskyLeeway and riskyPastAcceptUntil are the warnings of the lints for
// testdata's risky.jwt.yaml at path. Its leeway is always too long, and its
// active version 1 is past accept_until from 2027-03-01 on.
func riskyLeeway(path string) string {
	return path + ":16:15: warning: leeway 10m of version 1 is longer than 5m [LEEWAY_TOO_LONG]\n" +
		"\thint: allow only clock skew, e.g. leeway: 30s\n"
}

func riskyPastAcceptUntil(path string) string {
	return path + ":9:19: warning: version 1 is still active after its accept_until 2027-03-01T00:00:00Z [ACTIVE_PAST_ACCEPT_UNTIL]\n" +
		"\thint: set status: retired, or move accept_until to a later date\n"
}

// versionsLeeway is the warning of the lints for testdata's
// versions.jwt.yaml at path.
func versionsLeeway(path string) string {
	return path + ":41:15: warning: leeway 10m of version 3 is longer than 5m [LEEWAY_TOO_LONG]\n" +
		"\thint: allow only clock skew, e.g. leeway: 30s\n"
}

// versionsAdapters is what check -v prints for testdata's
// versions.jwt.yaml, whose three versions use every verdict.
const versionsAdapters = `OrdersAccess v1 -> v2: upgrade automatic
  user: renamed from uid
  tenant_id: renamed from tenant, optional to required, fails when absent
  scp: renamed from scope, space-delimited to array
  roles: default ["viewer"]
  address: left absent: nothing derives it
  legacy: dropped
  sub: from uid
OrdersAccess v2 -> v1: downgrade available
OrdersAccess v2 -> v3: upgrade needs hooks: tenant
  tenant: derived by an upgrade hook
  scp: copied
  address: copied, member by member
    address.town: renamed from city
  user: dropped
  roles: dropped
OrdersAccess v3 -> v2: downgrade not derivable: user (no source), tenant_id (an upgrade hook consumed its value)
`

func TestCheck(t *testing.T) {
	orders := filepath.Join("testdata", "orders.jwt.yaml")
	broken := filepath.Join("testdata", "broken.jwt.yaml")
	risky := filepath.Join("testdata", "risky.jwt.yaml")
	missing := filepath.Join("testdata", "missing.jwt.yaml")
	versions := filepath.Join("testdata", "versions.jwt.yaml")

	tests := []struct {
		name string
		args []string
		want result
	}{
		{
			name: "clean contract",
			args: []string{"check", orders},
			want: result{status: 0},
		},
		{
			name: "clean contract strict",
			args: []string{"check", "--strict", "--at", "2030-01-01T00:00:00Z", orders},
			want: result{status: 0},
		},
		{
			name: "contract with error",
			args: []string{"check", broken},
			want: result{status: 1, stdout: brokenDiagnostics(broken), stderr: "jwtgen: 1 error, 0 warnings\n"},
		},
		{
			name: "clean and broken contracts",
			args: []string{"check", orders, broken},
			want: result{status: 1, stdout: brokenDiagnostics(broken), stderr: "jwtgen: 1 error, 0 warnings\n"},
		},
		{
			name: "contract with warning",
			args: []string{"check", "--at", "2026-06-01T00:00:00Z", risky},
			want: result{status: 0, stdout: riskyLeeway(risky), stderr: "jwtgen: 0 errors, 1 warning\n"},
		},
		{
			name: "warnings after accept_until",
			args: []string{"check", "--at", "2027-03-01T00:00:00Z", risky},
			want: result{
				status: 0,
				stdout: riskyPastAcceptUntil(risky) + riskyLeeway(risky),
				stderr: "jwtgen: 0 errors, 2 warnings\n",
			},
		},
		{
			name: "warning with strict",
			args: []string{"check", "--strict", "--at", "2026-06-01T00:00:00Z", risky},
			want: result{status: 1, stdout: riskyLeeway(risky), stderr: "jwtgen: 0 errors, 1 warning; --strict fails on warnings\n"},
		},
		{
			name: "error and warning",
			args: []string{"check", "--strict", "--at", "2026-06-01T00:00:00Z", broken, risky},
			want: result{
				status: 1,
				stdout: brokenDiagnostics(broken) + riskyLeeway(risky),
				stderr: "jwtgen: 1 error, 1 warning\n",
			},
		},
		{
			name: "missing file",
			args: []string{"check", missing, orders},
			want: result{
				status: 1,
				stdout: missing + ": error: cannot read the file: no such file or directory\n",
				stderr: "jwtgen: 1 error, 0 warnings\n",
			},
		},
		{
			name: "adapters without -v",
			args: []string{"check", versions},
			want: result{status: 0, stdout: versionsLeeway(versions), stderr: "jwtgen: 0 errors, 1 warning\n"},
		},
		{
			name: "adapters after the warnings",
			args: []string{"check", "-v", versions},
			want: result{status: 0, stdout: versionsLeeway(versions) + versionsAdapters, stderr: "jwtgen: 0 errors, 1 warning\n"},
		},
		{
			name: "adapters of valid contracts only",
			args: []string{"check", "--verbose", orders, broken, versions},
			want: result{
				status: 1,
				stdout: brokenDiagnostics(broken) + versionsLeeway(versions) + versionsAdapters,
				stderr: "jwtgen: 1 error, 1 warning\n",
			},
		},
		{
			name: "no files",
			args: []string{"check", "--strict"},
			want: result{status: 2, stderr: "jwtgen: check: missing contract file; run 'jwtgen check -h' for usage\n"},
		},
		{
			name: "invalid at",
			args: []string{"check", "--at", "2027-03-01", orders},
			want: result{status: 2, stderr: "jwtgen: check: invalid --at \"2027-03-01\": use an RFC 3339 timestamp such as 2027-03-01T00:00:00Z\n"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			checkResult(t, runJwtgen(t, nil, tt.args...), tt.want)
		})
	}
}
