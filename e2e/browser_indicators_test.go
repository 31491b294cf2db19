//go:build !js

package e2e

import (
	"archive/zip"
	"bytes"
	"crypto/rand"
	"fmt"
	"image/color"
	"image/png"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	cdpbrowser "github.com/chromedp/cdproto/browser"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"lagesbild"
	"lagesbild/questionnaires"
	"lagesbild/wasm/chart"
	"lagesbild/wasm/i18n"
	"lagesbild/wasm/report"
	"lagesbild/wasm/table"
	"lagesbild/wasm/ui"
)

// TestIndicatorsView opens /lan/ for Västerbotten's lead after five of its
// municipalities have answered (issue 16): the indicators table comes
// below the plans, an indicator's county share is the one worked out here
// from the answers posted (Questionnaire.Meets; only municipalities whose
// answer tells count in n), the table sorts by a column from its header
// button, the long export downloads as Excel's CSV with the key in a
// header, and axe finds nothing serious.
func TestIndicatorsView(t *testing.T) {
	need(t)
	q := kommun(t)
	cur := fmt.Sprintf("ind-%d", time.Now().UnixNano()%1000000)
	round(t, cur, "")
	met, n := map[string]int{}, map[string]int{}
	for i, m := range []string{"2480", "2401", "2482", "2403", "2404"} {
		a := answersFor(q, i+1)
		post(t, cur, m, shared.AdminToken, q, a)
		for id, ok := range q.Meets(a) {
			n[id]++
			if ok {
				met[id]++
			}
		}
	}
	// The first indicator of the questionnaire that the answers tell.
	var id string
	for _, s := range q.Sections {
		for _, it := range s.Items {
			for _, ind := range it.Indicators {
				if id == "" && n[ind.ID] > 0 {
					id = ind.ID
				}
			}
		}
	}
	if id == "" {
		t.Fatal("the answers tell no indicator of the questionnaire")
	}
	share := lagesbild.IndicatorShare(met[id], n[id])
	want := report.SharePercent("sv", *share) + " (" + i18n.Fill(i18n.For("sv").IndMetOf, met[id], n[id]) + ")"

	keys := codes(t, cur, nil, []string{"24"})

	// The länsstyrelse's own response, in a round of its own questionnaire
	// with a key of its own; what it answers to each item matching one of
	// the municipalities' indicators (issue 16).
	lq, err := questionnaires.Get("lansstyrelse", 0)
	if err != nil {
		t.Fatal(err)
	}
	lround := "l" + cur
	if status, body := call(t, shared, "POST", "/api/admin/rounds", shared.AdminToken, map[string]any{
		"id": lround, "questionnaire": "lansstyrelse", "opens": "2020-01-01", "closes": "2099-12-31"}); status != 201 {
		t.Fatalf("making round %s: %d %s", lround, status, body)
	}
	lkeys := codes(t, lround, nil, []string{"24"})
	la := answersFor(lq, 2)
	rid, err := ui.NewID(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	if status, body := call(t, shared, "POST", "/api/responses", lkeys["24"], map[string]any{
		"id": rid, "round": lround, "questionnaire": lq.ID, "version": lq.Version, "county": "24", "answers": la}); status != 201 {
		t.Fatalf("posting the länsstyrelse's response: %d %s", status, body)
	}
	beside := map[string]string{} // kommun indicator → the länsstyrelse's answer
	for _, sec := range lq.Sections {
		for _, it := range sec.Items {
			if o, ok := it.Option(la[it.ID]); ok && it.MatchesIndicator != "" {
				beside[it.MatchesIndicator] = o.Label.SV
			}
		}
	}
	if len(beside) == 0 {
		t.Fatal("no item of the länsstyrelse's questionnaire matches an indicator")
	}
	p := newProxy(t, shared.URL)
	ctx := tab(t)
	dir := t.TempDir()
	if _, err := chromedp.CallBrowser(ctx, cdpbrowser.SetDownloadBehavior, cdpbrowser.SetDownloadBehaviorParams{
		Behavior: cdpbrowser.SetDownloadBehaviorBehaviorAllow, DownloadPath: dir, BrowserContextID: chromedp.FromContext(ctx).BrowserContextID}); err != nil {
		t.Fatal(err)
	}
	// Both keys kept in the tab, as the page keeps those typed in.
	do(t, ctx, chromedp.Navigate(p.URL+"/lan/"))
	ready(t, ctx)
	eval[bool](t, ctx, fmt.Sprintf(`(sessionStorage.setItem("lagesbild:tokens", %q), true)`, keys["24"]+"\n"+lkeys["24"]))
	do(t, ctx, chromedp.Navigate(p.URL+"/lan/?lan=24&round="+cur))
	ready(t, ctx)
	const tbl = `document.querySelector("#county-indicators table.ind-table")`
	waitFor(t, ctx, "the indicators", tbl+` && `+tbl+`.tBodies[0].rows.length > 0`, 60*time.Second)

	row := fmt.Sprintf(`%s.querySelector('tr[data-indicator=%q]')`, tbl, id)
	if got := eval[string](t, ctx, row+`.cells[1].textContent`); got != want {
		t.Errorf("indicator %s: the county's share is %q, want %q (%d of %d meet it)", id, got, want, met[id], n[id])
	}
	notMet := n[id] - met[id]
	// The last column is the chart's button; the one before, who does not meet it.
	if got := eval[string](t, ctx, row+`.cells[`+row+`.cells.length-2].dataset.key`); got != fmt.Sprint(notMet) {
		t.Errorf("indicator %s: %s do not meet it, want %d", id, got, notMet)
	}
	// The länsstyrelse's answer beside each matching indicator, and its
	// own answers in a table of their own.
	waitFor(t, ctx, "the länsstyrelse's own answers", `document.querySelector("#county-indicators table.own-table") != null`, 60*time.Second)
	own := eval[int](t, ctx, tbl+`.tHead.rows[0].cells.length`) // the column's index below
	ownCol := -1
	for i := 0; i < own; i++ {
		if eval[string](t, ctx, fmt.Sprintf(`%s.tHead.rows[0].cells[%d].textContent`, tbl, i)) == i18n.For("sv").IndColOwn+"↕" {
			ownCol = i
		}
	}
	if ownCol < 0 {
		t.Fatalf("no column %q in the indicators", i18n.For("sv").IndColOwn)
	}
	for ind, label := range beside {
		r := fmt.Sprintf(`%s.querySelector('tr[data-indicator=%q]')`, tbl, ind)
		if !eval[bool](t, ctx, r+` != null`) {
			continue // the round's questionnaire has no such indicator
		}
		want := "Länsstyrelsen svarar: " + label + " — kommunerna: "
		if got := eval[string](t, ctx, fmt.Sprintf(`%s.cells[%d].textContent`, r, ownCol)); !strings.HasPrefix(got, want) {
			t.Errorf("indicator %s: the länsstyrelse's cell is %q, want it to start %q", ind, got, want)
		}
	}
	if got := eval[int](t, ctx, `document.querySelectorAll("#county-indicators table.own-table tbody tr").length`); got != lq.ItemCount() {
		t.Errorf("the länsstyrelse's own answers have %d rows, want %d items", got, lq.ItemCount())
	}

	// The chart beside the table: drawn, then redrawn for the indicator
	// chosen with a row's button, with the bars' colour on the canvas.
	const frame = `document.getElementById("ind-chart")`
	const drawn = `(() => { const f = ` + frame + `; return f && f.contentDocument && f.contentDocument.body && +f.contentDocument.body.getAttribute("data-drawn") || 0; })()`
	waitFor(t, ctx, "the indicator chart", drawn+` > 0`, 90*time.Second)
	last := eval[string](t, ctx, tbl+`.tBodies[0].rows[`+tbl+`.tBodies[0].rows.length-1].dataset.indicator`)
	lastTitle := eval[string](t, ctx, tbl+`.tBodies[0].rows[`+tbl+`.tBodies[0].rows.length-1].cells[0].textContent`)
	showBtn := fmt.Sprintf(`%s.querySelector('button[data-chart=%q]')`, tbl, last)
	before := eval[int](t, ctx, drawn)
	eval[bool](t, ctx, `(`+showBtn+`.focus(), true)`)
	key(t, ctx, kb.Enter)
	waitFor(t, ctx, "the chart of "+last, frame+`.contentDocument.querySelector("canvas").getAttribute("aria-label").includes(`+fmt.Sprintf("%q", lastTitle)+`)`, 30*time.Second)
	if got := eval[string](t, ctx, showBtn+`.getAttribute("aria-pressed")`); got != "true" {
		t.Errorf("the chosen indicator's button: aria-pressed %q, want true", got)
	}
	if n := eval[int](t, ctx, tbl+`.querySelectorAll('button[aria-pressed="true"]').length`); n != 1 {
		t.Errorf("%d buttons pressed, want 1", n)
	}
	if got := eval[string](t, ctx, `document.activeElement.dataset.chart || ""`); got != last {
		t.Errorf("the focus is on %q, want the button of %s", got, last)
	}
	waitFor(t, ctx, "the chart redrawn", drawn+` > `+fmt.Sprint(before), 30*time.Second)
	if title := eval[string](t, ctx, frame+`.title`); title != i18n.For("sv").IndChartFrame {
		t.Errorf("the chart frame's title %q", title)
	}
	shot := screenshotOf(t, ctx, "#ind-chart-box", "county-indicators-chart.png")
	if n := countColour(t, shot, chart.StyleOf(1).Stroke); n < 30 {
		t.Errorf("the chart has %d pixels of this round's colour, want its legend marker at least", n)
	}

	// The round is private and open: the country's figures come later.
	if got := text(t, ctx, "county-indicators"); !bytes.Contains([]byte(got), []byte(i18n.For("sv").IndPending)) {
		t.Errorf("no %q in the indicators: %q", i18n.For("sv").IndPending, got)
	}

	// Sort by the county's share, with the keyboard.
	btn := tbl + `.tHead.rows[0].cells[1].querySelector("button.sort")`
	eval[bool](t, ctx, `(`+btn+`.focus(), true)`)
	key(t, ctx, kb.Enter)
	waitFor(t, ctx, "the indicators sorted by the county's share", btn+`.closest("th").getAttribute("aria-sort") == "ascending"`, 10*time.Second)
	if want := table.SortedText(i18n.For("sv").IndColCounty, false, "sv"); text(t, ctx, "county-status") != want {
		t.Errorf("the status says %q, want %q", text(t, ctx, "county-status"), want)
	}
	checkSorted(t, ctx, tbl, 1, false, "the indicators by the county's share")

	// The long export, fetched with the key in a header.
	do(t, ctx, chromedp.Click(chromedp.CSS(`#county-indicators a[data-export="csv"]`)))
	file := filepath.Join(dir, "lagesbild-"+cur+"-long.csv")
	waitFile(t, file)
	b, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	if head := "\uFEFFMått;Enhetstyp;Kod;Namn;Omgång;Värde;N;Undertryckt\r\n"; !bytes.HasPrefix(b, []byte(head)) {
		t.Errorf("the long export starts %q, want %q", b[:min(len(b), 80)], head)
	}
	if !bytes.Contains(b, []byte(`"`+id+`";`)) {
		t.Errorf("the long export has no row of %s", id)
	}
	// The same as an Excel workbook: fetched as bytes (read as text it
	// would be mangled), a zip whose sheet has the code as a text cell.
	do(t, ctx, chromedp.Click(chromedp.CSS(`#county-indicators a[data-export="xlsx"]`)))
	file = filepath.Join(dir, "lagesbild-"+cur+"-long.xlsx")
	waitFile(t, file)
	b, err = os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	z, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		t.Fatalf("the downloaded workbook is no zip (%d bytes, %q…): %v", len(b), b[:min(len(b), 8)], err)
	}
	sheet, err := z.Open("xl/worksheets/sheet1.xml")
	if err != nil {
		t.Fatal(err)
	}
	xml, _ := io.ReadAll(sheet)
	if want := `t="inlineStr"><is><t xml:space="preserve">` + id + `</t>`; !bytes.Contains(xml, []byte(want)) {
		t.Errorf("the workbook has no text cell %s", id)
	}
	audit(t, ctx, "the county's indicators")
}

// countColour counts the pixels of exactly colour c in a PNG file.
func countColour(t *testing.T, path string, c color.RGBA) int {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	img, err := png.Decode(f)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	b := img.Bounds()
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			if r, g, bl, _ := img.At(x, y).RGBA(); uint8(r>>8) == c.R && uint8(g>>8) == c.G && uint8(bl>>8) == c.B {
				n++
			}
		}
	}
	return n
}
