package workshop

import (
	"fmt"
	"strings"
	"testing"

	"lagesbild"
	"lagesbild/api"
	"lagesbild/wasm/i18n"
)

func TestOpen(t *testing.T) {
	kept := func(code string) string {
		if code == "ACDEFG" {
			return "kept-token"
		}
		return ""
	}
	tests := []struct {
		code, hash string
		want       Opening
		says       string
	}{
		{"", "", Opening{Create: true}, ""},
		{"O0O0", "#token=t", Opening{Create: true}, ""},
		{"acd-efg", "#token=t", Opening{Code: "ACDEFG", Token: "t", Keep: true}, ""},
		{"ACDEFG", "", Opening{Code: "ACDEFG", Token: "kept-token", URL: "?code=ACDEFG#token=kept-token"}, ""},
		{"ACDEFG", "#token=", Opening{Code: "ACDEFG", Token: "kept-token", URL: "?code=ACDEFG#token=kept-token"}, ""},
		{"HJKMNP", "#other", Opening{Code: "HJKMNP"}, i18n.For("en").WWrongLink},
	}
	for _, tt := range tests {
		got := Open(tt.code, tt.hash, kept)
		says := text(got.Notice)
		got.Notice = Notice{}
		if fmt.Sprint(got) != fmt.Sprint(tt.want) || says != tt.says {
			t.Errorf("Open(%q, %q) = %+v %q, want %+v %q", tt.code, tt.hash, got, says, tt.want, tt.says)
		}
	}
	if TokenFrom("#token=abc") != "abc" || TokenFrom("#tok") != "" || TokenFrom("") != "" {
		t.Error("TokenFrom")
	}
	l := LinksFor("https://x.se", "x.se", "ACDEFG", "t")
	if l.Join != "https://x.se/join/?code=ACDEFG" || l.JoinShown != "x.se/join" || l.Wall != "/wall/?code=ACDEFG" || l.Lead != "https://x.se/workshop/?code=ACDEFG#token=t" {
		t.Errorf("links %+v", l)
	}
}

func TestOpened(t *testing.T) {
	en := i18n.For("en")
	if ok, _ := Opened(Classify(200, nil), api.Session{Facilitator: true}, "ACDEFG"); !ok {
		t.Error("the facilitator's own session is not opened")
	}
	if ok, n := Opened(Classify(200, nil), api.Session{}, "ACDEFG"); ok || text(n) != en.WWrongLink {
		t.Errorf("a session the token does not lead: %v %q", ok, text(n))
	}
	if ok, n := Opened(Classify(403, errorBody(t, lagesbild.EForbidden, "token: wrong")), api.Session{}, "ACDEFG"); ok || text(n) != en.WWrongLink {
		t.Errorf("a wrong token: %v %q", ok, text(n))
	}
}

func TestLead(t *testing.T) {
	q := load(t, "workshop")
	l := NewLead("ACDEFG", "t", q, api.Session{Section: "rutiner", Facilitator: true}, nil)
	c := l.Controls()
	if c.Prev || !c.Next || c.K != DefaultK || c.Section != "rutiner" || len(c.Locks) != 2 {
		t.Errorf("controls on the first section: %+v", c)
	}
	if _, ok := l.Step(-1); ok {
		t.Error("a step back from the first section")
	}
	ch, ok := l.Step(1)
	if !ok || ch.Section == nil || *ch.Section != q.Sections[1].ID {
		t.Errorf("Step(1) = %+v, %v", ch, ok)
	}
	if l.SetSession(api.Session{Section: "rutiner"}) {
		t.Error("moved without moving")
	}
	last := q.Sections[len(q.Sections)-1].ID
	w := room(q, last, true, []string{q.Sections[len(q.Sections)-1].Items[0].ID},
		lagesbild.Answers{"rutiner.ansvar-arenden": "nej"}, lagesbild.Answers{"rutiner.ansvar-arenden": "ja"}, lagesbild.Answers{"rutiner.ansvar-arenden": "nej"},
		lagesbild.Answers{"rutiner.ansvar-arenden": "nej"})
	w.MinAnswers = 5
	w.Session.RoomSize = 12
	w.Session.Ended = true
	if !l.SetWall(w) {
		t.Error("the wall's session moved, SetWall says not")
	}
	c = l.Controls()
	if !c.Prev || c.Next || c.K != 5 || c.Others != 4 || c.RoomSize != 12 || !c.Ended || !c.Revealed || !c.Locks[0].Locked {
		t.Errorf("controls on the last section of an ended session: %+v", c)
	}
	if _, ok := l.Step(1); ok {
		t.Error("a step past the last section")
	}
	if got := c.WallPromise(i18n.For("en")); !strings.Contains(got, "fewer than 4 people") || !strings.Contains(got, "at least 5 have answered") {
		t.Errorf("WallPromise = %q", got)
	}
	if got := LockChange("x", true); fmt.Sprint(got.Lock, got.Unlock) != "[x] []" {
		t.Errorf("LockChange(on) = %+v", got)
	}
	if got := LockChange("x", false); fmt.Sprint(got.Lock, got.Unlock) != "[] [x]" {
		t.Errorf("LockChange(off) = %+v", got)
	}

	// The settle form: the room's most common answer until the
	// facilitator chooses; the select in use is left alone.
	if p := l.Proposal(); p["rutiner.ansvar-arenden"] != "nej" {
		t.Errorf("proposal %v", p)
	}
	l.Choose("rutiner.handlingsplan", "")
	l.Choose("kunskap.genomgang", "ja")
	if p := l.Proposal(); p["rutiner.handlingsplan"] != "" || p["kunskap.genomgang"] != "ja" || p["rutiner.ansvar-arenden"] != "nej" {
		t.Errorf("proposal with choices %v", p)
	}
	ups := l.SettleUpdates(SettleID("rutiner.ansvar-arenden"))
	if len(ups) != q.ItemCount()-3 {
		t.Errorf("%d updates, want every item but the two chosen and the one in use: %v", len(ups), ups)
	}
	for _, u := range ups {
		if u.Item == "rutiner.ansvar-arenden" || u.Item == "rutiner.handlingsplan" || u.Item == "kunskap.genomgang" {
			t.Errorf("update of %s", u.Item)
		}
	}
	if ups := l.SettleUpdates(""); ups[0] != (Setting{"rutiner.ansvar-arenden", "nej"}) {
		t.Errorf("first update %v", ups[0])
	}

	// Saving: trimmed fields, the settled items only.
	values := map[string]string{"rutiner.ansvar-arenden": "nej", "kunskap.genomgang": "ja", "nope": "x"}
	s := l.SaveBody(" 2026 ", " K0DE ", "0180 ", func(item string) string { return values[item] })
	if s.Round != "2026" || s.InviteCode != "K0DE" || s.Municipality != "0180" || fmt.Sprint(s.Answers) != "map[kunskap.genomgang:ja rutiner.ansvar-arenden:nej]" {
		t.Errorf("SaveBody = %+v", s)
	}

	// Polls.
	for _, tt := range []struct {
		status int
		body   []byte
		want   Step
		says   string
	}{
		{200, nil, Proceed, ""}, {304, nil, Wait, ""}, {0, nil, Wait, ""}, {503, nil, Wait, ""},
		{429, errorBody(t, lagesbild.ERateLimited, ""), Wait, ""},
		{404, errorBody(t, lagesbild.ESessionExpired, ""), Halt, i18n.For("en").WExpired},
		{404, errorBody(t, lagesbild.ESessionNotFound, ""), Halt, "There is no workshop with the code ACD EFG. Check the code."},
	} {
		step, n := l.Polled(Classify(tt.status, tt.body))
		if step != tt.want || text(n) != tt.says {
			t.Errorf("Polled(%d) = %v %q, want %v %q", tt.status, step, text(n), tt.want, tt.says)
		}
	}
}

func TestChoiceOptions(t *testing.T) {
	got := string(ChoiceOptions([]Choice{{ID: "kommun", Title: lagesbild.Text{SV: "Kommun <&>", EN: "Municipality"}, Items: 30}, {ID: "workshop", Title: lagesbild.Text{SV: "Workshop"}, Items: 9}}, "sv"))
	want := `<option value="kommun">Kommun &lt;&amp;&gt; (30)</option><option value="workshop" selected>Workshop (9)</option>`
	if got != want {
		t.Errorf("ChoiceOptions = %s\nwant %s", got, want)
	}
	if !strings.Contains(string(LockBoxes(load(t, "workshop"), api.Session{Section: "rutiner", Locked: []string{"rutiner.ansvar-arenden"}}, "sv")),
		`<input type="checkbox" id="lock-rutiner.ansvar-arenden" data-lock="rutiner.ansvar-arenden" checked><label for="lock-rutiner.ansvar-arenden"><span class="vh">Lås fråga 2: </span>2. `) {
		t.Error("LockBoxes")
	}
}

func TestRoomSizeChange(t *testing.T) {
	for _, tt := range []struct {
		raw  string
		want int
		ok   bool
	}{{"12", 12, true}, {" 30 ", 30, true}, {"", 0, true}, {"0", 0, true}, {"-1", 0, false}, {"3.5", 0, false}, {"tolv", 0, false}} {
		c, ok := RoomSizeChange(tt.raw)
		if ok != tt.ok || ok && (c.RoomSize == nil || *c.RoomSize != tt.want) {
			t.Errorf("RoomSizeChange(%q) = %+v, %v; want %d, %v", tt.raw, c, ok, tt.want, tt.ok)
		}
	}
}

func text(n Notice) string {
	if n.Text == nil {
		return ""
	}
	return n.Text(i18n.For("en"))
}
