package plan

import (
	"lagesbild/wasm/report"
	"strconv"
	"strings"

	"lagesbild"
	"lagesbild/markup"
	"lagesbild/wasm/i18n"
	"lagesbild/wasm/ui"
)

// Ids of the save panel and the plan's buttons.
const (
	StatusID = "plan-status"
	SaveID   = "plan-save"
	PrintBtn = "plan-print-button"
	CSVBtn   = "plan-csv"
)

// URL is a unit's plan in a round (api.PlanURL).
func URL(round, unit string) string {
	return "/api/rounds/" + report.Escape(round) + "/plans/" + report.Escape(unit)
}

// CountyURL is the county lead's plans (api.Plans).
func CountyURL(round, county string) string {
	return "/api/rounds/" + report.Escape(round) + "/plans/county/" + report.Escape(county)
}

// SavePhase is where saving the plan is.
type SavePhase int

const (
	SaveNone     SavePhase = iota
	SaveSaving             // the PUT is under way
	SaveSaved              // the worker stored the plan
	SaveOffline            // the worker could not be reached
	SaveRejected           // the worker refused it: Err says why
	SaveNoCode             // no code for the round: the plan stays in the browser
)

// Saving is what the save panel shows.
type Saving struct {
	Phase SavePhase
	When  string       // SaveSaved: the plan's Updated
	Err   *ui.APIError // SaveRejected
}

// FieldOf is the row and field a refusal is about, ok false when it names
// none.
func FieldOf(e *ui.APIError) (row int, name string, ok bool) {
	if e == nil || e.Code != lagesbild.EInvalid {
		return 0, "", false
	}
	// "rows[2].target: …" (lagesbild.Plan.Check), by hand: regexp is
	// big in wasm.
	rest, ok := strings.CutPrefix(e.Message, "rows[")
	num, rest, ok2 := strings.Cut(rest, "].")
	name, _, ok3 := strings.Cut(rest, ":")
	n, err := strconv.Atoi(num)
	if !ok || !ok2 || !ok3 || err != nil || n < 0 || field(&lagesbild.PlanRow{}, name) == nil {
		return 0, "", false
	}
	return n, name, true
}

// FieldLabel is the label of a row's field, as the editor shows it.
func FieldLabel(s *i18n.Strings, name string) string {
	switch name {
	case "problem":
		return s.PlanFieldProblem
	case "goal":
		return s.PlanFieldGoal
	case "targetGroup":
		return s.PlanFieldTargetGroup
	case "measure":
		return s.PlanFieldMeasure
	case "target":
		return s.PlanFieldTarget
	case "count":
		return s.PlanFieldCount
	case "responsible":
		return s.PlanFieldResponsible
	case "body":
		return s.PlanFieldBody
	case "followUp":
		return s.PlanFieldFollowUp
	case "followUpBy":
		return s.PlanFieldFollowUpBy
	}
	return name
}

// SavePanel says what became of "Spara planen", in plain words, beside
// the button: saved, refused (by the field the worker named, with a link
// to it, where it named one), offline, or that the plan needs the
// municipality's code.
func SavePanel(st Saving, lang string) markup.HTML {
	s := i18n.For(lang)
	var w markup.Writer
	switch st.Phase {
	case SaveNone:
		return ""
	case SaveSaving:
		w.F(`<p>%s</p>`, s.PlanSaving)
	case SaveSaved:
		w.F(`<p>%s</p>`, i18n.Fill(s.PlanSaved, i18n.When(lang, st.When)))
	case SaveOffline:
		w.F(`<p>%s</p>`, s.PlanSaveOffline)
	case SaveNoCode:
		w.F(`<p>%s</p>`, s.PlanSaveNoCode)
	case SaveRejected:
		if row, name, ok := FieldOf(st.Err); ok {
			w.F(`<p>%s</p>`, i18n.Fill(s.PlanSaveField, row+1, FieldLabel(s, name)))
			w.F(`<p><a href="#%s" data-field="%s">%s</a></p>`, FieldID(row, name), FieldID(row, name), s.PlanSaveFieldLink)
		} else {
			why := s.Code("")
			if st.Err != nil {
				why = st.Err.Text(s)
			}
			w.F(`<p>%s</p>`, i18n.Fill(s.PlanSaveRejected, why))
		}
		w.F(`<p>%s</p>`, s.PlanKept)
	}
	return w.HTML()
}
