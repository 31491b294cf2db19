//go:build !js

// Package chromium starts the headless Chromium the browser tests drive,
// with the flags PLATFORM.md found to work here: no sandbox, WebGL on
// SwiftShader (for the ebiten charts and wall), a fresh profile, no QUIC or
// component updates. It also says what of the built site a test package
// needs is missing, so the tests can skip with a reason (or, under CI,
// fail: Need).
package chromium

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"lagesbild/e2e/ci"
)

// DefaultPath is where `make setup` installs the browser (apt's chromium).
// The Makefile names the same path in LAGESBILD_CHROMIUM, which it checks
// and passes on to the tests (TestMakefileAgrees).
const DefaultPath = "/usr/bin/chromium"

// Path is the browser the tests and `make bench` run: $LAGESBILD_CHROMIUM
// if set, else DefaultPath.
func Path() string {
	if p := os.Getenv("LAGESBILD_CHROMIUM"); p != "" {
		return p
	}
	return DefaultPath
}

// Missing says why the browser tests cannot run, or "": Chromium is not
// installed, or one of files (paths under root's build/public) is not built.
func Missing(root string, files ...string) string {
	for _, p := range files {
		if _, err := os.Stat(filepath.Join(root, "build/public", p)); err != nil {
			return fmt.Sprintf("the client is not built: build/public/%s is missing (run `make build`, or `make test`, which builds first)", p)
		}
	}
	if _, err := exec.LookPath(Path()); err != nil {
		return fmt.Sprintf("Chromium is missing: %s (make setup installs it from apt): %v", Path(), err)
	}
	return ""
}

// Need is Missing for a TestMain: what is missing as the reason to skip,
// or under CI (e2e/ci) as an error, so the run fails instead of printing ok
// for browser tests that never ran.
func Need(root string, files ...string) (skipWhy string, err error) {
	return ci.Skip(Missing(root, files...))
}

// Start starts Chromium with a window of width × height and a new profile;
// tabs are made from the returned context. stop ends it and removes the
// profile.
func Start(width, height int) (browser context.Context, stop func(), err error) {
	profile, err := os.MkdirTemp("", "lagesbild-chromium-")
	if err != nil {
		return nil, nil, err
	}
	alloc, cancelAlloc := chromedp.NewExecAllocator(context.Background(), append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(Path()),
		chromedp.NoSandbox,
		chromedp.UserDataDir(profile),
		chromedp.WindowSize(width, height),
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("use-angle", "swiftshader"),
		chromedp.Flag("enable-unsafe-swiftshader", true),
	)...)
	browser, cancelBrowser := chromedp.NewContext(alloc, chromedp.WithDebugf(trace.debugf))
	stop = func() {
		cancelBrowser()
		cancelAlloc()
		os.RemoveAll(profile)
	}
	if err := chromedp.Do(browser); err != nil {
		stop()
		return nil, nil, fmt.Errorf("starting Chromium: %w", err)
	}
	return browser, stop, nil
}

// Tab opens a tab in a browser context of its own (its own storage, cache
// and service worker, as a separate device), with a viewport of width ×
// height and a deadline of limit for everything done in it. A page that
// breaks the site's Content Security Policy fails the test; the page's
// console is logged under name when the test fails.
func Tab(t testing.TB, browser context.Context, name string, width, height int64, limit time.Duration) context.Context {
	t.Helper()
	ctx, cancel := chromedp.NewContext(browser, chromedp.WithNewBrowserContext())
	t.Cleanup(cancel)
	if err := chromedp.Do(ctx); err != nil {
		t.Fatalf("opening a tab for %s: %v", name, err)
	}
	var mu sync.Mutex
	var lines []string
	go func() {
		for m, err := range chromedp.Console(ctx) {
			if err != nil {
				return
			}
			mu.Lock()
			lines = append(lines, m.String())
			mu.Unlock()
		}
	}()
	t.Cleanup(func() {
		mu.Lock()
		defer mu.Unlock()
		for _, l := range lines {
			// The pages must work under the site's policy (assets' _headers).
			if strings.Contains(l, "Content Security Policy") {
				t.Errorf("%s broke the CSP: %s", name, l)
			}
		}
		if t.Failed() {
			t.Logf("%s's console:\n%s", name, strings.Join(lines, "\n"))
		}
	})
	ctx, cancelTimeout := context.WithTimeout(ctx, limit)
	t.Cleanup(cancelTimeout)
	Do(t, ctx, chromedp.EmulateViewport(width, height))
	return ctx
}

// Slow is how long one step (an action, an evaluation) may take before Do
// and Eval say what it waits for: the protocol command Chromium has not
// answered, or that chromedp is still polling a query, and the page's state.
// A step normally takes well under a second; on a busy machine a screenshot
// of a WebGL page has taken 28 s.
const Slow = 30 * time.Second

// Do runs actions, one by one, or fails the test. What an action still
// running after Slow waits for (watch) is in its failure, or in the log
// when it ends well.
func Do(t testing.TB, ctx context.Context, steps ...chromedp.Action[chromedp.Void]) {
	t.Helper()
	for i, s := range steps {
		stop := watch(t, ctx, fmt.Sprintf("action %d of %d", i+1, len(steps)))
		err := chromedp.Do(ctx, s)
		if why := stop(); err != nil {
			t.Fatalf("action %d of %d: %v%s", i+1, len(steps), err, why)
		} else if why != "" {
			t.Log("slow, but done:" + why)
		}
	}
}

// watch describes what the step in ctx waits for, once it has taken Slow;
// the returned func ends the watch and gives that description ("" if the
// step was quicker).
func watch(t testing.TB, ctx context.Context, step string) func() string {
	t.Helper()
	_, file, line, _ := runtime.Caller(2)
	where := fmt.Sprintf("%s:%d", filepath.Base(file), line)
	done, out := make(chan struct{}), make(chan string, 1)
	go func() {
		select {
		case <-done:
			out <- ""
		case <-time.After(Slow):
			out <- fmt.Sprintf("\n%s at %s still ran after %s:\n%s", step, where, Slow, describe(ctx))
		}
	}()
	return func() string {
		close(done)
		return <-out
	}
}

// describe says what the tab's session waits for (tracer) and what the page
// is doing, read with a bounded evaluation beside the step.
func describe(ctx context.Context) string {
	session := ""
	if c := chromedp.FromContext(ctx); c != nil && c.Target != nil {
		session = string(c.Target.SessionID)
	}
	b := trace.report(session, 5*time.Second)
	c, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	state, err := chromedp.Run(c, chromedp.Evaluate[string](`JSON.stringify({url: location.href, readyState: document.readyState,
		visibility: document.visibilityState, focused: document.hasFocus(), scrollY: scrollY, viewport: [innerWidth, innerHeight],
		active: document.activeElement && (document.activeElement.tagName + (document.activeElement.id ? "#" + document.activeElement.id : ""))})`))
	if err != nil {
		return b + fmt.Sprintf("  the page does not answer an evaluation either: %v\n", err)
	}
	return b + "  the page: " + state + "\n"
}

// Eval evaluates a JavaScript expression (awaiting a promise) into T.
func Eval[T any](t testing.TB, ctx context.Context, expr string) T {
	t.Helper()
	stop := watch(t, ctx, "an evaluation")
	v, err := chromedp.Run(ctx, chromedp.Evaluate[T](expr, chromedp.EvalAwaitPromise))
	if why := stop(); err != nil {
		t.Fatalf("evaluating %.80q: %v%s", expr, err, why)
	} else if why != "" {
		t.Log("slow, but done:" + why)
	}
	return v
}

// WaitFor waits until a JavaScript expression is true, or fails the test
// after limit. The expression is polled, not awaited: one whose value is a
// promise (always truthy) fails at once rather than passing without waiting.
func WaitFor(t testing.TB, ctx context.Context, what, expr string, limit time.Duration) {
	t.Helper()
	deadline := time.Now().Add(limit)
	for {
		got, err := chromedp.Run(ctx, chromedp.Evaluate[string](`(v => v instanceof Promise ? "promise" : v ? "true" : "")(`+expr+")"))
		if err == nil && got == "promise" {
			t.Fatalf("waiting for %s: %s is a promise, which WaitFor does not await; poll what it resolves to", what, expr)
		}
		if err == nil && got == "true" {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("waited %s for %s (%s); last error %v\n%s", limit, what, expr, err, describe(ctx))
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// violation is one rule axe-core found broken.
type violation struct {
	ID, Impact, Help string
	Nodes            []string
}

// Audit runs axe-core (root's node_modules/axe-core, which make setup
// installs) in the page and fails the test for serious and critical
// violations; the others are logged. Frames are audited on their own pages:
// axe would wait for an axe inside each frame otherwise.
func Audit(t testing.TB, ctx context.Context, root, page string) {
	t.Helper()
	src, err := os.ReadFile(filepath.Join(root, "node_modules", "axe-core", "axe.min.js"))
	if err != nil {
		t.Fatalf("axe-core: %v (make setup installs it)", err)
	}
	if _, err := chromedp.Run(ctx, chromedp.Evaluate[chromedp.Void](string(src))); err != nil {
		t.Fatalf("injecting axe-core: %v", err)
	}
	vs := Eval[[]violation](t, ctx, `axe.run(document, {iframes: false, resultTypes: ["violations"]}).then(r =>
		r.violations.map(v => ({ID: v.id, Impact: v.impact || "", Help: v.help,
			Nodes: v.nodes.slice(0, 5).map(n => n.target.join(" "))})))`)
	for _, v := range vs {
		msg := fmt.Sprintf("axe %s on %s: %s (%s) at %s", v.Impact, page, v.ID, v.Help, strings.Join(v.Nodes, "; "))
		if v.Impact == "serious" || v.Impact == "critical" {
			t.Error(msg)
		} else {
			t.Log(msg)
		}
	}
	t.Logf("axe on %s: %d violations, none serious or critical unless reported above", page, len(vs))
}
