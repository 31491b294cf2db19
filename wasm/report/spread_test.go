package report

import (
	"strings"
	"testing"

	"lagesbild"
	"lagesbild/api"
)

// twoResponses is a municipality's two responses in a round: the manager's,
// sent last and official, says the plan is "Beslutat"; an officer's,
// partial, says "Saknas". They agree on rutiner.ansvar.
func twoResponses() api.OwnResponses {
	return api.OwnResponses{Round: api.Round{ID: "demo", Questionnaire: "small", Version: 2}, Municipality: "2480", Name: "Umeå",
		Responses: []api.StoredAnswers{
			{ID: "b", Role: "chef", Version: 2, Updated: "2026-03-02T09:30:00Z", Official: true,
				Answers: lagesbild.Answers{"rutiner.plan": "beslutat", "rutiner.ansvar": "ja", "samverkan.halsa": "ja"}},
			{ID: "a", Role: "handlaggare", Version: 2, Updated: "2026-03-01T14:05:00Z", Partial: true,
				Answers: lagesbild.Answers{"rutiner.plan": "saknas", "rutiner.ansvar": "ja"}},
		}}
}

func TestSpreadView(t *testing.T) {
	q := smallV2(t)
	golden(t, "spread.sv.html", SpreadView(q, twoResponses(), "sv"))
	golden(t, "spread.en.html", SpreadView(q, twoResponses(), "en"))
}

func TestSpreadViewCounts(t *testing.T) {
	q := smallV2(t)
	own := twoResponses()
	own.Responses = append(own.Responses, api.StoredAnswers{ID: "c", Role: lagesbild.RoleWorkshop, Version: 2, Updated: "2026-03-03T10:00:00Z",
		Answers: lagesbild.Answers{"rutiner.plan": "beslutat", "rutiner.ansvar": "nej"}})
	tests := []struct {
		name string
		own  api.OwnResponses
		want []string
		not  []string
	}{
		{"one response: nothing to show", api.OwnResponses{Responses: own.Responses[:1]}, nil, []string{"<section"}},
		{"three responses", own, []string{
			"Kommunen har 3 svar i omgången.",
			`<strong>Fråga rutiner.plan</strong> 1 × Saknas, 2 × Beslutat. Det som räknas: Beslutat.`,
			`<strong>Fråga rutiner.ansvar</strong> 2 × Ja, 1 × Nej. Det som räknas: Ja.`,
			`<li>Workshop, senast ändrat`,
		}, []string{"samverkan.halsa", "1,5"}},
	}
	for _, tt := range tests {
		h := string(SpreadView(q, tt.own, "sv"))
		for _, want := range tt.want {
			if !strings.Contains(h, want) {
				t.Errorf("%s: no %q in\n%s", tt.name, want, h)
			}
		}
		for _, not := range tt.not {
			if strings.Contains(h, not) {
				t.Errorf("%s: %q in\n%s", tt.name, not, h)
			}
		}
	}
}

func TestOfficialIndex(t *testing.T) {
	tests := []struct {
		name string
		rs   []api.StoredAnswers
		want int
	}{
		{"none", nil, -1},
		{"marked by the worker", []api.StoredAnswers{{ID: "a", Updated: "2026-03-02T00:00:00Z"}, {ID: "b", Updated: "2026-03-01T00:00:00Z", Official: true}}, 1},
		{"unmarked: the latest sent with the questionnaire", []api.StoredAnswers{
			{ID: "w", Role: lagesbild.RoleWorkshop, Updated: "2026-03-03T00:00:00Z"},
			{ID: "a", Role: "chef", Updated: "2026-03-02T00:00:00Z"},
			{ID: "b", Role: "annan", Updated: "2026-03-01T00:00:00Z"}}, 1},
		{"unmarked, only workshops: the latest", []api.StoredAnswers{
			{ID: "w1", Role: lagesbild.RoleWorkshop, Updated: "2026-03-01T00:00:00Z"},
			{ID: "w2", Role: lagesbild.RoleWorkshop, Updated: "2026-03-02T00:00:00Z"}}, 1},
	}
	for _, tt := range tests {
		if got := OfficialIndex(tt.rs); got != tt.want {
			t.Errorf("%s: OfficialIndex = %d, want %d", tt.name, got, tt.want)
		}
	}
}
