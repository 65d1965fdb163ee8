package public

import (
	"encoding/json"
	"strconv"
	"strings"

	"github.com/gofiber/fiber/v2"

	"planboard/app/export"
	"planboard/app/internal/render"
	"planboard/domain"
)

// publicCSP is the site's policy with framing allowed from anywhere: the
// public report is meant to be embedded in the institution's own site.
var publicCSP = strings.Replace(render.ContentSecurityPolicy, "frame-ancestors 'none'", "frame-ancestors *", 1)

// allowFraming lets the /p/ routes, and only them, be shown in an iframe.
func allowFraming(c *fiber.Ctx) error {
	err := c.Next()
	c.Set("Content-Security-Policy", publicCSP)
	c.Response().Header.Del("X-Frame-Options")
	c.Response().Header.Del("Cross-Origin-Opener-Policy")
	return err
}

type publicPage struct {
	render.Page
	Report    domain.PublicReport
	VI        bool   // visually-impaired mode (ГОСТ Р 52872-2019)
	Toggle    string // link that switches the mode
	Self      string // the report's path without extension
	Columns   []string
	Numbers   []string
	Slug      string
	Years     []int
	Missing   bool // the asked year is not published
	AskedYear string
}

// VisuallyImpaired is the public layout's mode (render.Frame.VI).
func (p publicPage) VisuallyImpaired() bool { return p.VI }

// publicPageOf starts a public page: always Russian (the official form),
// whoever is logged in.
func (a *App) publicPageOf(c *fiber.Ctx, titleKey string) publicPage {
	p := render.Page{Locale: a.pages.Cat.In("ru")}
	p.Title = p.T(titleKey)
	pp := publicPage{Page: p, VI: c.Query("mode") == "vi", Columns: domain.OfficialColumns, Numbers: domain.OfficialColumnNumbers}
	return pp
}

// publicReport answers /p/{slug}/{year} and its exports
// (/p/{slug}/{year}.xlsx, .pdf, .csv, .json) from the newest published
// snapshot; never from live data. Unknown slug, year or an unpublished plan
// is a 404 page in Russian that links to the institution's published plans.
func (a *App) publicReport(c *fiber.Ctx) error {
	slug := c.Params("slug")
	yearText, _, _ := strings.Cut(c.Params("file"), ".")
	year, ext, ok := parseReportFile(c.Params("file"))
	if !ok {
		return a.publicMissing(c, slug, yearText)
	}
	id, err := a.store.PublicationID(c.UserContext(), slug, year)
	if domain.ErrorCode(err) == domain.ENotFound {
		return a.publicMissing(c, slug, yearText)
	}
	if err != nil {
		return err
	}
	// The snapshot is immutable: its answers are rendered once, and a
	// browser or proxy that has this one already gets 304.
	key := snapshotKey(id, ext, c.Query("mode") == "vi")
	c.Set(fiber.HeaderCacheControl, "public, max-age=300")
	c.Set(fiber.HeaderETag, `"`+key+`"`)
	if c.Get(fiber.HeaderIfNoneMatch) == `"`+key+`"` {
		return c.SendStatus(fiber.StatusNotModified)
	}
	if kept, ok := a.snapshots.get(key); ok {
		return kept.send(c)
	}
	if err := a.renderSnapshot(c, id, slug, year, ext); err != nil {
		return err
	}
	a.snapshots.keep(key, c)
	return nil
}

// renderSnapshot answers with the published snapshot id as the page or an export.
func (a *App) renderSnapshot(c *fiber.Ctx, id int64, slug string, year int, ext string) error {
	pub, err := a.store.Publication(c.UserContext(), id)
	if err != nil {
		return err
	}
	var r domain.PublicReport
	if err := json.Unmarshal(pub.Data, &r); err != nil {
		return err
	}
	if exp := export.Formats[ext]; exp != nil {
		return render.SendExport(c, exp, r, pub.Data)
	}
	p := a.publicPageOf(c, "public.title")
	p.Title = r.Title
	p.Report, p.Slug = r, slug
	p.Self = publicPath(slug, year)
	p.Toggle = p.Self
	if !p.VI {
		p.Toggle += "?mode=vi"
	}
	return a.renderPublic(c, fiber.StatusOK, "public", p)
}

// parseReportFile reads the {file} of /p/{slug}/{file}: a plan year from
// 2000 to 2100, optionally with the extension of a known export.
func parseReportFile(file string) (year int, ext string, ok bool) {
	yearText, ext, _ := strings.Cut(file, ".")
	year, err := strconv.Atoi(yearText)
	if _, known := export.Formats[ext]; err != nil || year < 2000 || year > 2100 || !known {
		return 0, "", false
	}
	return year, ext, true
}

// publicIndex lists an institution's published plans (/p/{slug}).
func (a *App) publicIndex(c *fiber.Ctx) error {
	return a.publicMissing(c, c.Params("slug"), "")
}

// publicMissing renders the institution's published plans, with a 404 when
// a year was asked for (or the institution is unknown or has none).
func (a *App) publicMissing(c *fiber.Ctx, slug, year string) error {
	p := a.publicPageOf(c, "public.missing.title")
	p.Slug, p.AskedYear, p.Missing = slug, year, year != ""
	status := fiber.StatusNotFound
	inst, err := a.store.InstitutionBySlug(c.UserContext(), slug)
	switch {
	case err == nil:
		p.Report.Institution = inst.Name
		if p.Years, err = a.store.PublishedYears(c.UserContext(), inst.ID); err != nil {
			return err
		}
		if year == "" && len(p.Years) > 0 {
			status = fiber.StatusOK
			p.Title = p.T("public.index.title")
		}
	case domain.ErrorCode(err) != domain.ENotFound:
		return err
	}
	return a.renderPublic(c, status, "publicindex", p)
}

// renderPublic renders a page inside the public layout (no internal
// navigation, embeddable).
func (a *App) renderPublic(c *fiber.Ctx, status int, name string, data any) error {
	return a.pages.Public(c, status, name, data)
}

// Day formats a YYYY-MM-DD snapshot date as the form prints it (DD.MM.YYYY).
func (p publicPage) Day(iso string) string { return export.RussianDate(iso) }
