package worker

import (
	"context"
	"net/http"

	"lagesbild"
	"lagesbild/api"
)

// measureInfos are the measures of a questionnaire, for tables and charts.
func measureInfos(q *lagesbild.Questionnaire) []api.Measure {
	out := make([]api.Measure, 0, len(q.Sections)+2)
	for _, sec := range q.Sections {
		out = append(out, api.Measure{ID: sec.ID, Title: sec.Title, Scale: "score"})
	}
	return append(out,
		api.Measure{ID: lagesbild.MeasureTotal, Title: lagesbild.Text{SV: "Totalt", EN: "Total"}, Scale: "score"},
		api.Measure{ID: lagesbild.MeasureDontKnow, Title: lagesbild.Text{SV: "Andel Vet ej", EN: "Share of Don't know"}, Scale: "share"})
}

// Municipality rows (api.MunicipalityRow) are shown only to those allowed
// (see auth.go); a municipality without responses has respondents 0 and null
// measures, so a county lead sees who is missing.

// figures are one round's comparison, the municipality results it rests on,
// and who sees which of those results as rows: the round and the caller's
// access in it (for a previous round, its own, see access.previous).
type figures struct {
	round      Round
	access     access
	comparison lagesbild.Comparison
	results    map[string]lagesbild.MunicipalityResult // by kommunkod
}

// row is a municipality's row, with every measure present.
func (f *figures) row(m lagesbild.Municipality, measures []string) api.MunicipalityRow {
	res := f.results[m.Code]
	row := api.MunicipalityRow{Code: m.Code, Name: m.Name, County: m.County, Respondents: res.Respondents,
		Measures: make(map[string]*float64, len(measures))}
	for _, id := range measures {
		row.Measures[id] = res.Measures[id]
	}
	return row
}

// rows are the rows of a county's municipalities the caller may see.
func (f *figures) rows(county string, measures []string) []api.MunicipalityRow {
	out := []api.MunicipalityRow{}
	for _, m := range lagesbild.MunicipalitiesIn(county) {
		if f.access.seesRow(f.round, m) {
			out = append(out, f.row(m, measures))
		}
	}
	return out
}

// allRows are the rows of every municipality the caller may see.
func (f *figures) allRows(measures []string) []api.MunicipalityRow {
	out := []api.MunicipalityRow{}
	for _, c := range lagesbild.Counties() {
		out = append(out, f.rows(c.Code, measures)...)
	}
	return out
}

// compare computes a round's comparison, and its previous round's when it
// has one the caller may see (access.previous), from one SQL aggregation over
// both. Suppression is the core's (lagesbild.Compare), applied here before
// anything leaves the worker.
func (s *server) compare(ctx context.Context, rd Round, a access, measures []string) (cur figures, prev *figures, err error) {
	prd, pa, shown := a.previous(rd)
	if !shown {
		prd.ID = ""
	}
	results, err := s.store.aggregate(ctx, rd.ID, prd.ID)
	if err != nil {
		return figures{}, nil, err
	}
	build := func(rd Round, a access) figures {
		f := figures{round: rd, access: a, results: make(map[string]lagesbild.MunicipalityResult, len(results[rd.ID]))}
		for _, r := range results[rd.ID] {
			f.results[r.Municipality] = r
		}
		f.comparison = lagesbild.Compare(measures, results[rd.ID], s.rules)
		return f
	}
	cur = build(rd, a)
	if prd.ID != "" {
		p := build(prd, pa)
		prev = &p
	}
	return cur, prev, nil
}

// countiesOf builds the view of every county, with the municipality rows the
// caller may see when withRows.
func (s *server) countiesOf(r *http.Request, withRows bool) (api.Counties, *lagesbild.Questionnaire, error) {
	rd, a, err := s.readableRound(r)
	if err != nil {
		return api.Counties{}, nil, err
	}
	q, err := s.questionnaireOf(rd)
	if err != nil {
		return api.Counties{}, nil, err
	}
	ids := q.MeasureIDs()
	cur, prev, err := s.compare(r.Context(), rd, a, ids)
	if err != nil {
		return api.Counties{}, nil, err
	}
	v := api.Counties{Round: s.view(rd, q, a), Measures: measureInfos(q), Rules: s.rules,
		Counties: cur.comparison.Counties, National: cur.comparison.National}
	if withRows {
		v.Municipalities = cur.allRows(ids)
	}
	if prev != nil {
		v.Previous = &api.Previous{Round: prev.round.ID, Counties: prev.comparison.Counties, National: prev.comparison.National}
		if withRows {
			v.Previous.Municipalities = prev.allRows(ids)
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
	cur, prev, err := s.compare(r.Context(), rd, a, ids)
	if err != nil {
		return err
	}
	g, _ := cur.comparison.County(code)
	v := api.County{Round: s.view(rd, q, a), Measures: measureInfos(q), Rules: s.rules,
		County: g, National: cur.comparison.National, Municipalities: cur.rows(code, ids)}
	if prev != nil {
		pg, _ := prev.comparison.County(code)
		v.Previous = &api.Previous{Round: prev.round.ID, County: &pg, National: prev.comparison.National,
			Municipalities: prev.rows(code, ids)}
	}
	writeJSON(w, http.StatusOK, v)
	return nil
}
