package lagesbild

import (
	"fmt"
	"math"
	"slices"
	"sort"
	"strconv"
)

// SectionScore is the result of one section for one response.
type SectionScore struct {
	ID string `json:"id"`
	// Score is points ÷ max points of the answered, scored items × 100, or nil
	// when no scored item in the section was answered.
	Score    *float64 `json:"score"`
	Points   float64  `json:"points"`
	Max      float64  `json:"max"`
	Items    int      `json:"items"`    // items in the section
	Answered int      `json:"answered"` // items answered, "Vet ej" included
	DontKnow int      `json:"dontKnow"` // items answered "Vet ej"
	// DontKnowShare is DontKnow ÷ Answered (0 when nothing was answered).
	DontKnowShare float64 `json:"dontKnowShare"`
}

// Advice is the next step for an item answered below its maximum.
type Advice struct {
	Section string  `json:"section"`
	Item    string  `json:"item"`
	Value   string  `json:"value"`
	Points  *int    `json:"points"` // nil for "Vet ej"
	Max     int     `json:"max"`
	Advice  Text    `json:"advice"`
	order   float64 // the section's score, for ordering
}

// Result is the scored answers of one response.
type Result struct {
	Questionnaire string         `json:"questionnaire"`
	Version       int            `json:"version"`
	Sections      []SectionScore `json:"sections"`
	// Total is over all answered, scored items of all sections (weighted), or nil.
	Total    *float64 `json:"total"`
	Answered int      `json:"answered"`
	Items    int      `json:"items"`
	DontKnow int      `json:"dontKnow"`
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

// Score scores answers against the questionnaire. Answers to unknown items or
// with unknown values are ignored here; Check rejects them where input comes
// from outside.
func (q *Questionnaire) Score(a Answers) Result {
	r := Result{Questionnaire: q.ID, Version: q.Version, Sections: make([]SectionScore, 0, len(q.Sections))}
	var points, max float64
	for _, s := range q.Sections {
		ss := SectionScore{ID: s.ID, Items: len(s.Items)}
		for i := range s.Items {
			it := &s.Items[i]
			v, ok := answerFor(q, a, it.ID)
			if !ok {
				continue
			}
			o, ok := it.Option(v)
			if !ok {
				continue
			}
			ss.Answered++
			m := it.MaxPoints()
			if o.Points == nil {
				ss.DontKnow++
			} else {
				w := it.weight()
				ss.Points += w * float64(*o.Points)
				ss.Max += w * float64(m)
			}
			if o.Points == nil || *o.Points < m {
				r.Advice = append(r.Advice, Advice{Section: s.ID, Item: it.ID, Value: v, Points: o.Points, Max: m, Advice: it.Advice})
			}
		}
		if ss.Max > 0 {
			ss.Score = ptr(round1(ss.Points / ss.Max * 100))
		}
		if ss.Answered > 0 {
			ss.DontKnowShare = round3(float64(ss.DontKnow) / float64(ss.Answered))
		}
		points += ss.Points
		max += ss.Max
		r.Answered += ss.Answered
		r.DontKnow += ss.DontKnow
		r.Items += ss.Items
		r.Sections = append(r.Sections, ss)
	}
	if max > 0 {
		r.Total = ptr(round1(points / max * 100))
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
