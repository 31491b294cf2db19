// Package questionnaires serves the shipped questionnaires in their canonical
// form. The authoring files (*.yaml beside this file) are compiled to
// compiled/*.json by `make questionnaires` (see FORMAT.md); this package only
// embeds and decodes that JSON, so the worker and the browser can use it
// without a YAML parser.
//
// A questionnaire is decoded when first asked for, and only that one: the
// file names (compiled/<id>.v<version>.json) tell which versions there are.
// Decoding JSON is slow under WebAssembly, and the worker and the browser
// client mostly need one questionnaire.
package questionnaires

import (
	"embed"
	"encoding/json"
	"fmt"
	"path"
	"sort"
	"strconv"
	"strings"
	"sync"

	"lagesbild"
	"lagesbild/api"
)

//go:embed compiled/*.json
var compiled embed.FS

// Info names one version of a questionnaire, as GET /api/questionnaires
// lists it.
type Info = api.Questionnaire

// entry is one compiled file, decoded on first use.
type entry struct {
	id      string
	version int
	file    string
	load    func() (*lagesbild.Questionnaire, []byte)
}

// index lists the compiled files by id, then version.
var index = sync.OnceValue(func() []*entry {
	files, err := compiled.ReadDir("compiled")
	if err != nil {
		panic(err) // embedded: a build defect
	}
	var out []*entry
	for _, f := range files {
		id, v, ok := strings.Cut(strings.TrimSuffix(f.Name(), ".json"), ".v")
		version, err := strconv.Atoi(v)
		if !ok || err != nil {
			panic(fmt.Sprintf("compiled/%s: want <id>.v<version>.json", f.Name()))
		}
		e := &entry{id: id, version: version, file: path.Join("compiled", f.Name())}
		e.load = sync.OnceValues(func() (*lagesbild.Questionnaire, []byte) {
			b, err := compiled.ReadFile(e.file)
			if err != nil {
				panic(err)
			}
			q := new(lagesbild.Questionnaire)
			if err := json.Unmarshal(b, q); err != nil {
				panic(fmt.Sprintf("%s: %v", e.file, err)) // embedded and tested: a build defect
			}
			if q.ID != e.id || q.Version != e.version {
				panic(fmt.Sprintf("%s holds %s version %d", e.file, q.ID, q.Version))
			}
			return q, b
		})
		out = append(out, e)
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].id != out[j].id {
			return out[i].id < out[j].id
		}
		return out[i].version < out[j].version
	})
	return out
})

// List returns every version of every questionnaire, by id and version.
func List() []Info {
	var out []Info
	for _, e := range index() {
		q, _ := e.load()
		out = append(out, Info{ID: q.ID, Version: q.Version, Title: q.Title, Items: q.ItemCount()})
	}
	return out
}

// find returns the entry of a questionnaire version; version 0 means the latest.
func find(id string, version int) (*entry, error) {
	var found *entry
	for _, e := range index() {
		if e.id == id && (version == 0 || e.version == version) {
			found = e // the last match is the latest version
		}
	}
	if found == nil {
		if version == 0 {
			return nil, lagesbild.Errorf(lagesbild.ENotFound, "no questionnaire %q", id)
		}
		return nil, lagesbild.Errorf(lagesbild.ENotFound, "no version %d of questionnaire %q", version, id)
	}
	return found, nil
}

// Get returns a questionnaire; version 0 means the latest. The questionnaire
// is shared: do not modify it.
func Get(id string, version int) (*lagesbild.Questionnaire, error) {
	e, err := find(id, version)
	if err != nil {
		return nil, err
	}
	q, _ := e.load()
	return q, nil
}

// JSON returns the canonical JSON of a questionnaire version as compiled.
// The bytes are shared: do not modify them.
func JSON(id string, version int) ([]byte, error) {
	e, err := find(id, version)
	if err != nil {
		return nil, err
	}
	_, b := e.load()
	return b, nil
}
