//go:build !js

package worker_test

import (
	"encoding/json"
	"errors"
	"net/http"
	"strings"
	"testing"

	"lagesbild"
	"lagesbild/worker"
)

// setupRounds makes the rounds the response tests post to: "2026" (open,
// codes needed), "2025" (closed), "2027" (not yet open).
func setupRounds(t *testing.T) (*api, map[string]string) {
	a := newAPI(t)
	a.round("2025", "kommun", 1, "2025-03-01", "2025-05-31", "")
	a.round("2026", "kommun", 1, "2026-03-01", "2026-05-31", "2025")
	a.round("2027", "kommun", 1, "2027-03-01", "2027-05-31", "")
	codes := a.codes("2026", []string{"0114", "0115"}, []string{"01"})
	other := a.codes("2025", []string{"0114"}, nil)
	codes["2025:0114"] = other["0114"]
	return a, codes
}

func TestPostResponseRejected(t *testing.T) {
	a, codes := setupRounds(t)
	// One stored response, so "unchanged" is a real number and so is an id clash.
	must(t, a.do("POST", "/api/responses", codes["0114"], response(1, "2026", "0114", full("ja"))), http.StatusCreated)
	wantResponses, wantMeasures := a.count()

	with := func(change func(map[string]any)) map[string]any {
		b := response(2, "2026", "0114", full("delvis"))
		change(b)
		return b
	}
	tests := []struct {
		name        string
		contentType string
		token       string
		body        any
		status      int
		code        string
		field       string // the message starts with it
	}{
		{"malformed JSON", "", "0114", `{"id": `, 400, lagesbild.EInvalid, "body"},
		{"not an object", "", "0114", `[1, 2]`, 400, lagesbild.EInvalid, "body"},
		{"trailing data", "", "0114", `{"id":"x"} {}`, 400, lagesbild.EInvalid, "body"},
		{"wrong content type", "text/plain", "0114", with(func(map[string]any) {}), 415, lagesbild.EUnsupported, "Content-Type"},
		{"form content type", "application/x-www-form-urlencoded", "0114", with(func(map[string]any) {}), 415, lagesbild.EUnsupported, "Content-Type"},
		{"body over 64 KB", "", "0114", with(func(b map[string]any) { b["padding"] = strings.Repeat("x", worker.MaxBody) }), 413, lagesbild.ETooLarge, "body"},
		{"bad UUID", "", "0114", with(func(b map[string]any) { b["id"] = "not-a-uuid" }), 400, lagesbild.EInvalid, "id"},
		{"UUID without dashes", "", "0114", with(func(b map[string]any) { b["id"] = strings.ReplaceAll(uuid(2), "-", "") }), 400, lagesbild.EInvalid, "id"},
		{"no round", "", "0114", with(func(b map[string]any) { delete(b, "round") }), 400, lagesbild.EInvalid, "round"},
		{"unknown round", "", "0114", with(func(b map[string]any) { b["round"] = "1999" }), 400, lagesbild.EInvalid, "round"},
		{"unknown municipality", "", "0114", with(func(b map[string]any) { b["municipality"] = "9999" }), 400, lagesbild.EInvalid, "municipality"},
		{"municipality not 4 digits", "", "0114", with(func(b map[string]any) { b["municipality"] = "114" }), 400, lagesbild.EInvalid, "municipality"},
		{"municipality as a number", "", "0114", with(func(b map[string]any) { b["municipality"] = 114 }), 400, lagesbild.EInvalid, "municipality"},
		{"no municipality", "", "0114", with(func(b map[string]any) { delete(b, "municipality") }), 400, lagesbild.EInvalid, "municipality"},
		{"both municipality and county", "", "0114", with(func(b map[string]any) { b["county"] = "01" }), 400, lagesbild.EInvalid, "county"},
		{"unknown county", "", "01", with(func(b map[string]any) { delete(b, "municipality"); b["county"] = "02" }), 400, lagesbild.EInvalid, "county"},
		{"unknown item", "", "0114", with(func(b map[string]any) { b["answers"].(map[string]string)["rutiner.nope"] = "ja" }), 400, lagesbild.EInvalid, "answers.rutiner.nope"},
		{"value not an option", "", "0114", with(func(b map[string]any) { b["answers"].(map[string]string)["rutiner.ansvar"] = "kanske" }), 400, lagesbild.EInvalid, "answers.rutiner.ansvar"},
		{"value not a string", "", "0114", with(func(b map[string]any) {
			b["answers"] = map[string]any{"rutiner.ansvar": 2}
		}), 400, lagesbild.EInvalid, "answers.rutiner.ansvar"},
		{"no answers", "", "0114", with(func(b map[string]any) { b["answers"] = map[string]string{} }), 400, lagesbild.EInvalid, "answers"},
		{"wrong questionnaire", "", "0114", with(func(b map[string]any) { b["questionnaire"] = "lansstyrelse" }), 400, lagesbild.EInvalid, "questionnaire"},
		{"wrong version", "", "0114", with(func(b map[string]any) { b["version"] = 2 }), 400, lagesbild.EInvalid, "version"},
		{"version not a number", "", "0114", with(func(b map[string]any) { b["version"] = "1" }), 400, lagesbild.EInvalid, "version"},
		{"role with a name", "", "0114", with(func(b map[string]any) { b["role"] = "Anna Andersson" }), 400, lagesbild.EInvalid, "role"},
		{"role with an e-mail", "", "0114", with(func(b map[string]any) { b["role"] = "anna@kommun.se" }), 400, lagesbild.EInvalid, "role"},
		{"round closed", "", "2025:0114", with(func(b map[string]any) { b["round"] = "2025" }), 409, lagesbild.ERoundClosed, "round"},
		{"no code", "", "", with(func(map[string]any) {}), 401, lagesbild.EUnauthorized, "Authorization"},
		{"invalid code", "", "AAAA-BBBB-CCCC-DDDD", with(func(map[string]any) {}), 403, lagesbild.ECodeInvalid, "Authorization"},
		{"code of another round", "", "2025:0114", with(func(map[string]any) {}), 403, lagesbild.ECodeInvalid, "Authorization"},
		{"code of another municipality", "", "0115", with(func(map[string]any) {}), 403, lagesbild.ECodeOtherUnit, "municipality"},
		{"county token, other county", "", "01", with(func(b map[string]any) { b["municipality"] = "0380" }), 403, lagesbild.ECodeOtherUnit, "municipality"},
		{"id used by another municipality", "", "0115", with(func(b map[string]any) { b["id"] = uuid(1); b["municipality"] = "0115" }), 409, lagesbild.EIDConflict, "id"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			token := tt.token
			if c, ok := codes[token]; ok {
				token = c
			}
			r := postAs(a, tt.contentType, token, tt.body)
			code, msg := r.errorCode()
			if r.Status != tt.status || code != tt.code {
				t.Errorf("got %s, want %d %s", r, tt.status, tt.code)
			}
			if !strings.HasPrefix(msg, tt.field) {
				t.Errorf("message %q does not start with the field %q", msg, tt.field)
			}
			if gotR, gotM := a.count(); gotR != wantResponses || gotM != wantMeasures {
				t.Errorf("stored %d responses, %d measure rows; want %d, %d (unchanged)", gotR, gotM, wantResponses, wantMeasures)
			}
		})
	}
}

// postAs posts a body with a content type other than JSON when one is given.
func postAs(a *api, contentType, token string, body any) reply {
	a.t.Helper()
	if contentType == "" {
		return a.do("POST", "/api/responses", token, body)
	}
	b, _ := json.Marshal(body)
	h := a.h
	req := newRequest("POST", "/api/responses", string(b))
	req.Header.Set("Content-Type", contentType)
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	return serve(h, req)
}

func TestPostResponseNotYetOpen(t *testing.T) {
	a := newAPI(t)
	a.round("2027", "kommun", 1, "2027-03-01", "2027-05-31", "")
	codes := a.codes("2027", []string{"0114"}, nil)
	r := a.do("POST", "/api/responses", codes["0114"], response(1, "2027", "0114", full("ja")))
	if code, msg := r.errorCode(); r.Status != 409 || code != lagesbild.ERoundNotOpen || !strings.HasPrefix(msg, "round") {
		t.Errorf("got %s, want 409 round_not_open naming the round", r)
	}
	if n, _ := a.count(); n != 0 {
		t.Errorf("stored %d responses, want 0", n)
	}
}

func TestPostResponseIdempotent(t *testing.T) {
	a, codes := setupRounds(t)
	code := codes["0114"]
	body := response(1, "2026", "0114", full("ja"))

	var first struct {
		ID, Outcome string
		Measures    map[string]*float64
	}
	must(t, a.do("POST", "/api/responses", code, body), http.StatusCreated).decode(t, &first)
	if first.Outcome != "created" || first.Measures["total"] == nil || *first.Measures["total"] != 100 {
		t.Errorf("first post: got %+v, want created with total 100", first)
	}
	wantR, wantM := a.count()
	if wantR != 1 {
		t.Fatalf("stored %d responses, want 1", wantR)
	}
	for i := 0; i < 3; i++ {
		var again struct{ Outcome string }
		must(t, a.do("POST", "/api/responses", code, body), http.StatusOK).decode(t, &again)
		if again.Outcome != "unchanged" {
			t.Errorf("repost %d: outcome %q, want unchanged", i, again.Outcome)
		}
		if r, m := a.count(); r != wantR || m != wantM {
			t.Errorf("repost %d: %d responses, %d measure rows; want %d, %d", i, r, m, wantR, wantM)
		}
	}
	// Upper-case id is the same id.
	upper := response(1, "2026", "0114", full("ja"))
	upper["id"] = strings.ToUpper(uuid(1))
	must(t, a.do("POST", "/api/responses", code, upper), http.StatusOK)

	// Changed answers under the same id update the response while the round is open.
	changed := response(1, "2026", "0114", full("nej"))
	var upd struct {
		Outcome  string
		Measures map[string]*float64
	}
	must(t, a.do("POST", "/api/responses", code, changed), http.StatusOK).decode(t, &upd)
	if upd.Outcome != "updated" || *upd.Measures["total"] != 0 {
		t.Errorf("changed answers: got %+v, want updated with total 0", upd)
	}
	if r, m := a.count(); r != wantR || m != wantM {
		t.Errorf("after update: %d responses, %d measure rows; want %d, %d", r, m, wantR, wantM)
	}
	var v struct {
		Municipalities []struct {
			Code        string
			Respondents int
			Measures    map[string]*float64
		}
	}
	must(t, a.get("/api/rounds/2026/counties/01", code), http.StatusOK).decode(t, &v)
	if len(v.Municipalities) != 1 || v.Municipalities[0].Respondents != 1 || *v.Municipalities[0].Measures["total"] != 0 {
		t.Errorf("own row after update: got %+v, want one respondent with total 0", v.Municipalities)
	}

	// After the round closes, the same id cannot change any more.
	a.now = testNow.AddDate(1, 0, 0)
	r := a.do("POST", "/api/responses", code, body)
	if code, _ := r.errorCode(); r.Status != 409 || code != lagesbild.ERoundClosed {
		t.Errorf("update after close: got %s, want 409 round_closed", r)
	}
}

func TestPostResponseIgnoresClientNumbers(t *testing.T) {
	a, codes := setupRounds(t)
	body := response(1, "2026", "0114", full("nej"))
	body["measures"] = map[string]float64{"total": 100, "rutiner": 100}
	body["total"] = 100
	body["result"] = map[string]any{"total": 100}
	var got struct{ Measures map[string]*float64 }
	must(t, a.do("POST", "/api/responses", codes["0114"], body), http.StatusCreated).decode(t, &got)
	if *got.Measures["total"] != 0 {
		t.Errorf("total %v, want the worker's own 0", *got.Measures["total"])
	}
	var stored string
	if err := a.db.QueryRow(`SELECT measures FROM responses WHERE id = ?`, uuid(1)).Scan(&stored); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(stored, "100") {
		t.Errorf("stored measures %s carry the client's numbers", stored)
	}
}

func TestPostResponseStoresNoPersonalData(t *testing.T) {
	a, codes := setupRounds(t)
	req := newRequest("POST", "/api/responses", mustJSON(t, response(1, "2026", "0114", full("ja"))))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Authorization", "Bearer "+codes["0114"])
	req.Header.Set("Cf-Connecting-Ip", "203.0.113.7")
	req.Header.Set("User-Agent", "Mozilla/5.0 anna@example.se")
	req.RemoteAddr = "203.0.113.7:4711"
	must(t, serve(a.h, req), http.StatusCreated)
	dump := dumpDB(t, a)
	for _, secret := range []string{"203.0.113.7", "anna@example.se", codes["0114"]} {
		if strings.Contains(dump, secret) {
			t.Errorf("the database holds %q", secret)
		}
	}
}

func TestPostResponseCountyAndAdmin(t *testing.T) {
	a := newAPI(t)
	a.round("l2026", "lansstyrelse", 1, "2026-01-01", "2026-12-31", "")
	codes := a.codes("l2026", nil, []string{"01", "03"})
	body := map[string]any{"id": uuid(9), "round": "l2026", "questionnaire": "lansstyrelse", "version": 1, "county": "01",
		"answers": map[string]string{"stod.natverk": "ja"}}
	must(t, a.do("POST", "/api/responses", codes["03"], body), http.StatusForbidden)
	must(t, a.do("POST", "/api/responses", codes["01"], body), http.StatusCreated)
	body["id"] = uuid(10)
	must(t, a.do("POST", "/api/responses", adminToken, body), http.StatusCreated)
	if n, _ := a.count(); n != 2 {
		t.Errorf("%d responses, want 2", n)
	}
}

// FuzzResponse checks the decoder of POST /api/responses: it never panics,
// every rejection is an invalid-input error naming a field, and what it
// accepts is well-formed.
func FuzzResponse(f *testing.F) {
	f.Add([]byte(`{"id":"00000000-0000-4000-8000-000000000001","round":"2026","questionnaire":"kommun","version":1,"municipality":"0114","role":"chef","answers":{"rutiner.ansvar":"ja"}}`))
	f.Add([]byte(`{"id":"00000000-0000-4000-8000-000000000001","round":"l","questionnaire":"lansstyrelse","version":1,"county":"01","answers":{"a":"b"}}`))
	f.Add([]byte(`{"answers":{"x":2}}`))
	f.Add([]byte(`{"version":1e400}`))
	f.Add([]byte(`[]`))
	f.Add([]byte(`null`))
	f.Add([]byte("{\"round\":\"\xff\"}"))
	fields := []string{"body", "id", "round", "questionnaire", "version", "municipality", "county", "role", "answers"}
	f.Fuzz(func(t *testing.T, b []byte) {
		r, err := worker.DecodeResponse(b)
		if err != nil {
			var e *lagesbild.Error
			if !errors.As(err, &e) || e.Code != lagesbild.EInvalid {
				t.Fatalf("error %v is not an invalid-input error", err)
			}
			for _, f := range fields {
				if strings.HasPrefix(e.Message, f) {
					return
				}
			}
			t.Fatalf("error %q names no field", e.Message)
		}
		if len(r.ID) != 36 || r.Round == "" || r.Questionnaire == "" || r.Version < 1 || len(r.Answers) == 0 {
			t.Fatalf("accepted an incomplete response: %+v", r)
		}
		if (r.Municipality == "") == (r.County == "") {
			t.Fatalf("accepted a response with municipality %q and county %q", r.Municipality, r.County)
		}
		// What was accepted survives a round trip unchanged.
		again, err := worker.DecodeResponse(mustJSONBytes(t, r))
		if err != nil {
			t.Fatalf("re-decoding %+v: %v", r, err)
		}
		if mustJSON(t, again) != mustJSON(t, r) {
			t.Fatalf("round trip changed %+v to %+v", r, again)
		}
	})
}
