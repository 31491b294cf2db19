//go:build js && wasm

package main

import (
	"encoding/json"
	"time"

	"lagesbild"
	"lagesbild/api"
	"lagesbild/wasm/coordinator"
	"lagesbild/wasm/dom"
	"lagesbild/wasm/i18n"
	"lagesbild/wasm/page"
	"lagesbild/wasm/report"
	"lagesbild/wasm/ui"
)

// coord is the coordinator's page (/samordning/): signed in with the admin
// token (sessionStorage, never the address), it lists the rounds, creates
// one, changes a chosen round's dates or closes it, and makes, shows once
// and revokes the county leads' keys. The logic is wasm/coordinator's.
//
// Everything runs on the browser's one thread; a goroutine waits for each
// fetch, and the state below is only touched between awaits.
type coord struct {
	token string

	rounds         []api.RoundSummary
	questionnaires []api.Questionnaire
	chosen         *api.RoundSummary // the round being managed

	codes     []api.CodeInfo // the chosen round's codes, as listed (never the codes themselves)
	codesFail *ui.APIError   // why the list could not be read, if it could not
	made      *api.Codes     // the keys just made, shown this once
	revoking  string         // the county whose revocation waits for a confirmation

	newProblems, dateProblems, keyProblems []coordinator.Problem

	status, roundsStatus, roundStatus, keysStatus, newStatus *page.Status
}

func startCoordinator() {
	c := &coord{
		status:       page.NewStatus("coord-status"),
		roundsStatus: page.NewStatus("rounds-status"),
		roundStatus:  page.NewStatus("round-status"),
		keysStatus:   page.NewStatus("keys-status"),
		newStatus:    page.NewStatus("new-status"),
	}
	page.OnLang = c.render
	c.wire()
	if t, ok := dom.Session().Get(coordinator.AdminKey); ok && t != "" {
		c.signedIn(t)
	} else {
		c.showSignIn()
	}
	c.render()
}

// wire connects the page's controls.
func (c *coord) wire() {
	dom.ByID("signin-form").On("submit", func(ev dom.Event) {
		ev.PreventDefault()
		in := dom.ByID("admin-token")
		t := in.Value()
		if t == "" {
			c.status.Set("problem", func(s *i18n.Strings) string { return s.CoordNoToken })
			in.Focus()
			return
		}
		in.SetValue("")
		if err := dom.Session().Set(coordinator.AdminKey, t); err != nil {
			dom.Log("lagesbild: keeping the admin token:", err.Error()) // it is still used in this page
		}
		c.status.Clear()
		c.signedIn(t)
		dom.ByID("rounds-h").Focus()
	})
	dom.ByID("signout").On("click", func(dom.Event) {
		c.signOut()
		c.status.Set("", func(s *i18n.Strings) string { return s.CoordSignedOut })
	})

	dom.ByID("rounds").On("click", func(ev dom.Event) {
		if b := ev.Target().Closest("button[data-manage]"); b.OK() {
			if r, ok := coordinator.Find(c.rounds, b.Data("manage")); ok {
				c.choose(r)
			}
		}
	})

	// A new round.
	dom.ByID(coordinator.FieldQuestionnaire).On("change", func(dom.Event) { c.renderPickers() })
	dom.ByID("new-round").On("submit", func(ev dom.Event) {
		ev.PreventDefault()
		c.create()
	})

	// The chosen round's dates, and closing it.
	dom.ByID("dates-form").On("submit", func(ev dom.Event) {
		ev.PreventDefault()
		c.changeDates()
	})
	dom.ByID("close-now").On("click", func(dom.Event) {
		dom.ByID("close-confirm").SetHidden(false)
		dom.ByID("close-yes").Focus()
	})
	dom.ByID("close-no").On("click", func(dom.Event) {
		dom.ByID("close-confirm").SetHidden(true)
		dom.ByID("close-now").Focus()
	})
	dom.ByID("close-yes").On("click", func(dom.Event) {
		dom.ByID("close-confirm").SetHidden(true)
		c.closeNow()
	})

	// The county leads' keys.
	all := dom.ByID("all-counties")
	all.On("change", func(dom.Event) {
		for _, b := range dom.QueryAll(`input[name="county"]`) {
			b.SetChecked(all.Checked())
		}
	})
	for _, b := range dom.QueryAll(`input[name="county"]`) {
		b.On("change", func(dom.Event) { all.SetChecked(len(checkedCounties()) == len(lagesbild.Counties())) })
	}
	dom.ByID("keys-form").On("submit", func(ev dom.Event) {
		ev.PreventDefault()
		c.makeKeys()
	})
	dom.ByID("new-keys").On("click", func(ev dom.Event) {
		if b := ev.Target().Closest("button[data-copy]"); b.OK() {
			c.copyKey(b.Data("copy"), b.Data("name"))
		}
	})
	dom.ByID("keys-download").On("click", func(dom.Event) {
		if c.made == nil {
			return
		}
		s := i18n.For(page.Lang)
		dom.Download(i18n.Fill(s.CoordCSVFile, c.made.Round), "text/csv;charset=utf-8", coordinator.KeysCSV(*c.made, dom.Origin(), page.Lang))
	})
	dom.ByID("keys-hide").On("click", func(dom.Event) {
		c.made = nil
		c.renderKeys()
		dom.ByID("keys-h").Focus()
	})
	dom.ByID("county-keys").On("click", func(ev dom.Event) {
		if b := ev.Target().Closest("button[data-revoke]"); b.OK() {
			c.revoking = b.Data("revoke")
			c.renderKeys()
			dom.ByID("revoke-yes").Focus()
		}
	})
	dom.ByID("revoke-no").On("click", func(dom.Event) {
		unit := c.revoking
		c.revoking = ""
		c.renderKeys()
		dom.Query(`button[data-revoke="` + unit + `"]`).Focus()
	})
	dom.ByID("revoke-yes").On("click", func(dom.Event) { c.revoke() })

	// An error summary's link moves to its field.
	for _, id := range []string{"new-errors", "dates-errors", "keys-errors"} {
		dom.ByID(id).On("click", func(ev dom.Event) {
			if a := ev.Target().Closest("a[data-field]"); a.OK() {
				ev.PreventDefault()
				f := dom.ByID(a.Data("field"))
				if box := f.Query("input"); box.OK() { // the counties' fieldset
					f = box
				}
				f.Focus()
			}
		})
	}
}

func checkedRegions() []string {
	var out []string
	for _, b := range dom.QueryAll(`input[name="region"]:checked`) {
		out = append(out, b.Value())
	}
	return out
}

func checkedCounties() []string {
	var out []string
	for _, b := range dom.QueryAll(`input[name="county"]:checked`) {
		out = append(out, b.Value())
	}
	return out
}

// ---- signing in and out ----

func (c *coord) showSignIn() {
	dom.ByID("coord").SetHidden(true)
	dom.ByID("signin").SetHidden(false)
}

func (c *coord) signedIn(token string) {
	c.token = token
	dom.ByID("signin").SetHidden(true)
	dom.ByID("coord").SetHidden(false)
	c.loadQuestionnaires()
	c.loadRounds()
}

// signOut forgets the token and everything read with it, the keys shown
// once included.
func (c *coord) signOut() {
	dom.Session().Remove(coordinator.AdminKey)
	*c = coord{status: c.status, roundsStatus: c.roundsStatus, roundStatus: c.roundStatus, keysStatus: c.keysStatus, newStatus: c.newStatus}
	for _, st := range []*page.Status{c.roundsStatus, c.roundStatus, c.keysStatus, c.newStatus} {
		st.Clear()
	}
	c.render()
	c.showSignIn()
	dom.ByID("admin-token").Focus()
}

// ---- talking to the worker ----

// call sends a request with the admin token; the error is nil on 2xx. A
// network failure is an error of status 0. A refused token signs the page
// out: nothing can be done with it.
func (c *coord) call(method, url string, body any, into any) *ui.APIError {
	var b []byte
	if body != nil {
		b, _ = json.Marshal(body) // the api types: cannot fail
	}
	h := page.APIHeaders(c.token)
	if b != nil {
		h["Content-Type"] = "application/json"
	}
	resp, err := dom.Fetch(method, url, h, b)
	if err != nil {
		dom.Log("lagesbild:", err.Error())
		return &ui.APIError{}
	}
	if resp.Status < 200 || resp.Status > 299 {
		e := ui.ParseError(resp.Status, resp.Body)
		dom.Log("lagesbild:", method, url, e.Error()) // the worker's message, for developers only
		switch e.Code {
		case lagesbild.EUnauthorized, lagesbild.EForbidden, lagesbild.ECodeInvalid:
			c.signOut()
			c.status.Set("problem", func(s *i18n.Strings) string { return s.CoordTokenRefused })
		}
		return e
	}
	if into != nil {
		if err := report.Decode(method+" "+url, resp.Body, into); err != nil {
			dom.Log("lagesbild:", err.Error())
			return &ui.APIError{Status: resp.Status, Code: lagesbild.EInternal}
		}
	}
	return nil
}

// problem is an error's text: the page's own for its code, never the
// worker's message.
func problem(e *ui.APIError) func(*i18n.Strings) string {
	return func(s *i18n.Strings) string {
		if e.Status == 0 {
			return s.ErrNetwork
		}
		return e.Text(s)
	}
}

func refusedToken(e *ui.APIError) bool {
	return e.Code == lagesbild.EUnauthorized || e.Code == lagesbild.EForbidden || e.Code == lagesbild.ECodeInvalid
}

func (c *coord) loadQuestionnaires() {
	go func() {
		var list []api.Questionnaire
		if e := c.call("GET", coordinator.QuestionnairesURL(), nil, &list); e != nil {
			if !refusedToken(e) {
				c.newStatus.Set("problem", problem(e))
			}
			return
		}
		c.questionnaires = list
		c.renderPickers()
	}()
}

func (c *coord) loadRounds() {
	c.roundsStatus.Set("", func(s *i18n.Strings) string { return s.CoordRoundsLoading })
	token := c.token
	go func() {
		var list api.Rounds
		e := c.call("GET", coordinator.RoundsURL(), nil, &list)
		if c.token != token {
			return // signed out meanwhile
		}
		if e != nil {
			if !refusedToken(e) {
				c.roundsStatus.Set("problem", func(s *i18n.Strings) string { return i18n.Fill(s.CoordRoundsFailed, problem(e)(s)) })
			}
			return
		}
		// A county lead's token gets its round, with its access: not the
		// admin's token, and this page can do nothing with it.
		if len(list.Rounds) > 0 && list.Rounds[0].Access != nil && !list.Rounds[0].Access.Admin {
			c.signOut()
			c.status.Set("problem", func(s *i18n.Strings) string { return s.CoordTokenRefused })
			return
		}
		c.roundsStatus.Clear()
		c.rounds = list.Rounds
		if c.chosen != nil {
			if r, ok := coordinator.Find(c.rounds, c.chosen.ID); ok {
				c.chosen = &r
			}
		}
		c.render()
	}()
}

// ---- a new round ----

func (c *coord) create() {
	d := coordinator.Draft{
		ID:            dom.ByID(coordinator.FieldID).Value(),
		Questionnaire: dom.ByID(coordinator.FieldQuestionnaire).Value(),
		Version:       dom.ByID(coordinator.FieldVersion).Value(),
		Opens:         dom.ByID(coordinator.FieldOpens).Value(),
		LastDay:       dom.ByID(coordinator.FieldLastDay).Value(),
		OpenToAll:     dom.ByID(coordinator.FieldOpenToAll).Checked(),
		Previous:      dom.ByID(coordinator.FieldPrevious).Value(),
	}
	req, ps := coordinator.Check(d, c.rounds, c.questionnaires)
	c.newStatus.Clear()
	if c.showProblems("new-errors", ps, coordinator.Problem.Field, &c.newProblems) {
		return
	}
	c.newStatus.Set("", func(s *i18n.Strings) string { return s.CoordCreating })
	go func() {
		var r api.RoundSummary
		if e := c.call("POST", coordinator.NewRoundURL(), req, &r); e != nil {
			if p, ok := coordinator.Refused(e); ok {
				c.newStatus.Clear()
				c.showProblems("new-errors", []coordinator.Problem{p}, coordinator.Problem.Field, &c.newProblems)
			} else if !refusedToken(e) {
				c.newStatus.Set("problem", problem(e))
			}
			return
		}
		for _, q := range c.questionnaires {
			if q.ID == r.Questionnaire && q.Version == r.Version {
				r.Title = q.Title
			}
		}
		r.Municipalities = len(lagesbild.Municipalities())
		c.rounds = append([]api.RoundSummary{r}, c.rounds...)
		id := r.ID
		c.newStatus.Set("sent", func(s *i18n.Strings) string { return i18n.Fill(s.CoordCreated, id) })
		dom.ByID(coordinator.FieldID).SetValue("")
		c.choose(r)
		c.loadRounds()
	}()
}

// showProblems shows problems in an error summary and marks their fields,
// or clears both; it reports whether there were any, and moves the focus
// to the summary when there were.
func (c *coord) showProblems(box string, ps []coordinator.Problem, field func(coordinator.Problem) string, keep *[]coordinator.Problem) bool {
	for _, p := range *keep {
		dom.ByID(field(p)).RemoveAttr("aria-invalid")
	}
	*keep = ps
	c.renderProblems(box, ps, field)
	if len(ps) == 0 {
		return false
	}
	dom.ByID(box).Focus()
	return true
}

func (c *coord) renderProblems(box string, ps []coordinator.Problem, field func(coordinator.Problem) string) {
	el := dom.ByID(box)
	if len(ps) == 0 {
		el.SetHidden(true)
		el.SetHTML("")
		return
	}
	el.SetHTML(string(coordinator.ErrorSummary(ps, page.Lang, field)))
	el.SetHidden(false)
	for _, p := range ps {
		if f := dom.ByID(field(p)); f.Is("input, select") {
			f.SetAttr("aria-invalid", "true")
		}
	}
}

// ---- a chosen round ----

// choose shows a round's dates and keys and moves the focus there.
func (c *coord) choose(r api.RoundSummary) {
	if c.chosen == nil || c.chosen.ID != r.ID {
		c.codes, c.codesFail, c.revoking = nil, nil, ""
		c.showProblems("dates-errors", nil, coordinator.DateField, &c.dateProblems)
		c.showProblems("keys-errors", nil, coordinator.Problem.Field, &c.keyProblems)
		c.roundStatus.Clear()
		c.keysStatus.Clear()
	}
	c.chosen = &r
	opens, last := coordinator.Days(r.Round)
	dom.ByID(coordinator.FieldChangeOpens).SetValue(opens)
	dom.ByID(coordinator.FieldChangeLastDay).SetValue(last)
	dom.ByID("close-confirm").SetHidden(true)
	c.renderRound()
	dom.ByID("round-h").Focus()
	c.loadCodes()
}

func (c *coord) changeDates() {
	if c.chosen == nil {
		return
	}
	today, _ := i18n.SwedishDate(time.Now().UTC().Format(time.RFC3339))
	change, changed, ps := coordinator.ChangeDates(c.chosen.Round,
		dom.ByID(coordinator.FieldChangeOpens).Value(), dom.ByID(coordinator.FieldChangeLastDay).Value(), today)
	c.roundStatus.Clear()
	if c.showProblems("dates-errors", ps, coordinator.DateField, &c.dateProblems) {
		return
	}
	if !changed {
		c.roundStatus.Set("", func(s *i18n.Strings) string { return s.CoordDatesUnchanged })
		return
	}
	c.patch(change, func(s *i18n.Strings) string { return s.CoordDatesSaved })
}

func (c *coord) closeNow() {
	if c.chosen == nil {
		return
	}
	id := c.chosen.ID
	c.patch(api.RoundChange{CloseNow: true}, func(s *i18n.Strings) string { return i18n.Fill(s.CoordClosedNow, id) })
}

// patch changes the chosen round and shows it as the worker answers.
func (c *coord) patch(change api.RoundChange, done func(*i18n.Strings) string) {
	was := *c.chosen
	go func() {
		var r api.RoundSummary
		e := c.call("PATCH", coordinator.RoundURL(was.ID), change, &r)
		if c.chosen == nil || c.chosen.ID != was.ID {
			return
		}
		switch {
		case e == nil:
			// The answer is the round; keep what only the list says.
			r.Title, r.Municipalities, r.Invited, r.Answered = was.Title, was.Municipalities, was.Invited, was.Answered
			r.Closed = was.Closed || change.CloseNow
			c.chosen = &r
			c.roundStatus.Set("sent", done)
			c.loadRounds()
		case e.Code == lagesbild.ERoundClosed:
			c.chosen.Closed, c.chosen.Open = true, false
			c.roundStatus.Set("problem", func(s *i18n.Strings) string { return s.CoordIsClosed })
			c.loadRounds()
		case e.Code == lagesbild.EInvalid && coordinator.FieldOf(e.Message, "opens", "closes") != "":
			p := coordinator.BadLastDay
			if coordinator.FieldOf(e.Message, "opens", "closes") == "opens" {
				p = coordinator.NoOpens
			}
			c.showProblems("dates-errors", []coordinator.Problem{p}, coordinator.DateField, &c.dateProblems)
			return
		case refusedToken(e):
			return
		default:
			c.roundStatus.Set("problem", problem(e))
			return
		}
		opens, last := coordinator.Days(c.chosen.Round)
		dom.ByID(coordinator.FieldChangeOpens).SetValue(opens)
		dom.ByID(coordinator.FieldChangeLastDay).SetValue(last)
		c.renderRound()
		if c.chosen.Closed {
			dom.ByID("round-h").Focus() // the form that had the focus is gone
		}
	}()
}

// ---- the county leads' keys ----

func (c *coord) loadCodes() {
	round := c.chosen.ID
	go func() {
		var list api.CodeList
		e := c.call("GET", coordinator.CodesURL(round), nil, &list)
		if c.chosen == nil || c.chosen.ID != round {
			return
		}
		if e != nil {
			if !refusedToken(e) {
				c.codesFail = e
				c.renderKeys()
			}
			return
		}
		c.codes, c.codesFail = list.Codes, nil
		c.renderKeys()
	}()
}

func (c *coord) makeKeys() {
	if c.chosen == nil {
		return
	}
	req, ps := coordinator.KeysRequest(checkedCounties(), checkedRegions())
	c.keysStatus.Clear()
	if c.showProblems("keys-errors", ps, coordinator.Problem.Field, &c.keyProblems) {
		return
	}
	round := c.chosen.ID
	c.keysStatus.Set("", func(s *i18n.Strings) string { return s.CoordMaking })
	go func() {
		var made api.Codes
		e := c.call("POST", coordinator.CodesURL(round), req, &made)
		if c.chosen == nil || c.chosen.ID != round {
			return
		}
		if e != nil {
			if !refusedToken(e) {
				c.keysStatus.Set("problem", problem(e))
			}
			return
		}
		c.made = &made
		c.codes = coordinator.WithMade(c.codes, made, time.Now().UTC().Format(time.RFC3339))
		n := len(made.Codes)
		c.keysStatus.Set("sent", func(s *i18n.Strings) string { return i18n.Fill(s.CoordTokensMade, n) })
		for _, b := range dom.QueryAll(`#county-boxes input[type="checkbox"], #region-boxes input[type="checkbox"]`) {
			b.SetChecked(false)
		}
		c.renderKeys()
		dom.ByID("once-h").Focus()
		c.loadCodes()
	}()
}

func (c *coord) copyKey(unit, name string) {
	if c.made == nil {
		return
	}
	var key string
	for _, k := range c.made.Codes {
		if k.Unit == unit {
			key = k.Code
		}
	}
	go func() {
		if err := dom.CopyText(key); err != nil {
			dom.Log("lagesbild: copying:", err.Error())
			dom.ByID(coordinator.KeyID(unit)).SelectText()
			c.keysStatus.Set("problem", func(s *i18n.Strings) string { return i18n.Fill(s.CoordCopyFailed, name) })
			return
		}
		c.keysStatus.Set("sent", func(s *i18n.Strings) string { return i18n.Fill(s.CoordCopied, name) })
	}()
}

func (c *coord) revoke() {
	if c.chosen == nil || c.revoking == "" {
		return
	}
	round, unit := c.chosen.ID, c.revoking
	name := unit
	if county, ok := lagesbild.CountyByCode(unit); ok {
		name = county.Name
	}
	go func() {
		e := c.call("DELETE", coordinator.CodeURL(round, unit), nil, nil)
		if c.chosen == nil || c.chosen.ID != round {
			return
		}
		c.revoking = ""
		if e != nil {
			if !refusedToken(e) {
				c.keysStatus.Set("problem", problem(e))
				c.renderKeys()
				dom.Query(`button[data-revoke="` + unit + `"]`).Focus()
			}
			return
		}
		c.codes = coordinator.Without(c.codes, unit)
		c.keysStatus.Set("sent", func(s *i18n.Strings) string { return i18n.Fill(s.CoordRevoked, name) })
		c.renderKeys()
		dom.ByID("keys-h").Focus()
		c.loadCodes()
	}()
}

// ---- rendering ----

// render shows everything the page wrote in the current language.
func (c *coord) render() {
	s := i18n.For(page.Lang)
	page.SetTitle(s.CoordTitle)
	for _, st := range []*page.Status{c.status, c.roundsStatus, c.roundStatus, c.keysStatus, c.newStatus} {
		st.Render()
	}
	if c.token == "" {
		dom.ByID("rounds").SetHTML("")
	} else if c.rounds != nil {
		dom.ByID("rounds").SetHTML(string(coordinator.RoundsTable(c.rounds, page.Lang)))
	}
	c.renderPickers()
	c.renderProblems("new-errors", c.newProblems, coordinator.Problem.Field)
	c.renderRound()
}

// renderPickers fills the questionnaire, version and previous-round
// selects, keeping what is chosen.
func (c *coord) renderPickers() {
	q, v, p := dom.ByID(coordinator.FieldQuestionnaire), dom.ByID(coordinator.FieldVersion), dom.ByID(coordinator.FieldPrevious)
	chosenQ, chosenV, chosenP := q.Value(), v.Value(), p.Value()
	q.SetHTML(string(coordinator.QuestionnaireOptions(c.questionnaires, chosenQ, page.Lang)))
	v.SetHTML(string(coordinator.VersionOptions(c.questionnaires, q.Value(), page.Lang)))
	if q.Value() == chosenQ && chosenV != "" {
		v.SetValue(chosenV)
	}
	p.SetHTML(string(coordinator.PreviousOptions(c.rounds, q.Value(), chosenP, page.Lang)))
}

func (c *coord) renderRound() {
	box := dom.ByID("round")
	if c.chosen == nil {
		box.SetHidden(true)
		c.renderKeys() // empties what was shown of the keys
		return
	}
	s := i18n.For(page.Lang)
	box.SetHidden(false)
	dom.ByID("round-h").SetText(i18n.Fill(s.CoordRoundTitle, c.chosen.ID))
	dom.ByID("round-facts").SetText(coordinator.RoundFacts(*c.chosen, page.Lang))
	dom.ByID("round-closed").SetHidden(!c.chosen.Closed)
	dom.ByID("dates-form").SetHidden(c.chosen.Closed)
	c.renderProblems("dates-errors", c.dateProblems, coordinator.DateField)
	c.renderKeys()
}

func (c *coord) renderKeys() {
	s := i18n.For(page.Lang)
	once := dom.ByID("once")
	if c.made == nil {
		once.SetHidden(true)
		dom.ByID("new-keys").SetHTML("")
	} else {
		dom.ByID("new-keys").SetHTML(string(coordinator.NewKeys(*c.made, dom.Origin(), page.Lang)))
		once.SetHidden(false)
	}
	note := dom.ByID("keys-list-note")
	note.SetHidden(c.codesFail == nil)
	if c.codesFail != nil {
		note.SetText(i18n.Fill(s.CoordTokensListFailed, problem(c.codesFail)(s)))
	}
	dom.ByID("county-keys").SetHTML(string(coordinator.CountyKeys(c.codes, page.Lang)))
	confirm := dom.ByID("revoke-confirm")
	confirm.SetHidden(c.revoking == "")
	if c.revoking != "" && c.chosen != nil {
		name := c.revoking
		if county, ok := lagesbild.CountyByCode(c.revoking); ok {
			name = county.Name
		}
		dom.ByID("revoke-question").SetText(i18n.Fill(s.CoordRevokeQuestion, name, c.chosen.ID))
	}
	c.renderProblems("keys-errors", c.keyProblems, coordinator.Problem.Field)
}
