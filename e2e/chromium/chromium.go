//go:build !js

// Package chromium starts the headless Chromium the browser tests drive,
// with the flags PLATFORM.md found to work here: no sandbox, WebGL on
// SwiftShader (for the ebiten charts and wall), a fresh profile, no QUIC or
// component updates. It also says what of the built site a test package
// needs is missing, so the tests can skip with a reason.
package chromium

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"

	"github.com/chromedp/chromedp"
)

// Path is the browser (from apt: make setup installs it).
const Path = "/usr/bin/chromium"

// Missing says why the browser tests cannot run, or "": Chromium is not
// installed, or one of files (paths under root's build/public) is not built.
func Missing(root string, files ...string) string {
	for _, p := range files {
		if _, err := os.Stat(filepath.Join(root, "build/public", p)); err != nil {
			return fmt.Sprintf("the client is not built: build/public/%s is missing (run `make build`, or `make test`, which builds first)", p)
		}
	}
	if _, err := exec.LookPath(Path); err != nil {
		return Path + " is missing (make setup installs it)"
	}
	return ""
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
		chromedp.ExecPath(Path),
		chromedp.NoSandbox,
		chromedp.UserDataDir(profile),
		chromedp.WindowSize(width, height),
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("use-angle", "swiftshader"),
		chromedp.Flag("enable-unsafe-swiftshader", true),
	)...)
	browser, cancelBrowser := chromedp.NewContext(alloc)
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
