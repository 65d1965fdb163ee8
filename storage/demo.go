package storage

import (
	"context"
	"fmt"
	"time"

	"planboard/domain"
)

// DemoOptions shape the demo data set.
type DemoOptions struct {
	PasswordHash string    // hash of the demo password, for every demo user
	Now          time.Time // "today" for spreading deadlines
	Institutions int       // 0: the two real demo institutions; N: a synthetic set for benchmarks
	Items        int       // items per synthetic plan
	BigPlanItems int       // with Institutions > 0: one more institution whose plan has this many items
	// Municipal adds the region's municipal founder with two institutions
	// (storage/demo_region.go); the tests' data set goes without.
	Municipal bool
	// Regions, with Institutions: a national tree (storage/demo_region.go):
	// a federal node over this many regions, each with its own founder and
	// municipal ones, the institutions spread over them.
	Regions int
}

// DemoFounderName is the founder of the demo data set.
const DemoFounderName = "Министерство культуры и национальной политики Кузбасса"

// DemoZone is the time zone of the demo institutions (UTC+7).
const DemoZone = "Asia/Novokuznetsk"

// IsEmpty reports whether the database has no users yet (a fresh install).
func (s *Store) IsEmpty(ctx context.Context) (bool, error) {
	n, err := s.db.NewSelect().Table("users").Count(ctx)
	return n == 0, err
}

// LoadDemo creates the demo founder, institutions, users and plans in one
// transaction. It refuses to run twice (the admin e-mail is taken: EConflict).
func (s *Store) LoadDemo(ctx context.Context, opt DemoOptions) ([]domain.DemoUser, error) {
	var users []domain.DemoUser
	if opt.Now.IsZero() {
		opt.Now = s.now()
	}
	at := s.WithClock(func() time.Time { return opt.Now }) // every demo row is stamped "today"
	err := at.InTx(ctx, func(tx *Store) error {
		var err error
		users, err = tx.loadDemo(ctx, opt)
		return err
	})
	if err == nil && opt.Institutions > 0 {
		// A bulk load leaves the planner without statistics, and every fresh
		// row to be vacuumed and hint-bitted, until autovacuum comes by; the
		// benchmark starts right after it, so do that work now.
		_, err = s.db.NewRaw("VACUUM (ANALYZE)").Exec(ctx)
	}
	return users, err
}

// demoPeople are the demo logins besides the admin; inst indexes the
// institutions (-1: the founder).
var demoPeople = []demoPerson{
	{"founder@example.org", "Петрова Ольга Викторовна", "Начальник отдела учреждений культуры", domain.RoleFounder, -1},
	{"director@example.org", "Иванов Сергей Петрович", "Директор", domain.RoleDirector, 0},
	{"staff@example.org", "Смирнова Анна Игоревна", "Научный сотрудник", domain.RoleStaff, 0},
	{"director2@example.org", "Кузнецова Марина Алексеевна", "Директор", domain.RoleDirector, 1},
	{"staff2@example.org", "Волков Дмитрий Андреевич", "Заведующий отделом обслуживания", domain.RoleStaff, 1},
}

type demoPerson struct {
	email, name, position string
	role                  domain.Role
	inst                  int // index into institutions; -1 for admin and founder
}

func (s *Store) loadDemo(ctx context.Context, opt DemoOptions) ([]domain.DemoUser, error) {
	admin := &domain.User{Email: "admin@example.org", FullName: "Администратор Planboard", Position: "Администратор", PasswordHash: opt.PasswordHash, IsAdmin: true}
	if err := s.CreateUser(ctx, admin); err != nil {
		return nil, fmt.Errorf("demo data already loaded? %w", err)
	}
	f := &domain.Founder{Name: DemoFounderName, ShortName: "Минкультуры Кузбасса"}
	if err := s.CreateFounder(ctx, f); err != nil {
		return nil, err
	}
	if opt.Institutions > 0 {
		return s.loadSynthetic(ctx, opt, f, admin)
	}
	insts := []*domain.Institution{
		{FounderID: f.ID, Name: "Муниципальное бюджетное учреждение культуры «Краеведческий музей»", ShortName: "МБУК «Краеведческий музей»", Kind: domain.KindMuseum, Slug: "kraevedcheskiy-muzey", TimeZone: DemoZone},
		{FounderID: f.ID, Name: "Муниципальное бюджетное учреждение культуры «Центральная городская библиотека»", ShortName: "МБУК «ЦГБ»", Kind: domain.KindLibrary, Slug: "centralnaya-biblioteka", TimeZone: DemoZone},
	}
	for _, in := range insts {
		if err := s.CreateInstitution(ctx, in); err != nil {
			return nil, err
		}
	}
	people := demoPeople
	out := []domain.DemoUser{{Email: admin.Email, Role: "admin"}}
	staffOf := map[int][]int64{}
	for _, p := range people {
		u := &domain.User{Email: p.email, FullName: p.name, Position: p.position, PasswordHash: opt.PasswordHash}
		if err := s.CreateUser(ctx, u); err != nil {
			return nil, err
		}
		m := &domain.Membership{UserID: u.ID, Role: p.role}
		inst := ""
		if p.inst >= 0 {
			m.InstitutionID = insts[p.inst].ID
			staffOf[p.inst] = append(staffOf[p.inst], u.ID)
			inst = insts[p.inst].ShortName
		} else {
			m.FounderID = f.ID
			inst = f.ShortName
		}
		if err := s.AddMembership(ctx, m); err != nil {
			return nil, err
		}
		out = append(out, domain.DemoUser{Email: p.email, Role: string(p.role), Institution: inst})
	}
	for i, in := range insts {
		status := domain.PlanDraft
		if in.Kind == domain.KindLibrary {
			status = domain.PlanApproved
		}
		if err := s.demoPlan(ctx, opt, in, string(in.Kind), status, staffOf[i], admin, 0); err != nil {
			return nil, err
		}
	}
	if err := s.demoOversight(ctx, opt, insts[1]); err != nil {
		return nil, err
	}
	region, err := s.demoRegion(ctx, opt, f, admin)
	if err != nil {
		return nil, err
	}
	return append(out, region), nil
}

// demoOffsets spread deadlines around today: overdue, due this week, later.
var demoOffsets = []int{-20, 2, -6, 5, 30, -3, 12, 60, -45, 90}

// demoPlan creates the current year's plan of an institution from a
// template, with items assigned, deadlines around today and a realistic mix
// of statuses.
func (s *Store) demoPlan(ctx context.Context, opt DemoOptions, in *domain.Institution, template string, status domain.PlanStatus, people []int64, by *domain.User, n int) error {
	today := domain.Today(opt.Now, in.Location())
	t, err := s.Template(ctx, template)
	if err != nil {
		return fmt.Errorf("template %s: %w", template, err)
	}
	items, err := domain.ItemsFromTemplate(t, today.Year)
	if err != nil {
		return err
	}
	items = repeatItems(items, n)
	k := 0 // counts dated items, so that every plan gets the whole spread
	for i := range items {
		it := &items[i]
		if it.Deadline.Kind != domain.DeadlineOngoing {
			it.Deadline = domain.DateDeadline(today.AddDays(demoOffsets[k%len(demoOffsets)]))
			it.OriginalDeadline = it.Deadline
			k++
		}
		it.AssigneeID = people[i%len(people)]
		switch k % 5 {
		case 0:
			it.Status = domain.StatusDone
			it.Implemented = "Мероприятие проведено, подтверждающие материалы приложены."
			it.CompletedOn = today.AddDays(-50 + i)
			for j := range it.Checklist {
				it.Checklist[j].Done = true
			}
		case 2:
			it.Status = domain.StatusInProgress
		case 3:
			if it.Deadline.HasDue() && it.Deadline.Due.Before(today) {
				it.Status = domain.StatusReview
				it.Implemented = "Работа выполнена, ожидает проверки руководителем."
				it.CompletedOn = today.AddDays(-1)
			}
		}
	}
	p := &domain.Plan{InstitutionID: in.ID, Year: today.Year, Status: status, TemplateCode: template,
		Title:       fmt.Sprintf("План по устранению недостатков, выявленных в ходе независимой оценки качества условий оказания услуг, на %d год", today.Year),
		PeriodStart: domain.NewDate(today.Year, 1, 1), PeriodEnd: domain.NewDate(today.Year, 12, 31)}
	return s.CreatePlan(ctx, p, items, *by)
}

// repeatItems cycles the template's items until there are n of them (n = 0
// keeps the template as it is). Checklists are copied, not shared.
func repeatItems(items []domain.Item, n int) []domain.Item {
	if n == 0 || len(items) == 0 {
		return items
	}
	out := make([]domain.Item, n)
	for i := range out {
		out[i] = items[i%len(items)]
		out[i].Position = i + 1
		out[i].Checklist = append([]domain.ChecklistPoint(nil), out[i].Checklist...)
	}
	return out
}

// loadSynthetic creates opt.Institutions institutions under one founder, each
// with a plan of opt.Items items, for benchmarks. The demo logins work as in
// the small set: director@ and staff@ belong to the first institution,
// director2@ and staff2@ to the second, founder@ oversees them all; the
// second one's plan is approved by founder@ and its public report published.
func (s *Store) loadSynthetic(ctx context.Context, opt DemoOptions, f *domain.Founder, admin *domain.User) ([]domain.DemoUser, error) {
	people := demoPeople
	insts := make([]*domain.Institution, opt.Institutions)
	kinds := []domain.InstitutionKind{domain.KindMuseum, domain.KindLibrary}
	founderOf, treeUsers, err := s.nationalTree(ctx, opt, f)
	if err != nil {
		return nil, err
	}
	for i := range insts {
		k := kinds[i%2]
		insts[i] = &domain.Institution{FounderID: founderOf(i), Name: fmt.Sprintf("Учреждение культуры № %d", i+1),
			ShortName: fmt.Sprintf("УК № %d", i+1), Kind: k, Slug: fmt.Sprintf("uk-%d", i+1), TimeZone: DemoZone}
		if err := s.CreateInstitution(ctx, insts[i]); err != nil {
			return nil, err
		}
	}
	out := []domain.DemoUser{{Email: admin.Email, Role: "admin"}}
	staffOf := map[int][]int64{}
	for _, p := range people {
		if p.inst >= len(insts) {
			continue
		}
		u := &domain.User{Email: p.email, FullName: p.name, Position: p.position, PasswordHash: opt.PasswordHash}
		if err := s.CreateUser(ctx, u); err != nil {
			return nil, err
		}
		m := &domain.Membership{UserID: u.ID, Role: p.role, FounderID: f.ID}
		if p.inst >= 0 {
			m.FounderID, m.InstitutionID = 0, insts[p.inst].ID
			staffOf[p.inst] = append(staffOf[p.inst], u.ID)
		}
		if err := s.AddMembership(ctx, m); err != nil {
			return nil, err
		}
		out = append(out, domain.DemoUser{Email: p.email, Role: string(p.role)})
	}
	if opt.BigPlanItems > 0 {
		big := &domain.Institution{FounderID: f.ID, Name: "Учреждение культуры с большим планом", ShortName: "УК (большой план)",
			Kind: domain.KindMuseum, Slug: "uk-big", TimeZone: DemoZone}
		if err := s.CreateInstitution(ctx, big); err != nil {
			return nil, err
		}
		if err := s.demoPlan(ctx, opt, big, string(big.Kind), domain.PlanApproved, []int64{admin.ID}, admin, opt.BigPlanItems); err != nil {
			return nil, err
		}
	}
	for i, in := range insts {
		assignees := staffOf[i]
		if len(assignees) == 0 {
			assignees = []int64{admin.ID}
		}
		if err := s.demoPlan(ctx, opt, in, string(in.Kind), domain.PlanApproved, assignees, admin, opt.Items); err != nil {
			return nil, err
		}
	}
	if len(insts) > 1 { // the second institution (a library, director2@) has its report published, as in the small set
		if err := s.demoOversight(ctx, opt, insts[1]); err != nil {
			return nil, err
		}
	}
	return append(out, treeUsers...), nil
}
