package workshop

import (
	"lagesbild"
	"lagesbild/wasm/i18n"
	"lagesbild/wasm/ui"
)

// Outcome is what an answer of the worker means to a workshop page. It is
// decided by the API's error code (lagesbild.Codes), never by the message,
// which is for developers and may be reworded; only an answer that is not
// the API's JSON (a network failure, a proxy's error page) is judged by its
// HTTP status.
type Outcome int

const (
	OK          Outcome = iota // 2xx: use the answer
	NotModified                // 304: the state is the one the page has
	Retry                      // the network or the worker failed (no answer, 5xx, internal): try again
	Busy                       // rate_limited, too_many: try again later
	NoSession                  // session_not_found: no session with that code
	Expired                    // session_expired: the session was idle for 48 hours and is gone
	Ended                      // session_ended: the facilitator ended it
	Locked                     // item_locked: the facilitator locked the item
	NotJoined                  // not_joined: the device must join first
	Full                       // room_full: the room has as many devices as the facilitator's room size
	WrongLink                  // unauthorized, forbidden: the facilitator's token is missing or wrong
	Invalid                    // invalid: what was sent is wrong (a join code, an item, a round's name)
	Refused                    // any other error: the page shows the code's text
)

var outcomeNames = [...]string{"OK", "NotModified", "Retry", "Busy", "NoSession", "Expired", "Ended", "Locked",
	"NotJoined", "Full", "WrongLink", "Invalid", "Refused"}

func (o Outcome) String() string {
	if o >= 0 && int(o) < len(outcomeNames) {
		return outcomeNames[o]
	}
	return "Outcome(?)"
}

// Reply is an answer of the worker, classified.
type Reply struct {
	Outcome Outcome
	// Err is the error answer (code and the worker's message, which is
	// only logged); nil for OK and NotModified.
	Err *ui.APIError
}

// Classify reads an answer of the worker: its HTTP status (0: no answer,
// the network failed) and body.
func Classify(status int, body []byte) Reply {
	switch {
	case status >= 200 && status < 300:
		return Reply{Outcome: OK}
	case status == 304:
		return Reply{Outcome: NotModified}
	}
	e := ui.ParseError(status, body)
	return Reply{Outcome: outcome(e), Err: e}
}

func outcome(e *ui.APIError) Outcome {
	switch e.Code {
	case lagesbild.ESessionNotFound:
		return NoSession
	case lagesbild.ESessionExpired:
		return Expired
	case lagesbild.ESessionEnded:
		return Ended
	case lagesbild.EItemLocked:
		return Locked
	case lagesbild.ENotJoined:
		return NotJoined
	case lagesbild.ERoomFull:
		return Full
	case lagesbild.EUnauthorized, lagesbild.EForbidden:
		return WrongLink
	case lagesbild.EInvalid:
		return Invalid
	case lagesbild.ERateLimited, lagesbild.ETooMany:
		return Busy
	case lagesbild.EInternal, lagesbild.ERequestTimeout:
		return Retry
	case "": // not the API's answer
		switch {
		case e.Status == 0, e.Status >= 500, e.Status == 408:
			return Retry
		case e.Status == 429:
			return Busy
		}
	}
	return Refused
}

// Code is the API's error code of the reply ("" for none).
func (r Reply) Code() string {
	if r.Err == nil {
		return ""
	}
	return r.Err.Code
}

// Notice is what a page says in a status line: a text in the page's
// language (so a language switch says it again) and its kind, page.Status's
// CSS class: "" (plain), "sent" (done) or "problem".
type Notice struct {
	Kind string
	Text func(*i18n.Strings) string // nil: say nothing
}

// Say is a notice of a kind with a fixed text.
func Say(kind string, text func(*i18n.Strings) string) Notice { return Notice{kind, text} }

// problem is a notice of a problem.
func problem(text func(*i18n.Strings) string) Notice { return Notice{"problem", text} }

// errText is the client's own general text for an error reply: the text
// for its code (wasm/i18n's ErrCode), the network's text for no answer, the
// status for an answer that was not the API's.
func errText(r Reply) func(*i18n.Strings) string {
	e := r.Err
	return func(s *i18n.Strings) string {
		if e == nil {
			return ""
		}
		if e.Code == "" && e.Status == 0 {
			return s.ErrNetwork
		}
		return e.Text(s)
	}
}

// noSession is "no workshop with the code ACD EFG".
func noSession(code string) func(*i18n.Strings) string {
	return func(s *i18n.Strings) string { return i18n.Fill(s.WNoSession, FormatCode(code)) }
}

// LeadNotice is what the facilitator's page says for an error reply: the
// workshop's own wording for the workshop's codes, the general text for
// the code otherwise (a round that is closed, a wrong invite code …).
func LeadNotice(r Reply, code string) Notice {
	switch r.Outcome {
	case WrongLink:
		return problem(func(s *i18n.Strings) string { return s.WWrongLink })
	case NoSession:
		return problem(noSession(code))
	case Expired:
		return problem(func(s *i18n.Strings) string { return s.WExpired })
	case Ended:
		return problem(func(s *i18n.Strings) string { return s.WEndedLead })
	}
	return problem(errText(r))
}

// WallProblem is what the wall shows instead of the figures for an error
// reply.
func WallProblem(s *i18n.Strings, r Reply, code string) string {
	switch r.Outcome {
	case NoSession:
		return noSession(code)(s)
	case Expired:
		return s.WExpired
	}
	return errText(r)(s)
}
