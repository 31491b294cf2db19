//go:build js && wasm

package workshop

import "lagesbild/wasm/dom"

// Translate sets a workshop page's static texts in lang: elements name a
// field of Texts with data-w, and the toggle names the other language in
// that language. The pages add what only they show.
func Translate(lang string) {
	dom.SetLang(lang)
	for _, e := range dom.QueryAll("[data-w]") {
		if t, ok := Lookup(lang, e.Data("w")); ok {
			e.SetText(t)
		}
	}
	toggle := dom.ByID("lang")
	toggle.SetText(T(lang).LangToggle)
	toggle.SetAttr("lang", Other(lang))
}
