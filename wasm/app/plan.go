//go:build js && wasm

package main

import (
	"encoding/json"
	"fmt"
	mrand "math/rand/v2"
	"strconv"
	"time"

	"lagesbild"
	"lagesbild/api"
	"lagesbild/markup"
	"lagesbild/questionnaires"
	"lagesbild/wasm/dom"
	"lagesbild/wasm/i18n"
	"lagesbild/wasm/page"
	"lagesbild/wasm/plan"
	"lagesbild/wasm/report"
	"lagesbild/wasm/retry"
	"lagesbild/wasm/ui"
)

// planPage is the result page's action plan (issue 15): made from the
// result, kept in this browser as it is written (plan.Stored), saved with
// the municipality's code, printed, downloaded; and the previous round's
// plan followed up.
type planPage struct {
	q       *lagesbild.Questionnaire
	answers lagesbild.Answers
	round   string
	unit    string
	county  bool
	stored  plan.Stored
	view    *api.PlanView            // the worker's last answer
	prevQ   *lagesbild.Questionnaire // the previous plan's questionnaire
	saving  plan.Saving
	note    func(*i18n.Strings) string // where the plan shown comes from
}

var plans = &planPage{}

// show puts the plan of the draft's round and unit on the page: from this
// browser at once, then from the worker when the round's code is known.
// Called by the result page's render: a new round or unit starts anew.
func (pp *planPage) show(q *lagesbild.Questionnaire, d ui.Draft) {
	unit, county := d.Municipality, false
	if d.County != "" {
		unit, county = d.County, true
	}
	sec := dom.ByID("plan")
	if len(d.Answers) == 0 || d.Round == "" || unit == "" {
		sec.SetHidden(true)
		return
	}
	sec.SetHidden(false)
	pp.answers = d.Answers
	if pp.q != q || pp.round != d.Round || pp.unit != unit {
		pp.q, pp.round, pp.unit, pp.county = q, d.Round, unit, county
		pp.view, pp.prevQ, pp.note, pp.saving = nil, nil, nil, plan.Saving{}
		pp.stored = plan.Stored{Plan: plan.New(q, d.Round, unit, county)}
		local := pp.local()
		if local != nil {
			pp.stored = *local
		}
		if code, _ := dom.Session().Get(ui.CodeKey(d.Round)); code != "" {
			go pp.fetch(code, local)
		}
	}
	pp.render()
}

// local is the plan kept in this browser for the round and unit, if any.
func (pp *planPage) local() *plan.Stored {
	b, ok := dom.Local().Get(plan.StorageKey(pp.round, pp.unit))
	if !ok {
		return nil
	}
	s, err := plan.ParseStored([]byte(b), pp.q)
	if err != nil {
		fmt.Println("lagesbild: the stored plan is not usable:", err)
		return nil
	}
	return &s
}

// keep saves the plan in this browser, as the answers are.
func (pp *planPage) keep() {
	pp.stored.Changed = ui.Stamp(time.Now())
	pp.write()
}

func (pp *planPage) write() {
	if err := dom.Local().Set(plan.StorageKey(pp.round, pp.unit), string(pp.stored.Encode())); err != nil {
		fmt.Println("lagesbild: keeping the plan:", err)
	}
}

// fetch reads the plan the worker has, and prefers it unless this
// browser's has changes it has not stored.
func (pp *planPage) fetch(code string, local *plan.Stored) {
	round, unit := pp.round, pp.unit
	var v api.PlanView
	if why := getJSON(plan.URL(round, unit), code, &v); why != nil {
		pp.note = func(s *i18n.Strings) string { return i18n.Fill(s.PlanLoadFailed, why(s)) }
		pp.render()
		return
	}
	if pp.round != round || pp.unit != unit {
		return
	}
	pp.view = &v
	if pp.stored.Changed != "" { // what this browser has now, edits made meanwhile included
		cur := pp.stored
		local = &cur
	}
	p, fromWorker := plan.Prefer(local, &v)
	switch {
	case fromWorker:
		pp.stored = plan.Stored{Plan: p, Changed: p.Updated, Saved: p.Updated}
		pp.note = func(s *i18n.Strings) string { return i18n.Fill(s.PlanFromWorker, i18n.When(page.Lang, p.Updated)) }
	case local != nil && v.Plan != nil:
		pp.note = func(s *i18n.Strings) string { return s.PlanFromDraft }
	}
	if v.Previous != nil {
		pp.prevQ = pp.q
		if pq, err := questionnaires.Get(v.Previous.Plan.Questionnaire, v.Previous.Plan.Version); err == nil {
			pp.prevQ = pq
		}
	}
	pp.render()
}

// render draws the plan's parts in the page's language.
func (pp *planPage) render() {
	if pp.q == nil {
		return
	}
	s := i18n.For(page.Lang)
	p := &pp.stored.Plan
	note := dom.ByID("plan-note")
	note.SetHidden(pp.note == nil)
	if pp.note != nil {
		note.SetText(pp.note(s))
	}
	follow := ""
	if pp.view != nil && pp.view.Previous != nil {
		follow = string(plan.FollowUpView(pp.q, pp.prevQ, *pp.view.Previous, p, page.Lang))
	}
	dom.ByID(plan.FollowID).SetHTML(follow)
	dom.ByID(plan.FollowID).SetHidden(follow == "")
	r := pp.q.Score(pp.answers)
	props := lagesbild.Proposals(pp.q, &r, page.Lang)
	dom.ByID(plan.ProposalsID).SetHTML(string(plan.Proposals(pp.q, p, props, page.Lang)))
	dom.ByID(plan.EditorID).SetHTML(string(plan.Editor(pp.q, p, page.Lang)))
	pp.renderStatus()
}

func (pp *planPage) renderStatus() {
	dom.ByID(plan.StatusID).SetHTML(string(plan.SavePanel(pp.saving, page.Lang)))
}

// changed keeps the plan after an edit and draws it anew, the focus on
// the element with id focus (if any).
func (pp *planPage) changed(focus string) {
	pp.keep()
	pp.saving = plan.Saving{}
	pp.render()
	if focus != "" {
		if el := dom.ByID(focus); el.OK() {
			el.Focus()
		}
	}
}

// listen handles the plan's buttons and fields (once per page).
func (pp *planPage) listen() {
	sec := dom.ByID("plan")
	sec.On("click", func(ev dom.Event) {
		if a := ev.Target().Closest("a[data-field]"); a.OK() {
			ev.PreventDefault()
			dom.ByID(a.Data("field")).Focus()
			return
		}
		b := ev.Target().Closest("button")
		if !b.OK() || pp.q == nil {
			return
		}
		p := &pp.stored.Plan
		row, _ := strconv.Atoi(b.Data("row"))
		switch b.Data("action") {
		case "plan-add":
			for _, r := range pp.proposals() {
				if r.Item == b.Data("item") {
					if i, ok := plan.Add(p, r); ok {
						pp.changed(plan.FieldID(i, "goal"))
					}
				}
			}
		case "plan-remove":
			if plan.Remove(p, row) {
				pp.changed(plan.HeadID)
			}
		case "plan-close":
			if plan.Close(p, row) {
				pp.changed(plan.RowID(row))
			}
		case "plan-reopen":
			if plan.Reopen(p, row) {
				pp.changed(plan.FieldID(row, "goal"))
			}
		case "plan-carry", "plan-carry-close":
			prev, _ := strconv.Atoi(b.Data("prev"))
			if pp.view == nil || pp.view.Previous == nil || prev < 0 || prev >= len(pp.view.Previous.Rows) {
				return
			}
			status := lagesbild.RowCarried
			if b.Data("action") == "plan-carry-close" {
				status = lagesbild.RowClosed
			}
			if i, ok := plan.Carry(p, pp.q, pp.view.Previous.Rows[prev], status); ok {
				pp.changed(plan.RowID(i))
			}
		}
		switch b.ID() {
		case plan.SaveID:
			go pp.save()
		case plan.PrintBtn:
			pp.print()
		case plan.CSVBtn:
			dom.Download(plan.CSVName(p), "text/csv", plan.CSV(pp.q, p))
		}
	})
	edit := func(ev dom.Event) {
		el := ev.Target()
		name := el.Data("field")
		i, err := strconv.Atoi(el.Data("row"))
		if name == "" || err != nil || pp.q == nil {
			return
		}
		p := &pp.stored.Plan
		was := ""
		if i < len(p.Rows) {
			was = p.Rows[i].Status
		}
		if !plan.Set(p, i, name, el.Value()) {
			return
		}
		if p.Rows[i].Status != was { // carried → revised: the row says so
			pp.changed(el.ID())
			return
		}
		pp.keep()
		pp.saving = plan.Saving{}
		pp.renderStatus()
		r := p.Rows[i]
		dom.ByID(plan.CheckID(i)).SetHTML(string(plan.CheckView(r, i, page.Lang)))
		gaps := plan.GapFields(r)
		for _, f := range plan.Fields {
			if in := dom.ByID(plan.FieldID(i, f)); in.OK() {
				if gaps[f] {
					in.SetAttr("aria-invalid", "true")
				} else {
					in.RemoveAttr("aria-invalid")
				}
				if d := plan.DescribedBy(i, f, gaps[f]); d != "" {
					in.SetAttr("aria-describedby", d)
				} else {
					in.RemoveAttr("aria-describedby")
				}
			}
		}
		fs := dom.ByID(plan.RowID(i))
		fs.SetClass("whole", len(gaps) == 0)
		fs.SetClass("gaps", len(gaps) > 0)
		head := dom.ByID(plan.HeadID)
		head.SetHTML(string(innerHead(p)))
		whole, open := p.Whole()
		head.SetClass("whole", open > 0 && whole == open)
	}
	sec.On("input", edit)
	sec.On("change", edit)
	dom.OnWindow("afterprint", func(dom.Event) { dom.Body().SetClass(plan.PrintClass, false) })
}

// innerHead is the plan's head without its element, to update it in place
// (a status region keeps its element, so the change is read out).
func innerHead(p *lagesbild.Plan) markup.HTML {
	h := string(plan.Head(p, page.Lang))
	start, end := 0, len(h)
	for i := 0; i < len(h); i++ {
		if h[i] == '>' {
			start = i + 1
			break
		}
	}
	if n := len(h) - len("</p>"); n >= start {
		end = n
	}
	return markup.HTML(h[start:end])
}

func (pp *planPage) proposals() []lagesbild.PlanRow {
	r := pp.q.Score(pp.answers)
	return lagesbild.Proposals(pp.q, &r, page.Lang)
}

// planAttempts is how often a save is tried while the server is busy or
// out of reach (1 + 2 + 4 + 8 s between them) before the page says so.
const planAttempts = 5

// save sends the plan with the round's code (PUT), and says beside the
// button what became of it, focused and in view.
func (pp *planPage) save() {
	say := func(st plan.Saving) {
		pp.saving = st
		pp.renderStatus()
		el := dom.ByID(plan.StatusID)
		el.Focus()
		el.Reveal()
	}
	code, _ := dom.Session().Get(ui.CodeKey(pp.round))
	if code == "" {
		say(plan.Saving{Phase: plan.SaveNoCode})
		return
	}
	say(plan.Saving{Phase: plan.SaveSaving})
	body, err := json.Marshal(pp.stored.Plan)
	if err != nil {
		fmt.Println("lagesbild:", err)
		return
	}
	h := page.APIHeaders(code)
	h["Content-Type"] = "application/json"
	url := plan.URL(pp.round, pp.unit)
	// A busy or unreachable server is tried again (the same PUT stores the
	// same plan), as the questionnaire's answers are: a slow moment must
	// not lose a plan the manager has just written.
	var resp dom.Response
	for attempt := 0; ; attempt++ {
		resp, err = dom.Fetch("PUT", url, h, body)
		if err != nil {
			fmt.Println("lagesbild:", err)
		}
		outcome, apiErr := ui.Classify(resp.Status, resp.Body)
		if outcome == ui.Saved {
			break
		}
		if outcome == ui.Rejected {
			say(plan.Saving{Phase: plan.SaveRejected, Err: apiErr})
			return
		}
		if attempt >= planAttempts-1 {
			say(plan.Saving{Phase: plan.SaveOffline})
			return
		}
		time.Sleep(retry.Default.Delay(attempt, mrand.Float64()))
	}
	var v api.PlanView
	if err := report.Decode(url, resp.Body, &v); err != nil || v.Plan == nil {
		fmt.Println("lagesbild:", err)
		say(plan.Saving{Phase: plan.SaveRejected, Err: &ui.APIError{Status: resp.Status, Code: lagesbild.EInternal}})
		return
	}
	if pp.view != nil && v.Previous == nil {
		v.Previous = pp.view.Previous
	}
	pp.view = &v
	pp.stored.Plan.Updated = v.Plan.Updated
	pp.stored.Saved = v.Plan.Updated
	pp.stored.Changed = v.Plan.Updated // the worker has it as it is
	pp.write()
	pp.note = nil
	pp.render()
	say(plan.Saving{Phase: plan.SaveSaved, When: v.Plan.Updated})
}

// print prints the plan alone (app.css, body.print-plan) as a document a
// nämnd can adopt.
func (pp *planPage) print() {
	name := ui.UnitName(page.Lang, pp.unit, pp.county)
	dom.ByID(plan.PrintID).SetHTML(string(plan.PrintView(pp.q, &pp.stored.Plan, name, time.Now().Format(time.DateOnly), page.Lang)))
	dom.Body().SetClass(plan.PrintClass, true)
	dom.Print()
}
