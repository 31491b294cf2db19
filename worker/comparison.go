package worker

import (
	"context"
	"net/http"

	"lagesbild"
)

// measureInfo names a measure for tables and charts.
type measureInfo struct {
	ID    string         `json:"id"`
	Title lagesbild.Text `json:"title"`
	// Scale is "score" (0–100) or "share" (0–1).
	Scale string `json:"scale"`
}

func measureInfos(q *lagesbild.Questionnaire) []measureInfo {
	out := make([]measureInfo, 0, len(q.Sections)+2)
	for _, sec := range q.Sections {
		out = append(out, measureInfo{ID: sec.ID, Title: sec.Title, Scale: "score"})
	}
	return append(out,
		measureInfo{ID: lagesbild.MeasureTotal, Title: lagesbild.Text{SV: "Totalt", EN: "Total"}, Scale: "score"},
		measureInfo{ID: lagesbild.MeasureDontKnow, Title: lagesbild.Text{SV: "Andel Vet ej", EN: "Share of Don't know"}, Scale: "share"})
}

// municipalityRow is one municipality's mean result. Rows are shown only to
// those allowed (see auth.go); a municipality without responses has
// respondents 0 and null measures, so a county lead sees who is missing.
type municipalityRow struct {
	Code        string              `json:"code"`
	Name        string              `json:"name"`
	County      string              `json:"county"`
	Respondents int                 `json:"respondents"`
	Measures    map[string]*float64 `json:"measures"`
}

// figures are one round's comparison and the municipality results it rests on.
type figures struct {
	round      string
	comparison lagesbild.Comparison
	results    map[string]lagesbild.MunicipalityResult // by kommunkod
}

// row is a municipality's row, with every measure present.
func (f *figures) row(m lagesbild.Municipality, measures []string) municipalityRow {
	res := f.results[m.Code]
	row := municipalityRow{Code: m.Code, Name: m.Name, County: m.County, Respondents: res.Respondents,
		Measures: make(map[string]*float64, len(measures))}
	for _, id := range measures {
		row.Measures[id] = res.Measures[id]
	}
	return row
}

// rows are the rows of a county's municipalities the caller may see.
func (f *figures) rows(rd Round, a access, county string, measures []string) []municipalityRow {
	out := []municipalityRow{}
	for _, m := range lagesbild.MunicipalitiesIn(county) {
		if a.seesRow(rd, m) {
			out = append(out, f.row(m, measures))
		}
	}
	return out
}

// allRows are the rows of every municipality the caller may see.
func (f *figures) allRows(rd Round, a access, measures []string) []municipalityRow {
	out := []municipalityRow{}
	for _, c := range lagesbild.Counties() {
		out = append(out, f.rows(rd, a, c.Code, measures)...)
	}
	return out
}

// compare computes a round's comparison, and its previous round's when it
// has one, from one SQL aggregation over both. Suppression is the core's
// (lagesbild.Compare), applied here before anything leaves the worker.
func (s *server) compare(ctx context.Context, rd Round, measures []string) (cur figures, prev *figures, err error) {
	results, err := s.store.aggregate(ctx, rd.ID, rd.Previous)
	if err != nil {
		return figures{}, nil, err
	}
	build := func(round string) figures {
		f := figures{round: round, results: make(map[string]lagesbild.MunicipalityResult, len(results[round]))}
		for _, r := range results[round] {
			f.results[r.Municipality] = r
		}
		f.comparison = lagesbild.Compare(measures, results[round], s.rules)
		return f
	}
	cur = build(rd.ID)
	if rd.Previous != "" {
		p := build(rd.Previous)
		prev = &p
	}
	return cur, prev, nil
}

// previousView is the previous round's figures, shown beside this round's.
type previousView struct {
	Round          string            `json:"round"`
	Counties       []lagesbild.Group `json:"counties,omitempty"`
	County         *lagesbild.Group  `json:"county,omitempty"`
	National       lagesbild.Group   `json:"national"`
	Municipalities []municipalityRow `json:"municipalities,omitempty"`
}

// countiesView answers GET /api/rounds/{round}/counties, and with
// Municipalities also export.json.
type countiesView struct {
	Round          roundView         `json:"round"`
	Measures       []measureInfo     `json:"measures"`
	Rules          lagesbild.Rules   `json:"rules"`
	Counties       []lagesbild.Group `json:"counties"`
	National       lagesbild.Group   `json:"national"`
	Municipalities []municipalityRow `json:"municipalities,omitempty"`
	Previous       *previousView     `json:"previous,omitempty"`
}

// countyView answers GET /api/rounds/{round}/counties/{county}.
type countyView struct {
	Round    roundView       `json:"round"`
	Measures []measureInfo   `json:"measures"`
	Rules    lagesbild.Rules `json:"rules"`
	County   lagesbild.Group `json:"county"`
	National lagesbild.Group `json:"national"`
	// Municipalities are the rows the caller may see: all of the county's
	// for its lead (and in a round open to all), a municipality's own row
	// for its code, none otherwise.
	Municipalities []municipalityRow `json:"municipalities"`
	Previous       *previousView     `json:"previous,omitempty"`
}

// countiesOf builds the view of every county, with the municipality rows the
// caller may see when withRows.
func (s *server) countiesOf(r *http.Request, withRows bool) (countiesView, *lagesbild.Questionnaire, error) {
	rd, a, err := s.readableRound(r)
	if err != nil {
		return countiesView{}, nil, err
	}
	q, err := s.questionnaireOf(rd)
	if err != nil {
		return countiesView{}, nil, err
	}
	ids := q.MeasureIDs()
	cur, prev, err := s.compare(r.Context(), rd, ids)
	if err != nil {
		return countiesView{}, nil, err
	}
	v := countiesView{Round: s.view(rd, q, a), Measures: measureInfos(q), Rules: s.rules,
		Counties: cur.comparison.Counties, National: cur.comparison.National}
	if withRows {
		v.Municipalities = cur.allRows(rd, a, ids)
	}
	if prev != nil {
		v.Previous = &previousView{Round: prev.round, Counties: prev.comparison.Counties, National: prev.comparison.National}
		if withRows {
			v.Previous.Municipalities = prev.allRows(rd, a, ids)
		}
	}
	return v, q, nil
}

func (s *server) counties(w http.ResponseWriter, r *http.Request) error {
	v, _, err := s.countiesOf(r, false)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, v)
	return nil
}

func (s *server) county(w http.ResponseWriter, r *http.Request) error {
	code := r.PathValue("county")
	if _, ok := lagesbild.CountyByCode(code); !ok {
		return lagesbild.Errorf(lagesbild.ENotFound, "county: %q is not a länskod", clip(code))
	}
	rd, a, err := s.readableRound(r)
	if err != nil {
		return err
	}
	q, err := s.questionnaireOf(rd)
	if err != nil {
		return err
	}
	ids := q.MeasureIDs()
	cur, prev, err := s.compare(r.Context(), rd, ids)
	if err != nil {
		return err
	}
	g, _ := cur.comparison.County(code)
	v := countyView{Round: s.view(rd, q, a), Measures: measureInfos(q), Rules: s.rules,
		County: g, National: cur.comparison.National, Municipalities: cur.rows(rd, a, code, ids)}
	if prev != nil {
		pg, _ := prev.comparison.County(code)
		v.Previous = &previousView{Round: prev.round, County: &pg, National: prev.comparison.National,
			Municipalities: prev.rows(rd, a, code, ids)}
	}
	writeJSON(w, http.StatusOK, v)
	return nil
}
