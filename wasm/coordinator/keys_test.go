package coordinator

import (
	"bytes"
	"encoding/csv"
	"reflect"
	"strings"
	"testing"

	"lagesbild"
	"lagesbild/api"
)

// made is an answer of POST /api/admin/rounds/{round}/codes for two counties.
func made() api.Codes {
	return api.Codes{Round: "2027", Codes: []api.Code{
		{Kind: api.KindCounty, Unit: "24", Name: "Västerbottens län", Code: "K7QM-3XPA-9RTF-W2HD"},
		{Kind: api.KindCounty, Unit: "01", Name: "Stockholms län", Code: "ABCD-EFGH-JKMN-PQRS"},
	}}
}

func TestNewKeys(t *testing.T) {
	golden(t, "newkeys.sv.html", NewKeys(made(), "https://lagesbild.example", "sv"))
	golden(t, "newkeys.en.html", NewKeys(made(), "https://lagesbild.example", "en"))
	h := string(NewKeys(made(), "http://127.0.0.1:8787", "sv"))
	for _, want := range []string{
		`<caption id="once-cap">Nya nycklar i omgång 2027</caption>`,
		`<th scope="row">Västerbottens län</th><td><code class="key" id="key-24">K7QM-3XPA-9RTF-W2HD</code></td>` +
			`<td><button type="button" data-copy="24" data-name="Västerbottens län">Kopiera<span class="vh"> nyckeln för Västerbottens län</span></button></td>` +
			`<td class="link"><a href="http://127.0.0.1:8787/lan/?lan=24&amp;round=2027">`,
	} {
		if !strings.Contains(h, want) {
			t.Errorf("the new keys have no %s", want)
		}
	}
}

func TestCountyKeys(t *testing.T) {
	codes := []api.CodeInfo{
		{Kind: api.KindMunicipality, Unit: "2480", Name: "Umeå", Created: "2027-01-10T09:00:00Z"},
		{Kind: api.KindCounty, Unit: "24", Name: "Västerbottens län", Created: "2027-01-10T09:00:00Z"},
		{Kind: api.KindCounty, Unit: "24", Name: "Västerbottens län", Created: "2027-01-12T13:05:00Z"},
		{Kind: api.KindCounty, Unit: "01", Name: "Stockholms län", Created: "2027-01-10T09:00:00Z"},
	}
	golden(t, "countykeys.sv.html", CountyKeys(codes, "sv"))
	golden(t, "countykeys.en.html", CountyKeys(codes, "en"))
	h := string(CountyKeys(codes, "sv"))
	for _, want := range []string{
		// In the registry's order, a county once with its latest key.
		`<tr data-unit="01"><th scope="row">Stockholms län</th><td>10 januari 2027 kl.` + "\u00a0" + `10.00</td>`,
		`<tr data-unit="24"><th scope="row">Västerbottens län</th><td>12 januari 2027 kl.` + "\u00a0" + `14.05</td>`,
		`<button type="button" data-revoke="24" data-name="Västerbottens län">Återkalla<span class="vh"> nycklarna för Västerbottens län</span></button>`,
	} {
		if !strings.Contains(h, want) {
			t.Errorf("the counties' keys have no %s", want)
		}
	}
	if strings.Contains(h, "Umeå") || strings.Index(h, "Stockholms") > strings.Index(h, "Västerbottens") {
		t.Errorf("a municipality's code is listed, or the counties are out of order: %s", h)
	}
	if got := string(CountyKeys(codes[:1], "sv")); got != `<p>Inget län har nyckel i omgången ännu.</p>` {
		t.Errorf("no county keys: %s", got)
	}
}

func TestWithMadeAndWithout(t *testing.T) {
	// Stockholm's earlier key is replaced; Umeå's code and Skåne's key stay.
	list := []api.CodeInfo{
		{Kind: api.KindCounty, Unit: "01", Name: "Stockholms län", Created: "2027-01-10T09:00:00Z"},
		{Kind: api.KindMunicipality, Unit: "2480", Name: "Umeå", Created: "2027-01-10T09:00:00Z"},
		{Kind: api.KindCounty, Unit: "12", Name: "Skåne län", Created: "2027-01-10T09:00:00Z"},
	}
	got := WithMade(list, made(), "2027-01-20T08:00:00Z")
	want := []api.CodeInfo{list[1], list[2],
		{Kind: api.KindCounty, Unit: "24", Name: "Västerbottens län", Created: "2027-01-20T08:00:00Z"},
		{Kind: api.KindCounty, Unit: "01", Name: "Stockholms län", Created: "2027-01-20T08:00:00Z"}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("WithMade = %+v, want %+v", got, want)
	}
	if len(list) != 3 || list[0].Unit != "01" {
		t.Errorf("WithMade changed its argument")
	}
	if got := Without(want, "01"); !reflect.DeepEqual(got, want[:3]) {
		t.Errorf("Without(01) = %+v", got)
	}
}

func TestKeysRequest(t *testing.T) {
	var all []string
	for _, c := range lagesbild.Counties() {
		all = append(all, c.Code)
	}
	tests := []struct {
		name     string
		counties []string
		regions  []string
		want     api.NewCodes
		problems []Problem
	}{
		{"none", nil, nil, api.NewCodes{}, []Problem{NoCounty}},
		{"two", []string{"01", "24"}, nil, api.NewCodes{Counties: []string{"01", "24"}}, nil},
		{"all", all, nil, api.NewCodes{AllCounties: true}, nil},
		{"a region", nil, []string{"Öst"}, api.NewCodes{Regions: []string{"Öst"}}, nil},
		{"all and a region", all, []string{"Nord"}, api.NewCodes{AllCounties: true, Regions: []string{"Nord"}}, nil},
	}
	for _, tt := range tests {
		got, ps := KeysRequest(tt.counties, tt.regions)
		if !reflect.DeepEqual(got, tt.want) || !reflect.DeepEqual(ps, tt.problems) {
			t.Errorf("%s: %+v, %v; want %+v, %v", tt.name, got, ps, tt.want, tt.problems)
		}
	}
}

// TestRegionKeys: a regional coordinator's key is shown once with the link
// to /lan/, goes into the file, and is listed (with a revoke button) after
// the counties' keys.
func TestRegionKeys(t *testing.T) {
	c := api.Codes{Round: "2027", Codes: []api.Code{{Kind: api.KindRegion, Unit: "Öst", Name: "Samordningsregion Öst", Code: "ABCD-EFGH-JKMN-PQRS"}}}
	if got := string(KeysCSV(c, "https://x", "sv")); !strings.Contains(got, "Samordningsregion Öst;Öst;ABCD-EFGH-JKMN-PQRS;https://x/lan/?round=2027\r\n") {
		t.Errorf("KeysCSV: %q", got)
	}
	if got := string(NewKeys(c, "https://x", "sv")); !strings.Contains(got, `id="key-Öst">ABCD-EFGH-JKMN-PQRS`) || !strings.Contains(got, `href="https://x/lan/?round=2027"`) {
		t.Errorf("NewKeys: %s", got)
	}
	list := []api.CodeInfo{{Kind: api.KindRegion, Unit: "Öst", Name: "Samordningsregion Öst", Created: "2027-01-02T00:00:00Z"},
		{Kind: api.KindCounty, Unit: "24", Name: "Västerbottens län", Created: "2027-01-01T00:00:00Z"}}
	got := string(CountyKeys(list, "sv"))
	if i, j := strings.Index(got, `data-revoke="24"`), strings.Index(got, `data-revoke="Öst"`); i < 0 || j < i {
		t.Errorf("CountyKeys: want 24 then Öst: %s", got)
	}
}

// TestKeysCSV checks the file's bytes: the byte order mark, ';', CRLF, a
// header in the page's language, a line per county with its link.
func TestKeysCSV(t *testing.T) {
	want := "\uFEFFLän;Länskod;Nyckel;Länets sida\r\n" +
		"Västerbottens län;24;K7QM-3XPA-9RTF-W2HD;https://lagesbild.example/lan/?lan=24&round=2027\r\n" +
		"Stockholms län;01;ABCD-EFGH-JKMN-PQRS;https://lagesbild.example/lan/?lan=01&round=2027\r\n"
	if got := string(KeysCSV(made(), "https://lagesbild.example", "sv")); got != want {
		t.Errorf("KeysCSV:\n got %q\nwant %q", got, want)
	}
	if got := string(KeysCSV(made(), "https://x", "en")); !strings.HasPrefix(got, "\uFEFFCounty;County code;Key;The county's page\r\n") {
		t.Errorf("the English header: %q", got)
	}
}

func TestExcelCSV(t *testing.T) {
	tests := []struct {
		name string
		rows [][]string
		want string
	}{
		{"plain", [][]string{{"a", "b"}, {"c", ""}}, "\uFEFFa;b\r\nc;\r\n"},
		{"a separator", [][]string{{"a;b"}}, "\uFEFF\"a;b\"\r\n"},
		{"quotes", [][]string{{`säg "hej"`}}, "\uFEFF\"säg \"\"hej\"\"\"\r\n"},
		{"line breaks become CRLF", [][]string{{"a\nb", "c\r\nd", "e\rf"}}, "\uFEFF\"a\r\nb\";\"c\r\nd\";\"ef\"\r\n"},
		{"leading space", [][]string{{" a", "\u00a0b", "c "}}, "\uFEFF\" a\";\"\u00a0b\";c \r\n"},
		{"a comma is data", [][]string{{"1,5"}}, "\uFEFF1,5\r\n"},
		{"no rows", nil, "\uFEFF"},
	}
	for _, tt := range tests {
		if got := string(ExcelCSV(tt.rows)); got != tt.want {
			t.Errorf("%s: %q, want %q", tt.name, got, tt.want)
		}
		if got, want := ExcelCSV(tt.rows), stdCSV(tt.rows); !bytes.Equal(got, want) {
			t.Errorf("%s: %q, encoding/csv writes %q", tt.name, got, want)
		}
	}
}

// stdCSV is what the worker's encoding/csv writes (worker/export.go).
func stdCSV(rows [][]string) []byte {
	var b bytes.Buffer
	b.WriteString("\uFEFF")
	w := csv.NewWriter(&b)
	w.Comma = ';'
	w.UseCRLF = true
	w.WriteAll(rows)
	return b.Bytes()
}

// FuzzExcelCSV checks the hand-written CSV against encoding/csv, and that
// Excel's reading (encoding/csv's reader, here) gets the fields back.
func FuzzExcelCSV(f *testing.F) {
	for _, s := range []string{"a", "a;b", `"`, "\r\n", " x", `\.`, "\u2003y", ""} {
		f.Add(s, "z")
	}
	f.Fuzz(func(t *testing.T, a, b string) {
		rows := [][]string{{a, b}, {b}}
		got := ExcelCSV(rows)
		if want := stdCSV(rows); !bytes.Equal(got, want) {
			t.Fatalf("ExcelCSV(%q) = %q, encoding/csv writes %q", rows, got, want)
		}
	})
}
