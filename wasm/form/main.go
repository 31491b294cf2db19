//go:build js && wasm

// Command form is the questionnaire runner, compiled to WebAssembly. It
// takes over the pre-rendered questionnaire page (assets/build), which can be
// answered without it: it saves a draft on every change, shows progress and
// one section at a time, checks the answers, and sends them with retries
// until the worker acknowledges. The logic is in wasm/ui; this package only
// connects it to the page through wasm/dom.
//
// It is its own binary, apart from wasm/app (the result and county pages),
// so that it stays small and starts fast: it reads and writes JSON by hand
// (wasm/tinyjson) and uses neither fmt nor reflect. It fetches the
// questionnaire's JSON beside its own wasm instead of embedding every
// questionnaire.
package main

import (
	"errors"
	mrand "math/rand/v2"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"lagesbild"
	"lagesbild/wasm/dom"
	"lagesbild/wasm/i18n"
	"lagesbild/wasm/page"
	"lagesbild/wasm/retry"
	"lagesbild/wasm/ui"
)

func main() {
	page.Start()
	startQuestionnaire()
	page.Ready()
}

// modeKey keeps whether the respondent likes one section at a time or all.
const modeKey = "lagesbild:mode"

// runner is the questionnaire page. Its fields are shared by the event
// handlers and the sending goroutine: mu guards them, and is never held
// while waiting for the network (a handler waiting for it would stop the
// browser's event loop, and with it the network).
type runner struct {
	mu      sync.Mutex
	q       *lagesbild.Questionnaire
	d       ui.Draft
	current int  // the section shown, one at a time
	all     bool // all sections at once
	sending bool
	wake    chan struct{} // cuts a wait between attempts short
	status  *page.Status
	saved   string // time of the last save, "15:04"
	errors  []ui.Problem

	// A personal link: what the address carried, the check of the code
	// (the latest; checkGen counts them, so an older one's answer is
	// dropped), and whether the about fields are the link's and hidden.
	link     ui.Link
	linkCode string // the code the link brought, also after a reload
	check    *ui.LinkCheck
	checkGen int
	recheck  chan struct{} // cuts a wait between checks short (back online)
	locked   bool

	// Sending, as the panel beside the send button shows it; fixing is set
	// while the worker's refusal is about the municipality, round or code,
	// whose fields are then beside the button too.
	sendSt ui.Sending
	fixing bool

	roundsNote func(*i18n.Strings) string // what the round list says of itself
}

func startQuestionnaire() {
	// A personal link's code leaves the address first: not in the history,
	// a bookmark or a screenshot. The tab's session storage keeps it.
	link := ui.ParseLink(dom.Search(), dom.Hash())
	if link.FromFragment {
		dom.ReplaceURL(link.Address(dom.Path(), dom.Search()))
	}
	if link.Code != "" && link.Round != "" {
		_ = dom.Session().Set(ui.CodeKey(link.Round), link.Code)
		_ = dom.Session().Set(ui.LinkKey(link.Round), link.Code)
	}
	body := dom.Body()
	version, _ := strconv.Atoi(body.Data("version"))
	q, err := fetchQuestionnaire(body.Data("questionnaire"), version)
	if err != nil {
		// Leave the plain form: it can still be answered and sent.
		dom.Log("lagesbild:", err.Error())
		return
	}
	r := &runner{q: q, link: link, wake: make(chan struct{}, 1), recheck: make(chan struct{}, 1), status: page.NewStatus("status")}
	restored := r.load()
	r.fromPage()
	r.toPage(false)
	dom.ByID(ui.FormID).SetAttr("novalidate", "")
	r.all = func() bool { m, _ := dom.Local().Get(modeKey); return m == "all" }()
	r.current = ui.FirstOpenSection(q, r.d.Answers)
	r.linkCode = link.Code
	switch {
	case link.Code == "":
		r.linkCode, _ = dom.Session().Get(ui.LinkKey(r.d.Round)) // a reload after the link
	case link.Round == "": // a link without a round: the draft's
		_ = dom.Session().Set(ui.CodeKey(r.d.Round), link.Code)
		_ = dom.Session().Set(ui.LinkKey(r.d.Round), link.Code)
	}
	code, _ := dom.Session().Get(ui.CodeKey(r.d.Round))
	dom.ByID(ui.CodeID).SetValue(code)

	form := dom.ByID(ui.FormID)
	form.On("change", func(ev dom.Event) { r.changed(ev.Target()) })
	form.On("submit", func(ev dom.Event) {
		ev.PreventDefault()
		r.submit()
	})
	for _, b := range dom.QueryAll(".secnav .next") {
		b.On("click", func(dom.Event) { r.move(+1) })
	}
	for _, b := range dom.QueryAll(".secnav .prev") {
		b.On("click", func(dom.Event) { r.move(-1) })
	}
	dom.ByID("mode").On("click", func(dom.Event) { r.toggleMode() })
	dom.ByID("download").On("click", func(dom.Event) { r.download() })
	upload := dom.ByID("upload")
	dom.ByID("upload-button").On("click", func(dom.Event) { upload.Click() })
	upload.On("change", func(dom.Event) { go r.upload(upload) })
	for _, id := range []string{"errors", ui.SendPanelID} {
		dom.ByID(id).On("click", func(ev dom.Event) {
			if a := ev.Target().Closest("a[data-field]"); a.OK() {
				ev.PreventDefault()
				r.goTo(a.Data("field"))
			}
		})
	}
	dom.OnWindow("online", func(dom.Event) {
		r.nudge()
		select {
		case r.recheck <- struct{}{}:
		default:
		}
	})
	dom.OnWindow("offline", func(dom.Event) { r.nudge() })
	dom.OnWindow("hashchange", func(dom.Event) { r.hashChanged() })
	page.OnLang = r.translate

	dom.ByID("tools").SetHidden(false)
	dom.ByID("draft-tools").SetHidden(false)
	r.render()
	if restored > 0 {
		r.status.Set("", func(s *i18n.Strings) string { return i18n.Fill(s.StatusRestored, restored) })
	}
	if r.d.Pending {
		r.startSending()
	} else if r.d.Sent != "" {
		r.status.Set("sent", func(s *i18n.Strings) string { return s.StatusSent })
		r.setSend(ui.SendSent)
	}
	if restored > 0 {
		r.toSection()
	}
	go r.loadRounds()
	switch {
	case link.BadCode:
		r.mu.Lock()
		ex := r.expect(true)
		r.mu.Unlock()
		r.showCheck(0, &ui.LinkCheck{Outcome: ui.LinkBadCode, Expect: ex})
	case code != "":
		r.startCheck()
	}
}

// load reads the stored draft, or starts one, and returns how many answers
// it restored.
func (r *runner) load() int {
	if b, ok := dom.Local().Get(ui.StorageKey(r.q.ID)); ok {
		d, err := ui.ParseDraft([]byte(b), r.q)
		if err == nil {
			r.d = d
			return len(d.Answers)
		}
		// Kept aside rather than overwritten: answers are the users' data.
		dom.Log("lagesbild: the stored draft is not usable, starting anew:", err.Error())
		_ = dom.Local().Set(ui.StorageKey(r.q.ID)+":unreadable", b)
	}
	d, err := ui.NewDraft(r.q, dom.Random{})
	if err != nil {
		panic(err) // crypto.getRandomValues is always there where wasm is
	}
	r.d = d
	return 0
}

// fromPage takes what is on the page into the draft: the start page's
// choices in the address, and answers given before the client started.
func (r *runner) fromPage() {
	now := time.Now()
	unit, round := r.d.Municipality, r.d.Round
	if ui.CountyUnit(r.q) {
		unit = r.d.County
	}
	if k := r.link.Municipality; k != "" && !ui.CountyUnit(r.q) {
		if _, ok := lagesbild.MunicipalityByCode(k); ok {
			unit = k
		}
	}
	if rd := r.link.Round; rd != "" {
		round = rd
	}
	r.d.SetAbout(unit, round, r.d.Role, ui.CountyUnit(r.q), now)
	for _, in := range dom.QueryAll("#" + ui.FormID + " input[type=radio]:checked") {
		r.d.Set(in.Name(), in.Value(), now)
	}
	r.save()
}

// toPage shows the draft in the form. At the start the form holds no other
// answers than the draft's (fromPage took them in), so only the answered
// items are set, a radio each; after reading a file (all) every radio is.
func (r *runner) toPage(all bool) {
	if ui.CountyUnit(r.q) {
		dom.ByID(ui.CountyID).SetValue(r.d.County)
	} else {
		dom.ByID(ui.MunicipalityID).SetValue(r.d.Municipality)
	}
	if r.d.Round != "" {
		// The list is the page's until loadRounds has the worker's: the
		// draft's round must be among its options before that, or the
		// select keeps the page's first and a quick "Skicka in" sends that.
		sel := dom.ByID(ui.RoundID)
		if sel.SetValue(r.d.Round); sel.Value() != r.d.Round {
			sel.SetHTML(ui.RoundOptions(ui.RoundChoices(nil, r.d.Round), r.d.Round))
		}
	}
	if r.d.Role != "" {
		dom.ByID(ui.RoleID).SetValue(r.d.Role)
	}
	if !all {
		for id, v := range r.d.Answers {
			dom.ByID(ui.OptionID(id, v)).SetChecked(true) // unchecks the others of the item
		}
		return
	}
	for _, it := range ui.Items(r.q) {
		v := r.d.Answers[it.Item.ID]
		for _, o := range it.Item.Options {
			dom.ByID(ui.OptionID(it.Item.ID, o.Value)).SetChecked(o.Value == v)
		}
	}
}

// about reads who answers from the form.
func (r *runner) about() (unit, round, role string) {
	id := ui.MunicipalityID
	if ui.CountyUnit(r.q) {
		id = ui.CountyID
	}
	return dom.ByID(id).Value(), dom.ByID(ui.RoundID).Value(), dom.ByID(ui.RoleID).Value()
}

// changed records a change of any field: every change is saved at once.
// A new code, or a new municipality or round for the code, is checked.
func (r *runner) changed(target dom.Element) {
	if target.ID() == ui.CodeID {
		r.codeChanged(target.Value()) // the code is not part of the draft
		return
	}
	if id := target.ID(); id == ui.MunicipalityID || id == ui.CountyID || id == ui.RoundID {
		defer func() {
			if dom.ByID(ui.CodeID).Value() != "" {
				r.startCheck()
			}
		}()
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	now := time.Now()
	if target.Is("input[type=radio]") {
		if target.Checked() {
			r.d.Set(target.Name(), target.Value(), now)
			for _, in := range dom.QueryAll(`[name="` + target.Name() + `"]`) {
				in.RemoveAttr("aria-invalid")
			}
			dom.ByID(ui.ItemID(target.Name())).SetClass("invalid", false)
		}
	} else {
		unit, round, role := r.about()
		r.d.SetAbout(unit, round, role, ui.CountyUnit(r.q), now)
		target.RemoveAttr("aria-invalid")
	}
	r.save()
	r.progress()
}

// save stores the draft; when the browser refuses, the user is told to
// download the answers, so nothing is lost silently.
func (r *runner) save() {
	if err := dom.Local().Set(ui.StorageKey(r.q.ID), string(r.d.Encode())); err != nil {
		dom.Log("lagesbild: saving the draft:", err.Error())
		r.status.Set("problem", func(s *i18n.Strings) string { return s.ErrStorage })
		return
	}
	r.saved = clock(time.Now())
	r.renderSaved()
}

func (r *runner) renderSaved() {
	if r.saved != "" {
		dom.ByID("saved").SetText(i18n.Fill(i18n.For(page.Lang).StatusDraftSaved, r.saved))
	}
}

// render shows one section (or all), with the navigation that fits.
func (r *runner) render() {
	last := len(r.q.Sections) - 1
	for i, s := range r.q.Sections {
		sec := dom.ByID(ui.SectionID(s.ID))
		sec.SetHidden(!r.all && i != r.current)
		sec.Query(".secnav").SetHidden(r.all)
	}
	dom.ByID("about").SetHidden(!r.all && r.current != 0)
	dom.ByID("submit-row").SetHidden(!r.all && r.current != last)
	r.placeFix(r.fixing && (r.all || r.current == last))
	s := i18n.For(page.Lang)
	mode := s.ShowAll
	if r.all {
		mode = s.ShowOne
	}
	dom.ByID("mode").SetText(mode)
	r.progress()
}

// progress shows "Avsnitt 3 av 8" and how many questions are answered.
func (r *runner) progress() {
	p := ui.ProgressOf(r.q, r.d.Answers, r.current)
	s := i18n.For(page.Lang)
	section := dom.ByID("progress-section")
	section.SetHidden(r.all)
	section.SetText(p.SectionText(s))
	dom.ByID("progress").SetAttr("value", strconv.Itoa(p.Answered))
	dom.ByID("progress-text").SetText(p.AnsweredText(s))
}

// move shows the next or previous section and puts the focus on its
// heading, so keyboard and screen reader users start reading there.
func (r *runner) move(by int) {
	r.current = min(max(r.current+by, 0), len(r.q.Sections)-1)
	r.render()
	h := dom.ByID(ui.SectionHeadID(r.q.Sections[r.current].ID))
	h.ScrollIntoView()
	h.Focus()
}

func (r *runner) toggleMode() {
	r.all = !r.all
	mode := "one"
	if r.all {
		mode = "all"
	}
	_ = dom.Local().Set(modeKey, mode)
	r.render()
	dom.ByID("mode").Focus()
}

// goTo shows the section of a field named in the error summary and moves
// the focus to the field.
func (r *runner) goTo(field string) {
	if si := ui.SectionOf(r.q, field); si >= 0 {
		r.current = si
	} else if !r.fixing {
		r.current = 0 // the fields about the respondent are in the first section
	} // else: they are beside the send button

	r.render()
	f := dom.ByID(field)
	f.ScrollIntoView()
	f.Focus()
}

// submit checks the draft and starts sending it, or shows what to correct.
func (r *runner) submit() {
	r.mu.Lock()
	unit, round, role := r.about()
	r.d.SetAbout(unit, round, role, ui.CountyUnit(r.q), time.Now())
	r.errors = ui.Validate(r.q, r.d, page.Lang)
	errs := dom.ByID("errors")
	if len(r.errors) > 0 {
		r.mu.Unlock()
		r.showErrors()
		errs.Focus()
		return
	}
	errs.SetHidden(true)
	r.status.Clear()
	code := dom.ByID(ui.CodeID).Value()
	if code != "" {
		_ = dom.Session().Set(ui.CodeKey(round), code)
	} else {
		dom.Session().Remove(ui.CodeKey(round))
	}
	r.d.Pending = true
	r.save()
	r.mu.Unlock()
	r.setSend(ui.SendSending)
	r.showSend()
	r.startSending()
}

// showErrors renders the error summary and marks the fields.
func (r *runner) showErrors() {
	errs := dom.ByID("errors")
	if len(r.errors) == 0 {
		errs.SetHidden(true)
		return
	}
	errs.SetHTML(ui.ErrorSummary(r.errors, page.Lang))
	errs.SetHidden(false)
	for _, p := range r.errors {
		f := dom.ByID(p.Field)
		if item := f.Closest("fieldset.item"); item.OK() {
			item.SetClass("invalid", true)
			for _, in := range item.QueryAll("input") {
				in.SetAttr("aria-invalid", "true")
			}
			continue
		}
		f.SetAttr("aria-invalid", "true")
	}
}

func (r *runner) nudge() {
	select {
	case r.wake <- struct{}{}:
	default:
	}
}

// startSending starts the one sending goroutine, or wakes it.
func (r *runner) startSending() {
	r.mu.Lock()
	if r.sending {
		r.mu.Unlock()
		r.nudge()
		return
	}
	r.sending = true
	r.mu.Unlock()
	go r.send()
}

// send posts the draft until the worker acknowledges or refuses it. The
// draft's id makes every attempt the same response, so a retry after an
// answer that was lost on the way is counted once.
func (r *runner) send() {
	defer func() {
		r.mu.Lock()
		r.sending = false
		r.mu.Unlock()
	}()
	for attempt := 0; ; attempt++ {
		r.mu.Lock()
		d := r.d
		d.Answers = make(lagesbild.Answers, len(r.d.Answers))
		for k, v := range r.d.Answers {
			d.Answers[k] = v
		}
		r.mu.Unlock()
		if !d.Pending {
			return
		}
		if !dom.Online() {
			r.setSend(ui.SendOffline)
			r.wait(retry.Default.Delay(attempt, mrand.Float64()))
			continue
		}
		r.setSend(ui.SendSending)
		code, _ := dom.Session().Get(ui.CodeKey(d.Round))
		h := page.APIHeaders(code)
		h["Content-Type"] = "application/json"
		resp, err := dom.Fetch("POST", ui.ResponsesURL(), h, ui.Payload(d))
		if err != nil {
			dom.Log("lagesbild: sending:", err.Error())
		}
		outcome, apiErr := ui.Classify(resp.Status, resp.Body)
		if apiErr != nil && resp.Status != 0 {
			dom.Log("lagesbild: sending:", apiErr.Error()) // the worker's message is for developers
		}
		switch outcome {
		case ui.Saved:
			r.mu.Lock()
			done := r.d.Changed == d.Changed // else: changed meanwhile, send the change too
			if done {
				r.d.Pending = false
				r.d.Sent = ui.Stamp(time.Now())
				r.save()
			}
			r.mu.Unlock()
			if done {
				r.mu.Lock()
				r.fixing = false
				r.mu.Unlock()
				r.placeFix(false)
				r.setSend(ui.SendSent)
				// The acknowledgement is taller than "sending", and the
				// fields that left the box moved it: bring it whole into
				// view again, unless the user has gone elsewhere.
				if a := dom.ActiveID(); a == ui.SendPanelID || dom.NothingFocused() {
					r.showSend()
				}
				return
			}
			attempt = -1
		case ui.Rejected:
			e := apiErr
			r.mu.Lock()
			r.d.Pending = false
			r.save()
			r.mu.Unlock()
			fix := ui.FixField(e.Code, ui.CountyUnit(r.q)) != ""
			r.mu.Lock()
			r.sendSt.Err = e
			r.fixing = fix
			last := r.all || r.current == len(r.q.Sections)-1
			r.mu.Unlock()
			r.placeFix(fix && last)
			r.setSend(ui.SendRejected)
			r.showSend()
			return
		case ui.Retry:
			delay := retry.Default.Delay(attempt, mrand.Float64())
			r.mu.Lock()
			r.sendSt.Secs = int(delay.Round(time.Second) / time.Second)
			r.mu.Unlock()
			r.setSend(ui.SendRetry)
			r.wait(delay)
		}
	}
}

// wait waits for d, or less when the network comes back or the user asks
// to submit again.
func (r *runner) wait(d time.Duration) {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
	case <-r.wake:
	}
}

// download saves the draft as a file, for another computer or safekeeping.
func (r *runner) download() {
	r.mu.Lock()
	d := r.d
	r.mu.Unlock()
	dom.Download(d.FileName(), "application/json", d.Encode())
}

// upload continues from a downloaded file: its answers replace the form's.
func (r *runner) upload(input dom.Element) {
	b, err := input.ReadFile()
	input.SetValue("") // choosing the same file again is a change again
	if err != nil {
		dom.Log("lagesbild:", err.Error())
		r.status.Set("problem", func(s *i18n.Strings) string { return i18n.Fill(s.ErrFile, err.Error()) })
		return
	}
	d, err := ui.ParseDraft(b, r.q)
	if err != nil {
		dom.Log("lagesbild: reading the file:", err.Error())
		fe, _ := err.(*ui.FileError)
		r.status.Set("problem", func(s *i18n.Strings) string {
			if fe == nil {
				return i18n.Fill(s.ErrFile, err.Error())
			}
			return fe.Text(s)
		})
		return
	}
	r.mu.Lock()
	d.Pending = false
	if r.locked { // the municipality and round are the checked link's, not the file's
		d.SetAbout(r.draftUnit(), r.d.Round, d.Role, ui.CountyUnit(r.q), time.Now())
	}
	r.d = d
	r.save()
	r.toPage(true)
	r.current = ui.FirstOpenSection(r.q, d.Answers)
	r.render()
	r.mu.Unlock()
	n := len(d.Answers)
	r.status.Set("", func(s *i18n.Strings) string { return i18n.Fill(s.StatusFileLoaded, n) })
}

// translate puts the questionnaire's own texts in the current language.
func (r *runner) translate() {
	lang := page.Lang
	page.SetTitle(r.q.Title.In(lang))
	dom.ByID("qtitle").SetText(r.q.Title.In(lang))
	dom.ByID("qintro").SetText(r.q.Intro.In(lang))
	s := i18n.For(lang)
	for si, sec := range r.q.Sections {
		h := dom.ByID(ui.SectionHeadID(sec.ID))
		h.Query(".snum").SetText(ui.Progress{Section: si + 1, Sections: len(r.q.Sections)}.SectionText(s) + ":")
		dom.ByID(ui.SectionTitleID(sec.ID)).SetText(sec.Title.In(lang))
		dom.ByID(ui.SectionIntroID(sec.ID)).SetText(sec.Intro.In(lang))
	}
	for _, it := range ui.Items(r.q) {
		dom.ByID(ui.ItemTextID(it.Item.ID)).SetText(it.Item.Text.In(lang))
		dom.ByID(ui.HelpID(it.Item.ID)).SetText(it.Item.Help.In(lang))
		for _, o := range it.Item.Options {
			dom.ByID(ui.LabelID(it.Item.ID, o.Value)).SetText(o.Label.In(lang))
		}
	}
	r.render()
	r.renderSaved()
	r.status.Render()
	r.renderCheck()
	r.renderSend()
	r.renderRoundsNote()
	if !dom.ByID("errors").Hidden() {
		r.mu.Lock()
		r.errors = ui.Validate(r.q, r.d, page.Lang)
		r.mu.Unlock()
		r.showErrors()
	}
}

// fetchQuestionnaire gets the page's questionnaire, which the loader has
// been fetching since the page was shown.
func fetchQuestionnaire(id string, version int) (*lagesbild.Questionnaire, error) {
	resp, err := dom.Early(ui.QuestionnaireURL(id, version))
	if err != nil {
		return nil, err
	}
	if resp.Status != 200 {
		return nil, ui.ParseError(resp.Status, resp.Body)
	}
	q, err := ui.ParseQuestionnaire(resp.Body)
	if err == nil && (q.ID != id || q.Version != version) {
		err = errors.New("the questionnaire file is " + q.ID + " v" + strconv.Itoa(q.Version) + ", the page " + id + " v" + strconv.Itoa(version))
	}
	return q, err
}

// clock is "15:04", the time of day a draft was saved.
func clock(t time.Time) string {
	h, m, _ := t.Clock()
	return strconv.Itoa(h/10) + strconv.Itoa(h%10) + ":" + strconv.Itoa(m/10) + strconv.Itoa(m%10)
}

// hashChanged takes a code from a personal link opened again in the same
// tab: only the fragment changes, so the page is not loaded anew.
func (r *runner) hashChanged() {
	link := ui.ParseLink(dom.Search(), dom.Hash())
	if !link.FromFragment {
		return
	}
	dom.ReplaceURL(link.Address(dom.Path(), dom.Search()))
	r.mu.Lock()
	round := r.d.Round
	if link.BadCode {
		r.checkGen++
		ex := r.expect(true)
		r.mu.Unlock()
		r.showCheck(0, &ui.LinkCheck{Outcome: ui.LinkBadCode, Expect: ex})
		return
	}
	r.linkCode = link.Code
	r.mu.Unlock()
	_ = dom.Session().Set(ui.CodeKey(round), link.Code)
	_ = dom.Session().Set(ui.LinkKey(round), link.Code)
	dom.ByID(ui.CodeID).SetValue(link.Code)
	r.startCheck()
}

// codeChanged keeps a typed code for the tab and checks it; an emptied
// field forgets it.
func (r *runner) codeChanged(typed string) {
	r.mu.Lock()
	round := r.d.Round
	r.mu.Unlock()
	if typed == "" {
		dom.Session().Remove(ui.CodeKey(round))
		r.mu.Lock()
		r.checkGen++
		r.mu.Unlock()
		r.showCheck(0, nil)
		return
	}
	code, ok := ui.NormalizeCode(typed)
	if !ok {
		r.mu.Lock()
		r.checkGen++
		ex := r.expect(false)
		r.mu.Unlock()
		r.showCheck(0, &ui.LinkCheck{Outcome: ui.LinkBadCode, Expect: ex})
		return
	}
	_ = dom.Session().Set(ui.CodeKey(round), code)
	r.startCheck()
}

// expect is what the code should be for: the round and unit of the
// draft. A link that names no municipality leaves it to its code.
func (r *runner) expect(fromLink bool) ui.Expect {
	county := ui.CountyUnit(r.q)
	unit := r.d.Municipality
	if county {
		unit = r.d.County
	}
	if fromLink && r.link.Municipality == "" && !r.locked {
		unit = ""
	}
	return ui.Expect{Round: r.d.Round, Unit: unit, County: county, FromLink: fromLink}
}

// draftUnit is the municipality (or county) the draft answers for; r.mu
// is held.
func (r *runner) draftUnit() string {
	if ui.CountyUnit(r.q) {
		return r.d.County
	}
	return r.d.Municipality
}

// startCheck checks the code in the field against the draft's round and
// unit, in the background; a check started later wins.
func (r *runner) startCheck() {
	code, ok := ui.NormalizeCode(dom.ByID(ui.CodeID).Value())
	if !ok {
		return
	}
	r.mu.Lock()
	r.checkGen++
	gen := r.checkGen
	ex := r.expect(code == r.linkCode)
	r.mu.Unlock()
	go r.checkCode(gen, ex, code)
}

// checkCode asks the worker what the code grants in the round
// (GET /api/rounds/{round}) and shows the answer. Without one (offline, the
// server's trouble) it says so, the questionnaire can still be filled in,
// and it asks again later, at once when the network is back.
func (r *runner) checkCode(gen int, ex ui.Expect, code string) {
	for attempt := 0; ; attempt++ {
		resp, err := dom.Fetch("GET", ui.RoundURL(ex.Round), page.APIHeaders(code), nil)
		if err != nil {
			dom.Log("lagesbild: checking the code:", err.Error())
		}
		c := ui.CheckLink(ex, resp.Status, resp.Body, ui.Stamp(time.Now()))
		c.Offline = !dom.Online()
		if c.Err != nil && resp.Status != 0 {
			dom.Log("lagesbild: checking the code:", c.Err.Error()) // the worker's message is for developers
		}
		if !r.showCheck(gen, &c) || c.Outcome != ui.LinkUnchecked {
			return
		}
		t := time.NewTimer(retry.Default.Delay(attempt, mrand.Float64()))
		select {
		case <-t.C:
		case <-r.recheck:
		}
		t.Stop()
	}
}

// showCheck shows the outcome of check gen (0: one decided without the
// worker; nil: no code, no panel) unless a later one has started, and
// reports whether it did. A valid code from a link fills in and hides the
// fields the link decides, which the panel names (also while the link
// cannot be checked offline); a problem takes the focus, unless the user
// has put it somewhere already, and is read out (role=alert) either way.
func (r *runner) showCheck(gen int, c *ui.LinkCheck) bool {
	r.mu.Lock()
	if gen != 0 && gen != r.checkGen {
		r.mu.Unlock()
		return false
	}
	prev := r.check
	r.check = c
	county := ui.CountyUnit(r.q)
	locked := false
	if c != nil {
		if c.Outcome == ui.LinkValid && c.Unit != "" && c.Unit != r.draftUnit() {
			r.d.SetAbout(c.Unit, r.d.Round, r.d.Role, county, time.Now()) // a municipality's code answers for it
			r.save()
			r.toPage(false)
		}
		linkKnown := r.link.Municipality != "" && r.link.Municipality == r.draftUnit()
		locked = c.FromLink && (c.Outcome == ui.LinkValid && c.Unit != "" || c.Outcome == ui.LinkUnchecked && linkKnown)
	}
	r.locked = locked
	r.mu.Unlock()

	unitID := ui.MunicipalityID
	if county {
		unitID = ui.CountyID
	}
	for _, id := range []string{unitID, ui.RoundID, ui.CodeID} {
		dom.ByID(id).Closest(".field").SetHidden(locked)
	}
	r.renderCheck()
	if c != nil && c.Problem() && (prev == nil || prev.Outcome != c.Outcome) && dom.NothingFocused() {
		p := dom.ByID(ui.LinkPanelID)
		p.ScrollIntoView()
		p.Focus()
	}
	return true
}

// renderCheck shows the check's panel in the current language.
func (r *runner) renderCheck() {
	r.mu.Lock()
	c := r.check
	r.mu.Unlock()
	p := dom.ByID(ui.LinkPanelID)
	if c == nil {
		p.SetHidden(true)
		p.SetHTML("")
		return
	}
	p.SetHTML(ui.LinkPanel(*c, page.Lang))
	p.SetClass("problem", c.Problem())
	p.SetHidden(false)
}

// setSend shows a phase of sending in the panel beside the send button.
func (r *runner) setSend(phase ui.SendPhase) {
	r.mu.Lock()
	r.sendSt.Phase = phase
	r.sendSt.Questionnaire = r.q.ID
	r.sendSt.Unit, r.sendSt.County, r.sendSt.Round = r.draftUnit(), ui.CountyUnit(r.q), r.d.Round
	r.mu.Unlock()
	r.renderSend()
}

// renderSend shows the send panel in the current language.
func (r *runner) renderSend() {
	r.mu.Lock()
	st := r.sendSt
	r.mu.Unlock()
	p := dom.ByID(ui.SendPanelID)
	p.SetHTML(ui.SendPanel(st, page.Lang))
	p.SetClass("problem", st.Phase == ui.SendRejected || st.Phase == ui.SendOffline || st.Phase == ui.SendRetry)
	p.SetClass("sent", st.Phase == ui.SendSent)
	p.SetHidden(st.Phase == ui.SendNone)
}

// showSend puts the focus on the send panel, in view: the answer to the
// click is where the click was.
func (r *runner) showSend() {
	p := dom.ByID(ui.SendPanelID)
	p.Focus()
	p.Reveal()
}

// placeFix moves the fields of the municipality (or county), round and code
// beside the send button (fix), or back to the first section.
func (r *runner) placeFix(fix bool) {
	unitID := ui.MunicipalityID
	if ui.CountyUnit(r.q) {
		unitID = ui.CountyID
	}
	unit, round, code := dom.ByID(unitID).Closest(".field"), dom.ByID(ui.RoundID).Closest(".field"), dom.ByID(ui.CodeID).Closest(".field")
	box := dom.ByID(ui.SendFixID)
	if fix == !box.Hidden() {
		return
	}
	if fix {
		box.Append(unit)
		box.Append(round)
		box.Append(code)
	} else {
		role := dom.ByID(ui.RoleID).Closest(".field")
		role.Before(unit)
		role.Before(round)
		dom.ByID("about").Append(code)
	}
	box.SetHidden(!fix)
}

// toSection shows the restored section from its start after a reload: its
// heading in view and focused (the first section: the page's top).
func (r *runner) toSection() {
	if r.all || r.current == 0 {
		dom.ByID("qtitle").ScrollIntoView()
		return
	}
	h := dom.ByID(ui.SectionHeadID(r.q.Sections[r.current].ID))
	h.ScrollIntoView()
	h.Focus()
}

// loadRounds offers the rounds of the questionnaire open now (with a code:
// the code's round) in the round list, keeping the draft's. Without an
// answer the draft's round stays the only one, and the page says so.
func (r *runner) loadRounds() {
	r.mu.Lock()
	keep := r.d.Round
	r.mu.Unlock()
	code, _ := dom.Session().Get(ui.CodeKey(keep))
	open, versions, err := fetchRounds(code, r.q.ID)
	if err != nil && code != "" {
		open, versions, err = fetchRounds("", r.q.ID) // a code the worker refuses: the rounds open to all
	}
	// A round keeps the questionnaire version it was made with: a round
	// made before a new version shipped is answered on its own version's
	// page, and the list here offers only the rounds of this page's.
	latest := !strings.Contains(dom.Path(), "/v")
	if v, ok := versions[keep]; ok {
		if to := ui.VersionPage(r.q.ID, r.q.Version, latest, v); to != "" {
			dom.Replace(to + dom.Search() + dom.Hash())
			return
		}
	}
	open = slices.DeleteFunc(open, func(id string) bool { return ui.VersionPage(r.q.ID, r.q.Version, latest, versions[id]) != "" })
	switch {
	case err != nil:
		dom.Log("lagesbild: the rounds:", err.Error())
		r.roundsNote = func(s *i18n.Strings) string { return i18n.Fill(s.RoundsOffline, keep) }
	case len(open) == 0 && keep == "":
		r.roundsNote = func(s *i18n.Strings) string { return s.RoundsNone }
	default:
		r.roundsNote = nil
	}
	choices := ui.RoundChoices(open, keep)
	sel := dom.ByID(ui.RoundID)
	sel.SetHTML(ui.RoundOptions(choices, keep))
	r.renderRoundsNote()
	if keep == "" && len(choices) > 0 {
		r.mu.Lock()
		unit, _, role := r.about()
		r.d.SetAbout(unit, choices[0], role, ui.CountyUnit(r.q), time.Now())
		r.save()
		r.mu.Unlock()
	}
}

// fetchRounds asks GET /api/rounds (with a code, if any) for the open
// rounds of questionnaire, with their versions.
func fetchRounds(code, questionnaire string) ([]string, map[string]int, error) {
	resp, err := dom.Fetch("GET", ui.RoundsURL(), page.APIHeaders(code), nil)
	if err != nil {
		return nil, nil, err
	}
	if resp.Status != 200 {
		return nil, nil, ui.ParseError(resp.Status, resp.Body)
	}
	return ui.OpenRoundVersions(resp.Body, questionnaire)
}

func (r *runner) renderRoundsNote() {
	n := dom.ByID("round-note")
	if r.roundsNote == nil {
		n.SetHidden(true)
		return
	}
	n.SetText(r.roundsNote(i18n.For(page.Lang)))
	n.SetHidden(false)
}
