package worker

import (
	"context"
	"net/http"
	"time"

	"lagesbild"
	"lagesbild/api"
)

// timeLayout is how times are stored: UTC, whole seconds, so that stored
// times compare as strings.
const timeLayout = "2006-01-02T15:04:05Z"

func (s *server) nowString() string { return s.now().UTC().Format(timeLayout) }

// isOpen reports whether the round takes responses now.
func (s *server) isOpen(rd Round) bool {
	now := s.nowString()
	return rd.Opens <= now && now < rd.Closes
}

// questionnaireOf returns the questionnaire version a round uses.
func (s *server) questionnaireOf(rd Round) (*lagesbild.Questionnaire, error) {
	q, err := s.catalog.Get(rd.Questionnaire, rd.Version)
	if err != nil {
		return nil, lagesbild.Errorf(lagesbild.ENotFound, "round %q: its questionnaire %s (version %d; 0 is the latest) is not in this build: %s",
			rd.ID, rd.Questionnaire, rd.Version, lagesbild.ErrorMessage(err))
	}
	return q, nil
}

// view is a round as the API shows it, with the version resolved and what
// the caller's code grants.
func (s *server) view(rd Round, q *lagesbild.Questionnaire, a access) api.Round {
	v := api.Round{ID: rd.ID, Questionnaire: rd.Questionnaire, Version: q.Version, Opens: rd.Opens, Closes: rd.Closes,
		Open: s.isOpen(rd), OpenToAll: rd.OpenToAll, Previous: rd.Previous}
	if a.holder() {
		v.Access = &a.Access
	}
	return v
}

// round shows a round to anyone (its dates and questionnaire are no secret)
// and tells a caller with a code what the code grants, so the client can
// check a code before the respondent starts.
func (s *server) round(w http.ResponseWriter, r *http.Request) error {
	rd, a, err := s.roundAccess(r, r.PathValue("round"))
	if err != nil {
		return err
	}
	q, err := s.questionnaireOf(rd)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, s.view(rd, q, a))
	return nil
}

// postResponse answers POST /api/responses: 201 when the response is new,
// 200 when the id is known (updated if the answers changed). The code is in
// Authorization.
func (s *server) postResponse(w http.ResponseWriter, r *http.Request) error {
	body, err := readJSON(r)
	if err != nil {
		return err
	}
	resp, err := DecodeResponse(body)
	if err != nil {
		return err
	}
	rd, a, err := s.roundAccess(r, resp.Round)
	if err != nil {
		return bodyRound(err, resp.Round)
	}
	st, err := s.storeResponse(r.Context(), rd, a, resp)
	if err != nil {
		return err
	}
	writeJSON(w, storedStatus(st), st)
	return nil
}

// bodyRound is the error for a round named in a request's body: one that
// does not exist is a wrong field (400), not a missing page.
func bodyRound(err error, round string) error {
	if lagesbild.ErrorCode(err) == lagesbild.ERoundNotFound {
		return lagesbild.Errorf(lagesbild.EInvalid, "round: no round %q", clip(round))
	}
	return err
}

// storedStatus is the status of a stored response: 201 when it is new.
func storedStatus(st api.Stored) int {
	if st.Outcome == api.Created {
		return http.StatusCreated
	}
	return http.StatusOK
}

// storeResponse checks and stores a response in round rd for a caller with
// access a: the one path of every response, whether posted
// (POST /api/responses) or saved from a workshop. Nothing is stored unless
// every check passes: the code (a holder of one, unless the round is open to
// all, for the response's municipality or county), the round's dates, its
// questionnaire and version, the answers. The measures are the worker's own.
func (s *server) storeResponse(ctx context.Context, rd Round, a access, resp api.Response) (api.Stored, error) {
	county := resp.County
	if m, ok := lagesbild.MunicipalityByCode(resp.Municipality); ok {
		county = m.County
	}
	switch {
	case !rd.OpenToAll && !a.holder():
		return api.Stored{}, lagesbild.Errorf(lagesbild.EUnauthorized, "%s: round %q needs an invite code", a.From, rd.ID)
	case !a.mayAnswerFor(rd, resp.Municipality, county):
		field, unit := "municipality", resp.Municipality
		if unit == "" {
			field, unit = "county", resp.County
		}
		return api.Stored{}, lagesbild.Errorf(lagesbild.ECodeOtherUnit, "%s: the code is for %s, not %s", field, a.Unit, unit)
	}
	if now := s.nowString(); now < rd.Opens {
		return api.Stored{}, lagesbild.Errorf(lagesbild.ERoundNotOpen, "round: round %q opens at %s", rd.ID, rd.Opens)
	} else if now >= rd.Closes {
		return api.Stored{}, lagesbild.Errorf(lagesbild.ERoundClosed, "round: round %q closed at %s", rd.ID, rd.Closes)
	}
	q, err := s.questionnaireOf(rd)
	if err != nil {
		return api.Stored{}, err
	}
	if resp.Questionnaire != q.ID {
		return api.Stored{}, lagesbild.Errorf(lagesbild.EInvalid, "questionnaire: round %q uses %q, not %q", rd.ID, q.ID, resp.Questionnaire)
	}
	if resp.Version != q.Version {
		return api.Stored{}, lagesbild.Errorf(lagesbild.EInvalid, "version: round %q uses %s version %d, not %d", rd.ID, q.ID, q.Version, resp.Version)
	}
	if err := q.Check(resp.Answers); err != nil {
		return api.Stored{}, err
	}
	rec, measures, err := newRecord(resp, q, s.nowString())
	if err != nil {
		return api.Stored{}, err
	}
	outcome, err := s.store.putResponse(ctx, rec)
	if err != nil {
		return api.Stored{}, err
	}
	return api.Stored{ID: resp.ID, Round: rd.ID, Outcome: outcome, Measures: measures}, nil
}

// parseTime reads a round's opening or closing time: RFC 3339, or a date
// (opens at its start, closes at its end, UTC).
func parseTime(field, v string, end bool) (string, error) {
	if t, err := time.Parse(time.RFC3339, v); err == nil {
		return t.UTC().Truncate(time.Second).Format(timeLayout), nil
	}
	t, err := time.Parse(time.DateOnly, v)
	if err != nil {
		return "", lagesbild.Errorf(lagesbild.EInvalid, "%s: want a date (2026-03-01) or an RFC 3339 time, got %q", field, clip(v))
	}
	if end {
		t = t.AddDate(0, 0, 1)
	}
	return t.Format(timeLayout), nil
}
