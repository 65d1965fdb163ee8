package export

import (
	"bytes"
	"fmt"

	"codeberg.org/go-pdf/fpdf"

	"planboard/domain"
	"planboard/views/fonts"
)

// pdfWidths are the column widths (mm) of №, 1, 2, 3, 4, 5a, 5b on A4 landscape.
var pdfWidths = []float64{14, 50, 56, 26, 42, 56, 33}

const pdfLine = 4.2 // line height, mm

// PDF draws the official form on A4 landscape with DejaVu Sans
// embedded (Cyrillic), the column headings repeated on every page.
func PDF(r domain.PublicReport, _ []byte) (File, error) {
	pdf := fpdf.New("L", "mm", "A4", "")
	pdf.AddUTF8FontFromBytes("DejaVu", "", fonts.Regular)
	pdf.AddUTF8FontFromBytes("DejaVu", "B", fonts.Bold)
	pdf.SetTitle(FormTitle(r), true)
	pdf.SetLang("ru")
	pdf.SetMargins(10, 10, 10)
	pdf.SetAutoPageBreak(false, 10)
	pdf.AliasNbPages("")
	pdf.SetFooterFunc(func() {
		pdf.SetXY(10, -9)
		pdf.SetFont("DejaVu", "", 8)
		pdf.CellFormat(0, 4, fmt.Sprintf("Стр. %d из {nb}", pdf.PageNo()), "", 0, "R", false, 0, "")
	})
	pdf.AddPage()
	pdf.SetFont("DejaVu", "", 10)
	for _, line := range approvalLines(r) {
		pdf.SetX(200)
		pdf.CellFormat(87, 5, line, "", 1, "L", false, 0, "")
	}
	pdf.Ln(3)
	pdf.SetFont("DejaVu", "B", 12)
	pdf.MultiCell(0, 6, FormTitle(r), "", "C", false)
	pdf.Ln(3)
	head := func() {
		pdf.SetFont("DejaVu", "B", 7.5)
		pdfRow(pdf, append([]string{"№ п/п"}, domain.OfficialColumns...), true)
		pdfRow(pdf, append([]string{""}, domain.OfficialColumnNumbers...), true)
		pdf.SetFont("DejaVu", "", 8)
	}
	head()
	_, pageH := pdf.GetPageSize()
	for _, s := range r.Sections {
		rows := [][]string{{SectionLabel(s)}}
		for _, it := range s.Rows {
			rows = append(rows, append([]string{it.Number}, officialCells(it)...))
		}
		for i, cells := range rows {
			if pdf.GetY()+pdfRowHeight(pdf, cells) > pageH-12 {
				pdf.AddPage()
				head()
			}
			if i == 0 {
				pdf.SetFont("DejaVu", "B", 8)
				pdf.MultiCell(sum(pdfWidths), pdfLine+1, cells[0], "1", "L", false)
				pdf.SetFont("DejaVu", "", 8)
				continue
			}
			pdfRow(pdf, cells, false)
		}
	}
	if len(r.Sections) == 0 {
		pdf.MultiCell(sum(pdfWidths), pdfLine+1, "Мероприятия не запланированы.", "1", "C", false)
	}
	var buf bytes.Buffer
	if err := pdf.Output(&buf); err != nil {
		return File{}, err
	}
	return download("application/pdf", FileName(r, "pdf"), buf.Bytes())
}

// pdfRowHeight is the height of a table row: its tallest cell.
func pdfRowHeight(pdf *fpdf.Fpdf, cells []string) float64 {
	if len(cells) == 1 {
		return pdfLine + 1
	}
	n := 1
	for i, v := range cells {
		if l := len(pdf.SplitText(v, pdfWidths[i]-2)); l > n {
			n = l
		}
	}
	return float64(n)*pdfLine + 1
}

// pdfRow draws one table row with bordered cells of equal height.
func pdfRow(pdf *fpdf.Fpdf, cells []string, center bool) {
	h := pdfRowHeight(pdf, cells)
	x, y := pdf.GetXY()
	align := "L"
	if center {
		align = "C"
	}
	for i, v := range cells {
		pdf.Rect(x, y, pdfWidths[i], h, "D")
		pdf.SetXY(x+1, y+0.5)
		pdf.MultiCell(pdfWidths[i]-2, pdfLine, v, "", align, false)
		x += pdfWidths[i]
	}
	pdf.SetXY(10, y+h)
}

func sum(xs []float64) float64 {
	t := 0.0
	for _, x := range xs {
		t += x
	}
	return t
}
