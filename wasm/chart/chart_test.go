package chart

import (
	"fmt"
	"math"
	"reflect"
	"strings"
	"testing"

	"lagesbild/wasm/golden"
)

// mono measures text as if every character were 7 px wide, so layouts are
// predictable without a font.
var mono = Metrics{Measure: func(s string) float64 { return 7 * float64(len([]rune(s))) }, LineHeight: 18}

func f(v float64) *float64 { return &v }

func TestWrap(t *testing.T) {
	tests := []struct {
		text  string
		width float64
		want  []string
	}{
		{"Rutiner och ansvar", 200, []string{"Rutiner och ansvar"}},
		{"Rutiner och ansvar", 80, []string{"Rutiner och", "ansvar"}},
		{"Rutiner och ansvar", 10, []string{"Rutiner", "och", "ansvar"}},
		{"Socialtjänstens", 20, []string{"Socialtjänstens"}},
		{"", 100, []string{""}},
		{"  två   mellanslag ", 200, []string{"två mellanslag"}},
	}
	for _, tt := range tests {
		if got := Wrap(tt.text, tt.width, mono.Measure); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("Wrap(%q, %v) = %q, want %q", tt.text, tt.width, got, tt.want)
		}
	}
}

func TestEncodeDecode(t *testing.T) {
	d := Data{Title: "Resultat", Lang: "sv", Axes: []string{"Rutiner", "Kunskap", "Samverkan"}, Series: []Series{
		{Name: "Ditt resultat", Style: 0, Values: []*float64{f(50), f(0), f(100)}},
		{Name: "Länet", Style: 1, Values: []*float64{f(66.7), nil, f(12.5)}, Notes: []string{"", "för få svar", ""}},
	}}
	enc, err := Encode(d)
	if err != nil {
		t.Fatal(err)
	}
	for _, frag := range []string{enc, "#" + enc} {
		got, err := Decode(frag)
		if err != nil {
			t.Fatalf("Decode(%q): %v", frag, err)
		}
		if !reflect.DeepEqual(got, d) {
			t.Errorf("Decode(Encode(d)) = %+v, want %+v", got, d)
		}
	}
	if got := d.Series[1].Note(1); got != "för få svar" {
		t.Errorf("Note(1) = %q, want för få svar", got)
	}
	if got := d.Series[0].Note(1); got != "–" {
		t.Errorf("Note without notes = %q, want –", got)
	}
}

func TestDecodeErrors(t *testing.T) {
	enc := func(d Data) string { s, _ := Encode(d); return s }
	tests := []struct {
		name, frag, want string
	}{
		{"no prefix", "x=1", "does not start with d="},
		{"bad base64", "d=***", "illegal base64"},
		{"bad json", "d=bm90IGpzb24", "invalid character"},
		{"no axes", enc(Data{}), "no axes"},
		{"short series", enc(Data{Axes: []string{"a", "b"}, Series: []Series{{Name: "x", Values: []*float64{f(1)}}}}), "has 1 values for 2 axes"},
		{"out of range", enc(Data{Axes: []string{"a"}, Series: []Series{{Name: "x", Values: []*float64{f(101)}}}}), "outside 0–100"},
	}
	for _, tt := range tests {
		_, err := Decode(tt.frag)
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: Decode(%q) error = %v, want one containing %q", tt.name, tt.frag, err, tt.want)
		}
	}
}

func near(a, b Point) bool { return math.Abs(a.X-b.X) < 1e-6 && math.Abs(a.Y-b.Y) < 1e-6 }

// TestRadarGeometry checks the radar of four axes: the first axis points up,
// the others follow clockwise, and a value of 100 lies on the outer ring.
func TestRadarGeometry(t *testing.T) {
	d := Data{Axes: []string{"N", "E", "S", "W"}, Series: []Series{
		{Name: "a", Values: []*float64{f(100), f(50), f(100), f(0)}},
		{Name: "b", Style: 1, Values: []*float64{f(100), nil, f(100), f(100)}},
	}}
	s := Layout(d, 800, 500, mono)
	if len(s.Rings) != 4 || len(s.Spokes) != 4 {
		t.Fatalf("rings %d, spokes %d; want 4, 4", len(s.Rings), len(s.Spokes))
	}
	outer := s.Rings[3]
	c := s.Spokes[0].A
	r := c.Y - outer[0].Y
	if r < minRadius {
		t.Fatalf("radius %v < %v", r, minRadius)
	}
	for i, want := range []Point{{c.X, c.Y - r}, {c.X + r, c.Y}, {c.X, c.Y + r}, {c.X - r, c.Y}} {
		if !near(outer[i], want) {
			t.Errorf("outer ring point %d = %v, want %v", i, outer[i], want)
		}
	}
	a := s.Radar[0]
	wantA := []Point{{c.X, c.Y - r}, {c.X + r/2, c.Y}, {c.X, c.Y + r}, {c.X, c.Y}}
	if len(a.Polygon) != 4 || len(a.Segments) != 4 {
		t.Fatalf("complete series: polygon %d points, %d segments; want 4, 4", len(a.Polygon), len(a.Segments))
	}
	for i := range wantA {
		if !near(a.Polygon[i], wantA[i]) {
			t.Errorf("series a point %d = %v, want %v", i, a.Polygon[i], wantA[i])
		}
	}
	b := s.Radar[1]
	if b.Polygon != nil {
		t.Errorf("series with a missing value has a polygon; want only segments")
	}
	// Values at axes 0, 2, 3: the segments 2–3 and 3–0 only.
	if len(b.Markers) != 3 || len(b.Segments) != 2 {
		t.Errorf("series b: %d markers, %d segments; want 3, 2", len(b.Markers), len(b.Segments))
	}
}

func TestRadarLabelAlignment(t *testing.T) {
	d := Data{Axes: []string{"Upp", "Höger", "Ner", "Vänster"}, Series: []Series{{Name: "a", Values: []*float64{f(1), f(1), f(1), f(1)}}}}
	s := Layout(d, 800, 500, mono)
	want := map[string][2]Align{"Upp": {Center, End}, "Höger": {Start, Center}, "Ner": {Center, Start}, "Vänster": {End, Center}}
	found := 0
	for _, l := range s.Labels {
		if w, ok := want[strings.Join(l.Lines, " ")]; ok && l.X < 400 { // the radar is the left half
			found++
			if l.H != w[0] || l.V != w[1] {
				t.Errorf("label %q aligned %v/%v, want %v/%v", l.Lines, l.H, l.V, w[0], w[1])
			}
		}
	}
	if found != 4 {
		t.Errorf("found %d radar axis labels, want 4", found)
	}
}

func TestBars(t *testing.T) {
	d := Data{Axes: []string{"Rutiner", "Kunskap"}, Series: []Series{
		{Name: "Ditt resultat", Values: []*float64{f(100), f(50)}},
		{Name: "Länet", Style: 1, Values: []*float64{nil, f(25)}, Notes: []string{"för få svar", ""}},
	}}
	s := Layout(d, 400, 400, mono)
	if len(s.Rings) != 0 {
		t.Errorf("two axes drew a radar; want bars only")
	}
	if len(s.Bars) != 3 {
		t.Fatalf("%d bars, want 3 (one value is missing)", len(s.Bars))
	}
	full := s.Bars[0].W
	for i, want := range []float64{1, 0.5, 0.25} {
		if got := s.Bars[i].W / full; math.Abs(got-want) > 1e-9 {
			t.Errorf("bar %d is %v of the full width, want %v", i, got, want)
		}
	}
	if s.Bars[2].Style != 1 {
		t.Errorf("bar 2 style %d, want 1", s.Bars[2].Style)
	}
	texts := map[string]bool{}
	for _, l := range s.Labels {
		texts[strings.Join(l.Lines, " ")] = true
	}
	for _, want := range []string{"för få svar", "100", "50", "25", "Rutiner", "Kunskap"} {
		if !texts[want] {
			t.Errorf("no label %q among %v", want, texts)
		}
	}
}

// TestFits checks that at the height the chart asks for, nothing is drawn
// outside the box, for a phone and a desktop width.
func TestFits(t *testing.T) {
	axes := []string{"Rutiner och ansvar", "Chefers kunskap", "Socialtjänstens ansvar", "Samverkan", "Förebyggande och köpare", "Upptäckt, skydd och stöd", "Uppföljning", "Barn och unga"}
	vals := func(v float64) []*float64 {
		out := make([]*float64, len(axes))
		for i := range out {
			out[i] = f(v)
		}
		return out
	}
	d := Data{Axes: axes, Series: []Series{{Name: "Ditt resultat", Values: vals(100)}, {Name: "Länet", Style: 1, Values: vals(60)}, {Name: "Riket", Style: 2, Values: vals(40)}}}
	for _, w := range []float64{288, 700, 1000} {
		h := Height(d, w, mono)
		s := Layout(d, w, h, mono)
		in := func(what string, p Point) {
			if p.X < -1e-6 || p.Y < -1e-6 || p.X > w+1e-6 || p.Y > h+1e-6 {
				t.Errorf("width %v, height %v: %s at %v is outside", w, h, what, p)
			}
		}
		for _, b := range s.Bars {
			in("bar", Point{b.X, b.Y})
			in("bar end", Point{b.X + b.W, b.Y + b.H})
			if b.H < idealBar-1e-9 {
				t.Errorf("width %v: bar height %v, want %v at the asked height", w, b.H, idealBar)
			}
		}
		for _, r := range s.Rings {
			for _, p := range r {
				in("ring", p)
			}
		}
		for _, l := range s.Labels {
			// The text's extent, from its anchor and alignment.
			width := 0.0
			for _, line := range l.Lines {
				width = math.Max(width, mono.Measure(line))
			}
			x0 := map[Align]float64{Start: l.X, Center: l.X - width/2, End: l.X - width}[l.H]
			in("start of label "+l.Lines[0], Point{x0, l.Y})
			in("end of label "+l.Lines[0], Point{x0 + width, l.Y})
		}
	}
}

// TestNumberedAxes checks that on a phone, where the names would leave too
// small a radar, the radar shows numbers and the bars the numbered names.
func TestNumberedAxes(t *testing.T) {
	axes := []string{"Rutiner och ansvar", "Kompetens och personalomsättning", "Samverkan"}
	d := Data{Axes: axes, Series: []Series{{Name: "a", Values: []*float64{f(11), f(22), f(33)}}}}
	texts := func(s Scene) map[string]bool {
		m := map[string]bool{}
		for _, l := range s.Labels {
			m[strings.Join(l.Lines, " ")] = true
		}
		return m
	}
	narrow := texts(Layout(d, 288, Height(d, 288, mono), mono))
	for _, want := range []string{"1", "2", "3", "1. Rutiner och ansvar", "2. Kompetens och personalomsättning"} {
		if !narrow[want] {
			t.Errorf("288 px: no label %q in %v", want, narrow)
		}
	}
	wide := texts(Layout(d, 1000, Height(d, 1000, mono), mono))
	if wide["1"] || wide["1. Rutiner och ansvar"] || !wide["Samverkan"] {
		t.Errorf("1000 px: want names, not numbers: %v", wide)
	}
}

func TestLegendWraps(t *testing.T) {
	d := Data{Axes: []string{"a"}, Series: []Series{{Name: "Ditt resultat", Values: []*float64{nil}}, {Name: "Länet", Style: 1, Values: []*float64{nil}}, {Name: "Riket", Style: 2, Values: []*float64{nil}}}}
	wide := Layout(d, 800, 300, mono)
	narrow := Layout(d, 120, 300, mono)
	if y := wide.Legend[2].Marker.Y; y != wide.Legend[0].Marker.Y {
		t.Errorf("wide: legend rows differ (%v vs %v), want one row", y, wide.Legend[0].Marker.Y)
	}
	if narrow.Legend[2].Marker.Y <= narrow.Legend[0].Marker.Y {
		t.Errorf("narrow: legend did not wrap")
	}
}

func TestValueLanguage(t *testing.T) {
	for _, tt := range []struct{ lang, want string }{{"sv", "53,2"}, {"en", "53.2"}, {"", "53,2"}} {
		d := Data{Lang: tt.lang, Axes: []string{"a"}, Series: []Series{{Name: "x", Values: []*float64{f(53.2)}}}}
		found := false
		for _, l := range Layout(d, 400, 300, mono).Labels {
			found = found || l.Lines[0] == tt.want
		}
		if !found {
			t.Errorf("lang %q: no value label %q", tt.lang, tt.want)
		}
	}
}

// TestBarsOnly: with Bars, even three axes or more draw no radar (the
// counties of an indicator are units side by side, not a shape), and the
// chart fits the height it asks for. Its layout is kept as a golden file.
func TestBarsOnly(t *testing.T) {
	d := Data{Title: "Andel kommuner per län", Lang: "sv", Bars: true,
		Axes: []string{"Västerbottens län", "Norrbottens län", "Stockholms län", "Riket"},
		Series: []Series{
			{Name: "Den här omgången", Style: 1, Values: []*float64{f(66.7), f(50), nil, nil}, Notes: []string{"", "", "för få svar", "visas när omgången har stängt"}},
			{Name: "Omgång 2025", Style: 3, Values: []*float64{f(25), nil, f(10), f(40)}, Notes: []string{"", "–", "", ""}},
		}}
	for _, w := range []float64{288, 700} {
		h := Height(d, w, mono)
		s := Layout(d, w, h, mono)
		if len(s.Rings) != 0 || len(s.Radar) != 0 {
			t.Errorf("width %v: a radar with Bars", w)
		}
		if len(s.Bars) != 5 {
			t.Errorf("width %v: %d bars, want 5 (three figures are hidden)", w, len(s.Bars))
		}
		for _, b := range s.Bars {
			if b.Y+b.H > h+1e-6 || b.X+b.W > w+1e-6 {
				t.Errorf("width %v: bar %v outside %vx%v", w, b, w, h)
			}
		}
		var sb strings.Builder
		fmt.Fprintf(&sb, "scene %gx%g\n", s.W, s.H)
		for _, it := range s.Legend {
			fmt.Fprintf(&sb, "legend style %d at %.1f,%.1f %q\n", it.Style, it.Marker.X, it.Marker.Y, it.Label.Lines)
		}
		for _, b := range s.Bars {
			fmt.Fprintf(&sb, "bar style %d %.1f,%.1f %.1fx%.1f\n", b.Style, b.X, b.Y, b.W, b.H)
		}
		for _, l := range s.Labels {
			fmt.Fprintf(&sb, "label style %d %.1f,%.1f %d/%d %q\n", l.Style, l.X, l.Y, l.H, l.V, l.Lines)
		}
		golden.File(t, fmt.Sprintf("bars-only-%g.txt", w), []byte(sb.String()))
	}
}
