package workshop

import (
	"image/color"
	"strconv"
	"strings"

	"lagesbild"
	"lagesbild/api"
	"lagesbild/wasm/i18n"
)

// The wall: what the projector shows, laid out as rectangles and texts on a
// 16:9 canvas of 1920×1080 that wasm/wall scales to the screen. The room's
// section on the left (each item's question with a bar per option, or why
// nothing shows yet), the join code, its QR code and the room's score per
// section on the right. Sizes are for the back of a room: body text at
// least 1/40 of the height, the code at 1/10; dark on light, contrast ≥ 9:1.

// WallW and WallH are the wall's canvas size.
const (
	WallW = 1920
	WallH = 1080
)

// Colours of the wall.
var (
	Paper    = color.RGBA{0xff, 0xff, 0xff, 0xff}
	Ink      = color.RGBA{0x11, 0x11, 0x11, 0xff}
	Muted    = color.RGBA{0x3d, 0x3d, 0x3d, 0xff} // 10.9:1 on Paper, 9.3:1 on Side
	Side     = color.RGBA{0xe8, 0xee, 0xf6, 0xff}
	Bar      = color.RGBA{0x1f, 0x4e, 0x96, 0xff} // 8.6:1 on Paper
	BarVetEj = color.RGBA{0x55, 0x55, 0x55, 0xff} // "Vet ej" differs by more than colour: its label says so
	Track    = color.RGBA{0xd5, 0xdc, 0xe6, 0xff}
	Alert    = color.RGBA{0x8a, 0x1c, 0x1c, 0xff} // white on it: 9.9:1
)

// Align places a text at its X.
type Align int

const (
	Left Align = iota
	Center
	Right
)

// Box is a filled rectangle.
type Box struct {
	X, Y, W, H float64
	Color      color.RGBA
}

// Label is one line of text; Y is the top of its line box (Size × LineGap).
type Label struct {
	S     string
	X, Y  float64
	Size  float64
	Bold  bool
	Align Align
	Color color.RGBA
}

// LineGap is a line's height in multiples of the font size.
const LineGap = 1.25

// Measure is the width of a text at a size (the browser's, from the
// canvas's measureText; an estimate in tests).
type Measure func(s string, size float64, bold bool) float64

// Scene is the laid-out wall.
type Scene struct {
	Boxes  []Box
	Labels []Label
	QR     Box // where the QR code goes, its quiet zone included; W 0: none
	// Shown says which figures the scene shows, for tests and the page's
	// data-shown: "hidden", or per item of the section "item:value=n,…"
	// joined by ";".
	Shown string
}

func (sc *Scene) box(x, y, w, h float64, c color.RGBA) {
	sc.Boxes = append(sc.Boxes, Box{x, y, w, h, c})
}

func (sc *Scene) label(s string, x, y, size float64, bold bool, a Align, c color.RGBA) {
	sc.Labels = append(sc.Labels, Label{s, x, y, size, bold, a, c})
}

// WallInput is what the wall shows.
type WallInput struct {
	Q       *lagesbild.Questionnaire // nil until loaded
	V       *api.Wall                // nil until loaded
	Code    string                   // the join code
	JoinURL string                   // shown as is, e.g. "lagesbild.se/join"
	Lang    string
	Problem string // shown instead of the figures (no such session, expired)
}

// Wrap breaks s into lines of at most width, at most max lines; a last line
// that does not fit ends in "…". A word longer than the width is cut.
func Wrap(s string, size float64, bold bool, width float64, max int, m Measure) []string {
	words := strings.Fields(s)
	var lines []string
	cur := ""
	for i := 0; i < len(words); i++ {
		try := words[i]
		if cur != "" {
			try = cur + " " + words[i]
		}
		if m(try, size, bold) <= width {
			cur = try
			continue
		}
		if cur == "" { // one word wider than the line
			lines = append(lines, cut(words[i], size, bold, width, m))
			continue
		}
		lines = append(lines, cur)
		cur = ""
		i--
		if len(lines) == max {
			break
		}
	}
	if cur != "" && len(lines) < max {
		lines = append(lines, cur)
		cur = ""
	}
	if len(lines) > max {
		lines = lines[:max]
	}
	if rest := strings.Join(words, " "); len(lines) == max && strings.Join(lines, " ") != rest {
		last := lines[max-1]
		for last != "" && m(last+"…", size, bold) > width {
			last = strings.TrimRight(last[:lastRuneStart(last)], " ")
		}
		lines[max-1] = last + "…"
	}
	return lines
}

func cut(w string, size float64, bold bool, width float64, m Measure) string {
	for w != "" && m(w+"…", size, bold) > width {
		w = w[:lastRuneStart(w)]
	}
	return w + "…"
}

func lastRuneStart(s string) int {
	i := len(s) - 1
	for i > 0 && s[i]&0xc0 == 0x80 {
		i--
	}
	return i
}

// Layout regions of the canvas.
const (
	sideX   = 1380.0 // the sidebar: join code, QR code, scores
	mainX   = 60.0
	mainW   = 1260.0
	itemsY  = 190.0
	itemsY2 = 990.0
)

// LayoutWall lays out the wall.
func LayoutWall(in WallInput, m Measure) Scene {
	t := i18n.For(in.Lang)
	var sc Scene
	sc.box(0, 0, WallW, WallH, Paper)
	sc.Shown = "hidden"
	sidebar(&sc, in, t, m)
	switch {
	case in.Problem != "":
		for i, line := range Wrap(in.Problem, 48, true, mainW, 4, m) {
			sc.label(line, mainX, 400+float64(i)*48*LineGap, 48, true, Left, Ink)
		}
		return sc
	case in.Q == nil || in.V == nil:
		return sc
	}
	q, v := in.Q, in.V
	sec, i, err := Current(q, v.Session)
	if err != nil {
		return sc
	}
	sc.label(sectionOf(t, i, q), mainX, 40, 32, false, Left, Muted)
	if title := Wrap(sec.Title.In(in.Lang), 56, true, mainW, 1, m); len(title) > 0 {
		sc.label(title[0], mainX, 84, 56, true, Left, Ink)
	}
	sc.box(mainX, 164, mainW, 6, Bar)
	status := i18n.Fill(t.WStatus, v.Wall.Participants, v.Wall.Answered)
	sc.label(status, mainX, 1012, 34, false, Left, Muted)
	if v.Session.Ended {
		sc.label(t.WallEnded, mainX+mainW, 1012, 34, true, Right, Alert)
	}

	y := itemsY
	if !v.Wall.Visible {
		lines := Wrap(i18n.Fill(t.WallHidden, MinAnswers(*v)), 40, true, mainW-60, 2, m)
		h := float64(len(lines))*40*LineGap + 40
		sc.box(mainX, y, mainW, h, Side)
		for j, line := range lines {
			sc.label(line, mainX+30, y+20+float64(j)*40*LineGap, 40, true, Left, Ink)
		}
		y += h + 30
	}
	items(&sc, in, sec, y, t, m)
	return sc
}

// sidebar draws how to join and the room's scores.
func sidebar(sc *Scene, in WallInput, t *i18n.Strings, m Measure) {
	const x, w = sideX, WallW - sideX
	cx := x + w/2
	sc.box(x, 0, w, WallH, Side)
	y := 36.0
	// An ended session takes no one: the wall stops inviting (no link, code
	// or QR code) and says it has ended.
	ended := in.V != nil && in.V.Session.Ended
	if ended {
		for _, line := range Wrap(t.WallEnded, 48, true, w-60, 3, m) {
			sc.label(line, cx, y, 48, true, Center, Alert)
			y += 48 * LineGap
		}
		y += 24
	} else {
		sc.label(t.WallAnswerOnPhone, cx, y, 40, true, Center, Ink)
		y += 40*LineGap + 8
		for _, line := range Wrap(t.WallGoTo+" "+in.JoinURL, 32, false, w-60, 2, m) {
			sc.label(line, cx, y, 32, false, Center, Ink)
			y += 32 * LineGap
		}
		sc.label(t.WallCode, cx, y, 32, false, Center, Ink)
		y += 32*LineGap + 4
		if in.Code != "" {
			// As large as the sidebar takes it: a wide font's capitals
			// (the browser's, on the projector's laptop) would run off it.
			code := FormatCode(in.Code)
			size := min(112, 112*(w-60)/max(1, m(code, 112, true)))
			sc.label(code, cx, y+(112-size)*LineGap/2, size, true, Center, Ink)
		}
		y += 112*LineGap + 6
	}
	// The QR code takes what the scores leave: a questionnaire with many
	// sections gets a smaller (still scannable) code, not unreadable scores.
	var rows []measure
	if in.Q != nil && in.V != nil && in.Problem == "" {
		rows = measures(in.Q, t, in.Lang)
		rows = rows[:len(rows)-1] // the "Vet ej" share is a table figure, not a score to show
	}
	const minRow, header, gap = 46.0, 36*LineGap + 10, 28.0
	qr := 330.0
	if len(rows) > 0 {
		qr = max(220, min(330, WallH-20-float64(len(rows))*minRow-header-gap-y))
	}
	if !ended {
		if in.Code != "" {
			sc.QR = Box{X: cx - qr/2, Y: y, W: qr, H: qr, Color: Paper}
		}
		y += qr + gap
	}
	if len(rows) == 0 {
		return
	}
	sc.label(t.WallScores, x+30, y, 36, true, Left, Ink)
	y += header
	rowH := min(64, (WallH-24-y)/float64(len(rows)))
	size := min(30, rowH*0.5)
	for _, r := range rows {
		f := in.V.Wall.Sections[r.id]
		val := score(in.Lang, f.Value)
		if !in.V.Wall.Visible || f.Value == nil {
			val = "–"
		}
		bold := r.id == in.V.Session.Section || r.id == lagesbild.MeasureTotal
		vw := m("100,0", size, true)
		for _, line := range Wrap(r.title, size, bold, w-60-vw-20, 1, m) {
			sc.label(line, x+30, y, size, bold, Left, Ink)
		}
		sc.label(val, x+w-30, y, size, true, Right, Ink)
		barY := y + size*LineGap + 2
		barH := max(6, rowH-size*LineGap-10)
		sc.box(x+30, barY, w-60, barH, Track)
		if in.V.Wall.Visible && f.Value != nil {
			sc.box(x+30, barY, (w-60)*clamp(*f.Value/100), barH, Bar)
		}
		y += rowH
	}
}

func clamp(v float64) float64 { return max(0, min(1, v)) }

// itemLayout is how big the items are drawn.
type itemLayout struct {
	cols         int
	text, option float64 // font sizes
	textLines    int     // at most, for a question
	labelLines   int     // at most, for an option's label
}

// items draws the room's section: each item's question and, when shown, a
// bar per option. It picks the largest type that fits: one column at full
// size, smaller, then two columns.
func items(sc *Scene, in WallInput, sec *lagesbild.Section, y0 float64, t *i18n.Strings, m Measure) {
	avail := itemsY2 - y0
	// Long option labels (the M scale's) are cut to one line only when
	// nothing else fits: the participants read them in full on their phones.
	tries := []itemLayout{{1, 38, 32, 3, 2}, {1, 34, 30, 3, 2}, {1, 31, 27, 3, 2}, {2, 34, 30, 3, 2}, {2, 30, 26, 3, 2},
		{2, 27, 24, 2, 2}, {2, 24, 22, 2, 1}, {2, 22, 20, 2, 1}, {2, 20, 19, 2, 1}}
	var pick itemLayout
	for _, try := range tries {
		if try.cols > len(sec.Items) {
			continue
		}
		pick = try
		if columnsHeight(in, sec, try, t, m) <= avail {
			break
		}
	}
	colW := (mainW - float64(pick.cols-1)*40) / float64(pick.cols)
	per := (len(sec.Items) + pick.cols - 1) / pick.cols
	var shown []string
	for c := 0; c < pick.cols; c++ {
		y := y0
		for _, it := range sec.Items[min(c*per, len(sec.Items)):min((c+1)*per, len(sec.Items))] {
			h, s := item(sc, in, &it, mainX+float64(c)*(colW+40), y, colW, pick, t, m)
			y += h + pick.text*0.9
			if s != "" {
				shown = append(shown, s)
			}
		}
	}
	if len(shown) > 0 {
		sc.Shown = strings.Join(shown, ";")
	}
}

// columnsHeight is the height of the tallest column at a layout.
func columnsHeight(in WallInput, sec *lagesbild.Section, l itemLayout, t *i18n.Strings, m Measure) float64 {
	colW := (mainW - float64(l.cols-1)*40) / float64(l.cols)
	per := (len(sec.Items) + l.cols - 1) / l.cols
	tallest := 0.0
	for c := 0; c < l.cols; c++ {
		h := 0.0
		for _, it := range sec.Items[min(c*per, len(sec.Items)):min((c+1)*per, len(sec.Items))] {
			var scratch Scene
			ih, _ := item(&scratch, in, &it, 0, 0, colW, l, t, m)
			h += ih + l.text*0.9
		}
		tallest = max(tallest, h)
	}
	return tallest
}

// item draws one item at x, y in a column of width w and returns its
// height and what it shows (see Scene.Shown; "" when hidden).
func item(sc *Scene, in WallInput, it *lagesbild.Item, x, y, w float64, l itemLayout, t *i18n.Strings, m Measure) (float64, string) {
	v := in.V
	tl, _ := v.Tally(it.ID)
	y0 := y
	textW := w
	if tl.Locked {
		tag := m(t.WLocked, l.option, true) + 24
		sc.box(x+w-tag, y+2, tag, l.option*LineGap+4, Alert)
		sc.label(t.WLocked, x+w-12, y+4, l.option, true, Right, Paper)
		textW -= tag + 16
	}
	for _, line := range Wrap(it.Text.In(in.Lang), l.text, true, textW, l.textLines, m) {
		sc.label(line, x, y, l.text, true, Left, Ink)
		y += l.text * LineGap
	}
	y += 6
	if tl.Hidden || len(tl.Counts) == 0 {
		// A hidden item has no count to show (issue 11, F5): while the
		// wall is hidden nothing, after the reveal when it will show.
		note := ""
		if v.Wall.Visible {
			note = i18n.Fill(t.WallItemHidden, MinAnswers(*v))
		}
		for _, line := range Wrap(note, l.option, false, w, 2, m) {
			sc.label(line, x, y, l.option, false, Left, Muted)
			y += l.option * LineGap
		}
		return y - y0, ""
	}
	labelW := w * 0.36
	countW := m("999 (100 %)", l.option, true)
	barX := x + labelW + 16
	barW := w - labelW - 16 - countW - 16
	parts := make([]string, 0, len(tl.Counts))
	for _, c := range tl.Counts {
		o, _ := it.Option(c.Value)
		lines := Wrap(o.Label.In(in.Lang), l.option, false, labelW, l.labelLines, m)
		rowH := float64(max(1, len(lines)))*l.option*LineGap + 8
		for j, line := range lines {
			sc.label(line, x, y+4+float64(j)*l.option*LineGap, l.option, false, Left, Ink)
		}
		barH := l.option * 1.05
		by := y + (rowH-barH)/2
		sc.box(barX, by, barW, barH, Track)
		colour := Bar
		if !o.Scored() {
			colour = BarVetEj
		}
		if share := float64(c.N) / float64(max(1, tl.N)); c.N > 0 {
			sc.box(barX, by, max(4, barW*share), barH, colour)
		}
		count := strconv.Itoa(c.N) + " (" + percent(in.Lang, c.N, tl.N) + ")"
		sc.label(count, x+w, y+(rowH-l.option*LineGap)/2, l.option, true, Right, Ink)
		y += rowH
		parts = append(parts, c.Value+"="+strconv.Itoa(c.N))
	}
	return y - y0, it.ID + ":" + strings.Join(parts, ",")
}
