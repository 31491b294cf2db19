//go:build !js

package chromium

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
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

// TestTracer: a command sent and not answered is reported with its method
// and session; once answered, it is not. Only the head of a message is
// read, so a large answer still clears its command.
func TestTracer(t *testing.T) {
	tr := &tracer{pending: map[int64]sent{}}
	tr.debugf("-> %s", `{"id":7,"sessionId":"S1","method":"Input.dispatchKeyEvent","params":{"type":"keyDown","key":"Tab"}}`)
	tr.debugf("-> %s", `{"id":8,"sessionId":"S2","method":"Runtime.evaluate","params":{"expression":"1"}}`)
	for id, c := range tr.pending {
		c.at = c.at.Add(-time.Minute)
		tr.pending[id] = c
	}
	got := tr.report("S1", time.Second)
	if !strings.Contains(got, "Input.dispatchKeyEvent") || !strings.Contains(got, `"key":"Tab"`) || strings.Contains(got, "Runtime.evaluate") {
		t.Errorf("report of S1:\n%s\nwant the unanswered key event of S1 only", got)
	}
	tr.debugf("<- %s", []byte(`{"id":7,"result":{"data":"`+strings.Repeat("A", 1<<20)+`"},"sessionId":"S1"}`)) // as chromedp logs it
	if got := tr.report("S1", time.Second); !strings.Contains(got, "no command unanswered") {
		t.Errorf("after the answer, report of S1:\n%s\nwant none unanswered", got)
	}
}
