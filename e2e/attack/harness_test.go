//go:build !js

package attack_test

import (
	"bytes"
	"fmt"
	"hash/fnv"
	"math/rand/v2"
	"slices"
	"strings"
	"sync/atomic"
	"testing"

	"lagesbild"
	"lagesbild/api"
	"lagesbild/questionnaires"
)

// k is the fewest municipalities a figure may be about (DefaultRules).
const k = 3

// ---- scenarios ----

// scenario is one attack: rounds, steps of answers, and who attacks.
type scenario struct {
	name  string // the subtest's name
	issue string // what issue 11 says the attack is, for the failure message
	// round is the id of the round the attackers read; open makes it open
	// to all.
	round string
	open  bool
	// previous, when not "", is the id of a private round made first and
	// set as round's previous (F3). When the admin route refuses the pair,
	// legacy names a pair the seed made (round, previous) to play on.
	previous string
	legacy   [2]string
	steps    []step
	// closeAfter: after which step (1, 2, …; 0 never) the round read
	// ([0]) and its previous ([1]) close (the admin's closeNow), before
	// the attackers read.
	closeAfter [2]int
	// groups: some attacker below the admin must be shown a municipality
	// group's figure (else the scenario tests nothing of them).
	groups bool
	// attackers; nil means an outsider (a code of a municipality that is in
	// no step), every municipality that answers and each county lead of
	// their counties.
	attackers []attacker
}

// step is answers posted one after the other; every attacker reads every
// view after the step (not between its answers).
type step struct {
	name  string
	posts []post
}

// post is one response. Posting the same resp of a municipality again with
// another seed updates that response (the same response id).
type post struct {
	prev     bool   // in the previous round, not the one read
	muni     string // kommunkod
	resp     int    // response number within the municipality: 1, 2, ...
	seed     int    // which answers (answersFor)
	by       string // who posts: "" the municipality's own code, a länskod that county lead's token, "admin", "nocode"
	blank    []string
	dontKnow []string
}

// first is the first n municipalities of a county answering once, each with
// seed; by as in post.
func first(county string, n, seed int, by string) []post {
	var out []post
	for i, m := range lagesbild.MunicipalitiesIn(county) {
		if i == n {
			break
		}
		out = append(out, post{muni: m.Code, resp: 1, seed: seed, by: by})
	}
	return out
}

func inPrevious(ps []post) []post {
	out := slices.Clone(ps)
	for i := range out {
		out[i].prev = true
	}
	return out
}

func join(pss ...[]post) []post { return slices.Concat(pss...) }

// attacker is one reader of THREATS.md.
type attacker struct {
	// kind: "nocode", "outsider" (a municipality's code whose municipality
	// answers nothing), "municipality", "county", or "figures": the live
	// figures the admin reads (with the municipality groups, which only
	// live figures carry), rows left out, audited for the reader unit
	// names ("" the outsider, a länskod its lead, a kommunkod the
	// municipality): what the figures alone would give that reader.
	kind string
	unit string // kommunkod or länskod
}

func (a attacker) String() string {
	if a.kind == "figures" {
		if a.unit == "" {
			return "the admin's figures, for the outsider"
		}
		return "the admin's figures, for " + attacker{kind: map[int]string{2: "county", 4: "municipality"}[len(a.unit)], unit: a.unit}.String()
	}
	switch a.kind {
	case "nocode":
		return "no code"
	case "outsider":
		return "outsider (" + a.unit + "'s code)"
	case "county":
		return "county lead " + a.unit
	}
	return "municipality " + a.unit
}

// insider is what the attacker knows of its own: every value of its
// municipality or its county's municipalities, at every version and in
// every round (a county lead holds its token in each round).
func (a attacker) insider() lagesbild.Insider {
	var in lagesbild.Insider
	switch {
	case a.kind == "figures" && a.unit == "":
		in = lagesbild.Outsider()
	case a.kind == "figures" && len(a.unit) == 2:
		in = lagesbild.CountyInsider(a.unit)
	case a.kind == "nocode":
		in = lagesbild.Outsider()
	case a.kind == "county":
		in = lagesbild.CountyInsider(a.unit)
	default:
		in = lagesbild.MunicipalityInsider(a.unit)
	}
	in.Name = a.String()
	return in
}

func (a attacker) own(muni string) bool {
	switch {
	case a.kind == "nocode" || a.kind == "figures" && a.unit == "":
		return false
	case a.kind == "county" || a.kind == "figures" && len(a.unit) == 2:
		m, _ := lagesbild.MunicipalityByCode(muni)
		return m.County == a.unit
	}
	return a.unit == muni
}

// ---- ground truth ----

// unitState is one municipality's result in one round at one moment, and
// its version: how many times its result has changed in that round.
type unitState struct {
	version int
	res     lagesbild.MunicipalityResult
}

// snap is the ground truth after one post (snaps[0]: before any): per round
// (0 the round read, 1 its previous), the municipalities that have answered.
type snap [2]map[string]unitState

// varOf is the audit's unknown for a municipality's value in a round at a
// version: the previous round's versions are 101, 102, ...
func varOf(round int, muni string, version int) lagesbild.Var {
	return lagesbild.Var{Unit: muni, Version: 100*round + version}
}

// truth is what a group's figure of one measure rests on at one moment.
type truth struct {
	valueVars []lagesbild.Var // municipalities with a value for the measure
	countVars []lagesbild.Var // municipalities that responded
	units     int64           // Σ values in thousandths (lagesbild.MeasureUnits)
}

func (g *game) truth(s, round int, group, measure string) truth {
	key := truthKey{s, round, group, measure}
	if tr, ok := g.truths[key]; ok {
		return tr
	}
	tr := g.computeTruth(s, round, group, measure)
	g.truths[key] = tr
	return tr
}

type truthKey struct {
	s, round       int
	group, measure string
}

func (g *game) computeTruth(s, round int, group, measure string) truth {
	var tr truth
	for _, code := range sortedKeys(g.snaps[s][round]) {
		st := g.snaps[s][round][code]
		if !inGroup(code, group) {
			continue
		}
		v := varOf(round, code, st.version)
		tr.countVars = append(tr.countVars, v)
		if x := st.res.Measures[measure]; x != nil {
			tr.valueVars = append(tr.valueVars, v)
			tr.units += lagesbild.MeasureUnits(*x)
		}
	}
	return tr
}

// inGroup is whether a municipality is in a group of figures: the country
// ("SE"), a county (a länskod) or a municipality group (a kommungrupp's
// code, "B3").
func inGroup(muni, group string) bool {
	m, _ := lagesbild.MunicipalityByCode(muni)
	switch {
	case group == "SE":
		return true
	case group[0] >= 'A' && group[0] <= 'Z':
		return m.Group == group
	}
	return m.County == group
}

// step of rounding of a measure in thousandths: scores to 0.1, the "Vet ej"
// share to 0.001.
func roundingStep(measure string) int64 {
	if measure == lagesbild.MeasureDontKnow {
		return 1
	}
	return 100
}

// explains reports whether a shown mean v over n values is a rounding of the
// true mean (within half a step, whichever way the worker rounds).
func (tr truth) explains(measure string, v float64) bool {
	n := int64(len(tr.valueVars))
	if n == 0 {
		return false
	}
	d := lagesbild.MeasureUnits(v)*n - tr.units
	return 2*abs(d) <= n*roundingStep(measure)
}

func abs(a int64) int64 {
	if a < 0 {
		return -a
	}
	return a
}

// ---- playing ----

// game is a scenario being played: the rounds, the codes, the ground truth
// and what each attacker saw.
type game struct {
	sc        scenario
	rounds    [2]string
	open      [2]bool
	q         *lagesbild.Questionnaire
	measures  []string
	codes     map[string]string // unit → code of the round read
	attackers []attacker
	responses [2]map[string]map[int]map[string]*float64 // round → muni → resp → measures
	snaps     []snap
	reads     []int // the snapshot after each step
	seen      map[attacker]*sight
	notes     []string
	truths    map[truthKey]truth // a cache; the game is analysed by one goroutine
	requests  atomic.Int64       // views fetched
}

func play(t *testing.T, sc scenario) *game {
	g := newGame(sc)
	g.setUp(t)
	for i, st := range sc.steps {
		for _, p := range st.posts {
			g.post(t, p)
		}
		for r, after := range sc.closeAfter {
			if after == i+1 {
				must(t, "PATCH", "/api/admin/rounds/"+g.rounds[r], w.AdminToken, api.RoundChange{CloseNow: true}, nil, 200)
			}
		}
		g.reads = append(g.reads, len(g.snaps)-1)
		g.read(t, len(g.snaps)-1)
		if t.Failed() {
			t.Fatalf("step %d (%s) failed", i+1, st.name)
		}
	}
	g.checkDistinct(t)
	return g
}

// newGame starts a game of a scenario: nothing answered yet, and the
// attackers chosen.
func newGame(sc scenario) *game {
	g := &game{sc: sc, seen: map[attacker]*sight{}, truths: map[truthKey]truth{}, snaps: []snap{{{}, {}}},
		responses: [2]map[string]map[int]map[string]*float64{{}, {}}}
	g.attackers = sc.attackers
	if g.attackers == nil {
		involved := map[string]bool{}
		counties := map[string]bool{}
		for _, st := range sc.steps {
			for _, p := range st.posts {
				if !p.prev {
					involved[p.muni] = true
					m, _ := lagesbild.MunicipalityByCode(p.muni)
					counties[m.County] = true
				}
			}
		}
		for _, o := range []string{"1280", "2580", "0180", "2480"} {
			if !g.involved(o) {
				g.attackers = append(g.attackers, attacker{"outsider", o})
				break
			}
		}
		for _, m := range sortedKeys(involved) {
			g.attackers = append(g.attackers, attacker{"municipality", m})
		}
		for _, c := range sortedKeys(counties) {
			g.attackers = append(g.attackers, attacker{"county", c})
		}
	}
	for _, a := range g.attackers {
		g.seen[a] = &sight{refused: map[string]int{}}
	}
	return g
}

// setUp makes the rounds and the codes.
func (g *game) setUp(t *testing.T) {
	t.Helper()
	sc := g.sc
	g.rounds = [2]string{sc.round, sc.previous}
	g.open[0] = sc.open
	newRound := func(id string, open bool, previous string) (int, []byte) {
		status, b, err := call("POST", "/api/admin/rounds", w.AdminToken, api.NewRound{ID: id, Questionnaire: "kommun",
			Opens: "2020-01-01", Closes: "2099-12-31", OpenToAll: open, Previous: previous})
		if err != nil {
			t.Fatal(err)
		}
		return status, b
	}
	if sc.previous != "" {
		if status, b := newRound(sc.previous, false, ""); status != 201 {
			t.Fatalf("making the previous round: %d %s", status, b)
		}
	}
	status, b := newRound(sc.round, sc.open, sc.previous)
	switch {
	case status == 201:
		if sc.previous != "" && sc.open {
			g.note("the admin route made round %s, open to all, after the private round %s", sc.round, sc.previous)
		}
	case status == 400 && sc.legacy[0] != "":
		g.note("the admin route refused round %s after a private round (%s); playing on the pair %s, %s from before the refusal",
			sc.round, bytes.TrimSpace(b), sc.legacy[0], sc.legacy[1])
		g.rounds = sc.legacy
	default:
		t.Fatalf("making round %s: %d %s", sc.round, status, b)
	}
	var rd api.Round
	must(t, "GET", "/api/rounds/"+g.rounds[0], w.AdminToken, nil, &rd, 200)
	q, err := questionnaires.Get(rd.Questionnaire, rd.Version)
	if err != nil {
		t.Fatal(err)
	}
	g.q, g.measures = q, q.MeasureIDs()
	g.open[0] = rd.OpenToAll
	if g.rounds[1] != "" {
		var prd api.Round
		must(t, "GET", "/api/rounds/"+g.rounds[1], w.AdminToken, nil, &prd, 200)
		g.open[1] = prd.OpenToAll
		if prd.Questionnaire != rd.Questionnaire || prd.Version != rd.Version {
			t.Fatalf("rounds %s and %s use other questionnaires", g.rounds[0], g.rounds[1])
		}
	}

	for _, a := range g.attackers {
		if a.kind == "outsider" && g.involved(a.unit) {
			t.Fatalf("outsider %s answers in the scenario", a.unit)
		}
	}

	// Codes of the round read: for every attacker, and every municipality
	// and county lead that posts with its own.
	var munis, counties []string
	add := func(unit string) {
		switch {
		case len(unit) == 4 && !slices.Contains(munis, unit):
			munis = append(munis, unit)
		case len(unit) == 2 && !slices.Contains(counties, unit):
			counties = append(counties, unit)
		}
	}
	for _, a := range g.attackers {
		if a.kind != "nocode" {
			add(a.unit)
		}
	}
	for _, st := range sc.steps {
		for _, p := range st.posts {
			switch {
			case p.prev:
			case p.by == "":
				add(p.muni)
			case p.by != "admin" && p.by != "nocode":
				add(p.by)
			}
		}
	}
	g.codes = map[string]string{}
	if len(munis)+len(counties) > 0 {
		var out api.Codes
		must(t, "POST", "/api/admin/rounds/"+g.rounds[0]+"/codes", w.AdminToken,
			api.NewCodes{Municipalities: munis, Counties: counties}, &out, 201)
		for _, c := range out.Codes {
			g.codes[c.Unit] = c.Code
		}
	}
}

func (g *game) involved(muni string) bool {
	for _, st := range g.sc.steps {
		for _, p := range st.posts {
			if p.muni == muni {
				return true
			}
		}
	}
	return false
}

// stepOf is the step after which a snapshot was read.
func (g *game) stepOf(moment int) int {
	return slices.Index(g.reads, moment) + 1
}

func (g *game) note(format string, args ...any) {
	g.notes = append(g.notes, fmt.Sprintf(format, args...))
}

// answersFor makes answers for the questionnaire from a seed: every item a
// scored option at random (now and then "Vet ej", never a whole section by
// chance); the sections in blank left unanswered, those in dontKnow all
// "Vet ej".
func answersFor(q *lagesbild.Questionnaire, muni string, seed int, blank, dontKnow []string) lagesbild.Answers {
	h := fnv.New64a()
	h.Write([]byte(muni))
	rng := rand.New(rand.NewPCG(h.Sum64(), uint64(seed)))
	a := lagesbild.Answers{}
	for _, s := range q.Sections {
		if slices.Contains(blank, s.ID) {
			continue
		}
		scored, unknown := 0, 0
		for _, it := range s.Items {
			var dk, ok []string
			for _, o := range it.Options {
				if o.Scored() {
					ok = append(ok, o.Value)
				} else {
					dk = append(dk, o.Value)
				}
			}
			switch {
			case slices.Contains(dontKnow, s.ID) && len(dk) > 0:
				a[it.ID] = dk[0]
			case len(dk) > 0 && rng.IntN(10) == 0 && (unknown+1)*lagesbild.CoverageDen <= len(s.Items):
				// Now and then "Vet ej", never so often that the section
				// falls under the coverage it needs for a score.
				a[it.ID] = dk[0]
				unknown++
			default:
				a[it.ID] = ok[rng.IntN(len(ok))]
				scored++
			}
		}
		if scored == 0 && !slices.Contains(dontKnow, s.ID) {
			for _, o := range s.Items[0].Options {
				if o.Scored() {
					a[s.Items[0].ID] = o.Value
					break
				}
			}
		}
	}
	return a
}

// responseID is a UUID unique to the scenario, round, municipality and
// response number.
func (g *game) responseID(p post) string {
	h := fnv.New32a()
	h.Write([]byte(g.sc.round))
	r := 0
	if p.prev {
		r = 1
	}
	return fmt.Sprintf("%08x-0000-4000-8000-%d%s%07d", h.Sum32(), r, p.muni, p.resp)
}

// post posts one response and takes a snapshot of the ground truth.
func (g *game) post(t *testing.T, p post) {
	t.Helper()
	round := 0
	if p.prev {
		round = 1
	}
	token := ""
	switch {
	case p.by == "admin" || p.prev:
		token = w.AdminToken
	case p.by == "nocode":
	case p.by == "":
		token = g.codes[p.muni]
	default:
		token = g.codes[p.by]
	}
	a := answersFor(g.q, p.muni, p.seed, p.blank, p.dontKnow)
	body := api.Response{ID: g.responseID(p), Round: g.rounds[round], Questionnaire: g.q.ID, Version: g.q.Version,
		Municipality: p.muni, Role: "chef", Answers: a}
	var stored api.Stored
	must(t, "POST", "/api/responses", token, body, &stored, 201, 200)
	if stored.Outcome == api.Unchanged {
		t.Fatalf("scenario: response %d of %s posted again unchanged (seed %d): pick another seed", p.resp, p.muni, p.seed)
	}
	g.apply(p)
}

// apply takes the snapshot of the ground truth after a post.
func (g *game) apply(p post) {
	round := 0
	if p.prev {
		round = 1
	}
	res := g.q.Score(answersFor(g.q, p.muni, p.seed, p.blank, p.dontKnow))
	byResp := g.responses[round][p.muni]
	if byResp == nil {
		byResp = map[int]map[string]*float64{}
		g.responses[round][p.muni] = byResp
	}
	byResp[p.resp] = res.Measures()
	var all []map[string]*float64
	for _, r := range sortedKeys(byResp) {
		all = append(all, byResp[r])
	}
	last := g.snaps[len(g.snaps)-1]
	next := snap{}
	for r := range next {
		next[r] = make(map[string]unitState, len(last[r])+1)
		for code, st := range last[r] {
			next[r][code] = st
		}
	}
	next[round][p.muni] = unitState{version: last[round][p.muni].version + 1, res: lagesbild.Mean(p.muni, all)}
	g.snaps = append(g.snaps, next)
}

// checkDistinct makes sure the scenario's moments can be told apart by their
// figures, so that the harness can tell which moment a figure shown rests
// on, also when the worker shows an earlier moment's publication: for each
// group, two moments whose values differ (another municipality, or another
// version) differ in some mean by more than a rounding step (or in whether
// there is one), and two moments whose respondents differ (in who or at
// which version) differ in some n. (An update must change the n of some
// measure: leave a section blank, or answer one that was blank.)
func (g *game) checkDistinct(t *testing.T) {
	t.Helper()
	groups := []string{"SE"}
	for _, c := range lagesbild.Counties() {
		groups = append(groups, c.Code)
	}
	for _, mg := range lagesbild.MunicipalityGroups() {
		groups = append(groups, mg.Code)
	}
	for round := range 2 {
		for _, grp := range groups {
			for s1 := range g.snaps {
				for s2 := s1 + 1; s2 < len(g.snaps); s2++ {
					valuesDiffer, countsDiffer, vApart, nApart := false, false, false, false
					for _, m := range g.measures {
						a, b := g.truth(s1, round, grp, m), g.truth(s2, round, grp, m)
						valuesDiffer = valuesDiffer || !slices.Equal(a.valueVars, b.valueVars)
						countsDiffer = countsDiffer || !slices.Equal(a.countVars, b.countVars)
						na, nb := int64(len(a.valueVars)), int64(len(b.valueVars))
						nApart = nApart || na != nb
						switch {
						case (na == 0) != (nb == 0):
							vApart = true
						case na > 0 && abs(a.units*nb-b.units*na) > roundingStep(m)*na*nb:
							vApart = true
						}
					}
					if valuesDiffer && !vApart || countsDiffer && !nApart {
						t.Fatalf("scenario: group %s of round %d reads the same (values %v, n %v) after posts %d and %d: pick other seeds, or change a blank section",
							grp, round, vApart, nApart, s1, s2)
					}
				}
			}
		}
	}
}

// ---- helpers ----

func sortedKeys[K interface{ ~string | ~int }, V any](m map[K]V) []K {
	out := make([]K, 0, len(m))
	for key := range m {
		out = append(out, key)
	}
	slices.Sort(out)
	return out
}

func sortedVars(m map[lagesbild.Var]bool) []lagesbild.Var {
	out := make([]lagesbild.Var, 0, len(m))
	for v := range m {
		out = append(out, v)
	}
	slices.SortFunc(out, func(a, b lagesbild.Var) int {
		if c := strings.Compare(a.Unit, b.Unit); c != 0 {
			return c
		}
		return a.Version - b.Version
	})
	return out
}
