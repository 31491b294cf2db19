package main

import (
	"bytes"
	"fmt"
	"html/template"
	"io/fs"

	"lagesbild"
	"lagesbild/assets"
	"lagesbild/questionnaires"
	"lagesbild/wasm/i18n"
	"lagesbild/wasm/report"
	"lagesbild/wasm/ui"
)

// The static pages are Swedish (the users are Swedish officials); the wasm
// client translates them when the user picks English, from the same table.
const lang = "sv"

// page is what every template sees.
type page struct {
	T     *i18n.Strings
	Title string
	Page  string            // body data-page: which part of the page's wasm runs
	Data  map[string]string // more data-* attributes of body
	Wasm  string            // the page's wasm binary: /form.wasm for questionnaires, else /app.wasm
	JSON  string            // data the loader fetches beside the wasm (the questionnaire), if any

	Counties []county
	Regions  []string // regional-coordinator regions (lagesbild.CoordinatorRegions)

	// Start page.
	Main   questionnaires.Info
	Others []questionnaires.Info

	// Questionnaire page.
	Q           *lagesbild.Questionnaire
	Sections    []section
	Roles       []role
	CountyUnit  bool
	FormID      string
	LinkPanelID string
}

type county struct {
	lagesbild.County
	Municipalities []lagesbild.Municipality
}

type role struct{ Value, Text, Label string }

type section struct {
	ID, HeadID, TitleID, IntroID string
	Of                           string // "Avsnitt 1 av 8"
	Next                         bool   // not the last section
	Section                      *lagesbild.Section
	Items                        []item
}

type item struct {
	ID, TextID, HelpID string // HelpID is "" when the item has no help text
	Number             int
	Item               *lagesbild.Item
	Options            []option
}

type option struct {
	ID, Name, Value, LabelID string
	Label                    lagesbild.Text
	Scored                   bool
	// Class sets "Vet ej" ("dontknow") and "Ej aktuellt" ("na") apart
	// from the scale (ui.OptionClass).
	Class string
}

var funcs = template.FuncMap{
	"tx":   func(t lagesbild.Text) string { return t.In(lang) },
	"args": func(a ...any) []any { return a },
	"chartbox": func(title, note string, hidden bool) template.HTML {
		return template.HTML(report.ChartBox(title, note, hidden))
	},
}

// templates parses the base layout with one page's template.
func templates(name string) (*template.Template, error) {
	t, err := template.New("").Funcs(funcs).ParseFS(assets.Files, "templates/base.html", "templates/start.html", "templates/"+name)
	if err != nil {
		return nil, fmt.Errorf("parsing templates/%s: %w", name, err)
	}
	return t, nil
}

func execute(name string, p *page) ([]byte, error) {
	t, err := templates(name)
	if err != nil {
		return nil, err
	}
	var b bytes.Buffer
	if err := t.ExecuteTemplate(&b, "base", p); err != nil {
		return nil, fmt.Errorf("rendering %s: %w", name, err)
	}
	return b.Bytes(), nil
}

func newPage(title, kind string) *page {
	p := &page{T: i18n.For(lang), Title: title, Page: kind, Data: map[string]string{}, FormID: ui.FormID, LinkPanelID: ui.LinkPanelID, Wasm: "/app.wasm"}
	p.Regions = lagesbild.CoordinatorRegions()
	for _, c := range lagesbild.Counties() {
		p.Counties = append(p.Counties, county{County: c, Municipalities: lagesbild.MunicipalitiesIn(c.Code)})
	}
	return p
}

// Questionnaire renders a questionnaire as a plain form that can be answered
// and submitted with no script at all: a fieldset per item with its legend,
// native radio buttons with labels, the help text tied to the fieldset.
func Questionnaire(q *lagesbild.Questionnaire) ([]byte, error) {
	p := newPage(q.Title.In(lang), "questionnaire")
	p.Q, p.CountyUnit = q, ui.CountyUnit(q)
	p.Data["questionnaire"] = q.ID
	p.Data["version"] = fmt.Sprint(q.Version)
	p.Wasm, p.JSON = "/form.wasm", ui.QuestionnaireURL(q.ID, q.Version)
	for _, r := range ui.Roles {
		p.Roles = append(p.Roles, role{Value: r, Text: ui.RoleField(r), Label: ui.RoleText(lang, r)})
	}
	refs := ui.Items(q)
	n := 0
	for si := range q.Sections {
		s := &q.Sections[si]
		sec := section{
			ID: ui.SectionID(s.ID), HeadID: ui.SectionHeadID(s.ID), TitleID: ui.SectionTitleID(s.ID), IntroID: ui.SectionIntroID(s.ID),
			Of:      ui.Progress{Section: si + 1, Sections: len(q.Sections)}.SectionText(p.T),
			Next:    si < len(q.Sections)-1,
			Section: s,
		}
		for ii := range s.Items {
			it := &s.Items[ii]
			v := item{ID: ui.ItemID(it.ID), TextID: ui.ItemTextID(it.ID), Number: refs[n].Number, Item: it}
			n++
			if it.Help.In(lang) != "" {
				v.HelpID = ui.HelpID(it.ID)
			}
			for _, o := range it.Options {
				v.Options = append(v.Options, option{ID: ui.OptionID(it.ID, o.Value), Name: it.ID, Value: o.Value,
					LabelID: ui.LabelID(it.ID, o.Value), Label: o.Label, Scored: o.Scored(), Class: ui.OptionClass(o)})
			}
			sec.Items = append(sec.Items, v)
		}
		p.Sections = append(p.Sections, sec)
	}
	return execute("questionnaire.html", p)
}

// Start renders the start page: municipality and round for the main
// questionnaire, links to the others and to the county lead's page.
func Start(main questionnaires.Info, others []questionnaires.Info) ([]byte, error) {
	p := newPage(i18n.For(lang).StartTitle, "start")
	p.Main, p.Others = main, others
	return execute("start.html", p)
}

// Result renders the result page; the client fills it from the draft.
func Result() ([]byte, error) {
	return execute("result.html", newPage(i18n.For(lang).ResultTitle, "result"))
}

// County renders the county lead's page; the client fills it from the API.
func County() ([]byte, error) {
	return execute("county.html", newPage(i18n.For(lang).CountyTitle, "county"))
}

// Coordinator renders the coordinator's page (/samordning/); the client
// fills it from the API with the admin token.
func Coordinator() ([]byte, error) {
	return execute("coordinator.html", newPage(i18n.For(lang).CoordTitle, "coordinator"))
}

// Accessibility renders the accessibility statement (/tillganglighet/, lag
// 2018:1937) and Data the page on what is stored (/om-uppgifterna/): text
// only, in Swedish with an English section, so they load no wasm.
func Accessibility() ([]byte, error) {
	p := newPage("Tillgänglighetsredogörelse", "accessibility")
	p.Wasm = ""
	return execute("accessibility.html", p)
}

// Data renders /om-uppgifterna/ (see Accessibility).
func Data() ([]byte, error) {
	p := newPage("Om uppgifterna", "data")
	p.Wasm = ""
	return execute("data.html", p)
}

// Charts renders the chart page, which only loads the ebiten binary: ebiten
// takes over the whole page, so it lives in a frame of its own.
func Charts() []byte {
	t := i18n.For(lang)
	return []byte(`<!doctype html><html lang="sv"><head><meta charset="utf-8">` +
		`<meta name="viewport" content="width=device-width, initial-scale=1">` +
		`<title>` + template.HTMLEscapeString(t.ChartsPageTitle+" – "+t.SiteName) + `</title>` +
		`<script src="/wasm_exec.js" defer></script><script src="/loader.js" data-wasm="/charts.wasm" defer></script>` +
		`</head><body></body></html>`)
}

// static returns a file of assets/static.
func static(name string) ([]byte, error) {
	b, err := fs.ReadFile(assets.Files, "static/"+name)
	if err != nil {
		return nil, fmt.Errorf("reading static/%s: %w", name, err)
	}
	return b, nil
}
