package report

import (
	"fmt"
	"html"
	"strings"
)

// HTML is markup that is safe to insert: built by writer, with every text
// escaped. The views return it and wasm/app sets it as an element's content.
type HTML string

// writer builds HTML: f escapes each argument unless it is already HTML, so
// a view cannot forget to escape a municipality's name or a text from the
// questionnaire.
type writer struct{ b strings.Builder }

func (w *writer) f(format string, args ...any) {
	for i, a := range args {
		if h, ok := a.(HTML); ok {
			args[i] = string(h)
			continue
		}
		args[i] = html.EscapeString(fmt.Sprint(a))
	}
	fmt.Fprintf(&w.b, format, args...)
}

func (w *writer) html() HTML { return HTML(w.b.String()) }

// Esc escapes text for HTML.
func Esc(s string) HTML { return HTML(html.EscapeString(s)) }

// Ids of the chart frame, which wasm/app fills with the chart page.
const (
	ChartBoxID   = "chart-box"
	ChartFrameID = "chart"
)

// ChartBox is the frame of a chart page (wasm/charts) with its title and a
// note that the table beside it holds the same figures. The frame starts
// empty: the client sets its address when it has the figures.
func ChartBox(title, note string, hidden bool) HTML {
	var w writer
	attr := HTML("")
	if hidden {
		attr = " hidden"
	}
	w.f(`<div class="chart" id="%s"%s><iframe id="%s" title="%s" src="about:blank"></iframe><p class="help">%s</p></div>`, ChartBoxID, attr, ChartFrameID, title, note)
	return w.html()
}
