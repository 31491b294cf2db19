//go:build !js

package workshop_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	lagesbild "lagesbild/api"
	"lagesbild/wasm/i18n"
)

// TestJoinPage: the participants' page without wasm (issue 17). The room's
// section comes from the page's pre-rendered sections, each the same as the
// script draws from the questionnaire's JSON (which it does for another
// questionnaire, or in English); a phone follows the facilitator's moves
// within 2 s of them (the heading takes the focus), its locks, and the end;
// a session on another questionnaire is drawn from its JSON.
func TestJoinPage(t *testing.T) {
	needBrowser(t)
	sv := i18n.For("sv")
	s, err := api.Create(ctxFor(t), nil)
	if err != nil {
		t.Fatal(err)
	}
	phone := tab(t, "phone", 390, 844)
	do(t, phone, chromedp.Navigate(w.URL+"/join/?code="+s.Code))
	waitFor(t, phone, "the first question", byID("o-rutiner.handlingsplan-saknas")+"?.getBoundingClientRect().height > 0", 60*time.Second)
	if n := eval[int](t, phone, `performance.getEntriesByType("resource").filter(e => /\.wasm$|wasm_exec|loader\.js/.test(e.name)).length`); n != 0 {
		t.Errorf("the participants' page loaded %d wasm files or their loaders", n)
	}
	if got := eval[string](t, phone, `document.title`); got != i18n.Fill(sv.WParticipantOf, s.Code[:3]+" "+s.Code[3:])+" – "+sv.SiteName {
		t.Errorf("title %q", got)
	}
	// Every pre-rendered section is what the script draws from the JSON.
	diff := eval[[]string](t, phone, `(async () => {
		const m = await import("/join.mjs");
		const q = await (await fetch("/enkat/workshop/v2.json")).json();
		const texts = JSON.parse(document.getElementById("texts").textContent).sv;
		const out = [];
		for (const s of q.sections) {
			const tpl = document.getElementById("tpl-" + s.id);
			const drawn = document.createElement("template");
			drawn.innerHTML = m.sectionHTML(q, s.id, "sv", texts);
			if (!tpl) out.push(s.id + ": not pre-rendered");
			else if (!tpl.content.isEqualNode(drawn.content)) out.push(s.id + ":\n" + tpl.innerHTML + "\n" + drawn.innerHTML);
		}
		return out;
	})()`)
	if len(diff) > 0 {
		t.Errorf("pre-rendered and drawn sections differ:\n%s", strings.Join(diff, "\n"))
	}
	audit(t, phone, "the participants' page")

	// An answer is saved; the facilitator moves the room on: the phone
	// follows within 2 s, its heading focused.
	do(t, phone, chromedp.Click(chromedp.CSS(`label[for="o-rutiner.handlingsplan-beslutat"]`)))
	waitFor(t, phone, "the answer saved", fmt.Sprintf(`document.getElementById("status").textContent === %q`, sv.WSaved), 20*time.Second)
	next := "kunskap"
	moved := time.Now()
	if _, err := api.Change(ctxFor(t), s.Code, s.Token, lagesbild.Change{Section: &next}); err != nil {
		t.Fatal(err)
	}
	waitFor(t, phone, "the next section", `document.getElementById("section").dataset.rendered === "kunskap" && document.activeElement.id === "ws-section-h"`, 10*time.Second)
	if d := time.Since(moved); d > 2*time.Second {
		t.Errorf("the phone followed the section change after %v, want ≤ 2 s", d)
	}
	// A lock is set in place.
	item := eval[string](t, phone, `document.querySelector("#section fieldset[data-item]").dataset.item`)
	if _, err := api.Change(ctxFor(t), s.Code, s.Token, lagesbild.Change{Lock: []string{item}}); err != nil {
		t.Fatal(err)
	}
	waitFor(t, phone, "the lock", byID("i-"+item)+".disabled && !"+byID("l-"+item)+".hidden", 10*time.Second)
	// English: drawn from the JSON, the lock kept; and back.
	do(t, phone, chromedp.Click(chromedp.ID("lang")))
	waitFor(t, phone, "English", `document.documentElement.lang === "en" && document.querySelector(".ws-section .snum").textContent === "Section 2 of 5" && `+
		byID("i-"+item)+".disabled", 10*time.Second)
	do(t, phone, chromedp.Click(chromedp.ID("lang")))
	waitFor(t, phone, "Swedish", `document.documentElement.lang === "sv" && document.querySelector(".ws-section .snum").textContent === "Avsnitt 2 av 5"`, 10*time.Second)
	// Back to the first section: the answer is still checked.
	first := "rutiner"
	if _, err := api.Change(ctxFor(t), s.Code, s.Token, lagesbild.Change{Section: &first}); err != nil {
		t.Fatal(err)
	}
	waitFor(t, phone, "the first section again, answered", byID("o-rutiner.handlingsplan-beslutat")+"?.checked", 10*time.Second)
	// The end.
	end := true
	if _, err := api.Change(ctxFor(t), s.Code, s.Token, lagesbild.Change{Ended: &end}); err != nil {
		t.Fatal(err)
	}
	waitFor(t, phone, "the end", fmt.Sprintf(`document.body.hasAttribute("data-ended") && document.getElementById("status").textContent === %q && !document.querySelector("#section input")`, sv.WEnded), 10*time.Second)

	// A session on another questionnaire: drawn from its JSON.
	k, err := api.Create(ctxFor(t), map[string]any{"questionnaire": "kommun"})
	if err != nil {
		t.Fatal(err)
	}
	other := tab(t, "phone on kommun", 390, 844)
	do(t, other, chromedp.Navigate(w.URL+"/join/?code="+k.Code))
	waitFor(t, other, "the kommun questionnaire's first section", `document.querySelector("#section input[type=radio]")?.getBoundingClientRect().height > 0`, 60*time.Second)
	if got, want := eval[string](t, other, `document.querySelector("#section .ws-section").dataset.section`), k.Session.Section; got != want {
		t.Errorf("the phone shows section %q of kommun, want %q", got, want)
	}
}
