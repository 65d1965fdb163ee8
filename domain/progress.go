package domain

// IsOverdue reports whether an item is late on the given day (today in the
// institution's zone): it is still open and its due day has passed.
// Overdue is derived, never stored (docs/domain.md §7, words).
func IsOverdue(it *Item, today Date) bool {
	return it.Status.Open() && it.Deadline.HasDue() && it.Deadline.Due.Before(today)
}

// IsDueSoon reports whether an open item falls due within the next days (today included).
func IsDueSoon(it *Item, today Date, days int) bool {
	if !it.Status.Open() || !it.Deadline.HasDue() || it.Deadline.Due.Before(today) {
		return false
	}
	return today.DaysUntil(it.Deadline.Due) < days
}

// Progress counts items of one section or of a whole plan.
type Progress struct {
	Section    Section
	Items      int // every item, cancelled included: the table numbers them all
	Total      int // items that count: everything but cancelled
	Done       int
	InProgress int // in progress or awaiting acceptance
	Overdue    int
	OnTime     int // done no later than the planned due day
}

// Percent returns the share of done items, 0–100, rounded down.
func (p Progress) Percent() int {
	if p.Total == 0 {
		return 0
	}
	return p.Done * 100 / p.Total
}

// OnTimePercent returns the share of done items finished on time, 0–100.
func (p Progress) OnTimePercent() int {
	if p.Done == 0 {
		return 0
	}
	return p.OnTime * 100 / p.Done
}

func (p *Progress) add(it *Item, today Date) {
	p.Items++
	if it.Status == StatusCancelled {
		return
	}
	p.Total++
	switch it.Status {
	case StatusDone:
		p.Done++
		if !it.Deadline.HasDue() || it.CompletedOn.IsZero() || !it.CompletedOn.After(it.Deadline.Due) {
			p.OnTime++
		}
	case StatusInProgress, StatusReview:
		p.InProgress++
	}
	if IsOverdue(it, today) {
		p.Overdue++
	}
}

// PlanProgress returns the progress of every section (in report order, only
// sections that have items) and the total.
func PlanProgress(items []Item, today Date) (sections []Progress, total Progress) {
	bySection := map[Section]*Progress{}
	for i := range items {
		it := &items[i]
		p := bySection[it.Section]
		if p == nil {
			p = &Progress{Section: it.Section}
			bySection[it.Section] = p
		}
		p.add(it, today)
		total.add(it, today)
	}
	for _, s := range Sections {
		if p := bySection[s]; p != nil {
			sections = append(sections, *p)
		}
	}
	return sections, total
}
