package lagesbild

import (
	"fmt"
	"math/rand/v2"
	"runtime"
	"slices"
	"strings"
	"testing"
	"time"
)

// Compare's suppression, with the audit (audit.go) as the oracle: over
// random rounds, from a county or two with a municipality each to the whole
// country answering, with measures some municipalities leave blank (so n
// differs by measure), no reader — the outsider, any municipality, any
// county lead — can work out anything about fewer than k municipalities from
// the values or the n of one comparison; and the suppression hides nothing
// the audit does not ask for.

// compareRound is one random round: the results, the measures and k.
type compareRound struct {
	measures []string
	results  []MunicipalityResult
	k        int
}

// randomCompareRound draws a round. Counties in play: a few, or (full) all
// 21. Each county in play has no answer, 1–6 municipalities answering, or
// any number up to all of them; each measure is left blank at a rate of the
// round's (none, a few, many, most), so n differs by measure and county.
// Some results have no respondents or an unknown code (Compare ignores them).
func randomCompareRound(rng *rand.Rand, full bool) compareRound {
	r := compareRound{k: []int{3, 3, 3, 3, 2, 4}[rng.IntN(6)]}
	for i := range 1 + rng.IntN(4) {
		r.measures = append(r.measures, string(rune('a'+i)))
	}
	blank := make([]float64, len(r.measures))
	for j := range blank {
		blank[j] = []float64{0, 0, 0.05, 0.2, 0.5, 0.9}[rng.IntN(6)]
	}
	counties := slices.Clone(Counties()) // shared: not to be shuffled in place
	rng.Shuffle(len(counties), func(i, j int) { counties[i], counties[j] = counties[j], counties[i] })
	if !full {
		counties = counties[:1+rng.IntN(7)]
	}
	for _, c := range counties {
		munis := MunicipalitiesIn(c.Code)
		rng.Shuffle(len(munis), func(i, j int) { munis[i], munis[j] = munis[j], munis[i] })
		var n int
		switch x := rng.IntN(20); {
		case x < 5:
			n = 0
		case x < 17:
			n = 1 + rng.IntN(6)
		default:
			n = rng.IntN(len(munis) + 1)
		}
		for _, m := range munis[:min(n, len(munis))] {
			res := MunicipalityResult{Municipality: m.Code, Respondents: 1 + rng.IntN(3), Measures: map[string]*float64{}}
			for j, id := range r.measures {
				if rng.Float64() >= blank[j] {
					v := float64(rng.IntN(1001)) / 10
					res.Measures[id] = &v
				} else if rng.IntN(2) == 0 {
					res.Measures[id] = nil // blank, listed or not
				}
			}
			r.results = append(r.results, res)
		}
	}
	if rng.IntN(4) == 0 {
		r.results = append(r.results, MunicipalityResult{Municipality: "9999", Respondents: 1, Measures: map[string]*float64{"a": ptr(1.0)}})
	}
	if rng.IntN(4) == 0 {
		m := Municipalities()[rng.IntN(len(Municipalities()))] // a result without respondents
		if !slices.ContainsFunc(r.results, func(x MunicipalityResult) bool { return x.Municipality == m.Code }) {
			r.results = append(r.results, MunicipalityResult{Municipality: m.Code, Measures: map[string]*float64{"a": ptr(1.0)}})
		}
	}
	rng.Shuffle(len(r.results), func(i, j int) { r.results[i], r.results[j] = r.results[j], r.results[i] })
	return r
}

// compare is the round's comparison.
func (r compareRound) compare() Comparison {
	return Compare(r.measures, r.results, Rules{MinMunicipalities: r.k, MinRespondents: 3})
}

// answered is whether a result counts: known code, respondents.
func answered(x MunicipalityResult) bool {
	_, ok := MunicipalityByCode(x.Municipality)
	return ok && x.Respondents > 0
}

// pattern is which measures a result has a value for, as a string of 0/1.
func (r compareRound) pattern(x MunicipalityResult) string {
	var sb strings.Builder
	for _, id := range r.measures {
		if x.Measures[id] != nil {
			sb.WriteByte('1')
		} else {
			sb.WriteByte('0')
		}
	}
	return sb.String()
}

// readers are the round's readers: the outsider, every county lead of a
// county where someone answered (any other lead knows no value a figure
// rests on: it is the outsider), and the municipalities that answered —
// every one (all), or one of each county and pattern of blank measures:
// two municipalities of a county with the same blanks see the same figures
// the same way, their audits the same up to renaming them.
func (r compareRound) readers(all bool) []Insider {
	in := []Insider{Outsider()}
	var munis []Insider
	counties := map[string]bool{}
	kinds := map[string]bool{}
	for _, x := range r.results {
		if !answered(x) {
			continue
		}
		m, _ := MunicipalityByCode(x.Municipality)
		if !counties[m.County] {
			counties[m.County] = true
			in = append(in, CountyInsider(m.County))
		}
		kind := m.County + " " + r.pattern(x)
		if all || !kinds[kind] {
			kinds[kind] = true
			munis = append(munis, MunicipalityInsider(x.Municipality))
		}
	}
	return append(in, munis...)
}

// publications is everything one comparison publishes of the round, as the
// audit sees it: the values (Publications) and the n (Counts) of every
// measure, each a set of its own: the audit looks at one measure at a time
// (THREATS.md), and values and n are different unknowns. (Put in one audit
// as versions of their own — measure j's values at version 2j, its n at
// 2j+1 — they would share no unknown, so together they would reveal about
// any set of municipalities exactly what each reveals alone; one audit per
// set is the same verdict, and faster.)
func (r compareRound) publications(c Comparison) [][]Publication {
	var sets [][]Publication
	for _, id := range r.measures {
		sets = append(sets, c.Publications(id+" ", id, r.results, nil), c.Counts(id+" ", id, r.results, nil))
	}
	return sets
}

// leak is the first reader's leak from one of the sets, "" when no reader
// can learn anything from any.
func leak(sets [][]Publication, readers []Insider, k int) string {
	for _, in := range readers {
		for _, pubs := range sets {
			if l := Audit(pubs, in, k); len(l) > 0 {
				return fmt.Sprintf("%s learns %q from %s", in.Name, leakStrings(l), pubs[0].Name)
			}
		}
	}
	return ""
}

// describe is the round for a failure: per county, who answered with which
// blanks, and what Compare hid.
func (r compareRound) describe(c Comparison) string {
	var sb strings.Builder
	fmt.Fprintf(&sb, "k=%d measures %v\n", r.k, r.measures)
	by := map[string][]string{}
	for _, x := range r.results {
		if answered(x) {
			m, _ := MunicipalityByCode(x.Municipality)
			by[m.County] = append(by[m.County], x.Municipality+":"+r.pattern(x))
		}
	}
	for _, g := range append(slices.Clone(c.Counties), c.National) {
		if g.Responded == 0 && g.Code != "SE" {
			continue
		}
		fmt.Fprintf(&sb, "  %s responded %d %v:", g.Code, g.Responded, by[g.Code])
		for _, id := range r.measures {
			f := g.Measures[id]
			n := "–"
			if f.NShown() {
				n = fmt.Sprint(f.N)
			}
			fmt.Fprintf(&sb, " %s=%s/n=%s", id, val(f), n)
		}
		sb.WriteByte('\n')
	}
	return sb.String()
}

// units is, per county code, how many answered, and per measure how many
// have a value: r and n of Compare's doc.
func (r compareRound) units() (responded map[string]int, ns map[string][]int) {
	responded, ns = map[string]int{}, map[string][]int{}
	for _, x := range r.results {
		if !answered(x) {
			continue
		}
		m, _ := MunicipalityByCode(x.Municipality)
		responded[m.County]++
		if ns[m.County] == nil {
			ns[m.County] = make([]int, len(r.measures))
		}
		for j, id := range r.measures {
			if x.Measures[id] != nil {
				ns[m.County][j]++
			}
		}
	}
	return responded, ns
}

// primary reports whether a county must be hidden on its own: one of its
// municipalities, taking out its own value, would face fewer than k others.
func (r compareRound) primary(responded int, ns []int) bool {
	if r.k < 2 || responded == 0 {
		return false
	}
	hide := responded <= r.k
	for _, n := range ns {
		hide = hide || n > 0 && n <= r.k
	}
	return hide
}

// show returns c with county i's figures shown as an unsuppressed
// comparison would show them (ns: its n per measure), or with the national
// value of measure j shown (county −1).
func show(c Comparison, measures []string, county int, ns []int, j int) Comparison {
	out := c
	out.Counties = slices.Clone(c.Counties)
	g := &out.National
	if county >= 0 {
		g = &out.Counties[county]
	}
	ms := make(map[string]Figure, len(g.Measures))
	for id, f := range g.Measures {
		ms[id] = f
	}
	g.Measures = ms
	for i, id := range measures {
		switch {
		case county >= 0:
			f := Figure{N: ns[i]}
			if f.N > 0 {
				f.Value = ptr(50.0) // the audit reads which figures are shown, not their value
			}
			ms[id] = f
		case i == j:
			f := ms[id]
			f.Value, f.Suppressed = ptr(50.0), false
			ms[id] = f
		}
	}
	return out
}

// withN returns c with the national n of every measure published.
func withN(c Comparison, measures []string, ns []int) Comparison {
	out := c
	ms := make(map[string]Figure, len(c.National.Measures))
	for id, f := range c.National.Measures {
		ms[id] = f
	}
	for j, id := range measures {
		f := ms[id]
		f.N = ns[j]
		if f.N == 0 && f.Value == nil {
			f.Suppressed = false // no data, n = 0 shown
		}
		ms[id] = f
	}
	out.National.Measures = ms
	return out
}

// checkRound audits one round's comparison for every reader (all: every
// municipality, else one of each kind), and checks it hides nothing the
// audit does not ask for:
//   - a county is hidden only if showing it, values and n, would let some
//     reader learn something (on its own, or from the national figure);
//   - the national value of a measure is hidden only if, even with every
//     county hidden, showing it would let some reader learn something;
//   - the national n is hidden only if publishing it would.
//
// It returns what it found wrong, "" when nothing.
func checkRound(r compareRound, all bool) string {
	c := r.compare()
	readers := r.readers(all)
	if l := leak(r.publications(c), readers, r.k); l != "" {
		return "leak: " + l
	}
	responded, ns := r.units()
	nationalN := make([]int, len(r.measures))
	for _, n := range ns {
		for j := range n {
			nationalN[j] += n[j]
		}
	}
	allHidden := c
	allHidden.Counties = slices.Clone(c.Counties)
	for i, g := range c.Counties {
		hidden := g.Measures[r.measures[0]].Suppressed
		for _, id := range r.measures {
			f := g.Measures[id]
			if f.Suppressed != hidden {
				return fmt.Sprintf("county %s hidden for some measures only", g.Code)
			}
			if hidden && f.NShown() {
				return fmt.Sprintf("county %s: %s hidden with its n shown", g.Code, id)
			}
		}
		if hidden {
			// Who learns is a municipality of its own where it is hidden on
			// its own, else the outsider or a county lead (first in
			// readers): ask those first (the others are asked too, so only
			// the time changes).
			first := readers
			if r.primary(responded[g.Code], ns[g.Code]) {
				first = slices.Clone(readers)
				slices.SortStableFunc(first, func(x, y Insider) int { return boolOrder(inCounty(y, g.Code)) - boolOrder(inCounty(x, g.Code)) })
			}
			if l := leak(r.publications(show(c, r.measures, i, ns[g.Code], -1)), first, r.k); l == "" {
				return fmt.Sprintf("county %s hidden, but showing it leaks nothing", g.Code)
			}
		}
		if responded[g.Code] > 0 && !hidden {
			allHidden.Counties[i].Measures = map[string]Figure{}
			for _, id := range r.measures {
				allHidden.Counties[i].Measures[id] = Figure{Suppressed: true}
			}
		}
	}
	for j, id := range r.measures {
		if f := c.National.Measures[id]; f.Suppressed && nationalN[j] > 0 {
			if l := leak(r.publications(show(allHidden, r.measures, -1, nil, j)), readers, r.k); l == "" {
				return fmt.Sprintf("national %s hidden, but with every county hidden showing it leaks nothing", id)
			}
		}
	}
	if !c.National.Measures[r.measures[0]].NShown() {
		if l := leak(r.publications(withN(c, r.measures, nationalN)), readers, r.k); l == "" {
			return "national n hidden, but publishing it leaks nothing"
		}
	}
	return ""
}

// inCounty reports whether a reader is a municipality of the county.
func inCounty(in Insider, county string) bool {
	if len(in.Units) != 1 {
		return false
	}
	m, _ := MunicipalityByCode(in.Units[0])
	return m.County == county
}

func boolOrder(b bool) int {
	if b {
		return 1
	}
	return 0
}

// compareRounds is how many random rounds a test of Compare against the
// audit runs: n natively, a fifth under js/wasm, a tenth with -short.
func compareRounds(n int) int {
	switch {
	case testing.Short():
		return n / 10
	case runtime.GOOS == "js":
		return n / 5
	}
	return n
}

// TestCompareAuditRandom: thousands of random rounds of a few counties, and
// some of the whole country, at every participation from a single
// municipality to all; every kind of reader; k = 3 mostly, 2 and 4 too.
func TestCompareAuditRandom(t *testing.T) {
	rng := rand.New(rand.NewPCG(11, 2026))
	start := time.Now()
	small, full := compareRounds(2000), compareRounds(100)
	hidden, secondary, national := 0, 0, 0
	for i := range small + full {
		r := randomCompareRound(rng, i >= small)
		if msg := checkRound(r, false); msg != "" {
			t.Fatalf("round %d: %s\n%s", i, msg, r.describe(r.compare()))
		}
		c := r.compare()
		responded, ns := r.units()
		for _, g := range c.Counties {
			if g.Measures[r.measures[0]].Suppressed {
				hidden++
				if !r.primary(responded[g.Code], ns[g.Code]) {
					secondary++
				}
			}
		}
		for _, id := range r.measures {
			if c.National.Measures[id].Suppressed {
				national++
			}
		}
	}
	t.Logf("%d rounds of a few counties, %d of the whole country, in %v: %d counties hidden, %d of them secondary; %d national values hidden",
		small, full, time.Since(start).Round(time.Millisecond), hidden, secondary, national)
	if secondary == 0 || national == 0 || hidden == secondary {
		t.Errorf("the rounds test too little: %d hidden, %d secondary, %d national", hidden, secondary, national)
	}
}

// TestCompareAuditEveryReader: fewer rounds, each audited for every
// municipality that answered (not one of each kind), and with every
// measure's values and n in one audit too, each as versions of their own.
func TestCompareAuditEveryReader(t *testing.T) {
	rng := rand.New(rand.NewPCG(12, 2026))
	rounds := compareRounds(300)
	start := time.Now()
	for i := range rounds {
		r := randomCompareRound(rng, i%30 == 29)
		c := r.compare()
		readers := r.readers(true)
		sets := r.publications(c)
		if l := leak(sets, readers, r.k); l != "" {
			t.Fatalf("round %d: %s\n%s", i, l, r.describe(c))
		}
		if l := leak([][]Publication{together(sets)}, readers, r.k); l != "" {
			t.Fatalf("round %d, every measure together: %s\n%s", i, l, r.describe(c))
		}
		if i%30 == 0 {
			if msg := checkRound(r, true); msg != "" {
				t.Fatalf("round %d: %s\n%s", i, msg, r.describe(c))
			}
		}
	}
	t.Logf("%d rounds in %v", rounds, time.Since(start).Round(time.Millisecond))
}

// together puts sets of publications in one, set i's values at version i.
func together(sets [][]Publication) []Publication {
	var out []Publication
	for i, pubs := range sets {
		for _, p := range pubs {
			q := Publication{Name: p.Name, Vars: make([]Var, len(p.Vars))}
			for j, v := range p.Vars {
				q.Vars[j] = Var{v.Unit, i}
			}
			out = append(out, q)
		}
	}
	return out
}
