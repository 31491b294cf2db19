// Package plan is the action plan of the result page (issue 15) in plain
// Go: the plan kept in the browser, its editing, and its views rendered to
// HTML — the editor with what each row lacks, the printout a nämnd can
// adopt, the Excel file, the follow-up of the previous round's plan, and
// the county lead's table. wasm/app only moves values between it and the
// page.
package plan

import (
	"encoding/json"
	"errors"
	"strconv"
	"time"

	"lagesbild"
	"lagesbild/api"
)

// Format marks a plan kept in the browser.
const Format = "lagesbild-plan/1"

// Stored is a plan as kept in localStorage while it is written.
type Stored struct {
	Format  string         `json:"format"`
	Plan    lagesbild.Plan `json:"plan"`
	Changed string         `json:"changed,omitempty"` // RFC 3339, the last change in this browser
	Saved   string         `json:"saved,omitempty"`   // the plan's Updated when the worker last stored it as it is
}

// StorageKey is the localStorage key of a unit's plan in a round: one
// plan per round and municipality (or county), as the worker keeps it.
func StorageKey(round, unit string) string { return "lagesbild:plan:" + round + ":" + unit }

// Encode is the stored plan as JSON.
func (s Stored) Encode() []byte {
	s.Format = Format
	b, _ := json.Marshal(s) // plain data: cannot fail
	return b
}

// ParseStored reads a stored plan and checks that it is for q.
func ParseStored(b []byte, q *lagesbild.Questionnaire) (Stored, error) {
	var s Stored
	if err := json.Unmarshal(b, &s); err != nil {
		return Stored{}, errors.New("the stored plan is not readable: " + err.Error())
	}
	if s.Format != Format {
		return Stored{}, errors.New("the stored plan has format " + strconv.Quote(s.Format))
	}
	if s.Plan.Questionnaire != q.ID || s.Plan.Version != q.Version {
		return Stored{}, errors.New("the stored plan is for " + s.Plan.Questionnaire + " v" + strconv.Itoa(s.Plan.Version))
	}
	return s, nil
}

// Prefer chooses between the plan kept in this browser and the one the
// worker has: the browser's when it has changes the worker has not stored
// (changed after it was last saved, and after the worker's copy was), else
// the worker's. fromWorker reports which.
func Prefer(local *Stored, view *api.PlanView) (p lagesbild.Plan, fromWorker bool) {
	var stored *lagesbild.Plan
	if view != nil {
		stored = view.Plan
	}
	switch {
	case stored == nil && local == nil:
		return lagesbild.Plan{}, false
	case stored == nil:
		return local.Plan, false
	case local == nil:
		return *stored, true
	}
	if local.Changed != "" && after(local.Changed, local.Saved) && after(local.Changed, stored.Updated) {
		return local.Plan, false
	}
	return *stored, true
}

// after reports whether time a is after b (RFC 3339); an unreadable or
// empty b is before everything.
func after(a, b string) bool {
	ta, err := time.Parse(time.RFC3339, a)
	if err != nil {
		return false
	}
	tb, err := time.Parse(time.RFC3339, b)
	if err != nil {
		return true
	}
	return ta.After(tb)
}

// New is an empty plan for a unit's result in a round.
func New(q *lagesbild.Questionnaire, round, unit string, county bool) lagesbild.Plan {
	p := lagesbild.Plan{Round: round, Questionnaire: q.ID, Version: q.Version, Rows: []lagesbild.PlanRow{}}
	if county {
		p.County = unit
	} else {
		p.Municipality = unit
	}
	return p
}

// IsCounty reports whether a plan is a länsstyrelse's own.
func IsCounty(p *lagesbild.Plan) bool { return p.County != "" }

// Find is the index of the row for an item, or -1.
func Find(p *lagesbild.Plan, item string) int {
	for i, r := range p.Rows {
		if r.Item == item {
			return i
		}
	}
	return -1
}

// Add adds a proposed row (lagesbild.Proposals), unless the item has a
// row already or the plan is full; a county's plan gets its decision
// body, Länsstyrelsens ledning, filled in. It reports the new row's index.
func Add(p *lagesbild.Plan, r lagesbild.PlanRow) (int, bool) {
	if Find(p, r.Item) >= 0 || len(p.Rows) >= lagesbild.MaxPlanRows {
		return -1, false
	}
	if r.Body == "" && IsCounty(p) {
		r.Body = lagesbild.BodyLansledning
	}
	p.Rows = append(p.Rows, r)
	return len(p.Rows) - 1, true
}

// Fields of a row the editor edits, in its order.
var Fields = []string{"problem", "goal", "targetGroup", "measure", "target", "count", "responsible", "body", "followUp", "followUpBy"}

// field points at a row's field by its name (the JSON name).
func field(r *lagesbild.PlanRow, name string) *string {
	switch name {
	case "problem":
		return &r.Problem
	case "goal":
		return &r.Goal
	case "targetGroup":
		return &r.TargetGroup
	case "measure":
		return &r.Measure
	case "target":
		return &r.Target
	case "count":
		return &r.Count
	case "responsible":
		return &r.Responsible
	case "body":
		return &r.Body
	case "followUp":
		return &r.FollowUp
	case "followUpBy":
		return &r.FollowUpBy
	}
	return nil
}

// Value is a row's field by name ("" for an unknown field).
func Value(r lagesbild.PlanRow, name string) string {
	if f := field(&r, name); f != nil {
		return *f
	}
	return ""
}

// Set changes a row's field; a row carried over from the previous round
// becomes revised. It reports a change.
func Set(p *lagesbild.Plan, i int, name, value string) bool {
	if i < 0 || i >= len(p.Rows) {
		return false
	}
	r := &p.Rows[i]
	f := field(r, name)
	if f == nil || *f == value {
		return false
	}
	*f = value
	if r.Status == lagesbild.RowCarried {
		r.Status = lagesbild.RowRevised
	}
	return true
}

// Remove takes a row out of the plan.
func Remove(p *lagesbild.Plan, i int) bool {
	if i < 0 || i >= len(p.Rows) {
		return false
	}
	p.Rows = append(p.Rows[:i:i], p.Rows[i+1:]...)
	return true
}

// Close closes a row carried over from the previous round (done or
// dropped: kept for the record, not followed up); Reopen undoes it.
func Close(p *lagesbild.Plan, i int) bool {
	if i < 0 || i >= len(p.Rows) || p.Rows[i].Status == lagesbild.RowClosed {
		return false
	}
	p.Rows[i].Status = lagesbild.RowClosed
	return true
}

// Reopen makes a closed row carried again.
func Reopen(p *lagesbild.Plan, i int) bool {
	if i < 0 || i >= len(p.Rows) || p.Rows[i].Status != lagesbild.RowClosed {
		return false
	}
	p.Rows[i].Status = lagesbild.RowCarried
	return true
}

// Carry copies a row of the previous round's plan into this round's, as
// followed up (its item's id now, this round's answer), with status
// carried or closed. A target that is no scored option of the item now is
// left empty, to be chosen again. It reports the row's index; false when
// the item is gone, or has a row already.
func Carry(p *lagesbild.Plan, q *lagesbild.Questionnaire, f lagesbild.FollowedRow, status string) (int, bool) {
	if f.NowItem == "" {
		return -1, false
	}
	it, ok := q.Item(f.NowItem)
	if !ok {
		return -1, false
	}
	r := f.PlanRow
	r.Item, r.Answer, r.Status = it.ID, "", status
	if o, ok := it.Option(f.Now); ok {
		r.Answer = o.Value
	}
	if o, ok := it.Option(r.Target); !ok || o.Points == nil {
		r.Target = ""
	}
	return Add(p, r)
}

// RowGaps is what one row lacks to hang together (none for a closed row).
func RowGaps(r lagesbild.PlanRow) []lagesbild.RowProblem {
	one := lagesbild.Plan{Rows: []lagesbild.PlanRow{r}}
	return one.Gaps()
}
