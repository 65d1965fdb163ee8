package main

import (
	"fmt"
	"os"
	"strings"
	"sync"
	"testing"
)

var soakResultsMu sync.Mutex

// soakResult logs one machine-readable line of figures,
// "SOAK test=<name> key=value ...", and appends it to the file named by
// SOAK_RESULTS when set (bench/soak.sh turns those lines into
// bench/soak-results.md). kv alternates keys and values; values must not
// contain spaces.
func soakResult(t *testing.T, test string, kv ...any) {
	t.Helper()
	var b strings.Builder
	fmt.Fprintf(&b, "SOAK test=%s", test)
	for i := 0; i+1 < len(kv); i += 2 {
		fmt.Fprintf(&b, " %v=%v", kv[i], strings.ReplaceAll(fmt.Sprint(kv[i+1]), " ", "_"))
	}
	line := b.String()
	t.Log(line)
	path := os.Getenv("SOAK_RESULTS")
	if path == "" {
		return
	}
	soakResultsMu.Lock()
	defer soakResultsMu.Unlock()
	f, err := os.OpenFile(path, os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o644)
	if err != nil {
		t.Errorf("SOAK_RESULTS: %v", err)
		return
	}
	defer f.Close()
	if _, err := fmt.Fprintln(f, line); err != nil {
		t.Errorf("SOAK_RESULTS: %v", err)
	}
}
