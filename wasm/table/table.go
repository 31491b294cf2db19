// Package table sorts the tables of figures: the county lead's status table
// (wasm/invite), the municipalities and the county on /lan/ and the
// comparison on /resultat/ (wasm/report). It is pure: the keys a table is
// sorted by are values, or the data-key attributes of its cells (Key.Attr,
// ParseKey) that the app's glue reads from the page.
package table

import (
	"cmp"
	"slices"
	"strconv"

	"lagesbild"
	"lagesbild/markup"
	"lagesbild/wasm/i18n"
)

// Kind is what a cell holds, for sorting.
type Kind int

const (
	Name       Kind = iota // text, in Swedish name order (lagesbild.CompareNames)
	Number                 // a number
	Suppressed             // a figure held back ("för få svar")
	Missing                // no value
)

// Key is what a cell is sorted by.
type Key struct {
	Kind Kind
	Text string
	Num  float64
}

// Text is a name's key; Num a number's; None a missing value's; TooFew a
// suppressed figure's.
func Text(s string) Key { return Key{Kind: Name, Text: s} }
func Num(v float64) Key { return Key{Kind: Number, Num: v} }

// NumOf is a number's key, or None for no number.
func NumOf(v *float64) Key {
	if v == nil {
		return None
	}
	return Num(*v)
}

var (
	None   = Key{Kind: Missing}
	TooFew = Key{Kind: Suppressed}
)

// Attr is the key as a cell's data-key attribute: "" for a name (the glue
// then sorts by the cell's text), "-" missing, "s" suppressed, else the number.
func (k Key) Attr() string {
	switch k.Kind {
	case Number:
		return strconv.FormatFloat(k.Num, 'g', 12, 64) // enough to order by; no float noise
	case Suppressed:
		return "s"
	case Missing:
		return "-"
	}
	return ""
}

// ParseKey reads a cell's key back from its data-key attribute and text.
func ParseKey(attr, text string) Key {
	switch attr {
	case "":
		return Text(text)
	case "s":
		return TooFew
	case "-":
		return None
	}
	if v, err := strconv.ParseFloat(attr, 64); err == nil {
		return Num(v)
	}
	return Text(attr)
}

// rank puts values first, then suppressed figures, then missing ones.
func (k Key) rank() int {
	switch k.Kind {
	case Suppressed:
		return 1
	case Missing:
		return 2
	}
	return 0
}

// Compare orders two keys, descending when desc; suppressed and missing
// values come last either way. Numbers come before names.
func Compare(a, b Key, desc bool) int {
	if ra, rb := a.rank(), b.rank(); ra != rb || ra > 0 {
		return ra - rb
	}
	c := 0
	switch {
	case a.Kind == Number && b.Kind == Number:
		c = cmp.Compare(a.Num, b.Num)
	case a.Kind == Number:
		return -1
	case b.Kind == Number:
		return 1
	default:
		c = lagesbild.CompareNames(a.Text, b.Text)
	}
	if desc {
		c = -c
	}
	return c
}

// Rows is the order of a table's rows sorted by keys (one a row), desc or
// not: the indices of the rows, in their new order. Ties go by tie (the
// rows' names, ascending), then stay as they were.
func Rows(keys, tie []Key, desc bool) []int {
	idx := make([]int, len(keys))
	for i := range idx {
		idx[i] = i
	}
	slices.SortStableFunc(idx, func(i, j int) int {
		if c := Compare(keys[i], keys[j], desc); c != 0 {
			return c
		}
		if i < len(tie) && j < len(tie) {
			return Compare(tie[i], tie[j], false)
		}
		return 0
	})
	return idx
}

// Follow is order with every row that follows another (follows[i]: a
// row drawn under the one before it, such as the previous round's figures
// of a group) kept right after the nearest row before it that does not,
// in their first order, wherever order moves that row; their own places in
// order are dropped. A following row with none before it stands alone.
func Follow(order []int, follows []bool) []int {
	under := map[int][]int{} // a row → the rows under it
	placed := map[int]bool{} // rows under another
	lead := -1
	for i, f := range follows {
		if f && lead >= 0 {
			under[lead] = append(under[lead], i)
			placed[i] = true
		} else {
			lead = i
		}
	}
	if len(placed) == 0 {
		return order
	}
	out := make([]int, 0, len(order))
	for _, i := range order {
		if !placed[i] {
			out = append(out, i)
			out = append(out, under[i]...)
		}
	}
	return out
}

// Header is a column header with a button that sorts by the column
// (data-sort="col"); the sorted column says so with aria-sort. id, when
// not "", names the button (to focus it again after the table is drawn anew).
func Header(col string, label markup.HTML, sorted, desc bool, id string) markup.HTML {
	sort, arrow := "", "↕"
	if sorted {
		sort, arrow = ` aria-sort="ascending"`, "▲"
		if desc {
			sort, arrow = ` aria-sort="descending"`, "▼"
		}
	}
	if id != "" {
		id = ` id="` + id + `"`
	}
	var w markup.Writer
	w.F(`<th scope="col"%s><button type="button" class="sort" data-sort="%s"%s>%s<span class="arrow" aria-hidden="true">%s</span></button></th>`,
		markup.HTML(sort), col, markup.HTML(id), label, arrow)
	return w.HTML()
}

// SortedText announces a table's order after a sort button is pressed:
// "Tabellen är sorterad efter Kommun, stigande." (label is the column's name).
func SortedText(label string, desc bool, lang string) string {
	s := i18n.For(lang)
	if desc {
		return i18n.Fill(s.SortedDescending, label)
	}
	return i18n.Fill(s.SortedAscending, label)
}

// Hint is the line at the top of a table's scrolling region, shown (by the
// glue, when the table is wider than the region) to say that it scrolls.
func Hint(lang string) markup.HTML {
	var w markup.Writer
	w.F(`<p class="scroll-hint" hidden>%s</p>`, i18n.For(lang).TableScrollHint)
	return w.HTML()
}
