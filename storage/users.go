package storage

import (
	"context"
	"strings"
	"time"

	"github.com/uptrace/bun"

	"planboard/domain"
)

type userRow struct {
	bun.BaseModel `bun:"table:users,alias:u"`
	ID            int64     `bun:"id,pk,autoincrement"`
	Email         string    `bun:"email"`
	FullName      string    `bun:"full_name"`
	Position      string    `bun:"position"`
	PasswordHash  string    `bun:"password_hash"`
	IsAdmin       bool      `bun:"is_admin"`
	Locale        string    `bun:"locale"`
	CreatedAt     time.Time `bun:"created_at,nullzero,default:now()"`
	UpdatedAt     time.Time `bun:"updated_at,nullzero,default:now()"`
}

func (r *userRow) domain() domain.User {
	return domain.User{ID: r.ID, Email: r.Email, FullName: r.FullName, Position: r.Position,
		PasswordHash: r.PasswordHash, IsAdmin: r.IsAdmin, Locale: r.Locale, CreatedAt: r.CreatedAt}
}

type membershipRow struct {
	bun.BaseModel `bun:"table:memberships,alias:m"`
	ID            int64  `bun:"id,pk,autoincrement"`
	UserID        int64  `bun:"user_id"`
	Role          string `bun:"role"`
	InstitutionID int64  `bun:"institution_id,nullzero"`
	FounderID     int64  `bun:"founder_id,nullzero"`
	OverseerID    int64  `bun:"overseer_id,nullzero"`
}

func (r *membershipRow) domain() domain.Membership {
	return domain.Membership{ID: r.ID, UserID: r.UserID, Role: domain.Role(r.Role), InstitutionID: r.InstitutionID, FounderID: r.FounderID,
		OverseerID: r.OverseerID}
}

// NormalizeEmail is how e-mail addresses are compared and stored.
func NormalizeEmail(email string) string { return strings.ToLower(strings.TrimSpace(email)) }

// CreateUser stores a new user and sets its ID. A taken e-mail is an EConflict error.
func (s *Store) CreateUser(ctx context.Context, u *domain.User) error {
	if u.Locale == "" {
		u.Locale = "ru"
	}
	row := &userRow{Email: NormalizeEmail(u.Email), FullName: u.FullName, Position: u.Position,
		PasswordHash: u.PasswordHash, IsAdmin: u.IsAdmin, Locale: u.Locale, CreatedAt: s.now(), UpdatedAt: s.now()}
	if _, err := s.db.NewInsert().Model(row).Returning("id, created_at").Exec(ctx); err != nil {
		return mapErr(err)
	}
	u.ID, u.Email, u.CreatedAt = row.ID, row.Email, row.CreatedAt
	return nil
}

// UserByEmail finds a user by e-mail (case-insensitive).
func (s *Store) UserByEmail(ctx context.Context, email string) (domain.User, error) {
	var row userRow
	if err := s.db.NewSelect().Model(&row).Where("email = ?", NormalizeEmail(email)).Scan(ctx); err != nil {
		return domain.User{}, mapErr(err)
	}
	return row.domain(), nil
}

// UserByID finds a user by id.
func (s *Store) UserByID(ctx context.Context, id int64) (domain.User, error) {
	var row userRow
	if err := s.db.NewSelect().Model(&row).Where("id = ?", id).Scan(ctx); err != nil {
		return domain.User{}, mapErr(err)
	}
	return row.domain(), nil
}

// SetPassword replaces a user's password hash.
func (s *Store) SetPassword(ctx context.Context, userID int64, hash string) error {
	res, err := s.db.NewUpdate().Model((*userRow)(nil)).
		Set("password_hash = ?", hash).Set("updated_at = ?", s.now()).Where("id = ?", userID).Exec(ctx)
	return affectedOne(res, err)
}

// AddMembership gives a user a role in an institution or founder and sets its ID.
func (s *Store) AddMembership(ctx context.Context, m *domain.Membership) error {
	row := &membershipRow{UserID: m.UserID, Role: string(m.Role), InstitutionID: m.InstitutionID, FounderID: m.FounderID, OverseerID: m.OverseerID}
	if _, err := s.db.NewInsert().Model(row).Value("created_at", "?", s.now()).Returning("id").Exec(ctx); err != nil {
		return mapErr(err)
	}
	m.ID = row.ID
	return nil
}

// Memberships lists a user's memberships.
func (s *Store) Memberships(ctx context.Context, userID int64) ([]domain.Membership, error) {
	var rows []membershipRow
	if err := s.db.NewSelect().Model(&rows).Where("user_id = ?", userID).Order("id").Scan(ctx); err != nil {
		return nil, err
	}
	out := make([]domain.Membership, len(rows))
	for i := range rows {
		out[i] = rows[i].domain()
	}
	return out, nil
}

// InstitutionMembers lists the directors and staff of an institution by name.
// The caller must have checked that the institution is in its scope.
func (s *Store) InstitutionMembers(ctx context.Context, institutionID int64) ([]domain.Member, error) {
	var rows []struct {
		userRow `bun:",extend"`
		Role    string `bun:"role"`
	}
	err := s.db.NewSelect().Model(&rows).
		ColumnExpr("u.*, m.role").
		Join("JOIN memberships AS m ON m.user_id = u.id").
		Where("m.institution_id = ?", institutionID).
		OrderExpr("u.full_name, u.email").Scan(ctx)
	if err != nil {
		return nil, err
	}
	out := make([]domain.Member, len(rows))
	for i := range rows {
		out[i] = domain.Member{User: rows[i].userRow.domain(), Role: domain.Role(rows[i].Role)}
	}
	return out, nil
}

func affectedOne(res interface{ RowsAffected() (int64, error) }, err error) error {
	if err != nil {
		return mapErr(err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return domain.ErrNotFound
	}
	return nil
}

// FounderUsers lists the users who oversee a founder's institutions, by name.
func (s *Store) FounderUsers(ctx context.Context, founderID int64) ([]domain.User, error) {
	var rows []userRow
	err := s.db.NewSelect().Model(&rows).
		Join("JOIN memberships AS m ON m.user_id = u.id").
		Where("m.founder_id = ? AND m.role = 'founder'", founderID).
		OrderExpr("u.full_name, u.email").Scan(ctx)
	if err != nil {
		return nil, err
	}
	out := make([]domain.User, len(rows))
	for i := range rows {
		out[i] = rows[i].domain()
	}
	return out, nil
}
