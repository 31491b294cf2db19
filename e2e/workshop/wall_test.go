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
