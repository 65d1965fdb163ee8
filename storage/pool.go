package storage

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/jackc/pgx/v5/stdlib"
)

// poolSize is how many PostgreSQL connections a process holds at most.
// Since the pages' hot statements are prepared and the busiest pages kept
// (docs/architecture.md: kept pages), a statement holds its connection for well under a
// millisecond: with 32 connections, 32 backends competed with the app for
// two cores and the board's p99 was 80–100 ms at 32 clients; with 16 it
// was 45 ms at a higher rate (make bench, same machine, same hour). The
// waiters queue first come, first served (pgxpool), each within its
// request's deadline.
const poolSize = 16

// openFairPool opens database/sql over a pgxpool. database/sql's own pool
// hands a freed connection to a random waiter: with a hundred requests
// queued for 32 connections, an unlucky request waited tens of seconds
// (the soak's founder dashboard, three queries in a row, answered 503 after
// its 25 s deadline). pgxpool queues waiters first come, first served
// (a FIFO semaphore), so a wait is as long as the queue ahead of it. Idle
// connections stay in pgxpool (database/sql keeps none, so every query
// queues there).
func openFairPool(ctx context.Context, cfg *pgxpool.Config) (*sql.DB, error) {
	cfg.MaxConns = poolSize
	cfg.MaxConnIdleTime = 5 * time.Minute
	// bun writes every value into the SQL text, so nearly every statement is
	// new: pgx's default (prepare each new text, cache it per connection)
	// cost a Parse round trip per query and kept thousands of one-off
	// statements in memory, and the collector ran all the time under the
	// heap limit. Exec mode sends each statement in one round trip and
	// caches nothing; the few statements every page runs are prepared by
	// name instead (hot.go).
	cfg.ConnConfig.DefaultQueryExecMode = pgx.QueryExecModeExec
	cfg.ConnConfig.StatementCacheCapacity = 0
	cfg.ConnConfig.DescriptionCacheCapacity = 0
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		return nil, err
	}
	db := sql.OpenDB(closingConnector{stdlib.GetPoolConnector(pool), pool})
	db.SetMaxIdleConns(0)
	return db, nil
}

// closingConnector closes the pgxpool when the sql.DB over it is closed.
type closingConnector struct {
	driver.Connector
	pool *pgxpool.Pool
}

func (c closingConnector) Close() error {
	c.pool.Close()
	return nil
}
