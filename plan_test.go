package lagesbild

import (
	"fmt"
	"strings"
	"testing"
)

// whole is a row that hangs together.
func wholeRow(item, answer, target string) PlanRow {
	return PlanRow{Item: item, Answer: answer, Goal: "Rutinen är beslutad och känd.", TargetGroup: "Vuxna som säljer sex",
		Measure: "Skriv rutinen.", Target: target, Responsible: "Enhetschef vuxenenheten", Body: BodySocialnamnd,
		FollowUp: "2027-03-31", FollowUpBy: "Socialchefen"}
}

func TestPlanGaps(t *testing.T) {
	p := Plan{Rows: []PlanRow{
		wholeRow("rutiner.plan", "paborjat", "beslutat"),
		{Item: "rutiner.ansvar", Answer: "nej", Measure: "Gör en matris.", Target: "delvis", Goal: "Ansvaret är utpekat."},
		{Item: "rutiner.vuxna", Status: RowClosed}, // closed rows are not checked
	}}
	var got []string
	for _, g := range p.Gaps() {
		got = append(got, g.Item+"."+g.Field)
	}
	want := "[rutiner.ansvar.targetGroup rutiner.ansvar.responsible rutiner.ansvar.body rutiner.ansvar.followUp rutiner.ansvar.followUpBy]"
	if fmt.Sprint(got) != want {
		t.Errorf("gaps = %v\nwant %s", got, want)
	}
	if w, o := p.Whole(); w != 1 || o != 2 {
		t.Errorf("whole = %d of %d, want 1 of 2", w, o)
	}
	for _, g := range p.Gaps() {
		if g.Reason.SV == "" || g.Reason.EN == "" {
			t.Errorf("%s.%s has no reason in both languages", g.Item, g.Field)
		}
	}
}

func TestPlanCheck(t *testing.T) {
	q := loadSmallV2(t)
	base := func() Plan {
		return Plan{Round: "r", Questionnaire: "small", Version: 2, Municipality: "0180", Rows: []PlanRow{wholeRow("rutiner.plan", "paborjat", "beslutat")}}
	}
	tests := []struct {
		name string
		edit func(p *Plan)
		want string
	}{
		{"whole", func(p *Plan) {}, ""},
		{"a draft row", func(p *Plan) { p.Rows = append(p.Rows, PlanRow{Item: "rutiner.ansvar"}) }, ""},
		{"wrong version", func(p *Plan) { p.Version = 1 }, "version: the plan is for small v1, the round uses small v2"},
		{"unknown item", func(p *Plan) { p.Rows[0].Item = "x.y" }, `rows[0].item: "x.y" is not an item of small v2`},
		{"two rows of one item", func(p *Plan) { p.Rows = append(p.Rows, p.Rows[0]) }, `rows[1].item: "rutiner.plan" has a row already`},
		{"renamed id is the same item", func(p *Plan) {
			p.Rows = append(p.Rows, wholeRow("samverkan.halsa", "nej", "ja"), wholeRow("samverkan.sjukvard", "nej", "ja"))
		}, `rows[2].item: "samverkan.sjukvard" has a row already`},
		{"answer not an option", func(p *Plan) { p.Rows[0].Answer = "kanske" }, `rows[0].answer: "kanske" is not one of the item's options`},
		{"target vet ej", func(p *Plan) { p.Rows[0].Target = "vet-ej" }, `rows[0].target: "vet-ej" is not a scored option`},
		{"body", func(p *Plan) { p.Rows[0].Body = "riksdagen" }, `rows[0].body: "riksdagen": want one of socialnamnd`},
		{"date", func(p *Plan) { p.Rows[0].FollowUp = "31/3 2027" }, `rows[0].followUp: want a date such as 2027-03-31`},
		{"status", func(p *Plan) { p.Rows[0].Status = "done" }, `rows[0].status: "done"`},
		{"long goal", func(p *Plan) { p.Rows[0].Goal = strings.Repeat("å", MaxPlanText+1) }, `rows[0].goal: 601 characters is over the limit of 600`},
		{"an e-mail address as responsible", func(p *Plan) { p.Rows[0].Responsible = "anna@kommun.se" }, `rows[0].responsible: give a role or a committee, not an e-mail address`},
		{"too many rows", func(p *Plan) { p.Rows = make([]PlanRow, MaxPlanRows+1) }, `rows: 61 rows is over the limit of 60`},
	}
	for _, tt := range tests {
		p := base()
		tt.edit(&p)
		err := p.Check(q)
		got := ""
		if err != nil {
			got = err.Error()
			if ErrorCode(err) != EInvalid {
				t.Errorf("%s: code %s", tt.name, ErrorCode(err))
			}
		}
		if tt.want == "" && got != "" || tt.want != "" && !strings.HasPrefix(got, tt.want) {
			t.Errorf("%s: %q, want %q", tt.name, got, tt.want)
		}
	}
}

// TestFollowUp: the indicator is computed from the next round's answer,
// across versions: small v1's samverkan.sjukvard is v2's samverkan.halsa
// (renamed), and rutiner.plan changed scale (A in v1, M in v2) but is
// followed as a share of its best points.
func TestFollowUp(t *testing.T) {
	v1, v2 := loadSmall(t), loadSmallV2(t)
	p := &Plan{Questionnaire: "small", Version: 1, Rows: []PlanRow{
		{Item: "rutiner.plan", Answer: "nej", Target: "ja", FollowUp: "2027-01-31"}, // A: 0 → 2 of 2
		{Item: "samverkan.sjukvard", Answer: "nej", Target: "ja", FollowUp: "2027-06-30"},
		{Item: "samverkan.skola", Answer: "nej", Target: "ja"},
		{Item: "samverkan.polis", Answer: "vet-ej", Target: "delvis"}, // dropped in v2
		{Item: "rutiner.rutin", Answer: "saknas", Target: "finns", Status: RowClosed},
	}}
	now := Answers{"rutiner.plan": "beslutat", "samverkan.halsa": "ja", "samverkan.skola": "nej"}
	var got []string
	for _, f := range FollowUp(p, v1, v2, now, "2027-03-01") {
		got = append(got, fmt.Sprintf("%s→%s %s=%s %s overdue=%v", f.Item, f.NowItem, f.Answer, f.Now, f.Outcome, f.Overdue))
	}
	want := []string{
		"rutiner.plan→rutiner.plan nej=beslutat partly overdue=true", // 2 of 3 (M) is short of 2 of 2 (A), better than 0
		"samverkan.sjukvard→samverkan.halsa nej=ja met overdue=false",
		"samverkan.skola→samverkan.skola nej=nej not-met overdue=false",
		"samverkan.polis→ vet-ej= unknown overdue=false",
		"rutiner.rutin→ saknas= unknown overdue=false",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("followed:\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	// "Vet ej" on an own routine (scored 0) is not met; on a third party's, unknown.
	p2 := &Plan{Rows: []PlanRow{{Item: "rutiner.plan", Answer: "saknas", Target: "beslutat"}, {Item: "samverkan.skola", Answer: "nej", Target: "ja"}}}
	fs := FollowUp(p2, v2, v2, Answers{"rutiner.plan": "vet-ej", "samverkan.skola": "vet-ej"}, "2027-01-01")
	if fs[0].Outcome != IndicatorNotMet || fs[1].Outcome != IndicatorUnknown {
		t.Errorf("vet ej: %s, %s; want not-met (own routine), unknown (third party)", fs[0].Outcome, fs[1].Outcome)
	}
}

// TestProposals: a row for every item below its best or "Vet ej", with the
// advice as the measure and one step better as the indicator.
func TestProposals(t *testing.T) {
	q := loadSmallV2(t)
	r := q.Score(Answers{"rutiner.plan": "paborjat", "rutiner.ansvar": "ja", "rutiner.vuxna": "vet-ej", "samverkan.skola": "nej", "samverkan.natverk": "ej-aktuellt"})
	var got []string
	for _, p := range Proposals(q, &r, "sv") {
		got = append(got, p.Item+":"+p.Answer+"→"+p.Target+" "+p.Measure)
	}
	want := "[rutiner.plan:paborjat→beslutat Gör rutiner.plan rutiner.vuxna:vet-ej→paborjat Ta reda på rutiner.vuxna samverkan.skola:nej→delvis Gör samverkan.skola]"
	if fmt.Sprint(got) != want {
		t.Errorf("proposals = %v\nwant %s", got, want)
	}
}

func BenchmarkFollowUp(b *testing.B) {
	v1, v2 := loadSmall(b), loadSmallV2(b)
	p := &Plan{Rows: []PlanRow{{Item: "rutiner.plan", Answer: "nej", Target: "ja"}, {Item: "samverkan.sjukvard", Answer: "nej", Target: "ja"}}}
	now := Answers{"rutiner.plan": "beslutat", "samverkan.halsa": "ja"}
	b.ReportAllocs()
	for b.Loop() {
		FollowUp(p, v1, v2, now, "2027-03-01")
	}
}
