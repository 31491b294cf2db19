//go:build !js

package worker_test

import (
	"encoding/csv"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"lagesbild"
	"lagesbild/questionnaires"
)

// answersOf answers every item of q with v where it is an option, else
// with its best scored option (high) or its worst; the items and sections
// in skip are left unanswered.
func answersOf(q *lagesbild.Questionnaire, v string, high bool, skip ...string) map[string]string {
	out := map[string]string{}
	for _, s := range q.Sections {
		for _, it := range s.Items {
			if slices.Contains(skip, it.ID) || slices.Contains(skip, s.ID) {
				continue
			}
			if _, ok := it.Option(v); ok {
				out[it.ID] = v
				continue
			}
			var pick *lagesbild.Option
			for i, o := range it.Options {
				if o.Points != nil && (pick == nil || high == (*o.Points > *pick.Points)) {
					pick = &it.Options[i]
				}
			}
			out[it.ID] = pick.Value
		}
	}
	return out
}

// ownReply is GET /api/rounds/{round}/responses/{kommun}.
type ownReply struct {
	Responses []struct {
		ID, Role          string
		Official, Partial bool
	}
}

// TestOfficialNotMean (issue 14): two respondents of one municipality, one
// answering "beslutat" (and "ja") throughout, the other later "saknas" (and
// "nej"), give the municipality the later response's values, not their mean
// (a "påbörjat" nobody answered); changing the earlier one makes it the
// latest, and official. A workshop's response stands beside them, never
// official while they exist. GET .../responses/{kommun} marks the official
// response and the partial ones.
func TestOfficialNotMean(t *testing.T) {
	a := newAPIWith(t, shippedCatalog{})
	q, err := questionnaires.Get("kommun", 0)
	if err != nil {
		t.Fatal(err)
	}
	a.round("r", "kommun", q.Version, "2026-01-01", "2099-12-31", "")
	post := func(n int, role string, ans map[string]string, status int) {
		t.Helper()
		a.now = a.now.Add(time.Second)
		body := response(n, "r", "0114", ans)
		body["version"], body["role"] = q.Version, role
		must(t, a.do("POST", "/api/responses", adminToken, body), status)
	}
	decided := answersOf(q, "beslutat", true)
	missing := answersOf(q, "saknas", false, "kompetens.andel-utbildade") // one item unanswered: partial
	settled := answersOf(q, "uppfoljt", true, "kunskap", "ansvar", "samverkan", "forebyggande", "stod", "uppfoljning", "kompetens")
	// The premise: the mean of the two is another value than either.
	rd, rm := q.Score(decided), q.Score(missing)
	mean := lagesbild.Mean("0114", []map[string]*float64{rd.Measures(), rm.Measures()})
	if v := mean.Measures["rutiner"]; v == nil || *v == *rd.Measures()["rutiner"] || *v == *rm.Measures()["rutiner"] {
		t.Fatalf("premise: the mean of rutiner %s is one of the two", fmtValue(v))
	}
	post(1, "chef", decided, http.StatusCreated)
	post(2, "handlaggare", missing, http.StatusCreated)
	post(3, lagesbild.RoleWorkshop, settled, http.StatusCreated) // the latest, but a workshop's

	rowOf := func() row {
		t.Helper()
		var cr countyReply
		must(t, a.get("/api/rounds/r/counties/01", adminToken), http.StatusOK).decode(t, &cr)
		for _, r := range cr.Municipalities {
			if r.Code == "0114" {
				return r
			}
		}
		t.Fatalf("no row of 0114")
		return row{}
	}
	ownOf := func() map[string][2]bool { // id → official, partial
		t.Helper()
		var or ownReply
		must(t, a.get("/api/rounds/r/responses/0114", adminToken), http.StatusOK).decode(t, &or)
		out := map[string][2]bool{}
		for _, r := range or.Responses {
			out[r.ID] = [2]bool{r.Official, r.Partial}
		}
		return out
	}
	tests := []struct {
		name      string
		change    func()
		official  map[string]string // the answers the row must show
		partial   bool
		wantMarks map[string][2]bool
	}{
		{"the later response", func() {}, missing, true,
			map[string][2]bool{uuid(1): {false, false}, uuid(2): {true, true}, uuid(3): {false, true}}},
		{"the earlier response changed", func() {
			decided["rutiner.handlingsplan"] = "uppfoljt"
			post(1, "chef", decided, http.StatusOK)
		}, decided, false,
			map[string][2]bool{uuid(1): {true, false}, uuid(2): {false, true}, uuid(3): {false, true}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.change()
			res := q.Score(tt.official)
			got := rowOf()
			if got.Respondents != 3 || got.Partial != tt.partial || got.Workshop {
				t.Errorf("row: respondents %d, partial %v, workshop %v; want 3, %v, false", got.Respondents, got.Partial, got.Workshop, tt.partial)
			}
			for id, w := range res.Measures() {
				if g := got.Measures[id]; fmtValue(g) != fmtValue(w) {
					t.Errorf("%s: got %s, want the official response's %s", id, fmtValue(g), fmtValue(w))
				}
			}
			if marks := ownOf(); mustJSON(t, marks) != mustJSON(t, tt.wantMarks) {
				t.Errorf("responses: got (official, partial) %v, want %v", marks, tt.wantMarks)
			}
		})
	}
}

// TestWorkshopOfficial: a workshop's response saved into a round where the
// municipality sent nothing else is its official response, marked partial
// and a workshop's in export.json and in export.csv ("Delvis besvarad": ja,
// "Källa": workshop); a response of the questionnaire sent later takes over.
func TestWorkshopOfficial(t *testing.T) {
	a := newAPIWith(t, nil)
	a.round("r2026", "kommun", 0, "2026-01-01", "2026-12-31", "")
	codes := a.codes("r2026", []string{"0180"}, nil)
	rm := newRoom(t, a, nil)
	settled := map[string]string{}
	for _, it := range rm.q.Sections[0].Items { // one section only: partial
		settled[it.ID] = it.Options[0].Value
	}
	must(t, a.do("POST", "/api/workshops/"+rm.code+"/response", rm.token,
		map[string]any{"round": "r2026", "inviteCode": codes["0180"], "answers": settled}), http.StatusCreated)

	rowOf := func() row {
		t.Helper()
		var ex struct{ Municipalities []row }
		must(t, a.get("/api/rounds/r2026/export.json", adminToken), http.StatusOK).decode(t, &ex)
		for _, r := range ex.Municipalities {
			if r.Code == "0180" {
				return r
			}
		}
		t.Fatalf("export.json: no row of 0180")
		return row{}
	}
	csvOf := func() map[string]string { // column → value in 0180's line
		t.Helper()
		body := strings.TrimPrefix(string(must(t, a.get("/api/rounds/r2026/export.csv", adminToken), http.StatusOK).Body), "\uFEFF")
		cr := csv.NewReader(strings.NewReader(body))
		cr.Comma = ';'
		recs, err := cr.ReadAll()
		if err != nil {
			t.Fatal(err)
		}
		for _, rec := range recs[1:] {
			if rec[1] == "0180" {
				out := map[string]string{}
				for i, h := range recs[0] {
					out[h] = rec[i]
				}
				return out
			}
		}
		t.Fatalf("export.csv: no line of 0180")
		return nil
	}
	if r := rowOf(); r.Respondents != 1 || !r.Partial || !r.Workshop || r.Measures["total"] != nil {
		t.Errorf("export.json after the workshop: %+v, want 1 respondent, partial, a workshop's, no total", r)
	}
	if c := csvOf(); c["Svarande"] != "1" || c["Delvis besvarad"] != "ja" || c["Källa"] != "workshop" {
		t.Errorf("export.csv after the workshop: %v, want Svarande 1, Delvis besvarad ja, Källa workshop", c)
	}
	var ow ownReply
	must(t, a.get("/api/rounds/r2026/responses/0180", codes["0180"]), http.StatusOK).decode(t, &ow)
	if len(ow.Responses) != 1 || !ow.Responses[0].Official || !ow.Responses[0].Partial || ow.Responses[0].Role != "workshop" {
		t.Errorf("own responses: %+v, want the workshop's, official and partial", ow.Responses)
	}

	// The questionnaire, answered in full, takes over, even though sent in
	// the same second.
	q, err := questionnaires.Get("kommun", 0)
	if err != nil {
		t.Fatal(err)
	}
	body := response(1, "r2026", "0180", answersOf(q, "beslutat", true))
	body["version"] = q.Version
	must(t, a.do("POST", "/api/responses", codes["0180"], body), http.StatusCreated)
	if r := rowOf(); r.Respondents != 2 || r.Partial || r.Workshop || r.Measures["total"] == nil {
		t.Errorf("export.json after the questionnaire: %+v, want 2 respondents, not partial, not a workshop's, a total", r)
	}
	if c := csvOf(); c["Svarande"] != "2" || c["Delvis besvarad"] != "" || c["Källa"] != "enkät" {
		t.Errorf("export.csv after the questionnaire: %v, want Svarande 2, Delvis besvarad empty, Källa enkät", c)
	}
}

// TestPreviousAcrossVersions (issue 14): beside a previous round on another
// version of the questionnaire, the measures say how they relate to the
// previous round's (test kommun v1 → v2: rutiner gained an item, so it and
// the total and the "Vet ej" share are changed; kunskap and samverkan are
// the same), and the previous round's figures and row values of every
// measure that is not the same are left out, in every view that shows them.
func TestPreviousAcrossVersions(t *testing.T) {
	a := newAPI(t)
	a.round("p", "kommun", 1, "2025-01-01", "2099-12-31", "")
	a.round("c", "kommun", 2, "2026-01-01", "2099-12-31", "p")
	n := 0
	for i, m := range lagesbild.MunicipalitiesIn("01") {
		n++
		v := []string{"ja", "delvis", "nej"}[i%3]
		must(t, a.do("POST", "/api/responses", adminToken, response(n, "p", m.Code, full(v))), http.StatusCreated)
		n++
		body := response(n, "c", m.Code, full(v))
		body["version"] = 2
		body["answers"].(map[string]string)["rutiner.uppfoljning"] = v
		must(t, a.do("POST", "/api/responses", adminToken, body), http.StatusCreated)
	}
	wantChange := map[string]string{"rutiner": lagesbild.ChangeChanged, "kunskap": "", "samverkan": "",
		"total": lagesbild.ChangeChanged, "dontKnow": lagesbild.ChangeChanged}
	same := []string{"kunskap", "samverkan"}
	keys := func(m any) []string {
		var out []string
		switch m := m.(type) {
		case map[string]lagesbild.Figure:
			out = sortedKeys(m)
		case map[string]*float64:
			out = sortedKeys(m)
		}
		return out
	}
	type previous struct {
		Round          string
		Counties       []lagesbild.Group
		County         *lagesbild.Group
		National       lagesbild.Group
		Municipalities []row
	}
	type view struct {
		Measures []struct{ ID, Change string }
		Previous *previous
	}
	paths := []string{"/api/rounds/c/counties", "/api/rounds/c/counties/01", "/api/rounds/c/export.json"}
	views := make([]struct {
		name  string
		reply view
	}, len(paths))
	for i, path := range paths {
		views[i].name = path
		must(t, a.get(path, adminToken), http.StatusOK).decode(t, &views[i].reply)
	}
	for _, v := range views {
		t.Run(v.name, func(t *testing.T) {
			got := map[string]string{}
			for _, m := range v.reply.Measures {
				got[m.ID] = m.Change
			}
			if mustJSON(t, got) != mustJSON(t, wantChange) {
				t.Errorf("measures' changes: got %v, want %v", got, wantChange)
			}
			p := v.reply.Previous
			if p == nil || p.Round != "p" {
				t.Fatalf("previous: got %+v, want round p", p)
			}
			groups := append([]lagesbild.Group{p.National}, p.Counties...)
			if p.County != nil {
				groups = append(groups, *p.County)
			}
			for _, g := range groups {
				if got := keys(g.Measures); !slices.Equal(got, same) {
					t.Errorf("previous %s: measures %v, want only %v", g.Code, got, same)
				}
			}
			rows := 0
			for _, r := range p.Municipalities {
				if got := keys(r.Measures); !slices.Equal(got, same) {
					t.Errorf("previous row %s: measures %v, want only %v", r.Code, got, same)
				}
				rows++
			}
			if v.name != "/api/rounds/c/counties" && rows == 0 {
				t.Errorf("previous: no rows to check")
			}
			if f := p.National.Measures["kunskap"]; f.Value == nil || f.N != len(lagesbild.MunicipalitiesIn("01")) {
				t.Errorf("previous national kunskap: %+v, want a value over every municipality of 01", f)
			}
		})
	}
	// Two rounds on the same version: nothing marked, nothing left out.
	a.round("c1", "kommun", 1, "2026-01-01", "2099-12-31", "p")
	var same1 countiesReply
	r := must(t, a.get("/api/rounds/c1/counties", adminToken), http.StatusOK)
	r.decode(t, &same1)
	if strings.Contains(string(r.Body), `"change"`) || same1.Previous == nil || len(same1.Previous.National.Measures) != 5 {
		t.Errorf("same version: %s, want no change marks and every previous measure", r.Body)
	}
}
