package main

import (
	"fmt"
	"time"
)

// clockFrom is the one clock a command runs on: the wall clock, or, when
// start is set (PLANBOARD_TEST_NOW, or remind --now), a clock that starts
// at start and runs on at the wall clock's pace. The app, its store and the
// mail planner all read it, so rows are stamped and rules judged at the
// same moment.
func clockFrom(start time.Time) func() time.Time {
	if start.IsZero() {
		return time.Now
	}
	began := time.Now() // wall clock: only measures how far the moved clock has run
	return func() time.Time { return start.Add(time.Since(began)) }
}

// parseMoment reads an RFC 3339 moment for PLANBOARD_TEST_NOW and --now.
func parseMoment(v string) (time.Time, error) {
	t, err := time.Parse(time.RFC3339, v)
	if err != nil {
		return time.Time{}, fmt.Errorf("%q is not an RFC 3339 time (e.g. 2026-11-23T09:00:00+07:00)", v)
	}
	return t, nil
}
