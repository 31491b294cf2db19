package report

import (
	"fmt"

	"lagesbild"
	"lagesbild/api"
	"lagesbild/markup"
	"lagesbild/wasm/i18n"
	"lagesbild/wasm/ui"
)

// OfficialIndex is the index of a municipality's official response among
// its responses in a round (issue 14): the one the worker marked
// Official, or, when none is marked, lagesbild.Official's choice over them
// (the latest sent with the questionnaire, else the latest workshop's);
// -1 when there are none.
func OfficialIndex(rs []api.StoredAnswers) int {
	for i, r := range rs {
		if r.Official {
			return i
		}
	}
	cs := make([]lagesbild.Candidate, len(rs))
	for i, r := range rs {
		cs[i] = lagesbild.Candidate{Role: r.Role, Updated: r.Updated, ID: r.ID}
	}
	return lagesbild.Official(cs)
}

// SpreadView shows a municipality's several responses in a round beside
// its result: which one counts (the official one), and under "Där svaren
// går isär" each item the responses answered differently, with how many
// chose each answer and which answer counts. Never an average. Empty when
// the municipality has fewer than two responses.
func SpreadView(q *lagesbild.Questionnaire, own api.OwnResponses, lang string) markup.HTML {
	rs := own.Responses
	if len(rs) < 2 {
		return ""
	}
	s := i18n.For(lang)
	official := OfficialIndex(rs)
	var w markup.Writer
	w.F(`<section class="spread" aria-labelledby="spread-h"><h2 id="spread-h">%s</h2><p>%s</p><ul class="responses">`, s.SpreadTitle, fmt.Sprintf(s.SpreadIntro, len(rs)))
	for i, r := range rs {
		who := ui.RoleText(lang, r.Role)
		if r.Role == lagesbild.RoleWorkshop {
			who = s.SpreadWorkshop
		}
		if i == official {
			w.F(`<li class="official">`)
		} else {
			w.F(`<li>`)
		}
		w.F(`%s`, fmt.Sprintf(s.SpreadResponse, who, i18n.When(lang, r.Updated)))
		if r.Partial {
			w.F(` <span class="mark">%s</span>`, s.SpreadPartial)
		}
		if i == official {
			w.F(` – <strong>%s</strong>`, s.SpreadOfficial)
		}
		w.F(`</li>`)
	}
	w.F(`</ul>`)
	answers := make([]lagesbild.Answers, len(rs))
	for i, r := range rs {
		answers[i] = r.Answers
	}
	var differ []lagesbild.ItemSpread
	for _, sp := range lagesbild.Spread(q, answers, official) {
		if sp.Differ {
			differ = append(differ, sp)
		}
	}
	w.F(`<h3>%s</h3>`, s.SpreadDifferTitle)
	if len(differ) == 0 {
		w.F(`<p>%s</p></section>`, s.SpreadDifferNone)
		return w.HTML()
	}
	w.F(`<p>%s</p><ul class="differ">`, s.SpreadDifferIntro)
	for _, sp := range differ {
		it, _ := q.Item(sp.Item)
		w.F(`<li><strong>%s</strong> `, it.Text.In(lang))
		for i, c := range sp.Counts {
			o, _ := it.Option(c.Value)
			if i > 0 {
				w.F(`, `)
			}
			w.F(`%s`, fmt.Sprintf(s.SpreadCount, c.N, o.Label.In(lang)))
		}
		w.F(`. `)
		if o, ok := it.Option(sp.Official); ok {
			w.F(`%s`, fmt.Sprintf(s.SpreadCounted, o.Label.In(lang)))
		} else {
			w.F(`%s`, s.SpreadUncounted)
		}
		w.F(`</li>`)
	}
	w.F(`</ul></section>`)
	return w.HTML()
}
