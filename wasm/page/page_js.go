//go:build js && wasm

// Package page is what every page of the browser client does the same: the
// language toggle and translating the static texts, the title, the status
// line, the API's headers. The questionnaire runner (wasm/form) and the rest
// of the site (wasm/app) are separate binaries, so the runner stays small;
// both start and finish their page with this package.
package page

import (
	"lagesbild/wasm/dom"
	"lagesbild/wasm/i18n"
)

// langKey is where the chosen language is kept.
const langKey = "lagesbild:lang"

var (
	// Lang is the language shown: "sv" or "en".
	Lang = "sv"
	// OnLang re-renders what the page itself wrote, after a language switch.
	OnLang = func() {}
)

// Start reads the chosen language and shows the language toggle.
func Start() {
	if l, ok := dom.Local().Get(langKey); ok {
		Lang = i18n.Lang(l)
	}
	toggle := dom.ByID("lang")
	toggle.SetHidden(false)
	toggle.On("click", func(dom.Event) {
		Lang = i18n.Other(Lang)
		_ = dom.Local().Set(langKey, Lang) // not kept: the page still switches
		Translate()
		OnLang()
	})
}

// Ready translates the page if another language was chosen, marks the page
// as taken over (data-ready on <body>) and keeps the program alive for its
// event handlers.
func Ready() {
	if Lang != "sv" {
		Translate()
		OnLang()
	}
	dom.Ready()
	select {}
}

// Translate sets every static text of the page in the current language:
// elements name their text in i18n.Strings with data-i18n (content),
// data-i18n-aria (aria-label) or data-i18n-title (title).
func Translate() {
	dom.SetLang(Lang)
	for _, e := range dom.QueryAll("[data-i18n]") {
		if t, ok := i18n.Lookup(Lang, e.Data("i18n")); ok {
			e.SetText(t)
		}
	}
	for _, attr := range []string{"aria", "title"} {
		for _, e := range dom.QueryAll("[data-i18n-" + attr + "]") {
			if t, ok := i18n.Lookup(Lang, e.Data("i18n-"+attr)); ok {
				name := attr
				if attr == "aria" {
					name = "aria-label"
				}
				e.SetAttr(name, t)
			}
		}
	}
	// The toggle names the other language in that language.
	dom.ByID("lang").SetAttr("lang", i18n.Other(Lang))
}

// SetTitle sets the document title: the page's name, then the site's.
func SetTitle(name string) { dom.SetTitle(name + " – " + i18n.For(Lang).SiteName) }

// Status shows a message in a live region; the text is a function of the
// language so a language switch re-renders it.
type Status struct {
	el   dom.Element
	text func(*i18n.Strings) string
	kind string // "", "sent" or "problem": the CSS class
}

// NewStatus is the status line in the element with that id.
func NewStatus(id string) *Status { return &Status{el: dom.ByID(id)} }

// Set shows text, of a kind ("", "sent" or "problem").
func (s *Status) Set(kind string, text func(*i18n.Strings) string) {
	s.text, s.kind = text, kind
	s.Render()
}

// Clear empties the status line.
func (s *Status) Clear() { s.Set("", nil) }

// Render shows the status in the current language.
func (s *Status) Render() {
	s.el.SetClass("sent", s.kind == "sent")
	s.el.SetClass("problem", s.kind == "problem")
	if s.text == nil {
		s.el.SetText("")
		return
	}
	s.el.SetText(s.text(i18n.For(Lang)))
}

// APIHeaders are the headers of an API call with a code or token, if any.
func APIHeaders(token string) map[string]string {
	h := map[string]string{"Accept": "application/json"}
	if token != "" {
		h["Authorization"] = "Bearer " + token
	}
	return h
}
