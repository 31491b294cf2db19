//go:build !js

package e2e

import (
	"encoding/json"
	"fmt"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"lagesbild"
	"lagesbild/api"
	"lagesbild/wasm/i18n"
)

// TestRegionView follows the regional coordinator (issue 16, item 4): the
// lead of Södermanland (04) shares its lists on /lan/ with the switch on
// its page (stored: GET …/sharing says so); the round closes; the
// coordinator of region Öst pastes its key on /lan/ and sees its region's
// indicators, its three counties as columns, and for a regional indicator
// the municipalities of 04 that do not meet it (those worked out here from
// the answers), none of 05 (which does not share). axe finds nothing
// serious on either page.
func TestRegionView(t *testing.T) {
	need(t)
	q := kommun(t)
	cur := fmt.Sprintf("reg-%d", time.Now().UnixNano()%1000000)
	round(t, cur, "")
	var regional string
	for _, ref := range q.Indicators() {
		if ref.Regional && regional == "" {
			regional = ref.ID
		}
	}
	notMet := map[string]bool{}
	for _, c := range []string{"04", "05", "06"} {
		for i, m := range lagesbild.MunicipalitiesIn(c) {
			a := answersFor(q, i+1)
			post(t, cur, m.Code, shared.AdminToken, q, a)
			if met, ok := q.Meets(a)[regional]; ok && !met && c == "04" {
				notMet[m.Name] = true
			}
		}
	}
	if len(notMet) == 0 {
		t.Fatalf("every municipality of 04 meets %s: pick other answers", regional)
	}
	keys := codes(t, cur, nil, []string{"04"})
	status, body := call(t, shared, "POST", "/api/admin/rounds/"+cur+"/codes", shared.AdminToken, api.NewCodes{Regions: []string{"Öst"}})
	var made api.Codes
	if status != 201 || json.Unmarshal(body, &made) != nil || len(made.Codes) != 1 {
		t.Fatalf("making the region's key: %d %s", status, body)
	}
	p := newProxy(t, shared.URL)
	sv := i18n.For("sv")

	// The lead shares.
	ctx := tab(t)
	do(t, ctx, chromedp.Navigate(p.URL+"/lan/?round="+cur))
	ready(t, ctx)
	do(t, ctx, chromedp.SendKeys(chromedp.ID("token"), keys["04"]+"\n"))
	waitFor(t, ctx, "the switch", `!!document.getElementById("share-region")`, 60*time.Second)
	if eval[bool](t, ctx, `document.getElementById("share-region").checked`) {
		t.Error("shared before the lead chose to")
	}
	do(t, ctx, chromedp.Focus(chromedp.ID("share-region")))
	key(t, ctx, " ")
	waitFor(t, ctx, "the switch saved", fmt.Sprintf(`document.getElementById("county-status").textContent == %q`, sv.ShareOn), 30*time.Second)
	if !eval[bool](t, ctx, `document.activeElement && document.activeElement.id == "share-region" && document.activeElement.checked`) {
		t.Error("the focus left the switch, or it is not checked")
	}
	var sh api.Sharing
	if status, body := call(t, shared, "GET", "/api/rounds/"+cur+"/sharing/04", keys["04"], nil); status != 200 || json.Unmarshal(body, &sh) != nil || !sh.Shared {
		t.Fatalf("the sharing stored: %d %s", status, body)
	}
	audit(t, ctx, "the lead's page with the switch")

	// The round closes; the coordinator opens its view.
	if status, body := call(t, shared, "PATCH", "/api/admin/rounds/"+cur, shared.AdminToken, api.RoundChange{CloseNow: true}); status != 200 {
		t.Fatalf("closing: %d %s", status, body)
	}
	ctx = tab(t)
	do(t, ctx, chromedp.Navigate(p.URL+"/lan/?round="+url.QueryEscape(cur)))
	ready(t, ctx)
	do(t, ctx, chromedp.SendKeys(chromedp.ID("token"), made.Codes[0].Code+"\n"))
	const tbl = `document.querySelector("#region-view table.region-table")`
	waitFor(t, ctx, "the region's indicators", tbl+` && `+tbl+`.tBodies[0].rows.length > 0`, 60*time.Second)
	heads := eval[[]string](t, ctx, `Array.from(`+tbl+`.tHead.rows[0].cells).map(c => c.textContent.replace("↕", "").trim())`)
	for _, c := range []string{"04", "05", "06"} {
		county, _ := lagesbild.CountyByCode(c)
		if !slices.Contains(heads, county.Name) {
			t.Errorf("no column of %s in %q", county.Name, heads)
		}
	}
	row := fmt.Sprintf(`%s.querySelector('tr[data-indicator=%q]')`, tbl, regional)
	lists := eval[string](t, ctx, row+`.cells[`+row+`.cells.length-1].textContent`)
	sod, _ := lagesbild.CountyByCode("04")
	ost, _ := lagesbild.CountyByCode("05")
	if !strings.Contains(lists, sod.Name) || strings.Contains(lists, ost.Name) {
		t.Errorf("the lists of %s: %q, want 04's only", regional, lists)
	}
	for name := range notMet {
		if !strings.Contains(lists, name) {
			t.Errorf("%s does not meet %s, yet is not listed: %q", name, regional, lists)
		}
	}
	if got := text(t, ctx, "results"); strings.TrimSpace(got) != "" && eval[bool](t, ctx, `!document.getElementById("results").hidden`) {
		t.Errorf("the county results are shown to the region's key: %.200q", got)
	}
	if !eval[bool](t, ctx, `document.getElementById("lead").hidden`) {
		t.Error("the lead's view is shown to the region's key")
	}
	// The lists open from the keyboard.
	do(t, ctx, chromedp.Focus(chromedp.CSS(`#region-view details summary`)))
	key(t, ctx, "\r")
	waitFor(t, ctx, "the list open", `document.querySelector("#region-view details").open`, 10*time.Second)
	audit(t, ctx, "the region's indicators")
}
