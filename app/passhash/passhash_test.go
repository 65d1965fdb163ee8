package passhash

import (
	"context"
	"errors"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"golang.org/x/crypto/bcrypt"
)

// TestHashLimitHolds runs many concurrent jobs through a limit of 3: never
// more than 3 run at once, all of them run, and a caller waiting while every
// slot is taken does not run and gets its context's error when it ends.
func TestHashLimitHolds(t *testing.T) {
	const limit, jobs = 3, 60
	l := make(hashLimit, limit)

	// Fill every slot with a job that waits; a cancelled caller is refused.
	gate, in := make(chan struct{}), make(chan struct{}, limit)
	var holders sync.WaitGroup
	for range limit {
		holders.Add(1)
		go func() {
			defer holders.Done()
			_ = l.do(context.Background(), func() { in <- struct{}{}; <-gate })
		}()
	}
	for range limit {
		<-in
	}
	// A caller now waits (it must not run, however long we look) until its
	// context ends; then it gets the context's error.
	ctx, cancel := context.WithCancel(context.Background())
	waited := make(chan error)
	go func() { waited <- l.do(ctx, func() { in <- struct{}{} }) }()
	select {
	case <-in:
		t.Fatal("a caller ran while every slot was taken")
	case <-time.After(100 * time.Millisecond):
	}
	cancel()
	if err := <-waited; !errors.Is(err, context.Canceled) {
		t.Fatalf("a caller cancelled while waiting: %v, want context.Canceled", err)
	}
	close(gate)
	holders.Wait()

	// Many jobs at once: the number running never exceeds the limit.
	var running, most, done atomic.Int32
	start := make(chan struct{})
	var wg sync.WaitGroup
	for range jobs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			err := l.do(context.Background(), func() {
				n := running.Add(1)
				for m := most.Load(); n > m && !most.CompareAndSwap(m, n); m = most.Load() {
				}
				for range 1000 { // some work, so that jobs overlap
					_ = running.Load()
				}
				running.Add(-1)
				done.Add(1)
			})
			if err != nil {
				t.Error(err)
			}
		}()
	}
	close(start)
	wg.Wait()
	if most.Load() > limit || done.Load() != jobs {
		t.Fatalf("%d jobs ran, up to %d at once (limit %d)", done.Load(), most.Load(), limit)
	}
}

// TestPasswordWorkIsLimited: the password checks of requests go through
// the process-wide limit, one slot per CPU.
func TestPasswordWorkIsLimited(t *testing.T) {
	if cap(passwordWork) < 1 {
		t.Fatal("no slot for password work")
	}
	h, err := hashPassword(context.Background(), "correct horse", bcrypt.MinCost)
	if err != nil {
		t.Fatal(err)
	}
	for pw, want := range map[string]bool{"correct horse": true, "wrong": false} {
		ok, err := passwordMatches(context.Background(), []byte(h), pw)
		if err != nil || ok != want {
			t.Errorf("passwordMatches(%q) = %v, %v; want %v", pw, ok, err, want)
		}
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := passwordMatches(ctx, []byte(h), "correct horse"); !errors.Is(err, context.Canceled) {
		t.Errorf("a cancelled request's check: %v, want context.Canceled", err)
	}
}

// TestLimitedCost: Limited hashes at its Cost (DefaultCost when unset), its
// dummy hash for an account without one is of the same cost (a wrong
// e-mail takes as long as a wrong password), and a hash is compared at the
// cost it was made with.
func TestLimitedCost(t *testing.T) {
	ctx := context.Background()
	if c := (Limited{}).cost(); c != DefaultCost {
		t.Errorf("Limited{} hashes at cost %d, want DefaultCost %d", c, DefaultCost)
	}
	cheap := Limited{Cost: bcrypt.MinCost}
	h, err := cheap.Hash(ctx, "correct horse")
	if err != nil {
		t.Fatal(err)
	}
	if c, _ := bcrypt.Cost([]byte(h)); c != bcrypt.MinCost {
		t.Errorf("Limited{Cost: %d}.Hash made cost %d", bcrypt.MinCost, c)
	}
	if c, _ := bcrypt.Cost(dummyHash(cheap.cost())); c != bcrypt.MinCost {
		t.Errorf("the dummy hash of cost %d is of cost %d", bcrypt.MinCost, c)
	}
	h2, err := Limited{Cost: bcrypt.MinCost + 1}.HashNow("correct horse")
	if err != nil {
		t.Fatal(err)
	}
	for _, hash := range []string{h, h2} {
		if ok, err := cheap.Matches(ctx, []byte(hash), "correct horse"); !ok || err != nil {
			t.Errorf("Matches(right password) = %v, %v", ok, err)
		}
		if ok, _ := cheap.Matches(ctx, []byte(hash), "wrong"); ok {
			t.Error("Matches(wrong password) = true")
		}
	}
	if ok, err := cheap.Matches(ctx, nil, "planboard-dummy-password"); ok || err != nil {
		t.Errorf("Matches(no hash) = %v, %v; want false", ok, err)
	}
}
