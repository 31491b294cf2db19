//go:build !js

package e2e

import (
	"archive/zip"
	"bytes"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"testing"
	"time"

	cdpbrowser "github.com/chromedp/cdproto/browser"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"lagesbild"
	"lagesbild/wasm/i18n"
	"lagesbild/wasm/report"
	"lagesbild/wasm/table"
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
	p := newProxy(t, shared.URL)
	ctx := tab(t)
	dir := t.TempDir()
	if _, err := chromedp.CallBrowser(ctx, cdpbrowser.SetDownloadBehavior, cdpbrowser.SetDownloadBehaviorParams{
		Behavior: cdpbrowser.SetDownloadBehaviorBehaviorAllow, DownloadPath: dir, BrowserContextID: chromedp.FromContext(ctx).BrowserContextID}); err != nil {
		t.Fatal(err)
	}
	do(t, ctx, chromedp.Navigate(p.URL+"/lan/?lan=24&round="+cur))
	ready(t, ctx)
	do(t, ctx, chromedp.SendKeys(chromedp.ID("token"), keys["24"]+"\n"))
	const tbl = `document.querySelector("#county-indicators table.ind-table")`
	waitFor(t, ctx, "the indicators", tbl+` && `+tbl+`.tBodies[0].rows.length > 0`, 60*time.Second)

	row := fmt.Sprintf(`%s.querySelector('tr[data-indicator=%q]')`, tbl, id)
	if got := eval[string](t, ctx, row+`.cells[1].textContent`); got != want {
		t.Errorf("indicator %s: the county's share is %q, want %q (%d of %d meet it)", id, got, want, met[id], n[id])
	}
	notMet := n[id] - met[id]
	if got := eval[string](t, ctx, row+`.cells[`+row+`.cells.length-1].dataset.key`); got != fmt.Sprint(notMet) {
		t.Errorf("indicator %s: %s do not meet it, want %d", id, got, notMet)
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
