//go:build !js

package worker_test

import (
	"fmt"
	"math/rand/v2"
	"net/http"
	"os"
	"slices"
	"syscall"
	"testing"
	"time"

	"lagesbild"
	wire "lagesbild/api"
	"lagesbild/questionnaires"
	"lagesbild/worker"
)

// publishedView is what every comparison route shows of the figures and of
// the publication they are from.
type publishedView struct {
	Counties    []lagesbild.Group
	County      lagesbild.Group
	National    lagesbild.Group
	Publication *wire.Publication
	Previous    *struct {
		Counties    []lagesbild.Group
		National    lagesbild.Group
		Publication *wire.Publication
	}
	Municipalities []row
}

// answersFor are varied answers of the test kommun v1, from a number.
func answersFor(i int) map[string]string {
	v := []string{"ja", "delvis", "nej", "vet-ej"}
	return map[string]string{
		"rutiner.handlingsplan": v[i%4], "rutiner.ansvar": v[(i/2)%3], "kunskap.utbildning": v[(i/3)%4],
		"kunskap.chefer": v[(i/5)%3], "samverkan.polis": v[(i/7)%3],
	}
}

// TestPublicationF1 (issue 11, F1): five Stockholm municipalities have
// answered; Malmö's code reads the counties view; Gotland answers; Malmö
// reads again. Before publications the national figure went from n = 5 to
// n = 6 and gave Gotland's value. Now both reads show the same publication,
// and so does a read after three of Skåne answer too (the step is reached,
// but Skåne's lead could take its own three out of the national figure and
// have Gotland's value: the national figure keeps its publication). The
// admin sees the live figures.
func TestPublicationF1(t *testing.T) {
	a := newAPI(t)
	a.round("f1", "kommun", 1, "2026-03-01", "2026-05-31", "")
	codes := a.codes("f1", []string{"1280"}, []string{"12"})
	n := 0
	answer := func(muni string) {
		t.Helper()
		n++
		a.now = a.now.Add(time.Minute) // publications count the responses stored after them
		must(t, a.do("POST", "/api/responses", adminToken, response(n, "f1", muni, answersFor(n))), http.StatusCreated)
	}
	read := func(token string) publishedView {
		t.Helper()
		var v publishedView
		must(t, a.get("/api/rounds/f1/counties", token), http.StatusOK).decode(t, &v)
		return v
	}
	for _, m := range lagesbild.MunicipalitiesIn("01")[:5] {
		answer(m.Code)
	}
	before := read(codes["1280"])
	if before.Publication == nil || before.Publication.Seq != 1 || before.National.Responded != 5 {
		t.Fatalf("after five answers: publication %+v, national %+v", before.Publication, before.National)
	}
	answer("0980") // Gotland
	after := read(codes["1280"])
	if mustJSON(t, after) != mustJSON(t, before) {
		t.Errorf("Gotland's answer changed what Malmö reads:\n%s\n%s", mustJSON(t, before), mustJSON(t, after))
	}
	for _, m := range lagesbild.MunicipalitiesIn("12")[:3] {
		answer(m.Code)
	}
	step := read(codes["1280"])
	if step.Publication == nil || step.Publication.Seq != 2 {
		t.Fatalf("no publication after the step: %+v", step.Publication)
	}
	if mustJSON(t, step.National) != mustJSON(t, before.National) || step.Publication.AsOf["SE"].Seq != 1 {
		t.Errorf("the national figure moved to %s (from %s): 9 − 5 less Skåne's three is Gotland",
			mustJSON(t, step.National), mustJSON(t, before.National))
	}
	for _, g := range step.Counties {
		if g.Code == "09" && g.Measures["total"].Value != nil {
			t.Errorf("Gotland shown: %+v", g) // that it answered is no secret (responded)
		}
	}
	// Skåne's lead reads its rows live, and sees why the figures lag them.
	var lead publishedView
	must(t, a.get("/api/rounds/f1/counties/12", codes["12"]), http.StatusOK).decode(t, &lead)
	answered := 0
	for _, r := range lead.Municipalities {
		if r.Respondents > 0 {
			answered++
		}
	}
	if p := lead.Publication; answered != 3 || p == nil || len(p.AsOf) != 1 || p.AsOf["SE"].Seq == 0 || !slices.Equal(p.Live, []string{"12"}) {
		t.Errorf("Skåne's lead: %d rows answered (want 3, live), publication %+v (want the country's, and Skåne live)", answered, lead.Publication)
	}
	if live := read(adminToken); live.Publication != nil || live.National.Responded != 9 {
		t.Errorf("the admin: publication %+v, national responded %d; want live figures, 9", live.Publication, live.National.Responded)
	}
}

// TestPublicationSteps: municipalities answer one by one (some again),
// reading after each: the figures a code holder sees change only when a
// publication is made, every publication is one step on from the last,
// after the round closes there is a final one, and the audit over every
// stored publication finds nothing for any reader.
func TestPublicationSteps(t *testing.T) {
	a := newAPI(t)
	a.round("s", "kommun", 1, "2026-03-01", "2026-05-31", "")
	codes := a.codes("s", []string{"1280"}, nil)
	var order []string
	for _, c := range []string{"01", "12", "14", "09", "03", "05", "06", "24", "25"} {
		ms := lagesbild.MunicipalitiesIn(c)
		for _, m := range ms[:min(len(ms), 6)] {
			order = append(order, m.Code)
		}
	}
	// Interleave the counties, and let a few answer again.
	slices.SortStableFunc(order, func(x, y string) int { return int(x[3]) - int(y[3]) })
	order = append(order, order[2], order[7], order[11], order[3], order[20])
	var last publishedView
	seqs := 0
	for i, m := range order {
		// An answer again is a new response of the municipality: its mean changes.
		a.now = a.now.Add(time.Minute)
		must(t, a.do("POST", "/api/responses", adminToken, response(i+1, "s", m, answersFor(i))), http.StatusCreated)
		var v publishedView
		must(t, a.get("/api/rounds/s/counties", codes["1280"]), http.StatusOK).decode(t, &v)
		if v.Publication == nil {
			t.Fatalf("answer %d: no publication field", i+1)
		}
		switch {
		case v.Publication.Seq == seqs:
			if i > 0 && mustJSON(t, v) != mustJSON(t, last) {
				t.Fatalf("answer %d: the figures changed within publication %d", i+1, seqs)
			}
		case v.Publication.Seq == seqs+1:
			seqs++
			if len(v.Publication.AsOf) != 22 {
				t.Errorf("publication %d: asOf has %d groups, want 22", seqs, len(v.Publication.AsOf))
			}
		default:
			t.Fatalf("answer %d: publication %d after %d", i+1, v.Publication.Seq, seqs)
		}
		last = v
	}
	if seqs < 3 {
		t.Errorf("%d publications for %d answers", seqs, len(order))
	}
	fresh := 0
	for _, asOf := range last.Publication.AsOf {
		if asOf.Seq > 0 {
			fresh++
		}
	}
	if last.National.Responded < len(order)/2 || fresh < 8 {
		t.Errorf("after %d answers the national figure rests on %d, and %d groups show figures: the steps are too timid",
			len(order), last.National.Responded, fresh)
	}
	t.Logf("%d answers, %d publications; the last: national on %d, %d groups with figures", len(order), seqs, last.National.Responded, fresh)
	// The round closes: one final publication, then no more.
	a.now = time.Date(2026, 6, 2, 0, 0, 0, 0, time.UTC)
	var final publishedView
	must(t, a.get("/api/rounds/s/counties", codes["1280"]), http.StatusOK).decode(t, &final)
	if final.Publication == nil || final.Publication.Seq != seqs+1 || !final.Publication.Final {
		t.Fatalf("after the close: publication %+v, want final %d", final.Publication, seqs+1)
	}
	must(t, a.get("/api/rounds/s/counties", codes["1280"]), http.StatusOK).decode(t, &final)
	if final.Publication.Seq != seqs+1 {
		t.Errorf("a publication after the final one: %d", final.Publication.Seq)
	}
	auditStored(t, a, "s")
}

// auditStored audits every publication stored for a round as a reader
// fetching them all would: each group's figures over the versions of the
// publication they were computed in, as Comparison.Publications and Counts
// list them; for the outsider, every municipality that answered and every
// county lead, values and n of every measure: nothing about fewer than k.
func auditStored(t *testing.T, a *api, round string) {
	t.Helper()
	q, err := a.cat.Get("kommun", 1)
	if err != nil {
		t.Fatal(err)
	}
	measures := q.MeasureIDs()
	rows, err := a.db.Query(`SELECT seq, figures, basis FROM publications WHERE round = ? ORDER BY seq`, round)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	type stored struct {
		groups []lagesbild.ReleasedGroup
		basis  lagesbild.Basis
	}
	var pubs []stored
	for rows.Next() {
		var seq int
		var figs, basis string
		if err := rows.Scan(&seq, &figs, &basis); err != nil {
			t.Fatal(err)
		}
		var s stored
		if s.groups, err = lagesbild.DecodeGroups(figs); err != nil {
			t.Fatal(err)
		}
		if s.basis, err = lagesbild.ParseBasis(basis); err != nil {
			t.Fatal(err)
		}
		if seq != len(pubs)+1 {
			t.Fatalf("publication %d after %d", seq, len(pubs))
		}
		pubs = append(pubs, s)
	}
	units := map[string]bool{}
	for _, id := range measures {
		for _, counts := range []bool{false, true} {
			var eqs []lagesbild.Publication
			for i, p := range pubs {
				// The results of the publication: a value where the basis
				// has one (what Publications and Counts look at), at its
				// versions.
				var rs []lagesbild.MunicipalityResult
				for _, e := range p.basis {
					units[e.Municipality] = true
					r := lagesbild.MunicipalityResult{Municipality: e.Municipality, Respondents: 1, Measures: map[string]*float64{}}
					for _, m := range measures {
						if !slices.Contains(e.Blank, m) {
							one := 1.0
							r.Measures[m] = &one
						}
					}
					rs = append(rs, r)
				}
				versions := p.basis.Versions()
				for _, g := range p.groups {
					if g.AsOf.Seq != i+1 {
						continue // an earlier publication's figures: audited there
					}
					c := lagesbild.Comparison{National: lagesbild.Group{Code: "SE", Measures: map[string]lagesbild.Figure{id: {Suppressed: true}}}}
					if g.Code == "SE" {
						c.National = g.Group
					} else {
						c.Counties = []lagesbild.Group{g.Group}
					}
					prefix := fmt.Sprintf("p%d ", i+1)
					if counts {
						eqs = append(eqs, c.Counts(prefix, id, rs, versions)...)
					} else {
						eqs = append(eqs, c.Publications(prefix, id, rs, versions)...)
					}
				}
			}
			readers := []lagesbild.Insider{lagesbild.Outsider()}
			for u := range units {
				readers = append(readers, lagesbild.MunicipalityInsider(u))
			}
			for _, c := range lagesbild.Counties() {
				readers = append(readers, lagesbild.CountyInsider(c.Code))
			}
			for _, in := range readers {
				if leaks := lagesbild.Audit(eqs, in, 3); len(leaks) > 0 {
					t.Errorf("%s, %s (n: %v): %d publications give %v", in.Name, id, counts, len(pubs), leaks)
				}
			}
		}
	}
}

// TestPublicationCostNative measures natively (SQLite, the shipped kommun
// questionnaire), when LAGESBILD_PUBLICATION_COST is set, a private round
// of the whole country: the demo round's 351 synthetic responses of all 290
// municipalities (worker.DemoResponses: counties of different levels and
// shares of "Vet ej"), in random order, with Malmö's code reading county 24
// after each; it logs the CPU time (of the test process: the handler, SQLite
// and the garbage collector) of the reads that made a publication (the mean,
// the median, the most) and of the others.
func TestPublicationCostNative(t *testing.T) {
	if os.Getenv("LAGESBILD_PUBLICATION_COST") == "" {
		t.Skip("LAGESBILD_PUBLICATION_COST unset")
	}
	a := newAPIWith(t, nil) // the shipped questionnaires
	q, err := questionnaires.Get("kommun", 0)
	if err != nil {
		t.Fatal(err)
	}
	a.round("cost", "kommun", q.Version, "2026-03-01", "2026-05-31", "")
	codes := a.codes("cost", []string{"1280"}, nil)
	responses := worker.DemoResponses("cost", q, 2026)
	rng := rand.New(rand.NewPCG(1, 2))
	rng.Shuffle(len(responses), func(i, j int) { responses[i], responses[j] = responses[j], responses[i] })
	var pub, national, plain []time.Duration
	seq := 0
	for _, r := range responses {
		a.now = a.now.Add(time.Minute)
		must(t, a.do("POST", "/api/responses", adminToken, r), http.StatusCreated)
		start := cpuTime(t)
		var v publishedView
		must(t, a.get("/api/rounds/cost/counties/24", codes["1280"]), http.StatusOK).decode(t, &v)
		took := cpuTime(t) - start
		switch {
		case v.Publication.Seq == seq:
			plain = append(plain, took)
		case v.Publication.AsOf["SE"].Seq == v.Publication.Seq:
			national = append(national, took)
			fallthrough
		default:
			seq = v.Publication.Seq
			pub = append(pub, took)
		}
	}
	a.now = time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC) // closed: the final publication
	start := cpuTime(t)
	must(t, a.get("/api/rounds/cost/counties/24", codes["1280"]), http.StatusOK)
	t.Logf("the final publication: %v", cpuTime(t)-start)
	stats := func(ds []time.Duration) (time.Duration, time.Duration, time.Duration) {
		slices.Sort(ds)
		var sum time.Duration
		for _, d := range ds {
			sum += d
		}
		return sum / time.Duration(len(ds)), ds[len(ds)/2], ds[len(ds)-1]
	}
	mean, p50, worst := stats(pub)
	t.Logf("%d reads made a publication: mean %v, median %v, most %v", len(pub), mean, p50, worst)
	mean, p50, worst = stats(national)
	t.Logf("of which %d computed the national figure anew: mean %v, median %v, most %v", len(national), mean, p50, worst)
	mean, p50, worst = stats(plain)
	t.Logf("%d reads did not: mean %v, median %v, most %v", len(plain), mean, p50, worst)
}

// cpuTime is the CPU time the test process has used, user and system.
func cpuTime(t *testing.T) time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		t.Fatal(err)
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
