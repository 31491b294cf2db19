package worker

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"log"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"lagesbild"
	"lagesbild/api"
)

// measureInfos are the measures of a questionnaire, for tables and charts,
// each with how it relates to the previous round's (changes: nil when there
// is nothing to mark, see measureChanges).
func measureInfos(q *lagesbild.Questionnaire, changes map[string]string) []api.Measure {
	out := make([]api.Measure, 0, len(q.Sections)+2)
	for _, sec := range q.Sections {
		out = append(out, api.Measure{ID: sec.ID, Title: sec.Title, Scale: "score"})
	}
	out = append(out,
		api.Measure{ID: lagesbild.MeasureTotal, Title: lagesbild.Text{SV: "Totalt", EN: "Total"}, Scale: "score"},
		api.Measure{ID: lagesbild.MeasureDontKnow, Title: lagesbild.Text{SV: "Andel ”Vet ej”", EN: "Share of “Don't know”"}, Scale: "share"})
	if changes != nil {
		for i := range out {
			out[i].Change = changes[out[i].ID]
		}
	}
	return out
}

// measureChanges says how each measure of q relates to the previous round's
// shown beside it (prev; nil when none is shown): nil when the two rounds
// use the same questionnaire version, so every measure compares; else
// lagesbild.MeasureChanges. When the previous round's questionnaire is not
// in this build nothing can be said to be the same, so every measure is
// changed: no change is shown between things perhaps measured differently.
func (s *server) measureChanges(q *lagesbild.Questionnaire, prev *figures) map[string]string {
	if prev == nil {
		return nil
	}
	pq, err := s.questionnaireOf(prev.round)
	if err == nil && pq.ID == q.ID && pq.Version == q.Version {
		return nil
	}
	if err == nil {
		return lagesbild.MeasureChanges(pq, q)
	}
	out := make(map[string]string, len(q.Sections)+2)
	for _, id := range q.MeasureIDs() {
		out[id] = lagesbild.ChangeChanged
	}
	return out
}

// comparable reports whether a measure of this round may be shown beside
// the previous round's (changes from measureChanges): it is one of this
// round's measures, measured the same way then.
func comparable(changes map[string]string, id string) bool {
	if changes == nil {
		return true
	}
	c, ok := changes[id]
	return ok && c == lagesbild.Unchanged
}

// previousGroup is a group of the previous round with only the measures
// comparable with this round's: the rest are left out, not shown as a
// change (issue 14).
func previousGroup(g lagesbild.Group, changes map[string]string) lagesbild.Group {
	if changes == nil {
		return g
	}
	ms := make(map[string]lagesbild.Figure, len(g.Measures))
	for id, f := range g.Measures {
		if comparable(changes, id) {
			ms[id] = f
		}
	}
	g.Measures = ms
	return g
}

func previousGroups(gs []lagesbild.Group, changes map[string]string) []lagesbild.Group {
	if changes == nil || gs == nil {
		return gs
	}
	out := make([]lagesbild.Group, len(gs))
	for i, g := range gs {
		out[i] = previousGroup(g, changes)
	}
	return out
}

// previousRows are rows of the previous round with only the comparable
// measures' values.
func previousRows(rows []api.MunicipalityRow, changes map[string]string) []api.MunicipalityRow {
	if changes == nil {
		return rows
	}
	for i := range rows {
		for id := range rows[i].Measures {
			if !comparable(changes, id) {
				delete(rows[i].Measures, id)
			}
		}
	}
	return rows
}

// previousView is the previous round beside this one: its figures and the
// rows the caller may see of the county given (every county when ""),
// without what was measured differently (changes).
func previousView(prev *figures, county string, withRows bool, ids []string, changes map[string]string) *api.Previous {
	v := &api.Previous{Round: prev.round.ID, National: previousGroup(prev.comparison.National, changes),
		Groups: previousGroups(prev.groups, changes), GroupsPending: prev.groupsPending}
	if county == "" {
		v.Counties, v.Publication = previousGroups(prev.comparison.Counties, changes), prev.publication()
		if withRows {
			v.Municipalities = previousRows(prev.allRows(ids), changes)
		}
		return v
	}
	pg, _ := prev.comparison.County(county)
	pg = previousGroup(pg, changes)
	v.County, v.Publication = &pg, prev.publication(county, "SE")
	v.Municipalities = previousRows(prev.rows(county, ids), changes)
	return v
}

// Municipality rows (api.MunicipalityRow) are shown only to those allowed
// (see auth.go); a municipality without responses has respondents 0 and null
// measures, so a county lead sees who is missing.

// figures are one round's comparison, the municipality results it rests on,
// and who sees which of those results as rows: the round and the caller's
// access in it (for a previous round, its own, see access.previous). The
// comparison is live for the admin and in a round open to all; otherwise it
// is the round's latest publication (release), and results are still live:
// a reader's own rows are always as they are now.
type figures struct {
	round      Round
	access     access
	comparison lagesbild.Comparison
	release    *lagesbild.Release                      // nil: live
	live       []string                                // counties shown live in published figures (showOwnLive)
	step       int                                     // the publications' Publisher.StepSize
	results    map[string]lagesbild.MunicipalityResult // by kommunkod
	// groups are SKR's municipality groups' figures, released jointly with
	// the comparison: where it is live, with that snapshot
	// (lagesbild.CompareGroups); in published figures only beside the
	// round's final release (lagesbild.Publisher.FinalGroups), nil before
	// it (groupsPending). THREATS.md, "Similar municipalities".
	groups        []lagesbild.Group
	groupsPending bool // published figures of a round not yet closed: the groups wait for its final release
}

// publication says which publication the figures are from (nil when they
// are live), with when the figures of the groups named by codes (every
// group when none) were computed.
func (f *figures) publication(codes ...string) *api.Publication {
	if f.release == nil {
		return nil
	}
	p := &api.Publication{Seq: f.release.Seq, Published: f.release.Published, Final: f.release.Final, Step: f.step,
		AsOf: make(map[string]lagesbild.Stamp, len(f.release.Groups))}
	for _, g := range f.release.Groups {
		if !slices.Contains(f.live, g.Code) && (len(codes) == 0 || slices.Contains(codes, g.Code)) {
			p.AsOf[g.Code] = g.AsOf
		}
	}
	for _, c := range f.live {
		if len(codes) == 0 || slices.Contains(codes, c) {
			p.Live = append(p.Live, c)
		}
	}
	return p
}

// showOwnLive replaces, in published figures, the figures of a county
// whose every row the reader sees (a county lead's own) by its live
// figures: they are worked out from those rows, so they tell the reader
// nothing it has not, and a lead whose table of municipalities says five
// have answered should not read "3 of 8" above it.
func (f *figures) showOwnLive(measures []string, results []lagesbild.MunicipalityResult) {
	for i, g := range f.comparison.Counties {
		if !f.access.seesRowsOf(f.round, g.Code) {
			continue
		}
		var own []lagesbild.MunicipalityResult
		for _, r := range results {
			if m, ok := lagesbild.MunicipalityByCode(r.Municipality); ok && m.County == g.Code {
				own = append(own, r)
			}
		}
		c := lagesbild.Compare(measures, own, lagesbild.Rules{}) // k = 0: nothing hidden from who sees the rows
		f.comparison.Counties[i], _ = c.County(g.Code)
		f.live = append(f.live, g.Code)
	}
}

// row is a municipality's row, with every measure present.
func (f *figures) row(m lagesbild.Municipality, measures []string) api.MunicipalityRow {
	res := f.results[m.Code]
	row := api.MunicipalityRow{Code: m.Code, Name: m.Name, County: m.County, Respondents: res.Respondents,
		Measures: make(map[string]*float64, len(measures)), Partial: res.Partial, Workshop: res.Workshop}
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
// has one the caller may see (access.previous), from one SQL statement over
// both. Suppression is the core's (lagesbild.Compare), applied here before
// anything leaves the worker.
//
// Live figures would let a reader subtract two moments (issue 11, F1), so a
// reader of a private round sees its latest publication (released): the
// admin (trusted) and everyone in a round open to all (where anyone may
// answer for anyone and every row is shown, so steps would protect nothing)
// see live figures. A previous round follows its own access and has its
// own publications (made with its own questionnaire's measures).
func (s *server) compare(ctx context.Context, rd Round, a access, measures []string) (cur figures, prev *figures, err error) {
	prd, pa, shown := a.previous(rd)
	if !shown {
		prd.ID = ""
	}
	prd.Questionnaire, prd.Version, prd.Closes = rd.Questionnaire, rd.PreviousVersion, rd.PreviousCloses
	live := [2]bool{a.Admin || rd.OpenToAll, prd.ID == "" || pa.Admin || prd.OpenToAll}
	var results map[string][]lagesbild.MunicipalityResult
	var stored [2]*storedRelease
	var changed [2]int
	if live[0] && live[1] {
		results, err = s.aggregate(ctx, rd.ID, prd.ID)
	} else {
		results, stored, changed, err = s.store.comparison(ctx, rd.ID, prd.ID)
	}
	if err != nil {
		return figures{}, nil, err
	}
	build := func(i int, rd Round, a access) (figures, error) {
		f := figures{round: rd, access: a, results: make(map[string]lagesbild.MunicipalityResult, len(results[rd.ID]))}
		for _, r := range results[rd.ID] {
			f.results[r.Municipality] = r
		}
		if live[i] {
			f.comparison = lagesbild.Compare(measures, results[rd.ID], s.rules)
			f.groups = s.similar(ctx, rd.ID, measures, results[rd.ID], f.comparison)
			return f, nil
		}
		ms := measures
		if i == 1 {
			if q, err := s.questionnaireOf(rd); err == nil {
				ms = q.MeasureIDs() // the previous round's own
			}
		}
		rel, err := s.released(ctx, rd, ms, results[rd.ID], stored[i], changed[i])
		if err != nil {
			return figures{}, err
		}
		f.release, f.step = &rel, lagesbild.Publisher{Rules: s.rules}.StepSize()
		f.comparison = rel.Comparison()
		f.showOwnLive(ms, results[rd.ID])
		if rel.Final {
			f.groups = s.finalGroups(ctx, rd.ID, ms, results[rd.ID], rel.Seq)
		} else {
			f.groupsPending = true
		}
		return f, nil
	}
	if cur, err = build(0, rd, a); err != nil {
		return figures{}, nil, err
	}
	if prd.ID != "" {
		p, err := build(1, prd, pa)
		if err != nil {
			return figures{}, nil, err
		}
		prev = &p
	}
	return cur, prev, nil
}

// similar is the municipality groups' figures beside a live comparison c
// of a round's results. Their decision (lagesbild.GroupRelease.Decide, the
// costly part) is kept per instance and in D1 (group_releases,
// migrations/0015) under what it depends on: a request decides only a
// pattern of participation no request has met before. When D1 fails the
// request decides, and answers all the same.
func (s *server) similar(ctx context.Context, round string, measures []string, results []lagesbild.MunicipalityResult, c lagesbild.Comparison) []lagesbild.Group {
	g := lagesbild.NewGroupRelease(measures, results, c, s.rules)
	key := g.Key()
	s.groupsMu.Lock()
	shown, ok := s.groups.Kept(key)
	s.groupsMu.Unlock()
	if ok {
		return g.Groups(shown)
	}
	stored, err := s.store.groupRelease(ctx, round, key)
	if err != nil {
		log.Printf("warning: %v (deciding the groups)", err)
	}
	if shown, ok = lagesbild.DecodeShown(stored); !ok || len(shown) != len(lagesbild.MunicipalityGroups()) {
		shown = g.Decide()
		if err := s.store.putGroupRelease(ctx, round, key, s.nowString(), lagesbild.EncodeShown(shown)); err != nil {
			log.Printf("warning: %v", err)
		}
	}
	s.groupsMu.Lock()
	s.groups.Keep(key, shown)
	s.groupsMu.Unlock()
	return g.Groups(shown)
}

// finalGroups are the municipality groups' figures beside a private
// round's final release (seq): decided once, against every publication of
// the round (lagesbild.Publisher.FinalGroups), and kept in D1
// (group_releases, migrations/0015) under the pattern "final <seq>", its
// shown being lagesbild.EncodeShown, a space, and finalBasis of the results
// it was decided for. The figures are computed from the results on every
// read, so results other than those (changed after the close, by the
// admin) would be another moment: then every group is hidden, never
// decided again. When D1 fails no group is shown (a decision not kept
// could be made again over other results), and the page answers all the
// same.
func (s *server) finalGroups(ctx context.Context, round string, measures []string, results []lagesbild.MunicipalityResult, seq int) []lagesbild.Group {
	g := lagesbild.NewGroupRelease(measures, results, lagesbild.Comparison{}, s.rules)
	basis := finalBasis(measures, results)
	pattern := "final " + strconv.Itoa(seq)
	memo := round + " " + pattern + " " + basis
	s.groupsMu.Lock()
	shown, ok := s.groups.Kept(memo)
	s.groupsMu.Unlock()
	if ok {
		return g.Groups(shown)
	}
	stored, err := s.decideFinalGroups(ctx, round, measures, results, seq, pattern, basis)
	if err != nil {
		log.Printf("warning: %v (the municipality groups are not shown)", err)
		return g.Groups(nil)
	}
	digits, at, _ := strings.Cut(stored, " ")
	shown, ok = lagesbild.DecodeShown(digits)
	if !ok || at != basis || len(shown) != len(lagesbild.MunicipalityGroups()) {
		shown = make([]bool, len(lagesbild.MunicipalityGroups())) // another moment, or a row of another build
	}
	s.groupsMu.Lock()
	s.groups.Keep(memo, shown)
	s.groupsMu.Unlock()
	return g.Groups(shown)
}

// decideFinalGroups is the kept decision of finalGroups, made and kept
// when there is none. Readers racing on it keep one (putGroupRelease): the
// one read back.
func (s *server) decideFinalGroups(ctx context.Context, round string, measures []string, results []lagesbild.MunicipalityResult, seq int, pattern, basis string) (string, error) {
	stored, err := s.store.groupRelease(ctx, round, pattern)
	if err != nil || stored != "" {
		return stored, err
	}
	steps, err := s.store.releaseSteps(ctx, round)
	if err != nil {
		return "", err
	}
	if len(steps) != seq {
		return "", fmt.Errorf("round %q: publication %d is not the last of %d", round, seq, len(steps))
	}
	shown, _ := lagesbild.Publisher{Measures: measures, Rules: s.rules}.FinalGroups(steps, results)
	if err := s.store.putGroupRelease(ctx, round, pattern, s.nowString(), lagesbild.EncodeShown(shown)+" "+basis); err != nil {
		return "", err
	}
	return s.store.groupRelease(ctx, round, pattern)
}

// finalBasis is a fingerprint of the basis of results (what the figures
// rest on: every municipality's result version), hex.
func finalBasis(measures []string, results []lagesbild.MunicipalityResult) string {
	h := sha256.Sum256([]byte(lagesbild.NewBasis(measures, results).String()))
	return hex.EncodeToString(h[:12])
}

// groupRelease reads the kept decision of a round's groups under a key
// (migrations/0015; "" when none).
func (s store) groupRelease(ctx context.Context, round, key string) (string, error) {
	var shown string
	err := s.db.QueryRowContext(ctx, `SELECT shown FROM group_releases WHERE round = ? AND pattern = ?`, round, key).Scan(&shown)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil
	}
	if err != nil {
		return "", fmt.Errorf("reading the group release of round %q: %w", round, err)
	}
	return shown, nil
}

// putGroupRelease keeps the decision of a round's groups under a key; one
// already kept (a racing reader's: the same) stays.
func (s store) putGroupRelease(ctx context.Context, round, key, now string, shown string) error {
	if _, err := s.db.ExecContext(ctx, `INSERT INTO group_releases (round, pattern, shown, made) VALUES (?, ?, ?, ?) ON CONFLICT (round, pattern) DO NOTHING`,
		round, key, shown, now); err != nil {
		return fmt.Errorf("keeping the group release of round %q: %w", round, err)
	}
	return nil
}

// released is the publication a reader of a private round sees: the
// latest (stored, nil when none), or, when the next one is due, the next,
// made here (lagesbild.Publisher: the step rule, the audit against every
// earlier publication) and stored. changed is how many municipalities have
// a response stored or changed since the latest was made (store.comparison,
// migrations/0005): when that is a step, the latest's basis is read and
// the step counted exactly.
func (s *server) released(ctx context.Context, rd Round, measures []string, results []lagesbild.MunicipalityResult, stored *storedRelease, changed int) (lagesbild.Release, error) {
	p := lagesbild.Publisher{Measures: measures, Rules: s.rules}
	var latest lagesbild.Release
	if stored == nil {
		latest = p.Base()
	} else {
		var err error
		if latest, err = stored.decode(); err != nil {
			return lagesbild.Release{}, err
		}
	}
	closed := s.nowString() >= rd.Closes
	if !p.Due(&latest, changed, closed) {
		return latest, nil // the count may be one too many, never one too few that matters (migrations/0005)
	}
	if stored != nil && !closed {
		// Due by the count: the exact one compares every municipality's
		// version with the latest's basis (a count of the same second as
		// it, or of a change that left a mean as it was, is too many).
		basis, err := s.store.releaseBasis(ctx, rd.ID, stored.Seq)
		if err != nil {
			return lagesbild.Release{}, err
		}
		if latest.Basis, err = lagesbild.ParseBasis(basis); err != nil {
			return lagesbild.Release{}, fmt.Errorf("round %q, publication %d: %w", rd.ID, stored.Seq, err)
		}
		if !p.Due(&latest, latest.Basis.Changed(lagesbild.NewBasis(measures, results)), closed) {
			return latest, nil
		}
	}
	return s.publish(ctx, rd, p, results, latest, closed)
}

// publish makes, audits and stores the publication after latest. Requests
// racing to make the same step store one row (store.putRelease); the one
// that finds its seq taken, or publications newer than its latest, shows
// the newest stored instead of its own: every publication a reader sees is
// one that was audited against all before it and stored.
func (s *server) publish(ctx context.Context, rd Round, p lagesbild.Publisher, results []lagesbild.MunicipalityResult, latest lagesbild.Release, closed bool) (lagesbild.Release, error) {
	steps, err := s.store.releaseSteps(ctx, rd.ID)
	if err != nil {
		return lagesbild.Release{}, err
	}
	if len(steps) == latest.Seq {
		rel, step, _ := p.Next(steps, &latest, results, lagesbild.Stamp{Seq: latest.Seq + 1, Published: s.nowString()}, closed)
		stored, err := s.store.putRelease(ctx, rd.ID, p.Measures, rel, step)
		if err != nil || stored {
			return rel, err
		}
		steps = append(steps, step) // another request stored this seq first
	}
	newest, err := s.store.release(ctx, rd.ID, len(steps))
	if err != nil {
		return lagesbild.Release{}, err
	}
	if newest == nil {
		return lagesbild.Release{}, fmt.Errorf("round %q: publication %d is gone", rd.ID, len(steps))
	}
	return newest.decode()
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
	changes := s.measureChanges(q, prev)
	v := api.Counties{Round: s.view(rd, q, a), Measures: measureInfos(q, changes), Rules: s.rules,
		Counties: cur.comparison.Counties, National: cur.comparison.National, Groups: cur.groups, GroupsPending: cur.groupsPending, Publication: cur.publication()}
	if withRows {
		v.Municipalities = cur.allRows(ids)
	}
	if prev != nil {
		v.Previous = previousView(prev, "", withRows, ids, changes)
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
	changes := s.measureChanges(q, prev)
	v := api.County{Round: s.view(rd, q, a), Measures: measureInfos(q, changes), Rules: s.rules,
		County: g, National: cur.comparison.National, Groups: cur.groups, GroupsPending: cur.groupsPending, Municipalities: cur.rows(code, ids), Publication: cur.publication(code, "SE")}
	if prev != nil {
		v.Previous = previousView(prev, code, true, ids, changes)
	}
	writeJSON(w, http.StatusOK, v)
	return nil
}
