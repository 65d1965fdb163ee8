package api_test

import (
	"bytes"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/pb33f/libopenapi"
	validator "github.com/pb33f/libopenapi-validator"
)

// openAPI fetches the served document and checks it with an independent
// validator (pb33f/libopenapi): the document itself is valid OpenAPI 3.1,
// and from then on every answer of w.call is validated against it.
func (w *world) openAPI(t *testing.T) libopenapi.Document {
	t.Helper()
	got := w.call(http.MethodGet, "/api/v1/openapi.json", "", nil)
	if got.status != http.StatusOK {
		t.Fatalf("openapi.json: %d %s", got.status, got.body)
	}
	doc, err := libopenapi.NewDocument(got.body)
	if err != nil {
		t.Fatal(err)
	}
	if v := doc.GetVersion(); !strings.HasPrefix(v, "3.1") {
		t.Errorf("OpenAPI version %q, want 3.1", v)
	}
	v, errs := validator.NewValidator(doc)
	if len(errs) > 0 {
		t.Fatalf("validator: %v", errs)
	}
	if ok, verrs := v.ValidateDocument(); !ok {
		for _, e := range verrs {
			t.Errorf("document: %s: %s", e.Message, e.Reason)
		}
	}
	w.validator = v
	return doc
}

// validate checks a real call's answer (and, when strict, its request)
// against the document.
func (w *world) validate(a answer, reqBody []byte) {
	if p := a.req.URL.Path; w.validator == nil || p == "/api/v1/docs" || strings.HasPrefix(p, "/api/v1/openapi") {
		return // the document and its page are not operations of the document
	}
	req := a.req.Clone(a.req.Context())
	req.Body = io.NopCloser(bytes.NewReader(reqBody))
	resp := &http.Response{StatusCode: a.status, Header: a.header, Body: io.NopCloser(bytes.NewReader(a.body)), Request: req}
	check := w.validator.ValidateHttpResponse
	if w.strict {
		check = w.validator.ValidateHttpRequestResponse
	}
	if ok, errs := check(req, resp); !ok {
		for _, e := range errs {
			w.t.Errorf("%s %s → %d does not match the document: %s: %s (%s)", req.Method, req.URL.Path, a.status, e.Message, e.Reason, a.body)
		}
	}
}

// TestOpenAPIDocument: the document is valid, names every route of the
// route table (and nothing else), and the reference page renders it
// without scripts under the pages' Content-Security-Policy.
func TestOpenAPIDocument(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	doc := w.openAPI(t)
	model, err := doc.BuildV3Model()
	if err != nil {
		t.Fatal(err)
	}
	inDoc := map[string]bool{}
	for path, item := range model.Model.Paths.PathItems.FromOldest() {
		for method := range item.GetOperations().FromOldest() {
			inDoc[strings.ToUpper(method)+" /api/v1"+path] = true
		}
	}
	routes := w.app.API().Routes()
	for _, r := range routes {
		if !inDoc[r.Method+" "+r.Path] {
			t.Errorf("route %s %s is not in the OpenAPI document", r.Method, r.Path)
		}
		delete(inDoc, r.Method+" "+r.Path)
	}
	for k := range inDoc {
		t.Errorf("the document describes %s, which the route table does not have", k)
	}
	if len(routes) < 15 {
		t.Errorf("only %d routes", len(routes))
	}
	page := w.call(http.MethodGet, "/api/v1/docs", "", nil)
	csp := page.header.Get("Content-Security-Policy")
	if page.status != http.StatusOK || !strings.Contains(string(page.body), "/plans/{id}/items") ||
		strings.Contains(string(page.body), "<script") || !strings.Contains(csp, "script-src 'self'") {
		t.Errorf("docs page: %d, CSP %q, has items path %v, script %v", page.status, csp, strings.Contains(string(page.body), "/plans/{id}/items"), strings.Contains(string(page.body), "<script"))
	}
	// Real calls answer as the document says, errors included.
	tok := w.tokens[director][writeTok]
	for _, path := range []string{"/api/v1/me", "/api/v1/institutions", "/api/v1/plans", "/api/v1/plans/" + id(w.museumPlan),
		"/api/v1/plans/" + id(w.museumPlan) + "/items?limit=3", "/api/v1/plans/" + id(w.museumPlan) + "/reports",
		"/api/v1/items/" + id(w.museumItem), "/api/v1/plans/" + id(w.housePlan), "/api/v1/dashboard"} {
		w.call(http.MethodGet, path, tok, nil)
	}
	w.call(http.MethodGet, "/api/v1/plans", "", nil)
	w.call(http.MethodGet, "/api/v1/plans", w.tokens[director][revokedTok], nil)
}
