package ui

import (
	"strings"
	"testing"

	"lagesbild"
	"lagesbild/wasm/i18n"
)

func TestPayload(t *testing.T) {
	d := Draft{Format: FileFormat, ID: "0a0a0a0a-0a0a-4a0a-8a0a-0a0a0a0a0a0a", Questionnaire: "small", Version: 2, Round: "demo",
		Municipality: "0180", Role: "chef", Answers: lagesbild.Answers{"rutiner.plan": "ja"}, Changed: "x", Pending: true}
	want := `{"id":"0a0a0a0a-0a0a-4a0a-8a0a-0a0a0a0a0a0a","round":"demo","questionnaire":"small","version":2,"municipality":"0180","role":"chef","answers":{"rutiner.plan":"ja"}}`
	if got := string(Payload(d)); got != want {
		t.Errorf("Payload =\n%s\nwant\n%s", got, want)
	}
}

func TestClassify(t *testing.T) {
	apiErr := func(code string) string { return `{"code":"` + code + `","error":"whatever the worker says"}` }
	tests := []struct {
		status int
		body   string
		want   Outcome
	}{
		{201, `{"outcome":"created"}`, Saved},
		{200, `{"outcome":"unchanged"}`, Saved},
		// The API's errors are judged by their code.
		{500, apiErr(lagesbild.EInternal), Retry},
		{429, apiErr(lagesbild.ERateLimited), Retry},
		{400, apiErr(lagesbild.EInvalid), Rejected},
		{401, apiErr(lagesbild.EUnauthorized), Rejected},
		{403, apiErr(lagesbild.ECodeInvalid), Rejected},
		{403, apiErr(lagesbild.ECodeOtherUnit), Rejected},
		{404, apiErr(lagesbild.ERoundNotFound), Rejected},
		{409, apiErr(lagesbild.ERoundClosed), Rejected},
		{409, apiErr(lagesbild.ERoundNotOpen), Rejected},
		{409, apiErr(lagesbild.EIDConflict), Rejected},
		{413, apiErr(lagesbild.ETooLarge), Rejected},
		{415, apiErr(lagesbild.EUnsupported), Rejected},
		// Anything else by its status: the network, a proxy's page.
		{0, "", Retry},
		{502, "<html>Bad gateway</html>", Retry},
		{503, "", Retry},
		{408, "", Retry},
		{429, "Too many requests", Retry},
		{404, "<html>Not found</html>", Rejected},
	}
	for _, tt := range tests {
		got, e := Classify(tt.status, []byte(tt.body))
		if got != tt.want {
			t.Errorf("Classify(%d, %s) = %v, want %v", tt.status, tt.body, got, tt.want)
		}
		if (e == nil) != (got == Saved) {
			t.Errorf("Classify(%d, %s) error = %v, want one exactly when not saved", tt.status, tt.body, e)
		}
	}
}

func TestAPIError(t *testing.T) {
	tests := []struct {
		status   int
		body     string
		sv, en   string
		wantCode string
	}{
		{400, `{"code":"invalid","error":"answers.x: no such item"}`,
			"Något i svaren eller uppgifterna är inte giltigt.", "Something in the answers or details is not valid.", "invalid"},
		{409, `{"code":"round_closed","error":"round: round \"2025\" closed"}`,
			"Omgången är stängd och tar inte emot fler svar.", "The round is closed and takes no more answers.", "round_closed"},
		{403, `{"code":"code_invalid","error":"Authorization: the code is not valid for round \"2026\""}`,
			"Koden fungerar inte i den här omgången. Kontrollera koden i inbjudan.", "The code is not valid for this round. Check the code in the invitation.", "code_invalid"},
		{500, `{"code":"internal","error":"internal error"}`, "Ett fel uppstod på servern. Försök igen om en stund.", "An error occurred on the server. Try again in a while.", "internal"},
		{502, `<html>Bad gateway</html>`, "Servern svarade med status 502.", "The server answered with status 502.", ""},
	}
	for _, tt := range tests {
		e := ParseError(tt.status, []byte(tt.body))
		if e.Code != tt.wantCode {
			t.Errorf("ParseError(%d, %s).Code = %q, want %q", tt.status, tt.body, e.Code, tt.wantCode)
		}
		if got := e.Text(i18n.For("sv")); got != tt.sv {
			t.Errorf("sv text %q, want %q", got, tt.sv)
		}
		if got := e.Text(i18n.For("en")); got != tt.en {
			t.Errorf("en text %q, want %q", got, tt.en)
		}
	}
}

// TestRewordedMessages shows that the worker's messages are only for
// developers: for every code, two answers that differ only in their message
// (as after a rewording on the worker) lead to the same outcome and the same
// text on screen, which never contains the message.
func TestRewordedMessages(t *testing.T) {
	for _, c := range lagesbild.Codes {
		before := `{"code":"` + c.Code + `","error":"item: rutiner.plan is locked by the facilitator (code: 1234)"}`
		after := `{"code":"` + c.Code + `","error":"Something else entirely, expired, ended, item:"}`
		o1, e1 := Classify(c.Status, []byte(before))
		o2, e2 := Classify(c.Status, []byte(after))
		if o1 != o2 {
			t.Errorf("%s: outcome %v before the rewording, %v after", c.Code, o1, o2)
		}
		for _, lang := range i18n.Languages {
			s := i18n.For(lang)
			if t1, t2 := e1.Text(s), e2.Text(s); t1 != t2 || strings.Contains(t1, "rutiner.plan") || strings.Contains(t2, "entirely") {
				t.Errorf("%s, %s: text %q before the rewording, %q after: the worker's message must not show", c.Code, lang, t1, t2)
			}
		}
	}
}
