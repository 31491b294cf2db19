//go:build !js

package worker_test

import (
	"strings"
	"testing"
	"time"

	"lagesbild"
	wire "lagesbild/api"
	"lagesbild/worker"
)

func responseV2(n int, round, muni string, answers map[string]string) map[string]any {
	return map[string]any{
		"id": uuid(n), "round": round, "questionnaire": "kommun", "version": 2, "municipality": muni, "role": "chef",
		"answers": answers,
	}
}

func TestIndicators(t *testing.T) {
	a := newAPI(t)
	a.round("ind", "kommun", 2, "2026-01-01", "2026-06-30", "")
	var munis []string
	for _, c := range []string{"01", "03"} {
		for _, m := range lagesbild.MunicipalitiesIn(c) {
			munis = append(munis, m.Code)
		}
	}
	codes := a.codes("ind", munis, []string{"01", "03"})
	met := 0
	for i, m := range munis {
		v := "nej"
		if i%3 == 0 {
			v = "ja"
			met++
		}
		must(t, a.do("POST", "/api/responses", codes[m], responseV2(i+1, "ind", m, map[string]string{"rutiner.handlingsplan": v})), 201)
	}
	figure := func(v wire.Indicators, id, kind, code string) wire.IndicatorFigure {
		for _, iv := range v.Indicators {
			if iv.ID != id {
				continue
			}
			for _, g := range iv.Current.Groups {
				if g.Kind == kind && g.Code == code {
					return g
				}
			}
		}
		t.Fatalf("no figure %s %s %s", id, kind, code)
		return wire.IndicatorFigure{}
	}
	var admin wire.Indicators
	must(t, a.get("/api/rounds/ind/indicators", adminToken), 200).decode(t, &admin)
	if len(admin.Indicators) != 2 || admin.Indicators[0].ID != "plan-beslutad" || admin.Indicators[0].Current.Pending {
		t.Fatalf("admin: %+v", admin.Indicators)
	}
	if f := figure(admin, "plan-beslutad", lagesbild.UnitCountry, "SE"); f.Suppressed || f.N != len(munis) || f.Met != met {
		t.Errorf("national: %+v, want %d of %d", f, met, len(munis))
	}
	if f := figure(admin, "plan-beslutad", lagesbild.UnitCounty, "09"); !f.Suppressed && f.N != 0 {
		t.Errorf("Gotland: %+v", f)
	}
	// Nobody answered the training item: n = 0 of municipalities that
	// responded would say none of them has a value: suppressed.
	if f := figure(admin, "utbildning", lagesbild.UnitCountry, "SE"); !f.Suppressed || f.N != 0 || f.Share != nil {
		t.Errorf("utbildning: %+v", f)
	}
	// A municipality's code while the round is open: pending, all hidden.
	var muni wire.Indicators
	must(t, a.get("/api/rounds/ind/indicators", codes["0114"]), 200).decode(t, &muni)
	if !muni.Indicators[0].Current.Pending || !figure(muni, "plan-beslutad", lagesbild.UnitCountry, "SE").Suppressed {
		t.Errorf("open round shown to a municipality: %+v", muni.Indicators[0].Current)
	}
	errorIs(t, "no code", a.get("/api/rounds/ind/indicators", ""), 401, "unauthorized", "Authorization")
	// Once closed: the admin's figures.
	a.now = time.Date(2026, 7, 1, 0, 0, 0, 0, time.UTC)
	muni = wire.Indicators{}
	must(t, a.get("/api/rounds/ind/indicators", codes["0114"]), 200).decode(t, &muni)
	if muni.Indicators[0].Current.Pending {
		t.Fatal("still pending after closing")
	}
	for i, g := range admin.Indicators[0].Current.Groups {
		if m := muni.Indicators[0].Current.Groups[i]; m.Suppressed != g.Suppressed || m.Met != g.Met || m.N != g.N {
			t.Errorf("%s %s: municipality %+v, admin %+v", g.Kind, g.Code, m, g)
		}
	}
	if f := figure(admin, "plan-beslutad", lagesbild.UnitMunicipalityGroup, "A1"); f.Kind != lagesbild.UnitMunicipalityGroup {
		t.Errorf("no kommungrupp figure: %+v", f)
	}
	// The decisions are kept (migrations/0010) and read back by a new
	// instance (the one that made them keeps its figures in memory): a kept
	// one made to hide everything hides everything.
	var kept int
	if err := a.db.QueryRow(`SELECT COUNT(*) FROM indicator_releases WHERE round = 'ind'`).Scan(&kept); err != nil || kept == 0 {
		t.Fatalf("kept decisions: %d, %v", kept, err)
	}
	if _, err := a.db.Exec(`UPDATE indicator_releases SET shown = replace(shown, '1', '0'), pattern = pattern WHERE round = 'ind'`); err != nil {
		t.Fatal(err)
	}
	a.h = worker.New(worker.Config{DB: a.db, AdminToken: adminToken, Catalog: a.cat, Now: func() time.Time { return a.now }})
	var hidden wire.Indicators
	must(t, a.get("/api/rounds/ind/indicators", codes["0114"]), 200).decode(t, &hidden)
	if f := figure(hidden, "plan-beslutad", lagesbild.UnitCountry, "SE"); !f.Suppressed {
		t.Errorf("the kept decision is not used: %+v", f)
	}
	if _, err := a.db.Exec(`DELETE FROM indicator_releases WHERE round = 'ind'`); err != nil {
		t.Fatal(err)
	}

	// The county route: the lead's own county, with the list.
	var cv wire.CountyIndicators
	must(t, a.get("/api/rounds/ind/indicators/county/03", codes["03"]), 200).decode(t, &cv)
	ci := cv.Indicators[0]
	if ci.Figure.Suppressed || ci.Figure.N != 8 || len(ci.NotMet)+ci.Figure.Met != 8 {
		t.Errorf("county 03: %+v", ci)
	}
	for _, m := range ci.NotMet {
		if !strings.HasPrefix(m, "03") {
			t.Errorf("another county's municipality %s", m)
		}
	}
	if u := cv.Indicators[1]; len(u.Unknown) != 8 {
		t.Errorf("utbildning unknown: %v", u.Unknown)
	}
	errorIs(t, "another lead", a.get("/api/rounds/ind/indicators/county/03", codes["01"]), 403, "code_other_unit", "county")
	errorIs(t, "a municipality", a.get("/api/rounds/ind/indicators/county/03", codes["0305"]), 403, "forbidden", "Authorization")
	must(t, a.get("/api/rounds/ind/indicators/county/03", adminToken), 200)

	// The long export.
	csv := string(must(t, a.get("/api/rounds/ind/export/long.csv", codes["0114"]), 200).Body)
	if !strings.HasPrefix(csv, "\uFEFFMått;Enhetstyp;Kod;Namn;Omgång;Värde;N;Undertryckt\r\n") {
		t.Errorf("csv head: %q", csv[:80])
	}
	if !strings.Contains(csv, `"plan-beslutad";"kommun";"0114";`) || strings.Contains(csv, `"plan-beslutad";"kommun";"0115";`) {
		t.Error("csv: a municipality sees its own row only")
	}
	if !strings.Contains(csv, `"plan-beslutad";"riket";"SE";"Sverige";"ind";`) {
		t.Error("csv: no national indicator row")
	}
	var rows []wire.LongRow
	must(t, a.get("/api/rounds/ind/export/long.json", adminToken), 200).decode(t, &rows)
	kommun := 0
	for _, r := range rows {
		if r.Kind == lagesbild.UnitMunicipality && r.Measure == "plan-beslutad" {
			kommun++
		}
	}
	if kommun != 290 {
		t.Errorf("admin: %d municipality rows of an indicator, want 290", kommun)
	}
}
