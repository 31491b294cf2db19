//go:build js && wasm

// Command join is the participants' page of a workshop (/join/?code=…),
// compiled to WebAssembly: a phone joins with the code (typed, or in the QR
// code's link), answers the section the facilitator has moved the room to
// with native radio buttons, and follows the room (section, locks, end) by
// polling with an ETag. The device's random id and its answers are kept in
// localStorage, so a reload keeps the answers and a device counts once;
// answers not yet acknowledged are sent again. HTML and texts come from
// wasm/workshop; this file connects them to the page.
package main

import (
	"encoding/json"
	"fmt"
	"strings"
	"sync"
	"syscall/js"
	"time"

	"lagesbild"
	"lagesbild/wasm/dom"
	"lagesbild/wasm/workshop"
)

const (
	deviceKey = "lagesbild:workshop:device"
	// answersKey + code keeps this device's answers in a session.
	answersKey = "lagesbild:workshop:answers:"
	// pollEvery is how often a phone asks whether the room moved on: the
	// facilitator's moves are rare, and a few hundred phones polling must
	// stay cheap (an unchanged state is a 304).
	pollEvery = 3 * time.Second
	// pollIdle is the longest interval while nothing changes.
	pollIdle = 20 * time.Second
	// pollHidden is the poll interval while the page is not shown.
	pollHidden = 30 * time.Second
)

// page is the participant's state. Handlers run on the browser's event
// loop and network calls on goroutines: mu guards what both touch.
type page struct {
	mu      sync.Mutex
	lang    string
	code    string
	device  string
	q       *lagesbild.Questionnaire
	s       workshop.Session
	answers lagesbild.Answers // what this device answered, acknowledged or not
	acked   lagesbild.Answers // what the worker has
	send    chan string       // items to send
	started bool
	// stateETag is the ETag of the state this page shows; wake makes
	// follow poll at once (an answer's reply named another state).
	stateETag string
	wake      chan struct{}
}

func main() {
	p := &page{lang: "sv", answers: lagesbild.Answers{}, acked: lagesbild.Answers{}, send: make(chan string, 64), wake: make(chan struct{}, 1)}
	if l, ok := dom.Local().Get(workshop.LangKey); ok && l == "en" {
		p.lang = "en"
	}
	p.device = device()
	toggle := dom.ByID("lang")
	toggle.SetHidden(false)
	toggle.On("click", func(dom.Event) {
		p.mu.Lock()
		p.lang = workshop.Other(p.lang)
		p.mu.Unlock()
		_ = dom.Local().Set(workshop.LangKey, p.lang)
		p.translate()
		p.render(false)
	})
	dom.ByID("join-form").On("submit", func(ev dom.Event) {
		ev.PreventDefault()
		code, ok := lagesbild.NormalizeJoinCode(dom.ByID("code").Value())
		if !ok {
			p.problem(workshop.T(p.lang).BadCode, true)
			return
		}
		dom.ReplaceURL("?code=" + code)
		go p.join(code)
	})
	dom.ByID("section").On("change", func(ev dom.Event) {
		in := ev.Target()
		if !in.Is(`input[type="radio"]`) {
			return
		}
		p.answer(in.Name(), in.Value())
	})
	p.translate()
	if raw := dom.Param("code"); raw != "" {
		if code, ok := lagesbild.NormalizeJoinCode(raw); ok {
			dom.ByID("code").SetValue(workshop.FormatCode(code))
			go p.join(code)
		} else {
			p.problem(workshop.T(p.lang).BadCode, true)
		}
	}
	go p.sender()
	dom.Ready()
	select {}
}

// device is this browser's participant id, made once.
func device() string {
	if id, ok := dom.Local().Get(deviceKey); ok && workshop.IsDevice(id) {
		return id
	}
	id, err := workshop.NewDevice(dom.Random{})
	if err != nil {
		panic(err) // crypto.getRandomValues does not fail
	}
	_ = dom.Local().Set(deviceKey, id) // private modes: the id lasts for the page
	return id
}

// translate sets the page's static texts (data-w names a field of
// workshop.Texts) in the current language.
func (p *page) translate() {
	workshop.Translate(p.lang)
	t := workshop.T(p.lang)
	if p.code != "" {
		dom.ByID("title").SetText(fmt.Sprintf(t.ParticipantOf, workshop.FormatCode(p.code)))
		dom.SetTitle(fmt.Sprintf(t.ParticipantOf, workshop.FormatCode(p.code)) + " – Lägesbild")
	}
}

// say puts a message in the live region; problems are marked as such.
func say(msg string, problem bool) {
	st := dom.ByID("status")
	st.SetText(msg)
	st.SetClass("problem", problem)
	st.SetClass("sent", !problem && msg != "")
}

// problem shows a problem with joining, with the code form to try again.
func (p *page) problem(msg string, form bool) {
	say(msg, true)
	dom.ByID("join-form").SetHidden(!form)
	if form {
		dom.ByID("code").SetAttr("aria-invalid", "true")
		dom.ByID("code").Focus()
	}
}

// join joins the session: the worker returns this device's answers so far;
// local answers it lacks (sent while offline) go again.
func (p *page) join(code string) {
	t := workshop.T(p.lang)
	say(t.Joining, false)
	body, _ := json.Marshal(map[string]string{"participant": p.device})
	var joined workshop.Joined
	for wait := time.Second; ; wait = min(2*wait, 15*time.Second) {
		r, err := dom.Fetch("POST", "/api/workshops/"+code+"/participants", map[string]string{"Content-Type": "application/json"}, body)
		switch {
		case err != nil || r.Status >= 500:
			say(t.Retrying, true)
		case r.Status == 429:
			say(t.Busy, true)
		case r.Status == 200 || r.Status == 201:
			if err := json.Unmarshal(r.Body, &joined); err != nil {
				p.problem(fmt.Sprintf(t.Problem, err), false)
				return
			}
		default:
			p.refused(code, r)
			return
		}
		if joined.Participant != "" {
			break
		}
		time.Sleep(wait)
	}
	q, err := workshop.FetchQuestionnaire(joined.Session.Questionnaire, joined.Session.Version)
	if err != nil {
		p.problem(fmt.Sprintf(t.Problem, err), false)
		return
	}
	p.mu.Lock()
	p.code, p.q, p.s = code, q, joined.Session
	local := loadAnswers(code)
	for item, v := range joined.Answers {
		p.answers[item], p.acked[item] = v, v
	}
	var resend []string
	for item, v := range local {
		if joined.Answers[item] != v && !joined.Session.IsLocked(item) {
			p.answers[item] = v
			resend = append(resend, item)
		}
	}
	started := p.started
	p.started = true
	p.mu.Unlock()
	dom.ByID("join-form").SetHidden(true)
	dom.ByID("intro").SetHidden(true)
	dom.ByID("anon").SetHidden(false)
	p.translate()
	p.save()
	p.render(false)
	say("", false)
	for _, item := range resend {
		p.send <- item
	}
	if !started {
		go p.follow()
	}
}

// refused explains a join the worker refused.
func (p *page) refused(code string, r dom.Response) {
	t := workshop.T(p.lang)
	var e workshop.APIError
	json.Unmarshal(r.Body, &e)
	switch {
	case r.Status == 404 && strings.Contains(e.Error, "expired"):
		p.problem(t.Expired, true)
	case r.Status == 404:
		p.problem(fmt.Sprintf(t.NoSession, workshop.FormatCode(code)), true)
	case r.Status == 409:
		p.ended()
	case r.Status == 400:
		p.problem(t.BadCode, true)
	default:
		p.problem(fmt.Sprintf(t.Problem, e.Error), true)
	}
}

func loadAnswers(code string) lagesbild.Answers {
	a := lagesbild.Answers{}
	if s, ok := dom.Local().Get(answersKey + code); ok {
		json.Unmarshal([]byte(s), &a)
	}
	return a
}

// save keeps this device's answers in localStorage.
func (p *page) save() {
	p.mu.Lock()
	b, _ := json.Marshal(p.answers)
	code := p.code
	p.mu.Unlock()
	_ = dom.Local().Set(answersKey+code, string(b))
}

// render draws the room's section; with focus, the heading takes the focus
// (the room moved on: a screen reader starts at the new section).
func (p *page) render(focus bool) {
	p.mu.Lock()
	q, s, lang := p.q, p.s, p.lang
	answers := make(lagesbild.Answers, len(p.answers))
	for k, v := range p.answers {
		answers[k] = v
	}
	p.mu.Unlock()
	if q == nil {
		return
	}
	t := workshop.T(lang)
	if s.Ended {
		p.ended()
		return
	}
	h, err := workshop.Participant(q, s, answers, lang)
	if err != nil {
		say(fmt.Sprintf(t.Problem, err), true)
		return
	}
	dom.ByID("section").SetHTML(string(h))
	dom.ByID("section").SetAttr("data-rendered", s.Section)
	p.done()
	if focus {
		dom.ByID(workshop.SectionHeadingID).Focus()
	}
}

// done shows, once every open item of the section is answered, that the
// room is waiting for the facilitator.
func (p *page) done() {
	p.mu.Lock()
	all := p.q != nil && workshop.AllAnswered(p.q, p.s, p.answers)
	p.mu.Unlock()
	dom.ByID("done").SetHidden(!all)
}

// locks sets the items' locks in place, without redrawing what the
// participant may be in the middle of.
func (p *page) locks() {
	p.mu.Lock()
	s, q := p.s, p.q
	p.mu.Unlock()
	sec, _, err := workshop.Current(q, s)
	if err != nil {
		return
	}
	for _, it := range sec.Items {
		locked := s.IsLocked(it.ID)
		dom.ByID(workshop.ItemID(it.ID)).SetDisabled(locked)
		dom.ByID("l-" + it.ID).SetHidden(!locked)
	}
	p.done()
}

// ended shows that the session has ended.
func (p *page) ended() {
	t := workshop.T(p.lang)
	dom.ByID("section").SetHTML("")
	dom.ByID("done").SetHidden(true)
	dom.ByID("join-form").SetHidden(true)
	say(t.Ended, false)
	dom.Body().SetAttr("data-ended", "")
}

// follow polls the session's state and follows the facilitator's moves.
// It polls every pollEvery after a change and backs off to pollIdle while
// nothing changes (a room stays on a section for minutes; a few hundred
// phones polling every few seconds would cost more requests per workshop
// than the Workers free plan allows per day). An answer's reply names the
// state's ETag, so a phone in use notices a change at its next answer.
func (p *page) follow() {
	etag := ""
	every := pollEvery
	for {
		p.mu.Lock()
		code := p.code
		p.mu.Unlock()
		h := map[string]string{}
		if etag != "" {
			h["If-None-Match"] = etag
		}
		r, err := dom.Fetch("GET", "/api/workshops/"+code, h, nil)
		switch {
		case err != nil || r.Status == 429 || r.Status >= 500:
		case r.Status == 304:
			every = min(every*3/2, pollIdle)
		case r.Status != 200:
			p.refused(code, r)
			return
		default:
			var s workshop.Session
			if json.Unmarshal(r.Body, &s) != nil {
				break
			}
			etag, every = s.ETag, pollEvery
			p.mu.Lock()
			moved := s.Section != p.s.Section
			p.s, p.stateETag = s, s.ETag
			p.mu.Unlock()
			switch {
			case s.Ended:
				p.ended()
				return
			case moved:
				p.render(true)
			default:
				p.locks()
			}
		}
		wait := every
		if js.Global().Get("document").Get("hidden").Bool() {
			wait = pollHidden // a phone in a pocket catches up when shown again
		}
		select {
		case <-p.wake:
		case <-time.After(wait):
		}
	}
}

// answer records a radio button's choice and queues it for the worker.
func (p *page) answer(item, value string) {
	p.mu.Lock()
	p.answers[item] = value
	p.mu.Unlock()
	p.save()
	p.done()
	say(workshop.T(p.lang).Saving, false)
	select {
	case p.send <- item:
	default: // the queue is full of this device's answers: the latest value of each goes anyway
	}
}

// sender sends queued answers one at a time, the latest value of each, and
// retries what the network or a busy worker did not take.
func (p *page) sender() {
	for item := range p.send {
		for wait := time.Second; ; wait = min(2*wait, 15*time.Second) {
			p.mu.Lock()
			value, acked, code, lang := p.answers[item], p.acked[item], p.code, p.lang
			p.mu.Unlock()
			t := workshop.T(lang)
			if value == acked {
				say(t.Saved, false)
				break
			}
			body, _ := json.Marshal(map[string]string{"participant": p.device, "item": item, "value": value})
			r, err := dom.Fetch("POST", "/api/workshops/"+code+"/answers", map[string]string{"Content-Type": "application/json"}, body)
			if err == nil && (r.Status == 200 || r.Status == 201) {
				var a struct {
					State string `json:"state"`
				}
				json.Unmarshal(r.Body, &a)
				p.mu.Lock()
				p.acked[item] = value
				stale := a.State != "" && a.State != p.stateETag
				p.mu.Unlock()
				if stale { // the facilitator changed something: look now
					select {
					case p.wake <- struct{}{}:
					default:
					}
				}
				continue // sends again if the value changed meanwhile
			}
			if err == nil && r.Status < 500 && r.Status != 429 {
				p.rejected(item, r)
				break
			}
			if err == nil && r.Status == 429 {
				say(t.Busy, true)
			} else {
				say(t.Retrying, true)
			}
			time.Sleep(wait)
		}
	}
}

// rejected handles an answer the worker refused: a locked item keeps the
// answer it had; an ended session ends the page.
func (p *page) rejected(item string, r dom.Response) {
	var e workshop.APIError
	json.Unmarshal(r.Body, &e)
	t := workshop.T(p.lang)
	p.mu.Lock()
	if acked, ok := p.acked[item]; ok {
		p.answers[item] = acked
	} else {
		delete(p.answers, item)
	}
	if r.Status == 409 && strings.HasPrefix(e.Error, "item:") && !p.s.IsLocked(item) {
		p.s.Locked = append(p.s.Locked, item)
	}
	p.mu.Unlock()
	p.save()
	switch {
	case r.Status == 409 && strings.HasPrefix(e.Error, "item:"):
		say(t.LockedRefused, true)
		p.render(false)
	case r.Status == 409 && strings.HasPrefix(e.Error, "code:"):
		p.ended()
	default:
		say(fmt.Sprintf(t.Problem, e.Error), true)
	}
}
