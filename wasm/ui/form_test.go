package ui

import (
	"reflect"
	"testing"

	"lagesbild"
	"lagesbild/wasm/i18n"
)

func TestProgress(t *testing.T) {
	q := small(t)
	tests := []struct {
		answers           lagesbild.Answers
		current           int
		section, answered string
		open              int
	}{
		{nil, 0, "Avsnitt 1 av 3", "0 av 5 frågor besvarade", 0},
		{lagesbild.Answers{"rutiner.plan": "ja", "rutiner.rutin": "vet-ej"}, 1, "Avsnitt 2 av 3", "2 av 5 frågor besvarade", 1},
		{lagesbild.Answers{"rutiner.plan": "ja", "rutiner.rutin": "vet-ej", "kunskap.utbildning": "ja", "samverkan.polis": "ja", "samverkan.region": "nej"}, 2, "Avsnitt 3 av 3", "5 av 5 frågor besvarade", 2},
		{lagesbild.Answers{"kunskap.utbildning": "ja"}, 0, "Avsnitt 1 av 3", "1 av 5 frågor besvarade", 0},
	}
	s := i18n.For("sv")
	for _, tt := range tests {
		p := ProgressOf(q, tt.answers, tt.current)
		if got := p.SectionText(s); got != tt.section {
			t.Errorf("SectionText = %q, want %q", got, tt.section)
		}
		if got := p.AnsweredText(s); got != tt.answered {
			t.Errorf("AnsweredText = %q, want %q", got, tt.answered)
		}
		if got := FirstOpenSection(q, tt.answers); got != tt.open {
			t.Errorf("FirstOpenSection(%v) = %d, want %d", tt.answers, got, tt.open)
		}
	}
	if got := ProgressOf(q, nil, 2).SectionText(i18n.For("en")); got != "Section 3 of 3" {
		t.Errorf("English SectionText = %q", got)
	}
}

func TestValidate(t *testing.T) {
	q := small(t)
	all := lagesbild.Answers{"rutiner.plan": "ja", "rutiner.rutin": "vet-ej", "kunskap.utbildning": "ja", "samverkan.polis": "ja", "samverkan.region": "nej"}
	tests := []struct {
		name string
		d    Draft
		lang string
		want []Problem
	}{
		{"complete", Draft{Municipality: "0180", Round: "demo", Answers: all}, "sv", nil},
		{"no municipality", Draft{Round: "demo", Answers: all}, "sv", []Problem{{MunicipalityID, "Välj vilken kommun svaren gäller."}}},
		{"bad municipality, no round", Draft{Municipality: "0000", Answers: all}, "en", []Problem{
			{MunicipalityID, "Choose the municipality the answers are for."}, {RoundID, "Enter the round."}}},
		{"one unanswered", Draft{Municipality: "0180", Round: "demo", Answers: lagesbild.Answers{"rutiner.plan": "ja", "rutiner.rutin": "vet-ej", "kunskap.utbildning": "ja", "samverkan.polis": "ja"}}, "sv", []Problem{
			{"o-samverkan.region--ja", "Fråga 5 är inte besvarad: Samverkar ni med regionen? Svara ”Vet ej” om du inte vet."}}},
	}
	for _, tt := range tests {
		if got := Validate(q, tt.d, tt.lang); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("%s: Validate = %#v, want %#v", tt.name, got, tt.want)
		}
	}
}

// TestValidateMany checks that the summary names the first questions and
// counts the rest, rather than listing a whole questionnaire.
func TestValidateMany(t *testing.T) {
	q := small(t)
	q.Sections[2].Items = append(q.Sections[2].Items, q.Sections[2].Items[0], q.Sections[2].Items[0])
	q.Sections[2].Items[2].ID, q.Sections[2].Items[3].ID = "extra.a", "extra.b"
	ps := Validate(q, Draft{Municipality: "0180", Round: "demo"}, "sv")
	if len(ps) != maxListed+1 {
		t.Fatalf("%d problems, want %d: %v", len(ps), maxListed+1, ps)
	}
	if last := ps[len(ps)-1]; last.Field != "" || last.Text != "… och 2 obesvarade frågor till." {
		t.Errorf("last problem %#v, want the count of the rest", last)
	}
	if got := SectionOf(q, ps[2].Field); got != 1 {
		t.Errorf("SectionOf(%q) = %d, want 1", ps[2].Field, got)
	}
	if got := SectionOf(q, "municipality"); got != -1 {
		t.Errorf("SectionOf(municipality) = %d, want -1", got)
	}
}

func TestRoleText(t *testing.T) {
	for _, r := range Roles {
		if RoleText("sv", r) == "" || RoleText("en", r) == "" {
			t.Errorf("role %q has no text", r)
		}
	}
	if RoleText("sv", "chef") != i18n.For("sv").RoleChef || RoleText("en", "x") != i18n.For("en").RoleAnnan {
		t.Errorf("RoleText mapping is off")
	}
}

func TestErrorSummary(t *testing.T) {
	got := ErrorSummary([]Problem{{MunicipalityID, "Välj <kommun>."}, {"", "… och 2 till."}}, "sv")
	want := (`<h2 id="errors-h">Rätta följande innan du skickar in:</h2><ul>` +
		`<li><a href="#municipality" data-field="municipality">Välj &lt;kommun&gt;.</a></li><li>… och 2 till.</li></ul>`)
	if got != want {
		t.Errorf("ErrorSummary =\n%s\nwant\n%s", got, want)
	}
}

func TestOptionClass(t *testing.T) {
	tests := []struct {
		o    lagesbild.Option
		want string
	}{
		{lagesbild.Option{Value: "ja", Points: new(2)}, ""},
		{lagesbild.Option{Value: "nej", Points: new(0)}, ""},
		{lagesbild.Option{Value: "vet-ej"}, "dontknow"},
		{lagesbild.Option{Value: "ej-aktuellt", NotApplicable: true}, "na"},
	}
	for _, tt := range tests {
		if got := OptionClass(tt.o); got != tt.want {
			t.Errorf("OptionClass(%s) = %q, want %q", tt.o.Value, got, tt.want)
		}
	}
}
