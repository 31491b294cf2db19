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
// browser, so a returning manager continues with one click, and offers the
// rounds open now (GET /api/rounds) in the round list.
func startStart() {
	var note func(*i18n.Strings) string
	render := func() {
		n := dom.ByID("round-note")
		n.SetHidden(note == nil)
		if note != nil {
			n.SetText(note(i18n.For(page.Lang)))
		}
	}
	page.OnLang = func() {
		page.SetTitle(i18n.For(page.Lang).StartTitle)
		render()
	}
	q, err := questionnaires.Get("kommun", 0)
	if err != nil {
		return
	}
	keep := ""
	if b, ok := dom.Local().Get(ui.StorageKey(q.ID)); ok {
		if d, err := ui.ParseDraft([]byte(b), q); err == nil {
			if d.Municipality != "" {
				dom.ByID("kommun").SetValue(d.Municipality)
			}
			keep = d.Round
		}
	}
	go func() {
		var open []string
		resp, err := dom.Fetch("GET", ui.RoundsURL(), page.APIHeaders(""), nil)
		switch {
		case err != nil:
		case resp.Status != 200:
			err = ui.ParseError(resp.Status, resp.Body)
		default:
			open, err = ui.OpenRounds(resp.Body, q.ID)
		}
		choices := ui.RoundChoices(open, keep)
		if err != nil {
			dom.Log("lagesbild: the rounds:", err.Error())
			if keep == "" {
				keep = dom.ByID(ui.RoundID).Value() // the page's own
				choices = []string{keep}
			}
			note = func(s *i18n.Strings) string { return i18n.Fill(s.RoundsOffline, keep) }
		} else if len(choices) == 0 {
			note = func(s *i18n.Strings) string { return s.RoundsNone }
		}
		dom.ByID(ui.RoundID).SetHTML(ui.RoundOptions(choices, keep))
		render()
	}()
}
