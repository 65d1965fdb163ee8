package domain

import (
	"path"
	"strings"
	"unicode"
	"unicode/utf8"
)

// The one text rule (docs/accounts.md, security rules). Text that people type is shown to other
// people: in pages, in the official report, in mail, in file names. Some
// characters are invisible there but change what is seen: C0 and C1
// controls (a line break in a name adds a line to a plain-text mail), the
// bidi overrides and isolates (U+202A–U+202E, U+2066–U+2069: they make
// "invoice\u202egnp.exe" read as "invoiceexe.png") and the zero-width
// characters (U+200B–U+200F, U+2060, U+FEFF: two names that look alike
// differ). Every form field follows one of three rules:
//
//   - single-line fields (names, positions, titles, reasons, notes): such
//     characters are refused with MsgInvisible at the field (CleanLine);
//   - multi-line fields (descriptions, comments, remarks): tab and newline
//     stay, CR LF and lone CR become LF, every other such character is
//     dropped (CleanMultiline);
//   - file names: such characters are dropped, not refused, since people do
//     not choose them in a file dialog (FileName).

// MsgInvisible is the message key of a single-line field holding a
// character that CleanLine refuses.
const MsgInvisible = "text.invisible"

// ErrInvisible is CleanLine's error; FieldError(field, MsgInvisible) is
// the same error attached to a form field.
var ErrInvisible = &Error{Code: EInvalid, Message: MsgInvisible}

// invisible reports whether r is a control, a format character of the bidi
// or zero-width kind, or a line or paragraph separator: what no line of
// text shown to others may hold. Tab and newline are controls too.
func invisible(r rune) bool {
	switch {
	case r < 0x20, r >= 0x7f && r <= 0x9f: // C0, DEL, C1
		return true
	case r == 0x061c, r == 0x180e: // Arabic letter mark, Mongolian vowel separator
		return true
	case r >= 0x200b && r <= 0x200f: // zero-width space, non-joiner, joiner, LRM, RLM
		return true
	case r >= 0x2028 && r <= 0x202e: // line and paragraph separators, bidi embeddings and overrides
		return true
	case r >= 0x2060 && r <= 0x206f: // word joiner, invisible operators, bidi isolates, deprecated formats
		return true
	case r == 0xfeff, r >= 0xfff9 && r <= 0xfffb: // zero-width no-break space (BOM), interlinear annotations
		return true
	}
	return false
}

// ValidLine reports whether s holds no character CleanLine refuses.
func ValidLine(s string) bool { return !strings.ContainsFunc(s, invisible) }

// CleanLine applies the single-line rule: s without leading and trailing
// white space (a tab or line break pasted at the end is harmless), or
// ErrInvisible when what remains holds a control (tab and line breaks
// included), a bidi override or isolate, or a zero-width character.
func CleanLine(s string) (string, error) {
	s = strings.TrimSpace(s)
	if !ValidLine(s) {
		return s, ErrInvisible
	}
	return s, nil
}

// Line reads one single-line field for a form: the cleaned value, and
// MsgInvisible recorded for field in errs when it is refused (the value is
// then returned as typed, for the form to show it again).
func (f *FieldErrors) Line(field, s string) string {
	v, err := CleanLine(s)
	if err != nil {
		f.Add(field, MsgInvisible)
	}
	return v
}

// CleanMultiline applies the multi-line rule: CR LF and lone CR become LF;
// tab and LF stay; every other character CleanLine refuses is dropped;
// leading and trailing spaces and blank lines are trimmed.
func CleanMultiline(s string) string {
	s = strings.ReplaceAll(s, "\r\n", "\n")
	s = strings.ReplaceAll(s, "\r", "\n")
	s = strings.Map(func(r rune) rune {
		if r == '\n' || r == '\t' || !invisible(r) {
			return r
		}
		return -1
	}, s)
	return strings.TrimSpace(s)
}

// StripLine makes s one clean line for display or storage where refusing
// is not possible (a file name, a name stored before the rule, put into a
// mail): line breaks and tabs become spaces, the other characters
// CleanLine refuses are dropped, and spaces are trimmed.
func StripLine(s string) string {
	s = strings.Map(func(r rune) rune {
		switch {
		case r == '\n' || r == '\r' || r == '\t' || r == 0x2028 || r == 0x2029:
			return ' '
		case invisible(r):
			return -1
		}
		return r
	}, s)
	return strings.TrimSpace(s)
}

// MaxFileName is the longest stored file name, in characters.
const MaxFileName = 200

// FileName is the name an uploaded file is stored and served under: the
// base name of what the browser sent (no folders), invisible characters
// dropped (StripLine, but not line breaks turned into spaces), its
// extension replaced by ext when ext is given (the extension of the type
// sniffed from the content: a JPEG named poly.html is poly.jpg), and cut
// to MaxFileName characters keeping the extension. An empty name is
// "file" plus the extension.
func FileName(name, ext string) string {
	name = strings.ReplaceAll(name, "\\", "/")
	name = strings.Map(func(r rune) rune {
		if invisible(r) {
			return -1
		}
		return r
	}, path.Base(name))
	name = strings.TrimSpace(name)
	if name == "." || name == "/" || name == ".." {
		name = ""
	}
	base, cur := name, path.Ext(name)
	if utf8.RuneCountInString(cur) > 16 || strings.ContainsFunc(cur, unicode.IsSpace) {
		cur = "" // not an extension, just a dot in a long name
	}
	base = strings.TrimSuffix(name, cur)
	if ext == "" {
		ext = cur
	} else if strings.EqualFold(cur, ext) || sameType(cur, ext) {
		ext = cur // keep the person's spelling: photo.JPEG stays
	}
	base = strings.TrimRight(strings.TrimSpace(base), ".")
	if base == "" {
		base = "file"
	}
	if max := MaxFileName - utf8.RuneCountInString(ext); utf8.RuneCountInString(base) > max {
		base = strings.TrimSpace(string([]rune(base)[:max]))
	}
	return base + ext
}

// sameType reports whether two extensions name the same type (.jpg and .jpeg).
func sameType(a, b string) bool {
	norm := func(e string) string {
		e = strings.ToLower(e)
		if e == ".jpeg" || e == ".jpe" {
			return ".jpg"
		}
		return e
	}
	return norm(a) == norm(b)
}
