package lagesbild

import (
	"cmp"
	"slices"
)

// Measures that are not sections: they sit beside the section ids in a
// MunicipalityResult's and a Group's maps.
const (
	MeasureTotal    = "total"    // the total score, 0–100
	MeasureDontKnow = "dontKnow" // the share of "Vet ej" among answered items, 0–1
)

// Rules says how small a group may be before its figures are hidden.
type Rules struct {
	// MinMunicipalities is the fewest municipalities a county or national figure may rest on.
	MinMunicipalities int `json:"minMunicipalities"`
	// MinRespondents is the fewest people a figure built from individuals'
	// answers may rest on (a workshop room, a group of individual respondents).
	MinRespondents int `json:"minRespondents"`
}

// DefaultRules are the rules of DESIGN.md: 3 municipalities, 3 respondents.
func DefaultRules() Rules { return Rules{MinMunicipalities: 3, MinRespondents: 3} }

// Figure is a value that may be suppressed. A suppressed figure has a nil
// Value and Suppressed set; a figure with no data has a nil Value, N 0 and
// Suppressed unset.
type Figure struct {
	Value      *float64 `json:"value"`
	N          int      `json:"n"` // units the value is a mean over
	Suppressed bool     `json:"suppressed"`
}

// MunicipalityResult is the mean of one municipality's responses, measure by
// measure (section ids, MeasureTotal, MeasureDontKnow). A nil value means no
// response scored that measure (e.g. every item answered "Vet ej").
type MunicipalityResult struct {
	Municipality string              `json:"municipality"`
	Respondents  int                 `json:"respondents"`
	Measures     map[string]*float64 `json:"measures"`
}

// Group is the figures of a county or of the whole country.
type Group struct {
	Code           string            `json:"code"` // länskod, or "SE" for the country
	Name           string            `json:"name"`
	Municipalities int               `json:"municipalities"` // in the group
	Responded      int               `json:"responded"`      // municipalities with a response
	Measures       map[string]Figure `json:"measures"`
}

// Comparison is every county and the country for one round.
type Comparison struct {
	Counties []Group `json:"counties"`
	National Group   `json:"national"`
}

// County returns the group of the county with the given code.
func (c *Comparison) County(code string) (Group, bool) {
	for _, g := range c.Counties {
		if g.Code == code {
			return g, true
		}
	}
	return Group{}, false
}

// MeasureIDs lists the measures of a questionnaire: its sections, the total
// and the "Vet ej" share.
func (q *Questionnaire) MeasureIDs() []string {
	ids := make([]string, 0, len(q.Sections)+2)
	for _, s := range q.Sections {
		ids = append(ids, s.ID)
	}
	return append(ids, MeasureTotal, MeasureDontKnow)
}

// Measures turns a response's result into measures, ready to be averaged.
func (r *Result) Measures() map[string]*float64 {
	m := make(map[string]*float64, len(r.Sections)+2)
	for _, s := range r.Sections {
		m[s.ID] = s.Score
	}
	m[MeasureTotal] = r.Total
	if r.Answered > 0 {
		m[MeasureDontKnow] = ptr(round3(float64(r.DontKnow) / float64(r.Answered)))
	} else {
		m[MeasureDontKnow] = nil
	}
	return m
}

// Compare computes county and national figures from municipality results:
// a county value is the unweighted mean of its municipalities' results (as
// Kolada does), the national value likewise over all municipalities. Figures
// resting on fewer than rules.MinMunicipalities are suppressed, and more are
// suppressed where needed (secondary suppression) so that no hidden figure can
// be worked out from the national value and the figures shown.
// Results for municipalities not in the registry are ignored.
func Compare(measures []string, results []MunicipalityResult, rules Rules) Comparison {
	// Sums and counts per county (row len(counties): the country), measure by
	// measure, added in the order of results: each result's values are looked
	// up once, and only figures and maps the answer holds are allocated.
	reg := loadRegistry()
	k, nation := len(measures), len(reg.counties)
	sums := make([]float64, (nation+1)*k)
	ns := make([]int, (nation+1)*k)
	responded := make([]int, nation+1)
	for _, r := range results {
		i, ok := reg.muniIdx[r.Municipality]
		if !ok || r.Respondents == 0 {
			continue
		}
		c := reg.countyIdx[reg.municipalities[i].County]
		responded[c]++
		responded[nation]++
		for j, id := range measures {
			if v := r.Measures[id]; v != nil {
				sums[c*k+j] += *v
				ns[c*k+j]++
				sums[nation*k+j] += *v
				ns[nation*k+j]++
			}
		}
	}
	values := make([]float64, 0, (nation+1)*k) // backs the figures' values
	group := func(row int, code, name string, size int) Group {
		g := Group{Code: code, Name: name, Municipalities: size, Responded: responded[row], Measures: make(map[string]Figure, k)}
		for j, id := range measures {
			f := Figure{N: ns[row*k+j]}
			if f.N > 0 {
				values = append(values, RoundMeasure(id, sums[row*k+j]/float64(f.N)))
				f.Value = &values[len(values)-1]
			}
			g.Measures[id] = f
		}
		return g
	}
	c := Comparison{Counties: make([]Group, 0, nation)}
	for i, county := range reg.counties {
		c.Counties = append(c.Counties, group(i, county.Code, county.Name, county.Municipalities))
	}
	c.National = group(nation, "SE", "Sverige", len(reg.municipalities))
	for _, id := range measures {
		suppress(c.Counties, &c.National, id, rules.MinMunicipalities)
	}
	return c
}

// RoundMeasure rounds a mean of a measure as every figure is rounded: scores
// to one decimal, the "Vet ej" share to three. A municipality's mean is
// rounded so too, exactly (MeanOfUnits).
func RoundMeasure(id string, v float64) float64 {
	if id == MeasureDontKnow {
		return round3(v)
	}
	return round1(v)
}

// suppress hides one measure's figures. Primary: a county figure resting on
// 1..k-1 municipalities. Secondary: the national value is a mean over all
// municipalities, so the hidden counties' combined sum can be derived from it
// and the shown counties; hiding is safe only when at least two counties are
// hidden together and they rest on at least k municipalities between them.
// Until that holds, the shown county resting on the fewest municipalities is
// hidden too; if none is left, the national value is hidden.
func suppress(counties []Group, national *Group, id string, k int) {
	hide := func(g *Group) {
		f := g.Measures[id]
		f.Value, f.Suppressed = nil, true
		g.Measures[id] = f
	}
	if national.Measures[id].N < k {
		hide(national)
	}
	hidden, units := 0, 0
	for i := range counties {
		if n := counties[i].Measures[id].N; n > 0 && n < k {
			hide(&counties[i])
			hidden++
			units += n
		}
	}
	if national.Measures[id].Suppressed {
		return // nothing to subtract from
	}
	for hidden > 0 && (hidden < 2 || units < k) {
		// The shown county with the fewest units, ties by code: hiding it costs least.
		cand := make([]int, 0, len(counties))
		for i := range counties {
			if f := counties[i].Measures[id]; f.N > 0 && !f.Suppressed {
				cand = append(cand, i)
			}
		}
		if len(cand) == 0 {
			hide(national)
			return
		}
		slices.SortStableFunc(cand, func(a, b int) int {
			return cmp.Compare(counties[a].Measures[id].N, counties[b].Measures[id].N)
		})
		next := &counties[cand[0]]
		units += next.Measures[id].N
		hidden++
		hide(next)
	}
}

// Respondents applies the respondent rule to a figure built from n
// individuals' answers.
func (r Rules) Respondents(value *float64, n int) Figure {
	if n > 0 && n < r.MinRespondents {
		return Figure{N: n, Suppressed: true}
	}
	return Figure{Value: value, N: n}
}

// Mean averages the responses of one municipality, measure by measure,
// exactly: it adds the values' MeasureUnits and rounds with MeanOfUnits
// (mean.go), so the order of the responses does not matter and a half-way
// mean rounds away from zero (44.4 and 33.3: 38.9).
func Mean(municipality string, responses []map[string]*float64) MunicipalityResult {
	r := MunicipalityResult{Municipality: municipality, Respondents: len(responses), Measures: map[string]*float64{}}
	sums := map[string]int64{}
	ns := map[string]int{}
	for _, resp := range responses {
		for id, v := range resp {
			if _, ok := r.Measures[id]; !ok {
				r.Measures[id] = nil
			}
			if v != nil {
				sums[id] += MeasureUnits(*v)
				ns[id]++
			}
		}
	}
	for id, n := range ns {
		r.Measures[id] = ptr(MeanOfUnits(id, sums[id], n))
	}
	return r
}
