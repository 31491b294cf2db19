package lagesbild

import (
	"bytes"
	_ "embed"
	"encoding/csv"
	"fmt"
	"sort"
	"strconv"
	"sync"
)

// The registry comes from SCB's codes (data/kommuner.csv, data/lan.csv), with
// each county's police region and regional-coordinator region.
var (
	//go:embed data/kommuner.csv
	municipalitiesCSV []byte
	//go:embed data/lan.csv
	countiesCSV []byte
)

// County is a län.
type County struct {
	Code              string `json:"code"` // two digits, e.g. "24"
	Name              string `json:"name"` // "Västerbottens län"
	Short             string `json:"short"`
	Municipalities    int    `json:"municipalities"`
	PoliceRegion      string `json:"policeRegion"`
	CoordinatorRegion string `json:"coordinatorRegion"`
}

// Municipality is a kommun.
type Municipality struct {
	Code   string `json:"code"` // four digits, e.g. "2480"
	Name   string `json:"name"`
	County string `json:"county"` // the county's code
}

type registry struct {
	counties       []County
	municipalities []Municipality
	countyIdx      map[string]int
	muniIdx        map[string]int
}

var loadRegistry = sync.OnceValue(func() *registry {
	r, err := parseRegistry(countiesCSV, municipalitiesCSV)
	if err != nil {
		panic(err) // the files are embedded and tested: this is a build defect
	}
	return r
})

func parseRegistry(countiesData, munisData []byte) (*registry, error) {
	r := &registry{countyIdx: map[string]int{}, muniIdx: map[string]int{}}
	rows, err := csv.NewReader(bytes.NewReader(countiesData)).ReadAll()
	if err != nil {
		return nil, fmt.Errorf("lan.csv: %w", err)
	}
	for i, row := range rows[1:] {
		if len(row) < 6 {
			return nil, fmt.Errorf("lan.csv:%d: want 6 or more fields, got %d", i+2, len(row))
		}
		n, err := strconv.Atoi(row[3])
		if err != nil {
			return nil, fmt.Errorf("lan.csv:%d: antal_kommuner: %w", i+2, err)
		}
		r.countyIdx[row[0]] = len(r.counties)
		r.counties = append(r.counties, County{Code: row[0], Name: row[1], Short: row[2], Municipalities: n, PoliceRegion: row[4], CoordinatorRegion: row[5]})
	}
	rows, err = csv.NewReader(bytes.NewReader(munisData)).ReadAll()
	if err != nil {
		return nil, fmt.Errorf("kommuner.csv: %w", err)
	}
	for i, row := range rows[1:] {
		if len(row) != 3 {
			return nil, fmt.Errorf("kommuner.csv:%d: want 3 fields, got %d", i+2, len(row))
		}
		if _, ok := r.countyIdx[row[2]]; !ok {
			return nil, fmt.Errorf("kommuner.csv:%d: unknown county %q", i+2, row[2])
		}
		if _, dup := r.muniIdx[row[0]]; dup {
			return nil, fmt.Errorf("kommuner.csv:%d: duplicate code %q", i+2, row[0])
		}
		r.muniIdx[row[0]] = len(r.municipalities)
		r.municipalities = append(r.municipalities, Municipality{Code: row[0], Name: row[1], County: row[2]})
	}
	sort.Slice(r.counties, func(i, j int) bool { return r.counties[i].Code < r.counties[j].Code })
	for i, c := range r.counties {
		r.countyIdx[c.Code] = i
	}
	return r, nil
}

// Counties returns Sweden's 21 counties in code order. The slice is shared: do not modify it.
func Counties() []County { return loadRegistry().counties }

// Municipalities returns Sweden's 290 municipalities in code order. The slice is shared: do not modify it.
func Municipalities() []Municipality { return loadRegistry().municipalities }

// CountyByCode finds a county by its two-digit code.
func CountyByCode(code string) (County, bool) {
	r := loadRegistry()
	i, ok := r.countyIdx[code]
	if !ok {
		return County{}, false
	}
	return r.counties[i], true
}

// MunicipalityByCode finds a municipality by its four-digit code.
func MunicipalityByCode(code string) (Municipality, bool) {
	r := loadRegistry()
	i, ok := r.muniIdx[code]
	if !ok {
		return Municipality{}, false
	}
	return r.municipalities[i], true
}

// MunicipalitiesIn returns the municipalities of a county in code order.
func MunicipalitiesIn(county string) []Municipality {
	var out []Municipality
	for _, m := range loadRegistry().municipalities {
		if m.County == county {
			out = append(out, m)
		}
	}
	return out
}
