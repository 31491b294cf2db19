//go:build !js

package attack_test

import (
	"cmp"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"lagesbild"
)

// From what an attacker saw to the audit: which moment each figure rests
// on, the publications and knowledge that makes, and the audit's findings.

// pub is a publication with what was shown: the mean and its n (a value),
// or an n alone (a count).
type pub struct {
	lagesbild.Publication
	shown float64 // the mean shown (a value), or n (a count)
	n     int
}

// attribute says which moment a group's figures rest on: the latest moment
// at or before they were read whose true figures they are — group by group
// (a publication holds a group's every measure), else measure by measure.
// It lists the measures no moment explains, and those that more than one
// moment resting on other values explains (checkDistinct rules that out for
// a whole group; a worker publishing measure by measure could bring it back).
func (g *game) attribute(sg seenGroup) (at map[string]int, unexplained, ambiguous []string) {
	// A figure is a moment's when its value is a rounding of that
	// moment's mean and its n (when shown) that moment's n.
	match := func(s int, m string) bool {
		f := sg.figs[m]
		tr := g.truth(s, sg.round, sg.group, m)
		if n, ok := f.n(); ok && n != len(tr.valueVars) {
			return false
		}
		return f.Value == nil || tr.explains(m, *f.Value)
	}
	// What a figure's publications rest on at a moment.
	basis := func(s int, ms []string) string {
		var sb strings.Builder
		for _, m := range ms {
			tr := g.truth(s, sg.round, sg.group, m)
			if sg.figs[m].Value != nil {
				fmt.Fprint(&sb, m, tr.valueVars)
			}
			if _, ok := sg.figs[m].n(); ok {
				fmt.Fprint(&sb, m, tr.countVars)
			}
		}
		return sb.String()
	}
	// latest finds the latest moment explaining ms, and whether an earlier
	// one on another basis does too. A group's figures are a moment's when
	// its every figure is and, when whole, how many responded (when shown)
	// is that moment's: the group comes as one publication.
	latest := func(ms []string, whole bool) (int, bool) {
		found, ambiguous := -1, false
		for s := sg.moment; s >= 0; s-- {
			all := !whole || sg.responded == nil ||
				*sg.responded == len(g.truth(s, sg.round, sg.group, lagesbild.MeasureTotal).countVars)
			for _, m := range ms {
				all = all && match(s, m)
			}
			switch {
			case !all:
			case found < 0:
				found = s
			case basis(s, ms) != basis(found, ms):
				ambiguous = true
			}
		}
		return found, ambiguous
	}
	ms := sortedKeys(sg.figs)
	at = map[string]int{}
	for _, whole := range []bool{true, false} { // responded may be live beside kept figures
		if s, amb := latest(ms, whole); s >= 0 {
			for _, m := range ms {
				at[m] = s
			}
			if amb {
				ambiguous = ms
			}
			return at, nil, ambiguous
		}
	}
	for _, m := range ms {
		s, amb := latest([]string{m}, false)
		if s < 0 {
			unexplained = append(unexplained, m)
			continue
		}
		at[m] = s
		if amb {
			ambiguous = append(ambiguous, m)
		}
	}
	return at, unexplained, ambiguous
}

// analysis is one attacker's publications and knowledge.
type analysis struct {
	values, counts map[string][]pub // by measure
	known          []lagesbild.Var  // rows it was shown
	// problems: rows it may not see, figures of a round it may not read,
	// figures that cannot be explained; each with where it was seen.
	problems problems
	// doubts: what the harness had to guess (figures more than one moment
	// explains), for the log.
	doubts problems
}

// problem is one kind of thing an attacker was shown that it should not
// have been, or that the harness cannot audit: the units it is about and
// where it was shown.
type problem struct {
	units map[string]bool
	where []string
}

func (an *analysis) problem(unit, where, format string, args ...any) {
	addProblem(an.problems, unit, where, fmt.Sprintf(format, args...))
}

func (an *analysis) doubt(unit, where, format string, args ...any) {
	addProblem(an.doubts, unit, where, fmt.Sprintf(format, args...))
}

func addProblem(to map[string]*problem, unit, where, what string) {
	p := to[what]
	if p == nil {
		p = &problem{units: map[string]bool{}}
		to[what] = p
	}
	p.units[unit] = true
	p.where = append(p.where, where)
}

// String lists the problems, each with the units and where it was seen.
func (ps problems) String() string {
	var sb strings.Builder
	for _, what := range sortedKeys(ps) {
		p := ps[what]
		fmt.Fprintf(&sb, "\n    shown %s, of %s: %s", what, strings.Join(sortedKeys(p.units), " "), strings.Join(p.where[:min(3, len(p.where))], "; "))
		if len(p.where) > 3 {
			fmt.Fprintf(&sb, "; … %d in all", len(p.where))
		}
	}
	return sb.String()
}

type problems map[string]*problem

func (g *game) analyse(a attacker) analysis {
	s := g.seen[a]
	// In the order read, whatever order the answers came in.
	slices.SortStableFunc(s.groups, func(x, y seenGroup) int {
		return cmp.Or(cmp.Compare(x.moment, y.moment), strings.Compare(x.view, y.view), cmp.Compare(x.round, y.round), strings.Compare(x.group, y.group))
	})
	an := analysis{values: map[string][]pub{}, counts: map[string][]pub{}, problems: problems{}, doubts: problems{}}
	seenPub := map[string]bool{}
	add := func(to map[string][]pub, kind, m string, p pub) {
		if len(p.Vars) == 0 {
			return
		}
		key := kind + " " + m + " " + fmt.Sprint(p.Vars)
		if seenPub[key] {
			return
		}
		seenPub[key] = true
		to[m] = append(to[m], p)
	}
	for _, sg := range s.groups {
		if a.kind == "nocode" && !g.open[sg.round] {
			// Without a code nothing of a private round may be shown,
			// however large the groups (THREATS.md, "anyone, no code").
			for _, m := range sortedKeys(sg.figs) {
				if n, ok := sg.figs[m].n(); sg.figs[m].Value != nil || ok && n > 0 {
					an.problem(sg.group, fmt.Sprintf("step %d %s: %s %s %s", g.stepOf(sg.moment), sg.view, sg.group, m, showFig(sg.figs[m])),
						"figures of round %s, which is not open to all, without a code", g.rounds[sg.round])
					break
				}
			}
		}
		at, unexplained, ambiguous := g.attribute(sg)
		for _, m := range ambiguous {
			an.doubt(sg.group, fmt.Sprintf("step %d %s: %s %s %s", g.stepOf(sg.moment), sg.view, sg.group, m, showFig(sg.figs[m])),
				"figures that moments resting on other values explain alike: audited as the latest moment's, as if live")
		}
		for _, m := range unexplained {
			an.problem(sg.group, fmt.Sprintf("step %d %s: %s %s %s", g.stepOf(sg.moment), sg.view, sg.group, m, showFig(sg.figs[m])),
				"figures that are no moment's true figures, which the harness cannot audit")
		}
		for _, m := range sortedKeys(at) {
			f, s := sg.figs[m], at[m]
			tr := g.truth(s, sg.round, sg.group, m)
			name := fmt.Sprintf("step %d %s %s", g.stepOf(sg.moment), sg.view, sg.group)
			if f.Value != nil {
				add(an.values, "v", m, pub{lagesbild.Publication{Name: name, Vars: tr.valueVars}, *f.Value, len(tr.valueVars)})
			}
			if n, ok := f.n(); ok {
				add(an.counts, "n", m, pub{lagesbild.Publication{Name: name, Vars: tr.countVars}, float64(n), n})
			}
		}
	}
	known := map[lagesbild.Var]bool{}
	for _, r := range s.rows {
		if r.respondents == 0 {
			continue
		}
		if !g.open[r.round] && !a.own(r.muni) {
			an.problem(r.muni, fmt.Sprintf("step %d %s: %s", g.stepOf(r.moment), r.view, r.muni), "rows of round %s it may not see", g.rounds[r.round])
		}
		found := false
		for s := r.moment; s >= 0 && !found; s-- {
			st, ok := g.snaps[s][r.round][r.muni]
			if ok && st.res.Respondents == r.respondents && sameMeasures(g.measures, st.res.Measures, r.measures) {
				known[varOf(r.round, r.muni, st.version)], found = true, true
			}
		}
		if !found {
			an.problem(r.muni, fmt.Sprintf("step %d %s: %s", g.stepOf(r.moment), r.view, r.muni), "rows of round %s that are no moment's true rows", g.rounds[r.round])
		}
	}
	an.known = sortedVars(known)
	return an
}

func sameMeasures(ids []string, a, b map[string]*float64) bool {
	for _, id := range ids {
		x, y := a[id], b[id]
		if (x == nil) != (y == nil) || x != nil && lagesbild.MeasureUnits(*x) != lagesbild.MeasureUnits(*y) {
			return false
		}
	}
	return true
}

func showFig(f fig) string {
	v, n := "null", "none"
	if f.Value != nil {
		v = strconv.FormatFloat(*f.Value, 'f', -1, 64)
	}
	if f.N != nil {
		n = strconv.Itoa(*f.N)
	}
	return fmt.Sprintf("{value %s, n %s, suppressed %v}", v, n, f.Suppressed)
}

// ---- the audit ----

// finding is what one attacker learns of one kind (values or n) about one
// set of municipalities: the leak and the measures it holds for.
type finding struct {
	kind     string // "values" or "n"
	leak     string
	measures []string
	example  string                   // the arithmetic, for one measure
	none     []string                 // of an n about one value: the measures it shows the municipality has no value for
	explain  map[string]func() string // by measure: the arithmetic, worked out when asked
}

// audit runs the audit for an attacker over every measure, values and n
// apart (they are different unknowns).
func (g *game) audit(a attacker, an analysis) []finding {
	in := a.insider()
	in.Vars = an.known
	byLeak := map[string]*finding{}
	var order []string
	measures := []string{lagesbild.MeasureTotal} // the example first
	for _, m := range g.measures {
		if m != lagesbild.MeasureTotal {
			measures = append(measures, m)
		}
	}
	for _, m := range measures {
		for _, kind := range []string{"values", "n"} {
			pubs := an.values[m]
			if kind == "n" {
				pubs = an.counts[m]
			}
			ps := make([]lagesbild.Publication, len(pubs))
			for i, p := range pubs {
				ps[i] = p.Publication
			}
			for _, l := range lagesbild.Audit(ps, in, k) {
				key := kind + ": " + l.String()
				f := byLeak[key]
				if f == nil {
					f = &finding{kind: kind, leak: l.String(), explain: map[string]func() string{}}
					byLeak[key] = f
					order = append(order, key)
				}
				f.measures = append(f.measures, m)
				f.explain[m] = func() string { return g.arithmetic(kind, m, pubs, in, l) }
				if kind == "n" && len(l.Derivable) == 1 && len(l.Derivable[0]) == 1 && g.value("n", m, l.Derivable[0][0].Var) == 0 {
					f.none = append(f.none, m)
				}
			}
		}
	}
	var out []finding
	for _, key := range order {
		f := byLeak[key]
		// The total, as the issue, or a measure an n shows blank.
		m := f.measures[0]
		if len(f.none) > 0 {
			m = f.none[0]
		}
		f.example = f.explain[m]()
		out = append(out, *f)
	}
	return out
}

// value is the true value of a Var of a measure: the measure's value (a
// value audit) or 1/0 for has a value or not (an n audit).
func (g *game) value(kind, measure string, v lagesbild.Var) float64 {
	round, version := v.Version/100, v.Version%100
	for _, sn := range g.snaps {
		st, ok := sn[round][v.Unit]
		if !ok || st.version != version {
			continue
		}
		x := st.res.Measures[measure]
		switch {
		case kind == "n" && x != nil:
			return 1
		case kind == "n":
			return 0
		case x != nil:
			return *x
		}
		return 0
	}
	return 0
}

// pubs counts an analysis's distinct publications of a kind resting on a
// round's values (versions above 100: the previous round's).
func (an analysis) pubs(round int, kind string) int {
	from := an.values
	if kind == "n" {
		from = an.counts
	}
	n := 0
	for _, ps := range from {
		for _, p := range ps {
			if p.Vars[0].Version/100 == round {
				n++
			}
		}
	}
	return n
}
