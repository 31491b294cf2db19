//go:build js && wasm

// Command facilitator is the facilitator's page of a workshop (/workshop/),
// compiled to WebAssembly: it starts a session, shows the join code, its QR
// code and the links, moves the room through the sections, locks items,
// reveals the results, ends the session, shows the room's figures as plain
// HTML tables (the wall's figures for screen readers and for the
// facilitator's own screen), and saves the room's settled answers as the
// municipality's response for a round. The facilitator's token travels in
// the link's fragment (never sent to a server by the browser) and is kept in
// localStorage for this browser. HTML and texts come from wasm/workshop.
package main

import (
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"sync"
	"syscall/js"
	"time"

	"lagesbild"
	"lagesbild/wasm/dom"
	"lagesbild/wasm/workshop"
	"lagesbild/wasm/workshop/qr"
)

const (
	tokenKey   = "lagesbild:workshop:lead:"    // + code: the facilitator's token
	settledKey = "lagesbild:workshop:settled:" // + code: the facilitator's choices
	pollEvery  = time.Second
)

type page struct {
	mu      sync.Mutex
	lang    string
	code    string
	token   string
	q       *lagesbild.Questionnaire
	s       workshop.Session
	wall    *workshop.Wall
	chosen  lagesbild.Answers // the facilitator's own choices
	refresh chan struct{}     // poll now
	formed  bool              // the settle form is drawn
}

func main() {
	p := &page{lang: "sv", chosen: lagesbild.Answers{}, refresh: make(chan struct{}, 1)}
	if l, ok := dom.Local().Get(workshop.LangKey); ok && l == "en" {
		p.lang = "en"
	}
	toggle := dom.ByID("lang")
	toggle.SetHidden(false)
	toggle.On("click", func(dom.Event) {
		p.mu.Lock()
		p.lang = workshop.Other(p.lang)
		p.formed = false
		p.mu.Unlock()
		_ = dom.Local().Set(workshop.LangKey, p.lang)
		p.translate()
		if p.code != "" {
			p.joinPanel()
		}
		p.draw(true)
	})
	p.wire()
	p.translate()
	code, codeOK := lagesbild.NormalizeJoinCode(dom.Param("code"))
	token := strings.TrimPrefix(dom.Hash(), "#token=")
	if token == dom.Hash() {
		token = ""
	}
	switch {
	case codeOK && token != "":
		_ = dom.Local().Set(tokenKey+code, token)
		go p.open(code, token)
	case codeOK:
		if t, ok := dom.Local().Get(tokenKey + code); ok {
			dom.ReplaceURL("?code=" + code + "#token=" + t)
			go p.open(code, t)
		} else {
			say("status", workshop.T(p.lang).WrongLink, true)
		}
	default:
		go p.creating()
	}
	dom.Ready()
	select {}
}

func say(id, msg string, problem bool) {
	st := dom.ByID(id)
	st.SetText(msg)
	st.SetClass("problem", problem)
	st.SetClass("sent", !problem && msg != "")
}

func (p *page) translate() { workshop.Translate(p.lang) }

// wire connects the controls.
func (p *page) wire() {
	dom.ByID("create-form").On("submit", func(ev dom.Event) {
		ev.PreventDefault()
		go p.create(dom.ByID("questionnaire").Value())
	})
	dom.ByID("section").On("change", func(dom.Event) {
		go p.change(map[string]any{"section": dom.ByID("section").Value()})
	})
	step := func(d int) {
		p.mu.Lock()
		q, s := p.q, p.s
		p.mu.Unlock()
		if q == nil {
			return
		}
		if i := workshop.SectionIndex(q, s.Section) + d; i >= 0 && i < len(q.Sections) {
			go p.change(map[string]any{"section": q.Sections[i].ID})
		}
	}
	dom.ByID("prev").On("click", func(dom.Event) { step(-1) })
	dom.ByID("next").On("click", func(dom.Event) { step(1) })
	dom.ByID("lock-list").On("change", func(ev dom.Event) {
		in := ev.Target()
		item := in.Data("lock")
		if item == "" {
			return
		}
		key := "unlock"
		if in.Checked() {
			key = "lock"
		}
		go p.change(map[string]any{key: []string{item}})
	})
	dom.ByID("reveal").On("change", func(dom.Event) {
		go p.change(map[string]any{"revealed": dom.ByID("reveal").Checked()})
	})
	dom.ByID("end").On("click", func(dom.Event) {
		dom.ByID("end-confirm").SetHidden(false)
		dom.ByID("end-yes").Focus()
	})
	dom.ByID("end-no").On("click", func(dom.Event) {
		dom.ByID("end-confirm").SetHidden(true)
		dom.ByID("end").Focus()
	})
	dom.ByID("end-yes").On("click", func(dom.Event) {
		dom.ByID("end-confirm").SetHidden(true)
		go p.change(map[string]any{"ended": true})
	})
	dom.ByID("settle").On("change", func(ev dom.Event) {
		sel := ev.Target()
		item := sel.Data("settle")
		if item == "" {
			return
		}
		p.mu.Lock()
		p.chosen[item] = sel.Value() // "" is a choice too: left out on purpose
		b, _ := json.Marshal(p.chosen)
		code := p.code
		p.mu.Unlock()
		_ = dom.Local().Set(settledKey+code, string(b))
	})
	dom.ByID("save-form").On("submit", func(ev dom.Event) {
		ev.PreventDefault()
		go p.saveInto()
	})
}

// creating offers to start a session, with the questionnaires to choose from.
func (p *page) creating() {
	dom.ByID("create").SetHidden(false)
	r, err := dom.Fetch("GET", "/api/questionnaires", nil, nil)
	if err != nil || r.Status != 200 {
		return // the select keeps the workshop questionnaire
	}
	var list []struct {
		ID      string         `json:"id"`
		Version int            `json:"version"`
		Title   lagesbild.Text `json:"title"`
		Items   int            `json:"items"`
	}
	if json.Unmarshal(r.Body, &list) != nil {
		return
	}
	latest := map[string]int{}
	for i, l := range list {
		latest[l.ID] = i // the list is by id and version: the last one is the latest
	}
	var b strings.Builder
	for i, l := range list {
		if latest[l.ID] != i {
			continue
		}
		sel := ""
		if l.ID == "workshop" {
			sel = " selected"
		}
		fmt.Fprintf(&b, `<option value="%s"%s>%s (%d)</option>`, esc(l.ID), sel, esc(l.Title.In(p.lang)), l.Items)
	}
	dom.ByID("questionnaire").SetHTML(b.String())
}

func esc(s string) string {
	return strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", `"`, "&#34;").Replace(s)
}

func (p *page) create(questionnaire string) {
	t := workshop.T(p.lang)
	say("status", t.Creating, false)
	body, _ := json.Marshal(map[string]any{"questionnaire": questionnaire})
	r, err := dom.Fetch("POST", "/api/workshops", map[string]string{"Content-Type": "application/json"}, body)
	if err != nil {
		say("status", fmt.Sprintf(t.Problem, err), true)
		return
	}
	var c workshop.Created
	if r.Status != 201 || json.Unmarshal(r.Body, &c) != nil {
		say("status", fmt.Sprintf(t.Problem, apiError(r)), true)
		return
	}
	_ = dom.Local().Set(tokenKey+c.Code, c.Token)
	dom.ReplaceURL("?code=" + c.Code + "#token=" + c.Token)
	p.open(c.Code, c.Token)
}

func apiError(r dom.Response) string {
	var e workshop.APIError
	if json.Unmarshal(r.Body, &e) == nil && e.Error != "" {
		return e.Error
	}
	return "status " + strconv.Itoa(r.Status)
}

// open checks the token and shows the session.
func (p *page) open(code, token string) {
	t := workshop.T(p.lang)
	r, err := dom.Fetch("GET", "/api/workshops/"+code, map[string]string{"Authorization": "Bearer " + token}, nil)
	if err != nil {
		say("status", fmt.Sprintf(t.Problem, err), true)
		return
	}
	var s workshop.Session
	switch {
	case r.Status == 403:
		say("status", t.WrongLink, true)
		return
	case r.Status == 404 && strings.Contains(apiError(r), "expired"):
		say("status", t.Expired, true)
		return
	case r.Status == 404:
		say("status", fmt.Sprintf(t.NoSession, workshop.FormatCode(code)), true)
		return
	case r.Status != 200 || json.Unmarshal(r.Body, &s) != nil || !s.Facilitator:
		say("status", fmt.Sprintf(t.Problem, apiError(r)), true)
		return
	}
	q, err := workshop.FetchQuestionnaire(s.Questionnaire, s.Version)
	if err != nil {
		say("status", fmt.Sprintf(t.Problem, err), true)
		return
	}
	p.mu.Lock()
	p.code, p.token, p.q, p.s = code, token, q, s
	if v, ok := dom.Local().Get(settledKey + code); ok {
		json.Unmarshal([]byte(v), &p.chosen)
	}
	p.mu.Unlock()
	say("status", "", false)
	dom.ByID("create").SetHidden(true)
	dom.ByID("session").SetHidden(false)
	p.joinPanel()
	p.draw(true)
	go p.poll()
}

// joinPanel shows the code, the QR code and the links.
func (p *page) joinPanel() {
	t := workshop.T(p.lang)
	loc := js.Global().Get("location")
	origin, host := loc.Get("origin").String(), loc.Get("host").String()
	join := origin + "/join/?code=" + p.code
	dom.ByID("join-here").SetText(fmt.Sprintf(t.JoinHere, host+"/join"))
	dom.ByID("code-big").SetText(workshop.FormatCode(p.code))
	dom.ByID("join-link").SetAttr("href", join)
	dom.ByID("join-link").SetText(join)
	if m, err := qr.Modules(join); err == nil {
		dom.ByID("qr").SetHTML(string(workshop.QRSVG(m, fmt.Sprintf(t.QRAlt, join))))
	}
	dom.ByID("wall-link").SetAttr("href", "/wall/?code="+p.code)
	lead := origin + "/workshop/?code=" + p.code + "#token=" + p.token
	dom.ByID("lead-link").SetAttr("href", lead)
	dom.ByID("lead-link").SetText(lead)
}

// poll follows the room's figures (and the session's state, which the
// wall's answer carries) with the last ETag.
func (p *page) poll() {
	etag := ""
	for {
		p.mu.Lock()
		code := p.code
		p.mu.Unlock()
		h := map[string]string{}
		if etag != "" {
			h["If-None-Match"] = etag
		}
		r, err := dom.Fetch("GET", "/api/workshops/"+code+"/wall", h, nil)
		if err == nil && r.Status == 200 {
			var v workshop.Wall
			if json.Unmarshal(r.Body, &v) == nil {
				etag = v.ETag
				p.mu.Lock()
				moved := v.Session.Section != p.s.Section
				p.wall = &v
				p.s = v.Session
				p.mu.Unlock()
				p.draw(moved)
				dom.Body().SetAttr("data-etag", v.ETag)
			}
		} else if err == nil && r.Status == 404 {
			say("status", workshop.T(p.lang).Expired, true)
			return
		}
		select {
		case <-p.refresh:
		case <-time.After(pollEvery):
		}
	}
}

// draw shows the session's state: controls, figures, the settle form.
// With full, the parts that depend on the section are drawn anew.
func (p *page) draw(full bool) {
	p.mu.Lock()
	q, s, v, lang, chosen, formed := p.q, p.s, p.wall, p.lang, p.chosen, p.formed
	p.formed = q != nil && v != nil
	p.mu.Unlock()
	if q == nil {
		return
	}
	t := workshop.T(lang)
	if full || dom.ByID("section").Value() == "" {
		dom.ByID("section").SetHTML(string(workshop.SectionOptions(q, s.Section, lang)))
		dom.ByID("lock-list").SetHTML(string(workshop.Locks(q, s, lang)))
	}
	dom.ByID("section").SetValue(s.Section)
	for _, it := range q.Sections[max(0, workshop.SectionIndex(q, s.Section))].Items {
		dom.ByID(workshop.LockID(it.ID)).SetChecked(s.IsLocked(it.ID))
	}
	i := workshop.SectionIndex(q, s.Section)
	dom.ByID("prev").SetDisabled(i <= 0)
	dom.ByID("next").SetDisabled(i >= len(q.Sections)-1)
	dom.ByID("reveal").SetChecked(s.Revealed)
	dom.ByID("reveal-help").SetText(fmt.Sprintf(t.RevealHelp, 3))
	if s.Ended {
		dom.ByID("controls").SetAttr("data-ended", "")
		dom.ByID("ended-note").SetHidden(false)
		dom.ByID("end").SetDisabled(true)
	}
	if v == nil {
		return
	}
	dom.ByID("reveal-help").SetText(fmt.Sprintf(t.RevealHelp, v.MinRespondents))
	dom.ByID("room-status").SetText(fmt.Sprintf(t.Status, v.Wall.Participants, v.Wall.Answered))
	dom.ByID("figures").SetHTML(string(workshop.Figures(q, *v, lang)))
	// The settle form: the room's most common answer where the
	// facilitator has not chosen; drawn once, then updated in place so a
	// select being used keeps its focus.
	proposal := workshop.Settle(*v)
	for item, value := range chosen {
		proposal[item] = value
	}
	if !formed {
		dom.ByID("settle").SetHTML(string(workshop.SettleForm(q, proposal, lang)))
		return
	}
	for _, sec := range q.Sections {
		for _, it := range sec.Items {
			if _, mine := chosen[it.ID]; !mine && dom.ActiveID() != workshop.SettleID(it.ID) {
				dom.ByID(workshop.SettleID(it.ID)).SetValue(proposal[it.ID])
			}
		}
	}
}

// change is a facilitator's action; the wall is polled at once after it.
func (p *page) change(body map[string]any) {
	t := workshop.T(p.lang)
	p.mu.Lock()
	code, token := p.code, p.token
	p.mu.Unlock()
	b, _ := json.Marshal(body)
	r, err := dom.Fetch("PATCH", "/api/workshops/"+code, map[string]string{"Content-Type": "application/json", "Authorization": "Bearer " + token}, b)
	if err != nil {
		say("control-status", fmt.Sprintf(t.Problem, err), true)
		return
	}
	var s workshop.Session
	if r.Status != 200 || json.Unmarshal(r.Body, &s) != nil {
		say("control-status", fmt.Sprintf(t.Problem, apiError(r)), true)
		p.draw(false) // back to the state the worker has
		return
	}
	say("control-status", "", false)
	p.mu.Lock()
	moved := s.Section != p.s.Section
	p.s = s
	p.mu.Unlock()
	p.draw(moved)
	select {
	case p.refresh <- struct{}{}:
	default:
	}
}

// saveInto saves the settled answers as the municipality's response.
func (p *page) saveInto() {
	t := workshop.T(p.lang)
	p.mu.Lock()
	code, token, q := p.code, p.token, p.q
	p.mu.Unlock()
	answers := lagesbild.Answers{}
	for _, sec := range q.Sections {
		for _, it := range sec.Items {
			if v := dom.ByID(workshop.SettleID(it.ID)).Value(); v != "" {
				answers[it.ID] = v
			}
		}
	}
	body, _ := json.Marshal(map[string]any{
		"round": strings.TrimSpace(dom.ByID("round").Value()), "inviteCode": strings.TrimSpace(dom.ByID("invite").Value()),
		"municipality": strings.TrimSpace(dom.ByID("muni").Value()), "answers": answers,
	})
	say("save-status", t.Saving, false)
	r, err := dom.Fetch("POST", "/api/workshops/"+code+"/response", map[string]string{"Content-Type": "application/json", "Authorization": "Bearer " + token}, body)
	if err != nil {
		say("save-status", fmt.Sprintf(t.Problem, err), true)
		return
	}
	var s workshop.Saved
	if (r.Status != 200 && r.Status != 201) || json.Unmarshal(r.Body, &s) != nil {
		say("save-status", fmt.Sprintf(t.Problem, apiError(r)), true)
		return
	}
	say("save-status", workshop.SavedText(s, p.lang), false)
	dom.ByID("save-status").SetAttr("data-outcome", s.Outcome)
}
