package web

import (
	"fmt"
	"html/template"
	"strings"
	"sync"

	"planboard/app/internal/render"
)

// fragments keeps rendered pieces of pages that repeat from view to view
// (a board card, a row of the plan table), keyed by everything they are
// made of: the page's language and flags and the printed value of the view
// model (fmt's %v of the whole struct, so a field added later is part of
// the key by itself). A changed item makes a new key; only memory bounds
// it. Executing html/template is most of a board's cost (a reflective call
// per {{…}}, some 1,300 on a 60-card board), and a copied fragment costs
// next to nothing.
type fragments struct {
	mu    sync.Mutex
	m     map[string]string
	bytes int
}

// fragmentBudget is how many bytes of fragments are kept at most.
const fragmentBudget = 8 << 20

// csrfSentinel stands for the viewer's CSRF token in a kept fragment: the
// fragment is shared, the token is put in when the page is served.
const csrfSentinel = "csrf-token-of-the-viewer"

// fragment returns the fragment for key, executing the named template of the
// page's set with data when it is not kept yet.
func (a *App) fragment(page, name, key string, data any) (string, error) {
	f := &a.fragments
	f.mu.Lock()
	s, ok := f.m[key]
	f.mu.Unlock()
	if ok {
		return s, nil
	}
	if !a.pages.Has(page) {
		return "", render.ErrNoTemplate(page)
	}
	var b strings.Builder
	if err := a.pages.Fragment(&b, name, data); err != nil {
		return "", fmt.Errorf("render %s: %w", name, err)
	}
	s = b.String()
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.m == nil || f.bytes+len(key)+len(s) > fragmentBudget {
		f.m, f.bytes = map[string]string{}, 0
	}
	f.m[key], f.bytes = s, f.bytes+len(key)+len(s)
	return s, nil
}

// cardData is what the "card" template of the board prints.
type cardData struct {
	C    boardCard
	L    boardLabels
	Mine bool
	CSRF string
}

// renderCards prints every card of the board into its column.
func (a *App) renderCards(p *boardPage) error {
	csrf := template.HTMLEscapeString(p.CSRF)
	for i := range p.Columns {
		col := &p.Columns[i]
		col.HTML = make([]template.HTML, len(col.Cards))
		for k, c := range col.Cards {
			key := fmt.Sprintf("card|%s|%t|%v", p.Lang, p.Mine, c)
			s, err := a.fragment("board", "card", key, cardData{C: c, L: p.L, Mine: p.Mine, CSRF: csrfSentinel})
			if err != nil {
				return err
			}
			col.HTML[k] = template.HTML(strings.ReplaceAll(s, csrfSentinel, csrf)) //nolint:gosec // rendered by html/template
		}
	}
	return nil
}

// rowData is what the "row" template of the plan table prints.
type rowData struct {
	R         planRow
	L         planLabels
	Edit      bool
	PageQuery string
}

// renderRows prints every row of the plan table into its section.
func (a *App) renderRows(p *planPage) error {
	pq := p.PageQuery()
	for i := range p.Sections {
		sec := &p.Sections[i]
		sec.HTML = make([]template.HTML, len(sec.Rows))
		for k, r := range sec.Rows {
			key := fmt.Sprintf("row|%s|%t|%s|%v", p.Lang, p.CanEdit, pq, r)
			s, err := a.fragment("plan", "row", key, rowData{R: r, L: p.L, Edit: p.CanEdit, PageQuery: pq})
			if err != nil {
				return err
			}
			sec.HTML[k] = template.HTML(s) //nolint:gosec // rendered by html/template
		}
	}
	return nil
}
