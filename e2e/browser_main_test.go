//go:build !js

// Package e2e holds the browser client's tests: headless Chromium (chromedp)
// against the real worker in workerd (e2e/workerd), which serves the built
// client from build/public and the API. Each test talks to the worker
// through its own small proxy (browser_proxy_test.go): a page origin of its
// own (so no test sees another's drafts or service worker), and a switch to
// make the worker unreachable. The tests skip, saying why, when the client
// or the worker is not built (`make test` builds first), Chromium is
// missing, or -short is given; under CI (CI=true) a missing part fails the
// run instead (e2e/ci).
package e2e

import (
	"context"
	"flag"
	"fmt"
	"os"
	"testing"

	"lagesbild/e2e/chromium"
	"lagesbild/e2e/ci"
	"lagesbild/e2e/workerd"
)

var (
	root    string          // the repository
	shared  *workerd.Worker // the worker most tests use
	browser context.Context // a running Chromium; tabs are made from it
	skipWhy string          // why every test skips, when they do
)

func TestMain(m *testing.M) { os.Exit(run(m)) }

func run(m *testing.M) int {
	flag.Parse()
	if testing.Short() {
		skipWhy = "-short: not starting workerd and Chromium"
		return m.Run()
	}
	var err error
	if root, err = workerd.Root(); err != nil {
		if skipWhy, err = ci.Skip(err.Error()); err != nil {
			fmt.Fprintln(os.Stderr, err)
			return 1
		}
		return m.Run()
	}
	if skipWhy, err = chromium.Need(root, "form.wasm", "app.wasm", "charts.wasm", "sw.js", "wasm_exec.js", "loader.js",
		"enkat/kommun/index.html", "enkat/kommun/v1.json", "resultat/index.html", "lan/index.html", "samordning/index.html"); err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	if skipWhy != "" {
		return m.Run()
	}
	if shared, skipWhy, err = workerd.ForTests(workerd.Options{}); err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	if shared == nil {
		return m.Run()
	}
	var stop func()
	if browser, stop, err = chromium.Start(1280, 900); err != nil {
		fmt.Fprintln(os.Stderr, err)
		shared.Stop()
		return 1
	}
	code := m.Run()
	stop()
	return shared.Finish(code)
}

// need skips the test when there is nothing to test against.
func need(t *testing.T) {
	t.Helper()
	if browser == nil {
		t.Skip(skipWhy)
	}
}
