package worker

import (
	"bytes"
	"context"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/hex"
	"fmt"
	"maps"
	"net/http"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"lagesbild"
	"lagesbild/api"
)

// Workshop sessions (issue 5). A facilitator creates a session and gets a
// join code and a private token; participants join with the code from their
// phones and answer anonymously; a projector wall and the facilitator's page
// poll the room's figures; the facilitator can save the room's settled
// answers as a municipality's response for a round.
//
// Workers in Go have no WebSockets and no Durable Objects (PLATFORM.md), so
// live updates are polling: every change the wall shows bumps the session's
// revision in the same SQL statement (triggers), the revision is the ETag,
// and a poll whose If-None-Match still matches costs one small SELECT and
// answers 304.
//
// The wall cannot be taken apart (issue 11; the core's workshop.go says
// why, THREATS.md for whom): an item's figures show after the reveal and on
// at least lagesbild.WallMin devices, and then change only in steps of that
// many new or changed answers (migrations/0006_wall.sql keeps each answer's
// shown value and takes the steps, inside the statement that stores an
// answer or reveals); while hidden, the wall says how many joined and
// answered, nothing per item or section; a changed answer that is no step
// leaves the wall, and its ETag, as they were. The facilitator may set a
// room size: joins beyond it are refused (room_full), so one person cannot
// silently become several devices.
//
// Who may do what:
//   - anyone may create a session (it holds nothing until people answer);
//   - the join code lets anyone read the session's state and its wall, join,
//     and answer as the device that joined;
//   - the facilitator's token (Authorization: Bearer) moves the room, locks
//     items, reveals results, ends the session and saves into a round; only
//     its SHA-256 is stored.

const (
	// workshopTTL is how long a session lives without a join, an answer or a
	// facilitator action. Polls do not count: a wall left open on a
	// projector must not keep a session alive for ever.
	workshopTTL = 48 * time.Hour
	// DefaultMaxWorkshops is how many workshop sessions may run at once
	// unless Config says otherwise: far more rooms than a country's
	// counties and municipalities hold in one day.
	DefaultMaxWorkshops = 500

	// Limits per session and minute. A facilitator may set lower ones when
	// creating a session; these are the highest (and the defaults). They let
	// a room of a few hundred join within a minute and answer a section at
	// once, and stop a script flooding a session.
	maxJoinsPerMinute   = 600
	maxAnswersPerMinute = 6000

	// defaultWorkshopQuestionnaire is the short questionnaire made for a room.
	defaultWorkshopQuestionnaire = "workshop"

	// workshopRole marks a response saved from a workshop (responses.role).
	workshopRole = lagesbild.RoleWorkshop

	// maxRoomSize is the largest room size a facilitator may set: more than
	// a room holds, less than would let the limit mean nothing.
	maxRoomSize = 5000
)

// workshopRoutes registers the workshop routes on the API's mux.
func (s *server) workshopRoutes(handle func(pattern string, h func(http.ResponseWriter, *http.Request) error)) {
	handle("POST /api/workshops", s.createWorkshop)
	handle("GET /api/workshops/{code}", s.workshopState)
	handle("PATCH /api/workshops/{code}", s.changeWorkshop)
	handle("POST /api/workshops/{code}/participants", s.joinWorkshop)
	handle("POST /api/workshops/{code}/answers", s.answerWorkshop)
	handle("GET /api/workshops/{code}/wall", s.workshopWall)
	handle("GET /api/workshops/{code}/qr.svg", s.workshopQR)
	handle("POST /api/workshops/{code}/response", s.saveWorkshop)
}

// JoinLinks are the pages of a session, relative to the site.
func JoinLinks(code, token string) (join, facilitator, wall string) {
	return "/join/?code=" + code, "/workshop/?code=" + code + "#token=" + token, "/wall/?code=" + code
}

// sessionView is a session as the API shows it to anyone with its code.
func (s *server) sessionView(ss session) api.Session {
	locked := ss.Locked
	if locked == nil {
		locked = []string{}
	}
	var items []string
	if len(ss.RevealedItems) > 0 {
		items = ss.RevealedItems
	}
	return api.Session{Code: ss.Code, Questionnaire: ss.Questionnaire, Version: ss.Version, Section: ss.Section,
		Locked: locked, Revealed: ss.Revealed, RevealedItems: items, Ended: ss.Ended != "", Expires: s.expires(ss.LastActivity),
		Limits:   api.Limits{JoinsPerMinute: int(ss.JoinLimit), AnswersPerMinute: int(ss.AnswerLimit)},
		RoomSize: int(ss.RoomSize)}
}

// expires is when a session last active at lastActivity expires.
func (s *server) expires(lastActivity string) string {
	t, err := time.Parse(timeLayout, lastActivity)
	if err != nil {
		return ""
	}
	return t.Add(workshopTTL).Format(timeLayout)
}

// checkAlive refuses a session that has been inactive for workshopTTL. It
// is checked on every access, so no job has to end sessions; they are
// deleted when the next session is created.
func (s *server) checkAlive(code, lastActivity string) error {
	if lastActivity < s.workshopCutoff() {
		return lagesbild.Errorf(lagesbild.ESessionExpired, "code: workshop session %s has expired: %d hours passed without activity", code, int(workshopTTL.Hours()))
	}
	return nil
}

func (s *server) workshopCutoff() string {
	return s.now().UTC().Add(-workshopTTL).Format(timeLayout)
}

// joinCode reads the {code} of the path.
func joinCode(r *http.Request) (string, error) {
	raw := r.PathValue("code")
	code, ok := lagesbild.NormalizeJoinCode(raw)
	if !ok {
		return "", lagesbild.Errorf(lagesbild.EInvalid, "code: want %d letters and digits such as ACD-EFG, got %q", lagesbild.JoinCodeLength, clip(raw))
	}
	return code, nil
}

// hashToken is the stored form of a facilitator token.
func hashToken(token string) string {
	sum := sha256.Sum256([]byte(token))
	return hex.EncodeToString(sum[:])
}

// isFacilitator reports whether token is the session's facilitator token, in
// constant time.
func isFacilitator(ss session, token string) bool {
	return token != "" && subtle.ConstantTimeCompare([]byte(hashToken(token)), []byte(ss.Token)) == 1
}

// facilitated reads the session of the request's code and checks the
// facilitator's token.
func (s *server) facilitated(r *http.Request) (session, error) {
	code, err := joinCode(r)
	if err != nil {
		return session{}, err
	}
	token := bearer(r)
	if token == "" {
		return session{}, lagesbild.Errorf(lagesbild.EUnauthorized, "Authorization: the facilitator's token is needed")
	}
	ss, err := s.store.workshop(r.Context(), code)
	if err != nil {
		return session{}, err
	}
	if !isFacilitator(ss, token) {
		return session{}, lagesbild.Errorf(lagesbild.EForbidden, "Authorization: not the facilitator's token of session %s", code)
	}
	if err := s.checkAlive(code, ss.LastActivity); err != nil {
		return session{}, err
	}
	return ss, nil
}

// randomHex is n random bytes in hex.
func randomHex(n int) (string, error) {
	b := make([]byte, n)
	if _, err := rand.Read(b); err != nil {
		return "", fmt.Errorf("reading random bytes: %w", err)
	}
	return hex.EncodeToString(b), nil
}

func (s *server) createWorkshop(w http.ResponseWriter, r *http.Request) error {
	var req api.NewWorkshop
	// An empty request is the default session, so a facilitator can start
	// one with a bare POST.
	if r.Header.Get("Content-Type") != "" || r.ContentLength > 0 {
		body, err := readJSON(r)
		if err != nil {
			return err
		}
		if len(bytes.TrimSpace(body)) > 0 {
			if err := decodeJSON(body, &req); err != nil {
				return err
			}
		}
	}
	if req.Questionnaire == "" {
		req.Questionnaire = defaultWorkshopQuestionnaire
	}
	if req.Version < 0 {
		return lagesbild.Errorf(lagesbild.EInvalid, "version: want a whole number >= 1 (or 0 for the latest), got %d", req.Version)
	}
	q, err := s.catalog.Get(req.Questionnaire, req.Version)
	if err != nil {
		return lagesbild.Errorf(lagesbild.EInvalid, "questionnaire: %s", lagesbild.ErrorMessage(err))
	}
	if len(q.Sections) == 0 {
		return lagesbild.Errorf(lagesbild.EInvalid, "questionnaire: %s v%d has no sections", q.ID, q.Version)
	}
	lim := api.Limits{JoinsPerMinute: maxJoinsPerMinute, AnswersPerMinute: maxAnswersPerMinute}
	if req.Limits != nil {
		if err := lowerLimit("limits.joinsPerMinute", req.Limits.JoinsPerMinute, &lim.JoinsPerMinute); err != nil {
			return err
		}
		if err := lowerLimit("limits.answersPerMinute", req.Limits.AnswersPerMinute, &lim.AnswersPerMinute); err != nil {
			return err
		}
	}
	if err := checkRoomSize("roomSize", req.RoomSize); err != nil {
		return err
	}
	// Expired sessions go when new ones come: no scheduled job is needed,
	// and nothing of a room outlives its 48 hours by much.
	if err := s.store.purgeWorkshops(r.Context(), s.workshopCutoff()); err != nil {
		return err
	}
	// Creating a session needs no account, so the number running at once
	// is capped: the table cannot be filled by a script, and a session
	// that ends or goes quiet for 48 hours frees its place. (A check before
	// the insert: two creations at the same moment may pass it together,
	// which a cap can bear.)
	running, err := s.store.runningWorkshops(r.Context())
	if err != nil {
		return err
	}
	if running >= s.maxRooms {
		// How many run is nobody's business: the message does not say.
		return lagesbild.Errorf(lagesbild.ETooMany, "workshops: as many sessions run as this service keeps at once; "+
			"try again when one has ended or been idle for %d hours", int(workshopTTL.Hours()))
	}
	id, err := randomHex(16)
	if err != nil {
		return err
	}
	token, err := randomHex(16)
	if err != nil {
		return err
	}
	now := s.nowString()
	ss := session{ID: id, Token: hashToken(token), Questionnaire: q.ID, Version: q.Version, Section: q.Sections[0].ID,
		JoinLimit: int64(lim.JoinsPerMinute), AnswerLimit: int64(lim.AnswersPerMinute), RoomSize: int64(req.RoomSize),
		MinAnswers: int64(lagesbild.WallMin(s.rules)), Created: now, LastActivity: now}
	// A code taken by a live session is drawn again; with 25^6 codes a
	// second collision is all but impossible.
	for try := 0; ; try++ {
		if ss.Code, err = lagesbild.NewJoinCode(rand.Reader); err != nil {
			return fmt.Errorf("making a join code: %w", err)
		}
		ok, err := s.store.createWorkshop(r.Context(), ss)
		if err != nil {
			return err
		}
		if ok {
			break
		}
		if try == 5 {
			return fmt.Errorf("creating a workshop session: no free join code in %d tries", try+1)
		}
	}
	join, facilitator, wall := JoinLinks(ss.Code, token)
	writeJSON(w, http.StatusCreated, api.Workshop{Code: ss.Code, Token: token, Join: join, Facilitator: facilitator, Wall: wall,
		Session: s.sessionView(ss)})
	return nil
}

// lowerLimit sets *limit to v when v is given (not 0) and within 1..*limit.
func lowerLimit(field string, v int, limit *int) error {
	switch {
	case v == 0:
		return nil
	case v < 0 || v > *limit:
		return lagesbild.Errorf(lagesbild.EInvalid, "%s: want 1–%d, got %d", field, *limit, v)
	}
	*limit = v
	return nil
}

// checkRoomSize checks a room size: 0 (no limit) or 1–maxRoomSize.
func checkRoomSize(field string, n int) error {
	if n < 0 || n > maxRoomSize {
		return lagesbild.Errorf(lagesbild.EInvalid, "%s: want the number of people in the room, 1–%d (0: no limit), got %d", field, maxRoomSize, n)
	}
	return nil
}

// etagMatches reports whether an If-None-Match header names etag.
func etagMatches(header, etag string) bool {
	for _, t := range strings.Split(header, ",") {
		t = strings.TrimPrefix(strings.TrimSpace(t), "W/")
		if t == etag || t == "*" {
			return true
		}
	}
	return false
}

// notModified answers 304 for a poll whose ETag still matches.
func notModified(w http.ResponseWriter, etag string) {
	w.Header().Set("ETag", etag)
	w.Header().Set("Cache-Control", "private, no-cache")
	w.WriteHeader(http.StatusNotModified)
}

// pollHeaders are the headers of an answer that is polled: it may be kept,
// but must be revalidated (If-None-Match) every time.
func pollHeaders(w http.ResponseWriter, etag string) {
	w.Header().Set("ETag", etag)
	w.Header().Set("Cache-Control", "private, no-cache")
	w.Header().Set("Vary", "Authorization")
}

// stateETag and wallETag name a revision of a session; the id's start keeps
// a later session with the same code from matching.
func stateETag(id string, rev int64, facilitator bool) string {
	f := ""
	if facilitator {
		f = "f"
	}
	return `"s` + f + `-` + id[:8] + `-` + strconv.FormatInt(rev, 10) + `"`
}

func wallETag(id string, rev int64) string {
	return `"w-` + id[:8] + `-` + strconv.FormatInt(rev, 10) + `"`
}

// workshopState answers GET /api/workshops/{code}: what participants follow
// (the section, the locks, whether it ended). With the facilitator's token
// it says so (facilitator: true); with another token it is refused, so a
// wrong facilitator link is noticed.
func (s *server) workshopState(w http.ResponseWriter, r *http.Request) error {
	code, err := joinCode(r)
	if err != nil {
		return err
	}
	ss, err := s.store.workshop(r.Context(), code)
	if err != nil {
		return err
	}
	if err := s.checkAlive(code, ss.LastActivity); err != nil {
		return err
	}
	token := bearer(r)
	if token != "" && !isFacilitator(ss, token) {
		return lagesbild.Errorf(lagesbild.EForbidden, "Authorization: not the facilitator's token of session %s", code)
	}
	etag := stateETag(ss.ID, ss.StateRevision, token != "")
	if etagMatches(r.Header.Get("If-None-Match"), etag) {
		notModified(w, etag)
		return nil
	}
	v := s.sessionView(ss)
	v.Facilitator, v.ETag = token != "", etag
	pollHeaders(w, etag)
	writeJSON(w, http.StatusOK, v)
	return nil
}

// workshopWall answers GET /api/workshops/{code}/wall: the room's figures
// as the core computes them (lagesbild.Room) from the shown answers' counts
// (never the answers now: see 0006_wall.sql), hidden until the facilitator
// reveals them, each item until its answers rest on WallMin devices. A poll
// with a matching If-None-Match reads one small row and answers 304; the
// ETag moves only when what the wall shows does.
func (s *server) workshopWall(w http.ResponseWriter, r *http.Request) error {
	code, err := joinCode(r)
	if err != nil {
		return err
	}
	if inm := r.Header.Get("If-None-Match"); inm != "" {
		rv, err := s.store.workshopRevisions(r.Context(), code)
		if err != nil {
			return err
		}
		if err := s.checkAlive(code, rv.LastActivity); err != nil {
			return err
		}
		if etag := wallETag(rv.ID, rv.Revision); etagMatches(inm, etag) {
			notModified(w, etag)
			return nil
		}
	}
	rm, err := s.store.workshopRoom(r.Context(), code)
	if err != nil {
		return err
	}
	if err := s.checkAlive(code, rm.LastActivity); err != nil {
		return err
	}
	q, err := s.catalog.Get(rm.Questionnaire, rm.Version)
	if err != nil {
		return fmt.Errorf("workshop %s: questionnaire %s v%d: %w", code, rm.Questionnaire, rm.Version, err)
	}
	locked := make(map[string]bool, len(rm.Locked))
	for _, id := range rm.Locked {
		locked[id] = true
	}
	etag := wallETag(rm.ID, rm.Revision)
	rules := s.rules
	rules.MinRespondents = int(rm.MinAnswers) - 1 // the session's own, from when it was created
	v := api.Wall{Session: s.sessionView(rm.session), MinRespondents: rules.MinRespondents, MinAnswers: int(rm.MinAnswers),
		Wall: lagesbild.RoomOf(q, rm.Participants, rm.Answered, rm.Shown, rm.reveal(), locked, rules), ETag: etag}
	// The wall names no moment: its expiry would move with every answer
	// (the last activity) and tell when each came; the state has it.
	v.Session.ETag, v.Session.Expires = "", ""
	pollHeaders(w, etag)
	writeJSON(w, http.StatusOK, v)
	return nil
}

// participantKey is what is stored for a device: a hash of its id with the
// session's, so the same device cannot be followed across sessions.
func participantKey(sessionID, participant string) string {
	sum := sha256.Sum256([]byte(sessionID + "\x00" + participant))
	return hex.EncodeToString(sum[:16])
}

func readParticipant(field, v string) (string, error) {
	p := strings.ToLower(v)
	if !lagesbild.IsUUID(p) {
		return "", lagesbild.Errorf(lagesbild.EInvalid, "%s: want a UUID such as 7c9e6679-7425-40de-944b-e07fc1f90ae7, got %q", field, clip(v))
	}
	return p, nil
}

// minute is the rate counters' current minute.
func (s *server) minute() string { return s.now().UTC().Format("2006-01-02T15:04") }

// running counts a join or an answer (kind) in session code's current
// minute and returns the session with the count; a session that has expired
// or ended takes neither. minute is the counter's minute (s.minute()), the
// one a refund names.
func (s *server) running(ctx context.Context, code, kind, minute string) (session, int64, error) {
	ss, n, err := s.store.countWorkshop(ctx, code, kind, minute)
	if err != nil {
		return session{}, 0, err
	}
	if err := s.checkAlive(code, ss.LastActivity); err != nil {
		return session{}, 0, err
	}
	if ss.Ended != "" {
		return session{}, 0, errEnded(code)
	}
	return ss, n, nil
}

func errEnded(code string) error {
	return lagesbild.Errorf(lagesbild.ESessionEnded, "code: workshop session %s has ended; it takes no more answers", code)
}

// joinWorkshop answers POST /api/workshops/{code}/participants: 201 for a new
// device, 200 for one that joined before (with its answers).
func (s *server) joinWorkshop(w http.ResponseWriter, r *http.Request) error {
	code, err := joinCode(r)
	if err != nil {
		return err
	}
	var req api.Join
	if err := decodeBody(r, &req); err != nil {
		return err
	}
	pid, err := readParticipant("participant", req.Participant)
	if err != nil {
		return err
	}
	ss, n, err := s.running(r.Context(), code, countJoin, s.minute())
	if err != nil {
		return err
	}
	if n > ss.JoinLimit {
		return lagesbild.Errorf(lagesbild.ERateLimited, "participant: over the session's joins per minute; try again in a minute")
	}
	key := participantKey(ss.ID, pid)
	isNew, err := s.store.joinWorkshop(r.Context(), ss.ID, key, s.nowString())
	if err != nil {
		return err
	}
	v := api.Joined{Participant: pid, New: isNew, Answers: lagesbild.Answers{}, Session: s.sessionView(ss)}
	status := http.StatusCreated
	if !isNew {
		answers, known, err := s.store.participantAnswers(r.Context(), ss.ID, key)
		if err != nil {
			return err
		}
		if !known { // not taken: the room is full, or the session ended meanwhile
			ended, full, size, err := s.store.joinRefused(r.Context(), ss.ID)
			switch {
			case err != nil:
				return err
			case ended:
				return errEnded(code)
			case full:
				return lagesbild.Errorf(lagesbild.ERoomFull, "participant: session %s has as many devices as its room size (%d); "+
					"the facilitator may raise it", code, size)
			}
			return fmt.Errorf("joining workshop %s: not joined, for no known reason", code)
		}
		v.Answers, status = answers, http.StatusOK
	}
	writeJSON(w, status, v)
	return nil
}

// answerWorkshop answers POST /api/workshops/{code}/answers: 201 for a first
// answer to the item, 200 for a changed or repeated one; 409 for a locked
// item, an ended session or a device that has not joined.
func (s *server) answerWorkshop(w http.ResponseWriter, r *http.Request) error {
	code, err := joinCode(r)
	if err != nil {
		return err
	}
	var req api.Answer
	if err := decodeBody(r, &req); err != nil {
		return err
	}
	pid, err := readParticipant("participant", req.Participant)
	if err != nil {
		return err
	}
	if req.Item == "" {
		return lagesbild.Errorf(lagesbild.EInvalid, "item: missing")
	}
	minute := s.minute()
	ss, n, err := s.running(r.Context(), code, countAnswer, minute)
	if err != nil {
		return err
	}
	if n > ss.AnswerLimit {
		return lagesbild.Errorf(lagesbild.ERateLimited, "item: over the session's answers per minute; try again in a minute")
	}
	q, err := s.catalog.Get(ss.Questionnaire, ss.Version)
	if err != nil {
		return fmt.Errorf("workshop %s: questionnaire %s v%d: %w", code, ss.Questionnaire, ss.Version, err)
	}
	// A request that fails these checks gives back what it was counted.
	var refused error
	it, ok := q.Item(req.Item)
	switch {
	case !ok:
		refused = lagesbild.Errorf(lagesbild.EInvalid, "item: no item %q in %s v%d", clip(req.Item), q.ID, q.Version)
	case !validOption(it, req.Value):
		refused = lagesbild.Errorf(lagesbild.EInvalid, "value: %q is not one of the options of %s", clip(req.Value), it.ID)
	case ss.isLocked(it.ID):
		refused = errLocked(it.ID)
	}
	if refused != nil {
		if err := s.store.refundWorkshop(r.Context(), ss.ID, countAnswer, minute); err != nil {
			return err
		}
		return refused
	}
	outcome, err := s.store.answerWorkshop(r.Context(), ss.ID, participantKey(ss.ID, pid), it.ID, req.Value, s.nowString())
	if err != nil {
		return err
	}
	switch outcome {
	case outcomeNotJoined:
		if err := s.store.refundWorkshop(r.Context(), ss.ID, countAnswer, minute); err != nil {
			return err
		}
		return lagesbild.Errorf(lagesbild.ENotJoined, "participant: this device has not joined session %s; join first", code)
	case outcomeEnded:
		return errEnded(code)
	case outcomeLocked:
		return errLocked(it.ID)
	}
	status := http.StatusOK
	if outcome == api.Created {
		status = http.StatusCreated
	}
	writeJSON(w, status, api.Answered{Item: it.ID, Value: req.Value, Outcome: outcome, State: stateETag(ss.ID, ss.StateRevision, false)})
	return nil
}

func validOption(it *lagesbild.Item, value string) bool {
	_, ok := it.Option(value)
	return ok
}

func errLocked(item string) error {
	return lagesbild.Errorf(lagesbild.EItemLocked, "item: %s is locked by the facilitator and takes no answers now", item)
}

// changeWorkshop answers PATCH /api/workshops/{code} (facilitator): move the
// room to a section, lock and unlock items, reveal or hide the results, set
// the room size, end the session — in one statement, however many of these
// at once. A room size below the devices joined keeps them all and takes no
// more.
func (s *server) changeWorkshop(w http.ResponseWriter, r *http.Request) error {
	ss, err := s.facilitated(r)
	if err != nil {
		return err
	}
	// Ended is ended: no change at all (a change would count as activity
	// and keep the room's answers 48 hours longer).
	if ss.Ended != "" {
		return lagesbild.Errorf(lagesbild.ESessionEnded, "code: workshop session %s has ended and takes no changes; create a new one", ss.Code)
	}
	var req api.Change
	if err := decodeBody(r, &req); err != nil {
		return err
	}
	q, err := s.catalog.Get(ss.Questionnaire, ss.Version)
	if err != nil {
		return fmt.Errorf("workshop %s: questionnaire %s v%d: %w", ss.Code, ss.Questionnaire, ss.Version, err)
	}
	c := change{Section: req.Section, Revealed: req.Revealed}
	if req.Section == nil && req.Revealed == nil && req.Ended == nil && req.Lock == nil && req.Unlock == nil && req.RoomSize == nil &&
		req.Reveal == nil && req.Hide == nil {
		return lagesbild.Errorf(lagesbild.EInvalid, "body: nothing to change; give section, revealed, reveal, hide, ended, lock, unlock or roomSize")
	}
	if c.Reveal, err = revealIDs(q, "reveal", req.Reveal); err != nil {
		return err
	}
	if c.Hide, err = revealIDs(q, "hide", req.Hide); err != nil {
		return err
	}
	for _, id := range c.Hide {
		if slices.Contains(c.Reveal, id) {
			return lagesbild.Errorf(lagesbild.EInvalid, "hide: %s is also revealed", id)
		}
	}
	if req.RoomSize != nil {
		if err := checkRoomSize("roomSize", *req.RoomSize); err != nil {
			return err
		}
		n := int64(*req.RoomSize)
		c.RoomSize = &n
	}
	if req.Section != nil && !hasSection(q, *req.Section) {
		return lagesbild.Errorf(lagesbild.EInvalid, "section: no section %q in %s v%d", clip(*req.Section), q.ID, q.Version)
	}
	if req.Ended != nil {
		c.End = *req.Ended
	}
	unlocking := map[string]bool{}
	for i, id := range req.Unlock {
		it, ok := q.Item(id)
		if !ok {
			return lagesbild.Errorf(lagesbild.EInvalid, "unlock[%d]: no item %q in %s v%d", i, clip(id), q.ID, q.Version)
		}
		unlocking[it.ID] = true
		c.Unlock = append(c.Unlock, it.ID)
	}
	for i, id := range req.Lock {
		it, ok := q.Item(id)
		if !ok {
			return lagesbild.Errorf(lagesbild.EInvalid, "lock[%d]: no item %q in %s v%d", i, clip(id), q.ID, q.Version)
		}
		if unlocking[it.ID] {
			return lagesbild.Errorf(lagesbild.EInvalid, "lock[%d]: %s is also in unlock", i, it.ID)
		}
		c.Lock = append(c.Lock, it.ID)
	}
	ss, err = s.store.changeWorkshop(r.Context(), ss.ID, c, s.nowString())
	if err != nil {
		return err
	}
	v := s.sessionView(ss)
	v.Facilitator = true
	writeJSON(w, http.StatusOK, v)
	return nil
}

// revealIDs expands the section and item ids of a reveal or hide to item
// ids, sorted: D1 keeps the revealed items, since it knows no sections.
func revealIDs(q *lagesbild.Questionnaire, field string, ids []string) ([]string, error) {
	for i, id := range ids {
		if _, ok := q.Item(id); !ok && !hasSection(q, id) {
			return nil, lagesbild.Errorf(lagesbild.EInvalid, "%s[%d]: no section or item %q in %s v%d", field, i, clip(id), q.ID, q.Version)
		}
	}
	if len(ids) == 0 {
		return nil, nil
	}
	items := lagesbild.RevealItems(q, ids)
	return slices.Sorted(maps.Keys(items)), nil
}

func hasSection(q *lagesbild.Questionnaire, id string) bool {
	for _, sec := range q.Sections {
		if sec.ID == id {
			return true
		}
	}
	return false
}

// saveWorkshop answers POST /api/workshops/{code}/response (facilitator):
// the room's settled answers become the municipality's response for a round,
// stored by storeResponse as POST /api/responses stores one (the same checks
// of code, round, dates, questionnaire and answers, the same statement), with
// role "workshop" and a response id derived from the session, round and
// municipality, so saving again updates that one response instead of adding
// one. Authorization carries the facilitator's token, so the invite code is
// a field of the body, resolved as Authorization's code is. Items the round's
// questionnaire does not have are left out and listed as skipped.
func (s *server) saveWorkshop(w http.ResponseWriter, r *http.Request) error {
	ss, err := s.facilitated(r)
	if err != nil {
		return err
	}
	var req api.Save
	if err := decodeBody(r, &req); err != nil {
		return err
	}
	if !isSlug(req.Round, 32) {
		return lagesbild.Errorf(lagesbild.EInvalid, "round: want a round id, got %q", clip(req.Round))
	}
	if len(req.Answers) == 0 {
		return lagesbild.Errorf(lagesbild.EInvalid, "answers: missing or empty; settle at least one item")
	}
	q, err := s.catalog.Get(ss.Questionnaire, ss.Version)
	if err != nil {
		return fmt.Errorf("workshop %s: questionnaire %s v%d: %w", ss.Code, ss.Questionnaire, ss.Version, err)
	}
	if err := q.Check(req.Answers); err != nil {
		return err
	}
	rd, a, err := s.accessIn(r.Context(), req.Round, req.InviteCode, "inviteCode")
	if err != nil {
		return bodyRound(err, req.Round)
	}
	if req.InviteCode == "" && !rd.OpenToAll {
		return lagesbild.Errorf(lagesbild.EInvalid, "inviteCode: missing; round %q takes responses with the municipality's invite code", rd.ID)
	}
	muni := req.Municipality
	if muni == "" && a.Kind == api.KindMunicipality {
		muni = a.Unit
	}
	if muni == "" {
		return lagesbild.Errorf(lagesbild.EInvalid, "municipality: missing; give the kommunkod the response is for (a municipality's invite code implies it)")
	}
	if _, ok := lagesbild.MunicipalityByCode(muni); !ok {
		return lagesbild.Errorf(lagesbild.EInvalid, "municipality: %q is not a kommunkod", clip(muni))
	}
	rq, err := s.questionnaireOf(rd)
	if err != nil {
		return err
	}
	mapped, skipped := mapAnswers(req.Answers, rq)
	if len(mapped) == 0 {
		return lagesbild.Errorf(lagesbild.EInvalid, "answers: none of the settled items is in round %q's questionnaire %s v%d", rd.ID, rq.ID, rq.Version)
	}
	resp := api.Response{ID: workshopResponseID(ss.ID, rd.ID, muni), Round: rd.ID, Questionnaire: rq.ID, Version: rq.Version,
		Municipality: muni, Role: workshopRole, Answers: mapped}
	st, err := s.storeResponse(r.Context(), rd, a, resp)
	if err != nil {
		return err
	}
	st.Municipality, st.Role, st.Skipped = muni, workshopRole, skipped
	writeJSON(w, storedStatus(st), st)
	return nil
}

// mapAnswers keeps the answers that the round's questionnaire can take:
// the workshop questionnaire shares item ids and scales with kommun, so
// these are the shared items; the rest are skipped, sorted.
func mapAnswers(a lagesbild.Answers, q *lagesbild.Questionnaire) (lagesbild.Answers, []string) {
	mapped := lagesbild.Answers{}
	skipped := []string{}
	for id, v := range a {
		it, ok := q.Item(id)
		if !ok {
			skipped = append(skipped, id)
			continue
		}
		if _, ok := it.Option(v); !ok {
			skipped = append(skipped, id)
			continue
		}
		mapped[it.ID] = v
	}
	sort.Strings(skipped)
	return mapped, skipped
}

// workshopResponseID is the id of the response a session saves for a
// municipality in a round: a name-based UUID (version 5 layout over
// SHA-256), the same every time, so saving again is idempotent.
func workshopResponseID(sessionID, round, municipality string) string {
	sum := sha256.Sum256([]byte("lagesbild workshop response\x00" + sessionID + "\x00" + round + "\x00" + municipality))
	return lagesbild.FormatUUID([16]byte(sum[:16]), 5)
}
