package docimport

import (
	"archive/zip"
	"bytes"
	"hash/crc32"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"planboard/app/officedoc"
)

// planDOCX is a valid plan written by the DOCX writer.
func planDOCX(t testing.TB) []byte {
	doc, err := officedoc.DOCX(exportPlan())
	if err != nil {
		t.Fatal(err)
	}
	return doc
}

func withParts(t testing.TB, data []byte, edit map[string]string) []byte {
	parts := zipParts(t, data)
	for n, v := range edit {
		parts[n] = v
	}
	return makeZip(t, parts)
}

func TestRefusesOverTheUploadLimit(t *testing.T) {
	_, err := Read(planDOCX(t), Options{Limits: Limits{MaxUpload: 1000}})
	e := mustKind(t, err, ErrTooLarge)
	if !strings.Contains(e.Message, "не больше 1 КБ") {
		t.Errorf("message %q", e.Message)
	}
}

func TestRefusesAZipBomb(t *testing.T) {
	zeros := strings.Repeat("\x00", 4<<20) // 4 MiB deflating to a few KiB
	_, err := Read(withParts(t, planDOCX(t), map[string]string{"word/media/image1.png": zeros}), Options{})
	e := mustKind(t, err, ErrZipBomb)
	if !strings.Contains(e.Message, "zip-бомба") {
		t.Errorf("message %q", e.Message)
	}
	// The same over the total limit, each entry under the ratio.
	_, err = Read(planDOCX(t), Options{Limits: Limits{MaxUncompressed: 2000}})
	mustKind(t, err, ErrTooLarge)
}

// An entry that inflates beyond the size its directory entry declares is
// caught while reading, whatever the directory claims.
func TestRefusesAnEntryLyingAboutItsSize(t *testing.T) {
	body := `<?xml version="1.0"?><w:document ` + wNS + `><w:body>` + strings.Repeat("<w:p><w:r><w:t>текст</w:t></w:r></w:p>", 200) + `</w:body></w:document>`
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	w, err := zw.CreateRaw(&zip.FileHeader{Name: "word/document.xml", Method: zip.Store,
		CRC32: crc32.ChecksumIEEE([]byte(body)), CompressedSize64: uint64(len(body)), UncompressedSize64: 100})
	if err != nil {
		t.Fatal(err)
	}
	w.Write([]byte(body))
	zw.Close()
	_, err = Read(buf.Bytes(), Options{})
	if k := KindOf(err); k != ErrZipBomb && k != ErrCorrupt {
		t.Fatalf("error %v (%q), want a refusal for the lying entry", err, k)
	}
}

// archive/zip itself notices most lies; the entry reader holds every
// entry to its declared size whatever the reader underneath yields.
func TestEntryReaderHoldsTheDeclaredSize(t *testing.T) {
	z := &safeZip{lim: DefaultLimits}
	src := io.NopCloser(strings.NewReader(strings.Repeat("x", 5000)))
	e := &limitedEntry{z: z, name: "word/document.xml", rc: src, r: io.LimitReader(src, 11), declared: 10}
	_, err := io.ReadAll(e)
	mustKind(t, err, ErrZipBomb)
	z = &safeZip{lim: Limits{MaxUncompressed: 100}}
	src = io.NopCloser(strings.NewReader(strings.Repeat("x", 5000)))
	e = &limitedEntry{z: z, name: "word/document.xml", rc: src, r: io.LimitReader(src, 5001), declared: 5000}
	_, err = io.ReadAll(e)
	mustKind(t, err, ErrTooLarge)
}

func TestRefusesPasswordProtectedAndOldFormats(t *testing.T) {
	dir := t.TempDir()
	f := excelize.NewFile()
	f.SetCellValue("Sheet1", "A1", "Наименование мероприятия")
	path := filepath.Join(dir, "secret.xlsx")
	if err := f.SaveAs(path, excelize.Options{Password: "секрет"}); err != nil {
		t.Fatal(err)
	}
	data, _ := os.ReadFile(path)
	if !bytes.HasPrefix(data, cfbSignature) {
		t.Fatal("excelize did not write an OLE container")
	}
	e := mustKind(t, func() error { _, err := Read(data, Options{}); return err }(), ErrEncrypted)
	if !strings.Contains(e.Message, "паролем") {
		t.Errorf("message %q", e.Message)
	}
	old := append(append([]byte(nil), cfbSignature...), make([]byte, 600)...)
	_, err := Read(old, Options{})
	mustKind(t, err, ErrLegacyFormat)
}

func TestRefusesMacros(t *testing.T) {
	_, err := Read(withParts(t, planDOCX(t), map[string]string{"word/vbaProject.bin": "VBA"}), Options{})
	mustKind(t, err, ErrMacros)
	xl := xlsxBytes(t, func(f *excelize.File) { officialSheet(t, f) })
	_, err = Read(withParts(t, xl, map[string]string{"xl/vbaProject.bin": "VBA"}), Options{})
	mustKind(t, err, ErrMacros)
}

// External relationships are never opened: a hyperlink is reported, an
// attached template (the classic remote-template trick) refuses the file.
func TestExternalReferences(t *testing.T) {
	rels := `<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
		`<Relationship Id="rId9" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink" Target="https://example.org/" TargetMode="External"/></Relationships>`
	res, err := Read(withParts(t, planDOCX(t), map[string]string{"word/_rels/document.xml.rels": rels}), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(strings.Join(res.Notices, " "), "гиперссыл") {
		t.Errorf("the hyperlink is not reported: %v", res.Notices)
	}
	tpl := `<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
		`<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/attachedTemplate" Target="\\attacker\share\t.dotm" TargetMode="External"/></Relationships>`
	_, err = Read(withParts(t, planDOCX(t), map[string]string{"word/_rels/settings.xml.rels": tpl}), Options{})
	e := mustKind(t, err, ErrExternal)
	if !strings.Contains(e.Message, "шаблон") || !strings.Contains(e.Message, `\\attacker`) {
		t.Errorf("message %q", e.Message)
	}
	xl := xlsxBytes(t, func(f *excelize.File) { officialSheet(t, f) })
	_, err = Read(withParts(t, xl, map[string]string{"xl/externalLinks/externalLink1.xml": `<externalLink/>`}), Options{})
	mustKind(t, err, ErrExternal)
}

func TestRefusesDeepXML(t *testing.T) {
	deep := strings.Repeat("<w:sdt><w:sdtContent>", 40) + strings.Repeat("</w:sdtContent></w:sdt>", 40)
	_, err := Read(minimalDOCX(t, deep), Options{})
	e := mustKind(t, err, ErrTooDeep)
	if !strings.Contains(e.Message, "64") {
		t.Errorf("message %q", e.Message)
	}
	xl := xlsxBytes(t, func(f *excelize.File) { officialSheet(t, f) })
	parts := zipParts(t, xl)
	parts["xl/styles.xml"] = strings.Replace(parts["xl/styles.xml"], "</styleSheet>", strings.Repeat("<a>", 70)+strings.Repeat("</a>", 70)+"</styleSheet>", 1)
	_, err = Read(makeZip(t, parts), Options{})
	mustKind(t, err, ErrTooDeep)
}

// Entities are not expanded: a DTD makes the XML unreadable, not a file read.
func TestNoEntityExpansion(t *testing.T) {
	doc := makeZip(t, map[string]string{"word/document.xml": `<?xml version="1.0"?><!DOCTYPE d [<!ENTITY x SYSTEM "file:///etc/passwd">]>` +
		`<w:document ` + wNS + `><w:body>` + wTable([]string{"Мероприятие", "Срок"}, []string{"&x;", "постоянно"}) + `</w:body></w:document>`})
	_, err := Read(doc, Options{})
	mustKind(t, err, ErrCorrupt)
}

func TestRowAndCellLimits(t *testing.T) {
	rows := [][]string{{"Мероприятие", "Срок"}}
	for i := 0; i < 2001; i++ {
		rows = append(rows, []string{"М", "постоянно"})
	}
	_, err := Read(minimalDOCX(t, wTable(rows...)), Options{})
	mustKind(t, err, ErrTooManyRows)
	_, err = Read(minimalDOCX(t, wTable(rows[:20]...)), Options{Limits: Limits{MaxCells: 30}})
	mustKind(t, err, ErrTooManyCells)
	_, err = Read(minimalDOCX(t, wTable([]string{"Мероприятие", "Срок"}, []string{strings.Repeat("я", 300), "постоянно"})), Options{Limits: Limits{MaxCellText: 100}})
	mustKind(t, err, ErrTooManyCells)
	long := xlsxBytes(t, func(f *excelize.File) {
		f.SetCellValue("Sheet1", "A1", "Мероприятие")
		f.SetCellValue("Sheet1", "B1", "Срок")
		f.SetCellValue("Sheet1", "A2", strings.Repeat("я", 300))
	})
	_, err = Read(long, Options{Limits: Limits{MaxCellText: 100}})
	mustKind(t, err, ErrTooManyCells)
	// A sheet beyond the limits is skipped, and said so.
	xl := xlsxBytes(t, func(f *excelize.File) {
		for i := 1; i <= 30; i++ {
			f.SetCellValue("Sheet1", "A"+itoa(i), i)
		}
	})
	_, err = Read(xl, Options{Limits: Limits{MaxRows: 10}})
	e := mustKind(t, err, ErrNoTable)
	if !strings.Contains(e.Message, "больше 10 строк") {
		t.Errorf("message %q", e.Message)
	}
}

func TestFormulas(t *testing.T) {
	xl := xlsxBytes(t, func(f *excelize.File) {
		officialSheet(t, f)
		f.SetCellFormula("Sheet1", "A15", `A14&".2"`)
	})
	_, err := Read(xl, Options{})
	e := mustKind(t, err, ErrFormulas)
	if !strings.Contains(e.Message, "«Sheet1»!A15") {
		t.Errorf("message %q", e.Message)
	}
	res, err := Read(xl, Options{FormulasAsValues: true})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(strings.Join(res.Notices, " "), "формул") {
		t.Errorf("notices %v", res.Notices)
	}
}

func TestRefusesWhatIsNotAPlan(t *testing.T) {
	cases := []struct {
		name string
		data []byte
		kind ErrorKind
		says string
	}{
		{"text only", minimalDOCX(t, `<w:p><w:r><w:t>Просто письмо</w:t></w:r></w:p>`), ErrNoTable, "В документе нет таблицы"},
		{"another table", minimalDOCX(t, wTable([]string{"Фамилия", "Телефон"}, []string{"Иванов", "123"})), ErrNoColumns,
			"нет столбцов «Наименование мероприятия» и «Срок». Найдено: «Фамилия», «Телефон»"},
		{"header only", minimalDOCX(t, wTable([]string{"Мероприятие", "Срок"})), ErrNoRows, "нет ни одного мероприятия"},
		{"a sheet without the plan", xlsxBytes(t, func(f *excelize.File) { f.SetCellValue("Sheet1", "A1", "Бюджет") }), ErrNoColumns, "«Бюджет»"},
		{"pdf", []byte("%PDF-1.7 ..."), ErrUnsupported, "PDF"},
		{"odt", makeZip(t, map[string]string{"mimetype": "application/vnd.oasis.opendocument.text", "content.xml": "<x/>"}), ErrUnsupported, ".odt"},
		{"ods", makeZip(t, map[string]string{"mimetype": "application/vnd.oasis.opendocument.spreadsheet"}), ErrUnsupported, ".ods"},
		{"plain text", []byte("Мероприятие;Срок"), ErrUnsupported, ".docx и .xlsx"},
		{"empty", nil, ErrCorrupt, "пуст"},
		{"broken zip", append([]byte("PK\x03\x04"), make([]byte, 100)...), ErrCorrupt, "повреждён"},
		{"truncated docx", planDOCX(t)[:2000], ErrCorrupt, "повреждён"},
		{"broken xml", minimalDOCX(t, `<w:tbl><w:tr>`), ErrCorrupt, "повреждён"},
	}
	for _, c := range cases {
		_, err := Read(c.data, Options{})
		if KindOf(err) != c.kind || !strings.Contains(err.Error(), c.says) {
			t.Errorf("%s: %v (%q), want %q saying %q", c.name, err, KindOf(err), c.kind, c.says)
		}
	}
}

// ReadDOCX and ReadXLSX refuse each other's files with a message.
func TestReadersCheckTheFormat(t *testing.T) {
	xl := xlsxBytes(t, func(f *excelize.File) { officialSheet(t, f) })
	if _, err := ReadDOCX(xl, Options{}); KindOf(err) != ErrUnsupported {
		t.Errorf("ReadDOCX(xlsx) = %v", err)
	}
	if _, err := ReadXLSX(planDOCX(t), Options{}); KindOf(err) != ErrUnsupported {
		t.Errorf("ReadXLSX(docx) = %v", err)
	}
	if _, err := ReadXLSX(xl, Options{}); err != nil {
		t.Errorf("ReadXLSX: %v", err)
	}
}
