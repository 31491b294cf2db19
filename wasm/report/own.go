package report

import (
	"lagesbild"
	"lagesbild/api"
	"lagesbild/markup"
	"lagesbild/wasm/i18n"
)

// OwnID is the element of the länsstyrelse's own answers on /lan/.
const OwnID = "county-own"

// OwnURL is a unit's own responses in a round (api.OwnResponses): a
// kommunkod, or a länskod for the länsstyrelse's own.
func OwnURL(round, unit string) string {
	return "/api/rounds/" + Escape(round) + "/responses/" + Escape(unit)
}

// OwnRound is a länsstyrelse's own response in one round its lead may
// read (issue 16): the round, its questionnaire and the answers of its
// latest response (nil when it has none yet).
type OwnRound struct {
	Round         api.Round
	Questionnaire *lagesbild.Questionnaire
	Answers       lagesbild.Answers
}

// OwnLatest is the answers of a länsstyrelse's latest whole response of
// GET …/responses/{länskod} (newest first); a partial one only when
// there is no other. Nil when there is none.
func OwnLatest(rs []api.StoredAnswers) lagesbild.Answers {
	for _, r := range rs {
		if !r.Partial {
			return r.Answers
		}
	}
	if len(rs) > 0 {
		return rs[0].Answers
	}
	return nil
}

// ownAnswer is the label of an item's answer in a round, "" without one.
func ownAnswer(r OwnRound, item, lang string) string {
	if r.Questionnaire == nil || r.Answers == nil {
		return ""
	}
	it, ok := r.Questionnaire.Item(item)
	if !ok {
		return ""
	}
	o, ok := it.Option(r.Answers[it.ID])
	if !ok {
		return ""
	}
	return o.Label.In(lang)
}

// OwnBeside is, for each of the municipalities' indicators that an item of
// the länsstyrelse's questionnaire matches (Item.MatchesIndicator), the
// länsstyrelse's answer to it in the newest round of own (newest first)
// that has one.
func OwnBeside(own []OwnRound, lang string) map[string]string {
	out := map[string]string{}
	for _, r := range own {
		if r.Questionnaire == nil {
			continue
		}
		for _, s := range r.Questionnaire.Sections {
			for _, it := range s.Items {
				if it.MatchesIndicator == "" || out[it.MatchesIndicator] != "" {
					continue
				}
				if a := ownAnswer(r, it.ID, lang); a != "" {
					out[it.MatchesIndicator] = a
				}
			}
		}
	}
	return out
}

// OwnView is "Länsstyrelsens egna svar": one row per item of the newest
// round's questionnaire, one column per round (newest first), each cell
// the answer's label or "inget svar". Empty without rounds.
func OwnView(own []OwnRound, county, lang string) markup.HTML {
	if len(own) == 0 || own[0].Questionnaire == nil {
		return ""
	}
	s := i18n.For(lang)
	var w markup.Writer
	w.F(`<h3 id="county-own-h">%s</h3><p class="help">%s</p>`, s.IndOwnTitle, s.IndOwnIntro)
	w.F(`<div class="scroll" role="region" aria-labelledby="own-cap" tabindex="0"><table class="figures own-table"><caption id="own-cap">%s</caption><thead><tr><th scope="col">%s</th>`,
		i18n.Fill(s.IndOwnCaption, county), s.IndOwnColItem)
	for _, r := range own {
		w.F(`<th scope="col">%s</th>`, r.Round.ID)
	}
	w.F(`</tr></thead><tbody>`)
	for _, sec := range own[0].Questionnaire.Sections {
		for _, it := range sec.Items {
			w.F(`<tr data-item="%s"><th scope="row">%s</th>`, it.ID, it.Text.In(lang))
			for _, r := range own {
				if a := ownAnswer(r, it.ID, lang); a != "" {
					w.F(`<td>%s</td>`, a)
				} else {
					w.F(`<td class="none">%s</td>`, s.IndOwnNone)
				}
			}
			w.F(`</tr>`)
		}
	}
	w.F(`</tbody></table></div>`)
	return w.HTML()
}
