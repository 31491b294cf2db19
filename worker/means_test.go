//go:build !js

package worker_test

import (
	"math/rand/v2"
	"net/http"
	"testing"
)

// TestMunicipalityMeans: the running sums the triggers keep
// (migrations/0004) equal a GROUP BY over every measure row, exactly, after responses
// are created, changed, changed back and posted again unchanged, in two
// rounds, and a county's own response is left out of them.
func TestMunicipalityMeans(t *testing.T) {
	a := newAPI(t)
	a.round("2025", "kommun", 1, "2025-01-01", "2099-12-31", "")
	a.round("2026", "kommun", 1, "2026-01-01", "2099-12-31", "2025")
	rng := rand.New(rand.NewPCG(6, 6))
	values := []string{"ja", "delvis", "nej", "vet-ej"}
	munis := []string{"0114", "0115", "0117", "0305", "0330", "2480"}
	answers := func() map[string]string {
		a := full("ja")
		for id := range a {
			if rng.IntN(6) == 0 {
				delete(a, id) // unanswered
				continue
			}
			a[id] = values[rng.IntN(len(values))]
		}
		if len(a) == 0 {
			a["rutiner.ansvar"] = "vet-ej" // only "Vet ej": measures without a value
		}
		return a
	}
	posted := map[int]map[string]any{}
	for n := 0; n < 60; n++ {
		round := []string{"2025", "2026"}[n%2]
		body := response(n, round, munis[rng.IntN(len(munis))], answers())
		posted[n] = body
		st := a.do("POST", "/api/responses", adminToken, body).Status
		if st != http.StatusCreated {
			t.Fatalf("POST %d: %d", n, st)
		}
	}
	for i := 0; i < 40; i++ { // changes, and posts of unchanged answers
		n := rng.IntN(60)
		if rng.IntN(3) > 0 {
			posted[n]["answers"] = answers()
		}
		if st := a.do("POST", "/api/responses", adminToken, posted[n]).Status; st != http.StatusOK {
			t.Fatalf("POST %d again: %d", n, st)
		}
	}
	a.round("l2026", "lansstyrelse", 1, "2026-01-01", "2099-12-31", "")
	must(t, a.do("POST", "/api/responses", adminToken, map[string]any{"id": uuid(99), "round": "l2026",
		"questionnaire": "lansstyrelse", "version": 1, "county": "01", "answers": map[string]string{"stod.natverk": "ja"}}),
		http.StatusCreated)

	const kept = `SELECT round, municipality, measure, n, scored, units FROM municipality_sums
		ORDER BY round, municipality, measure`
	const fresh = `SELECT round, municipality, measure, COUNT(*), COUNT(value), IFNULL(SUM(CAST(round(value * 1000) AS INTEGER)), 0)
		FROM measures WHERE municipality IS NOT NULL GROUP BY round, municipality, measure ORDER BY round, municipality, measure`
	type row struct {
		round, muni, measure string
		n, scored            int
		units                int64
	}
	read := func(query string) []row {
		rows, err := a.db.Query(query)
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		var out []row
		for rows.Next() {
			var r row
			if err := rows.Scan(&r.round, &r.muni, &r.measure, &r.n, &r.scored, &r.units); err != nil {
				t.Fatal(err)
			}
			out = append(out, r)
		}
		return out
	}
	got, want := read(kept), read(fresh)
	if len(got) == 0 || len(got) != len(want) {
		t.Fatalf("%d rows of sums, want %d", len(got), len(want))
	}
	for i := range got {
		g, w := got[i], want[i]
		if g != w {
			t.Errorf("sums row %d: got %+v, want %+v", i, g, w)
		}
	}
}
