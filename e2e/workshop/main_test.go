//go:build !js

// The workshop against the real worker: the Go wasm in workerd (wrangler dev,
// local) on a fresh D1, started once for the package, with the API tests
// (api_test.go) and the browser tests (browser_test.go, headless Chromium
// through chromedp). Tests skip, saying why, when the worker, the client or
// Chromium is missing, or with -short.
package workshop_test

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"lagesbild/e2e/workerd"
	"lagesbild/e2e/workshop"
)

const chromium = "/usr/bin/chromium"

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
	if testing.Short() {
		skipWhy = "-short: not starting workerd"
		return m.Run()
	}
	var err error
	if root, err = workerd.Root(); err != nil {
		skipWhy = err.Error()
		return m.Run()
	}
	screenshots = filepath.Join(root, "build", "screenshots")
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	w, err = workerd.Start(ctx, workerd.Options{})
	if errors.Is(err, workerd.ErrNotBuilt) {
		skipWhy = err.Error()
		return m.Run()
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "starting the worker in workerd:", err)
		return 1
	}
	defer func() {
		if err := w.Stop(); err != nil {
			fmt.Fprintln(os.Stderr, "stopping the worker:", err)
		}
	}()
	api = workshop.New(w.URL)

	noBrowser = clientBuilt(root)
	if _, err := exec.LookPath(chromium); err != nil && noBrowser == "" {
		noBrowser = chromium + " is missing (make setup installs it)"
	}
	if noBrowser == "" {
		profile, err := os.MkdirTemp("", "lagesbild-workshop-chromium-")
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			return 1
		}
		defer os.RemoveAll(profile)
		alloc, cancelAlloc := chromedp.NewExecAllocator(context.Background(), allocatorOptions(profile)...)
		defer cancelAlloc()
		var cancelBrowser context.CancelFunc
		browser, cancelBrowser = chromedp.NewContext(alloc)
		defer cancelBrowser()
		if err := chromedp.Do(browser); err != nil {
			fmt.Fprintln(os.Stderr, "starting Chromium:", err)
			return 1
		}
	}
	code := m.Run()
	if code != 0 {
		fmt.Fprintf(os.Stderr, "--- wrangler dev output ---\n%s\n", w.Logs())
	}
	return code
}

// allocatorOptions are PLATFORM.md's flags: headless, WebGL on SwiftShader
// for the ebiten wall, a fresh profile.
func allocatorOptions(profile string) []chromedp.ExecAllocatorOption {
	return append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(chromium),
		chromedp.NoSandbox,
		chromedp.UserDataDir(profile),
		chromedp.WindowSize(1280, 720),
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("use-angle", "swiftshader"),
		chromedp.Flag("enable-unsafe-swiftshader", true),
	)
}

// clientBuilt says what of the workshop's pages is missing, or "".
func clientBuilt(root string) string {
	for _, p := range []string{"join.wasm", "facilitator.wasm", "wall.wasm", "wasm_exec.js", "loader.js", "join/index.html", "workshop/index.html", "wall/index.html"} {
		if _, err := os.Stat(filepath.Join(root, "build/public", p)); err != nil {
			return fmt.Sprintf("the workshop pages are not built: build/public/%s is missing (run `make client assets`)", p)
		}
	}
	return ""
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
