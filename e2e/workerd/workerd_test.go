//go:build !js

package workerd

import (
	"context"
	"errors"
	"strings"
	"testing"
)

// TestNotBuilt: without a build, Start says so with ErrNotBuilt (the tests
// that use it skip on that, or fail under CI) and starts nothing.
func TestNotBuilt(t *testing.T) {
	root := t.TempDir()
	if err := Built(root); !errors.Is(err, ErrNotBuilt) {
		t.Errorf("Built(empty dir) = %v, want ErrNotBuilt", err)
	}
	w, err := Start(context.Background(), Options{Root: root})
	if !errors.Is(err, ErrNotBuilt) || w != nil {
		t.Errorf("Start(empty dir) = %v, %v; want nil, ErrNotBuilt", w, err)
	}
}

// TestForTestsNotBuilt: a TestMain skips its tests when the worker is not
// built, saying why, except under CI, where that fails the run.
func TestForTestsNotBuilt(t *testing.T) {
	if testing.Short() {
		t.Skip("-short: ForTests skips before looking")
	}
	tests := []struct {
		ci    string
		fails bool
	}{
		{"", false},
		{"false", false},
		{"true", true},
	}
	for _, tt := range tests {
		t.Run("CI="+tt.ci, func(t *testing.T) {
			t.Setenv("CI", tt.ci)
			w, skipWhy, err := ForTests(Options{Root: t.TempDir()})
			if w != nil {
				t.Fatal("started a worker from an empty directory")
			}
			got := skipWhy
			if err != nil {
				got = err.Error()
			}
			if (err != nil) != tt.fails || (skipWhy != "") == tt.fails {
				t.Errorf("skipWhy %q, err %v; want failing %v", skipWhy, err, tt.fails)
			}
			if !strings.Contains(got, "node_modules/.bin/wrangler is missing") {
				t.Errorf("%q does not say what is missing", got)
			}
		})
	}
}
