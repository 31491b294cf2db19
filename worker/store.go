package worker

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"strconv"
	"strings"

	"lagesbild"
)

// The store speaks to D1 (in workerd) or SQLite (natively) through
// database/sql with what both understand: positional ? parameters, strings
// for times, int64 for integers, and no transactions — every write is one
// statement. The schema is in migrations/.

// Round is a round as stored.
type Round struct {
	ID            string `json:"id"`
	Questionnaire string `json:"questionnaire"`
	// Version is the questionnaire version; 0 (the demo round) means the
	// latest, resolved per request.
	Version   int    `json:"version"`
	Opens     string `json:"opens"`
	Closes    string `json:"closes"`
	OpenToAll bool   `json:"openToAll"`
	Previous  string `json:"previous,omitempty"`
	Created   string `json:"created"`
}

// grant is what a code stored for a round grants.
type grant struct {
	Kind string // kindMunicipality or kindCounty
	Unit string // kommunkod or länskod
}

const (
	kindMunicipality = "municipality"
	kindCounty       = "county"
)

type store struct{ db *sql.DB }

// round reads a round and, in the same query, the grant of the code whose
// hash is given ("" for none) — one round trip to D1 per request.
func (s store) round(ctx context.Context, id, codeHash string) (Round, *grant, error) {
	var (
		rd        Round
		openToAll int64
		previous  sql.NullString
		kind      sql.NullString
		unit      sql.NullString
		version   int64
	)
	err := s.db.QueryRowContext(ctx, `
		SELECT r.id, r.questionnaire, r.version, r.opens, r.closes, r.open_to_all, r.previous, r.created, c.kind, c.unit
		FROM rounds AS r LEFT JOIN codes AS c ON c.round = r.id AND c.hash = ?
		WHERE r.id = ?`, codeHash, id).
		Scan(&rd.ID, &rd.Questionnaire, &version, &rd.Opens, &rd.Closes, &openToAll, &previous, &rd.Created, &kind, &unit)
	if errors.Is(err, sql.ErrNoRows) {
		return Round{}, nil, lagesbild.Errorf(lagesbild.ENotFound, "round: no round %q", id)
	}
	if err != nil {
		return Round{}, nil, fmt.Errorf("reading round %q: %w", id, err)
	}
	rd.Version, rd.OpenToAll, rd.Previous = int(version), openToAll == 1, previous.String
	var g *grant
	if kind.Valid {
		g = &grant{Kind: kind.String, Unit: unit.String}
	}
	return rd, g, nil
}

// createRound stores a new round; an existing id is a conflict.
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
		return lagesbild.Errorf(lagesbild.EConflict, "id: round %q exists", rd.ID)
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
	Response
	County   string // the county, also of a municipality's response
	Answers  string // JSON, keys sorted
	Measures string // JSON {measure: value|null}
	Now      string
}

// newRecord computes what is stored for a response already checked: the
// county, the answers in canonical JSON and the worker's own measures.
func newRecord(resp Response, q *lagesbild.Questionnaire, now string) (record, map[string]*float64, error) {
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

// Outcomes of putResponse.
const (
	outcomeCreated   = "created"
	outcomeUpdated   = "updated"
	outcomeUnchanged = "unchanged"
)

// putResponse stores a response in one idempotent statement: a new id is
// inserted; a known id of the same round and unit is updated when its
// answers changed, and left alone when they did not. The triggers of the
// schema rewrite the response's measure rows inside the same statement.
// An id already used for another round or unit is a conflict.
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
		return outcomeCreated, nil
	case err == nil:
		return outcomeUpdated, nil
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
		return "", lagesbild.Errorf(lagesbild.EConflict, "id: %s is already used by another response; make a new id", rec.ID)
	}
	return outcomeUnchanged, nil
}

// aggregate returns, per round, every municipality's mean result, averaged
// in SQL so the cost does not grow with the responses read into Go. The
// ≤ 290 rows per round come back as one delimited string: under workerd
// every value that crosses from JavaScript to Go costs, and so does
// encoding/json, far more than splitting a string (measured: ~30 ms for
// 290 rows of JSON, against a few ms this way).
//
// The text is records separated by char(30), each "round␟municipality␟
// respondents␟measure␝mean␟measure␝mean…" with char(31) and char(29);
// a mean is empty when no response scored the measure.
func (s store) aggregate(ctx context.Context, rounds ...string) (map[string][]lagesbild.MunicipalityResult, error) {
	args := make([]any, len(rounds))
	for i, r := range rounds {
		args[i] = r
	}
	in := strings.TrimSuffix(strings.Repeat("?, ", len(rounds)), ", ")
	var text sql.NullString
	err := s.db.QueryRowContext(ctx, `
		SELECT group_concat(rec, char(30)) FROM (
			SELECT round || char(31) || municipality || char(31) || MAX(n) || char(31) ||
				group_concat(measure || char(29) || IFNULL(v, ''), char(31)) AS rec
			FROM (
				SELECT round, municipality, measure, AVG(value) AS v, COUNT(*) AS n
				FROM measures
				WHERE round IN (`+in+`) AND municipality IS NOT NULL
				GROUP BY round, municipality, measure
			)
			GROUP BY round, municipality
		)`, args...).Scan(&text)
	if err != nil {
		return nil, fmt.Errorf("aggregating rounds %v: %w", rounds, err)
	}
	out, err := parseAggregate(text.String)
	if err != nil {
		return nil, fmt.Errorf("aggregating rounds %v: %w", rounds, err)
	}
	return out, nil
}

// parseAggregate reads the text of aggregate. Municipalities come out in
// code order, so equal data gives equal answers.
func parseAggregate(text string) (map[string][]lagesbild.MunicipalityResult, error) {
	out := map[string][]lagesbild.MunicipalityResult{}
	if text == "" {
		return out, nil
	}
	for _, rec := range strings.Split(text, "\x1e") {
		f := strings.Split(rec, "\x1f")
		if len(f) < 4 {
			return nil, fmt.Errorf("record %q: want round, municipality, count and measures", rec)
		}
		n, err := strconv.Atoi(f[2])
		if err != nil {
			return nil, fmt.Errorf("record of %s: count: %w", f[1], err)
		}
		res := lagesbild.MunicipalityResult{Municipality: f[1], Respondents: n, Measures: make(map[string]*float64, len(f)-3)}
		for _, kv := range f[3:] {
			id, val, ok := strings.Cut(kv, "\x1d")
			if !ok {
				return nil, fmt.Errorf("record of %s: measure %q", f[1], kv)
			}
			if val == "" {
				res.Measures[id] = nil
				continue
			}
			v, err := strconv.ParseFloat(val, 64)
			if err != nil {
				return nil, fmt.Errorf("record of %s: measure %s: %w", f[1], id, err)
			}
			v = lagesbild.RoundMeasure(id, v)
			res.Measures[id] = &v
		}
		out[f[0]] = append(out[f[0]], res)
	}
	for _, rs := range out {
		sort.Slice(rs, func(i, j int) bool { return rs[i].Municipality < rs[j].Municipality })
	}
	return out, nil
}

// ping checks that the database answers and has the schema.
func (s store) ping(ctx context.Context) error {
	var n int64
	if err := s.db.QueryRowContext(ctx, `SELECT COUNT(*) FROM rounds`).Scan(&n); err != nil {
		return fmt.Errorf("reading rounds: %w", err)
	}
	return nil
}
