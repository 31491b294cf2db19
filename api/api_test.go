package api

import (
	"encoding/json"
	"go/parser"
	"go/token"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"lagesbild"
)

// TestImports keeps the package what the smallest client can afford: the
// core and nothing else (no encoding/json, net/http or syscall/js).
func TestImports(t *testing.T) {
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		ast, err := parser.ParseFile(token.NewFileSet(), f, nil, parser.ImportsOnly)
		if err != nil {
			t.Fatal(err)
		}
		for _, imp := range ast.Imports {
			if path := strings.Trim(imp.Path.Value, `"`); path != "lagesbild" {
				t.Errorf("%s imports %s; the api package may import only the core", f, path)
			}
		}
	}
}

// TestJSON checks the field names the worker and the clients agree on, by
// decoding a body as the other side writes it.
func TestJSON(t *testing.T) {
	ptr := func(s string) *string { return &s }
	tests := []struct {
		body string
		into any
		want any
	}{
		{`{"code":"item_locked","error":"item: x is locked"}`, &Error{}, &Error{Code: lagesbild.EItemLocked, Message: "item: x is locked"}},
		{`{"id":"2026","questionnaire":"kommun","version":1,"opens":"2026-03-01T00:00:00Z","closes":"2026-04-01T00:00:00Z","open":true,"openToAll":false,"access":{"kind":"municipality","unit":"0180","name":"Stockholm"}}`,
			&Round{}, &Round{ID: "2026", Questionnaire: "kommun", Version: 1, Opens: "2026-03-01T00:00:00Z", Closes: "2026-04-01T00:00:00Z", Open: true,
				Access: &Access{Kind: KindMunicipality, Unit: "0180", Name: "Stockholm"}}},
		{`{"id":"r","round":"demo","outcome":"created","measures":{"total":50}}`, &Stored{}, &Stored{ID: "r", Round: "demo", Outcome: Created,
			Measures: map[string]*float64{"total": new(float64)}}},
		{`{"section":"rutiner","lock":["a"]}`, &Change{}, &Change{Section: ptr("rutiner"), Lock: []string{"a"}}},
		{`{"code":"ACDEFG","section":"s","locked":["a"],"revealed":true,"ended":false,"expires":"x","limits":{"joinsPerMinute":300,"answersPerMinute":3000},"etag":"\"1\""}`,
			&Session{}, &Session{Code: "ACDEFG", Section: "s", Locked: []string{"a"}, Revealed: true, Expires: "x", Limits: Limits{300, 3000}, ETag: `"1"`}},
	}
	*tests[2].want.(*Stored).Measures["total"] = 50
	for _, tt := range tests {
		if err := json.Unmarshal([]byte(tt.body), tt.into); err != nil {
			t.Fatalf("decoding %s: %v", tt.body, err)
		}
		if !reflect.DeepEqual(tt.into, tt.want) {
			t.Errorf("decoding %s\ngot  %+v\nwant %+v", tt.body, tt.into, tt.want)
		}
	}
}

func TestIsLocked(t *testing.T) {
	s := Session{Locked: []string{"a.b", "c.d"}}
	for item, want := range map[string]bool{"a.b": true, "c.d": true, "a": false, "": false} {
		if got := s.IsLocked(item); got != want {
			t.Errorf("IsLocked(%q) = %v, want %v", item, got, want)
		}
	}
}
