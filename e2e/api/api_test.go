//go:build !js

package api_test

import (
	"bytes"
	"net/http"
	"strconv"
	"strings"
	"testing"

	"lagesbild"
)

func TestHealthAndHeaders(t *testing.T) {
	need(t)
	for _, path := range []string{"/api/health", "/api/health/db", "/api/nope"} {
		r := get(t, path, "")
		if csp := r.Header.Get("Content-Security-Policy"); !strings.Contains(csp, "'wasm-unsafe-eval'") {
			t.Errorf("%s: CSP %q", path, csp)
		}
		if r.Header.Get("X-Content-Type-Options") != "nosniff" {
			t.Errorf("%s: no nosniff", path)
		}
		if ct := r.Header.Get("Content-Type"); ct != "application/json; charset=utf-8" {
			t.Errorf("%s: Content-Type %q", path, ct)
		}
	}
	var h struct {
		OK bool
		DB *string
	}
	must(t, get(t, "/api/health", ""), 200).decode(t, &h)
	if !h.OK || h.DB != nil {
		t.Errorf("health: %+v, want ok without db (liveness reads no D1)", h)
	}
	h.OK, h.DB = false, nil
	must(t, get(t, "/api/health/db", ""), 200).decode(t, &h)
	if !h.OK || h.DB == nil || *h.DB != "ok" {
		t.Errorf("health/db: %+v, want ok with db ok", h)
	}
	if r := get(t, "/api/nope", ""); r.Status != 404 || r.code() != lagesbild.ENotFound {
		t.Errorf("unknown route: got %s, want a 404 JSON error", r)
	}
	for _, path := range []string{"/api/health", "/api/health/db"} {
		if r := do(t, "DELETE", path, "", "", nil); r.Status != 405 {
			t.Errorf("DELETE %s: got %s, want 405", path, r)
		}
	}
}

// TestStaticAssets: files of build/public come from Workers static assets,
// beside the API.
func TestStaticAssets(t *testing.T) {
	need(t)
	r := must(t, get(t, "/", ""), 200)
	if ct := r.Header.Get("Content-Type"); !strings.HasPrefix(ct, "text/html") {
		t.Errorf("/: Content-Type %q, want HTML from build/public", ct)
	}
}

func TestQuestionnaires(t *testing.T) {
	need(t)
	var list []struct {
		ID      string
		Version int
	}
	must(t, get(t, "/api/questionnaires", ""), 200).decode(t, &list)
	found := false
	for _, q := range list {
		found = found || q.ID == "kommun"
	}
	if !found {
		t.Fatalf("no kommun questionnaire in %+v", list)
	}
	q := questionnaire(t, "kommun", 0)
	if len(q.Sections) == 0 || q.ItemCount() == 0 {
		t.Errorf("kommun has no items: %+v", q)
	}
	must(t, get(t, "/api/questionnaires/nope", ""), 404)
}

// TestResponsesIdempotent: the same id again is 200 and counted once; new
// answers under the id update it.
func TestResponsesIdempotent(t *testing.T) {
	need(t)
	q, codes := round(t, "e2e-idem", "2480")
	body := response(t, 1, "e2e-idem", q, "2480", answers(q, 0))
	must(t, post(t, "/api/responses", codes["2480"], body), 201)
	for i := 0; i < 3; i++ {
		must(t, post(t, "/api/responses", codes["2480"], body), 200)
	}
	if n := count(t, "e2e-idem"); n != 1 {
		t.Errorf("%d responses after 4 posts of one id, want 1", n)
	}
	var upd struct {
		Outcome  string
		Measures map[string]*float64
	}
	must(t, post(t, "/api/responses", codes["2480"], response(t, 1, "e2e-idem", q, "2480", answers(q, 2))), 200).decode(t, &upd)
	if upd.Outcome != "updated" {
		t.Errorf("changed answers: outcome %q, want updated", upd.Outcome)
	}
	if n := count(t, "e2e-idem"); n != 1 {
		t.Errorf("%d responses after an update, want 1", n)
	}
	// The stored mean follows the update.
	var cr struct {
		Municipalities []struct {
			Code     string
			Measures map[string]*float64
		}
	}
	must(t, get(t, "/api/rounds/e2e-idem/counties/24", codes["2480"]), 200).decode(t, &cr)
	if len(cr.Municipalities) != 1 || fmtp(cr.Municipalities[0].Measures["total"]) != fmtp(upd.Measures["total"]) {
		t.Errorf("own row %+v, want total %s", cr.Municipalities, fmtp(upd.Measures["total"]))
	}
}

func fmtp(v *float64) string {
	if v == nil {
		return "null"
	}
	return strconv.FormatFloat(*v, 'f', -1, 64)
}

// TestRejectedLeaveNothing: every rejected post leaves the count unchanged.
func TestRejectedLeaveNothing(t *testing.T) {
	need(t)
	q, codes := round(t, "e2e-reject", "2480", "2401")
	must(t, post(t, "/api/responses", codes["2480"], response(t, 1, "e2e-reject", q, "2480", answers(q, 0))), 201)
	item := q.Sections[0].Items[0].ID
	with := func(change func(map[string]any)) map[string]any {
		b := response(t, 2, "e2e-reject", q, "2480", answers(q, 1))
		change(b)
		return b
	}
	tests := []struct {
		name, token, contentType string
		body                     any
		status                   int
		code                     string
		field                    string
	}{
		{"malformed JSON", "2480", "", `{"id":`, 400, lagesbild.EInvalid, "body"},
		{"wrong content type", "2480", "text/plain", with(func(map[string]any) {}), 415, lagesbild.EUnsupported, "Content-Type"},
		{"over 64 KB", "2480", "", with(func(b map[string]any) { b["x"] = strings.Repeat("x", 70000) }), 413, lagesbild.ETooLarge, "body"},
		{"bad UUID", "2480", "", with(func(b map[string]any) { b["id"] = "123" }), 400, lagesbild.EInvalid, "id"},
		{"unknown municipality", "2480", "", with(func(b map[string]any) { b["municipality"] = "0000" }), 400, lagesbild.EInvalid, "municipality"},
		{"unknown item", "2480", "", with(func(b map[string]any) { b["answers"].(map[string]string)["nope.nope"] = "ja" }), 400, lagesbild.EInvalid, "answers.nope.nope"},
		{"value not an option", "2480", "", with(func(b map[string]any) { b["answers"].(map[string]string)[item] = "kanske" }), 400, lagesbild.EInvalid, "answers." + item},
		{"value not a string", "2480", "", with(func(b map[string]any) { b["answers"] = map[string]any{item: 2} }), 400, lagesbild.EInvalid, "answers." + item},
		{"wrong questionnaire", "2480", "", with(func(b map[string]any) { b["questionnaire"] = "workshop" }), 400, lagesbild.EInvalid, "questionnaire"},
		{"wrong version", "2480", "", with(func(b map[string]any) { b["version"] = q.Version + 1 }), 400, lagesbild.EInvalid, "version"},
		{"unknown round", "2480", "", with(func(b map[string]any) { b["round"] = "e2e-none" }), 400, lagesbild.EInvalid, "round"},
		{"no code", "", "", with(func(map[string]any) {}), 401, lagesbild.EUnauthorized, "Authorization"},
		{"wrong code", "ABCD-EFGH-JKLM-NPQR", "", with(func(map[string]any) {}), 403, lagesbild.ECodeInvalid, "Authorization"},
		{"another municipality's code", "2401", "", with(func(map[string]any) {}), 403, lagesbild.ECodeOtherUnit, "municipality"},
		{"id of another municipality's response", "2401", "", with(func(b map[string]any) { b["id"] = uuid(t, 1); b["municipality"] = "2401" }), 409, lagesbild.EIDConflict, "id"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			token := tt.token
			if c, ok := codes[token]; ok {
				token = c
			}
			r := do(t, "POST", "/api/responses", token, tt.contentType, tt.body)
			var e struct{ Code, Error string }
			r.decode(t, &e)
			if r.Status != tt.status || e.Code != tt.code || !strings.HasPrefix(e.Error, tt.field) {
				t.Errorf("got %s, want %d %s naming %s", r, tt.status, tt.code, tt.field)
			}
		})
	}
	if n := count(t, "e2e-reject"); n != 1 {
		t.Errorf("%d responses after the rejected posts, want 1", n)
	}
}

// TestAccessAndSuppression: in workerd, a municipality sees only its own
// row, a county lead only its county's rows, and suppressed figures are null
// with "suppressed": true at every route.
func TestAccessAndSuppression(t *testing.T) {
	need(t)
	// Västerbotten (24): four municipalities answer; Norrbotten (25): one.
	q, codes := round(t, "e2e-access", "2480", "2401", "24", "25")
	n := 0
	for i, m := range []string{"2480", "2401", "2403", "2404", "2510"} {
		n++
		must(t, post(t, "/api/responses", w.AdminToken, response(t, n, "e2e-access", q, m, answers(q, i%3))), 201)
	}
	type county struct {
		County         lagesbild.Group
		Municipalities []struct{ Code string }
	}
	rows := func(token, c string) (county, []string) {
		var v county
		must(t, get(t, "/api/rounds/e2e-access/counties/"+c, token), 200).decode(t, &v)
		var out []string
		for _, m := range v.Municipalities {
			out = append(out, m.Code)
		}
		return v, out
	}
	if _, got := rows(codes["2480"], "24"); len(got) != 1 || got[0] != "2480" {
		t.Errorf("municipality code, own county: rows %v, want [2480]", got)
	}
	if _, got := rows(codes["2480"], "25"); len(got) != 0 {
		t.Errorf("municipality code, other county: rows %v, want none", got)
	}
	if _, got := rows(codes["24"], "24"); len(got) != len(lagesbild.MunicipalitiesIn("24")) {
		t.Errorf("county token, own county: %d rows, want all %d", len(got), len(lagesbild.MunicipalitiesIn("24")))
	}
	if _, got := rows(codes["24"], "25"); len(got) != 0 {
		t.Errorf("county token 24 reads county 25's rows: %v", got)
	}
	if _, got := rows(codes["25"], "24"); len(got) != 0 {
		t.Errorf("county token 25 reads county 24's rows: %v", got)
	}
	must(t, get(t, "/api/rounds/e2e-access/counties/24", ""), 401)
	must(t, get(t, "/api/rounds/e2e-access/export.csv", ""), 401)

	// Norrbotten rests on one municipality: suppressed everywhere, but for
	// its own lead, who sees the row it rests on.
	v, _ := rows(codes["2480"], "25")
	if f := v.County.Measures["total"]; !f.Suppressed || f.Value != nil {
		t.Errorf("county route: 25 total %+v, want suppressed", f)
	}
	if v, _ := rows(codes["25"], "25"); v.County.Measures["total"].Value == nil {
		t.Errorf("county route, Norrbotten's lead: 25 total %+v, want its one municipality's value", v.County.Measures["total"])
	}
	raw := must(t, get(t, "/api/rounds/e2e-access/counties", codes["2480"]), 200)
	var cs struct{ Counties []lagesbild.Group }
	raw.decode(t, &cs)
	for _, g := range cs.Counties {
		if g.Code == "25" && (!g.Measures["total"].Suppressed || g.Measures["total"].Value != nil) {
			t.Errorf("counties route: 25 total %+v, want suppressed", g.Measures["total"])
		}
	}
	if !bytes.Contains(raw.Body, []byte(`"value":null,"n":0,"suppressed":true`)) {
		t.Errorf("no suppressed figure in %s", raw.Body)
	}
	var ex struct {
		Counties       []lagesbild.Group
		Municipalities []struct{ Code string }
	}
	must(t, get(t, "/api/rounds/e2e-access/export.json", codes["24"]), 200).decode(t, &ex)
	for _, g := range ex.Counties {
		if g.Code == "25" && !g.Measures["total"].Suppressed {
			t.Errorf("export.json: 25 total %+v, want suppressed", g.Measures["total"])
		}
	}
	for _, m := range ex.Municipalities {
		if !strings.HasPrefix(m.Code, "24") {
			t.Errorf("export.json for county 24 shows %s", m.Code)
		}
	}
	csv := must(t, get(t, "/api/rounds/e2e-access/export.csv", codes["2480"]), 200)
	if !bytes.HasPrefix(csv.Body, []byte("\xEF\xBB\xBFNivå;")) || csv.Header.Get("Content-Type") != "text/csv; charset=utf-8" {
		t.Errorf("export.csv: %q, %q", csv.Body[:min(20, len(csv.Body))], csv.Header.Get("Content-Type"))
	}
	for _, line := range strings.Split(string(csv.Body), "\r\n") {
		f := strings.Split(line, ";")
		if f[0] == "Län" && f[1] == "25" && f[len(f)-2] != ".." {
			t.Errorf("export.csv: county 25 total %q, want ..", f[len(f)-2])
		}
		if f[0] == "Kommun" && f[1] != "2480" {
			t.Errorf("export.csv for municipality 2480 shows %s", f[1])
		}
	}
}

// TestDemoRound: the demo round needs no code.
func TestDemoRound(t *testing.T) {
	need(t)
	var rd struct {
		Questionnaire string
		Version       int
		OpenToAll     bool
	}
	must(t, get(t, "/api/rounds/demo", ""), 200).decode(t, &rd)
	if rd.Questionnaire != "kommun" || !rd.OpenToAll {
		t.Errorf("demo round %+v", rd)
	}
	q := questionnaire(t, rd.Questionnaire, rd.Version)
	must(t, post(t, "/api/responses", "", response(t, 1, "demo", q, "0180", answers(q, 0))), http.StatusCreated)
	var cs struct {
		National lagesbild.Group
		Counties []lagesbild.Group
	}
	must(t, get(t, "/api/rounds/demo/counties", ""), 200).decode(t, &cs)
	if len(cs.Counties) != 21 || cs.National.Municipalities != 290 || cs.National.Responded < 1 {
		t.Errorf("demo counties: %d counties, national %+v", len(cs.Counties), cs.National)
	}
}

// TestErrorCodes: in workerd, each situation a client tells apart has its
// own code, with the status of lagesbild.Codes; clients switch on the code.
func TestErrorCodes(t *testing.T) {
	need(t)
	q, codes := round(t, "e2e-codes", "2480", "24")
	for _, rd := range []map[string]any{
		{"id": "e2e-codes-closed", "questionnaire": "kommun", "opens": "2020-01-01", "closes": "2020-12-31"},
		{"id": "e2e-codes-later", "questionnaire": "kommun", "opens": "2098-01-01", "closes": "2099-12-31"},
	} {
		must(t, post(t, "/api/admin/rounds", w.AdminToken, rd), 201)
	}
	tests := []struct {
		name         string
		method, path string
		token        string
		body         any
		status       int
		code         string
	}{
		{"no route", "GET", "/api/nope", "", nil, 404, lagesbild.ENotFound},
		{"wrong method", "PUT", "/api/responses", "", nil, 405, lagesbild.EMethodNotAllowed},
		{"no questionnaire", "GET", "/api/questionnaires/nope", "", nil, 404, lagesbild.ENotFound},
		{"no round", "GET", "/api/rounds/e2e-none", "", nil, 404, lagesbild.ERoundNotFound},
		{"no county", "GET", "/api/rounds/e2e-codes/counties/99", codes["24"], nil, 404, lagesbild.ENotFound},
		{"figures without a code", "GET", "/api/rounds/e2e-codes/counties/24", "", nil, 401, lagesbild.EUnauthorized},
		{"a code not valid for the round", "GET", "/api/rounds/e2e-codes", "ABCD-EFGH-JKLM-NPQR", nil, 403, lagesbild.ECodeInvalid},
		{"a code of another round", "GET", "/api/rounds/e2e-codes-closed", codes["2480"], nil, 403, lagesbild.ECodeInvalid},
		{"a closed round", "POST", "/api/responses", w.AdminToken, response(t, 1, "e2e-codes-closed", q, "2480", answers(q, 0)), 409, lagesbild.ERoundClosed},
		{"a round not yet open", "POST", "/api/responses", w.AdminToken, response(t, 2, "e2e-codes-later", q, "2480", answers(q, 0)), 409, lagesbild.ERoundNotOpen},
		{"a county lead for another county", "POST", "/api/responses", codes["24"], response(t, 3, "e2e-codes", q, "0180", answers(q, 0)), 403, lagesbild.ECodeOtherUnit},
		{"admin without a token", "POST", "/api/admin/rounds", "", map[string]any{}, 401, lagesbild.EUnauthorized},
		{"admin with a code", "POST", "/api/admin/rounds", codes["24"], map[string]any{}, 403, lagesbild.EForbidden},
		{"a round that exists", "POST", "/api/admin/rounds", w.AdminToken,
			map[string]any{"id": "e2e-codes", "questionnaire": "kommun", "opens": "2020-01-01", "closes": "2099-12-31"}, 409, lagesbild.ERoundExists},
		{"codes of no round", "POST", "/api/admin/rounds/e2e-none/codes", w.AdminToken, map[string]any{"counties": []string{"24"}}, 404, lagesbild.ERoundNotFound},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := do(t, tt.method, tt.path, tt.token, "", tt.body)
			if r.Status != tt.status || r.code() != tt.code {
				t.Errorf("got %s, want %d %s", r, tt.status, tt.code)
			}
		})
	}
}
