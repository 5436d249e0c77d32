package corpus

import (
	"errors"
	"fmt"
)

// Code classifies an error; the API maps each code to one HTTP status.
type Code string

// Error codes.
const (
	CodeInvalid     Code = "invalid"     // bad input: 400
	CodeNotFound    Code = "not_found"   // 404
	CodeConflict    Code = "conflict"    // 409
	CodeUnavailable Code = "unavailable" // 503
	CodeInternal    Code = "internal"    // 500
)

// Error is lawkb's one error type: a code, a message, and what it wraps.
type Error struct {
	Code    Code
	Message string
	Err     error
}

// Error returns the message, which already includes any wrapped error's text.
func (e *Error) Error() string { return e.Message }

// Unwrap returns the wrapped error, if any.
func (e *Error) Unwrap() error { return e.Err }

// Errorf builds an *Error with a formatted message; a %w verb wraps.
func Errorf(code Code, format string, args ...any) error {
	err := fmt.Errorf(format, args...)
	return &Error{Code: code, Message: err.Error(), Err: errors.Unwrap(err)}
}

// ErrorCode returns the code of the first *Error in err's chain, or
// CodeInternal.
func ErrorCode(err error) Code {
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	return CodeInternal
}
