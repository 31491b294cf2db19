package report

import (
	"encoding/json"
	"fmt"

	"lagesbild"
)

// The parts of the worker's JSON the client reads (worker/comparison.go).

// Measure names a measure: a section, "total" or "dontKnow".
type Measure struct {
	ID    string         `json:"id"`
	Title lagesbild.Text `json:"title"`
	Scale string         `json:"scale"` // "score" (0–100) or "share" (0–1)
}

// Round is a round as the API shows it.
type Round struct {
	ID            string `json:"id"`
	Questionnaire string `json:"questionnaire"`
	Version       int    `json:"version"`
	Open          bool   `json:"open"`
	OpenToAll     bool   `json:"openToAll"`
	Previous      string `json:"previous,omitempty"`
	Access        *struct {
		Admin bool   `json:"admin"`
		Kind  string `json:"kind"`
		Unit  string `json:"unit"`
		Name  string `json:"name"`
	} `json:"access,omitempty"`
}

// MunicipalityRow is one municipality's mean result.
type MunicipalityRow struct {
	Code        string              `json:"code"`
	Name        string              `json:"name"`
	County      string              `json:"county"`
	Respondents int                 `json:"respondents"`
	Measures    map[string]*float64 `json:"measures"`
}

// Previous is the previous round's figures.
type Previous struct {
	Round          string            `json:"round"`
	Counties       []lagesbild.Group `json:"counties,omitempty"`
	County         *lagesbild.Group  `json:"county,omitempty"`
	National       lagesbild.Group   `json:"national"`
	Municipalities []MunicipalityRow `json:"municipalities,omitempty"`
}

// Counties is GET /api/rounds/{round}/counties.
type Counties struct {
	Round    Round             `json:"round"`
	Measures []Measure         `json:"measures"`
	Counties []lagesbild.Group `json:"counties"`
	National lagesbild.Group   `json:"national"`
	Previous *Previous         `json:"previous,omitempty"`
}

// County is GET /api/rounds/{round}/counties/{county}.
type County struct {
	Round          Round             `json:"round"`
	Measures       []Measure         `json:"measures"`
	County         lagesbild.Group   `json:"county"`
	National       lagesbild.Group   `json:"national"`
	Municipalities []MunicipalityRow `json:"municipalities"`
	Previous       *Previous         `json:"previous,omitempty"`
}

// Decode reads an API answer into v, naming the route on failure.
func Decode(route string, b []byte, v any) error {
	if err := json.Unmarshal(b, v); err != nil {
		return fmt.Errorf("reading the answer of %s: %w", route, err)
	}
	return nil
}

// Routes of the API.
func CountiesURL(round string) string {
	return "/api/rounds/" + Escape(round) + "/counties"
}
func CountyURL(round, county string) string {
	return CountiesURL(round) + "/" + Escape(county)
}
func ExportURL(round, ext string) string {
	return "/api/rounds/" + Escape(round) + "/export." + ext
}

// Escape percent-encodes s for a path segment or a query value: everything
// but letters, digits and "-._~". (net/url would do, at 100 KB of wasm.)
func Escape(s string) string {
	const hex = "0123456789ABCDEF"
	var b []byte
	for i := 0; i < len(s); i++ {
		c := s[i]
		if 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '-' || c == '.' || c == '_' || c == '~' {
			b = append(b, c)
			continue
		}
		b = append(b, '%', hex[c>>4], hex[c&15])
	}
	return string(b)
}
