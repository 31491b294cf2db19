package authoring

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
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
	matches       []match // its items' matchesIndicator, for Matches
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
		q, matches, err := parse(path, src)
		if err != nil {
			return nil, err
		}
		name := CompiledName(q)
		if other, dup := seen[name]; dup {
			return nil, &Error{File: path, Line: 1, Column: 1, Msg: fmt.Sprintf("%s v%d is also defined in %s", q.ID, q.Version, other)}
		}
		seen[name] = path
		out = append(out, File{Path: path, Questionnaire: q, matches: matches})
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("load %s: no *.yaml questionnaire files", dir)
	}
	if l := Lineage(out); len(l) > 0 {
		return nil, l
	}
	if l := Matches(out); len(l) > 0 {
		return nil, l
	}
	return out, nil
}

// Matches checks each item's matchesIndicator: it names an indicator that
// another questionnaire declares (a länsstyrelse's item names one of the
// municipalities'), so the county lead's page has a figure to show the
// answer beside.
func Matches(files []File) List {
	declared := map[string]map[string]bool{} // indicator id → questionnaire ids declaring it
	for _, f := range files {
		for _, ind := range f.Questionnaire.Indicators() {
			if declared[ind.ID] == nil {
				declared[ind.ID] = map[string]bool{}
			}
			declared[ind.ID][f.Questionnaire.ID] = true
		}
	}
	var out List
	for _, f := range files {
		for _, m := range f.matches {
			others := 0
			for id := range declared[m.indicator] {
				if id != f.Questionnaire.ID {
					others++
				}
			}
			if others == 0 {
				line, col := 1, 1
				if m.at != nil {
					line, col = m.at.Line, m.at.Column
				}
				out = append(out, &Error{File: f.Path, Line: line, Column: col,
					Msg: fmt.Sprintf("item %q: matchesIndicator %q: no other questionnaire declares this indicator", m.item, m.indicator)})
			}
		}
	}
	return out
}

// Lineage checks each version against the one before it (v2 against v1):
// every item id of the earlier version is kept, renamed or dropped with a
// reason, so an old round's items are accounted for when a new round is
// compared with it; and what is renamed or dropped was an item there.
func Lineage(files []File) List {
	byName := map[string]File{}
	for _, f := range files {
		byName[CompiledName(f.Questionnaire)] = f
	}
	var out List
	for _, f := range files {
		q := f.Questionnaire
		prev, ok := byName[CompiledName(&lagesbild.Questionnaire{ID: q.ID, Version: q.Version - 1})]
		if !ok {
			continue
		}
		p := prev.Questionnaire
		fail := func(format string, a ...any) {
			out = append(out, &Error{File: f.Path, Line: 1, Column: 1, Msg: fmt.Sprintf(format, a...)})
		}
		for _, s := range p.Sections {
			for _, it := range s.Items {
				_, kept := q.Item(it.ID) // also under renamed
				if _, dropped := q.Dropped[it.ID]; !kept && !dropped {
					fail("item %q of version %d is neither kept, renamed (renamed:) nor dropped with a reason (dropped:)", it.ID, p.Version)
				}
			}
		}
		for _, ids := range []map[string]string{q.Renamed, q.Dropped} {
			keys := make([]string, 0, len(ids))
			for id := range ids {
				keys = append(keys, id)
			}
			sort.Strings(keys)
			for _, id := range keys {
				if _, ok := p.Item(id); !ok {
					fail("%q is renamed or dropped, but version %d has no such item", id, p.Version)
				}
			}
		}
	}
	return out
}

// Difference is a file in compiled/ that is not what the authoring files
// compile to: out of date, missing, or left over from a removed source.
type Difference struct {
	Compiled string // dir/compiled/<id>.v<version>.json
	Source   string // the *.yaml it is compiled from; "" for a file with no source
	Want     []byte // what Source compiles to; nil when the file must go
	Missing  bool   // Compiled does not exist yet
}

func (d Difference) Error() string {
	if d.Source == "" {
		return fmt.Sprintf("%s has no source file: run `make questionnaires` (it removes it)", d.Compiled)
	}
	if d.Missing {
		return fmt.Sprintf("%s is missing, %s is not compiled: run `make questionnaires`", d.Compiled, d.Source)
	}
	return fmt.Sprintf("%s is out of date with %s: run `make questionnaires`", d.Compiled, d.Source)
}

// Compare compiles files (LoadDir(dir)) in memory and returns every file
// in dir/compiled that differs from the result, in name order: both the
// check (make test, CI) and the tests use it, so neither can pass while
// compiled/ and the YAML disagree.
func Compare(dir string, files []File) ([]Difference, error) {
	out := filepath.Join(dir, "compiled")
	var diffs []Difference
	want := map[string]bool{}
	for _, f := range files {
		name := CompiledName(f.Questionnaire)
		want[name] = true
		path := filepath.Join(out, name)
		b := JSON(f.Questionnaire)
		old, err := os.ReadFile(path)
		if err != nil && !errors.Is(err, fs.ErrNotExist) {
			return nil, fmt.Errorf("compare %s: %w", path, err)
		}
		if err != nil || !bytes.Equal(old, b) {
			diffs = append(diffs, Difference{Compiled: path, Source: f.Path, Want: b, Missing: err != nil})
		}
	}
	present, err := filepath.Glob(filepath.Join(out, "*.json"))
	if err != nil {
		return nil, err
	}
	for _, path := range present {
		if !want[filepath.Base(path)] {
			diffs = append(diffs, Difference{Compiled: path})
		}
	}
	sort.Slice(diffs, func(i, j int) bool { return diffs[i].Compiled < diffs[j].Compiled })
	return diffs, nil
}
