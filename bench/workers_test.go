//go:build !js

package main

import (
	"os"
	"strings"
	"testing"
)

// TestBenchToken: a private round's reads carry its municipality code, a
// scale round's indicator reads county 24's lead token, the rest nothing.
func TestBenchToken(t *testing.T) {
	for path, want := range map[string]string{
		privatePath:                              benchCode(privateRound),
		"/api/rounds/demo-publish-3/counties/24": benchCode("demo-publish-3"),
		scalePath(100000, countyIndPath):         benchCode("bench-100000"),
		scalePath(1000, indicatorsPath):          benchCode("bench-1000"),
		scalePath(100000, "/counties/24"):        "",
		"/api/rounds/demo/counties/24":           "",
		"/api/health":                            "",
	} {
		if got := benchToken(path); got != want {
			t.Errorf("benchToken(%q) = %q, want %q", path, got, want)
		}
	}
}

// TestSeedLead: every scale round is open to all (its national indicator
// figures released live) once its responses are in (inserted while private:
// an open round keeps 20 responses per municipality, migrations/0014), has
// the demo round as its previous round, and county 24's lead token.
func TestSeedLead(t *testing.T) {
	files, err := seedFiles(t.TempDir(), []int{1000, 100000})
	if err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(files[len(files)-1])
	if err != nil {
		t.Fatal(err)
	}
	sql := string(b)
	for _, n := range []int{1000, 100000} {
		round := scaleRound(n)
		if !strings.Contains(sql, "VALUES ('"+round+"', 'kommun', 0, '2000-01-01T00:00:00Z', '9999-01-01T00:00:00Z', 0, 'demo',") {
			t.Errorf("%s is not seeded private with the demo round as its previous", round)
		}
		insert := strings.Index(sql, "INSERT INTO responses (id, round, questionnaire, version, municipality, county, role, answers, measures, received, updated)\nSELECT r.id || '-"+round+"-'")
		open := strings.Index(sql, "UPDATE rounds SET open_to_all = 1 WHERE id = '"+round+"';")
		if insert < 0 || open < insert {
			t.Errorf("%s is not made open to all after its responses are in (insert at %d, open at %d)", round, insert, open)
		}
		if !strings.Contains(sql, "VALUES ('"+benchHash(round)+"', '"+round+"', 'county', '24',") {
			t.Errorf("%s has no lead token for county 24", round)
		}
	}
}

// TestIndicatorRows: the table has the indicator routes beside the
// comparison at every scale, the target at 100 000.
func TestIndicatorRows(t *testing.T) {
	scales := []int{1000, 100000}
	w := workerResults{"pool": {}, "js": {}}
	for _, n := range scales {
		w["pool"][scalePath(n, "/counties/24")] = cell{cpu: 10, p95: 40}
		w["pool"][scalePath(n, countyIndPath)] = cell{cpu: 20, p95: 45}
		w["pool"][scalePath(n, indicatorsPath)] = cell{cpu: 30, p95: 60}
		w["pool"][scalePath(n, afterWrite(indicatorsPath))] = cell{cpu: 90, p95: 100, n: 5}
		w["pool"][scalePath(n, afterSame(indicatorsPath))] = cell{cpu: 45, p95: 50, n: 5}
	}
	r := results{scales: scales, workers: w}
	got := map[string]row{}
	for _, x := range r.rows() {
		got[x.figure] = x
	}
	for figure, want := range map[string]row{
		"latency p95, GET indicators/county/24 (the lead's county) (100000 responses, lead token) vs GET counties/24 — pool":                                                                                              {ours: "45.0 ms", other: "40.0 ms", target: "p95 < 50 ms", met: "yes"},
		"latency p95, GET indicators (national, released, with the previous round) (100000 responses, lead token) vs GET counties/24 — pool":                                                                              {ours: "60.0 ms", other: "40.0 ms", target: "p95 < 50 ms", met: "NO"},
		"worker CPU/request, GET indicators (national, released, with the previous round) (100000 responses), first read after an answer that changes who has a value (made and released anew, 5 answers) vs kept — pool": {ours: "90.0 ms", other: "30.0 ms"},
		"worker CPU/request, GET indicators (national, released, with the previous round) (100000 responses), first read after an answer that does not (made anew, release decisions kept, 5 answers) vs kept — pool":     {ours: "45.0 ms", other: "30.0 ms"},
		"worker CPU, the county lead's page with indicators (its 3 requests), 100000 responses vs GET counties/24 alone — pool":                                                                                           {ours: "60.0 ms", other: "10.0 ms", target: "each p95 < 50 ms", met: "NO"},
		"  the same, sum of the 3 requests' p95 (100000 responses) — pool":                                                                                                                                                {ours: "145.0 ms", other: "40.0 ms"},
		"worker CPU, the county lead's page with indicators (its 3 requests), 1000 responses vs GET counties/24 alone — pool":                                                                                             {ours: "60.0 ms", other: "10.0 ms"},
		"worker CPU/request, GET indicators/county/24 (the lead's county) (100000 responses, lead token) vs GET counties/24 — pool":                                                                                       {ours: "20.0 ms", other: "10.0 ms"},
		"latency p95, GET indicators/county/24 (the lead's county) (1000 responses, lead token) vs GET counties/24 — pool":                                                                                                {ours: "45.0 ms", other: "40.0 ms"},
	} {
		x, ok := got[figure]
		if !ok {
			t.Errorf("no row %q", figure)
			continue
		}
		if x.ours != want.ours || x.other != want.other || x.target != want.target || x.met != want.met {
			t.Errorf("%s: %+v, want %+v", figure, x, want)
		}
	}
	// All three under 50 ms: the page meets the target.
	w["pool"][scalePath(100000, indicatorsPath)] = cell{cpu: 30, p95: 49}
	for _, x := range r.rows() {
		if strings.HasPrefix(x.figure, "worker CPU, the county lead's page with indicators (its 3 requests), 100000") && x.met != "yes" {
			t.Errorf("%s: %+v, want met", x.figure, x)
		}
	}
}
