package invite

import (
	"slices"
	"strings"

	"lagesbild"
	"lagesbild/api"
	"lagesbild/markup"
	"lagesbild/wasm/i18n"
)

// Invitation is what the lead made in one go: the municipalities' codes,
// shown this once, and what the file and the letters say around them.
type Invitation struct {
	Origin  string         // where the app is served: the links' start
	Round   api.Round      // its questionnaire, id and close
	Title   lagesbild.Text // the questionnaire's title
	County  string         // the county's name: "Västerbottens län"
	Contact string         // the lead's free text on whom to ask ("" for the county board)
	Today   string         // the letters' date (a stamp)
	Codes   []api.Code     // the municipalities' new codes
}

// Sorted is the invitation's municipality codes in Swedish name order
// (the worker answers in the order asked).
func (inv Invitation) Sorted() []api.Code {
	var out []api.Code
	for _, c := range inv.Codes {
		if c.Kind == api.KindMunicipality {
			out = append(out, c)
		}
	}
	slices.SortFunc(out, func(a, b api.Code) int { return lagesbild.CompareNames(a.Name, b.Name) })
	return out
}

// Link is a municipality's personal link.
func (inv Invitation) Link(c api.Code) string { return Link(inv.Origin, inv.Round, c.Unit, c.Code) }

// LastDay is the round's last day to answer, in Swedish.
func (inv Invitation) LastDay() string { return lastDay(Swedish, inv.Round.Closes) }

// contact is whom the letters and reminders name for questions.
func (inv Invitation) contact() string {
	if c := strings.TrimSpace(inv.Contact); c != "" {
		return c
	}
	return countyBoard(inv.County)
}

// CodesPanel shows the new codes once: a warning that they cannot be
// shown again, the buttons for the invitation file (data-action="csv")
// and the letters (data-action="print"), and a table of each
// municipality's code and personal link. Its heading takes the focus
// (tabindex -1) when it appears.
func CodesPanel(inv Invitation, lang string) markup.HTML {
	s := i18n.For(lang)
	var w markup.Writer
	w.F(`<section class="codes" aria-labelledby="codes-h"><h2 id="codes-h" tabindex="-1">%s</h2><p class="warning">%s</p>`, s.LeadCodesTitle, s.LeadCodesOnce)
	w.F(`<div class="buttons"><button type="button" class="primary" data-action="csv">%s</button><button type="button" data-action="print">%s</button></div><p class="help">%s</p>`,
		s.LeadDownloadCSV, s.LeadPrintLetters, s.LeadFileHelp)
	w.F(`<div class="scroll" role="region" aria-labelledby="codes-cap" tabindex="0"><table class="figures codes-table"><caption id="codes-cap">%s</caption><thead><tr><th scope="col">%s</th><th scope="col">%s</th><th scope="col">%s</th></tr></thead><tbody>`,
		i18n.Fill(s.LeadCodesCaption, inv.Round.ID), s.ColMunicipality, s.ColCode, s.ColLink)
	for _, c := range inv.Sorted() {
		link := inv.Link(c)
		w.F(`<tr data-code="%s"><th scope="row">%s</th><td class="code">%s</td><td class="link"><a href="%s">%s</a></td></tr>`, c.Unit, c.Name, c.Code, link, link)
	}
	w.F(`</tbody></table></div></section>`)
	return w.HTML()
}

// CSV is the invitation file for a mail merge, as Swedish Excel reads it
// (the worker's exports do the same, worker/export.go): UTF-8 with a byte
// order mark, fields between semicolons, CRLF line ends, a field quoted
// when it holds a semicolon, a quote or a line break (quotes doubled).
// Columns: kommun; kommunkod; kod; personlig länk; sista dag.
func CSV(inv Invitation) []byte {
	s := i18n.For(Swedish)
	b := []byte("\uFEFF")
	row := func(fields ...string) {
		for i, f := range fields {
			if i > 0 {
				b = append(b, ';')
			}
			b = appendField(b, f)
		}
		b = append(b, '\r', '\n')
	}
	row(s.FileMunicipality, s.FileMunicipalityCode, s.FileCode, s.FileLink, s.FileLastDay)
	last := inv.LastDay()
	for _, c := range inv.Sorted() {
		row(c.Name, c.Unit, c.Code, inv.Link(c), last)
	}
	return b
}

// appendField writes a CSV field, quoted if it must be. A field that
// begins with = + - or @ is quoted too and starts with a quote mark
// inside, so that a spreadsheet never reads it as a formula.
func appendField(b []byte, f string) []byte {
	formula := f != "" && strings.ContainsRune("=+-@", rune(f[0]))
	if formula {
		f = "'" + f
	}
	if !formula && !strings.ContainsAny(f, ";\"\r\n") && strings.TrimSpace(f) == f {
		return append(b, f...)
	}
	b = append(b, '"')
	b = append(b, strings.ReplaceAll(f, `"`, `""`)...)
	return append(b, '"')
}

// Add is the invitation with more codes made: a municipality's newer code
// replaces its older one, which no longer works. The lead's page keeps
// every code made in a visit, so a second batch does not hide the first.
func (inv Invitation) Add(codes []api.Code) Invitation {
	out := slices.Clone(inv.Codes)
	for _, c := range codes {
		if i := slices.IndexFunc(out, func(o api.Code) bool { return o.Kind == c.Kind && o.Unit == c.Unit }); i >= 0 {
			out[i] = c
		} else {
			out = append(out, c)
		}
	}
	inv.Codes = out
	return inv
}

// MadeText says how many personal links were just made.
func MadeText(n int) Problem {
	return func(s *i18n.Strings) string {
		if n == 1 {
			return s.LeadMadeOne
		}
		return i18n.Fill(s.LeadMade, n)
	}
}
