//go:build !js

package e2e

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	cdppage "github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
)

// noScriptTab is a tab of its own browser context with JavaScript off, as
// a respondent whose browser runs none: set before the first navigation.
// The test itself still evaluates in the page (DevTools' evaluations run
// with the page's scripts off), to fill in the form as a user would.
func noScriptTab(t *testing.T) context.Context {
	t.Helper()
	ctx := tab(t)
	if _, err := chromedp.Call(ctx, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: true}); err != nil {
		t.Fatal(err)
	}
	return ctx
}

// ownCount is how many responses a municipality has in a round, as the
// admin reads them.
func ownCount(t *testing.T, round, muni string) int {
	t.Helper()
	status, b := call(t, shared, "GET", "/api/rounds/"+round+"/responses/"+muni, shared.AdminToken, nil)
	var out struct{ Responses []struct{ ID string } }
	if status != 200 || json.Unmarshal(b, &out) != nil {
		t.Fatalf("GET the responses of %s in %s: %d %s", muni, round, status, b)
	}
	return len(out.Responses)
}

// roundTotal is how many responses a round has, as the admin's export
// counts them.
func roundTotal(t *testing.T, round string) int {
	t.Helper()
	status, b := call(t, shared, "GET", "/api/rounds/"+round+"/export.json", shared.AdminToken, nil)
	var ex struct{ Municipalities []struct{ Respondents int } }
	if status != 200 || json.Unmarshal(b, &ex) != nil {
		t.Fatalf("the export: %d %.200s", status, b)
	}
	n := 0
	for _, m := range ex.Municipalities {
		n += m.Respondents
	}
	return n
}

// fillForm answers the questionnaire's page without its scripts: the
// municipality, round and code (as given; a round "" leaves the field as
// it is), every
// item's first option, and "Vet ej" for the first item; skip leaves the
// last item unanswered. noValidate turns the browser's own checks off, as
// an older browser or a hand-made post would, so that the worker's checks
// are what is tested.
func fillForm(t *testing.T, ctx context.Context, muni, round, code string, skip, noValidate bool) {
	t.Helper()
	js := `(() => {
		const f = document.getElementById("qform");
		f.noValidate = ` + map[bool]string{true: "true", false: "false"}[noValidate] + `;
		document.getElementById("municipality").value = ` + jsString(muni) + `;
		const sel = document.getElementById("round"), round = ` + jsString(round) + `;
		if (round && ![...sel.options].some(o => o.value === round)) sel.add(new Option(round, round)); // a hand-made post
		sel.value = round; // "": the round of the code, the page's first choice
		document.getElementById("code").value = ` + jsString(code) + `;
		const items = [...f.querySelectorAll("fieldset.item")];
		items.forEach((it, i) => {
			if (` + map[bool]string{true: "true", false: "false"}[skip] + ` && i === items.length - 1) return;
			const opts = it.querySelectorAll("input[type=radio]");
			(i === 0 ? opts[opts.length - 1] : opts[0]).checked = true;
		});
		return items.length; })()`
	if n := eval[int](t, ctx, js); n < 10 {
		t.Fatalf("the form has %d items", n)
	}
}

// auditNoScript runs axe-core on a page loaded with JavaScript off: axe
// needs timers, which run only with scripts on, so they are turned on for
// it; the worker's pages have no script of their own to start.
func auditNoScript(t *testing.T, ctx context.Context, page string) {
	t.Helper()
	if _, err := chromedp.Call(ctx, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: false}); err != nil {
		t.Fatal(err)
	}
	if n := eval[int](t, ctx, `document.scripts.length`); n != 0 {
		t.Errorf("%s has %d scripts, want none", page, n)
	}
	audit(t, ctx, page)
}

func jsString(s string) string { b, _ := json.Marshal(s); return string(b) }

// submitNoScript sends the form with its button, as a click does, and waits for
// the worker's page.
func submitNoScript(t *testing.T, ctx context.Context) {
	t.Helper()
	eval[bool](t, ctx, `(document.querySelector("#qform button[type=submit]").click(), true)`)
	waitFor(t, ctx, "the worker's page", `location.pathname === "/api/responses/form" && document.readyState === "complete"`, 30*time.Second)
}

// The questionnaire without JavaScript (issue 13, item 4): a complete form
// is stored once and answered with an HTML receipt; an incomplete or invalid
// one with a page naming each problem, and nothing is stored.
func TestNoScriptForm(t *testing.T) {
	need(t)
	q := kommun(t)
	// A private round of its own, so that the figures of the demo round
	// other tests check do not change; the code is typed into the form.
	const round, muni = "e2e-nojs", "2584" // Kiruna
	privateRound(t, round, "2020-01-01", "2099-12-31")
	status, body := call(t, shared, "POST", "/api/admin/rounds/"+round+"/codes", shared.AdminToken, map[string]any{"municipalities": []string{muni}})
	var codes struct{ Codes []struct{ Code string } }
	if status != 201 || json.Unmarshal(body, &codes) != nil || len(codes.Codes) != 1 {
		t.Fatalf("codes: %d %s", status, body)
	}
	code := codes.Codes[0].Code

	t.Run("no municipality, an item unanswered", func(t *testing.T) {
		ctx := noScriptTab(t)
		do(t, ctx, chromedp.Navigate(shared.URL+"/enkat/kommun/"))
		if eval[bool](t, ctx, `document.body.hasAttribute("data-ready")`) {
			t.Fatal("the wasm client ran with JavaScript off")
		}
		fillForm(t, ctx, "", round, code, true, true)
		submitNoScript(t, ctx)
		body := eval[string](t, ctx, `document.querySelector("main").innerText`)
		last := q.Sections[len(q.Sections)-1].Items
		for _, want := range []string{"Svaren kunde inte sparas", "Ingenting har sparats", "Kommun\nVälj din kommun.",
			last[len(last)-1].Text.SV + "\nFrågan är inte besvarad.", "bakåtknapp"} {
			if !strings.Contains(body, want) {
				t.Errorf("the page lacks %q:\n%s", want, body)
			}
		}
		auditNoScript(t, ctx, "the problem page")
		if n := roundTotal(t, round); n != 0 {
			t.Errorf("round %s has %d responses, want none", round, n)
		}
	})

	t.Run("a round that does not exist", func(t *testing.T) {
		ctx := noScriptTab(t)
		do(t, ctx, chromedp.Navigate(shared.URL+"/enkat/kommun/"))
		fillForm(t, ctx, muni, "finns-inte", code, false, false)
		submitNoScript(t, ctx)
		body := eval[string](t, ctx, `document.querySelector("main").innerText`)
		if !strings.Contains(body, "Omgång\nDet finns ingen omgång med det namnet.") || strings.Contains(body, "Kommun\n") {
			t.Errorf("the page:\n%s", body)
		}
		if n := roundTotal(t, round); n != 0 {
			t.Errorf("round %s has %d responses, want none", round, n)
		}
	})

	t.Run("complete", func(t *testing.T) {
		ctx := noScriptTab(t)
		do(t, ctx, chromedp.Navigate(shared.URL+"/enkat/kommun/"))
		fillForm(t, ctx, muni, "", code, false, false) // the round the code names: a private round is in no static list
		submitNoScript(t, ctx)
		body := eval[string](t, ctx, `document.querySelector("main").innerText`)
		first := q.Sections[0].Items[0]
		for _, want := range []string{"Kvitto på dina svar", "Kommun\nKiruna", "Omgång\n" + round, "Sparat\n",
			first.Text.SV + "\nVet ej", q.Sections[len(q.Sections)-1].Title.SV} {
			if !strings.Contains(body, want) {
				t.Errorf("the receipt lacks %q:\n%s", want, body)
			}
		}
		if n := ownCount(t, round, muni); n != 1 {
			t.Errorf("%s has %d responses, want 1: stored once", muni, n)
		}
		// Printed, the receipt is one A4 page.
		pdf, err := chromedp.Call(ctx, cdppage.PrintToPDF, cdppage.PrintToPDFParams{PreferCSSPageSize: new(true)})
		if err != nil {
			t.Fatal(err)
		}
		if pages := len(pdfPage.FindAll(pdf.Data, -1)); pages != 1 {
			t.Errorf("the printed receipt has %d pages, want 1", pages)
		}
		screenshot(t, ctx, "nojs-receipt.png")
		auditNoScript(t, ctx, "the receipt")
	})
}
