//go:build !js

package worker_test

import (
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"lagesbild"
	wire "lagesbild/api"
	"lagesbild/questionnaires"
)

// Running a round (issue 12): the list of rounds, changing a round's dates,
// the admin's list of codes, codes made by a county lead, a county's status.

// setupRunning makes rounds 2025 (closed), 2026 (open, made a day later)
// and 2027 (not open yet, made last), with codes in 2026 for 0114 and 0115
// (Stockholm, 01), 0305 (Uppsala, 03) and the leads of 01 and 03.
func setupRunning(t *testing.T) (*api, map[string]string) {
	t.Helper()
	a := newAPI(t)
	a.now = testNow.Add(-48 * time.Hour)
	a.round("2025", "kommun", 1, "2025-03-01", "2025-05-31", "")
	a.now = testNow.Add(-24 * time.Hour)
	a.round("2026", "kommun", 1, "2026-03-01", "2026-05-31", "2025")
	codes := a.codes("2026", []string{"0114", "0115", "0305"}, []string{"01", "03"})
	a.now = testNow
	a.round("2027", "kommun", 1, "2027-03-01", "2027-05-31", "")
	return a, codes
}

// codesTable is every stored code, for checking that nothing was stored.
func codesTable(t *testing.T, a *api) string {
	t.Helper()
	rows, err := a.db.Query(`SELECT hash, round, kind, unit, created FROM codes ORDER BY hash`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var sb strings.Builder
	for rows.Next() {
		var h, r, k, u, c string
		if err := rows.Scan(&h, &r, &k, &u, &c); err != nil {
			t.Fatal(err)
		}
		sb.WriteString(strings.Join([]string{h, r, k, u, c}, " ") + "\n")
	}
	return sb.String()
}

// roundRow is a round as stored, for checking that nothing was changed.
func roundRow(t *testing.T, a *api, id string) string {
	t.Helper()
	var opens, closes string
	if err := a.db.QueryRow(`SELECT opens, closes FROM rounds WHERE id = ?`, id).Scan(&opens, &closes); err != nil {
		t.Fatal(err)
	}
	return opens + " " + closes
}

// errorIs checks an error reply's status, code and the field its message names.
func errorIs(t *testing.T, what string, r reply, status int, code, field string) {
	t.Helper()
	got, msg := r.errorCode()
	if r.Status != status || got != code || !strings.HasPrefix(msg, field) {
		t.Errorf("%s: got %s, want %d %s naming %s", what, r, status, code, field)
	}
}

func TestListRounds(t *testing.T) {
	a, codes := setupRunning(t)
	// 0114 answers twice, 0305 once, and the lead of 01 for the county
	// itself (no municipality: not counted).
	must(t, a.do("POST", "/api/responses", codes["0114"], response(1, "2026", "0114", full("ja"))), 201)
	must(t, a.do("POST", "/api/responses", codes["0114"], response(2, "2026", "0114", full("nej"))), 201)
	must(t, a.do("POST", "/api/responses", codes["0305"], response(3, "2026", "0305", full("ja"))), 201)
	county := response(4, "2026", "", full("ja"))
	delete(county, "municipality")
	county["county"] = "01"
	must(t, a.do("POST", "/api/responses", codes["01"], county), 201)
	// A remade code is still one municipality invited.
	remade := a.codes("2026", []string{"0115"}, nil)

	list := func(token string) []wire.RoundSummary {
		t.Helper()
		var out wire.Rounds
		must(t, a.get("/api/rounds", token), http.StatusOK).decode(t, &out)
		return out.Rounds
	}
	ids := func(rs []wire.RoundSummary) []string {
		var out []string
		for _, r := range rs {
			out = append(out, r.ID)
		}
		return out
	}
	title := lagesbild.Text{SV: "Kommunens självskattning (test)", EN: "Self-assessment (test)"}

	all := list(adminToken)
	if got, want := ids(all), []string{"2027", "2026", "2025", "demo"}; !slices.Equal(got, want) {
		t.Fatalf("the admin's rounds: %v, want %v (newest first)", got, want)
	}
	r26 := all[1]
	if r26.Municipalities != 290 || r26.Invited != 3 || r26.Answered != 2 || r26.Closed || !r26.Open ||
		r26.Previous != "2025" || r26.Version != 1 || r26.Title != title || r26.Access == nil || !r26.Access.Admin {
		t.Errorf("2026 for the admin: %+v, want 290 municipalities, 3 invited, 2 answered, open, admin access, its title", r26)
	}
	if r25 := all[2]; !r25.Closed || r25.Open || r25.Invited != 0 || r25.Answered != 0 {
		t.Errorf("2025 for the admin: %+v, want closed and nothing counted", r25)
	}
	if r27 := all[0]; r27.Closed || r27.Open {
		t.Errorf("2027 for the admin: %+v, want neither open nor closed", r27)
	}
	if demo := all[3]; !demo.OpenToAll || demo.Version != 2 {
		t.Errorf("demo for the admin: %+v, want open to all at the latest version", demo)
	}

	tests := []struct {
		name                              string
		token                             string
		access                            wire.Access
		municipalities, invited, answered int
	}{
		{"a county lead counts its county", codes["01"], wire.Access{Kind: "county", Unit: "01", Name: "Stockholms län"}, 26, 2, 1},
		{"another county's lead", codes["03"], wire.Access{Kind: "county", Unit: "03", Name: "Uppsala län"}, 8, 1, 1},
		{"a municipality's code counts nothing", codes["0305"], wire.Access{Kind: "municipality", Unit: "0305", Name: "Håbo"}, 0, 0, 0},
		{"a remade code", remade["0115"], wire.Access{Kind: "municipality", Unit: "0115", Name: "Vallentuna"}, 0, 0, 0},
	}
	for _, tt := range tests {
		got := list(tt.token)
		if len(got) != 1 || got[0].ID != "2026" {
			t.Errorf("%s: rounds %v, want only 2026", tt.name, ids(got))
			continue
		}
		g := got[0]
		if g.Access == nil || *g.Access != tt.access || g.Municipalities != tt.municipalities || g.Invited != tt.invited ||
			g.Answered != tt.answered || g.Title != title {
			t.Errorf("%s: %+v (access %+v), want access %+v, %d municipalities, %d invited, %d answered",
				tt.name, g, g.Access, tt.access, tt.municipalities, tt.invited, tt.answered)
		}
	}

	anyone := list("")
	if len(anyone) != 1 || anyone[0].ID != "demo" || anyone[0].Access != nil || anyone[0].Municipalities != 0 || anyone[0].Answered != 0 {
		t.Errorf("without a code: %+v, want only the demo round, nothing counted", anyone)
	}
	for _, token := range []string{"ABCD-EFGH-JKLM-NPQR", codes["0115"]} { // mistyped; revoked by the remade one
		errorIs(t, "a code of no round", a.get("/api/rounds", token), 403, lagesbild.ECodeInvalid, "Authorization")
	}
}

func TestChangeRound(t *testing.T) {
	a, codes := setupRunning(t)
	patch := func(token, round string, body any) reply {
		return a.do("PATCH", "/api/admin/rounds/"+round, token, body)
	}
	before := roundRow(t, a, "2026")
	bad := []struct {
		name   string
		token  string
		round  string
		body   any
		status int
		code   string
		field  string
	}{
		{"no token", "", "2026", map[string]any{"closeNow": true}, 401, lagesbild.EUnauthorized, "Authorization"},
		{"a county lead's token", codes["01"], "2026", map[string]any{"closeNow": true}, 403, lagesbild.EForbidden, "Authorization"},
		{"nothing to change", adminToken, "2026", map[string]any{}, 400, lagesbild.EInvalid, "body"},
		{"null dates", adminToken, "2026", `{"opens": null, "closes": null}`, 400, lagesbild.EInvalid, "body"},
		{"closeNow with a date", adminToken, "2026", map[string]any{"closeNow": true, "closes": "2026-06-30"}, 400, lagesbild.EInvalid, "closeNow"},
		{"a bad opens", adminToken, "2026", map[string]any{"opens": "mars"}, 400, lagesbild.EInvalid, "opens"},
		{"a bad closes", adminToken, "2026", map[string]any{"closes": "2026-02-30"}, 400, lagesbild.EInvalid, "closes"},
		{"closes as a number", adminToken, "2026", `{"closes": 20260630}`, 400, lagesbild.EInvalid, "closes"},
		{"closes before opens", adminToken, "2026", map[string]any{"opens": "2026-04-01", "closes": "2026-03-31T00:00:00Z"}, 400, lagesbild.EInvalid, "closes"},
		{"opens after closes", adminToken, "2026", map[string]any{"opens": "2026-06-01"}, 400, lagesbild.EInvalid, "opens"},
		{"closes in the past", adminToken, "2026", map[string]any{"closes": "2026-03-14"}, 400, lagesbild.EInvalid, "closes"},
		{"closes is now", adminToken, "2026", map[string]any{"closes": testNow.Format(time.RFC3339)}, 400, lagesbild.EInvalid, "closes"},
		{"no such round", adminToken, "nope", map[string]any{"closeNow": true}, 404, lagesbild.ERoundNotFound, "round"},
		{"a closed round", adminToken, "2025", map[string]any{"closes": "2026-12-31"}, 409, lagesbild.ERoundClosed, "round"},
		{"a closed round, closed now", adminToken, "2025", map[string]any{"closeNow": true}, 409, lagesbild.ERoundClosed, "round"},
	}
	closed := roundRow(t, a, "2025")
	for _, tt := range bad {
		errorIs(t, tt.name, patch(tt.token, tt.round, tt.body), tt.status, tt.code, tt.field)
	}
	if got := roundRow(t, a, "2026"); got != before {
		t.Errorf("after the refused changes 2026 is %s, want %s", got, before)
	}
	if got := roundRow(t, a, "2025"); got != closed {
		t.Errorf("after the refused changes 2025 is %s, want %s", got, closed)
	}

	var rd wire.Round
	must(t, patch(adminToken, "2026", map[string]any{"closes": "2026-06-30"}), 200).decode(t, &rd)
	if rd.Opens != "2026-03-01T00:00:00Z" || rd.Closes != "2026-07-01T00:00:00Z" || !rd.Open || rd.Access == nil || !rd.Access.Admin {
		t.Errorf("a later close: %+v, want closes at the end of 2026-06-30, open", rd)
	}
	must(t, patch(adminToken, "2026", map[string]any{"opens": "2026-03-10T08:30:00+01:00", "closes": "2026-04-30"}), 200).decode(t, &rd)
	if rd.Opens != "2026-03-10T07:30:00Z" || rd.Closes != "2026-05-01T00:00:00Z" || roundRow(t, a, "2026") != rd.Opens+" "+rd.Closes {
		t.Errorf("both dates: %+v, stored %s", rd, roundRow(t, a, "2026"))
	}

	// Closing now: no more responses, and no reopening.
	must(t, a.do("POST", "/api/responses", codes["0114"], response(1, "2026", "0114", full("ja"))), 201)
	must(t, patch(adminToken, "2026", map[string]any{"closeNow": true}), 200).decode(t, &rd)
	if rd.Closes != "2026-03-15T12:00:00Z" || rd.Open || rd.Opens != "2026-03-10T07:30:00Z" {
		t.Errorf("closed now: %+v, want closes at %s", rd, testNow.Format(time.RFC3339))
	}
	errorIs(t, "a response after the close", a.do("POST", "/api/responses", codes["0114"], response(2, "2026", "0114", full("nej"))),
		409, lagesbild.ERoundClosed, "round")
	closedNow := roundRow(t, a, "2026")
	a.now = testNow.Add(time.Hour)
	for _, body := range []any{map[string]any{"closes": "2026-12-31"}, map[string]any{"closeNow": true}, map[string]any{"opens": "2026-01-01"}} {
		errorIs(t, "reopening", patch(adminToken, "2026", body), 409, lagesbild.ERoundClosed, "round")
	}
	if got := roundRow(t, a, "2026"); got != closedNow {
		t.Errorf("after the refused reopening 2026 is %s, want %s", got, closedNow)
	}
	var list wire.Rounds
	must(t, a.get("/api/rounds", adminToken), 200).decode(t, &list)
	for _, r := range list.Rounds {
		if r.ID == "2026" && !r.Closed {
			t.Errorf("the list shows 2026 as not closed: %+v", r)
		}
	}

	// A round closed before it opened never opens: opens moves to the close.
	must(t, patch(adminToken, "2027", map[string]any{"closeNow": true}), 200).decode(t, &rd)
	if want := a.now.UTC().Format(time.RFC3339); rd.Opens != want || rd.Closes != want || rd.Open {
		t.Errorf("2027 closed before it opened: %+v, want opens and closes %s", rd, want)
	}
}

func TestListCodes(t *testing.T) {
	a, codes := setupRunning(t)
	a.now = testNow.Add(time.Minute)
	a.codes("2026", []string{"0115"}, nil) // remade: listed once, with its new time
	for _, tt := range []struct {
		name, token string
		status      int
		code        string
	}{
		{"no token", "", 401, lagesbild.EUnauthorized},
		{"a county lead", codes["01"], 403, lagesbild.EForbidden},
		{"a municipality", codes["0114"], 403, lagesbild.EForbidden},
	} {
		errorIs(t, tt.name, a.get("/api/admin/rounds/2026/codes", tt.token), tt.status, tt.code, "Authorization")
	}
	errorIs(t, "no such round", a.get("/api/admin/rounds/nope/codes", adminToken), 404, lagesbild.ERoundNotFound, "round")

	r := must(t, a.get("/api/admin/rounds/2026/codes", adminToken), 200)
	var got wire.CodeList
	r.decode(t, &got)
	made, remade := testNow.Add(-24*time.Hour).Format(time.RFC3339), testNow.Add(time.Minute).Format(time.RFC3339)
	want := wire.CodeList{Round: "2026", Codes: []wire.CodeInfo{
		{Kind: "county", Unit: "01", Name: "Stockholms län", Created: made},
		{Kind: "county", Unit: "03", Name: "Uppsala län", Created: made},
		{Kind: "municipality", Unit: "0114", Name: "Upplands Väsby", Created: made},
		{Kind: "municipality", Unit: "0115", Name: "Vallentuna", Created: remade},
		{Kind: "municipality", Unit: "0305", Name: "Håbo", Created: made},
	}}
	if mustJSON(t, got) != mustJSON(t, want) {
		t.Errorf("codes:\n got %s\nwant %s", mustJSON(t, got), mustJSON(t, want))
	}
	hashes := codesTable(t, a)
	for _, line := range strings.Split(strings.TrimSpace(hashes), "\n") {
		if hash := strings.Fields(line)[0]; strings.Contains(string(r.Body), hash) {
			t.Errorf("the list holds a code's hash")
		}
	}
	for _, c := range codes {
		if strings.Contains(string(r.Body), c) {
			t.Errorf("the list holds a code")
		}
	}
	var empty wire.CodeList
	must(t, a.get("/api/admin/rounds/2027/codes", adminToken), 200).decode(t, &empty)
	if empty.Codes == nil || len(empty.Codes) != 0 {
		t.Errorf("a round without codes: %s, want an empty list", mustJSON(t, empty))
	}
}

func TestLeadCodes(t *testing.T) {
	a, codes := setupRunning(t)
	post := func(token string, body any) reply { return a.do("POST", "/api/rounds/2026/codes", token, body) }
	made := func(r reply) map[string]string {
		t.Helper()
		var out wire.Codes
		must(t, r, 201).decode(t, &out)
		m := map[string]string{}
		for _, c := range out.Codes {
			if c.Kind != "municipality" || out.Round != "2026" || c.Code == "" {
				t.Errorf("made %+v in %s", c, out.Round)
			}
			m[c.Unit] = c.Code
		}
		return m
	}
	// What a code grants, "" when it is refused.
	grants := func(code string) string {
		t.Helper()
		r := a.get("/api/rounds/2026", code)
		if r.Status == 403 && r.code() == lagesbild.ECodeInvalid {
			return ""
		}
		var rd wire.Round
		must(t, r, 200).decode(t, &rd)
		return rd.Access.Kind + " " + rd.Access.Unit
	}

	// The lead of 01 invites two of its municipalities, one of them again in
	// the same request (one code).
	first := made(post(codes["01"], map[string]any{"municipalities": []string{"0117", "0120", "0117"}}))
	if len(first) != 2 || grants(first["0117"]) != "municipality 0117" || grants(first["0120"]) != "municipality 0120" {
		t.Errorf("the lead's codes: %v", first)
	}
	// Remaking revokes: the admin's code of 0114 and the lead's first of 0117.
	again := made(post(codes["01"], map[string]any{"municipalities": []string{"0114", "0117"}}))
	for _, old := range []string{codes["0114"], first["0117"]} {
		if got := grants(old); got != "" {
			t.Errorf("a code remade by the lead still grants %q", got)
		}
	}
	if grants(again["0114"]) != "municipality 0114" || grants(again["0117"]) != "municipality 0117" || grants(first["0120"]) != "municipality 0120" {
		t.Errorf("after remaking: the new codes or the one not remade do not work")
	}
	// The admin may use the route for any county.
	if byAdmin := made(post(adminToken, map[string]any{"municipalities": []string{"2480"}})); grants(byAdmin["2480"]) != "municipality 2480" {
		t.Errorf("the admin's code on the lead's route: %v", byAdmin)
	}

	stored := codesTable(t, a)
	bad := []struct {
		name   string
		token  string
		body   any
		status int
		code   string
		field  string
	}{
		{"another county's municipality", codes["01"], map[string]any{"municipalities": []string{"0114", "0305"}}, 403, lagesbild.ECodeOtherUnit, "municipalities[1]"},
		{"only another county's", codes["03"], map[string]any{"municipalities": []string{"0114"}}, 403, lagesbild.ECodeOtherUnit, "municipalities[0]"},
		{"an unknown kommunkod", codes["01"], map[string]any{"municipalities": []string{"0114", "9999"}}, 400, lagesbild.EInvalid, "municipalities[1]"},
		{"a county's code", codes["01"], map[string]any{"municipalities": []string{"01"}}, 400, lagesbild.EInvalid, "municipalities[0]"},
		{"none", codes["01"], map[string]any{"municipalities": []string{}}, 400, lagesbild.EInvalid, "municipalities"},
		{"no body", codes["01"], `{}`, 400, lagesbild.EInvalid, "municipalities"},
		{"a list of numbers", codes["01"], `{"municipalities": [114]}`, 400, lagesbild.EInvalid, "municipalities"},
		{"counties", codes["01"], map[string]any{"counties": []string{"01"}}, 400, lagesbild.EInvalid, "counties"},
		{"all counties", codes["01"], map[string]any{"allCounties": true}, 400, lagesbild.EInvalid, "allCounties"},
		{"all municipalities", codes["01"], map[string]any{"allMunicipalities": true}, 400, lagesbild.EInvalid, "allMunicipalities"},
		{"a municipality's code", codes["0305"], map[string]any{"municipalities": []string{"0305"}}, 403, lagesbild.EForbidden, "Authorization"},
		{"no token", "", map[string]any{"municipalities": []string{"0114"}}, 401, lagesbild.EUnauthorized, "Authorization"},
		{"a wrong token", "ABCD-EFGH-JKLM-NPQR", map[string]any{"municipalities": []string{"0114"}}, 403, lagesbild.ECodeInvalid, "Authorization"},
		{"the admin, an unknown kommunkod", adminToken, map[string]any{"municipalities": []string{"2480", "0000"}}, 400, lagesbild.EInvalid, "municipalities[1]"},
	}
	for _, tt := range bad {
		errorIs(t, tt.name, post(tt.token, tt.body), tt.status, tt.code, tt.field)
	}
	errorIs(t, "another round's token", a.do("POST", "/api/rounds/2025/codes", codes["01"], map[string]any{"municipalities": []string{"0114"}}),
		403, lagesbild.ECodeInvalid, "Authorization")
	errorIs(t, "no such round", a.do("POST", "/api/rounds/nope/codes", adminToken, map[string]any{"municipalities": []string{"0114"}}),
		404, lagesbild.ERoundNotFound, "round")
	if got := codesTable(t, a); got != stored {
		t.Errorf("refused requests stored codes:\n got %s\nwant %s", got, stored)
	}
	lead25 := a.codes("2025", nil, []string{"01"})["01"]
	stored = codesTable(t, a)
	errorIs(t, "a closed round", a.do("POST", "/api/rounds/2025/codes", lead25, map[string]any{"municipalities": []string{"0114"}}),
		409, lagesbild.ERoundClosed, "round")
	if got := codesTable(t, a); got != stored {
		t.Errorf("refused requests stored codes:\n got %s\nwant %s", got, stored)
	}
	if grants(again["0114"]) != "municipality 0114" {
		t.Errorf("a refused request revoked a code")
	}
}

func TestStatus(t *testing.T) {
	a, codes := setupRunning(t)
	invited := testNow.Add(-24 * time.Hour).Format(time.RFC3339)
	// 0114 answers everything, then again with two items ("Vet ej" counts)
	// an hour later; 0115 changes its one response a minute later.
	must(t, a.do("POST", "/api/responses", codes["0114"], response(1, "2026", "0114", full("ja"))), 201)
	a.now = testNow.Add(time.Hour)
	must(t, a.do("POST", "/api/responses", codes["0114"], response(2, "2026", "0114",
		map[string]string{"rutiner.ansvar": "vet-ej", "samverkan.polis": "ja"})), 201)
	must(t, a.do("POST", "/api/responses", codes["01"], response(3, "2026", "0115", full("nej"))), 201)
	a.now = testNow.Add(time.Hour + time.Minute)
	must(t, a.do("POST", "/api/responses", codes["01"], response(3, "2026", "0115", full("delvis"))), 200)
	// A lead invites 0117 after its own response came: invited after answering.
	a.now = testNow.Add(2 * time.Hour)
	remade := a.codes("2026", []string{"0114"}, nil)

	var st wire.Status
	must(t, a.get("/api/rounds/2026/status/01", codes["01"]), 200).decode(t, &st)
	if st.County != "01" || st.Name != "Stockholms län" || st.Items != 5 || st.Round.ID != "2026" || st.Round.Access == nil ||
		st.Round.Access.Unit != "01" || len(st.Municipalities) != 26 {
		t.Fatalf("status: %+v", st)
	}
	var names []string
	byCode := map[string]wire.MunicipalityStatus{}
	for _, m := range st.Municipalities {
		names = append(names, m.Name)
		byCode[m.Code] = m
	}
	if !slices.IsSortedFunc(names, lagesbild.CompareNames) || names[0] != "Botkyrka" || names[len(names)-1] != "Österåker" {
		t.Errorf("not in Swedish name order: %q", names)
	}
	want := map[string]wire.MunicipalityStatus{
		"0114": {Code: "0114", Name: "Upplands Väsby", Invited: testNow.Add(2 * time.Hour).Format(time.RFC3339), Responses: 2,
			Answered: testNow.Add(time.Hour).Format(time.RFC3339), Items: 2},
		"0115": {Code: "0115", Name: "Vallentuna", Invited: invited, Responses: 1, Answered: testNow.Add(time.Hour + time.Minute).Format(time.RFC3339), Items: 5},
		"0117": {Code: "0117", Name: "Österåker"},
	}
	for code, w := range want {
		if got := byCode[code]; got != w {
			t.Errorf("%s: %+v, want %+v", code, got, w)
		}
	}
	if remade["0114"] == "" {
		t.Fatal("no remade code")
	}
	var byAdmin wire.Status
	must(t, a.get("/api/rounds/2026/status/01", adminToken), 200).decode(t, &byAdmin)
	if !byAdmin.Round.Access.Admin || mustJSON(t, byAdmin.Municipalities) != mustJSON(t, st.Municipalities) {
		t.Errorf("the admin's status differs from the lead's")
	}
	var other wire.Status
	must(t, a.get("/api/rounds/2026/status/03", codes["03"]), 200).decode(t, &other)
	if m := other.Municipalities[0]; len(other.Municipalities) != 8 || m.Name != "Enköping" {
		t.Errorf("Uppsala's status: %+v", other.Municipalities)
	}
	for _, m := range other.Municipalities {
		if m.Code == "0305" && (m.Invited != invited || m.Responses != 0 || m.Answered != "") {
			t.Errorf("Håbo: %+v, want invited, no responses", m)
		}
	}

	for _, tt := range []struct {
		name, path, token string
		status            int
		code, field       string
	}{
		{"another county's lead", "/api/rounds/2026/status/01", codes["03"], 403, lagesbild.ECodeOtherUnit, "county"},
		{"a municipality of the county", "/api/rounds/2026/status/01", remade["0114"], 403, lagesbild.EForbidden, "Authorization"},
		{"no token", "/api/rounds/2026/status/01", "", 401, lagesbild.EUnauthorized, "Authorization"},
		{"a revoked code", "/api/rounds/2026/status/01", codes["0114"], 403, lagesbild.ECodeInvalid, "Authorization"},
		{"no such county", "/api/rounds/2026/status/99", adminToken, 404, lagesbild.ENotFound, "county"},
		{"no such round", "/api/rounds/nope/status/01", adminToken, 404, lagesbild.ERoundNotFound, "round"},
		{"in the demo round, without a code", "/api/rounds/demo/status/01", "", 401, lagesbild.EUnauthorized, "Authorization"},
	} {
		errorIs(t, tt.name, a.get(tt.path, tt.token), tt.status, tt.code, tt.field)
	}
}

// TestStatusWorkshop: a response saved from a workshop is marked as such
// while it is the latest; a later response of the municipality is not.
func TestStatusWorkshop(t *testing.T) {
	a := newAPIWith(t, nil) // the shipped questionnaires: the workshop's items are kommun's
	a.round("r2026", "kommun", 0, "2026-01-01", "2026-12-31", "")
	codes := a.codes("r2026", []string{"2480"}, []string{"24"})
	rm := newRoom(t, a, nil)
	settled := map[string]string{"rutiner.handlingsplan": "beslutat", "rutiner.ansvar-arenden": "delvis", "samverkan.polis": "arenden"}
	must(t, a.do("POST", "/api/workshops/"+rm.code+"/response", rm.token,
		map[string]any{"round": "r2026", "inviteCode": codes["2480"], "answers": settled}), 201)
	q, err := questionnaires.Get("kommun", 0)
	if err != nil {
		t.Fatal(err)
	}
	status := func() wire.MunicipalityStatus {
		t.Helper()
		var st wire.Status
		must(t, a.get("/api/rounds/r2026/status/24", codes["24"]), 200).decode(t, &st)
		if st.Items != q.ItemCount() {
			t.Errorf("items %d, want kommun's %d", st.Items, q.ItemCount())
		}
		for _, m := range st.Municipalities {
			if m.Code == "2480" {
				return m
			}
		}
		t.Fatal("no 2480 in the status")
		return wire.MunicipalityStatus{}
	}
	if m := status(); !m.Workshop || m.Responses != 1 || m.Items != 3 || m.Answered != testNow.Format(time.RFC3339) {
		t.Errorf("after the workshop's response: %+v, want from a workshop, 3 items", m)
	}
	a.now = testNow.Add(time.Minute)
	answers := map[string]string{}
	for _, s := range q.Sections {
		for _, it := range s.Items {
			answers[it.ID] = it.Options[len(it.Options)-1].Value
		}
	}
	must(t, a.do("POST", "/api/responses", codes["2480"], map[string]any{"id": uuid(9), "round": "r2026", "questionnaire": "kommun",
		"version": q.Version, "municipality": "2480", "answers": answers}), 201)
	if m := status(); m.Workshop || m.Responses != 2 || m.Items != q.ItemCount() {
		t.Errorf("after the municipality's own response: %+v, want not from a workshop, every item", m)
	}
}
