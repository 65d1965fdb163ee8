package officedoc

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"planboard/app/internal/lotest"
)

// The written document opened by LibreOffice: the PDF it prints is A4
// landscape, shows «УТВЕРЖДАЮ», the title and the official column headers,
// repeats the header on every page, and uses a serif font with Cyrillic.
func TestDOCXInLibreOffice(t *testing.T) {
	lotest.Require(t)
	dir := t.TempDir()
	in := filepath.Join(dir, "plan.docx")
	doc, err := DOCX(longPlan())
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(in, doc, 0o600); err != nil {
		t.Fatal(err)
	}
	pdf := lotest.Convert(t, in, "pdf")
	text := lotest.PDFText(t, pdf)
	for _, want := range []string{"УТВЕРЖДАЮ", "Начальник управления культуры", "П.П. Петров", "ПЛАН",
		"Краеведческий музей", "2026 год", "I. Открытость и доступность информации", "Организационные мероприятия",
		"Провести производственное", "• телефона", "01.06.2026", "Собрание проведено", "20.01.2026"} {
		if !strings.Contains(text, want) {
			t.Errorf("the PDF lacks %q", want)
		}
	}
	pages := strings.Split(strings.TrimRight(text, "\f\n "), "\f")
	if len(pages) < 2 {
		t.Fatalf("%d page(s); the long plan should take several", len(pages))
	}
	// Words of the official headers, on every page: the header rows repeat.
	for i, page := range pages {
		for _, word := range []string{"Недостатки,", "Наименование", "мероприятия", "Плановый", "Ответственный", "исполнитель",
			"Сведения", "реализованные", "фактический", "5а", "5б"} {
			if !strings.Contains(page, word) {
				t.Errorf("page %d lacks the header word %q", i+1, word)
			}
		}
	}
	if out, err := exec.Command("pdfinfo", pdf).Output(); err == nil && !strings.Contains(string(out), "841.89 x 595.3") {
		t.Errorf("not A4 landscape:\n%s", out)
	}
	if out, err := exec.Command("pdffonts", pdf).Output(); err == nil {
		if s := string(out); !strings.Contains(s, "Serif") && !strings.Contains(s, "Times") {
			t.Errorf("no serif font embedded:\n%s", s)
		}
	}
}
