package invite

import (
	"slices"
	"strconv"

	"lagesbild"
	"lagesbild/api"
	"lagesbild/markup"
	"lagesbild/wasm/i18n"
)

// Entry is a round the lead can open: with the key that opens it, or
// with none for a round open to all.
type Entry struct {
	Token string
	Round api.RoundSummary
}

// County is the county the entry's key is for ("" when the key says none:
// a round open to all, or the admin's token, where the lead picks one).
func (e Entry) County() string {
	if a := e.Round.Access; a != nil && a.Kind == api.KindCounty {
		return a.Unit
	}
	return ""
}

// Region is the regional-coordinator region the entry's key is for (""
// for any other key): it opens the region's indicators, not a county.
func (e Entry) Region() string {
	if a := e.Round.Access; a != nil && a.Kind == api.KindRegion {
		return a.Unit
	}
	return ""
}

// Lead reports whether the entry's key runs the round for a county:
// invitations and their status need the county's key (or the admin's).
func (e Entry) Lead() bool {
	a := e.Round.Access
	return a != nil && (a.Admin || a.Kind == api.KindCounty)
}

// Merge adds entries to a list: each (key, round) once, the newer
// replacing the older; a round that a key opens is not listed again
// without it. The keys' rounds come first, in the order the keys were
// added, then the rounds open to all.
func Merge(list []Entry, more ...Entry) []Entry {
	all := append(slices.Clone(list), more...)
	keyed := map[string]bool{}
	for _, e := range all {
		if e.Token != "" {
			keyed[e.Round.ID] = true
		}
	}
	var out []Entry
	for _, withKey := range []bool{true, false} {
		for i, e := range all {
			if (e.Token != "") != withKey || !withKey && keyed[e.Round.ID] {
				continue
			}
			if j := slices.IndexFunc(out, func(x Entry) bool { return x.Token == e.Token && x.Round.ID == e.Round.ID }); j >= 0 {
				out[j] = all[i]
				continue
			}
			out = append(out, e)
		}
	}
	return out
}

// Find is the index of the entry for a round (preferring one with a key),
// or -1.
func Find(list []Entry, round string) int {
	for i, e := range list {
		if e.Round.ID == round {
			return i // Merge puts keyed entries first
		}
	}
	return -1
}

// RoundList is the rounds the lead can open, as radio buttons (name
// "round", value the entry's index): each with its questionnaire, its
// county and how far it has come, its last day, or that it is closed or
// open to all.
func RoundList(list []Entry, chosen int, lang string) markup.HTML {
	s := i18n.For(lang)
	var w markup.Writer
	if len(list) == 0 {
		w.F(`<p class="help">%s</p>`, s.LeadNoRounds)
		return w.HTML()
	}
	w.F(`<fieldset class="rounds"><legend>%s</legend>`, s.LeadRoundsLegend)
	for i, e := range list {
		r := e.Round
		id := "round-" + strconv.Itoa(i)
		checked := markup.HTML("")
		if i == chosen {
			checked = " checked"
		}
		w.F(`<div class="round-choice"><input type="radio" name="round" id="%s" value="%d" aria-describedby="%s-about"%s><label for="%s"><strong>%s</strong>`,
			id, i, id, checked, id, i18n.Fill(s.LeadRoundName, r.ID))
		if t := r.Title.In(lang); t != "" {
			w.F(` – %s`, t)
		}
		w.F(`</label><p class="help" id="%s-about">`, id)
		if c, ok := lagesbild.CountyByCode(e.County()); ok {
			w.F(`%s `, i18n.Fill(s.LeadRoundProgress, c.Name, r.Answered, r.Municipalities))
		}
		switch {
		case r.Closed:
			w.F(`%s`, s.LeadRoundClosed)
		case r.OpenToAll && e.County() == "":
			w.F(`%s`, s.LeadRoundOpenToAll)
		default:
			w.F(`%s`, i18n.Fill(s.LeadRoundLastDay, lastDay(lang, r.Closes)))
		}
		w.F(`</p></div>`)
	}
	w.F(`</fieldset>`)
	return w.HTML()
}
