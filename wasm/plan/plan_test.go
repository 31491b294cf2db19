package plan

import (
	"bytes"
	"os"
	"regexp"
	"strings"
	"testing"

	"lagesbild"
	"lagesbild/api"
	"lagesbild/markup"
	"lagesbild/questionnaires"
	goldenfile "lagesbild/wasm/golden"
	"lagesbild/wasm/ui"
)

// small is the test questionnaire of wasm/ui: three sections, five items,
// a renamed id and texts that need escaping.
func small(t testing.TB) *lagesbild.Questionnaire {
	t.Helper()
	b, err := os.ReadFile("../ui/testdata/small.json")
	if err != nil {
		t.Fatal(err)
	}
	q, err := ui.ParseQuestionnaire(b)
	if err != nil {
		t.Fatal(err)
	}
	return q
}

var blockStart = regexp.MustCompile(`<(section|fieldset|legend|h1|h2|h3|p|ul|li|table|thead|tbody|tr|div|dl|select|option|button)[ >]`)

func golden(t *testing.T, name string, got markup.HTML) {
	t.Helper()
	goldenfile.HTML(t, name, string(got), blockStart)
}

// complete is a row that hangs together.
func complete(item, answer, target string) lagesbild.PlanRow {
	return lagesbild.PlanRow{Item: item, Answer: answer, Goal: "Nämnden har en beslutad plan.", TargetGroup: "Socialtjänstens <chefer>",
		Measure: "Ta fram en plan & låt nämnden besluta den.", Target: target, Responsible: "Socialchef", Body: lagesbild.BodySocialnamnd,
		FollowUp: "2027-03-31", FollowUpBy: "Kvalitetsstrateg"}
}

// samplePlan has a complete row, an incomplete one, a row carried over
// from the previous round and a closed one.
func samplePlan(q *lagesbild.Questionnaire) lagesbild.Plan {
	p := New(q, "2027", "0180", false)
	p.Rows = []lagesbild.PlanRow{
		complete("rutiner.plan", "nej", "delvis"),
		{Item: "rutiner.rutin", Answer: "vet-ej", Measure: "Skriv en rutin.", Target: "paborjad", Goal: "En rutin för \"indikationer\"."},
		{Item: "kunskap.utbildning", Answer: "nej", Measure: "Utbilda cheferna.", Target: "ja", Status: lagesbild.RowCarried, Responsible: "Avdelningschef"},
		{Item: "samverkan.polis", Answer: "delvis", Measure: "Samverka.", Status: lagesbild.RowClosed},
	}
	return p
}

func TestEditorGolden(t *testing.T) {
	q := small(t)
	p := samplePlan(q)
	answers := lagesbild.Answers{"rutiner.plan": "nej", "rutiner.rutin": "vet-ej", "kunskap.utbildning": "nej", "samverkan.polis": "delvis", "samverkan.region": "ja"}
	r := q.Score(answers)
	for _, lang := range []string{"sv", "en"} {
		props := lagesbild.Proposals(q, &r, lang)
		golden(t, "editor-"+lang+".html", Proposals(q, &p, props, lang)+Editor(q, &p, lang))
	}
	h := string(Editor(q, &p, "sv"))
	for _, want := range []string{
		`<strong>1 av 3 rader hänger ihop</strong> (1 avslutade)`, // Whole/Open: the closed row is not counted
		`id="plan-1-targetGroup" type="text" data-row="1" data-field="targetGroup" aria-describedby="plan-1-targetGroup-gap" aria-invalid="true"`,
		`<input id="plan-0-goal" type="text" data-row="0" data-field="goal" maxlength="600"`, // complete: names no gap
		`aria-describedby="plan-0-count-help"`,
		`<li id="plan-1-targetGroup-gap">Målgruppen saknas`,
		`<label for="plan-0-goal">Mål – en mening</label>`,
		`data-action="plan-close" data-row="2"`,
	} {
		if !strings.Contains(h, want) {
			t.Errorf("the editor lacks %s", want)
		}
	}
	if strings.Contains(h, "plan-0-goal-gap\">") || strings.Contains(h, "<chefer>") {
		t.Errorf("the complete row is flagged, or text is not escaped")
	}
}

func TestCountyPlanBody(t *testing.T) {
	q, err := questionnaires.Get("lansstyrelse", 0)
	if err != nil {
		t.Fatal(err)
	}
	p := New(q, "2027", "01", true)
	it := &q.Sections[0].Items[0]
	i, ok := Add(&p, lagesbild.PlanRow{Item: it.ID})
	if !ok || p.Rows[i].Body != lagesbild.BodyLansledning || p.County != "01" || p.Municipality != "" {
		t.Fatalf("a county's row: %+v", p)
	}
	if !strings.Contains(string(Editor(q, &p, "sv")), `<option value="lansledning" selected>Länsstyrelsens ledning</option>`) {
		t.Errorf("the county's editor does not offer Länsstyrelsens ledning chosen")
	}
	m := New(q, "2027", "0180", false)
	Add(&m, lagesbild.PlanRow{Item: it.ID})
	if m.Rows[0].Body != "" || strings.Contains(string(Editor(q, &m, "sv")), `value="lansledning"`) {
		t.Errorf("a municipality's plan offers or defaults to Länsstyrelsens ledning")
	}
}

func TestEdits(t *testing.T) {
	q := small(t)
	p := samplePlan(q)
	if _, ok := Add(&p, lagesbild.PlanRow{Item: "rutiner.plan"}); ok {
		t.Error("a second row for an item was added")
	}
	if !Set(&p, 2, "goal", "Alla chefer utbildade.") || p.Rows[2].Status != lagesbild.RowRevised {
		t.Errorf("a carried row edited: status %q, want revised", p.Rows[2].Status)
	}
	if Set(&p, 2, "goal", "Alla chefer utbildade.") || Set(&p, 9, "goal", "x") || Set(&p, 0, "nosuch", "x") {
		t.Error("Set reported a change that is none")
	}
	if !Close(&p, 2) || p.Rows[2].Status != lagesbild.RowClosed || !Reopen(&p, 2) || p.Rows[2].Status != lagesbild.RowCarried {
		t.Errorf("close and reopen: %q", p.Rows[2].Status)
	}
	if !Remove(&p, 1) || len(p.Rows) != 3 || p.Rows[1].Item != "kunskap.utbildning" {
		t.Errorf("remove: %+v", p.Rows)
	}
	// Carrying a row of the previous round: the item's id now, the answer now.
	prev := lagesbild.FollowedRow{PlanRow: complete("samverkan.sjukvard", "nej", "ja"), Now: "nej", NowItem: "samverkan.region", Outcome: lagesbild.IndicatorNotMet}
	i, ok := Carry(&p, q, prev, lagesbild.RowCarried)
	if !ok || p.Rows[i].Item != "samverkan.region" || p.Rows[i].Status != lagesbild.RowCarried || p.Rows[i].Goal == "" {
		t.Errorf("carried: %+v", p.Rows[i])
	}
	if _, ok := Carry(&p, q, prev, lagesbild.RowClosed); ok {
		t.Error("carried twice")
	}
	if _, ok := Carry(&p, q, lagesbild.FollowedRow{PlanRow: lagesbild.PlanRow{Item: "gone"}}, lagesbild.RowCarried); ok {
		t.Error("carried a row whose item is gone")
	}
	if err := p.Check(q); err != nil {
		t.Errorf("the edited plan does not pass the worker's check: %v", err)
	}
}

func TestStoredRoundTrip(t *testing.T) {
	q := small(t)
	s := Stored{Plan: samplePlan(q), Changed: "2027-02-01T10:00:00Z", Saved: "2027-01-31T09:00:00Z"}
	got, err := ParseStored(s.Encode(), q)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got.Encode(), s.Encode()) || got.Format != Format || len(got.Plan.Rows) != 4 || got.Plan.Rows[0].Goal != s.Plan.Rows[0].Goal {
		t.Errorf("round trip: %+v", got)
	}
	if StorageKey("2027", "0180") != "lagesbild:plan:2027:0180" {
		t.Errorf("key %q", StorageKey("2027", "0180"))
	}
	other := *q
	other.Version++
	for _, b := range [][]byte{[]byte("{"), []byte(`{"format":"x"}`), s.Encode()} {
		if _, err := ParseStored(b, &other); err == nil {
			t.Errorf("ParseStored(%s) for another version: no error", b)
		}
	}
}

func TestPrefer(t *testing.T) {
	local := Stored{Plan: lagesbild.Plan{Round: "local"}, Changed: "2027-02-01T10:00:00Z"}
	worker := &api.PlanView{Plan: &lagesbild.Plan{Round: "worker", Updated: "2027-02-01T09:00:00Z"}}
	tests := []struct {
		name   string
		local  *Stored
		view   *api.PlanView
		want   string
		worker bool
	}{
		{"nothing", nil, nil, "", false},
		{"only local", &local, &api.PlanView{}, "local", false},
		{"only the worker's", nil, worker, "worker", true},
		{"local newer", &local, worker, "local", false},
		{"the worker's newer", &Stored{Plan: local.Plan, Changed: "2027-02-01T08:00:00Z"}, worker, "worker", true},
		{"local saved as it is", &Stored{Plan: local.Plan, Changed: "2027-02-01T10:00:00Z", Saved: "2027-02-01T10:00:00Z"},
			&api.PlanView{Plan: &lagesbild.Plan{Round: "worker", Updated: "2027-02-01T10:00:00Z"}}, "worker", true},
	}
	for _, tt := range tests {
		p, w := Prefer(tt.local, tt.view)
		if p.Round != tt.want || w != tt.worker {
			t.Errorf("%s: %q, %v; want %q, %v", tt.name, p.Round, w, tt.want, tt.worker)
		}
	}
}

// seven is a plan of kommun's current questionnaire with 7 rows that hang
// together, over more than one area.
func seven(t *testing.T) (*lagesbild.Questionnaire, lagesbild.Plan) {
	q, err := questionnaires.Get("kommun", 0)
	if err != nil {
		t.Fatal(err)
	}
	p := New(q, "2027", "0180", false)
	n := 0
	for si := range q.Sections {
		for ii := range q.Sections[si].Items {
			if n == 7 || ii >= 3 {
				break
			}
			it := &q.Sections[si].Items[ii]
			r := complete(it.ID, it.Options[0].Value, "")
			for _, o := range it.Options {
				if o.Points != nil {
					r.Target = o.Value
				}
			}
			Add(&p, r)
			n++
		}
	}
	last := q.Sections[len(q.Sections)-1].Items
	Add(&p, lagesbild.PlanRow{Item: last[len(last)-1].ID, Status: lagesbild.RowClosed}) // not printed
	return q, p
}

func TestPrintView(t *testing.T) {
	q, p := seven(t)
	h := PrintView(q, &p, "Stockholm", "2027-02-01", "sv")
	golden(t, "print-sv.html", h)
	if n := strings.Count(string(h), `<section class="plan-page">`); n != 2 {
		t.Errorf("7 rows in %d pages, want 2", n)
	}
	pages := strings.Split(string(h), `<section class="plan-page">`)
	if a, b := strings.Count(pages[1], `class="plan-print-row"`), strings.Count(pages[2], `class="plan-print-row"`); a != 6 || b != 1 {
		t.Errorf("rows per page %d, %d; want 6, 1", a, b)
	}
	for _, want := range []string{"Handlingsplan för Stockholm", "Omgång 2027. Utskriven 2027-02-01.", "Beslutad av ____________ Datum ________ Paragraf ______"} {
		if !strings.Contains(string(h), want) {
			t.Errorf("the printout lacks %q", want)
		}
	}
}

func TestCSV(t *testing.T) {
	q := small(t)
	p := samplePlan(q)
	p.Rows[0].Count = "=SUM(A1)"
	got := CSV(q, &p)
	goldenfile.File(t, "plan.csv", got)
	s := string(got)
	if !strings.HasPrefix(s, "\uFEFF\"Område\";\"Fråga\"") || !strings.HasSuffix(s, "\r\n") || strings.Contains(strings.ReplaceAll(s, "\r\n", ""), "\n") {
		t.Errorf("not Swedish Excel's CSV: %q", s)
	}
	if !strings.Contains(s, `"'=SUM(A1)"`) || !strings.Contains(s, `"En rutin för ""indikationer""."`) {
		t.Errorf("a formula or a quote is not made safe: %s", s)
	}
	if CSVName(&p) != "handlingsplan-2027-0180.csv" {
		t.Errorf("name %q", CSVName(&p))
	}
}

func TestFollowUpView(t *testing.T) {
	q := small(t)
	prev := New(q, "2026", "0180", false)
	prev.Rows = []lagesbild.PlanRow{
		complete("rutiner.plan", "nej", "ja"),            // met
		complete("rutiner.rutin", "saknas", "foljs-upp"), // partly
		complete("kunskap.utbildning", "nej", "ja"),      // not met, overdue
		complete("samverkan.polis", "nej", "ja"),         // cannot be assessed ("Vet ej" now)
		complete("samverkan.sjukvard", "nej", "ja"),      // renamed: followed under samverkan.region
	}
	prev.Rows[2].FollowUp = "2026-06-30"
	then := lagesbild.Answers{"rutiner.plan": "nej", "rutiner.rutin": "saknas", "kunskap.utbildning": "nej", "samverkan.polis": "nej", "samverkan.sjukvard": "nej"}
	now := lagesbild.Answers{"rutiner.plan": "ja", "rutiner.rutin": "beslutad", "kunskap.utbildning": "nej", "samverkan.polis": "vet-ej", "samverkan.region": "ja"}
	f := api.PlanFollowUp{Round: "2026", Plan: prev, Rows: lagesbild.FollowUp(&prev, q, q, now, "2027-02-01"), Answers: then, Now: now, Today: "2027-02-01"}
	cur := New(q, "2027", "0180", false)
	Carry(&cur, q, f.Rows[0], lagesbild.RowCarried)
	for _, lang := range []string{"sv", "en"} {
		golden(t, "followup-"+lang+".html", FollowUpView(q, q, f, &cur, lang))
	}
	h := string(FollowUpView(q, q, f, &cur, "sv"))
	for _, want := range []string{
		`<tr id="plan-prev-0" data-outcome="met">`, `<span class="plan-outcome">Uppnått</span>`,
		`<span class="plan-outcome">Delvis uppnått</span>`, `<span class="plan-outcome">Inte uppnått</span><br><span class="plan-overdue">Uppföljningsdatumet har passerat</span>`,
		`<span class="plan-outcome">Kan inte bedömas</span>`,
		`data-action="plan-carry" data-prev="1"`, `data-action="plan-carry-close" data-prev="1"`,
		`<tr data-item="samverkan.region" data-change="better">`,
		`<tr data-item="kunskap.utbildning" data-change="same">`,
	} {
		if !strings.Contains(h, want) {
			t.Errorf("the follow-up lacks %s", want)
		}
	}
	if strings.Contains(h, `data-action="plan-carry" data-prev="0"`) {
		t.Error("a row carried over already is offered again")
	}
}

func TestChange(t *testing.T) {
	q := small(t)
	plan, _ := q.Item("rutiner.plan")
	rutin, _ := q.Item("rutiner.rutin")
	for _, tt := range []struct {
		then          *lagesbild.Item
		before, after string
		want          string
	}{
		{plan, "nej", "delvis", ChangeBetter}, {plan, "ja", "nej", ChangeWorse}, {plan, "ja", "ja", ChangeSame},
		{nil, "", "ja", ChangeNew}, {plan, "vet-ej", "ja", ChangeNone}, {plan, "", "ja", ChangeNone},
	} {
		if got := Change(tt.then, tt.before, plan, tt.after); got != tt.want {
			t.Errorf("Change(%s→%s) = %s, want %s", tt.before, tt.after, got, tt.want)
		}
	}
	// Another scale compares as shares: "delvis" (1 of 2) then, "beslutad" (2 of 3) now.
	if got := Change(plan, "delvis", rutin, "beslutad"); got != ChangeBetter {
		t.Errorf("across scales: %s", got)
	}
}

func TestCountyView(t *testing.T) {
	q := small(t)
	ps := api.Plans{County: "01", Name: "Stockholms län", Municipalities: []api.PlanStatus{
		{Code: "0114", Name: "Upplands Väsby", HasPlan: true, Open: 4, Whole: 3, Met: 1, Partly: 1, NotMet: 0},
		{Code: "0115", Name: "Vallentuna"},
		{Code: "0180", Name: "Stockholm", HasPlan: true, Open: 2, Whole: 2, Met: 0, Partly: 0, NotMet: 2},
	}, Areas: []api.AreaPlans{
		{Section: "rutiner", Municipalities: 2, Rows: 4, Whole: 3, Met: 1, Followed: 3},
		{Section: "kunskap", Municipalities: 1, Rows: 2, Whole: 2},
	}}
	golden(t, "county-sv.html", CountyView(ps, q, "sv"))
	golden(t, "county-en.html", CountyView(ps, q, "en"))
	h := string(CountyView(ps, q, "sv"))
	for _, want := range []string{`<td data-key="0.75">3 av 4</td>`, `<td data-key="0">nej</td>`, `<th scope="row">Rutiner och ansvar</th>`, `<td data-key="0.333333333333">1 av 3</td>`} {
		if !strings.Contains(h, want) {
			t.Errorf("the county's table lacks %s", want)
		}
	}
}

func TestSavePanel(t *testing.T) {
	e := ui.ParseError(400, []byte(`{"code":"invalid","error":"rows[2].target: \"x\" is not a scored option of the item"}`))
	row, name, ok := FieldOf(e)
	if !ok || row != 2 || name != "target" {
		t.Fatalf("FieldOf = %d, %q, %v (%+v)", row, name, ok, e)
	}
	h := string(SavePanel(Saving{Phase: SaveRejected, Err: e}, "sv"))
	if !strings.Contains(h, "på rad 3 togs fältet ”Indikator: nästa omgång ska svaret vara minst” inte emot") || !strings.Contains(h, `href="#plan-2-target"`) {
		t.Errorf("panel: %s", h)
	}
	for _, m := range []string{"version: the plan is for", "rows[x].goal: bad", "rows[1].nosuch: bad"} {
		if _, _, ok := FieldOf(&ui.APIError{Code: lagesbild.EInvalid, Message: m}); ok {
			t.Errorf("FieldOf(%q) found a field", m)
		}
	}
	for _, st := range []Saving{{Phase: SaveSaving}, {Phase: SaveSaved, When: "2027-02-01T10:00:00Z"}, {Phase: SaveOffline}, {Phase: SaveNoCode},
		{Phase: SaveRejected, Err: &ui.APIError{Status: 403, Code: lagesbild.EUnauthorized}}} {
		for _, lang := range []string{"sv", "en"} {
			if h := SavePanel(st, lang); h == "" || strings.Contains(string(h), "%!") {
				t.Errorf("panel %+v %s: %q", st, lang, h)
			}
		}
	}
	if URL("2027 vår", "0180") != "/api/rounds/2027%20v%C3%A5r/plans/0180" || CountyURL("2027", "01") != "/api/rounds/2027/plans/county/01" {
		t.Errorf("URLs: %s %s", URL("2027 vår", "0180"), CountyURL("2027", "01"))
	}
}

// TestReferencesExist checks that every id a view names (a label's for,
// aria-describedby, aria-labelledby) is on it, and that no id is twice:
// what axe-core checks in the browser later.
func TestReferencesExist(t *testing.T) {
	q := small(t)
	p := samplePlan(q)
	r := q.Score(lagesbild.Answers{"rutiner.plan": "nej", "samverkan.polis": "delvis"})
	prev := New(q, "2026", "0180", false)
	prev.Rows = []lagesbild.PlanRow{complete("kunskap.utbildning", "nej", "ja")}
	f := api.PlanFollowUp{Round: "2026", Plan: prev, Rows: lagesbild.FollowUp(&prev, q, q, lagesbild.Answers{}, "2027-01-01")}
	ids := regexp.MustCompile(` id="([^"]+)"`)
	refs := regexp.MustCompile(` (?:for|aria-describedby|aria-labelledby)="([^"]+)"`)
	for name, h := range map[string]markup.HTML{
		"editor":   Proposals(q, &p, lagesbild.Proposals(q, &r, "sv"), "sv") + Editor(q, &p, "sv"),
		"followup": FollowUpView(q, q, f, &p, "sv"),
		"county":   CountyView(api.Plans{Municipalities: []api.PlanStatus{{Code: "0180", Name: "Stockholm"}}}, q, "sv"),
	} {
		have := map[string]bool{}
		for _, m := range ids.FindAllStringSubmatch(string(h), -1) {
			if have[m[1]] {
				t.Errorf("%s: id %q twice", name, m[1])
			}
			have[m[1]] = true
		}
		for _, m := range refs.FindAllStringSubmatch(string(h), -1) {
			for _, id := range strings.Fields(m[1]) {
				if !have[id] {
					t.Errorf("%s: %q names id %q, which is not there", name, m[0], id)
				}
			}
		}
	}
}
