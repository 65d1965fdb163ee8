package web

import (
	"fmt"
	"io"
	"net/http"
	"net/url"
	"path/filepath"
	"strings"

	"github.com/gofiber/fiber/v2"

	"planboard/domain"
)

// allowedTypes are the evidence types accepted, as sniffed from the content:
// photos, PDF and office documents (which sniff as zip or OLE containers).
var allowedTypes = map[string]bool{
	"image/jpeg": true, "image/png": true, "image/gif": true, "image/webp": true,
	"application/pdf": true, "application/zip": true, "application/x-zip-compressed": true,
	"application/vnd.ms-office": true, "text/plain; charset=utf-8": true,
}

// officeExt are the document extensions allowed when the content sniffs as a
// zip (docx, xlsx, pptx, odt…) or an OLE container (doc, xls).
var officeExt = map[string]bool{".docx": true, ".xlsx": true, ".pptx": true, ".odt": true, ".ods": true,
	".doc": true, ".xls": true, ".ppt": true, ".txt": true}

// typeExt is the extension a stored file of a sniffed type gets; the
// office types (stored as application/octet-stream) keep their own, which
// sniffType has checked against officeExt.
var typeExt = map[string]string{"image/jpeg": ".jpg", "image/png": ".png", "image/gif": ".gif", "image/webp": ".webp",
	"application/pdf": ".pdf"}

// sniffType decides the stored type of an upload from its bytes (never from
// what the browser claims); "" means refused.
func sniffType(name string, data []byte) string {
	ct := http.DetectContentType(data)
	if len(data) >= 8 && string(data[:8]) == "\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" {
		ct = "application/vnd.ms-office"
	}
	if !allowedTypes[ct] {
		return ""
	}
	ext := strings.ToLower(filepath.Ext(name))
	switch ct {
	case "application/zip", "application/x-zip-compressed", "application/vnd.ms-office", "text/plain; charset=utf-8":
		if !officeExt[ext] {
			return ""
		}
		return "application/octet-stream"
	}
	return ct
}

// readEvidence reads the optional file ("evidence") and link ("link") of a
// form, checking size, sniffed type and URL scheme before anything is saved.
func (a *App) readEvidence(c *fiber.Ctx) ([]domain.Attachment, error) {
	var out []domain.Attachment
	file, err := a.readEvidenceFile(c)
	if err != nil {
		return nil, err
	}
	if file != nil {
		out = append(out, *file)
	}
	if link := formText(c, "link"); link != "" {
		u, err := url.Parse(link)
		if !domain.ValidLine(link) {
			return nil, domain.FieldError("link", domain.MsgInvisible)
		}
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || len(link) > 2000 {
			return nil, domain.FieldError("link", "evidence.bad_link")
		}
		out = append(out, domain.Attachment{Kind: "link", URL: link})
	}
	return out, nil
}

// readEvidenceFile reads the form's file ("evidence"), checking its size
// and sniffed type; nil when none was chosen.
func (a *App) readEvidenceFile(c *fiber.Ctx) (*domain.Attachment, error) {
	fh, err := c.FormFile("evidence")
	if err != nil || fh.Size == 0 {
		return nil, nil
	}
	limit := int64(a.cfg.MaxUploadMB) << 20
	if fh.Size > limit {
		return nil, &domain.Error{Code: domain.EInvalid, Field: "evidence", Message: fmt.Sprintf("evidence.too_large|%d", a.cfg.MaxUploadMB)}
	}
	f, err := fh.Open()
	if err != nil {
		return nil, err
	}
	data, err := io.ReadAll(io.LimitReader(f, limit+1))
	f.Close()
	if err != nil {
		return nil, err
	}
	name := domain.FileName(fh.Filename, "")
	ct := sniffType(name, data)
	if ct == "" {
		return nil, domain.FieldError("evidence", "evidence.bad_type")
	}
	if err := checkOfficeParts(name, data); err != nil {
		return nil, err
	}
	// The name follows the sniffed type: a JPEG sent as poly.html is
	// stored and served as poly.jpg, never under a name a browser or a
	// file manager would open as something else.
	name = domain.FileName(name, typeExt[ct])
	return &domain.Attachment{Kind: "file", Filename: name, ContentType: ct, Size: int64(len(data)), Data: data}, nil
}

// addEvidence attaches files or links to an item (the assignee's work).
func (a *App) addEvidence(c *fiber.Ctx) error {
	id, err := paramID(c, "id")
	if err != nil {
		return err
	}
	ic, err := a.svc.AddEvidence(c.UserContext(), caller(c), id, func() ([]domain.Attachment, error) { return a.readEvidence(c) })
	if fieldErrors(err) != nil && ic != nil {
		return a.itemFormError(c, (*itemCtx)(ic), err, "", "link")
	}
	if err != nil {
		return err
	}
	return a.done(c, itemURL(id)+"#evidence-list", "flash.evidence_added")
}

// downloadAttachment serves a file to whoever may read its item, loaded
// through the item in the URL, always as a download with a safe name.
func (a *App) downloadAttachment(c *fiber.Ctx) error {
	ic, err := a.itemInScope(c, domain.ActView)
	if err != nil {
		return err
	}
	aid, err := paramID(c, "aid")
	if err != nil {
		return err
	}
	att, err := a.store.Attachment(c.UserContext(), ic.Item, aid)
	if err != nil {
		return err
	}
	if att.Kind != "file" {
		return domain.ErrNotFound
	}
	c.Set(fiber.HeaderContentType, att.ContentType)
	c.Set(fiber.HeaderContentDisposition, contentDisposition(domain.FileName(att.Filename, ""))) // names stored before the rule, too
	c.Set("X-Content-Type-Options", "nosniff")
	c.Set("Cache-Control", "private, no-store")
	c.Set("Content-Security-Policy", "default-src 'none'; sandbox")
	return c.Send(att.Data)
}

// contentDisposition builds an attachment header with an ASCII fallback and
// the UTF-8 name per RFC 5987/6266.
func contentDisposition(name string) string {
	ascii := strings.Map(func(r rune) rune {
		if r < 0x20 || r > 0x7e || r == '"' || r == '\\' || r == ';' || r == '%' {
			return '_'
		}
		return r
	}, name)
	return fmt.Sprintf(`attachment; filename="%s"; filename*=UTF-8''%s`, ascii, url.PathEscape(name))
}

// tickPoint ticks or unticks one checklist point, loaded through the item.
func (a *App) tickPoint(c *fiber.Ctx) error {
	id, err := paramID(c, "id")
	if err != nil {
		return err
	}
	pid, err := paramID(c, "pid")
	if err != nil {
		return err
	}
	if err := a.svc.TickPoint(c.UserContext(), caller(c), id, pid, c.FormValue("done") == "1"); err != nil {
		return err
	}
	return a.done(c, itemURL(id)+"#checklist", "flash.saved")
}

// checkEvidence applies the pages' checks to a file sent to the API: the
// size limit, the type sniffed from the bytes, a name that follows it.
func (a *App) checkEvidence(name string, data []byte) (domain.Attachment, error) {
	if len(data) > a.cfg.MaxUploadMB<<20 {
		return domain.Attachment{}, &domain.Error{Code: domain.EInvalid, Field: "evidence", Message: "evidence.too_large|" + itoa(a.cfg.MaxUploadMB)}
	}
	name = domain.FileName(name, "")
	ct := sniffType(name, data)
	if ct == "" {
		return domain.Attachment{}, domain.FieldError("evidence", "evidence.bad_type")
	}
	if err := checkOfficeParts(name, data); err != nil {
		return domain.Attachment{}, err
	}
	name = domain.FileName(name, typeExt[ct])
	return domain.Attachment{Kind: "file", Filename: name, ContentType: ct, Size: int64(len(data)), Data: data}, nil
}

// checkEvidenceLink applies the pages' checks to an evidence link.
func checkEvidenceLink(link string) (domain.Attachment, error) {
	if !domain.ValidLine(link) {
		return domain.Attachment{}, domain.FieldError("link", domain.MsgInvisible)
	}
	u, err := url.Parse(link)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || len(link) > 2000 {
		return domain.Attachment{}, domain.FieldError("link", "evidence.bad_link")
	}
	return domain.Attachment{Kind: "link", URL: link}, nil
}
