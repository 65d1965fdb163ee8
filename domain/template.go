package domain

import "fmt"

// ItemsFromTemplate turns a template into the items of a plan for year:
// quarters in the template become quarters of that year, bullets become
// checklist points. It fails on a malformed template item.
func ItemsFromTemplate(t Template, year int) ([]Item, error) {
	items := make([]Item, 0, len(t.Items))
	for i, ti := range t.Items {
		if !ti.Section.Valid() {
			return nil, fmt.Errorf("template %s item %d: unknown section %q", t.Code, i+1, ti.Section)
		}
		dl, err := TemplateDeadline(ti.Deadline, year)
		if err != nil {
			return nil, fmt.Errorf("template %s item %d: deadline %q: %w", t.Code, i+1, ti.Deadline, err)
		}
		it := Item{Position: i + 1, Section: ti.Section, Indicator: ti.Indicator, Deficiency: ti.Deficiency,
			Measure: ti.Measure, Description: ti.Description, Deadline: dl, OriginalDeadline: dl,
			Status: StatusPlanned, Priority: 2}
		for j, p := range ti.Checklist {
			it.Checklist = append(it.Checklist, ChecklistPoint{Position: j + 1, Text: p})
		}
		items = append(items, it)
	}
	return items, nil
}
