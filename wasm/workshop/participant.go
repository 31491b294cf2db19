package workshop

import (
	"maps"
	"slices"
	"time"

	"lagesbild"
	"lagesbild/api"
	"lagesbild/wasm/i18n"
	"lagesbild/wasm/retry"
)

// Step is what the participants' page does next with an answer of the
// worker.
type Step int

const (
	Proceed Step = iota // the answer is good: go on
	Wait                // try again after a while (the notice says why)
	Halt                // the page cannot go on: the notice says why, and the code form shows again
	End                 // the session has ended: the page says so and stops
	Undo                // an answer was refused: the page shows the answer the worker has
)

var stepNames = [...]string{"Proceed", "Wait", "Halt", "End", "Undo"}

func (s Step) String() string {
	if s >= 0 && int(s) < len(stepNames) {
		return stepNames[s]
	}
	return "Step(?)"
}

// Resend is how a phone retries a join or an answer the network or a busy
// worker did not take: 1 s, 2 s, 4 s … up to 15 s, spread at random.
var Resend = retry.Backoff{Base: time.Second, Max: 15 * time.Second}

// Participant is a phone's state in a session: the room's state as last
// seen, the device's answers and which of them the worker has. The
// participants' page (wasm/join) keeps one, guarded by its mutex, and does
// what its methods say.
type Participant struct {
	Code    string
	Q       *lagesbild.Questionnaire // nil until loaded
	Session api.Session              // the room's state the page shows
	Answers lagesbild.Answers        // this device's, acknowledged or not
	Acked   lagesbild.Answers        // what the worker has
	joined  bool
}

// NewParticipant is a phone about to join session code, with the answers
// it kept from before (a reload, answers made offline).
func NewParticipant(code string, kept lagesbild.Answers) *Participant {
	if kept == nil {
		kept = lagesbild.Answers{}
	}
	return &Participant{Code: code, Answers: kept, Acked: lagesbild.Answers{}}
}

// Joined reports whether the phone has joined.
func (p *Participant) Joined() bool { return p.joined }

// JoinResult is what the page does after a join request.
type JoinResult struct {
	Step   Step
	Notice Notice
	// Resend are the kept answers the worker lacks (made offline, or sent
	// when it was down), to send again, in order.
	Resend []string
}

// Join takes the answer (status 0: none) to a join. The worker's answers
// for this device are acknowledged; kept answers it lacks are sent again,
// unless their item is locked now.
func (p *Participant) Join(status int, body []byte) JoinResult {
	r := Classify(status, body)
	switch r.Outcome {
	case OK:
	case Retry:
		return JoinResult{Step: Wait, Notice: problem(func(s *i18n.Strings) string { return s.WRetrying })}
	case Busy:
		return JoinResult{Step: Wait, Notice: problem(func(s *i18n.Strings) string { return s.WBusy })}
	case Ended:
		return JoinResult{Step: End, Notice: p.EndedNotice()}
	case Invalid:
		return JoinResult{Step: Halt, Notice: problem(func(s *i18n.Strings) string { return s.WBadCode })}
	default:
		return JoinResult{Step: Halt, Notice: p.refusal(r)}
	}
	j, err := ParseJoined(body)
	if err != nil || j.Participant == "" {
		return JoinResult{Step: Wait, Notice: problem(func(s *i18n.Strings) string { return s.WRetrying })}
	}
	kept := p.Answers
	p.Session, p.joined = j.Session, true
	p.Answers, p.Acked = lagesbild.Answers{}, lagesbild.Answers{}
	for item, v := range j.Answers {
		p.Answers[item], p.Acked[item] = v, v
	}
	var resend []string
	for _, item := range sortedKeys(kept) {
		if v := kept[item]; j.Answers[item] != v && !j.Session.IsLocked(item) {
			p.Answers[item] = v
			resend = append(resend, item)
		}
	}
	if j.Session.Ended {
		return JoinResult{Step: End, Notice: p.EndedNotice()}
	}
	return JoinResult{Step: Proceed, Resend: resend}
}

// refusal is the notice for a refused request: the workshop's own words
// for its codes, the general text for the code otherwise.
func (p *Participant) refusal(r Reply) Notice {
	switch r.Outcome {
	case NoSession:
		return problem(noSession(p.Code))
	case Expired:
		return problem(func(s *i18n.Strings) string { return s.WExpired })
	case Locked:
		return problem(func(s *i18n.Strings) string { return s.WLockedRefused })
	case Full:
		return problem(func(s *i18n.Strings) string { return s.WRoomFull })
	}
	return problem(errText(r))
}

// EndedNotice says that the session has ended.
func (p *Participant) EndedNotice() Notice {
	return Say("sent", func(s *i18n.Strings) string { return s.WEnded })
}

// Title is the page's heading once joined: "Workshop ACD EFG".
func (p *Participant) Title(s *i18n.Strings) string {
	return i18n.Fill(s.WParticipantOf, FormatCode(p.Code))
}

// Choose records the device's answer to an item; the page then sends it.
func (p *Participant) Choose(item, value string) { p.Answers[item] = value }

// Saving is the notice while an answer is on its way.
func Saving() Notice { return Say("", func(s *i18n.Strings) string { return s.WSaving }) }

// Pending returns the answer to send for an item: its latest value, when
// the worker does not have it yet.
func (p *Participant) Pending(item string) (value string, ok bool) {
	v, answered := p.Answers[item]
	acked, has := p.Acked[item]
	if !answered || (has && acked == v) {
		return "", false
	}
	return v, true
}

// SendResult is what the page does after sending an answer.
type SendResult struct {
	Step   Step
	Notice Notice
	Poll   bool // the answer's reply named another state: poll now
	Redraw bool // the section must be drawn anew (an item turned out locked)
}

// Sent takes the answer (status 0: none) to sending value for item. On
// Proceed the page sends the item again if its value changed meanwhile
// (Pending says); on Undo the device's answer is back to the worker's.
func (p *Participant) Sent(item, value string, status int, body []byte) SendResult {
	r := Classify(status, body)
	switch r.Outcome {
	case OK:
		p.Acked[item] = value
		res := SendResult{Step: Proceed}
		if a, err := ParseAnswered(body); err == nil && a.State != "" && a.State != p.Session.ETag {
			res.Poll = true // the facilitator changed something: look now
		}
		if _, more := p.Pending(item); !more {
			res.Notice = Say("sent", func(s *i18n.Strings) string { return s.WSaved })
		}
		return res
	case Retry:
		return SendResult{Step: Wait, Notice: problem(func(s *i18n.Strings) string { return s.WRetrying })}
	case Busy:
		return SendResult{Step: Wait, Notice: problem(func(s *i18n.Strings) string { return s.WBusy })}
	case Ended:
		p.Session.Ended = true
		return SendResult{Step: End, Notice: p.EndedNotice()}
	}
	// Refused: the device's answer is the worker's again.
	if acked, ok := p.Acked[item]; ok {
		p.Answers[item] = acked
	} else {
		delete(p.Answers, item)
	}
	res := SendResult{Step: Undo, Notice: p.refusal(r), Redraw: true}
	if r.Outcome == Locked && !p.Session.IsLocked(item) {
		p.Session.Locked = append(p.Session.Locked, item)
	}
	return res
}

// PollResult is what the page does after polling the room's state.
type PollResult struct {
	Step    Step
	Notice  Notice
	Changed bool // a new state: poll at the fast rate again
	Moved   bool // the room is on another section: draw it, focus its heading
}

// Polled takes the answer (status 0: none) to a poll of the room's state.
// Without Moved, a new state may have changed the locks: the page sets
// them in place (Locks).
func (p *Participant) Polled(status int, body []byte) PollResult {
	r := Classify(status, body)
	switch r.Outcome {
	case OK:
	case NotModified, Retry, Busy:
		return PollResult{Step: Proceed} // offline or busy: keep showing the last state
	case Ended:
		p.Session.Ended = true
		return PollResult{Step: End, Notice: p.EndedNotice()}
	default:
		return PollResult{Step: Halt, Notice: p.refusal(r)}
	}
	s, err := ParseSession(body)
	if err != nil {
		return PollResult{Step: Proceed}
	}
	moved := s.Section != p.Session.Section
	p.Session = s
	if s.Ended {
		return PollResult{Step: End, Notice: p.EndedNotice(), Changed: true}
	}
	return PollResult{Step: Proceed, Changed: true, Moved: moved}
}

// Locks are the locks of the room's section's items.
func (p *Participant) Locks() []ItemLock {
	if p.Q == nil {
		return nil
	}
	return Locks(p.Q, p.Session)
}

// AllAnswered reports whether the device has answered every open item of
// the room's section (the page then says the room waits for the
// facilitator).
func (p *Participant) AllAnswered() bool {
	return p.Q != nil && AllAnswered(p.Q, p.Session, p.Answers)
}

// Section renders the room's section with the device's answers.
func (p *Participant) Section(lang string) (HTML, error) {
	return ParticipantSection(p.Q, p.Session, p.Answers, lang)
}

func sortedKeys(a lagesbild.Answers) []string { return slices.Sorted(maps.Keys(a)) }
