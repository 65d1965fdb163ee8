package web

import (
	"sort"
	"time"

	"planboard/domain"
)

// sortByUrgency orders «Мои задачи» as people work through them (issue
// 14.10): overdue first, then by deadline, items without a day last; each
// item's "today" is its institution's.
func sortByUrgency(cards []domain.Card, now time.Time, instOf func(domain.Card) domain.Institution) {
	today := make([]domain.Date, len(cards))
	for i := range cards {
		today[i] = domain.Today(now, instOf(cards[i]).Location())
	}
	idx := make([]int, len(cards))
	for i := range idx {
		idx[i] = i
	}
	sort.SliceStable(idx, func(x, y int) bool {
		a, b := idx[x], idx[y]
		return domain.MoreUrgent(&cards[a].Item, today[a], &cards[b].Item, today[b])
	})
	out := make([]domain.Card, len(cards))
	for i, j := range idx {
		out[i] = cards[j]
	}
	copy(cards, out)
}

// anyMoves reports whether some card offers the viewer a move: the drag
// hint and the drag script are for boards the viewer can change.
func anyMoves(cols []boardColumn) bool {
	for _, col := range cols {
		for _, cd := range col.Cards {
			if len(cd.Moves) > 0 {
				return true
			}
		}
	}
	return false
}
