package lagesbild

// One answer per municipality (issue 14): a municipality's result in a round
// is its official response, never the mean of several: the mean of
// "beslutat" and "saknas" is a "påbörjat" nobody answered. The other
// responses of the municipality are shown beside it as agreement or
// spread, item by item.

// RoleWorkshop marks a response saved from a workshop: the room's settled
// answers, usually to some of the items only.
const RoleWorkshop = "workshop"

// Candidate is what the choice of a municipality's official response looks
// at in each of its responses.
type Candidate struct {
	Role    string // RoleWorkshop for a workshop's
	Updated string // last changed, RFC 3339 UTC (sorts in time order)
	ID      string // the tie-break, so equal times choose alike everywhere
}

// Official returns the index of the official response among a
// municipality's responses in a round, or -1 when there is none: the most
// recently changed response sent with the questionnaire (every response of
// a private round is sent with a code of the municipality), or, when there
// is none, the most recently changed workshop response. The worker's SQL
// (worker/migrations/0008) chooses by the same rule.
func Official(cs []Candidate) int {
	best := -1
	better := func(a, b Candidate) bool { // a is better than b
		if aw, bw := a.Role == RoleWorkshop, b.Role == RoleWorkshop; aw != bw {
			return bw
		}
		if a.Updated != b.Updated {
			return a.Updated > b.Updated
		}
		return a.ID > b.ID
	}
	for i, c := range cs {
		if best < 0 || better(c, cs[best]) {
			best = i
		}
	}
	return best
}

// ItemSpread is how a municipality's responses answered one item.
type ItemSpread struct {
	Item     string `json:"item"`
	Official string `json:"official"` // the official response's answer ("" for none)
	// Counts is, per option value in the item's order, how many of the
	// responses chose it (options no one chose are left out).
	Counts []OptionCount `json:"counts"`
	// Differ: the responses that answered the item did not all answer alike
	// ("svaren går isär").
	Differ bool `json:"differ"`
}

// Spread compares a municipality's responses item by item: for each item
// answered by at least two of them, the counts of each answer and whether
// they differ. official is the index of the official response (Official).
// Items in questionnaire order; renamed ids count as their current item.
func Spread(q *Questionnaire, responses []Answers, official int) []ItemSpread {
	var out []ItemSpread
	for _, s := range q.Sections {
		for i := range s.Items {
			it := &s.Items[i]
			counts := make([]int, len(it.Options))
			n, kinds := 0, 0
			for _, a := range responses {
				v, ok := answerFor(q, a, it.ID)
				if !ok {
					continue
				}
				for oi, o := range it.Options {
					if o.Value == v {
						if counts[oi] == 0 {
							kinds++
						}
						counts[oi]++
						n++
					}
				}
			}
			if n < 2 {
				continue
			}
			sp := ItemSpread{Item: it.ID, Differ: kinds > 1}
			if official >= 0 && official < len(responses) {
				sp.Official, _ = answerFor(q, responses[official], it.ID)
			}
			for oi, o := range it.Options {
				if counts[oi] > 0 {
					sp.Counts = append(sp.Counts, OptionCount{Value: o.Value, N: counts[oi]})
				}
			}
			out = append(out, sp)
		}
	}
	return out
}
