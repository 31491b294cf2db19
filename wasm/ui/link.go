package ui

import (
	"strings"

	"lagesbild"
	"lagesbild/api"
	"lagesbild/wasm/i18n"
)

// A personal link (issue 12) opens the questionnaire for one municipality
// in one round with its code:
//
//	/enkat/kommun/?omgang=2027&kommun=2080#kod=K7QM-3XPA-9RTF-W2HD
//
// The code travels in the fragment, which the browser never sends, so it
// reaches no server's log; the page takes it out of the address at once
// and keeps it in the tab's session storage (CodeKey), then checks it
// against the round (GET /api/rounds/{round}) before the first question.

// Link is what the page's address carries.
type Link struct {
	Round        string // omgang, or round (the start page's form)
	Municipality string // kommun
	// Code is the fragment's kod in upper case; "" when there is none, or
	// when it cannot be a code (BadCode).
	Code string
	// FromFragment is set when the fragment had a kod, usable or not: the
	// address must lose it.
	FromFragment bool
	BadCode      bool   // the kod is empty or has characters no code has
	Fragment     string // the rest of the fragment without kod: "" or "#…"
}

// maxCode is the longest kod taken: codes are 16 characters and 3 dashes.
const maxCode = 64

// ParseLink reads the page's query ("?omgang=…", location.search) and
// fragment ("#kod=…", location.hash), as URLSearchParams would: pairs
// split at '&', '+' a space, %XX decoded, the first of a name counts.
func ParseLink(search, hash string) Link {
	var l Link
	var round string
	for _, p := range pairs(strings.TrimPrefix(search, "?")) {
		switch p[0] {
		case "omgang":
			if l.Round == "" {
				l.Round = strings.TrimSpace(p[1])
			}
		case "round":
			if round == "" {
				round = strings.TrimSpace(p[1])
			}
		case "kommun":
			if l.Municipality == "" {
				l.Municipality = strings.TrimSpace(p[1])
			}
		}
	}
	if l.Round == "" {
		l.Round = round
	}
	for frag := strings.TrimPrefix(hash, "#"); frag != ""; {
		var raw string
		raw, frag, _ = strings.Cut(frag, "&")
		name, value, _ := strings.Cut(raw, "=")
		switch {
		case raw == "":
		case unescape(name) != "kod":
			if l.Fragment == "" {
				l.Fragment = "#" + raw
			} else {
				l.Fragment += "&" + raw
			}
		case !l.FromFragment:
			l.Code, l.BadCode = normalizeCode(unescape(value))
			l.FromFragment = true
		}
	}
	return l
}

// PersonalLink is a municipality's personal link to a round of a
// questionnaire, on the site at base ("https://host"): what the county
// lead's invitations carry, and what ParseLink reads.
func PersonalLink(base, questionnaire, round, municipality, code string) string {
	return base + "/enkat/" + escape(questionnaire, false) + "/?omgang=" + escape(round, true) +
		"&kommun=" + escape(municipality, true) + "#kod=" + escape(code, true)
}

// Address is the page's address without the code: path, query and what
// else the fragment had, for history.replaceState.
func (l Link) Address(path, search string) string {
	if search == "?" {
		search = ""
	}
	return path + search + l.Fragment
}

// normalizeCode takes a code as typed or linked: spaces dropped, letters
// upper case (the worker ignores case and dashes). Only letters, digits
// and dashes are taken: a code goes into a request header, which other
// characters would break before the worker could say the code is wrong.
func normalizeCode(s string) (code string, bad bool) {
	b := make([]byte, 0, len(s))
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == ' ' || c == '\t':
			continue
		case 'a' <= c && c <= 'z':
			c -= 'a' - 'A'
		case 'A' <= c && c <= 'Z', '0' <= c && c <= '9', c == '-':
		default:
			return "", true
		}
		b = append(b, c)
	}
	if len(b) == 0 || len(b) > maxCode {
		return "", true
	}
	return string(b), false
}

// NormalizeCode is a typed code as ParseLink takes a linked one; ok is
// false when it cannot be a code.
func NormalizeCode(s string) (code string, ok bool) {
	code, bad := normalizeCode(s)
	return code, !bad
}

// pairs splits a query into decoded name–value pairs.
func pairs(s string) [][2]string {
	var out [][2]string
	for s != "" {
		var raw string
		raw, s, _ = strings.Cut(s, "&")
		if raw != "" {
			name, value, _ := strings.Cut(raw, "=")
			out = append(out, [2]string{unescape(name), unescape(value)})
		}
	}
	return out
}

// unescape decodes application/x-www-form-urlencoded text: '+' is a space,
// %XX a byte; a '%' without two hex digits stays as it is.
func unescape(s string) string {
	if !strings.ContainsAny(s, "%+") {
		return s
	}
	b := make([]byte, 0, len(s))
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c == '+':
			b = append(b, ' ')
		case c == '%' && i+2 < len(s) && isHex(s[i+1]) && isHex(s[i+2]):
			b = append(b, unhex(s[i+1])<<4|unhex(s[i+2]))
			i += 2
		default:
			b = append(b, c)
		}
	}
	return string(b)
}

func isHex(c byte) bool { return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F' }

func unhex(c byte) byte {
	switch {
	case c <= '9':
		return c - '0'
	case c <= 'F':
		return c - 'A' + 10
	}
	return c - 'a' + 10
}

// RoundURL is GET /api/rounds/{round}: the round, and what a code grants
// in it. The id is escaped, so whatever a link says stays one path segment.
func RoundURL(round string) string { return "/api/rounds/" + escape(round, false) }

// escape percent-encodes all but letters, digits and -_.~ of ASCII; in a
// query (query) a space is '+'.
func escape(s string, query bool) string {
	const hex = "0123456789ABCDEF"
	b := make([]byte, 0, len(s))
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '-' || c == '_' || c == '.' || c == '~':
			b = append(b, c)
		case c == ' ' && query:
			b = append(b, '+')
		default:
			b = append(b, '%', hex[c>>4], hex[c&15])
		}
	}
	return string(b)
}

// Expect is what the page expects a code to be for.
type Expect struct {
	Round string
	// Unit is the kommunkod the answers are for (the länskod for a county's
	// questionnaire, County); "" when none is chosen yet.
	Unit     string
	County   bool
	FromLink bool // the code came in a personal link, not typed
}

// LinkOutcome is what checking a code says.
type LinkOutcome int

const (
	LinkValid     LinkOutcome = iota // the code answers for Unit in an open round
	LinkUnchecked                    // no answer (offline, the server's trouble): check again later
	LinkBadCode                      // mistyped, revoked or another round's (code_invalid)
	LinkOtherUnit                    // the code is for another municipality or county
	LinkNoRound                      // no such round (round_not_found)
	LinkClosed                       // the round has closed
	LinkNotOpen                      // the round opens later
	LinkFailed                       // any other refusal: Err's code says which
)

// LinkCheck is the outcome of checking a code, with what its panel says.
type LinkCheck struct {
	Outcome LinkOutcome
	Expect
	Round api.Round // the worker's answer, when it gave one
	// Unit is what the answers are for when the code is valid: Expect's
	// unit, or the code's own when none was chosen (a municipality code
	// answers for its municipality only).
	Unit    string
	Offline bool      // LinkUnchecked: the browser has no network (else: the server failed)
	Err     *APIError // the worker's refusal, if it refused
}

// Problem reports whether the panel tells of something the respondent
// must know before answering (everything but a valid code): it takes the
// focus when it comes.
func (c LinkCheck) Problem() bool { return c.Outcome != LinkValid }

// CheckLink decides what the answer to GET /api/rounds/{round} with the
// code means (status 0: the fetch failed), by the API's error code alone;
// now is the browser's clock as Stamp writes it, to tell a round not yet
// open from one that has closed.
func CheckLink(ex Expect, status int, body []byte, now string) LinkCheck {
	c := LinkCheck{Expect: ex}
	outcome, e := Classify(status, body)
	switch outcome {
	case Retry:
		c.Outcome, c.Err = LinkUnchecked, e
		return c
	case Rejected:
		c.Err = e
		switch e.Code {
		case lagesbild.ECodeInvalid:
			c.Outcome = LinkBadCode
		case lagesbild.ECodeOtherUnit:
			c.Outcome = LinkOtherUnit
		case lagesbild.ERoundNotFound:
			c.Outcome = LinkNoRound
		case lagesbild.ERoundClosed:
			c.Outcome = LinkClosed
		case lagesbild.ERoundNotOpen:
			c.Outcome = LinkNotOpen
		default:
			c.Outcome = LinkFailed
		}
		return c
	}
	rd, err := parseRound(body)
	if err != nil {
		// A 200 that is not the round (a captive portal's page): no answer yet.
		c.Outcome, c.Err = LinkUnchecked, &APIError{Status: status, Message: err.Error()}
		return c
	}
	c.Round = rd
	c.Outcome, c.Unit = unitOf(ex, rd.Access)
	if c.Outcome == LinkValid && !rd.Open {
		c.Outcome = LinkClosed
		if now < rd.Opens {
			c.Outcome = LinkNotOpen
		}
	}
	return c
}

// unitOf decides whether a code's access answers for the expected unit,
// as the worker will when the answers come (worker/auth.go, mayAnswerFor).
func unitOf(ex Expect, a *api.Access) (LinkOutcome, string) {
	switch {
	case a == nil:
		return LinkBadCode, "" // a code was sent, and granted nothing
	case a.Admin:
		return LinkValid, ex.Unit
	case a.Kind == api.KindMunicipality:
		if ex.County || ex.Unit != "" && ex.Unit != a.Unit {
			return LinkOtherUnit, ""
		}
		return LinkValid, a.Unit
	case a.Kind == api.KindCounty:
		if ex.County {
			if ex.Unit != "" && ex.Unit != a.Unit {
				return LinkOtherUnit, ""
			}
			return LinkValid, a.Unit
		}
		if ex.Unit == "" {
			return LinkValid, "" // a county lead answers for one of its municipalities, to be chosen
		}
		if m, ok := lagesbild.MunicipalityByCode(ex.Unit); !ok || m.County != a.Unit {
			return LinkOtherUnit, ""
		}
		return LinkValid, ex.Unit
	}
	return LinkBadCode, ""
}

// UnitName names a municipality ("Sundbybergs kommun") or, with county, a
// county ("Västerbottens län", "Västerbotten County") in lang; an unknown
// code is returned as it is.
func UnitName(lang, unit string, county bool) string {
	if county {
		if c, ok := lagesbild.CountyByCode(unit); ok {
			if i18n.Lang(lang) == "en" {
				return c.Short + " County"
			}
			return c.Name
		}
		return unit
	}
	if m, ok := lagesbild.MunicipalityByCode(unit); ok {
		return i18n.MunicipalityName(lang, m.Name)
	}
	return unit
}

// CountyBoard names the county administrative board of a municipality's
// (or a county's) county, whom the respondent asks for a new link:
// "Länsstyrelsen i Västerbottens län", or "länsstyrelsen" when unknown.
func CountyBoard(s *i18n.Strings, lang, unit string, county bool) string {
	code := unit
	if !county {
		m, ok := lagesbild.MunicipalityByCode(unit)
		if !ok {
			return s.CountyBoardAny
		}
		code = m.County
	}
	c, ok := lagesbild.CountyByCode(code)
	if !ok {
		return s.CountyBoardAny
	}
	name := c.Name
	if i18n.Lang(lang) == "en" {
		name = c.Short
	}
	return i18n.Fill(s.CountyBoardOf, name)
}

// LinkPanel is the panel before the first question: for a valid code whom
// the respondent answers for, the round and its last day; otherwise what
// is wrong and what to do, as an alert. It is HTML.
func LinkPanel(c LinkCheck, lang string) string {
	s := i18n.For(lang)
	var b strings.Builder
	if c.Outcome == LinkValid {
		unit, county := c.Unit, c.County
		if a := c.Round.Access; unit == "" && a != nil && a.Kind == api.KindCounty {
			unit, county = a.Unit, true // a county lead, whose municipality is to be chosen
		}
		heading := s.Round + " " + c.Round.ID // the admin's token, no unit chosen
		if name := UnitName(lang, unit, county); name != "" {
			heading = i18n.Fill(s.LinkFor, name)
		}
		tag(&b, "h2 id=\"link-h\"", heading)
		facts(&b, s.Round, c.Round.ID, s.LinkLastDay, i18n.LastDay(lang, c.Round.Closes))
		if c.FromLink {
			tag(&b, "p", s.LinkFromLink)
		}
		return b.String()
	}
	board := CountyBoard(s, lang, c.Expect.Unit, c.County)
	title, format, args := s.LinkFailedTitle, "%s", []any{""}
	switch c.Outcome {
	case LinkUnchecked:
		title, format = s.LinkUncheckedTitle, s.LinkUnreachable
		if c.Offline {
			format = s.LinkOffline
		}
	case LinkBadCode:
		title, format, args = s.CodeBadTitle, s.LinkBad, []any{c.Expect.Round, board}
		if c.FromLink {
			title = s.LinkBadTitle
		}
	case LinkOtherUnit:
		holder := s.CountyBoardAny // the worker refused without saying whose (code_other_unit)
		if a := c.Round.Access; a != nil {
			holder = UnitName(lang, a.Unit, a.Kind == api.KindCounty)
		}
		title, format, args = s.LinkOtherTitle, s.LinkOther, []any{holder, UnitName(lang, c.Expect.Unit, c.County), board}
	case LinkNoRound:
		title, format, args = s.LinkNoRoundTitle, s.LinkNoRound, []any{c.Expect.Round, board}
	case LinkClosed:
		title, format, args = s.LinkClosedTitle, s.LinkClosed, []any{c.Expect.Round, i18n.LastDay(lang, c.Round.Closes), board}
		if c.Round.Closes == "" {
			args[0], format = s.Code(lagesbild.ERoundClosed), "%s"
		}
	case LinkNotOpen:
		title, format, args = s.LinkNotOpenTitle, s.LinkNotOpen, []any{c.Expect.Round, i18n.FirstDay(lang, c.Round.Opens)}
		if c.Round.Opens == "" {
			args[0], format = s.Code(lagesbild.ERoundNotOpen), "%s"
		}
	default:
		args[0] = c.Err.Text(s)
	}
	b.WriteString(`<div role="alert">`)
	tag(&b, "h2 id=\"link-h\"", title)
	tag(&b, "p", i18n.Fill(format, args...))
	if c.Outcome == LinkUnchecked && c.FromLink && c.Expect.Unit != "" {
		// What the link says, not yet confirmed: the fields it fills are hidden.
		label, name := s.Municipality, c.Expect.Unit
		if c.County {
			label, name = s.County, UnitName(lang, name, true)
		} else if m, ok := lagesbild.MunicipalityByCode(name); ok {
			name = m.Name
		}
		facts(&b, label, name, s.Round, c.Expect.Round)
	}
	b.WriteString(`</div>`)
	return b.String()
}

// tag writes text, escaped, in an element: open is its start tag's inside.
func tag(b *strings.Builder, open, text string) {
	name, _, _ := strings.Cut(open, " ")
	b.WriteString("<" + open + ">")
	b.WriteString(esc(text))
	b.WriteString("</" + name + ">")
}

// facts writes pairs of a term and its value as a description list.
func facts(b *strings.Builder, pairs ...string) {
	b.WriteString(`<dl class="facts">`)
	for i := 0; i+1 < len(pairs); i += 2 {
		b.WriteString("<div>")
		tag(b, "dt", pairs[i])
		tag(b, "dd", pairs[i+1])
		b.WriteString("</div>")
	}
	b.WriteString(`</dl>`)
}
