//go:build js && wasm

package main

import (
	"fmt"

	"lagesbild"
	"lagesbild/api"
	"lagesbild/wasm/dom"
	"lagesbild/wasm/i18n"
	"lagesbild/wasm/page"
	"lagesbild/wasm/report"
	"lagesbild/wasm/ui"
)

// tokenKey keeps the county lead's token for the tab only.
const tokenKey = "lagesbild:token"

// startCounty runs the county lead's page: choose county, round and token,
// then see the county from the API.
func startCounty() {
	st := page.NewStatus("county-status")
	view := dom.ByID("county-view")
	var current *api.County
	render := func() {
		page.SetTitle(i18n.For(page.Lang).CountyTitle)
		st.Render()
		if current == nil {
			return
		}
		view.SetHTML(string(report.CountyView(*current, page.Lang)))
		showChart(report.CountyChart(*current, page.Lang))
	}
	page.OnLang = render
	followChartHeight()

	county, round, token := dom.ByID("lan"), dom.ByID(ui.RoundID), dom.ByID("token")
	if c := dom.Param("lan"); c != "" {
		county.SetValue(c)
	}
	if r := dom.Param("round"); r != "" {
		round.SetValue(r)
	}
	if t, ok := dom.Session().Get(tokenKey); ok {
		token.SetValue(t)
	}
	load := func() {
		code, rd, tok := county.Value(), round.Value(), token.Value()
		if _, ok := lagesbild.CountyByCode(code); !ok || rd == "" {
			return
		}
		if tok != "" {
			_ = dom.Session().Set(tokenKey, tok)
		} else {
			dom.Session().Remove(tokenKey)
		}
		// The address keeps county and round, never the token.
		dom.ReplaceURL("?lan=" + report.Escape(code) + "&round=" + report.Escape(rd))
		st.Set("", func(s *i18n.Strings) string { return s.CountyLoading })
		go func() {
			resp, err := dom.Fetch("GET", report.CountyURL(rd, code), page.APIHeaders(tok), nil)
			switch {
			case err != nil:
				fmt.Println("lagesbild:", err)
				st.Set("problem", func(s *i18n.Strings) string { return s.ErrNetwork })
				return
			case resp.Status != 200:
				e := ui.ParseError(resp.Status, resp.Body)
				st.Set("problem", func(s *i18n.Strings) string { return e.Text(s) })
				return
			}
			var c api.County
			if err := report.Decode(report.CountyURL(rd, code), resp.Body, &c); err != nil {
				fmt.Println("lagesbild:", err)
				st.Set("problem", func(s *i18n.Strings) string { return s.Code(lagesbild.EInternal) })
				return
			}
			current = &c
			st.Set("", func(s *i18n.Strings) string {
				if tok == "" && !c.Round.OpenToAll {
					return s.CountyTokenMissing
				}
				return ""
			})
			render()
		}()
	}
	dom.ByID("county-form").On("submit", func(ev dom.Event) {
		ev.PreventDefault()
		load()
	})
	// With a token the exports need it in a header, which a plain link
	// cannot send: fetch them and hand the file over.
	view.On("click", func(ev dom.Event) {
		a := ev.Target().Closest("a[data-export]")
		tok := token.Value()
		if !a.OK() || tok == "" {
			return
		}
		ev.PreventDefault()
		href, ext := a.Attr("href"), a.Data("export")
		go func() {
			resp, err := dom.Fetch("GET", href, page.APIHeaders(tok), nil)
			if err != nil || resp.Status != 200 {
				e := ui.ParseError(resp.Status, resp.Body)
				st.Set("problem", func(s *i18n.Strings) string { return e.Text(s) })
				return
			}
			mediatype := "text/csv"
			if ext == "json" {
				mediatype = "application/json"
			}
			dom.Download("lagesbild-"+round.Value()+"."+ext, mediatype, resp.Body)
		}()
	})
	load()
}
