//go:build js && wasm

package main

import (
	"bytes"
	"context"
	"net/http"
	"strconv"
	"strings"
	"syscall/js"
)

// bind installs binding.serve, the entry the pool glue (worker/glue/worker.mjs)
// calls instead of syumai's handleRequest: every value that crosses between
// JavaScript and Go costs (a js.Value, a finalizer, often a callback into
// Go), so a request crosses as few as possible. The glue passes
//
//	serve(head string, body Uint8Array|null, resolve, reject)
//
// with head "METHOD URL\nname: value\n…" (the request line and headers), and
// the body read to the end (at most 1 MiB + 1: more is refused by the
// handler's limit anyway). Go answers with resolve(status, head, body), head
// "name: value\n…" and body a Uint8Array, or reject(message).
//
// The glue gives an instance one request at a time, so the handler's
// goroutines run only while this request is in Go.
func bind(h http.Handler) {
	uint8Array := js.Global().Get("Uint8Array")
	serve := js.FuncOf(func(_ js.Value, args []js.Value) any {
		head, body, resolve, reject := args[0].String(), args[1], args[2], args[3]
		var b []byte
		if !body.IsNull() && !body.IsUndefined() {
			b = make([]byte, body.Length())
			js.CopyBytesToGo(b, body)
		}
		go func() {
			r, err := newRequest(head, b, body.IsNull() || body.IsUndefined())
			if err != nil {
				reject.Invoke(err.Error())
				return
			}
			w := &responseWriter{header: http.Header{}}
			h.ServeHTTP(w, r)
			if w.status == 0 {
				w.status = http.StatusOK
			}
			out := uint8Array.New(w.body.Len())
			js.CopyBytesToJS(out, w.body.Bytes())
			resolve.Invoke(w.status, w.head(), out)
		}()
		return nil
	})
	js.Global().Get("context").Get("binding").Set("serve", serve)
}

// newRequest makes the request from the glue's head and body; nobody means
// the request had no body (null in JavaScript), which the handler sees as
// a nil Body, as under syumai's handleRequest.
func newRequest(head string, body []byte, nobody bool) (*http.Request, error) {
	line, rest, _ := strings.Cut(head, "\n")
	method, url, _ := strings.Cut(line, " ")
	r, err := http.NewRequestWithContext(context.Background(), method, url, nil)
	if err != nil {
		return nil, err
	}
	for rest != "" {
		var kv string
		kv, rest, _ = strings.Cut(rest, "\n")
		if k, v, ok := strings.Cut(kv, ": "); ok {
			r.Header.Add(k, v)
		}
	}
	r.Host = r.Header.Get("Host")
	r.RemoteAddr = r.Header.Get("Cf-Connecting-Ip")
	if nobody {
		r.Body, r.ContentLength = nil, 0
		return r, nil
	}
	r.Body = http.NoBody
	if len(body) > 0 {
		r.Body = readCloser{bytes.NewReader(body)}
	}
	r.ContentLength = int64(len(body))
	if n, err := strconv.ParseInt(r.Header.Get("Content-Length"), 10, 64); err == nil {
		r.ContentLength = n
	}
	return r, nil
}

type readCloser struct{ *bytes.Reader }

func (readCloser) Close() error { return nil }

// responseWriter keeps the whole answer: the glue sends it in one piece.
type responseWriter struct {
	header http.Header
	status int
	body   bytes.Buffer
}

func (w *responseWriter) Header() http.Header { return w.header }

func (w *responseWriter) WriteHeader(status int) {
	if w.status == 0 {
		w.status = status
	}
}

func (w *responseWriter) Write(b []byte) (int, error) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	return w.body.Write(b)
}

// head is the headers as "name: value\n" lines.
func (w *responseWriter) head() string {
	var b strings.Builder
	for k, vs := range w.header {
		for _, v := range vs {
			b.WriteString(k)
			b.WriteString(": ")
			b.WriteString(v)
			b.WriteByte('\n')
		}
	}
	return b.String()
}
