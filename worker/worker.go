// Package worker is Lägesbild's API as one http.Handler: responses, rounds,
// invite codes and county comparisons, stored in D1 through database/sql.
// It is plain Go: the same handler runs in the Cloudflare Worker
// (cmd/worker, js/wasm, D1) and natively on net/http with SQLite (cmd/serve,
// the tests). Nothing is kept in memory between requests, since under workerd
// every request may start a new Go instance.
package worker

import (
	"crypto/sha256"
	"database/sql"
	"log"
	"net/http"
	"strconv"
	"sync"
	"time"

	"lagesbild"
)

// Config is what the handler needs from its platform.
type Config struct {
	DB *sql.DB
	// AdminToken is the bearer token of the admin routes; admin routes are
	// off when it is empty or shorter than 16 characters.
	AdminToken string
	// Catalog is where questionnaires come from; nil means the shipped ones.
	Catalog Catalog
	// Now is the clock; nil means time.Now.
	Now func() time.Time
	// Rules are the suppression rules; the zero value means lagesbild.DefaultRules.
	Rules lagesbild.Rules
	// MaxWorkshops is how many workshop sessions may run at once (not ended,
	// not expired); 0 means DefaultMaxWorkshops.
	MaxWorkshops int
}

type server struct {
	store     store
	catalog   Catalog
	now       func() time.Time
	rules     lagesbild.Rules
	adminHash []byte // SHA-256 of the admin token, nil when admin routes are off
	maxRooms  int    // Config.MaxWorkshops
	groupsMu  sync.Mutex
	groups    lagesbild.GroupReleaser // the municipality groups' kept decisions (similar)
	// snapshots keeps the indicator routes' snapshots of rounds (indicators_cache.go).
	snapshots indicatorCache
	// aggregates keeps the live comparison's results of rounds (aggregate_cache.go).
	aggregates aggregateCache
}

// New returns the API handler.
func New(cfg Config) http.Handler {
	s := &server{store: store{db: cfg.DB}, catalog: cfg.Catalog, now: cfg.Now, rules: cfg.Rules, maxRooms: cfg.MaxWorkshops}
	if s.maxRooms <= 0 {
		s.maxRooms = DefaultMaxWorkshops
	}
	if s.catalog == nil {
		s.catalog = shipped{}
	}
	if s.now == nil {
		s.now = time.Now
	}
	if s.rules == (lagesbild.Rules{}) {
		s.rules = lagesbild.DefaultRules()
	}
	switch {
	case len(cfg.AdminToken) >= minAdminToken:
		sum := sha256.Sum256([]byte(cfg.AdminToken))
		s.adminHash = sum[:]
	case cfg.AdminToken != "":
		log.Printf("warning: ADMIN_TOKEN is shorter than %d characters; admin routes are off", minAdminToken)
	}

	mux := http.NewServeMux()
	handle := func(pattern string, h func(http.ResponseWriter, *http.Request) error) {
		mux.HandleFunc(pattern, func(w http.ResponseWriter, r *http.Request) {
			w = routedTo(w) // routed's writer: this is no 404 or 405 of the mux
			if err := h(w, r); err != nil {
				writeError(w, r, err)
			}
		})
	}
	handle("GET /api/health", s.health)
	handle("GET /api/health/db", s.healthDB)
	handle("GET /api/questionnaires", s.questionnaires)
	handle("GET /api/questionnaires/{id}", s.questionnaire)
	handle("POST /api/responses", s.postResponse)
	handle("GET /api/rounds/{round}", s.round)
	handle("GET /api/rounds/{round}/counties", s.counties)
	handle("GET /api/rounds/{round}/counties/{county}", s.county)
	handle("GET /api/rounds/{round}/export.csv", s.exportCSV)
	handle("GET /api/rounds/{round}/export.json", s.exportJSON)
	handle("GET /api/rounds/{round}/export.xlsx", s.exportXLSX)
	handle("GET /api/rounds/{round}/export/long.csv", s.exportLongCSV)
	handle("GET /api/rounds/{round}/export/long.json", s.exportLongJSON)
	handle("GET /api/rounds/{round}/export/long.xlsx", s.exportLongXLSX)
	handle("GET /api/rounds/{round}/indicators", s.indicators)
	handle("GET /api/rounds/{round}/indicators/county/{county}", s.countyIndicators)
	handle("GET /api/rounds/{round}/indicators/region/{region}", s.regionIndicators)
	handle("GET /api/rounds/{round}/sharing/{county}", s.getSharing)
	handle("PUT /api/rounds/{round}/sharing/{county}", s.putSharingRoute)
	handle("POST /api/admin/rounds", s.createRound)
	handle("POST /api/admin/rounds/{round}/codes", s.createCodes)
	handle("DELETE /api/admin/rounds/{round}/codes/{unit}", s.revokeCodes)
	// Running a round (issue 12): running.go, admin.go.
	handle("GET /api/rounds", s.listRounds)
	handle("PATCH /api/admin/rounds/{round}", s.changeRound)
	handle("GET /api/admin/rounds/{round}/codes", s.listCodes)
	handle("POST /api/rounds/{round}/codes", s.leadCodes)
	handle("GET /api/rounds/{round}/status/{county}", s.status)
	// The respondent's path (issue 13): own.go, form.go.
	handle("GET /api/rounds/{round}/responses/{municipality}", s.ownResponses)
	handle("POST /api/responses/form", s.postForm)
	// Action plans (issue 15): plans.go.
	handle("GET /api/rounds/{round}/plans/{unit}", s.getPlan)
	handle("PUT /api/rounds/{round}/plans/{unit}", s.putPlan)
	handle("GET /api/rounds/{round}/plans/county/{county}", s.countyPlans)
	s.workshopRoutes(handle) // workshop.go
	return logged(recovered(secure(routed(mux))))
}

// The health answers, fixed: nothing to encode per request.
var (
	healthBody   = []byte(`{"ok":true,"service":"lagesbild"}` + "\n")
	healthDBBody = []byte(`{"ok":true,"service":"lagesbild","db":"ok"}` + "\n")
)

// health is liveness: the worker runs. It touches no D1, so it costs the
// least a request can (a monitor may poll it often).
func (s *server) health(w http.ResponseWriter, r *http.Request) error {
	writeBytes(w, http.StatusOK, jsonContentType, healthBody)
	return nil
}

// healthDB is readiness: D1 answers a query.
func (s *server) healthDB(w http.ResponseWriter, r *http.Request) error {
	if err := s.store.ping(r.Context()); err != nil {
		return err
	}
	writeBytes(w, http.StatusOK, jsonContentType, healthDBBody)
	return nil
}

func (s *server) questionnaires(w http.ResponseWriter, r *http.Request) error {
	list := s.catalog.List()
	if list == nil {
		list = []questionnaireInfo{}
	}
	w.Header().Set("Cache-Control", "public, max-age=300")
	writeJSON(w, http.StatusOK, list)
	return nil
}

func (s *server) questionnaire(w http.ResponseWriter, r *http.Request) error {
	version := 0
	if v := r.URL.Query().Get("version"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 {
			return lagesbild.Errorf(lagesbild.EInvalid, "version: want a whole number >= 1, got %q", clip(v))
		}
		version = n
	}
	b, err := s.catalog.JSON(r.PathValue("id"), version)
	if err != nil {
		return err
	}
	w.Header().Set("Cache-Control", "public, max-age=300")
	writeBytes(w, http.StatusOK, jsonContentType, b)
	return nil
}
