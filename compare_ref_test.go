package lagesbild

import (
	"math/rand/v2"
	"sort"
	"testing"
)

// compareMeans is Compare's arithmetic as first written (a slice of results
// per county, each group summing on its own), without suppression: every
// group's mean and n of every measure. A municipality listed twice counts
// once, its first result (as Compare counts it). It proves the faster
// Compare computes the same figures; what Compare hides is the audit's to
// judge (compare_audit_test.go).
func compareMeans(measures []string, results []MunicipalityResult) Comparison {
	byCounty := map[string][]MunicipalityResult{}
	var all []MunicipalityResult
	seen := map[string]bool{}
	for _, r := range results {
		m, ok := MunicipalityByCode(r.Municipality)
		if !ok || r.Respondents == 0 || seen[r.Municipality] {
			continue
		}
		seen[r.Municipality] = true
		byCounty[m.County] = append(byCounty[m.County], r)
		all = append(all, r)
	}
	group := func(code, name string, size int, rs []MunicipalityResult) Group {
		g := Group{Code: code, Name: name, Municipalities: size, Responded: len(rs), Measures: make(map[string]Figure, len(measures))}
		for _, id := range measures {
			var units int64 // exact, as Mean's (mean.go)
			n := 0
			for _, r := range rs {
				if v := r.Measures[id]; v != nil {
					units += MeasureUnits(*v)
					n++
				}
			}
			f := Figure{N: n}
			if n > 0 {
				f.Value = ptr(MeanOfUnits(id, units, n))
			}
			g.Measures[id] = f
		}
		return g
	}
	var c Comparison
	for _, county := range Counties() {
		c.Counties = append(c.Counties, group(county.Code, county.Name, county.Municipalities, byCounty[county.Code]))
	}
	c.National = group("SE", "Sverige", len(Municipalities()), all)
	return c
}

// compareBefore is Compare as it was before issue 11: primary suppression
// of a county resting on 1..k−1 municipalities, and secondary suppression
// against outsiders only (the hidden counties at least two, resting on at
// least k between them). The audit's tests (audit_test.go) reproduce the
// attacks of issue 11 on it, so they keep it.
func compareBefore(measures []string, results []MunicipalityResult, rules Rules) Comparison {
	c := compareMeans(measures, results)
	for _, id := range measures {
		hide := func(g *Group) {
			f := g.Measures[id]
			f.Value, f.Suppressed = nil, true
			g.Measures[id] = f
		}
		k := rules.MinMunicipalities
		counties, national := c.Counties, &c.National
		if national.Measures[id].N < k {
			hide(national)
		}
		hidden, units := 0, 0
		for i := range counties {
			if n := counties[i].Measures[id].N; n > 0 && n < k {
				hide(&counties[i])
				hidden++
				units += n
			}
		}
		if national.Measures[id].Suppressed {
			continue
		}
		for hidden > 0 && (hidden < 2 || units < k) {
			var cand []int
			for i := range counties {
				if f := counties[i].Measures[id]; f.N > 0 && !f.Suppressed {
					cand = append(cand, i)
				}
			}
			if len(cand) == 0 {
				hide(national)
				break
			}
			sort.SliceStable(cand, func(a, b int) bool {
				return counties[cand[a]].Measures[id].N < counties[cand[b]].Measures[id].N
			})
			units += counties[cand[0]].Measures[id].N
			hidden++
			hide(&counties[cand[0]])
		}
	}
	return c
}

// TestCompareMatchesReference: random municipality results, sparse and
// dense, with unknown codes, no respondents, missing and null measures and
// repeated municipalities, give the reference's groups, and every value and
// n Compare shows is the reference's.
func TestCompareMatchesReference(t *testing.T) {
	rng := rand.New(rand.NewPCG(6, 2026))
	measures := []string{"rutiner", "kunskap", "samverkan", MeasureTotal, MeasureDontKnow}
	munis := Municipalities()
	shown, hidden := 0, 0
	for round := range 300 {
		var results []MunicipalityResult
		for range rng.IntN([]int{5, 40, 400}[round%3]) {
			code := munis[rng.IntN(len(munis))].Code
			if rng.IntN(50) == 0 {
				code = "9999"
			}
			r := MunicipalityResult{Municipality: code, Respondents: rng.IntN(3), Measures: map[string]*float64{}}
			for _, id := range measures {
				switch rng.IntN(6) {
				case 0: // missing
				case 1:
					r.Measures[id] = nil
				default:
					v := float64(rng.IntN(1001)) / 10
					if id == MeasureDontKnow {
						v = float64(rng.IntN(1001)) / 1000
					}
					r.Measures[id] = &v
				}
			}
			results = append(results, r)
		}
		rules := Rules{MinMunicipalities: 1 + rng.IntN(5), MinRespondents: 3}
		got, want := Compare(measures, results, rules), compareMeans(measures, results)
		groups := append([]Group{got.National}, got.Counties...)
		wants := append([]Group{want.National}, want.Counties...)
		if len(groups) != len(wants) {
			t.Fatalf("round %d: %d groups, want %d", round, len(groups), len(wants))
		}
		for i, g := range groups {
			w := wants[i]
			if g.Code != w.Code || g.Name != w.Name || g.Municipalities != w.Municipalities || g.Responded != w.Responded || len(g.Measures) != len(w.Measures) {
				t.Fatalf("round %d: group %+v, want %+v", round, g, w)
			}
			for _, id := range measures {
				f, wf := g.Measures[id], w.Measures[id]
				switch {
				case f.Value != nil && (wf.Value == nil || *f.Value != *wf.Value):
					t.Fatalf("round %d: %s %s = %v, want %v", round, g.Code, id, *f.Value, wf.Value)
				case f.Value == nil && !f.Suppressed && wf.Value != nil:
					t.Fatalf("round %d: %s %s: no data, want %v", round, g.Code, id, *wf.Value)
				case f.NShown() && f.N != wf.N:
					t.Fatalf("round %d: %s %s: n = %d, want %d", round, g.Code, id, f.N, wf.N)
				case f.Suppressed && wf.N == 0 && f.NShown():
					t.Fatalf("round %d: %s %s: suppressed, n = 0 shown", round, g.Code, id)
				}
				if f.Suppressed {
					hidden++
				} else if f.Value != nil {
					shown++
				}
			}
		}
	}
	if shown == 0 || hidden == 0 {
		t.Errorf("%d figures shown, %d hidden: the rounds test one case only", shown, hidden)
	}
}
