//go:build !js

package workshop_test

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/csv"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"

	"lagesbild/e2e/workshop"
	"lagesbild/wasm/i18n"
)

// TestWorkshopPresenter runs a session from the presenter view (issue 17):
// the controls and the section's summary fit one laptop screen side by
// side; the facilitator reveals one section at a time, by keyboard and by
// the checkbox, and moves on by keyboard; a 1/1/1/1 tie is not settled by
// default and saving waits for a choice; the room's results download as
// Excel (Swedish) CSV with only what the wall shows and print on their own;
// the session is listed on /workshop/ in this browser with its link to
// copy; the wall of this browser takes the shortcuts too, and hides its QR
// code and join code once the session ends.
func TestWorkshopPresenter(t *testing.T) {
	needBrowser(t)
	sv := i18n.For("sv")
	lead := tab(t, "presenter", 1366, 768)
	setMedia(t, lead, "")
	do(t, lead, chromedp.Navigate(w.URL+"/workshop/"))
	waitFor(t, lead, "the facilitator's page", `document.body.hasAttribute("data-ready") && !document.getElementById("create").hidden`, 60*time.Second)
	do(t, lead, chromedp.Click(chromedp.CSS(`#create-form button[type="submit"]`)))
	waitFor(t, lead, "the session", `!document.getElementById("session").hidden && document.getElementById("code-big").textContent.length === 7`, 30*time.Second)
	code := strings.ReplaceAll(eval[string](t, lead, byID("code-big")+".textContent"), " ", "")
	token := strings.TrimPrefix(eval[string](t, lead, "location.hash"), "#token=")

	// Four phones (k + 1, so that figures can show) answer two sections:
	// the first item of "rutiner" splits 1/1/1/1.
	tie := []string{"ja", "delvis", "nej", "vet-ej"}
	for n := 1; n <= 4; n++ {
		d := workshop.Device(t.Name(), n)
		r, err := api.Join(ctxFor(t), code, d)
		must(t, r, err, 201)
		for _, a := range [][2]string{{"rutiner.ansvar-arenden", tie[n-1]}, {"rutiner.handlingsplan", "beslutat"}, {"kunskap.genomgang", "ja"}} {
			r, err := api.Answer(ctxFor(t), code, d, a[0], a[1])
			must(t, r, err, 201)
		}
	}
	waitFor(t, lead, "the summary", `document.getElementById("summary").textContent.includes("4 har svarat")`, 20*time.Second)

	// One laptop screen: controls and summary side by side, no scrolling.
	for _, size := range [][2]int64{{1366, 768}, {1920, 1080}} {
		do(t, lead, chromedp.EmulateViewport(size[0], size[1]))
		fit := eval[map[string]float64](t, lead, `(() => {
			const c = document.getElementById("controls").getBoundingClientRect(), s = document.getElementById("summary-card").getBoundingClientRect();
			return {controls: c.bottom + scrollY, summary: s.bottom + scrollY, left: c.right, right: s.left, h: innerHeight};
		})()`)
		if fit["controls"] > fit["h"] || fit["summary"] > fit["h"] || fit["right"] < fit["left"] {
			t.Errorf("at %dx%d the controls end at %.0f px, the summary at %.0f px (the screen is %.0f px), the summary starts at x %.0f, the controls end at %.0f",
				size[0], size[1], fit["controls"], fit["summary"], fit["h"], fit["right"], fit["left"])
		}
	}
	shot(t, lead, "workshop-presenter.png")
	do(t, lead, chromedp.EmulateViewport(390, 844))
	if stacked := eval[bool](t, lead, `document.getElementById("summary-card").getBoundingClientRect().top >= document.getElementById("controls").getBoundingClientRect().bottom`); !stacked {
		t.Error("on a phone's width the presenter view does not stack")
	}
	do(t, lead, chromedp.EmulateViewport(1366, 768))
	if hint := eval[string](t, lead, byID("keys-hint")+".textContent"); !strings.Contains(hint, sv.WShortcuts) {
		t.Errorf("no visible shortcut hint: %q", hint)
	}

	// "v" reveals the section the room is on, only that one; in a field
	// the key is the field's.
	key := func(k string) {
		t.Helper()
		do(t, lead, chromedp.Evaluate[chromedp.Void](`document.activeElement && document.activeElement.blur()`))
		do(t, lead, chromedp.KeyEvent(k))
	}
	do(t, lead, chromedp.Focus(chromedp.ID("round")), chromedp.KeyEvent("v"))
	if s := roomState(t, code); len(s.RevealedItems) != 0 || s.Revealed {
		t.Fatalf("a v typed in a field revealed: %+v", s)
	}
	do(t, lead, chromedp.Evaluate[chromedp.Void](byID("round")+`.value = ""`))
	key("v")
	waitSession(t, code, "rutiner revealed", func(s sessionState) bool {
		return slices.Equal(s.RevealedItems, []string{"rutiner.ansvar-arenden", "rutiner.handlingsplan"}) && !s.Revealed
	})
	waitFor(t, lead, "rutiner's figures in the summary", `document.querySelector('#summary li[data-item="rutiner.handlingsplan"] [data-value="beslutat"]')?.textContent.endsWith("4")`, 10*time.Second)
	if v, _, err := api.Wall(ctxFor(t), code, ""); err != nil {
		t.Fatal(err)
	} else if _, shown := workshop.Count(v, "kunskap.genomgang"); shown {
		t.Error("kunskap shows on the wall before its reveal")
	}
	// "n" moves on; the checkbox reveals the new section.
	key("n")
	waitSession(t, code, "the room on kunskap", func(s sessionState) bool { return s.Section == "kunskap" })
	waitFor(t, lead, "the checkbox of kunskap", `!document.getElementById("reveal-section").checked && document.querySelector('#summary ul[data-section="kunskap"]')`, 10*time.Second)
	do(t, lead, chromedp.Click(chromedp.CSS(`label[for="reveal-section"]`)))
	waitFor(t, lead, "kunskap's figures in the summary", `document.querySelector('#summary li[data-item="kunskap.genomgang"] [data-value="ja"]')?.textContent.endsWith("4")`, 10*time.Second)

	// The tie: no proposal, a note, and saving waits for a choice.
	if got := eval[string](t, lead, byID("settle-rutiner.ansvar-arenden")+".value"); got != "" {
		t.Errorf("a 1/1/1/1 tie is settled as %q by default", got)
	}
	if got := eval[string](t, lead, byID("settle-rutiner.handlingsplan")+".value"); got != "beslutat" {
		t.Errorf("a clear answer is proposed as %q, want beslutat", got)
	}
	waitFor(t, lead, "the tie's note", `!document.getElementById("tie-rutiner.ansvar-arenden").hidden`, 10*time.Second)
	do(t, lead, chromedp.SendKeys(chromedp.ID("round"), "e2e-presenter"))
	do(t, lead, chromedp.Click(chromedp.CSS(`#save-form button[type="submit"]`)))
	waitFor(t, lead, "saving refused", `document.getElementById("save-status").dataset.outcome === "tie" && document.activeElement.id === "settle-rutiner.ansvar-arenden"`, 10*time.Second)
	// (chromedp.ID would read the item id's dot as a class.)
	do(t, lead, chromedp.Evaluate[chromedp.Void](`(() => { const s = `+byID("settle-rutiner.ansvar-arenden")+`; s.value = "nej"; s.dispatchEvent(new Event("change", {bubbles: true})); })()`))
	waitFor(t, lead, "the tie chosen", `document.getElementById("tie-rutiner.ansvar-arenden").hidden`, 5*time.Second)

	// The export: Excel (Swedish) CSV of what the wall shows.
	do(t, lead, chromedp.Evaluate[chromedp.Void](`(() => { const o = URL.createObjectURL; URL.createObjectURL = b => { window.lastBlob = b; return o.call(URL, b); }; })()`))
	do(t, lead, chromedp.Click(chromedp.ID("export-csv")))
	b64 := eval[string](t, lead, `window.lastBlob.arrayBuffer().then(b => { let s = ""; new Uint8Array(b).forEach(c => s += String.fromCharCode(c)); return btoa(s); })`)
	raw, err := base64.StdEncoding.DecodeString(b64)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(raw, []byte("\xEF\xBB\xBF")) {
		t.Fatalf("the CSV has no byte order mark: %q", raw[:min(20, len(raw))])
	}
	r := csv.NewReader(bytes.NewReader(raw[3:]))
	r.Comma, r.FieldsPerRecord = ';', -1
	rows, err := r.ReadAll()
	if err != nil {
		t.Fatalf("the CSV does not parse with semicolons: %v", err)
	}
	got := map[string]string{}
	for _, row := range rows {
		if len(row) == 7 && row[1] == "2" {
			got[row[3]] = row[4] + "|" + row[5]
		}
	}
	if want := "map[Delvis:1|25,0 Ja:1|25,0 Nej:1|25,0 Vet ej:1|25,0]"; fmt.Sprint(got) != want {
		t.Errorf("the CSV has %v for item 2, want %s", got, want)
	}
	for _, row := range rows {
		if len(row) == 7 && row[2] != "" && strings.HasPrefix(row[0], "Samverkan") && row[4] != ".." {
			t.Errorf("the CSV shows a count for a section no one answered: %v", row)
		}
	}

	// The printable summary prints alone.
	do(t, lead, chromedp.Evaluate[chromedp.Void](`window.print = () => { window.printed = true; }`))
	do(t, lead, chromedp.Click(chromedp.ID("print")))
	waitFor(t, lead, "the print view", `window.printed && document.body.classList.contains("print-workshop")`, 5*time.Second)
	setMedia(t, lead, "print")
	if vis := eval[map[string]string](t, lead, `({summary: getComputedStyle(document.getElementById("print-summary")).display,
		session: getComputedStyle(document.getElementById("session")).display, header: getComputedStyle(document.querySelector("header.site")).display})`); vis["summary"] != "block" || vis["session"] != "none" || vis["header"] != "none" {
		t.Errorf("printing shows %v", vis)
	}
	if h := eval[float64](t, lead, byID("print-summary")+".getBoundingClientRect().height"); h > 1047 {
		t.Errorf("the printed summary is %.0f px high, more than one A4 page", h)
	}
	setMedia(t, lead, "")
	do(t, lead, chromedp.Evaluate[chromedp.Void](`document.body.classList.remove("print-workshop")`))
	audit(t, lead, "the presenter view")

	// The link kept in this browser: /workshop/ lists the session.
	do(t, lead, chromedp.Navigate(w.URL+"/workshop/"))
	waitFor(t, lead, "this browser's sessions", fmt.Sprintf(`!document.getElementById("kept").hidden && document.querySelector('#kept-list li[data-code=%q] a')`, code), 60*time.Second)
	if href := eval[string](t, lead, fmt.Sprintf(`document.querySelector('#kept-list li[data-code=%q] a').href`, code)); !strings.HasSuffix(href, "/workshop/?code="+code+"#token="+token) {
		t.Errorf("the kept link is %q", href)
	}
	do(t, lead, chromedp.Click(chromedp.CSS(fmt.Sprintf(`#kept-list li[data-code=%q] button`, code))))
	waitFor(t, lead, "the copy", fmt.Sprintf(`[%q, %q].includes(document.getElementById("kept-status").textContent)`, sv.WCopied, sv.WCopyFailed), 10*time.Second)
	audit(t, lead, "the list of this browser's sessions")

	// The wall in this browser takes the shortcuts; it hides its QR code
	// once the session ends.
	do(t, lead, chromedp.Navigate(w.URL+"/wall/?code="+code))
	waitFor(t, lead, "the wall with its QR code", `document.body.dataset.qr === "true" && !document.getElementById("wall-keys").hidden`, 60*time.Second)
	key("p")
	waitSession(t, code, "the room back on rutiner (from the wall)", func(s sessionState) bool { return s.Section == "rutiner" })
	yes := true
	if _, err := api.Change(ctxFor(t), code, token, map[string]any{"ended": yes}); err != nil {
		t.Fatal(err)
	}
	waitFor(t, lead, "the wall without its QR code", `document.body.dataset.qr === "false"`, 20*time.Second)
	// An ended session takes no changes: the shortcuts' hint goes too.
	waitFor(t, lead, "the wall without the shortcuts' hint", `document.getElementById("wall-keys").hidden`, 20*time.Second)
	shot(t, lead, "workshop-wall-ended.png")
}

type sessionState struct {
	Section       string
	Revealed      bool
	RevealedItems []string
}

func roomState(t *testing.T, code string) sessionState {
	t.Helper()
	v, _, err := api.Wall(ctxFor(t), code, "")
	if err != nil {
		t.Fatal(err)
	}
	return sessionState{v.Session.Section, v.Session.Revealed, v.Session.RevealedItems}
}

// waitSession waits until the worker's session is as ok wants it: a
// click or key changes the page at once, the worker a moment later.
func waitSession(t *testing.T, code, what string, ok func(sessionState) bool) {
	t.Helper()
	for deadline := time.Now().Add(10 * time.Second); ; time.Sleep(50 * time.Millisecond) {
		s := roomState(t, code)
		if ok(s) {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("%s: the worker's session is %+v after 10 s", what, s)
		}
	}
}

// setMedia emulates a CSS media type, with reduced motion (as e2e's media).
func setMedia(t *testing.T, ctx context.Context, m string) {
	t.Helper()
	if _, err := chromedp.Call(ctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{Media: m,
		Features: []*emulation.MediaFeature{{Name: "prefers-reduced-motion", Value: "reduce"}}}); err != nil {
		t.Fatal(err)
	}
}
