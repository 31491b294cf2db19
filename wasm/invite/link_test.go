package invite

import (
	"net/url"
	"testing"

	"lagesbild/api"
)

func TestLink(t *testing.T) {
	tests := []struct {
		origin string
		rd     api.Round
		muni   string
		code   string
		want   string
	}{
		{"https://lagesbild.example.se", round2027, "2480", "K7QM-3XPA-9RTF-W2HD",
			"https://lagesbild.example.se/enkat/kommun/?omgang=2027&kommun=2480#kod=K7QM-3XPA-9RTF-W2HD"},
		{"http://127.0.0.1:8787/", api.Round{ID: "vt 2027/a&b", Questionnaire: "kommun"}, "0180", "x#y",
			"http://127.0.0.1:8787/enkat/kommun/?omgang=vt+2027%2Fa%26b&kommun=0180#kod=x%23y"},
	}
	for _, tt := range tests {
		got := Link(tt.origin, tt.rd, tt.muni, tt.code)
		if got != tt.want {
			t.Errorf("Link = %q, want %q", got, tt.want)
		}
		// What a browser (and the questionnaire page) reads back from it.
		u, err := url.Parse(got)
		if err != nil {
			t.Fatal(err)
		}
		q := u.Query()
		frag, _ := url.ParseQuery(u.Fragment)
		if q.Get("omgang") != tt.rd.ID || q.Get("kommun") != tt.muni || frag.Get("kod") != tt.code || u.Path != "/enkat/"+tt.rd.Questionnaire+"/" {
			t.Errorf("%s reads back as path %q, omgang %q, kommun %q, kod %q", got, u.Path, q.Get("omgang"), q.Get("kommun"), frag.Get("kod"))
		}
	}
}
