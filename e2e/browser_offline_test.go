//go:build !js

package e2e

import (
	"context"
	"encoding/json"
	"fmt"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"lagesbild"
	"lagesbild/e2e/workerd"
	"lagesbild/wasm/report"
	"lagesbild/wasm/ui"
)

// answerAll answers every item with the test's choices, as a user would
// (each a change event the client saves), without the keyboard: this test
// is about sending, the keyboard has its own.
func answerAll(t *testing.T, ctx context.Context, q *lagesbild.Questionnaire) lagesbild.Answers {
	t.Helper()
	a := lagesbild.Answers{}
	for _, ref := range ui.Items(q) {
		a[ref.Item.ID] = ref.Item.Options[choice(ref.Item, ref.Number)].Value
	}
	b, _ := json.Marshal(a)
	eval[bool](t, ctx, fmt.Sprintf(`(() => { const a = %s;
		document.getElementById("mode").click(); // all sections at once
		for (const [item, value] of Object.entries(a)) {
			const r = document.getElementById("o-" + item + "--" + value);
			r.checked = true;
			r.dispatchEvent(new Event("change", {bubbles: true}));
		}
		return true; })()`, b))
	return a
}

// TestSubmitWhileWorkerStopped submits while the worker is stopped: the
// client keeps the answers, says the server cannot be reached, and retries;
// the questionnaire still opens (service worker). The worker is started
// again, and the first answer to reach it is lost on the way back, so the
// client sends the same response twice: the worker must count it once.
func TestSubmitWhileWorkerStopped(t *testing.T) {
	need(t)
	q := kommun(t)
	start := func() *workerd.Worker {
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
		defer cancel()
		w, err := workerd.Start(ctx, workerd.Options{})
		if err != nil {
			t.Fatalf("starting a worker: %v", err)
		}
		t.Cleanup(func() { w.Stop() })
		return w
	}
	first := start()
	p := newProxy(t, first.URL)
	ctx := tab(t)
	do(t, ctx, chromedp.Navigate(p.URL+"/enkat/kommun/?kommun=1480&round=demo"))
	ready(t, ctx)
	waitFor(t, ctx, "the service worker", `navigator.serviceWorker.controller || navigator.serviceWorker.ready.then(() => true)`, 30*time.Second)
	answerAll(t, ctx, q)

	// The worker stops: its address refuses connections.
	if err := first.Stop(); err != nil {
		t.Fatal(err)
	}
	p.Down()
	submit(t, ctx)
	waitFor(t, ctx, "the retry notice", `document.getElementById("status").textContent.startsWith("Servern gick inte att nå.")`, 30*time.Second)
	draft := eval[string](t, ctx, `localStorage.getItem("lagesbild:draft:kommun")`)
	d, err := ui.ParseDraft([]byte(draft), q)
	if err != nil || !d.Pending || len(d.Answers) != q.ItemCount() {
		t.Fatalf("while the worker is stopped the draft is %+v (error %v); want every answer kept, pending", d, err)
	}

	// Offline, the questionnaire opens from the service worker's cache,
	// with the draft, and goes on retrying.
	do(t, ctx, chromedp.Reload())
	ready(t, ctx)
	if n := eval[int](t, ctx, `document.querySelectorAll("#qform input[type=radio]:checked").length`); n != q.ItemCount() {
		t.Errorf("the questionnaire reloaded offline shows %d answers, want %d", n, q.ItemCount())
	}
	waitFor(t, ctx, "the retry notice after the reload", `document.getElementById("status").textContent.startsWith("Servern gick inte att nå.")`, 30*time.Second)

	// The worker is back (a new process on the same address); the answer
	// to the first post that reaches it is lost.
	second := start()
	p.DropAnswers(1)
	p.Up(t, second.URL)
	waitFor(t, ctx, "the worker's acknowledgement", `document.getElementById("status").textContent == "Svaren är skickade och sparade."`, 90*time.Second)
	if n := p.Posts(); n < 2 {
		t.Errorf("%d posts reached the worker; want the lost one and its retry", n)
	}
	status, body := api(t, second, "GET", report.CountyURL("demo", "14"), "", nil)
	if status != 200 {
		t.Fatalf("county 14: %d %s", status, body)
	}
	var c report.County
	if err := json.Unmarshal(body, &c); err != nil {
		t.Fatal(err)
	}
	for _, r := range c.Municipalities {
		if r.Code == "1480" && r.Respondents != 1 {
			t.Errorf("Göteborg has %d responses after the retries, want 1", r.Respondents)
		}
	}
	if c.County.Responded != 1 {
		t.Errorf("%d municipalities of the county have answered, want 1", c.County.Responded)
	}
	if c.National.Responded != 1 {
		t.Errorf("%d municipalities of the country have answered, want 1", c.National.Responded)
	}
}

// submit submits the questionnaire as its button does (requestSubmit fires
// the submit event the client handles; form.submit would bypass it).
func submit(t *testing.T, ctx context.Context) {
	t.Helper()
	eval[bool](t, ctx, `(document.getElementById("qform").requestSubmit(), true)`)
}
