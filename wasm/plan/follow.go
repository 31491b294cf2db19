package plan

import (
	"lagesbild"
	"lagesbild/api"
	"lagesbild/markup"
	"lagesbild/wasm/i18n"
)

// FollowID is the follow-up section's element.
const FollowID = "plan-followup"

// FollowUpView is the previous round's plan followed up by this round
// (api.PlanFollowUp): per row the item, the answer then, the target, the
// answer now and the outcome (computed by the worker, never declared),
// and "Uppföljningsdatumet har passerat" where it has; buttons that carry
// a row over to this round's plan (data-action="plan-carry") or close it
// (data-action="plan-carry-close"), data-prev the row's index; then every
// item of this round's questionnaire with the answer then and now and the
// change. prev is the questionnaire the previous plan was made on (q when
// it is not known); cur this round's plan.
func FollowUpView(q, prev *lagesbild.Questionnaire, f api.PlanFollowUp, cur *lagesbild.Plan, lang string) markup.HTML {
	s := i18n.For(lang)
	var w markup.Writer
	w.F(`<h3 id="plan-followup-h">%s</h3><p>%s</p>`, s.PlanFollowTitle, i18n.Fill(s.PlanFollowIntro, f.Round))
	if len(f.Now) == 0 {
		w.F(`<p class="note">%s</p>`, s.PlanFollowNoAnswers)
	}
	w.F(`<div class="scroll" role="region" aria-labelledby="plan-follow-cap" tabindex="0"><table class="figures plan-follow"><caption id="plan-follow-cap">%s</caption>`, s.PlanFollowRowsCap)
	w.F(`<thead><tr><th scope="col">%s</th><th scope="col">%s</th><th scope="col">%s</th><th scope="col">%s</th><th scope="col">%s</th><th scope="col">%s</th></tr></thead><tbody>`,
		s.PlanColItem, s.PlanColThen, s.PlanColTarget, s.PlanColNow, s.PlanColOutcome, s.PlanColActions)
	for i, r := range f.Rows {
		then, _ := prev.Item(r.Item)
		text := r.Item
		if then != nil {
			text = then.Text.In(lang)
		}
		now, _ := q.Item(r.NowItem)
		label := func(it *lagesbild.Item, v string) string {
			if it == nil {
				return "–"
			}
			if o, ok := it.Option(v); ok {
				return o.Label.In(lang)
			}
			return s.PlanNoAnswer
		}
		w.F(`<tr id="plan-prev-%d" data-outcome="%s"><th scope="row" id="plan-prev-%d-item">%s</th><td>%s</td><td>%s</td>`, i, r.Outcome, i, text, label(then, r.Answer), label(then, r.Target))
		if now == nil {
			w.F(`<td>%s</td>`, s.PlanItemGone)
		} else {
			w.F(`<td>%s</td>`, label(now, r.Now))
		}
		outcome := OutcomeText(s, r.Outcome)
		if r.Status == lagesbild.RowClosed {
			outcome = s.PlanClosedThen
		}
		w.F(`<td class="outcome outcome-%s"><span class="plan-outcome">%s</span>`, r.Outcome, outcome)
		if r.Overdue {
			w.F(`<br><span class="plan-overdue">%s</span>`, s.PlanOverdue)
		}
		w.F(`</td><td>`)
		switch {
		case now == nil:
			w.F(`–`)
		case Find(cur, now.ID) >= 0:
			w.F(`%s`, s.PlanCarried)
		default:
			w.F(`<span class="buttons"><button type="button" data-action="plan-carry" data-prev="%d" aria-describedby="plan-prev-%d-item">%s</button>`, i, i, s.PlanCarry)
			w.F(`<button type="button" data-action="plan-carry-close" data-prev="%d" aria-describedby="plan-prev-%d-item">%s</button></span>`, i, i, s.PlanCarryClose)
		}
		w.F(`</td></tr>`)
	}
	w.F(`</tbody></table></div>`)
	w.F(`%s`, itemsTable(q, prev, f, lang))
	return w.HTML()
}

// Change of an item's answer between two rounds.
const (
	ChangeBetter = "better"
	ChangeWorse  = "worse"
	ChangeSame   = "same"
	ChangeNew    = "new" // the item was not asked then
	ChangeNone   = "none"
)

// Change compares an item's answer then (to the item as it was, nil when
// it was not asked) with its answer now, as shares of the items' best
// points, so that a scale that changed still compares.
func Change(then *lagesbild.Item, before string, now *lagesbild.Item, after string) string {
	if then == nil {
		return ChangeNew
	}
	a, ok1 := shareOf(then, before)
	b, ok2 := shareOf(now, after)
	switch {
	case !ok1 || !ok2:
		return ChangeNone
	case b > a+1e-9:
		return ChangeBetter
	case b < a-1e-9:
		return ChangeWorse
	}
	return ChangeSame
}

func shareOf(it *lagesbild.Item, v string) (float64, bool) {
	o, ok := it.Option(v)
	if !ok || o.Points == nil || it.MaxPoints() == 0 {
		return 0, false
	}
	return float64(*o.Points) / float64(it.MaxPoints()), true
}

func changeText(s *i18n.Strings, c string) string {
	switch c {
	case ChangeBetter:
		return s.PlanChangeBetter
	case ChangeWorse:
		return s.PlanChangeWorse
	case ChangeSame:
		return s.PlanChangeSame
	case ChangeNew:
		return s.PlanChangeNew
	}
	return s.PlanChangeNA
}

// previousItem is the item of the previous questionnaire that item it of
// q was (renamed from, or the same id), nil when it was not asked then.
func previousItem(q, prev *lagesbild.Questionnaire, it *lagesbild.Item) (*lagesbild.Item, string) {
	for old, to := range q.Renamed {
		if to == it.ID {
			if p, ok := prev.Item(old); ok {
				return p, old
			}
		}
	}
	if p, ok := prev.Item(it.ID); ok {
		return p, p.ID
	}
	return nil, ""
}

func itemsTable(q, prev *lagesbild.Questionnaire, f api.PlanFollowUp, lang string) markup.HTML {
	s := i18n.For(lang)
	var w markup.Writer
	w.F(`<div class="scroll" role="region" aria-labelledby="plan-items-cap" tabindex="0"><table class="figures plan-items"><caption id="plan-items-cap">%s</caption>`, s.PlanFollowItemsCap)
	w.F(`<thead><tr><th scope="col">%s</th><th scope="col">%s</th><th scope="col">%s</th><th scope="col">%s</th></tr></thead>`, s.PlanColItem, s.PlanColThen, s.PlanColNow, s.PlanColChange)
	for si := range q.Sections {
		sec := &q.Sections[si]
		w.F(`<tbody><tr><th scope="colgroup" colspan="4" class="plan-area">%s</th></tr>`, sec.Title.In(lang))
		for ii := range sec.Items {
			it := &sec.Items[ii]
			then, oldID := previousItem(q, prev, it)
			before, after := "–", s.PlanNoAnswer
			if o, ok := it.Option(f.Now[it.ID]); ok {
				after = o.Label.In(lang)
			}
			if then != nil {
				before = s.PlanNoAnswer
				if o, ok := then.Option(f.Answers[oldID]); ok {
					before = o.Label.In(lang)
				}
			}
			c := Change(then, f.Answers[oldID], it, f.Now[it.ID])
			w.F(`<tr data-item="%s" data-change="%s"><th scope="row">%s</th><td>%s</td><td>%s</td><td class="change-%s">%s</td></tr>`,
				it.ID, c, it.Text.In(lang), before, after, c, changeText(s, c))
		}
		w.F(`</tbody>`)
	}
	w.F(`</table></div>`)
	return w.HTML()
}
