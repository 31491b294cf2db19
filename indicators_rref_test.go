package lagesbild

import (
	"math/rand/v2"
	"slices"
	"testing"
)

// The free supports an rref keeps (for readerLeaks) are those of its rows
// as they are, after any adds and undos, for the outsider and a lead
// (whose cover's columns are deleted).
func TestRREFKeptSupports(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	f := newField(auditP1)
	for round := range 40 {
		n := 4 + rng.IntN(30)
		cover := make([]int, n)
		for c := range cover {
			cover[c] = rng.IntN(4) - 1 // −1: no cover
		}
		for _, excl := range []int{-1, 0, 2} {
			r := &rref{excl: excl, pivotOf: make([]int, n)}
			for i := range r.pivotOf {
				r.pivotOf[i] = -1
			}
			for step := range 3 * n {
				var row []int32
				for c := range n {
					if rng.IntN(4) == 0 {
						row = append(row, int32(c))
					}
				}
				r.add(&f, cover, row, n)
				if rng.IntN(3) == 0 {
					r.undo()
				} else {
					r.commit()
				}
				for i := range r.rows {
					if got, want := r.supp[i], r.freeSupport(i); !slices.Equal(got, want) {
						t.Fatalf("round %d, excl %d, step %d, row %d: kept support %v, want %v", round, excl, step, i, got, want)
					}
					for _, c := range r.supp[i] {
						if excl >= 0 && cover[c] == excl {
							t.Fatalf("round %d, excl %d: column %d of the lead's own cover in a support", round, excl, c)
						}
					}
				}
			}
		}
	}
}
