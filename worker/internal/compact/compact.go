// Package compact reads the one text format in which D1 hands the worker its
// larger reads as a single string: the municipality means of a comparison
// (worker/sql/aggregate.sql), the answers of a workshop room and of one of its
// participants (worker/workshop_store.go). Under workerd every value that
// crosses from JavaScript into Go costs, and so does encoding/json, far more
// than cutting one string at a few bytes (measured: ~30 ms for the 290 rows of
// a comparison as JSON, a few ms this way).
//
// # The format
//
//	text   = "" / record *(RS record)   ; "" is no records
//	record = field *(US field)
//	field  = value / key GS value        ; a pair: a key and its value
//
// RS is char(30), ASCII's record separator; US is char(31), the unit
// separator; GS is char(29), the group separator. Keys and values never hold
// any of the three: they are ids, codes, slugs and numbers as SQLite prints
// them (a municipality's sum is two whole numbers, "units/scored"). A value
// may be empty (a measure no response scored).
//
// # The encoder: SQL
//
// The text is written by SQL, always with the characters in these roles:
//
//	group_concat(record, char(30))               -- records
//	a || char(31) || b, group_concat(f, char(31)) -- the fields of a record
//	key || char(29) || value                      -- a pair
//
// so char(30) only ever separates in group_concat, char(29) only ever joins a
// key to its value with ||, and char(31) does either between fields (a test
// of this package checks every statement of the worker and of the bench's
// plain-JavaScript worker). bench/jsworker/worker.mjs reads the aggregate
// with the same roles.
//
// # The decoder
//
// Decoder and Record walk a text without copying it or allocating: the
// strings they return are slices of the text.
//
//	for d := compact.NewDecoder(text); d.More(); {
//		rec := d.Next()
//		round, err := rec.Field()
//		…
//		for rec.More() {
//			key, value, err := rec.Pair()
//			…
//		}
//	}
//
// The text comes from outside the worker's Go code (D1 and the glue), so a
// record with too few fields or a field that is not a pair is an error, never
// a panic.
package compact

import (
	"errors"
	"fmt"
	"strings"
)

// The separators, in their roles.
const (
	RS = '\x1e' // between records: char(30)
	US = '\x1f' // between the fields of a record: char(31)
	GS = '\x1d' // between a pair's key and its value: char(29)
)

// Decoder walks the records of a text.
type Decoder struct {
	rest string // the records not yet read
	done bool   // no record left
}

// NewDecoder returns a decoder of text; "" has no records.
func NewDecoder(text string) Decoder { return Decoder{rest: text, done: text == ""} }

// More reports whether a record is left.
func (d *Decoder) More() bool { return !d.done }

// Len is the number of records left.
func (d *Decoder) Len() int {
	if d.done {
		return 0
	}
	return strings.Count(d.rest, "\x1e") + 1
}

// Next returns the next record. After the last one it returns an empty
// record with no fields.
func (d *Decoder) Next() Record {
	if d.done {
		return Record{done: true}
	}
	rec := d.rest
	if i := strings.IndexByte(rec, RS); i >= 0 {
		rec, d.rest = rec[:i], rec[i+1:]
	} else {
		d.rest, d.done = "", true
	}
	return Record{rest: rec}
}

// Record walks the fields of one record.
type Record struct {
	rest string // the fields not yet read
	done bool   // no field left
}

// More reports whether a field is left.
func (r *Record) More() bool { return !r.done }

// Len is the number of fields left.
func (r *Record) Len() int {
	if r.done {
		return 0
	}
	return strings.Count(r.rest, "\x1f") + 1
}

// String is the text of the fields left, for error messages.
func (r *Record) String() string { return r.rest }

// Next returns the next field and whether there was one.
func (r *Record) Next() (string, bool) {
	if r.done {
		return "", false
	}
	f := r.rest
	if i := strings.IndexByte(f, US); i >= 0 {
		f, r.rest = f[:i], f[i+1:]
	} else {
		r.rest, r.done = "", true
	}
	return f, true
}

// Field returns the next field, and an error when none is left.
func (r *Record) Field() (string, error) {
	f, ok := r.Next()
	if !ok {
		return "", errNoField
	}
	return f, nil
}

// Pair returns the next field as a key and its value, and an error when no
// field is left or the field is not a pair. The key is what comes before
// the field's first GS. (It cuts the field itself rather than call Next:
// this is the innermost loop of a comparison.)
func (r *Record) Pair() (key, value string, err error) {
	if r.done {
		return "", "", errNoField
	}
	f := r.rest
	if i := strings.IndexByte(f, US); i >= 0 {
		f, r.rest = f[:i], f[i+1:]
	} else {
		r.rest, r.done = "", true
	}
	i := strings.IndexByte(f, GS)
	if i < 0 {
		return "", "", errNotPair(f)
	}
	return f[:i], f[i+1:], nil
}

var errNoField = errors.New("compact: a field is missing")

func errNotPair(f string) error {
	if len(f) > 40 {
		f = f[:40] + "…"
	}
	return fmt.Errorf("compact: field %q is not a key and a value", f)
}
