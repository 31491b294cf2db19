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
	"time"

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
	//go:embed sql/comparison.sql
	comparisonSQL string
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
	// PreviousVersion and PreviousCloses are the previous round's
	// questionnaire version and closing time: its publications are its own
	// (comparison.go).
	PreviousVersion int
	PreviousCloses  string
	Created         string
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
		prevVersion   sql.NullInt64
		prevCloses    sql.NullString
	)
	err := s.db.QueryRowContext(ctx, roundSQL, codeHash, id).
		Scan(&rd.ID, &rd.Questionnaire, &version, &rd.Opens, &rd.Closes, &openToAll, &previous, &rd.Created, &kind, &unit,
			&prevOpenToAll, &prevVersion, &prevCloses)
	if errors.Is(err, sql.ErrNoRows) {
		return Round{}, nil, lagesbild.Errorf(lagesbild.ERoundNotFound, "round: no round %q", id)
	}
	if err != nil {
		return Round{}, nil, fmt.Errorf("reading round %q: %w", id, err)
	}
	rd.Version, rd.OpenToAll, rd.Previous = int(version), openToAll == 1, previous.String
	rd.PreviousOpenToAll = prevOpenToAll.Valid && prevOpenToAll.Int64 == 1
	rd.PreviousVersion, rd.PreviousCloses = int(prevVersion.Int64), prevCloses.String
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
	// Partial is lagesbild.Result.Partial: the response leaves an item that
	// applies unanswered (migrations/0008 keeps it beside the official choice).
	Partial bool
	Now     string
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
	return record{Response: resp, County: county, Answers: string(answers), Measures: string(ms), Partial: res.Partial, Now: now}, measures, nil
}

// NewPerHour is how many new responses a municipality (or a county, its own)
// may get in a round in an hour: far above what its respondents and
// workshops send, far below a flood.
const NewPerHour = 60

// putResponse stores a response in one idempotent statement: a new id is
// inserted (within NewPerHour); a known id of the same round and unit is updated when its
// answers changed, and left alone when they did not. The triggers of the
// schema rewrite the response's measure rows, and choose its municipality's
// official response anew (migrations/0008), inside the same statement.
// An id already used for another round or unit is EIDConflict. The outcome
// is api.Created, api.Updated or api.Unchanged.
func (s store) putResponse(ctx context.Context, rec record) (string, error) {
	var municipality any // NULL for a county's own response
	if rec.Municipality != "" {
		municipality = rec.Municipality
	}
	partial := int64(0)
	if rec.Partial {
		partial = 1
	}
	now, err := time.Parse(timeLayout, rec.Now)
	if err != nil {
		return "", fmt.Errorf("storing response %s: %w", rec.ID, err)
	}
	var revision int64
	// A new id is inserted only while the unit has had fewer than
	// NewPerHour new responses in the round in the last hour (issue 18: a
	// code, or anyone in a round open to all, cannot write without bound;
	// the glue's per-minute limits come first). A known id is always
	// updated. Counted in the same statement, so there is no window between
	// the count and the write.
	err = s.db.QueryRowContext(ctx, `
		INSERT INTO responses (id, round, questionnaire, version, municipality, county, role, answers, measures, partial, received, updated)
		SELECT ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?
		WHERE EXISTS (SELECT 1 FROM responses WHERE id = ?)
			OR (SELECT count(*) FROM responses WHERE round = ? AND municipality IS ? AND county = ? AND received > ?) < ?
		ON CONFLICT (id) DO UPDATE SET
			version = excluded.version, role = excluded.role, answers = excluded.answers,
			measures = excluded.measures, partial = excluded.partial, revision = responses.revision + 1, updated = excluded.updated
		WHERE responses.round = excluded.round AND responses.questionnaire = excluded.questionnaire
			AND responses.municipality IS excluded.municipality AND responses.county = excluded.county
			AND (responses.answers <> excluded.answers OR responses.role <> excluded.role OR responses.version <> excluded.version)
		RETURNING revision`,
		rec.ID, rec.Round, rec.Questionnaire, int64(rec.Version), municipality, rec.County, rec.Role,
		rec.Answers, rec.Measures, partial, rec.Now, rec.Now,
		rec.ID, rec.Round, municipality, rec.County, now.Add(-time.Hour).Format(timeLayout), int64(NewPerHour)).Scan(&revision)
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
	if errors.Is(err, sql.ErrNoRows) {
		// Not inserted, and not there: the unit's hourly budget is spent.
		// The message names no count (what others sent is not the caller's).
		return "", lagesbild.Errorf(lagesbild.ERateLimited, "id: too many new responses for this unit in the last hour; try again later")
	}
	if err != nil {
		return "", fmt.Errorf("reading response %s: %w", rec.ID, err)
	}
	if round != rec.Round || muni.String != rec.Municipality || county != rec.County {
		return "", lagesbild.Errorf(lagesbild.EIDConflict, "id: %s is already used by another response; make a new id", rec.ID)
	}
	return api.Unchanged, nil
}

// aggregate returns a round's municipality results and, when previous is
// not "", the previous round's, by round: each municipality's official
// response (lagesbild.Official), chosen by the triggers of migrations/0008
// (officials), so the cost does not grow with the responses of a round: at
// most 290 responses' measure rows per round are read. They come back as one
// text in the compact format (package compact), a record per round and
// municipality:
//
//	round US municipality US respondents US flags US measure GS units/1 US …
//
// where respondents counts the municipality's responses, flags is 1 for a
// partial official response plus 2 for a workshop's, and units is the
// official response's value in thousandths (lagesbild.MeasureUnits); the
// value is empty when it has none. The "/1" is the count of a sum: the
// format is the one of the running sums the official response replaced.
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

// parseAggregate reads the text of aggregate. A value is rounded from its
// exact sum by lagesbild.MeanOfUnits, the arithmetic of lagesbild.Mean, so it
// is the core's to the last digit (a sum of one value is that value). Municipalities come out in code order, so
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
		flags, err4 := rec.Field()
		if err1 != nil || err2 != nil || err3 != nil || err4 != nil || !rec.More() {
			return nil, fmt.Errorf("record %q: want round, municipality, count, flags and measures", whole)
		}
		n, err := strconv.Atoi(count)
		if err != nil {
			return nil, fmt.Errorf("record of %s: count: %w", muni, err)
		}
		if len(flags) != 1 || flags[0] < '0' || flags[0] > '3' {
			return nil, fmt.Errorf("record of %s: flags %q: want 0 to 3", muni, flags)
		}
		fields := rec.Len()
		res := lagesbild.MunicipalityResult{Municipality: muni, Respondents: n, Measures: make(map[string]*float64, fields),
			Partial: (flags[0]-'0')&1 != 0, Workshop: (flags[0]-'0')&2 != 0}
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

// storedRelease is a publication as stored (migrations/0005), before it is
// decoded: the latest of a round is read on every comparison, and decoded
// only as far as needed.
type storedRelease struct {
	Seq       int
	Published string
	Final     bool
	Figures   string // lagesbild.EncodeGroups
	Basis     string // lagesbild.Basis.String; "" as comparison reads it (not needed there)
}

// decode is the publication as the core has it.
func (r *storedRelease) decode() (lagesbild.Release, error) {
	groups, err := lagesbild.DecodeGroups(r.Figures)
	if err != nil {
		return lagesbild.Release{}, fmt.Errorf("publication %d: %w", r.Seq, err)
	}
	basis, err := lagesbild.ParseBasis(r.Basis) // "": nil
	if err != nil {
		return lagesbild.Release{}, fmt.Errorf("publication %d: %w", r.Seq, err)
	}
	return lagesbild.Release{Stamp: lagesbild.Stamp{Seq: r.Seq, Published: r.Published}, Final: r.Final, Basis: basis, Groups: groups}, nil
}

// comparison is aggregate together with the latest publication of round
// and of previous (nil where there is none, and without its basis), and
// for each how many municipalities have a response stored or changed since
// it was made (all with a response, when there is none): what a reader of a
// private round needs, in one statement (sql/comparison.sql).
func (s store) comparison(ctx context.Context, round, previous string) (map[string][]lagesbild.MunicipalityResult, [2]*storedRelease, [2]int, error) {
	var (
		text    sql.NullString
		seq     [2]sql.NullInt64
		when    [2]sql.NullString
		final   [2]sql.NullInt64
		figs    [2]sql.NullString
		changed [2]int64
	)
	var rels [2]*storedRelease
	err := s.db.QueryRowContext(ctx, comparisonSQL, round, previous, round, previous, round, previous).Scan(&text,
		&seq[0], &when[0], &final[0], &figs[0], &changed[0], &seq[1], &when[1], &final[1], &figs[1], &changed[1])
	if err != nil {
		return nil, rels, [2]int{}, fmt.Errorf("reading the comparison of rounds %q, %q: %w", round, previous, err)
	}
	out, err := parseAggregate(text.String)
	if err != nil {
		return nil, rels, [2]int{}, fmt.Errorf("reading the comparison of rounds %q, %q: %w", round, previous, err)
	}
	for i := range rels {
		if seq[i].Valid {
			rels[i] = &storedRelease{Seq: int(seq[i].Int64), Published: when[i].String, Final: final[i].Int64 == 1,
				Figures: figs[i].String}
		}
	}
	return out, rels, [2]int{int(changed[0]), int(changed[1])}, nil
}

// release reads one publication of a round (nil when there is none).
func (s store) release(ctx context.Context, round string, seq int) (*storedRelease, error) {
	r := storedRelease{Seq: seq}
	var final int64
	err := s.db.QueryRowContext(ctx, `SELECT published, final, figures, basis FROM publications WHERE round = ? AND seq = ?`,
		round, int64(seq)).Scan(&r.Published, &final, &r.Figures, &r.Basis)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("reading publication %d of round %q: %w", seq, round, err)
	}
	r.Final = final == 1
	return &r, nil
}

// releaseBasis reads the basis of one publication of a round.
func (s store) releaseBasis(ctx context.Context, round string, seq int) (string, error) {
	var basis string
	err := s.db.QueryRowContext(ctx, `SELECT basis FROM publications WHERE round = ? AND seq = ?`, round, int64(seq)).Scan(&basis)
	if err != nil {
		return "", fmt.Errorf("reading the basis of publication %d of round %q: %w", seq, round, err)
	}
	return basis, nil
}

// releaseSteps are what the audit replays of every publication of a round,
// in order: what changed in its basis, and the groups computed in it.
func (s store) releaseSteps(ctx context.Context, round string) ([]lagesbild.ReleaseStep, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT seq, changes, fresh FROM publications WHERE round = ? ORDER BY seq`, round)
	if err != nil {
		return nil, fmt.Errorf("reading the publications of round %q: %w", round, err)
	}
	defer rows.Close()
	var steps []lagesbild.ReleaseStep
	for rows.Next() {
		var seq int64
		var changes, fresh string
		if err := rows.Scan(&seq, &changes, &fresh); err != nil {
			return nil, fmt.Errorf("reading the publications of round %q: %w", round, err)
		}
		st := lagesbild.ReleaseStep{Seq: int(seq)}
		if st.Changes, err = lagesbild.ParseBasis(changes); err != nil {
			return nil, fmt.Errorf("publication %d of round %q: %w", seq, round, err)
		}
		groups, err := lagesbild.DecodeGroups(fresh)
		if err != nil {
			return nil, fmt.Errorf("publication %d of round %q: %w", seq, round, err)
		}
		for _, g := range groups {
			st.Fresh = append(st.Fresh, g.Group)
		}
		steps = append(steps, st)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("reading the publications of round %q: %w", round, err)
	}
	return steps, nil
}

// putRelease stores a publication in one idempotent statement; false when
// its seq is taken (another request made that step first).
func (s store) putRelease(ctx context.Context, round string, measures []string, rel lagesbild.Release, step lagesbild.ReleaseStep) (bool, error) {
	fresh := make([]lagesbild.ReleasedGroup, 0, len(step.Fresh))
	for _, g := range step.Fresh {
		fresh = append(fresh, lagesbild.ReleasedGroup{Group: g, AsOf: rel.Stamp})
	}
	final := int64(0)
	if rel.Final {
		final = 1
	}
	res, err := s.db.ExecContext(ctx, `
		INSERT INTO publications (round, seq, published, final, figures, basis, changes, fresh)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (round, seq) DO NOTHING`,
		round, int64(rel.Seq), rel.Published, final, lagesbild.EncodeGroups(measures, rel.Groups), rel.Basis.String(),
		step.Changes.String(), lagesbild.EncodeGroups(measures, fresh))
	if err != nil {
		return false, fmt.Errorf("storing publication %d of round %q: %w", rel.Seq, round, err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return false, fmt.Errorf("storing publication %d of round %q: %w", rel.Seq, round, err)
	}
	return n == 1, nil
}

// ping checks that the database answers and has the schema.
func (s store) ping(ctx context.Context) error {
	var n int64
	if err := s.db.QueryRowContext(ctx, pingSQL).Scan(&n); err != nil {
		return fmt.Errorf("reading rounds: %w", err)
	}
	return nil
}

// ---- running a round (issue 12) ----

// listedRound is a round as GET /api/rounds lists it: the round, the grant
// of the caller's code in it (Kind "" for none), and how far it has come in
// the caller's scope.
type listedRound struct {
	Round
	grant
	Invited  int // municipalities with a code
	Answered int // municipalities with a response
}

// rounds reads the rounds a caller may list, with their counts, in one
// statement: every round when all is set (the admin; counted for the
// country), else the round of the code whose hash is given (counted for the
// county when it is a county lead's token, not at all for a municipality's
// code), else, with hash "", the rounds open to all (not counted). A round
// comes back as one record of the compact format; the records in no order.
//
// Answered counts a round's municipalities in officials (migrations/0008:
// one row per municipality with a response), at most 290 rows, however many
// responses the round has. A municipality's codes share its county's first
// two digits, so a county is a range of units.
func (s store) rounds(ctx context.Context, hash string, all bool) ([]listedRound, error) {
	everything := int64(0)
	if all {
		everything = 1
	}
	var text sql.NullString
	err := s.db.QueryRowContext(ctx, `
		SELECT group_concat(rec, char(30)) FROM (
			SELECT r.id || char(31) || r.questionnaire || char(31) || r.version || char(31) || r.opens || char(31) || r.closes
				|| char(31) || r.open_to_all || char(31) || IFNULL(r.previous, '') || char(31) || r.created
				|| char(31) || IFNULL(c.kind, '') || char(31) || IFNULL(c.unit, '')
				|| char(31) || CASE WHEN ? = 1 OR c.kind = ? THEN (
					SELECT COUNT(DISTINCT k.unit) FROM codes AS k
					WHERE k.round = r.id AND k.kind = ? AND (c.unit IS NULL OR k.unit BETWEEN c.unit || '00' AND c.unit || '99')
				) ELSE 0 END
				|| char(31) || CASE WHEN ? = 1 OR c.kind = ? THEN (
					SELECT COUNT(*) FROM officials AS m
					WHERE m.round = r.id AND (c.unit IS NULL OR m.municipality BETWEEN c.unit || '00' AND c.unit || '99')
				) ELSE 0 END AS rec
			FROM rounds AS r LEFT JOIN codes AS c ON c.round = r.id AND c.hash = ?
			WHERE ? = 1 OR c.hash IS NOT NULL OR (? = '' AND r.open_to_all = 1)
		)`,
		everything, api.KindCounty, api.KindMunicipality, everything, api.KindCounty,
		hash, everything, hash).Scan(&text)
	if err != nil {
		return nil, fmt.Errorf("listing rounds: %w", err)
	}
	list, err := parseRounds(text.String)
	if err != nil {
		return nil, fmt.Errorf("listing rounds: %w", err)
	}
	return list, nil
}

// parseRounds reads the text of rounds: a record per round of 12 fields.
func parseRounds(text string) ([]listedRound, error) {
	var out []listedRound
	for d := compact.NewDecoder(text); d.More(); {
		rec := d.Next()
		f, err := fields(&rec, 12)
		if err != nil {
			return nil, err
		}
		lr := listedRound{Round: Round{ID: f[0], Questionnaire: f[1], Opens: f[3], Closes: f[4], OpenToAll: f[5] == "1",
			Previous: f[6], Created: f[7]}, grant: grant{Kind: f[8], Unit: f[9]}}
		var ok [3]bool
		lr.Version, ok[0] = count(f[2])
		lr.Invited, ok[1] = count(f[10])
		lr.Answered, ok[2] = count(f[11])
		if f[0] == "" || ok != [3]bool{true, true, true} || (f[5] != "0" && f[5] != "1") {
			return nil, fmt.Errorf("round %q: version %q, open to all %q, counts %q and %q: want whole numbers", f[0], f[2], f[5], f[10], f[11])
		}
		out = append(out, lr)
	}
	return out, nil
}

// fields reads a record of exactly n fields.
func fields(rec *compact.Record, n int) ([]string, error) {
	if got := rec.Len(); got != n {
		return nil, fmt.Errorf("record %q: %d fields, want %d", rec.String(), got, n)
	}
	f := make([]string, 0, n)
	for rec.More() {
		v, _ := rec.Next()
		f = append(f, v)
	}
	return f, nil
}

// count parses a count as SQLite prints it: 1 to 18 digits.
func count(s string) (int, bool) {
	v, ok := parseDigits(s)
	return int(v), ok
}

// changeRound changes a round's dates in one statement: to opens and closes
// (nil: unchanged), or, with closeNow, closes to now (and opens to now too
// when it was later: a round closed before it opened never opens). Only a
// round that has not closed changes, and only to closes after opens (closing
// now excepted): the statement checks both, so a round that closes while the
// request runs stays closed. It returns the new dates, and ok false when
// nothing was changed.
func (s store) changeRound(ctx context.Context, id string, opens, closes *string, closeNow bool, now string) (newOpens, newCloses string, ok bool, err error) {
	var o, c any // NULL: unchanged
	if opens != nil {
		o = *opens
	}
	if closes != nil {
		c = *closes
	}
	cn := int64(0)
	if closeNow {
		cn = 1
	}
	err = s.db.QueryRowContext(ctx, `
		UPDATE rounds SET
			opens = CASE WHEN ? = 1 THEN MIN(opens, ?) ELSE COALESCE(?, opens) END,
			closes = CASE WHEN ? = 1 THEN ? ELSE COALESCE(?, closes) END
		WHERE id = ? AND closes > ? AND (? = 1 OR COALESCE(?, closes) > COALESCE(?, opens))
		RETURNING opens, closes`,
		cn, now, o, cn, now, c, id, now, cn, c, o).Scan(&newOpens, &newCloses)
	if errors.Is(err, sql.ErrNoRows) {
		return "", "", false, nil
	}
	if err != nil {
		return "", "", false, fmt.Errorf("changing round %q: %w", id, err)
	}
	return newOpens, newCloses, true, nil
}

// storedCodeInfo is a code as listed: never the code or its hash.
type storedCodeInfo struct {
	Kind, Unit, Created string
}

// codeList reads which codes a round has, in one statement; ERoundNotFound
// when there is no such round. The codes come in no order.
func (s store) codeList(ctx context.Context, round string) ([]storedCodeInfo, error) {
	var (
		exists int64
		text   sql.NullString
	)
	err := s.db.QueryRowContext(ctx, `
		SELECT (SELECT COUNT(*) FROM rounds WHERE id = ?),
			(SELECT group_concat(kind || char(31) || unit || char(31) || created, char(30)) FROM codes WHERE round = ?)`,
		round, round).Scan(&exists, &text)
	if err != nil {
		return nil, fmt.Errorf("listing the codes of round %q: %w", round, err)
	}
	if exists == 0 {
		return nil, lagesbild.Errorf(lagesbild.ERoundNotFound, "round: no round %q", round)
	}
	var out []storedCodeInfo
	for d := compact.NewDecoder(text.String); d.More(); {
		rec := d.Next()
		f, err := fields(&rec, 3)
		if err != nil {
			return nil, fmt.Errorf("listing the codes of round %q: %w", round, err)
		}
		out = append(out, storedCodeInfo{Kind: f[0], Unit: f[1], Created: f[2]})
	}
	return out, nil
}

// unitStatus is what the status of a county says of one municipality.
type unitStatus struct {
	Invited   string // when its newest code was made; "" for none
	Responses int
	Answered  string // when its latest response was stored or changed
	Items     int    // items answered in the latest response
	Workshop  bool   // the latest response came from a workshop
}

// status reads, in one statement, the invitations and responses of a
// county's municipalities in a round, by kommunkod (municipalities with
// neither are absent). The latest response of a municipality is the one
// changed last (SQLite takes the bare columns of a MAX() query from the row
// with the maximum); its items are the keys of its answers. Codes of a
// municipality and its responses are read by the index ranges of the
// county's kommunkoder (which begin with the länskod).
func (s store) status(ctx context.Context, round, county string) (map[string]unitStatus, error) {
	lo, hi := county+"00", county+"99"
	var invited, answered sql.NullString
	err := s.db.QueryRowContext(ctx, `
		SELECT
			(SELECT group_concat(rec, char(30)) FROM (
				SELECT unit || char(31) || MAX(created) AS rec FROM codes
				WHERE round = ? AND kind = ? AND unit BETWEEN ? AND ? GROUP BY unit)),
			(SELECT group_concat(rec, char(30)) FROM (
				SELECT municipality || char(31) || n || char(31) || updated || char(31) || (role = ?)
					|| char(31) || (SELECT COUNT(*) FROM json_each(answers)) AS rec
				FROM (SELECT municipality, COUNT(*) AS n, MAX(updated) AS updated, role, answers FROM responses
					WHERE round = ? AND municipality BETWEEN ? AND ? GROUP BY municipality)))`,
		round, api.KindMunicipality, lo, hi, workshopRole, round, lo, hi).Scan(&invited, &answered)
	if err != nil {
		return nil, fmt.Errorf("reading the status of county %s in round %q: %w", county, round, err)
	}
	out, err := parseStatus(invited.String, answered.String)
	if err != nil {
		return nil, fmt.Errorf("reading the status of county %s in round %q: %w", county, round, err)
	}
	return out, nil
}

// parseStatus reads the two texts of status: records of kommunkod and
// when invited; of kommunkod, responses, when answered, whether from a
// workshop (0 or 1) and items.
func parseStatus(invited, answered string) (map[string]unitStatus, error) {
	out := map[string]unitStatus{}
	for d := compact.NewDecoder(invited); d.More(); {
		rec := d.Next()
		f, err := fields(&rec, 2)
		if err != nil {
			return nil, err
		}
		st := out[f[0]]
		st.Invited = f[1]
		out[f[0]] = st
	}
	for d := compact.NewDecoder(answered); d.More(); {
		rec := d.Next()
		f, err := fields(&rec, 5)
		if err != nil {
			return nil, err
		}
		st := out[f[0]]
		var ok1, ok2 bool
		st.Responses, ok1 = count(f[1])
		st.Items, ok2 = count(f[4])
		if !ok1 || !ok2 || (f[3] != "0" && f[3] != "1") {
			return nil, fmt.Errorf("municipality %q: responses %q, workshop %q, items %q: want whole numbers", f[0], f[1], f[3], f[4])
		}
		st.Answered, st.Workshop = f[2], f[3] == "1"
		out[f[0]] = st
	}
	return out, nil
}
