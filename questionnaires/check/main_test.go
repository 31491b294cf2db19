package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// small writes the small test questionnaire into a new folder and returns it.
func small(t *testing.T) string {
	t.Helper()
	good, err := os.ReadFile("../authoring/testdata/small.v1.yaml")
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "small.v1.yaml"), good, 0o644); err != nil {
		t.Fatal(err)
	}
	return dir
}

func TestCompileAndStale(t *testing.T) {
	dir := small(t)
	if err := run(dir, false); err == nil || !strings.Contains(err.Error(), "is missing") {
		t.Fatalf("check before compiling: err = %v, want is missing", err)
	}
	if err := run(dir, true); err != nil {
		t.Fatal(err)
	}
	if err := run(dir, false); err != nil {
		t.Fatalf("check after compiling: %v", err)
	}
	// A compiled file without its source is stale.
	if err := os.WriteFile(filepath.Join(dir, "compiled", "gone.v1.json"), []byte("{}"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := run(dir, false); err == nil || !strings.Contains(err.Error(), "no source") {
		t.Fatalf("err = %v, want no source", err)
	}
	if err := run(dir, true); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(dir, "compiled", "gone.v1.json")); !os.IsNotExist(err) {
		t.Errorf("stale compiled file not removed: %v", err)
	}
}

// TestCheckWritesNothing: without -w a stale compiled file fails the check,
// which names it and the fix, and stays as it was: make test checks, it
// does not repair what it checks.
func TestCheckWritesNothing(t *testing.T) {
	dir := small(t)
	if err := run(dir, true); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, "compiled", "small.v1.json")
	good, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		edit func([]byte) []byte
	}{
		{"one byte", func(b []byte) []byte { b = append([]byte(nil), b...); b[len(b)/2] ^= 1; return b }},
		{"reformatted", func(b []byte) []byte { return []byte(strings.ReplaceAll(string(b), "\n ", "\n  ")) }},
		{"truncated", func(b []byte) []byte { return b[:len(b)-2] }},
		{"empty", func([]byte) []byte { return nil }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			stale := tt.edit(good)
			if err := os.WriteFile(path, stale, 0o644); err != nil {
				t.Fatal(err)
			}
			err := run(dir, false)
			if err == nil {
				t.Fatal("check passed a stale compiled file")
			}
			for _, want := range []string{path, "out of date with " + filepath.Join(dir, "small.v1.yaml"), "make questionnaires"} {
				if !strings.Contains(err.Error(), want) {
					t.Errorf("error %q does not contain %q", err, want)
				}
			}
			if got, _ := os.ReadFile(path); string(got) != string(stale) {
				t.Error("the check changed the compiled file")
			}
		})
	}
}
