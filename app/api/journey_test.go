package api_test

import (
	"bytes"
	"encoding/base64"
	"image"
	"image/color"
	"image/jpeg"
	"mime/multipart"
	"net/http"
	"net/textproto"
	"strconv"
	"strings"
	"testing"
	"time"

	"planboard/domain"
	"planboard/storage"
)

func photo(t *testing.T) []byte {
	img := image.NewRGBA(image.Rect(0, 0, 8, 8))
	img.Set(1, 1, color.RGBA{R: 200, A: 255})
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, img, nil); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// TestJourneyCloseWithPhotoThroughAPI is journey 2 through the API alone,
// over a real listener and PostgreSQL, every request and answer checked
// against the document: the staff member finds their task, starts it,
// closes it with a report and a photo (multipart); the director finds it
// awaiting acceptance and accepts it.
func TestJourneyCloseWithPhotoThroughAPI(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	w.openAPI(t)
	w.strict = true
	staffTok, dirTok := w.tokens[staff][writeTok], w.tokens[director][writeTok]

	var me struct{ ID int64 }
	w.call(http.MethodGet, "/api/v1/me", staffTok, nil).json(t, &me)
	var plans struct {
		Data []struct {
			ID int64
		}
	}
	w.call(http.MethodGet, "/api/v1/plans", staffTok, nil).json(t, &plans)
	if len(plans.Data) != 1 || plans.Data[0].ID != w.museumPlan {
		t.Fatalf("staff sees plans %+v, want only the museum's %d", plans.Data, w.museumPlan)
	}
	var mine struct {
		Data []struct {
			ID      int64
			Status  string
			Version int
		}
	}
	w.call(http.MethodGet, "/api/v1/plans/"+id(w.museumPlan)+"/items?assignee="+id(me.ID)+"&status=planned", staffTok, nil).json(t, &mine)
	var task int64
	version := 0
	for _, it := range mine.Data {
		if it.ID == w.museumItem {
			task, version = it.ID, it.Version
		}
	}
	if task == 0 {
		t.Fatalf("the staff member's planned task %d is not in their filtered list %+v", w.museumItem, mine.Data)
	}
	var item struct {
		Status, Implemented string
		CompletedOn         string `json:"completed_on"`
		Version             int
		Attachments         []struct {
			Kind        string
			ContentType string `json:"content_type"`
		}
		History []struct {
			Action   string
			NewValue string `json:"new_value"`
		}
	}
	got := w.call(http.MethodPost, "/api/v1/items/"+id(task)+"/status", staffTok, map[string]any{"version": version, "transition": "start"})
	got.json(t, &item)
	if got.status != http.StatusOK || item.Status != "in_progress" {
		t.Fatalf("start: %d %s", got.status, got.body)
	}
	// A stale version changes nothing and says so.
	if got := w.call(http.MethodPost, "/api/v1/items/"+id(task)+"/status", staffTok, map[string]any{"version": version, "transition": "submit"}); got.status != http.StatusConflict {
		t.Errorf("stale version: %d %s", got.status, got.body)
	}

	today := domain.Today(w.clock(), mustZone(t)).String()
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	for k, v := range map[string]string{"version": strconv.Itoa(item.Version), "implemented": "Кулер с питьевой водой установлен в холле", "completed_on": today} {
		_ = mw.WriteField(k, v)
	}
	h := textproto.MIMEHeader{}
	h.Set("Content-Disposition", `form-data; name="evidence"; filename="кулер.jpg"`)
	h.Set("Content-Type", "image/jpeg")
	part, _ := mw.CreatePart(h)
	part.Write(photo(t))
	mw.Close()
	got = w.call(http.MethodPost, "/api/v1/items/"+id(task)+"/close", staffTok, buf.Bytes(), "Content-Type", mw.FormDataContentType())
	got.json(t, &item)
	if got.status != http.StatusOK || item.Status != "review" || item.CompletedOn != today || len(item.Attachments) != 1 ||
		item.Attachments[0].ContentType != "image/jpeg" {
		t.Fatalf("close with a photo: %d %s", got.status, got.body)
	}

	var review struct {
		Data []struct {
			ID      int64
			Version int
		}
	}
	w.call(http.MethodGet, "/api/v1/plans/"+id(w.museumPlan)+"/items?status=review", dirTok, nil).json(t, &review)
	var v int
	for _, it := range review.Data {
		if it.ID == task {
			v = it.Version
		}
	}
	if v == 0 {
		t.Fatalf("the director does not find the task awaiting acceptance: %+v", review.Data)
	}
	got = w.call(http.MethodPost, "/api/v1/items/"+id(task)+"/status", dirTok, map[string]any{"version": v, "transition": "accept"})
	got.json(t, &item)
	if got.status != http.StatusOK || item.Status != "done" {
		t.Fatalf("accept: %d %s", got.status, got.body)
	}
	statuses := []string{}
	for _, hst := range item.History {
		if hst.Action == "status" {
			statuses = append(statuses, hst.NewValue)
		}
	}
	if s := strings.Join(statuses, ","); !strings.Contains(s, "review") || !strings.Contains(s, "done") {
		t.Errorf("history of the steps: %v", item.History)
	}
	// The director heard of the closing, through the same mail ledger as the pages'.
	var mails int
	if err := w.db.NewRaw("SELECT count(*) FROM mail_outbox WHERE to_email = 'director@example.org' AND kind = ?", domain.MailReview).Scan(t.Context(), &mails); err != nil {
		t.Fatal(err)
	} else if mails == 0 {
		t.Errorf("no mail to the director about the task awaiting acceptance")
	}
}

func mustZone(t *testing.T) *timeLocation {
	loc, err := loadLocation(storage.DemoZone)
	if err != nil {
		t.Fatal(err)
	}
	return loc
}

// TestEvidenceChecksAndLanguage: base64 evidence goes through the pages'
// checks (an HTML page is not a photo), and the problem speaks the
// language asked for, Russian by default.
func TestEvidenceChecksAndLanguage(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	w.openAPI(t)
	tok := w.tokens[staff][writeTok]
	var it struct{ Version int }
	w.call(http.MethodGet, "/api/v1/items/"+id(w.museumItem), tok, nil).json(t, &it)
	step := map[string]any{"version": it.Version, "transition": "submit", "implemented": "Сделано", "completed_on": domain.Today(w.clock(), mustZone(t)).String(),
		"evidence": []map[string]string{{"filename": "photo.jpg", "content_base64": base64.StdEncoding.EncodeToString([]byte("<html><script>alert(1)</script></html>"))}}}
	var p struct {
		Code, Detail string
		Errors       []struct{ Location, Message, Key string }
	}
	got := w.call(http.MethodPost, "/api/v1/items/"+id(w.museumItem)+"/status", tok, step)
	got.json(t, &p)
	if got.status != http.StatusUnprocessableEntity || p.Code != "invalid" || len(p.Errors) != 1 || p.Errors[0].Key != "evidence.bad_type" ||
		!strings.Contains(p.Errors[0].Message, "Этот тип файла не принимается") {
		t.Errorf("HTML as a photo: %d %s", got.status, got.body)
	}
	got = w.call(http.MethodPost, "/api/v1/items/"+id(w.museumItem)+"/status", tok, step, "Accept-Language", "en-GB,en;q=0.8")
	got.json(t, &p)
	if len(p.Errors) != 1 || !strings.Contains(p.Errors[0].Message, "This file type is not accepted") {
		t.Errorf("in English: %s", got.body)
	}
	var after struct {
		Status  string
		Version int
	}
	w.call(http.MethodGet, "/api/v1/items/"+id(w.museumItem), tok, nil).json(t, &after)
	if after.Status != "planned" || after.Version != it.Version {
		t.Errorf("a refused step changed the item: %+v", after)
	}
}

type timeLocation = time.Location

var loadLocation = time.LoadLocation
