package i18n

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// CompareNames orders names as a Swedish list does (SAOL, Swedish
// collation): case aside, å, ä and ö after z, in that order; é and à as
// e and a, ü as y, æ as ä and ø as ö; a space and a dash alike, before
// any letter ("Upplands-Bro", "Upplands Väsby", "Upplandsbro"). Names
// that differ only in case or accents are ordered by their bytes, so the
// order is total. (Byte order would put Ä before Å, and golang.org/x/text's
// collate would add its tables to the wasm binary.)
func CompareNames(a, b string) int {
	for i, j := 0, 0; ; {
		if i == len(a) || j == len(b) {
			switch {
			case i < len(a):
				return 1
			case j < len(b):
				return -1
			}
			return strings.Compare(a, b)
		}
		ra, na := utf8.DecodeRuneInString(a[i:])
		rb, nb := utf8.DecodeRuneInString(b[j:])
		if ka, kb := collationKey(ra), collationKey(rb); ka != kb {
			if ka < kb {
				return -1
			}
			return 1
		}
		i, j = i+na, j+nb
	}
}

// collationKey is a rune's place in the Swedish order: separators, digits,
// a–z, å, ä, ö, then every other rune after them by its code point.
func collationKey(r rune) rune {
	r = unicode.ToLower(r)
	switch r {
	case ' ', '-', '\u00a0', '\u2011':
		return 1
	case 'à', 'á', 'â', 'ã':
		r = 'a'
	case 'é', 'è', 'ê', 'ë':
		r = 'e'
	case 'í', 'ì', 'î', 'ï':
		r = 'i'
	case 'ó', 'ò', 'ô', 'õ':
		r = 'o'
	case 'ú', 'ù', 'û':
		r = 'u'
	case 'ü', 'ý', 'ÿ':
		r = 'y'
	case 'ç':
		r = 'c'
	case 'ñ':
		r = 'n'
	case 'å':
		return 'z' + 1
	case 'ä', 'æ':
		return 'z' + 2
	case 'ö', 'ø':
		return 'z' + 3
	}
	switch {
	case '0' <= r && r <= '9', 'a' <= r && r <= 'z':
		return r
	case r < '0':
		return 2 // other punctuation: after separators, before digits
	}
	return 'z' + 4 + r
}
