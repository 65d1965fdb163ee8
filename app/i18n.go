package app

import (
	"encoding/json"
	"fmt"
	"io/fs"
	"path"
	"strings"

	"planboard/views"
)

// Languages the UI speaks; the first is the default.
var languages = []string{"ru", "en"}

// catalog maps language → message key → text. Each language is a folder of
// JSON files (one per feature) under views/i18n, merged at start-up.
type catalog map[string]map[string]string

func loadCatalog() (catalog, error) {
	c := catalog{}
	for _, lang := range languages {
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
func (c catalog) T(lang, key string, args ...any) string {
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

// pickLang returns a supported language for a user preference.
func pickLang(pref string) string {
	pref = strings.ToLower(pref)
	for _, l := range languages {
		if pref == l {
			return l
		}
	}
	return languages[0]
}
