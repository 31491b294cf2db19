// Package xlsx writes a one-sheet Excel workbook (Office Open XML) with
// text and number cells and nothing else: no styles, no shared strings.
// It exists for the exports: in a CSV, Swedish Excel reads the municipality
// code 0114 as the number 114 (quoting the field does not help), while a
// cell written as an inline string stays text. The zip is written here,
// stored (not compressed; the response is compressed on the way): with
// archive/zip and its compress/flate the worker grew by 71 KB gzip, with
// this by a few.
package xlsx

import (
	"encoding/binary"
	"fmt"
	"hash/crc32"
	"io"
	"strconv"
	"strings"
)

// Cell is one cell: Text, or a number when Number is set (Text then holds
// it as Go or CSV writes it, with a point or a decimal comma). An empty
// cell is written as nothing.
type Cell struct {
	Text   string
	Number bool
}

// Text and Num make cells.
func Text(s string) Cell { return Cell{Text: s} }
func Num(s string) Cell  { return Cell{Text: s, Number: true} }

// Write writes a workbook with one sheet named sheet holding rows.
func Write(w io.Writer, sheet string, rows [][]Cell) error {
	var z zipWriter
	const head = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` + "\n"
	files := []struct{ name, body string }{
		{"[Content_Types].xml", head + `<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
			`<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>` +
			`<Default Extension="xml" ContentType="application/xml"/>` +
			`<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>` +
			`<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>` +
			`</Types>`},
		{"_rels/.rels", head + `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
			`<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>` +
			`</Relationships>`},
		{"xl/workbook.xml", head + `<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">` +
			`<sheets><sheet name="` + escape(sheetName(sheet)) + `" sheetId="1" r:id="rId1"/></sheets></workbook>`},
		{"xl/_rels/workbook.xml.rels", head + `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
			`<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>` +
			`</Relationships>`},
	}
	for _, f := range files {
		z.add(f.name, f.body)
	}
	var b strings.Builder
	b.WriteString(head + `<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>`)
	for i, row := range rows {
		r := strconv.Itoa(i + 1)
		b.WriteString(`<row r="` + r + `">`)
		for j, c := range row {
			if c.Text == "" {
				continue
			}
			ref := column(j) + r
			if c.Number {
				v := strings.Replace(c.Text, ",", ".", 1)
				if _, err := strconv.ParseFloat(v, 64); err != nil {
					return fmt.Errorf("xlsx: cell %s: %q is no number", ref, c.Text)
				}
				b.WriteString(`<c r="` + ref + `"><v>` + v + `</v></c>`)
				continue
			}
			b.WriteString(`<c r="` + ref + `" t="inlineStr"><is><t xml:space="preserve">` + escape(c.Text) + `</t></is></c>`)
		}
		b.WriteString(`</row>`)
	}
	b.WriteString(`</sheetData></worksheet>`)
	z.add("xl/worksheets/sheet1.xml", b.String())
	if _, err := w.Write(z.close()); err != nil {
		return fmt.Errorf("xlsx: %w", err)
	}
	return nil
}

// zipWriter builds a zip archive of stored entries in memory (APPNOTE 6.3:
// local headers with the data, the central directory, its end record).
// Every entry has the same time, 2026-01-01 00:00: the same rows give the
// same bytes.
type zipWriter struct {
	buf, dir []byte
	n        int
}

const dosTime, dosDate = 0, (2026-1980)<<9 | 1<<5 | 1

func (z *zipWriter) add(name, body string) {
	crc := crc32.ChecksumIEEE([]byte(body))
	off := len(z.buf)
	le := binary.LittleEndian
	// The fields local and central headers share: version needed (2.0), flags,
	// method (0, stored), time, date, CRC-32, sizes, name length.
	common := func(b []byte) []byte {
		b = le.AppendUint16(b, 20)
		b = le.AppendUint16(b, 0)
		b = le.AppendUint16(b, 0)
		b = le.AppendUint16(b, dosTime)
		b = le.AppendUint16(b, dosDate)
		b = le.AppendUint32(b, crc)
		b = le.AppendUint32(b, uint32(len(body)))
		b = le.AppendUint32(b, uint32(len(body)))
		return le.AppendUint16(b, uint16(len(name)))
	}
	z.buf = le.AppendUint32(z.buf, 0x04034b50)
	z.buf = common(z.buf)
	z.buf = le.AppendUint16(z.buf, 0) // extra field length
	z.buf = append(z.buf, name...)
	z.buf = append(z.buf, body...)

	z.dir = le.AppendUint32(z.dir, 0x02014b50)
	z.dir = le.AppendUint16(z.dir, 20) // version made by
	z.dir = common(z.dir)
	z.dir = append(z.dir, make([]byte, 12)...) // extra and comment lengths, disk, attributes
	z.dir = le.AppendUint32(z.dir, uint32(off))
	z.dir = append(z.dir, name...)
	z.n++
}

func (z *zipWriter) close() []byte {
	le := binary.LittleEndian
	off := len(z.buf)
	b := append(z.buf, z.dir...)
	b = le.AppendUint32(b, 0x06054b50)
	b = le.AppendUint32(b, 0) // this disk, the directory's disk
	b = le.AppendUint16(b, uint16(z.n))
	b = le.AppendUint16(b, uint16(z.n))
	b = le.AppendUint32(b, uint32(len(z.dir)))
	b = le.AppendUint32(b, uint32(off))
	return le.AppendUint16(b, 0) // comment length
}

// column is a column's letters: 0 → A, 25 → Z, 26 → AA.
func column(i int) string {
	s := ""
	for i++; i > 0; i = (i - 1) / 26 {
		s = string(rune('A'+(i-1)%26)) + s
	}
	return s
}

// sheetName is name as Excel takes it: at most 31 characters, none of []:*?/\.
func sheetName(name string) string {
	name = strings.Map(func(r rune) rune {
		if strings.ContainsRune(`[]:*?/\`, r) {
			return '-'
		}
		return r
	}, name)
	if r := []rune(name); len(r) > 31 {
		name = string(r[:31])
	}
	if name == "" {
		name = "Blad1"
	}
	return name
}

// escape makes s XML text, dropping the control characters XML 1.0 cannot
// hold. Not encoding/xml: it would add its reflection to the worker.
func escape(s string) string {
	s = strings.Map(func(r rune) rune {
		if r < 0x20 && r != '\t' && r != '\n' && r != '\r' || r == 0xFFFE || r == 0xFFFF {
			return -1
		}
		return r
	}, s)
	return escaper.Replace(s)
}

var escaper = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", `"`, "&quot;")
