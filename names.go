package lagesbild

import (
	"strings"
	"unicode/utf8"
)

// CompareNames orders names as a Swedish reader expects (svensk
// alfabetisk ordning): letters without regard to case, å, ä and ö after z in
// that order, é as e and ü as y; a space or a dash before any letter
// ("Upplands Väsby" before "Upplands-Bro"). Byte order would put Ä before Å
// and every lower-case letter after every capital. Names equal in that order
// are ordered by their bytes, so the order is total. It returns -1, 0 or +1.
func CompareNames(a, b string) int {
	for i, j := 0, 0; i < len(a) || j < len(b); {
		if i == len(a) {
			return -1
		}
		if j == len(b) {
			return 1
		}
		ra, na := utf8.DecodeRuneInString(a[i:])
		rb, nb := utf8.DecodeRuneInString(b[j:])
		i, j = i+na, j+nb
		if wa, wb := nameWeight(ra), nameWeight(rb); wa != wb {
			if wa < wb {
				return -1
			}
			return 1
		}
	}
	return strings.Compare(a, b)
}

// nameWeight is a rune's place in CompareNames' order: everything that is
// not a letter (spaces, dashes, digits) by its code point, below the
// letters; the letters a–z, then å, ä, ö, at 1000 and up; other letters
// after them.
func nameWeight(r rune) rune {
	const letters = 1000
	switch {
	case 'a' <= r && r <= 'z':
		return letters + r - 'a'
	case 'A' <= r && r <= 'Z':
		return letters + r - 'A'
	}
	switch r {
	case 'å', 'Å':
		return letters + 26
	case 'ä', 'Ä', 'æ', 'Æ':
		return letters + 27
	case 'ö', 'Ö', 'ø', 'Ø':
		return letters + 28
	case 'é', 'É', 'è', 'È', 'ê', 'Ê', 'ë', 'Ë':
		return letters + 'e' - 'a'
	case 'á', 'Á', 'à', 'À', 'â', 'Â':
		return letters
	case 'ü', 'Ü':
		return letters + 'y' - 'a'
	}
	if r < 0x80 {
		return r
	}
	return letters + 29 + r
}
