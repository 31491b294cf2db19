package ui

import (
	"strconv"
	"strings"

	"lagesbild"
	"lagesbild/markup"
	"lagesbild/wasm/i18n"
)

// Element ids shared by the pre-rendered pages (assets/build) and the wasm
// client, so both sides agree on them by construction.
func SectionID(section string) string      { return "s-" + section }
func SectionHeadID(section string) string  { return "h-" + section }
func SectionTitleID(section string) string { return "st-" + section }
func SectionIntroID(section string) string { return "si-" + section }
func ItemID(item string) string            { return "q-" + item }
func ItemTextID(item string) string        { return "t-" + item }
func HelpID(item string) string            { return "help-" + item }
func OptionID(item, value string) string   { return "o-" + item + "--" + value }
func LabelID(item, value string) string    { return "l-" + item + "--" + value }

// QuestionnaireURL is where the site serves a questionnaire's compiled JSON
// (assets/build writes it), for the runner to fetch.
func QuestionnaireURL(id string, version int) string {
	return "/enkat/" + id + "/v" + strconv.Itoa(version) + ".json"
}

// Ids of the fixed controls of the questionnaire page.
const (
	FormID         = "qform"
	MunicipalityID = "municipality"
	CountyID       = "county"
	RoundID        = "round"
	RoleID         = "role"
	CodeID         = "code"
	LinkPanelID    = "link-panel" // a personal link's panel (LinkPanel)
)

// CountyUnit reports whether a questionnaire is answered for a county (the
// county administrative board's own assessment) rather than a municipality.
// The questionnaire model has no field for it yet, so it goes by id.
func CountyUnit(q *lagesbild.Questionnaire) bool { return q.ID == "lansstyrelse" }

// Roles are the values of the role field: short slugs, never free text, so
// no name can end up in the data.
var Roles = []string{"chef", "handlaggare", "annan"}

// OptionClass is the class an option's box has beside "option": "na" for
// "Ej aktuellt", "dontknow" for "Vet ej", "" for the scale. The
// questionnaire page (assets/build) and the workshop's set the two apart
// from the scale alike.
func OptionClass(o lagesbild.Option) string {
	switch {
	case o.NotApplicable:
		return "na"
	case o.DontKnow():
		return "dontknow"
	}
	return ""
}

// RoleField is the name of the role's text in i18n.Strings, for the static
// page's data-i18n attribute.
func RoleField(role string) string {
	switch role {
	case "chef":
		return "RoleChef"
	case "handlaggare":
		return "RoleHandlaggare"
	}
	return "RoleAnnan"
}

// RoleText names a role in the user's language.
func RoleText(lang, role string) string {
	t, _ := i18n.Lookup(lang, RoleField(role))
	return t
}

// ItemRef is an item with its number (1, 2 … across all sections) and the
// index of its section.
type ItemRef struct {
	Number  int
	Section int
	Item    *lagesbild.Item
}

// Items lists the questionnaire's items in order, numbered.
func Items(q *lagesbild.Questionnaire) []ItemRef {
	var out []ItemRef
	for si := range q.Sections {
		for ii := range q.Sections[si].Items {
			out = append(out, ItemRef{Number: len(out) + 1, Section: si, Item: &q.Sections[si].Items[ii]})
		}
	}
	return out
}

// Progress is how far a respondent has come.
type Progress struct {
	Section, Sections int // Section counts from 1
	Answered, Items   int
}

// ProgressOf is the progress with the section at index current shown.
func ProgressOf(q *lagesbild.Questionnaire, a lagesbild.Answers, current int) Progress {
	p := Progress{Section: current + 1, Sections: len(q.Sections)}
	for _, it := range Items(q) {
		p.Items++
		if _, ok := a[it.Item.ID]; ok {
			p.Answered++
		}
	}
	return p
}

// SectionText is "Avsnitt 3 av 8".
func (p Progress) SectionText(s *i18n.Strings) string {
	return i18n.Fill(s.SectionOf, p.Section, p.Sections)
}

// AnsweredText is "12 av 27 frågor besvarade".
func (p Progress) AnsweredText(s *i18n.Strings) string {
	return i18n.Fill(s.ItemsAnswered, p.Answered, p.Items)
}

// Problem is one error in the error summary: its text, and the id of the
// field to move to, which the summary links to.
type Problem struct {
	Field string
	Text  string
}

// maxListed is how many unanswered questions the summary names; more would
// bury the first ones. The count of the rest follows.
const maxListed = 5

// Validate lists what stops a draft from being submitted, in page order:
// the municipality and round, then every unanswered question. Every
// question must have an answer; "Vet ej" is always there for the respondent
// who does not know, and a "Vet ej" is a finding, a gap is not.
func Validate(q *lagesbild.Questionnaire, d Draft, lang string) []Problem {
	s := i18n.For(lang)
	var ps []Problem
	if CountyUnit(q) {
		if _, ok := lagesbild.CountyByCode(d.County); !ok {
			ps = append(ps, Problem{CountyID, s.ErrNoCounty})
		}
	} else if _, ok := lagesbild.MunicipalityByCode(d.Municipality); !ok {
		ps = append(ps, Problem{MunicipalityID, s.ErrNoMunicipality})
	}
	if d.Round == "" {
		ps = append(ps, Problem{RoundID, s.ErrNoRound})
	}
	missing := 0
	for _, it := range Items(q) {
		if _, ok := d.Answers[it.Item.ID]; ok {
			continue
		}
		missing++
		if missing <= maxListed {
			ps = append(ps, Problem{OptionID(it.Item.ID, it.Item.Options[0].Value), i18n.Fill(s.ErrUnanswered, it.Number, it.Item.Text.In(lang))})
		}
	}
	if missing > maxListed {
		ps = append(ps, Problem{"", i18n.Fill(s.ErrUnansweredMore, missing-maxListed)})
	}
	return ps
}

// SectionOf returns the index of the section holding an element id of
// Validate's problems (an option of an item), or -1.
func SectionOf(q *lagesbild.Questionnaire, field string) int {
	for _, it := range Items(q) {
		for _, o := range it.Item.Options {
			if OptionID(it.Item.ID, o.Value) == field {
				return it.Section
			}
		}
	}
	return -1
}

// FirstOpenSection is the first section with an unanswered item (where a
// returning respondent continues), or the last section when all are answered.
func FirstOpenSection(q *lagesbild.Questionnaire, a lagesbild.Answers) int {
	for _, it := range Items(q) {
		if _, ok := a[it.Item.ID]; !ok {
			return it.Section
		}
	}
	return max(len(q.Sections)-1, 0)
}

// ErrorSummary lists the problems at the top of the form, each linking to
// its field, under a heading that says what to do. It is HTML.
func ErrorSummary(ps []Problem, lang string) string {
	var b strings.Builder
	b.WriteString(`<h2 id="errors-h">` + esc(i18n.For(lang).ErrSummary) + `</h2><ul>`)
	for _, p := range ps {
		if p.Field == "" {
			b.WriteString(`<li>` + esc(p.Text) + `</li>`)
			continue
		}
		b.WriteString(`<li><a href="#` + esc(p.Field) + `" data-field="` + esc(p.Field) + `">` + esc(p.Text) + `</a></li>`)
	}
	b.WriteString(`</ul>`)
	return b.String()
}

// esc escapes text for HTML content and quoted attributes (markup.Esc).
func esc(s string) string { return string(markup.Esc(s)) }
