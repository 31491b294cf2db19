package markup

import (
	"fmt"
	"html"
	"testing"
)

func TestEsc(t *testing.T) {
	for _, s := range []string{"", "plain", `<a href="x">Åre & 'Öland'</a>`, "&&", "<", "tail>", `"`, "100\u00a0%"} {
		if got, want := string(Esc(s)), html.EscapeString(s); got != want {
			t.Errorf("Esc(%q) = %q, want html.EscapeString's %q", s, got, want)
		}
	}
}

func FuzzEsc(f *testing.F) {
	f.Add(`<b class="x">'&'</b>`)
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := string(Esc(s)), html.EscapeString(s); got != want {
			t.Errorf("Esc(%q) = %q, want %q", s, got, want)
		}
	})
}

func TestWriter(t *testing.T) {
	tests := []struct {
		format string
		args   []any
		want   string
	}{
		{`<p>%s</p>`, []any{"a < b"}, `<p>a &lt; b</p>`},
		{`<p class="%s">%s</p>`, []any{`x"y`, HTML("<b>bold</b>")}, `<p class="x&#34;y"><b>bold</b></p>`},
		{`%d. %s (%d)`, []any{3, "Åre", int64(-4)}, `3. Åre (-4)`},
		{`%s of %s`, []any{7, "9"}, `7 of 9`},
		{`100 %% and %`, nil, `100 % and %`},
		{`%d`, nil, `%!d(MISSING)`},
		{`%x %s`, []any{"a"}, `%x a`},
		{`%s`, []any{1.5}, `?`},
	}
	for _, tt := range tests {
		var w Writer
		w.F(tt.format, tt.args...)
		if got := w.String(); got != tt.want || string(w.HTML()) != tt.want {
			t.Errorf("F(%q, %v) = %q, want %q", tt.format, tt.args, got, tt.want)
		}
	}
	// What fmt would write, escaped, for the verbs the views use.
	var w Writer
	w.F(`<td data-x="%s">%d</td>`, `"&"`, 42)
	w.F(`<th>%s</th>`, HTML(`<i>x</i>`))
	if want := fmt.Sprintf(`<td data-x="%s">%d</td><th>%s</th>`, html.EscapeString(`"&"`), 42, `<i>x</i>`); w.String() != want {
		t.Errorf("two writes = %q, want %q", w.String(), want)
	}
}
