package ui

import (
	"bytes"
	"testing"

	"lagesbild"
)

func TestFixField(t *testing.T) {
	tests := []struct {
		code   string
		county bool
		want   string
	}{
		{lagesbild.ECodeInvalid, false, CodeID},
		{lagesbild.EUnauthorized, false, CodeID},
		{lagesbild.ECodeOtherUnit, false, MunicipalityID},
		{lagesbild.ECodeOtherUnit, true, CountyID},
		{lagesbild.ERoundNotFound, false, RoundID},
		{lagesbild.ERoundClosed, false, RoundID},
		{lagesbild.ERoundNotOpen, true, RoundID},
		{lagesbild.EInvalid, false, ""},
		{lagesbild.EIDConflict, false, ""},
		{"", false, ""},
	}
	for _, tt := range tests {
		if got := FixField(tt.code, tt.county); got != tt.want {
			t.Errorf("FixField(%q, %v) = %q, want %q", tt.code, tt.county, got, tt.want)
		}
	}
}

// TestSendPanel renders the send panel in every phase, in Swedish and
// English, against a golden file.
func TestSendPanel(t *testing.T) {
	cases := []struct {
		name string
		st   Sending
	}{
		{"none", Sending{}},
		{"sending", Sending{Phase: SendSending}},
		{"offline", Sending{Phase: SendOffline}},
		{"retry", Sending{Phase: SendRetry, Secs: 4}},
		{"retry under a second", Sending{Phase: SendRetry}},
		{"sent", Sending{Phase: SendSent, Questionnaire: "kommun", Unit: "2480", Round: "demo"}},
		{"sent for a county", Sending{Phase: SendSent, Questionnaire: "lansstyrelse", Unit: "24", County: true, Round: "2027"}},
		{"sent, no unit", Sending{Phase: SendSent, Questionnaire: "kommun"}},
		{"code_invalid", Sending{Phase: SendRejected, Err: &APIError{Status: 403, Code: lagesbild.ECodeInvalid}}},
		{"code_other_unit", Sending{Phase: SendRejected, Err: &APIError{Status: 403, Code: lagesbild.ECodeOtherUnit}}},
		{"code_other_unit, county", Sending{Phase: SendRejected, County: true, Err: &APIError{Status: 403, Code: lagesbild.ECodeOtherUnit}}},
		{"round_closed", Sending{Phase: SendRejected, Err: &APIError{Status: 403, Code: lagesbild.ERoundClosed}}},
		{"invalid", Sending{Phase: SendRejected, Err: &APIError{Status: 400, Code: lagesbild.EInvalid}}},
		{"not the API's", Sending{Phase: SendRejected, Err: &APIError{Status: 404}}},
		{"no error", Sending{Phase: SendRejected}},
	}
	var b bytes.Buffer
	for _, lang := range []string{"sv", "en"} {
		for _, c := range cases {
			b.WriteString("<!-- " + lang + ": " + c.name + " -->\n" + SendPanel(c.st, lang) + "\n")
		}
	}
	golden(t, "send-panels.html", b.Bytes())
}

func TestResultURL(t *testing.T) {
	for in, want := range map[string]string{"kommun": "/resultat/?q=kommun", "a b&c": "/resultat/?q=a+b%26c"} {
		if got := ResultURL(in); got != want {
			t.Errorf("ResultURL(%q) = %q, want %q", in, got, want)
		}
	}
}
