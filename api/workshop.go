package api

import "lagesbild"

// Limits are a workshop session's rate limits.
type Limits struct {
	JoinsPerMinute   int `json:"joinsPerMinute"`
	AnswersPerMinute int `json:"answersPerMinute"`
}

// Session is GET /api/workshops/{code}: the session's state.
type Session struct {
	Code          string   `json:"code"`
	Questionnaire string   `json:"questionnaire"`
	Version       int      `json:"version"`
	Section       string   `json:"section"`  // the section the room is on
	Locked        []string `json:"locked"`   // item ids that take no answers
	Revealed      bool     `json:"revealed"` // all items' results
	// RevealedItems are the items whose results are revealed one section
	// (or item) at a time, sorted; all of them when Revealed.
	RevealedItems []string `json:"revealedItems,omitempty"`
	Ended         bool     `json:"ended"`
	Expires       string   `json:"expires"` // 48 h after the last activity
	Limits        Limits   `json:"limits"`
	// RoomSize is the most devices that may join (the facilitator sets it
	// to the people present); 0: no limit.
	RoomSize    int  `json:"roomSize,omitempty"`
	Facilitator bool `json:"facilitator,omitempty"` // the request carried the facilitator's token
	// ETag is the state's entity tag (also the ETag header), for pollers
	// that keep the JSON but not the headers.
	ETag string `json:"etag,omitempty"`
}

// IsLocked reports whether an item is locked.
func (s *Session) IsLocked(item string) bool {
	for _, l := range s.Locked {
		if l == item {
			return true
		}
	}
	return false
}

// NewWorkshop is the body of POST /api/workshops.
type NewWorkshop struct {
	Questionnaire string  `json:"questionnaire"`      // default: the workshop questionnaire
	Version       int     `json:"version"`            // 0: the latest
	Limits        *Limits `json:"limits"`             // lower limits than the defaults
	RoomSize      int     `json:"roomSize,omitempty"` // the most devices that may join; 0: no limit
}

// Workshop answers POST /api/workshops: a new session.
type Workshop struct {
	Code        string  `json:"code"`
	Token       string  `json:"token"`       // the facilitator's, shown this once
	Join        string  `json:"join"`        // the participants' page, with the code
	Facilitator string  `json:"facilitator"` // the facilitator's page; the token is in the fragment, never sent to a server
	Wall        string  `json:"wall"`        // the projector's page
	Session     Session `json:"session"`
}

// Wall is GET /api/workshops/{code}/wall: the room's figures.
type Wall struct {
	Session        Session `json:"session"`
	MinRespondents int     `json:"minRespondents"` // k: no figure says anything about fewer than k others
	// MinAnswers is lagesbild.WallMin (k + 1): an item's figures rest on at
	// least this many answers, and change only once this many of its
	// answers are new or changed.
	MinAnswers int            `json:"minAnswers"`
	Wall       lagesbild.Wall `json:"wall"`
	ETag       string         `json:"etag"`
}

// Tally returns the tally of an item.
func (w *Wall) Tally(item string) (lagesbild.Tally, bool) {
	for _, t := range w.Wall.Items {
		if t.Item == item {
			return t, true
		}
	}
	return lagesbild.Tally{}, false
}

// Join is the body of POST /api/workshops/{code}/participants.
type Join struct {
	Participant string `json:"participant"` // a random UUID the device keeps
}

// Joined answers POST /api/workshops/{code}/participants.
type Joined struct {
	Participant string            `json:"participant"`
	New         bool              `json:"new"`
	Answers     lagesbild.Answers `json:"answers"` // the device's earlier answers
	Session     Session           `json:"session"`
}

// Answer is the body of POST /api/workshops/{code}/answers.
type Answer struct {
	Participant string `json:"participant"`
	Item        string `json:"item"`
	Value       string `json:"value"`
}

// Answered answers POST /api/workshops/{code}/answers.
type Answered struct {
	Item    string `json:"item"`
	Value   string `json:"value"`
	Outcome string `json:"outcome"` // Created, Updated or Unchanged
	// State is the ETag of the session's state as the answer found it: a
	// phone that holds another one polls now, so it can poll rarely while it
	// answers nothing.
	State string `json:"state"`
}

// Change is the body of PATCH /api/workshops/{code} (facilitator): every
// field is optional.
type Change struct {
	Section  *string  `json:"section,omitempty"`
	Revealed *bool    `json:"revealed,omitempty"` // all sections; false also hides the sections revealed one by one
	Reveal   []string `json:"reveal,omitempty"`   // section or item ids whose results to reveal
	Hide     []string `json:"hide,omitempty"`     // section or item ids whose results to hide again
	Ended    *bool    `json:"ended,omitempty"`    // true ends the session; it cannot be reopened
	Lock     []string `json:"lock,omitempty"`
	Unlock   []string `json:"unlock,omitempty"`
	RoomSize *int     `json:"roomSize,omitempty"` // the most devices that may join; 0: no limit
}

// Save is the body of POST /api/workshops/{code}/response (facilitator):
// the room's settled answers become the municipality's response.
type Save struct {
	Round string `json:"round"`
	// InviteCode is the municipality's invite code for the round (or a
	// county lead's or the admin's token); used for this request, not kept.
	// A round open to all needs none.
	InviteCode string `json:"inviteCode"`
	// Municipality is the kommunkod; a municipality's invite code implies it.
	Municipality string `json:"municipality"`
	// Answers are the facilitator's choice per item, guided by the room.
	Answers lagesbild.Answers `json:"answers"`
}
