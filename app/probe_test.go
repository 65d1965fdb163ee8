package app_test

import (
	"context"
	"fmt"
	"html"
	"net/http"
	"net/url"
	"os"
	"regexp"
	"sort"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"
)

// The hostile-input probe: every route of the authorisation
// matrix (which fails when a route has no row, so a new route is probed
// too), every URL parameter and every field of every form the pages render
// gets hostile values, as the museum's director and as its staff member.
// Nothing may answer 5xx; ids that are not one's own answer 403/404;
// missing or wrong CSRF tokens answer 403; input comes back only
// HTML-escaped; and a rejected request leaves the database as it was.

// hostile are the values sent to form fields and query parameters.
var hostile = []string{
	"' OR '1'='1", `"; DROP TABLE items; --`, "1 /* */ UNION SELECT password_hash FROM users --", "a\x00b",
	"<script>alert(1)</script>", `"><img src=x onerror=alert(1)>`, "javascript:alert(1)",
	strings.Repeat("я", 100_000), "\xff\xfe\xc3\x28", "-1", "99999999999999999999", "NaN",
}

// invisibleChars are what the text rule (domain/text.go) keeps out of
// stored text: controls, line breaks, bidi overrides and isolates,
// zero-width characters. Multi-line fields may keep tab and newline.
var invisibleChars = []string{"\u202e", "\n", "\x1b", "\u2066", "\u200b", "\u0085", "\r\n", "\u2069", "\ufeff", "\t", "\u200f", "\u2028"}

// hostileIDs are the values put in place of URL parameters.
var hostileIDs = []string{"0", "-1", "99999999999999999999", "1'--", "abc", "<script>alert(1)</script>", "\x00", "\xff", "1.5", " 1"}

// queryNames are query parameters pages read (besides those of GET forms).
var queryNames = []string{"next", "status", "before", "year", "sort", "kind", "section", "assignee", "mode", "saved", "done", "invited", "resent", "assigned", "overdue", "week"}

// rawMarkup is what must never come back unescaped.
var rawMarkup = []string{"<script>alert(1)</script>", "<img src=x onerror=alert(1)>", `href="javascript:alert(1)"`, `src="javascript:alert(1)"`}

type probe struct {
	t        *testing.T
	m        *matrix
	tables   string // the checksum query
	sum      map[string]string
	seq      int
	requests int
	forms    map[string]url.Values // route key → fields with default values
	textarea map[string]bool       // route key + " " + field: a multi-line field
	choices  map[string]bool       // route key + " " + field: a closed choice (select, radio, checkbox, hidden, button)
	scan     string                // the query finding rows that hold a text
	foreign  map[string]string     // URL parameter → an id of the library's
	patterns []string              // registered routes, for mapping form actions
}

// probeShards is how many parts the routes are probed in. The probe
// compares a checksum of every table after each request, so one database
// takes one request at a time; each part has a database (and a matrix) of
// its own, and the parts run in parallel.
const probeShards = 4

func TestHostileInput(t *testing.T) {
	t.Parallel()
	cases := matrixCases()
	shards := probeShards
	if os.Getenv("PLANBOARD_PROBE_FULL") == "1" {
		// Every value everywhere accepts some writes that change which
		// items later rows pick; in one part the rows see each other's
		// changes in the order they always did.
		shards = 1
	}
	for shard := range shards {
		t.Run(fmt.Sprintf("part%d", shard+1), func(t *testing.T) {
			t.Parallel()
			m := newMatrix(t)
			p := &probe{t: t, m: m}
			p.prepare()
			if shard == 0 {
				checkCoverage(t, m, cases)
			}
			p.scrapeForms(cases)
			n := 0
			for i, tc := range cases {
				if i%shards == shard {
					p.probeRoute(tc)
					n++
				}
			}
			if shard == 0 {
				p.storedInputRendersEscaped()
			}
			t.Logf("probe: %d requests over %d routes", p.requests, n)
		})
	}
}

// prepare builds the checksum query over every tenant table and gives the
// library a comment, a link, an occurrence: foreign ids for the museum.
func (p *probe) prepare() {
	ctx := context.Background()
	db := p.m.e.store.DB()
	var tables []string
	err := db.NewRaw(`SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE'
		AND table_name NOT IN ('sessions', 'audit_log', 'mail_outbox', 'login_failures') ORDER BY 1`).Scan(ctx, &tables)
	if err != nil || len(tables) < 10 {
		p.t.Fatalf("tables: %v %v", tables, err)
	}
	var parts []string
	for _, tb := range tables {
		parts = append(parts, fmt.Sprintf(`SELECT '%s' AS t, md5(coalesce(string_agg(x::text, '|' ORDER BY x::text), '')) AS h FROM %q x`, tb, tb))
	}
	p.tables = strings.Join(parts, " UNION ALL ")
	// The text columns of every table (the audit log and the mail ledger
	// show text too); file bytes are left out, as hex they cost the most.
	var cols []struct{ Table, Cols string }
	if err := db.NewRaw(`SELECT c.table_name AS "table", string_agg(format('%I::text', c.column_name), ', ' ORDER BY c.ordinal_position) AS cols
		FROM information_schema.columns c JOIN information_schema.tables t USING (table_schema, table_name)
		WHERE c.table_schema = 'public' AND t.table_type = 'BASE TABLE' AND c.data_type IN ('text', 'character varying', 'jsonb', 'json', 'ARRAY')
		GROUP BY 1 ORDER BY 1`).Scan(ctx, &cols); err != nil || len(cols) < 10 {
		p.t.Fatalf("text columns: %v %v", cols, err)
	}
	parts = parts[:0]
	for _, tc := range cols {
		parts = append(parts, fmt.Sprintf(`SELECT v FROM (SELECT concat_ws('|', %s) AS v FROM %q) x WHERE strpos(v, ?0) > 0`, tc.Cols, tc.Table))
	}
	p.scan = strings.Join(parts, " UNION ALL ")
	p.sum = p.checksum()

	item := libraryItemOf(p.m)
	lib := p.m.library
	var comment, link, occ, report int64
	must := func(err error) {
		if err != nil {
			p.t.Fatal(err)
		}
	}
	must(db.NewRaw(`INSERT INTO item_comments (item_id, institution_id, body) VALUES (?, ?, 'чужой комментарий') RETURNING id`, item, lib).Scan(ctx, &comment))
	must(db.NewRaw(`INSERT INTO item_attachments (item_id, institution_id, kind, url) VALUES (?, ?, 'link', 'https://example.org/') RETURNING id`, item, lib).Scan(ctx, &link))
	must(db.NewRaw(`INSERT INTO item_occurrences (item_id, institution_id, due) VALUES (?, ?, ?::date) RETURNING id`, item, lib, demoYearS+"-12-31").Scan(ctx, &occ))
	must(db.NewRaw(`SELECT id FROM progress_reports WHERE institution_id = ? LIMIT 1`, lib).Scan(ctx, &report))
	p.foreign = map[string]string{
		"/plans/:id": fmt.Sprint(p.m.libraryPlan), "/items/:id": fmt.Sprint(item), "/institutions/:id": fmt.Sprint(lib),
		":pid": fmt.Sprint(libraryPointOf(p.m)), ":aid": fmt.Sprint(link), ":oid": fmt.Sprint(occ), ":rid": fmt.Sprint(report),
		":user": fmt.Sprint(p.m.libStaffID), ":cid": fmt.Sprint(comment), ":slug": "dom-kultury",
		"/invitations/:id": strings.Split(staff2Invitation("accept")(p.m), "/")[2], // staff2's: nobody else's to answer
	}
	p.sum = p.checksum()
	for _, r := range p.m.e.app.Fiber().GetRoutes(true) {
		p.patterns = append(p.patterns, r.Method+" "+r.Path)
	}
}

// checksum is an md5 per tenant table (sessions, audit, mail and login
// counters excepted: rejected logins are meant to be counted there).
func (p *probe) checksum() map[string]string {
	var rows []struct{ T, H string }
	if err := p.m.e.store.DB().NewRaw(p.tables).Scan(context.Background(), &rows); err != nil {
		p.t.Fatalf("checksum: %v", err)
	}
	out := map[string]string{}
	for _, r := range rows {
		out[r.T] = r.H
	}
	return out
}

// send makes one probe request and checks what every answer must satisfy.
func (p *probe) send(c *client, who, method, path string, form url.Values, what string) response {
	p.t.Helper()
	p.requests++
	var r response
	if method == http.MethodGet {
		r = c.get(path)
	} else {
		r = c.post(path, form)
	}
	label := fmt.Sprintf("%s %s as %s (%s)", method, short(path), who, short(what))
	if r.Status >= 500 {
		p.t.Errorf("%s: %d\n%.300s", label, r.Status, r.Body)
	}
	for _, raw := range rawMarkup { // in HTML; CSV, JSON and XLSX downloads are data
		if strings.Contains(r.Body, raw) && strings.HasPrefix(r.Header.Get("Content-Type"), "text/html") {
			p.t.Errorf("%s: answer contains unescaped %q", label, raw)
		}
	}
	if r.Status == http.StatusUnprocessableEntity && !saysWhatIsWrong(r.Body) && !(p.closedChoice(method, path, what) && strings.Contains(r.Body, generalInvalid)) {
		p.t.Errorf("%s: 422 without a message saying what is wrong\n%.300s", label, r.Body)
	}
	now := p.checksum()
	if r.Status >= 400 {
		for tb, h := range now {
			if p.sum[tb] != h {
				p.t.Errorf("%s: refused with %d but table %s changed", label, r.Status, tb)
			}
		}
	}
	p.sum = now
	return r
}

// saysWhatIsWrong: a refused input (422) answers with the form's error
// summary or a message next to the field, or, for text that no form may
// carry (a NUL byte, invalid UTF-8), the page naming that problem. A bare
// heading is not a message: nearly every page has one.
func saysWhatIsWrong(body string) bool {
	return strings.Contains(body, `class="error-summary"`) && strings.Contains(body, `role="alert"`) ||
		strings.Contains(body, `class="field-error"`) ||
		strings.Contains(body, "В тексте есть нулевой байт или знаки не в кодировке UTF-8")
}

// generalInvalid is the general "check the data" page's message: enough for
// a value no page offers in a closed choice (a select, a radio button, a
// checkbox, a hidden field or a button's value, such as the language
// switcher or a member's new role), which only a hand-made request sends; there is no typed text
// to keep.
const generalInvalid = "Некоторые поля заполнены неверно."

// closedChoice reports whether the probe's field (what: "field=value") is a
// closed choice in the forms scraped for the request's route.
func (p *probe) closedChoice(method, path, what string) bool {
	field, _, _ := strings.Cut(what, "=")
	action, _, _ := strings.Cut(path, "?")
	return p.choices[p.routeOf(method, action)+" "+field]
}

// path is the row's URL; rows that create a victim, a password link or a
// held НОК upload for each request change the database first, so the
// baseline is taken after.
func (p *probe) path(tc matrixCase) string {
	path := tc.path(p.m)
	if strings.Contains(tc.route, ":user") || strings.Contains(tc.route, ":token") || strings.HasPrefix(tc.route, "/founder/assessments/uploads/") || strings.HasPrefix(tc.route, "/invitations/") {
		p.sum = p.checksum()
	}
	return path
}

func short(s string) string {
	if len(s) > 80 {
		return fmt.Sprintf("%s…(%d bytes)", s[:60], len(s))
	}
	return s
}

// pick returns n values of list, rotating so every value is used across
// calls; PLANBOARD_PROBE_FULL=1 sends every value everywhere (slow).
func (p *probe) pick(list []string, n int) []string {
	if os.Getenv("PLANBOARD_PROBE_FULL") == "1" {
		return list
	}
	out := make([]string, n)
	for i := range out {
		out[i] = list[p.seq%len(list)]
		p.seq++
	}
	return out
}

// probeRoute sends every kind of hostile request to one matrix row.
func (p *probe) probeRoute(tc matrixCase) {
	if tc.route == "/logout" || tc.route == "/login" || strings.HasPrefix(tc.route, "/password/") {
		p.probeAnonymous(tc) // their success would end the probe's session
		return
	}
	for _, w := range []who{director, staff} {
		c := p.m.clients[w]
		base := p.baseForm(tc)
		if tc.method == http.MethodPost && !tokenIsCredential[tc.route] {
			p.probeCSRF(c, string(w), tc, base)
		}
		p.probeParams(c, string(w), tc, base)
		p.probeFields(c, string(w), tc, base)
	}
	if tc.method == http.MethodPost { // the admin's forms are only reached by the admin
		w := director
		if strings.HasPrefix(tc.route, "/admin/") {
			w = admin
		}
		p.probeInvisible(p.m.clients[w], string(w), tc, p.baseForm(tc))
	}
}

func (p *probe) probeAnonymous(tc matrixCase) {
	c := p.m.e.client()
	c.get("/login")
	base := p.baseForm(tc)
	if tc.method == http.MethodPost && !tokenIsCredential[tc.route] {
		p.probeCSRF(c, "anonymous", tc, base)
	}
	p.probeParams(c, "anonymous", tc, base)
	p.probeFields(c, "anonymous", tc, base)
	if tc.method == http.MethodPost && tc.route != "/logout" {
		p.probeInvisible(c, "anonymous", tc, base)
	}
	if tc.route == "/logout" { // the signed-in people's token checks, without logging them out
		for _, w := range []who{director, staff} {
			p.probeCSRF(p.m.clients[w], string(w), tc, url.Values{})
		}
	}
}

// tokenIsCredential lists the routes whose signed URL token is the
// credential, posted by mail clients without a session (RFC 8058): they
// take no CSRF token; a forged token answers 404 (the matrix checks it).
var tokenIsCredential = map[string]bool{"/unsubscribe/:token": true,
	// The visitors' questionnaire is anonymous: a signed one-time form token
	// (not the session's CSRF token) stops replays, and it is posted from
	// the institution's own site in its frame (docs/survey.md).
	"/q/:slug": true, "/q/:slug/embed": true}

// publicSlug reports whether a route's :slug names a page that anybody may
// open for any institution (the questionnaire), so another institution's
// slug is no foreign id there.
func publicSlug(route string) bool { return strings.HasPrefix(route, "/q/") }

// probeCSRF: no token and a wrong token are refused with 403, nothing
// changed; so are the right token in the query string instead of the body,
// and the right token sent from another site (Origin, Sec-Fetch-Site).
func (p *probe) probeCSRF(c *client, who string, tc matrixCase, base url.Values) {
	for _, tok := range []string{"", "wrong-" + c.CSRF} {
		f := clone(base)
		f.Set("_csrf", tok)
		r := p.send(c, who, tc.method, p.path(tc), f, "csrf "+tok)
		if r.Status != http.StatusForbidden {
			p.t.Errorf("%s %s as %s with _csrf=%q: %d, want 403", tc.method, tc.route, who, tok, r.Status)
		}
	}
	f := clone(base)
	f.Set("_csrf", "")
	path := p.path(tc)
	sep := "?"
	if strings.Contains(path, "?") {
		sep = "&"
	}
	if r := p.send(c, who, tc.method, path+sep+"_csrf="+url.QueryEscape(c.CSRF), f, "csrf in the query"); r.Status != http.StatusForbidden {
		p.t.Errorf("%s %s as %s with the token in the query string: %d, want 403", tc.method, tc.route, who, r.Status)
	}
	for _, h := range []map[string]string{{"Origin": "https://evil.example"}, {"Sec-Fetch-Site": "cross-site"}} {
		c.Headers = h
		r := p.send(c, who, tc.method, p.path(tc), clone(base), fmt.Sprint("cross-site ", h))
		c.Headers = nil
		if r.Status != http.StatusForbidden {
			p.t.Errorf("%s %s as %s with the right token and %v: %d, want 403", tc.method, tc.route, who, h, r.Status)
		}
	}
}

// probeParams replaces each URL parameter with hostile values and with the
// library's id of the same kind: 403/404/410 (or 404 for public pages).
func (p *probe) probeParams(c *client, who string, tc matrixCase, base url.Values) {
	pat := strings.Split(tc.route, "/")
	for i, seg := range pat {
		if !strings.HasPrefix(seg, ":") {
			continue
		}
		vals := p.pick(hostileIDs, 3)
		foreign := p.foreign[seg]
		if seg == ":id" {
			foreign = p.foreign["/"+pat[1]+"/:id"]
		}
		if seg == ":slug" && publicSlug(tc.route) {
			foreign = ""
		}
		if foreign != "" {
			vals = append(vals, foreign)
		}
		for _, v := range vals {
			segs := strings.Split(p.path(tc), "/")
			if len(segs) != len(pat) {
				p.t.Fatalf("%s: path %v does not match the route", tc.route, segs)
			}
			segs[i] = url.PathEscape(v)
			if seg == ":file" {
				segs[i] = url.PathEscape(v) + ".csv"
			}
			r := p.send(c, who, tc.method, strings.Join(segs, "/"), clone(base), seg+"="+v)
			switch {
			case r.Status == http.StatusForbidden || r.Status == http.StatusNotFound || r.Status == http.StatusGone:
			case r.Status == http.StatusSeeOther && who == "anonymous":
			default:
				p.t.Errorf("%s %s as %s with %s=%q: %d, want 403/404", tc.method, tc.route, who, seg, short(v), r.Status)
			}
		}
	}
}

// probeFields sends hostile values to each field of the route's forms
// (POST) or to its query parameters (GET), the other fields as the page
// filled them in.
func (p *probe) probeFields(c *client, who string, tc matrixCase, base url.Values) {
	if tc.method == http.MethodGet {
		names := p.pick(queryNames, 2)
		for k := range p.forms[tc.method+" "+tc.route] {
			names = append(names, k)
		}
		for _, k := range names {
			path := p.path(tc)
			v := p.pick(hostile, 1)[0]
			if len(v) > 1000 { // a whole URL over 4 KB is refused by the HTTP server itself (431)
				v = v[:1000]
			}
			q := url.Values{k: {v}}
			p.send(c, who, tc.method, path+"?"+q.Encode(), nil, k)
		}
		return
	}
	var names []string
	for k := range base {
		if k != "_csrf" {
			names = append(names, k)
		}
	}
	sort.Strings(names)
	for _, k := range names {
		for _, v := range p.pick(hostile, 2) {
			f := clone(base)
			f.Set(k, v)
			r := p.send(c, who, tc.method, p.path(tc), f, k+"="+v)
			if (strings.ContainsRune(v, 0) || !utf8.ValidString(v)) && r.Status != http.StatusUnprocessableEntity {
				p.t.Errorf("%s %s as %s with %s=%q: %d, want 422 (text that cannot be stored)", tc.method, tc.route, who, k, v, r.Status)
			}
		}
	}
}

// secretFields are hashed, never shown: the text rule does not apply.
var secretFields = map[string]bool{"password": true, "confirm": true, "current": true, "username": true}

// probeInvisible sends each field of a write route a value with an
// invisible character (rotating over invisibleChars; multi-line fields get
// those they may not keep). The text rule must refuse it (a 4xx, nothing
// stored: send checks the tables) or store it without the character: where
// the value's marker appears in any table, the character is gone (a line
// break may have become a space).
func (p *probe) probeInvisible(c *client, who string, tc matrixCase, base url.Values) {
	var names []string
	for k := range base {
		if k != "_csrf" && !secretFields[k] {
			names = append(names, k)
		}
	}
	sort.Strings(names)
	key := tc.method + " " + tc.route
	for _, k := range names {
		ch := p.pick(invisibleChars, 1)[0]
		for p.textarea[key+" "+k] && (ch == "\n" || ch == "\t" || ch == "\r\n") {
			ch = p.pick(invisibleChars, 1)[0]
		}
		p.seq++
		marker := fmt.Sprintf("pb%d_", p.seq)
		f := clone(base)
		f.Set(k, marker+ch+"z")
		r := p.send(c, who, tc.method, p.path(tc), f, fmt.Sprintf("%s=%q", k, ch))
		var rows []string
		if err := p.m.e.store.DB().NewRaw(p.scan, marker).Scan(context.Background(), &rows); err != nil {
			p.t.Fatalf("scan: %v", err)
		}
		for _, row := range rows {
			for rest := row; strings.Contains(rest, marker); {
				_, rest, _ = strings.Cut(rest, marker)
				if !strings.HasPrefix(rest, "z") && !strings.HasPrefix(rest, " z") {
					p.t.Errorf("%s %s as %s: field %s accepted %q (%d) and stored it: …%s%.20q", tc.method, tc.route, who, k, ch, r.Status, marker, rest)
					break
				}
			}
		}
	}
}

// baseForm is what the page's own form would send, with the matrix row's
// values on top.
func (p *probe) baseForm(tc matrixCase) url.Values {
	f := clone(p.forms[tc.method+" "+tc.route])
	if tc.form != nil {
		for k, v := range tc.form(p.m) {
			f[k] = v
		}
	}
	return f
}

func clone(v url.Values) url.Values {
	out := url.Values{}
	for k, vs := range v {
		out[k] = append([]string(nil), vs...)
	}
	return out
}

var (
	formRe     = regexp.MustCompile(`(?s)<form\b([^>]*)>(.*?)</form>`)
	attrRe     = regexp.MustCompile(`([a-z-]+)="([^"]*)"`)
	inputRe    = regexp.MustCompile(`<(?:input|button)\b[^>]*>`)
	textareaRe = regexp.MustCompile(`(?s)<textarea\b([^>]*)>(.*?)</textarea>`)
	selectRe   = regexp.MustCompile(`(?s)<select\b([^>]*)>(.*?)</select>`)
	optionRe   = regexp.MustCompile(`<option\b([^>]*)>`)
)

func attrs(tag string) map[string]string {
	out := map[string]string{}
	for _, m := range attrRe.FindAllStringSubmatch(tag, -1) {
		out[m[1]] = html.UnescapeString(m[2])
	}
	return out
}

// scrapeForms reads every form on every page the matrix visits (as the
// admin, the museum's director and the founder), so a new form field is
// probed without listing it here.
func (p *probe) scrapeForms(cases []matrixCase) {
	p.forms = map[string]url.Values{}
	for _, w := range []who{director, admin, founder} {
		c := p.m.clients[w]
		for _, tc := range cases {
			if tc.method != http.MethodGet || strings.HasPrefix(tc.route, "/password/") || strings.HasPrefix(tc.route, "/login") {
				continue
			}
			r := c.get(p.path(tc))
			for _, fm := range formRe.FindAllStringSubmatch(r.Body, -1) {
				p.addForm(attrs(fm[1]), fm[2])
			}
		}
	}
}

func (p *probe) addForm(fa map[string]string, body string) {
	method := strings.ToUpper(fa["method"])
	if method == "" {
		method = http.MethodGet
	}
	action, _, _ := strings.Cut(fa["action"], "?")
	key := p.routeOf(method, action)
	if key == "" {
		return
	}
	f := p.forms[key]
	if f == nil {
		f = url.Values{}
		p.forms[key] = f
	}
	set := func(name, value string) {
		if name != "" && name != "_csrf" && f.Get(name) == "" {
			f.Set(name, value)
		}
	}
	if p.choices == nil {
		p.choices = map[string]bool{}
	}
	for _, tag := range inputRe.FindAllString(body, -1) {
		a := attrs(tag)
		if a["type"] == "file" {
			continue
		}
		if a["type"] == "radio" || a["type"] == "checkbox" || a["type"] == "hidden" || strings.HasPrefix(tag, "<button") {
			p.choices[key+" "+a["name"]] = true
		}
		set(a["name"], a["value"])
	}
	for _, m := range textareaRe.FindAllStringSubmatch(body, -1) {
		name := attrs(m[1])["name"]
		set(name, html.UnescapeString(m[2]))
		if p.textarea == nil {
			p.textarea = map[string]bool{}
		}
		p.textarea[key+" "+name] = true
	}
	for _, m := range selectRe.FindAllStringSubmatch(body, -1) {
		value := ""
		for i, o := range optionRe.FindAllStringSubmatch(m[2], -1) {
			if oa := attrs(o[1]); i == 0 || strings.Contains(o[1], "selected") {
				value = oa["value"]
			}
		}
		set(attrs(m[1])["name"], value)
		p.choices[key+" "+attrs(m[1])["name"]] = true
	}
}

// routeOf maps a concrete path to its registered route ("" for none),
// preferring static segments ("/plans/new" over "/plans/:id").
func (p *probe) routeOf(method, path string) string {
	segs := strings.Split(path, "/")
	best, bestParams := "", 0
	for _, key := range p.patterns {
		m, route, _ := strings.Cut(key, " ")
		ps := strings.Split(route, "/")
		if m != method || len(ps) != len(segs) {
			continue
		}
		ok := true
		for i := range ps {
			if !strings.HasPrefix(ps[i], ":") && ps[i] != segs[i] {
				ok = false
				break
			}
		}
		if n := strings.Count(route, ":"); ok && (best == "" || n < bestParams) {
			best, bestParams = key, n
		}
	}
	return best
}

// xss is stored through forms that accept it; every page must show it escaped.
const xss = `<script>alert(1)</script>"><img src=x onerror=alert(1)>`

var escapedXSS = html.EscapeString("<script>alert(1)</script>")

// formOn loads page and returns the values of its form posting to action.
func (p *probe) formOn(c *client, page, action string) url.Values {
	p.t.Helper()
	r := c.get(page)
	for _, fm := range formRe.FindAllStringSubmatch(r.Body, -1) {
		if attrs(fm[1])["action"] == action {
			saved := p.forms
			p.forms = map[string]url.Values{}
			p.addForm(attrs(fm[1]), fm[2])
			var out url.Values
			for _, v := range p.forms {
				out = v
			}
			p.forms = saved
			return out
		}
	}
	p.t.Fatalf("%s has no form posting to %s", page, action)
	return nil
}

// storedInputRendersEscaped stores script-like text where it is accepted
// (comment, item fields, checklist, profile) and reads every page, mail and
// export that shows it.
func (p *probe) storedInputRendersEscaped() {
	dir := p.m.clients[director]
	item := museumItemOf(p.m)
	itemPage := fmt.Sprintf("/items/%d", item)
	mustSee := func(r response, what string, code int) {
		p.t.Helper()
		if r.Status != code {
			p.t.Fatalf("%s: %d, want %d\n%.500s", what, r.Status, code, r.Body)
		}
	}
	mustSee(p.send(dir, "director", http.MethodPost, itemPage+"/comments", url.Values{"body": {xss}}, "stored comment"), "comment", http.StatusSeeOther)
	f := p.formOn(dir, itemPage+"/edit", itemPage+"/edit")
	f.Set("measure", "=HYPERLINK(\"http://evil.example/\") "+xss)
	f.Set("deficiency", xss)
	f.Set("checklist", xss)
	f.Set("deadline", p.m.e.today().AddDays(1).String()) // tomorrow: the assignee gets a reminder mail
	f.Set("deadline_kind", "date")                       // the form's kind choice (docs/ux.md §10)
	f.Set("deadline_reason", xss)
	f.Set("_csrf", dir.CSRF)
	mustSee(p.send(dir, "director", http.MethodPost, itemPage+"/edit", f, "stored item"), "item edit", http.StatusSeeOther)
	mustSee(p.send(dir, "director", http.MethodPost, "/profile", url.Values{"full_name": {xss}, "position": {xss}, "locale": {"ru"}}, "stored profile"), "profile", http.StatusSeeOther)

	plan := p.m.museumPlan
	for _, page := range []string{itemPage, fmt.Sprintf("/plans/%d", plan), fmt.Sprintf("/plans/%d/board", plan), fmt.Sprintf("/plans/%d/approval", plan),
		"/my", "/", "/profile", fmt.Sprintf("/institutions/%d/members", p.m.museum)} {
		for _, w := range []who{director, staff} {
			if strings.Contains(page, "/members") && w == staff {
				continue // the staff list is the director's
			}
			r := p.send(p.m.clients[w], string(w), http.MethodGet, page, nil, "stored input")
			mustSee(r, page, http.StatusOK)
			if page == itemPage && strings.Count(r.Body, escapedXSS) < 3 { // comment, deficiency/measure, checklist point
				p.t.Errorf("%s as %s shows the stored text %d times escaped, want at least 3", page, w, strings.Count(r.Body, escapedXSS))
			}
		}
	}
	if _, err := p.m.e.mailer("", p.m.e.clock).Plan(context.Background(), testNow); err != nil {
		p.t.Fatal(err)
	}
	var htmlMails []string
	if err := p.m.e.store.DB().NewRaw(`SELECT body_html FROM mail_outbox`).Scan(context.Background(), &htmlMails); err != nil {
		p.t.Fatal(err)
	}
	if !strings.Contains(strings.Join(htmlMails, "\n"), escapedXSS) {
		p.t.Errorf("no mail shows the stored measure (escaped) among %d mails", len(htmlMails))
	}
	for _, h := range htmlMails {
		for _, raw := range rawMarkup {
			if strings.Contains(h, raw) {
				p.t.Errorf("a mail's HTML part contains unescaped %q", raw)
			}
		}
	}
	p.publishedReportEscapes()
}

// publishedReportEscapes: the library's director stores a formula-like,
// script-like measure and republishes; the public page escapes it, the CSV
// cell is neutralised with an apostrophe, the XLSX cell is text.
func (p *probe) publishedReportEscapes() {
	dir2 := p.m.clients[director2]
	item := libraryItemOf(p.m)
	itemPage := fmt.Sprintf("/items/%d", item)
	measure := "=cmd|' /C calc'!A0 " + xss
	f := p.formOn(dir2, itemPage+"/edit", itemPage+"/edit")
	f.Set("measure", measure)
	f.Set("_csrf", dir2.CSRF)
	if r := p.send(dir2, "director2", http.MethodPost, itemPage+"/edit", f, "stored library item"); r.Status != http.StatusSeeOther {
		p.t.Fatalf("library item edit: %d\n%.500s", r.Status, r.Body)
	}
	dir2.get(fmt.Sprintf("/plans/%d/approval", p.m.libraryPlan))
	if r := p.send(dir2, "director2", http.MethodPost, fmt.Sprintf("/plans/%d/publish", p.m.libraryPlan), nil, "republish"); r.Status != http.StatusSeeOther {
		p.t.Fatalf("publish: %d\n%.500s", r.Status, r.Body)
	}
	anon := p.m.e.client()
	base := publicURL(library)
	if r := p.send(anon, "anonymous", http.MethodGet, base, nil, "public report"); r.Status != http.StatusOK || !strings.Contains(r.Body, escapedXSS) {
		p.t.Errorf("public report: %d, escaped measure shown: %v", r.Status, strings.Contains(r.Body, escapedXSS))
	}
	csvBody := p.send(anon, "anonymous", http.MethodGet, base+".csv", nil, "public csv").Body
	if !strings.Contains(csvBody, `"'=cmd|' /C calc'!A0`) {
		p.t.Errorf("CSV does not neutralise the formula-like measure:\n%.2000s", csvBody)
	}
	checkXLSXText(p.t, p.send(anon, "anonymous", http.MethodGet, base+".xlsx", nil, "public xlsx").Body, measure)
}

// checkXLSXText finds the cell holding text and asserts it is a string
// cell, not a formula.
func checkXLSXText(t *testing.T, body, text string) {
	t.Helper()
	f, err := excelize.OpenReader(strings.NewReader(body))
	if err != nil {
		t.Fatalf("xlsx: %v", err)
	}
	defer f.Close()
	sh := f.GetSheetName(0)
	rows, err := f.GetRows(sh)
	if err != nil {
		t.Fatal(err)
	}
	for r, row := range rows {
		for c, v := range row {
			if v != text {
				continue
			}
			cell, _ := excelize.CoordinatesToCellName(c+1, r+1)
			formula, _ := f.GetCellFormula(sh, cell)
			typ, _ := f.GetCellType(sh, cell)
			if formula != "" || (typ != excelize.CellTypeSharedString && typ != excelize.CellTypeInlineString) {
				t.Errorf("xlsx cell %s holding %q: type %v, formula %q; want a text cell", cell, short(text), typ, formula)
			}
			return
		}
	}
	t.Errorf("xlsx has no cell %q", short(text))
}
