//go:build !js

package e2e

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	cdpbrowser "github.com/chromedp/cdproto/browser"
	"github.com/chromedp/chromedp"

	"lagesbild"
	"lagesbild/api"
	"lagesbild/wasm/coordinator"
	"lagesbild/wasm/i18n"
)

// signInCoordinator opens the coordinator's page and signs in with the
// admin token, typed into the form.
func signInCoordinator(t *testing.T, ctx context.Context, origin string) {
	t.Helper()
	do(t, ctx, chromedp.Navigate(origin+"/samordning/"))
	ready(t, ctx)
	waitFor(t, ctx, "the sign-in form", `!document.getElementById("signin").hidden`, 10*time.Second)
	do(t, ctx, chromedp.SendKeys(chromedp.ID("admin-token"), shared.AdminToken))
	eval[bool](t, ctx, `(document.getElementById("signin-form").requestSubmit(), true)`)
	waitFor(t, ctx, "the signed-in page", `!document.getElementById("coord").hidden`, 10*time.Second)
	if got := active(t, ctx).ID; got != "rounds-h" {
		t.Errorf("after signing in the focus is on %q, want the rounds' heading", got)
	}
}

// tokenNowhere checks the admin token is kept for the tab only: in
// sessionStorage, not in the address, not in localStorage.
func tokenNowhere(t *testing.T, ctx context.Context, when string) {
	t.Helper()
	if href := eval[string](t, ctx, `location.href`); strings.Contains(href, shared.AdminToken) {
		t.Errorf("%s: the admin token is in the address %s", when, href)
	}
	if local := eval[string](t, ctx, `JSON.stringify(localStorage)`); strings.Contains(local, shared.AdminToken) {
		t.Errorf("%s: the admin token is in localStorage", when)
	}
}

// setField sets a form control's value and tells the page, as a person's
// choice does.
func setField(t *testing.T, ctx context.Context, id, value string) {
	t.Helper()
	eval[bool](t, ctx, fmt.Sprintf(`(e => { e.value = %q; e.dispatchEvent(new Event("change", {bubbles: true})); return true; })(document.getElementById(%q))`, value, id))
}

// TestCoordinatorKeys plays the coordinator's page with the routes every
// worker has: sign in with the admin token, create a round with the pickers
// (after a mistake the page catches itself), make keys for two counties,
// read them from the table shown once, copy one and download the file,
// revoke one — which the worker then refuses (403 code_invalid) while the
// other still works — and sign out. The admin token is never in the
// address or localStorage; axe finds nothing serious; the page works 375 px
// wide.
func TestCoordinatorKeys(t *testing.T) {
	need(t)
	sv := i18n.For("sv")
	p := newProxy(t, shared.URL)
	ctx := tab(t)
	dir := t.TempDir()
	bctx := chromedp.FromContext(ctx).BrowserContextID
	if _, err := chromedp.CallBrowser(ctx, cdpbrowser.SetDownloadBehavior, cdpbrowser.SetDownloadBehaviorParams{
		Behavior: cdpbrowser.SetDownloadBehaviorBehaviorAllow, DownloadPath: dir, BrowserContextID: bctx}); err != nil {
		t.Fatal(err)
	}
	for _, perm := range []string{"clipboard-read", "clipboard-write"} {
		if _, err := chromedp.CallBrowser(ctx, cdpbrowser.SetPermission, cdpbrowser.SetPermissionParams{
			Permission: &cdpbrowser.PermissionDescriptor{Name: perm}, Setting: cdpbrowser.PermissionSettingGranted,
			Origin: p.URL, BrowserContextID: bctx}); err != nil {
			t.Fatal(err)
		}
	}

	signInCoordinator(t, ctx, p.URL)
	tokenNowhere(t, ctx, "signed in")
	if got := eval[string](t, ctx, `sessionStorage.getItem("`+coordinator.AdminKey+`")`); got != shared.AdminToken {
		t.Errorf("the tab's sessionStorage keeps %q, want the admin token", got)
	}

	// The pickers, from GET /api/questionnaires: the latest version chosen.
	q := kommun(t)
	waitFor(t, ctx, "the questionnaires", `document.getElementById("round-questionnaire").options.length > 0`, 30*time.Second)
	setField(t, ctx, coordinator.FieldQuestionnaire, "kommun")
	if got, want := eval[string](t, ctx, `(s => s.options[s.selectedIndex].textContent)(document.getElementById("round-version"))`),
		i18n.Fill(sv.CoordVersionLatest, q.Version); got != want {
		t.Errorf("the version chosen is %q, want %q", got, want)
	}

	// A last day before the first: the page says so before sending.
	id := fmt.Sprintf("samo-%d", time.Now().UnixNano()%1e9)
	do(t, ctx, chromedp.SendKeys(chromedp.ID(coordinator.FieldID), id))
	setField(t, ctx, coordinator.FieldOpens, "2026-03-01")
	setField(t, ctx, coordinator.FieldLastDay, "2026-02-01")
	eval[bool](t, ctx, `(document.getElementById("new-round").requestSubmit(), true)`)
	waitFor(t, ctx, "the error summary", `!document.getElementById("new-errors").hidden`, 10*time.Second)
	if got := active(t, ctx).ID; got != "new-errors" {
		t.Errorf("after a refused form the focus is on %q, want the error summary", got)
	}
	if got := text(t, ctx, "new-errors"); !strings.Contains(got, sv.CoordErrOrder) {
		t.Errorf("the error summary says %q, want %q", got, sv.CoordErrOrder)
	}
	if got := eval[string](t, ctx, `document.getElementById("`+coordinator.FieldLastDay+`").getAttribute("aria-invalid")`); got != "true" {
		t.Errorf("the last day is not marked invalid: %q", got)
	}
	if status, _ := call(t, shared, "GET", "/api/rounds/"+id, "", nil); status != 404 {
		t.Errorf("the refused round reached the worker: GET it answers %d", status)
	}

	// Corrected: the round is created and chosen.
	setField(t, ctx, coordinator.FieldOpens, "2020-01-01")
	setField(t, ctx, coordinator.FieldLastDay, "2099-12-31")
	eval[bool](t, ctx, `(document.getElementById("new-round").requestSubmit(), true)`)
	waitFor(t, ctx, "the new round", fmt.Sprintf(`!document.getElementById("round").hidden && document.getElementById("round-h").textContent == %q`,
		i18n.Fill(sv.CoordRoundTitle, id)), 30*time.Second)
	if got, want := text(t, ctx, "new-status"), i18n.Fill(sv.CoordCreated, id); got != want {
		t.Errorf("after creating, the status says %q, want %q", got, want)
	}
	if !eval[bool](t, ctx, `document.getElementById("new-errors").hidden`) {
		t.Errorf("the error summary is still shown")
	}
	status, body := call(t, shared, "GET", "/api/rounds/"+id, "", nil)
	var r api.Round
	if err := json.Unmarshal(body, &r); status != 200 || err != nil {
		t.Fatalf("GET the new round: %d %s %v", status, body, err)
	}
	// 00.00 Swedish time on the first day; midnight after the last.
	if r.Opens != "2019-12-31T23:00:00Z" || r.Closes != "2099-12-31T23:00:00Z" || r.Questionnaire != "kommun" || r.Version != q.Version || r.OpenToAll || !r.Open {
		t.Errorf("the round created is %+v", r)
	}
	if got := eval[[]string](t, ctx, `[document.getElementById("change-opens").value, document.getElementById("change-lastday").value]`); strings.Join(got, " ") != "2020-01-01 2099-12-31" {
		t.Errorf("the chosen round's dates are %q", got)
	}

	// Keys for two counties: none chosen first, then Stockholm and Västerbotten.
	eval[bool](t, ctx, `(document.getElementById("keys-form").requestSubmit(), true)`)
	waitFor(t, ctx, "the keys' error summary", `!document.getElementById("keys-errors").hidden`, 10*time.Second)
	if got := text(t, ctx, "keys-errors"); !strings.Contains(got, sv.CoordErrNoCounty) {
		t.Errorf("no county chosen: %q", got)
	}
	eval[bool](t, ctx, `(["01", "24"].forEach(c => document.getElementById("county-" + c).click()), true)`)
	eval[bool](t, ctx, `(document.getElementById("keys-form").requestSubmit(), true)`)
	waitFor(t, ctx, "the keys shown once", `!document.getElementById("once").hidden`, 30*time.Second)
	if got := active(t, ctx).ID; got != "once-h" {
		t.Errorf("after making keys the focus is on %q, want the heading of the keys shown once", got)
	}
	rows := eval[[][]string](t, ctx, `[...document.querySelectorAll("#new-keys tbody tr")].map(tr => [...tr.cells].map(c => c.textContent))`)
	if len(rows) != 2 {
		t.Fatalf("the keys shown once: %q", rows)
	}
	keys := map[string]string{}
	for _, row := range rows {
		c, ok := map[string]string{"Stockholms län": "01", "Västerbottens län": "24"}[row[0]]
		if !ok || len(row) != 4 {
			t.Fatalf("a row of the keys shown once: %q", row)
		}
		keys[c] = row[1]
		if want := coordinator.LeadPageURL(p.URL, id, c); row[3] != want {
			t.Errorf("%s's link is %q, want %q", row[0], row[3], want)
		}
	}
	for c, k := range keys {
		if status, body := call(t, shared, "GET", "/api/rounds/"+id+"/counties/"+c, k, nil); status != 200 {
			t.Errorf("county %s's key from the table: GET its county %d %s", c, status, body)
		}
	}
	if !eval[bool](t, ctx, `!document.getElementById("county-01").checked && !document.getElementById("all-counties").checked`) {
		t.Errorf("the counties stay chosen after the keys were made")
	}

	// Copy one (a real click: the clipboard needs the user's gesture).
	do(t, ctx, chromedp.Click(chromedp.CSS(`button[data-copy="24"]`)))
	copied := i18n.Fill(sv.CoordCopied, "Västerbottens län")
	waitFor(t, ctx, "the copy", fmt.Sprintf(`document.getElementById("keys-status").textContent == %q`, copied), 10*time.Second)
	if got := eval[string](t, ctx, `navigator.clipboard.readText()`); got != keys["24"] {
		t.Errorf("the clipboard holds %q, want Västerbotten's key %q", got, keys["24"])
	}

	// The file: BOM, ';', CRLF, a line per county with its key and link.
	eval[bool](t, ctx, `(document.getElementById("keys-download").click(), true)`)
	file := filepath.Join(dir, i18n.Fill(sv.CoordCSVFile, id))
	var b []byte
	for range 100 {
		if b, _ = os.ReadFile(file); len(b) > 0 && strings.HasSuffix(string(b), "\r\n") {
			break
		}
		time.Sleep(100 * time.Millisecond)
	}
	if !strings.HasPrefix(string(b), "\uFEFF") || strings.Count(string(b), "\r\n") != 3 || strings.Count(string(b), "\n") != 3 {
		t.Fatalf("the keys' file %s: want a BOM and three CRLF lines, got %q", file, b)
	}
	cr := csv.NewReader(strings.NewReader(strings.TrimPrefix(string(b), "\uFEFF")))
	cr.Comma = ';'
	records, err := cr.ReadAll()
	if err != nil {
		t.Fatalf("reading the keys' file: %v", err)
	}
	if strings.Join(records[0], ";") != "Län;Länskod;Nyckel;Länets sida" {
		t.Errorf("the file's header is %q", records[0])
	}
	for _, rec := range records[1:] {
		if len(rec) != 4 || keys[rec[1]] != rec[2] || rec[3] != coordinator.LeadPageURL(p.URL, id, rec[1]) {
			t.Errorf("a line of the file: %q", rec)
		}
	}

	// Which counties hold keys; revoke Västerbotten's after a confirmation.
	waitFor(t, ctx, "the counties with keys", `document.querySelectorAll("#county-keys tbody tr").length == 2`, 30*time.Second)
	eval[bool](t, ctx, `(document.querySelector('button[data-revoke="24"]').click(), true)`)
	waitFor(t, ctx, "the confirmation", `!document.getElementById("revoke-confirm").hidden`, 10*time.Second)
	if got := active(t, ctx).ID; got != "revoke-yes" {
		t.Errorf("the confirmation has not the focus (%q)", got)
	}
	if got, want := text(t, ctx, "revoke-question"), i18n.Fill(sv.CoordRevokeQuestion, "Västerbottens län", id); got != want {
		t.Errorf("the confirmation asks %q, want %q", got, want)
	}
	eval[bool](t, ctx, `(document.getElementById("revoke-yes").click(), true)`)
	revoked := i18n.Fill(sv.CoordRevoked, "Västerbottens län")
	waitFor(t, ctx, "the revocation", fmt.Sprintf(`document.getElementById("keys-status").textContent == %q`, revoked), 30*time.Second)
	if got := eval[[]string](t, ctx, `[...document.querySelectorAll("#county-keys tbody tr")].map(tr => tr.dataset.unit)`); strings.Join(got, ",") != "01" {
		t.Errorf("after revoking, the counties with keys are %q, want 01 alone", got)
	}
	if status, body := call(t, shared, "GET", "/api/rounds/"+id+"/counties/24", keys["24"], nil); status != 403 || !strings.Contains(string(body), `"`+lagesbild.ECodeInvalid+`"`) {
		t.Errorf("the revoked key: %d %s, want 403 %s", status, body, lagesbild.ECodeInvalid)
	}
	if status, _ := call(t, shared, "GET", "/api/rounds/"+id+"/counties/01", keys["01"], nil); status != 200 {
		t.Errorf("Stockholm's key after Västerbotten's was revoked: %d, want 200", status)
	}
	tokenNowhere(t, ctx, "after the keys")
	audit(t, ctx, "the coordinator's page")

	// In English, what the page wrote follows: headings, tables, status.
	en := i18n.For("en")
	eval[bool](t, ctx, `(document.getElementById("lang").click(), true)`)
	waitFor(t, ctx, "English", `document.documentElement.lang == "en"`, 10*time.Second)
	for expr, want := range map[string]string{
		`document.querySelector("h1").textContent`: en.CoordTitle,
		`document.title`: en.CoordTitle + " – " + en.SiteName,
		`document.getElementById("round-h").textContent`:                 i18n.Fill(en.CoordRoundTitle, id),
		`document.getElementById("once-cap").textContent`:                i18n.Fill(en.CoordOnceCaption, id),
		`document.getElementById("keys-cap").textContent`:                en.CoordTokensCaption,
		`document.getElementById("keys-status").textContent`:             i18n.Fill(en.CoordRevoked, "Västerbottens län"),
		`document.querySelector("label[for=round-lastday]").textContent`: en.CoordLastDay,
	} {
		if got := eval[string](t, ctx, expr); got != want {
			t.Errorf("in English, %s = %q, want %q", expr, got, want)
		}
	}
	eval[bool](t, ctx, `(document.getElementById("lang").click(), true)`)
	waitFor(t, ctx, "Swedish", `document.documentElement.lang == "sv"`, 10*time.Second)

	// 375 px: no sideways scrolling but inside the tables' own regions.
	do(t, ctx, chromedp.EmulateViewport(375, 800))
	waitFor(t, ctx, "the narrow layout", `window.innerWidth == 375`, 10*time.Second)
	if got := eval[int](t, ctx, `document.documentElement.scrollWidth`); got > 375 {
		wide := eval[[]string](t, ctx, `[...document.querySelectorAll("body *")].filter(e => e.getBoundingClientRect().right > 376 && !e.closest(".scroll")).slice(0, 5).map(e => e.tagName + "#" + e.id + "." + e.className)`)
		t.Errorf("at 375 px the page is %d px wide (widest: %q)", got, wide)
	}
	screenshot(t, ctx, "coordinator-375.png")
	do(t, ctx, desktop())
	screenshot(t, ctx, "coordinator.png")

	// Signing out forgets the token and the keys shown once.
	eval[bool](t, ctx, `(document.getElementById("signout").click(), true)`)
	waitFor(t, ctx, "the sign-in form", `!document.getElementById("signin").hidden && document.getElementById("coord").hidden`, 10*time.Second)
	if got := eval[string](t, ctx, `String(sessionStorage.getItem("`+coordinator.AdminKey+`"))`); got != "null" {
		t.Errorf("after signing out sessionStorage keeps %q", got)
	}
	if eval[bool](t, ctx, fmt.Sprintf(`document.body.innerHTML.includes(%q)`, keys["01"])) {
		t.Errorf("after signing out the page still holds a key shown once")
	}
	if got := active(t, ctx).ID; got != "admin-token" {
		t.Errorf("after signing out the focus is on %q, want the token's field", got)
	}
}

// TestCoordinatorRounds plays the routes of issue 12 on the coordinator's
// page: the list of rounds (GET /api/rounds), a previous round that would
// expose a private one refused before sending, new dates
// (PATCH /api/admin/rounds/{round}), the counties with keys and when they
// were made (GET /api/admin/rounds/{round}/codes), and closing a round,
// which stays closed (409 round_closed).
func TestCoordinatorRounds(t *testing.T) {
	need(t)
	sv := i18n.For("sv")
	stamp := time.Now().UnixNano() % 1e9
	private, next := fmt.Sprintf("prev-%d", stamp), fmt.Sprintf("next-%d", stamp)
	round(t, private, "")
	p := newProxy(t, shared.URL)
	ctx := tab(t)
	signInCoordinator(t, ctx, p.URL)

	// The list: every round, the demo round open to all.
	waitFor(t, ctx, "the rounds", fmt.Sprintf(`document.querySelector('#rounds tr[data-round=%q]')`, private), 30*time.Second)
	demo := eval[[]string](t, ctx, `[...document.querySelector('#rounds tr[data-round="demo"]').cells].map(c => c.textContent)`)
	if len(demo) != 7 || demo[3] != sv.CoordStateOpen+", "+sv.CoordWhoAll || !strings.Contains(demo[5], " av 290, ") {
		t.Errorf("the demo round's row: %q", demo)
	}
	if got := eval[[]string](t, ctx, `[...document.querySelector('#rounds tr[data-round="`+private+`"]').cells].map(c => c.textContent)`); len(got) != 7 ||
		got[2] != "1 januari 2020 – 31 december 2099" || got[3] != sv.CoordStateOpen+", "+sv.CoordWhoCode || got[4] != sv.CoordNone {
		t.Errorf("the private round's row: %q", got)
	}

	// Open to all after a private round: refused in the page, nothing sent.
	setField(t, ctx, coordinator.FieldQuestionnaire, "kommun")
	do(t, ctx, chromedp.SendKeys(chromedp.ID(coordinator.FieldID), next))
	setField(t, ctx, coordinator.FieldOpens, "2020-01-01")
	setField(t, ctx, coordinator.FieldLastDay, "2099-06-30")
	setField(t, ctx, coordinator.FieldPrevious, private)
	eval[bool](t, ctx, `(document.getElementById("`+coordinator.FieldOpenToAll+`").click(), true)`)
	eval[bool](t, ctx, `(document.getElementById("new-round").requestSubmit(), true)`)
	waitFor(t, ctx, "the refusal", `!document.getElementById("new-errors").hidden`, 10*time.Second)
	if got := text(t, ctx, "new-errors"); !strings.Contains(got, sv.CoordErrPreviousPrivate) {
		t.Errorf("open to all after a private round: %q", got)
	}
	if status, _ := call(t, shared, "GET", "/api/rounds/"+next, "", nil); status != 404 {
		t.Errorf("the refused round reached the worker: %d", status)
	}
	eval[bool](t, ctx, `(document.getElementById("`+coordinator.FieldOpenToAll+`").click(), true)`)
	eval[bool](t, ctx, `(document.getElementById("new-round").requestSubmit(), true)`)
	waitFor(t, ctx, "the new round in the list", fmt.Sprintf(`document.querySelector('#rounds tr[data-round=%q]')`, next), 30*time.Second)
	if got := eval[string](t, ctx, `document.querySelector('#rounds tr[data-round="`+next+`"]').cells[4].textContent`); got != private {
		t.Errorf("the new round's previous round is %q, want %q", got, private)
	}

	// New dates.
	setField(t, ctx, coordinator.FieldChangeLastDay, "2099-09-30")
	eval[bool](t, ctx, `(document.getElementById("dates-form").requestSubmit(), true)`)
	waitFor(t, ctx, "the dates saved", fmt.Sprintf(`document.getElementById("round-status").textContent == %q`, sv.CoordDatesSaved), 30*time.Second)
	_, body := call(t, shared, "GET", "/api/rounds/"+next, "", nil)
	var r api.Round
	json.Unmarshal(body, &r)
	if r.Closes != "2099-09-30T22:00:00Z" || r.Opens != "2019-12-31T23:00:00Z" {
		t.Errorf("after new dates the round is %+v", r)
	}

	// A key, listed with the day it was made.
	eval[bool](t, ctx, `(document.getElementById("county-13").click(), true)`)
	eval[bool](t, ctx, `(document.getElementById("keys-form").requestSubmit(), true)`)
	waitFor(t, ctx, "the keys shown once", `!document.getElementById("once").hidden`, 30*time.Second)
	waitFor(t, ctx, "the listed key", `document.querySelector('#county-keys tr[data-unit="13"]')`, 30*time.Second)
	if !eval[bool](t, ctx, `document.getElementById("keys-list-note").hidden`) {
		t.Errorf("the list of keys could not be read: %q", text(t, ctx, "keys-list-note"))
	}
	today := i18n.LongDate("sv", mustDate(t, time.Now().UTC().Format(time.RFC3339)))
	if got := eval[string](t, ctx, `document.querySelector('#county-keys tr[data-unit="13"]').cells[1].textContent`); !strings.HasPrefix(got, today) {
		t.Errorf("Halland's key was made %q, want today, %s", got, today)
	}

	// Close now, after a confirmation: closed, and it stays closed.
	eval[bool](t, ctx, `(document.getElementById("close-now").click(), true)`)
	waitFor(t, ctx, "the confirmation", `!document.getElementById("close-confirm").hidden`, 10*time.Second)
	if got := active(t, ctx).ID; got != "close-yes" {
		t.Errorf("the confirmation has not the focus (%q)", got)
	}
	eval[bool](t, ctx, `(document.getElementById("close-yes").click(), true)`)
	waitFor(t, ctx, "the round closed", fmt.Sprintf(`document.getElementById("round-status").textContent == %q`, i18n.Fill(sv.CoordClosedNow, next)), 30*time.Second)
	if !eval[bool](t, ctx, `!document.getElementById("round-closed").hidden && document.getElementById("dates-form").hidden`) {
		t.Errorf("a closed round still offers new dates")
	}
	waitFor(t, ctx, "the list says closed", fmt.Sprintf(`document.querySelector('#rounds tr[data-round=%q]').cells[3].textContent.startsWith(%q)`, next, sv.CoordStateClosed), 30*time.Second)
	if status, body := call(t, shared, "PATCH", "/api/admin/rounds/"+next, shared.AdminToken, map[string]any{"closes": "2099-12-31"}); status != 409 ||
		!strings.Contains(string(body), `"`+lagesbild.ERoundClosed+`"`) {
		t.Errorf("new dates for a closed round: %d %s, want 409 %s", status, body, lagesbild.ERoundClosed)
	}
	audit(t, ctx, "the coordinator's page with a closed round")
}

func mustDate(t *testing.T, stamp string) string {
	t.Helper()
	d, ok := i18n.SwedishDate(stamp)
	if !ok {
		t.Fatalf("no date in %q", stamp)
	}
	return d
}
