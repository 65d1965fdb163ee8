package docimport

import (
	"bytes"
	"fmt"
	"unicode/utf16"
)

// Read reads a plan from an uploaded file, telling .docx from .xlsx by
// content, not by name. Anything else is refused with a message that says
// what the file is.
func Read(data []byte, opt Options) (*Result, error) {
	p, err := Parse(data, opt)
	if err != nil {
		return nil, err
	}
	return p.Read(opt)
}

// ReadDOCX reads a plan from a Word document.
func ReadDOCX(data []byte, opt Options) (*Result, error) {
	z, err := openChecked(data, opt)
	if err != nil {
		return nil, err
	}
	if !z.has("word/document.xml") {
		return nil, notOOXML(z)
	}
	doc, err := readDOCX(z)
	if err != nil {
		return nil, err
	}
	return interpret(doc, opt)
}

// ReadXLSX reads a plan from an Excel workbook.
func ReadXLSX(data []byte, opt Options) (*Result, error) {
	z, err := openChecked(data, opt)
	if err != nil {
		return nil, err
	}
	if !z.has("xl/workbook.xml") {
		return nil, notOOXML(z)
	}
	doc, err := readXLSX(data, z, opt)
	if err != nil {
		return nil, err
	}
	return interpret(doc, opt)
}

func openChecked(data []byte, opt Options) (*safeZip, error) {
	lim := opt.Limits.withDefaults()
	if err := checkUpload(data, lim); err != nil {
		return nil, err
	}
	return openZip(data, lim)
}

// cfbSignature opens every OLE compound file: old .doc/.xls, and the
// container Office wraps a password-protected .docx/.xlsx in.
var cfbSignature = []byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}

// checkUpload refuses what is too big, empty, encrypted or not a zip at all.
func checkUpload(data []byte, lim Limits) error {
	switch {
	case int64(len(data)) > lim.MaxUpload:
		return refuse(ErrTooLarge, fmt.Sprintf("Файл занимает %s, допустимо не больше %s.", megabytes(int64(len(data))), megabytes(lim.MaxUpload)))
	case len(data) == 0:
		return refuse(ErrCorrupt, "Файл пуст.")
	case bytes.HasPrefix(data, cfbSignature):
		if bytes.Contains(data, utf16le("EncryptedPackage")) {
			return refuse(ErrEncrypted, "Файл защищён паролем. Снимите пароль (Файл → Сведения → Защита) и загрузите снова.")
		}
		return refuse(ErrLegacyFormat, "Это файл старого формата Word или Excel (.doc, .xls). Сохраните его как .docx или .xlsx и загрузите снова.")
	case bytes.HasPrefix(data, []byte("%PDF")):
		return refuse(ErrUnsupported, "Это PDF. Загрузите план в формате .docx или .xlsx.")
	case bytes.HasPrefix(data, []byte("{\\rtf")):
		return refuse(ErrUnsupported, "Это документ RTF. Сохраните его как .docx и загрузите снова.")
	case !bytes.HasPrefix(data, []byte("PK")):
		return refuse(ErrUnsupported, "Файл не похож на документ Word или книгу Excel. Читаются форматы .docx и .xlsx.")
	}
	return nil
}

// notOOXML names what a zip that is neither .docx nor .xlsx holds.
func notOOXML(z *safeZip) error {
	if z.has("mimetype") {
		if b, err := z.readAll("mimetype"); err == nil {
			switch {
			case bytes.Contains(b, []byte("opendocument.text")):
				return refuse(ErrUnsupported, "Это документ OpenDocument (.odt). Сохраните его как .docx (Файл → Сохранить как → Word) и загрузите снова.")
			case bytes.Contains(b, []byte("opendocument.spreadsheet")):
				return refuse(ErrUnsupported, "Это таблица OpenDocument (.ods). Сохраните её как .xlsx и загрузите снова.")
			}
		}
	}
	if z.has("ppt/presentation.xml") {
		return refuse(ErrUnsupported, "Это презентация PowerPoint. Загрузите план в формате .docx или .xlsx.")
	}
	return refuse(ErrUnsupported, "Это архив, но не документ Word и не книга Excel. Читаются форматы .docx и .xlsx.")
}

func utf16le(s string) []byte {
	var out []byte
	for _, u := range utf16.Encode([]rune(s)) {
		out = append(out, byte(u), byte(u>>8))
	}
	return out
}
