package lagesbild

import (
	"fmt"
	"maps"
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
)

// The wall's rules (workshop.go) against the audit (audit.go): every device
// a unit, every shown count of an option a published sum of the devices' 0/1
// indicators of that option, each device's answer to an item at a version
// (a new one whenever its value changes, even back to an earlier value: a
// reader cannot tell).

// wallSim runs a room as the wall's rules keep it, and what a reader of the
// wall could have fetched: each item's shown states, as the versions of the
// devices' answers they rest on.
type wallSim struct {
	t       testing.TB
	q       *Questionnaire
	rules   Rules
	r       *RoomAnswers
	joined  int
	version map[[2]string]int           // (device, item) → version of its answer now
	states  map[string][]map[string]int // item → its shown states: device → version
	wall    Wall                        // the wall as last read
	seen    map[string]int              // item → its shown states at the last read
	pubs    []Publication
}

func newWallSim(t testing.TB, q *Questionnaire, rules Rules) *wallSim {
	s := &wallSim{t: t, q: q, rules: rules, r: NewRoomAnswers(rules), version: map[[2]string]int{},
		states: map[string][]map[string]int{}}
	s.read()
	return s
}

// items are the questionnaire's items in order; their index is part of a
// Var's version.
func (s *wallSim) items() []*Item {
	var out []*Item
	for i := range s.q.Sections {
		for j := range s.q.Sections[i].Items {
			out = append(out, &s.q.Sections[i].Items[j])
		}
	}
	return out
}

func (s *wallSim) join() { s.joined++; s.read() }

func (s *wallSim) answer(device, item, value string) {
	if k, ok := s.r.Kept(device, item); !ok || k.Value != value {
		s.version[[2]string{device, item}]++
	}
	if s.r.Answer(device, item, value) {
		s.stepped(item)
	}
	s.read()
}

func (s *wallSim) reveal(on bool) {
	for _, item := range s.r.Reveal(on) {
		s.stepped(item)
	}
	s.read()
}

// stepped records an item's new shown state and checks the step rule: at
// least WallMin devices in it, and at least WallMin devices at another
// version than in the state before.
func (s *wallSim) stepped(item string) {
	state := map[string]int{}
	for key, v := range s.version {
		if key[1] == item {
			state[key[0]] = v
		}
	}
	min := WallMin(s.rules)
	if len(state) < min {
		s.t.Fatalf("%s stepped to a state on %d devices, fewer than %d", item, len(state), min)
	}
	if prev := s.states[item]; len(prev) > 0 {
		last, moved := prev[len(prev)-1], 0
		for d, v := range state {
			if last[d] != v {
				moved++
			}
		}
		if moved < min {
			s.t.Fatalf("%s stepped with %d devices changed, fewer than %d", item, moved, min)
		}
	}
	s.states[item] = append(s.states[item], state)
	s.publish(item, state)
}

// publish adds a shown state's counts, one publication per option.
func (s *wallSim) publish(item string, state map[string]int) {
	idx := slices.IndexFunc(s.items(), func(it *Item) bool { return it.ID == item })
	it := s.items()[idx]
	for o := range it.Options {
		p := Publication{Name: fmt.Sprintf("%s %s #%d", item, it.Options[o].Value, len(s.states[item]))}
		for d, v := range state {
			p.Vars = append(p.Vars, Var{Unit: d, Version: (idx*16+o)<<16 | v})
		}
		s.pubs = append(s.pubs, p)
	}
}

// read reads the wall and checks that it shows exactly the items' last
// shown states and nothing while hidden, and that nothing it shows changed
// without a step.
func (s *wallSim) read() {
	w := Room(s.q, s.joined, s.r.Answered(), s.r.Shown(), s.r.Revealed, nil, s.rules)
	min := WallMin(s.rules)
	if w.Visible != (s.r.Revealed && s.r.Answered() >= min) {
		s.t.Fatalf("visible %v with %d answered, revealed %v", w.Visible, s.r.Answered(), s.r.Revealed)
	}
	for i, tl := range w.Items {
		states := s.states[tl.Item]
		if !s.r.Revealed || len(states) == 0 {
			if !tl.Hidden || tl.N != 0 || tl.Counts != nil {
				s.t.Fatalf("hidden %s shows %+v", tl.Item, tl)
			}
			continue
		}
		last := states[len(states)-1]
		want := map[string]int{}
		for d := range last {
			k, _ := s.r.Kept(d, tl.Item)
			want[k.Shown]++
		}
		got := map[string]int{}
		for _, c := range tl.Counts {
			if c.N > 0 {
				got[c.Value] = c.N
			}
		}
		if tl.Hidden || tl.N != len(last) || fmt.Sprint(got) != fmt.Sprint(want) {
			s.t.Fatalf("%s shows %+v, its shown state is %v over %d", tl.Item, tl, want, len(last))
		}
		if prev := s.wall.Items; len(prev) > i && !prev[i].Hidden && fmt.Sprint(prev[i].Counts) != fmt.Sprint(tl.Counts) &&
			len(states) == s.seen[tl.Item] {
			s.t.Fatalf("%s changed from %v to %v without a step", tl.Item, prev[i].Counts, tl.Counts)
		}
	}
	for id, f := range w.Sections {
		if f.Value == nil && f.N == 0 && !f.Suppressed {
			s.t.Fatalf("section %s: %+v is neither shown nor suppressed", id, f)
		}
	}
	s.checkSections(w)
	s.wall = w
	s.seen = map[string]int{}
	for item, st := range s.states {
		s.seen[item] = len(st)
	}
}

// checkSections: the sections' figures are a function of the shown items'
// counts (Room computes them from nothing else): recomputed here from the
// wall's tallies alone.
func (s *wallSim) checkSections(w Wall) {
	var shown Shown = Shown{}
	for _, tl := range w.Items {
		for _, c := range tl.Counts {
			if shown[tl.Item] == nil {
				shown[tl.Item] = map[string]int{}
			}
			shown[tl.Item][c.Value] = c.N
		}
	}
	again := Room(s.q, 0, 0, shown, true, nil, s.rules)
	if figures(again.Sections) != figures(w.Sections) {
		s.t.Fatalf("sections %s are not those of the shown counts %s", figures(w.Sections), figures(again.Sections))
	}
}

// figures shows a wall's sections by value.
func figures(m map[string]Figure) string {
	var parts []string
	for _, id := range slices.Sorted(maps.Keys(m)) {
		f := m[id]
		v := "nil"
		if f.Value != nil {
			v = strconv.FormatFloat(*f.Value, 'g', -1, 64)
		}
		parts = append(parts, fmt.Sprintf("%s:%s/%d/%v", id, v, f.N, f.Suppressed))
	}
	return strings.Join(parts, " ")
}

// randomWall plays a random room: joins, answers, changes (some back to an
// earlier value), reveals and hides.
func randomWall(t testing.TB, rng *rand.Rand, q *Questionnaire, rules Rules) (*wallSim, []string) {
	s := newWallSim(t, q, rules)
	items := s.items()
	devices := make([]string, 4+rng.IntN(9))
	for i := range devices {
		devices[i] = "d" + strconv.Itoa(i)
	}
	often := 1 + rng.IntN(3) // a few items are answered often
	joined := 0
	for range 30 + rng.IntN(150) {
		switch x := rng.IntN(100); {
		case x < 15 && joined < len(devices):
			joined++
			s.join()
		case x < 19:
			s.reveal(!s.r.Revealed || rng.IntN(3) == 0)
		case joined > 0:
			d := devices[rng.IntN(joined)]
			it := items[rng.IntN(often)]
			if rng.IntN(5) == 0 {
				it = items[rng.IntN(len(items))]
			}
			s.answer(d, it.ID, it.Options[rng.IntN(len(it.Options))].Value)
		}
	}
	return s, devices[:joined]
}

// TestWallAudit: over random rooms, nothing a reader of the wall can have
// fetched gives away anything about fewer than k devices: not to an
// outsider, nor to any participant who knows its own device's answers
// (THREATS.md), however it compares the wall's states. Bounded in time, so
// it runs under js/wasm too.
func TestWallAudit(t *testing.T) {
	q := loadSmall(t)
	rules := DefaultRules()
	k := rules.MinRespondents
	rng := rand.New(rand.NewPCG(7, 0x3A11))
	budget := 1500 * time.Millisecond
	if testing.Short() {
		budget = 300 * time.Millisecond
	}
	start := time.Now()
	rooms, steps, pubs := 0, 0, 0
	for rooms < 20 || time.Since(start) < budget && rooms < 2000 {
		rooms++
		s, devices := randomWall(t, rng, q, rules)
		for _, st := range s.states {
			steps += len(st)
		}
		pubs += len(s.pubs)
		readers := []Insider{Outsider()}
		for _, d := range devices {
			readers = append(readers, Insider{Name: "device " + d, Units: []string{d}})
		}
		for _, in := range readers {
			if leaks := Audit(s.pubs, in, k); len(leaks) > 0 {
				t.Fatalf("room %d: %s learns %v from %d publications", rooms, in.Name, leaks, len(s.pubs))
			}
		}
	}
	if steps < 3*rooms {
		t.Errorf("%d steps in %d rooms: the rooms hardly show anything", steps, rooms)
	}
	t.Logf("%d rooms, %d shown states, %d publications, each audited for the outsider and every device", rooms, steps, pubs)
}

// TestWallAuditNeedsBoth: each of the two rules is needed. With figures on
// k devices, a participant among them learns the sum of the k − 1 others;
// with figures that follow every answer (no steps), an outsider comparing
// the wall before and after an answer learns it.
func TestWallAuditNeedsBoth(t *testing.T) {
	q := loadSmall(t)
	k := DefaultRules().MinRespondents
	item := "rutiner.plan"
	state := func(devices ...string) map[string]int {
		m := map[string]int{}
		for _, d := range devices {
			m[d] = 1
		}
		return m
	}
	// k devices: an outsider learns nothing, a participant the others' sum.
	s := newWallSim(t, q, DefaultRules())
	s.states[item] = append(s.states[item], state("a", "b", "c"))
	s.publish(item, state("a", "b", "c"))
	if leaks := Audit(s.pubs, Outsider(), k); len(leaks) > 0 {
		t.Errorf("an outsider learns %v from a figure on k devices", leaks)
	}
	leaks := Audit(s.pubs, Insider{Name: "device a", Units: []string{"a"}}, k)
	if len(leaks) == 0 || fmt.Sprint(leaks[0].Units) != "[b c]" {
		t.Errorf("a participant among k devices learns %v, want the sum of the other two", leaks)
	}
	// WallMin devices and no steps: the wall before and after d answers.
	s = newWallSim(t, q, DefaultRules())
	s.states[item] = append(s.states[item], state("a", "b", "c", "d"))
	s.publish(item, state("a", "b", "c", "d"))
	s.states[item] = append(s.states[item], state("a", "b", "c", "d", "e"))
	s.publish(item, state("a", "b", "c", "d", "e"))
	leaks = Audit(s.pubs, Outsider(), k)
	if len(leaks) == 0 || fmt.Sprint(leaks[0].Units) != "[e]" {
		t.Errorf("live figures: an outsider learns %v, want e's answer", leaks)
	}
}

// TestWallSteps: the step rule by example.
func TestWallSteps(t *testing.T) {
	q := loadSmall(t)
	rules := DefaultRules()
	r := NewRoomAnswers(rules)
	shown := func() string {
		w := Room(q, 6, r.Answered(), r.Shown(), r.Revealed, nil, rules)
		var parts []string
		for _, tl := range w.Items {
			if !tl.Hidden {
				var cs []string
				for _, c := range tl.Counts {
					if c.N > 0 {
						cs = append(cs, c.Value+"="+strconv.Itoa(c.N))
					}
				}
				parts = append(parts, tl.Item+":"+strings.Join(cs, ","))
			}
		}
		return strings.Join(parts, ";")
	}
	for i, v := range []string{"ja", "ja", "nej", "vet-ej"} {
		if r.Answer("d"+strconv.Itoa(i), "rutiner.plan", v) {
			t.Errorf("stepped before the reveal")
		}
	}
	if got := shown(); got != "" {
		t.Errorf("before the reveal: %q", got)
	}
	if got := r.Reveal(true); fmt.Sprint(got) != "[rutiner.plan]" {
		t.Errorf("reveal stepped %v", got)
	}
	want := "rutiner.plan:ja=2,nej=1,vet-ej=1"
	if got := shown(); got != want {
		t.Errorf("after the reveal: %q, want %q", got, want)
	}
	// Three changes and a new answer; a change back does not count.
	r.Answer("d0", "rutiner.plan", "nej")
	r.Answer("d0", "rutiner.plan", "ja")
	r.Answer("d1", "rutiner.plan", "delvis")
	r.Answer("d2", "rutiner.plan", "delvis")
	if r.Answer("d4", "rutiner.plan", "delvis") || shown() != want {
		t.Errorf("three changed: stepped to %q", shown())
	}
	if r.Changed("rutiner.plan") != 3 {
		t.Errorf("changed = %d, want 3", r.Changed("rutiner.plan"))
	}
	r.Reveal(false)
	if got := shown(); got != "" {
		t.Errorf("hidden again: %q", got)
	}
	if r.Answer("d5", "rutiner.plan", "ja") {
		t.Error("stepped while hidden")
	}
	if got := r.Reveal(true); fmt.Sprint(got) != "[rutiner.plan]" {
		t.Errorf("revealed again with 4 changed: stepped %v", got)
	}
	if got, want := shown(), "rutiner.plan:ja=2,delvis=3,vet-ej=1"; got != want {
		t.Errorf("after the step: %q, want %q", got, want)
	}
}

// TestRoomSections: the sections' scores are the points of the shown
// answers over their maximum; "Vet ej" counts in N and in the share only.
func TestRoomSections(t *testing.T) {
	q := loadSmall(t)
	shown := Shown{"rutiner.plan": {"ja": 2, "nej": 1, "vet-ej": 1}, "samverkan.polis": {"ja": 1}}
	w := Room(q, 9, 9, shown, true, nil, DefaultRules())
	if f := w.Sections["rutiner"]; val(f) != "66.7" || f.N != 4 {
		t.Errorf("rutiner = %+v, want 66.7 over 4 answers", f)
	}
	if f := w.Sections["samverkan"]; f.Value != nil || !f.Suppressed || f.N != 0 {
		t.Errorf("samverkan (one answer, hidden) = %+v, want suppressed without n", f)
	}
	if f := w.Sections[MeasureDontKnow]; f.Value == nil || *f.Value != 0.25 || f.N != 4 {
		t.Errorf("dontKnow = %+v, want 0.25", f)
	}
	// Not revealed: nothing, whatever was answered.
	w = Room(q, 9, 9, shown, false, nil, DefaultRules())
	for id, f := range w.Sections {
		if f.Value != nil || f.N != 0 || !f.Suppressed {
			t.Errorf("hidden: section %s = %+v", id, f)
		}
	}
	for _, tl := range w.Items {
		if !tl.Hidden || tl.N != 0 || tl.Counts != nil {
			t.Errorf("hidden: item %+v", tl)
		}
	}
}

// TestRoomRevealSection: a section revealed on its own (issue 17) shows
// its items and its score only; an item of another section stays hidden
// and takes no step, however many answered it, until its section is
// revealed.
func TestRoomRevealSection(t *testing.T) {
	q := loadSmall(t)
	r := NewRoomAnswers(DefaultRules())
	for i := range 4 {
		r.Answer("d"+strconv.Itoa(i), "rutiner.plan", "ja")
		r.Answer("d"+strconv.Itoa(i), "samverkan.polis", "ja")
	}
	if got := r.RevealItems(slices.Sorted(maps.Keys(RevealItems(q, []string{"rutiner"}))), true); fmt.Sprint(got) != "[rutiner.plan]" {
		t.Errorf("revealing rutiner stepped %v", got)
	}
	w := RoomOf(q, 4, r.Answered(), r.Shown(), r.Revealing(), nil, DefaultRules())
	hidden := map[string]bool{}
	for _, tl := range w.Items {
		if tl.Item == "rutiner.plan" || tl.Item == "samverkan.polis" {
			hidden[tl.Item] = tl.Hidden
		}
	}
	if want := map[string]bool{"rutiner.plan": false, "samverkan.polis": true}; fmt.Sprint(hidden) != fmt.Sprint(want) {
		t.Errorf("hidden = %v, want %v", hidden, want)
	}
	if !w.Visible || w.Revealed {
		t.Errorf("visible %v, revealed %v; want true, false", w.Visible, w.Revealed)
	}
	if f := w.Sections["samverkan"]; !f.Suppressed {
		t.Errorf("samverkan, not revealed = %+v", f)
	}
	if r.Answer("d4", "samverkan.polis", "nej") {
		t.Error("an item of a section not revealed stepped")
	}
	if got := r.RevealItems([]string{"samverkan.polis"}, true); fmt.Sprint(got) != "[samverkan.polis]" {
		t.Errorf("revealing samverkan.polis stepped %v", got)
	}
	r.Reveal(false)
	if len(r.Revealing().Items) != 0 {
		t.Errorf("hiding all left %v revealed", r.Revealing().Items)
	}
}
