package workshop

import (
	"fmt"
	"html"
	"sort"
	"strings"

	"lagesbild"
)

// HTML is markup safe to insert: built by writer, every text escaped.
type HTML string

// writer builds HTML; f escapes each argument unless it is already HTML.
type writer struct{ b strings.Builder }

func (w *writer) f(format string, args ...any) {
	for i, a := range args {
		switch a := a.(type) {
		case HTML:
			args[i] = string(a)
		case int, int64, float64, bool:
			// Numbers need no escaping and keep their verbs (%d).
		default:
			args[i] = html.EscapeString(fmt.Sprint(a))
		}
	}
	fmt.Fprintf(&w.b, format, args...)
}

func (w *writer) html() HTML { return HTML(w.b.String()) }

// Ids of what the pages fill in. Item ids hold dots, which are fine in ids
// (the pages find them with getElementById, not CSS selectors).
func ItemID(item string) string          { return "i-" + item }
func OptionID(item, value string) string { return "o-" + item + "-" + value }
func lockedID(item string) string        { return "l-" + item }
func helpID(item string) string          { return "h-" + item }
func LockID(item string) string          { return "lock-" + item }
func SettleID(item string) string        { return "settle-" + item }

// SectionHeadingID is the id of the participants' section heading, which
// takes the focus when the room moves on.
const SectionHeadingID = "ws-section-h"

// numbers are the items' numbers in the whole questionnaire, from 1.
func numbers(q *lagesbild.Questionnaire) map[string]int {
	m := map[string]int{}
	n := 0
	for _, s := range q.Sections {
		for _, it := range s.Items {
			n++
			m[it.ID] = n
		}
	}
	return m
}

// Participant renders the section the room is on for a participant: each
// item a fieldset of native radio buttons, the device's answers checked,
// locked items disabled with a note that says so.
func Participant(q *lagesbild.Questionnaire, s Session, answers lagesbild.Answers, lang string) (HTML, error) {
	t := T(lang)
	sec, i, err := Current(q, s)
	if err != nil {
		return "", err
	}
	num := numbers(q)
	var w writer
	w.f(`<section class="ws-section" aria-labelledby="%s" data-section="%s">`, SectionHeadingID, sec.ID)
	w.f(`<p class="snum">%s</p><h2 id="%s" tabindex="-1">%s</h2>`, fmt.Sprintf(t.SectionOf, i+1, len(q.Sections)), SectionHeadingID, sec.Title.In(lang))
	if intro := sec.Intro.In(lang); intro != "" {
		w.f(`<p class="intro">%s</p>`, intro)
	}
	for _, it := range sec.Items {
		locked := s.IsLocked(it.ID)
		desc := lockedID(it.ID)
		help := it.Help.In(lang)
		if help != "" {
			desc += " " + helpID(it.ID)
		}
		dis, hid := HTML(""), HTML(" hidden")
		if locked {
			dis, hid = " disabled", ""
		}
		w.f(`<fieldset class="item ws-item" id="%s" data-item="%s" aria-describedby="%s"%s>`, ItemID(it.ID), it.ID, desc, dis)
		w.f(`<legend><span class="inum">%d.</span> %s</legend>`, num[it.ID], it.Text.In(lang))
		w.f(`<p class="ws-locked" id="%s"%s>%s</p>`, lockedID(it.ID), hid, t.Locked)
		if help != "" {
			w.f(`<p class="help" id="%s">%s</p>`, helpID(it.ID), help)
		}
		w.f(`<div class="options">`)
		for _, o := range it.Options {
			class := HTML("option")
			if !o.Scored() {
				class += " dontknow"
			}
			checked := HTML("")
			if answers[it.ID] == o.Value {
				checked = " checked"
			}
			id := OptionID(it.ID, o.Value)
			w.f(`<div class="%s"><input type="radio" id="%s" name="%s" value="%s"%s><label for="%s">%s</label></div>`,
				class, id, it.ID, o.Value, checked, id, o.Label.In(lang))
		}
		w.f(`</div></fieldset>`)
	}
	w.f(`</section>`)
	return w.html(), nil
}

// AllAnswered reports whether the device has answered every unlocked item
// of the room's section.
func AllAnswered(q *lagesbild.Questionnaire, s Session, answers lagesbild.Answers) bool {
	sec, _, err := Current(q, s)
	if err != nil {
		return false
	}
	for _, it := range sec.Items {
		if _, ok := answers[it.ID]; !ok && !s.IsLocked(it.ID) {
			return false
		}
	}
	return true
}

// SectionOptions are the <option>s of the facilitator's section select.
func SectionOptions(q *lagesbild.Questionnaire, current, lang string) HTML {
	t := T(lang)
	var w writer
	for i, s := range q.Sections {
		sel := HTML("")
		if s.ID == current {
			sel = " selected"
		}
		w.f(`<option value="%s"%s>%s: %s</option>`, s.ID, sel, fmt.Sprintf(t.SectionOf, i+1, len(q.Sections)), s.Title.In(lang))
	}
	return w.html()
}

// Locks are the facilitator's lock checkboxes for the items of the room's
// section.
func Locks(q *lagesbild.Questionnaire, s Session, lang string) HTML {
	t := T(lang)
	sec, _, err := Current(q, s)
	if err != nil {
		return ""
	}
	num := numbers(q)
	var w writer
	for _, it := range sec.Items {
		checked := HTML("")
		if s.IsLocked(it.ID) {
			checked = " checked"
		}
		w.f(`<div class="ws-check"><input type="checkbox" id="%s" data-lock="%s"%s><label for="%s"><span class="vh">%s: </span>%d. %s</label></div>`,
			LockID(it.ID), it.ID, checked, LockID(it.ID), fmt.Sprintf(t.LockItem, fmt.Sprint(num[it.ID])), num[it.ID], it.Text.In(lang))
	}
	return w.html()
}

// Figures is the plain HTML view of the wall: per section a table of its
// items with the count and share of each option (or "hidden"), and the
// room's score per section. It shows exactly what the wall shows, since
// both read the same suppressed figures from the worker.
func Figures(q *lagesbild.Questionnaire, v Wall, lang string) HTML {
	t := T(lang)
	num := numbers(q)
	var w writer
	w.f(`<p class="ws-status">%s</p>`, fmt.Sprintf(t.Status, v.Wall.Participants, v.Wall.Answered))
	if !v.Wall.Visible {
		w.f(`<p class="note ws-hidden-note">%s</p>`, fmt.Sprintf(t.HiddenNote, v.MinRespondents))
	} else {
		w.f(`<p class="help">%s</p>`, fmt.Sprintf(t.ItemHiddenNote, v.MinRespondents))
	}
	for i, s := range q.Sections {
		current := HTML("")
		if s.ID == v.Session.Section {
			current = " ws-current"
		}
		w.f(`<table class="figures ws-figures%s" id="fig-%s"><caption>%s: %s</caption>`, current, s.ID, fmt.Sprintf(t.SectionOf, i+1, len(q.Sections)), s.Title.In(lang))
		w.f(`<thead><tr><th scope="col">%s</th><th scope="col">%s</th><th scope="col">%s</th><th scope="col">%s</th></tr></thead>`,
			t.Item, t.Answers, "n", "%")
		for _, it := range s.Items {
			tl, _ := v.Tally(it.ID)
			label := fmt.Sprintf("%d. %s", num[it.ID], it.Text.In(lang))
			lock := HTML("")
			if tl.Locked {
				lock = HTML(` <span class="ws-tag">` + html.EscapeString(t.Locked) + `</span>`)
			}
			if tl.Hidden || len(tl.Counts) == 0 {
				w.f(`<tbody><tr><th scope="row">%s%s</th><td colspan="3" class="ws-dim">%s (%s)</td></tr></tbody>`,
					label, lock, t.Hidden, fmt.Sprintf(t.WallAnswers, tl.N))
				continue
			}
			w.f(`<tbody data-item="%s">`, it.ID)
			for j, c := range tl.Counts {
				o, _ := it.Option(c.Value)
				w.f(`<tr>`)
				if j == 0 {
					w.f(`<th scope="rowgroup" rowspan="%d">%s%s <span class="ws-dim">(%s)</span></th>`, len(tl.Counts), label, lock, fmt.Sprintf(t.WallAnswers, tl.N))
				}
				w.f(`<th scope="row" class="ws-option">%s</th><td data-value="%s">%d</td><td>%s</td></tr>`, o.Label.In(lang), c.Value, c.N, Percent(c.N, tl.N, lang))
			}
			w.f(`</tbody>`)
		}
		w.f(`</table>`)
	}
	w.f(`<table class="figures ws-scores" id="fig-scores"><caption>%s <span class="note">%s</span></caption>`, t.Scores, t.ScoreNote)
	w.f(`<thead><tr><th scope="col">%s</th><th scope="col">%s</th><th scope="col">%s</th></tr></thead><tbody>`, t.SectionCol, t.Score, t.Respondents)
	for _, m := range measures(q, t, lang) {
		f := v.Wall.Sections[m.id]
		val := Score(f.Value, lang)
		if m.id == lagesbild.MeasureDontKnow && f.Value != nil {
			val = Percent(int(*f.Value*1000+0.5), 1000, lang)
		} else if f.Suppressed {
			val = t.Hidden
		}
		w.f(`<tr><th scope="row">%s</th><td data-measure="%s">%s</td><td>%d</td></tr>`, m.title, m.id, val, f.N)
	}
	w.f(`</tbody></table>`)
	return w.html()
}

type measure struct{ id, title string }

// measures are the sections, the total and the "Vet ej" share, titled.
func measures(q *lagesbild.Questionnaire, t *Texts, lang string) []measure {
	out := make([]measure, 0, len(q.Sections)+2)
	for _, s := range q.Sections {
		out = append(out, measure{s.ID, s.Title.In(lang)})
	}
	return append(out, measure{lagesbild.MeasureTotal, t.Total}, measure{lagesbild.MeasureDontKnow, t.DontKnowShare})
}

// SettleForm is the facilitator's choice per item, in fieldsets per
// section: a select of the item's options, preset to chosen (the room's
// most common answer, or the facilitator's earlier choice).
func SettleForm(q *lagesbild.Questionnaire, chosen lagesbild.Answers, lang string) HTML {
	t := T(lang)
	num := numbers(q)
	var w writer
	for _, s := range q.Sections {
		w.f(`<fieldset class="ws-settle"><legend>%s</legend>`, s.Title.In(lang))
		for _, it := range s.Items {
			id := SettleID(it.ID)
			w.f(`<div class="field"><label for="%s">%d. %s</label><select id="%s" data-settle="%s"><option value="">%s</option>`,
				id, num[it.ID], it.Text.In(lang), id, it.ID, t.NotSettled)
			for _, o := range it.Options {
				sel := HTML("")
				if chosen[it.ID] == o.Value {
					sel = " selected"
				}
				w.f(`<option value="%s"%s>%s</option>`, o.Value, sel, o.Label.In(lang))
			}
			w.f(`</select></div>`)
		}
		w.f(`</fieldset>`)
	}
	return w.html()
}

// SavedText says what a save did, in words.
func SavedText(s Saved, lang string) string {
	t := T(lang)
	format := t.SavedCreated
	switch s.Outcome {
	case "updated":
		format = t.SavedUpdated
	case "unchanged":
		format = t.SavedUnchanged
	}
	out := fmt.Sprintf(format, s.Round, s.Municipality)
	if len(s.Skipped) > 0 {
		sk := append([]string(nil), s.Skipped...)
		sort.Strings(sk)
		out += " " + fmt.Sprintf(t.SkippedItems, strings.Join(sk, ", "))
	}
	return out
}

// QRSVG draws a QR code's modules (true: dark) as one SVG path, with the
// quiet zone the bitmap already has, as an image with a name.
func QRSVG(modules [][]bool, label string) HTML {
	n := len(modules)
	var p strings.Builder
	for y, row := range modules {
		for x := 0; x < len(row); x++ {
			if !row[x] {
				continue
			}
			start := x
			for x < len(row) && row[x] {
				x++
			}
			fmt.Fprintf(&p, "M%d %dh%dv1h-%dz", start, y, x-start, x-start)
		}
	}
	var w writer
	w.f(`<svg class="ws-qr" role="img" aria-label="%s" viewBox="0 0 %d %d" shape-rendering="crispEdges"><rect width="%d" height="%d" fill="#fff"/><path d="%s" fill="#000"/></svg>`,
		label, n, n, n, n, p.String())
	return w.html()
}
