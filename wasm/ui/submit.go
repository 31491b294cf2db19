package ui

import (
	"math"
	"strconv"
	"strings"
	"time"

	"lagesbild"
	"lagesbild/wasm/i18n"
)

// ResponsesURL is where answers are sent.
func ResponsesURL() string { return "/api/responses" }

// Backoff spaces out retries: Base, 2×Base, 4×Base … up to Max, each delay
// spread over its upper half at random, so that many clients coming back
// after the same outage do not all knock at once.
type Backoff struct {
	Base, Max time.Duration
}

// DefaultBackoff retries after 1 s, 2 s, 4 s … and at least every 60 s.
var DefaultBackoff = Backoff{Base: time.Second, Max: time.Minute}

// Delay is the wait before retry number attempt (0 for the first retry);
// r is a random number in [0, 1).
func (b Backoff) Delay(attempt int, r float64) time.Duration {
	d := b.Max
	if attempt < 30 {
		d = time.Duration(math.Min(float64(b.Base)*math.Pow(2, float64(attempt)), float64(b.Max)))
	}
	return d/2 + time.Duration(r*float64(d/2))
}

// Outcome is what the client does after an attempt to submit.
type Outcome int

const (
	Saved    Outcome = iota // acknowledged: stop
	Retry                   // the worker or the network failed: try again later
	Rejected                // the worker refused the answers: the respondent must act
)

// APIError is an error answer of the API: {"code", "error"}.
type APIError struct {
	Status  int
	Code    string
	Message string
}

func (e *APIError) Error() string {
	return "HTTP " + strconv.Itoa(e.Status) + " " + e.Code + ": " + e.Message
}

// Text says what went wrong in the user's language, with the worker's own
// message (which names the field) after it.
func (e *APIError) Text(s *i18n.Strings) string {
	t := s.Code(e.Code)
	if e.Code == "" {
		t = i18n.Fill(s.ErrHTTP, e.Status)
	}
	if e.Message != "" && e.Code != lagesbild.EInternal {
		t += " (" + e.Message + ")"
	}
	return t
}

// ParseError reads an API error body; a body that is not the API's JSON (a
// proxy's HTML page) still gives an error with the status.
func ParseError(status int, body []byte) *APIError {
	e := &APIError{Status: status}
	var ok bool
	if e.Code, e.Message, ok = parseAPIError(body); !ok || e.Code == "" {
		e.Code, e.Message = "", strings.TrimSpace(string(body))
		if len(e.Message) > 200 || strings.HasPrefix(e.Message, "<") {
			e.Message = ""
		}
	}
	return e
}

// Classify decides what an answer to POST /api/responses means. status 0 is
// a network failure (fetch rejected). 5xx, 408 and 429 are passing trouble;
// any other error needs the respondent (a wrong code, a closed round).
func Classify(status int) Outcome {
	switch {
	case status == 200 || status == 201:
		return Saved
	case status == 0, status >= 500, status == 408, status == 429:
		return Retry
	}
	return Rejected
}
