package web

import (
	"context"
	"fmt"
	"sync"
	"time"

	"github.com/gofiber/fiber/v2"

	"planboard/domain"
)

// dashCache keeps the founder dashboard's figures for a short while. Its
// aggregate over every institution's items is the costliest read of the
// app (tens of milliseconds at 1,000 institutions × 60 items). The key
// holds the change counters of the founder's institutions (scopeStamp), so
// any committed write, from whichever surface or replica, makes a new key
// at once; ttl bounds how long figures that count days are reused. A zero
// ttl turns it off.
type dashCache struct {
	ttl time.Duration
	mu  sync.Mutex
	m   map[string]dashFigures
	// loading: a burst of views after the figures expire reads them once.
	loading flights[dashFigures]
}

// dashFigures are what the dashboard reads from the database.
type dashFigures struct {
	at        time.Time
	rows      []domain.InstitutionStat
	sections  []domain.Progress
	due, done [12]int
}

func dashKey(sc domain.Scope, year int, stamp string) string {
	return fmt.Sprint(sc.All, sc.FounderIDs, year, stamp)
}

// get returns fresh figures for the key, or false.
func (d *dashCache) get(key string, now time.Time) (dashFigures, bool) {
	if d.ttl <= 0 {
		return dashFigures{}, false
	}
	d.mu.Lock()
	defer d.mu.Unlock()
	f, ok := d.m[key]
	if !ok || now.Sub(f.at) >= d.ttl || now.Before(f.at) {
		return dashFigures{}, false
	}
	return f, true
}

// put keeps figures read at now.
func (d *dashCache) put(key string, f dashFigures) {
	if d.ttl <= 0 {
		return
	}
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.m == nil || len(d.m) > 1000 {
		d.m = map[string]dashFigures{}
	}
	d.m[key] = f
}

// dashboardFigures reads the dashboard's figures, from the cache when
// fresh; while one request reads them, the others for the same key wait
// for its result instead of running the same aggregate. The key holds the
// change counters the waiter read before it came (a read in flight for it
// began after they were read, so its figures are no older than what the
// waiter could have seen). Every wait ends with the request's context
// (withDeadline): a reader that is slow or gone never holds the others
// past their deadline, and when it fails the next waiter reads. stamp is
// the counters' key when the caller has read it already ("": read here).
func (a *App) dashboardFigures(c *fiber.Ctx, sc domain.Scope, year int, now time.Time, stamp string) (dashFigures, error) {
	if stamp == "" {
		var err error
		if stamp, _, err = a.store.ScopeStamp(c.UserContext(), sc, nil); err != nil {
			return dashFigures{}, err
		}
	}
	return a.dash.figures(c.UserContext(), dashKey(sc, year, stamp), now, func(ctx context.Context, f *dashFigures) (err error) {
		if f.rows, err = a.store.FounderDashboard(ctx, sc, year, now); err != nil {
			return err
		}
		if err = a.scoreInstitutions(ctx, sc, year, f.rows); err != nil {
			return err
		}
		if err = a.siteInstitutions(ctx, sc, f.rows); err != nil {
			return err
		}
		f.sections, f.due, f.done, err = a.store.DashboardCharts(ctx, sc, year)
		return err
	})
}

// figures is dashboardFigures for one key, with read filling in the figures.
func (d *dashCache) figures(ctx context.Context, key string, now time.Time, read func(context.Context, *dashFigures) error) (dashFigures, error) {
	readAt := func(ctx context.Context) (dashFigures, error) {
		f := dashFigures{at: now}
		if err := read(ctx, &f); err != nil {
			return dashFigures{}, err
		}
		d.put(key, f)
		return f, nil
	}
	if d.ttl <= 0 { // without a cache time every caller reads
		return readAt(ctx)
	}
	return d.loading.do(ctx, key, func() (dashFigures, bool) { return d.get(key, now) }, readAt)
}
