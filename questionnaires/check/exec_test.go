//go:build !js

package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestBrokenFileExitsNonZero runs the command as a person would, on a folder
// holding one good and one broken questionnaire. It starts `go run`, which
// js/wasm cannot: the rest of the package's tests also run there.
func TestBrokenFileExitsNonZero(t *testing.T) {
	good, err := os.ReadFile("../authoring/testdata/small.v1.yaml")
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name, old, new, want string
	}{
		{"duplicate id", "id: rutiner.rutin", "id: rutiner.plan", `small.v1.yaml:21:13: duplicate item id "rutiner.plan"`},
		{"missing en", `title: {sv: "Liten enkät", en: "Small survey"}`, `title: {sv: "Liten enkät"}`, "small.v1.yaml:4:1: title has no en translation"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			broken := strings.Replace(string(good), tt.old, tt.new, 1)
			if err := os.WriteFile(filepath.Join(dir, "small.v1.yaml"), []byte(broken), 0o644); err != nil {
				t.Fatal(err)
			}
			cmd := exec.Command("go", "run", ".", "-dir", dir, "-w")
			out, err := cmd.CombinedOutput()
			if err == nil {
				t.Fatalf("exit 0 on a broken file; output:\n%s", out)
			}
			if !strings.Contains(string(out), tt.want) {
				t.Errorf("output:\n%s\nwant it to contain %q", out, tt.want)
			}
			if _, err := os.Stat(filepath.Join(dir, "compiled")); err == nil {
				t.Error("compiled/ was written for a broken file: nothing half-written must")
			}
		})
	}
}
