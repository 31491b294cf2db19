//go:build js && wasm

package main

import (
	"bytes"
	"math/bits"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"syscall/js"
	"unsafe"

	"lagesbild/worker/glue"
)

// bind sets up the pool glue's way into the handler (worker/glue/worker.mjs),
// used instead of syumai's handleRequest. Every value that crosses between
// JavaScript and Go through syscall/js costs: a call out of wasm, often the
// decoding of a property name, and for an object or a string a js.Value
// with a finalizer (which runs later and crosses again); a js.Func call
// makes several. So a request crosses none of them: it comes in, and its
// answer goes out, through Go's memory, as worker/glue/layout.go declares
// (for both sides: the glue imports the layout.mjs generated from it).
//
//   - Go keeps a buffer, in; binding.inPtr and binding.inCap say where it is.
//     The glue writes the request into it, the head "METHOD URL\nname:
//     value\n…" (UTF-8) and then the body (read to the end, at most
//     1 MiB + 1: more is refused by the handler's limit anyway), calls the
//     wasm export lagesbild_serve(headLen, bodyLen, hasBody), which queues the
//     request and returns 1, and then resumes Go (go._resume), which serves
//     it. A request that does not fit is preceded by binding.reserve(n),
//     which makes in at least n bytes. D1's answers come in the same way
//     (d1.go).
//   - Go leaves the answer in its mailbox (a glue.Mailbox, at
//     binding.outPtr): the status, and where in Go's memory the body and
//     then the head ("name: value\n"…) lie. The glue looks into the mailbox
//     each time Go has paused, copies the answer out and empties it, before
//     Go runs again.
//
// The glue gives an instance one request at a time, so the handler's
// goroutines run only while this request is in Go; one goroutine serves the
// requests in turn, its stack grown once rather than for every request.
func bind(h http.Handler) {
	binding := js.Global().Get("context").Get("binding")
	s := &server{h: h, binding: binding, queue: make(chan job, 1)}
	s.setIn(defaultIn)
	binding.Set(glue.OutPtr, uintptr(unsafe.Pointer(&s.box)))
	binding.Set(glue.Reserve, js.FuncOf(func(_ js.Value, args []js.Value) any {
		if n := args[0].Int(); n > len(s.in) {
			s.setIn(1 << bits.Len(uint(n-1))) // a power of two: grown seldom
		}
		return nil
	}))
	pool = s
	go s.loop()
}

// defaultIn is the size of the request buffer at first: a head with room to
// spare, and a small body. It grows for larger bodies and D1 answers (an
// aggregate), and is kept up to keepIn: larger, it is made anew for the next
// request.
const (
	defaultIn = 16 << 10
	keepIn    = 1 << 20
)

// pool is the server of the pool glue; nil under the stock glue.
var pool *server

type server struct {
	h       http.Handler
	binding js.Value
	in      []byte       // where the glue writes the next request
	queue   chan job     // requests written into in, not yet read from it
	box     glue.Mailbox // where Go leaves the answer
}

// job is a request the glue has written into in.
type job struct {
	headLen, bodyLen int
	hasBody          bool // the request has a body (perhaps empty), not null
}

// setIn makes a new request buffer of n bytes and tells the glue where it is.
func (s *server) setIn(n int) {
	s.in = make([]byte, n)
	s.binding.Set(glue.InPtr, uintptr(unsafe.Pointer(unsafe.SliceData(s.in))))
	s.binding.Set(glue.InCap, n)
}

// serveExport queues the request the glue has written into in; the glue
// resumes Go next, and the serving goroutine takes it. It runs on the stack
// of the paused runtime, so it must not block: it returns 0 instead when the
// request cannot be taken.
//
//lint:ignore U1000 called by the glue (go:wasmexport), which staticcheck does not see
//go:wasmexport lagesbild_serve
func serveExport(headLen, bodyLen, hasBody int32) int32 {
	s := pool
	if s == nil || headLen < 0 || bodyLen < 0 || int(headLen)+int(bodyLen) > len(s.in) {
		return 0
	}
	select {
	case s.queue <- job{headLen: int(headLen), bodyLen: int(bodyLen), hasBody: hasBody != 0}:
		return 1
	default:
		return 0
	}
}

// loop serves the queued requests, one at a time.
func (s *server) loop() {
	w := &responseWriter{header: make(http.Header, 16)}
	for j := range s.queue {
		head := string(s.in[:j.headLen])
		var body []byte
		if j.hasBody {
			body = bytes.Clone(s.in[j.headLen : j.headLen+j.bodyLen])
		}
		if len(s.in) > keepIn {
			s.setIn(defaultIn) // do not keep a large body's buffer
		}
		// The answer of the last request has been copied out by the glue:
		// its writer is reused.
		clear(w.header)
		w.status = 0
		w.body.Reset()
		if w.body.Cap() > 1<<20 {
			w.body = bytes.Buffer{} // an export's: do not keep it
		}
		s.serve(w, head, body, !j.hasBody)
	}
}

// serve runs one request and leaves the answer in the mailbox.
func (s *server) serve(w *responseWriter, head string, body []byte, nobody bool) {
	r, err := newRequest(head, body, nobody)
	if err != nil {
		w.body.WriteString(err.Error())
		s.post(0, w.body.Bytes(), w.body.Len())
		return
	}
	s.h.ServeHTTP(w, r)
	if w.status == 0 {
		w.status = http.StatusOK
	}
	bodyLen := w.body.Len()
	w.writeHead()
	s.post(w.status, w.body.Bytes(), bodyLen)
}

// post leaves an answer in the mailbox (glue.Mailbox: the glue reads it each
// time Go has paused, and clears Ready): b is the body (its first bodyLen
// bytes) and then the head. b must stay untouched until the glue has read it,
// which it does before Go runs again.
func (s *server) post(status int, b []byte, bodyLen int) {
	s.box = glue.Mailbox{Ready: 1, Status: uint32(status), Ptr: uint32(uintptr(unsafe.Pointer(unsafe.SliceData(b)))),
		BodyLen: uint32(bodyLen), HeadLen: uint32(len(b) - bodyLen)}
}

// newRequest makes the request from the glue's head and body; nobody means
// the request had no body (null in JavaScript), which the handler sees as
// a nil Body, as under syumai's handleRequest.
func newRequest(head string, body []byte, nobody bool) (*http.Request, error) {
	line, rest, _ := strings.Cut(head, "\n")
	method, rawURL, _ := strings.Cut(line, " ")
	u, err := url.Parse(rawURL)
	if err != nil {
		return nil, err
	}
	r := &http.Request{
		Method:     method,
		URL:        u,
		Proto:      "HTTP/1.1",
		ProtoMajor: 1,
		ProtoMinor: 1,
		Header:     make(http.Header, strings.Count(rest, "\n")),
	}
	for rest != "" {
		var kv string
		kv, rest, _ = strings.Cut(rest, "\n")
		if k, v, ok := strings.Cut(kv, ": "); ok {
			r.Header.Add(k, v)
		}
	}
	r.Host = r.Header.Get("Host")
	if r.Host == "" {
		r.Host = u.Host
	}
	r.RemoteAddr = r.Header.Get("Cf-Connecting-Ip")
	if nobody {
		return r, nil // Body nil, ContentLength 0
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
	body   bytes.Buffer // the body, and then the head
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

// writeHead appends the headers to the body as "name: value\n" lines.
func (w *responseWriter) writeHead() {
	for k, vs := range w.header {
		for _, v := range vs {
			w.body.WriteString(k)
			w.body.WriteString(": ")
			w.body.WriteString(v)
			w.body.WriteByte('\n')
		}
	}
}
