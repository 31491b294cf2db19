package plan

import (
	"strings"

	"lagesbild"
	"lagesbild/markup"
	"lagesbild/wasm/i18n"
)

// PrintID is the element the plan's printout is rendered into; while it
// prints, the body has class PrintClass and app.css prints it alone.
const (
	PrintID    = "plan-print"
	PrintClass = "print-plan"
	// PerPage is the most rows on one A4 page of the printout.
	PerPage = 6
)

// printed is a row as printed: in force (closed rows are not adopted),
// with its item and section.
type printed struct {
	row     lagesbild.PlanRow
	item    *lagesbild.Item
	section int
}

// inForce lists the plan's rows in force, by the questionnaire's order of
// areas (sections) and items.
func inForce(q *lagesbild.Questionnaire, p *lagesbild.Plan) []printed {
	var out []printed
	for si := range q.Sections {
		for ii := range q.Sections[si].Items {
			it := &q.Sections[si].Items[ii]
			if i := Find(p, it.ID); i >= 0 && p.Rows[i].Status != lagesbild.RowClosed {
				out = append(out, printed{p.Rows[i], it, si})
			}
		}
	}
	return out
}

// PrintView is the plan as a document a nämnd can adopt: a heading with
// the unit, the round and the date, the rows in force grouped by area,
// at most PerPage rows on a page (each page a section.plan-page; the area
// heading is repeated where an area goes on over a page), and an empty
// line for the decision.
func PrintView(q *lagesbild.Questionnaire, p *lagesbild.Plan, unitName, date, lang string) markup.HTML {
	s := i18n.For(lang)
	rows := inForce(q, p)
	var w markup.Writer
	w.F(`<h1>%s</h1><p class="plan-about">%s</p>`, i18n.Fill(s.PlanPrintTitle, unitName), i18n.Fill(s.PlanPrintAbout, p.Round, date))
	if len(rows) == 0 {
		w.F(`<p>%s</p>`, s.PlanPrintEmpty)
	}
	for start := 0; start < len(rows); start += PerPage {
		end := min(start+PerPage, len(rows))
		w.F(`<section class="plan-page">`)
		for i := start; i < end; i++ {
			pr := rows[i]
			if i == start || rows[i-1].section != pr.section {
				title := q.Sections[pr.section].Title.In(lang)
				if i == start && i > 0 && rows[i-1].section == pr.section {
					title += " " + s.PlanPrintContinued
				}
				w.F(`<h2>%s</h2>`, title)
			}
			w.F(`%s`, printRow(s, pr, i+1, lang))
		}
		w.F(`</section>`)
	}
	w.F(`<p class="plan-decision">%s</p>`, s.PlanPrintDecision)
	return w.HTML()
}

func printRow(s *i18n.Strings, pr printed, n int, lang string) markup.HTML {
	r := pr.row
	var w markup.Writer
	or := func(v string) string {
		if strings.TrimSpace(v) == "" {
			return s.PlanMissing
		}
		return v
	}
	w.F(`<div class="plan-print-row"><h3>%d. %s</h3><dl>`, n, pr.item.Text.In(lang))
	dd := func(label, v string) { w.F(`<div><dt>%s</dt><dd>%s</dd></div>`, label, v) }
	answer := s.PlanUnanswered
	if o, ok := pr.item.Option(r.Answer); ok {
		answer = o.Label.In(lang)
	}
	dd(s.PlanColAnswer, answer)
	if r.Problem != "" {
		dd(s.PlanColProblem, r.Problem)
	}
	dd(s.PlanColGoal, or(r.Goal))
	dd(s.PlanColTargetGroup, or(r.TargetGroup))
	dd(s.PlanColMeasure, or(r.Measure))
	target := s.PlanMissing
	if o, ok := pr.item.Option(r.Target); ok {
		target = i18n.Fill(s.PlanIndicatorText, o.Label.In(lang))
	}
	dd(s.PlanColTarget, target)
	if r.Count != "" {
		dd(s.PlanColCount, r.Count)
	}
	dd(s.PlanColResponsible, or(r.Responsible))
	body := s.PlanMissing
	if r.Body != "" {
		body = BodyName(s, r.Body)
	}
	dd(s.PlanColBody, body)
	dd(s.PlanColFollowUp, i18n.Fill(s.PlanFollowUpText, or(r.FollowUp), or(r.FollowUpBy)))
	w.F(`</dl></div>`)
	return w.HTML()
}

// csvHead is the Excel file's header row, in Swedish as the printout.
var csvHead = []string{"Område", "Fråga", "Svar", "Problem", "Mål", "Målgrupp", "Åtgärd",
	"Indikator: svaret nästa omgång minst", "Eget mått", "Ansvarig funktion", "Beslutsinstans",
	"Uppföljning senast", "Följs upp av", "Status", "Hänger ihop"}

// CSV is the plan's rows as Swedish Excel reads them (as the worker's
// exports): UTF-8 with a byte order mark, semicolons, CRLF, every text
// quoted (so that Excel keeps a text such as "0180" as it is; one that
// begins with = + - or @ starts with a quote mark, never a formula), one row a
// line in the questionnaire's order, closed rows too (Status says so).
func CSV(q *lagesbild.Questionnaire, p *lagesbild.Plan) []byte {
	s := i18n.For("sv")
	var b strings.Builder
	b.WriteString("\uFEFF")
	line := func(fields []string) {
		for i, f := range fields {
			if i > 0 {
				b.WriteByte(';')
			}
			if f != "" && strings.ContainsRune("=+-@", rune(f[0])) {
				f = "'" + f // never read as a formula (as wasm/invite's file)
			}
			b.WriteByte('"')
			b.WriteString(strings.ReplaceAll(f, `"`, `""`))
			b.WriteByte('"')
		}
		b.WriteString("\r\n")
	}
	line(csvHead)
	for si := range q.Sections {
		sec := &q.Sections[si]
		for ii := range sec.Items {
			it := &sec.Items[ii]
			i := Find(p, it.ID)
			if i < 0 {
				continue
			}
			r := p.Rows[i]
			label := func(v string) string {
				if o, ok := it.Option(v); ok {
					return o.Label.SV
				}
				return ""
			}
			body := ""
			if r.Body != "" {
				body = BodyName(s, r.Body)
			}
			whole := "ja"
			if len(RowGaps(r)) > 0 {
				whole = "nej"
			}
			status := s.PlanStatusOpen
			switch r.Status {
			case lagesbild.RowCarried:
				status = s.PlanStatusCarried
			case lagesbild.RowRevised:
				status = s.PlanStatusRevised
			case lagesbild.RowClosed:
				status, whole = s.PlanStatusClosed, ""
			}
			line([]string{sec.Title.SV, it.Text.SV, label(r.Answer), r.Problem, r.Goal, r.TargetGroup, r.Measure,
				label(r.Target), r.Count, r.Responsible, body, r.FollowUp, r.FollowUpBy, status, whole})
		}
	}
	return []byte(b.String())
}

// CSVName is the Excel file's name: handlingsplan-<round>-<unit>.csv.
func CSVName(p *lagesbild.Plan) string {
	unit := p.Municipality
	if unit == "" {
		unit = p.County
	}
	return "handlingsplan-" + slug(p.Round) + "-" + slug(unit) + ".csv"
}

func slug(s string) string {
	var b strings.Builder
	for _, c := range s {
		if c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' {
			b.WriteRune(c)
		} else {
			b.WriteByte('-')
		}
	}
	return b.String()
}
