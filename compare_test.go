package lagesbild

import (
	"encoding/json"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"testing"
)

// results gives every listed municipality one respondent with the same value
// for measure "a".
func results(values map[string]float64) []MunicipalityResult {
	var out []MunicipalityResult
	for code, v := range values {
		v := v
		out = append(out, MunicipalityResult{Municipality: code, Respondents: 1, Measures: map[string]*float64{"a": &v}})
	}
	return out
}

// firstN returns the first n municipalities of a county with value v.
func firstN(county string, n int, v float64, into map[string]float64) {
	for i, m := range MunicipalitiesIn(county) {
		if i == n {
			break
		}
		into[m.Code] = v
	}
}

func val(f Figure) string {
	if f.Suppressed {
		return "suppressed"
	}
	if f.Value == nil {
		return "none"
	}
	return fmt.Sprintf("%.1f", *f.Value)
}

func TestCompareMeans(t *testing.T) {
	in := map[string]float64{}
	firstN("01", 4, 40, in)                 // Stockholm: 4 × 40
	in[MunicipalitiesIn("01")[4].Code] = 90 // and one 90 → (160+90)/5 = 50
	firstN("24", 4, 70, in)                 // Västerbotten: 4 × 70
	c := Compare([]string{"a"}, results(in), DefaultRules())
	st, _ := c.County("01")
	vb, _ := c.County("24")
	if got := val(st.Measures["a"]); got != "50.0" {
		t.Errorf("Stockholm = %s, want 50.0", got)
	}
	if st.Responded != 5 || st.Municipalities != 26 || st.Measures["a"].N != 5 {
		t.Errorf("Stockholm responded %d of %d, n %d, want 5 of 26, n 5", st.Responded, st.Municipalities, st.Measures["a"].N)
	}
	if got := val(vb.Measures["a"]); got != "70.0" {
		t.Errorf("Västerbotten = %s, want 70.0", got)
	}
	// National: unweighted over the 9 municipalities: (250+280)/9 = 58.9.
	if got := val(c.National.Measures["a"]); got != "58.9" {
		t.Errorf("national = %s, want 58.9", got)
	}
	if got := c.National.Measures["a"].N; got != 9 {
		t.Errorf("national n = %d, want 9", got)
	}
	if len(c.Counties) != 21 {
		t.Errorf("counties = %d, want 21", len(c.Counties))
	}
}

func TestCompareSuppression(t *testing.T) {
	type want map[string]string // county code (or SE) → val()
	tests := []struct {
		name  string
		setup func(map[string]float64)
		want  want
	}{
		{
			// Gotland is a county of one municipality: its figure is always
			// hidden. Västerbotten's 3 are hidden too: each of them would
			// learn the sum of the other two. The two together are 4, and
			// Västerbotten's lead, taking its 3 out, would learn Gotland's
			// from the national figure: the smallest shown county,
			// Västernorrland (4), covers them.
			name: "gotland",
			setup: func(m map[string]float64) {
				firstN("09", 1, 10, m)
				firstN("01", 5, 50, m)
				firstN("14", 4, 60, m)
				firstN("24", 3, 70, m)
			},
			want: want{"09": "suppressed", "24": "suppressed", "14": "suppressed", "01": "50.0", "SE": "54.6"},
		},
		{
			// Issue 11, F2a: Gotland 1, Uppsala 3. The Uppsala lead took its
			// 3 out of the hidden counties' sum and had Gotland's; now
			// Stockholm's 4 are hidden with them, which leaves 5 unknown.
			name: "F2a a county lead's own county in the cover",
			setup: func(m map[string]float64) {
				firstN("09", 1, 10, m)
				firstN("03", 3, 20, m)
				firstN("01", 4, 30, m)
				firstN("05", 5, 40, m)
				firstN("12", 6, 50, m)
			},
			want: want{"09": "suppressed", "03": "suppressed", "01": "suppressed", "05": "40.0", "12": "50.0", "SE": "36.3"},
		},
		{
			// F2b: only Gotland and Uppsala's 2: Gotland's code would learn
			// the sum of Uppsala's two, and Uppsala's lead Gotland's.
			name: "F2b only hidden counties",
			setup: func(m map[string]float64) {
				firstN("12", 2, 20, m)
				firstN("09", 1, 10, m)
			},
			want: want{"12": "suppressed", "09": "suppressed", "SE": "suppressed"},
		},
		{
			name: "county with 2 respondents",
			setup: func(m map[string]float64) {
				firstN("12", 2, 20, m)
				firstN("01", 3, 50, m)
				firstN("14", 4, 60, m)
			},
			// Skåne (2) and Stockholm (3) are hidden, 5 between them, but
			// Stockholm's lead would learn Skåne's two: Västernorrland (4)
			// goes too, and the national figure stays.
			want: want{"12": "suppressed", "01": "suppressed", "14": "suppressed", "SE": "47.8"},
		},
		{
			name: "every county 4, Gotland 1",
			setup: func(m map[string]float64) {
				for _, c := range Counties() {
					n := 4
					if c.Code == "09" {
						n = 1
					}
					firstN(c.Code, n, 50, m)
				}
				m[MunicipalitiesIn("13")[0].Code] = 90 // Halland: (90+150)/4
			},
			// Gotland alone is 1: one cover would be learnt by its lead
			// (all but Gotland) or its municipalities; two covers, the
			// first by code, leave every reader 4 unknown at least.
			want: want{"09": "suppressed", "01": "suppressed", "03": "suppressed", "04": "50.0", "13": "60.0", "25": "50.0", "SE": "50.5"},
		},
		{
			name: "every county of 3 is hidden",
			setup: func(m map[string]float64) {
				for _, c := range Counties() {
					firstN(c.Code, 3, 50, m)
				}
			},
			// Any of a county's 3 would learn the sum of the other two.
			// The country: every reader faces 60 municipalities or more.
			want: want{"01": "suppressed", "09": "suppressed", "25": "suppressed", "SE": "50.0"},
		},
		{
			name: "every county but Gotland 4 or more hides nothing",
			setup: func(m map[string]float64) {
				for i, c := range Counties() {
					if c.Code != "09" {
						firstN(c.Code, 4+i%3, 50, m)
					}
				}
			},
			want: want{"01": "50.0", "03": "50.0", "09": "none", "25": "50.0", "SE": "50.0"},
		},
		{
			name: "two small counties cover each other",
			setup: func(m map[string]float64) {
				firstN("12", 2, 20, m)
				firstN("13", 2, 30, m)
				firstN("01", 3, 50, m)
			},
			// Three hidden counties with 7 municipalities between them:
			// the Stockholm lead, taking its 3 out, still faces 4.
			want: want{"12": "suppressed", "13": "suppressed", "01": "suppressed", "SE": "35.7"},
		},
		{
			name: "too few in the whole country",
			setup: func(m map[string]float64) {
				firstN("01", 2, 50, m)
			},
			want: want{"01": "suppressed", "SE": "suppressed", "14": "none"},
		},
		{
			name: "one county's own 4 is the country",
			setup: func(m map[string]float64) {
				firstN("01", 4, 50, m)
			},
			want: want{"01": "50.0", "SE": "50.0", "14": "none"},
		},
		{
			name:  "no data anywhere",
			setup: func(map[string]float64) {},
			want:  want{"01": "none", "SE": "none"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := map[string]float64{}
			tt.setup(m)
			c := Compare([]string{"a"}, results(m), DefaultRules())
			for code, w := range tt.want {
				g := c.National
				if code != "SE" {
					g, _ = c.County(code)
				}
				if got := val(g.Measures["a"]); got != w {
					t.Errorf("%s = %s, want %s", code, got, w)
				}
			}
			assertAudited(t, []string{"a"}, results(m), 3)
		})
	}
}

// assertAudited checks a comparison with the audit, as the random rounds
// of compare_audit_test.go are: no reader learns anything about fewer than
// k municipalities, and nothing is hidden that need not be.
func assertAudited(t *testing.T, measures []string, results []MunicipalityResult, k int) {
	t.Helper()
	r := compareRound{measures: measures, results: results, k: k}
	if msg := checkRound(r, true); msg != "" {
		t.Errorf("%s\n%s", msg, r.describe(r.compare()))
	}
}

// TestCompareMeasures: a county is hidden for every measure or none, and
// a figure's n counts the municipalities with a value for its measure.
func TestCompareMeasures(t *testing.T) {
	v := func(x float64) *float64 { return &x }
	var rs []MunicipalityResult
	add := func(county string, n int, ms func(i int) map[string]*float64) {
		for i, m := range MunicipalitiesIn(county)[:n] {
			rs = append(rs, MunicipalityResult{Municipality: m.Code, Respondents: 1, Measures: ms(i)})
		}
	}
	// Stockholm: 6, one left b blank: b's n is 5. Skåne: 5, two left b
	// blank: b rests on 3, so Skåne is hidden for a as well, and b needs a
	// cover: Östergötland (4), the smallest county with b. Västra
	// Götaland: 4, all of them blank on b: no data for b, n 0.
	add("01", 6, func(i int) map[string]*float64 {
		if i == 0 {
			return map[string]*float64{"a": v(40), "b": nil}
		}
		return map[string]*float64{"a": v(40), "b": v(60)}
	})
	add("12", 5, func(i int) map[string]*float64 {
		if i < 2 {
			return map[string]*float64{"a": v(50), "b": nil}
		}
		return map[string]*float64{"a": v(50), "b": v(70)}
	})
	add("05", 4, func(int) map[string]*float64 { return map[string]*float64{"a": v(45), "b": v(65)} })
	add("14", 4, func(int) map[string]*float64 { return map[string]*float64{"a": v(30)} })
	c := Compare([]string{"a", "b"}, rs, DefaultRules())
	type fig struct {
		val string
		n   int
	}
	want := map[string]map[string]fig{
		"01": {"a": {"40.0", 6}, "b": {"60.0", 5}},
		"12": {"a": {"suppressed", 0}, "b": {"suppressed", 0}},
		"05": {"a": {"suppressed", 0}, "b": {"suppressed", 0}},
		"14": {"a": {"30.0", 4}, "b": {"none", 0}},
		"SE": {"a": {"41.6", 19}, "b": {"64.2", 12}},
	}
	for code, ms := range want {
		g := c.National
		if code != "SE" {
			g, _ = c.County(code)
		}
		for id, w := range ms {
			if f := g.Measures[id]; val(f) != w.val || f.N != w.n {
				t.Errorf("%s %s = %s, n %d; want %s, n %d", code, id, val(f), f.N, w.val, w.n)
			}
		}
	}
	if g, _ := c.County("12"); g.Measures["a"].NShown() {
		t.Errorf("Skåne's n is published")
	}
	assertAudited(t, []string{"a", "b"}, rs, 3)
}

// TestCompareCoverMadeNeedless: a county hidden to cover one measure is
// shown again when the covers another measure needed cover the first too.
func TestCompareCoverMadeNeedless(t *testing.T) {
	v := 50.0
	var rs []MunicipalityResult
	add := func(county string, n int, b bool) {
		for _, m := range MunicipalitiesIn(county)[:n] {
			ms := map[string]*float64{"a": &v}
			if b {
				ms["b"] = &v
			}
			rs = append(rs, MunicipalityResult{Municipality: m.Code, Respondents: 1, Measures: ms})
		}
	}
	add("03", 3, false) // primary; a: 3, b: none
	add("09", 1, true)  // primary; a and b: 1
	add("14", 4, false) // a: 4, b: none
	add("01", 5, true)
	add("12", 6, true)
	// a: Uppsala and Gotland hold 4, Uppsala's lead would learn Gotland's:
	// one cover does, the smallest is Västernorrland. b: Gotland's 1 needs
	// two covers with b, Stockholm and Skåne, which cover a as well: so
	// Västernorrland is shown.
	c := Compare([]string{"a", "b"}, rs, DefaultRules())
	for code, want := range map[string]string{"03": "suppressed", "09": "suppressed", "01": "suppressed", "12": "suppressed", "14": "50.0", "SE": "50.0"} {
		g := c.National
		if code != "SE" {
			g, _ = c.County(code)
		}
		if got := val(g.Measures["a"]); got != want {
			t.Errorf("%s a = %s, want %s", code, got, want)
		}
	}
	assertAudited(t, []string{"a", "b"}, rs, 3)
}

// TestSuppressedFigureJSON: what a figure says in JSON (Figure).
func TestSuppressedFigureJSON(t *testing.T) {
	fifty := 50.0
	// Gotland answered but left every measure blank; Stockholm and Skåne 4
	// each.
	rs := []MunicipalityResult{{Municipality: "0980", Respondents: 1, Measures: map[string]*float64{"a": nil}}}
	for _, county := range []string{"01", "12"} {
		for _, m := range MunicipalitiesIn(county)[:4] {
			rs = append(rs, MunicipalityResult{Municipality: m.Code, Respondents: 1, Measures: map[string]*float64{"a": &fifty}})
		}
	}
	c := Compare([]string{"a"}, rs, DefaultRules())
	gotland, _ := c.County("09")
	stockholm, _ := c.County("01")
	halland, _ := c.County("13")
	tests := []struct {
		what string
		f    Figure
		want string
	}{
		// Gotland's figure: hidden, and its n too, which would say it
		// left the measure blank (F10); "no data" would say so as well.
		{"Gotland", gotland.Measures["a"], `{"value":null,"n":0,"suppressed":true}`},
		{"Stockholm", stockholm.Measures["a"], `{"value":50,"n":4,"suppressed":false}`},
		{"Halland", halland.Measures["a"], `{"value":null,"n":0,"suppressed":false}`},
		// The country's value rests on the shown counties alone; its n,
		// over the 9 that answered, less the shown counties' n, would be
		// Gotland's blank: n is not published.
		{"Sverige", c.National.Measures["a"], `{"value":50,"n":0,"suppressed":false}`},
	}
	for _, tt := range tests {
		b, _ := json.Marshal(tt.f)
		if string(b) != tt.want {
			t.Errorf("%s: json = %s, want %s", tt.what, b, tt.want)
		}
	}
	if c.National.Measures["a"].NShown() || gotland.Measures["a"].NShown() || !halland.Measures["a"].NShown() {
		t.Errorf("NShown: country %v, Gotland %v, Halland %v; want false, false, true",
			c.National.Measures["a"].NShown(), gotland.Measures["a"].NShown(), halland.Measures["a"].NShown())
	}
	assertAudited(t, []string{"a"}, rs, 3)
}

func TestCompareConfigurableK(t *testing.T) {
	m := map[string]float64{}
	firstN("12", 2, 20, m)
	firstN("01", 3, 50, m)
	firstN("14", 4, 60, m)
	for _, tt := range []struct {
		k    int
		want map[string]string
	}{
		{0, map[string]string{"12": "20.0", "01": "50.0", "14": "60.0", "SE": "47.8"}},
		{1, map[string]string{"12": "20.0", "01": "50.0", "14": "60.0", "SE": "47.8"}},
		// Skåne's 2 are hidden, and Stockholm (3) with them: 5, of which
		// Stockholm's lead faces 2.
		{2, map[string]string{"12": "suppressed", "01": "suppressed", "14": "60.0", "SE": "47.8"}},
		{5, map[string]string{"12": "suppressed", "01": "suppressed", "14": "suppressed", "SE": "47.8"}},
		{6, map[string]string{"12": "suppressed", "01": "suppressed", "14": "suppressed", "SE": "suppressed"}},
	} {
		c := Compare([]string{"a"}, results(m), Rules{MinMunicipalities: tt.k})
		for code, w := range tt.want {
			g := c.National
			if code != "SE" {
				g, _ = c.County(code)
			}
			if got := val(g.Measures["a"]); got != w {
				t.Errorf("k=%d: %s = %s, want %s", tt.k, code, got, w)
			}
		}
		assertAudited(t, []string{"a"}, results(m), tt.k)
	}
}

func TestRespondents(t *testing.T) {
	r := DefaultRules()
	v := 50.0
	tests := []struct {
		n    int
		want string
	}{{0, "50.0"}, {1, "suppressed"}, {2, "suppressed"}, {3, "50.0"}, {10, "50.0"}}
	for _, tt := range tests {
		if got := val(r.Respondents(&v, tt.n)); got != tt.want {
			t.Errorf("Respondents(n=%d) = %s, want %s", tt.n, got, tt.want)
		}
	}
}

func TestMean(t *testing.T) {
	a, b := 40.0, 60.0
	r := Mean("0180", []map[string]*float64{
		{"x": &a, "y": nil},
		{"x": &b, "y": nil},
	})
	if r.Respondents != 2 || r.Measures["x"] == nil || *r.Measures["x"] != 50 {
		t.Errorf("mean x = %+v, want 50 over 2", r)
	}
	if r.Measures["y"] != nil {
		t.Errorf("mean y = %v, want nil (nobody scored it)", *r.Measures["y"])
	}
}

func BenchmarkCompare(b *testing.B) {
	ids := []string{"s1", "s2", "s3", "s4", "s5", "s6", "s7", "s8", MeasureTotal, MeasureDontKnow}
	var rs []MunicipalityResult
	for i, m := range Municipalities() {
		ms := map[string]*float64{}
		for j, id := range ids {
			v := float64((i*7 + j*13) % 100)
			ms[id] = &v
		}
		rs = append(rs, MunicipalityResult{Municipality: m.Code, Respondents: 1, Measures: ms})
	}
	b.ReportAllocs()
	for b.Loop() {
		Compare(ids, rs, DefaultRules())
	}
}

// BenchmarkCompareSparse: a tenth of the municipalities answered, a few
// measures left blank, so counties are hidden and covered.
func BenchmarkCompareSparse(b *testing.B) {
	ids := []string{"s1", "s2", "s3", "s4", "s5", "s6", "s7", "s8", MeasureTotal, MeasureDontKnow}
	var rs []MunicipalityResult
	for i, m := range Municipalities() {
		if i%10 != 3 {
			continue
		}
		ms := map[string]*float64{}
		for j, id := range ids {
			if (i+j)%17 != 0 {
				v := float64((i*7 + j*13) % 100)
				ms[id] = &v
			}
		}
		rs = append(rs, MunicipalityResult{Municipality: m.Code, Respondents: 1, Measures: ms})
	}
	b.ReportAllocs()
	for b.Loop() {
		Compare(ids, rs, DefaultRules())
	}
}

// TestCompareOrderFree: a county's mean is the same whatever the order of
// the results, and is the exact mean of its municipalities' values rounded
// once (as Mean rounds). Adding float64 values was neither: the demo round's
// Gävleborg mean moved between 58.7 and 58.8 with the order of a map.
func TestCompareOrderFree(t *testing.T) {
	rng := rand.New(rand.NewPCG(11, 3))
	for i := range 2000 {
		r := randomCompareRound(rng, rng.IntN(2) == 0)
		rules := Rules{MinMunicipalities: 0} // nothing hidden: every mean is checked
		want := Compare(r.measures, r.results, rules)
		shuffled := slices.Clone(r.results)
		rng.Shuffle(len(shuffled), func(i, j int) { shuffled[i], shuffled[j] = shuffled[j], shuffled[i] })
		got := Compare(r.measures, shuffled, rules)
		if g, w := marshal(t, got), marshal(t, want); g != w {
			t.Fatalf("round %d: another order of the results gave other figures:\n got %s\nwant %s", i, g, w)
		}
		// Exact: the sum of whole tenths over the municipalities, rounded once.
		for _, g := range got.Counties {
			for _, id := range r.measures {
				var units int64
				n := 0
				for _, res := range r.results {
					if m, ok := MunicipalityByCode(res.Municipality); ok && m.County == g.Code && res.Respondents > 0 {
						if v := res.Measures[id]; v != nil {
							units += MeasureUnits(*v)
							n++
						}
					}
				}
				f := g.Measures[id]
				if n == 0 {
					if f.Value != nil {
						t.Fatalf("round %d, county %s, %s: a value without municipalities", i, g.Code, id)
					}
					continue
				}
				// The values are whole tenths: the mean in tenths, half up.
				tenths := units / 100
				if exact := (2*tenths + int64(n)) / (2 * int64(n)); f.Value == nil || int64(math.Round(*f.Value*10)) != exact {
					t.Fatalf("round %d, county %s, %s: got %v, want %d tenths (%d tenths over %d)", i, g.Code, id, f.Value, exact, tenths, n)
				}
			}
		}
	}
}

func marshal(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}
