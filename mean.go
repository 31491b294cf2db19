package lagesbild

import "math"

// Means are exact. A measure's values lie on a grid: scores to 0.1 and the
// "Vet ej" share to 0.001 (Result.Measures rounds them so), so each is a whole
// number of thousandths. Mean adds those whole numbers, which is exact in any
// order, and rounds the exact mean once, in whole numbers too. Adding the
// float64 values instead is not: 44.4 + 33.3 is 77.69999999999999, whose
// half, 38.849999999999994, rounds to 38.8 although the mean is 38.85 (38.9);
// and with four values or more the order of adding could move a half-way mean
// either way.
//
// The worker keeps the same whole numbers in SQL (worker/migrations/0004) and
// calls MeanOfUnits with them, so its means are Mean's to the last digit.

// MeasureUnits is a measure value in thousandths, rounded to the nearest
// whole number: what Mean adds.
func MeasureUnits(v float64) int64 { return int64(math.Round(v * 1000)) }

// MeanOfUnits is the mean of n values whose MeasureUnits add up to units,
// rounded as RoundMeasure rounds (scores to one decimal, the "Vet ej" share
// to three, half away from zero), computed exactly: the rounding is done on
// the exact quotient in whole numbers, and only the rounded result becomes a
// float64 (the same float64 RoundMeasure gives for that rounded value). n
// must be at least 1.
func MeanOfUnits(id string, units int64, n int) float64 {
	step, scale := int64(100), 10.0 // thousandths per tenth; tenths per unit
	if id == MeasureDontKnow {
		step, scale = 1, 1000
	}
	return float64(divRound(units, step*int64(n))) / scale
}

// divRound is a ÷ d (d > 0) rounded to the nearest whole number, half away
// from zero.
func divRound(a, d int64) int64 {
	if a < 0 {
		return -((-2*a + d) / (2 * d))
	}
	return (2*a + d) / (2 * d)
}
