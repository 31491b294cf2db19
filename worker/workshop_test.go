//go:build !js

package worker_test

import (
	"fmt"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"sort"
	"strings"
	"testing"
	"time"

	"lagesbild"
	wire "lagesbild/api"
	"lagesbild/questionnaires"
	"lagesbild/worker"
)

// The workshop routes on SQLite with the shipped questionnaires (the
// workshop questionnaire and kommun share item ids; the tests rely on it).

// room is a session made through the API, with what the tests need of it.
type room struct {
	a     *api
	code  string
	token string
	q     *lagesbild.Questionnaire
}

func newRoom(t *testing.T, a *api, body any) *room {
	t.Helper()
	if body == nil {
		body = map[string]any{}
	}
	var c wire.Workshop
	must(t, a.do("POST", "/api/workshops", "", body), http.StatusCreated).decode(t, &c)
	q, err := questionnaires.Get(c.Session.Questionnaire, c.Session.Version)
	if err != nil {
		t.Fatal(err)
	}
	return &room{a: a, code: c.Code, token: c.Token, q: q}
}

// device is participant n's random id.
func device(n int) string { return fmt.Sprintf("0000000%d-1111-4222-8333-%012d", n%10, n) }

func (rm *room) join(n int) reply {
	return rm.a.do("POST", "/api/workshops/"+rm.code+"/participants", "", map[string]string{"participant": device(n)})
}

func (rm *room) answer(n int, item, value string) reply {
	return rm.a.do("POST", "/api/workshops/"+rm.code+"/answers", "", map[string]string{"participant": device(n), "item": item, "value": value})
}

func (rm *room) change(body any) reply {
	return rm.a.do("PATCH", "/api/workshops/"+rm.code, rm.token, body)
}

func (rm *room) wall(t *testing.T) wire.Wall {
	t.Helper()
	var v wire.Wall
	must(t, rm.a.get("/api/workshops/"+rm.code+"/wall", ""), 200).decode(t, &v)
	return v
}

// tally is the wall's tally of an item.
func tally(t *testing.T, v wire.Wall, item string) lagesbild.Tally {
	t.Helper()
	for _, it := range v.Wall.Items {
		if it.Item == item {
			return it
		}
	}
	t.Fatalf("no item %s on the wall", item)
	return lagesbild.Tally{}
}

func counts(tl lagesbild.Tally) map[string]int {
	m := map[string]int{}
	for _, c := range tl.Counts {
		if c.N > 0 {
			m[c.Value] = c.N
		}
	}
	return m
}

func TestWorkshopCreate(t *testing.T) {
	a := newAPIWith(t, nil)
	var c wire.Workshop
	must(t, a.do("POST", "/api/workshops", "", nil), http.StatusCreated).decode(t, &c)
	if _, ok := lagesbild.NormalizeJoinCode(c.Code); !ok {
		t.Errorf("code %q is not a join code", c.Code)
	}
	if len(c.Token) < 32 {
		t.Errorf("token %q is short", c.Token)
	}
	join, fac, wall := worker.JoinLinks(c.Code, c.Token)
	if c.Join != join || c.Facilitator != fac || c.Wall != wall || !strings.Contains(c.Facilitator, "#token=") {
		t.Errorf("links = %q %q %q", c.Join, c.Facilitator, c.Wall)
	}
	s := c.Session
	if s.Questionnaire != "workshop" || s.Version < 1 || s.Section != "rutiner" || s.Revealed || s.Ended || len(s.Locked) != 0 {
		t.Errorf("session = %+v, want the workshop questionnaire on its first section", s)
	}
	if want := testNow.Add(48 * time.Hour).Format(time.RFC3339); s.Expires != want {
		t.Errorf("expires = %s, want %s", s.Expires, want)
	}
	var stored string
	if err := a.db.QueryRow(`SELECT token FROM workshops WHERE code = ?`, c.Code).Scan(&stored); err != nil {
		t.Fatal(err)
	}
	if stored == c.Token || strings.Contains(stored, c.Token) {
		t.Error("the facilitator's token is stored in plain")
	}

	tests := []struct {
		name string
		body any
		want int
		code string
		msg  string
	}{
		{"another questionnaire", map[string]any{"questionnaire": "kommun"}, 201, "", ""},
		{"unknown questionnaire", map[string]any{"questionnaire": "nope"}, 400, lagesbild.EInvalid, "questionnaire:"},
		{"negative version", map[string]any{"version": -1}, 400, lagesbild.EInvalid, "version:"},
		{"limit too high", map[string]any{"limits": map[string]any{"joinsPerMinute": 100000}}, 400, lagesbild.EInvalid, "limits.joinsPerMinute:"},
		{"limit negative", map[string]any{"limits": map[string]any{"answersPerMinute": -1}}, 400, lagesbild.EInvalid, "limits.answersPerMinute:"},
		{"not JSON", "{", 400, lagesbild.EInvalid, "body:"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := a.do("POST", "/api/workshops", "", tt.body)
			code, msg := r.errorCode()
			if r.Status < 400 {
				code = "" // a session's code, not an error's
			}
			if r.Status != tt.want || code != tt.code || !strings.HasPrefix(msg, tt.msg) {
				t.Errorf("got %s, want %d %s with a message starting %q", r, tt.want, tt.code, tt.msg)
			}
		})
	}
}

// TestWorkshopJoin: joining twice from one device counts once, and a device
// that comes back gets its answers.
func TestWorkshopJoin(t *testing.T) {
	a := newAPIWith(t, nil)
	rm := newRoom(t, a, nil)
	var first, again wire.Joined
	must(t, rm.join(1), 201).decode(t, &first)
	item := rm.q.Sections[0].Items[0]
	must(t, rm.answer(1, item.ID, item.Options[0].Value), 201)
	must(t, rm.join(1), 200).decode(t, &again)
	if !first.New || again.New {
		t.Errorf("new = %v then %v, want true then false", first.New, again.New)
	}
	if got := again.Answers[item.ID]; got != item.Options[0].Value {
		t.Errorf("answers after joining again = %v, want %s: %s", again.Answers, item.ID, item.Options[0].Value)
	}
	if v := rm.wall(t); v.Wall.Participants != 1 || v.Wall.Answered != 1 {
		t.Errorf("participants, answered = %d, %d; want 1, 1", v.Wall.Participants, v.Wall.Answered)
	}
	// Nothing identifying: not even the device's own id is stored.
	if dump := dumpDB(t, a); strings.Contains(dump, device(1)) {
		t.Errorf("the device id is stored:\n%s", dump)
	}

	tests := []struct {
		name  string
		code  string
		body  any
		want  int
		ecode string
		msg   string
	}{
		{"no participant", rm.code, map[string]any{}, 400, lagesbild.EInvalid, "participant:"},
		{"not a uuid", rm.code, map[string]any{"participant": "me"}, 400, lagesbild.EInvalid, "participant:"},
		{"bad code", "O0O0O0", map[string]any{"participant": device(2)}, 400, lagesbild.EInvalid, "code:"},
		{"no such session", "ACDEFG", map[string]any{"participant": device(2)}, 404, lagesbild.ESessionNotFound, "code:"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := a.do("POST", "/api/workshops/"+tt.code+"/participants", "", tt.body)
			if code, msg := r.errorCode(); r.Status != tt.want || code != tt.ecode || !strings.HasPrefix(msg, tt.msg) {
				t.Errorf("got %s, want %d %s with a message starting %q", r, tt.want, tt.ecode, tt.msg)
			}
		})
	}
	// The code is read as people type it.
	lower := strings.ToLower(rm.code[:3]) + "-" + rm.code[3:]
	must(t, a.do("POST", "/api/workshops/"+lower+"/participants", "", map[string]string{"participant": device(3)}), 201)
}

// TestWorkshopAnswers: an answer, a changed answer and the same again count
// once, with the last value; wrong answers are refused, naming the field.
func TestWorkshopAnswers(t *testing.T) {
	a := newAPIWith(t, nil)
	rm := newRoom(t, a, nil)
	item := rm.q.Sections[0].Items[1] // rutiner.ansvar-arenden: ja, delvis, nej, vet-ej
	for n := 1; n <= 4; n++ {
		must(t, rm.join(n), 201)
	}
	steps := []struct {
		n      int
		value  string
		status int
		out    string
	}{
		{1, "ja", 201, "created"},
		{1, "nej", 200, "updated"},
		{1, "nej", 200, "unchanged"},
		{2, "nej", 201, "created"},
		{3, "delvis", 201, "created"},
		{4, "vet-ej", 201, "created"},
	}
	for _, s := range steps {
		var v wire.Answered
		must(t, rm.answer(s.n, item.ID, s.value), s.status).decode(t, &v)
		if v.Outcome != s.out {
			t.Errorf("participant %d answering %s: outcome %q, want %q", s.n, s.value, v.Outcome, s.out)
		}
	}
	must(t, rm.change(map[string]any{"revealed": true}), 200)
	tl := tally(t, rm.wall(t), item.ID)
	if got, want := counts(tl), map[string]int{"nej": 2, "delvis": 1, "vet-ej": 1}; fmt.Sprint(got) != fmt.Sprint(want) || tl.N != 4 {
		t.Errorf("counts = %v (n %d), want %v (n 4)", got, tl.N, want)
	}

	tests := []struct {
		name string
		body map[string]string
		want int
		code string
		msg  string
	}{
		{"unknown item", map[string]string{"participant": device(1), "item": "nope", "value": "ja"}, 400, lagesbild.EInvalid, "item:"},
		{"no item", map[string]string{"participant": device(1), "value": "ja"}, 400, lagesbild.EInvalid, "item:"},
		{"unknown value", map[string]string{"participant": device(1), "item": item.ID, "value": "kanske"}, 400, lagesbild.EInvalid, "value:"},
		{"bad participant", map[string]string{"participant": "x", "item": item.ID, "value": "ja"}, 400, lagesbild.EInvalid, "participant:"},
		{"not joined", map[string]string{"participant": device(9), "item": item.ID, "value": "ja"}, 409, lagesbild.ENotJoined, "participant:"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := a.do("POST", "/api/workshops/"+rm.code+"/answers", "", tt.body)
			if code, msg := r.errorCode(); r.Status != tt.want || code != tt.code || !strings.HasPrefix(msg, tt.msg) {
				t.Errorf("got %s, want %d %s with a message starting %q", r, tt.want, tt.code, tt.msg)
			}
		})
	}
}

// TestWorkshopLock: a locked item takes no answers (and keeps those it
// had); unlocked, it takes them again.
func TestWorkshopLock(t *testing.T) {
	a := newAPIWith(t, nil)
	rm := newRoom(t, a, nil)
	item := rm.q.Sections[0].Items[1].ID
	must(t, rm.join(1), 201)
	must(t, rm.join(2), 201)
	must(t, rm.answer(1, item, "ja"), 201)
	var v wire.Session
	must(t, rm.change(map[string]any{"lock": []string{item}}), 200).decode(t, &v)
	if fmt.Sprint(v.Locked) != "["+item+"]" {
		t.Errorf("locked = %v, want [%s]", v.Locked, item)
	}
	for _, n := range []int{1, 2} {
		r := rm.answer(n, item, "nej")
		if code, msg := r.errorCode(); r.Status != 409 || code != lagesbild.EItemLocked || !strings.HasPrefix(msg, "item:") {
			t.Errorf("participant %d answering a locked item: got %s, want 409 item_locked", n, r)
		}
	}
	if tl := tally(t, rm.wall(t), item); !tl.Locked || !tl.Hidden {
		t.Errorf("tally = %+v, want locked (and hidden: one answer)", tl)
	}
	var j wire.Joined
	if must(t, rm.join(1), 200).decode(t, &j); j.Answers[item] != "ja" {
		t.Errorf("the locked item's answer is gone: %v", j.Answers)
	}
	// Locking twice changes nothing; unlocking opens it again.
	must(t, rm.change(map[string]any{"lock": []string{item}}), 200)
	must(t, rm.change(map[string]any{"unlock": []string{item}}), 200).decode(t, &v)
	if len(v.Locked) != 0 {
		t.Errorf("locked after unlock = %v", v.Locked)
	}
	must(t, rm.answer(2, item, "nej"), 201)
}

// TestWorkshopWallHidden: nothing before the reveal, and nothing on an
// item before WallMin (k + 1) devices have answered it: no counts, no n per
// item or section (F5: their difference was the "Vet ej" answers), only how
// many joined and answered; then the distribution, and an item answered by
// fewer stays hidden even then.
func TestWorkshopWallHidden(t *testing.T) {
	a := newAPIWith(t, nil)
	rm := newRoom(t, a, nil)
	item, sparse := rm.q.Sections[0].Items[1].ID, rm.q.Sections[1].Items[0].ID
	var before []lagesbild.Tally
	hidden := func(when string) {
		t.Helper()
		v := rm.wall(t)
		if v.Wall.Visible {
			t.Errorf("%s: the wall is visible", when)
		}
		for _, it := range v.Wall.Items {
			if !it.Hidden || it.Counts != nil || it.N != 0 {
				t.Errorf("%s: item %s shows %+v", when, it.Item, it)
			}
		}
		for id, f := range v.Wall.Sections {
			if f.Value != nil || f.N != 0 || !f.Suppressed {
				t.Errorf("%s: section %s shows %+v", when, id, f)
			}
		}
		if before != nil && fmt.Sprint(before) != fmt.Sprint(v.Wall.Items) {
			t.Errorf("%s: the hidden items changed: %v, then %v", when, before, v.Wall.Items)
		}
		before = v.Wall.Items
	}
	hidden("no one")
	for n, value := range []string{"ja", "vet-ej", "nej", "ja"} {
		must(t, rm.join(n), 201)
		must(t, rm.answer(n, item, value), 201)
		if n < 3 {
			must(t, rm.change(map[string]any{"revealed": true}), 200)
			hidden(fmt.Sprintf("%d answered, revealed", n+1))
			must(t, rm.change(map[string]any{"revealed": false}), 200)
		}
	}
	must(t, rm.answer(0, sparse, "vet-ej"), 201)
	hidden("4 answered, not revealed")
	if v := rm.wall(t); v.Wall.Participants != 4 || v.Wall.Answered != 4 {
		t.Errorf("participants %d, answered %d; want 4 and 4", v.Wall.Participants, v.Wall.Answered)
	}
	must(t, rm.change(map[string]any{"revealed": true}), 200)
	v := rm.wall(t)
	if !v.Wall.Visible || v.MinRespondents != 3 || v.MinAnswers != 4 {
		t.Fatalf("wall = %+v (k %d, min %d), want visible with k 3, min 4", v.Wall, v.MinRespondents, v.MinAnswers)
	}
	if got := counts(tally(t, v, item)); fmt.Sprint(got) != "map[ja:2 nej:1 vet-ej:1]" {
		t.Errorf("counts = %v, want ja 2, nej 1, vet-ej 1", got)
	}
	if tl := tally(t, v, sparse); !tl.Hidden || tl.N != 0 {
		t.Errorf("an item one person answered: %+v, want hidden without n", tl)
	}
	// ja, ja, nej and "Vet ej", scored 0 on the municipality's own routine: 2 of 4.
	if f := v.Wall.Sections["rutiner"]; f.Value == nil || *f.Value != 50 || f.N != 4 {
		t.Errorf("section rutiner = %+v, want 50 over 4 answers", f)
	}
	if f := v.Wall.Sections["kunskap"]; f.Value != nil || !f.Suppressed || f.N != 0 {
		t.Errorf("section kunskap (1 answer) = %+v, want suppressed without n", f)
	}
}

// TestWorkshopWallSteps: after the reveal an item's figures change only once
// WallMin of its answers are new or changed; until then a poll with the
// last ETag gets 304, however many single answers come (F4: the wall before
// and after one answer is the same wall).
func TestWorkshopWallSteps(t *testing.T) {
	a := newAPIWith(t, nil)
	rm := newRoom(t, a, nil)
	item, other := "rutiner.ansvar-arenden", "rutiner.handlingsplan"
	for n := 1; n <= 8; n++ {
		must(t, rm.join(n), 201)
		must(t, rm.answer(n, other, "saknas"), 201) // everyone has answered: "answered" stays
	}
	for n := 1; n <= 4; n++ {
		must(t, rm.answer(n, item, "ja"), 201)
	}
	must(t, rm.change(map[string]any{"revealed": true}), 200)
	first := rm.wall(t)
	want := "map[ja:4]"
	if got := counts(tally(t, first, item)); fmt.Sprint(got) != want {
		t.Fatalf("after the reveal: %v, want %s", got, want)
	}
	poll := func() reply {
		req := httptest.NewRequest("GET", "/api/workshops/"+rm.code+"/wall", nil)
		req.Header.Set("If-None-Match", first.ETag)
		return serve(a.h, req)
	}
	// Single answers, one after the other; a change back and the same
	// answer again do not count: three new or changed, no step.
	for i, s := range []struct {
		n     int
		value string
	}{{1, "nej"}, {5, "nej"}, {6, "delvis"}, {1, "ja"}, {2, "ja"}, {3, "nej"}} {
		rm.answer(s.n, item, s.value)
		if r := poll(); r.Status != 304 {
			t.Fatalf("answer %d (%d: %s) moved the wall: %s", i+1, s.n, s.value, r)
		}
	}
	// The fourth new or changed answer is the step: all of them show at once.
	must(t, rm.answer(7, item, "nej"), 201)
	v := rm.wall(t)
	if v.ETag == first.ETag {
		t.Error("the step kept the ETag")
	}
	if got, want := counts(tally(t, v, item)), "map[delvis:1 ja:3 nej:3]"; fmt.Sprint(got) != want {
		t.Errorf("after the step: %v, want %s", got, want)
	}
	if f := v.Wall.Sections["rutiner"]; f.N != 15 {
		t.Errorf("section rutiner rests on %d answers, want 15 (8 + 7 shown)", f.N)
	}
	// Hidden and revealed again with fewer than WallMin changed: the same.
	must(t, rm.answer(1, item, "vet-ej"), 200)
	must(t, rm.change(map[string]any{"revealed": false}), 200)
	must(t, rm.change(map[string]any{"revealed": true}), 200)
	if got := counts(tally(t, rm.wall(t), item)); fmt.Sprint(got) != "map[delvis:1 ja:3 nej:3]" {
		t.Errorf("revealed again after one change: %v", got)
	}
}

// TestWorkshopRevealSections: the facilitator reveals one section at a
// time (issue 17); the other sections' items stay hidden, however many
// answered them, and take no steps until revealed; hiding all hides the
// sections too.
func TestWorkshopRevealSections(t *testing.T) {
	a := newAPIWith(t, nil)
	rm := newRoom(t, a, nil)
	s1, s2 := rm.q.Sections[0], rm.q.Sections[1]
	a1, a2 := s1.Items[0].ID, s2.Items[0].ID
	x, y := s2.Items[0].Options[0].Value, s2.Items[0].Options[1].Value
	for n := 1; n <= 5; n++ {
		must(t, rm.join(n), 201)
		must(t, rm.answer(n, a1, s1.Items[0].Options[0].Value), 201)
		must(t, rm.answer(n, a2, y), 201)
	}
	var s wire.Session
	must(t, rm.change(map[string]any{"reveal": []string{s1.ID}}), 200).decode(t, &s)
	if s.Revealed || len(s.RevealedItems) != len(s1.Items) {
		t.Fatalf("after revealing %s: revealed %v, items %v", s1.ID, s.Revealed, s.RevealedItems)
	}
	v := rm.wall(t)
	if !v.Wall.Visible || v.Wall.Revealed {
		t.Errorf("one section revealed: visible %v, revealed %v; want true, false", v.Wall.Visible, v.Wall.Revealed)
	}
	if got, want := counts(tally(t, v, a1)), map[string]int{s1.Items[0].Options[0].Value: 5}; fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("%s revealed: %v, want %v", a1, got, want)
	}
	if tl := tally(t, v, a2); !tl.Hidden || tl.N != 0 || len(tl.Counts) != 0 {
		t.Errorf("%s of a section not revealed shows %+v", a2, tl)
	}
	if f := v.Wall.Sections[s2.ID]; !f.Suppressed {
		t.Errorf("section %s not revealed has a figure: %+v", s2.ID, f)
	}
	// Answers to the hidden section take no step: revealing it shows the
	// answers as they are then.
	for n := 1; n <= 4; n++ {
		must(t, rm.answer(n, a2, x), 200)
	}
	must(t, rm.change(map[string]any{"reveal": []string{s2.ID}, "hide": []string{s1.ID}}), 200)
	v = rm.wall(t)
	if got, want := counts(tally(t, v, a2)), map[string]int{x: 4, y: 1}; fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("%s revealed after the answers: %v, want %v", a2, got, want)
	}
	if tl := tally(t, v, a1); !tl.Hidden {
		t.Errorf("%s hidden again shows %+v", a1, tl)
	}
	// Hiding all clears the sections revealed one by one.
	s = wire.Session{}
	must(t, rm.change(map[string]any{"revealed": false}), 200).decode(t, &s)
	if len(s.RevealedItems) != 0 {
		t.Errorf("after hiding all: items %v still revealed", s.RevealedItems)
	}
	if v := rm.wall(t); v.Wall.Visible {
		t.Error("after hiding all the wall is visible")
	}
	for _, tt := range []struct {
		name string
		body map[string]any
	}{
		{"unknown id", map[string]any{"reveal": []string{"nosuch"}}},
		{"revealed and hidden", map[string]any{"reveal": []string{s1.ID}, "hide": []string{a1}}},
	} {
		if r := rm.change(tt.body); r.Status != 400 {
			t.Errorf("%s: %s, want 400", tt.name, r)
		}
	}
}

// TestWorkshopWallMatchesCore: over random rooms, the wall the worker
// shows (its steps in SQL triggers) is the core's (RoomAnswers and Room)
// after every request, and its ETag moves when, and only when, what it
// shows does (or a step leaves the counts as they were).
func TestWorkshopWallMatchesCore(t *testing.T) {
	a := newAPIWith(t, nil)
	rng := rand.New(rand.NewPCG(11, 6))
	for round := 0; round < 6; round++ {
		rm := newRoom(t, a, nil)
		core := lagesbild.NewRoomAnswers(lagesbild.DefaultRules())
		joined := 0
		items := append(append([]lagesbild.Item{}, rm.q.Sections[0].Items...), rm.q.Sections[1].Items...)
		etag, shown := "", ""
		for step := 0; step < 80; step++ {
			stepped := false
			switch x := rng.IntN(100); {
			case x < 15 && joined < 9:
				joined++
				must(t, rm.join(joined), 201)
			case x < 20:
				on := !core.Revealed || rng.IntN(3) == 0
				must(t, rm.change(map[string]any{"revealed": on}), 200)
				stepped = len(core.Reveal(on)) > 0
			case x < 28:
				// One section revealed or hidden (issue 17): the steps
				// follow the items revealed one by one.
				sec := rm.q.Sections[rng.IntN(2)]
				on := rng.IntN(3) != 0
				field := map[bool]string{true: "reveal", false: "hide"}[on]
				must(t, rm.change(map[string]any{field: []string{sec.ID}}), 200)
				var ids []string
				for _, it := range sec.Items {
					ids = append(ids, it.ID)
				}
				stepped = len(core.RevealItems(ids, on)) > 0
			case joined > 0:
				n := 1 + rng.IntN(joined)
				it := items[rng.IntN(len(items))]
				v := it.Options[rng.IntN(len(it.Options))].Value
				if r := rm.answer(n, it.ID, v); r.Status >= 300 {
					t.Fatalf("answer: %s", r)
				}
				stepped = core.Answer(device(n), it.ID, v)
			}
			got := rm.wall(t)
			want := lagesbild.RoomOf(rm.q, joined, core.Answered(), core.Shown(), core.Revealing(), nil, lagesbild.DefaultRules())
			g, w := wallText(got.Wall), wallText(want)
			if g != w {
				t.Fatalf("room %d, step %d: the worker shows\n%s\nthe core\n%s", round, step, g, w)
			}
			// A 304 never hides a change; the ETag moves without one only
			// for a step that left the counts as they were.
			now := g + fmt.Sprint(got.Session)
			if got.ETag == etag && now != shown || got.ETag != etag && now == shown && !stepped {
				t.Fatalf("room %d, step %d: ETag %s → %s while the wall %s", round, step, etag, got.ETag,
					map[bool]string{true: "stayed", false: "changed"}[now == shown])
			}
			etag, shown = got.ETag, now
		}
	}
}

// wallText is a wall by value, for comparing.
func wallText(w lagesbild.Wall) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%d joined, %d answered, revealed %v, visible %v\n", w.Participants, w.Answered, w.Revealed, w.Visible)
	for _, it := range w.Items {
		fmt.Fprintf(&b, "%s n%d hidden %v %v\n", it.Item, it.N, it.Hidden, it.Counts)
	}
	ids := make([]string, 0, len(w.Sections))
	for id := range w.Sections {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	for _, id := range ids {
		f := w.Sections[id]
		v := "–"
		if f.Value != nil {
			v = fmt.Sprint(*f.Value)
		}
		fmt.Fprintf(&b, "%s %s n%d %v\n", id, v, f.N, f.Suppressed)
	}
	return b.String()
}

// TestWorkshopRoomSize: with a room size, joins beyond it are refused with
// room_full (409), a device that joined before still gets in, and the
// facilitator may raise, lower or lift the size.
func TestWorkshopRoomSize(t *testing.T) {
	a := newAPIWith(t, nil)
	var c wire.Workshop
	must(t, a.do("POST", "/api/workshops", "", map[string]any{"roomSize": 2}), 201).decode(t, &c)
	if c.Session.RoomSize != 2 {
		t.Fatalf("room size %d, want 2", c.Session.RoomSize)
	}
	rm := newRoom(t, a, nil)
	rm.code, rm.token = c.Code, c.Token
	must(t, rm.join(1), 201)
	must(t, rm.join(2), 201)
	r := rm.join(3)
	if code, msg := r.errorCode(); r.Status != 409 || code != lagesbild.ERoomFull || !strings.HasPrefix(msg, "participant:") {
		t.Fatalf("a third device in a room of 2: got %s, want 409 room_full", r)
	}
	must(t, rm.join(1), 200) // a reload
	if v := rm.wall(t); v.Wall.Participants != 2 || v.Session.RoomSize != 2 {
		t.Errorf("participants %d, room size %d; want 2 and 2", v.Wall.Participants, v.Session.RoomSize)
	}
	var s wire.Session
	must(t, rm.change(map[string]any{"roomSize": 3}), 200).decode(t, &s)
	if s.RoomSize != 3 {
		t.Errorf("room size after the change: %d", s.RoomSize)
	}
	must(t, rm.join(3), 201)
	if r := rm.join(4); r.code() != lagesbild.ERoomFull {
		t.Errorf("a fourth device in a room of 3: %s", r)
	}
	must(t, rm.change(map[string]any{"roomSize": 1}), 200) // below those joined: they stay
	must(t, rm.join(2), 200)
	var lifted wire.Session
	must(t, rm.change(map[string]any{"roomSize": 0}), 200).decode(t, &lifted)
	if lifted.RoomSize != 0 {
		t.Errorf("room size after lifting it: %d", lifted.RoomSize)
	}
	must(t, rm.join(4), 201)
	for _, body := range []map[string]any{{"roomSize": -1}, {"roomSize": 5001}} {
		if r := rm.change(body); r.code() != lagesbild.EInvalid {
			t.Errorf("PATCH %v: %s, want 400 invalid", body, r)
		}
		if r := a.do("POST", "/api/workshops", "", body); r.code() != lagesbild.EInvalid {
			t.Errorf("POST %v: %s, want 400 invalid", body, r)
		}
	}
}

// TestWorkshopETag: a poll with the last ETag gets 304 until something
// changes; answers move the wall's ETag but not the participants' one.
func TestWorkshopETag(t *testing.T) {
	a := newAPIWith(t, nil)
	rm := newRoom(t, a, nil)
	poll := func(path, etag string) reply {
		req := httptest.NewRequest("GET", path, nil)
		if etag != "" {
			req.Header.Set("If-None-Match", etag)
		}
		return serve(a.h, req)
	}
	wallPath, statePath := "/api/workshops/"+rm.code+"/wall", "/api/workshops/"+rm.code
	w1 := must(t, poll(wallPath, ""), 200)
	s1 := must(t, poll(statePath, ""), 200)
	etag, setag := w1.Header.Get("ETag"), s1.Header.Get("ETag")
	var v wire.Wall
	w1.decode(t, &v)
	if etag == "" || v.ETag != etag {
		t.Fatalf("ETag header %q, body %q", etag, v.ETag)
	}
	if r := must(t, poll(wallPath, etag), 304); len(r.Body) != 0 {
		t.Errorf("a 304 with a body: %s", r.Body)
	}
	must(t, poll(wallPath, `"other", W/`+etag), 304)
	must(t, rm.join(1), 201)
	w2 := must(t, poll(wallPath, etag), 200)
	if w2.Header.Get("ETag") == etag {
		t.Error("the ETag did not change with a join")
	}
	must(t, poll(statePath, setag), 304)
	var av wire.Answered
	must(t, rm.answer(1, "rutiner.ansvar-arenden", "ja"), 201).decode(t, &av)
	if av.State != setag {
		t.Errorf("the answer says state %s, the state's ETag is %s", av.State, setag)
	}
	must(t, rm.change(map[string]any{"section": "kunskap"}), 200)
	must(t, poll(statePath, setag), 200)
	must(t, rm.answer(1, "rutiner.ansvar-arenden", "nej"), 200).decode(t, &av)
	if av.State == setag {
		t.Error("an answer after a section move gives the old state ETag")
	}
	// A change that changes nothing keeps the ETags.
	etag = w2.Header.Get("ETag")
	etag3 := must(t, poll(wallPath, ""), 200).Header.Get("ETag")
	must(t, rm.change(map[string]any{"section": "kunskap"}), 200)
	must(t, poll(wallPath, etag3), 304)
	if etag3 == etag {
		t.Error("the ETag did not change with a section move")
	}
}

// TestWorkshopFacilitator: the facilitator's routes need the token, and a
// wrong token is refused also where none is needed.
func TestWorkshopFacilitator(t *testing.T) {
	a := newAPIWith(t, nil)
	rm := newRoom(t, a, nil)
	other := newRoom(t, a, nil)
	path := "/api/workshops/" + rm.code
	tests := []struct {
		name   string
		method string
		token  string
		body   any
		want   int
		code   string
		msg    string
	}{
		{"patch without token", "PATCH", "", map[string]any{"revealed": true}, 401, lagesbild.EUnauthorized, "Authorization:"},
		{"patch with another session's token", "PATCH", other.token, map[string]any{"revealed": true}, 403, lagesbild.EForbidden, "Authorization:"},
		{"state with a wrong token", "GET", "wrong", nil, 403, lagesbild.EForbidden, "Authorization:"},
		{"nothing to change", "PATCH", rm.token, map[string]any{}, 400, lagesbild.EInvalid, "body:"},
		{"unknown section", "PATCH", rm.token, map[string]any{"section": "nope"}, 400, lagesbild.EInvalid, "section:"},
		{"unknown item", "PATCH", rm.token, map[string]any{"lock": []string{"nope"}}, 400, lagesbild.EInvalid, "lock[0]:"},
		{"lock and unlock", "PATCH", rm.token, map[string]any{"lock": []string{"rutiner.ansvar-arenden"}, "unlock": []string{"rutiner.ansvar-arenden"}}, 400, lagesbild.EInvalid, "lock[0]:"},
		{"save without token", "POST", "", map[string]any{"round": "x"}, 401, lagesbild.EUnauthorized, "Authorization:"},
		{"save with another session's token", "POST", other.token, map[string]any{"round": "x"}, 403, lagesbild.EForbidden, "Authorization:"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := path
			if tt.method == "POST" {
				p += "/response"
			}
			r := a.do(tt.method, p, tt.token, tt.body)
			if code, msg := r.errorCode(); r.Status != tt.want || code != tt.code || !strings.HasPrefix(msg, tt.msg) {
				t.Errorf("got %s, want %d %s with a message starting %q", r, tt.want, tt.code, tt.msg)
			}
		})
	}
	var v wire.Session
	must(t, a.get(path, rm.token), 200).decode(t, &v)
	if !v.Facilitator {
		t.Error("the state with the facilitator's token does not say so")
	}
	var public wire.Session
	must(t, a.get(path, ""), 200).decode(t, &public)
	if public.Facilitator {
		t.Error("the state without a token says facilitator")
	}
}

// TestWorkshopEnd: an ended session takes no joins or answers and cannot be
// reopened; its wall stays.
func TestWorkshopEnd(t *testing.T) {
	a := newAPIWith(t, nil)
	rm := newRoom(t, a, nil)
	must(t, rm.join(1), 201)
	var v wire.Session
	must(t, rm.change(map[string]any{"ended": true}), 200).decode(t, &v)
	if !v.Ended {
		t.Error("not ended")
	}
	var before int64
	if err := a.db.QueryRow(`SELECT revision FROM workshops WHERE code = ?`, rm.code).Scan(&before); err != nil {
		t.Fatal(err)
	}
	a.now = a.now.Add(time.Hour)
	// Ended is ended: no join, answer or change of any kind (a change would
	// keep the room's answers 48 hours longer).
	for name, r := range map[string]reply{
		"join":     rm.join(2),
		"answer":   rm.answer(1, "rutiner.ansvar-arenden", "ja"),
		"reopen":   rm.change(map[string]any{"ended": false}),
		"end":      rm.change(map[string]any{"ended": true}),
		"reveal":   rm.change(map[string]any{"revealed": true}),
		"lock":     rm.change(map[string]any{"lock": []string{"rutiner.ansvar-arenden"}}),
		"unlock":   rm.change(map[string]any{"unlock": []string{"rutiner.ansvar-arenden"}}),
		"roomSize": rm.change(map[string]any{"roomSize": 5}),
		"section":  rm.change(map[string]any{"section": rm.q.Sections[len(rm.q.Sections)-1].ID}),
	} {
		if code, msg := r.errorCode(); r.Status != 409 || code != lagesbild.ESessionEnded || strings.ContainsAny(strings.ReplaceAll(msg, rm.code, ""), "0123456789") {
			t.Errorf("%s after the end: got %s, want 409 session_ended with no figures in its message", name, r)
		}
	}
	var after int64
	var last string
	if err := a.db.QueryRow(`SELECT revision, last_activity FROM workshops WHERE code = ?`, rm.code).Scan(&after, &last); err != nil {
		t.Fatal(err)
	}
	if after != before || last >= a.now.UTC().Format(time.RFC3339)[:13] {
		t.Errorf("after the end: revision %d → %d, last activity %s; want nothing stored", before, after, last)
	}
	rm.wall(t)
}

// TestWorkshopCap: no more sessions run at once than Config.MaxWorkshops;
// one that ends frees its place, and so does one that expires.
func TestWorkshopCap(t *testing.T) {
	a := newAPIWith(t, nil)
	a.h = worker.New(worker.Config{DB: a.db, Now: func() time.Time { return a.now }, MaxWorkshops: 2})
	first := newRoom(t, a, nil)
	newRoom(t, a, nil)
	r := a.do("POST", "/api/workshops", "", map[string]any{})
	// The message does not say how many sessions run (2 here).
	if code, msg := r.errorCode(); r.Status != 429 || code != lagesbild.ETooMany || strings.Contains(msg, "2") {
		t.Fatalf("a third session: got %s, want 429 too_many, not saying how many run", r)
	}
	must(t, first.change(map[string]any{"ended": true}), 200)
	newRoom(t, a, nil) // the ended one's place
	if r := a.do("POST", "/api/workshops", "", map[string]any{}); r.Status != 429 || r.code() != lagesbild.ETooMany {
		t.Fatalf("over the cap again: got %s, want 429 too_many", r)
	}
	a.now = a.now.Add(49 * time.Hour) // the two running ones expire
	newRoom(t, a, nil)
	newRoom(t, a, nil)
}

// TestWorkshopExpiry: 48 hours without activity and the session is gone;
// polls do not keep it alive; creating a session removes expired ones.
func TestWorkshopExpiry(t *testing.T) {
	a := newAPIWith(t, nil)
	rm := newRoom(t, a, nil)
	must(t, rm.join(1), 201)
	a.now = a.now.Add(47 * time.Hour)
	rm.wall(t) // a poll, not activity
	must(t, rm.join(2), 201)
	a.now = a.now.Add(47 * time.Hour) // 47 h after the last join: alive
	rm.wall(t)
	a.now = a.now.Add(2 * time.Hour)
	for name, r := range map[string]reply{
		"wall":   a.get("/api/workshops/"+rm.code+"/wall", ""),
		"state":  a.get("/api/workshops/"+rm.code, ""),
		"join":   rm.join(3),
		"answer": rm.answer(1, "rutiner.ansvar-arenden", "ja"),
		"change": rm.change(map[string]any{"revealed": true}),
	} {
		if code, _ := r.errorCode(); r.Status != 404 || code != lagesbild.ESessionExpired {
			t.Errorf("%s after 49 h: got %s, want 404 session_expired", name, r)
		}
	}
	newRoom(t, a, nil)
	var n int
	if err := a.db.QueryRow(`SELECT (SELECT COUNT(*) FROM workshops WHERE code = ?) + (SELECT COUNT(*) FROM workshop_participants)`, rm.code).Scan(&n); err != nil {
		t.Fatal(err)
	}
	if n != 0 {
		t.Errorf("%d rows of the expired session are left", n)
	}
}

// TestWorkshopRateLimit: joins and answers over the session's limit in a
// minute get 429; the next minute they pass.
func TestWorkshopRateLimit(t *testing.T) {
	a := newAPIWith(t, nil)
	rm := newRoom(t, a, map[string]any{"limits": map[string]any{"joinsPerMinute": 2, "answersPerMinute": 3}})
	must(t, rm.join(1), 201)
	must(t, rm.join(1), 200) // a join again counts too: it is a request
	if r := rm.join(2); r.Status != 429 || r.code() != lagesbild.ERateLimited {
		t.Fatalf("third join in a minute: got %s, want 429 rate_limited", r)
	}
	for i, v := range []string{"ja", "nej", "delvis"} {
		must(t, rm.answer(1, "rutiner.ansvar-arenden", v), []int{201, 200, 200}[i])
	}
	if r := rm.answer(1, "rutiner.ansvar-arenden", "ja"); r.Status != 429 || r.code() != lagesbild.ERateLimited {
		t.Fatalf("fourth answer in a minute: got %s, want 429 rate_limited", r)
	}
	a.now = a.now.Add(time.Minute)
	must(t, rm.join(2), 201)
	must(t, rm.answer(2, "rutiner.ansvar-arenden", "ja"), 201)
	v := rm.wall(t)
	if v.Wall.Participants != 2 || v.Wall.Answered != 2 {
		t.Errorf("participants %d, answered %d; want 2 and 2 (nothing over the limit stored)", v.Wall.Participants, v.Wall.Answered)
	}
}

// TestWorkshopJunkBudget: requests that fail a session's checks (an item or
// value it does not have, a locked item, a device that never joined) do not
// use up its joins and answers per minute, so a flood of them cannot stop a
// valid join or answer in the same minute; and the 429's message says no
// figure.
func TestWorkshopJunkBudget(t *testing.T) {
	a := newAPIWith(t, nil)
	rm := newRoom(t, a, map[string]any{"limits": map[string]any{"joinsPerMinute": 2, "answersPerMinute": 3}})
	must(t, rm.change(map[string]any{"lock": []string{"rutiner.handlingsplan"}}), 200)
	must(t, rm.join(1), 201)
	junk := []struct {
		name        string
		device      int
		item, value string
		status      int
		code        string
	}{
		{"no such item", 1, "rutiner.nej", "ja", 400, lagesbild.EInvalid},
		{"no such value", 1, "rutiner.ansvar-arenden", "kanske", 400, lagesbild.EInvalid},
		{"locked item", 1, "rutiner.handlingsplan", "beslutat", 409, lagesbild.EItemLocked},
		{"never joined", 7, "rutiner.ansvar-arenden", "ja", 409, lagesbild.ENotJoined},
	}
	for round := 0; round < 5; round++ {
		for _, j := range junk {
			r := rm.answer(j.device, j.item, j.value)
			if r.Status != j.status || r.code() != j.code {
				t.Fatalf("junk (%s): got %s, want %d %s", j.name, r, j.status, j.code)
			}
		}
	}
	must(t, rm.join(2), 201)
	for i, v := range []string{"ja", "nej", "delvis"} {
		must(t, rm.answer(1, "rutiner.ansvar-arenden", v), []int{201, 200, 200}[i])
	}
	// The budget is still a budget: the fourth valid answer is refused.
	r := rm.answer(2, "rutiner.ansvar-arenden", "ja")
	if code, msg := r.errorCode(); r.Status != 429 || code != lagesbild.ERateLimited || strings.ContainsAny(msg, "0123456789") {
		t.Fatalf("fourth valid answer: got %s, want 429 rate_limited saying no figure", r)
	}
}

// TestWorkshopNoMemory: two handlers on one database (two worker instances)
// see the same session: nothing is kept in Go between requests.
func TestWorkshopNoMemory(t *testing.T) {
	a := newAPIWith(t, nil)
	b := &api{t: t, db: a.db, now: a.now}
	b.h = worker.New(worker.Config{DB: a.db, AdminToken: adminToken, Now: func() time.Time { return b.now }})
	rm := newRoom(t, a, nil)
	rb := &room{a: b, code: rm.code, token: rm.token, q: rm.q}
	for n := 1; n <= 4; n++ {
		must(t, rb.join(n), 201)
		must(t, rm.answer(n, "rutiner.ansvar-arenden", "ja"), 201)
	}
	must(t, rb.change(map[string]any{"revealed": true}), 200)
	if got := counts(tally(t, rm.wall(t), "rutiner.ansvar-arenden")); got["ja"] != 4 {
		t.Errorf("counts on the other instance = %v, want ja 4", got)
	}
}

// TestWorkshopSave: the room's settled answers become one response of the
// municipality in a round, marked as a workshop's; saving again updates
// that response; the invite code is checked as POST /api/responses checks it.
func TestWorkshopSave(t *testing.T) {
	a := newAPIWith(t, nil)
	a.round("r2026", "kommun", 0, "2026-01-01", "2026-12-31", "")
	a.round("r2025", "kommun", 0, "2025-01-01", "2025-12-31", "")
	codes := a.codes("r2026", []string{"0180", "1480"}, nil)
	codes["other:0180"] = a.codes("r2025", []string{"0180"}, nil)["0180"]
	rm := newRoom(t, a, nil)
	settled := map[string]string{}
	for _, s := range rm.q.Sections {
		for _, it := range s.Items {
			settled[it.ID] = it.Options[0].Value
		}
	}
	save := func(body map[string]any) reply {
		return a.do("POST", "/api/workshops/"+rm.code+"/response", rm.token, body)
	}
	body := map[string]any{"round": "r2026", "inviteCode": codes["0180"], "answers": settled}
	var out struct {
		ID, Round, Outcome, Municipality, Role string
		Skipped                                []string
	}
	must(t, save(body), 201).decode(t, &out)
	if out.Outcome != "created" || out.Municipality != "0180" || out.Role != "workshop" || len(out.Skipped) != 0 {
		t.Errorf("saved = %+v", out)
	}
	must(t, save(body), 200).decode(t, &out)
	if out.Outcome != "unchanged" {
		t.Errorf("saving again: outcome %q, want unchanged", out.Outcome)
	}
	settled["rutiner.ansvar-arenden"] = "nej"
	must(t, save(body), 200).decode(t, &out)
	if out.Outcome != "updated" {
		t.Errorf("saving changed answers: outcome %q, want updated", out.Outcome)
	}
	var n int
	var role, muni, answers string
	if err := a.db.QueryRow(`SELECT COUNT(*), MAX(role), MAX(municipality), MAX(answers) FROM responses WHERE round = 'r2026'`).Scan(&n, &role, &muni, &answers); err != nil {
		t.Fatal(err)
	}
	if n != 1 || role != "workshop" || muni != "0180" || !strings.Contains(answers, `"rutiner.ansvar-arenden":"nej"`) {
		t.Errorf("stored: %d responses, role %q, municipality %q, answers %s", n, role, muni, answers)
	}

	tests := []struct {
		name string
		body map[string]any
		want int
		code string
		msg  string
	}{
		{"no invite code", map[string]any{"round": "r2026", "answers": settled}, 400, lagesbild.EInvalid, "inviteCode:"},
		{"another municipality's code", map[string]any{"round": "r2026", "inviteCode": codes["1480"], "municipality": "0180", "answers": settled}, 403, lagesbild.ECodeOtherUnit, "municipality:"},
		{"a wrong code", map[string]any{"round": "r2026", "inviteCode": "AAAA-BBBB-CCCC-DDDD", "answers": settled}, 403, lagesbild.ECodeInvalid, "inviteCode:"},
		{"a code of another round", map[string]any{"round": "r2026", "inviteCode": codes["other:0180"], "answers": settled}, 403, lagesbild.ECodeInvalid, "inviteCode:"},
		{"no such round", map[string]any{"round": "nope", "inviteCode": codes["0180"], "answers": settled}, 400, lagesbild.EInvalid, "round:"},
		{"a closed round", map[string]any{"round": "r2025", "inviteCode": codes["other:0180"], "answers": settled}, 409, lagesbild.ERoundClosed, "round:"},
		{"not a kommunkod", map[string]any{"round": "r2026", "inviteCode": adminToken, "municipality": "9999", "answers": settled}, 400, lagesbild.EInvalid, "municipality:"},
		{"no municipality", map[string]any{"round": "r2026", "inviteCode": adminToken, "answers": settled}, 400, lagesbild.EInvalid, "municipality:"},
		{"no answers", map[string]any{"round": "r2026", "inviteCode": codes["0180"]}, 400, lagesbild.EInvalid, "answers:"},
		{"a wrong answer", map[string]any{"round": "r2026", "inviteCode": codes["0180"], "answers": map[string]string{"rutiner.ansvar-arenden": "kanske"}}, 400, lagesbild.EInvalid, "answers.rutiner.ansvar-arenden:"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := save(tt.body)
			if code, msg := r.errorCode(); r.Status != tt.want || code != tt.code || !strings.HasPrefix(msg, tt.msg) {
				t.Errorf("got %s, want %d %s with a message starting %q", r, tt.want, tt.code, tt.msg)
			}
		})
	}
	if got, _ := a.count(); got != 1 {
		t.Errorf("%d responses after the refused saves, want 1", got)
	}
}

// TestWorkshopLinesUpWithKommun: every item of the workshop questionnaire is
// a kommun item with the same options, so a whole room's answers can be
// saved into a kommun round with nothing skipped.
func TestWorkshopLinesUpWithKommun(t *testing.T) {
	w, err := questionnaires.Get("workshop", 0)
	if err != nil {
		t.Fatal(err)
	}
	k, err := questionnaires.Get("kommun", 0)
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range w.Sections {
		for _, it := range s.Items {
			kit, ok := k.Item(it.ID)
			if !ok {
				t.Errorf("%s: not a kommun item", it.ID)
				continue
			}
			var got, want []string
			for _, o := range it.Options {
				got = append(got, o.Value)
			}
			for _, o := range kit.Options {
				want = append(want, o.Value)
			}
			if fmt.Sprint(got) != fmt.Sprint(want) {
				t.Errorf("%s: options %v, kommun has %v", it.ID, got, want)
			}
		}
	}
}
