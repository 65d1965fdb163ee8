package pgtest

import (
	"context"
	"database/sql"
	"testing"
)

// Checksums returns, for every table of the public schema, its row count
// and an MD5 over all its rows (each row as text, sorted), so that two
// databases can be compared row for row: bytea columns (attachments) are
// part of the row text, in hex.
func Checksums(t testing.TB, db *sql.DB) map[string]string {
	t.Helper()
	ctx := context.Background()
	rows, err := db.QueryContext(ctx, "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY 1")
	if err != nil {
		t.Fatalf("pgtest: list tables: %v", err)
	}
	var tables []string
	for rows.Next() {
		var n string
		if err := rows.Scan(&n); err != nil {
			t.Fatal(err)
		}
		tables = append(tables, n)
	}
	rows.Close()
	out := map[string]string{}
	for _, tbl := range tables {
		var n int
		var sum sql.NullString
		q := `SELECT count(*), md5(string_agg(r::text, E'\n' ORDER BY r::text)) FROM public."` + tbl + `" r`
		if err := db.QueryRowContext(ctx, q).Scan(&n, &sum); err != nil {
			t.Fatalf("pgtest: checksum %s: %v", tbl, err)
		}
		out[tbl] = sum.String
		if n == 0 {
			out[tbl] = "empty"
		}
	}
	return out
}
