//go:build !js

package workshop_test

import (
	"context"
	"fmt"
	"os"
	"testing"
	"time"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"

	"lagesbild/e2e/workshop"
)

// wallProbe records, from the start of the navigation, when the wall first
// shows the join code with its QR code (the page's early sidebar with its
// QR image decoded and laid out, or wall.wasm's first frame, which has
// both: data-qr) and when wall.wasm first paints the room's figures
// (data-etag, set with the frame that drew them), checked at every
// animation frame.
const wallProbe = `(() => {
	const m = window.__lagesbild = {};
	const check = () => {
		const b = document.body;
		if (b) {
			const early = document.getElementById("wall-early"), img = document.getElementById("wall-early-qr");
			const shown = early && !early.hidden && img && !img.hidden && img.complete && img.naturalWidth > 0 &&
				img.getBoundingClientRect().height > 0 && document.getElementById("wall-early-code").textContent !== "";
			if (!m.code && (shown || b.dataset.qr === "true")) m.code = performance.now();
			if (!m.chart && b.dataset.etag && b.dataset.drawn) m.chart = performance.now();
		}
		if (!m.code || !m.chart) requestAnimationFrame(check);
	};
	requestAnimationFrame(check);
})()`

// A projector's laptop on a conference venue's network: 10 Mbit/s down,
// 40 ms from a request to its response's headers, its own CPU.
var venue = network.Conditions{Latency: 40, DownloadThroughput: 10e6 / 8, UploadThroughput: 5e6 / 8}

// TestBenchWall measures the projector wall (issue 17: code and QR within
// 1 s, the chart within 3 s at 10 Mbit/s): the median over cold loads (a
// fresh browser context each, no cache) of the time from navigation until
// the code and QR code are visible, and until the room's figures are
// painted. It runs as TestBenchJoinPage does (LAGESBILD_BENCH,
// LAGESBILD_BENCH_BEFORE, LAGESBILD_BENCH_OUT):
//
//	LAGESBILD_BENCH=1 LAGESBILD_BENCH_BEFORE=/tmp/main go test ./e2e/workshop -run TestBenchWall -v
func TestBenchWall(t *testing.T) {
	sites := benchSites(t)
	const loads = 5
	code, chart := make([][]float64, len(sites)), make([][]float64, len(sites))
	for i := range loads {
		for j, site := range sites { // by turns
			c, ch := coldWall(t, site.url+"/wall/?code="+site.code)
			if os.Getenv("LAGESBILD_BENCH") == "v" {
				t.Logf("%s load %d: code and QR %.0f ms, chart %.0f ms", site.name, i+1, c, ch)
			}
			code[j], chart[j] = append(code[j], c), append(chart[j], ch)
		}
	}
	var out []workshop.PageBench
	for j, site := range sites {
		c, ch := workshop.SpreadOf(code[j]), workshop.SpreadOf(chart[j])
		fmt.Printf("bench-wall: %s /wall/ down=%.0f Mbit/s rtt=%.0f ms loads=%d code+QR median %.0f ms (min %.0f, max %.0f), chart median %.0f ms (min %.0f, max %.0f)\n",
			site.name, venue.DownloadThroughput*8/1e6, venue.Latency, loads, c.Median, c.Min, c.Max, ch.Median, ch.Min, ch.Max)
		out = append(out, workshop.PageBench{Page: "wall", Site: site.name, Loads: loads,
			Figures: map[string]workshop.Spread{"code": c, "chart": ch}})
	}
	writeBench(t, "wall", out)
}

// coldWall loads the wall at url in a fresh browser context on the venue's
// network and returns when the code and QR code were visible and when the
// figures were painted (ms after navigation).
func coldWall(t *testing.T, url string) (float64, float64) {
	t.Helper()
	ctx, cancel := chromedp.NewContext(browser, chromedp.WithNewBrowserContext())
	defer cancel()
	ctx, cancelTimeout := context.WithTimeout(ctx, 2*time.Minute)
	defer cancelTimeout()
	do(t, ctx, chromedp.EmulateViewport(1280, 720))
	for _, err := range []error{
		call(ctx, network.Enable, network.EnableParams{}),
		call(ctx, network.SetCacheDisabled, network.SetCacheDisabledParams{CacheDisabled: true}),
		call(ctx, network.EmulateNetworkConditionsByRule, network.EmulateNetworkConditionsByRuleParams{
			MatchedNetworkConditions: []*network.Conditions{&venue}}),
		call(ctx, page.AddScriptToEvaluateOnNewDocument, page.AddScriptToEvaluateOnNewDocumentParams{Source: wallProbe}),
	} {
		if err != nil {
			t.Fatal(err)
		}
	}
	do(t, ctx, chromedp.Navigate(url))
	waitFor(t, ctx, "the wall's code and chart", `window.__lagesbild && window.__lagesbild.code && window.__lagesbild.chart`, time.Minute)
	if os.Getenv("LAGESBILD_BENCH") == "v" {
		t.Logf("%s", eval[string](t, ctx, `performance.getEntriesByType("resource").map(e => e.name.replace(location.origin, "") + " " + Math.round(e.startTime) + "–" + Math.round(e.responseEnd) + " " + e.encodedBodySize).join("; ")`))
	}
	return eval[float64](t, ctx, `window.__lagesbild.code`), eval[float64](t, ctx, `window.__lagesbild.chart`)
}
