// Package lagesbild is the pure domain of Lägesbild: the questionnaire model,
// answers, scoring, comparison and suppression, and the registry of counties
// and municipalities. It is shared by the browser client and the worker, so a
// score is computed by the same code in both places. It imports nothing that
// ties it to a platform (no syscall/js, ebiten, workers or minify).
package lagesbild

// Text is a text in Swedish (the default) and English.
type Text struct {
	SV string `json:"sv"`
	EN string `json:"en"`
}

// In returns the text in lang ("sv" or "en"), falling back to Swedish.
func (t Text) In(lang string) string {
	if lang == "en" && t.EN != "" {
		return t.EN
	}
	return t.SV
}

// Option is one answer an item offers. Points is nil for "Vet ej" and for
// "Ej aktuellt" (NotApplicable): neither gives points. "Vet ej" is counted,
// since not knowing is itself a finding, and its item says how it is scored
// (Item.DontKnow); "Ej aktuellt" takes the item out of its section: the
// question does not apply (no cases, no such network in the county).
type Option struct {
	Value  string `json:"value"`
	Label  Text   `json:"label"`
	Points *int   `json:"points"`
	// NotApplicable marks "Ej aktuellt".
	NotApplicable bool `json:"na,omitempty"`
}

// Scored reports whether choosing the option gives points.
func (o Option) Scored() bool { return o.Points != nil }

// DontKnow reports whether the option is "Vet ej": no points, and not
// "Ej aktuellt".
func (o Option) DontKnow() bool { return o.Points == nil && !o.NotApplicable }

// How an item scores "Vet ej" (Item.DontKnow).
const (
	// DontKnowUnscored: not scored, but the item counts against its
	// section's coverage. For knowledge of third parties (what school staff
	// know, another authority's routines).
	DontKnowUnscored = "unscored"
	// DontKnowZero: scored 0. For the organisation's own routines,
	// documents, decisions and practice: a routine the responsible manager
	// does not know of is not "känt, tillämpat".
	DontKnowZero = "zero"
)

// Item is one question.
type Item struct {
	ID      string   `json:"id"`
	Text    Text     `json:"text"`
	Help    Text     `json:"help"`
	Options []Option `json:"options"`
	Advice  Text     `json:"advice"`
	// Weight multiplies the item's points and maximum in its section; 0 means 1.
	Weight float64 `json:"weight,omitempty"`
	// Kind tags the item as struktur, process or resultat (as Öppna jämförelser does).
	Kind string `json:"kind,omitempty"`
	// DontKnow is DontKnowZero or DontKnowUnscored; "" is unscored.
	DontKnow string `json:"dontKnow,omitempty"`
	// AdviceUnknown is the next step after "Vet ej": what to find out, and
	// from whom (Advice is what to do when the answer is low). Nil: Advice.
	AdviceUnknown *Text `json:"adviceUnknown,omitempty"`
	// Indicators the item measures (issue 16), e.g. "Andel kommuner med
	// beslutad rutin för vuxna".
	Indicators []Indicator `json:"indicators,omitempty"`
	// MatchesIndicator names an indicator of another questionnaire (the
	// municipalities') that measures what this item asks a county unit:
	// the county lead's page shows the länsstyrelse's answer beside the
	// share of its municipalities meeting it (issue 16).
	MatchesIndicator string `json:"matchesIndicator,omitempty"`
}

// Indicator is a yes-or-no fact about a unit, read from one item's answer:
// the share of municipalities meeting it is what a county reports ("andelen
// kommuner med beslutade rutiner"). Its id is unique in the questionnaire
// and stays across versions while its meaning does.
type Indicator struct {
	ID    string `json:"id"`
	Title Text   `json:"title"`
	// Meets lists the answers (option values) that meet it; every other
	// scored answer, and "Vet ej", does not; "Ej aktuellt" and no answer
	// leave it unknown.
	Meets []string `json:"meets"`
	// Regional marks an indicator whose list of municipalities not meeting
	// it a county may share with its regional coordinator (issue 16): a
	// referral path to Mika, KAST or skyddat boende, which the coordinator
	// helps the municipalities without one to find.
	Regional bool `json:"regional,omitempty"`
}

// Option returns the option with the given value.
func (it *Item) Option(value string) (Option, bool) {
	for _, o := range it.Options {
		if o.Value == value {
			return o, true
		}
	}
	return Option{}, false
}

// MaxPoints is the highest number of points any option gives.
func (it *Item) MaxPoints() int {
	max := 0
	for _, o := range it.Options {
		if o.Points != nil && *o.Points > max {
			max = *o.Points
		}
	}
	return max
}

// weight is the item's weight with the zero value read as 1.
func (it *Item) weight() float64 {
	if it.Weight == 0 {
		return 1
	}
	return it.Weight
}

// Section is a group of items scored together.
type Section struct {
	ID    string `json:"id"`
	Title Text   `json:"title"`
	Intro Text   `json:"intro"`
	Items []Item `json:"items"`
}

// Questionnaire is the canonical form of one version of a questionnaire: what
// the API serves and the clients embed.
type Questionnaire struct {
	ID       string    `json:"id"`
	Version  int       `json:"version"`
	Title    Text      `json:"title"`
	Intro    Text      `json:"intro"`
	Sections []Section `json:"sections"`
	// Renamed maps item ids of earlier versions to ids in this one, so trends
	// survive a rewording.
	Renamed map[string]string `json:"renamed,omitempty"`
	// Dropped lists item ids of the previous version that have no
	// counterpart in this one, each with the reason (a changed meaning gets
	// a new id, and the old one is dropped).
	Dropped map[string]string `json:"dropped,omitempty"`
}

// Item finds an item by id (or by an earlier id it was renamed from).
func (q *Questionnaire) Item(id string) (*Item, bool) {
	if to, ok := q.Renamed[id]; ok {
		id = to
	}
	for si := range q.Sections {
		for ii := range q.Sections[si].Items {
			if q.Sections[si].Items[ii].ID == id {
				return &q.Sections[si].Items[ii], true
			}
		}
	}
	return nil, false
}

// ItemCount is the number of items in all sections.
func (q *Questionnaire) ItemCount() int {
	n := 0
	for _, s := range q.Sections {
		n += len(s.Items)
	}
	return n
}

// Answers maps item ids to the chosen option values.
type Answers map[string]string
