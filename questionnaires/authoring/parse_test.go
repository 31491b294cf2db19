package authoring

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func readSmall(t testing.TB) string {
	t.Helper()
	b, err := os.ReadFile("testdata/small.v1.yaml")
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestParseSmall(t *testing.T) {
	q, err := Parse("testdata/small.v1.yaml", []byte(readSmall(t)))
	if err != nil {
		t.Fatal(err)
	}
	if got, want := q.ItemCount(), 2; got != want {
		t.Errorf("items = %d, want %d", got, want)
	}
	it, _ := q.Item("rutiner.rutin")
	if got, want := it.Weight, 2.0; got != want {
		t.Errorf("weight = %v, want %v", got, want)
	}
	if got, want := it.Text.SV, "Finns en rutin?"; got != want {
		t.Errorf("block text = %q, want %q", got, want)
	}
	plan, _ := q.Item("rutiner.plan")
	if got := plan.Options[3].Points; got != nil {
		t.Errorf("vet-ej points = %v, want nil", *got)
	}
	if got, want := *plan.Options[0].Points, 2; got != want {
		t.Errorf("ja points = %d, want %d", got, want)
	}
	golden(t, "testdata/small.v1.json", JSON(q))
}

// golden compares got with a file; UPDATE=1 go test rewrites it.
func golden(t *testing.T, path string, got []byte) {
	t.Helper()
	if os.Getenv("UPDATE") != "" {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run with UPDATE=1 to create it)", err)
	}
	if string(got) != string(want) {
		t.Errorf("%s differs from the output:\n%s", path, got)
	}
}

// TestParseErrors breaks the small file in one place at a time and checks
// that the message names the right line and column.
func TestParseErrors(t *testing.T) {
	tests := []struct {
		name     string
		old, new string // replace old with new in the small file
		file     string
		want     string // file:line:col: message (a prefix of the first error)
	}{
		{"duplicate item id", "id: rutiner.rutin", "id: rutiner.plan", "", `small.v1.yaml:21:13: duplicate item id "rutiner.plan"`},
		{"missing en in title", `title: {sv: "Liten enkät", en: "Small survey"}`, `title: {sv: "Liten enkät"}`, "", `small.v1.yaml:4:1: title has no en translation`},
		{"missing en in block text", "          en: Is there a routine?\n", "", "", `small.v1.yaml:26:9: text has no en translation`},
		{"empty sv", `help: {sv: "Skriftlig.", en: "Written."}`, `help: {sv: "", en: "Written."}`, "", `small.v1.yaml:30:16: help.sv is empty`},
		{"option without value", `{value: finns, sv: "Finns"`, `{sv: "Finns"`, "", `small.v1.yaml:25:13: item "rutiner.rutin": option has no value`},
		{"option without points", `en: "Exists", points: 3}`, `en: "Exists"}`, "", `small.v1.yaml:25:13: item "rutiner.rutin": option "finns" has no points`},
		{"no scored option", `points: 0}
          - {value: finns, sv: "Finns", en: "Exists", points: 3}`, `points: null}
          - {value: finns, sv: "Finns", en: "Exists", points: null}`, "", `small.v1.yaml:24:11: item "rutiner.rutin": no option gives points`},
		{"unknown field", "kind: struktur", "knid: struktur", "", `small.v1.yaml:17:9: item: unknown field "knid"`},
		{"unknown scale", "scale: A", "scale: B", "", `small.v1.yaml:16:16: item "rutiner.plan": no scale "B" in scales`},
		{"bad version", "version: 1", "version: one", "", `small.v1.yaml:3:10: version: want a whole number >= 1`},
		{"zero version", "version: 1", "version: 0", "", `small.v1.yaml:3:10: version: want a whole number >= 1, got 0`},
		{"version not in file name", "version: 1", "version: 2", "", `small.v1.yaml:3:10: version 2 does not match the file name`},
		{"id not in file name", "id: small", "id: other", "", `small.v1.yaml:2:5: id "other" does not match the file name`},
		{"duplicate section", "  - id: rutiner\n", "  - id: rutiner\n    title: {sv: x, en: y}\n    items: [{id: a, scale: A, text: {sv: a, en: a}, help: {sv: a, en: a}, advice: {sv: a, en: a}}]\n  - id: rutiner\n", "", `small.v1.yaml:15:9: duplicate section id "rutiner"`},
		{"both scale and options", "        weight: 2\n", "        weight: 2\n        scale: A\n", "", `small.v1.yaml:23:9: item "rutiner.rutin": give either scale or options`},
		{"negative weight", "weight: 2", "weight: -1", "", `small.v1.yaml:22:17: item "rutiner.rutin": weight must be a number > 0`},
		{"bad kind", "kind: struktur", "kind: other", "", `small.v1.yaml:17:15: item "rutiner.plan": kind "other"`},
		{"missing advice", `        advice: {sv: "Skriv en plan.", en: "Write a plan."}` + "\n", "", "", `small.v1.yaml:15:9: "advice" is missing`},
		{"yaml syntax", "sections:\n", "sections: [\n", "", `small.v1.yaml:`},
		{"duplicate key", "kind: struktur", "kind: struktur\n        kind: process", "", `small.v1.yaml:18:9: YAML: mapping key "kind" already defined at [17:9]`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			src := readSmall(t)
			if !strings.Contains(src, tt.old) {
				t.Fatalf("test data has no %q", tt.old)
			}
			src = strings.Replace(src, tt.old, tt.new, 1)
			q, err := Parse("questionnaires/small.v1.yaml", []byte(src))
			if err == nil {
				t.Fatalf("no error; parsed %s", q.ID)
			}
			if q != nil {
				t.Errorf("a questionnaire came back with the error: nothing half-made must")
			}
			var list List
			if !errors.As(err, &list) || len(list) == 0 {
				t.Fatalf("error %T %v, want a List", err, err)
			}
			found := false
			for _, e := range list {
				if strings.Contains(e.Error(), tt.want) {
					found = true
				}
			}
			if !found {
				t.Errorf("errors:\n%v\nwant one containing %q", err, tt.want)
			}
		})
	}
}

// TestParseV2 reads the policies of version 2: "Vet ej" scored zero or not,
// an "Ej aktuellt" option, advice for "Vet ej", dropped ids.
func TestParseV2(t *testing.T) {
	b, err := os.ReadFile("testdata/small.v2.yaml")
	if err != nil {
		t.Fatal(err)
	}
	q, err := Parse("testdata/small.v2.yaml", b)
	if err != nil {
		t.Fatal(err)
	}
	plan, _ := q.Item("rutiner.handlingsplan")
	nw, _ := q.Item("rutiner.natverk")
	if plan.DontKnow != "zero" || nw.DontKnow != "unscored" || plan.AdviceUnknown == nil || plan.AdviceUnknown.SV != "Fråga socialchefen." {
		t.Errorf("policies: %q %q, advice for vet ej %v", plan.DontKnow, nw.DontKnow, plan.AdviceUnknown)
	}
	if o := nw.Options[3]; !o.NotApplicable || o.Points != nil || nw.Options[2].NotApplicable {
		t.Errorf("ej aktuellt: %+v; vet ej: %+v", o, nw.Options[2])
	}
	if q.Dropped["rutiner.rutin"] == "" {
		t.Errorf("dropped = %v", q.Dropped)
	}
	golden(t, "testdata/small.v2.json", JSON(q))
}

// TestParseV2Errors: each rule of the policies, broken in one place.
func TestParseV2Errors(t *testing.T) {
	b, err := os.ReadFile("testdata/small.v2.yaml")
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name, old, new, want string
	}{
		{"policy missing", "        dontKnow: zero\n", "", `small.v2.yaml:15:9: item "rutiner.handlingsplan": dontKnow is missing`},
		{"policy unknown", "dontKnow: zero", "dontKnow: half", `small.v2.yaml:18:19: item "rutiner.handlingsplan": dontKnow "half": want zero`},
		{"advice for vet ej missing", "        adviceUnknown: {sv: \"Fråga socialchefen.\", en: \"Ask the head of social services.\"}\n", "", `small.v2.yaml:15:9: item "rutiner.handlingsplan": adviceUnknown is missing`},
		{"ej aktuellt with points", `points: null, na: true}`, `points: 1, na: true}`, `small.v2.yaml:32:130: item "rutiner.natverk": option "ej-aktuellt": an "Ej aktuellt" option (na: true) gives no points`},
		{"na not a bool", `na: true}`, `na: "ja"}`, `item "rutiner.natverk": option "ej-aktuellt": na: want true or false`},
		{"dropped without reason", `rutiner.rutin: "a yes/no of a routine said too little; replaced by the routines of kommun v2"`, `rutiner.rutin: ""`, `dropped: "rutiner.rutin": give the reason`},
		{"dropped still there", `rutiner.rutin: "a yes`, `rutiner.natverk: "a yes`, `dropped: "rutiner.natverk" is still an item id`},
		{"policy without vet ej", "        dontKnow: unscored\n", "", `item "rutiner.natverk": dontKnow is missing`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			src := string(b)
			if !strings.Contains(src, tt.old) {
				t.Fatalf("test data has no %q", tt.old)
			}
			_, err := Parse("questionnaires/small.v2.yaml", []byte(strings.Replace(src, tt.old, tt.new, 1)))
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("err = %v; want one containing %q", err, tt.want)
			}
		})
	}
	// A version 1 file may leave the policies out (v1 rounds still score).
	if _, err := Parse("testdata/small.v1.yaml", []byte(readSmall(t))); err != nil {
		t.Errorf("version 1 without policies: %v", err)
	}
}

// TestLineage: every item of version 1 is kept, renamed or dropped in
// version 2, with what is renamed or dropped an item of version 1.
func TestLineage(t *testing.T) {
	v2, err := os.ReadFile("testdata/small.v2.yaml")
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name, old, new, want string
	}{
		{"whole", "", "", ""},
		{"an item unaccounted for", "dropped:\n  rutiner.rutin:", "dropped:\n  rutiner.other:", `small.v2.yaml:1:1: item "rutiner.rutin" of version 1 is neither kept, renamed`},
		{"renamed from nothing", "rutiner.plan: rutiner.handlingsplan", "rutiner.planen: rutiner.handlingsplan", `"rutiner.planen" is renamed or dropped, but version 1 has no such item`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			if err := os.WriteFile(filepath.Join(dir, "small.v1.yaml"), []byte(readSmall(t)), 0o644); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(filepath.Join(dir, "small.v2.yaml"), []byte(strings.Replace(string(v2), tt.old, tt.new, 1)), 0o644); err != nil {
				t.Fatal(err)
			}
			_, err := LoadDir(dir)
			switch {
			case tt.want == "" && err != nil:
				t.Errorf("err = %v; want none", err)
			case tt.want != "" && (err == nil || !strings.Contains(err.Error(), tt.want)):
				t.Errorf("err = %v; want one containing %q", err, tt.want)
			}
		})
	}
}

func TestLoadDirStopsAtFirstBadFile(t *testing.T) {
	dir := t.TempDir()
	src := readSmall(t)
	write := func(name, s string) {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(s), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("small.v1.yaml", src)
	write("zz.v1.yaml", strings.Replace(strings.Replace(src, "id: small", "id: zz", 1), `en: "Small survey"`, `fr: "x"`, 1))
	_, err := LoadDir(dir)
	if err == nil || !strings.Contains(err.Error(), "zz.v1.yaml:4:") {
		t.Fatalf("err = %v, want one naming zz.v1.yaml:4", err)
	}
}

// FuzzParse feeds the parser arbitrary bytes, seeded with every shipped
// questionnaire: it must never panic, and what it accepts must be whole.
func FuzzParse(f *testing.F) {
	seeds, _ := filepath.Glob("../*.yaml")
	seeds = append(seeds, "testdata/small.v1.yaml", "testdata/small.v2.yaml")
	for _, s := range seeds {
		b, err := os.ReadFile(s)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		q, err := Parse("fuzz.yaml", src)
		if err != nil {
			if q != nil {
				t.Fatal("questionnaire returned with an error")
			}
			return
		}
		if q.ID == "" || q.Version < 1 || len(q.Sections) == 0 {
			t.Fatalf("accepted an incomplete questionnaire: %+v", q)
		}
		for _, s := range q.Sections {
			for _, it := range s.Items {
				if it.Text.SV == "" || it.Text.EN == "" || it.MaxPoints() < 0 || len(it.Options) == 0 {
					t.Fatalf("accepted an incomplete item %+v", it)
				}
			}
		}
	})
}

func BenchmarkParse(b *testing.B) {
	src, err := os.ReadFile("../kommun.v1.yaml")
	if err != nil {
		b.Skip(err)
	}
	b.SetBytes(int64(len(src)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Parse("kommun.v1.yaml", src); err != nil {
			b.Fatal(err)
		}
	}
}

// TestParseIndicatorErrors: each rule of an item's indicators, broken in
// one place, with the place named.
func TestParseIndicatorErrors(t *testing.T) {
	b, err := os.ReadFile("testdata/small.v2.yaml")
	if err != nil {
		t.Fatal(err)
	}
	q, err := Parse("testdata/small.v2.yaml", b)
	if err != nil {
		t.Fatal(err)
	}
	if refs := q.Indicators(); len(refs) != 2 || refs[0].ID != "plan-beslutad" || refs[0].Title.EN != "Share with an adopted plan" ||
		len(refs[0].Meets) != 1 || refs[0].Meets[0] != "ja" || refs[1].Item != "rutiner.natverk" {
		t.Errorf("indicators = %+v", refs)
	}
	tests := []struct {
		name, old, new, want string
	}{
		{"unknown field", "meets: [ja]", "meet: [ja]", `small.v2.yaml:26:13: indicator: unknown field "meet"`},
		{"not a list", "        indicators:\n          - id: plan-beslutad", "        indicators: plan-beslutad\n        x:\n          - id: plan-beslutad", `small.v2.yaml:23:9: item "rutiner.handlingsplan": indicators: want a list`},
		{"id missing", "          - id: plan-beslutad\n            title:", "          - title:", `small.v2.yaml:24:13: "id" is missing`},
		{"bad id", "id: plan-beslutad", "id: Plan_Beslutad", `small.v2.yaml:24:17: item "rutiner.handlingsplan": indicator id "Plan_Beslutad": use lower-case letters, digits and '-'`},
		{"id with a dot", "id: plan-beslutad", "id: plan.beslutad", `small.v2.yaml:24:17: item "rutiner.handlingsplan": indicator id "plan.beslutad"`},
		{"duplicate id", "id: natverk", "id: plan-beslutad", `small.v2.yaml:39:17: item "rutiner.natverk": duplicate indicator id "plan-beslutad" (first at line 24)`},
		{"a section's id", "id: natverk", "id: rutiner", `small.v2.yaml:39:17: indicator "rutiner": a section has the same id`},
		{"the total's id", "id: natverk", "id: total", `small.v2.yaml:39:17: indicator "total": the id is reserved`},
		{"title missing", "            title: {sv: \"Andel med beslutad plan\", en: \"Share with an adopted plan\"}\n", "", `small.v2.yaml:24:13: "title" is missing`},
		{"title without en", `{sv: "Andel med beslutad plan", en: "Share with an adopted plan"}`, `{sv: "Andel med beslutad plan"}`, `small.v2.yaml:25:13: title has no en translation`},
		{"meets missing", "            meets: [ja]\n      - id: rutiner.natverk", "      - id: rutiner.natverk", `small.v2.yaml:24:13: item "rutiner.handlingsplan": indicator "plan-beslutad": "meets" is missing`},
		{"meets empty", "meets: [ja]", "meets: []", `small.v2.yaml:26:13: item "rutiner.handlingsplan": indicator "plan-beslutad": meets: want a list of one or more option values`},
		{"meets not a list", "meets: [ja]", "meets: ja", `small.v2.yaml:26:13: item "rutiner.handlingsplan": indicator "plan-beslutad": meets: want a list`},
		{"meets no such option", "meets: [ja]", "meets: [ja, yes]", `small.v2.yaml:26:25: item "rutiner.handlingsplan": indicator "plan-beslutad": meets: the item has no option "yes"`},
		{"meets vet ej", "meets: [ja]", "meets: [ja, vet-ej]", `small.v2.yaml:26:25: item "rutiner.handlingsplan": indicator "plan-beslutad": meets: "vet-ej" is "Vet ej"`},
		{"meets ej aktuellt", "meets: [ja]\nrenamed", "meets: [ja, ej-aktuellt]\nrenamed", `small.v2.yaml:41:25: item "rutiner.natverk": indicator "natverk": meets: "ej-aktuellt" is "Ej aktuellt"`},
		{"meets twice", "meets: [ja]", "meets: [ja, delvis, ja]", `small.v2.yaml:26:33: item "rutiner.handlingsplan": indicator "plan-beslutad": meets: "ja" given twice`},
		{"two on one item", "            meets: [ja]\n      - id: rutiner.natverk", "            meets: [ja]\n          - id: plan-delvis\n            title: {sv: \"Andel med plan\", en: \"Share with a plan\"}\n            meets: [ja, delvis]\n      - id: rutiner.natverk", `small.v2.yaml:27:13: item "rutiner.handlingsplan": indicators: one indicator per item`},
		{"regional not a bool", "meets: [ja]\n      - id: rutiner.natverk", "meets: [ja]\n            regional: ja\n      - id: rutiner.natverk", `small.v2.yaml:27:23: item "rutiner.handlingsplan": indicator "plan-beslutad": regional: want true or false`},
		{"meets every scored option", "meets: [ja]\nrenamed", "meets: [ja, nej]\nrenamed", `small.v2.yaml:41:13: item "rutiner.natverk": indicator "natverk": meets: every scored option meets it`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			src := string(b)
			if !strings.Contains(src, tt.old) {
				t.Fatalf("test data has no %q", tt.old)
			}
			_, err := Parse("questionnaires/small.v2.yaml", []byte(strings.Replace(src, tt.old, tt.new, 1)))
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("err = %v; want one containing %q", err, tt.want)
			}
		})
	}
}

// TestMatches: an item's matchesIndicator names an indicator another
// questionnaire declares (issue 16), else the place is named; one its own
// questionnaire declares does not count.
func TestMatches(t *testing.T) {
	v2, err := os.ReadFile("testdata/small.v2.yaml")
	if err != nil {
		t.Fatal(err)
	}
	lan := strings.Replace(strings.Replace(readSmall(t), "id: small", "id: lan", 1),
		"      - id: rutiner.plan\n", "      - id: rutiner.plan\n        matchesIndicator: MATCH\n", 1)
	tests := []struct {
		name, match, want string
	}{
		{"another questionnaire's", "plan-beslutad", ""},
		{"no such indicator", "plan-antagen", `lan.v1.yaml:16:27: item "rutiner.plan": matchesIndicator "plan-antagen": no other questionnaire declares this indicator`},
		{"not an id", "Plan", `lan.v1.yaml:16:27: item "rutiner.plan": matchesIndicator "Plan": want an indicator id`},
		{"empty", `""`, `lan.v1.yaml:16:9: "matchesIndicator": want a non-empty text`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			for name, src := range map[string]string{"small.v1.yaml": readSmall(t), "small.v2.yaml": string(v2), "lan.v1.yaml": strings.Replace(lan, "MATCH", tt.match, 1)} {
				if err := os.WriteFile(filepath.Join(dir, name), []byte(src), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			files, err := LoadDir(dir)
			switch {
			case tt.want == "" && err != nil:
				t.Errorf("err = %v; want none", err)
			case tt.want != "" && (err == nil || !strings.Contains(err.Error(), tt.want)):
				t.Errorf("err = %v; want one containing %q", err, tt.want)
			case tt.want == "":
				it, _ := files[0].Questionnaire.Item("rutiner.plan")
				if files[0].Questionnaire.ID != "lan" || it.MatchesIndicator != tt.match {
					t.Errorf("lan's rutiner.plan matches %q, want %q", it.MatchesIndicator, tt.match)
				}
			}
		})
	}
	// Its own questionnaire's indicator is no match.
	dir := t.TempDir()
	own := strings.Replace(string(v2), "      - id: rutiner.natverk\n", "      - id: rutiner.natverk\n        matchesIndicator: plan-beslutad\n", 1)
	if err := os.WriteFile(filepath.Join(dir, "small.v2.yaml"), []byte(own), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := LoadDir(dir); err == nil || !strings.Contains(err.Error(), "no other questionnaire declares") {
		t.Errorf("own indicator: err = %v, want no other questionnaire", err)
	}
}
