package service_test

import (
	"testing"

	"planboard/app/service"
	"planboard/domain"
)

// An institution's reminder rules: its director reads and saves them;
// another tenant's director finds no such institution, its staff are
// forbidden, and a bad form is refused field by field, saving nothing.
func TestMailRules(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	director, staff, other := e.as("director@example.org"), e.as("staff@example.org"), e.as("director2@example.org")
	_, before, err := e.svc.MailRules(e.ctx, director, e.museum.ID)
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := e.svc.MailRules(e.ctx, other, e.museum.ID); code(err) != domain.ENotFound {
		t.Errorf("foreign read: %v", err)
	}
	good := service.MailRulesForm{Institution: e.museum.ID, Offsets: "5, 2", OverdueEvery: "3", EscalateDirector: "4",
		EscalateFounder: "20", Weekends: true, RemindWorkingDays: true}
	if _, err := e.svc.SaveMailRules(e.ctx, other, good); code(err) != domain.ENotFound {
		t.Errorf("foreign save: %v", err)
	}
	if _, err := e.svc.SaveMailRules(e.ctx, staff, good); code(err) != domain.EForbidden {
		t.Errorf("staff save: %v", err)
	}
	bad := good
	bad.Offsets, bad.OverdueEvery = "завтра", "-1"
	inst, err := e.svc.SaveMailRules(e.ctx, director, bad)
	var ve *domain.ValidationError
	if !asValidation(err, &ve) || ve.Fields["offsets"] == "" || ve.Fields["overdue_every"] == "" || inst.ID != e.museum.ID {
		t.Errorf("bad form: %v", err)
	}
	if _, r, _ := e.svc.MailRules(e.ctx, director, e.museum.ID); len(r.RemindOffsets) != len(before.RemindOffsets) || r.OverdueEvery != before.OverdueEvery {
		t.Errorf("a refused form saved %+v", r)
	}
	if _, err := e.svc.SaveMailRules(e.ctx, director, good); err != nil {
		t.Fatal(err)
	}
	_, r, err := e.svc.MailRules(e.ctx, director, e.museum.ID)
	if err != nil || len(r.RemindOffsets) != 2 || r.RemindOffsets[0] != 5 || r.OverdueEvery != 3 || !r.Weekends || !r.RemindWorkingDays || r.EscalateWorkingDays {
		t.Errorf("saved %+v %v", r, err)
	}
	if _, r, _ := e.svc.MailRules(e.ctx, other, e.library.ID); r.OverdueEvery == 3 && r.Weekends && len(r.RemindOffsets) == 2 {
		t.Errorf("the other institution's rules changed: %+v", r)
	}
}

// Inbox marks touch the caller's own notices only.
func TestInboxMarks(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	staff, other := e.as("staff@example.org"), e.as("staff2@example.org")
	add := func(key string, to int64) int64 {
		var id int64
		err := e.store.DB().NewRaw(`INSERT INTO inbox_notices (dedupe_key, recipient_id, kind, text, link, created_at)
			VALUES (?, ?, 'assigned', 'x', '/', ?) RETURNING id`, key, to, e.store.Now()).Scan(e.ctx, &id)
		if err != nil {
			t.Fatal(err)
		}
		return id
	}
	mine, theirs := add("a", staff.User.ID), add("c", other.User.ID)
	add("b", staff.User.ID)
	if err := e.svc.ReadNotice(e.ctx, staff, theirs); code(err) != domain.ENotFound {
		t.Errorf("someone else's notice: %v", err)
	}
	if err := e.svc.ReadNotice(e.ctx, staff, mine); err != nil {
		t.Fatal(err)
	}
	if err := e.svc.ReadNotice(e.ctx, staff, mine); err != nil {
		t.Errorf("again: %v", err)
	}
	if n, err := e.svc.ReadAllNotices(e.ctx, staff); err != nil || n != 1 {
		t.Errorf("read all: %d %v", n, err)
	}
	if n, err := e.svc.ReadAllNotices(e.ctx, other); err != nil || n != 1 {
		t.Errorf("the other's notice was marked by the first: %d %v", n, err)
	}
}
