package lagesbild

import (
	"encoding/json"
	"os"
	"testing"
)

func loadSmall(t testing.TB) *Questionnaire { return loadFixture(t, "testdata/small.v1.json") }

// loadSmallV2 has policies for "Vet ej", an "Ej aktuellt" option and
// advice for "Vet ej" (scoring v2).
func loadSmallV2(t testing.TB) *Questionnaire { return loadFixture(t, "testdata/small.v2.json") }

func loadFixture(t testing.TB, path string) *Questionnaire {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	q := new(Questionnaire)
	if err := json.Unmarshal(b, q); err != nil {
		t.Fatal(err)
	}
	return q
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
		t.Errorf("%s differs; got:\n%s", path, got)
	}
}

func TestScoreGolden(t *testing.T) {
	q := loadSmall(t)
	cases := []struct {
		name    string
		answers Answers
	}{
		{"empty", Answers{}},
		{"all-best", Answers{"rutiner.plan": "ja", "rutiner.rutin": "finns", "samverkan.polis": "ja", "samverkan.skola": "ja", "samverkan.region": "ja"}},
		{"mixed", Answers{"rutiner.plan": "delvis", "rutiner.rutin": "saknas", "samverkan.polis": "vet-ej", "samverkan.skola": "ja", "samverkan.region": "nej"}},
		{"all-dont-know", Answers{"rutiner.plan": "vet-ej", "samverkan.polis": "vet-ej", "samverkan.skola": "vet-ej", "samverkan.region": "vet-ej"}},
		{"renamed-id", Answers{"samverkan.sjukvard": "delvis"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) { scoreGolden(t, q, c.name, c.answers) })
	}
}

// scoreGolden compares a whole result, measures included, with
// testdata/score-<name>.json.
func scoreGolden(t *testing.T, q *Questionnaire, name string, a Answers) {
	t.Helper()
	r := q.Score(a)
	b, err := json.MarshalIndent(struct {
		Result
		Measures map[string]*float64 `json:"measures"`
	}{r, r.Measures()}, "", " ")
	if err != nil {
		t.Fatal(err)
	}
	golden(t, "testdata/score-"+name+".json", append(b, '\n'))
}

func TestScore(t *testing.T) {
	q := loadSmall(t)
	// Each item is 0–1 before its weight:
	// rutiner: plan delvis 1/2 (weight 1), rutin finns 3/3 (weight 2) → (0.5+2)/3 = 83.3
	// samverkan: polis vet-ej (not scored), skola ja 1 ×3, region nej 0 → 3/4 = 75,
	// coverage 2 of 3 (enough)
	r := q.Score(Answers{"rutiner.plan": "delvis", "rutiner.rutin": "finns", "samverkan.polis": "vet-ej", "samverkan.skola": "ja", "samverkan.region": "nej"})
	tests := []struct {
		section  string
		score    float64
		dontKnow int
		share    float64
	}{
		{"rutiner", 83.3, 0, 0},
		{"samverkan", 75, 1, 0.333},
	}
	for _, tt := range tests {
		s, ok := r.Section(tt.section)
		if !ok || s.Score == nil {
			t.Fatalf("%s: no score", tt.section)
		}
		if got := *s.Score; got != tt.score {
			t.Errorf("%s score = %v, want %v", tt.section, got, tt.score)
		}
		if s.DontKnow != tt.dontKnow || s.DontKnowShare != tt.share {
			t.Errorf("%s vet ej = %d (%v), want %d (%v)", tt.section, s.DontKnow, s.DontKnowShare, tt.dontKnow, tt.share)
		}
	}
	// total = the mean of the sections, (83.3+75)/2 = 79.15 → 79.2 (half away from zero)
	if r.Total == nil || *r.Total != 79.2 {
		t.Errorf("total = %v, want 79.2", r.Total)
	}
	// Advice: weakest section (samverkan 75) first: polis (vet ej), region (nej); then rutiner: plan (delvis).
	var got []string
	for _, a := range r.Advice {
		got = append(got, a.Item)
	}
	want := []string{"samverkan.polis", "samverkan.region", "rutiner.plan"}
	if len(got) != len(want) {
		t.Fatalf("advice = %v, want %v", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("advice[%d] = %s, want %s", i, got[i], want[i])
		}
	}
}

func TestCheck(t *testing.T) {
	q := loadSmall(t)
	tests := []struct {
		answers Answers
		want    string
	}{
		{Answers{"rutiner.plan": "ja"}, ""},
		{Answers{"samverkan.sjukvard": "ja"}, ""}, // an old id still answers
		{Answers{"rutiner.nope": "ja"}, "answers.rutiner.nope: no such item in small v1"},
		{Answers{"rutiner.plan": "kanske"}, `answers.rutiner.plan: "kanske" is not one of the item's options`},
		{Answers{"rutiner.plan": "ja", "a.first": "x"}, "answers.a.first: no such item in small v1"},
	}
	for _, tt := range tests {
		err := q.Check(tt.answers)
		got := ""
		if err != nil {
			got = err.Error()
			if ErrorCode(err) != EInvalid {
				t.Errorf("code = %s, want %s", ErrorCode(err), EInvalid)
			}
		}
		if got != tt.want {
			t.Errorf("Check(%v) = %q, want %q", tt.answers, got, tt.want)
		}
	}
}

func FuzzScore(f *testing.F) {
	q := loadSmall(f)
	f.Add("rutiner.plan", "ja", "samverkan.skola", "vet-ej")
	f.Add("x", "y", "rutiner.rutin", "finns")
	f.Fuzz(func(t *testing.T, k1, v1, k2, v2 string) {
		a := Answers{k1: v1, k2: v2}
		r := q.Score(a)
		for _, s := range r.Sections {
			if s.Score != nil && (*s.Score < 0 || *s.Score > 100) {
				t.Fatalf("%s score %v out of 0–100", s.ID, *s.Score)
			}
			if s.DontKnow > s.Answered || s.Answered > s.Items || s.Scored > s.Applicable || s.Applicable > s.Items {
				t.Fatalf("%s counts inconsistent: %+v", s.ID, s)
			}
			if (s.Score != nil) != Covered(s.Scored, s.Applicable) {
				t.Fatalf("%s has score %v at coverage %d of %d", s.ID, s.Score, s.Scored, s.Applicable)
			}
		}
		if q.Check(a) == nil && r.Answered != len(a) && k1 != k2 {
			// Valid answers are all counted (renamed ids map to one item, so allow that).
			if _, renamed := q.Renamed[k1]; !renamed {
				if _, renamed := q.Renamed[k2]; !renamed {
					t.Fatalf("valid answers %v counted %d", a, r.Answered)
				}
			}
		}
	})
}

func BenchmarkScore(b *testing.B) {
	q := loadSmall(b)
	a := Answers{"rutiner.plan": "delvis", "rutiner.rutin": "finns", "samverkan.polis": "vet-ej", "samverkan.skola": "ja", "samverkan.region": "nej"}
	b.ReportAllocs()
	for b.Loop() {
		q.Score(a)
	}
}
