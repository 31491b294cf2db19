package qr

import (
	"strings"
	"testing"
)

func TestModules(t *testing.T) {
	tests := []struct {
		text string
		size int // modules per side, quiet zone included
	}{
		{"http://127.0.0.1:8787/join/?code=ACDEFG", 29 + 8},        // version 3 at M
		{"https://lagesbild.example.se/join/?code=ACDEFG", 33 + 8}, // version 4
	}
	for _, tt := range tests {
		m, err := Modules(tt.text)
		if err != nil {
			t.Fatal(err)
		}
		if len(m) != tt.size || len(m[0]) != tt.size {
			t.Errorf("%q: %d×%d modules, want %d", tt.text, len(m), len(m[0]), tt.size)
		}
		// The quiet zone is light; the finder pattern's corner is dark.
		if m[0][0] || m[3][3] || !m[4][4] {
			t.Errorf("%q: quiet zone or finder pattern misplaced", tt.text)
		}
	}
}

func TestSVG(t *testing.T) {
	svg := string(SVG([][]bool{{false, true, true}, {true, false, true}, {false, false, false}}, "ws-qr", `a "link"`))
	for _, want := range []string{`class="ws-qr"`, `viewBox="0 0 3 3"`, `aria-label="a &#34;link&#34;"`, `d="M1 0h2v1h-2zM0 1h1v1h-1zM2 1h1v1h-1z"`} {
		if !strings.Contains(svg, want) {
			t.Errorf("svg lacks %s: %s", want, svg)
		}
	}
}
