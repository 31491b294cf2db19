// Package workshop is the plain-Go logic of the workshop's three pages: the
// participants' page (wasm/join), the facilitator's page (wasm/facilitator)
// and the projector wall (wasm/wall, ebiten). It renders HTML as strings,
// lays out the wall as rectangles and texts, and speaks the worker's JSON;
// the binaries only connect it to the browser. Everything here is tested
// natively.
package workshop

import (
	"errors"
	"fmt"
	"io"

	"lagesbild"
)

// The worker's JSON (worker/workshop.go), as far as the pages read it.

// Limits are a session's rate limits.
type Limits struct {
	JoinsPerMinute   int `json:"joinsPerMinute"`
	AnswersPerMinute int `json:"answersPerMinute"`
}

// Session is GET /api/workshops/{code}.
type Session struct {
	Code          string   `json:"code"`
	Questionnaire string   `json:"questionnaire"`
	Version       int      `json:"version"`
	Section       string   `json:"section"`
	Locked        []string `json:"locked"`
	Revealed      bool     `json:"revealed"`
	Ended         bool     `json:"ended"`
	Expires       string   `json:"expires"`
	Limits        Limits   `json:"limits"`
	Facilitator   bool     `json:"facilitator"`
	ETag          string   `json:"etag"`
}

// IsLocked reports whether an item is locked.
func (s *Session) IsLocked(item string) bool {
	for _, l := range s.Locked {
		if l == item {
			return true
		}
	}
	return false
}

// Created is POST /api/workshops.
type Created struct {
	Code        string  `json:"code"`
	Token       string  `json:"token"`
	Join        string  `json:"join"`
	Facilitator string  `json:"facilitator"`
	Wall        string  `json:"wall"`
	Session     Session `json:"session"`
}

// Wall is GET /api/workshops/{code}/wall.
type Wall struct {
	Session        Session        `json:"session"`
	MinRespondents int            `json:"minRespondents"`
	Wall           lagesbild.Wall `json:"wall"`
	ETag           string         `json:"etag"`
}

// Tally returns the tally of an item.
func (w *Wall) Tally(item string) (lagesbild.Tally, bool) {
	for _, t := range w.Wall.Items {
		if t.Item == item {
			return t, true
		}
	}
	return lagesbild.Tally{}, false
}

// Joined is POST /api/workshops/{code}/participants.
type Joined struct {
	Participant string            `json:"participant"`
	New         bool              `json:"new"`
	Answers     lagesbild.Answers `json:"answers"`
	Session     Session           `json:"session"`
}

// Saved is POST /api/workshops/{code}/response.
type Saved struct {
	ID           string   `json:"id"`
	Round        string   `json:"round"`
	Outcome      string   `json:"outcome"` // created, updated, unchanged
	Municipality string   `json:"municipality"`
	Skipped      []string `json:"skipped"`
}

// APIError is the worker's error JSON.
type APIError struct {
	Code  string `json:"code"`
	Error string `json:"error"`
}

// NewDevice makes a random participant id (a version 4 UUID) from r: the
// device keeps it, so a reload keeps its answers and it counts once.
func NewDevice(r io.Reader) (string, error) {
	id, err := lagesbild.NewUUID(r)
	if err != nil {
		return "", fmt.Errorf("making a participant id: %w", err)
	}
	return id, nil
}

// IsDevice reports whether s looks like a participant id NewDevice made.
func IsDevice(s string) bool { return lagesbild.IsUUID(s) }

// SectionIndex returns the index of a section (-1 when there is none).
func SectionIndex(q *lagesbild.Questionnaire, id string) int {
	for i, s := range q.Sections {
		if s.ID == id {
			return i
		}
	}
	return -1
}

// ErrNoSection is returned for a session on a section its questionnaire lacks.
var ErrNoSection = errors.New("the session's section is not in its questionnaire")

// Current returns the section the room is on.
func Current(q *lagesbild.Questionnaire, s Session) (*lagesbild.Section, int, error) {
	i := SectionIndex(q, s.Section)
	if i < 0 {
		return nil, -1, ErrNoSection
	}
	return &q.Sections[i], i, nil
}

// Settle proposes the room's settled answer per item: the most chosen
// option where the wall shows the item's distribution (on a tie the option
// listed first), nothing where it is hidden. The facilitator then changes
// what the room agrees on.
func Settle(w Wall) lagesbild.Answers {
	out := lagesbild.Answers{}
	for _, t := range w.Wall.Items {
		if t.Hidden || len(t.Counts) == 0 {
			continue
		}
		best, n := "", 0
		for _, c := range t.Counts {
			if c.N > n {
				best, n = c.Value, c.N
			}
		}
		if best != "" {
			out[t.Item] = best
		}
	}
	return out
}
