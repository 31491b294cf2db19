//go:build !js

package api_test

import (
	"strings"
	"testing"

	"lagesbild"
)

// previousView is what a comparison route shows of the previous round.
type previousView struct {
	Previous *struct {
		Round          string
		County         *lagesbild.Group
		Counties       []lagesbild.Group
		National       lagesbild.Group
		Municipalities []struct{ Code string }
	}
}

// TestPreviousRoundAttack (issue 11, F3), in workerd: a round open to all
// whose previous round is private showed the private round's municipality
// rows to anyone (export.json, no code), because they were checked against
// the open round's access. The rounds are the seed's (testdata/legacy_rounds.sql):
// the admin route refuses to make such a pair now.
func TestPreviousRoundAttack(t *testing.T) {
	need(t)
	const p, o = "e2e-legacy-p", "e2e-legacy-o"
	q := questionnaire(t, "kommun", 0)
	for i, m := range []string{"2480", "2401", "2403", "2404", "0180", "0114", "1280"} {
		must(t, post(t, "/api/responses", w.AdminToken, response(t, i+1, p, q, m, answers(q, i%3))), 201)
	}
	// The admin route: an open round with a private previous round is 400,
	// naming previous; a private one is fine.
	r := post(t, "/api/admin/rounds", w.AdminToken, map[string]any{"id": "e2e-prev-open", "questionnaire": "kommun",
		"opens": "2020-01-01", "closes": "2099-12-31", "openToAll": true, "previous": p})
	var e struct{ Code, Error string }
	r.decode(t, &e)
	if r.Status != 400 || e.Code != lagesbild.EInvalid || !strings.HasPrefix(e.Error, "previous:") {
		t.Errorf("admin: an open round with a private previous round: got %s, want 400 invalid naming previous", r)
	}
	must(t, post(t, "/api/admin/rounds", w.AdminToken, map[string]any{"id": "e2e-prev-private", "questionnaire": "kommun",
		"opens": "2020-01-01", "closes": "2099-12-31", "previous": p}), 201)

	var oCodes, qCodes struct{ Codes []struct{ Unit, Code string } }
	must(t, post(t, "/api/admin/rounds/"+o+"/codes", w.AdminToken, map[string]any{"municipalities": []string{"2480"}, "counties": []string{"24"}}), 201).decode(t, &oCodes)
	must(t, post(t, "/api/admin/rounds/e2e-prev-private/codes", w.AdminToken, map[string]any{"municipalities": []string{"2480"}, "counties": []string{"24"}}), 201).decode(t, &qCodes)

	paths := func(round string) []string {
		return []string{"/api/rounds/" + round + "/export.json", "/api/rounds/" + round + "/counties/24",
			"/api/rounds/" + round + "/counties/01", "/api/rounds/" + round + "/counties"}
	}
	for _, tt := range []struct {
		name, round, token string
		figures            bool // P's figures beside
	}{
		{"no code", o, "", false},
		{"O's municipality code", o, oCodes.Codes[0].Code, true},
		{"O's county lead token", o, oCodes.Codes[1].Code, true},
		{"a private round's municipality code", "e2e-prev-private", qCodes.Codes[0].Code, true},
		{"a private round's county lead token", "e2e-prev-private", qCodes.Codes[1].Code, true},
	} {
		t.Run(tt.name, func(t *testing.T) {
			for _, path := range paths(tt.round) {
				r := must(t, get(t, path, tt.token), 200)
				var v previousView
				r.decode(t, &v)
				if v.Previous != nil && len(v.Previous.Municipalities) > 0 {
					t.Errorf("%s: %d rows of the private previous round", path, len(v.Previous.Municipalities))
				}
				if (v.Previous != nil) != tt.figures {
					t.Errorf("%s: previous round shown %v, want %v", path, v.Previous != nil, tt.figures)
				}
				if !tt.figures && strings.Contains(string(r.Body), p) && strings.Contains(string(r.Body), `"previous":{`) {
					t.Errorf("%s: the private round's figures are in %s", path, r.Body)
				}
			}
		})
	}
	// The admin sees P's rows beside O; P's own lead sees them in P.
	var v previousView
	must(t, get(t, "/api/rounds/"+o+"/export.json", w.AdminToken), 200).decode(t, &v)
	if v.Previous == nil || len(v.Previous.Municipalities) != 290 {
		t.Errorf("admin: previous rows %+v, want 290", v.Previous)
	}
}
