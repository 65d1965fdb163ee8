// Package api is Planboard's JSON API, /api/v1: a surface over the same use
// cases (app/service), policy and domain errors as the pages, described by
// an OpenAPI 3.1 document generated from these Go types by huma
// (/api/v1/openapi.json, with a reference page at /api/v1/docs).
// Requests authenticate with a personal access token
// ("Authorization: Bearer pbt_…", app/apiauth) and act exactly as its user,
// resolved on every request; cookies never do, so sessions and CSRF have no
// part here. Errors are application/problem+json (RFC 9457).
package api

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"strings"
	"time"

	"github.com/danielgtaylor/huma/v2"
	"github.com/danielgtaylor/huma/v2/adapters/humafiber"
	"github.com/gofiber/fiber/v2"

	"planboard/app/apiauth"
	"planboard/app/service"
	"planboard/domain"
)

// Prefix is where the API lives.
const Prefix = "/api/v1"

// Deps are the API's collaborators, given by the web surface that mounts it.
type Deps struct {
	Service *service.Service
	Queries *service.Queries
	Auth    *apiauth.Authenticator
	// T translates a message key of the catalogue into lang ("ru", "en").
	T func(lang, key string, args ...any) string
	// Evidence checks an uploaded file as the pages do (size, type sniffed
	// from the bytes, safe name) and returns it ready to save.
	Evidence func(name string, data []byte) (domain.Attachment, error)
	// CheckLink checks an evidence link as the pages do.
	CheckLink func(link string) (domain.Attachment, error)
	Cron      service.CronParser
	Now       func() time.Time
	Logger    *slog.Logger
	Version   string // Planboard's version, in the document
	// MaxUploadMB is the largest evidence file, as on the pages
	// (domain.DefaultMaxUploadMB unless configured).
	MaxUploadMB int
}

// API is the mounted JSON API.
type API struct {
	svc      *service.Service
	q        *service.Queries
	auth     *apiauth.Authenticator
	t        func(lang, key string, args ...any) string
	evidence func(name string, data []byte) (domain.Attachment, error)
	link     func(string) (domain.Attachment, error)
	cron     service.CronParser
	now      func() time.Time
	log      *slog.Logger
	humaAPI  huma.API
	routes   []Route
	items    kept[List[Item]] // a plan's items by its change counter (kept.go)
	maxMB    int              // the evidence limit in MB (Deps.MaxUploadMB)
}

// Route is one operation of the API: the route table the authorisation
// matrix and the document tests are driven from.
type Route struct {
	Method      string
	Path        string // full path with {params}, e.g. /api/v1/items/{id}
	OperationID string
	Write       bool // refused to read-only tokens
}

// Mount registers the API on f under Prefix, with its own authentication
// and nothing of the pages' middleware: mount it before sessions and CSRF.
func Mount(f *fiber.App, d Deps) *API {
	if d.Logger == nil {
		d.Logger = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	a := &API{svc: d.Service, q: d.Queries, auth: d.Auth, t: d.T, evidence: d.Evidence, link: d.CheckLink,
		cron: d.Cron, now: d.Now, log: d.Logger, maxMB: d.MaxUploadMB}
	if a.maxMB <= 0 {
		a.maxMB = domain.DefaultMaxUploadMB
	}
	g := f.Group(Prefix, a.authenticate)
	g.Use(a.checkText) // the text rule, after the token and before any operation (textrule.go)
	cfg := huma.DefaultConfig("Planboard API", "1")
	cfg.Info.Description = "Improvement plans after the independent quality assessment (НОК): institutions, plans, items, reports. " +
		"Authenticate with a personal access token: `Authorization: Bearer pbt_…` (made on /settings/tokens)."
	if d.Version != "" {
		cfg.Info.Version = "1 (Planboard " + d.Version + ")"
	}
	cfg.Servers = []*huma.Server{{URL: Prefix}}
	cfg.DocsPath = "" // the reference page is ours (docs.go): no CDN scripts
	cfg.CreateHooks = nil
	cfg.Components.SecuritySchemes = map[string]*huma.SecurityScheme{
		"bearer": {Type: "http", Scheme: "bearer", Description: "A personal access token, pbt_…"},
	}
	a.humaAPI = humafiber.NewWithGroup(f, g, cfg)
	a.register()
	g.Get("/docs", a.docs)
	g.Use(func(c *fiber.Ctx) error { // nothing else under /api/v1
		return a.writeProblem(c, a.newProblem(requestLang(c, ""), http.StatusNotFound, domain.ENotFound, "error.not_found"))
	})
	return a
}

// Routes returns the route table: every operation the API answers.
func (a *API) Routes() []Route { return append([]Route(nil), a.routes...) }

// OpenAPI returns the generated document.
func (a *API) OpenAPI() *huma.OpenAPI { return a.humaAPI.OpenAPI() }

// errorStatuses are the problems any authenticated operation may answer.
var errorStatuses = []int{http.StatusUnauthorized, http.StatusForbidden, http.StatusNotFound, http.StatusUnprocessableEntity,
	http.StatusTooManyRequests}

// operation registers one operation in huma and in the route table, with
// its security and its problem answers documented.
func operation[I, O any](a *API, op huma.Operation, h func(context.Context, *I) (*O, error), extra ...int) {
	op.Security = []map[string][]string{{"bearer": {}}}
	if op.Responses == nil {
		op.Responses = map[string]*huma.Response{}
	}
	schema := a.humaAPI.OpenAPI().Components.Schemas.Schema(typeOf[Problem](), true, "Problem")
	for _, st := range append(append([]int(nil), errorStatuses...), extra...) {
		op.Responses[itoa(st)] = &huma.Response{Description: http.StatusText(st),
			Content: map[string]*huma.MediaType{"application/problem+json": {Schema: schema}}}
		if st == http.StatusNotModified {
			op.Responses[itoa(st)] = &huma.Response{Description: "Not Modified: the If-None-Match sent names this answer's ETag"}
		}
	}
	// A body may carry evidence files in base64 (4/3 of their size) up to
	// the pages' limit; huma's default would stop at 1 MiB.
	op.MaxBodyBytes = a.maxBody()
	huma.Register(a.humaAPI, op, func(ctx context.Context, in *I) (*O, error) {
		out, err := h(ctx, in)
		if err != nil {
			return nil, a.problem(ctx, err)
		}
		return out, nil
	})
	a.routes = append(a.routes, Route{Method: op.Method, Path: Prefix + op.Path, OperationID: op.OperationID,
		Write: op.Method != http.MethodGet})
}

// caller is who the request acts as (set by authenticate).
func caller(ctx context.Context) service.Caller {
	p, _ := ctx.Value(principalKey{}).(apiauth.Principal)
	return service.Caller{Actor: p.Actor, User: p.User}
}

type principalKey struct{}
type langKey struct{}

// langOf is the language of the request's answers.
func langOf(ctx context.Context) string {
	if l, ok := ctx.Value(langKey{}).(string); ok {
		return l
	}
	return "ru"
}

// requestLang picks the answer's language: the one Accept-Language asks
// for first among ours, else the user's locale, else Russian.
func requestLang(c *fiber.Ctx, locale string) string {
	for _, part := range strings.Split(c.Get(fiber.HeaderAcceptLanguage), ",") {
		tag, _, _ := strings.Cut(strings.TrimSpace(part), ";")
		tag, _, _ = strings.Cut(strings.ToLower(tag), "-")
		if tag == "ru" || tag == "en" {
			return tag
		}
	}
	if domain.ValidLocale(locale) {
		return locale
	}
	return "ru"
}
