package worker

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"lagesbild"
	"lagesbild/api"
	"lagesbild/worker/internal/compact"
)

// The workshop tables (migrations/0002_workshop.sql, 0006_wall.sql), spoken
// to like the rest of the store: positional parameters, strings for times,
// one statement per write, and triggers that keep the session's revision,
// its last activity and the wall's shown state in step inside that
// statement.

// session is a workshop session as stored.
type session struct {
	ID            string
	Code          string
	Token         string // hex SHA-256 of the facilitator's token
	Questionnaire string
	Version       int
	Section       string
	Locked        []string // sorted
	Revealed      bool
	RevealedItems []string // sorted
	Ended         string   // "" while running
	Revision      int64
	StateRevision int64
	JoinLimit     int64
	AnswerLimit   int64
	RoomSize      int64 // the most devices that may join; 0: no limit
	MinAnswers    int64 // lagesbild.WallMin when the session was created
	Created       string
	LastActivity  string
}

// isLocked reports whether an item is locked.
func (s *session) isLocked(item string) bool {
	for _, l := range s.Locked {
		if l == item {
			return true
		}
	}
	return false
}

// sessionColumns are read by scanSession, in its order.
const sessionColumns = `id, code, token, questionnaire, version, section, locked, revealed, ended, revision,
	state_revision, join_limit, answer_limit, room_size, min_answers, created, last_activity, revealed_items`

type scanner interface{ Scan(dest ...any) error }

// scanSession reads the sessionColumns, then extra columns into more.
func scanSession(row scanner, more ...any) (session, error) {
	var (
		ss       session
		version  int64
		locked   string
		items    string
		revealed int64
		ended    sql.NullString
		roomSize sql.NullInt64
	)
	dest := append([]any{&ss.ID, &ss.Code, &ss.Token, &ss.Questionnaire, &version, &ss.Section, &locked, &revealed, &ended,
		&ss.Revision, &ss.StateRevision, &ss.JoinLimit, &ss.AnswerLimit, &roomSize, &ss.MinAnswers, &ss.Created, &ss.LastActivity, &items}, more...)
	if err := row.Scan(dest...); err != nil {
		return session{}, err
	}
	ss.Version, ss.Revealed, ss.Ended, ss.RoomSize = int(version), revealed == 1, ended.String, roomSize.Int64
	if err := json.Unmarshal([]byte(locked), &ss.Locked); err != nil {
		return session{}, fmt.Errorf("session %s: locked: %w", ss.Code, err)
	}
	if err := json.Unmarshal([]byte(items), &ss.RevealedItems); err != nil {
		return session{}, fmt.Errorf("session %s: revealed_items: %w", ss.Code, err)
	}
	return ss, nil
}

// errNoSession is the answer for a code with no session behind it.
func errNoSession(code string) error {
	return lagesbild.Errorf(lagesbild.ESessionNotFound, "code: no workshop session %s (check the code, or the session may have been removed)", code)
}

// runningWorkshops counts the sessions not ended (expired ones are purged
// first).
func (s store) runningWorkshops(ctx context.Context) (int, error) {
	var n int
	if err := s.db.QueryRowContext(ctx, `SELECT COUNT(*) FROM workshops WHERE ended IS NULL`).Scan(&n); err != nil {
		return 0, fmt.Errorf("counting running workshop sessions: %w", err)
	}
	return n, nil
}

// purgeWorkshops deletes sessions inactive since before cutoff, with their
// participants and answers (ON DELETE CASCADE): nothing of a room is kept
// longer than needed, and old join codes become free again.
func (s store) purgeWorkshops(ctx context.Context, cutoff string) error {
	if _, err := s.db.ExecContext(ctx, `DELETE FROM workshops WHERE last_activity < ?`, cutoff); err != nil {
		return fmt.Errorf("removing expired workshop sessions: %w", err)
	}
	return nil
}

// createWorkshop stores a new session. It reports false, with no error, when
// the join code is taken, so the caller can draw another. (RETURNING, not
// RowsAffected, tells whether a row went in: D1 counts rows written by
// triggers too.)
func (s store) createWorkshop(ctx context.Context, ss session) (bool, error) {
	var id string
	err := s.db.QueryRowContext(ctx, `
		INSERT INTO workshops (id, code, token, questionnaire, version, section, join_limit, answer_limit, room_size, min_answers,
			created, last_activity)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING RETURNING id`,
		ss.ID, ss.Code, ss.Token, ss.Questionnaire, int64(ss.Version), ss.Section, ss.JoinLimit, ss.AnswerLimit, nullSize(ss.RoomSize),
		ss.MinAnswers, ss.Created, ss.LastActivity).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("creating workshop session: %w", err)
	}
	return true, nil
}

// nullSize is a room size as stored: NULL for none.
func nullSize(n int64) any {
	if n <= 0 {
		return nil
	}
	return n
}

// workshop reads a session by its join code.
func (s store) workshop(ctx context.Context, code string) (session, error) {
	ss, err := scanSession(s.db.QueryRowContext(ctx, `SELECT `+sessionColumns+` FROM workshops WHERE code = ?`, code))
	if errors.Is(err, sql.ErrNoRows) {
		return session{}, errNoSession(code)
	}
	if err != nil {
		return session{}, fmt.Errorf("reading workshop %s: %w", code, err)
	}
	return ss, nil
}

// revisions reads what a poll needs to answer 304: the session's id (part of
// the ETag), both revisions and its last activity (for expiry). One small
// row, no answers read.
type revisions struct {
	ID            string
	Revision      int64
	StateRevision int64
	LastActivity  string
}

func (s store) workshopRevisions(ctx context.Context, code string) (revisions, error) {
	var rv revisions
	err := s.db.QueryRowContext(ctx, `SELECT id, revision, state_revision, last_activity FROM workshops WHERE code = ?`, code).
		Scan(&rv.ID, &rv.Revision, &rv.StateRevision, &rv.LastActivity)
	if errors.Is(err, sql.ErrNoRows) {
		return revisions{}, errNoSession(code)
	}
	if err != nil {
		return revisions{}, fmt.Errorf("reading workshop %s: %w", code, err)
	}
	return rv, nil
}

// Rate counters, counted per session and minute in the session's own row.
const (
	countJoin   = "joins"
	countAnswer = "answers"
)

// countWorkshop counts a join or an answer in the session's counter for the
// minute and returns the session with the count so far, in one statement:
// the counter that a new minute resets is read and written together, so
// concurrent requests cannot both slip under the limit. It neither bumps the
// revision nor counts as activity: a request over the limit changes nothing
// anyone sees.
func (s store) countWorkshop(ctx context.Context, code, kind, minute string) (session, int64, error) {
	// kind is one of two constants, never input, so it may be spliced in.
	if kind != countJoin && kind != countAnswer {
		return session{}, 0, fmt.Errorf("countWorkshop: unknown counter %q", kind)
	}
	other := countAnswer
	if kind == countAnswer {
		other = countJoin
	}
	var n int64
	ss, err := scanSession(s.db.QueryRowContext(ctx, `
		UPDATE workshops SET
			`+kind+` = CASE WHEN rate_minute = ? THEN `+kind+` + 1 ELSE 1 END,
			`+other+` = CASE WHEN rate_minute = ? THEN `+other+` ELSE 0 END,
			rate_minute = ?
		WHERE code = ?
		RETURNING `+sessionColumns+`, `+kind, minute, minute, minute, code), &n)
	if errors.Is(err, sql.ErrNoRows) {
		return session{}, 0, errNoSession(code)
	}
	if err != nil {
		return session{}, 0, fmt.Errorf("counting a %s in workshop %s: %w", strings.TrimSuffix(kind, "s"), code, err)
	}
	return ss, n, nil
}

// refundWorkshop takes back what countWorkshop counted for a request that
// then failed the checks it could make only with the session at hand (an
// item or value not in its questionnaire, a locked item, a device that has
// not joined): junk does not use up the room's budget. Only junk pays the
// extra statement; while it is on its way, the count is high by the junk
// requests in flight at that moment (a few per isolate), which a limit of
// hundreds a minute bears. A new minute has reset the counter already.
func (s store) refundWorkshop(ctx context.Context, id, kind, minute string) error {
	if kind != countJoin && kind != countAnswer {
		return fmt.Errorf("refundWorkshop: unknown counter %q", kind)
	}
	if _, err := s.db.ExecContext(ctx, `UPDATE workshops SET `+kind+` = `+kind+` - 1 WHERE id = ? AND rate_minute = ? AND `+kind+` > 0`,
		id, minute); err != nil {
		return fmt.Errorf("refunding a %s in workshop %s: %w", strings.TrimSuffix(kind, "s"), id, err)
	}
	return nil
}

// joinWorkshop records a participant; it reports whether they are new. A
// session that ended in the meantime takes no one (the caller checked it
// before; this closes the race), nor does a full room: the count and the
// insert are one statement, so two devices joining at once cannot both
// take the last place. A device that joined before is not new either
// way; joinRefused tells the cases apart.
func (s store) joinWorkshop(ctx context.Context, workshop, participant, now string) (bool, error) {
	var joined string
	err := s.db.QueryRowContext(ctx, `
		INSERT INTO workshop_participants (workshop, participant, joined)
		SELECT ?, ?, ? WHERE EXISTS (SELECT 1 FROM workshops WHERE id = ? AND ended IS NULL
			AND (room_size IS NULL OR room_size > (SELECT COUNT(*) FROM workshop_participants AS p WHERE p.workshop = ?)))
		ON CONFLICT DO NOTHING RETURNING joined`, workshop, participant, now, workshop, workshop).Scan(&joined)
	if errors.Is(err, sql.ErrNoRows) {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("joining workshop: %w", err)
	}
	return true, nil
}

// joinRefused says why a device that had not joined was not taken: the
// session has ended, or the room is full (size is its room size).
func (s store) joinRefused(ctx context.Context, workshop string) (ended bool, full bool, size int64, err error) {
	var e, f int64
	var rs sql.NullInt64
	err = s.db.QueryRowContext(ctx, `
		SELECT ended IS NOT NULL, room_size,
			room_size IS NOT NULL AND room_size <= (SELECT COUNT(*) FROM workshop_participants AS p WHERE p.workshop = workshops.id)
		FROM workshops WHERE id = ?`, workshop).Scan(&e, &rs, &f)
	if errors.Is(err, sql.ErrNoRows) {
		return true, false, 0, nil // removed: as good as ended
	}
	if err != nil {
		return false, false, 0, fmt.Errorf("reading why a join was refused: %w", err)
	}
	return e == 1, f == 1, rs.Int64, nil
}

// participantAnswers are one participant's answers so far, for a device that
// reloads or comes back. known is false for a participant who never joined.
// The answers come as one record of the compact format (package compact):
// item GS value US item GS value …
func (s store) participantAnswers(ctx context.Context, workshop, participant string) (answers lagesbild.Answers, known bool, err error) {
	var joined sql.NullString
	var text sql.NullString
	err = s.db.QueryRowContext(ctx, `
		SELECT (SELECT joined FROM workshop_participants WHERE workshop = ? AND participant = ?),
			(SELECT group_concat(item || char(29) || value, char(31)) FROM workshop_answers WHERE workshop = ? AND participant = ?)`,
		workshop, participant, workshop, participant).Scan(&joined, &text)
	if err != nil {
		return nil, false, fmt.Errorf("reading a participant's answers: %w", err)
	}
	answers = lagesbild.Answers{}
	d := compact.NewDecoder(text.String)
	if d.More() {
		rec := d.Next()
		if err := readAnswers(&rec, answers); err != nil {
			return nil, false, fmt.Errorf("reading a participant's answers: %w", err)
		}
	}
	return answers, joined.Valid, nil
}

// readAnswers reads a record of item GS value pairs into a.
func readAnswers(rec *compact.Record, a lagesbild.Answers) error {
	for rec.More() {
		item, value, err := rec.Pair()
		if err != nil {
			return err
		}
		a[item] = value
	}
	return nil
}

// Outcomes of answerWorkshop besides api.Created, api.Updated and
// api.Unchanged.
const (
	outcomeNotJoined = "not-joined"
	outcomeLocked    = "locked"
	outcomeEnded     = "ended"
)

// answerWorkshop stores one participant's answer to one item in one
// statement: a new answer is inserted, a changed one replaces the old value,
// the same one again changes nothing. The statement itself refuses an answer
// from a device that has not joined, to a locked item, or in an ended
// session, so a lock that arrives while the answer is on its way wins.
func (s store) answerWorkshop(ctx context.Context, workshop, participant, item, value, now string) (string, error) {
	var changes int64
	err := s.db.QueryRowContext(ctx, `
		INSERT INTO workshop_answers (workshop, participant, item, value, updated)
		SELECT ?, ?, ?, ?, ?
		WHERE EXISTS (SELECT 1 FROM workshop_participants WHERE workshop = ? AND participant = ?)
			AND EXISTS (SELECT 1 FROM workshops WHERE id = ? AND ended IS NULL
				AND NOT EXISTS (SELECT 1 FROM json_each(workshops.locked) WHERE json_each.value = ?))
		ON CONFLICT (workshop, participant, item) DO UPDATE SET
			value = excluded.value, changes = workshop_answers.changes + 1, updated = excluded.updated
		WHERE workshop_answers.value <> excluded.value
		RETURNING changes`,
		workshop, participant, item, value, now, workshop, participant, workshop, item).Scan(&changes)
	switch {
	case err == nil && changes == 0:
		return api.Created, nil
	case err == nil:
		return api.Updated, nil
	case !errors.Is(err, sql.ErrNoRows):
		return "", fmt.Errorf("storing an answer to %s: %w", item, err)
	}
	// Nothing written: find out why (rare, so a second read is fine).
	var joined, locked, ended int64
	var current sql.NullString
	err = s.db.QueryRowContext(ctx, `
		SELECT EXISTS (SELECT 1 FROM workshop_participants WHERE workshop = ? AND participant = ?),
			EXISTS (SELECT 1 FROM workshops, json_each(workshops.locked) WHERE workshops.id = ? AND json_each.value = ?),
			EXISTS (SELECT 1 FROM workshops WHERE id = ? AND ended IS NOT NULL),
			(SELECT value FROM workshop_answers WHERE workshop = ? AND participant = ? AND item = ?)`,
		workshop, participant, workshop, item, workshop, workshop, participant, item).Scan(&joined, &locked, &ended, &current)
	if err != nil {
		return "", fmt.Errorf("reading an answer to %s: %w", item, err)
	}
	switch {
	case joined == 0:
		return outcomeNotJoined, nil
	case ended == 1:
		return outcomeEnded, nil
	case locked == 1:
		return outcomeLocked, nil
	case current.String == value:
		return api.Unchanged, nil
	}
	return "", fmt.Errorf("storing an answer to %s: not stored, for no known reason", item)
}

// change is a facilitator's change of a session; nil fields stay as they are.
type change struct {
	Section  *string
	Revealed *bool    // false also hides the items revealed one by one
	Reveal   []string // item ids
	Hide     []string // item ids
	End      bool
	Lock     []string
	Unlock   []string
	RoomSize *int64 // 0: no limit
}

// changeWorkshop applies a facilitator's change in one statement, to a
// session that has not ended (the statement checks it, closing the race
// with a second tab that ends it). The new
// set of locked items is computed in SQL from the stored one, so two
// facilitator tabs locking different items at once both win. A change that
// changes nothing leaves the revisions alone (the trigger compares).
func (s store) changeWorkshop(ctx context.Context, id string, c change, now string) (session, error) {
	var section, revealed any // NULL: keep
	if c.Section != nil {
		section = *c.Section
	}
	hideAll := int64(0)
	if c.Revealed != nil {
		revealed = int64(0)
		if *c.Revealed {
			revealed = int64(1)
		} else {
			hideAll = 1
		}
	}
	reveal, err := json.Marshal(nonNil(c.Reveal))
	if err != nil {
		return session{}, fmt.Errorf("encoding reveal: %w", err)
	}
	hide, err := json.Marshal(nonNil(c.Hide))
	if err != nil {
		return session{}, fmt.Errorf("encoding hide: %w", err)
	}
	end := int64(0)
	if c.End {
		end = 1
	}
	setSize, size := int64(0), any(nil)
	if c.RoomSize != nil {
		setSize, size = 1, nullSize(*c.RoomSize)
	}
	lock, err := json.Marshal(nonNil(c.Lock))
	if err != nil {
		return session{}, fmt.Errorf("encoding lock: %w", err)
	}
	unlock, err := json.Marshal(nonNil(c.Unlock))
	if err != nil {
		return session{}, fmt.Errorf("encoding unlock: %w", err)
	}
	ss, err := scanSession(s.db.QueryRowContext(ctx, `
		UPDATE workshops SET
			section = COALESCE(?, section),
			revealed = COALESCE(?, revealed),
			ended = CASE WHEN ? = 1 THEN COALESCE(ended, ?) ELSE ended END,
			room_size = CASE WHEN ? = 1 THEN ? ELSE room_size END,
			locked = (SELECT json_group_array(v) FROM (
				SELECT j.value AS v FROM json_each(workshops.locked) AS j
				UNION SELECT k.value FROM json_each(?) AS k
				EXCEPT SELECT u.value FROM json_each(?) AS u
				ORDER BY 1)),
			revealed_items = CASE WHEN ? = 1 THEN '[]' ELSE (SELECT json_group_array(v) FROM (
				SELECT j.value AS v FROM json_each(workshops.revealed_items) AS j
				UNION SELECT k.value FROM json_each(?) AS k
				EXCEPT SELECT u.value FROM json_each(?) AS u
				ORDER BY 1)) END,
			last_activity = ?
		WHERE id = ? AND ended IS NULL
		RETURNING `+sessionColumns,
		section, revealed, end, now, setSize, size, string(lock), string(unlock), hideAll, string(reveal), string(hide), now, id))
	if errors.Is(err, sql.ErrNoRows) {
		// Ended by another tab since the caller read it (or purged, which
		// only an ended or idle session is).
		return session{}, lagesbild.Errorf(lagesbild.ESessionEnded, "code: the workshop session has ended and takes no changes")
	}
	if err != nil {
		return session{}, fmt.Errorf("changing workshop: %w", err)
	}
	return ss, nil
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

// room is everything the wall is computed from, read in one statement so
// that the figures and the revision they carry belong together.
type room struct {
	session
	Participants int
	Answered     int             // devices that answered anything
	Shown        lagesbild.Shown // the shown answers' counts per item and value
}

// reveal is what the room's facilitator has revealed.
func (rm room) reveal() lagesbild.Revealed {
	items := make(map[string]bool, len(rm.RevealedItems))
	for _, it := range rm.RevealedItems {
		items[it] = true
	}
	return lagesbild.Revealed{All: rm.Revealed, Items: items}
}

// workshopRoom reads a session with how many joined and answered and the
// counts of the shown answers (workshop_answers.shown, never value: what
// the last step of each item showed). Only counts cross from D1, never a
// device's answers, as one text in the compact format (package compact),
// since every value that crosses into Go costs under workerd (see
// store.aggregate): a record per item, its id and a field per value shown,
// value GS count. Item ids and option values are slugs, so the separators
// never occur in them.
func (s store) workshopRoom(ctx context.Context, code string) (room, error) {
	var (
		rm                     room
		participants, answered int64
		text                   sql.NullString
	)
	ss, err := scanSession(s.db.QueryRowContext(ctx, `
		SELECT `+sessionColumns+`,
			(SELECT COUNT(*) FROM workshop_participants AS p WHERE p.workshop = workshops.id),
			(SELECT COUNT(DISTINCT a.participant) FROM workshop_answers AS a WHERE a.workshop = workshops.id),
			(SELECT group_concat(rec, char(30)) FROM (
				SELECT item || char(31) || group_concat(shown || char(29) || n, char(31)) AS rec FROM (
					SELECT a.item, a.shown, COUNT(*) AS n
					FROM workshop_answers AS a JOIN workshops AS w ON w.id = a.workshop
					WHERE w.code = ? AND a.shown IS NOT NULL
					GROUP BY a.item, a.shown)
				GROUP BY item))
		FROM workshops WHERE code = ?`, code, code), &participants, &answered, &text)
	if errors.Is(err, sql.ErrNoRows) {
		return room{}, errNoSession(code)
	}
	if err != nil {
		return room{}, fmt.Errorf("reading workshop %s: %w", code, err)
	}
	rm.session, rm.Participants, rm.Answered = ss, int(participants), int(answered)
	if rm.Shown, err = parseShown(text.String); err != nil {
		return room{}, fmt.Errorf("reading workshop %s: %w", code, err)
	}
	return rm, nil
}

// parseShown reads the shown counts of workshopRoom.
func parseShown(text string) (lagesbild.Shown, error) {
	out := lagesbild.Shown{}
	for d := compact.NewDecoder(text); d.More(); {
		rec := d.Next()
		item, err := rec.Field()
		if err != nil {
			return nil, err
		}
		if item == "" || strings.ContainsRune(item, compact.GS) || !rec.More() {
			return nil, fmt.Errorf("shown counts: a record without an item or counts: %q", rec.String())
		}
		counts := map[string]int{}
		for rec.More() {
			value, n, err := rec.Pair()
			if err != nil {
				return nil, err
			}
			c, err := strconv.Atoi(n)
			if err != nil || c < 1 || value == "" {
				return nil, fmt.Errorf("shown counts of %s: %q: %q is not a count", item, value, n)
			}
			counts[value] = c
		}
		out[item] = counts
	}
	return out, nil
}
