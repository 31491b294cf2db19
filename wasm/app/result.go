//go:build js && wasm

package main

import (
	"fmt"
	"strconv"
	"strings"

	"lagesbild"
	"lagesbild/questionnaires"
	"lagesbild/wasm/chart"
	"lagesbild/wasm/dom"
	"lagesbild/wasm/i18n"
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
	var counties *ui.Counties
	st := newStatus("compare-status")
	render := func() {
		s := i18n.For(lang)
		setTitle(s.ResultTitle)
		if len(d.Answers) == 0 {
			dom.ByID("result").SetHTML(string(ui.Esc(s.ResultNone)) + fmt.Sprintf(` <a href="/enkat/%s/">%s</a>`, q.ID, ui.Esc(q.Title.In(lang))))
			return
		}
		dom.ByID("result").SetHTML(string(ui.ResultView(q, d, lang)))
		dom.ByID("result-actions").SetHidden(false)
		st.render()
		if counties != nil {
			showComparison(q, d, *counties)
		}
	}
	onLang = render
	render()
	dom.ByID("print").On("click", func(dom.Event) { dom.Print() })
	followChartHeight()
	if len(d.Answers) == 0 || (d.Municipality == "") {
		return
	}
	dom.ByID("compare").SetHidden(false)
	st.set("", func(s *i18n.Strings) string { return s.CompareLoading })
	go func() {
		code, _ := dom.Session().Get(codeKey(d.Round))
		resp, err := dom.Fetch("GET", ui.CountiesURL(d.Round), apiHeaders(code), nil)
		switch {
		case err != nil:
			fmt.Println("lagesbild:", err)
			st.set("problem", func(s *i18n.Strings) string { return s.CompareOffline })
			return
		case resp.Status != 200:
			e := ui.ParseError(resp.Status, resp.Body)
			st.set("problem", func(s *i18n.Strings) string { return fmt.Sprintf(s.CompareFailed, e.Text(s)) })
			return
		}
		var c ui.Counties
		if err := ui.Decode(ui.CountiesURL(d.Round), resp.Body, &c); err != nil {
			fmt.Println("lagesbild:", err)
			st.set("problem", func(s *i18n.Strings) string { return fmt.Sprintf(s.CompareFailed, s.Code(lagesbild.EInternal)) })
			return
		}
		counties = &c
		st.clear()
		showComparison(q, d, c)
	}()
}

// showComparison renders the comparison table and points the chart frame at
// the same figures.
func showComparison(q *lagesbild.Questionnaire, d ui.Draft, c ui.Counties) {
	cmp, err := ui.NewComparison(q, d, c)
	if err != nil {
		fmt.Println("lagesbild:", err)
		return
	}
	dom.ByID("compare-table").SetHTML(string(cmp.Table(lang)))
	showChart(cmp.Chart(lang))
}

// showChart shows the chart page with data in the frame beside the table.
func showChart(data chart.Data) {
	frag, err := chart.Encode(data)
	if err != nil {
		fmt.Println("lagesbild:", err)
		return
	}
	dom.ByID(ui.ChartBoxID).SetHidden(false)
	dom.ByID(ui.ChartFrameID).SetFrameHash(chartPage, frag)
}

// followChartHeight sizes the chart frame to the height the chart page asks
// for ("height:640"), so the chart needs no scrolling of its own. The frame
// is looked up each time: the county page renders it anew.
func followChartHeight() {
	dom.OnWindow("message", func(ev dom.Event) {
		frame := dom.ByID(ui.ChartFrameID)
		if !ev.IsFrom(frame) {
			return
		}
		h, ok := strings.CutPrefix(ev.Data(), "height:")
		if n, err := strconv.Atoi(h); ok && err == nil && n > 100 && n < 4000 {
			frame.SetStyle("height", strconv.Itoa(n)+"px")
		}
	})
}
