package worker

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"log"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"lagesbild"
	"lagesbild/api"
	"lagesbild/worker/internal/xlsx"
)

// Indicator figures (issue 16, part 2): the share of municipalities whose
// official response meets an indicator, per group (lagesbild.ReleaseIndicator
// decides which groups are shown: the audit over every reader, across the
// overlapping groups).
//
// Access is the county comparison's (readableRound): anyone in a round open
// to all, a holder of a code of a private round, the admin. Suppression is
// the same for everyone, the admin included (as the comparison, which the
// admin sees live but suppressed). Time: a release is audited for one
// snapshot of the answers, and figures shown at several moments could be
// subtracted (THREATS.md, F1); so in a private round that is still open a
// reader below the admin sees every figure suppressed, with pending set,
// until the round closes (its answers cannot change then: rounds.go). The
// admin and, in a round open to all, everyone see live figures.

// officialAnswers reads the official answers of every municipality in a
// round and its previous ("" for none), of the items named only:
// round → kommunkod → answers. D1's SQLite picks the items out of each
// stored answer set (json_each), so the worker decodes a few answers per
// municipality, not every one (decoding 580 whole sets in the worker's
// WebAssembly was a large part of a recomputation).
//
// county, when not "", reads only that county's municipalities (their
// kommunkoder begin with the länskod, as store.status reads them).
func (s store) officialAnswers(ctx context.Context, round, previous, county string, items []string) (map[string]map[string]lagesbild.Answers, error) {
	lo, hi := "0000", "9999"
	if county != "" {
		lo, hi = county+"00", county+"99"
	}
	keys, err := json.Marshal(items)
	if err != nil {
		return nil, fmt.Errorf("reading the official answers of round %q: %w", round, err)
	}
	rows, err := s.db.QueryContext(ctx, `
		SELECT o.round, o.municipality,
			(SELECT json_group_object(a.key, a.value) FROM json_each(r.answers) AS a
			 WHERE a.key IN (SELECT k.value FROM json_each(?) AS k))
		FROM officials AS o JOIN responses AS r ON r.id = o.response
		WHERE o.round IN (?, ?) AND o.municipality BETWEEN ? AND ?`, string(keys), round, previous, lo, hi)
	if err != nil {
		return nil, fmt.Errorf("reading the official answers of round %q: %w", round, err)
	}
	defer rows.Close()
	out := map[string]map[string]lagesbild.Answers{}
	for rows.Next() {
		var rnd, muni, text string
		if err := rows.Scan(&rnd, &muni, &text); err != nil {
			return nil, fmt.Errorf("reading the official answers of round %q: %w", round, err)
		}
		var a lagesbild.Answers
		if err := json.Unmarshal([]byte(text), &a); err != nil {
			return nil, fmt.Errorf("the official answers of %s in round %q: %w", muni, rnd, err)
		}
		if out[rnd] == nil {
			out[rnd] = map[string]lagesbild.Answers{}
		}
		out[rnd][muni] = a
	}
	return out, rows.Err()
}

// indicatorValues are each indicator's values in one round's answers.
func indicatorValues(q *lagesbild.Questionnaire, answers map[string]lagesbild.Answers) map[string]lagesbild.IndicatorValues {
	out := map[string]lagesbild.IndicatorValues{}
	refs := q.Indicators()
	for _, ref := range refs {
		out[ref.ID] = lagesbild.IndicatorValues{Met: map[string]bool{}}
	}
	for muni, a := range answers {
		if _, ok := lagesbild.MunicipalityByCode(muni); !ok {
			continue
		}
		meets := q.Meets(a)
		for _, ref := range refs {
			v := out[ref.ID]
			v.Responded = append(v.Responded, muni)
			if m, ok := meets[ref.ID]; ok {
				v.Met[muni] = m
			}
			out[ref.ID] = v
		}
	}
	return out
}

// indicatorRound is one round's figures of every indicator of q, as the
// request is shown them (pending or released). values and figures are an
// instance's kept snapshot (indicators_cache.go): read, never change them.
type indicatorRound struct {
	round   string
	q       *lagesbild.Questionnaire
	pending bool
	values  map[string]lagesbild.IndicatorValues
	figures map[string][]lagesbild.IndicatorFigure
}

// releaseIndicators releases a round's figures, with the decisions kept in
// D1 for it (pattern → shown: migrations/0010); it returns the decisions it
// made, to be kept.
func (s *server) releaseIndicators(q *lagesbild.Questionnaire, values map[string]lagesbild.IndicatorValues, kept map[string]string) (map[string][]lagesbild.IndicatorFigure, map[string][]bool) {
	figures := map[string][]lagesbild.IndicatorFigure{}
	rel := lagesbild.IndicatorReleaser{Groups: lagesbild.IndicatorGroups(), K: s.rules.MinMunicipalities}
	for key, shown := range kept {
		rel.Seed(key, shown)
	}
	for _, ref := range q.Indicators() {
		figures[ref.ID] = rel.Release(values[ref.ID])
	}
	return figures, rel.Computed()
}

// indicatorRounds gives the figures of a round and, where the caller may
// see it (access.previous), its previous round, from the instance's
// snapshots. A snapshot not yet released for a request shown released
// figures is released here, the decisions read from and kept in D1
// (indicator_releases); when that fails they are computed, and the request
// answers all the same.
func (s *server) indicatorRounds(ctx context.Context, rd Round, a access, q *lagesbild.Questionnaire) (cur indicatorRound, prev *indicatorRound, err error) {
	prd, pa, shown := a.previous(rd)
	var pq *lagesbild.Questionnaire
	if shown {
		if pq, err = s.questionnaireOf(Round{ID: prd.ID, Questionnaire: rd.Questionnaire, Version: rd.PreviousVersion}); err != nil {
			pq, shown = nil, false // as before the cache: no questionnaire, no previous figures
			err = nil
		}
	}
	prevRound := snapshotRound{}
	if shown {
		prevRound = snapshotRound{id: prd.ID, q: pq}
	}
	cs, ps, err := s.indicatorSnapshots(ctx, "", snapshotRound{id: rd.ID, q: q}, prevRound)
	if err != nil {
		return cur, nil, err
	}
	now := s.nowString()
	cur = indicatorRound{round: rd.ID, q: q, pending: !a.Admin && !rd.OpenToAll && now < rd.Closes, values: cs.values}
	if shown {
		prev = &indicatorRound{round: prd.ID, q: pq, pending: !pa.Admin && !prd.OpenToAll && now < rd.PreviousCloses, values: ps.values}
	}
	// The rounds to release: shown released, not yet released in the instance.
	type todo struct {
		ir *indicatorRound
		sn *indicatorSnapshot
	}
	var release []todo
	for _, t := range []todo{{&cur, cs}, {prev, ps}} {
		switch {
		case t.ir == nil:
		case t.ir.pending:
			t.ir.figures = t.sn.pending
		default:
			if t.ir.figures = s.snapshots.releasedOf(t.sn); t.ir.figures == nil {
				release = append(release, t)
			}
		}
	}
	if len(release) == 0 {
		return cur, prev, nil
	}
	prevID := ""
	if prev != nil {
		prevID = prev.round
	}
	kept, err := s.store.indicatorReleases(ctx, rd.ID, prevID)
	if err != nil {
		log.Printf("warning: %v (computing the releases)", err)
	}
	for _, t := range release {
		figs, made := s.releaseIndicators(t.ir.q, t.sn.values, kept[t.ir.round])
		if err := s.store.putIndicatorReleases(ctx, t.ir.round, now, made); err != nil {
			log.Printf("warning: %v", err)
		}
		t.ir.figures = s.snapshots.setReleased(t.sn, figs)
	}
	return cur, prev, nil
}

// indicatorReleases reads the kept release decisions of rounds ("" none):
// round → pattern → shown (migrations/0010).
func (s store) indicatorReleases(ctx context.Context, round, previous string) (map[string]map[string]string, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT round, pattern, shown FROM indicator_releases WHERE round IN (?, ?)`, round, previous)
	if err != nil {
		return nil, fmt.Errorf("reading the indicator releases of round %q: %w", round, err)
	}
	defer rows.Close()
	out := map[string]map[string]string{}
	for rows.Next() {
		var rnd, pattern, shown string
		if err := rows.Scan(&rnd, &pattern, &shown); err != nil {
			return nil, fmt.Errorf("reading the indicator releases of round %q: %w", round, err)
		}
		if out[rnd] == nil {
			out[rnd] = map[string]string{}
		}
		out[rnd][pattern] = shown
	}
	return out, rows.Err()
}

// putIndicatorReleases keeps release decisions of a round, some rows a
// statement (D1 binds at most 100 parameters); a decision already kept
// (a racing reader's: the same) stays.
func (s store) putIndicatorReleases(ctx context.Context, round, now string, made map[string][]bool) error {
	keys := make([]string, 0, len(made))
	for k := range made {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	const perStatement = 20
	for len(keys) > 0 {
		n := min(len(keys), perStatement)
		var args []any
		for _, k := range keys[:n] {
			args = append(args, round, k, lagesbild.EncodeShown(made[k]), now)
		}
		stmt := `INSERT INTO indicator_releases (round, pattern, shown, made) VALUES ` +
			strings.TrimSuffix(strings.Repeat("(?, ?, ?, ?), ", n), ", ") + ` ON CONFLICT (round, pattern) DO NOTHING`
		if _, err := s.db.ExecContext(ctx, stmt, args...); err != nil {
			return fmt.Errorf("keeping the indicator releases of round %q: %w", round, err)
		}
		keys = keys[n:]
	}
	return nil
}

// indicators answers GET /api/rounds/{round}/indicators.
func (s *server) indicators(w http.ResponseWriter, r *http.Request) error {
	rd, a, err := s.readableRound(r)
	if err != nil {
		return err
	}
	q, err := s.questionnaireOf(rd)
	if err != nil {
		return err
	}
	cur, prev, err := s.indicatorRounds(r.Context(), rd, a, q)
	if err != nil {
		return err
	}
	v := api.Indicators{Round: s.view(rd, q, a), Rules: s.rules, Indicators: []api.IndicatorView{}}
	for _, ref := range q.Indicators() {
		iv := api.IndicatorView{ID: ref.ID, Title: ref.Title, Item: ref.Item, Section: ref.Section,
			Current: api.IndicatorRound{Round: cur.round, Pending: cur.pending, Groups: cur.figures[ref.ID]}}
		if prev != nil {
			if figs, ok := prev.figures[ref.ID]; ok {
				iv.Previous = &api.IndicatorRound{Round: prev.round, Pending: prev.pending, Groups: figs}
			}
		}
		v.Indicators = append(v.Indicators, iv)
	}
	writeJSON(w, http.StatusOK, v)
	return nil
}

// countyIndicators answers GET /api/rounds/{round}/indicators/county/{county}
// for the county's lead and the admin: the county's own figures, live and
// unsuppressed (the lead sees every row of it), and its municipalities that
// do not meet each indicator, whose answer cannot tell, and that have not
// answered. Nothing about another county.
func (s *server) countyIndicators(w http.ResponseWriter, r *http.Request) error {
	c, rd, a, err := s.leadAccess(r, "indicators")
	if err != nil {
		return err
	}
	county := c.Code
	q, err := s.questionnaireOf(rd)
	if err != nil {
		return err
	}
	// The county's own snapshot (indicators_cache.go): after the first
	// request, one small read; after a write, its rows only.
	sn, _, err := s.indicatorSnapshots(r.Context(), county, snapshotRound{id: rd.ID, q: q}, snapshotRound{})
	if err != nil {
		return err
	}
	munis := lagesbild.MunicipalitiesIn(county)
	group := lagesbild.UnitGroup{Kind: lagesbild.UnitCounty, Code: c.Code, Name: c.Name}
	for _, m := range munis {
		group.Members = append(group.Members, m.Code)
	}
	values := sn.values
	v := api.CountyIndicators{Round: s.view(rd, q, a), County: c.Code, Name: c.Name, Indicators: []api.CountyIndicator{}}
	for _, ref := range q.Indicators() {
		val := values[ref.ID]
		ci := api.CountyIndicator{ID: ref.ID, Title: ref.Title, Item: ref.Item, Section: ref.Section,
			Figure: lagesbild.IndicatorFigures([]lagesbild.UnitGroup{group}, val, []bool{true})[0],
			NotMet: []string{}, Unknown: []string{}, Missing: []string{}}
		for _, m := range munis {
			met, has := val.Met[m.Code]
			responded := sn.responded[m.Code]
			switch {
			case !responded:
				ci.Missing = append(ci.Missing, m.Code)
			case !has:
				ci.Unknown = append(ci.Unknown, m.Code)
			case !met:
				ci.NotMet = append(ci.NotMet, m.Code)
			}
		}
		v.Indicators = append(v.Indicators, ci)
	}
	writeJSON(w, http.StatusOK, v)
	return nil
}

// longRows are the rows of the long export: every indicator's figures, and
// every section measure's county and national figures (the comparison the
// caller sees), of the round and its previous, and the municipality rows
// the caller may see.
func (s *server) longRows(r *http.Request) ([]api.LongRow, string, error) {
	v, q, err := s.countiesOf(r, true)
	if err != nil {
		return nil, "", err
	}
	rd, a, err := s.readableRound(r)
	if err != nil {
		return nil, "", err
	}
	cur, prev, err := s.indicatorRounds(r.Context(), rd, a, q)
	if err != nil {
		return nil, "", err
	}
	out := []api.LongRow{}
	indicatorRows := func(ir indicatorRound) {
		for _, ref := range ir.q.Indicators() {
			for _, f := range ir.figures[ref.ID] {
				out = append(out, api.LongRow{Measure: ref.ID, Kind: f.Kind, Code: f.Code, Name: f.Name, Round: ir.round,
					Value: f.Share, N: f.N, Suppressed: f.Suppressed, Scale: "share"})
			}
			for _, m := range lagesbild.Municipalities() {
				if ir.round != rd.ID || !a.seesRow(rd, m) {
					continue // rows of this round only: the previous round's follow its own access (F3)
				}
				row := api.LongRow{Measure: ref.ID, Kind: lagesbild.UnitMunicipality, Code: m.Code, Name: m.Name, Round: ir.round, Scale: "share"}
				if met, ok := ir.values[ref.ID].Met[m.Code]; ok {
					x := 0.0
					if met {
						x = 1
					}
					row.Value, row.N = &x, 1
				}
				out = append(out, row)
			}
		}
	}
	indicatorRows(cur)
	if prev != nil {
		indicatorRows(*prev)
	}
	// The municipality groups are the county view's, under its release:
	// live for the admin and in a round open to all, else beside the final
	// release only (comparison.go, similar and finalGroups).
	groupRows := func(round string, gs []lagesbild.Group, national lagesbild.Group, similar []lagesbild.Group) {
		for _, m := range v.Measures {
			add := func(kind string, g lagesbild.Group) {
				f, ok := g.Measures[m.ID]
				if !ok {
					return
				}
				out = append(out, api.LongRow{Measure: m.ID, Kind: kind, Code: g.Code, Name: g.Name, Round: round,
					Value: f.Value, N: f.N, Suppressed: f.Suppressed, Scale: m.Scale})
			}
			add(lagesbild.UnitCountry, national)
			for _, g := range gs {
				add(lagesbild.UnitCounty, g)
			}
			for _, g := range similar {
				add(lagesbild.UnitMunicipalityGroup, g)
			}
		}
	}
	groupRows(v.Round.ID, v.Counties, v.National, v.Groups)
	for _, m := range v.Measures {
		for _, row := range v.Municipalities {
			lr := api.LongRow{Measure: m.ID, Kind: lagesbild.UnitMunicipality, Code: row.Code, Name: row.Name, Round: v.Round.ID, Value: row.Measures[m.ID], Scale: m.Scale}
			if lr.Value != nil {
				lr.N = 1
			}
			out = append(out, lr)
		}
	}
	if v.Previous != nil {
		groupRows(v.Previous.Round, v.Previous.Counties, v.Previous.National, v.Previous.Groups)
	}
	return out, v.Round.ID, nil
}

func (s *server) exportLongJSON(w http.ResponseWriter, r *http.Request) error {
	rows, id, err := s.longRows(r)
	if err != nil {
		return err
	}
	w.Header().Set("Content-Disposition", fmt.Sprintf(`attachment; filename="lagesbild-%s-long.json"`, id))
	writeJSON(w, http.StatusOK, rows)
	return nil
}

// exportLongXLSX is the long export as an Excel workbook (see exportXLSX).
func (s *server) exportLongXLSX(w http.ResponseWriter, r *http.Request) error {
	rows, id, err := s.longRows(r)
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	if err := xlsx.Write(&buf, "Lägesbild "+id, longCells(rows)); err != nil {
		return err
	}
	w.Header().Set("Content-Disposition", fmt.Sprintf(`attachment; filename="lagesbild-%s-long.xlsx"`, id))
	writeBytes(w, http.StatusOK, xlsxType, buf.Bytes())
	return nil
}

// longCells is the long CSV's table as cells: codes text, value and N numbers.
func longCells(rows []api.LongRow) [][]xlsx.Cell {
	out := [][]xlsx.Cell{{xlsx.Text("Mått"), xlsx.Text("Enhetstyp"), xlsx.Text("Kod"), xlsx.Text("Namn"), xlsx.Text("Omgång"),
		xlsx.Text("Värde"), xlsx.Text("N"), xlsx.Text("Undertryckt")}}
	for _, row := range rows {
		value, n, sup := xlsx.Cell{}, xlsx.Cell{}, "nej"
		switch {
		case row.Suppressed:
			value, sup = xlsx.Text(suppressed), "ja"
		case row.Value != nil:
			value = xlsx.Num(decimal(row.Value, row.Scale))
		}
		if !row.Suppressed {
			n = xlsx.Num(strconv.Itoa(row.N))
		}
		out = append(out, []xlsx.Cell{xlsx.Text(row.Measure), xlsx.Text(row.Kind), xlsx.Text(row.Code), xlsx.Text(row.Name),
			xlsx.Text(row.Round), value, n, xlsx.Text(sup)})
	}
	return out
}

// exportLongCSV is the long export for Swedish Excel (see writeCSV): BOM,
// semicolons, decimal commas, CRLF; every text field quoted, so a code
// reads "0114"; a suppressed value "..", no data empty.
func (s *server) exportLongCSV(w http.ResponseWriter, r *http.Request) error {
	rows, id, err := s.longRows(r)
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	buf.WriteString(bom)
	q := func(s string) string { return `"` + strings.ReplaceAll(s, `"`, `""`) + `"` }
	buf.WriteString("Mått;Enhetstyp;Kod;Namn;Omgång;Värde;N;Undertryckt\r\n")
	for _, row := range rows {
		value := ""
		switch {
		case row.Suppressed:
			value = suppressed
		case row.Value != nil:
			value = decimal(row.Value, row.Scale)
		}
		sup := "nej"
		if row.Suppressed {
			sup = "ja"
		}
		n := ""
		if !row.Suppressed {
			n = strconv.Itoa(row.N)
		}
		buf.WriteString(strings.Join([]string{q(row.Measure), q(row.Kind), q(row.Code), q(row.Name), q(row.Round), value, n, sup}, ";"))
		buf.WriteString("\r\n")
	}
	w.Header().Set("Content-Disposition", fmt.Sprintf(`attachment; filename="lagesbild-%s-long.csv"`, id))
	writeBytes(w, http.StatusOK, "text/csv; charset=utf-8", buf.Bytes())
	return nil
}
