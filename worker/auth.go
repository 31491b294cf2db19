package worker

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/hex"
	"fmt"
	"net/http"
	"strings"

	"lagesbild"
	"lagesbild/api"
)

// Who may do what (issue 3):
//   - the admin token (ADMIN_TOKEN, a wrangler secret) creates rounds and
//     codes, and sees everything;
//   - a municipality's invite code lets it answer for itself and see its own
//     row, besides the county and national figures;
//   - a county lead token lets the lead see every municipality row of the
//     county (and answer for the county or its municipalities), make its
//     own municipalities' invite codes and read its county's status
//     (running.go);
//   - a regional coordinator's token (kind region) shows the published
//     indicator figures of its region's counties and, for a county whose
//     lead shares them (region.go), the county's municipalities that do not
//     meet a regional indicator; it answers for no one and sees no row;
//   - any code of a round shows the county and national figures, after
//     suppression;
//   - a round open to all (the demo round) needs no code; since anyone can
//     answer for any municipality there, its municipality rows are public too;
//   - a previous round shown beside a round keeps its own access (see
//     access.previous): codes are per round, so a code of this round shows
//     none of the previous round's rows unless that round is open to all.
// A code given but not valid for the round is refused (403, ECodeInvalid)
// everywhere, so a mistyped code is noticed rather than silently ignored.

// access is what the caller may do in one round: what its code grants
// (api.Access, which GET /api/rounds/{round} shows it), and where the code
// came from, for messages.
type access struct {
	api.Access
	// From is where the code came from: "Authorization", or the body's
	// "inviteCode" when Authorization carries another token.
	From string
}

// holder reports whether the caller holds a code of the round (or is admin).
func (a access) holder() bool { return a.Admin || a.Kind != "" }

// seesRowsOf reports whether the caller may see every municipality row of a county.
func (a access) seesRowsOf(rd Round, county string) bool {
	return a.Admin || rd.OpenToAll || a.Kind == api.KindCounty && a.Unit == county
}

// seesRow reports whether the caller may see one municipality's row.
func (a access) seesRow(rd Round, m lagesbild.Municipality) bool {
	return a.seesRowsOf(rd, m.County) || a.Kind == api.KindMunicipality && a.Unit == m.Code
}

// previous is what the caller may see of rd's previous round P: P (with
// whether it is open to all), the caller's access in P, and whether P's
// figures are shown beside rd's at all.
//
// P's rows follow P's own access. A code is issued for one round (its hash
// is stored with that round), so a municipality code or county lead token of
// rd is no code of P: in P the caller holds only what is not tied to a round,
// the admin token. So the admin sees P's rows, everyone sees them when P is
// open to all, and a holder of only rd's code sees none of them — not its own
// municipality's, not its county's — unless P is open to all.
//
// P's county and national figures, after suppression, are what any code of
// P shows; they are shown beside rd's to whoever holds a code of rd (the same
// municipalities and counties take part round after round) and to anyone
// when P is open to all. A reader with no code of a round open to all sees
// nothing of a private P: not its rows, not its figures (the admin route
// refuses such a pair of rounds; this covers rounds made before it did).
func (a access) previous(rd Round) (p Round, inP access, shown bool) {
	p = Round{ID: rd.Previous, OpenToAll: rd.PreviousOpenToAll}
	inP = access{Access: api.Access{Admin: a.Admin}, From: a.From}
	return p, inP, rd.Previous != "" && (a.holder() || rd.PreviousOpenToAll)
}

// mayAnswerFor reports whether the caller may post a response for a
// municipality (or, with muni "", for the county's own response).
func (a access) mayAnswerFor(rd Round, muni, county string) bool {
	switch {
	case a.Admin || rd.OpenToAll:
		return true
	case a.Kind == api.KindMunicipality:
		return muni != "" && a.Unit == muni
	case a.Kind == api.KindCounty:
		return a.Unit == county
	}
	return false
}

// codeAlphabet has no 0/O or 1/I, so codes read aloud or retyped survive.
const codeAlphabet = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"

// newCode makes an invite code of 16 characters (80 random bits), shown in
// groups of four: "K7QM-3XPA-9RTF-W2HD".
func newCode() (string, error) {
	var b [16]byte
	if _, err := rand.Read(b[:]); err != nil {
		return "", fmt.Errorf("making a code: %w", err)
	}
	var sb strings.Builder
	for i, c := range b {
		if i > 0 && i%4 == 0 {
			sb.WriteByte('-')
		}
		sb.WriteByte(codeAlphabet[c%32]) // 256 is a multiple of 32: no bias
	}
	return sb.String(), nil
}

// hashCode is the stored form of a code: SHA-256 of the code with case,
// spaces and dashes ignored, in hex. Codes are random enough (80 bits) that
// a plain hash cannot be reversed by guessing.
func hashCode(code string) string {
	norm := strings.Map(func(r rune) rune {
		switch {
		case r == '-' || r == ' ':
			return -1
		case 'a' <= r && r <= 'z':
			return r - 'a' + 'A'
		}
		return r
	}, code)
	sum := sha256.Sum256([]byte(norm))
	return hex.EncodeToString(sum[:])
}

// minAdminToken is the shortest admin token accepted: shorter ones could be guessed.
const minAdminToken = 16

// isAdmin reports whether token is the admin token, in constant time.
func (s *server) isAdmin(token string) bool {
	if s.adminHash == nil || token == "" {
		return false
	}
	sum := sha256.Sum256([]byte(token))
	return subtle.ConstantTimeCompare(sum[:], s.adminHash) == 1
}

// requireAdmin checks the request's admin token.
func (s *server) requireAdmin(r *http.Request) error {
	token := bearer(r)
	if token == "" {
		return lagesbild.Errorf(lagesbild.EUnauthorized, "Authorization: the admin token is needed")
	}
	if !s.isAdmin(token) {
		return lagesbild.Errorf(lagesbild.EForbidden, "Authorization: not the admin token")
	}
	return nil
}

// roundAccess reads a round and what the request's code (Authorization)
// grants in it. It fails only for an unknown round or a code that is given
// but not valid here; whether the access suffices is the caller's decision.
func (s *server) roundAccess(r *http.Request, roundID string) (Round, access, error) {
	return s.accessIn(r.Context(), roundID, bearer(r), "Authorization")
}

// accessIn reads a round and what a code or token grants in it: the admin
// token everything, a code of the round what it was issued for, no code
// nothing (which is enough in a round open to all). field is where the code
// came from, for messages. It fails for an unknown round (ERoundNotFound)
// and a code given but not valid for the round (ECodeInvalid).
func (s *server) accessIn(ctx context.Context, roundID, token, field string) (Round, access, error) {
	admin := s.isAdmin(token)
	hash := ""
	if token != "" && !admin {
		hash = hashCode(token)
	}
	rd, g, err := s.store.round(ctx, roundID, hash)
	if err != nil {
		return Round{}, access{}, err
	}
	a := access{From: field}
	switch {
	case admin:
		a.Admin = true
	case g != nil:
		a.Access = g.access()
	case token != "":
		return Round{}, access{}, lagesbild.Errorf(lagesbild.ECodeInvalid, "%s: the code is not valid for round %q", field, roundID)
	}
	return rd, a, nil
}

// access is what a code's grant shows its holder: the kind, the unit and
// the unit's name.
func (g grant) access() api.Access {
	a := api.Access{Kind: g.Kind, Unit: g.Unit}
	if m, ok := lagesbild.MunicipalityByCode(g.Unit); ok && g.Kind == api.KindMunicipality {
		a.Name = m.Name
	} else if c, ok := lagesbild.CountyByCode(g.Unit); ok && g.Kind == api.KindCounty {
		a.Name = c.Name
	} else if g.Kind == api.KindRegion && len(lagesbild.CountiesInRegion(g.Unit)) > 0 {
		a.Name = regionName(g.Unit)
	}
	return a
}

// readableRound reads a round for a caller who wants to see its figures:
// anyone for a round open to all, a holder of one of its codes otherwise.
func (s *server) readableRound(r *http.Request) (Round, access, error) {
	rd, a, err := s.roundAccess(r, r.PathValue("round"))
	if err != nil {
		return Round{}, access{}, err
	}
	if !rd.OpenToAll && !a.holder() {
		return Round{}, access{}, lagesbild.Errorf(lagesbild.EUnauthorized, "Authorization: round %q needs a code", rd.ID)
	}
	return rd, a, nil
}
