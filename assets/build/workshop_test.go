package main

import (
	"regexp"
	"strings"
	"testing"

	"lagesbild/wasm/i18n"
)

// TestWorkshopPages: the workshop's pages take their texts from wasm/i18n,
// and every element that names a text (data-i18n, as on the other pages)
// names one that exists and shows it in Swedish, so the client's
// translation (wasm/page) finds them all.
func TestWorkshopPages(t *testing.T) {
	named := regexp.MustCompile(`data-i18n="(\w+)"[^>]*>([^<]*)<`)
	for _, p := range workshopPages {
		if !strings.HasSuffix(p.src, ".html") {
			continue
		}
		b, err := workshopPage(p.src)
		if err != nil {
			t.Fatal(err)
		}
		page := string(b)
		if strings.Contains(page, "{{") || strings.Contains(page, "data-w=") {
			t.Errorf("%s: a template action or an old data-w attribute is left", p.src)
		}
		for _, m := range named.FindAllStringSubmatch(page, -1) {
			sv, ok := i18n.Lookup("sv", m[1])
			if !ok {
				t.Errorf("%s: data-i18n=%q names no text", p.src, m[1])
				continue
			}
			if got := strings.ReplaceAll(m[2], "&#39;", "'"); got != sv {
				t.Errorf("%s: %s shows %q, want %q", p.src, m[1], got, sv)
			}
		}
	}
	join, _ := workshopPage("workshop/join.html")
	if !strings.Contains(string(join), `data-i18n="WJoinTitle">Delta i workshoppen</h1>`) {
		t.Errorf("the participants' page: %s", join)
	}
}
