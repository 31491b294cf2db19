//go:build !js

package api_test

import (
	"encoding/json"
	"testing"

	"lagesbild"
)

// withPoints sets the items of a section to options worth these points.
func withPoints(t *testing.T, q *lagesbild.Questionnaire, a map[string]string, section string, points ...int) map[string]string {
	t.Helper()
	out := map[string]string{}
	for k, v := range a {
		out[k] = v
	}
	for _, s := range q.Sections {
		if s.ID != section {
			continue
		}
		if len(s.Items) != len(points) {
			t.Fatalf("section %s has %d items, want %d", section, len(s.Items), len(points))
		}
		for i, it := range s.Items {
			found := false
			for _, o := range it.Options {
				if o.Points != nil && *o.Points == points[i] {
					out[it.ID], found = o.Value, true
					break
				}
			}
			if !found {
				t.Fatalf("%s has no option worth %d", it.ID, points[i])
			}
		}
		return out
	}
	t.Fatalf("no section %s", section)
	return nil
}

// TestMeansHalfWay (issue 11, F12), in workerd on D1: two responses of a
// municipality scoring 44.4 and 33.3 in a section of nine points have the
// mean 38.85, which the worker shows as 38.9, as lagesbild.Mean computes it;
// every measure of every row, and the county and national figures, are the
// core's (lagesbild.Mean, lagesbild.Compare) to the last digit, also for a
// mean of four responses and after a response changed.
func TestMeansHalfWay(t *testing.T) {
	need(t)
	const rd = "e2e-halfway"
	q, _ := round(t, rd)
	base := answers(q, 1)
	sets := map[string][]map[string]string{
		"2480": {withPoints(t, q, base, "stod", 2, 1, 1), withPoints(t, q, base, "stod", 1, 1, 1)}, // 44.4, 33.3
		"2401": {withPoints(t, q, base, "stod", 2, 1, 1), withPoints(t, q, base, "stod", 1, 1, 1),
			withPoints(t, q, answers(q, 0), "stod", 3, 3, 3), withPoints(t, q, answers(q, 4), "stod", 0, 1, 1)}, // + 100, 22.2
		"2403": {answers(q, 2), answers(q, 3), answers(q, 0)},
	}
	n := 0
	for _, m := range []string{"2480", "2401", "2403"} {
		for _, a := range sets[m] {
			n++
			must(t, post(t, "/api/responses", w.AdminToken, response(t, n, rd, q, m, a)), 201)
		}
	}
	// A changed response (2403's first, the 7th): the sums take its old values out.
	sets["2403"][0] = withPoints(t, q, answers(q, 1), "stod", 2, 1, 1)
	must(t, post(t, "/api/responses", w.AdminToken, response(t, 7, rd, q, "2403", sets["2403"][0])), 200)

	var results []lagesbild.MunicipalityResult
	want := map[string]lagesbild.MunicipalityResult{}
	for _, m := range []string{"2401", "2403", "2480"} {
		var ms []map[string]*float64
		for _, a := range sets[m] {
			res := q.Score(a)
			ms = append(ms, res.Measures())
		}
		want[m] = lagesbild.Mean(m, ms)
		results = append(results, want[m])
	}
	if v := want["2480"].Measures["stod"]; v == nil || *v != 38.9 {
		t.Fatalf("premise: lagesbild.Mean of 44.4 and 33.3 is %v, want 38.9", v)
	}
	cmp := lagesbild.Compare(q.MeasureIDs(), results, lagesbild.DefaultRules())

	var ex struct {
		Counties       []lagesbild.Group
		National       lagesbild.Group
		Municipalities []struct {
			Code        string
			Respondents int
			Measures    map[string]*float64
		}
	}
	must(t, get(t, "/api/rounds/"+rd+"/export.json", w.AdminToken), 200).decode(t, &ex)
	seen := 0
	for _, r := range ex.Municipalities {
		wr, ok := want[r.Code]
		if !ok {
			continue
		}
		seen++
		if r.Code == "2480" && fmtp(r.Measures["stod"]) != "38.9" {
			t.Errorf("2480 stod: worker %s, want 38.9 (44.4 and 33.3)", fmtp(r.Measures["stod"]))
		}
		if r.Respondents != wr.Respondents {
			t.Errorf("%s: %d respondents, want %d", r.Code, r.Respondents, wr.Respondents)
		}
		for _, id := range q.MeasureIDs() {
			if got, w := fmtp(r.Measures[id]), fmtp(wr.Measures[id]); got != w {
				t.Errorf("%s %s: worker %s, lagesbild.Mean %s", r.Code, id, got, w)
			}
		}
	}
	if seen != 3 {
		t.Errorf("%d of the 3 municipalities in export.json", seen)
	}
	for _, pair := range [][2]any{{ex.Counties, cmp.Counties}, {ex.National, cmp.National}} {
		g, _ := json.Marshal(pair[0])
		wj, _ := json.Marshal(pair[1])
		if string(g) != string(wj) {
			t.Errorf("figures:\n got %s\nwant %s", g, wj)
		}
	}
}
