package i18n

// MunicipalityName is a municipality's name as a reader expects it after
// "Du svarar för": "Sundbybergs kommun", "Umeå kommun", "Borås kommun";
// in English "Sundbyberg Municipality". Swedish puts the genitive s on a
// name that ends in a consonant other than s, x or z; four municipalities
// are called otherwise.
func MunicipalityName(lang, name string) string {
	switch {
	case name == "":
		return ""
	case name == "Gotland":
		return "Region Gotland"
	case Lang(lang) == "en":
		return name + " Municipality"
	case name == "Falun":
		return "Falu kommun"
	case name == "Kalmar", name == "Orust":
		return name + " kommun"
	}
	var last rune
	for _, r := range name {
		last = r
	}
	switch last {
	case 'a', 'e', 'i', 'o', 'u', 'y', 'å', 'ä', 'ö', 'é', 's', 'x', 'z':
		return name + " kommun"
	}
	return name + "s kommun"
}
