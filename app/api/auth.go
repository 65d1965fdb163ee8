package api

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"strconv"
	"strings"

	"github.com/gofiber/fiber/v2"

	"planboard/app/apiauth"
	"planboard/domain"
)

// public are the paths under Prefix that need no token: the document and
// its reference page describe the API, they hold no data.
func public(path string) bool {
	rest := strings.TrimPrefix(path, Prefix)
	return rest == "/docs" || strings.HasPrefix(rest, "/openapi")
}

// authenticate resolves the bearer token to its user on every request (a
// removed membership or a revoked token ends its reach at once), applies
// the per-token rate limit and refuses writes to read-only tokens. Cookies
// play no part: a request without a token is 401 whatever it carries.
func (a *API) authenticate(c *fiber.Ctx) error {
	c.Set(fiber.HeaderCacheControl, "private, no-store")
	c.Set(fiber.HeaderVary, "Authorization, Accept-Language")
	if public(c.Path()) {
		return c.Next()
	}
	p, err := a.auth.Authenticate(c.UserContext(), c.Get(fiber.HeaderAuthorization))
	var rl *apiauth.RateLimitedError
	switch {
	case errors.Is(err, apiauth.ErrNoToken), errors.Is(err, apiauth.ErrInvalid):
		c.Set(fiber.HeaderWWWAuthenticate, `Bearer realm="planboard"`)
		return a.writeProblem(c, a.newProblem(requestLang(c, ""), http.StatusUnauthorized, domain.EUnauthorized, "api.unauthorized"))
	case errors.As(err, &rl):
		c.Set(fiber.HeaderRetryAfter, strconv.Itoa(rl.RetryAfter))
		return a.writeProblem(c, a.newProblem(requestLang(c, ""), http.StatusTooManyRequests, "rate_limited", "api.rate_limited"))
	case err != nil:
		return err
	}
	lang := requestLang(c, p.User.Locale)
	if c.Method() != fiber.MethodGet && c.Method() != fiber.MethodHead && !p.Token.CanWrite() {
		return a.writeProblem(c, a.newProblem(lang, http.StatusForbidden, domain.EForbidden, "api.read_only"))
	}
	ctx := context.WithValue(c.UserContext(), principalKey{}, p)
	ctx = context.WithValue(ctx, apiKey{}, a) // huma's own errors are ours (problem.go)
	c.SetUserContext(context.WithValue(ctx, langKey{}, lang))
	return c.Next()
}

// writeProblem answers a problem outside huma (before an operation runs).
func (a *API) writeProblem(c *fiber.Ctx, p *Problem) error {
	p.Instance = c.Path()
	b, err := json.Marshal(p)
	if err != nil {
		return err
	}
	c.Set(fiber.HeaderContentType, "application/problem+json")
	return c.Status(p.Status).Send(b)
}

// HandleError answers, as a problem, an error raised for an /api/ path
// before an operation ran (the pages' shared middleware: text that is not
// UTF-8, a request past its deadline, a body too large), so that API
// clients never get an HTML page.
func (a *API) HandleError(c *fiber.Ctx, err error) error {
	lang := requestLang(c, "")
	var fe *fiber.Error
	if errors.As(err, &fe) {
		code, key := domain.EInvalid, "error.invalid"
		switch fe.Code {
		case http.StatusNotFound, http.StatusMethodNotAllowed:
			code, key = domain.ENotFound, "error.not_found"
		case http.StatusServiceUnavailable:
			code, key = domain.EInternal, "error.busy"
		case http.StatusRequestEntityTooLarge:
			key = a.tooLargeKey()
		}
		return a.writeProblem(c, a.newProblem(lang, fe.Code, code, key))
	}
	if errors.Is(err, context.DeadlineExceeded) {
		c.Set(fiber.HeaderRetryAfter, "5")
		return a.writeProblem(c, a.newProblem(lang, http.StatusServiceUnavailable, domain.EInternal, "error.busy"))
	}
	p, _ := a.problem(context.WithValue(c.UserContext(), langKey{}, lang), err).(*Problem)
	return a.writeProblem(c, p)
}
