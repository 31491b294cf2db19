package invite

import (
	"net/url"
	"strings"
	"testing"
)

func TestReminders(t *testing.T) {
	inv, st := invitation(), västerbotten()
	rs := Reminders(inv, st)
	var all strings.Builder
	for _, r := range rs {
		all.WriteString("== " + r.Code + " " + r.Name + " (" + r.Invited + ")\nÄmne: " + r.Subject + "\n" + r.Body + "\n" + r.Mailto() + "\n\n")
	}
	subject, body := ReminderText(inv, "")
	all.WriteString("== till alla\nÄmne: " + subject + "\n" + body + "\n")
	golden(t, "reminders.sv.txt", all.String())
	if len(rs) != 3 || rs[0].Name != "Nordmaling" || rs[2].Name != "Åsele" {
		t.Errorf("reminders for %v, want the invited that have not answered, in Swedish order", rs)
	}
	goldenHTML(t, "reminders.sv.html", RemindersPanel(inv, st, "sv"))
	goldenHTML(t, "reminders.en.html", RemindersPanel(inv, st, "en"))
}

func TestMailto(t *testing.T) {
	r := Reminders(invitation(), västerbotten())[0]
	m := r.Mailto()
	if !strings.HasPrefix(m, "mailto:?subject=") || strings.ContainsAny(m, " \n+") {
		t.Fatalf("mailto %q: want no address, everything percent-encoded", m)
	}
	u, err := url.Parse(m)
	if err != nil {
		t.Fatal(err)
	}
	q, err := url.ParseQuery(u.RawQuery)
	if err != nil {
		t.Fatal(err)
	}
	if q.Get("subject") != r.Subject || q.Get("body") != strings.ReplaceAll(r.Body, "\n", "\r\n") {
		t.Errorf("mailto reads back as %q / %q", q.Get("subject"), q.Get("body"))
	}
	if u.Opaque != "" {
		t.Errorf("mailto has an address: %q", u.Opaque)
	}
}

func TestRemindersPanelStates(t *testing.T) {
	inv, st := invitation(), västerbotten()
	none := st
	none.Municipalities = nil
	for _, m := range st.Municipalities {
		m.Invited = ""
		if m.Responses == 0 {
			none.Municipalities = append(none.Municipalities, m)
		}
	}
	if h := string(RemindersPanel(inv, none, "sv")); !strings.Contains(h, "Ingen kommun är inbjuden ännu.") {
		t.Errorf("none invited: %s", h)
	}
	done := st
	done.Municipalities = nil
	for _, m := range st.Municipalities {
		if StateOf(m) != Invited {
			done.Municipalities = append(done.Municipalities, m)
		}
	}
	if h := string(RemindersPanel(inv, done, "sv")); !strings.Contains(h, "Alla inbjudna kommuner har svarat.") {
		t.Errorf("all answered: %s", h)
	}
}
