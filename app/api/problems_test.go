package api_test

import (
	"bytes"
	"encoding/base64"
	"fmt"
	"mime/multipart"
	"net/http"
	"os"
	"strings"
	"testing"

	"planboard/domain"
)

// problemOf reads a problem answer and checks what every problem has:
// problem+json, a code, a detail that is not a raw key, and no trace of
// the request body (marker).
func problemOf(t *testing.T, name string, a answer, status int, marker string) (p struct {
	Code, Key, Detail string
	Errors            []struct{ Location, Key, Message string }
}) {
	t.Helper()
	if a.status != status || !strings.HasPrefix(a.header.Get("Content-Type"), "application/problem+json") {
		t.Errorf("%s: %d %s %.300s, want %d problem+json", name, a.status, a.header.Get("Content-Type"), a.body, status)
		return
	}
	a.json(t, &p)
	if p.Code == "" || p.Detail == "" || strings.Contains(p.Detail, ".") && !strings.Contains(p.Detail, " ") {
		t.Errorf("%s: no code or a raw detail: %s", name, a.body)
	}
	if marker != "" && bytes.Contains(a.body, []byte(marker)) {
		t.Errorf("%s: the answer echoes the request body: %s", name, a.body)
	}
	return p
}

// TestHumaErrorsAreOurProblems: the answers huma gives by itself (a
// malformed body, a value the schema refuses, a body of another media
// type, a broken multipart body) are problems with a code, in the
// caller's language, never echoing the body; a refused step is worded.
func TestHumaErrorsAreOurProblems(t *testing.T) {
	w := newWorld(t)
	tok := w.tokens[director][writeTok]
	comments := "/api/v1/items/" + id(w.museumItem) + "/comments"
	const secret = "secret-marker-7f3a"
	jsonCT := []string{"Content-Type", "application/json"}

	p := problemOf(t, "malformed", w.call(http.MethodPost, comments, tok, []byte(`{"body": "`+secret), jsonCT...), http.StatusBadRequest, secret)
	if p.Code != "invalid" || !strings.Contains(p.Detail, "Тело запроса") {
		t.Errorf("malformed: %+v", p)
	}
	p = problemOf(t, "schema", w.call(http.MethodPost, comments, tok, []byte(`{"body": "", "extra": "`+secret+`"}`), jsonCT...),
		http.StatusUnprocessableEntity, secret)
	if p.Code != "invalid" || p.Key != "error.invalid" || len(p.Errors) != 2 || p.Errors[0].Location != "body.body" ||
		p.Errors[0].Key != "api.field.too_short" || !strings.Contains(p.Errors[0].Message, "короткое") {
		t.Errorf("schema: %+v", p)
	}
	p = problemOf(t, "missing", w.call(http.MethodPost, comments, tok, []byte(`{}`), append(jsonCT, "Accept-Language", "en")...),
		http.StatusUnprocessableEntity, "")
	if len(p.Errors) != 1 || p.Errors[0].Location != "body.body" || p.Errors[0].Message != "This field is required." ||
		p.Detail != "Some fields are filled in incorrectly." && !strings.HasPrefix(p.Detail, "Some") {
		t.Errorf("missing, in English: %+v", p)
	}
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	_ = mw.WriteField("body", secret)
	_ = mw.Close()
	p = problemOf(t, "multipart to JSON", w.call(http.MethodPost, comments, tok, buf.Bytes(), "Content-Type", mw.FormDataContentType()),
		http.StatusUnsupportedMediaType, secret)
	if p.Code != "invalid" || !strings.Contains(p.Detail, "application/json") {
		t.Errorf("multipart to JSON: %+v", p)
	}
	broken := []byte("--x\r\n" + secret)
	problemOf(t, "broken multipart", w.call(http.MethodPost, comments, tok, broken, "Content-Type", "multipart/form-data; boundary=x"),
		http.StatusUnsupportedMediaType, secret)
	closeItem := "/api/v1/items/" + id(w.museumItem) + "/close"
	problemOf(t, "broken multipart to the multipart route", w.call(http.MethodPost, closeItem, tok, broken, "Content-Type", "multipart/form-data; boundary=x"),
		http.StatusBadRequest, secret)
	problemOf(t, "JSON to the multipart route", w.call(http.MethodPost, closeItem, tok, []byte(`{"x":"`+secret+`"}`), jsonCT...),
		http.StatusUnsupportedMediaType, secret)

	tr := "/api/v1/plans/" + id(w.museumPlan) + "/transitions"
	if got := w.call(http.MethodPost, tr, tok, map[string]any{"transition": "submit"}); got.status != http.StatusOK {
		t.Fatalf("submit: %d %s", got.status, got.body)
	}
	p = problemOf(t, "submit twice", w.call(http.MethodPost, tr, tok, map[string]any{"transition": "submit"}), http.StatusConflict, "")
	if p.Code != "conflict" || strings.Contains(p.Detail, "status.") || !strings.Contains(p.Detail, "невозможен") {
		t.Errorf("a refused transition: %+v", p)
	}
}

// TestEvidenceLimitIsThePages: the API takes evidence files up to the
// pages' limit (a 2 MiB file, past huma's default 1 MiB), refuses a
// larger one with the limit stated, and docs/api.md states the same limit.
func TestEvidenceLimitIsThePages(t *testing.T) {
	w := newWorld(t)
	tok := w.tokens[staff][writeTok]
	var it struct{ Version int }
	w.call(http.MethodGet, "/api/v1/items/"+id(w.museumItem), tok, nil).json(t, &it)
	pdf := func(size int) string {
		b := append([]byte("%PDF-1.4\n"), bytes.Repeat([]byte("0"), size)...)
		return base64.StdEncoding.EncodeToString(append(b, "\n%%EOF\n"...))
	}
	step := func(content string) map[string]any {
		return map[string]any{"version": it.Version, "transition": "submit", "implemented": "Сделано",
			"completed_on": domain.Today(w.clock(), mustZone(t)).String(),
			"evidence":     []map[string]string{{"filename": "act.pdf", "content_base64": content}}}
	}
	path := "/api/v1/items/" + id(w.museumItem) + "/status"
	p := problemOf(t, "over the limit", w.call(http.MethodPost, path, tok, step(pdf(domain.DefaultMaxUploadMB<<20+1))), http.StatusUnprocessableEntity, "")
	want := fmt.Sprintf("%d МБ", domain.DefaultMaxUploadMB)
	if len(p.Errors) != 1 || p.Errors[0].Location != "body.evidence" || !strings.Contains(p.Errors[0].Message, want) {
		t.Errorf("a file over the limit: %+v, want the limit (%s) stated", p, want)
	}
	huge := `{"version":1,"transition":"submit","evidence":[{"filename":"a.pdf","content_base64":"` + strings.Repeat("A", domain.DefaultMaxUploadMB<<21) + `"}]}`
	p = problemOf(t, "body over the limit", w.call(http.MethodPost, path, tok, []byte(huge), "Content-Type", "application/json"), http.StatusRequestEntityTooLarge, "")
	if !strings.Contains(p.Detail, want) {
		t.Errorf("a body over the limit: %+v", p)
	}
	got := w.call(http.MethodPost, path, tok, step(pdf(2<<20)))
	var after struct {
		Status   string
		Evidence []struct{ Size int64 }
	}
	got.json(t, &after)
	if got.status != http.StatusOK || after.Status != "review" {
		t.Fatalf("a 2 MiB file: %d %.300s", got.status, got.body)
	}
	doc, err := os.ReadFile("../../docs/api.md")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(doc), fmt.Sprintf("%d MB", domain.DefaultMaxUploadMB)) {
		t.Errorf("docs/api.md does not state the limit of %d MB", domain.DefaultMaxUploadMB)
	}
}
