//go:build !js

package e2e

import (
	"context"
	"crypto/rand"
	"encoding/json"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"lagesbild"
	"lagesbild/api"
	"lagesbild/wasm/i18n"
	"lagesbild/wasm/report"
	"lagesbild/wasm/ui"
)

// choice is the answer the tests give to item number n (1, 2 …): spread
// over the options, "Vet ej" included, so every score is in play.
func choice(it *lagesbild.Item, n int) int { return (n * 7 / 3) % len(it.Options) }

// answersFor are the answers a seeded municipality gives: its own spread.
func answersFor(q *lagesbild.Questionnaire, seed int) lagesbild.Answers {
	a := lagesbild.Answers{}
	for _, ref := range ui.Items(q) {
		var scored []string
		for _, o := range ref.Item.Options {
			if o.Scored() {
				scored = append(scored, o.Value)
			}
		}
		// A scored answer, and "Vet ej" for one item in seven: never two in
		// a section of three, which would leave it without a score.
		a[ref.Item.ID] = scored[(ref.Number+seed)%len(scored)]
		if (ref.Number+seed)%7 == 0 {
			for _, o := range ref.Item.Options {
				if o.DontKnow() {
					a[ref.Item.ID] = o.Value
				}
			}
		}
	}
	return a
}

// post stores a response through the API, as another municipality would.
func post(t *testing.T, round, municipality, token string, q *lagesbild.Questionnaire, a lagesbild.Answers) {
	t.Helper()
	id, err := ui.NewID(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	status, body := call(t, shared, "POST", "/api/responses", token, map[string]any{
		"id": id, "round": round, "questionnaire": q.ID, "version": q.Version, "municipality": municipality, "role": "chef", "answers": a})
	if status != 201 {
		t.Fatalf("posting a response for %s: %d %s", municipality, status, body)
	}
}

// TestQuestionnaireKeyboard answers the whole municipal questionnaire with
// the keyboard only (Tab, Space, arrow keys, Enter; no clicks), reloads
// halfway and finds the draft again, submits to the worker, and then checks
// the result page against the core's own numbers and the county view for
// the new response.
func TestQuestionnaireKeyboard(t *testing.T) {
	need(t)
	q := kommun(t)
	p := newProxy(t, shared.URL)
	ctx := tab(t)

	// Three more municipalities of Västerbottens län answer through the API,
	// so the county's figures are shown (three or more).
	others := map[string]lagesbild.Answers{}
	for i, m := range []string{"2401", "2403", "2404"} {
		others[m] = answersFor(q, i+1)
		post(t, "demo", m, "", q, others[m])
	}
	// And four each of Uppsala, Norrbotten and Örebro (issue 16): Umeå's
	// municipality group (B3, "Större stad") then rests on Umeå, Uppsala,
	// Luleå and Örebro, and is shown beside the county and the country.
	for i, m := range []string{"0380", "0381", "0382", "0305", "2580", "2581", "2582", "2560", "1880", "1881", "1882", "1883"} {
		others[m] = answersFor(q, i+4)
		post(t, "demo", m, "", q, others[m])
	}

	// The start page: municipality by typing its name into the list.
	do(t, ctx, chromedp.Navigate(p.URL+"/"))
	ready(t, ctx)
	tabTo(t, ctx, func(f focused) bool { return f.ID == "kommun" })
	key(t, ctx, "Umeå")
	if v := eval[string](t, ctx, `document.getElementById("kommun").value`); v != "2480" {
		t.Fatalf("typing Umeå chose %q, want 2480", v)
	}
	tabTo(t, ctx, func(f focused) bool { return f.Tag == "button" && f.Type == "submit" })
	key(t, ctx, kb.Enter)
	waitFor(t, ctx, "the questionnaire", `location.pathname == "/enkat/kommun/"`, 30*time.Second)
	ready(t, ctx)
	if got := eval[string](t, ctx, `document.getElementById("municipality").value`); got != "2480" {
		t.Fatalf("the questionnaire's municipality is %q, want 2480 from the start page", got)
	}

	want := lagesbild.Answers{}
	for _, ref := range ui.Items(q) {
		want[ref.Item.ID] = ref.Item.Options[choice(ref.Item, ref.Number)].Value
	}
	answered := lagesbild.Answers{}
	reloaded := false
	for steps := 0; ; steps++ {
		if steps > 2000 {
			t.Fatalf("no end after %d key presses; answered %d of %d", steps, len(answered), q.ItemCount())
		}
		key(t, ctx, kb.Tab)
		f := active(t, ctx)
		switch {
		case f.Type == "radio":
			if _, done := answered[f.Name]; done {
				continue
			}
			it, ok := q.Item(f.Name)
			if !ok {
				t.Fatalf("focus on a radio of unknown item %q", f.Name)
			}
			n := 0
			for i, ref := range ui.Items(q) {
				if ref.Item.ID == it.ID {
					n = i + 1
				}
			}
			k := choice(it, n)
			if f.Value != it.Options[0].Value {
				t.Fatalf("Tab into item %s landed on %q, want its first option", it.ID, f.Value)
			}
			if k == 0 {
				key(t, ctx, " ")
			}
			for range k {
				key(t, ctx, kb.ArrowDown) // moves to the next option and checks it
			}
			answered[it.ID] = it.Options[k].Value
			if len(answered) == 1 {
				// The focus is visible: the focused radio has an outline.
				if o := eval[string](t, ctx, `getComputedStyle(document.activeElement).outlineStyle`); o == "none" || o == "" {
					t.Errorf("the focused radio has no visible outline (outline-style %q)", o)
				}
			}
			if len(answered) == q.ItemCount()/2 && !reloaded {
				reloaded = true
				checkReload(t, ctx, q, answered)
				screenshot(t, ctx, "questionnaire.png")
				reflow(t, ctx, "questionnaire-320.png")
			}
		case strings.Contains(f.Class, "next"):
			key(t, ctx, kb.Enter)
			if f := active(t, ctx); f.Tag != "h2" {
				t.Fatalf("after Nästa avsnitt the focus is on %+v, want the next section's heading", f)
			}
		case f.Tag == "button" && f.Type == "submit" && len(answered) == q.ItemCount():
			key(t, ctx, kb.Enter)
			goto submitted
		}
	}
submitted:
	waitFor(t, ctx, "the worker's acknowledgement", `document.getElementById("send-status").textContent.startsWith("Dina svar har kommit fram")`, 60*time.Second)
	for id, v := range want {
		if answered[id] != v {
			t.Fatalf("item %s answered %q, want %q", id, answered[id], v)
		}
	}
	stored := eval[string](t, ctx, `localStorage.getItem("lagesbild:draft:kommun")`)
	d, err := ui.ParseDraft([]byte(stored), q)
	if err != nil {
		t.Fatal(err)
	}
	if len(d.Answers) != q.ItemCount() || d.Sent == "" || d.Pending {
		t.Fatalf("the draft after submitting: %d answers, sent %q, pending %v", len(d.Answers), d.Sent, d.Pending)
	}
	for id, v := range want {
		if d.Answers[id] != v {
			t.Errorf("the draft has %s = %q, want %q", id, d.Answers[id], v)
		}
	}

	// The worker has it, once, with the core's scores.
	all := map[string]lagesbild.Answers{"2480": want}
	for m, a := range others {
		all[m] = a
	}
	county := countyFromAPI(t, "demo", "24", "")
	row := rowOf(t, county, "2480")
	if row.Respondents != 1 {
		t.Errorf("Umeå has %d responses in the worker, want 1", row.Respondents)
	}
	r := q.Score(want)
	for id, v := range r.Measures() {
		if !sameValue(row.Measures[id], v) {
			t.Errorf("the worker's %s for Umeå is %v, the core's %v", id, show(row.Measures[id]), show(v))
		}
	}

	cmp, groups := expectedComparison(q, all), expectedGroups(q, all)
	if b3 := groups[slices.IndexFunc(groups, func(g lagesbild.Group) bool { return g.Code == "B3" })]; b3.Measures[lagesbild.MeasureTotal].Suppressed {
		t.Fatalf("premise: group B3 hidden: %+v", b3)
	}
	checkResultPage(t, ctx, p, q, want, cmp, groups, "result")
	checkCountyPage(t, ctx, p.URL+"/lan/?lan=24&round=demo", "", "Umeå", 4, groups, "county")
}

// tabTo presses Tab until the focus is where match says.
func tabTo(t *testing.T, ctx context.Context, match func(focused) bool) {
	t.Helper()
	for range 100 {
		key(t, ctx, kb.Tab)
		if match(active(t, ctx)) {
			return
		}
	}
	t.Fatalf("100 Tabs did not reach the element; the focus is on %+v", active(t, ctx))
}

// checkReload reloads the page halfway and checks that the draft is back:
// every answer checked again, the progress counted, and the page telling so.
func checkReload(t *testing.T, ctx context.Context, q *lagesbild.Questionnaire, answered lagesbild.Answers) {
	t.Helper()
	do(t, ctx, chromedp.Reload())
	ready(t, ctx)
	for id, v := range answered {
		if !eval[bool](t, ctx, fmt.Sprintf(`document.getElementById(%q).checked`, ui.OptionID(id, v))) {
			t.Errorf("after the reload, %s = %s is not checked", id, v)
		}
	}
	n := eval[int](t, ctx, `document.querySelectorAll("#qform input[type=radio]:checked").length`)
	if n != len(answered) {
		t.Errorf("after the reload %d radios are checked, want %d", n, len(answered))
	}
	if got, want := text(t, ctx, "progress-text"), fmt.Sprintf("%d av %d frågor besvarade", len(answered), q.ItemCount()); got != want {
		t.Errorf("progress after the reload %q, want %q", got, want)
	}
	if got, want := text(t, ctx, "status"), fmt.Sprintf("%d sparade svar har återställts.", len(answered)); got != want {
		t.Errorf("status after the reload %q, want %q", got, want)
	}
}

// countyFromAPI reads the county's figures from the worker.
func countyFromAPI(t *testing.T, round, county, token string) api.County {
	t.Helper()
	status, body := call(t, shared, "GET", report.CountyURL(round, county), token, nil)
	if status != 200 {
		t.Fatalf("GET county %s: %d %s", county, status, body)
	}
	var c api.County
	if err := json.Unmarshal(body, &c); err != nil {
		t.Fatal(err)
	}
	return c
}

func rowOf(t *testing.T, c api.County, code string) api.MunicipalityRow {
	t.Helper()
	for _, r := range c.Municipalities {
		if r.Code == code {
			return r
		}
	}
	t.Fatalf("no row for %s among %d", code, len(c.Municipalities))
	return api.MunicipalityRow{}
}

func sameValue(a, b *float64) bool {
	if a == nil || b == nil {
		return a == nil && b == nil
	}
	d := *a - *b
	return d < 1e-9 && d > -1e-9
}

func show(v *float64) string {
	if v == nil {
		return "null"
	}
	return fmt.Sprint(*v)
}

// expectedComparison computes the comparison from the responses with the
// core, as the worker must: one mean per municipality, then Compare.
func expectedComparison(q *lagesbild.Questionnaire, byMunicipality map[string]lagesbild.Answers) lagesbild.Comparison {
	var results []lagesbild.MunicipalityResult
	for m, a := range byMunicipality {
		r := q.Score(a)
		results = append(results, lagesbild.Mean(m, []map[string]*float64{r.Measures()}))
	}
	return lagesbild.Compare(q.MeasureIDs(), results, lagesbild.DefaultRules())
}

// expectedGroups is what the municipality groups should show, from the
// core (lagesbild.CompareGroups beside Compare).
func expectedGroups(q *lagesbild.Questionnaire, byMunicipality map[string]lagesbild.Answers) []lagesbild.Group {
	var results []lagesbild.MunicipalityResult
	for m, a := range byMunicipality {
		r := q.Score(a)
		results = append(results, lagesbild.Mean(m, []map[string]*float64{r.Measures()}))
	}
	return lagesbild.CompareGroups(q.MeasureIDs(), results, lagesbild.Compare(q.MeasureIDs(), results, lagesbild.DefaultRules()), lagesbild.DefaultRules())
}

// fmtGroupFigure is a municipality group's figure as the pages show it.
func fmtGroupFigure(id string, f lagesbild.Figure) string {
	if f.Suppressed {
		return "för få kommuner"
	}
	return fmtFigure(id, f)
}

// checkResultPage opens the result page and compares its table with the
// core: the own result from Score, the county and the country from Compare;
// then takes screenshots and checks the printout is one page.
func checkResultPage(t *testing.T, ctx context.Context, p *proxy, q *lagesbild.Questionnaire, answers lagesbild.Answers, cmp lagesbild.Comparison, groups []lagesbild.Group, shot string) {
	t.Helper()
	do(t, ctx, chromedp.Navigate(p.URL+"/resultat/?q=kommun"))
	ready(t, ctx)
	waitFor(t, ctx, "the comparison table", `document.querySelector("#compare-table table")`, 30*time.Second)
	r := q.Score(answers)
	own := r.Measures()
	summary := text(t, ctx, "result")
	for i, s := range r.Sections {
		want := q.Sections[i].Title.SV + ": "
		if s.Score != nil {
			want += i18n.Score("sv", *s.Score) + " av 100"
		}
		if !strings.Contains(summary, want) {
			t.Errorf("the result in words has no %q", want)
		}
	}
	county, _ := cmp.County("24")
	rows := eval[[][]string](t, ctx, `[...document.querySelectorAll("#compare-table tbody tr")].map(tr => [...tr.children].map(c => c.textContent))`)
	ids := q.MeasureIDs()
	if len(rows) != len(ids) {
		t.Fatalf("the comparison has %d rows, want %d", len(rows), len(ids))
	}
	// Umeå's municipality group between the county and the country.
	group := groups[slices.IndexFunc(groups, func(g lagesbild.Group) bool { return g.Code == "B3" })]
	head := eval[[]string](t, ctx, `[...document.querySelectorAll("#compare-table thead th")].map(c => c.textContent.replace(/[↕▲▼]$/, ""))`)
	if want := fmt.Sprintf("Liknande kommuner (Större stad) (%d av %d kommuner har svarat)", group.Responded, group.Municipalities); len(head) != 5 || head[3] != want {
		t.Errorf("the comparison's columns are %q, want the group's %q fourth", head, want)
	}
	for i, id := range ids {
		want := []string{"", fmtOwn(&r, id, own[id]), fmtFigure(id, county.Measures[id]), fmtGroupFigure(id, group.Measures[id]), fmtFigure(id, cmp.National.Measures[id])}
		for c := 1; c < 5; c++ {
			if rows[i][c] != want[c] {
				t.Errorf("comparison row %s (%s), column %d: %q, want %q", id, rows[i][0], c, rows[i][c], want[c])
			}
		}
	}
	waitFor(t, ctx, "the chart", `(() => { const f = document.getElementById("chart");
		return f && f.contentDocument && f.contentDocument.body && f.contentDocument.body.getAttribute("data-drawn") > 0; })()`, 90*time.Second)
	time.Sleep(time.Second) // the frame after the draw reaches the screen
	screenshot(t, ctx, shot+".png")
	screenshotOf(t, ctx, "#chart-box", shot+"-chart.png")
	pdf, err := chromedp.Run(ctx, chromedp.PrintToPDF(chromedp.PDFPreferCSSPageSize()))
	if err != nil {
		t.Fatal(err)
	}
	if n := len(pdfPage.FindAll(pdf, -1)); n != 1 {
		t.Errorf("the printed result has %d pages, want 1 for the committee", n)
	}
	// What the printout looks like, at the width of A4.
	printView(t, ctx, shot+"-print.png")
	reflow(t, ctx, shot+"-320.png")
}

// printView takes a screenshot of the page as printed: print styles, the
// width of an A4 page's text.
func printView(t *testing.T, ctx context.Context, name string) {
	t.Helper()
	media(t, ctx, "print")
	do(t, ctx, chromedp.EmulateViewport(703, 1047)) // A4 inside the margins of app.css, at 96 px an inch
	screenshot(t, ctx, name)
	media(t, ctx, "")
	do(t, ctx, desktop())
}

// reflow checks the page at 1280 and 320 CSS pixels (WCAG 1.4.10): no
// scrolling sideways but inside tables' own scroll areas, and takes a
// screenshot at 320.
func reflow(t *testing.T, ctx context.Context, name string) {
	t.Helper()
	for _, w := range []int{1280, 320} {
		do(t, ctx, chromedp.EmulateViewport(int64(w), 700))
		time.Sleep(500 * time.Millisecond)
		if got := eval[int](t, ctx, `document.documentElement.scrollWidth`); got > w {
			wide := eval[[]string](t, ctx, fmt.Sprintf(`[...document.querySelectorAll("body *")].filter(e => e.getBoundingClientRect().right > %d && !e.closest(".scroll")).slice(0, 5).map(e => e.tagName + "#" + e.id + "." + e.className)`, w+1))
			t.Errorf("at %d px the page is %d px wide: it scrolls sideways (widest: %q)", w, got, wide)
		}
	}
	screenshot(t, ctx, name)
	do(t, ctx, desktop())
}

// pdfPage matches a page object of a PDF ("/Type /Page", not "/Pages").
var pdfPage = regexp.MustCompile(`/Type\s*/Page[^s]`)

func fmtValue(id string, v *float64) string {
	if v == nil {
		return i18n.For("sv").NoScoreShort
	}
	if id == lagesbild.MeasureDontKnow {
		return i18n.Percent("sv", *v)
	}
	return i18n.Score("sv", *v)
}

// fmtOwn is the own result's cell: a section without a score says why
// ("för få besvarade", "ej aktuellt"), as wasm/report does.
func fmtOwn(r *lagesbild.Result, id string, v *float64) string {
	if s, ok := r.Section(id); ok && v == nil {
		switch {
		case s.TooFew:
			return i18n.For("sv").TooFewShort
		case s.Applicable == 0 && s.NotApplicable > 0:
			return i18n.For("sv").NotApplicableShort
		}
		return i18n.For("sv").NoData
	}
	return fmtValue(id, v)
}

func fmtFigure(id string, f lagesbild.Figure) string {
	switch {
	case f.Suppressed:
		return "för få svar"
	case f.Value == nil:
		return "inga svar"
	}
	return fmtValue(id, f.Value)
}

// checkCountyPage opens the county lead's page and checks the
// municipality's row and the count of municipalities that answered.
func checkCountyPage(t *testing.T, ctx context.Context, url, token, name string, responded int, groups []lagesbild.Group, shot string) {
	t.Helper()
	do(t, ctx, chromedp.Navigate(url))
	ready(t, ctx)
	if token != "" {
		do(t, ctx, chromedp.SendKeys(chromedp.ID("token"), token), chromedp.Submit(chromedp.ID("token")))
	}
	waitFor(t, ctx, "the county's municipalities", `document.querySelector("#county-view table.munis")`, 30*time.Second)
	row := eval[[]string](t, ctx, fmt.Sprintf(`[...[...document.querySelectorAll("table.munis tbody tr")].find(tr => tr.cells[0].textContent == %q).cells].map(c => c.textContent)`, name))
	if len(row) < 2 || row[1] != "Ja (1)" {
		t.Errorf("the county view's row of %s is %q, want it answered once", name, row)
	}
	lead := eval[string](t, ctx, `document.querySelector("#county-view .lead").textContent`)
	if want := fmt.Sprintf("%d av 15 kommuner i Västerbottens län har svarat", responded); !strings.Contains(lead, want) {
		t.Errorf("the county view says %q, want %q", lead, want)
	}
	// The municipality groups of the county's municipalities (issue 16),
	// each row as the core computes it.
	inCounty := map[string]bool{}
	for _, m := range lagesbild.MunicipalitiesIn("24") {
		inCounty[m.Group] = true
	}
	sim := eval[map[string][]string](t, ctx, `Object.fromEntries([...document.querySelectorAll("table.similar tbody tr")].map(tr => [tr.dataset.group, [...tr.cells].map(c => c.textContent)]))`)
	if len(sim) != len(inCounty) {
		t.Errorf("the county view shows %d municipality groups, want the county's %d", len(sim), len(inCounty))
	}
	for _, g := range groups {
		if !inCounty[g.Code] {
			continue
		}
		row := sim[g.Code]
		if len(row) != 1+len(kommun(t).MeasureIDs()) || !strings.HasPrefix(row[0], g.Name+" (") {
			t.Errorf("the county view's row of group %s is %q", g.Code, row)
			continue
		}
		for i, id := range kommun(t).MeasureIDs() {
			if want := fmtGroupFigure(id, g.Measures[id]); row[i+1] != want {
				t.Errorf("group %s, %s: %q, want %q", g.Code, id, row[i+1], want)
			}
		}
	}
	waitFor(t, ctx, "the county chart", `(() => { const f = document.getElementById("chart");
		return f && f.contentDocument && f.contentDocument.body && f.contentDocument.body.getAttribute("data-drawn") > 0; })()`, 90*time.Second)
	time.Sleep(time.Second)
	screenshot(t, ctx, shot+".png")
	reflow(t, ctx, shot+"-320.png")
}
