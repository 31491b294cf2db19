package plan

import (
	"lagesbild"
	"lagesbild/api"
	"lagesbild/markup"
	"lagesbild/wasm/i18n"
	"lagesbild/wasm/table"
)

// CountyID is the element of the county lead's plans (/lan/).
const CountyID = "county-plans"

// CountyView is "Handlingsplaner i länet" for the county lead (api.Plans):
// per municipality whether it has a plan, how many of its rows hang
// together, and the indicators of its previous round's plan met, partly
// met and not met by this round's answers (a sortable table, as the
// page's others); then per area (section of q) the same counted.
func CountyView(ps api.Plans, q *lagesbild.Questionnaire, lang string) markup.HTML {
	s := i18n.For(lang)
	var w markup.Writer
	w.F(`<h3 id="county-plans-h">%s</h3><p class="help">%s</p>`, s.PlanCountyTitle, s.PlanCountyIntro)
	w.F(`<div class="scroll" role="region" aria-labelledby="plans-cap" tabindex="0">%s<table class="figures sortable plans-table"><caption id="plans-cap">%s</caption>`, table.Hint(lang), s.PlanCountyCaption)
	w.F(`<thead><tr>%s%s%s%s%s%s</tr></thead><tbody>`,
		table.Header("name", markup.Esc(s.ColMunicipality), false, false, ""),
		table.Header("plan", markup.Esc(s.PlanColPlan), false, false, ""),
		table.Header("whole", markup.Esc(s.PlanColWhole), false, false, ""),
		table.Header("met", markup.Esc(s.PlanColMet), false, false, ""),
		table.Header("partly", markup.Esc(s.PlanColPartly), false, false, ""),
		table.Header("notmet", markup.Esc(s.PlanColNotMet), false, false, ""))
	num := func(n int) markup.HTML {
		var c markup.Writer
		c.F(`<td data-key="%s">%d</td>`, table.Num(float64(n)).Attr(), n)
		return c.HTML()
	}
	for _, m := range ps.Municipalities {
		w.F(`<tr data-code="%s"><th scope="row">%s</th>`, m.Code, m.Name)
		if !m.HasPlan {
			w.F(`<td data-key="0">%s</td><td data-key="-">–</td>`, s.PlanNo)
		} else {
			share := 0.0
			if m.Open > 0 {
				share = float64(m.Whole) / float64(m.Open)
			}
			w.F(`<td data-key="1">%s</td><td data-key="%s">%s</td>`, s.PlanYes, table.Num(share).Attr(), i18n.Fill(s.PlanWholeShort, m.Whole, m.Open))
		}
		w.F(`%s%s%s</tr>`, num(m.Met), num(m.Partly), num(m.NotMet))
	}
	w.F(`</tbody></table></div>`)
	w.F(`<div class="scroll" role="region" aria-labelledby="plan-areas-cap" tabindex="0">%s<table class="figures sortable plan-areas"><caption id="plan-areas-cap">%s</caption>`, table.Hint(lang), s.PlanAreasCaption)
	w.F(`<thead><tr>%s%s%s%s%s</tr></thead><tbody>`,
		table.Header("area", markup.Esc(s.ColArea), false, false, ""),
		table.Header("munis", markup.Esc(s.PlanColMunicipalities), false, false, ""),
		table.Header("rows", markup.Esc(s.PlanColRows), false, false, ""),
		table.Header("whole", markup.Esc(s.PlanColWholeRows), false, false, ""),
		table.Header("met", markup.Esc(s.PlanColMetOf), false, false, ""))
	for _, a := range ps.Areas {
		title := a.Section
		if q != nil {
			for _, sec := range q.Sections {
				if sec.ID == a.Section {
					title = sec.Title.In(lang)
				}
			}
		}
		w.F(`<tr><th scope="row">%s</th>%s%s%s`, title, num(a.Municipalities), num(a.Rows), num(a.Whole))
		if a.Followed == 0 {
			w.F(`<td data-key="-">–</td></tr>`)
			continue
		}
		w.F(`<td data-key="%s">%s</td></tr>`, table.Num(float64(a.Met)/float64(a.Followed)).Attr(), i18n.Fill(s.PlanWholeShort, a.Met, a.Followed))
	}
	w.F(`</tbody></table></div>`)
	return w.HTML()
}
