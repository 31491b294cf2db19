//go:build !js

package main

import (
	"bytes"
	"errors"
	"net/http"
	"testing"
	"time"

	"lagesbild/e2e/workshop"
	"lagesbild/wasm/golden"
)

// TestReport: issue 17's table as make bench-workshop prints it, from
// figures made up to meet some targets and miss others, with and without
// the page benches and the creations (golden files; go test -update
// rewrites them).
func TestReport(t *testing.T) {
	c := config{participants: 300, items: 12, phones: true, polls: 200, createFor: time.Minute}
	s := time.Second
	results := []result{
		{rate: 8, achieved: 8, wallP50: 600 * time.Millisecond, wallP95: 1100 * time.Millisecond, moves: []time.Duration{s / 2, s}, phoneRate: 20},
		{rate: 30, achieved: 29.5, wallP50: 700 * time.Millisecond, wallP95: 1900 * time.Millisecond, moves: []time.Duration{s, 3 * s}, missed: 1, phoneRate: 40},
		{rate: 40, failed: errors.New("saturated")},
	}
	costs := []costRow{
		{name: "a phone's poll held", how: "300 at once", cpu: 1600 * time.Microsecond, p50: 5 * s, p95: 6 * s},
		{name: "a phone's poll", cpu: 900 * time.Microsecond, p50: time.Millisecond, p95: 2 * time.Millisecond},
		{name: "the wall's poll", cpu: 1500 * time.Microsecond, p50: time.Millisecond, p95: 8 * time.Millisecond},
	}
	spread := func(m float64) workshop.Spread { return workshop.Spread{Median: m, Min: m - 100, Max: m + 100} }
	p := &pages{
		join: map[string]workshop.PageBench{
			"this":   {Loads: 9, Figures: map[string]workshop.Spread{"answerable": spread(1186)}},
			"before": {Loads: 9, Figures: map[string]workshop.Spread{"answerable": spread(2400)}},
		},
		wall: map[string]workshop.PageBench{
			"this":   {Loads: 5, Figures: map[string]workshop.Spread{"code": spread(311), "chart": spread(1756)}},
			"before": {Loads: 5, Figures: map[string]workshop.Spread{"code": spread(396), "chart": spread(6233)}},
		},
	}
	refusal := workshop.Reply{Status: http.StatusTooManyRequests, Body: []byte(`{"code":"rate_limited","error":"För många förfrågningar just nu. Vänta en minut och försök igen. / Too many requests right now. Wait a minute and try again."}`)}
	cr := &creation{created: 5, refused: 295, tries: 300, firstRefusal: 1004 * time.Millisecond, refusal: refusal}
	for _, tc := range []struct {
		name string
		p    *pages
		cr   *creation
	}{{"report.txt", p, cr}, {"report-load-only.txt", nil, nil}} {
		var out bytes.Buffer
		if err := report(&out, c, results, costs, tc.p, tc.cr); err != nil {
			t.Fatal(err)
		}
		golden.File(t, tc.name, out.Bytes())
	}
}
