// Package api is the JSON of Lägesbild's HTTP API: every request body and
// every answer the worker (worker/) sends and the browser clients (wasm/)
// read, declared once. It has no behaviour beyond small helpers on the types
// and imports only the core, so the smallest client can use it.
//
// The routes are listed in worker/README.md. Error answers are Error, with a
// code from lagesbild.Codes: clients switch on the code, never on the
// message.
package api

import "lagesbild"

// Error is the body of every error answer. Code is one of lagesbild.Codes;
// Message is for developers (it names the field that was wrong) and is never
// shown to users as it is.
type Error struct {
	Code    string `json:"code"`
	Message string `json:"error"`
}

// Outcomes of storing a response, an answer or a workshop's response.
const (
	Created   = "created"   // first time: 201
	Updated   = "updated"   // the same id again with other answers: 200
	Unchanged = "unchanged" // the same id again with the same answers: 200
)

// Kinds of code: what a round's code was issued for.
const (
	KindMunicipality = "municipality" // a municipality's invite code
	KindCounty       = "county"       // a county lead's token
	KindRegion       = "region"       // a regional coordinator's token (unit: the region's id)
)

// Health is GET /api/health (and /api/health/db, with DB "ok").
type Health struct {
	OK      bool   `json:"ok"`
	Service string `json:"service"`
	DB      string `json:"db,omitempty"`
}

// Questionnaire is one entry of GET /api/questionnaires: a version of a
// questionnaire (the list is by id, then version).
type Questionnaire struct {
	ID      string         `json:"id"`
	Version int            `json:"version"`
	Title   lagesbild.Text `json:"title"`
	Items   int            `json:"items"`
}

// ---- rounds and responses ----

// Access is what the caller's code grants in a round.
type Access struct {
	Admin bool   `json:"admin,omitempty"`
	Kind  string `json:"kind,omitempty"` // KindMunicipality, KindCounty, KindRegion or "" (no code)
	Unit  string `json:"unit,omitempty"` // kommunkod, länskod or region id
	Name  string `json:"name,omitempty"` // the unit's name, for the client to show
}

// Round is GET /api/rounds/{round}, and the round of every comparison.
type Round struct {
	ID            string  `json:"id"`
	Questionnaire string  `json:"questionnaire"`
	Version       int     `json:"version"`
	Opens         string  `json:"opens"`
	Closes        string  `json:"closes"`
	Open          bool    `json:"open"` // takes responses now
	OpenToAll     bool    `json:"openToAll"`
	Previous      string  `json:"previous,omitempty"`
	Access        *Access `json:"access,omitempty"` // what the caller's code grants
}

// NewRound is the body of POST /api/admin/rounds.
type NewRound struct {
	ID            string `json:"id"`
	Questionnaire string `json:"questionnaire"`
	Version       int    `json:"version"` // 0: the latest now (fixed when the round is made)
	Opens         string `json:"opens"`   // a date or RFC 3339 time
	Closes        string `json:"closes"`  // a date (through its end) or RFC 3339 time
	OpenToAll     bool   `json:"openToAll"`
	Previous      string `json:"previous"` // an earlier round of the same questionnaire
}

// NewCodes is the body of POST /api/admin/rounds/{round}/codes.
type NewCodes struct {
	Municipalities    []string `json:"municipalities"` // kommunkoder: one invite code each
	Counties          []string `json:"counties"`       // länskoder: one lead token each
	Regions           []string `json:"regions"`        // regional-coordinator region ids: one token each
	AllMunicipalities bool     `json:"allMunicipalities"`
	AllCounties       bool     `json:"allCounties"`
}

// Code is one code made by POST /api/admin/rounds/{round}/codes, shown once.
type Code struct {
	Kind string `json:"kind"`
	Unit string `json:"unit"`
	Name string `json:"name"`
	Code string `json:"code"`
}

// Codes answers POST /api/admin/rounds/{round}/codes. (The fields of this
// answer, Revoked and Stored are in the order the worker has always sent
// them.)
type Codes struct {
	Codes []Code `json:"codes"`
	Round string `json:"round"`
}

// Revoked answers DELETE /api/admin/rounds/{round}/codes/{unit}.
type Revoked struct {
	Revoked int    `json:"revoked"`
	Round   string `json:"round"`
	Unit    string `json:"unit"`
}

// Response is the body of POST /api/responses: one respondent's answers.
type Response struct {
	ID            string            `json:"id"` // a UUID made by the client
	Round         string            `json:"round"`
	Questionnaire string            `json:"questionnaire"`
	Version       int               `json:"version"`
	Municipality  string            `json:"municipality,omitempty"` // kommunkod, or
	County        string            `json:"county,omitempty"`       // länskod for a county's own response
	Role          string            `json:"role,omitempty"`         // e.g. "chef"; a short slug, never a name
	Answers       lagesbild.Answers `json:"answers"`
}

// Stored answers POST /api/responses, and a workshop's response
// (POST /api/workshops/{code}/response), which also has Municipality, Role
// ("workshop") and Skipped: the settled items the round's questionnaire does
// not have ([] when none; absent from POST /api/responses).
type Stored struct {
	ID           string              `json:"id"`
	Measures     map[string]*float64 `json:"measures"` // the worker's own
	Municipality string              `json:"municipality,omitempty"`
	Outcome      string              `json:"outcome"` // Created, Updated or Unchanged
	Role         string              `json:"role,omitempty"`
	Round        string              `json:"round"`
	Skipped      []string            `json:"skipped,omitzero"`
}

// ---- comparisons ----

// Measure names a measure (a section, lagesbild.MeasureTotal or
// lagesbild.MeasureDontKnow) for tables and charts.
type Measure struct {
	ID    string         `json:"id"`
	Title lagesbild.Text `json:"title"`
	Scale string         `json:"scale"` // "score" (0–100) or "share" (0–1)
	// Change says how the measure relates to the previous round's, when
	// that round used another version of the questionnaire
	// (lagesbild.MeasureChanges): "" the same, lagesbild.ChangeNew or
	// lagesbild.ChangeChanged. The previous round's figures of a measure
	// that is not the same are left out: no change is shown, the view
	// says "ny" or "ändrad".
	Change string `json:"change,omitempty"`
}

// MunicipalityRow is one municipality's result. A municipality without
// responses has Respondents 0 and null measures, so a county lead sees who
// is missing.
type MunicipalityRow struct {
	Code        string `json:"code"`
	Name        string `json:"name"`
	County      string `json:"county"`
	Respondents int    `json:"respondents"`
	// Measures are the municipality's official response's
	// (lagesbild.Official): one answer per municipality, never a mean of
	// its respondents.
	Measures map[string]*float64 `json:"measures"`
	// Partial: the official response leaves items that apply unanswered
	// (a workshop's settled items, say); marked wherever the row is shown.
	Partial bool `json:"partial,omitempty"`
	// Workshop: the official response was saved from a workshop (no
	// response was sent with the questionnaire).
	Workshop bool `json:"workshop,omitempty"`
}

// Publication says which publication of a round the county and national
// figures of a view are from (issue 11, item 4). In a private round a
// reader without rows sees figures that change only in published steps: a
// new publication is made once enough municipalities have answered or
// changed since the last (and once more after the round has closed), and
// a group whose figures could not change yet without revealing the few
// that changed keeps those of an earlier publication (AsOf). A reader's own
// rows (a municipality's row, a county lead's county) are live, so they
// may be ahead of the figures. Absent where the figures are live: for the
// admin, and in a round open to all.
type Publication struct {
	Seq       int    `json:"seq"`                 // 1, 2, …; 0: nothing published yet
	Published string `json:"published,omitempty"` // when (RFC 3339, UTC)
	Final     bool   `json:"final,omitempty"`     // made after the round closed: the round's last
	// Step is how many municipalities must answer or change their answers
	// after a publication before the next is made (then, or at the close).
	Step int `json:"step"`
	// AsOf is, for each group of the view (länskod, "SE"), the publication
	// its figures were computed in: this one, or an earlier one ({"seq": 0}:
	// none yet, the group shows no data).
	AsOf map[string]lagesbild.Stamp `json:"asOf"`
	// Live are the groups of the view shown as they are now, not as
	// published: the county whose every municipality's row the reader sees
	// (a county lead's own), whose figures follow from those rows.
	Live []string `json:"live,omitempty"`
}

// Previous is the previous round's figures, shown beside this round's.
type Previous struct {
	Round          string            `json:"round"`
	Counties       []lagesbild.Group `json:"counties,omitempty"`
	County         *lagesbild.Group  `json:"county,omitempty"`
	National       lagesbild.Group   `json:"national"`
	Municipalities []MunicipalityRow `json:"municipalities,omitempty"`
	Publication    *Publication      `json:"publication,omitempty"`
	// Groups and GroupsPending are the previous round's municipality
	// groups, as County.Groups and County.GroupsPending, with only the
	// measures comparable with this round's.
	Groups        []lagesbild.Group `json:"groups,omitempty"`
	GroupsPending bool              `json:"groupsPending,omitempty"`
}

// Counties is GET /api/rounds/{round}/counties, and with Municipalities
// GET /api/rounds/{round}/export.json.
type Counties struct {
	Round          Round             `json:"round"`
	Measures       []Measure         `json:"measures"`
	Rules          lagesbild.Rules   `json:"rules"`
	Counties       []lagesbild.Group `json:"counties"`
	National       lagesbild.Group   `json:"national"`
	Groups         []lagesbild.Group `json:"groups,omitempty"` // see County.Groups
	GroupsPending  bool              `json:"groupsPending,omitempty"`
	Municipalities []MunicipalityRow `json:"municipalities,omitempty"`
	Previous       *Previous         `json:"previous,omitempty"`
	Publication    *Publication      `json:"publication,omitempty"`
}

// County is GET /api/rounds/{round}/counties/{county}.
type County struct {
	Round    Round           `json:"round"`
	Measures []Measure       `json:"measures"`
	Rules    lagesbild.Rules `json:"rules"`
	County   lagesbild.Group `json:"county"`
	National lagesbild.Group `json:"national"`
	// Groups are SKR's municipality groups (kommungrupper, code order:
	// Code "C8", Name "Landsbygdskommun"), each a lagesbild.Group of the
	// same measures, released jointly with County and National
	// (lagesbild.CompareGroups; a hidden group is suppressed for every
	// measure). Where the figures are live (the admin, a round open to
	// all), and in a private round beside its final release, audited with
	// every release of the round (lagesbild.Publisher.FinalGroups).
	Groups []lagesbild.Group `json:"groups,omitempty"`
	// GroupsPending: a private round still open, whose groups are shown
	// once it has closed (beside its final release).
	GroupsPending bool `json:"groupsPending,omitempty"`
	// Municipalities are the rows the caller may see: all of the county's
	// for its lead (and in a round open to all), a municipality's own row
	// for its code, none otherwise.
	Municipalities []MunicipalityRow `json:"municipalities"`
	Previous       *Previous         `json:"previous,omitempty"`
	Publication    *Publication      `json:"publication,omitempty"`
}

// ---- running a round (issue 12): the coordinator's and the county lead's pages ----

// RoundSummary is one round of GET /api/rounds: the round (with the
// caller's access in it), its questionnaire's title, and how far it has
// come in the caller's scope (the country for the admin, the county for a
// county lead's token; zero for other callers).
type RoundSummary struct {
	Round
	Title          lagesbild.Text `json:"title"`          // the questionnaire's
	Closed         bool           `json:"closed"`         // closes has passed: no more responses
	Municipalities int            `json:"municipalities"` // in scope: 290, or the county's
	Invited        int            `json:"invited"`        // of those, with a code
	Answered       int            `json:"answered"`       // of those, with a response
}

// Rounds is GET /api/rounds: for the admin every round, newest first; for
// a code or token the round it belongs to; without either the rounds open
// to all.
type Rounds struct {
	Rounds []RoundSummary `json:"rounds"`
}

// RoundChange is the body of PATCH /api/admin/rounds/{round}: new dates
// (absent: unchanged), or CloseNow to close the round at once. A round that
// has closed stays closed (its final publication is made).
type RoundChange struct {
	Opens    *string `json:"opens,omitempty"`  // a date or RFC 3339 time
	Closes   *string `json:"closes,omitempty"` // a date (through its end) or RFC 3339 time
	CloseNow bool    `json:"closeNow,omitempty"`
}

// CodeInfo is a code as listed, never the code itself (only its hash is
// stored): what it is for and when it was made.
type CodeInfo struct {
	Kind    string `json:"kind"` // KindMunicipality or KindCounty
	Unit    string `json:"unit"`
	Name    string `json:"name"`
	Created string `json:"created"` // RFC 3339, UTC
}

// CodeList is GET /api/admin/rounds/{round}/codes: the round's codes, by
// kind then unit.
type CodeList struct {
	Round string     `json:"round"`
	Codes []CodeInfo `json:"codes"`
}

// MunicipalityStatus is one municipality of a county's status: invited or
// not, answered or not, and how.
type MunicipalityStatus struct {
	Code      string `json:"code"`
	Name      string `json:"name"`
	Invited   string `json:"invited,omitempty"`  // when its code was made (RFC 3339); absent: no code
	Responses int    `json:"responses"`          // responses stored for it
	Answered  string `json:"answered,omitempty"` // when the latest was stored or changed; absent: none
	Items     int    `json:"items"`              // questions answered in the latest ("Vet ej" counts)
	Workshop  bool   `json:"workshop,omitempty"` // the latest came from a workshop
}

// Status is GET /api/rounds/{round}/status/{länskod} (the county's lead
// token, or the admin): every municipality of the county, in name order.
type Status struct {
	Round          Round                `json:"round"`
	County         string               `json:"county"`
	Name           string               `json:"name"`
	Items          int                  `json:"items"` // questions in the round's questionnaire
	Municipalities []MunicipalityStatus `json:"municipalities"`
}

// OwnResponses is GET /api/rounds/{round}/responses/{kommunkod}: one
// municipality's own responses in a round, for its code's holder (or its
// county's lead, or the admin), so that its result and a receipt can be
// shown on any device (issue 13). Newest (last changed) first.
type OwnResponses struct {
	Round        Round           `json:"round"`
	Municipality string          `json:"municipality"` // kommunkod
	Name         string          `json:"name"`
	Responses    []StoredAnswers `json:"responses"`
}

// StoredAnswers is one stored response as its municipality sees it again:
// the answers it gave and the worker's measures of them.
type StoredAnswers struct {
	ID       string              `json:"id"`
	Role     string              `json:"role,omitempty"`
	Version  int                 `json:"version"`
	Received string              `json:"received"` // first stored (RFC 3339, UTC)
	Updated  string              `json:"updated"`  // last changed
	Answers  lagesbild.Answers   `json:"answers"`
	Measures map[string]*float64 `json:"measures"`
	Official bool                `json:"official,omitempty"` // the municipality's result in comparisons (lagesbild.Official)
	Partial  bool                `json:"partial,omitempty"`  // items that apply are unanswered
}

// ---- action plans (issue 15) ----

// PlanURL is a unit's plan in a round: GET reads it, PUT stores it (the
// body is a lagesbild.Plan). The unit is a kommunkod, or a länskod for a
// länsstyrelse's own plan. Access is a response's: the unit's own code,
// its county's lead (for a municipality of the county), the admin.
//
//	/api/rounds/{round}/plans/{unit}

// PlanView answers GET and PUT of a plan: the plan as stored, what its
// open rows lack (lagesbild.Plan.Gaps) and how many hang together; and,
// when the round has a previous round in which the unit had a plan, that
// plan followed up by the unit's official response in this round.
type PlanView struct {
	Round    Round                  `json:"round"`
	Plan     *lagesbild.Plan        `json:"plan"` // null: none stored yet
	Gaps     []lagesbild.RowProblem `json:"gaps"`
	Whole    int                    `json:"whole"` // open rows that hang together
	Open     int                    `json:"open"`  // open rows
	Previous *PlanFollowUp          `json:"previous,omitempty"`
}

// PlanFollowUp is the previous round's plan of a unit followed up by this
// round: per row, the answer then and now and whether the indicator was
// met (computed, never declared), and per item of the questionnaire the
// answer then and now.
type PlanFollowUp struct {
	Round   string                  `json:"round"`
	Plan    lagesbild.Plan          `json:"plan"`
	Rows    []lagesbild.FollowedRow `json:"rows"`
	Answers lagesbild.Answers       `json:"answers"` // the previous round's official answers
	Now     lagesbild.Answers       `json:"now"`     // this round's official answers (empty: not answered yet)
	Today   string                  `json:"today"`   // YYYY-MM-DD, what Overdue was computed against
}

// Plans answers GET /api/rounds/{round}/plans/county/{county}, for the
// county's lead (and the admin): each municipality of the county, whether
// it has a plan and how many rows hang together, and the indicators of
// its previous round's plan as followed up by this round; and per area
// (section), the same counted over the county.
type Plans struct {
	Round          Round        `json:"round"`
	County         string       `json:"county"`
	Name           string       `json:"name"`
	Municipalities []PlanStatus `json:"municipalities"`
	Areas          []AreaPlans  `json:"areas"`
}

// PlanStatus is one municipality's plan in a round, for its county lead.
type PlanStatus struct {
	Code    string `json:"code"`
	Name    string `json:"name"`
	HasPlan bool   `json:"hasPlan"`
	Updated string `json:"updated,omitempty"`
	Open    int    `json:"open"`  // open rows
	Whole   int    `json:"whole"` // of which hang together
	// The previous round's plan, followed up by this round's official
	// response: rows whose indicator was met, partly met, not met.
	Met    int `json:"met"`
	Partly int `json:"partly"`
	NotMet int `json:"notMet"`
}

// AreaPlans counts, for one area (section) of the questionnaire, the
// municipalities of the county with a plan row there, those rows, how many
// hang together, and the indicators of the previous round's rows met.
type AreaPlans struct {
	Section        string `json:"section"`
	Municipalities int    `json:"municipalities"`
	Rows           int    `json:"rows"`
	Whole          int    `json:"whole"`
	Met            int    `json:"met"`
	Followed       int    `json:"followed"` // previous rows followed up (met + partly + not met)
}

// ---- indicator figures (issue 16) ----

// IndicatorFigure is one group's figure of one indicator: the share of its
// municipalities with a value that meet it (Met of N), or suppressed.
type IndicatorFigure = lagesbild.IndicatorFigure

// IndicatorRound is one round's figures of an indicator, group by group in
// release order (the country, police regions, coordinator regions,
// counties, then municipality groups). Pending: the round is private and
// still open, and the caller is below the admin: figures are shown once it
// has closed (every figure suppressed until then).
type IndicatorRound struct {
	Round   string            `json:"round"`
	Pending bool              `json:"pending,omitempty"`
	Groups  []IndicatorFigure `json:"groups"`
}

// IndicatorView is one indicator of a round, with this round's figures and
// the previous round's where its questionnaire has the same indicator.
type IndicatorView struct {
	ID       string          `json:"id"`
	Title    lagesbild.Text  `json:"title"`
	Item     string          `json:"item"`
	Section  string          `json:"section"`
	Current  IndicatorRound  `json:"current"`
	Previous *IndicatorRound `json:"previous,omitempty"`
}

// Indicators is GET /api/rounds/{round}/indicators.
type Indicators struct {
	Round      Round           `json:"round"`
	Rules      lagesbild.Rules `json:"rules"`
	Indicators []IndicatorView `json:"indicators"`
}

// CountyIndicator is one indicator of GET
// /api/rounds/{round}/indicators/county/{county}: the county's own figure,
// unsuppressed (its lead sees every row), and its municipalities that do
// not meet it and whose answer cannot tell.
type CountyIndicator struct {
	ID      string          `json:"id"`
	Title   lagesbild.Text  `json:"title"`
	Item    string          `json:"item"`
	Section string          `json:"section"`
	Figure  IndicatorFigure `json:"figure"`
	NotMet  []string        `json:"notMet"`  // kommunkoder
	Unknown []string        `json:"unknown"` // responded, but no value
	Missing []string        `json:"missing"` // no official response
}

// CountyIndicators is GET /api/rounds/{round}/indicators/county/{county}.
type CountyIndicators struct {
	Round      Round             `json:"round"`
	County     string            `json:"county"`
	Name       string            `json:"name"`
	Indicators []CountyIndicator `json:"indicators"`
}

// RegionCounty is one county of a region's view: its published indicator
// figures and, where the county shares them, its municipalities not meeting
// each regional indicator.
type RegionCounty struct {
	County string `json:"county"`
	Name   string `json:"name"`
	Shared bool   `json:"shared"` // the county's lead shares its lists with the region
}

// RegionIndicator is one indicator of a region's view: the published
// figures of the region and of each of its counties (as GET …/indicators
// shows them), and for a regional indicator the lists the counties share.
type RegionIndicator struct {
	ID       string            `json:"id"`
	Title    lagesbild.Text    `json:"title"`
	Item     string            `json:"item"`
	Section  string            `json:"section"`
	Regional bool              `json:"regional"`
	Pending  bool              `json:"pending"` // a private round still open: figures and lists wait for its close
	Region   IndicatorFigure   `json:"region"`
	Counties []IndicatorFigure `json:"counties"` // in the order of RegionIndicators.Counties
	// NotMet is, per sharing county (länskod), its municipalities whose
	// official answer does not meet the indicator; absent for a county
	// that does not share, and for every county when Withheld.
	NotMet map[string][]string `json:"notMet,omitempty"`
	// Withheld: the lists, beside the published figures, would let a
	// figure about fewer than k municipalities be worked out (the audit).
	Withheld bool `json:"withheld,omitempty"`
}

// RegionIndicators is GET /api/rounds/{round}/indicators/region/{region}.
type RegionIndicators struct {
	Round      Round             `json:"round"`
	Region     string            `json:"region"`
	Name       string            `json:"name"`
	Counties   []RegionCounty    `json:"counties"`
	Indicators []RegionIndicator `json:"indicators"`
}

// Sharing is GET and PUT /api/rounds/{round}/sharing/{county}: whether the
// county's lead shares the lists of the regional indicators with the
// county's regional coordinator in this round (default: not).
type Sharing struct {
	Round  string `json:"round"`
	County string `json:"county"`
	Region string `json:"region"` // the county's regional-coordinator region
	Shared bool   `json:"shared"`
}

// LongRow is one row of GET /api/rounds/{round}/export/long.json (and
// .csv): one measure of one unit in one round, Kolada style.
type LongRow struct {
	Measure    string   `json:"measure"` // indicator id, or a section measure id
	Kind       string   `json:"kind"`    // kommun, län, polisregion, samordningsregion, kommungrupp, riket
	Code       string   `json:"code"`
	Name       string   `json:"name"`
	Round      string   `json:"round"`
	Value      *float64 `json:"value"`
	N          int      `json:"n"`
	Suppressed bool     `json:"suppressed"`
	Scale      string   `json:"scale"` // "share" (0–1, three decimals) or "score" (0–100, one)
}
