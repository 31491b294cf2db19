package main

import (
	"regexp"
	"strings"
	"testing"

	"lagesbild/wasm/coordinator"
	"lagesbild/wasm/i18n"
)

// TestCoordinatorPage checks the coordinator's page as rendered: every text
// named (data-i18n) exists and is shown in Swedish, every field the client
// (wasm/coordinator) names is there with a label, a checkbox per county,
// and the admin token's field has no name, so no form can ever put it in an
// address.
func TestCoordinatorPage(t *testing.T) {
	b, err := Coordinator()
	if err != nil {
		t.Fatal(err)
	}
	page := string(b)
	named := regexp.MustCompile(`data-i18n="(\w+)"[^>]*>([^<]*)<`)
	for _, m := range named.FindAllStringSubmatch(page, -1) {
		sv, ok := i18n.Lookup("sv", m[1])
		if !ok {
			t.Errorf("data-i18n=%q names no text", m[1])
			continue
		}
		if got := strings.ReplaceAll(m[2], "&#39;", "'"); got != sv {
			t.Errorf("%s shows %q, want %q", m[1], got, sv)
		}
	}
	for _, id := range []string{coordinator.FieldID, coordinator.FieldQuestionnaire, coordinator.FieldVersion, coordinator.FieldOpens,
		coordinator.FieldLastDay, coordinator.FieldOpenToAll, coordinator.FieldPrevious, coordinator.FieldChangeOpens, coordinator.FieldChangeLastDay, "admin-token"} {
		if !strings.Contains(page, `id="`+id+`"`) || !strings.Contains(page, `<label for="`+id+`"`) {
			t.Errorf("no field %s with its label", id)
		}
	}
	for _, want := range []string{
		`<body data-page="coordinator"`,
		`<input id="admin-token" type="password" autocomplete="off"`,
		`id="` + coordinator.FieldCounties + `"`,
		`<a href="/samordning/" aria-current="page"`,
	} {
		if !strings.Contains(page, want) {
			t.Errorf("the page has no %s", want)
		}
	}
	if n := strings.Count(page, `name="county"`); n != 21 {
		t.Errorf("%d county checkboxes, want 21", n)
	}
	if regexp.MustCompile(`<input id="admin-token"[^>]*name=`).MatchString(page) {
		t.Errorf("the admin token's field has a name")
	}
}
