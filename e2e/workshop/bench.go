//go:build !js

package workshop

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
)

// PageBench is one page bench's figures on one site (this checkout, or the
// one of LAGESBILD_BENCH_BEFORE): TestBenchJoinPage and TestBenchWall write
// them for workshopload's table (make bench-workshop) when
// LAGESBILD_BENCH_OUT names a folder.
type PageBench struct {
	Page  string `json:"page"` // "join", "wall"
	Site  string `json:"site"` // "this", "before"
	Loads int    `json:"loads"`
	// Figures are per figure ("answerable"; "code", "chart") the median,
	// least and most of the loads, in ms after navigation.
	Figures map[string]Spread `json:"figures"`
	Bytes   int64             `json:"bytes,omitempty"` // most over the network until the figure, of a load
}

// Spread is a figure's median, least and most over the loads.
type Spread struct {
	Median float64 `json:"median"`
	Min    float64 `json:"min"`
	Max    float64 `json:"max"`
}

// SpreadOf is the spread of the loads' values (ms); the median of an even
// count is the upper one.
func SpreadOf(ms []float64) Spread {
	if len(ms) == 0 {
		return Spread{}
	}
	s := slices.Clone(ms)
	slices.Sort(s)
	return Spread{Median: s[len(s)/2], Min: s[0], Max: s[len(s)-1]}
}

// benchFile is the file in dir of a page's figures.
func benchFile(dir, page string) string { return filepath.Join(dir, "bench-"+page+".json") }

// WritePageBench writes a page's figures (all sites) into dir.
func WritePageBench(dir, page string, figures []PageBench) error {
	b, err := json.MarshalIndent(figures, "", "  ")
	if err != nil {
		return err
	}
	if err := os.WriteFile(benchFile(dir, page), b, 0o644); err != nil {
		return fmt.Errorf("writing the %s bench's figures: %w", page, err)
	}
	return nil
}

// ReadPageBench reads a page's figures from dir.
func ReadPageBench(dir, page string) ([]PageBench, error) {
	b, err := os.ReadFile(benchFile(dir, page))
	if err != nil {
		return nil, fmt.Errorf("the %s bench's figures: %w", page, err)
	}
	var out []PageBench
	if err := json.Unmarshal(b, &out); err != nil {
		return nil, fmt.Errorf("the %s bench's figures: %w", page, err)
	}
	return out, nil
}
