package lagesbild

import (
	"io"
	"sort"
)

// JoinAlphabet is the alphabet of workshop join codes: capitals and digits
// without the ones that are mixed up when read aloud or off a projector
// (0/O, 1/I/L, 5/S, 2/Z, 8/B).
const JoinAlphabet = "ACDEFGHJKMNPQRTUVWXY34679"

// JoinCodeLength is long enough that guessing a live session is hopeless
// (25^6 ≈ 2.4e8 codes, with joins rate-limited) and short enough to read aloud.
const JoinCodeLength = 6

// NewJoinCode makes a random join code from r (crypto/rand.Reader in the
// worker). The core takes the reader rather than importing crypto/rand, which
// would weigh on the browser's binary for nothing.
func NewJoinCode(r io.Reader) (string, error) {
	b := make([]byte, JoinCodeLength)
	out := make([]byte, 0, JoinCodeLength)
	// Rejection sampling keeps every letter equally likely.
	limit := byte(256 - 256%len(JoinAlphabet))
	for len(out) < JoinCodeLength {
		if _, err := io.ReadFull(r, b); err != nil {
			return "", err
		}
		for _, c := range b {
			if c < limit && len(out) < JoinCodeLength {
				out = append(out, JoinAlphabet[int(c)%len(JoinAlphabet)])
			}
		}
	}
	return string(out), nil
}

// NormalizeJoinCode reads a code as a person types it: any case, with spaces
// or dashes. ok is false when what remains is not a well-formed code (a
// look-alike such as O or 1 never occurs in a code, so it is not guessed at).
func NormalizeJoinCode(s string) (code string, ok bool) {
	out := make([]rune, 0, JoinCodeLength)
	for _, r := range s {
		if r >= 'a' && r <= 'z' {
			r -= 'a' - 'A'
		}
		if r == ' ' || r == '-' {
			continue
		}
		if !containsRune(JoinAlphabet, r) || len(out) == JoinCodeLength {
			return "", false
		}
		out = append(out, r)
	}
	if len(out) != JoinCodeLength {
		return "", false
	}
	return string(out), true
}

func containsRune(s string, r rune) bool {
	for _, c := range s {
		if c == r {
			return true
		}
	}
	return false
}

// OptionCount is how many in a room chose one option.
type OptionCount struct {
	Value string `json:"value"`
	N     int    `json:"n"`
}

// Tally is how a room answered one item. Counts is nil while hidden.
type Tally struct {
	Item   string        `json:"item"`
	N      int           `json:"n"` // participants who answered the item
	Counts []OptionCount `json:"counts"`
	Hidden bool          `json:"hidden"`
	Locked bool          `json:"locked"`
}

// Wall is what the projector shows: per item how the room answered, per
// section the room's score (the mean of the participants' section scores).
type Wall struct {
	Participants int  `json:"participants"` // joined
	Answered     int  `json:"answered"`     // answered at least one item
	Revealed     bool `json:"revealed"`     // the facilitator has revealed the results
	// Visible is Revealed and at least MinRespondents have answered: only then
	// are figures shown, so early answers don't steer the room.
	Visible  bool              `json:"visible"`
	Items    []Tally           `json:"items"`
	Sections map[string]Figure `json:"sections"`
}

// Room computes the wall from the participants' answers. Every figure also
// obeys the respondent rule on its own: an item answered by two people stays
// hidden even after the reveal.
func Room(q *Questionnaire, participants int, answers []Answers, revealed bool, locked map[string]bool, rules Rules) Wall {
	w := Wall{Participants: participants, Revealed: revealed, Sections: map[string]Figure{}}
	for _, a := range answers {
		if len(a) > 0 {
			w.Answered++
		}
	}
	w.Visible = revealed && w.Answered >= rules.MinRespondents
	scores := make([]map[string]*float64, 0, len(answers))
	for _, a := range answers {
		if len(a) > 0 {
			r := q.Score(a)
			scores = append(scores, r.Measures())
		}
	}
	for _, s := range q.Sections {
		for _, it := range s.Items {
			t := Tally{Item: it.ID, Locked: locked[it.ID]}
			counts := make(map[string]int, len(it.Options))
			for _, a := range answers {
				if v, ok := a[it.ID]; ok {
					if _, valid := it.Option(v); valid {
						counts[v]++
						t.N++
					}
				}
			}
			if w.Visible && t.N >= rules.MinRespondents {
				t.Counts = make([]OptionCount, 0, len(it.Options))
				for _, o := range it.Options {
					t.Counts = append(t.Counts, OptionCount{Value: o.Value, N: counts[o.Value]})
				}
			} else {
				t.Hidden = true
			}
			w.Items = append(w.Items, t)
		}
	}
	ids := q.MeasureIDs()
	sort.Strings(ids)
	for _, id := range ids {
		m := Mean("room", pick(scores, id))
		v := m.Measures[id]
		n := 0
		for _, s := range scores {
			if s[id] != nil {
				n++
			}
		}
		f := rules.Respondents(v, n)
		if !w.Visible {
			f = Figure{N: n, Suppressed: n > 0}
		}
		w.Sections[id] = f
	}
	return w
}

func pick(scores []map[string]*float64, id string) []map[string]*float64 {
	out := make([]map[string]*float64, 0, len(scores))
	for _, s := range scores {
		out = append(out, map[string]*float64{id: s[id]})
	}
	return out
}
