package web

import (
	"context"
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
	loading map[string]*dashFlight
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

// dashboardFigures reads the dashboard's figures, from the cache when
// fresh; while one request reads them, the others for the same key wait
// for its result instead of running the same aggregate. A waiter takes the
// reader's result when it was read after every write this request could
// have seen (its generation is not older than the one the waiter arrived
// with), so a burst of views under steady writes reads at most twice
// instead of once per viewer in a row. Every wait ends with the request's
// context (withDeadline): a reader that is slow or gone never holds the
// others past their deadline, and when it fails the next waiter reads.
func (a *App) dashboardFigures(c *fiber.Ctx, sc domain.Scope, year int, now time.Time) (dashFigures, error) {
	return a.dash.figures(c.UserContext(), dashKey(sc, year), now, func(ctx context.Context, f *dashFigures) (err error) {
		if f.rows, err = a.store.FounderDashboard(ctx, sc, year, now); err != nil {
			return err
		}
		if err = a.scoreInstitutions(ctx, sc, year, f.rows); err != nil {
			return err
		}
		f.sections, f.due, f.done, err = a.store.DashboardCharts(ctx, sc, year)
		return err
	})
}

// figures is dashboardFigures for one key, with read filling in the figures.
func (d *dashCache) figures(ctx context.Context, key string, now time.Time, read func(context.Context, *dashFigures) error) (dashFigures, error) {
	arrived := d.gen.Load()
	for {
		if f, ok := d.get(key, now); ok {
			return f, nil
		}
		fl, mine := d.claim(key)
		if mine {
			return d.fly(ctx, key, fl, now, read)
		}
		if err := fl.wait(ctx); err != nil {
			return dashFigures{}, err
		}
		if fl.err == nil && fl.f.gen >= arrived {
			return fl.f, nil
		}
	}
}

// fly runs the claimed read of key and hands its result to the waiters
// (released even if read panics, so that nobody waits for a dead reader).
func (d *dashCache) fly(ctx context.Context, key string, fl *dashFlight, now time.Time, read func(context.Context, *dashFigures) error) (f dashFigures, err error) {
	f = dashFigures{at: now, gen: fl.gen}
	defer func() { d.release(key, fl, f, err) }()
	if err = read(ctx, &f); err == nil {
		d.put(key, f)
	}
	return f, err
}

// dashFlight is one read of a key's figures in progress; done closes when
// it ends, and then f and err are its result.
type dashFlight struct {
	done chan struct{}
	gen  uint64 // the cache's generation when the read began
	f    dashFigures
	err  error
}

// wait blocks until the flight ends or ctx does.
func (fl *dashFlight) wait(ctx context.Context) error {
	select {
	case <-fl.done:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// claim makes the caller the reader of key (mine), or returns the flight
// in progress to wait for. Without a cache time every caller reads.
func (d *dashCache) claim(key string) (fl *dashFlight, mine bool) {
	if d.ttl <= 0 {
		return &dashFlight{gen: d.gen.Load()}, true
	}
	d.mu.Lock()
	defer d.mu.Unlock()
	if fl, ok := d.loading[key]; ok {
		return fl, false
	}
	if d.loading == nil {
		d.loading = map[string]*dashFlight{}
	}
	fl = &dashFlight{done: make(chan struct{}), gen: d.gen.Load()}
	d.loading[key] = fl
	return fl, true
}

// release ends the caller's read of key with its result and wakes the
// waiting requests.
func (d *dashCache) release(key string, fl *dashFlight, f dashFigures, err error) {
	if fl.done == nil {
		return
	}
	d.mu.Lock()
	defer d.mu.Unlock()
	fl.f, fl.err = f, err
	if d.loading[key] == fl {
		delete(d.loading, key)
	}
	close(fl.done)
}
