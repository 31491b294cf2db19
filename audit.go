package lagesbild

import (
	"cmp"
	"math/bits"
	"slices"
	"strconv"
	"strings"
)

// The audit (issue 11; THREATS.md says who reads what, and why this is the
// test): can one reader work out, by linear algebra over everything it may
// have been shown, a figure about fewer than k municipalities it may not see?
//
// Model. A unit's value (a municipality's result for one measure) at one
// version is an unknown, a Var. A shown mean m over n municipalities is the
// exact linear equation Σ x = m·n over the Vars it rests on: a Publication.
// Rounding is not counted on, and the reader is assumed to know which Vars a
// figure rests on (the registry, `responded`, its own rows and the moment it
// fetched tell it). The reader also knows some values outright (an Insider).
// Every Var it knows moves to the constant side; what it can derive is then
// exactly the row space R of the published equations over the other Vars:
// c·x can be worked out iff c ∈ R (no other linear inference exists).
//
// Leak. For a set M of units, D(M) = R ∩ span{x_v : v a Var of a unit in M}
// is everything that can be worked out about M's values alone. A leak is a
// set M of 1 ≤ |M| < k units with D(M) ≠ 0. The audit reports each M whose
// D(M) holds something its proper subsets' D do not, with a basis of D(M):
// so a single municipality's value is reported once, not again in every pair
// it is part of, while a pair is reported when something about the two is
// known beyond what is known about each alone. This is every single value,
// every change between versions, every sum, difference or other combination
// of the values of fewer than k units at any versions, all at once: not a
// list of candidates tried one by one.
//
// Method. The published rows, reduced to the unknown columns, are brought to
// reduced row echelon form once: R = [I F] up to the order of columns (pivot
// columns B, free columns N). A vector c supported on a set of columns T lies
// in R iff c = Σ_{b ∈ B∩T} c_b·row_b and that combination vanishes outside T,
// so
//
//	dim D(M) = |B∩T| − rank(rows B∩T of the echelon form, columns outside T),
//
// a rank of a few short rows, T being M's Vars. So only a set holding a unit
// with a pivot column can leak, and every other unit of such a set must meet
// the support of those pivot rows (else its Vars could not be cancelled). The
// search enumerates P, sets of fewer than k units with pivots that are
// linked (their rows share a column or hold one another's Vars: if P falls
// apart into unlinked parts, whatever M holds its parts hold alone), then Q,
// sets of units without pivots met by P's rows, |P ∪ Q| < k; each set is
// visited once (P = M ∩ units with pivots). Cost: one elimination of the
// published rows, then small ranks per candidate set; it grows as (linked
// units with pivots) to the power k−1, which suits the small k it is for
// (3, 4).
//
// Arithmetic. Exact, never floating point: the field of integers modulo a
// prime p, in Montgomery form (no division in the inner loop, native 64-bit
// operations also under js/wasm). Published rows are 0/1 vectors, and rank
// over the integers mod p equals rank over the rationals unless p divides a
// nonzero minor. By Hadamard's bound a 0/1 matrix of order n has
// |det| ≤ (n+1)^((n+1)/2) / 2^n, which is below p1 = 2^61 − 1 up to n = 36:
// so while the published rows have rank ≤ 35 over GF(p1) (then over the
// rationals too: a nonzero minor of order 36 would be nonzero mod p1), every
// rank of their columns is the rational one, and so is every dim D(M) =
// rank(rows) − rank(rows without M's columns): the verdict is exact. (For
// k ≥ 4, whether a set of three holds more than its pairs also compares
// sums of such spaces, which the bound does not cover.) Above rank 35 the
// audit runs again modulo a second prime, p2 = 2^62 − 57, and reports the
// union: a leak is missed only if both primes divide nonzero minors, on a
// structure no reader chooses that finely. Missing a leak is the costly
// error, so the union, not the intersection.

// Var is one unit's value at one version: what the audit treats as unknown.
type Var struct {
	// Unit is a kommunkod, or any unit figures rest on (a workshop device).
	Unit string `json:"unit"`
	// Version tells apart a unit's values: a municipality's value changes
	// when it answers again, so publications fetched at different moments
	// rest on different versions; another round's value is another version
	// too. The numbers mean nothing else.
	Version int `json:"version"`
}

func (v Var) String() string { return v.Unit + "@" + strconv.Itoa(v.Version) }

// Publication is one published figure as the audit sees it: the exact sum of
// the values of Vars (a set: a Var listed twice counts once). A mean shown
// with its N is that sum divided by N = len(Vars); a reader who knows N and
// the mean knows the sum, and the audit assumes it does.
type Publication struct {
	Name string `json:"name"` // what it is ("t3 county 09 total"), for people; the audit ignores it
	Vars []Var  `json:"vars"`
}

// Insider is what one reader knows besides the publications it may have
// fetched: the values it may see or has sent itself.
type Insider struct {
	Name string `json:"name"`
	// Units are the units whose every value (every version) it knows: a
	// municipality's own row, a county lead's municipalities.
	Units []string `json:"units"`
	// Vars are single values it knows, such as a response it sent itself.
	Vars []Var `json:"vars"`
}

// Outsider knows none of the values the figures rest on: a holder of a code
// of the round whose own municipality figures in none of them.
func Outsider() Insider { return Insider{Name: "outsider"} }

// MunicipalityInsider is a municipality's invite code: it knows its own row.
func MunicipalityInsider(code string) Insider {
	return Insider{Name: "municipality " + code, Units: []string{code}}
}

// CountyInsider is a county lead's token: it knows every row of its county.
func CountyInsider(code string) Insider {
	in := Insider{Name: "county " + code}
	for _, m := range MunicipalitiesIn(code) {
		in.Units = append(in.Units, m.Code)
	}
	return in
}

// Term is one Var of a derivable combination, with its coefficient.
type Term struct {
	Var  Var   `json:"var"`
	Coef int64 `json:"coef"`
}

// Leak is a set of fewer than k units about which the reader can work
// something out.
type Leak struct {
	Units []string `json:"units"` // sorted; none the reader knows
	// Derivable is a basis of everything the reader can work out about the
	// values of Units alone (including what is known about a subset of
	// them): {1·0980@1} is Gotland's value at version 1; {1·0980@1,
	// −1·0980@2} its change; {1·0305@1, 1·0319@1} a sum of two. Each
	// combination lists its Vars by unit and version, in reduced echelon
	// form (so the same knowledge always reads the same), scaled to whole
	// coefficients without a common divisor. Should a coefficient not fit
	// (never seen: published rows are sums), the combination's Coefs are 0
	// and only its Vars are meaningful.
	Derivable [][]Term `json:"derivable"`
}

// String is the leak for people: "0980: 0980@1 − 0980@2", "0305+0319:
// 0305@1 + 0319@1"; combinations are separated by ";".
func (l Leak) String() string {
	var sb strings.Builder
	sb.WriteString(strings.Join(l.Units, "+"))
	sb.WriteString(":")
	for i, comb := range l.Derivable {
		if i > 0 {
			sb.WriteString(";")
		}
		for j, t := range comb {
			c := t.Coef
			switch {
			case j == 0 && c < 0:
				sb.WriteString(" −")
				c = -c
			case j == 0:
				sb.WriteString(" ")
			case c < 0:
				sb.WriteString(" − ")
				c = -c
			default:
				sb.WriteString(" + ")
			}
			if c != 1 {
				sb.WriteString(strconv.FormatInt(c, 10) + "·")
			}
			sb.WriteString(t.Var.String())
		}
	}
	return sb.String()
}

// Audit reports what one insider can work out, by linear algebra over pubs,
// about fewer than k units it does not know (nil when nothing): see Leak.
// Publications fetched at several moments and from several views (counties,
// a county, the export, a round and its previous) all go in pubs.
func Audit(pubs []Publication, insider Insider, k int) []Leak {
	a := NewAuditor(insider, k)
	a.Add(pubs...)
	return a.Leaks()
}

// Auditor is Audit step by step: publications are added as they are made,
// and Leaks asks at any time what they reveal together. Clone lets a caller
// try a publication and keep the auditor without it. An Auditor is not safe
// for concurrent use.
type Auditor struct {
	k         int
	knownUnit map[string]bool
	knownVar  map[Var]bool
	col       map[Var]int32 // an unknown Var's column
	vars      []Var         // column → Var
	unitOf    []int32       // column → unit
	unitIdx   map[string]int32
	units     []string
	rows      [][]int32 // every publication's unknown columns, sorted: to build the second prime's echelon form
	ech       [2]*echelon
}

// The primes of the audit's arithmetic, and the rank up to which the first
// alone is exact (see above).
const (
	auditP1        = 1<<61 - 1
	auditP2        = 1<<62 - 57
	auditExactRank = 35
)

// NewAuditor starts an audit of what insider can learn about fewer than k
// units.
func NewAuditor(insider Insider, k int) *Auditor {
	a := &Auditor{k: k, knownUnit: map[string]bool{}, knownVar: map[Var]bool{}, col: map[Var]int32{},
		unitIdx: map[string]int32{}}
	for _, u := range insider.Units {
		a.knownUnit[u] = true
	}
	for _, v := range insider.Vars {
		a.knownVar[v] = true
	}
	a.ech[0] = newEchelon(auditP1)
	return a
}

// Add adds published figures.
func (a *Auditor) Add(pubs ...Publication) {
	for _, p := range pubs {
		cols := make([]int32, 0, len(p.Vars))
		for _, v := range p.Vars {
			if a.knownUnit[v.Unit] || a.knownVar[v] {
				continue
			}
			c, ok := a.col[v]
			if !ok {
				u, ok := a.unitIdx[v.Unit]
				if !ok {
					u = int32(len(a.units))
					a.unitIdx[v.Unit] = u
					a.units = append(a.units, v.Unit)
				}
				c = int32(len(a.vars))
				a.col[v] = c
				a.vars = append(a.vars, v)
				a.unitOf = append(a.unitOf, u)
			}
			cols = append(cols, c)
		}
		slices.Sort(cols)
		cols = slices.Compact(cols)
		if len(cols) == 0 {
			continue // all known: a constant
		}
		a.rows = append(a.rows, cols)
		for _, e := range a.ech {
			if e != nil {
				e.grow(len(a.vars))
				e.add(cols)
			}
		}
	}
}

// Clone returns an independent copy of the auditor.
func (a *Auditor) Clone() *Auditor {
	b := *a
	b.col = make(map[Var]int32, len(a.col))
	for v, c := range a.col {
		b.col[v] = c
	}
	b.unitIdx = make(map[string]int32, len(a.unitIdx))
	for u, i := range a.unitIdx {
		b.unitIdx[u] = i
	}
	b.vars, b.unitOf, b.units = slices.Clone(a.vars), slices.Clone(a.unitOf), slices.Clone(a.units)
	b.rows = slices.Clone(a.rows) // each row is never changed once added
	for i, e := range a.ech {
		if e != nil {
			b.ech[i] = e.clone()
		}
	}
	return &b
}

// Rank is how many of the publications added so far are independent, once
// what the insider knows is taken out.
func (a *Auditor) Rank() int { return len(a.ech[0].rows) }

// Leaks reports what the publications added so far reveal about fewer than k
// units the insider does not know, sorted by size and units; nil when
// nothing.
func (a *Auditor) Leaks() []Leak {
	if a.k < 2 || len(a.rows) == 0 {
		return nil
	}
	leaks := newSearch(a, a.ech[0]).run()
	if a.Rank() > auditExactRank {
		if a.ech[1] == nil {
			e := newEchelon(auditP2)
			e.grow(len(a.vars))
			for _, r := range a.rows {
				e.add(r)
			}
			a.ech[1] = e
		}
		seen := map[string]bool{}
		for _, l := range leaks {
			seen[strings.Join(l.Units, ",")] = true
		}
		for _, l := range newSearch(a, a.ech[1]).run() {
			if !seen[strings.Join(l.Units, ",")] {
				leaks = append(leaks, l)
			}
		}
	}
	slices.SortFunc(leaks, func(x, y Leak) int {
		if c := cmp.Compare(len(x.Units), len(y.Units)); c != 0 {
			return c
		}
		return slices.Compare(x.Units, y.Units)
	})
	return leaks
}

// field is the integers modulo an odd prime p < 2^63, in Montgomery form: a
// stands for a·2^-64 mod p, so a product needs no division.
type field struct {
	p    uint64
	pinv uint64 // p^-1 mod 2^64
	one  uint64 // 1, that is 2^64 mod p
	r2   uint64 // 2^128 mod p, to bring a number in
}

func newField(p uint64) field {
	inv := p // p·p ≡ 1 mod 8: right to 3 bits; each step doubles them
	for range 5 {
		inv *= 2 - p*inv
	}
	one := -p % p
	hi, lo := bits.Mul64(one, one)
	return field{p: p, pinv: inv, one: one, r2: bits.Rem64(hi, lo, p)}
}

func (f *field) mul(a, b uint64) uint64 {
	hi, lo := bits.Mul64(a, b)
	mh, _ := bits.Mul64(lo*f.pinv, f.p) // m·p ≡ lo mod 2^64, so a·b − m·p = (hi − mh)·2^64
	if hi < mh {
		return hi - mh + f.p
	}
	return hi - mh
}

func (f *field) add(a, b uint64) uint64 {
	if s := a + b; s < f.p {
		return s
	}
	return a + b - f.p
}

func (f *field) sub(a, b uint64) uint64 {
	if a >= b {
		return a - b
	}
	return a - b + f.p
}

func (f *field) neg(a uint64) uint64 { return f.sub(0, a) }

// in brings n (0 ≤ n) into the field; out takes a back out, as 0 ≤ n < p.
func (f *field) in(n uint64) uint64  { return f.mul(n%f.p, f.r2) }
func (f *field) out(a uint64) uint64 { return f.mul(a, 1) }

// inv is a^(p−2) = 1/a (a ≠ 0).
func (f *field) inv(a uint64) uint64 {
	r := f.one
	for e := f.p - 2; e > 0; e >>= 1 {
		if e&1 == 1 {
			r = f.mul(r, a)
		}
		a = f.mul(a, a)
	}
	return r
}

// entry is one nonzero of a sparse row; rows are sorted by column.
type entry struct {
	col int32
	v   uint64
}

// lin returns a·u + b·w as a new row.
func (f *field) lin(a uint64, u []entry, b uint64, w []entry) []entry {
	out := make([]entry, 0, len(u)+len(w))
	i, j := 0, 0
	for i < len(u) || j < len(w) {
		switch {
		case j == len(w) || i < len(u) && u[i].col < w[j].col:
			if v := f.mul(a, u[i].v); v != 0 {
				out = append(out, entry{u[i].col, v})
			}
			i++
		case i == len(u) || w[j].col < u[i].col:
			if v := f.mul(b, w[j].v); v != 0 {
				out = append(out, entry{w[j].col, v})
			}
			j++
		default:
			if v := f.add(f.mul(a, u[i].v), f.mul(b, w[j].v)); v != 0 {
				out = append(out, entry{u[i].col, v})
			}
			i++
			j++
		}
	}
	return out
}

// at is a row's value at a column (0 when absent).
func at(u []entry, col int32) uint64 {
	i, ok := slices.BinarySearchFunc(u, col, func(e entry, c int32) int { return cmp.Compare(e.col, c) })
	if !ok {
		return 0
	}
	return u[i].v
}

// echelon is the reduced row echelon form of the published rows over one
// prime field: row i is 1 at pivot[i] and 0 at every other row's pivot.
// Rows are never changed in place once stored, so a clone shares them.
type echelon struct {
	f       field
	rows    [][]entry
	pivot   []int32
	rowOf   []int32  // column → the row it is the pivot of, or −1
	acc     []uint64 // scratch per column
	stamp   []uint32 // acc[c] is live when stamp[c] == gen
	gen     uint32
	touched []int32
}

func newEchelon(p uint64) *echelon { return &echelon{f: newField(p)} }

func (e *echelon) clone() *echelon {
	return &echelon{f: e.f, rows: slices.Clone(e.rows), pivot: slices.Clone(e.pivot), rowOf: slices.Clone(e.rowOf),
		acc: make([]uint64, len(e.acc)), stamp: make([]uint32, len(e.stamp))}
}

func (e *echelon) grow(n int) {
	for len(e.rowOf) < n {
		e.rowOf = append(e.rowOf, -1)
		e.acc = append(e.acc, 0)
		e.stamp = append(e.stamp, 0)
	}
}

// add reduces the 0/1 row with ones at cols by the rows so far and keeps the
// rest, if any, as a new row.
func (e *echelon) add(cols []int32) {
	f := &e.f
	e.gen++
	if e.gen == 0 {
		clear(e.stamp)
		e.gen = 1
	}
	touched := e.touched[:0]
	for _, c := range cols {
		e.stamp[c], e.acc[c] = e.gen, f.one
		touched = append(touched, c)
	}
	// Subtracting a row touches its pivot and free columns only, so the
	// new row still holds 1 at every pivot column it had at first.
	for _, c := range cols {
		r := e.rowOf[c]
		if r < 0 {
			continue
		}
		for _, en := range e.rows[r] {
			if e.stamp[en.col] != e.gen {
				e.stamp[en.col], e.acc[en.col] = e.gen, 0
				touched = append(touched, en.col)
			}
			e.acc[en.col] = f.sub(e.acc[en.col], en.v)
		}
	}
	slices.Sort(touched)
	n := 0
	for _, c := range touched {
		if e.acc[c] != 0 {
			n++
		}
	}
	e.touched = touched
	if n == 0 {
		return // already derivable from the rows so far
	}
	row := make([]entry, 0, n)
	for _, c := range touched {
		if v := e.acc[c]; v != 0 {
			row = append(row, entry{c, v})
		}
	}
	if lead := row[0].v; lead != f.one {
		inv := f.inv(lead)
		for i := range row {
			row[i].v = f.mul(row[i].v, inv)
		}
	}
	pc := row[0].col
	for i, r := range e.rows {
		if a := at(r, pc); a != 0 {
			e.rows[i] = f.lin(f.one, r, f.neg(a), row)
		}
	}
	e.rowOf[pc] = int32(len(e.rows))
	e.rows = append(e.rows, row)
	e.pivot = append(e.pivot, pc)
}

// derivation is D(M) for a set M of units: its dimension and a basis of
// combinations (rows over the columns of M's Vars).
type derivation struct {
	dim   int
	basis [][]entry
}

// search finds the leaks of one echelon form.
type search struct {
	a        *Auditor
	e        *echelon
	f        *field
	budget   int       // k − 1: the most units a leak may be about
	pivRows  [][]int32 // unit → the rows whose pivot is one of its Vars
	single   []*derivation
	memo     map[string]*derivation // sets of 2 or more units, when a larger set may need them
	leaks    []Leak
	pivUnits []int32   // units with a pivot, ascending
	adj      [][]int32 // unit with a pivot → the units with a pivot linked to it (linkUnits)
}

func newSearch(a *Auditor, e *echelon) *search {
	s := &search{a: a, e: e, f: &e.f, budget: a.k - 1, pivRows: make([][]int32, len(a.units)),
		single: make([]*derivation, len(a.units)), memo: map[string]*derivation{}}
	for i, pc := range e.pivot {
		u := a.unitOf[pc]
		if s.pivRows[u] == nil {
			s.pivUnits = append(s.pivUnits, u)
		}
		s.pivRows[u] = append(s.pivRows[u], int32(i))
	}
	slices.Sort(s.pivUnits)
	return s
}

func (s *search) run() []Leak {
	if s.budget < 2 {
		for _, u := range s.pivUnits {
			s.visit([]int32{u})
		}
		return s.leaks
	}
	s.linkUnits()
	// Connected sets of units with pivots, by size: each connected set of
	// size n+1 is one of size n (a spanning tree's leaf taken out) and a
	// linked unit more.
	level := make([][]int32, 0, len(s.pivUnits))
	for _, u := range s.pivUnits {
		level = append(level, []int32{u})
	}
	for size := 1; len(level) > 0; size++ {
		for _, p := range level {
			s.visit(p)
		}
		if size == s.budget {
			break
		}
		var next [][]int32
		seen := map[string]bool{}
		for _, p := range level {
			for _, u := range p {
				for _, v := range s.adj[u] {
					if slices.Contains(p, v) {
						continue
					}
					q := union(p, []int32{v})
					if key := unitsKey(q); !seen[key] {
						seen[key] = true
						next = append(next, q)
					}
				}
			}
		}
		level = next
	}
	return s.leaks
}

func unitsKey(m []int32) string {
	var sb strings.Builder
	for _, u := range m {
		sb.WriteString(strconv.Itoa(int(u)))
		sb.WriteByte(',')
	}
	return sb.String()
}

// linkUnits finds which units with pivots are linked: A and B are when a
// row of A's and a row of B's share a column, or A's rows hold a Var of B or
// B's a Var of A. If P splits into two parts with no link between them, the
// rows of either part vanish outside M = P ∪ Q on their own, so everything
// D(M) holds lies in D(M minus one part) or D(M minus the other): nothing
// new. So only P connected by links need a visit.
func (s *search) linkUnits() {
	a := s.a
	s.adj = make([][]int32, len(a.units))
	byCol := make([][]int32, len(a.vars)) // column → units with a pivot whose rows hold it
	for _, u := range s.pivUnits {
		for _, r := range s.pivRows[u] {
			for _, en := range s.e.rows[r] {
				if l := byCol[en.col]; len(l) == 0 || l[len(l)-1] != u {
					byCol[en.col] = append(l, u)
				}
			}
		}
	}
	link := func(x, y int32) {
		if x != y && s.pivRows[y] != nil {
			s.adj[x] = append(s.adj[x], y)
			s.adj[y] = append(s.adj[y], x)
		}
	}
	for c, us := range byCol {
		owner := a.unitOf[c]
		for i, x := range us {
			link(x, owner) // x's rows hold a Var of owner
			for _, y := range us[i+1:] {
				link(x, y) // a shared column
			}
		}
	}
	for u, l := range s.adj {
		slices.Sort(l)
		s.adj[u] = slices.Compact(l)
	}
}

// in reports whether a column is a Var of a unit of m.
func (s *search) in(m []int32, col int32) bool {
	return slices.Contains(m, s.a.unitOf[col])
}

// visit checks P (units with pivots) alone and with every set Q of units
// without pivots that P's rows meet, |P ∪ Q| ≤ budget.
func (s *search) visit(p []int32) {
	s.check(p)
	rest := s.budget - len(p)
	if rest == 0 {
		return
	}
	var rows []int32
	for _, u := range p {
		rows = append(rows, s.pivRows[u]...)
	}
	var support []int32 // units without a pivot that P's rows meet
	withPivot := false  // and whether they meet a unit with a pivot outside P
	for _, r := range rows {
		for _, en := range s.e.rows[r] {
			u := s.a.unitOf[en.col]
			switch {
			case slices.Contains(p, u):
			case s.pivRows[u] != nil:
				withPivot = true
			default:
				if !slices.Contains(support, u) {
					support = append(support, u)
				}
			}
		}
	}
	if len(rows) == 1 {
		// One row: only all of its support can cancel it, and only if
		// every unit of that support is one Q may hold.
		if !withPivot && len(support) > 0 && len(support) <= rest {
			s.check(union(p, support))
		}
		return
	}
	slices.Sort(support)
	var q []int32
	var rec func(start int)
	rec = func(start int) {
		for i := start; i < len(support); i++ {
			q = append(q, support[i])
			s.check(union(p, q))
			if len(q) < rest {
				rec(i + 1)
			}
			q = q[:len(q)-1]
		}
	}
	rec(0)
}

// union is the sorted union of two disjoint sets of units.
func union(p, q []int32) []int32 {
	m := make([]int32, 0, len(p)+len(q))
	m = append(append(m, p...), q...)
	slices.Sort(m)
	return m
}

// check reports m if D(m) holds something its subsets' do not.
func (s *search) check(m []int32) {
	d := s.derive(m)
	if d.dim == 0 {
		return
	}
	sub := 0
	switch len(m) {
	case 1:
	case 2:
		sub = s.derive(m[:1]).dim + s.derive(m[1:]).dim // disjoint Vars: the dimensions add up
	default:
		var stack [][]entry
		rest := make([]int32, 0, len(m)-1)
		for i := range m {
			rest = append(append(rest[:0], m[:i]...), m[i+1:]...)
			stack = append(stack, s.derive(rest).basis...)
		}
		sub = len(stack) - len(s.dependencies(stack))
	}
	if d.dim > sub {
		s.leaks = append(s.leaks, s.leak(m, d))
	}
}

// derive computes D(m): the combinations of the pivot rows of m's Vars that
// vanish outside m's Vars.
func (s *search) derive(m []int32) *derivation {
	if len(m) == 1 {
		if d := s.single[m[0]]; d != nil {
			return d
		}
	}
	key := ""
	if len(m) > 1 && len(m) < s.budget {
		key = unitsKey(m)
		if d, ok := s.memo[key]; ok {
			return d
		}
	}
	var rows []int32
	for _, u := range m {
		rows = append(rows, s.pivRows[u]...)
	}
	d := &derivation{}
	if len(rows) > 0 {
		outside := make([][]entry, len(rows))
		for i, r := range rows {
			for _, en := range s.e.rows[r] {
				if !s.in(m, en.col) {
					outside[i] = append(outside[i], en)
				}
			}
		}
		for _, y := range s.dependencies(outside) {
			var c []entry
			for i, yi := range y {
				if yi != 0 {
					c = s.f.lin(s.f.one, c, yi, s.e.rows[rows[i]])
				}
			}
			d.basis = append(d.basis, c)
		}
		d.dim = len(d.basis)
	}
	switch {
	case len(m) == 1:
		s.single[m[0]] = d
	case key != "":
		s.memo[key] = d
	}
	return d
}

// dependencies returns a basis of the y with Σ y_i·rows[i] = 0, by
// fraction-free elimination (no inverses: these are small).
func (s *search) dependencies(rows [][]entry) [][]uint64 {
	f := s.f
	if len(rows) == 1 {
		if len(rows[0]) == 0 {
			return [][]uint64{{f.one}}
		}
		return nil
	}
	type reduced struct {
		vec []entry
		y   []uint64
	}
	var ech []reduced
	var deps [][]uint64
	for i, r := range rows {
		cur := r
		y := make([]uint64, len(rows))
		y[i] = f.one
		for _, x := range ech {
			a := at(cur, x.vec[0].col)
			if a == 0 {
				continue
			}
			lv := x.vec[0].v
			cur = f.lin(lv, cur, f.neg(a), x.vec)
			for j := range y {
				y[j] = f.sub(f.mul(lv, y[j]), f.mul(a, x.y[j]))
			}
		}
		if len(cur) == 0 {
			deps = append(deps, y)
		} else {
			ech = append(ech, reduced{cur, y})
		}
	}
	return deps
}

// leak writes D(m) for people: its basis in reduced echelon form over m's
// Vars in order of unit and version, each combination in whole numbers.
func (s *search) leak(m []int32, d *derivation) Leak {
	f := s.f
	l := Leak{}
	for _, u := range m {
		l.Units = append(l.Units, s.a.units[u])
	}
	slices.Sort(l.Units)
	var cols []int32
	for _, c := range d.basis {
		for _, en := range c {
			if !slices.Contains(cols, en.col) {
				cols = append(cols, en.col)
			}
		}
	}
	vars := s.a.vars
	slices.SortFunc(cols, func(x, y int32) int {
		if c := strings.Compare(vars[x].Unit, vars[y].Unit); c != 0 {
			return c
		}
		return cmp.Compare(vars[x].Version, vars[y].Version)
	})
	// Dense rows over cols, brought to reduced echelon form.
	mat := make([][]uint64, len(d.basis))
	for i, c := range d.basis {
		mat[i] = make([]uint64, len(cols))
		for _, en := range c {
			mat[i][slices.Index(cols, en.col)] = en.v
		}
	}
	r := 0
	for j := 0; j < len(cols) && r < len(mat); j++ {
		p := -1
		for i := r; i < len(mat); i++ {
			if mat[i][j] != 0 {
				p = i
				break
			}
		}
		if p < 0 {
			continue
		}
		mat[r], mat[p] = mat[p], mat[r]
		inv := f.inv(mat[r][j])
		for jj := range mat[r] {
			mat[r][jj] = f.mul(mat[r][jj], inv)
		}
		for i := range mat {
			if i != r && mat[i][j] != 0 {
				a := mat[i][j]
				for jj := range mat[i] {
					mat[i][jj] = f.sub(mat[i][jj], f.mul(a, mat[r][jj]))
				}
			}
		}
		r++
	}
	for _, row := range mat[:r] {
		l.Derivable = append(l.Derivable, s.wholeNumbers(row, cols))
	}
	return l
}

// wholeNumbers turns a combination over the field into whole coefficients,
// by rational reconstruction of each (numerator and denominator below 2^30)
// and clearing the denominators.
func (s *search) wholeNumbers(row []uint64, cols []int32) []Term {
	type frac struct{ n, d int64 }
	fr := make([]frac, len(row))
	ok := true
	lcm := int64(1)
	for i, v := range row {
		if v == 0 {
			continue
		}
		n, d, good := reconstruct(s.f.out(v), s.f.p)
		if !good {
			ok = false
			break
		}
		fr[i] = frac{n, d}
		g := gcd(lcm, d)
		if hi, lo := bits.Mul64(uint64(lcm/g), uint64(d)); hi != 0 || lo >= 1<<62 {
			ok = false
			break
		}
		lcm = lcm / g * d
	}
	var terms []Term
	var all int64
	for i, v := range row {
		if v == 0 {
			continue
		}
		t := Term{Var: s.a.vars[cols[i]]}
		if ok {
			q := lcm / fr[i].d
			if hi, lo := bits.Mul64(uint64(abs64(fr[i].n)), uint64(q)); hi != 0 || lo >= 1<<62 {
				ok = false
			} else {
				t.Coef = fr[i].n * q
				all = gcd(all, abs64(t.Coef))
			}
		}
		terms = append(terms, t)
	}
	for i := range terms {
		switch {
		case !ok:
			terms[i].Coef = 0
		case all > 1:
			terms[i].Coef /= all
		}
	}
	return terms
}

// reconstruct finds n/d ≡ a mod p with |n|, d < 2^30 (unique when it
// exists, as 2·2^60 < p), by the extended Euclidean algorithm.
func reconstruct(a, p uint64) (n, d int64, ok bool) {
	const bound = 1 << 30
	r0, r1 := int64(p), int64(a)
	t0, t1 := int64(0), int64(1)
	for r1 >= bound {
		q := r0 / r1
		r0, r1 = r1, r0-q*r1
		t0, t1 = t1, t0-q*t1
	}
	n, d = r1, t1
	if d < 0 {
		n, d = -n, -d
	}
	if d == 0 || d >= bound || gcd(abs64(n), d) != 1 {
		return 0, 0, false
	}
	return n, d, true
}

func gcd(a, b int64) int64 {
	for b != 0 {
		a, b = b, a%b
	}
	return a
}

func abs64(a int64) int64 {
	if a < 0 {
		return -a
	}
	return a
}

// Publications lists what a Comparison shows of one measure, as the audit
// sees it: every county figure shown and the national one if shown, each the
// sum over the municipalities it rests on (those of results with a respondent
// and a value for the measure, as Compare counts them), each at the version
// versions gives it (0 when absent). A suppressed figure publishes nothing of
// its value. prefix starts each Name ("t3 ").
func (c *Comparison) Publications(prefix, measure string, results []MunicipalityResult, versions map[string]int) []Publication {
	return c.publications(prefix, measure, results, versions, false)
}

// Counts lists the N of one measure's every figure that publishes it
// (Figure.NShown), shown or suppressed, as the audit sees it (issue 11,
// F10): N is the sum, over the municipalities that responded in the group,
// of 1 for each that has a value for the measure and 0 for each that has
// none. Its Vars are those 0/1 values, at the versions versions gives, and
// must be audited apart from the values.
func (c *Comparison) Counts(prefix, measure string, results []MunicipalityResult, versions map[string]int) []Publication {
	return c.publications(prefix, measure, results, versions, true)
}

func (c *Comparison) publications(prefix, measure string, results []MunicipalityResult, versions map[string]int, counts bool) []Publication {
	reg := loadRegistry()
	byCounty := make([][]Var, len(reg.counties))
	var all []Var
	for _, r := range results {
		i, ok := reg.muniIdx[r.Municipality]
		if !ok || r.Respondents == 0 || !counts && r.Measures[measure] == nil {
			continue
		}
		v := Var{Unit: r.Municipality, Version: versions[r.Municipality]}
		ci := reg.countyIdx[reg.municipalities[i].County]
		byCounty[ci] = append(byCounty[ci], v)
		all = append(all, v)
	}
	var pubs []Publication
	add := func(g *Group, vars []Var) {
		f := g.Measures[measure]
		if len(vars) == 0 || !counts && (f.Suppressed || f.Value == nil) || counts && !f.NShown() {
			return
		}
		what := "n"
		if !counts {
			what = measure
		}
		pubs = append(pubs, Publication{Name: prefix + g.Code + " " + what, Vars: vars})
	}
	for i := range c.Counties {
		if ci, ok := reg.countyIdx[c.Counties[i].Code]; ok {
			add(&c.Counties[i], byCounty[ci])
		}
	}
	add(&c.National, all)
	return pubs
}
