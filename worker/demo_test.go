//go:build !js

package worker_test

import (
	"encoding/json"
	"os"
	"testing"

	"lagesbild"
	"lagesbild/questionnaires"
	"lagesbild/worker"
)

// TestDemoResponses: the demo round's synthetic responses fit any version
// of a questionnaire (the shipped kommun, the test catalog's v2, the core's
// small v2 with "Ej aktuellt"): every answer is one of its item's options;
// most responses are complete and most sections scored; a few
// municipalities have a workshop's partial response, some of them nothing
// else; many have two or three respondents, who sometimes disagree; and the
// same seed gives the same responses.
func TestDemoResponses(t *testing.T) {
	shipped, err := questionnaires.Get("kommun", 0)
	if err != nil {
		t.Fatal(err)
	}
	v2, err := loadCatalog(t).Get("kommun", 2)
	if err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile("../testdata/small.v2.json")
	if err != nil {
		t.Fatal(err)
	}
	small := new(lagesbild.Questionnaire)
	if err := json.Unmarshal(b, small); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name          string
		q             *lagesbild.Questionnaire
		notApplicable bool // the questionnaire has "Ej aktuellt" options
	}{
		{"shipped kommun", shipped, true}, // v2 has "Ej aktuellt" on five items
		{"test kommun v2", v2, false},
		{"small v2", small, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rs := worker.DemoResponses("demo", tt.q, 2026)
			if mustJSON(t, rs) != mustJSON(t, worker.DemoResponses("demo", tt.q, 2026)) {
				t.Fatalf("the same seed gave other responses")
			}
			byMuni := map[string][]lagesbild.Answers{}
			roles := map[string][]string{}
			complete, sections, scored, na := 0, 0, 0, 0
			for _, r := range rs {
				if err := tt.q.Check(r.Answers); err != nil {
					t.Fatalf("response %s: %v", r.ID, err)
				}
				if r.Version != tt.q.Version {
					t.Fatalf("response %s: version %d, want %d", r.ID, r.Version, tt.q.Version)
				}
				byMuni[r.Municipality] = append(byMuni[r.Municipality], r.Answers)
				roles[r.Municipality] = append(roles[r.Municipality], r.Role)
				res := tt.q.Score(r.Answers)
				if r.Role == lagesbild.RoleWorkshop {
					continue
				}
				if !res.Partial {
					complete++
				}
				for _, s := range res.Sections {
					sections++
					if s.Score != nil {
						scored++
					}
					na += s.NotApplicable
				}
			}
			nonWorkshop := len(rs)
			several, disagree, workshops, workshopOnly := 0, 0, 0, 0
			for m, as := range byMuni {
				for _, role := range roles[m] {
					if role == lagesbild.RoleWorkshop {
						workshops++
						if len(as) == 1 {
							workshopOnly++
						}
						nonWorkshop--
					}
				}
				if len(as) < 2 {
					continue
				}
				several++
				for _, sp := range lagesbild.Spread(tt.q, as, 0) {
					if sp.Differ {
						disagree++
						break
					}
				}
			}
			if len(byMuni) != 290 {
				t.Errorf("%d municipalities answered, want 290", len(byMuni))
			}
			if complete*10 < nonWorkshop*9 || scored*10 < sections*8 {
				t.Errorf("%d of %d responses complete, %d of %d sections scored: want nine in ten and eight in ten",
					complete, nonWorkshop, scored, sections)
			}
			if workshops < 5 || workshopOnly < 2 || workshopOnly == workshops {
				t.Errorf("%d workshop responses, %d alone: want some, a few alone", workshops, workshopOnly)
			}
			if several < 50 || disagree*3 < several || disagree == several {
				t.Errorf("%d municipalities with several responses, %d of them disagreeing: want 50, a third or more, not all", several, disagree)
			}
			if tt.notApplicable != (na > 0) {
				t.Errorf("%d answers \"Ej aktuellt\", want some: %v", na, tt.notApplicable)
			}
		})
	}
}
