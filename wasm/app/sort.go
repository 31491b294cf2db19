//go:build js && wasm

package main

import (
	"strings"

	"lagesbild/wasm/dom"
	"lagesbild/wasm/i18n"
	"lagesbild/wasm/page"
	"lagesbild/wasm/table"
)

// sortedTables keeps how each sortable table (by its caption's id) was
// sorted, to sort it again when the page draws it anew (another language,
// new figures).
var sortedTables = map[string]tableOrder{}

type tableOrder struct {
	col  string
	desc bool
}

// sortTables makes the sortable tables (table.sortable, wasm/report) in
// root sort by the column whose header button is pressed, again for the
// other way round; st (a status region) says the new order. The rows
// are moved, not drawn anew, so the focus stays on the button.
func sortTables(root dom.Element, st *page.Status) {
	root.On("click", func(ev dom.Event) {
		b := ev.Target().Closest("table.sortable button[data-sort]")
		if !b.OK() {
			return
		}
		t := b.Closest("table")
		th := b.Closest("th")
		desc := th.Attr("aria-sort") == "ascending"
		col := b.Data("sort")
		sortTable(t, col, desc)
		sortedTables[tableID(t)] = tableOrder{col, desc}
		label := b.Text() // without the arrow and the county's count
		for _, sel := range []string{".arrow", ".n"} {
			if x := b.Query(sel); x.OK() {
				label = strings.Replace(label, x.Text(), "", 1)
			}
		}
		label = strings.TrimSpace(label)
		st.Set("", func(*i18n.Strings) string { return table.SortedText(label, desc, page.Lang) })
	})
	dom.OnWindow("resize", func(dom.Event) { fitTables(root) })
}

func tableID(t dom.Element) string { return t.Query("caption").ID() }

// sortTable sorts a table's rows by a column (its button's data-sort),
// with the keys of its cells (data-key, else the text), and marks the
// column's header with aria-sort.
func sortTable(t dom.Element, col string, desc bool) {
	at := -1
	for i, th := range t.QueryAll("thead th") {
		b := th.Query("button[data-sort]")
		arrow := "↕"
		if b.OK() && b.Data("sort") == col {
			at = i
			sort, a := "ascending", "▲"
			if desc {
				sort, a = "descending", "▼"
			}
			th.SetAttr("aria-sort", sort)
			arrow = a
		} else {
			th.RemoveAttr("aria-sort")
		}
		th.Query(".arrow").SetText(arrow)
	}
	if at < 0 {
		return
	}
	body := t.Query("tbody")
	rows := body.QueryAll(":scope > tr")
	keys, names := make([]table.Key, len(rows)), make([]table.Key, len(rows))
	follows := make([]bool, len(rows)) // a previous round's row (data-prev) stays under its group's
	for i, r := range rows {
		follows[i] = r.Attr("data-prev") != ""
		cells := r.QueryAll(":scope > th, :scope > td")
		if at < len(cells) {
			keys[i] = table.ParseKey(cells[at].Data("key"), cells[at].Text())
		}
		if len(cells) > 0 {
			names[i] = table.Text(cells[0].Text())
		}
	}
	for _, i := range table.Follow(table.Rows(keys, names, desc), follows) {
		body.Append(rows[i])
	}
}

// fitTables shows the hint of each table region in root that is wider
// than its box, marks those regions (class "overflows", for the shadow at
// the cut edge) and sorts the tables as they were sorted before.
func fitTables(root dom.Element) {
	for _, sc := range root.QueryAll(".scroll") {
		over := sc.Overflows()
		sc.SetClass("overflows", over)
		sc.Query(".scroll-hint").SetHidden(!over)
		if over && sc.Data("fit") == "" {
			sc.SetAttr("data-fit", "1") // one listener per region
			sc.On("scroll", func(dom.Event) { sc.SetClass("at-end", sc.ScrolledToEnd()) })
		}
		sc.SetClass("at-end", sc.ScrolledToEnd())
	}
	for _, t := range root.QueryAll("table.sortable") {
		if o, ok := sortedTables[tableID(t)]; ok {
			sortTable(t, o.col, o.desc)
		}
	}
}
