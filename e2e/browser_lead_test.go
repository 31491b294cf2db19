//go:build !js

package e2e

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"math"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	cdpbrowser "github.com/chromedp/cdproto/browser"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"lagesbild"
	"lagesbild/api"
	"lagesbild/wasm/coordinator"
	"lagesbild/wasm/i18n"
	"lagesbild/wasm/invite"
)

// today is today's date as the page writes it: in Swedish time, in Swedish.
func today() string {
	d, _ := i18n.SwedishDate(time.Now().UTC().Format(time.RFC3339))
	return i18n.LongDate("sv", d)
}

// statusRow is a municipality's row of the lead's status table, by cell.
type statusRow struct {
	Code, Name, State, Date, Responses, Items string
	Picked                                    bool
}

func statusRows(t *testing.T, ctx context.Context) []statusRow {
	t.Helper()
	return eval[[]statusRow](t, ctx, `[...document.querySelectorAll("#status-table tbody tr")].map(tr => ({
		Code: tr.dataset.code, Name: tr.cells[1].textContent, State: tr.cells[2].textContent, Date: tr.cells[3].textContent,
		Responses: tr.cells[4].textContent, Items: tr.cells[5].textContent, Picked: tr.querySelector("input").checked}))`)
}

func rowByCode(t *testing.T, rows []statusRow, code string) statusRow {
	t.Helper()
	for _, r := range rows {
		if r.Code == code {
			return r
		}
	}
	t.Fatalf("no row for %s in %+v", code, rows)
	return statusRow{}
}

// TestLeadRunsARound plays a whole round (issue 12) in the browser: the
// coordinator creates the round and the county's key on /samordning/; on
// /lan/ the lead pastes its key and sees its round, invites three
// municipalities, downloads the invitation file and prints the letters (one
// A4 page each), sees them invited today; one municipality opens its
// personal link from the file on a phone, answers and sends, and is shown
// answered today, the other two wait in the reminders with mailto links; a
// remade link asks first and revokes the old code; a code for another
// county's municipality is refused. axe-core checks the page in each state,
// and the page holds at 375 px.
func TestLeadRunsARound(t *testing.T) {
	need(t)
	q := kommun(t)
	cur := fmt.Sprintf("inv-%d", time.Now().UnixNano()%1000000)
	p := newProxy(t, shared.URL)

	// The coordinator makes the round and Västerbotten's key on its page.
	leadKey := coordinatorMakesRound(t, p.URL, cur, "24")

	ctx := tab(t)
	dir := t.TempDir()
	if _, err := chromedp.CallBrowser(ctx, cdpbrowser.SetDownloadBehavior, cdpbrowser.SetDownloadBehaviorParams{
		Behavior: cdpbrowser.SetDownloadBehaviorBehaviorAllow, DownloadPath: dir, BrowserContextID: chromedp.FromContext(ctx).BrowserContextID}); err != nil {
		t.Fatal(err)
	}
	do(t, ctx, chromedp.Navigate(p.URL+"/lan/"))
	ready(t, ctx)
	waitFor(t, ctx, "the rounds open to all", `document.querySelector("#rounds fieldset, #rounds p:not([data-i18n])")`, 30*time.Second)
	audit(t, ctx, "the lead's page before a key")

	// The key, pasted once (with the line break a copy brings along).
	do(t, ctx, chromedp.SendKeys(chromedp.ID("token"), "  "+leadKey+"\n"))
	waitFor(t, ctx, "the lead's round and its municipalities", `document.querySelector("#status-table tbody tr")`, 60*time.Second)
	round := eval[string](t, ctx, `document.querySelector("#rounds input[name=round]:checked").labels[0].textContent`)
	if !strings.HasPrefix(round, "Omgång "+cur) {
		t.Errorf("the chosen round is %q, want round %s", round, cur)
	}
	if about := eval[string](t, ctx, `document.getElementById(document.querySelector("#rounds input:checked").getAttribute("aria-describedby")).textContent`); !strings.Contains(about, "Västerbottens län: 0 av 15 kommuner har svarat.") || !strings.Contains(about, "31 december 2099") {
		t.Errorf("the round is described as %q", about)
	}
	if !eval[bool](t, ctx, `document.getElementById("county-field").hidden`) {
		t.Errorf("the county is asked for, though the key says it")
	}
	if href := eval[string](t, ctx, `location.href`); strings.Contains(href, leadKey) || !strings.Contains(href, "round="+cur) {
		t.Errorf("the address is %q: want the round and never the key", href)
	}
	if got := eval[string](t, ctx, `sessionStorage.getItem("lagesbild:tokens")`); got != leadKey {
		t.Errorf("the tab keeps %q, want the key as pasted, cleaned", got)
	}
	rows := statusRows(t, ctx)
	if len(rows) != 15 || rows[0].Name != "Bjurholm" || rows[14].Name != "Åsele" {
		t.Fatalf("%d rows from %q to %q: want Västerbotten's 15, Bjurholm to Åsele", len(rows), rows[0].Name, rows[len(rows)-1].Name)
	}
	if got := text(t, ctx, "status-summary"); got != "0 av 15 kommuner har svarat. Inbjudna: 0." {
		t.Errorf("summary %q", got)
	}
	audit(t, ctx, "the lead's round, no one invited")

	// Three municipalities, picked with the mouse, invited.
	picks := []string{"2401", "2403", "2404"}
	for _, m := range picks {
		do(t, ctx, chromedp.Click(chromedp.ID("pick-"+m)))
	}
	do(t, ctx, chromedp.Click(chromedp.CSS(`button[data-action="make"]`)))
	waitFor(t, ctx, "the new links", `document.querySelector("#codes tbody tr")`, 30*time.Second)
	waitFor(t, ctx, "the focus on the new links", `document.activeElement.id == "codes-h"`, 10*time.Second)
	shown := eval[[][]string](t, ctx, `[...document.querySelectorAll("#codes tbody tr")].map(tr => [tr.dataset.code, tr.cells[0].textContent, tr.cells[1].textContent, tr.cells[2].textContent])`)
	if len(shown) != 3 {
		t.Fatalf("new links %q, want 3", shown)
	}
	code := map[string]string{}
	for _, r := range shown {
		code[r[0]] = r[2]
		if want := p.URL + "/enkat/kommun/?omgang=" + cur + "&kommun=" + r[0] + "#kod=" + r[2]; r[3] != want {
			t.Errorf("the link of %s is %q, want %q", r[1], r[3], want)
		}
	}
	if w := text(t, ctx, "codes"); !strings.Contains(w, "Koderna visas bara nu.") {
		t.Errorf("no warning that the codes are shown once: %q", w)
	}
	waitFor(t, ctx, "the invitations in the table", `[...document.querySelectorAll("#status-table tbody tr.invited")].length == 3`, 30*time.Second)
	rows = statusRows(t, ctx)
	for _, m := range picks {
		if r := rowByCode(t, rows, m); r.State != "Inbjuden" || r.Date != today() || r.Picked {
			t.Errorf("%s after the invitation: %+v, want invited today (%s), no longer picked", m, r, today())
		}
	}
	if got := text(t, ctx, "status-summary"); got != "0 av 15 kommuner har svarat. Inbjudna: 3." {
		t.Errorf("summary %q", got)
	}
	audit(t, ctx, "the lead's round with new links")

	// The invitation file: Excel's CSV, one working personal link a row.
	do(t, ctx, chromedp.Click(chromedp.CSS(`button[data-action="csv"]`)))
	file := filepath.Join(dir, "inbjudningar-"+cur+"-24.csv")
	waitFile(t, file)
	b, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(b, []byte("\uFEFF")) || bytes.Count(b, []byte("\n")) != bytes.Count(b, []byte("\r\n")) {
		t.Errorf("the file has no byte order mark or not CRLF: %q", b)
	}
	r := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(b, []byte("\uFEFF"))))
	r.Comma = ';'
	records, err := r.ReadAll()
	if err != nil {
		t.Fatalf("reading the file with ';': %v\n%s", err, b)
	}
	if len(records) != 4 || strings.Join(records[0], "|") != "kommun|kommunkod|kod|personlig länk|sista dag" {
		t.Fatalf("the file: %q", records)
	}
	for _, rec := range records[1:] {
		u, err := url.Parse(rec[3])
		if err != nil {
			t.Fatal(err)
		}
		frag, _ := url.ParseQuery(u.Fragment)
		if u.Path != "/enkat/kommun/" || u.Query().Get("omgang") != cur || u.Query().Get("kommun") != rec[1] || frag.Get("kod") != code[rec[1]] || rec[2] != code[rec[1]] || rec[4] != "31 december 2099" {
			t.Errorf("row %q: want a personal link of round %s with the code shown, and the last day", rec, cur)
		}
	}

	// The letters: printed alone, one A4 page each.
	media(t, ctx, "print")
	shownInPrint := eval[[]string](t, ctx, `[...document.querySelectorAll("body > *, main > *")].filter(e => getComputedStyle(e).display != "none").map(e => e.tagName + "#" + e.id)`)
	if strings.Join(shownInPrint, " ") != "MAIN#main DIV#letters" {
		t.Errorf("printed: %q, want the letters alone", shownInPrint)
	}
	letters := eval[[]string](t, ctx, `[...document.querySelectorAll("#letters .letter")].map(l => l.dataset.code + ": " + l.textContent)`)
	if len(letters) != 3 {
		t.Errorf("%d letters, want 3", len(letters))
	}
	for _, l := range letters {
		m := l[:4]
		for _, want := range []string{"Länsstyrelsen i Västerbottens län", "/enkat/kommun/?omgang=" + cur + "&kommun=" + m + "#kod=" + code[m], "Kod: " + code[m], "Sista dag att svara: 31 december 2099"} {
			if !strings.Contains(l, want) {
				t.Errorf("the letter to %s lacks %q", m, want)
			}
		}
	}
	if n := eval[int](t, ctx, `document.querySelectorAll("#letters svg.letter-qr path").length`); n != 3 {
		t.Errorf("%d QR codes, want one a letter", n)
	}
	printView(t, ctx, "lead-letters-print.png")
	pdf, err := chromedp.Run(ctx, chromedp.PrintToPDF(chromedp.PDFPreferCSSPageSize()))
	if err != nil {
		t.Fatal(err)
	}
	if n := len(pdfPage.FindAll(pdf, -1)); n != 3 {
		t.Errorf("the letters print on %d pages, want 3: one A4 page each", n)
	}
	for _, box := range mediaBox.FindAllSubmatch(pdf, -1) {
		// A4 is 595.3 × 841.9 points (Chromium rounds to its pixels).
		w, _ := strconv.ParseFloat(string(box[1]), 64)
		h, _ := strconv.ParseFloat(string(box[2]), 64)
		if math.Abs(w-595.3) > 1 || math.Abs(h-841.9) > 1 {
			t.Errorf("a page of %s × %s points, want A4", box[1], box[2])
		}
	}

	// Vindeln opens its personal link from the file, answers and sends.
	phone := tab(t)
	do(t, phone, chromedp.EmulateViewport(375, 812))
	for _, rec := range records[1:] {
		if rec[1] == "2404" {
			do(t, phone, chromedp.Navigate(rec[3]))
		}
	}
	ready(t, phone)
	waitPanel(t, phone, "Du svarar för Vindelns kommun")
	checkAddress(t, phone, cur, "2404", code["2404"])
	answerAll(t, phone, q)
	submit(t, phone)
	waitFor(t, phone, "the worker's acknowledgement", `document.getElementById("send-status").textContent.startsWith("Dina svar har kommit fram")`, 60*time.Second)
	do(t, ctx, chromedp.Reload())
	ready(t, ctx)
	waitFor(t, ctx, "the status again, with the key kept in the tab", `document.querySelector("#status-table tr.answered")`, 60*time.Second)
	rows = statusRows(t, ctx)
	if r := rowByCode(t, rows, "2404"); r.State != "Har svarat" || r.Date != today() || r.Responses != "1" || r.Items != fmt.Sprintf("%d av %d", q.ItemCount(), q.ItemCount()) {
		t.Errorf("Vindeln after answering: %+v, want answered today, once, every question", r)
	}
	if text(t, ctx, "codes") != "" {
		t.Errorf("the codes are shown again after a reload")
	}
	reminders := eval[[][]string](t, ctx, `[...document.querySelectorAll("#reminders li")].map(li => [li.dataset.code, li.textContent, li.querySelector("a").getAttribute("href")])`)
	if len(reminders) != 2 || reminders[0][0] != "2403" || reminders[1][0] != "2401" {
		t.Fatalf("reminders %q, want Bjurholm and Nordmaling", reminders)
	}
	for _, rem := range reminders {
		m, err := url.Parse(rem[2])
		if err != nil || m.Scheme != "mailto" || m.Opaque != "" {
			t.Fatalf("reminder link %q: want a mailto: without an address", rem[2])
		}
		qs, _ := url.ParseQuery(m.RawQuery)
		name := map[string]string{"2401": "Nordmaling", "2403": "Bjurholm"}[rem[0]]
		if !strings.Contains(rem[1], name+", inbjuden "+today()) || qs.Get("subject") != "Påminnelse: Lägesbild, sista dag 31 december 2099" ||
			!strings.Contains(qs.Get("body"), "har bjudit in "+name+" att delta") || !strings.Contains(qs.Get("body"), "\r\n") {
			t.Errorf("the reminder to %s: %q, subject %q, body %q", name, rem[1], qs.Get("subject"), qs.Get("body"))
		}
	}
	audit(t, ctx, "the lead's round with an answer and reminders")

	// Sorting: by mouse, then by keyboard on the status column's button.
	do(t, ctx, chromedp.Click(chromedp.ID("sort-name")))
	waitFor(t, ctx, "sorted by name, descending", `document.getElementById("sort-name").closest("th").getAttribute("aria-sort") == "descending"`, 10*time.Second)
	if rows = statusRows(t, ctx); rows[0].Name != "Åsele" || rows[14].Name != "Bjurholm" {
		t.Errorf("by name, descending: %q … %q", rows[0].Name, rows[14].Name)
	}
	if got := active(t, ctx); got.ID != "sort-name" {
		t.Errorf("after sorting the focus is on %+v, want the button", got)
	}
	tabTo(t, ctx, func(f focused) bool { return f.ID == "sort-status" })
	key(t, ctx, kb.Enter)
	waitFor(t, ctx, "sorted by status", `document.getElementById("sort-status").closest("th").getAttribute("aria-sort") == "ascending"`, 10*time.Second)
	rows = statusRows(t, ctx)
	if rows[12].Code != "2403" || rows[13].Code != "2401" || rows[14].Code != "2404" {
		t.Errorf("by status: the last three are %+v, want Nordmaling and Bjurholm invited, then Vindeln answered", rows[12:])
	}
	if got := text(t, ctx, "county-status"); got != "Tabellen är sorterad efter Status, stigande." {
		t.Errorf("the sort is announced as %q", got)
	}

	// A remade link asks first, then revokes the old code.
	do(t, ctx, chromedp.Click(chromedp.ID("pick-2403")))
	do(t, ctx, chromedp.Click(chromedp.CSS(`button[data-action="make"]`)))
	waitFor(t, ctx, "the question before new links", `!document.getElementById("confirm").hidden && document.activeElement.id == "confirm-h"`, 10*time.Second)
	if got := text(t, ctx, "confirm"); !strings.Contains(got, "Det finns redan en personlig länk för Bjurholm. Om du skapar nya slutar de gamla länkarna och koderna att fungera") {
		t.Errorf("the question says %q", got)
	}
	audit(t, ctx, "the lead's page asking before new links")
	do(t, ctx, chromedp.Click(chromedp.CSS(`button[data-action="confirm"]`)))
	waitFor(t, ctx, "the new link", `document.querySelector("#codes tbody tr[data-code='2403']")`, 30*time.Second)
	newCode := eval[string](t, ctx, `document.querySelector("#codes tbody tr[data-code='2403'] td.code").textContent`)
	if newCode == code["2403"] {
		t.Fatalf("the remade code is the old one")
	}
	var e api.Error
	status, body := call(t, shared, "GET", "/api/rounds/"+cur+"/counties/24", code["2403"], nil)
	if json.Unmarshal(body, &e); status != 403 || e.Code != lagesbild.ECodeInvalid {
		t.Errorf("the old code after a new one: %d %s, want 403 code_invalid", status, body)
	}
	if status, body = call(t, shared, "GET", "/api/rounds/"+cur+"/counties/24", newCode, nil); status != 200 {
		t.Errorf("the new code: %d %s", status, body)
	}
	// Another county's municipality is not the lead's to invite.
	status, body = call(t, shared, "POST", invite.CodesURL(cur), leadKey, map[string]any{"municipalities": []string{"0180"}})
	if json.Unmarshal(body, &e); status != 403 || e.Code != lagesbild.ECodeOtherUnit {
		t.Errorf("a code for Stockholm with Västerbotten's key: %d %s, want 403 code_other_unit", status, body)
	}

	// A phone's width: nothing scrolls sideways but the tables in their boxes.
	do(t, ctx, chromedp.EmulateViewport(375, 800))
	waitFor(t, ctx, "the narrow layout", `document.documentElement.clientWidth == 375`, 10*time.Second)
	if got := eval[int](t, ctx, `document.documentElement.scrollWidth`); got > 375 {
		wide := eval[[]string](t, ctx, `[...document.querySelectorAll("body *")].filter(e => e.getBoundingClientRect().right > 376 && !e.closest(".scroll") && !e.closest("#letters")).slice(0, 5).map(e => e.tagName + "#" + e.id + "." + e.className)`)
		t.Errorf("at 375 px the page is %d px wide (widest: %q)", got, wide)
	}
	screenshot(t, ctx, "lead-375.png")
	audit(t, ctx, "the lead's page at 375 px")
	do(t, ctx, desktop())

	// In English the page follows; what goes to the municipalities stays Swedish.
	do(t, ctx, chromedp.Click(chromedp.ID("lang")))
	waitFor(t, ctx, "the page in English", `document.getElementById("status-cap").textContent == "The municipalities of Västerbottens län, round `+cur+`"`, 10*time.Second)
	if got := text(t, ctx, "remind-h"); got != "Reminders" {
		t.Errorf("the reminders' heading in English: %q", got)
	}
	if got := eval[string](t, ctx, `document.getElementById("remind-text").value`); !strings.HasPrefix(got, "Hej!") {
		t.Errorf("the reminder in English is %q, want it in Swedish", got)
	}
	audit(t, ctx, "the lead's page in English")
	do(t, ctx, chromedp.Click(chromedp.ID("lang")))
	waitFor(t, ctx, "the page in Swedish", `document.documentElement.lang == "sv"`, 10*time.Second)

	// Signing out forgets the key.
	do(t, ctx, chromedp.Click(chromedp.ID("sign-out")))
	waitFor(t, ctx, "signed out", `document.getElementById("lead").hidden && sessionStorage.getItem("lagesbild:tokens") === null`, 10*time.Second)
	if got := text(t, ctx, "county-status"); got != i18n.For("sv").LeadSignedOut {
		t.Errorf("after signing out: %q", got)
	}
}

// coordinatorMakesRound plays the coordinator: signs in on /samordning/,
// creates a private round id of the kommun questionnaire (first day
// 2020-01-01, last 2099-12-31) with the page's pickers, makes a county
// lead's key for county, and returns the key as the page shows it once.
func coordinatorMakesRound(t *testing.T, origin, id, county string) string {
	t.Helper()
	ctx := tab(t)
	signInCoordinator(t, ctx, origin)
	waitFor(t, ctx, "the questionnaires", `document.getElementById("round-questionnaire").options.length > 0`, 30*time.Second)
	setField(t, ctx, coordinator.FieldQuestionnaire, "kommun")
	do(t, ctx, chromedp.SendKeys(chromedp.ID(coordinator.FieldID), id))
	setField(t, ctx, coordinator.FieldOpens, "2020-01-01")
	setField(t, ctx, coordinator.FieldLastDay, "2099-12-31")
	eval[bool](t, ctx, `(document.getElementById("new-round").requestSubmit(), true)`)
	waitFor(t, ctx, "the new round", fmt.Sprintf(`!document.getElementById("round").hidden && document.getElementById("round-h").textContent == %q`,
		i18n.Fill(i18n.For("sv").CoordRoundTitle, id)), 30*time.Second)
	eval[bool](t, ctx, `(document.getElementById("county-`+county+`").click(), document.getElementById("keys-form").requestSubmit(), true)`)
	waitFor(t, ctx, "the key shown once", `!document.getElementById("once").hidden && document.querySelectorAll("#new-keys tbody tr").length == 1`, 30*time.Second)
	return eval[string](t, ctx, `document.querySelector("#new-keys tbody tr").cells[1].textContent`)
}

// mediaBox is a PDF page's size in points.
var mediaBox = regexp.MustCompile(`/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\s*\]`)

// waitFile waits until a download has arrived whole.
func waitFile(t *testing.T, path string) {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for time.Now().Before(deadline) {
		if st, err := os.Stat(path); err == nil && st.Size() > 0 {
			return
		}
		time.Sleep(100 * time.Millisecond)
	}
	entries, _ := os.ReadDir(filepath.Dir(path))
	t.Fatalf("no %s after 30 s (the folder has %v)", path, entries)
}
