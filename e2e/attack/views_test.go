//go:build !js

package attack_test

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"sync"
	"testing"

	"lagesbild"
)

// What attackers see: the views they fetch after each step, decoded into
// groups of figures and municipality rows.

// fig is a figure as a view shows it; N is nil when the view shows no n.
type fig struct {
	Value      *float64 `json:"value"`
	N          *int     `json:"n"`
	Suppressed bool     `json:"suppressed"`
}

// n is the figure's n as a reader can tell it: the n shown; 0 when there is
// no value and it is not suppressed (no data: empty in the CSV, with or
// without an n); unknown when not shown, and when n is 0 beside a value or
// on a suppressed figure, which no published n can be (a value rests on at
// least one unit, and a figure with none is no data): the worker's way of
// withholding n (lagesbild.Figure.NShown).
func (f fig) n() (int, bool) {
	switch {
	case f.Value == nil && !f.Suppressed:
		return 0, true
	case f.N != nil && *f.N > 0:
		return *f.N, true
	}
	return 0, false
}

type viewGroup struct {
	Code      string         `json:"code"`
	Responded *int           `json:"responded"`
	Measures  map[string]fig `json:"measures"`
}

type viewRow struct {
	Code        string              `json:"code"`
	Respondents int                 `json:"respondents"`
	Measures    map[string]*float64 `json:"measures"`
}

// viewPart is what a view shows of one round.
type viewPart struct {
	Counties       []viewGroup `json:"counties"`
	County         *viewGroup  `json:"county"`
	National       *viewGroup  `json:"national"`
	Groups         []viewGroup `json:"groups"` // municipality groups (kommungrupper)
	Municipalities []viewRow   `json:"municipalities"`
}

type view struct {
	viewPart
	Measures []struct {
		ID string `json:"id"`
	} `json:"measures"`
	Previous *viewPart `json:"previous"`
}

// seenGroup is a group's figures in one view at one moment.
type seenGroup struct {
	moment    int // the snapshot the view was read at
	view      string
	round     int
	group     string
	responded *int // nil when not shown
	figs      map[string]fig
}

type seenRow struct {
	moment      int
	view        string
	round       int
	muni        string
	respondents int
	measures    map[string]*float64
}

// sight is everything one attacker saw.
type sight struct {
	mu      sync.Mutex
	groups  []seenGroup
	rows    []seenRow
	refused map[string]int // path → status, when not 200
}

func (s *sight) part(moment int, name string, round int, p *viewPart) {
	if p == nil {
		return
	}
	add := func(g *viewGroup) {
		if g != nil && g.Code != "" {
			s.groups = append(s.groups, seenGroup{moment, name, round, g.Code, g.Responded, g.Measures})
		}
	}
	for i := range p.Counties {
		add(&p.Counties[i])
	}
	add(p.County)
	add(p.National)
	for i := range p.Groups {
		add(&p.Groups[i])
	}
	for _, r := range p.Municipalities {
		s.rows = append(s.rows, seenRow{moment, name, round, r.Code, r.Respondents, r.Measures})
	}
}

// views are the county views an attacker reads besides the counties view
// and the exports: those of every county with answers (in either round), its
// own, and one county without answers. (Another county without answers shows
// what that one does: a county with no data and the national figures, which
// every view shows.)
func (g *game) views(a attacker) []string {
	counties := map[string]bool{}
	for _, st := range g.sc.steps {
		for _, p := range st.posts {
			m, _ := lagesbild.MunicipalityByCode(p.muni)
			counties[m.County] = true
		}
	}
	switch a.kind {
	case "county":
		counties[a.unit] = true
	case "municipality", "outsider":
		m, _ := lagesbild.MunicipalityByCode(a.unit)
		counties[m.County] = true
	case "figures":
		if m, ok := lagesbild.MunicipalityByCode(a.unit); ok {
			counties[m.County] = true
		} else if a.unit != "" {
			counties[a.unit] = true
		}
	}
	for _, c := range lagesbild.Counties() {
		if !counties[c.Code] {
			counties[c.Code] = true
			break
		}
	}
	paths := []string{"counties"}
	for _, c := range sortedKeys(counties) {
		paths = append(paths, "counties/"+c)
	}
	return paths
}

// read has every attacker fetch every view it may, at snapshot moment.
func (g *game) read(t *testing.T, moment int) {
	t.Helper()
	var wg sync.WaitGroup
	errs := make(chan error, 64*len(g.attackers))
	for _, a := range g.attackers {
		token := ""
		switch a.kind {
		case "figures":
			token = w.AdminToken
		case "nocode":
		default:
			token = g.codes[a.unit]
		}
		s := g.seen[a]
		// The CSV's columns are the measures export.json lists: read it
		// after that.
		wg.Add(1)
		go func() {
			defer wg.Done()
			measures := g.fetch(moment, s, token, "export.json", errs)
			if measures != nil {
				g.fetchCSV(moment, s, token, measures, errs)
			}
		}()
		for _, p := range g.views(a) {
			wg.Add(1)
			go func() {
				defer wg.Done()
				g.fetch(moment, s, token, p, errs)
			}()
		}
	}
	wg.Wait()
	for _, a := range g.attackers {
		if a.kind == "figures" {
			g.seen[a].rows = nil // the figures alone
		}
	}
	close(errs)
	for err := range errs {
		t.Error(err)
	}
}

// fetch reads one JSON view into s; it returns the view's measures.
func (g *game) fetch(moment int, s *sight, token, path string, errs chan<- error) []string {
	g.requests.Add(1)
	status, b, err := call("GET", "/api/rounds/"+g.rounds[0]+"/"+path, token, nil)
	if err != nil {
		errs <- err
		return nil
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if status != 200 {
		s.refused[path] = status
		return nil
	}
	var v view
	if err := json.Unmarshal(b, &v); err != nil {
		errs <- fmt.Errorf("%s: decoding %.200s: %v", path, b, err)
		return nil
	}
	s.part(moment, path, 0, &v.viewPart)
	s.part(moment, path+" previous", 1, v.Previous)
	var measures []string
	for _, m := range v.Measures {
		measures = append(measures, m.ID)
	}
	return measures
}

// fetchCSV reads export.csv into s: its figures have no n; ".." is
// suppressed, empty is no data (n 0).
func (g *game) fetchCSV(moment int, s *sight, token string, measures []string, errs chan<- error) {
	g.requests.Add(1)
	status, b, err := call("GET", "/api/rounds/"+g.rounds[0]+"/export.csv", token, nil)
	if err != nil {
		errs <- err
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if status != 200 {
		s.refused["export.csv"] = status
		return
	}
	cr := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(b, []byte("\uFEFF"))))
	cr.Comma = ';'
	recs, err := cr.ReadAll()
	if err != nil || len(recs) == 0 {
		errs <- fmt.Errorf("export.csv: %v", err)
		return
	}
	const fixed = 9 // Nivå, Kod, Namn, Län, Kommuner, Kommuner som svarat, Svarande, Delvis besvarad, Källa
	if len(recs[0]) != fixed+len(measures) {
		errs <- fmt.Errorf("export.csv: %d columns, want %d for the measures %v", len(recs[0]), fixed+len(measures), measures)
		return
	}
	for _, rec := range recs[1:] {
		if len(rec) != len(recs[0]) {
			errs <- fmt.Errorf("export.csv: a line of %d fields: %q", len(rec), rec)
			return
		}
		figs := map[string]fig{}
		vals := map[string]*float64{}
		for i, m := range measures {
			cell := rec[fixed+i]
			switch cell {
			case "..":
				figs[m] = fig{Suppressed: true}
			case "":
				figs[m] = fig{}
			default:
				v, err := strconv.ParseFloat(strings.Replace(cell, ",", ".", 1), 64)
				if err != nil {
					errs <- fmt.Errorf("export.csv: %q: %v", cell, err)
					return
				}
				figs[m] = fig{Value: &v}
				vals[m] = &v
			}
		}
		var responded *int
		if n, err := strconv.Atoi(rec[5]); err == nil {
			responded = &n
		}
		switch rec[0] {
		case "Riket":
			s.groups = append(s.groups, seenGroup{moment, "export.csv", 0, "SE", responded, figs})
		case "Län":
			s.groups = append(s.groups, seenGroup{moment, "export.csv", 0, rec[1], responded, figs})
		case "Kommun":
			n, _ := strconv.Atoi(rec[6])
			for _, m := range measures {
				if _, ok := vals[m]; !ok {
					vals[m] = nil
				}
			}
			s.rows = append(s.rows, seenRow{moment, "export.csv", 0, rec[1], n, vals})
		default:
			errs <- fmt.Errorf("export.csv: a line of level %q", rec[0])
			return
		}
	}
}
