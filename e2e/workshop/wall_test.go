//go:build !js

package workshop_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"
)

// TestWallEarly: before wall.wasm has arrived (here it never does: the
// browser blocks it) the wall already shows how to join: the link, the
// code and its QR code from the worker, and nothing else; axe-clean, in
// English when asked. A session that has ended or does not exist shows no
// invitation. Once wall.wasm paints, it takes over (TestWorkshopBrowser,
// TestPresenter: data-qr).
func TestWallEarly(t *testing.T) {
	needBrowser(t)
	s, err := api.Create(ctxFor(t), nil)
	if err != nil {
		t.Fatal(err)
	}
	wall := tab(t, "wall", 1280, 720)
	for _, err := range []error{
		call(wall, network.Enable, network.EnableParams{}),
		call(wall, network.SetBlockedURLs, network.SetBlockedURLsParams{
			URLPatterns: []*network.BlockPattern{{URLPattern: "*://*:*/wall.wasm", Block: true}}}),
	} {
		if err != nil {
			t.Fatal(err)
		}
	}
	qrShown := `!document.getElementById("wall-early").hidden && !document.getElementById("wall-early-qr").hidden && document.getElementById("wall-early-qr").naturalWidth > 0`
	for _, c := range []struct{ query, lead string }{{"", "Svara på mobilen"}, {"&lang=en", "Answer on your phone"}} {
		do(t, wall, chromedp.Navigate(w.URL+"/wall/?code="+s.Code[:3]+"-"+s.Code[3:]+c.query))
		waitFor(t, wall, "the early code and QR code"+c.query, qrShown, 20*time.Second)
		got := eval[[]string](t, wall, `["wall-early-lead", "wall-early-link", "wall-early-code"].map(id => document.getElementById(id).textContent)`)
		want := []string{c.lead, w.URL[len("http://"):] + "/join", s.Code[:3] + " " + s.Code[3:]}
		if fmt.Sprint(got) != fmt.Sprint(want) {
			t.Errorf("%s: the early sidebar says %q, want %q", c.query, got, want)
		}
		if d := eval[string](t, wall, `document.body.dataset.drawn || ""`); d != "" {
			t.Fatalf("wall.wasm painted (%s) though it was blocked: the test shows nothing", d)
		}
		audit(t, wall, "the wall before wall.wasm"+c.query)
	}
	shot(t, wall, "workshop-wall-early.png")

	if _, err := api.Change(ctxFor(t), s.Code, s.Token, map[string]any{"ended": true}); err != nil {
		t.Fatal(err)
	}
	for _, code := range []string{s.Code, "HJKMNP"} {
		do(t, wall, chromedp.Navigate(w.URL+"/wall/?code="+code))
		// The state or the QR code's refusal hides it, whichever comes first.
		// The state (read once) hides it, and so does the QR code's refusal.
		waitFor(t, wall, "no invitation for "+code, `document.getElementById("wall-early").dataset.checked === "ended" && document.getElementById("wall-early").hidden`, 20*time.Second)
	}
}

// TestWallCanvas: wall.wasm paints the wall on its canvas in the largest
// 16:9 area of the window, one canvas pixel per device pixel, and again
// when the window changes; the early sidebar gives way at its first frame.
// Its first figures and their questionnaire are the ones wall.mjs fetched
// while it was on its way (one GET of the questionnaire, not two).
func TestWallCanvas(t *testing.T) {
	needBrowser(t)
	s, err := api.Create(ctxFor(t), nil)
	if err != nil {
		t.Fatal(err)
	}
	wall := tab(t, "wall", 1280, 720)
	do(t, wall, chromedp.Navigate(w.URL+"/wall/?code="+s.Code))
	waitFor(t, wall, "the wall's figures painted", `document.body.dataset.etag && document.body.dataset.drawn`, 60*time.Second)
	if n := eval[int](t, wall, `performance.getEntriesByType("resource").filter(e => e.name.includes("/api/questionnaires/")).length`); n != 1 {
		t.Errorf("the questionnaire was fetched %d times, want once (wall.mjs's, taken over by wall.wasm)", n)
	}
	if got := eval[[]any](t, wall, `[document.getElementById("wall-canvas").hidden, document.getElementById("wall-early").hidden, document.getElementById("wall-canvas").getAttribute("aria-label")]`); fmt.Sprint(got) != fmt.Sprint([]any{false, true, "Svara på mobilen " + s.Code[:3] + " " + s.Code[3:]}) {
		t.Errorf("canvas hidden, early sidebar hidden, canvas's name: %v", got)
	}
	audit(t, wall, "the painted wall")
	// canvas is the canvas's size in device pixels, its box in CSS pixels,
	// and the colours of two of its pixels: the main area's and the sidebar's.
	const canvas = `(() => {
		const c = document.getElementById("wall-canvas"), r = c.getBoundingClientRect(), x = c.getContext("2d");
		const px = (fx, fy) => Array.from(x.getImageData(Math.floor(c.width * fx), Math.floor(c.height * fy), 1, 1).data.slice(0, 3)).join(",");
		return [c.width, c.height, Math.round(r.left), Math.round(r.top), Math.round(r.width), Math.round(r.height), px(0.01, 0.01), px(0.73, 0.01)].join(" ");
	})()`
	for i, c := range []struct {
		w, h  int64
		scale float64
		want  string
	}{
		{1280, 720, 1, "1280 720 0 0 1280 720 255,255,255 232,238,246"},
		{1000, 1000, 1, "1000 562 0 219 1000 562 255,255,255 232,238,246"}, // letterboxed: 1000 × 562.5
		{1280, 720, 2, "2560 1440 0 0 1280 720 255,255,255 232,238,246"},   // sharp on a high-density screen
		{1600, 700, 1, "1244 700 178 0 1244 700 255,255,255 232,238,246"},  // pillarboxed
	} {
		name := fmt.Sprintf("%d×%d at %g", c.w, c.h, c.scale)
		if i > 0 { // the first size is the tab's own
			drawn := eval[string](t, wall, `document.body.dataset.drawn`)
			do(t, wall, chromedp.EmulateViewport(c.w, c.h, chromedp.EmulateScale(c.scale)))
			waitFor(t, wall, "the wall painted again at "+name, fmt.Sprintf(`document.body.dataset.drawn !== %q`, drawn), 20*time.Second)
		}
		if got := eval[string](t, wall, canvas); got != c.want {
			t.Errorf("%s: the canvas (size, box, pixels) is %s, want %s", name, got, c.want)
		}
	}

	// In English when asked: the canvas's name and the table of figures too.
	do(t, wall, chromedp.Navigate(w.URL+"/wall/?code="+s.Code+"&lang=en"))
	waitFor(t, wall, "the English wall painted", `document.body.dataset.etag && document.body.dataset.drawn`, 60*time.Second)
	if got := eval[[]string](t, wall, `[document.documentElement.lang, document.getElementById("wall-canvas").getAttribute("aria-label")]`); fmt.Sprint(got) != fmt.Sprint([]string{"en", "Answer on your phone " + s.Code[:3] + " " + s.Code[3:]}) {
		t.Errorf("the English wall's language and canvas's name: %q", got)
	}
	shot(t, wall, "workshop-wall-en.png")
}
