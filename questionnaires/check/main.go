// Command check validates every questionnaire file (questionnaires/*.yaml)
// and checks that compiled/ holds exactly what they compile to, compiling
// in memory: it writes nothing unless given -w. It exits 1 on the first
// file with problems, printing file:line:column for each, or naming every
// compiled file that is out of date.
//
//	go run ./questionnaires/check        # check only (make build and make test: CI must not fix what it checks)
//	go run ./questionnaires/check -w     # check and compile (make questionnaires)
package main

import (
	"errors"
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
	diffs, err := authoring.Compare(dir, files)
	if err != nil {
		return err
	}
	if !write {
		if len(diffs) > 0 {
			errs := make([]error, len(diffs))
			for i, d := range diffs {
				errs[i] = d
			}
			return errors.Join(errs...)
		}
		for _, f := range files {
			fmt.Printf("ok   %s: %s v%d, %d sections, %d items\n", f.Path, f.Questionnaire.ID, f.Questionnaire.Version, len(f.Questionnaire.Sections), f.Questionnaire.ItemCount())
		}
		return nil
	}
	for _, d := range diffs {
		if d.Source == "" {
			if err := os.Remove(d.Compiled); err != nil {
				return err
			}
			fmt.Printf("removed %s (no source)\n", d.Compiled)
			continue
		}
		if err := writeFile(d.Compiled, d.Want); err != nil {
			return err
		}
		fmt.Printf("wrote %s from %s\n", d.Compiled, d.Source)
	}
	if len(diffs) == 0 {
		fmt.Printf("ok   %d questionnaire(s) in %s, compiled/ up to date\n", len(files), dir)
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
