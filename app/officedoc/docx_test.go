package officedoc

import (
	"archive/zip"
	"bytes"
	"fmt"
	"io"
	"strings"
	"testing"
)

// samplePlan is a plan with an organisational section, a criterion
// section, bullets, a multi-line responsible cell and a partly filled 5а/5б.
func samplePlan() Plan {
	return Plan{
		Institution: "МБУК «Краеведческий музей»",
		Year:        2026,
		Approval:    Approval{Position: "Начальник управления культуры", Name: "П.П. Петров"},
		Sections: []Section{
			{Title: "Организационные мероприятия", Rows: []Row{
				{Number: "1.", Measure: "Провести производственное собрание коллектива музея", Deadline: "I квартал 2026 г.",
					Responsible: "Иванова Ирина Сергеевна, директор", Implemented: "Собрание проведено, протокол № 1", CompletedOn: "20.01.2026"},
			}},
			{Roman: "I", Title: "Открытость и доступность информации об организации культуры", Rows: []Row{
				{Number: "1.1", Deficiency: "На сайте нет обратной связи", Measure: "Обеспечить на сайте дистанционные способы обратной связи:",
					Checklist: []string{"телефона", "электронной почты", "электронных сервисов"}, Deadline: "до 01.06.2026",
					Responsible: "Сидоров С.С., программист\nПетрова А.А., методист"},
			}},
		},
	}
}

func unzipPart(t *testing.T, doc []byte, name string) string {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(doc), int64(len(doc)))
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range zr.File {
		if f.Name == name {
			rc, _ := f.Open()
			b, _ := io.ReadAll(rc)
			return string(b)
		}
	}
	t.Fatalf("no part %s", name)
	return ""
}

func TestDOCXMarkup(t *testing.T) {
	doc, err := DOCX(samplePlan())
	if err != nil {
		t.Fatal(err)
	}
	x := unzipPart(t, doc, "word/document.xml")
	for _, want := range []string{
		`w:orient="landscape"`, `w:w="16838" w:h="11906"`, // A4 landscape
		`<w:gridSpan w:val="2"/>`,                    // 5 over 5а and 5б
		`<w:gridSpan w:val="7"/>`,                    // section rows across the table
		`<w:vMerge w:val="restart"/>`, `<w:vMerge/>`, // №, 1–4 over both header rows
		"УТВЕРЖДАЮ", "Начальник управления культуры", "____________ П.П. Петров", "«____» ______________ 20____ г.",
		"ПЛАН", "оказания услуг, МБУК «Краеведческий музей» на 2026 год",
		"I. Открытость и доступность информации об организации культуры", "Организационные мероприятия",
		"реализованные меры по устранению выявленных недостатков", "фактический срок реализации",
		`<w:numId w:val="1"/>`, "<w:br/>",
	} {
		if !strings.Contains(x, want) && !strings.Contains(x, xmlEscaped(want)) {
			t.Errorf("document.xml lacks %q", want)
		}
	}
	if strings.Contains(x, "cellMerge") {
		t.Error("document.xml uses w:cellMerge (a revision mark), not w:vMerge")
	}
	if n := strings.Count(x, "<w:tblHeader/>"); n != 3 {
		t.Errorf("%d header rows marked to repeat, want 3", n)
	}
	if f := unzipPart(t, doc, "word/fontTable.xml"); !strings.Contains(f, "Times New Roman") || !strings.Contains(f, "Liberation Serif") {
		t.Errorf("font table: %s", f)
	}
	if s := unzipPart(t, doc, "word/styles.xml"); !strings.Contains(s, `w:cs="Times New Roman"`) || !strings.Contains(s, `ru-RU`) {
		t.Errorf("styles: %s", s)
	}
	again, _ := DOCX(samplePlan())
	if !bytes.Equal(doc, again) {
		t.Error("the same plan gives different bytes")
	}
}

func xmlEscaped(s string) string {
	var b xb
	b.esc(s)
	return b.String()
}

// An unapproved plan without an approver prints blanks for all of it.
func TestDOCXBlankApproval(t *testing.T) {
	p := samplePlan()
	p.Approval = Approval{}
	doc, _ := DOCX(p)
	x := unzipPart(t, doc, "word/document.xml")
	for _, want := range []string{"______________________________", "____________ /____________/", "«____» ______________ 20____ г."} {
		if !strings.Contains(x, xmlEscaped(want)) {
			t.Errorf("no blank %q", want)
		}
	}
	p.Approval = Approval{Position: "Министр культуры", Name: "А.А. Смирнова", Date: "15.01.2026"}
	doc, _ = DOCX(p)
	if x := unzipPart(t, doc, "word/document.xml"); !strings.Contains(x, "15.01.2026") || strings.Contains(x, "20____") {
		t.Error("an approved plan still has a blank date")
	}
}

// Text that XML cannot hold does not break the document.
func TestDOCXEscapes(t *testing.T) {
	p := samplePlan()
	p.Sections[1].Rows[0].Measure = `<b>&"'` + "\x01\x0b" + `</w:t>`
	doc, err := DOCX(p)
	if err != nil {
		t.Fatal(err)
	}
	x := unzipPart(t, doc, "word/document.xml")
	if strings.Contains(x, "<b>") || strings.Contains(x, "\x01") {
		t.Error("markup or control characters passed through")
	}
}

// longPlan has enough rows to run over several pages.
func longPlan() Plan {
	p := samplePlan()
	for i := 0; i < 40; i++ {
		p.Sections[1].Rows = append(p.Sections[1].Rows, Row{Number: fmt.Sprintf("1.%d", i+2),
			Deficiency: "Недостаток номер " + fmt.Sprint(i+2), Measure: "Мероприятие по устранению недостатка номер " + fmt.Sprint(i+2),
			Deadline: "IV квартал 2026 г.", Responsible: "Иванов И.И., заведующий отделом"})
	}
	return p
}
