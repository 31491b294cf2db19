package lagesbild

import (
	_ "embed"
	"errors"
	"slices"
	"strconv"
	"strings"
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
	rows, err := csvRows("lan.csv", countiesData)
	if err != nil {
		return nil, err
	}
	for i, row := range rows[1:] {
		if len(row) < 6 {
			return nil, csvError("lan.csv", i+2, "want 6 or more fields, got "+strconv.Itoa(len(row)))
		}
		n, err := strconv.Atoi(row[3])
		if err != nil {
			return nil, csvError("lan.csv", i+2, "antal_kommuner: "+err.Error())
		}
		r.countyIdx[row[0]] = len(r.counties)
		r.counties = append(r.counties, County{Code: row[0], Name: row[1], Short: row[2], Municipalities: n, PoliceRegion: row[4], CoordinatorRegion: row[5]})
	}
	rows, err = csvRows("kommuner.csv", munisData)
	if err != nil {
		return nil, err
	}
	for i, row := range rows[1:] {
		if len(row) != 3 {
			return nil, csvError("kommuner.csv", i+2, "want 3 fields, got "+strconv.Itoa(len(row)))
		}
		if _, ok := r.countyIdx[row[2]]; !ok {
			return nil, csvError("kommuner.csv", i+2, "unknown county "+strconv.Quote(row[2]))
		}
		if _, dup := r.muniIdx[row[0]]; dup {
			return nil, csvError("kommuner.csv", i+2, "duplicate code "+strconv.Quote(row[0]))
		}
		r.muniIdx[row[0]] = len(r.municipalities)
		r.municipalities = append(r.municipalities, Municipality{Code: row[0], Name: row[1], County: row[2]})
	}
	slices.SortFunc(r.counties, func(a, b County) int { return strings.Compare(a.Code, b.Code) })
	for i, c := range r.counties {
		r.countyIdx[c.Code] = i
	}
	return r, nil
}

// csvRows splits the registry's CSV (RFC 4180: commas, fields in double
// quotes with "" for a quote; no line breaks inside fields, which the files
// never have) into rows. Not encoding/csv: it and the fmt it brings would
// add about 150 KB to every wasm binary that looks up a municipality.
func csvRows(file string, data []byte) ([][]string, error) {
	var rows [][]string
	for n, line := range strings.Split(strings.TrimSuffix(string(data), "\n"), "\n") {
		line = strings.TrimSuffix(line, "\r")
		var row []string
		for {
			if !strings.HasPrefix(line, `"`) {
				field, rest, more := strings.Cut(line, ",")
				if strings.Contains(field, `"`) {
					return nil, csvError(file, n+1, `bare " in a field`)
				}
				row = append(row, field)
				if !more {
					break
				}
				line = rest
				continue
			}
			var b strings.Builder
			i := 1
			for {
				j := strings.IndexByte(line[i:], '"')
				if j < 0 {
					return nil, csvError(file, n+1, `a quoted field without its closing "`)
				}
				b.WriteString(line[i : i+j])
				i += j + 1
				if i < len(line) && line[i] == '"' {
					b.WriteByte('"')
					i++
					continue
				}
				break
			}
			row = append(row, b.String())
			line = line[i:]
			if line == "" {
				break
			}
			if line[0] != ',' {
				return nil, csvError(file, n+1, `text after a quoted field`)
			}
			line = line[1:]
		}
		rows = append(rows, row)
	}
	return rows, nil
}

func csvError(file string, line int, msg string) error {
	return errors.New(file + ":" + strconv.Itoa(line) + ": " + msg)
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
