package web

import (
	"sort"

	"github.com/gofiber/fiber/v2"

	"planboard/domain"
)

// founderDecisions is the top of the founder's dashboard (docs/ux.md §5):
// every plan and progress report waiting for a decision, of any year, and
// the years the dashboard can show.
type founderDecisions struct {
	Decisions []domain.Decision
	Years     []int
}

// decisionsOf reads the decisions waiting in the founder's scope (one
// query, whatever the number of institutions) and offers the years around
// the current one plus every year something waits in.
func (a *App) decisionsOf(c *fiber.Ctx, shown int) (founderDecisions, error) {
	sc, err := founderScope(c)
	if err != nil {
		return founderDecisions{}, err
	}
	var d founderDecisions
	if d.Decisions, err = a.store.AwaitingDecisions(c.UserContext(), sc); err != nil {
		return d, err
	}
	now := a.now().Year()
	seen := map[int]bool{}
	add := func(y int) {
		if !seen[y] {
			seen[y] = true
			d.Years = append(d.Years, y)
		}
	}
	for y := now - 2; y <= now+1; y++ {
		add(y)
	}
	add(shown)
	for _, x := range d.Decisions {
		add(x.Year)
	}
	sort.Ints(d.Years)
	return d, nil
}

// DecisionURL is where the founder decides: the plan's approval page, a
// report's own page.
func (p founderPage) DecisionURL(d domain.Decision) string {
	return "/plans/" + itoa64(d.PlanID) + "/approval"
}

// DecisionWhen is when a decision started waiting, in its institution's
// time zone, as the rest of the page shows times.
func (p founderPage) DecisionWhen(d domain.Decision) string {
	return p.When(d.Since.In(domain.Institution{TimeZone: d.TimeZone}.Location()))
}

// Waiting counts the decisions of a kind ("plan", "report") in the list
// «Ждут решения», of any year: the counters above the list say the same.
func (d founderDecisions) Waiting(kind string) int {
	n := 0
	for _, x := range d.Decisions {
		if x.Kind == kind {
			n++
		}
	}
	return n
}
