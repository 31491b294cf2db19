//go:build js && wasm

// Command app is the browser client's questionnaire runner, compiled to
// WebAssembly. It takes over pages that work without it (assets/build
// renders them): it saves drafts, shows progress, submits with retries,
// computes the result with the core's own scoring, and fills the result and
// county pages from the API. The logic is in wasm/ui; this package only
// connects it to the page through wasm/dom.
package main

import (
	"lagesbild/wasm/dom"
	"lagesbild/wasm/i18n"
)

// langKey is where the chosen language is kept.
const langKey = "lagesbild:lang"

var (
	lang = "sv"
	// onLang re-renders what the page itself wrote, after a language switch.
	onLang = func() {}
)

func main() {
	if l, ok := dom.Local().Get(langKey); ok {
		lang = i18n.Lang(l)
	}
	toggle := dom.ByID("lang")
	toggle.SetHidden(false)
	toggle.On("click", func(dom.Event) {
		lang = i18n.Other(lang)
		_ = dom.Local().Set(langKey, lang) // not kept: the page still switches
		translate()
		onLang()
	})
	switch dom.Body().Data("page") {
	case "questionnaire":
		startQuestionnaire()
	case "result":
		startResult()
	case "county":
		startCounty()
	case "start":
		startStart()
	}
	if lang != "sv" {
		translate()
		onLang()
	}
	dom.Ready()
	select {} // keep the handlers alive
}

// translate sets every static text of the page in the current language:
// elements name their text in i18n.Strings with data-i18n (content),
// data-i18n-aria (aria-label) or data-i18n-title (title).
func translate() {
	dom.SetLang(lang)
	for _, e := range dom.QueryAll("[data-i18n]") {
		if t, ok := i18n.Lookup(lang, e.Data("i18n")); ok {
			e.SetText(t)
		}
	}
	for _, attr := range []string{"aria", "title"} {
		for _, e := range dom.QueryAll("[data-i18n-" + attr + "]") {
			if t, ok := i18n.Lookup(lang, e.Data("i18n-"+attr)); ok {
				name := attr
				if attr == "aria" {
					name = "aria-label"
				}
				e.SetAttr(name, t)
			}
		}
	}
	// The toggle names the other language in that language.
	dom.ByID("lang").SetAttr("lang", i18n.Other(lang))
}

// setTitle sets the document title: the page's name, then the site's.
func setTitle(page string) { dom.SetTitle(page + " – " + i18n.For(lang).SiteName) }

// status shows a message in a live region; the text is a function of the
// language so a language switch re-renders it.
type status struct {
	el   dom.Element
	text func(*i18n.Strings) string
	kind string // "", "sent" or "problem": the CSS class
}

func newStatus(id string) *status { return &status{el: dom.ByID(id)} }

func (s *status) set(kind string, text func(*i18n.Strings) string) {
	s.text, s.kind = text, kind
	s.render()
}

func (s *status) clear() { s.set("", nil) }

func (s *status) render() {
	s.el.SetClass("sent", s.kind == "sent")
	s.el.SetClass("problem", s.kind == "problem")
	if s.text == nil {
		s.el.SetText("")
		return
	}
	s.el.SetText(s.text(i18n.For(lang)))
}

// apiHeaders are the headers of an API call with a code or token, if any.
func apiHeaders(token string) map[string]string {
	h := map[string]string{"Accept": "application/json"}
	if token != "" {
		h["Authorization"] = "Bearer " + token
	}
	return h
}
