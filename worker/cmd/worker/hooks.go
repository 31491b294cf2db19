//go:build js && wasm && testhooks

package main

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"fmt"
	"io"
	"log"
	"net/http"
	"runtime"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"github.com/syumai/workers/cloudflare"
)

// testHooks adds routes under /api/_test/ that e2e/pool uses to prove the
// glue safe (worker/glue/worker.mjs). They are built only with the build tag
// testhooks, into the test worker (`make worker-test`: build/worker-test,
// run by e2e/pool/wrangler-testhooks.toml), never into the worker that is
// deployed: without the tag, hooks_off.go returns the handler as it is, and
// e2e/pool checks that build/worker/app.wasm has no such route.
//
//	GET /api/_test/echo-db?tag=T&sleep=MS   writes a random value under T, then, in two
//	                                        goroutines, reads it back after MS and pings D1
//	GET /api/_test/row?tag=T                the value stored under T (404 if none)
//	GET /api/_test/waituntil?tag=T&delay=MS waits MS, then hands ctx.waitUntil a task that
//	                                        stores "waitUntil" under T after the answer has gone
//	GET /api/_test/panic-goroutine          panics on a new goroutine: the Go program exits
//	GET /api/_test/noop                     answers at once: the cost of the glue and Go alone
//	GET /api/_test/memstats                 this instance's Go heap and GC figures (bench, GC tuning)
//	POST /api/_test/echo                    the request as Go got it: method, path and query, body
//	                                        length and SHA-256, header X-Echo, whether Body was nil
func testHooks(next http.Handler, db *sql.DB) http.Handler {
	log.Print("warning: built with -tags testhooks: the test routes under /api/_test/ are on")
	var b [4]byte
	rand.Read(b[:])
	h := &hooks{db: db, instance: hex.EncodeToString(b[:])}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /api/_test/echo-db", h.echoDB)
	mux.HandleFunc("GET /api/_test/row", h.row)
	mux.HandleFunc("GET /api/_test/noop", func(w http.ResponseWriter, r *http.Request) {
		writeHook(w, http.StatusOK, `{"ok":true}`) // what a request costs with no handler work
	})
	mux.HandleFunc("GET /api/_test/memstats", func(w http.ResponseWriter, r *http.Request) {
		var m runtime.MemStats
		runtime.ReadMemStats(&m)
		writeHook(w, http.StatusOK, fmt.Sprintf(`{"instance":%q,"numGC":%d,"heapAlloc":%d,"heapSys":%d,"totalAlloc":%d,"mallocs":%d,"sys":%d,"nextGC":%d}`,
			h.instance, m.NumGC, m.HeapAlloc, m.HeapSys, m.TotalAlloc, m.Mallocs, m.Sys, m.NextGC))
	})
	mux.HandleFunc("/api/_test/echo", func(w http.ResponseWriter, r *http.Request) {
		var b []byte
		if r.Body != nil {
			b, _ = io.ReadAll(r.Body)
		}
		sum := sha256.Sum256(b)
		writeHook(w, http.StatusOK, fmt.Sprintf(`{"method":%q,"uri":%q,"length":%d,"contentLength":%d,"sha256":%q,"echo":%q,"nilBody":%t}`,
			r.Method, r.URL.RequestURI(), len(b), r.ContentLength, hex.EncodeToString(sum[:]), r.Header.Get("X-Echo"), r.Body == nil))
	})
	mux.HandleFunc("GET /api/_test/waituntil", h.waitUntil)
	mux.HandleFunc("GET /api/_test/panic-goroutine", func(w http.ResponseWriter, r *http.Request) {
		go func() { panic("test hook: a panic on a new goroutine") }()
		time.Sleep(5 * time.Second)
		writeHook(w, http.StatusOK, `{"survived":true}`)
	})
	mux.Handle("/", next)
	return mux
}

type hooks struct {
	db       *sql.DB
	instance string       // random per Go instance
	served   atomic.Int64 // hook requests this instance served
	mu       sync.Mutex
	table    bool // test_hooks exists
}

func (h *hooks) ensureTable(ctx context.Context) error {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.table {
		return nil
	}
	_, err := h.db.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS test_hooks (tag TEXT PRIMARY KEY, value TEXT NOT NULL)`)
	h.table = err == nil
	return err
}

func (h *hooks) put(ctx context.Context, tag, value string) error {
	if err := h.ensureTable(ctx); err != nil {
		return err
	}
	_, err := h.db.ExecContext(ctx, `INSERT INTO test_hooks (tag, value) VALUES (?, ?)
		ON CONFLICT (tag) DO UPDATE SET value = excluded.value`, tag, value)
	return err
}

func (h *hooks) get(ctx context.Context, tag string) (string, error) {
	if err := h.ensureTable(ctx); err != nil {
		return "", err
	}
	var v string
	err := h.db.QueryRowContext(ctx, `SELECT value FROM test_hooks WHERE tag = ?`, tag).Scan(&v)
	return v, err
}

// tagOf is the tag parameter: 1–64 of [a-z0-9-].
func tagOf(r *http.Request) (string, bool) {
	t := r.URL.Query().Get("tag")
	if t == "" || len(t) > 64 {
		return "", false
	}
	for _, c := range t {
		if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-') {
			return "", false
		}
	}
	return t, true
}

func millis(r *http.Request, name string) time.Duration {
	n, _ := strconv.Atoi(r.URL.Query().Get(name))
	return time.Duration(min(max(n, 0), 10000)) * time.Millisecond
}

func writeHook(w http.ResponseWriter, status int, body string) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	w.Write([]byte(body + "\n"))
}

func fail(w http.ResponseWriter, err error) {
	log.Printf("test hook: %v", err)
	writeHook(w, http.StatusInternalServerError, `{"code":"internal","error":`+strconv.Quote(err.Error())+`}`)
}

func (h *hooks) echoDB(w http.ResponseWriter, r *http.Request) {
	tag, ok := tagOf(r)
	if !ok {
		writeHook(w, http.StatusBadRequest, `{"code":"invalid","error":"tag: want 1-64 of [a-z0-9-]"}`)
		return
	}
	var b [8]byte
	rand.Read(b[:])
	value := hex.EncodeToString(b[:])
	ctx := r.Context()
	if err := h.put(ctx, tag, value); err != nil {
		fail(w, err)
		return
	}
	// Two goroutines with D1 calls in flight at once, one after a sleep: the
	// scheduler interleaves them, as handlers that fan out would.
	var (
		wg       sync.WaitGroup
		read     string
		readErr  error
		rounds   int64
		roundErr error
	)
	wg.Add(2)
	go func() {
		defer wg.Done()
		time.Sleep(millis(r, "sleep"))
		read, readErr = h.get(ctx, tag)
	}()
	go func() {
		defer wg.Done()
		roundErr = h.db.QueryRowContext(ctx, `SELECT COUNT(*) FROM rounds`).Scan(&rounds)
	}()
	wg.Wait()
	for _, err := range []error{readErr, roundErr} {
		if err != nil {
			fail(w, err)
			return
		}
	}
	writeHook(w, http.StatusOK, `{"tag":`+strconv.Quote(tag)+`,"wrote":`+strconv.Quote(value)+
		`,"read":`+strconv.Quote(read)+`,"instance":`+strconv.Quote(h.instance)+
		`,"served":`+strconv.FormatInt(h.served.Add(1), 10)+`}`)
}

func (h *hooks) row(w http.ResponseWriter, r *http.Request) {
	tag, ok := tagOf(r)
	if !ok {
		writeHook(w, http.StatusBadRequest, `{"code":"invalid","error":"tag: want 1-64 of [a-z0-9-]"}`)
		return
	}
	v, err := h.get(r.Context(), tag)
	switch {
	case err == sql.ErrNoRows:
		writeHook(w, http.StatusNotFound, `{"code":"not_found","error":"no row"}`)
	case err != nil:
		fail(w, err)
	default:
		writeHook(w, http.StatusOK, `{"tag":`+strconv.Quote(tag)+`,"value":`+strconv.Quote(v)+`}`)
	}
}

// waitUntil uses the request's ctx only after a delay, when other requests
// may have come and gone; the task runs after the answer has been sent.
func (h *hooks) waitUntil(w http.ResponseWriter, r *http.Request) {
	tag, ok := tagOf(r)
	if !ok {
		writeHook(w, http.StatusBadRequest, `{"code":"invalid","error":"tag: want 1-64 of [a-z0-9-]"}`)
		return
	}
	time.Sleep(millis(r, "delay"))
	cloudflare.WaitUntil(func() {
		time.Sleep(200 * time.Millisecond)
		// The request's context is done by now: the task has its own.
		if err := h.put(context.Background(), tag, "waitUntil"); err != nil {
			log.Printf("test hook: waitUntil task: %v", err)
		}
	})
	writeHook(w, http.StatusAccepted, `{"tag":`+strconv.Quote(tag)+`,"instance":`+strconv.Quote(h.instance)+`}`)
}
