//go:build !js

package worker_test

import (
	"math/rand/v2"
	"net/http"
	"strings"
	"testing"
	"time"

	"lagesbild"
	wire "lagesbild/api"
	"lagesbild/questionnaires"
	"lagesbild/worker"
)

// TestGroupsMatchAnswers (issue 16, item 5): in a round open to all, the
// municipality groups' figures at both comparison routes are the means, per
// measure, of the results scored here from the answers stored, over each
// group's municipalities that answered — where shown; every group rests on
// more than k here, and a hidden one is hidden for every measure. A private
// round still open shows them to the admin only (live), never in a
// publication (TestGroupsFinalRelease: once closed, beside the final one).
func TestGroupsMatchAnswers(t *testing.T) {
	a := newAPIWith(t, shippedCatalog{})
	q, err := questionnaires.Get("kommun", 2)
	if err != nil {
		t.Fatal(err)
	}
	must(t, a.do("POST", "/api/admin/rounds", adminToken, map[string]any{
		"id": "open", "questionnaire": "kommun", "version": q.Version, "opens": "2026-01-01", "closes": "2099-12-31", "openToAll": true}), http.StatusCreated)
	a.round("private", "kommun", q.Version, "2026-01-01", "2099-12-31", "")
	rng := rand.New(rand.NewPCG(16, 5))
	scored := map[string]map[string]*float64{} // kommunkod → measures
	n := 0
	for _, m := range lagesbild.Municipalities() {
		if rng.IntN(3) == 0 {
			continue // a third do not answer
		}
		ans := map[string]string{}
		for _, s := range q.Sections {
			for _, it := range s.Items {
				if rng.IntN(10) > 0 {
					ans[it.ID] = it.Options[rng.IntN(len(it.Options))].Value
				}
			}
		}
		for _, round := range []string{"open", "private"} {
			n++
			must(t, a.do("POST", "/api/responses", adminToken, map[string]any{"id": uuid(n), "round": round, "questionnaire": "kommun",
				"version": q.Version, "municipality": m.Code, "role": "chef", "answers": ans}), http.StatusCreated)
		}
		res := q.Score(ans)
		scored[m.Code] = res.Measures()
	}
	var counties struct{ Groups []lagesbild.Group }
	must(t, a.get("/api/rounds/open/counties", ""), http.StatusOK).decode(t, &counties)
	var county struct{ Groups []lagesbild.Group }
	must(t, a.get("/api/rounds/open/counties/24", ""), http.StatusOK).decode(t, &county)
	if len(counties.Groups) != len(lagesbild.MunicipalityGroups()) || mustJSON(t, counties.Groups) != mustJSON(t, county.Groups) {
		t.Fatalf("groups: counties %d, county %s", len(counties.Groups), mustJSON(t, county.Groups))
	}
	shown := 0
	for i, g := range counties.Groups {
		mg := lagesbild.MunicipalityGroups()[i]
		if g.Code != mg.Code || g.Name != mg.Name {
			t.Errorf("group %d: %s %q, want %s %q", i, g.Code, g.Name, mg.Code, mg.Name)
		}
		hidden := g.Measures[lagesbild.MeasureTotal].Suppressed
		if !hidden {
			shown++
		}
		for _, id := range q.MeasureIDs() {
			var sum int64
			cnt, responded := 0, 0
			for _, m := range lagesbild.MunicipalitiesInGroup(g.Code) {
				ms, ok := scored[m.Code]
				if !ok {
					continue
				}
				responded++
				if v := ms[id]; v != nil {
					sum += lagesbild.MeasureUnits(*v)
					cnt++
				}
			}
			f := g.Measures[id]
			if g.Responded != responded {
				t.Errorf("group %s: responded %d, want %d", g.Code, g.Responded, responded)
			}
			switch {
			case hidden:
				if !f.Suppressed || f.Value != nil || f.N != 0 {
					t.Errorf("group %s %s: %+v; hidden for the total, so for every measure", g.Code, id, f)
				}
			case cnt == 0:
				if f.Value != nil || f.Suppressed {
					t.Errorf("group %s %s: %+v, want no data", g.Code, id, f)
				}
			default:
				want := lagesbild.MeanOfUnits(id, sum, cnt)
				if f.Suppressed || f.Value == nil || *f.Value != want || f.N != cnt {
					t.Errorf("group %s %s: %s, want %v over %d", g.Code, id, mustJSON(t, f), want, cnt)
				}
			}
		}
	}
	if shown < 7 {
		t.Errorf("%d groups shown; with two thirds of the country answering, want all but A1 and one other at most", shown)
	}
	// A private round still open: the admin's live figures hold the
	// groups; a municipality's code reads a publication, without them.
	codes := a.codes("private", []string{"0114"}, nil)
	var admin, muni struct{ Groups []lagesbild.Group }
	must(t, a.get("/api/rounds/private/counties", adminToken), http.StatusOK).decode(t, &admin)
	must(t, a.get("/api/rounds/private/counties/01", codes["0114"]), http.StatusOK).decode(t, &muni)
	if mustJSON(t, admin.Groups) != mustJSON(t, counties.Groups) {
		t.Errorf("private round, admin: groups %s, want those of the open round", mustJSON(t, admin.Groups))
	}
	if muni.Groups != nil {
		t.Errorf("private round, a municipality's code: groups %s in a publication", mustJSON(t, muni.Groups))
	}

	// The long export: a row per group and section measure, the figures of
	// the county view (its release); none where the view has no groups.
	// (The indicators have kommungrupp rows of their own release.)
	isMeasure := map[string]bool{}
	for _, id := range q.MeasureIDs() {
		isMeasure[id] = true
	}
	var rows []wire.LongRow
	must(t, a.get("/api/rounds/open/export/long.json", ""), http.StatusOK).decode(t, &rows)
	got := map[string]wire.LongRow{}
	for _, r := range rows {
		if r.Kind == lagesbild.UnitMunicipalityGroup && isMeasure[r.Measure] {
			got[r.Code+" "+r.Measure] = r
		}
	}
	if want := len(counties.Groups) * len(q.MeasureIDs()); len(got) != want {
		t.Errorf("long export: %d kommungrupp rows, want %d", len(got), want)
	}
	for _, g := range counties.Groups {
		for _, id := range q.MeasureIDs() {
			f, r := g.Measures[id], got[g.Code+" "+id]
			if r.Name != g.Name || r.Round != "open" || r.Suppressed != f.Suppressed || r.N != f.N || mustJSON(t, r.Value) != mustJSON(t, f.Value) {
				t.Errorf("long export, %s %s: %+v, want %+v", g.Code, id, r, f)
			}
		}
	}
	csv := string(must(t, a.get("/api/rounds/open/export/long.csv", ""), http.StatusOK).Body)
	if !strings.Contains(csv, `"total";"kommungrupp";"A1";"Storstäder";"open";`) {
		t.Error("long.csv: no kommungrupp row of A1")
	}
	for _, token := range []string{codes["0114"]} {
		rows = nil
		must(t, a.get("/api/rounds/private/export/long.json", token), http.StatusOK).decode(t, &rows)
		for _, r := range rows {
			if r.Kind == lagesbild.UnitMunicipalityGroup && isMeasure[r.Measure] {
				t.Fatalf("private round, a publication: %+v in the long export", r)
			}
		}
	}
}

// TestGroupsKeptInD1: the groups' decision is kept in D1 (migrations/0015)
// under what it depends on and read before deciding: a new instance (a
// fresh isolate) uses the kept one — made here to hide every group, so a
// decision made anew would show — and an answer more is a new pattern,
// decided and kept anew.
func TestGroupsKeptInD1(t *testing.T) {
	a := newAPIWith(t, shippedCatalog{})
	q, err := questionnaires.Get("kommun", 2)
	if err != nil {
		t.Fatal(err)
	}
	must(t, a.do("POST", "/api/admin/rounds", adminToken, map[string]any{
		"id": "open", "questionnaire": "kommun", "version": q.Version, "opens": "2026-01-01", "closes": "2099-12-31", "openToAll": true}), http.StatusCreated)
	rng := rand.New(rand.NewPCG(16, 15))
	n := 0
	answer := func(m string) {
		ans := map[string]string{}
		for _, s := range q.Sections {
			for _, it := range s.Items {
				ans[it.ID] = it.Options[rng.IntN(len(it.Options))].Value
			}
		}
		n++
		must(t, a.do("POST", "/api/responses", adminToken, map[string]any{"id": uuid(n), "round": "open", "questionnaire": "kommun",
			"version": q.Version, "municipality": m, "role": "chef", "answers": ans}), http.StatusCreated)
	}
	var last string
	for _, m := range lagesbild.Municipalities() {
		if rng.IntN(2) == 0 {
			answer(m.Code)
		} else {
			last = m.Code
		}
	}
	shownOf := func() int {
		t.Helper()
		var v struct{ Groups []lagesbild.Group }
		must(t, a.get("/api/rounds/open/counties/24", ""), http.StatusOK).decode(t, &v)
		shown := 0
		for _, g := range v.Groups {
			if !g.Measures[lagesbild.MeasureTotal].Suppressed {
				shown++
			}
		}
		return shown
	}
	kept := func() int {
		t.Helper()
		var c int
		if err := a.db.QueryRow(`SELECT COUNT(*) FROM group_releases WHERE round = 'open'`).Scan(&c); err != nil {
			t.Fatal(err)
		}
		return c
	}
	first := shownOf()
	if first == 0 || kept() != 1 {
		t.Fatalf("first read: %d groups shown, %d decisions kept; want some, 1", first, kept())
	}
	if got := shownOf(); got != first || kept() != 1 {
		t.Fatalf("second read: %d groups shown, %d kept; want %d, 1", got, kept(), first)
	}
	if _, err := a.db.Exec(`UPDATE group_releases SET shown = replace(shown, '1', '0') WHERE round = 'open'`); err != nil {
		t.Fatal(err)
	}
	a.h = worker.New(worker.Config{DB: a.db, AdminToken: adminToken, Catalog: a.cat, Now: func() time.Time { return a.now }})
	if got := shownOf(); got != 0 {
		t.Errorf("new instance: %d groups shown; the kept decision (none) is not used", got)
	}
	answer(last)
	if got := shownOf(); got == 0 || kept() != 2 {
		t.Errorf("an answer more: %d groups shown, %d decisions kept; want some, 2", got, kept())
	}
}

// TestGroupsFinalRelease (issue 16, item 5, private rounds): a county
// lead of a private round sees no municipality groups while the round is
// open, with the reason (groupsPending); once it has closed, the groups
// decided beside its final release (lagesbild.Publisher.FinalGroups), kept
// in D1 and the same on every read, each shown one the means of the
// answers; and, beside them, the previous round's, from its own final
// release. The admin reads live figures: the previous round's groups too
// (live, with its own snapshot).
func TestGroupsFinalRelease(t *testing.T) {
	a := newAPIWith(t, shippedCatalog{})
	q, err := questionnaires.Get("kommun", 2)
	if err != nil {
		t.Fatal(err)
	}
	a.round("2025", "kommun", q.Version, "2025-03-01", "2025-05-31", "")
	a.round("2026", "kommun", q.Version, "2026-03-01", "2026-05-31", "2025")
	rng := rand.New(rand.NewPCG(16, 25))
	scored := map[string]map[string]*float64{} // 2026's, by kommunkod
	n := 0
	answer := func(round, m string) map[string]*float64 {
		ans := map[string]string{}
		for _, s := range q.Sections {
			for _, it := range s.Items {
				if rng.IntN(10) > 0 {
					ans[it.ID] = it.Options[rng.IntN(len(it.Options))].Value
				}
			}
		}
		n++
		must(t, a.do("POST", "/api/responses", adminToken, map[string]any{"id": uuid(n), "round": round, "questionnaire": "kommun",
			"version": q.Version, "municipality": m, "role": "chef", "answers": ans}), http.StatusCreated)
		res := q.Score(ans)
		return res.Measures()
	}
	a.now = testNow.AddDate(-1, 0, 0)
	for _, m := range lagesbild.Municipalities() {
		if rng.IntN(3) > 0 {
			answer("2025", m.Code)
		}
	}
	a.now = testNow
	codes := a.codes("2026", []string{"0114"}, []string{"01"})
	type view struct {
		Groups        []lagesbild.Group
		GroupsPending bool
		Previous      *struct {
			Groups        []lagesbild.Group
			GroupsPending bool
		}
	}
	read := func(token string) view {
		t.Helper()
		var v view
		must(t, a.get("/api/rounds/2026/counties/01", token), http.StatusOK).decode(t, &v)
		return v
	}
	shownOf := func(gs []lagesbild.Group) int {
		c := 0
		for _, g := range gs {
			if !g.Measures[lagesbild.MeasureTotal].Suppressed {
				c++
			}
		}
		return c
	}
	for i, m := range lagesbild.Municipalities() {
		a.now = a.now.Add(time.Minute)
		if rng.IntN(3) > 0 {
			scored[m.Code] = answer("2026", m.Code)
		}
		if i%40 == 0 {
			read(codes["01"]) // releases on the way
		}
	}
	lead := read(codes["01"])
	if lead.Groups != nil || !lead.GroupsPending {
		t.Errorf("open private round, lead: groups %d, pending %v; want none, pending", len(lead.Groups), lead.GroupsPending)
	}
	if lead.Previous == nil || lead.Previous.GroupsPending || shownOf(lead.Previous.Groups) == 0 {
		t.Fatalf("open private round, lead: previous round's groups %+v; want its final release's", lead.Previous)
	}
	admin := read(adminToken)
	if admin.GroupsPending || shownOf(admin.Groups) == 0 || admin.Previous == nil || shownOf(admin.Previous.Groups) == 0 {
		t.Errorf("admin: groups %d shown (pending %v), previous %+v; want live groups of both rounds", shownOf(admin.Groups), admin.GroupsPending, admin.Previous)
	}

	a.now = time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC) // closed
	lead = read(codes["01"])
	muni := read(codes["0114"])
	if lead.GroupsPending || shownOf(lead.Groups) == 0 {
		t.Fatalf("closed private round, lead: %d groups shown, pending %v; want the final release's", shownOf(lead.Groups), lead.GroupsPending)
	}
	if mustJSON(t, muni.Groups) != mustJSON(t, lead.Groups) || mustJSON(t, read(codes["01"]).Groups) != mustJSON(t, lead.Groups) {
		t.Error("the final groups differ between readers or reads")
	}
	var pattern, shown string
	if err := a.db.QueryRow(`SELECT pattern, shown FROM group_releases WHERE round = '2026' AND pattern LIKE 'final %'`).Scan(&pattern, &shown); err != nil {
		t.Fatalf("no final decision kept: %v", err)
	}
	t.Logf("kept %q: %q; previous round: %d groups shown", pattern, shown, shownOf(lead.Previous.Groups))
	for _, g := range lead.Groups {
		if g.Measures[lagesbild.MeasureTotal].Suppressed {
			continue
		}
		for _, id := range q.MeasureIDs() {
			var sum int64
			cnt := 0
			for _, m := range lagesbild.MunicipalitiesInGroup(g.Code) {
				if v := scored[m.Code][id]; v != nil {
					sum += lagesbild.MeasureUnits(*v)
					cnt++
				}
			}
			if f := g.Measures[id]; cnt > 0 && (f.Value == nil || *f.Value != lagesbild.MeanOfUnits(id, sum, cnt) || f.N != cnt) {
				t.Errorf("group %s %s: %s, want the mean over %d", g.Code, id, mustJSON(t, f), cnt)
			}
		}
	}
	// The long export holds the groups of both rounds as the view shows
	// them: this round's final release's and the previous round's.
	var rows []wire.LongRow
	must(t, a.get("/api/rounds/2026/export/long.json", codes["01"]), http.StatusOK).decode(t, &rows)
	for _, c := range []struct {
		round string
		gs    []lagesbild.Group
	}{{"2026", lead.Groups}, {"2025", lead.Previous.Groups}} {
		want := map[string]lagesbild.Figure{}
		for _, g := range c.gs {
			for id, f := range g.Measures {
				want[g.Code+" "+id] = f
			}
		}
		got := 0
		for _, r := range rows {
			if r.Kind != lagesbild.UnitMunicipalityGroup || r.Round != c.round {
				continue
			}
			f, ok := want[r.Code+" "+r.Measure]
			if !ok {
				continue // an indicator's kommungrupp row
			}
			got++
			if r.Suppressed != f.Suppressed || r.N != f.N || mustJSON(t, r.Value) != mustJSON(t, f.Value) {
				t.Errorf("long export, round %s, %s %s: %+v, want %+v", c.round, r.Code, r.Measure, r, f)
			}
		}
		if got != len(want) {
			t.Errorf("long export, round %s: %d kommungrupp rows of the view's groups, want %d", c.round, got, len(want))
		}
	}
	// An answer changed after the close (the admin's): the figures would be
	// another moment, so every group is hidden, and nothing decided anew.
	a.now = time.Date(2026, 5, 30, 0, 0, 0, 0, time.UTC)
	answer("2026", "0114")
	a.now = time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC)
	if got := read(codes["01"]); shownOf(got.Groups) != 0 {
		t.Errorf("results changed after the final release: %d groups shown", shownOf(got.Groups))
	}
}
