package web

import (
	"github.com/gofiber/fiber/v2"

	"planboard/domain"
)

// The closing form (status «на проверку») that comes
// back with errors keeps the photo chosen with it. The file is held for its
// uploader and item (pending_uploads) and shown as «Файл photo.jpg
// сохранён…»; the next valid send of the form attaches it, and a newly
// chosen file replaces it.

// closingEvidence is the evidence of a closing report: the files and link
// of this request, or, when no new file was chosen and the form says so
// (field "pending"), the file kept from the last try.
func (a *App) closingEvidence(c *fiber.Ctx, itemID int64) ([]domain.Attachment, error) {
	ev, err := a.readEvidence(c)
	if err != nil || c.FormValue("pending") != "1" {
		return ev, err
	}
	for _, e := range ev {
		if e.Kind == "file" {
			return ev, nil
		}
	}
	kept, err := a.store.PendingUpload(c.UserContext(), currentUser(c).ID, itemID)
	switch {
	case domain.ErrorCode(err) == domain.ENotFound:
		return ev, nil
	case err != nil:
		return nil, err
	}
	return append([]domain.Attachment{kept}, ev...), nil
}

// keepPendingUpload holds the file of a form that came back with errors
// (other than about the file itself) for its next try.
func (a *App) keepPendingUpload(c *fiber.Ctx, itemID int64, fe domain.FieldErrors) error {
	if _, bad := fe["evidence"]; bad {
		return nil
	}
	file, err := a.readEvidenceFile(c)
	if err != nil || file == nil {
		return nil // nothing (usable) chosen: a kept file stays as it was
	}
	return a.store.KeepPendingUpload(c.UserContext(), currentUser(c).ID, itemID, *file)
}

// dropPendingUpload forgets the kept file once the closing report is saved.
func (a *App) dropPendingUpload(c *fiber.Ctx, itemID int64) error {
	return a.store.DropPendingUpload(c.UserContext(), currentUser(c).ID, itemID)
}
