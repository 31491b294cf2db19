//go:build js && wasm

package main

import (
	"fmt"
	"strconv"
	"strings"

	"lagesbild"
	"lagesbild/api"
	"lagesbild/markup"
	"lagesbild/questionnaires"
	"lagesbild/wasm/chart"
	"lagesbild/wasm/dom"
	"lagesbild/wasm/i18n"
	"lagesbild/wasm/page"
	"lagesbild/wasm/report"
	"lagesbild/wasm/ui"
)

// chartPage is the address of the chart page (wasm/charts).
const chartPage = "/diagram/"

// startResult fills the result page from the draft in this browser, or
// from the worker (issue 13): a municipality's answers sent last, fetched
// with its code, from a link (/resultat/?omgang=R&kommun=K#kod=…) or the
// page's form. The result in words at once, then the comparison when the
// API answers.
func startResult() {
	id := dom.Param("q")
	if id == "" {
		id = "kommun"
	}
	q, err := questionnaires.Get(id, 0)
	if err != nil {
		dom.ByID("result").SetText(err.Error())
		return
	}
	var d ui.Draft
	if b, ok := dom.Local().Get(ui.StorageKey(q.ID)); ok {
		d, err = ui.ParseDraft([]byte(b), q)
		if err != nil {
			fmt.Println("lagesbild: the stored draft is not usable:", err)
		}
	}
	var (
		counties *api.Counties
		fetched  string // when the answers fetched from the worker were saved; "" for the draft
		// responses are the municipality's responses in the round, when
		// fetched: more than one are shown beside the result (SpreadView).
		responses *api.OwnResponses
	)
	st := page.NewStatus("compare-status")
	sortTables(dom.ByID("compare-table"), st)
	rst := page.NewStatus("reopen-status")
	render := func() {
		s := i18n.For(page.Lang)
		page.SetTitle(s.ResultTitle)
		dom.ByID("reopen").SetHidden(false)
		rst.Render()
		if len(d.Answers) == 0 {
			dom.ByID("result").SetHTML(string(markup.Esc(s.ResultNone)) + fmt.Sprintf(` <a href="/enkat/%s/">%s</a>`, q.ID, markup.Esc(q.Title.In(page.Lang))))
			dom.ByID("receipt").SetHidden(true)
			plans.show(q, d)
			return
		}
		view := string(report.ResultView(q, d, page.Lang))
		if fetched != "" {
			view += `<p class="help" id="result-from">` + string(markup.Esc(fmt.Sprintf(s.ReopenFrom, i18n.When(page.Lang, fetched)))) + `</p>`
		}
		dom.ByID("result").SetHTML(view)
		plans.show(q, d)
		spread := ""
		if responses != nil && responses.Municipality == d.Municipality && responses.Round.ID == d.Round {
			spread = string(report.SpreadView(q, *responses, page.Lang))
		}
		dom.ByID("spread").SetHTML(spread)
		dom.ByID("receipt-body").SetHTML(string(report.ReceiptView(q, d, page.Lang)))
		dom.ByID("receipt").SetHidden(false)
		dom.ByID("result-actions").SetHidden(false)
		st.Render()
		if counties != nil {
			showComparison(q, d, *counties)
		}
	}
	compare := func() {
		counties = nil
		if len(d.Answers) == 0 || d.Municipality == "" {
			return
		}
		dom.ByID("compare").SetHidden(false)
		st.Set("", func(s *i18n.Strings) string { return s.CompareLoading })
		code, _ := dom.Session().Get(ui.CodeKey(d.Round))
		resp, err := dom.Fetch("GET", report.CountiesURL(d.Round), page.APIHeaders(code), nil)
		switch {
		case err != nil:
			fmt.Println("lagesbild:", err)
			st.Set("problem", func(s *i18n.Strings) string { return s.CompareOffline })
			return
		case resp.Status != 200:
			e := ui.ParseError(resp.Status, resp.Body)
			st.Set("problem", func(s *i18n.Strings) string { return fmt.Sprintf(s.CompareFailed, e.Text(s)) })
			return
		}
		var c api.Counties
		if err := report.Decode(report.CountiesURL(d.Round), resp.Body, &c); err != nil {
			fmt.Println("lagesbild:", err)
			st.Set("problem", func(s *i18n.Strings) string { return fmt.Sprintf(s.CompareFailed, s.Code(lagesbild.EInternal)) })
			return
		}
		counties = &c
		st.Clear()
		showComparison(q, d, c)
	}
	// reopen fetches a municipality's responses in a round and shows the
	// one sent last, as if it were this browser's draft.
	reopen := func(round, muni, code string) {
		rst.Set("", func(s *i18n.Strings) string { return s.ReopenLoading })
		if round == "" { // the round of the code
			var rs api.Rounds
			if why := getJSON("/api/rounds", code, &rs); why != nil {
				rst.Set("problem", func(s *i18n.Strings) string { return fmt.Sprintf(s.ReopenFailed, why(s)) })
				return
			}
			if code == "" || len(rs.Rounds) == 0 {
				rst.Set("problem", func(s *i18n.Strings) string { return s.ReopenNoRound })
				return
			}
			round = rs.Rounds[0].ID
		}
		url := "/api/rounds/" + round + "/responses/" + muni
		var own api.OwnResponses
		if why := getJSON(url, code, &own); why != nil {
			rst.Set("problem", func(s *i18n.Strings) string { return fmt.Sprintf(s.ReopenFailed, why(s)) })
			return
		}
		switch {
		case len(own.Responses) == 0:
			rst.Set("problem", func(s *i18n.Strings) string { return fmt.Sprintf(s.ReopenNone, own.Name, round) })
			return
		}
		if code != "" {
			_ = dom.Session().Set(ui.CodeKey(round), code)
		}
		dom.ReplaceURL("/resultat/?omgang=" + round + "&kommun=" + muni)
		// The municipality's result is its official response (issue 14):
		// the latest sent with the questionnaire, not a mean of them all.
		official := own.Responses[report.OfficialIndex(own.Responses)]
		d = ui.Draft{ID: official.ID, Questionnaire: own.Round.Questionnaire, Version: official.Version, Round: round,
			Municipality: muni, Role: official.Role, Answers: official.Answers, Sent: official.Updated}
		fetched = official.Updated
		responses = &own
		rst.Clear()
		render()
		dom.ByID("result").Focus()
		compare()
	}
	page.OnLang = render
	plans.listen()
	render()
	dom.ByID("print").On("click", func(dom.Event) { dom.Print() })
	dom.ByID("reopen-form").On("submit", func(ev dom.Event) {
		ev.PreventDefault()
		muni := dom.ByID("reopen-municipality").Value()
		round := dom.ByID("reopen-round").Value()
		code := strings.TrimSpace(dom.ByID("reopen-code").Value())
		if muni == "" {
			rst.Set("problem", func(s *i18n.Strings) string { return s.ReopenChooseMunicipality })
			return
		}
		go reopen(round, muni, code)
	})
	followChartHeight()
	link := ui.ParseLink(dom.Search(), dom.Hash())
	if link.FromFragment { // the code leaves the address at once
		dom.ReplaceURL(link.Address(dom.Path(), dom.Search()))
		if link.Round != "" && link.Code != "" {
			_ = dom.Session().Set(ui.CodeKey(link.Round), link.Code)
		}
	}
	go func() {
		listRounds()
		if link.Round != "" && link.Municipality != "" {
			code, _ := dom.Session().Get(ui.CodeKey(link.Round))
			reopen(link.Round, link.Municipality, code)
			return
		}
		compare()
		// A draft sent with a code: the municipality's other responses in
		// the round, if any, are shown beside it.
		if code, _ := dom.Session().Get(ui.CodeKey(d.Round)); d.Sent != "" && d.Municipality != "" && code != "" {
			var own api.OwnResponses
			if getJSON("/api/rounds/"+report.Escape(d.Round)+"/responses/"+report.Escape(d.Municipality), code, &own) == nil && len(own.Responses) > 1 {
				responses = &own
				render()
			}
		}
	}()
}

// listRounds offers the rounds open to all in the reopen form's list of
// rounds, after its first choice (the round of the code).
func listRounds() {
	resp, err := dom.Fetch("GET", "/api/rounds", page.APIHeaders(""), nil)
	if err != nil || resp.Status != 200 {
		return
	}
	var rs api.Rounds
	if report.Decode("/api/rounds", resp.Body, &rs) != nil {
		return
	}
	var w markup.Writer
	for _, r := range rs.Rounds {
		w.F(`<option value="%s">%s</option>`, r.ID, r.ID)
	}
	sel := dom.ByID("reopen-round")
	first := sel.Query("option")
	sel.SetHTML(`<option value="" data-i18n="ReopenRoundOfCode">` + string(markup.Esc(first.Text())) + `</option>` + w.String())
}

// showComparison renders the comparison table and points the chart frame at
// the same figures.
func showComparison(q *lagesbild.Questionnaire, d ui.Draft, c api.Counties) {
	cmp, err := report.NewComparison(q, d, c)
	if err != nil {
		fmt.Println("lagesbild:", err)
		return
	}
	dom.ByID("compare-table").SetHTML(string(cmp.Table(page.Lang)))
	fitTables(dom.ByID("compare-table"))
	showChart(cmp.Chart(page.Lang))
}

// showChart shows the chart page with data in the frame beside the table.
func showChart(data chart.Data) {
	frag, err := chart.Encode(data)
	if err != nil {
		fmt.Println("lagesbild:", err)
		return
	}
	dom.ByID(report.ChartBoxID).SetHidden(false)
	dom.ByID(report.ChartFrameID).SetFrameHash(chartPage, frag)
}

// followChartHeight sizes the chart frame to the height the chart page asks
// for ("height:640"), so the chart needs no scrolling of its own. The frame
// is looked up each time: the county page renders it anew.
func followChartHeight() {
	dom.OnWindow("message", func(ev dom.Event) {
		// The county page has a second chart, beside its indicators.
		for _, id := range []string{report.ChartFrameID, report.IndChartFrameID} {
			frame := dom.ByID(id)
			if !frame.OK() || !ev.IsFrom(frame) {
				continue
			}
			h, ok := strings.CutPrefix(ev.Data(), "height:")
			if n, err := strconv.Atoi(h); ok && err == nil && n > 100 && n < 4000 {
				frame.SetStyle("height", strconv.Itoa(n)+"px")
			}
		}
	})
}
