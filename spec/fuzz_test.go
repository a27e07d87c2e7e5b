package spec

import (
	"errors"
	"os"
	"path/filepath"
	"testing"
	"time"
)

// FuzzParse checks that no input makes the loader panic, and that it
// returns either a contract or a non-empty list of errors sorted by
// position, each naming the file and giving a hint.
func FuzzParse(f *testing.F) {
	files, err := filepath.Glob(filepath.Join("testdata", "*", "*"))
	if err != nil {
		f.Fatal(err)
	}
	for _, file := range files {
		data, err := os.ReadFile(file)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	f.Add([]byte(aliasBomb))
	f.Add([]byte("a: &a [*a]\n"))
	f.Add([]byte("{\"jwtgen\": 1, \"versions\": [{}]}"))

	f.Fuzz(func(t *testing.T, data []byte) {
		c, err := Parse("f.jwt.yaml", data)
		if err == nil {
			if c == nil {
				t.Fatal("Parse returned neither a contract nor an error")
			}
			Lint(c, time.Unix(0, 0))
			return
		}

		var ds Diagnostics
		if !errors.As(err, &ds) || len(ds) == 0 {
			t.Fatalf("error is %T, want non-empty Diagnostics: %v", err, err)
		}
		if c != nil {
			t.Fatal("Parse returned a contract with its errors")
		}
		for i, d := range ds {
			if d.Pos.File != "f.jwt.yaml" || d.Pos.Line < 1 || d.Severity != SeverityError || d.Message == "" || d.Hint == "" {
				t.Fatalf("malformed diagnostic %#v", d)
			}
			if i > 0 && d.Pos.Before(ds[i-1].Pos) {
				t.Fatalf("diagnostics out of order: %v before %v", ds[i-1].Pos, d.Pos)
			}
		}
	})
}
