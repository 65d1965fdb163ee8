package web

import (
	"context"
	"errors"
	"sync"
)

// flights makes concurrent requests for the same missing value read it
// once: the first reads, the others wait for its result. Every wait ends
// with the waiter's context (withDeadline), so a reader that is slow or
// gone never holds the others past their deadline; when the reader fails,
// the next waiter reads. Used by the dashboard's figures and the kept pages.
type flights[T any] struct {
	mu sync.Mutex
	m  map[string]*flight[T]
}

// flight is one read of a key in progress; done closes when it ends, and
// then v and err are its result.
type flight[T any] struct {
	done chan struct{}
	v    T
	err  error
}

// errReadAborted is a flight's result when its read panicked.
var errReadAborted = errors.New("the read ended without a result")

// do returns the value of key: kept (get), or read by this caller or by
// the one already reading it.
func (fs *flights[T]) do(ctx context.Context, key string, get func() (T, bool), read func(context.Context) (T, error)) (T, error) {
	for {
		if v, ok := get(); ok {
			return v, nil
		}
		fs.mu.Lock()
		fl, busy := fs.m[key]
		if !busy {
			if fs.m == nil {
				fs.m = map[string]*flight[T]{}
			}
			fl = &flight[T]{done: make(chan struct{})}
			fs.m[key] = fl
		}
		fs.mu.Unlock()
		if !busy {
			return fs.fly(ctx, key, fl, read)
		}
		select {
		case <-fl.done:
		case <-ctx.Done():
			var zero T
			return zero, ctx.Err()
		}
		if fl.err == nil {
			return fl.v, nil
		}
	}
}

// fly runs the read of key and hands its result to the waiters (released
// even if read panics, so that nobody waits for a dead reader).
func (fs *flights[T]) fly(ctx context.Context, key string, fl *flight[T], read func(context.Context) (T, error)) (v T, err error) {
	defer func() {
		fs.mu.Lock()
		fl.v, fl.err = v, err
		if fs.m[key] == fl {
			delete(fs.m, key)
		}
		fs.mu.Unlock()
		close(fl.done)
	}()
	err = errReadAborted
	return read(ctx)
}
