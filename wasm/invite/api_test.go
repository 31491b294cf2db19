package invite

import (
	"testing"

	"lagesbild"
	"lagesbild/api"
	"lagesbild/wasm/i18n"
)

func TestKeyRounds(t *testing.T) {
	s := i18n.For("sv")
	lead := `{"rounds":[{"id":"2027","questionnaire":"kommun","version":1,"opens":"2026-11-01T00:00:00Z","closes":"2027-02-01T00:00:00Z","open":true,"openToAll":false,
		"access":{"kind":"county","unit":"24","name":"Västerbottens län"},"title":{"sv":"Kommunens självskattning","en":"x"},"closed":false,"municipalities":15,"invited":5,"answered":3}]}`
	tests := []struct {
		name    string
		status  int
		body    string
		rounds  int
		problem string
	}{
		{"a county's key", 200, lead, 1, ""},
		{"a municipality's code", 200, `{"rounds":[{"id":"2027","access":{"kind":"municipality","unit":"2480"}}]}`, 0, s.LeadTokenNotLead},
		{"no round", 200, `{"rounds":[]}`, 0, s.LeadTokenUnknown},
		{"a mistyped or revoked key", 403, `{"code":"code_invalid","error":"Authorization: the code is not valid"}`, 0, s.LeadTokenUnknown},
		{"a closed round says so", 409, `{"code":"round_closed","error":"x"}`, 0, s.Code(lagesbild.ERoundClosed)},
		{"not the API's answer", 502, `<html>Bad gateway</html>`, 0, i18n.Fill(s.ErrHTTP, 502)},
		{"not JSON", 200, `{"rounds":`, 0, s.Code(lagesbild.EInternal)},
	}
	for _, tt := range tests {
		es, p := KeyRounds("AAAA-BBBB", tt.status, []byte(tt.body))
		got := ""
		if p != nil {
			got = p(s)
		}
		if len(es) != tt.rounds || got != tt.problem {
			t.Errorf("%s: %d rounds, problem %q; want %d, %q", tt.name, len(es), got, tt.rounds, tt.problem)
		}
		for _, e := range es {
			if e.Token != "AAAA-BBBB" || e.County() != "24" || !e.Lead() || e.Round.Answered != 3 || e.Round.Title.SV == "" {
				t.Errorf("%s: entry %+v", tt.name, e)
			}
		}
	}
}

func TestOpenRounds(t *testing.T) {
	if es := OpenRounds(200, []byte(`{"rounds":[{"id":"demo","openToAll":true}]}`)); len(es) != 1 || es[0].Token != "" || es[0].Round.ID != "demo" {
		t.Errorf("OpenRounds: %+v", es)
	}
	if es := OpenRounds(404, []byte(`{"code":"not_found","error":"no route"}`)); es != nil {
		t.Errorf("OpenRounds of a 404: %+v", es)
	}
}

func TestURLs(t *testing.T) {
	if got, want := StatusURL("vt 27", "24"), "/api/rounds/vt%2027/status/24"; got != want {
		t.Errorf("StatusURL = %q, want %q", got, want)
	}
	if got, want := CodesURL("2027"), "/api/rounds/2027/codes"; got != want {
		t.Errorf("CodesURL = %q, want %q", got, want)
	}
}

// FuzzKeyRounds: whatever the worker (or something in front of it)
// answers, KeyRounds gives either rounds or a problem, never both, and
// every round it gives is the key's and no municipality's.
func FuzzKeyRounds(f *testing.F) {
	f.Add(200, `{"rounds":[{"id":"2027","access":{"kind":"county","unit":"24"}}]}`)
	f.Add(200, `{"rounds":[{"id":"2027","access":{"kind":"municipality","unit":"2480"}}]}`)
	f.Add(403, `{"code":"code_invalid","error":"x"}`)
	f.Add(502, `<html>`)
	f.Fuzz(func(t *testing.T, status int, body string) {
		es, p := KeyRounds("AAAA", status, []byte(body))
		if (p == nil) == (len(es) == 0) {
			t.Fatalf("%d rounds and problem %v", len(es), p != nil)
		}
		if p != nil && p(i18n.For("sv")) == "" {
			t.Errorf("an empty problem")
		}
		for _, e := range es {
			if e.Token != "AAAA" || e.Round.Access != nil && e.Round.Access.Kind == api.KindMunicipality {
				t.Errorf("entry %+v", e)
			}
		}
	})
}
