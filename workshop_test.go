package lagesbild

import (
	"bytes"
	"crypto/rand"
	"strings"
	"testing"
)

func TestNewJoinCode(t *testing.T) {
	seen := map[string]bool{}
	for i := 0; i < 2000; i++ {
		c, err := NewJoinCode(rand.Reader)
		if err != nil {
			t.Fatal(err)
		}
		if len(c) != JoinCodeLength {
			t.Fatalf("code %q has length %d", c, len(c))
		}
		for _, r := range c {
			if !strings.ContainsRune(JoinAlphabet, r) {
				t.Fatalf("code %q has %q outside the alphabet", c, r)
			}
		}
		if got, ok := NormalizeJoinCode(strings.ToLower(c[:3]) + "-" + c[3:]); !ok || got != c {
			t.Fatalf("NormalizeJoinCode(%q) = %q, %v", c, got, ok)
		}
		seen[c] = true
	}
	if len(seen) < 1990 {
		t.Errorf("%d distinct codes of 2000: not random enough", len(seen))
	}
	for _, ambiguous := range "0O1IL5S2Z8B" {
		if strings.ContainsRune(JoinAlphabet, ambiguous) {
			t.Errorf("alphabet has the ambiguous %q", ambiguous)
		}
	}
	// Deterministic with a given source, and rejection keeps letters in range.
	c, _ := NewJoinCode(bytes.NewReader(bytes.Repeat([]byte{255, 0, 24, 25}, 10)))
	if want := "A9AA9A"; c != want {
		t.Errorf("code from fixed bytes = %q, want %q", c, want)
	}
}

func TestNormalizeJoinCode(t *testing.T) {
	tests := []struct {
		in, want string
		ok       bool
	}{
		{"ACD-EFG", "ACDEFG", true},
		{" acd efg ", "ACDEFG", true},
		{"ACDEF", "", false},
		{"ACDEFGH", "", false},
		{"ACDEF0", "", false},
		{"ÅCDEFG", "", false},
		{"", "", false},
	}
	for _, tt := range tests {
		got, ok := NormalizeJoinCode(tt.in)
		if got != tt.want || ok != tt.ok {
			t.Errorf("NormalizeJoinCode(%q) = %q, %v; want %q, %v", tt.in, got, ok, tt.want, tt.ok)
		}
	}
}

func TestRoom(t *testing.T) {
	q := loadSmall(t)
	two := []Answers{{"rutiner.plan": "ja"}, {"rutiner.plan": "nej"}}
	three := append(two, Answers{"rutiner.plan": "ja", "samverkan.polis": "ja"})
	tests := []struct {
		name      string
		answers   []Answers
		revealed  bool
		visible   bool
		planShown bool
		rutiner   string
	}{
		{"two, revealed: hidden", two, true, false, false, "suppressed"},
		{"three, not revealed: hidden", three, false, false, false, "suppressed"},
		{"three, revealed: shown", three, true, true, true, "66.7"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := Room(q, 4, tt.answers, tt.revealed, map[string]bool{"samverkan.polis": true}, DefaultRules())
			if w.Visible != tt.visible {
				t.Errorf("visible = %v, want %v", w.Visible, tt.visible)
			}
			plan := w.Items[0]
			if plan.Item != "rutiner.plan" || plan.Hidden == tt.planShown {
				t.Fatalf("plan tally = %+v, want shown=%v", plan, tt.planShown)
			}
			if tt.planShown {
				want := []OptionCount{{"ja", 2}, {"delvis", 0}, {"nej", 1}, {"vet-ej", 0}}
				for i := range want {
					if plan.Counts[i] != want[i] {
						t.Errorf("counts[%d] = %+v, want %+v", i, plan.Counts[i], want[i])
					}
				}
			}
			if got := val(w.Sections["rutiner"]); got != tt.rutiner {
				t.Errorf("rutiner = %s, want %s", got, tt.rutiner)
			}
			// Answered by one person: hidden even after the reveal.
			var polis Tally
			for _, it := range w.Items {
				if it.Item == "samverkan.polis" {
					polis = it
				}
			}
			if !polis.Hidden || !polis.Locked {
				t.Errorf("polis tally = %+v, want hidden and locked", polis)
			}
			if w.Participants != 4 || w.Answered != len(tt.answers) {
				t.Errorf("participants %d answered %d", w.Participants, w.Answered)
			}
		})
	}
}
