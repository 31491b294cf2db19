package main

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"html/template"
	"os"
	"path/filepath"
	"regexp"
	"strings"

	"lagesbild/api"
	"lagesbild/assets"
	"lagesbild/questionnaires"
	"lagesbild/wasm/i18n"
	"lagesbild/wasm/workshop"
)

// workshopPages are the workshop's pages and where they are served.
var workshopPages = []struct{ src, name, mediatype string }{
	{"workshop/join.html", "join/index.html", "text/html"},         // participants: /join/?code=…
	{"workshop/join.mjs", "join.mjs", "application/javascript"},    // the participants' script (no wasm)
	{"workshop/workshop.html", "workshop/index.html", "text/html"}, // facilitator: /workshop/
	{"workshop/wall.html", "wall/index.html", "text/html"},         // projector: /wall/?code=…
	{"workshop/wall.mjs", "wall.mjs", "application/javascript"},    // the wall's code and QR code before wall.wasm
	{"workshop/workshop.css", "workshop.css", "text/css"},          // all three
}

// workshopBinaries are the workshop's wasm binaries, from `make client`.
var workshopBinaries = []string{"facilitator.wasm", "wall.wasm"}

// joinQuestionnaire is the questionnaire whose latest version the
// participants' page holds pre-rendered: the one a session runs unless the
// facilitator picks another (the worker's defaultWorkshopQuestionnaire).
const joinQuestionnaire = "workshop"

// workshopData is what the workshop's templates see. Only the
// participants' page uses more than T.
type workshopData struct {
	T *i18n.Strings
	// En is the English texts, for a page's script to switch to
	// (data-en: the wall's early sidebar).
	En *i18n.Strings
	// Questionnaire and Version name the pre-rendered questionnaire;
	// Sections are its sections, each as join.mjs draws it
	// (workshop.ParticipantSection, nothing answered or locked).
	Questionnaire string
	Version       int
	Sections      []joinSection
	// Texts are the texts join.mjs shows, in Swedish and English, as JSON.
	Texts template.JS
}

type joinSection struct {
	ID   string
	HTML template.HTML
}

// joinData pre-renders the participants' page's questionnaire and picks
// the texts its script needs: every one the page names (data-i18n) or the
// script mentions (a word that is a text's name), and the text of every
// API error code ("code:" + code).
func joinData(page []byte) (workshopData, error) {
	d := workshopData{T: i18n.For(lang)}
	q, err := questionnaires.Get(joinQuestionnaire, 0)
	if err != nil {
		return d, fmt.Errorf("the participants' page: %w", err)
	}
	d.Questionnaire, d.Version = q.ID, q.Version
	for _, s := range q.Sections {
		h, err := workshop.ParticipantSection(q, api.Session{Section: s.ID}, nil, lang)
		if err != nil {
			return d, fmt.Errorf("the participants' page: section %s: %w", s.ID, err)
		}
		d.Sections = append(d.Sections, joinSection{s.ID, template.HTML(h)})
	}
	script, err := assets.Workshop.ReadFile("workshop/join.mjs")
	if err != nil {
		return d, err
	}
	var keys []string
	for _, m := range i18nName.FindAllStringSubmatch(string(page), -1) {
		keys = append(keys, m[1])
	}
	keys = append(keys, jsWord.FindAllString(string(script), -1)...)
	texts := map[string]map[string]string{}
	for _, l := range []string{"sv", "en"} {
		t := map[string]string{}
		for _, k := range keys {
			if v, ok := i18n.Lookup(l, k); ok {
				t[k] = v
			}
		}
		for code, v := range i18n.For(l).ErrCode {
			t["code:"+code] = v
		}
		texts[l] = t
	}
	b, err := json.Marshal(texts) // escapes <, > and &: safe in a script element
	if err != nil {
		return d, err
	}
	d.Texts = template.JS(b)
	return d, nil
}

var (
	i18nName = regexp.MustCompile(`data-i18n="(\w+)"`)
	jsWord   = regexp.MustCompile(`\b[A-Z][A-Za-z]+\b`)
)

// workshopPage renders a workshop page: a template with the texts of
// wasm/i18n ({{.T.WJoinTitle}}), each element also naming its text with
// data-i18n, as the other pages do, so the wasm client (wasm/page)
// translates it from the same table.
func workshopPage(src string) ([]byte, error) {
	t, err := template.ParseFS(assets.Workshop, src)
	if err != nil {
		return nil, fmt.Errorf("workshop page %s: %w", src, err)
	}
	d := workshopData{T: i18n.For(lang), En: i18n.For("en")}
	if src == "workshop/join.html" {
		raw, err := assets.Workshop.ReadFile(src)
		if err != nil {
			return nil, err
		}
		if d, err = joinData(raw); err != nil {
			return nil, err
		}
	}
	var b bytes.Buffer
	if err := t.Execute(&b, d); err != nil {
		return nil, fmt.Errorf("workshop page %s: %w", src, err)
	}
	return b.Bytes(), nil
}

// workshopFiles adds the workshop's pages, minified, and workshop.version:
// the hashes of its wasm binaries in dir, so that the service worker's
// version (a hash over every file) changes when one of them does, and no
// phone keeps an old binary from its cache.
func workshopFiles(add func(name, mediatype string, b []byte) error, dir string) error {
	for _, p := range workshopPages {
		var b []byte
		var err error
		if strings.HasSuffix(p.src, ".html") {
			b, err = workshopPage(p.src)
		} else {
			b, err = assets.Workshop.ReadFile(p.src)
		}
		if err != nil {
			return fmt.Errorf("workshop page %s: %w", p.src, err)
		}
		if err := add(p.name, p.mediatype, b); err != nil {
			return err
		}
	}
	var version []byte
	for _, bin := range workshopBinaries {
		b, err := os.ReadFile(filepath.Join(dir, bin))
		if err != nil {
			version = fmt.Appendf(version, "%s missing\n", bin)
			continue
		}
		sum := sha256.Sum256(b)
		version = fmt.Appendf(version, "%s %s\n", bin, hex.EncodeToString(sum[:8]))
	}
	return add("workshop.version", "", version)
}
