package plan

import (
	"strconv"
	"strings"

	"lagesbild"
	"lagesbild/markup"
	"lagesbild/wasm/i18n"
)

// Ids and classes of the editor, for wasm/app and the end-to-end tests.
const (
	EditorID    = "plan-editor"
	HeadID      = "plan-head"
	ProposalsID = "plan-proposals"
)

// FieldID is the id of a row's field ("plan-0-goal"); GapID the id of
// the line that says it is missing ("plan-0-goal-gap"), which the field
// names with aria-describedby; RowID the row's fieldset; CheckID the
// row's list of what it lacks.
func FieldID(i int, name string) string { return "plan-" + strconv.Itoa(i) + "-" + name }
func GapID(i int, name string) string   { return FieldID(i, name) + "-gap" }
func RowID(i int) string                { return "plan-row-" + strconv.Itoa(i) }
func CheckID(i int) string              { return "plan-row-" + strconv.Itoa(i) + "-check" }

// Head says how many of the open rows hang together: "3 av 4 rader
// hänger ihop".
func Head(p *lagesbild.Plan, lang string) markup.HTML {
	s := i18n.For(lang)
	whole, open := p.Whole()
	var w markup.Writer
	cls := "plan-head"
	if open > 0 && whole == open {
		cls += " whole"
	}
	w.F(`<p class="%s" id="%s" role="status">`, cls, HeadID)
	if len(p.Rows) == 0 {
		w.F(`%s</p>`, s.PlanEmpty)
		return w.HTML()
	}
	w.F(`<strong>%s</strong>`, i18n.Fill(s.PlanWhole, whole, open))
	if closed := len(p.Rows) - open; closed > 0 {
		w.F(` %s`, i18n.Fill(s.PlanClosedCount, closed))
	}
	w.F(`</p>`)
	return w.HTML()
}

// Proposals lists the items a plan can start from (lagesbild.Proposals),
// each with its answer and a button that adds it (data-action="plan-add",
// data-item), or that it is in the plan already.
func Proposals(q *lagesbild.Questionnaire, p *lagesbild.Plan, props []lagesbild.PlanRow, lang string) markup.HTML {
	s := i18n.For(lang)
	var w markup.Writer
	w.F(`<h3 id="plan-proposals-h">%s</h3>`, s.PlanProposalsTitle)
	if len(props) == 0 {
		w.F(`<p>%s</p>`, s.PlanProposalsNone)
		return w.HTML()
	}
	w.F(`<p class="help">%s</p><ul class="plan-proposals">`, s.PlanProposalsIntro)
	for n, r := range props {
		it, ok := q.Item(r.Item)
		if !ok {
			continue
		}
		id := "plan-prop-" + strconv.Itoa(n)
		w.F(`<li><span id="%s"><strong>%s</strong> %s</span> `, id, it.Text.In(lang), i18n.Fill(s.AnsweredValue, answerLabel(s, it, r.Answer, lang)))
		if Find(p, r.Item) >= 0 {
			w.F(`<span class="plan-in">%s</span></li>`, s.PlanInPlan)
			continue
		}
		w.F(`<button type="button" class="plan-add" data-action="plan-add" data-item="%s" aria-describedby="%s">%s</button></li>`, r.Item, id, s.PlanAdd)
	}
	w.F(`</ul>`)
	return w.HTML()
}

// answerLabel is an answer's label, or "obesvarad".
func answerLabel(s *i18n.Strings, it *lagesbild.Item, value, lang string) string {
	if o, ok := it.Option(value); ok {
		return o.Label.In(lang)
	}
	return s.PlanUnanswered
}

// Editor is the plan's rows, each a fieldset: the problem (the item and
// its answer), what the row lacks (CheckView), its fields, and buttons to
// remove it and, when it came from the previous round, to close it.
func Editor(q *lagesbild.Questionnaire, p *lagesbild.Plan, lang string) markup.HTML {
	s := i18n.For(lang)
	var w markup.Writer
	w.F(`<h3 id="plan-rows-h">%s</h3>%s`, s.PlanRowsTitle, Head(p, lang))
	for i := range p.Rows {
		w.F(`%s`, row(q, p, i, s, lang))
	}
	return w.HTML()
}

func row(q *lagesbild.Questionnaire, p *lagesbild.Plan, i int, s *i18n.Strings, lang string) markup.HTML {
	r := p.Rows[i]
	it, ok := q.Item(r.Item)
	if !ok {
		return ""
	}
	var w markup.Writer
	closed := r.Status == lagesbild.RowClosed
	cls := "plan-row"
	switch {
	case closed:
		cls += " closed"
	case len(RowGaps(r)) == 0:
		cls += " whole"
	default:
		cls += " gaps"
	}
	w.F(`<fieldset class="%s" id="%s" data-row="%d"><legend>%s</legend>`, cls, RowID(i), i, i18n.Fill(s.PlanRowLegend, i+1, it.Text.In(lang)))
	w.F(`<p class="plan-problem">%s`, i18n.Fill(s.PlanAnswerNow, answerLabel(s, it, r.Answer, lang)))
	switch r.Status {
	case lagesbild.RowCarried:
		w.F(` <span class="plan-status">%s</span>`, s.PlanCarriedNote)
	case lagesbild.RowRevised:
		w.F(` <span class="plan-status">%s</span>`, s.PlanRevisedNote)
	}
	w.F(`</p>`)
	if closed {
		w.F(`<p class="plan-status closed">%s</p><div class="buttons">`, s.PlanClosedNote)
		w.F(`<button type="button" data-action="plan-reopen" data-row="%d">%s</button>`, i, s.PlanReopen)
		w.F(`<button type="button" data-action="plan-remove" data-row="%d">%s</button></div></fieldset>`, i, s.PlanRemove)
		return w.HTML()
	}
	w.F(`<div class="plan-check" id="%s">%s</div>`, CheckID(i), CheckView(r, i, lang))
	gaps := map[string]bool{}
	for _, g := range RowGaps(r) {
		gaps[g.Field] = true
	}
	input := func(name, label, kind, help string, max int) {
		w.F(`<div class="field">`)
		w.F(`<label for="%s">%s</label>`, FieldID(i, name), label)
		attrs := ` data-row="` + strconv.Itoa(i) + `" data-field="` + name + `"`
		if desc := DescribedBy(i, name, gaps[name]); desc != "" {
			attrs += ` aria-describedby="` + desc + `"`
		}
		if gaps[name] {
			attrs += ` aria-invalid="true"`
		}
		if max > 0 {
			attrs += ` maxlength="` + strconv.Itoa(max) + `"`
		}
		v := Value(r, name)
		if kind == "textarea" {
			w.F(`<textarea id="%s" rows="3"%s>%s</textarea>`, FieldID(i, name), markup.HTML(attrs), v)
		} else {
			w.F(`<input id="%s" type="%s"%s value="%s">`, FieldID(i, name), kind, markup.HTML(attrs), v)
		}
		if help != "" {
			w.F(`<p class="help" id="%s">%s</p>`, FieldID(i, name)+"-help", help)
		}
		w.F(`</div>`)
	}
	selectOf := func(name, label, choose string, opts [][2]string) {
		w.F(`<div class="field"><label for="%s">%s</label>`, FieldID(i, name), label)
		inv := ""
		if gaps[name] {
			inv = ` aria-describedby="` + DescribedBy(i, name, true) + `" aria-invalid="true"`
		}
		w.F(`<select id="%s" data-row="%d" data-field="%s"%s><option value="">%s</option>`, FieldID(i, name), i, name, markup.HTML(inv), choose)
		v := Value(r, name)
		for _, o := range opts {
			sel := ""
			if o[0] == v {
				sel = " selected"
			}
			w.F(`<option value="%s"%s>%s</option>`, o[0], markup.HTML(sel), o[1])
		}
		w.F(`</select></div>`)
	}
	input("problem", s.PlanFieldProblem, "textarea", "", lagesbild.MaxPlanText)
	input("goal", s.PlanFieldGoal, "text", "", lagesbild.MaxPlanText)
	input("targetGroup", s.PlanFieldTargetGroup, "text", "", lagesbild.MaxPlanShort)
	input("measure", s.PlanFieldMeasure, "textarea", "", lagesbild.MaxPlanText)
	var targets [][2]string
	for _, o := range it.Options {
		if o.Points != nil {
			targets = append(targets, [2]string{o.Value, o.Label.In(lang)})
		}
	}
	selectOf("target", s.PlanFieldTarget, s.PlanTargetChoose, targets)
	input("count", s.PlanFieldCount, "text", s.PlanFieldCountHelp, lagesbild.MaxPlanShort)
	input("responsible", s.PlanFieldResponsible, "text", "", lagesbild.MaxPlanShort)
	var bodies [][2]string
	for _, b := range lagesbild.Bodies {
		if b == lagesbild.BodyLansledning && !IsCounty(p) && r.Body != b {
			continue
		}
		bodies = append(bodies, [2]string{b, BodyName(s, b)})
	}
	selectOf("body", s.PlanFieldBody, s.PlanBodyChoose, bodies)
	input("followUp", s.PlanFieldFollowUp, "date", "", 0)
	input("followUpBy", s.PlanFieldFollowUpBy, "text", "", lagesbild.MaxPlanShort)
	w.F(`<div class="buttons">`)
	if r.Status == lagesbild.RowCarried || r.Status == lagesbild.RowRevised {
		w.F(`<button type="button" data-action="plan-close" data-row="%d">%s</button>`, i, s.PlanClose)
	}
	w.F(`<button type="button" data-action="plan-remove" data-row="%d">%s</button></div></fieldset>`, i, s.PlanRemove)
	return w.HTML()
}

// CheckView says whether row i hangs together, or lists what it lacks,
// each line with the id its field names (GapID): in words, not by colour.
func CheckView(r lagesbild.PlanRow, i int, lang string) markup.HTML {
	s := i18n.For(lang)
	gaps := RowGaps(r)
	var w markup.Writer
	if len(gaps) == 0 {
		w.F(`<p class="plan-ok"><span aria-hidden="true">✓ </span>%s</p>`, s.PlanRowWhole)
		return w.HTML()
	}
	w.F(`<p class="plan-lacks"><span aria-hidden="true">! </span>%s</p><ul class="plan-gaps">`, i18n.Fill(s.PlanRowLacks, len(gaps)))
	for _, g := range gaps {
		w.F(`<li id="%s">%s</li>`, GapID(i, g.Field), g.Reason.In(lang))
	}
	w.F(`</ul>`)
	return w.HTML()
}

// DescribedBy is the aria-describedby of row i's field: its help (the
// own count has one) and, while the row lacks it, the line that says so;
// "" for none (an id that is not on the page is never named).
func DescribedBy(i int, name string, gap bool) string {
	var ids []string
	if name == "count" {
		ids = append(ids, FieldID(i, name)+"-help")
	}
	if gap {
		ids = append(ids, GapID(i, name))
	}
	return strings.Join(ids, " ")
}

// GapFields is the set of fields row r lacks.
func GapFields(r lagesbild.PlanRow) map[string]bool {
	out := map[string]bool{}
	for _, g := range RowGaps(r) {
		out[g.Field] = true
	}
	return out
}

// BodyName names a decision body.
func BodyName(s *i18n.Strings, body string) string {
	switch body {
	case lagesbild.BodySocialnamnd:
		return s.PlanBodySocialnamnd
	case lagesbild.BodyKommunstyrelse:
		return s.PlanBodyKommunstyrelse
	case lagesbild.BodyForvaltning:
		return s.PlanBodyForvaltning
	case lagesbild.BodyLansledning:
		return s.PlanBodyLansledning
	}
	return body
}

// OutcomeText is an indicator's outcome in words.
func OutcomeText(s *i18n.Strings, outcome string) string {
	switch outcome {
	case lagesbild.IndicatorMet:
		return s.PlanOutcomeMet
	case lagesbild.IndicatorPartly:
		return s.PlanOutcomePartly
	case lagesbild.IndicatorNotMet:
		return s.PlanOutcomeNotMet
	}
	return s.PlanOutcomeUnknown
}
