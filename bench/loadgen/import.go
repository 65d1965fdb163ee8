package main

import (
	"encoding/json"
	"fmt"
	"html"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"time"

	"planboard/app/webtest"
)

// importResult is one import of a plan file as a director makes it: the
// upload (read and checked, the preview stored), the preview page, and the
// confirmation that creates the plan with its items.
type importResult struct {
	File      string  `json:"file"`
	Items     int     `json:"items"`
	UploadMS  float64 `json:"upload_ms"`
	PreviewMS float64 `json:"preview_ms"`
	ConfirmMS float64 `json:"confirm_ms"`
	TotalMS   float64 `json:"total_ms"`
}

// summaryRe finds the error summary's messages of a refused form.
var summaryRe = regexp.MustCompile(`<a href="#[^"]+">[^<]+</a>`)

// flashCountRe is the number in the message after the import («… 300 …»).
var flashCountRe = regexp.MustCompile(`class="flash" role="status">[^<0-9]*(\d+)`)

// importPlan logs in as email and imports file as a new plan of
// institution for year, timing each step. A file starting with "/" is a
// path on the server (a plan's export) downloaded first.
func importPlan(base, email, password, file string, institution int64, year int) error {
	c := webtest.New(base, nil, nil, 120*time.Second)
	if err := c.Login(email, password); err != nil {
		return err
	}
	var data []byte
	if strings.HasPrefix(file, "/") {
		r, err := c.Get(file)
		if err != nil || r.Status != 200 {
			return fmt.Errorf("download %s: %v %d", file, err, r.Status)
		}
		data = []byte(r.Body)
	} else {
		var err error
		if data, err = os.ReadFile(file); err != nil {
			return err
		}
	}
	if _, err := c.Get("/plans/new"); err != nil { // the form's token
		return err
	}
	ms := func(t0 time.Time) float64 { return float64(time.Since(t0).Microseconds()) / 1000 }
	var res importResult
	res.File = filepath.Base(file)
	t0 := time.Now() // wall clock: measures the import
	up, err := c.PostMultipart("/plans/import", url.Values{"institution": {strconv.FormatInt(institution, 10)}},
		webtest.File{Field: "file", Name: res.File, Data: data})
	if err != nil {
		return err
	}
	if up.Status != 303 {
		return fmt.Errorf("upload: %d %.300s", up.Status, up.Body)
	}
	res.UploadMS = ms(t0)
	t1 := time.Now() // wall clock: times the preview
	pv, err := c.Get(up.Location)
	if err != nil || pv.Status != 200 {
		return fmt.Errorf("preview: %v %d", err, pv.Status)
	}
	res.PreviewMS = ms(t1)
	t2 := time.Now()            // wall clock: times the confirmation
	form := formValues(pv.Body) // the rows as the preview offers them (each kept, as read)
	form.Set("year", strconv.Itoa(year))
	form.Set("title", "План по итогам НОК (импорт)")
	done, err := c.Post(up.Location, form)
	if err != nil || done.Status != 303 {
		return fmt.Errorf("confirm: %v %d: %s", err, done.Status, strings.Join(summaryRe.FindAllString(done.Body, 20), "; "))
	}
	res.ConfirmMS = ms(t2)
	res.TotalMS = ms(t0)
	plan, err := c.Get(done.Location)
	if err != nil {
		return err
	}
	if m := flashCountRe.FindStringSubmatch(plan.Body); m != nil {
		res.Items, _ = strconv.Atoi(m[1])
	}
	return json.NewEncoder(os.Stdout).Encode(res)
}

var (
	inputRe = regexp.MustCompile(`<input\b[^>]*>`)
	attrRe  = regexp.MustCompile(`\b([a-z_-]+)(?:="([^"]*)")?`)
)

// formValues reads the inputs of a page's forms as a browser would send
// them: text and hidden fields with their values, ticked boxes only.
func formValues(body string) url.Values {
	v := url.Values{}
	for _, tag := range inputRe.FindAllString(body, -1) {
		attrs := map[string]string{}
		for _, m := range attrRe.FindAllStringSubmatch(strings.TrimPrefix(tag, "<input"), -1) {
			attrs[m[1]] = html.UnescapeString(m[2])
		}
		_, checked := attrs["checked"]
		if name := attrs["name"]; name != "" && name != "_csrf" && ((attrs["type"] != "checkbox" && attrs["type"] != "radio") || checked) {
			if _, ok := attrs["value"]; !ok && attrs["type"] == "checkbox" {
				attrs["value"] = "on"
			}
			v.Add(name, attrs["value"])
		}
	}
	return v
}
