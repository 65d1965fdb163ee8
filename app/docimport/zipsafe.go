package docimport

import (
	"archive/zip"
	"bytes"
	"fmt"
	"io"
	"path"
	"strings"
)

// safeZip is an OOXML package whose directory has been checked: entry
// count, declared sizes and ratios. Entries are read through read, which
// holds every entry to its declared size and the running total to the limit.
type safeZip struct {
	zr    *zip.Reader
	files map[string]*zip.File // by name, with forward slashes
	lim   Limits
	read  int64 // bytes inflated so far
}

// openZip checks the zip directory of data before anything is inflated.
func openZip(data []byte, lim Limits) (*safeZip, error) {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return nil, refuse(ErrCorrupt, "Файл повреждён: это не архив Office Open XML ("+err.Error()+").")
	}
	if len(zr.File) > lim.MaxEntries {
		return nil, refuse(ErrZipBomb, fmt.Sprintf("В архиве %d частей, допустимо не больше %d.", len(zr.File), lim.MaxEntries))
	}
	z := &safeZip{zr: zr, files: map[string]*zip.File{}, lim: lim}
	var total uint64
	for _, f := range zr.File {
		name := strings.TrimPrefix(strings.ReplaceAll(f.Name, "\\", "/"), "/")
		size, packed := f.UncompressedSize64, f.CompressedSize64
		if size > uint64(lim.MaxEntry) {
			return nil, refuse(ErrTooLarge, fmt.Sprintf("Часть архива «%s» в распакованном виде занимает %s, допустимо не больше %s.",
				name, megabytes(int64(min(size, 1<<62))), megabytes(lim.MaxEntry)))
		}
		if size > 1<<20 && (packed == 0 || size/packed > uint64(lim.MaxRatio)) {
			return nil, refuse(ErrZipBomb, fmt.Sprintf("Часть архива «%s» сжата в %d раз: так выглядит zip-бомба, файл не принят.",
				name, size/max(packed, 1)))
		}
		total += size
		if total > uint64(lim.MaxUncompressed) {
			return nil, refuse(ErrTooLarge, fmt.Sprintf("Архив в распакованном виде больше %s.", megabytes(lim.MaxUncompressed)))
		}
		z.files[name] = f
	}
	return z, nil
}

// has reports whether the package holds an entry.
func (z *safeZip) has(name string) bool { _, ok := z.files[name]; return ok }

// names returns the entries under a folder ("" for all).
func (z *safeZip) names(prefix string) []string {
	var out []string
	for n := range z.files {
		if strings.HasPrefix(n, prefix) {
			out = append(out, n)
		}
	}
	return out
}

// open returns a reader of an entry that fails once it yields more than the
// entry declared or the package's running total passes the limit: the
// directory's sizes are only claims.
func (z *safeZip) open(name string) (io.ReadCloser, error) {
	f, ok := z.files[name]
	if !ok {
		return nil, refuse(ErrCorrupt, fmt.Sprintf("Файл повреждён: в архиве нет части «%s».", name))
	}
	rc, err := f.Open()
	if err != nil {
		return nil, refuse(ErrCorrupt, fmt.Sprintf("Файл повреждён: часть «%s» не читается (%v).", name, err))
	}
	return &limitedEntry{z: z, name: name, rc: rc, r: io.LimitReader(rc, int64(f.UncompressedSize64)+1),
		declared: int64(f.UncompressedSize64)}, nil
}

// readAll reads a whole entry under the limits.
func (z *safeZip) readAll(name string) ([]byte, error) {
	rc, err := z.open(name)
	if err != nil {
		return nil, err
	}
	defer rc.Close()
	b, err := io.ReadAll(rc)
	if err != nil {
		return nil, asRefusal(err, name)
	}
	return b, nil
}

type limitedEntry struct {
	z        *safeZip
	name     string
	rc       io.ReadCloser
	r        io.Reader
	n        int64
	declared int64
}

func (e *limitedEntry) Read(p []byte) (int, error) {
	n, err := e.r.Read(p)
	e.n += int64(n)
	e.z.read += int64(n)
	if e.n > e.declared {
		return n, refuse(ErrZipBomb, fmt.Sprintf("Часть архива «%s» распаковывается больше заявленного размера: файл не принят.", e.name))
	}
	if e.z.read > e.z.lim.MaxUncompressed {
		return n, refuse(ErrTooLarge, fmt.Sprintf("Архив в распакованном виде больше %s.", megabytes(e.z.lim.MaxUncompressed)))
	}
	return n, err
}

func (e *limitedEntry) Close() error { return e.rc.Close() }

// asRefusal keeps a refusal as it is and calls any other read error corruption.
func asRefusal(err error, name string) error {
	if KindOf(err) != "" {
		return err
	}
	return refuse(ErrCorrupt, fmt.Sprintf("Файл повреждён: часть «%s» не читается (%v).", name, err))
}

// relsPath is the relationships part of a part: word/document.xml →
// word/_rels/document.xml.rels.
func relsPath(part string) string {
	dir, file := path.Split(part)
	return dir + "_rels/" + file + ".rels"
}

func megabytes(n int64) string {
	if n >= 1<<20 {
		return fmt.Sprintf("%d МБ", (n+(1<<19))>>20)
	}
	return fmt.Sprintf("%d КБ", (n+512)>>10)
}

// Has and Open make the package an officein.Package.
func (z *safeZip) Has(name string) bool { return z.has(name) }

// Open opens an entry under the package's limits.
func (z *safeZip) Open(name string) (io.ReadCloser, error) { return z.open(name) }
