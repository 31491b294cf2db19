package report

import (
	"strings"
	"testing"

	"lagesbild"
	"lagesbild/api"
)

func TestPublicationNote(t *testing.T) {
	county := lagesbild.Group{Code: "24", Name: "Västerbottens län"}
	country := lagesbild.Group{Code: lagesbild.NationalCode, Name: "Sverige"}
	at := func(seq int, when string) lagesbild.Stamp { return lagesbild.Stamp{Seq: seq, Published: when} }
	tests := []struct {
		name      string
		lang      string
		p         *api.Publication
		want, not []string
	}{
		{"live figures: nothing to say", "sv", nil, nil, []string{"<"}},
		{"nothing published yet", "sv", &api.Publication{Seq: 0, Step: 4, AsOf: map[string]lagesbild.Stamp{"24": {}, "SE": {}}},
			[]string{`data-publication="0"`, "Inga läns- eller riksvärden är publicerade ännu", "minst 4 kommuner har svarat"},
			[]string{"data-kept", "data-live"}},
		{"a step, the country kept from an earlier one", "sv", &api.Publication{Seq: 3, Published: "2026-12-03T09:14:05Z", Step: 4,
			AsOf: map[string]lagesbild.Stamp{"24": at(3, "2026-12-03T09:14:05Z"), "SE": at(2, "2026-11-20T15:00:00Z")}},
			[]string{"publicering 3, från 3 december 2026 kl.\u00a010.14", "minst 4 kommuner har svarat eller ändrat",
				"<p data-kept=\"SE\">Värdena för riket är från publicering 2 (20 november 2026 kl.\u00a016.00)"},
			[]string{`data-kept="24"`, "data-live"}},
		{"the lead's own county live", "en", &api.Publication{Seq: 2, Published: "2026-06-01T08:00:00Z", Step: 4,
			AsOf: map[string]lagesbild.Stamp{"SE": at(2, "2026-06-01T08:00:00Z")}, Live: []string{"24"}},
			[]string{"publication 2, of 1 June 2026, 10:00", `<p data-live="24">Västerbottens län is shown as it is right now`},
			[]string{"data-kept"}},
		{"the final one", "sv", &api.Publication{Seq: 5, Final: true, Published: "2027-01-31T23:00:05Z", Step: 4,
			AsOf: map[string]lagesbild.Stamp{"24": at(5, "2027-01-31T23:00:05Z"), "SE": at(5, "2027-01-31T23:00:05Z")}},
			[]string{"slutliga publicering, gjord 1 februari 2027 kl.\u00a000.00 efter att omgången stängde"},
			[]string{"nästa publicering", "data-kept"}},
	}
	for _, tt := range tests {
		got := string(PublicationNote(tt.lang, tt.p, county, country))
		for _, w := range tt.want {
			if !strings.Contains(got, w) {
				t.Errorf("%s: no %q in\n%s", tt.name, w, got)
			}
		}
		for _, n := range tt.not {
			if strings.Contains(got, n) {
				t.Errorf("%s: %q in\n%s", tt.name, n, got)
			}
		}
	}
}

// TestCountyViewPublished: a lead of a private round reads where its
// figures come from, between the table and the chart.
func TestCountyViewPublished(t *testing.T) {
	c := countyAnswer(true, false)
	c.Round.OpenToAll = false
	c.Publication = &api.Publication{Seq: 2, Published: "2026-12-03T09:14:05Z", Step: 4,
		AsOf: map[string]lagesbild.Stamp{"SE": {Seq: 1, Published: "2026-12-01T07:00:00Z"}}, Live: []string{"24"}}
	golden(t, "county-published.sv.html", CountyView(c, "sv"))
}
