// Command planboard runs Planboard: the web server (serve, the default),
// schema migrations, demo data and user bootstrap, from one binary.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"runtime"
	"syscall"
	"time"
	_ "time/tzdata" // institutions' time zones work on machines without zoneinfo
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Getenv, os.Stdin, os.Stdout, os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, "planboard:", err)
		os.Exit(1)
	}
}

// version is Planboard's version, set at build time with
// -ldflags "-X main.version=..." (make build, make dist); "dev" otherwise.
var version = "dev"

const usage = `usage: planboard <command> [flags]

commands:
  serve                     run the web server (default)
  migrate [up|status]       apply pending schema migrations, or list them
  demo [--institutions N --items M [--big-plan K]]
                            load demo data (a large synthetic set with N > 0)
  user add --email E --role R [--institution SLUG | --founder ID] [--name N] [--position P] [--password P]
                            create a user (roles: admin, founder, director, staff);
                            without --password the password is read from standard input
  remind [--now RFC3339]    plan the mails due at that moment (default: now), send them, exit
  healthcheck               exit 0 when the server at PLANBOARD_ADDR answers /readyz with 200
  dump [FILE]               write a backup archive of the database (default planboard-<time>.tar; - is stdout)
  restore FILE [--force]    restore a backup archive into an empty database (--force: replace a non-empty one)
  db upgrade                move the private cluster's data folder to the installed PostgreSQL version
  version                   print Planboard's version

configuration: PLANBOARD_* environment variables, see docs/operations.md`

// env is what a command gets: configuration, streams and a logger.
type env struct {
	cfg    config
	stdin  io.Reader
	stdout io.Writer
	log    *slog.Logger
	now    func() time.Time // the one clock: see clockFrom
}

// run is the whole program; main only supplies the process's context,
// arguments, environment and streams, so tests can call it directly.
func run(ctx context.Context, args []string, getenv func(string) string, stdin io.Reader, stdout, stderr io.Writer) error {
	cmd := "serve"
	if len(args) > 0 {
		cmd, args = args[0], args[1:]
	}
	switch cmd {
	case "help", "-h", "--help":
		fmt.Fprintln(stdout, usage)
		return nil
	case "version", "--version":
		fmt.Fprintf(stdout, "planboard %s (%s %s/%s)\n", version, runtime.Version(), runtime.GOOS, runtime.GOARCH)
		return nil
	}
	cfg, err := loadConfig(getenv)
	if err != nil {
		return err
	}
	var h slog.Handler = slog.NewTextHandler(stderr, nil)
	if cfg.LogFormat == "json" {
		h = slog.NewJSONHandler(stderr, nil)
	}
	e := &env{cfg: cfg, stdin: stdin, stdout: stdout, log: slog.New(h), now: clockFrom(cfg.TestNow)}
	if !cfg.TestNow.IsZero() {
		e.log.Warn("PLANBOARD_TEST_NOW is set: the clock runs from that moment, not from the real time", "start", cfg.TestNow.Format(time.RFC3339))
	}
	switch cmd {
	case "serve":
		return serve(ctx, e)
	case "migrate":
		return migrateCmd(ctx, e, args)
	case "demo":
		return demoCmd(ctx, e, args)
	case "user":
		return userCmd(ctx, e, args)
	case "remind":
		return remindCmd(ctx, e, args)
	case "healthcheck":
		return healthcheckCmd(ctx, e, args)
	case "dump":
		return dumpCmd(ctx, e, args)
	case "restore":
		return restoreCmd(ctx, e, args)
	case "db":
		return dbCmd(ctx, e, args)
	}
	return errors.New("unknown command " + cmd + "\n" + usage)
}
