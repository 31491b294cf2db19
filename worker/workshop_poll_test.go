//go:build !js

package worker_test

import (
	"net/http/httptest"
	"os"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"
)

// The glue answers unchanged workshop polls before Go is woken
// (worker/glue/fastpoll.mjs, issue 17): it reads the session's row and
// makes the ETags from its columns as Go does. These tests hold Go to that
// contract: the ETags are exactly those columns, every write the state or
// the wall shows moves them in its own statement, and nothing else does (so
// the glue's 304s tell no more than Go's).

// revisionETags are the ETags as the glue makes them from the session's row.
func revisionETags(t *testing.T, a *api, code string) (state, wall string) {
	t.Helper()
	var id string
	var rev, srev int64
	if err := a.db.QueryRow(`SELECT id, revision, state_revision FROM workshops WHERE code = ?`, code).Scan(&id, &rev, &srev); err != nil {
		t.Fatal(err)
	}
	return `"s-` + id[:8] + `-` + strconv.FormatInt(srev, 10) + `"`, `"w-` + id[:8] + `-` + strconv.FormatInt(rev, 10) + `"`
}

func TestWorkshopRevisionsAreTheETags(t *testing.T) {
	a := newAPIWith(t, nil)
	rm := newRoom(t, a, nil)
	statePath, wallPath := "/api/workshops/"+rm.code, "/api/workshops/"+rm.code+"/wall"
	steps := []struct {
		name                  string
		do                    func() reply
		status                int
		stateMoves, wallMoves bool
	}{
		{"a join", func() reply { return rm.join(1) }, 201, false, true},
		{"a device's first answer", func() reply { return rm.answer(1, "rutiner.ansvar-arenden", "ja") }, 201, false, true},
		{"a changed answer, results hidden", func() reply { return rm.answer(1, "rutiner.ansvar-arenden", "nej") }, 200, false, false},
		{"the same device's next item", func() reply { return rm.answer(1, "rutiner.handlingsplan", "beslutat") }, 201, false, false},
		{"the same answer again", func() reply { return rm.answer(1, "rutiner.handlingsplan", "beslutat") }, 200, false, false},
		{"a section move", func() reply { return rm.change(map[string]any{"section": "kunskap"}) }, 200, true, true},
		{"the same section again", func() reply { return rm.change(map[string]any{"section": "kunskap"}) }, 200, false, false},
		{"a lock", func() reply { return rm.change(map[string]any{"lock": []string{"kunskap.genomgang"}}) }, 200, true, true},
		{"the reveal", func() reply { return rm.change(map[string]any{"revealed": true}) }, 200, true, true},
		{"a second device joins", func() reply { return rm.join(2) }, 201, false, true},
		{"its answer: 2 of 4, no step", func() reply { return rm.answer(2, "rutiner.ansvar-arenden", "ja") }, 201, false, true},
		{"its changed answer, no step", func() reply { return rm.answer(2, "rutiner.ansvar-arenden", "nej") }, 200, false, false},
		{"a room size", func() reply { return rm.change(map[string]any{"roomSize": 40}) }, 200, true, true},
		{"the end", func() reply { return rm.change(map[string]any{"ended": true}) }, 200, true, true},
	}
	state, wall := revisionETags(t, a, rm.code)
	for _, s := range steps {
		must(t, s.do(), s.status)
		st, wl := revisionETags(t, a, rm.code)
		if got := st != state; got != s.stateMoves {
			t.Errorf("%s: the state's revision moved %v, want %v", s.name, got, s.stateMoves)
		}
		if got := wl != wall; got != s.wallMoves {
			t.Errorf("%s: the wall's revision moved %v, want %v", s.name, got, s.wallMoves)
		}
		// Go's ETags are the glue's, and a poll with them is a 304.
		if got := must(t, a.get(statePath, ""), 200).Header.Get("ETag"); got != st {
			t.Errorf("%s: the state's ETag is %s, the glue makes %s", s.name, got, st)
		}
		if got := must(t, a.get(wallPath, ""), 200).Header.Get("ETag"); got != wl {
			t.Errorf("%s: the wall's ETag is %s, the glue makes %s", s.name, got, wl)
		}
		for _, p := range []struct{ path, etag string }{{statePath, st}, {wallPath, wl}} {
			must(t, getWith(a, p.path, p.etag), 304)
		}
		state, wall = st, wl
	}
}

// getWith is a GET with If-None-Match.
func getWith(a *api, path, etag string) reply {
	req := httptest.NewRequest("GET", path, nil)
	req.Header.Set("If-None-Match", etag)
	return serve(a.h, req)
}

// TestWorkshopGlueSpellsTheETags: fastpoll.mjs reads the columns these
// tests read and spells the ETags as Go does.
func TestWorkshopGlueSpellsTheETags(t *testing.T) {
	b, err := os.ReadFile("glue/fastpoll.mjs")
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		"SELECT id, revision, state_revision, last_activity FROM workshops WHERE code = ?",
		"`\"s-${id.slice(0, 8)}-${rev}\"`",
		"`\"w-${id.slice(0, 8)}-${rev}\"`",
		"48 * 3600 * 1000", // workshopTTL
	} {
		if !strings.Contains(string(b), want) {
			t.Errorf("fastpoll.mjs does not contain %s", want)
		}
	}
}

// TestWorkshopAnswersCountedOnce: devices answering at once, some changing
// an answer and some sending one again, leave exactly one row per device
// and item, with the last value each sent; the wall after the reveal
// counts them all (every item has a step due).
func TestWorkshopAnswersCountedOnce(t *testing.T) {
	a := newAPIWith(t, nil)
	rm := newRoom(t, a, nil)
	const devices = 24
	items := []string{"rutiner.handlingsplan", "rutiner.ansvar-arenden", "kunskap.utbildning-chefer", "kunskap.genomgang"}
	values := map[string][]string{}
	for _, id := range items {
		it, _ := rm.q.Item(id)
		for _, o := range it.Options {
			values[id] = append(values[id], o.Value)
		}
	}
	for d := range devices {
		must(t, rm.join(d), 201)
	}
	final := make([]map[string]string, devices)
	var wg sync.WaitGroup
	var mu sync.Mutex
	var bad []string
	for d := range devices {
		final[d] = map[string]string{}
		wg.Add(1)
		go func(d int) {
			defer wg.Done()
			for i, id := range items {
				v := values[id][(d+i)%len(values[id])]
				sends := []string{v}
				if d%3 == 0 { // changed at once
					sends = append(sends, values[id][(d+i+1)%len(values[id])])
				}
				if d%4 == 0 { // sent again (a lost acknowledgement)
					sends = append(sends, sends[len(sends)-1])
				}
				for _, s := range sends {
					if r := rm.answer(d, id, s); r.Status != 200 && r.Status != 201 {
						mu.Lock()
						bad = append(bad, r.String())
						mu.Unlock()
					}
					final[d][id] = s
				}
			}
		}(d)
	}
	wg.Wait()
	if len(bad) > 0 {
		t.Fatalf("answers refused: %v", bad)
	}
	want := map[string]map[string]int{}
	for _, f := range final {
		for id, v := range f {
			if want[id] == nil {
				want[id] = map[string]int{}
			}
			want[id][v]++
		}
	}
	rows, err := a.db.Query(`SELECT item, value, COUNT(*) FROM workshop_answers GROUP BY item, value`)
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]map[string]int{}
	n := 0
	for rows.Next() {
		var item, value string
		var c int
		if err := rows.Scan(&item, &value, &c); err != nil {
			t.Fatal(err)
		}
		if got[item] == nil {
			got[item] = map[string]int{}
		}
		got[item][value] = c
		n += c
	}
	rows.Close()
	if n != devices*len(items) {
		t.Errorf("%d answers stored, want %d (one per device and item)", n, devices*len(items))
	}
	must(t, rm.change(map[string]any{"revealed": true}), 200)
	v := rm.wall(t)
	for _, id := range items {
		if fmtCounts(got[id]) != fmtCounts(want[id]) {
			t.Errorf("%s: stored %v, sent %v", id, got[id], want[id])
		}
		if shown := counts(tally(t, v, id)); fmtCounts(shown) != fmtCounts(want[id]) {
			t.Errorf("%s: the wall shows %v, sent %v", id, shown, want[id])
		}
	}
}

func fmtCounts(m map[string]int) string {
	var parts []string
	for k, v := range m {
		if v > 0 {
			parts = append(parts, k+"="+strconv.Itoa(v))
		}
	}
	sort.Strings(parts)
	return strings.Join(parts, ",")
}
