//go:build !js

package api_test

import (
	"slices"
	"testing"

	"lagesbild"
	wire "lagesbild/api"
)

// TestRunningARound (issue 12), in workerd on D1: a county lead invites its
// own municipalities, is refused another county's with nothing stored,
// remakes a code (which revokes the old one), follows who has answered, and
// the admin closes the round, after which no response is taken.
func TestRunningARound(t *testing.T) {
	need(t)
	const id = "e2e-running"
	q, leads := round(t, id, "24", "25")
	lead := leads["24"]
	invite := func(token string, munis ...string) reply {
		return post(t, "/api/rounds/"+id+"/codes", token, map[string]any{"municipalities": munis})
	}
	codesOf := func(r reply) map[string]string {
		t.Helper()
		var out wire.Codes
		must(t, r, 201).decode(t, &out)
		m := map[string]string{}
		for _, c := range out.Codes {
			m[c.Unit] = c.Code
		}
		return m
	}
	listed := func() []wire.CodeInfo {
		t.Helper()
		var l wire.CodeList
		must(t, get(t, "/api/admin/rounds/"+id+"/codes", w.AdminToken), 200).decode(t, &l)
		return l.Codes
	}
	grants := func(code string) string {
		t.Helper()
		r := get(t, "/api/rounds/"+id, code)
		if r.Status == 403 && r.code() == lagesbild.ECodeInvalid {
			return ""
		}
		var rd wire.Round
		must(t, r, 200).decode(t, &rd)
		return rd.Access.Unit
	}

	// Västerbotten's lead invites three of its municipalities.
	codes := codesOf(invite(lead, "2480", "2401", "2403"))
	if len(codes) != 3 || grants(codes["2480"]) != "2480" {
		t.Fatalf("the lead's codes: %v", codes)
	}
	before := listed()
	if len(before) != 2+3 {
		t.Fatalf("the admin lists %d codes, want the 2 leads' and 3 municipalities': %+v", len(before), before)
	}

	// Kiruna is Norrbotten's: 403, and nothing is stored, not even 2404's.
	if r := invite(lead, "2404", "2584"); r.Status != 403 || r.code() != lagesbild.ECodeOtherUnit {
		t.Errorf("a municipality of another county: got %s, want 403 code_other_unit", r)
	}
	if r := invite(leads["25"], "2480"); r.Status != 403 || r.code() != lagesbild.ECodeOtherUnit {
		t.Errorf("Norrbotten's lead inviting Umeå: got %s, want 403 code_other_unit", r)
	}
	if after := listed(); !slices.Equal(after, before) {
		t.Errorf("refused invitations changed the codes:\n got %+v\nwant %+v", after, before)
	}
	if r := invite(codes["2480"], "2480"); r.Status != 403 || r.code() != lagesbild.EForbidden {
		t.Errorf("a municipality's code making codes: got %s, want 403 forbidden", r)
	}

	// A remade code revokes the old one.
	remade := codesOf(invite(lead, "2401"))
	if grants(codes["2401"]) != "" || grants(remade["2401"]) != "2401" {
		t.Errorf("after remaking 2401: the old code grants %q, the new %q", grants(codes["2401"]), grants(remade["2401"]))
	}
	if n := len(listed()); n != 5 {
		t.Errorf("after remaking: %d codes listed, want 5", n)
	}

	// Umeå answers; the lead's status and list of rounds show it.
	must(t, post(t, "/api/responses", codes["2480"], response(t, 1, id, q, "2480", answers(q, 0))), 201)
	var st wire.Status
	must(t, get(t, "/api/rounds/"+id+"/status/24", lead), 200).decode(t, &st)
	if st.Items != q.ItemCount() || len(st.Municipalities) != len(lagesbild.MunicipalitiesIn("24")) {
		t.Fatalf("status: %d items, %d municipalities", st.Items, len(st.Municipalities))
	}
	names := []string{}
	by := map[string]wire.MunicipalityStatus{}
	for _, m := range st.Municipalities {
		names = append(names, m.Name)
		by[m.Code] = m
	}
	if !slices.IsSortedFunc(names, lagesbild.CompareNames) || names[len(names)-1] != "Åsele" {
		t.Errorf("not in Swedish name order: %q", names)
	}
	if m := by["2480"]; m.Invited == "" || m.Answered == "" || m.Answered < m.Invited || m.Responses != 1 || m.Items != q.ItemCount() || m.Workshop {
		t.Errorf("Umeå: %+v, want invited, answered after, 1 response with every item", m)
	}
	if m := by["2403"]; m.Invited == "" || m.Answered != "" || m.Responses != 0 {
		t.Errorf("Bjurholm: %+v, want invited, not answered", m)
	}
	if m := by["2404"]; m.Invited != "" || m.Answered != "" {
		t.Errorf("Vindeln: %+v, want neither invited nor answered", m)
	}
	if r := get(t, "/api/rounds/"+id+"/status/24", leads["25"]); r.Status != 403 || r.code() != lagesbild.ECodeOtherUnit {
		t.Errorf("another county's lead reading the status: got %s, want 403 code_other_unit", r)
	}
	var mine wire.Rounds
	must(t, get(t, "/api/rounds", lead), 200).decode(t, &mine)
	if len(mine.Rounds) != 1 || mine.Rounds[0].ID != id || mine.Rounds[0].Municipalities != 15 || mine.Rounds[0].Invited != 3 ||
		mine.Rounds[0].Answered != 1 || mine.Rounds[0].Closed || mine.Rounds[0].Title.SV == "" {
		t.Errorf("the lead's rounds: %+v", mine.Rounds)
	}

	// The admin closes the round now: no more responses or invitations.
	var rd wire.Round
	must(t, do(t, "PATCH", "/api/admin/rounds/"+id, w.AdminToken, "", map[string]any{"closeNow": true}), 200).decode(t, &rd)
	if rd.Open {
		t.Errorf("closed now: %+v", rd)
	}
	if r := post(t, "/api/responses", remade["2401"], response(t, 2, id, q, "2401", answers(q, 1))); r.Status != 409 || r.code() != lagesbild.ERoundClosed {
		t.Errorf("a response after the close: got %s, want 409 round_closed", r)
	}
	if r := invite(lead, "2404"); r.Status != 409 || r.code() != lagesbild.ERoundClosed {
		t.Errorf("an invitation after the close: got %s, want 409 round_closed", r)
	}
	if r := do(t, "PATCH", "/api/admin/rounds/"+id, w.AdminToken, "", map[string]any{"closes": "2099-12-31"}); r.Status != 409 || r.code() != lagesbild.ERoundClosed {
		t.Errorf("reopening: got %s, want 409 round_closed", r)
	}
	var all wire.Rounds
	must(t, get(t, "/api/rounds", w.AdminToken), 200).decode(t, &all)
	found := false
	for _, r := range all.Rounds {
		if r.ID == id {
			found = true
			if !r.Closed || r.Municipalities != 290 || r.Invited != 3 || r.Answered != 1 {
				t.Errorf("the admin's list: %+v, want closed, 3 invited, 1 answered of 290", r)
			}
		}
	}
	if !found {
		t.Errorf("the admin's list has no round %s", id)
	}
}
