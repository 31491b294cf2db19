//go:build !js

package worker_test

import (
	"net/http"
	"strings"
	"testing"

	"lagesbild"
	wire "lagesbild/api"
)

// TestErrorCodes: each situation a client must tell apart has its own code,
// with the status of lagesbild.Codes; the clients switch on the code alone.
func TestErrorCodes(t *testing.T) {
	a, codes := setupRounds(t)
	must(t, a.do("POST", "/api/responses", codes["0114"], response(1, "2026", "0114", full("ja"))), http.StatusCreated)
	// Sessions on the test catalog's kommun (newRoom wants the shipped
	// questionnaires).
	session := func(body map[string]any) *room {
		var c wire.Workshop
		body["questionnaire"] = "kommun"
		must(t, a.do("POST", "/api/workshops", "", body), http.StatusCreated).decode(t, &c)
		return &room{a: a, code: c.Code, token: c.Token}
	}
	rm := session(map[string]any{"limits": map[string]any{"joinsPerMinute": 2}})
	must(t, rm.join(1), http.StatusCreated)
	must(t, rm.change(map[string]any{"lock": []string{"rutiner.ansvar"}}), http.StatusOK)
	ended := session(map[string]any{})
	must(t, ended.change(map[string]any{"ended": true}), http.StatusOK)
	ws := "/api/workshops/" + rm.code

	tests := []struct {
		name         string
		method, path string
		token        string
		body         any
		status       int
		code         string
	}{
		{"no route", "GET", "/api/nope", "", nil, 404, lagesbild.ENotFound},
		{"wrong method", "DELETE", "/api/health", "", nil, 405, lagesbild.EMethodNotAllowed},
		{"not JSON", "POST", "/api/responses", codes["0114"], "{", 400, lagesbild.EInvalid},
		{"no questionnaire", "GET", "/api/questionnaires/nope", "", nil, 404, lagesbild.ENotFound},
		{"no round", "GET", "/api/rounds/nope", "", nil, 404, lagesbild.ERoundNotFound},
		{"no round's figures", "GET", "/api/rounds/nope/counties/01", codes["0114"], nil, 404, lagesbild.ERoundNotFound},
		{"no county", "GET", "/api/rounds/2026/counties/99", codes["0114"], nil, 404, lagesbild.ENotFound},
		{"figures without a code", "GET", "/api/rounds/2026/counties", "", nil, 401, lagesbild.EUnauthorized},
		{"a code not valid for the round", "GET", "/api/rounds/2026", "AAAA-BBBB-CCCC-DDDD", nil, 403, lagesbild.ECodeInvalid},
		{"a code of another round", "GET", "/api/rounds/2026/export.csv", codes["2025:0114"], nil, 403, lagesbild.ECodeInvalid},
		{"a response without a code", "POST", "/api/responses", "", response(2, "2026", "0114", full("ja")), 401, lagesbild.EUnauthorized},
		{"a response for another municipality", "POST", "/api/responses", codes["0115"], response(2, "2026", "0114", full("ja")), 403, lagesbild.ECodeOtherUnit},
		{"a response to a closed round", "POST", "/api/responses", codes["2025:0114"], response(2, "2025", "0114", full("ja")), 409, lagesbild.ERoundClosed},
		{"a response to a round not yet open", "POST", "/api/responses", adminToken, response(2, "2027", "0114", full("ja")), 409, lagesbild.ERoundNotOpen},
		{"a response id of another municipality", "POST", "/api/responses", codes["0115"], response(1, "2026", "0115", full("ja")), 409, lagesbild.EIDConflict},
		{"admin without a token", "POST", "/api/admin/rounds", "", map[string]any{}, 401, lagesbild.EUnauthorized},
		{"admin with another token", "POST", "/api/admin/rounds", codes["01"], map[string]any{}, 403, lagesbild.EForbidden},
		{"a round that exists", "POST", "/api/admin/rounds", adminToken,
			map[string]any{"id": "2026", "questionnaire": "kommun", "opens": "2026-03-01", "closes": "2026-05-31"}, 409, lagesbild.ERoundExists},
		{"codes of no round", "POST", "/api/admin/rounds/nope/codes", adminToken, map[string]any{"counties": []string{"01"}}, 404, lagesbild.ERoundNotFound},
		{"over 64 KB", "POST", "/api/responses", codes["0114"], map[string]any{"x": strings.Repeat("x", 70000)}, 413, lagesbild.ETooLarge},
		{"no workshop session", "GET", "/api/workshops/ACDEFG", "", nil, 404, lagesbild.ESessionNotFound},
		{"facilitator without a token", "PATCH", ws, "", map[string]any{"revealed": true}, 401, lagesbild.EUnauthorized},
		{"facilitator with another token", "PATCH", ws, ended.token, map[string]any{"revealed": true}, 403, lagesbild.EForbidden},
		{"a locked item", "POST", ws + "/answers", "", map[string]string{"participant": device(1), "item": "rutiner.ansvar", "value": "ja"}, 409, lagesbild.EItemLocked},
		{"a device not joined", "POST", ws + "/answers", "", map[string]string{"participant": device(9), "item": "rutiner.handlingsplan", "value": "ja"}, 409, lagesbild.ENotJoined},
		{"an ended session", "POST", "/api/workshops/" + ended.code + "/participants", "", map[string]string{"participant": device(1)}, 409, lagesbild.ESessionEnded},
		{"joins within the limit", "POST", ws + "/participants", "", map[string]string{"participant": device(2)}, 201, ""},
		{"joins over the limit", "POST", ws + "/participants", "", map[string]string{"participant": device(3)}, 429, lagesbild.ERateLimited},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := a.do(tt.method, tt.path, tt.token, tt.body)
			code := ""
			if r.Status >= 400 {
				code = r.code()
			}
			if r.Status != tt.status || code != tt.code {
				t.Errorf("got %s, want %d %s", r, tt.status, tt.code)
			}
			if tt.code != "" && lagesbild.Status(tt.code) != tt.status {
				t.Errorf("lagesbild.Status(%s) = %d, want %d", tt.code, lagesbild.Status(tt.code), tt.status)
			}
		})
	}
	// Unsupported: a body that says it is not JSON.
	req := newRequest("POST", "/api/responses", "{}")
	req.Header.Set("Content-Type", "text/plain")
	if r := serve(a.h, req); r.Status != 415 || r.code() != lagesbild.EUnsupported {
		t.Errorf("text/plain: got %s, want 415 unsupported", r)
	}
}
