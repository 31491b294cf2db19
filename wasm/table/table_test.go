package table

import (
	"slices"
	"testing"
)

func TestRows(t *testing.T) {
	names := []Key{Text("Åsele"), Text("Umeå"), Text("Ale"), Text("Älvsbyn"), Text("Örebro"), Text("Vännäs"), Text("Arjeplog")}
	tests := []struct {
		name string
		keys []Key
		tie  []Key
		desc bool
		want []int
	}{
		{"names in Swedish order: a–z, then å, ä, ö", names, nil, false, []int{2, 6, 1, 5, 0, 3, 4}},
		{"names descending", names, nil, true, []int{4, 3, 0, 5, 1, 6, 2}},
		{"numbers numerically, not as text", []Key{Num(9), Num(10), Num(-1), Num(67.5)}, nil, false, []int{2, 0, 1, 3}},
		{"numbers descending", []Key{Num(9), Num(10), Num(-1), Num(67.5)}, nil, true, []int{3, 1, 0, 2}},
		{"missing and suppressed last, ascending", []Key{None, Num(3), TooFew, Num(1)}, nil, false, []int{3, 1, 2, 0}},
		{"missing and suppressed last, descending too", []Key{None, Num(3), TooFew, Num(1)}, nil, true, []int{1, 3, 2, 0}},
		{"ties by name", []Key{Num(1), Num(1), Num(0)}, []Key{Text("Öckerö"), Text("Borås"), Text("Ale")}, false, []int{2, 1, 0}},
		{"ties by name ascending when descending", []Key{Num(1), Num(1), Num(0)}, []Key{Text("Öckerö"), Text("Borås"), Text("Ale")}, true, []int{1, 0, 2}},
		{"equal missing keep their names' order", []Key{None, None, Num(2)}, []Key{Text("Ö"), Text("A"), Text("B")}, false, []int{2, 1, 0}},
		{"numbers before names", []Key{Text("x"), Num(5)}, nil, false, []int{1, 0}},
		{"none", nil, nil, false, []int{}},
	}
	for _, tt := range tests {
		if got := Rows(tt.keys, tt.tie, tt.desc); !slices.Equal(got, tt.want) {
			t.Errorf("%s: Rows = %v, want %v", tt.name, got, tt.want)
		}
	}
}

func TestFollow(t *testing.T) {
	tests := []struct {
		name    string
		order   []int
		follows []bool
		want    []int
	}{
		{"none follow", []int{2, 0, 1}, []bool{false, false, false}, []int{2, 0, 1}},
		{"no follows given", []int{1, 0}, nil, []int{1, 0}},
		{"each under its row, wherever it goes", []int{2, 3, 0, 1}, []bool{false, true, false, true}, []int{2, 3, 0, 1}},
		{"sorted apart: put back under", []int{0, 3, 2, 1}, []bool{false, true, false, true}, []int{0, 1, 2, 3}},
		{"two under one row, in their order", []int{3, 2, 1, 0}, []bool{false, true, true, false}, []int{3, 0, 1, 2}},
		{"a following row with none before it stands alone", []int{1, 0, 2}, []bool{true, false, true}, []int{1, 2, 0}},
	}
	for _, tt := range tests {
		if got := Follow(tt.order, tt.follows); !slices.Equal(got, tt.want) {
			t.Errorf("%s: Follow(%v, %v) = %v, want %v", tt.name, tt.order, tt.follows, got, tt.want)
		}
	}
}

func TestKeyAttr(t *testing.T) {
	v := 2.5
	tests := []struct {
		key  Key
		attr string
		text string
	}{
		{Text("Umeå"), "", "Umeå"},
		{Num(67.5), "67.5", "67,5"},
		{Num(-0.25), "-0.25", "−0,25"},
		{NumOf(&v), "2.5", "2,5"},
		{NumOf(nil), "-", "–"},
		{TooFew, "s", "för få svar"},
		{None, "-", "inga svar"},
	}
	for _, tt := range tests {
		if got := tt.key.Attr(); got != tt.attr {
			t.Errorf("%+v.Attr() = %q, want %q", tt.key, got, tt.attr)
		}
		if got := ParseKey(tt.attr, tt.text); got != tt.key {
			t.Errorf("ParseKey(%q, %q) = %+v, want %+v", tt.attr, tt.text, got, tt.key)
		}
	}
}

func TestHeader(t *testing.T) {
	tests := []struct {
		sorted, desc bool
		id           string
		want         string
	}{
		{false, false, "", `<th scope="col"><button type="button" class="sort" data-sort="own">Din kommun<span class="arrow" aria-hidden="true">↕</span></button></th>`},
		{true, false, "", `<th scope="col" aria-sort="ascending"><button type="button" class="sort" data-sort="own">Din kommun<span class="arrow" aria-hidden="true">▲</span></button></th>`},
		{true, true, "sort-own", `<th scope="col" aria-sort="descending"><button type="button" class="sort" data-sort="own" id="sort-own">Din kommun<span class="arrow" aria-hidden="true">▼</span></button></th>`},
	}
	for _, tt := range tests {
		if got := string(Header("own", "Din kommun", tt.sorted, tt.desc, tt.id)); got != tt.want {
			t.Errorf("Header(sorted %v, desc %v) =\n%s\nwant\n%s", tt.sorted, tt.desc, got, tt.want)
		}
	}
}

func TestSortedText(t *testing.T) {
	if got, want := SortedText("Kommun", true, "sv"), "Tabellen är sorterad efter Kommun, fallande."; got != want {
		t.Errorf("SortedText = %q, want %q", got, want)
	}
	if got, want := SortedText("Total", false, "en"), "The table is sorted by Total, ascending."; got != want {
		t.Errorf("SortedText = %q, want %q", got, want)
	}
}
