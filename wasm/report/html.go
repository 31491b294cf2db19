package report

import "lagesbild/markup"

// Ids of the chart frame, which wasm/app fills with the chart page.
const (
	ChartBoxID   = "chart-box"
	ChartFrameID = "chart"
)

// ChartBox is the frame of a chart page (wasm/charts) with its title and a
// note that the table beside it holds the same figures. The frame starts
// empty: the client sets its address when it has the figures.
func ChartBox(title, note string, hidden bool) markup.HTML {
	return chartBox(ChartBoxID, ChartFrameID, title, note, hidden)
}

// chartBox is ChartBox with ids of its own, for a page with two charts.
func chartBox(boxID, frameID, title, note string, hidden bool) markup.HTML {
	var w markup.Writer
	attr := markup.HTML("")
	if hidden {
		attr = " hidden"
	}
	w.F(`<div class="chart" id="%s"%s><iframe id="%s" title="%s" src="about:blank"></iframe><p class="help">%s</p></div>`, boxID, attr, frameID, title, note)
	return w.HTML()
}
