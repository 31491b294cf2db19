package invite

import (
	"lagesbild"
	"slices"

	"lagesbild/api"
	"lagesbild/markup"
	"lagesbild/wasm/i18n"
	"lagesbild/wasm/table"
)

// State is where a municipality is in a round.
type State int

const (
	NotInvited State = iota // no code made
	Invited                 // a code, no response yet
	Answered                // a response, invited or not (an admin's or a workshop's)
)

// StateOf says where a municipality is.
func StateOf(m api.MunicipalityStatus) State {
	switch {
	case m.Responses > 0 || m.Answered != "":
		return Answered
	case m.Invited != "":
		return Invited
	}
	return NotInvited
}

// DateOf is the moment the table shows for a municipality: its latest
// response's, else its invitation's ("" for neither).
func DateOf(m api.MunicipalityStatus) string {
	if m.Answered != "" {
		return m.Answered
	}
	return m.Invited
}

// class is the state as a CSS class of the table's row.
func (st State) class() string {
	switch st {
	case Invited:
		return "invited"
	case Answered:
		return "answered"
	}
	return "not-invited"
}

func stateText(s *i18n.Strings, st State) string {
	switch st {
	case Invited:
		return s.StateInvited
	case Answered:
		return s.StateAnswered
	}
	return s.StateNotInvited
}

// Column is a column the table can be sorted by.
type Column string

const (
	ByName   Column = "name"
	ByStatus Column = "status"
	ByDate   Column = "date"
)

// Order is how the table is sorted: by a column, up or down. The zero
// Order is by name, ascending, as the worker sends the rows.
type Order struct {
	By   Column
	Desc bool
}

// Toggle is the order after the column's sort button is pressed: the
// same column turns around, another starts ascending.
func (o Order) Toggle(c Column) Order {
	if o.column() == c {
		return Order{By: c, Desc: !o.Desc}
	}
	return Order{By: c}
}

func (o Order) column() Column {
	if o.By == "" {
		return ByName
	}
	return o.By
}

// Sort sorts the municipalities in place with the tables' sorter
// (wasm/table): by name in Swedish order (lagesbild.CompareNames), by
// status (not invited, invited, answered) or by date; a municipality
// without a date comes after those with one either way. Ties go by name,
// ascending.
func Sort(ms []api.MunicipalityStatus, o Order) {
	key := func(m api.MunicipalityStatus) table.Key {
		switch o.column() {
		case ByStatus:
			return table.Num(float64(StateOf(m)))
		case ByDate:
			if d := DateOf(m); d != "" {
				return table.Text(d) // RFC 3339 in UTC: as text is in time
			}
			return table.None
		}
		return table.Text(m.Name)
	}
	keys, names := make([]table.Key, len(ms)), make([]table.Key, len(ms))
	for i, m := range ms {
		keys[i], names[i] = key(m), table.Text(m.Name+"\x00"+m.Code)
	}
	sorted := make([]api.MunicipalityStatus, 0, len(ms))
	for _, i := range table.Rows(keys, names, o.Desc) {
		sorted = append(sorted, ms[i])
	}
	copy(ms, sorted)
}

// Counts is the summary line's figures.
type Counts struct{ Municipalities, Answered, Invited int }

// Count counts the county's municipalities, those that have answered and
// those with a code.
func Count(st api.Status) Counts {
	c := Counts{Municipalities: len(st.Municipalities)}
	for _, m := range st.Municipalities {
		if StateOf(m) == Answered {
			c.Answered++
		}
		if m.Invited != "" {
			c.Invited++
		}
	}
	return c
}

// Summary is the line above the table: "3 av 15 kommuner har svarat. 5 är
// inbjudna."
func Summary(st api.Status, lang string) string {
	c := Count(st)
	return i18n.Fill(i18n.For(lang).LeadSummary, c.Answered, c.Municipalities, c.Invited)
}

// Uninvited are the municipalities without a code ("all not yet invited").
func Uninvited(st api.Status) []string {
	var out []string
	for _, m := range st.Municipalities {
		if m.Invited == "" {
			out = append(out, m.Code)
		}
	}
	return out
}

// Reinvited names the picked municipalities that already have a code,
// whose links a new code would stop, in Swedish order: what the lead
// confirms first.
func Reinvited(st api.Status, picked map[string]bool) []string {
	var out []string
	for _, m := range st.Municipalities {
		if picked[m.Code] && m.Invited != "" {
			out = append(out, m.Name)
		}
	}
	slices.SortFunc(out, lagesbild.CompareNames)
	return out
}

// Picked lists the picked municipalities of the county in the worker's
// order (codes of other counties, which the table never shows, are left out).
func Picked(st api.Status, picked map[string]bool) []string {
	var out []string
	for _, m := range st.Municipalities {
		if picked[m.Code] {
			out = append(out, m.Code)
		}
	}
	return out
}

// StatusTable is every municipality of the county with a box to pick it,
// its state, the date (of the latest response, or of the invitation), how
// many responses and how complete the latest is. The headers of name,
// status and date are buttons (data-sort) that sort the table; the sorted
// column says so with aria-sort.
func StatusTable(st api.Status, o Order, picked map[string]bool, lang string) markup.HTML {
	s := i18n.For(lang)
	ms := slices.Clone(st.Municipalities)
	Sort(ms, o)
	var w markup.Writer
	w.F(`<div class="scroll" role="region" aria-labelledby="status-cap" tabindex="0"><table class="figures status-table"><caption id="status-cap">%s</caption><thead><tr><th scope="col">%s</th>`,
		i18n.Fill(s.LeadStatusCaption, st.Name, st.Round.ID), s.ColPick)
	header := func(c Column, label string) {
		w.F(`%s`, table.Header(string(c), markup.Esc(label), o.column() == c, o.Desc, "sort-"+string(c)))
	}
	header(ByName, s.ColMunicipality)
	header(ByStatus, s.ColStatus)
	header(ByDate, s.ColDate)
	w.F(`<th scope="col">%s</th><th scope="col">%s</th></tr></thead><tbody>`, s.ColResponses, s.ColItems)
	for _, m := range ms {
		state := StateOf(m)
		checked := markup.HTML("")
		if picked[m.Code] {
			checked = " checked"
		}
		w.F(`<tr data-code="%s" class="%s"><td class="pick"><input type="checkbox" id="pick-%s" data-pick="%s" aria-label="%s"%s></td><th scope="row">%s</th><td class="state">%s`,
			m.Code, state.class(), m.Code, m.Code, i18n.Fill(s.PickMunicipality, m.Name), checked, m.Name, stateText(s, state))
		// A partial response (issue 14: an item that applies unanswered;
		// "Vet ej" and "Ej aktuellt" are answers) is marked in words.
		if state == Answered && m.Items < st.Items {
			w.F(`, <span class="mark">%s</span>`, s.RowPartial)
		}
		if state == Answered && m.Workshop {
			w.F(`, %s`, s.FromWorkshop)
		}
		w.F(`</td>`)
		if d := DateOf(m); d != "" {
			w.F(`<td class="date" data-stamp="%s">%s</td>`, d, day(lang, d))
		} else {
			w.F(`<td class="date">–</td>`)
		}
		if state == Answered {
			w.F(`<td>%d</td><td>%s</td>`, m.Responses, i18n.Fill(s.ItemsOf, m.Items, st.Items))
		} else {
			w.F(`<td>–</td><td>–</td>`)
		}
		w.F(`</tr>`)
	}
	w.F(`</tbody></table></div>`)
	return w.HTML()
}

// SortedText announces the table's order after a sort button is pressed.
func SortedText(o Order, lang string) string {
	s := i18n.For(lang)
	name := map[Column]string{ByName: s.ColMunicipality, ByStatus: s.ColStatus, ByDate: s.ColDate}[o.column()]
	return table.SortedText(name, o.Desc, lang)
}

// Confirm asks, before new links are made for municipalities that have
// one (names, from Reinvited), whether to go on: their old links and codes
// stop working. Its heading takes the focus (tabindex -1); its buttons are
// data-action "confirm" and "cancel".
func Confirm(names []string, lang string) markup.HTML {
	s := i18n.For(lang)
	var w markup.Writer
	w.F(`<h4 id="confirm-h" tabindex="-1">%s</h4><p>%s</p><div class="buttons"><button type="button" class="primary" data-action="confirm">%s</button><button type="button" data-action="cancel">%s</button></div>`,
		s.LeadRemakeTitle, i18n.Fill(s.LeadRemakeText, i18n.List(lang, names)), s.LeadRemakeConfirm, s.LeadRemakeCancel)
	return w.HTML()
}
