package storage

import (
	"context"
	"time"

	"github.com/uptrace/bun"

	"planboard/domain"
)

type commentRow struct {
	bun.BaseModel `bun:"table:item_comments,alias:c"`
	ID            int64     `bun:"id,pk,autoincrement"`
	ItemID        int64     `bun:"item_id"`
	InstitutionID int64     `bun:"institution_id"`
	AuthorID      int64     `bun:"author_id,nullzero"`
	AuthorName    string    `bun:"author_name"`
	Body          string    `bun:"body"`
	CreatedAt     time.Time `bun:"created_at,nullzero,default:now()"`
}

type attachmentRow struct {
	bun.BaseModel `bun:"table:item_attachments,alias:a"`
	ID            int64     `bun:"id,pk,autoincrement"`
	ItemID        int64     `bun:"item_id"`
	InstitutionID int64     `bun:"institution_id"`
	Kind          string    `bun:"kind"`
	Filename      string    `bun:"filename"`
	ContentType   string    `bun:"content_type"`
	Size          int64     `bun:"size"`
	Data          []byte    `bun:"data"`
	URL           string    `bun:"url"`
	UploadedBy    int64     `bun:"uploaded_by,nullzero"`
	CreatedAt     time.Time `bun:"created_at,nullzero,default:now()"`
}

// AddComment stores a comment on an item the caller has already loaded
// through its scope, notes it in the history and plans its notices (to
// the assignees, to the members it mentions), in one transaction.
func (s *Store) AddComment(ctx context.Context, it domain.Item, by domain.User, body string, n domain.Notices) (domain.Comment, error) {
	c := &commentRow{ItemID: it.ID, InstitutionID: it.InstitutionID, AuthorID: by.ID, AuthorName: by.FullName, Body: body}
	err := s.InTx(ctx, func(tx *Store) error {
		c.CreatedAt = tx.now()
		if _, err := tx.db.NewInsert().Model(c).Returning("id").Exec(ctx); err != nil {
			return mapErr(err)
		}
		err := tx.AppendHistory(ctx, domain.HistoryEntry{InstitutionID: it.InstitutionID, PlanID: it.PlanID, ItemID: it.ID,
			ActorID: by.ID, ActorName: by.FullName, Action: "commented", NewValue: body})
		if err != nil {
			return err
		}
		// The comment's notices are keyed by the comment: two comments on
		// one day are two notices, and each is planned once.
		for i := range n.Mails {
			n.Mails[i].Event = c.ID
		}
		return tx.planNotices(ctx, n.Assigned(c.ID))
	})
	return domain.Comment{ID: c.ID, ItemID: c.ItemID, AuthorID: c.AuthorID, AuthorName: c.AuthorName, Body: c.Body, CreatedAt: c.CreatedAt}, err
}

// ItemComments lists an item's comments, oldest first.
func (s *Store) ItemComments(ctx context.Context, it domain.Item) ([]domain.Comment, error) {
	var rows []commentRow
	err := s.db.NewSelect().Model(&rows).Where("c.item_id = ? AND c.institution_id = ?", it.ID, it.InstitutionID).Order("c.id").Scan(ctx)
	out := make([]domain.Comment, len(rows))
	for i, r := range rows {
		out[i] = domain.Comment{ID: r.ID, ItemID: r.ItemID, AuthorID: r.AuthorID, AuthorName: r.AuthorName, Body: r.Body, CreatedAt: r.CreatedAt}
	}
	return out, err
}

// AddAttachment stores evidence on an item in sc (ENotFound outside it) and
// notes it in the history.
func (s *Store) AddAttachment(ctx context.Context, sc domain.Scope, it domain.Item, by domain.User, a *domain.Attachment) error {
	return s.InTx(ctx, func(tx *Store) error {
		if err := tx.itemInScope(ctx, sc, it); err != nil {
			return err
		}
		row := &attachmentRow{ItemID: it.ID, InstitutionID: it.InstitutionID, UploadedBy: by.ID, Kind: a.Kind,
			Filename: a.Filename, ContentType: a.ContentType, Size: a.Size, Data: a.Data, URL: a.URL, CreatedAt: tx.now()}
		if _, err := tx.db.NewInsert().Model(row).Returning("id, created_at").Exec(ctx); err != nil {
			return mapErr(err)
		}
		a.ID, a.ItemID, a.CreatedAt = row.ID, it.ID, row.CreatedAt
		name := a.Filename
		if a.Kind == "link" {
			name = a.URL
		}
		return tx.AppendHistory(ctx, domain.HistoryEntry{InstitutionID: it.InstitutionID, PlanID: it.PlanID, ItemID: it.ID,
			ActorID: by.ID, ActorName: by.FullName, Action: "evidence", Field: a.Kind, NewValue: name})
	})
}

// ItemAttachments lists an item's evidence without the file bytes.
func (s *Store) ItemAttachments(ctx context.Context, it domain.Item) ([]domain.Attachment, error) {
	var rows []attachmentRow
	err := s.db.NewSelect().Model(&rows).ExcludeColumn("data").
		Where("a.item_id = ? AND a.institution_id = ?", it.ID, it.InstitutionID).Order("a.id").Scan(ctx)
	out := make([]domain.Attachment, len(rows))
	for i := range rows {
		out[i] = rows[i].domain()
	}
	return out, err
}

func (r *attachmentRow) domain() domain.Attachment {
	return domain.Attachment{ID: r.ID, ItemID: r.ItemID, Kind: r.Kind, Filename: r.Filename, ContentType: r.ContentType,
		Size: r.Size, Data: r.Data, URL: r.URL, CreatedAt: r.CreatedAt}
}

// Attachment returns one piece of evidence with its bytes, loaded through
// the item: an attachment of another item is not found.
func (s *Store) Attachment(ctx context.Context, it domain.Item, id int64) (domain.Attachment, error) {
	var a attachmentRow
	err := s.db.NewSelect().Model(&a).Where("a.id = ? AND a.item_id = ? AND a.institution_id = ?", id, it.ID, it.InstitutionID).Scan(ctx)
	return a.domain(), mapErr(err)
}
