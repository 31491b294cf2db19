package ui

import (
	"bytes"
	"encoding/json"
	goldenfile "lagesbild/wasm/golden"
	"net/url"
	"strings"
	"testing"

	"lagesbild/api"
)

func TestParseLink(t *testing.T) {
	tests := []struct {
		name, search, hash string
		want               Link
	}{
		{"a personal link", "?omgang=2027&kommun=2080", "#kod=K7QM-3XPA-9RTF-W2HD",
			Link{Round: "2027", Municipality: "2080", Code: "K7QM-3XPA-9RTF-W2HD", FromFragment: true}},
		{"the start page's form", "?kommun=0183&round=demo", "",
			Link{Round: "demo", Municipality: "0183"}},
		{"omgang before round", "?round=demo&omgang=h27", "", Link{Round: "h27"}},
		{"the first of a name", "?omgang=a&omgang=b&kommun=0183&kommun=0184", "", Link{Round: "a", Municipality: "0183"}},
		{"an empty omgang leaves round", "?omgang=&round=demo", "", Link{Round: "demo"}},
		{"no query", "", "", Link{}},
		{"a lone ?", "?", "#", Link{}},
		{"decoded", "?omgang=v%C3%A5r+2027&kommun=%200183%20", "#kod=k7qm%2D3xpa-9rtf-w2hd",
			Link{Round: "vår 2027", Municipality: "0183", Code: "K7QM-3XPA-9RTF-W2HD", FromFragment: true}},
		{"a code with spaces", "", "#kod=K7QM+3XPA%209RTF%20W2HD", Link{Code: "K7QM3XPA9RTFW2HD", FromFragment: true}},
		{"the rest of the fragment kept", "?omgang=r", "#x=1&kod=ABCD&y",
			Link{Round: "r", Code: "ABCD", FromFragment: true, Fragment: "#x=1&y"}},
		{"an encoded name", "", "#%6Bod=ABCD", Link{Code: "ABCD", FromFragment: true}},
		{"every kod is taken out, the first counts", "", "#kod=AAAA&kod=BBBB", Link{Code: "AAAA", FromFragment: true}},
		{"an empty kod", "?omgang=r", "#kod=", Link{Round: "r", FromFragment: true, BadCode: true}},
		{"a kod without =", "", "#kod", Link{FromFragment: true, BadCode: true}},
		{"a kod that cannot be a header", "", "#kod=AB%0ACD", Link{FromFragment: true, BadCode: true}},
		{"a kod with non-ASCII", "", "#kod=%C3%85ABC", Link{FromFragment: true, BadCode: true}},
		{"a kod too long", "", "#kod=" + strings.Repeat("A", 65), Link{FromFragment: true, BadCode: true}},
		{"another fragment", "?omgang=r", "#s-rutiner", Link{Round: "r", Fragment: "#s-rutiner"}},
		{"a bad escape stays", "?omgang=100%&kommun=%zz", "", Link{Round: "100%", Municipality: "%zz"}},
		{"KOD is not kod", "", "#KOD=ABCD", Link{Fragment: "#KOD=ABCD"}},
	}
	for _, tt := range tests {
		if got := ParseLink(tt.search, tt.hash); got != tt.want {
			t.Errorf("%s: ParseLink(%q, %q) = %+v, want %+v", tt.name, tt.search, tt.hash, got, tt.want)
		}
	}
}

func TestLinkAddress(t *testing.T) {
	tests := []struct{ search, hash, want string }{
		{"?omgang=2027&kommun=2080", "#kod=K7QM-3XPA-9RTF-W2HD", "/enkat/kommun/?omgang=2027&kommun=2080"},
		{"", "#kod=K7QM", "/enkat/kommun/"},
		{"?", "#kod=K7QM&x=1", "/enkat/kommun/#x=1"},
	}
	for _, tt := range tests {
		if got := ParseLink(tt.search, tt.hash).Address("/enkat/kommun/", tt.search); got != tt.want {
			t.Errorf("the address of %q%q without its code is %q, want %q", tt.search, tt.hash, got, tt.want)
		}
	}
}

// FuzzParseLink: whatever an address holds, ParseLink does not panic, the
// address it leaves has no kod, a code it takes is one a header carries,
// and the query reads as net/url reads it where that reads it whole.
func FuzzParseLink(f *testing.F) {
	f.Add("?omgang=2027&kommun=2080", "#kod=K7QM-3XPA-9RTF-W2HD")
	f.Add("?round=demo&kommun=0183", "")
	f.Add("?omgang=v%C3%A5r+2027", "#x=1&kod=ab%2dcd&%6Bod=x")
	f.Add("?%", "#kod=%")
	f.Fuzz(func(t *testing.T, search, hash string) {
		// Any round, municipality and code made into a link read back.
		u, err := url.Parse(PersonalLink("https://h", "kommun", search, hash, search+hash))
		if err != nil {
			t.Fatalf("PersonalLink(%q, %q) is no URL: %v", search, hash, err)
		}
		back := ParseLink("?"+u.RawQuery, "#"+u.EscapedFragment())
		code, ok := NormalizeCode(search + hash)
		if back.Round != strings.TrimSpace(search) || back.Municipality != strings.TrimSpace(hash) || back.Code != code || back.BadCode == ok {
			t.Errorf("PersonalLink(%q, %q) read back as %+v", search, hash, back)
		}

		l := ParseLink(search, hash)
		if l.Code != "" {
			if code, ok := NormalizeCode(l.Code); !ok || code != l.Code {
				t.Errorf("the code %q is not a normalized code", l.Code)
			}
			for i := 0; i < len(l.Code); i++ {
				if c := l.Code[i]; !('A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '-') {
					t.Fatalf("the code %q has %q", l.Code, c)
				}
			}
		}
		if (l.Code == "") != (!l.FromFragment || l.BadCode) {
			t.Errorf("%+v: a code exactly when the fragment had a usable kod", l)
		}
		again := ParseLink(search, l.Fragment)
		if again.FromFragment || again.Fragment != l.Fragment {
			t.Errorf("the fragment left, %q, still has a kod: %+v", l.Fragment, again)
		}
		if l.Fragment != "" && !strings.HasPrefix(l.Fragment, "#") {
			t.Errorf("the fragment left, %q, has no #", l.Fragment)
		}
		q, err := url.ParseQuery(strings.TrimPrefix(search, "?"))
		if err != nil || strings.Contains(search, ";") {
			return
		}
		round := strings.TrimSpace(q.Get("omgang"))
		if round == "" {
			round = strings.TrimSpace(q.Get("round"))
		}
		if l.Round != round || l.Municipality != strings.TrimSpace(q.Get("kommun")) {
			t.Errorf("ParseLink(%q) = round %q, kommun %q; net/url: round %q, kommun %q", search, l.Round, l.Municipality, round, q.Get("kommun"))
		}
	})
}

func TestPersonalLink(t *testing.T) {
	got := PersonalLink("https://lagesbild.se", "kommun", "2027", "2080", "K7QM-3XPA-9RTF-W2HD")
	if want := "https://lagesbild.se/enkat/kommun/?omgang=2027&kommun=2080#kod=K7QM-3XPA-9RTF-W2HD"; got != want {
		t.Errorf("PersonalLink = %q, want %q", got, want)
	}
}

func TestRoundURL(t *testing.T) {
	tests := []struct{ round, want string }{
		{"2027", "/api/rounds/2027"},
		{"lead-1-b", "/api/rounds/lead-1-b"},
		{"a/b?c#d", "/api/rounds/a%2Fb%3Fc%23d"},
		{"vår", "/api/rounds/v%C3%A5r"},
	}
	for _, tt := range tests {
		if got := RoundURL(tt.round); got != tt.want {
			t.Errorf("RoundURL(%q) = %q, want %q", tt.round, got, tt.want)
		}
	}
}

// roundBody is the worker's answer to GET /api/rounds/{round} for a code.
func roundBody(open bool, opens, closes, kind, unit, name string) []byte {
	access := ""
	if kind != "" {
		access = `,"access":{"kind":"` + kind + `","unit":"` + unit + `","name":"` + name + `"}`
	}
	o := "false"
	if open {
		o = "true"
	}
	return []byte(`{"id":"2027","questionnaire":"kommun","version":1,"opens":"` + opens + `","closes":"` + closes +
		`","open":` + o + `,"openToAll":false` + access + `}`)
}

const (
	opens    = "2027-01-01T00:00:00Z"
	closes   = "2027-02-01T00:00:00Z"
	midRound = "2027-01-15T10:00:00Z"
)

func TestCheckLink(t *testing.T) {
	sundbyberg := Expect{Round: "2027", Unit: "0183", FromLink: true}
	tests := []struct {
		name     string
		ex       Expect
		status   int
		body     []byte
		midRound string
		want     LinkOutcome
		wantUnit string
	}{
		{"valid", sundbyberg, 200, roundBody(true, opens, closes, "municipality", "0183", "Sundbyberg"), midRound, LinkValid, "0183"},
		{"no municipality chosen: the code's", Expect{Round: "2027"}, 200, roundBody(true, opens, closes, "municipality", "0183", "Sundbyberg"), midRound, LinkValid, "0183"},
		{"another municipality's code", sundbyberg, 200, roundBody(true, opens, closes, "municipality", "0184", "Solna"), midRound, LinkOtherUnit, ""},
		{"the county lead's token", sundbyberg, 200, roundBody(true, opens, closes, "county", "01", "Stockholms län"), midRound, LinkValid, "0183"},
		{"another county's token", sundbyberg, 200, roundBody(true, opens, closes, "county", "24", "Västerbottens län"), midRound, LinkOtherUnit, ""},
		{"a county lead, no municipality chosen", Expect{Round: "2027"}, 200, roundBody(true, opens, closes, "county", "01", "Stockholms län"), midRound, LinkValid, ""},
		{"a county's own questionnaire", Expect{Round: "2027", Unit: "01", County: true}, 200, roundBody(true, opens, closes, "county", "01", "Stockholms län"), midRound, LinkValid, "01"},
		{"a municipality code for a county's questionnaire", Expect{Round: "2027", County: true}, 200, roundBody(true, opens, closes, "municipality", "0183", "Sundbyberg"), midRound, LinkOtherUnit, ""},
		{"the admin", sundbyberg, 200, []byte(`{"id":"2027","open":true,"access":{"admin":true}}`), midRound, LinkValid, "0183"},
		{"no access for a code", sundbyberg, 200, roundBody(true, opens, closes, "", "", ""), midRound, LinkBadCode, ""},
		{"closed", sundbyberg, 200, roundBody(false, opens, closes, "municipality", "0183", "Sundbyberg"), "2027-02-01T00:00:00Z", LinkClosed, "0183"},
		{"not open yet", sundbyberg, 200, roundBody(false, opens, closes, "municipality", "0183", "Sundbyberg"), "2026-12-31T23:59:59Z", LinkNotOpen, "0183"},
		{"closed and another's: the code first", sundbyberg, 200, roundBody(false, opens, closes, "municipality", "0184", "Solna"), "2027-03-01T00:00:00Z", LinkOtherUnit, ""},
		{"a wrong or revoked code", sundbyberg, 403, []byte(`{"code":"code_invalid","error":"Authorization: the code is not valid for round \"2027\""}`), midRound, LinkBadCode, ""},
		{"code_other_unit", sundbyberg, 403, []byte(`{"code":"code_other_unit","error":"x"}`), midRound, LinkOtherUnit, ""},
		{"no such round", sundbyberg, 404, []byte(`{"code":"round_not_found","error":"round: no round \"2027\""}`), midRound, LinkNoRound, ""},
		{"round_closed", sundbyberg, 409, []byte(`{"code":"round_closed","error":"x"}`), midRound, LinkClosed, ""},
		{"round_not_open", sundbyberg, 409, []byte(`{"code":"round_not_open","error":"x"}`), midRound, LinkNotOpen, ""},
		{"another refusal", sundbyberg, 400, []byte(`{"code":"invalid","error":"x"}`), midRound, LinkFailed, ""},
		{"a 404 that is not the API's: judged by its status", sundbyberg, 404, []byte(`<html>Not found</html>`), midRound, LinkFailed, ""},
		{"the message is never read", sundbyberg, 403, []byte(`{"code":"forbidden","error":"code_invalid round_not_found"}`), midRound, LinkFailed, ""},
		{"offline", sundbyberg, 0, nil, midRound, LinkUnchecked, ""},
		{"the server's trouble", sundbyberg, 500, []byte(`{"code":"internal","error":"x"}`), midRound, LinkUnchecked, ""},
		{"a proxy's 502", sundbyberg, 502, []byte(`<html>Bad gateway</html>`), midRound, LinkUnchecked, ""},
		{"rate limited", sundbyberg, 429, []byte(`{"code":"rate_limited","error":"x"}`), midRound, LinkUnchecked, ""},
		{"a 200 that is not the round (a captive portal)", sundbyberg, 200, []byte(`<html>Log in to the Wi-Fi</html>`), midRound, LinkUnchecked, ""},
		{"a 200 with a wrong type", sundbyberg, 200, []byte(`{"open":"yes"}`), midRound, LinkUnchecked, ""},
	}
	for _, tt := range tests {
		c := CheckLink(tt.ex, tt.status, tt.body, tt.midRound)
		if c.Outcome != tt.want || c.Unit != tt.wantUnit {
			t.Errorf("%s: outcome %d, unit %q; want %d, %q", tt.name, c.Outcome, c.Unit, tt.want, tt.wantUnit)
		}
		if c.Expect != tt.ex {
			t.Errorf("%s: the check forgot what was expected: %+v", tt.name, c.Expect)
		}
		if c.Problem() != (tt.want != LinkValid) {
			t.Errorf("%s: Problem() = %v", tt.name, c.Problem())
		}
	}
}

func TestUnitName(t *testing.T) {
	tests := []struct {
		lang, unit string
		county     bool
		want       string
	}{
		{"sv", "0183", false, "Sundbybergs kommun"},
		{"en", "0183", false, "Sundbyberg Municipality"},
		{"sv", "2080", false, "Falu kommun"},
		{"sv", "2480", false, "Umeå kommun"},
		{"sv", "24", true, "Västerbottens län"},
		{"en", "24", true, "Västerbotten County"},
		{"sv", "9999", false, "9999"},
		{"sv", "99", true, "99"},
	}
	for _, tt := range tests {
		if got := UnitName(tt.lang, tt.unit, tt.county); got != tt.want {
			t.Errorf("UnitName(%q, %q, %v) = %q, want %q", tt.lang, tt.unit, tt.county, got, tt.want)
		}
	}
}

// TestLinkPanel renders the panel for every outcome, in Swedish and
// English, against testdata/link-panels.html.
func TestLinkPanel(t *testing.T) {
	sundbyberg := Expect{Round: "2027", Unit: "0183", FromLink: true}
	typed := Expect{Round: "2027", Unit: "0183"}
	valid := roundBody(true, opens, closes, "municipality", "0183", "Sundbyberg")
	cases := []struct {
		name     string
		ex       Expect
		status   int
		body     []byte
		midRound string
		late     bool // offline
	}{
		{"valid", sundbyberg, 200, valid, midRound, false},
		{"valid, a typed code", typed, 200, valid, midRound, false},
		{"valid, closing at 16.00", sundbyberg, 200, roundBody(true, opens, "2027-01-31T15:00:00Z", "municipality", "0183", "Sundbyberg"), midRound, false},
		{"a county lead", Expect{Round: "2027"}, 200, roundBody(true, opens, closes, "county", "01", "Stockholms län"), midRound, false},
		{"offline", sundbyberg, 0, nil, midRound, true},
		{"unreachable", sundbyberg, 502, nil, midRound, false},
		{"a bad code", sundbyberg, 403, []byte(`{"code":"code_invalid","error":"x"}`), midRound, false},
		{"a bad typed code", typed, 403, []byte(`{"code":"code_invalid","error":"x"}`), midRound, false},
		{"another municipality's", sundbyberg, 200, roundBody(true, opens, closes, "municipality", "0184", "Solna"), midRound, false},
		{"no round", Expect{Round: "2O27 <b>", Unit: "2080", FromLink: true}, 404, []byte(`{"code":"round_not_found","error":"x"}`), midRound, false},
		{"closed", sundbyberg, 200, roundBody(false, opens, closes, "municipality", "0183", "Sundbyberg"), "2027-02-02T00:00:00Z", false},
		{"not open", sundbyberg, 200, roundBody(false, "2027-03-01T00:00:00Z", "2027-04-01T00:00:00Z", "municipality", "0183", "Sundbyberg"), midRound, false},
		{"failed", sundbyberg, 400, []byte(`{"code":"invalid","error":"x"}`), midRound, false},
	}
	var b bytes.Buffer
	for _, lang := range []string{"sv", "en"} {
		for _, c := range cases {
			check := CheckLink(c.ex, c.status, c.body, c.midRound)
			check.Offline = c.late
			b.WriteString("<!-- " + lang + ": " + c.name + " -->\n" + LinkPanel(check, lang) + "\n")
		}
	}
	golden(t, "link-panels.html", b.Bytes())
}

func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	goldenfile.File(t, name, got)
}

// TestParseRound holds the hand-written reader to encoding/json's
// api.Round, in the fields it reads.
func TestParseRound(t *testing.T) {
	for _, b := range [][]byte{
		roundBody(true, opens, closes, "municipality", "0183", "Sundbyberg"),
		roundBody(false, opens, closes, "", "", ""),
		[]byte(`{"id":"x","version":2,"open":true,"openToAll":true,"previous":"p","access":{"admin":true}}`),
		[]byte(`{"id":"x","access":null}`),
	} {
		got, err := parseRound(b)
		if err != nil {
			t.Fatalf("%s: %v", b, err)
		}
		var all api.Round
		if err := json.Unmarshal(b, &all); err != nil {
			t.Fatal(err)
		}
		want := api.Round{ID: all.ID, Opens: all.Opens, Closes: all.Closes, Open: all.Open, Access: all.Access}
		if !sameRound(got, want) {
			t.Errorf("parseRound(%s) = %+v (access %+v), encoding/json %+v (access %+v)", b, got, got.Access, want, want.Access)
		}
	}
	for _, bad := range []string{`[]`, `{"open":1}`, `{"access":[]}`, `{`} {
		if _, err := parseRound([]byte(bad)); err == nil {
			t.Errorf("parseRound(%s) took it", bad)
		}
	}
}

func sameRound(a, b api.Round) bool {
	if (a.Access == nil) != (b.Access == nil) || a.Access != nil && *a.Access != *b.Access {
		return false
	}
	a.Access, b.Access = nil, nil
	return a == b
}
