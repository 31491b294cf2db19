package invite

import (
	"bytes"
	"encoding/csv"
	"net/url"
	"slices"
	"strings"
	"testing"

	"lagesbild/api"
	"lagesbild/wasm/i18n"
)

func TestCodesPanel(t *testing.T) {
	goldenHTML(t, "codes.sv.html", CodesPanel(invitation(), "sv"))
	goldenHTML(t, "codes.en.html", CodesPanel(invitation(), "en"))
}

func TestCSV(t *testing.T) {
	inv := invitation()
	b := CSV(inv)
	if !bytes.HasPrefix(b, []byte("\xEF\xBB\xBF")) {
		t.Fatalf("no byte order mark: % x", b[:8])
	}
	if !bytes.HasSuffix(b, []byte("\r\n")) || bytes.Count(b, []byte("\n")) != bytes.Count(b, []byte("\r\n")) {
		t.Errorf("not CRLF throughout: %q", b)
	}
	want := "\uFEFFkommun;kommunkod;kod;personlig länk;sista dag\r\n" +
		"Nordmaling;2401;ABCD-EFGH-JKLM-NPQR;https://lagesbild.example.se/enkat/kommun/?omgang=2027&kommun=2401#kod=ABCD-EFGH-JKLM-NPQR;31 januari 2027\r\n" +
		"Vännäs;2460;2345-6789-ABCD-EFGH;https://lagesbild.example.se/enkat/kommun/?omgang=2027&kommun=2460#kod=2345-6789-ABCD-EFGH;31 januari 2027\r\n" +
		"Åsele;2463;K7QM-3XPA-9RTF-W2HD;https://lagesbild.example.se/enkat/kommun/?omgang=2027&kommun=2463#kod=K7QM-3XPA-9RTF-W2HD;31 januari 2027\r\n"
	if string(b) != want {
		t.Errorf("CSV:\n%q\nwant\n%q", b, want)
	}

	// Read back as a spreadsheet would: one row per code, with a personal
	// link that opens the round for that municipality with its code.
	r := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(b, []byte("\uFEFF"))))
	r.Comma = ';'
	rows, err := r.ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 1+len(inv.Codes) {
		t.Fatalf("%d rows, want a header and %d", len(rows), len(inv.Codes))
	}
	for _, row := range rows[1:] {
		u, err := url.Parse(row[3])
		if err != nil {
			t.Fatalf("%s: %v", row[3], err)
		}
		frag, _ := url.ParseQuery(u.Fragment)
		if u.Query().Get("omgang") != "2027" || u.Query().Get("kommun") != row[1] || frag.Get("kod") != row[2] {
			t.Errorf("row %q: the link does not open round 2027 for %s with its code", row, row[1])
		}
	}
}

func TestCSVQuoting(t *testing.T) {
	inv := invitation()
	inv.Round.ID = "vt;2027"
	inv.Codes = []api.Code{
		{Kind: api.KindMunicipality, Unit: "0001", Name: `Den "nya"; kommunen`, Code: "AAAA"},
		{Kind: api.KindMunicipality, Unit: "0002", Name: "=HYPERLINK(1)", Code: "BBBB"},
		{Kind: api.KindMunicipality, Unit: "0003", Name: " Blanksteg ", Code: "CCCC"},
		{Kind: api.KindCounty, Unit: "24", Name: "Västerbottens län", Code: "DDDD"}, // a lead token: not an invitation
	}
	b := string(CSV(inv))
	for _, want := range []string{
		"\r\n\"Den \"\"nya\"\"; kommunen\";0001;AAAA;",
		"\r\n\"'=HYPERLINK(1)\";0002;",
		"\r\n\" Blanksteg \";0003;",
		"omgang=vt%3B2027&kommun=0001#kod=AAAA;",
	} {
		if !strings.Contains(b, want) {
			t.Errorf("no %q in\n%q", want, b)
		}
	}
	if strings.Contains(b, "DDDD") {
		t.Errorf("a county's token is in the invitation file: %q", b)
	}
	r := csv.NewReader(strings.NewReader(strings.TrimPrefix(b, "\uFEFF")))
	r.Comma = ';'
	rows, err := r.ReadAll()
	if err != nil || len(rows) != 4 || !slices.ContainsFunc(rows, func(r []string) bool { return r[0] == `Den "nya"; kommunen` }) {
		t.Errorf("read back: %q, %v", rows, err)
	}
}

func TestLetters(t *testing.T) {
	h := Letters(invitation())
	goldenHTML(t, "letters.sv.html", h)
	if n := strings.Count(string(h), `<article class="letter"`); n != 3 {
		t.Errorf("%d letters, want 3", n)
	}
	if strings.Contains(string(h), "<växel>") || !strings.Contains(string(h), "&lt;växel&gt;<") {
		t.Errorf("the contact text is not escaped: %s", h)
	}
	// Without contact details, the county board is whom to ask.
	inv := invitation()
	inv.Contact = "  \n "
	if h := string(Letters(inv)); !strings.Contains(h, `<p class="letter-contact">Länsstyrelsen i Västerbottens län</p>`) {
		t.Errorf("no county board to contact in\n%s", h)
	}
}

func TestAdd(t *testing.T) {
	inv := invitation()
	more := []api.Code{
		{Kind: api.KindMunicipality, Unit: "2401", Name: "Nordmaling", Code: "NEW1-NEW1-NEW1-NEW1"}, // remade
		{Kind: api.KindMunicipality, Unit: "2403", Name: "Bjurholm", Code: "NEW2-NEW2-NEW2-NEW2"},
	}
	got := inv.Add(more)
	var units, codes []string
	for _, c := range got.Sorted() {
		units, codes = append(units, c.Unit), append(codes, c.Code)
	}
	if want := []string{"2403", "2401", "2460", "2463"}; !slices.Equal(units, want) {
		t.Errorf("units %q, want %q", units, want)
	}
	if codes[1] != "NEW1-NEW1-NEW1-NEW1" {
		t.Errorf("Nordmaling's code is %q, want the new one", codes[1])
	}
	if inv.Codes[1].Code != "ABCD-EFGH-JKLM-NPQR" {
		t.Errorf("Add changed the invitation it was called on")
	}
}

func TestMadeText(t *testing.T) {
	s := i18n.For("sv")
	if got := MadeText(1)(s); got != s.LeadMadeOne {
		t.Errorf("MadeText(1) = %q", got)
	}
	if got := MadeText(3)(s); !strings.HasPrefix(got, "3 personliga länkar är skapade.") {
		t.Errorf("MadeText(3) = %q", got)
	}
}
