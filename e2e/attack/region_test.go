//go:build !js

package attack_test

import (
	"net/url"
	"slices"
	"strings"
	"testing"

	"lagesbild"
	"lagesbild/api"
	"lagesbild/questionnaires"
)

// The regional coordinator (issue 16, item 4; THREATS.md): a token of kind
// region fetches everything it may — the published indicator figures of
// every group, its region's view with the lists the counties share, the
// county comparisons, the exports — and tries what it may not. What it saw
// of indicators becomes the audit's publications over the ground truth
// (the met of the municipalities with a value, the n of those that
// responded), and it knows every value of every county whose list it was
// shown (more than a list tells: the strongest reader). Nothing about
// fewer than k municipalities outside those counties may follow.
//
// The round: every municipality of Södermanland (04) and Östergötland (05)
// answers, two of Jönköping (06) — region Öst — and five of Stockholm (01).
// When the leads of 04 and 05 share their lists, the region figure of Öst
// less the two would be Jönköping's two: the worker must withhold the
// lists. When 04 alone shares, it knows no more than 04's lead, for whom
// the figures were released: the lists are shown.

func TestRegionRole(t *testing.T) {
	need(t)
	t.Run("04 and 05 share", func(t *testing.T) { t.Parallel(); regionAttack(t, "atk-region-two", []string{"04", "05"}, true) })
	t.Run("04 shares", func(t *testing.T) { t.Parallel(); regionAttack(t, "atk-region-one", []string{"04"}, false) })
}

// regionAttack plays the round with the counties of share sharing; with
// wantWithheld the worker must withhold the lists, else show them.
func regionAttack(t *testing.T, round string, share []string, wantWithheld bool) {
	must(t, "POST", "/api/admin/rounds", w.AdminToken, api.NewRound{ID: round, Questionnaire: "kommun",
		Opens: "2020-01-01", Closes: "2099-12-31"}, nil, 201)
	var rd api.Round
	must(t, "GET", "/api/rounds/"+round, w.AdminToken, nil, &rd, 200)
	q, err := questionnaires.Get(rd.Questionnaire, rd.Version)
	if err != nil {
		t.Fatal(err)
	}
	var regional []string
	for _, ref := range q.Indicators() {
		if ref.Regional {
			regional = append(regional, ref.ID)
		}
	}
	if len(regional) == 0 {
		t.Fatal("the questionnaire has no regional indicator")
	}
	var munis []string
	for _, c := range []string{"04", "05"} {
		for _, m := range lagesbild.MunicipalitiesIn(c) {
			munis = append(munis, m.Code)
		}
	}
	munis = append(munis, lagesbild.MunicipalitiesIn("06")[0].Code, lagesbild.MunicipalitiesIn("06")[1].Code)
	for _, m := range lagesbild.MunicipalitiesIn("01")[:5] {
		munis = append(munis, m.Code)
	}
	var made api.Codes
	must(t, "POST", "/api/admin/rounds/"+round+"/codes", w.AdminToken,
		api.NewCodes{Municipalities: munis, Counties: []string{"04", "05"}, Regions: []string{"Öst", "Mitt"}}, &made, 201)
	codes := map[string]string{}
	for _, c := range made.Codes {
		codes[c.Unit] = c.Code
	}
	// Ground truth: each municipality's answers, whether it meets each indicator.
	meets := map[string]map[string]bool{}
	for i, m := range munis {
		a := answersFor(q, m, 1, nil, nil)
		meets[m] = q.Meets(a)
		must(t, "POST", "/api/responses", codes[m], api.Response{ID: responseIDFor(round, m), Round: round, Questionnaire: q.ID,
			Version: q.Version, Municipality: m, Role: "chef", Answers: a}, nil, 201)
		_ = i
	}
	for _, c := range share {
		must(t, "PUT", "/api/rounds/"+round+"/sharing/"+c, codes[c], api.Sharing{Shared: true}, nil, 200)
	}
	must(t, "PATCH", "/api/admin/rounds/"+round, w.AdminToken, api.RoundChange{CloseNow: true}, nil, 200)

	token := codes["Öst"]
	regionPath := "/api/rounds/" + round + "/indicators/region/" + url.PathEscape("Öst")

	// What it may not: each refused, 403.
	for _, p := range []struct{ method, path string }{
		{"GET", "/api/rounds/" + round + "/indicators/region/Mitt"},
		{"GET", "/api/rounds/" + round + "/indicators/county/04"},
		{"GET", "/api/rounds/" + round + "/status/04"},
		{"GET", "/api/rounds/" + round + "/sharing/04"},
		{"GET", "/api/rounds/" + round + "/responses/" + munis[0]},
		{"GET", "/api/rounds/" + round + "/plans/" + munis[0]},
	} {
		if status, b, err := call(p.method, p.path, token, nil); err != nil || status != 403 {
			t.Errorf("%s %s: %d %s (%v), want 403", p.method, p.path, status, b, err)
		}
	}

	// What it may: the published figures, its region's view.
	var pub api.Indicators
	must(t, "GET", "/api/rounds/"+round+"/indicators", token, nil, &pub, 200)
	var rv api.RegionIndicators
	must(t, "GET", regionPath, token, nil, &rv, 200)
	// No municipality row anywhere it may read.
	for _, c := range []string{"04", "05", "06", "01"} {
		var cv struct {
			Municipalities []struct{ Code string } `json:"municipalities"`
		}
		must(t, "GET", "/api/rounds/"+round+"/counties/"+c, token, nil, &cv, 200)
		if len(cv.Municipalities) > 0 {
			t.Errorf("county view %s shows the region token %d rows", c, len(cv.Municipalities))
		}
	}
	var long []api.LongRow
	must(t, "GET", "/api/rounds/"+round+"/export/long.json", token, nil, &long, 200)
	for _, r := range long {
		if r.Kind == lagesbild.UnitMunicipality {
			t.Fatalf("the long export shows the region token a row: %+v", r)
		}
	}

	// Its knowledge, per indicator: every value of every county whose list
	// of it it was shown.
	known := map[string]lagesbild.Insider{}
	for _, ri := range rv.Indicators {
		in := lagesbild.Insider{Name: "region Öst"}
		if ri.NotMet != nil && !ri.Regional {
			t.Errorf("%s: a list of an indicator not marked regional", ri.ID)
		}
		for c, list := range ri.NotMet {
			if !slices.Contains(share, c) {
				t.Errorf("%s: the list of county %s, which does not share or is not in the region", ri.ID, c)
			}
			for _, m := range list {
				if !strings.HasPrefix(m, c) || meets[m][ri.ID] {
					t.Errorf("%s: %s listed for %s wrongly", ri.ID, m, c)
				}
			}
			in.Units = append(in.Units, lagesbild.CountyInsider(c).Units...)
		}
		slices.Sort(in.Units)
		known[ri.ID] = in
	}

	// Its publications: every shown figure, from both routes, per indicator.
	figs := map[string][]api.IndicatorFigure{}
	for _, iv := range pub.Indicators {
		figs[iv.ID] = append(figs[iv.ID], iv.Current.Groups...)
	}
	for _, ri := range rv.Indicators {
		figs[ri.ID] = append(append(figs[ri.ID], ri.Region), ri.Counties...)
	}
	groups := map[string]lagesbild.UnitGroup{}
	for _, g := range lagesbild.IndicatorGroups() {
		groups[g.Kind+" "+g.Code] = g
	}
	withheld, listed := false, false
	for _, ri := range rv.Indicators {
		withheld = withheld || ri.Withheld
		listed = listed || len(ri.NotMet) > 0
	}
	for id, fs := range figs {
		var pubs []lagesbild.Publication
		for _, f := range fs {
			if f.Suppressed {
				continue
			}
			g, ok := groups[f.Kind+" "+f.Code]
			if !ok {
				t.Fatalf("%s: figure of an unknown group %s %s", id, f.Kind, f.Code)
			}
			var metVars, nVars []lagesbild.Var
			met := 0
			for _, m := range g.Members {
				v, has := meets[m][id]
				if _, responded := meets[m]; !responded {
					continue
				}
				nVars = append(nVars, lagesbild.Var{Unit: m, Version: 1})
				if has {
					metVars = append(metVars, lagesbild.Var{Unit: m, Version: 0})
					if v {
						met++
					}
				}
			}
			if f.Met != met || f.N != len(metVars) {
				t.Errorf("%s %s %s: shown %d of %d, the answers give %d of %d", id, f.Kind, f.Code, f.Met, f.N, met, len(metVars))
			}
			if len(metVars) > 0 {
				pubs = append(pubs, lagesbild.Publication{Name: f.Kind + " " + f.Code + " met", Vars: metVars})
			}
			if len(nVars) > 0 {
				pubs = append(pubs, lagesbild.Publication{Name: f.Kind + " " + f.Code + " n", Vars: nVars})
			}
		}
		for _, l := range lagesbild.Audit(pubs, known[id], k) {
			t.Errorf("%s: the region token (knowing %d municipalities) learns: %s", id, len(known[id].Units), l)
		}
	}
	switch {
	case wantWithheld && !withheld:
		t.Error("no list withheld: the lists of 04 and 05 beside the figure of Öst would give Jönköping's two away")
	case !wantWithheld && (withheld || !listed):
		t.Errorf("one county's lists: withheld %v, shown %v; want them shown (the release was audited for its lead)", withheld, listed)
	}
}

// responseIDFor is a response UUID unique to a round and municipality.
func responseIDFor(round, muni string) string {
	return (&game{sc: scenario{round: round}}).responseID(post{muni: muni, resp: 1})
}
