package worker

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"time"

	"lagesbild"
	"lagesbild/api"
)

// Action plans (issue 15): a unit's plan in a round, stored with the round,
// and followed up by the next round's official response.

// planUnit is the unit of a plan: a municipality, or a county for a
// länsstyrelse's own plan.
type planUnit struct {
	Code   string // kommunkod or länskod
	County string // its county (the unit itself for a county)
	Muni   bool
}

// planUnitOf reads the {unit} of a plan's path.
func planUnitOf(code string) (planUnit, error) {
	if m, ok := lagesbild.MunicipalityByCode(code); ok {
		return planUnit{Code: m.Code, County: m.County, Muni: true}, nil
	}
	if c, ok := lagesbild.CountyByCode(code); ok {
		return planUnit{Code: c.Code, County: c.Code}, nil
	}
	return planUnit{}, lagesbild.Errorf(lagesbild.ENotFound, "unit: %q is not a kommunkod or a länskod", clip(code))
}

// seesPlan reports whether the caller may read a unit's plan: whoever sees
// the unit's row (access.seesRow: its own code, its county's lead, the
// admin, anyone in a round open to all); for a county's own plan, its lead,
// the admin, anyone in a round open to all.
func (a access) seesPlan(rd Round, u planUnit) bool {
	if u.Muni {
		m, _ := lagesbild.MunicipalityByCode(u.Code)
		return a.seesRow(rd, m)
	}
	return a.seesRowsOf(rd, u.County)
}

// planRefused is the error for a caller who may not read or store a plan:
// 401 without a code, 403 with a code for another unit.
func planRefused(rd Round, a access, u planUnit) error {
	if !a.holder() {
		return lagesbild.Errorf(lagesbild.EUnauthorized, "Authorization: round %q needs the code of %s", rd.ID, u.Code)
	}
	return lagesbild.Errorf(lagesbild.ECodeOtherUnit, "unit: the code is for %s, not %s", a.Unit, u.Code)
}

// putPlan answers PUT /api/rounds/{round}/plans/{unit}: the body is a
// lagesbild.Plan. Nothing is stored unless every check passes, in this
// order: the code (as for a response of the unit), the round's dates, the
// body (readJSON's limits), the plan's round and unit against the path, its
// questionnaire and version against the round's, Plan.Check. The worker
// stores its own encoding of the checked plan and answers 200 with the
// plan's view (api.PlanView), as GET does.
func (s *server) putPlan(w http.ResponseWriter, r *http.Request) error {
	u, err := planUnitOf(r.PathValue("unit"))
	if err != nil {
		return err
	}
	rd, a, err := s.roundAccess(r, r.PathValue("round"))
	if err != nil {
		return err
	}
	muni := ""
	if u.Muni {
		muni = u.Code
	}
	if !rd.OpenToAll && !a.holder() || !a.mayAnswerFor(rd, muni, u.County) {
		return planRefused(rd, a, u)
	}
	if now := s.nowString(); now < rd.Opens {
		return lagesbild.Errorf(lagesbild.ERoundNotOpen, "round: round %q opens at %s", rd.ID, rd.Opens)
	} else if now >= rd.Closes {
		return lagesbild.Errorf(lagesbild.ERoundClosed, "round: round %q closed at %s", rd.ID, rd.Closes)
	}
	q, err := s.questionnaireOf(rd)
	if err != nil {
		return err
	}
	var p lagesbild.Plan
	if err := decodeBody(r, &p); err != nil {
		return err
	}
	if err := checkPlan(&p, rd, u, q); err != nil {
		return err
	}
	p.Updated = "" // the column's
	if p.Rows == nil {
		p.Rows = []lagesbild.PlanRow{}
	}
	b, err := json.Marshal(p)
	if err != nil {
		return fmt.Errorf("encoding the plan of %s: %w", u.Code, err)
	}
	if err := s.store.putPlan(r.Context(), rd.ID, u.Code, string(b), s.nowString()); err != nil {
		return err
	}
	v, err := s.planView(r.Context(), rd, q, a, u)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, v)
	return nil
}

// checkPlan checks a posted plan against its path and round: the round and
// the unit (a municipality's plan names no county; a county's own plan no
// municipality), the questionnaire and version, then Plan.Check.
func checkPlan(p *lagesbild.Plan, rd Round, u planUnit, q *lagesbild.Questionnaire) error {
	muni, county := u.Code, ""
	if !u.Muni {
		muni, county = "", u.Code
	}
	switch {
	case p.Round != rd.ID:
		return lagesbild.Errorf(lagesbild.EInvalid, "round: the plan is for round %q, the path's is %q", clip(p.Round), rd.ID)
	case p.Municipality != muni:
		return lagesbild.Errorf(lagesbild.EInvalid, "municipality: the plan is for %q, the path's is %q", clip(p.Municipality), muni)
	case p.County != county:
		return lagesbild.Errorf(lagesbild.EInvalid, "county: the plan is for %q, the path's is %q", clip(p.County), county)
	case p.Questionnaire != q.ID:
		return lagesbild.Errorf(lagesbild.EInvalid, "questionnaire: round %q uses %q, not %q", rd.ID, q.ID, clip(p.Questionnaire))
	case p.Version != q.Version:
		return lagesbild.Errorf(lagesbild.EInvalid, "version: round %q uses %s version %d, not %d", rd.ID, q.ID, q.Version, p.Version)
	}
	return p.Check(q)
}

// getPlan answers GET /api/rounds/{round}/plans/{unit}: the unit's plan
// (null when none is stored) to whoever may read it (access.seesPlan), and
// its previous round's plan followed up by this round's official response.
func (s *server) getPlan(w http.ResponseWriter, r *http.Request) error {
	u, err := planUnitOf(r.PathValue("unit"))
	if err != nil {
		return err
	}
	rd, a, err := s.roundAccess(r, r.PathValue("round"))
	if err != nil {
		return err
	}
	if !a.seesPlan(rd, u) {
		return planRefused(rd, a, u)
	}
	q, err := s.questionnaireOf(rd)
	if err != nil {
		return err
	}
	v, err := s.planView(r.Context(), rd, q, a, u)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, v)
	return nil
}

// seesPreviousPlan reports whether the caller is shown a unit's plan of
// rd's previous round P, followed up: the admin; anyone when P is open to
// all; else only a code of rd issued for the unit itself or its county's
// lead — never a reader who sees the unit's plan only because rd is open to
// all. This is the one place a code of rd shows something of P that is no
// figure: the unit's own plan then and its own official answers then, which
// the plan cannot be followed up without (THREATS.md, "Action plans"; the
// rows of P otherwise follow P's access, access.previous).
func (a access) seesPreviousPlan(rd Round, u planUnit) bool {
	switch {
	case rd.Previous == "":
		return false
	case a.Admin, rd.PreviousOpenToAll:
		return true
	case a.Kind == api.KindCounty:
		return a.Unit == u.County
	case a.Kind == api.KindMunicipality:
		return u.Muni && a.Unit == u.Code
	}
	return false
}

// planView reads a unit's plan in rd and, when the caller may see it
// (access.seesPreviousPlan) and the unit had a plan in rd's previous round,
// that plan followed up by the unit's official answers in rd: one
// statement.
func (s *server) planView(ctx context.Context, rd Round, q *lagesbild.Questionnaire, a access, u planUnit) (api.PlanView, error) {
	prev := ""
	if a.seesPreviousPlan(rd, u) {
		prev = rd.Previous
	}
	lo, hi := u.Code, u.Code
	d, err := s.store.plans(ctx, rd.ID, prev, lo, hi, !u.Muni, true)
	if err != nil {
		return api.PlanView{}, err
	}
	v := api.PlanView{Round: s.view(rd, q, a), Gaps: []lagesbild.RowProblem{}}
	if p, ok := d.plans[rd.ID][u.Code]; ok {
		v.Plan = &p
		if g := p.Gaps(); g != nil {
			v.Gaps = g
		}
		v.Whole, v.Open = p.Whole()
	}
	if pp, ok := d.plans[prev][u.Code]; ok && prev != "" {
		now, then := d.answers[rd.ID][u.Code], d.answers[prev][u.Code]
		if now == nil {
			now = lagesbild.Answers{}
		}
		if then == nil {
			then = lagesbild.Answers{}
		}
		today := s.today()
		v.Previous = &api.PlanFollowUp{Round: prev, Plan: pp, Rows: s.followUp(&pp, q, now, today), Answers: then, Now: now, Today: today}
	}
	return v, nil
}

// today is the clock's date in UTC, YYYY-MM-DD: what a follow-up date is
// overdue against.
func (s *server) today() string { return s.now().UTC().Format(time.DateOnly) }

// followUp follows a previous round's plan up by this round's answers
// (lagesbild.FollowUp), on the questionnaire the plan was made on. When that
// version is not in this build, no item is known and every row's outcome
// is unknown.
func (s *server) followUp(p *lagesbild.Plan, to *lagesbild.Questionnaire, now lagesbild.Answers, today string) []lagesbild.FollowedRow {
	from, err := s.catalog.Get(p.Questionnaire, p.Version)
	if err != nil {
		from = &lagesbild.Questionnaire{ID: p.Questionnaire, Version: p.Version}
	}
	return lagesbild.FollowUp(p, from, to, now, today)
}

// countyPlans answers GET /api/rounds/{round}/plans/county/{länskod}, for
// the county's lead (or the admin): each municipality of the county, in
// Swedish name order, with whether it has a plan, how many of its open rows
// hang together, and its previous round's plan followed up by this round's
// official response; and per section of the round's questionnaire the same
// counted over the county. Only the county's own municipalities are read:
// nothing about another county is returned to a lead. One statement.
func (s *server) countyPlans(w http.ResponseWriter, r *http.Request) error {
	c, rd, a, err := s.leadAccess(r, "plans")
	if err != nil {
		return err
	}
	county := c.Code
	q, err := s.questionnaireOf(rd)
	if err != nil {
		return err
	}
	prev := rd.Previous // the admin or the county's lead: access.seesPreviousPlan
	d, err := s.store.plans(r.Context(), rd.ID, prev, county+"00", county+"99", false, false)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, s.summarise(rd, q, a, c, prev, d))
	return nil
}

// summarise counts a county's plans (countyPlans).
func (s *server) summarise(rd Round, q *lagesbild.Questionnaire, a access, c lagesbild.County, prev string, d planData) api.Plans {
	section := map[string]int{} // item id → index of its section
	out := api.Plans{Round: s.view(rd, q, a), County: c.Code, Name: c.Name, Areas: make([]api.AreaPlans, len(q.Sections))}
	for si, sec := range q.Sections {
		out.Areas[si].Section = sec.ID
		for _, it := range sec.Items {
			section[it.ID] = si
		}
	}
	sectionOf := func(item string) (int, bool) {
		it, ok := q.Item(item)
		if !ok {
			return 0, false
		}
		si, ok := section[it.ID]
		return si, ok
	}
	munis := lagesbild.MunicipalitiesIn(c.Code)
	slices.SortFunc(munis, func(a, b lagesbild.Municipality) int { return lagesbild.CompareNames(a.Name, b.Name) })
	out.Municipalities = make([]api.PlanStatus, 0, len(munis))
	today := s.today()
	for _, m := range munis {
		st := api.PlanStatus{Code: m.Code, Name: m.Name}
		if p, ok := d.plans[rd.ID][m.Code]; ok {
			st.HasPlan, st.Updated = true, p.Updated
			st.Whole, st.Open = p.Whole()
			gaps := map[string]bool{}
			for _, g := range p.Gaps() {
				gaps[g.Item] = true
			}
			counted := map[int]bool{}
			for _, row := range p.Rows {
				si, ok := sectionOf(row.Item)
				if !ok || row.Status == lagesbild.RowClosed {
					continue
				}
				ar := &out.Areas[si]
				ar.Rows++
				if !gaps[row.Item] {
					ar.Whole++
				}
				if !counted[si] {
					counted[si] = true
					ar.Municipalities++
				}
			}
		}
		if pp, ok := d.plans[prev][m.Code]; ok && prev != "" {
			for _, f := range s.followUp(&pp, q, d.answers[rd.ID][m.Code], today) {
				switch f.Outcome {
				case lagesbild.IndicatorMet:
					st.Met++
				case lagesbild.IndicatorPartly:
					st.Partly++
				case lagesbild.IndicatorNotMet:
					st.NotMet++
				default:
					continue
				}
				if si, ok := sectionOf(f.NowItem); ok {
					out.Areas[si].Followed++
					if f.Outcome == lagesbild.IndicatorMet {
						out.Areas[si].Met++
					}
				}
			}
		}
		out.Municipalities = append(out.Municipalities, st)
	}
	return out
}

// ---- the store ----

// putPlan stores a unit's plan in one statement: new, or changed when its
// text differs (updated is then now; storing the same plan again keeps it).
func (s store) putPlan(ctx context.Context, round, unit, plan, now string) error {
	_, err := s.db.ExecContext(ctx, `
		INSERT INTO plans (round, unit, plan, created, updated) VALUES (?, ?, ?, ?, ?)
		ON CONFLICT (round, unit) DO UPDATE SET plan = excluded.plan, updated = excluded.updated
		WHERE plans.plan <> excluded.plan`,
		round, unit, plan, now, now)
	if err != nil {
		return fmt.Errorf("storing the plan of %s in round %q: %w", unit, round, err)
	}
	return nil
}

// planData is what the plan routes read: plans by round and unit (with
// Updated set), and official answers by round and unit.
type planData struct {
	plans   map[string]map[string]lagesbild.Plan
	answers map[string]map[string]lagesbild.Answers
}

// plansSQL reads the plans of units lo..hi in two rounds and the official
// answers of municipalities lo..hi in two rounds (officials,
// migrations/0008), by the primary keys of plans and officials.
const plansSQL = `
	SELECT 0, round, unit, plan, updated, '', '' FROM plans WHERE round IN (?, ?) AND unit BETWEEN ? AND ?
	UNION ALL
	SELECT 1, o.round, o.municipality, r.answers, r.updated, r.role, r.id
	FROM officials AS o JOIN responses AS r ON r.id = o.response
	WHERE o.round IN (?, ?) AND o.municipality BETWEEN ? AND ?`

// countyPlanSQL is plansSQL for a county's own plan: its responses (a
// county's own response has no municipality and no row in officials), of
// which the official is chosen as for a municipality (lagesbild.Official).
const countyPlanSQL = `
	SELECT 0, round, unit, plan, updated, '', '' FROM plans WHERE round IN (?, ?) AND unit BETWEEN ? AND ?
	UNION ALL
	SELECT 1, round, county, answers, updated, role, id FROM responses
	WHERE round IN (?, ?) AND municipality IS NULL AND county BETWEEN ? AND ?`

// plans reads, in one statement, the plans of units lo..hi (kommunkoder,
// or with county a länskod) in round and previous ("" for none), and their
// official answers in round and, with answersThen, in previous.
func (s store) plans(ctx context.Context, round, previous, lo, hi string, county, answersThen bool) (planData, error) {
	query := plansSQL
	if county {
		query = countyPlanSQL
	}
	then := ""
	if answersThen {
		then = previous
	}
	d := planData{plans: map[string]map[string]lagesbild.Plan{}, answers: map[string]map[string]lagesbild.Answers{}}
	rows, err := s.db.QueryContext(ctx, query, round, previous, lo, hi, round, then, lo, hi)
	if err != nil {
		return planData{}, fmt.Errorf("reading the plans of %s..%s in round %q: %w", lo, hi, round, err)
	}
	defer rows.Close()
	type candidates struct {
		cs      []lagesbild.Candidate
		answers []string
	}
	chosen := map[[2]string]*candidates{}
	for rows.Next() {
		var kind int64
		var rnd, unit, text, updated, role, id string
		if err := rows.Scan(&kind, &rnd, &unit, &text, &updated, &role, &id); err != nil {
			return planData{}, fmt.Errorf("reading the plans of %s..%s in round %q: %w", lo, hi, round, err)
		}
		if kind == 0 {
			var p lagesbild.Plan
			if err := json.Unmarshal([]byte(text), &p); err != nil {
				return planData{}, fmt.Errorf("the plan of %s in round %q: %w", unit, rnd, err)
			}
			p.Updated = updated
			if d.plans[rnd] == nil {
				d.plans[rnd] = map[string]lagesbild.Plan{}
			}
			d.plans[rnd][unit] = p
			continue
		}
		k := [2]string{rnd, unit}
		if chosen[k] == nil {
			chosen[k] = &candidates{}
		}
		chosen[k].cs = append(chosen[k].cs, lagesbild.Candidate{Role: role, Updated: updated, ID: id})
		chosen[k].answers = append(chosen[k].answers, text)
	}
	if err := rows.Err(); err != nil {
		return planData{}, fmt.Errorf("reading the plans of %s..%s in round %q: %w", lo, hi, round, err)
	}
	for k, c := range chosen {
		i := lagesbild.Official(c.cs)
		if i < 0 {
			continue
		}
		var a lagesbild.Answers
		if err := json.Unmarshal([]byte(c.answers[i]), &a); err != nil {
			return planData{}, fmt.Errorf("response %s: answers: %w", c.cs[i].ID, err)
		}
		if d.answers[k[0]] == nil {
			d.answers[k[0]] = map[string]lagesbild.Answers{}
		}
		d.answers[k[0]][k[1]] = a
	}
	return d, nil
}
