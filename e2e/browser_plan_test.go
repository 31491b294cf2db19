//go:build !js

package e2e

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"lagesbild"
	"lagesbild/api"
)

// setPlanField sets a field of the plan editor as typing and choosing do,
// with the events the editor listens to.
const setPlanField = `((id, v) => { const e = document.getElementById(id); e.value = v;
	e.dispatchEvent(new Event("input", {bubbles: true})); e.dispatchEvent(new Event("change", {bubbles: true})); return true; })`

// TestPlanAcrossRounds (issue 15): a manager answers round A with the
// personal link, adds three plan rows from the result (two whole, one
// flagged for what it lacks), saves the plan with the code and prints it
// (one A4 page: at most six rows a page); another municipality's code
// cannot read it. In round B, whose previous round is A, the municipality
// answers with one of the three items improved to its target: the result
// shows that row's indicator met and the other two not, computed from the
// answers; the county lead sees the plan counts.
func TestPlanAcrossRounds(t *testing.T) {
	need(t)
	q := kommun(t)
	stamp := time.Now().UnixNano() % 1e9
	ra, rb := fmt.Sprintf("plan-%d-a", stamp), fmt.Sprintf("plan-%d-b", stamp)
	round(t, ra, "")
	round(t, rb, ra)
	ka := codes(t, ra, []string{"2480", "2401"}, []string{"24"})
	kb := codes(t, rb, []string{"2480"}, []string{"24"})

	p := newProxy(t, shared.URL)
	ctx := tab(t)
	do(t, ctx, desktop())
	do(t, ctx, chromedp.Navigate(personalLink(p.URL, ra, "2480", ka["2480"])))
	ready(t, ctx)
	answers := answerAll(t, ctx, q)
	submit(t, ctx)
	waitFor(t, ctx, "the worker's acknowledgement", `document.getElementById("send-status").textContent.startsWith("Dina svar har kommit fram")`, 60*time.Second)

	// The result, with the plan: three rows from the proposals.
	do(t, ctx, chromedp.Navigate(p.URL+"/resultat/?omgang="+ra+"&kommun=2480#kod="+ka["2480"]))
	ready(t, ctx)
	waitFor(t, ctx, "the plan", `document.querySelector("#plan:not([hidden]) #plan-proposals button[data-action=plan-add]")`, 30*time.Second)
	res := q.Score(answers)
	proposals := lagesbild.Proposals(q, &res, "sv")
	if len(proposals) < 3 {
		t.Fatalf("premise: %d proposals, want three or more", len(proposals))
	}
	var items []string
	for i := range 3 {
		item := eval[string](t, ctx, `(() => { const b = document.querySelector("#plan-proposals button[data-action=plan-add]"); const id = b.dataset.item; b.click(); return id; })()`)
		waitFor(t, ctx, "row "+fmt.Sprint(i), fmt.Sprintf(`document.getElementById("plan-row-%d")`, i), 10*time.Second)
		items = append(items, item)
	}
	for i, item := range items {
		if item != proposals[i].Item {
			t.Errorf("row %d is for %s, want the proposals' order (%s)", i, item, proposals[i].Item)
		}
	}
	fill := func(i int, fields map[string]string) {
		for f, v := range fields {
			eval[bool](t, ctx, fmt.Sprintf(`%s(%q, %q)`, setPlanField, fmt.Sprintf("plan-%d-%s", i, f), v))
		}
	}
	whole := map[string]string{"goal": "Rutinen är beslutad och känd i alla enheter.", "targetGroup": "Vuxna som säljer sex",
		"responsible": "Enhetschef vuxenenheten", "body": lagesbild.BodySocialnamnd, "followUp": "2099-03-31", "followUpBy": "Socialchefen"}
	fill(0, whole)
	fill(1, whole)
	fill(2, map[string]string{"goal": "Frågan ställs i varje utredning."})
	waitFor(t, ctx, "the head line", `document.getElementById("plan-head").textContent.includes("2 av 3 rader hänger ihop")`, 10*time.Second)
	if lacks := eval[[]string](t, ctx, `[...document.querySelectorAll("#plan-row-2-check ul.plan-gaps li")].map(li => li.textContent)`); len(lacks) == 0 ||
		!strings.Contains(strings.Join(lacks, " "), "Ansvarig funktion saknas") {
		t.Errorf("row 3 lacks %q; want the missing responsible function among them", lacks)
	}
	if eval[bool](t, ctx, `document.querySelector("#plan-row-0-check .plan-lacks") !== null`) {
		t.Errorf("a whole row is flagged")
	}
	audit(t, ctx, "the result page with a plan")

	// Saved with the code; the worker has the three rows.
	do(t, ctx, chromedp.Click(chromedp.ID("plan-save")))
	waitFor(t, ctx, "the plan saved", `document.activeElement && document.activeElement.id === "plan-status" && document.getElementById("plan-status").textContent.startsWith("Planen är sparad hos Lägesbild")`, 60*time.Second)
	status, body := call(t, shared, "GET", "/api/rounds/"+ra+"/plans/2480", ka["2480"], nil)
	var view api.PlanView
	if status != 200 || json.Unmarshal(body, &view) != nil || view.Plan == nil || len(view.Plan.Rows) != 3 || view.Whole != 2 || view.Open != 3 {
		t.Fatalf("the stored plan: %d %s; want 3 rows, 2 whole", status, body)
	}
	if status, body := call(t, shared, "GET", "/api/rounds/"+ra+"/plans/2480", ka["2401"], nil); status != 403 {
		t.Errorf("another municipality's code reads the plan: %d %s, want 403", status, body)
	}

	// Printed alone: at most six rows a page, so one page here.
	eval[bool](t, ctx, `(window.print = () => {}, document.getElementById("plan-print-button").click(), true)`)
	waitFor(t, ctx, "the print view", `document.body.classList.contains("print-plan")`, 10*time.Second)
	if n := eval[int](t, ctx, `document.querySelectorAll("#plan-print .plan-print-row").length`); n != 3 {
		t.Errorf("%d rows in the print view, want 3", n)
	}
	if !strings.Contains(eval[string](t, ctx, `document.querySelector("#plan-print .plan-decision").textContent`), "Beslutad av") {
		t.Errorf("the printed plan has no decision line")
	}
	printView(t, ctx, "plan-print.png")
	media(t, ctx, "print")
	shown := eval[[]string](t, ctx, `[...document.querySelectorAll("main *")].filter(e => e.closest("#plan-print") === null && !e.querySelector("#plan-print") && e.offsetParent !== null && e.textContent.trim() !== "").map(e => e.tagName + "#" + e.id + "." + e.className)`)
	if len(shown) != 0 {
		t.Errorf("printed beside the plan: %q; want the plan alone", shown)
	}
	media(t, ctx, "")
	pdf, err := chromedp.Run(ctx, chromedp.PrintToPDF(chromedp.PDFPreferCSSPageSize()))
	if err != nil {
		t.Fatal(err)
	}
	if n := len(pdfPage.FindAll(pdf, -1)); n != 1 {
		t.Errorf("the plan prints on %d pages, want one (three rows)", n)
	}
	eval[bool](t, ctx, `(window.dispatchEvent(new Event("afterprint")), true)`)

	// Round B: the first row's item reaches its target; the others stay.
	next := lagesbild.Answers{}
	for k, v := range answers {
		next[k] = v
	}
	next[items[0]] = proposals[0].Target
	post(t, rb, "2480", kb["2480"], q, next)
	do(t, ctx, chromedp.Navigate(p.URL+"/resultat/?omgang="+rb+"&kommun=2480#kod="+kb["2480"]))
	ready(t, ctx)
	waitFor(t, ctx, "the follow-up", `document.querySelectorAll("#plan-followup tr[id^=plan-prev-]").length === 3`, 30*time.Second)
	outcomes := eval[[]string](t, ctx, `[...document.querySelectorAll("#plan-followup tr[id^=plan-prev-]")].map(tr => tr.dataset.outcome)`)
	if fmt.Sprint(outcomes) != "[met not-met not-met]" {
		t.Errorf("the indicators: %v; want the improved row met and the other two not", outcomes)
	}
	screenshotOf(t, ctx, "#plan-followup", "plan-followup.png")
	audit(t, ctx, "the plan's follow-up")

	// The county lead: the plan counts of its municipalities.
	status, body = call(t, shared, "GET", "/api/rounds/"+rb+"/plans/county/24", kb["24"], nil)
	var plans api.Plans
	if status != 200 || json.Unmarshal(body, &plans) != nil {
		t.Fatalf("the county's plans: %d %s", status, body)
	}
	for _, m := range plans.Municipalities {
		if m.Code == "2480" && (m.Met != 1 || m.NotMet != 2) {
			t.Errorf("Umeå in the county's plans: %+v; want 1 met, 2 not met", m)
		}
	}
	do(t, ctx, chromedp.Navigate(p.URL+"/lan/?lan=24&round="+ra))
	ready(t, ctx)
	do(t, ctx, chromedp.SendKeys(chromedp.ID("token"), ka["24"]+"\n"))
	waitFor(t, ctx, "the county's plans", `document.querySelector('#county-plans table.plans-table tr[data-code="2480"]')`, 30*time.Second)
	row := eval[string](t, ctx, `document.querySelector('#county-plans table.plans-table tr[data-code="2480"]').textContent`)
	if !strings.Contains(row, "2 av 3") {
		t.Errorf("the lead's row of Umeå: %q; want its plan, 2 av 3 rows whole", row)
	}
	audit(t, ctx, "the county lead's plans")
}
