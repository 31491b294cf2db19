package authoring

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sort"

	"lagesbild"
)

// JSON is the canonical JSON of a questionnaire as written to compiled/:
// indented, so a change to a questionnaire reads well in a diff.
func JSON(q *lagesbild.Questionnaire) []byte {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", " ")
	if err := enc.Encode(q); err != nil {
		panic(err) // the model has only strings, numbers, maps and slices
	}
	return b.Bytes()
}

// File is a parsed authoring file.
type File struct {
	Path          string
	Questionnaire *lagesbild.Questionnaire
}

// CompiledName is the file name of a questionnaire's canonical JSON.
func CompiledName(q *lagesbild.Questionnaire) string {
	return fmt.Sprintf("%s.v%d.json", q.ID, q.Version)
}

// LoadDir parses every *.yaml in dir, in name order, and stops at the first
// file with problems, returning its List. Two files may not hold the same id
// and version.
func LoadDir(dir string) ([]File, error) {
	paths, err := filepath.Glob(filepath.Join(dir, "*.yaml"))
	if err != nil {
		return nil, err
	}
	sort.Strings(paths)
	var out []File
	seen := map[string]string{}
	for _, path := range paths {
		src, err := os.ReadFile(path)
		if err != nil {
			return nil, fmt.Errorf("load %s: %w", path, err)
		}
		q, err := Parse(path, src)
		if err != nil {
			return nil, err
		}
		name := CompiledName(q)
		if other, dup := seen[name]; dup {
			return nil, &Error{File: path, Line: 1, Column: 1, Msg: fmt.Sprintf("%s v%d is also defined in %s", q.ID, q.Version, other)}
		}
		seen[name] = path
		out = append(out, File{Path: path, Questionnaire: q})
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("load %s: no *.yaml questionnaire files", dir)
	}
	return out, nil
}
