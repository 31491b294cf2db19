package worker

import (
	"net/http"
	"time"

	"lagesbild"
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

// roundView is a round as the API shows it, with the version resolved.
type roundView struct {
	ID            string  `json:"id"`
	Questionnaire string  `json:"questionnaire"`
	Version       int     `json:"version"`
	Opens         string  `json:"opens"`
	Closes        string  `json:"closes"`
	Open          bool    `json:"open"` // takes responses now
	OpenToAll     bool    `json:"openToAll"`
	Previous      string  `json:"previous,omitempty"`
	Access        *access `json:"access,omitempty"` // what the caller's code grants
}

func (s *server) view(rd Round, q *lagesbild.Questionnaire, a access) roundView {
	v := roundView{ID: rd.ID, Questionnaire: rd.Questionnaire, Version: q.Version, Opens: rd.Opens, Closes: rd.Closes,
		Open: s.isOpen(rd), OpenToAll: rd.OpenToAll, Previous: rd.Previous}
	if a.holder() {
		v.Access = &a
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

// postResponse stores a response: 201 when new, 200 when the id is known
// (updated if the answers changed). Nothing is stored unless every check passes.
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
	if lagesbild.ErrorCode(err) == lagesbild.ENotFound {
		return lagesbild.Errorf(lagesbild.EInvalid, "round: no round %q", resp.Round)
	} else if err != nil {
		return err
	}
	county := resp.County
	if m, ok := lagesbild.MunicipalityByCode(resp.Municipality); ok {
		county = m.County
	}
	switch {
	case !rd.OpenToAll && !a.holder():
		return lagesbild.Errorf(lagesbild.EUnauthorized, "Authorization: round %q needs an invite code", rd.ID)
	case !a.mayAnswerFor(rd, resp.Municipality, county):
		field, unit := "municipality", resp.Municipality
		if unit == "" {
			field, unit = "county", resp.County
		}
		return lagesbild.Errorf(lagesbild.EForbidden, "%s: the code is for %s, not %s", field, a.Unit, unit)
	}
	if now := s.nowString(); now < rd.Opens {
		return lagesbild.Errorf(lagesbild.EConflict, "round: round %q opens at %s", rd.ID, rd.Opens)
	} else if now >= rd.Closes {
		return lagesbild.Errorf(lagesbild.EConflict, "round: round %q closed at %s", rd.ID, rd.Closes)
	}
	q, err := s.questionnaireOf(rd)
	if err != nil {
		return err
	}
	if resp.Questionnaire != q.ID {
		return lagesbild.Errorf(lagesbild.EInvalid, "questionnaire: round %q uses %q, not %q", rd.ID, q.ID, resp.Questionnaire)
	}
	if resp.Version != q.Version {
		return lagesbild.Errorf(lagesbild.EInvalid, "version: round %q uses %s version %d, not %d", rd.ID, q.ID, q.Version, resp.Version)
	}
	if err := q.Check(resp.Answers); err != nil {
		return err
	}
	// The worker's own scores: whatever numbers the client sent were dropped by DecodeResponse.
	rec, measures, err := newRecord(resp, q, s.nowString())
	if err != nil {
		return err
	}
	outcome, err := s.store.putResponse(r.Context(), rec)
	if err != nil {
		return err
	}
	status := http.StatusOK
	if outcome == outcomeCreated {
		status = http.StatusCreated
	}
	writeJSON(w, status, map[string]any{
		"id": resp.ID, "round": rd.ID, "outcome": outcome, "measures": measures,
	})
	return nil
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
