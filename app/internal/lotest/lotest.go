// Package lotest runs LibreOffice for tests: it converts files with
// `soffice --headless --convert-to` under a private profile, and reads PDFs
// with pdftotext. Tests call Require first: without soffice they skip, or
// fail when CI is set, since CI must run them.
package lotest

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// Require skips the test when soffice (with Writer) or pdftotext is
// missing, and fails it instead when the CI variable is set.
func Require(tb testing.TB) {
	tb.Helper()
	missing := ""
	if _, err := exec.LookPath("soffice"); err != nil {
		missing = "soffice"
	} else if _, err := exec.LookPath("pdftotext"); err != nil {
		missing = "pdftotext"
	} else if !hasWriter() {
		missing = "LibreOffice Writer (libreoffice-writer-nogui)"
	}
	if missing == "" {
		return
	}
	msg := missing + " is not installed: run scripts/install-deps.sh browser"
	if os.Getenv("CI") != "" {
		tb.Fatal(msg)
	}
	tb.Skip(msg)
}

// hasWriter reports whether LibreOffice has its Writer module, without
// which --convert-to docx and pdf of documents fail.
func hasWriter() bool {
	for _, p := range []string{"/usr/lib/libreoffice/program/libswlo.so", "/usr/lib/libreoffice/program/swriter",
		"/opt/libreoffice/program/libswlo.so", "/Applications/LibreOffice.app/Contents/Frameworks/libswlo.dylib"} {
		if _, err := os.Stat(p); err == nil {
			return true
		}
	}
	return false
}

// Convert converts the file at in to the format (e.g. "docx:MS Word 2007
// XML", "pdf", "xlsx") and returns the path of the result, in the same
// directory; extra arguments go before the file (e.g. --infilter=…). Each
// call has its own LibreOffice profile, so parallel tests and other users'
// instances do not lock each other out.
func Convert(tb testing.TB, in, format string, extra ...string) string {
	tb.Helper()
	dir := filepath.Dir(in)
	profile := tb.TempDir()
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	args := append([]string{"-env:UserInstallation=file://" + profile, "--headless", "--norestore"}, extra...)
	cmd := exec.CommandContext(ctx, "soffice", append(args, "--convert-to", format, "--outdir", dir, in)...)
	cmd.Env = append(os.Environ(), "HOME="+profile)
	out, err := cmd.CombinedOutput()
	ext := format
	if i := strings.IndexByte(ext, ':'); i >= 0 {
		ext = ext[:i]
	}
	result := strings.TrimSuffix(in, filepath.Ext(in)) + "." + ext
	if _, statErr := os.Stat(result); err != nil || statErr != nil {
		tb.Fatalf("soffice --convert-to %s %s: %v\n%s", format, in, err, out)
	}
	return result
}

// PDFText returns the text of a PDF as pdftotext -layout lays it out.
func PDFText(tb testing.TB, pdf string) string {
	tb.Helper()
	out, err := exec.Command("pdftotext", "-layout", pdf, "-").CombinedOutput()
	if err != nil {
		tb.Fatalf("pdftotext %s: %v\n%s", pdf, err, out)
	}
	return string(out)
}
