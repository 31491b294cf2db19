package worker

import (
	"cmp"
	"net/http"
	"slices"

	"lagesbild"
	"lagesbild/api"
)

// Running a round without a developer (issue 12): the routes behind the
// coordinator's page (the admin's list of rounds) and the county lead's page
// (its rounds, its invitations, who has answered).

// listRounds answers GET /api/rounds: for the admin every round, newest
// first, counted for the country; for a code or token the round it belongs
// to (codes are per round), a county lead's counted for its county; for
// anyone else the rounds open to all, not counted. One statement.
func (s *server) listRounds(w http.ResponseWriter, r *http.Request) error {
	token := bearer(r)
	admin := s.isAdmin(token)
	hash := ""
	if token != "" && !admin {
		hash = hashCode(token)
	}
	list, err := s.store.rounds(r.Context(), hash, admin)
	if err != nil {
		return err
	}
	if hash != "" && len(list) == 0 {
		return lagesbild.Errorf(lagesbild.ECodeInvalid, "Authorization: the code is not valid for any round")
	}
	slices.SortFunc(list, func(a, b listedRound) int { // newest first
		return cmp.Or(cmp.Compare(b.Created, a.Created), cmp.Compare(b.ID, a.ID))
	})
	out := api.Rounds{Rounds: make([]api.RoundSummary, 0, len(list))}
	for _, lr := range list {
		a := access{Access: lr.grant.access()}
		if admin {
			a.Access = api.Access{Admin: true}
		}
		sum := api.RoundSummary{Invited: lr.Invited, Answered: lr.Answered, Closed: s.nowString() >= lr.Closes}
		switch c, ok := lagesbild.CountyByCode(lr.Unit); {
		case admin:
			sum.Municipalities = len(lagesbild.Municipalities())
		case ok && lr.Kind == api.KindCounty:
			sum.Municipalities = c.Municipalities
		}
		// A round whose questionnaire is not in this build (removed
		// since) is still listed, with the version it stored and no title.
		q, err := s.questionnaireOf(lr.Round)
		if err != nil {
			q = &lagesbild.Questionnaire{ID: lr.Questionnaire, Version: lr.Version}
		}
		sum.Round, sum.Title = s.view(lr.Round, q, a), q.Title
		out.Rounds = append(out.Rounds, sum)
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}

// leadCodes answers POST /api/rounds/{round}/codes: invite codes made by the
// admin or by a county lead, for the lead only its own county's
// municipalities. Every municipality asked for is checked before anything
// is stored, so one of another county stores nothing. A new code revokes the
// municipality's earlier one (migrations/0007). A round that has closed
// takes no more invitations.
func (s *server) leadCodes(w http.ResponseWriter, r *http.Request) error {
	rd, a, err := s.roundAccess(r, r.PathValue("round"))
	if err != nil {
		return err
	}
	switch {
	case a.Admin, a.Kind == api.KindCounty:
	case a.Kind == api.KindMunicipality, a.Kind == api.KindRegion:
		return lagesbild.Errorf(lagesbild.EForbidden, "Authorization: a %s's code makes no codes; the county lead's token or the admin token does", a.Kind)
	default:
		return lagesbild.Errorf(lagesbild.EUnauthorized, "Authorization: the county lead's token is needed")
	}
	var req api.NewCodes
	if err := decodeBody(r, &req); err != nil {
		return err
	}
	if !a.Admin {
		switch {
		case len(req.Counties) > 0:
			return lagesbild.Errorf(lagesbild.EInvalid, "counties: a county lead makes municipalities' codes only")
		case req.AllCounties:
			return lagesbild.Errorf(lagesbild.EInvalid, "allCounties: a county lead makes municipalities' codes only")
		case req.AllMunicipalities:
			return lagesbild.Errorf(lagesbild.EInvalid, "allMunicipalities: a county lead makes codes for its own county's municipalities; list them")
		}
	}
	asked, err := unitsAsked(req)
	if err != nil {
		return err
	}
	if !a.Admin {
		for i, c := range req.Municipalities {
			if m, _ := lagesbild.MunicipalityByCode(c); m.County != a.Unit {
				return lagesbild.Errorf(lagesbild.ECodeOtherUnit, "municipalities[%d]: %s %s is in county %s, the token is for county %s",
					i, m.Code, m.Name, m.County, a.Unit)
			}
		}
	}
	if s.nowString() >= rd.Closes {
		return lagesbild.Errorf(lagesbild.ERoundClosed, "round: round %q closed at %s", rd.ID, rd.Closes)
	}
	return s.issueCodes(w, r, rd, asked)
}

// status answers GET /api/rounds/{round}/status/{länskod}: for the county's
// lead (or the admin) every municipality of the county, in Swedish name
// order, with when it was invited (its code made), how many responses it
// has, when the latest was stored or changed, how many items it answered and
// whether it came from a workshop. The rows of a county are its lead's to
// see anyway; this adds only the invitations, which are the lead's own.
func (s *server) status(w http.ResponseWriter, r *http.Request) error {
	c, rd, a, err := s.leadAccess(r, "status")
	if err != nil {
		return err
	}
	county := c.Code
	q, err := s.questionnaireOf(rd)
	if err != nil {
		return err
	}
	units, err := s.store.status(r.Context(), rd.ID, county)
	if err != nil {
		return err
	}
	munis := lagesbild.MunicipalitiesIn(county)
	slices.SortFunc(munis, func(a, b lagesbild.Municipality) int { return lagesbild.CompareNames(a.Name, b.Name) })
	out := api.Status{Round: s.view(rd, q, a), County: c.Code, Name: c.Name, Items: q.ItemCount(),
		Municipalities: make([]api.MunicipalityStatus, 0, len(munis))}
	for _, m := range munis {
		u := units[m.Code]
		out.Municipalities = append(out.Municipalities, api.MunicipalityStatus{Code: m.Code, Name: m.Name, Invited: u.Invited,
			Responses: u.Responses, Answered: u.Answered, Items: u.Items, Workshop: u.Workshop})
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}

// leadAccess is the access of a route for a county's lead (and the admin)
// only: the county of the path, the round and the caller's access in it;
// what names what the route shows, in the refusal to a municipality's code.
func (s *server) leadAccess(r *http.Request, what string) (lagesbild.County, Round, access, error) {
	county := r.PathValue("county")
	c, ok := lagesbild.CountyByCode(county)
	if !ok {
		return c, Round{}, access{}, lagesbild.Errorf(lagesbild.ENotFound, "county: %q is not a länskod", clip(county))
	}
	rd, a, err := s.roundAccess(r, r.PathValue("round"))
	if err != nil {
		return c, rd, a, err
	}
	switch {
	case a.Admin, a.Kind == api.KindCounty && a.Unit == county:
		return c, rd, a, nil
	case a.Kind == api.KindCounty:
		return c, rd, a, lagesbild.Errorf(lagesbild.ECodeOtherUnit, "county: the token is for county %s, not %s", a.Unit, county)
	case a.Kind == api.KindMunicipality, a.Kind == api.KindRegion:
		return c, rd, a, lagesbild.Errorf(lagesbild.EForbidden, "Authorization: a %s's code does not show a county's %s; the county lead's token does", a.Kind, what)
	}
	return c, rd, a, lagesbild.Errorf(lagesbild.EUnauthorized, "Authorization: the county lead's token is needed")
}
