package lagesbild

import (
	"cmp"
	"errors"
	"math/bits"
	"slices"
	"strconv"
	"strings"
)

// Publication in steps (issue 11, item 4; THREATS.md, "Publication in
// steps"). Figures that are live let a reader subtract two moments: the
// national figure before and after one municipality answered is that
// municipality's value (F1). So the figures a reader without rows sees (the
// county and national groups after suppression) change only in releases: a
// Release is a numbered publication of a round's figures, made when StepSize
// municipalities have answered or changed since the last (Due), and once
// more after the round has closed (its final release). Each release is
// audited, before it is shown, together with every earlier release of the
// round, for every kind of reader (Next):
//
//   - A group (a county, or the country) is computed anew in a release, or
//     keeps the figures of the release it was last computed in (its AsOf).
//     A kept figure is an equation every reader already had: it adds
//     nothing.
//   - Next starts from Compare's figures for every group whose figures would
//     change, audits them with the earlier releases', and while the audit
//     finds something about fewer than k municipalities that the earlier
//     releases did not give, keeps the figures of the smallest group whose
//     new figure rests on a municipality found, for each thing found, and
//     audits again. Keeping every group adds nothing new, so this ends, at
//     worst with a release that changes nothing (which still counts as a
//     step: its basis is where the next step is counted from). The final
//     release then tries each kept group again (Retry).
//   - The national figure, once shown, moves in steps of its own
//     (NationalStep): each one ties every county to the others in what can
//     be worked out, which is what the audit's cost grows with.
//   - The readers: the outsider; every county lead (its county's values);
//     every municipality (its own value). The audit is Audit's, by county
//     structure (blockAudit, below): a figure is a sum of county blocks, so
//     what can be worked out about a few municipalities is found from what
//     can be worked out about a few counties' blocks; a lead's is the
//     outsider's about its county and a few others; a municipality that
//     learns something about others outside its county gives its lead
//     something, so beyond the leads only its own county is searched, with
//     k+1 (itself and fewer than k others) for all of its municipalities at
//     once. Only what the candidate changes is searched (the earlier
//     releases passed), and their elimination is made once per Next.
//     TestBlockAuditIsAudit holds it to Audit over every reader.
//   - Measures: a figure's equation depends on the measure only through
//     which municipalities left it blank and which figures are shown, so
//     measures whose every release agrees on both are audited once. The
//     values and the n (F10, Comparison.Counts) are audited apart.
//   - A round and its previous rest on different unknowns (each round's
//     values are other versions): what a reader can work out from both is
//     what it can work out from each (the row space of disjoint blocks is
//     their direct sum), so each round's releases are audited alone.
//
// A municipality's value is identified by ResultVersion, a fingerprint of
// its result: a value that changes back is the same unknown again, which is
// what it is.

// ResultVersion is the version of a municipality's result as the audit
// counts it (Var.Version): a fingerprint (64-bit FNV-1a) of its value, or
// its having none, for every measure, so equal results have equal versions
// and a changed result another one. It is never 0.
func ResultVersion(measures []string, r MunicipalityResult) int {
	h := uint64(fnvOffset)
	for _, id := range measures {
		h = fnvString(h, id)
		if v := r.Measures[id]; v != nil {
			h = fnvUint(fnvByte(h, 1), uint64(MeasureUnits(*v)))
		} else {
			h = fnvByte(h, 0)
		}
	}
	if h == 0 {
		h = 1
	}
	return int(h)
}

const (
	fnvOffset = 14695981039346656037
	fnvPrime  = 1099511628211
)

func fnvByte(h uint64, b byte) uint64 { return (h ^ uint64(b)) * fnvPrime }

func fnvString(h uint64, s string) uint64 {
	for i := 0; i < len(s); i++ {
		h = fnvByte(h, s[i])
	}
	return fnvByte(h, 0xff) // ends the string: "ab"+"c" is not "a"+"bc"
}

func fnvUint(h uint64, v uint64) uint64 {
	for range 8 {
		h = fnvByte(h, byte(v))
		v >>= 8
	}
	return h
}

// BasisEntry is what figures rest on of one municipality: the version of
// its result and the measures it has no value for.
type BasisEntry struct {
	Municipality string
	Version      int      // ResultVersion; 0 in a Diff: the municipality has no result any more
	Blank        []string // measures without a value, in the order of the measures
}

// Basis is what a release rests on: an entry for every municipality with a
// result (in the registry, with respondents, as Compare counts them),
// sorted by code.
type Basis []BasisEntry

// NewBasis is the basis of results. A municipality listed twice counts once
// (its first result), as in Compare.
func NewBasis(measures []string, results []MunicipalityResult) Basis {
	reg := loadRegistry()
	b := make(Basis, 0, len(results))
	for _, r := range results {
		if _, ok := reg.muniIdx[r.Municipality]; !ok || r.Respondents == 0 {
			continue
		}
		e := BasisEntry{Municipality: r.Municipality, Version: ResultVersion(measures, r)}
		for _, id := range measures {
			if r.Measures[id] == nil {
				e.Blank = append(e.Blank, id)
			}
		}
		b = append(b, e)
	}
	byCode := func(x, y BasisEntry) int { return strings.Compare(x.Municipality, y.Municipality) }
	if !slices.IsSortedFunc(b, byCode) {
		slices.SortStableFunc(b, byCode)
	}
	return slices.CompactFunc(b, func(x, y BasisEntry) bool { return x.Municipality == y.Municipality })
}

// Versions are the versions by kommunkod, as Comparison.Publications takes them.
func (b Basis) Versions() map[string]int {
	v := make(map[string]int, len(b))
	for _, e := range b {
		v[e.Municipality] = e.Version
	}
	return v
}

// Changed is how many municipalities now has another entry for than b:
// answered, changed, or gone.
func (b Basis) Changed(now Basis) int {
	n := 0
	mergeBases(b, now, func(old, cur *BasisEntry) {
		if old == nil || cur == nil || old.Version != cur.Version {
			n++
		}
	})
	return n
}

// Diff is what changed from b to now: now's entries that b does not have
// alike, and an entry with Version 0 for each municipality now lacks.
func (b Basis) Diff(now Basis) Basis {
	var d Basis
	mergeBases(b, now, func(old, cur *BasisEntry) {
		switch {
		case cur == nil:
			d = append(d, BasisEntry{Municipality: old.Municipality})
		case old == nil || old.Version != cur.Version:
			d = append(d, *cur)
		}
	})
	return d
}

// Apply is b with the changes of a Diff made.
func (b Basis) Apply(changes Basis) Basis {
	out := make(Basis, 0, len(b)+len(changes))
	mergeBases(b, changes, func(old, ch *BasisEntry) {
		switch {
		case ch == nil:
			out = append(out, *old)
		case ch.Version != 0:
			out = append(out, *ch)
		}
	})
	return out
}

// mergeBases walks two bases sorted by code together, calling f with the
// entries of one municipality (nil where a basis has none).
func mergeBases(a, b Basis, f func(x, y *BasisEntry)) {
	i, j := 0, 0
	for i < len(a) || j < len(b) {
		switch {
		case j == len(b) || i < len(a) && a[i].Municipality < b[j].Municipality:
			f(&a[i], nil)
			i++
		case i == len(a) || b[j].Municipality < a[i].Municipality:
			f(nil, &b[j])
			j++
		default:
			f(&a[i], &b[j])
			i++
			j++
		}
	}
}

// String is the basis as stored: a line per entry, the kommunkod, the
// version in hex and each blank measure quoted, separated by spaces:
// `0114 9f3a0c2b7d1e4a55 "rutiner"`.
func (b Basis) String() string {
	var sb strings.Builder
	sb.Grow(len(b) * 22)
	for i, e := range b {
		if i > 0 {
			sb.WriteByte('\n')
		}
		sb.WriteString(e.Municipality)
		sb.WriteByte(' ')
		writeHex(&sb, uint64(e.Version))
		for _, id := range e.Blank {
			sb.WriteByte(' ')
			sb.WriteString(strconv.Quote(id))
		}
	}
	return sb.String()
}

func writeHex(sb *strings.Builder, v uint64) {
	const digits = "0123456789abcdef"
	var buf [16]byte
	for i := 15; i >= 0; i-- {
		buf[i] = digits[v&15]
		v >>= 4
	}
	sb.Write(buf[:])
}

// ParseBasis reads Basis.String.
func ParseBasis(s string) (Basis, error) {
	if s == "" {
		return nil, nil
	}
	b := make(Basis, 0, strings.Count(s, "\n")+1)
	for line := range strings.SplitSeq(s, "\n") {
		code, rest, _ := strings.Cut(line, " ")
		hex, rest, _ := strings.Cut(rest, " ")
		v, err := strconv.ParseUint(hex, 16, 64)
		if err != nil || code == "" {
			return nil, errors.New("basis: bad entry " + strconv.Quote(line))
		}
		e := BasisEntry{Municipality: code, Version: int(v)}
		for rest != "" {
			q, err := strconv.QuotedPrefix(rest)
			if err != nil {
				return nil, errors.New("basis: bad blank measure in " + strconv.Quote(line))
			}
			id, _ := strconv.Unquote(q)
			e.Blank = append(e.Blank, id)
			rest = strings.TrimPrefix(rest[len(q):], " ")
		}
		if n := len(b); n > 0 && b[n-1].Municipality >= code {
			return nil, errors.New("basis: entries out of order at " + strconv.Quote(code))
		}
		b = append(b, e)
	}
	return b, nil
}

// Stamp names a release: its number in the round (1, 2, …; 0 is "none
// yet") and when it was made.
type Stamp struct {
	Seq       int    `json:"seq"`
	Published string `json:"published,omitempty"` // RFC 3339, UTC
}

// ReleasedGroup is a group as a release shows it, with the release whose
// figures it shows: this release's when it was computed anew, an earlier
// one's when its figures could not change yet.
type ReleasedGroup struct {
	Group
	AsOf Stamp
}

// Release is one publication of a round's county and national figures.
type Release struct {
	Stamp
	Final bool  // made after the round closed: the round's last
	Basis Basis // every municipality's entry when it was made: steps are counted from it
	// Groups are every county in code order, then the country ("SE").
	Groups []ReleasedGroup
}

// Comparison is the release's figures, as Compare returns them.
func (r *Release) Comparison() Comparison {
	c := Comparison{Counties: make([]Group, 0, len(r.Groups))}
	for _, g := range r.Groups {
		if g.Code == NationalCode {
			c.National = g.Group
		} else {
			c.Counties = append(c.Counties, g.Group)
		}
	}
	return c
}

// ReleaseStep is what the audit needs of an earlier release: what changed
// in its basis since the release before it, and the groups computed anew
// in it.
type ReleaseStep struct {
	Seq     int
	Changes Basis
	Fresh   []Group
}

// Step is the release's ReleaseStep, given the basis of the release before
// it.
func (r *Release) Step(before Basis) ReleaseStep {
	s := ReleaseStep{Seq: r.Seq, Changes: before.Diff(r.Basis)}
	for _, g := range r.Groups {
		if g.AsOf.Seq == r.Seq {
			s.Fresh = append(s.Fresh, g.Group)
		}
	}
	return s
}

// EncodeGroups writes groups as stored (and decoded by DecodeGroups): a
// first line with the measures quoted, then a line per group: its code, the
// seq and time of its AsOf, responded, and a figure per measure in the
// order of the first line, value/n/suppressed ("-" for no value, "s" for
// suppressed): `01 3 2026-03-15T12:00:00Z 5 54.3/5/ -/0/s`. Names and sizes
// come from the registry. Floats are written so that they read back
// exactly.
func EncodeGroups(measures []string, groups []ReleasedGroup) string {
	var sb strings.Builder
	sb.Grow(64 + len(groups)*(40+16*len(measures)))
	for i, id := range measures {
		if i > 0 {
			sb.WriteByte(' ')
		}
		sb.WriteString(strconv.Quote(id))
	}
	for _, g := range groups {
		sb.WriteByte('\n')
		sb.WriteString(g.Code)
		sb.WriteByte(' ')
		sb.WriteString(strconv.Itoa(g.AsOf.Seq))
		sb.WriteByte(' ')
		if g.AsOf.Published == "" {
			sb.WriteByte('-')
		} else {
			sb.WriteString(g.AsOf.Published)
		}
		sb.WriteByte(' ')
		sb.WriteString(strconv.Itoa(g.Responded))
		for _, id := range measures {
			f := g.Measures[id]
			sb.WriteByte(' ')
			if f.Value == nil {
				sb.WriteByte('-')
			} else {
				sb.WriteString(strconv.FormatFloat(*f.Value, 'g', -1, 64))
			}
			sb.WriteByte('/')
			sb.WriteString(strconv.Itoa(f.N))
			sb.WriteByte('/')
			if f.Suppressed {
				sb.WriteByte('s')
			}
		}
	}
	return sb.String()
}

// DecodeGroups reads EncodeGroups. A group's name and size are the
// registry's.
func DecodeGroups(s string) ([]ReleasedGroup, error) {
	header, rest, _ := strings.Cut(s, "\n")
	var measures []string
	for header != "" {
		q, err := strconv.QuotedPrefix(header)
		if err != nil {
			return nil, errors.New("groups: bad measure in the first line")
		}
		id, _ := strconv.Unquote(q)
		measures = append(measures, id)
		header = strings.TrimPrefix(header[len(q):], " ")
	}
	if rest == "" {
		return nil, nil
	}
	reg := loadRegistry()
	out := make([]ReleasedGroup, 0, strings.Count(rest, "\n")+1)
	values := make([]float64, 0, (len(reg.counties)+1)*len(measures)) // backs the values
	for line := range strings.SplitSeq(rest, "\n") {
		bad := func() error { return errors.New("groups: bad line " + strconv.Quote(line)) }
		f := strings.Split(line, " ")
		if len(f) != 4+len(measures) {
			return nil, bad()
		}
		g := ReleasedGroup{Group: Group{Code: f[0], Measures: make(map[string]Figure, len(measures))}}
		if f[0] == NationalCode {
			g.Name, g.Municipalities = "Sverige", len(reg.municipalities)
		} else if i, ok := reg.countyIdx[f[0]]; ok {
			g.Name, g.Municipalities = reg.counties[i].Name, reg.counties[i].Municipalities
		} else {
			return nil, bad()
		}
		var err1, err2 error
		g.AsOf.Seq, err1 = strconv.Atoi(f[1])
		if f[2] != "-" {
			g.AsOf.Published = f[2]
		}
		g.Responded, err2 = strconv.Atoi(f[3])
		if err1 != nil || err2 != nil {
			return nil, bad()
		}
		for j, id := range measures {
			v, rest, ok1 := strings.Cut(f[4+j], "/")
			n, supp, ok2 := strings.Cut(rest, "/")
			var fig Figure
			var err error
			if fig.N, err = strconv.Atoi(n); !ok1 || !ok2 || err != nil || supp != "" && supp != "s" {
				return nil, bad()
			}
			fig.Suppressed = supp == "s"
			if v != "-" {
				x, err := strconv.ParseFloat(v, 64)
				if err != nil {
					return nil, bad()
				}
				values = append(values, x)
				fig.Value = &values[len(values)-1]
			}
			g.Measures[id] = fig
		}
		out = append(out, g)
	}
	return out, nil
}

// Publisher makes a round's releases.
type Publisher struct {
	Measures []string // the round's measures (Questionnaire.MeasureIDs)
	Rules    Rules
	// Step is how many municipalities must have answered or changed since
	// the last release before another is tried; 0 means k+1 (k =
	// Rules.MinMunicipalities), the fewest with which any figure can change
	// without telling a municipality among them something about fewer than
	// k others: with k or fewer, one of them takes its own change out of the
	// difference and faces fewer than k.
	Step int
	// NationalStep is how many municipalities must have answered or
	// changed since the national figure was last computed before it is
	// computed anew; 0 means NationalStepSize's default (a tenth of those
	// it rests on). Every national figure published joins the counties to
	// one another in what can be worked out (it is their sum), so it is
	// what makes the audit costly: it moves in larger steps than a
	// county's, once the round is under way.
	NationalStep int
	// Retry tries again, once the candidate passes, each group kept on the
	// way, the last kept first: a group kept for one leak may have been made
	// needless by those kept after it. Figures lag less, a publication
	// costs more. The final release always does.
	Retry bool
}

// StepSize is the Step in force.
func (p Publisher) StepSize() int {
	if p.Step > 0 {
		return p.Step
	}
	return max(1, p.Rules.MinMunicipalities+1)
}

// NationalStepSize is the NationalStep in force when the country's figure
// rests on n municipalities: by default a tenth of them, at least
// StepSize.
func (p Publisher) NationalStepSize(n int) int {
	if p.NationalStep > 0 {
		return p.NationalStep
	}
	return max(p.StepSize(), (n+9)/10)
}

// Base is release 0: nothing published, every group without data.
func (p Publisher) Base() Release {
	c := Compare(p.Measures, nil, p.Rules)
	r := Release{Groups: make([]ReleasedGroup, 0, len(c.Counties)+1)}
	for _, g := range c.Counties {
		r.Groups = append(r.Groups, ReleasedGroup{Group: g})
	}
	r.Groups = append(r.Groups, ReleasedGroup{Group: c.National})
	return r
}

// Due reports whether a release is to be made after latest (Base when
// there is none), changed municipalities having answered or changed since
// it (latest.Basis.Changed of the basis now, or a count that may be above
// it, never below): when at least StepSize did, or the round has closed and
// latest is not its final release.
func (p Publisher) Due(latest *Release, changed int, closed bool) bool {
	switch {
	case latest.Final:
		return false
	case closed:
		return true
	}
	return changed >= p.StepSize()
}

// NextStats says what Next did, for tests and measurements.
type NextStats struct {
	Audits   int      // candidates checked (per class)
	Rounds   int      // times the candidate was audited
	Classes  int      // distinct equation structures audited (values and n)
	Stages   int      // of which with a stage 1 of their own (the others share one)
	Leads    int      // county leads audited
	Searches int      // municipality-level searches
	Primes   int      // classes audited modulo the second prime too
	Kept     []string // groups whose figures were kept because the new ones would reveal something
	Retried  []string // groups kept at first and computed anew after all (Publisher.Retry)
	Waiting  bool     // the national figure waits for its own step (Publisher.NationalStep)
	Fresh    []string // groups computed anew
}

// Next makes the release after latest (Base when there is none), stamped
// stamp, from the round's results now. history is every earlier release's
// step, in order (latest's included): what the audit replays. It returns
// the release and its step. See the top of this file for how it decides.
func (p Publisher) Next(history []ReleaseStep, latest *Release, results []MunicipalityResult, stamp Stamp, final bool) (Release, ReleaseStep, NextStats) {
	var st NextStats
	k := p.Rules.MinMunicipalities
	reg := loadRegistry()
	nation := len(reg.counties)
	cmpNow := Compare(p.Measures, results, p.Rules)
	now := NewBasis(p.Measures, results)
	cand := make([]Group, nation+1)
	copy(cand, cmpNow.Counties)
	cand[nation] = cmpNow.National

	// Replay the history: each step's basis, and each group's last figures.
	steps, basis, part := replay(reg, history)
	base := p.Base()
	lastSig := make([]uint64, nation+1)
	lastMembers := make([][]BasisEntry, nation+1) // each group's, when it was last computed
	for gi := range lastSig {
		lastSig[gi] = groupSig(base.Groups[gi].Group, nil, p.Measures)
	}
	for _, s := range steps {
		for j, g := range s.fresh {
			gi := groupIndex(reg, g.Code)
			lastSig[gi] = groupSig(g, s.members[j], p.Measures)
			lastMembers[gi] = s.members[j]
		}
	}
	changes := basis.Diff(now)
	part.split(now)
	nowByCounty := slices.Clone(part.byCounty)
	nowMembers := make([][]BasisEntry, nation+1)
	fresh := make([]bool, nation+1)
	for gi := range cand {
		nowMembers[gi] = part.members(gi)
		fresh[gi] = groupSig(cand[gi], nowMembers[gi], p.Measures) != lastSig[gi]
	}
	// Once computed, the country moves in steps of its own
	// (NationalStepSize), but for the final release.
	if n := changedUnits(lastMembers[nation], nowMembers[nation]); fresh[nation] && !final && len(lastMembers[nation]) > 0 &&
		n < p.NationalStepSize(len(nowMembers[nation])) {
		fresh[nation] = false
		st.Waiting = true
	}

	// Classes of measures alike in every release, values and n apart.
	var valueReps, countReps []string
	{
		vsig, csig := map[uint64]bool{}, map[uint64]bool{}
		for _, id := range p.Measures {
			hv, hc := uint64(fnvOffset), uint64(fnvOffset)
			mix := func(changes Basis, groups []Group) {
				for _, g := range groups {
					f := g.Measures[id]
					hv = fnvByte(fnvString(hv, g.Code), b2i(f.Value != nil && !f.Suppressed))
					hc = fnvByte(fnvString(hc, g.Code), b2i(f.NShown()))
				}
				for _, e := range changes {
					hv = fnvByte(fnvUint(fnvString(hv, e.Municipality), uint64(e.Version)), b2i(slices.Contains(e.Blank, id)))
				}
				hv, hc = fnvByte(hv, '|'), fnvByte(hc, '|')
			}
			for _, s := range steps {
				mix(s.changes, s.fresh)
			}
			mix(changes, cand)
			if !vsig[hv] {
				vsig[hv] = true
				valueReps = append(valueReps, id)
			}
			if !csig[hc] {
				csig[hc] = true
				countReps = append(countReps, id)
			}
		}
	}

	// The history's equations, per class, written as sums of county blocks
	// and eliminated once (modulo the second prime too, past the first's
	// exact bound).
	type class struct {
		eqs    equations
		audits []*blockAudit
	}
	var classes []*class
	byPattern := map[uint64]*class{} // classes alike in stage 1 share it
	f1 := newField(auditP1)
	for i, reps := range [][]string{valueReps, countReps} {
		for _, id := range reps {
			eqs := newEquations(id, i == 1, nation)
			var hist []blockEq
			for _, s := range steps {
				hist = append(hist, eqs.release(s.fresh, s.members, s.byCounty, true)...)
			}
			current := make([]block, 0, nation)
			for ci, ms := range nowByCounty {
				if bl := eqs.block(ci, ms); len(bl.vars) > 0 {
					current = append(current, bl)
				}
			}
			st.Classes++
			sig, alone := blockPattern(hist, current, &f1)
			sig = fnvByte(sig, byte(i)) // values and n apart
			for _, g := range cand {
				sig = fnvByte(sig, b2i(eqs.shows(g))) // what the candidate shows
			}
			if c := byPattern[sig]; c != nil && !alone {
				for _, a := range c.audits {
					a.addVariant(hist, current)
				}
				continue
			}
			c := &class{eqs: eqs, audits: []*blockAudit{newBlockAudit(hist, current, k, auditP1)}}
			if c.audits[0].multiRank()+len(current)+1 > auditExactRank {
				c.audits = append(c.audits, newBlockAudit(hist, current, k, auditP2))
				st.Primes++
			}
			if !alone {
				byPattern[sig] = c
			}
			classes = append(classes, c)
		}
	}
	st.Stages = len(classes)

	// newLeaks audits one class's history with the candidate's equations,
	// for every reader, and returns what the history alone did not give.
	newLeaks := func(c *class, cand []blockEq) []Leak {
		st.Audits++
		// The second prime only confirms: while the first finds something,
		// the candidate changes anyway.
		var out []Leak
		for _, a := range c.audits {
			for _, l := range a.check(cand, &st) {
				out = append(out, l.Leak)
			}
			if len(out) > 0 {
				break
			}
		}
		return out
	}

	// audit checks the candidate of the groups computed anew in fresh: what
	// it gives that the history did not (nil when nothing), in the first
	// class that gives something, with that class's equations and, for
	// each, its group's index.
	audit := func(fresh []bool) ([]Leak, []blockEq, []int) {
		st.Rounds++
		var groups []Group
		var members [][]BasisEntry
		var gis []int
		for gi, ok := range fresh {
			if ok {
				groups = append(groups, cand[gi])
				members = append(members, nowMembers[gi])
				gis = append(gis, gi)
			}
		}
		for _, c := range classes {
			eqs := c.eqs.release(groups, members, nowByCounty, false)
			if len(eqs) == 0 {
				continue
			}
			if found := newLeaks(c, eqs); len(found) > 0 {
				owner := make([]int, len(eqs))
				for i, eq := range eqs {
					owner[i] = gis[eq.group]
				}
				return found, eqs, owner
			}
		}
		return nil, nil, nil
	}
	var kept []int // in the order kept
	keep := func(gi int) {
		fresh[gi] = false
		kept = append(kept, gi)
		st.Kept = append(st.Kept, cand[gi].Code)
	}
	for {
		found, eqs, owner := audit(fresh)
		if len(found) == 0 {
			break
		}
		// Keep, for each leak, the smallest group whose new figure rests on
		// one of its units; if no new figure does, keep them all.
		any := false
		for _, lk := range found {
			best := -1
			for i, eq := range eqs {
				if fresh[owner[i]] && eq.holds(lk.Units) && (best < 0 || eq.size() < eqs[best].size()) {
					best = i
				}
			}
			if best >= 0 {
				keep(owner[best])
				any = true
			}
		}
		if !any {
			for gi := range fresh {
				if fresh[gi] {
					keep(gi)
				}
			}
		}
	}
	// A group kept for one leak may have been made needless by those kept
	// after it for others: try each again, the last kept first, unless it
	// is a county whose figure was shown and would be shown again with 1 to
	// k of its municipalities changed since (their changes: certain).
	if p.Retry || final {
		for i := len(kept) - 1; i >= 0; i-- {
			gi := kept[i]
			if gi < nation && shownBoth(lastGroup(latest, base, gi), cand[gi], p.Measures) {
				if n := changedUnits(lastMembers[gi], nowMembers[gi]); n > 0 && n <= k {
					continue
				}
			}
			fresh[gi] = true
			if found, _, _ := audit(fresh); len(found) > 0 {
				fresh[gi] = false
			} else {
				st.Retried = append(st.Retried, cand[gi].Code)
			}
		}
	}

	rel := Release{Stamp: stamp, Final: final, Basis: now, Groups: make([]ReleasedGroup, nation+1)}
	step := ReleaseStep{Seq: stamp.Seq, Changes: changes}
	for gi := range cand {
		if fresh[gi] {
			rel.Groups[gi] = ReleasedGroup{Group: cand[gi], AsOf: stamp}
			step.Fresh = append(step.Fresh, cand[gi])
			st.Fresh = append(st.Fresh, cand[gi].Code)
		} else if latest != nil && gi < len(latest.Groups) {
			rel.Groups[gi] = latest.Groups[gi]
		} else {
			rel.Groups[gi] = base.Groups[gi]
		}
	}
	return rel, step, st
}

// lastGroup is a group as the latest release shows it.
func lastGroup(latest *Release, base Release, gi int) Group {
	if latest != nil && gi < len(latest.Groups) {
		return latest.Groups[gi].Group
	}
	return base.Groups[gi].Group
}

// shownBoth reports whether a figure of some measure is shown by both
// groups, its value or its n.
func shownBoth(was, is Group, measures []string) bool {
	for _, id := range measures {
		a, b := was.Measures[id], is.Measures[id]
		if a.Value != nil && !a.Suppressed && b.Value != nil && !b.Suppressed || a.NShown() && a.N > 0 && b.NShown() && b.N > 0 {
			return true
		}
	}
	return false
}

// changedUnits is how many municipalities two lists of entries (sorted by
// code) do not have alike.
func changedUnits(a, b []BasisEntry) int {
	n := 0
	mergeBases(a, b, func(x, y *BasisEntry) {
		if x == nil || y == nil || x.Version != y.Version {
			n++
		}
	})
	return n
}

func b2i(b bool) byte {
	if b {
		return 1
	}
	return 0
}

// groupIndex is a group's index: a county's in code order, the country's
// after them; −1 for no group.
// replayed is an earlier release as the audit replays it.
type replayed struct {
	changes  Basis
	fresh    []Group
	members  [][]BasisEntry // of each fresh group
	byCounty [][]BasisEntry // every county's, when the country is among them
}

// replay is every release of history as the audit replays it, the basis
// of the last, and the partition the bases were split with (to split
// another with).
func replay(reg *registry, history []ReleaseStep) ([]replayed, Basis, *partition) {
	nation := len(reg.counties)
	steps := make([]replayed, 0, len(history)+1)
	var basis Basis
	part := newPartition(reg)
	for _, h := range history {
		basis = basis.Apply(h.Changes)
		s := replayed{changes: h.Changes}
		if len(h.Fresh) > 0 {
			part.split(basis)
			for _, g := range h.Fresh {
				if gi := groupIndex(reg, g.Code); gi >= 0 {
					s.fresh = append(s.fresh, g)
					s.members = append(s.members, part.members(gi))
					if gi == nation {
						s.byCounty = slices.Clone(part.byCounty)
					}
				}
			}
		}
		steps = append(steps, s)
	}
	return steps, basis, part
}

func groupIndex(reg *registry, code string) int {
	if code == "SE" {
		return len(reg.counties)
	}
	if i, ok := reg.countyIdx[code]; ok {
		return i
	}
	return -1
}

// partition splits a basis by county (reusing its slices).
type partition struct {
	reg       *registry
	byCounty  [][]BasisEntry
	all       Basis
	countyOfM []int // municipality index → county index
}

func newPartition(reg *registry) *partition {
	p := &partition{reg: reg, byCounty: make([][]BasisEntry, len(reg.counties)), countyOfM: make([]int, len(reg.municipalities))}
	for i, m := range reg.municipalities {
		p.countyOfM[i] = reg.countyIdx[m.County]
	}
	return p
}

func (p *partition) split(b Basis) {
	for i := range p.byCounty {
		p.byCounty[i] = p.byCounty[i][:0:0] // a fresh slice: members handed out stay as they were
	}
	p.all = b
	for _, e := range b {
		ci := p.countyOfM[p.reg.muniIdx[e.Municipality]]
		p.byCounty[ci] = append(p.byCounty[ci], e)
	}
}

// members are a group's entries in the basis last split.
func (p *partition) members(gi int) []BasisEntry {
	if gi == len(p.byCounty) {
		return p.all
	}
	return p.byCounty[gi]
}

// groupSig is a fingerprint of what a group shows and rests on: equal
// fingerprints, equal figures over the same versions (nothing new).
func groupSig(g Group, members []BasisEntry, measures []string) uint64 {
	h := fnvUint(fnvString(uint64(fnvOffset), g.Code), uint64(g.Responded))
	for _, e := range members {
		h = fnvUint(fnvString(h, e.Municipality), uint64(e.Version))
	}
	for _, id := range measures {
		f := g.Measures[id]
		h = fnvUint(fnvByte(fnvByte(h, b2i(f.Value != nil)), b2i(f.Suppressed)), uint64(f.N))
	}
	return h
}

// equations turns the groups computed in a release into the equations the
// audit adds for one measure (values or n), as sums of county blocks: a
// county's figure is the sum over its block (its municipalities with a value
// for the measure, or with a result, at their versions), the country's the
// sum over every county's block. A county block published as such (in this
// release, or alike in an earlier one) may be subtracted from the country's
// figure, so the country's equation is written as the sum over the other
// blocks: the same row space, so the same verdict, with fewer blocks.
type equations struct {
	measure   string
	counts    bool
	published []map[uint64]bool // by county: fingerprints of blocks published
}

// blockEq is one equation: the sum over its blocks, from the figure of the
// group at index group of the groups release was given.
type blockEq struct {
	group  int
	blocks []block
}

// block is a county's part of an equation: the county's index, its Vars
// (sorted by unit) and their fingerprint.
type block struct {
	county int
	vars   []Var
	sig    uint64
}

func (e blockEq) size() int {
	n := 0
	for _, b := range e.blocks {
		n += len(b.vars)
	}
	return n
}

// holds reports whether the equation rests on one of units.
func (e blockEq) holds(units []string) bool {
	for _, b := range e.blocks {
		for _, v := range b.vars {
			if slices.Contains(units, v.Unit) {
				return true
			}
		}
	}
	return false
}

func newEquations(measure string, counts bool, counties int) equations {
	e := equations{measure: measure, counts: counts, published: make([]map[uint64]bool, counties)}
	for i := range e.published {
		e.published[i] = map[uint64]bool{}
	}
	return e
}

func (e *equations) block(county int, members []BasisEntry) block {
	b := block{county: county, vars: make([]Var, 0, len(members)), sig: fnvOffset}
	for _, m := range members {
		if e.counts || !slices.Contains(m.Blank, e.measure) {
			b.vars = append(b.vars, Var{Unit: m.Municipality, Version: m.Version})
			b.sig = fnvUint(fnvString(b.sig, m.Municipality), uint64(m.Version))
		}
	}
	return b
}

// shows reports whether a group's figure publishes its sum (values) or its
// n, as Comparison.Publications and Counts decide.
func (e *equations) shows(g Group) bool {
	f := g.Measures[e.measure]
	if e.counts {
		return f.NShown()
	}
	return !f.Suppressed && f.Value != nil
}

// release returns the equations of the groups computed in one release
// (members: each group's entries; byCounty: every county's, needed when the
// country is among the groups). With commit, the release's county blocks
// count as published from then on.
func (e *equations) release(groups []Group, members [][]BasisEntry, byCounty [][]BasisEntry, commit bool) []blockEq {
	var eqs []blockEq
	var fresh []uint64 // fingerprints of this release's county blocks, by county (0: none)
	national := -1
	reg := loadRegistry()
	for i, g := range groups {
		if g.Code == NationalCode {
			national = i
			continue
		}
		if !e.shows(g) {
			continue
		}
		ci := reg.countyIdx[g.Code]
		b := e.block(ci, members[i])
		if len(b.vars) == 0 {
			continue
		}
		if fresh == nil {
			fresh = make([]uint64, len(e.published))
		}
		fresh[ci] = b.sig
		eqs = append(eqs, blockEq{group: i, blocks: []block{b}})
	}
	if national >= 0 && e.shows(groups[national]) {
		eq := blockEq{group: national}
		for ci, ms := range byCounty {
			b := e.block(ci, ms)
			if len(b.vars) == 0 || e.published[ci][b.sig] || fresh != nil && fresh[ci] == b.sig {
				continue // published: subtracted
			}
			eq.blocks = append(eq.blocks, b)
		}
		if len(eq.blocks) > 0 {
			eqs = append(eqs, eq)
		}
	}
	if commit {
		for ci, h := range fresh {
			if h != 0 {
				e.published[ci][h] = true
			}
		}
	}
	return eqs
}

// The audit of a round's releases, by county structure. Every equation the
// releases publish is a sum of county blocks (equations), and a leak is
// about fewer than k municipalities, so in fewer than k counties. Exact,
// in two stages, with the audit's own arithmetic and search (audit.go):
//
//  1. Counties. Each distinct block is an unknown of its county; every
//     equation is a 0/1 row over blocks, and the linear relations among a
//     county's blocks (as vectors over its municipalities' Vars; there are
//     rarely any) are added as rows too. Then, for a set T of counties,
//     what can be worked out about T's municipalities alone is exactly the
//     image of what can be worked out about T's blocks alone, D(T) (a
//     combination that vanishes outside T must give every other county a
//     combination of its blocks that vanishes: a relation).
//  2. Municipalities. Where D(T) holds more than its counties' D({c})
//     together (something across counties), its image over T's
//     municipalities' Vars is searched for sets of fewer than k
//     municipalities, as Audit does; where it does not, a combination about
//     T's municipalities falls apart into one per county, so the counties
//     alone (D({c})) are searched.
//
// Readers: the outsider; every county lead; every municipality. What a lead
// of county L can work out about a set T of other counties alone is what
// the outsider can about T ∪ {L}, less L's part. A municipality that learns
// something about fewer than k others, some outside its county, gives its
// lead (who knows all of its county) something about those outside: so
// beyond the leads, a municipality can only learn about its own county's,
// which the search of each county's D({c}) with k+1 (sets of at most k,
// the municipality among them) covers for all of them at once.
//
// Incremental: the history is eliminated once; a candidate's blocks that are
// new get the first columns, so its rows take their pivots there and leave
// the history's rows as they were. Only sets of counties holding one whose
// rows the candidate changed can derive more than before, and only what
// they derive beyond what the history gave the same reader is reported.
// (The history passed when it was made: were it to give a municipality
// something already, what a candidate adds to that might show only as the
// municipality's, not its lead's, which this does not search for.) The
// dimensions of D(T) are bounded first by a random sketch of the columns
// (a sketch can only lose rank, so the bound is never below), and derived
// exactly only where the bound leaves room for more.
//
// Modulo the audit's first prime, and its second as well where the rank
// of the rows over more than one block passes the first's exact bound
// (audit.go, "Arithmetic"): a candidate passes when neither finds anything.

// readerLeak is a leak and the reader it is found for.
type readerLeak struct {
	reader string
	Leak
}

// String is the leak with its reader, for comparing.
func (l readerLeak) String() string { return l.reader + ": " + l.Leak.String() }

// blockAudit is the audit of one class's history, eliminated once, against
// which candidates are checked (check): only what a candidate changes is
// searched, and what the history alone gave a reader is not reported.
type blockAudit struct {
	k        int
	p        uint64
	counties []string
	cols     []blockCol
	colOf    map[[2]uint64]int32 // (county, block fingerprint) → column
	byCounty [][]int32           // county → its columns
	unitOf   []int32             // column → county
	vars     []Var               // column → a name for the search
	hist     *level              // the history's elimination
	maxRank  int
	// variants are the measures that share these columns: alike in which
	// blocks are equal and in what is published (blockPattern), they differ
	// only in the Vars of a block (who left the measure blank); stage 1 is
	// theirs alike, stage 2 is searched for each. variants[i][col] are the
	// Vars of column col; variants[0] is cols' own.
	variants [][][]Var
}

type blockCol struct {
	county int
	vars   []Var
}

// level is an elimination of stage 1 with what is derived from it.
type level struct {
	e      *echelon
	s      *search
	sk     *sketch
	single []*derivation
	exact  map[uint64]*derivation
	leaks  map[string][]Leak // stage 2's, by reader and set
}

// newBlockAudit eliminates a class's history. current are every county's
// blocks now (the blocks a candidate may hold): they get the first columns,
// so that a candidate's row takes its pivot there when it holds one, and
// leaves the history's rows as they are.
func newBlockAudit(hist []blockEq, current []block, k int, p uint64) *blockAudit {
	reg := loadRegistry()
	b := &blockAudit{k: k, p: p, colOf: map[[2]uint64]int32{}, byCounty: make([][]int32, len(reg.counties))}
	for _, c := range reg.counties {
		b.counties = append(b.counties, c.Code)
	}
	seen := map[[2]uint64]bool{}
	for _, eq := range hist {
		for _, bl := range eq.blocks {
			seen[[2]uint64{uint64(bl.county), bl.sig}] = true
		}
	}
	for _, bl := range current {
		if !seen[[2]uint64{uint64(bl.county), bl.sig}] {
			b.column(bl)
		}
	}
	rows := make([][]int32, 0, len(hist))
	for _, eq := range hist {
		rows = append(rows, b.row(eq))
	}
	e := newEchelon(p)
	e.grow(len(b.cols))
	for _, r := range rows {
		e.add(r)
	}
	// The relations among each county's blocks (rarely any).
	f := &e.f
	dep := &search{f: f}
	for _, cs := range b.byCounty {
		if len(cs) < 2 {
			continue
		}
		sets := make([][]Var, len(cs))
		for i, c := range cs {
			sets[i] = b.cols[c].vars
		}
		vecs := indicators(sets, f.one)
		for _, y := range dep.dependencies(vecs) {
			var rel []entry
			for i, yi := range y {
				if yi != 0 {
					rel = append(rel, entry{cs[i], yi})
				}
			}
			slices.SortFunc(rel, func(x, y entry) int { return cmp.Compare(x.col, y.col) })
			addRow(e, rel)
		}
	}
	b.hist = b.level(e, nil)
	own := make([][]Var, len(b.cols))
	for c, col := range b.cols {
		own[c] = col.vars
	}
	b.variants = [][][]Var{own}
	return b
}

// addVariant adds a measure of the same blockPattern: its columns are made
// in the same order, so its blocks' Vars go by column.
func (b *blockAudit) addVariant(hist []blockEq, current []block) {
	vars := make([][]Var, len(b.cols))
	visitBlocks(hist, current, func(col int32, bl block) {
		if int(col) < len(vars) {
			vars[col] = bl.vars
		}
	})
	b.variants = append(b.variants, vars)
}

// visitBlocks visits every block of a class's history and of its current
// blocks in the order newBlockAudit makes their columns, with the column
// each gets: current blocks the history does not have first, then the
// history's in order.
func visitBlocks(hist []blockEq, current []block, f func(col int32, bl block)) {
	colOf := map[[2]uint64]int32{}
	seen := map[[2]uint64]bool{}
	for _, eq := range hist {
		for _, bl := range eq.blocks {
			seen[[2]uint64{uint64(bl.county), bl.sig}] = true
		}
	}
	visit := func(bl block) {
		key := [2]uint64{uint64(bl.county), bl.sig}
		c, ok := colOf[key]
		if !ok {
			c = int32(len(colOf))
			colOf[key] = c
		}
		f(c, bl)
	}
	for _, bl := range current {
		if !seen[[2]uint64{uint64(bl.county), bl.sig}] {
			visit(bl)
		}
	}
	for _, eq := range hist {
		for _, bl := range eq.blocks {
			visit(bl)
		}
	}
}

// blockPattern is a fingerprint of a class's history and current blocks as
// stage 1 sees them: each equation's counties and columns, and the
// columns of the current blocks. Classes alike in it have the same stage 1,
// unless a county's blocks have linear relations (alone is then true: the
// indicators are the sum vectors (one at each of its Vars) of sets of
// Vars, over the Vars they mention, numbered as they first appear: what
// search.dependencies takes to find the relations among blocks.
func indicators(sets [][]Var, one uint64) [][]entry {
	idx := map[Var]int32{}
	vecs := make([][]entry, len(sets))
	for i, vars := range sets {
		for _, v := range vars {
			j, ok := idx[v]
			if !ok {
				j = int32(len(idx))
				idx[v] = j
			}
			vecs[i] = append(vecs[i], entry{j, one})
		}
		slices.SortFunc(vecs[i], func(x, y entry) int { return cmp.Compare(x.col, y.col) })
	}
	return vecs
}

// relations go by the Vars, so such a class is audited on its own).
func blockPattern(hist []blockEq, current []block, f *field) (sig uint64, alone bool) {
	h := uint64(fnvOffset)
	byCounty := map[int][]block{}
	seenCol := map[int32]bool{}
	visitBlocks(hist, current, func(col int32, bl block) {
		h = fnvUint(fnvUint(h, uint64(bl.county)), uint64(col))
		if !seenCol[col] {
			seenCol[col] = true
			byCounty[bl.county] = append(byCounty[bl.county], bl)
		}
	})
	for _, eq := range hist {
		h = fnvUint(fnvByte(h, '|'), uint64(len(eq.blocks)))
	}
	for _, bl := range current {
		h = fnvUint(fnvByte(h, 'c'), uint64(bl.county))
	}
	dep := &search{f: f}
	for _, bls := range byCounty {
		if len(bls) < 2 {
			continue
		}
		sets := make([][]Var, len(bls))
		for i, bl := range bls {
			sets[i] = bl.vars
		}
		vecs := indicators(sets, f.one)
		if len(dep.dependencies(vecs)) > 0 {
			return h, true
		}
	}
	return h, false
}

// multiRank is how many rows of the history's elimination hold more than
// one block. A row of one block is a unit vector (a county's figure): a
// minor holding it is ± a minor without it, so the exact bound of the
// audit's arithmetic is on the rank of the others.
func (b *blockAudit) multiRank() int {
	n := 0
	for _, r := range b.hist.e.rows {
		if len(r) > 1 {
			n++
		}
	}
	return n
}

// column is a block's column, made when new.
func (b *blockAudit) column(bl block) int32 {
	key := [2]uint64{uint64(bl.county), bl.sig}
	c, ok := b.colOf[key]
	if !ok {
		c = int32(len(b.cols))
		b.colOf[key] = c
		b.cols = append(b.cols, blockCol{bl.county, bl.vars})
		b.byCounty[bl.county] = append(b.byCounty[bl.county], c)
		b.unitOf = append(b.unitOf, int32(bl.county))
		b.vars = append(b.vars, Var{Unit: b.counties[bl.county], Version: int(c)})
	}
	return c
}

func (b *blockAudit) row(eq blockEq) []int32 {
	row := make([]int32, 0, len(eq.blocks))
	for _, bl := range eq.blocks {
		row = append(row, b.column(bl))
	}
	slices.Sort(row)
	return slices.Compact(row)
}

func (b *blockAudit) level(e *echelon, same func(r int32) bool) *level {
	b.maxRank = max(b.maxRank, len(e.rows))
	s := newSearch(&Auditor{k: b.k, units: b.counties, unitOf: b.unitOf, vars: b.vars}, e)
	s.budget = b.k + 1 // derive memoizes the sets below it
	var sk *sketch
	if same != nil {
		sk = newSketchFrom(s, b.hist.sk, same)
	} else {
		sk = newSketch(s)
	}
	return &level{e: e, s: s, sk: sk, single: make([]*derivation, len(b.counties)),
		exact: map[uint64]*derivation{}, leaks: map[string][]Leak{}}
}

// derive is D(t) (t sorted), once.
func (l *level) derive(t []int32) *derivation {
	if len(t) == 1 {
		if l.single[t[0]] == nil {
			l.single[t[0]] = l.s.derive(t)
		}
		return l.single[t[0]]
	}
	key := countySetKey(t)
	d, ok := l.exact[key]
	if !ok {
		d = l.s.derive(t)
		l.exact[key] = d
	}
	return d
}

// dim is dim D(t) (t sorted), where it may be above lower (which it is at
// least); lower where it is not.
func (l *level) dim(t []int32, lower int) int {
	if len(t) == 1 {
		return l.derive(t).dim
	}
	if _, ok := l.exact[countySetKey(t)]; !ok && l.sk.dim(t) <= lower {
		return lower
	}
	return l.derive(t).dim
}

// pair is dim D({a, b}).
func (l *level) pair(a, b int32) int {
	return l.dim(union([]int32{a}, []int32{b}), l.dim([]int32{a}, 0)+l.dim([]int32{b}, 0))
}

// check audits the history with a candidate's equations for every reader
// and returns what the candidate adds (from the first kind of search that
// finds something: a county's own, across counties, a lead's).
func (b *blockAudit) check(cand []blockEq, st *NextStats) []readerLeak {
	if b.k < 2 {
		return nil
	}
	e := b.hist.e.clone()
	before := len(e.rows)
	for _, eq := range cand {
		r := b.row(eq)
		e.grow(len(b.cols))
		e.add(r)
	}
	// The counties whose derivations may change: those of the new rows'
	// pivots, and of the rows the new pivots changed.
	affected := make([]bool, len(b.counties))
	same := func(r int32) bool { return int(r) < before && &e.rows[r][0] == &b.hist.e.rows[r][0] }
	any := false
	for i := range e.rows {
		if !same(int32(i)) {
			affected[b.unitOf[e.pivot[i]]] = true
			any = true
		}
	}
	if !any {
		return nil // nothing new
	}
	now := b.level(e, same)
	old := b.hist
	k := b.k
	var out []readerLeak
	f := &e.f
	// search reports what a reader finds in now's basis of a set that old
	// did not give it (old's searched only then).
	search := func(reader string, kk int, key string, nowBasis func() [][]entry, oldBasis func() [][]entry) {
		nb := nowBasis()
		for vi, cols := range b.variants {
			st.Searches++
			found := b.stage2(nb, kk, f, cols)
			if len(found) == 0 {
				continue
			}
			okey := reader + " " + key + " " + strconv.Itoa(vi)
			had, ok := old.leaks[okey]
			if !ok {
				st.Searches++
				had = b.stage2(oldBasis(), kk, &old.e.f, cols)
				old.leaks[okey] = had
			}
			seen := map[string]bool{}
			for _, l := range had {
				seen[l.String()] = true
			}
			for _, l := range found {
				if !seen[l.String()] {
					out = append(out, readerLeak{reader, l})
				}
			}
		}
	}
	has := func(c int) bool { return len(b.byCounty[c]) > 0 }
	n := len(b.counties)

	// Every municipality, within its county: itself and fewer than k others.
	for c := range n {
		t := []int32{int32(c)}
		if has(c) && affected[c] && now.dim(t, 0) > old.dim(t, 0) {
			search("municipalities", k+1, unitsKey(t), func() [][]entry { return now.derive(t).basis },
				func() [][]entry { return old.derive(t).basis })
		}
	}
	// What a county's own figures give away is the commonest find, and the
	// cheapest: when it finds something, the candidate changes anyway, so
	// the rest waits for the next.
	if len(out) > 0 {
		return out
	}
	sets := countySets(now.s, k, affected) // connected, of 2 to k counties, holding an affected one
	sum := func(lv *level, t []int32, one func(lv *level, c int32) int) int {
		n := 0
		for _, c := range t {
			n += one(lv, c)
		}
		return n
	}
	single := func(lv *level, c int32) int { return lv.dim([]int32{c}, 0) }
	// The outsider, across fewer than k counties: a set whose D holds more
	// than its counties' (otherwise a combination about its municipalities
	// falls apart into one per county, which those searched), and more
	// than before.
	for _, t := range sets {
		if len(t) >= k {
			continue
		}
		lower := sum(now, t, single)
		if d := now.dim(t, lower); d > lower && d > old.dim(t, sum(old, t, single)) {
			search("outsider", k, unitsKey(t), func() [][]entry { return now.derive(t).basis },
				func() [][]entry { return old.derive(t).basis })
		}
	}
	if len(out) > 0 {
		return out
	}
	// Every county lead with a block. Knowing its county L, what it can
	// work out about a set T of other counties alone is what the outsider
	// can about T ∪ {L}, less L's part: of dimension dim D(T ∪ L) − dim
	// D(L), a basis being D(T ∪ L)'s projected on T. Searched where it
	// holds more than the outsider's (one county) or than the lead's about
	// each county of T (more), and more than before.
	for lc := range n {
		if !has(lc) || known(e, b.byCounty[lc]) {
			continue // no county, or one whose every block is published: the lead knows what everyone does
		}
		st.Leads++
		reader := "county " + b.counties[lc]
		l := int32(lc)
		L := []int32{l}
		leadOne := func(lv *level, c int32) int { return lv.pair(c, l) - lv.dim(L, 0) }
		leadDim := func(lv *level, tl, t []int32) int {
			var lower int
			if len(t) == 1 {
				lower = single(lv, t[0])
			} else {
				lower = sum(lv, t, leadOne)
			}
			dl := lv.dim(L, 0)
			return lv.dim(tl, lower+dl) - dl
		}
		for _, tl := range sets {
			if !slices.Contains(tl, l) {
				continue
			}
			t := slices.DeleteFunc(slices.Clone(tl), func(c int32) bool { return c == l })
			var beyond int
			if len(t) == 1 {
				beyond = single(now, t[0])
			} else {
				beyond = sum(now, t, leadOne)
			}
			if d := leadDim(now, tl, t); d > beyond && d > leadDim(old, tl, t) {
				search(reader, k, unitsKey(t), func() [][]entry { return project(now.derive(tl).basis, t, b.unitOf) },
					func() [][]entry { return project(old.derive(tl).basis, t, b.unitOf) })
			}
		}
	}
	return out
}

// known reports whether every column of cols is derivable alone: a pivot
// whose row is that column only.
func known(e *echelon, cols []int32) bool {
	for _, c := range cols {
		if int(c) >= len(e.rowOf) || e.rowOf[c] < 0 || len(e.rows[e.rowOf[c]]) != 1 {
			return false
		}
	}
	return true
}

// project is a basis over the blocks of t only.
func project(basis [][]entry, t []int32, unitOf []int32) [][]entry {
	var out [][]entry
	for _, z := range basis {
		var p []entry
		for _, en := range z {
			if slices.Contains(t, unitOf[en.col]) {
				p = append(p, en)
			}
		}
		if len(p) > 0 {
			out = append(out, p)
		}
	}
	return out
}

// stage2 searches the image of a basis over blocks (in f), the blocks'
// Vars being cols (by column), for sets of fewer than kk municipalities.
func (b *blockAudit) stage2(basis [][]entry, kk int, f *field, cols [][]Var) []Leak {
	acc := map[Var]bool{}
	images := make([]map[Var]uint64, len(basis))
	for i, z := range basis {
		img := map[Var]uint64{}
		for _, en := range z {
			vars := b.cols[en.col].vars // a column made after the variants (none in Next)
			if int(en.col) < len(cols) && cols[en.col] != nil {
				vars = cols[en.col]
			}
			for _, v := range vars {
				img[v] = f.add(img[v], en.v)
				acc[v] = true
			}
		}
		images[i] = img
	}
	mvars := make([]Var, 0, len(acc))
	for v := range acc {
		mvars = append(mvars, v)
	}
	slices.SortFunc(mvars, func(x, y Var) int {
		return cmp.Or(strings.Compare(x.Unit, y.Unit), cmp.Compare(x.Version, y.Version))
	})
	a := &Auditor{k: kk}
	unitIdx := map[string]int32{}
	col := make(map[Var]int32, len(mvars))
	for i, v := range mvars {
		u, ok := unitIdx[v.Unit]
		if !ok {
			u = int32(len(a.units))
			unitIdx[v.Unit] = u
			a.units = append(a.units, v.Unit)
		}
		a.unitOf = append(a.unitOf, u)
		a.vars = append(a.vars, v)
		col[v] = int32(i)
	}
	e := &echelon{f: *f}
	e.grow(len(mvars))
	for _, img := range images {
		row := make([]entry, 0, len(img))
		for v, x := range img {
			if x != 0 {
				row = append(row, entry{col[v], x})
			}
		}
		slices.SortFunc(row, func(x, y entry) int { return cmp.Compare(x.col, y.col) })
		addRow(e, row)
	}
	b.maxRank = max(b.maxRank, len(e.rows))
	return newSearch(a, e).run()
}

// sketch bounds dim D(T) of a search from above: each pivot row's entries
// summed against random vectors of its columns, per unit, so that a row
// outside T's columns is its total less T's units' parts.
type sketch struct {
	s     *search
	f     *field
	rows  []sketchRow // by echelon row
	alone []int       // by unit: its pivot rows holding no other unit (0 outside any T holding it)
	multi [][]int32   // by unit: its other pivot rows
	memo  map[uint64]int
}

type sketchRow struct {
	total [sketchLen]uint64
	units []int32 // the units the row holds
	mask  uint64  // the same, as a set (units below 64)
	parts [][sketchLen]uint64
}

const sketchLen = 16

func newSketch(s *search) *sketch { return newSketchFrom(s, nil, nil) }

// newSketchFrom takes from old the rows same says are unchanged.
func newSketchFrom(s *search, old *sketch, same func(r int32) bool) *sketch {
	n := len(s.a.units)
	sk := &sketch{s: s, f: s.f, rows: make([]sketchRow, len(s.e.rows)), alone: make([]int, n), multi: make([][]int32, n),
		memo: map[uint64]int{}}
	f := s.f
	rnd := map[int32]*[sketchLen]uint64{}
	vec := func(col int32) *[sketchLen]uint64 {
		if v, ok := rnd[col]; ok {
			return v
		}
		v := new([sketchLen]uint64)
		h := fnvUint(fnvOffset, uint64(col))
		for i := range sketchLen {
			h ^= h >> 29
			h *= 0xbf58476d1ce4e5b9
			h ^= h >> 32
			v[i] = h % f.p // any values: a random linear map
		}
		rnd[col] = v
		return v
	}
	for _, u := range s.pivUnits {
		for _, r := range s.pivRows[u] {
			if old != nil && same(r) {
				if old.rows[r].units == nil {
					sk.alone[u]++
				} else {
					sk.multi[u] = append(sk.multi[u], r)
					sk.rows[r] = old.rows[r]
				}
				continue
			}
			rowEntries := s.e.rows[r]
			if !slices.ContainsFunc(rowEntries, func(en entry) bool { return s.a.unitOf[en.col] != u }) {
				sk.alone[u]++
				continue
			}
			sk.multi[u] = append(sk.multi[u], r)
			row := &sk.rows[r]
			for _, en := range rowEntries {
				unit := s.a.unitOf[en.col]
				i := slices.Index(row.units, unit)
				if i < 0 {
					i = len(row.units)
					row.units = append(row.units, unit)
					row.mask |= 1 << (unit & 63)
					row.parts = append(row.parts, [sketchLen]uint64{})
				}
				v := vec(en.col)
				for j := range sketchLen {
					x := f.mul(en.v, v[j])
					row.parts[i][j] = f.add(row.parts[i][j], x)
					row.total[j] = f.add(row.total[j], x)
				}
			}
		}
	}
	return sk
}

// dim is an upper bound of dim D(t) (t sorted).
func (sk *sketch) dim(t []int32) int {
	key := countySetKey(t)
	if d, ok := sk.memo[key]; ok {
		return d
	}
	f := sk.f
	n := 0
	var tmask uint64
	for _, u := range t {
		tmask |= 1 << (u & 63)
	}
	var buf [24][sketchLen]uint64
	rows := buf[:0]
	for _, u := range t {
		n += sk.alone[u] + len(sk.multi[u])
		for _, r := range sk.multi[u] {
			row := &sk.rows[r]
			if row.mask&^tmask == 0 && len(sk.s.a.units) <= 64 {
				continue // nothing outside t: a zero row
			}
			v := row.total
			for i, w := range row.units {
				if tmask&(1<<(w&63)) != 0 && slices.Contains(t, w) {
					for j := range sketchLen {
						v[j] = f.sub(v[j], row.parts[i][j])
					}
				}
			}
			rows = append(rows, v)
		}
	}
	// Rank, fraction-free.
	rank := 0
	for col := 0; col < sketchLen && rank < len(rows); col++ {
		p := -1
		for i := rank; i < len(rows); i++ {
			if rows[i][col] != 0 {
				p = i
				break
			}
		}
		if p < 0 {
			continue
		}
		rows[rank], rows[p] = rows[p], rows[rank]
		piv := rows[rank][col]
		for i := rank + 1; i < len(rows); i++ {
			if a := rows[i][col]; a != 0 {
				for j := col; j < sketchLen; j++ {
					rows[i][j] = f.sub(f.mul(piv, rows[i][j]), f.mul(a, rows[rank][j]))
				}
			}
		}
		rank++
	}
	sk.memo[key] = n - rank
	return n - rank
}

// countySetKey is a key of a set of at most 7 counties.
func countySetKey(t []int32) uint64 {
	k := uint64(len(t))
	for _, c := range t {
		k = k<<8 | uint64(c+1)
	}
	return k
}

// countySets are the sets of 2 to size units (counties; at most 64) of a
// search, holding one of from, that can hold something across units:
// connected by its pivot rows (a unit with a pivot and a unit its rows
// hold, or two units with pivots whose rows share a column), holding a
// unit with a pivot.
func countySets(s *search, size int, from []bool) [][]int32 {
	n := len(s.a.units)
	if size < 2 || n > 64 {
		return nil
	}
	adj := make([]uint64, n)
	colUnits := map[int32]uint64{} // column → units with a pivot whose rows hold it
	for _, u := range s.pivUnits {
		for _, r := range s.pivRows[u] {
			for _, en := range s.e.rows[r] {
				w := s.a.unitOf[en.col]
				adj[u] |= 1 << w
				adj[w] |= 1 << u
				colUnits[en.col] |= 1 << u
			}
		}
	}
	for _, m := range colUnits {
		for x := m; x != 0; x &= x - 1 {
			adj[bits.TrailingZeros64(x)] |= m
		}
	}
	var pivots uint64
	for _, u := range s.pivUnits {
		pivots |= 1 << u
	}
	var start uint64
	for u, ok := range from {
		if ok && u < n {
			start |= 1 << u
		}
	}
	// Connected sets holding a unit of start, grown a neighbour at a time.
	seen := map[uint64]bool{}
	var level []uint64
	for x := start; x != 0; x &= x - 1 {
		level = append(level, 1<<bits.TrailingZeros64(x))
	}
	var out [][]int32
	for sz := 2; sz <= size && len(level) > 0; sz++ {
		var next []uint64
		for _, m := range level {
			var nb uint64
			for x := m; x != 0; x &= x - 1 {
				nb |= adj[bits.TrailingZeros64(x)]
			}
			for x := nb &^ m; x != 0; x &= x - 1 {
				q := m | 1<<bits.TrailingZeros64(x)
				if !seen[q] {
					seen[q] = true
					next = append(next, q)
					if q&pivots != 0 {
						t := make([]int32, 0, sz)
						for y := q; y != 0; y &= y - 1 {
							t = append(t, int32(bits.TrailingZeros64(y)))
						}
						out = append(out, t)
					}
				}
			}
		}
		level = next
	}
	return out
}

// addRow adds a row of any values (sorted by column) to an echelon form,
// as echelon.add does a 0/1 row.
func addRow(e *echelon, row []entry) {
	f := &e.f
	cur := row
	// Rows are 0 at every pivot but their own: subtracting one changes no
	// other pivot's entry, so row's own entries say what to subtract.
	for _, en := range row {
		if r := e.rowOf[en.col]; r >= 0 {
			cur = f.lin(f.one, cur, f.neg(en.v), e.rows[r])
		}
	}
	if len(cur) == 0 {
		return
	}
	if lead := cur[0].v; lead != f.one {
		inv := f.inv(lead)
		scaled := make([]entry, len(cur))
		for i, en := range cur {
			scaled[i] = entry{en.col, f.mul(en.v, inv)}
		}
		cur = scaled
	}
	pc := cur[0].col
	for i, r := range e.rows {
		if a := at(r, pc); a != 0 {
			e.rows[i] = f.lin(f.one, r, f.neg(a), cur)
		}
	}
	e.rowOf[pc] = int32(len(e.rows))
	e.rows = append(e.rows, cur)
	e.pivot = append(e.pivot, pc)
}
