//go:build !js

package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync/atomic"
	"text/template"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"

	"lagesbild/e2e/chromium"
	"lagesbild/questionnaires"
)

// probe records, from the start of the navigation (performance.now()), when
// the first question can be answered — a radio button present, enabled and
// laid out, checked at each animation frame, i.e. a frame is about to be
// painted with it — and when Lägesbild's wasm client has taken over the page
// (it sets data-ready on <body>), and when its wasm was instantiated. The
// same probe runs in both pages; apart from the last, it is the one of
// e2e/browser_bench_test.go.
const probe = `(() => {
	const m = window.__lagesbild = {};
	// When the wasm is compiled and instantiated (what is left until ready is Go starting).
	for (const f of ["instantiateStreaming", "instantiate"]) {
		const orig = WebAssembly[f];
		if (orig) WebAssembly[f] = function () {
			return orig.apply(this, arguments).then((r) => { if (!m.instantiated) m.instantiated = performance.now(); return r; });
		};
	}
	const check = () => {
		if (!m.answerable) {
			const r = document.querySelector("input[type=radio]");
			if (r && !r.disabled && r.getBoundingClientRect().height > 0) m.answerable = performance.now();
		}
		if (!m.ready && document.body && document.body.hasAttribute("data-ready")) m.ready = performance.now();
		if (!m.answerable || !m.ready) requestAnimationFrame(check);
	};
	requestAnimationFrame(check);
})()`

// loadStats are the medians of one page at one CPU speed.
type loadStats struct {
	answerable   float64 // ms after navigation
	ready        float64 // ms after navigation; 0 for SurveyJS
	instantiated float64 // ms after navigation: the wasm compiled and instantiated; 0 for SurveyJS
	charts       int     // requests for charts.wasm, over all loads
	loads        int
}

// browserResults are the page loads at full speed [0] and slowed 4× [1].
type browserResults struct {
	lagesbild, surveyJS [2]loadStats
	// plain is Lägesbild's page with its scripts taken out: the floor of
	// the HTML and CSS alone, what the runner's loading adds to.
	plain [2]loadStats
}

// surveyJSON is the questionnaire in SurveyJS's format: one page, a panel
// per section, a radio group per item with its help as the description, as
// Lägesbild's page shows every section at once.
func surveyJSON() (title string, js []byte, err error) {
	q, err := questionnaires.Get("kommun", 0)
	if err != nil {
		return "", nil, err
	}
	type choice struct {
		Value string `json:"value"`
		Text  string `json:"text"`
	}
	type question struct {
		Type        string   `json:"type"`
		Name        string   `json:"name"`
		Title       string   `json:"title"`
		Description string   `json:"description,omitempty"`
		Choices     []choice `json:"choices"`
	}
	type panel struct {
		Type     string     `json:"type"`
		Name     string     `json:"name"`
		Title    string     `json:"title"`
		Elements []question `json:"elements"`
	}
	var panels []panel
	for _, s := range q.Sections {
		p := panel{Type: "panel", Name: s.ID, Title: s.Title.SV}
		for _, it := range s.Items {
			qn := question{Type: "radiogroup", Name: it.ID, Title: it.Text.SV, Description: it.Help.SV}
			for _, o := range it.Options {
				qn.Choices = append(qn.Choices, choice{Value: o.Value, Text: o.Label.SV})
			}
			p.Elements = append(p.Elements, qn)
		}
		panels = append(panels, p)
	}
	js, err = json.Marshal(map[string]any{
		"title": q.Title.SV, "description": q.Intro.SV, "locale": "sv", "showQuestionNumbers": "on",
		"pages": []any{map[string]any{"name": "enkat", "elements": panels}},
	})
	return q.Title.SV, js, err
}

// scripts are the page's script elements, which /plain/ leaves out.
var scripts = regexp.MustCompile(`<script[^>]*></script>`)

// server serves build/public (Lägesbild's pages as built) and, under
// /surveyjs/, the SurveyJS page and its files from node_modules — both
// uncompressed and uncached, from one process.
func server() (url string, stop func(), err error) {
	tmpl, err := template.ParseFiles("bench/surveyjs/index.html")
	if err != nil {
		return "", nil, err
	}
	title, js, err := surveyJSON()
	if err != nil {
		return "", nil, err
	}
	var surveyPage bytes.Buffer
	if err := tmpl.Execute(&surveyPage, map[string]string{"Title": title, "JSON": string(js)}); err != nil {
		return "", nil, err
	}
	lib := map[string]string{}
	for _, f := range surveyJSFiles {
		lib[filepath.Base(f)] = f
	}
	files := http.FileServer(http.Dir("build/public"))
	mux := http.NewServeMux()
	mux.HandleFunc("/surveyjs/", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Write(surveyPage.Bytes())
	})
	mux.HandleFunc("/surveyjs/lib/", func(w http.ResponseWriter, r *http.Request) {
		f, ok := lib[strings.TrimPrefix(r.URL.Path, "/surveyjs/lib/")]
		if !ok {
			http.NotFound(w, r)
			return
		}
		http.ServeFile(w, r, f)
	})
	mux.HandleFunc("/plain/", func(w http.ResponseWriter, r *http.Request) {
		b, err := os.ReadFile("build/public/enkat/kommun/index.html")
		if err != nil {
			http.Error(w, err.Error(), http.StatusInternalServerError)
			return
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Write(scripts.ReplaceAll(b, nil))
	})
	mux.Handle("/", files)
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", nil, err
	}
	srv := &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Cache-Control", "no-store")
		mux.ServeHTTP(w, r)
	})}
	go srv.Serve(l)
	return "http://" + l.Addr().String(), func() { srv.Close() }, nil
}

// benchBrowser loads both pages cold, loads times at each speed, taking turns.
func benchBrowser(ctx context.Context, loads int, logf func(string, ...any)) (*browserResults, error) {
	base, stop, err := server()
	if err != nil {
		return nil, err
	}
	defer stop()
	profile, err := os.MkdirTemp("", "lagesbild-bench-chromium-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(profile)
	alloc, cancelAlloc := chromedp.NewExecAllocator(ctx, append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(chromium.Path()), chromedp.NoSandbox, chromedp.DisableGPU, chromedp.UserDataDir(profile),
		chromedp.WindowSize(1280, 900), chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-component-update", true))...)
	defer cancelAlloc()
	browser, cancelBrowser := chromedp.NewContext(alloc)
	defer cancelBrowser()
	if err := chromedp.Do(browser); err != nil {
		return nil, fmt.Errorf("starting Chromium: %w", err)
	}
	var r browserResults
	pages := []struct {
		name, path string
		into       *[2]loadStats
		ready      bool
	}{
		{"lagesbild", "/enkat/kommun/", &r.lagesbild, true},
		{"surveyjs", "/surveyjs/", &r.surveyJS, false},
		{"plain", "/plain/", &r.plain, false},
	}
	for i, rate := range []float64{1, 4} {
		samples := map[string][][3]float64{}
		charts := map[string]int{}
		for range loads {
			for _, p := range pages { // taking turns, so both see the same machine
				m, c, err := load(browser, base+p.path, rate, p.ready)
				if err != nil {
					return nil, fmt.Errorf("%s at %gx: %w", p.name, rate, err)
				}
				samples[p.name] = append(samples[p.name], m)
				charts[p.name] += c
			}
		}
		for _, p := range pages {
			s := loadStats{loads: loads, charts: charts[p.name]}
			s.answerable = median(samples[p.name], 0)
			s.ready = median(samples[p.name], 1)
			s.instantiated = median(samples[p.name], 2)
			p.into[i] = s
			logf("%-9s CPU %gx: first question answerable %4.0f ms, wasm instantiated %4.0f ms, ready %4.0f ms (median of %d cold loads)",
				p.name, rate, s.answerable, s.instantiated, s.ready, loads)
		}
	}
	return &r, nil
}

// load opens url cold (a new browser context: no cache, storage or service
// worker) at a CPU slowdown of rate, and returns when the first question was
// answerable and the client ready (ms after navigation), and how many
// requests went to charts.wasm.
func load(browser context.Context, url string, rate float64, waitReady bool) ([3]float64, int, error) {
	var charts atomic.Int32
	ctx, cancel := chromedp.NewContext(browser, chromedp.WithNewBrowserContext(), chromedp.WithListener(func(ev any) {
		if e, ok := ev.(*network.EventRequestWillBeSent); ok && strings.Contains(e.Request.URL, "charts.wasm") {
			charts.Add(1)
		}
	}))
	defer cancel()
	ctx, cancelTimeout := context.WithTimeout(ctx, 60*time.Second)
	defer cancelTimeout()
	if err := chromedp.Do(ctx); err != nil {
		return [3]float64{}, 0, err
	}
	if _, err := chromedp.Call(ctx, network.Enable, network.EnableParams{}); err != nil {
		return [3]float64{}, 0, err
	}
	if _, err := chromedp.Call(ctx, network.SetCacheDisabled, network.SetCacheDisabledParams{CacheDisabled: true}); err != nil {
		return [3]float64{}, 0, err
	}
	if _, err := chromedp.Call(ctx, emulation.SetCPUThrottlingRate, emulation.SetCPUThrottlingRateParams{Rate: rate}); err != nil {
		return [3]float64{}, 0, err
	}
	if _, err := chromedp.Call(ctx, page.AddScriptToEvaluateOnNewDocument, page.AddScriptToEvaluateOnNewDocumentParams{Source: probe}); err != nil {
		return [3]float64{}, 0, err
	}
	if err := chromedp.Do(ctx, chromedp.Navigate(url)); err != nil {
		return [3]float64{}, 0, err
	}
	cond := `window.__lagesbild && window.__lagesbild.answerable`
	if waitReady {
		cond += ` && window.__lagesbild.ready`
	}
	for {
		ok, err := chromedp.Run(ctx, chromedp.Evaluate[bool]("!!("+cond+")"))
		if err == nil && ok {
			break
		}
		if ctx.Err() != nil {
			return [3]float64{}, 0, fmt.Errorf("%s: waited 60 s for %s (last error %v)", url, cond, err)
		}
		time.Sleep(50 * time.Millisecond)
	}
	m, err := chromedp.Run(ctx, chromedp.Evaluate[map[string]float64](`window.__lagesbild`))
	if err != nil {
		return [3]float64{}, 0, err
	}
	if waitReady {
		time.Sleep(300 * time.Millisecond) // a late request for charts.wasm would show now
	}
	return [3]float64{m["answerable"], m["ready"], m["instantiated"]}, int(charts.Load()), nil
}

func median(xs [][3]float64, i int) float64 {
	v := make([]float64, len(xs))
	for j, x := range xs {
		v[j] = x[i]
	}
	slices.Sort(v)
	return v[len(v)/2]
}
