package i18n

import (
	"testing"
	"time"
)

func TestDay(t *testing.T) {
	tests := []struct{ lang, stamp, want string }{
		{"sv", "2026-12-03T09:14:05Z", "3 december 2026"},
		{"en", "2026-12-03T09:14:05Z", "3 December 2026"},
		{"sv", "2026-12-31T23:30:00Z", "1 januari 2027"}, // already the new year in Sweden
		{"sv", "2026-06-30T22:00:00Z", "1 juli 2026"},    // summer time
		{"sv", "2026-06-30T21:59:59Z", "30 juni 2026"},
		{"sv", "yesterday", "yesterday"},
	}
	for _, tt := range tests {
		if got := Day(tt.lang, tt.stamp); got != tt.want {
			t.Errorf("Day(%q, %q) = %q, want %q", tt.lang, tt.stamp, got, tt.want)
		}
	}
}

func TestLastDay(t *testing.T) {
	tests := []struct{ lang, closes, want string }{
		{"sv", "2027-02-01T00:00:00Z", "31 januari 2027"}, // a date given as the close (UTC midnight, 01.00 in Sweden)
		{"en", "2027-02-01T00:00:00Z", "31 January 2027"},
		{"sv", "2027-01-31T23:00:00Z", "31 januari 2027"}, // Swedish midnight in winter
		{"sv", "2026-05-31T22:00:00Z", "31 maj 2026"},     // Swedish midnight in summer
		{"sv", "2026-06-01T00:00:00Z", "31 maj 2026"},     // UTC midnight in summer (02.00)
		{"sv", "2027-01-31T22:30:00Z", "30 januari 2027"}, // closes at 23.30: 31 januari is not open to its end
		{"sv", "2027-01-01T00:00:00Z", "31 december 2026"},
		{"sv", "2026-03-29T22:00:00Z", "29 mars 2026"}, // the night after summer time began
		{"sv", "2026-10-25T23:00:00Z", "25 oktober 2026"},
		{"sv", "9999-01-01T00:00:00Z", "31 december 9998"}, // the demo round
		{"sv", "2027-02-01", "2027-02-01"},                 // not a stamp
	}
	for _, tt := range tests {
		if got := LastDay(tt.lang, tt.closes); got != tt.want {
			t.Errorf("LastDay(%q, %q) = %q, want %q", tt.lang, tt.closes, got, tt.want)
		}
	}
}

// TestLastDayZone holds LastDay to the zone database, where the host has
// it: for closes on every hour of three years, the day named ends (Swedish
// midnight) at or before the close, and the day after it does not.
func TestLastDayZone(t *testing.T) {
	loc, err := time.LoadLocation("Europe/Stockholm")
	if err != nil {
		t.Skip("no zone data here:", err)
	}
	for at := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC); at.Year() < 2028; at = at.Add(time.Hour) {
		l := at.In(loc)
		// The last Swedish midnight at or before the close ends the day before it.
		midnight := time.Date(l.Year(), l.Month(), l.Day(), 0, 0, 0, 0, loc)
		day := midnight.AddDate(0, 0, -1)
		want := day.Format("2 ") + monthsSv[day.Month()-1] + day.Format(" 2006")
		if got := LastDay("sv", at.Format(time.RFC3339)); got != want {
			t.Fatalf("LastDay(%s) = %q, want %q", at.Format(time.RFC3339), got, want)
		}
	}
}

func FuzzLastDay(f *testing.F) {
	f.Add("2027-02-01T00:00:00Z")
	f.Add("0000-01-01T00:00:00Z")
	f.Fuzz(func(t *testing.T, s string) {
		if got := LastDay("sv", s); got == "" && s != "" {
			t.Errorf("LastDay(%q) is empty", s)
		}
		if got := Day("sv", s); got == "" && s != "" {
			t.Errorf("Day(%q) is empty", s)
		}
	})
}
