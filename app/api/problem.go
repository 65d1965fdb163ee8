package api

import (
	"context"
	"errors"
	"net/http"
	"sort"
	"strings"

	"planboard/app/internal/status"
	"planboard/domain"
)

// Problem is an error answer (RFC 9457, application/problem+json). Its
// fields are a superset of huma's own error model, so that the answers huma
// gives by itself (a malformed body, a parameter out of range) fit the
// same schema. Code is the domain error code the pages map too
// (not_found, forbidden, invalid, conflict, unauthorized, internal);
// Detail and each field's Message are the pages' texts, in the user's
// language.
type Problem struct {
	Type     string          `json:"type,omitempty" doc:"A URI naming the problem type (about:blank)"`
	Title    string          `json:"title,omitempty" doc:"The HTTP status text"`
	Status   int             `json:"status,omitempty" doc:"The HTTP status code"`
	Detail   string          `json:"detail,omitempty" doc:"What went wrong, in the user's language"`
	Instance string          `json:"instance,omitempty" doc:"The request path"`
	Code     string          `json:"code,omitempty" doc:"The domain error code: not_found, forbidden, invalid, conflict, unauthorized, rate_limited, internal"`
	Key      string          `json:"key,omitempty" doc:"The message key of Detail in Planboard's catalogue"`
	Errors   []*ProblemField `json:"errors,omitempty" doc:"The fields at fault, for a validation error"`
	headers  map[string]string
}

// ProblemField is one field at fault.
type ProblemField struct {
	Message  string `json:"message,omitempty" doc:"What is wrong with the field, in the user's language"`
	Location string `json:"location,omitempty" doc:"Where: body.<field> or query.<name>"`
	Value    any    `json:"value,omitempty" doc:"The value sent, when huma's own validation refuses it"`
	Key      string `json:"key,omitempty" doc:"The message key in Planboard's catalogue"`
}

func (p *Problem) Error() string { return p.Code + ": " + p.Key }

// GetStatus is huma's StatusError.
func (p *Problem) GetStatus() int { return p.Status }

// ContentType is huma's ContentTypeFilter: problems are problem+json.
func (p *Problem) ContentType(string) string { return "application/problem+json" }

// statusOf is the HTTP status of a domain error code (app/internal/status,
// shared by every surface).
func statusOf(code string) int { return status.Of(code) }

// problem builds the answer to err for the request of ctx: the domain
// error's code, status and message in the caller's language; anything else
// is logged once and answered with the plain apology.
func (a *API) problem(ctx context.Context, err error) error {
	var p *Problem
	if errors.As(err, &p) {
		return p
	}
	lang := langOf(ctx)
	code := domain.ErrorCode(err)
	out := &Problem{Code: code, Status: statusOf(code)}
	var de *domain.Error
	var ve *domain.ValidationError
	switch {
	case errors.As(err, &ve):
		out.Key = "error.invalid"
		fields := make([]string, 0, len(ve.Fields))
		for f := range ve.Fields {
			fields = append(fields, f)
		}
		sort.Strings(fields)
		for _, f := range fields {
			out.Errors = append(out.Errors, a.field(lang, f, ve.Fields[f]))
		}
	case errors.As(err, &de):
		out.Key = de.Message
		if de.Field != "" {
			out.Key = "error.invalid"
			out.Errors = []*ProblemField{a.field(lang, de.Field, de.Message)}
		}
		if de.Code == domain.EInternal {
			out.Key = "error.internal"
		}
	default:
		out.Key = "error.internal"
		a.log.Error("api request failed", "err", err)
	}
	out.Detail = a.text(lang, out.Key)
	return out.finish()
}

func (a *API) field(lang, field, key string) *ProblemField {
	return &ProblemField{Location: "body." + field, Key: key, Message: a.text(lang, key)}
}

// text translates a message key that may carry one argument after a bar
// ("evidence.too_large|20").
func (a *API) text(lang, key string) string {
	if k, arg, ok := strings.Cut(key, "|"); ok {
		return a.t(lang, k, arg)
	}
	return a.t(lang, key)
}

// finish fills the RFC 9457 members that follow from the status.
func (p *Problem) finish() *Problem {
	p.Type, p.Title = "about:blank", http.StatusText(p.Status)
	return p
}

// newProblem is an answer of the API itself (authentication, limits).
func (a *API) newProblem(lang string, status int, code, key string) *Problem {
	return (&Problem{Status: status, Code: code, Key: key, Detail: a.text(lang, key)}).finish()
}
