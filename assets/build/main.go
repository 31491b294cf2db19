// Command build renders the browser client's pages and writes them, minified,
// with the stylesheet, scripts, icons and headers into build/public, where
// Workers static assets serve them. It runs on the host (`make assets`),
// after `make client` has put the two wasm binaries there: the service
// worker's cache version is a hash over every file, the binaries included.
//
// Pages:
//
//	/                   start: municipality and round
//	/enkat/<id>/        each questionnaire as a plain, accessible form
//	/resultat/          the result of the draft in this browser
//	/lan/               the county lead's page: rounds, invitations, reminders, results
//	/samordning/        the coordinator's page (rounds and county leads' keys)
//	/diagram/           the chart page (ebiten), shown in a frame
package main

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"flag"
	"fmt"
	"log"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strings"

	"github.com/tdewolff/minify/v2"
	"github.com/tdewolff/minify/v2/css"
	"github.com/tdewolff/minify/v2/html"
	"github.com/tdewolff/minify/v2/js"
	minjson "github.com/tdewolff/minify/v2/json"
	"github.com/tdewolff/minify/v2/svg"

	"lagesbild/questionnaires"
	"lagesbild/wasm/ui"
)

// mainQuestionnaire is the one the start page leads to.
const mainQuestionnaire = "kommun"

func main() {
	out := flag.String("out", "build/public", "the folder to write the site to")
	wasmExec := flag.String("wasm-exec", "", "path of Go's wasm_exec.js (default: from `go env GOROOT`)")
	flag.Parse()
	log.SetFlags(0)
	log.SetPrefix("assets/build: ")
	if *wasmExec == "" {
		root, err := exec.Command("go", "env", "GOROOT").Output()
		if err != nil {
			log.Fatalf("finding GOROOT for wasm_exec.js: %v", err)
		}
		*wasmExec = filepath.Join(strings.TrimSpace(string(root)), "lib", "wasm", "wasm_exec.js")
	}
	site, err := render(*wasmExec, *out)
	if err != nil {
		log.Fatal(err)
	}
	if err := site.write(*out); err != nil {
		log.Fatal(err)
	}
	log.Printf("wrote %d files to %s (cache %s)", len(site.files), *out, site.version)
}

// site is the rendered files by path (relative to the site's root).
type site struct {
	files   map[string][]byte
	version string
}

// urlPath is the address a file is served at: a folder's index.html at the
// folder, as Workers static assets and any static file server do.
func urlPath(file string) string {
	if file == "index.html" {
		return "/"
	}
	if strings.HasSuffix(file, "/index.html") {
		return "/" + strings.TrimSuffix(file, "index.html")
	}
	return "/" + file
}

// render renders and minifies every file but sw.js, then sw.js with the
// list of files to cache and a version hashed from all of them and from the
// wasm binaries in dir.
func render(wasmExecPath, dir string) (*site, error) {
	s := &site{files: map[string][]byte{}}
	m := minifier()
	add := func(name, mediatype string, b []byte) error {
		if mediatype != "" {
			min, err := m.Bytes(mediatype, b)
			if err != nil {
				return fmt.Errorf("minifying %s: %w", name, err)
			}
			b = min
		}
		s.files[name] = b
		return nil
	}

	list := questionnaires.List()
	latest := map[string]questionnaires.Info{}
	for _, info := range list { // List is by id, then version: the last one wins
		latest[info.ID] = info
	}
	ids := make([]string, 0, len(latest))
	for id := range latest {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	if len(ids) == 0 {
		return nil, fmt.Errorf("no questionnaires in lagesbild/questionnaires")
	}
	main, ok := latest[mainQuestionnaire]
	if !ok {
		main = latest[ids[0]]
	}
	var others []questionnaires.Info
	for _, id := range ids {
		q, err := questionnaires.Get(id, 0)
		if err != nil {
			return nil, err
		}
		b, err := Questionnaire(q)
		if err != nil {
			return nil, fmt.Errorf("questionnaire %s: %w", id, err)
		}
		if err := add("enkat/"+id+"/index.html", "text/html", b); err != nil {
			return nil, err
		}
		// The runner (wasm/form) fetches the questionnaire rather than
		// embedding all of them.
		j, err := questionnaires.JSON(id, q.Version)
		if err != nil {
			return nil, err
		}
		if err := add(strings.TrimPrefix(ui.QuestionnaireURL(id, q.Version), "/"), "application/json", j); err != nil {
			return nil, err
		}
		// The workshop questionnaire is run in a room: the start page
		// links /workshop/ for it, not its form (issue 17).
		if id != main.ID && id != "workshop" {
			others = append(others, latest[id])
		}
	}
	// Earlier versions keep a page of their own, /enkat/<id>/v<N>/: a round
	// keeps the version it was made with, and the latest page sends a
	// respondent of such a round there (wasm/form, ui.VersionPage).
	for _, info := range list {
		if info.Version == latest[info.ID].Version {
			continue
		}
		q, err := questionnaires.Get(info.ID, info.Version)
		if err != nil {
			return nil, err
		}
		b, err := Questionnaire(q)
		if err != nil {
			return nil, fmt.Errorf("questionnaire %s v%d: %w", info.ID, info.Version, err)
		}
		if err := add(fmt.Sprintf("enkat/%s/v%d/index.html", info.ID, info.Version), "text/html", b); err != nil {
			return nil, err
		}
		j, err := questionnaires.JSON(info.ID, info.Version)
		if err != nil {
			return nil, err
		}
		if err := add(strings.TrimPrefix(ui.QuestionnaireURL(info.ID, info.Version), "/"), "application/json", j); err != nil {
			return nil, err
		}
	}
	pages := []struct {
		name   string
		render func() ([]byte, error)
	}{
		{"index.html", func() ([]byte, error) { return Start(main, others) }},
		{"resultat/index.html", Result},
		{"lan/index.html", County},
		{"samordning/index.html", Coordinator},
		{"tillganglighet/index.html", Accessibility},
		{"om-uppgifterna/index.html", Data},
		{"diagram/index.html", func() ([]byte, error) { return Charts(), nil }},
	}
	for _, p := range pages {
		b, err := p.render()
		if err != nil {
			return nil, err
		}
		if err := add(p.name, "text/html", b); err != nil {
			return nil, err
		}
	}
	for _, f := range []struct{ name, mediatype string }{
		{"app.css", "text/css"},
		{"loader.js", "application/javascript"},
		{"icons/logo.svg", "image/svg+xml"},
		{"_headers", ""},
	} {
		b, err := static(f.name)
		if err != nil {
			return nil, err
		}
		if err := add(f.name, f.mediatype, b); err != nil {
			return nil, err
		}
	}
	if err := workshopFiles(add, dir); err != nil { // workshop.go
		return nil, err
	}
	b, err := os.ReadFile(wasmExecPath)
	if err != nil {
		return nil, fmt.Errorf("reading Go's wasm_exec.js: %w", err)
	}
	if err := add("wasm_exec.js", "application/javascript", b); err != nil {
		return nil, err
	}
	return s, s.serviceWorker(m, dir)
}

// serviceWorker writes sw.js: the pages and what they need are cached when
// the service worker installs, under a version that changes with any file.
func (s *site) serviceWorker(m *minify.M, dir string) error {
	var names []string
	for name := range s.files {
		names = append(names, name)
	}
	sort.Strings(names)
	h := sha256.New()
	var precache []string
	for _, name := range names {
		fmt.Fprintf(h, "%s\x00%d\x00", name, len(s.files[name]))
		h.Write(s.files[name])
		if name != "_headers" && name != "diagram/index.html" {
			precache = append(precache, urlPath(name))
		}
	}
	// The wasm binaries come from `make client`; they are in the hash when
	// they are there, and the questionnaire's and the result page's are
	// cached up front (the chart binary, 2 MB, only when a chart is first
	// shown).
	for _, bin := range []string{"form.wasm", "app.wasm", "charts.wasm"} {
		b, err := os.ReadFile(filepath.Join(dir, bin))
		if err != nil {
			log.Printf("warning: %s not found (run make client first); not cached by the service worker", bin)
			continue
		}
		fmt.Fprintf(h, "%s\x00%d\x00", bin, len(b))
		h.Write(b)
		if bin != "charts.wasm" {
			precache = append(precache, "/"+bin)
		}
	}
	s.version = hex.EncodeToString(h.Sum(nil))[:12]
	sw, err := static("sw.js")
	if err != nil {
		return err
	}
	list, _ := json.Marshal(precache) // strings: cannot fail
	sw = []byte(strings.NewReplacer("{{VERSION}}", s.version, "{{PRECACHE}}", string(list)).Replace(string(sw)))
	min, err := m.Bytes("application/javascript", sw)
	if err != nil {
		return fmt.Errorf("minifying sw.js: %w", err)
	}
	s.files["sw.js"] = min
	return nil
}

func (s *site) write(dir string) error {
	for name, b := range s.files {
		path := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			return err
		}
		if err := os.WriteFile(path, b, 0o644); err != nil {
			return fmt.Errorf("writing %s: %w", path, err)
		}
	}
	return nil
}

// minifier minifies HTML, CSS, JS and SVG. The HTML keeps the document tags
// (html lang="sv" must stay) and the end tags, which some assistive
// technology parsers still stumble over when left out.
func minifier() *minify.M {
	m := minify.New()
	m.Add("text/html", &html.Minifier{KeepDocumentTags: true, KeepEndTags: true, KeepDefaultAttrVals: true})
	m.AddFunc("text/css", css.Minify)
	m.AddFuncRegexp(regexp.MustCompile("^(application|text)/(x-)?(java|ecma)script$"), js.Minify)
	m.AddFunc("image/svg+xml", svg.Minify)
	m.AddFunc("application/json", minjson.Minify)
	return m
}
