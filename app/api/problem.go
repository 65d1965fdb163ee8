package api

import (
	"context"
	"errors"
	"net/http"
	"sort"
	"strconv"
	"strings"

	"github.com/danielgtaylor/huma/v2"

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
	if out.Detail == out.Key { // never a raw key: the code's own words
		out.Detail = a.text(lang, "error."+code)
	}
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

// apiKey carries the API serving a request in its context, for huma's
// own errors (humaError), which are raised outside any operation.
type apiKey struct{}

func init() {
	// huma answers by itself when a request fails its schema, a body is
	// malformed, too large or of a media type it cannot read. Its default
	// answer is English, has no code and echoes the body; ours is a Problem
	// in the caller's language with the value left out.
	huma.NewErrorWithContext = func(hctx huma.Context, status int, msg string, errs ...error) huma.StatusError {
		if hctx != nil {
			if a, ok := hctx.Context().Value(apiKey{}).(*API); ok {
				return a.humaProblem(langOf(hctx.Context()), status, errs)
			}
		}
		return huma.NewError(status, msg, errs...)
	}
}

// humaProblem is huma's own error as a Problem: a code, the texts of the
// catalogue, the fields at fault, and never the value sent.
func (a *API) humaProblem(lang string, status int, errs []error) *Problem {
	code, key := domain.EInvalid, "error.invalid"
	switch {
	case status == http.StatusBadRequest:
		key = "api.bad_body"
	case status == http.StatusUnsupportedMediaType:
		key = "api.media_type"
	case status == http.StatusRequestEntityTooLarge:
		key = a.tooLargeKey()
	case status == http.StatusNotFound:
		code, key = domain.ENotFound, "error.not_found"
	case status >= 500:
		code, key = domain.EInternal, "error.internal"
		a.log.Error("api request failed", "status", status, "errs", errs)
	}
	p := &Problem{Status: status, Code: code, Key: key, Detail: a.text(lang, key)}
	if status == http.StatusUnprocessableEntity || status == http.StatusBadRequest {
		for _, err := range errs {
			var d huma.ErrorDetailer
			if !errors.As(err, &d) {
				continue
			}
			loc, fkey := humaField(d.ErrorDetail())
			switch fkey { // huma answers 422 for a form it cannot read
			case "api.multipart_expected":
				p.Status, p.Key = http.StatusUnsupportedMediaType, "api.media_type"
			case "api.bad_multipart":
				p.Status, p.Key = http.StatusBadRequest, fkey
			}
			p.Detail = a.text(lang, p.Key)
			p.Errors = append(p.Errors, &ProblemField{Location: loc, Key: fkey, Message: a.text(lang, fkey)})
		}
	}
	return p.finish()
}

// humaField names, by a catalogue key, what huma's validator found wrong
// with one field (its messages are fixed English phrases), and where.
func humaField(d *huma.ErrorDetail) (location, key string) {
	loc, msg := d.Location, d.Message
	if loc == "" {
		loc = "body"
	}
	switch {
	case strings.HasPrefix(msg, "expected required property "):
		name, _, _ := strings.Cut(strings.TrimPrefix(msg, "expected required property "), " ")
		return loc + "." + name, "api.field.required"
	case strings.HasPrefix(msg, "cannot read multipart form") && strings.Contains(msg, "not multipart/form-data"):
		return loc, "api.multipart_expected"
	case strings.HasPrefix(msg, "cannot read multipart form"):
		return loc, "api.bad_multipart"
	case strings.HasPrefix(msg, "unexpected property"):
		return loc, "api.field.unknown"
	case strings.HasPrefix(msg, "expected length >="), strings.HasPrefix(msg, "expected array length >="):
		return loc, "api.field.too_short"
	case strings.HasPrefix(msg, "expected length <="), strings.HasPrefix(msg, "expected array length <="):
		return loc, "api.field.too_long"
	case strings.HasPrefix(msg, "expected number "), strings.HasPrefix(msg, "expected value to be one of"):
		return loc, "api.field.range"
	case strings.HasPrefix(msg, "expected "):
		return loc, "api.field.type"
	case loc == "body":
		return loc, "api.bad_body"
	}
	return loc, "api.field.invalid"
}

// maxBody is the largest request body an operation reads: one evidence
// file at the limit in base64, and room for the rest of the request.
func (a *API) maxBody() int64 { return int64(a.maxMB)<<20*4/3 + 1<<20 }

// tooLargeKey is the message of a body over the limit, with the limit.
func (a *API) tooLargeKey() string { return "api.too_large|" + strconv.Itoa(a.maxMB) }
