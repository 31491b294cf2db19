package lagesbild

import (
	"fmt"
	"math/rand/v2"
	"runtime"
	"slices"
	"testing"
)

// finalRound is a generated private round: its releases' steps (the final
// last), its final results, and every county it has municipalities in.
type finalRound struct {
	measures []string
	rules    Rules
	history  []ReleaseStep
	final    Release
	results  []MunicipalityResult
	units    []string
	counties []string
}

// genFinalRound makes a round of a few counties' municipalities answering
// and changing their answers over one to four releases, then closing.
func genFinalRound(rng *rand.Rand, k int) finalRound {
	reg := loadRegistry()
	r := finalRound{measures: []string{"a", "b"}, rules: Rules{MinMunicipalities: k}}
	for _, ci := range rng.Perm(len(reg.counties))[:2+rng.IntN(3)] {
		ms := MunicipalitiesIn(reg.counties[ci].Code)
		rng.Shuffle(len(ms), func(i, j int) { ms[i], ms[j] = ms[j], ms[i] })
		for _, m := range ms[:min(len(ms), 2+rng.IntN(7))] {
			r.units = append(r.units, m.Code)
		}
		r.counties = append(r.counties, reg.counties[ci].Code)
	}
	slices.Sort(r.units)
	p := Publisher{Measures: r.measures, Rules: r.rules}
	now := map[string]MunicipalityResult{}
	latest := p.Base()
	releases := 1 + rng.IntN(4)
	for seq := 1; seq <= releases+1; seq++ {
		final := seq == releases+1
		for _, u := range r.units {
			_, has := now[u]
			if has && rng.IntN(4) != 0 || !has && rng.IntN(2) == 0 {
				continue
			}
			res := MunicipalityResult{Municipality: u, Respondents: 1, Measures: map[string]*float64{}}
			for _, id := range r.measures {
				if rng.IntN(7) != 0 {
					v := float64(rng.IntN(5))
					res.Measures[id] = &v
				}
			}
			now[u] = res
		}
		r.results = r.results[:0]
		for _, u := range r.units {
			if res, ok := now[u]; ok {
				r.results = append(r.results, res)
			}
		}
		var step ReleaseStep
		latest, step, _ = p.Next(r.history, &latest, r.results, Stamp{Seq: seq}, final)
		r.history = append(r.history, step)
	}
	r.final = latest
	return r
}

// finalPubs are the publications of every release of the round and of the
// groups shown, by class (measure, values or n): the Vars are the
// municipalities' at the versions each rests on.
func finalPubs(r finalRound, shown []bool) (hist, all map[string][]Publication) {
	hist, all = map[string][]Publication{}, map[string][]Publication{}
	add := func(to map[string][]Publication, g Group, entries []BasisEntry) {
		for _, id := range r.measures {
			f := g.Measures[id]
			var values, counts Publication
			for _, e := range entries {
				v := Var{Unit: e.Municipality, Version: e.Version}
				counts.Vars = append(counts.Vars, v)
				if !slices.Contains(e.Blank, id) {
					values.Vars = append(values.Vars, v)
				}
			}
			if !f.Suppressed && f.Value != nil && len(values.Vars) > 0 {
				to[id+" values"] = append(to[id+" values"], values)
			}
			if f.NShown() && len(counts.Vars) > 0 {
				to[id+" n"] = append(to[id+" n"], counts)
			}
		}
	}
	var basis Basis
	for _, h := range r.history {
		basis = basis.Apply(h.Changes)
		for _, g := range h.Fresh {
			var entries []BasisEntry
			for _, e := range basis {
				if m, _ := MunicipalityByCode(e.Municipality); g.Code == NationalCode || m.County == g.Code {
					entries = append(entries, e)
				}
			}
			add(hist, g, entries)
			add(all, g, entries)
		}
	}
	gr := NewGroupRelease(r.measures, r.results, Comparison{}, r.rules)
	for i, g := range gr.Groups(shown) {
		if !shown[i] {
			continue
		}
		var entries []BasisEntry
		for _, e := range basis {
			if m, _ := MunicipalityByCode(e.Municipality); m.Group == g.Code {
				entries = append(entries, e)
			}
		}
		add(all, g, entries)
	}
	return hist, all
}

// freshLeaks are the leaks Audit finds for any reader of the round in all
// that it does not in hist.
func freshLeaks(r finalRound, hist, all map[string][]Publication) []string {
	readers := []Insider{Outsider()}
	for _, u := range r.units {
		readers = append(readers, MunicipalityInsider(u))
	}
	for _, c := range r.counties {
		readers = append(readers, CountyInsider(c))
	}
	var out []string
	for class, pubs := range all {
		for _, in := range readers {
			had := map[string]bool{}
			for _, l := range Audit(hist[class], in, r.rules.MinMunicipalities) {
				had[l.String()] = true
			}
			for _, l := range Audit(pubs, in, r.rules.MinMunicipalities) {
				if !had[l.String()] {
					out = append(out, class+": "+in.Name+": "+l.String())
				}
			}
		}
	}
	slices.Sort(out)
	return out
}

// TestFinalGroupsIsAudit: on generated private rounds, the groups
// FinalGroups shows beside the final release give no reader anything about
// fewer than k municipalities that the releases did not (Audit over every
// publication of the round and the groups, for every reader), while groups
// decided as CompareGroups does beside the final release's figures (as if
// they were one snapshot) do in some of them: the naive release leaks.
func TestFinalGroupsIsAudit(t *testing.T) {
	rng := rand.New(rand.NewPCG(16, 5))
	rounds := 400
	if testing.Short() || runtime.GOOS == "js" {
		rounds = 60
	}
	naiveLeaks, shownAny, cautious := 0, 0, 0
	for round := range rounds {
		k := []int{3, 3, 2, 4}[rng.IntN(4)]
		r := genFinalRound(rng, k)
		shown, _ := Publisher{Measures: r.measures, Rules: r.rules}.FinalGroups(r.history, r.results)
		hist, all := finalPubs(r, shown)
		if got := freshLeaks(r, hist, all); len(got) > 0 {
			t.Fatalf("round %d, k=%d: the groups shown %v give %q", round, k, shown, got)
		}
		if slices.Contains(shown, true) {
			shownAny++
		}
		naive := NewGroupRelease(r.measures, r.results, r.final.Comparison(), r.rules).Decide()
		_, nall := finalPubs(r, naive)
		if len(freshLeaks(r, hist, nall)) > 0 {
			naiveLeaks++
		}
		// Overcautious: a group hidden that, added alone to those shown,
		// the exact audit lets through.
		for i := range shown {
			if shown[i] || !naive[i] {
				continue
			}
			more := slices.Clone(shown)
			more[i] = true
			if _, a := finalPubs(r, more); len(freshLeaks(r, hist, a)) == 0 {
				cautious++
			}
		}
	}
	t.Logf("%d rounds: groups shown in %d; the naive release leaks in %d; a group hidden that the exact audit would show: %d", rounds, shownAny, naiveLeaks, cautious)
	if naiveLeaks == 0 {
		t.Error("no generated round where the naive release leaks: the test shows nothing")
	}
	if shownAny == 0 {
		t.Error("no generated round shows a group")
	}
}

// countryRound is a round the whole country answers in random order (a
// quarter of it again), with the kommun questionnaire's ten measures (one
// in twelve left blank), released every step municipalities, then closed.
func countryRound(tb testing.TB, step int) finalRound {
	rng := rand.New(rand.NewPCG(11, 12))
	r := finalRound{measures: []string{"s1", "s2", "s3", "s4", "s5", "s6", "s7", "s8", MeasureTotal, MeasureDontKnow}, rules: DefaultRules()}
	var events []string
	for _, m := range Municipalities() {
		r.units = append(r.units, m.Code)
		events = append(events, m.Code)
		if rng.IntN(4) == 0 {
			events = append(events, m.Code)
		}
	}
	for _, c := range Counties() {
		r.counties = append(r.counties, c.Code)
	}
	rng.Shuffle(len(events), func(i, j int) { events[i], events[j] = events[j], events[i] })
	p := Publisher{Measures: r.measures, Rules: r.rules, Step: step}
	latest := p.Base()
	now := map[string]MunicipalityResult{}
	release := func(final bool) {
		r.results = r.results[:0]
		for _, u := range r.units {
			if res, ok := now[u]; ok {
				r.results = append(r.results, res)
			}
		}
		var st ReleaseStep
		latest, st, _ = p.Next(r.history, &latest, r.results, Stamp{Seq: len(r.history) + 1}, final)
		r.history = append(r.history, st)
	}
	for i, code := range events {
		res := MunicipalityResult{Municipality: code, Respondents: 1, Measures: map[string]*float64{}}
		for _, id := range r.measures {
			if rng.IntN(12) != 0 {
				v := float64(rng.IntN(101))
				res.Measures[id] = &v
			}
		}
		now[code] = res
		if (i+1)%step == 0 {
			release(false)
		}
	}
	release(true)
	r.final = latest
	return r
}

// BenchmarkFinalGroups is the decision of the groups beside the final
// release of a round the whole country answered, released every 36
// answers (ten releases, the final among them) and every 4 (k+1, the
// default step: about ninety).
func BenchmarkFinalGroups(b *testing.B) {
	for _, step := range []int{36, 4} {
		r := countryRound(b, step)
		p := Publisher{Measures: r.measures, Rules: r.rules}
		b.Run(fmt.Sprintf("releases=%d", len(r.history)), func(b *testing.B) {
			b.ReportAllocs()
			var st FinalGroupStats
			var shown []bool
			for b.Loop() {
				shown, st = p.FinalGroups(r.history, r.results)
			}
			b.ReportMetric(float64(st.Classes), "classes")
			b.ReportMetric(float64(st.Checks), "checks")
			n := 0
			for _, s := range shown {
				n += int(b2i(s))
			}
			b.ReportMetric(float64(n), "shown")
		})
	}
}

// TestFinalGroupsHidesChangedMembers: municipalities of Stockholm's county
// answer and answer again over four releases, beside Gotland and
// Norrbotten's. Decided as for one snapshot beside the final release
// (CompareGroups' way: the release's figures taken as resting on the final
// answers), A2 is shown, and with the releases (which rest on earlier
// versions) Danderyd (0115) works out a combination of two: Täby's (0163)
// change between two releases and Stockholm's (0180, A1) value. FinalGroups
// hides A2, and Audit finds nothing new for any reader.
func TestFinalGroupsHidesChangedMembers(t *testing.T) {
	r := finalRound{measures: []string{"a", "b"}, rules: Rules{MinMunicipalities: 3}, counties: []string{"01", "09", "25"}}
	p := Publisher{Measures: r.measures, Rules: r.rules}
	now := map[string]MunicipalityResult{}
	x := 0
	set := func(u string, blank string) {
		res := MunicipalityResult{Municipality: u, Respondents: 1, Measures: map[string]*float64{}}
		for _, id := range r.measures {
			x += 7
			if id != blank {
				v := float64(x % 100)
				res.Measures[id] = &v
			}
		}
		now[u] = res
		if !slices.Contains(r.units, u) {
			r.units = append(r.units, u)
		}
	}
	latest := p.Base()
	release := func(final bool) {
		r.results = r.results[:0]
		for _, m := range Municipalities() {
			if res, ok := now[m.Code]; ok {
				r.results = append(r.results, res)
			}
		}
		var st ReleaseStep
		latest, st, _ = p.Next(r.history, &latest, r.results, Stamp{Seq: len(r.history) + 1}, final)
		r.history = append(r.history, st)
	}
	for _, step := range [][][2]string{
		{{"0115", ""}, {"0127", "a"}, {"0136", ""}, {"0163", ""}, {"0180", ""}, {"0980", ""}},
		{{"0115", ""}, {"0140", ""}, {"0163", ""}, {"2521", ""}, {"2584", "b"}},
		{{"2584", ""}},
		{{"0128", "b"}, {"0140", ""}, {"0980", ""}, {"2505", "b"}, {"2521", ""}}, // the round closes
	} {
		for _, ans := range step {
			set(ans[0], ans[1])
		}
		release(len(r.history) == 3)
	}
	r.final = latest
	slices.Sort(r.units)
	a2 := slices.IndexFunc(MunicipalityGroups(), func(g MunicipalityGroup) bool { return g.Code == "A2" })

	hist, _ := finalPubs(r, make([]bool, len(MunicipalityGroups())))
	naive := NewGroupRelease(r.measures, r.results, r.final.Comparison(), r.rules).Decide()
	_, nall := finalPubs(r, naive)
	leaks := freshLeaks(r, hist, nall)
	if !naive[a2] || len(leaks) == 0 {
		t.Fatalf("decided as one snapshot: A2 shown %v, leaks %q; want shown, and a leak", naive[a2], leaks)
	}
	t.Logf("decided as one snapshot %v: e.g. %s", naive, leaks[0])
	shown, st := p.FinalGroups(r.history, r.results)
	if shown[a2] {
		t.Errorf("FinalGroups %v: want A2 hidden", shown)
	}
	_, all := finalPubs(r, shown)
	if got := freshLeaks(r, hist, all); len(got) > 0 {
		t.Errorf("FinalGroups %v: %q", shown, got)
	}
	t.Logf("%d releases; FinalGroups %v; %+v", len(r.history), shown, st)
}

// TestFinalGroupsCountryAudit: at the scale of the country (every
// municipality answering, a quarter again, ten releases), the groups
// FinalGroups shows give nothing new, by Audit, to the outsider, any county
// lead or Västerbotten's municipalities, in a few measures' values and n.
// (Audit for every reader and measure would take minutes: a reader's audit
// of one measure is about 10 ms here, the decision 0.4 s for all.)
func TestFinalGroupsCountryAudit(t *testing.T) {
	if testing.Short() || runtime.GOOS == "js" {
		t.Skip("seconds of Audit")
	}
	r := countryRound(t, 36)
	shown, _ := Publisher{Measures: r.measures, Rules: r.rules}.FinalGroups(r.history, r.results)
	if n := len(slices.DeleteFunc(slices.Clone(shown), func(s bool) bool { return !s })); n < 5 {
		t.Errorf("%d groups shown of the whole country's: %v", n, shown)
	}
	hist, all := finalPubs(r, shown)
	readers := []Insider{Outsider()}
	for _, c := range Counties() {
		readers = append(readers, CountyInsider(c.Code))
	}
	for _, m := range MunicipalitiesIn("24") {
		readers = append(readers, MunicipalityInsider(m.Code))
	}
	for _, class := range []string{"total values", "total n", "s1 values", MeasureDontKnow + " values"} {
		for _, in := range readers {
			had := map[string]bool{}
			for _, l := range Audit(hist[class], in, r.rules.MinMunicipalities) {
				had[l.String()] = true
			}
			for _, l := range Audit(all[class], in, r.rules.MinMunicipalities) {
				if !had[l.String()] {
					t.Errorf("%s, %s: %s", class, in.Name, l)
				}
			}
		}
	}
	t.Logf("%d releases, groups shown %v", len(r.history), shown)
}
