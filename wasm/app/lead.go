//go:build js && wasm

package main

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"time"

	"lagesbild"
	"lagesbild/api"
	"lagesbild/questionnaires"
	"lagesbild/wasm/chart"
	"lagesbild/wasm/dom"
	"lagesbild/wasm/i18n"
	"lagesbild/wasm/invite"
	"lagesbild/wasm/page"
	"lagesbild/wasm/plan"
	"lagesbild/wasm/report"
	"lagesbild/wasm/ui"
)

// contactKey keeps the lead's contact details for a county's letters and
// reminders in this browser; they are never sent to the server.
func contactKey(county string) string { return "lagesbild:contact:" + county }

// leadView is the lead's view of the chosen round: every municipality's
// invitation and response, the picks for new links, and the links made
// this visit (shown once: they are gone after a reload).
type leadView struct {
	status     *api.Status
	order      invite.Order
	picked     map[string]bool
	confirming bool
	made       *invite.Invitation
	plans      *api.Plans            // the county's action plans (issue 15)
	indicators *api.CountyIndicators // the county's own indicator figures (issue 16)
	released   *api.Indicators       // the round's released figures; nil when they could not be fetched
	sharing    *api.Sharing          // whether the county shares its lists with its region (issue 16)
	own        []report.OwnRound     // the länsstyrelse's own answers, newest round first (issue 16)
	chartInd   string                // the indicator the chart beside the table shows
}

// renderLead shows the lead's view, or hides it when the chosen round's key
// does not run it. The links made (renderCodes) are kept as they are, with
// the focus that may be on them.
func (p *countyPage) renderLead() {
	l := &p.lead
	if l.status == nil {
		dom.ByID("lead").SetHidden(true)
		return
	}
	dom.ByID("lead").SetHidden(false)
	dom.ByID("status-summary").SetText(invite.Summary(*l.status, page.Lang))
	dom.ByID("status-table").SetHTML(string(invite.StatusTable(*l.status, l.order, l.picked, page.Lang)))
	p.renderPlans()
	p.renderIndicators()
	p.renderSharing()
	p.renderConfirm()
	dom.ByID("reminders").SetHTML(string(invite.RemindersPanel(p.invitation(), *l.status, page.Lang)))
}

// renderCodes shows the links made this visit, once, and the letters for
// the printer.
func (p *countyPage) renderCodes() {
	made := p.lead.made
	// The page prints the letters alone while there are letters (app.css).
	dom.Body().SetClass("print-letters", made != nil)
	if made == nil {
		dom.ByID("codes").SetHTML("")
		dom.ByID("letters").SetHTML("")
		return
	}
	made.Contact = p.invitation().Contact
	dom.ByID("codes").SetHTML(string(invite.CodesPanel(*made, page.Lang)))
	dom.ByID("letters").SetHTML(string(invite.Letters(*made)))
}

// renderConfirm shows, before new links are made for municipalities that
// have one, that their old links will stop working.
func (p *countyPage) renderConfirm() {
	l := &p.lead
	box := dom.ByID("confirm")
	names := invite.Reinvited(*l.status, l.picked)
	if !l.confirming || len(names) == 0 {
		box.SetHidden(true)
		box.SetHTML("")
		return
	}
	box.SetHTML(string(invite.Confirm(names, page.Lang)))
	box.SetHidden(false)
}

// invitation is what the letters and reminders of the chosen round and
// county say around the codes.
func (p *countyPage) invitation() invite.Invitation {
	e, _ := p.entry(p.chosen)
	inv := invite.Invitation{Origin: dom.Origin(), Round: e.Round.Round, Title: e.Round.Title, Today: time.Now().UTC().Format(time.RFC3339)}
	if st := p.lead.status; st != nil {
		inv.County = st.Name
		if inv.Round.Closes == "" {
			inv.Round = st.Round
		}
	}
	inv.Contact, _ = dom.Local().Get(contactKey(p.county))
	return inv
}

// loadStatus fetches every municipality's invitation and response.
func (p *countyPage) loadStatus() {
	e, ok := p.entry(p.chosen)
	if !ok {
		return
	}
	rd, county := e.Round.ID, p.county
	url := invite.StatusURL(rd, county)
	var st api.Status
	if why := getJSON(url, e.Token, &st); why != nil {
		p.st.Set("problem", why)
		return
	}
	if cur, ok := p.entry(p.chosen); !ok || cur.Round.ID != rd || p.county != county {
		return // another round or county was chosen meanwhile
	}
	p.lead.status = &st
	if p.lead.picked == nil {
		p.lead.picked = map[string]bool{}
	}
	contact, _ := dom.Local().Get(contactKey(county))
	dom.ByID("contact").SetValue(contact)
	p.renderLead()
	p.loadPlans(e, county)
	p.loadIndicators(e, county)
	p.loadSharing(e, county)
}

// loadPlans fetches the county's action plans (issue 15) for the table
// below the municipalities'.
func (p *countyPage) loadPlans(e invite.Entry, county string) {
	rd := e.Round.ID
	var ps api.Plans
	if why := getJSON(plan.CountyURL(rd, county), e.Token, &ps); why != nil {
		p.st.Set("problem", func(s *i18n.Strings) string { return i18n.Fill(s.PlanCountyFailed, why(s)) })
		return
	}
	if cur, ok := p.entry(p.chosen); !ok || cur.Round.ID != rd || p.county != county || p.lead.status == nil {
		return
	}
	p.lead.plans = &ps
	p.renderPlans()
}

// loadIndicators fetches the county's indicators (issue 16): its own
// figures and municipalities, then the round's released figures (the
// country, the previous round) for the table below the plans.
func (p *countyPage) loadIndicators(e invite.Entry, county string) {
	rd := e.Round.ID
	var ci api.CountyIndicators
	if why := getJSON(report.CountyIndicatorsURL(rd, county), e.Token, &ci); why != nil {
		p.st.Set("problem", func(s *i18n.Strings) string { return i18n.Fill(s.IndFailed, why(s)) })
		return
	}
	var released *api.Indicators
	if len(ci.Indicators) > 0 {
		var all api.Indicators
		if why := getJSON(report.IndicatorsURL(rd), e.Token, &all); why != nil {
			p.st.Set("problem", func(s *i18n.Strings) string { return i18n.Fill(s.IndFailed, why(s)) })
		} else {
			released = &all
		}
	}
	if cur, ok := p.entry(p.chosen); !ok || cur.Round.ID != rd || p.county != county || p.lead.status == nil {
		return
	}
	p.lead.indicators, p.lead.released = &ci, released
	if len(ci.Indicators) > 0 && !slices.ContainsFunc(ci.Indicators, func(c api.CountyIndicator) bool { return c.ID == p.lead.chartInd }) {
		p.lead.chartInd = ci.Indicators[0].ID
	}
	p.lead.own = p.loadOwn(county)
	if cur, ok := p.entry(p.chosen); !ok || cur.Round.ID != rd || p.county != county || p.lead.status == nil {
		return
	}
	p.renderIndicators()
}

// loadOwn fetches the länsstyrelse's own responses in every länsstyrelse
// round the page's keys (or the rounds open to all) let the lead read,
// newest round first. A round that fails is left out and said so.
func (p *countyPage) loadOwn(county string) []report.OwnRound {
	var out []report.OwnRound
	for _, e := range p.entries {
		if !ui.CountyUnit(&lagesbild.Questionnaire{ID: e.Round.Questionnaire}) || e.County() != "" && e.County() != county {
			continue
		}
		var own api.OwnResponses
		if why := getJSON(report.OwnURL(e.Round.ID, county), e.Token, &own); why != nil {
			p.st.Set("problem", func(s *i18n.Strings) string { return i18n.Fill(s.IndOwnFailed, why(s)) })
			continue
		}
		q, err := questionnaires.Get(e.Round.Questionnaire, e.Round.Version)
		if err != nil {
			fmt.Println("lagesbild:", err)
			continue
		}
		out = append(out, report.OwnRound{Round: e.Round.Round, Questionnaire: q, Answers: report.OwnLatest(own.Responses)})
	}
	slices.SortStableFunc(out, func(a, b report.OwnRound) int { return strings.Compare(b.Round.Opens, a.Round.Opens) })
	return out
}

// renderIndicators shows "Indikatorer".
func (p *countyPage) renderIndicators() {
	el := dom.ByID(report.IndicatorsID)
	ci := p.lead.indicators
	if ci == nil {
		el.SetHTML("")
		return
	}
	el.SetHTML(string(report.IndicatorsView(*ci, p.lead.released, report.OwnBeside(p.lead.own, page.Lang), p.lead.chartInd, page.Lang)) +
		string(report.OwnView(p.lead.own, ci.Name, page.Lang)))
	fitTables(el)
	p.showIndicatorChart()
}

// showIndicatorChart points the chart beside the indicators at the chosen
// indicator's figures, the table's own.
func (p *countyPage) showIndicatorChart() {
	ci := p.lead.indicators
	if ci == nil {
		return
	}
	d, ok := report.IndicatorChart(*ci, p.lead.released, p.lead.chartInd, page.Lang)
	if !ok {
		dom.ByID(report.IndChartBoxID).SetHidden(true)
		return
	}
	frag, err := chart.Encode(d)
	if err != nil {
		fmt.Println("lagesbild:", err)
		return
	}
	dom.ByID(report.IndChartFrameID).SetFrameHash(chartPage, frag)
}

// listenIndicators lets a row's button choose the indicator the chart
// shows; the focus stays on the button, now pressed.
func (p *countyPage) listenIndicators() {
	dom.ByID(report.IndicatorsID).On("click", func(ev dom.Event) {
		b := ev.Target().Closest("button[data-chart]")
		if !b.OK() || p.lead.indicators == nil {
			return
		}
		p.lead.chartInd = b.Data("chart")
		for _, o := range dom.QueryAll("#" + report.IndicatorsID + " button[data-chart]") {
			pressed := "false"
			if o.Data("chart") == p.lead.chartInd {
				pressed = "true"
			}
			o.SetAttr("aria-pressed", pressed)
		}
		p.showIndicatorChart()
	})
}

// renderPlans shows "Handlingsplaner i länet".
func (p *countyPage) renderPlans() {
	el := dom.ByID(plan.CountyID)
	ps := p.lead.plans
	if ps == nil {
		el.SetHTML("")
		return
	}
	q, err := questionnaires.Get(ps.Round.Questionnaire, ps.Round.Version)
	if err != nil {
		q = nil // the areas are named by their ids
	}
	el.SetHTML(string(plan.CountyView(*ps, q, page.Lang)))
	fitTables(el)
}

// listenLead handles the lead's view: sorting, picking, making links and
// what follows them, and the contact details.
func (p *countyPage) listenLead() {
	view := dom.ByID("lead")
	view.On("change", func(ev dom.Event) {
		if box := ev.Target().Closest("input[data-pick]"); box.OK() && p.lead.picked != nil {
			p.lead.picked[box.Data("pick")] = box.Checked()
		}
		if box := ev.Target().Closest("input[data-share]"); box.OK() {
			p.putSharing(box.Checked())
		}
	})
	view.On("click", func(ev dom.Event) {
		// The status table sorts here; the page's other tables (the
		// plans', table.sortable) sort by themselves (sortTables).
		if b := ev.Target().Closest("table.status-table button[data-sort]"); b.OK() {
			p.sortBy(invite.Column(b.Data("sort")))
			return
		}
		b := ev.Target().Closest("button[data-action]")
		if !b.OK() || p.lead.status == nil {
			return
		}
		switch b.Data("action") {
		case "pick-uninvited":
			for _, code := range invite.Uninvited(*p.lead.status) {
				p.lead.picked[code] = true
			}
			p.renderLead()
		case "pick-none":
			p.lead.picked = map[string]bool{}
			p.renderLead()
		case "make":
			p.makeLinks(false)
		case "confirm":
			p.makeLinks(true)
		case "cancel":
			p.lead.confirming = false
			p.renderConfirm()
			dom.Query(`button[data-action="make"]`).Focus()
		case "csv":
			if inv := p.lead.made; inv != nil {
				dom.Download("inbjudningar-"+inv.Round.ID+"-"+p.county+".csv", "text/csv;charset=utf-8", invite.CSV(*inv))
			}
		case "print":
			dom.Print()
		case "copy":
			text := dom.ByID("remind-text").Value()
			go func() {
				if err := dom.CopyText(text); err != nil {
					fmt.Println("lagesbild:", err)
					p.st.Set("problem", func(s *i18n.Strings) string { return s.LeadRemindCopyFailed })
					dom.ByID("remind-text").Focus()
					return
				}
				p.st.Set("sent", func(s *i18n.Strings) string { return s.LeadRemindCopied })
			}()
		}
	})
	dom.ByID("contact").On("input", func(ev dom.Event) {
		if p.county == "" {
			return
		}
		_ = dom.Local().Set(contactKey(p.county), ev.Target().Value()) // not kept: the letters still use it now
		if p.lead.status != nil {
			inv := p.invitation()
			dom.ByID("reminders").SetHTML(string(invite.RemindersPanel(inv, *p.lead.status, page.Lang)))
			if made := p.lead.made; made != nil {
				made.Contact = inv.Contact
				dom.ByID("letters").SetHTML(string(invite.Letters(*made)))
			}
		}
	})
}

// sortBy sorts the table by a column (again: the other way round), keeps
// the focus on its button and says how the table is sorted.
func (p *countyPage) sortBy(c invite.Column) {
	p.lead.order = p.lead.order.Toggle(c)
	if p.lead.status != nil {
		dom.ByID("status-table").SetHTML(string(invite.StatusTable(*p.lead.status, p.lead.order, p.lead.picked, page.Lang)))
	}
	dom.ByID("sort-" + string(c)).Focus()
	order := p.lead.order
	p.st.Set("", func(s *i18n.Strings) string { return invite.SortedText(order, page.Lang) })
}

// makeLinks makes codes for the picked municipalities. When some already
// have a link, it first asks (confirmed false shows the question).
func (p *countyPage) makeLinks(confirmed bool) {
	l := &p.lead
	codes := invite.Picked(*l.status, l.picked)
	if len(codes) == 0 {
		p.st.Set("problem", func(s *i18n.Strings) string { return s.LeadNothingPicked })
		return
	}
	if !confirmed && len(invite.Reinvited(*l.status, l.picked)) > 0 {
		l.confirming = true
		p.renderConfirm()
		dom.ByID("confirm-h").Focus()
		return
	}
	l.confirming = false
	p.renderConfirm()
	e, _ := p.entry(p.chosen)
	body, err := json.Marshal(invite.NewCodes{Municipalities: codes})
	if err != nil {
		fmt.Println("lagesbild:", err)
		return
	}
	p.st.Set("", func(s *i18n.Strings) string { return s.LeadMaking })
	go func() {
		h := page.APIHeaders(e.Token)
		h["Content-Type"] = "application/json"
		url := invite.CodesURL(e.Round.ID)
		resp, err := dom.Fetch("POST", url, h, body)
		switch {
		case err != nil:
			fmt.Println("lagesbild:", err)
			p.st.Set("problem", func(s *i18n.Strings) string { return s.ErrNetwork })
			return
		case resp.Status != 201:
			e := ui.ParseError(resp.Status, resp.Body)
			p.st.Set("problem", func(s *i18n.Strings) string { return e.Text(s) })
			return
		}
		var made api.Codes
		if err := report.Decode(url, resp.Body, &made); err != nil {
			fmt.Println("lagesbild:", err)
			p.st.Set("problem", func(s *i18n.Strings) string { return s.Code(lagesbild.EInternal) })
			return
		}
		inv := p.invitation()
		if l.made != nil {
			inv = l.made.Add(made.Codes) // the links made earlier in this visit stay
		} else {
			inv.Codes = made.Codes
		}
		l.made = &inv
		l.picked = map[string]bool{}
		p.st.Set("sent", invite.MadeText(len(made.Codes)))
		p.renderLead()
		p.renderCodes()
		dom.ByID("codes-h").Focus()
		p.loadStatus() // the new invitations' dates
	}()
}
