package worker

import (
	"crypto/sha256"
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"strings"

	"lagesbild"
	"lagesbild/api"
)

// DemoResponses makes plausible synthetic responses for every municipality,
// for any version of a questionnaire: each county has its own level, "Vet
// ej" habit and strong and weak sections, each municipality varies around
// its county. Most responses answer every item (so most sections have a
// score); about three in ten municipalities have a second respondent and
// some a third, who agree with the first on most items but not all (so the
// spread shows); a few have a workshop's response, settled items of some
// sections only (partial), and a few of those nothing else (so a workshop's
// is official there). The same seed always gives the same responses, ids
// included.
func DemoResponses(round string, q *lagesbild.Questionnaire, seed uint64) []api.Response {
	rng := rand.New(rand.NewPCG(seed, 0x1a9e5b11d))
	type profile struct {
		level    float64            // 0..1: how far the county has come
		dontKnow float64            // share of "Vet ej"
		section  map[string]float64 // strong and weak sections
	}
	counties := map[string]profile{}
	for _, c := range lagesbild.Counties() {
		p := profile{level: 0.25 + 0.55*rng.Float64(), dontKnow: 0.01 + 0.09*rng.Float64(), section: map[string]float64{}}
		for _, s := range q.Sections {
			p.section[s.ID] = 0.3 * (rng.Float64() - 0.5)
		}
		counties[c.Code] = p
	}
	roles := []string{"chef", "handlaggare", "samordnare"}
	var out []api.Response
	for _, m := range lagesbild.Municipalities() {
		p := counties[m.County]
		level := p.level + 0.25*(rng.Float64()-0.5)
		n := 1
		switch r := rng.Float64(); {
		case r < 0.08:
			n = 3
		case r < 0.3:
			n = 2
		}
		workshop := rng.Float64() < 0.06
		if workshop && rng.Float64() < 0.4 {
			n = 0 // the workshop's response only
		}
		var first lagesbild.Answers
		for i := 0; i < n; i++ {
			answers := lagesbild.Answers{}
			own := 0.15 * (rng.Float64() - 0.5) // how this respondent sees things
			agree := 1.0                        // how often a colleague answers as the first did
			if rng.Float64() < 0.7 {
				agree = 0.7 + 0.2*rng.Float64()
			}
			for _, s := range q.Sections {
				for _, it := range s.Items {
					if v, ok := first[it.ID]; ok && rng.Float64() < agree {
						answers[it.ID] = v
						continue
					}
					if v, ok := demoAnswer(rng, it, level+own+p.section[s.ID], p.dontKnow); ok {
						answers[it.ID] = v
					}
				}
			}
			if len(answers) == 0 {
				continue
			}
			if first == nil {
				first = answers
			}
			out = append(out, api.Response{
				ID: demoID(seed, round, m.Code, i), Round: round, Questionnaire: q.ID, Version: q.Version,
				Municipality: m.Code, Role: roles[i], Answers: answers,
			})
		}
		if !workshop {
			continue
		}
		// The room settles the items of a few sections, at least one.
		answers := lagesbild.Answers{}
		pick := rng.IntN(len(q.Sections))
		for si, s := range q.Sections {
			if si != pick && rng.Float64() > 0.35 {
				continue
			}
			for _, it := range s.Items {
				if v, ok := demoAnswer(rng, it, level+p.section[s.ID], p.dontKnow/2); ok {
					answers[it.ID] = v
				}
			}
		}
		if len(answers) > 0 {
			out = append(out, api.Response{
				ID: demoID(seed, round, m.Code, 9), Round: round, Questionnaire: q.ID, Version: q.Version,
				Municipality: m.Code, Role: lagesbild.RoleWorkshop, Answers: answers,
			})
		}
	}
	return out
}

// demoAnswer picks one of the item's options: now and then "Ej aktuellt"
// (where the item has it), "Vet ej" (an unscored option) with the county's
// habit, else the scored option nearest to a noisy level; rarely, an item is
// left unanswered.
func demoAnswer(rng *rand.Rand, it lagesbild.Item, level, dontKnow float64) (string, bool) {
	if rng.Float64() < 0.002 {
		return "", false
	}
	var notApplicable, unscored, scored []lagesbild.Option
	for _, o := range it.Options {
		switch {
		case o.NotApplicable:
			notApplicable = append(notApplicable, o)
		case o.Points == nil:
			unscored = append(unscored, o)
		default:
			scored = append(scored, o)
		}
	}
	if len(notApplicable) > 0 && rng.Float64() < 0.03 {
		return notApplicable[rng.IntN(len(notApplicable))].Value, true
	}
	if len(unscored) > 0 && (len(scored) == 0 || rng.Float64() < dontKnow) {
		return unscored[rng.IntN(len(unscored))].Value, true
	}
	if len(scored) == 0 {
		return "", false
	}
	max := float64(it.MaxPoints())
	want := math.Min(1, math.Max(0, level+0.35*rng.NormFloat64())) * max
	best := scored[0]
	for _, o := range scored[1:] {
		if math.Abs(float64(*o.Points)-want) < math.Abs(float64(*best.Points)-want) {
			best = o
		}
	}
	return best.Value, true
}

// demoID is a fixed UUID (version 4 layout) for a demo response, so seeding
// twice stores nothing twice.
func demoID(seed uint64, round, municipality string, i int) string {
	sum := sha256.Sum256(fmt.Appendf(nil, "lagesbild-demo/%d/%s/%s/%d", seed, round, municipality, i))
	return lagesbild.FormatUUID([16]byte(sum[:16]), 4)
}

// WriteSeedSQL writes SQL that stores responses unless their ids exist,
// for `wrangler d1 execute --file`: rows already there are never touched, so
// seeding again keeps what is there. The responses must be valid for q.
func WriteSeedSQL(w io.Writer, q *lagesbild.Questionnaire, responses []api.Response, now string) error {
	for _, resp := range responses {
		if err := q.Check(resp.Answers); err != nil {
			return fmt.Errorf("response %s: %w", resp.ID, err)
		}
		rec, _, err := newRecord(resp, q, now)
		if err != nil {
			return err
		}
		muni := "NULL"
		if rec.Municipality != "" {
			muni = sqlString(rec.Municipality)
		}
		partial := 0
		if rec.Partial {
			partial = 1
		}
		_, err = fmt.Fprintf(w, "INSERT INTO responses (id, round, questionnaire, version, municipality, county, role, answers, measures, partial, received, updated)"+
			" VALUES (%s, %s, %s, %d, %s, %s, %s, %s, %s, %d, %s, %s) ON CONFLICT (id) DO NOTHING;\n",
			sqlString(rec.ID), sqlString(rec.Round), sqlString(rec.Questionnaire), rec.Version, muni, sqlString(rec.County),
			sqlString(rec.Role), sqlString(rec.Answers), sqlString(rec.Measures), partial, sqlString(rec.Now), sqlString(rec.Now))
		if err != nil {
			return err
		}
	}
	return nil
}

// sqlString quotes s as an SQL string literal.
func sqlString(s string) string { return "'" + strings.ReplaceAll(s, "'", "''") + "'" }
