package invite

import (
	"strings"

	"lagesbild/api"
	"lagesbild/markup"
	"lagesbild/wasm/i18n"
	"lagesbild/wasm/report"
)

// Reminder is a reminder to one invited municipality that has not
// answered. The product keeps no e-mail addresses: the lead's mail
// program gets the subject and text (Mailto) and the lead fills in whom.
type Reminder struct {
	Code, Name string
	Invited    string // when its code was made (a stamp)
	Subject    string
	Body       string
}

// Mailto is a mailto: link without an address, with the subject and text
// percent-encoded and the text's line breaks as CRLF (RFC 6068).
func (r Reminder) Mailto() string {
	return "mailto:?subject=" + report.Escape(r.Subject) + "&body=" + report.Escape(strings.ReplaceAll(r.Body, "\n", "\r\n"))
}

// ReminderText is a reminder's subject and text, in Swedish: who invited
// the municipality (named, or "er kommun" for a text to all), the last
// day, the invitation's link to answer with (the code cannot be shown
// again), and a new link offered if it is lost; then the lead's contact
// details.
func ReminderText(inv Invitation, municipality string) (subject, body string) {
	s := i18n.For(Swedish)
	if municipality == "" {
		municipality = s.RemindYourMunicipality
	}
	last := inv.LastDay()
	body = s.RemindGreeting + "\n\n" +
		i18n.Fill(s.RemindInvited, countyBoard(inv.County), municipality, inv.Round.ID) + "\n\n" +
		i18n.Fill(s.RemindLastDay, last) + "\n\n" +
		s.RemindNewLink + "\n\n" +
		s.RemindRegards + "\n" + strings.ReplaceAll(inv.contact(), "\r\n", "\n")
	return i18n.Fill(s.RemindSubject, last), body
}

// Reminders are the county's invited municipalities without a response,
// in Swedish name order.
func Reminders(inv Invitation, st api.Status) []Reminder {
	ms := append([]api.MunicipalityStatus(nil), st.Municipalities...)
	Sort(ms, Order{By: ByName})
	var out []Reminder
	for _, m := range ms {
		if StateOf(m) != Invited {
			continue
		}
		subject, body := ReminderText(inv, m.Name)
		out = append(out, Reminder{Code: m.Code, Name: m.Name, Invited: m.Invited, Subject: subject, Body: body})
	}
	return out
}

// RemindersPanel lists the municipalities to remind, each with a mailto:
// link, and the same text for all with its subject, to copy
// (data-action="copy" copies the text of #remind-text).
func RemindersPanel(inv Invitation, st api.Status, lang string) markup.HTML {
	s := i18n.For(lang)
	var w markup.Writer
	w.F(`<h2 id="remind-h">%s</h2>`, s.LeadRemindTitle)
	rs := Reminders(inv, st)
	switch {
	case Count(st).Invited == 0:
		w.F(`<p>%s</p>`, s.LeadRemindNoInvites)
		return w.HTML()
	case len(rs) == 0:
		w.F(`<p>%s</p>`, s.LeadRemindNone)
		return w.HTML()
	}
	w.F(`<p class="help">%s</p><ul class="reminders">`, s.LeadRemindIntro)
	for _, r := range rs {
		w.F(`<li data-code="%s"><span>%s</span> <a href="%s">%s</a></li>`,
			r.Code, i18n.Fill(s.LeadRemindInvitedOn, r.Name, day(lang, r.Invited)), r.Mailto(), i18n.Fill(s.LeadRemindMail, r.Name))
	}
	subject, body := ReminderText(inv, "")
	w.F(`</ul><p class="remind-subject">%s</p><div class="field"><label for="remind-text">%s</label><textarea id="remind-text" readonly rows="14" lang="sv">%s</textarea></div>`,
		i18n.Fill(s.LeadRemindSubject, subject), s.LeadRemindTextLabel, body)
	w.F(`<div class="buttons"><button type="button" data-action="copy">%s</button></div>`, s.LeadRemindCopy)
	return w.HTML()
}
