package lagesbild

import "slices"

// How a measure or an item of a round relates to the same in the previous
// round, when the two rounds use different versions of a questionnaire: a
// change is shown only where the same thing was measured the same way
// (issue 14); the rest is marked "ny" or "ändrad" instead.
const (
	Unchanged     = ""        // measured the same way: a change can be shown
	ChangeNew     = "new"     // nothing to compare with in the previous version
	ChangeChanged = "changed" // there is a counterpart, measured differently
)

// ItemChanges says, for each item of cur, how it relates to prev: unchanged
// when prev has it (under the same id, or one cur renamed it from) with the
// same options (values, points, "Ej aktuellt"), weight and "Vet ej" policy;
// changed when prev has it otherwise; new when prev has no such item. The
// texts may differ: an item keeps its id only while its meaning stays
// (questionnaires/FORMAT.md).
func ItemChanges(prev, cur *Questionnaire) map[string]string {
	out := make(map[string]string, cur.ItemCount())
	for _, s := range cur.Sections {
		for i := range s.Items {
			it := &s.Items[i]
			p := counterpart(prev, cur, it.ID)
			switch {
			case p == nil:
				out[it.ID] = ChangeNew
			case !sameMeasure(p, it):
				out[it.ID] = ChangeChanged
			default:
				out[it.ID] = Unchanged
			}
		}
	}
	return out
}

// MeasureChanges says, for each measure of cur (MeasureIDs), how it relates
// to prev: a section is unchanged when prev has a section of that id whose
// items are exactly the unchanged counterparts of cur's, none added or
// left out; new when prev has no section of that id; changed otherwise. The
// total and the "Vet ej" share are unchanged only when every section is and
// prev has no other section.
func MeasureChanges(prev, cur *Questionnaire) map[string]string {
	items := ItemChanges(prev, cur)
	out := make(map[string]string, len(cur.Sections)+2)
	all := len(prev.Sections) == len(cur.Sections)
	for _, s := range cur.Sections {
		ps := prev.section(s.ID)
		if ps == nil {
			out[s.ID] = ChangeNew
			all = false
			continue
		}
		same := len(ps.Items) == len(s.Items)
		for i := range s.Items {
			if items[s.Items[i].ID] != Unchanged {
				same = false
				continue
			}
			// The counterpart must sit in the same section.
			p := counterpart(prev, cur, s.Items[i].ID)
			if !slices.ContainsFunc(ps.Items, func(x Item) bool { return x.ID == p.ID }) {
				same = false
			}
		}
		if same {
			out[s.ID] = Unchanged
		} else {
			out[s.ID] = ChangeChanged
			all = false
		}
	}
	whole := Unchanged
	if !all {
		whole = ChangeChanged
	}
	out[MeasureTotal], out[MeasureDontKnow] = whole, whole
	return out
}

// counterpart is prev's item for cur's item id: the same id, or an id cur
// renamed into it.
func counterpart(prev, cur *Questionnaire, id string) *Item {
	if it, ok := prev.Item(id); ok {
		return it
	}
	for from, to := range cur.Renamed {
		if to == id {
			if it, ok := prev.Item(from); ok {
				return it
			}
		}
	}
	return nil
}

// sameMeasure reports whether two items score the same answers alike.
func sameMeasure(a, b *Item) bool {
	if a.weight() != b.weight() || a.dontKnowPolicy() != b.dontKnowPolicy() || len(a.Options) != len(b.Options) {
		return false
	}
	for i, o := range a.Options {
		p := b.Options[i]
		if o.Value != p.Value || o.NotApplicable != p.NotApplicable || (o.Points == nil) != (p.Points == nil) ||
			o.Points != nil && *o.Points != *p.Points {
			return false
		}
	}
	return true
}

// dontKnowPolicy is DontKnow with "" read as DontKnowUnscored.
func (it *Item) dontKnowPolicy() string {
	if it.DontKnow == "" {
		return DontKnowUnscored
	}
	return it.DontKnow
}

// section finds a section by id.
func (q *Questionnaire) section(id string) *Section {
	for i := range q.Sections {
		if q.Sections[i].ID == id {
			return &q.Sections[i]
		}
	}
	return nil
}
