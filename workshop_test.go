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
	three := Shown{"rutiner.plan": {"ja": 2, "nej": 1}, "samverkan.polis": {"ja": 1}}
	four := Shown{"rutiner.plan": {"ja": 3, "nej": 1}, "samverkan.polis": {"ja": 1}}
	tests := []struct {
		name      string
		shown     Shown
		answered  int
		revealed  bool
		visible   bool
		planShown bool
		rutiner   string
	}{
		{"three, revealed: hidden (a participant among them would learn the other two's sum)", three, 3, true, false, false, "suppressed"},
		{"four, not revealed: hidden", four, 4, false, false, false, "suppressed"},
		{"four, revealed: shown", four, 4, true, true, true, "75.0"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := Room(q, 5, tt.answered, tt.shown, tt.revealed, map[string]bool{"samverkan.polis": true}, DefaultRules())
			if w.Visible != tt.visible {
				t.Errorf("visible = %v, want %v", w.Visible, tt.visible)
			}
			plan := w.Items[0]
			if plan.Item != "rutiner.plan" || plan.Hidden == tt.planShown {
				t.Fatalf("plan tally = %+v, want shown=%v", plan, tt.planShown)
			}
			if tt.planShown {
				want := []OptionCount{{"ja", 3}, {"delvis", 0}, {"nej", 1}, {"vet-ej", 0}}
				for i := range want {
					if plan.Counts[i] != want[i] {
						t.Errorf("counts[%d] = %+v, want %+v", i, plan.Counts[i], want[i])
					}
				}
				if plan.N != 4 {
					t.Errorf("plan n = %d, want 4", plan.N)
				}
			} else if plan.N != 0 || plan.Counts != nil {
				t.Errorf("hidden plan tally carries %+v", plan)
			}
			if got := val(w.Sections["rutiner"]); got != tt.rutiner {
				t.Errorf("rutiner = %s, want %s", got, tt.rutiner)
			}
			// Answered by one device: hidden even after the reveal.
			var polis Tally
			for _, it := range w.Items {
				if it.Item == "samverkan.polis" {
					polis = it
				}
			}
			if !polis.Hidden || !polis.Locked || polis.N != 0 {
				t.Errorf("polis tally = %+v, want hidden and locked, without n", polis)
			}
			if w.Participants != 5 || w.Answered != tt.answered {
				t.Errorf("participants %d answered %d", w.Participants, w.Answered)
			}
		})
	}
}
