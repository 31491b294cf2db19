package lagesbild

import (
	"errors"
	"fmt"
)

// Error codes. Each maps to one HTTP status in the worker's single table.
const (
	EInvalid      = "invalid"      // the input is wrong; the message says where
	ENotFound     = "not_found"    // no such questionnaire, round, county …
	EUnauthorized = "unauthorized" // a code or token is needed and none was given
	EForbidden    = "forbidden"    // the code or token given does not allow this
	EConflict     = "conflict"     // e.g. the round is closed
	ETooLarge     = "too_large"    // the body is over the limit
	EUnsupported  = "unsupported"  // wrong content type
	ERateLimited  = "rate_limited" // too many requests for now
	EInternal     = "internal"     // our fault; details are logged, not shown
)

// Error is the one error type of the domain: a code for machines and a
// message for people.
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
