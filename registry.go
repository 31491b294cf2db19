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
// each county's police region and regional-coordinator region, and SKR's
// municipality groups (data/kommungrupp.csv; its source: data/kommungrupp-source.md).
var (
	//go:embed data/kommuner.csv
	municipalitiesCSV []byte
	//go:embed data/lan.csv
	countiesCSV []byte
	//go:embed data/kommungrupp.csv
	groupsCSV []byte
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
	// Group is the municipality's group in SKR's kommungruppsindelning
	// 2023 (MunicipalityGroup.Code, e.g. "A2"): a comparison between like
	// municipalities, a rural one beside rural ones.
	Group string `json:"group"`
}

// MunicipalityGroup is one of SKR's nine municipality groups
// (kommungruppsindelning 2023), e.g. {"C8", "Landsbygdskommun"}. Cite SKR
// wherever they are shown.
type MunicipalityGroup struct {
	Code string `json:"code"` // A1 … C9: the letter is the main group
	Name string `json:"name"` // in Swedish, as SKR names it
}

type registry struct {
	counties       []County
	municipalities []Municipality
	groups         []MunicipalityGroup
	countyIdx      map[string]int
	muniIdx        map[string]int
}

var loadRegistry = sync.OnceValue(func() *registry {
	r, err := parseRegistry(countiesCSV, municipalitiesCSV, groupsCSV)
	if err != nil {
		panic(err) // the files are embedded and tested: this is a build defect
	}
	return r
})

func parseRegistry(countiesData, munisData, groupsData []byte) (*registry, error) {
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
	if err := r.parseGroups(groupsData); err != nil {
		return nil, err
	}
	return r, nil
}

// parseGroups reads kommungrupp.csv: every municipality in exactly one
// group, each group with one name.
func (r *registry) parseGroups(data []byte) error {
	rows, err := csvRows("kommungrupp.csv", data)
	if err != nil {
		return err
	}
	names := map[string]string{}
	for i, row := range rows[1:] {
		if len(row) != 3 {
			return csvError("kommungrupp.csv", i+2, "want 3 fields, got "+strconv.Itoa(len(row)))
		}
		code, group, name := row[0], row[1], row[2]
		m, ok := r.muniIdx[code]
		switch {
		case !ok:
			return csvError("kommungrupp.csv", i+2, "unknown municipality "+strconv.Quote(code))
		case r.municipalities[m].Group != "":
			return csvError("kommungrupp.csv", i+2, "municipality "+strconv.Quote(code)+" given twice")
		case len(group) != 2 || group[0] < 'A' || group[0] > 'Z' || group[1] < '1' || group[1] > '9':
			return csvError("kommungrupp.csv", i+2, "group code "+strconv.Quote(group)+": want a letter and a digit, e.g. A2")
		case name == "":
			return csvError("kommungrupp.csv", i+2, "group "+group+" has no name")
		case names[group] != "" && names[group] != name:
			return csvError("kommungrupp.csv", i+2, "group "+group+" is named "+strconv.Quote(name)+" here and "+strconv.Quote(names[group])+" above")
		}
		if names[group] == "" {
			names[group] = name
			r.groups = append(r.groups, MunicipalityGroup{Code: group, Name: name})
		}
		r.municipalities[m].Group = group
	}
	for _, m := range r.municipalities {
		if m.Group == "" {
			return errors.New("kommungrupp.csv: no group for " + m.Code + " " + m.Name)
		}
	}
	slices.SortFunc(r.groups, func(a, b MunicipalityGroup) int { return strings.Compare(a.Code, b.Code) })
	return nil
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

// CoordinatorRegions returns the regional-coordinator regions' ids
// (County.CoordinatorRegion, e.g. "Öst"), each once, in byte order.
func CoordinatorRegions() []string {
	var out []string
	for _, c := range Counties() {
		if c.CoordinatorRegion != "" && !slices.Contains(out, c.CoordinatorRegion) {
			out = append(out, c.CoordinatorRegion)
		}
	}
	slices.Sort(out)
	return out
}

// CountiesInRegion returns the counties of a regional-coordinator region in
// code order; none for an id that is no region.
func CountiesInRegion(region string) []County {
	var out []County
	for _, c := range Counties() {
		if region != "" && c.CoordinatorRegion == region {
			out = append(out, c)
		}
	}
	return out
}

// MunicipalityGroups returns SKR's municipality groups in code order (A1 …
// C9). The slice is shared: do not modify it.
func MunicipalityGroups() []MunicipalityGroup { return loadRegistry().groups }

// MunicipalitiesInGroup returns the municipalities of a municipality group
// (MunicipalityGroup.Code) in code order.
func MunicipalitiesInGroup(code string) []Municipality {
	var out []Municipality
	for _, m := range loadRegistry().municipalities {
		if m.Group == code {
			out = append(out, m)
		}
	}
	return out
}
