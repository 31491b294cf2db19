//go:build !js

package e2e

import (
	"bytes"
	"io"
	"net"
	"net/http"
	"net/http/httputil"
	"net/url"
	"strings"
	"sync"
	"testing"
)

// proxy is the page's origin in a test: it passes every request on to a
// worker in workerd. Down makes the address refuse connections, as a stopped
// worker's does, and Up opens it again on the same port, so the page keeps
// its origin (drafts, service worker) across a restart of the worker behind.
// DropAnswers makes the next posts of responses reach the worker while the
// browser gets no answer, as when a connection breaks after the worker
// stored the response: the client must retry, and the worker count it once.
type proxy struct {
	URL  string
	addr string

	mu      sync.Mutex
	backend *url.URL
	srv     *http.Server
	drop    int // answers to POST /api/responses still to drop
	posts   int // POST /api/responses passed on to the worker
}

func newProxy(t *testing.T, backend string) *proxy {
	t.Helper()
	p := &proxy{}
	p.setBackend(t, backend)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	p.addr = ln.Addr().String()
	p.URL = "http://" + p.addr
	p.serve(ln)
	t.Cleanup(p.Down)
	return p
}

func (p *proxy) setBackend(t *testing.T, backend string) {
	u, err := url.Parse(backend)
	if err != nil {
		t.Fatal(err)
	}
	p.mu.Lock()
	p.backend = u
	p.mu.Unlock()
}

func (p *proxy) serve(ln net.Listener) {
	srv := &http.Server{Handler: p}
	p.mu.Lock()
	p.srv = srv
	p.mu.Unlock()
	go srv.Serve(ln)
}

// Down closes the address and every open connection.
func (p *proxy) Down() {
	p.mu.Lock()
	srv := p.srv
	p.srv = nil
	p.mu.Unlock()
	if srv != nil {
		srv.Close()
	}
}

// Up opens the address again, passing requests to backend.
func (p *proxy) Up(t *testing.T, backend string) {
	t.Helper()
	p.setBackend(t, backend)
	ln, err := net.Listen("tcp", p.addr)
	if err != nil {
		t.Fatalf("listening on %s again: %v", p.addr, err)
	}
	p.serve(ln)
}

// DropAnswers drops the answers to the next n posts of responses.
func (p *proxy) DropAnswers(n int) {
	p.mu.Lock()
	p.drop = n
	p.mu.Unlock()
}

// Posts is how many posts of responses reached the worker.
func (p *proxy) Posts() int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.posts
}

func (p *proxy) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	p.mu.Lock()
	backend := p.backend
	isPost := r.Method == http.MethodPost && r.URL.Path == "/api/responses"
	drop := false
	if isPost {
		p.posts++
		if p.drop > 0 {
			p.drop--
			drop = true
		}
	}
	p.mu.Unlock()
	if drop {
		p.passAndDrop(w, r, backend)
		return
	}
	rp := &httputil.ReverseProxy{Rewrite: func(pr *httputil.ProxyRequest) { pr.SetURL(backend) }}
	rp.ServeHTTP(w, r)
}

// passAndDrop passes the request on, waits for the worker's answer, and
// breaks the browser's connection instead of answering.
func (p *proxy) passAndDrop(w http.ResponseWriter, r *http.Request, backend *url.URL) {
	body, _ := io.ReadAll(r.Body)
	u := *backend
	u.Path = r.URL.Path
	req, err := http.NewRequest(r.Method, u.String(), bytes.NewReader(body))
	if err == nil {
		for k, v := range r.Header {
			if !strings.EqualFold(k, "Host") {
				req.Header[k] = v
			}
		}
		if resp, err := http.DefaultTransport.RoundTrip(req); err == nil {
			io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
		}
	}
	if hj, ok := w.(http.Hijacker); ok {
		if conn, _, err := hj.Hijack(); err == nil {
			conn.Close()
			return
		}
	}
	panic(http.ErrAbortHandler) // breaks the connection just the same
}
