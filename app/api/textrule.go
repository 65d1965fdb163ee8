package api

import (
	"bytes"
	"encoding/json"
	"net/http"
	"sort"
	"strconv"
	"strings"

	"github.com/gofiber/fiber/v2"

	"planboard/domain"
)

// checkText holds every string a write sends to the text rule
// (domain.ValidText): a control character (NUL included), a format
// character (bidi, zero-width, soft hyphen, tags) or an invisible filler
// anywhere in a JSON body or a form value is refused with 422 and the
// field at fault, before any operation runs; tab and line breaks pass, and
// the single-line fields refuse those in their own validation. A client
// learns what it sent wrong; nothing invisible is stored, and NUL never
// reaches SQL.
func (a *API) checkText(c *fiber.Ctx) error {
	if c.Method() == fiber.MethodGet || c.Method() == fiber.MethodHead || public(c.Path()) {
		return c.Next()
	}
	var bad []string
	ct := strings.ToLower(c.Get(fiber.HeaderContentType))
	switch {
	case strings.Contains(ct, "json"):
		var v any
		d := json.NewDecoder(bytes.NewReader(c.Body()))
		if d.Decode(&v) == nil { // a malformed body is huma's to answer
			bad = invisibleIn("body", v, bad)
		}
	case strings.HasPrefix(ct, fiber.MIMEMultipartForm):
		if form, err := c.MultipartForm(); err == nil {
			for k, vs := range form.Value {
				for _, s := range vs {
					if !domain.ValidText(s) {
						bad = append(bad, "body."+k)
					}
				}
			}
		}
	}
	if len(bad) == 0 {
		return c.Next()
	}
	sort.Strings(bad)
	lang := langOf(c.UserContext())
	p := a.newProblem(lang, http.StatusUnprocessableEntity, domain.EInvalid, "error.invalid")
	for _, loc := range bad {
		p.Errors = append(p.Errors, &ProblemField{Location: loc, Key: domain.MsgInvisibleAny, Message: a.text(lang, domain.MsgInvisibleAny)})
	}
	return a.writeProblem(c, p)
}

// invisibleIn appends to bad the location of every string of v that breaks
// the text rule.
func invisibleIn(loc string, v any, bad []string) []string {
	switch t := v.(type) {
	case string:
		if !domain.ValidText(t) {
			bad = append(bad, loc)
		}
	case []any:
		for i, e := range t {
			bad = invisibleIn(loc+"["+strconv.Itoa(i)+"]", e, bad)
		}
	case map[string]any:
		for k, e := range t {
			bad = invisibleIn(loc+"."+k, e, bad)
		}
	}
	return bad
}
