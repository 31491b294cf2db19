//go:build !js

package worker

import (
	"context"
	"fmt"
	"math/rand/v2"
	"testing"
	"time"

	"lagesbild"
	"lagesbild/api"
)

// TestMigrationOfficial: migration 0008 takes a database kept by 0004's
// running sums, with several responses per municipality (workshop ones
// among them, some changed, some stored in the same second), to one official
// response per municipality, the one lagesbild.Official chooses; 0004's table
// and triggers are gone; aggregate reads the official response's values,
// not a mean; and writes after it (changes, a workshop's response, a
// response of the questionnaire after a workshop's) keep the choice.
func TestMigrationOfficial(t *testing.T) {
	ctx := context.Background()
	db, q := migratedWithRounds(t, "0007_codes_remade.sql", "m1", "m2")
	type kept struct {
		resp    api.Response
		answers string // as stored: a change is a change of this or of the role
		updated string
		partial bool // as stored: false for what was stored before 0008
	}
	stored := map[string]*kept{}
	clock := time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)
	ticks := 0
	migrated := false
	s := store{db: db}
	put := func(resp api.Response) {
		t.Helper()
		ticks++
		if ticks%40 == 0 { // forty puts in the same second: the id often decides
			clock = clock.Add(time.Second)
		}
		rec, _, err := newRecord(resp, q, clock.Format(timeLayout))
		if err != nil {
			t.Fatal(err)
		}
		if migrated {
			_, err = s.putResponse(ctx, rec)
		} else {
			err = putBefore0008(ctx, db, rec)
		}
		if err != nil {
			t.Fatal(err)
		}
		k := stored[resp.ID]
		if k == nil {
			stored[resp.ID] = &kept{resp: resp, answers: rec.Answers, updated: rec.Now, partial: migrated && rec.Partial}
			return
		}
		if k.answers != rec.Answers || k.resp.Role != resp.Role {
			*k = kept{resp: resp, answers: rec.Answers, updated: rec.Now, partial: migrated && rec.Partial}
		}
	}
	rng := rand.New(rand.NewPCG(8, 8))
	others := DemoResponses("other", q, 99) // answers to change responses to
	var all []api.Response
	for i, round := range []string{"m1", "m2"} {
		rs := DemoResponses(round, q, uint64(i+1))
		for j, r := range rs[:120] { // more responses: the same municipality, now and then a workshop's
			extra := r
			extra.ID = lagesbild.FormatUUID([16]byte([]byte(fmt.Sprintf("%-16s", fmt.Sprint(round, j)))), 4)
			extra.Answers = others[rng.IntN(len(others))].Answers
			switch {
			case j%6 == 0: // the municipality's responses may all be workshops'
				rs[j].Role, extra.Role = lagesbild.RoleWorkshop, lagesbild.RoleWorkshop
			case rng.IntN(3) == 0:
				extra.Role = lagesbild.RoleWorkshop
			}
			rs = append(rs, extra)
		}
		rng.Shuffle(len(rs), func(a, b int) { rs[a], rs[b] = rs[b], rs[a] })
		for _, r := range rs {
			put(r)
		}
		all = append(all, rs...)
	}
	changeSome := func() {
		for _, r := range all {
			if rng.IntN(5) == 0 {
				r = stored[r.ID].resp
				r.Answers = others[rng.IntN(len(others))].Answers
				put(r)
			}
		}
	}
	changeSome()
	if err := migrate(ctx, db, ""); err != nil {
		t.Fatal(err)
	}
	migrated = true

	check := func(when string) {
		t.Helper()
		byMuni := map[[2]string][]*kept{}
		for _, k := range stored {
			key := [2]string{k.resp.Round, k.resp.Municipality}
			byMuni[key] = append(byMuni[key], k)
		}
		agg, err := s.aggregate(ctx, "m1", "m2")
		if err != nil {
			t.Fatal(err)
		}
		n, workshops, multi := 0, 0, 0
		for round, rs := range agg {
			for _, got := range rs {
				ks := byMuni[[2]string{round, got.Municipality}]
				cs := make([]lagesbild.Candidate, len(ks))
				for i, k := range ks {
					cs[i] = lagesbild.Candidate{Role: k.resp.Role, Updated: k.updated, ID: k.resp.ID}
				}
				off := ks[lagesbild.Official(cs)]
				res := q.Score(off.resp.Answers)
				want := lagesbild.MunicipalityResult{Municipality: got.Municipality, Respondents: len(ks), Measures: res.Measures(),
					Partial: off.partial, Workshop: off.resp.Role == lagesbild.RoleWorkshop}
				if g, w := deref(got)+fmt.Sprint(got.Partial, got.Workshop), deref(want)+fmt.Sprint(want.Partial, want.Workshop); g != w {
					t.Errorf("%s: %s %s: aggregate %s, official %s", when, round, got.Municipality, g, w)
				}
				n++
				if want.Workshop {
					workshops++
				}
				if len(ks) > 1 {
					multi++
				}
			}
		}
		if n != len(byMuni) {
			t.Errorf("%s: %d municipalities aggregated, want %d", when, n, len(byMuni))
		}
		if workshops == 0 || multi < 100 {
			t.Errorf("%s: premise: %d workshop officials, %d municipalities with several responses; want some and 100", when, workshops, multi)
		}
	}
	check("after 0008")
	var left int
	if err := db.QueryRow(`SELECT COUNT(*) FROM sqlite_schema WHERE name IN
		('municipality_sums', 'measures_sums_insert', 'measures_sums_delete')`).Scan(&left); err != nil || left != 0 {
		t.Errorf("0004's table and triggers: %d left (%v), want none", left, err)
	}
	changeSome()
	// A workshop's response where the questionnaire was answered stays
	// beside it; where only workshops answered, a response of the
	// questionnaire, even an earlier one, takes over.
	for i, r := range all[:40] {
		r = stored[r.ID].resp
		r.ID = lagesbild.FormatUUID([16]byte([]byte(fmt.Sprintf("%-16s", fmt.Sprint("late", i)))), 4)
		r.Role = []string{lagesbild.RoleWorkshop, "chef"}[i%2]
		put(r)
	}
	check("after more changes")
}
