package i18n

import (
	"testing"
	"time"
)

func TestRoundDates(t *testing.T) {
	tests := []struct {
		name, in string
		fn       func(string) (string, bool)
		want     string
		ok       bool
	}{
		{"winter evening is the next day in Sweden", "2027-01-31T23:30:00Z", SwedishDate, "2027-02-01", true},
		{"summer, before midnight", "2027-07-01T21:59:59Z", SwedishDate, "2027-07-01", true},
		{"summer, at midnight", "2027-07-01T22:00:00Z", SwedishDate, "2027-07-02", true},
		{"not a stamp", "2027-07-01", SwedishDate, "", false},

		{"a date-only close (UTC midnight)", "2027-02-01T00:00:00Z", LastDate, "2027-01-31", true},
		{"a close at Swedish midnight, winter", "2027-01-31T23:00:00Z", LastDate, "2027-01-31", true},
		{"a close at Swedish midnight, summer", "2027-06-30T22:00:00Z", LastDate, "2027-06-30", true},
		{"closed now, in the afternoon", "2027-03-15T13:30:00Z", LastDate, "2027-03-15", true},
		{"the demo round's close", "9999-01-01T00:00:00Z", LastDate, "9998-12-31", true},
		{"a close just after Swedish midnight", "2027-01-31T23:00:01Z", LastDate, "2027-02-01", true},
		{"not a stamp", "i morgon", LastDate, "", false},

		{"winter", "2027-02-01", SwedishMidnight, "2027-01-31T23:00:00Z", true},
		{"summer", "2027-07-01", SwedishMidnight, "2027-06-30T22:00:00Z", true},
		{"the day summer time starts", "2027-03-28", SwedishMidnight, "2027-03-27T23:00:00Z", true},
		{"the day after", "2027-03-29", SwedishMidnight, "2027-03-28T22:00:00Z", true},
		{"the day summer time ends", "2027-10-31", SwedishMidnight, "2027-10-30T22:00:00Z", true},
		{"the day after it ends", "2027-11-01", SwedishMidnight, "2027-10-31T23:00:00Z", true},
		{"no such day", "2027-02-29", SwedishMidnight, "", false},
		{"a short year", "27-02-01", SwedishMidnight, "", false},
		{"a sign", "+027-02-01", SwedishMidnight, "", false},
		{"empty", "", SwedishMidnight, "", false},

		{"end of February", "2028-02-28", NextDate, "2028-02-29", true},
		{"end of the year", "2027-12-31", NextDate, "2028-01-01", true},
		{"not a date", "2027-13-01", NextDate, "", false},
	}
	for _, tt := range tests {
		if got, ok := tt.fn(tt.in); got != tt.want || ok != tt.ok {
			t.Errorf("%s: (%q) = %q, %v; want %q, %v", tt.name, tt.in, got, ok, tt.want, tt.ok)
		}
	}
}

// TestRoundDaysRoundTrip checks every day of three years: a round that
// opens on day d opens on d, and one whose last day is d has last day d.
func TestRoundDaysRoundTrip(t *testing.T) {
	for d := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC); d.Year() < 2029; d = d.AddDate(0, 0, 1) {
		day := isoDate(d)
		opens, ok := SwedishMidnight(day)
		if !ok {
			t.Fatalf("SwedishMidnight(%q) failed", day)
		}
		if got, _ := SwedishDate(opens); got != day {
			t.Errorf("opening on %s (%s) reads as %s", day, opens, got)
		}
		next, _ := NextDate(day)
		closes, _ := SwedishMidnight(next)
		if got, _ := LastDate(closes); got != day {
			t.Errorf("last day %s (closes %s) reads as %s", day, closes, got)
		}
	}
}

func TestLongDate(t *testing.T) {
	for _, tt := range []struct{ lang, in, want string }{
		{"sv", "2027-01-31", "31 januari 2027"},
		{"en", "2027-01-31", "31 January 2027"},
		{"sv", "2027-05-01", "1 maj 2027"},
		{"sv", "snart", "snart"},
	} {
		if got := LongDate(tt.lang, tt.in); got != tt.want {
			t.Errorf("LongDate(%q, %q) = %q, want %q", tt.lang, tt.in, got, tt.want)
		}
	}
}

// FuzzRoundDates feeds the date helpers what the worker or a date input
// might send: nothing panics, and what is read back agrees with itself.
func FuzzRoundDates(f *testing.F) {
	for _, s := range []string{"2027-02-01", "2027-02-01T00:00:00Z", "9999-12-31", "9999-12-31T23:59:59Z", "0000-01-01", "2027-10-31T01:00:00.5Z", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		// Years outside 1000–9999 are no concern (a stamp has four digits).
		if d, ok := SwedishDate(s); ok && len(d) < 10 {
			t.Errorf("SwedishDate(%q) = %q, not a date", s, d)
		}
		if d, ok := LastDate(s); ok && len(d) < 10 {
			t.Errorf("LastDate(%q) = %q, not a date", s, d)
		}
		if m, ok := SwedishMidnight(s); ok {
			if got, ok := SwedishDate(m); !ok || got != s {
				t.Errorf("SwedishMidnight(%q) = %q, which is %q, %v in Sweden", s, m, got, ok)
			}
		}
		_ = LongDate("sv", s)
	})
}
