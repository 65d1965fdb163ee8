package public

import (
	"net/url"
	"strings"

	"github.com/gofiber/fiber/v2"

	"planboard/app/export"
	"planboard/app/internal/render"
	"planboard/domain"
)

// The questionnaire at the exit: an A4 poster with its QR code, and the
// code alone as PNG and SVG for the institution's own print and site.

// surveyURL is the questionnaire's full address (the public base URL when
// configured, else the request's) and the same without the scheme.
func (a *App) surveyURL(c *fiber.Ctx, slug string) (full, short string) {
	base := strings.TrimRight(a.cfg.BaseURL, "/")
	if base == "" {
		base = c.BaseURL()
	}
	full = base + "/q/" + url.PathEscape(slug)
	short = strings.TrimPrefix(strings.TrimPrefix(full, "https://"), "http://")
	return full, short
}

// surveyInstitution is the institution of the slug, or the 404 page.
func (a *App) surveyInstitution(c *fiber.Ctx) (domain.Institution, error) {
	st, err := a.svc.StartSurvey(c.UserContext(), c.Params("slug"))
	if domain.ErrorCode(err) == domain.ENotFound {
		return domain.Institution{}, a.surveyMissing(c, a.surveyPageOf(c, false))
	}
	return st.Institution, err
}

// surveyPoster answers /q/{slug}/poster.pdf.
func (a *App) surveyPoster(c *fiber.Ctx) error {
	inst, err := a.surveyInstitution(c)
	if err != nil || inst.ID == 0 {
		return err
	}
	p := a.surveyPageOf(c, false)
	full, short := a.surveyURL(c, inst.Slug)
	pdf, err := export.Poster(inst.Name, p.T("survey.poster.invitation"), p.T("survey.poster.hint"), full, short)
	if err != nil {
		return err
	}
	return render.SendFile(c, "application/pdf", "anketa-"+inst.Slug+".pdf", pdf)
}

// surveyQR answers /q/{slug}/qr.png and /q/{slug}/qr.svg.
func (a *App) surveyQR(ext string) fiber.Handler {
	return func(c *fiber.Ctx) error { return a.sendSurveyQR(c, ext) }
}

func (a *App) sendSurveyQR(c *fiber.Ctx, ext string) error {
	inst, err := a.surveyInstitution(c)
	if err != nil || inst.ID == 0 {
		return err
	}
	full, _ := a.surveyURL(c, inst.Slug)
	if ext == "png" {
		png, err := export.QRPNG(full, 512)
		if err != nil {
			return err
		}
		return render.SendFile(c, "image/png", "qr-"+inst.Slug+".png", png)
	}
	p := a.surveyPageOf(c, false)
	svg, err := export.QRSVG(full, p.T("survey.qr_title", inst.Name))
	if err != nil {
		return err
	}
	return render.SendFile(c, "image/svg+xml", "qr-"+inst.Slug+".svg", svg)
}
