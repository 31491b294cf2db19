//go:build js && wasm

// Command facilitator is the facilitator's page of a workshop (/workshop/),
// compiled to WebAssembly: it starts a session, shows the join code, its QR
// code and the links, moves the room through the sections, locks items,
// reveals the results, ends the session, shows the room's figures as plain
// HTML tables (the wall's figures for screen readers and for the
// facilitator's own screen), and saves the room's settled answers as the
// municipality's response for a round. The facilitator's token travels in
// the link's fragment (never sent to a server by the browser) and is kept in
// localStorage for this browser. The state and what to do with each answer
// of the worker are wasm/workshop's (Lead), the texts wasm/i18n's; this file
// connects them to the page and the network.
package main

import (
	"encoding/json"
	"strconv"
	"sync"
	"syscall/js"
	"time"

	"lagesbild"
	"lagesbild/api"
	"lagesbild/qr"
	"lagesbild/wasm/dom"
	"lagesbild/wasm/i18n"
	"lagesbild/wasm/page"
	"lagesbild/wasm/workshop"
)

const (
	tokenKey   = "lagesbild:workshop:lead:"    // + code: the facilitator's token
	settledKey = "lagesbild:workshop:settled:" // + code: the facilitator's choices
	keptKey    = "lagesbild:workshop:sessions" // the sessions this browser leads (workshop.ParseKept)
	printClass = "print-workshop"              // body class: the one-page summary prints alone
)

type facilitator struct {
	mu      sync.Mutex
	l       *workshop.Lead // nil until a session is open
	formed  bool           // the settle form is drawn
	refresh chan struct{}  // poll now

	status, control, saved, copied, kept *page.Status
}

func main() {
	page.Start()
	f := &facilitator{refresh: make(chan struct{}, 1),
		status: page.NewStatus("status"), control: page.NewStatus("control-status"), saved: page.NewStatus("save-status"),
		copied: page.NewStatus("copy-status"), kept: page.NewStatus("kept-status")}
	page.OnLang = func() {
		f.mu.Lock()
		f.formed = false
		open := f.l != nil
		f.mu.Unlock()
		page.SetTitle(i18n.For(page.Lang).WLeadTitle)
		for _, s := range []*page.Status{f.status, f.control, f.saved, f.copied, f.kept} {
			s.Render()
		}
		if open {
			f.joinPanel()
		} else {
			keptList()
		}
		f.draw(true)
	}
	f.wire()
	o := workshop.Open(dom.Param("code"), dom.Hash(), func(code string) string {
		t, _ := dom.Local().Get(tokenKey + code)
		return t
	})
	switch {
	case o.Create:
		keptList()
		go f.creating()
	case o.Token == "":
		f.status.Set(o.Notice.Kind, o.Notice.Text)
	default:
		if o.Keep {
			_ = dom.Local().Set(tokenKey+o.Code, o.Token)
			keep(o.Code)
		}
		if o.URL != "" {
			dom.ReplaceURL(o.URL)
		}
		go f.open(o.Code, o.Token)
	}
	page.Ready()
}

func say(s *page.Status, n workshop.Notice) { s.Set(n.Kind, n.Text) }

// lead is the session's state, under the lock: nil before one is open.
func (f *facilitator) lead() *workshop.Lead {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.l
}

// wire connects the controls.
func (f *facilitator) wire() {
	dom.ByID("create-form").On("submit", func(ev dom.Event) {
		ev.PreventDefault()
		size, _ := workshop.RoomSizeChange(dom.ByID("room-size-new").Value()) // the input takes whole numbers only
		n := 0
		if size.RoomSize != nil {
			n = *size.RoomSize
		}
		go f.create(dom.ByID("questionnaire").Value(), n)
	})
	dom.ByID("room-size-form").On("submit", func(ev dom.Event) {
		ev.PreventDefault()
		if c, ok := workshop.RoomSizeChange(dom.ByID("room-size").Value()); ok {
			go f.change(c)
		}
	})
	dom.ByID("section").On("change", func(dom.Event) {
		id := dom.ByID("section").Value()
		go f.change(api.Change{Section: &id})
	})
	step := func(d int) {
		f.mu.Lock()
		var c api.Change
		ok := false
		if f.l != nil {
			c, ok = f.l.Step(d)
		}
		f.mu.Unlock()
		if ok {
			go f.change(c)
		}
	}
	dom.ByID("prev").On("click", func(dom.Event) { step(-1) })
	dom.ByID("next").On("click", func(dom.Event) { step(1) })
	dom.ByID("lock-list").On("change", func(ev dom.Event) {
		in := ev.Target()
		if item := in.Data("lock"); item != "" {
			go f.change(workshop.LockChange(item, in.Checked()))
		}
	})
	dom.ByID("reveal").On("change", func(dom.Event) {
		on := dom.ByID("reveal").Checked()
		go f.change(api.Change{Revealed: &on})
	})
	dom.ByID("reveal-section").On("change", func(dom.Event) {
		on := dom.ByID("reveal-section").Checked()
		f.mu.Lock()
		var c api.Change
		if f.l != nil {
			c = f.l.RevealSection(on)
		}
		f.mu.Unlock()
		if c.Reveal != nil || c.Hide != nil {
			go f.change(c)
		}
	})
	// Shortcuts: next and previous section, reveal or hide the section.
	// Never from a field (the settle form's selects, the room size), nor
	// with Ctrl, Alt or Meta held.
	dom.OnWindow("keydown", func(ev dom.Event) {
		key := workshop.Shortcut(ev.Key(), ev.InField(), ev.Modified())
		if key == "" || f.lead() == nil || dom.ByID("session").Hidden() {
			return
		}
		ev.PreventDefault()
		switch key {
		case workshop.KeyNext:
			step(1)
		case workshop.KeyPrev:
			step(-1)
		case workshop.KeyReveal:
			f.mu.Lock()
			c := f.l.RevealSection(!f.l.SectionRevealed())
			f.mu.Unlock()
			go f.change(c)
		}
	})
	dom.ByID("copy-lead").On("click", func(dom.Event) {
		link := dom.ByID("lead-link")
		go copyLink(link.Attr("href"), link, f.copied)
	})
	dom.ByID("kept-list").On("click", func(ev dom.Event) {
		b := ev.Target()
		if url := b.Data("copy"); url != "" {
			go copyLink(url, b.Closest("li").Query("a"), f.kept)
		}
	})
	dom.ByID("export-csv").On("click", func(dom.Event) {
		f.mu.Lock()
		l := f.l
		var data []byte
		if l != nil && l.Wall != nil {
			data = workshop.ExportCSV(l.Q, *l.Wall, page.Lang)
		}
		code := ""
		if l != nil {
			code = l.Code
		}
		f.mu.Unlock()
		if data != nil {
			dom.Download(workshop.ExportName(code), "text/csv;charset=utf-8", data)
		}
	})
	dom.ByID("print").On("click", func(dom.Event) {
		f.mu.Lock()
		l := f.l
		var h workshop.HTML
		if l != nil && l.Wall != nil {
			h = workshop.PrintSummary(l.Q, *l.Wall, time.Now().Format("2006-01-02 15:04"), page.Lang)
		}
		f.mu.Unlock()
		if h == "" {
			return
		}
		dom.ByID("print-summary").SetHTML(string(h))
		dom.Body().SetClass(printClass, true)
		dom.Print()
	})
	dom.OnWindow("afterprint", func(dom.Event) { dom.Body().SetClass(printClass, false) })
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
		yes := true
		go f.change(api.Change{Ended: &yes})
	})
	dom.ByID("settle").On("change", func(ev dom.Event) {
		sel := ev.Target()
		item := sel.Data("settle")
		f.mu.Lock()
		if item == "" || f.l == nil {
			f.mu.Unlock()
			return
		}
		f.l.Choose(item, sel.Value()) // "" is a choice too: left out on purpose
		b := workshop.EncodeAnswers(f.l.Chosen)
		code := f.l.Code
		f.mu.Unlock()
		_ = dom.Local().Set(settledKey+code, string(b))
		dom.ByID(workshop.TieID(item)).SetHidden(true) // chosen: no longer the room's tie to settle
	})
	dom.ByID("save-form").On("submit", func(ev dom.Event) {
		ev.PreventDefault()
		go f.saveInto()
	})
}

// keep puts a session first in this browser's list of the sessions it
// leads, so its link can be found again from /workshop/.
func keep(code string) {
	list, _ := dom.Local().Get(keptKey)
	_ = dom.Local().Set(keptKey, workshop.FormatKept(workshop.Keep(workshop.ParseKept(list), code, time.Now().UTC().Format(time.RFC3339))))
}

// keptList shows this browser's sessions on the start of the page.
func keptList() {
	list, _ := dom.Local().Get(keptKey)
	h := workshop.KeptList(workshop.ParseKept(list), func(code string) string {
		t, _ := dom.Local().Get(tokenKey + code)
		return t
	}, dom.Origin(), page.Lang)
	dom.ByID("kept-list").SetHTML(string(h))
	dom.ByID("kept").SetHidden(h == "")
}

// copyLink copies a facilitator link; where the clipboard is not to be had
// it selects the link for the facilitator to copy by hand.
func copyLink(url string, link dom.Element, st *page.Status) {
	if err := dom.CopyText(url); err != nil {
		dom.Log("facilitator: copying:", err.Error())
		link.SelectText()
		st.Set("problem", func(s *i18n.Strings) string { return s.WCopyFailed })
		return
	}
	st.Set("sent", func(s *i18n.Strings) string { return s.WCopied })
}

// fetch makes an API call with JSON (body, when not nil) and the
// facilitator's token, and reads the answer into out when it is a success.
func fetch(method, path, token string, body, out any) workshop.Reply {
	h := page.APIHeaders(token)
	var b []byte
	if body != nil {
		b, _ = json.Marshal(body)
		h["Content-Type"] = "application/json"
	}
	r, err := dom.Fetch(method, path, h, b)
	if err != nil {
		dom.Log("facilitator: "+method+" "+path+":", err.Error())
	}
	reply := workshop.Classify(r.Status, r.Body)
	if reply.Err != nil && r.Status != 0 {
		dom.Log("facilitator: "+method+" "+path+":", reply.Err.Error()) // the worker's message is for developers
	}
	if reply.Outcome == workshop.OK && out != nil {
		if err := json.Unmarshal(r.Body, out); err != nil {
			dom.Log("facilitator: "+method+" "+path+":", err.Error())
			return workshop.Classify(0, nil)
		}
	}
	return reply
}

// creating offers to start a session, with the questionnaires to choose from.
func (f *facilitator) creating() {
	dom.ByID("create").SetHidden(false)
	// GET /api/questionnaires: the versions of each, oldest first.
	var list []api.Questionnaire
	if fetch("GET", "/api/questionnaires", "", nil, &list).Outcome != workshop.OK {
		return // the select keeps the workshop questionnaire
	}
	var latest []workshop.Choice
	for i, l := range list {
		if i+1 < len(list) && list[i+1].ID == l.ID {
			continue // the list is by id and version: the last one is the latest
		}
		latest = append(latest, workshop.Choice{ID: l.ID, Title: l.Title, Items: l.Items})
	}
	dom.ByID("questionnaire").SetHTML(string(workshop.ChoiceOptions(latest, page.Lang)))
}

func (f *facilitator) create(questionnaire string, roomSize int) {
	f.status.Set("", func(s *i18n.Strings) string { return s.WCreating })
	var c api.Workshop
	if r := fetch("POST", "/api/workshops", "", api.NewWorkshop{Questionnaire: questionnaire, RoomSize: roomSize}, &c); r.Outcome != workshop.OK {
		say(f.status, workshop.LeadNotice(r, ""))
		return
	}
	_ = dom.Local().Set(tokenKey+c.Code, c.Token)
	keep(c.Code)
	dom.ReplaceURL(workshop.LeadURL(c.Code, c.Token))
	f.open(c.Code, c.Token)
}

// open checks the token and shows the session.
func (f *facilitator) open(code, token string) {
	var s api.Session
	if ok, n := workshop.Opened(fetch("GET", "/api/workshops/"+code, token, nil, &s), s, code); !ok {
		say(f.status, n)
		return
	}
	q, err := workshop.FetchQuestionnaire(s.Questionnaire, s.Version)
	if err != nil {
		dom.Log("facilitator:", err.Error())
		f.status.Set("problem", func(s *i18n.Strings) string { return s.ErrNetwork })
		return
	}
	var chosen lagesbild.Answers
	if v, ok := dom.Local().Get(settledKey + code); ok {
		chosen, _ = workshop.ParseAnswers([]byte(v))
	}
	f.mu.Lock()
	f.l = workshop.NewLead(code, token, q, s, chosen)
	f.mu.Unlock()
	f.status.Clear()
	dom.ByID("create").SetHidden(true)
	dom.ByID("lead-intro").SetHidden(true)
	dom.ByID("session").SetHidden(false)
	f.joinPanel()
	f.draw(true)
	go f.poll()
}

// joinPanel shows the code, the QR code and the links.
func (f *facilitator) joinPanel() {
	l := f.lead()
	t := i18n.For(page.Lang)
	loc := js.Global().Get("location")
	links := workshop.LinksFor(loc.Get("origin").String(), loc.Get("host").String(), l.Code, l.Token)
	dom.ByID("join-here").SetText(i18n.Fill(t.WJoinHere, links.JoinShown))
	dom.ByID("code-big").SetText(workshop.FormatCode(l.Code))
	dom.ByID("join-link").SetAttr("href", links.Join)
	dom.ByID("join-link").SetText(links.Join)
	if m, err := qr.Modules(links.Join); err == nil {
		dom.ByID("qr").SetHTML(string(qr.SVG(m, "ws-qr", i18n.Fill(t.WQRAlt, links.Join))))
	}
	dom.ByID("wall-link").SetAttr("href", links.Wall)
	dom.ByID("lead-link").SetAttr("href", links.Lead)
	dom.ByID("lead-link").SetText(links.Lead)
}

// poll follows the room's figures (and the session's state, which the
// wall's answer carries) with the last ETag.
func (f *facilitator) poll() {
	poll := workshop.LeadPoll
	etag := ""
	for {
		l := f.lead()
		h := page.APIHeaders("")
		if etag != "" {
			h["If-None-Match"] = etag
		}
		r, err := dom.Fetch("GET", "/api/workshops/"+l.Code+"/wall", h, nil)
		if err != nil {
			dom.Log("facilitator: polling:", err.Error())
		}
		reply := workshop.Classify(r.Status, r.Body)
		f.mu.Lock()
		step, n := f.l.Polled(reply)
		f.mu.Unlock()
		switch step {
		case workshop.Halt:
			say(f.status, n)
			return
		case workshop.Proceed:
			var v api.Wall
			if json.Unmarshal(r.Body, &v) == nil {
				etag = v.ETag
				f.mu.Lock()
				moved := f.l.SetWall(v)
				f.mu.Unlock()
				f.draw(moved)
				dom.Body().SetAttr("data-etag", v.ETag)
			}
			poll.Changed()
		default:
			poll.Unchanged()
		}
		select {
		case <-f.refresh:
		case <-time.After(poll.Wait(false)):
		}
	}
}

// draw shows the session's state: controls, figures, the settle form.
// With full, the parts that depend on the section are drawn anew.
func (f *facilitator) draw(full bool) {
	f.mu.Lock()
	l := f.l
	if l == nil {
		f.mu.Unlock()
		return
	}
	lang := page.Lang
	c := l.Controls()
	q, s, focused := l.Q, l.Session, dom.ActiveID()
	var v *api.Wall
	if l.Wall != nil {
		w := *l.Wall
		v = &w
	}
	formed := f.formed
	f.formed = v != nil
	proposal, updates := l.Proposal(), l.SettleUpdates(focused)
	sectionRevealed := l.SectionRevealed()
	ties := map[string]string{}
	for _, sec := range q.Sections {
		for _, it := range sec.Items {
			ties[it.ID] = l.TieText(it.ID, lang)
		}
	}
	f.mu.Unlock()

	t := i18n.For(lang)
	if full || dom.ByID("section").Value() == "" {
		dom.ByID("section").SetHTML(string(workshop.SectionOptions(q, s.Section, lang)))
		dom.ByID("lock-list").SetHTML(string(workshop.LockBoxes(q, s, lang)))
	}
	dom.ByID("section").SetValue(c.Section)
	for _, lk := range c.Locks {
		dom.ByID(workshop.LockID(lk.Item)).SetChecked(lk.Locked)
	}
	dom.ByID("prev").SetDisabled(!c.Prev)
	dom.ByID("next").SetDisabled(!c.Next)
	dom.ByID("reveal").SetChecked(c.Revealed)
	dom.ByID("reveal-section").SetChecked(sectionRevealed)
	dom.ByID("reveal-section").SetDisabled(c.Revealed)
	dom.ByID("reveal-help").SetText(i18n.Fill(t.WRevealHelp, c.K))
	dom.ByID("wall-promise").SetText(c.WallPromise(t))
	if focused != "room-size" {
		size := ""
		if c.RoomSize > 0 {
			size = strconv.Itoa(c.RoomSize)
		}
		dom.ByID("room-size").SetValue(size)
	}
	if c.Ended {
		dom.ByID("controls").SetAttr("data-ended", "")
		dom.ByID("ended-note").SetHidden(false)
		dom.ByID("end").SetDisabled(true)
	}
	if v == nil {
		return
	}
	dom.ByID("summary").SetHTML(string(workshop.Summary(q, *v, lang)))
	dom.ByID("figures").SetHTML(string(workshop.Figures(q, *v, lang)))
	// The settle form: drawn once, then updated in place so a select being
	// used keeps its focus.
	if !formed {
		dom.ByID("settle").SetHTML(string(workshop.SettleForm(q, proposal, lang)))
	} else {
		for _, u := range updates {
			dom.ByID(workshop.SettleID(u.Item)).SetValue(u.Value)
		}
	}
	for item, text := range ties {
		el := dom.ByID(workshop.TieID(item))
		el.SetText(text)
		el.SetHidden(text == "")
	}
}

// change is a facilitator's action; the wall is polled at once after it.
func (f *facilitator) change(c api.Change) {
	l := f.lead()
	if l == nil {
		return
	}
	var s api.Session
	if r := fetch("PATCH", "/api/workshops/"+l.Code, l.Token, c, &s); r.Outcome != workshop.OK {
		say(f.control, workshop.LeadNotice(r, l.Code))
		f.draw(false) // back to the state the worker has
		return
	}
	f.control.Clear()
	f.mu.Lock()
	moved := f.l.SetSession(s)
	f.mu.Unlock()
	f.draw(moved)
	select {
	case f.refresh <- struct{}{}:
	default:
	}
}

// saveInto saves the settled answers as the municipality's response,
// once the facilitator has chosen for every tie (never a default).
func (f *facilitator) saveInto() {
	f.mu.Lock()
	l := f.l
	if open := l.Unchosen(); len(open) > 0 {
		nums := workshop.Numbers(l.Q, open)
		first := workshop.SettleID(open[0])
		f.mu.Unlock()
		f.saved.Set("problem", func(s *i18n.Strings) string { return i18n.Fill(s.WTieUnchosen, nums) })
		dom.ByID("save-status").SetAttr("data-outcome", "tie")
		dom.ByID(first).Focus()
		return
	}
	body := l.SaveBody(dom.ByID("round").Value(), dom.ByID("invite").Value(), dom.ByID("muni").Value(),
		func(item string) string { return dom.ByID(workshop.SettleID(item)).Value() })
	f.mu.Unlock()
	f.saved.Set("", func(s *i18n.Strings) string { return s.WSaving })
	var st api.Stored
	if r := fetch("POST", "/api/workshops/"+l.Code+"/response", l.Token, body, &st); r.Outcome != workshop.OK {
		say(f.saved, workshop.LeadNotice(r, l.Code))
		return
	}
	f.saved.Set("sent", func(s *i18n.Strings) string { return workshop.SavedText(s, st) })
	dom.ByID("save-status").SetAttr("data-outcome", st.Outcome)
}
