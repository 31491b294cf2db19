package lagesbild

import "slices"

// IndicatorRef is an indicator with the item and section it is read from.
type IndicatorRef struct {
	Indicator
	Item    string `json:"item"`
	Section string `json:"section"`
}

// Indicators lists the questionnaire's indicators in questionnaire order.
func (q *Questionnaire) Indicators() []IndicatorRef {
	var out []IndicatorRef
	for _, s := range q.Sections {
		for _, it := range s.Items {
			for _, ind := range it.Indicators {
				out = append(out, IndicatorRef{Indicator: ind, Item: it.ID, Section: s.ID})
			}
		}
	}
	return out
}

// Meets says, for each indicator of the questionnaire, whether the answers
// meet it: true, false, or absent when it cannot be told (the item
// unanswered or answered "Ej aktuellt"). "Vet ej" does not meet an
// indicator: a routine the respondent does not know of is not in place.
func (q *Questionnaire) Meets(a Answers) map[string]bool {
	out := map[string]bool{}
	for _, s := range q.Sections {
		for i := range s.Items {
			it := &s.Items[i]
			if len(it.Indicators) == 0 {
				continue
			}
			v, ok := answerFor(q, a, it.ID)
			if !ok {
				continue
			}
			o, ok := it.Option(v)
			if !ok || o.NotApplicable {
				continue
			}
			for _, ind := range it.Indicators {
				out[ind.ID] = slices.Contains(ind.Meets, v)
			}
		}
	}
	return out
}
