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

// Polls of the Go pages. The facilitator's page and the wall are one each
// per room and show answers as they come: every second. (The phones poll
// from assets/workshop/join.mjs: every second while the page is shown.)
var (
	LeadPoll = Poll{Every: time.Second, Idle: time.Second, Hidden: time.Second}
	WallPoll = Poll{Every: time.Second, Idle: time.Second, Hidden: time.Second}
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
