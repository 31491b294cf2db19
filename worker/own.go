package worker

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"

	"lagesbild"
	"lagesbild/api"
)

// A municipality's own responses (issue 13): its result and a receipt on
// any device.

// ownResponses answers GET /api/rounds/{round}/responses/{kommunkod}, and
// …/responses/{länskod} for a länsstyrelse's own: the municipality's own
// responses, newest first, to whoever may see its row
// (access.seesRow): its own code, its county's lead, the admin — and anyone
// in a round open to all. There anyone may answer for any municipality and
// every municipality's row is public already, so its responses (answers to
// the questionnaire, a role slug, never a name) tell no more than what
// anyone could have posted; a private round keeps them to the unit's own
// codes, as its row.
func (s *server) ownResponses(w http.ResponseWriter, r *http.Request) error {
	// A länskod names a länsstyrelse's own responses (issue 16): the
	// access of its own plan (access.seesPlan: its lead, the admin,
	// anyone in a round open to all).
	u, err := planUnitOf(r.PathValue("municipality"))
	if err != nil {
		return lagesbild.Errorf(lagesbild.ENotFound, "municipality: %q is not a kommunkod or a länskod", clip(r.PathValue("municipality")))
	}
	rd, a, err := s.roundAccess(r, r.PathValue("round"))
	if err != nil {
		return err
	}
	switch {
	case a.seesPlan(rd, u):
	case !a.holder():
		return lagesbild.Errorf(lagesbild.EUnauthorized, "Authorization: round %q needs the code of %s", rd.ID, u.Code)
	default:
		return lagesbild.Errorf(lagesbild.ECodeOtherUnit, "municipality: the code is for %s, not %s", a.Unit, u.Code)
	}
	q, err := s.questionnaireOf(rd)
	if err != nil {
		return err
	}
	list, err := s.store.ownResponses(r.Context(), rd.ID, u)
	if err != nil {
		return err
	}
	name := ""
	if m, ok := lagesbild.MunicipalityByCode(u.Code); ok && u.Muni {
		name = m.Name
	} else if c, ok := lagesbild.CountyByCode(u.Code); ok {
		name = c.Name
	}
	writeJSON(w, http.StatusOK, api.OwnResponses{Round: s.view(rd, q, a), Municipality: u.Code, Name: name, Responses: list})
	return nil
}

// ownResponses reads a municipality's responses in a round, last changed
// first (of two changed in the same second, the one stored last), each
// marked official when it is the municipality's result in comparisons
// (migrations/0008 chose it) and partial as stored. A municipality has a
// few, so they come as rows.
func (s store) ownResponses(ctx context.Context, round string, u planUnit) ([]api.StoredAnswers, error) {
	municipality := u.Code
	where := `r.municipality = ?`
	if !u.Muni { // a county's own responses: no municipality, never official
		where = `r.municipality IS NULL AND r.county = ?`
	}
	rows, err := s.db.QueryContext(ctx, `
		SELECT r.id, r.role, r.version, r.received, r.updated, r.answers, r.measures, r.partial, o.response IS NOT NULL
		FROM responses AS r
		LEFT JOIN officials AS o ON o.round = r.round AND o.municipality = r.municipality AND o.response = r.id
		WHERE r.round = ? AND `+where+` ORDER BY r.updated DESC, r.rowid DESC`, round, municipality)
	if err != nil {
		return nil, fmt.Errorf("reading the responses of %s in round %q: %w", municipality, round, err)
	}
	defer rows.Close()
	out := []api.StoredAnswers{}
	for rows.Next() {
		var st api.StoredAnswers
		var version int64
		var answers, measures string
		var partial, official int64
		if err := rows.Scan(&st.ID, &st.Role, &version, &st.Received, &st.Updated, &answers, &measures, &partial, &official); err != nil {
			return nil, fmt.Errorf("reading the responses of %s in round %q: %w", municipality, round, err)
		}
		st.Version, st.Partial, st.Official = int(version), partial == 1, official == 1
		if err := json.Unmarshal([]byte(answers), &st.Answers); err != nil {
			return nil, fmt.Errorf("response %s: answers: %w", st.ID, err)
		}
		if err := json.Unmarshal([]byte(measures), &st.Measures); err != nil {
			return nil, fmt.Errorf("response %s: measures: %w", st.ID, err)
		}
		out = append(out, st)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("reading the responses of %s in round %q: %w", municipality, round, err)
	}
	return out, nil
}
