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
	offset := time.Hour
	if y := t.Year(); !t.Before(lastSunday(y, time.March)) && t.Before(lastSunday(y, time.October)) {
		offset = 2 * time.Hour
	}
	t = t.Add(offset)
	hm := twoDigits(t.Hour()) + "." + twoDigits(t.Minute())
	if Lang(lang) == "en" {
		return strconv.Itoa(t.Day()) + " " + monthsEn[t.Month()-1] + " " + strconv.Itoa(t.Year()) + ", " +
			twoDigits(t.Hour()) + ":" + twoDigits(t.Minute())
	}
	return strconv.Itoa(t.Day()) + " " + monthsSv[t.Month()-1] + " " + strconv.Itoa(t.Year()) + " kl.\u00a0" + hm
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
