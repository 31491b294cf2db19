package lagesbild

// Measures that are not sections: they sit beside the section ids in a
// MunicipalityResult's and a Group's maps.
const (
	MeasureTotal    = "total"    // the total score, 0–100
	MeasureDontKnow = "dontKnow" // the share of "Vet ej" among answered items, 0–1
)

// Rules says how small a group may be before its figures are hidden.
type Rules struct {
	// MinMunicipalities is k for county and national figures: no reader may
	// learn anything about fewer than k municipalities it does not know
	// (Compare), so a county is shown only where it rests on k+1 or more
	// (one of them, reading, takes itself out).
	MinMunicipalities int `json:"minMunicipalities"`
	// MinRespondents is the fewest people a figure built from individuals'
	// answers may rest on (a workshop room, a group of individual respondents).
	MinRespondents int `json:"minRespondents"`
}

// DefaultRules are the rules of DESIGN.md: 3 municipalities, 3 respondents.
func DefaultRules() Rules { return Rules{MinMunicipalities: 3, MinRespondents: 3} }

// Figure is a value that may be suppressed, with the number of units it is a
// mean over.
//
// In JSON: {"value": 54.6, "n": 13, "suppressed": false} is a figure shown
// with its n; {"value": null, "n": 0, "suppressed": false} a figure with no
// data (nothing to average, and n = 0 published); {"value": null, "n": 0,
// "suppressed": true} a suppressed figure. n is published only where it
// reveals nothing about fewer than k units (issue 11, F10: n counts the units
// that have a value, so it tells who left a measure blank): where it is not,
// N is 0 beside a value or a suppressed figure, which no published n can be
// (a value rests on at least one unit, and a figure with none is "no data",
// not suppressed). NShown tells the two apart. A suppressed figure of
// Compare publishes its n only on the national figure, and only where the
// counts pass the same suppression as the values.
type Figure struct {
	Value      *float64 `json:"value"`
	N          int      `json:"n"` // units the value is a mean over, where published (NShown)
	Suppressed bool     `json:"suppressed"`
}

// NShown reports whether the figure publishes its N: always, except where N
// is 0 beside a value or on a suppressed figure (see Figure).
func (f Figure) NShown() bool { return f.N > 0 || f.Value == nil && !f.Suppressed }

// MunicipalityResult is one municipality's result in a round, measure by
// measure (section ids, MeasureTotal, MeasureDontKnow): from scoring v2 its
// official response's measures (Official), before it the mean of its
// responses (Mean). A nil value means the response scored no value for that
// measure (e.g. every item answered "Vet ej").
type MunicipalityResult struct {
	Municipality string              `json:"municipality"`
	Respondents  int                 `json:"respondents"`
	Measures     map[string]*float64 `json:"measures"`
	// Partial and Workshop describe the official response (Result.Partial;
	// role RoleWorkshop), for the views that mark them. Compare and the
	// publications ignore both: a figure is the same whoever answered.
	Partial  bool `json:"partial,omitempty"`
	Workshop bool `json:"workshop,omitempty"`
}

// NationalCode is the Group.Code of the country.
const NationalCode = "SE"

// Group is the figures of a county or of the whole country.
type Group struct {
	Code           string            `json:"code"` // länskod, or NationalCode for the country
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
// Kolada does), the national value likewise over all municipalities.
// Results for municipalities not in the registry or without respondents are
// ignored, and a municipality listed twice counts once (its first result).
//
// Suppression (issue 11; THREATS.md): no reader below the admin may work out
// anything about fewer than k = rules.MinMunicipalities municipalities it
// does not know, from the figures of one comparison, by any linear
// combination of them (the audit, audit.go, decides this). A figure is the
// sum of its units' values (its mean times its n); the readers are an
// outsider, a municipality (its own value) and a county lead (every value of
// its county). Counties partition the country and the nation is all of them,
// so this comes down to counting, per measure, with n_c the county's units
// with a value for it, r_c its responding municipalities, and H the hidden
// counties:
//
//   - A county is shown only if r_c ≥ k+1 and every measure has n_c = 0 or
//     n_c ≥ k+1: any of its municipalities reads the figure, takes its own
//     value out and must still face k others (primary suppression). A county
//     is hidden or shown for every measure alike, value and n, since the
//     audit does not see relations between measures (the total and the
//     sections): a hidden county shows {"value": null, "n": 0, "suppressed":
//     true} for every measure.
//   - The national value minus the shown counties is the sum over H. With h
//     the units of H for a measure and m the most in one county of H, every
//     reader faces at least k unknown units of H, or none, exactly when
//     safe(h, m): h − m ≥ k (the lead of the largest hidden county removes
//     m; a municipality removes 1 ≤ m), or h = m (one hidden county holds
//     them all) with m = 0 or m ≥ k+1. If the primary H is not safe for a
//     measure, shown counties are added to H (secondary suppression), the
//     one with the fewest units of the first measure still unsafe first,
//     ties by code, until every measure is safe; adding a county keeps a
//     safe measure safe, and this adds the fewest counties for one measure
//     (one if h ≥ k, else two). A county so added is shown again if the
//     later ones made it needless. Only a measure that hiding every county
//     could not make safe has its national value hidden instead.
//   - n (F10): a figure's n is the sum of 0/1 values (has this responding
//     municipality a value?), so it gets the same test over r: a county's n
//     is shown with its figures (r_c ≥ k+1 then), the national n where
//     safe(h, m) holds for the responding municipalities of H; else N is 0
//     and not published (Figure, NShown). Counties are never hidden for the
//     sake of the national n: that n is hidden instead.
//
// With k < 2 nothing can be learnt about fewer than k units: nothing is
// hidden.
func Compare(measures []string, results []MunicipalityResult, rules Rules) Comparison {
	// Sums and counts per county (row len(counties): the country), measure by
	// measure, added in the order of results: each result's values are looked
	// up once, and only figures and maps the answer holds are allocated. The
	// sums are in whole thousandths (MeasureUnits), as Mean's: a county's
	// mean is then the same in any order of results, and half-way means
	// round as the exact mean does (mean.go).
	reg := loadRegistry()
	nm, nation := len(measures), len(reg.counties)
	sums := make([]int64, (nation+1)*nm)
	ns := make([]int, (nation+1)*nm)
	responded := make([]int, nation+1)
	seen := make([]uint64, (len(reg.municipalities)+63)/64)
	for _, r := range results {
		i, ok := reg.muniIdx[r.Municipality]
		if !ok || r.Respondents == 0 || seen[i/64]&(1<<(i%64)) != 0 {
			continue
		}
		seen[i/64] |= 1 << (i % 64)
		c := reg.countyIdx[reg.municipalities[i].County]
		responded[c]++
		responded[nation]++
		for j, id := range measures {
			if v := r.Measures[id]; v != nil {
				u := MeasureUnits(*v)
				sums[c*nm+j] += u
				ns[c*nm+j]++
				sums[nation*nm+j] += u
				ns[nation*nm+j]++
			}
		}
	}
	s := suppress(ns, responded, nm, rules.MinMunicipalities)
	values := make([]float64, 0, (nation+1)*nm) // backs the figures' values
	group := func(row int, code, name string, size int) Group {
		g := Group{Code: code, Name: name, Municipalities: size, Responded: responded[row], Measures: make(map[string]Figure, nm)}
		for j, id := range measures {
			n := ns[row*nm+j]
			var f Figure
			switch {
			case row < nation && s.hidden[row]:
				f.Suppressed = true // value and n
			case row < nation || s.valueShown[j]:
				if n > 0 {
					values = append(values, MeanOfUnits(id, sums[row*nm+j], n))
					f.Value = &values[len(values)-1]
				}
			default:
				f.Suppressed = n > 0
			}
			if row < nation && !s.hidden[row] || row == nation && s.nShown {
				f.N = n
			} else if f.Value == nil {
				f.Suppressed = true // a national "no data" would publish n = 0
			}
			g.Measures[id] = f
		}
		return g
	}
	c := Comparison{Counties: make([]Group, 0, nation)}
	for i, county := range reg.counties {
		c.Counties = append(c.Counties, group(i, county.Code, county.Name, county.Municipalities))
	}
	c.National = group(nation, NationalCode, "Sverige", len(reg.municipalities))
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

// suppression is what Compare hides: counties (every measure, value and n),
// the national value per measure, and the national n.
type suppression struct {
	hidden     []bool // by county
	valueShown []bool // by measure: the national value
	nShown     bool   // the national n, every measure
}

// suppress decides Compare's suppression (see Compare) from the units per
// county and measure (ns: county c, measure j at c*measures+j; the rows of
// the counties only are read) and the responding municipalities per county
// (responded).
func suppress(ns, responded []int, measures, k int) suppression {
	nation := len(responded) - 1
	s := suppression{hidden: make([]bool, nation), valueShown: make([]bool, measures), nShown: true}
	for j := range s.valueShown {
		s.valueShown[j] = true
	}
	if k < 2 {
		return s // no set of fewer than k units but the empty one
	}
	// Primary, and what H holds of each measure: h[j] units, m[j] the most
	// in one county; hAll, mAll with every county that could be hidden.
	scratch := make([]int, 4*measures)
	h, m, hAll, mAll := scratch[:measures], scratch[measures:2*measures], scratch[2*measures:3*measures], scratch[3*measures:]
	for c := range nation {
		r := responded[c]
		if r == 0 {
			continue
		}
		row := ns[c*measures : (c+1)*measures]
		hide := r <= k
		for _, n := range row {
			hide = hide || n > 0 && n <= k
		}
		s.hidden[c] = hide
		for j, n := range row {
			if hide {
				h[j] += n
				m[j] = max(m[j], n)
			}
			hAll[j] += n
			mAll[j] = max(mAll[j], n)
		}
	}
	// Secondary: the first measure not yet safe that can be made safe takes
	// the shown county with the fewest of its units.
	var added []int
	for {
		j := 0
		for ; j < measures; j++ {
			if !safe(h[j], m[j], k) && safe(hAll[j], mAll[j], k) {
				break
			}
		}
		if j == measures {
			break
		}
		best := -1
		for c := range nation {
			if n := ns[c*measures+j]; !s.hidden[c] && n > 0 && (best < 0 || n < ns[best*measures+j]) {
				best = c
			}
		}
		s.hidden[best] = true // exists: hAll[j] holds units m[j] and h[j] do not
		added = append(added, best)
		for i, n := range ns[best*measures : (best+1)*measures] {
			h[i] += n
			m[i] = max(m[i], n)
		}
	}
	for j := range measures {
		s.valueShown[j] = safe(h[j], m[j], k)
	}
	// A county added for one measure may have been made needless by those
	// added after it for another: show it again where every measure shown
	// stays safe without it, the last added first.
	for i := len(added) - 2; i >= 0; i-- {
		s.hidden[added[i]] = false
		clear(h)
		clear(m)
		for c := range nation {
			if s.hidden[c] {
				for j, n := range ns[c*measures : (c+1)*measures] {
					h[j] += n
					m[j] = max(m[j], n)
				}
			}
		}
		for j := range measures {
			if s.valueShown[j] && !safe(h[j], m[j], k) {
				s.hidden[added[i]] = true
				break
			}
		}
	}
	hr, mr := 0, 0
	for c := range nation {
		if s.hidden[c] {
			hr += responded[c]
			mr = max(mr, responded[c])
		}
	}
	s.nShown = safe(hr, mr, k)
	return s
}

// safe reports whether the sum over the hidden counties, which the national
// figure gives away, leaves every reader at least k units it does not know,
// or none: h units in all, m in the county with the most (see Compare).
func safe(h, m, k int) bool {
	rest := h - m
	return rest >= k || rest == 0 && (m == 0 || m > k)
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
