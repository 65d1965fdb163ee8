package docimport

import (
	"errors"
	"fmt"
	"strconv"

	"planboard/app/officein"
	"planboard/domain"
)

// The text budget (officein): what a file expands to, counted before the
// workbook is loaded and while a document is read, and the text rule for
// what was read (domain.StripText).

// overBudget is the refusal of a file whose text passes the budget, in the
// words of the upload page; where names the sheet or the document.
func overBudget(err error, where string, lim Limits) error {
	var ob *officein.OverBudget
	if !errors.As(err, &ob) {
		return err
	}
	if ob.Cell {
		return refuse(ErrTooManyCells, fmt.Sprintf("В %s есть ячейка длиннее %s знаков: файл не принят, ничего не сохранено.", where, thousands(lim.MaxCellText)))
	}
	return refuse(ErrTooMuchText, fmt.Sprintf("В %s текст ячеек вместе со всеми их повторами длиннее %s знаков: так выглядит файл, который раздувается при чтении. Файл не принят, ничего не сохранено.",
		where, thousands(lim.MaxText)))
}

// priceSheets prices every sheet excelize will load, refusing the workbook
// when one cell or all of them together pass the budget.
func priceSheets(z *safeZip, sheets []sheetScan) error {
	wb, err := officein.OpenWorkbook(z, z.lim.MaxDepth)
	if err != nil {
		return priceError(err, "общих строк книги")
	}
	total := officein.NewBudget(z.lim.textLimits())
	for _, s := range sheets {
		if s.skip != "" {
			continue
		}
		where := fmt.Sprintf("листе «%s»", s.name)
		cost, err := wb.Sheet(s.part, z.lim.textLimits())
		if err != nil {
			return overBudget(priceError(err, where), where, z.lim)
		}
		if err := total.Add(cost.Chars); err != nil {
			return overBudget(err, "книге", z.lim)
		}
	}
	return nil
}

// priceError names officein's XML errors; a refusal of the zip passes.
func priceError(err error, where string) error {
	switch {
	case errors.Is(err, officein.ErrTooDeep):
		return refuse(ErrTooDeep, fmt.Sprintf("В %s элементы XML вложены слишком глубоко: файл не принят.", where))
	case errors.Is(err, officein.ErrMalformed):
		return refuse(ErrCorrupt, fmt.Sprintf("Файл повреждён: XML %s не читается.", where))
	}
	return err
}

// stripper applies the text rule to what a file holds and counts what it
// dropped.
type stripper struct{ removed int }

func (s *stripper) clean(text string) string {
	out, n := domain.StripText(text)
	s.removed += n
	return out
}

// notice is the preview's word on the characters dropped, "" for none.
func (s *stripper) notice() string {
	if s.removed == 0 {
		return ""
	}
	return fmt.Sprintf("Из текста файла убраны невидимые символы (%d): управляющие, знаки направления текста, нулевой ширины и подобные. Проверьте текст мероприятий.", s.removed)
}

// checkParts refuses a package that lacks a part its kind requires
// (officein): a zip that merely holds word/document.xml is no document.
func checkParts(z *safeZip, k officein.Kind) error {
	if officein.HasParts(z.has, k) {
		return nil
	}
	what := map[officein.Kind]string{officein.DOCX: "документ Word", officein.XLSX: "книга Excel"}[k]
	return refuse(ErrCorrupt, fmt.Sprintf("Файл повреждён: в архиве нет обязательной части Office Open XML ([Content_Types].xml), это не %s. Сохраните файл заново в Word или Excel и загрузите снова.", what))
}

// thousands writes n as Russian text does: 1 000 000.
func thousands(n int) string {
	s := strconv.Itoa(n)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "\u00a0" + s[i:]
	}
	return s
}
