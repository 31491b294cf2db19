package i18n

import (
	"testing"
	"time"
)

func TestWhen(t *testing.T) {
	tests := []struct{ lang, stamp, want string }{
		{"sv", "2026-12-03T09:14:05Z", "3 december 2026 kl.\u00a010.14"},
		{"en", "2026-12-03T09:14:05Z", "3 December 2026, 10:14"},
		{"sv", "2026-12-31T23:30:00Z", "1 januari 2027 kl.\u00a000.30"}, // CET crosses the year
		// Summer time 2026: from 29 March 01:00 UTC to 25 October 01:00 UTC.
		{"sv", "2026-03-29T00:59:59Z", "29 mars 2026 kl.\u00a001.59"},
		{"sv", "2026-03-29T01:00:00Z", "29 mars 2026 kl.\u00a003.00"},
		{"sv", "2026-10-25T00:59:00Z", "25 oktober 2026 kl.\u00a002.59"},
		{"sv", "2026-10-25T01:00:00Z", "25 oktober 2026 kl.\u00a002.00"},
		{"en", "2026-06-01T10:05:00.123Z", "1 June 2026, 12:05"},
		{"sv", "not a time", "not a time"},
		{"sv", "2026-13-01T00:00:00Z", "2026-13-01T00:00:00Z"},
		{"sv", "2026-12-03T09:14:05+01:00", "2026-12-03T09:14:05+01:00"},
	}
	for _, tt := range tests {
		if got := When(tt.lang, tt.stamp); got != tt.want {
			t.Errorf("When(%q, %q) = %q, want %q", tt.lang, tt.stamp, got, tt.want)
		}
	}
}

// TestWhenZone holds the hand-made rule to the zone database over every
// hour of three years, where the host has it.
func TestWhenZone(t *testing.T) {
	loc, err := time.LoadLocation("Europe/Stockholm")
	if err != nil {
		t.Skip("no zone data here:", err)
	}
	for at := time.Date(2025, 1, 1, 0, 30, 0, 0, time.UTC); at.Year() < 2028; at = at.Add(time.Hour) {
		l := at.In(loc)
		want := l.Format("2 ") + monthsSv[l.Month()-1] + l.Format(" 2006 kl.\u00a015.04")
		if got := When("sv", at.Format(time.RFC3339)); got != want {
			t.Fatalf("When(%s) = %q, want %q", at.Format(time.RFC3339), got, want)
		}
	}
}

func FuzzWhen(f *testing.F) {
	f.Add("2026-12-03T09:14:05Z")
	f.Add("0000-01-01T00:00:00Z")
	f.Fuzz(func(t *testing.T, s string) {
		if got := When("sv", s); got == "" && s != "" {
			t.Errorf("When(%q) is empty", s)
		}
	})
}
