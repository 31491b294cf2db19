// Package chart is the geometry of Lägesbild's charts: a radar of the
// sections and grouped bars, laid out for a given size. It is plain Go, so it
// is tested natively; the ebiten binary (wasm/charts) only turns a Scene into
// pixels, and the client (wasm/app) only encodes the Data it wants drawn.
package chart

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"math"
)

// Data is what a chart shows: one value per axis (section) for each series
// (own result, county, country …). The parent page passes it to the chart
// page in the URL fragment, so the chart page needs no API access of its own.
type Data struct {
	Title  string   `json:"title"` // for the canvas' accessible name
	Lang   string   `json:"lang"`  // "sv" or "en": how numbers are written
	Axes   []string `json:"axes"`
	Series []Series `json:"series"`
	// Bars draws the bars alone: a radar joins its axes into a shape,
	// which means something for the sections of one unit, not for units
	// side by side (the counties of an indicator).
	Bars bool `json:"bars,omitempty"`
}

// Series is one line of the radar and one bar per axis.
type Series struct {
	Name string `json:"name"`
	// Style picks the colour and marker (see Styles); it is given by the
	// caller so a series keeps its look across charts (county is always orange).
	Style  int        `json:"style"`
	Values []*float64 `json:"values"` // 0–100; nil when there is no figure
	// Notes are shown instead of a missing value, e.g. "för få svar"; the
	// parent localises them, so the chart page needs no text table.
	Notes []string `json:"notes,omitempty"`
}

// Note returns the text to show for axis i when it has no value.
func (s Series) Note(i int) string {
	if i < len(s.Notes) && s.Notes[i] != "" {
		return s.Notes[i]
	}
	return "–"
}

// Encode turns data into the URL fragment the chart page reads ("d=…").
func Encode(d Data) (string, error) {
	b, err := json.Marshal(d)
	if err != nil {
		return "", fmt.Errorf("encoding chart data: %w", err)
	}
	return "d=" + base64.RawURLEncoding.EncodeToString(b), nil
}

// Decode reads a URL fragment written by Encode (a leading "#" is fine) and
// checks that it can be drawn.
func Decode(fragment string) (Data, error) {
	var d Data
	if len(fragment) > 0 && fragment[0] == '#' {
		fragment = fragment[1:]
	}
	if len(fragment) < 2 || fragment[:2] != "d=" {
		return d, fmt.Errorf("chart data: fragment %.20q does not start with d=", fragment)
	}
	b, err := base64.RawURLEncoding.DecodeString(fragment[2:])
	if err != nil {
		return d, fmt.Errorf("chart data: %w", err)
	}
	if err := json.Unmarshal(b, &d); err != nil {
		return d, fmt.Errorf("chart data: %w", err)
	}
	return d, d.check()
}

func (d Data) check() error {
	if len(d.Axes) == 0 {
		return fmt.Errorf("chart data: no axes")
	}
	for i, s := range d.Series {
		if len(s.Values) != len(d.Axes) {
			return fmt.Errorf("chart data: series %d (%s) has %d values for %d axes", i, s.Name, len(s.Values), len(d.Axes))
		}
		for j, v := range s.Values {
			if v != nil && (math.IsNaN(*v) || *v < 0 || *v > 100) {
				return fmt.Errorf("chart data: series %d (%s), axis %d: %v is outside 0–100", i, s.Name, j, *v)
			}
		}
	}
	return nil
}
