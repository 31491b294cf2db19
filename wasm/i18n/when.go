package i18n

import (
	"strconv"
	"time"
)

// When is a moment the worker stamped (RFC 3339 in UTC to the second,
// "2026-12-03T09:14:05Z") as a reader in Sweden reads it: in Swedish time
// (CET, CEST from the last Sunday of March to the last Sunday of October,
// switching at 01:00 UTC as the EU rule says), "3 december 2026 kl. 10.14"
// or "3 December 2026, 10:14". By hand, as ui.Stamp is: time's parsing,
// formatting and zone data would weigh on every wasm binary. A stamp it
// cannot read is returned as it is.
func When(lang, stamp string) string {
	t, ok := parseStamp(stamp)
	if !ok {
		return stamp
	}
	t = swedish(t)
	if Lang(lang) == "en" {
		return date(lang, t) + ", " + twoDigits(t.Hour()) + ":" + twoDigits(t.Minute())
	}
	return date(lang, t) + " kl.\u00a0" + twoDigits(t.Hour()) + "." + twoDigits(t.Minute())
}

// LastDay is the last day a round takes answers, as a reader in Sweden
// reads it, from its closing moment (exclusive; a stamp as When's): "31
// januari 2027". The worker stores a round that closes on a date as 00:00
// UTC of the day after (worker/rounds.go, parseTime), which is 01.00 or
// 02.00 in Sweden: such a round, like one closing at Swedish midnight,
// takes answers through the day before, its last day. A round that closes
// at any other moment closes during its last day, and the moment is said
// as When says it ("31 januari 2027 kl. 16.00").
func LastDay(lang, closes string) string { return day(lang, closes, true) }

// FirstDay is the first day a round takes answers, from its opening moment
// (inclusive), by LastDay's rule: a date the worker stored (00:00 UTC) or
// Swedish midnight is that day ("1 mars 2027"), any other moment is said
// as When says it.
func FirstDay(lang, opens string) string { return day(lang, opens, false) }

func day(lang, stamp string, end bool) string {
	t, ok := parseStamp(stamp)
	if !ok {
		return stamp
	}
	if !midnight(t) {
		if t = swedish(t); !midnight(t) {
			return When(lang, stamp)
		}
	}
	if end {
		t = t.AddDate(0, 0, -1)
	}
	return date(lang, t)
}

func midnight(t time.Time) bool { return t.Hour() == 0 && t.Minute() == 0 && t.Second() == 0 }

// date is "3 december 2026" or "3 December 2026".
func date(lang string, t time.Time) string {
	months := &monthsSv
	if Lang(lang) == "en" {
		months = &monthsEn
	}
	return strconv.Itoa(t.Day()) + " " + months[t.Month()-1] + " " + strconv.Itoa(t.Year())
}

var (
	monthsSv = [12]string{"januari", "februari", "mars", "april", "maj", "juni", "juli", "augusti", "september", "oktober", "november", "december"}
	monthsEn = [12]string{"January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"}
)

// lastSunday is 01:00 UTC on the last Sunday of month in year: when Swedish
// time switches.
func lastSunday(year int, month time.Month) time.Time {
	d := time.Date(year, month+1, 0, 1, 0, 0, 0, time.UTC) // the month's last day
	return d.AddDate(0, 0, -int(d.Weekday()))
}

// parseStamp reads "YYYY-MM-DDTHH:MM:SSZ" (fractions of a second allowed).
func parseStamp(s string) (time.Time, bool) {
	if len(s) < 20 || s[4] != '-' || s[7] != '-' || s[10] != 'T' || s[13] != ':' || s[16] != ':' || s[len(s)-1] != 'Z' {
		return time.Time{}, false
	}
	var n [6]int
	for i, at := range [6]int{0, 5, 8, 11, 14, 17} {
		w := 2
		if i == 0 {
			w = 4
		}
		v, err := strconv.Atoi(s[at : at+w])
		if err != nil || v < 0 {
			return time.Time{}, false
		}
		n[i] = v
	}
	if n[1] < 1 || n[1] > 12 || n[2] < 1 || n[2] > 31 || n[3] > 23 || n[4] > 59 || n[5] > 60 {
		return time.Time{}, false
	}
	return time.Date(n[0], time.Month(n[1]), n[2], n[3], n[4], n[5], 0, time.UTC), true
}

func twoDigits(n int) string {
	if n < 10 {
		return "0" + strconv.Itoa(n)
	}
	return strconv.Itoa(n)
}
