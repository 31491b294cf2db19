//go:build !js

package worker_test

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"lagesbild/worker"
)

// TestOpenRoundCap: in a round open to all, a municipality keeps its latest
// 20 responses (migrations/0014), the official one among them, with its
// measures and its official row's count in step; a private round keeps all.
func TestOpenRoundCap(t *testing.T) {
	a := newAPI(t)
	must(t, a.do("POST", "/api/admin/rounds", adminToken, map[string]any{"id": "open", "questionnaire": "kommun", "version": 1,
		"opens": "2026-01-01", "closes": "2099-12-31", "openToAll": true}), http.StatusCreated)
	a.round("private", "kommun", 1, "2026-01-01", "2099-12-31", "")
	for i := 1; i <= 25; i++ {
		must(t, a.do("POST", "/api/responses", "", response(i, "open", "0114", full("ja"))), http.StatusCreated)
		must(t, a.do("POST", "/api/responses", adminToken, response(100+i, "private", "0114", full("ja"))), http.StatusCreated)
	}
	for _, tc := range []struct {
		round string
		want  int
	}{{"open", 20}, {"private", 25}} {
		var n, measured, official int
		var oldest string
		if err := a.db.QueryRow(`SELECT COUNT(*), MIN(id),
			(SELECT COUNT(DISTINCT response) FROM measures WHERE response IN (SELECT id FROM responses WHERE round = ?1)),
			(SELECT n FROM officials WHERE round = ?1 AND municipality = '0114')
			FROM responses WHERE round = ?1 AND municipality = '0114'`, tc.round).Scan(&n, &oldest, &measured, &official); err != nil {
			t.Fatal(err)
		}
		if n != tc.want || measured != tc.want || official != tc.want {
			t.Errorf("%s round: %d responses, %d with measures, official count %d; want %d", tc.round, n, measured, official, tc.want)
		}
		if tc.round == "open" && oldest != uuid(6) {
			t.Errorf("open round: oldest kept %s, want %s (the latest 20)", oldest, uuid(6))
		}
	}
	var official string
	if err := a.db.QueryRow(`SELECT response FROM officials WHERE round = 'open' AND municipality = '0114'`).Scan(&official); err != nil {
		t.Fatal(err)
	}
	if official != uuid(25) {
		t.Errorf("official response %s, want the latest, %s", official, uuid(25))
	}
}

// TestNewPerHour: a unit gets at most worker.NewPerHour new responses in a
// round in an hour, also with a valid code; then 429 naming no count, and
// nothing stored. Changing a stored response, another unit, and the next
// hour are not held back.
func TestNewPerHour(t *testing.T) {
	a := newAPI(t)
	a.round("private", "kommun", 1, "2026-01-01", "2099-12-31", "")
	count := func(muni string) (n int) {
		t.Helper()
		if err := a.db.QueryRow(`SELECT COUNT(*) FROM responses WHERE round = 'private' AND municipality = ?`, muni).Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n
	}
	for i := 1; i <= worker.NewPerHour; i++ {
		must(t, a.do("POST", "/api/responses", adminToken, response(i, "private", "0114", full("ja"))), http.StatusCreated)
	}
	r := a.do("POST", "/api/responses", adminToken, response(1000, "private", "0114", full("ja")))
	if code, msg := r.errorCode(); r.Status != http.StatusTooManyRequests || code != "rate_limited" || strings.ContainsAny(msg, "0123456789") {
		t.Errorf("new response %d in the hour: %s; want 429 rate_limited naming no count", worker.NewPerHour+1, r)
	}
	if got, want := count("0114"), worker.NewPerHour; got != want {
		t.Errorf("%d responses stored, want %d", got, want)
	}
	must(t, a.do("POST", "/api/responses", adminToken, response(1, "private", "0114", full("nej"))), http.StatusOK)
	must(t, a.do("POST", "/api/responses", adminToken, response(2000, "private", "0180", full("ja"))), http.StatusCreated)
	a.now = a.now.Add(time.Hour)
	must(t, a.do("POST", "/api/responses", adminToken, response(1000, "private", "0114", full("ja"))), http.StatusCreated)
}
