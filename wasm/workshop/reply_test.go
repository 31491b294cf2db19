package workshop

import (
	"encoding/json"
	"strings"
	"testing"

	"lagesbild"
	"lagesbild/api"
	"lagesbild/wasm/i18n"
)

// errorBody is an error answer as the worker sends it.
func errorBody(t testing.TB, code, message string) []byte {
	t.Helper()
	b, err := json.Marshal(api.Error{Code: code, Message: message})
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// workshopCodes are the codes the workshop routes answer with, and what
// they mean to the pages.
var workshopCodes = []struct {
	code string
	want Outcome
}{
	{lagesbild.ESessionNotFound, NoSession},
	{lagesbild.ESessionExpired, Expired},
	{lagesbild.ESessionEnded, Ended},
	{lagesbild.EItemLocked, Locked},
	{lagesbild.ENotJoined, NotJoined},
	{lagesbild.ERoomFull, Full},
	{lagesbild.ERateLimited, Busy},
	{lagesbild.ETooMany, Busy},
	{lagesbild.EUnauthorized, WrongLink},
	{lagesbild.EForbidden, WrongLink},
	{lagesbild.EInvalid, Invalid},
	{lagesbild.ENotFound, Refused},
	{lagesbild.ERoundNotFound, Refused},
	{lagesbild.ECodeInvalid, Refused},
	{lagesbild.ECodeOtherUnit, Refused},
	{lagesbild.ERoundClosed, Refused},
	{lagesbild.ERoundNotOpen, Refused},
	{lagesbild.ETooLarge, Refused},
	{lagesbild.EInternal, Retry},
}

func TestClassify(t *testing.T) {
	for _, tt := range workshopCodes {
		status := lagesbild.Status(tt.code)
		r := Classify(status, errorBody(t, tt.code, "whatever the worker says"))
		if r.Outcome != tt.want || r.Code() != tt.code {
			t.Errorf("Classify(%d, %s) = %v %q, want %v", status, tt.code, r.Outcome, r.Code(), tt.want)
		}
		// The code decides, not the status: the same code under another
		// status means the same.
		if r := Classify(400, errorBody(t, tt.code, "x")); r.Outcome != tt.want {
			t.Errorf("Classify(400, %s) = %v, want %v", tt.code, r.Outcome, tt.want)
		}
	}
	// Answers that are not the API's JSON are judged by their status.
	for _, tt := range []struct {
		status int
		body   string
		want   Outcome
	}{
		{200, `{}`, OK}, {201, `{}`, OK}, {304, ``, NotModified},
		{0, ``, Retry}, {502, `<html>Bad gateway</html>`, Retry}, {503, ``, Retry}, {408, ``, Retry},
		{429, `Too Many Requests`, Busy},
		{404, `<html>Not found</html>`, Refused}, {409, `{"error":"no code"}`, Refused}, {400, `[]`, Refused},
	} {
		if r := Classify(tt.status, []byte(tt.body)); r.Outcome != tt.want {
			t.Errorf("Classify(%d, %q) = %v, want %v", tt.status, tt.body, r.Outcome, tt.want)
		}
	}
}

// outcomeOfPages is everything the workshop pages decide and show for an
// error answer: the participant's join, poll and answer, the facilitator's
// notices, the wall's problem, in both languages.
func outcomeOfPages(t *testing.T, status int, body []byte) string {
	t.Helper()
	var b strings.Builder
	r := Classify(status, body)
	b.WriteString(r.Outcome.String())
	say := func(n Notice) {
		b.WriteString("|" + n.Kind)
		for _, lang := range i18n.Languages {
			if n.Text != nil {
				b.WriteString("|" + n.Text(i18n.For(lang)))
			}
		}
	}
	say(LeadNotice(r, "ACDEFG"))
	for _, lang := range i18n.Languages {
		b.WriteString("|wall:" + WallProblem(i18n.For(lang), r, "ACDEFG"))
	}
	w := NewWallState("ACDEFG", "x", "sv")
	step, changed := w.Polled(r)
	b.WriteString("|" + step.String() + "|" + w.In.Problem)
	_ = changed
	return b.String()
}

// TestRewordedMessages: rewording the worker's messages changes nothing
// the pages do or show. For every code the workshop routes send, answers
// with the same code and other messages (reworded, empty, another code's
// message, one in Swedish) give the same outcome, steps and texts; and no
// text a user sees holds the worker's message.
func TestRewordedMessages(t *testing.T) {
	messages := []string{
		"item: rutiner.ansvar-arenden is locked by the facilitator and takes no answers now",
		"",
		"code: workshop session ACDEFG has expired: 48 hours passed without activity",
		"Frågan är låst (reworded, in Swedish)",
		"SECRET-DEVELOPER-DETAIL",
	}
	for _, tt := range workshopCodes {
		status := lagesbild.Status(tt.code)
		want := outcomeOfPages(t, status, errorBody(t, tt.code, messages[0]))
		for _, m := range messages[1:] {
			got := outcomeOfPages(t, status, errorBody(t, tt.code, m))
			if got != want {
				t.Errorf("%s: with the message %q the pages do\n%s\nwith %q\n%s", tt.code, m, got, messages[0], want)
			}
			if m != "" && strings.Contains(got, m) {
				t.Errorf("%s: the worker's message %q reaches the user: %s", tt.code, m, got)
			}
		}
	}
}

// TestNotices: what the pages say for each code, in the workshop's own
// words where it has them.
func TestNotices(t *testing.T) {
	sv := i18n.For("sv")
	body := func(code string) []byte { return errorBody(t, code, "the worker's words") }
	tests := []struct {
		code       string
		lead, wall string
	}{
		{lagesbild.ESessionNotFound,
			"Det finns ingen workshop med koden ACD EFG. Kontrollera koden.", "Det finns ingen workshop med koden ACD EFG. Kontrollera koden."},
		{lagesbild.ESessionExpired, sv.WExpired, sv.WExpired},
		{lagesbild.ESessionEnded, sv.WEndedLead, sv.ErrCode[lagesbild.ESessionEnded]},
		{lagesbild.EInvalid, sv.ErrCode[lagesbild.EInvalid], sv.ErrCode[lagesbild.EInvalid]},
		{lagesbild.ERateLimited, sv.ErrCode[lagesbild.ERateLimited], sv.ErrCode[lagesbild.ERateLimited]},
		{lagesbild.EInternal, sv.ErrCode[lagesbild.EInternal], sv.ErrCode[lagesbild.EInternal]},
		{lagesbild.EForbidden, sv.WWrongLink, sv.ErrCode[lagesbild.EForbidden]},
		{lagesbild.ERoundClosed, sv.ErrCode[lagesbild.ERoundClosed], sv.ErrCode[lagesbild.ERoundClosed]},
		{lagesbild.ETooMany, sv.ErrCode[lagesbild.ETooMany], sv.ErrCode[lagesbild.ETooMany]},
		// A full room: the phone says so in the workshop's words and shows
		// the code form again (waiting does not help: 409, not 429).
		{lagesbild.ERoomFull, sv.ErrCode[lagesbild.ERoomFull], sv.ErrCode[lagesbild.ERoomFull]},
	}
	for _, tt := range tests {
		status := lagesbild.Status(tt.code)
		r := Classify(status, body(tt.code))
		if got := LeadNotice(r, "ACDEFG"); got.Text(sv) != tt.lead || got.Kind != "problem" {
			t.Errorf("%s: the facilitator's page says %q (%s), want %q", tt.code, got.Text(sv), got.Kind, tt.lead)
		}
		if got := WallProblem(sv, r, "ACDEFG"); got != tt.wall {
			t.Errorf("%s: the wall says %q, want %q", tt.code, got, tt.wall)
		}
	}
	// No answer at all, and an answer that is not the API's.
	if got := LeadNotice(Classify(0, nil), "").Text(sv); got != sv.ErrNetwork {
		t.Errorf("no answer: %q, want %q", got, sv.ErrNetwork)
	}
	if got := LeadNotice(Classify(418, []byte("<html>")), "").Text(sv); got != "Servern svarade med status 418." {
		t.Errorf("a teapot: %q", got)
	}
}
