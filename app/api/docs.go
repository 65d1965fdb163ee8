package api

import (
	"bytes"
	"html/template"
	"sort"
	"strings"

	"github.com/danielgtaylor/huma/v2"
	"github.com/gofiber/fiber/v2"
)

// docsPage is the readable reference, rendered on the server from the
// OpenAPI document: no script and no CDN, so the pages' Content-Security-
// Policy (default-src 'self') holds and it reads without JavaScript.
var docsPage = template.Must(template.New("docs").Parse(`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{.Title}}</title><link rel="stylesheet" href="/static/app.css"></head>
<body><main id="main" class="api-docs">
<h1>{{.Title}}</h1>
<p>{{.Description}}</p>
<p>Base URL: <code>{{.Base}}</code>. The machine-readable document: <a href="{{.Base}}/openapi.json">openapi.json</a> (OpenAPI 3.1).
Errors are <code>application/problem+json</code> (RFC 9457). Lists answer <code>{"data": [...], "next": "…"}</code>; pass <code>next</code> as <code>?cursor=</code>.</p>
<nav aria-label="Operations"><ul>{{range .Ops}}<li><a href="#{{.ID}}"><code>{{.Method}} {{.Path}}</code></a> — {{.Summary}}</li>{{end}}</ul></nav>
{{range .Ops}}<section id="{{.ID}}" aria-labelledby="{{.ID}}-h">
<h2 id="{{.ID}}-h"><code>{{.Method}} {{$.Base}}{{.Path}}</code></h2>
<p>{{.Summary}}</p>
{{if .Params}}<h3>Parameters</h3><ul>{{range .Params}}<li><code>{{.Name}}</code> ({{.In}}{{if .Required}}, required{{end}}){{if .Description}}: {{.Description}}{{end}}</li>{{end}}</ul>{{end}}
{{if .Body}}<h3>Request body</h3><p>{{range .Body}}<code>{{.}}</code> {{end}}</p>{{end}}
<h3>Answers</h3><ul>{{range .Responses}}<li><code>{{.}}</code></li>{{end}}</ul>
</section>{{end}}
<h2 id="schemas">Schemas</h2>
{{range .Schemas}}<section id="schema-{{.Name}}" aria-labelledby="schema-{{.Name}}-h"><h3 id="schema-{{.Name}}-h">{{.Name}}</h3>
<ul>{{range .Props}}<li><code>{{.Name}}</code> <em>{{.Type}}</em>{{if .Doc}}: {{.Doc}}{{end}}</li>{{end}}</ul></section>{{end}}
</main></body></html>`))

type docsOp struct {
	ID, Method, Path, Summary string
	Params                    []*huma.Param
	Body, Responses           []string
}

type docsProp struct{ Name, Type, Doc string }

type docsSchema struct {
	Name  string
	Props []docsProp
}

// docs renders the reference page.
func (a *API) docs(c *fiber.Ctx) error {
	o := a.OpenAPI()
	data := struct {
		Title, Description, Base string
		Ops                      []docsOp
		Schemas                  []docsSchema
	}{Title: o.Info.Title, Description: o.Info.Description, Base: Prefix}
	for _, r := range a.routes {
		op := operationOf(o, r)
		if op == nil {
			continue
		}
		d := docsOp{ID: op.OperationID, Method: r.Method, Path: strings.TrimPrefix(r.Path, Prefix), Summary: op.Summary, Params: op.Parameters}
		if op.RequestBody != nil {
			for ct, mt := range op.RequestBody.Content {
				d.Body = append(d.Body, ct+" "+schemaName(mt.Schema))
			}
			sort.Strings(d.Body)
		}
		for st, resp := range op.Responses {
			line := st + " " + resp.Description
			for ct, mt := range resp.Content {
				line += " — " + ct + " " + schemaName(mt.Schema)
			}
			d.Responses = append(d.Responses, line)
		}
		sort.Strings(d.Responses)
		data.Ops = append(data.Ops, d)
	}
	for name, s := range o.Components.Schemas.Map() {
		ds := docsSchema{Name: name}
		for p, ps := range s.Properties {
			ds.Props = append(ds.Props, docsProp{Name: p, Type: typeName(ps), Doc: ps.Description})
		}
		sort.Slice(ds.Props, func(i, j int) bool { return ds.Props[i].Name < ds.Props[j].Name })
		data.Schemas = append(data.Schemas, ds)
	}
	sort.Slice(data.Schemas, func(i, j int) bool { return data.Schemas[i].Name < data.Schemas[j].Name })
	var buf bytes.Buffer
	if err := docsPage.Execute(&buf, data); err != nil {
		return err
	}
	c.Set(fiber.HeaderContentType, fiber.MIMETextHTMLCharsetUTF8)
	c.Set(fiber.HeaderCacheControl, "public, max-age=300")
	return c.Send(buf.Bytes())
}

func schemaName(s *huma.Schema) string {
	if s == nil {
		return ""
	}
	if s.Ref != "" {
		return s.Ref[strings.LastIndex(s.Ref, "/")+1:]
	}
	return typeName(s)
}

func typeName(s *huma.Schema) string {
	switch {
	case s.Ref != "":
		return schemaName(s)
	case s.Type == "array" && s.Items != nil:
		return "array of " + typeName(s.Items)
	case s.Type != "":
		return s.Type
	}
	return "object"
}

// operationOf finds a route's operation in the document (nil when absent).
func operationOf(o *huma.OpenAPI, r Route) *huma.Operation {
	pi := o.Paths[strings.TrimPrefix(r.Path, Prefix)]
	if pi == nil {
		return nil
	}
	switch r.Method {
	case "GET":
		return pi.Get
	case "POST":
		return pi.Post
	case "PATCH":
		return pi.Patch
	case "PUT":
		return pi.Put
	case "DELETE":
		return pi.Delete
	}
	return nil
}
