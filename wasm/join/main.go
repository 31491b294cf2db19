//go:build js && wasm

// Command join is the participants' page of a workshop (/join/?code=…),
// compiled to WebAssembly: a phone joins with the code (typed, or in the QR
// code's link), answers the section the facilitator has moved the room to
// with native radio buttons, and follows the room (section, locks, end) by
// polling with an ETag. The device's random id and its answers are kept in
// localStorage, so a reload keeps the answers and a device counts once;
// answers not yet acknowledged are sent again. What to do with each answer
// of the worker, the HTML and the texts are wasm/workshop's and wasm/i18n's;
// this file connects them to the page (wasm/dom, wasm/page) and the network.
package main

import (
	mrand "math/rand/v2"
	"sync"
	"syscall/js"
	"time"

	"lagesbild"
	"lagesbild/api"
	"lagesbild/wasm/dom"
	"lagesbild/wasm/i18n"
	"lagesbild/wasm/page"
	"lagesbild/wasm/retry"
	"lagesbild/wasm/workshop"
)

const (
	deviceKey = "lagesbild:workshop:device"
	// answersKey + code keeps this device's answers in a session.
	answersKey = "lagesbild:workshop:answers:"
)

// joiner is the page. Handlers run on the browser's event loop and network
// calls on goroutines: mu guards the state both touch.
type joiner struct {
	mu     sync.Mutex
	device string
	st     *workshop.Participant // nil until a code is given
	status *page.Status
	send   chan string   // items to send
	wake   chan struct{} // poll now: an answer's reply named another state
}

func main() {
	page.Start()
	j := &joiner{device: device(), status: page.NewStatus("status"), send: make(chan string, 64), wake: make(chan struct{}, 1)}
	page.OnLang = func() {
		j.title()
		j.status.Render()
		j.render(false)
	}
	dom.ByID("join-form").On("submit", func(ev dom.Event) {
		ev.PreventDefault()
		code, ok := lagesbild.NormalizeJoinCode(dom.ByID("code").Value())
		if !ok {
			j.problem(badCode, true)
			return
		}
		dom.ReplaceURL("?code=" + code)
		go j.join(code)
	})
	dom.ByID("section").On("change", func(ev dom.Event) {
		if in := ev.Target(); in.Is(`input[type="radio"]`) {
			j.answer(in.Name(), in.Value())
		}
	})
	if raw := dom.Param("code"); raw != "" {
		if code, ok := lagesbild.NormalizeJoinCode(raw); ok {
			dom.ByID("code").SetValue(workshop.FormatCode(code))
			go j.join(code)
		} else {
			j.problem(badCode, true)
		}
	}
	go j.sender()
	page.Ready()
}

func badCode(s *i18n.Strings) string { return s.WBadCode }

// device is this browser's participant id, made once.
func device() string {
	stored, _ := dom.Local().Get(deviceKey)
	id, made, err := workshop.Device(stored, dom.Random{})
	if err != nil {
		panic(err) // crypto.getRandomValues does not fail
	}
	if made {
		_ = dom.Local().Set(deviceKey, id) // private modes: the id lasts for the page
	}
	return id
}

// title names the session in the heading and the document's title.
func (j *joiner) title() {
	j.mu.Lock()
	st := j.st
	j.mu.Unlock()
	if st == nil || !st.Joined() {
		return
	}
	t := st.Title(i18n.For(page.Lang))
	dom.ByID("title").SetText(t)
	page.SetTitle(t)
}

func (j *joiner) say(n workshop.Notice) {
	if n.Text != nil {
		j.status.Set(n.Kind, n.Text)
	}
}

// problem shows a problem with joining, with the code form to try again.
func (j *joiner) problem(text func(*i18n.Strings) string, form bool) {
	j.status.Set("problem", text)
	dom.ByID("join-form").SetHidden(!form)
	if form {
		dom.ByID("code").SetAttr("aria-invalid", "true")
		dom.ByID("code").Focus()
	}
}

// join joins the session: the worker returns this device's answers so far;
// kept answers it lacks (sent while offline) go again.
func (j *joiner) join(code string) {
	j.mu.Lock()
	if j.st != nil && j.st.Code == code && j.st.Joined() {
		j.mu.Unlock()
		return
	}
	st := workshop.NewParticipant(code, loadAnswers(code))
	j.st = st
	j.mu.Unlock()
	j.status.Set("", func(s *i18n.Strings) string { return s.WJoining })
	body := workshop.JoinBody(j.device)
	attempts := retry.Attempts{Backoff: workshop.Resend}
	var res workshop.JoinResult
	for {
		r, err := dom.Fetch("POST", "/api/workshops/"+code+"/participants", map[string]string{"Content-Type": "application/json"}, body)
		logError("joining", err)
		j.mu.Lock()
		res = st.Join(r.Status, r.Body)
		j.mu.Unlock()
		if res.Step != workshop.Wait {
			break
		}
		j.say(res.Notice)
		time.Sleep(attempts.Next(mrand.Float64()))
	}
	switch res.Step {
	case workshop.End:
		j.ended()
		return
	case workshop.Halt:
		j.problem(res.Notice.Text, true)
		return
	}
	j.mu.Lock()
	s := st.Session
	j.mu.Unlock()
	q, err := workshop.FetchQuestionnaire(s.Questionnaire, s.Version)
	if err != nil {
		logError("the questionnaire", err)
		j.problem(func(s *i18n.Strings) string { return s.ErrNetwork }, false)
		return
	}
	j.mu.Lock()
	st.Q = q
	j.mu.Unlock()
	dom.ByID("join-form").SetHidden(true)
	dom.ByID("intro").SetHidden(true)
	dom.ByID("anon").SetHidden(false)
	j.title()
	j.save()
	j.render(false)
	j.status.Clear()
	for _, item := range res.Resend {
		j.send <- item
	}
	go j.follow()
}

func logError(what string, err error) {
	if err != nil {
		dom.Log("join: "+what+":", err.Error())
	}
}

func loadAnswers(code string) lagesbild.Answers {
	if s, ok := dom.Local().Get(answersKey + code); ok {
		if a, err := workshop.ParseAnswers([]byte(s)); err == nil {
			return a
		}
	}
	return nil
}

// save keeps this device's answers in localStorage.
func (j *joiner) save() {
	j.mu.Lock()
	b := workshop.EncodeAnswers(j.st.Answers)
	code := j.st.Code
	j.mu.Unlock()
	_ = dom.Local().Set(answersKey+code, string(b))
}

// render draws the room's section; with focus, the heading takes the focus
// (the room moved on: a screen reader starts at the new section).
func (j *joiner) render(focus bool) {
	j.mu.Lock()
	st := j.st
	if st == nil || st.Q == nil {
		j.mu.Unlock()
		return
	}
	ended := st.Session.Ended
	h, err := st.Section(page.Lang)
	section := st.Session.Section
	j.mu.Unlock()
	if ended {
		j.ended()
		return
	}
	if err != nil {
		logError("drawing the section", err)
		return
	}
	dom.ByID("section").SetHTML(string(h))
	dom.ByID("section").SetAttr("data-rendered", section)
	j.done()
	if focus {
		dom.ByID(workshop.SectionHeadingID).Focus()
	}
}

// done shows, once every open item of the section is answered, that the
// room is waiting for the facilitator.
func (j *joiner) done() {
	j.mu.Lock()
	all := j.st.AllAnswered()
	j.mu.Unlock()
	dom.ByID("done").SetHidden(!all)
}

// locks sets the items' locks in place, without redrawing what the
// participant may be in the middle of.
func (j *joiner) locks() {
	j.mu.Lock()
	locks := j.st.Locks()
	j.mu.Unlock()
	for _, l := range locks {
		dom.ByID(workshop.ItemID(l.Item)).SetDisabled(l.Locked)
		dom.ByID(workshop.LockedID(l.Item)).SetHidden(!l.Locked)
	}
	j.done()
}

// ended shows that the session has ended.
func (j *joiner) ended() {
	dom.ByID("section").SetHTML("")
	dom.ByID("done").SetHidden(true)
	dom.ByID("join-form").SetHidden(true)
	j.status.Set("sent", func(s *i18n.Strings) string { return s.WEnded })
	dom.Body().SetAttr("data-ended", "")
}

// follow polls the session's state and follows the facilitator's moves, as
// often as workshop.ParticipantPoll says.
func (j *joiner) follow() {
	poll := workshop.ParticipantPoll
	poll.Changed()
	// A phone taken out of a pocket looks at once, not after the hidden wait
	// (visibilitychange bubbles from the document to the window).
	dom.OnWindow("visibilitychange", func(dom.Event) {
		select {
		case j.wake <- struct{}{}:
		default:
		}
	})
	for {
		j.mu.Lock()
		code, etag := j.st.Code, j.st.Session.ETag
		j.mu.Unlock()
		h := map[string]string{}
		if etag != "" {
			h["If-None-Match"] = etag
		}
		r, err := dom.Fetch("GET", "/api/workshops/"+code, h, nil)
		logError("polling", err)
		j.mu.Lock()
		res := j.st.Polled(r.Status, r.Body)
		j.mu.Unlock()
		switch {
		case res.Step == workshop.End:
			j.ended()
			return
		case res.Step == workshop.Halt:
			j.problem(res.Notice.Text, true)
			return
		case res.Moved:
			j.render(true)
		case res.Changed:
			j.locks()
		}
		if res.Changed {
			poll.Changed()
		} else if r.Status == 304 {
			poll.Unchanged()
		}
		select {
		case <-j.wake:
		case <-time.After(poll.Wait(js.Global().Get("document").Get("hidden").Bool())):
		}
	}
}

// answer records a radio button's choice and queues it for the worker.
func (j *joiner) answer(item, value string) {
	j.mu.Lock()
	j.st.Choose(item, value)
	j.mu.Unlock()
	j.save()
	j.done()
	j.say(workshop.Saving())
	select {
	case j.send <- item:
	default: // the queue is full of this device's answers: the latest value of each goes anyway
	}
}

// sender sends queued answers one at a time, the latest value of each, and
// retries what the network or a busy worker did not take.
func (j *joiner) sender() {
	for item := range j.send {
		attempts := retry.Attempts{Backoff: workshop.Resend}
		for {
			j.mu.Lock()
			value, ok := j.st.Pending(item)
			code := j.st.Code
			j.mu.Unlock()
			if !ok {
				break
			}
			body := workshop.AnswerBody(api.Answer{Participant: j.device, Item: item, Value: value})
			r, err := dom.Fetch("POST", "/api/workshops/"+code+"/answers", map[string]string{"Content-Type": "application/json"}, body)
			logError("sending an answer", err)
			j.mu.Lock()
			res := j.st.Sent(item, value, r.Status, r.Body)
			j.mu.Unlock()
			j.say(res.Notice)
			if res.Step == workshop.Wait {
				time.Sleep(attempts.Next(mrand.Float64()))
				continue
			}
			if res.Poll {
				select {
				case j.wake <- struct{}{}:
				default:
				}
			}
			if res.Step == workshop.Proceed {
				continue // sends again if the value changed meanwhile
			}
			if res.Step == workshop.End {
				j.ended()
				break
			}
			j.save() // Undo: the answer is the worker's again
			if res.Redraw {
				j.render(false)
			}
			break
		}
	}
}
