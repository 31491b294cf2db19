package workshop

import (
	"encoding/json"
	"reflect"
	"testing"

	"lagesbild"
)

// TestJSON holds the hand-written JSON to encoding/json.
func TestJSON(t *testing.T) {
	// The answers a phone keeps.
	for _, as := range []lagesbild.Answers{{}, {"b": "nej", "a": "ja", "c": "vet-ej\u2028"}} {
		b := EncodeAnswers(as)
		if want := mustJSON(t, as); string(b) != string(want) {
			t.Errorf("EncodeAnswers = %s, want %s", b, want)
		}
		if got, err := ParseAnswers(b); err != nil || !reflect.DeepEqual(got, as) {
			t.Errorf("ParseAnswers(%s) = %v, %v", b, got, err)
		}
	}
	for _, bad := range []string{``, `[]`, `{"a":1}`} {
		if _, err := ParseAnswers([]byte(bad)); err == nil {
			t.Errorf("ParseAnswers(%q): no error", bad)
		}
	}
}

func mustJSON(t testing.TB, v any) []byte {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return b
}
