// Package domain holds Planboard's business rules: plans, items, statuses,
// deadlines, roles and the access policy. It imports only the standard
// library, so every rule can be tested without HTTP or SQL.
package domain

import (
	"errors"
	"fmt"
)

// Error codes understood by the HTTP layer; they are mapped to statuses in one place.
const (
	ENotFound     = "not_found"
	EInvalid      = "invalid"
	EConflict     = "conflict"
	EForbidden    = "forbidden"
	EUnauthorized = "unauthorized"
	EInternal     = "internal"
)

// Error is a domain error: a code for the HTTP layer, a message key for the
// user (looked up in the message catalogue) and, for validation errors, the
// offending form field.
type Error struct {
	Code    string
	Message string // catalogue key or plain text shown to the user
	Field   string // form field the error belongs to, if any
}

func (e *Error) Error() string {
	if e.Field != "" {
		return fmt.Sprintf("%s: %s: %s", e.Code, e.Field, e.Message)
	}
	return fmt.Sprintf("%s: %s", e.Code, e.Message)
}

// Errorf returns a domain error with the given code and formatted message.
func Errorf(code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// FieldError returns an EInvalid error attached to a form field.
func FieldError(field, message string) *Error {
	return &Error{Code: EInvalid, Field: field, Message: message}
}

// ErrNotFound is the error every scoped lookup returns for a missing or foreign record.
var ErrNotFound = &Error{Code: ENotFound, Message: "error.not_found"}

// ErrorCode returns the code of a domain error, or EInternal for any other error.
func ErrorCode(err error) string {
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	var v *ValidationError
	if errors.As(err, &v) {
		return EInvalid
	}
	return EInternal
}

// FieldErrors collects validation errors by field so a form can show each
// next to its input. The zero value is ready to use.
type FieldErrors map[string]string

// Add records message for field unless the field already has one.
func (f *FieldErrors) Add(field, message string) {
	if *f == nil {
		*f = FieldErrors{}
	}
	if _, ok := (*f)[field]; !ok {
		(*f)[field] = message
	}
}

// Err returns nil when there are no errors, otherwise a *ValidationError.
func (f FieldErrors) Err() error {
	if len(f) == 0 {
		return nil
	}
	return &ValidationError{Fields: f}
}

// ValidationError carries several field errors at once.
type ValidationError struct{ Fields FieldErrors }

func (v *ValidationError) Error() string {
	return fmt.Sprintf("invalid: %v", map[string]string(v.Fields))
}
