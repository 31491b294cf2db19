package lagesbild

import "io"

// NewUUID makes a random (version 4) UUID in canonical lower-case form from
// r: the id of a response (a draft's, sent with every retry) and of a
// workshop participant's device. The caller passes crypto/rand or the
// browser's; the core draws no randomness of its own.
func NewUUID(r io.Reader) (string, error) {
	var b [16]byte
	if _, err := io.ReadFull(r, b[:]); err != nil {
		return "", err
	}
	return FormatUUID(b, 4), nil
}

// FormatUUID sets the version (4 random, 5 name-based) and RFC 4122 variant
// bits of b and writes it in canonical lower-case form. Ids derived from a
// hash of a name (a workshop's response, a demo response) are made with it,
// so saving or seeding again gives the same id.
func FormatUUID(b [16]byte, version byte) string {
	b[6] = b[6]&0x0f | version<<4
	b[8] = b[8]&0x3f | 0x80
	const hexd = "0123456789abcdef"
	out := make([]byte, 0, 36)
	for i, c := range b {
		if i == 4 || i == 6 || i == 8 || i == 10 {
			out = append(out, '-')
		}
		out = append(out, hexd[c>>4], hexd[c&15])
	}
	return string(out)
}

// IsUUID reports whether s is a UUID in canonical lower-case form, as
// NewUUID makes them and the worker wants them. (No regexp: it would add
// 150 KB to the browser's wasm.)
func IsUUID(s string) bool {
	if len(s) != 36 {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch i {
		case 8, 13, 18, 23:
			if c != '-' {
				return false
			}
		default:
			if !('0' <= c && c <= '9' || 'a' <= c && c <= 'f') {
				return false
			}
		}
	}
	return true
}
