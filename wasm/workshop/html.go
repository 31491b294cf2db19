package workshop

import (
	"slices"
	"strconv"
	"strings"

	"lagesbild"
	"lagesbild/api"
	"lagesbild/markup"
	"lagesbild/wasm/i18n"
)

// HTML is markup safe to insert (markup.HTML).
type HTML = markup.HTML

// Ids of what the pages fill in. Item ids hold dots, which are fine in ids
// (the pages find them with getElementById, not CSS selectors).
func ItemID(item string) string          { return "i-" + item }
func OptionID(item, value string) string { return "o-" + item + "-" + value }
func LockedID(item string) string        { return "l-" + item }
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

// sectionOf is "Avsnitt 2 av 5".
func sectionOf(s *i18n.Strings, i int, q *lagesbild.Questionnaire) string {
	return i18n.Fill(s.SectionOf, i+1, len(q.Sections))
}

// ParticipantSection renders the section the room is on for a participant:
// each item a fieldset of native radio buttons, the device's answers
// checked, locked items disabled with a note that says so.
func ParticipantSection(q *lagesbild.Questionnaire, s api.Session, answers lagesbild.Answers, lang string) (HTML, error) {
	t := i18n.For(lang)
	sec, i, err := Current(q, s)
	if err != nil {
		return "", err
	}
	num := numbers(q)
	var w markup.Writer
	w.F(`<section class="ws-section" aria-labelledby="%s" data-section="%s">`, SectionHeadingID, sec.ID)
	w.F(`<p class="snum">%s</p><h2 id="%s" tabindex="-1">%s</h2>`, sectionOf(t, i, q), SectionHeadingID, sec.Title.In(lang))
	if intro := sec.Intro.In(lang); intro != "" {
		w.F(`<p class="intro">%s</p>`, intro)
	}
	for _, it := range sec.Items {
		locked := s.IsLocked(it.ID)
		desc := LockedID(it.ID)
		help := it.Help.In(lang)
		if help != "" {
			desc += " " + helpID(it.ID)
		}
		dis, hid := HTML(""), HTML(" hidden")
		if locked {
			dis, hid = " disabled", ""
		}
		w.F(`<fieldset class="item ws-item" id="%s" data-item="%s" aria-describedby="%s"%s>`, ItemID(it.ID), it.ID, desc, dis)
		w.F(`<legend><span class="inum">%d.</span> %s</legend>`, num[it.ID], it.Text.In(lang))
		w.F(`<p class="ws-locked" id="%s"%s>%s</p>`, LockedID(it.ID), hid, t.WLocked)
		if help != "" {
			w.F(`<p class="help" id="%s">%s</p>`, helpID(it.ID), help)
		}
		w.F(`<div class="options">`)
		for _, o := range it.Options {
			class := HTML("option")
			switch {
			case o.NotApplicable:
				class += " na"
			case !o.Scored():
				class += " dontknow"
			}
			checked := HTML("")
			if answers[it.ID] == o.Value {
				checked = " checked"
			}
			id := OptionID(it.ID, o.Value)
			w.F(`<div class="%s"><input type="radio" id="%s" name="%s" value="%s"%s><label for="%s">%s</label></div>`,
				class, id, it.ID, o.Value, checked, id, o.Label.In(lang))
		}
		w.F(`</div></fieldset>`)
	}
	w.F(`</section>`)
	return w.HTML(), nil
}

// ItemLock is whether an item of the room's section is locked.
type ItemLock struct {
	Item   string
	Locked bool
}

// Locks are the locks of the items of the room's section, for setting them
// in place without redrawing what a participant may be answering.
func Locks(q *lagesbild.Questionnaire, s api.Session) []ItemLock {
	sec, _, err := Current(q, s)
	if err != nil {
		return nil
	}
	out := make([]ItemLock, len(sec.Items))
	for i, it := range sec.Items {
		out[i] = ItemLock{it.ID, s.IsLocked(it.ID)}
	}
	return out
}

// SectionOptions are the <option>s of the facilitator's section select.
func SectionOptions(q *lagesbild.Questionnaire, current, lang string) HTML {
	t := i18n.For(lang)
	var w markup.Writer
	for i, s := range q.Sections {
		sel := HTML("")
		if s.ID == current {
			sel = " selected"
		}
		w.F(`<option value="%s"%s>%s: %s</option>`, s.ID, sel, sectionOf(t, i, q), s.Title.In(lang))
	}
	return w.HTML()
}

// LockBoxes are the facilitator's lock checkboxes for the items of the
// room's section.
func LockBoxes(q *lagesbild.Questionnaire, s api.Session, lang string) HTML {
	t := i18n.For(lang)
	sec, _, err := Current(q, s)
	if err != nil {
		return ""
	}
	num := numbers(q)
	var w markup.Writer
	for _, it := range sec.Items {
		checked := HTML("")
		if s.IsLocked(it.ID) {
			checked = " checked"
		}
		w.F(`<div class="ws-check"><input type="checkbox" id="%s" data-lock="%s"%s><label for="%s"><span class="vh">%s: </span>%d. %s</label></div>`,
			LockID(it.ID), it.ID, checked, LockID(it.ID), i18n.Fill(t.WLockItem, num[it.ID]), num[it.ID], it.Text.In(lang))
	}
	return w.HTML()
}

// percent is n of total as a whole percentage (i18n.Percent).
func percent(lang string, n, total int) string {
	if total <= 0 {
		return i18n.Percent(lang, 0)
	}
	return i18n.Percent(lang, float64(n)/float64(total))
}

// score is a 0–100 score in lang's style, "–" for none.
func score(lang string, v *float64) string {
	if v == nil {
		return "–"
	}
	return i18n.Score(lang, *v)
}

// Figures is the plain HTML view of the wall: per section a table of its
// items with the count and share of each option (or "hidden"), and the
// room's score per section. It shows exactly what the wall shows, since
// both read the same suppressed figures from the worker.
func Figures(q *lagesbild.Questionnaire, v api.Wall, lang string) HTML {
	t := i18n.For(lang)
	num := numbers(q)
	var w markup.Writer
	w.F(`<p class="ws-status">%s</p>`, i18n.Fill(t.WStatus, v.Wall.Participants, v.Wall.Answered))
	if !v.Wall.Visible {
		w.F(`<p class="note ws-hidden-note">%s</p>`, i18n.Fill(t.WHiddenNote, MinAnswers(v)))
	} else {
		w.F(`<p class="help">%s</p>`, i18n.Fill(t.WItemHiddenNote, MinAnswers(v)))
	}
	for i := range q.Sections {
		sectionTable(&w, q, v, i, num, "fig-", lang)
	}
	w.F(`<table class="figures ws-scores" id="fig-scores"><caption>%s <span class="note">%s</span></caption>`, t.WScores, t.WScoreNote)
	w.F(`<thead><tr><th scope="col">%s</th><th scope="col">%s</th><th scope="col">%s</th></tr></thead><tbody>`, t.WSectionCol, t.WScore, t.WAnswers)
	for _, m := range measures(q, t, lang) {
		f := v.Wall.Sections[m.id]
		val := score(lang, f.Value)
		if m.id == lagesbild.MeasureDontKnow && f.Value != nil {
			val = i18n.Percent(lang, *f.Value)
		} else if f.Suppressed {
			val = t.WHidden
		}
		n := HTML("–")
		if f.N > 0 {
			n = HTML(strconv.Itoa(f.N))
		}
		w.F(`<tr><th scope="row">%s</th><td data-measure="%s">%s</td><td>%s</td></tr>`, m.title, m.id, val, n)
	}
	w.F(`</tbody></table>`)
	return w.HTML()
}

// sectionTable is the table of section i's items: per option the count
// and share, or "hidden". Its id is prefix + the section's id.
func sectionTable(w *markup.Writer, q *lagesbild.Questionnaire, v api.Wall, i int, num map[string]int, prefix, lang string) {
	t := i18n.For(lang)
	s := &q.Sections[i]
	current := HTML("")
	if s.ID == v.Session.Section {
		current = " ws-current"
	}
	w.F(`<table class="figures ws-figures%s" id="%s%s"><caption>%s: %s</caption>`, current, prefix, s.ID, sectionOf(t, i, q), s.Title.In(lang))
	w.F(`<thead><tr><th scope="col">%s</th><th scope="col">%s</th><th scope="col">n</th><th scope="col">%%</th></tr></thead>`,
		t.WItem, t.WAnswers)
	for _, it := range s.Items {
		tl, _ := v.Tally(it.ID)
		label := strconv.Itoa(num[it.ID]) + ". " + it.Text.In(lang)
		lock := HTML("")
		if tl.Locked {
			lock = ` <span class="ws-tag">` + markup.Esc(t.WLocked) + `</span>`
		}
		if tl.Hidden || len(tl.Counts) == 0 { // no count: the wall has none (F5)
			w.F(`<tbody><tr><th scope="row">%s%s</th><td colspan="3" class="ws-dim">%s</td></tr></tbody>`,
				label, lock, t.WHidden)
			continue
		}
		w.F(`<tbody data-item="%s">`, it.ID)
		for j, c := range tl.Counts {
			o, _ := it.Option(c.Value)
			w.F(`<tr>`)
			if j == 0 {
				w.F(`<th scope="rowgroup" rowspan="%d">%s%s <span class="ws-dim">(%s)</span></th>`, len(tl.Counts), label, lock, i18n.Fill(t.WallAnswers, tl.N))
			}
			w.F(`<th scope="row" class="ws-option">%s</th><td data-value="%s">%d</td><td>%s</td></tr>`, o.Label.In(lang), c.Value, c.N, percent(lang, c.N, tl.N))
		}
		w.F(`</tbody>`)
	}
	w.F(`</table>`)
}

type measure struct{ id, title string }

// measures are the sections, the total and the "Vet ej" share, titled.
func measures(q *lagesbild.Questionnaire, t *i18n.Strings, lang string) []measure {
	out := make([]measure, 0, len(q.Sections)+2)
	for _, s := range q.Sections {
		out = append(out, measure{s.ID, s.Title.In(lang)})
	}
	return append(out, measure{lagesbild.MeasureTotal, t.Total}, measure{lagesbild.MeasureDontKnow, t.DontKnowMeasure})
}

// SettleForm is the facilitator's choice per item, in fieldsets per
// section: a select of the item's options, preset to chosen (the room's
// most common answer, or the facilitator's earlier choice).
func SettleForm(q *lagesbild.Questionnaire, chosen lagesbild.Answers, lang string) HTML {
	t := i18n.For(lang)
	num := numbers(q)
	var w markup.Writer
	for _, s := range q.Sections {
		w.F(`<fieldset class="ws-settle"><legend>%s</legend>`, s.Title.In(lang))
		for _, it := range s.Items {
			id := SettleID(it.ID)
			w.F(`<div class="field"><label for="%s">%d. %s</label><select id="%s" data-settle="%s" aria-describedby="%s"><option value="">%s</option>`,
				id, num[it.ID], it.Text.In(lang), id, it.ID, TieID(it.ID), t.WNotSettled)
			for _, o := range it.Options {
				sel := HTML("")
				if chosen[it.ID] == o.Value {
					sel = " selected"
				}
				w.F(`<option value="%s"%s>%s</option>`, o.Value, sel, o.Label.In(lang))
			}
			// A tie's note: the page fills it while the room is split
			// and the facilitator has not chosen.
			w.F(`</select><p id="%s" class="ws-tie" hidden></p></div>`, TieID(it.ID))
		}
		w.F(`</fieldset>`)
	}
	return w.HTML()
}

// SavedText says what a save did, in words.
func SavedText(s *i18n.Strings, st api.Stored) string {
	format := s.WSavedCreated
	switch st.Outcome {
	case api.Updated:
		format = s.WSavedUpdated
	case api.Unchanged:
		format = s.WSavedUnchanged
	}
	out := i18n.Fill(format, st.Round, st.Municipality)
	if len(st.Skipped) > 0 {
		sk := slices.Sorted(slices.Values(st.Skipped))
		out += " " + i18n.Fill(s.WSkippedItems, strings.Join(sk, ", "))
	}
	return out
}
