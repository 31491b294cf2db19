package report

import (
	"fmt"

	"lagesbild"
	"lagesbild/api"
	"lagesbild/markup"
	"lagesbild/wasm/chart"
	"lagesbild/wasm/i18n"
	"lagesbild/wasm/table"
	"lagesbild/wasm/ui"
)

// Bands put a score into words. The limits are ours, not a standard: below
// 40 most of what the questions ask for is missing, from 75 most is there.
const (
	weakBelow    = 40.0
	strongFrom   = 75.0
	manyDontKnow = 0.25 // a section with this share of "Vet ej" gets a note
	adviceAreas  = 3    // the weakest areas the advice covers
	printedAreas = 2    // of which the one-page printout has room for
)

// Band is "weak", "partly", "strong", or "none" for a section without score.
func Band(score *float64) string {
	switch {
	case score == nil:
		return "none"
	case *score < weakBelow:
		return "weak"
	case *score < strongFrom:
		return "partly"
	}
	return "strong"
}

func bandText(s *i18n.Strings, band string) string {
	switch band {
	case "weak":
		return s.BandWeak
	case "partly":
		return s.BandPartly
	case "strong":
		return s.BandStrong
	}
	return s.NoScore
}

// scoreText is "67,5 av 100".
func scoreText(s *i18n.Strings, lang string, v *float64) string {
	if v == nil {
		return s.NoScore
	}
	return fmt.Sprintf(s.ScoreOf, i18n.Score(lang, *v))
}

// ResultView renders the result of a draft in words: a note when it is
// partial, the total and how it is computed, one line per section (score,
// band, coverage, share of "Vet ej"), then the advice for the weakest areas,
// what to find out after "Vet ej" apart. Figures and charts come after it
// (CompareView).
func ResultView(q *lagesbild.Questionnaire, d ui.Draft, lang string) markup.HTML {
	s := i18n.For(lang)
	r := q.Score(d.Answers)
	var w markup.Writer
	w.F(`<section class="summary" aria-labelledby="summary-h"><h2 id="summary-h">%s</h2>`, s.ResultSummary)
	about := d.Round
	if m, ok := lagesbild.MunicipalityByCode(d.Municipality); ok {
		about = fmt.Sprintf(s.ResultFor, m.Name, d.Round)
	}
	note := s.ResultDraftNote
	if d.Sent != "" {
		note = s.ResultSentNote
	}
	w.F(`<p class="about">%s. %s</p>`, about, note)
	if r.Partial {
		w.F(`<p class="partial-note">%s</p>`, s.ResultPartial)
	}
	total := s.NoScoreShort
	if r.Total != nil {
		total = scoreText(s, lang, r.Total)
	}
	w.F(`<p class="total"><strong>%s: %s</strong> (%s). %s`, s.Total, total,
		fmt.Sprintf(s.ItemsAnswered, r.Answered, r.Items), s.TotalHow)
	if r.Total == nil {
		var missing []string
		for i, ss := range r.Sections {
			if ss.TooFew {
				missing = append(missing, q.Sections[i].Title.In(lang))
			}
		}
		if len(missing) > 0 {
			w.F(` %s`, fmt.Sprintf(s.TotalMissing, i18n.List(lang, missing)))
		}
	}
	w.F(`</p><ul class="sections">`)
	var unknown []string // areas with many "Vet ej"
	for i, ss := range r.Sections {
		band := Band(ss.Score)
		title := q.Sections[i].Title.In(lang)
		w.F(`<li class="band-%s"><span class="band-mark" aria-hidden="true"></span>`, band)
		switch {
		case ss.Score != nil:
			w.F(`<strong>%s</strong>: %s, %s.`, title, scoreText(s, lang, ss.Score), bandText(s, band))
		case ss.TooFew:
			w.F(`<strong>%s</strong>: %s.`, title, s.SectionTooFew)
		case ss.Applicable == 0 && ss.NotApplicable > 0:
			w.F(`<strong>%s</strong>: %s.`, title, s.SectionNA)
		default:
			w.F(`<strong>%s</strong>: %s.`, title, s.NoScore)
		}
		if ss.Applicable > 0 {
			w.F(` <span class="coverage">%s.</span>`, coverageText(s, ss))
		}
		if ss.DontKnow > 0 {
			w.F(` %s`, fmt.Sprintf(s.DontKnowLine, ss.DontKnow, ss.Answered, i18n.Percent(lang, ss.DontKnowShare)))
			if ss.DontKnowShare >= manyDontKnow {
				unknown = append(unknown, title)
			}
		}
		w.F(`</li>`)
	}
	w.F(`</ul>`)
	if len(unknown) > 0 {
		w.F(`<p class="dontknow-note">%s</p>`, fmt.Sprintf(s.DontKnowHigh, i18n.List(lang, unknown)))
	}
	w.F(`</section>`)
	w.F(`<section class="advice" aria-labelledby="advice-h"><h2 id="advice-h">%s</h2>`, s.AdviceTitle)
	areas := adviceBySection(r)
	if len(areas) == 0 {
		w.F(`<p>%s</p></section>`, s.AdviceNone)
		return w.HTML()
	}
	w.F(`<p>%s</p>`, s.AdviceIntro)
	for _, a := range areas {
		si := sectionIndex(q, a[0].Section)
		ss := r.Sections[si]
		score := s.NoScoreShort
		switch {
		case ss.Score != nil:
			score = scoreText(s, lang, ss.Score)
		case ss.TooFew:
			score = s.TooFewShort
		}
		w.F(`<h3>%s <span class="score">(%s)</span></h3>`, q.Sections[si].Title.In(lang), score)
		// The advice for low answers, then what to find out after "Vet ej"
		// (Item.AdviceUnknown, which the core put in Advice).
		var low, findOut markup.Writer
		for _, ad := range a {
			it, _ := q.Item(ad.Item)
			o, _ := it.Option(ad.Value)
			line := &low
			if ad.Points == nil && it.AdviceUnknown != nil {
				line = &findOut
			}
			line.F(`<li><strong>%s</strong> %s %s</li>`, it.Text.In(lang), fmt.Sprintf(s.AnsweredValue, o.Label.In(lang)), ad.Advice.In(lang))
		}
		if h := low.HTML(); h != "" {
			w.F(`<ul>%s</ul>`, h)
		}
		if h := findOut.HTML(); h != "" {
			w.F(`<h4 class="find-out">%s</h4><ul class="find-out">%s</ul>`, s.AdviceFindOut, h)
		}
	}
	if len(areas) > printedAreas {
		w.F(`<p class="print-only">%s</p>`, s.AdviceMore)
	}
	w.F(`</section>`)
	return w.HTML()
}

// coverageText is a section's coverage in words: "Bygger på 8 av 9 frågor
// (1 fråga är ej aktuell)", or for a section without a score "Bara 3 av 9
// frågor har ett svar som räknas".
func coverageText(s *i18n.Strings, ss lagesbild.SectionScore) string {
	f := s.CoverageLine
	if ss.TooFew {
		f = s.CoverageTooFew
	}
	t := fmt.Sprintf(f, ss.Scored, ss.Applicable)
	switch {
	case ss.NotApplicable == 1:
		t += " (" + fmt.Sprintf(s.CoverageNAOne, 1) + ")"
	case ss.NotApplicable > 1:
		t += " (" + fmt.Sprintf(s.CoverageNAMany, ss.NotApplicable) + ")"
	}
	return t
}

// missingText is what a table or chart shows for a section of one
// response without a score: too few answered, not applicable, or none.
func missingText(s *i18n.Strings, ss lagesbild.SectionScore) string {
	switch {
	case ss.TooFew:
		return s.TooFewShort
	case ss.Applicable == 0 && ss.NotApplicable > 0:
		return s.NotApplicableShort
	}
	return s.NoData
}

// adviceBySection groups the result's advice (weakest section first) by
// section and keeps the weakest areas.
func adviceBySection(r lagesbild.Result) [][]lagesbild.Advice {
	var out [][]lagesbild.Advice
	for _, a := range r.Advice {
		if n := len(out); n > 0 && out[n-1][0].Section == a.Section {
			out[n-1] = append(out[n-1], a)
			continue
		}
		if len(out) == adviceAreas {
			break
		}
		out = append(out, []lagesbild.Advice{a})
	}
	return out
}

func sectionIndex(q *lagesbild.Questionnaire, id string) int {
	for i, s := range q.Sections {
		if s.ID == id {
			return i
		}
	}
	return -1
}

// figureText formats a county or national figure: "för få svar" where the
// API suppressed it, "inga svar" where there is none.
func figureText(s *i18n.Strings, lang, measure string, f lagesbild.Figure) string {
	switch {
	case f.Suppressed:
		return s.TooFew
	case f.Value == nil:
		return s.NoData
	}
	return valueText(lang, measure, *f.Value)
}

// valueText formats a measure's value: a share as a percentage, a score as is.
func valueText(lang, measure string, v float64) string {
	if measure == lagesbild.MeasureDontKnow {
		return i18n.Percent(lang, v)
	}
	return i18n.Score(lang, v)
}

// measureTitle names a measure of q.
func measureTitle(q *lagesbild.Questionnaire, s *i18n.Strings, lang, id string) string {
	switch id {
	case lagesbild.MeasureTotal:
		return s.Total
	case lagesbild.MeasureDontKnow:
		return s.DontKnowMeasure
	}
	if i := sectionIndex(q, id); i >= 0 {
		return q.Sections[i].Title.In(lang)
	}
	return id
}

// Comparison is the own result beside the county's and the country's.
type Comparison struct {
	q        *lagesbild.Questionnaire
	own      map[string]*float64
	result   lagesbild.Result
	county   lagesbild.Group
	national lagesbild.Group
	group    *lagesbild.Group // the municipality's kommungrupp, where the answer has the groups
	// prevGroup is the kommungrupp in the previous round (prevRound),
	// where the answer has it: only the measures comparable with this
	// round's.
	prevGroup *lagesbild.Group
	prevRound string
	pending   bool // a private round still open: its groups come once it has closed
	pub       *api.Publication
}

// NewComparison puts the draft's result beside the figures of its county
// from the API's answer for the round.
func NewComparison(q *lagesbild.Questionnaire, d ui.Draft, c api.Counties) (Comparison, error) {
	m, ok := lagesbild.MunicipalityByCode(d.Municipality)
	if !ok {
		return Comparison{}, fmt.Errorf("comparison: no municipality %q", d.Municipality)
	}
	var cmp lagesbild.Comparison
	cmp.Counties, cmp.National = c.Counties, c.National
	g, ok := cmp.County(m.County)
	if !ok {
		return Comparison{}, fmt.Errorf("comparison: county %s is not in the answer", m.County)
	}
	r := q.Score(d.Answers)
	cmpn := Comparison{q: q, own: r.Measures(), result: r, county: g, national: c.National, pub: c.Publication}
	for i := range c.Groups {
		if c.Groups[i].Code == m.Group {
			cmpn.group = &c.Groups[i]
		}
	}
	if p := c.Previous; p != nil {
		for i := range p.Groups {
			if p.Groups[i].Code == m.Group {
				cmpn.prevGroup, cmpn.prevRound = &p.Groups[i], p.Round
			}
		}
	}
	cmpn.pending = c.GroupsPending
	return cmpn, nil
}

// Table renders the comparison as a table: one row per section, the total
// and the share of "Vet ej".
func (c Comparison) Table(lang string) markup.HTML {
	s := i18n.For(lang)
	var w markup.Writer
	var county markup.Writer
	county.F(`%s <span class="n">(%s)</span>`, c.county.Name, fmt.Sprintf(s.ColCountyN, c.county.Responded, c.county.Municipalities))
	w.F(`<div class="scroll" role="region" aria-labelledby="compare-cap" tabindex="0">%s<table class="figures sortable"><caption id="compare-cap">%s <span class="note">%s</span></caption>`, table.Hint(lang), s.CompareTitle, s.ResultTablesNote)
	var group markup.HTML
	if c.group != nil {
		group = table.Header("similar", similarHeader(s, *c.group), false, false, "")
	}
	if c.prevGroup != nil {
		var h markup.Writer
		h.F(`%s <span class="n">(%s)</span>`, fmt.Sprintf(s.SimilarPrev, c.prevGroup.Name, c.prevRound),
			fmt.Sprintf(s.ColCountyN, c.prevGroup.Responded, c.prevGroup.Municipalities))
		group += table.Header("similar-prev", h.HTML(), false, false, "")
	}
	w.F(`<thead><tr>%s%s%s%s%s</tr></thead><tbody>`, table.Header("area", markup.Esc(s.ColArea), false, false, ""), table.Header("own", markup.Esc(s.ColOwn), false, false, ""),
		table.Header("county", county.HTML(), false, false, ""), group, table.Header("country", markup.Esc(s.ColCountry), false, false, ""))
	for _, id := range c.q.MeasureIDs() {
		own := s.NoScoreShort
		if v := c.own[id]; v != nil {
			own = valueText(lang, id, *v)
		} else if ss, ok := c.result.Section(id); ok {
			own = missingText(s, ss)
		}
		cls := ""
		if id == lagesbild.MeasureTotal || id == lagesbild.MeasureDontKnow {
			cls = ` class="sum"`
		}
		var gc markup.HTML
		if c.group != nil {
			gc = groupCell(s, lang, id, c.group.Measures[id])
		}
		if c.prevGroup != nil {
			if f, ok := c.prevGroup.Measures[id]; ok {
				gc += groupCell(s, lang, id, f)
			} else {
				gc += markup.HTML(fmt.Sprintf(`<td%s>–</td>`, keyAttr(table.None))) // measured otherwise then
			}
		}
		w.F(`<tr%s><th scope="row">%s</th><td%s>%s</td>%s%s%s</tr>`, markup.HTML(cls), measureTitle(c.q, s, lang, id), keyAttr(table.NumOf(c.own[id])), own,
			figureCell(s, lang, id, c.county.Measures[id]), gc, figureCell(s, lang, id, c.national.Measures[id]))
	}
	w.F(`</tbody></table></div>%s`, PublicationNote(lang, c.pub, c.county, c.national))
	if c.pending {
		w.F(`<p class="help similar-pending">%s</p>`, s.SimilarPending)
	}
	return w.HTML()
}

// Chart is the data of the chart beside the table: the sections' scores.
func (c Comparison) Chart(lang string) chart.Data {
	s := i18n.For(lang)
	d := chart.Data{Title: s.ChartFrameTitle, Lang: lang}
	own := chart.Series{Name: s.SeriesOwn, Style: 0}
	county := chart.Series{Name: c.county.Name, Style: 1}
	country := chart.Series{Name: s.SeriesCountry, Style: 2}
	for _, sec := range c.q.Sections {
		d.Axes = append(d.Axes, sec.Title.In(lang))
		own.Values = append(own.Values, c.own[sec.ID])
		ss, _ := c.result.Section(sec.ID)
		own.Notes = append(own.Notes, missingText(s, ss))
		addFigure(s, &county, c.county.Measures[sec.ID])
		addFigure(s, &country, c.national.Measures[sec.ID])
	}
	d.Series = []chart.Series{own, county, country}
	if c.group != nil {
		group := chart.Series{Name: fmt.Sprintf(s.ColSimilar, c.group.Name), Style: 3}
		for _, sec := range c.q.Sections {
			addFigure(s, &group, c.group.Measures[sec.ID])
			if c.group.Measures[sec.ID].Suppressed {
				group.Notes[len(group.Notes)-1] = s.TooFewMunis
			}
		}
		d.Series = append(d.Series, group)
	}
	return d
}

// similarHeader heads a municipality group's column: "Liknande kommuner
// (Landsbygdskommun) (12 av 40 kommuner har svarat)".
func similarHeader(s *i18n.Strings, g lagesbild.Group) markup.HTML {
	var w markup.Writer
	w.F(`%s <span class="n">(%s)</span>`, fmt.Sprintf(s.ColSimilar, g.Name), fmt.Sprintf(s.ColCountyN, g.Responded, g.Municipalities))
	return w.HTML()
}

// groupCell is a municipality group's figure: "för få kommuner" where the
// joint release hid it (lagesbild.CompareGroups), else as any figure.
func groupCell(s *i18n.Strings, lang, measure string, f lagesbild.Figure) markup.HTML {
	if !f.Suppressed {
		return figureCell(s, lang, measure, f)
	}
	var w markup.Writer
	w.F(`<td%s>%s</td>`, keyAttr(table.TooFew), s.TooFewMunis)
	return w.HTML()
}

// addFigure adds a figure to a series, with the note shown when it is missing.
func addFigure(s *i18n.Strings, se *chart.Series, f lagesbild.Figure) {
	se.Values = append(se.Values, f.Value)
	note := ""
	switch {
	case f.Suppressed:
		note = s.TooFew
	case f.Value == nil:
		note = s.NoData
	}
	se.Notes = append(se.Notes, note)
}

// ReceiptView is the receipt of a response: each question, by section,
// with the answer given ("Vet ej" as the questionnaire words it, an
// unanswered question as such), printable with the result.
func ReceiptView(q *lagesbild.Questionnaire, d ui.Draft, lang string) markup.HTML {
	s := i18n.For(lang)
	var w markup.Writer
	w.F(`<h2>%s</h2><p>%s</p>`, s.ReceiptTitle, s.ReceiptIntro)
	n := 0
	for si := range q.Sections {
		sec := &q.Sections[si]
		w.F(`<h3>%s</h3><ol class="answers">`, sec.Title.In(lang))
		for ii := range sec.Items {
			it := &sec.Items[ii]
			n++
			answer := s.ReceiptNone
			if o, ok := it.Option(d.Answers[it.ID]); ok {
				answer = o.Label.In(lang)
			}
			w.F(`<li value="%d"><span class="q">%s</span> <span class="a">%s</span></li>`, n, it.Text.In(lang), answer)
		}
		w.F(`</ol>`)
	}
	return w.HTML()
}
