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
	"lagesbild/worker/internal/xlsx"
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

// exportXLSX is the same table as export.csv as an Excel workbook, where the
// codes are text cells: opened in Swedish Excel, a CSV's 0114 becomes 114.
func (s *server) exportXLSX(w http.ResponseWriter, r *http.Request) error {
	v, _, err := s.countiesOf(r, true)
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	if err := xlsx.Write(&buf, "Lägesbild "+v.Round.ID, exportCells(v)); err != nil {
		return err
	}
	w.Header().Set("Content-Disposition", fmt.Sprintf(`attachment; filename="lagesbild-%s.xlsx"`, v.Round.ID))
	writeBytes(w, http.StatusOK, xlsxType, buf.Bytes())
	return nil
}

const xlsxType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

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
	for _, row := range exportCells(v) {
		rec := make([]string, len(row))
		for i, c := range row {
			rec[i] = c.Text
		}
		cw.Write(rec)
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return fmt.Errorf("writing CSV: %w", err)
	}
	return nil
}

// exportCells is the table of export.csv and export.xlsx: a head, the
// country, every county, and the municipality rows the caller may see.
// Codes and words are text; counts and figures are numbers, written as the
// CSV writes them (decimal comma).
func exportCells(v api.Counties) [][]xlsx.Cell {
	var out [][]xlsx.Cell
	head := []xlsx.Cell{xlsx.Text("Nivå"), xlsx.Text("Kod"), xlsx.Text("Namn"), xlsx.Text("Län"), xlsx.Text("Kommuner"),
		xlsx.Text("Kommuner som svarat"), xlsx.Text("Svarande"), xlsx.Text("Delvis besvarad"), xlsx.Text("Källa")}
	for _, m := range v.Measures {
		head = append(head, xlsx.Text(m.Title.SV))
	}
	out = append(out, head)
	group := func(level string, g lagesbild.Group, county string) {
		rec := []xlsx.Cell{xlsx.Text(level), xlsx.Text(g.Code), xlsx.Text(g.Name), xlsx.Text(county),
			xlsx.Num(strconv.Itoa(g.Municipalities)), xlsx.Num(strconv.Itoa(g.Responded)), {}, {}, {}}
		for _, m := range v.Measures {
			f := g.Measures[m.ID]
			switch {
			case f.Suppressed:
				rec = append(rec, xlsx.Text(suppressed))
			default:
				rec = append(rec, xlsx.Num(decimal(f.Value, m.Scale)))
			}
		}
		out = append(out, rec)
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
		rec := []xlsx.Cell{xlsx.Text("Kommun"), xlsx.Text(row.Code), xlsx.Text(row.Name), xlsx.Text(row.County), {}, {},
			xlsx.Num(strconv.Itoa(row.Respondents)), xlsx.Text(partial), xlsx.Text(source)}
		for _, m := range v.Measures {
			rec = append(rec, xlsx.Num(decimal(row.Measures[m.ID], m.Scale)))
		}
		out = append(out, rec)
	}
	return out
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
