package coordinator

import (
	"lagesbild/api"
	"lagesbild/markup"
	"lagesbild/wasm/i18n"
)

// Days are a round's first and last day to answer, as ISO dates in Swedish
// time (what the page's date inputs hold); "" where the worker's stamp
// cannot be read.
func Days(r api.Round) (opens, lastDay string) {
	opens, _ = i18n.SwedishDate(r.Opens)
	lastDay, _ = i18n.LastDate(r.Closes)
	return opens, lastDay
}

// day writes an ISO date for reading, or the stamp as it is when Days could
// not read it.
func day(lang, date, stamp string) string {
	if date == "" {
		return stamp
	}
	return i18n.LongDate(lang, date)
}

// State says whether a round takes responses: open, closed or not yet.
func State(r api.RoundSummary, s *i18n.Strings) (text, class string) {
	switch {
	case r.Closed:
		return s.CoordStateClosed, "closed"
	case r.Open:
		return s.CoordStateOpen, "open"
	}
	return s.CoordStateNotYet, "later"
}

// Questionnaire is a round's questionnaire as people name it: its title and
// version ("Kommunernas arbete …, version 1"), the id when the worker sent
// no title.
func Questionnaire(r api.RoundSummary, lang string) string {
	title := r.Title.In(lang)
	if title == "" {
		title = r.Questionnaire
	}
	return i18n.Fill(i18n.For(lang).CoordVersionOf, title, r.Version)
}

// RoundsTable is the list of rounds (GET /api/rounds for the admin, newest
// first): the questionnaire, the first and last day in Swedish time,
// whether it is open and who can answer, the previous round, how many of
// the country's municipalities have answered and have a code, and a button
// to manage it.
func RoundsTable(rounds []api.RoundSummary, lang string) markup.HTML {
	s := i18n.For(lang)
	var w markup.Writer
	if len(rounds) == 0 {
		w.F(`<p>%s</p>`, s.CoordRoundsNone)
		return w.HTML()
	}
	w.F(`<div class="scroll" role="region" aria-labelledby="rounds-cap" tabindex="0"><table class="figures rounds"><caption id="rounds-cap">%s</caption><thead><tr>`, s.CoordRoundsCaption)
	for _, h := range []string{s.CoordColRound, s.CoordColQuestionnaire, s.CoordColPeriod, s.CoordColState, s.CoordColPrevious} {
		w.F(`<th scope="col">%s</th>`, h)
	}
	w.F(`<th scope="col" class="num">%s</th><th scope="col"><span class="vh">%s</span></th></tr></thead><tbody>`, s.CoordColAnswered, s.CoordColAction)
	for _, r := range rounds {
		opens, last := Days(r.Round)
		state, class := State(r, s)
		who := s.CoordWhoCode
		if r.OpenToAll {
			who = s.CoordWhoAll
		}
		prev := r.Previous
		if prev == "" {
			prev = s.CoordNone
		}
		w.F(`<tr data-round="%s"><th scope="row">%s</th><td class="title">%s</td><td><span class="date">%s</span> – <span class="date">%s</span></td>`,
			r.ID, r.ID, Questionnaire(r, lang), day(lang, opens, r.Opens), day(lang, last, r.Closes))
		w.F(`<td><span class="state-%s">%s</span><span class="sub"><span class="vh">, </span>%s</span></td><td>%s</td>`, class, state, who, prev)
		w.F(`<td class="num">%s<span class="sub"><span class="vh">, </span>%s</span></td>`,
			i18n.Fill(s.CoordOfMunicipalities, r.Answered, r.Municipalities), i18n.Fill(s.CoordInvited, r.Invited))
		w.F(`<td><button type="button" data-manage="%s">%s<span class="vh"> %s</span></button></td></tr>`,
			r.ID, s.CoordManage, i18n.Fill(s.CoordRoundNamed, r.ID))
	}
	w.F(`</tbody></table></div>`)
	return w.HTML()
}

// RoundFacts is the line under a chosen round's heading: its questionnaire,
// whether it is open and who can answer.
func RoundFacts(r api.RoundSummary, lang string) string {
	s := i18n.For(lang)
	state, _ := State(r, s)
	who := s.CoordWhoCode
	if r.OpenToAll {
		who = s.CoordWhoAll
	}
	return Questionnaire(r, lang) + " · " + state + " · " + who
}

// Find is the round with that id in the list.
func Find(rounds []api.RoundSummary, id string) (api.RoundSummary, bool) {
	for _, r := range rounds {
		if r.ID == id {
			return r, true
		}
	}
	return api.RoundSummary{}, false
}
