//go:build js && wasm

// Command wall is the workshop's projector wall (/wall/?code=ACDEFG),
// painted on a canvas 2D context: its first frame is what a projector
// laptop on a venue's network waits for, and the browser's own text and
// rectangles need no engine in the binary (wasm/README.md). It polls the
// session's figures about once a second with the last ETag, so an
// unchanged room costs the worker one small SELECT and a 304, and paints
// only when they change or the window does. The layout and what to show
// are in wasm/workshop (tested natively); this file polls, measures text
// and paints.
package main

import (
	"encoding/json"
	"strconv"
	"sync"
	"sync/atomic"
	"syscall/js"
	"time"

	"lagesbild"
	"lagesbild/api"
	"lagesbild/qr"
	"lagesbild/wasm/dom"
	"lagesbild/wasm/i18n"
	"lagesbild/wasm/page"
	"lagesbild/wasm/workshop"
)

// fontFamily is the wall's fonts (also the page's, workshop.css, so the
// early sidebar and the canvas agree): Arial's metrics on every projector's
// laptop (Liberation Sans is its twin on Linux), where the app's system-ui
// would be a different width on each. The layout measures every text, so
// any font fits; the same one keeps the wall the same everywhere.
const fontFamily = `Arial, Helvetica, "Liberation Sans", sans-serif`

type textKey struct {
	s    string
	size float64
	bold bool
}

// wall paints the wall's state on its canvas. The poller hands each new
// state over under mu; it and the window's resize poke main, which paints.
type wall struct {
	mu    sync.Mutex
	in    workshop.WallInput
	dirty bool
	poked chan struct{} // capacity 1: something to paint

	el      dom.Element
	c       *dom.Canvas
	modules [][]bool // the QR code of the join link
	k       float64  // device pixels per wall unit
	dpr     float64
	widths  map[textKey]float64 // measured at k, in wall units
	draws   int
}

func main() {
	page.Start() // the language chosen on the other pages; the wall has no toggle
	if l := dom.Param("lang"); l == "en" || l == "sv" {
		page.Lang = l
	}
	dom.SetLang(page.Lang)
	loc := js.Global().Get("location")
	st := workshop.NewWallState(dom.Param("code"), loc.Get("host").String(), page.Lang)
	el := dom.ByID("wall-canvas")
	c, ok := el.Canvas2D()
	if !ok {
		dom.Log("wall: the page has no 2D canvas")
		return // the early sidebar (wall.mjs) still says how to join
	}
	el.SetAttr("aria-label", st.Label())
	g := &wall{el: el, c: c, in: st.In, dirty: true, poked: make(chan struct{}, 1), widths: map[textKey]float64{}}
	if st.Code != "" {
		if m, err := qr.Modules(workshop.LinksFor(loc.Get("origin").String(), "", st.Code, "").Join); err == nil {
			g.modules = m
		}
		go g.poll(st)
		keys(st.Code)
	}
	dom.OnWindow("resize", func(dom.Event) { g.poke() })
	// A device pixel ratio changes without a resize when the window moves
	// to another screen: looked at once a second, as the figures are.
	tick := time.NewTicker(time.Second)
	for {
		g.paint()
		select {
		case <-g.poked:
		case <-tick.C:
		}
	}
}

// set hands a new state to the painter.
func (g *wall) set(in workshop.WallInput) {
	g.mu.Lock()
	g.in, g.dirty = in, true
	g.mu.Unlock()
	g.poke()
}

func (g *wall) poke() {
	select {
	case g.poked <- struct{}{}:
	default: // a paint is due already
	}
}

// poll fetches the wall's figures for ever, with the last ETag, as
// workshop.WallState says, and hands each new state to the painter.
func (g *wall) poll(st workshop.WallState) {
	var q *lagesbild.Questionnaire
	poll := workshop.WallPoll
	url := "/api/workshops/" + st.Code + "/wall"
	for ; ; time.Sleep(poll.Wait(false)) {
		// The first figures were asked for by wall.mjs while this program
		// was on its way: a second or two old at most, and the next poll
		// follows within one.
		r, ok := dom.Prefetched(url)
		if !ok {
			h := map[string]string{}
			if st.ETag != "" {
				h["If-None-Match"] = st.ETag
			}
			var err error
			if r, err = dom.Fetch("GET", url, h, nil); err != nil {
				dom.Log("wall:", err.Error())
			}
		}
		step, changed := st.Polled(workshop.Classify(r.Status, r.Body))
		if step != workshop.Proceed {
			if changed {
				g.set(st.In)
			}
			continue
		}
		var v api.Wall
		if err := json.Unmarshal(r.Body, &v); err != nil {
			dom.Log("wall:", err.Error())
			continue
		}
		if workshop.NeedsQuestionnaire(q, v.Session) {
			var err error
			if q, err = workshop.FetchQuestionnaire(v.Session.Questionnaire, v.Session.Version); err != nil {
				dom.Log("wall:", err.Error())
				q = nil
				continue
			}
		}
		st.Show(q, v)
		g.set(st.In)
		if v.Session.Ended {
			// An ended session takes no changes (the worker answers 409):
			// the keys and their hint go.
			ended.Store(true)
			dom.ByID("wall-keys").SetHidden(true)
		}
		// The same figures as a table, for screen readers (the canvas is an image).
		dom.ByID("wall-figures").SetHTML(string(workshop.Figures(q, v, st.In.Lang)))
	}
}

// paint paints the wall in the largest 16:9 area of the window, in device
// pixels (workshop.WallScale), if its state or the window has changed.
func (g *wall) paint() {
	w, h, dpr := dom.Window()
	k := workshop.WallScale(w, h, dpr)
	g.mu.Lock()
	in, dirty := g.in, g.dirty
	g.dirty = false
	g.mu.Unlock()
	if !dirty && k == g.k && dpr == g.dpr {
		return
	}
	if k != g.k {
		clear(g.widths)
	}
	g.k, g.dpr = k, dpr
	g.c.Resize(int(workshop.WallW*k), int(workshop.WallH*k), dpr)
	sc := workshop.LayoutWall(in, g.measure)
	for _, b := range sc.Boxes {
		g.box(b)
	}
	for _, l := range sc.Labels {
		align := dom.Align("left")
		switch l.Align {
		case workshop.Center:
			align = "center"
		case workshop.Right:
			align = "right"
		}
		// Y is the top of the line box; the canvas places the text's middle.
		g.c.FillText(l.S, l.X*k, (l.Y+l.Size*workshop.LineGap/2)*k, font(l.Size*k, l.Bold), align, l.Color)
	}
	if q := sc.QR; q.W > 0 && len(g.modules) > 0 {
		g.drawQR(q)
	}
	g.draws++
	// For tests: what the wall on screen shows, once it is painted.
	body := dom.Body()
	body.SetAttr("data-shown", sc.Shown)
	if in.V != nil {
		body.SetAttr("data-etag", in.V.ETag)
	}
	body.SetAttr("data-qr", strconv.FormatBool(sc.QR.W > 0 && len(g.modules) > 0))
	body.SetAttr("data-drawn", strconv.Itoa(g.draws))
	if g.draws == 1 {
		// The canvas now shows the code and QR code itself: the page's
		// early sidebar (wall.mjs) gives way.
		g.el.SetHidden(false)
		dom.ByID("wall-early").SetHidden(true)
	}
}

// box paints a box with its edges on whole device pixels: no blurred seams
// between a bar and its track.
func (g *wall) box(b workshop.Box) {
	k := g.k
	x0, y0 := round(b.X*k), round(b.Y*k)
	g.c.FillRect(x0, y0, round((b.X+b.W)*k)-x0, round((b.Y+b.H)*k)-y0, b.Color)
}

func round(v float64) float64 { return float64(int(v + 0.5)) }

// font is the CSS font of a text size in device pixels.
func font(px float64, bold bool) string {
	f := strconv.FormatFloat(px, 'f', 2, 64) + "px " + fontFamily
	if bold {
		return "bold " + f
	}
	return f
}

// measure is the layout's Measure: text widths in wall units, measured at
// the size the text is painted (glyph advances do not scale exactly).
func (g *wall) measure(s string, size float64, bold bool) float64 {
	key := textKey{s, size, bold}
	if w, ok := g.widths[key]; ok {
		return w
	}
	w := g.c.MeasureText(s, font(size*g.k, bold)) / g.k
	if len(g.widths) > 4096 { // counts change all day: the old ones go
		clear(g.widths)
	}
	g.widths[key] = w
	return w
}

// drawQR paints the QR code in whole device pixels per module, centred in
// its box: blurred module edges make phones slow to read a code.
func (g *wall) drawQR(b workshop.Box) {
	k := g.k
	n := len(g.modules)
	side := b.W * k
	m := float64(int(side / float64(n)))
	if m < 1 {
		m = 1
	}
	x0 := float64(int(b.X*k + (side-m*float64(n))/2))
	y0 := float64(int(b.Y*k + (side-m*float64(n))/2))
	g.c.FillRect(b.X*k, b.Y*k, side, side, workshop.Paper)
	for y, row := range g.modules {
		for x, dark := range row {
			if dark {
				g.c.FillRect(x0+float64(x)*m, y0+float64(y)*m, m, m, workshop.Ink)
			}
		}
	}
}

// ended is set once the wall has seen its session end.
var ended atomic.Bool

// keys lets the facilitator move the room and reveal from the wall's own
// keyboard (issue 17), when this browser leads the session: its token is
// the one the facilitator's page kept (wasm/facilitator's tokenKey). The
// hint is shown only then; the wall of anyone else takes no keys.
func keys(code string) {
	token, _ := dom.Local().Get("lagesbild:workshop:lead:" + code)
	if token == "" {
		return
	}
	hint := dom.ByID("wall-keys")
	hint.SetText(i18n.For(page.Lang).WallShortcutsHelp)
	hint.SetHidden(ended.Load())
	var mu sync.Mutex
	busy := false
	dom.OnWindow("keydown", func(ev dom.Event) {
		key := workshop.Shortcut(ev.Key(), ev.InField(), ev.Modified())
		if key == "" || ended.Load() {
			return
		}
		ev.PreventDefault()
		mu.Lock()
		if busy { // one change at a time: a held key does not flood the worker
			mu.Unlock()
			return
		}
		busy = true
		mu.Unlock()
		go func() {
			defer func() { mu.Lock(); busy = false; mu.Unlock() }()
			shortcut(code, token, key)
		}()
	})
}

// shortcut reads the session (with the token) and sends the change the
// key asks for.
func shortcut(code, token, key string) {
	r, err := dom.Fetch("GET", "/api/workshops/"+code, page.APIHeaders(token), nil)
	if err != nil || r.Status != 200 {
		dom.Log("wall: shortcut: reading the session:", strconv.Itoa(r.Status))
		return
	}
	var s api.Session
	if err := json.Unmarshal(r.Body, &s); err != nil {
		dom.Log("wall: shortcut:", err.Error())
		return
	}
	q, err := workshop.FetchQuestionnaire(s.Questionnaire, s.Version)
	if err != nil {
		dom.Log("wall: shortcut:", err.Error())
		return
	}
	l := workshop.NewLead(code, token, q, s, nil)
	var c api.Change
	ok := true
	switch key {
	case workshop.KeyNext:
		c, ok = l.Step(1)
	case workshop.KeyPrev:
		c, ok = l.Step(-1)
	case workshop.KeyReveal:
		c = l.RevealSection(!l.SectionRevealed())
	}
	if !ok {
		return
	}
	b, _ := json.Marshal(c)
	h := page.APIHeaders(token)
	h["Content-Type"] = "application/json"
	if r, err := dom.Fetch("PATCH", "/api/workshops/"+code, h, b); err != nil || r.Status != 200 {
		dom.Log("wall: shortcut: changing the session:", strconv.Itoa(r.Status))
	}
}
