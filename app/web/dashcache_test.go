package web

import (
	"context"
	"errors"
	"sync/atomic"
	"testing"
	"time"
)

// slowRead is a dashboard read that blocks until release is closed (or its
// context ends), counting how many reads ran.
type slowRead struct {
	started chan struct{}
	release chan struct{}
	reads   atomic.Int32
}

func newSlowRead() *slowRead {
	return &slowRead{started: make(chan struct{}, 16), release: make(chan struct{})}
}

func (r *slowRead) read(ctx context.Context, f *dashFigures) error {
	r.reads.Add(1)
	r.started <- struct{}{}
	select {
	case <-r.release:
		f.due[0] = int(r.reads.Load())
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// While one request reads the dashboard and takes its time, another one for
// the same figures waits only as long as its own context: it returns its
// context's error at its deadline, not when the reader ends.
func TestDashboardWaiterReturnsAtItsDeadline(t *testing.T) {
	d := &dashCache{ttl: time.Minute}
	now := time.Date(2027, 3, 1, 9, 0, 0, 0, time.UTC)
	r := newSlowRead()
	readerDone := make(chan error, 1)
	go func() {
		_, err := d.figures(context.Background(), "k", now, r.read)
		readerDone <- err
	}()
	<-r.started

	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	t0 := time.Now() // wall clock: measures how long the waiter waited
	_, err := d.figures(ctx, "k", now, r.read)
	waited := time.Since(t0)
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("waiter past its deadline: %v, want context.DeadlineExceeded", err)
	}
	if waited > 2*time.Second {
		t.Fatalf("waiter returned after %s, its deadline was 50ms", waited)
	}
	if n := r.reads.Load(); n != 1 {
		t.Fatalf("%d reads while one was in progress, want 1", n)
	}
	close(r.release)
	if err := <-readerDone; err != nil {
		t.Fatal(err)
	}
	// The reader's figures are kept for the next view.
	if f, err := d.figures(context.Background(), "k", now, r.read); err != nil || f.due[0] != 1 || r.reads.Load() != 1 {
		t.Fatalf("after the read: %+v %v, %d reads; want the kept figures", f.due[0], err, r.reads.Load())
	}
}

// A reader that gives up (its request's deadline ended) does not leave the
// others waiting: the next waiter reads and gets the figures.
func TestDashboardWaiterReadsWhenTheReaderFails(t *testing.T) {
	d := &dashCache{ttl: time.Minute}
	now := time.Date(2027, 3, 1, 9, 0, 0, 0, time.UTC)
	r := newSlowRead()
	readerCtx, cancelReader := context.WithCancel(context.Background())
	readerDone := make(chan error, 1)
	go func() {
		_, err := d.figures(readerCtx, "k", now, r.read)
		readerDone <- err
	}()
	<-r.started
	waiterDone := make(chan dashFigures, 1)
	go func() {
		f, err := d.figures(context.Background(), "k", now, r.read)
		if err != nil {
			t.Error(err)
		}
		waiterDone <- f
	}()
	time.Sleep(20 * time.Millisecond) // the waiter is waiting now
	cancelReader()
	if err := <-readerDone; !errors.Is(err, context.Canceled) {
		t.Fatalf("cancelled reader: %v", err)
	}
	<-r.started // the waiter took over the read
	close(r.release)
	select {
	case f := <-waiterDone:
		if f.due[0] != 2 {
			t.Fatalf("waiter got figures of read %d, want its own (2)", f.due[0])
		}
	case <-time.After(5 * time.Second):
		t.Fatal("the waiter hung after its reader failed")
	}
}

// A request that arrives after a write reads the changed counters, so its
// key is another one: it does not take figures read before the write, it
// reads on its own. A request that arrived before the write takes the read
// in progress.
func TestDashboardWaiterAfterAWriteReadsAgain(t *testing.T) {
	d := &dashCache{ttl: time.Minute}
	now := time.Date(2027, 3, 1, 9, 0, 0, 0, time.UTC)
	r := newSlowRead()
	go func() { _, _ = d.figures(context.Background(), "k|rev1", now, r.read) }()
	<-r.started
	before := make(chan dashFigures, 1)
	go func() { f, _ := d.figures(context.Background(), "k|rev1", now, r.read); before <- f }()
	time.Sleep(20 * time.Millisecond) // the first waiter arrived before the write
	after := make(chan dashFigures, 1)
	go func() { f, _ := d.figures(context.Background(), "k|rev2", now, r.read); after <- f }()
	select { // the late request reads at once, without waiting for the first read
	case <-r.started:
	case <-time.After(5 * time.Second):
		t.Fatal("the request from after the write waited for the read from before it")
	}
	close(r.release)
	<-before
	if n := r.reads.Load(); n != 2 {
		t.Errorf("%d reads for two keys, want 2 (the waiter from before the write takes the one in progress)", n)
	}
	select {
	case f := <-after:
		if r.reads.Load() != 2 || f.due[0] == 0 {
			t.Errorf("the waiter from after the write got read %d of %d, want a read of its own", f.due[0], r.reads.Load())
		}
	case <-time.After(5 * time.Second):
		t.Fatal("the waiter from after the write hung")
	}
	// Both keys are kept: a third view under the new counters reads nothing.
	if _, err := d.figures(context.Background(), "k|rev2", now, r.read); err != nil || r.reads.Load() != 2 {
		t.Errorf("a view under the same counters read again (%d reads, %v)", r.reads.Load(), err)
	}
}
