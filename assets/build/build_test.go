package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"lagesbild/wasm/golden"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"lagesbild"
	"lagesbild/questionnaires"
)

// small is the client's test questionnaire (three sections, five items,
// texts that need escaping), shared with wasm/ui's tests.
func small(t *testing.T) *lagesbild.Questionnaire {
	t.Helper()
	b, err := os.ReadFile("../../wasm/ui/testdata/small.json")
	if err != nil {
		t.Fatal(err)
	}
	q := new(lagesbild.Questionnaire)
	if err := json.Unmarshal(b, q); err != nil {
		t.Fatal(err)
	}
	return q
}

// TestQuestionnaireGolden renders the small questionnaire, as written and
// minified.
func TestQuestionnaireGolden(t *testing.T) {
	b, err := Questionnaire(small(t))
	if err != nil {
		t.Fatal(err)
	}
	golden.File(t, "small.html", b)
	min, err := minifier().Bytes("text/html", b)
	if err != nil {
		t.Fatal(err)
	}
	golden.File(t, "small.min.html", min)
}

func count(re string, b []byte) int { return len(regexp.MustCompile(re).FindAll(b, -1)) }

// TestQuestionnaireStructure checks what makes the form answerable with no
// script and with assistive technology, on the minified page: one fieldset
// and legend per item, a labelled native radio per option, the help text
// tied to its fieldset, a heading per section, a submit button.
func TestQuestionnaireStructure(t *testing.T) {
	q := small(t)
	b, err := Questionnaire(q)
	if err != nil {
		t.Fatal(err)
	}
	min, err := minifier().Bytes("text/html", b)
	if err != nil {
		t.Fatal(err)
	}
	options := 0
	for _, s := range q.Sections {
		for _, it := range s.Items {
			options += len(it.Options)
		}
	}
	checks := []struct {
		what string
		re   string
		want int
	}{
		{"html lang=sv", `<html lang=sv>`, 1},
		{"item fieldsets", `<fieldset class=item `, q.ItemCount()},
		{"legends", `<legend[ >]`, q.ItemCount() + 1}, // + the "Vem som svarar" fieldset
		{"radios", `<input type=radio `, options},
		{"labels for radios", `<label for=o-`, options},
		{"help texts tied to their fieldset", `aria-describedby=help-`, 3},
		{"section headings", `<h2 id=h-`, len(q.Sections)},
		{"submit buttons", `<button type=submit`, 1},
		{"a form that posts without JavaScript", `<form id=qform method=post action=/api/responses/form `, 1},
		{"the fields the worker reads", `<input type=hidden name=(questionnaire|version|lang) `, 3},
		{"the code is posted", `<input id=code name=code `, 1},
		{"the escaped help text", `\(&lt;b>inte&lt;/b> ett utkast\)`, 1},
		{"municipalities", `<option value=\d{4}>`, 290},
	}
	for _, c := range checks {
		if got := count(c.re, min); got != c.want {
			t.Errorf("%s: %d matches of %s, want %d", c.what, got, c.re, c.want)
		}
	}
}

func TestPages(t *testing.T) {
	dir := t.TempDir()
	for _, bin := range []string{"form.wasm", "app.wasm", "charts.wasm"} {
		if err := os.WriteFile(filepath.Join(dir, bin), []byte("\x00asm"+bin), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	wasmExec := filepath.Join(dir, "wasm_exec.js")
	if err := os.WriteFile(wasmExec, []byte("'use strict';\nglobalThis.Go = class { constructor() { this.argv = ['js']; } };\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	s, err := render(wasmExec, dir)
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	latest := map[string]int{}
	for _, info := range questionnaires.List() {
		ids = append(ids, fmt.Sprintf("enkat/%s/v%d.json", info.ID, info.Version))
		latest[info.ID] = max(latest[info.ID], info.Version)
	}
	for _, info := range questionnaires.List() {
		if info.Version == latest[info.ID] {
			ids = append(ids, "enkat/"+info.ID+"/index.html")
		} else { // an earlier version keeps a page for its rounds
			ids = append(ids, fmt.Sprintf("enkat/%s/v%d/index.html", info.ID, info.Version))
		}
	}
	for _, name := range append(ids, "index.html", "resultat/index.html", "lan/index.html", "samordning/index.html", "diagram/index.html",
		"app.css", "loader.js", "sw.js", "wasm_exec.js", "icons/logo.svg", "_headers") {
		if len(s.files[name]) == 0 {
			t.Errorf("no %s", name)
		}
	}
	sw := string(s.files["sw.js"])
	for _, want := range []string{`"/enkat/`, fmt.Sprintf(`"/enkat/kommun/v%d.json"`, latest["kommun"]), `"/form.wasm"`, `"/app.wasm"`, `"/resultat/"`, `"/samordning/"`, `"/"`, s.version} {
		if !strings.Contains(sw, want) {
			t.Errorf("sw.js does not cache %s: %s", want, sw)
		}
	}
	if strings.Contains(sw, "charts.wasm") || strings.Contains(sw, "{{") {
		t.Errorf("sw.js: %s", sw)
	}
	// The questionnaire page loads the small runner and its JSON; the others the app.
	if h := string(s.files["enkat/kommun/index.html"]); !strings.Contains(h, fmt.Sprintf(`data-wasm=/form.wasm data-json=/enkat/kommun/v%d.json`, latest["kommun"])) {
		t.Errorf("the questionnaire page does not load form.wasm with its JSON: %.600s", h)
	}
	if h := string(s.files["enkat/kommun/v1/index.html"]); !strings.Contains(h, `data-wasm=/form.wasm data-json=/enkat/kommun/v1.json`) {
		t.Errorf("version 1's page does not load its own JSON: %.600s", h)
	}
	if h := string(s.files["resultat/index.html"]); !strings.Contains(h, `data-wasm=/app.wasm`) || strings.Contains(h, "data-json") {
		t.Errorf("the result page does not load app.wasm alone: %.600s", h)
	}
	// A changed binary is a new cache version.
	before := s.version
	if err := os.WriteFile(filepath.Join(dir, "app.wasm"), []byte("\x00asm changed"), 0o644); err != nil {
		t.Fatal(err)
	}
	if s, err = render(wasmExec, dir); err != nil || s.version == before {
		t.Errorf("version %s after a change to app.wasm, was %s (error %v)", s.version, before, err)
	}
	if h := string(s.files["_headers"]); !strings.Contains(h, "'wasm-unsafe-eval'") || strings.Contains(h, "unsafe-inline") {
		t.Errorf("_headers: want a CSP allowing wasm and no inline code:\n%s", h)
	}
	for name, b := range s.files {
		if strings.HasSuffix(name, ".html") && (bytes.Contains(b, []byte("<script>")) || bytes.Contains(b, []byte(" style="))) {
			t.Errorf("%s: inline script or style, which the CSP forbids", name)
		}
	}
}

func TestURLPath(t *testing.T) {
	for _, tt := range []struct{ file, want string }{
		{"index.html", "/"}, {"enkat/kommun/index.html", "/enkat/kommun/"}, {"app.css", "/app.css"}, {"icons/logo.svg", "/icons/logo.svg"},
	} {
		if got := urlPath(tt.file); got != tt.want {
			t.Errorf("urlPath(%q) = %q, want %q", tt.file, got, tt.want)
		}
	}
}

// TestOptionClasses renders the core's version-2 test questionnaire, which
// has "Vet ej" and "Ej aktuellt" options: each is set apart from the scale
// by its own class, and the scale's options by none.
func TestOptionClasses(t *testing.T) {
	b, err := os.ReadFile("../../testdata/small.v2.json")
	if err != nil {
		t.Fatal(err)
	}
	q := new(lagesbild.Questionnaire)
	if err := json.Unmarshal(b, q); err != nil {
		t.Fatal(err)
	}
	page, err := Questionnaire(q)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		what, re string
		want     int
	}{
		{"Ej aktuellt", `<div class="option na"><input type="radio" id="o-samverkan\.natverk--ej-aktuellt" `, 1},
		{"any na", `class="option na"`, 1},
		{"Vet ej", `<div class="option dontknow"><input type="radio" id="o-[a-z.]+--vet-ej" `, q.ItemCount()},
		{"the scale", `<div class="option"><input type="radio" id="o-samverkan\.natverk--(ja|delvis|nej)" `, 3},
	}
	for _, tt := range tests {
		if got := count(tt.re, page); got != tt.want {
			t.Errorf("%s: %d matches of %s, want %d", tt.what, got, tt.re, tt.want)
		}
	}
}

// TestRequiredPages: the accessibility statement (lag 2018:1937) and the
// page on what is stored are rendered (golden), load no script, have their
// English part marked lang=en, and every page with the site's footer links
// to both.
func TestRequiredPages(t *testing.T) {
	for _, p := range []struct {
		golden string
		render func() ([]byte, error)
	}{{"accessibility.html", Accessibility}, {"data.html", Data}} {
		b, err := p.render()
		if err != nil {
			t.Fatal(err)
		}
		golden.File(t, p.golden, b)
		if bytes.Contains(b, []byte("<script")) {
			t.Errorf("%s loads a script: it is text only", p.golden)
		}
		if !bytes.Contains(b, []byte(`<section lang="en"`)) {
			t.Errorf("%s has no English section marked lang=en", p.golden)
		}
	}
	dir := t.TempDir()
	wasmExec := filepath.Join(dir, "wasm_exec.js")
	if err := os.WriteFile(wasmExec, []byte("'use strict';\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	s, err := render(wasmExec, dir)
	if err != nil {
		t.Fatal(err)
	}
	footers := 0
	for name, b := range s.files {
		if !strings.HasSuffix(name, ".html") || !bytes.Contains(b, []byte("<footer class=site>")) {
			continue
		}
		footers++
		for _, href := range []string{"href=/tillganglighet/", "href=/om-uppgifterna/"} {
			if !bytes.Contains(b, []byte(href)) {
				t.Errorf("%s: the footer does not link %s", name, href)
			}
		}
	}
	if footers < 6 || len(s.files["tillganglighet/index.html"]) == 0 || len(s.files["om-uppgifterna/index.html"]) == 0 {
		t.Errorf("%d pages with the footer; the two pages: %d and %d bytes", footers, len(s.files["tillganglighet/index.html"]), len(s.files["om-uppgifterna/index.html"]))
	}
}
