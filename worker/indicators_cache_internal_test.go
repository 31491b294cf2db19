//go:build !js

package worker

import (
	"context"
	"fmt"
	"reflect"
	"testing"

	"lagesbild"
)

// TestOfficialRevisions: every write of a municipality's response moves
// its round's revision (migrations/0016), and only its round's; a county's
// own response (no municipality) does not.
func TestOfficialRevisions(t *testing.T) {
	ctx := context.Background()
	db, _ := migratedWithRounds(t, "", "r1", "r2")
	s := store{db: db}
	revs := func() map[string]int64 {
		t.Helper()
		got, err := s.officialRevisions(ctx, "r1", "r2")
		if err != nil {
			t.Fatal(err)
		}
		return got
	}
	insert := func(id, round, muni, answers string) {
		t.Helper()
		var m any = muni
		if muni == "" {
			m = nil
		}
		if _, err := db.Exec(`INSERT INTO responses (id, round, questionnaire, version, municipality, county, role, answers, measures, received, updated)
			VALUES (?, ?, 'kommun', 0, ?, '01', 'chef', ?, '{}', '2026-03-01T00:00:00Z', '2026-03-01T00:00:00Z')`, id, round, m, answers); err != nil {
			t.Fatal(err)
		}
	}
	steps := []struct {
		what string
		do   func()
		want map[string]int64
	}{
		{"nothing yet", func() {}, map[string]int64{}},
		{"a response in r1", func() { insert("a", "r1", "0114", `{"x":"ja"}`) }, map[string]int64{"r1": 1}},
		{"another in r1", func() { insert("b", "r1", "0115", `{"x":"nej"}`) }, map[string]int64{"r1": 2}},
		{"one in r2", func() { insert("c", "r2", "0114", `{"x":"ja"}`) }, map[string]int64{"r1": 2, "r2": 1}},
		{"a county's own", func() { insert("d", "r2", "", `{"x":"ja"}`) }, map[string]int64{"r1": 2, "r2": 1}},
		{"r1's changed", func() {
			if _, err := db.Exec(`UPDATE responses SET answers = '{"x":"nej"}' WHERE id = 'a'`); err != nil {
				t.Fatal(err)
			}
		}, map[string]int64{"r1": 3, "r2": 1}},
		{"r2's deleted", func() {
			if _, err := db.Exec(`DELETE FROM responses WHERE id = 'c'`); err != nil {
				t.Fatal(err)
			}
		}, map[string]int64{"r1": 3, "r2": 2}},
		{"moved from r1 to r2", func() {
			if _, err := db.Exec(`UPDATE responses SET round = 'r2' WHERE id = 'b'`); err != nil {
				t.Fatal(err)
			}
		}, map[string]int64{"r1": 4, "r2": 3}},
	}
	for _, st := range steps {
		st.do()
		if got := revs(); !reflect.DeepEqual(got, st.want) {
			t.Errorf("%s: revisions %v, want %v", st.what, got, st.want)
		}
	}
}

// TestOfficialAnswersItems: only the items asked for are read from the
// official answers, under the ids they are stored with; an answer set with
// none of them reads empty.
func TestOfficialAnswersItems(t *testing.T) {
	ctx := context.Background()
	db, _ := migratedWithRounds(t, "", "r1", "r2")
	for _, r := range []struct{ id, round, muni, answers string }{
		{"a", "r1", "0114", `{"rutiner.a":"ja","old.b":"nej","other":"x","c\"q":"y"}`},
		{"b", "r2", "0114", `{"other":"x"}`},
		{"c", "r2", "0180", `{"rutiner.a":"Ej aktuellt","c\"q":"z"}`},
		{"d", "r2", "0305", `{"rutiner.a":"nej"}`},
	} {
		if _, err := db.Exec(`INSERT INTO responses (id, round, questionnaire, version, municipality, county, role, answers, measures, received, updated)
			VALUES (?, ?, 'kommun', 0, ?, '01', 'chef', ?, '{}', '2026-03-01T00:00:00Z', '2026-03-01T00:00:00Z')`, r.id, r.round, r.muni, r.answers); err != nil {
			t.Fatal(err)
		}
	}
	items := []string{"rutiner.a", "old.b", `c"q`}
	for _, c := range []struct {
		county string
		want   map[string]map[string]lagesbild.Answers
	}{
		{"", map[string]map[string]lagesbild.Answers{
			"r1": {"0114": {"rutiner.a": "ja", "old.b": "nej", `c"q`: "y"}},
			"r2": {"0114": {}, "0180": {"rutiner.a": "Ej aktuellt", `c"q`: "z"}, "0305": {"rutiner.a": "nej"}},
		}},
		{"03", map[string]map[string]lagesbild.Answers{
			"r2": {"0305": {"rutiner.a": "nej"}},
		}},
		{"04", map[string]map[string]lagesbild.Answers{}},
	} {
		got, err := store{db: db}.officialAnswers(ctx, "r1", "r2", c.county, items)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(got, c.want) {
			t.Errorf("county %q: got %v, want %v", c.county, got, c.want)
		}
	}
}

// TestIndicatorItems: an indicator item's answer is read under its id and
// under the ids it was renamed from (answerFor), each once.
func TestIndicatorItems(t *testing.T) {
	q := &lagesbild.Questionnaire{
		Sections: []lagesbild.Section{{ID: "s", Items: []lagesbild.Item{
			{ID: "s.a", Indicators: []lagesbild.Indicator{{ID: "i1"}, {ID: "i2"}}},
			{ID: "s.b"},
			{ID: "s.c", Indicators: []lagesbild.Indicator{{ID: "i3"}}},
		}}},
		Renamed: map[string]string{"old.c": "s.c", "old.b": "s.b"},
	}
	if got, want := indicatorItems(q), []string{"s.a", "s.c", "old.c"}; !reflect.DeepEqual(got, want) {
		t.Errorf("got %v, want %v", got, want)
	}
}

// TestIndicatorCache: a snapshot is found only at its revision, an older
// one never replaces a newer one, and each kind is bounded on its own.
func TestIndicatorCache(t *testing.T) {
	var c indicatorCache
	key := snapshotKey{round: "r", questionnaire: "kommun", version: 2}
	c.put(key, &indicatorSnapshot{rev: 3})
	if c.get(key, 3) == nil || c.get(key, 2) != nil || c.get(key, 4) != nil {
		t.Error("found at another revision, or not at its own")
	}
	c.put(key, &indicatorSnapshot{rev: 2}) // a slower request's, read before the write
	if c.get(key, 3) == nil {
		t.Error("an older snapshot replaced a newer one")
	}
	c.put(key, &indicatorSnapshot{rev: 5})
	if c.get(key, 5) == nil {
		t.Error("a newer snapshot is not kept")
	}
	for i := range 100 {
		c.put(snapshotKey{round: fmt.Sprint("w", i)}, &indicatorSnapshot{})
		c.put(snapshotKey{round: "r", county: fmt.Sprint(i)}, &indicatorSnapshot{})
	}
	whole, county := 0, 0
	for k := range c.m {
		if k.county == "" {
			whole++
		} else {
			county++
		}
	}
	if whole != maxSnapshots || county != maxCountySnapshots {
		t.Errorf("kept %d snapshots of rounds and %d of counties, want %d and %d", whole, county, maxSnapshots, maxCountySnapshots)
	}
}
