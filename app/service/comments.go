package service

import (
	"context"
	"unicode/utf8"

	"planboard/domain"
)

// CommentStore is what commenting needs.
type CommentStore interface {
	AddComment(ctx context.Context, it domain.Item, by domain.User, body string, n domain.Notices) (domain.Comment, error)
}

// MaxCommentChars is the longest comment accepted, in characters.
const MaxCommentChars = 10000

// CommentResult is a saved comment and whom it notified by mention.
type CommentResult struct {
	Comment   domain.Comment
	Mentioned []domain.User
}

// AddComment stores a comment on an item the caller may comment on and
// notifies, in the same transaction, the members it mentions with
// «@Фамилия» (kind "mention") and the item's other assignees (kind
// "comment"); the author is told of nothing. A mention that fits several
// members saves nothing and is a *domain.AmbiguousMentionError naming
// them, so that the author can add the first name («@Иванов Пётр»).
// Errors: ENotFound, EForbidden, EInvalid ("body").
func (s *Service) AddComment(ctx context.Context, who Caller, itemID int64, body string) (CommentResult, error) {
	ic, err := s.Item(ctx, who, itemID, domain.ActComment)
	if err != nil {
		return CommentResult{}, err
	}
	body, err = domain.CheckMultiline(body) // the pages have dropped what the rule keeps out; anything else is refused
	if err != nil {
		return CommentResult{}, domain.FieldError("body", domain.MsgInvisibleAny)
	}
	if body == "" || utf8.RuneCountInString(body) > MaxCommentChars {
		return CommentResult{}, domain.FieldError("body", "comment.required")
	}
	found := domain.FindMentions(body, ic.Members, who.User.ID)
	if len(found.Ambiguous) > 0 {
		return CommentResult{}, &domain.AmbiguousMentionError{Mentions: found.Ambiguous}
	}
	mentioned := MembersOf(ic.Members, found.IDs, who.User.ID)
	n, err := s.notices.CommentNotices(ic.Item, ic.Inst, who.User, body,
		MembersOf(ic.Members, ic.Item.Assignees(), who.User.ID), mentioned, s.now())
	if err != nil {
		return CommentResult{}, err
	}
	n.EventsFor = s.commentEvents(who, ic, body)
	c, err := s.store.AddComment(ctx, ic.Item, who.User, body, n)
	if err != nil {
		return CommentResult{}, err
	}
	return CommentResult{Comment: c, Mentioned: uniqueUsers(mentioned)}, nil
}

func uniqueUsers(us []domain.User) []domain.User {
	seen := map[int64]bool{}
	var out []domain.User
	for _, u := range us {
		if !seen[u.ID] {
			seen[u.ID] = true
			out = append(out, u)
		}
	}
	return out
}
