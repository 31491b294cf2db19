package lagesbild

import (
	"slices"
	"testing"
)

func TestCompareNames(t *testing.T) {
	tests := []struct {
		a, b string
		want int
	}{
		{"Umeå", "Umeå", 0},
		{"Arjeplog", "Ystad", -1},
		{"Ystad", "Åstorp", -1},          // å after z
		{"Åstorp", "Ängelholm", -1},      // å before ä (bytes: Ä before Å)
		{"Ängelholm", "Örkelljunga", -1}, // ä before ö
		{"Zinkgruvan", "Älvdalen", -1},
		{"Malmö", "Malung-Sälen", -1},
		{"Höganäs", "Hörby", -1},
		{"Hörby", "Höör", -1},       // r before ö
		{"Eslöv", "eslöv", -1},      // case only: the bytes decide
		{"eskilstuna", "Eslöv", -1}, // case is no letter's place
		{"Upplands Väsby", "Upplands-Bro", -1},
		{"Upplands-Bro", "Upplandsbro", -1},
		{"Lund", "Lunda", -1},
		{"Orsa", "Öckerö", -1},
		{"Västerås", "Vänersborg", 1}, // s after n
		{"Éxempel", "Ex", 1},
		{"Müller", "Myller", 1}, // ü as y: equal letters, then the bytes decide
	}
	for _, tt := range tests {
		if got := CompareNames(tt.a, tt.b); got != tt.want {
			t.Errorf("CompareNames(%q, %q) = %d, want %d", tt.a, tt.b, got, tt.want)
		}
		if got := CompareNames(tt.b, tt.a); got != -tt.want {
			t.Errorf("CompareNames(%q, %q) = %d, want %d", tt.b, tt.a, got, -tt.want)
		}
	}
}

// TestCompareNamesSkåne: a county's municipalities in name order end with
// Åstorp, Ängelholm, Örkelljunga, Östra Göinge, as in a Swedish list.
func TestCompareNamesSkåne(t *testing.T) {
	var names []string
	for _, m := range MunicipalitiesIn("12") {
		names = append(names, m.Name)
	}
	slices.SortFunc(names, CompareNames)
	want := []string{"Ystad", "Åstorp", "Ängelholm", "Örkelljunga", "Östra Göinge"}
	if got := names[len(names)-len(want):]; !slices.Equal(got, want) {
		t.Errorf("the last of Skåne's municipalities: %q, want %q", got, want)
	}
	if names[0] != "Bjuv" {
		t.Errorf("the first of Skåne's municipalities: %q, want Bjuv", names[0])
	}
}

// TestCompareNamesOrder: over every municipality's name the order is a
// total order: antisymmetric, zero only for equal names, and transitive.
func TestCompareNamesOrder(t *testing.T) {
	var names []string
	for _, m := range Municipalities() {
		names = append(names, m.Name)
	}
	names = append(names, "Älvsbyn", "ÄLVSBYN", "älvsbyn", "Alvsbyn", "Ålvsbyn")
	for _, a := range names {
		for _, b := range names {
			ab, ba := CompareNames(a, b), CompareNames(b, a)
			if ab != -ba || (ab == 0) != (a == b) {
				t.Fatalf("CompareNames(%q, %q) = %d, reversed %d", a, b, ab, ba)
			}
		}
	}
	slices.SortFunc(names, CompareNames)
	for i := 1; i < len(names); i++ {
		for j := i; j < len(names); j++ {
			if CompareNames(names[i-1], names[j]) > 0 {
				t.Fatalf("sorted, %q comes before %q but compares after it", names[i-1], names[j])
			}
		}
	}
}
