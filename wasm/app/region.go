//go:build js && wasm

package main

import (
	"encoding/json"
	"fmt"

	"lagesbild/api"
	"lagesbild/wasm/dom"
	"lagesbild/wasm/i18n"
	"lagesbild/wasm/invite"
	"lagesbild/wasm/page"
	"lagesbild/wasm/report"
	"lagesbild/wasm/ui"
)

// The regional coordinator on /lan/ (issue 16): its key opens its region's
// indicators instead of a county; and the county lead's switch that shares
// the county's lists with the coordinator.

// loadRegion fetches the region's view for the chosen round.
func (p *countyPage) loadRegion(e invite.Entry, region string) {
	rd := e.Round.ID
	p.st.Set("", func(s *i18n.Strings) string { return s.CountyLoading })
	var v api.RegionIndicators
	if why := getJSON(report.RegionURL(rd, region), e.Token, &v); why != nil {
		p.st.Set("problem", func(s *i18n.Strings) string { return i18n.Fill(s.RegFailed, why(s)) })
		return
	}
	if cur, ok := p.entry(p.chosen); !ok || cur.Round.ID != rd || cur.Region() != region {
		return // another round was chosen meanwhile
	}
	p.region = &v
	p.st.Set("", func(*i18n.Strings) string { return "" })
	p.renderRegion()
	dom.ByID("region-h").Focus()
}

// renderRegion shows the region's view, or hides it.
func (p *countyPage) renderRegion() {
	box := dom.ByID("region")
	if p.region == nil {
		box.SetHidden(true)
		dom.ByID(report.RegionID).SetHTML("")
		return
	}
	box.SetHidden(false)
	el := dom.ByID(report.RegionID)
	el.SetHTML(string(report.RegionView(*p.region, page.Lang)))
	fitTables(el)
}

// loadSharing fetches whether the county shares its lists with its region.
func (p *countyPage) loadSharing(e invite.Entry, county string) {
	rd := e.Round.ID
	var sh api.Sharing
	if why := getJSON(report.SharingURL(rd, county), e.Token, &sh); why != nil {
		p.st.Set("problem", func(s *i18n.Strings) string { return i18n.Fill(s.ShareFailed, why(s)) })
		return
	}
	if cur, ok := p.entry(p.chosen); !ok || cur.Round.ID != rd || p.county != county || p.lead.status == nil {
		return
	}
	p.lead.sharing = &sh
	p.renderSharing()
}

// renderSharing shows the lead's switch (none for a county without a
// regional coordinator).
func (p *countyPage) renderSharing() {
	el := dom.ByID("sharing")
	sh := p.lead.sharing
	if sh == nil || sh.Region == "" {
		el.SetHTML("")
		return
	}
	el.SetHTML(string(report.SharingControl(*sh, page.Lang)))
}

// putSharing stores the lead's choice; on failure the switch goes back.
func (p *countyPage) putSharing(shared bool) {
	e, ok := p.entry(p.chosen)
	sh := p.lead.sharing
	if !ok || sh == nil {
		return
	}
	body, err := json.Marshal(api.Sharing{Shared: shared})
	if err != nil {
		fmt.Println("lagesbild:", err)
		return
	}
	rd, county := e.Round.ID, sh.County
	go func() {
		h := page.APIHeaders(e.Token)
		h["Content-Type"] = "application/json"
		resp, err := dom.Fetch("PUT", report.SharingURL(rd, county), h, body)
		switch {
		case err != nil:
			fmt.Println("lagesbild:", err)
			p.st.Set("problem", func(s *i18n.Strings) string { return i18n.Fill(s.ShareFailed, s.ErrNetwork) })
		case resp.Status != 200:
			e := ui.ParseError(resp.Status, resp.Body)
			p.st.Set("problem", func(s *i18n.Strings) string { return i18n.Fill(s.ShareFailed, e.Text(s)) })
		default:
			sh.Shared = shared
			p.st.Set("sent", func(s *i18n.Strings) string {
				if shared {
					return s.ShareOn
				}
				return s.ShareOff
			})
		}
		if p.lead.sharing == sh {
			p.renderSharing()
			dom.ByID("share-region").Focus()
		}
	}()
}
