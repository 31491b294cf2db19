package lagesbild

import (
	"math/big"
	"math/rand/v2"
	"testing"
)

// TestMeanHalfWay: the mean of 44.4 and 33.3 is 38.85, which rounds half away
// from zero to 38.9 (adding the float64 values gave 38.849999999999994: 38.8).
func TestMeanHalfWay(t *testing.T) {
	for _, tt := range []struct {
		id   string
		vals []float64
		want float64
	}{
		{"s", []float64{44.4, 33.3}, 38.9},
		{"s", []float64{33.3, 44.4}, 38.9},
		{"s", []float64{0.1, 0.2}, 0.2},
		{"s", []float64{10.1, 10.2, 10.3, 10.0}, 10.2}, // 40.6 / 4 = 10.15
		{"s", []float64{100, 0}, 50},
		{MeasureDontKnow, []float64{0.001, 0.002}, 0.002},
		{MeasureDontKnow, []float64{0.333, 0.334, 0.334}, 0.334}, // 1.001 / 3 = 0.33366…
		{MeasureTotal, []float64{66.7}, 66.7},
	} {
		var rs []map[string]*float64
		for _, v := range tt.vals {
			rs = append(rs, map[string]*float64{tt.id: &v})
		}
		if got := Mean("0180", rs).Measures[tt.id]; got == nil || *got != tt.want {
			t.Errorf("Mean %s of %v = %v, want %v", tt.id, tt.vals, deref(got), tt.want)
		}
	}
}

func deref(v *float64) any {
	if v == nil {
		return nil
	}
	return *v
}

// TestMeanExact: over random values on each measure's grid, Mean is the exact
// mean rounded half away from zero (worked out with big.Rat), gives the same
// float64 as RoundMeasure of that rounded value, and does not depend on the
// order of the responses. One value is its own mean.
func TestMeanExact(t *testing.T) {
	rng := rand.New(rand.NewPCG(11, 12))
	for i := 0; i < 20000; i++ {
		id, grid := "s", 10 // scores: tenths 0..1000
		if i%3 == 0 {
			id, grid = MeasureDontKnow, 1000 // shares: thousandths 0..1000
		}
		n := 1 + rng.IntN(8)
		var rs []map[string]*float64
		sum := 0
		for j := 0; j < n; j++ {
			k := rng.IntN(1001)
			if j == 1 && i%2 == 0 { // often half way: make the sum odd over n = 2, etc.
				k = (k | 1) % 1001
			}
			sum += k
			v := RoundMeasure(id, float64(k)/float64(grid))
			rs = append(rs, map[string]*float64{id: &v})
		}
		got := Mean("0180", rs).Measures[id]
		// The exact mean, in grid steps, rounded half away from zero (all positive here).
		exact := new(big.Rat).SetFrac64(int64(sum), int64(n))
		exact.Add(exact, big.NewRat(1, 2))
		steps := new(big.Int).Quo(exact.Num(), exact.Denom()).Int64()
		want := RoundMeasure(id, float64(steps)/float64(grid))
		if got == nil || *got != want {
			t.Fatalf("Mean %s of %d values summing to %d/%d = %v, want %v", id, n, sum, grid, deref(got), want)
		}
		if n == 1 && *got != *rs[0][id] {
			t.Fatalf("Mean of one value %v = %v", *rs[0][id], *got)
		}
		rng.Shuffle(len(rs), func(a, b int) { rs[a], rs[b] = rs[b], rs[a] })
		if again := Mean("0180", rs).Measures[id]; *again != *got {
			t.Fatalf("Mean depends on the order: %v, then %v", *got, *again)
		}
	}
}

func TestDivRound(t *testing.T) {
	for _, tt := range []struct{ a, d, want int64 }{
		{0, 3, 0}, {1, 2, 1}, {3, 2, 2}, {-1, 2, -1}, {-3, 2, -2}, {4, 3, 1}, {5, 3, 2}, {-4, 3, -1}, {-5, 3, -2},
	} {
		if got := divRound(tt.a, tt.d); got != tt.want {
			t.Errorf("divRound(%d, %d) = %d, want %d", tt.a, tt.d, got, tt.want)
		}
	}
}
