package domain

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func TestCleanLine(t *testing.T) {
	for _, ok := range []string{"Иванов Сергей Петрович", "  Директор  ", "O'Brien — «Музей» № 5", "Zoë", "日本語", "emoji 🙂"} {
		if got, err := CleanLine(ok); err != nil || got != strings.TrimSpace(ok) {
			t.Errorf("CleanLine(%q) = %q, %v", ok, got, err)
		}
	}
	// Every control, bidi and zero-width character, also in the middle.
	bad := []rune{0, 1, '\t', '\n', '\v', '\f', '\r', 0x1b, 0x7f, 0x80, 0x85, 0x9f, 0x061c, 0x180e,
		0x200b, 0x200c, 0x200d, 0x200e, 0x200f, 0x2028, 0x2029, 0x202a, 0x202b, 0x202c, 0x202d, 0x202e,
		0x2060, 0x2061, 0x2066, 0x2067, 0x2068, 0x2069, 0xfeff}
	for _, r := range bad {
		s := "ab" + string(r) + "cd"
		if _, err := CleanLine(s); err != ErrInvisible {
			t.Errorf("CleanLine(%q) = %v, want ErrInvisible", s, err)
		}
		if ValidLine(s) {
			t.Errorf("ValidLine(%q)", s)
		}
	}
	if got, err := CleanLine("\tИмя\r\n"); err != nil || got != "Имя" {
		t.Errorf("pasted with a tab and a line break around it: %q, %v", got, err)
	}
	var fe FieldErrors
	if v := fe.Line("full_name", " Иванов\u202eвонавИ "); v != "Иванов\u202eвонавИ" || fe["full_name"] != MsgInvisible {
		t.Errorf("Line: %q, %v", v, fe)
	}
}

func TestCleanMultiline(t *testing.T) {
	for in, want := range map[string]string{
		"a\r\nb\rc\nd":           "a\nb\nc\nd",
		"кол.\tзначение":         "кол.\tзначение",
		"x\u202ey\u2066z\u200bw": "xyzw",
		"\x1b[31mred\x00\u0085!": "[31mred!",
		"  \n строка \n  ":       "строка",
		"line\u2028separator":    "lineseparator",
	} {
		if got := CleanMultiline(in); got != want {
			t.Errorf("CleanMultiline(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestStripLine(t *testing.T) {
	if got := StripLine("Иванов\n\nСсылка: http://evil/\u202e"); got != "Иванов  Ссылка: http://evil/" {
		t.Errorf("StripLine = %q", got)
	}
}

func TestFileName(t *testing.T) {
	long := strings.Repeat("я", 5000)
	for _, tc := range []struct{ name, ext, want string }{
		{"poly.html", ".jpg", "poly.jpg"},
		{"photo.JPEG", ".jpg", "photo.JPEG"},
		{"photo.jpg", ".jpg", "photo.jpg"},
		{"scan", ".pdf", "scan.pdf"},
		{"report.docx", "", "report.docx"},
		{"invoice\u202egnp.exe", ".png", "invoicegnp.png"},
		{`C:\Users\me\фото.png`, ".png", "фото.png"},
		{"../../etc/passwd", ".pdf", "passwd.pdf"},
		{"", ".png", "file.png"},
		{".png", ".png", "file.png"},
		{"...", ".pdf", "file.pdf"},
		{"a.b.c.tar.gz", ".pdf", "a.b.c.tar.pdf"},
		{"dots. in a name", ".png", "dots. in a name.png"},
		{"x\x00\x1b\ty.png", ".png", "xy.png"},
	} {
		if got := FileName(tc.name, tc.ext); got != tc.want {
			t.Errorf("FileName(%q, %q) = %q, want %q", tc.name, tc.ext, got, tc.want)
		}
	}
	got := FileName(long+".png", ".png")
	if n := utf8.RuneCountInString(got); n != MaxFileName || !strings.HasSuffix(got, ".png") {
		t.Errorf("long name: %d characters, %q…", n, got[len(got)-10:])
	}
	if got := FileName(long, ".pdf"); utf8.RuneCountInString(got) != MaxFileName || !strings.HasSuffix(got, ".pdf") {
		t.Errorf("long name without extension: %d", utf8.RuneCountInString(got))
	}
}

// The rule goes by Unicode category: the characters the last probe found
// past the old list are refused and stripped like the rest, letters and
// ordinary spaces (a no-break space included) are not.
func TestTextRuleByCategory(t *testing.T) {
	found := []rune{0x00ad, 0x3164, 0x2800, 0xfe0f, 0xfe00, 0x115f, 0x1160, 0xffa0, 0x034f,
		0xe0001, 0xe0041, 0xe007f, 0xe0100, 0x0600, 0x2064, 0x206f, 0xfff9, 0x0000, 0x0007}
	for _, r := range found {
		s := "ab" + string(r) + "cd"
		if _, err := CleanLine(s); err != ErrInvisible {
			t.Errorf("CleanLine(%U) = %v, want ErrInvisible", r, err)
		}
		if _, err := CheckMultiline(s); err != ErrInvisibleAny {
			t.Errorf("CheckMultiline(%U) = %v", r, err)
		}
		if got, n := StripText(s); got != "abcd" || n != 1 {
			t.Errorf("StripText(%U) = %q, %d", r, got, n)
		}
		if got := CleanMultiline(s); got != "abcd" {
			t.Errorf("CleanMultiline(%U) = %q", r, got)
		}
	}
	for _, ok := range []string{"Музей\u00a0№ 5", "Ёлка — «ёж»", "Ω≈ç√", "日本語", "🙂", "a\u3000b"} {
		if !ValidLine(ok) {
			t.Errorf("ValidLine(%q) refused", ok)
		}
	}
	if got, err := CheckMultiline(" a\r\nb\tc\rd "); err != nil || got != "a\nb\tc\nd" {
		t.Errorf("CheckMultiline keeps tab and newline: %q, %v", got, err)
	}
	if _, err := CheckMultiline("a\u0007\u202e\u200bb"); err != ErrInvisibleAny {
		t.Errorf("the probe's comment passed: %v", err)
	}
	if ValidLine("ab\xffcd") || ValidText("ab\xffcd") {
		t.Error("a byte that is not UTF-8 passed")
	}
	if got, n := StripText("x\xff\u202ey\r\nz"); got != "xy\nz" || n != 2 {
		t.Errorf("StripText = %q, %d", got, n)
	}
}
