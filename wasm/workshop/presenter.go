package workshop

import (
	"strconv"
	"strings"

	"lagesbild"
	"lagesbild/api"
	"lagesbild/markup"
	"lagesbild/wasm/i18n"
)

// The facilitator's page as a presenter view (issue 17): reveal per
// section, keyboard shortcuts, the sessions this browser leads, ties left
// to the facilitator, and the room's results to take home. Nothing here is
// the participants' (their binary links none of it).

// Ties are the items whose shown distribution has two or more options with
// the most answers, with those options' values in the item's order. A tie
// is the facilitator's to settle: Settle never picks one.
func Ties(w api.Wall) map[string][]string {
	out := map[string][]string{}
	for _, t := range w.Wall.Items {
		if t.Hidden || len(t.Counts) == 0 {
			continue
		}
		most := 0
		for _, c := range t.Counts {
			most = max(most, c.N)
		}
		var tied []string
		for _, c := range t.Counts {
			if c.N == most && most > 0 {
				tied = append(tied, c.Value)
			}
		}
		if len(tied) > 1 {
			out[t.Item] = tied
		}
	}
	return out
}

// Unchosen are the tied items the facilitator has not chosen for, in the
// questionnaire's order: saving waits until there are none.
func (l *Lead) Unchosen() []string {
	if l.Wall == nil {
		return nil
	}
	ties := Ties(*l.Wall)
	var out []string
	for _, sec := range l.Q.Sections {
		for _, it := range sec.Items {
			if _, mine := l.Chosen[it.ID]; !mine && ties[it.ID] != nil {
				out = append(out, it.ID)
			}
		}
	}
	return out
}

// TieText says which options an item's room is split between, or "" when
// it is not split or the facilitator has chosen.
func (l *Lead) TieText(item, lang string) string {
	if l.Wall == nil {
		return ""
	}
	if _, mine := l.Chosen[item]; mine {
		return ""
	}
	tied := Ties(*l.Wall)[item]
	it, ok := l.Q.Item(item)
	if len(tied) == 0 || !ok {
		return ""
	}
	labels := make([]string, 0, len(tied))
	for _, v := range tied {
		if o, ok := it.Option(v); ok {
			labels = append(labels, "”"+o.Label.In(lang)+"”")
		}
	}
	return i18n.Fill(i18n.For(lang).WTie, strings.Join(labels, ", "))
}

// Numbers are items' numbers in the questionnaire ("3, 7"), as the
// facilitator's page shows them.
func Numbers(q *lagesbild.Questionnaire, items []string) string {
	num := numbers(q)
	out := make([]string, 0, len(items))
	for _, id := range items {
		out = append(out, strconv.Itoa(num[id]))
	}
	return strings.Join(out, ", ")
}

// TieID is the id of an item's tie note in the settle form.
func TieID(item string) string { return "tie-" + item }

// SectionRevealed reports whether the room's section has its results
// revealed: all sections are, or each of its items is.
func (l *Lead) SectionRevealed() bool {
	sec, _, err := Current(l.Q, l.Session)
	if err != nil {
		return false
	}
	return revealed(sec, l.Session)
}

func revealed(sec *lagesbild.Section, s api.Session) bool {
	if s.Revealed {
		return true
	}
	for _, it := range sec.Items {
		found := false
		for _, r := range s.RevealedItems {
			if r == it.ID {
				found = true
				break
			}
		}
		if !found {
			return false
		}
	}
	return len(sec.Items) > 0
}

// RevealSection is the change that reveals (on) or hides the results of
// the room's section.
func (l *Lead) RevealSection(on bool) api.Change {
	id := []string{l.Session.Section}
	if on {
		return api.Change{Reveal: id}
	}
	return api.Change{Hide: id}
}

// Shortcuts of the facilitator's page and the wall.
const (
	KeyNext   = "next"
	KeyPrev   = "prev"
	KeyReveal = "reveal"
)

// Shortcut is what a key press does: KeyNext, KeyPrev, KeyReveal or ""
// (nothing). Keys typed in a field, or held with Ctrl, Alt or Meta, are
// never taken.
func Shortcut(key string, inField, modified bool) string {
	if inField || modified {
		return ""
	}
	switch key {
	case "n", "N", "ArrowRight", "PageDown":
		return KeyNext
	case "p", "P", "ArrowLeft", "PageUp":
		return KeyPrev
	case "v", "V":
		return KeyReveal
	}
	return ""
}

// Kept is a session this browser leads, as its list keeps it (the token is
// kept on its own, under the code).
type Kept struct {
	Code    string
	Created string // RFC 3339, UTC
}

// maxKept is how many sessions the list keeps: sessions live 48 hours.
const maxKept = 20

// ParseKept reads the list ("CODE created" per line); anything else in it
// is left out.
func ParseKept(s string) []Kept {
	var out []Kept
	for _, line := range strings.Split(s, "\n") {
		code, created, _ := strings.Cut(strings.TrimSpace(line), " ")
		if c, ok := lagesbild.NormalizeJoinCode(code); ok && c == code {
			out = append(out, Kept{Code: code, Created: created})
		}
	}
	return out
}

// FormatKept writes the list as ParseKept reads it.
func FormatKept(list []Kept) string {
	var b strings.Builder
	for _, k := range list {
		b.WriteString(k.Code + " " + k.Created + "\n")
	}
	return b.String()
}

// Keep puts a session first in the list (once), keeping the newest
// maxKept.
func Keep(list []Kept, code, created string) []Kept {
	out := []Kept{{Code: code, Created: created}}
	for _, k := range list {
		if k.Code != code && len(out) < maxKept {
			out = append(out, k)
		}
	}
	return out
}

// KeptList is the list of this browser's sessions on the start of the
// facilitator's page: per session its facilitator link (origin + LeadURL)
// and a button that copies it. token says a session's kept token ("":
// none, and the session is left out).
func KeptList(list []Kept, token func(code string) string, origin, lang string) HTML {
	t := i18n.For(lang)
	var w markup.Writer
	n := 0
	for _, k := range list {
		tok := token(k.Code)
		if tok == "" {
			continue
		}
		n++
		link := origin + "/workshop/" + LeadURL(k.Code, tok)
		made := ""
		if k.Created != "" {
			made = " (" + i18n.Fill(t.WSessionMade, i18n.When(lang, k.Created)) + ")"
		}
		w.F(`<li data-code="%s"><a href="%s">%s</a>%s <button type="button" data-copy="%s">%s<span class="vh"> %s</span></button></li>`,
			k.Code, link, i18n.Fill(t.WOpenSession, FormatCode(k.Code)), made, link, t.WCopyLink, FormatCode(k.Code))
	}
	if n == 0 {
		return ""
	}
	return w.HTML()
}

// ExportName is the file name of a room's results.
func ExportName(code string) string { return "workshop-" + code + ".csv" }

// ExportCSV is the room's results as Excel (Swedish) reads a CSV, as the
// worker's export writes it: UTF-8 with a byte order mark, semicolons, CRLF,
// decimal commas, ".." for a figure the wall does not show. It holds only
// what the wall shows (the worker's suppressed figures): per item and
// option the shown count and share, then per section the room's score.
func ExportCSV(q *lagesbild.Questionnaire, v api.Wall, lang string) []byte {
	t := i18n.For(lang)
	var b strings.Builder
	b.WriteString("\uFEFF")
	row := func(fields ...string) {
		for i, f := range fields {
			if i > 0 {
				b.WriteByte(';')
			}
			b.WriteString(csvField(f))
		}
		b.WriteString("\r\n")
	}
	num := numbers(q)
	row(t.WCSVSection, t.WCSVNumber, t.WItem, t.WCSVOption, t.WCSVCount, t.WCSVShare, t.WCSVItemN)
	for _, s := range q.Sections {
		for _, it := range s.Items {
			tl, _ := v.Tally(it.ID)
			n := strconv.Itoa(num[it.ID])
			if tl.Hidden || len(tl.Counts) == 0 {
				row(s.Title.In(lang), n, it.Text.In(lang), "", "..", "..", "..")
				continue
			}
			for _, c := range tl.Counts {
				o, _ := it.Option(c.Value)
				share := ".."
				if tl.N > 0 {
					share = decimalComma(float64(c.N)/float64(tl.N)*100, 1)
				}
				row(s.Title.In(lang), n, it.Text.In(lang), o.Label.In(lang), strconv.Itoa(c.N), share, strconv.Itoa(tl.N))
			}
		}
	}
	row()
	row(t.WCSVSection, t.WCSVScore, t.WAnswers)
	for _, m := range measures(q, t, lang) {
		f := v.Wall.Sections[m.id]
		val, n := "..", ".."
		if !f.Suppressed && f.Value != nil {
			if m.id == lagesbild.MeasureDontKnow {
				val = decimalComma(*f.Value*100, 1)
			} else {
				val = decimalComma(*f.Value, 1)
			}
			n = strconv.Itoa(f.N)
		}
		title := m.title
		if m.id == lagesbild.MeasureDontKnow {
			title += " (%)"
		}
		row(title, val, n)
	}
	return []byte(b.String())
}

// csvField quotes a field when it holds a separator, a quote or a line
// break, as encoding/csv does (which the participants' binary must not
// link, so it is not used here).
func csvField(s string) string {
	if !strings.ContainsAny(s, ";\"\r\n") && !strings.HasPrefix(s, " ") {
		return s
	}
	return `"` + strings.ReplaceAll(s, `"`, `""`) + `"`
}

// decimalComma is v with prec decimals and a decimal comma.
func decimalComma(v float64, prec int) string {
	return strings.Replace(strconv.FormatFloat(v, 'f', prec, 64), ".", ",", 1)
}

// Summary is the presenter's view of the room's section now: how many
// joined and answered, whether its results show, per item the shown count
// of each option on one line, and the section's score, all as the wall
// shows them. Compact, so that it fits beside the controls on a laptop.
func Summary(q *lagesbild.Questionnaire, v api.Wall, lang string) HTML {
	t := i18n.For(lang)
	_, i, err := Current(q, v.Session)
	if err != nil {
		return ""
	}
	var w markup.Writer
	w.F(`<p class="ws-status">%s</p>`, i18n.Fill(t.WStatus, v.Wall.Participants, v.Wall.Answered))
	if !revealed(&q.Sections[i], v.Session) || !v.Wall.Visible {
		w.F(`<p class="note ws-hidden-note">%s</p>`, i18n.Fill(t.WHiddenNote, MinAnswers(v)))
	}
	compactSection(&w, q, v, i, numbers(q), lang)
	return w.HTML()
}

// compactSection is a section's shown figures, an item per list entry with
// its options' counts on one line, then the section's score.
func compactSection(w *markup.Writer, q *lagesbild.Questionnaire, v api.Wall, i int, num map[string]int, lang string) {
	t := i18n.For(lang)
	s := &q.Sections[i]
	w.F(`<h3 class="ws-sum-h">%s: %s</h3><ul class="ws-sum" data-section="%s">`, sectionOf(t, i, q), s.Title.In(lang), s.ID)
	for _, it := range s.Items {
		tl, _ := v.Tally(it.ID)
		w.F(`<li data-item="%s"><span class="ws-sum-q">%d. %s</span>`, it.ID, num[it.ID], it.Text.In(lang))
		if tl.Locked {
			w.F(` <span class="ws-tag">%s</span>`, t.WLocked)
		}
		if tl.Hidden || len(tl.Counts) == 0 {
			w.F(` <span class="ws-sum-opts ws-dim">%s</span></li>`, t.WHidden)
			continue
		}
		w.F(` <span class="ws-dim">(%s)</span><span class="ws-sum-opts">`, i18n.Fill(t.WallAnswers, tl.N))
		for j, c := range tl.Counts {
			o, _ := it.Option(c.Value)
			sep := HTML("")
			if j > 0 {
				sep = " · "
			}
			w.F(`%s<span data-value="%s">%s <b>%d</b></span>`, sep, c.Value, o.Label.In(lang), c.N)
		}
		w.F(`</span></li>`)
	}
	w.F(`</ul>`)
	f := v.Wall.Sections[s.ID]
	val := t.WHidden
	if !f.Suppressed && f.Value != nil {
		val = score(lang, f.Value)
	}
	w.F(`<p class="ws-section-score">%s: <strong data-measure="%s">%s</strong></p>`, t.WScore, s.ID, val)
}

// PrintSummary is the room's results on one printed page: every section
// as Summary shows the current one, then the scores, only what the wall
// shows. title and when head it.
func PrintSummary(q *lagesbild.Questionnaire, v api.Wall, when, lang string) HTML {
	t := i18n.For(lang)
	var w markup.Writer
	w.F(`<h2>%s %s</h2><p>%s · %s</p>`, t.WLeadTitle, FormatCode(v.Session.Code), when, i18n.Fill(t.WStatus, v.Wall.Participants, v.Wall.Answered))
	num := numbers(q)
	for i := range q.Sections {
		compactSection(&w, q, v, i, num, lang)
	}
	w.F(`<table class="figures"><caption>%s</caption><tbody>`, t.WScores)
	for _, m := range measures(q, t, lang) {
		f := v.Wall.Sections[m.id]
		val := t.WHidden
		if !f.Suppressed && f.Value != nil {
			val = score(lang, f.Value)
			if m.id == lagesbild.MeasureDontKnow {
				val = i18n.Percent(lang, *f.Value)
			}
		}
		w.F(`<tr><th scope="row">%s</th><td>%s</td></tr>`, m.title, val)
	}
	w.F(`</tbody></table><p class="help">%s</p>`, t.WExportHelp)
	return w.HTML()
}
