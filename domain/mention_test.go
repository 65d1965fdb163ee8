package domain

import (
	"reflect"
	"testing"
)

func TestFindMentions(t *testing.T) {
	m := func(id int64, name string) Member { return Member{User: User{ID: id, FullName: name}} }
	members := []Member{m(1, "Иванов Сергей Петрович"), m(2, "Смирнова Анна Игоревна"), m(3, "Иванов Пётр Ильич"),
		m(4, "Фёдоров Илья"), m(5, "Римская-Корсакова Ольга"), m(6, "Смирнова Анна Игоревна")}
	for _, c := range []struct {
		body      string
		author    int64
		ids       []int64
		ambiguous []string
	}{
		{"@федоров посмотрите", 2, []int64{4}, nil},
		{"Коллеги, @Римская-Корсакова и @ФЁДОРОВ, см. выше. @Фёдоров", 2, []int64{5, 4}, nil},
		{"@Иванов, нужна подпись", 4, nil, []string{"Иванов"}},
		{"@Иванов Пётр, нужна подпись", 4, []int64{3}, nil},
		{"@Иванов П. и @иванов с.", 4, []int64{3, 1}, nil},
		{"@Иванов — это я сам", 1, []int64{3}, nil},      // the author is left out
		{"@Смирнова Анна", 1, nil, []string{"Смирнова"}}, // namesakes: still ambiguous
		{"почта ivanov@Иванов.рф, @Нетакого, @@, @я", 4, nil, nil},
		{"@Иванов @Иванов", 4, nil, []string{"Иванов"}},
	} {
		got := FindMentions(c.body, members, c.author)
		var amb []string
		for _, a := range got.Ambiguous {
			amb = append(amb, a.Surname)
			if len(a.Names) < 2 {
				t.Errorf("%q: ambiguous %s lists %v", c.body, a.Surname, a.Names)
			}
		}
		if !reflect.DeepEqual(got.IDs, c.ids) || !reflect.DeepEqual(amb, c.ambiguous) {
			t.Errorf("%q: ids %v ambiguous %v; want %v %v", c.body, got.IDs, amb, c.ids, c.ambiguous)
		}
	}
	var err error = &AmbiguousMentionError{}
	if ErrorCode(err) != EInvalid {
		t.Errorf("ambiguous mention is %s, want invalid", ErrorCode(err))
	}
}

func TestChannels(t *testing.T) {
	s := MailSettings{Channels: map[string]Channel{MailReminder: ChannelInbox}}
	if c := s.ChannelOf(MailReminder); c.Mail() || !c.Inbox() {
		t.Errorf("inbox channel: mail %v inbox %v", c.Mail(), c.Inbox())
	}
	if c := s.ChannelOf(MailAssigned); !c.Mail() || !c.Inbox() {
		t.Error("the default is not both")
	}
	if _, ok := ParseChannel("sms"); ok {
		t.Error("unknown channel accepted")
	}
	if IsNoticeKind("invitation") || IsNoticeKind("password_reset") || !IsNoticeKind(MailMention) {
		t.Error("notice kinds")
	}
	two := Mail{Kind: MailAssigned, SubjectID: 5, RecipientID: 7, Day: NewDate(2026, 3, 2), Batch: []int64{5, 6},
		Inbox: []InboxNote{{SubjectID: 5}, {SubjectID: 6}}}
	if two.InboxKey(0) == two.InboxKey(1) || two.InboxKey(1) != two.DedupeKey()+"/6" {
		t.Errorf("inbox keys %q %q", two.InboxKey(0), two.InboxKey(1))
	}
}
