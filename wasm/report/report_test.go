package report

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"lagesbild"
	"lagesbild/markup"
	"lagesbild/wasm/ui"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// small is the test questionnaire of wasm/ui: three sections, five items, a weighted
// item, a renamed id and texts that need escaping.
func small(t testing.TB) *lagesbild.Questionnaire {
	t.Helper()
	b, err := os.ReadFile("../ui/testdata/small.json")
	if err != nil {
		t.Fatal(err)
	}
	q, err := ui.ParseQuestionnaire(b)
	if err != nil {
		t.Fatal(err)
	}
	return q
}

var blockStart = regexp.MustCompile(`<(section|h2|h3|p|ul|li|table|thead|tbody|tr|div)[ >]`)

// golden compares got with testdata/name, one block element a line so a
// diff is readable; -update rewrites the file.
func golden(t *testing.T, name string, got markup.HTML) {
	t.Helper()
	if strings.Contains(string(got), "%!") {
		t.Errorf("%s: a format verb did not fit its argument: %s", name, got)
	}
	text := blockStart.ReplaceAllStringFunc(string(got), func(s string) string { return "\n" + s })
	text = strings.TrimPrefix(text, "\n") + "\n"
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if !bytes.Equal([]byte(text), want) {
		t.Errorf("%s differs from the golden file (go test -update rewrites it)\ngot:\n%s\nwant:\n%s", name, text, want)
	}
}

func TestNoUnescapedMarkup(t *testing.T) {
	// The help text of rutiner.plan holds "<b>": every view must escape it.
	q := small(t)
	d := ui.Draft{Municipality: "0180", Round: "demo", Answers: lagesbild.Answers{"rutiner.plan": "nej"}}
	for _, lang := range []string{"sv", "en"} {
		if h := ResultView(q, d, lang); strings.Contains(string(h), "<b>") {
			t.Errorf("%s: ResultView has unescaped markup: %s", lang, h)
		}
	}
}

func TestEscape(t *testing.T) {
	for _, tt := range []struct{ in, want string }{
		{"demo", "demo"}, {"2026-vår", "2026-v%C3%A5r"}, {"a/b?c=d&e", "a%2Fb%3Fc%3Dd%26e"}, {"", ""},
	} {
		if got := Escape(tt.in); got != tt.want {
			t.Errorf("Escape(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}
