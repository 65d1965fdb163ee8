package api

import (
	"net/http"
	"strings"
	"sync"
)

// kept holds tagged answers by a key made of the change counter of what
// they show (migration 0125_perf.sql: it moves in the same commit as any
// change, from whichever surface or replica) and the request: the busiest
// read, a plan's items, answers from it after one read of the counter,
// without reading or hashing the items again.
type kept[T any] struct {
	mu sync.Mutex
	m  map[string]Out[T]
}

// keptMax is how many answers a kept holds at most (then it starts over).
const keptMax = 2000

// answer returns the kept answer of key, or builds, tags and keeps it; an
// If-None-Match naming its tag gets 304.
func (k *kept[T]) answer(c Conditional, key string, build func() (T, error)) (*Out[T], error) {
	k.mu.Lock()
	out, ok := k.m[key]
	k.mu.Unlock()
	if !ok {
		body, err := build()
		if err != nil {
			return nil, err
		}
		o, err := tagged(Conditional{}, body)
		if err != nil {
			return nil, err
		}
		out = *o
		k.mu.Lock()
		if k.m == nil || len(k.m) >= keptMax {
			k.m = map[string]Out[T]{}
		}
		k.m[key] = out
		k.mu.Unlock()
	}
	if matches(c.IfNoneMatch, out.ETag) {
		return &Out[T]{Status: http.StatusNotModified, ETag: out.ETag}, nil
	}
	return &out, nil
}

// matches reports whether an If-None-Match header names tag.
func matches(ifNoneMatch, tag string) bool {
	for _, t := range strings.Split(ifNoneMatch, ",") {
		if t = strings.TrimPrefix(strings.TrimSpace(t), "W/"); t == tag || t == "*" {
			return true
		}
	}
	return false
}
