//go:build !js

package worker_test

import (
	"archive/zip"
	"bytes"
	"encoding/csv"
	"encoding/json"
	"encoding/xml"
	"flag"
	"net/http"
	"os"
	"reflect"
	"sort"
	"strings"
	"testing"

	"lagesbild"
)

var update = flag.Bool("update", false, "rewrite the golden files")

// posted are the responses of the comparison tests: municipality → answer
// sets (one per respondent). County 01 has 4 municipalities answering,
// 03 has 3, 04 has 1 (suppressed; and so, secondarily, is 03).
var posted = map[string][]map[string]string{
	"0114": {full("ja"), full("delvis")},
	"0115": {full("delvis")},
	"0117": {{"rutiner.handlingsplan": "ja", "rutiner.ansvar": "nej", "kunskap.utbildning": "vet-ej", "samverkan.polis": "delvis"}},
	"0120": {{"rutiner.handlingsplan": "vet-ej", "rutiner.ansvar": "vet-ej"}},
	"0305": {full("ja")},
	"0319": {full("nej")},
	"0330": {{"kunskap.chefer": "ja", "samverkan.polis": "nej"}},
	"0428": {full("delvis")},
}

// previousPosted are the responses of the previous round, 2025.
var previousPosted = map[string][]map[string]string{
	"0114": {full("nej")},
	"0115": {full("nej")},
	"0117": {full("delvis")},
	"0305": {full("ja")},
}

// setupComparison makes rounds 2025 and 2026 (with 2025 as its previous),
// posts the responses above with the admin token, and makes codes.
func setupComparison(t *testing.T) (*api, map[string]string) {
	a := newAPI(t)
	a.round("2025", "kommun", 1, "2025-03-01", "2025-05-31", "")
	a.round("2026", "kommun", 1, "2026-03-01", "2026-05-31", "2025")
	n := 0
	post := func(round string, set map[string][]map[string]string) {
		for _, muni := range sortedKeys(set) {
			for _, answers := range set[muni] {
				n++
				must(t, a.do("POST", "/api/responses", adminToken, response(n, round, muni, answers)), http.StatusCreated)
			}
		}
	}
	a.now = testNow.AddDate(-1, 0, 0)
	post("2025", previousPosted)
	a.now = testNow
	post("2026", posted)
	return a, a.codes("2026", []string{"0114", "0305"}, []string{"01", "03"})
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// expected computes the comparison with the core alone, from the answers:
// each municipality's result is its official response (lagesbild.Official),
// which here is the one posted last (setupComparison posts them in the same
// second, with ids in posting order).
func expected(t *testing.T, a *api, set map[string][]map[string]string) lagesbild.Comparison {
	q, err := a.cat.Get("kommun", 1)
	if err != nil {
		t.Fatal(err)
	}
	var results []lagesbild.MunicipalityResult
	for muni, sets := range set {
		cs := make([]lagesbild.Candidate, len(sets))
		for i := range sets {
			cs[i] = lagesbild.Candidate{Role: "chef", Updated: "2026-03-15T12:00:00Z", ID: uuid(i)}
		}
		res := q.Score(sets[lagesbild.Official(cs)])
		results = append(results, lagesbild.MunicipalityResult{Municipality: muni, Respondents: len(sets),
			Measures: res.Measures(), Partial: res.Partial})
	}
	return lagesbild.Compare(q.MeasureIDs(), results, lagesbild.DefaultRules())
}

type countiesReply struct {
	Round struct {
		ID, Questionnaire string
		Version           int
	}
	Measures []struct{ ID string }
	Counties []lagesbild.Group
	National lagesbild.Group
	// Municipalities must be absent here: rows are for the county route and the exports.
	Municipalities json.RawMessage
	Previous       *struct {
		Round          string
		Counties       []lagesbild.Group
		County         *lagesbild.Group
		National       lagesbild.Group
		Municipalities []row
	}
}

type row struct {
	Code, Name, County string
	Respondents        int
	Measures           map[string]*float64
	Partial, Workshop  bool
}

type countyReply struct {
	County         lagesbild.Group
	National       lagesbild.Group
	Municipalities []row
	Previous       *struct {
		Round          string
		County         *lagesbild.Group
		National       lagesbild.Group
		Municipalities []row
	}
}

func TestCountiesMatchCore(t *testing.T) {
	a, codes := setupComparison(t)
	want, wantPrev := expected(t, a, posted), expected(t, a, previousPosted)
	var got countiesReply
	must(t, a.get("/api/rounds/2026/counties", codes["0114"]), http.StatusOK).decode(t, &got)
	if !reflect.DeepEqual(got.Counties, want.Counties) {
		t.Errorf("counties:\n got %s\nwant %s", mustJSON(t, got.Counties), mustJSON(t, want.Counties))
	}
	if !reflect.DeepEqual(got.National, want.National) {
		t.Errorf("national:\n got %s\nwant %s", mustJSON(t, got.National), mustJSON(t, want.National))
	}
	if got.Municipalities != nil {
		t.Errorf("the counties route shows municipality rows: %s", got.Municipalities)
	}
	if got.Previous == nil || got.Previous.Round != "2025" {
		t.Fatalf("previous: got %+v, want round 2025", got.Previous)
	}
	if !reflect.DeepEqual(got.Previous.Counties, wantPrev.Counties) || !reflect.DeepEqual(got.Previous.National, wantPrev.National) {
		t.Errorf("previous:\n got %s\nwant %s", mustJSON(t, got.Previous), mustJSON(t, wantPrev))
	}
	if g, _ := want.County("01"); g.Responded != 4 || g.Municipalities != 26 {
		t.Errorf("county 01: responded %d of %d, want 4 of 26", g.Responded, g.Municipalities)
	}
}

// TestSuppressionEveryRoute checks that a county resting on too few
// municipalities is null with "suppressed": true at every route, and that
// the secondary suppression of the core reaches every route too.
func TestSuppressionEveryRoute(t *testing.T) {
	a, codes := setupComparison(t)
	want := expected(t, a, posted)
	// The premise: 04 rests on one municipality, so the core hides it and,
	// secondarily, another county, so 04 cannot be worked out from the
	// national value.
	hidden := 0
	for _, g := range want.Counties {
		if g.Measures["total"].Suppressed {
			hidden++
		}
	}
	if g, _ := want.County("04"); !g.Measures["total"].Suppressed || hidden < 2 {
		t.Fatalf("premise: want 04 and at least one more county suppressed, got %d: %s", hidden, mustJSON(t, want.Counties))
	}
	checkGroup := func(t *testing.T, where string, g lagesbild.Group) {
		t.Helper()
		w, _ := want.County(g.Code)
		for id, wf := range w.Measures {
			f := g.Measures[id]
			if f.Suppressed != wf.Suppressed || (f.Suppressed && f.Value != nil) {
				t.Errorf("%s: county %s %s: got %+v, want suppressed=%v with a null value", where, g.Code, id, f, wf.Suppressed)
			}
		}
	}
	raw := a.get("/api/rounds/2026/counties", codes["0114"])
	if !bytes.Contains(raw.Body, []byte(`"value":null,"n":0,"suppressed":true`)) {
		t.Errorf("counties: no figure reads as null with suppressed true: %s", raw.Body)
	}
	var cs countiesReply
	raw.decode(t, &cs)
	for _, g := range cs.Counties {
		checkGroup(t, "counties", g)
	}
	for _, token := range []string{codes["0114"], codes["01"], codes["03"], adminToken} {
		for _, c := range []string{"01", "03", "04"} {
			var cr countyReply
			must(t, a.get("/api/rounds/2026/counties/"+c, token), http.StatusOK).decode(t, &cr)
			if token == codes[c] {
				// A lead sees its own county live, from the rows it sees.
				if f := cr.County.Measures["total"]; f.Suppressed || f.Value == nil {
					t.Errorf("county %s, its own lead: total %+v, want its live figure", c, f)
				}
			} else {
				checkGroup(t, "county "+c, cr.County)
			}
			if cr.Previous == nil || cr.Previous.County == nil {
				t.Fatalf("county %s: no previous round", c)
			}
		}
	}
	var ex struct {
		Counties []lagesbild.Group
		Previous struct{ Counties []lagesbild.Group }
	}
	must(t, a.get("/api/rounds/2026/export.json", codes["03"]), http.StatusOK).decode(t, &ex)
	for _, g := range ex.Counties {
		if g.Code != "03" { // its own: live (above)
			checkGroup(t, "export.json", g)
		}
	}
	// In the previous round, 03 rests on one municipality.
	for _, g := range ex.Previous.Counties {
		if g.Code == "03" && (!g.Measures["total"].Suppressed || g.Measures["total"].Value != nil) {
			t.Errorf("export.json previous 03: got %+v, want suppressed", g.Measures["total"])
		}
	}
	csv := string(must(t, a.get("/api/rounds/2026/export.csv", codes["0114"]), http.StatusOK).Body)
	for _, line := range strings.Split(csv, "\r\n") {
		f := strings.Split(line, ";")
		if len(f) < 8 || f[0] != "Län" {
			continue
		}
		w, _ := want.County(f[1])
		total := f[len(f)-2] // the total is the next to last column
		if w.Measures["total"].Suppressed != (total == "..") {
			t.Errorf("export.csv: county %s total %q, want suppressed=%v", f[1], total, w.Measures["total"].Suppressed)
		}
	}
}

// TestAccessRules checks who sees which municipality rows.
func TestAccessRules(t *testing.T) {
	a, codes := setupComparison(t)
	countyRows := func(token, county string) []string {
		t.Helper()
		var cr countyReply
		must(t, a.get("/api/rounds/2026/counties/"+county, token), http.StatusOK).decode(t, &cr)
		var got []string
		for _, r := range cr.Municipalities {
			if r.County != county {
				t.Errorf("county %s shows a row of county %s", county, r.County)
			}
			got = append(got, r.Code)
		}
		return got
	}
	exportRows := func(token string) []string {
		t.Helper()
		var ex struct{ Municipalities []row }
		must(t, a.get("/api/rounds/2026/export.json", token), http.StatusOK).decode(t, &ex)
		var got []string
		for _, r := range ex.Municipalities {
			got = append(got, r.Code)
		}
		return got
	}
	csvRows := func(token string) []string {
		t.Helper()
		var got []string
		for _, line := range strings.Split(string(must(t, a.get("/api/rounds/2026/export.csv", token), http.StatusOK).Body), "\r\n") {
			if f := strings.Split(line, ";"); f[0] == "Kommun" {
				got = append(got, f[1])
			}
		}
		return got
	}
	all := func(county string) []string {
		var out []string
		for _, m := range lagesbild.MunicipalitiesIn(county) {
			out = append(out, m.Code)
		}
		return out
	}
	var everyone []string
	for _, c := range lagesbild.Counties() {
		everyone = append(everyone, all(c.Code)...)
	}
	tests := []struct {
		name   string
		token  string
		county string
		want   []string
	}{
		{"municipality code, own county", codes["0114"], "01", []string{"0114"}},
		{"municipality code, other county", codes["0114"], "03", nil},
		{"other municipality's code", codes["0305"], "01", nil},
		{"county token, own county", codes["01"], "01", all("01")},
		{"county token, other county", codes["01"], "03", nil},
		{"county token 03, county 01", codes["03"], "01", nil},
		{"county token 03, own county", codes["03"], "03", all("03")},
		{"admin", adminToken, "04", all("04")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := countyRows(tt.token, tt.county); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("county %s rows: got %v, want %v", tt.county, got, tt.want)
			}
		})
	}
	exports := []struct {
		name  string
		token string
		want  []string
	}{
		{"municipality code", codes["0114"], []string{"0114"}},
		{"county token", codes["03"], all("03")},
		{"admin", adminToken, everyone},
	}
	for _, tt := range exports {
		t.Run("export "+tt.name, func(t *testing.T) {
			if got := exportRows(tt.token); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("export.json rows: got %v, want %v", got, tt.want)
			}
			if got := csvRows(tt.token); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("export.csv rows: got %v, want %v", got, tt.want)
			}
		})
	}
	// A municipality's own row carries its official response's values (the
	// latest: "delvis", 50), not the mean of its two (75). The previous round's rows
	// follow that round's access, and a code of 2026 is no code of 2025: its
	// own 2025 row is not shown (previous_test.go), the admin sees it.
	var cr countyReply
	must(t, a.get("/api/rounds/2026/counties/01", codes["0114"]), http.StatusOK).decode(t, &cr)
	if r := cr.Municipalities[0]; r.Respondents != 2 || *r.Measures["total"] != 50 {
		t.Errorf("own row: got %+v, want 2 respondents with total 50", r)
	}
	if p := cr.Previous.Municipalities; len(p) != 0 {
		t.Errorf("own previous row with a code of 2026: got %+v, want none", p)
	}
	must(t, a.get("/api/rounds/2026/counties/01", adminToken), http.StatusOK).decode(t, &cr)
	if p := cr.Previous.Municipalities; len(p) != 26 || p[0].Code != "0114" || *p[0].Measures["total"] != 0 {
		t.Errorf("previous rows for the admin: got %+v, want 26 rows, 0114's total 0", p)
	}

	// Without a valid code of the round, nothing is shown.
	for _, path := range []string{"/api/rounds/2026/counties", "/api/rounds/2026/counties/01", "/api/rounds/2026/export.csv", "/api/rounds/2026/export.json"} {
		if r := a.get(path, ""); r.Status != http.StatusUnauthorized {
			t.Errorf("%s without a code: got %s, want 401", path, r)
		}
		if r := a.get(path, "AAAA-BBBB-CCCC-DDDD"); r.Status != http.StatusForbidden {
			t.Errorf("%s with a wrong code: got %s, want 403", path, r)
		}
		if r := a.get(strings.Replace(path, "2026", "2025", 1), codes["0114"]); r.Status != http.StatusForbidden {
			t.Errorf("%s with a code of another round: got %s, want 403", path, r)
		}
	}
	if r := a.get("/api/rounds/2026/counties/99", codes["01"]); r.Status != http.StatusNotFound {
		t.Errorf("unknown county: got %s, want 404", r)
	}
	if r := a.get("/api/rounds/nope/counties", codes["01"]); r.Status != http.StatusNotFound {
		t.Errorf("unknown round: got %s, want 404", r)
	}
}

// TestDemoRound: the demo round needs no code, and shows every row.
func TestDemoRound(t *testing.T) {
	a := newAPI(t)
	var rd struct {
		ID, Questionnaire string
		Version           int
		Open, OpenToAll   bool
	}
	must(t, a.get("/api/rounds/demo", ""), http.StatusOK).decode(t, &rd)
	if rd.Questionnaire != "kommun" || rd.Version != 2 || !rd.Open || !rd.OpenToAll {
		t.Errorf("demo round: got %+v, want kommun at its latest version 2, open to all", rd)
	}
	body := response(1, "demo", "0114", map[string]string{"rutiner.uppfoljning": "ja"})
	body["version"] = 2
	must(t, a.do("POST", "/api/responses", "", body), http.StatusCreated)
	var cr countyReply
	must(t, a.get("/api/rounds/demo/counties/01", ""), http.StatusOK).decode(t, &cr)
	if len(cr.Municipalities) != 26 || cr.County.Responded != 1 || !cr.County.Measures["total"].Suppressed {
		t.Errorf("demo county 01: %d rows, %d responded, total %+v; want 26 rows, 1 responded, suppressed", len(cr.Municipalities), cr.County.Responded, cr.County.Measures["total"])
	}
	must(t, a.get("/api/rounds/demo/counties", ""), http.StatusOK)
	must(t, a.get("/api/rounds/demo/export.csv", ""), http.StatusOK)
}

// TestExportCSVGolden checks the CSV byte for byte: BOM, semicolons,
// decimal commas, CRLF, ".." for suppressed figures, quoting.
func TestExportCSVGolden(t *testing.T) {
	a, codes := setupComparison(t)
	r := must(t, a.get("/api/rounds/2026/export.csv", codes["01"]), http.StatusOK)
	if ct := r.Header.Get("Content-Type"); ct != "text/csv; charset=utf-8" {
		t.Errorf("Content-Type %q", ct)
	}
	if cd := r.Header.Get("Content-Disposition"); !strings.Contains(cd, `filename="lagesbild-2026.csv"`) {
		t.Errorf("Content-Disposition %q", cd)
	}
	const golden = "testdata/export.golden.csv"
	if *update {
		if err := os.WriteFile(golden, r.Body, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run go test ./worker -run Golden -update)", err)
	}
	if !bytes.Equal(r.Body, want) {
		t.Errorf("export.csv differs from %s:\n got %q\nwant %q", golden, r.Body, want)
	}
	if !bytes.HasPrefix(r.Body, []byte("\xEF\xBB\xBFNivå;Kod;Namn;")) {
		t.Errorf("no BOM and semicolon header: %q", r.Body[:20])
	}
}

// TestExportXLSXGolden checks the workbook byte for byte, and that it holds
// the CSV's table with every code a text cell (Swedish Excel keeps 0114)
// and every figure a number.
func TestExportXLSXGolden(t *testing.T) {
	a, codes := setupComparison(t)
	for _, e := range []struct{ path, golden, csv, name string }{
		{"/api/rounds/2026/export.xlsx", "testdata/export.golden.xlsx", "/api/rounds/2026/export.csv", `filename="lagesbild-2026.xlsx"`},
		{"/api/rounds/2026/export/long.xlsx", "testdata/export-long.golden.xlsx", "/api/rounds/2026/export/long.csv", `filename="lagesbild-2026-long.xlsx"`},
	} {
		r := must(t, a.get(e.path, codes["01"]), http.StatusOK)
		if ct := r.Header.Get("Content-Type"); ct != "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" {
			t.Errorf("%s: Content-Type %q", e.path, ct)
		}
		if cd := r.Header.Get("Content-Disposition"); !strings.Contains(cd, e.name) {
			t.Errorf("%s: Content-Disposition %q", e.path, cd)
		}
		if *update {
			if err := os.WriteFile(e.golden, r.Body, 0o644); err != nil {
				t.Fatal(err)
			}
		}
		want, err := os.ReadFile(e.golden)
		if err != nil {
			t.Fatalf("%v (run go test ./worker -run Golden -update)", err)
		}
		if !bytes.Equal(r.Body, want) {
			t.Errorf("%s differs from %s", e.path, e.golden)
		}
		sheet := xlsxSheet(t, r.Body)
		// The same table as the CSV: cell by cell, codes as text, figures as numbers.
		cr := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(must(t, a.get(e.csv, codes["01"]), http.StatusOK).Body, []byte("\uFEFF"))))
		cr.Comma = ';'
		csvRows, err := cr.ReadAll()
		if err != nil {
			t.Fatal(err)
		}
		if len(sheet) != len(csvRows) {
			t.Fatalf("%s: %d rows, the CSV %d", e.path, len(sheet), len(csvRows))
		}
		// The columns of codes (text however they look): Kod and Län; in the long export Kod and Omgång.
		codeCol, textCol := 1, 3
		if strings.Contains(e.path, "long") {
			codeCol, textCol = 2, 4
		}
		codes := 0
		for i, fields := range csvRows {
			for j, f := range fields {
				c := sheet[i][j]
				want := f
				if c.number {
					want = strings.Replace(f, ",", ".", 1)
				}
				if c.value != want {
					t.Errorf("%s row %d column %d: %q, the CSV %q", e.path, i+1, j+1, c.value, f)
				}
				if (j == codeCol || j == textCol) && i > 0 && f != "" {
					codes++
					if c.number {
						t.Errorf("%s row %d: the code %s is a number cell", e.path, i+1, f)
					}
				}
				if i > 0 && f != "" && f != ".." && !c.number && strings.Trim(f, "0123456789,") == "" && j != codeCol && j != textCol {
					t.Errorf("%s row %d column %d: the figure %s is a text cell", e.path, i+1, j+1, f)
				}
			}
		}
		if codes == 0 || !strings.Contains(string(r.Body), `t="inlineStr"><is><t xml:space="preserve">01</t>`) {
			t.Errorf("%s: no code 01 as an inline string (%d codes)", e.path, codes)
		}
	}
}

type xlsxCell struct {
	value  string
	number bool
}

// xlsxSheet reads the first sheet of a workbook as rows of cells by column.
func xlsxSheet(t *testing.T, b []byte) [][]xlsxCell {
	t.Helper()
	z, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		t.Fatalf("not a zip: %v", err)
	}
	f, err := z.Open("xl/worksheets/sheet1.xml")
	if err != nil {
		t.Fatal(err)
	}
	var ws struct {
		Rows []struct {
			Cells []struct {
				Ref  string `xml:"r,attr"`
				Type string `xml:"t,attr"`
				V    string `xml:"v"`
				Is   string `xml:"is>t"`
			} `xml:"c"`
		} `xml:"sheetData>row"`
	}
	if err := xml.NewDecoder(f).Decode(&ws); err != nil {
		t.Fatal(err)
	}
	var out [][]xlsxCell
	for _, r := range ws.Rows {
		var row []xlsxCell
		for _, c := range r.Cells {
			col := 0
			for _, ch := range c.Ref {
				if ch >= 'A' && ch <= 'Z' {
					col = col*26 + int(ch-'A'+1)
				}
			}
			for len(row) < col {
				row = append(row, xlsxCell{})
			}
			switch c.Type {
			case "inlineStr":
				row[col-1] = xlsxCell{value: c.Is}
			case "":
				row[col-1] = xlsxCell{value: c.V, number: true}
			default:
				t.Fatalf("cell %s of type %q", c.Ref, c.Type)
			}
		}
		for len(row) < 64 {
			row = append(row, xlsxCell{})
		}
		out = append(out, row)
	}
	return out
}
