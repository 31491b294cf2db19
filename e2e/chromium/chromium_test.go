//go:build !js

package chromium

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// TestMakefileAgrees: `make setup` checks for, and installs, the browser at
// the path the tests use when the Makefile does not say (go test alone).
func TestMakefileAgrees(t *testing.T) {
	b, err := os.ReadFile("../../Makefile")
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile(`(?m)^export LAGESBILD_CHROMIUM \?= (\S+)$`).FindSubmatch(b)
	if m == nil {
		t.Fatal("the Makefile does not set `export LAGESBILD_CHROMIUM ?= <path>`")
	}
	if got := string(m[1]); got != DefaultPath {
		t.Errorf("the Makefile's LAGESBILD_CHROMIUM is %s, the tests' default %s: make setup would install one and the tests look for the other", got, DefaultPath)
	}
}

// TestNeed: what is missing is a reason to skip, or under CI an error
// that names it.
func TestNeed(t *testing.T) {
	root := t.TempDir()
	if err := os.MkdirAll(filepath.Join(root, "build/public"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(root, "build/public/form.wasm"), nil, 0o644); err != nil {
		t.Fatal(err)
	}
	browser, err := os.Executable() // any executable file stands in for Chromium
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name, ci, browser, file string
		want                    string // a part of the skip reason or the error; "" nothing missing
		fails                   bool
	}{
		{"all there", "", browser, "form.wasm", "", false},
		{"all there, CI", "true", browser, "form.wasm", "", false},
		{"no browser", "", "/nonexistent/chromium", "form.wasm", "Chromium is missing: /nonexistent/chromium", false},
		{"no browser, CI", "true", "/nonexistent/chromium", "form.wasm", "Chromium is missing: /nonexistent/chromium", true},
		{"not built", "", browser, "app.wasm", "build/public/app.wasm is missing", false},
		{"not built, CI", "true", browser, "app.wasm", "build/public/app.wasm is missing", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Setenv("CI", tt.ci)
			t.Setenv("LAGESBILD_CHROMIUM", tt.browser)
			skip, err := Need(root, tt.file)
			got := skip
			if err != nil {
				got = err.Error()
			}
			if (err != nil) != tt.fails {
				t.Errorf("err = %v, want failing %v", err, tt.fails)
			}
			if tt.fails && skip != "" {
				t.Errorf("both an error and a reason to skip (%q)", skip)
			}
			if tt.want == "" && got != "" || !strings.Contains(got, tt.want) {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}
