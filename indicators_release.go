package lagesbild

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"slices"
	"strings"
)

// Indicator figures under the suppression rule (issue 16, part 2).
//
// An indicator figure is, for a group of municipalities, how many meet an
// indicator (Met) of the N whose official answer can tell (Questionnaire.Meets:
// an unanswered item or "Ej aktuellt" leaves a municipality out of N). The
// groups overlap: the country, police regions, regional-coordinator regions,
// counties and municipality groups (kommungrupper) cut the same
// municipalities in different ways, so a police region minus its shown
// counties, or the country minus everything else, is a figure about the rest.
// No formula over group sizes (as Compare's for the county tree) covers that;
// the audit (audit.go) does, for any sets of units.
//
// Model. Each municipality i with an official response has two 0/1 unknowns:
// met_i (meets the indicator) and has_i (its answer can tell). A shown figure
// publishes two exact linear equations: Met = Σ met_i over its members with a
// value, and N = Σ has_i over its members that responded (participation is
// not secret: THREATS.md). A hidden figure publishes neither. Both are audited:
// met_i as Var{Unit: i, Version: 0} over the members with a value (the
// reader is assumed to know who has one: the strongest reader, and a reader
// who knows has_i knows met_i = 0 where it is 0), has_i as Var{Unit: i,
// Version: 1} over the members that responded. The two systems share no
// Vars, so what can be worked out from both is the direct sum of what can be
// from each, and one Auditor holding both finds exactly the union of their
// leaks, by unit. Where every municipality that responded has a value, the
// two systems are the same equations over renamed Vars and the has system
// is left out (it would find the same sets).
//
// Release rule (ReleaseIndicator):
//
//   - Primary: a figure resting on N ≤ k municipalities with a value is
//     never shown (one of them, reading, takes itself out and faces fewer
//     than k). A group without any municipality that responded shows "no
//     data" (N = 0 publishes nothing: participation is known).
//   - Greedy, in a fixed order (IndicatorGroupKinds: country, police regions,
//     coordinator regions, counties, municipality groups; within a kind by
//     code): a group passing the primary rule is shown only if, with its two
//     equations added to those of the groups already shown, no reader's
//     audit finds a set of fewer than k municipalities it does not know that
//     something can be worked out about. Else it is hidden (secondary
//     suppression) and the next group is tried. Groups already shown are
//     never taken back, so the result is deterministic and each step only
//     adds equations a reader is allowed to hold together.
//   - Why coarse first: each coarse figure rests on many municipalities and
//     is the one most readers read; finer groups nest in it (counties in
//     regions, regions in the country), so once it is shown, a later finer
//     figure that would close a small difference is the one hidden, and the
//     coarse figures stay. Municipality groups cut across all the others and
//     are the newest kind: last, so they never cost a geographic figure.
//     The order has a price where a unit is small: police region Stockholm
//     is Stockholms län and Gotland, so the region minus the county's rows,
//     which its lead sees, is Gotland; the region is hidden (whenever
//     Gotland has a value) and with it, for the sum to stay covered, a
//     second region (TestIndicatorGotland).
//
// Readers: the outsider, every municipality (its own row), every county lead
// (its county's rows); IndicatorReaders. A municipality m knows less than
// its county's lead, so what m can work out about a set reaching outside its
// county, the lead can work out about that set's part outside the county: the
// lead's audit finds it. What m can work out about others of its own county
// is what the outsider can about a set of at most k municipalities of that
// county holding m; so municipality readers covered by a lead are checked at
// once by the outsider's audit with k+1, keeping the sets of size k that lie
// in one lead's county (and every set of size < k). That is 1 + (leads)
// audits per step instead of 1 + 21 + 290.
//
// The release is for one snapshot of the answers: figures shown at several
// moments would let a reader subtract them (THREATS.md, F1). The worker
// shows a private round's figures to readers below the admin only once the
// round has closed (its answers can no longer change).

// Kinds of units of indicator figures and of the long export.
const (
	UnitMunicipality      = "kommun"
	UnitCounty            = "län"
	UnitPoliceRegion      = "polisregion"
	UnitCoordinatorRegion = "samordningsregion"
	UnitMunicipalityGroup = "kommungrupp"
	UnitCountry           = "riket"
)

// UnitGroup is a group of municipalities a figure is shown for.
type UnitGroup struct {
	Kind    string   `json:"kind"`
	Code    string   `json:"code"`
	Name    string   `json:"name"`
	Members []string `json:"-"` // kommunkoder, in code order
}

// IndicatorGroupKinds are the kinds of group indicator figures are released
// for, in the release's order (coarse first: see above), each with how its
// groups are built. Municipality groups (kommungrupper, Municipality.Group)
// go last.
var IndicatorGroupKinds = []struct {
	Kind   string
	Groups func() []UnitGroup
}{
	{UnitCountry, countryGroups},
	{UnitPoliceRegion, func() []UnitGroup {
		return regionGroups(UnitPoliceRegion, "Polisregion ", func(c County) string { return c.PoliceRegion })
	}},
	{UnitCoordinatorRegion, func() []UnitGroup {
		return regionGroups(UnitCoordinatorRegion, "Samordningsregion ", func(c County) string { return c.CoordinatorRegion })
	}},
	{UnitCounty, countyGroups},
	{UnitMunicipalityGroup, municipalityGroupGroups},
}

// IndicatorGroups lists every group of IndicatorGroupKinds in release order.
func IndicatorGroups() []UnitGroup {
	var out []UnitGroup
	for _, k := range IndicatorGroupKinds {
		out = append(out, k.Groups()...)
	}
	return out
}

func countryGroups() []UnitGroup {
	g := UnitGroup{Kind: UnitCountry, Code: NationalCode, Name: "Sverige"}
	for _, m := range Municipalities() {
		g.Members = append(g.Members, m.Code)
	}
	return []UnitGroup{g}
}

func countyGroups() []UnitGroup {
	var out []UnitGroup
	for _, c := range Counties() {
		g := UnitGroup{Kind: UnitCounty, Code: c.Code, Name: c.Name}
		for _, m := range MunicipalitiesIn(c.Code) {
			g.Members = append(g.Members, m.Code)
		}
		out = append(out, g)
	}
	return out
}

// municipalityGroupGroups are SKR's kommungrupper (MunicipalityGroups).
func municipalityGroupGroups() []UnitGroup {
	var out []UnitGroup
	for _, mg := range MunicipalityGroups() {
		g := UnitGroup{Kind: UnitMunicipalityGroup, Code: mg.Code, Name: mg.Name}
		for _, m := range MunicipalitiesInGroup(mg.Code) {
			g.Members = append(g.Members, m.Code)
		}
		out = append(out, g)
	}
	return out
}

// regionGroups groups counties by a region of theirs (its name is its code).
func regionGroups(kind, prefix string, region func(County) string) []UnitGroup {
	idx := map[string]int{}
	var out []UnitGroup
	for _, c := range Counties() {
		r := region(c)
		if r == "" {
			continue
		}
		i, ok := idx[r]
		if !ok {
			i = len(out)
			idx[r] = i
			out = append(out, UnitGroup{Kind: kind, Code: r, Name: prefix + r})
		}
		for _, m := range MunicipalitiesIn(c.Code) {
			out[i].Members = append(out[i].Members, m.Code)
		}
	}
	for i := range out {
		slices.Sort(out[i].Members)
	}
	slices.SortFunc(out, func(a, b UnitGroup) int { return strings.Compare(a.Code, b.Code) })
	return out
}

// IndicatorReaders are the readers below the admin: the outsider, every
// county lead and every municipality.
func IndicatorReaders() []Insider {
	out := []Insider{Outsider()}
	for _, c := range Counties() {
		out = append(out, CountyInsider(c.Code))
	}
	for _, m := range Municipalities() {
		out = append(out, MunicipalityInsider(m.Code))
	}
	return out
}

// IndicatorFigure is one group's figure for one indicator.
type IndicatorFigure struct {
	Kind           string `json:"kind"`
	Code           string `json:"code"`
	Name           string `json:"name"`
	Municipalities int    `json:"municipalities"` // in the group
	// Share is Met/N to three decimals; nil when suppressed or N = 0.
	Share      *float64 `json:"share"`
	Met        int      `json:"met"` // 0 when suppressed
	N          int      `json:"n"`   // 0 when suppressed
	Suppressed bool     `json:"suppressed"`
}

// IndicatorValues is one indicator's data: the municipalities with an
// official response, and for those whose answer can tell, whether they meet
// it (Questionnaire.Meets).
type IndicatorValues struct {
	Responded []string
	Met       map[string]bool
}

// IndicatorShare is met of n to three decimals (nil when n = 0).
func IndicatorShare(met, n int) *float64 {
	if n == 0 {
		return nil
	}
	return ptr(round3(float64(met) / float64(n)))
}

// ReleaseIndicator decides which groups' figures may be shown (see above)
// and returns every group's figure, in the order of groups. readers nil
// means IndicatorReaders.
func ReleaseIndicator(groups []UnitGroup, v IndicatorValues, readers []Insider, k int) []IndicatorFigure {
	shown := IndicatorShown(groups, v.Responded, v.Met, readers, k)
	return IndicatorFigures(groups, v, shown)
}

// IndicatorFigures computes every group's figure, hiding those not shown.
func IndicatorFigures(groups []UnitGroup, v IndicatorValues, shown []bool) []IndicatorFigure {
	responded := make(map[string]bool, len(v.Responded))
	for _, m := range v.Responded {
		responded[m] = true
	}
	out := make([]IndicatorFigure, len(groups))
	for i, g := range groups {
		f := IndicatorFigure{Kind: g.Kind, Code: g.Code, Name: g.Name, Municipalities: len(g.Members)}
		if shown[i] {
			for _, m := range g.Members {
				if met, ok := v.Met[m]; ok && responded[m] {
					f.N++
					if met {
						f.Met++
					}
				}
			}
			f.Share = IndicatorShare(f.Met, f.N)
		} else {
			f.Suppressed = true
		}
		out[i] = f
	}
	return out
}

// IndicatorShown decides which groups are shown: it depends only on who
// responded and who has a value (the keys of met), never on the values
// themselves, so indicators answered by the same municipalities share it
// (IndicatorReleaser caches it so).
func IndicatorShown(groups []UnitGroup, responded []string, met map[string]bool, readers []Insider, k int) []bool {
	return indicatorShown(groups, responded, met, readers, k, judgeFast)
}

// Judges of indicatorShown: the fastest cell judge for k (rrefJudge for
// k ≤ 3, else cellJudge), the kernel cell judge, or Auditors (one per
// reader not covered, and the probe): the references the tests hold the
// fast judge to.
type judgeKind int

const (
	judgeFast judgeKind = iota
	judgeCells
	judgeAudit
)

// indicatorShown is IndicatorShown by the judge of the kind asked.
func indicatorShown(groups []UnitGroup, responded []string, met map[string]bool, readers []Insider, k int, kind judgeKind) []bool {
	if readers == nil {
		readers = IndicatorReaders()
	}
	isResp := make(map[string]bool, len(responded))
	for _, m := range responded {
		isResp[m] = true
	}
	hasValue := func(m string) bool { _, ok := met[m]; return ok && isResp[m] }
	sameSets := true // every municipality that responded has a value: the has system is the met system
	for m := range isResp {
		if !hasValue(m) {
			sameSets = false
			break
		}
	}
	shown := make([]bool, len(groups))
	pubs := make([][]Publication, len(groups))
	for i, g := range groups {
		var metVars, hasVars []Var
		for _, m := range g.Members {
			if isResp[m] {
				hasVars = append(hasVars, Var{Unit: m, Version: 1})
				if hasValue(m) {
					metVars = append(metVars, Var{Unit: m, Version: 0})
				}
			}
		}
		switch {
		case len(hasVars) == 0:
			shown[i] = true // no data: nothing to publish about anyone
			continue
		case len(metVars) <= k:
			continue // primary
		}
		pubs[i] = []Publication{{Name: g.Kind + " " + g.Code + " met", Vars: metVars}}
		if !sameSets {
			pubs[i] = append(pubs[i], Publication{Name: g.Kind + " " + g.Code + " n", Vars: hasVars})
		}
	}
	if k < 2 {
		for i := range groups {
			shown[i] = shown[i] || pubs[i] != nil
		}
		return shown
	}
	if kind == judgeAudit {
		j := newJudge(readers, k)
		for i := range groups {
			if pubs[i] != nil && j.try(pubs[i]) {
				shown[i] = true
			}
		}
		return shown
	}
	// A cell judge (indicators_cells.go; for k ≤ 3 the incremental one of
	// indicators_rref.go): one per system.
	coverOf, covers, probe, outsider := readerCovers(readers)
	memberships := map[string][]int{}
	for i, g := range groups {
		if pubs[i] == nil {
			continue
		}
		for _, m := range g.Members {
			memberships[m] = append(memberships[m], i)
		}
	}
	type system struct {
		j      rowJudge
		cellOf map[string]int32
		pub    int // which publication of a group it is
	}
	var metUnits []string
	for _, m := range responded {
		if hasValue(m) {
			metUnits = append(metUnits, m)
		}
	}
	slices.Sort(metUnits)
	metUnits = slices.Compact(metUnits)
	var systems []system
	judge := func(units []string, pub int) {
		c, cellOf := newCellJudge(units, memberships, coverOf, covers, probe, outsider, k)
		var j rowJudge = c
		if k <= 3 && kind == judgeFast {
			j = newRREFJudge(c)
		}
		systems = append(systems, system{j, cellOf, pub})
	}
	judge(metUnits, 0)
	if !sameSets {
		resp := slices.Clone(responded)
		slices.Sort(resp)
		resp = slices.Compact(resp)
		judge(resp, 1)
	}
	for i := range groups {
		if pubs[i] == nil {
			continue
		}
		ok := true
		var tried []rowJudge
		for _, sy := range systems {
			var row []int32
			for _, v := range pubs[i][sy.pub].Vars {
				row = append(row, sy.cellOf[v.Unit])
			}
			slices.Sort(row)
			row = slices.Compact(row)
			if !sy.j.try(row) {
				ok = false
				break
			}
			tried = append(tried, sy.j)
		}
		if !ok {
			for _, t := range tried {
				t.undo() // take back what the other system accepted
			}
			continue
		}
		shown[i] = true
	}
	return shown
}

// readerCovers sorts the readers for the cell judge: a lead (a reader
// knowing several units) is a cover; a municipality inside a lead's cover
// makes that cover's probe a reader; a municipality in none is a cover of
// its own; the outsider is noted. Covers must not overlap (leads' counties
// do not).
func readerCovers(readers []Insider) (coverOf func(string) int, covers int, probe []bool, outsider bool) {
	of := map[string]int{}
	for _, r := range readers {
		if len(r.Units) > 1 {
			for _, u := range r.Units {
				of[u] = covers
			}
			covers++
			probe = append(probe, false)
		}
	}
	for _, r := range readers {
		switch {
		case len(r.Units) == 0:
			outsider = true
		case len(r.Units) == 1:
			if c, ok := of[r.Units[0]]; ok {
				probe[c] = true
			} else {
				of[r.Units[0]] = covers
				covers++
				probe = append(probe, false)
			}
		}
	}
	return func(u string) int {
		if c, ok := of[u]; ok {
			return c
		}
		return -1
	}, covers, probe, outsider
}

// judge holds one Auditor per reader that must be audited on its own, and
// one for the outsider with k+1 standing in for the municipalities covered
// by a lead (see above).
type judge struct { // the reference: the cell judge is what runs
	k        int
	full     []*Auditor
	probe    *Auditor        // outsider, k+1; nil when no reader needs it
	coverOf  map[string]int  // unit → the covering reader's index in cover
	cover    [][]string      // covering readers' units
	covered  map[string]bool // municipalities whose reader the probe stands in for
	outsider bool            // the outsider is a reader: every leak of the probe under k counts
}

func newJudge(readers []Insider, k int) *judge {
	j := &judge{k: k, coverOf: map[string]int{}, covered: map[string]bool{}}
	// Readers knowing a whole set of units (leads) cover the single-unit
	// readers inside it.
	for _, r := range readers {
		if len(r.Units) > 1 && len(r.Vars) == 0 {
			for _, u := range r.Units {
				j.coverOf[u] = len(j.cover)
			}
			j.cover = append(j.cover, r.Units)
		}
	}
	for _, r := range readers {
		switch {
		case len(r.Units) == 0 && len(r.Vars) == 0:
			j.outsider = true
		case len(r.Units) == 1 && len(r.Vars) == 0 && j.hasCover(r.Units[0]):
			j.covered[r.Units[0]] = true
		default:
			j.full = append(j.full, NewAuditor(r, k))
		}
	}
	if j.outsider || len(j.covered) > 0 {
		j.probe = NewAuditor(Outsider(), k+1)
	}
	return j
}

func (j *judge) hasCover(u string) bool { _, ok := j.coverOf[u]; return ok }

// try adds pubs if no reader's audit then finds a leak, and reports whether
// it did. Earlier publications passed, so any leak is the new one's doing.
func (j *judge) try(pubs []Publication) bool {
	var next []*Auditor
	for _, a := range j.full {
		b := a.Clone()
		rank := b.Rank()
		b.Add(pubs...)
		if b.Rank() > rank && len(b.Leaks()) > 0 { // nothing new: nothing new to find
			return false
		}
		next = append(next, b)
	}
	var probe *Auditor
	if j.probe != nil {
		probe = j.probe.Clone()
		rank := probe.Rank()
		probe.Add(pubs...)
		if probe.Rank() > rank {
			for _, l := range probe.Leaks() {
				if j.probeLeak(l) {
					return false
				}
			}
		}
	}
	j.full, j.probe = next, probe
	return true
}

// probeLeak reports whether a leak of the outsider's audit with k+1 is one
// for a reader it stands for: a set under k is one for the outsider (and for
// every municipality reader, who knows more); a set of k is one for a
// covered municipality of it when the set lies inside that municipality's
// lead's county.
func (j *judge) probeLeak(l Leak) bool {
	if len(l.Units) < j.k {
		return true
	}
	c, ok := j.coverOf[l.Units[0]]
	if !ok {
		return false
	}
	anyCovered := false
	for _, u := range l.Units {
		if cu, ok := j.coverOf[u]; !ok || cu != c {
			return false
		}
		anyCovered = anyCovered || j.covered[u]
	}
	return anyCovered
}

// IndicatorReleaser releases several indicators of one snapshot, deciding
// each distinct set of municipalities with a value once. Decisions can be
// kept between requests (the worker stores them in D1): Key names what a
// decision depends on, Seed hands back one kept, Computed lists the ones
// made here.
type IndicatorReleaser struct {
	Groups   []UnitGroup
	Readers  []Insider
	K        int
	memo     map[string][]bool
	computed map[string][]bool
	groupKey string
}

// indicatorReleaseVersion changes with the rule or the judge, so that
// decisions kept under an earlier one are not reused.
const indicatorReleaseVersion = "1"

// Key is what the decision for v depends on, hashed: the release's version,
// k, the groups and readers, who responded and who has a value (never the
// values: IndicatorShown). Indicators answered alike share it.
func (r *IndicatorReleaser) Key(v IndicatorValues) string {
	if r.groupKey == "" {
		h := sha256.New()
		fmt.Fprintf(h, "v%s k%d\n", indicatorReleaseVersion, r.K)
		for _, g := range r.Groups {
			fmt.Fprintf(h, "%s %s %s\n", g.Kind, g.Code, strings.Join(g.Members, ","))
		}
		if r.Readers == nil {
			fmt.Fprintf(h, "readers: IndicatorReaders\n")
		}
		for _, rd := range r.Readers {
			fmt.Fprintf(h, "reader %s %s %v\n", rd.Name, strings.Join(rd.Units, ","), rd.Vars)
		}
		r.groupKey = hex.EncodeToString(h.Sum(nil))
	}
	keys := make([]string, 0, len(v.Met))
	for m := range v.Met {
		keys = append(keys, m)
	}
	slices.Sort(keys)
	resp := slices.Clone(v.Responded)
	slices.Sort(resp)
	resp = slices.Compact(resp)
	h := sha256.New()
	fmt.Fprintf(h, "%s\n%s\n%s", r.groupKey, strings.Join(resp, ","), strings.Join(keys, ","))
	return hex.EncodeToString(h.Sum(nil))
}

// Seed hands the releaser a decision kept under key (EncodeShown); one not
// of the groups' length is ignored.
func (r *IndicatorReleaser) Seed(key, shown string) {
	s, ok := DecodeShown(shown)
	if !ok || len(s) != len(r.Groups) {
		return
	}
	if r.memo == nil {
		r.memo = map[string][]bool{}
	}
	r.memo[key] = s
}

// Computed are the decisions made by this releaser (not seeded), by Key.
func (r *IndicatorReleaser) Computed() map[string][]bool { return r.computed }

// EncodeShown writes a decision as a string of 0 and 1, a group a digit.
func EncodeShown(shown []bool) string {
	b := make([]byte, len(shown))
	for i, s := range shown {
		b[i] = '0'
		if s {
			b[i] = '1'
		}
	}
	return string(b)
}

// DecodeShown reads EncodeShown.
func DecodeShown(s string) ([]bool, bool) {
	out := make([]bool, len(s))
	for i := range len(s) {
		switch s[i] {
		case '0':
		case '1':
			out[i] = true
		default:
			return nil, false
		}
	}
	return out, true
}

// Release is ReleaseIndicator, with the decision shared between indicators
// answered by the same municipalities.
func (r *IndicatorReleaser) Release(v IndicatorValues) []IndicatorFigure {
	if r.memo == nil {
		r.memo = map[string][]bool{}
	}
	key := r.Key(v)
	shown, ok := r.memo[key]
	if !ok {
		shown = IndicatorShown(r.Groups, v.Responded, v.Met, r.Readers, r.K)
		r.memo[key] = shown
		if r.computed == nil {
			r.computed = map[string][]bool{}
		}
		r.computed[key] = shown
	}
	return IndicatorFigures(r.Groups, v, shown)
}

// IndicatorPublications are what shown figures publish, as the audit sees
// them (for tests and audits of a release): Met over the members with a
// value, N over the members that responded.
func IndicatorPublications(groups []UnitGroup, v IndicatorValues, figs []IndicatorFigure) []Publication {
	isResp := map[string]bool{}
	for _, m := range v.Responded {
		isResp[m] = true
	}
	var pubs []Publication
	for i, g := range groups {
		if figs[i].Suppressed {
			continue
		}
		var metVars, hasVars []Var
		for _, m := range g.Members {
			if !isResp[m] {
				continue
			}
			hasVars = append(hasVars, Var{Unit: m, Version: 1})
			if _, ok := v.Met[m]; ok {
				metVars = append(metVars, Var{Unit: m, Version: 0})
			}
		}
		if len(metVars) > 0 {
			pubs = append(pubs, Publication{Name: g.Kind + " " + g.Code + " met", Vars: metVars})
		}
		if len(hasVars) > 0 {
			pubs = append(pubs, Publication{Name: g.Kind + " " + g.Code + " n", Vars: hasVars})
		}
	}
	return pubs
}
