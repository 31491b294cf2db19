//go:build !js

package worker_test

import (
	"encoding/json"
	"net/http"
	"reflect"
	"strings"
	"testing"
	"time"

	"lagesbild"
	wire "lagesbild/api"
	"lagesbild/worker"
)

// planRow is a plan row that hangs together.
func planRow(item, answer, target string) map[string]any {
	return map[string]any{"item": item, "answer": answer, "goal": "Alla chefer känner rutinen.", "targetGroup": "chefer",
		"measure": "Utbilda.", "target": target, "responsible": "socialchef", "body": "socialnamnd",
		"followUp": "2026-06-30", "followUpBy": "kvalitetsstrateg"}
}

// planBody is a plan of a municipality on the test kommun.
func planBody(round, muni string, version int, rows ...map[string]any) map[string]any {
	if rows == nil {
		rows = []map[string]any{}
	}
	return map[string]any{"round": round, "questionnaire": "kommun", "version": version, "municipality": muni, "rows": rows}
}

// storedPlan is the plans table's row of a unit, "" for none.
func storedPlan(t *testing.T, a *api, round, unit string) string {
	t.Helper()
	var text, updated string
	err := a.db.QueryRow(`SELECT plan, updated FROM plans WHERE round = ? AND unit = ?`, round, unit).Scan(&text, &updated)
	if err != nil {
		return ""
	}
	return updated + " " + text
}

// with is a copy of a plan body with one change made by f.
func with(body map[string]any, f func(map[string]any)) map[string]any {
	b, _ := json.Marshal(body)
	var c map[string]any
	json.Unmarshal(b, &c)
	f(c)
	return c
}

// rowOf is row i of a body made by with.
func rowOf(b map[string]any, i int) map[string]any { return b["rows"].([]any)[i].(map[string]any) }

func TestPlanStoreAndRead(t *testing.T) {
	a, codes := setupRunning(t) // 2025 closed, 2026 open (codes of 0114, 0115, 0305, 01, 03), 2027 not yet
	must(t, a.do("POST", "/api/admin/rounds", adminToken, map[string]any{
		"id": "open", "questionnaire": "kommun", "version": 1, "opens": "2026-01-01", "closes": "2026-12-31", "openToAll": true}), 201)
	const path = "/api/rounds/2026/plans/0114"
	good := planBody("2026", "0114", 1,
		planRow("rutiner.handlingsplan", "nej", "delvis"),
		planRow("kunskap.utbildning", "vet-ej", "delvis"),
		planRow("samverkan.polis", "delvis", "ja"))
	good["rows"].([]map[string]any)[1]["goal"] = "" // a draft: kept, listed in gaps

	var put wire.PlanView
	must(t, a.do("PUT", path, codes["0114"], good), http.StatusOK).decode(t, &put)
	if put.Plan == nil || len(put.Plan.Rows) != 3 || put.Plan.Updated != testNow.Format(time.RFC3339) || put.Round.ID != "2026" {
		t.Fatalf("PUT: got %+v", put)
	}
	if put.Whole != 2 || put.Open != 3 || len(put.Gaps) != 1 || put.Gaps[0].Item != "kunskap.utbildning" || put.Gaps[0].Field != "goal" {
		t.Errorf("PUT: whole %d of %d, gaps %+v; want 2 of 3, the goal of kunskap.utbildning", put.Whole, put.Open, put.Gaps)
	}
	if put.Previous != nil {
		t.Errorf("PUT: previous %+v, want none (no plan in 2025)", put.Previous)
	}
	var got wire.PlanView
	must(t, a.get(path, codes["0114"]), http.StatusOK).decode(t, &got)
	if !reflect.DeepEqual(got, put) {
		t.Errorf("GET = %+v,\nwant PUT's %+v", got, put)
	}
	before := storedPlan(t, a, "2026", "0114")
	if strings.Contains(before, `"updated"`) || !strings.Contains(before, `"socialchef"`) {
		t.Errorf("stored %s: want the plan without its updated time", before)
	}

	// The same plan again changes nothing, not even the time.
	a.now = a.now.Add(time.Minute)
	must(t, a.do("PUT", path, codes["0114"], good), http.StatusOK)
	if after := storedPlan(t, a, "2026", "0114"); after != before {
		t.Errorf("the same plan again: stored %s, want %s", after, before)
	}

	big := make([]map[string]any, lagesbild.MaxPlanRows+1)
	for i := range big {
		big[i] = map[string]any{"item": "rutiner.handlingsplan"}
	}
	for _, tt := range []struct {
		name, path, token string
		body              any
		status            int
		code, field       string
	}{
		{"no code in a private round", path, "", good, 401, "unauthorized", "Authorization"},
		{"another municipality's code", path, codes["0115"], good, 403, "code_other_unit", "unit"},
		{"another county's lead", path, codes["03"], good, 403, "code_other_unit", "unit"},
		{"a wrong code", path, "AAAA-BBBB-CCCC-DDDD", good, 403, "code_invalid", "Authorization"},
		{"no such round", "/api/rounds/nope/plans/0114", codes["0114"], good, 404, "round_not_found", "round"},
		{"not a unit", "/api/rounds/2026/plans/9999", codes["0114"], good, 404, "not_found", "unit"},
		{"a closed round", "/api/rounds/2025/plans/0114", adminToken, with(good, func(b map[string]any) { b["round"] = "2025" }), 409, "round_closed", "round"},
		{"a round not open yet", "/api/rounds/2027/plans/0114", adminToken, with(good, func(b map[string]any) { b["round"] = "2027" }), 409, "round_not_open", "round"},
		{"the plan's round", path, codes["0114"], with(good, func(b map[string]any) { b["round"] = "2025" }), 400, "invalid", "round"},
		{"the plan's municipality", path, codes["01"], with(good, func(b map[string]any) { b["municipality"] = "0115" }), 400, "invalid", "municipality"},
		{"a county on a municipality's plan", path, codes["0114"], with(good, func(b map[string]any) { b["county"] = "01" }), 400, "invalid", "county"},
		{"another questionnaire", path, codes["0114"], with(good, func(b map[string]any) { b["questionnaire"] = "lansstyrelse" }), 400, "invalid", "questionnaire"},
		{"another version", path, codes["0114"], with(good, func(b map[string]any) { b["version"] = 2 }), 400, "invalid", "version"},
		{"a target that is no option", path, codes["0114"], with(good, func(b map[string]any) { rowOf(b, 2)["target"] = "kanske" }), 400, "invalid", "rows[2].target: "},
		{"an unknown item", path, codes["0114"], with(good, func(b map[string]any) { rowOf(b, 1)["item"] = "x.y" }), 400, "invalid", "rows[1].item: "},
		{"an e-mail address", path, codes["0114"], with(good, func(b map[string]any) { rowOf(b, 0)["responsible"] = "anna@kommun.se" }), 400, "invalid", "rows[0].responsible: "},
		{"a date that is none", path, codes["0114"], with(good, func(b map[string]any) { rowOf(b, 0)["followUp"] = "snart" }), 400, "invalid", "rows[0].followUp: "},
		{"rows of the wrong type", path, codes["0114"], `{"round":"2026","rows":"many"}`, 400, "invalid", "rows: "},
		{"over MaxPlanRows", path, codes["0114"], planBody("2026", "0114", 1, big...), 400, "invalid", "rows: "},
		{"over MaxBody", path, codes["0114"], `{"round":"2026"` + strings.Repeat(" ", worker.MaxBody) + `}`, 413, "too_large", "body"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			errorIs(t, tt.name, a.do("PUT", tt.path, tt.token, tt.body), tt.status, tt.code, tt.field)
			if after := storedPlan(t, a, "2026", "0114"); after != before {
				t.Errorf("stored %s, want the old plan %s", after, before)
			}
			var got wire.PlanView
			must(t, a.get(path, codes["0114"]), http.StatusOK).decode(t, &got)
			if !reflect.DeepEqual(got, put) {
				t.Errorf("read back %+v, want the old plan", got)
			}
		})
	}
	if s := storedPlan(t, a, "2025", "0114") + storedPlan(t, a, "2027", "0114") + storedPlan(t, a, "2026", "0115"); s != "" {
		t.Errorf("stored elsewhere: %s", s)
	}

	// Who may store: the unit's code, its county's lead, the admin; anyone
	// for a municipality in a round open to all; a county's own plan by its
	// lead, not by a municipality of the county.
	county := map[string]any{"round": "2026", "questionnaire": "kommun", "version": 1, "county": "01",
		"rows": []any{planRow("samverkan.polis", "nej", "ja")}}
	for _, tt := range []struct {
		name, path, token string
		body              any
		status            int
		code              string
	}{
		{"the county's lead", "/api/rounds/2026/plans/0115", codes["01"], planBody("2026", "0115", 1), 200, ""},
		{"the admin", "/api/rounds/2026/plans/0305", adminToken, planBody("2026", "0305", 1), 200, ""},
		{"open to all: anyone", "/api/rounds/open/plans/0305", "", planBody("open", "0305", 1, planRow("samverkan.polis", "nej", "ja")), 200, ""},
		{"a county's own plan, its lead", "/api/rounds/2026/plans/01", codes["01"], county, 200, ""},
		{"a county's own plan, a municipality", "/api/rounds/2026/plans/01", codes["0114"], county, 403, "code_other_unit"},
		{"a county's own plan, another lead", "/api/rounds/2026/plans/01", codes["03"], county, 403, "code_other_unit"},
		{"a county's own plan naming a municipality", "/api/rounds/2026/plans/01", codes["01"],
			with(county, func(b map[string]any) { b["municipality"] = "0114" }), 400, "invalid"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			r := a.do("PUT", tt.path, tt.token, tt.body)
			if r.Status != tt.status || r.code() != tt.code {
				t.Errorf("got %s, want %d %q", r, tt.status, tt.code)
			}
		})
	}

	// Who may read.
	for _, tt := range []struct {
		name, path, token string
		status            int
		code, field       string
		rows              int // -1: no plan
	}{
		{"its own code", path, codes["0114"], 200, "", "", 3},
		{"its county's lead", path, codes["01"], 200, "", "", 3},
		{"the admin", path, adminToken, 200, "", "", 3},
		{"an empty plan", "/api/rounds/2026/plans/0115", codes["0115"], 200, "", "", 0},
		{"none stored yet", "/api/rounds/2027/plans/0114", adminToken, 200, "", "", -1},
		{"another municipality's code", path, codes["0115"], 403, "code_other_unit", "unit", 0},
		{"another county's lead", path, codes["03"], 403, "code_other_unit", "unit", 0},
		{"no code in a private round", path, "", 401, "unauthorized", "Authorization", 0},
		{"open to all: anyone", "/api/rounds/open/plans/0305", "", 200, "", "", 1},
		{"a county's own plan, its lead", "/api/rounds/2026/plans/01", codes["01"], 200, "", "", 1},
		{"a county's own plan, a municipality", "/api/rounds/2026/plans/01", codes["0114"], 403, "code_other_unit", "unit", 0},
		{"a county's own plan, another lead", "/api/rounds/2026/plans/01", codes["03"], 403, "code_other_unit", "unit", 0},
	} {
		t.Run("read/"+tt.name, func(t *testing.T) {
			r := a.get(tt.path, tt.token)
			if tt.code != "" {
				errorIs(t, tt.name, r, tt.status, tt.code, tt.field)
				return
			}
			var got wire.PlanView
			must(t, r, tt.status).decode(t, &got)
			switch {
			case tt.rows < 0 && (got.Plan != nil || got.Gaps == nil):
				t.Errorf("got %s, want plan null and gaps []", r.Body)
			case tt.rows >= 0 && (got.Plan == nil || len(got.Plan.Rows) != tt.rows):
				t.Errorf("got %s, want %d rows", r.Body, tt.rows)
			}
		})
	}
}

// renamedCatalog is the test catalog with kommun v2's kunskap.utbildning
// renamed kunskap.kompetens.
func renamedCatalog(t *testing.T) *catalog {
	c := loadCatalog(t)
	for i, q := range c.all {
		if q.ID != "kommun" || q.Version != 2 {
			continue
		}
		var r lagesbild.Questionnaire
		if err := json.Unmarshal(c.json["kommun.v2"], &r); err != nil {
			t.Fatal(err)
		}
		for si := range r.Sections {
			for ii := range r.Sections[si].Items {
				if it := &r.Sections[si].Items[ii]; it.ID == "kunskap.utbildning" {
					it.ID = "kunskap.kompetens"
				}
			}
		}
		r.Renamed = map[string]string{"kunskap.utbildning": "kunskap.kompetens"}
		c.all[i] = &r
		c.json["kommun.v2"] = mustJSONBytes(t, &r)
	}
	return c
}

// TestPlanFollowUp: a plan of round A followed up by round B (A's next, the
// same questionnaire version) and by round C (A's next on kommun v2, where
// an item of the plan is renamed), in the unit's view and its county lead's
// summary.
func TestPlanFollowUp(t *testing.T) {
	a := newAPIWith(t, renamedCatalog(t))
	a.now = time.Date(2026, 1, 15, 12, 0, 0, 0, time.UTC)
	a.round("a", "kommun", 1, "2026-01-01", "2026-02-28", "")
	a.round("b", "kommun", 1, "2026-03-01", "2026-05-31", "a")
	a.round("c", "kommun", 2, "2026-03-01", "2026-05-31", "a")
	codesA := a.codes("a", []string{"0114"}, []string{"01"})
	codesB := a.codes("b", []string{"0114", "0115"}, []string{"01", "03"})
	codesC := a.codes("c", []string{"0114"}, []string{"01"})

	// Round A: 0114 answers and makes a plan of three rows.
	a.now = time.Date(2026, 2, 1, 12, 0, 0, 0, time.UTC)
	then := map[string]string{"rutiner.handlingsplan": "nej", "rutiner.ansvar": "ja", "kunskap.utbildning": "nej", "kunskap.chefer": "ja", "samverkan.polis": "delvis"}
	must(t, a.do("POST", "/api/responses", codesA["0114"], response(1, "a", "0114", then)), 201)
	rows := []map[string]any{
		planRow("rutiner.handlingsplan", "nej", "delvis"),
		planRow("kunskap.utbildning", "nej", "ja"),
		planRow("samverkan.polis", "delvis", "ja"),
	}
	rows[2]["followUp"] = "2026-03-01" // overdue by B
	must(t, a.do("PUT", "/api/rounds/a/plans/0114", codesA["0114"], planBody("a", "0114", 1, rows...)), 200)

	// And the länsstyrelse of 01 its own, of one row.
	countyResponse := func(n int, round string, answers map[string]string) map[string]any {
		r := response(n, round, "", answers)
		delete(r, "municipality")
		r["county"] = "01"
		return r
	}
	must(t, a.do("POST", "/api/responses", codesA["01"], countyResponse(5, "a", map[string]string{"samverkan.polis": "nej"})), 201)
	must(t, a.do("PUT", "/api/rounds/a/plans/01", codesA["01"], map[string]any{"round": "a", "questionnaire": "kommun", "version": 1,
		"county": "01", "rows": []any{planRow("samverkan.polis", "nej", "ja")}}), 200)

	// Round B: the routines reach their target; a later workshop response
	// would meet the training's too, but the official response is the
	// questionnaire's (lagesbild.Official).
	a.now = testNow
	nowB := map[string]string{"rutiner.handlingsplan": "delvis", "rutiner.ansvar": "ja", "kunskap.utbildning": "nej", "kunskap.chefer": "ja", "samverkan.polis": "delvis"}
	must(t, a.do("POST", "/api/responses", codesB["0114"], response(2, "b", "0114", nowB)), 201)
	a.now = testNow.Add(time.Minute)
	ws := response(3, "b", "0114", map[string]string{"kunskap.utbildning": "ja"})
	ws["role"] = lagesbild.RoleWorkshop
	must(t, a.do("POST", "/api/responses", codesB["0114"], ws), 201)
	must(t, a.do("POST", "/api/responses", codesB["01"], countyResponse(6, "b", map[string]string{"samverkan.polis": "nej"})), 201)
	a.now = testNow.Add(2 * time.Minute)
	must(t, a.do("POST", "/api/responses", codesB["01"], countyResponse(7, "b", map[string]string{"samverkan.polis": "ja"})), 201)
	a.now = testNow.Add(time.Minute)
	// Round C, on v2: the training is answered under its new id.
	nowC := map[string]string{"rutiner.handlingsplan": "nej", "kunskap.kompetens": "ja", "samverkan.polis": "delvis"}
	respC := response(4, "c", "0114", nowC)
	respC["version"] = 2
	must(t, a.do("POST", "/api/responses", codesC["0114"], respC), 201)

	type outcome struct{ item, nowItem, now, outcome string }
	for _, tt := range []struct {
		name, round, token string
		now                map[string]string
		want               []outcome
	}{
		{"B, the same version", "b", codesB["0114"], nowB, []outcome{
			{"rutiner.handlingsplan", "rutiner.handlingsplan", "delvis", lagesbild.IndicatorMet},
			{"kunskap.utbildning", "kunskap.utbildning", "nej", lagesbild.IndicatorNotMet},
			{"samverkan.polis", "samverkan.polis", "delvis", lagesbild.IndicatorNotMet},
		}},
		{"B, the county's lead", "b", codesB["01"], nowB, []outcome{
			{"rutiner.handlingsplan", "rutiner.handlingsplan", "delvis", lagesbild.IndicatorMet},
			{"kunskap.utbildning", "kunskap.utbildning", "nej", lagesbild.IndicatorNotMet},
			{"samverkan.polis", "samverkan.polis", "delvis", lagesbild.IndicatorNotMet},
		}},
		{"C, v2 with a renamed item", "c", codesC["0114"], nowC, []outcome{
			{"rutiner.handlingsplan", "rutiner.handlingsplan", "nej", lagesbild.IndicatorNotMet},
			{"kunskap.utbildning", "kunskap.kompetens", "ja", lagesbild.IndicatorMet},
			{"samverkan.polis", "samverkan.polis", "delvis", lagesbild.IndicatorNotMet},
		}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			var v wire.PlanView
			must(t, a.get("/api/rounds/"+tt.round+"/plans/0114", tt.token), 200).decode(t, &v)
			if v.Plan != nil || v.Previous == nil {
				t.Fatalf("got plan %+v, previous %+v; want no plan and A's followed up", v.Plan, v.Previous)
			}
			p := v.Previous
			if p.Round != "a" || p.Today != "2026-03-15" || !reflect.DeepEqual(map[string]string(p.Answers), then) ||
				!reflect.DeepEqual(map[string]string(p.Now), tt.now) || len(p.Plan.Rows) != 3 || p.Plan.Updated == "" {
				t.Errorf("previous: round %q, today %q, answers %v, now %v, %d rows; want a, 2026-03-15, %v, %v, 3",
					p.Round, p.Today, p.Answers, p.Now, len(p.Plan.Rows), then, tt.now)
			}
			var got []outcome
			for _, r := range p.Rows {
				got = append(got, outcome{r.Item, r.NowItem, r.Now, r.Outcome})
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("rows = %v\nwant %v", got, tt.want)
			}
			if over := []bool{p.Rows[0].Overdue, p.Rows[1].Overdue, p.Rows[2].Overdue}; !reflect.DeepEqual(over, []bool{false, false, true}) {
				t.Errorf("overdue = %v, want only the third", over)
			}
		})
	}

	// A county's own plan is followed up by its latest response.
	var cv wire.PlanView
	must(t, a.get("/api/rounds/b/plans/01", codesB["01"]), 200).decode(t, &cv)
	if p := cv.Previous; p == nil || len(p.Rows) != 1 || p.Rows[0].Outcome != lagesbild.IndicatorMet || p.Now["samverkan.polis"] != "ja" ||
		p.Answers["samverkan.polis"] != "nej" {
		t.Errorf("the county's own plan followed up: %+v, want met by its latest response", cv.Previous)
	}

	// A plan in B too, of two rows, one lacking its goal.
	planB := planBody("b", "0114", 1, planRow("rutiner.ansvar", "delvis", "ja"), planRow("kunskap.chefer", "nej", "delvis"))
	planB["rows"].([]map[string]any)[1]["goal"] = ""
	var put wire.PlanView
	must(t, a.do("PUT", "/api/rounds/b/plans/0114", codesB["0114"], planB), 200).decode(t, &put)
	if put.Previous == nil || len(put.Previous.Rows) != 3 || put.Whole != 1 || put.Open != 2 {
		t.Errorf("PUT in B: whole %d of %d, previous %+v; want 1 of 2 and A's plan", put.Whole, put.Open, put.Previous)
	}

	// The county lead's summary.
	type area struct {
		section                                    string
		municipalities, rows, whole, met, followed int
	}
	for _, tt := range []struct {
		name, round, token string
		hasPlan            bool
		open, whole        int
		met, partly, not   int
		areas              []area
	}{
		{"B", "b", codesB["01"], true, 2, 1, 1, 0, 2, []area{
			{"rutiner", 1, 1, 1, 1, 1}, {"kunskap", 1, 1, 0, 0, 1}, {"samverkan", 0, 0, 0, 0, 1}}},
		{"B, the admin", "b", adminToken, true, 2, 1, 1, 0, 2, []area{
			{"rutiner", 1, 1, 1, 1, 1}, {"kunskap", 1, 1, 0, 0, 1}, {"samverkan", 0, 0, 0, 0, 1}}},
		{"C, v2", "c", codesC["01"], false, 0, 0, 1, 0, 2, []area{
			{"rutiner", 0, 0, 0, 0, 1}, {"kunskap", 0, 0, 0, 1, 1}, {"samverkan", 0, 0, 0, 0, 1}}},
	} {
		t.Run("county/"+tt.name, func(t *testing.T) {
			var got wire.Plans
			must(t, a.get("/api/rounds/"+tt.round+"/plans/county/01", tt.token), 200).decode(t, &got)
			if got.County != "01" || got.Name != "Stockholms län" || len(got.Municipalities) != len(lagesbild.MunicipalitiesIn("01")) {
				t.Fatalf("got county %q %q with %d municipalities", got.County, got.Name, len(got.Municipalities))
			}
			for _, m := range got.Municipalities {
				want := wire.PlanStatus{Code: m.Code, Name: m.Name}
				if m.Code == "0114" {
					want = wire.PlanStatus{Code: "0114", Name: "Upplands Väsby", HasPlan: tt.hasPlan, Open: tt.open, Whole: tt.whole,
						Met: tt.met, Partly: tt.partly, NotMet: tt.not}
					if tt.hasPlan {
						want.Updated = testNow.Add(time.Minute).Format(time.RFC3339)
					}
				}
				if m != want {
					t.Errorf("municipality %+v, want %+v", m, want)
				}
			}
			var areas []area
			for _, ar := range got.Areas {
				areas = append(areas, area{ar.Section, ar.Municipalities, ar.Rows, ar.Whole, ar.Met, ar.Followed})
			}
			if !reflect.DeepEqual(areas, tt.areas) {
				t.Errorf("areas = %v\nwant %v", areas, tt.areas)
			}
		})
	}
	for _, tt := range []struct {
		name, path, token string
		status            int
		code, field       string
	}{
		{"a municipality's code", "/api/rounds/b/plans/county/01", codesB["0114"], 403, "forbidden", "Authorization"},
		{"another county's lead", "/api/rounds/b/plans/county/01", codesB["03"], 403, "code_other_unit", "county"},
		{"no code", "/api/rounds/b/plans/county/01", "", 401, "unauthorized", "Authorization"},
		{"not a länskod", "/api/rounds/b/plans/county/99", adminToken, 404, "not_found", "county"},
		{"another county's lead reads a plan", "/api/rounds/b/plans/0114", codesB["03"], 403, "code_other_unit", "unit"},
		{"another municipality reads a plan", "/api/rounds/b/plans/0114", codesB["0115"], 403, "code_other_unit", "unit"},
		{"another municipality writes a plan", "/api/rounds/b/plans/0114", codesB["0115"], 403, "code_other_unit", "unit"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			method, body := "GET", any(nil)
			if strings.Contains(tt.name, "writes") {
				method, body = "PUT", planBody("b", "0114", 1)
			}
			errorIs(t, tt.name, a.do(method, tt.path, tt.token, body), tt.status, tt.code, tt.field)
		})
	}
}

// TestPlanPreviousAccess: a unit's plan of the previous round P, followed
// up, goes to the unit's own code (or its county's lead) of this round and
// to the admin, not to whoever reads the unit's plan only because this
// round is open to all (P's rows keep P's access, F3).
func TestPlanPreviousAccess(t *testing.T) {
	a := newAPI(t)
	a.now = time.Date(2026, 1, 15, 12, 0, 0, 0, time.UTC)
	a.round("p", "kommun", 1, "2026-01-01", "2026-02-28", "")
	pCodes := a.codes("p", []string{"0305"}, nil)
	a.now = time.Date(2026, 2, 1, 12, 0, 0, 0, time.UTC)
	must(t, a.do("POST", "/api/responses", pCodes["0305"], response(1, "p", "0305", full("nej"))), 201)
	must(t, a.do("PUT", "/api/rounds/p/plans/0305", pCodes["0305"], planBody("p", "0305", 1, planRow("samverkan.polis", "nej", "ja"))), 200)
	// O, open to all, follows the private P: made before the admin route
	// refused such a pair (as in TestPreviousRoundAccess).
	if _, err := a.db.Exec(`INSERT INTO rounds (id, questionnaire, version, opens, closes, open_to_all, previous, created)
		VALUES ('o', 'kommun', 1, '2026-01-01T00:00:00Z', '2099-12-31T00:00:00Z', 1, 'p', '2026-01-01T00:00:00Z')`); err != nil {
		t.Fatal(err)
	}
	a.now = testNow
	oCodes := a.codes("o", []string{"0305", "0114"}, []string{"03", "01"})
	for _, tt := range []struct {
		name, token string
		shown       bool
	}{
		{"no code", "", false},
		{"another municipality's code", oCodes["0114"], false},
		{"another county's lead", oCodes["01"], false},
		{"its own code", oCodes["0305"], true},
		{"its county's lead", oCodes["03"], true},
		{"the admin", adminToken, true},
	} {
		t.Run(tt.name, func(t *testing.T) {
			var v wire.PlanView
			must(t, a.get("/api/rounds/o/plans/0305", tt.token), 200).decode(t, &v)
			if got := v.Previous != nil; got != tt.shown {
				t.Errorf("previous shown = %v, want %v", got, tt.shown)
			}
		})
	}
}
