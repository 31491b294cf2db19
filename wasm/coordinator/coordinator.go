// Package coordinator is the logic of the coordinator's page (/samordning/,
// run by wasm/app with the admin token): the list of rounds, the checks of
// a new round and of new dates before they are sent, what the worker's
// refusals mean there, the county leads' keys shown once with their CSV
// file, and which counties hold keys. Plain Go with native tests; wasm/app
// only connects it to the page.
package coordinator

import (
	"lagesbild/wasm/report"
)

// AdminKey is where the tab keeps the admin token (sessionStorage: the tab
// only, never localStorage, never the address).
const AdminKey = "lagesbild:admin"

// The API's routes the page calls (worker/README.md).
func RoundsURL() string         { return "/api/rounds" }
func QuestionnairesURL() string { return "/api/questionnaires" }
func NewRoundURL() string       { return "/api/admin/rounds" }

// RoundURL is PATCH's route: new dates, or close now.
func RoundURL(round string) string { return NewRoundURL() + "/" + report.Escape(round) }

// CodesURL makes codes (POST) and lists them (GET).
func CodesURL(round string) string { return RoundURL(round) + "/codes" }

// CodeURL revokes every code of a unit (DELETE).
func CodeURL(round, unit string) string { return CodesURL(round) + "/" + report.Escape(unit) }

// LeadPageURL is the county lead's page for a county and round, at the
// site's origin ("https://lagesbild.example"). The key is not in it: it
// goes to the lead beside the link.
func LeadPageURL(origin, round, county string) string {
	return origin + "/lan/?lan=" + report.Escape(county) + "&round=" + report.Escape(round)
}
