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
)

// eMethodNotAllowed is the code of the router's own 405; the core has no
// code for it since only HTTP knows about methods.
const eMethodNotAllowed = "method_not_allowed"

// statuses is the one table from error codes to HTTP statuses.
var statuses = map[string]int{
	lagesbild.EInvalid:      http.StatusBadRequest,
	lagesbild.ENotFound:     http.StatusNotFound,
	lagesbild.EUnauthorized: http.StatusUnauthorized,
	lagesbild.EForbidden:    http.StatusForbidden,
	lagesbild.EConflict:     http.StatusConflict,
	lagesbild.ETooLarge:     http.StatusRequestEntityTooLarge,
	lagesbild.EUnsupported:  http.StatusUnsupportedMediaType,
	lagesbild.ERateLimited:  http.StatusTooManyRequests,
	lagesbild.EInternal:     http.StatusInternalServerError,
	eMethodNotAllowed:       http.StatusMethodNotAllowed,
}

// Status returns the HTTP status for an error code (500 for unknown codes).
func Status(code string) int {
	if s, ok := statuses[code]; ok {
		return s
	}
	return http.StatusInternalServerError
}

// errorBody is the JSON of every error response.
type errorBody struct {
	Code  string `json:"code"`
	Error string `json:"error"`
}

// writeError answers with err as JSON. Details of internal errors are logged,
// never shown: they may name tables or carry a driver's message.
func writeError(w http.ResponseWriter, r *http.Request, err error) {
	code := lagesbild.ErrorCode(err)
	msg := lagesbild.ErrorMessage(err)
	if code == lagesbild.EInternal {
		log.Printf("error: %s %s: %v", r.Method, r.URL.Path, err)
		msg = "internal error"
	}
	if code == lagesbild.EUnauthorized {
		w.Header().Set("WWW-Authenticate", `Bearer realm="lagesbild"`)
	}
	writeJSON(w, Status(code), errorBody{Code: code, Error: msg})
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
	writeBytes(w, status, "application/json; charset=utf-8", buf.Bytes())
}

func writeBytes(w http.ResponseWriter, status int, contentType string, b []byte) {
	w.Header().Set("Content-Type", contentType)
	w.WriteHeader(status)
	w.Write(b) // the client may be gone; nothing to do about it
}

// CSP is the Content-Security-Policy of everything the worker serves. It
// allows the app's own scripts and WebAssembly ('wasm-unsafe-eval' is what
// WebAssembly.instantiate needs) and nothing from elsewhere. The static files
// should carry the same policy (assets' _headers).
const CSP = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; img-src 'self' data:; " +
	"connect-src 'self'; frame-src 'self'; frame-ancestors 'self'; base-uri 'none'; form-action 'self'; object-src 'none'"

// secure sets the security headers on every response.
func secure(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("Content-Security-Policy", CSP)
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Referrer-Policy", "no-referrer")
		h.Set("X-Frame-Options", "SAMEORIGIN")
		h.Set("Cross-Origin-Opener-Policy", "same-origin")
		h.Set("Cross-Origin-Resource-Policy", "same-origin")
		h.Set("Permissions-Policy", "camera=(), microphone=(), geolocation=(), payment=()")
		h.Set("Strict-Transport-Security", "max-age=31536000")
		// API answers depend on the caller's code; only handlers that know
		// better (questionnaires) loosen this.
		h.Set("Cache-Control", "no-store")
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

// logged logs one line per request: method, path, status, duration. Never the
// query, headers (the Authorization header carries codes) or the client's
// address.
func logged(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		sw := &statusWriter{ResponseWriter: w}
		next.ServeHTTP(sw, r)
		log.Printf("%s %s %d %s", r.Method, r.URL.Path, sw.status, time.Since(start).Round(time.Microsecond))
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
// other error of the API.
func routed(mux *http.ServeMux) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if _, pattern := mux.Handler(r); pattern != "" {
			mux.ServeHTTP(w, r)
			return
		}
		// No pattern: the mux would answer 404, 405 or a redirect. Let it
		// decide, keep its status and headers (Allow, Location), drop its text.
		probe := &headerOnly{header: w.Header()}
		mux.ServeHTTP(probe, r)
		switch probe.status {
		case http.StatusMethodNotAllowed:
			writeJSON(w, probe.status, errorBody{Code: eMethodNotAllowed, Error: r.Method + " is not allowed on " + r.URL.Path})
		case http.StatusNotFound:
			writeError(w, r, lagesbild.Errorf(lagesbild.ENotFound, "no route %s %s", r.Method, r.URL.Path))
		default:
			w.WriteHeader(probe.status)
		}
	})
}

// headerOnly is a ResponseWriter that keeps the headers and status and drops the body.
type headerOnly struct {
	header http.Header
	status int
}

func (h *headerOnly) Header() http.Header { return h.header }
func (h *headerOnly) WriteHeader(code int) {
	if h.status == 0 {
		h.status = code
	}
}
func (h *headerOnly) Write(b []byte) (int, error) {
	if h.status == 0 {
		h.status = http.StatusOK
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
