package invite

import (
	"slices"
	"strings"
	"testing"
)

func TestCleanToken(t *testing.T) {
	tests := []struct {
		in, want string
		ok       bool
	}{
		{"K7QM-3XPA-9RTF-W2HD", "K7QM-3XPA-9RTF-W2HD", true},
		{"  K7QM-3XPA-9RTF-W2HD\r\n", "K7QM-3XPA-9RTF-W2HD", true},
		{"Bearer K7QM-3XPA-9RTF-W2HD", "K7QM-3XPA-9RTF-W2HD", true},
		{"bearer   dev-0123456789abcdef", "dev-0123456789abcdef", true},
		{"Bearer", "Bearer", true}, // only a prefix when something follows
		{"", "", false},
		{"   \t", "", false},
		{"K7QM 3XPA", "", false},
		{"K7QM\x003XPA", "", false},
		{"nyckel-åäö", "", false},
		{strings.Repeat("A", 200), strings.Repeat("A", 200), true},
		{strings.Repeat("A", 201), "", false},
	}
	for _, tt := range tests {
		got, ok := CleanToken(tt.in)
		if got != tt.want || ok != tt.ok {
			t.Errorf("CleanToken(%q) = %q, %v; want %q, %v", tt.in, got, ok, tt.want, tt.ok)
		}
	}
}

func TestParseTokens(t *testing.T) {
	tests := []struct {
		stored string
		want   []string
	}{
		{"", nil},
		{"AAAA-BBBB\nCCCC-DDDD", []string{"AAAA-BBBB", "CCCC-DDDD"}},
		{"AAAA-BBBB\r\n\r\n  CCCC-DDDD  \nAAAA-BBBB\n", []string{"AAAA-BBBB", "CCCC-DDDD"}},
		{"not a key\nAAAA-BBBB\n{\"json\": 1}", []string{"AAAA-BBBB"}},
	}
	for _, tt := range tests {
		if got := ParseTokens(tt.stored); !slices.Equal(got, tt.want) {
			t.Errorf("ParseTokens(%q) = %q, want %q", tt.stored, got, tt.want)
		}
	}
	var many []string
	for i := range MaxTokens + 5 {
		many = append(many, strings.Repeat("K", i+1))
	}
	if got := ParseTokens(FormatTokens(many)); len(got) != MaxTokens || got[0] != "K" {
		t.Errorf("ParseTokens of %d keys kept %d, want the first %d", len(many), len(got), MaxTokens)
	}
}

func TestAddRemoveToken(t *testing.T) {
	list, added := AddToken(nil, "AAAA")
	if !added || !slices.Equal(list, []string{"AAAA"}) {
		t.Fatalf("AddToken to none: %q, %v", list, added)
	}
	if list, added = AddToken(list, "AAAA"); added || len(list) != 1 {
		t.Errorf("AddToken of a known key: %q, %v; want it once", list, added)
	}
	list, _ = AddToken(list, "BBBB")
	if got := RemoveToken(list, "AAAA"); !slices.Equal(got, []string{"BBBB"}) {
		t.Errorf("RemoveToken: %q", got)
	}
}

// FuzzParseTokens: whatever the tab's storage holds, every key read is one
// CleanToken keeps as it is, there are no duplicates and no more than
// MaxTokens, and writing the list and reading it again gives it back.
func FuzzParseTokens(f *testing.F) {
	f.Add("K7QM-3XPA-9RTF-W2HD\nBearer dev-0123456789abcdef\n")
	f.Add("\r\n \x00\xff åäö\n")
	f.Add(`["a","b"]`)
	f.Fuzz(func(t *testing.T, stored string) {
		got := ParseTokens(stored)
		if len(got) > MaxTokens {
			t.Fatalf("%d keys", len(got))
		}
		for i, k := range got {
			if c, ok := CleanToken(k); !ok || c != k {
				t.Errorf("key %q is not clean (%q, %v)", k, c, ok)
			}
			if slices.Contains(got[:i], k) {
				t.Errorf("key %q twice", k)
			}
		}
		if again := ParseTokens(FormatTokens(got)); !slices.Equal(again, got) {
			t.Errorf("read back %q, want %q", again, got)
		}
	})
}
