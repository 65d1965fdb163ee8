package docimport

import (
	"encoding/xml"
	"fmt"
	"io"
	"sort"
	"strings"
)

// checkPackage looks at an OOXML package as a whole before its content is
// read: macros are refused; every relationships part is read, external
// targets are never opened: hyperlinks are reported, links that would make
// an editor fetch content (a template, a linked picture or object, another
// workbook) refuse the file.
func checkPackage(z *safeZip) (notices []string, err error) {
	for _, n := range z.names("") {
		lower := strings.ToLower(n)
		if strings.HasSuffix(lower, "vbaproject.bin") || strings.HasSuffix(lower, "vbadata.xml") {
			return nil, refuse(ErrMacros, "В файле есть макросы (VBA). Файлы с макросами не принимаются: сохраните документ без макросов (.docx или .xlsx) и загрузите снова.")
		}
	}
	var fetching []string
	links := 0
	rels := z.names("")
	sort.Strings(rels)
	for _, n := range rels {
		if !strings.HasSuffix(n, ".rels") {
			continue
		}
		list, err := readRels(z, n)
		if err != nil {
			return nil, err
		}
		for _, r := range list {
			if !strings.EqualFold(r.mode, "External") {
				continue
			}
			if strings.HasSuffix(r.typ, "/hyperlink") {
				links++
				continue
			}
			fetching = append(fetching, fmt.Sprintf("%s → %s", relKind(r.typ), shorten(r.target, 80)))
		}
	}
	if len(z.names("xl/externalLinks/")) > 0 && len(fetching) == 0 {
		fetching = append(fetching, "связь с другой книгой Excel")
	}
	if z.has("xl/connections.xml") {
		fetching = append(fetching, "подключение к внешним данным")
	}
	if len(fetching) > 0 {
		return nil, refuse(ErrExternal, "Файл ссылается на внешние файлы ("+strings.Join(firstN(fetching, 3), "; ")+
			"). Такие ссылки не открываются; сохраните файл без них (в Excel: Данные → Изменить связи → Разорвать) и загрузите снова.")
	}
	if links > 0 {
		notices = append(notices, fmt.Sprintf("В файле %d гиперссылок: их текст прочитан, сами ссылки не открывались.", links))
	}
	return notices, nil
}

type rel struct{ id, typ, target, mode string }

// readRels reads one relationships part.
func readRels(z *safeZip, name string) ([]rel, error) {
	rc, err := z.open(name)
	if err != nil {
		return nil, err
	}
	defer rc.Close()
	x := newXMLReader(rc, name, z.lim)
	var out []rel
	for {
		tok, err := x.next()
		if err == io.EOF {
			return out, nil
		}
		if err != nil {
			return nil, err
		}
		if se, ok := tok.(xml.StartElement); ok && se.Name.Local == "Relationship" {
			var r rel
			r.id, _ = attr(se, "Id")
			r.typ, _ = attr(se, "Type")
			r.target, _ = attr(se, "Target")
			r.mode, _ = attr(se, "TargetMode")
			if len(out) < 10000 {
				out = append(out, r)
			}
		}
	}
}

// relKind names a relationship type for the user.
func relKind(typ string) string {
	switch typ[strings.LastIndex(typ, "/")+1:] {
	case "attachedTemplate":
		return "шаблон"
	case "image":
		return "рисунок"
	case "oleObject", "package":
		return "внедрённый объект"
	case "externalLinkPath", "externalLink":
		return "другая книга"
	case "subDocument":
		return "вложенный документ"
	case "frame":
		return "рамка"
	}
	return "ссылка"
}

func shorten(s string, n int) string {
	if r := []rune(s); len(r) > n {
		return string(r[:n]) + "…"
	}
	return s
}

func firstN(list []string, n int) []string {
	if len(list) > n {
		return append(list[:n:n], fmt.Sprintf("и ещё %d", len(list)-n))
	}
	return list
}
