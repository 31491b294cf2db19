package i18n

import (
	"strconv"
	"time"
)

// A round's days as a Swedish reader means them. The worker keeps a round's
// opens and closes as moments (RFC 3339, UTC) and closes is exclusive: the
// round takes responses while opens <= now < closes. People choose and read
// whole days in Swedish time: "öppnar 1 februari", "sista svarsdag 31 mars".
// These helpers turn one into the other; dates are ISO ("2027-03-31"), what
// a date input holds. By hand, as When is.

// SwedishDate is the date in Sweden at a moment the worker stamped
// ("2027-01-31T23:30:00Z" is "2027-02-01"). ok is false for a stamp it
// cannot read.
func SwedishDate(stamp string) (date string, ok bool) {
	t, ok := parseStamp(stamp)
	if !ok {
		return "", false
	}
	return isoDate(swedish(t)), true
}

// LastDate is the last day (in Sweden) on which a round that closes at the
// moment closes takes responses: the day of the moment before it. A close
// at exactly 00:00 UTC is what the worker makes of a date given alone ("through
// its end" in UTC: 01.00 or 02.00 in Sweden the next morning), so its last
// day is the UTC day before: "2027-02-01T00:00:00Z" gives "2027-01-31".
func LastDate(closes string) (date string, ok bool) {
	t, ok := parseStamp(closes)
	if !ok {
		return "", false
	}
	if t.Hour() == 0 && t.Minute() == 0 && t.Second() == 0 {
		return isoDate(t.AddDate(0, 0, -1)), true
	}
	return isoDate(swedish(t.Add(-time.Second))), true
}

// SwedishMidnight is the moment a day begins in Sweden (00.00 Swedish time),
// as the worker stamps moments: "2027-02-01" gives "2027-01-31T23:00:00Z",
// "2027-07-01" gives "2027-06-30T22:00:00Z". A round that opens on a day
// opens then; one whose last day is d closes at SwedishMidnight(d + 1 day),
// which NextDate gives. ok is false for anything but a valid ISO date.
func SwedishMidnight(date string) (stamp string, ok bool) {
	d, ok := parseDate(date)
	if !ok {
		return "", false
	}
	// Midnight is never in the hour the clocks change (01.00 UTC), so the
	// offset in force an hour before midnight UTC is the one at midnight in
	// Sweden.
	t := d.Add(-offset(d.Add(-time.Hour)))
	return isoDate(t) + "T" + twoDigits(t.Hour()) + ":00:00Z", true
}

// NextDate is the day after date ("2027-02-28" gives "2027-03-01").
func NextDate(date string) (string, bool) {
	d, ok := parseDate(date)
	if !ok {
		return "", false
	}
	return isoDate(d.AddDate(0, 0, 1)), true
}

// LongDate writes an ISO date as people read it: "31 januari 2027",
// "31 January 2027". A date it cannot read is returned as it is.
func LongDate(lang, date string) string {
	d, ok := parseDate(date)
	if !ok {
		return date
	}
	months := &monthsSv
	if Lang(lang) == "en" {
		months = &monthsEn
	}
	return strconv.Itoa(d.Day()) + " " + months[d.Month()-1] + " " + strconv.Itoa(d.Year())
}

// offset is Swedish time's offset from UTC at a moment: CEST from 01.00 UTC
// on the last Sunday of March to 01.00 UTC on the last Sunday of October.
func offset(t time.Time) time.Duration {
	if y := t.Year(); !t.Before(lastSunday(y, time.March)) && t.Before(lastSunday(y, time.October)) {
		return 2 * time.Hour
	}
	return time.Hour
}

func isoDate(t time.Time) string {
	y := strconv.Itoa(t.Year())
	for len(y) < 4 {
		y = "0" + y
	}
	return y + "-" + twoDigits(int(t.Month())) + "-" + twoDigits(t.Day())
}

// parseDate reads "YYYY-MM-DD" (years 1000–9999), a real day of the calendar.
func parseDate(s string) (time.Time, bool) {
	if len(s) != 10 || s[4] != '-' || s[7] != '-' {
		return time.Time{}, false
	}
	var n [3]int
	for i, part := range [3]string{s[:4], s[5:7], s[8:]} {
		for j := 0; j < len(part); j++ {
			if part[j] < '0' || part[j] > '9' {
				return time.Time{}, false
			}
			n[i] = n[i]*10 + int(part[j]-'0')
		}
	}
	if n[0] < 1000 {
		return time.Time{}, false
	}
	d := time.Date(n[0], time.Month(n[1]), n[2], 0, 0, 0, 0, time.UTC)
	if d.Year() != n[0] || int(d.Month()) != n[1] || d.Day() != n[2] {
		return time.Time{}, false // 2027-02-30 and the like
	}
	return d, true
}
