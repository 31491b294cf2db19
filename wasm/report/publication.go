package report

import (
	"slices"

	"lagesbild"
	"lagesbild/api"
	"lagesbild/markup"
	"lagesbild/wasm/i18n"
)

// PublicationNote says which publication the county and national figures
// of a view are (api.Publication), why they change in steps, and which of
// the groups shown keep an earlier publication's figures or are live.
// groups are the groups the view shows, the country among them ("SE").
// Nothing where the figures are live (p is nil).
func PublicationNote(lang string, p *api.Publication, groups ...lagesbild.Group) markup.HTML {
	if p == nil {
		return ""
	}
	s := i18n.For(lang)
	name := func(g lagesbild.Group) string {
		if g.Code == lagesbild.NationalCode {
			return s.PubCountry
		}
		return g.Name
	}
	var w markup.Writer
	w.F(`<div class="publication help" data-publication="%d">`, p.Seq)
	switch {
	case p.Seq == 0:
		w.F(`<p>%s</p>`, i18n.Fill(s.PubNone, p.Step))
	case p.Final:
		w.F(`<p>%s</p>`, i18n.Fill(s.PubFinal, i18n.When(lang, p.Published)))
	default:
		w.F(`<p>%s</p>`, i18n.Fill(s.PubSeq, p.Seq, i18n.When(lang, p.Published), p.Step))
	}
	for _, g := range groups {
		if at, ok := p.AsOf[g.Code]; ok && at.Seq > 0 && at.Seq < p.Seq {
			w.F(`<p data-kept="%s">%s</p>`, g.Code, i18n.Fill(s.PubKept, name(g), at.Seq, i18n.When(lang, at.Published)))
		}
		if slices.Contains(p.Live, g.Code) {
			w.F(`<p data-live="%s">%s</p>`, g.Code, i18n.Fill(s.PubLive, name(g)))
		}
	}
	w.F(`</div>`)
	return w.HTML()
}
