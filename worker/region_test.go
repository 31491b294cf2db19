//go:build !js

package worker_test

import (
	"slices"
	"strings"
	"testing"
	"time"

	"lagesbild"
	wire "lagesbild/api"
)

// regionCodes makes region tokens through the admin API, by region.
func (a *api) regionCodes(round string, regions ...string) map[string]string {
	a.t.Helper()
	var out wire.Codes
	must(a.t, a.do("POST", "/api/admin/rounds/"+round+"/codes", adminToken, map[string]any{"regions": regions}), 201).decode(a.t, &out)
	m := map[string]string{}
	for _, c := range out.Codes {
		if c.Kind != wire.KindRegion {
			a.t.Fatalf("code %+v: want kind region", c)
		}
		m[c.Unit] = c.Code
	}
	return m
}

// regionRound makes a round where every municipality of the counties
// answers except those of partial, of which only the first two do; a
// municipality meets "utbildning" (a regional indicator in the test
// catalog) when its index is odd. It returns the codes and the
// municipalities that do not meet it, by county.
func regionRound(t *testing.T, a *api, round string, counties []string, partial string) (map[string]string, map[string][]string) {
	t.Helper()
	a.round(round, "kommun", 2, "2026-01-01", "2026-06-30", "")
	var munis []string
	for _, c := range counties {
		for _, m := range lagesbild.MunicipalitiesIn(c) {
			munis = append(munis, m.Code)
		}
	}
	codes := a.codes(round, munis, counties)
	notMet := map[string][]string{}
	n := 0
	for i, m := range munis {
		if partial != "" && strings.HasPrefix(m, partial) && i-slices.IndexFunc(munis, func(x string) bool { return strings.HasPrefix(x, partial) }) >= 2 {
			continue
		}
		v := "nej"
		if i%2 == 1 {
			v = "ja"
		} else {
			notMet[m[:2]] = append(notMet[m[:2]], m)
		}
		n++
		must(t, a.do("POST", "/api/responses", codes[m], responseV2(n+len(round)*1000, round, m,
			map[string]string{"rutiner.handlingsplan": "ja", "kunskap.utbildning": v})), 201)
	}
	return codes, notMet
}

func indicatorOf(t *testing.T, v wire.RegionIndicators, id string) wire.RegionIndicator {
	t.Helper()
	for _, ri := range v.Indicators {
		if ri.ID == id {
			return ri
		}
	}
	t.Fatalf("no indicator %s in %+v", id, v.Indicators)
	return wire.RegionIndicator{}
}

// TestRegionIndicators: a regional coordinator's token sees its region
// only, the published figures, and the lists of the counties that share
// them, of the regional indicators only; it is refused everything else.
func TestRegionIndicators(t *testing.T) {
	a := newAPI(t)
	codes, notMet := regionRound(t, a, "reg", []string{"03", "04", "05", "06"}, "")
	regions := a.regionCodes("reg", "Öst", "Mitt")
	ost, mitt := regions["Öst"], regions["Mitt"]
	const path = "/api/rounds/reg/indicators/region/%C3%96st" // Öst
	share := func(county, token string, shared bool, status int) {
		t.Helper()
		must(t, a.do("PUT", "/api/rounds/reg/sharing/"+county, token, wire.Sharing{Shared: shared}), status)
	}

	// The token's access names it.
	var rv wire.Round
	must(t, a.get("/api/rounds/reg", ost), 200).decode(t, &rv)
	if acc := rv.Access; acc == nil || acc.Kind != wire.KindRegion || acc.Unit != "Öst" || acc.Name != "Samordningsregion Öst" {
		t.Errorf("access: %+v", rv.Access)
	}

	// While the round is open: pending, no lists, even where shared.
	share("04", codes["04"], true, 200)
	var v wire.RegionIndicators
	must(t, a.get(path, ost), 200).decode(t, &v)
	if got := []string{v.Counties[0].County, v.Counties[1].County, v.Counties[2].County}; len(v.Counties) != 3 || !slices.Equal(got, []string{"04", "05", "06"}) {
		t.Fatalf("counties: %+v", v.Counties)
	}
	if u := indicatorOf(t, v, "utbildning"); !u.Pending || u.NotMet != nil || !u.Region.Suppressed {
		t.Errorf("open round: %+v", u)
	}

	a.now = time.Date(2026, 7, 1, 0, 0, 0, 0, time.UTC)
	v = wire.RegionIndicators{}
	must(t, a.get(path, ost), 200).decode(t, &v)
	if !v.Counties[0].Shared || v.Counties[1].Shared || v.Counties[2].Shared {
		t.Errorf("shared: %+v", v.Counties)
	}
	u := indicatorOf(t, v, "utbildning")
	if u.Pending || !u.Regional || u.Withheld || u.Region.Suppressed || u.Region.N != 35 || u.Region.Code != "Öst" {
		t.Errorf("utbildning: %+v", u)
	}
	if len(u.NotMet) != 1 || !slices.Equal(u.NotMet["04"], notMet["04"]) || len(notMet["04"]) == 0 {
		t.Errorf("lists: %v, want 04's only: %v", u.NotMet, notMet["04"])
	}
	for i, c := range []string{"04", "05", "06"} {
		if f := u.Counties[i]; f.Code != c || f.Suppressed || f.N != len(lagesbild.MunicipalitiesIn(c)) || f.N-f.Met != len(notMet[c]) {
			t.Errorf("county %s: %+v", c, f)
		}
	}
	// The figures are the published ones: what any code of the round is shown.
	var pub wire.Indicators
	must(t, a.get("/api/rounds/reg/indicators", codes["0480"]), 200).decode(t, &pub)
	for _, iv := range pub.Indicators {
		for _, g := range iv.Current.Groups {
			if g.Kind == lagesbild.UnitCounty && g.Code == "05" {
				if got := indicatorOf(t, v, iv.ID).Counties[1]; mustJSON(t, got) != mustJSON(t, g) {
					t.Errorf("%s 05: region view %+v, published %+v", iv.ID, got, g)
				}
			}
		}
	}
	if p := indicatorOf(t, v, "plan-beslutad"); p.Regional || p.NotMet != nil {
		t.Errorf("not a regional indicator, yet listed: %+v", p)
	}

	// Mitt sees Mitt (03 does not share): figures, no lists.
	var m wire.RegionIndicators
	must(t, a.get("/api/rounds/reg/indicators/region/Mitt", mitt), 200).decode(t, &m)
	if u := indicatorOf(t, m, "utbildning"); u.NotMet != nil || len(m.Counties) != 3 || m.Counties[0].County != "03" {
		t.Errorf("Mitt: %+v %+v", m.Counties, u)
	}

	// Refusals, nothing stored.
	before := dumpDB(t, a)
	errorIs(t, "another region", a.get(path, mitt), 403, "code_other_unit", "region")
	errorIs(t, "a county lead", a.get(path, codes["04"]), 403, "forbidden", "Authorization")
	errorIs(t, "a municipality", a.get(path, codes["0480"]), 403, "forbidden", "Authorization")
	errorIs(t, "no code", a.get(path, ""), 401, "unauthorized", "Authorization")
	errorIs(t, "no such region", a.get("/api/rounds/reg/indicators/region/Atlantis", ost), 404, "not_found", "region")
	errorIs(t, "a county's list", a.get("/api/rounds/reg/indicators/county/04", ost), 403, "forbidden", "Authorization")
	errorIs(t, "a county's status", a.get("/api/rounds/reg/status/04", ost), 403, "forbidden", "Authorization")
	errorIs(t, "a county's sharing", a.get("/api/rounds/reg/sharing/04", ost), 403, "forbidden", "Authorization")
	errorIs(t, "sharing for a county", a.do("PUT", "/api/rounds/reg/sharing/05", ost, wire.Sharing{Shared: true}), 403, "forbidden", "Authorization")
	errorIs(t, "a row", a.get("/api/rounds/reg/responses/0480", ost), 403, "code_other_unit", "municipality")
	errorIs(t, "codes", a.do("POST", "/api/rounds/reg/codes", ost, map[string]any{"municipalities": []string{"0480"}}), 403, "forbidden", "Authorization")
	a.now = testNow // open again for answering: still refused
	errorIs(t, "answering", a.do("POST", "/api/responses", ost, responseV2(99999, "reg", "0480", map[string]string{"kunskap.utbildning": "ja"})),
		403, "code_other_unit", "municipality")
	if after := dumpDB(t, a); after != before {
		t.Error("a refused request changed the database")
	}
	a.now = time.Date(2026, 7, 1, 0, 0, 0, 0, time.UTC)
	// No rows in the comparison.
	var cv struct {
		Municipalities []any `json:"municipalities"`
	}
	must(t, a.get("/api/rounds/reg/counties/04", ost), 200).decode(t, &cv)
	if len(cv.Municipalities) != 0 {
		t.Errorf("a region token sees %d municipality rows", len(cv.Municipalities))
	}

	// A lead shares only its own county; stopping hides the list.
	share("05", codes["04"], true, 403)
	var s wire.Sharing
	must(t, a.get("/api/rounds/reg/sharing/04", codes["04"]), 200).decode(t, &s)
	if !s.Shared || s.Region != "Öst" {
		t.Errorf("sharing of 04: %+v", s)
	}
	share("04", codes["04"], false, 200)
	v = wire.RegionIndicators{}
	must(t, a.get(path, ost), 200).decode(t, &v)
	if u := indicatorOf(t, v, "utbildning"); len(u.NotMet) != 0 {
		t.Errorf("after unsharing: %v", u.NotMet)
	}
	// The admin sees what the coordinator sees.
	share("04", adminToken, true, 200)
	var adm wire.RegionIndicators
	must(t, a.get(path, adminToken), 200).decode(t, &adm)
	if u := indicatorOf(t, adm, "utbildning"); !slices.Equal(u.NotMet["04"], notMet["04"]) {
		t.Errorf("admin: %v", u.NotMet)
	}
	// Revoked: refused.
	must(t, a.do("DELETE", "/api/admin/rounds/reg/codes/%C3%96st", adminToken, nil), 200)
	errorIs(t, "revoked", a.get(path, ost), 403, "code_invalid", "Authorization")
}

// TestRegionListsWithheld: two counties' lists together, beside the
// published region figure, would give away the third county's two
// municipalities (its own figure is hidden, n < k): the lists are withheld
// then, though each county's alone is shown.
func TestRegionListsWithheld(t *testing.T) {
	a := newAPI(t)
	codes, notMet := regionRound(t, a, "wh", []string{"04", "05", "06"}, "06")
	ost := a.regionCodes("wh", "Öst")["Öst"]
	const path = "/api/rounds/wh/indicators/region/%C3%96st"
	a.now = time.Date(2026, 7, 1, 0, 0, 0, 0, time.UTC)
	must(t, a.do("PUT", "/api/rounds/wh/sharing/04", codes["04"], wire.Sharing{Shared: true}), 200)
	var v wire.RegionIndicators
	must(t, a.get(path, ost), 200).decode(t, &v)
	u := indicatorOf(t, v, "utbildning")
	if u.Region.Suppressed || !u.Counties[2].Suppressed {
		t.Fatalf("want the region shown and 06 hidden: %+v", u)
	}
	if u.Withheld || !slices.Equal(u.NotMet["04"], notMet["04"]) {
		t.Errorf("04 alone: %+v", u)
	}
	must(t, a.do("PUT", "/api/rounds/wh/sharing/05", codes["05"], wire.Sharing{Shared: true}), 200)
	v = wire.RegionIndicators{}
	must(t, a.get(path, ost), 200).decode(t, &v)
	if u := indicatorOf(t, v, "utbildning"); !u.Withheld || u.NotMet != nil {
		t.Errorf("04 and 05: %+v", u)
	}
	// 05 stops; what the coordinator saw of 05 it keeps: still withheld.
	must(t, a.do("PUT", "/api/rounds/wh/sharing/05", codes["05"], wire.Sharing{Shared: false}), 200)
	v = wire.RegionIndicators{}
	must(t, a.get(path, ost), 200).decode(t, &v)
	if u := indicatorOf(t, v, "utbildning"); !u.Withheld {
		t.Errorf("after 05 stopped: %+v", u)
	}
}
