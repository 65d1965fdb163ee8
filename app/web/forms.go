package web

import (
	"errors"
	"strings"

	"planboard/domain"
)

// fieldErr is a message shown next to one form field (partial "field_error").
type fieldErr struct{ ID, Text string }

// formErrs holds the translated errors of a form by field name.
type formErrs map[string]*fieldErr

// Get returns the error of field, or nil.
func (f formErrs) Get(field string) *fieldErr { return f[field] }

// formErrors turns a validation error into per-field messages; ok is false
// when err is not about form fields (the caller returns it as is).
func formErrors(p Page, err error) (formErrs, bool) {
	out := formErrs{}
	var v *domain.ValidationError
	var e *domain.Error
	switch {
	case errors.As(err, &v):
		for f, msg := range v.Fields {
			out[f] = &fieldErr{ID: f, Text: p.TE(msg)}
		}
	case errors.As(err, &e) && e.Field != "":
		out[e.Field] = &fieldErr{ID: e.Field, Text: p.TE(e.Message)}
	default:
		return nil, false
	}
	return out, true
}

// checkEmail reports whether s looks like a single plain e-mail address.
func checkEmail(field, s string) error { return domain.CheckEmail(field, s) }

// normEmail is how addresses typed into forms are compared and stored.
func normEmail(s string) string { return strings.ToLower(strings.TrimSpace(s)) }
