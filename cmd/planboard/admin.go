package main

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"
	"time"

	"planboard/app"
	"planboard/domain"
	"planboard/storage"
)

// migrateCmd applies pending migrations (up, the default) or lists them (status).
func migrateCmd(ctx context.Context, e *env, args []string) error {
	sub := "up"
	if len(args) > 0 {
		sub = args[0]
	}
	if sub != "up" && sub != "status" {
		return fmt.Errorf("migrate: unknown subcommand %q (want up or status)", sub)
	}
	d, err := openDatabase(ctx, e)
	if err != nil {
		return err
	}
	defer d.Close()
	if sub == "up" {
		applied, err := storage.Migrate(ctx, d.db)
		if err != nil {
			return err
		}
		if len(applied) == 0 {
			fmt.Fprintln(e.stdout, "schema is up to date")
		}
		for _, v := range applied {
			fmt.Fprintln(e.stdout, "applied", v)
		}
		return nil
	}
	list, err := storage.MigrationStatus(ctx, d.db.DB)
	if err != nil {
		return err
	}
	for _, m := range list {
		state := "pending"
		if m.Applied {
			state = "applied " + m.AppliedAt.Format(time.RFC3339)
		}
		fmt.Fprintf(e.stdout, "%-30s %s\n", m.Version, state)
	}
	return nil
}

// demoCmd loads the demo data set into a migrated database.
func demoCmd(ctx context.Context, e *env, args []string) error {
	fs := flag.NewFlagSet("demo", flag.ContinueOnError)
	fs.SetOutput(e.stdout)
	insts := fs.Int("institutions", 0, "number of synthetic institutions (0: the two demo institutions)")
	items := fs.Int("items", 60, "items per synthetic plan")
	bigPlan := fs.Int("big-plan", 0, "with --institutions: one more plan with this many items")
	regions := fs.Int("regions", 0, "with --institutions: a federal level over this many regions, the institutions spread over their founders")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *regions < 0 || (*regions > 0 && *insts < *regions) {
		return errors.New("demo: --regions needs --institutions, at least one per region")
	}
	if *insts < 0 || *items < 1 {
		return errors.New("demo: --institutions must be ≥ 0 and --items ≥ 1")
	}
	d, err := openMigrated(ctx, e)
	if err != nil {
		return err
	}
	defer d.Close()
	hash, err := app.HashPassword(e.cfg.DemoPassword)
	if err != nil {
		return err
	}
	start := time.Now() // wall clock: measures the load's duration
	users, err := storage.New(d.db).WithClock(e.now).LoadDemo(ctx, storage.DemoOptions{PasswordHash: hash, Now: e.now(), Institutions: *insts, Items: *items, BigPlanItems: *bigPlan,
		Municipal: *insts == 0, Regions: *regions})
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "demo data loaded in %s; logins (password from PLANBOARD_DEMO_PASSWORD):\n", time.Since(start).Round(time.Millisecond))
	for _, u := range users {
		fmt.Fprintf(e.stdout, "  %-24s %s %s\n", u.Email, u.Role, u.Institution)
	}
	return nil
}

// userCmd creates a user with a role: the way to bootstrap a real install.
func userCmd(ctx context.Context, e *env, args []string) error {
	if len(args) == 0 || args[0] != "add" {
		return errors.New("user: want `planboard user add --email E --role R ...`")
	}
	fs := flag.NewFlagSet("user add", flag.ContinueOnError)
	fs.SetOutput(e.stdout)
	email := fs.String("email", "", "e-mail (login)")
	name := fs.String("name", "", "full name, as printed in reports")
	position := fs.String("position", "", "position, as printed in reports")
	role := fs.String("role", "", "admin, founder, director or staff")
	slug := fs.String("institution", "", "institution slug (director, staff)")
	founder := fs.Int64("founder", 0, "founder id (founder)")
	password := fs.String("password", "", "password (read from standard input when empty)")
	if err := fs.Parse(args[1:]); err != nil {
		return err
	}
	if !strings.Contains(*email, "@") {
		return errors.New("user add: --email is required")
	}
	r := domain.Role(*role)
	if *role != "admin" && !r.Valid() {
		return errors.New("user add: --role must be admin, founder, director or staff")
	}
	if *password == "" {
		line, err := bufio.NewReader(e.stdin).ReadString('\n')
		if err != nil && !errors.Is(err, io.EOF) {
			return err
		}
		*password = strings.TrimRight(line, "\r\n")
	}
	if len([]rune(*password)) < 10 {
		return errors.New("user add: the password must have at least 10 characters")
	}
	d, err := openMigrated(ctx, e)
	if err != nil {
		return err
	}
	defer d.Close()
	hash, err := app.HashPassword(*password)
	if err != nil {
		return err
	}
	u := &domain.User{Email: *email, FullName: *name, Position: *position, PasswordHash: hash, IsAdmin: *role == "admin"}
	err = storage.New(d.db).WithClock(e.now).InTx(ctx, func(tx *storage.Store) error {
		if err := tx.CreateUser(ctx, u); err != nil {
			return fmt.Errorf("user add: %w", err)
		}
		if u.IsAdmin {
			return nil
		}
		m := &domain.Membership{UserID: u.ID, Role: r}
		switch {
		case r == domain.RoleFounder && *founder > 0:
			m.FounderID = *founder
		case r != domain.RoleFounder && *slug != "":
			inst, err := tx.InstitutionBySlug(ctx, *slug)
			if err != nil {
				return fmt.Errorf("user add: institution %q: %w", *slug, err)
			}
			m.InstitutionID = inst.ID
		default:
			return errors.New("user add: a founder needs --founder ID, a director or staff member --institution SLUG")
		}
		return tx.AddMembership(ctx, m)
	})
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "user %s created (id %d, %s)\n", u.Email, u.ID, *role)
	return nil
}
