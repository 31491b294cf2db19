//go:build !js

package worker_test

import (
	"encoding/json"
	"net/http"
	"slices"
	"strings"
	"testing"

	"lagesbild"
)

// previousReply is what every comparison route shows of the previous round.
type previousReply struct {
	Previous *struct {
		Round          string
		Counties       []lagesbild.Group
		County         *lagesbild.Group
		National       lagesbild.Group
		Municipalities []row
	}
	Municipalities []row
}

// previousRows are the rows of the previous round a caller gets from each
// route that shows rows (the county route for counties 01 and 03, and
// export.json), and whether each route showed the previous round at all.
func previousRows(t *testing.T, a *api, round, token string) (rows []string, shown []bool) {
	t.Helper()
	for _, path := range []string{"/counties/01", "/counties/03", "/export.json", "/counties"} {
		var r previousReply
		must(t, a.get("/api/rounds/"+round+path, token), http.StatusOK).decode(t, &r)
		shown = append(shown, r.Previous != nil)
		if r.Previous == nil {
			continue
		}
		for _, m := range r.Previous.Municipalities {
			rows = append(rows, m.Code)
		}
	}
	return rows, shown
}

// TestPreviousRoundAccess (issue 11, F3): the previous round's rows follow
// the previous round's own access, not the current round's. The attack: a
// private round P with responses, and a round O open to all whose previous
// is P (made before the admin route refused it, here straight in the
// database); O's export.json and county views showed P's 290 rows to anyone.
func TestPreviousRoundAccess(t *testing.T) {
	a := newAPI(t)
	a.round("p", "kommun", 1, "2025-01-01", "2099-12-31", "")
	munis := []string{"0114", "0115", "0117", "0120", "0305", "0319", "0330", "0428", "2480"}
	for i, m := range munis {
		must(t, a.do("POST", "/api/responses", adminToken, response(i+1, "p", m, full([]string{"ja", "delvis", "nej"}[i%3]))), http.StatusCreated)
	}
	pCodes := a.codes("p", []string{"0114"}, []string{"01"})

	// The admin route refuses O now, naming the field.
	r := a.do("POST", "/api/admin/rounds", adminToken, map[string]any{"id": "o", "questionnaire": "kommun", "version": 1,
		"opens": "2026-01-01", "closes": "2099-12-31", "openToAll": true, "previous": "p"})
	if code, msg := r.errorCode(); r.Status != http.StatusBadRequest || code != lagesbild.EInvalid || !strings.HasPrefix(msg, "previous:") {
		t.Errorf("an open round with a private previous round: got %s, want 400 invalid naming previous", r)
	}
	// A round made before it did: O, open to all, previous P.
	if _, err := a.db.Exec(`INSERT INTO rounds (id, questionnaire, version, opens, closes, open_to_all, previous, created)
		VALUES ('o', 'kommun', 1, '2026-01-01T00:00:00Z', '2099-12-31T00:00:00Z', 1, 'p', '2026-01-01T00:00:00Z')`); err != nil {
		t.Fatal(err)
	}
	must(t, a.do("POST", "/api/responses", "", response(100, "o", "0114", full("ja"))), http.StatusCreated)
	oCodes := a.codes("o", []string{"0114"}, []string{"01"})
	// A private round Q whose previous is P: the usual case.
	a.round("q", "kommun", 1, "2026-01-01", "2099-12-31", "p")
	qCodes := a.codes("q", []string{"0114"}, []string{"01"})

	for _, tt := range []struct {
		name, round, token string
		figures            bool // P's figures shown beside
	}{
		{"no code, open O", "o", "", false},
		{"O's municipality code", "o", oCodes["0114"], true},
		{"O's county lead token", "o", oCodes["01"], true},
		{"Q's municipality code", "q", qCodes["0114"], true},
		{"Q's county lead token", "q", qCodes["01"], true},
	} {
		t.Run(tt.name, func(t *testing.T) {
			rows, shown := previousRows(t, a, tt.round, tt.token)
			if len(rows) != 0 {
				t.Errorf("P's rows shown: %v", rows)
			}
			for i, s := range shown {
				if s != tt.figures {
					t.Errorf("route %d: P's figures shown %v, want %v", i, s, tt.figures)
				}
			}
		})
	}
	// The admin sees every row of P beside O and Q.
	for _, round := range []string{"o", "q"} {
		var ex previousReply
		must(t, a.get("/api/rounds/"+round+"/export.json", adminToken), http.StatusOK).decode(t, &ex)
		if ex.Previous == nil || len(ex.Previous.Municipalities) != 290 {
			t.Errorf("%s: the admin's previous rows: got %+v, want 290", round, ex.Previous)
		}
	}
	// P's figures beside Q are P's own (suppressed as P's codes see them).
	var fromQ, fromP struct {
		Counties []lagesbild.Group
		National lagesbild.Group
		Previous *struct {
			Counties []lagesbild.Group
			National lagesbild.Group
		}
	}
	must(t, a.get("/api/rounds/q/counties", qCodes["01"]), http.StatusOK).decode(t, &fromQ)
	must(t, a.get("/api/rounds/p/counties", pCodes["01"]), http.StatusOK).decode(t, &fromP)
	// But for county 01, which P's lead sees live (it sees its rows) and
	// Q's lead, no holder of a code of P, as P published it.
	others := func(gs []lagesbild.Group) []lagesbild.Group {
		return slices.DeleteFunc(slices.Clone(gs), func(g lagesbild.Group) bool { return g.Code == "01" })
	}
	if mustJSON(t, others(fromQ.Previous.Counties)) != mustJSON(t, others(fromP.Counties)) || mustJSON(t, fromQ.Previous.National) != mustJSON(t, fromP.National) {
		t.Errorf("P's figures beside Q differ from P's own")
	}
	// P's own codes still see P's rows in P, and are no codes of O or Q.
	var own previousReply
	must(t, a.get("/api/rounds/p/counties/01", pCodes["01"]), http.StatusOK).decode(t, &own)
	if len(own.Municipalities) != 26 {
		t.Errorf("P's county lead in P: %d rows, want 26", len(own.Municipalities))
	}
	for _, round := range []string{"o", "q"} {
		if r := a.get("/api/rounds/"+round+"/export.json", pCodes["0114"]); r.Status != http.StatusForbidden || r.code() != lagesbild.ECodeInvalid {
			t.Errorf("%s with a code of P: got %s, want 403 code_invalid", round, r)
		}
	}
	// The CSV shows no previous rows either way.
	if csv := string(must(t, a.get("/api/rounds/o/export.csv", ""), http.StatusOK).Body); strings.Count(csv, "\r\nKommun;") != 290 {
		t.Errorf("O's CSV for anyone: want O's 290 rows (O is open to all)")
	}
}

// TestPreviousOpenToAll: a previous round open to all shows its rows to
// anyone beside a round open to all, and to every code holder beside a
// private round; the admin route accepts both, and a private previous
// round beside a private round.
func TestPreviousOpenToAll(t *testing.T) {
	a := newAPI(t)
	newRound := func(id string, openToAll bool, previous string) reply {
		return a.do("POST", "/api/admin/rounds", adminToken, map[string]any{"id": id, "questionnaire": "kommun", "version": 1,
			"opens": "2026-01-01", "closes": "2099-12-31", "openToAll": openToAll, "previous": previous})
	}
	must(t, newRound("open-p", true, ""), http.StatusCreated)
	must(t, a.do("POST", "/api/responses", "", response(1, "open-p", "0114", full("ja"))), http.StatusCreated)
	var created struct{ OpenToAll bool }
	must(t, newRound("open-o", true, "open-p"), http.StatusCreated).decode(t, &created)
	if !created.OpenToAll {
		t.Errorf("open-o: not open to all")
	}
	must(t, newRound("private-o", false, "open-p"), http.StatusCreated)
	must(t, newRound("private-p", false, ""), http.StatusCreated)
	must(t, newRound("private-q", false, "private-p"), http.StatusCreated)
	codes := a.codes("private-o", []string{"0305"}, nil)
	for _, tt := range []struct{ round, token string }{{"open-o", ""}, {"private-o", codes["0305"]}} {
		rows, shown := previousRows(t, a, tt.round, tt.token)
		// P's rows of county 01 (26), of county 03 (8), every one in export.json (290); none on /counties
		if want := 26 + 8 + 290; len(rows) != want || !shown[0] {
			t.Errorf("%s: %d previous rows, want %d", tt.round, len(rows), want)
		}
	}
	// What GET /api/rounds/{round} says of the round is unchanged.
	var rd map[string]json.RawMessage
	must(t, a.get("/api/rounds/open-o", ""), http.StatusOK).decode(t, &rd)
	if string(rd["previous"]) != `"open-p"` {
		t.Errorf("open-o: previous %s", rd["previous"])
	}
}
