//go:build !js

package e2e

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"lagesbild/wasm/ui"
)

// sendPanel is what the panel beside the send button shows, and where.
type sendPanel struct {
	Heading, Focus   string
	InView, Result   bool
	FixHolds         []string // the fields beside the button
	NoRoundInput     bool
	RoundIsSelect    bool
	ViewportW, ViewH int
}

func readSend(t *testing.T, ctx context.Context) sendPanel {
	t.Helper()
	return eval[sendPanel](t, ctx, `(() => { const p = document.getElementById("send-status"), r = p.getBoundingClientRect();
		return {Heading: (p.querySelector("h2") || {}).textContent || "", Focus: (document.activeElement || {}).id || "",
			InView: !p.hidden && r.top >= 0 && r.bottom <= innerHeight && r.height > 0,
			Result: !!p.querySelector('a[href^="/resultat/"]'),
			FixHolds: [...document.querySelectorAll("#send-fix:not([hidden]) select, #send-fix:not([hidden]) input")].map(e => e.id),
			NoRoundInput: !document.querySelector("input#round, input[name=round]"),
			RoundIsSelect: document.getElementById("round").tagName === "SELECT",
			ViewportW: innerWidth, ViewH: innerHeight}; })()`)
}

// clickSubmit clicks the send button as a user would.
func clickSubmit(t *testing.T, ctx context.Context) {
	t.Helper()
	do(t, ctx, chromedp.Click(chromedp.CSS(`#submit-row button[type=submit]`)))
}

// TestSendWrongCodeFixedInPlace: a respondent types a wrong code, answers
// everything and sends: the refusal (code_invalid) is said beside the send
// button, focused and in view, with the code field there; the code is
// corrected in place and the answers go in, and the panel says so with the
// way to the result. At 1280×800 and at 375×812.
func TestSendWrongCodeFixedInPlace(t *testing.T) {
	need(t)
	q := kommun(t)
	for _, vp := range []struct{ w, h int64 }{{1280, 800}, {375, 812}} {
		t.Run(fmt.Sprint(vp.w), func(t *testing.T) {
			rd := fmt.Sprintf("send-%d-%d", vp.w, time.Now().UnixNano()%1e9)
			privateRound(t, rd, "2020-01-01", "2099-12-31")
			code := codes(t, rd, []string{"2480"}, nil)["2480"]
			p := newProxy(t, shared.URL)
			ctx := tab(t)
			do(t, ctx, chromedp.EmulateViewport(vp.w, vp.h))
			do(t, ctx, chromedp.Navigate(p.URL+"/enkat/kommun/?round="+rd+"&kommun=2480"))
			ready(t, ctx)
			if got := readSend(t, ctx); !got.NoRoundInput || !got.RoundIsSelect {
				t.Errorf("the round is typed: %+v; want a list and no text input", got)
			}
			waitFor(t, ctx, "the round list", fmt.Sprintf(`document.getElementById("round").value === %q`, rd), 10*time.Second)
			do(t, ctx, chromedp.SendKeys(chromedp.ID("code"), "WRONG-CODE-0000"))
			answerAll(t, ctx, q)
			clickSubmit(t, ctx)
			waitFor(t, ctx, "the refusal beside the button", `(document.querySelector("#send-status h2") || {}).textContent === "Svaren kunde inte skickas"`, 60*time.Second)
			got := readSend(t, ctx)
			if got.Focus != ui.SendPanelID || !got.InView {
				t.Errorf("after a refused send: %+v; want the panel focused and in view", got)
			}
			if fmt.Sprint(got.FixHolds) != "[municipality round code]" {
				t.Errorf("beside the send button are %v; want the municipality, round and code fields", got.FixHolds)
			}
			screenshot(t, ctx, fmt.Sprintf("send-refused-%d.png", vp.w))
			audit(t, ctx, "the questionnaire after a refused send")

			// Corrected in place: no section changes.
			eval[bool](t, ctx, `(document.getElementById("code").value = "", true)`)
			do(t, ctx, chromedp.SendKeys(chromedp.ID("code"), code))
			clickSubmit(t, ctx)
			waitFor(t, ctx, "the acknowledgement beside the button", `(document.querySelector("#send-status h2") || {}).textContent === "Dina svar har kommit fram"`, 60*time.Second)
			got = readSend(t, ctx)
			if got.Focus != ui.SendPanelID || !got.InView || !got.Result {
				t.Errorf("after sending: %+v; want the panel focused, in view, with a link to the result", got)
			}
			screenshot(t, ctx, fmt.Sprintf("send-sent-%d.png", vp.w))
			audit(t, ctx, "the questionnaire after sending")
			if row := rowOf(t, countyFromAPI(t, rd, "24", shared.AdminToken), "2480"); row.Respondents != 1 {
				t.Errorf("Umeå has %d responses in %s, want 1", row.Respondents, rd)
			}
		})
	}
}

// TestFirstScreenAndReload: the first screen at 1280×800 shows the first
// section's heading; a reload returns to the restored section's heading, not the
// place the page was scrolled to.
func TestFirstScreenAndReload(t *testing.T) {
	need(t)
	q := kommun(t)
	p := newProxy(t, shared.URL)
	ctx := tab(t)
	do(t, ctx, chromedp.EmulateViewport(1280, 800))
	do(t, ctx, chromedp.Navigate(p.URL+"/enkat/kommun/?kommun=2480&round=demo"))
	ready(t, ctx)
	// The first section's heading, a clear start, is in the first screen.
	// (The first question is not yet: the questionnaire's long introduction
	// is above it; see the report of issue 13.)
	if b := eval[float64](t, ctx, fmt.Sprintf(`document.getElementById(%q).getBoundingClientRect().bottom`, ui.SectionHeadID(q.Sections[0].ID))); b > 800 {
		t.Errorf("the first section's heading ends at %v px; want it in the first screen (800)", b)
	}
	png, err := chromedp.Run(ctx, chromedp.CaptureScreenshot())
	if err != nil {
		t.Fatal(err)
	}
	writeShot(t, "questionnaire-first-screen.png", png)

	// The first two sections answered, scrolled to the bottom: a reload
	// shows the third from its heading.
	eval[bool](t, ctx, fmt.Sprintf(`(() => { for (const s of %s) for (const it of document.getElementById(s).querySelectorAll("fieldset.item")) {
		const r = it.querySelector("input[type=radio]"); r.checked = true; r.dispatchEvent(new Event("change", {bubbles: true})); } return true; })()`,
		fmt.Sprintf("[%q, %q]", ui.SectionID(q.Sections[0].ID), ui.SectionID(q.Sections[1].ID))))
	eval[bool](t, ctx, `(scrollTo(0, document.documentElement.scrollHeight), true)`)
	do(t, ctx, chromedp.Reload())
	ready(t, ctx)
	head := ui.SectionHeadID(q.Sections[2].ID)
	waitFor(t, ctx, "the third section's heading focused", fmt.Sprintf(`document.activeElement && document.activeElement.id === %q`, head), 10*time.Second)
	top := eval[float64](t, ctx, fmt.Sprintf(`document.getElementById(%q).getBoundingClientRect().top`, head))
	if top < 0 || top > 250 {
		t.Errorf("after the reload the section's heading is at %v px; want it near the top of the screen", top)
	}
}
