//go:build !js

// The workshop against the real worker: the Go wasm in workerd (wrangler dev,
// local) on a fresh D1, started once for the package, with the API tests
// (api_test.go) and the browser tests (browser_test.go, headless Chromium
// through chromedp). Tests skip, saying why, when the worker, the client or
// Chromium is missing, or with -short; under CI (CI=true) a missing part
// fails the run instead (e2e/ci).
package workshop_test

import (
	"context"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"lagesbild/e2e/chromium"
	"lagesbild/e2e/ci"
	"lagesbild/e2e/workerd"
	"lagesbild/e2e/workshop"
)

var (
	w           *workerd.Worker
	api         *workshop.Client
	skipWhy     string          // why every test skips, when they do
	browser     context.Context // the running Chromium, when the client is built
	noBrowser   string          // why browser tests skip, when they do
	root        string
	screenshots string // build/screenshots
)

func TestMain(m *testing.M) { os.Exit(run(m)) }

func run(m *testing.M) int {
	flag.Parse()
	var err error
	if root, err = workerd.Root(); err != nil {
		if skipWhy, err = ci.Skip(err.Error()); err != nil {
			fmt.Fprintln(os.Stderr, err)
			return 1
		}
		return m.Run()
	}
	screenshots = filepath.Join(root, "build", "screenshots")
	if w, skipWhy, err = workerd.ForTests(workerd.Options{}); err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	if w == nil {
		return m.Run()
	}
	api = workshop.New(w.URL)
	if noBrowser, err = chromium.Need(root, "join.mjs", "facilitator.wasm", "wall.wasm", "wasm_exec.js", "loader.js",
		"join/index.html", "workshop/index.html", "wall/index.html"); err != nil {
		fmt.Fprintln(os.Stderr, err)
		w.Stop()
		return 1
	}
	stop := func() {}
	if noBrowser == "" {
		if browser, stop, err = chromium.Start(1280, 720); err != nil {
			fmt.Fprintln(os.Stderr, err)
			w.Stop()
			return 1
		}
	}
	code := m.Run()
	stop()
	return w.Finish(code)
}

// need skips a test when there is no worker.
func need(t *testing.T) {
	t.Helper()
	if w == nil {
		t.Skip(skipWhy)
	}
}

// needBrowser skips a test when there is no worker or no browser.
func needBrowser(t *testing.T) {
	t.Helper()
	need(t)
	if browser == nil {
		t.Skip(noBrowser)
	}
}
