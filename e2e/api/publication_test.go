//go:build !js

package api_test

import (
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"os"
	"slices"
	"testing"
	"time"

	"lagesbild"
	"lagesbild/worker"
)

// TestPublicationF1 (issue 11, F1) in workerd: five Stockholm
// municipalities have answered; Malmö's code reads the counties view;
// Gotland, the only municipality of county 09, answers; Malmö reads again.
// With live figures the national figure went from n = 5 to n = 6, and
// 6 × after − 5 × before was Gotland's value, section by section. Now the
// figures change only in audited publications: both reads show the same
// one, and so does a read after three of Skåne answer (the step is
// reached, but Skåne's lead could take its own three out and have
// Gotland's value, so the national figure keeps its publication).
func TestPublicationF1(t *testing.T) {
	need(t)
	q, codes := round(t, "e2e-f1", "1280", "12")
	n := 0
	answer := func(muni string) {
		t.Helper()
		n++
		must(t, post(t, "/api/responses", w.AdminToken, response(t, n, "e2e-f1", q, muni, answers(q, n%3))), 201)
	}
	type view struct {
		Counties    []lagesbild.Group
		National    lagesbild.Group
		Publication *struct{ Seq int } // api.Publication (declared here, so that the test builds against the main of before)
	}
	read := func() view {
		t.Helper()
		var v view
		must(t, get(t, "/api/rounds/e2e-f1/counties", codes["1280"]), 200).decode(t, &v)
		return v
	}
	for _, m := range lagesbild.MunicipalitiesIn("01")[:5] {
		answer(m.Code)
	}
	before := read()
	answer("0980") // Gotland
	after := read()
	learnt := func(b, a lagesbild.Group) string {
		var s string
		for id, fa := range a.Measures {
			fb := b.Measures[id]
			if fa.Value != nil && fb.Value != nil && fa.N != fb.N {
				s += fmt.Sprintf(" %s: %d × %v − %d × %v = %.1f;", id, fa.N, *fa.Value, fb.N, *fb.Value,
					float64(fa.N)**fa.Value-float64(fb.N)**fb.Value)
			}
		}
		return s
	}
	if mustJSON(t, after.National) != mustJSON(t, before.National) {
		what := learnt(before.National, after.National)
		if what == "" {
			what = " no value, but the figure changed with Gotland's answer"
		}
		t.Errorf("Gotland's answer moved the national figure (n %d → %d):%s",
			before.National.Measures["total"].N, after.National.Measures["total"].N, what)
	}
	if after.Publication == nil || before.Publication == nil || after.Publication.Seq != before.Publication.Seq {
		t.Errorf("publications %+v, %+v: want the same one twice", before.Publication, after.Publication)
	}
	for _, m := range lagesbild.MunicipalitiesIn("12")[:3] {
		answer(m.Code)
	}
	step := read()
	if mustJSON(t, step.National) != mustJSON(t, before.National) {
		// The attack: Skåne's lead reads its own rows and subtracts them.
		var lead struct {
			Municipalities []struct{ Measures map[string]*float64 }
		}
		must(t, get(t, "/api/rounds/e2e-f1/counties/12", codes["12"]), 200).decode(t, &lead)
		var admin struct {
			Municipalities []struct {
				Code     string
				Measures map[string]*float64
			}
		}
		must(t, get(t, "/api/rounds/e2e-f1/counties/09", w.AdminToken), 200).decode(t, &admin)
		got := "hidden"
		if fs, fb := step.National.Measures["total"], before.National.Measures["total"]; fs.Value != nil && fb.Value != nil {
			x := float64(fs.N)**fs.Value - float64(fb.N)**fb.Value
			for _, r := range lead.Municipalities {
				if v := r.Measures["total"]; v != nil {
					x -= *v
				}
			}
			got = fmt.Sprintf("%.1f", x)
		}
		t.Errorf("after Skåne's three, the national figure moved (n %d → %d): Skåne's lead takes out its own three and has Gotland's total, %s (it is %v)",
			before.National.Measures["total"].N, step.National.Measures["total"].N, got, *admin.Municipalities[0].Measures["total"])
	}
	for _, g := range step.Counties {
		if g.Code == "09" && g.Measures["total"].Value != nil {
			t.Errorf("Gotland's own figure shown: %+v", g.Measures["total"])
		}
	}
	// Skåne's lead sees its own county as it is now (it sees every row of
	// it), the country as published.
	var lead struct {
		County      lagesbild.Group
		National    lagesbild.Group
		Publication *struct {
			Seq  int
			AsOf map[string]lagesbild.Stamp
			Live []string
		}
	}
	must(t, get(t, "/api/rounds/e2e-f1/counties/12", codes["12"]), 200).decode(t, &lead)
	if p := lead.Publication; lead.County.Responded != 3 || lead.County.Measures["total"].Value == nil || p == nil ||
		!slices.Equal(p.Live, []string{"12"}) || len(p.AsOf) != 1 || mustJSON(t, lead.National) != mustJSON(t, step.National) {
		t.Errorf("Skåne's lead: county on %d (total %v), publication %+v; want Skåne live on 3, the country as published",
			lead.County.Responded, lead.County.Measures["total"].Value, p)
	}
	// The admin sees the live figures.
	var live view
	must(t, get(t, "/api/rounds/e2e-f1/counties", w.AdminToken), 200).decode(t, &live)
	if live.Publication != nil || live.National.Responded != 9 {
		t.Errorf("the admin: publication %+v, national on %d; want live figures on 9", live.Publication, live.National.Responded)
	}
}

func mustJSON(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// TestPublicationCost measures, when LAGESBILD_PUBLICATION_COST is set, a
// private round of the whole country in workerd: the demo round's 351
// synthetic responses of all 290 municipalities (worker.DemoResponses), in
// random order, with Malmö's code reading county 24 after each. It logs the
// worker's CPU (the workerd process's, quantized to its clock ticks: means
// over many requests) and the latency of the reads that made a publication
// and of those that did not, then of 300 reads of the same view with
// nothing new: the hot path. Against a worker without publications every
// read is a plain one.
func TestPublicationCost(t *testing.T) {
	need(t)
	if os.Getenv("LAGESBILD_PUBLICATION_COST") == "" {
		t.Skip("LAGESBILD_PUBLICATION_COST unset")
	}
	q, codes := round(t, "e2e-cost", "1280")
	responses := worker.DemoResponses("e2e-cost", q, 2026)
	rng := rand.New(rand.NewPCG(1, 2))
	rng.Shuffle(len(responses), func(i, j int) { responses[i], responses[j] = responses[j], responses[i] })
	type view struct {
		Publication *struct{ Seq int }
	}
	cpu := func() time.Duration {
		d, err := w.WorkerCPU()
		if err != nil {
			t.Fatal(err)
		}
		return d
	}
	var pubCPU, plainCPU time.Duration
	var pubLat, plainLat []float64
	seq := 0
	for _, r := range responses {
		must(t, post(t, "/api/responses", w.AdminToken, r), 201)
		c0, t0 := cpu(), time.Now()
		var v view
		must(t, get(t, "/api/rounds/e2e-cost/counties/24", codes["1280"]), 200).decode(t, &v)
		lat, used := float64(time.Since(t0).Microseconds())/1000, cpu()-c0
		if v.Publication != nil && v.Publication.Seq != seq {
			seq = v.Publication.Seq
			pubCPU += used
			pubLat = append(pubLat, lat)
		} else {
			plainCPU += used
			plainLat = append(plainLat, lat)
		}
	}
	q50 := func(l []float64) (float64, float64) {
		if len(l) == 0 {
			return 0, 0
		}
		slices.Sort(l)
		return l[len(l)/2], l[len(l)*95/100]
	}
	if n := len(pubLat); n > 0 {
		p50, p95 := q50(pubLat)
		t.Logf("%d reads made a publication: CPU %.1f ms each (mean), latency p50 %.1f ms, p95 %.1f ms, max %.1f ms",
			n, float64(pubCPU.Microseconds())/1000/float64(n), p50, p95, pubLat[n-1])
	}
	p50, p95 := q50(plainLat)
	t.Logf("%d reads did not: CPU %.1f ms each (mean), latency p50 %.1f ms, p95 %.1f ms",
		len(plainLat), float64(plainCPU.Microseconds())/1000/float64(len(plainLat)), p50, p95)
	// The hot path: the same view, nothing new.
	for range 200 {
		must(t, get(t, "/api/rounds/e2e-cost/counties/24", codes["1280"]), 200)
	}
	for _, who := range []struct{ name, token string }{{"Malmö's code", codes["1280"]}, {"the admin (live)", w.AdminToken}} {
		c0 := cpu()
		var lat []float64
		for range 300 {
			t0 := time.Now()
			must(t, get(t, "/api/rounds/e2e-cost/counties/24", who.token), 200)
			lat = append(lat, float64(time.Since(t0).Microseconds())/1000)
		}
		p50, p95 := q50(lat)
		t.Logf("hot path, %s: GET /api/rounds/{round}/counties/24: CPU %.2f ms per request, latency p50 %.1f ms, p95 %.1f ms",
			who.name, float64((cpu()-c0).Microseconds())/1000/300, p50, p95)
	}
}
