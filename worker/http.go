package worker

import (
	"bytes"
	"encoding/json"
	"errors"
	"log"
	"net/http"
	"runtime/debug"
	"strings"
	"time"

	"lagesbild"
	"lagesbild/api"
)

// writeError answers with err as JSON. Details of internal errors are logged,
// never shown: they may name tables or carry a driver's message.
func writeError(w http.ResponseWriter, r *http.Request, err error) {
	code := lagesbild.ErrorCode(err)
	msg := lagesbild.ErrorMessage(err)
	if _, ok := lagesbild.CodeOf(code); !ok { // a programming error: every code is in the one table
		log.Printf("error: %s %s: code %q is not in lagesbild.Codes: %v", r.Method, r.URL.Path, code, err)
		code = lagesbild.EInternal
	}
	if code == lagesbild.EInternal {
		log.Printf("error: %s %s: %v", r.Method, r.URL.Path, err)
		msg = "internal error"
	}
	if code == lagesbild.EUnauthorized {
		w.Header().Set("WWW-Authenticate", `Bearer realm="lagesbild"`)
	}
	writeJSON(w, lagesbild.Status(code), api.Error{Code: code, Message: msg})
}

// writeJSON answers with v as JSON.
func writeJSON(w http.ResponseWriter, status int, v any) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false) // messages quote input with < and >; the content type keeps it inert
	if err := enc.Encode(v); err != nil {
		// Our own types always marshal; a failure here is a programming error.
		log.Printf("error: encoding a %T: %v", v, err)
		status = http.StatusInternalServerError
		buf.Reset()
		buf.WriteString(`{"code":"internal","error":"internal error"}` + "\n")
	}
	writeBytes(w, status, jsonContentType, buf.Bytes())
}

// jsonContentType is the Content-Type of every JSON answer.
const jsonContentType = "application/json; charset=utf-8"

var jsonContentTypeValue = []string{jsonContentType}

func writeBytes(w http.ResponseWriter, status int, contentType string, b []byte) {
	if contentType == jsonContentType {
		w.Header()["Content-Type"] = jsonContentTypeValue // shared, as securityHeaders
	} else {
		w.Header().Set("Content-Type", contentType)
	}
	w.WriteHeader(status)
	w.Write(b) // the client may be gone; nothing to do about it
}

// CSP is the Content-Security-Policy of everything the worker serves. It
// allows the app's own scripts and WebAssembly ('wasm-unsafe-eval' is what
// WebAssembly.instantiate needs) and nothing from elsewhere. The static files
// should carry the same policy (assets' _headers).
const CSP = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; img-src 'self' data:; " +
	"connect-src 'self'; frame-src 'self'; frame-ancestors 'self'; base-uri 'none'; form-action 'self'; object-src 'none'"

// securityHeaders are set on every response. Each value is a slice of
// length and capacity 1, shared by all responses: Header.Set replaces a
// value and Header.Add copies it, so no response can change another's.
var securityHeaders = [...]struct {
	name  string
	value []string
}{
	{"Content-Security-Policy", []string{CSP}},
	{"X-Content-Type-Options", []string{"nosniff"}},
	{"Referrer-Policy", []string{"no-referrer"}},
	{"X-Frame-Options", []string{"SAMEORIGIN"}},
	{"Cross-Origin-Opener-Policy", []string{"same-origin"}},
	{"Cross-Origin-Resource-Policy", []string{"same-origin"}},
	{"Permissions-Policy", []string{"camera=(), microphone=(), geolocation=(), payment=()"}},
	{"Strict-Transport-Security", []string{"max-age=31536000"}},
	// API answers depend on the caller's code; only handlers that know
	// better (questionnaires) loosen this.
	{"Cache-Control", []string{"no-store"}},
}

// secure sets the security headers on every response.
func secure(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		for _, kv := range securityHeaders {
			h[kv.name] = kv.value
		}
		next.ServeHTTP(w, r)
	})
}

// statusWriter remembers the status for the log line.
type statusWriter struct {
	http.ResponseWriter
	status int
}

func (w *statusWriter) WriteHeader(code int) {
	if w.status == 0 {
		w.status = code
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusWriter) Write(b []byte) (int, error) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	return w.ResponseWriter.Write(b)
}

// slowRequest is how long a request may take before it is logged (a
// variable for the tests).
var slowRequest = time.Second

// logged logs a line for a request that failed on our side (status 500 or
// above) or took longer than slowRequest: method, path, status, duration.
// Never the query, headers (the Authorization header carries codes) or the
// client's address. Other requests are not logged: Cloudflare records every
// request (Workers Logs, wrangler tail), and a line per request costs CPU.
func logged(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		sw := &statusWriter{ResponseWriter: w}
		next.ServeHTTP(sw, r)
		if took := time.Since(start); sw.status >= http.StatusInternalServerError || took > slowRequest {
			log.Printf("%s %s %d %s", r.Method, r.URL.Path, sw.status, took.Round(time.Microsecond))
		}
	})
}

// recovered turns a panic into a logged 500 JSON answer: under workerd an
// unrecovered panic would end as a JavaScript stack trace.
func recovered(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		sw, ok := w.(*statusWriter)
		defer func() {
			v := recover()
			if v == nil {
				return
			}
			log.Printf("panic: %s %s: %v\n%s", r.Method, r.URL.Path, v, debug.Stack())
			if ok && sw.status != 0 {
				return // the answer has begun; nothing better to send
			}
			writeError(w, r, errors.New("panic")) // the details are in the log
		}()
		next.ServeHTTP(w, r)
	})
}

// routed answers the router's own 404 and 405 as JSON errors, like every
// other error of the API. The mux matches each request once: a handler
// registered on it calls routedTo, which marks the request as routed; when none
// runs, the mux has answered itself (404, 405 or a redirect), and its status
// and headers (Allow, Location) are kept, its text dropped.
func routed(mux *http.ServeMux) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		rw := &routeWriter{ResponseWriter: w}
		mux.ServeHTTP(rw, r)
		if rw.routed {
			return
		}
		switch rw.status {
		case http.StatusMethodNotAllowed:
			writeError(w, r, lagesbild.Errorf(lagesbild.EMethodNotAllowed, "%s is not allowed on %s", r.Method, r.URL.Path))
		case http.StatusNotFound:
			writeError(w, r, lagesbild.Errorf(lagesbild.ENotFound, "no route %s %s", r.Method, r.URL.Path))
		default: // a redirect to the clean path
			w.Header().Del("Content-Type") // its text is dropped
			w.WriteHeader(rw.status)
		}
	})
}

// routedTo is called first by every handler registered on the mux under
// routed: it marks the request as routed and returns the response writer
// routed was given, for the handler to write to.
func routedTo(w http.ResponseWriter) http.ResponseWriter {
	if rw, ok := w.(*routeWriter); ok {
		rw.routed = true
		return rw.ResponseWriter
	}
	return w
}

// routeWriter is what the mux writes to under routed. Until a registered
// handler runs, what is written is the mux's own answer: it keeps the
// headers (the response's own) and the status, and drops the body.
type routeWriter struct {
	http.ResponseWriter
	routed bool
	status int
}

func (w *routeWriter) WriteHeader(code int) {
	if w.routed {
		w.ResponseWriter.WriteHeader(code)
		return
	}
	if w.status == 0 {
		w.status = code
	}
}

func (w *routeWriter) Write(b []byte) (int, error) {
	if w.routed {
		return w.ResponseWriter.Write(b)
	}
	if w.status == 0 {
		w.status = http.StatusOK
	}
	return len(b), nil
}

// bearer returns the token of an "Authorization: Bearer <token>" header, or "".
func bearer(r *http.Request) string {
	a := r.Header.Get("Authorization")
	const prefix = "bearer "
	if len(a) <= len(prefix) || !strings.EqualFold(a[:len(prefix)], prefix) {
		return ""
	}
	return strings.TrimSpace(a[len(prefix):])
}
