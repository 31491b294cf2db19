//go:build !js

package worker_test

import (
	"bytes"
	"context"
	"log"
	"net/http"
	"os"
	"os/exec"
	"strings"
	"testing"

	"lagesbild"
	"lagesbild/questionnaires"
	"lagesbild/worker"
	"lagesbild/worker/sqlite"
)

// TestHealth: /api/health is liveness and reads no D1; /api/health/db is
// readiness and fails, as every internal error does, when D1 does.
func TestHealth(t *testing.T) {
	a := newAPI(t)
	type health struct {
		OK      bool
		Service string
		DB      *string
	}
	var h health
	must(t, a.get("/api/health", ""), http.StatusOK).decode(t, &h)
	if !h.OK || h.Service != "lagesbild" || h.DB != nil {
		t.Errorf("health: %+v", h)
	}
	h = health{}
	must(t, a.get("/api/health/db", ""), http.StatusOK).decode(t, &h)
	if !h.OK || h.Service != "lagesbild" || h.DB == nil || *h.DB != "ok" {
		t.Errorf("health/db: %+v", h)
	}

	var logBuf bytes.Buffer
	log.SetOutput(&logBuf)
	defer log.SetOutput(os.Stderr)
	a.db.Close() // D1 is gone
	must(t, a.get("/api/health", ""), http.StatusOK)
	r := a.get("/api/health/db", "")
	if code, msg := r.errorCode(); r.Status != http.StatusInternalServerError || code != lagesbild.EInternal || msg != "internal error" {
		t.Errorf("health/db without a database: got %s, want a 500 internal error", r)
	}
	if !strings.Contains(logBuf.String(), "error: GET /api/health/db: ") {
		t.Errorf("the error is not in the log: %s", logBuf.String())
	}
}

func TestQuestionnaires(t *testing.T) {
	a := newAPI(t)
	var list []questionnaires.Info
	must(t, a.get("/api/questionnaires", ""), http.StatusOK).decode(t, &list)
	if len(list) != 3 || list[0].ID != "kommun" || list[0].Items != 5 {
		t.Errorf("list: %+v", list)
	}
	tests := []struct {
		path        string
		status      int
		wantVersion int
	}{
		{"/api/questionnaires/kommun", 200, 2},
		{"/api/questionnaires/kommun?version=1", 200, 1},
		{"/api/questionnaires/kommun?version=3", 404, 0},
		{"/api/questionnaires/kommun?version=x", 400, 0},
		{"/api/questionnaires/kommun?version=0", 400, 0},
		{"/api/questionnaires/nope", 404, 0},
	}
	for _, tt := range tests {
		r := a.get(tt.path, "")
		if r.Status != tt.status {
			t.Errorf("%s: got %s, want %d", tt.path, r, tt.status)
			continue
		}
		if tt.status == 200 {
			var q lagesbild.Questionnaire
			r.decode(t, &q)
			if q.Version != tt.wantVersion {
				t.Errorf("%s: version %d, want %d", tt.path, q.Version, tt.wantVersion)
			}
			if cc := r.Header.Get("Cache-Control"); !strings.Contains(cc, "max-age") {
				t.Errorf("%s: Cache-Control %q", tt.path, cc)
			}
		} else if code, msg := r.errorCode(); code == "" || msg == "" {
			t.Errorf("%s: error body %s is not {code, error}", tt.path, r.Body)
		}
	}
}

// TestSecurityHeaders: every answer, errors and unknown routes included,
// carries the CSP (allowing WebAssembly) and nosniff, and is JSON.
func TestSecurityHeaders(t *testing.T) {
	a := newAPI(t)
	tests := []struct {
		method, path string
		status       int
	}{
		{"GET", "/api/health", 200},
		{"GET", "/api/health/db", 200},
		{"GET", "/api/questionnaires/nope", 404},
		{"GET", "/api/nope", 404},
		{"GET", "/api/rounds/demo/counties/01/extra", 404},
		{"DELETE", "/api/health", 405},
		{"POST", "/api/health/db", 405},
		{"DELETE", "/api/health/db", 405},
		{"PUT", "/api/responses", 405},
		{"POST", "/api/responses", 415},
	}
	for _, tt := range tests {
		r := a.do(tt.method, tt.path, "", nil)
		if r.Status != tt.status {
			t.Errorf("%s %s: got %s, want %d", tt.method, tt.path, r, tt.status)
		}
		h := r.Header
		if csp := h.Get("Content-Security-Policy"); !strings.Contains(csp, "'wasm-unsafe-eval'") || strings.Contains(csp, "'unsafe-eval'") ||
			strings.Contains(csp, "'unsafe-inline'") || !strings.Contains(csp, "object-src 'none'") {
			t.Errorf("%s %s: CSP %q", tt.method, tt.path, csp)
		}
		for k, v := range map[string]string{"X-Content-Type-Options": "nosniff", "Referrer-Policy": "no-referrer", "Cache-Control": ""} {
			if got := h.Get(k); got == "" || (v != "" && got != v) {
				t.Errorf("%s %s: %s %q", tt.method, tt.path, k, got)
			}
		}
		if ct := h.Get("Content-Type"); ct != "application/json; charset=utf-8" {
			t.Errorf("%s %s: Content-Type %q", tt.method, tt.path, ct)
		}
		if code, msg := r.errorCode(); tt.status >= 400 && (code == "" || msg == "") {
			t.Errorf("%s %s: body %s is not a JSON error", tt.method, tt.path, r.Body)
		}
	}
	for _, path := range []string{"/api/health", "/api/health/db"} {
		if r := a.do("DELETE", path, "", nil); r.Header.Get("Allow") == "" {
			t.Errorf("DELETE %s: 405 without Allow", path)
		}
	}
}

// TestRoutes: the mux matches a request once; its own answers (404, 405, a
// redirect to the clean path) keep their status and headers, and a route's
// handler its own.
func TestRoutes(t *testing.T) {
	a := newAPI(t)
	r := a.get("/api//health", "")
	if r.Status != http.StatusTemporaryRedirect || r.Header.Get("Location") != "/api/health" || len(r.Body) != 0 {
		t.Errorf("unclean path: got %s (Location %q), want an empty 307 to /api/health", r, r.Header.Get("Location"))
	}
	if r.Header.Get("Content-Security-Policy") == "" || r.Header.Get("Content-Type") != "" {
		t.Errorf("redirect headers: %v", r.Header)
	}
	if r := a.do("POST", "/api/health/db", "", nil); r.Header.Get("Allow") != "GET, HEAD" {
		t.Errorf("405: Allow %q, want GET, HEAD", r.Header.Get("Allow"))
	}
	// A handler's own 404 is the handler's, not the mux's.
	if r := a.get("/api/questionnaires/nope", ""); r.Status != 404 || !strings.Contains(string(r.Body), "nope") {
		t.Errorf("a handler's 404: got %s", r)
	}
	must(t, a.get("/api/health", ""), http.StatusOK)
}

func TestAdmin(t *testing.T) {
	a := newAPI(t)
	round := map[string]any{"id": "2026", "questionnaire": "kommun", "opens": "2026-03-01", "closes": "2026-05-31"}
	if r := a.do("POST", "/api/admin/rounds", "", round); r.Status != 401 || r.Header.Get("WWW-Authenticate") == "" {
		t.Errorf("no token: got %s, want 401 with WWW-Authenticate", r)
	}
	must(t, a.do("POST", "/api/admin/rounds", "wrong-token-wrong-token", round), 403)
	var made struct {
		ID      string
		Version int
		Opens   string
		Closes  string
		Open    bool
	}
	must(t, a.do("POST", "/api/admin/rounds", adminToken, round), 201).decode(t, &made)
	if made.Version != 2 || made.Opens != "2026-03-01T00:00:00Z" || made.Closes != "2026-06-01T00:00:00Z" || !made.Open {
		t.Errorf("made %+v: want the latest version 2, whole days, open", made)
	}
	bad := []struct {
		name   string
		change func(map[string]any)
		status int
		field  string
	}{
		{"exists", func(map[string]any) {}, 409, "id"},
		{"bad id", func(r map[string]any) { r["id"] = "Runda 1" }, 400, "id"},
		{"unknown questionnaire", func(r map[string]any) { r["id"] = "x"; r["questionnaire"] = "nope" }, 400, "questionnaire"},
		{"unknown version", func(r map[string]any) { r["id"] = "x"; r["version"] = 9 }, 400, "questionnaire"},
		{"bad date", func(r map[string]any) { r["id"] = "x"; r["opens"] = "mars" }, 400, "opens"},
		{"closes first", func(r map[string]any) { r["id"] = "x"; r["closes"] = "2026-01-01" }, 400, "closes"},
		{"unknown previous", func(r map[string]any) { r["id"] = "x"; r["previous"] = "1999" }, 400, "previous"},
		{"previous of another questionnaire", func(r map[string]any) { r["id"] = "x"; r["previous"] = "l" }, 400, "previous"},
		{"version as text", func(r map[string]any) { r["id"] = "x"; r["version"] = "2" }, 400, "version"},
	}
	a.round("l", "lansstyrelse", 1, "2026-01-01", "2026-12-31", "")
	for _, tt := range bad {
		body := map[string]any{}
		for k, v := range round {
			body[k] = v
		}
		tt.change(body)
		r := a.do("POST", "/api/admin/rounds", adminToken, body)
		if _, msg := r.errorCode(); r.Status != tt.status || !strings.HasPrefix(msg, tt.field) {
			t.Errorf("%s: got %s, want %d naming %s", tt.name, r, tt.status, tt.field)
		}
	}

	// Codes: shown once, stored hashed, checked by GET /api/rounds/{round}.
	codes := a.codes("2026", []string{"0114"}, []string{"01"})
	var rd struct {
		Access struct{ Kind, Unit, Name string }
	}
	must(t, a.get("/api/rounds/2026", codes["0114"]), 200).decode(t, &rd)
	if rd.Access.Kind != "municipality" || rd.Access.Unit != "0114" || rd.Access.Name != "Upplands Väsby" {
		t.Errorf("access of a municipality code: %+v", rd.Access)
	}
	must(t, a.get("/api/rounds/2026", strings.ToLower(codes["01"])), 200).decode(t, &rd)
	if rd.Access.Kind != "county" || rd.Access.Unit != "01" {
		t.Errorf("access of a county token typed in lower case: %+v", rd.Access)
	}
	if dump := dumpDB(t, a); strings.Contains(dump, codes["0114"]) || strings.Contains(dump, codes["01"]) {
		t.Errorf("a plain code is stored")
	}
	for _, body := range []map[string]any{{}, {"municipalities": []string{"9999"}}, {"counties": []string{"02"}}} {
		must(t, a.do("POST", "/api/admin/rounds/2026/codes", adminToken, body), 400)
	}
	must(t, a.do("POST", "/api/admin/rounds/nope/codes", adminToken, map[string]any{"counties": []string{"01"}}), 404)
	must(t, a.do("POST", "/api/admin/rounds/2026/codes", codes["01"], map[string]any{"counties": []string{"01"}}), 403)
	var all struct {
		Codes []struct{ Kind, Unit, Code string }
	}
	must(t, a.do("POST", "/api/admin/rounds/2026/codes", adminToken, map[string]any{"allMunicipalities": true, "allCounties": true}), 201).decode(t, &all)
	if len(all.Codes) != 290+21 {
		t.Errorf("all codes: %d, want 311", len(all.Codes))
	}
	// The new codes revoked the earlier ones of the same units.
	remade := map[string]string{}
	for _, c := range all.Codes {
		remade[c.Unit] = c.Code
	}
	for _, unit := range []string{"0114", "01"} {
		if r := a.get("/api/rounds/2026", codes[unit]); r.Status != 403 || r.code() != lagesbild.ECodeInvalid {
			t.Errorf("%s's first code after a new one: got %s, want 403 code_invalid", unit, r)
		}
		must(t, a.get("/api/rounds/2026", remade[unit]), 200)
	}

	// Revoking a unit's codes ends them.
	var rev struct{ Revoked int }
	must(t, a.do("DELETE", "/api/admin/rounds/2026/codes/0114", adminToken, nil), 200).decode(t, &rev)
	if rev.Revoked != 1 {
		t.Errorf("revoked %d codes of 0114, want 1 (the newest; the first was revoked when it was made)", rev.Revoked)
	}
	must(t, a.get("/api/rounds/2026", remade["0114"]), 403)
	must(t, a.do("DELETE", "/api/admin/rounds/2026/codes/99", adminToken, nil), 404)
}

// TestLogsHoldNoCodes: the request log never shows a code or token. A
// request is logged when it fails on our side (500) or is slow: both are
// provoked here, a slow one with a threshold of zero.
func TestLogsHoldNoCodes(t *testing.T) {
	var buf bytes.Buffer
	log.SetOutput(&buf)
	defer log.SetOutput(os.Stderr)
	a, codes := setupRounds(t)
	secrets := []string{codes["0114"], codes["01"], "WRONG-CODE-1234", adminToken}
	send := func() {
		a.get("/api/rounds/2026/counties?code="+codes["0114"]+"&x=1", codes["0114"])
		a.do("POST", "/api/responses", codes["01"], response(1, "2026", "0114", full("ja")))
		a.get("/api/rounds/2026", "WRONG-CODE-1234")
		a.get("/api/rounds/2026/counties/01?code="+adminToken, adminToken)
	}
	check := func(what, want string) {
		t.Helper()
		out := buf.String()
		if !strings.Contains(out, want) {
			t.Errorf("%s: no line %q in the log: %s", what, want, out)
		}
		for _, secret := range secrets {
			if strings.Contains(out, secret) {
				t.Errorf("%s: the log holds %q:\n%s", what, secret, out)
			}
		}
		buf.Reset()
	}

	// Fast and fine: nothing is logged.
	send()
	if buf.Len() != 0 {
		t.Errorf("requests that were neither slow nor failed were logged: %s", buf.String())
	}
	// Slow: every request is.
	restore := worker.SetSlowRequest(-1)
	send()
	restore()
	check("slow", "GET /api/rounds/2026/counties 200")
	// Failed: the code lookup's table is gone, so every request with a code is a 500.
	if _, err := a.db.Exec(`ALTER TABLE codes RENAME TO codes_gone`); err != nil {
		t.Fatal(err)
	}
	send()
	check("500", "GET /api/rounds/2026/counties 500")
}

// TestShippedQuestionnaires posts a full response for every questionnaire
// that ships, with the shipped catalog: the worker takes real content.
func TestShippedQuestionnaires(t *testing.T) {
	a := newAPIWith(t, nil)
	list := questionnaires.List()
	if len(list) == 0 {
		t.Skip("no questionnaires ship yet")
	}
	for i, info := range list {
		q, err := questionnaires.Get(info.ID, info.Version)
		if err != nil {
			t.Fatal(err)
		}
		id := "s" + strings.ToLower(info.ID)[:min(8, len(info.ID))] + "-" + string(rune('a'+i))
		a.round(id, info.ID, info.Version, "2026-01-01", "2026-12-31", "")
		answers := map[string]string{}
		for _, s := range q.Sections {
			for _, it := range s.Items {
				answers[it.ID] = it.Options[0].Value
			}
		}
		body := map[string]any{"id": uuid(100 + i), "round": id, "questionnaire": info.ID, "version": info.Version, "municipality": "2480", "answers": answers}
		must(t, a.do("POST", "/api/responses", adminToken, body), http.StatusCreated)
		must(t, a.get("/api/rounds/"+id+"/counties/24", adminToken), http.StatusOK)
		must(t, a.get("/api/questionnaires/"+info.ID, ""), http.StatusOK)
	}
}

// TestDemoSeed applies the seed SQL twice: every municipality answers, the
// second time changes nothing, and the worker's figures agree with the
// core's over each municipality's official response.
func TestDemoSeed(t *testing.T) {
	a := newAPI(t)
	q, err := a.cat.Get("kommun", 0)
	if err != nil {
		t.Fatal(err)
	}
	responses := worker.DemoResponses("demo", q, 2026)
	var sql bytes.Buffer
	if err := worker.WriteSeedSQL(&sql, q, responses, "2026-01-01T00:00:00Z"); err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 2; i++ {
		if _, err := a.db.Exec(sql.String()); err != nil {
			t.Fatal(err)
		}
		if n, _ := a.count(); n != len(responses) {
			t.Fatalf("after seeding %d times: %d responses, want %d", i+1, n, len(responses))
		}
	}
	if again := worker.DemoResponses("demo", q, 2026); mustJSON(t, again) != mustJSON(t, responses) {
		t.Errorf("the same seed gave other responses")
	}
	var got countiesReply
	must(t, a.get("/api/rounds/demo/counties", ""), http.StatusOK).decode(t, &got)
	if got.National.Responded != 290 {
		t.Errorf("national: %d municipalities responded, want 290", got.National.Responded)
	}
	// The core, from the same responses (all stored at the same time).
	byMuni := map[string][]int{} // indices into responses
	for i, r := range responses {
		byMuni[r.Municipality] = append(byMuni[r.Municipality], i)
	}
	var results []lagesbild.MunicipalityResult
	for m, is := range byMuni {
		cs := make([]lagesbild.Candidate, len(is))
		for j, i := range is {
			cs[j] = lagesbild.Candidate{Role: responses[i].Role, Updated: "2026-01-01T00:00:00Z", ID: responses[i].ID}
		}
		res := q.Score(responses[is[lagesbild.Official(cs)]].Answers)
		results = append(results, lagesbild.MunicipalityResult{Municipality: m, Respondents: len(is), Measures: res.Measures()})
	}
	want := lagesbild.Compare(q.MeasureIDs(), results, lagesbild.DefaultRules())
	if mustJSON(t, got.Counties) != mustJSON(t, want.Counties) || mustJSON(t, got.National) != mustJSON(t, want.National) {
		t.Errorf("the worker's figures differ from the core's:\n got %s\nwant %s", mustJSON(t, got.Counties), mustJSON(t, want.Counties))
	}
	// Counties differ, so the comparison shows something.
	lo, hi := 100.0, 0.0
	for _, g := range got.Counties {
		if v := g.Measures["total"].Value; v != nil {
			lo, hi = min(lo, *v), max(hi, *v)
		}
	}
	if hi-lo < 15 {
		t.Errorf("county totals span %.1f–%.1f: too alike for a demo", lo, hi)
	}
}

// TestWorkerImports: the worker's wasm must not pull in host-only packages
// (each would break the 3 MB limit or not run in workerd).
func TestWorkerImports(t *testing.T) {
	if testing.Short() {
		t.Skip("runs go list")
	}
	cmd := exec.Command("go", "list", "-deps", "./cmd/worker")
	cmd.Env = append(os.Environ(), "GOOS=js", "GOARCH=wasm")
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("go list: %v", err)
	}
	deps := strings.Fields(string(out))
	if !contains(deps, "github.com/syumai/workers/cloudflare/d1") {
		t.Fatalf("go list gave no worker dependencies: %v", deps)
	}
	forbidden := []string{
		"github.com/hajimehoshi/ebiten", "github.com/tdewolff/minify", "github.com/tdewolff/parse",
		"github.com/goccy/go-yaml", "gopkg.in/yaml", "sigs.k8s.io/yaml", "modernc.org/", "github.com/chromedp",
		"golang.org/x/image", "lagesbild/questionnaires/authoring", "lagesbild/questionnaires/check", "lagesbild/wasm",
		"lagesbild/worker/sqlite", "net/http/httptest", "testing",
	}
	for _, d := range deps {
		for _, f := range forbidden {
			if d == f || strings.HasPrefix(d, strings.TrimSuffix(f, "/")+"/") || (strings.HasSuffix(f, "/") && strings.HasPrefix(d, f)) {
				t.Errorf("the worker imports %s", d)
			}
		}
	}
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// TestMigrationsTwice: migrating an up-to-date database changes nothing.
func TestMigrationsTwice(t *testing.T) {
	path := t.TempDir() + "/db.sqlite"
	for i := 0; i < 2; i++ {
		db, err := sqlite.Open(context.Background(), path)
		if err != nil {
			t.Fatalf("open %d: %v", i+1, err)
		}
		var n int
		if err := db.QueryRow(`SELECT COUNT(*) FROM rounds WHERE id = 'demo'`).Scan(&n); err != nil || n != 1 {
			t.Errorf("open %d: demo rounds %d, %v", i+1, n, err)
		}
		db.Close()
	}
}
