package chart

import (
	"image/color"
	"math"
	"strconv"
	"strings"

	"lagesbild/wasm/i18n"
)

// Point is a position in CSS pixels, y downwards.
type Point struct{ X, Y float64 }

// Line is a straight line between two points.
type Line struct{ A, B Point }

// Rect is an axis-aligned rectangle.
type Rect struct{ X, Y, W, H float64 }

// Align places text relative to its anchor.
type Align int

const (
	Start  Align = iota // left of the text (or its top) at the anchor
	Center              // the middle at the anchor
	End                 // right (or bottom) at the anchor
)

// Label is text, possibly wrapped into several lines, anchored at X, Y.
type Label struct {
	Lines []string
	X, Y  float64
	H, V  Align
	Style int // -1 for plain text, else the series style (colours the text)
}

// Marker is the shape drawn at a value, so series differ by more than colour.
type Marker int

const (
	Circle Marker = iota
	Square
	Triangle
	Diamond
)

// Style is the look of a series.
type Style struct {
	Stroke color.RGBA  // lines, markers, bars; ≥ 4.5:1 against white
	Fill   color.NRGBA // the radar's area, translucent (not premultiplied)
	Marker Marker
}

// Styles by Series.Style: own result, county, country, previous round.
var Styles = []Style{
	{Stroke: color.RGBA{0x1f, 0x4e, 0x96, 0xff}, Fill: color.NRGBA{0x1f, 0x4e, 0x96, 0x30}, Marker: Circle},
	{Stroke: color.RGBA{0xa8, 0x50, 0x00, 0xff}, Fill: color.NRGBA{0xa8, 0x50, 0x00, 0x20}, Marker: Square},
	{Stroke: color.RGBA{0x4a, 0x4a, 0x4a, 0xff}, Fill: color.NRGBA{0x4a, 0x4a, 0x4a, 0x18}, Marker: Triangle},
	{Stroke: color.RGBA{0x6a, 0x3d, 0x9a, 0xff}, Fill: color.NRGBA{0x6a, 0x3d, 0x9a, 0x18}, Marker: Diamond},
}

// StyleOf returns the style with index i, wrapping around.
func StyleOf(i int) Style {
	if i < 0 {
		i = -i
	}
	return Styles[i%len(Styles)]
}

// Colours of the chart's furniture.
var (
	Ink  = color.RGBA{0x1a, 0x1a, 0x1a, 0xff} // text
	Grid = color.RGBA{0xc8, 0xc8, 0xc8, 0xff} // rings, spokes, gridlines
	Back = color.RGBA{0xff, 0xff, 0xff, 0xff}
)

// RadarSeries is one series of the radar. Polygon is set when every axis has
// a value; otherwise only the Segments between neighbouring values are
// drawn, since closing the shape through a missing figure would invent one.
type RadarSeries struct {
	Style    int
	Polygon  []Point
	Segments []Line
	Markers  []Point
}

// Bar is one bar of the bar chart.
type Bar struct {
	Rect
	Style int
}

// LegendItem is a marker and the series name.
type LegendItem struct {
	Marker Point
	Style  int
	Label  Label
}

// Scene is everything a chart draws, in CSS pixels.
type Scene struct {
	W, H       float64
	Legend     []LegendItem
	Rings      [][]Point // radar grid at 25, 50, 75 and 100
	Spokes     []Line
	Radar      []RadarSeries
	Labels     []Label // axis labels, ring values, bar labels, values and notes
	Gridlines  []Line  // of the bars at 0, 50 and 100
	Bars       []Bar
	MarkerSize float64
}

// Measure returns the width of s in CSS pixels at the chart's font size.
type Measure func(s string) float64

// Metrics are the sizes the layout works with.
type Metrics struct {
	Measure    Measure
	LineHeight float64
}

const (
	pad        = 8.0
	markerSize = 9.0
	minRadius  = 40.0
	maxRadius  = 190.0
)

// Layout lays out the radar and the bars of d in a w×h box. The radar needs
// three axes or more; with fewer, or with d.Bars, only the bars are drawn.
func Layout(d Data, w, h float64, m Metrics) Scene {
	s := Scene{W: w, H: h, MarkerSize: markerSize}
	top := s.legend(d, w, m)
	radar, bars := split(d, w, h, top, m)
	numbered := false
	if radar.W > 0 {
		numbered = s.radar(d, radar, m)
	}
	s.bars(d, bars, m, numbered)
	return s
}

// Height is the height the chart needs at width w to show every bar at a
// readable size; the chart page asks its parent for it.
func Height(d Data, w float64, m Metrics) float64 {
	var s Scene
	top := s.legend(d, w, m)
	radar, bars := split(d, w, 0, top, m)
	need := barsHeight(d, bars.W, m, idealBar)
	switch {
	case radar.W == 0:
		return math.Ceil(top + need)
	case radar.W < w: // side by side
		return math.Ceil(top + math.Max(need, radarHeight(d, radar.W, m)))
	default: // stacked
		return math.Ceil(bars.Y + need)
	}
}

// split divides the space under the legend between radar and bars: side by
// side when there is room for both, else the radar above the bars. Only the
// bars' height depends on h.
func split(d Data, w, h, top float64, m Metrics) (radar, bars Rect) {
	if d.Bars || len(d.Axes) < 3 {
		return Rect{}, Rect{0, top, w, h - top}
	}
	if w >= 640 {
		rw := math.Round(w * 0.55)
		return Rect{0, top, rw, h - top}, Rect{rw + pad, top, w - rw - pad, h - top}
	}
	rh := radarHeight(d, w, m)
	return Rect{0, top, w, rh}, Rect{0, top + rh + pad, w, h - top - rh - pad}
}

// legend lays out the series names in rows across the top and returns the
// height it takes.
func (s *Scene) legend(d Data, w float64, m Metrics) float64 {
	x, y := pad, pad
	for _, se := range d.Series {
		tw := markerSize + 6 + m.Measure(se.Name)
		if x > pad && x+tw > w-pad {
			x, y = pad, y+m.LineHeight
		}
		cy := y + m.LineHeight/2
		s.Legend = append(s.Legend, LegendItem{
			Marker: Point{x + markerSize/2, cy},
			Style:  se.Style,
			Label:  Label{Lines: []string{se.Name}, X: x + markerSize + 6, Y: cy, H: Start, V: Center, Style: -1},
		})
		x += tw + 18
	}
	if len(d.Series) == 0 {
		return pad
	}
	return y + m.LineHeight + pad
}

// radarFit is how the radar fits a box of width w: its axis labels (the
// names wrapped, or numbers when the names leave too small a radar, as on
// a phone: the bars then carry the numbered names), how many lines the
// tallest label has, and the radius.
type radarFit struct {
	labels   [][]string
	lines    float64
	r        float64
	numbered bool
}

func fitRadar(d Data, w float64, m Metrics) radarFit {
	lw := math.Max(70, math.Min(130, w*0.2)) // the width names wrap at
	f := radarFit{lines: 1}
	widest := 0.0
	for _, a := range d.Axes {
		lines := Wrap(a, lw, m.Measure)
		f.labels = append(f.labels, lines)
		f.lines = math.Max(f.lines, float64(len(lines)))
		for _, l := range lines {
			widest = math.Max(widest, m.Measure(l))
		}
	}
	f.r = math.Min(maxRadius, w/2-widest-pad)
	if f.r < math.Max(minRadius, w*0.22) {
		f.labels, f.lines, f.numbered = nil, 1, true
		for i := range d.Axes {
			f.labels = append(f.labels, []string{strconv.Itoa(i + 1)})
		}
		f.r = math.Max(minRadius, math.Min(maxRadius, w/2-m.Measure(strconv.Itoa(len(d.Axes)))-2*pad))
	}
	return f
}

func radarHeight(d Data, w float64, m Metrics) float64 {
	f := fitRadar(d, w, m)
	return 2*f.r + 2*(f.lines*m.LineHeight+pad) + pad
}

// radar lays out the rings, spokes, series and axis labels at the top of
// box b, and reports whether the axes are numbered.
func (s *Scene) radar(d Data, b Rect, m Metrics) bool {
	n := len(d.Axes)
	f := fitRadar(d, b.W, m)
	r := math.Max(minRadius, math.Min(f.r, b.H/2-f.lines*m.LineHeight-2*pad))
	c := Point{b.X + b.W/2, b.Y + f.lines*m.LineHeight + 2*pad + r}
	at := func(i int, v float64) Point {
		a := -math.Pi/2 + 2*math.Pi*float64(i)/float64(n)
		return Point{c.X + v/100*r*math.Cos(a), c.Y + v/100*r*math.Sin(a)}
	}
	for _, v := range []float64{25, 50, 75, 100} {
		ring := make([]Point, n)
		for i := range ring {
			ring[i] = at(i, v)
		}
		s.Rings = append(s.Rings, ring)
	}
	for _, v := range []float64{50, 100} {
		p := at(0, v)
		s.Labels = append(s.Labels, Label{Lines: []string{strconv.Itoa(int(v))}, X: p.X + 4, Y: p.Y + 2, H: Start, V: Start, Style: -1})
	}
	for i := range d.Axes {
		s.Spokes = append(s.Spokes, Line{c, at(i, 100)})
		a := -math.Pi/2 + 2*math.Pi*float64(i)/float64(n)
		cos, sin := math.Cos(a), math.Sin(a)
		l := Label{Lines: f.labels[i], X: c.X + (r+pad)*cos, Y: c.Y + (r+pad)*sin, Style: -1}
		l.H, l.V = Center, Center
		switch {
		case cos > 0.2:
			l.H = Start
		case cos < -0.2:
			l.H = End
		}
		switch {
		case sin < -0.2:
			l.V = End
		case sin > 0.2:
			l.V = Start
		}
		s.Labels = append(s.Labels, l)
	}
	for _, se := range d.Series {
		rs := RadarSeries{Style: se.Style}
		complete := true
		for i, v := range se.Values {
			if v == nil {
				complete = false
				continue
			}
			rs.Markers = append(rs.Markers, at(i, *v))
			if next := se.Values[(i+1)%n]; next != nil {
				rs.Segments = append(rs.Segments, Line{at(i, *v), at((i+1)%n, *next)})
			}
		}
		if complete {
			rs.Polygon = rs.Markers
		}
		s.Radar = append(s.Radar, rs)
	}
	return f.numbered
}

const (
	idealBar = 16.0 // bar height the chart asks room for
	minBar   = 6.0
	barGap   = 3.0
	groupGap = 10.0
)

// axisNumber is an axis name with the number the radar shows for it.
func axisNumber(i int, name string) string { return strconv.Itoa(i+1) + ". " + name }

// barsHeight is the height of the bars at the given bar height (numbered
// names are no taller: the number fits where a word would break).
func barsHeight(d Data, w float64, m Metrics, bar float64) float64 {
	lines := 0
	for i, a := range d.Axes {
		lines += len(Wrap(axisNumber(i, a), w-2*pad, m.Measure))
	}
	n := float64(len(d.Axes))
	return m.LineHeight*(float64(lines)+1) + n*float64(len(d.Series))*(bar+barGap) + n*groupGap
}

// bars lays out one group per axis: its name, then one bar per series with
// the value (or the series' note, e.g. "för få svar") after it.
func (s *Scene) bars(d Data, b Rect, m Metrics, numbered bool) {
	if len(d.Series) == 0 {
		return
	}
	valueW := math.Max(m.Measure("100,0"), 40) + pad
	x0, x1 := b.X+pad, b.X+b.W-pad-valueW
	if x1-x0 < 40 {
		x1 = x0 + 40
	}
	scale := (x1 - x0) / 100
	// The bar height that fits the box, within readable bounds.
	fixed := barsHeight(d, b.W, m, 0)
	bar := idealBar
	if slots := float64(len(d.Axes) * len(d.Series)); slots > 0 {
		bar = math.Max(minBar, math.Min(idealBar, (b.H-fixed)/slots))
	}
	y := b.Y + m.LineHeight // room for the scale's numbers
	for _, v := range []float64{0, 50, 100} {
		x := x0 + v*scale
		s.Labels = append(s.Labels, Label{Lines: []string{i18n.Number(d.Lang, v, 0)}, X: x, Y: b.Y + m.LineHeight/2, H: Center, V: Center, Style: -1})
		s.Gridlines = append(s.Gridlines, Line{Point{x, y}, Point{x, y}}) // the bottom is set below
	}
	for i, name := range d.Axes {
		if numbered {
			name = axisNumber(i, name)
		}
		lines := Wrap(name, b.W-2*pad, m.Measure)
		s.Labels = append(s.Labels, Label{Lines: lines, X: x0, Y: y, H: Start, V: Start, Style: -1})
		y += float64(len(lines)) * m.LineHeight
		for _, se := range d.Series {
			cy := y + bar/2
			if v := se.Values[i]; v != nil {
				wv := *v * scale
				s.Bars = append(s.Bars, Bar{Rect{x0, y, wv, bar}, se.Style})
				s.Labels = append(s.Labels, Label{Lines: []string{i18n.Score(d.Lang, *v)}, X: x0 + wv + 4, Y: cy, H: Start, V: Center, Style: se.Style})
			} else {
				s.Labels = append(s.Labels, Label{Lines: []string{se.Note(i)}, X: x0 + 4, Y: cy, H: Start, V: Center, Style: se.Style})
			}
			y += bar + barGap
		}
		y += groupGap
	}
	for i := range s.Gridlines {
		s.Gridlines[i].B.Y = y - groupGap
	}
}

// Wrap breaks text into lines no wider than width, at spaces; a word wider
// than width gets a line of its own.
func Wrap(text string, width float64, measure Measure) []string {
	var lines []string
	line := ""
	for _, w := range strings.Fields(text) {
		if line == "" {
			line = w
			continue
		}
		if measure(line+" "+w) <= width {
			line += " " + w
			continue
		}
		lines = append(lines, line)
		line = w
	}
	if line != "" || len(lines) == 0 {
		lines = append(lines, line)
	}
	return lines
}
