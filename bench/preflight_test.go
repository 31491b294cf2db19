//go:build !js

package main

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestMissing: on a machine with nothing, each part names what it needs
// and how to get it; with everything, nothing is missing.
func TestMissing(t *testing.T) {
	empty := t.TempDir()
	full := t.TempDir()
	// Chromium, an absolute path, is where LAGESBILD_CHROMIUM says: in the root.
	t.Setenv("LAGESBILD_CHROMIUM", filepath.Join(full, "chromium"))
	for _, r := range requirements() {
		if !r.command && !filepath.IsAbs(r.path) {
			touch(t, filepath.Join(full, r.path))
		}
	}
	touch(t, filepath.Join(full, "chromium"))
	for _, p := range []string{"node_modules/.bin/wrangler", "node_modules/miniflare/package.json", "build/worker/worker.mjs"} {
		touch(t, filepath.Join(full, p))
	}
	none := func(string) (string, error) { return "", errors.New("not found") }
	all := func(name string) (string, error) { return "/usr/bin/" + name, nil }
	tests := []struct {
		name, root, only string
		lookPath         func(string) (string, error)
		want, not        []string // in the list; not in it
	}{
		{"fresh machine", empty, "", none,
			[]string{"brotli is not on PATH (make setup installs it from apt)", "chromium is missing (make setup installs it from apt)",
				"build/public/form.wasm is missing (make build", "node_modules/.bin/wrangler is missing", "node_modules/survey-core/survey.core.min.js is missing (make setup"}, nil},
		{"workers only", empty, "workers", none,
			[]string{"node_modules/.bin/wrangler is missing", "build/worker/stock.mjs is missing"}, []string{"brotli", "chromium", "form.wasm"}},
		{"sizes only", empty, "sizes", none,
			[]string{"brotli is not on PATH", "build/public/form.wasm is missing"}, []string{"chromium", "wrangler"}},
		{"browser (and sizes)", empty, "browser", none,
			[]string{"brotli is not on PATH", "chromium is missing"}, []string{"wrangler"}},
		{"no brotli", full, "", none, []string{"brotli is not on PATH"}, []string{"is missing"}},
		{"everything", full, "", all, nil, []string{""}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Setenv("LAGESBILD_CHROMIUM", filepath.Join(tt.root, "chromium"))
			got, err := missing(tt.root, tt.only, tt.lookPath)
			if err != nil {
				t.Fatal(err)
			}
			list := strings.Join(got, "\n")
			for _, w := range tt.want {
				if !strings.Contains(list, w) {
					t.Errorf("missing:\n%s\nwant it to name %q", list, w)
				}
			}
			for _, n := range tt.not {
				if n == "" && len(got) > 0 || n != "" && strings.Contains(list, n) {
					t.Errorf("missing:\n%s\nwant no %q", list, n)
				}
			}
		})
	}
	if _, err := missing(full, "worker", all); err == nil {
		t.Error("-only worker (not a part) accepted")
	}
}

func touch(t *testing.T, path string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, nil, 0o755); err != nil {
		t.Fatal(err)
	}
}
