package app_test

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"planboard/app"
)

// A request whose waits outlast its deadline answers 503 with Retry-After
// and a page saying the service is busy, instead of hanging: here the
// deadline is so short that the session's database read cannot begin.
func TestRequestDeadlineAnswersBusy(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	dir := e.login("director@example.org")
	if r := dir.get("/"); r.Status != http.StatusOK {
		t.Fatalf("home = %d with the default deadline", r.Status)
	}
	busy, err := app.New(app.Deps{Store: e.store, Now: e.clock, Config: app.Config{RequestTimeout: time.Nanosecond}})
	if err != nil {
		t.Fatal(err)
	}
	e.app = busy
	r := dir.get("/")
	if r.Status != http.StatusServiceUnavailable || r.Header.Get("Retry-After") == "" || !strings.Contains(r.Body, "Сервис перегружен") {
		t.Fatalf("home past its deadline = %d, Retry-After %q\n%.400s", r.Status, r.Header.Get("Retry-After"), r.Body)
	}
}
