package questionnaires_test

import (
	"bytes"
	"os"
	"strconv"
	"strings"
	"testing"

	"lagesbild"
	"lagesbild/questionnaires"
	"lagesbild/questionnaires/authoring"
)

// TestShippedFilesCompile checks every authoring file and that the embedded
// JSON is what it compiles to: nobody edits compiled/ by hand or forgets
// `make questionnaires`. It compiles in memory (authoring.Compare, as
// `make test`'s check does) and writes nothing.
func TestShippedFilesCompile(t *testing.T) {
	files, err := authoring.LoadDir(".")
	if err != nil {
		t.Fatal(err)
	}
	diffs, err := authoring.Compare(".", files)
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range diffs {
		t.Error(d)
	}
	if got, want := len(questionnaires.List()), len(files); got != want {
		t.Errorf("embedded %d questionnaires, %d source files", got, want)
	}
}

func TestShippedContent(t *testing.T) {
	tests := []struct {
		id               string
		minItems         int
		maxItems         int
		requiredSections []string
	}{
		{"kommun", 25, 40, []string{"rutiner", "kunskap", "ansvar", "samverkan", "forebyggande", "stod", "uppfoljning", "kompetens"}},
		{"lansstyrelse", 10, 35, nil}, // v2 adds the review's point 9 (domain-review-v1.md §7): 31 items
		{"workshop", 8, 12, nil},
	}
	for _, tt := range tests {
		t.Run(tt.id, func(t *testing.T) {
			q, err := questionnaires.Get(tt.id, 0)
			if err != nil {
				t.Fatal(err)
			}
			if n := q.ItemCount(); n < tt.minItems || n > tt.maxItems {
				t.Errorf("%d items, want %d–%d", n, tt.minItems, tt.maxItems)
			}
			for _, id := range tt.requiredSections {
				found := false
				for _, s := range q.Sections {
					found = found || s.ID == id
				}
				if !found {
					t.Errorf("no section %q", id)
				}
			}
			for _, s := range q.Sections {
				for _, it := range s.Items {
					dontKnow := false
					for _, o := range it.Options {
						dontKnow = dontKnow || (o.Value == "vet-ej" && o.Points == nil)
					}
					if !dontKnow {
						t.Errorf("%s: no \"vet-ej\" option with points null", it.ID)
					}
					all := it.Text.SV + it.Help.SV + it.Advice.SV
					for _, repealed := range []string{"SOSFS 2014:4", "2001:453"} {
						if strings.Contains(all, repealed) {
							t.Errorf("%s cites the repealed %s", it.ID, repealed)
						}
					}
				}
			}
		})
	}
}

// TestWorkshopLinesUpWithKommun: a workshop item that asks what a kommun item
// asks has the same id, so a room's answers can become the municipality's.
func TestWorkshopLinesUpWithKommun(t *testing.T) {
	w, err := questionnaires.Get("workshop", 0)
	if err != nil {
		t.Fatal(err)
	}
	k, err := questionnaires.Get("kommun", 0)
	if err != nil {
		t.Fatal(err)
	}
	shared := 0
	for _, s := range w.Sections {
		for _, it := range s.Items {
			if kit, ok := k.Item(it.ID); ok {
				shared++
				for _, o := range it.Options {
					if _, ok := kit.Option(o.Value); !ok {
						t.Errorf("%s: workshop option %q is not a kommun option", it.ID, o.Value)
					}
				}
			}
		}
	}
	if shared == 0 {
		t.Error("no workshop item shares an id with the kommun questionnaire")
	}
}

func TestGet(t *testing.T) {
	tests := []struct {
		id      string
		version int
		code    string
	}{
		{"kommun", 0, ""},
		{"kommun", 1, ""},
		{"kommun", 99, lagesbild.ENotFound},
		{"nope", 0, lagesbild.ENotFound},
	}
	for _, tt := range tests {
		_, err := questionnaires.Get(tt.id, tt.version)
		if got := lagesbild.ErrorCode(err); got != tt.code {
			t.Errorf("Get(%s, %d) code = %q, want %q", tt.id, tt.version, got, tt.code)
		}
	}
	b, err := questionnaires.JSON("kommun", 0)
	if err != nil || !bytes.HasPrefix(b, []byte("{")) {
		t.Errorf("JSON(kommun) = %.20s, %v", b, err)
	}
}

// TestScoreShippedGolden scores fixed answer sets on the shipped kommun
// questionnaire; the same test runs under js/wasm, so the browser and the
// worker agree to the decimal.
func TestScoreShippedGolden(t *testing.T) {
	q, err := questionnaires.Get("kommun", 1)
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	for _, pattern := range []string{"best", "worst", "middle", "dont-know", "mixed"} {
		a := lagesbild.Answers{}
		i := 0
		for _, s := range q.Sections {
			for _, it := range s.Items {
				a[it.ID] = pick(it, pattern, i)
				i++
			}
		}
		r := q.Score(a)
		b.WriteString(pattern + ":")
		for _, s := range r.Sections {
			b.WriteString(" " + s.String())
		}
		if r.Total != nil {
			b.WriteString(" total: " + strconv.FormatFloat(*r.Total, 'f', -1, 64))
		}
		b.WriteString("\n")
	}
	path := "testdata/score-kommun.v1.txt"
	if os.Getenv("UPDATE") != "" {
		if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (UPDATE=1 creates it)", err)
	}
	if b.String() != string(want) {
		t.Errorf("scores differ from %s:\n%s", path, b.String())
	}
}

func pick(it lagesbild.Item, pattern string, i int) string {
	var scored []lagesbild.Option
	var dontKnow string
	for _, o := range it.Options {
		if o.Points == nil {
			dontKnow = o.Value
		} else {
			scored = append(scored, o)
		}
	}
	best, worst := scored[0], scored[0]
	for _, o := range scored {
		if *o.Points > *best.Points {
			best = o
		}
		if *o.Points < *worst.Points {
			worst = o
		}
	}
	switch pattern {
	case "best":
		return best.Value
	case "worst":
		return worst.Value
	case "middle":
		return scored[len(scored)/2].Value
	case "dont-know":
		return dontKnow
	}
	return it.Options[(i*7)%len(it.Options)].Value
}

// TestShippedIndicators: the indicators a county reports (issue 16,
// domain-review-v1.md §5 B), worded as Öppna jämförelser and Kolada word
// theirs, with the review's three examples read from the items it names.
func TestShippedIndicators(t *testing.T) {
	tests := []struct {
		id       string
		min, max int
		sv, en   string
	}{
		{"kommun", 8, 12, "Andel kommuner ", "Share of municipalities "},
		{"lansstyrelse", 3, 6, "Andel länsstyrelser ", "Share of county administrative boards "},
		{"workshop", 0, 0, "", ""},
	}
	for _, tt := range tests {
		q, err := questionnaires.Get(tt.id, 0)
		if err != nil {
			t.Fatal(err)
		}
		refs := q.Indicators()
		if len(refs) < tt.min || len(refs) > tt.max {
			t.Errorf("%s: %d indicators, want %d–%d", tt.id, len(refs), tt.min, tt.max)
		}
		for _, r := range refs {
			if !strings.HasPrefix(r.Title.SV, tt.sv) || !strings.HasPrefix(r.Title.EN, tt.en) {
				t.Errorf("%s: indicator %q: title %q / %q, want %q… / %q…", tt.id, r.ID, r.Title.SV, r.Title.EN, tt.sv, tt.en)
			}
		}
	}
	q, err := questionnaires.Get("kommun", 2)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{ // indicator -> item: meets
		"rutin-vuxna":     "rutiner.rutin-vuxna: [beslutat uppfoljt]",
		"hanvisning-kast": "forebyggande.kast: [beslutat uppfoljt]",
		"lansnatverk":     "samverkan.lansnatverk: [ja]",
	}
	for _, r := range q.Indicators() {
		if w, ok := want[r.ID]; ok {
			if got := r.Item + ": [" + strings.Join(r.Meets, " ") + "]"; got != w {
				t.Errorf("%s = %s, want %s", r.ID, got, w)
			}
			delete(want, r.ID)
		}
	}
	for id := range want {
		t.Errorf("kommun v2 has no indicator %q", id)
	}
}
