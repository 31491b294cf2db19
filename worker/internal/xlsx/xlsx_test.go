package xlsx

import (
	"archive/zip"
	"bytes"
	"io"
	"regexp"
	"strings"
	"testing"
)

// unzip reads a workbook's parts.
func unzip(t *testing.T, b []byte) map[string]string {
	t.Helper()
	z, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		t.Fatal(err)
	}
	parts := map[string]string{}
	for _, f := range z.File {
		r, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		body, err := io.ReadAll(r)
		if err != nil {
			t.Fatal(err)
		}
		parts[f.Name] = string(body)
	}
	return parts
}

// TestCells: codes are inline strings (Excel keeps 0114), figures are
// numbers with a decimal point, empty cells are left out, text is escaped.
func TestCells(t *testing.T) {
	var buf bytes.Buffer
	rows := [][]Cell{
		{Text("Kod"), Text("Namn"), Text("Värde")},
		{Text("0114"), Text(`Upplands Väsby & "Co" <x>`), Num("12,5")},
		{Text("01"), Text(""), Num("")},
	}
	if err := Write(&buf, "Omgång: 2026/1", rows); err != nil {
		t.Fatal(err)
	}
	parts := unzip(t, buf.Bytes())
	for _, name := range []string{"[Content_Types].xml", "_rels/.rels", "xl/workbook.xml", "xl/_rels/workbook.xml.rels", "xl/worksheets/sheet1.xml"} {
		if parts[name] == "" {
			t.Errorf("no part %s", name)
		}
	}
	if got, want := parts["xl/workbook.xml"], `<sheet name="Omgång- 2026-1" sheetId="1" r:id="rId1"/>`; !strings.Contains(got, want) {
		t.Errorf("workbook.xml: %s, want %s", got, want)
	}
	sheet := parts["xl/worksheets/sheet1.xml"]
	cells := regexp.MustCompile(`<c r="([A-Z]+[0-9]+)"( t="inlineStr")?>(?:<is><t xml:space="preserve">([^<]*)</t></is>|<v>([^<]*)</v>)</c>`).FindAllStringSubmatch(sheet, -1)
	type cell struct{ ref, kind, value string }
	var got []cell
	for _, c := range cells {
		if c[2] != "" {
			got = append(got, cell{c[1], "text", c[3]})
		} else {
			got = append(got, cell{c[1], "number", c[4]})
		}
	}
	want := []cell{
		{"A1", "text", "Kod"}, {"B1", "text", "Namn"}, {"C1", "text", "Värde"},
		{"A2", "text", "0114"}, {"B2", "text", "Upplands Väsby &amp; &quot;Co&quot; &lt;x&gt;"}, {"C2", "number", "12.5"},
		{"A3", "text", "01"},
	}
	if len(got) != len(want) {
		t.Fatalf("cells %v, want %v\n%s", got, want, sheet)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("cell %d: %v, want %v", i, got[i], want[i])
		}
	}
	// The same rows, the same bytes (no clock in the file).
	var again bytes.Buffer
	Write(&again, "Omgång: 2026/1", rows)
	if !bytes.Equal(again.Bytes(), buf.Bytes()) {
		t.Error("two workbooks of the same rows differ")
	}
}

func TestNotANumber(t *testing.T) {
	if err := Write(io.Discard, "x", [][]Cell{{Num("..")}}); err == nil || !strings.Contains(err.Error(), "A1") {
		t.Errorf("a number cell holding .. gave %v, want an error naming A1", err)
	}
}

func TestColumn(t *testing.T) {
	for _, tt := range []struct {
		i    int
		want string
	}{{0, "A"}, {25, "Z"}, {26, "AA"}, {27, "AB"}, {51, "AZ"}, {52, "BA"}, {701, "ZZ"}, {702, "AAA"}} {
		if got := column(tt.i); got != tt.want {
			t.Errorf("column(%d) = %s, want %s", tt.i, got, tt.want)
		}
	}
}
