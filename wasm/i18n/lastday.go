package i18n

import (
	"strconv"
	"time"
)

// Day is the date of a moment the worker stamped (RFC 3339 in UTC, as When
// reads it) in Swedish time, without the clock: "3 december 2026",
// "3 December 2026". A stamp it cannot read is returned as it is.
func Day(lang, stamp string) string {
	t, ok := parseStamp(stamp)
	if !ok {
		return stamp
	}
	return dayText(lang, swedishClock(t))
}

// LastDay is the last day to answer in a round that closes at closes (a
// stamp; the round takes responses before it, not at it), as a date in
// Swedish time: the last day that is open until its end. A round closing
// 2027-02-01T00:00:00Z (01.00 Swedish time) or 2027-01-31T23:00:00Z (Swedish
// midnight) has 31 januari 2027. A round closing during a day does not
// count that day: a letter that says a day promises all of it. A stamp it
// cannot read is returned as it is.
func LastDay(lang, closes string) string {
	t, ok := parseStamp(closes)
	if !ok {
		return closes
	}
	// The day before the one the close falls on, by the Swedish wall clock:
	// that day ended at or before the close; the close's own day did not.
	return dayText(lang, swedishClock(t).AddDate(0, 0, -1))
}

// swedishClock is t (UTC) moved to the Swedish wall clock, still labelled
// UTC: CET, or CEST from the last Sunday of March to the last Sunday of
// October at 01:00 UTC (When's rule).
func swedishClock(t time.Time) time.Time {
	if y := t.Year(); !t.Before(lastSunday(y, time.March)) && t.Before(lastSunday(y, time.October)) {
		return t.Add(2 * time.Hour)
	}
	return t.Add(time.Hour)
}

func dayText(lang string, t time.Time) string {
	months := &monthsSv
	if Lang(lang) == "en" {
		months = &monthsEn
	}
	return strconv.Itoa(t.Day()) + " " + months[t.Month()-1] + " " + strconv.Itoa(t.Year())
}
