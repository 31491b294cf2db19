package worker

import (
	"cmp"
	"fmt"
	"net/http"
	"slices"
	"strings"

	"lagesbild"
	"lagesbild/api"
)

func (s *server) createRound(w http.ResponseWriter, r *http.Request) error {
	if err := s.requireAdmin(r); err != nil {
		return err
	}
	var req api.NewRound
	if err := decodeBody(r, &req); err != nil {
		return err
	}
	if !isSlug(req.ID, 32) {
		return lagesbild.Errorf(lagesbild.EInvalid, "id: want 1–32 of a-z, 0-9 and '-', got %q", clip(req.ID))
	}
	if req.Version < 0 {
		return lagesbild.Errorf(lagesbild.EInvalid, "version: want a whole number >= 1 (or 0 for the latest), got %d", req.Version)
	}
	q, err := s.catalog.Get(req.Questionnaire, req.Version)
	if err != nil {
		return lagesbild.Errorf(lagesbild.EInvalid, "questionnaire: %s", lagesbild.ErrorMessage(err))
	}
	rd := Round{ID: req.ID, Questionnaire: q.ID, Version: q.Version, OpenToAll: req.OpenToAll, Previous: req.Previous, Created: s.nowString()}
	if rd.Opens, err = parseTime("opens", req.Opens, false); err != nil {
		return err
	}
	if rd.Closes, err = parseTime("closes", req.Closes, true); err != nil {
		return err
	}
	if rd.Closes <= rd.Opens {
		return lagesbild.Errorf(lagesbild.EInvalid, "closes: %s is not after opens %s", rd.Closes, rd.Opens)
	}
	if rd.Previous != "" {
		prev, _, err := s.store.round(r.Context(), rd.Previous, "")
		if lagesbild.ErrorCode(err) == lagesbild.ERoundNotFound {
			return lagesbild.Errorf(lagesbild.EInvalid, "previous: no round %q", clip(rd.Previous))
		} else if err != nil {
			return err
		}
		if prev.Questionnaire != rd.Questionnaire {
			return lagesbild.Errorf(lagesbild.EInvalid, "previous: round %q uses %q, not %q", prev.ID, prev.Questionnaire, rd.Questionnaire)
		}
		// A round open to all is read without a code; beside it, a private
		// previous round would be shown to anyone (auth.go, access.previous).
		if rd.OpenToAll && !prev.OpenToAll {
			return lagesbild.Errorf(lagesbild.EInvalid,
				"previous: round %q is not open to all, so it cannot be the previous round of a round open to all (anyone could read it there)", prev.ID)
		}
		rd.PreviousOpenToAll = prev.OpenToAll
	}
	if err := s.store.createRound(r.Context(), rd); err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, s.view(rd, q, access{Access: api.Access{Admin: true}}))
	return nil
}

// createCodes makes one new code per unit asked for. A new code revokes the
// unit's earlier code of its kind in the round (migrations/0007): a lost
// code is replaced, and a code sent to the wrong person taken back, by
// asking again.
func (s *server) createCodes(w http.ResponseWriter, r *http.Request) error {
	if err := s.requireAdmin(r); err != nil {
		return err
	}
	var req api.NewCodes
	if err := decodeBody(r, &req); err != nil {
		return err
	}
	rd, _, err := s.store.round(r.Context(), r.PathValue("round"), "")
	if err != nil {
		return err
	}
	asked, err := unitsAsked(req)
	if err != nil {
		return err
	}
	return s.issueCodes(w, r, rd, asked)
}

// unitsAsked checks a request for codes and returns the units it asks for,
// each once, in the order asked (municipalities, counties, regions); "all"
// stands for every municipality or county.
func unitsAsked(req api.NewCodes) ([]api.Code, error) {
	if req.AllMunicipalities {
		req.Municipalities = nil
		for _, m := range lagesbild.Municipalities() {
			req.Municipalities = append(req.Municipalities, m.Code)
		}
	}
	if req.AllCounties {
		req.Counties = nil
		for _, c := range lagesbild.Counties() {
			req.Counties = append(req.Counties, c.Code)
		}
	}
	var asked []api.Code
	seen := map[string]bool{} // a unit twice would get two codes, of which only the second works
	for i, code := range req.Municipalities {
		m, ok := lagesbild.MunicipalityByCode(code)
		if !ok {
			return nil, lagesbild.Errorf(lagesbild.EInvalid, "municipalities[%d]: %q is not a kommunkod", i, clip(code))
		}
		if !seen[m.Code] {
			seen[m.Code] = true
			asked = append(asked, api.Code{Kind: api.KindMunicipality, Unit: m.Code, Name: m.Name})
		}
	}
	for i, code := range req.Counties {
		c, ok := lagesbild.CountyByCode(code)
		if !ok {
			return nil, lagesbild.Errorf(lagesbild.EInvalid, "counties[%d]: %q is not a länskod", i, clip(code))
		}
		if !seen[c.Code] {
			seen[c.Code] = true
			asked = append(asked, api.Code{Kind: api.KindCounty, Unit: c.Code, Name: c.Name})
		}
	}
	for i, id := range req.Regions {
		if len(lagesbild.CountiesInRegion(id)) == 0 {
			return nil, lagesbild.Errorf(lagesbild.EInvalid, "regions[%d]: %q is not a regional-coordinator region (one of %s)",
				i, clip(id), strings.Join(lagesbild.CoordinatorRegions(), ", "))
		}
		if !seen[id] {
			seen[id] = true
			asked = append(asked, api.Code{Kind: api.KindRegion, Unit: id, Name: regionName(id)})
		}
	}
	if len(asked) == 0 {
		return nil, lagesbild.Errorf(lagesbild.EInvalid, "municipalities: none asked for (nor counties, nor regions)")
	}
	return asked, nil
}

// issueCodes makes a code for each unit asked for, stores their hashes in
// one statement (which revokes the units' earlier codes) and answers 201
// with the plain codes, shown this once.
func (s *server) issueCodes(w http.ResponseWriter, r *http.Request, rd Round, issued []api.Code) error {
	stored := make([]storedCode, len(issued))
	for i := range issued {
		code, err := newCode()
		if err != nil {
			return err
		}
		issued[i].Code = code
		stored[i] = storedCode{Hash: hashCode(code), Kind: issued[i].Kind, Unit: issued[i].Unit}
	}
	if err := s.store.createCodes(r.Context(), rd.ID, s.nowString(), stored); err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, api.Codes{Round: rd.ID, Codes: issued})
	return nil
}

// revokeCodes deletes every code of one municipality, county or region in a round.
func (s *server) revokeCodes(w http.ResponseWriter, r *http.Request) error {
	if err := s.requireAdmin(r); err != nil {
		return err
	}
	rd, _, err := s.store.round(r.Context(), r.PathValue("round"), "")
	if err != nil {
		return err
	}
	unit := r.PathValue("unit")
	_, isMuni := lagesbild.MunicipalityByCode(unit)
	_, isCounty := lagesbild.CountyByCode(unit)
	if !isMuni && !isCounty && len(lagesbild.CountiesInRegion(unit)) == 0 {
		return lagesbild.Errorf(lagesbild.ENotFound, "unit: %q is neither a kommunkod, a länskod nor a region", clip(unit))
	}
	n, err := s.store.revokeCodes(r.Context(), rd.ID, unit)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, api.Revoked{Round: rd.ID, Unit: unit, Revoked: int(n)})
	return nil
}

// changeRound answers PATCH /api/admin/rounds/{round}: new dates, or
// closing the round now. A round that has closed stays closed: its final
// publication (comparison.go) is made once, after the close, and a round
// that opened again would take responses the publication does not hold.
// New dates are checked as createRound checks them, and closes may not be
// in the past (closeNow is the way to close). One UPDATE, which checks
// again that the round has not closed.
func (s *server) changeRound(w http.ResponseWriter, r *http.Request) error {
	if err := s.requireAdmin(r); err != nil {
		return err
	}
	var req api.RoundChange
	if err := decodeBody(r, &req); err != nil {
		return err
	}
	switch {
	case req.CloseNow && (req.Opens != nil || req.Closes != nil):
		return lagesbild.Errorf(lagesbild.EInvalid, "closeNow: give it alone, without opens or closes")
	case !req.CloseNow && req.Opens == nil && req.Closes == nil:
		return lagesbild.Errorf(lagesbild.EInvalid, "body: nothing to change; give opens, closes or closeNow")
	}
	rd, _, err := s.store.round(r.Context(), r.PathValue("round"), "")
	if err != nil {
		return err
	}
	now := s.nowString()
	if now >= rd.Closes {
		return roundClosed(rd)
	}
	var opens, closes *string
	newOpens, newCloses := rd.Opens, rd.Closes
	if req.Opens != nil {
		if newOpens, err = parseTime("opens", *req.Opens, false); err != nil {
			return err
		}
		opens = &newOpens
	}
	if req.Closes != nil {
		if newCloses, err = parseTime("closes", *req.Closes, true); err != nil {
			return err
		}
		if newCloses <= now {
			return lagesbild.Errorf(lagesbild.EInvalid, "closes: %s has passed; closeNow closes the round now", newCloses)
		}
		closes = &newCloses
	}
	if err := datesInOrder(req, newOpens, newCloses); err != nil {
		return err
	}
	o, c, ok, err := s.store.changeRound(r.Context(), rd.ID, opens, closes, req.CloseNow, now)
	if err != nil {
		return err
	}
	if !ok { // changed or closed since it was read: say which, as it is now
		if rd, _, err = s.store.round(r.Context(), rd.ID, ""); err != nil {
			return err
		}
		if now >= rd.Closes {
			return roundClosed(rd)
		}
		o, c := rd.Opens, rd.Closes
		if opens != nil {
			o = *opens
		}
		if closes != nil {
			c = *closes
		}
		if err := datesInOrder(req, o, c); err != nil {
			return err
		}
		return fmt.Errorf("changing round %q: another change came first; try again", rd.ID) // two admins at once
	}
	rd.Opens, rd.Closes = o, c
	q, err := s.questionnaireOf(rd)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, s.view(rd, q, access{Access: api.Access{Admin: true}}))
	return nil
}

// roundClosed is the error for changing a round that has closed.
func roundClosed(rd Round) error {
	return lagesbild.Errorf(lagesbild.ERoundClosed, "round: round %q closed at %s; a closed round stays closed", rd.ID, rd.Closes)
}

// datesInOrder checks that a round's new dates leave closes after opens,
// naming the field that was changed (closeNow: always in order).
func datesInOrder(req api.RoundChange, opens, closes string) error {
	switch {
	case req.CloseNow || closes > opens:
		return nil
	case req.Closes != nil:
		return lagesbild.Errorf(lagesbild.EInvalid, "closes: %s is not after opens %s", closes, opens)
	}
	return lagesbild.Errorf(lagesbild.EInvalid, "opens: %s is not before closes %s", opens, closes)
}

// listCodes answers GET /api/admin/rounds/{round}/codes: which codes the
// round has, by kind then unit, and when each was made; never a code (only
// hashes are stored) nor its hash.
func (s *server) listCodes(w http.ResponseWriter, r *http.Request) error {
	if err := s.requireAdmin(r); err != nil {
		return err
	}
	round := r.PathValue("round")
	stored, err := s.store.codeList(r.Context(), round)
	if err != nil {
		return err
	}
	slices.SortFunc(stored, func(a, b storedCodeInfo) int {
		return cmp.Or(cmp.Compare(a.Kind, b.Kind), cmp.Compare(a.Unit, b.Unit), cmp.Compare(a.Created, b.Created))
	})
	list := api.CodeList{Round: round, Codes: make([]api.CodeInfo, 0, len(stored))}
	for _, c := range stored {
		list.Codes = append(list.Codes, api.CodeInfo{Kind: c.Kind, Unit: c.Unit, Name: grant{Kind: c.Kind, Unit: c.Unit}.access().Name,
			Created: c.Created})
	}
	writeJSON(w, http.StatusOK, list)
	return nil
}
