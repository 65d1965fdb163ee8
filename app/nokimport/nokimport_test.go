package nokimport

import (
	"bytes"
	"fmt"
	"math"
	"reflect"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/encoding/charmap"

	"planboard/domain"
)

var codes = []string{"1.1", "1.2", "1.3", "2.1", "2.3", "3.1", "3.2", "3.3", "4.1", "4.2", "4.3", "5.1", "5.2", "5.3"}

// institutions are the founder's 50 institutions the operator's table lists.
func institutions() []domain.Institution {
	var out []domain.Institution
	for i := 1; i <= 50; i++ {
		out = append(out, domain.Institution{ID: int64(100 + i), Name: fmt.Sprintf("МБУК «Дом культуры № %d»", i),
			Slug: fmt.Sprintf("dk-%d", i), INN: fmt.Sprintf("42%08d", i)})
	}
	return out
}

// indicatorValues gives institution i plausible values with two decimals.
func indicatorValues(i int) map[string]float64 {
	v := map[string]float64{}
	for j, c := range codes {
		v[c] = math.Round((60+float64((i*7+j*13)%40)+float64((i+j)%4)*0.25)*100) / 100
	}
	return v
}

func round2(v float64) float64 { return math.Round(v*100) / 100 }

// operatorXLSX writes the kind of table operators send: a merged title row,
// an empty row, a header with codes as they print them, one row per
// institution with indicators, criteria and the total rounded to two
// decimals, and a summary row at the bottom. sabotage changes some rows.
func operatorXLSX(t testing.TB, sabotage func(i int, row []any) []any) []byte {
	f := excelize.NewFile()
	defer f.Close()
	sh := f.GetSheetName(0)
	header := []any{"№ п/п", "Наименование организации", "ИНН", "П1.1", "1.2", "Показатель 1.3", "К1",
		"2.1", "2.3", "K2", "3.1", "3.2", "3.3", "К3", "4.1", "4.2", "4.3", "К4", "5.1", "5.2", "5.3", "К5", "Итоговый балл", "Место"}
	last, _ := excelize.CoordinatesToCellName(len(header), 1)
	must(t, f.SetCellValue(sh, "A1", "Результаты независимой оценки качества условий оказания услуг организациями культуры, 2025 год"))
	must(t, f.MergeCell(sh, "A1", last))
	must(t, f.SetSheetRow(sh, "A3", &header))
	for i := 1; i <= 50; i++ {
		vals := indicatorValues(i)
		sc := domain.Calculate(domain.Assessment{Values: vals})
		row := []any{i, fmt.Sprintf("МБУК «Дом культуры № %d»", i), fmt.Sprintf("42%08d", i)}
		k := 0
		for _, c := range domain.NokCriteria() {
			for _, code := range c.Indicators {
				row = append(row, vals[code])
				k++
			}
			row = append(row, round2(sc.Criterion(c.Code).Value))
		}
		row = append(row, round2(sc.Total), i)
		if sabotage != nil {
			row = sabotage(i, row)
		}
		cell, _ := excelize.CoordinatesToCellName(1, 3+i)
		must(t, f.SetSheetRow(sh, cell, &row))
	}
	must(t, f.SetSheetRow(sh, "B54", &[]any{"Среднее значение", "", 80, 80}))
	var buf bytes.Buffer
	must(t, f.Write(&buf))
	return buf.Bytes()
}

func must(t testing.TB, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

func TestNokImportOperatorXLSX(t *testing.T) {
	// Column indexes: 0 №, 1 name, 2 ИНН, 3–5 1.1–1.3, 6 К1, 7–8 2.1 2.3, 9 К2, …, 22 total.
	data := operatorXLSX(t, func(i int, row []any) []any {
		switch i {
		case 7:
			row[2] = "4299999999" // an ИНН the founder does not have
			row[1] = "Неизвестный клуб"
		case 12:
			row[4] = 105.0 // 1.2 outside 0–100
		case 20:
			row[22] = row[22].(float64) + 0.5 // the total contradicts the indicators
		case 33:
			row[6] = row[6].(float64) - 1 // К1 contradicts 1.1–1.3
		case 41:
			row[2] = "42" + fmt.Sprintf("%08d", 40) // a second row for institution 40
		case 45:
			row[8] = "н/д" // 2.3 not published: К2 stands as published, no check
		}
		return row
	})
	tab, err := Parse(bytes.NewReader(data), DefaultLimits())
	if err != nil {
		t.Fatal(err)
	}
	if tab.Format != "xlsx" || tab.HeaderLine != 3 || len(tab.Rows) != 50 {
		t.Fatalf("format %s, header at %d, %d rows", tab.Format, tab.HeaderLine, len(tab.Rows))
	}
	var fields []string
	for _, c := range tab.Columns {
		fields = append(fields, c.Field)
	}
	wantFields := []string{"name", "inn", "1.1", "1.2", "1.3", "К1", "2.1", "2.3", "К2", "3.1", "3.2", "3.3", "К3",
		"4.1", "4.2", "4.3", "К4", "5.1", "5.2", "5.3", "К5", "total"}
	if !reflect.DeepEqual(fields, wantFields) {
		t.Errorf("columns = %v", fields)
	}
	Match(tab, institutions(), 2025)
	problems := map[int][]string{}
	for _, r := range tab.Rows {
		for _, p := range r.Problems {
			problems[r.Line-3] = append(problems[r.Line-3], p.Field+" "+p.Message+" "+p.Detail)
		}
	}
	sc20 := domain.Calculate(domain.Assessment{Values: indicatorValues(20)})
	sc33 := domain.Calculate(domain.Assessment{Values: indicatorValues(33)})
	want := map[int][]string{
		7:  {"inn nokimport.unknown_institution 4299999999"},
		12: {"1.2 nokimport.out_of_range 105"},
		20: {"total nokimport.total_disagrees " + domain.FormatScore(sc20.Total)},
		33: {"К1 nokimport.criterion_disagrees " + domain.FormatScore(sc33.Criterion("К1").Value)},
		41: {"inn nokimport.duplicate 43"},
	}
	if !reflect.DeepEqual(problems, want) {
		t.Errorf("problems = %v\nwant %v", problems, want)
	}
	if tab.Clean() {
		t.Error("a table with problems is clean")
	}
	r := tab.Rows[0]
	if r.InstitutionID != 101 || r.Line != 4 || len(r.Values) != 14 || len(r.Criteria) != 5 || r.Total == nil {
		t.Errorf("first row = %+v", r)
	}
	a := r.Assessment(2025)
	if err := a.Validate(); err != nil {
		t.Errorf("first row's assessment: %v", err)
	}
	if a.Year != 2025 || a.Source != domain.SourceImport || a.Values["1.1"] != indicatorValues(1)["1.1"] {
		t.Errorf("assessment = %+v", a)
	}
	if _, ok := tab.Rows[44].Values["2.3"]; ok {
		t.Error("н/д read as a value")
	}
}

func TestNokImportTwoHeaderRows(t *testing.T) {
	f := excelize.NewFile()
	sh := f.GetSheetName(0)
	must(t, f.SetSheetRow(sh, "A1", &[]any{"Наименование", "К1 Открытость", nil, nil, "Итого"}))
	must(t, f.MergeCell(sh, "B1", "D1"))
	must(t, f.SetSheetRow(sh, "A2", &[]any{nil, 1.1, 1.2, 1.3})) // numeric header cells, as Excel keeps typed codes
	must(t, f.SetSheetRow(sh, "A3", &[]any{"Музей", 90, 90, 85, 88}))
	var buf bytes.Buffer
	must(t, f.Write(&buf))
	tab, err := Parse(&buf, DefaultLimits())
	if err != nil {
		t.Fatal(err)
	}
	if len(tab.Rows) != 1 || tab.Rows[0].Line != 3 {
		t.Fatalf("rows = %+v", tab.Rows)
	}
	r := tab.Rows[0]
	// К1 = 0.3·90 + 0.3·90 + 0.4·85 = 88; only К1 known, so the total 88 agrees.
	if !reflect.DeepEqual(r.Values, map[string]float64{"1.1": 90, "1.2": 90, "1.3": 85}) || r.Total == nil || *r.Total != 88 || !r.OK() {
		t.Errorf("row = %+v", r)
	}
}

func TestNokImportCSV(t *testing.T) {
	semicolon := "\uFEFFРезультаты НОК 2025;;;\n" +
		"Наименование организации;ИНН;К1;К2;К3;К4;К5;Итого\n" +
		"МБУК «Дом культуры № 1»;4200000001;88;85;57;94,4;94,4;83,76\n" +
		"\"МБУК «Дом культуры № 2»\";;90,5;91;92;93;94;92,1\n" +
		"Итого по району;;89;88;74;93;94;87,9\n"
	comma := "Учреждение,slug,1.1,1.2,1.3,Общий балл\n" +
		"Что-то,dk-3,\"90,00\",90,\"85,00\",\n" +
		"Дом культуры № 4,dk-4,101,90,85,\n"
	tab := "ИНН\tПинф\tПдист\n4200000005\t95\t60\n"
	win, err := charmap.Windows1251.NewEncoder().String(semicolon[3:]) // no BOM in a Windows-1251 file
	must(t, err)
	tests := []struct {
		name  string
		data  string
		rows  int
		check func(t *testing.T, tb *Table)
	}{
		{"semicolon, decimal comma, BOM, title and summary rows", semicolon, 2, func(t *testing.T, tb *Table) {
			r := tb.Rows[0]
			if tb.HeaderLine != 2 || r.Line != 3 || r.INN != "4200000001" || r.Criteria["К4"] != 94.4 || *r.Total != 83.76 || !r.OK() {
				t.Errorf("row 1 = %+v", r)
			}
			if r := tb.Rows[1]; r.Name != "МБУК «Дом культуры № 2»" || r.INN != "" || !r.OK() || r.InstitutionID != 102 {
				t.Errorf("row 2 = %+v", r)
			}
		}},
		{"Windows-1251", win, 2, func(t *testing.T, tb *Table) {
			if tb.Rows[1].Name != "МБУК «Дом культуры № 2»" || tb.Rows[0].InstitutionID != 101 {
				t.Errorf("rows = %+v", tb.Rows)
			}
		}},
		{"comma delimiter with quoted decimal commas", comma, 2, func(t *testing.T, tb *Table) {
			if r := tb.Rows[0]; r.Slug != "dk-3" || r.Values["1.1"] != 90 || r.InstitutionID != 103 || !r.OK() {
				t.Errorf("row 1 = %+v", r)
			}
			if r := tb.Rows[1]; len(r.Problems) != 1 || r.Problems[0].Message != ProblemRange || r.Problems[0].Field != "1.1" {
				t.Errorf("row 2 = %+v", r)
			}
		}},
		{"tab delimiter, symbols of the procedure", tab, 1, func(t *testing.T, tb *Table) {
			if r := tb.Rows[0]; r.Values["1.1"] != 95 || r.Values["1.2"] != 60 || r.InstitutionID != 105 {
				t.Errorf("row = %+v", r)
			}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tb, err := Parse(strings.NewReader(tt.data), DefaultLimits())
			if err != nil {
				t.Fatal(err)
			}
			Match(tb, institutions(), 2025)
			if tb.Format != "csv" || len(tb.Rows) != tt.rows {
				t.Fatalf("format %s, rows %+v", tb.Format, tb.Rows)
			}
			tt.check(t, tb)
		})
	}
}

func TestNokImportBadInput(t *testing.T) {
	small := DefaultLimits()
	small.MaxRows, small.MaxBytes, small.MaxCols = 3, 300, 10
	rows := "ИНН;1.1\n4200000001;1\n4200000002;2\n4200000003;3\n4200000004;4\n"
	tests := []struct {
		name string
		data string
		lim  Limits
		want error
	}{
		{"too many rows", rows, small, ErrTooManyRows},
		{"too large", strings.Repeat("x", 301), small, ErrTooLarge},
		{"too many columns", strings.Repeat(";", 20) + "\n", small, ErrTooManyCols},
		{"no header", "a;b;c\n1;2;3\n", DefaultLimits(), ErrNoHeader},
		{"a key but no scores", "ИНН;Название\n1;2\n", DefaultLimits(), ErrNoHeader},
		{"a broken zip", "PK\x03\x04garbage", DefaultLimits(), ErrUnreadable},
		{"empty", "", DefaultLimits(), ErrNoHeader},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := Parse(strings.NewReader(tt.data), tt.lim); err != tt.want {
				t.Errorf("Parse = %v, want %v", err, tt.want)
			}
			if domain.ErrorCode(tt.want) != domain.EInvalid {
				t.Errorf("%v is not EInvalid", tt.want)
			}
		})
	}
	tb, err := Parse(strings.NewReader("Наименование;1.1;5.3;Год\n;50;60;2025\nМузей;абв;;20\nКлуб;;;\n"), DefaultLimits())
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, r := range tb.Rows {
		for _, p := range r.Problems {
			got = append(got, fmt.Sprintf("%d %s %s", r.Line, p.Field, p.Message))
		}
	}
	want := []string{"2  nokimport.no_institution_key", "3 1.1 nokimport.not_a_number", "3 year nokimport.bad_year", "4  nokimport.no_values"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("problems = %v, want %v", got, want)
	}
}

func TestNokImportHeaders(t *testing.T) {
	for h, want := range map[string]string{
		"1.1": "1.1", "П1.1": "1.1", "п 3.2": "3.2", "Показатель 4.3 (вежливость)": "4.3", "5.3.": "5.3",
		"4.0999999999999996": "4.1", "2.2": "", "Пинф": "1.1", "П инф": "1.1", "Пперв.конт уд": "4.1",
		"Поткр уд": "1.3", "К1": "К1", "K5": "К5", "Критерий 3": "К3", "2 критерий": "К2",
		"Итого": "total", "Итоговый балл": "total", "Общий балл": "total", "ИНН": "inn", "ИНН организации": "inn",
		"Наименование организации": "name", "Полное наименование": "name", "slug": "slug", "Год": "year",
		"Место": "", "№ п/п": "", "Количество респондентов": "",
	} {
		if got := headerField(h); got != want {
			t.Errorf("headerField(%q) = %q, want %q", h, got, want)
		}
	}
	for s, want := range map[string]float64{"83,76": 83.76, " 83.76 ": 83.76, "85%": 85, "100": 100, "1\u00a000,5": 100.5} {
		if v, ok, err := parseNumber(s); !ok || err != nil || v != want {
			t.Errorf("parseNumber(%q) = %v, %v, %v", s, v, ok, err)
		}
	}
	for _, s := range []string{"", "-", "—", "н/д"} {
		if _, ok, err := parseNumber(s); ok || err != nil {
			t.Errorf("parseNumber(%q) is a value", s)
		}
	}
	for _, s := range []string{"abc", "NaN", "Inf", "1,2,3"} {
		if _, _, err := parseNumber(s); err == nil {
			t.Errorf("parseNumber(%q) accepted", s)
		}
	}
}

func TestNokImportMatch(t *testing.T) {
	known := institutions()
	known[2].ShortName = "ДК-3"
	tb := &Table{Rows: []Row{
		{Line: 2, INN: "4200000001"},
		{Line: 3, Slug: "dk-2"},
		{Line: 4, Name: "  мбук  \"дом культуры № 4\" "},
		{Line: 5, Name: "дк 3"},
		{Line: 6, INN: "4200000099", Name: "МБУК «Дом культуры № 5»"}, // a typo in the ИНН, the name is known
		{Line: 7, Name: "Клуб"},
		{Line: 8, Slug: "dk-1"},
		{Line: 9, Slug: "dk-1", Year: 2024},
	}}
	Match(tb, known, 2025)
	var got []string
	for _, r := range tb.Rows {
		s := fmt.Sprintf("%d:%d", r.Line, r.InstitutionID)
		for _, p := range r.Problems {
			s += " " + p.Message + " " + p.Detail
		}
		got = append(got, s)
	}
	want := []string{"2:101", "3:102", "4:104", "5:103", "6:105", "7:0 nokimport.unknown_institution Клуб",
		"8:101 nokimport.duplicate 2", "9:101"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Match = %v\nwant %v", got, want)
	}
	Match(tb, known, 2025) // re-matching does not pile up problems
	if len(tb.Rows[5].Problems) != 1 || len(tb.Rows[6].Problems) != 1 {
		t.Errorf("problems after a second Match: %+v", tb.Rows)
	}
}
