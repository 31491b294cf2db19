//go:build !js

package attack_test

import (
	"slices"
	"strings"
	"testing"

	"lagesbild"
	"lagesbild/questionnaires"
)

// The harness itself, without workerd: the scenarios' moments can be told
// apart, and workers in miniature (models) that show figures live, or only
// in published steps, are judged as they should be — the live one leaks
// what issue 11 says, the stepped one nothing, although its figures lag
// behind the answers (which the harness must attribute to the moment they
// rest on, not to the moment they were read).

// offline plays a scenario's steps on the ground truth alone, showing each
// attacker what the model shows after each step.
func offline(t *testing.T, sc scenario, m model) *game {
	t.Helper()
	g := newGame(sc)
	q, err := questionnaires.Get("kommun", 0)
	if err != nil {
		t.Fatal(err)
	}
	g.q, g.measures, g.rounds = q, q.MeasureIDs(), [2]string{sc.round, sc.previous}
	for _, st := range sc.steps {
		for _, p := range st.posts {
			g.apply(p)
		}
		moment := len(g.snaps) - 1
		g.reads = append(g.reads, moment)
		groups := m.show(g, moment)
		for _, a := range g.attackers {
			s := g.seen[a]
			s.groups = append(s.groups, groups...)
			for code, st := range g.snaps[moment][0] {
				if a.own(code) {
					s.rows = append(s.rows, seenRow{moment, "model", 0, code, st.res.Respondents, st.res.Measures})
				}
			}
		}
	}
	g.checkDistinct(t)
	return g
}

// model is a worker in miniature: primary suppression only (a figure on 1
// or 2 municipalities is hidden), live or in steps.
type model struct {
	// stepped publishes a group's figures anew only once k of its
	// municipalities have answered or changed since its last publication,
	// and never shows the n of a hidden figure.
	stepped   bool
	published map[string]int // group → the moment of its last publication, when stepped
}

func (m *model) show(g *game, moment int) []seenGroup {
	groups := []string{"SE"}
	for _, c := range lagesbild.Counties() {
		groups = append(groups, c.Code)
	}
	var out []seenGroup
	for _, grp := range groups {
		at := moment
		if m.stepped {
			last, ok := m.published[grp]
			if g.changed(grp, last, moment) < k {
				if !ok {
					continue // never published
				}
				at = last
			}
			m.published[grp] = at
		}
		figs := map[string]fig{}
		for _, id := range g.measures {
			tr := g.truth(at, 0, grp, id)
			n := len(tr.valueVars)
			f := fig{N: &n}
			switch {
			case n > 0 && n < k:
				f.Suppressed = true
				if m.stepped {
					f.N = nil
				}
			case n > 0:
				v := lagesbild.MeanOfUnits(id, tr.units, n)
				f.Value = &v
			}
			figs[id] = f
		}
		n := len(g.truth(at, 0, grp, lagesbild.MeasureTotal).countVars)
		out = append(out, seenGroup{moment, "model", 0, grp, &n, figs})
	}
	return out
}

// changed is how many municipalities of a group answered or changed
// between two moments.
func (g *game) changed(group string, from, to int) int {
	n := 0
	for code, st := range g.snaps[to][0] {
		if m, _ := lagesbild.MunicipalityByCode(code); group != "SE" && m.County != group {
			continue
		}
		if old, ok := g.snaps[from][0][code]; !ok || old.version != st.version {
			n++
		}
	}
	return n
}

func scenarioNamed(t *testing.T, prefix string) scenario {
	for _, sc := range scenarios {
		if strings.HasPrefix(sc.name, prefix) {
			return sc
		}
	}
	t.Fatalf("no scenario %q", prefix)
	return scenario{}
}

// TestScenariosDistinct: every scenario's moments can be told apart by
// their figures (checkDistinct), so a figure shown late is attributed to
// the moment it rests on.
func TestScenariosDistinct(t *testing.T) {
	for _, sc := range scenarios {
		t.Run(sc.name, func(t *testing.T) {
			offline(t, sc, model{})
		})
	}
}

// TestHarnessLive: a live worker without secondary suppression leaks, to
// every attacker, what issue 11's F1 says, and the harness finds it.
func TestHarnessLive(t *testing.T) {
	for _, tt := range []struct{ scenario, want, measure string }{
		{"F1 national", "0980: 0980@1", lagesbild.MeasureTotal},
		{"F1 a shown county", "0123: 0123@1", lagesbild.MeasureTotal},
		// 0114's second response leaves a section blank, so it has no
		// total (scoring v2): the change shows in the sections it answered.
		{"F1 an update", "0114: 0114@1 − 0114@2", "rutiner"},
	} {
		t.Run(tt.scenario, func(t *testing.T) {
			g := offline(t, scenarioNamed(t, tt.scenario), model{})
			for _, a := range g.attackers {
				an := g.analyse(a)
				if len(an.problems) > 0 || len(an.doubts) > 0 {
					t.Errorf("%s: %s%s", a, an.problems, an.doubts)
				}
				if a.own(tt.want[:4]) {
					continue // its own
				}
				found := false
				for _, f := range g.audit(a, an) {
					found = found || f.kind == "values" && f.leak == tt.want && slices.Contains(f.measures, tt.measure)
				}
				if !found {
					t.Errorf("%s: the leak %q of %s not found", a, tt.want, tt.measure)
				}
			}
		})
	}
}

// TestHarnessStepped: a worker whose figures change only in steps of k
// municipalities, and which hides the n of hidden figures, leaks nothing
// in the F1 scenarios; its figures read after a step that published nothing
// are attributed to the moment of their publication.
func TestHarnessStepped(t *testing.T) {
	for _, prefix := range []string{"F1 national", "F1 a shown county", "F1 an update"} {
		t.Run(prefix, func(t *testing.T) {
			g := offline(t, scenarioNamed(t, prefix), model{stepped: true, published: map[string]int{}})
			for _, a := range g.attackers {
				an := g.analyse(a)
				if findings := g.audit(a, an); len(findings) > 0 || len(an.problems) > 0 || len(an.doubts) > 0 {
					t.Error(report(a, an, findings))
				}
			}
		})
	}
}
