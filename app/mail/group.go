package mail

import (
	"sort"

	"planboard/domain"
)

// Escalations go to managers grouped: every item that became overdue
// enough is a ledger row of its own (a marker, so it is escalated once),
// and each recipient gets one mail per sweep listing the items that were
// newly escalated to them.

// escalationMarkers are the ledger rows of the escalations: never sent,
// but their subject line tells the admin what was escalated. Each carries
// the escalation's inbox note: the inbox lists each escalated item with
// its own link (the grouped mail exists to spare managers' mailboxes; an
// inbox lists and marks read one item at a time), so the grouped mail has
// no note of its own.
func (m *Mailer) escalationMarkers(cs []domain.MailCandidate) []domain.Mail {
	out := make([]domain.Mail, len(cs))
	for i, c := range cs {
		v := m.view(c.Kind, c.Recipient, c.Institution)
		subject := v.T("mail."+c.Kind+".subject", shorten(c.Item.Measure, 60), c.Today.DaysUntil(c.Item.Due)*-1)
		out[i] = domain.Mail{Kind: c.Kind, SubjectID: c.Item.ID, RecipientID: c.Recipient.ID, InstitutionID: c.InstitutionID,
			To: c.Recipient.Email, Day: c.Day, ItemDeadline: c.Item.Due, Subject: subject,
			Inbox: []domain.InboxNote{{SubjectID: c.Item.ID, Text: subject, Link: itemPath(c.Item.ID)}}}
	}
	return out
}

// groupedMails renders one mail per kind and recipient over the fresh
// escalations (indexes into cs): a single item reads as the item mail, more
// are listed by institution.
func (m *Mailer) groupedMails(cs []domain.MailCandidate, fresh []int) ([]domain.Mail, error) {
	type key struct {
		kind string
		to   int64
	}
	var order []key
	groups := map[key][]domain.MailCandidate{}
	for _, i := range fresh {
		k := key{cs[i].Kind, cs[i].Recipient.ID}
		if groups[k] == nil {
			order = append(order, k)
		}
		groups[k] = append(groups[k], cs[i])
	}
	out := make([]domain.Mail, 0, len(order))
	for _, k := range order {
		mail, err := m.groupedMail(groups[k])
		if err != nil {
			return nil, err
		}
		out = append(out, mail)
	}
	return out, nil
}

// A grouped mail lists a few items of each institution, worst first, and
// at most maxGroups institutions; the rest are counted, and its link leads
// to all of them.
const (
	maxGroupLines = 10 // items listed when the mail is about one institution
	maxManyLines  = 5  // items listed per institution when it is about several
	maxGroups     = 20
)

func (m *Mailer) groupedMail(cs []domain.MailCandidate) (domain.Mail, error) {
	first := cs[0]
	batch := make([]int64, len(cs))
	for i, c := range cs {
		batch[i] = c.Item.ID
	}
	if len(cs) == 1 {
		mail, err := m.itemMail(first, "")
		mail.Batch, mail.Day, mail.ItemDeadline, mail.Inbox = batch, first.Today, domain.Date{}, nil
		return mail, err
	}
	v := m.view(first.Kind, first.Recipient, first.Institution)
	v.Lead, v.Link = v.T("mail."+first.Kind+".many.lead", len(cs)), m.cfg.BaseURL+"/"
	if first.Kind == domain.MailEscalateFounder {
		v.Link = m.cfg.BaseURL + "/founder"
	}
	v.Groups = m.byInstitution(cs, v)
	inst := first.InstitutionID
	if len(v.Groups) > 1 {
		inst = 0
	}
	text, html, err := m.render("digest", v)
	return domain.Mail{Kind: first.Kind, SubjectID: batch[0], Batch: batch, RecipientID: first.Recipient.ID, InstitutionID: inst,
		To: first.Recipient.Email, Day: first.Today, Subject: v.T("mail."+first.Kind+".many.subject", len(cs)),
		Text: text, HTML: html}, err
}

// byInstitution groups the items by institution, the most items first,
// listing a few of each and folding the institutions past maxGroups into
// one counted line.
func (m *Mailer) byInstitution(cs []domain.MailCandidate, v mailView) []mailGroup {
	at := map[int64]int{}
	var all [][]domain.MailCandidate
	for _, c := range cs {
		g, ok := at[c.InstitutionID]
		if !ok {
			g, at[c.InstitutionID] = len(all), len(all)
			all = append(all, nil)
		}
		all[g] = append(all[g], c)
	}
	sort.SliceStable(all, func(i, j int) bool { return len(all[i]) > len(all[j]) })
	limit := maxGroupLines
	if len(all) > 1 {
		limit = maxManyLines
	}
	var out []mailGroup
	for i, g := range all {
		if i == maxGroups {
			rest := mailGroup{Heading: v.T("mail.group.others", len(all)-maxGroups)}
			for _, g := range all[maxGroups:] {
				rest.More += len(g)
			}
			return append(out, rest)
		}
		gr := mailGroup{Heading: g[0].Institution}
		for k, c := range g {
			if k < limit {
				gr.Items = append(gr.Items, mailLine{Item: c.Item, Link: m.itemLink(c.Item.ID)})
			} else {
				gr.More++
			}
		}
		out = append(out, gr)
	}
	return out
}
