//go:build !js

package api_test

import (
	"testing"

	wire "lagesbild/api"
)

// A municipality's own responses in workerd (issue 13): its code, its
// county's lead and the admin read them, newest first; another unit's code
// is refused (403 code_other_unit), and so is no code in a private round
// (401); in a round open to all anyone reads them, as its row.
func TestOwnResponses(t *testing.T) {
	need(t)
	const id = "e2e-own"
	q, codes := round(t, id, "2480", "2401", "24", "25")
	must(t, post(t, "/api/responses", codes["2480"], response(t, 1, id, q, "2480", answers(q, 0))), 201)
	must(t, post(t, "/api/responses", codes["2480"], response(t, 2, id, q, "2480", answers(q, 1))), 201)
	path := "/api/rounds/" + id + "/responses/2480"
	for _, tt := range []struct {
		name, path, token string
		status            int
		code              string
		n                 int
	}{
		{"its own code", path, codes["2480"], 200, "", 2},
		{"its county's lead", path, codes["24"], 200, "", 2},
		{"the admin", path, w.AdminToken, 200, "", 2},
		{"another municipality's code", path, codes["2401"], 403, "code_other_unit", 0},
		{"another county's lead", path, codes["25"], 403, "code_other_unit", 0},
		{"no code", path, "", 401, "unauthorized", 0},
		{"a wrong code", path, "AAAA-BBBB-CCCC-DDDD", 403, "code_invalid", 0},
		{"none yet", "/api/rounds/" + id + "/responses/2401", codes["2401"], 200, "", 0},
		{"open to all", "/api/rounds/demo/responses/2401", "", 200, "", -1},
	} {
		t.Run(tt.name, func(t *testing.T) {
			r := get(t, tt.path, tt.token)
			if r.Status != tt.status || r.code() != tt.code {
				t.Fatalf("got %s, want %d %q", r, tt.status, tt.code)
			}
			if tt.code != "" {
				return
			}
			var got wire.OwnResponses
			r.decode(t, &got)
			if tt.n >= 0 && len(got.Responses) != tt.n {
				t.Errorf("%d responses, want %d", len(got.Responses), tt.n)
			}
		})
	}
	var got wire.OwnResponses
	must(t, get(t, path, codes["2480"]), 200).decode(t, &got)
	if got.Name != "Umeå" || got.Responses[0].ID != uuid(t, 2) || got.Responses[0].Measures["total"] == nil {
		t.Errorf("got %+v", got)
	}
}
