package web

import "strconv"

// pager is the page navigation of a long list: which page is shown, which
// items it holds (From–To of Total, counted from 1) and the links to show.
type pager struct {
	Page, Pages     int
	From, To, Total int
	Links           []pageLink
	Query           string // the page's other query parameters, kept by the links
	RangeKey        string // catalogue key of the "items X–Y of Z" line
	LabelKey        string // catalogue key of the navigation's label
}

// pageLink is one entry of the navigation; Gap stands for skipped pages.
type pageLink struct {
	N       int
	Current bool
	Gap     bool
}

// newPager reads the page number (1 when missing or not a number; the last
// page when past the end) for total items shown size at a time.
func newPager(param string, total, size int) pager {
	p := pager{Total: total, Pages: max(1, (total+size-1)/size), RangeKey: "plan.page_range", LabelKey: "plan.pages"}
	p.Page, _ = strconv.Atoi(param)
	p.Page = min(max(p.Page, 1), p.Pages)
	p.From = (p.Page-1)*size + 1
	p.To = min(p.Page*size, total)
	if p.Pages == 1 {
		return p
	}
	for n := 1; n <= p.Pages; n++ {
		switch {
		case n == 1 || n == p.Pages || (n >= p.Page-2 && n <= p.Page+2):
			p.Links = append(p.Links, pageLink{N: n, Current: n == p.Page})
		case len(p.Links) > 0 && !p.Links[len(p.Links)-1].Gap:
			p.Links = append(p.Links, pageLink{Gap: true})
		}
	}
	return p
}

// Prev and Next are the neighbouring page numbers (0: none).
func (p pager) Prev() int {
	if p.Page > 1 {
		return p.Page - 1
	}
	return 0
}

func (p pager) Next() int {
	if p.Page < p.Pages {
		return p.Page + 1
	}
	return 0
}

// URL is the address of page n, the other parameters kept.
func (p pager) URL(n int) string {
	if p.Query != "" {
		return "?" + p.Query + "&page=" + strconv.Itoa(n)
	}
	return "?page=" + strconv.Itoa(n)
}
