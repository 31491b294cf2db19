package invite

import (
	"encoding/json"

	"lagesbild"
	"lagesbild/api"
	"lagesbild/wasm/i18n"
	"lagesbild/wasm/report"
	"lagesbild/wasm/ui"
)

// The routes of running a round that the lead's page calls (worker/README.md).
const RoundsURL = "/api/rounds"

// StatusURL is the county's invitations and responses in a round.
func StatusURL(round, county string) string {
	return "/api/rounds/" + report.Escape(round) + "/status/" + report.Escape(county)
}

// CodesURL is where a county's lead makes codes for its municipalities.
func CodesURL(round string) string { return "/api/rounds/" + report.Escape(round) + "/codes" }

// NewCodes is the body of POST CodesURL: the municipalities to invite.
type NewCodes struct {
	Municipalities []string `json:"municipalities"`
}

// Problem is what went wrong (or, for MadeText, what was done), in the
// reader's language: a page.Status text.
type Problem func(*i18n.Strings) string

// KeyRounds reads the answer of GET RoundsURL asked with a key the lead
// pasted: the rounds it opens, or why it opens none. A key the worker does
// not know is one the lead mistyped or that was revoked; a municipality's
// code opens its round, but not for a lead. Decided by the error code,
// never by the worker's message.
func KeyRounds(token string, status int, body []byte) ([]Entry, Problem) {
	if status != 200 {
		e := ui.ParseError(status, body)
		switch e.Code {
		case lagesbild.ECodeInvalid, lagesbild.EUnauthorized, lagesbild.EForbidden:
			return nil, func(s *i18n.Strings) string { return s.LeadTokenUnknown }
		}
		return nil, e.Text
	}
	var rs api.Rounds
	if err := json.Unmarshal(body, &rs); err != nil {
		return nil, func(s *i18n.Strings) string { return s.Code(lagesbild.EInternal) }
	}
	if len(rs.Rounds) == 0 {
		return nil, func(s *i18n.Strings) string { return s.LeadTokenUnknown }
	}
	var out []Entry
	for _, r := range rs.Rounds {
		if r.Access != nil && r.Access.Kind == api.KindMunicipality {
			return nil, func(s *i18n.Strings) string { return s.LeadTokenNotLead }
		}
		out = append(out, Entry{Token: token, Round: r})
	}
	return out, nil
}

// OpenRounds reads GET RoundsURL asked without a key: the rounds open to
// all. Anything else (an older worker without the route) is none.
func OpenRounds(status int, body []byte) []Entry {
	var rs api.Rounds
	if status != 200 || json.Unmarshal(body, &rs) != nil {
		return nil
	}
	var out []Entry
	for _, r := range rs.Rounds {
		out = append(out, Entry{Round: r})
	}
	return out
}
