package lagesbild

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"slices"
	"strings"
)

// Similar municipalities (issue 16, item 5): the section means of SKR's
// municipality groups (kommungrupper, Municipality.Group), shown beside the
// county's and the country's.
//
// A group cuts across counties, so its figure overlaps the county and
// national figures Compare shows: a group's mean minus the county figures
// holding all but one of its members, or the country minus the groups and
// counties, could isolate a municipality. So the groups are released jointly
// with the comparison they are shown beside: Compare's figures are taken as
// published (they are, and they pass the audit alone), then each group, in
// code order, is shown only if, with every figure shown before it, no reader
// (the outsider, every county lead, every municipality) can work out
// anything about fewer than k municipalities it does not know — values and
// n alike. This is the indicators' judge (indicators_release.go: cells, and
// for k ≤ 3 the incremental one), run once per distinct system of
// equations: a measure's values over the municipalities with a value for
// it, and the n (0/1 "has a value") over those that responded.
//
// As a county, a group is shown or hidden for every measure alike (the
// audit does not see relations between measures), and a group resting on k
// or fewer responding municipalities, or with a measure resting on 1 to k,
// is hidden (primary: one of them, reading, takes itself out).
//
// The release is for one snapshot: the figures of c and the groups must be
// computed from the same results. Shown at several moments they could be
// subtracted (THREATS.md, F1); the worker shows them where Compare's
// figures are live (the admin, a round open to all), and in a private
// round only beside its final release, decided with every release of the
// round (Publisher.FinalGroups, similar_final.go).

// CompareGroups returns the figures of every SKR municipality group, in
// code order, from the results c was computed from (Compare with the same
// measures and rules), hiding those that c's figures together with them
// would let a reader take apart (see above).
func CompareGroups(measures []string, results []MunicipalityResult, c Comparison, rules Rules) []Group {
	g := NewGroupRelease(measures, results, c, rules)
	return g.Groups(g.Decide())
}

// GroupReleaser is CompareGroups with its decisions kept in memory: they
// depend only on GroupRelease.Key, which changes far less often than the
// figures are read (the worker keeps one per instance, in front of the
// decisions it keeps in D1). Not safe for concurrent use.
type GroupReleaser struct {
	memo map[string][]bool
}

// groupMemoSize bounds the decisions kept; beyond it they are dropped.
const groupMemoSize = 64

// Groups is CompareGroups.
func (r *GroupReleaser) Groups(measures []string, results []MunicipalityResult, c Comparison, rules Rules) []Group {
	g := NewGroupRelease(measures, results, c, rules)
	shown, ok := r.Kept(g.Key())
	if !ok {
		shown = g.Decide()
		r.Keep(g.Key(), shown)
	}
	return g.Groups(shown)
}

// Kept is the decision kept under key, if any.
func (r *GroupReleaser) Kept(key string) ([]bool, bool) {
	shown, ok := r.memo[key]
	return slices.Clone(shown), ok
}

// Keep keeps a decision under key.
func (r *GroupReleaser) Keep(key string, shown []bool) {
	if r.memo == nil || len(r.memo) >= groupMemoSize {
		r.memo = map[string][]bool{}
	}
	r.memo[key] = slices.Clone(shown)
}

// GroupRelease is the municipality groups of one snapshot, prepared for
// their decision, which is made apart from the figures so that it can be
// kept (the worker keeps it in D1): Key is what it depends on, Decide makes
// it (the costly part: tens of milliseconds natively), Groups computes the
// figures under it (cheap).
type GroupRelease struct {
	measures []string
	groups   []UnitGroup
	byCode   map[string]MunicipalityResult
	primary  []bool // shown by the primary rule alone
	systems  []groupSystem
	k        int
	key      string
	built    bool // the systems' rows (groupRows)
}

// groupReleaseVersion changes with the rule or the judge, so that decisions
// kept under an earlier one are not reused.
const groupReleaseVersion = "1"

// NewGroupRelease prepares the groups of the results c was computed from
// (Compare with the same measures and rules).
func NewGroupRelease(measures []string, results []MunicipalityResult, c Comparison, rules Rules) *GroupRelease {
	reg := loadRegistry()
	g := &GroupRelease{measures: measures, groups: municipalityGroupGroups(), k: rules.MinMunicipalities}
	// As Compare: registered municipalities with a respondent, the first
	// result of each.
	g.byCode = make(map[string]MunicipalityResult, len(results))
	var uniq []MunicipalityResult
	for _, r := range results {
		if _, ok := reg.muniIdx[r.Municipality]; !ok || r.Respondents == 0 {
			continue
		}
		if _, dup := g.byCode[r.Municipality]; dup {
			continue
		}
		g.byCode[r.Municipality] = r
		uniq = append(uniq, r)
	}
	var memoKey string
	g.primary, g.systems, memoKey = groupSystems(measures, uniq, g.byCode, c, g.groups, g.k)
	h := sha256.New()
	fmt.Fprintf(h, "groups v%s readers: IndicatorReaders\n", groupReleaseVersion)
	for _, ug := range g.groups {
		fmt.Fprintf(h, "%s %s\n", ug.Code, strings.Join(ug.Members, ","))
	}
	h.Write([]byte(memoKey))
	g.key = hex.EncodeToString(h.Sum(nil))
	return g
}

// Key is what the decision depends on, hashed (hex SHA-256): the release's
// version, the groups, k, who responded, who has a value for each measure
// and which of Compare's figures are shown — never the values.
func (g *GroupRelease) Key() string { return g.key }

// Decide makes the decision: which groups are shown, in code order.
func (g *GroupRelease) Decide() []bool { return g.decide(nil, judgeFast) }

func (g *GroupRelease) decide(readers []Insider, kind judgeKind) []bool {
	shown := slices.Clone(g.primary)
	if g.k < 2 {
		return shown
	}
	if !g.built {
		for i := range g.systems {
			g.systems[i].groupRows(g.groups)
		}
		g.built = true
	}
	try := groupJudge(g.systems, g.groups, g.k, readers, kind)
	if try == nil {
		// Compare's own figures failed the judge: never seen (Compare is
		// audited alone), and then no group is shown beside them.
		return make([]bool, len(shown))
	}
	for i := range g.groups {
		if shown[i] && !groupIsEmpty(g.groups[i], g.byCode) {
			shown[i] = try(i)
		}
	}
	return shown
}

// Groups are the figures of every group, in code order, under a decision
// (Decide's, or one kept under Key; one not of the groups' length hides
// every group).
func (g *GroupRelease) Groups(shown []bool) []Group {
	if len(shown) != len(g.groups) {
		shown = make([]bool, len(g.groups))
	}
	out := make([]Group, len(g.groups))
	for i, ug := range g.groups {
		gr := Group{Code: ug.Code, Name: ug.Name, Municipalities: len(ug.Members), Measures: make(map[string]Figure, len(g.measures))}
		sums := make([]int64, len(g.measures))
		ns := make([]int, len(g.measures))
		for _, m := range ug.Members {
			r, ok := g.byCode[m]
			if !ok {
				continue
			}
			gr.Responded++
			for j, id := range g.measures {
				if v := r.Measures[id]; v != nil {
					sums[j] += MeasureUnits(*v)
					ns[j]++
				}
			}
		}
		for j, id := range g.measures {
			var f Figure
			switch {
			case !shown[i]:
				f.Suppressed = true // value and n
			case ns[j] > 0:
				f.Value, f.N = ptr(MeanOfUnits(id, sums[j], ns[j])), ns[j]
			}
			gr.Measures[id] = f
		}
		out[i] = gr
	}
	return out
}

// compareGroups is CompareGroups with the readers (nil: IndicatorReaders)
// and the judge given: the tests hold the fast judge to the Auditors.
func compareGroups(measures []string, results []MunicipalityResult, c Comparison, rules Rules, readers []Insider, kind judgeKind) []Group {
	g := NewGroupRelease(measures, results, c, rules)
	return g.Groups(g.decide(readers, kind))
}

// groupSystem is one system of equations the groups are judged in: its
// unknown units (sorted), the figures of Compare's that publish in it, and,
// built only when deciding (groupRows), those rows and the groups' rows.
type groupSystem struct {
	units   []string
	figures []int      // county index (registry order), −1 the country
	forced  [][]string // a row per figure
	rows    [][]string // by group; nil: the group publishes nothing here
}

// groupRows builds the system's rows: Compare's figures over the units of
// their county (the country: all), and each group's over its members.
func (sy *groupSystem) groupRows(groups []UnitGroup) {
	reg := loadRegistry()
	in := make(map[string]bool, len(sy.units))
	byCounty := make([][]string, len(reg.counties))
	for _, u := range sy.units {
		in[u] = true
		ci := countyIndexOf(u)
		byCounty[ci] = append(byCounty[ci], u)
	}
	for _, f := range sy.figures {
		if f < 0 {
			sy.forced = append(sy.forced, sy.units)
		} else {
			sy.forced = append(sy.forced, byCounty[f])
		}
	}
	for _, g := range groups {
		var row []string
		for _, m := range g.Members {
			if in[m] {
				row = append(row, m)
			}
		}
		sy.rows = append(sy.rows, row)
	}
}

// groupSystems applies the primary rule (see CompareGroups) and lists the
// systems the rest of the decision is judged in, with what they depend on
// as text (the key). A system is a measure's values over the units with a
// value, with the county and national figures shown (c.Publications), and
// where someone that responded has no value, its n over those that
// responded (c.Counts); the same units with the same figures are one. Every
// read computes this (the key), so the rows wait for the decision.
func groupSystems(measures []string, results []MunicipalityResult, byCode map[string]MunicipalityResult, c Comparison, groups []UnitGroup, k int) ([]bool, []groupSystem, string) {
	shown := make([]bool, len(groups))
	var responded []string
	for _, r := range results {
		responded = append(responded, r.Municipality)
	}
	slices.Sort(responded)
	// Primary: k or fewer municipalities under a group's n or a value.
	ns := make([]int, len(measures))
	for i, g := range groups {
		r := 0
		clear(ns)
		for _, m := range g.Members {
			res, ok := byCode[m]
			if !ok {
				continue
			}
			r++
			for j, id := range measures {
				if res.Measures[id] != nil {
					ns[j]++
				}
			}
		}
		hide := false
		for _, n := range ns {
			hide = hide || n > 0 && n <= k
		}
		shown[i] = r == 0 || r > k && !hide
	}
	var key strings.Builder
	fmt.Fprintf(&key, "%d %v", k, shown)
	if k < 2 {
		return shown, nil, key.String()
	}
	reg := loadRegistry()
	var systems []groupSystem
	seen := map[string]bool{}
	countyOf := make([]int, len(responded)) // registry index
	for i, m := range responded {
		countyOf[i] = countyIndexOf(m)
	}
	inCounty := make([]int, len(reg.counties))
	// add adds the system of units with the figures that publish in it:
	// those over units (inCounty: how many in each county; as
	// Comparison.publications) that publish(f).
	add := func(units []string, publish func(Figure) bool, measure string) {
		sy := groupSystem{units: units}
		for i := range c.Counties {
			if ci, ok := reg.countyIdx[c.Counties[i].Code]; ok && inCounty[ci] > 0 && publish(c.Counties[i].Measures[measure]) {
				sy.figures = append(sy.figures, ci)
			}
		}
		if len(units) > 0 && publish(c.National.Measures[measure]) {
			sy.figures = append(sy.figures, -1)
		}
		sk := fmt.Sprint(strings.Join(units, ","), sy.figures)
		if seen[sk] {
			return
		}
		seen[sk] = true
		key.WriteString("\n" + sk)
		systems = append(systems, sy)
	}
	values := func(f Figure) bool { return !f.Suppressed && f.Value != nil }
	counts := func(f Figure) bool { return f.NShown() }
	for _, id := range measures {
		var units []string
		clear(inCounty)
		for i, m := range responded {
			if byCode[m].Measures[id] != nil {
				units = append(units, m)
				inCounty[countyOf[i]]++
			}
		}
		add(units, values, id)
		if len(units) < len(responded) {
			clear(inCounty)
			for _, ci := range countyOf {
				inCounty[ci]++
			}
			add(responded, counts, id)
		}
	}
	return shown, systems, key.String()
}

func groupIsEmpty(g UnitGroup, byCode map[string]MunicipalityResult) bool {
	for _, m := range g.Members {
		if _, ok := byCode[m]; ok {
			return false
		}
	}
	return true
}

// groupJudge takes every system's forced rows and returns the function that
// tries a group's rows in every system at once (keeping them only if every
// system accepts them); nil when a forced row is refused.
func groupJudge(systems []groupSystem, groups []UnitGroup, k int, readers []Insider, kind judgeKind) func(int) bool {
	if readers == nil {
		readers = IndicatorReaders()
	}
	if kind == judgeAudit {
		j := newJudge(readers, k)
		pubs := func(rows func(groupSystem) [][]string) []Publication {
			var out []Publication
			for s, sy := range systems {
				for _, row := range rows(sy) {
					if len(row) == 0 {
						continue
					}
					p := Publication{}
					for _, u := range row {
						p.Vars = append(p.Vars, Var{Unit: u, Version: s})
					}
					out = append(out, p)
				}
			}
			return out
		}
		for _, p := range pubs(func(sy groupSystem) [][]string { return sy.forced }) {
			if !j.try([]Publication{p}) {
				return nil
			}
		}
		return func(i int) bool {
			return j.try(pubs(func(sy groupSystem) [][]string { return [][]string{sy.rows[i]} }))
		}
	}
	coverOf, covers, probe, outsider := readerCovers(readers)
	// Cells: units in the same rows (Compare's and the groups') and cover.
	// Compare's rows are the counties and the country, which every unit is
	// in: a unit's county stands for them.
	memberships := map[string][]int{}
	for i, g := range groups {
		for _, m := range g.Members {
			memberships[m] = append(memberships[m], len(groups)+countyIndexOf(m))
			memberships[m] = append(memberships[m], i)
		}
	}
	type cellSystem struct {
		j      rowJudge
		cellOf map[string]int32
	}
	cellRow := func(cellOf map[string]int32, units []string) []int32 {
		row := make([]int32, 0, len(units))
		for _, u := range units {
			row = append(row, cellOf[u])
		}
		slices.Sort(row)
		return slices.Compact(row)
	}
	var js []cellSystem
	for _, sy := range systems {
		c, cellOf := newCellJudge(sy.units, memberships, coverOf, covers, probe, outsider, k)
		var j rowJudge = c
		if k <= 3 && kind == judgeFast {
			j = newRREFJudge(c)
		}
		for _, row := range sy.forced {
			if len(row) > 0 && !j.try(cellRow(cellOf, row)) {
				return nil
			}
		}
		js = append(js, cellSystem{j, cellOf})
	}
	return func(i int) bool {
		var tried []rowJudge
		for s, sy := range systems {
			if len(sy.rows[i]) == 0 {
				continue
			}
			if !js[s].j.try(cellRow(js[s].cellOf, sy.rows[i])) {
				for _, t := range tried {
					t.undo() // take back what the other systems accepted
				}
				return false
			}
			tried = append(tried, js[s].j)
		}
		return true
	}
}

// countyIndexOf is the index of a municipality's county in the registry.
func countyIndexOf(code string) int {
	reg := loadRegistry()
	return reg.countyIdx[reg.municipalities[reg.muniIdx[code]].County]
}
