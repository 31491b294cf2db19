package lagesbild

import (
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// An action plan (issue 15) carries a municipality (or a länsstyrelse) from
// its result to what it will do, and back to the result a round later. The
// case study found plans where "problemformulering, mål, insatser,
// indikatorer och ansvar" do not hang together, and follow-up that is not
// described: each row here starts from an item answered below its best,
// names its goal, measure, indicator, responsible function, decision body
// and follow-up date, and its indicator is checked by the next round's
// answer, not declared.

// Decision bodies a plan row may name.
const (
	BodySocialnamnd    = "socialnamnd"
	BodyKommunstyrelse = "kommunstyrelse"
	BodyForvaltning    = "forvaltningsledning"
	BodyLansledning    = "lansledning" // a länsstyrelse's own plan
)

// Bodies lists the decision bodies in the order they are offered.
var Bodies = []string{BodySocialnamnd, BodyKommunstyrelse, BodyForvaltning, BodyLansledning}

// Row statuses when a plan is carried to the next round.
const (
	RowOpen    = ""        // in force
	RowCarried = "carried" // carried over from the previous round's plan, unchanged
	RowRevised = "revised" // carried over and changed
	RowClosed  = "closed"  // done or dropped: kept for the record, not followed up
)

// Limits of a plan, so a stored plan stays small (the worker's body limit
// is 64 KB).
const (
	MaxPlanRows  = 60
	MaxPlanText  = 600 // characters in a free-text field
	MaxPlanShort = 120 // characters in a role, a target group, a count's name
)

// Plan is a municipality's (or a county's own) action plan in a round.
type Plan struct {
	Round         string    `json:"round"`
	Questionnaire string    `json:"questionnaire"`
	Version       int       `json:"version"`
	Municipality  string    `json:"municipality,omitempty"`
	County        string    `json:"county,omitempty"` // a länsstyrelse's own plan
	Rows          []PlanRow `json:"rows"`
	Updated       string    `json:"updated,omitempty"` // set by the worker (RFC 3339, UTC)
}

// PlanRow is one row: problem → goal → measure → indicator → responsibility
// → follow-up.
type PlanRow struct {
	Item   string `json:"item"`   // the item the row starts from (the problem)
	Answer string `json:"answer"` // the answer given to it ("" unanswered)
	// Problem adds to the item and the answer, optional.
	Problem     string `json:"problem,omitempty"`
	Goal        string `json:"goal"`        // one sentence
	TargetGroup string `json:"targetGroup"` // who the goal is for
	Measure     string `json:"measure"`     // the insats (pre-filled with the item's advice)
	// Target is the indicator: the item reaching this answer (or better)
	// next round.
	Target string `json:"target"`
	// Count is an optional indicator the municipality counts itself (e.g.
	// "antal personer som hänvisats till KAST"): reported, not scored.
	Count       string `json:"count,omitempty"`
	Responsible string `json:"responsible"` // a role or a nämnd, never a person's name
	Body        string `json:"body"`        // the decision body (Bodies)
	FollowUp    string `json:"followUp"`    // the follow-up date, YYYY-MM-DD
	FollowUpBy  string `json:"followUpBy"`  // who follows up (a role)
	Status      string `json:"status,omitempty"`
}

// RowProblem is why a row does not hang together: the field, and the
// reason in plain words.
type RowProblem struct {
	Item   string `json:"item"`
	Field  string `json:"field"`
	Reason Text   `json:"reason"`
}

// Gaps lists what each open row lacks to hang together: a goal, a target
// group, an indicator, a responsible function, a decision body, a
// follow-up date and who follows up. The same check runs in the browser
// (flagging the row as it is written) and in the worker (the county
// lead's counts). Closed rows are not checked.
func (p *Plan) Gaps() []RowProblem {
	var out []RowProblem
	for _, r := range p.Rows {
		if r.Status == RowClosed {
			continue
		}
		need := func(field, v string, reason Text) {
			if strings.TrimSpace(v) == "" {
				out = append(out, RowProblem{Item: r.Item, Field: field, Reason: reason})
			}
		}
		need("goal", r.Goal, Text{SV: "Målet saknas: skriv i en mening vad som ska vara uppnått.", EN: "The goal is missing: say in one sentence what is to be achieved."})
		need("targetGroup", r.TargetGroup, Text{SV: "Målgruppen saknas: skriv vilka målet gäller.", EN: "The target group is missing: say who the goal is for."})
		need("target", r.Target, Text{SV: "Indikatorn saknas: välj vilket svar frågan ska ha nästa omgång.", EN: "The indicator is missing: choose the answer the question is to have next round."})
		need("responsible", r.Responsible, Text{SV: "Ansvarig funktion saknas: skriv en roll eller en nämnd, inte ett namn.", EN: "The responsible function is missing: give a role or a committee, not a name."})
		need("body", r.Body, Text{SV: "Beslutsinstans saknas: välj vem som beslutar om åtgärden.", EN: "The decision body is missing: choose who decides on the measure."})
		need("followUp", r.FollowUp, Text{SV: "Datum för uppföljning saknas.", EN: "The follow-up date is missing."})
		need("followUpBy", r.FollowUpBy, Text{SV: "Det står inte vem som följer upp.", EN: "It does not say who follows up."})
	}
	return out
}

// Whole counts the open rows that hang together (no Gaps) and the open rows.
func (p *Plan) Whole() (whole, open int) {
	gaps := map[string]bool{}
	for _, g := range p.Gaps() {
		gaps[g.Item] = true
	}
	for _, r := range p.Rows {
		if r.Status == RowClosed {
			continue
		}
		open++
		if !gaps[r.Item] {
			whole++
		}
	}
	return whole, open
}

// Check reports the first thing in a plan that does not fit its
// questionnaire or the limits, as an EInvalid error naming the field
// ("rows[2].target: …"): what the worker answers 400 with before storing
// anything. Missing parts of a row are not errors here (a draft is saved
// while it is written); Gaps lists them.
func (p *Plan) Check(q *Questionnaire) error {
	bad := func(field, msg string) error { return &Error{Code: EInvalid, Message: field + ": " + msg} }
	if p.Questionnaire != q.ID || p.Version != q.Version {
		return bad("version", "the plan is for "+p.Questionnaire+" v"+strconv.Itoa(p.Version)+", the round uses "+q.ID+" v"+strconv.Itoa(q.Version))
	}
	if len(p.Rows) > MaxPlanRows {
		return bad("rows", strconv.Itoa(len(p.Rows))+" rows is over the limit of "+strconv.Itoa(MaxPlanRows))
	}
	seen := map[string]bool{}
	for i, r := range p.Rows {
		at := "rows[" + strconv.Itoa(i) + "]."
		it, ok := q.Item(r.Item)
		switch {
		case !ok:
			return bad(at+"item", strconv.Quote(r.Item)+" is not an item of "+q.ID+" v"+strconv.Itoa(q.Version))
		case seen[it.ID]:
			return bad(at+"item", strconv.Quote(r.Item)+" has a row already: one row per item")
		}
		seen[it.ID] = true
		if r.Answer != "" {
			if _, ok := it.Option(r.Answer); !ok {
				return bad(at+"answer", strconv.Quote(r.Answer)+" is not one of the item's options")
			}
		}
		if r.Target != "" {
			o, ok := it.Option(r.Target)
			if !ok || o.Points == nil {
				return bad(at+"target", strconv.Quote(r.Target)+" is not a scored option of the item")
			}
		}
		if r.Body != "" && !contains(Bodies, r.Body) {
			return bad(at+"body", strconv.Quote(r.Body)+": want one of "+strings.Join(Bodies, ", "))
		}
		if r.FollowUp != "" {
			if _, err := time.Parse(time.DateOnly, r.FollowUp); err != nil {
				return bad(at+"followUp", "want a date such as 2027-03-31, got "+strconv.Quote(r.FollowUp))
			}
		}
		switch r.Status {
		case RowOpen, RowCarried, RowRevised, RowClosed:
		default:
			return bad(at+"status", strconv.Quote(r.Status)+": want carried, revised, closed or none")
		}
		for _, f := range []struct {
			name, v string
			max     int
		}{
			{"problem", r.Problem, MaxPlanText}, {"goal", r.Goal, MaxPlanText}, {"measure", r.Measure, MaxPlanText},
			{"targetGroup", r.TargetGroup, MaxPlanShort}, {"count", r.Count, MaxPlanShort}, {"responsible", r.Responsible, MaxPlanShort},
			{"followUpBy", r.FollowUpBy, MaxPlanShort},
		} {
			if n := utf8.RuneCountInString(f.v); n > f.max {
				return bad(at+f.name, strconv.Itoa(n)+" characters is over the limit of "+strconv.Itoa(f.max))
			}
			if !utf8.ValidString(f.v) || strings.ContainsAny(f.v, "\x00") {
				return bad(at+f.name, "not valid text")
			}
			if strings.Contains(f.v, "@") && (f.name == "responsible" || f.name == "followUpBy") {
				// No personal data: a role or a nämnd, not a person's address.
				return bad(at+f.name, "give a role or a committee, not an e-mail address")
			}
		}
	}
	return nil
}

func contains(list []string, v string) bool {
	for _, x := range list {
		if x == v {
			return true
		}
	}
	return false
}

// Indicator outcomes, computed from the next round's answer.
const (
	IndicatorMet     = "met"     // the item reached the target answer or better
	IndicatorPartly  = "partly"  // better than the answer the row started from, short of the target
	IndicatorNotMet  = "not-met" // no better than where the row started
	IndicatorUnknown = "unknown" // the item is gone, unanswered, "Ej aktuellt" or "Vet ej" without a score
)

// FollowedRow is a plan row of the previous round, followed up by this
// round's answer.
type FollowedRow struct {
	PlanRow
	Now     string `json:"now"`     // this round's answer to the item ("" none)
	NowItem string `json:"nowItem"` // the item's id in this round's questionnaire ("" gone)
	Outcome string `json:"outcome"` // Indicator…
	Overdue bool   `json:"overdue"` // the follow-up date has passed
}

// FollowUp follows a plan (made on questionnaire from) up with this round's
// answers (to questionnaire to): each open row's indicator is met, partly
// met or not met by the item's answer now, compared as a share of the
// item's best points (so a scale that changed between versions still
// compares), and the item is followed under a new id it was renamed to.
// today is YYYY-MM-DD, for Overdue.
func FollowUp(p *Plan, from, to *Questionnaire, now Answers, today string) []FollowedRow {
	out := make([]FollowedRow, 0, len(p.Rows))
	for _, r := range p.Rows {
		f := FollowedRow{PlanRow: r, Outcome: IndicatorUnknown}
		f.Overdue = r.Status != RowClosed && r.FollowUp != "" && r.FollowUp < today
		prev, ok := from.Item(r.Item)
		if !ok || r.Status == RowClosed {
			out = append(out, f)
			continue
		}
		cur, ok := to.Item(prev.ID) // also under the id to renamed it to
		if !ok {
			cur, ok = to.Item(r.Item) // the row's own id, which to may have renamed
		}
		if !ok {
			out = append(out, f)
			continue
		}
		f.NowItem = cur.ID
		v, answered := answerFor(to, now, cur.ID)
		f.Now = v
		target, t := share(prev, r.Target)
		start, s := share(prev, r.Answer)
		got, g := share(cur, v)
		switch {
		case !answered || !t:
		case !g && isDontKnowZero(cur, v):
			f.Outcome = IndicatorNotMet
		case !g:
		case got >= target:
			f.Outcome = IndicatorMet
		case s && got > start:
			f.Outcome = IndicatorPartly
		default:
			f.Outcome = IndicatorNotMet
		}
		out = append(out, f)
	}
	return out
}

// share is an answer's points as a share of the item's best, and whether
// the answer is scored.
func share(it *Item, value string) (float64, bool) {
	o, ok := it.Option(value)
	if !ok || o.Points == nil {
		return 0, false
	}
	return float64(*o.Points) / float64(it.MaxPoints()), true
}

func isDontKnowZero(it *Item, value string) bool {
	o, ok := it.Option(value)
	return ok && o.DontKnow() && it.DontKnow == DontKnowZero
}

// Rows a plan offers from a result: every item answered below its best
// option, or "Vet ej", in the order of the result's advice (weakest
// sections first), pre-filled with the problem (item and answer), the
// measure (the advice) and a default indicator (the option one step better
// than the answer; the lowest scored option above nothing for "Vet ej").
func Proposals(q *Questionnaire, r *Result, lang string) []PlanRow {
	out := make([]PlanRow, 0, len(r.Advice))
	for _, a := range r.Advice {
		it, ok := q.Item(a.Item)
		if !ok {
			continue
		}
		out = append(out, PlanRow{Item: it.ID, Answer: a.Value, Measure: a.Advice.In(lang), Target: nextStep(it, a.Value)})
	}
	return out
}

// nextStep is the scored option with the fewest points above the answer's
// (for "Vet ej" or no answer: above nothing, the lowest that is more than 0).
func nextStep(it *Item, value string) string {
	floor := -1
	if o, ok := it.Option(value); ok && o.Points != nil {
		floor = *o.Points
	}
	best, bestPts := "", 1<<30
	for _, o := range it.Options {
		if o.Points != nil && *o.Points > floor && *o.Points < bestPts && (floor >= 0 || *o.Points > 0) {
			best, bestPts = o.Value, *o.Points
		}
	}
	return best
}
