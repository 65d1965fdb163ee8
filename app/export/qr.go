package export

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"strings"

	"codeberg.org/go-pdf/fpdf"
	qrcode "github.com/skip2/go-qrcode"

	"planboard/views/fonts"
)

// The questionnaire's QR code and A4 poster (docs/survey.md). The code is
// encoded at level M (15 % of it may be soiled or covered and it still
// reads), with the standard quiet zone of four modules.

// QRPNG is the QR code of url as a PNG of about size pixels a side.
func QRPNG(url string, size int) ([]byte, error) {
	q, err := qrcode.New(url, qrcode.Medium)
	if err != nil {
		return nil, err
	}
	return q.PNG(size)
}

// QRSVG is the QR code of url as an SVG: one path of unit squares, crisp at
// any size.
func QRSVG(url, title string) ([]byte, error) {
	q, err := qrcode.New(url, qrcode.Medium)
	if err != nil {
		return nil, err
	}
	bits := q.Bitmap() // with the quiet zone
	n := len(bits)
	var b strings.Builder
	fmt.Fprintf(&b, `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 %d %d" shape-rendering="crispEdges" role="img" aria-label="%s">`, n, n, xmlEscape(title))
	fmt.Fprintf(&b, `<title>%s</title><rect width="%d" height="%d" fill="#fff"/><path fill="#000" d="`, xmlEscape(title), n, n)
	for y, row := range bits {
		for x, on := range row {
			if on {
				fmt.Fprintf(&b, "M%d %dh1v1h-1z", x, y)
			}
		}
	}
	b.WriteString(`"/></svg>`)
	return []byte(b.String()), nil
}

func xmlEscape(s string) string {
	var b bytes.Buffer
	_ = xml.EscapeText(&b, []byte(s))
	return b.String()
}

// Poster is the A4 poster of the questionnaire: the institution's name, one
// sentence of invitation, the QR code of url (9 cm a side) and the short
// address in print under it.
func Poster(name, invitation, hint, url, short string) ([]byte, error) {
	png, err := QRPNG(url, 1024)
	if err != nil {
		return nil, err
	}
	pdf := fpdf.New("P", "mm", "A4", "")
	pdf.AddUTF8FontFromBytes("DejaVu", "", fonts.Regular)
	pdf.AddUTF8FontFromBytes("DejaVu", "B", fonts.Bold)
	pdf.SetTitle(invitation, true)
	pdf.SetLang("ru")
	pdf.SetMargins(20, 20, 20)
	pdf.SetAutoPageBreak(false, 20)
	pdf.AddPage()
	pdf.SetFont("DejaVu", "B", 20)
	pdf.MultiCell(0, 9, name, "", "C", false)
	pdf.Ln(10)
	pdf.SetFont("DejaVu", "B", 28)
	pdf.MultiCell(0, 12, invitation, "", "C", false)
	pdf.Ln(8)
	pdf.RegisterImageOptionsReader("qr", fpdf.ImageOptions{ImageType: "PNG"}, bytes.NewReader(png))
	const side = 90.0
	y := pdf.GetY()
	pdf.ImageOptions("qr", (210-side)/2, y, side, side, false, fpdf.ImageOptions{ImageType: "PNG"}, 0, "")
	pdf.SetY(y + side + 6)
	pdf.SetFont("DejaVu", "", 14)
	pdf.MultiCell(0, 7, hint, "", "C", false)
	pdf.Ln(2)
	pdf.SetFont("DejaVu", "B", 18)
	pdf.MultiCell(0, 9, short, "", "C", false)
	var out bytes.Buffer
	if err := pdf.Output(&out); err != nil {
		return nil, err
	}
	return out.Bytes(), nil
}
