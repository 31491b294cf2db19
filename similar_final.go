package lagesbild

import "slices"

// Municipality groups in a private round (issue 16, item 5; THREATS.md,
// "Similar municipalities"). Below the admin a private round's figures are
// releases (publish.go): every release a reader may have fetched is an
// equation it keeps, on the result versions of its moment. Groups shown
// beside each release would be one more moment each, and a group's members
// change between releases (F1: moments subtract). So the groups are shown
// only beside the round's final release, once the round has closed (its
// answers frozen: one more moment only), decided once (FinalGroups) and
// kept, and audited jointly with every release of the round.
//
// The audit is the releases' own (blockAudit, publish.go): a group's figure
// is a sum of county blocks too, one per county its members are in (the
// group's members there with a value, at their final versions), so the
// releases and the groups together are a system of county blocks, and the
// blockAudit's argument holds unchanged (the relations among a county's
// blocks, such as a county's final figure being the sum of its groups'
// parts, are among its rows). The groups are tried in code order, each with
// the ones shown before it, as candidates against the releases' history;
// a group is shown when no reader (the outsider, every county lead, every
// municipality) can then work out anything about fewer than k
// municipalities that the releases did not give it. The primary rule is
// CompareGroups': a group resting on k or fewer responding municipalities,
// or with a measure resting on 1 to k, is hidden.
// TestFinalGroupsIsAudit holds the decision to Audit over every
// publication of the round and the groups, for every reader.

// FinalGroupStats says what FinalGroups did, for tests and measurements.
type FinalGroupStats struct {
	Classes  int // distinct systems audited (values and n)
	Checks   int // candidate checks
	Searches int // municipality-level searches
}

// FinalGroups decides which municipality groups (MunicipalityGroups, code
// order) are shown beside a round's final release: history is every
// release's step, the final release's last (what Next was given, and
// returned); results are the round's results, which must be those the final
// release rests on (else every group is hidden: another moment). The
// figures are then NewGroupRelease(…).Groups(shown).
func (p Publisher) FinalGroups(history []ReleaseStep, results []MunicipalityResult) ([]bool, FinalGroupStats) {
	var st FinalGroupStats
	reg := loadRegistry()
	nation := len(reg.counties)
	groups := municipalityGroupGroups()
	hidden := make([]bool, len(groups))
	k := p.Rules.MinMunicipalities

	// Replay the releases, as Next does.
	steps, basis, _ := replay(reg, history)
	now := NewBasis(p.Measures, results)
	if len(history) == 0 || basis.Changed(now) != 0 {
		return hidden, st // no release, or results other than the final release's
	}
	g := NewGroupRelease(p.Measures, results, Comparison{}, p.Rules)
	shown := slices.Clone(g.primary)
	if k < 2 {
		return shown, st
	}
	// Each group's entries by county, at the final versions.
	entry := make(map[string]BasisEntry, len(now))
	for _, e := range now {
		entry[e.Municipality] = e
	}
	cells := make([][][]BasisEntry, len(groups)) // group → county → entries
	for i, ug := range groups {
		cells[i] = make([][]BasisEntry, nation)
		for _, m := range ug.Members {
			if e, ok := entry[m]; ok {
				ci := countyIndexOf(m)
				cells[i][ci] = append(cells[i][ci], e)
			}
		}
	}
	try := make([]bool, len(groups)) // groups the audit decides
	for i := range groups {
		try[i] = shown[i] && !groupIsEmpty(groups[i], g.byCode)
	}
	figures := g.Groups(shown) // what each group would show (n and values)

	// One system per measure, values and n apart; alike systems once.
	type system struct {
		audits []*blockAudit
		eqs    []blockEq // by group; no blocks: the group publishes nothing here
	}
	var systems []*system
	seen := map[uint64]bool{}
	for _, counts := range []bool{false, true} {
		for _, id := range p.Measures {
			eqs := newEquations(id, counts, nation)
			var hist []blockEq
			for _, s := range steps {
				hist = append(hist, eqs.release(s.fresh, s.members, s.byCounty, true)...)
			}
			sy := &system{eqs: make([]blockEq, len(groups))}
			var current []block
			for i := range groups {
				if !try[i] || !eqs.shows(figures[i]) {
					continue
				}
				eq := blockEq{group: i}
				for ci, es := range cells[i] {
					if bl := eqs.block(ci, es); len(bl.vars) > 0 {
						eq.blocks = append(eq.blocks, bl)
						current = append(current, bl)
					}
				}
				sy.eqs[i] = eq
			}
			if len(current) == 0 {
				continue
			}
			sig := uint64(fnvOffset)
			for _, eqs := range [][]blockEq{hist, sy.eqs} {
				for _, eq := range eqs {
					sig = fnvByte(sig, '|')
					for _, bl := range eq.blocks {
						sig = fnvUint(fnvUint(sig, uint64(bl.county)), bl.sig)
					}
				}
			}
			if seen[sig] {
				continue
			}
			seen[sig] = true
			st.Classes++
			sy.audits = []*blockAudit{newBlockAudit(hist, current, k, auditP1)}
			if sy.audits[0].multiRank()+len(current)+1 > auditExactRank {
				sy.audits = append(sy.audits, newBlockAudit(hist, current, k, auditP2))
			}
			systems = append(systems, sy)
		}
	}
	var accepted []int
	for i := range groups {
		if !try[i] {
			continue
		}
		ok := true
		for _, sy := range systems {
			if len(sy.eqs[i].blocks) == 0 {
				continue
			}
			var cand []blockEq
			for _, j := range append(slices.Clone(accepted), i) {
				if len(sy.eqs[j].blocks) > 0 {
					cand = append(cand, sy.eqs[j])
				}
			}
			for _, a := range sy.audits {
				st.Checks++
				var ns NextStats
				found := a.check(cand, &ns)
				st.Searches += ns.Searches
				if len(found) > 0 {
					ok = false
					break
				}
			}
			if !ok {
				break
			}
		}
		shown[i] = ok
		if ok {
			accepted = append(accepted, i)
		}
	}
	return shown, st
}
