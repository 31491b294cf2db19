package invite

import (
	goldenfile "lagesbild/wasm/golden"
	"regexp"
	"testing"

	"lagesbild"
	"lagesbild/api"
	"lagesbild/markup"
)

var blockStart = regexp.MustCompile(`<(section|article|fieldset|h2|h3|p|ul|li|table|thead|tbody|tr|div|svg)[ >]`)

// golden compares got with testdata/name, a block element a line.
func golden(t *testing.T, name string, got string) {
	t.Helper()
	goldenfile.HTML(t, name, got, blockStart)
}

func goldenHTML(t *testing.T, name string, got markup.HTML) { t.Helper(); golden(t, name, string(got)) }

// round2027 closes at UTC midnight: the last day is the day before.
var round2027 = api.Round{ID: "2027", Questionnaire: "kommun", Version: 1, Opens: "2026-11-01T00:00:00Z", Closes: "2027-02-01T00:00:00Z", Open: true}

// västerbotten is a county's status with every state: not invited,
// invited, answered (with and without an invitation, from a workshop, in
// part), and names whose order only Swedish collation gets right.
func västerbotten() api.Status {
	return api.Status{Round: round2027, County: "24", Name: "Västerbottens län", Items: 28, Municipalities: []api.MunicipalityStatus{
		{Code: "2401", Name: "Nordmaling", Invited: "2026-12-03T09:14:05Z"},
		{Code: "2403", Name: "Bjurholm"},
		{Code: "2404", Name: "Vindeln", Invited: "2026-12-01T08:00:00Z", Responses: 2, Answered: "2026-12-05T15:30:00Z", Items: 28},
		{Code: "2460", Name: "Vännäs", Invited: "2026-12-03T09:14:05Z"},
		{Code: "2463", Name: "Åsele", Invited: "2026-12-02T23:30:00Z"}, // 3 december in Sweden
		{Code: "2480", Name: "Umeå", Responses: 1, Answered: "2026-12-04T10:00:00Z", Items: 21, Workshop: true},
		{Code: "2481", Name: "Lycksele"},
		{Code: "2418", Name: "Malå", Invited: "2026-12-03T09:14:05Z", Responses: 1, Answered: "2026-12-03T12:00:00Z", Items: 28},
	}}
}

func invitation() Invitation {
	return Invitation{
		Origin: "https://lagesbild.example.se", Round: round2027, County: "Västerbottens län",
		Title:   lagesbild.Text{SV: "Kommunens självskattning", EN: "The municipality's self-assessment"},
		Contact: "Anna Andersson, utvecklingsledare\r\nanna.andersson@example.se\n010-225 40 00 <växel>",
		Today:   "2026-12-03T09:14:05Z",
		Codes: []api.Code{
			{Kind: api.KindMunicipality, Unit: "2463", Name: "Åsele", Code: "K7QM-3XPA-9RTF-W2HD"},
			{Kind: api.KindMunicipality, Unit: "2401", Name: "Nordmaling", Code: "ABCD-EFGH-JKLM-NPQR"},
			{Kind: api.KindMunicipality, Unit: "2460", Name: "Vännäs", Code: "2345-6789-ABCD-EFGH"},
		},
	}
}
