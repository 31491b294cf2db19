package qr

import (
	"strconv"

	"lagesbild/markup"
)

// SVG draws a QR code's modules (true: dark) as one SVG path, with the
// quiet zone the bitmap already has, as an image with a name (label) and a
// class for the page's CSS.
func SVG(modules [][]bool, class, label string) markup.HTML {
	n := len(modules)
	var w markup.Writer
	w.F(`<svg class="%s" role="img" aria-label="%s" viewBox="0 0 %d %d" shape-rendering="crispEdges"><rect width="%d" height="%d" fill="#fff"/><path d="%s" fill="#000"/></svg>`,
		class, label, n, n, n, n, string(Path(modules)))
	return w.HTML()
}

// Path is the SVG path data of a QR code's dark modules: each run of dark
// modules in a row one rectangle, in module units.
func Path(modules [][]bool) []byte {
	var p []byte
	for y, row := range modules {
		for x := 0; x < len(row); x++ {
			if !row[x] {
				continue
			}
			start := x
			for x < len(row) && row[x] {
				x++
			}
			w := strconv.Itoa(x - start)
			p = append(p, 'M')
			p = strconv.AppendInt(p, int64(start), 10)
			p = append(p, ' ')
			p = strconv.AppendInt(p, int64(y), 10)
			p = append(p, "h"+w+"v1h-"+w+"z"...)
		}
	}
	return p
}
