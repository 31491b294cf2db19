//go:build !js

package compact_test

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// charCall is a call of SQL's char() with its context: what comes before
// and after it.
var charCall = regexp.MustCompile(`(\|\||,)?\s*char\(\s*(\d+)\s*\)\s*(\|\||\))?`)

// rawString is a raw string literal of Go, where the worker writes its SQL.
var rawString = regexp.MustCompile("`[^`]*`")

// TestSQLRoles: every statement that writes the format — the worker's SQL
// files, the SQL in its Go files, the bench's plain-JavaScript worker's SQL —
// uses each separator in its one role (see the package doc): char(30) only
// as group_concat's separator between records, char(29) only between a key
// and its value with ||, char(31) between fields either way; no other
// control character.
func TestSQLRoles(t *testing.T) {
	var files []string
	for _, pattern := range []string{"../../sql/*.sql", "../../*.go", "../../../bench/jsworker/*.sql"} {
		m, err := filepath.Glob(pattern)
		if err != nil {
			t.Fatal(err)
		}
		files = append(files, m...)
	}
	uses := 0
	for _, path := range files {
		if strings.HasSuffix(path, "_test.go") {
			continue
		}
		b, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		text := string(b)
		if strings.HasSuffix(path, ".go") { // its SQL: the raw strings, not the comments
			text = strings.Join(rawString.FindAllString(text, -1), "\n")
		}
		for _, m := range charCall.FindAllStringSubmatch(text, -1) {
			before, n, after := m[1], m[2], m[3]
			concat := before == "||" && after == "||"
			separator := before == "," && after == ")"
			uses++
			switch {
			case n == "30" && !separator:
				t.Errorf("%s: %q: char(30) separates records, only as group_concat's separator", path, m[0])
			case n == "31" && !separator && !concat:
				t.Errorf("%s: %q: char(31) separates fields, with || or as group_concat's separator", path, m[0])
			case n == "29" && !concat:
				t.Errorf("%s: %q: char(29) joins a key to its value with ||, never separates records or fields", path, m[0])
			case n != "29" && n != "30" && n != "31":
				t.Errorf("%s: %q: char(%s) is not a separator of the format", path, m[0], n)
			}
		}
	}
	if uses < 10 {
		t.Errorf("found %d uses of char() in %d files: is the test looking in the right place?", uses, len(files))
	}
}

// TestJSRoles: the bench's plain-JavaScript worker reads the aggregate with
// the same roles: records at RS, fields at US, a pair at GS.
func TestJSRoles(t *testing.T) {
	b, err := os.ReadFile("../../../bench/jsworker/worker.mjs")
	if err != nil {
		t.Fatal(err)
	}
	js := string(b)
	i, j, k := strings.Index(js, `text.split("\x1e")`), strings.Index(js, `rec.split("\x1f")`), strings.Index(js, `].split("\x1d")`)
	if i < 0 || j < i || k < j {
		t.Errorf("bench/jsworker/worker.mjs does not split the aggregate at RS, then US, then GS (%d, %d, %d)", i, j, k)
	}
}
