package coordinator

import (
	"strconv"
	"strings"

	"lagesbild"
	"lagesbild/api"
	"lagesbild/markup"
	"lagesbild/wasm/i18n"
	"lagesbild/wasm/ui"
)

// Ids of the new round's fields (assets/templates/coordinator.html), which
// an error summary links to.
const (
	FieldID            = "round-id"
	FieldQuestionnaire = "round-questionnaire"
	FieldVersion       = "round-version"
	FieldOpens         = "round-opens"
	FieldLastDay       = "round-lastday"
	FieldOpenToAll     = "round-opentoall"
	FieldPrevious      = "round-previous"
	FieldCounties      = "county-boxes"
	// The dates of a chosen round.
	FieldChangeOpens   = "change-opens"
	FieldChangeLastDay = "change-lastday"
)

// Problem is something wrong with what the coordinator entered, found by
// the page or named by the worker: which field, and the page's own text.
type Problem int

const (
	BadID Problem = iota + 1
	TakenID
	NoQuestionnaire
	NoOpens
	NoLastDay
	LastBeforeFirst
	BadPrevious
	PrivatePrevious
	NoCounty
	LastDayPassed // new dates only: the worker takes no close in the past
	BadLastDay    // the worker's refusal of closes: before opens, or passed
)

// Field is the id of the field the problem is about.
func (p Problem) Field() string {
	switch p {
	case BadID, TakenID:
		return FieldID
	case NoQuestionnaire:
		return FieldQuestionnaire
	case NoOpens:
		return FieldOpens
	case NoLastDay, LastBeforeFirst, LastDayPassed, BadLastDay:
		return FieldLastDay
	case BadPrevious, PrivatePrevious:
		return FieldPrevious
	case NoCounty:
		return FieldCounties
	}
	return ""
}

// Text says what to do, in the page's words.
func (p Problem) Text(s *i18n.Strings) string {
	switch p {
	case BadID:
		return s.CoordErrID
	case TakenID:
		return s.CoordErrIDTaken
	case NoQuestionnaire:
		return s.CoordErrQuestionnaire
	case NoOpens:
		return s.CoordErrOpens
	case NoLastDay:
		return s.CoordErrLastDay
	case LastBeforeFirst:
		return s.CoordErrOrder
	case BadPrevious:
		return s.CoordErrPrevious
	case PrivatePrevious:
		return s.CoordErrPreviousPrivate
	case NoCounty:
		return s.CoordErrNoCounty
	case LastDayPassed:
		return s.CoordErrLastDayPassed
	case BadLastDay:
		return s.CoordErrLastDayBad
	}
	return s.Code(lagesbild.EInvalid)
}

// Draft is the new round's form as entered: dates are ISO dates from date
// inputs, Version the version select's value.
type Draft struct {
	ID, Questionnaire, Version string
	Opens, LastDay             string
	OpenToAll                  bool
	Previous                   string
}

// IsRoundID reports whether id is what the worker takes for a round's id
// (createRound in worker/admin.go): 1–32 of a–z, 0–9 and '-', not '-' first.
func IsRoundID(id string) bool {
	if id == "" || len(id) > 32 || id[0] == '-' {
		return false
	}
	for i := 0; i < len(id); i++ {
		if c := id[i]; !('a' <= c && c <= 'z' || '0' <= c && c <= '9' || c == '-') {
			return false
		}
	}
	return true
}

// Check checks a new round against the rounds and questionnaires the page
// knows and makes the request: the round opens at 00.00 Swedish time on its
// first day and closes at midnight after its last. It refuses, before
// anything is sent, a round open to all whose previous round is private:
// the previous round's figures are shown beside a round to its readers, who
// in a round open to all are anyone (the worker refuses it too).
func Check(d Draft, rounds []api.RoundSummary, list []api.Questionnaire) (api.NewRound, []Problem) {
	var ps []Problem
	req := api.NewRound{ID: d.ID, Questionnaire: d.Questionnaire, OpenToAll: d.OpenToAll, Previous: d.Previous}
	if !IsRoundID(d.ID) {
		ps = append(ps, BadID)
	} else if _, ok := Find(rounds, d.ID); ok {
		ps = append(ps, TakenID)
	}
	v, err := strconv.Atoi(d.Version)
	if err != nil || !hasVersion(list, d.Questionnaire, v) {
		ps = append(ps, NoQuestionnaire)
	}
	req.Version = v
	opens, closes, dps := dates(d.Opens, d.LastDay)
	ps = append(ps, dps...)
	req.Opens, req.Closes = opens, closes
	if d.Previous != "" {
		prev, ok := Find(rounds, d.Previous)
		switch {
		case !ok || prev.Questionnaire != d.Questionnaire:
			ps = append(ps, BadPrevious)
		case d.OpenToAll && !prev.OpenToAll:
			ps = append(ps, PrivatePrevious)
		}
	}
	return req, ps
}

func hasVersion(list []api.Questionnaire, id string, version int) bool {
	for _, q := range list {
		if q.ID == id && q.Version == version {
			return true
		}
	}
	return false
}

// ChangeDates makes the request for new dates of a round: only the dates
// that differ from the round's (none: changed is false), with the same
// checks and the same Swedish midnights as a new round, and a new last day
// not before today (an ISO date in Sweden): the worker takes no close in
// the past; closing now is its own button.
func ChangeDates(r api.Round, opens, lastDay, today string) (change api.RoundChange, changed bool, ps []Problem) {
	wasOpens, wasLast := Days(r)
	o, c, ps := dates(opens, lastDay)
	if len(ps) == 0 && lastDay != wasLast && lastDay < today {
		ps = append(ps, LastDayPassed)
	}
	if len(ps) > 0 {
		return api.RoundChange{}, false, ps
	}
	if opens != wasOpens {
		change.Opens = &o
	}
	if lastDay != wasLast {
		change.Closes = &c
	}
	return change, change.Opens != nil || change.Closes != nil, nil
}

// dates are the moments a round with these first and last days (ISO
// dates) opens and closes: 00.00 Swedish time on the first day, and at
// midnight after the last.
func dates(opens, lastDay string) (o, c string, ps []Problem) {
	o, okOpens := i18n.SwedishMidnight(opens)
	next, _ := i18n.NextDate(lastDay)
	c, okLast := i18n.SwedishMidnight(next) // fails for a bad date and for 9999-12-31
	if !okOpens {
		ps = append(ps, NoOpens)
	}
	if !okLast {
		ps = append(ps, NoLastDay)
	}
	if okOpens && okLast && lastDay < opens { // ISO dates compare as strings
		ps = append(ps, LastBeforeFirst)
	}
	return o, c, ps
}

// DateField is the field of a chosen round's dates a problem is about.
func DateField(p Problem) string {
	if p == NoOpens {
		return FieldChangeOpens
	}
	return FieldChangeLastDay
}

// FieldOf is the field the worker's message names, of those a request
// has: a 400's message starts with the field ("previous: round …",
// worker/README.md). The message is for developers and is never shown;
// only the field is taken from it, to mark the page's own field. "" when
// the message names none of them.
func FieldOf(message string, fields ...string) string {
	name, _, ok := strings.Cut(message, ":")
	if !ok {
		return ""
	}
	for _, f := range fields {
		if name == f {
			return f
		}
	}
	return ""
}

// Refused is what a refusal of POST /api/admin/rounds means for the form: a
// round with that id exists, or the field the worker named, with the page's
// text for it. ok is false for other refusals, which the status line says
// by their code.
func Refused(e *ui.APIError) (p Problem, ok bool) {
	switch e.Code {
	case lagesbild.ERoundExists:
		return TakenID, true
	case lagesbild.EInvalid:
	default:
		return 0, false
	}
	switch FieldOf(e.Message, "id", "questionnaire", "version", "opens", "closes", "previous") {
	case "id":
		return BadID, true
	case "questionnaire", "version":
		return NoQuestionnaire, true
	case "opens":
		return NoOpens, true
	case "closes":
		return BadLastDay, true
	case "previous":
		return BadPrevious, true
	}
	return 0, false
}

// ErrorSummary lists the problems above the form, each a link to its field
// (fields maps a problem to the field's id), under ui's heading.
func ErrorSummary(ps []Problem, lang string, field func(Problem) string) markup.HTML {
	s := i18n.For(lang)
	var w markup.Writer
	w.F(`<h3>%s</h3><ul>`, s.ErrSummary)
	for _, p := range ps {
		f := field(p)
		w.F(`<li><a href="#%s" data-field="%s">%s</a></li>`, f, f, p.Text(s))
	}
	w.F(`</ul>`)
	return w.HTML()
}

// QuestionnaireOptions are the questionnaire select's options: each
// questionnaire once (GET /api/questionnaires lists every version), by its
// title; chosen is selected (the first when it is not there).
func QuestionnaireOptions(list []api.Questionnaire, chosen, lang string) markup.HTML {
	var w markup.Writer
	seen := map[string]bool{}
	if !hasID(list, chosen) && len(list) > 0 {
		chosen = list[0].ID
	}
	for _, q := range list {
		if seen[q.ID] {
			continue
		}
		seen[q.ID] = true
		title := q.Title.In(lang)
		if title == "" {
			title = q.ID
		}
		w.F(`<option value="%s"%s>%s</option>`, q.ID, selected(q.ID == chosen), title)
	}
	return w.HTML()
}

func hasID(list []api.Questionnaire, id string) bool {
	for _, q := range list {
		if q.ID == id {
			return true
		}
	}
	return false
}

// VersionOptions are the versions of questionnaire id, newest first, the
// newest selected and marked as such.
func VersionOptions(list []api.Questionnaire, id, lang string) markup.HTML {
	var vs []int
	for _, q := range list {
		if q.ID == id {
			vs = append(vs, q.Version)
		}
	}
	var w markup.Writer
	latest := 0
	for _, v := range vs {
		latest = max(latest, v)
	}
	for i := len(vs) - 1; i >= 0; i-- { // the list is by version
		label := strconv.Itoa(vs[i])
		if vs[i] == latest {
			label = i18n.Fill(i18n.For(lang).CoordVersionLatest, vs[i])
		}
		w.F(`<option value="%d"%s>%s</option>`, vs[i], selected(vs[i] == latest), label)
	}
	return w.HTML()
}

// PreviousOptions are the previous-round select's options: none, then the
// rounds of the same questionnaire, each saying whether it is open to all
// (a round open to all may only follow one that is).
func PreviousOptions(rounds []api.RoundSummary, questionnaire, chosen, lang string) markup.HTML {
	s := i18n.For(lang)
	var w markup.Writer
	w.F(`<option value="">%s</option>`, s.CoordNone)
	for _, r := range rounds {
		if r.Questionnaire != questionnaire {
			continue
		}
		label := s.CoordPreviousPrivate
		if r.OpenToAll {
			label = s.CoordPreviousOpen
		}
		w.F(`<option value="%s"%s>%s</option>`, r.ID, selected(r.ID == chosen), i18n.Fill(label, r.ID))
	}
	return w.HTML()
}

func selected(on bool) markup.HTML {
	if on {
		return " selected"
	}
	return ""
}
