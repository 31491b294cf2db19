package lagesbild

import (
	"bytes"
	"encoding/csv"
	"reflect"
	"testing"
)

func TestRegistryCounts(t *testing.T) {
	if got, want := len(Counties()), 21; got != want {
		t.Errorf("counties = %d, want %d", got, want)
	}
	if got, want := len(Municipalities()), 290; got != want {
		t.Errorf("municipalities = %d, want %d", got, want)
	}
	// Every municipality is in exactly one county, and each county's declared
	// count matches its municipalities.
	sum := 0
	for _, c := range Counties() {
		n := len(MunicipalitiesIn(c.Code))
		if n != c.Municipalities {
			t.Errorf("%s %s: %d municipalities in the list, %d declared", c.Code, c.Name, n, c.Municipalities)
		}
		sum += n
	}
	if sum != 290 {
		t.Errorf("municipalities over counties = %d, want 290", sum)
	}
}

func TestRegistryLookups(t *testing.T) {
	munis := []struct{ code, name, county string }{
		{"0180", "Stockholm", "01"},
		{"0980", "Gotland", "09"},
		{"2480", "Umeå", "24"},
		{"1480", "Göteborg", "14"},
		{"1280", "Malmö", "12"},
		{"2584", "Kiruna", "25"},
	}
	for _, tt := range munis {
		m, ok := MunicipalityByCode(tt.code)
		if !ok || m.Name != tt.name || m.County != tt.county {
			t.Errorf("MunicipalityByCode(%s) = %+v, %v; want %s in %s", tt.code, m, ok, tt.name, tt.county)
		}
	}
	counties := []struct{ code, short, police, coordinator string }{
		{"09", "Gotland", "Stockholm", "Stockholm"},
		{"24", "Västerbotten", "Nord", "Nord"},
		{"17", "Värmland", "Bergslagen", "Bergslagen"},
	}
	for _, tt := range counties {
		c, ok := CountyByCode(tt.code)
		if !ok || c.Short != tt.short || c.PoliceRegion != tt.police || c.CoordinatorRegion != tt.coordinator {
			t.Errorf("CountyByCode(%s) = %+v, %v", tt.code, c, ok)
		}
	}
	for _, bad := range []string{"", "0", "00", "9999", "0114 "} {
		if _, ok := MunicipalityByCode(bad); ok {
			t.Errorf("MunicipalityByCode(%q) found something", bad)
		}
		if _, ok := CountyByCode(bad); ok {
			t.Errorf("CountyByCode(%q) found something", bad)
		}
	}
}

// TestCSVRows checks the registry's CSV reader against encoding/csv on the
// embedded files and on quoting cases.
func TestCSVRows(t *testing.T) {
	for _, data := range [][]byte{countiesCSV, municipalitiesCSV, groupsCSV, []byte("a,\"b,c\",\"d \"\"e\"\"\"\r\n,,\n\"\"\n")} {
		got, err := csvRows("x.csv", data)
		if err != nil {
			t.Fatal(err)
		}
		r := csv.NewReader(bytes.NewReader(data))
		r.FieldsPerRecord = -1
		want, err := r.ReadAll()
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("csvRows = %q\nencoding/csv = %q", got, want)
		}
	}
}

func TestParseRegistryErrors(t *testing.T) {
	counties := "lanskod,lan,kortnamn,antal_kommuner,polisregion,regionkoordinator_region\n01,Stockholms län,Stockholm,1,Stockholm,Stockholm\n"
	munis := "kommunkod,kommun,lanskod\n0114,Upplands Väsby,01\n0115,Vallentuna,01\n"
	groups := "kommunkod,kommungrupp_kod,kommungrupp\n"
	tests := []struct{ counties, munis, groups, want string }{
		{counties, "kommunkod,kommun,lanskod\n0114,Upplands Väsby,02\n", "", `kommuner.csv:2: unknown county "02"`},
		{counties, "kommunkod,kommun,lanskod\n0114,A,01\n0114,B,01\n", "", `kommuner.csv:3: duplicate code "0114"`},
		{"lanskod,lan,kortnamn,antal_kommuner,polisregion,regionkoordinator_region\n01,S,S,x,S,S\n", "kommunkod,kommun,lanskod\n", "", "lan.csv:2: antal_kommuner"},
		{"lanskod,lan,kortnamn,antal_kommuner,polisregion,regionkoordinator_region\n01,\"S,S,1,S,S\n", "kommunkod,kommun,lanskod\n", "", `lan.csv:2: a quoted field without its closing "`},
		{"lanskod,lan,kortnamn,antal_kommuner,polisregion,regionkoordinator_region\n01,\"S\"x,S,1,S,S\n", "kommunkod,kommun,lanskod\n", "", "lan.csv:2: text after a quoted field"},
		{"lanskod,lan,kortnamn,antal_kommuner,polisregion,regionkoordinator_region\n01,S\"x,S,1,S,S\n", "kommunkod,kommun,lanskod\n", "", `lan.csv:2: bare " in a field`},
		{counties, "kommunkod,kommun,lanskod\n0114,A\n", "", "kommuner.csv:2: want 3 fields, got 2"},
		{counties, munis, groups + "0114,A2,Pendlingskommun nära storstad\n", "kommungrupp.csv: no group for 0115 Vallentuna"},
		{counties, munis, groups + "0114,A2,Pendlingskommun nära storstad\n0116,A2,Pendlingskommun nära storstad\n", `kommungrupp.csv:3: unknown municipality "0116"`},
		{counties, munis, groups + "0114,A2,Pendlingskommun nära storstad\n0114,A2,Pendlingskommun nära storstad\n", `kommungrupp.csv:3: municipality "0114" given twice`},
		{counties, munis, groups + "0114,2A,Pendlingskommun nära storstad\n", `kommungrupp.csv:2: group code "2A": want a letter and a digit`},
		{counties, munis, groups + "0114,A2,\n", "kommungrupp.csv:2: group A2 has no name"},
		{counties, munis, groups + "0114,A2,Pendlingskommun nära storstad\n0115,A2,Storstäder\n", `kommungrupp.csv:3: group A2 is named "Storstäder" here and "Pendlingskommun nära storstad" above`},
		{counties, munis, groups + "0114,A2\n", "kommungrupp.csv:2: want 3 fields, got 2"},
		{counties, munis, groups + "0114,A2,\"x\n", `kommungrupp.csv:2: a quoted field without its closing "`},
	}
	for _, tt := range tests {
		_, err := parseRegistry([]byte(tt.counties), []byte(tt.munis), []byte(tt.groups))
		if err == nil || len(err.Error()) < len(tt.want) || err.Error()[:len(tt.want)] != tt.want {
			t.Errorf("err = %v, want %q", err, tt.want)
		}
	}
}

// TestMunicipalityGroups: SKR's kommungruppsindelning 2023, every
// municipality in one of its nine groups, with SKR's codes, names and sizes
// (data/kommungrupp-source.md).
func TestMunicipalityGroups(t *testing.T) {
	want := []struct {
		code, name string
		n          int
	}{
		{"A1", "Storstäder", 3},
		{"A2", "Pendlingskommun nära storstad", 43},
		{"B3", "Större stad", 23},
		{"B4", "Pendlingskommun nära större stad", 63},
		{"B5", "Lågpendlingskommun nära större stad", 24},
		{"C6", "Mindre stad/tätort", 27},
		{"C7", "Pendlingskommun nära mindre stad/tätort", 51},
		{"C8", "Landsbygdskommun", 35},
		{"C9", "Landsbygdskommun med besöksnäring", 21},
	}
	groups := MunicipalityGroups()
	if len(groups) != len(want) {
		t.Fatalf("groups = %+v, want %d", groups, len(want))
	}
	sum := 0
	for i, w := range want {
		if g := groups[i]; g.Code != w.code || g.Name != w.name {
			t.Errorf("group %d = %+v, want %s %s", i, g, w.code, w.name)
		}
		in := MunicipalitiesInGroup(w.code)
		if len(in) != w.n {
			t.Errorf("%s: %d municipalities, want %d", w.code, len(in), w.n)
		}
		for j, m := range in {
			if m.Group != w.code || j > 0 && in[j-1].Code >= m.Code {
				t.Errorf("%s: %+v out of place", w.code, m)
			}
		}
		sum += len(in)
	}
	if sum != 290 {
		t.Errorf("municipalities over groups = %d, want 290", sum)
	}
	for _, m := range Municipalities() {
		if m.Group == "" {
			t.Errorf("%s %s has no group", m.Code, m.Name)
		}
	}
	for _, tt := range []struct{ code, group string }{
		{"0180", "A1"}, {"1480", "A1"}, {"1280", "A1"}, // Stockholm, Göteborg, Malmö
		{"0980", "C6"},                 // Gotland
		{"0305", "A2"}, {"0643", "B4"}, // Håbo and Habo, told apart by order
	} {
		if m, _ := MunicipalityByCode(tt.code); m.Group != tt.group {
			t.Errorf("%s %s: group %q, want %q", m.Code, m.Name, m.Group, tt.group)
		}
	}
	if got := MunicipalitiesInGroup("D1"); got != nil {
		t.Errorf("MunicipalitiesInGroup(D1) = %v", got)
	}
}
