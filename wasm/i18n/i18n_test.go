package i18n

import (
	"reflect"
	"regexp"
	"slices"
	"testing"
)

var verb = regexp.MustCompile(`%[-+# 0-9.]*[a-zA-Z%]`)

// TestComplete checks that every text exists in both languages and that both
// take the same format arguments, so a translation cannot break a Sprintf.
func TestComplete(t *testing.T) {
	s, e := reflect.ValueOf(sv), reflect.ValueOf(en)
	for i := 0; i < s.NumField(); i++ {
		name := s.Type().Field(i).Name
		switch f := s.Field(i); f.Kind() {
		case reflect.String:
			a, b := f.String(), e.Field(i).String()
			if a == "" || b == "" {
				t.Errorf("%s: sv %q, en %q: want both non-empty", name, a, b)
				continue
			}
			if va, vb := verb.FindAllString(a, -1), verb.FindAllString(b, -1); !slices.Equal(va, vb) {
				t.Errorf("%s: sv verbs %v, en verbs %v: want the same", name, va, vb)
			}
		case reflect.Map:
			a, b := f.Interface().(map[string]string), e.Field(i).Interface().(map[string]string)
			for k, v := range a {
				if v == "" || b[k] == "" {
					t.Errorf("%s[%q]: sv %q, en %q: want both non-empty", name, k, v, b[k])
				}
			}
			if len(a) != len(b) {
				t.Errorf("%s: sv has %d entries, en %d", name, len(a), len(b))
			}
		default:
			t.Errorf("%s: unexpected kind %s", name, f.Kind())
		}
	}
}

func TestCodes(t *testing.T) {
	// The error codes of the core (error.go): each must have a text.
	for _, code := range []string{"invalid", "not_found", "unauthorized", "forbidden", "conflict", "too_large", "unsupported", "rate_limited", "internal"} {
		for _, lang := range Languages {
			if _, ok := For(lang).ErrCode[code]; !ok {
				t.Errorf("%s: no text for code %q", lang, code)
			}
		}
	}
	if got, want := For("sv").Code("no-such-code"), sv.ErrCode["internal"]; got != want {
		t.Errorf("Code(unknown) = %q, want %q", got, want)
	}
}

func TestLookup(t *testing.T) {
	tests := []struct {
		lang, name string
		want       string
		ok         bool
	}{
		{"sv", "NextSection", "Nästa avsnitt", true},
		{"en", "NextSection", "Next section", true},
		{"de", "NextSection", "Nästa avsnitt", true},
		{"sv", "NoSuchText", "", false},
		{"sv", "ErrCode", "", false}, // a map, not a text
	}
	for _, tt := range tests {
		got, ok := Lookup(tt.lang, tt.name)
		if got != tt.want || ok != tt.ok {
			t.Errorf("Lookup(%q, %q) = %q, %v; want %q, %v", tt.lang, tt.name, got, ok, tt.want, tt.ok)
		}
	}
}

func TestNumber(t *testing.T) {
	tests := []struct {
		lang     string
		v        float64
		decimals int
		want     string
	}{
		{"sv", 67.45, 1, "67,5"},
		{"en", 67.45, 1, "67.5"},
		{"sv", -2.5, 1, "−2,5"},
		{"sv", -0.04, 1, "0,0"},
		{"sv", 1234.5, 0, "1235"},
	}
	for _, tt := range tests {
		if got := Number(tt.lang, tt.v, tt.decimals); got != tt.want {
			t.Errorf("Number(%q, %v, %d) = %q, want %q", tt.lang, tt.v, tt.decimals, got, tt.want)
		}
	}
}

func TestScoreAndPercent(t *testing.T) {
	tests := []struct {
		lang  string
		score float64
		want  string
		share float64
		pct   string
	}{
		{"sv", 50, "50", 0.25, "25\u00a0%"},
		{"en", 50, "50", 0.25, "25%"},
		{"sv", 66.7, "66,7", 0.333, "33\u00a0%"},
		{"sv", 99.96, "100", 1, "100\u00a0%"},
	}
	for _, tt := range tests {
		if got := Score(tt.lang, tt.score); got != tt.want {
			t.Errorf("Score(%q, %v) = %q, want %q", tt.lang, tt.score, got, tt.want)
		}
		if got := Percent(tt.lang, tt.share); got != tt.pct {
			t.Errorf("Percent(%q, %v) = %q, want %q", tt.lang, tt.share, got, tt.pct)
		}
	}
}

func TestLang(t *testing.T) {
	for _, tt := range []struct{ in, lang, other string }{{"sv", "sv", "en"}, {"en", "en", "sv"}, {"", "sv", "en"}, {"fr", "sv", "en"}} {
		if got := Lang(tt.in); got != tt.lang {
			t.Errorf("Lang(%q) = %q, want %q", tt.in, got, tt.lang)
		}
		if got := Other(tt.in); got != tt.other {
			t.Errorf("Other(%q) = %q, want %q", tt.in, got, tt.other)
		}
	}
}

func TestList(t *testing.T) {
	for _, tt := range []struct {
		lang  string
		items []string
		want  string
	}{
		{"sv", nil, ""}, {"sv", []string{"a"}, "a"}, {"sv", []string{"a", "b"}, "a och b"}, {"en", []string{"a", "b", "c"}, "a, b and c"},
	} {
		if got := List(tt.lang, tt.items); got != tt.want {
			t.Errorf("List(%q, %q) = %q, want %q", tt.lang, tt.items, got, tt.want)
		}
	}
}
