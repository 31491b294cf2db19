package workshop

import "time"

// Poll is how often a page asks the worker for the room's state (with the
// last ETag, so an unchanged state is a cheap 304): Every after a change,
// half as long again after each unchanged answer up to Idle, and Hidden
// while the page is not shown (a phone in a pocket catches up when it is
// shown again).
type Poll struct {
	Every, Idle, Hidden time.Duration
	wait                time.Duration
}

// Polls of the pages. Phones follow the facilitator's moves within about a
// second while the page is shown (issue 17: a section change within 2 s):
// an unchanged poll is a 304 answered by the glue from the session's
// revision before Go is woken (worker/glue/fastpoll.mjs), and the first
// phones to see a new state let the glue serve its body to the rest. A
// phone in a pocket (the page hidden) polls rarely and looks again when it
// is shown. The phones' page is assets/workshop/join.mjs, which polls so;
// ParticipantPoll says the same for e2e/cmd/workshopload, which simulates
// the phones. The facilitator's page and the wall are one each per room and
// show answers as they come: every second.
var (
	ParticipantPoll = Poll{Every: time.Second, Idle: time.Second, Hidden: 30 * time.Second}
	LeadPoll        = Poll{Every: time.Second, Idle: time.Second, Hidden: time.Second}
	WallPoll        = Poll{Every: time.Second, Idle: time.Second, Hidden: time.Second}
)

// Changed notes a new state: poll again at Every.
func (p *Poll) Changed() { p.wait = p.Every }

// Unchanged notes an unchanged state: wait longer, up to Idle.
func (p *Poll) Unchanged() { p.wait = min(max(p.wait, p.Every)*3/2, p.Idle) }

// Wait is how long to wait before the next poll.
func (p *Poll) Wait(hidden bool) time.Duration {
	if hidden {
		return max(p.Hidden, p.Every)
	}
	return max(p.wait, p.Every)
}
