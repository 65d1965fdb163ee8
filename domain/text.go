package domain

import (
	"path"
	"strings"
	"unicode"
	"unicode/utf8"
)

// The one text rule (docs/accounts.md, security rules). Text that people type is shown to other
// people: in pages, in the official report, in mail, in file names. Some
// characters are invisible there but change what is seen or stored. They
// are chosen by Unicode category, not listed one by one (invisible):
//
//   - controls (Cc: C0, DEL, C1; NUL, which PostgreSQL cannot store, is one);
//   - format characters (Cf: the bidi embeddings, overrides and isolates
//     that make "invoice\u202egnp.exe" read as "invoiceexe.png", the
//     zero-width space, joiners and no-break space, the soft hyphen U+00AD,
//     the tag characters U+E0001–U+E007F);
//   - line and paragraph separators (Zl, Zp);
//   - the default-ignorable fillers and selectors that render as nothing
//     (Variation_Selector: U+FE00–U+FE0F, U+E0100–U+E01EF;
//     Other_Default_Ignorable_Code_Point: the Hangul fillers U+115F,
//     U+1160, U+3164, U+FFA0, the combining grapheme joiner), and the
//     braille blank U+2800, a letter-sized space no font shows;
//   - bytes that are not UTF-8.
//
// Every way in follows one of these rules (docs/upload-limits.md):
//
//   - single-line fields of forms and the API: refused with MsgInvisible at
//     the field (CleanLine, FieldErrors.Line);
//   - multi-line fields: tab and newline stay, CR LF and lone CR become LF;
//     the API refuses any other such character (CheckMultiline: the client
//     learns which field), the pages' text areas drop them (CleanMultiline:
//     the person sees the text as kept);
//   - text read from an uploaded file (plans, НОК results): dropped and
//     counted, the preview says how many (StripText);
//   - file names: dropped, not refused, since people do not choose them in
//     a file dialog (FileName).

// MsgInvisible is the message key of a field holding a character the rule
// refuses.
const MsgInvisible = "text.invisible"

// MsgInvisibleAny is the message key of a multi-line field holding a
// character the rule refuses (tab and line breaks are not among them).
const MsgInvisibleAny = "text.invisible_any"

// ErrInvisible is CleanLine's error; FieldError(field, MsgInvisible) is
// the same error attached to a form field.
var ErrInvisible = &Error{Code: EInvalid, Message: MsgInvisible}

// invisibleTables are the categories and properties of the rule.
var invisibleTables = []*unicode.RangeTable{unicode.Cc, unicode.Cf, unicode.Zl, unicode.Zp,
	unicode.Variation_Selector, unicode.Other_Default_Ignorable_Code_Point}

// invisible reports whether r is a character the text rule keeps out (see
// above). Tab, CR and newline are controls too; the multi-line rules let
// them pass themselves. utf8.RuneError stands for a byte that is not UTF-8
// (strings.Map and range yield it): it is refused as well; a real U+FFFD
// is visible but rare enough to go with it.
func invisible(r rune) bool {
	return r == 0x2800 || r == utf8.RuneError || unicode.IsOneOf(invisibleTables, r)
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

// ErrInvisibleAny is CheckMultiline's error.
var ErrInvisibleAny = &Error{Code: EInvalid, Message: MsgInvisibleAny}

// CheckMultiline is the multi-line rule of the API: s with CR LF and lone
// CR made LF and spaces trimmed, or ErrInvisibleAny when it holds any other
// character the rule keeps out (tab and newline pass).
func CheckMultiline(s string) (string, error) {
	s = strings.TrimSpace(strings.ReplaceAll(strings.ReplaceAll(s, "\r\n", "\n"), "\r", "\n"))
	if strings.ContainsFunc(s, func(r rune) bool { return r != '\n' && r != '\t' && invisible(r) }) {
		return s, ErrInvisibleAny
	}
	return s, nil
}

// ValidText reports whether s may be stored as multi-line text as it is:
// UTF-8 with no character the rule keeps out but tab, CR and newline.
func ValidText(s string) bool {
	return !strings.ContainsFunc(s, func(r rune) bool { return r != '\n' && r != '\t' && r != '\r' && invisible(r) })
}

// StripText is the rule for text read from an uploaded file: every
// character the rule keeps out is dropped but tab and newline (CR LF and
// lone CR become LF), and removed says how many were dropped, for the
// preview to say so. Spaces are left as they are.
func StripText(s string) (clean string, removed int) {
	if ValidText(s) && !strings.Contains(s, "\r") {
		return s, 0
	}
	s = strings.ReplaceAll(strings.ReplaceAll(s, "\r\n", "\n"), "\r", "\n")
	clean = strings.Map(func(r rune) rune {
		if r != '\n' && r != '\t' && invisible(r) {
			removed++
			return -1
		}
		return r
	}, s)
	return clean, removed
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
