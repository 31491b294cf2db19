//go:build !js

package worker_test

import (
	"math/rand/v2"
	"net/http"
	"testing"
	"time"
)

// TestOfficials: the official responses the triggers keep
// (migrations/0008) are what a fresh choice over every response gives, after
// responses are created, changed, changed back, turned into a workshop's and
// back, and posted again unchanged, in two rounds; a county's own response
// is left out of them.
func TestOfficials(t *testing.T) {
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
		if body["municipality"] == "0330" { // only workshops, until a change makes one a chef's
			body["role"] = "workshop"
		}
		posted[n] = body
		st := a.do("POST", "/api/responses", adminToken, body).Status
		if st != http.StatusCreated {
			t.Fatalf("POST %d: %d", n, st)
		}
	}
	for i := 0; i < 40; i++ { // changes, and posts of unchanged answers
		n := rng.IntN(60)
		switch rng.IntN(4) {
		case 0: // unchanged
		case 1:
			posted[n]["role"] = []string{"workshop", "chef"}[rng.IntN(2)]
		default:
			posted[n]["answers"] = answers()
		}
		a.now = a.now.Add(time.Duration(rng.IntN(2)) * time.Second) // now and then the same second: the id decides
		if st := a.do("POST", "/api/responses", adminToken, posted[n]).Status; st != http.StatusOK {
			t.Fatalf("POST %d again: %d", n, st)
		}
	}
	a.round("l2026", "lansstyrelse", 1, "2026-01-01", "2099-12-31", "")
	must(t, a.do("POST", "/api/responses", adminToken, map[string]any{"id": uuid(99), "round": "l2026",
		"questionnaire": "lansstyrelse", "version": 1, "county": "01", "answers": map[string]string{"stod.natverk": "ja"}}),
		http.StatusCreated)

	const kept = `SELECT round, municipality, response, n, partial, workshop FROM officials ORDER BY round, municipality`
	const fresh = `SELECT round, municipality, id, n, partial, workshop FROM (
		SELECT round, municipality, id, partial, role = 'workshop' AS workshop,
			COUNT(*) OVER (PARTITION BY round, municipality) AS n,
			ROW_NUMBER() OVER (PARTITION BY round, municipality ORDER BY role = 'workshop', updated DESC, id DESC) AS choice
		FROM responses WHERE municipality IS NOT NULL
	) WHERE choice = 1 ORDER BY round, municipality`
	type row struct {
		round, muni, response string
		n, partial, workshop  int
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
			if err := rows.Scan(&r.round, &r.muni, &r.response, &r.n, &r.partial, &r.workshop); err != nil {
				t.Fatal(err)
			}
			out = append(out, r)
		}
		return out
	}
	got, want := read(kept), read(fresh)
	if len(got) == 0 || len(got) != len(want) {
		t.Fatalf("%d official rows, want %d", len(got), len(want))
	}
	workshops := 0
	for i := range got {
		g, w := got[i], want[i]
		if g != w {
			t.Errorf("official row %d: got %+v, want %+v", i, g, w)
		}
		workshops += g.workshop
	}
	if workshops == 0 {
		t.Errorf("premise: no workshop response is official")
	}
}
