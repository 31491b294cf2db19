//go:build !js

package worker_test

import (
	"fmt"
	"maps"
	"math/rand/v2"
	"net/http"
	"slices"
	"testing"
	"time"

	"lagesbild"
	"lagesbild/questionnaires"
)

// shippedCatalog is the questionnaires of the build, for tests that need the
// real kommun questionnaire (its scales, "beslutat" and "saknas" among them).
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

// TestOfficialMatchesCore (issue 14): over random responses to the kommun
// questionnaire — several per municipality, some a workshop's (partial),
// some municipalities with workshops' only, changed after they were first
// stored, some stored in the same second — the worker's municipality rows
// are each municipality's official response (lagesbild.Official, q.Score),
// with its respondents and its partial and workshop marks, and the county and
// national figures lagesbild.Compare's over those, to the last digit.
func TestOfficialMatchesCore(t *testing.T) {
	a := newAPIWith(t, shippedCatalog{})
	q, err := questionnaires.Get("kommun", 1) // its section stod of 3 items makes the half-way means
	if err != nil {
		t.Fatal(err)
	}
	a.round("r", "kommun", q.Version, "2026-01-01", "2099-12-31", "")
	rng := rand.New(rand.NewPCG(11, 12))
	// random answers: "Vet ej" now and then, a whole section of it now and
	// then; a workshop's settle the items of a few sections only.
	random := func(workshop bool) map[string]string {
		ans := map[string]string{}
		vetEj := rng.IntN(8) == 0
		for _, s := range q.Sections {
			if workshop && rng.IntN(2) == 0 {
				continue
			}
			allVetEj := vetEj && rng.IntN(3) == 0
			for _, it := range s.Items {
				switch {
				case allVetEj:
					ans[it.ID] = optionWith(t, it, -1)
				case rng.IntN(30) == 0: // unanswered
				case rng.IntN(12) == 0:
					ans[it.ID] = optionWith(t, it, -1)
				default: // a scored option ("Vet ej" is the last)
					ans[it.ID] = it.Options[rng.IntN(len(it.Options)-1)].Value
				}
			}
		}
		if len(ans) == 0 {
			ans[q.Sections[0].Items[0].ID] = q.Sections[0].Items[0].Options[0].Value
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
	type kept struct {
		muni, role, updated string
		answers             map[string]string
	}
	stored := map[string]*kept{} // by response id
	n := 0
	// post stores a response (a new one for id ""), a second later or in
	// the same second, and keeps what the worker keeps: updated moves only
	// when the answers or the role change.
	post := func(id, muni, role string, ans map[string]string) string {
		t.Helper()
		a.now = a.now.Add(time.Duration(rng.IntN(2)) * time.Second)
		status := http.StatusOK
		if id == "" {
			n++
			id, status = uuid(n), http.StatusCreated
		}
		body := map[string]any{"id": id, "round": "r", "questionnaire": "kommun", "version": q.Version,
			"municipality": muni, "role": role, "answers": ans}
		must(t, a.do("POST", "/api/responses", adminToken, body), status)
		k := stored[id]
		if k == nil || k.role != role || mustJSON(t, k.answers) != mustJSON(t, ans) {
			stored[id] = &kept{muni: muni, role: role, updated: a.now.UTC().Format("2006-01-02T15:04:05Z"), answers: ans}
		}
		return id
	}
	for _, m := range munis {
		onlyWorkshops := rng.IntN(10) == 0
		for range 1 + rng.IntN(4) {
			if onlyWorkshops || rng.IntN(5) == 0 {
				post("", m, lagesbild.RoleWorkshop, random(true))
			} else {
				post("", m, []string{"chef", "handlaggare"}[rng.IntN(2)], random(false))
			}
		}
	}
	// Change about a third of the responses: a changed one is the latest.
	ids := slices.Sorted(maps.Keys(stored))
	for _, id := range ids {
		if rng.IntN(3) > 0 {
			continue
		}
		k := stored[id]
		post(id, k.muni, k.role, random(k.role == lagesbild.RoleWorkshop))
	}

	// The core, from the same responses.
	byMuni := map[string][]string{}
	for _, id := range ids {
		byMuni[stored[id].muni] = append(byMuni[stored[id].muni], id)
	}
	want := map[string]lagesbild.MunicipalityResult{}
	var results []lagesbild.MunicipalityResult
	workshops, partials, disagree := 0, 0, 0
	for _, m := range munis {
		cs := make([]lagesbild.Candidate, len(byMuni[m]))
		totals := map[string]bool{}
		for i, id := range byMuni[m] {
			k := stored[id]
			cs[i] = lagesbild.Candidate{Role: k.role, Updated: k.updated, ID: id}
			totals[fmtValue(q.Score(k.answers).Total)] = true
		}
		k := stored[byMuni[m][lagesbild.Official(cs)]]
		res := q.Score(k.answers)
		r := lagesbild.MunicipalityResult{Municipality: m, Respondents: len(cs), Measures: res.Measures(),
			Partial: res.Partial, Workshop: k.role == lagesbild.RoleWorkshop}
		want[m], results = r, append(results, r)
		if r.Workshop {
			workshops++
		}
		if r.Partial {
			partials++
		}
		if len(totals) > 1 {
			disagree++
		}
	}
	if workshops < 3 || partials < 10 || disagree < 20 {
		t.Fatalf("premise: %d workshop and %d partial official responses, %d municipalities whose responses disagree; want 3, 10 and 20",
			workshops, partials, disagree)
	}
	cmp := lagesbild.Compare(q.MeasureIDs(), results, lagesbild.DefaultRules())

	// The worker: every row and figure, from the admin's export.json.
	var ex struct {
		Counties       []lagesbild.Group
		National       lagesbild.Group
		Municipalities []row
	}
	must(t, a.get("/api/rounds/r/export.json", adminToken), http.StatusOK).decode(t, &ex)
	checkRow := func(where string, r row) {
		t.Helper()
		w := want[r.Code]
		if r.Respondents != w.Respondents || r.Partial != w.Partial || r.Workshop != w.Workshop {
			t.Errorf("%s %s: respondents %d, partial %v, workshop %v; want %d, %v, %v", where, r.Code,
				r.Respondents, r.Partial, r.Workshop, w.Respondents, w.Partial, w.Workshop)
		}
		for _, id := range q.MeasureIDs() {
			if got, wv := fmtValue(r.Measures[id]), fmtValue(w.Measures[id]); got != wv {
				t.Errorf("%s %s %s: worker %s, the official response %s", where, r.Code, id, got, wv)
			}
		}
	}
	checked := 0
	for _, r := range ex.Municipalities {
		if _, ok := want[r.Code]; ok {
			checked++
		}
		checkRow("export.json", r)
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
		if len(cr.Municipalities) != len(lagesbild.MunicipalitiesIn(c)) {
			t.Errorf("county %s: %d rows, want %d", c, len(cr.Municipalities), len(lagesbild.MunicipalitiesIn(c)))
		}
		for _, r := range cr.Municipalities {
			checkRow("county "+c, r)
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
