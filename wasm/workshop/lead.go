package workshop

import (
	"strings"

	"lagesbild"
	"lagesbild/api"
	"lagesbild/markup"
	"lagesbild/wasm/i18n"
)

// Lead is the facilitator's page's state: the session it leads, the room's
// figures as last polled, and the facilitator's own choices for the
// response saved into a round. The page (wasm/facilitator) keeps one,
// guarded by its mutex, and does what its methods say.
type Lead struct {
	Code, Token string
	Q           *lagesbild.Questionnaire
	Session     api.Session
	Wall        *api.Wall         // nil until the first poll
	Chosen      lagesbild.Answers // the facilitator's own choices ("" is one: left out on purpose)
}

// Opening is what the facilitator's page does when it loads.
type Opening struct {
	Code, Token string
	Create      bool   // no session in the link: offer to start one
	Keep        bool   // the token came in the link: keep it in this browser
	URL         string // replace the page's address with this one ("": leave it)
	Notice      Notice // why the page can do nothing (a link without its token)
}

// Open decides from the page's link (its code parameter and fragment) and
// the token this browser kept for the code (kept(code), "" for none).
func Open(rawCode, hash string, kept func(code string) string) Opening {
	code, ok := lagesbild.NormalizeJoinCode(rawCode)
	if !ok {
		return Opening{Create: true}
	}
	if token := TokenFrom(hash); token != "" {
		return Opening{Code: code, Token: token, Keep: true}
	}
	if token := kept(code); token != "" {
		return Opening{Code: code, Token: token, URL: LeadURL(code, token)}
	}
	return Opening{Code: code, Notice: problem(func(s *i18n.Strings) string { return s.WWrongLink })}
}

// LeadURL is the facilitator's page's address (relative) for a session.
func LeadURL(code, token string) string { return "?code=" + code + "#token=" + token }

// Opened takes the answer to reading the session with the token: whether
// the page can lead it, and if not, why.
func Opened(r Reply, s api.Session, code string) (ok bool, n Notice) {
	switch {
	case r.Outcome != OK:
		return false, LeadNotice(r, code)
	case !s.Facilitator: // the worker did not take the token
		return false, problem(func(s *i18n.Strings) string { return s.WWrongLink })
	}
	return true, Notice{}
}

// NewLead is the state of a session the facilitator leads.
func NewLead(code, token string, q *lagesbild.Questionnaire, s api.Session, chosen lagesbild.Answers) *Lead {
	if chosen == nil {
		chosen = lagesbild.Answers{}
	}
	return &Lead{Code: code, Token: token, Q: q, Session: s, Chosen: chosen}
}

// SetSession takes the session's state from a change's answer; moved says
// whether the room is on another section than before.
func (l *Lead) SetSession(s api.Session) (moved bool) {
	moved = s.Section != l.Session.Section
	l.Session = s
	return moved
}

// SetWall takes a poll's figures (with the session's state).
func (l *Lead) SetWall(v api.Wall) (moved bool) {
	l.Wall = &v
	return l.SetSession(v.Session)
}

// Polled says what the page does with a poll's answer: Proceed (read the
// figures), Wait (nothing new, or offline: poll again) or Halt (the session
// is gone: say why and stop).
func (l *Lead) Polled(r Reply) (Step, Notice) {
	switch r.Outcome {
	case OK:
		return Proceed, Notice{}
	case NoSession, Expired, WrongLink:
		return Halt, LeadNotice(r, l.Code)
	}
	return Wait, Notice{}
}

// Step is the change that moves the room d sections on (-1: back); ok is
// false at either end.
func (l *Lead) Step(d int) (c api.Change, ok bool) {
	i := SectionIndex(l.Q, l.Session.Section) + d
	if i < 0 || i >= len(l.Q.Sections) {
		return api.Change{}, false
	}
	return api.Change{Section: &l.Q.Sections[i].ID}, true
}

// LockChange locks (on) or unlocks an item.
func LockChange(item string, on bool) api.Change {
	if on {
		return api.Change{Lock: []string{item}}
	}
	return api.Change{Unlock: []string{item}}
}

// Controls are the state of the facilitator's controls.
type Controls struct {
	Section    string
	Prev, Next bool // enabled
	Revealed   bool
	Ended      bool
	K          int // a question's results show once this many have answered it (lagesbild.WallMin)
	Others     int // no figure says anything about fewer than this many others (the rules' k)
	RoomSize   int // 0: no limit
	Locks      []ItemLock
}

// DefaultK is the fewest answers before a question's results show, until
// the wall's figures say (lagesbild.WallMin of lagesbild.DefaultRules).
var DefaultK = lagesbild.WallMin(lagesbild.DefaultRules())

// MinAnswers is the fewest answers a question's figures on a wall rest on:
// the worker's, or lagesbild.WallMin of the default rules from a worker
// that does not say.
func MinAnswers(v api.Wall) int {
	if v.MinAnswers > 0 {
		return v.MinAnswers
	}
	return DefaultK
}

// Controls says how the controls show the session.
func (l *Lead) Controls() Controls {
	i := SectionIndex(l.Q, l.Session.Section)
	c := Controls{
		Section:  l.Session.Section,
		Prev:     i > 0,
		Next:     i >= 0 && i < len(l.Q.Sections)-1,
		Revealed: l.Session.Revealed,
		Ended:    l.Session.Ended,
		K:        DefaultK,
		Others:   DefaultK - 1,
		RoomSize: l.Session.RoomSize,
		Locks:    Locks(l.Q, l.Session),
	}
	if l.Wall != nil {
		c.K, c.Others = MinAnswers(*l.Wall), MinAnswers(*l.Wall)-1
	}
	return c
}

// WallPromise is what the facilitator's page says the wall protects.
func (c Controls) WallPromise(s *i18n.Strings) string {
	return i18n.Fill(s.WWallPromise, c.Others, c.K, c.Others, c.K)
}

// RoomSizeChange is the change that sets the room size typed in raw: a
// whole number of people, "" or 0 for no limit; ok is false for anything
// else.
func RoomSizeChange(raw string) (c api.Change, ok bool) {
	n := 0
	for _, r := range strings.TrimSpace(raw) {
		if r < '0' || r > '9' || n > 100000 {
			return api.Change{}, false
		}
		n = n*10 + int(r-'0')
	}
	return api.Change{RoomSize: &n}, true
}

// Choose records the facilitator's choice for an item.
func (l *Lead) Choose(item, value string) { l.Chosen[item] = value }

// Proposal is the settle form's choice per item: the facilitator's own,
// else the room's most common answer (Settle).
func (l *Lead) Proposal() lagesbild.Answers {
	p := lagesbild.Answers{}
	if l.Wall != nil {
		p = Settle(*l.Wall)
	}
	for item, v := range l.Chosen {
		p[item] = v
	}
	return p
}

// Setting is a value for an item's select in the settle form.
type Setting struct{ Item, Value string }

// SettleUpdates are the selects of the settle form to set anew after a
// poll: the items the facilitator has not chosen, except the one in use
// (focused: the id of the focused element), which keeps its focus and value.
func (l *Lead) SettleUpdates(focused string) []Setting {
	p := l.Proposal()
	var out []Setting
	for _, sec := range l.Q.Sections {
		for _, it := range sec.Items {
			if _, mine := l.Chosen[it.ID]; !mine && focused != SettleID(it.ID) {
				out = append(out, Setting{it.ID, p[it.ID]})
			}
		}
	}
	return out
}

// SaveBody is the body that saves the settled answers into a round: value
// reads an item's select ("" for not settled).
func (l *Lead) SaveBody(round, inviteCode, municipality string, value func(item string) string) api.Save {
	answers := lagesbild.Answers{}
	for _, sec := range l.Q.Sections {
		for _, it := range sec.Items {
			if v := value(it.ID); v != "" {
				answers[it.ID] = v
			}
		}
	}
	return api.Save{
		Round:        strings.TrimSpace(round),
		InviteCode:   strings.TrimSpace(inviteCode),
		Municipality: strings.TrimSpace(municipality),
		Answers:      answers,
	}
}

// Choice is a questionnaire a session can run.
type Choice struct {
	ID    string
	Title lagesbild.Text
	Items int
}

// ChoiceOptions are the <option>s of the questionnaires to start a session
// with, the workshop questionnaire chosen.
func ChoiceOptions(choices []Choice, lang string) HTML {
	var w markup.Writer
	for _, c := range choices {
		sel := HTML("")
		if c.ID == "workshop" {
			sel = " selected"
		}
		w.F(`<option value="%s"%s>%s (%d)</option>`, c.ID, sel, c.Title.In(lang), c.Items)
	}
	return w.HTML()
}
