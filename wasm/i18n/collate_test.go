package i18n

import (
	"slices"
	"testing"
)

func TestCompareNames(t *testing.T) {
	tests := []struct {
		name string
		in   []string
		want []string
	}{
		{"å ä ö after z, in that order",
			[]string{"Örebro", "Älmhult", "Åre", "Ystad", "Arvika", "Öckerö", "Åsele", "Ängelholm", "Zeta"},
			[]string{"Arvika", "Ystad", "Zeta", "Åre", "Åsele", "Älmhult", "Ängelholm", "Öckerö", "Örebro"}},
		{"case does not matter", []string{"vindeln", "Umeå", "Vilhelmina", "åsele"},
			[]string{"Umeå", "Vilhelmina", "vindeln", "åsele"}},
		{"a space or dash before letters",
			[]string{"Upplandsbro", "Upplands-Bro", "Upplands Väsby", "Uppsala"},
			[]string{"Upplands-Bro", "Upplands Väsby", "Upplandsbro", "Uppsala"}},
		{"é as e, ü as y, prefixes first",
			[]string{"Malmö", "Malå", "Mal", "Müller", "Motala", "Méla", "Mela"},
			[]string{"Mal", "Malmö", "Malå", "Mela", "Méla", "Motala", "Müller"}},
		{"Västerbottens län", // byte order would put Åsele last but Örnsköldsvik's ö before å
			[]string{"Åsele", "Bjurholm", "Dorotea", "Lycksele", "Malå", "Nordmaling", "Norsjö", "Robertsfors", "Skellefteå", "Sorsele", "Storuman", "Umeå", "Vilhelmina", "Vindeln", "Vännäs"},
			[]string{"Bjurholm", "Dorotea", "Lycksele", "Malå", "Nordmaling", "Norsjö", "Robertsfors", "Skellefteå", "Sorsele", "Storuman", "Umeå", "Vilhelmina", "Vindeln", "Vännäs", "Åsele"}},
	}
	for _, tt := range tests {
		got := slices.Clone(tt.in)
		slices.SortStableFunc(got, CompareNames)
		if !slices.Equal(got, tt.want) {
			t.Errorf("%s: sorted %q, want %q", tt.name, got, tt.want)
		}
	}
}

// TestCompareNamesTotal: an order (antisymmetric, 0 only for equal
// strings), over names that differ in case, accents and separators.
func TestCompareNamesTotal(t *testing.T) {
	names := []string{"", "a", "A", "á", "å", "Å", "ä", "ö", "ø", "z", "a b", "a-b", "ab", "a\u00a0b", "a1", "a.", "ß", "中", "\xff"}
	for _, a := range names {
		for _, b := range names {
			ab, ba := CompareNames(a, b), CompareNames(b, a)
			if ab != -ba || (ab == 0) != (a == b) {
				t.Errorf("CompareNames(%q, %q) = %d, reversed %d", a, b, ab, ba)
			}
		}
	}
}
