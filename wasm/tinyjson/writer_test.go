package tinyjson

import (
	"encoding/json"
	"testing"
)

// TestWriter holds Writer to encoding/json on a struct with every kind of
// member it writes, compact and indented.
func TestWriter(t *testing.T) {
	type body struct {
		S    string            `json:"s"`
		Omit string            `json:"omit,omitempty"`
		I    int               `json:"i"`
		B    bool              `json:"b"`
		M    map[string]string `json:"m"`
	}
	for _, v := range []body{
		{},
		{S: "å <&> \"\u2028", Omit: "x", I: -7, B: true, M: map[string]string{"b": "2", "a": "1", "ö": "\n"}},
		{M: map[string]string{}},
	} {
		for _, indent := range []string{"", "  "} {
			w := NewWriter(nil, indent)
			w.Str("s", v.S)
			w.StrOmit("omit", v.Omit)
			w.Int("i", v.I)
			w.Bool("b", v.B)
			w.Strings("m", v.M)
			got := w.Close()
			want, _ := json.Marshal(v)
			if indent != "" {
				want, _ = json.MarshalIndent(v, "", indent)
			}
			if string(got) != string(want) {
				t.Errorf("indent %q:\ngot  %s\nwant %s", indent, got, want)
			}
		}
	}
	if got := NewWriter(nil, "  ").Close(); string(got) != "{}" {
		t.Errorf("an empty indented object is %s, want {}", got)
	}
}
