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
	for _, data := range [][]byte{countiesCSV, municipalitiesCSV, []byte("a,\"b,c\",\"d \"\"e\"\"\"\r\n,,\n\"\"\n")} {
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
	tests := []struct{ counties, munis, want string }{
		{counties, "kommunkod,kommun,lanskod\n0114,Upplands Väsby,02\n", `kommuner.csv:2: unknown county "02"`},
		{counties, "kommunkod,kommun,lanskod\n0114,A,01\n0114,B,01\n", `kommuner.csv:3: duplicate code "0114"`},
		{"lanskod,lan,kortnamn,antal_kommuner,polisregion,regionkoordinator_region\n01,S,S,x,S,S\n", "kommunkod,kommun,lanskod\n", "lan.csv:2: antal_kommuner"},
		{"lanskod,lan,kortnamn,antal_kommuner,polisregion,regionkoordinator_region\n01,\"S,S,1,S,S\n", "kommunkod,kommun,lanskod\n", `lan.csv:2: a quoted field without its closing "`},
		{"lanskod,lan,kortnamn,antal_kommuner,polisregion,regionkoordinator_region\n01,\"S\"x,S,1,S,S\n", "kommunkod,kommun,lanskod\n", "lan.csv:2: text after a quoted field"},
		{"lanskod,lan,kortnamn,antal_kommuner,polisregion,regionkoordinator_region\n01,S\"x,S,1,S,S\n", "kommunkod,kommun,lanskod\n", `lan.csv:2: bare " in a field`},
		{counties, "kommunkod,kommun,lanskod\n0114,A\n", "kommuner.csv:2: want 3 fields, got 2"},
	}
	for _, tt := range tests {
		_, err := parseRegistry([]byte(tt.counties), []byte(tt.munis))
		if err == nil || len(err.Error()) < len(tt.want) || err.Error()[:len(tt.want)] != tt.want {
			t.Errorf("err = %v, want %q", err, tt.want)
		}
	}
}
