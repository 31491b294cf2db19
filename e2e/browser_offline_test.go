//go:build !js

package e2e

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"lagesbild"
	"lagesbild/api"
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

// TestSubmitWhileWorkerStopped: a respondent sends, changes an answer, and
// sends again while the worker is stopped: the client keeps the answers,
// says the server cannot be reached, and retries; the questionnaire still
// opens (service worker). The worker is started again on the same database,
// and the first answer to reach it is lost on the way back, so the client
// sends the same response twice: the worker must count it once, with the
// changed answer.
func TestSubmitWhileWorkerStopped(t *testing.T) {
	need(t)
	q := kommun(t)
	start := func(state string) *workerd.Worker {
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
		defer cancel()
		w, err := workerd.Start(ctx, workerd.Options{StateFrom: state})
		if err != nil {
			t.Fatalf("starting a worker: %v", err)
		}
		t.Cleanup(func() { w.Stop() })
		return w
	}
	first := start("")
	p := newProxy(t, first.URL)
	ctx := tab(t)
	do(t, ctx, chromedp.Navigate(p.URL+"/enkat/kommun/?kommun=1480&round=demo"))
	ready(t, ctx)
	// The page is controlled once the service worker has activated (it
	// claims its clients), which is after it has cached the questionnaire:
	// only then does the reload below open with the worker stopped.
	waitFor(t, ctx, "the service worker", `navigator.serviceWorker.controller !== null`, 30*time.Second)
	answers := answerAll(t, ctx, q)
	submit(t, ctx)
	waitFor(t, ctx, "the first acknowledgement", `document.getElementById("send-status").textContent.startsWith("Dina svar har kommit fram")`, 60*time.Second)

	// The respondent changes the first answer: to the best option, or the
	// worst if it was the best (scored either way, so the total moves).
	first1 := q.Sections[0].Items[0]
	var best, worst string
	for _, o := range first1.Options {
		if o.Scored() && *o.Points == first1.MaxPoints() {
			best = o.Value
		}
		if o.Scored() && *o.Points == 0 {
			worst = o.Value
		}
	}
	if answers[first1.ID] == best {
		best = worst
	}
	answers[first1.ID] = best
	changed, _ := json.Marshal(answers)
	eval[bool](t, ctx, fmt.Sprintf(`(() => { const a = %s;
		const r = document.getElementById("o-%s--" + a["%s"]);
		r.checked = true;
		r.dispatchEvent(new Event("change", {bubbles: true}));
		return true; })()`, changed, first1.ID, first1.ID))

	// The worker stops (its database kept): its address refuses connections.
	state, err := first.StopKeepingState()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(state) })
	p.Down()
	submit(t, ctx)
	waitFor(t, ctx, "the retry notice", `document.getElementById("send-status").textContent.startsWith("Servern gick inte att nå.")`, 30*time.Second)
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
	waitFor(t, ctx, "the retry notice after the reload", `document.getElementById("send-status").textContent.startsWith("Servern gick inte att nå.")`, 30*time.Second)

	// The worker is back (a new process on the same address and data); the
	// answer to the first post that reaches it is lost.
	second := start(state)
	p.DropAnswers(1)
	p.Up(t, second.URL)
	waitFor(t, ctx, "the worker's acknowledgement", `document.getElementById("send-status").textContent.startsWith("Dina svar har kommit fram")`, 90*time.Second)
	if n := p.Posts(); n < 2 {
		t.Errorf("%d posts reached the worker; want the lost one and its retry", n)
	}
	status, body := call(t, second, "GET", report.CountyURL("demo", "14"), "", nil)
	if status != 200 {
		t.Fatalf("county 14: %d %s", status, body)
	}
	var c api.County
	if err := json.Unmarshal(body, &c); err != nil {
		t.Fatal(err)
	}
	result := q.Score(answers)
	want := result.Measures()[lagesbild.MeasureTotal]
	for _, r := range c.Municipalities {
		if r.Code != "1480" {
			continue
		}
		if r.Respondents != 1 {
			t.Errorf("Göteborg has %d responses after the retries, want 1", r.Respondents)
		}
		if got := r.Measures[lagesbild.MeasureTotal]; got == nil || want == nil || *got != *want {
			t.Errorf("Göteborg's total is %v, want %v (the changed answers)", deref(got), deref(want))
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

func deref(f *float64) any {
	if f == nil {
		return nil
	}
	return *f
}
