package invite

import (
	"slices"
	"strings"
	"testing"

	"lagesbild/api"
)

func TestStatusTable(t *testing.T) {
	picked := map[string]bool{"2403": true, "2460": true}
	goldenHTML(t, "status.sv.html", StatusTable(västerbotten(), Order{}, picked, "sv"))
	goldenHTML(t, "status.en.html", StatusTable(västerbotten(), Order{By: ByDate, Desc: true}, nil, "en"))
}

func names(ms []api.MunicipalityStatus) []string {
	var out []string
	for _, m := range ms {
		out = append(out, m.Name)
	}
	return out
}

func TestSort(t *testing.T) {
	tests := []struct {
		order Order
		want  []string
	}{
		{Order{}, []string{"Bjurholm", "Lycksele", "Malå", "Nordmaling", "Umeå", "Vindeln", "Vännäs", "Åsele"}},
		{Order{By: ByName, Desc: true}, []string{"Åsele", "Vännäs", "Vindeln", "Umeå", "Nordmaling", "Malå", "Lycksele", "Bjurholm"}},
		// Not invited, invited, answered; by name within each.
		{Order{By: ByStatus}, []string{"Bjurholm", "Lycksele", "Nordmaling", "Vännäs", "Åsele", "Malå", "Umeå", "Vindeln"}},
		{Order{By: ByStatus, Desc: true}, []string{"Malå", "Umeå", "Vindeln", "Nordmaling", "Vännäs", "Åsele", "Bjurholm", "Lycksele"}},
		// The latest response's date, else the invitation's; none last.
		{Order{By: ByDate}, []string{"Åsele", "Nordmaling", "Vännäs", "Malå", "Umeå", "Vindeln", "Bjurholm", "Lycksele"}},
		{Order{By: ByDate, Desc: true}, []string{"Vindeln", "Umeå", "Malå", "Nordmaling", "Vännäs", "Åsele", "Bjurholm", "Lycksele"}},
	}
	for _, tt := range tests {
		ms := slices.Clone(västerbotten().Municipalities)
		Sort(ms, tt.order)
		if got := names(ms); !slices.Equal(got, tt.want) {
			t.Errorf("Sort(%+v) = %q, want %q", tt.order, got, tt.want)
		}
	}
}

func TestOrderToggle(t *testing.T) {
	tests := []struct {
		from Order
		by   Column
		want Order
	}{
		{Order{}, ByName, Order{By: ByName, Desc: true}}, // the zero order is by name
		{Order{By: ByName, Desc: true}, ByName, Order{By: ByName}},
		{Order{By: ByName, Desc: true}, ByDate, Order{By: ByDate}},
		{Order{By: ByDate}, ByStatus, Order{By: ByStatus}},
	}
	for _, tt := range tests {
		if got := tt.from.Toggle(tt.by); got != tt.want {
			t.Errorf("%+v.Toggle(%s) = %+v, want %+v", tt.from, tt.by, got, tt.want)
		}
	}
}

func TestSortHeaders(t *testing.T) {
	// Only the sorted column has aria-sort, and it says which way.
	tests := []struct {
		order Order
		want  string
	}{
		{Order{}, `<th scope="col" aria-sort="ascending"><button type="button" class="sort" data-sort="name"`},
		{Order{By: ByStatus, Desc: true}, `<th scope="col" aria-sort="descending"><button type="button" class="sort" data-sort="status"`},
		{Order{By: ByDate}, `<th scope="col" aria-sort="ascending"><button type="button" class="sort" data-sort="date"`},
	}
	for _, tt := range tests {
		h := string(StatusTable(västerbotten(), tt.order, nil, "sv"))
		if !strings.Contains(h, tt.want) || strings.Count(h, "aria-sort") != 1 {
			t.Errorf("%+v: want one aria-sort, %s, in\n%s", tt.order, tt.want, h)
		}
	}
	if got, want := SortedText(Order{By: ByDate, Desc: true}, "sv"), "Tabellen är sorterad efter Datum, fallande."; got != want {
		t.Errorf("SortedText = %q, want %q", got, want)
	}
}

func TestSummaryAndPicks(t *testing.T) {
	st := västerbotten()
	if got, want := Summary(st, "sv"), "3 av 8 kommuner har svarat. Inbjudna: 5."; got != want {
		t.Errorf("Summary = %q, want %q", got, want)
	}
	if got, want := Summary(st, "en"), "3 of 8 municipalities have answered. Invited: 5."; got != want {
		t.Errorf("Summary = %q, want %q", got, want)
	}
	if got, want := Uninvited(st), []string{"2403", "2480", "2481"}; !slices.Equal(got, want) {
		t.Errorf("Uninvited = %q, want %q", got, want)
	}
	picked := map[string]bool{"2403": true, "2463": true, "2401": true, "0180": true}
	if got, want := Reinvited(st, picked), []string{"Nordmaling", "Åsele"}; !slices.Equal(got, want) {
		t.Errorf("Reinvited = %q, want %q", got, want)
	}
	if got, want := Picked(st, picked), []string{"2401", "2403", "2463"}; !slices.Equal(got, want) {
		t.Errorf("Picked = %q, want %q (not Stockholm, of another county)", got, want)
	}
}

func TestStateOf(t *testing.T) {
	tests := []struct {
		m    api.MunicipalityStatus
		want State
	}{
		{api.MunicipalityStatus{}, NotInvited},
		{api.MunicipalityStatus{Invited: "2026-12-03T09:14:05Z"}, Invited},
		{api.MunicipalityStatus{Invited: "2026-12-03T09:14:05Z", Responses: 1, Answered: "2026-12-04T09:14:05Z"}, Answered},
		{api.MunicipalityStatus{Responses: 1, Answered: "2026-12-04T09:14:05Z"}, Answered}, // without an invitation
	}
	for _, tt := range tests {
		if got := StateOf(tt.m); got != tt.want {
			t.Errorf("StateOf(%+v) = %v, want %v", tt.m, got, tt.want)
		}
	}
}

func TestConfirm(t *testing.T) {
	h := string(Confirm([]string{"Nordmaling", "Åsele"}, "sv"))
	for _, want := range []string{`<h4 id="confirm-h" tabindex="-1">Nya länkar ersätter de gamla</h4>`,
		"Det finns redan en personlig länk för Nordmaling och Åsele. Om du skapar nya slutar de gamla länkarna och koderna att fungera",
		`data-action="confirm">Skapa nya länkar</button>`, `data-action="cancel">Avbryt</button>`} {
		if !strings.Contains(h, want) {
			t.Errorf("no %q in\n%s", want, h)
		}
	}
}
