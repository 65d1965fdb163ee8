package storage

import (
	"context"
	"database/sql"
	"errors"
	"hash/fnv"
	"strconv"
	"strings"
	"sync"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/stdlib"
	"github.com/uptrace/bun"
)

// The statements every page runs (the session, the navigation's counts,
// the kept pages' change counters) are prepared once per connection and
// then only executed. Everything else goes through bun, which writes the
// values into the SQL text, so that PostgreSQL parses and plans each
// statement anew: for these short, constant statements the planning was
// most of the cost (a third of the throughput of a prepared statement, in
// a loop of 32 on this data). Inside a transaction they run unprepared.

// hotSQL builds one such statement: the text with $n placeholders, and
// its arguments.
type hotSQL struct {
	b    strings.Builder
	args []any
}

// add appends text.
func (h *hotSQL) add(text string) *hotSQL { h.b.WriteString(text); return h }

// arg appends the placeholder of v.
func (h *hotSQL) arg(v any) *hotSQL {
	h.args = append(h.args, v)
	h.b.WriteString("$" + strconv.Itoa(len(h.args)))
	return h
}

// names maps a statement's text to its prepared name.
var names sync.Map

func statementName(text string) string {
	if n, ok := names.Load(text); ok {
		return n.(string)
	}
	f := fnv.New64a()
	_, _ = f.Write([]byte(text))
	n := "pb_hot_" + strconv.FormatUint(f.Sum64(), 36)
	names.Store(text, n)
	return n
}

// hotCounters are the query counters of the tests (CountQueries), by the
// database they count: a prepared statement does not pass bun's hooks.
var hotCounters sync.Map // *sql.DB → *QueryCounter

// hotRow runs h and scans its one row into dest (ErrNotFound for none).
func (s *Store) hotRow(ctx context.Context, h *hotSQL, dest ...any) error {
	text := h.b.String()
	var err error
	switch db := s.db.(type) {
	case *bun.DB:
		if c, ok := hotCounters.Load(db.DB); ok {
			c.(*QueryCounter).n.Add(1)
		}
		err = prepared(ctx, db.DB, statementName(text), text, h.args, dest)
	case bun.Tx:
		err = db.Tx.QueryRowContext(ctx, text, h.args...).Scan(dest...)
	default:
		err = s.db.QueryRowContext(ctx, text, h.args...).Scan(dest...)
	}
	if errors.Is(err, pgx.ErrNoRows) {
		err = sql.ErrNoRows
	}
	return mapErr(err)
}

// prepared runs a named prepared statement on one of db's connections,
// preparing it there first if it is new to that connection.
func prepared(ctx context.Context, db *sql.DB, name, text string, args, dest []any) error {
	conn, err := db.Conn(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	return conn.Raw(func(dc any) error {
		sc, ok := dc.(*stdlib.Conn)
		if !ok {
			return errors.New("storage: not a pgx connection")
		}
		pc := sc.Conn()
		if _, err := pc.Prepare(ctx, name, text); err != nil {
			return err
		}
		return pc.QueryRow(ctx, name, args...).Scan(dest...)
	})
}
