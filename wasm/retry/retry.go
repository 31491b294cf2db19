// Package retry is how long the browser client waits before it tries a
// request again: the questionnaire runner sending answers (wasm/form) and
// the facilitator's page. (A phone in a workshop retries the same way in
// assets/workshop/join.mjs.) Plain Go, tested natively.
package retry

import (
	"math"
	"time"
)

// Backoff spaces out retries: Base, 2×Base, 4×Base … up to Max, each delay
// spread over its upper half at random, so that many clients coming back
// after the same outage do not all knock at once.
type Backoff struct {
	Base, Max time.Duration
}

// Default retries after 1 s, 2 s, 4 s … and at least every 60 s.
var Default = Backoff{Base: time.Second, Max: time.Minute}

// Delay is the wait before retry number attempt (0 for the first retry);
// r is a random number in [0, 1).
func (b Backoff) Delay(attempt int, r float64) time.Duration {
	d := b.Max
	if attempt < 30 {
		d = time.Duration(math.Min(float64(b.Base)*math.Pow(2, float64(attempt)), float64(b.Max)))
	}
	return d/2 + time.Duration(r*float64(d/2))
}

// Attempts counts the retries of one request: each Next waits longer, up
// to the backoff's Max.
type Attempts struct {
	Backoff
	n int
}

// Next is the wait before the next try; r is a random number in [0, 1).
func (a *Attempts) Next(r float64) time.Duration {
	d := a.Delay(a.n, r)
	a.n++
	return d
}

// Reset starts over: the request went through.
func (a *Attempts) Reset() { a.n = 0 }
