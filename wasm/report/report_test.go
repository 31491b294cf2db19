package report

import (
	goldenfile "lagesbild/wasm/golden"
	"os"
	"regexp"
	"strings"
	"testing"

	"lagesbild"
	"lagesbild/markup"
	"lagesbild/wasm/ui"
)

// small is the test questionnaire of wasm/ui: three sections, five items, a weighted
// item, a renamed id and texts that need escaping.
func small(t testing.TB) *lagesbild.Questionnaire {
	return questionnaireFile(t, "../ui/testdata/small.json")
}

// questionnaireFile reads a compiled questionnaire as the clients do.
func questionnaireFile(t testing.TB, path string) *lagesbild.Questionnaire {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	q, err := ui.ParseQuestionnaire(b)
	if err != nil {
		t.Fatal(err)
	}
	return q
}

var blockStart = regexp.MustCompile(`<(section|h2|h3|h4|p|ul|li|table|thead|tbody|tr|div)[ >]`)

// golden compares got with testdata/name, a block element a line.
func golden(t *testing.T, name string, got markup.HTML) {
	t.Helper()
	goldenfile.HTML(t, name, string(got), blockStart)
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
