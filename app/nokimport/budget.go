package nokimport

import (
	"archive/zip"
	"bytes"
	"errors"
	"fmt"
	"io"
	"strings"

	"planboard/app/officein"
	"planboard/domain"
)

// Text budget errors: *domain.Error with EInvalid and these catalogue keys.
var (
	ErrCellTooLong = &domain.Error{Code: domain.EInvalid, Message: "nokimport.cell_too_long"}
	ErrTooMuchText = &domain.Error{Code: domain.EInvalid, Message: "nokimport.too_much_text"}
	ErrNotXLSX     = &domain.Error{Code: domain.EInvalid, Message: "nokimport.not_xlsx"}
)

// textLimits are the expanded-text budget of officein.
func (l Limits) textLimits() officein.Limits {
	return officein.Limits{MaxCell: l.MaxCellText, MaxTotal: l.MaxText}
}

// budgetError turns officein's refusal into the package's errors.
func budgetError(err error) error {
	var ob *officein.OverBudget
	switch {
	case errors.As(err, &ob) && ob.Cell:
		return ErrCellTooLong
	case errors.As(err, &ob):
		return ErrTooMuchText
	case errors.Is(err, ErrTooLarge):
		return ErrTooLarge
	}
	return ErrUnreadable
}

// priceXLSX checks a workbook's parts and prices its sheets, each shared
// string at every use, before excelize loads a single one.
func priceXLSX(data []byte, lim Limits) error {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return ErrUnreadable
	}
	p := &zipPackage{files: map[string]*zip.File{}, lim: lim.UnzipXMLSize, total: lim.UnzipSize}
	for _, f := range zr.File {
		p.files[officein.NormName(f.Name)] = f
	}
	if !officein.HasParts(p.Has, officein.XLSX) {
		return ErrNotXLSX
	}
	wb, err := officein.OpenWorkbook(p, 128)
	if err != nil {
		return budgetError(err)
	}
	total := officein.NewBudget(lim.textLimits())
	for name := range p.files { // every part: a sheet may sit wherever the workbook's relationships say
		if !strings.HasSuffix(name, ".xml") || name == "xl/sharedStrings.xml" || name == "xl/styles.xml" {
			continue
		}
		cost, err := wb.Sheet(name, lim.textLimits())
		if err == nil {
			err = total.Add(cost.Chars)
		}
		if err != nil {
			return budgetError(err)
		}
	}
	return nil
}

// zipPackage is an officein.Package over a zip: each entry read up to its
// limit and all of them up to total, and refused past them.
type zipPackage struct {
	files map[string]*zip.File
	lim   int64
	total int64 // bytes all entries may still inflate to
}

func (p *zipPackage) Has(name string) bool { _, ok := p.files[name]; return ok }

func (p *zipPackage) Open(name string) (io.ReadCloser, error) {
	f, ok := p.files[name]
	if !ok {
		return nil, fmt.Errorf("no part %s", name)
	}
	rc, err := f.Open()
	if err != nil {
		return nil, err
	}
	return &limitedPart{rc: rc, left: p.lim, total: &p.total}, nil
}

// limitedPart reads an entry and fails with ErrTooLarge past its limit or
// the package's.
type limitedPart struct {
	rc    io.ReadCloser
	left  int64
	total *int64
}

func (l *limitedPart) Read(b []byte) (int, error) {
	if l.left <= 0 || *l.total <= 0 {
		return 0, ErrTooLarge
	}
	b = b[:min(int64(len(b)), l.left, *l.total)]
	n, err := l.rc.Read(b)
	l.left -= int64(n)
	*l.total -= int64(n)
	return n, err
}

func (l *limitedPart) Close() error { return l.rc.Close() }
