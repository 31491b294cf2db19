package worker

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"log"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"lagesbild"
	"lagesbild/api"
)

// TestCodesInTable: every error code the worker's source names is in
// lagesbild.Codes, the one table of codes and statuses the clients have a
// text for. The constants' values are read from the core's error.go.
func TestCodesInTable(t *testing.T) {
	values := map[string]string{} // constant → code
	f, err := parser.ParseFile(token.NewFileSet(), "../error.go", nil, 0)
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range f.Decls {
		g, ok := d.(*ast.GenDecl)
		if !ok || g.Tok != token.CONST {
			continue
		}
		for _, spec := range g.Specs {
			vs := spec.(*ast.ValueSpec)
			for i, name := range vs.Names {
				if i < len(vs.Values) {
					if lit, ok := vs.Values[i].(*ast.BasicLit); ok && lit.Kind == token.STRING {
						values[name.Name], _ = strconv.Unquote(lit.Value)
					}
				}
			}
		}
	}
	known := map[string]bool{}
	for _, c := range lagesbild.Codes {
		known[c.Code] = true
	}
	used := regexp.MustCompile(`lagesbild\.(E[A-Z][A-Za-z]*)\b`)
	paths, _ := filepath.Glob("*.go")
	more, _ := filepath.Glob("internal/*/*.go")
	n := 0
	for _, path := range append(paths, more...) {
		if strings.HasSuffix(path, "_test.go") {
			continue
		}
		b, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range used.FindAllStringSubmatch(string(b), -1) {
			n++
			code, ok := values[m[1]]
			if !ok {
				t.Errorf("%s: lagesbild.%s is no code constant of error.go", path, m[1])
			} else if !known[code] {
				t.Errorf("%s: lagesbild.%s (%q) is not in lagesbild.Codes", path, m[1], code)
			}
		}
	}
	if n < 30 {
		t.Errorf("found only %d uses of error codes: is the test reading the worker's source?", n)
	}
}

// TestWriteError: an error answer is api.Error with the code's status from
// lagesbild.Codes; a code not in the table is answered as internal (and
// logged), never sent.
func TestWriteError(t *testing.T) {
	var logBuf bytes.Buffer
	log.SetOutput(&logBuf)
	defer log.SetOutput(os.Stderr)
	tests := []struct {
		err    error
		status int
		code   string
		msg    string
	}{
		{lagesbild.Errorf(lagesbild.EItemLocked, "item: x is locked"), 409, lagesbild.EItemLocked, "item: x is locked"},
		{lagesbild.Errorf(lagesbild.ECodeOtherUnit, "municipality: no"), 403, lagesbild.ECodeOtherUnit, "municipality: no"},
		{lagesbild.Errorf(lagesbild.ETooMany, "workshops: full"), 429, lagesbild.ETooMany, "workshops: full"},
		{lagesbild.Errorf("no-such-code", "secret detail"), 500, lagesbild.EInternal, "internal error"},
		{errors.New("secret detail"), 500, lagesbild.EInternal, "internal error"},
	}
	for _, tt := range tests {
		logBuf.Reset()
		rec := httptest.NewRecorder()
		writeError(rec, httptest.NewRequest("GET", "/api/x", nil), tt.err)
		var body api.Error
		if err := json.Unmarshal(rec.Body.Bytes(), &body); err != nil {
			t.Fatalf("%v: body %q: %v", tt.err, rec.Body, err)
		}
		if rec.Code != tt.status || body.Code != tt.code || body.Message != tt.msg {
			t.Errorf("%v: got %d %+v, want %d %s %q", tt.err, rec.Code, body, tt.status, tt.code, tt.msg)
		}
		if tt.code == lagesbild.EInternal && !strings.Contains(logBuf.String(), "secret detail") {
			t.Errorf("%v: not logged: %q", tt.err, logBuf.String())
		}
	}
}

// TestHealthBodies: the fixed health answers are api.Health as writeJSON
// would write it.
func TestHealthBodies(t *testing.T) {
	for body, h := range map[string]api.Health{
		string(healthBody):   {OK: true, Service: "lagesbild"},
		string(healthDBBody): {OK: true, Service: "lagesbild", DB: "ok"},
	} {
		rec := httptest.NewRecorder()
		writeJSON(rec, 200, h)
		if rec.Body.String() != body {
			t.Errorf("health body %q, api.Health encodes as %q", body, rec.Body)
		}
	}
}

// TestRecovered: a panic is a logged 500 with a JSON body, not a crash, and
// the panic's text stays in the log.
func TestRecovered(t *testing.T) {
	var logBuf bytes.Buffer
	log.SetOutput(&logBuf)
	defer log.SetOutput(log.Writer())
	h := logged(recovered(secure(http.HandlerFunc(func(http.ResponseWriter, *http.Request) {
		panic("secret detail")
	}))))
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest("GET", "/api/boom", nil))
	if rec.Code != 500 {
		t.Errorf("status %d, want 500", rec.Code)
	}
	var body api.Error
	if err := json.Unmarshal(rec.Body.Bytes(), &body); err != nil || body.Code != lagesbild.EInternal {
		t.Errorf("body %q, want an internal error as JSON", rec.Body)
	}
	if strings.Contains(rec.Body.String(), "secret detail") {
		t.Errorf("the panic's text reached the client: %s", rec.Body)
	}
	if !strings.Contains(logBuf.String(), "panic: GET /api/boom: secret detail") {
		t.Errorf("the panic was not logged: %s", logBuf.String())
	}
	if rec.Header().Get("Content-Security-Policy") == "" {
		t.Errorf("no security headers on the 500")
	}
}

func TestCodes(t *testing.T) {
	seen := map[string]bool{}
	for i := 0; i < 200; i++ {
		c, err := newCode()
		if err != nil {
			t.Fatal(err)
		}
		if len(c) != 19 || strings.Count(c, "-") != 3 || strings.ContainsAny(c, "01OI") {
			t.Fatalf("code %q: want XXXX-XXXX-XXXX-XXXX without 0, 1, O, I", c)
		}
		if seen[c] {
			t.Fatalf("code %q made twice", c)
		}
		seen[c] = true
		// Case, dashes and spaces do not matter when a code is typed in.
		typed := strings.ToLower(strings.ReplaceAll(c, "-", " "))
		if hashCode(typed) != hashCode(c) {
			t.Errorf("hash of %q differs from hash of %q", typed, c)
		}
		if strings.Contains(hashCode(c), c) || len(hashCode(c)) != 64 {
			t.Errorf("hash of %q: %q", c, hashCode(c))
		}
	}
}

func TestDecimal(t *testing.T) {
	f := func(v float64) *float64 { return &v }
	tests := []struct {
		v     *float64
		scale string
		want  string
	}{
		{nil, "score", ""},
		{f(54.3), "score", "54,3"}, // figures come rounded by the core
		{f(100), "score", "100,0"},
		{f(0.125), "share", "0,125"},
		{f(0), "share", "0,000"},
	}
	for _, tt := range tests {
		if got := decimal(tt.v, tt.scale); got != tt.want {
			t.Errorf("decimal(%v, %s) = %q, want %q", tt.v, tt.scale, got, tt.want)
		}
	}
}

func TestParseTime(t *testing.T) {
	tests := []struct {
		in   string
		end  bool
		want string
		ok   bool
	}{
		{"2026-03-01", false, "2026-03-01T00:00:00Z", true},
		{"2026-03-31", true, "2026-04-01T00:00:00Z", true},
		{"2026-03-01T08:00:00+01:00", false, "2026-03-01T07:00:00Z", true},
		{"2026-03-01T08:00:00.999Z", false, "2026-03-01T08:00:00Z", true},
		{"1 mars", false, "", false},
		{"", false, "", false},
	}
	for _, tt := range tests {
		got, err := parseTime("opens", tt.in, tt.end)
		if (err == nil) != tt.ok || got != tt.want {
			t.Errorf("parseTime(%q, %v) = %q, %v; want %q, ok %v", tt.in, tt.end, got, err, tt.want, tt.ok)
		}
	}
}

func TestParseAggregate(t *testing.T) {
	f := func(v float64) *float64 { return &v }
	text := "2026\x1f0115\x1f1\x1f3\x1ftotal\x1d50000/1\x1fdontKnow\x1d0/1\x1e" +
		"2026\x1f0114\x1f3\x1f1\x1ftotal\x1d200000/3\x1fdontKnow\x1d250/3\x1frutiner\x1d\x1e" +
		"2025\x1f0114\x1f2\x1f0\x1ftotal\x1d77700/2\x1fdontKnow\x1d3/2"
	got, err := parseAggregate(text)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string][]lagesbild.MunicipalityResult{
		"2026": {
			{Municipality: "0114", Respondents: 3, Measures: map[string]*float64{"total": f(66.7), "dontKnow": f(0.083), "rutiner": nil},
				Partial: true},
			{Municipality: "0115", Respondents: 1, Measures: map[string]*float64{"total": f(50), "dontKnow": f(0)},
				Partial: true, Workshop: true},
		},
		// 44.4 and 33.3: the mean 38.85 rounds half away from zero, as lagesbild.Mean does; so does 0.0015.
		"2025": {{Municipality: "0114", Respondents: 2, Measures: map[string]*float64{"total": f(38.9), "dontKnow": f(0.002)}}},
	}
	gotJSON, _ := json.Marshal(got)
	wantJSON, _ := json.Marshal(want)
	if string(gotJSON) != string(wantJSON) {
		t.Errorf("got %s\nwant %s", gotJSON, wantJSON)
	}
	if got, err := parseAggregate(""); err != nil || len(got) != 0 {
		t.Errorf("empty text: got %v, %v; want nothing", got, err)
	}
	for _, bad := range []string{"2026\x1f0114", "2026\x1f0114\x1fx\x1f0\x1ftotal\x1d1/1", "2026\x1f0114\x1f1\x1f0\x1ftotal",
		"2026\x1f0114\x1f1\x1f0\x1ftotal\x1dx", "2026\x1f0114\x1f1\x1f0\x1ftotal\x1d50.0", "2026\x1f0114\x1f1\x1f0\x1ftotal\x1d500/0",
		"2026\x1f0114\x1f1\x1f0\x1ftotal\x1d500/", "2026\x1f0114\x1f1\x1f0\x1ftotal\x1d/1", "2026\x1f0114\x1f1\x1f0\x1ftotal\x1d5.5/1",
		"2026\x1f0114\x1f1\x1ftotal\x1d1/1", "2026\x1f0114\x1f1\x1f4\x1ftotal\x1d1/1", "2026\x1f0114\x1f1\x1f\x1ftotal\x1d1/1"} {
		if _, err := parseAggregate(bad); err == nil {
			t.Errorf("parseAggregate(%q): no error", bad)
		}
	}
}

// TestParseSum: the fast path gives strconv's numbers.
func TestParseSum(t *testing.T) {
	rng := rand.New(rand.NewPCG(15, 15))
	cases := []string{"0/1", "100000/1", "77700/2", "-5/2", "999999999999999999/1", "9999999999999999999/1", "1/-1", "1/x", "x/1", "", "/", "1/0"}
	for range 20000 {
		cases = append(cases, fmt.Sprintf("%d/%d", rng.Int64N(1<<40)-rng.Int64N(1<<20), rng.IntN(1000)))
	}
	for _, c := range cases {
		u, n, err := parseSum(c)
		a, b, _ := strings.Cut(c, "/")
		wu, uerr := strconv.ParseInt(a, 10, 64)
		wn, nerr := strconv.Atoi(b)
		ok := uerr == nil && nerr == nil && wn >= 1
		if (err == nil) != ok || err == nil && (u != wu || n != wn) {
			t.Fatalf("parseSum(%q) = %d, %d, %v; strconv: %d, %d, ok %v", c, u, n, err, wu, wn, ok)
		}
	}
}
