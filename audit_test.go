package lagesbild

import (
	"fmt"
	"math/big"
	"math/bits"
	"math/rand/v2"
	"os"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// auditTimeline publishes the figures of measure "a" of Compare as it was
// before issue 11's suppression (compareBefore) after each step of answers,
// as a reader polling the counties view would see them. A step maps
// kommunkod → value: a new answer, or an update (the municipality's next
// version) for one that answered before.
func auditTimeline(steps ...map[string]float64) []Publication {
	values, versions := map[string]float64{}, map[string]int{}
	var pubs []Publication
	for t, step := range steps {
		for code, v := range step {
			values[code] = v
			versions[code]++
		}
		var rs []MunicipalityResult
		for code, v := range values {
			rs = append(rs, MunicipalityResult{Municipality: code, Respondents: 1, Measures: map[string]*float64{"a": &v}})
		}
		c := compareBefore([]string{"a"}, rs, DefaultRules())
		pubs = append(pubs, c.Publications(fmt.Sprintf("t%d ", t+1), "a", rs, versions)...)
	}
	return pubs
}

// auditAnswers gives the first n municipalities of each county (code, n
// pairs) a value; the values do not matter to the audit.
func auditAnswers(pairs ...any) map[string]float64 {
	out := map[string]float64{}
	for i := 0; i < len(pairs); i += 2 {
		for j, m := range MunicipalitiesIn(pairs[i].(string)) {
			if j == pairs[i+1].(int) {
				break
			}
			out[m.Code] = float64(40 + len(out))
		}
	}
	return out
}

func leakStrings(leaks []Leak) []string {
	out := []string{}
	for _, l := range leaks {
		out = append(out, l.String())
	}
	return out
}

// TestAuditSmall: hand-made publications whose answers can be seen at a glance.
func TestAuditSmall(t *testing.T) {
	v := func(unit string, version int) Var { return Var{unit, version} }
	pub := func(vars ...Var) Publication { return Publication{Vars: vars} }
	a, b, c, d, e := v("a", 1), v("b", 1), v("c", 1), v("d", 1), v("e", 1)
	tests := []struct {
		name    string
		pubs    []Publication
		insider Insider
		k       int
		want    []string
	}{
		{"one value", []Publication{pub(a)}, Outsider(), 3, []string{"a: a@1"}},
		{"a pair's sum", []Publication{pub(a, b)}, Outsider(), 3, []string{"a+b: a@1 + b@1"}},
		{"a pair is enough at k=2", []Publication{pub(a, b)}, Outsider(), 2, []string{}},
		{"k below 2 protects nothing", []Publication{pub(a)}, Outsider(), 1, []string{}},
		{"three", []Publication{pub(a, b, c)}, Outsider(), 3, []string{}},
		{"three, twice", []Publication{pub(a, b, c), pub(c, b, a, a)}, Outsider(), 3, []string{}},
		{"the one added", []Publication{pub(a, b, c), pub(a, b, c, d)}, Outsider(), 3, []string{"d: d@1"}},
		{"a change", []Publication{pub(a, b, c), pub(v("a", 2), b, c)}, Outsider(), 3, []string{"a: a@1 − a@2"}},
		{"a swap", []Publication{pub(a, c, d), pub(b, c, d)}, Outsider(), 3, []string{"a+b: a@1 − b@1"}},
		{"the insider's own taken out", []Publication{pub(a, b, c)}, Insider{Units: []string{"c"}}, 3, []string{"a+b: a@1 + b@1"}},
		{"a value known at one version only", []Publication{pub(a, b, c), pub(v("c", 2), d, e)}, Insider{Vars: []Var{c}}, 3,
			[]string{"a+b: a@1 + b@1"}},
		{"two sums make twice one", []Publication{pub(a, b, c), pub(c, d, e), pub(a, b, d, e)}, Outsider(), 3,
			[]string{"c: c@1", "a+b: a@1 + b@1", "d+e: d@1 + e@1"}},
		{"every value from three pairs", []Publication{pub(a, b), pub(b, c), pub(a, c)}, Outsider(), 2, []string{"a: a@1", "b: b@1", "c: c@1"}},
		{"a value, and a pair beyond it", []Publication{pub(a), pub(v("a", 2), b)}, Outsider(), 3,
			[]string{"a: a@1", "a+b: a@1; a@2 + b@1"}},
		{"two values of one unit", []Publication{pub(a), pub(v("a", 2)), pub(b, c, d)}, Outsider(), 3, []string{"a: a@1; a@2"}},
		{"triples at k=4", []Publication{pub(a, b, c), pub(a, b, c, d, e)}, Outsider(), 4, []string{"d+e: d@1 + e@1", "a+b+c: a@1 + b@1 + c@1"}},
		{"nothing published", nil, Outsider(), 3, []string{}},
		{"everything known", []Publication{pub(a)}, Insider{Units: []string{"a"}}, 3, []string{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := leakStrings(Audit(tt.pubs, tt.insider, tt.k))
			if !slices.Equal(got, tt.want) {
				t.Errorf("leaks = %q, want %q", got, tt.want)
			}
		})
	}
}

// TestAuditAttacks reproduces the attacks of issue 11 against Compare as it
// was (compareBefore): each must be reported, and the cases where nothing
// leaks must report nothing.
func TestAuditAttacks(t *testing.T) {
	stockholm5 := auditAnswers("01", 5)
	three := auditAnswers("01", 4, "12", 4, "14", 4)
	fifth := map[string]float64{MunicipalitiesIn("01")[4].Code: 60}
	update := map[string]float64{"0114": 90}
	f2a := auditAnswers("09", 1, "03", 3, "01", 4, "05", 5, "12", 6)
	f2b := auditAnswers("09", 1, "03", 2)
	tests := []struct {
		name    string
		pubs    []Publication
		insider Insider
		want    []string
	}{
		// F1: five Stockholm municipalities, then Gotland: the national
		// figure before and after gives Gotland's value to any reader
		// (Malmö's code knows only Malmö, which is in neither).
		{"F1 differencing over time", auditTimeline(stockholm5, map[string]float64{"0980": 52.1}), MunicipalityInsider("1280"),
			[]string{"0980: 0980@1"}},
		{"F1 a shown county grows by one", auditTimeline(three, fifth), Outsider(), []string{"0123: 0123@1"}},
		{"F1 an update", auditTimeline(three, update), Outsider(), []string{"0114: 0114@1 − 0114@2"}},
		{"F1 only one moment", auditTimeline(stockholm5), Outsider(), []string{}},
		// F2a: Gotland hidden, Uppsala (3) hidden as its cover.
		{"F2a the Uppsala lead", auditTimeline(f2a), CountyInsider("03"), []string{"0980: 0980@1"}},
		{"F2a an outsider", auditTimeline(f2a), Outsider(), []string{}},
		{"F2a Gotland's code", auditTimeline(f2a), MunicipalityInsider("0980"), []string{}}, // three Uppsala rows: k reached
		// F2b: only Gotland (1) and Uppsala (2), both hidden, national shown.
		{"F2b the Uppsala lead", auditTimeline(f2b), CountyInsider("03"), []string{"0980: 0980@1"}},
		{"F2b Gotland's code", auditTimeline(f2b), MunicipalityInsider("0980"), []string{"0305+0319: 0305@1 + 0319@1"}},
		{"F2b Håbo's code", auditTimeline(f2b), MunicipalityInsider("0305"), []string{"0319+0980: 0319@1 + 0980@1"}},
		{"F2b an outsider", auditTimeline(f2b), Outsider(), []string{}},
		// Nothing leaks: three counties of at least 4, one moment.
		{"shown counties, outsider", auditTimeline(auditAnswers("01", 4, "12", 5, "14", 6)), Outsider(), []string{}},
		{"shown counties, a municipality", auditTimeline(auditAnswers("01", 4, "12", 5, "14", 6)), MunicipalityInsider("0114"), []string{}},
		{"shown counties, a county lead", auditTimeline(auditAnswers("01", 4, "12", 5, "14", 6)), CountyInsider("12"), []string{}},
		{"shown counties, another lead", auditTimeline(auditAnswers("01", 4, "12", 5, "14", 6)), CountyInsider("09"), []string{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := leakStrings(Audit(tt.pubs, tt.insider, 3))
			if !slices.Equal(got, tt.want) {
				t.Errorf("leaks = %q, want %q", got, tt.want)
			}
		})
	}
}

// TestAuditF1Arithmetic: the leak of F1 is real arithmetic, not a formality.
// The national sums before and after give Gotland's value exactly, and
// today's rounded means give it to within the rounding (the issue: 51.9 for
// 52.1), which the section scores' grid then snaps to.
func TestAuditF1Arithmetic(t *testing.T) {
	before := auditAnswers("01", 5)
	rs := func(vals map[string]float64) []MunicipalityResult {
		var out []MunicipalityResult
		for code, v := range vals {
			out = append(out, MunicipalityResult{Municipality: code, Respondents: 1, Measures: map[string]*float64{"a": &v}})
		}
		return out
	}
	after := map[string]float64{"0980": 52.1}
	for code, v := range before {
		after[code] = v
	}
	c1 := compareBefore([]string{"a"}, rs(before), DefaultRules())
	c2 := compareBefore([]string{"a"}, rs(after), DefaultRules())
	n1, n2 := c1.National.Measures["a"], c2.National.Measures["a"]
	if n1.Value == nil || n2.Value == nil {
		t.Fatalf("national figures suppressed: %+v %+v", n1, n2)
	}
	got := float64(n2.N)**n2.Value - float64(n1.N)**n1.Value
	if d := got - 52.1; d < -0.3 || d > 0.3 {
		t.Errorf("6 × national after − 5 × national before = %.2f, want Gotland's 52.1 within the rounding", got)
	}
	if g, _ := c2.County("09"); !g.Measures["a"].Suppressed {
		t.Errorf("Gotland's own figure is shown: the attack is moot")
	}
}

// TestAuditF10: a figure's N is a sum of 0/1 values (has the municipality a
// value for the measure?); on a one-municipality county it tells that one's.
func TestAuditF10(t *testing.T) {
	var rs []MunicipalityResult
	for code := range auditAnswers("01", 4, "12", 4) {
		v := 50.0
		rs = append(rs, MunicipalityResult{Municipality: code, Respondents: 1, Measures: map[string]*float64{"a": &v, "b": &v}})
	}
	a := 30.0
	rs = append(rs, MunicipalityResult{Municipality: "0980", Respondents: 1, Measures: map[string]*float64{"a": &a, "b": nil}})
	c := compareBefore([]string{"a", "b"}, rs, DefaultRules())
	got := leakStrings(Audit(c.Counts("", "b", rs, nil), Outsider(), 3))
	if want := []string{"0980: 0980@0"}; !slices.Equal(got, want) {
		t.Errorf("leaks of N = %q, want %q", got, want)
	}
	// The value of b: Gotland has none, so none of b's figures rests on it.
	if got := Audit(c.Publications("", "b", rs, nil), Outsider(), 3); len(got) != 0 {
		t.Errorf("leaks of b = %q, want none", leakStrings(got))
	}
}

// TestAuditPreviousRound: a round and its previous are other versions of the
// same municipalities; what each leaks alone, they leak together, no more.
func TestAuditPreviousRound(t *testing.T) {
	shift := func(pubs []Publication, by int) []Publication {
		out := make([]Publication, len(pubs))
		for i, p := range pubs {
			out[i] = Publication{Name: "prev " + p.Name}
			for _, v := range p.Vars {
				out[i].Vars = append(out[i].Vars, Var{v.Unit, v.Version + by})
			}
		}
		return out
	}
	cur := auditTimeline(auditAnswers("01", 4, "12", 5, "14", 6))
	prev := shift(auditTimeline(auditAnswers("09", 1, "03", 2)), -10)
	if got := leakStrings(Audit(append(cur, prev...), CountyInsider("03"), 3)); !slices.Equal(got, []string{"0980: 0980@-9"}) {
		t.Errorf("leaks = %q, want Gotland's previous value", got)
	}
	if got := Audit(append(cur, shift(cur, -10)...), CountyInsider("01"), 3); len(got) != 0 {
		t.Errorf("leaks = %q, want none", leakStrings(got))
	}
}

// TestAuditorClone: a clone goes its own way.
func TestAuditorClone(t *testing.T) {
	a := NewAuditor(Outsider(), 3)
	a.Add(Publication{Vars: []Var{{"a", 0}, {"b", 0}, {"c", 0}}})
	b := a.Clone()
	b.Add(Publication{Vars: []Var{{"a", 0}, {"b", 0}, {"c", 0}, {"d", 0}}})
	if got := a.Leaks(); len(got) != 0 {
		t.Errorf("original leaks %q after its clone took a figure", leakStrings(got))
	}
	if got := leakStrings(b.Leaks()); !slices.Equal(got, []string{"d: d@0"}) {
		t.Errorf("clone leaks %q, want d", got)
	}
	a.Add(Publication{Vars: []Var{{"e", 0}}})
	if got := leakStrings(a.Leaks()); !slices.Equal(got, []string{"e: e@0"}) {
		t.Errorf("original leaks %q, want e", got)
	}
	if got := leakStrings(b.Leaks()); !slices.Equal(got, []string{"d: d@0"}) {
		t.Errorf("clone leaks %q after the original took a figure, want d", got)
	}
	if a.Rank() != 2 || b.Rank() != 2 {
		t.Errorf("ranks %d, %d, want 2, 2", a.Rank(), b.Rank())
	}
}

// TestAuditField checks the arithmetic: the primes are prime, and Montgomery
// products, inverses and the way in and out agree with math/big.
func TestAuditField(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for _, p := range []uint64{auditP1, auditP2} {
		bp := new(big.Int).SetUint64(p)
		if !bp.ProbablyPrime(32) {
			t.Fatalf("%d is not prime", p)
		}
		f := newField(p)
		for range 2000 {
			x, y := rng.Uint64N(p), rng.Uint64N(p)
			want := new(big.Int).Mul(new(big.Int).SetUint64(x), new(big.Int).SetUint64(y))
			want.Mod(want, bp)
			if got := f.out(f.mul(f.in(x), f.in(y))); got != want.Uint64() {
				t.Fatalf("p %d: %d·%d = %d, want %d", p, x, y, got, want.Uint64())
			}
			if got := f.out(f.add(f.in(x), f.in(y))); got != (x+y)%p {
				t.Fatalf("p %d: %d+%d = %d", p, x, y, got)
			}
			if got := f.out(f.sub(f.in(x), f.in(y))); got != (x+p-y)%p {
				t.Fatalf("p %d: %d−%d = %d", p, x, y, got)
			}
			if x != 0 {
				if got := f.mul(f.inv(f.in(x)), f.in(x)); got != f.one {
					t.Fatalf("p %d: %d·1/%d = %d", p, x, x, f.out(got))
				}
			}
		}
	}
	// Hadamard's bound for 0/1 matrices, (n+1)^((n+1)/2) / 2^n, stays below
	// p1 up to n = 36: the audit is exact while the rank is at most 35.
	hadamard := func(n int64) *big.Int {
		b := new(big.Int).Exp(big.NewInt(n+1), big.NewInt(n+1), nil)
		b.Sqrt(b)
		return b.Rsh(b, uint(n))
	}
	if hadamard(auditExactRank+1).Cmp(new(big.Int).SetUint64(auditP1)) >= 0 {
		t.Errorf("Hadamard's bound for order %d reaches p1", auditExactRank+1)
	}
}

func TestReconstruct(t *testing.T) {
	f := newField(auditP1)
	for _, c := range []struct{ n, d int64 }{{0, 1}, {1, 1}, {-1, 1}, {2, 3}, {-7, 12}, {1 << 29, 3}, {-5, 1<<30 - 1}} {
		a := f.in(uint64(abs64(c.n)))
		if c.n < 0 {
			a = f.neg(a)
		}
		a = f.mul(a, f.inv(f.in(uint64(c.d))))
		n, d, ok := reconstruct(f.out(a), f.p)
		if !ok || n != c.n || d != c.d {
			t.Errorf("reconstruct(%d/%d) = %d/%d, %v", c.n, c.d, n, d, ok)
		}
	}
}

// bruteAudit is the audit's definition computed the plain way, to check it:
// D(M) has dimension rank(A) − rank(A without M's columns), every rank by
// exact integer elimination over the whole published matrix, for every set
// M of units.
type bruteAudit struct {
	units  []string
	unitOf []int // column → unit
	vars   []Var
	rows   [][]int64
	rank   int
}

func newBruteAudit(pubs []Publication, in Insider) *bruteAudit {
	b := &bruteAudit{}
	col, unit := map[Var]int{}, map[string]int{}
	var sets [][]int
	for _, p := range pubs {
		var set []int
		for _, v := range p.Vars {
			if slices.Contains(in.Units, v.Unit) || slices.Contains(in.Vars, v) {
				continue
			}
			c, ok := col[v]
			if !ok {
				u, ok := unit[v.Unit]
				if !ok {
					u = len(b.units)
					unit[v.Unit] = u
					b.units = append(b.units, v.Unit)
				}
				c = len(b.vars)
				col[v] = c
				b.vars = append(b.vars, v)
				b.unitOf = append(b.unitOf, u)
			}
			set = append(set, c)
		}
		sets = append(sets, set)
	}
	for _, set := range sets {
		row := make([]int64, len(b.vars))
		for _, c := range set {
			row[c] = 1
		}
		b.rows = append(b.rows, row)
	}
	b.rank = rankInt(b.rows)
	return b
}

// dim is dim D(m), m a set of unit indices.
func (b *bruteAudit) dim(m []int) int {
	var keep []int
	for c := range b.vars {
		if !slices.Contains(m, b.unitOf[c]) {
			keep = append(keep, c)
		}
	}
	sub := make([][]int64, len(b.rows))
	flat := make([]int64, len(b.rows)*len(keep))
	for i, r := range b.rows {
		sub[i] = flat[i*len(keep) : (i+1)*len(keep)]
		for j, c := range keep {
			sub[i][j] = r[c]
		}
	}
	return b.rank - rankInt(sub)
}

// derivable reports whether a combination lies in the published rows' span.
func (b *bruteAudit) derivable(terms []Term) bool {
	row := make([]int64, len(b.vars))
	for _, t := range terms {
		c := slices.Index(b.vars, t.Var)
		if c < 0 {
			return false
		}
		row[c] = t.Coef
	}
	return rankInt(append(slices.Clone(b.rows), row)) == b.rank
}

// rankInt is the rank of an integer matrix by Bareiss's fraction-free
// elimination: every entry it computes is a minor, so it is exact, and it
// panics rather than overflow.
func rankInt(m [][]int64) int {
	if len(m) == 0 || len(m[0]) == 0 {
		return 0
	}
	a := make([][]int64, len(m))
	flat := make([]int64, 0, len(m)*len(m[0]))
	for i := range m {
		flat = append(flat, m[i]...)
		a[i] = flat[len(flat)-len(m[i]):]
	}
	mul := func(x, y int64) int64 {
		hi, lo := bits.Mul64(uint64(abs64(x)), uint64(abs64(y)))
		if hi != 0 || lo >= 1<<62 {
			panic("rankInt: overflow")
		}
		if (x < 0) != (y < 0) {
			return -int64(lo)
		}
		return int64(lo)
	}
	prev, r := int64(1), 0
	for c := 0; c < len(a[0]) && r < len(a); c++ {
		p := -1
		for i := r; i < len(a); i++ {
			if a[i][c] != 0 {
				p = i
				break
			}
		}
		if p < 0 {
			continue
		}
		a[r], a[p] = a[p], a[r]
		for i := r + 1; i < len(a); i++ {
			for j := c + 1; j < len(a[0]); j++ {
				a[i][j] = (mul(a[r][c], a[i][j]) - mul(a[i][c], a[r][j])) / prev
			}
			a[i][c] = 0
		}
		prev = a[r][c]
		r++
	}
	return r
}

func TestRankInt(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	for range 300 {
		rows, cols := 1+rng.IntN(8), 1+rng.IntN(8)
		m := make([][]int64, rows)
		rm := make([][]*big.Rat, rows)
		for i := range m {
			m[i] = make([]int64, cols)
			rm[i] = make([]*big.Rat, cols)
			for j := range m[i] {
				if rng.IntN(3) == 0 {
					m[i][j] = int64(rng.IntN(5)) - 2
				}
				rm[i][j] = big.NewRat(m[i][j], 1)
			}
		}
		if got, want := rankInt(m), rankRat(rm); got != want {
			t.Fatalf("rankInt(%v) = %d, want %d", m, got, want)
		}
	}
}

// rankRat is plain Gaussian elimination over the rationals.
func rankRat(a [][]*big.Rat) int {
	r := 0
	for c := 0; len(a) > 0 && c < len(a[0]) && r < len(a); c++ {
		p := -1
		for i := r; i < len(a); i++ {
			if a[i][c].Sign() != 0 {
				p = i
				break
			}
		}
		if p < 0 {
			continue
		}
		a[r], a[p] = a[p], a[r]
		for i := r + 1; i < len(a); i++ {
			if a[i][c].Sign() == 0 {
				continue
			}
			q := new(big.Rat).Quo(a[i][c], a[r][c])
			for j := c; j < len(a[0]); j++ {
				a[i][j] = new(big.Rat).Sub(a[i][j], new(big.Rat).Mul(q, a[r][j]))
			}
		}
		r++
	}
	return r
}

// checkAgainstBrute compares Audit with the brute force for one insider:
// for k ≤ 3 the sets reported must be exactly the single units with D ≠ 0
// and the pairs with dim D(pair) > the sum over its two units; for k ≥ 4,
// every set with D ≠ 0 whose proper subsets have D = 0 must be reported, and
// every set reported must have more in D than each subset one smaller. Each
// combination reported must be derivable, lie on the leak's units, and the
// combinations must span D.
func checkAgainstBrute(t testing.TB, pubs []Publication, in Insider, k int) []Leak {
	t.Helper()
	leaks := Audit(pubs, in, k)
	b := newBruteAudit(pubs, in)
	got := map[string]bool{}
	for _, l := range leaks {
		key := strings.Join(l.Units, "+")
		got[key] = true
		var m []int
		for _, u := range l.Units {
			i := slices.Index(b.units, u)
			if i < 0 {
				t.Fatalf("%s: leak %s names a unit in no publication", in.Name, l)
			}
			m = append(m, i)
		}
		if len(l.Units) >= k || len(l.Units) == 0 {
			t.Fatalf("%s: leak %s is about %d units, k = %d", in.Name, l, len(l.Units), k)
		}
		dim := b.dim(m)
		if len(l.Derivable) != dim {
			t.Fatalf("%s: leak %s gives %d combinations, D has dimension %d", in.Name, l, len(l.Derivable), dim)
		}
		var combos [][]int64
		for _, comb := range l.Derivable {
			row := make([]int64, len(b.vars))
			for _, term := range comb {
				if term.Coef == 0 || !slices.Contains(l.Units, term.Var.Unit) {
					t.Fatalf("%s: leak %s: term %v", in.Name, l, term)
				}
				row[slices.Index(b.vars, term.Var)] = term.Coef
			}
			if !b.derivable(comb) {
				t.Fatalf("%s: leak %s: %v cannot be derived", in.Name, l, comb)
			}
			combos = append(combos, row)
		}
		if rankInt(combos) != dim {
			t.Fatalf("%s: leak %s: combinations not independent", in.Name, l)
		}
		for i := range m {
			rest := append(slices.Clone(m[:i]), m[i+1:]...)
			if len(rest) > 0 && b.dim(rest) >= dim {
				t.Fatalf("%s: leak %s: nothing beyond its subset %v", in.Name, l, rest)
			}
		}
	}
	n := len(b.units)
	dims := map[string]int{}
	dim := func(m []int) int {
		key := setKey(m)
		d, ok := dims[key]
		if !ok {
			d = b.dim(m)
			dims[key] = d
		}
		return d
	}
	var want []string
	var rec func(m []int, start int)
	rec = func(m []int, start int) {
		if len(m) > 0 {
			d := dim(m)
			minimal := d > 0
			for i := range m {
				if rest := append(slices.Clone(m[:i]), m[i+1:]...); len(rest) > 0 && dim(rest) > 0 {
					minimal = false
				}
			}
			exact := k <= 3 && (len(m) == 1 && d > 0 || len(m) == 2 && d > dim(m[:1])+dim(m[1:]))
			if minimal || exact {
				names := make([]string, len(m))
				for i, u := range m {
					names[i] = b.units[u]
				}
				slices.Sort(names)
				want = append(want, strings.Join(names, "+"))
			}
		}
		if len(m) == k-1 {
			return
		}
		for u := start; u < n; u++ {
			rec(append(slices.Clone(m), u), u+1)
		}
	}
	if k >= 2 {
		rec(nil, 0)
	}
	for _, w := range want {
		if !got[w] {
			t.Fatalf("%s, k=%d: %s leaks, the audit misses it (audit: %q)", in.Name, k, w, leakStrings(leaks))
		}
	}
	if k <= 3 && len(got) != len(want) {
		t.Fatalf("%s, k=%d: audit %q, brute force %q", in.Name, k, leakStrings(leaks), want)
	}
	return leaks
}

func setKey(m []int) string {
	var sb strings.Builder
	for _, u := range m {
		sb.WriteString(strconv.Itoa(u))
		sb.WriteByte(',')
	}
	return sb.String()
}

// auditRound is a random round as readers saw it: Compare's figures after
// each moment of answers and updates, of the values of a measure and of the
// N of a measure some municipalities leave blank, and who took part.
type auditRound struct {
	values, counts []Publication
	munis          []string // municipalities that answered
	counties       []string // counties in play
}

// randomAuditRound draws a round over a few small counties, a few
// municipalities of each (a small instance the brute force can check):
// 1–3 moments of 1–3 answers or updates each, and sometimes a previous round.
func randomAuditRound(rng *rand.Rand) auditRound {
	cands := []string{"09", "10", "03", "13", "23", "07", "22"}
	rng.Shuffle(len(cands), func(i, j int) { cands[i], cands[j] = cands[j], cands[i] })
	r := auditRound{counties: cands[:2+rng.IntN(3)]}
	var pool []string
	for _, c := range r.counties {
		for i, m := range MunicipalitiesIn(c) {
			if i == 1+rng.IntN(4) {
				break
			}
			pool = append(pool, m.Code)
		}
	}
	measure := []string{"a", "b"}[rng.IntN(2)]
	publish := func(prefix string, res map[string]MunicipalityResult, versions map[string]int) {
		var rs []MunicipalityResult
		for _, x := range res {
			rs = append(rs, x)
		}
		c := compareBefore([]string{"a", "b"}, rs, DefaultRules())
		r.values = append(r.values, c.Publications(prefix, measure, rs, versions)...)
		r.counts = append(r.counts, c.Counts(prefix, "b", rs, versions)...)
	}
	answer := func(code string) MunicipalityResult {
		a, b := float64(rng.IntN(1001))/10, float64(rng.IntN(1001))/10
		x := MunicipalityResult{Municipality: code, Respondents: 1 + rng.IntN(3), Measures: map[string]*float64{"a": &a, "b": &b}}
		if rng.IntN(3) == 0 {
			x.Measures["b"] = nil
		}
		return x
	}
	answered := map[string]bool{}
	if rng.IntN(3) == 0 { // a previous round: versions −1
		prev, versions := map[string]MunicipalityResult{}, map[string]int{}
		for _, code := range pool {
			if rng.IntN(2) == 0 {
				prev[code], versions[code] = answer(code), -1
				answered[code] = true
			}
		}
		publish("prev ", prev, versions)
	}
	res, versions := map[string]MunicipalityResult{}, map[string]int{}
	for t := range 1 + rng.IntN(3) {
		for range 1 + rng.IntN(3) {
			code := pool[rng.IntN(len(pool))]
			res[code] = answer(code)
			versions[code]++
			answered[code] = true
		}
		publish(fmt.Sprintf("t%d ", t+1), res, versions)
	}
	for code := range answered {
		r.munis = append(r.munis, code)
	}
	slices.Sort(r.munis)
	return r
}

// insiders are every kind of reader of a round: an outsider, each
// municipality that answered, each county lead in play.
func (r auditRound) insiders() []Insider {
	in := []Insider{Outsider()}
	for _, m := range r.munis {
		in = append(in, MunicipalityInsider(m))
	}
	for _, c := range r.counties {
		in = append(in, CountyInsider(c))
	}
	return in
}

// TestAuditAgainstBruteForce: thousands of random rounds of Compare as it
// was (compareBefore, which leaks), every kind of insider, values and
// counts, k = 3 mostly (2 and 4 too): the audit's verdict is the brute
// force's.
func TestAuditAgainstBruteForce(t *testing.T) {
	rounds := auditRounds(1500)
	rng := rand.New(rand.NewPCG(11, 0xA0D17))
	leaky, audits := 0, 0
	for i := range rounds {
		r := randomAuditRound(rng)
		k := []int{3, 3, 3, 3, 2, 4}[rng.IntN(6)]
		for _, in := range r.insiders() {
			for _, pubs := range [][]Publication{r.values, r.counts} {
				audits++
				if len(checkAgainstBrute(&roundT{t, i}, pubs, in, k)) > 0 {
					leaky++
				}
			}
		}
	}
	t.Logf("%d rounds, %d audits, %d with leaks", rounds, audits, leaky)
	if leaky == 0 || leaky == audits {
		t.Errorf("%d of %d audits leak: the rounds test one verdict only", leaky, audits)
	}
}

// auditRounds is how many random rounds a property test runs: n natively,
// a fifth under js/wasm (slower) and a tenth with -short.
func auditRounds(n int) int {
	if testing.Short() {
		return n / 10
	}
	if runtime.GOOS == "js" {
		return n / 5
	}
	return n
}

// roundT names the round in a failure.
type roundT struct {
	*testing.T
	round int
}

func (r *roundT) Fatalf(format string, args ...any) {
	r.T.Helper()
	r.T.Fatalf("round %d: "+format, append([]any{r.round}, args...)...)
}

// TestAuditRandomSets: random publications over a few units and versions,
// beyond the structures Compare makes (overlapping sets, many versions).
func TestAuditRandomSets(t *testing.T) {
	rounds := auditRounds(3000)
	rng := rand.New(rand.NewPCG(5, 6))
	for range rounds {
		pubs, in := randomSets(rng, 3+rng.IntN(5), 1+rng.IntN(3), 1+rng.IntN(9))
		k := 2 + rng.IntN(3)
		want := leakStrings(checkAgainstBrute(t, pubs, in, k))
		// Step by step, asking on the way, and from a clone: the same.
		a := NewAuditor(in, k)
		for i, p := range pubs {
			a.Add(p)
			if i == len(pubs)/2 {
				a = a.Clone()
			}
			a.Leaks()
		}
		if got := leakStrings(a.Leaks()); !slices.Equal(got, want) {
			t.Fatalf("step by step %q, at once %q", got, want)
		}
	}
}

// randomSets draws pubs publications over units units of up to versions
// versions each, and an insider who knows a unit or a value or nothing.
func randomSets(rng *rand.Rand, units, versions, pubs int) ([]Publication, Insider) {
	var out []Publication
	for range pubs {
		p := Publication{}
		for u := range units {
			if rng.IntN(3) == 0 {
				p.Vars = append(p.Vars, Var{string(rune('a' + u)), rng.IntN(versions)})
			}
		}
		out = append(out, p)
	}
	in := Insider{}
	switch rng.IntN(3) {
	case 0:
		in.Units = []string{string(rune('a' + rng.IntN(units)))}
	case 1:
		in.Vars = []Var{{string(rune('a' + rng.IntN(units))), rng.IntN(versions)}}
	}
	return out, in
}

func FuzzAudit(f *testing.F) {
	f.Add([]byte{3, 0, 1, 2, 7, 9, 255, 3, 4})
	f.Add([]byte{2, 1, 0x11, 0x22, 0x33, 0x01, 0x10})
	f.Fuzz(func(t *testing.T, data []byte) {
		if len(data) < 2 {
			return
		}
		k := 2 + int(data[0])%3
		in := Insider{}
		switch data[1] % 4 {
		case 1:
			in.Units = []string{string(rune('a' + data[1]/4%6))}
		case 2:
			in.Vars = []Var{{string(rune('a' + data[1]/4%6)), int(data[1] / 24 % 3)}}
		}
		// Each further byte is a publication: bit i puts unit i (of 6) in
		// it; the unit's version is the byte's position modulo 3 or 0.
		var pubs []Publication
		for i, b := range data[2:min(len(data), 14)] {
			p := Publication{}
			for u := range 6 {
				if b&(1<<u) != 0 {
					v := 0
					if b&0x80 != 0 {
						v = i % 3
					}
					p.Vars = append(p.Vars, Var{string(rune('a' + u)), v})
				}
			}
			pubs = append(pubs, p)
		}
		checkAgainstBrute(t, pubs, in, k)
	})
}

// TestAuditPrimesAgree: on rounds of realistic size (ranks far above what
// the first prime alone is exact for) the second prime finds the same.
func TestAuditPrimesAgree(t *testing.T) {
	n := 6
	if testing.Short() {
		n = 2
	}
	rng := rand.New(rand.NewPCG(7, 8))
	for i := range n {
		pubs := fullAuditRound(rng, []float64{0.05, 0.3, 0.9}[i%3], 4).allValues
		for _, in := range []Insider{Outsider(), CountyInsider("03")} {
			a := NewAuditor(in, 3)
			a.Add(pubs...)
			if a.Rank() <= auditExactRank && i%3 == 2 {
				t.Errorf("round %d: rank %d, want one above %d", i, a.Rank(), auditExactRank)
			}
			e2 := newEchelon(auditP2)
			e2.grow(len(a.vars))
			for _, r := range a.rows {
				e2.add(r)
			}
			l1, l2 := leakStrings(newSearch(a, a.ech[0]).run()), leakStrings(newSearch(a, e2).run())
			slices.Sort(l1)
			slices.Sort(l2)
			if !slices.Equal(l1, l2) {
				t.Errorf("round %d, %s: p1 finds %q, p2 %q", i, in.Name, l1, l2)
			}
			// Asked half way (the second prime's form is then built) and
			// given the rest after: the same as at once.
			b := NewAuditor(in, 3)
			b.Add(pubs[:len(pubs)/2]...)
			b.Leaks()
			b.Add(pubs[len(pubs)/2:]...)
			if got, want := leakStrings(b.Leaks()), leakStrings(a.Leaks()); !slices.Equal(got, want) {
				t.Errorf("round %d, %s: step by step %q, at once %q", i, in.Name, got, want)
			}
			if (b.Rank() > auditExactRank) != (b.ech[1] != nil) {
				t.Errorf("round %d, %s: rank %d, second prime used: %v", i, in.Name, b.Rank(), b.ech[1] != nil)
			}
		}
	}
}

// fullRound is a round over the whole country as readers saw it after each
// moment: the values of measure "a", and the N of measure "b", which a
// tenth of the answers leave blank.
type fullRound struct {
	values, counts         [][]Publication // per moment
	allValues, allCounts   []Publication   // every moment's
	lastValues, lastCounts []Publication   // the last moment's
}

// fullAuditRound draws a round over the whole country: each municipality
// answers with probability q, at one of moments moments, and a tenth of
// those answer again later; the counties view (of compareBefore) is fetched
// after each moment.
func fullAuditRound(rng *rand.Rand, q float64, moments int) fullRound {
	type event struct {
		code string
		t    int
	}
	var events []event
	for _, m := range Municipalities() {
		if rng.Float64() < q {
			t := rng.IntN(moments)
			events = append(events, event{m.Code, t})
			if rng.IntN(10) == 0 && t+1 < moments {
				events = append(events, event{m.Code, t + 1 + rng.IntN(moments-t-1)})
			}
		}
	}
	var r fullRound
	res, versions := map[string]MunicipalityResult{}, map[string]int{}
	for t := range moments {
		for _, e := range events {
			if e.t == t {
				a, b := float64(rng.IntN(1001))/10, float64(rng.IntN(1001))/10
				x := MunicipalityResult{Municipality: e.code, Respondents: 1, Measures: map[string]*float64{"a": &a, "b": &b}}
				if rng.IntN(10) == 0 {
					x.Measures["b"] = nil
				}
				res[e.code] = x
				versions[e.code]++
			}
		}
		var rs []MunicipalityResult
		for _, x := range res {
			rs = append(rs, x)
		}
		c := compareBefore([]string{"a", "b"}, rs, DefaultRules())
		prefix := fmt.Sprintf("t%d ", t+1)
		r.values = append(r.values, c.Publications(prefix, "a", rs, versions))
		r.counts = append(r.counts, c.Counts(prefix, "b", rs, versions))
	}
	for t := range moments {
		r.allValues = append(r.allValues, r.values[t]...)
		r.allCounts = append(r.allCounts, r.counts[t]...)
	}
	r.lastValues, r.lastCounts = r.values[moments-1], r.counts[moments-1]
	return r
}

// BenchmarkAudit: a realistic size, 22 groups × 4 publications over 290
// municipalities (each answering at one of the 4 moments, a tenth of them
// again later), as an outsider and as a county lead; and 12 moments, as a
// reader polling a long round would have them.
func BenchmarkAudit(b *testing.B) {
	for _, moments := range []int{4, 12} {
		pubs := fullAuditRound(rand.New(rand.NewPCG(9, 10)), 1, moments).allValues
		for _, in := range []Insider{Outsider(), CountyInsider("03")} {
			b.Run(fmt.Sprintf("%d-moments/%s", moments, strings.ReplaceAll(in.Name, " ", "-")), func(b *testing.B) {
				b.ReportAllocs()
				var leaks []Leak
				for b.Loop() {
					leaks = Audit(pubs, in, 3)
				}
				a := NewAuditor(in, 3)
				a.Add(pubs...)
				b.ReportMetric(float64(len(pubs)), "pubs")
				b.ReportMetric(float64(len(a.vars)), "unknowns")
				b.ReportMetric(float64(a.Rank()), "rank")
				b.ReportMetric(float64(len(leaks)), "leaks")
			})
		}
	}
}

// TestAuditFindingsToday is what the audit finds against Compare as it was
// before issue 11's suppression (compareBefore; compare_audit_test.go checks
// the suppression of today's Compare, one publication at a time) over random
// rounds of the whole country: per kind of reader, in how many
// rounds one of them can work out something about fewer than 3
// municipalities, and how many readers can, from the last publication alone
// and from all 4 moments; of the values, and of the N (F10). It asserts
// nothing about Compare (the suppression that must fix this is issue 11's
// next step): it logs. LAGESBILD_AUDIT_ROUNDS sets the rounds per rate
// (default 1; skipped under js/wasm and -short unless set).
func TestAuditFindingsToday(t *testing.T) {
	rounds := 1
	if s := os.Getenv("LAGESBILD_AUDIT_ROUNDS"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil {
			t.Fatal(err)
		}
		rounds = n
	} else if runtime.GOOS == "js" || testing.Short() {
		t.Skip("LAGESBILD_AUDIT_ROUNDS unset")
	}
	rng := rand.New(rand.NewPCG(12, 13))
	kinds := []string{"outsider", "municipality", "county lead"}
	type tally struct {
		rounds, leaky, readers, leakyReaders int
		what                                 map[string]int // readers by what they learn
	}
	for _, q := range []float64{0.02, 0.05, 0.1, 0.3, 0.6, 0.9} {
		tallies := map[string]*tally{}
		for range rounds {
			r := fullAuditRound(rng, q, 4)
			views := map[string][]Publication{"values, last": r.lastValues, "values, 4 moments": r.allValues,
				"N (F10), last": r.lastCounts, "N (F10), 4 moments": r.allCounts}
			for view, pubs := range views {
				units := map[string]bool{}
				for _, p := range pubs {
					for _, v := range p.Vars {
						units[v.Unit] = true
					}
				}
				readers := map[string][]Insider{"outsider": {Outsider()}}
				for _, m := range Municipalities() {
					if units[m.Code] {
						readers["municipality"] = append(readers["municipality"], MunicipalityInsider(m.Code))
					}
				}
				for _, c := range Counties() {
					readers["county lead"] = append(readers["county lead"], CountyInsider(c.Code))
				}
				for kind, ins := range readers {
					key := view + "|" + kind
					tl := tallies[key]
					if tl == nil {
						tl = &tally{what: map[string]int{}}
						tallies[key] = tl
					}
					tl.rounds++
					found := false
					for _, in := range ins {
						tl.readers++
						leaks := Audit(pubs, in, 3)
						if len(leaks) == 0 {
							continue
						}
						tl.leakyReaders++
						found = true
						learnt := map[string]bool{}
						for _, l := range leaks {
							learnt[leakKind(l)] = true
						}
						for w := range learnt {
							tl.what[w]++
						}
					}
					if found {
						tl.leaky++
					}
				}
			}
		}
		for _, view := range []string{"values, last", "values, 4 moments", "N (F10), last", "N (F10), 4 moments"} {
			for _, kind := range kinds {
				tl := tallies[view+"|"+kind]
				t.Logf("q=%.2f %-19s %-12s: in %2d/%d rounds some reader learns; %3d/%-3d readers (value %d, change %d, two units %d)",
					q, view, kind, tl.leaky, tl.rounds, tl.leakyReaders, tl.readers, tl.what["value"], tl.what["change"], tl.what["two"])
			}
		}
	}
}

// leakKind says what a leak gives: a municipality's value (at some
// version), only a change of one municipality's value, or something about
// two municipalities.
func leakKind(l Leak) string {
	if len(l.Units) > 1 {
		return "two"
	}
	for _, c := range l.Derivable {
		if len(c) == 1 {
			return "value"
		}
	}
	return "change"
}
