package compact_test

import (
	"os"
	"reflect"
	"strings"
	"testing"

	"lagesbild/worker/internal/compact"
)

// decodeAll reads a text into its records and fields.
func decodeAll(text string) [][]string {
	var out [][]string
	for d := compact.NewDecoder(text); d.More(); {
		rec := d.Next()
		fields := []string{}
		for rec.More() {
			f, ok := rec.Next()
			if !ok {
				panic("More said a field is left, Next found none")
			}
			fields = append(fields, f)
		}
		out = append(out, fields)
	}
	return out
}

// encode writes records of fields in the format: what the SQL does.
func encode(records [][]string) string {
	var sb strings.Builder
	for i, rec := range records {
		if i > 0 {
			sb.WriteByte(compact.RS)
		}
		for j, f := range rec {
			if j > 0 {
				sb.WriteByte(compact.US)
			}
			sb.WriteString(f)
		}
	}
	return sb.String()
}

func TestDecode(t *testing.T) {
	tests := []struct {
		name string
		text string
		want [][]string
	}{
		{"empty", "", nil},
		{"one value", "a", [][]string{{"a"}}},
		{"one pair", "a\x1dja", [][]string{{"a\x1dja"}}},
		{"fields", "2026\x1f0114\x1f2", [][]string{{"2026", "0114", "2"}}},
		{"records", "a\x1eb\x1fc", [][]string{{"a"}, {"b", "c"}}},
		{"empty fields", "\x1f\x1f", [][]string{{"", "", ""}}},
		{"empty records", "\x1e", [][]string{{""}, {""}}},
		{"empty value", "total\x1d", [][]string{{"total\x1d"}}},
		{"aggregate", "2026\x1f0114\x1f2\x1ftotal\x1d66.6666666666667\x1frutiner\x1d\x1e2025\x1f0114\x1f1\x1ftotal\x1d12.25",
			[][]string{{"2026", "0114", "2", "total\x1d66.6666666666667", "rutiner\x1d"}, {"2025", "0114", "1", "total\x1d12.25"}}},
		{"room", "a\x1dja\x1fb\x1dnej\x1ea\x1dvet-ej", [][]string{{"a\x1dja", "b\x1dnej"}, {"a\x1dvet-ej"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := decodeAll(tt.text)
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("decode(%q) = %q, want %q", tt.text, got, tt.want)
			}
			if d := compact.NewDecoder(tt.text); d.Len() != len(tt.want) {
				t.Errorf("Len() = %d, want %d", d.Len(), len(tt.want))
			}
			if again := encode(got); again != tt.text {
				t.Errorf("encoded again: %q", again)
			}
		})
	}
}

func TestRecord(t *testing.T) {
	d := compact.NewDecoder("2026\x1f0114\x1ftotal\x1d50\x1frutiner\x1d\x1fx\x1e")
	rec := d.Next()
	if n := rec.Len(); n != 5 {
		t.Errorf("Len() = %d, want 5", n)
	}
	if f, err := rec.Field(); f != "2026" || err != nil {
		t.Errorf("Field() = %q, %v", f, err)
	}
	if f, err := rec.Field(); f != "0114" || err != nil {
		t.Errorf("Field() = %q, %v", f, err)
	}
	if k, v, err := rec.Pair(); k != "total" || v != "50" || err != nil {
		t.Errorf("Pair() = %q, %q, %v", k, v, err)
	}
	if k, v, err := rec.Pair(); k != "rutiner" || v != "" || err != nil {
		t.Errorf("Pair() of an empty value = %q, %q, %v", k, v, err)
	}
	if rec.String() != "x" {
		t.Errorf("String() = %q, want the fields left", rec.String())
	}
	if _, _, err := rec.Pair(); err == nil {
		t.Error("Pair() of a field without GS: no error")
	}
	if rec.More() || rec.Len() != 0 {
		t.Errorf("fields left after the last: More %v, Len %d", rec.More(), rec.Len())
	}
	if _, err := rec.Field(); err == nil {
		t.Error("Field() after the last: no error")
	}
	if _, _, err := rec.Pair(); err == nil {
		t.Error("Pair() after the last: no error")
	}
	// The empty record after the trailing RS, then none.
	if !d.More() {
		t.Fatal("no record after a trailing RS")
	}
	if rec := d.Next(); rec.Len() != 1 {
		t.Errorf("the empty record has %d fields, want 1", rec.Len())
	}
	if d.More() || d.Len() != 0 {
		t.Errorf("records left after the last: More %v, Len %d", d.More(), d.Len())
	}
	if rec := d.Next(); rec.More() {
		t.Error("Next after the last record gives fields")
	}
}

// FuzzDecode: any text, as D1 might hand it over, decodes without a panic;
// its records and fields join back to the text; a pair's key and value join
// back to the field.
func FuzzDecode(f *testing.F) {
	f.Add("")
	f.Add("2026\x1f0114\x1f2\x1ftotal\x1d66.6666666666667\x1frutiner\x1d\x1e2025\x1f0114\x1f1\x1ftotal\x1d12.25")
	f.Add("a\x1dja\x1fb\x1dnej\x1ea\x1dvet-ej")
	f.Add("\x1e\x1f\x1d")
	f.Add("\x1d\x1d\x1e\x1e")
	f.Fuzz(func(t *testing.T, text string) {
		records := decodeAll(text)
		if again := encode(records); again != text {
			t.Fatalf("decode(%q) = %q, which encodes to %q", text, records, again)
		}
		for d := compact.NewDecoder(text); d.More(); {
			rec := d.Next()
			n := rec.Len()
			for i := 0; i < n; i++ {
				f := rec.String()
				if j := strings.IndexByte(f, compact.US); j >= 0 {
					f = f[:j]
				}
				k, v, err := rec.Pair()
				switch {
				case err == nil && k+"\x1d"+v != f:
					t.Fatalf("Pair of %q = %q, %q", f, k, v)
				case err == nil && strings.ContainsAny(k, "\x1d\x1e\x1f"):
					t.Fatalf("Pair of %q: key %q holds a separator", f, k)
				case err != nil && strings.IndexByte(f, compact.GS) >= 0:
					t.Fatalf("Pair of %q: %v", f, err)
				}
			}
			if rec.More() {
				t.Fatalf("a field is left after Len() fields")
			}
		}
	})
}

// BenchmarkDecode walks what aggregate.sql returns for the demo round and a
// previous round (testdata/aggregate.txt: 290 municipalities each, every
// measure of kommun): the hot path of a comparison, without the numbers.
func BenchmarkDecode(b *testing.B) {
	raw, err := os.ReadFile("testdata/aggregate.txt")
	if err != nil {
		b.Fatal(err)
	}
	text := string(raw)
	b.SetBytes(int64(len(text)))
	b.ReportAllocs()
	for b.Loop() {
		pairs := 0
		for d := compact.NewDecoder(text); d.More(); {
			rec := d.Next()
			for range 4 { // round, municipality, respondents, flags
				if _, err := rec.Field(); err != nil {
					b.Fatal(err)
				}
			}
			for rec.More() {
				if _, _, err := rec.Pair(); err != nil {
					b.Fatal(err)
				}
				pairs++
			}
		}
		if pairs != 5800 {
			b.Fatalf("%d pairs, want 5800", pairs)
		}
	}
}
