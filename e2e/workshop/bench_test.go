//go:build !js

package workshop_test

import (
	"context"
	"fmt"
	"os"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
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
// then. It runs with LAGESBILD_BENCH=1 (LAGESBILD_BENCH=v logs every load):
//
//	LAGESBILD_BENCH=1 go test ./e2e/workshop -run TestBenchJoinPage -v
func TestBenchJoinPage(t *testing.T) {
	if os.Getenv("LAGESBILD_BENCH") == "" {
		t.Skip("a measurement, not a test: run it with LAGESBILD_BENCH=1")
	}
	if browser == nil { // asked for by name: a skip would read as a measurement taken
		t.Fatalf("cannot measure: %s %s", skipWhy, noBrowser)
	}
	s, err := api.Create(ctxFor(t), nil)
	if err != nil {
		t.Fatal(err)
	}
	const loads = 9
	var answerable, bytes []float64
	for i := range loads {
		ms, n := coldJoin(t, w.URL+"/join/?code="+s.Code)
		if os.Getenv("LAGESBILD_BENCH") == "v" {
			t.Logf("load %d: first answerable %.0f ms, %d bytes", i+1, ms, n)
		}
		answerable, bytes = append(answerable, ms), append(bytes, float64(n))
	}
	slices.Sort(answerable)
	fmt.Printf("bench-join: /join/ cpu=%dx down=%.1f Mbit/s rtt=%.0f ms loads=%d first-answerable median %.0f ms (min %.0f, max %.0f), %.0f bytes over the network\n",
		slowCPU, slowPhone.DownloadThroughput*8/1e6, slowPhone.Latency, loads, answerable[loads/2], answerable[0], answerable[loads-1], slices.Max(bytes))
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
	mu.Lock()
	defer mu.Unlock()
	return ms, received
}

// call runs one protocol command for its effect.
func call[P, R any](ctx context.Context, cmd cdp.Command[P, R], p P) error {
	_, err := chromedp.Call(ctx, cmd, p)
	return err
}
