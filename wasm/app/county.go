//go:build js && wasm

package main

import (
	"bytes"
	"fmt"
	"strconv"

	"lagesbild"
	"lagesbild/api"
	"lagesbild/wasm/dom"
	"lagesbild/wasm/i18n"
	"lagesbild/wasm/invite"
	"lagesbild/wasm/page"
	"lagesbild/wasm/plan"
	"lagesbild/wasm/report"
	"lagesbild/wasm/ui"
)

// tokensKey keeps the county lead's keys for the tab only, one a line
// (invite.ParseTokens), never in the address.
const tokensKey = "lagesbild:tokens"

// countyPage is the county lead's page: the rounds its keys open (and the
// rounds open to all), and for the chosen round and county the
// municipalities' invitations and responses (lead.go) and the results.
type countyPage struct {
	st      *page.Status
	tokens  []string
	entries []invite.Entry
	listed  bool   // the rounds are fetched
	chosen  int    // index in entries, -1 for none
	county  string // länskod of the view shown
	results *api.County
	lead    leadView
	region  *api.RegionIndicators // the regional coordinator's view (issue 16)
}

// startCounty runs the county lead's page.
func startCounty() {
	p := &countyPage{st: page.NewStatus("county-status"), chosen: -1}
	if stored, ok := dom.Session().Get(tokensKey); ok {
		p.tokens = invite.ParseTokens(stored)
	}
	page.OnLang = p.render
	followChartHeight()

	dom.ByID("token-form").On("submit", func(ev dom.Event) {
		ev.PreventDefault()
		p.addToken()
	})
	dom.ByID("round-form").On("submit", func(ev dom.Event) {
		ev.PreventDefault()
		p.choose()
	})
	dom.ByID("rounds").On("change", func(dom.Event) { p.showCountyField() })
	dom.ByID("sign-out").On("click", func(dom.Event) { p.signOut() })
	p.listenResults()
	sortTables(dom.ByID("county-view"), p.st)
	sortTables(dom.ByID(plan.CountyID), p.st)
	sortTables(dom.ByID(report.IndicatorsID), p.st)
	sortTables(dom.ByID(report.RegionID), p.st)
	p.listenIndicators()
	p.listenLead()
	p.render()
	go p.loadRounds()
}

// render shows everything in the current language.
func (p *countyPage) render() {
	page.SetTitle(i18n.For(page.Lang).CountyTitle)
	p.st.Render()
	p.renderRounds()
	p.renderLead()
	p.renderCodes()
	p.renderRegion()
	if p.results != nil {
		dom.ByID("results").SetHidden(false)
		dom.ByID("county-view").SetHTML(string(report.CountyView(*p.results, page.Lang)))
		fitTables(dom.ByID("county-view"))
		showChart(report.CountyChart(*p.results, page.Lang))
	}
}

func (p *countyPage) renderRounds() {
	if !p.listed {
		return // the template's "fetching" stays
	}
	dom.ByID("rounds").SetHTML(string(invite.RoundList(p.entries, p.chosen, page.Lang)))
	dom.ByID("sign-out").SetHidden(len(p.tokens) == 0)
	p.showCountyField()
}

// showCountyField asks for a county when the round picked has no key that
// says which (a round open to all, or the admin's token).
func (p *countyPage) showCountyField() {
	e, ok := p.entry(p.picked())
	dom.ByID("county-field").SetHidden(!ok || e.County() != "" || e.Region() != "")
}

func (p *countyPage) entry(i int) (invite.Entry, bool) {
	if i < 0 || i >= len(p.entries) {
		return invite.Entry{}, false
	}
	return p.entries[i], true
}

// picked is the round whose radio button is checked (-1 for none).
func (p *countyPage) picked() int {
	for _, r := range dom.QueryAll(`#rounds input[name="round"]`) {
		if r.Checked() {
			if i, err := strconv.Atoi(r.Value()); err == nil {
				return i
			}
		}
	}
	return -1
}

// loadRounds lists the rounds of the keys kept in the tab and the rounds
// open to all, then opens the round the address names (?round=, ?lan=),
// or the only one a key opens.
func (p *countyPage) loadRounds() {
	var list []invite.Entry
	for _, tok := range p.tokens {
		resp, err := dom.Fetch("GET", invite.RoundsURL, page.APIHeaders(tok), nil)
		if err != nil {
			fmt.Println("lagesbild:", err)
			p.st.Set("problem", func(s *i18n.Strings) string { return s.ErrNetwork })
			continue
		}
		es, problem := invite.KeyRounds(tok, resp.Status, resp.Body)
		if problem != nil {
			// A key that opens nothing any more (revoked, or its round
			// removed) is dropped from the tab, saying why.
			p.tokens = invite.RemoveToken(p.tokens, tok)
			p.st.Set("problem", problem)
			continue
		}
		list = invite.Merge(list, es...)
	}
	p.saveTokens()
	if resp, err := dom.Fetch("GET", invite.RoundsURL, page.APIHeaders(""), nil); err == nil {
		list = invite.Merge(list, invite.OpenRounds(resp.Status, resp.Body)...)
	}
	want, county := dom.Param("round"), dom.Param("lan")
	if want != "" && invite.Find(list, want) < 0 {
		// A round named in the address but not listed (a private round
		// without its key): shown, so the page can say what it needs.
		if e, ok := roundByID(want); ok {
			list = invite.Merge(list, e)
		}
	}
	// A key added while these were fetched stays, and stays chosen.
	chosen, wasChosen := p.entry(p.chosen)
	p.entries = invite.Merge(list, p.entries...)
	p.chosen, p.listed = indexOf(p.entries, chosen), true
	if wasChosen {
		p.renderRounds()
		return
	}
	keyed := 0
	for _, e := range p.entries {
		if e.Token != "" {
			keyed++
		}
	}
	switch i := invite.Find(p.entries, want); {
	case want != "" && i >= 0:
		p.chosen = i
	case keyed == 1:
		p.chosen = 0 // the one round a key opens (Merge lists it first)
	}
	if e, ok := p.entry(p.chosen); ok && e.County() == "" {
		if _, known := lagesbild.CountyByCode(county); known {
			dom.ByID("lan").SetValue(county)
		}
	}
	p.renderRounds()
	if e, ok := p.entry(p.chosen); ok && (e.County() != "" || e.Region() != "" || dom.ByID("lan").Value() != "") {
		p.load()
	}
}

// indexOf is where an entry (its key and round) is in a list, or -1.
func indexOf(list []invite.Entry, e invite.Entry) int {
	for i, x := range list {
		if x.Token == e.Token && x.Round.ID == e.Round.ID {
			return i
		}
	}
	return -1
}

// roundByID reads a round by its id (GET /api/rounds/{round}), for a round
// the address names.
func roundByID(id string) (invite.Entry, bool) {
	url := "/api/rounds/" + report.Escape(id)
	resp, err := dom.Fetch("GET", url, page.APIHeaders(""), nil)
	if err != nil || resp.Status != 200 {
		return invite.Entry{}, false
	}
	var rd api.Round
	if report.Decode(url, resp.Body, &rd) != nil {
		return invite.Entry{}, false
	}
	return invite.Entry{Round: api.RoundSummary{Round: rd}}, true
}

// addToken adds the pasted key: the rounds it opens join the list, the
// first of them is chosen and shown.
func (p *countyPage) addToken() {
	input := dom.ByID("token")
	tok, ok := invite.CleanToken(input.Value())
	switch {
	case !ok:
		p.st.Set("problem", func(s *i18n.Strings) string { return s.LeadTokenEmpty })
		input.Focus()
		return
	case containsToken(p.tokens, tok):
		input.SetValue("")
		p.st.Set("", func(s *i18n.Strings) string { return s.LeadTokenKnown })
		return
	}
	go func() {
		resp, err := dom.Fetch("GET", invite.RoundsURL, page.APIHeaders(tok), nil)
		if err != nil {
			fmt.Println("lagesbild:", err)
			p.st.Set("problem", func(s *i18n.Strings) string { return s.ErrNetwork })
			return
		}
		es, problem := invite.KeyRounds(tok, resp.Status, resp.Body)
		if problem != nil {
			p.st.Set("problem", problem)
			input.Focus()
			return
		}
		p.tokens, _ = invite.AddToken(p.tokens, tok)
		p.saveTokens()
		input.SetValue("")
		p.entries = invite.Merge(p.entries, es...)
		first := es[0]
		p.chosen = indexOf(p.entries, first)
		p.st.Set("", func(s *i18n.Strings) string {
			if c, ok := lagesbild.CountyByCode(first.County()); ok {
				return i18n.Fill(s.LeadTokenAdded, first.Round.ID, c.Name)
			}
			return ""
		})
		p.renderRounds()
		if first.County() != "" || first.Region() != "" {
			p.load()
		} else {
			dom.ByID("lan").Focus()
		}
	}()
}

func containsToken(tokens []string, t string) bool {
	_, added := invite.AddToken(tokens, t)
	return !added
}

func (p *countyPage) saveTokens() {
	if len(p.tokens) == 0 {
		dom.Session().Remove(tokensKey)
		return
	}
	_ = dom.Session().Set(tokensKey, invite.FormatTokens(p.tokens)) // not kept: the page still works for now
}

// choose shows the round picked (and the county, where the key says none).
func (p *countyPage) choose() {
	i := p.picked()
	e, ok := p.entry(i)
	if !ok {
		p.st.Set("problem", func(s *i18n.Strings) string { return s.LeadRoundsLegend })
		return
	}
	if e.County() == "" && e.Region() == "" {
		if _, known := lagesbild.CountyByCode(dom.ByID("lan").Value()); !known {
			p.st.Set("problem", func(s *i18n.Strings) string { return s.CountyChoose })
			dom.ByID("lan").Focus()
			return
		}
	}
	p.chosen = i
	p.load()
}

// signOut forgets every key of the tab and what they showed.
func (p *countyPage) signOut() {
	p.tokens = nil
	p.saveTokens()
	var open []invite.Entry
	for _, e := range p.entries {
		if e.Token == "" {
			open = append(open, e)
		}
	}
	p.entries, p.chosen, p.county, p.results = open, -1, "", nil
	p.lead = leadView{}
	dom.ReplaceURL("/lan/")
	dom.ByID("results").SetHidden(true)
	dom.ByID("county-view").SetHTML("")
	p.st.Set("sent", func(s *i18n.Strings) string { return s.LeadSignedOut })
	p.render()
	dom.ByID("token").Focus()
}

// load shows the chosen round for its county: the lead's view when the
// key runs the round, and the results.
func (p *countyPage) load() {
	e, ok := p.entry(p.chosen)
	if !ok {
		return
	}
	p.region = nil
	p.renderRegion()
	if r := e.Region(); r != "" {
		p.county = ""
		dom.ReplaceURL("?round=" + report.Escape(e.Round.ID))
		p.lead = leadView{}
		p.results = nil
		p.renderLead()
		p.renderCodes()
		dom.ByID("results").SetHidden(true)
		go p.loadRegion(e, r)
		return
	}
	p.county = e.County()
	if p.county == "" {
		p.county = dom.ByID("lan").Value()
	}
	// The address keeps round and county, never the key.
	dom.ReplaceURL("?round=" + report.Escape(e.Round.ID) + "&lan=" + report.Escape(p.county))
	p.lead = leadView{}
	p.results = nil
	p.renderLead()
	p.renderCodes()
	dom.ByID("results").SetHidden(true)
	if e.Lead() {
		go p.loadStatus()
	}
	go p.loadResults(e)
}

// loadResults fetches the county's results for the chosen round.
func (p *countyPage) loadResults(e invite.Entry) {
	rd, code, tok := e.Round.ID, p.county, e.Token
	p.st.Set("", func(s *i18n.Strings) string { return s.CountyLoading })
	var c api.County
	if why := getJSON(report.CountyURL(rd, code), tok, &c); why != nil {
		p.st.Set("problem", why)
		return
	}
	if cur, ok := p.entry(p.chosen); !ok || cur.Round.ID != rd || p.county != code {
		return // another round or county was chosen meanwhile
	}
	p.results = &c
	p.st.Set("", func(s *i18n.Strings) string {
		if tok == "" && !c.Round.OpenToAll {
			return s.CountyTokenMissing
		}
		return ""
	})
	p.render()
}

// listenResults: with a key the exports need it in a header, which a plain
// link cannot send: fetch them and hand the file over. So too the
// indicators' long export (issue 16).
func (p *countyPage) listenResults() {
	p.listenExports(dom.ByID("county-view"), func(round, ext string) string { return "lagesbild-" + round + "." + ext })
	p.listenExports(dom.ByID(report.IndicatorsID), func(round, ext string) string { return "lagesbild-" + round + "-long." + ext })
}

// listenExports fetches the exports linked in root (a[data-export]) with
// the chosen round's key and saves them under name(round, ext).
func (p *countyPage) listenExports(root dom.Element, name func(round, ext string) string) {
	root.On("click", func(ev dom.Event) {
		a := ev.Target().Closest("a[data-export]")
		e, ok := p.entry(p.chosen)
		if !a.OK() || !ok || e.Token == "" {
			return
		}
		ev.PreventDefault()
		href, ext := a.Attr("href"), a.Data("export")
		go func() {
			fetch := func() (dom.Response, error) { return dom.Fetch("GET", href, page.APIHeaders(e.Token), nil) }
			if ext == "xlsx" { // binary: read as bytes
				fetch = func() (dom.Response, error) { return dom.FetchBinary(href, page.APIHeaders(e.Token)) }
			}
			resp, err := fetch()
			if err != nil || resp.Status != 200 {
				e := ui.ParseError(resp.Status, resp.Body)
				p.st.Set("problem", func(s *i18n.Strings) string { return e.Text(s) })
				return
			}
			mediatype, body := "text/csv;charset=utf-8", resp.Body
			if ext == "json" {
				mediatype = "application/json"
			} else if ext == "xlsx" {
				mediatype = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
			} else if !bytes.HasPrefix(body, []byte("\uFEFF")) {
				// Reading the answer as text drops the worker's byte order
				// mark, which Swedish Excel needs to read UTF-8.
				body = append([]byte("\uFEFF"), body...)
			}
			dom.Download(name(e.Round.ID, ext), mediatype, body)
		}()
	})
}
