package app

import (
	"fmt"
	"sync"
	"sync/atomic"
	"time"

	"github.com/gofiber/fiber/v2"

	"planboard/domain"
)

// dashCache keeps the founder dashboard's figures for a short while. Its
// aggregate over every institution's items is the costliest read of the
// app (tens of milliseconds at 1,000 institutions × 60 items), and figures
// a few seconds old serve a founder as well. Any write answered by this
// process empties it at once; writes through other replicas show within
// ttl. A zero ttl turns it off.
type dashCache struct {
	ttl time.Duration
	gen atomic.Uint64 // bumped by every successful write
	mu  sync.Mutex
	m   map[string]dashFigures
	// loading holds a channel per key being read, closed when the read
	// ends: a burst of views after the figures expire reads them once.
	loading map[string]chan struct{}
}

// dashFigures are what the dashboard reads from the database.
type dashFigures struct {
	at        time.Time
	gen       uint64
	rows      []domain.InstitutionStat
	sections  []domain.Progress
	due, done [12]int
}

func dashKey(sc domain.Scope, year int) string { return fmt.Sprint(sc.All, sc.FounderIDs, year) }

// get returns fresh figures for the key, or false.
func (d *dashCache) get(key string, now time.Time) (dashFigures, bool) {
	if d.ttl <= 0 {
		return dashFigures{}, false
	}
	d.mu.Lock()
	defer d.mu.Unlock()
	f, ok := d.m[key]
	if !ok || f.gen != d.gen.Load() || now.Sub(f.at) >= d.ttl || now.Before(f.at) {
		return dashFigures{}, false
	}
	return f, true
}

// put keeps figures read at now (when no write happened meanwhile: gen is
// the generation read before the database was).
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

// changed drops the cached figures: the service layer calls it after every
// write that changes them, from whichever surface the write came.
func (d *dashCache) changed() { d.gen.Add(1) }

// invalidateOnWrite empties the dashboard cache after every successful
// state-changing request: a net under the writes that do not go through the
// service layer yet (members, profiles, reports); those that do clear it
// themselves (service.Deps.Changed).
func (a *App) invalidateOnWrite(c *fiber.Ctx) error {
	err := c.Next()
	if m := c.Method(); err == nil && m != fiber.MethodGet && m != fiber.MethodHead && c.Response().StatusCode() < 400 {
		a.dash.gen.Add(1)
	}
	return err
}

// dashboardFigures reads the dashboard's figures, from the cache when
// fresh; while one request reads them, the others for the same key wait
// for its result instead of running the same aggregate.
func (a *App) dashboardFigures(c *fiber.Ctx, sc domain.Scope, year int, now time.Time) (dashFigures, error) {
	key := dashKey(sc, year)
	for {
		if f, ok := a.dash.get(key, now); ok {
			return f, nil
		}
		wait, mine := a.dash.claim(key)
		if mine {
			break
		}
		select {
		case <-wait:
		case <-c.UserContext().Done():
			return dashFigures{}, c.UserContext().Err()
		}
	}
	defer a.dash.release(key)
	f := dashFigures{at: now, gen: a.dash.gen.Load()}
	ctx := c.UserContext()
	var err error
	if f.rows, err = a.store.FounderDashboard(ctx, sc, year, now); err != nil {
		return f, err
	}
	if err = a.scoreInstitutions(ctx, sc, year, f.rows); err != nil {
		return f, err
	}
	if f.sections, f.due, f.done, err = a.store.DashboardCharts(ctx, sc, year); err != nil {
		return f, err
	}
	a.dash.put(key, f)
	return f, nil
}

// claim makes the caller the reader of key (mine), or returns the channel
// that closes when the current reader is done. Without a cache time every
// caller reads.
func (d *dashCache) claim(key string) (wait chan struct{}, mine bool) {
	if d.ttl <= 0 {
		return nil, true
	}
	d.mu.Lock()
	defer d.mu.Unlock()
	if ch, ok := d.loading[key]; ok {
		return ch, false
	}
	if d.loading == nil {
		d.loading = map[string]chan struct{}{}
	}
	d.loading[key] = make(chan struct{})
	return nil, true
}

// release ends the caller's read of key and wakes the waiting requests.
func (d *dashCache) release(key string) {
	if d.ttl <= 0 {
		return
	}
	d.mu.Lock()
	defer d.mu.Unlock()
	if ch, ok := d.loading[key]; ok {
		close(ch)
		delete(d.loading, key)
	}
}
