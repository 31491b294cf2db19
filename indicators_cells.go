package lagesbild

import (
	"slices"
	"strconv"
	"strings"
)

// cellJudge is the release's judge on cells (for k ≤ 3 rrefJudge, which
// asks the same question incrementally, runs instead): the Auditor's
// verdict (TestIndicatorCellsAreAudit holds them to each other), worked out
// on cells instead of units.
//
// Every published row is the sum over a group's members. Split the unknown
// units into cells: units in the same groups (every candidate group) and in
// the same cover (the units one lead knows). Every derivable combination
// c = Σ y_g·row_g is then constant on each cell, so its support is a union
// of whole cells, and the audit's question — is anything derivable about
// a set of fewer than k units — becomes: is there a nonzero combination of
// the rows over the cell columns (G, groups × cells) supported on cells S of
// total size < k. With K a basis of G's kernel (cells × d), the row space
// meets span{e_s : s ∈ S} exactly when the rows of K at S are linearly
// dependent (the row space is the kernel's orthogonal complement).
//
//   - The outsider: any S of total size < k with dependent K rows.
//   - The municipalities a lead covers (see ReleaseIndicator): S of total
//     size k inside one cover, with dependent K rows (a municipality of S
//     takes itself out and learns about the k−1 others).
//   - A lead (cover C): its known cells are constants, so its row space is
//     G's with C's columns deleted; S outside C leaks when the K rows of S
//     are dependent modulo the span of C's K rows.
//
// A set that is dependent holds a minimal dependent set of no greater size,
// which is what the audit reports; so checking every S of the allowed sizes
// finds exactly the audit's leaks. Arithmetic modulo p1, and also p2 when the
// rank exceeds auditExactRank, as the audit.
type cellJudge struct {
	cellWeights
	outsider bool
	covers   int
	rows     [][]int32 // accepted rows, as cells
}

// cellWeights are the cells' sizes and covers, shared by the judges.
type cellWeights struct {
	k     int
	size  []int
	cover []int  // cell → cover, −1 none
	probe []bool // cover → municipalities of it are readers (the probe of weight k)
}

// weightOK reports whether the cells s are a set a reader may not learn
// about: fewer than k municipalities, or, except for a county lead's
// system (lead), exactly k inside one probe cover (one of them, reading,
// knows its own value). Both judges ask it.
func (j *cellWeights) weightOK(s []int, lead bool) bool {
	w := 0
	for _, c := range s {
		w += j.size[c]
	}
	if w < j.k {
		return true // the outsider's, and so every reader's who knows none of S
	}
	if lead || w > j.k {
		return false
	}
	c0 := j.cover[s[0]]
	if c0 < 0 || !j.probe[c0] {
		return false
	}
	for _, c := range s {
		if j.cover[c] != c0 {
			return false
		}
	}
	return true
}

// newCellJudge splits units into cells. groups give each unit's
// memberships; coverOf each unit's cover (−1 none).
func newCellJudge(units []string, memberships map[string][]int, coverOf func(string) int, covers int, probe []bool, outsider bool, k int) (*cellJudge, map[string]int32) {
	j := &cellJudge{cellWeights: cellWeights{k: k, probe: probe}, outsider: outsider, covers: covers}
	idx := map[string]int32{}
	cellOf := map[string]int32{}
	for _, u := range units {
		var sb strings.Builder
		c := coverOf(u)
		sb.WriteString(strconv.Itoa(c))
		for _, g := range memberships[u] {
			sb.WriteByte(',')
			sb.WriteString(strconv.Itoa(g))
		}
		key := sb.String()
		i, ok := idx[key]
		if !ok {
			i = int32(len(j.size))
			idx[key] = i
			j.size = append(j.size, 0)
			j.cover = append(j.cover, c)
		}
		j.size[i]++
		cellOf[u] = i
	}
	return j, cellOf
}

// rowJudge is a cell judge: the kernel one (cellJudge, any k) or the
// incremental one (rrefJudge, k ≤ 3).
type rowJudge interface {
	try(row []int32) bool // adds the row if no reader then finds a leak
	undo()                // takes back the last row accepted
}

func (j *cellJudge) undo() { j.rows = j.rows[:len(j.rows)-1] }

// try adds the row (cells) if no reader then finds a leak.
func (j *cellJudge) try(row []int32) bool {
	rows := append(slices.Clone(j.rows), row)
	for pi, p := range []uint64{auditP1, auditP2} {
		f := newField(p)
		kern, rank := kernel(&f, rows, len(j.size))
		if pi == 0 && rank == j.rank(&f) {
			break // the row adds nothing a reader did not have
		}
		if j.leaks(&f, kern) {
			return false
		}
		if rank <= auditExactRank {
			break
		}
	}
	j.rows = rows
	return true
}

func (j *cellJudge) rank(f *field) int {
	_, r := kernel(f, j.rows, len(j.size))
	return r
}

// kernel returns, per cell, its row of a basis of the kernel of the rows
// (0/1 over the cells), and the rows' rank.
func kernel(f *field, rows [][]int32, n int) ([][]uint64, int) {
	m := make([][]uint64, 0, len(rows))
	for _, r := range rows {
		v := make([]uint64, n)
		for _, c := range r {
			v[c] = f.one
		}
		m = append(m, v)
	}
	isPivot := make([]int, n)
	for i := range isPivot {
		isPivot[i] = -1
	}
	r := 0
	for c := 0; c < n && r < len(m); c++ {
		p := -1
		for i := r; i < len(m); i++ {
			if m[i][c] != 0 {
				p = i
				break
			}
		}
		if p < 0 {
			continue
		}
		m[r], m[p] = m[p], m[r]
		inv := f.inv(m[r][c])
		for x := c; x < n; x++ {
			m[r][x] = f.mul(m[r][x], inv)
		}
		for i := range m {
			if i != r && m[i][c] != 0 {
				a := m[i][c]
				for x := c; x < n; x++ {
					if m[r][x] != 0 {
						m[i][x] = f.sub(m[i][x], f.mul(a, m[r][x]))
					}
				}
			}
		}
		isPivot[c] = r
		r++
	}
	var free []int
	for c := range n {
		if isPivot[c] < 0 {
			free = append(free, c)
		}
	}
	kern := make([][]uint64, n)
	for c := range n {
		kern[c] = make([]uint64, len(free))
		if isPivot[c] < 0 {
			kern[c][slices.Index(free, c)] = f.one
			continue
		}
		for fi, fc := range free {
			kern[c][fi] = f.neg(m[isPivot[c]][fc])
		}
	}
	return kern, r
}

// leaks checks every reader on one kernel.
func (j *cellJudge) leaks(f *field, kern [][]uint64) bool {
	all := make([]int, len(j.size))
	for i := range all {
		all[i] = i
	}
	if dependentSet(f, kern, all, j.size, j.cover, j.k, func(s []int) bool { return j.weightOK(s, false) }) {
		return true
	}
	for cv := range j.covers {
		var basis [][]uint64
		var rest []int
		for c := range j.size {
			if j.cover[c] == cv {
				basis = append(basis, kern[c])
			} else {
				rest = append(rest, c)
			}
		}
		if len(basis) == 0 {
			continue
		}
		ech := echelonDense(f, basis)
		reduced := make([][]uint64, len(j.size))
		for _, c := range rest {
			reduced[c] = reduceDense(f, ech, kern[c])
		}
		if dependentSet(f, reduced, rest, j.size, nil, j.k, func(s []int) bool { return j.weightOK(s, true) }) {
			return true
		}
	}
	return false
}

// dependentSet reports whether some set S of cells (of cand) that ok allows
// and whose sizes add up to at most k has linearly dependent vectors.
// Singles: a zero vector. Pairs: parallel vectors, found by normalising and
// grouping. Larger sets (only for k ≥ 3 weights): enumerated.
func dependentSet(f *field, vec [][]uint64, cand []int, size, cover []int, k int, ok func([]int) bool) bool {
	var small []int
	for _, c := range cand {
		if size[c] <= k {
			small = append(small, c)
		}
	}
	norm := map[string][]int{}
	for _, c := range small {
		v := vec[c]
		lead := -1
		for i, x := range v {
			if x != 0 {
				lead = i
				break
			}
		}
		if lead < 0 {
			if ok([]int{c}) {
				return true
			}
			continue
		}
		inv := f.inv(v[lead])
		var sb strings.Builder
		for _, x := range v[lead:] {
			sb.WriteString(strconv.FormatUint(f.mul(x, inv), 36))
			sb.WriteByte(' ')
		}
		key := strconv.Itoa(lead) + ":" + sb.String()
		for _, d := range norm[key] {
			if ok([]int{d, c}) {
				return true
			}
		}
		norm[key] = append(norm[key], c)
	}
	// Sets of three or more cells weigh 3 or more: under k only when k ≥ 4
	// (enumerated over every small cell), else of weight k inside one cover
	// (the probe: enumerated cover by cover).
	var rec func(pool []int, start, w int, s []int) bool
	rec = func(pool []int, start, w int, s []int) bool {
		for i := start; i < len(pool); i++ {
			c := pool[i]
			if w+size[c] > k {
				continue
			}
			t := append(s, c)
			if len(t) >= 3 && ok(t) && dependent(f, vec, t) {
				return true
			}
			if rec(pool, i+1, w+size[c], t) {
				return true
			}
		}
		return false
	}
	switch {
	case k >= 4:
		return rec(small, 0, 0, nil)
	case k == 3 && cover != nil:
		byCover := map[int][]int{}
		var order []int
		for _, c := range small {
			cv := cover[c]
			if cv < 0 {
				continue
			}
			if _, ok := byCover[cv]; !ok {
				order = append(order, cv)
			}
			byCover[cv] = append(byCover[cv], c)
		}
		for _, cv := range order {
			if rec(byCover[cv], 0, 0, nil) {
				return true
			}
		}
	}
	return false
}

func dependent(f *field, vec [][]uint64, s []int) bool {
	rows := make([][]uint64, len(s))
	for i, c := range s {
		rows[i] = vec[c]
	}
	return len(echelonDense(f, rows)) < len(s)
}

// echelonDense returns an echelon basis of the rows' span (copies).
func echelonDense(f *field, rows [][]uint64) [][]uint64 {
	var ech [][]uint64
	for _, r := range rows {
		v := reduceDense(f, ech, r)
		if slices.ContainsFunc(v, func(x uint64) bool { return x != 0 }) {
			ech = append(ech, v)
		}
	}
	return ech
}

// reduceDense reduces v by an echelon basis (each row's first nonzero is
// its pivot, and rows were reduced by the earlier ones in turn).
func reduceDense(f *field, ech [][]uint64, v []uint64) []uint64 {
	out := slices.Clone(v)
	for _, e := range ech {
		p := slices.IndexFunc(e, func(x uint64) bool { return x != 0 })
		if out[p] == 0 {
			continue
		}
		a := f.mul(out[p], f.inv(e[p]))
		for i := p; i < len(out); i++ {
			if e[i] != 0 {
				out[i] = f.sub(out[i], f.mul(a, e[i]))
			}
		}
	}
	return out
}
