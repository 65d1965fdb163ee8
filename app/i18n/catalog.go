// Package i18n is Planboard's languages: the message catalogue (views/i18n)
// and a Locale that words and formats dates, deadlines, sizes and times as
// people write them in Russian or English. Pages, mails and exports share
// it; it knows nothing of HTTP.
package i18n

import (
	"encoding/json"
	"fmt"
	"io/fs"
	"path"
	"strings"

	"planboard/views"
)

// Languages the UI speaks; the first is the default.
var Languages = []string{"ru", "en"}

// Catalog maps language → message key → text. Each language is a folder of
// JSON files (one per feature) under views/i18n, merged at start-up.
type Catalog map[string]map[string]string

// Load reads and merges the catalogue; every Russian key needs an English
// text.
func Load() (Catalog, error) {
	c := Catalog{}
	for _, lang := range Languages {
		files, err := fs.Glob(views.FS, path.Join("i18n", lang, "*.json"))
		if err != nil {
			return nil, err
		}
		all := map[string]string{}
		for _, f := range files {
			b, err := fs.ReadFile(views.FS, f)
			if err != nil {
				return nil, err
			}
			m := map[string]string{}
			if err := json.Unmarshal(b, &m); err != nil {
				return nil, fmt.Errorf("%s: %w", f, err)
			}
			for k, v := range m {
				if _, dup := all[k]; dup {
					return nil, fmt.Errorf("%s: key %q is defined twice", f, k)
				}
				all[k] = v
			}
		}
		c[lang] = all
	}
	for key := range c["ru"] {
		if _, ok := c["en"][key]; !ok {
			return nil, fmt.Errorf("i18n: key %q has no English text", key)
		}
	}
	return c, nil
}

// T returns the text of key in lang (falling back to Russian, then to the
// key itself), formatted with args when given.
func (c Catalog) T(lang, key string, args ...any) string {
	s, ok := c[lang][key]
	if !ok {
		if s, ok = c["ru"][key]; !ok {
			s = key
		}
	}
	if len(args) > 0 {
		return fmt.Sprintf(s, args...)
	}
	return s
}

// Pick returns a supported language for a user preference.
func Pick(pref string) string {
	pref = strings.ToLower(pref)
	for _, l := range Languages {
		if pref == l {
			return l
		}
	}
	return Languages[0]
}
