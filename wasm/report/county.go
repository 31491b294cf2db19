package report

import (
	"fmt"

	"lagesbild"
	"lagesbild/api"
	"lagesbild/markup"
	"lagesbild/wasm/chart"
	"lagesbild/wasm/i18n"
	"lagesbild/wasm/table"
)

// Position is a municipality's place among the county's municipalities in
// one measure, in quarters as Kolada colours them: the best quarter, the
// middle half, the weakest quarter.
type Position string

const (
	High Position = "high"
	Mid  Position = "mid"
	Low  Position = "low"
	None Position = "none" // no value, or too few values to rank
)

// minRanked is the fewest values that are ranked: with fewer, quarters say nothing.
const minRanked = 4

// Positions ranks the values of one measure. For the share of "Vet ej" a
// lower value is better. Ties share a position.
func Positions(measure string, values []*float64) []Position {
	out := make([]Position, len(values))
	var vs []float64
	for _, v := range values {
		if v != nil {
			vs = append(vs, *v)
		}
	}
	for i, v := range values {
		if v == nil || len(vs) < minRanked {
			out[i] = None
			continue
		}
		better, worse := 0, 0
		for _, o := range vs {
			d := o - *v
			if measure == lagesbild.MeasureDontKnow {
				d = -d
			}
			switch {
			case d > 0:
				better++
			case d < 0:
				worse++
			}
		}
		n := float64(len(vs))
		switch {
		case float64(better) < n/4:
			out[i] = High
		case float64(worse) < n/4:
			out[i] = Low
		default:
			out[i] = Mid
		}
	}
	return out
}

func positionText(s *i18n.Strings, p Position) string {
	switch p {
	case High:
		return s.PosHigh
	case Mid:
		return s.PosMid
	case Low:
		return s.PosLow
	}
	return s.PosNone
}

// CountyView renders the county lead's page from the API's answer: who has
// answered, the municipalities' scores coloured by relative position with a
// legend, the county against the country and the previous round, and the
// exports.
func CountyView(c api.County, lang string) markup.HTML {
	s := i18n.For(lang)
	var w markup.Writer
	w.F(`<p class="lead">%s</p>`, fmt.Sprintf(s.CountyResponded, c.County.Responded, c.County.Municipalities, c.County.Name, c.Round.ID))
	w.F(`%s%s%s%s`, countyTable(c, lang), PublicationNote(lang, c.Publication, c.County, c.National), ChartBox(s.CountyChartTitle, s.ChartTableNote, false), similarTable(c, lang))
	w.F(`<section aria-labelledby="munis-h"><h2 id="munis-h">%s</h2>`, s.CountyMunis)
	if len(c.Municipalities) == 0 {
		w.F(`<p>%s</p></section>`, s.RowsHidden)
	} else {
		w.F(`%s%s</section>`, legend(s), municipalityTable(c, lang))
	}
	w.F(`<section aria-labelledby="exports-h"><h2 id="exports-h">%s</h2><ul class="exports">`, s.Exports)
	w.F(`<li><a href="%s" data-export="xlsx" download>%s</a></li>`, ExportURL(c.Round.ID, "xlsx"), s.ExportXLSX)
	w.F(`<li><a href="%s" data-export="csv" download>%s</a></li>`, ExportURL(c.Round.ID, "csv"), s.ExportCSV)
	w.F(`<li><a href="%s" data-export="json" download>%s</a></li>`, ExportURL(c.Round.ID, "json"), s.ExportJSON)
	w.F(`</ul><p class="help">%s</p></section>`, s.ExportHelp)
	return w.HTML()
}

func legend(s *i18n.Strings) markup.HTML {
	var w markup.Writer
	w.F(`<div class="legend"><h3>%s</h3><p>%s</p><ul>`, s.LegendTitle, s.LegendText)
	for _, p := range []Position{High, Mid, Low, None} {
		w.F(`<li><span class="swatch pos-%s" aria-hidden="true"></span>%s</li>`, string(p), positionText(s, p))
	}
	w.F(`</ul></div>`)
	return w.HTML()
}

// municipalityTable has one row per municipality, by name in Swedish
// order, and one column per measure; every column sorts (wasm/table).
func municipalityTable(c api.County, lang string) markup.HTML {
	s := i18n.For(lang)
	pos := make(map[string][]Position, len(c.Measures))
	for _, m := range c.Measures {
		vals := make([]*float64, len(c.Municipalities))
		for i, r := range c.Municipalities {
			vals[i] = r.Measures[m.ID]
		}
		pos[m.ID] = Positions(m.ID, vals)
	}
	names := make([]table.Key, len(c.Municipalities))
	for i, r := range c.Municipalities {
		names[i] = table.Text(r.Name)
	}
	var w markup.Writer
	w.F(`<div class="scroll" role="region" aria-labelledby="munis-cap" tabindex="0">%s<table class="figures munis sortable"><caption id="munis-cap">%s</caption><thead><tr>%s%s`,
		table.Hint(lang), s.CountyMunisTable, table.Header("name", markup.Esc(s.ColMunicipality), true, false, ""), table.Header("answered", markup.Esc(s.ColAnswered), false, false, ""))
	for _, m := range c.Measures {
		w.F(`%s`, table.Header(m.ID, markup.Esc(m.Title.In(lang)), false, false, ""))
	}
	w.F(`</tr></thead><tbody>`)
	for _, i := range table.Rows(names, nil, false) {
		r := c.Municipalities[i]
		answered, cls := s.No, "no"
		if r.Respondents > 0 {
			answered, cls = fmt.Sprintf("%s (%d)", s.Yes, r.Respondents), "yes"
		}
		w.F(`<tr data-code="%s"><th scope="row">%s</th><td class="answered-%s"%s>%s%s</td>`, r.Code, r.Name, cls, keyAttr(table.Num(float64(r.Respondents))), answered, RowMark(lang, r.Partial, r.Workshop))
		for _, m := range c.Measures {
			v := r.Measures[m.ID]
			if v == nil {
				w.F(`<td class="pos-none"%s>–</td>`, keyAttr(table.None))
				continue
			}
			p := pos[m.ID][i]
			w.F(`<td class="pos-%s"%s>%s`, string(p), keyAttr(table.Num(*v)), valueText(lang, m.ID, *v))
			if p != None {
				w.F(`<span class="vh">, %s</span>`, positionText(s, p))
			}
			w.F(`</td>`)
		}
		w.F(`</tr>`)
	}
	w.F(`</tbody></table></div>`)
	return w.HTML()
}

// RowMark marks a municipality's row whose result is a partial response
// ("delvis besvarad") or a workshop's ("(från workshop)"), in words that
// are shown and read alike; "" for neither.
func RowMark(lang string, partial, workshop bool) markup.HTML {
	if !partial && !workshop {
		return ""
	}
	s := i18n.For(lang)
	var w markup.Writer
	w.F(` <span class="mark">`)
	switch {
	case partial && workshop:
		w.F(`%s %s`, s.RowPartial, s.RowWorkshop)
	case partial:
		w.F(`%s`, s.RowPartial)
	default:
		w.F(`%s`, s.RowWorkshop)
	}
	w.F(`</span>`)
	return w.HTML()
}

// keyAttr is a cell's data-key attribute: what the table is sorted by
// when it is not the cell's text (wasm/table).
func keyAttr(k table.Key) markup.HTML {
	a := k.Attr()
	if a == "" {
		return ""
	}
	return markup.HTML(` data-key="` + a + `"`)
}

// figureKey is a figure's sort key: suppressed and missing figures last.
func figureKey(f lagesbild.Figure) table.Key {
	if f.Suppressed {
		return table.TooFew
	}
	return table.NumOf(f.Value)
}

// figureCell is a table cell with a figure and its sort key.
func figureCell(s *i18n.Strings, lang, measure string, f lagesbild.Figure) markup.HTML {
	var w markup.Writer
	w.F(`<td%s>%s</td>`, keyAttr(figureKey(f)), figureText(s, lang, measure, f))
	return w.HTML()
}

// countyTable puts the county beside the country and the previous round;
// every column sorts (wasm/table).
func countyTable(c api.County, lang string) markup.HTML {
	s := i18n.For(lang)
	var prev *lagesbild.Group
	if c.Previous != nil {
		prev = c.Previous.County
	}
	var w, county markup.Writer
	county.F(`%s <span class="n">(%s)</span>`, c.County.Name, fmt.Sprintf(s.ColCountyN, c.County.Responded, c.County.Municipalities))
	w.F(`<section aria-labelledby="vs-h"><h2 id="vs-h">%s</h2><div class="scroll" role="region" aria-labelledby="vs-cap" tabindex="0">%s<table class="figures sortable"><caption id="vs-cap">%s</caption><thead><tr>%s%s%s`,
		s.CountyVsCountry, table.Hint(lang), s.ResultTablesNote, table.Header("area", markup.Esc(s.ColArea), false, false, ""),
		table.Header("county", county.HTML(), false, false, ""), table.Header("country", markup.Esc(s.ColCountry), false, false, ""))
	if prev != nil {
		w.F(`%s%s`, table.Header("previous", markup.Esc(fmt.Sprintf(s.ColPrevRound, c.Previous.Round)), false, false, ""), table.Header("change", markup.Esc(s.ColChange), false, false, ""))
	}
	w.F(`</tr></thead><tbody>`)
	for _, m := range c.Measures {
		cur := c.County.Measures[m.ID]
		w.F(`<tr><th scope="row">%s</th>%s%s`, m.Title.In(lang), figureCell(s, lang, m.ID, cur), figureCell(s, lang, m.ID, c.National.Measures[m.ID]))
		if prev != nil {
			p := prev.Measures[m.ID]
			if m.Change != lagesbild.Unchanged {
				// Measured otherwise (or not at all) in the previous
				// round's version: no change, whatever the figures.
				w.F(`<td%s>–</td><td%s>%s</td>`, keyAttr(table.None), keyAttr(table.None), changeMark(s, m.Change))
				w.F(`</tr>`)
				continue
			}
			change, key := "–", table.None
			if cur.Value != nil && p.Value != nil {
				d := *cur.Value - *p.Value
				change, key = changeText(lang, m.ID, d), table.Num(d)
			}
			w.F(`%s<td%s>%s</td>`, figureCell(s, lang, m.ID, p), keyAttr(key), change)
		}
		w.F(`</tr>`)
	}
	w.F(`</tbody></table></div>`)
	if prev == nil {
		w.F(`<p class="help">%s</p>`, s.CountyNoPrev)
	}
	w.F(`</section>`)
	return w.HTML()
}

// similarTable shows the municipality groups (SKR's kommungrupper) the
// county's municipalities belong to, each group's figures over the whole
// country, one column per measure, and under each the previous round's
// where the answer has them (only the measures comparable with this
// round's; the rest "–"); while a private round is open, why its groups
// are not shown yet (GroupsPending); "" when the answer has none of these.
func similarTable(c api.County, lang string) markup.HTML {
	var prev []lagesbild.Group
	prevRound := ""
	if c.Previous != nil {
		prev, prevRound = c.Previous.Groups, c.Previous.Round
	}
	if len(c.Groups) == 0 && len(prev) == 0 && !c.GroupsPending {
		return ""
	}
	s := i18n.For(lang)
	inCounty := map[string]int{}
	for _, m := range lagesbild.MunicipalitiesIn(c.County.Code) {
		inCounty[m.Group]++
	}
	var w markup.Writer
	w.F(`<section aria-labelledby="similar-h"><h2 id="similar-h">%s</h2><p class="help">%s</p>`, s.SimilarTitle, s.SimilarIntro)
	if c.GroupsPending {
		w.F(`<p class="help similar-pending">%s</p>`, s.SimilarPending)
	}
	if len(c.Groups) == 0 && len(prev) == 0 {
		w.F(`</section>`)
		return w.HTML()
	}
	w.F(`<div class="scroll" role="region" aria-labelledby="similar-cap" tabindex="0">%s<table class="figures similar sortable"><caption id="similar-cap">%s</caption><thead><tr>%s`,
		table.Hint(lang), s.ResultTablesNote, table.Header("group", markup.Esc(s.ColGroup), false, false, ""))
	for _, m := range c.Measures {
		w.F(`%s`, table.Header(m.ID, markup.Esc(m.Title.In(lang)), false, false, ""))
	}
	w.F(`</tr></thead><tbody>`)
	byCode := func(gs []lagesbild.Group, code string) *lagesbild.Group {
		for i := range gs {
			if gs[i].Code == code {
				return &gs[i]
			}
		}
		return nil
	}
	for _, mg := range lagesbild.MunicipalityGroups() {
		if inCounty[mg.Code] == 0 {
			continue
		}
		if g := byCode(c.Groups, mg.Code); g != nil {
			w.F(`<tr data-group="%s"><th scope="row"%s>%s <span class="n">(%s; %s)</span></th>`, g.Code, keyAttr(table.Text(g.Name)), g.Name,
				fmt.Sprintf(s.ColCountyN, g.Responded, g.Municipalities), fmt.Sprintf(s.GroupInCounty, inCounty[g.Code]))
			for _, m := range c.Measures {
				w.F(`%s`, groupCell(s, lang, m.ID, g.Measures[m.ID]))
			}
			w.F(`</tr>`)
		}
		if g := byCode(prev, mg.Code); g != nil {
			// A row of its own, marked data-prev (not data-group): the
			// previous round's, sorted with its group's name.
			w.F(`<tr class="prev" data-prev="%s"><th scope="row"%s>%s <span class="n">(%s)</span></th>`, g.Code, keyAttr(table.Text(g.Name)),
				fmt.Sprintf(s.SimilarPrev, g.Name, prevRound), fmt.Sprintf(s.ColCountyN, g.Responded, g.Municipalities))
			for _, m := range c.Measures {
				if f, ok := g.Measures[m.ID]; ok && m.Change == lagesbild.Unchanged {
					w.F(`%s`, groupCell(s, lang, m.ID, f))
				} else {
					w.F(`<td%s>–</td>`, keyAttr(table.None))
				}
			}
			w.F(`</tr>`)
		}
	}
	w.F(`</tbody></table></div></section>`)
	return w.HTML()
}

// changeMark says why a measure has no change beside the previous round:
// "ny" or "ändrad", with the reason as a title and for screen readers.
func changeMark(s *i18n.Strings, change string) markup.HTML {
	mark, why := s.ChangeChanged, s.ChangeChangedWhy
	if change == lagesbild.ChangeNew {
		mark, why = s.ChangeNew, s.ChangeNewWhy
	}
	var w markup.Writer
	w.F(`<span class="change-mark" title="%s">%s</span><span class="vh"> (%s)</span>`, why, mark, why)
	return w.HTML()
}

// changeText is a signed difference: "+4,5", "−2", or for a share a
// difference in percentage points.
func changeText(lang, measure string, d float64) string {
	sign := ""
	if d > 0 {
		sign = "+"
	}
	if measure == lagesbild.MeasureDontKnow {
		return fmt.Sprintf(i18n.For(lang).PercentPoints, sign+i18n.Number(lang, d*100, 0))
	}
	return sign + i18n.Score(lang, d)
}

// CountyChart is the data of the chart beside the county's table: the
// county, the country and the previous round, per section.
func CountyChart(c api.County, lang string) chart.Data {
	s := i18n.For(lang)
	d := chart.Data{Title: s.CountyChartTitle, Lang: lang}
	county := chart.Series{Name: c.County.Name, Style: 1}
	country := chart.Series{Name: s.SeriesCountry, Style: 2}
	var prev *chart.Series
	if c.Previous != nil && c.Previous.County != nil {
		prev = &chart.Series{Name: fmt.Sprintf(s.ColPrevRound, c.Previous.Round), Style: 3}
	}
	for _, m := range c.Measures {
		if m.Scale != "score" || m.ID == lagesbild.MeasureTotal {
			continue // the chart shows the sections; the table has the rest
		}
		d.Axes = append(d.Axes, m.Title.In(lang))
		addFigure(s, &county, c.County.Measures[m.ID])
		addFigure(s, &country, c.National.Measures[m.ID])
		if prev != nil {
			addFigure(s, prev, c.Previous.County.Measures[m.ID])
			if m.Change != lagesbild.Unchanged { // no bar to compare with
				n := len(prev.Values) - 1
				prev.Values[n] = nil
				prev.Notes[n] = s.ChangeChanged
				if m.Change == lagesbild.ChangeNew {
					prev.Notes[n] = s.ChangeNew
				}
			}
		}
	}
	d.Series = []chart.Series{county, country}
	if prev != nil {
		d.Series = append(d.Series, *prev)
	}
	return d
}
