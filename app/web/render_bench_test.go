package web

import (
	"bytes"
	"fmt"
	"testing"
	"time"

	"planboard/app/internal/render"
	"planboard/domain"
)

// benchItems returns n items spread over the sections like a real plan.
func benchItems(n int) []domain.Item {
	today := domain.NewDate(2026, 11, 23)
	items := make([]domain.Item, n)
	for i := range items {
		st := []domain.ItemStatus{domain.StatusPlanned, domain.StatusInProgress, domain.StatusDone, domain.StatusReview}[i%4]
		items[i] = domain.Item{ID: int64(1000 + i), PlanID: 1, InstitutionID: 1, Position: i + 1, Section: domain.Sections[i*len(domain.Sections)/n],
			Deficiency: "Отсутствует пандус у входа в здание", Measure: fmt.Sprintf("Установить пандус у входа № %d в соответствии с требованиями", i),
			Deadline: domain.DateDeadline(today.AddDays(i%30 - 10)), AssigneeID: int64(1 + i%2), Status: st, Version: 3,
			Checklist: []domain.ChecklistPoint{{Text: "Смета", Done: true}, {Text: "Договор"}}}
		if st == domain.StatusDone {
			items[i].Implemented, items[i].CompletedOn = "Мероприятие проведено.", today.AddDays(-3)
		}
	}
	return items
}

func benchMembers() []domain.Member {
	return []domain.Member{{User: domain.User{ID: 1, FullName: "Иванов Сергей Петрович", Position: "Директор"}},
		{User: domain.User{ID: 2, FullName: "Смирнова Анна Игоревна", Position: "Научный сотрудник"}}}
}

// BenchmarkPlanTable60 builds and renders the plan table of 60 items as
// its director sees it (with the bulk form and reorder buttons).
func BenchmarkPlanTable60(b *testing.B) {
	pg, err := render.Load()
	if err != nil {
		b.Fatal(err)
	}
	items, members := benchItems(60), benchMembers()
	today := domain.NewDate(2026, 11, 23)
	a := &App{pages: pg}
	b.ReportAllocs()
	for b.Loop() {
		renderPlanTable(b, a, items, members, today)
	}
}

func renderPlanTable(b testing.TB, a *App, items []domain.Item, members []domain.Member, today domain.Date) []byte {
	pg := a.pages
	progress, total := domain.PlanProgress(items, today)
	p := planPage{Page: Page{Locale: pg.Cat.In("ru"), CSRF: "token"}, CanEdit: true, Members: members, Total: total,
		Pager: newPager("1", total.Items, planPageSize)}
	if len(items) > planPageSize {
		items = items[:planPageSize]
	}
	p.buildRows(progress, items, members, today)
	if err := a.renderRows(&p); err != nil {
		b.Fatal(err)
	}
	var buf bytes.Buffer
	if err := pg.Render(&buf, "plan", "base", p); err != nil {
		b.Fatal(err)
	}
	return buf.Bytes()
}

// BenchmarkBoard60 builds and renders the board of a 60-item plan.
func BenchmarkBoard60(b *testing.B) {
	pg, err := render.Load()
	if err != nil {
		b.Fatal(err)
	}
	items, members := benchItems(60), benchMembers()
	cards, who, now, instOf := benchCards(items)
	a := &App{pages: pg}
	b.ReportAllocs()
	for b.Loop() {
		p := boardPage{Page: Page{Locale: pg.Cat.In("ru"), CSRF: "token"}, Members: members, Sections: domain.Sections, Filter: domain.BoardFilter{PlanID: 1}}
		buildBoard(&p, cards, who, now, false, instOf)
		if err := a.renderCards(&p); err != nil {
			b.Fatal(err)
		}
		var buf bytes.Buffer
		if err := pg.Render(&buf, "board", "base", p); err != nil {
			b.Fatal(err)
		}
	}
}

// benchCards returns items as board cards seen by an admin, with the
// institution they belong to.
func benchCards(items []domain.Item) ([]domain.Card, domain.Actor, time.Time, func(domain.Card) domain.Institution) {
	cards := make([]domain.Card, len(items))
	for i, it := range items {
		cards[i] = domain.Card{Item: it, AssigneeName: "Иванов Сергей Петрович", PlanYear: 2026}
	}
	inst := domain.Institution{ID: 1, FounderID: 1, TimeZone: "Asia/Novokuznetsk"}
	return cards, domain.Actor{UserID: 1, IsAdmin: true}, time.Date(2026, 11, 23, 2, 0, 0, 0, time.UTC),
		func(domain.Card) domain.Institution { return inst }
}
