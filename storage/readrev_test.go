package storage_test

import (
	"context"
	"testing"

	"github.com/uptrace/bun"

	"planboard/domain"
)

// Every change to what an institution's pages show moves its change
// counter by one per transaction, whoever makes it (here plain SQL, as the
// CLI or another replica would), and the counter of its founder with it;
// the other institution's counter stays.
func TestChangeCountersMoveWithEveryChange(t *testing.T) {
	s, plans := demoPlans(t)
	ctx := context.Background()
	museum, library := plans[0], plans[1]
	if museum.Institution.FounderID != library.Institution.FounderID {
		t.Fatal("the demo's two institutions have one founder")
	}
	m := museum.Institution.ID
	stamp := func(p domain.PlanSummary) int64 {
		t.Helper()
		st, _, err := s.PlanStamp(ctx, domain.Scope{All: true}, p.Plan.ID, nil)
		if err != nil {
			t.Fatal(err)
		}
		return st.Rev
	}
	founder := func() string {
		t.Helper()
		k, _, err := s.ScopeStamp(ctx, domain.Scope{FounderIDs: []int64{museum.Institution.FounderID}}, nil)
		if err != nil {
			t.Fatal(err)
		}
		return k
	}
	item := `(SELECT min(id) FROM items WHERE institution_id = ?0)`
	for _, c := range []struct {
		what  string
		sql   []string
		other bool // the change shows on every institution of the founder
	}{
		{"an item's text", []string{`UPDATE items SET measure = measure || '.' WHERE id = ` + item}, false},
		{"several items in one transaction", []string{`UPDATE items SET measure = measure || '.' WHERE institution_id = ?0`,
			`UPDATE items SET priority = priority WHERE institution_id = ?0`}, false},
		{"the plan", []string{`UPDATE plans SET title = title || '.' WHERE institution_id = ?0`}, false},
		{"a checklist point", []string{`INSERT INTO item_checklist (item_id, position, text) VALUES (` + item + `, 99, 'пункт')`}, false},
		{"a comment", []string{`INSERT INTO item_comments (item_id, institution_id, author_name, body) VALUES (` + item + `, ?0, 'И', 'Текст')`}, false},
		{"evidence", []string{`INSERT INTO item_attachments (item_id, institution_id, kind, url) VALUES (` + item + `, ?0, 'link', 'https://example.org/')`}, false},
		{"history", []string{`INSERT INTO item_history (institution_id, plan_id, item_id, action, field, new_value)
			SELECT institution_id, plan_id, id, 'updated', 'measure', 'v' FROM items WHERE id = ` + item}, false},
		{"a co-assignee", []string{`INSERT INTO item_assignees (item_id, user_id)
			SELECT ` + item + `, user_id FROM memberships WHERE institution_id = ?0 LIMIT 1 ON CONFLICT DO NOTHING`}, false},
		{"a member's name", []string{`UPDATE users SET full_name = full_name || '.' WHERE id =
			(SELECT min(user_id) FROM memberships WHERE institution_id = ?0)`}, false},
		{"a member's role", []string{`UPDATE memberships SET role = role WHERE institution_id = ?0`}, false},
		{"НОК results", []string{`INSERT INTO assessments (institution_id, year) VALUES (?0, 2001)`}, false},
		{"a НОК value", []string{`INSERT INTO assessment_values (assessment_id, code, value)
			SELECT id, '1.1', 90 FROM assessments WHERE institution_id = ?0 AND year = 2001`}, false},
		{"a deleted НОК value", []string{`DELETE FROM assessment_values WHERE assessment_id IN (SELECT id FROM assessments WHERE institution_id = ?0)`}, false},
		{"the institution", []string{`UPDATE institutions SET short_name = short_name || '.' WHERE id = ?0`}, false},
		{"a deleted item", []string{`DELETE FROM items WHERE id = ` + item}, false},
		{"the founder's thresholds", []string{`INSERT INTO founder_thresholds (founder_id, target, value)
			SELECT founder_id, 'К1', 70 FROM institutions WHERE id = ?0 ON CONFLICT (founder_id, target) DO UPDATE SET value = 71`}, true},
		{"the founder's name", []string{`UPDATE founders SET short_name = short_name || '.' WHERE id = (SELECT founder_id FROM institutions WHERE id = ?0)`}, true},
	} {
		mBefore, lBefore, fBefore := stamp(museum), stamp(library), founder()
		err := s.DB().RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
			for _, q := range c.sql {
				if _, err := tx.NewRaw(q, m).Exec(ctx); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			t.Fatalf("%s: %v", c.what, err)
		}
		if got := stamp(museum); got != mBefore+1 {
			t.Errorf("%s: the museum's counter went %d → %d, want one step", c.what, mBefore, got)
		}
		if got, want := stamp(library), lBefore+map[bool]int64{true: 1}[c.other]; got != want {
			t.Errorf("%s: the library's counter went %d → %d, want %d", c.what, lBefore, got, want)
		}
		if founder() == fBefore {
			t.Errorf("%s: the founder's key did not change", c.what)
		}
	}
	// A transaction that rolls back moves nothing.
	before := stamp(museum)
	_ = s.DB().RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		if _, err := tx.NewRaw(`UPDATE items SET measure = 'x' WHERE institution_id = ?`, m).Exec(ctx); err != nil {
			return err
		}
		return context.Canceled
	})
	if got := stamp(museum); got != before {
		t.Errorf("a rolled back change moved the counter %d → %d", before, got)
	}
	// A change the pages do not show (a session, a mail) moves nothing.
	if _, err := s.DB().NewRaw(`UPDATE users SET updated_at = updated_at WHERE id IN (SELECT user_id FROM memberships WHERE institution_id = ?)`, m).Exec(ctx); err != nil {
		t.Fatal(err)
	}
	if got := stamp(museum); got != before {
		t.Errorf("touching a user's stamp moved the counter %d → %d", before, got)
	}
}

// A plan outside the caller's scope has no stamp (not found), and the
// navigation's counts come with the stamp when asked for.
func TestPlanStampKeepsToTheScope(t *testing.T) {
	s, plans := demoPlans(t)
	ctx := context.Background()
	museum, library := plans[0], plans[1]
	own := domain.Scope{InstitutionIDs: []int64{museum.Institution.ID}}
	if _, _, err := s.PlanStamp(ctx, own, library.Plan.ID, nil); domain.ErrorCode(err) != domain.ENotFound {
		t.Errorf("another tenant's plan: %v, want not found", err)
	}
	st, _, err := s.PlanStamp(ctx, own, museum.Plan.ID, nil)
	if err != nil || st.InstitutionID != museum.Institution.ID || st.FounderID != museum.Institution.FounderID || st.TimeZone == "" {
		t.Fatalf("own plan: %+v %v", st, err)
	}
	var dir int64
	if err := s.DB().NewRaw(`SELECT user_id FROM memberships WHERE institution_id = ? AND role = 'director' LIMIT 1`, museum.Institution.ID).Scan(ctx, &dir); err != nil {
		t.Fatal(err)
	}
	want := domain.NavCounts{}
	if want.Unread, want.Review, err = s.NavCounts(ctx, dir, &own); err != nil {
		t.Fatal(err)
	}
	if _, got, err := s.PlanStamp(ctx, own, museum.Plan.ID, &domain.NavQuery{UserID: dir, Review: &own}); err != nil || got != want {
		t.Errorf("counts with the stamp %+v, alone %+v (%v)", got, want, err)
	}
	if _, got, err := s.ScopeStamp(ctx, own, &domain.NavQuery{UserID: dir, Review: &own}); err != nil || got != want {
		t.Errorf("counts with the scope's stamp %+v, alone %+v (%v)", got, want, err)
	}
}
