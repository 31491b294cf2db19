//go:build !js

package e2e

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"lagesbild/wasm/ui"
)

// resultTexts are the result page's result in words, its receipt and its
// comparison table, once the comparison has come.
type resultTexts struct{ Summary, Receipt, Table string }

func readResult(t *testing.T, ctx context.Context) resultTexts {
	t.Helper()
	waitFor(t, ctx, "the result and its comparison", `!!document.querySelector("#result .summary") && !!document.querySelector("#compare-table table")`, 60*time.Second)
	return eval[resultTexts](t, ctx, `({Summary: document.querySelector("#result .summary").innerText,
		Receipt: document.getElementById("receipt-body").textContent,
		Table: document.querySelector("#compare-table table").innerText})`)
}

// The result on another device (issue 13, item 3): a municipality's answers,
// sent from one browser, are shown in another browser context from the
// worker with the municipality's code, the same as in the first: by the
// personal result link, and by the page's form (the round found from the
// code).
func TestResultOnAnotherDevice(t *testing.T) {
	need(t)
	q := kommun(t)
	const round, muni = "e2e-reopen", "0180"
	privateRound(t, round, "2020-01-01", "2099-12-31")
	status, body := call(t, shared, "POST", "/api/admin/rounds/"+round+"/codes", shared.AdminToken, map[string]any{"municipalities": []string{muni}})
	var codes struct{ Codes []struct{ Code string } }
	if status != 201 || json.Unmarshal(body, &codes) != nil || len(codes.Codes) != 1 {
		t.Fatalf("codes: %d %s", status, body)
	}
	code := codes.Codes[0].Code
	answers := answersFor(q, 3)
	post(t, round, muni, code, q, answers)

	// The first browser has the answers as its draft, sent, and the code
	// in its session, as the questionnaire leaves them.
	first := tab(t)
	do(t, first, chromedp.Navigate(shared.URL+"/resultat/"))
	ready(t, first)
	draft, _ := json.Marshal(ui.Draft{Format: ui.FileFormat, ID: "7c9e6679-7425-40de-944b-e07fc1f90ae7", Questionnaire: q.ID, Version: q.Version, Round: round,
		Municipality: muni, Role: "chef", Answers: answers, Sent: "2026-01-01T00:00:00Z"})
	eval[bool](t, first, `(localStorage.setItem(`+jsString(ui.StorageKey(q.ID))+`, `+jsString(string(draft))+`),
		sessionStorage.setItem(`+jsString(ui.CodeKey(round))+`, `+jsString(code)+`), true)`)
	do(t, first, chromedp.Reload())
	ready(t, first)
	want := readResult(t, first)
	if !strings.Contains(want.Summary, "Stockholm") || want.Receipt == "" {
		t.Fatalf("the first browser's result: %+v", want)
	}

	t.Run("by the link", func(t *testing.T) {
		ctx := tab(t)
		do(t, ctx, chromedp.Navigate(shared.URL+"/resultat/?omgang="+round+"&kommun="+muni+"#kod="+code))
		ready(t, ctx)
		got := readResult(t, ctx)
		if got != want {
			t.Errorf("the second browser shows\n%+v\nwant\n%+v", got, want)
		}
		if href := eval[string](t, ctx, `location.href`); strings.Contains(href, code) {
			t.Errorf("the code stayed in the address: %s", href)
		}
		if from := text(t, ctx, "result-from"); !strings.Contains(from, "hämtades från servern") {
			t.Errorf("the result does not say where it came from: %q", from)
		}
		// Opened, the receipt prints alone, on one A4 page.
		eval[bool](t, ctx, `(document.getElementById("receipt").open = true, true)`)
		pdf, err := chromedp.Run(ctx, chromedp.PrintToPDF(chromedp.PDFPreferCSSPageSize()))
		if err != nil {
			t.Fatal(err)
		}
		if n := len(pdfPage.FindAll(pdf, -1)); n != 1 {
			t.Errorf("the receipt prints on %d pages, want one", n)
		}
		media(t, ctx, "print")
		if shown := eval[[]string](t, ctx, `[...document.querySelectorAll("main > *")].filter(e => getComputedStyle(e).display != "none").map(e => e.id)`); strings.Join(shown, " ") != "receipt" {
			t.Errorf("printed with the receipt open: %q, want the receipt alone", shown)
		}
	})

	t.Run("by the form", func(t *testing.T) {
		ctx := tab(t)
		do(t, ctx, chromedp.Navigate(shared.URL+"/resultat/"))
		ready(t, ctx)
		if none := text(t, ctx, "result"); !strings.Contains(none, "inga svar i den här webbläsaren") {
			t.Fatalf("a fresh browser shows %q", none)
		}
		audit(t, ctx, "the result page with its form")
		eval[bool](t, ctx, `(document.getElementById("reopen-municipality").value = `+jsString(muni)+`,
			document.getElementById("reopen-code").value = `+jsString(strings.ToLower(code))+`,
			document.querySelector("#reopen-form button[type=submit]").click(), true)`)
		got := readResult(t, ctx)
		if got != want {
			t.Errorf("the second browser shows\n%+v\nwant\n%+v", got, want)
		}
		if a := active(t, ctx); a.ID != "result" {
			t.Errorf("the focus is on %+v, want the result", a)
		}
		audit(t, ctx, "the result fetched from the worker")
	})

	t.Run("another municipality's code", func(t *testing.T) {
		ctx := tab(t)
		do(t, ctx, chromedp.Navigate(shared.URL+"/resultat/?omgang="+round+"&kommun=0114#kod="+code))
		ready(t, ctx)
		waitFor(t, ctx, "the refusal", `document.getElementById("reopen-status").textContent.includes("kunde inte hämtas")`, 30*time.Second)
		if eval[bool](t, ctx, `!!document.querySelector("#result .summary")`) {
			t.Error("a result is shown")
		}
	})
}
