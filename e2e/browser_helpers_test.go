//go:build !js

package e2e

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"

	"lagesbild"
	"lagesbild/e2e/chromium"
	"lagesbild/e2e/workerd"
	"lagesbild/questionnaires"
)

// tab opens a tab of its own for a test (chromium.Tab), a manager's laptop.
func tab(t *testing.T) context.Context {
	t.Helper()
	ctx := chromium.Tab(t, browser, "the page", 1280, 900, 4*time.Minute)
	media(t, ctx, "")
	return ctx
}

// media emulates a CSS media type ("print", or "" for the screen), always
// with prefers-reduced-motion: reduce. app.css scrolls smoothly when the
// page moves the focus (unless the user prefers reduced motion), and a
// click is dispatched where chromedp measured the element: during a smooth
// scroll the element has moved on, and the click lands elsewhere. CI saw a
// corrected code's "Skicka in svaren" go to another button so (and a panel
// measured mid-scroll as out of view).
func media(t *testing.T, ctx context.Context, m string) {
	t.Helper()
	if _, err := chromedp.Call(ctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{Media: m,
		Features: []*emulation.MediaFeature{{Name: "prefers-reduced-motion", Value: "reduce"}}}); err != nil {
		t.Fatal(err)
	}
}

// desktop is the viewport of a manager's laptop, for screenshots.
func desktop() chromedp.Action[chromedp.Void] { return chromedp.EmulateViewport(1280, 900) }

// do, eval and waitFor are chromium's, for brevity.
var (
	do      = chromium.Do
	waitFor = chromium.WaitFor
)

func eval[T any](t *testing.T, ctx context.Context, expr string) T {
	t.Helper()
	return chromium.Eval[T](t, ctx, expr)
}

// ready waits until the wasm client has taken over the page.
func ready(t *testing.T, ctx context.Context) {
	t.Helper()
	waitFor(t, ctx, "the wasm client", `document.body.hasAttribute("data-ready")`, 60*time.Second)
}

// text is an element's text content, "" when there is none.
func text(t *testing.T, ctx context.Context, id string) string {
	t.Helper()
	return eval[string](t, ctx, fmt.Sprintf(`(document.getElementById(%q)||{}).textContent||""`, id))
}

// focused describes the element with the keyboard focus.
type focused struct {
	Tag, Type, Name, Value, ID, Class string
	Checked                           bool
}

func active(t *testing.T, ctx context.Context) focused {
	t.Helper()
	return eval[focused](t, ctx, `(() => { const a = document.activeElement || {};
		return {Tag: (a.tagName||"").toLowerCase(), Type: a.type||"", Name: a.name||"", Value: a.value||"",
			ID: a.id||"", Class: a.className||"", Checked: !!a.checked}; })()`)
}

// key presses keys (chromedp/kb names or text) and gives the page a moment.
func key(t *testing.T, ctx context.Context, keys string) {
	t.Helper()
	do(t, ctx, chromedp.KeyEvent(keys))
}

// screenshot writes a full-page PNG to build/screenshots/name.
func screenshot(t *testing.T, ctx context.Context, name string) string {
	t.Helper()
	png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
	if err != nil {
		t.Fatalf("screenshot %s: %v", name, err)
	}
	return writeShot(t, name, png)
}

// screenshotOf writes a PNG of one element (by CSS selector).
func screenshotOf(t *testing.T, ctx context.Context, selector, name string) string {
	t.Helper()
	png, err := chromedp.Run(ctx, chromedp.Screenshot(chromedp.CSS(selector)))
	if err != nil {
		t.Fatalf("screenshot %s of %s: %v", name, selector, err)
	}
	return writeShot(t, name, png)
}

func writeShot(t *testing.T, name string, png []byte) string {
	t.Helper()
	dir := filepath.Join(root, "build", "screenshots")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, name)
	if err := os.WriteFile(path, png, 0o644); err != nil {
		t.Fatal(err)
	}
	t.Logf("screenshot: %s", path)
	return path
}

// audit runs axe-core in the page (chromium.Audit).
func audit(t *testing.T, ctx context.Context, page string) {
	t.Helper()
	chromium.Audit(t, ctx, root, page)
}

// kommun is the questionnaire the tests answer, as the worker has it.
func kommun(t *testing.T) *lagesbild.Questionnaire {
	t.Helper()
	q, err := questionnaires.Get("kommun", 0)
	if err != nil {
		t.Fatal(err)
	}
	return q
}

// apiClient answers within two minutes or fails: every route answers in
// well under a second on a busy machine.
var apiClient = &http.Client{Timeout: 2 * time.Minute}

// call calls the worker's API directly (not through the browser).
func call(t *testing.T, w *workerd.Worker, method, path, token string, body any) (int, []byte) {
	t.Helper()
	var rd io.Reader
	if body != nil {
		b, err := json.Marshal(body)
		if err != nil {
			t.Fatal(err)
		}
		rd = bytes.NewReader(b)
	}
	req, err := http.NewRequest(method, w.URL+path, rd)
	if err != nil {
		t.Fatal(err)
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := apiClient.Do(req)
	if err != nil {
		// No answer at all means the worker is stuck (a Go instance that
		// never returns holds workerd's one thread): fail here, naming the
		// request, so the run prints wrangler's output instead of hanging
		// until the test binary's deadline.
		t.Fatalf("%s %s: %v", method, path, err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, b
}
