//go:build js && wasm

// Command wall is the workshop's projector wall, drawn with ebiten in a page
// of its own (/wall/?code=ACDEFG), since ebiten takes over the whole page.
// It polls the session's figures about once a second with the last ETag, so
// an unchanged room costs the worker one small SELECT and a 304, and draws
// only when they change: software WebGL (headless browsers, old laptops on
// projectors) manages a few full redraws a second at best. The layout and
// what to show are in wasm/workshop (tested natively); this file polls,
// measures text and paints.
package main

import (
	"bytes"
	"encoding/json"
	"strconv"
	"sync"
	"syscall/js"
	"time"

	"github.com/hajimehoshi/ebiten/v2"
	"github.com/hajimehoshi/ebiten/v2/text/v2"
	"github.com/hajimehoshi/ebiten/v2/vector"
	"golang.org/x/image/font/gofont/gobold"
	"golang.org/x/image/font/gofont/goregular"

	"lagesbild"
	"lagesbild/api"
	"lagesbild/qr"
	"lagesbild/wasm/dom"
	"lagesbild/wasm/i18n"
	"lagesbild/wasm/page"
	"lagesbild/wasm/workshop"
)

type faceKey struct {
	size float64
	bold bool
}

// game is the wall's ebiten Game: Update takes the state the poller
// handed over, Draw paints it. Polls arrive on a goroutine, Update and Draw
// run on ebiten's loop: the next input is handed over under mu.
type game struct {
	mu   sync.Mutex
	next *workshop.WallInput

	in      workshop.WallInput
	modules [][]bool // the QR code of the join link
	k       float64  // device pixels per wall unit
	dirty   bool     // the offscreen image must be redrawn
	shown   bool     // the offscreen image is on the screen
	canvas  *ebiten.Image
	scene   workshop.Scene
	draws   int
	told    int

	regular, bold *text.GoTextFaceSource
	faces         map[faceKey]*text.GoTextFace
}

func main() {
	regular, err := text.NewGoTextFaceSource(bytes.NewReader(goregular.TTF))
	if err != nil {
		panic("wall: loading the font: " + err.Error())
	}
	bold, err := text.NewGoTextFaceSource(bytes.NewReader(gobold.TTF))
	if err != nil {
		panic("wall: loading the bold font: " + err.Error())
	}
	page.Start() // the language chosen on the other pages; the wall has no toggle
	if l := dom.Param("lang"); l == "en" || l == "sv" {
		page.Lang = l
	}
	dom.SetLang(page.Lang)
	loc := js.Global().Get("location")
	st := workshop.NewWallState(dom.Param("code"), loc.Get("host").String(), page.Lang)
	g := &game{regular: regular, bold: bold, faces: map[faceKey]*text.GoTextFace{}, k: 1, in: st.In, dirty: true}
	if st.Code != "" {
		if m, err := qr.Modules(workshop.LinksFor(loc.Get("origin").String(), "", st.Code, "").Join); err == nil {
			g.modules = m
		}
		go g.poll(st)
		keys(st.Code)
	}

	canvas := dom.Query("canvas")
	canvas.SetAttr("role", "img")
	canvas.SetAttr("tabindex", "-1")
	canvas.SetAttr("aria-label", st.Label())

	ebiten.SetScreenClearedEveryFrame(false)
	ebiten.SetTPS(10) // nothing moves: ten looks a second for new figures are plenty
	if err := ebiten.RunGameWithOptions(g, &ebiten.RunGameOptions{InitUnfocused: true}); err != nil {
		panic(err)
	}
}

// poll fetches the wall's figures for ever, with the last ETag, as
// workshop.WallState says, and hands each new state to Update.
func (g *game) poll(st workshop.WallState) {
	var q *lagesbild.Questionnaire
	poll := workshop.WallPoll
	for ; ; time.Sleep(poll.Wait(false)) {
		h := map[string]string{}
		if st.ETag != "" {
			h["If-None-Match"] = st.ETag
		}
		r, err := dom.Fetch("GET", "/api/workshops/"+st.Code+"/wall", h, nil)
		if err != nil {
			dom.Log("wall:", err.Error())
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
			if q, err = workshop.FetchQuestionnaire(v.Session.Questionnaire, v.Session.Version); err != nil {
				dom.Log("wall:", err.Error())
				q = nil
				continue
			}
		}
		st.Show(q, v)
		g.set(st.In)
		// The same figures as a table, for screen readers (the canvas is an image).
		dom.ByID("wall-figures").SetHTML(string(workshop.Figures(q, v, st.In.Lang)))
	}
}

// set hands a new state to Update.
func (g *game) set(in workshop.WallInput) {
	g.mu.Lock()
	g.next = &in
	g.mu.Unlock()
}

func (g *game) Update() error {
	g.mu.Lock()
	if g.next != nil {
		g.in, g.next = *g.next, nil
		g.dirty = true
	}
	g.mu.Unlock()
	if g.draws != g.told {
		// For tests: what the wall on screen shows, once it is painted.
		g.told = g.draws
		body := dom.Body()
		body.SetAttr("data-shown", g.scene.Shown)
		if g.in.V != nil {
			body.SetAttr("data-etag", g.in.V.ETag)
		}
		body.SetAttr("data-qr", strconv.FormatBool(g.scene.QR.W > 0 && len(g.modules) > 0))
		body.SetAttr("data-drawn", strconv.Itoa(g.draws))
		// The canvas now shows the code and QR code itself: the page's
		// early sidebar (wall.mjs) gives way.
		dom.ByID("wall-early").SetHidden(true)
	}
	return nil
}

// LayoutF gives the wall the largest 16:9 area of the window in device
// pixels (workshop.WallScale).
func (g *game) LayoutF(w, h float64) (float64, float64) {
	k := workshop.WallScale(w, h, ebiten.Monitor().DeviceScaleFactor())
	if k != g.k {
		g.k, g.dirty = k, true
	}
	return workshop.WallW * k, workshop.WallH * k
}

// Layout is required by ebiten.Game; LayoutF is used instead.
func (g *game) Layout(w, h int) (int, int) { return w, h }

func (g *game) face(size float64, bold bool) *text.GoTextFace {
	key := faceKey{size, bold}
	if f, ok := g.faces[key]; ok {
		return f
	}
	src := g.regular
	if bold {
		src = g.bold
	}
	f := &text.GoTextFace{Source: src, Size: size}
	g.faces[key] = f
	return f
}

// measure is the layout's Measure: text widths in wall units, measured at
// the size the text is drawn (glyph advances do not scale exactly).
func (g *game) measure(s string, size float64, bold bool) float64 {
	return text.Advance(s, g.face(size*g.k, bold)) / g.k
}

func (g *game) Draw(screen *ebiten.Image) {
	if g.dirty {
		g.render(screen.Bounds().Dx(), screen.Bounds().Dy())
		g.dirty, g.shown = false, false
	}
	if g.shown || g.canvas == nil {
		return // the screen keeps the last frame
	}
	screen.DrawImage(g.canvas, nil)
	g.shown = true
	g.draws++
}

// render paints the scene into the offscreen image.
func (g *game) render(pw, ph int) {
	if g.canvas == nil || g.canvas.Bounds().Dx() != pw || g.canvas.Bounds().Dy() != ph {
		if g.canvas != nil {
			g.canvas.Deallocate()
		}
		g.canvas = ebiten.NewImage(pw, ph)
	}
	g.scene = workshop.LayoutWall(g.in, g.measure)
	k := g.k
	dst := g.canvas
	for _, b := range g.scene.Boxes {
		vector.DrawFilledRect(dst, float32(b.X*k), float32(b.Y*k), float32(b.W*k), float32(b.H*k), b.Color, false)
	}
	for _, l := range g.scene.Labels {
		op := &text.DrawOptions{}
		op.GeoM.Translate(l.X*k, l.Y*k)
		op.ColorScale.ScaleWithColor(l.Color)
		switch l.Align {
		case workshop.Center:
			op.PrimaryAlign = text.AlignCenter
		case workshop.Right:
			op.PrimaryAlign = text.AlignEnd
		}
		text.Draw(dst, l.S, g.face(l.Size*k, l.Bold), op)
	}
	if q := g.scene.QR; q.W > 0 && len(g.modules) > 0 {
		g.drawQR(dst, q, k)
	}
}

// drawQR paints the QR code in whole device pixels per module, centred in
// its box: blurred module edges make phones slow to read a code.
func (g *game) drawQR(dst *ebiten.Image, b workshop.Box, k float64) {
	n := len(g.modules)
	side := b.W * k
	m := float64(int(side / float64(n)))
	if m < 1 {
		m = 1
	}
	x0 := float64(int(b.X*k + (side-m*float64(n))/2))
	y0 := float64(int(b.Y*k + (side-m*float64(n))/2))
	vector.DrawFilledRect(dst, float32(b.X*k), float32(b.Y*k), float32(side), float32(side), workshop.Paper, false)
	for y, row := range g.modules {
		for x, dark := range row {
			if dark {
				vector.DrawFilledRect(dst, float32(x0+float64(x)*m), float32(y0+float64(y)*m), float32(m), float32(m), workshop.Ink, false)
			}
		}
	}
}

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
	hint.SetHidden(false)
	var mu sync.Mutex
	busy := false
	dom.OnWindow("keydown", func(ev dom.Event) {
		key := workshop.Shortcut(ev.Key(), ev.InField(), ev.Modified())
		if key == "" {
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
