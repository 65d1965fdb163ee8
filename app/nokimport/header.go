package nokimport

import (
	"math"
	"regexp"
	"strconv"
	"strings"
	"unicode"
)

// Column fields besides the indicator ("1.1") and criterion ("К1") codes.
const (
	FieldINN   = "inn"
	FieldSlug  = "slug"
	FieldName  = "name"
	FieldYear  = "year"
	FieldTotal = "total"
)

// normHeader lowercases a header, folds ё, Latin look-alikes of К and П,
// non-breaking spaces and runs of spaces.
func normHeader(s string) string {
	s = strings.ToLower(strings.TrimSpace(s))
	s = strings.NewReplacer("ё", "е", "\u00a0", " ", "\n", " ", "\r", " ", "\t", " ").Replace(s)
	return strings.Join(strings.Fields(s), " ")
}

var (
	indicatorRe = regexp.MustCompile(`^(?:показатель\s*|п\s*|p\s*)?([1-5])\s*[.,]\s*([1-3])(?:$|[^0-9])`)
	criterionRe = regexp.MustCompile(`^(?:к|k|критерий)\s*([1-5])(?:$|[^0-9.,])`)
	criterion2  = regexp.MustCompile(`^([1-5])\s*критерий`)
)

// indicatorAliases are the symbols of the single procedure as operators
// print them (Пинф, Пдист …), letters only.
var indicatorAliases = map[string]string{
	"пинф": "1.1", "пдист": "1.2", "поткруд": "1.3",
	"пкомфусл": "2.1", "пкомфуд": "2.3",
	"поргдост": "3.1", "пуслугдост": "3.2", "пдостуд": "3.3",
	"ппервконтуд": "4.1", "показуслуд": "4.2", "пвежлдистуд": "4.3",
	"преком": "5.1", "поргуслуд": "5.2", "пуд": "5.3",
}

// headerField recognises a column by its header text: an indicator code
// ("1.1", "П1.1", "Показатель 1.1 …", "Пинф"), a criterion ("К1", "K1",
// "Критерий 1"), the total ("Итого", "Итоговый балл", "Общий балл"), the
// institution's key (ИНН, slug, name) or the year. "" when unknown; 2.2 is
// not a culture indicator and stays unknown.
func headerField(raw string) string {
	h := normHeader(raw)
	if h == "" {
		return ""
	}
	if v, err := strconv.ParseFloat(strings.ReplaceAll(h, ",", "."), 64); err == nil && v > 1 && v < 6 {
		// A numeric cell: 4.1 may be stored as 4.0999999999999996.
		h = strconv.FormatFloat(math.Round(v*10)/10, 'f', 1, 64)
	}
	if m := indicatorRe.FindStringSubmatch(h); m != nil {
		code := m[1] + "." + m[2]
		if code == "2.2" {
			return ""
		}
		return code
	}
	if m := criterionRe.FindStringSubmatch(h); m != nil {
		return "К" + m[1]
	}
	if m := criterion2.FindStringSubmatch(h); m != nil {
		return "К" + m[1]
	}
	letters := strings.Map(func(r rune) rune {
		if unicode.IsLetter(r) {
			return r
		}
		return -1
	}, h)
	if code := indicatorAliases[letters]; code != "" {
		return code
	}
	switch {
	case strings.HasPrefix(h, "итог"), strings.HasPrefix(h, "общий балл"), strings.HasPrefix(h, "общая оценка"),
		strings.HasPrefix(h, "интегральн"), strings.HasPrefix(h, "сумма баллов"), h == "всего баллов":
		return FieldTotal
	case h == "инн" || strings.HasPrefix(h, "инн ") || strings.Contains(h, "(инн)"):
		return FieldINN
	case h == "slug" || h == "код" || h == "код учреждения" || h == "идентификатор":
		return FieldSlug
	case h == "год" || strings.HasPrefix(h, "год оценки") || strings.HasPrefix(h, "год проведения"):
		return FieldYear
	case strings.HasPrefix(h, "наименование") || strings.HasPrefix(h, "полное наименование") ||
		h == "организация" || h == "учреждение" || strings.HasPrefix(h, "организация культуры") ||
		strings.HasPrefix(h, "название"):
		return FieldName
	}
	return ""
}

// isScoreField reports whether a field holds a score.
func isScoreField(f string) bool {
	return f == FieldTotal || strings.HasPrefix(f, "К") || (len(f) == 3 && f[1] == '.')
}

func isKeyField(f string) bool { return f == FieldINN || f == FieldSlug || f == FieldName }

// parseNumber reads a score as operators print it: a decimal comma or
// point, spaces as thousands separators, a trailing %. Empty cells and
// dashes are "no value" (ok false, err nil).
func parseNumber(s string) (v float64, ok bool, err error) {
	s = strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) {
			return -1
		}
		return r
	}, s)
	s = strings.TrimSuffix(s, "%")
	switch strings.ToLower(s) {
	case "", "-", "—", "–", "н/д", "нд", "x", "х":
		return 0, false, nil
	}
	v, err = strconv.ParseFloat(strings.Replace(s, ",", ".", 1), 64)
	if err != nil || math.IsNaN(v) || math.IsInf(v, 0) {
		return 0, false, errNumber
	}
	return v, true, nil
}
