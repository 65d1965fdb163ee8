package web

import (
	"fmt"

	"github.com/gofiber/fiber/v2"

	"planboard/app/export"
	"planboard/domain"
)

// sendFile answers with a download of the given type and file name.
func sendFile(c *fiber.Ctx, mime, name string, body []byte) error {
	c.Set(fiber.HeaderContentType, mime)
	c.Set(fiber.HeaderContentDisposition, fmt.Sprintf(`attachment; filename="%s"`, name))
	return c.Send(body)
}

// sendExport writes a report in a format and answers with it.
func sendExport(c *fiber.Ctx, w export.Writer, r domain.PublicReport, raw []byte) error {
	f, err := w(r, raw)
	if err != nil {
		return err
	}
	if !f.Inline {
		return sendFile(c, f.ContentType, f.Name, f.Body)
	}
	c.Set(fiber.HeaderContentType, f.ContentType)
	c.Set(fiber.HeaderContentDisposition, fmt.Sprintf(`inline; filename="%s"`, f.Name))
	return c.Send(f.Body)
}
