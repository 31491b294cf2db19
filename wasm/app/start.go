//go:build js && wasm

package main

import (
	"lagesbild/questionnaires"
	"lagesbild/wasm/dom"
	"lagesbild/wasm/i18n"
	"lagesbild/wasm/page"
	"lagesbild/wasm/ui"
)

// startStart preselects the municipality and round of the draft in this
// browser, so a returning manager continues with one click.
func startStart() {
	page.OnLang = func() { page.SetTitle(i18n.For(page.Lang).StartTitle) }
	q, err := questionnaires.Get("kommun", 0)
	if err != nil {
		return
	}
	b, ok := dom.Local().Get(ui.StorageKey(q.ID))
	if !ok {
		return
	}
	d, err := ui.ParseDraft([]byte(b), q)
	if err != nil {
		return
	}
	if d.Municipality != "" {
		dom.ByID("kommun").SetValue(d.Municipality)
	}
	if d.Round != "" {
		dom.ByID(ui.RoundID).SetValue(d.Round)
	}
}
