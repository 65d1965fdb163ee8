package backup

import (
	"context"
	"fmt"
	"regexp"
	"slices"
	"strings"

	"github.com/jackc/pgx/v5"
)

// sealedTables hold secrets Planboard must be able to use again after a
// restore (webhook signing secrets that receivers share, the key of the
// one-click unsubscribe links and any other app secret): their entries are
// encrypted with the backup key. A new table holding a secret belongs here.
var sealedTables = []string{"app_secrets", "webhook_endpoints"}

// voided are columns whose live secrets are made useless in the archive,
// as SQL over the row: unused single-use links (invitations, password
// resets) are dumped as expired at their creation, and the links mailed
// in the outbox are replaced by a dead one (the row stays for the ledger).
// Only hashes of the links are stored, but the outbox's bodies carry them.
var voided = map[string]map[string]string{
	"account_tokens": {"expires_at": `CASE WHEN used_at IS NULL THEN least(expires_at, created_at) ELSE expires_at END`},
	"mail_outbox": {
		"body_text": deadLinks("body_text"),
		"body_html": deadLinks("body_html"),
	},
}

// deadLink replaces every /password/set/<token> link in mail bodies.
const deadLink = "/password/set/expired"

func deadLinks(col string) string {
	return fmt.Sprintf(`regexp_replace(%s, '/password/set/[A-Za-z0-9_-]+', '%s', 'g')`, col, deadLink)
}

// tableName is what a table of the archive may be called: it names a file
// in the temporary folder and is checked against the schema before use.
var tableName = regexp.MustCompile(`^[a-z_][a-z0-9_]{0,62}$`)

type tableDef struct {
	name    string
	columns []string
}

// schemaTables lists the public schema's ordinary tables and their
// columns (generated ones left out: PostgreSQL computes them), by name.
func schemaTables(ctx context.Context, conn *pgx.Conn) ([]tableDef, error) {
	rows, err := conn.Query(ctx, `SELECT c.relname, array_agg(a.attname::text ORDER BY a.attnum)
		FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
		JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped AND a.attgenerated = ''
		WHERE n.nspname = 'public' AND c.relkind = 'r'
		GROUP BY c.relname ORDER BY c.relname`)
	if err != nil {
		return nil, err
	}
	var out []tableDef
	for rows.Next() {
		var t tableDef
		if err := rows.Scan(&t.name, &t.columns); err != nil {
			return nil, err
		}
		out = append(out, t)
	}
	return out, rows.Err()
}

// loadOrder sorts names so that every table comes after the tables its
// foreign keys point to (a self-reference is checked at the end of its
// one COPY); tables in a cycle, if any, come last by name.
func loadOrder(ctx context.Context, conn *pgx.Conn, names []string) ([]string, error) {
	rows, err := conn.Query(ctx, `SELECT DISTINCT c.relname::text, f.relname::text
		FROM pg_constraint k JOIN pg_class c ON c.oid = k.conrelid JOIN pg_class f ON f.oid = k.confrelid
		JOIN pg_namespace n ON n.oid = c.relnamespace
		WHERE k.contype = 'f' AND n.nspname = 'public' AND c.oid <> f.oid`)
	if err != nil {
		return nil, err
	}
	needs := map[string][]string{}
	for rows.Next() {
		var child, parent string
		if err := rows.Scan(&child, &parent); err != nil {
			return nil, err
		}
		needs[child] = append(needs[child], parent)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	rest := slices.Sorted(slices.Values(names))
	var out []string
	for len(rest) > 0 {
		var next []string
		for _, t := range rest {
			ready := true
			for _, p := range needs[t] {
				if slices.Contains(rest, p) {
					ready = false
					break
				}
			}
			if ready {
				out = append(out, t)
			} else {
				next = append(next, t)
			}
		}
		if len(next) == len(rest) { // a cycle: the foreign keys decide at COPY
			return append(out, next...), nil
		}
		rest = next
	}
	return out, nil
}

func ident(name string) string { return pgx.Identifier{name}.Sanitize() }

func columnList(cols []string) string {
	q := make([]string, len(cols))
	for i, c := range cols {
		q[i] = ident(c)
	}
	return strings.Join(q, ", ")
}
