//go:build !js

// Package pool_test proves the worker's glue (worker/glue/worker.mjs), which
// keeps Go instances alive across requests, safe against the three hazards
// of reusing them (issue 6), in real workerd, with the test worker: the
// worker built with the test routes of worker/cmd/worker/hooks.go (build tag
// testhooks, `make worker-test`: build/worker-test, run by
// wrangler-testhooks.toml here):
//
//   - cross-talk: 32 concurrent requests that all touch D1, each from two
//     goroutines, are all answered with their own data;
//   - a request's ctx: waitUntil used late, after other requests have come
//     and gone, still runs its task;
//   - a panic on a new goroutine fails only its own request, and the worker
//     goes on serving.
//
// And that requests reach Go whole through the glue's buffer in Go's memory;
// and that the worker as deployed (build/worker) has none of the test routes.
// The glue's pool logic alone is tested without workerd, by
// worker/glue/pool.test.mjs (`make test-glue`).
//
// The tests skip when the worker is not built (`make test` builds first),
// and fail instead under CI (e2e/ci).
package pool_test

import (
	"bytes"
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"lagesbild/e2e/ci"
	"lagesbild/e2e/workerd"
)

// testWorker is the wrangler configuration of the test worker, relative to
// the repository's root, and testWasm its binary.
const (
	testWorker = "e2e/pool/wrangler-testhooks.toml"
	testWasm   = "build/worker-test/app.wasm"
)

var (
	w       *workerd.Worker
	skipWhy string
)

func TestMain(m *testing.M) { os.Exit(run(m)) }

func run(m *testing.M) int {
	flag.Parse()
	var err error
	if skipWhy, err = testWorkerMissing(); err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	if skipWhy != "" {
		return m.Run()
	}
	return workerd.Main(m, workerd.Options{Config: testWorker}, &w, &skipWhy)
}

// testWorkerMissing says why the tests skip when the test worker is not
// built (or, under CI, fails).
func testWorkerMissing() (string, error) {
	root, err := workerd.Root()
	if err != nil {
		return ci.Skip(err.Error())
	}
	for _, p := range []string{testWasm, "build/worker-test/worker.mjs"} {
		if _, err := os.Stat(filepath.Join(root, p)); err != nil {
			return ci.Skip(p + " is missing (run `make worker-test`, or `make test`, which builds it)")
		}
	}
	return "", nil
}

func need(t *testing.T) {
	t.Helper()
	if w == nil {
		t.Skip(skipWhy)
	}
}

var client = &http.Client{Timeout: 30 * time.Second}

// get returns the status and body of GET path; transport errors are failures.
func get(t *testing.T, path string) (int, []byte) {
	t.Helper()
	resp, err := client.Get(w.URL + path)
	if err != nil {
		t.Errorf("GET %s: %v", path, err)
		return 0, nil
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Errorf("GET %s: reading: %v", path, err)
	}
	return resp.StatusCode, b
}

type echo struct {
	Tag, Wrote, Read, Instance string
	Served                     int
}

// echoDB asks the echo hook for tag and checks that the answer is its own.
func echoDB(t *testing.T, tag string, sleep int) (echo, bool) {
	t.Helper()
	path := fmt.Sprintf("/api/_test/echo-db?tag=%s&sleep=%d", tag, sleep)
	st, body := get(t, path)
	var e echo
	if st != http.StatusOK || json.Unmarshal(body, &e) != nil {
		t.Errorf("GET %s: %d %s", path, st, body)
		return e, false
	}
	if e.Tag != tag || e.Read != e.Wrote || e.Wrote == "" {
		t.Errorf("GET %s: cross-talk: %s", path, body)
		return e, false
	}
	return e, true
}

// noRuntimeErrors fails on what workerd logs when a request's I/O runs in
// another request's context, or a promise made in a request that has ended is
// settled from another ("Warning: A promise was resolved or rejected from a
// different request context…": workerd drops its continuations).
func noRuntimeErrors(t *testing.T) {
	t.Helper()
	for _, bad := range []string{"Cannot perform I/O", "different request", "Uncaught", "hung"} {
		if strings.Contains(w.Logs(), bad) {
			t.Errorf("workerd logged %q:\n%s", bad, w.Logs())
		}
	}
}

// TestConcurrentD1: 32 requests at once, each writing its own row and
// reading it back from two goroutines with D1 calls in flight, are all
// answered with their own data; the pool stays within its bound.
func TestConcurrentD1(t *testing.T) {
	need(t)
	const n = 32
	var (
		wg        sync.WaitGroup
		mu        sync.Mutex
		instances = map[string]int{}
	)
	for i := 0; i < n; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			if e, ok := echoDB(t, fmt.Sprintf("concurrent-%d", i), 5+i%4*10); ok {
				mu.Lock()
				instances[e.Instance]++
				mu.Unlock()
			}
		}(i)
	}
	wg.Wait()
	if len(instances) > 4 {
		t.Errorf("%d Go instances served the requests, want at most 4 (GO_INSTANCES): %v", len(instances), instances)
	}
	t.Logf("32 concurrent requests served by %d instances: %v", len(instances), instances)
	// One at a time, an instance is reused: no new instance per request.
	first, _ := echoDB(t, "sequential-0", 0)
	for i := 1; i < 5; i++ {
		if e, ok := echoDB(t, fmt.Sprintf("sequential-%d", i), 0); ok && e.Instance != first.Instance {
			t.Errorf("sequential request %d ran in instance %s, the first in %s: instances are not reused", i, e.Instance, first.Instance)
		}
	}
	noRuntimeErrors(t)
}

// TestRequestsIntoGo: requests reach Go whole, through the glue's buffer in
// Go's memory: bodies and heads smaller and larger than it (16 KB; larger
// ones make Go grow it, and shrink it after), one after another in the same
// instance, and the instance goes on serving.
func TestRequestsIntoGo(t *testing.T) {
	need(t)
	type echoed struct {
		Method, URI, SHA256, Echo string
		Length, ContentLength     int
		NilBody                   bool
	}
	long := strings.Repeat("h", 20<<10) // a head over the buffer's size
	tests := []struct {
		method string
		body   int // -1: none
		header string
	}{
		{"GET", -1, "small"},
		{"POST", 1, "one byte"},
		{"POST", 15 << 10, "near the buffer's end"},
		{"POST", 16 << 10, "the buffer's size"},
		{"PUT", 200 << 10, "larger"},
		{"GET", -1, long},
		{"POST", 1000, long},
		{"POST", 1 << 20, "the glue's limit"},
		{"GET", -1, "small again"},
		{"POST", 3, "small again"},
	}
	for i, tt := range tests {
		var body []byte
		var rd io.Reader
		if tt.body >= 0 {
			body = make([]byte, tt.body)
			rand.Read(body)
			rd = bytes.NewReader(body)
		}
		uri := fmt.Sprintf("/api/_test/echo?i=%d&q=%%C3%%A4", i)
		req, _ := http.NewRequest(tt.method, w.URL+uri, rd)
		req.Header.Set("X-Echo", tt.header)
		resp, err := client.Do(req)
		if err != nil {
			t.Fatalf("%d: %v", i, err)
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		var e echoed
		if resp.StatusCode != http.StatusOK || json.Unmarshal(b, &e) != nil {
			t.Errorf("%d %s %d bytes: %d %s", i, tt.method, tt.body, resp.StatusCode, b)
			continue
		}
		sum := sha256.Sum256(body)
		want := echoed{Method: tt.method, URI: uri, SHA256: hex.EncodeToString(sum[:]), Echo: tt.header,
			Length: len(body), ContentLength: len(body), NilBody: tt.body < 0}
		if e != want {
			e.Echo, want.Echo = fmt.Sprintf("%.20s… (%d)", e.Echo, len(e.Echo)), fmt.Sprintf("%.20s… (%d)", want.Echo, len(want.Echo))
			t.Errorf("%d %s %d bytes: Go got\n%+v, want\n%+v", i, tt.method, tt.body, e, want)
		}
	}
	echoDB(t, "after-echo", 0)
	noRuntimeErrors(t)
}

// TestWaitUntilAfterOthers: a request that uses its ctx only after other
// requests have come and gone gets its own ctx: its waitUntil task runs, after
// the answer, and stores its row.
func TestWaitUntilAfterOthers(t *testing.T) {
	need(t)
	done := make(chan struct{})
	go func() {
		defer close(done)
		if st, body := get(t, "/api/_test/waituntil?tag=late-ctx&delay=1500"); st != http.StatusAccepted {
			t.Errorf("waituntil: %d %s", st, body)
		}
	}()
	time.Sleep(200 * time.Millisecond) // the waituntil request holds its instance by now
	for i := 0; i < 12; i++ {
		echoDB(t, fmt.Sprintf("meanwhile-%d", i), 0)
	}
	<-done
	deadline := time.Now().Add(10 * time.Second)
	for {
		st, body := get(t, "/api/_test/row?tag=late-ctx")
		if st == http.StatusOK {
			if !strings.Contains(string(body), `"value":"waitUntil"`) {
				t.Errorf("row of the waitUntil task: %s", body)
			}
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the waitUntil task stored nothing within 10 s (last: %d %s)", st, body)
		}
		time.Sleep(100 * time.Millisecond)
	}
	noRuntimeErrors(t)
}

// TestPanicOnGoroutine: a request whose handler panics on a new goroutine
// (the Go program exits) fails alone, with a 500 JSON error, while the
// requests in flight beside it are answered; the worker then serves on.
func TestPanicOnGoroutine(t *testing.T) {
	need(t)
	var wg sync.WaitGroup
	for i := 0; i < 6; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			echoDB(t, fmt.Sprintf("beside-panic-%d", i), 600)
		}(i)
	}
	time.Sleep(100 * time.Millisecond) // the others are in flight
	st, body := get(t, "/api/_test/panic-goroutine")
	var e struct{ Code string }
	if st != http.StatusInternalServerError || json.Unmarshal(body, &e) != nil || e.Code != "internal" {
		t.Errorf("panic-goroutine: got %d %s, want 500 with code internal", st, body)
	}
	wg.Wait()
	for i := 0; i < 8; i++ {
		echoDB(t, fmt.Sprintf("after-panic-%d", i), 0)
	}
	if st, body := get(t, "/api/health"); st != http.StatusOK {
		t.Errorf("health after the panic: %d %s", st, body)
	}
	if !strings.Contains(w.Logs(), "a panic on a new goroutine") {
		t.Errorf("the panic is not in the log:\n%s", w.Logs())
	}
	noRuntimeErrors(t)
}

// TestNoHooksInProduction: the worker as deployed (wrangler.toml,
// build/worker) has none of the test routes, whatever its variables say
// (TEST_HOOKS=1 turned them on before they moved behind a build tag).
func TestNoHooksInProduction(t *testing.T) {
	need(t)
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	plain, err := workerd.Start(ctx, workerd.Options{Vars: map[string]string{"TEST_HOOKS": "1"}})
	if err != nil {
		t.Fatal(err)
	}
	defer plain.Stop()
	for _, path := range []string{"/api/_test/noop", "/api/_test/echo-db?tag=x", "/api/_test/panic-goroutine", "/api/_test/memstats"} {
		resp, err := client.Get(plain.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusNotFound {
			t.Errorf("GET %s on the production worker: %d, want 404", path, resp.StatusCode)
		}
	}
	// The same request to the test worker finds its route.
	if st, body := get(t, "/api/_test/noop"); st != http.StatusOK {
		t.Errorf("GET /api/_test/noop on the test worker: %d %s", st, body)
	}
}

// TestNoHooksInProductionBinary: the production wasm has no test route in
// it, not even switched off; the test worker's has (so the search can find
// them).
func TestNoHooksInProductionBinary(t *testing.T) {
	const route = "/api/_test/"
	root, err := workerd.Root()
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		path string
		want bool
	}{{"build/worker/app.wasm", false}, {testWasm, true}} {
		b, err := os.ReadFile(filepath.Join(root, c.path))
		if errors.Is(err, os.ErrNotExist) {
			why, err := ci.Skip(c.path + " is missing (run `make worker worker-test`, or `make test`)")
			if err != nil {
				t.Fatal(err)
			}
			t.Skip(why)
		}
		if err != nil {
			t.Fatal(err)
		}
		if got := bytes.Contains(b, []byte(route)); got != c.want {
			t.Errorf("%s has %q: %v, want %v", c.path, route, got, c.want)
		}
	}
}

// TestStockGlue: the same worker binary under the stock glue of
// syumai/workers (an instance per request, bench/stock), which `make bench`
// measures beside the pool, still answers.
func TestStockGlue(t *testing.T) {
	need(t)
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	stock, err := workerd.Start(ctx, workerd.Options{Config: "bench/stock/wrangler.toml"})
	if errors.Is(err, workerd.ErrNotBuilt) {
		t.Skip(err)
	}
	if err != nil {
		t.Fatal(err)
	}
	defer stock.Stop()
	for _, path := range []string{"/api/health", "/api/rounds/demo/counties/24", "/api/health"} {
		resp, err := client.Get(stock.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK {
			t.Errorf("stock glue: GET %s: %d %s", path, resp.StatusCode, b)
		}
	}
}
