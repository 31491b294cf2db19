//go:build !js

package workshop_test

import (
	"context"
	"fmt"
	"os"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"

	"lagesbild/e2e/workerd"
	"lagesbild/e2e/workshop"
)

// joinProbe records, from the start of the navigation, when a question of
// the room's section can first be answered: a radio button in the DOM,
// enabled and laid out, checked at every animation frame (a frame is about
// to be painted with it), as e2e's probe of the questionnaire page does.
const joinProbe = `(() => {
	const m = window.__lagesbild = {};
	const check = () => {
		for (const r of document.querySelectorAll("input[type=radio]")) {
			if (!r.disabled && r.getBoundingClientRect().height > 0) { m.answerable = performance.now(); return; }
		}
		requestAnimationFrame(check);
	};
	requestAnimationFrame(check);
})()`

// A phone on a slow network (Lighthouse's "slow 4G"): 1.6 Mbit/s down,
// 750 kbit/s up, 150 ms from a request to its response's headers, with
// its CPU 4× slower than this machine's.
var slowPhone = network.Conditions{Latency: 150, DownloadThroughput: 1.6e6 / 8, UploadThroughput: 750e3 / 8}

const slowCPU = 4

// TestBenchJoinPage measures the participants' page (issue 17): the median
// over cold loads (a fresh browser context each: no cache, no storage, a
// new device) of the time from navigation until the first question of the
// room's section can be answered, on a slow phone (slowPhone, slowCPU),
// served by the worker in workerd, and the bytes the network carried until
// then. It runs with LAGESBILD_BENCH=1 (LAGESBILD_BENCH=v logs every load);
// with LAGESBILD_BENCH_BEFORE=<a built checkout> it loads that checkout's
// page by turns too (benchSites), and with LAGESBILD_BENCH_OUT=<folder> it
// writes its figures there for make bench-workshop's table:
//
//	LAGESBILD_BENCH=1 LAGESBILD_BENCH_BEFORE=/tmp/main go test ./e2e/workshop -run TestBenchJoinPage -v
func TestBenchJoinPage(t *testing.T) {
	sites := benchSites(t)
	const loads = 9
	answerable := make([][]float64, len(sites))
	bytes := make([]int64, len(sites))
	for i := range loads {
		for j, site := range sites { // by turns
			ms, n := coldJoin(t, site.url+"/join/?code="+site.code)
			if os.Getenv("LAGESBILD_BENCH") == "v" {
				t.Logf("%s load %d: first answerable %.0f ms, %d bytes", site.name, i+1, ms, n)
			}
			answerable[j], bytes[j] = append(answerable[j], ms), max(bytes[j], n)
		}
	}
	var out []workshop.PageBench
	for j, site := range sites {
		a := workshop.SpreadOf(answerable[j])
		fmt.Printf("bench-join: %s /join/ cpu=%dx down=%.1f Mbit/s rtt=%.0f ms loads=%d first-answerable median %.0f ms (min %.0f, max %.0f), %d bytes over the network\n",
			site.name, slowCPU, slowPhone.DownloadThroughput*8/1e6, slowPhone.Latency, loads, a.Median, a.Min, a.Max, bytes[j])
		out = append(out, workshop.PageBench{Page: "join", Site: site.name, Loads: loads, Bytes: bytes[j],
			Figures: map[string]workshop.Spread{"answerable": a}})
	}
	writeBench(t, "join", out)
}

// site is a worker whose pages a bench loads, with a session of its own.
type site struct{ name, url, code string }

// benchSites is what a page bench measures: this checkout's worker (the
// tests' own) and, with LAGESBILD_BENCH_BEFORE=<a built checkout>, that
// checkout's too (e.g. main's), in workerd, loaded by turns so both see
// the same machine; a new session on each. A bench runs only when asked
// for (LAGESBILD_BENCH), and then never skips: a skip would read as a
// measurement taken.
func benchSites(t *testing.T) []site {
	t.Helper()
	if os.Getenv("LAGESBILD_BENCH") == "" {
		t.Skip("a measurement, not a test: run it with LAGESBILD_BENCH=1")
	}
	if browser == nil {
		t.Fatalf("cannot measure: %s %s", skipWhy, noBrowser)
	}
	sites := []site{{name: "this", url: w.URL}}
	if dir := os.Getenv("LAGESBILD_BENCH_BEFORE"); dir != "" {
		before, why, err := workerd.ForTests(workerd.Options{Root: dir})
		if err != nil || before == nil {
			t.Fatalf("the worker of %s: %v %s", dir, err, why)
		}
		t.Cleanup(func() { before.Stop() })
		sites = append(sites, site{name: "before", url: before.URL})
	}
	for i := range sites {
		s, err := workshop.New(sites[i].url).Create(ctxFor(t), nil)
		if err != nil {
			t.Fatal(err)
		}
		sites[i].code = s.Code
	}
	return sites
}

// writeBench writes a bench's figures into LAGESBILD_BENCH_OUT, if set
// (make bench-workshop reads them).
func writeBench(t *testing.T, page string, figures []workshop.PageBench) {
	t.Helper()
	if dir := os.Getenv("LAGESBILD_BENCH_OUT"); dir != "" {
		if err := workshop.WritePageBench(dir, page, figures); err != nil {
			t.Fatal(err)
		}
	}
}

// coldJoin loads url in a fresh browser context on a slow phone, and
// returns when the first question was answerable (ms after navigation) and
// the bytes received until then (encoded: as compressed on the wire).
func coldJoin(t *testing.T, url string) (float64, int64) {
	t.Helper()
	var mu sync.Mutex
	var received int64
	ctx, cancel := chromedp.NewContext(browser, chromedp.WithNewBrowserContext(), chromedp.WithListener(func(ev any) {
		if e, ok := ev.(*network.EventLoadingFinished); ok {
			mu.Lock()
			received += int64(e.EncodedDataLength)
			mu.Unlock()
		}
	}))
	defer cancel()
	ctx, cancelTimeout := context.WithTimeout(ctx, 2*time.Minute)
	defer cancelTimeout()
	do(t, ctx, chromedp.EmulateViewport(390, 844))
	for _, err := range []error{
		call(ctx, network.Enable, network.EnableParams{}),
		call(ctx, network.SetCacheDisabled, network.SetCacheDisabledParams{CacheDisabled: true}),
		call(ctx, network.EmulateNetworkConditionsByRule, network.EmulateNetworkConditionsByRuleParams{
			MatchedNetworkConditions: []*network.Conditions{&slowPhone}}),
		call(ctx, emulation.SetCPUThrottlingRate, emulation.SetCPUThrottlingRateParams{Rate: slowCPU}),
		call(ctx, page.AddScriptToEvaluateOnNewDocument, page.AddScriptToEvaluateOnNewDocumentParams{Source: joinProbe}),
	} {
		if err != nil {
			t.Fatal(err)
		}
	}
	do(t, ctx, chromedp.Navigate(url))
	waitFor(t, ctx, "the first question answerable", `window.__lagesbild && window.__lagesbild.answerable`, time.Minute)
	ms := eval[float64](t, ctx, `window.__lagesbild.answerable`)
	if os.Getenv("LAGESBILD_BENCH") == "v" { // where the time went: the page, its files, the join
		t.Logf("%s", eval[string](t, ctx, `(() => {
			const n = performance.getEntriesByType("navigation")[0];
			const r = performance.getEntriesByType("resource").map(e => e.name.replace(location.origin, "") + " " + Math.round(e.startTime) + "–" + Math.round(e.responseEnd));
			return "page 0–" + Math.round(n.responseEnd) + ", parsed " + Math.round(n.domInteractive) + "; " + r.join("; ");
		})()`))
	}
	mu.Lock()
	defer mu.Unlock()
	return ms, received
}

// call runs one protocol command for its effect.
func call[P, R any](ctx context.Context, cmd cdp.Command[P, R], p P) error {
	_, err := chromedp.Call(ctx, cmd, p)
	return err
}
