package lagesbild

import (
	"fmt"
	"math"
	"slices"
	"sort"
	"strconv"
)

// Scoring, version 2 (issue 14; questionnaires/FORMAT.md, "Scoring"):
//   - each item is worth 0–1 (its points ÷ the item's best points), times its
//     weight: a scale's number of steps no longer sets an item's weight;
//   - "Vet ej" scores 0 on an item whose DontKnow is DontKnowZero (the
//     organisation's own routines), and is not scored otherwise; "Ej aktuellt"
//     takes the item out of the section (not applicable);
//   - a section's score is the weighted mean of its scored items × 100, shown
//     only when its coverage (scored ÷ applicable items) is at least two
//     thirds: a section resting on one of five items is no finding;
//   - the total is the mean of the section scores, each section equal, and
//     only when every applicable section has one.

// Coverage below CoverageNum/CoverageDen leaves a section without a score.
const (
	CoverageNum = 2
	CoverageDen = 3
)

// SectionScore is the result of one section for one response.
type SectionScore struct {
	ID string `json:"id"`
	// Score is the weighted mean of the scored items' values (0–1) × 100, to
	// one decimal, or nil: when TooFew, or when no item applies.
	Score *float64 `json:"score"`
	// TooFew: items apply, but fewer than two thirds of them have a scored
	// answer ("för få besvarade frågor").
	TooFew        bool `json:"tooFew,omitempty"`
	Items         int  `json:"items"`         // items in the section
	Applicable    int  `json:"applicable"`    // items not answered "Ej aktuellt"
	Scored        int  `json:"scored"`        // applicable items with a scored answer ("Vet ej" scored 0 included)
	Answered      int  `json:"answered"`      // items answered, "Vet ej" and "Ej aktuellt" included
	DontKnow      int  `json:"dontKnow"`      // items answered "Vet ej"
	NotApplicable int  `json:"notApplicable"` // items answered "Ej aktuellt"
	// Coverage is Scored ÷ Applicable to three decimals (0 when none applies).
	Coverage float64 `json:"coverage"`
	// DontKnowShare is DontKnow ÷ Answered (0 when nothing was answered).
	DontKnowShare float64 `json:"dontKnowShare"`
}

// Covered reports whether scored of applicable items is enough for a score.
func Covered(scored, applicable int) bool {
	return applicable > 0 && scored > 0 && scored*CoverageDen >= applicable*CoverageNum
}

// Advice is the next step for an item answered below its maximum, or "Vet ej".
type Advice struct {
	Section string  `json:"section"`
	Item    string  `json:"item"`
	Value   string  `json:"value"`
	Points  *int    `json:"points"` // nil for "Vet ej"
	Max     int     `json:"max"`
	Advice  Text    `json:"advice"` // for "Vet ej", what to find out (Item.AdviceUnknown) where the item has it
	order   float64 // the section's score, for ordering
}

// Result is the scored answers of one response.
type Result struct {
	Questionnaire string         `json:"questionnaire"`
	Version       int            `json:"version"`
	Sections      []SectionScore `json:"sections"`
	// Total is the mean of the section scores (each section equal), or nil
	// when a section that applies has none.
	Total    *float64 `json:"total"`
	Answered int      `json:"answered"`
	Items    int      `json:"items"`
	DontKnow int      `json:"dontKnow"`
	// Partial: an item that applies is unanswered ("Vet ej" is an answer).
	// A partial response (a workshop's settled items) is marked wherever it
	// is shown.
	Partial bool `json:"partial,omitempty"`
	// Advice lists items answered below their maximum or "Vet ej", weakest
	// sections first, then in questionnaire order.
	Advice []Advice `json:"advice"`
}

// Section returns the score of the section with the given id.
func (r *Result) Section(id string) (SectionScore, bool) {
	for _, s := range r.Sections {
		if s.ID == id {
			return s, true
		}
	}
	return SectionScore{}, false
}

// Check reports the first answer that does not fit the questionnaire: an
// unknown item or a value that is not one of the item's options. Unanswered
// items are fine: a partial response is still a response.
func (q *Questionnaire) Check(a Answers) error {
	ids := make([]string, 0, len(a))
	for id := range a {
		ids = append(ids, id)
	}
	slices.Sort(ids) // the same answers always give the same error
	for _, id := range ids {
		it, ok := q.Item(id)
		if !ok {
			// Built without fmt, like the message below: Check runs in the
			// questionnaire runner's wasm, which fmt would make much bigger.
			return &Error{Code: EInvalid, Message: "answers." + id + ": no such item in " + q.ID + " v" + strconv.Itoa(q.Version)}
		}
		if _, ok := it.Option(a[id]); !ok {
			return &Error{Code: EInvalid, Message: "answers." + id + ": " + strconv.Quote(a[id]) + " is not one of the item's options"}
		}
	}
	return nil
}

// Score scores answers against the questionnaire (see "Scoring, version 2"
// above). Answers to unknown items or with unknown values are ignored here;
// Check rejects them where input comes from outside.
func (q *Questionnaire) Score(a Answers) Result {
	r := Result{Questionnaire: q.ID, Version: q.Version, Sections: make([]SectionScore, 0, len(q.Sections))}
	var totalUnits int64 // the section scores in thousandths, as Mean adds them
	sections, complete := 0, true
	for _, s := range q.Sections {
		ss := SectionScore{ID: s.ID, Items: len(s.Items), Applicable: len(s.Items)}
		var value, weight float64
		for i := range s.Items {
			it := &s.Items[i]
			v, ok := answerFor(q, a, it.ID)
			if !ok {
				r.Partial = true
				continue
			}
			o, ok := it.Option(v)
			if !ok {
				r.Partial = true
				continue
			}
			ss.Answered++
			m := it.MaxPoints()
			switch {
			case o.NotApplicable:
				ss.NotApplicable++
				ss.Applicable--
				continue // no advice: the question does not apply
			case o.Points == nil:
				ss.DontKnow++
				if it.DontKnow == DontKnowZero {
					ss.Scored++
					weight += it.weight()
				}
			default:
				ss.Scored++
				value += it.weight() * float64(*o.Points) / float64(m)
				weight += it.weight()
			}
			if o.Points == nil || *o.Points < m {
				adv := it.Advice
				if o.Points == nil && it.AdviceUnknown != nil {
					adv = *it.AdviceUnknown
				}
				r.Advice = append(r.Advice, Advice{Section: s.ID, Item: it.ID, Value: v, Points: o.Points, Max: m, Advice: adv})
			}
		}
		if ss.Applicable > 0 {
			ss.Coverage = round3(float64(ss.Scored) / float64(ss.Applicable))
		}
		switch {
		case Covered(ss.Scored, ss.Applicable):
			ss.Score = ptr(round1(value / weight * 100))
			totalUnits += MeasureUnits(*ss.Score)
			sections++
		case ss.Applicable > 0:
			ss.TooFew = true
			complete = false
		}
		if ss.Answered > 0 {
			ss.DontKnowShare = round3(float64(ss.DontKnow) / float64(ss.Answered))
		}
		r.Answered += ss.Answered
		r.DontKnow += ss.DontKnow
		r.Items += ss.Items
		r.Sections = append(r.Sections, ss)
	}
	if complete && sections > 0 {
		r.Total = ptr(MeanOfUnits(MeasureTotal, totalUnits, sections))
	}
	// Weakest sections first: that is where a manager should start.
	order := make(map[string]float64, len(r.Sections))
	for i, s := range r.Sections {
		v := 101.0 // sections with no score at all sort last among equals
		if s.Score != nil {
			v = *s.Score
		}
		order[s.ID] = v + float64(i)/1000
	}
	for i := range r.Advice {
		r.Advice[i].order = order[r.Advice[i].Section]
	}
	sort.SliceStable(r.Advice, func(i, j int) bool { return r.Advice[i].order < r.Advice[j].order })
	return r
}

// answerFor finds the answer to an item, also under an id it was renamed from.
func answerFor(q *Questionnaire, a Answers, id string) (string, bool) {
	if v, ok := a[id]; ok {
		return v, true
	}
	for from, to := range q.Renamed {
		if to == id {
			if v, ok := a[from]; ok {
				return v, true
			}
		}
	}
	return "", false
}

func ptr(f float64) *float64 { return &f }

// round1 rounds to one decimal, so the browser and the worker print the same.
func round1(f float64) float64 { return math.Round(f*10) / 10 }

func round3(f float64) float64 { return math.Round(f*1000) / 1000 }

// String formats a score for people: "67,5" style is left to the views; this
// is for logs and tests.
func (s SectionScore) String() string {
	if s.Score == nil {
		return fmt.Sprintf("%s: –", s.ID)
	}
	return fmt.Sprintf("%s: %.1f", s.ID, *s.Score)
}
