package lagesbild

import (
	"encoding/json"
	"fmt"
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
	firstN("24", 3, 70, in)                 // Västerbotten: 3 × 70
	c := Compare([]string{"a"}, results(in), DefaultRules())
	st, _ := c.County("01")
	vb, _ := c.County("24")
	if got := val(st.Measures["a"]); got != "50.0" {
		t.Errorf("Stockholm = %s, want 50.0", got)
	}
	if st.Responded != 5 || st.Municipalities != 26 {
		t.Errorf("Stockholm responded %d of %d, want 5 of 26", st.Responded, st.Municipalities)
	}
	if got := val(vb.Measures["a"]); got != "70.0" {
		t.Errorf("Västerbotten = %s, want 70.0", got)
	}
	// National: unweighted over the 8 municipalities: (250+210)/8 = 57.5.
	if got := val(c.National.Measures["a"]); got != "57.5" {
		t.Errorf("national = %s, want 57.5", got)
	}
	if got := c.National.Measures["a"].N; got != 8 {
		t.Errorf("national n = %d, want 8", got)
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
			// hidden, and with it the next smallest county, or Gotland's value
			// would be the national sum minus the others.
			name: "gotland",
			setup: func(m map[string]float64) {
				firstN("09", 1, 10, m)
				firstN("01", 5, 50, m)
				firstN("14", 4, 60, m)
				firstN("24", 3, 70, m)
			},
			want: want{"09": "suppressed", "24": "suppressed", "01": "50.0", "14": "60.0", "SE": "54.6"},
		},
		{
			name: "county with 2 respondents",
			setup: func(m map[string]float64) {
				firstN("12", 2, 20, m)
				firstN("01", 3, 50, m)
				firstN("14", 4, 60, m)
			},
			// Skåne (2) is hidden; hiding it alone leaves it derivable, so the
			// smallest shown county, Stockholm (3), goes too: 2+3 >= 3.
			want: want{"12": "suppressed", "01": "suppressed", "14": "60.0", "SE": "47.8"},
		},
		{
			name: "one suppressed county among 21",
			setup: func(m map[string]float64) {
				for _, c := range Counties() {
					n := 3
					if c.Code == "09" {
						n = 1
					}
					firstN(c.Code, n, 50, m)
				}
				m[MunicipalitiesIn("13")[0].Code] = 80 // Halland 3 municipalities (first is 80)
			},
			// 20 counties with 3 each: secondary suppression picks the first by code (01).
			want: want{"09": "suppressed", "01": "suppressed", "03": "50.0", "13": "60.0", "25": "50.0", "SE": "50.5"},
		},
		{
			name: "two small counties cover each other",
			setup: func(m map[string]float64) {
				firstN("12", 2, 20, m)
				firstN("13", 2, 30, m)
				firstN("01", 3, 50, m)
			},
			// Two hidden counties with 4 municipalities between them: nothing more to hide.
			want: want{"12": "suppressed", "13": "suppressed", "01": "50.0", "SE": "35.7"},
		},
		{
			name: "too few in the whole country",
			setup: func(m map[string]float64) {
				firstN("01", 2, 50, m)
			},
			want: want{"01": "suppressed", "SE": "suppressed", "14": "none"},
		},
		{
			// The whole country is two hidden counties with 3 municipalities:
			// the national figure rests on 3 and cannot be split between them.
			name: "only hidden counties",
			setup: func(m map[string]float64) {
				firstN("12", 2, 20, m)
				firstN("09", 1, 10, m)
			},
			want: want{"12": "suppressed", "09": "suppressed", "SE": "16.7"},
		},
		{
			name:  "no data anywhere",
			setup: func(map[string]float64) {},
			want:  want{"01": "none", "SE": "suppressed"},
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
			assertNotDerivable(t, c, "a", 3)
		})
	}
}

// assertNotDerivable checks the property secondary suppression is for: when
// the national value is shown, the hidden counties are at least two and rest
// on at least k municipalities together.
func assertNotDerivable(t *testing.T, c Comparison, id string, k int) {
	t.Helper()
	if c.National.Measures[id].Suppressed {
		return
	}
	hidden, units := 0, 0
	for _, g := range c.Counties {
		if g.Measures[id].Suppressed {
			hidden++
			units += g.Measures[id].N
		}
	}
	if hidden == 1 || (hidden > 1 && units < k) {
		t.Errorf("%d hidden counties with %d municipalities: derivable from the national value", hidden, units)
	}
}

func TestSuppressedFigureJSON(t *testing.T) {
	m := map[string]float64{}
	firstN("09", 1, 10, m)
	c := Compare([]string{"a"}, results(m), DefaultRules())
	g, _ := c.County("09")
	b, _ := json.Marshal(g.Measures["a"])
	if got, want := string(b), `{"value":null,"n":1,"suppressed":true}`; got != want {
		t.Errorf("json = %s, want %s", got, want)
	}
}

func TestCompareConfigurableK(t *testing.T) {
	m := map[string]float64{}
	firstN("12", 2, 20, m)
	firstN("01", 3, 50, m)
	firstN("14", 4, 60, m)
	c := Compare([]string{"a"}, results(m), Rules{MinMunicipalities: 1})
	for _, code := range []string{"12", "01", "14"} {
		if g, _ := c.County(code); g.Measures["a"].Suppressed {
			t.Errorf("k=1: %s suppressed", code)
		}
	}
	c = Compare([]string{"a"}, results(m), Rules{MinMunicipalities: 5})
	for _, code := range []string{"12", "01", "14"} {
		if g, _ := c.County(code); !g.Measures["a"].Suppressed {
			t.Errorf("k=5: %s shown", code)
		}
	}
	assertNotDerivable(t, c, "a", 5)
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
