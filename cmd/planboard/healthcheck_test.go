package main

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"planboard/storage/pgtest"
)

// TestHealthcheck: planboard healthcheck exits 0 against a ready server,
// and fails with the reason against a stopped one and one that is not ready.
func TestHealthcheck(t *testing.T) {
	url, _, stop := startServeEnv(t, map[string]string{"PLANBOARD_DATABASE_URL": urlDSN(pgtest.DSN(t))})
	addr := strings.TrimPrefix(url, "http://")
	check := func(addr string) error {
		return run(context.Background(), []string{"healthcheck", "--timeout", "2s"},
			envOf(map[string]string{"PLANBOARD_ADDR": addr}), nil, io.Discard, io.Discard)
	}
	if err := check(addr); err != nil {
		t.Errorf("healthcheck against a ready server: %v", err)
	}
	// A server listening on every interface is checked over loopback.
	if err := check("0.0.0.0:" + addr[strings.LastIndex(addr, ":")+1:]); err != nil {
		t.Errorf("healthcheck with PLANBOARD_ADDR=0.0.0.0:port: %v", err)
	}
	if err := stop(); err != nil {
		t.Fatal(err)
	}
	if err := check(addr); err == nil || !strings.Contains(err.Error(), "/readyz") {
		t.Errorf("healthcheck against a stopped server: %v, want an error naming /readyz", err)
	}

	notReady := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Error(w, "not ready: database unreachable", http.StatusServiceUnavailable)
	}))
	defer notReady.Close()
	if err := check(strings.TrimPrefix(notReady.URL, "http://")); err == nil || !strings.Contains(err.Error(), "503") {
		t.Errorf("healthcheck against a server that is not ready: %v, want 503 in the error", err)
	}
}
