package retry

import (
	"testing"
	"time"
)

func TestBackoff(t *testing.T) {
	b := Backoff{Base: time.Second, Max: 30 * time.Second}
	tests := []struct {
		attempt int
		r       float64
		want    time.Duration
	}{
		{0, 0, 500 * time.Millisecond},
		{0, 0.999999, time.Second - time.Microsecond},
		{1, 0, time.Second},
		{3, 0.5, 6 * time.Second},
		{5, 0, 15 * time.Second}, // 32 s capped at 30
		{1000, 1, 30 * time.Second},
	}
	for _, tt := range tests {
		got := b.Delay(tt.attempt, tt.r)
		if d := got - tt.want; d < -time.Microsecond || d > time.Microsecond {
			t.Errorf("Delay(%d, %v) = %v, want %v", tt.attempt, tt.r, got, tt.want)
		}
	}
	if got := Default.Delay(100, 0.5); got != 45*time.Second {
		t.Errorf("Default.Delay(100, 0.5) = %v, want 45s (at least every minute)", got)
	}
}

func TestAttempts(t *testing.T) {
	a := Attempts{Backoff: Backoff{Base: time.Second, Max: 15 * time.Second}}
	var got []time.Duration
	for range 6 {
		got = append(got, a.Next(0.5))
	}
	want := []time.Duration{750 * time.Millisecond, 1500 * time.Millisecond, 3 * time.Second, 6 * time.Second, 11250 * time.Millisecond, 11250 * time.Millisecond}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("wait %d = %v, want %v (all: %v)", i, got[i], want[i], got)
		}
	}
	a.Reset()
	if d := a.Next(0); d != 500*time.Millisecond {
		t.Errorf("after Reset the wait is %v, want 500ms", d)
	}
}
