package lagesbild

import (
	"encoding/json"
	"math"
	"math/rand/v2"
	"slices"
	"testing"
)

// similarPublications is what the groups publish of one measure, as the audit
// sees it: each shown group's value (the sum over its members with a value)
// and its n (over its members that responded), at the versions given.
func similarPublications(measure string, results []MunicipalityResult, groups []Group, version, countsVersion int) (values, counts []Publication) {
	byCode := map[string]MunicipalityResult{}
	for _, r := range results {
		if _, dup := byCode[r.Municipality]; !dup && answered(r) {
			byCode[r.Municipality] = r
		}
	}
	for _, g := range groups {
		f := g.Measures[measure]
		if f.Suppressed {
			continue
		}
		var vals, has []Var
		for _, m := range MunicipalitiesInGroup(g.Code) {
			r, ok := byCode[m.Code]
			if !ok {
				continue
			}
			has = append(has, Var{Unit: m.Code, Version: countsVersion})
			if r.Measures[measure] != nil {
				vals = append(vals, Var{Unit: m.Code, Version: version})
			}
		}
		if len(vals) > 0 {
			values = append(values, Publication{Name: "group " + g.Code + " " + measure, Vars: vals})
		}
		if len(has) > 0 {
			counts = append(counts, Publication{Name: "group " + g.Code + " n", Vars: has})
		}
	}
	return values, counts
}

// withVersion is pubs with every Var at version v.
func withVersion(pubs []Publication, v int) []Publication {
	out := make([]Publication, len(pubs))
	for i, p := range pubs {
		out[i] = Publication{Name: p.Name}
		for _, x := range p.Vars {
			out[i].Vars = append(out[i].Vars, Var{Unit: x.Unit, Version: v})
		}
	}
	return out
}

// Every group's mean is the mean of its members' results computed here
// from the results, when all municipalities answered: then every group
// rests on many and is shown.
func TestCompareGroupsMeans(t *testing.T) {
	rng := rand.New(rand.NewPCG(16, 5))
	measures := []string{"a", "b", MeasureTotal, MeasureDontKnow}
	var results []MunicipalityResult
	for _, m := range Municipalities() {
		r := MunicipalityResult{Municipality: m.Code, Respondents: 1, Measures: map[string]*float64{}}
		for _, id := range measures {
			v := float64(rng.IntN(1001)) / 10
			if id == MeasureDontKnow {
				v = float64(rng.IntN(1001)) / 1000
			}
			r.Measures[id] = &v
		}
		results = append(results, r)
	}
	rules := DefaultRules()
	got := CompareGroups(measures, results, Compare(measures, results, rules), rules)
	if len(got) != len(MunicipalityGroups()) {
		t.Fatalf("%d groups, want %d", len(got), len(MunicipalityGroups()))
	}
	// A1 (the three cities) rests on k municipalities: hidden; and one
	// other, since the country minus the rest would be A1.
	hidden := 0
	for i, g := range got {
		members := MunicipalitiesInGroup(g.Code)
		if g.Measures["a"].Suppressed {
			hidden++
			for _, id := range measures {
				if f := g.Measures[id]; !f.Suppressed || f.Value != nil || f.N != 0 {
					t.Errorf("group %s %s: hidden for a, not for %s: %+v", g.Code, "a", id, f)
				}
			}
			continue
		}
		if g.Code != MunicipalityGroups()[i].Code || g.Name != MunicipalityGroups()[i].Name || g.Municipalities != len(members) || g.Responded != len(members) {
			t.Errorf("group %d: %s %q %d of %d", i, g.Code, g.Name, g.Responded, g.Municipalities)
		}
		for _, id := range measures {
			sum := 0.0
			for _, m := range members {
				for _, r := range results {
					if r.Municipality == m.Code {
						sum += *r.Measures[id]
					}
				}
			}
			want := math.Round(sum/float64(len(members))*10) / 10
			if id == MeasureDontKnow {
				want = math.Round(sum/float64(len(members))*1000) / 1000
			}
			f := g.Measures[id]
			if f.Value == nil || math.Abs(*f.Value-want) > 1e-9 || f.N != len(members) {
				t.Errorf("group %s %s: got %+v (value %v), want %v over %d", g.Code, id, f, ptrValue(f.Value), want, len(members))
			}
		}
	}
	if a1 := got[0]; a1.Code != "A1" || !a1.Measures["a"].Suppressed || hidden != 2 {
		t.Errorf("group %s suppressed %v, %d groups hidden; want A1 and one more", a1.Code, a1.Measures["a"].Suppressed, hidden)
	}
}

func ptrValue(v *float64) any {
	if v == nil {
		return nil
	}
	return *v
}

// A group that, beside a county shown, would give away the county's other
// one or two municipalities: the county minus the group. The primary rule
// alone would show it (it rests on more than k); the joint release hides it.
func TestCompareGroupsCountyMinusGroup(t *testing.T) {
	k := DefaultRules().MinMunicipalities
	// A county with more than k members in one group and others besides:
	// those of the group answer, and one other.
	var county, group string
	var results []MunicipalityResult
	add := func(code string, v float64) {
		results = append(results, MunicipalityResult{Municipality: code, Respondents: 1, Measures: map[string]*float64{"a": &v}})
	}
	for _, c := range Counties() {
		byGroup := map[string]int{}
		munis := MunicipalitiesIn(c.Code)
		for _, m := range munis {
			byGroup[m.Group]++
		}
		for _, g := range MunicipalityGroups() {
			if n := byGroup[g.Code]; n > k && n < len(munis) {
				county, group = c.Code, g.Code
				break
			}
		}
		if county == "" {
			continue
		}
		other := false
		for i, m := range munis {
			if m.Group == group || !other {
				other = other || m.Group != group
				add(m.Code, float64(10+i))
			}
		}
		break
	}
	if county == "" {
		t.Fatal("no county with more than k municipalities in one group and others")
	}
	// Another county with no member of the group answers in full.
	for _, c := range Counties() {
		munis := MunicipalitiesIn(c.Code)
		if c.Code != county && !slices.ContainsFunc(munis, func(m Municipality) bool { return m.Group == group }) && len(munis) > k+1 {
			for i, m := range munis {
				add(m.Code, float64(50+i))
			}
			break
		}
	}
	rules := DefaultRules()
	c := Compare([]string{"a"}, results, rules)
	if cg, _ := c.County(county); cg.Measures["a"].Suppressed {
		t.Fatalf("county %s hidden: the test needs it shown", county)
	}
	got := CompareGroups([]string{"a"}, results, c, rules)
	for _, g := range got {
		if g.Code == group && !g.Measures["a"].Suppressed {
			t.Errorf("group %s shown (%+v) beside county %s: the county minus it is fewer than %d municipalities", group, g.Measures["a"], county, k)
		}
	}
	// And what is shown passes the audit for every reader.
	values, counts := similarPublications("a", results, got, 0, 1)
	pubs := append(c.Publications("", "a", results, nil), values...)
	for _, in := range IndicatorReaders() {
		if l := Audit(pubs, in, k); len(l) > 0 {
			t.Fatalf("%s learns %s", in.Name, l[0])
		}
		if l := Audit(append(withVersion(c.Counts("", "a", results, nil), 1), counts...), in, k); len(l) > 0 {
			t.Fatalf("%s learns %s from the n", in.Name, l[0])
		}
	}
}

// Random rounds, two at a time (a round and its previous: other versions of
// the same municipalities): the county, national and group figures of both
// together leave no reader anything about fewer than k municipalities, and
// the fast judge decides as the Auditors do.
func TestCompareGroupsAttack(t *testing.T) {
	rng := rand.New(rand.NewPCG(16, 55))
	rounds := 6
	if testing.Short() {
		rounds = 4
	}
	shownSome := 0
	for i := range rounds {
		var sets [][]Publication
		var readers []Insider
		k := 3
		for round := range 2 {
			r := randomCompareRound(rng, true)
			r.k = k
			rules := Rules{MinMunicipalities: k, MinRespondents: 3}
			c := r.compare()
			groups := CompareGroups(r.measures, r.results, c, rules)
			if i < 2 {
				ref := compareGroups(r.measures, r.results, c, rules, nil, judgeAudit)
				for gi := range groups {
					if groups[gi].Measures[r.measures[0]].Suppressed != ref[gi].Measures[r.measures[0]].Suppressed {
						t.Errorf("round %d/%d, group %s: fast judge and Auditors differ", i, round, groups[gi].Code)
					}
				}
			}
			for _, g := range groups {
				if !g.Measures[r.measures[0]].Suppressed && g.Responded > 0 {
					shownSome++
				}
			}
			for j, id := range r.measures {
				vv, cv := 100*round+4*j, 100*round+4*j+1
				values, counts := similarPublications(id, r.results, groups, vv, cv)
				sets = append(sets,
					append(withVersion(c.Publications("", id, r.results, nil), vv), values...),
					append(withVersion(c.Counts("", id, r.results, nil), cv), counts...))
			}
			readers = append(readers, r.readers(false)...)
		}
		var all []Publication
		for _, s := range sets {
			all = append(all, s...)
		}
		seen := map[string]bool{}
		for _, in := range readers {
			if seen[in.Name] {
				continue
			}
			seen[in.Name] = true
			if l := Audit(all, in, k); len(l) > 0 {
				t.Fatalf("rounds %d: %s learns %s", i, in.Name, l[0])
			}
		}
	}
	if shownSome == 0 {
		t.Error("no group shown in any round: the test checks nothing")
	}
}

// BenchmarkCompareGroups is the groups of a round where every
// municipality answered, as the worker computes them per request.
func BenchmarkCompareGroups(b *testing.B) {
	rng := rand.New(rand.NewPCG(1, 2))
	measures := []string{"a", "b", "c", "d", "e", "f", "g", MeasureTotal, MeasureDontKnow}
	var results []MunicipalityResult
	for _, m := range Municipalities() {
		r := MunicipalityResult{Municipality: m.Code, Respondents: 1, Measures: map[string]*float64{}}
		for _, id := range measures {
			if rng.IntN(10) > 0 {
				v := float64(rng.IntN(1001)) / 10
				r.Measures[id] = &v
			}
		}
		results = append(results, r)
	}
	rules := DefaultRules()
	c := Compare(measures, results, rules)
	b.Run("decided", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			CompareGroups(measures, results, c, rules)
		}
	})
	b.Run("kept", func(b *testing.B) { // GroupReleaser, as the worker runs it
		var rel GroupReleaser
		rel.Groups(measures, results, c, rules)
		b.ReportAllocs()
		for b.Loop() {
			rel.Groups(measures, results, c, rules)
		}
	})
}

// A kept decision is the one made anew, and is used again.
func TestGroupReleaserKeeps(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	var rel GroupReleaser
	for range 3 {
		r := randomCompareRound(rng, true)
		r.k = 3
		rules := Rules{MinMunicipalities: 3}
		c := r.compare()
		want := CompareGroups(r.measures, r.results, c, rules)
		for range 2 {
			got := rel.Groups(r.measures, r.results, c, rules)
			for i := range want {
				if got[i].Measures[r.measures[0]].Suppressed != want[i].Measures[r.measures[0]].Suppressed {
					t.Errorf("group %s: kept decision differs", want[i].Code)
				}
			}
		}
	}
	if len(rel.memo) != 3 {
		t.Errorf("%d decisions kept, want 3", len(rel.memo))
	}
}

// A decision's key follows who responded and who has a value, never the
// values: values changed keep it (and the decision holds for them), one
// municipality fewer changes it.
func TestGroupReleaseKey(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 8))
	rules := Rules{MinMunicipalities: 3, MinRespondents: 3}
	for i := range 4 {
		r := randomCompareRound(rng, true)
		c := Compare(r.measures, r.results, rules)
		g := NewGroupRelease(r.measures, r.results, c, rules)
		if got, want := groupsJSON(t, g.Groups(g.Decide())), groupsJSON(t, CompareGroups(r.measures, r.results, c, rules)); got != want {
			t.Fatalf("round %d: Groups(Decide()) is not CompareGroups", i)
		}
		var other []MunicipalityResult
		for _, res := range r.results {
			o := res
			o.Measures = map[string]*float64{}
			for id, v := range res.Measures {
				if v != nil {
					v = ptr(float64(rng.IntN(1001)) / 10)
				}
				o.Measures[id] = v
			}
			other = append(other, o)
		}
		if got := NewGroupRelease(r.measures, other, Compare(r.measures, other, rules), rules).Key(); got != g.Key() {
			t.Errorf("round %d: other values, key %s, want %s", i, got, g.Key())
		}
		var fewer []MunicipalityResult
		for j, res := range r.results {
			if j != len(r.results)/2 {
				fewer = append(fewer, res)
			}
		}
		if got := NewGroupRelease(r.measures, fewer, Compare(r.measures, fewer, rules), rules).Key(); got == g.Key() {
			t.Errorf("round %d: one municipality fewer, the same key", i)
		}
	}
}

func groupsJSON(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}
