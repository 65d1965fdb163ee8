package app_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"unicode/utf8"

	"planboard/app/officein/officetest"
)

var jpegBytes = []byte("\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00")

// lastAttachment uploads one file as the museum's director and returns the
// stored name and the download's headers.
func uploadEvidence(t *testing.T, e *env, dir *client, name string, data []byte) (string, http.Header) {
	t.Helper()
	item := fmt.Sprintf("/items/%d", firstItem(t, e, museum))
	dir.get(item)
	r := dir.postFile(item+"/attachments", url.Values{}, "evidence", name, data)
	if r.Status != http.StatusSeeOther {
		t.Fatalf("upload %q = %d\n%.500s", short(name), r.Status, r.Body)
	}
	var id int64
	var stored string
	if err := e.store.DB().NewRaw("SELECT id, filename FROM item_attachments WHERE kind = 'file' ORDER BY id DESC LIMIT 1").
		Scan(context.Background(), &id, &stored); err != nil {
		t.Fatal(err)
	}
	dl := dir.get(fmt.Sprintf("%s/attachments/%d", item, id))
	if dl.Status != http.StatusOK {
		t.Fatalf("download = %d", dl.Status)
	}
	return stored, dl.Header
}

// A file's stored name follows its sniffed type, so a JPEG
// polyglot named poly.html is poly.jpg, served as image/jpeg under that
// name; office documents keep their own (checked) extension.
func TestUploadNameFollowsSniffedType(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	dir := e.login("director@example.org")
	poly := append(append([]byte{}, jpegBytes...), []byte("<script>alert(1)</script>")...)
	for _, tc := range []struct {
		name   string
		data   []byte
		stored string
		ctype  string
	}{
		{"poly.html", poly, "poly.jpg", "image/jpeg"},
		{"photo.JPEG", jpegBytes, "photo.JPEG", "image/jpeg"},
		{"scan", []byte("%PDF-1.4\n%âãÏÓ\n"), "scan.pdf", "application/pdf"},
		{"cooler.gif.svg", pngBytes, "cooler.gif.png", "image/png"},
		{"report.docx", officetest.Zip(map[string]string{"[Content_Types].xml": "<Types/>", "word/document.xml": "<w:document/>"}), "report.docx", "application/octet-stream"},
		{"invoice\u202egnp.exe", pngBytes, "invoicegnp.png", "image/png"},
		{"zero\u200bwidth.png", pngBytes, "zerowidth.png", "image/png"},
	} {
		stored, h := uploadEvidence(t, e, dir, tc.name, tc.data)
		if stored != tc.stored {
			t.Errorf("%q stored as %q, want %q", tc.name, stored, tc.stored)
		}
		if ct := h.Get("Content-Type"); ct != tc.ctype {
			t.Errorf("%q served as %q, want %q", tc.name, ct, tc.ctype)
		}
		if cd := h.Get("Content-Disposition"); !strings.Contains(cd, `filename="`+strings.ReplaceAll(tc.stored, "\u202e", "_")+`"`) {
			t.Errorf("%q: Content-Disposition %q, want the stored name", tc.name, cd)
		}
	}
	page := dir.get(fmt.Sprintf("/items/%d", firstItem(t, e, museum)))
	if strings.Contains(page.Body, "\u202e") || !strings.Contains(page.Body, "invoicegnp.png") {
		t.Error("the item page shows a bidi override in a file name, or not the cleaned name")
	}
}

// File names are capped (200 characters, the extension kept).
func TestUploadNameIsCapped(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	dir := e.login("director@example.org")
	stored, h := uploadEvidence(t, e, dir, strings.Repeat("я", 5000)+".png", pngBytes)
	if n := utf8.RuneCountInString(stored); n > 200 || !strings.HasSuffix(stored, ".png") || !strings.HasPrefix(stored, "яяя") {
		t.Errorf("a 5000-character name stored as %d characters (%q…), want at most 200 ending in .png", n, short(stored))
	}
	if len(h.Get("Content-Disposition")) > 3000 {
		t.Errorf("Content-Disposition of %d bytes", len(h.Get("Content-Disposition")))
	}
}
