//go:build !js

package workshop_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"lagesbild/e2e/chromium"
	"lagesbild/e2e/workshop"
	"lagesbild/wasm/i18n"
)

// tab opens a tab of its own (chromium.Tab): a separate device.
func tab(t *testing.T, name string, width, height int64) context.Context {
	t.Helper()
	return chromium.Tab(t, browser, name, width, height, 5*time.Minute)
}

// do, eval and waitFor are chromium's, for brevity.
var (
	do      = chromium.Do
	waitFor = chromium.WaitFor
)

func eval[T any](t *testing.T, ctx context.Context, expr string) T {
	t.Helper()
	return chromium.Eval[T](t, ctx, expr)
}

func byID(id string) string { return fmt.Sprintf("document.getElementById(%q)", id) }

func shot(t *testing.T, ctx context.Context, name string) {
	t.Helper()
	png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
	if err != nil {
		t.Fatalf("screenshot %s: %v", name, err)
	}
	if err := os.MkdirAll(screenshots, 0o755); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(screenshots, name)
	if err := os.WriteFile(path, png, 0o644); err != nil {
		t.Fatal(err)
	}
	t.Logf("screenshot: %s", path)
}

// participant is a phone in the room.
type participant struct {
	ctx  context.Context
	name string
}

func (p participant) choose(t *testing.T, item, value string) {
	t.Helper()
	do(t, p.ctx, chromedp.Click(chromedp.CSS(fmt.Sprintf(`label[for="o-%s-%s"]`, item, value))))
	waitFor(t, p.ctx, p.name+"'s answer to be saved", `document.getElementById("status").textContent === "Svaret är sparat."`, 20*time.Second)
}

// wallShows waits until the wall has painted the figures of the worker's
// current revision, and returns what it shows.
func wallShows(t *testing.T, ctx context.Context, code string) string {
	t.Helper()
	v, _, err := api.Wall(ctxFor(t), code, "")
	if err != nil {
		t.Fatal(err)
	}
	// Polled once a second: the wall must have caught up within 2 s of the
	// change (3 s of slack for software WebGL's slow redraw).
	deadline := time.Now().Add(5 * time.Second)
	for {
		d := eval[map[string]string](t, ctx, `Object.assign({}, document.body.dataset)`)
		if revision(d["etag"]) >= revision(v.ETag) {
			return d["shown"]
		}
		if time.Now().After(deadline) {
			t.Fatalf("the wall did not paint revision %s within 5 s; it shows %v", v.ETag, d)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// revision is the revision an ETag names ("w-<id>-<revision>").
func revision(etag string) int {
	n := -1
	if i, j := strings.LastIndexByte(etag, '-'), strings.LastIndexByte(etag, '"'); 0 <= i && i < j {
		fmt.Sscan(etag[i+1:j], &n)
	}
	return n
}

// revealed waits until the worker has the session revealed (or hidden):
// the facilitator's checkbox changes at once, the worker a moment later.
func revealed(t *testing.T, code string, want bool) {
	t.Helper()
	for deadline := time.Now().Add(10 * time.Second); ; time.Sleep(50 * time.Millisecond) {
		v, _, err := api.Wall(ctxFor(t), code, "")
		if err != nil {
			t.Fatal(err)
		}
		if v.Session.Revealed == want {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("the worker's session is not revealed=%v after 10 s", want)
		}
	}
}

// TestWorkshopInBrowser runs a workshop as it happens: a facilitator starts
// it, the wall goes up, three participants join on their phones (separate
// browser contexts) and a fourth through the API, and answer; the wall
// shows nothing before four (k + 1) have answered and the facilitator
// reveals, then the room's distribution, which changes only in steps of
// four new or changed answers; a locked item takes no more answers; the
// settled answers go into a round as one response.
func TestWorkshopInBrowser(t *testing.T) {
	needBrowser(t)

	// The facilitator starts a session.
	lead := tab(t, "facilitator", 1280, 900)
	do(t, lead, chromedp.Navigate(w.URL+"/workshop/"))
	waitFor(t, lead, "the facilitator's page", `document.body.hasAttribute("data-ready") && !document.getElementById("create").hidden`, 60*time.Second)
	do(t, lead, chromedp.Click(chromedp.CSS(`#create-form button[type="submit"]`)))
	waitFor(t, lead, "the session", `!document.getElementById("session").hidden && document.getElementById("code-big").textContent.length === 7`, 30*time.Second)
	code := strings.ReplaceAll(eval[string](t, lead, byID("code-big")+".textContent"), " ", "")
	if !strings.HasPrefix(eval[string](t, lead, "location.hash"), "#token=") {
		t.Fatal("the facilitator's link has no token")
	}
	if n := eval[int](t, lead, `document.querySelectorAll("#qr svg path").length`); n != 1 {
		t.Error("the facilitator's page shows no QR code")
	}
	// The page says what the wall protects, and what it cannot.
	promise := eval[string](t, lead, byID("wall-promise")+".textContent")
	if !strings.Contains(promise, "färre än 3 personer") || !strings.Contains(promise, "minst 4 svar") {
		t.Errorf("the facilitator's page says %q of what the wall protects", promise)
	}
	if got := eval[string](t, lead, `document.querySelector(".ws-promise").textContent`); !strings.Contains(got, i18n.For("sv").WWallCannot) {
		t.Errorf("the facilitator's page does not say what the wall cannot protect: %q", got)
	}

	// The wall goes up: nothing to show yet.
	wall := tab(t, "wall", 1280, 720)
	do(t, wall, chromedp.Navigate(w.URL+"/wall/?code="+code))
	waitFor(t, wall, "the wall's first painting", `document.body.dataset.drawn`, 60*time.Second)
	if got := wallShows(t, wall, code); got != "hidden" {
		t.Errorf("the empty wall shows %q", got)
	}

	// Three phones join through the join link (the QR code's).
	var phones []participant
	for i := 1; i <= 3; i++ {
		p := participant{tab(t, fmt.Sprintf("participant %d", i), 390, 844), fmt.Sprintf("participant %d", i)}
		do(t, p.ctx, chromedp.Navigate(w.URL+"/join/?code="+code))
		waitFor(t, p.ctx, p.name+"'s questions", byID("o-rutiner.ansvar-arenden-ja"), 60*time.Second)
		phones = append(phones, p)
	}
	shot(t, phones[0].ctx, "workshop-participant.png")
	audit(t, phones[0].ctx, "the participants' page")
	// English, and back: the same questions, translated.
	do(t, phones[0].ctx, chromedp.Click(chromedp.ID("lang")))
	waitFor(t, phones[0].ctx, "English", `document.documentElement.lang === "en" && document.querySelector(".ws-section .snum").textContent === "Section 1 of 5"`, 5*time.Second)
	do(t, phones[0].ctx, chromedp.Click(chromedp.ID("lang")))
	waitFor(t, phones[0].ctx, "Swedish", `document.documentElement.lang === "sv" && document.querySelector(".ws-section .snum").textContent === "Avsnitt 1 av 5"`, 5*time.Second)

	// Two answer and the facilitator reveals: still nothing, two is below k.
	phones[0].choose(t, "rutiner.ansvar-arenden", "ja")
	phones[0].choose(t, "rutiner.handlingsplan", "beslutat")
	phones[1].choose(t, "rutiner.ansvar-arenden", "ja")
	phones[1].choose(t, "rutiner.handlingsplan", "paborjat")
	do(t, lead, chromedp.Click(chromedp.ID("reveal")))
	revealed(t, code, true)
	if got := wallShows(t, wall, code); got != "hidden" {
		t.Errorf("the wall shows %q with two answered", got)
	}
	shot(t, wall, "workshop-wall-hidden.png")
	// A third and a fourth answer, with the results hidden: still nothing.
	do(t, lead, chromedp.Click(chromedp.ID("reveal")))
	revealed(t, code, false)
	phones[2].choose(t, "rutiner.ansvar-arenden", "nej")
	phones[2].choose(t, "rutiner.handlingsplan", "beslutat")
	apiDevice := func(n int, answers ...string) {
		t.Helper()
		d := workshop.Device(t.Name(), n)
		r, err := api.Join(ctxFor(t), code, d)
		must(t, r, err, 201)
		for i := 0; i+1 < len(answers); i += 2 {
			r, err := api.Answer(ctxFor(t), code, d, answers[i], answers[i+1])
			must(t, r, err, 201)
		}
	}
	apiDevice(4, "rutiner.ansvar-arenden", "ja", "rutiner.handlingsplan", "uppfoljt")
	if got := wallShows(t, wall, code); got != "hidden" {
		t.Errorf("the wall shows %q before the reveal", got)
	}
	// The facilitator reveals: the room's distribution, within 2 s.
	do(t, lead, chromedp.Click(chromedp.ID("reveal")))
	revealed(t, code, true)
	want := "rutiner.handlingsplan:saknas=0,paborjat=1,beslutat=2,uppfoljt=1,vet-ej=0;rutiner.ansvar-arenden:ja=3,delvis=0,nej=1,vet-ej=0"
	if got := wallShows(t, wall, code); got != want {
		t.Errorf("the wall shows %q, want %q", got, want)
	}
	shot(t, wall, "workshop-wall.png")
	// The facilitator's table has the same figures.
	waitFor(t, lead, "the facilitator's table", `document.querySelector('#figures tbody[data-item="rutiner.ansvar-arenden"] td[data-value="ja"]')`, 5*time.Second)
	if got := eval[string](t, lead, `document.querySelector('#figures tbody[data-item="rutiner.ansvar-arenden"] td[data-value="ja"]').textContent`); got != "3" {
		t.Errorf("the facilitator's table counts %s ja, want 3", got)
	}

	// A participant changes an answer: the wall stays as it is (one answer
	// is no step), until four answers to the item are new or changed.
	phones[2].choose(t, "rutiner.ansvar-arenden", "delvis")
	if got := wallShows(t, wall, code); got != want {
		t.Errorf("after one change the wall shows %q, want it unchanged: %q", got, want)
	}
	for n := 5; n <= 7; n++ {
		apiDevice(n, "rutiner.ansvar-arenden", "delvis")
	}
	want = strings.Replace(want, "ja=3,delvis=0,nej=1", "ja=3,delvis=4,nej=0", 1)
	if got := wallShows(t, wall, code); got != want {
		t.Errorf("after four new or changed answers the wall shows %q, want %q", got, want)
	}

	// A reload keeps the answers (the device id and answers are kept).
	do(t, phones[0].ctx, chromedp.Reload())
	waitFor(t, phones[0].ctx, "the answers after a reload", byID("o-rutiner.ansvar-arenden-ja")+"?.checked", 60*time.Second)

	// The facilitator locks an item: the phones show it locked, and it takes
	// no more answers.
	do(t, lead, chromedp.Click(chromedp.CSS(`label[for="lock-rutiner.ansvar-arenden"]`)))
	waitFor(t, lead, "the lock", `document.getElementById("lock-rutiner.ansvar-arenden").checked`, 5*time.Second)
	for deadline := time.Now().Add(10 * time.Second); ; time.Sleep(50 * time.Millisecond) {
		v, _, err := api.Wall(ctxFor(t), code, "")
		if err != nil {
			t.Fatal(err)
		}
		if len(v.Session.Locked) == 1 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("the worker has no lock 10 s after the click")
		}
	}
	// A phone that has not polled since tries to change its answer: the
	// worker refuses, and the phone shows the item locked with its answer.
	do(t, phones[1].ctx, chromedp.Click(chromedp.CSS(`label[for="o-rutiner.ansvar-arenden-nej"]`)))
	waitFor(t, phones[1].ctx, "the lock on the phone", byID("i-rutiner.ansvar-arenden")+".disabled && "+byID("o-rutiner.ansvar-arenden-ja")+".checked", 10*time.Second)
	// Another phone sees the lock by polling.
	waitFor(t, phones[0].ctx, "the lock on a phone that polls", byID("i-rutiner.ansvar-arenden")+".disabled", 25*time.Second)
	shot(t, phones[1].ctx, "workshop-participant-locked.png")
	status := eval[int](t, phones[1].ctx, fmt.Sprintf(`fetch("/api/workshops/%s/answers", {method: "POST", headers: {"Content-Type": "application/json"},
		body: JSON.stringify({participant: localStorage.getItem("lagesbild:workshop:device"), item: "rutiner.ansvar-arenden", value: "nej"})}).then(r => r.status)`, code))
	if status != 409 {
		t.Errorf("an answer to a locked item: status %d, want 409", status)
	}
	if got := wallShows(t, wall, code); !strings.Contains(got, "rutiner.ansvar-arenden:ja=3,delvis=4,nej=0") {
		t.Errorf("after the lock the wall shows %q", got)
	}

	// Into the round: the facilitator saves the settled answers with the
	// municipality's invite code; saving again changes nothing.
	round, muni := fmt.Sprintf("e2e-workshop-browser-%d", time.Now().UnixNano()%1000000), "0180" // a round of its own each run (-count)
	r, err := api.Do(ctxFor(t), "POST", "/api/admin/rounds", w.AdminToken, map[string]any{
		"id": round, "questionnaire": "kommun", "opens": "2020-01-01", "closes": "2099-12-31"})
	must(t, r, err, 201)
	r, err = api.Do(ctxFor(t), "POST", "/api/admin/rounds/"+round+"/codes", w.AdminToken, map[string]any{"municipalities": []string{muni}})
	var codes struct{ Codes []struct{ Code string } }
	if err := must(t, r, err, 201).Decode(&codes); err != nil {
		t.Fatal(err)
	}
	if got := eval[string](t, lead, byID("settle-rutiner.ansvar-arenden")+".value"); got != "delvis" {
		t.Errorf("the settle form proposes %q for rutiner.ansvar-arenden, want the room's most common answer delvis", got)
	}
	do(t, lead,
		chromedp.SendKeys(chromedp.ID("round"), round),
		chromedp.SendKeys(chromedp.ID("invite"), codes.Codes[0].Code),
	)
	for i, want := range []string{"created", "unchanged"} {
		do(t, lead, chromedp.Click(chromedp.CSS(`#save-form button[type="submit"]`)))
		waitFor(t, lead, "the save", fmt.Sprintf(`document.getElementById("save-status").dataset.outcome === %q`, want), 20*time.Second)
		if n := responses(t, round, codes.Codes[0].Code, "01", muni); n != 1 {
			t.Errorf("after save %d the round has %d responses from %s, want 1", i+1, n, muni)
		}
		do(t, lead, chromedp.Evaluate[chromedp.Void](`document.getElementById("save-status").dataset.outcome = ""`))
	}
	shot(t, lead, "workshop-facilitator.png")
	audit(t, lead, "the facilitator's page")

	// The facilitator ends the workshop: a phone that answers is told so
	// (the worker's code session_ended, in the page's own words).
	// Two steps, each checked: a Click waits without end for its node to be
	// visible, so a click on #end that did not open the confirmation would
	// otherwise hang in the Click on #end-yes until the tab's deadline.
	do(t, lead, chromedp.Click(chromedp.ID("end")))
	waitFor(t, lead, "the confirmation after the click on #end", `!document.getElementById("end-confirm").hidden && document.activeElement.id === "end-yes"`, 10*time.Second)
	do(t, lead, chromedp.Click(chromedp.ID("end-yes")))
	waitFor(t, lead, "the end", `document.getElementById("controls").hasAttribute("data-ended")`, 10*time.Second)
	// The phone learns of the end by its held poll or by the answer's 409,
	// whichever comes first (a held poll answers within half a second, so
	// the questions may already be gone): the answer is clicked only if it
	// is still there, and the end must show either way.
	do(t, phones[2].ctx, chromedp.Evaluate[chromedp.Void](`document.querySelector('label[for="o-rutiner.handlingsplan-saknas"]')?.click()`))
	waitFor(t, phones[2].ctx, "the end on a phone", fmt.Sprintf(`document.body.hasAttribute("data-ended") && document.getElementById("status").textContent === %q`,
		i18n.For("sv").WEnded), 10*time.Second)
}

// TestWorkshopRefusedInBrowser: links to a session that does not exist, or
// without the facilitator's token, say so in the page's own words (chosen by
// the worker's error code, never its message).
func TestWorkshopRefusedInBrowser(t *testing.T) {
	needBrowser(t)
	sv := i18n.For("sv")
	phone := tab(t, "participant", 390, 844)
	do(t, phone, chromedp.Navigate(w.URL+"/join/?code=HJKMNP"))
	waitFor(t, phone, "no such session", fmt.Sprintf(`document.getElementById("status").textContent === %q && !document.getElementById("join-form").hidden`,
		i18n.Fill(sv.WNoSession, "HJK MNP")), 60*time.Second)
	lead := tab(t, "facilitator", 1280, 900)
	do(t, lead, chromedp.Navigate(w.URL+"/workshop/?code=HJKMNP"))
	waitFor(t, lead, "a link without its token", fmt.Sprintf(`document.getElementById("status").textContent === %q`, sv.WWrongLink), 60*time.Second)
	lead = tab(t, "facilitator with a token", 1280, 900) // a new page: only the fragment differs
	do(t, lead, chromedp.Navigate(w.URL+"/workshop/?code=HJKMNP#token=not-the-token"))
	waitFor(t, lead, "a session that does not exist", fmt.Sprintf(`document.getElementById("status").textContent === %q`,
		i18n.Fill(sv.WNoSession, "HJK MNP")), 60*time.Second)
}

// audit runs axe-core in the page (chromium.Audit).
func audit(t *testing.T, ctx context.Context, page string) {
	t.Helper()
	chromium.Audit(t, ctx, root, page)
}

// responses counts a municipality's responses in a round, as the county
// route shows them to its invite code.
func responses(t *testing.T, round, code, county, muni string) int {
	t.Helper()
	r, err := api.Do(ctxFor(t), "GET", "/api/rounds/"+round+"/counties/"+county, code, nil)
	var cv struct {
		Municipalities []struct {
			Code        string
			Respondents int
		}
	}
	if err := must(t, r, err, 200).Decode(&cv); err != nil {
		t.Fatal(err)
	}
	for _, m := range cv.Municipalities {
		if m.Code == muni {
			return m.Respondents
		}
	}
	return -1
}
