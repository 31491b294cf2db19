//go:build !js

package workshop_test

import (
	"fmt"
	"maps"
	"slices"
	"strings"
	"testing"

	"lagesbild"
	wire "lagesbild/api"
	"lagesbild/e2e/workshop"
	"lagesbild/questionnaires"
)

// The wall attacked as issue 11 describes (F4, F5), against the real worker
// in workerd: each attack must learn nothing about fewer than k = 3 people.
// Run against the main of before the fix they fail (the note of the change
// says so).

// roomFull is lagesbild.ERoomFull, spelled out so that these attacks
// compile against the main of before the fix (TestAttackRoomSize checks
// that lagesbild.Codes has it).
const roomFull = "room_full"

// extra is what the attacks read of the wall and of the session beyond
// what the api types of before the fix knew (so the attacks compile, and
// fail, against that main too).
type extra struct {
	MinAnswers int `json:"minAnswers"`
	RoomSize   int `json:"roomSize"`
	Session    struct {
		RoomSize int `json:"roomSize"`
	} `json:"session"`
}

// read fetches path and decodes what extra holds of it.
func read(t *testing.T, method, path, token string, body any) extra {
	t.Helper()
	r, err := api.Do(ctxFor(t), method, path, token, body)
	must(t, r, err, 200)
	var e extra
	if err := r.Decode(&e); err != nil {
		t.Fatal(err)
	}
	return e
}

// workshopItems are the workshop questionnaire's items with their options,
// as the wall lists them.
func workshopItems(t *testing.T, v wire.Wall) []string {
	t.Helper()
	var ids []string
	for _, it := range v.Wall.Items {
		ids = append(ids, it.Item)
	}
	if len(ids) < 10 {
		t.Fatalf("the wall lists %d items, want the workshop questionnaire's 10 or more", len(ids))
	}
	return ids
}

// options of an item of the shipped workshop questionnaire (the latest
// version, as a new session uses), in its order.
func options(item string) []string {
	q, err := questionnaires.Get("workshop", 0)
	if err != nil {
		panic(err) // embedded: a build defect
	}
	it, ok := q.Item(item)
	if !ok {
		panic("the workshop questionnaire has no item " + item)
	}
	var out []string
	for _, o := range it.Options {
		out = append(out, o.Value)
	}
	return out
}

// TestAttackThreeDevices (F4): with only the join code, one person joins two
// more devices, answers with both, and the facilitator reveals; the wall
// minus that person's own answers must not give the victim's answers. The
// wall shows no item resting on fewer than WallMin = k + 1 devices: here
// nothing at all.
func TestAttackThreeDevices(t *testing.T) {
	need(t)
	ctx := ctxFor(t)
	c, dev := session(t, nil)
	v := wall(t, c.Code)
	items := workshopItems(t, v)
	victim, mine := dev(1), []string{dev(2), dev(3)}
	sent := map[string]map[string]string{} // device → item → value
	for i, d := range append([]string{victim}, mine...) {
		r, err := api.Join(ctx, c.Code, d)
		must(t, r, err, 201)
		sent[d] = map[string]string{}
		for j, item := range items {
			opts := options(item)
			sent[d][item] = opts[(i+j)%len(opts)]
			r, err := api.Answer(ctx, c.Code, d, item, sent[d][item])
			must(t, r, err, 201)
		}
	}
	change(t, c, map[string]any{"revealed": true})
	v = wall(t, c.Code)
	learned := 0
	for _, item := range items {
		got, shown := workshop.Count(v, item)
		if !shown {
			continue
		}
		// Take out the attacker's own answers: what is left is the victim's.
		for _, d := range mine {
			got[sent[d][item]]--
		}
		for value, n := range got {
			if n == 1 && value == sent[victim][item] {
				learned++
			}
		}
	}
	if learned > 0 {
		t.Errorf("the wall minus the attacker's two devices gives %d of the victim's %d answers", learned, len(items))
	}
	for id, f := range v.Wall.Sections {
		if f.Value != nil || f.N != 0 {
			t.Errorf("section %s shows %+v on three devices", id, f)
		}
	}
}

// TestAttackRoomSize (F4): with the room size set to the people present,
// the attacker's extra devices are refused (room_full), so one person
// cannot silently become three; a device that joined before gets in again.
func TestAttackRoomSize(t *testing.T) {
	need(t)
	ctx := ctxFor(t)
	if lagesbild.Status(roomFull) != 409 {
		t.Errorf("lagesbild.Codes has %s with status %d, want 409", roomFull, lagesbild.Status(roomFull))
	}
	c, dev := session(t, map[string]any{"roomSize": 2})
	if e := read(t, "GET", "/api/workshops/"+c.Code, "", nil); e.RoomSize != 2 {
		t.Errorf("session room size %d, want 2", e.RoomSize)
	}
	for n := 1; n <= 2; n++ {
		r, err := api.Join(ctx, c.Code, dev(n))
		must(t, r, err, 201)
	}
	for n := 3; n <= 4; n++ {
		r, err := api.Join(ctx, c.Code, dev(n))
		must(t, r, err, 409)
		if code := r.Code(); code != roomFull {
			t.Errorf("device %d: code %q, want %s", n, code, roomFull)
		}
	}
	r, err := api.Join(ctx, c.Code, dev(2)) // a reload
	must(t, r, err, 200)
	if v, e := wall(t, c.Code), read(t, "GET", "/api/workshops/"+c.Code+"/wall", "", nil); v.Wall.Participants != 2 || e.Session.RoomSize != 2 {
		t.Errorf("participants %d, room size %d: want 2, 2", v.Wall.Participants, e.Session.RoomSize)
	}
	// The facilitator lets one more in.
	if e := read(t, "PATCH", "/api/workshops/"+c.Code, c.Token, map[string]any{"roomSize": 3}); e.RoomSize != 3 {
		t.Errorf("room size after the change: %d", e.RoomSize)
	}
	r, err = api.Join(ctx, c.Code, dev(3))
	must(t, r, err, 201)
	r, err = api.Join(ctx, c.Code, dev(4))
	must(t, r, err, 409)
}

// TestAttackDifferencing (F4): after the reveal, a reader polling the wall
// before and after each answer must not learn any single answer: the
// item's figures stay as they are (the same ETag: 304) until at least
// WallMin answers to it are new or changed, then change all at once.
func TestAttackDifferencing(t *testing.T) {
	need(t)
	ctx := ctxFor(t)
	c, dev := session(t, nil)
	const item, other = "rutiner.ansvar-arenden", "rutiner.handlingsplan"
	for n := 1; n <= 10; n++ {
		r, err := api.Join(ctx, c.Code, dev(n))
		must(t, r, err, 201)
		r, err = api.Answer(ctx, c.Code, dev(n), other, "saknas") // everyone has answered something
		must(t, r, err, 201)
	}
	for n := 1; n <= 5; n++ {
		r, err := api.Answer(ctx, c.Code, dev(n), item, "ja")
		must(t, r, err, 201)
	}
	change(t, c, map[string]any{"revealed": true})
	before := wall(t, c.Code)
	last, _ := workshop.Count(before, item)
	// A step must take at least k + 1 answers: k others besides the
	// reader's own (a worker that says less is held to that).
	min := max(read(t, "GET", "/api/workshops/"+c.Code+"/wall", "", nil).MinAnswers, before.MinRespondents+1)
	// Later answers, one at a time: new ones and changes.
	later := []struct {
		n     int
		value string
	}{{6, "nej"}, {1, "delvis"}, {7, "vet-ej"}, {2, "nej"}, {8, "ja"}, {3, "nej"}, {9, "delvis"}, {4, "vet-ej"}, {10, "nej"}}
	since := 0 // answers sent since the item's figures last changed
	etag := before.ETag
	for _, a := range later {
		r, err := api.Answer(ctx, c.Code, dev(a.n), item, a.value)
		if err != nil || r.Status >= 300 {
			t.Fatalf("answer: %v %s", err, r)
		}
		since++
		v, changed, err := api.Wall(ctx, c.Code, etag)
		if err != nil {
			t.Fatal(err)
		}
		if !changed {
			continue // 304: the same wall, nothing to compare
		}
		etag = v.ETag
		got, _ := workshop.Count(v, item)
		if fmt.Sprint(got) == fmt.Sprint(last) {
			continue
		}
		if since < min {
			t.Errorf("the wall changed after %d answers (from %v to %v): the difference shows them", since, last, got)
		}
		last, since = got, 0
	}
	if last["ja"] == 5 && len(last) == 1 {
		t.Errorf("no step after %d later answers: %v", len(later), last)
	}
}

// TestAttackHiddenCounts (F5): before the reveal, and below WallMin after
// it, the wall carries no count per item or section (their difference was
// how many answered "Vet ej"; a one-item section showed one person's "Vet
// ej"); only how many joined and answered.
func TestAttackHiddenCounts(t *testing.T) {
	need(t)
	ctx := ctxFor(t)
	c, dev := session(t, nil)
	check := func(when string, v wire.Wall) {
		t.Helper()
		for _, it := range v.Wall.Items {
			if it.N != 0 || it.Counts != nil || !it.Hidden {
				t.Errorf("%s: item %s shows n %d, counts %v", when, it.Item, it.N, it.Counts)
			}
		}
		for _, id := range slices.Sorted(maps.Keys(v.Wall.Sections)) {
			if f := v.Wall.Sections[id]; f.N != 0 || f.Value != nil {
				t.Errorf("%s: section %s shows n %d, value %v", when, id, f.N, f.Value)
			}
		}
	}
	var raw []string
	for n, value := range []string{"vet-ej", "ja", "nej"} {
		r, err := api.Join(ctx, c.Code, dev(n))
		must(t, r, err, 201)
		r, err = api.Answer(ctx, c.Code, dev(n), "forebyggande.efterfragan", value) // a one-item section
		must(t, r, err, 201)
		r, err = api.Answer(ctx, c.Code, dev(n), "rutiner.ansvar-arenden", "vet-ej")
		must(t, r, err, 201)
		v := wall(t, c.Code)
		check(fmt.Sprintf("%d answered, hidden", n+1), v)
		if v.Wall.Participants != n+1 || v.Wall.Answered != n+1 {
			t.Errorf("participants %d, answered %d; want %d", v.Wall.Participants, v.Wall.Answered, n+1)
		}
		b, _ := api.Do(ctx, "GET", "/api/workshops/"+c.Code+"/wall", "", nil)
		raw = append(raw, string(b.Body))
	}
	change(t, c, map[string]any{"revealed": true})
	check("3 answered, revealed", wall(t, c.Code))
	// Whatever was answered, the hidden wall reads the same but for the
	// totals and its ETag.
	for i, s := range raw {
		if strings.Count(s, `"n":`) != strings.Count(raw[0], `"n":`) || strings.Contains(s, `"n":1`) || strings.Contains(s, `"n":2`) {
			t.Errorf("hidden wall %d holds counts: %s", i+1, s)
		}
	}
}
