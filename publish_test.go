package lagesbild

import (
	"fmt"
	"math/rand/v2"
	"os"
	"reflect"
	"runtime"
	"slices"
	"strings"
	"testing"
	"time"
)

// pubRound is a round as the worker sees it through releases: the results
// now, the releases made and the results each rested on.
type pubRound struct {
	t        testing.TB
	p        Publisher
	results  map[string]MunicipalityResult
	releases []Release
	steps    []ReleaseStep
	at       []map[string]MunicipalityResult // results at each release (index seq−1)
	stats    []NextStats
	took     []time.Duration
}

func newPubRound(t testing.TB, measures ...string) *pubRound {
	return &pubRound{t: t, p: Publisher{Measures: measures, Rules: DefaultRules()}, results: map[string]MunicipalityResult{}}
}

// answer sets a municipality's result: values by measure, nil for blank.
func (r *pubRound) answer(code string, values ...any) {
	res := MunicipalityResult{Municipality: code, Respondents: 1, Measures: map[string]*float64{}}
	for i, id := range r.p.Measures {
		switch v := values[i%len(values)].(type) {
		case nil:
			res.Measures[id] = nil
		case float64:
			res.Measures[id] = &v
		case int:
			f := float64(v)
			res.Measures[id] = &f
		}
	}
	r.results[code] = res
}

func (r *pubRound) list() []MunicipalityResult {
	var out []MunicipalityResult
	for _, code := range sortedCodes(r.results) {
		out = append(out, r.results[code])
	}
	return out
}

func sortedCodes[V any](m map[string]V) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}

// latest is the release a reader sees now.
func (r *pubRound) latest() *Release {
	if len(r.releases) == 0 {
		b := r.p.Base()
		return &b
	}
	return &r.releases[len(r.releases)-1]
}

// read is what a reader's request does: a release when one is due.
func (r *pubRound) read(closed bool) *Release {
	rs := r.list()
	if r.p.Due(r.latest(), r.latest().Basis.Changed(NewBasis(r.p.Measures, rs)), closed) {
		r.publish(closed)
	}
	return r.latest()
}

// publish makes the next release, due or not.
func (r *pubRound) publish(final bool) {
	rs := r.list()
	seq := len(r.releases) + 1
	start := time.Now()
	rel, step, st := r.p.Next(r.steps, r.latest(), rs, Stamp{Seq: seq, Published: fmt.Sprintf("t%d", seq)}, final)
	r.took = append(r.took, time.Since(start))
	if rel.Seq != seq || step.Seq != seq {
		r.t.Fatalf("release %d, step %d, want %d", rel.Seq, step.Seq, seq)
	}
	if again := rel.Step(r.latest().Basis); !reflect.DeepEqual(again, step) {
		r.t.Fatalf("release %d: Step() = %+v, Next's step %+v", seq, again, step)
	}
	snap := map[string]MunicipalityResult{}
	for k, v := range r.results {
		snap[k] = v
	}
	r.releases = append(r.releases, rel)
	r.steps = append(r.steps, step)
	r.at = append(r.at, snap)
	r.stats = append(r.stats, st)
}

// equations are what every release shows, as Comparison.Publications and
// Comparison.Counts list them (not Next's own groupEquation): each group's
// figures over the results of the release it was computed in.
func (r *pubRound) equations(measure string, counts bool) []Publication {
	var pubs []Publication
	for _, rel := range r.releases {
		for _, g := range rel.Groups {
			if g.AsOf.Seq == 0 {
				continue // Base: nothing published
			}
			var rs []MunicipalityResult
			for _, code := range sortedCodes(r.at[g.AsOf.Seq-1]) {
				rs = append(rs, r.at[g.AsOf.Seq-1][code])
			}
			pubs = append(pubs, groupPublications(g.Group, fmt.Sprintf("r%d ", rel.Seq), r.p.Measures, measure, rs, counts)...)
		}
	}
	return pubs
}

// groupPublications are one group's figures of one measure, from
// Comparison.Publications or Counts, at the versions the publisher gives
// the results (its measures, in its order).
func groupPublications(g Group, prefix string, measures []string, measure string, rs []MunicipalityResult, counts bool) []Publication {
	c := Comparison{National: Group{Code: "SE", Measures: map[string]Figure{measure: {Suppressed: true}}}}
	if g.Code == "SE" {
		c.National = g
	} else {
		c.Counties = []Group{g}
	}
	versions := NewBasis(measures, rs).Versions()
	if counts {
		return c.Counts(prefix, measure, rs, versions)
	}
	return c.Publications(prefix, measure, rs, versions)
}

// readers are every reader the audit must hold against: the outsider, every
// municipality, every county lead.
func readers() []Insider {
	out := []Insider{Outsider()}
	for _, m := range Municipalities() {
		out = append(out, MunicipalityInsider(m.Code))
	}
	for _, c := range Counties() {
		out = append(out, CountyInsider(c.Code))
	}
	return out
}

// checkNoLeaks audits everything the round has released, for every reader,
// every measure, values and n: nothing about fewer than k municipalities.
func (r *pubRound) checkNoLeaks(t testing.TB) {
	t.Helper()
	units := map[string]bool{}
	for _, rel := range r.releases {
		for _, e := range rel.Basis {
			units[e.Municipality] = true
		}
	}
	for _, id := range r.p.Measures {
		for _, counts := range []bool{false, true} {
			pubs := r.equations(id, counts)
			for _, in := range readers() {
				if len(in.Units) == 1 && !units[in.Units[0]] {
					continue // a municipality that never answered knows what the outsider knows
				}
				if leaks := Audit(pubs, in, r.p.Rules.MinMunicipalities); len(leaks) > 0 {
					t.Fatalf("%s, %s (n: %v): %d releases leak %q", in.Name, id, counts, len(r.releases), leakStrings(leaks))
				}
			}
		}
	}
}

func TestResultVersion(t *testing.T) {
	ms := []string{"a", "b"}
	v := func(a, b any) int {
		r := newPubRound(t, ms...)
		r.answer("0114", a, b)
		return ResultVersion(ms, r.results["0114"])
	}
	if a, b := v(50.0, 60.0), v(50.0, 60.0); a != b {
		t.Error("equal results, other versions")
	}
	for _, other := range []int{v(60.0, 50.0), v(50.0, nil), v(nil, 60.0), v(50.1, 60.0)} {
		if other == v(50.0, 60.0) {
			t.Error("another result, the same version")
		}
	}
	r := MunicipalityResult{Municipality: "0114", Respondents: 3, Measures: map[string]*float64{"a": ptr(50), "b": ptr(60)}}
	if ResultVersion(ms, r) != v(50.0, 60.0) {
		t.Error("respondents change the version: the value is what figures rest on")
	}
}

func TestBasis(t *testing.T) {
	ms := []string{"a", "b c", `"q"`}
	rs := []MunicipalityResult{
		{Municipality: "0180", Respondents: 1, Measures: map[string]*float64{"a": ptr(1), "b c": nil}},
		{Municipality: "0114", Respondents: 2, Measures: map[string]*float64{"a": ptr(2), "b c": ptr(3), `"q"`: ptr(4)}},
		{Municipality: "0114", Respondents: 1, Measures: map[string]*float64{"a": ptr(9)}}, // listed twice: the first counts
		{Municipality: "9999", Respondents: 1, Measures: map[string]*float64{"a": ptr(1)}}, // not in the registry
		{Municipality: "0115", Respondents: 0, Measures: map[string]*float64{"a": ptr(1)}}, // no respondents
	}
	b := NewBasis(ms, rs)
	if len(b) != 2 || b[0].Municipality != "0114" || b[1].Municipality != "0180" || len(b[0].Blank) != 0 ||
		!slices.Equal(b[1].Blank, []string{"b c", `"q"`}) || b[0].Version != ResultVersion(ms, rs[1]) {
		t.Fatalf("NewBasis = %+v", b)
	}
	again, err := ParseBasis(b.String())
	if err != nil || !reflect.DeepEqual(again, b) {
		t.Fatalf("ParseBasis(%q) = %+v, %v", b.String(), again, err)
	}
	if got, err := ParseBasis(""); err != nil || got != nil {
		t.Errorf("ParseBasis(\"\") = %v, %v", got, err)
	}
	for _, bad := range []string{"0114", "0114 zz", "0114 01 \"a", "0180 01\n0114 02"} {
		if _, err := ParseBasis(bad); err == nil {
			t.Errorf("ParseBasis(%q): no error", bad)
		}
	}
	now := Basis{{Municipality: "0114", Version: b[0].Version}, {Municipality: "0115", Version: 7}, {Municipality: "0180", Version: 8}}
	if got := b.Changed(now); got != 2 {
		t.Errorf("Changed = %d, want 2 (0115 new, 0180 changed)", got)
	}
	gone := Basis{{Municipality: "0180", Version: b[1].Version, Blank: b[1].Blank}}
	if got := b.Changed(gone); got != 1 {
		t.Errorf("Changed = %d, want 1 (0114 gone)", got)
	}
	for _, to := range []Basis{now, gone, nil, b} {
		d := b.Diff(to)
		if got := b.Apply(d); !reflect.DeepEqual(got, append(Basis{}, to...)) && !(len(got) == 0 && len(to) == 0) {
			t.Errorf("Apply(Diff) = %+v, want %+v", got, to)
		}
		if back, err := ParseBasis(d.String()); err != nil || !reflect.DeepEqual(back, d) {
			t.Errorf("a diff read back: %+v, %v, want %+v", back, err, d)
		}
	}
}

func TestGroupsEncoding(t *testing.T) {
	ms := []string{"a", MeasureTotal, MeasureDontKnow}
	var rs []MunicipalityResult
	for i, m := range Municipalities()[:40] {
		rs = append(rs, MunicipalityResult{Municipality: m.Code, Respondents: 1, Measures: map[string]*float64{
			"a": ptr(float64(i) / 10), MeasureTotal: ptr(33.3 + float64(i)), MeasureDontKnow: ptr(0.123)}})
	}
	rs[0].Measures["a"] = nil
	c := Compare(ms, rs, DefaultRules())
	var groups []ReleasedGroup
	for _, g := range append(c.Counties, c.National) {
		groups = append(groups, ReleasedGroup{Group: g, AsOf: Stamp{Seq: 3, Published: "2026-03-15T12:00:00Z"}})
	}
	groups[0].AsOf = Stamp{}
	text := EncodeGroups(ms, groups)
	got, err := DecodeGroups(text)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, groups) {
		t.Errorf("decoded:\n%+v\nwant\n%+v\n(text %q)", got, groups, text)
	}
	rel := Release{Groups: got}
	if cc := rel.Comparison(); !reflect.DeepEqual(cc, c) {
		t.Errorf("Comparison() differs from Compare's")
	}
	for _, bad := range []string{`"a"` + "\n99 1 - 0 -/0/", `"a"` + "\n01 1 - 0 -/0/x", `"a"` + "\n01 1 - 0", `"a` + "\n01 1 - 0 -/0/"} {
		if _, err := DecodeGroups(bad); err == nil {
			t.Errorf("DecodeGroups(%q): no error", bad)
		}
	}
}

// TestEquationsArePublications: the publisher's own equations (built from
// a basis, without results, as sums of county blocks) are those of
// Comparison.Publications and Counts, over random comparisons with blanks,
// so a change in what those list (what the audit counts as published) is
// seen here: a county's, and the country's, whose equation is written less
// the county blocks published with it (their sum is the country's).
func TestEquationsArePublications(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	ms := []string{"a", "b", "c"}
	rounds := 200
	if testing.Short() || runtime.GOOS == "js" {
		rounds = 30
	}
	reg := loadRegistry()
	key := func(vars []Var) string {
		var vs []string
		for _, v := range vars {
			vs = append(vs, v.String())
		}
		slices.Sort(vs)
		return strings.Join(vs, ",")
	}
	for range rounds {
		r := newPubRound(t, ms...)
		q := []float64{0.02, 0.1, 0.5, 1}[rng.IntN(4)]
		for _, m := range Municipalities() {
			if rng.Float64() < q {
				vals := []any{}
				for range ms {
					if rng.IntN(8) == 0 {
						vals = append(vals, nil)
					} else {
						vals = append(vals, float64(rng.IntN(1001))/10)
					}
				}
				r.answer(m.Code, vals...)
			}
		}
		rs := r.list()
		c := Compare(ms, rs, DefaultRules())
		part := newPartition(reg)
		part.split(NewBasis(ms, rs))
		groups := append(slices.Clone(c.Counties), c.National)
		var members [][]BasisEntry
		for gi := range groups {
			members = append(members, part.members(gi))
		}
		for _, id := range ms {
			for _, counts := range []bool{false, true} {
				e := newEquations(id, counts, len(reg.counties))
				eqs := e.release(groups, members, part.byCounty, false)
				var got, want []string
				var national []Var
				for _, eq := range eqs {
					var vars []Var
					for _, b := range eq.blocks {
						vars = append(vars, b.vars...)
					}
					if groups[eq.group].Code == "SE" {
						national = append(national, vars...)
						continue
					}
					national = append(national, vars...) // published with it: part of the country's sum
					got = append(got, groups[eq.group].Code+": "+key(vars))
				}
				if len(national) > 0 && slices.ContainsFunc(eqs, func(eq blockEq) bool { return groups[eq.group].Code == "SE" }) {
					got = append(got, "SE: "+key(national))
				}
				for _, g := range groups {
					for _, p := range groupPublications(g, "", ms, id, rs, counts) {
						want = append(want, g.Code+": "+key(p.Vars))
					}
				}
				if !slices.Equal(got, want) {
					t.Fatalf("%s (n: %v):\n got %q\nwant %q", id, counts, got, want)
				}
			}
		}
	}
}

// TestOutsiderAtKPlusOne: an audit of the outsider with k+1 finds nothing
// exactly when neither the outsider nor any municipality finds anything
// with k (what Next relies on to audit 290 municipalities at once).
func TestOutsiderAtKPlusOne(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	rounds := 3000
	if testing.Short() || runtime.GOOS == "js" {
		rounds = 300
	}
	clean := 0
	for range rounds {
		pubs, _ := randomSets(rng, 3+rng.IntN(6), 1+rng.IntN(2), 1+rng.IntN(5))
		k := 2 + rng.IntN(2)
		units := map[string]bool{}
		for _, p := range pubs {
			for _, v := range p.Vars {
				units[v.Unit] = true
			}
		}
		any := len(Audit(pubs, Outsider(), k)) > 0
		for u := range units {
			any = any || len(Audit(pubs, Insider{Units: []string{u}}, k)) > 0
		}
		if got := len(Audit(pubs, Outsider(), k+1)) > 0; got != any {
			t.Fatalf("k=%d, %v: the outsider at k+1 finds something: %v; the outsider or a unit at k: %v", k, pubs, got, any)
		}
		if !any {
			clean++
		}
	}
	if clean == 0 || clean == rounds {
		t.Errorf("%d of %d random sets are clean: the test says nothing", clean, rounds)
	}
}

func TestDue(t *testing.T) {
	r := newPubRound(t, "a")
	base := r.p.Base()
	if r.p.StepSize() != 4 {
		t.Errorf("StepSize = %d, want k+1 = 4", r.p.StepSize())
	}
	for _, code := range []string{"0114", "0115", "0117"} {
		r.answer(code, 50)
	}
	changed := func() int { return base.Basis.Changed(NewBasis(r.p.Measures, r.list())) }
	if r.p.Due(&base, changed(), false) {
		t.Error("due after 3 answers")
	}
	if !r.p.Due(&base, changed(), true) {
		t.Error("not due after the round closed")
	}
	r.answer("0120", 50)
	if !r.p.Due(&base, changed(), false) {
		t.Error("not due after 4 answers")
	}
	final := Release{Final: true}
	if r.p.Due(&final, changed(), true) {
		t.Error("due after the final release")
	}
}

// TestPublishF1: issue 11, F1. Five Stockholm municipalities answer, then
// Gotland: a reader (Malmö's code, or any) reading the national figure
// before and after learns nothing, because it does not change; nor does it
// when the step is reached while a county lead could take Gotland out; and
// everything the round ever releases passes the audit for every reader.
func TestPublishF1(t *testing.T) {
	r := newPubRound(t, "a", "b")
	for i, m := range MunicipalitiesIn("01")[:5] {
		r.answer(m.Code, 40+i, 50+i)
	}
	before := r.read(false)
	nat := before.Groups[len(before.Groups)-1]
	if before.Seq != 1 || nat.Measures["a"].Value == nil || nat.Measures["a"].N != 5 {
		t.Fatalf("after five answers: release %d, national %+v", before.Seq, nat.Measures["a"])
	}
	r.answer("0980", 52.1, 60) // Gotland
	after := r.read(false)
	if after.Seq != 1 || !reflect.DeepEqual(after.Groups, before.Groups) {
		t.Errorf("Gotland's answer alone made release %d", after.Seq)
	}
	// Three of Skåne too: the step is reached, but Skåne's lead could take
	// its three out of the national difference and have Gotland's value.
	for i, m := range MunicipalitiesIn("12")[:3] {
		r.answer(m.Code, 30+i, 70)
	}
	step := r.read(false)
	if step.Seq != 2 {
		t.Fatalf("no release after four answers: %d", step.Seq)
	}
	if got := step.Groups[len(step.Groups)-1]; !reflect.DeepEqual(got, nat) {
		t.Errorf("national figure changed to %+v (from %+v): 6 − 5 = Gotland", got.Measures["a"], nat.Measures["a"])
	}
	r.checkNoLeaks(t)
	// More answers across the country: the national figure does move on.
	moved := false
	for _, c := range []string{"14", "03", "05", "06", "07", "08", "10"} {
		for i, m := range MunicipalitiesIn(c)[:5] {
			r.answer(m.Code, 20+3*i, 80-i)
			rel := r.read(false)
			if g := rel.Groups[len(rel.Groups)-1]; g.AsOf.Seq != 1 && g.Measures["a"].Value != nil {
				moved = true
			}
		}
	}
	if !moved {
		t.Error("the national figure never moved on")
	}
	r.read(true) // the round closes: the final release
	if !r.latest().Final {
		t.Error("no final release")
	}
	r.checkNoLeaks(t)
	t.Logf("%d releases; kept: %v", len(r.releases), r.kept())
}

func (r *pubRound) kept() []string {
	var out []string
	for i, st := range r.stats {
		if len(st.Kept) > 0 {
			out = append(out, fmt.Sprintf("r%d:%s", i+1, strings.Join(st.Kept, ",")))
		}
	}
	return out
}

// randomPubRound plays a random round: municipalities answer in random
// order (a share of the country, some counties more than others), some
// answer again, a few leave a measure blank; a reader reads after every
// answer, and the round closes at the end.
func randomPubRound(t testing.TB, rng *rand.Rand, q float64, measures ...string) *pubRound {
	r := newPubRound(t, measures...)
	var events []string
	for _, m := range Municipalities() {
		if rng.Float64() < q {
			events = append(events, m.Code)
			if rng.IntN(4) == 0 {
				events = append(events, m.Code) // answers again later
			}
		}
	}
	rng.Shuffle(len(events), func(i, j int) { events[i], events[j] = events[j], events[i] })
	for _, code := range events {
		vals := []any{}
		for range measures {
			if rng.IntN(12) == 0 {
				vals = append(vals, nil)
			} else {
				vals = append(vals, float64(rng.IntN(101)))
			}
		}
		r.answer(code, vals...)
		r.read(false)
	}
	r.read(true)
	return r
}

// TestPublishRandomRounds: random rounds, from a few municipalities to the
// whole country: everything released passes the audit for every reader,
// and the final release shows what it can.
func TestPublishRandomRounds(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 8))
	qs := []float64{0.02, 0.1, 0.3}
	switch {
	case os.Getenv("LAGESBILD_PUBLISH_FULL") != "":
		qs = append(qs, 1) // the whole country: about a minute, most of it the check
	case testing.Short() || runtime.GOOS == "js":
		qs = []float64{0.05, 0.2}
	}
	for _, q := range qs {
		t.Run(fmt.Sprint(q), func(t *testing.T) {
			r := randomPubRound(t, rng, q, "a", "b")
			r.checkNoLeaks(t)
			var worst time.Duration
			for _, d := range r.took {
				worst = max(worst, d)
			}
			last := r.latest()
			fresh := 0
			for _, g := range last.Groups {
				if g.AsOf.Seq > 0 {
					fresh++
				}
			}
			t.Logf("q=%.2f: %d releases, slowest %v, %d groups shown with figures at the end; kept %v", q, len(r.releases), worst, fresh, r.kept())
		})
	}
}

// BenchmarkPublishRound: the cost of the release that publishes, over a
// whole country answering one by one (a quarter again), with the kommun
// questionnaire's ten measures: the slowest Next and the mean.
func BenchmarkPublishRound(b *testing.B) {
	ms := []string{"s1", "s2", "s3", "s4", "s5", "s6", "s7", "s8", MeasureTotal, MeasureDontKnow}
	for b.Loop() {
		r := randomPubRound(b, rand.New(rand.NewPCG(11, 12)), 1, ms...)
		var worst, sum time.Duration
		audits, rounds := 0, 0
		for i, d := range r.took {
			worst = max(worst, d)
			sum += d
			audits = max(audits, r.stats[i].Audits)
			rounds = max(rounds, r.stats[i].Rounds)
		}
		b.ReportMetric(float64(len(r.releases)), "releases")
		b.ReportMetric(float64(worst.Microseconds())/1000, "ms-slowest")
		b.ReportMetric(float64(sum.Microseconds())/1000/float64(len(r.took)), "ms-mean")
		b.ReportMetric(float64(audits), "audits-max")
		b.ReportMetric(float64(rounds), "rounds-max")
	}
}

// TestBlockAuditIsAudit: the audit by county structure (blockAudit) finds
// something exactly when Audit finds something for some reader (the
// outsider, a municipality, a county lead), over random sequences of
// releases of a few counties: figures shown or hidden at random, the
// country's too, municipalities answering and changing, values and n.
func TestBlockAuditIsAudit(t *testing.T) {
	rng := rand.New(rand.NewPCG(21, 22))
	rounds := 1500
	if testing.Short() || runtime.GOOS == "js" {
		rounds = 150
	}
	reg := loadRegistry()
	leaky, overcautious, incremental, incrementalNew := 0, 0, 0, 0
	for round := range rounds {
		k := []int{3, 3, 3, 2, 4}[rng.IntN(5)]
		counts := rng.IntN(2) == 0
		var units []string
		big := rng.IntN(2) // counties of up to 5 answering, or of 4 to 9
		for _, ci := range rng.Perm(len(reg.counties))[:2+rng.IntN(3)] {
			ms := MunicipalitiesIn(reg.counties[ci].Code)
			for _, m := range ms[:min(len(ms), 1+rng.IntN(5)+3*big)] {
				units = append(units, m.Code)
			}
		}
		change := 3 + 3*big // one in change municipalities answers or changes before each release
		version := map[string]int{}
		eqs := newEquations("a", counts, len(reg.counties))
		var all []blockEq
		var pubs []Publication
		var current []block // the last release's blocks
		last := 0           // where the last release's equations start
		part := newPartition(reg)
		for range 1 + rng.IntN(4) {
			last = len(all)
			for _, u := range units {
				if rng.IntN(change) == 0 || version[u] == 0 && rng.IntN(2) == 0 {
					version[u]++
				}
			}
			var b Basis
			for _, u := range units {
				if version[u] > 0 {
					e := BasisEntry{Municipality: u, Version: version[u]}
					if rng.IntN(6) == 0 {
						e.Blank = []string{"a"}
					}
					b = append(b, e)
				}
			}
			slices.SortFunc(b, func(x, y BasisEntry) int { return strings.Compare(x.Municipality, y.Municipality) })
			part.split(b)
			var groups []Group
			var members [][]BasisEntry
			v := 1.0
			for gi := range len(reg.counties) + 1 {
				if len(part.members(gi)) == 0 || rng.IntN(2) == 0 {
					continue
				}
				g := Group{Code: "SE", Measures: map[string]Figure{"a": {Value: &v, N: 5}}}
				if gi < len(reg.counties) {
					g.Code = reg.counties[gi].Code
				}
				if rng.IntN(3) == 0 || len(part.members(gi)) <= k && rng.IntN(5) != 0 {
					g.Measures["a"] = Figure{Suppressed: true} // mostly as Compare would
				}
				groups = append(groups, g)
				members = append(members, part.members(gi))
			}
			current = current[:0]
			for ci, ms := range part.byCounty {
				if bl := eqs.block(ci, ms); len(bl.vars) > 0 {
					current = append(current, bl)
				}
			}
			for _, eq := range eqs.release(groups, members, slices.Clone(part.byCounty), true) {
				all = append(all, eq)
				var p Publication
				for _, bl := range eq.blocks {
					p.Vars = append(p.Vars, bl.vars...)
				}
				pubs = append(pubs, p)
			}
		}
		var st NextStats
		found := newBlockAudit(nil, nil, k, auditP1).check(all, &st)
		readers := []Insider{Outsider()}
		for _, u := range units {
			readers = append(readers, MunicipalityInsider(u))
		}
		for _, ci := range reg.counties {
			readers = append(readers, CountyInsider(ci.Code))
		}
		var generic []string
		for _, in := range readers {
			if l := Audit(pubs, in, k); len(l) > 0 {
				generic = append(generic, in.Name+": "+leakStrings(l)[0])
			}
		}
		// The last release as a candidate, audited against the ones before
		// where those gave no reader anything (as every release Next makes
		// is audited before it is made): something new for some reader
		// exactly when Audit finds a leak.
		histClean := true
		for _, in := range readers {
			histClean = histClean && len(Audit(pubs[:last], in, k)) == 0
		}
		if last > 0 && histClean {
			incr := newBlockAudit(all[:last], current, k, auditP1).check(all[last:], &st)
			var fresh []string
			histPubs := pubs[:last]
			for _, in := range readers {
				had := map[string]bool{}
				for _, l := range Audit(histPubs, in, k) {
					had[l.String()] = true
				}
				for _, l := range Audit(pubs, in, k) {
					if !had[l.String()] {
						fresh = append(fresh, in.Name+": "+l.String())
					}
				}
			}
			if len(fresh) > 0 && len(incr) == 0 {
				t.Fatalf("round %d, k=%d, n: %v: the candidate adds %q, the audit by county structure finds nothing new\npublications %v (the last %d new)",
					round, k, counts, fresh, pubs, len(all)-last)
			}
			if len(fresh) == 0 && len(incr) > 0 {
				overcautious++
			}
			incremental++
			if len(fresh) > 0 {
				incrementalNew++
			}
		}
		if (len(found) > 0) != (len(generic) > 0) {
			var fs []string
			for _, l := range found {
				fs = append(fs, l.String())
			}
			t.Fatalf("round %d, k=%d, n: %v: by county structure %q; Audit %q\npublications %v", round, k, counts, fs, generic, pubs)
		}
		if len(found) > 0 {
			leaky++
		}
	}
	if leaky == 0 || leaky == rounds {
		t.Errorf("%d of %d rounds leak: the test says nothing", leaky, rounds)
	}
	t.Logf("%d of %d rounds leak; of %d with a clean history before the last release, that release adds something in %d (both audits agree), "+
		"nothing for Audit but something for the audit by structure in %d", leaky, rounds, incremental, incrementalNew, overcautious)
	if incrementalNew == 0 || incrementalNew == incremental {
		t.Errorf("the last release adds something in %d of %d: the test of the incremental audit says nothing", incrementalNew, incremental)
	}
}

// TestNationalStep: once shown, the national figure waits until a tenth of
// the municipalities it rests on (at least k+1) have changed, but for the
// final release.
func TestNationalStep(t *testing.T) {
	r := newPubRound(t, "a")
	if got := r.p.NationalStepSize(30); got != 4 {
		t.Errorf("NationalStepSize(30) = %d, want k+1 = 4", got)
	}
	if got := r.p.NationalStepSize(101); got != 11 {
		t.Errorf("NationalStepSize(101) = %d, want 11", got)
	}
	var all []Municipality
	for _, c := range []string{"01", "12", "14", "13", "05", "06"} {
		all = append(all, MunicipalitiesIn(c)...)
	}
	for i, m := range all[:100] {
		r.answer(m.Code, 30+i%50)
	}
	first := r.read(false)
	nat := first.Groups[len(first.Groups)-1]
	if first.Seq != 1 || nat.AsOf.Seq != 1 || nat.Responded != 100 {
		t.Fatalf("release %d, national %+v", first.Seq, nat)
	}
	for i, m := range all[100:106] { // six more: the step of the counties, not the country's (10)
		r.answer(m.Code, 60+i)
	}
	r.read(false)
	if st := r.stats[len(r.stats)-1]; !st.Waiting || r.latest().Groups[len(first.Groups)-1].AsOf.Seq != 1 {
		t.Errorf("the national figure moved after 6 of 100: %+v", st)
	}
	r.read(true) // closed: the final release computes it anew if it can
	if g := r.latest().Groups[len(first.Groups)-1]; !r.latest().Final || g.AsOf.Seq != r.latest().Seq {
		t.Errorf("final release %d: national as of %d", r.latest().Seq, g.AsOf.Seq)
	}
	r.checkNoLeaks(t)
}
