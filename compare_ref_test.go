package lagesbild

import (
	"encoding/json"
	"math/rand/v2"
	"sort"
	"testing"
)

// compareReference is Compare as first written (a slice of results per
// county, each group summing on its own, sort.SliceStable), kept to prove the
// faster Compare gives exactly the same answers.
func compareReference(measures []string, results []MunicipalityResult, rules Rules) Comparison {
	byCounty := map[string][]MunicipalityResult{}
	var all []MunicipalityResult
	for _, r := range results {
		m, ok := MunicipalityByCode(r.Municipality)
		if !ok || r.Respondents == 0 {
			continue
		}
		byCounty[m.County] = append(byCounty[m.County], r)
		all = append(all, r)
	}
	group := func(code, name string, size int, rs []MunicipalityResult) Group {
		g := Group{Code: code, Name: name, Municipalities: size, Responded: len(rs), Measures: make(map[string]Figure, len(measures))}
		for _, id := range measures {
			var sum float64
			n := 0
			for _, r := range rs {
				if v := r.Measures[id]; v != nil {
					sum += *v
					n++
				}
			}
			f := Figure{N: n}
			if n > 0 {
				f.Value = ptr(RoundMeasure(id, sum/float64(n)))
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
// repeated municipalities, give byte for byte the reference's comparison.
func TestCompareMatchesReference(t *testing.T) {
	rng := rand.New(rand.NewPCG(6, 2026))
	measures := []string{"rutiner", "kunskap", "samverkan", MeasureTotal, MeasureDontKnow}
	munis := Municipalities()
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
		got, _ := json.Marshal(Compare(measures, results, rules))
		want, _ := json.Marshal(compareReference(measures, results, rules))
		if string(got) != string(want) {
			t.Fatalf("round %d: Compare differs from the reference:\n got %s\nwant %s", round, got, want)
		}
	}
}
