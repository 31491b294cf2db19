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

// The wall (issue 11, item 7; THREATS.md, "a workshop participant").
//
// Participants are devices, and a device's id is whatever the device says,
// so the wall cannot know people; what it can promise is about devices, and
// the facilitator's room size (joins beyond it are refused) ties devices to
// the people present. The promise: no one who reads the wall — anyone with
// the join code, a participant who knows its own device's answers and takes
// them out of every figure, someone polling it every second — can work out
// anything about the answers of fewer than k = Rules.MinRespondents other
// devices. Three rules keep it (TestWallAudit checks them with the audit,
// audit.go, every device a unit, every shown count a published sum of the
// devices' 0/1 indicators of one option, at versions):
//
//  1. An item's figures are shown only after the facilitator's reveal, and
//     only when they rest on at least WallMin = k + 1 devices: a participant
//     who takes its own answer out still faces k others. (With k devices,
//     one of them learns the sum of the other k − 1: the audit reports it.)
//  2. After the reveal an item's figures change only in steps: when at
//     least WallMin of its answers are new or changed since its shown
//     state, the shown state becomes the answers now. Between steps every
//     poll sees the same figures, so the wall before and after one answer
//     is the same wall; two shown states differ in at least k devices
//     besides any one reader. The shown state is kept per answer (Kept, in
//     D1 workshop_answers.shown), so it survives between requests.
//  3. Nothing else is shown about the answers: while an item is hidden the
//     wall has no count for it, a section's figures are computed from the
//     shown items' counts alone (so they say nothing the counts do not), and
//     besides that only how many devices have joined and how many have
//     answered anything — participation, which the room sees anyway.
//
// Why steps are enough: a device's answer to an item at one version is
// shown by consecutive shown states S_a … S_{b−1}, so in a combination
// Σ λ_t·S_t its coefficient is Λ(b) − Λ(a), Λ(t) = Σ_{s<t} λ_s. Take the
// last t ≤ T with Λ(t) ≠ Λ(T+1) (there is one unless every λ is 0): if t
// is a step, every device whose answer moved at it has a nonzero
// coefficient, else (t = 1) every device of the first state does; either
// way at least WallMin devices, k besides any one reader. Every option of
// an item rests on the same devices, and items share no unknowns.
//
// What it cannot do: one person with several devices is several devices
// (a coalition, in the audit's terms). The room size limits that, and the
// facilitator's page says so.

// WallMin is the fewest answers an item's figures on the wall rest on, and
// the fewest of its answers that must be new or changed before its figures
// change: k others besides any one device (Rules.MinRespondents + 1).
func WallMin(r Rules) int { return r.MinRespondents + 1 }

// OptionCount is how many in a room chose one option.
type OptionCount struct {
	Value string `json:"value"`
	N     int    `json:"n"`
}

// Tally is how a room answered one item, as its last step showed it. While
// hidden it has neither Counts nor N.
type Tally struct {
	Item   string        `json:"item"`
	N      int           `json:"n,omitempty"` // answers the shown counts rest on; 0 while hidden
	Counts []OptionCount `json:"counts"`
	Hidden bool          `json:"hidden"`
	Locked bool          `json:"locked"`
}

// Wall is what the projector shows: per item how the room answered, per
// section the room's score.
type Wall struct {
	Participants int  `json:"participants"` // devices joined
	Answered     int  `json:"answered"`     // devices that answered at least one item
	Revealed     bool `json:"revealed"`     // the facilitator has revealed the results
	// Visible is Revealed and at least WallMin devices have answered: only
	// then can any figure show, so early answers don't steer the room.
	Visible bool    `json:"visible"`
	Items   []Tally `json:"items"`
	// Sections are the room's scores per measure (sections, the total, the
	// "Vet ej" share), computed from the shown items' counts only: the
	// points of all shown answers of the section over their maximum, so a
	// section's score says nothing the counts do not. N is the number of
	// answers it rests on. A measure with no shown item is Suppressed, with
	// no N, whether or not anyone answered it.
	Sections map[string]Figure `json:"sections"`
}

// Shown is what a room's wall may show of its answers: per item, per
// option value, how many devices chose it at the item's last step. An item
// that has not stepped is absent.
type Shown map[string]map[string]int

// Revealed is what the facilitator has revealed: every item (All), or
// those in Items (a section is revealed as its items, issue 17).
type Revealed struct {
	All   bool
	Items map[string]bool
}

// Has reports whether an item's figures are revealed.
func (r Revealed) Has(item string) bool { return r.All || r.Items[item] }

// Any reports whether anything is revealed.
func (r Revealed) Any() bool { return r.All || len(r.Items) > 0 }

// RevealItems is the set of items of ids, where an id names an item or a
// whole section (all its items).
func RevealItems(q *Questionnaire, ids []string) map[string]bool {
	out := map[string]bool{}
	for _, id := range ids {
		for _, sec := range q.Sections {
			for _, it := range sec.Items {
				if sec.ID == id || it.ID == id {
					out[it.ID] = true
				}
			}
		}
	}
	return out
}

// Room computes the wall from how many devices joined and answered and the
// shown counts (RoomAnswers.Shown; the worker reads the same from D1). An
// item is shown when revealed and its shown counts rest on at least
// WallMin devices.
func Room(q *Questionnaire, participants, answered int, shown Shown, revealed bool, locked map[string]bool, rules Rules) Wall {
	return RoomOf(q, participants, answered, shown, Revealed{All: revealed}, locked, rules)
}

// RoomOf is Room with a reveal per item.
func RoomOf(q *Questionnaire, participants, answered int, shown Shown, rev Revealed, locked map[string]bool, rules Rules) Wall {
	min := WallMin(rules)
	w := Wall{Participants: participants, Answered: answered, Revealed: rev.All, Sections: map[string]Figure{}}
	w.Visible = rev.Any() && answered >= min
	type sum struct {
		points, max float64
		n, dontKnow int
	}
	sums := map[string]*sum{}
	add := func(id string) *sum {
		s := sums[id]
		if s == nil {
			s = &sum{}
			sums[id] = s
		}
		return s
	}
	for _, sec := range q.Sections {
		for i := range sec.Items {
			it := &sec.Items[i]
			t := Tally{Item: it.ID, Locked: locked[it.ID], Hidden: true}
			n := 0
			for _, o := range it.Options {
				n += shown[it.ID][o.Value]
			}
			if rev.Has(it.ID) && n >= min {
				t.Hidden, t.N = false, n
				t.Counts = make([]OptionCount, 0, len(it.Options))
				// Scored as Score scores (each item 0–1 before its weight).
				wt, m := it.weight(), float64(it.MaxPoints())
				for _, id := range []string{sec.ID, MeasureTotal} {
					s := add(id)
					s.n += n
					for _, o := range it.Options {
						c := shown[it.ID][o.Value]
						switch {
						case o.NotApplicable:
						case o.Points == nil:
							s.dontKnow += c
							if it.DontKnow == DontKnowZero {
								s.max += float64(c) * wt
							}
						default:
							s.points += float64(c) * wt * float64(*o.Points) / m
							s.max += float64(c) * wt
						}
					}
				}
				for _, o := range it.Options {
					t.Counts = append(t.Counts, OptionCount{Value: o.Value, N: shown[it.ID][o.Value]})
				}
			}
			w.Items = append(w.Items, t)
		}
	}
	for _, id := range q.MeasureIDs() {
		src := id
		if id == MeasureDontKnow {
			src = MeasureTotal
		}
		s := sums[src]
		if s == nil {
			w.Sections[id] = Figure{Suppressed: true}
			continue
		}
		f := Figure{N: s.n}
		switch {
		case id == MeasureDontKnow:
			f.Value = ptr(round3(float64(s.dontKnow) / float64(s.n)))
		case s.max > 0:
			f.Value = ptr(round1(s.points / s.max * 100))
		}
		w.Sections[id] = f
	}
	return w
}

// Kept is one device's answer to one item as the wall keeps it.
type Kept struct {
	Value string // the answer now
	// Shown is the answer as the item's shown figures count it: its value at
	// the item's last step, "" when the device answered after it.
	Shown string
}

// RoomAnswers are a room's answers as the wall keeps them, and the rule by
// which an item's shown state moves (see above). The worker keeps the same
// in D1 (workshop_answers.value and .shown) and moves it by the same rule
// in SQL, in the statement that stores an answer or reveals
// (migrations/0006_wall.sql); this is the rule's definition, for the tests
// and the audit. Devices and items are ids.
type RoomAnswers struct {
	Min      int  // WallMin of the rules
	Revealed bool // only a revealed item steps: all of them
	// RevealedItems are the items revealed one by one (or by section).
	RevealedItems map[string]bool
	items         map[string]map[string]*Kept
	devices       map[string]bool // devices that answered something
}

// NewRoomAnswers is an empty room, hidden.
func NewRoomAnswers(rules Rules) *RoomAnswers {
	return &RoomAnswers{Min: WallMin(rules), RevealedItems: map[string]bool{}, items: map[string]map[string]*Kept{}, devices: map[string]bool{}}
}

// Answer stores a device's answer to an item and steps the item if it is
// due; it reports whether the item's shown state moved.
func (r *RoomAnswers) Answer(device, item, value string) (stepped bool) {
	byDevice := r.items[item]
	if byDevice == nil {
		byDevice = map[string]*Kept{}
		r.items[item] = byDevice
	}
	k := byDevice[device]
	if k == nil {
		k = &Kept{}
		byDevice[device] = k
	}
	k.Value = value
	r.devices[device] = true
	return r.step(item)
}

// Reveal reveals (on) or hides the results; revealing steps every item
// that is due. It returns the items that stepped, sorted.
func (r *RoomAnswers) Reveal(on bool) []string {
	r.Revealed = on
	if !on {
		clear(r.RevealedItems) // hiding all hides every section too
	}
	return r.stepAll()
}

// RevealItems reveals (on) or hides some items; revealing steps those that
// are due. It returns the items that stepped, sorted.
func (r *RoomAnswers) RevealItems(items []string, on bool) []string {
	for _, it := range items {
		if on {
			r.RevealedItems[it] = true
		} else {
			delete(r.RevealedItems, it)
		}
	}
	return r.stepAll()
}

// Revealing is what is revealed, for RoomOf.
func (r *RoomAnswers) Revealing() Revealed {
	items := make(map[string]bool, len(r.RevealedItems))
	for it := range r.RevealedItems {
		items[it] = true
	}
	return Revealed{All: r.Revealed, Items: items}
}

func (r *RoomAnswers) stepAll() []string {
	var stepped []string
	for item := range r.items {
		if r.step(item) {
			stepped = append(stepped, item)
		}
	}
	sort.Strings(stepped)
	return stepped
}

// Changed is how many answers to an item are new or changed since its
// shown state.
func (r *RoomAnswers) Changed(item string) int {
	n := 0
	for _, k := range r.items[item] {
		if k.Value != k.Shown {
			n++
		}
	}
	return n
}

// step moves an item's shown state to its answers now, when revealed and at
// least Min of them are new or changed.
func (r *RoomAnswers) step(item string) bool {
	if !(r.Revealed || r.RevealedItems[item]) || r.Changed(item) < r.Min {
		return false
	}
	for _, k := range r.items[item] {
		k.Shown = k.Value
	}
	return true
}

// Kept returns a device's answer to an item.
func (r *RoomAnswers) Kept(device, item string) (Kept, bool) {
	k, ok := r.items[item][device]
	if !ok {
		return Kept{}, false
	}
	return *k, true
}

// Answered is how many devices answered at least one item.
func (r *RoomAnswers) Answered() int { return len(r.devices) }

// Shown counts the shown answers per item and value.
func (r *RoomAnswers) Shown() Shown {
	out := Shown{}
	for item, byDevice := range r.items {
		for _, k := range byDevice {
			if k.Shown == "" {
				continue
			}
			if out[item] == nil {
				out[item] = map[string]int{}
			}
			out[item][k.Shown]++
		}
	}
	return out
}
