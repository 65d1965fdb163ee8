package storage

import (
	"context"

	"github.com/uptrace/bun"

	"planboard/domain"
)

// SetFlash keeps a one-time message in the session for the next page.
func (s *Store) SetFlash(ctx context.Context, token, text string) error {
	if len([]rune(text)) > 500 {
		text = string([]rune(text)[:500])
	}
	_, err := s.db.NewUpdate().Model((*sessionRow)(nil)).Set("flash = ?", text).
		Where("id_hash = ?", hashToken(token)).Exec(ctx)
	return err
}

// ClearFlash drops the session's one-time message once a page has shown it.
// SessionActor has already read it; this runs only when there was one.
func (s *Store) ClearFlash(ctx context.Context, token string) error {
	_, err := s.db.NewUpdate().Model((*sessionRow)(nil)).Set("flash = ''").
		Where("id_hash = ?", hashToken(token)).Where("flash <> ''").Exec(ctx)
	return err
}

type pendingUploadRow struct {
	ID          int64  `bun:"id,pk,autoincrement"`
	UserID      int64  `bun:"user_id"`
	ItemID      int64  `bun:"item_id"`
	Filename    string `bun:"filename"`
	ContentType string `bun:"content_type"`
	Data        []byte `bun:"data"`
}

// KeepPendingUpload holds a file of a form that came back with errors for
// its uploader and item, replacing the one kept before, in one transaction.
func (s *Store) KeepPendingUpload(ctx context.Context, userID, itemID int64, att domain.Attachment) error {
	return mapErr(s.db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		if _, err := tx.ExecContext(ctx, `DELETE FROM pending_uploads WHERE user_id = ? AND item_id = ?`, userID, itemID); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, `INSERT INTO pending_uploads (user_id, item_id, filename, content_type, data, created_at)
			VALUES (?, ?, ?, ?, ?, ?)`, userID, itemID, att.Filename, att.ContentType, att.Data, s.now())
		return err
	}))
}

// PendingUpload returns the file kept for a user and item (ErrNotFound for none).
func (s *Store) PendingUpload(ctx context.Context, userID, itemID int64) (domain.Attachment, error) {
	var r pendingUploadRow
	err := s.db.NewRaw(`SELECT id, user_id, item_id, filename, content_type, data FROM pending_uploads
		WHERE user_id = ? AND item_id = ?`, userID, itemID).Scan(ctx, &r.ID, &r.UserID, &r.ItemID, &r.Filename, &r.ContentType, &r.Data)
	if err != nil {
		return domain.Attachment{}, mapErr(err)
	}
	return domain.Attachment{Kind: "file", Filename: r.Filename, ContentType: r.ContentType, Size: int64(len(r.Data)), Data: r.Data}, nil
}

// DropPendingUpload forgets the file kept for a user and item.
func (s *Store) DropPendingUpload(ctx context.Context, userID, itemID int64) error {
	_, err := s.db.ExecContext(ctx, `DELETE FROM pending_uploads WHERE user_id = ? AND item_id = ?`, userID, itemID)
	return err
}
