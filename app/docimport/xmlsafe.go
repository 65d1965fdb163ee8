package docimport

import (
	"encoding/xml"
	"fmt"
	"io"
)

// xmlReader reads XML token by token and refuses nesting beyond the limit.
// encoding/xml neither reads DTDs nor expands entities it was not given,
// so entity tricks (billion laughs, external entities) fail as corrupt XML.
type xmlReader struct {
	d     *xml.Decoder
	part  string
	depth int
	max   int
}

func newXMLReader(r io.Reader, part string, lim Limits) *xmlReader {
	return &xmlReader{d: xml.NewDecoder(r), part: part, max: lim.MaxDepth}
}

// next returns the next token (a copy safe to keep), io.EOF at the end, or
// a refusal.
func (x *xmlReader) next() (xml.Token, error) {
	tok, err := x.d.Token()
	if err == io.EOF {
		if x.depth != 0 {
			return nil, refuse(ErrCorrupt, fmt.Sprintf("Файл повреждён: XML части «%s» обрывается.", x.part))
		}
		return nil, io.EOF
	}
	if err != nil {
		return nil, asXMLRefusal(err, x.part)
	}
	switch t := tok.(type) {
	case xml.StartElement:
		x.depth++
		if x.depth > x.max {
			return nil, refuse(ErrTooDeep, fmt.Sprintf("В части «%s» элементы XML вложены глубже %d уровней: файл не принят.", x.part, x.max))
		}
		return t.Copy(), nil
	case xml.EndElement:
		x.depth--
	case xml.CharData:
		return t.Copy(), nil
	}
	return tok, nil
}

// skip consumes the rest of the element whose start was just read.
func (x *xmlReader) skip() error {
	for level := 1; level > 0; {
		tok, err := x.next()
		if err != nil {
			if err == io.EOF {
				return refuse(ErrCorrupt, fmt.Sprintf("Файл повреждён: XML части «%s» обрывается.", x.part))
			}
			return err
		}
		switch tok.(type) {
		case xml.StartElement:
			level++
		case xml.EndElement:
			level--
		}
	}
	return nil
}

func asXMLRefusal(err error, part string) error {
	if KindOf(err) != "" {
		return err
	}
	return refuse(ErrCorrupt, fmt.Sprintf("Файл повреждён: XML части «%s» не читается (%v).", part, err))
}

// attr returns the value of an attribute by local name.
func attr(se xml.StartElement, local string) (string, bool) {
	for _, a := range se.Attr {
		if a.Name.Local == local {
			return a.Value, true
		}
	}
	return "", false
}
