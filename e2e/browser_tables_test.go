//go:build !js

package e2e

import (
	"context"
	"crypto/rand"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"lagesbild/wasm/table"
	"lagesbild/wasm/ui"
)

// TestTables reads the tables of /lan/ (the county against the country, the
// municipalities) and of /resultat/ (the comparison) on a 375 px phone:
// every column can be scrolled into the table's region, the first column
// stays in view when scrolled, every column sorts from its header button
// (with aria-sort and the order said in the status region), and the
// municipalities come by name. At 1280 px the wide municipality table says
// that it scrolls.
func TestTables(t *testing.T) {
	need(t)
	q := kommun(t)
	cur := fmt.Sprintf("tables-%d", time.Now().UnixNano()%1000000)
	round(t, cur, "")
	for i, m := range []string{"2480", "2401", "2482", "2403", "2404"} {
		post(t, cur, m, shared.AdminToken, q, answersFor(q, i+1))
	}
	keys := codes(t, cur, []string{"2480"}, []string{"24"})
	p := newProxy(t, shared.URL)
	ctx := tab(t)
	do(t, ctx, chromedp.EmulateViewport(375, 812))

	do(t, ctx, chromedp.Navigate(p.URL+"/lan/?lan=24&round="+cur))
	ready(t, ctx)
	do(t, ctx, chromedp.SendKeys(chromedp.ID("token"), keys["24"]+"\n"))
	waitFor(t, ctx, "the municipalities", `document.querySelector("#county-view table.munis tbody tr")`, 30*time.Second)
	if got := eval[string](t, ctx, `document.querySelector("table.munis thead th").getAttribute("aria-sort") || ""`); got != "ascending" {
		t.Errorf("the municipality table's name column has aria-sort %q, want ascending", got)
	}
	checkSorted(t, ctx, `document.querySelector("table.munis")`, 0, false, "the municipalities by default")
	// The county's action plans (issue 15) come next, in their own fetch.
	waitFor(t, ctx, "the county's plans", `document.querySelector("#county-plans table.plan-areas")`, 30*time.Second)
	// And its indicators (issue 16), in a fetch of their own after the plans'.
	waitFor(t, ctx, "the county's indicators", `document.querySelector("#county-indicators table.ind-table tbody tr")`, 30*time.Second)
	checkTables(t, ctx, "/lan/", "county-status", 5)
	audit(t, ctx, "the county page on a phone, sorted")

	// At 1280 px the municipality table is still wider than its region: it says so.
	do(t, ctx, chromedp.EmulateViewport(1280, 800))
	waitFor(t, ctx, "the scroll hint", `(s => s.classList.contains("overflows") && !s.querySelector(".scroll-hint").hidden
		&& s.querySelector(".scroll-hint").getBoundingClientRect().height > 0)(document.querySelector("table.munis").closest(".scroll"))`, 10*time.Second)
	screenshot(t, ctx, "tables-county-desktop.png")

	// The result of a draft for Umeå in this round, on the phone.
	do(t, ctx, chromedp.EmulateViewport(375, 812))
	id, err := ui.NewID(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	d := ui.Draft{ID: id, Questionnaire: q.ID, Version: q.Version, Round: cur, Municipality: "2480", Answers: answersFor(q, 1)}
	do(t, ctx, chromedp.Navigate(p.URL+"/resultat/?q=kommun"))
	ready(t, ctx)
	eval[bool](t, ctx, fmt.Sprintf(`(localStorage.setItem(%q, %q), sessionStorage.setItem(%q, %q), true)`, ui.StorageKey(q.ID), d.Encode(), ui.CodeKey(cur), keys["2480"]))
	do(t, ctx, chromedp.Reload())
	ready(t, ctx)
	waitFor(t, ctx, "the comparison", `document.querySelector("#compare-table table.sortable tbody tr")`, 30*time.Second)
	head := eval[[]string](t, ctx, `[...document.querySelectorAll("#compare-table thead th button")].map(b => b.firstChild.textContent)`)
	if !slices.Contains(head, "Riket") {
		t.Errorf("the comparison's columns are %q, want Riket among them", head)
	}
	checkTables(t, ctx, "/resultat/", "compare-status", 1)
	screenshotOf(t, ctx, "#compare-table", "tables-result-phone.png")
	audit(t, ctx, "the result page on a phone, sorted")
}

// checkTables checks every sortable table of the page: n of them.
func checkTables(t *testing.T, ctx context.Context, page, status string, n int) {
	t.Helper()
	if got := eval[int](t, ctx, `document.querySelectorAll("table.sortable").length`); got != n {
		t.Fatalf("%s: %d sortable tables, want %d", page, got, n)
	}
	if w := eval[[]int](t, ctx, `[document.documentElement.scrollWidth, innerWidth]`); w[0] > w[1] {
		t.Errorf("%s: the page is %d px wide in a %d px window: a table sticks out", page, w[0], w[1])
	}
	for i := range n {
		sel := fmt.Sprintf(`document.querySelectorAll("table.sortable")[%d]`, i)
		name := eval[string](t, ctx, sel+`.caption.textContent`)
		// Every column can be scrolled into the region; the first stays.
		reach := eval[[]bool](t, ctx, `(t => { const s = t.closest(".scroll"), r = s.getBoundingClientRect();
			s.scrollLeft = s.scrollWidth;
			const hs = [...t.tHead.rows[0].cells], last = hs[hs.length-1].getBoundingClientRect(), first = t.tBodies[0].rows[0].cells[0].getBoundingClientRect();
			const out = [r.right <= innerWidth + 1, last.left >= r.left - 1 && last.right <= r.right + 1, Math.abs(first.left - r.left) <= 1 && first.width > 0];
			s.scrollLeft = 0;
			return out; })(`+sel+`)`)
		for j, what := range []string{"the region is inside the window", "the last column can be scrolled into the region", "the first column stays in view"} {
			if !reach[j] {
				t.Errorf("%s, %q: not so: %s", page, name, what)
			}
		}
		// Every column sorts, ascending, then descending.
		cols := eval[int](t, ctx, sel+`.tHead.rows[0].cells.length`)
		for c := range cols {
			// A column of actions (the indicator table's "Visa i
			// diagrammet" buttons) has nothing to sort by: it has no sort
			// button, and every one of its cells holds a button.
			if eval[bool](t, ctx, fmt.Sprintf(`!%s.tHead.rows[0].cells[%d].querySelector("button.sort")`, sel, c)) {
				if !eval[bool](t, ctx, fmt.Sprintf(`[...%s.tBodies[0].rows].every(r => r.cells[%d] && r.cells[%d].querySelector("button"))`, sel, c, c)) {
					t.Errorf("%s, %q, column %d: no sort button, and not a column of actions", page, name, c+1)
				}
				continue
			}
			for _, desc := range []bool{false, true} {
				btn := fmt.Sprintf(`%s.tHead.rows[0].cells[%d].querySelector("button.sort")`, sel, c)
				want := "ascending"
				if desc {
					want = "descending"
				}
				pressed := eval[string](t, ctx, btn+`.closest("th").getAttribute("aria-sort") || ""`) != want
				if pressed {
					eval[bool](t, ctx, `(`+btn+`.focus(), true)`) // pressed with the keyboard
					key(t, ctx, kb.Enter)
				}
				what := fmt.Sprintf("%s, %q, column %d %s", page, name, c+1, want)
				waitFor(t, ctx, what, btn+`.closest("th").getAttribute("aria-sort") == "`+want+`"`, 5*time.Second)
				if others := eval[int](t, ctx, sel+`.querySelectorAll("th[aria-sort]").length`); others != 1 {
					t.Errorf("%s: %d headers with aria-sort, want 1", what, others)
				}
				if pressed {
					if !eval[bool](t, ctx, `document.activeElement == `+btn) {
						t.Errorf("%s: the focus left the sort button", what)
					}
					label := eval[string](t, ctx, btn+`.firstChild.textContent`)
					if got, w := text(t, ctx, status), table.SortedText(strings.TrimSpace(label), desc, "sv"); got != w {
						t.Errorf("%s: the status says %q, want %q", what, got, w)
					}
				}
				checkSorted(t, ctx, sel, c, desc, what)
			}
		}
	}
}

// checkSorted reads a table's rows (the JavaScript expression tbl) and
// checks that they are in order by a column, as wasm/table sorts them: the
// first and the last row and all between.
func checkSorted(t *testing.T, ctx context.Context, tbl string, col int, desc bool, what string) {
	t.Helper()
	rows := eval[[][][]string](t, ctx, `[...(`+tbl+`).tBodies[0].rows].map(r => [...r.cells].map(c => [c.dataset.key || "", c.textContent]))`)
	keys, names := make([]table.Key, len(rows)), make([]table.Key, len(rows))
	for i, r := range rows {
		if col >= len(r) {
			t.Fatalf("%s: row %d has %d cells", what, i+1, len(r))
		}
		keys[i], names[i] = table.ParseKey(r[col][0], r[col][1]), table.Text(r[0][1])
	}
	order := table.Rows(keys, names, desc)
	for i, j := range order {
		if i != j {
			var got []string
			for _, r := range rows {
				got = append(got, r[0][1]+": "+r[col][1])
			}
			t.Errorf("%s: the rows are not in order: %q", what, got)
			return
		}
	}
	if len(rows) < 2 {
		t.Errorf("%s: %d rows, too few to see an order", what, len(rows))
	}
}
