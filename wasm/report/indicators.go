package report

import (
	"slices"

	"lagesbild"
	"lagesbild/api"
	"lagesbild/markup"
	"lagesbild/wasm/chart"
	"lagesbild/wasm/i18n"
	"lagesbild/wasm/table"
)

// IndicatorsID is the element of the county lead's indicators (/lan/).
const IndicatorsID = "county-indicators"

// IndicatorsURL is the round's indicator figures (api.Indicators).
func IndicatorsURL(round string) string { return "/api/rounds/" + Escape(round) + "/indicators" }

// CountyIndicatorsURL is the county lead's own figures (api.CountyIndicators).
func CountyIndicatorsURL(round, county string) string {
	return IndicatorsURL(round) + "/county/" + Escape(county)
}

// LongExportURL is the round's long export (api.LongRow), ext "csv" or "json".
func LongExportURL(round, ext string) string {
	return "/api/rounds/" + Escape(round) + "/export/long." + ext
}

// IndicatorsView is "Indikatorer" for the county lead (issue 16): one row
// per indicator with the county's share this round (its own figure,
// unsuppressed), the county's share the previous round and the country's
// (both as released: all, which may be nil when it could not be fetched),
// and how many of the county's municipalities do not meet it, named in a
// <details>; then the long export. Empty when the questionnaire has no
// indicators.
//
// beside is the länsstyrelse's own answer to the item matching an
// indicator (OwnBeside), shown in a column of its own when there is any;
// chosen is the indicator the chart beside the table shows (its row's
// button is pressed).
func IndicatorsView(c api.CountyIndicators, all *api.Indicators, beside map[string]string, chosen, lang string) markup.HTML {
	if len(c.Indicators) == 0 {
		return ""
	}
	s := i18n.For(lang)
	views := map[string]api.IndicatorView{}
	pending, prevRound := false, ""
	if all != nil {
		for _, v := range all.Indicators {
			views[v.ID] = v
			pending = pending || v.Current.Pending
			if v.Previous != nil {
				prevRound = v.Previous.Round
			}
		}
	}
	var w markup.Writer
	w.F(`<h3 id="county-ind-h">%s</h3><p class="help">%s</p>`, s.IndTitle, s.IndIntro)
	if pending {
		w.F(`<p class="help ind-pending">%s</p>`, s.IndPending)
	}
	w.F(`<div class="scroll" role="region" aria-labelledby="ind-cap" tabindex="0">%s<table class="figures sortable ind-table"><caption id="ind-cap">%s</caption><thead><tr>%s%s`,
		table.Hint(lang), i18n.Fill(s.IndCaption, c.Name),
		table.Header("indicator", markup.Esc(s.IndColIndicator), false, false, ""),
		table.Header("county", markup.Esc(s.IndColCounty), false, false, ""))
	if len(beside) > 0 {
		w.F(`%s`, table.Header("own", markup.Esc(s.IndColOwn), false, false, ""))
	}
	if prevRound != "" {
		w.F(`%s`, table.Header("previous", markup.Esc(i18n.Fill(s.ColPrevRound, prevRound)), false, false, ""))
	}
	w.F(`%s%s<th scope="col">%s</th></tr></thead><tbody>`,
		table.Header("country", markup.Esc(s.ColCountry), false, false, ""),
		table.Header("notmet", markup.Esc(s.IndColNotMet), false, false, ""), s.IndColChart)
	for _, ind := range c.Indicators {
		v, ok := views[ind.ID]
		w.F(`<tr data-indicator="%s"><th scope="row">%s</th>%s`, ind.ID, ind.Title.In(lang), shareCell(s, lang, ind.Figure, true))
		if len(beside) > 0 {
			w.F(`%s`, ownCell(s, lang, beside[ind.ID], ind.Figure))
		}
		if prevRound != "" {
			if ok && v.Previous != nil {
				f, found := groupFigure(v.Previous.Groups, lagesbild.UnitCounty, c.County)
				w.F(`%s`, figureOrNone(s, lang, f, found, v.Previous.Pending))
			} else {
				w.F(`<td data-key="-">–</td>`)
			}
		}
		if ok {
			f, found := groupFigure(v.Current.Groups, lagesbild.UnitCountry, lagesbild.NationalCode)
			w.F(`%s`, figureOrNone(s, lang, f, found, v.Current.Pending))
		} else {
			w.F(`<td data-key="-">–</td>`)
		}
		pressed := "false"
		if ind.ID == chosen {
			pressed = "true"
		}
		w.F(`%s<td><button type="button" class="ind-show" data-chart="%s" aria-pressed="%s">%s</button></td></tr>`,
			notMetCell(s, lang, ind.NotMet), ind.ID, pressed, s.IndChartShow)
	}
	w.F(`</tbody></table></div>`)
	w.F(`%s`, chartBox(IndChartBoxID, IndChartFrameID, s.IndChartFrame, s.IndChartNote, false))
	w.F(`<ul class="exports">`)
	w.F(`<li><a href="%s" data-export="xlsx" download>%s</a></li>`, LongExportURL(c.Round.ID, "xlsx"), s.IndExportXLSX)
	w.F(`<li><a href="%s" data-export="csv" download>%s</a></li>`, LongExportURL(c.Round.ID, "csv"), s.IndExportCSV)
	w.F(`<li><a href="%s" data-export="json" download>%s</a></li>`, LongExportURL(c.Round.ID, "json"), s.IndExportJSON)
	w.F(`</ul>`)
	return w.HTML()
}

// groupFigure finds a group's figure.
func groupFigure(gs []api.IndicatorFigure, kind, code string) (api.IndicatorFigure, bool) {
	for _, g := range gs {
		if g.Kind == kind && g.Code == code {
			return g, true
		}
	}
	return api.IndicatorFigure{}, false
}

// figureOrNone is a released figure's cell: "–" when the group has none,
// "när omgången har stängt" while the round is pending.
func figureOrNone(s *i18n.Strings, lang string, f api.IndicatorFigure, found, pending bool) markup.HTML {
	var w markup.Writer
	switch {
	case pending:
		w.F(`<td data-key="s">%s</td>`, s.IndPendingShort)
	case !found:
		w.F(`<td data-key="-">–</td>`)
	default:
		return shareCell(s, lang, f, false)
	}
	return w.HTML()
}

// shareCell is a figure's cell: the share as a percentage, with met of n
// when withN, "för få svar" when suppressed, "inga svar" without a value.
func shareCell(s *i18n.Strings, lang string, f api.IndicatorFigure, withN bool) markup.HTML {
	var w markup.Writer
	switch {
	case f.Suppressed:
		w.F(`<td data-key="s">%s</td>`, s.TooFew)
	case f.Share == nil:
		w.F(`<td data-key="-">%s</td>`, s.NoData)
	case withN:
		w.F(`<td data-key="%s">%s <span class="n">(%s)</span></td>`, table.Num(*f.Share).Attr(), SharePercent(lang, *f.Share), i18n.Fill(s.IndMetOf, f.Met, f.N))
	default:
		w.F(`<td data-key="%s">%s</td>`, table.Num(*f.Share).Attr(), SharePercent(lang, *f.Share))
	}
	return w.HTML()
}

// SharePercent is a share (0–1) as a percentage with one decimal, ",0"
// dropped: "66,7 %" in Swedish, "66.7%" in English.
func SharePercent(lang string, share float64) string {
	n := i18n.Score(lang, share*100)
	if i18n.Lang(lang) == "sv" {
		return n + "\u00a0%"
	}
	return n + "%"
}

// notMetCell counts the municipalities that do not meet an indicator and
// names them in a <details>.
func notMetCell(s *i18n.Strings, lang string, codes []string) markup.HTML {
	var w markup.Writer
	if len(codes) == 0 {
		w.F(`<td data-key="0">0</td>`)
		return w.HTML()
	}
	names, count := notMet(s, codes)
	w.F(`<td data-key="%d"><details><summary>%s</summary>%s</details></td>`, len(codes), count, i18n.List(lang, names))
	return w.HTML()
}

// notMet names the municipalities of codes, sorted as Swedish names sort,
// and counts them ("3 kommuner").
func notMet(s *i18n.Strings, codes []string) (names []string, count string) {
	names = make([]string, len(codes))
	for i, code := range codes {
		names[i] = code
		if m, ok := lagesbild.MunicipalityByCode(code); ok {
			names[i] = m.Name
		}
	}
	slices.SortFunc(names, lagesbild.CompareNames)
	count = i18n.Fill(s.IndNotMetMany, len(codes))
	if len(codes) == 1 {
		count = s.IndNotMetOne
	}
	return names, count
}

// Ids of the indicator chart's frame on the county lead's page.
const (
	IndChartBoxID   = "ind-chart-box"
	IndChartFrameID = "ind-chart"
)

// IndicatorChart is the chart beside the indicators table (issue 16): the
// share of municipalities meeting indicator id in each county, this round
// and the previous one, then the country; the same figures as the table,
// from the same answers. The lead's own county this round is its own
// figure (c), as in the table; every other figure is as released (all).
// A hidden figure is not drawn: its note says why. ok is false when c
// has no indicator id.
func IndicatorChart(c api.CountyIndicators, all *api.Indicators, id, lang string) (d chart.Data, ok bool) {
	s := i18n.For(lang)
	var own *api.CountyIndicator
	for i := range c.Indicators {
		if c.Indicators[i].ID == id {
			own = &c.Indicators[i]
		}
	}
	if own == nil {
		return d, false
	}
	d = chart.Data{Title: i18n.Fill(s.IndChartTitle, own.Title.In(lang)), Lang: lang, Bars: true}
	var view *api.IndicatorView
	prevRound := ""
	if all != nil {
		for i, v := range all.Indicators {
			if v.ID == id {
				view = &all.Indicators[i]
			}
			if v.Previous != nil {
				prevRound = v.Previous.Round
			}
		}
	}
	now := chart.Series{Name: s.IndChartNow, Style: 1}
	var prev *chart.Series
	if prevRound != "" {
		prev = &chart.Series{Name: i18n.Fill(s.IndChartPrev, prevRound), Style: 3}
	}
	add := func(se *chart.Series, f api.IndicatorFigure, found, pending bool) {
		var v *float64
		note := ""
		switch {
		case pending:
			note = s.IndPendingShort
		case !found:
		case f.Suppressed:
			note = s.TooFew
		case f.Share == nil:
			note = s.NoData
		default:
			pct := *f.Share * 100
			v = &pct
		}
		se.Values = append(se.Values, v)
		se.Notes = append(se.Notes, note)
	}
	// The counties in the order of the answer; the lead's own county even
	// when the released figures could not be fetched.
	type unit struct{ kind, code, name string }
	var units []unit
	if view != nil {
		for _, g := range view.Current.Groups {
			if g.Kind == lagesbild.UnitCounty {
				units = append(units, unit{g.Kind, g.Code, g.Name})
			}
		}
	}
	if !slices.ContainsFunc(units, func(u unit) bool { return u.code == c.County }) {
		units = append(units, unit{lagesbild.UnitCounty, c.County, c.Name})
	}
	units = append(units, unit{lagesbild.UnitCountry, lagesbild.NationalCode, s.ColCountry})
	for _, u := range units {
		name := u.name
		if u.kind == lagesbild.UnitCountry {
			name = s.ColCountry
		} else if cn, ok := lagesbild.CountyByCode(u.code); ok {
			name = cn.Name
		}
		d.Axes = append(d.Axes, name)
		switch {
		case u.kind == lagesbild.UnitCounty && u.code == c.County:
			add(&now, own.Figure, true, false)
		case view != nil:
			f, found := groupFigure(view.Current.Groups, u.kind, u.code)
			add(&now, f, found, view.Current.Pending)
		default:
			add(&now, api.IndicatorFigure{}, false, false)
		}
		if prev != nil {
			if view != nil && view.Previous != nil {
				f, found := groupFigure(view.Previous.Groups, u.kind, u.code)
				add(prev, f, found, view.Previous.Pending)
			} else {
				add(prev, api.IndicatorFigure{}, false, false)
			}
		}
	}
	d.Series = []chart.Series{now}
	if prev != nil {
		d.Series = append(d.Series, *prev)
	}
	return d, true
}

// ownCell is the länsstyrelse's own answer beside its municipalities'
// figure: "Länsstyrelsen svarar: Hälften eller fler — kommunerna: 7 av 21
// (33,3 %)"; "–" when it has not answered the matching item.
func ownCell(s *i18n.Strings, lang, answer string, f api.IndicatorFigure) markup.HTML {
	var w markup.Writer
	if answer == "" {
		w.F(`<td data-key="-">–</td>`)
		return w.HTML()
	}
	munis := s.NoData
	if f.Share != nil {
		munis = i18n.Fill(s.IndMetOf, f.Met, f.N) + " (" + SharePercent(lang, *f.Share) + ")"
	}
	w.F(`<td>%s</td>`, i18n.Fill(s.IndOwnBeside, answer, munis))
	return w.HTML()
}
