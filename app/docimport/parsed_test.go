package docimport

import (
	"encoding/json"
	"reflect"
	"testing"

	"github.com/xuri/excelize/v2"
)

// A parsed file kept as JSON reads the same plan as the file itself, for
// any year and members: a preview never needs the file again.
func TestParsedKeepsWhatTheFileSays(t *testing.T) {
	files := map[string][]byte{
		"docx":   planDOCX(t),
		"merged": mergedDOCX(t),
		"xlsx":   xlsxBytes(t, func(x *excelize.File) { officialSheet(t, x) }),
	}
	for name, data := range files {
		p, err := Parse(data, Options{})
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		b, err := json.Marshal(p)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		var kept Parsed
		if err := json.Unmarshal(b, &kept); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		for _, opt := range []Options{{}, {Year: 2031, Members: members}} {
			want, err := Read(data, opt)
			if err != nil {
				t.Fatalf("%s: %v", name, err)
			}
			got, err := kept.Read(opt)
			if err != nil {
				t.Fatalf("%s kept: %v", name, err)
			}
			if !reflect.DeepEqual(got, want) {
				t.Errorf("%s (year %d): the kept parse reads\n%+v\nthe file\n%+v", name, opt.Year, got, want)
			}
		}
	}
}
