//go:build !js

package api_test

import (
	"testing"

	"lagesbild"
	wire "lagesbild/api"
)

// Action plans in workerd (issue 15): a plan stored in round P, checked
// before anything is stored, and followed up by the next round's official
// response in the unit's view and its county lead's summary.
func TestPlans(t *testing.T) {
	need(t)
	const p, b = "e2e-plan-p", "e2e-plan-b"
	q, pCodes := round(t, p, "2480", "24")
	must(t, post(t, "/api/admin/rounds", w.AdminToken, map[string]any{"id": b, "questionnaire": "kommun",
		"opens": "2020-01-01", "closes": "2099-12-31", "previous": p}), 201)
	var out struct{ Codes []struct{ Unit, Code string } }
	must(t, post(t, "/api/admin/rounds/"+b+"/codes", w.AdminToken, map[string]any{"municipalities": []string{"2480", "2401"},
		"counties": []string{"24"}}), 201).decode(t, &out)
	bCodes := map[string]string{}
	for _, c := range out.Codes {
		bCodes[c.Unit] = c.Code
	}

	// Three items, each with its lowest and highest scored option.
	type item struct{ id, low, high string }
	var items []item
	for _, s := range q.Sections {
		for _, it := range s.Items {
			var lo, hi *lagesbild.Option
			for i, o := range it.Options {
				if o.Points == nil {
					continue
				}
				if lo == nil || *o.Points < *lo.Points {
					lo = &it.Options[i]
				}
				if hi == nil || *o.Points > *hi.Points {
					hi = &it.Options[i]
				}
			}
			if lo != nil && *hi.Points > *lo.Points && len(items) < 3 {
				items = append(items, item{it.ID, lo.Value, hi.Value})
			}
		}
	}
	if len(items) < 3 {
		t.Fatalf("kommun v%d has %d scored items, want 3", q.Version, len(items))
	}
	then, now := map[string]string{}, map[string]string{}
	var rows []map[string]any
	for i, it := range items {
		then[it.id], now[it.id] = it.low, it.low
		rows = append(rows, map[string]any{"item": it.id, "answer": it.low, "goal": "Målet.", "targetGroup": "chefer",
			"measure": "Insatsen.", "target": it.high, "responsible": "socialchef", "body": "socialnamnd",
			"followUp": "2099-06-30", "followUpBy": "kvalitetsstrateg"})
		if i == 0 {
			now[it.id] = it.high
		}
	}
	plan := map[string]any{"round": p, "questionnaire": q.ID, "version": q.Version, "municipality": "2480", "rows": rows}
	must(t, post(t, "/api/responses", pCodes["2480"], response(t, 1, p, q, "2480", then)), 201)
	var put wire.PlanView
	must(t, do(t, "PUT", "/api/rounds/"+p+"/plans/2480", pCodes["2480"], "", plan), 200).decode(t, &put)
	if put.Plan == nil || put.Whole != 3 || put.Open != 3 || len(put.Gaps) != 0 || put.Plan.Updated == "" {
		t.Fatalf("PUT: got %+v", put)
	}
	// A wrong row stores nothing; another municipality's code neither.
	bad := map[string]any{"round": p, "questionnaire": q.ID, "version": q.Version, "municipality": "2480",
		"rows": []any{map[string]any{"item": items[0].id, "target": "no-such-option"}}}
	if r := do(t, "PUT", "/api/rounds/"+p+"/plans/2480", pCodes["2480"], "", bad); r.Status != 400 || r.code() != lagesbild.EInvalid {
		t.Errorf("a wrong target: got %s, want 400 invalid", r)
	}
	if r := do(t, "PUT", "/api/rounds/"+b+"/plans/2480", bCodes["2401"], "", plan); r.Status != 403 || r.code() != lagesbild.ECodeOtherUnit {
		t.Errorf("another municipality's code: got %s, want 403 code_other_unit", r)
	}
	var got wire.PlanView
	must(t, get(t, "/api/rounds/"+p+"/plans/2480", pCodes["24"]), 200).decode(t, &got)
	if got.Plan == nil || len(got.Plan.Rows) != 3 || got.Plan.Updated != put.Plan.Updated {
		t.Errorf("read back by the lead: %+v, want the plan stored", got.Plan)
	}

	// Round B: the first item reaches its target.
	must(t, post(t, "/api/responses", bCodes["2480"], response(t, 2, b, q, "2480", now)), 201)
	var v wire.PlanView
	must(t, get(t, "/api/rounds/"+b+"/plans/2480", bCodes["2480"]), 200).decode(t, &v)
	if v.Plan != nil || v.Previous == nil || v.Previous.Round != p || len(v.Previous.Rows) != 3 {
		t.Fatalf("B: got %+v, want no plan and P's followed up", v)
	}
	var outcomes []string
	for _, r := range v.Previous.Rows {
		outcomes = append(outcomes, r.Outcome)
	}
	if outcomes[0] != lagesbild.IndicatorMet || outcomes[1] != lagesbild.IndicatorNotMet || outcomes[2] != lagesbild.IndicatorNotMet {
		t.Errorf("outcomes = %v, want met, not-met, not-met", outcomes)
	}
	var sum wire.Plans
	must(t, get(t, "/api/rounds/"+b+"/plans/county/24", bCodes["24"]), 200).decode(t, &sum)
	for _, m := range sum.Municipalities {
		if m.Code == "2480" && (m.HasPlan || m.Met != 1 || m.NotMet != 2 || m.Partly != 0) {
			t.Errorf("summary of 2480: %+v, want met 1, not met 2", m)
		}
	}
	if r := get(t, "/api/rounds/"+b+"/plans/county/24", bCodes["2480"]); r.Status != 403 || r.code() != lagesbild.EForbidden {
		t.Errorf("a municipality's code reads the summary: got %s, want 403 forbidden", r)
	}
	if r := get(t, "/api/rounds/"+b+"/plans/2480", ""); r.Status != 401 {
		t.Errorf("no code: got %s, want 401", r)
	}
}
