//go:build !js

// Package e2e holds the browser client's tests: headless Chromium (chromedp)
// against the real worker in workerd (e2e/workerd), which serves the built
// client from build/public and the API. Each test talks to the worker
// through its own small proxy (browser_proxy_test.go): a page origin of its
// own (so no test sees another's drafts or service worker), and a switch to
// make the worker unreachable. The tests skip, saying why, when the client
// or the worker is not built (`make test` builds first) or -short is given.
package e2e

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
)

var (
	root    string          // the repository
	shared  *workerd.Worker // the worker most tests use
	browser context.Context // a running Chromium; tabs are made from it
	skipWhy string          // why every test skips, when they do
)

// chromium is the browser the tests drive (PLATFORM.md: from apt).
const chromium = "/usr/bin/chromium"

func TestMain(m *testing.M) { os.Exit(run(m)) }

func run(m *testing.M) int {
	flag.Parse()
	if testing.Short() {
		skipWhy = "-short: not starting workerd and Chromium"
		return m.Run()
	}
	var err error
	if root, err = workerd.Root(); err != nil {
		skipWhy = err.Error()
		return m.Run()
	}
	if skipWhy = clientBuilt(root); skipWhy != "" {
		return m.Run()
	}
	if _, err := exec.LookPath(chromium); err != nil {
		skipWhy = chromium + " is missing (make setup installs it)"
		return m.Run()
	}
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	shared, err = workerd.Start(ctx, workerd.Options{})
	if errors.Is(err, workerd.ErrNotBuilt) {
		skipWhy = err.Error()
		return m.Run()
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "starting the worker in workerd:", err)
		return 1
	}
	defer shared.Stop()

	profile, err := os.MkdirTemp("", "lagesbild-chromium-")
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
	if err := chromedp.Do(browser); err != nil { // starts Chromium
		fmt.Fprintln(os.Stderr, "starting Chromium:", err)
		return 1
	}
	code := m.Run()
	if code != 0 {
		fmt.Fprintf(os.Stderr, "--- wrangler dev output ---\n%s\n", shared.Logs())
	}
	return code
}

// allocatorOptions are the flags of PLATFORM.md: headless, and WebGL on
// SwiftShader for the ebiten charts, with a fresh profile.
func allocatorOptions(profile string) []chromedp.ExecAllocatorOption {
	return append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(chromium),
		chromedp.NoSandbox,
		chromedp.UserDataDir(profile),
		chromedp.WindowSize(1280, 900),
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("use-angle", "swiftshader"),
		chromedp.Flag("enable-unsafe-swiftshader", true),
	)
}

// clientBuilt says what is missing of the built client, or "".
func clientBuilt(root string) string {
	for _, p := range []string{"app.wasm", "charts.wasm", "sw.js", "wasm_exec.js", "enkat/kommun/index.html", "resultat/index.html", "lan/index.html"} {
		if _, err := os.Stat(filepath.Join(root, "build/public", p)); err != nil {
			return fmt.Sprintf("the browser client is not built: build/public/%s is missing (run `make build`, or `make test`, which builds first)", p)
		}
	}
	return ""
}

// need skips the test when there is nothing to test against.
func need(t *testing.T) {
	t.Helper()
	if browser == nil {
		t.Skip(skipWhy)
	}
}
