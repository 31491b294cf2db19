//go:build !js

package worker_test

import (
	"math/rand/v2"
	"net/http"
	"slices"
	"testing"
	"time"

	"lagesbild"
	wire "lagesbild/api"
	"lagesbild/questionnaires"
	"lagesbild/worker"
)

// instance is another instance of the worker on a's database (another
// isolate, or a Go instance of the pool), with its own cache.
func (a *api) instance() *api {
	b := &api{t: a.t, db: a.db, cat: a.cat, now: a.now}
	b.h = worker.New(worker.Config{DB: a.db, AdminToken: adminToken, Catalog: a.cat, Now: func() time.Time { return b.now }})
	return b
}

// national is an indicator's national figure in a view.
func national(t *testing.T, v wire.Indicators, id string) (cur wire.IndicatorFigure, pending bool) {
	t.Helper()
	for _, iv := range v.Indicators {
		if iv.ID != id {
			continue
		}
		for _, f := range iv.Current.Groups {
			if f.Kind == lagesbild.UnitCountry {
				return f, iv.Current.Pending
			}
		}
	}
	t.Fatalf("no national figure of %s", id)
	return
}

// TestIndicatorsFollowWrites: the indicator routes keep their figures per
// instance (indicators_cache.go), and a changed official answer shows on
// the next request: in the instance that stored it, and in another one
// that had kept the figures before (the round's revision is in D1,
// migrations/0016) — a new response, and a response stored again under its
// id.
func TestIndicatorsFollowWrites(t *testing.T) {
	a := newAPI(t)
	a.round("w", "kommun", 2, "2026-01-01", "2026-06-30", "")
	var munis []string
	for _, c := range []string{"01", "03"} {
		for _, m := range lagesbild.MunicipalitiesIn(c) {
			munis = append(munis, m.Code)
		}
	}
	codes := a.codes("w", munis, []string{"01", "03"})
	for i, m := range munis {
		must(t, a.do("POST", "/api/responses", codes[m], responseV2(i+1, "w", m, map[string]string{"rutiner.handlingsplan": "nej"})), http.StatusCreated)
	}
	b := a.instance()
	check := func(what string, in *api, wantMet int, wantNotMet []string) {
		t.Helper()
		var v wire.Indicators
		must(t, in.get("/api/rounds/w/indicators", adminToken), http.StatusOK).decode(t, &v)
		if f, _ := national(t, v, "plan-beslutad"); f.Suppressed || f.Met != wantMet || f.N != len(munis) {
			t.Errorf("%s: national %+v, want %d of %d", what, f, wantMet, len(munis))
		}
		var cv wire.CountyIndicators
		must(t, in.get("/api/rounds/w/indicators/county/03", codes["03"]), http.StatusOK).decode(t, &cv)
		ci := cv.Indicators[0]
		if got := ci.NotMet; !slices.Equal(got, wantNotMet) || ci.Figure.Met != 8-len(wantNotMet) {
			t.Errorf("%s: county 03 not met %v (met %d), want %v", what, got, ci.Figure.Met, wantNotMet)
		}
	}
	county03 := []string{}
	for _, m := range lagesbild.MunicipalitiesIn("03") {
		county03 = append(county03, m.Code)
	}
	check("first read", a, 0, county03)
	check("first read, another instance", b, 0, county03)
	check("kept", a, 0, county03)

	// A new response of Knivsta (0330) through a: official now.
	must(t, a.do("POST", "/api/responses", codes["0330"], responseV2(100, "w", "0330", map[string]string{"rutiner.handlingsplan": "ja"})), http.StatusCreated)
	rest := slices.DeleteFunc(slices.Clone(county03), func(m string) bool { return m == "0330" })
	check("a new response, the instance that stored it", a, 1, rest)
	check("a new response, another instance", b, 1, rest)

	// Enköping's (0381) response stored again under its id, changed.
	i := slices.Index(munis, "0381")
	must(t, b.do("POST", "/api/responses", codes["0381"], responseV2(i+1, "w", "0381", map[string]string{"rutiner.handlingsplan": "ja"})), http.StatusOK)
	rest = slices.DeleteFunc(rest, func(m string) bool { return m == "0381" })
	check("a response changed, the instance that stored it", b, 2, rest)
	check("a response changed, another instance", a, 2, rest)
}

// TestIndicatorsCacheAccess: readers of one round share the kept data but
// never the form: while a private round is open a code holder gets every
// figure suppressed and pending whatever the admin read before it, and the
// admin gets live figures whatever a code holder read before; once closed,
// both the same released figures. The previous round's figures follow their
// own round's state.
func TestIndicatorsCacheAccess(t *testing.T) {
	a := newAPI(t)
	a.round("p1", "kommun", 2, "2025-01-01", "2025-06-30", "")
	a.round("p2", "kommun", 2, "2026-01-01", "2026-06-30", "p1")
	munis := []string{}
	for _, m := range lagesbild.MunicipalitiesIn("01") {
		munis = append(munis, m.Code)
	}
	c1 := a.codes("p1", munis, nil)
	c2 := a.codes("p2", munis, nil)
	met := map[string]int{}
	a.now = time.Date(2025, 3, 1, 0, 0, 0, 0, time.UTC)
	for i, m := range munis {
		v := "nej"
		if i%2 == 0 {
			v = "ja"
			met["p1"]++
		}
		must(t, a.do("POST", "/api/responses", c1[m], responseV2(i+1, "p1", m, map[string]string{"rutiner.handlingsplan": v})), http.StatusCreated)
	}
	a.now = testNow
	for i, m := range munis {
		v := "nej"
		if i%3 == 0 {
			v = "ja"
			met["p2"]++
		}
		must(t, a.do("POST", "/api/responses", c2[m], responseV2(100+i, "p2", m, map[string]string{"rutiner.handlingsplan": v})), http.StatusCreated)
	}
	read := func(in *api, token string) wire.Indicators {
		t.Helper()
		var v wire.Indicators
		must(t, in.get("/api/rounds/p2/indicators", token), http.StatusOK).decode(t, &v)
		return v
	}
	isLive := func(what string, v wire.Indicators) {
		t.Helper()
		if f, pending := national(t, v, "plan-beslutad"); pending || f.Suppressed || f.Met != met["p2"] {
			t.Errorf("%s: %+v pending %v, want %d met, shown", what, f, pending, met["p2"])
		}
	}
	isPending := func(what string, v wire.Indicators) {
		t.Helper()
		for _, iv := range v.Indicators {
			if !iv.Current.Pending {
				t.Errorf("%s: %s not pending", what, iv.ID)
			}
			for _, f := range iv.Current.Groups {
				if !f.Suppressed || f.Met != 0 || f.N != 0 || f.Share != nil {
					t.Errorf("%s: %s %s %s shown while pending: %+v", what, iv.ID, f.Kind, f.Code, f)
				}
			}
		}
	}
	// The previous round (closed) is released for both.
	prevShown := func(what string, v wire.Indicators) {
		t.Helper()
		p := v.Indicators[0].Previous
		if p == nil || p.Round != "p1" || p.Pending {
			t.Fatalf("%s: previous %+v, want p1 released", what, p)
		}
		for _, f := range p.Groups {
			if f.Kind == lagesbild.UnitCountry && (f.Suppressed || f.Met != met["p1"]) {
				t.Errorf("%s: previous national %+v, want %d met", what, f, met["p1"])
			}
		}
	}
	muni := c2["0114"]
	// The admin first, then a municipality, in one instance.
	v := read(a, adminToken)
	isLive("admin, first", v)
	prevShown("admin, first", v)
	v = read(a, muni)
	isPending("municipality after the admin", v)
	prevShown("municipality after the admin", v)
	// A municipality first, then the admin, in another.
	b := a.instance()
	isPending("municipality, first", read(b, muni))
	isLive("admin after a municipality", read(b, adminToken))
	isPending("municipality again", read(b, muni))
	// Closed: the municipality sees what the admin sees.
	a.now, b.now = time.Date(2026, 7, 1, 0, 0, 0, 0, time.UTC), time.Date(2026, 7, 1, 0, 0, 0, 0, time.UTC)
	for _, in := range []*api{a, b} {
		isLive("municipality, closed", read(in, muni))
		isLive("admin, closed", read(in, adminToken))
	}
}

// BenchmarkIndicatorRoutes is the indicator routes of a county lead's page
// natively, 290 municipalities in a round and its previous round (the
// shipped questionnaire, answers at random): "kept", a request while the
// rounds' answers have not changed (the hot path: the revisions read, the
// kept figures written out); "changed", the first request after a write to
// the round (its values and release made anew, decisions read from D1).
func BenchmarkIndicatorRoutes(b *testing.B) {
	a := newAPIWith(b, shippedCatalog{})
	q, err := questionnaires.Get("kommun", 2)
	if err != nil {
		b.Fatal(err)
	}
	if len(q.Indicators()) == 0 {
		b.Fatal("the shipped questionnaire has no indicators")
	}
	n := twoFullRounds(b, a, q, 17)
	lead := a.codes("cur", nil, []string{"24"})["24"]
	routes := []struct{ name, path, token string }{
		{"indicators", "/api/rounds/cur/indicators", adminToken},
		{"county", "/api/rounds/cur/indicators/county/24", lead},
	}
	for _, r := range routes {
		must(b, a.get(r.path, r.token), http.StatusOK) // kept from now on
		b.Run(r.name+"/kept", func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				must(b, a.get(r.path, r.token), http.StatusOK)
			}
		})
		b.Run(r.name+"/changed", func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				b.StopTimer()
				// Stored again as it was: the revision moves, nothing else.
				if _, err := a.db.Exec(`UPDATE responses SET updated = updated WHERE id = ?`, uuid(n)); err != nil {
					b.Fatal(err)
				}
				b.StartTimer()
				must(b, a.get(r.path, r.token), http.StatusOK)
			}
		})
	}
}

// BenchmarkCountyRoute is GET counties/24 natively, as a county lead's page
// reads it beside the indicators, in a round with live figures (the
// admin's), 290 municipalities in the round and its previous round: the
// comparison of both rounds, the municipality groups (their decision
// kept), the county's rows.
func BenchmarkCountyRoute(b *testing.B) {
	a := newAPIWith(b, shippedCatalog{})
	q, err := questionnaires.Get("kommun", 2)
	if err != nil {
		b.Fatal(err)
	}
	twoFullRounds(b, a, q, 18)
	must(b, a.get("/api/rounds/cur/counties/24", adminToken), http.StatusOK) // the groups' decision made and kept
	b.ReportAllocs()
	for b.Loop() {
		must(b, a.get("/api/rounds/cur/counties/24", adminToken), http.StatusOK)
	}
}

// TestComparisonFollowsWrites: where figures are live, an instance keeps
// the results the comparison reads under the rounds' revisions
// (aggregate_cache.go), and a changed response shows on the next request,
// in the instance that stored it and in another that had kept the results.
// A change to the stored figures that moves no revision (made here in SQL,
// as no statement of the worker does) is not seen by an instance that kept
// them, and is by a new one: the kept results are what is read.
func TestComparisonFollowsWrites(t *testing.T) {
	a := newAPI(t)
	a.round("c", "kommun", 2, "2026-01-01", "2026-06-30", "")
	munis := []string{}
	for _, m := range lagesbild.MunicipalitiesIn("03") {
		munis = append(munis, m.Code)
	}
	codes := a.codes("c", munis, nil)
	q, err := a.cat.Get("kommun", 2)
	if err != nil {
		t.Fatal(err)
	}
	every := func(option int) map[string]string { // every item, the option-th from the first or, below 0, the last
		ans := map[string]string{}
		for _, s := range q.Sections {
			for _, it := range s.Items {
				ans[it.ID] = it.Options[(option+len(it.Options))%len(it.Options)].Value
			}
		}
		return ans
	}
	for i, m := range munis {
		must(t, a.do("POST", "/api/responses", codes[m], responseV2(i+1, "c", m, every(0))), http.StatusCreated)
	}
	b := a.instance()
	total := func(in *api) string {
		t.Helper()
		var v wire.County
		must(t, in.get("/api/rounds/c/counties/03", adminToken), http.StatusOK).decode(t, &v)
		for _, r := range v.Municipalities {
			if r.Code == "0330" {
				return mustJSON(t, r.Measures[lagesbild.MeasureTotal])
			}
		}
		t.Fatal("no row of 0330")
		return ""
	}
	before := total(a)
	t.Logf("0330's total: %s", before)
	if got := total(b); got != before {
		t.Fatalf("another instance: 0330's total %s, want %s", got, before)
	}
	if _, err := a.db.Exec(`UPDATE measures SET value = 0.5 WHERE round = 'c' AND municipality = '0330' AND measure = ?`, lagesbild.MeasureTotal); err != nil {
		t.Fatal(err)
	}
	if got := total(a); got != before {
		t.Errorf("kept results: 0330's total %s after a change that moved no revision, want the kept %s", got, before)
	}
	if got := total(a.instance()); got != "0.5" {
		t.Errorf("a new instance: 0330's total %s, want the stored 0.5", got)
	}

	// A new response of 0330 through a: both instances read anew.
	must(t, a.do("POST", "/api/responses", codes["0330"], responseV2(100, "c", "0330", every(1))), http.StatusCreated)
	after := total(a)
	if after == before || after == "0.5" {
		t.Errorf("a new response, the instance that stored it: 0330's total %s, want it changed", after)
	}
	if got := total(b); got != after {
		t.Errorf("a new response, another instance: 0330's total %s, want %s", got, after)
	}
}

// twoFullRounds makes rounds "prev" and "cur" (its previous) of q, every
// municipality answering each at random (seed), through the API, and
// returns how many responses it stored (their ids are uuid(1…n)).
func twoFullRounds(b *testing.B, a *api, q *lagesbild.Questionnaire, seed uint64) (n int) {
	b.Helper()
	a.round("prev", "kommun", q.Version, "2026-01-01", "2026-02-28", "")
	a.round("cur", "kommun", q.Version, "2026-03-01", "2026-12-31", "prev")
	rng := rand.New(rand.NewPCG(16, seed))
	for _, round := range []string{"prev", "cur"} {
		a.now = time.Date(2026, 2, 1, 0, 0, 0, 0, time.UTC)
		if round == "cur" {
			a.now = testNow
		}
		for _, m := range lagesbild.Municipalities() {
			ans := map[string]string{}
			for _, s := range q.Sections {
				for _, it := range s.Items {
					ans[it.ID] = it.Options[rng.IntN(len(it.Options))].Value
				}
			}
			n++
			must(b, a.do("POST", "/api/responses", adminToken, map[string]any{"id": uuid(n), "round": round, "questionnaire": "kommun",
				"version": q.Version, "municipality": m.Code, "role": "chef", "answers": ans}), http.StatusCreated)
		}
	}
	a.now = testNow
	return n
}
