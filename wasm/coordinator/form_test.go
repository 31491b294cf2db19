package coordinator

import (
	"reflect"
	"strings"
	"testing"

	"lagesbild"
	"lagesbild/api"
	"lagesbild/wasm/i18n"
	"lagesbild/wasm/ui"
)

func TestIsRoundID(t *testing.T) {
	for _, tt := range []struct {
		id string
		ok bool
	}{
		{"2027", true}, {"2027-host", true}, {"a", true}, {strings.Repeat("a", 32), true},
		{"", false}, {strings.Repeat("a", 33), false}, {"-2027", false}, {"2027 höst", false},
		{"höst", false}, {"Host", false}, {"a_b", false}, {"a/b", false},
	} {
		if got := IsRoundID(tt.id); got != tt.ok {
			t.Errorf("IsRoundID(%q) = %v, want %v", tt.id, got, tt.ok)
		}
	}
}

func TestCheck(t *testing.T) {
	good := Draft{ID: "2028", Questionnaire: "kommun", Version: "2", Opens: "2028-02-01", LastDay: "2028-03-31", Previous: "2027"}
	with := func(change func(*Draft)) Draft {
		d := good
		change(&d)
		return d
	}
	tests := []struct {
		name string
		d    Draft
		want []Problem
	}{
		{"good", good, nil},
		{"no id", with(func(d *Draft) { d.ID = "" }), []Problem{BadID}},
		{"an id with å", with(func(d *Draft) { d.ID = "höst" }), []Problem{BadID}},
		{"an id that is taken", with(func(d *Draft) { d.ID = "2026" }), []Problem{TakenID}},
		{"no such version", with(func(d *Draft) { d.Version = "7" }), []Problem{NoQuestionnaire}},
		{"no version", with(func(d *Draft) { d.Version = "" }), []Problem{NoQuestionnaire}},
		{"no questionnaire", with(func(d *Draft) { d.Questionnaire = ""; d.Previous = "" }), []Problem{NoQuestionnaire}},
		{"no dates", with(func(d *Draft) { d.Opens, d.LastDay = "", "" }), []Problem{NoOpens, NoLastDay}},
		{"no last day", with(func(d *Draft) { d.LastDay = "" }), []Problem{NoLastDay}},
		{"the last day before the first", with(func(d *Draft) { d.LastDay = "2028-01-31" }), []Problem{LastBeforeFirst}},
		{"one day", with(func(d *Draft) { d.LastDay = d.Opens }), nil},
		{"the last possible day", with(func(d *Draft) { d.LastDay = "9999-12-31" }), []Problem{NoLastDay}},
		{"a previous round of another questionnaire", with(func(d *Draft) { d.Previous = "lan-2027" }), []Problem{BadPrevious}},
		{"an unknown previous round", with(func(d *Draft) { d.Previous = "2019" }), []Problem{BadPrevious}},
		{"open to all after a private round", with(func(d *Draft) { d.OpenToAll = true }), []Problem{PrivatePrevious}},
		{"open to all after a round open to all", with(func(d *Draft) { d.OpenToAll, d.Previous = true, "demo" }), nil},
		{"private after a round open to all", with(func(d *Draft) { d.Previous = "demo" }), nil},
		{"everything wrong", Draft{ID: "-", Version: "x", Opens: "i morgon", LastDay: "2028-02-30", Previous: "2027", OpenToAll: true},
			[]Problem{BadID, NoQuestionnaire, NoOpens, NoLastDay, BadPrevious}},
	}
	for _, tt := range tests {
		_, got := Check(tt.d, rounds(), questionnaires)
		if !reflect.DeepEqual(got, tt.want) {
			t.Errorf("%s: problems %v, want %v", tt.name, got, tt.want)
		}
	}
	req, _ := Check(good, rounds(), questionnaires)
	want := api.NewRound{ID: "2028", Questionnaire: "kommun", Version: 2, Opens: "2028-01-31T23:00:00Z", Closes: "2028-03-31T22:00:00Z", Previous: "2027"}
	if req != want {
		t.Errorf("the request is %+v, want %+v (Swedish midnights)", req, want)
	}
}

func TestChangeDates(t *testing.T) {
	r := rounds()[0].Round // 2027-02-01 – 2027-03-31
	tests := []struct {
		name           string
		opens, lastDay string
		opensTo        string // "" when unchanged
		closesTo       string
		changed        bool
		problems       []Problem
	}{
		{"nothing changed", "2027-02-01", "2027-03-31", "", "", false, nil},
		{"a later last day", "2027-02-01", "2027-04-30", "", "2027-04-30T22:00:00Z", true, nil},
		{"an earlier first day", "2027-01-15", "2027-03-31", "2027-01-14T23:00:00Z", "", true, nil},
		{"both", "2027-01-15", "2027-04-30", "2027-01-14T23:00:00Z", "2027-04-30T22:00:00Z", true, nil},
		{"the last day before the first", "2027-02-01", "2027-01-31", "", "", false, []Problem{LastBeforeFirst}},
		{"no first day", "", "2027-03-31", "", "", false, []Problem{NoOpens}},
		{"a last day that has passed", "2027-02-01", "2027-02-14", "", "", false, []Problem{LastDayPassed}},
		{"the last day today", "2027-02-01", "2027-02-15", "", "2027-02-15T23:00:00Z", true, nil},
		{"a first day that has passed", "2027-02-02", "2027-03-31", "2027-02-01T23:00:00Z", "", true, nil},
	}
	for _, tt := range tests {
		c, changed, ps := ChangeDates(r, tt.opens, tt.lastDay, "2027-02-15")
		if changed != tt.changed || !reflect.DeepEqual(ps, tt.problems) || deref(c.Opens) != tt.opensTo || deref(c.Closes) != tt.closesTo || c.CloseNow {
			t.Errorf("%s: %s, %s, changed %v, problems %v; want %q, %q, %v, %v",
				tt.name, deref(c.Opens), deref(c.Closes), changed, ps, tt.opensTo, tt.closesTo, tt.changed, tt.problems)
		}
	}
	if got := DateField(NoOpens) + " " + DateField(LastBeforeFirst) + " " + DateField(NoLastDay); got != "change-opens change-lastday change-lastday" {
		t.Errorf("DateField: %s", got)
	}
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}

func TestRefused(t *testing.T) {
	tests := []struct {
		status int
		body   string
		want   Problem
		ok     bool
	}{
		{409, `{"code":"round_exists","error":"round \"2027\" exists"}`, TakenID, true},
		{400, `{"code":"invalid","error":"id: want 1–32 of a-z, 0-9 and '-', got \"Höst\""}`, BadID, true},
		{400, `{"code":"invalid","error":"questionnaire: no questionnaire \"x\""}`, NoQuestionnaire, true},
		{400, `{"code":"invalid","error":"version: want a whole number >= 1"}`, NoQuestionnaire, true},
		{400, `{"code":"invalid","error":"opens: want a date (2026-03-01) or an RFC 3339 time, got \"x\""}`, NoOpens, true},
		{400, `{"code":"invalid","error":"closes: 2027-01-01T00:00:00Z is not after opens 2027-02-01T00:00:00Z"}`, BadLastDay, true},
		{400, `{"code":"invalid","error":"closes: 2027-01-01T00:00:00Z has passed; closeNow closes the round now"}`, BadLastDay, true},
		{400, `{"code":"invalid","error":"previous: round \"2026\" is not open to all, so it cannot be …"}`, BadPrevious, true},
		{400, `{"code":"invalid","error":"body: unexpected end of JSON"}`, 0, false},
		{400, `{"code":"invalid","error":"no colon here"}`, 0, false},
		{403, `{"code":"forbidden","error":"id: not the admin token"}`, 0, false},
		{502, `<html>Bad gateway</html>`, 0, false},
	}
	for _, tt := range tests {
		got, ok := Refused(ui.ParseError(tt.status, []byte(tt.body)))
		if got != tt.want || ok != tt.ok {
			t.Errorf("Refused(%d %s) = %v, %v; want %v, %v", tt.status, tt.body, got, ok, tt.want, tt.ok)
		}
	}
}

func TestProblems(t *testing.T) {
	// Every problem names a field of the page and has a text of its own in
	// both languages.
	for _, lang := range i18n.Languages {
		s := i18n.For(lang)
		seen := map[string]Problem{}
		for p := BadID; p <= BadLastDay; p++ {
			text := p.Text(s)
			if p.Field() == "" || text == "" || text == s.Code(lagesbild.EInvalid) {
				t.Errorf("%s: problem %d: field %q, text %q", lang, p, p.Field(), text)
			}
			if q, ok := seen[text]; ok {
				t.Errorf("%s: problems %d and %d have the same text", lang, p, q)
			}
			seen[text] = p
		}
	}
	if Problem(0).Field() != "" || Problem(0).Text(i18n.For("sv")) != i18n.For("sv").Code(lagesbild.EInvalid) {
		t.Errorf("the zero problem")
	}
}

func TestErrorSummary(t *testing.T) {
	got := string(ErrorSummary([]Problem{BadID, PrivatePrevious}, "sv", Problem.Field))
	want := `<h3>Rätta följande innan du skickar in:</h3><ul><li><a href="#round-id" data-field="round-id">` + i18n.For("sv").CoordErrID +
		`</a></li><li><a href="#round-previous" data-field="round-previous">` + i18n.For("sv").CoordErrPreviousPrivate + `</a></li></ul>`
	if got != want {
		t.Errorf("ErrorSummary:\n got %s\nwant %s", got, want)
	}
	if got := string(ErrorSummary([]Problem{NoOpens}, "en", DateField)); !strings.Contains(got, `href="#change-opens"`) {
		t.Errorf("the dates' summary links to %s", got)
	}
}

func TestOptions(t *testing.T) {
	tests := []struct {
		name, got, want string
	}{
		{"questionnaires, each once", string(QuestionnaireOptions(questionnaires, "", "sv")),
			`<option value="kommun" selected>Kommunens arbete &lt;mot&gt; prostitution &amp; människohandel</option><option value="lansstyrelse">Länsstyrelsens arbete</option>`},
		{"the chosen questionnaire", string(QuestionnaireOptions(questionnaires, "lansstyrelse", "en")),
			`<option value="kommun">The municipality&#39;s work</option><option value="lansstyrelse" selected>The county board&#39;s work</option>`},
		{"no questionnaires", string(QuestionnaireOptions(nil, "kommun", "sv")), ``},
		{"versions, newest first", string(VersionOptions(questionnaires, "kommun", "sv")),
			`<option value="2" selected>2 (senaste)</option><option value="1">1</option>`},
		{"one version", string(VersionOptions(questionnaires, "lansstyrelse", "en")), `<option value="1" selected>1 (latest)</option>`},
		{"previous rounds of the questionnaire", string(PreviousOptions(rounds(), "kommun", "2026", "sv")),
			`<option value="">Ingen</option><option value="2027">2027 (med kod)</option><option value="2026" selected>2026 (med kod)</option><option value="demo">demo (öppen för alla)</option>`},
		{"of another", string(PreviousOptions(rounds(), "lansstyrelse", "", "en")),
			`<option value="">None</option><option value="lan-2027">lan-2027 (with a code)</option>`},
	}
	for _, tt := range tests {
		if tt.got != tt.want {
			t.Errorf("%s:\n got %s\nwant %s", tt.name, tt.got, tt.want)
		}
	}
}

// FuzzFieldOf feeds the reading of the worker's messages anything: it
// names only a field it was asked about, and the one the message begins
// with.
func FuzzFieldOf(f *testing.F) {
	for _, s := range []string{"id: want 1–32", "previous: round", "closes:", ":", "", "id", "answers.x: y", "idx: y"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, msg string) {
		got := FieldOf(msg, "id", "previous", "closes")
		if got == "" {
			return
		}
		if !strings.HasPrefix(msg, got+":") {
			t.Errorf("FieldOf(%q) = %q, which the message does not begin with", msg, got)
		}
	})
}
