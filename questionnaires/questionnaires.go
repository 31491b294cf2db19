// Package questionnaires serves the shipped questionnaires in their canonical
// form. The authoring files (*.yaml beside this file) are compiled to
// compiled/*.json by `make questionnaires` (see FORMAT.md); this package only
// embeds and decodes that JSON, so the worker and the browser can use it
// without a YAML parser.
package questionnaires

import (
	"embed"
	"encoding/json"
	"fmt"
	"path"
	"sort"
	"sync"

	"lagesbild"
)

//go:embed compiled/*.json
var compiled embed.FS

// Info names one version of a questionnaire.
type Info struct {
	ID      string         `json:"id"`
	Version int            `json:"version"`
	Title   lagesbild.Text `json:"title"`
	Items   int            `json:"items"`
}

type catalog struct {
	all  []*lagesbild.Questionnaire // by id, then version
	json map[string][]byte          // canonical JSON by "id.vN"
}

var load = sync.OnceValue(func() *catalog {
	c, err := decode(compiled)
	if err != nil {
		panic(err) // embedded and tested: a build defect
	}
	return c
})

func decode(fsys embed.FS) (*catalog, error) {
	entries, err := fsys.ReadDir("compiled")
	if err != nil {
		return nil, err
	}
	c := &catalog{json: map[string][]byte{}}
	for _, e := range entries {
		name := path.Join("compiled", e.Name())
		b, err := fsys.ReadFile(name)
		if err != nil {
			return nil, err
		}
		q := new(lagesbild.Questionnaire)
		if err := json.Unmarshal(b, q); err != nil {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
		c.all = append(c.all, q)
		c.json[key(q.ID, q.Version)] = b
	}
	sort.Slice(c.all, func(i, j int) bool {
		if c.all[i].ID != c.all[j].ID {
			return c.all[i].ID < c.all[j].ID
		}
		return c.all[i].Version < c.all[j].Version
	})
	return c, nil
}

func key(id string, version int) string { return fmt.Sprintf("%s.v%d", id, version) }

// List returns every version of every questionnaire, by id and version.
func List() []Info {
	var out []Info
	for _, q := range load().all {
		out = append(out, Info{ID: q.ID, Version: q.Version, Title: q.Title, Items: q.ItemCount()})
	}
	return out
}

// Get returns a questionnaire; version 0 means the latest. The questionnaire
// is shared: do not modify it.
func Get(id string, version int) (*lagesbild.Questionnaire, error) {
	var found *lagesbild.Questionnaire
	for _, q := range load().all {
		if q.ID == id && (version == 0 || q.Version == version) {
			found = q // the last match is the latest version
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

// JSON returns the canonical JSON of a questionnaire version as compiled.
func JSON(id string, version int) ([]byte, error) {
	q, err := Get(id, version)
	if err != nil {
		return nil, err
	}
	return load().json[key(q.ID, q.Version)], nil
}
