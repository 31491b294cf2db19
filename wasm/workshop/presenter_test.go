package workshop

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"strings"
	"testing"

	"lagesbild"
	"lagesbild/api"
)

// TestTieNotDefaulted: on a 1/1/1/1 tie the settled answer is not the
// option listed first (the most favourable): it is left for the
// facilitator, who must choose before saving.
func TestTieNotDefaulted(t *testing.T) {
	q := load(t, "workshop")
	it := "rutiner.ansvar-arenden" // ja, delvis, nej, vet-ej
	w := room(q, "rutiner", true, nil,
		lagesbild.Answers{it: "ja", "rutiner.handlingsplan": "beslutat"},
		lagesbild.Answers{it: "delvis", "rutiner.handlingsplan": "beslutat"},
		lagesbild.Answers{it: "nej", "rutiner.handlingsplan": "beslutat"},
		lagesbild.Answers{it: "vet-ej", "rutiner.handlingsplan": "saknas"})
	if got, want := fmt.Sprint(Ties(w)), "map[rutiner.ansvar-arenden:[ja delvis nej vet-ej]]"; got != want {
		t.Errorf("Ties = %s, want %s", got, want)
	}
	if got, want := fmt.Sprint(Settle(w)), "map[rutiner.handlingsplan:beslutat]"; got != want {
		t.Errorf("Settle = %s, want %s (the tie left out)", got, want)
	}
	l := NewLead("ACDEFG", "t", q, w.Session, nil)
	l.SetWall(w)
	if got := l.Proposal()[it]; got != "" {
		t.Errorf("the settle form proposes %q for a tie", got)
	}
	if got := fmt.Sprint(l.Unchosen()); got != "["+it+"]" {
		t.Errorf("Unchosen = %s", got)
	}
	if got := l.TieText(it, "sv"); !strings.Contains(got, "”Ja”, ”Delvis”, ”Nej”, ”Vet ej”") {
		t.Errorf("TieText = %q", got)
	}
	if got := Numbers(q, l.Unchosen()); got != "2" {
		t.Errorf("Numbers = %q", got)
	}
	l.Choose(it, "nej")
	if len(l.Unchosen()) != 0 || l.TieText(it, "sv") != "" || l.Proposal()[it] != "nej" {
		t.Errorf("after a choice: unchosen %v, proposal %v", l.Unchosen(), l.Proposal())
	}
	// Two of four options tied at the top is a tie; a clear winner is not.
	w = room(q, "rutiner", true, nil,
		lagesbild.Answers{it: "ja"}, lagesbild.Answers{it: "ja"}, lagesbild.Answers{it: "nej"}, lagesbild.Answers{it: "nej"}, lagesbild.Answers{it: "vet-ej"})
	if got := fmt.Sprint(Ties(w)); got != "map[rutiner.ansvar-arenden:[ja nej]]" {
		t.Errorf("2/2/1: Ties = %s", got)
	}
	w = room(q, "rutiner", true, nil,
		lagesbild.Answers{it: "ja"}, lagesbild.Answers{it: "ja"}, lagesbild.Answers{it: "nej"}, lagesbild.Answers{it: "vet-ej"})
	if len(Ties(w)) != 0 || Settle(w)[it] != "ja" {
		t.Errorf("2/1/1: ties %v, settle %v", Ties(w), Settle(w))
	}
}

func TestShortcut(t *testing.T) {
	tests := []struct {
		key          string
		inField, mod bool
		want         string
	}{
		{"n", false, false, KeyNext},
		{"ArrowRight", false, false, KeyNext},
		{"P", false, false, KeyPrev},
		{"ArrowLeft", false, false, KeyPrev},
		{"v", false, false, KeyReveal},
		{"v", true, false, ""}, // typing in a field
		{"n", false, true, ""}, // Ctrl+N is the browser's
		{"x", false, false, ""},
		{"Enter", false, false, ""},
	}
	for _, tt := range tests {
		if got := Shortcut(tt.key, tt.inField, tt.mod); got != tt.want {
			t.Errorf("Shortcut(%q, %v, %v) = %q, want %q", tt.key, tt.inField, tt.mod, got, tt.want)
		}
	}
}

func TestRevealSection(t *testing.T) {
	q := load(t, "workshop")
	s := api.Session{Section: "rutiner"}
	l := NewLead("ACDEFG", "t", q, s, nil)
	if l.SectionRevealed() {
		t.Error("revealed before any reveal")
	}
	if c := l.RevealSection(true); fmt.Sprint(c.Reveal) != "[rutiner]" || c.Hide != nil {
		t.Errorf("RevealSection(true) = %+v", c)
	}
	if c := l.RevealSection(false); fmt.Sprint(c.Hide) != "[rutiner]" || c.Reveal != nil {
		t.Errorf("RevealSection(false) = %+v", c)
	}
	l.SetSession(api.Session{Section: "rutiner", RevealedItems: []string{"rutiner.ansvar-arenden"}})
	if l.SectionRevealed() {
		t.Error("one item of two revealed: the section counts as revealed")
	}
	l.SetSession(api.Session{Section: "rutiner", RevealedItems: []string{"rutiner.ansvar-arenden", "rutiner.handlingsplan"}})
	if !l.SectionRevealed() {
		t.Error("both items revealed: the section does not count as revealed")
	}
	l.SetSession(api.Session{Section: "kunskap", Revealed: true})
	if !l.SectionRevealed() {
		t.Error("all revealed: the section does not count as revealed")
	}
}

func TestKept(t *testing.T) {
	list := ParseKept("ACDEFG 2026-12-01T10:00:00Z\nnot a code\nHJKMNP 2026-12-02T09:00:00Z\n")
	if got := fmt.Sprint(list); got != "[{ACDEFG 2026-12-01T10:00:00Z} {HJKMNP 2026-12-02T09:00:00Z}]" {
		t.Fatalf("ParseKept = %s", got)
	}
	list = Keep(list, "HJKMNP", "2026-12-03T08:00:00Z")
	if got := FormatKept(list); got != "HJKMNP 2026-12-03T08:00:00Z\nACDEFG 2026-12-01T10:00:00Z\n" {
		t.Errorf("Keep again = %q", got)
	}
	for i := range 30 {
		list = Keep(list, fmt.Sprintf("ACDEF%c", JoinAlphabet[i%len(JoinAlphabet)]), "")
	}
	if len(list) != maxKept {
		t.Errorf("%d kept, want at most %d", len(list), maxKept)
	}
	h := string(KeptList([]Kept{{"ACDEFG", "2026-12-01T10:00:00Z"}, {"HJKMNP", ""}}, func(code string) string {
		if code == "ACDEFG" {
			return "tok"
		}
		return "" // no token kept: left out
	}, "https://x.example", "sv"))
	if !strings.Contains(h, `href="https://x.example/workshop/?code=ACDEFG#token=tok"`) || !strings.Contains(h, `data-copy="https://x.example/workshop/?code=ACDEFG#token=tok"`) ||
		strings.Contains(h, "HJKMNP") || !strings.Contains(h, "Öppna workshop ACD EFG") {
		t.Errorf("KeptList:\n%s", h)
	}
	if KeptList(nil, func(string) string { return "" }, "", "sv") != "" {
		t.Error("an empty list renders")
	}
}

// JoinAlphabet is the core's, for making codes in the tests.
const JoinAlphabet = lagesbild.JoinAlphabet

// TestExportCSV: the room's results as Excel (Swedish) reads them, with
// only what the wall shows: an item below the wall's rules has no count.
func TestExportCSV(t *testing.T) {
	q := load(t, "workshop")
	w := room(q, "rutiner", true, nil,
		lagesbild.Answers{"rutiner.ansvar-arenden": "ja", "rutiner.handlingsplan": "beslutat"},
		lagesbild.Answers{"rutiner.ansvar-arenden": "ja"},
		lagesbild.Answers{"rutiner.ansvar-arenden": "nej"},
		lagesbild.Answers{"rutiner.ansvar-arenden": "ja"})
	b := ExportCSV(q, w, "sv")
	if !bytes.HasPrefix(b, []byte("\uFEFF")) || !bytes.Contains(b, []byte("\r\n")) {
		t.Fatalf("no BOM or CRLF: %q", b[:40])
	}
	r := csv.NewReader(bytes.NewReader(b[3:]))
	r.Comma, r.FieldsPerRecord = ';', -1
	rows, err := r.ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(rows[0], "|"); got != "Avsnitt|Nr|Fråga|Svar|Antal|Andel, procent|Svar på frågan" {
		t.Errorf("header %s", got)
	}
	find := func(num, option string) []string {
		for _, row := range rows {
			if len(row) == 7 && row[1] == num && row[3] == option {
				return row
			}
		}
		return nil
	}
	if got := fmt.Sprint(find("2", "Ja")); !strings.HasSuffix(got, " Ja 3 75,0 4]") {
		t.Errorf("item 2, Ja: %s", got)
	}
	if got := fmt.Sprint(find("1", "")); !strings.HasSuffix(got, " .. .. ..]") {
		t.Errorf("item 1 (one answer, below the wall's rules): %s", got)
	}
	scores := map[string]string{}
	for _, row := range rows {
		if len(row) == 3 {
			scores[row[0]] = row[1] + " " + row[2]
		}
	}
	if got := scores["Rutiner och ansvar"]; got != "75,0 4" {
		t.Errorf("score of rutiner: %q (%v)", got, scores)
	}
	if got := scores["Samverkan"]; got != ".. .." {
		t.Errorf("score of samverkan, nothing shown: %q", got)
	}
	for _, row := range rows {
		for _, f := range row {
			if strings.Contains(f, ".") && f != ".." && !strings.Contains(f, " ") {
				t.Errorf("a decimal point in %q", f)
			}
		}
	}
}

func TestSummary(t *testing.T) {
	q := load(t, "workshop")
	a := lagesbild.Answers{"rutiner.ansvar-arenden": "ja"}
	w := room(q, "rutiner", true, nil, a, a, a, a)
	h := string(Summary(q, w, "sv"))
	for _, want := range []string{`<li data-item="rutiner.ansvar-arenden">`, `<span data-value="ja">Ja <b>4</b></span>`, `data-measure="rutiner">`, "Avsnitt 1 av 5"} {
		if !strings.Contains(h, want) {
			t.Errorf("summary lacks %s:\n%s", want, h)
		}
	}
	if strings.Contains(h, "kunskap") {
		t.Errorf("the summary shows another section:\n%s", h)
	}
	p := string(PrintSummary(q, w, "2026-12-03 10:00", "sv"))
	if strings.Count(p, `class="ws-sum-h"`) != len(q.Sections) || !strings.Contains(p, "ACD EFG") {
		t.Errorf("print summary:\n%s", p)
	}
}
