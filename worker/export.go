package worker

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"

	"lagesbild"
	"lagesbild/api"
)

// exportView is export.json: the figures of every county and the country
// (api.Counties), and every municipality row the caller may see, after
// suppression. The rows come last and are always there (api.Counties would
// put them before previous, and leave them out when there are none): the
// file stays as it has always been.
type exportView struct {
	api.Counties
	Municipalities []api.MunicipalityRow `json:"municipalities"`
}

func (s *server) exportJSON(w http.ResponseWriter, r *http.Request) error {
	v, _, err := s.countiesOf(r, true)
	if err != nil {
		return err
	}
	rows := v.Municipalities
	v.Municipalities = nil
	w.Header().Set("Content-Disposition", fmt.Sprintf(`attachment; filename="lagesbild-%s.json"`, v.Round.ID))
	writeJSON(w, http.StatusOK, exportView{Counties: v, Municipalities: rows})
	return nil
}

func (s *server) exportCSV(w http.ResponseWriter, r *http.Request) error {
	v, _, err := s.countiesOf(r, true)
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	if err := writeCSV(&buf, v); err != nil {
		return err
	}
	w.Header().Set("Content-Disposition", fmt.Sprintf(`attachment; filename="lagesbild-%s.csv"`, v.Round.ID))
	writeBytes(w, http.StatusOK, "text/csv; charset=utf-8", buf.Bytes())
	return nil
}

// The CSV is for Swedish Excel: UTF-8 with a byte order mark (without it
// Excel reads åäö as Windows-1252), semicolons between fields and decimal
// commas (what Excel expects under a Swedish locale), CRLF line ends.
// A suppressed figure is ".." as in SCB's tables; a figure with no data is
// left empty.
const (
	bom        = "\uFEFF"
	suppressed = ".."
)

// writeCSV writes the country, every county, and the municipality rows the
// caller may see, one line each. A municipality's row is its official
// response's (one answer per municipality): "Delvis besvarad" is "ja" when
// that response leaves items unanswered, "Källa" says whether it was sent
// with the questionnaire ("enkät") or saved from a workshop ("workshop").
func writeCSV(w io.Writer, v api.Counties) error {
	if _, err := io.WriteString(w, bom); err != nil {
		return err
	}
	cw := csv.NewWriter(w)
	cw.Comma = ';'
	cw.UseCRLF = true
	head := []string{"Nivå", "Kod", "Namn", "Län", "Kommuner", "Kommuner som svarat", "Svarande", "Delvis besvarad", "Källa"}
	for _, m := range v.Measures {
		head = append(head, m.Title.SV)
	}
	cw.Write(head)
	group := func(level string, g lagesbild.Group, county string) {
		rec := []string{level, g.Code, g.Name, county, strconv.Itoa(g.Municipalities), strconv.Itoa(g.Responded), "", "", ""}
		for _, m := range v.Measures {
			f := g.Measures[m.ID]
			switch {
			case f.Suppressed:
				rec = append(rec, suppressed)
			default:
				rec = append(rec, decimal(f.Value, m.Scale))
			}
		}
		cw.Write(rec)
	}
	group("Riket", v.National, "")
	for _, g := range v.Counties {
		group("Län", g, g.Code)
	}
	for _, row := range v.Municipalities {
		partial, source := "", ""
		switch {
		case row.Respondents == 0: // no response: nothing to describe
		case row.Workshop:
			source = "workshop"
		default:
			source = "enkät"
		}
		if row.Partial {
			partial = "ja"
		}
		rec := []string{"Kommun", row.Code, row.Name, row.County, "", "", strconv.Itoa(row.Respondents), partial, source}
		for _, m := range v.Measures {
			rec = append(rec, decimal(row.Measures[m.ID], m.Scale))
		}
		cw.Write(rec)
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return fmt.Errorf("writing CSV: %w", err)
	}
	return nil
}

// decimal formats a figure with a decimal comma: scores with one decimal,
// shares with three; nil is empty.
func decimal(v *float64, scale string) string {
	if v == nil {
		return ""
	}
	prec := 1
	if scale == "share" {
		prec = 3
	}
	return strings.Replace(strconv.FormatFloat(*v, 'f', prec, 64), ".", ",", 1)
}
