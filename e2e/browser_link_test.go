//go:build !js

package e2e

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/network"
	cdppage "github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"

	"lagesbild"
	"lagesbild/wasm/ui"
)

// privateRound makes a round of the municipal questionnaire that needs codes.
func privateRound(t *testing.T, id, opens, closes string) {
	t.Helper()
	status, body := call(t, shared, "POST", "/api/admin/rounds", shared.AdminToken, map[string]any{
		"id": id, "questionnaire": "kommun", "opens": opens, "closes": closes})
	if status != 201 {
		t.Fatalf("making round %s: %d %s", id, status, body)
	}
}

// personalLink is the link a county sends a municipality.
func personalLink(base, round, kommun, code string) string {
	return base + "/enkat/kommun/?omgang=" + round + "&kommun=" + kommun + "#kod=" + code
}

// panel is what the personal link's panel shows, and where the focus is.
type panel struct {
	Hidden, Problem, InView bool
	Heading, Text, Focus    string
	Checked                 int // radios checked in the questionnaire
}

func linkPanel(t *testing.T, ctx context.Context) panel {
	t.Helper()
	return eval[panel](t, ctx, `(() => { const p = document.getElementById("link-panel"), r = p.getBoundingClientRect();
		return {Hidden: p.hidden, Problem: p.classList.contains("problem"),
			// In view, and not under the sticky progress bar.
			InView: r.top >= document.getElementById("tools").getBoundingClientRect().bottom - 1 && r.top < innerHeight && r.height > 0,
			Heading: (p.querySelector("h2") || {}).textContent || "", Text: p.textContent,
			Focus: (document.activeElement || {}).id || "",
			Checked: document.querySelectorAll("#qform input[type=radio]:checked").length}; })()`)
}

// waitPanel waits until the panel's heading is want.
func waitPanel(t *testing.T, ctx context.Context, want string) panel {
	t.Helper()
	waitFor(t, ctx, "the link's panel: "+want, fmt.Sprintf(`(p => p && !p.hidden && (p.querySelector("h2") || {}).textContent === %q)(document.getElementById("link-panel"))`, want), 60*time.Second)
	return linkPanel(t, ctx)
}

// waitInView waits until the panel is in view, below the sticky progress
// bar (the page may scroll smoothly to it).
func waitInView(t *testing.T, ctx context.Context) panel {
	t.Helper()
	waitFor(t, ctx, "the panel in view", `(r => r.top >= document.getElementById("tools").getBoundingClientRect().bottom - 1 && r.top < innerHeight)(document.getElementById("link-panel").getBoundingClientRect())`, 10*time.Second)
	return linkPanel(t, ctx)
}

// fieldsHidden reports whether the about fields a link fills are hidden:
// the municipality, the round, the code.
func fieldsHidden(t *testing.T, ctx context.Context) []bool {
	t.Helper()
	return eval[[]bool](t, ctx, `["municipality", "round", "code"].map(id => document.getElementById(id).closest(".field").hidden)`)
}

// at375 checks the page at 375 CSS pixels, a phone: nothing scrolls
// sideways, and takes a screenshot.
func at375(t *testing.T, ctx context.Context, name string) {
	t.Helper()
	do(t, ctx, chromedp.EmulateViewport(375, 800))
	waitFor(t, ctx, "the 375 px layout", `innerWidth === 375`, 10*time.Second)
	eval[bool](t, ctx, `(document.getElementById("link-panel").scrollIntoView({behavior: "instant"}), true)`) // the layout, not html:focus-within's smooth scrolling
	if p := linkPanel(t, ctx); !p.InView {
		t.Errorf("%s: scrolled to at 375 px, the panel is not in view below the progress bar", name)
	}
	if got := eval[int](t, ctx, `document.documentElement.scrollWidth`); got > 375 {
		t.Errorf("%s at 375 px is %d px wide: it scrolls sideways", name, got)
	}
	if w := eval[int](t, ctx, `Math.ceil(document.getElementById("link-panel").getBoundingClientRect().right)`); w > 375 {
		t.Errorf("%s: the panel reaches %d px at 375", name, w)
	}
	png, err := chromedp.Run(ctx, chromedp.CaptureScreenshot()) // what a phone shows
	if err != nil {
		t.Fatal(err)
	}
	writeShot(t, name+"-375.png", png)
	do(t, ctx, desktop())
}

// TestPersonalLink opens a municipality's personal link to a private round:
// the code leaves the address (and the history) at once, a panel before the
// first question names the municipality, the round and the last day, the
// fields the link decides are filled and hidden, and the answers go in with
// the code. A reload keeps all of it. Offline the questionnaire still opens
// and can be answered, the panel says the link is not checked yet, and the
// check is made when the network is back.
func TestPersonalLink(t *testing.T) {
	need(t)
	q := kommun(t)
	rd := fmt.Sprintf("link-%d", time.Now().UnixNano()%1e9)
	privateRound(t, rd, "2020-01-01", "2099-12-31") // stored as closing 2100-01-01T00:00:00Z
	keys := codes(t, rd, []string{"0183"}, nil)
	code := keys["0183"]

	p := newProxy(t, shared.URL)
	ctx := tab(t)
	do(t, ctx, chromedp.Navigate(personalLink(p.URL, rd, "0183", code)))
	ready(t, ctx)
	got := waitPanel(t, ctx, "Du svarar för Sundbybergs kommun")
	if got.Problem || got.Focus == ui.LinkPanelID {
		t.Errorf("a valid link's panel: %+v; want no problem, the focus left alone", got)
	}
	if !strings.Contains(got.Text, "Kommun och omgång kommer från din personliga länk") {
		t.Errorf("the panel does not say where the municipality and round come from: %q", got.Text)
	}
	facts := eval[[]string](t, ctx, `[...document.querySelectorAll("#link-panel dt, #link-panel dd")].map(e => e.textContent + getComputedStyle(e, "::after").content.replace(/^"|"$/g, "").replace("none", ""))`)
	if want := []string{"Omgång:", rd, "Sista dag att svara:", "31 december 2099"}; strings.Join(facts, "|") != strings.Join(want, "|") {
		t.Errorf("the panel's facts are %q, want %q", facts, want)
	}
	checkAddress(t, ctx, rd, "0183", code)
	if h := fieldsHidden(t, ctx); strings.Trim(fmt.Sprint(h), "[]") != "true true true" {
		t.Errorf("the municipality, round and code fields hidden: %v; want all, the panel says them", h)
	}
	about := eval[[]string](t, ctx, `[document.getElementById("municipality").value, document.getElementById("round").value, sessionStorage.getItem("lagesbild:code:`+rd+`")]`)
	if strings.Join(about, "|") != "0183|"+rd+"|"+code {
		t.Errorf("municipality, round and kept code are %q, want 0183, %s and the code", about, rd)
	}
	audit(t, ctx, "the questionnaire with a personal link's panel")
	screenshotOf(t, ctx, "#"+ui.LinkPanelID, "personal-link-panel.png")
	at375(t, ctx, "personal-link")

	// The link opened again in the same tab only changes the fragment: the
	// page is not loaded anew, and takes the code out all the same.
	do(t, ctx, chromedp.Navigate(personalLink(p.URL, rd, "0183", code)))
	waitFor(t, ctx, "the code out of the address again", `location.hash === ""`, 10*time.Second)
	checkAddress(t, ctx, rd, "0183", code)
	waitPanel(t, ctx, "Du svarar för Sundbybergs kommun")

	// A reload: the address has no code, the tab still has it.
	do(t, ctx, chromedp.Reload())
	ready(t, ctx)
	waitPanel(t, ctx, "Du svarar för Sundbybergs kommun")
	if !strings.Contains(text(t, ctx, ui.LinkPanelID), "personliga länk") {
		t.Errorf("after a reload the panel forgot the code came with the link: %q", text(t, ctx, ui.LinkPanelID))
	}

	answers := answerAll(t, ctx, q)
	submit(t, ctx)
	waitFor(t, ctx, "the worker's acknowledgement", `document.getElementById("send-status").textContent.startsWith("Dina svar har kommit fram")`, 60*time.Second)
	row := rowOf(t, countyFromAPI(t, rd, "01", shared.AdminToken), "0183")
	if row.Respondents != 1 {
		t.Errorf("Sundbyberg has %d responses in round %s, want 1", row.Respondents, rd)
	}
	score := q.Score(answers)
	if total, want := row.Measures[lagesbild.MeasureTotal], score.Measures()[lagesbild.MeasureTotal]; !sameValue(total, want) {
		t.Errorf("Sundbyberg's total is %s, want %s", show(total), show(want))
	}

	// Offline: the page opens from the service worker, the link is not
	// checked yet and says so, answering goes on; back online, it is.
	waitFor(t, ctx, "the service worker", `navigator.serviceWorker.controller !== null`, 30*time.Second)
	p.Down()
	setOffline(t, ctx, true)
	do(t, ctx, chromedp.Navigate("about:blank")) // so that the link loads the page anew
	do(t, ctx, chromedp.Navigate(personalLink(p.URL, rd, "0183", code)))
	ready(t, ctx)
	waitPanel(t, ctx, "Länken är inte kontrollerad ännu")
	got = waitInView(t, ctx)
	if !strings.Contains(got.Text, "Du kan ändå fylla i enkäten") || !strings.Contains(got.Text, "så snart anslutningen är tillbaka") || got.Focus != ui.LinkPanelID || !got.InView {
		t.Errorf("offline, the panel is %+v; want it focused, in view, saying the questionnaire can be filled in and the link is checked later", got)
	}
	checkAddress(t, ctx, rd, "0183", code)
	if h := fieldsHidden(t, ctx); strings.Trim(fmt.Sprint(h), "[]") != "true true true" {
		t.Errorf("offline, the fields the link fills are hidden: %v; want all, the panel says them", h)
	}
	first := q.Sections[0].Items[0]
	other := first.Options[(choice(&first, 1)+1)%len(first.Options)].Value
	eval[bool](t, ctx, fmt.Sprintf(`(r => (r.checked = true, r.dispatchEvent(new Event("change", {bubbles: true})), true))(document.getElementById(%q))`, ui.OptionID(first.ID, other)))
	waitFor(t, ctx, "the change saved offline", fmt.Sprintf(`JSON.parse(localStorage.getItem("lagesbild:draft:kommun")).answers[%q] === %q`, first.ID, other), 10*time.Second)
	p.Up(t, shared.URL)
	setOffline(t, ctx, false)
	waitPanel(t, ctx, "Du svarar för Sundbybergs kommun")
}

// setOffline makes the tab believe it has no network (navigator.onLine,
// the online and offline events), or a network again.
func setOffline(t *testing.T, ctx context.Context, offline bool) {
	t.Helper()
	if _, err := chromedp.Call(ctx, network.Enable, network.EnableParams{}); err != nil {
		t.Fatal(err)
	}
	if _, err := chromedp.Call(ctx, network.OverrideNetworkState, network.OverrideNetworkStateParams{
		Offline: offline, DownloadThroughput: -1, UploadThroughput: -1}); err != nil {
		t.Fatal(err)
	}
}

// checkAddress checks that neither the address nor the tab's history holds
// the code, and that the address still names the round and municipality.
func checkAddress(t *testing.T, ctx context.Context, round, kommun, code string) {
	t.Helper()
	href := eval[string](t, ctx, `location.href`)
	if strings.Contains(href, code) || strings.Contains(href, "kod") || !strings.HasSuffix(href, "/enkat/kommun/?omgang="+round+"&kommun="+kommun) {
		t.Errorf("the address is %q; want the round and municipality, never the code", href)
	}
	h, err := chromedp.Call(ctx, cdppage.GetNavigationHistory, cdp.Empty{})
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range h.Entries {
		if strings.Contains(e.URL, code) {
			t.Errorf("the tab's history has the code: %q", e.URL)
		}
	}
}

// TestPersonalLinkProblems opens links that cannot work: a wrong code, a
// revoked one, another municipality's, an unknown round, a round that has
// closed and one not yet open. Each is said at once, before any question is
// answered, with what to do: the panel has the focus and is in view.
func TestPersonalLinkProblems(t *testing.T) {
	need(t)
	stamp := time.Now().UnixNano() % 1e9
	open, closed, later := fmt.Sprintf("open-%d", stamp), fmt.Sprintf("closed-%d", stamp), fmt.Sprintf("later-%d", stamp)
	privateRound(t, open, "2020-01-01", "2099-12-31")
	privateRound(t, closed, "2020-01-01", "2020-12-31")
	privateRound(t, later, "2099-01-01", "2099-12-31")
	keys := codes(t, open, []string{"0183", "0184", "0186"}, nil)
	if status, body := call(t, shared, "DELETE", "/api/admin/rounds/"+open+"/codes/0186", shared.AdminToken, nil); status != 200 {
		t.Fatalf("revoking Lidingö's code: %d %s", status, body)
	}
	closedKey := codes(t, closed, []string{"0183"}, nil)["0183"]
	laterKey := codes(t, later, []string{"0183"}, nil)["0183"]

	p := newProxy(t, shared.URL)
	cases := []struct {
		name, link, heading string
		says                []string
		axe                 bool
	}{
		{"a wrong code", personalLink(p.URL, open, "0183", "AAAA-BBBB-CCCC-DDDD"), "Länken fungerar inte längre",
			[]string{"Koden gäller inte i omgång " + open, "Be Länsstyrelsen i Stockholms län om en ny länk."}, true},
		{"a revoked code", personalLink(p.URL, open, "0186", keys["0186"]), "Länken fungerar inte längre",
			[]string{"ersatt av en nyare kod", "Be Länsstyrelsen i Stockholms län om en ny länk."}, false},
		{"another municipality's code", personalLink(p.URL, open, "0183", keys["0184"]), "Koden hör till någon annan",
			[]string{"Koden hör till Solna kommun, men svaren gäller Sundbybergs kommun.", "be Länsstyrelsen i Stockholms län om en ny länk"}, false},
		{"an unknown round", personalLink(p.URL, "nosuch-"+open, "0183", keys["0183"]), "Omgången finns inte",
			[]string{"Det finns ingen omgång som heter ”nosuch-" + open + "”."}, false},
		{"a closed round", personalLink(p.URL, closed, "0183", closedKey), "Omgången är stängd",
			[]string{"sista dagen att svara var 31 december 2020.", "Kontakta Länsstyrelsen i Stockholms län"}, true},
		{"a round not yet open", personalLink(p.URL, later, "0183", laterKey), "Omgången har inte öppnat ännu",
			[]string{"Omgång " + later + " öppnar 1 januari 2099."}, false},
		{"a code no code is", p.URL + "/enkat/kommun/?omgang=" + open + "&kommun=0183#kod=%3Cscript%3E", "Länken fungerar inte längre",
			[]string{"Be Länsstyrelsen i Stockholms län om en ny länk."}, false},
	}
	for _, c := range cases {
		t.Run(strings.ReplaceAll(c.name, " ", "_"), func(t *testing.T) {
			ctx := tab(t)
			do(t, ctx, chromedp.Navigate(c.link))
			ready(t, ctx)
			waitPanel(t, ctx, c.heading)
			got := waitInView(t, ctx)
			if !got.Problem || got.Focus != ui.LinkPanelID || !got.InView || got.Checked != 0 {
				t.Errorf("%s: the panel is %+v; want a problem, focused and in view, before any answer", c.name, got)
			}
			if !eval[bool](t, ctx, `!!document.querySelector("#link-panel [role=alert] h2")`) {
				t.Errorf("%s: the message is not an alert", c.name)
			}
			for _, want := range c.says {
				if !strings.Contains(got.Text, want) {
					t.Errorf("%s: the panel has no %q: %q", c.name, want, got.Text)
				}
			}
			if href := eval[string](t, ctx, `location.href`); strings.Contains(href, "kod") {
				t.Errorf("%s: the address still has the code: %q", c.name, href)
			}
			if h := fieldsHidden(t, ctx); strings.Contains(fmt.Sprint(h), "true") {
				t.Errorf("%s: fields hidden %v; want them shown, nothing is decided", c.name, h)
			}
			if c.axe {
				audit(t, ctx, "the questionnaire with "+c.name)
				shot := "personal-link-" + strings.ReplaceAll(c.name, " ", "-")
				screenshotOf(t, ctx, "#"+ui.LinkPanelID, shot+".png")
				at375(t, ctx, shot)
			}
		})
	}

	// In English, when the page is.
	ctx := tab(t)
	do(t, ctx, chromedp.Navigate(p.URL+"/enkat/kommun/"))
	ready(t, ctx)
	eval[bool](t, ctx, `(localStorage.setItem("lagesbild:lang", "en"), true)`)
	do(t, ctx, chromedp.Navigate(personalLink(p.URL, closed, "0183", closedKey)))
	ready(t, ctx)
	got := waitPanel(t, ctx, "The round has closed")
	if want := "the last day to answer was 31 December 2020. Contact the County Administrative Board of Stockholm"; !strings.Contains(got.Text, want) {
		t.Errorf("in English the panel has no %q: %q", want, got.Text)
	}
	eval[bool](t, ctx, `(document.getElementById("lang").click(), true)`)
	waitPanel(t, ctx, "Omgången är stängd")
}
