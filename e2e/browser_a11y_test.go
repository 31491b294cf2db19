//go:build !js

package e2e

import (
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	cdpbrowser "github.com/chromedp/cdproto/browser"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"lagesbild/wasm/chart"
	"lagesbild/wasm/ui"
)

// TestAxe audits every page with axe-core: the start page, the
// questionnaire (one section, all sections, with the error summary shown),
// the result with its comparison, the county page and the chart page. A
// serious or critical violation fails the test.
func TestAxe(t *testing.T) {
	need(t)
	q := kommun(t)
	p := newProxy(t, shared.URL)
	ctx := tab(t)

	resp, err := http.Get(shared.URL + "/enkat/kommun/")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if csp := resp.Header.Get("Content-Security-Policy"); !strings.Contains(csp, "'wasm-unsafe-eval'") || strings.Contains(csp, "'unsafe-inline'") {
		t.Errorf("the questionnaire's Content-Security-Policy is %q; want wasm allowed and no inline code", csp)
	}

	do(t, ctx, chromedp.Navigate(p.URL+"/"))
	ready(t, ctx)
	audit(t, ctx, "the start page")

	do(t, ctx, chromedp.Navigate(p.URL+"/enkat/kommun/"))
	ready(t, ctx)
	audit(t, ctx, "the questionnaire, one section at a time")
	submit(t, ctx) // nothing answered: the error summary
	waitFor(t, ctx, "the error summary", `!document.getElementById("errors").hidden`, 10*time.Second)
	if got := eval[string](t, ctx, `document.activeElement.id`); got != "errors" {
		t.Errorf("after a failed submit the focus is on %q, want the error summary", got)
	}
	summary := text(t, ctx, "errors")
	for _, want := range []string{"Rätta följande innan du skickar in:", "Välj vilken kommun svaren gäller.", "Fråga 1 är inte besvarad:", "obesvarade frågor till."} {
		if !strings.Contains(summary, want) {
			t.Errorf("the error summary has no %q: %q", want, summary)
		}
	}
	audit(t, ctx, "the questionnaire with errors")
	screenshot(t, ctx, "questionnaire-errors.png")
	do(t, ctx, chromedp.SetValue(chromedp.ID(ui.MunicipalityID), "0180"))
	eval[bool](t, ctx, `(document.getElementById("municipality").dispatchEvent(new Event("change", {bubbles: true})), true)`)
	answerAll(t, ctx, q) // also switches to all sections at once
	audit(t, ctx, "the questionnaire, all sections")

	do(t, ctx, chromedp.Navigate(p.URL+"/resultat/?q=kommun"))
	ready(t, ctx)
	waitFor(t, ctx, "the comparison", `document.querySelector("#compare-table table")`, 30*time.Second)
	audit(t, ctx, "the result page")

	do(t, ctx, chromedp.Navigate(p.URL+"/lan/?lan=01&round=demo"))
	ready(t, ctx)
	waitFor(t, ctx, "the county", `document.querySelector("#county-view .lead")`, 30*time.Second)
	audit(t, ctx, "the county page")

	frag, err := chart.Encode(chart.Data{Title: "Test", Axes: []string{"A", "B", "C"}, Series: []chart.Series{{Name: "x", Values: make([]*float64, 3)}}})
	if err != nil {
		t.Fatal(err)
	}
	do(t, ctx, chromedp.Navigate(p.URL+"/diagram/#"+frag))
	waitFor(t, ctx, "the chart", `document.body.getAttribute("data-drawn") > 0`, 90*time.Second)
	if got := eval[[]string](t, ctx, `(c => [c.getAttribute("role"), c.getAttribute("aria-label"), c.getAttribute("tabindex")])(document.querySelector("canvas"))`); strings.Join(got, "|") != "img|Test|-1" {
		t.Errorf("the chart's canvas has role, name, tabindex %q; want an image named by the data, out of the tab order", got)
	}
	audit(t, ctx, "the chart page")
}

// TestEnglish switches the questionnaire to English with the keyboard and
// checks that the questionnaire's texts, the page's own texts and the
// errors follow, and that the choice is kept.
func TestEnglish(t *testing.T) {
	need(t)
	q := kommun(t)
	p := newProxy(t, shared.URL)
	ctx := tab(t)
	do(t, ctx, chromedp.Navigate(p.URL+"/enkat/kommun/"))
	ready(t, ctx)
	tabTo(t, ctx, func(f focused) bool { return f.ID == "lang" })
	key(t, ctx, kb.Enter)
	first := q.Sections[0].Items[0]
	checks := map[string]string{
		`document.documentElement.lang`:                                           "en",
		`document.getElementById("qtitle").textContent`:                           q.Title.EN,
		`document.getElementById("t-` + first.ID + `").textContent`:               first.Text.EN,
		`document.getElementById("l-` + first.ID + `--vet-ej").textContent`:       "Don't know",
		`document.getElementById("progress-section").textContent`:                 "Section 1 of 8",
		`document.querySelector("label[for=municipality]").textContent`:           "Municipality",
		`document.querySelector("#s-` + q.Sections[0].ID + ` .next").textContent`: "Next section",
		`document.getElementById("lang").textContent`:                             "På svenska",
		`document.title`: q.Title.EN + " – Lägesbild",
	}
	check := func(when string) {
		for expr, want := range checks {
			if got := eval[string](t, ctx, expr); got != want {
				t.Errorf("%s: %s = %q, want %q", when, expr, got, want)
			}
		}
	}
	check("after the switch")
	submit(t, ctx)
	waitFor(t, ctx, "the error summary", `!document.getElementById("errors").hidden`, 10*time.Second)
	if got := text(t, ctx, "errors"); !strings.Contains(got, "Please correct the following before you submit:") || !strings.Contains(got, "Choose the municipality the answers are for.") {
		t.Errorf("the errors in English: %q", got)
	}
	do(t, ctx, chromedp.Reload())
	ready(t, ctx)
	check("after a reload")
	audit(t, ctx, "the questionnaire in English")
}

// TestFile downloads the answers ("Ladda ner mina svar") and continues from
// the file in another browser ("Fortsätt från fil"): the same answers, and
// the same response id, so the response is still counted once.
func TestFile(t *testing.T) {
	need(t)
	q := kommun(t)
	p := newProxy(t, shared.URL)
	ctx := tab(t)
	dir := t.TempDir()
	if _, err := chromedp.CallBrowser(ctx, cdpbrowser.SetDownloadBehavior, cdpbrowser.SetDownloadBehaviorParams{
		Behavior: cdpbrowser.SetDownloadBehaviorBehaviorAllow, DownloadPath: dir, BrowserContextID: chromedp.FromContext(ctx).BrowserContextID}); err != nil {
		t.Fatal(err)
	}
	do(t, ctx, chromedp.Navigate(p.URL+"/enkat/kommun/?kommun=0180&round=demo"))
	ready(t, ctx)
	a := answerAll(t, ctx, q)
	id := eval[string](t, ctx, `JSON.parse(localStorage.getItem("lagesbild:draft:kommun")).id`)
	eval[bool](t, ctx, `(document.getElementById("download").click(), true)`)
	var file string
	for range 100 {
		if m, _ := filepath.Glob(filepath.Join(dir, "svar-kommun-stockholm-*.json")); len(m) == 1 {
			file = m[0]
			break
		}
		time.Sleep(100 * time.Millisecond)
	}
	if file == "" {
		entries, _ := os.ReadDir(dir)
		t.Fatalf("no svar-kommun-stockholm-….json downloaded; the folder has %v", entries)
	}

	other := tab(t) // another computer
	do(t, other, chromedp.Navigate(p.URL+"/enkat/kommun/"))
	ready(t, other)
	do(t, other, chromedp.SetUploadFiles(chromedp.ID("upload"), []string{file}))
	waitFor(t, other, "the file read", `document.getElementById("status").textContent.endsWith("svar har lästs in från filen.")`, 10*time.Second)
	if got := eval[string](t, other, `JSON.parse(localStorage.getItem("lagesbild:draft:kommun")).id`); got != id {
		t.Errorf("the draft from the file has id %q, want the same %q", got, id)
	}
	for item, v := range a {
		if !eval[bool](t, other, `document.getElementById("`+ui.OptionID(item, v)+`").checked`) {
			t.Errorf("after continuing from the file, %s = %s is not checked", item, v)
		}
	}
	if got := eval[string](t, other, `document.getElementById("municipality").value`); got != "0180" {
		t.Errorf("the municipality from the file is %q, want 0180", got)
	}

	// A file that is not answers: an error in words, nothing replaced.
	bad := filepath.Join(dir, "bad.json")
	os.WriteFile(bad, []byte(`{"hello": 1}`), 0o644)
	do(t, other, chromedp.SetUploadFiles(chromedp.ID("upload"), []string{bad}))
	waitFor(t, other, "the refusal", `document.getElementById("status").textContent.startsWith("Filen kunde inte läsas")`, 10*time.Second)
	if got := eval[string](t, other, `JSON.parse(localStorage.getItem("lagesbild:draft:kommun")).id`); got != id {
		t.Errorf("a bad file replaced the draft")
	}
}

// TestAxeRequiredPages audits the accessibility statement and the page on
// what is stored (text only, no wasm), reached from the start page's
// footer by keyboard: the link is focusable and Enter follows it.
func TestAxeRequiredPages(t *testing.T) {
	need(t)
	ctx := tab(t)
	for _, p := range []struct{ href, h1 string }{
		{"/tillganglighet/", "Tillgänglighetsredogörelse för Lägesbild"},
		{"/om-uppgifterna/", "Om uppgifterna i Lägesbild"},
	} {
		do(t, ctx, chromedp.Navigate(shared.URL+"/"))
		ready(t, ctx)
		// The footer's link, by keyboard: focus it, press Enter.
		sel := `footer a[href="` + p.href + `"]`
		do(t, ctx, chromedp.Focus(chromedp.CSS(sel)))
		if got := eval[string](t, ctx, `document.activeElement.getAttribute("href")`); got != p.href {
			t.Fatalf("the footer link %s takes no focus (focus on %q)", p.href, got)
		}
		do(t, ctx, chromedp.KeyEvent(kb.Enter))
		waitFor(t, ctx, p.href, `location.pathname === "`+p.href+`" && document.readyState === "complete" && !!document.querySelector("h1")`, 30*time.Second)
		if got := eval[string](t, ctx, `document.querySelector("h1").textContent`); got != p.h1 {
			t.Errorf("%s: h1 %q, want %q", p.href, got, p.h1)
		}
		if got := eval[string](t, ctx, `document.querySelector('footer a[aria-current="page"]').getAttribute("href")`); got != p.href {
			t.Errorf("%s: the footer marks %q as the current page", p.href, got)
		}
		audit(t, ctx, p.href)
	}
}
