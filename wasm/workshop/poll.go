package workshop

import (
	"time"

	"lagesbild/wasm/retry"
)

// Poll is how often a page asks the worker for the room's state (with the
// last ETag, so an unchanged state is a cheap 304): Every after a change,
// half as long again after each unchanged answer up to Idle, and Hidden
// while the page is not shown (a phone in a pocket catches up when it is
// shown again). With Hold, each poll is a long-poll: the worker is asked to
// hold it that long (Prefer: wait) and answers when the state changes, and
// LongWait says when the next poll goes.
type Poll struct {
	Every, Idle, Hidden time.Duration
	Hold                time.Duration
	wait                time.Duration
}

// Polls of the pages. Phones long-poll (issue 17: a section change within
// 2 s, without a request per phone per second): the glue holds a phone's
// poll whose ETag is current, with no Go instance, until the state's
// revision moves or Hold passes (worker/glue/fastpoll.mjs), and the first
// phone to see a new state lets the glue serve its body to the rest. A phone
// polls again at once after a held answer, so an idle room costs a phone
// 3600/20 = 180 requests an hour instead of 3600; a worker that does not
// hold (no Preference-Applied) is polled every second. A phone in a pocket
// (the page hidden) looks again when it is shown. The phones' page is
// assets/workshop/join.mjs (pollWait, POLL_WAIT_S), which polls so;
// ParticipantPoll says the same for e2e/cmd/workshopload, which simulates
// the phones. The facilitator's page and the wall are one each per room and
// show answers as they come: every second.
var (
	ParticipantPoll = Poll{Every: time.Second, Idle: time.Second, Hidden: 30 * time.Second, Hold: 20 * time.Second}
	LeadPoll        = Poll{Every: time.Second, Idle: time.Second, Hidden: time.Second}
	WallPoll        = Poll{Every: time.Second, Idle: time.Second, Hidden: time.Second}
)

// PollBackoff spaces a long-poll's polls after failures in a row (the
// network, a busy worker): join.mjs's resendDelay.
var PollBackoff = retry.Backoff{Base: time.Second, Max: 15 * time.Second}

// LongWait is the wait before a long-poll's next poll (join.mjs, pollWait):
// after failures in a row (failed), PollBackoff, at least Every; after an
// answer the worker held (Preference-Applied), none, or what is left of
// Every since the poll was sent when it came back sooner (elapsed); after
// an answer it did not hold, Every. r is a random number in [0, 1).
func (p Poll) LongWait(failed, held bool, elapsed time.Duration, failures int, r float64) time.Duration {
	switch {
	case failed:
		return max(p.Every, PollBackoff.Delay(max(failures-1, 0), r))
	case held:
		return max(0, p.Every-elapsed)
	}
	return p.Every
}

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
