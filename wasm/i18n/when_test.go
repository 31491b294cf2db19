package i18n

import (
	"strconv"
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

func TestLastDay(t *testing.T) {
	tests := []struct{ lang, closes, want string }{
		// A date, as the worker stores it: 00:00 UTC of the day after.
		{"sv", "2027-02-01T00:00:00Z", "31 januari 2027"},
		{"en", "2027-02-01T00:00:00Z", "31 January 2027"},
		{"sv", "2027-01-01T00:00:00Z", "31 december 2026"},
		{"sv", "2026-07-01T00:00:00Z", "30 juni 2026"}, // summer time: 02.00 in Sweden
		// Swedish midnight, in winter and in summer.
		{"sv", "2027-01-31T23:00:00Z", "31 januari 2027"},
		{"sv", "2026-06-30T22:00:00Z", "30 juni 2026"},
		// Any other moment: the day, and when in it.
		{"sv", "2027-01-31T15:00:00Z", "31 januari 2027 kl.\u00a016.00"},
		{"en", "2027-01-31T15:00:00Z", "31 January 2027, 16:00"},
		{"sv", "2027-01-31T23:30:00Z", "1 februari 2027 kl.\u00a000.30"},
		{"sv", "2027-02-01T00:00:01Z", "1 februari 2027 kl.\u00a001.00"},
		{"sv", "", ""},
		{"sv", "2027-02-01", "2027-02-01"},
	}
	for _, tt := range tests {
		if got := LastDay(tt.lang, tt.closes); got != tt.want {
			t.Errorf("LastDay(%q, %q) = %q, want %q", tt.lang, tt.closes, got, tt.want)
		}
	}
}

func TestFirstDay(t *testing.T) {
	tests := []struct{ lang, opens, want string }{
		{"sv", "2027-03-01T00:00:00Z", "1 mars 2027"},
		{"en", "2027-03-01T00:00:00Z", "1 March 2027"},
		{"sv", "2027-02-28T23:00:00Z", "1 mars 2027"}, // Swedish midnight
		{"sv", "2027-03-01T09:00:00Z", "1 mars 2027 kl.\u00a010.00"},
		{"sv", "later", "later"},
	}
	for _, tt := range tests {
		if got := FirstDay(tt.lang, tt.opens); got != tt.want {
			t.Errorf("FirstDay(%q, %q) = %q, want %q", tt.lang, tt.opens, got, tt.want)
		}
	}
}

// TestLastDayZone holds LastDay to the zone database, where the host has
// it: a round closing at Swedish midnight, or on a date as the worker
// stores one, has as its last day the Swedish day before, every day of
// three years.
func TestLastDayZone(t *testing.T) {
	loc, err := time.LoadLocation("Europe/Stockholm")
	if err != nil {
		t.Skip("no zone data here:", err)
	}
	for d := time.Date(2025, 1, 1, 0, 0, 0, 0, loc); d.Year() < 2028; d = d.AddDate(0, 0, 1) {
		last := d.AddDate(0, 0, -1)
		want := strconv.Itoa(last.Day()) + " " + monthsSv[last.Month()-1] + " " + strconv.Itoa(last.Year())
		if got := LastDay("sv", d.UTC().Format(time.RFC3339)); got != want {
			t.Fatalf("closing at Swedish midnight %s: LastDay = %q, want %q", d.UTC().Format(time.RFC3339), got, want)
		}
		utc := time.Date(d.Year(), d.Month(), d.Day(), 0, 0, 0, 0, time.UTC)
		if got := LastDay("sv", utc.Format(time.RFC3339)); got != want {
			t.Fatalf("closing on a date, %s: LastDay = %q, want %q", utc.Format(time.RFC3339), got, want)
		}
	}
}

func FuzzWhen(f *testing.F) {
	f.Add("2026-12-03T09:14:05Z")
	f.Add("0000-01-01T00:00:00Z")
	f.Fuzz(func(t *testing.T, s string) {
		for _, fn := range []func(string, string) string{When, LastDay, FirstDay} {
			if got := fn("sv", s); got == "" && s != "" {
				t.Errorf("%q is said as nothing", s)
			}
		}
	})
}
