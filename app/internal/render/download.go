package render

import (
	"fmt"

	"github.com/gofiber/fiber/v2"

	"planboard/app/export"
	"planboard/domain"
)

// SendFile answers with a download of the given type and file name.
func SendFile(c *fiber.Ctx, mime, name string, body []byte) error {
	c.Set(fiber.HeaderContentType, mime)
	c.Set(fiber.HeaderContentDisposition, fmt.Sprintf(`attachment; filename="%s"`, name))
	return c.Send(body)
}

// SendExport writes a report in a format and answers with it.
func SendExport(c *fiber.Ctx, w export.Writer, r domain.PublicReport, raw []byte) error {
	f, err := w(r, raw)
	if err != nil {
		return err
	}
	if !f.Inline {
		return SendFile(c, f.ContentType, f.Name, f.Body)
	}
	c.Set(fiber.HeaderContentType, f.ContentType)
	c.Set(fiber.HeaderContentDisposition, fmt.Sprintf(`inline; filename="%s"`, f.Name))
	return c.Send(f.Body)
}
