// Package golden compares what a test rendered with a file in its
// package's testdata; `go test -update` rewrites the files instead. For
// tests only: the clients' packages with golden files share it, so that
// each does not carry its own copy of the comparison and the flag.
package golden

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// File compares got with testdata/name byte for byte.
func File(t testing.TB, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.MkdirAll("testdata", 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (go test -update writes it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs from the golden file (go test -update rewrites it)\ngot:\n%s\nwant:\n%s", name, got, want)
	}
}

// HTML compares rendered HTML with testdata/name, a line starting before
// each element blocks matches so that a diff is readable. A format verb
// that did not fit its argument (fmt's "%!", i18n.Fill's "?(") fails it.
func HTML(t testing.TB, name, got string, blocks *regexp.Regexp) {
	t.Helper()
	if strings.Contains(got, "%!") || strings.Contains(got, "?(") {
		t.Errorf("%s: a format verb did not fit its argument: %s", name, got)
	}
	text := blocks.ReplaceAllStringFunc(got, func(s string) string { return "\n" + s })
	File(t, name, []byte(strings.TrimPrefix(text, "\n")+"\n"))
}
