package authoring

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestCompare: every way compiled/ can disagree with the YAML is reported,
// naming the file and the fix, and nothing is written.
func TestCompare(t *testing.T) {
	tests := []struct {
		name  string
		setup func(t *testing.T, compiled string, good []byte) // changes a compiled/ holding the right file
		want  []string                                         // one per difference: a part of its message
	}{
		{"up to date", func(*testing.T, string, []byte) {}, nil},
		{"one byte changed", func(t *testing.T, dir string, good []byte) {
			b := append([]byte(nil), good...)
			b[len(b)/2] ^= 1
			write(t, filepath.Join(dir, "small.v1.json"), b)
		}, []string{"small.v1.json is out of date with "}},
		{"missing", func(t *testing.T, dir string, _ []byte) {
			if err := os.Remove(filepath.Join(dir, "small.v1.json")); err != nil {
				t.Fatal(err)
			}
		}, []string{"small.v1.json is missing"}},
		{"no source", func(t *testing.T, dir string, _ []byte) {
			write(t, filepath.Join(dir, "gone.v1.json"), []byte("{}\n"))
		}, []string{"gone.v1.json has no source file"}},
		{"both", func(t *testing.T, dir string, good []byte) {
			write(t, filepath.Join(dir, "small.v1.json"), good[:len(good)-1])
			write(t, filepath.Join(dir, "a.v1.json"), good)
		}, []string{"a.v1.json has no source file", "small.v1.json is out of date with "}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			write(t, filepath.Join(dir, "small.v1.yaml"), []byte(readSmall(t)))
			files, err := LoadDir(dir)
			if err != nil {
				t.Fatal(err)
			}
			good := JSON(files[0].Questionnaire)
			compiled := filepath.Join(dir, "compiled")
			if err := os.Mkdir(compiled, 0o755); err != nil {
				t.Fatal(err)
			}
			write(t, filepath.Join(compiled, "small.v1.json"), good)
			tt.setup(t, compiled, good)
			before := snapshot(t, compiled)
			diffs, err := Compare(dir, files)
			if err != nil {
				t.Fatal(err)
			}
			if len(diffs) != len(tt.want) {
				t.Fatalf("differences %v, want %d", diffs, len(tt.want))
			}
			for i, d := range diffs {
				if msg := d.Error(); !strings.Contains(msg, tt.want[i]) || !strings.Contains(msg, "make questionnaires") {
					t.Errorf("difference %d: %q, want it to contain %q and make questionnaires", i, msg, tt.want[i])
				}
			}
			if after := snapshot(t, compiled); after != before {
				t.Errorf("Compare changed compiled/:\n%s\nwas\n%s", after, before)
			}
		})
	}
}

func write(t *testing.T, path string, b []byte) {
	t.Helper()
	if err := os.WriteFile(path, b, 0o644); err != nil {
		t.Fatal(err)
	}
}

// snapshot is every file in dir with its content.
func snapshot(t *testing.T, dir string) string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	for _, e := range entries {
		c, err := os.ReadFile(filepath.Join(dir, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		b.WriteString(e.Name() + "\n" + string(c) + "\n")
	}
	return b.String()
}
