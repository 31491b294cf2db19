package worker

import "time"

// SetSlowRequest sets the duration over which a request is logged, for a
// test, and returns what restores it.
func SetSlowRequest(d time.Duration) (restore func()) {
	old := slowRequest
	slowRequest = d
	return func() { slowRequest = old }
}
