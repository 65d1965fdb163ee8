package storage

import (
	"context"
	"crypto/rand"
	"database/sql"
	"errors"
)

// Secret returns the application secret called name, creating it (32
// random bytes) on first use; every replica gets the same one.
func (s *Store) Secret(ctx context.Context, name string) ([]byte, error) {
	fresh := make([]byte, 32)
	if _, err := rand.Read(fresh); err != nil {
		return nil, err
	}
	// Two replicas creating it at once: the one whose insert waited for the
	// other's finds no row in its statement's snapshot (taken before the
	// other committed), so it asks once more, in a new statement that sees it.
	var value []byte
	var err error
	for try := 0; try < 2; try++ {
		err = s.db.NewRaw(`WITH ins AS (
		INSERT INTO app_secrets (name, value) VALUES (?, ?) ON CONFLICT (name) DO NOTHING RETURNING value)
	SELECT value FROM ins UNION ALL SELECT value FROM app_secrets WHERE name = ? LIMIT 1`, name, fresh, name).Scan(ctx, &value)
		if !errors.Is(err, sql.ErrNoRows) {
			break
		}
	}
	return value, mapErr(err)
}
