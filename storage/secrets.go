package storage

import (
	"context"
	"crypto/rand"
)

// Secret returns the application secret called name, creating it (32
// random bytes) on first use; every replica gets the same one.
func (s *Store) Secret(ctx context.Context, name string) ([]byte, error) {
	fresh := make([]byte, 32)
	if _, err := rand.Read(fresh); err != nil {
		return nil, err
	}
	var value []byte
	err := s.db.NewRaw(`WITH ins AS (
		INSERT INTO app_secrets (name, value) VALUES (?, ?) ON CONFLICT (name) DO NOTHING RETURNING value)
	SELECT value FROM ins UNION ALL SELECT value FROM app_secrets WHERE name = ? LIMIT 1`, name, fresh, name).Scan(ctx, &value)
	return value, mapErr(err)
}
