//go:build js && wasm

package dom

import (
	"image/color"
	"strconv"
	"syscall/js"
)

// Canvas is a canvas element's 2D context: rectangles and one line of text
// at a time, in the canvas's own (device) pixels. The wall paints with it.
type Canvas struct {
	el   Element
	ctx  js.Value
	font string // the context's font and fill, set only when they change
	fill string
}

// Canvas2D is the canvas element's 2D context; ok is false when e is not a
// canvas or the browser gives it no 2D context.
func (e Element) Canvas2D() (c *Canvas, ok bool) {
	if !e.OK() || !e.v.Get("getContext").Truthy() {
		return nil, false
	}
	ctx := e.v.Call("getContext", "2d", map[string]any{"alpha": false})
	if !ctx.Truthy() {
		return nil, false
	}
	return &Canvas{el: e, ctx: ctx}, true
}

// Resize sets the canvas's size in device pixels and shows it as that many
// CSS pixels at the device pixel ratio, so one canvas pixel is one device
// pixel. A new size clears the canvas (and its context's state).
func (c *Canvas) Resize(w, h int, dpr float64) {
	if c.el.v.Get("width").Int() != w || c.el.v.Get("height").Int() != h {
		c.el.v.Set("width", w)
		c.el.v.Set("height", h)
		c.font, c.fill = "", ""
	}
	c.el.SetStyle("width", strconv.FormatFloat(float64(w)/dpr, 'f', 3, 64)+"px")
	c.el.SetStyle("height", strconv.FormatFloat(float64(h)/dpr, 'f', 3, 64)+"px")
}

// FillRect paints a rectangle.
func (c *Canvas) FillRect(x, y, w, h float64, col color.RGBA) {
	c.setFill(col)
	c.ctx.Call("fillRect", x, y, w, h)
}

// Align places a text at its x: "left", "center" or "right" (canvas's textAlign).
type Align string

// FillText paints one line of text in a CSS font ("bold 40px sans-serif"),
// x by align, y at the middle of its line.
func (c *Canvas) FillText(s string, x, y float64, font string, align Align, col color.RGBA) {
	c.setFont(font)
	c.setFill(col)
	c.ctx.Set("textAlign", string(align))
	c.ctx.Call("fillText", s, x, y)
}

// MeasureText is the width of a text in a CSS font, in canvas pixels.
func (c *Canvas) MeasureText(s, font string) float64 {
	c.setFont(font)
	return c.ctx.Call("measureText", s).Get("width").Float()
}

func (c *Canvas) setFont(font string) {
	if font != c.font {
		c.ctx.Set("font", font)
		c.ctx.Set("textBaseline", "middle")
		c.font = font
	}
}

func (c *Canvas) setFill(col color.RGBA) {
	if h := hexColor(col); h != c.fill {
		c.ctx.Set("fillStyle", h)
		c.fill = h
	}
}

// hexColor is an opaque colour as CSS writes it (#rrggbb).
func hexColor(c color.RGBA) string {
	const digits = "0123456789abcdef"
	b := []byte{'#', 0, 0, 0, 0, 0, 0}
	for i, v := range []uint8{c.R, c.G, c.B} {
		b[1+2*i], b[2+2*i] = digits[v>>4], digits[v&15]
	}
	return string(b)
}

// Window is the window's size in CSS pixels and its device pixel ratio.
func Window() (w, h, dpr float64) {
	dpr = global.Get("devicePixelRatio").Float()
	if dpr <= 0 {
		dpr = 1
	}
	return global.Get("innerWidth").Float(), global.Get("innerHeight").Float(), dpr
}
