package lagesbild

import (
	"fmt"
	"testing"
)

// fmtScore prints a score or "–" for none.
func fmtScore(v *float64) string {
	if v == nil {
		return "–"
	}
	return fmt.Sprint(*v)
}

// TestScoreV2 is the list of what scoring v2 must do, each case a
// way the v1 rules misled a nämnd.
func TestScoreV2(t *testing.T) {
	q := loadSmallV2(t)
	tests := []struct {
		name    string
		answers Answers
		section string
		want    string // the section's score, "–" for none
		tooFew  bool
	}{
		// v1 scored "Ja" plus four "Vet ej" as 100, five honest "Delvis" as 50.
		{"ja and four vet ej on own routines", Answers{"rutiner.ansvar": "ja", "rutiner.plan": "vet-ej", "rutiner.vuxna": "vet-ej", "rutiner.barn": "vet-ej", "rutiner.manual": "vet-ej"}, "rutiner", "20", false},
		{"five delvis-like answers", Answers{"rutiner.ansvar": "delvis", "rutiner.plan": "paborjat", "rutiner.vuxna": "paborjat", "rutiner.barn": "paborjat", "rutiner.manual": "delvis"}, "rutiner", "40", false},
		// Not knowing about third parties is not scored, but a section
		// resting on one of three items shows no number.
		{"one of three, two vet ej on third parties", Answers{"samverkan.skola": "ja", "samverkan.halsa": "vet-ej", "samverkan.natverk": "vet-ej"}, "samverkan", "–", true},
		{"two of three", Answers{"samverkan.skola": "ja", "samverkan.halsa": "nej", "samverkan.natverk": "vet-ej"}, "samverkan", "50", false},
		// "Ej aktuellt" leaves the item out: two of two applicable.
		{"ej aktuellt is not applicable", Answers{"samverkan.skola": "ja", "samverkan.halsa": "delvis", "samverkan.natverk": "ej-aktuellt"}, "samverkan", "75", false},
		{"ej aktuellt with one answer of two", Answers{"samverkan.skola": "ja", "samverkan.natverk": "ej-aktuellt"}, "samverkan", "–", true},
		{"nothing applies", Answers{"samverkan.natverk": "ej-aktuellt"}, "samverkan", "–", true},
		// An M item (four steps) and an A item (three) weigh the same: best
		// on one and worst on the other is 50 either way.
		{"A best, M worst", Answers{"rutiner.ansvar": "ja", "rutiner.plan": "saknas"}, "rutiner", "–", true},
		{"M and A weigh the same, 1", Answers{"rutiner.ansvar": "ja", "rutiner.plan": "saknas", "rutiner.vuxna": "saknas", "rutiner.barn": "uppfoljt", "rutiner.manual": "delvis"}, "rutiner", "50", false},
		{"M and A weigh the same, 2", Answers{"rutiner.ansvar": "nej", "rutiner.plan": "uppfoljt", "rutiner.vuxna": "uppfoljt", "rutiner.barn": "saknas", "rutiner.manual": "delvis"}, "rutiner", "50", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := q.Score(tt.answers)
			s, _ := r.Section(tt.section)
			if got := fmtScore(s.Score); got != tt.want || s.TooFew != tt.tooFew {
				t.Errorf("%s = %s (too few %v, %d of %d), want %s (too few %v)", tt.section, got, s.TooFew, s.Scored, s.Applicable, tt.want, tt.tooFew)
			}
		})
	}
	// Nothing applies: not "too few", since nothing was asked of it.
	sam := q.Sections[1].Items
	for i := range sam {
		sam[i].Options = sam[2].Options // with "Ej aktuellt"
	}
	none := q.Score(Answers{"samverkan.natverk": "ej-aktuellt", "samverkan.skola": "ej-aktuellt", "samverkan.halsa": "ej-aktuellt"})
	if s, _ := none.Section("samverkan"); s.Score != nil || s.TooFew || s.Applicable != 0 {
		t.Errorf("all ej aktuellt: %+v; want no score, not too few, 0 applicable", s)
	}
}

// TestScoreV2Total: the total is the mean of the sections, each equal, and
// none when a section lacks a score; a response with an unanswered item is
// partial.
func TestScoreV2Total(t *testing.T) {
	q := loadSmallV2(t)
	full := Answers{"rutiner.ansvar": "ja", "rutiner.plan": "uppfoljt", "rutiner.vuxna": "beslutat", "rutiner.barn": "paborjat", "rutiner.manual": "nej",
		"samverkan.skola": "ja", "samverkan.halsa": "delvis", "samverkan.natverk": "ej-aktuellt"}
	r := q.Score(full)
	// rutiner (1 + 1 + 2/3 + 1/3 + 0)/5 = 60; samverkan 75; total (60+75)/2 = 67.5
	if got := fmt.Sprint(fmtScore(r.Sections[0].Score), " ", fmtScore(r.Sections[1].Score), " ", fmtScore(r.Total), " ", r.Partial); got != "60 75 67.5 false" {
		t.Errorf("rutiner, samverkan, total, partial = %s; want 60 75 67.5 false", got)
	}
	delete(full, "samverkan.halsa")
	delete(full, "samverkan.natverk")
	r = q.Score(full)
	if r.Total != nil || !r.Partial || !r.Sections[1].TooFew {
		t.Errorf("one of three in samverkan: total %v, partial %v, too few %v; want no total, partial, too few", fmtScore(r.Total), r.Partial, r.Sections[1].TooFew)
	}
	m := r.Measures()
	if m["samverkan"] != nil || m[MeasureTotal] != nil || m["rutiner"] == nil {
		t.Errorf("measures %v; want samverkan and total null (left out of means), rutiner kept", m)
	}
}

// TestScoreV2LeftOutOfCountyMean: a section under the coverage threshold is
// no value in the county's mean: three municipalities, one of which
// answered one item of three.
func TestScoreV2LeftOutOfCountyMean(t *testing.T) {
	q := loadSmallV2(t)
	answers := map[string]Answers{
		"0114": {"samverkan.skola": "ja", "samverkan.halsa": "ja", "samverkan.natverk": "nej"},         // 66.7
		"0115": {"samverkan.skola": "nej", "samverkan.halsa": "ja", "samverkan.natverk": "ja"},         // 66.7
		"0117": {"samverkan.skola": "ja", "samverkan.halsa": "nej", "samverkan.natverk": "nej"},        // 33.3
		"0120": {"samverkan.skola": "nej", "samverkan.halsa": "vet-ej", "samverkan.natverk": "vet-ej"}, // too few: not 0
	}
	var rs []MunicipalityResult
	for code, a := range answers {
		res := q.Score(a)
		rs = append(rs, MunicipalityResult{Municipality: code, Respondents: 1, Measures: res.Measures()})
	}
	c := Compare(q.MeasureIDs(), rs, Rules{MinMunicipalities: 1, MinRespondents: 1})
	g, _ := c.County("01")
	f := g.Measures["samverkan"]
	if f.Value == nil || *f.Value != 55.6 || f.N != 3 {
		t.Errorf("Stockholm's samverkan = %v over %d; want 55.6 over 3 (the municipality with too few answers left out)", fmtScore(f.Value), f.N)
	}
}

// TestAdviceUnknown: "Vet ej" is followed by what to find out, where the
// item says; otherwise by its advice.
func TestAdviceUnknown(t *testing.T) {
	q := loadSmallV2(t)
	r := q.Score(Answers{"rutiner.plan": "vet-ej", "rutiner.manual": "vet-ej", "rutiner.ansvar": "delvis"})
	got := map[string]string{}
	for _, a := range r.Advice {
		got[a.Item] = a.Advice.SV
	}
	want := map[string]string{"rutiner.plan": "Ta reda på rutiner.plan", "rutiner.manual": "Gör rutiner.manual", "rutiner.ansvar": "Gör rutiner.ansvar"}
	if b, w := fmt.Sprint(got), fmt.Sprint(want); b != w {
		t.Errorf("advice = %s; want %s", b, w)
	}
	if _, ok := got["samverkan.natverk"]; ok {
		t.Errorf("an ej aktuellt answer got advice")
	}
}

// TestScoreV2Golden keeps whole results of v2 scoring, measures included.
func TestScoreV2Golden(t *testing.T) {
	q := loadSmallV2(t)
	cases := []struct {
		name    string
		answers Answers
	}{
		{"v2-mixed", Answers{"rutiner.ansvar": "ja", "rutiner.plan": "vet-ej", "rutiner.vuxna": "beslutat", "rutiner.barn": "vet-ej", "rutiner.manual": "nej",
			"samverkan.skola": "ja", "samverkan.halsa": "vet-ej", "samverkan.natverk": "ej-aktuellt"}},
		{"v2-partial", Answers{"rutiner.ansvar": "ja", "samverkan.skola": "delvis", "samverkan.sjukvard": "ja"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) { scoreGolden(t, q, c.name, c.answers) })
	}
}
