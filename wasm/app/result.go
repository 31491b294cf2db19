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

// startResult fills the result page from the draft in this browser: the
// result in words at once, then the comparison when the API answers.
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
	var counties *api.Counties
	st := page.NewStatus("compare-status")
	render := func() {
		s := i18n.For(page.Lang)
		page.SetTitle(s.ResultTitle)
		if len(d.Answers) == 0 {
			dom.ByID("result").SetHTML(string(markup.Esc(s.ResultNone)) + fmt.Sprintf(` <a href="/enkat/%s/">%s</a>`, q.ID, markup.Esc(q.Title.In(page.Lang))))
			return
		}
		dom.ByID("result").SetHTML(string(report.ResultView(q, d, page.Lang)))
		dom.ByID("result-actions").SetHidden(false)
		st.Render()
		if counties != nil {
			showComparison(q, d, *counties)
		}
	}
	page.OnLang = render
	render()
	dom.ByID("print").On("click", func(dom.Event) { dom.Print() })
	followChartHeight()
	if len(d.Answers) == 0 || (d.Municipality == "") {
		return
	}
	dom.ByID("compare").SetHidden(false)
	st.Set("", func(s *i18n.Strings) string { return s.CompareLoading })
	go func() {
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
	}()
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
		frame := dom.ByID(report.ChartFrameID)
		if !ev.IsFrom(frame) {
			return
		}
		h, ok := strings.CutPrefix(ev.Data(), "height:")
		if n, err := strconv.Atoi(h); ok && err == nil && n > 100 && n < 4000 {
			frame.SetStyle("height", strconv.Itoa(n)+"px")
		}
	})
}
