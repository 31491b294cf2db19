package i18n

import (
	"testing"

	"lagesbild"
)

func TestMunicipalityName(t *testing.T) {
	tests := []struct{ lang, name, want string }{
		{"sv", "Sundbyberg", "Sundbybergs kommun"},
		{"sv", "Umeå", "Umeå kommun"},
		{"sv", "Borås", "Borås kommun"},
		{"sv", "Kalix", "Kalix kommun"},
		{"sv", "Upplands Väsby", "Upplands Väsby kommun"},
		{"sv", "Lilla Edet", "Lilla Edets kommun"},
		{"sv", "Malung-Sälen", "Malung-Sälens kommun"},
		{"sv", "Falun", "Falu kommun"},
		{"sv", "Kalmar", "Kalmar kommun"},
		{"sv", "Orust", "Orust kommun"},
		{"sv", "Gotland", "Region Gotland"},
		{"en", "Sundbyberg", "Sundbyberg Municipality"},
		{"en", "Falun", "Falun Municipality"},
		{"en", "Gotland", "Region Gotland"},
		{"sv", "", ""},
	}
	for _, tt := range tests {
		if got := MunicipalityName(tt.lang, tt.name); got != tt.want {
			t.Errorf("MunicipalityName(%q, %q) = %q, want %q", tt.lang, tt.name, got, tt.want)
		}
	}
}

// TestMunicipalityNameEvery names every municipality of the registry:
// its name, with or without the genitive s, then " kommun" (Falun and
// Gotland excepted).
func TestMunicipalityNameEvery(t *testing.T) {
	for _, m := range lagesbild.Municipalities() {
		if m.Name == "Falun" || m.Name == "Gotland" {
			continue
		}
		if got := MunicipalityName("sv", m.Name); got != m.Name+" kommun" && got != m.Name+"s kommun" {
			t.Errorf("%s: %q", m.Name, got)
		}
	}
}
