package lagesbild

import (
	"fmt"
	"testing"
)

func TestMeets(t *testing.T) {
	q := loadSmallV2(t)
	q.Sections[0].Items[0].Indicators = []Indicator{{ID: "plan-beslutad", Meets: []string{"beslutat", "uppfoljt"}}}
	q.Sections[1].Items[2].Indicators = []Indicator{{ID: "natverk", Meets: []string{"ja"}}, {ID: "natverk-delvis", Meets: []string{"ja", "delvis"}}}
	tests := []struct {
		a    Answers
		want string
	}{
		{Answers{}, "map[]"},
		{Answers{"rutiner.plan": "uppfoljt", "samverkan.natverk": "delvis"}, "map[natverk:false natverk-delvis:true plan-beslutad:true]"},
		{Answers{"rutiner.plan": "vet-ej", "samverkan.natverk": "ej-aktuellt"}, "map[plan-beslutad:false]"},
		{Answers{"rutiner.plan": "paborjat"}, "map[plan-beslutad:false]"},
	}
	for _, tt := range tests {
		if got := fmt.Sprint(q.Meets(tt.a)); got != tt.want {
			t.Errorf("Meets(%v) = %s, want %s", tt.a, got, tt.want)
		}
	}
	if refs := q.Indicators(); len(refs) != 3 || refs[0].Item != "rutiner.plan" || refs[2].Section != "samverkan" {
		t.Errorf("Indicators() = %+v", refs)
	}
}
