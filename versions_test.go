package lagesbild

import (
	"fmt"
	"testing"
)

// TestMeasureChanges: between small v1 and small v2, nothing in rutiner is
// comparable (items split and rescaled), and samverkan keeps a renamed item
// but gains a policy: the table is what a round on v2 beside a round on v1
// shows.
func TestMeasureChanges(t *testing.T) {
	v1, v2 := loadSmall(t), loadSmallV2(t)
	tests := []struct {
		name      string
		prev, cur *Questionnaire
		want      string
	}{
		{"same version", v1, v1, "map[dontKnow: rutiner: samverkan: total:]"},
		{"v1 to v2", v1, v2, "map[dontKnow:changed rutiner:changed samverkan:changed total:changed]"},
	}
	for _, tt := range tests {
		if got := fmt.Sprint(MeasureChanges(tt.prev, tt.cur)); got != tt.want {
			t.Errorf("%s: %s; want %s", tt.name, got, tt.want)
		}
	}
	items := ItemChanges(v1, v2)
	want := map[string]string{
		"rutiner.plan":      ChangeChanged, // A in v1, M in v2
		"rutiner.ansvar":    ChangeNew,
		"samverkan.skola":   ChangeChanged, // weight 3 in v1
		"samverkan.halsa":   Unchanged,     // renamed from samverkan.sjukvard, which v1 has as samverkan.region
		"samverkan.natverk": ChangeNew,
	}
	for id, w := range want {
		if items[id] != w {
			t.Errorf("item %s: %q; want %q", id, items[id], w)
		}
	}
}

// TestMeasureChangesSection: a section whose items are all unchanged is
// unchanged; one item more, or one moved in from another section, is not.
func TestMeasureChangesSection(t *testing.T) {
	base := loadSmallV2(t)
	cases := []struct {
		name string
		edit func(q *Questionnaire)
		want string
	}{
		{"identical copy", func(q *Questionnaire) {}, "map[dontKnow: rutiner: samverkan: total:]"},
		{"reworded text", func(q *Questionnaire) { q.Sections[0].Items[0].Text.SV = "Ny lydelse" }, "map[dontKnow: rutiner: samverkan: total:]"},
		{"policy changed", func(q *Questionnaire) { q.Sections[0].Items[0].DontKnow = DontKnowUnscored }, "map[dontKnow:changed rutiner:changed samverkan: total:changed]"},
		{"item dropped", func(q *Questionnaire) { q.Sections[1].Items = q.Sections[1].Items[:2] }, "map[dontKnow:changed rutiner: samverkan:changed total:changed]"},
		{"item moved", func(q *Questionnaire) {
			q.Sections[0].Items = append(q.Sections[0].Items[:4:4], q.Sections[1].Items[0])
			q.Sections[1].Items = append([]Item{base.Sections[0].Items[4]}, q.Sections[1].Items[1:]...)
		}, "map[dontKnow:changed rutiner:changed samverkan:changed total:changed]"},
		{"section added", func(q *Questionnaire) {
			q.Sections = append(q.Sections, Section{ID: "ny", Items: []Item{{ID: "ny.a", Options: base.Sections[0].Items[1].Options}}})
		}, "map[dontKnow:changed ny:new rutiner: samverkan: total:changed]"},
	}
	for _, tt := range cases {
		cur := loadSmallV2(t)
		tt.edit(cur)
		if got := fmt.Sprint(MeasureChanges(base, cur)); got != tt.want {
			t.Errorf("%s: %s; want %s", tt.name, got, tt.want)
		}
	}
}
