package worker

import (
	"context"
	"database/sql"
	_ "embed"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"lagesbild"
	"lagesbild/api"
	"lagesbild/worker/internal/compact"
)

// The store speaks to D1 (in workerd) or SQLite (natively) through
// database/sql with what both understand: positional ? parameters, strings
// for times, int64 for integers, and no transactions — every write is one
// statement. The schema is in migrations/.
//
// The statements of the hot routes are in sql/*.sql, which the bench's
// plain-JavaScript worker (bench/jsworker) runs too.
var (
	//go:embed sql/ping.sql
	pingSQL string
	//go:embed sql/round.sql
	roundSQL string
	//go:embed sql/aggregate.sql
	aggregateSQL string
)

// Round is a round as stored.
type Round struct {
	ID            string
	Questionnaire string
	// Version is the questionnaire version; 0 (the demo round) means the
	// latest, resolved per request.
	Version   int
	Opens     string
	Closes    string
	OpenToAll bool
	Previous  string
	// PreviousOpenToAll is whether the previous round is open to all: its
	// rows follow its own access, not this round's (see access.previous).
	PreviousOpenToAll bool
	Created           string
}

// grant is what a code stored for a round grants.
type grant struct {
	Kind string // api.KindMunicipality or api.KindCounty
	Unit string // kommunkod or länskod
}

type store struct{ db *sql.DB }

// round reads a round and, in the same query, the grant of the code whose
// hash is given ("" for none) and whether its previous round is open to all
// — one round trip to D1 per request.
func (s store) round(ctx context.Context, id, codeHash string) (Round, *grant, error) {
	var (
		rd            Round
		openToAll     int64
		previous      sql.NullString
		kind          sql.NullString
		unit          sql.NullString
		version       int64
		prevOpenToAll sql.NullInt64
	)
	err := s.db.QueryRowContext(ctx, roundSQL, codeHash, id).
		Scan(&rd.ID, &rd.Questionnaire, &version, &rd.Opens, &rd.Closes, &openToAll, &previous, &rd.Created, &kind, &unit, &prevOpenToAll)
	if errors.Is(err, sql.ErrNoRows) {
		return Round{}, nil, lagesbild.Errorf(lagesbild.ERoundNotFound, "round: no round %q", id)
	}
	if err != nil {
		return Round{}, nil, fmt.Errorf("reading round %q: %w", id, err)
	}
	rd.Version, rd.OpenToAll, rd.Previous = int(version), openToAll == 1, previous.String
	rd.PreviousOpenToAll = prevOpenToAll.Valid && prevOpenToAll.Int64 == 1
	var g *grant
	if kind.Valid {
		g = &grant{Kind: kind.String, Unit: unit.String}
	}
	return rd, g, nil
}

// createRound stores a new round; an existing id is ERoundExists.
func (s store) createRound(ctx context.Context, rd Round) error {
	var previous any // NULL, not "", when there is none: previous is a foreign key
	if rd.Previous != "" {
		previous = rd.Previous
	}
	openToAll := int64(0)
	if rd.OpenToAll {
		openToAll = 1
	}
	res, err := s.db.ExecContext(ctx, `
		INSERT INTO rounds (id, questionnaire, version, opens, closes, open_to_all, previous, created)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING`,
		rd.ID, rd.Questionnaire, int64(rd.Version), rd.Opens, rd.Closes, openToAll, previous, rd.Created)
	if err != nil {
		return fmt.Errorf("creating round %q: %w", rd.ID, err)
	}
	if n, err := res.RowsAffected(); err != nil {
		return fmt.Errorf("creating round %q: %w", rd.ID, err)
	} else if n == 0 {
		return lagesbild.Errorf(lagesbild.ERoundExists, "id: round %q exists", rd.ID)
	}
	return nil
}

// storedCode is a code as stored: its hash, never the code.
type storedCode struct {
	Hash string `json:"h"`
	Kind string `json:"k"`
	Unit string `json:"u"`
}

// createCodes stores codes for a round in one statement. The codes travel
// as one JSON parameter because D1 allows at most 100 parameters per query.
func (s store) createCodes(ctx context.Context, round, now string, codes []storedCode) error {
	b, err := json.Marshal(codes)
	if err != nil {
		return fmt.Errorf("encoding codes: %w", err)
	}
	_, err = s.db.ExecContext(ctx, `
		INSERT INTO codes (hash, round, kind, unit, created)
		SELECT json_extract(j.value, '$.h'), ?, json_extract(j.value, '$.k'), json_extract(j.value, '$.u'), ?
		FROM json_each(?) AS j`, round, now, string(b))
	if err != nil {
		return fmt.Errorf("storing %d codes for round %q: %w", len(codes), round, err)
	}
	return nil
}

// revokeCodes deletes every code of a unit in a round.
func (s store) revokeCodes(ctx context.Context, round, unit string) (int64, error) {
	res, err := s.db.ExecContext(ctx, `DELETE FROM codes WHERE round = ? AND unit = ?`, round, unit)
	if err != nil {
		return 0, fmt.Errorf("revoking codes of %s in round %q: %w", unit, round, err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return 0, fmt.Errorf("revoking codes of %s in round %q: %w", unit, round, err)
	}
	return n, nil
}

// record is a response ready to store, with what the worker computed.
type record struct {
	api.Response
	County   string // the county, also of a municipality's response
	Answers  string // JSON, keys sorted
	Measures string // JSON {measure: value|null}
	Now      string
}

// newRecord computes what is stored for a response already checked: the
// county, the answers in canonical JSON and the worker's own measures.
func newRecord(resp api.Response, q *lagesbild.Questionnaire, now string) (record, map[string]*float64, error) {
	county := resp.County
	if m, ok := lagesbild.MunicipalityByCode(resp.Municipality); ok {
		county = m.County
	}
	res := q.Score(resp.Answers)
	measures := res.Measures()
	answers, err := json.Marshal(resp.Answers) // map keys sorted: equal answers give equal text
	if err != nil {
		return record{}, nil, fmt.Errorf("encoding answers: %w", err)
	}
	ms, err := json.Marshal(measures)
	if err != nil {
		return record{}, nil, fmt.Errorf("encoding measures: %w", err)
	}
	return record{Response: resp, County: county, Answers: string(answers), Measures: string(ms), Now: now}, measures, nil
}

// putResponse stores a response in one idempotent statement: a new id is
// inserted; a known id of the same round and unit is updated when its
// answers changed, and left alone when they did not. The triggers of the
// schema rewrite the response's measure rows inside the same statement.
// An id already used for another round or unit is EIDConflict. The outcome
// is api.Created, api.Updated or api.Unchanged.
func (s store) putResponse(ctx context.Context, rec record) (string, error) {
	var municipality any // NULL for a county's own response
	if rec.Municipality != "" {
		municipality = rec.Municipality
	}
	var revision int64
	err := s.db.QueryRowContext(ctx, `
		INSERT INTO responses (id, round, questionnaire, version, municipality, county, role, answers, measures, received, updated)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (id) DO UPDATE SET
			version = excluded.version, role = excluded.role, answers = excluded.answers,
			measures = excluded.measures, revision = responses.revision + 1, updated = excluded.updated
		WHERE responses.round = excluded.round AND responses.questionnaire = excluded.questionnaire
			AND responses.municipality IS excluded.municipality AND responses.county = excluded.county
			AND (responses.answers <> excluded.answers OR responses.role <> excluded.role OR responses.version <> excluded.version)
		RETURNING revision`,
		rec.ID, rec.Round, rec.Questionnaire, int64(rec.Version), municipality, rec.County, rec.Role,
		rec.Answers, rec.Measures, rec.Now, rec.Now).Scan(&revision)
	switch {
	case err == nil && revision == 1:
		return api.Created, nil
	case err == nil:
		return api.Updated, nil
	case !errors.Is(err, sql.ErrNoRows):
		return "", fmt.Errorf("storing response %s: %w", rec.ID, err)
	}
	// Nothing written: the id is known and either unchanged or someone else's.
	var round, county string
	var muni sql.NullString
	err = s.db.QueryRowContext(ctx, `SELECT round, municipality, county FROM responses WHERE id = ?`, rec.ID).Scan(&round, &muni, &county)
	if err != nil {
		return "", fmt.Errorf("reading response %s: %w", rec.ID, err)
	}
	if round != rec.Round || muni.String != rec.Municipality || county != rec.County {
		return "", lagesbild.Errorf(lagesbild.EIDConflict, "id: %s is already used by another response; make a new id", rec.ID)
	}
	return api.Unchanged, nil
}

// aggregate returns a round's municipality means and, when previous is not
// "", the previous round's, by round. The sums are kept by the triggers of
// migrations/0004 (municipality_sums), so the cost does not grow with the
// responses of a round: at most 290 rows per round and measure are read. They
// come back as one text in the compact format (package compact), a record per
// round and municipality:
//
//	round US municipality US respondents US measure GS units/scored US …
//
// where units is the exact sum of the scored values in thousandths
// (lagesbild.MeasureUnits) and scored how many responses scored the measure;
// the value is empty when none did.
func (s store) aggregate(ctx context.Context, round, previous string) (map[string][]lagesbild.MunicipalityResult, error) {
	var text sql.NullString
	if err := s.db.QueryRowContext(ctx, aggregateSQL, round, previous).Scan(&text); err != nil {
		return nil, fmt.Errorf("aggregating rounds %q, %q: %w", round, previous, err)
	}
	out, err := parseAggregate(text.String)
	if err != nil {
		return nil, fmt.Errorf("aggregating rounds %q, %q: %w", round, previous, err)
	}
	return out, nil
}

// parseAggregate reads the text of aggregate. A mean is rounded from its
// exact sum by lagesbild.MeanOfUnits, the arithmetic of lagesbild.Mean, so it
// is the core's to the last digit. Municipalities come out in code order, so
// equal data gives equal answers. The decoder walks the text without copying
// it, and the values of a municipality share one allocation: under wasm,
// allocations and the garbage they make cost.
func parseAggregate(text string) (map[string][]lagesbild.MunicipalityResult, error) {
	out := map[string][]lagesbild.MunicipalityResult{}
	for d := compact.NewDecoder(text); d.More(); {
		rec := d.Next()
		whole := rec.String()
		round, err1 := rec.Field()
		muni, err2 := rec.Field()
		count, err3 := rec.Field()
		if err1 != nil || err2 != nil || err3 != nil || !rec.More() {
			return nil, fmt.Errorf("record %q: want round, municipality, count and measures", whole)
		}
		n, err := strconv.Atoi(count)
		if err != nil {
			return nil, fmt.Errorf("record of %s: count: %w", muni, err)
		}
		fields := rec.Len()
		res := lagesbild.MunicipalityResult{Municipality: muni, Respondents: n, Measures: make(map[string]*float64, fields)}
		values := make([]float64, 0, fields) // backs the pointers in Measures
		for rec.More() {
			id, val, err := rec.Pair()
			if err != nil {
				return nil, fmt.Errorf("record of %s: %w", muni, err)
			}
			if val == "" {
				res.Measures[id] = nil
				continue
			}
			units, scored, err := parseSum(val)
			if err != nil {
				return nil, fmt.Errorf("record of %s: measure %s: %w", muni, id, err)
			}
			values = append(values, lagesbild.MeanOfUnits(id, units, scored))
			res.Measures[id] = &values[len(values)-1]
		}
		out[round] = append(out[round], res)
	}
	byCode := func(a, b lagesbild.MunicipalityResult) int { return strings.Compare(a.Municipality, b.Municipality) }
	for _, rs := range out {
		if !slices.IsSortedFunc(rs, byCode) { // SQLite groups in index order: usually sorted already
			slices.SortFunc(rs, byCode)
		}
	}
	return out, nil
}

// parseSum parses a sum and its count as aggregate.sql writes them,
// "units/scored" ("77700/2"): two whole numbers, the count at least 1.
func parseSum(s string) (units int64, scored int, err error) {
	i := strings.IndexByte(s, '/')
	if i < 0 {
		return 0, 0, fmt.Errorf("%q: want units/scored", s)
	}
	u, ok1 := parseDigits(s[:i])
	c, ok2 := parseDigits(s[i+1:])
	if !ok1 { // a negative sum, which no measure has, or not a number
		if u, err = strconv.ParseInt(s[:i], 10, 64); err != nil {
			return 0, 0, fmt.Errorf("%q: units: %w", s, err)
		}
	}
	if !ok2 || c < 1 {
		return 0, 0, fmt.Errorf("%q: want a count of at least 1", s)
	}
	return u, int(c), nil
}

// parseDigits parses 1 to 18 decimal digits (below 10^18: no overflow).
func parseDigits(s string) (int64, bool) {
	if len(s) == 0 || len(s) > 18 {
		return 0, false
	}
	var v int64
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < '0' || c > '9' {
			return 0, false
		}
		v = v*10 + int64(c-'0')
	}
	return v, true
}

// ping checks that the database answers and has the schema.
func (s store) ping(ctx context.Context) error {
	var n int64
	if err := s.db.QueryRowContext(ctx, pingSQL).Scan(&n); err != nil {
		return fmt.Errorf("reading rounds: %w", err)
	}
	return nil
}
