// Command check validates every questionnaire file (questionnaires/*.yaml)
// and checks that its compiled JSON is up to date; with -w it writes the JSON.
// It exits 1 on the first file with problems, printing file:line:column for each.
//
//	go run ./questionnaires/check        # check (CI, make test)
//	go run ./questionnaires/check -w     # check and compile (make questionnaires)
package main

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"path/filepath"

	"lagesbild/questionnaires/authoring"
)

func main() {
	dir := flag.String("dir", "questionnaires", "folder of the *.yaml files; compiled JSON goes to its compiled/ subfolder")
	write := flag.Bool("w", false, "write the compiled JSON (and remove compiled files whose source is gone)")
	flag.Parse()
	if err := run(*dir, *write); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}

func run(dir string, write bool) error {
	files, err := authoring.LoadDir(dir)
	if err != nil {
		return err
	}
	out := filepath.Join(dir, "compiled")
	want := map[string]bool{}
	for _, f := range files {
		name := authoring.CompiledName(f.Questionnaire)
		want[name] = true
		path := filepath.Join(out, name)
		b := authoring.JSON(f.Questionnaire)
		old, _ := os.ReadFile(path)
		if bytes.Equal(old, b) {
			fmt.Printf("ok   %s: %s v%d, %d sections, %d items\n", f.Path, f.Questionnaire.ID, f.Questionnaire.Version, len(f.Questionnaire.Sections), f.Questionnaire.ItemCount())
			continue
		}
		if !write {
			return fmt.Errorf("%s is out of date with %s: run `make questionnaires`", path, f.Path)
		}
		if err := writeFile(path, b); err != nil {
			return err
		}
		fmt.Printf("wrote %s from %s (%d items)\n", path, f.Path, f.Questionnaire.ItemCount())
	}
	stale, _ := filepath.Glob(filepath.Join(out, "*.json"))
	for _, path := range stale {
		if want[filepath.Base(path)] {
			continue
		}
		if !write {
			return fmt.Errorf("%s has no source file in %s: run `make questionnaires`", path, dir)
		}
		if err := os.Remove(path); err != nil {
			return err
		}
		fmt.Printf("removed %s (no source)\n", path)
	}
	return nil
}

// writeFile writes through a temporary file, so a failed write leaves the old file whole.
func writeFile(path string, b []byte) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	tmp := path + ".tmp"
	if err := os.WriteFile(tmp, b, 0o644); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	return os.Rename(tmp, path)
}
