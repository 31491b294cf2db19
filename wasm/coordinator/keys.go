package coordinator

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"lagesbild"
	"lagesbild/api"
	"lagesbild/markup"
	"lagesbild/wasm/i18n"
	"lagesbild/wasm/report"
)

// KeysRequest is the body of POST /api/admin/rounds/{round}/codes for the
// counties chosen (länskoder): every county as allCounties, so the worker
// makes the 21 it knows; and for the regional coordinators' regions chosen.
func KeysRequest(counties, regions []string) (api.NewCodes, []Problem) {
	if len(counties) == 0 && len(regions) == 0 {
		return api.NewCodes{}, []Problem{NoCounty}
	}
	if len(counties) == len(lagesbild.Counties()) {
		return api.NewCodes{AllCounties: true, Regions: regions}, nil
	}
	return api.NewCodes{Counties: counties, Regions: regions}, nil
}

// keyPageURL is where a key is used: a county lead's page, or /lan/ for a
// regional coordinator (its key says the region).
func keyPageURL(origin, round string, k api.Code) string {
	if k.Kind == api.KindRegion {
		return origin + "/lan/?round=" + report.Escape(round)
	}
	return LeadPageURL(origin, round, k.Unit)
}

// KeyID is the id of the cell that holds a new key, which its copy button
// names.
func KeyID(county string) string { return "key-" + county }

// NewKeys is the table of the keys just made, which the worker shows this
// once: per county its key, a button that copies it, and the link to the
// lead's page (at origin) last, where a narrow screen may scroll to it.
func NewKeys(c api.Codes, origin, lang string) markup.HTML {
	s := i18n.For(lang)
	var w markup.Writer
	w.F(`<div class="scroll" role="region" aria-labelledby="once-cap" tabindex="0"><table class="figures keys"><caption id="once-cap">%s</caption><thead><tr>`,
		i18n.Fill(s.CoordOnceCaption, c.Round))
	w.F(`<th scope="col">%s</th><th scope="col">%s</th><th scope="col"><span class="vh">%s</span></th><th scope="col">%s</th></tr></thead><tbody>`,
		s.County, s.CoordColToken, s.CoordCopy, s.CoordColLink)
	for _, k := range c.Codes {
		if k.Kind != api.KindCounty && k.Kind != api.KindRegion {
			continue
		}
		link := keyPageURL(origin, c.Round, k)
		w.F(`<tr data-unit="%s"><th scope="row">%s</th><td><code class="key" id="%s">%s</code></td>`, k.Unit, k.Name, KeyID(k.Unit), k.Code)
		w.F(`<td><button type="button" data-copy="%s" data-name="%s">%s<span class="vh"> %s</span></button></td><td class="link"><a href="%s">%s</a></td></tr>`,
			k.Unit, k.Name, s.CoordCopy, i18n.Fill(s.CoordKeyOf, k.Name), link, link)
	}
	w.F(`</tbody></table></div>`)
	return w.HTML()
}

// KeysCSV is the file of the keys just made, for Excel in Swedish: a line
// per county with its name, code, key and the link to the lead's page.
func KeysCSV(c api.Codes, origin, lang string) []byte {
	s := i18n.For(lang)
	rows := [][]string{{s.County, s.CoordColCode, s.CoordColToken, s.CoordColLink}}
	for _, k := range c.Codes {
		if k.Kind == api.KindCounty || k.Kind == api.KindRegion {
			rows = append(rows, []string{k.Name, k.Unit, k.Code, keyPageURL(origin, c.Round, k)})
		}
	}
	return ExcelCSV(rows)
}

// ExcelCSV writes rows as the project's CSV files are (worker/export.go):
// for Swedish Excel, UTF-8 with a byte order mark (without it Excel reads
// åäö as Windows-1252), ';' between fields, CRLF line ends. A field is
// quoted as encoding/csv quotes it (a test checks they agree): when it holds
// ';', '"', CR or LF, or begins with white space, or is `\.`; quotes are
// doubled, and a line break inside a field is CRLF. By hand: encoding/csv is more than this needs in the app's wasm.
func ExcelCSV(rows [][]string) []byte {
	b := []byte("\uFEFF")
	for _, row := range rows {
		for i, f := range row {
			if i > 0 {
				b = append(b, ';')
			}
			if !needsQuotes(f) {
				b = append(b, f...)
				continue
			}
			b = append(b, '"')
			for j := 0; j < len(f); j++ {
				switch f[j] {
				case '"':
					b = append(b, '"', '"')
				case '\r':
					// Dropped, as encoding/csv with UseCRLF does: a line
					// break inside a field is CRLF, whatever it was.
				case '\n':
					b = append(b, '\r', '\n')
				default:
					b = append(b, f[j])
				}
			}
			b = append(b, '"')
		}
		b = append(b, '\r', '\n')
	}
	return b
}

func needsQuotes(f string) bool {
	if f == "" {
		return false
	}
	first, _ := utf8.DecodeRuneInString(f)
	return f == `\.` || unicode.IsSpace(first) || strings.ContainsAny(f, ";\"\r\n")
}

// countyKeys is a county that holds a key in a round, and when its latest
// was made (a new key revokes the earlier; codes from before that rule may
// still be there).
type countyKeys struct {
	Unit, Name string
	Latest     string // RFC 3339
}

// byCounty groups the round's county keys (GET …/codes lists codes, never
// the codes themselves) by county, in the registry's order.
func byCounty(codes []api.CodeInfo) []countyKeys {
	var out []countyKeys
	for _, c := range lagesbild.Counties() {
		k := countyKeys{Unit: c.Code, Name: c.Name}
		held := false
		for _, info := range codes {
			if info.Kind == api.KindCounty && info.Unit == c.Code {
				held = true
				k.Latest = max(k.Latest, info.Created) // RFC 3339 in UTC compares as text
			}
		}
		if held {
			out = append(out, k)
		}
	}
	for _, r := range lagesbild.CoordinatorRegions() { // then the regional coordinators'
		k := countyKeys{Unit: r, Name: r}
		for _, info := range codes {
			if info.Kind == api.KindRegion && info.Unit == r {
				k.Name = info.Name
				k.Latest = max(k.Latest, info.Created)
			}
		}
		if k.Latest != "" {
			out = append(out, k)
		}
	}
	return out
}

// CountyKeys is the table of the counties that hold keys in the round, with
// a button per county that revokes its keys (after a confirmation).
func CountyKeys(codes []api.CodeInfo, lang string) markup.HTML {
	s := i18n.For(lang)
	var w markup.Writer
	counties := byCounty(codes)
	if len(counties) == 0 {
		w.F(`<p>%s</p>`, s.CoordTokensNone)
		return w.HTML()
	}
	w.F(`<div class="scroll" role="region" aria-labelledby="keys-cap" tabindex="0"><table class="figures keys"><caption id="keys-cap">%s</caption><thead><tr>`, s.CoordTokensCaption)
	w.F(`<th scope="col">%s</th><th scope="col">%s</th><th scope="col"><span class="vh">%s</span></th></tr></thead><tbody>`,
		s.County, s.CoordColCreated, s.CoordRevoke)
	for _, k := range counties {
		w.F(`<tr data-unit="%s"><th scope="row">%s</th><td>%s</td>`, k.Unit, k.Name, i18n.When(lang, k.Latest))
		w.F(`<td><button type="button" data-revoke="%s" data-name="%s">%s<span class="vh"> %s</span></button></td></tr>`,
			k.Unit, k.Name, s.CoordRevoke, i18n.Fill(s.CoordKeysOf, k.Name))
	}
	w.F(`</tbody></table></div>`)
	return w.HTML()
}

// WithMade adds the keys just made to the round's list of codes, stamped
// now (RFC 3339), so the table of counties with keys shows them before the
// list is read again (and when it cannot be). A unit's new code replaces
// its earlier ones of the same kind, as the worker's does.
func WithMade(codes []api.CodeInfo, made api.Codes, now string) []api.CodeInfo {
	var out []api.CodeInfo
	for _, c := range codes {
		replaced := false
		for _, k := range made.Codes {
			replaced = replaced || k.Kind == c.Kind && k.Unit == c.Unit
		}
		if !replaced {
			out = append(out, c)
		}
	}
	for _, k := range made.Codes {
		out = append(out, api.CodeInfo{Kind: k.Kind, Unit: k.Unit, Name: k.Name, Created: now})
	}
	return out
}

// Without is the list of codes after a unit's were revoked.
func Without(codes []api.CodeInfo, unit string) []api.CodeInfo {
	var out []api.CodeInfo
	for _, c := range codes {
		if c.Unit != unit {
			out = append(out, c)
		}
	}
	return out
}
