//go:build !js

package worker_test

import (
	"fmt"
	"math/rand/v2"
	"net/http"
	"slices"
	"testing"

	"lagesbild"
	"lagesbild/questionnaires"
)

// shippedCatalog is the questionnaires of the build, for tests that need the
// real kommun questionnaire (its sections of nine points make 44.4 and 33.3).
type shippedCatalog struct{}

func (shippedCatalog) Get(id string, version int) (*lagesbild.Questionnaire, error) {
	return questionnaires.Get(id, version)
}
func (shippedCatalog) List() []questionnaires.Info { return questionnaires.List() }
func (shippedCatalog) JSON(id string, version int) ([]byte, error) {
	return questionnaires.JSON(id, version)
}

// optionWith is the value of an item's option worth points (-1: unscored, "Vet ej").
func optionWith(t *testing.T, it lagesbild.Item, points int) string {
	t.Helper()
	for _, o := range it.Options {
		if o.Points == nil && points < 0 || o.Points != nil && *o.Points == points {
			return o.Value
		}
	}
	t.Fatalf("%s has no option worth %d", it.ID, points)
	return ""
}

// TestMeansMatchCore (issue 11, F12): over random responses to the kommun
// questionnaire — several per municipality, changed after they were first
// stored, some sections answered only "Vet ej" — the worker's municipality
// rows and county and national figures are lagesbild.Mean's and
// lagesbild.Compare's, computed in Go from the same responses, to the last
// digit. Half-way means (44.4 and 33.3: 38.85) come up by construction and by
// chance, also over four responses and more.
func TestMeansMatchCore(t *testing.T) {
	a := newAPIWith(t, shippedCatalog{})
	q, err := questionnaires.Get("kommun", 1) // its section stod of 3 items makes the half-way means
	if err != nil {
		t.Fatal(err)
	}
	a.round("r", "kommun", q.Version, "2026-01-01", "2099-12-31", "")
	var stod lagesbild.Section
	for _, s := range q.Sections {
		if s.ID == "stod" {
			stod = s
		}
	}
	if len(stod.Items) != 3 {
		t.Fatalf("kommun: want a section stod of 3 items, got %+v", stod)
	}
	rng := rand.New(rand.NewPCG(11, 12))
	random := func() map[string]string {
		ans := map[string]string{}
		vetEj := rng.IntN(8) == 0 // now and then a section all "Vet ej": no score, n counts it
		for _, s := range q.Sections {
			allVetEj := vetEj && rng.IntN(3) == 0
			for _, it := range s.Items {
				switch {
				case allVetEj:
					ans[it.ID] = optionWith(t, it, -1)
				case rng.IntN(30) == 0: // unanswered
				case rng.IntN(12) == 0:
					ans[it.ID] = optionWith(t, it, -1)
				default: // a scored option ("Vet ej" is the last): most sections keep two thirds scored
					ans[it.ID] = it.Options[rng.IntN(len(it.Options)-1)].Value
				}
			}
		}
		return ans
	}
	// withStod sets the three items of stod to these points: 2+1+1 of 9 is
	// 44.4, 1+1+1 is 33.3.
	withStod := func(ans map[string]string, points ...int) map[string]string {
		for i, it := range stod.Items {
			ans[it.ID] = optionWith(t, it, points[i])
		}
		return ans
	}

	var munis []string
	for _, c := range []string{"01", "03", "09", "24"} { // whole counties: figures shown, and one hidden (09)
		for _, m := range lagesbild.MunicipalitiesIn(c) {
			munis = append(munis, m.Code)
		}
	}
	all := lagesbild.Municipalities()
	for range 30 {
		if m := all[rng.IntN(len(all))].Code; !slices.Contains(munis, m) {
			munis = append(munis, m)
		}
	}
	slices.Sort(munis)
	answers := map[string]map[string]string{} // by response id
	owner := map[string]string{}              // response id → municipality
	n := 0
	post := func(muni string, ans map[string]string) string {
		n++
		body := response(n, "r", muni, ans)
		body["version"] = q.Version
		must(t, a.do("POST", "/api/responses", adminToken, body), http.StatusCreated)
		id := body["id"].(string)
		answers[id], owner[id] = ans, muni
		return id
	}
	// The example, and a mean of four over a half-way sum.
	post("0114", withStod(random(), 2, 1, 1))
	post("0114", withStod(random(), 1, 1, 1))
	for _, p := range [][]int{{2, 1, 1}, {1, 1, 1}, {3, 3, 3}, {0, 1, 1}} { // 44.4 + 33.3 + 100 + 22.2 = 199.9: 49.975
		post("0115", withStod(random(), p...))
	}
	for _, m := range munis {
		if m == "0114" || m == "0115" {
			continue
		}
		for range 1 + rng.IntN(6) {
			post(m, random())
		}
	}
	// Change about a third of the responses (the sums take the old values out).
	ids := make([]string, 0, len(answers))
	for id := range answers {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	for _, id := range ids {
		if owner[id] == "0114" || owner[id] == "0115" || rng.IntN(3) > 0 {
			continue
		}
		ans := random()
		body := map[string]any{"id": id, "round": "r", "questionnaire": "kommun", "version": q.Version,
			"municipality": owner[id], "role": "chef", "answers": ans}
		must(t, a.do("POST", "/api/responses", adminToken, body), http.StatusOK)
		answers[id] = ans
	}

	// The core, from the same responses.
	measures := map[string][]map[string]*float64{}
	for _, id := range ids {
		res := q.Score(answers[id])
		measures[owner[id]] = append(measures[owner[id]], res.Measures())
	}
	want := map[string]lagesbild.MunicipalityResult{}
	var results []lagesbild.MunicipalityResult
	halfWay, halfWayMany := 0, 0
	for _, m := range munis {
		r := lagesbild.Mean(m, measures[m])
		want[m] = r
		results = append(results, r)
		// Count the half-way means: the exact sum is an odd number of half steps.
		for _, id := range q.MeasureIDs() {
			var units int64
			scored := 0
			for _, ms := range measures[m] {
				if v := ms[id]; v != nil {
					units += lagesbild.MeasureUnits(*v)
					scored++
				}
			}
			step := int64(100)
			if id == lagesbild.MeasureDontKnow {
				step = 1
			}
			if scored > 1 && (2*units)%(step*int64(scored)) == 0 && (2*units/(step*int64(scored)))%2 == 1 {
				halfWay++
				if scored >= 4 {
					halfWayMany++
				}
			}
		}
	}
	if halfWay < 20 || halfWayMany < 2 {
		t.Fatalf("premise: %d half-way means, %d over four responses or more; want at least 20 and 2", halfWay, halfWayMany)
	}
	if v := want["0114"].Measures["stod"]; v == nil || *v != 38.9 {
		t.Fatalf("premise: lagesbild.Mean of 44.4 and 33.3 = %v, want 38.9", v)
	}
	cmp := lagesbild.Compare(q.MeasureIDs(), results, lagesbild.DefaultRules())

	// The worker: every row and figure, from the admin's export.json.
	var ex struct {
		Counties       []lagesbild.Group
		National       lagesbild.Group
		Municipalities []row
	}
	must(t, a.get("/api/rounds/r/export.json", adminToken), http.StatusOK).decode(t, &ex)
	checked := 0
	for _, r := range ex.Municipalities {
		w, ok := want[r.Code]
		if !ok {
			if r.Respondents != 0 {
				t.Errorf("%s: %d respondents, want none", r.Code, r.Respondents)
			}
			continue
		}
		checked++
		if r.Respondents != w.Respondents {
			t.Errorf("%s: %d respondents, want %d", r.Code, r.Respondents, w.Respondents)
		}
		for _, id := range q.MeasureIDs() {
			if got, wv := fmtValue(r.Measures[id]), fmtValue(w.Measures[id]); got != wv {
				t.Errorf("%s %s: worker %s, lagesbild.Mean %s (of %d responses)", r.Code, id, got, wv, w.Respondents)
			}
		}
	}
	if checked != len(munis) {
		t.Errorf("%d rows with responses checked, want %d", checked, len(munis))
	}
	if got, w := mustJSON(t, ex.Counties), mustJSON(t, cmp.Counties); got != w {
		t.Errorf("counties:\n got %s\nwant %s", got, w)
	}
	if got, w := mustJSON(t, ex.National), mustJSON(t, cmp.National); got != w {
		t.Errorf("national:\n got %s\nwant %s", got, w)
	}
	// The county route, for a county lead: the same figures and rows.
	codes := a.codes("r", nil, []string{"01", "24"})
	for _, c := range []string{"01", "24"} {
		var cr countyReply
		must(t, a.get("/api/rounds/r/counties/"+c, codes[c]), http.StatusOK).decode(t, &cr)
		wg, _ := cmp.County(c)
		if got, w := mustJSON(t, cr.County), mustJSON(t, wg); got != w {
			t.Errorf("county %s:\n got %s\nwant %s", c, got, w)
		}
		for _, r := range cr.Municipalities {
			for _, id := range q.MeasureIDs() {
				if got, wv := fmtValue(r.Measures[id]), fmtValue(want[r.Code].Measures[id]); got != wv {
					t.Errorf("county %s, %s %s: worker %s, lagesbild.Mean %s", c, r.Code, id, got, wv)
				}
			}
		}
	}
}

// fmtValue shows a value to the last bit ("null" for none).
func fmtValue(v *float64) string {
	if v == nil {
		return "null"
	}
	return fmt.Sprintf("%v (%b)", *v, *v)
}
