//go:build !js

package worker_test

import (
	"net/http"
	"testing"

	wire "lagesbild/api"
)

// A municipality's own responses (issue 13): who may read them, and what.
func TestOwnResponses(t *testing.T) {
	a, codes := setupRunning(t)
	must(t, a.do("POST", "/api/responses", codes["0114"], response(1, "2026", "0114", full("ja"))), 201)
	a.now = a.now.Add(1e9)
	must(t, a.do("POST", "/api/responses", codes["0114"], response(2, "2026", "0114", full("nej"))), 201)
	must(t, a.do("POST", "/api/responses", codes["0305"], response(3, "2026", "0305", full("ja"))), 201)
	must(t, a.do("POST", "/api/admin/rounds", adminToken, map[string]any{
		"id": "open", "questionnaire": "kommun", "version": 1, "opens": "2026-01-01", "closes": "2026-12-31", "openToAll": true}), 201)
	must(t, a.do("POST", "/api/responses", "", response(4, "open", "0305", full("ja"))), 201)

	const path = "/api/rounds/2026/responses/0114"
	for _, tt := range []struct {
		name, path, token string
		status            int
		code, field       string
		ids               []string
	}{
		{"its own code", path, codes["0114"], 200, "", "", []string{uuid(2), uuid(1)}},
		{"its county's lead", path, codes["01"], 200, "", "", []string{uuid(2), uuid(1)}},
		{"the admin", path, adminToken, 200, "", "", []string{uuid(2), uuid(1)}},
		{"none yet", "/api/rounds/2026/responses/0115", codes["0115"], 200, "", "", []string{}},
		{"another municipality's code", path, codes["0115"], 403, "code_other_unit", "municipality", nil},
		{"another county's lead", path, codes["03"], 403, "code_other_unit", "municipality", nil},
		{"no code in a private round", path, "", 401, "unauthorized", "Authorization", nil},
		{"a wrong code", path, "AAAA-BBBB-CCCC-DDDD", 403, "code_invalid", "Authorization", nil},
		{"no such round", "/api/rounds/nope/responses/0114", codes["0114"], 404, "round_not_found", "round", nil},
		{"not a kommunkod", "/api/rounds/2026/responses/9999", codes["0114"], 404, "not_found", "municipality", nil},
		{"open to all: anyone", "/api/rounds/open/responses/0305", "", 200, "", "", []string{uuid(4)}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			r := a.get(tt.path, tt.token)
			if tt.code != "" {
				errorIs(t, tt.name, r, tt.status, tt.code, tt.field)
				return
			}
			must(t, r, tt.status)
			var got wire.OwnResponses
			r.decode(t, &got)
			var ids []string
			for _, s := range got.Responses {
				ids = append(ids, s.ID)
			}
			if ids == nil {
				ids = []string{}
			}
			if len(ids) != len(tt.ids) || len(ids) > 0 && ids[0] != tt.ids[0] {
				t.Errorf("ids = %v, want %v", ids, tt.ids)
			}
		})
	}

	var got wire.OwnResponses
	must(t, a.get(path, codes["0114"]), http.StatusOK).decode(t, &got)
	s := got.Responses[0]
	if got.Municipality != "0114" || got.Name != "Upplands Väsby" || got.Round.ID != "2026" || got.Round.Questionnaire != "kommun" {
		t.Errorf("got %+v", got)
	}
	if s.Role != "chef" || s.Version != 1 || s.Answers["rutiner.ansvar"] != "nej" || s.Received == "" || s.Updated < s.Received {
		t.Errorf("latest = %+v", s)
	}
	if v, ok := s.Measures["total"]; !ok || v == nil {
		t.Errorf("measures = %v, want a total", s.Measures)
	}
}

// A länsstyrelse's own responses (issue 16): read at …/responses/{länskod}
// by its lead and the admin, never by another county's lead or a
// municipality's code of the county; a municipality's response with the
// same county is not among them.
func TestOwnCountyResponses(t *testing.T) {
	a := newAPI(t)
	a.round("l2026", "lansstyrelse", 1, "2026-01-01", "2026-12-31", "")
	codes := a.codes("l2026", nil, []string{"01", "03"})
	body := func(n int, county, answer string) map[string]any {
		return map[string]any{"id": uuid(n), "round": "l2026", "questionnaire": "lansstyrelse", "version": 1, "county": county,
			"answers": map[string]string{"stod.natverk": answer}}
	}
	must(t, a.do("POST", "/api/responses", codes["01"], body(1, "01", "nej")), http.StatusCreated)
	a.now = a.now.Add(1e9)
	must(t, a.do("POST", "/api/responses", codes["01"], body(2, "01", "ja")), http.StatusCreated)
	must(t, a.do("POST", "/api/responses", codes["03"], body(3, "03", "ja")), http.StatusCreated)

	const path = "/api/rounds/l2026/responses/01"
	for _, tt := range []struct {
		name, path, token string
		status            int
		code, field       string
		ids               []string
	}{
		{"its lead", path, codes["01"], 200, "", "", []string{uuid(2), uuid(1)}},
		{"the admin", path, adminToken, 200, "", "", []string{uuid(2), uuid(1)}},
		{"another county's", "/api/rounds/l2026/responses/03", codes["03"], 200, "", "", []string{uuid(3)}},
		{"another county's lead", path, codes["03"], 403, "code_other_unit", "municipality", nil},
		{"no code in a private round", path, "", 401, "unauthorized", "Authorization", nil},
		{"not a länskod", "/api/rounds/l2026/responses/99", codes["01"], 404, "not_found", "municipality", nil},
	} {
		t.Run(tt.name, func(t *testing.T) {
			r := a.get(tt.path, tt.token)
			if tt.code != "" {
				errorIs(t, tt.name, r, tt.status, tt.code, tt.field)
				return
			}
			must(t, r, tt.status)
			var got wire.OwnResponses
			r.decode(t, &got)
			var ids []string
			for _, s := range got.Responses {
				ids = append(ids, s.ID)
			}
			if len(ids) != len(tt.ids) || len(ids) > 0 && ids[0] != tt.ids[0] {
				t.Errorf("ids = %v, want %v", ids, tt.ids)
			}
		})
	}
	var got wire.OwnResponses
	must(t, a.get(path, codes["01"]), http.StatusOK).decode(t, &got)
	if got.Municipality != "01" || got.Name != "Stockholms län" || got.Responses[0].Answers["stod.natverk"] != "ja" || got.Responses[0].Official {
		t.Errorf("got %+v", got)
	}
}
