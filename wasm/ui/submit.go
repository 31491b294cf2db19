package ui

import (
	"strconv"
	"strings"

	"lagesbild"
	"lagesbild/wasm/i18n"
)

// ResponsesURL is where answers are sent.
func ResponsesURL() string { return "/api/responses" }

// Outcome is what the client does after an attempt to submit.
type Outcome int

const (
	Saved    Outcome = iota // acknowledged: stop
	Retry                   // the worker or the network failed: try again later
	Rejected                // the worker refused the answers: the respondent must act
)

// APIError is an error answer of the API ({"code", "error"}, api.Error)
// with its HTTP status. The code says what went wrong; the message is the
// worker's, for developers (it names the field), and is only logged.
type APIError struct {
	Status  int
	Code    string // one of lagesbild.Codes, or "" when the answer was not the API's JSON
	Message string
}

func (e *APIError) Error() string {
	return "HTTP " + strconv.Itoa(e.Status) + " " + e.Code + ": " + e.Message
}

// Text says what went wrong in the user's language: the client's own text
// for the code, never the worker's message, so rewording a message on the
// worker changes nothing a user sees.
func (e *APIError) Text(s *i18n.Strings) string {
	if e.Code == "" {
		return i18n.Fill(s.ErrHTTP, e.Status)
	}
	return s.Code(e.Code)
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

// Classify decides what an answer to POST /api/responses means, and reads
// the error when it is one. status 0 is a network failure (fetch rejected).
// An API error is judged by its code: the worker's trouble and its rate
// limit pass, anything else needs the respondent (a wrong code, a closed
// round). An answer that is not the API's (a proxy's 502 page) is judged by
// its status: 5xx, 408 and 429 pass.
func Classify(status int, body []byte) (Outcome, *APIError) {
	if status == 200 || status == 201 {
		return Saved, nil
	}
	e := ParseError(status, body)
	switch {
	case e.Code == lagesbild.EInternal, e.Code == lagesbild.ERateLimited, e.Code == lagesbild.ERequestTimeout:
		return Retry, e
	case e.Code != "":
		return Rejected, e
	case status == 0, status >= 500, status == 408, status == 429:
		return Retry, e
	}
	return Rejected, e
}
