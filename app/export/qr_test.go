package export

import (
	"bytes"
	"image"
	_ "image/png"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/makiuchi-d/gozxing"
	gzqr "github.com/makiuchi-d/gozxing/qrcode"
)

const qrURL = "https://plan.example.org/q/centralnaya-biblioteka"

// decodeQR reads the QR code in a PNG with a real decoder (gozxing, a port
// of ZXing), not with the encoder that made it.
func decodeQR(t *testing.T, png []byte) string {
	t.Helper()
	img, _, err := image.Decode(bytes.NewReader(png))
	if err != nil {
		t.Fatal(err)
	}
	bmp, err := gozxing.NewBinaryBitmapFromImage(img)
	if err != nil {
		t.Fatal(err)
	}
	res, err := gzqr.NewQRCodeReader().Decode(bmp, map[gozxing.DecodeHintType]interface{}{gozxing.DecodeHintType_TRY_HARDER: true})
	if err != nil {
		t.Fatalf("no QR code found: %v", err)
	}
	return res.GetText()
}

func TestQRPNGDecodes(t *testing.T) {
	png, err := QRPNG(qrURL, 256)
	if err != nil {
		t.Fatal(err)
	}
	if got := decodeQR(t, png); got != qrURL {
		t.Errorf("decoded %q", got)
	}
}

func TestQRSVGIsTheSameCode(t *testing.T) {
	svg, err := QRSVG(qrURL, "QR-код анкеты <музей>")
	if err != nil {
		t.Fatal(err)
	}
	s := string(svg)
	if !strings.HasPrefix(s, "<svg") || !strings.Contains(s, "&lt;музей&gt;") || strings.Count(s, "h1v1h-1z") < 200 {
		t.Errorf("svg: %.300s", s)
	}
}

// The poster, printed to an image by poppler (as a printer would), shows a
// QR code that decodes to the questionnaire's URL, and its text has the
// name, the invitation and the short address.
func TestPosterQRDecodes(t *testing.T) {
	pdf, err := Poster("МБУК «Центральная библиотека»", "Оцените, пожалуйста, наше учреждение", "Наведите камеру телефона на код или наберите адрес:", qrURL, "plan.example.org/q/centralnaya-biblioteka")
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	in := filepath.Join(dir, "poster.pdf")
	if err := os.WriteFile(in, pdf, 0o600); err != nil {
		t.Fatal(err)
	}
	if out, err := exec.Command("pdftoppm", "-png", "-r", "100", "-singlefile", in, filepath.Join(dir, "page")).CombinedOutput(); err != nil {
		t.Fatalf("pdftoppm (poppler-utils): %v %s", err, out)
	}
	png, err := os.ReadFile(filepath.Join(dir, "page.png"))
	if err != nil {
		t.Fatal(err)
	}
	if got := decodeQR(t, png); got != qrURL {
		t.Errorf("the poster's QR decodes to %q", got)
	}
	text, err := exec.Command("pdftotext", "-raw", in, "-").Output()
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"Центральная библиотека", "Оцените, пожалуйста", "plan.example.org/q/centralnaya-biblioteka"} {
		if !strings.Contains(string(text), want) {
			t.Errorf("the poster lacks %q:\n%s", want, text)
		}
	}
	if info, err := exec.Command("pdfinfo", in).Output(); err == nil && !strings.Contains(string(info), "595.28 x 841.89") {
		t.Errorf("not A4 portrait:\n%s", info)
	}
}
