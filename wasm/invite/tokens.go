package invite

import "strings"

// The keys the lead has pasted are kept in the tab's session storage, one
// a line, never in the address. What is stored there is read back as
// outside input: the tab's storage can hold anything.

// MaxTokens is how many keys a tab keeps: one per round, and no lead runs
// that many rounds at once.
const MaxTokens = 20

// maxTokenLen is the longest key kept: codes are 19 characters, admin
// tokens longer, nothing sensible near this.
const maxTokenLen = 200

// CleanToken is a pasted key as the API takes it: without the spaces and
// line breaks around it and a "Bearer " before it that came along with
// the copy; ok is false when what is left cannot be a key (empty, too
// long, or with a space, control or non-ASCII character inside).
func CleanToken(s string) (string, bool) {
	s = strings.TrimSpace(s)
	if len(s) > 7 && strings.EqualFold(s[:7], "bearer ") {
		s = strings.TrimSpace(s[7:])
	}
	if s == "" || len(s) > maxTokenLen {
		return "", false
	}
	for i := 0; i < len(s); i++ {
		if s[i] <= ' ' || s[i] > '~' {
			return "", false
		}
	}
	return s, true
}

// ParseTokens reads the stored keys: one a line, each cleaned, the first
// of duplicates kept, what cannot be a key dropped, at most MaxTokens.
func ParseTokens(stored string) []string {
	var out []string
	for line := range strings.SplitSeq(stored, "\n") {
		t, ok := CleanToken(line)
		if ok && !hasToken(out, t) && len(out) < MaxTokens {
			out = append(out, t)
		}
	}
	return out
}

// FormatTokens is what ParseTokens reads.
func FormatTokens(tokens []string) string { return strings.Join(tokens, "\n") }

// AddToken adds a cleaned key to the list, newest last; added is false
// when it is already there or the list is full.
func AddToken(tokens []string, t string) (out []string, added bool) {
	if hasToken(tokens, t) || len(tokens) >= MaxTokens {
		return tokens, false
	}
	return append(tokens, t), true
}

// RemoveToken takes a key out of the list (one that no longer opens a round).
func RemoveToken(tokens []string, t string) []string {
	var out []string
	for _, x := range tokens {
		if x != t {
			out = append(out, x)
		}
	}
	return out
}

func hasToken(tokens []string, t string) bool {
	for _, x := range tokens {
		if x == t {
			return true
		}
	}
	return false
}
