//go:build js && wasm

// Command charts draws Lägesbild's charts with ebiten: a radar of the
// sections (own result, county, country) and bars. It is a binary and a page
// of its own (/diagram/, in a frame), since ebiten takes over the whole page
// and weighs 2 MB. The parent passes the figures in the URL fragment
// (chart.Encode); the same figures are in a table beside the frame.
//
// Software WebGL (headless browsers, old machines) draws a few frames a
// second, so the chart is drawn only when the data or the size changes:
// Update notices the change, Draw renders the scene to an offscreen image and
// copies it to the screen once, and the screen is not cleared between frames.
package main

import (
	"bytes"
	"fmt"
	"image/color"
	"strconv"
	"sync"

	"github.com/hajimehoshi/ebiten/v2"
	"github.com/hajimehoshi/ebiten/v2/text/v2"
	"github.com/hajimehoshi/ebiten/v2/vector"
	"golang.org/x/image/font/gofont/goregular"

	"lagesbild/wasm/chart"
	"lagesbild/wasm/dom"
)

// fontSize is the text size in CSS pixels.
const fontSize = 13

// game holds the chart's state. The fragment arrives on the browser's event
// loop (hashchange) while Update runs on ebiten's: next is handed over under mu.
type game struct {
	mu   sync.Mutex
	next *chart.Data // new data, not yet taken by Update

	data     *chart.Data
	w, h     float64 // layout size in CSS pixels
	scale    float64 // device pixels per CSS pixel
	relayout bool    // data or size changed: Update lays the chart out anew
	scene    *chart.Scene
	stale    bool // the offscreen image must be redrawn from the scene
	shown    bool // the offscreen image is on the screen
	draws    int  // renders with data so far, told to the page for tests
	told     int  // the draws last written to the page
	asked    int  // the height last asked of the parent
	canvas   *ebiten.Image
	source   *text.GoTextFaceSource
	face     *text.GoTextFace
}

func main() {
	src, err := text.NewGoTextFaceSource(bytes.NewReader(goregular.TTF))
	if err != nil {
		panic(fmt.Sprintf("charts: loading the font: %v", err))
	}
	g := &game{source: src, scale: 1}
	g.receive(dom.Hash())
	dom.OnWindow("hashchange", func(dom.Event) { g.receive(dom.Hash()) })

	// The canvas is decoration beside a table with the same figures: it is
	// an image with a name, and no stop for the keyboard.
	canvas := dom.Query("canvas")
	canvas.SetAttr("role", "img")
	canvas.SetAttr("tabindex", "-1")

	ebiten.SetScreenClearedEveryFrame(false)
	ebiten.SetTPS(10) // nothing moves; 10 checks a second for new data are plenty
	if err := ebiten.RunGameWithOptions(g, &ebiten.RunGameOptions{InitUnfocused: true}); err != nil {
		panic(err)
	}
}

// receive reads a fragment; a bad one is reported and ignored.
func (g *game) receive(fragment string) {
	if fragment == "" || fragment == "#" {
		return
	}
	d, err := chart.Decode(fragment)
	if err != nil {
		fmt.Println("charts:", err)
		return
	}
	dom.Query("canvas").SetAttr("aria-label", d.Title)
	g.mu.Lock()
	g.next = &d
	g.mu.Unlock()
}

func (g *game) Update() error {
	g.mu.Lock()
	if g.next != nil {
		g.data, g.next = g.next, nil
		g.relayout = true
	}
	g.mu.Unlock()
	if g.relayout && g.data != nil && g.w > 0 {
		sc := chart.Layout(*g.data, g.w, g.h, g.metrics())
		g.scene, g.stale, g.relayout = &sc, true, false
	}
	if g.draws != g.told {
		// For tests and screenshots: the chart on screen is this data's.
		g.told = g.draws
		dom.Body().SetAttr("data-drawn", strconv.Itoa(g.draws))
	}
	if g.data != nil && g.w > 0 {
		if need := int(chart.Height(*g.data, g.w, g.metrics())); need != g.asked {
			g.asked = need
			dom.PostToParent("height:" + strconv.Itoa(need))
		}
	}
	return nil
}

func (g *game) LayoutF(w, h float64) (float64, float64) {
	s := ebiten.Monitor().DeviceScaleFactor()
	if w != g.w || h != g.h || s != g.scale {
		g.w, g.h, g.scale = w, h, s
		g.relayout = true
	}
	return w * s, h * s
}

// Layout is required by ebiten.Game; LayoutF is used instead.
func (g *game) Layout(w, h int) (int, int) { return w, h }

// Draw only puts pixels on the screen: the scene is Update's. It renders
// the scene to the offscreen image when the scene is new, and copies that
// to the screen once; other frames draw nothing.
func (g *game) Draw(screen *ebiten.Image) {
	if g.stale {
		g.render(screen.Bounds().Dx(), screen.Bounds().Dy())
		g.stale, g.shown = false, false
	}
	if g.shown || g.canvas == nil {
		return // the screen keeps the last frame: nothing to do
	}
	screen.DrawImage(g.canvas, nil)
	g.shown = true
	g.draws++
}

func (g *game) metrics() chart.Metrics {
	if g.face == nil {
		g.face = &text.GoTextFace{Source: g.source, Size: fontSize}
	}
	return chart.Metrics{Measure: func(s string) float64 { return text.Advance(s, g.face) }, LineHeight: fontSize * 1.35}
}

// render draws the scene into the offscreen image at the device's scale.
func (g *game) render(pw, ph int) {
	if g.canvas == nil || g.canvas.Bounds().Dx() != pw || g.canvas.Bounds().Dy() != ph {
		if g.canvas != nil {
			g.canvas.Deallocate()
		}
		g.canvas = ebiten.NewImage(pw, ph)
	}
	dst := g.canvas
	dst.Fill(chart.Back)
	sc, lh := g.scene, g.metrics().LineHeight
	s := float32(g.scale)
	p := func(x float64) float32 { return float32(x) * s }

	for _, ring := range sc.Rings {
		strokePolygon(dst, ring, 1*s, chart.Grid, s)
	}
	for _, l := range sc.Spokes {
		vector.StrokeLine(dst, p(l.A.X), p(l.A.Y), p(l.B.X), p(l.B.Y), 1*s, chart.Grid, true)
	}
	for _, l := range sc.Gridlines {
		vector.StrokeLine(dst, p(l.A.X), p(l.A.Y), p(l.B.X), p(l.B.Y), 1*s, chart.Grid, true)
	}
	for _, rs := range sc.Radar {
		st := chart.StyleOf(rs.Style)
		if rs.Polygon != nil {
			fillPolygon(dst, rs.Polygon, st.Fill, s)
		}
		for _, l := range rs.Segments {
			vector.StrokeLine(dst, p(l.A.X), p(l.A.Y), p(l.B.X), p(l.B.Y), 2.5*s, st.Stroke, true)
		}
		for _, pt := range rs.Markers {
			marker(dst, st.Marker, pt, sc.MarkerSize, st.Stroke, s)
		}
	}
	for _, b := range sc.Bars {
		vector.DrawFilledRect(dst, p(b.X), p(b.Y), p(b.W), p(b.H), chart.StyleOf(b.Style).Stroke, false)
	}
	for _, it := range sc.Legend {
		st := chart.StyleOf(it.Style)
		marker(dst, st.Marker, it.Marker, sc.MarkerSize, st.Stroke, s)
		g.label(dst, it.Label, lh)
	}
	for _, l := range sc.Labels {
		g.label(dst, l, lh)
	}
}

// label draws a possibly wrapped label at its anchor.
func (g *game) label(dst *ebiten.Image, l chart.Label, lineHeight float64) {
	face := &text.GoTextFace{Source: g.source, Size: fontSize * g.scale}
	op := &text.DrawOptions{}
	op.LineSpacing = lineHeight * g.scale
	op.PrimaryAlign = align(l.H)
	op.SecondaryAlign = align(l.V)
	op.GeoM.Translate(l.X*g.scale, l.Y*g.scale)
	clr := chart.Ink
	if l.Style >= 0 {
		clr = chart.StyleOf(l.Style).Stroke
	}
	op.ColorScale.ScaleWithColor(clr)
	s := ""
	for i, line := range l.Lines {
		if i > 0 {
			s += "\n"
		}
		s += line
	}
	text.Draw(dst, s, face, op)
}

func align(a chart.Align) text.Align {
	switch a {
	case chart.Center:
		return text.AlignCenter
	case chart.End:
		return text.AlignEnd
	}
	return text.AlignStart
}

func path(pts []chart.Point, s float32) *vector.Path {
	var p vector.Path
	for i, pt := range pts {
		if i == 0 {
			p.MoveTo(float32(pt.X)*s, float32(pt.Y)*s)
		} else {
			p.LineTo(float32(pt.X)*s, float32(pt.Y)*s)
		}
	}
	p.Close()
	return &p
}

var white = func() *ebiten.Image {
	img := ebiten.NewImage(3, 3)
	img.Fill(color.White)
	return img.SubImage(img.Bounds().Inset(1)).(*ebiten.Image)
}()

// fillPolygon fills a polygon with a translucent colour.
func fillPolygon(dst *ebiten.Image, pts []chart.Point, c color.NRGBA, s float32) {
	vs, is := path(pts, s).AppendVerticesAndIndicesForFilling(nil, nil)
	a := float32(c.A) / 0xff
	for i := range vs {
		vs[i].SrcX, vs[i].SrcY = 1, 1
		vs[i].ColorR, vs[i].ColorG, vs[i].ColorB, vs[i].ColorA = float32(c.R)/0xff*a, float32(c.G)/0xff*a, float32(c.B)/0xff*a, a
	}
	dst.DrawTriangles(vs, is, white, &ebiten.DrawTrianglesOptions{AntiAlias: true, FillRule: ebiten.FillRuleNonZero,
		ColorScaleMode: ebiten.ColorScaleModePremultipliedAlpha})
}

func strokePolygon(dst *ebiten.Image, pts []chart.Point, width float32, c color.RGBA, s float32) {
	vs, is := path(pts, s).AppendVerticesAndIndicesForStroke(nil, nil, &vector.StrokeOptions{Width: width, LineJoin: vector.LineJoinRound})
	for i := range vs {
		vs[i].SrcX, vs[i].SrcY = 1, 1
		vs[i].ColorR, vs[i].ColorG, vs[i].ColorB, vs[i].ColorA = float32(c.R)/0xff, float32(c.G)/0xff, float32(c.B)/0xff, 1
	}
	dst.DrawTriangles(vs, is, white, &ebiten.DrawTrianglesOptions{AntiAlias: true, ColorScaleMode: ebiten.ColorScaleModePremultipliedAlpha})
}

// marker draws a series' shape at a point, so series differ by more than colour.
func marker(dst *ebiten.Image, m chart.Marker, at chart.Point, size float64, c color.RGBA, s float32) {
	x, y, r := at.X, at.Y, size/2
	switch m {
	case chart.Square:
		vector.DrawFilledRect(dst, float32(x-r*0.9)*s, float32(y-r*0.9)*s, float32(r*1.8)*s, float32(r*1.8)*s, c, true)
	case chart.Triangle:
		fillSolid(dst, []chart.Point{{X: x, Y: y - r*1.1}, {X: x + r*1.05, Y: y + r*0.8}, {X: x - r*1.05, Y: y + r*0.8}}, c, s)
	case chart.Diamond:
		fillSolid(dst, []chart.Point{{X: x, Y: y - r*1.2}, {X: x + r, Y: y}, {X: x, Y: y + r*1.2}, {X: x - r, Y: y}}, c, s)
	default:
		vector.DrawFilledCircle(dst, float32(x)*s, float32(y)*s, float32(r)*s, c, true)
	}
}

func fillSolid(dst *ebiten.Image, pts []chart.Point, c color.RGBA, s float32) {
	fillPolygon(dst, pts, color.NRGBA{c.R, c.G, c.B, 0xff}, s)
}
