//go:build !js

package e2e

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
)

// probe records, from the start of the navigation, when the first question
// can be answered (its radio button rendered and enabled: a frame is about
// to be painted with it) and when the wasm client has taken over.
const probe = `(() => {
	const m = window.__lagesbild = {};
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

// TestBenchFirstAnswer measures, in headless Chromium against the worker in
// workerd, the time from navigation until the first question can be
// answered, and until the wasm client has taken over, as the median of cold
// loads (a fresh browser context each: no cache, no service worker), at
// full speed and with the CPU slowed 4×. It runs with LAGESBILD_BENCH=1
// (`make bench-client`).
func TestBenchFirstAnswer(t *testing.T) {
	if os.Getenv("LAGESBILD_BENCH") == "" {
		t.Skip("a measurement, not a test: run it with LAGESBILD_BENCH=1 (make bench-client)")
	}
	if browser == nil { // asked for by name: a skip would read as a measurement taken
		t.Fatalf("cannot measure: %s", skipWhy)
	}
	// The same files from a plain Go file server too, to tell the page's
	// own time from the worker's in workerd.
	// A page of one question, the least a browser can do, to tell how busy
	// the machine is: the figures above are only comparable with it.
	mux := http.NewServeMux()
	mux.Handle("/", http.FileServer(http.Dir(filepath.Join(root, "build", "public"))))
	mux.HandleFunc("/calibration/", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprint(w, `<!doctype html><html lang="sv"><title>x</title><fieldset><legend>Fråga?</legend>`+
			`<label><input type="radio" name="a" value="ja"> Ja</label></fieldset></html>`)
	})
	static := httptest.NewServer(mux)
	defer static.Close()
	for _, server := range []struct{ name, url, page string }{
		{"workerd", shared.URL, "/enkat/kommun/"}, {"static", static.URL, "/enkat/kommun/"}, {"static", static.URL, "/calibration/"},
	} {
		bench(t, server.name, server.url, server.page)
	}
}

func bench(t *testing.T, server, base, path string) {
	const runs = 15
	for _, rate := range []float64{1, 4} {
		var answerable, ready []float64
		for range runs {
			// A browser context of its own, closed after the run so that
			// idle tabs do not slow the next one.
			ctx, cancel := chromedp.NewContext(browser, chromedp.WithNewBrowserContext())
			do(t, ctx, desktop())
			if _, err := chromedp.Call(ctx, emulation.SetCPUThrottlingRate, emulation.SetCPUThrottlingRateParams{Rate: rate}); err != nil {
				t.Fatal(err)
			}
			if _, err := chromedp.Call(ctx, page.AddScriptToEvaluateOnNewDocument, page.AddScriptToEvaluateOnNewDocumentParams{Source: probe}); err != nil {
				t.Fatal(err)
			}
			do(t, ctx, chromedp.Navigate(base+path))
			wait := `window.__lagesbild.answerable && window.__lagesbild.ready`
			if path == "/calibration/" {
				wait = `window.__lagesbild.answerable` // no wasm there
			}
			waitFor(t, ctx, "the measurements", wait, 60*time.Second)
			m := eval[map[string]float64](t, ctx, `(() => { const n = performance.getEntriesByType("navigation")[0];
				const fcp = performance.getEntriesByName("first-contentful-paint")[0];
				return Object.assign({responseStart: n.responseStart, responseEnd: n.responseEnd, interactive: n.domInteractive,
					loaded: n.domContentLoadedEventEnd, fcp: fcp ? fcp.startTime : 0}, window.__lagesbild); })()`)
			if os.Getenv("LAGESBILD_BENCH") == "v" {
				t.Logf("%v", m)
			}
			answerable = append(answerable, m["answerable"])
			ready = append(ready, m["ready"])
			cancel()
		}
		fmt.Printf("bench-client: %s%s cpu=%gx runs=%d first-answerable=%s wasm-ready=%s (medians of cold loads)\n",
			server, path, rate, runs, ms(median(answerable)), ms(median(ready)))
	}
}

func median(xs []float64) float64 {
	s := slices.Clone(xs)
	slices.Sort(s)
	return s[len(s)/2]
}

func ms(v float64) string { return fmt.Sprintf("%.0f ms", v) }
