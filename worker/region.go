package worker

import (
	"context"
	"database/sql"
	"fmt"
	"net/http"
	"slices"

	"lagesbild"
	"lagesbild/api"
)

// The regional coordinator (issue 16, item 4): a token of kind region for
// one regional-coordinator region (lagesbild.County.CoordinatorRegion),
// made by the admin like a county lead's token. It reads the published
// indicator figures of its region and its counties, and, for a county
// whose lead shares them (region_sharing, migrations/0011), the county's
// municipalities that do not meet an indicator marked regional in the
// questionnaire. It answers for no one and sees no row.
//
// The lists are what a county's lead sees of those indicators, so a
// coordinator holding several counties' lists knows more than any one
// lead, for whom the release was audited. Before the lists are shown, the
// audit is run for a reader who knows every value of every county that has
// ever shared in the round, over the figures published for the round; if
// anything about fewer than k municipalities outside them could be worked
// out, the indicator's lists are withheld. In a private round still open
// the figures are pending (indicators.go) and so are the lists: the audit
// holds for one snapshot of the answers, the one published at the close.

// regionName is a region's name as its indicator figures name it.
func regionName(id string) string { return "Samordningsregion " + id }

// countySharing is one county's setting in a round.
type countySharing struct {
	Shared, Ever bool
}

// sharing reads the settings of counties in a round: länskod → setting
// (absent: never set, not shared).
func (s store) sharing(ctx context.Context, round string) (map[string]countySharing, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT county, shared, first_shared FROM region_sharing WHERE round = ?`, round)
	if err != nil {
		return nil, fmt.Errorf("reading the region sharing of round %q: %w", round, err)
	}
	defer rows.Close()
	out := map[string]countySharing{}
	for rows.Next() {
		var (
			county string
			shared int64
			first  sql.NullString
		)
		if err := rows.Scan(&county, &shared, &first); err != nil {
			return nil, fmt.Errorf("reading the region sharing of round %q: %w", round, err)
		}
		out[county] = countySharing{Shared: shared == 1, Ever: first.Valid}
	}
	return out, rows.Err()
}

// putSharing stores a county's setting in one statement; first_shared,
// once set, stays.
func (s store) putSharing(ctx context.Context, round, county string, shared bool, now string) error {
	var flag int64
	var first any
	if shared {
		flag, first = 1, now
	}
	_, err := s.db.ExecContext(ctx, `
		INSERT INTO region_sharing (round, county, shared, first_shared, changed) VALUES (?, ?, ?, ?, ?)
		ON CONFLICT (round, county) DO UPDATE SET shared = excluded.shared, changed = excluded.changed,
			first_shared = IFNULL(region_sharing.first_shared, excluded.first_shared)`,
		round, county, flag, first, now)
	if err != nil {
		return fmt.Errorf("storing the region sharing of county %s in round %q: %w", county, round, err)
	}
	return nil
}

// getSharing answers GET /api/rounds/{round}/sharing/{county}, for the
// county's lead and the admin.
func (s *server) getSharing(w http.ResponseWriter, r *http.Request) error {
	c, rd, _, err := s.leadAccess(r, "sharing")
	if err != nil {
		return err
	}
	all, err := s.store.sharing(r.Context(), rd.ID)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, api.Sharing{Round: rd.ID, County: c.Code, Region: c.CoordinatorRegion, Shared: all[c.Code].Shared})
	return nil
}

// putSharingRoute answers PUT /api/rounds/{round}/sharing/{county}: the
// county's lead (or the admin) shares its lists with the region, or stops.
// Stopping hides them from then on; what the coordinator saw it keeps,
// which the audit of the lists counts (see above).
func (s *server) putSharingRoute(w http.ResponseWriter, r *http.Request) error {
	c, rd, _, err := s.leadAccess(r, "sharing")
	if err != nil {
		return err
	}
	var req api.Sharing
	if err := decodeBody(r, &req); err != nil {
		return err
	}
	if c.CoordinatorRegion == "" {
		return lagesbild.Errorf(lagesbild.EInvalid, "county: %s has no regional coordinator", c.Code)
	}
	if err := s.store.putSharing(r.Context(), rd.ID, c.Code, req.Shared, s.nowString()); err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, api.Sharing{Round: rd.ID, County: c.Code, Region: c.CoordinatorRegion, Shared: req.Shared})
	return nil
}

// regionAccess is the access of the region route: the region's counties,
// the round and the caller's access; the region's coordinator and the
// admin only.
func (s *server) regionAccess(r *http.Request) ([]lagesbild.County, Round, access, error) {
	region := r.PathValue("region")
	counties := lagesbild.CountiesInRegion(region)
	if len(counties) == 0 {
		return nil, Round{}, access{}, lagesbild.Errorf(lagesbild.ENotFound, "region: %q is not a regional-coordinator region", clip(region))
	}
	rd, a, err := s.roundAccess(r, r.PathValue("round"))
	if err != nil {
		return nil, rd, a, err
	}
	switch {
	case a.Admin, a.Kind == api.KindRegion && a.Unit == region:
		return counties, rd, a, nil
	case a.Kind == api.KindRegion:
		return nil, rd, a, lagesbild.Errorf(lagesbild.ECodeOtherUnit, "region: the token is for region %s, not %s", a.Unit, region)
	case a.holder():
		return nil, rd, a, lagesbild.Errorf(lagesbild.EForbidden, "Authorization: a %s's code does not show a region's view; the regional coordinator's token does", a.Kind)
	}
	return nil, rd, a, lagesbild.Errorf(lagesbild.EUnauthorized, "Authorization: the regional coordinator's token is needed")
}

// regionIndicators answers GET /api/rounds/{round}/indicators/region/{region}.
func (s *server) regionIndicators(w http.ResponseWriter, r *http.Request) error {
	counties, rd, a, err := s.regionAccess(r)
	if err != nil {
		return err
	}
	region := r.PathValue("region")
	q, err := s.questionnaireOf(rd)
	if err != nil {
		return err
	}
	// The figures as a reader below the admin is shown them: the region's
	// view is no wider for the admin, so what an admin sees here is what
	// the coordinator sees.
	reader := access{Access: api.Access{Kind: api.KindRegion, Unit: region}, From: a.From}
	only := rd
	only.Previous = "" // this round's figures only: the lists are of this round
	cur, _, err := s.indicatorRounds(r.Context(), only, reader, q)
	if err != nil {
		return err
	}
	settings, err := s.store.sharing(r.Context(), rd.ID)
	if err != nil {
		return err
	}
	v := api.RegionIndicators{Round: s.view(rd, q, a), Region: region, Name: regionName(region),
		Counties: make([]api.RegionCounty, len(counties)), Indicators: []api.RegionIndicator{}}
	var known lagesbild.Insider // every county that has ever shared: what the coordinator may know
	for i, c := range counties {
		v.Counties[i] = api.RegionCounty{County: c.Code, Name: c.Name, Shared: settings[c.Code].Shared}
		if settings[c.Code].Ever {
			known.Units = append(known.Units, lagesbild.CountyInsider(c.Code).Units...)
		}
	}
	groups := lagesbild.IndicatorGroups()
	for _, ref := range q.Indicators() {
		figs := cur.figures[ref.ID]
		ri := api.RegionIndicator{ID: ref.ID, Title: ref.Title, Item: ref.Item, Section: ref.Section, Regional: ref.Regional,
			Pending: cur.pending, Counties: make([]api.IndicatorFigure, len(counties))}
		for _, f := range figs {
			switch {
			case f.Kind == lagesbild.UnitCoordinatorRegion && f.Code == region:
				ri.Region = f
			case f.Kind == lagesbild.UnitCounty:
				if i := slices.IndexFunc(counties, func(c lagesbild.County) bool { return c.Code == f.Code }); i >= 0 {
					ri.Counties[i] = f
				}
			}
		}
		if ref.Regional && !cur.pending && len(known.Units) > 0 {
			vals := cur.values[ref.ID]
			known.Name = "region " + region
			if leaks := lagesbild.Audit(lagesbild.IndicatorPublications(groups, vals, figs), known, s.rules.MinMunicipalities); len(leaks) > 0 {
				ri.Withheld = true
			} else {
				ri.NotMet = notMetLists(counties, settings, vals)
			}
		}
		v.Indicators = append(v.Indicators, ri)
	}
	writeJSON(w, http.StatusOK, v)
	return nil
}

// notMetLists are, for each county that shares, its municipalities whose
// official answer does not meet an indicator, in code order.
func notMetLists(counties []lagesbild.County, settings map[string]countySharing, vals lagesbild.IndicatorValues) map[string][]string {
	out := map[string][]string{}
	for _, c := range counties {
		if !settings[c.Code].Shared {
			continue
		}
		list := []string{}
		for _, m := range lagesbild.MunicipalitiesIn(c.Code) {
			if met, ok := vals.Met[m.Code]; ok && !met {
				list = append(list, m.Code)
			}
		}
		out[c.Code] = list
	}
	return out
}
