//go:build !js

package attack_test

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"lagesbild"
)

// scenarios are the attacks of issue 11 that the worker's figures must
// withstand. Municipalities: 0980 Gotland is the only municipality of county
// 09; first("01", 5, …) is the first five of Stockholm's county, and so on
// (lagesbild.MunicipalitiesIn). Seeds only choose the answers.
var scenarios = []scenario{
	{
		name:  "F1 national before and after",
		issue: "F1: the national figure before and after Gotland answers gives Gotland's figures (6 × national after − 5 × national before)",
		round: "atk-f1-national",
		steps: []step{
			{"five Stockholm municipalities answer", first("01", 5, 1, "")},
			{"Gotland answers", []post{{muni: "0980", resp: 1, seed: 1}}},
		},
	},
	{
		name:  "F1 a shown county grows",
		issue: "F1: a shown county growing from N to N + 1 municipalities gives the new one's figures",
		round: "atk-f1-grow",
		steps: []step{
			{"four municipalities of 01, 12 and 14 answer", join(first("01", 4, 1, ""), first("12", 4, 1, ""), first("14", 4, 1, ""))},
			{"a fifth of 01 answers", []post{{muni: "0123", resp: 1, seed: 1}}},
		},
	},
	{
		name:  "F1 an update",
		issue: "F1: the figures before and after a municipality answers again give its change",
		round: "atk-f1-update",
		steps: []step{
			{"four municipalities of 01, 12 and 14 answer", join(first("01", 4, 1, ""), first("12", 4, 1, ""), first("14", 4, 1, ""))},
			{"0114 changes its answers, leaving kompetens blank", []post{{muni: "0114", resp: 1, seed: 2, blank: []string{"kompetens"}}}},
		},
	},
	{
		name:  "F2a a county lead of a hidden cover",
		issue: "F2a: Gotland hidden, Uppsala (03) hidden as its cover; the Uppsala lead subtracts the shown counties and its own rows from the national figure",
		round: "atk-f2a",
		steps: []step{
			{"Gotland 1, Uppsala 3 (by its lead), Stockholm 4, Östergötland 5, Skåne 6", join(
				[]post{{muni: "0980", resp: 1, seed: 1}}, first("03", 3, 1, "03"),
				first("01", 4, 1, ""), first("05", 5, 1, ""), first("12", 6, 1, ""))},
		},
	},
	{
		name:  "F2a a county lead steers",
		issue: "F2a: a county lead answers for its own municipalities one by one, to steer which county ends up hidden",
		round: "atk-f2a-steer",
		steps: []step{
			{"Gotland 1, Stockholm 4, Östergötland 5, Skåne 6", join(
				[]post{{muni: "0980", resp: 1, seed: 1}}, first("01", 4, 1, ""), first("05", 5, 1, ""), first("12", 6, 1, ""))},
			{"the Uppsala lead answers for Håbo", []post{{muni: "0305", resp: 1, seed: 1, by: "03"}}},
			{"the Uppsala lead answers for Älvkarleby", []post{{muni: "0319", resp: 1, seed: 1, by: "03"}}},
			{"the Uppsala lead answers for Knivsta", []post{{muni: "0330", resp: 1, seed: 1, by: "03"}}},
		},
		attackers: []attacker{{"outsider", "1280"}, {"county", "03"}, {"municipality", "0980"}, {"county", "09"}},
	},
	{
		name:  "F2b two hidden counties",
		issue: "F2b: only Gotland (1) and Uppsala (2) answered, both hidden, the national figure shown with n = 3",
		round: "atk-f2b",
		steps: []step{
			{"Gotland 1, Uppsala 2", join([]post{{muni: "0980", resp: 1, seed: 1}}, first("03", 2, 1, ""))},
		},
	},
	{
		name:     "F3 a private previous round",
		issue:    "F3: a round open to all whose previous round is private shows that round's rows (and figures) to anyone",
		round:    "atk-f3-o",
		open:     true,
		previous: "atk-f3-p",
		legacy:   [2]string{"atk-f3-legacy-o", "atk-f3-legacy-p"},
		steps: []step{
			{"the private previous round: Västerbotten 4, Stockholm 3, Skåne 3", inPrevious(join(first("24", 4, 1, ""), first("01", 3, 1, ""), first("12", 3, 1, "")))},
			{"the open round: Umeå and Stockholm, without a code", []post{{muni: "2480", resp: 1, seed: 2, by: "nocode"}, {muni: "0180", resp: 1, seed: 2, by: "nocode"}}},
		},
		attackers: []attacker{{"nocode", ""}, {"municipality", "2480"}, {"county", "24"}, {"county", "01"}},
	},
	{
		name:  "F10 n of a one-municipality county",
		issue: "F10: n of a county figure tells which sections a single municipality left blank or answered all \"Vet ej\"",
		round: "atk-f10",
		steps: []step{
			{"Stockholm 4, Skåne 4, Gotland with ansvar blank and stod all Vet ej", join(first("01", 4, 1, ""), first("12", 4, 1, ""),
				[]post{{muni: "0980", resp: 1, seed: 1, blank: []string{"ansvar"}, dontKnow: []string{"stod"}}})},
		},
	},
	{
		name: "groups beside counties and the country, two rounds",
		issue: "issue 16: a municipality group's mean beside the county and national means (the country minus the other groups, " +
			"a county minus a group), in this round and the previous",
		round:    "atk-groups",
		previous: "atk-groups-p",
		steps: []step{
			{"the previous round: Västerbotten 6, Stockholm 6", inPrevious(join(first("24", 6, 1, ""), first("01", 6, 1, "")))},
			// Västerbotten's four of B4 (no other B4 answers) and Umeå
			// (B3): the county minus the group is Umeå, unless the
			// group is hidden.
			{"this round: Nordmaling, Bjurholm, Robertsfors, Vännäs and Umeå; Stockholm 8", join([]post{
				{muni: "2401", resp: 1, seed: 2}, {muni: "2403", resp: 1, seed: 2}, {muni: "2409", resp: 1, seed: 2},
				{muni: "2460", resp: 1, seed: 2}, {muni: "2480", resp: 1, seed: 2}}, first("01", 8, 2, ""))},
		},
		attackers: []attacker{{"figures", ""}, {"figures", "01"}, {"figures", "2401"}, {"outsider", "2580"}},
	},
	{
		name: "groups beside the final release, two private rounds",
		issue: "issue 16: a private round's municipality groups beside its final release, after releases whose members " +
			"changed (answers and updates between them), subtracted from every release fetched, in this round and the previous",
		round:    "atk-groups-final",
		previous: "atk-groups-final-p",
		steps: []step{
			{"the previous round: Västerbotten 6, Stockholm 6, Skåne 6; it closes", inPrevious(join(first("24", 6, 1, ""), first("01", 6, 1, ""), first("12", 6, 1, "")))},
			{"this round: Västerbotten's four of B4 and Umeå, Stockholm 6, Skåne 8", join([]post{
				{muni: "2401", resp: 1, seed: 2}, {muni: "2403", resp: 1, seed: 2}, {muni: "2409", resp: 1, seed: 2},
				{muni: "2460", resp: 1, seed: 2}, {muni: "2480", resp: 1, seed: 2}}, first("01", 6, 2, ""), first("12", 8, 2, ""))},
			{"Umeå and three of Stockholm answer again", []post{
				{muni: "2480", resp: 1, seed: 3, blank: []string{"kompetens"}}, {muni: "0114", resp: 1, seed: 3, blank: []string{"kompetens"}},
				{muni: "0115", resp: 1, seed: 3, blank: []string{"kompetens"}}, {muni: "0117", resp: 1, seed: 3, blank: []string{"kompetens"}}}},
			{"Vännäs answers again; the round closes", []post{{muni: "2460", resp: 1, seed: 3, blank: []string{"kompetens"}}}},
		},
		closeAfter: [2]int{4, 1},
		groups:     true,
	},
}

// TestAttacks plays every scenario against the worker and audits what each
// attacker saw: none may learn anything about fewer than k municipalities it
// may not see, and none may be shown such a municipality's row.
func TestAttacks(t *testing.T) {
	need(t)
	start := time.Now()
	for _, sc := range scenarios {
		t.Run(sc.name, func(t *testing.T) {
			t.Parallel()
			began := time.Now()
			g := play(t, sc)
			played := time.Since(began)
			for _, n := range g.notes {
				t.Log(n)
			}
			learnt := 0
			for _, a := range g.attackers {
				s := g.seen[a]
				if len(s.refused) > 0 {
					t.Logf("%s: views refused: %v", a, s.refused)
				}
				an := g.analyse(a)
				findings := g.audit(a, an)
				t.Logf("%s: %d figures of values and %d of n (%d of the previous round), %d rows of its own or public%s",
					a, an.pubs(0, "values"), an.pubs(0, "n"), an.pubs(1, "values")+an.pubs(1, "n"), len(an.known), an.doubts)
				if len(findings) == 0 && len(an.problems) == 0 {
					continue
				}
				learnt++
				t.Error(report(a, an, findings))
			}
			if sc.groups {
				shown := map[string]bool{}
				for _, a := range g.attackers {
					for _, sg := range g.seen[a].groups {
						if f := sg.figs["total"]; a.kind != "figures" && slices.ContainsFunc(lagesbild.MunicipalityGroups(), func(mg lagesbild.MunicipalityGroup) bool { return mg.Code == sg.group }) && f.Value != nil && !f.Suppressed {
							shown[fmt.Sprint(sg.round, " ", sg.group)] = true
						}
					}
				}
				t.Logf("municipality groups shown below the admin (round group, 1 the previous): %v", sortedKeys(shown))
				if len(shown) == 0 {
					t.Error("no municipality group shown to any attacker: the scenario tests nothing of them")
				}
			}
			t.Logf("%d attackers, %d steps, %d requests; %d learn something; %.1fs (%.1fs in workerd)",
				len(g.attackers), len(sc.steps), g.requests.Load(), learnt, time.Since(began).Seconds(), played.Seconds())
			if learnt > 0 {
				t.Logf("the attack: %s", sc.issue)
			}
		})
	}
	t.Cleanup(func() { t.Logf("all scenarios: %.1fs", time.Since(start).Seconds()) })
}

// report is one attacker's findings for people: each leak (Leak.String:
// units, then what can be worked out about them, Vars as unit@version; the
// previous round's versions are 101, 102, …), the measures it holds for,
// and the arithmetic of one of them.
func report(a attacker, an analysis, findings []finding) string {
	var sb strings.Builder
	fmt.Fprintf(&sb, "%s learns about fewer than %d municipalities:", a, k)
	sb.WriteString(an.problems.String())
	for _, f := range findings {
		ms := strings.Join(f.measures, " ")
		if len(f.measures) > 4 {
			ms = fmt.Sprintf("%d measures: %s", len(f.measures), ms)
		}
		fmt.Fprintf(&sb, "\n    %-6s %s   [%s]", f.kind, f.leak, ms)
		if len(f.none) > 0 {
			fmt.Fprintf(&sb, "\n           n shows it has no value for: %s", strings.Join(f.none, " "))
		}
		if f.example != "" {
			sb.WriteString("\n           e.g. " + f.example)
		}
	}
	return sb.String()
}
