// Package pgserver runs a private PostgreSQL cluster from the installed server
// binaries: initdb on first use, a unix socket inside the data folder and no
// TCP port. It lets `planboard serve` work with no configuration and gives
// the tests a real server of their own.
package pgserver

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"syscall"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // database/sql driver "pgx"
)

// Superuser is the role initdb creates; the app connects as it over the socket.
const Superuser = "planboard"

// Options configure a private cluster.
type Options struct {
	Dir      string       // cluster folder (PGDATA); created if missing
	BinDir   string       // folder with initdb and postgres; found automatically when empty
	BinRoot  string       // where the major versions are installed side by side; DefaultBinRoot when empty
	Database string       // database to create on first start; "planboard" when empty
	Fast     bool         // fsync off: for throw-away test clusters only
	Logger   *slog.Logger // nil discards
}

// Server is a running private cluster.
type Server struct {
	opts   Options
	cmd    *exec.Cmd
	done   chan error
	log    *os.File
	shared bool // another process runs the cluster; Stop leaves it running
}

// maxSocketPath is the limit of a unix socket path on Linux (sun_path, minus NUL).
const maxSocketPath = 107

// Start initialises the cluster when it is new, starts postgres and waits
// until it accepts connections. When the process runs as root, initdb and
// postgres run as the "postgres" system user, which PostgreSQL requires.
// Without Options.BinDir it runs the installed major version that made the
// folder (PG_VERSION), the newest for a new folder; a folder whose version
// is not installed gets a *VersionError saying what to do.
func Start(ctx context.Context, opts Options) (*Server, error) {
	if opts.Database == "" {
		opts.Database = "planboard"
	}
	if opts.Logger == nil {
		opts.Logger = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	dir, err := filepath.Abs(opts.Dir)
	if err != nil {
		return nil, err
	}
	opts.Dir = dir
	if n := len(filepath.Join(dir, ".s.PGSQL.5432")); n > maxSocketPath {
		return nil, fmt.Errorf("postgres data folder %s is too deep for a unix socket (%d > %d characters): use a shorter PLANBOARD_DATA_DIR", dir, n, maxSocketPath)
	}
	if opts.BinDir == "" {
		if opts.BinDir, err = binDirFor(dir, opts.BinRoot); err != nil {
			return nil, err
		}
	}
	cred, err := runAs()
	if err != nil {
		return nil, err
	}
	if err := prepareDir(dir, cred); err != nil {
		return nil, err
	}
	if _, err := os.Stat(filepath.Join(dir, "PG_VERSION")); errors.Is(err, os.ErrNotExist) {
		opts.Logger.Info("initialising private PostgreSQL cluster", "dir", dir)
		if err := initdb(ctx, opts, cred); err != nil {
			return nil, err
		}
	}
	s := &Server{opts: opts, done: make(chan error, 1)}
	if s.alreadyRunning(ctx) {
		// Another planboard process (serve) runs this cluster: share it, never stop it.
		opts.Logger.Info("using the running private PostgreSQL", "dir", dir)
		s.shared = true
		return s, s.ensureDatabase(ctx, opts.Database)
	}
	if err := s.start(cred); err != nil {
		return nil, err
	}
	if err := s.waitReady(ctx); err != nil {
		s.Stop()
		return nil, err
	}
	if err := s.ensureDatabase(ctx, opts.Database); err != nil {
		s.Stop()
		return nil, err
	}
	return s, nil
}

// BinDir is the folder of the PostgreSQL binaries serving the cluster
// (pg_dump and pg_restore of the same version are there).
func (s *Server) BinDir() string { return s.opts.BinDir }

// Dir is the cluster's data folder.
func (s *Server) Dir() string { return s.opts.Dir }

// Shared reports whether another process (a running serve) runs the
// cluster and this Server only connects to it.
func (s *Server) Shared() bool { return s.shared }

// Running reports whether a postgres serves the cluster in dir now (its
// pid file is there and its socket answers), without starting one.
func Running(ctx context.Context, dir string) bool {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return false
	}
	s := &Server{opts: Options{Dir: abs}}
	return s.alreadyRunning(ctx)
}

// DSN returns a connection string for database name over the cluster's socket.
func (s *Server) DSN(name string) string {
	return fmt.Sprintf("host=%s port=5432 user=%s dbname=%s sslmode=disable", s.opts.Dir, Superuser, name)
}

// alreadyRunning reports whether a postgres started by another process
// serves this folder (its pid file is there and its socket answers).
func (s *Server) alreadyRunning(ctx context.Context) bool {
	if _, err := os.Stat(filepath.Join(s.opts.Dir, "postmaster.pid")); err != nil {
		return false
	}
	db, err := sql.Open("pgx", s.DSN("postgres"))
	if err != nil {
		return false
	}
	defer db.Close()
	pingCtx, cancel := context.WithTimeout(ctx, time.Second)
	defer cancel()
	return db.PingContext(pingCtx) == nil
}

// Stop shuts postgres down (fast shutdown: open sessions are ended, data is
// flushed) and waits for it to exit. Stopping again does nothing.
func (s *Server) Stop() error {
	cmd := s.cmd
	if cmd == nil || cmd.Process == nil {
		return nil
	}
	s.cmd = nil // a second Stop must not wait for an exit it will never see
	defer s.log.Close()
	_ = cmd.Process.Signal(syscall.SIGINT)
	select {
	case <-s.done:
		return nil
	case <-time.After(30 * time.Second):
		_ = cmd.Process.Kill()
		<-s.done
		return errors.New("postgres did not stop within 30 s and was killed")
	}
}

// FindBinDir finds the newest installed PostgreSQL server binaries.
func FindBinDir() (string, error) {
	matches, _ := filepath.Glob("/usr/lib/postgresql/*/bin/postgres")
	sort.Slice(matches, func(i, j int) bool { return pgMajor(matches[i]) > pgMajor(matches[j]) })
	if len(matches) > 0 {
		return filepath.Dir(matches[0]), nil
	}
	if p, err := exec.LookPath("postgres"); err == nil {
		return filepath.Dir(p), nil
	}
	return "", errors.New("PostgreSQL server binaries not found: install them (apt-get install postgresql) or set PLANBOARD_DATABASE_URL")
}

func pgMajor(path string) int {
	n, _ := strconv.Atoi(filepath.Base(filepath.Dir(filepath.Dir(path))))
	return n
}

// runAs returns the credential to run PostgreSQL under: the postgres system
// user when we are root, otherwise nil (run as ourselves).
func runAs() (*syscall.Credential, error) {
	if os.Geteuid() != 0 {
		return nil, nil
	}
	u, err := user.Lookup("postgres")
	if err != nil {
		return nil, errors.New("running as root needs the postgres system user (apt-get install postgresql creates it)")
	}
	uid, _ := strconv.Atoi(u.Uid)
	gid, _ := strconv.Atoi(u.Gid)
	return &syscall.Credential{Uid: uint32(uid), Gid: uint32(gid), NoSetGroups: true}, nil
}

func prepareDir(dir string, cred *syscall.Credential) error {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return err
	}
	if cred == nil {
		return nil
	}
	// The postgres user must reach the folder through its parents.
	for p := filepath.Dir(dir); p != "/"; p = filepath.Dir(p) {
		fi, err := os.Stat(p)
		if err != nil {
			return err
		}
		if fi.Mode().Perm()&0o001 == 0 {
			if err := os.Chmod(p, fi.Mode().Perm()|0o011); err != nil {
				return fmt.Errorf("postgres user cannot reach %s: %w", p, err)
			}
		}
	}
	return filepath.Walk(dir, func(path string, _ os.FileInfo, err error) error {
		if err != nil {
			return err
		}
		return os.Lchown(path, int(cred.Uid), int(cred.Gid))
	})
}

func command(opts Options, cred *syscall.Credential, name string, args ...string) *exec.Cmd {
	cmd := exec.Command(filepath.Join(opts.BinDir, name), args...)
	cmd.Dir = opts.Dir
	cmd.Env = []string{"LC_ALL=C", "PATH=/usr/bin:/bin", "TZ=UTC"}
	// Own process group: a Ctrl-C in the terminal reaches the app, which then
	// stops postgres after its requests are finished. Pdeathsig stops postgres
	// if the app dies without doing so.
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true, Pdeathsig: syscall.SIGINT, Credential: cred}
	return cmd
}

func initdb(ctx context.Context, opts Options, cred *syscall.Credential) error {
	args := []string{"-D", opts.Dir, "-U", Superuser, "--auth=trust", "-E", "UTF8", "--no-locale"}
	if opts.Fast {
		args = append(args, "--no-sync")
	}
	cmd := command(opts, cred, "initdb", args...)
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Run(); err != nil {
		return fmt.Errorf("initdb failed: %w\n%s", err, tail(out.String(), 20))
	}
	return ctx.Err()
}

func (s *Server) start(cred *syscall.Credential) error {
	logPath := filepath.Join(filepath.Dir(s.opts.Dir), filepath.Base(s.opts.Dir)+".log")
	f, err := os.OpenFile(logPath, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o600)
	if err != nil {
		return err
	}
	s.log = f
	args := []string{"-D", s.opts.Dir, "-k", s.opts.Dir, "-c", "listen_addresses=",
		"-c", "unix_socket_permissions=0700", "-c", "max_connections=200"}
	if s.opts.Fast {
		args = append(args, "-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off",
			// A test binary runs its tests in parallel (one per CPU), each
			// with pools of its own of up to 16 connections: the last
			// max_connections given wins.
			"-c", "max_connections=600")
	}
	s.cmd = command(s.opts, cred, "postgres", args...)
	s.cmd.Stdout, s.cmd.Stderr = f, f
	if err := s.cmd.Start(); err != nil {
		f.Close()
		return fmt.Errorf("start postgres: %w", err)
	}
	cmd := s.cmd // Stop clears s.cmd; the waiter keeps its own
	go func() { s.done <- cmd.Wait() }()
	return nil
}

func (s *Server) waitReady(ctx context.Context) error {
	db, err := sql.Open("pgx", s.DSN("postgres"))
	if err != nil {
		return err
	}
	defer db.Close()
	deadline := time.Now().Add(60 * time.Second) // wall clock: a start-up timeout
	for {
		pingCtx, cancel := context.WithTimeout(ctx, time.Second)
		err = db.PingContext(pingCtx)
		cancel()
		if err == nil {
			return nil
		}
		select {
		case werr := <-s.done:
			s.done <- werr
			return fmt.Errorf("postgres exited at start-up (%v); its log:\n%s", werr, s.logTail())
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(50 * time.Millisecond):
		}
		if time.Now().After(deadline) { // wall clock: a start-up timeout
			return fmt.Errorf("postgres did not accept connections within 60 s: %v\n%s", err, s.logTail())
		}
	}
}

func (s *Server) ensureDatabase(ctx context.Context, name string) error {
	db, err := sql.Open("pgx", s.DSN("postgres"))
	if err != nil {
		return err
	}
	defer db.Close()
	var exists bool
	if err := db.QueryRowContext(ctx, "SELECT EXISTS (SELECT 1 FROM pg_database WHERE datname = $1)", name).Scan(&exists); err != nil {
		return err
	}
	if exists {
		return nil
	}
	_, err = db.ExecContext(ctx, "CREATE DATABASE "+quoteIdent(name))
	return err
}

func (s *Server) logTail() string {
	b, _ := os.ReadFile(s.log.Name())
	return tail(string(b), 20)
}

func tail(s string, n int) string {
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return strings.Join(lines, "\n")
}

func quoteIdent(s string) string { return `"` + strings.ReplaceAll(s, `"`, `""`) + `"` }

// CreateDatabase creates database name, optionally as a copy of template.
func (s *Server) CreateDatabase(ctx context.Context, name, template string) error {
	db, err := sql.Open("pgx", s.DSN("postgres"))
	if err != nil {
		return err
	}
	defer db.Close()
	q := "CREATE DATABASE " + quoteIdent(name)
	if template != "" {
		q += " TEMPLATE " + quoteIdent(template)
	}
	_, err = db.ExecContext(ctx, q)
	return err
}
