package workshop

import (
	"testing"
	"time"
)

// TestLongWait has the cases of join.test.mjs ("the long-poll: when the next
// poll of the room goes"): the simulated phones of e2e/cmd/workshopload poll
// as the page does.
func TestLongWait(t *testing.T) {
	p := ParticipantPoll
	tests := []struct {
		name         string
		failed, held bool
		elapsed      time.Duration
		failures     int
		r            float64
		want         time.Duration
	}{
		{"held until the wait was over", false, true, 20 * time.Second, 0, 0.5, 0},
		{"held until the room moved", false, true, 4 * time.Second, 0, 0.5, 0},
		{"held, back soon: a second from its start", false, true, 300 * time.Millisecond, 0, 0.5, 700 * time.Millisecond},
		{"not held (a worker that does not hold)", false, false, 20 * time.Millisecond, 0, 0.5, time.Second},
		{"the network failed once", true, false, 5 * time.Millisecond, 1, 0.5, time.Second},
		{"failed three times in a row", true, false, 5 * time.Millisecond, 3, 0.5, 3 * time.Second},
		{"busy, many times", true, false, 5 * time.Millisecond, 12, 1, 15 * time.Second},
	}
	for _, tt := range tests {
		if got := p.LongWait(tt.failed, tt.held, tt.elapsed, tt.failures, tt.r); got != tt.want {
			t.Errorf("%s: LongWait = %v, want %v", tt.name, got, tt.want)
		}
	}
	if p.Hold <= 0 || p.Hold > 25*time.Second {
		t.Errorf("ParticipantPoll.Hold = %v: the glue holds up to 25 s (fastpoll.mjs, MAX_WAIT_S)", p.Hold)
	}
}
