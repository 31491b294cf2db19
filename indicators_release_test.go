package lagesbild

import (
	"math/rand/v2"
	"slices"
	"strconv"
	"testing"
)

// allAnswered: every municipality responded, each meeting when met(i).
func indicatorData(codes []string, has func(i int) bool, met func(i int) bool) IndicatorValues {
	v := IndicatorValues{Met: map[string]bool{}}
	for i, c := range codes {
		v.Responded = append(v.Responded, c)
		if has(i) {
			v.Met[c] = met(i)
		}
	}
	return v
}

func allCodes() []string {
	var out []string
	for _, m := range Municipalities() {
		out = append(out, m.Code)
	}
	return out
}

// auditRelease audits every shown figure together for every reader.
func auditRelease(t *testing.T, groups []UnitGroup, v IndicatorValues, figs []IndicatorFigure, k int) {
	t.Helper()
	pubs := IndicatorPublications(groups, v, figs)
	for _, r := range IndicatorReaders() {
		if leaks := Audit(pubs, r, k); len(leaks) > 0 {
			t.Fatalf("%s: %d leaks, first %s", r.Name, len(leaks), leaks[0])
		}
	}
}

func figureOf(groups []UnitGroup, figs []IndicatorFigure, kind, code string) IndicatorFigure {
	for i, g := range groups {
		if g.Kind == kind && g.Code == code {
			return figs[i]
		}
	}
	return IndicatorFigure{}
}

func TestIndicatorGroups(t *testing.T) {
	gs := IndicatorGroups()
	count := map[string]int{}
	for _, g := range gs {
		count[g.Kind]++
		if len(g.Members) == 0 {
			t.Errorf("%s %s: no members", g.Kind, g.Code)
		}
	}
	if count[UnitCountry] != 1 || count[UnitCounty] != 21 || count[UnitPoliceRegion] != 7 || count[UnitCoordinatorRegion] == 0 || count[UnitMunicipalityGroup] != 9 {
		t.Errorf("kinds: %v", count)
	}
	if gs[0].Kind != UnitCountry || len(gs[0].Members) != 290 {
		t.Errorf("first group %s with %d members", gs[0].Kind, len(gs[0].Members))
	}
}

// Gotland is alone in its county and in police region Stockholm with
// Stockholms län: showing the region and the county gives Gotland's value
// by subtraction. The naive release (every group over k shown) leaks; the
// audited one hides Stockholms län.
func TestIndicatorGotland(t *testing.T) {
	codes := allCodes()
	v := indicatorData(codes, func(int) bool { return true }, func(i int) bool { return i%3 == 0 })
	groups := IndicatorGroups()
	k := DefaultRules().MinMunicipalities
	naive := make([]bool, len(groups))
	for i, g := range groups {
		naive[i] = len(g.Members) > k
	}
	nfigs := IndicatorFigures(groups, v, naive)
	if leaks := Audit(IndicatorPublications(groups, v, nfigs), Outsider(), k); len(leaks) == 0 {
		t.Fatal("the naive release does not leak: the example is wrong")
	} else if !slices.ContainsFunc(leaks, func(l Leak) bool { return slices.Contains(l.Units, "0980") }) {
		t.Errorf("naive leaks %v, want Gotland's", leaks)
	}
	figs := ReleaseIndicator(groups, v, nil, k)
	auditRelease(t, groups, v, figs, k)
	if f := figureOf(groups, figs, UnitCountry, NationalCode); f.Suppressed || f.N != 290 {
		t.Errorf("national: %+v", f)
	}
	if f := figureOf(groups, figs, UnitCounty, "09"); !f.Suppressed {
		t.Errorf("Gotland shown: %+v", f)
	}
	// Police region Stockholm is Stockholms län and Gotland: its figure
	// minus the county's rows, which the county's lead sees, is Gotland's.
	// The region comes first in the order and is hidden; the county shown.
	if f := figureOf(groups, figs, UnitPoliceRegion, "Stockholm"); !f.Suppressed {
		t.Errorf("police region Stockholm shown: %+v", f)
	}
	if f := figureOf(groups, figs, UnitCounty, "01"); f.Suppressed {
		t.Errorf("Stockholms län hidden: %+v", f)
	}
	if f := figureOf(groups, figs, UnitCounty, "24"); f.Suppressed {
		t.Errorf("Västerbotten hidden: %+v", f)
	}
}

// The country minus everything else: with one county short of k+1 values
// and every other county shown, the national figure gives it away.
func TestIndicatorNationalMinusCounties(t *testing.T) {
	groups := countyGroups()
	groups = append(countryGroups(), groups...)
	codes := allCodes()
	// Blekinge (10): only 2 with a value.
	v := IndicatorValues{Met: map[string]bool{}}
	seen10 := 0
	for i, c := range codes {
		v.Responded = append(v.Responded, c)
		m, _ := MunicipalityByCode(c)
		if m.County == "10" {
			if seen10 >= 2 {
				continue
			}
			seen10++
		}
		v.Met[c] = i%2 == 0
	}
	k := 3
	figs := ReleaseIndicator(groups, v, nil, k)
	auditRelease(t, groups, v, figs, k)
	if !figureOf(groups, figs, UnitCounty, "10").Suppressed {
		t.Error("Blekinge shown with 2 values")
	}
	hidden := 0
	for _, f := range figs {
		if f.Suppressed {
			hidden++
		}
	}
	if hidden < 2 {
		t.Errorf("only %d hidden: national minus the rest is Blekinge", hidden)
	}
}

func TestIndicatorPrimary(t *testing.T) {
	groups := []UnitGroup{{Kind: UnitCounty, Code: "x", Members: []string{"0114", "0115", "0117", "0120"}}}
	for _, tc := range []struct {
		name       string
		responded  []string
		met        map[string]bool
		suppressed bool
		n, m       int
	}{
		{"no data", nil, nil, false, 0, 0},
		{"3 values", []string{"0114", "0115", "0117"}, map[string]bool{"0114": true, "0115": false, "0117": true}, true, 0, 0},
		{"4 values", []string{"0114", "0115", "0117", "0120"}, map[string]bool{"0114": true, "0115": false, "0117": true, "0120": true}, false, 4, 3},
		{"4 responded, 3 values", []string{"0114", "0115", "0117", "0120"}, map[string]bool{"0114": true, "0115": false, "0117": true}, true, 0, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := ReleaseIndicator(groups, IndicatorValues{Responded: tc.responded, Met: tc.met}, []Insider{Outsider()}, 3)[0]
			if f.Suppressed != tc.suppressed || f.N != tc.n || f.Met != tc.m {
				t.Errorf("%+v", f)
			}
			if !f.Suppressed && f.N > 0 && (f.Share == nil || *f.Share != round3(float64(tc.m)/float64(tc.n))) {
				t.Errorf("share %v", f.Share)
			}
		})
	}
}

// Attack: random participation and values over the real groups; for every
// reader, every figure shown, audited together (values and n), leaks
// nothing about fewer than k it does not know.
func TestIndicatorRandomAttack(t *testing.T) {
	groups := IndicatorGroups()
	codes := allCodes()
	rounds := 12
	if testing.Short() {
		rounds = 3
	}
	for seed := range rounds {
		rng := rand.New(rand.NewPCG(uint64(seed), 16))
		pResp := []float64{0.1, 0.3, 0.6, 0.95}[seed%4]
		v := IndicatorValues{Met: map[string]bool{}}
		for _, c := range codes {
			if rng.Float64() < pResp {
				v.Responded = append(v.Responded, c)
				if rng.Float64() < 0.85 {
					v.Met[c] = rng.IntN(2) == 0
				}
			}
		}
		figs := ReleaseIndicator(groups, v, nil, 3)
		auditRelease(t, groups, v, figs, 3)
		shown := 0
		for _, f := range figs {
			if !f.Suppressed {
				shown++
			}
		}
		t.Logf("seed %d: %d responded, %d values, %d of %d figures shown", seed, len(v.Responded), len(v.Met), shown, len(figs))
	}
}

// The probe (the outsider with k+1 for municipalities covered by a lead)
// decides as auditing every municipality on its own does.
func TestIndicatorProbeIsEveryReader(t *testing.T) {
	// A small world: two counties' municipalities, groups that overlap.
	a := []string{"0114", "0115", "0117", "0120", "0123"}
	b := []string{"0305", "0319", "0330", "0331"}
	lead := func(name string, us []string) Insider { return Insider{Name: name, Units: us} }
	groups := []UnitGroup{
		{Kind: UnitCountry, Code: "SE", Members: append(slices.Clone(a), b...)},
		{Kind: UnitMunicipalityGroup, Code: "g1", Members: []string{"0114", "0115", "0305", "0319"}},
		{Kind: UnitMunicipalityGroup, Code: "g2", Members: []string{"0117", "0120", "0330", "0331", "0123"}},
		{Kind: UnitCounty, Code: "A", Members: a},
		{Kind: UnitCounty, Code: "B", Members: b},
	}
	all := append(slices.Clone(a), b...)
	readersFull := []Insider{Outsider(), lead("A", a), lead("B", b)}
	for _, m := range all {
		readersFull = append(readersFull, MunicipalityInsider(m))
	}
	for seed := range 40 {
		rng := rand.New(rand.NewPCG(uint64(seed), 7))
		v := IndicatorValues{Met: map[string]bool{}}
		for _, c := range all {
			if rng.IntN(5) > 0 {
				v.Responded = append(v.Responded, c)
				if rng.IntN(6) > 0 {
					v.Met[c] = rng.IntN(2) == 0
				}
			}
		}
		figs := ReleaseIndicator(groups, v, readersFull, 3)
		pubs := IndicatorPublications(groups, v, figs)
		for _, r := range readersFull {
			if l := Audit(pubs, r, 3); len(l) > 0 {
				t.Fatalf("seed %d, %s: %s", seed, r.Name, l[0])
			}
		}
	}
}

func BenchmarkIndicatorRelease(b *testing.B) {
	b.Run("geographic", func(b *testing.B) { benchIndicators(b, geographicGroups()) })
	b.Run("kommungrupper", func(b *testing.B) { benchIndicators(b, IndicatorGroups()) })
	b.Run("with9groups", func(b *testing.B) {
		groups := geographicGroups()
		for g := range 9 { // stand-ins for the 9 kommungrupper, cutting every county
			ug := UnitGroup{Kind: UnitMunicipalityGroup, Code: strconv.Itoa(g)}
			for i, c := range allCodes() {
				if i%9 == g {
					ug.Members = append(ug.Members, c)
				}
			}
			groups = append(groups, ug)
		}
		benchIndicators(b, groups)
	})
}

// geographicGroups are IndicatorGroups without the municipality groups.
func geographicGroups() []UnitGroup {
	return slices.DeleteFunc(IndicatorGroups(), func(g UnitGroup) bool { return g.Kind == UnitMunicipalityGroup })
}

func benchIndicators(b *testing.B, groups []UnitGroup) {
	codes := allCodes()
	rng := rand.New(rand.NewPCG(1, 2))
	var inds []IndicatorValues
	for ind := range 10 {
		v := IndicatorValues{Met: map[string]bool{}}
		for _, c := range codes {
			v.Responded = append(v.Responded, c)
			// Half the indicators answered by all, half with some "Ej aktuellt".
			if ind%2 == 0 || rng.IntN(10) > 0 {
				v.Met[c] = rng.IntN(2) == 0
			}
		}
		inds = append(inds, v)
	}
	readers := IndicatorReaders()
	b.ReportAllocs()
	for b.Loop() {
		r := IndicatorReleaser{Groups: groups, Readers: readers, K: 3}
		for _, v := range inds {
			r.Release(v)
		}
	}
}

// The cell judge decides as the Auditors do.
func TestIndicatorCellsAreAudit(t *testing.T) {
	groups := IndicatorGroups()
	// Add overlapping groups that cut counties, as kommungrupper will.
	codes := allCodes()
	for g := range 5 {
		ug := UnitGroup{Kind: UnitMunicipalityGroup, Code: "g" + string(rune('1'+g))}
		for i, c := range codes {
			if (i*7+g*3)%5 == 0 {
				ug.Members = append(ug.Members, c)
			}
		}
		groups = append(groups, ug)
	}
	rounds := 3
	if testing.Short() {
		rounds = 1
	}
	for seed := range rounds {
		rng := rand.New(rand.NewPCG(uint64(seed), 99))
		pResp := []float64{0.08, 0.2, 0.5, 0.9}[seed%4]
		v := IndicatorValues{Met: map[string]bool{}}
		for _, c := range codes {
			if rng.Float64() < pResp {
				v.Responded = append(v.Responded, c)
				if rng.Float64() < 0.8 {
					v.Met[c] = true
				}
			}
		}
		cells := indicatorShown(groups, v.Responded, v.Met, nil, 3, judgeFast)
		audit := indicatorShown(groups, v.Responded, v.Met, nil, 3, judgeAudit)
		if !slices.Equal(cells, audit) {
			for i := range cells {
				if cells[i] != audit[i] {
					t.Errorf("seed %d: %s %s: cells %v, audit %v", seed, groups[i].Kind, groups[i].Code, cells[i], audit[i])
				}
			}
		}
		auditRelease(t, groups, v, IndicatorFigures(groups, v, cells), 3)
	}
}

// The incremental judge (rrefJudge) decides as the kernel cell judge does,
// for k = 2 and 3, with the kommungrupper and with synthetic groups cutting
// counties, over random participation, values and readers.
func TestIndicatorRREFIsCells(t *testing.T) {
	codes := allCodes()
	synthetic := geographicGroups()
	for g := range 9 {
		ug := UnitGroup{Kind: UnitMunicipalityGroup, Code: strconv.Itoa(g)}
		for i, c := range codes {
			if i%9 == g {
				ug.Members = append(ug.Members, c)
			}
		}
		synthetic = append(synthetic, ug)
	}
	rounds := 16
	if testing.Short() {
		rounds = 4
	}
	for seed := range rounds {
		rng := rand.New(rand.NewPCG(uint64(seed), 5))
		groups := IndicatorGroups()
		if seed%4 == 3 {
			groups = synthetic
		}
		pResp := []float64{0.08, 0.3, 0.6, 0.95}[seed%4]
		v := IndicatorValues{Met: map[string]bool{}}
		for _, c := range codes {
			if rng.Float64() < pResp {
				v.Responded = append(v.Responded, c)
				if rng.Float64() < 0.85 {
					v.Met[c] = rng.IntN(2) == 0
				}
			}
		}
		var readers []Insider // nil: every reader; else a random part
		if seed%3 == 1 {
			for _, r := range IndicatorReaders() {
				if rng.IntN(3) == 0 {
					readers = append(readers, r)
				}
			}
		}
		for _, k := range []int{2, 3} {
			fast := indicatorShown(groups, v.Responded, v.Met, readers, k, judgeFast)
			cells := indicatorShown(groups, v.Responded, v.Met, readers, k, judgeCells)
			secondary := 0
			for i, g := range groups {
				n := 0
				for _, m := range g.Members {
					if _, ok := v.Met[m]; ok {
						n++
					}
				}
				if !fast[i] && n > k {
					secondary++
				}
			}
			t.Logf("seed %d, k %d: %d of %d hidden by the audit", seed, k, secondary, len(groups))
			for i := range fast {
				if fast[i] != cells[i] {
					t.Errorf("seed %d, k %d: %s %s: fast %v, cells %v", seed, k, groups[i].Kind, groups[i].Code, fast[i], cells[i])
				}
			}
		}
	}
}

// A decision kept under its Key and seeded into another releaser gives the
// same figures; the key depends on who has a value, not on the values.
func TestIndicatorReleaserSeed(t *testing.T) {
	codes := allCodes()
	v := indicatorData(codes, func(i int) bool { return i%7 != 0 }, func(i int) bool { return i%3 == 0 })
	w := indicatorData(codes, func(i int) bool { return i%7 != 0 }, func(i int) bool { return i%2 == 0 })
	u := indicatorData(codes, func(i int) bool { return i%5 != 0 }, func(i int) bool { return i%2 == 0 })
	groups := IndicatorGroups()
	a := IndicatorReleaser{Groups: groups, K: 3}
	figs := a.Release(v)
	if a.Key(v) != a.Key(w) || a.Key(v) == a.Key(u) {
		t.Error("the key depends on the values or not on who has one")
	}
	if len(a.Computed()) != 1 {
		t.Fatalf("computed %d", len(a.Computed()))
	}
	b := IndicatorReleaser{Groups: groups, K: 3}
	for key, shown := range a.Computed() {
		b.Seed(key, EncodeShown(shown))
	}
	if got := b.Release(v); len(got) != len(figs) {
		t.Fatalf("%d figures, want %d", len(got), len(figs))
	} else {
		for i := range got {
			if got[i].Suppressed != figs[i].Suppressed || got[i].N != figs[i].N {
				t.Errorf("%s: seeded %+v, computed %+v", groups[i].Code, got[i], figs[i])
			}
		}
	}
	if len(b.Computed()) != 0 {
		t.Errorf("a seeded decision computed again")
	}
	if c := (IndicatorReleaser{Groups: groups, K: 2}); c.Key(v) == a.Key(v) {
		t.Error("the key does not depend on k")
	}
}
