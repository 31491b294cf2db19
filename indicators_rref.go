package lagesbild

import (
	"cmp"
	"slices"
)

// rrefJudge is the cell judge (indicators_cells.go) for k ≤ 3, kept
// incrementally: instead of a kernel basis recomputed for every candidate
// row and reduced once per lead, every reader holds the reduced row echelon
// form of its own row space over the cells (the outsider: all cells; a
// lead: the cells outside its cover, whose columns it knows and deletes),
// and a candidate row costs one reduction and one elimination per reader.
//
// The question is the cell judge's: is there a nonzero x in the reader's
// row space supported on a set S of cells the reader may not learn about
// (weightOK)? In reduced echelon form x = Σ x_p·row_p over the pivots p,
// so x is supported on S exactly when x_p = 0 for the pivots outside S and
// the free columns outside S cancel: S leaks if and only if the rows of
// the pivots in S, restricted to the free columns outside S, are linearly
// dependent. This is the kernel criterion read from the other side (the
// kernel's rows are the unit vectors at free cells and minus the free part
// at pivot cells). For k ≤ 3 the sets to try are few: a set of weight
// under k, or of weight k inside a probe cover, holds a minimal dependent
// set that is allowed too (weightOK only grows with the set), so singles,
// pairs and, for k = 3, triples of single cells in one probe cover are
// enough, each found from the rows' free supports.
//
// Arithmetic as the cell judge: modulo p1, and also p2 (every reader, in
// full) when the rank exceeds auditExactRank. TestIndicatorRREFIsCells and
// TestIndicatorCellsAreAudit hold it to the cell judge and the Auditor.
type rrefJudge struct {
	cellWeights
	rows    [][]int32 // accepted
	sets    [2]*rrefSet
	pending [2]bool // the last try changed sets[i] (undo restores)
	// scratch of readerLeaks
	hashes []rowHash
}

// rowHash is a row of readerLeaks by the hash of its free support.
type rowHash struct {
	h uint64
	i int
}

type rrefSet struct {
	f       field
	readers []*rref // [0] the outsider's (all cells), then one per cover with cells
	added   int     // rows of the judge's accepted rows held
}

type rref struct {
	excl    int // the cover whose columns are deleted, −1 none
	rows    [][]uint64
	pcol    []int
	pivotOf []int   // column → row, −1
	supp    [][]int // by row: its free support, the nonzero columns that are no pivot (they follow its pivot)
	// undo of the last add
	saved    []savedRow
	appended bool
	scratch  []uint64 // of add
}

type savedRow struct {
	i    int
	row  []uint64
	supp []int
}

func newRREFJudge(c *cellJudge) *rrefJudge {
	return &rrefJudge{cellWeights: c.cellWeights}
}

func (j *rrefJudge) newSet(p uint64) *rrefSet {
	s := &rrefSet{f: newField(p)}
	n := len(j.size)
	has := make([]bool, len(j.probe))
	for _, c := range j.cover {
		if c >= 0 {
			has[c] = true
		}
	}
	mk := func(excl int) *rref {
		r := &rref{excl: excl, pivotOf: make([]int, n)}
		for i := range r.pivotOf {
			r.pivotOf[i] = -1
		}
		return r
	}
	s.readers = append(s.readers, mk(-1))
	for cv := range has {
		if has[cv] {
			s.readers = append(s.readers, mk(cv))
		}
	}
	return s
}

// add reduces the row (cells) into r and reports whether its rank grew.
func (r *rref) add(f *field, cover []int, row []int32, n int) bool {
	r.saved, r.appended = r.saved[:0], false
	// Reduced in scratch: a row that adds nothing (often, for a lead) is
	// not allocated.
	if cap(r.scratch) < n {
		r.scratch = make([]uint64, n)
	}
	v := r.scratch[:n]
	clear(v)
	for _, c := range row {
		if cover[c] != r.excl || r.excl < 0 {
			v[c] = f.one
		}
	}
	for i, p := range r.pcol {
		if a := v[p]; a != 0 {
			subMul(f, v, a, r.rows[i])
		}
	}
	q := slices.IndexFunc(v, func(x uint64) bool { return x != 0 })
	if q < 0 {
		return false
	}
	v = slices.Clone(v)
	if v[q] != f.one {
		inv := f.inv(v[q])
		for x := q; x < n; x++ {
			if v[x] != 0 {
				v[x] = f.mul(v[x], inv)
			}
		}
	}
	for i, row := range r.rows {
		if a := row[q]; a != 0 {
			r.saved = append(r.saved, savedRow{i, slices.Clone(row), r.supp[i]})
			subMul(f, row, a, v)
		}
	}
	r.rows = append(r.rows, v)
	r.pcol = append(r.pcol, q)
	r.pivotOf[q] = len(r.rows) - 1
	r.appended = true
	// Free supports change only in the rows changed here (a row with a
	// nonzero at q, now zero there) and the new one: kept, so that
	// readerLeaks does not read every row whole (its hot loop).
	r.supp = append(r.supp, r.freeSupport(len(r.rows)-1))
	for _, sv := range r.saved {
		r.supp[sv.i] = r.freeSupport(sv.i)
	}
	return true
}

// freeSupport is row i's free support.
func (r *rref) freeSupport(i int) []int {
	row := r.rows[i]
	free := func(c int) bool { return row[c] != 0 && r.pivotOf[c] < 0 }
	k := 0 // counted first: one allocation, not a slice grown
	for c := r.pcol[i] + 1; c < len(row); c++ {
		if free(c) {
			k++
		}
	}
	if k == 0 {
		return nil
	}
	out := make([]int, 0, k)
	for c := r.pcol[i] + 1; c < len(row); c++ {
		if free(c) {
			out = append(out, c)
		}
	}
	return out
}

func (r *rref) undo() {
	for _, s := range r.saved {
		r.rows[s.i], r.supp[s.i] = s.row, s.supp
	}
	if r.appended {
		last := len(r.rows) - 1
		r.pivotOf[r.pcol[last]] = -1
		r.rows, r.pcol, r.supp = r.rows[:last], r.pcol[:last], r.supp[:last]
	}
	r.saved, r.appended = r.saved[:0], false
}

func (r *rref) commit() { r.saved, r.appended = r.saved[:0], false }

// subMul sets v to v − a·w.
func subMul(f *field, v []uint64, a uint64, w []uint64) {
	for x, y := range w {
		if y != 0 {
			v[x] = f.sub(v[x], f.mul(a, y))
		}
	}
}

// catchUp brings the set up to the accepted rows (their leaks were judged).
func (j *rrefJudge) catchUp(s *rrefSet) {
	for ; s.added < len(j.rows); s.added++ {
		for _, r := range s.readers {
			r.add(&s.f, j.cover, j.rows[s.added], len(j.size))
			r.commit()
		}
	}
}

// try adds the row (cells) if no reader then finds a leak.
func (j *rrefJudge) try(row []int32) bool {
	j.pending = [2]bool{}
	if j.sets[0] == nil {
		j.sets[0] = j.newSet(auditP1)
	}
	s := j.sets[0]
	j.catchUp(s)
	j.pending[0] = true
	if !s.readers[0].add(&s.f, j.cover, row, len(j.size)) {
		j.commitSets()
		j.rows = append(j.rows, row)
		return true // the row adds nothing a reader did not have
	}
	for ri, r := range s.readers {
		if ri > 0 && !r.add(&s.f, j.cover, row, len(j.size)) {
			continue // this reader's row space is what it was, which did not leak
		}
		if j.readerLeaks(&s.f, r) {
			j.undoSets()
			return false
		}
	}
	if len(s.readers[0].rows) > auditExactRank {
		if j.sets[1] == nil {
			j.sets[1] = j.newSet(auditP2)
		}
		s2 := j.sets[1]
		j.catchUp(s2)
		j.pending[1] = true
		for _, r := range s2.readers {
			r.add(&s2.f, j.cover, row, len(j.size))
		}
		for _, r := range s2.readers { // every reader: earlier rows were not all judged modulo p2
			if j.readerLeaks(&s2.f, r) {
				j.undoSets()
				return false
			}
		}
	}
	j.commitSets()
	j.rows = append(j.rows, row)
	return true
}

func (j *rrefJudge) eachPending(fn func(*rref)) {
	for i, s := range j.sets {
		if s != nil && j.pending[i] {
			for _, r := range s.readers {
				fn(r)
			}
		}
	}
}

func (j *rrefJudge) commitSets() {
	j.eachPending((*rref).commit)
	for i, s := range j.sets {
		if s != nil && j.pending[i] {
			s.added = len(j.rows) + 1
		}
	}
	j.pending = [2]bool{}
}

func (j *rrefJudge) undoSets() {
	j.eachPending((*rref).undo)
	j.pending = [2]bool{}
}

// undo takes back the last accepted row (another system rejected the group).
func (j *rrefJudge) undo() {
	j.undoSets() // nothing pending after try; rebuild below
	j.rows = j.rows[:len(j.rows)-1]
	j.sets = [2]*rrefSet{} // rebuilt from the accepted rows when next tried
}

// readerLeaks looks for an allowed set of cells some nonzero combination of
// r's rows is supported on (see above).
func (j *rrefJudge) readerLeaks(f *field, r *rref) bool {
	lead := r.excl >= 0
	// The kept free supports (a lead's rows are zero in its own cover's
	// columns: add deletes them).
	supp := func(i int) []int { return r.supp[i] }
	// Rows with the same free support (by hash) are compared pairwise:
	// parallel ones leak. Sorted pairs rather than a map of slices, which
	// allocated on every call.
	j.hashes = j.hashes[:0]
	for i := range r.rows {
		p := r.pcol[i]
		s := supp(i)
		switch len(s) {
		case 0:
			if j.weightOK([]int{p}, lead) {
				return true
			}
			continue
		case 1:
			if j.weightOK([]int{p, s[0]}, lead) {
				return true
			}
		}
		h := uint64(len(s)) // parallel rows have the same support: verified below
		for _, c := range s {
			h = (h ^ uint64(c)) * 0x9e3779b97f4a7c15
		}
		j.hashes = append(j.hashes, rowHash{h, i})
	}
	slices.SortFunc(j.hashes, func(a, b rowHash) int { return cmp.Or(cmp.Compare(a.h, b.h), cmp.Compare(a.i, b.i)) })
	for x, a := range j.hashes {
		for _, b := range j.hashes[x+1:] {
			if b.h != a.h {
				break
			}
			if j.weightOK([]int{r.pcol[a.i], r.pcol[b.i]}, lead) && parallelOn(f, r.rows[a.i], r.rows[b.i], supp(a.i), supp(b.i)) {
				return true
			}
		}
	}
	if j.k != 3 || lead {
		return false
	}
	// Triples of single cells in one probe cover (weight k).
	one := func(c int) bool { return j.size[c] == 1 && j.cover[c] >= 0 && j.probe[j.cover[c]] }
	byCover := map[int][]int{}
	for i := range r.rows {
		p := r.pcol[i]
		if !one(p) {
			continue
		}
		if s := supp(i); len(s) == 2 && j.weightOK([]int{p, s[0], s[1]}, false) {
			return true
		}
		byCover[j.cover[p]] = append(byCover[j.cover[p]], i)
	}
	for _, rs := range byCover {
		for a := 0; a < len(rs); a++ {
			for b := a + 1; b < len(rs); b++ {
				ra, rb := rs[a], rs[b]
				us := append(slices.Clone(supp(ra)), supp(rb)...)
				slices.Sort(us)
				for _, u := range slices.Compact(us) {
					if !one(u) || j.cover[u] != j.cover[r.pcol[ra]] {
						continue
					}
					if dependentRestricted(f, [][]uint64{r.rows[ra], r.rows[rb]}, [][]int{supp(ra), supp(rb)}, u) {
						return true
					}
				}
				for c := b + 1; c < len(rs); c++ {
					rc := rs[c]
					if dependentRestricted(f, [][]uint64{r.rows[ra], r.rows[rb], r.rows[rc]}, [][]int{supp(ra), supp(rb), supp(rc)}, -1) {
						return true
					}
				}
			}
		}
	}
	return false
}

// parallelOn reports whether a and b, on their free supports sa and sb,
// are parallel (both nonzero).
func parallelOn(f *field, a, b []uint64, sa, sb []int) bool {
	if !slices.Equal(sa, sb) {
		return false
	}
	// a[c]·b[c0] = b[c]·a[c0] for every c
	c0 := sa[0]
	for _, c := range sa[1:] {
		if f.mul(a[c], b[c0]) != f.mul(b[c], a[c0]) {
			return false
		}
	}
	return true
}

// dependentRestricted reports whether the rows, on the union of their free
// supports less column skip, are linearly dependent.
func dependentRestricted(f *field, rows [][]uint64, supps [][]int, skip int) bool {
	var cols []int
	for _, s := range supps {
		cols = append(cols, s...)
	}
	slices.Sort(cols)
	cols = slices.Compact(cols)
	vs := make([][]uint64, len(rows))
	for i, r := range rows {
		v := make([]uint64, 0, len(cols))
		for _, c := range cols {
			if c == skip {
				v = append(v, 0)
			} else {
				v = append(v, r[c])
			}
		}
		vs[i] = v
	}
	return len(echelonDense(f, vs)) < len(vs)
}
