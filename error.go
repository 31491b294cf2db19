package lagesbild

import (
	"errors"
	"fmt"
)

// Error codes: what went wrong, for machines. Clients decide what to do and
// what to show by the code alone, never by the message, which is for
// developers and may be reworded. Each code has one HTTP status, in Codes.
const (
	EInvalid          = "invalid"            // the input is wrong; the message says where
	ENotFound         = "not_found"          // no such route, questionnaire, county, unit …
	ERoundNotFound    = "round_not_found"    // no such round
	ESessionNotFound  = "session_not_found"  // no workshop session with that join code
	ESessionExpired   = "session_expired"    // the workshop session was idle too long and is gone
	EMethodNotAllowed = "method_not_allowed" // the route exists, not with that method
	EUnauthorized     = "unauthorized"       // a code or token is needed and none was given
	EForbidden        = "forbidden"          // the token given is not the one needed (admin, facilitator)
	ECodeInvalid      = "code_invalid"       // the code is not valid for this round
	ECodeOtherUnit    = "code_other_unit"    // the code is for another municipality or county
	ERoundNotOpen     = "round_not_open"     // the round opens later
	ERoundClosed      = "round_closed"       // the round has closed
	ERoundExists      = "round_exists"       // a round with that id exists
	EIDConflict       = "id_conflict"        // the response id is used by another municipality's response
	ESessionEnded     = "session_ended"      // the facilitator ended the workshop session
	EItemLocked       = "item_locked"        // the facilitator locked the item
	ENotJoined        = "not_joined"         // the device has not joined the workshop session
	ERoomFull         = "room_full"          // the workshop session has as many devices as the facilitator's room size
	ETooLarge         = "too_large"          // the body is over the limit
	ERequestTimeout   = "request_timeout"    // the body did not arrive in time (the worker's glue answers it)
	EUnsupported      = "unsupported"        // wrong content type
	ERateLimited      = "rate_limited"       // too many requests this minute; try again soon
	ETooMany          = "too_many"           // as many workshop sessions run as the service keeps
	EInternal         = "internal"           // our fault; details are logged, not shown
)

// CodeInfo is an error code and the HTTP status it is answered with.
type CodeInfo struct {
	Code   string
	Status int
}

// Codes is the one table of error codes: every code the API answers with,
// and its HTTP status. Clients have a text in each language for each code
// (a test checks it).
var Codes = [...]CodeInfo{
	{EInvalid, 400},
	{ENotFound, 404},
	{ERoundNotFound, 404},
	{ESessionNotFound, 404},
	{ESessionExpired, 404},
	{EMethodNotAllowed, 405},
	{EUnauthorized, 401},
	{EForbidden, 403},
	{ECodeInvalid, 403},
	{ECodeOtherUnit, 403},
	{ERoundNotOpen, 409},
	{ERoundClosed, 409},
	{ERoundExists, 409},
	{EIDConflict, 409},
	{ESessionEnded, 409},
	{EItemLocked, 409},
	{ENotJoined, 409},
	// 409, not 429: waiting does not help (429 tells a client to try again
	// later, and the pages do so by themselves); the facilitator must raise
	// the room size, as ending must be undone by a new session.
	{ERoomFull, 409},
	{ERequestTimeout, 408},
	{ETooLarge, 413},
	{EUnsupported, 415},
	{ERateLimited, 429},
	{ETooMany, 429},
	{EInternal, 500},
}

// CodeOf returns the entry of Codes for code, and whether there is one.
func CodeOf(code string) (CodeInfo, bool) {
	for _, c := range Codes {
		if c.Code == code {
			return c, true
		}
	}
	return CodeInfo{}, false
}

// Status returns the HTTP status of an error code: 500 for a code not in
// Codes.
func Status(code string) int {
	if c, ok := CodeOf(code); ok {
		return c.Status
	}
	return 500
}

// Error is the one error type of the domain: a code for machines and a
// message for developers (it names the field or value that was wrong).
type Error struct {
	Code    string
	Message string
}

func (e *Error) Error() string { return e.Message }

// Errorf makes an *Error with a formatted message.
func Errorf(code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// ErrorCode returns the code of the first *Error in err's chain, EInternal for
// any other error, and "" for nil.
func ErrorCode(err error) string {
	if err == nil {
		return ""
	}
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	return EInternal
}

// ErrorMessage returns the message of the first *Error in err's chain, and a
// generic text for any other error (whose details must not reach users).
func ErrorMessage(err error) string {
	var e *Error
	if errors.As(err, &e) {
		return e.Message
	}
	return "internal error"
}
