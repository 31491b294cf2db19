package workshop

import (
	"encoding/json"
	"fmt"
	"os"
	"regexp"
	"strings"
	"testing"
	"unicode/utf8"

	"lagesbild"
	"lagesbild/api"
	"lagesbild/questionnaires"
	"lagesbild/wasm/i18n"
)

// estimate is a font measure good enough for layout tests: Go Regular's
// average advance is about 0.55 of the size, bold's a little more.
func estimate(s string, size float64, bold bool) float64 {
	k := 0.55
	if bold {
		k = 0.6
	}
	return float64(utf8.RuneCountInString(s)) * size * k
}

func load(t *testing.T, id string) *lagesbild.Questionnaire {
	t.Helper()
	q, err := questionnaires.Get(id, 0)
	if err != nil {
		t.Fatal(err)
	}
	return q
}

// room builds a wall as the worker would: answers per participant, given
// before the reveal (if any), kept and stepped as the core's RoomAnswers
// does, then shown through the core's Room.
func room(q *lagesbild.Questionnaire, section string, revealed bool, locked []string, answers ...lagesbild.Answers) api.Wall {
	lk := map[string]bool{}
	for _, id := range locked {
		lk[id] = true
	}
	rules := lagesbild.DefaultRules()
	r := lagesbild.NewRoomAnswers(rules)
	for i, a := range answers {
		for item, v := range a {
			r.Answer(fmt.Sprint("d", i), item, v)
		}
	}
	r.Reveal(revealed)
	return api.Wall{
		Session:        api.Session{Code: "ACDEFG", Questionnaire: q.ID, Version: q.Version, Section: section, Locked: locked, Revealed: revealed},
		MinRespondents: rules.MinRespondents,
		MinAnswers:     lagesbild.WallMin(rules),
		Wall:           lagesbild.Room(q, len(answers), r.Answered(), r.Shown(), revealed, lk, rules),
	}
}

func TestWrap(t *testing.T) {
	tests := []struct {
		s     string
		width float64
		max   int
		want  []string
	}{
		{"a bb ccc", 100, 2, []string{"a bb ccc"}},
		{"aaaa bbbb cccc", 50, 3, []string{"aaaa", "bbbb", "cccc"}},
		{"aaaa bbbb cccc", 50, 2, []string{"aaaa", "bbbb…"}},
		{"aaaa bbbb cccc", 45, 2, []string{"aaaa", "bbb…"}},
		{"aaaa bbbb", 100, 1, []string{"aaaa bbbb"}},
		{"aaaaaaaaaaaa", 50, 2, []string{"aaaa…"}},
		{"", 50, 2, nil},
	}
	for _, tt := range tests {
		got := Wrap(tt.s, 10, false, tt.width, tt.max, func(s string, _ float64, _ bool) float64 { return float64(utf8.RuneCountInString(s)) * 10 })
		if fmt.Sprint(got) != fmt.Sprint(tt.want) {
			t.Errorf("Wrap(%q, %v, %d) = %q, want %q", tt.s, tt.width, tt.max, got, tt.want)
		}
	}
}

// TestWallShown: the wall shows nothing before WallMin (k + 1) have
// answered and before the reveal, then the distribution of the section's
// items; a hidden item shows no count.
func TestWallShown(t *testing.T) {
	q := load(t, "workshop")
	a := func(v string) lagesbild.Answers {
		return lagesbild.Answers{"rutiner.handlingsplan": "beslutat", "rutiner.ansvar-arenden": v}
	}
	tests := []struct {
		name string
		wall api.Wall
		want string
	}{
		{"nobody", room(q, "rutiner", false, nil), "hidden"},
		{"three, revealed", room(q, "rutiner", true, nil, a("ja"), a("nej"), a("ja")), "hidden"},
		{"four, not revealed", room(q, "rutiner", false, nil, a("ja"), a("nej"), a("ja"), a("vet-ej")), "hidden"},
		{"four, revealed", room(q, "rutiner", true, nil, a("ja"), a("nej"), a("ja"), a("vet-ej")),
			"rutiner.handlingsplan:saknas=0,paborjat=0,beslutat=4,uppfoljt=0,vet-ej=0;rutiner.ansvar-arenden:ja=2,delvis=0,nej=1,vet-ej=1"},
		{"another section", room(q, "kunskap", true, nil, a("ja"), a("nej"), a("ja"), a("ja")), "hidden"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sc := LayoutWall(WallInput{Q: q, V: &tt.wall, Code: "ACDEFG", JoinURL: "127.0.0.1:8787/join", Lang: "sv"}, estimate)
			if sc.Shown != tt.want {
				t.Errorf("shown = %q, want %q", sc.Shown, tt.want)
			}
			hiddenNote := has(sc, "Resultat visas när minst 4 har svarat och ledaren visar dem")
			if hiddenNote != !tt.wall.Wall.Visible {
				t.Errorf("the note that results are hidden: %v, want %v", hiddenNote, !tt.wall.Wall.Visible)
			}
			for _, l := range sc.Labels {
				if answersCount.MatchString(l.S) { // "%d svar": a hidden item has no count (F5)
					t.Errorf("the wall shows a count of answers: %q", l.S)
				}
			}
		})
	}
}

var answersCount = regexp.MustCompile(`^\d+ svar$`)

// has reports whether the scene's texts, read in order, hold s.
func has(sc Scene, s string) bool {
	all := make([]string, len(sc.Labels))
	for i, l := range sc.Labels {
		all[i] = l.S
	}
	return strings.Contains(strings.Join(all, " "), s)
}

// TestWallFits: every section of the shipped questionnaires, with every
// item shown, fits the canvas in readable type: no text beyond its region,
// none below the items' area, nothing smaller than 19 px of 1080.
func TestWallFits(t *testing.T) {
	for _, id := range []string{"workshop", "kommun"} {
		q := load(t, id)
		// Everyone answers everything with the first option, so every
		// item shows all its bars: the tallest the wall gets.
		all := lagesbild.Answers{}
		for _, s := range q.Sections {
			for _, it := range s.Items {
				all[it.ID] = it.Options[0].Value
			}
		}
		for _, s := range q.Sections {
			var locked []string
			if len(s.Items) > 1 {
				locked = []string{s.Items[1].ID}
			}
			for _, lang := range []string{"sv", "en"} {
				w := room(q, s.ID, true, locked, all, all, all, all)
				sc := LayoutWall(WallInput{Q: q, V: &w, Code: "ACDEFG", JoinURL: "lagesbild.example.se/join", Lang: lang}, estimate)
				name := id + "/" + s.ID + "/" + lang
				if sc.Shown == "hidden" {
					t.Errorf("%s: nothing shown", name)
				}
				for _, l := range sc.Labels {
					x0, x1 := l.X, l.X+estimate(l.S, l.Size, l.Bold)
					switch l.Align {
					case Center:
						x0, x1 = l.X-(x1-l.X)/2, l.X+(x1-l.X)/2
					case Right:
						x0, x1 = l.X-(x1-l.X), l.X
					}
					inSide := l.X >= sideX
					lo, hi := mainX-0.5, mainX+mainW+0.5
					if inSide {
						lo, hi = sideX, WallW
					}
					if x0 < lo || x1 > hi || l.Y < 0 || l.Y+l.Size*LineGap > WallH {
						t.Errorf("%s: %q (%.0f–%.0f, y %.0f) is outside its region %.0f–%.0f", name, l.S, x0, x1, l.Y, lo, hi)
					}
					if !inSide && l.Y >= itemsY && l.Y < 1000 && l.Y+l.Size*LineGap > itemsY2+1 {
						t.Errorf("%s: %q at y %.0f runs below the items' area", name, l.S, l.Y)
					}
					if l.Size < 19 {
						t.Errorf("%s: %q at %.0f px is too small for a projector", name, l.S, l.Size)
					}
				}
				if locked != nil && !has(sc, i18n.For(lang).WLocked) {
					t.Errorf("%s: a locked item is not marked", name)
				}
				if sc.QR.W < 220 || sc.QR.X < sideX || sc.QR.X+sc.QR.W > WallW {
					t.Errorf("%s: QR code at %+v", name, sc.QR)
				}
			}
		}
	}
}

func TestWallProblem(t *testing.T) {
	sc := LayoutWall(WallInput{Code: "ACDEFG", JoinURL: "x/join", Lang: "sv", Problem: "Workshoppen har gått ut."}, estimate)
	if !has(sc, "Workshoppen har gått ut.") || sc.Shown != "hidden" || !has(sc, "ACD EFG") {
		t.Errorf("scene = %+v", sc.Labels)
	}
}

func TestParticipant(t *testing.T) {
	q := load(t, "workshop")
	s := api.Session{Code: "ACDEFG", Section: "rutiner", Locked: []string{"rutiner.ansvar-arenden"}}
	h, err := ParticipantSection(q, s, lagesbild.Answers{"rutiner.handlingsplan": "beslutat"}, "sv")
	if err != nil {
		t.Fatal(err)
	}
	page := string(h)
	for _, want := range []string{
		`<h2 id="ws-section-h" tabindex="-1">Rutiner och ansvar</h2>`,
		`Avsnitt 1 av 5`,
		`<input type="radio" id="o-rutiner.handlingsplan-beslutat" name="rutiner.handlingsplan" value="beslutat" checked><label for="o-rutiner.handlingsplan-beslutat">`,
		`id="i-rutiner.ansvar-arenden" data-item="rutiner.ansvar-arenden" aria-describedby="l-rutiner.ansvar-arenden h-rutiner.ansvar-arenden" disabled>`,
		`<p class="ws-locked" id="l-rutiner.ansvar-arenden">Låst av ledaren</p>`,
		`<p class="ws-locked" id="l-rutiner.handlingsplan" hidden>`,
	} {
		if !strings.Contains(page, want) {
			t.Errorf("the section lacks %s\n%s", want, page)
		}
	}
	if strings.Count(page, `type="radio"`) != 9 {
		t.Errorf("%d radios, want 9 (5 + 4)", strings.Count(page, `type="radio"`))
	}
	if _, err := ParticipantSection(q, api.Session{Section: "nope"}, nil, "sv"); err == nil {
		t.Error("no error for an unknown section")
	}
}

func TestFigures(t *testing.T) {
	q := load(t, "workshop")
	a := lagesbild.Answers{"rutiner.ansvar-arenden": "ja"}
	b := lagesbild.Answers{"rutiner.ansvar-arenden": "vet-ej"}
	c := lagesbild.Answers{"rutiner.ansvar-arenden": "nej"}
	hidden := string(Figures(q, room(q, "rutiner", false, nil, a, a, b, c), "sv"))
	if !strings.Contains(hidden, "Resultat visas när minst 4 har svarat") || strings.Contains(hidden, `data-value=`) ||
		strings.Contains(hidden, "4 svar") || !strings.Contains(hidden, `<td data-measure="rutiner">dolt</td><td>–</td>`) {
		t.Errorf("hidden figures show counts:\n%s", hidden)
	}
	shown := string(Figures(q, room(q, "rutiner", true, nil, a, a, b, c), "sv"))
	for _, want := range []string{
		`<th scope="row" class="ws-option">Ja</th><td data-value="ja">2</td><td>50` + "\u00a0" + `%</td>`,
		`<td data-value="vet-ej">1</td>`,
		`<td data-measure="rutiner">50</td><td>4</td>`, // ja, ja, nej and "Vet ej" (0 on the own routine), over the four shown
		`<caption>Avsnitt 1 av 5: Rutiner och ansvar</caption>`,
		`4 deltagare · 4 har svarat`,
	} {
		if !strings.Contains(shown, want) {
			t.Errorf("figures lack %s\n%s", want, shown)
		}
	}
}

func TestSettle(t *testing.T) {
	q := load(t, "workshop")
	w := room(q, "rutiner", true, nil,
		lagesbild.Answers{"rutiner.ansvar-arenden": "nej", "kunskap.stodprocess": "ja"},
		lagesbild.Answers{"rutiner.ansvar-arenden": "ja"},
		lagesbild.Answers{"rutiner.ansvar-arenden": "nej"},
		lagesbild.Answers{"rutiner.ansvar-arenden": "nej"})
	if got := Settle(w); fmt.Sprint(got) != "map[rutiner.ansvar-arenden:nej]" {
		t.Errorf("Settle = %v, want the most common answer of shown items only", got)
	}
	form := string(SettleForm(q, lagesbild.Answers{"rutiner.ansvar-arenden": "nej"}, "sv"))
	if !strings.Contains(form, `<option value="nej" selected>Nej</option>`) || strings.Count(form, "<select") != q.ItemCount() {
		t.Errorf("settle form:\n%s", form)
	}
	if got := SavedText(i18n.For("sv"), api.Stored{Round: "2026", Municipality: "0180", Outcome: "updated", Skipped: []string{"b", "a"}}); got !=
		"Kommunens svar i omgång 2026 (kommun 0180) är uppdaterat. Finns inte i omgångens formulär och sparades inte: a, b." {
		t.Errorf("SavedText = %q", got)
	}
}

func TestFormats(t *testing.T) {
	v, w, x := 66.66, 50.0, 99.96
	tests := []struct{ got, want string }{
		{score("sv", &v), "66,7"},
		{score("en", &v), "66.7"},
		{score("sv", &w), "50"},
		{score("sv", &x), "100"},
		{score("sv", nil), "–"},
		{percent("sv", 2, 3), "67\u00a0%"},
		{percent("en", 1, 8), "13%"},
		{percent("en", 0, 0), "0%"},
		{FormatCode("ACDEFG"), "ACD EFG"},
		{FormatCode("ACD"), "ACD"},
	}
	for _, tt := range tests {
		if tt.got != tt.want {
			t.Errorf("got %q, want %q", tt.got, tt.want)
		}
	}
}

func t18(lang string) *i18n.Strings { return i18n.For(lang) }

func TestWallEnded(t *testing.T) {
	q := load(t, "workshop")
	w := room(q, "rutiner", true, nil)
	w.Session.Ended = true
	sc := LayoutWall(WallInput{Q: q, V: &w, Code: "ACDEFG", JoinURL: "x/join", Lang: "en"}, estimate)
	if !has(sc, "The workshop has ended") || !has(sc, "Section 1 of 5") {
		t.Errorf("an ended session's wall: %+v", sc.Labels)
	}
	// It invites no one: no QR code, no join code, no link (issue 17).
	if sc.QR.W != 0 || has(sc, "ACD EFG") || has(sc, t18("en").WallAnswerOnPhone) {
		t.Errorf("an ended session's wall still invites: QR %+v, labels %+v", sc.QR, sc.Labels)
	}
	w.Session.Ended = false
	if sc := LayoutWall(WallInput{Q: q, V: &w, Code: "ACDEFG", JoinURL: "x/join", Lang: "en"}, estimate); sc.QR.W == 0 || !has(sc, "ACD EFG") {
		t.Errorf("a running session's wall has no QR code or code: %+v", sc.Labels)
	}
}

// TestParticipantOptionClasses: "Vet ej" and "Ej aktuellt" are set apart
// from the scale on the participant's phone, each by its own class.
func TestParticipantOptionClasses(t *testing.T) {
	b, err := os.ReadFile("../../testdata/small.v2.json")
	if err != nil {
		t.Fatal(err)
	}
	q := new(lagesbild.Questionnaire)
	if err := json.Unmarshal(b, q); err != nil {
		t.Fatal(err)
	}
	h, err := ParticipantSection(q, api.Session{Section: "samverkan"}, nil, "sv")
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		class string
		want  int
	}{{`class="option na"`, 1}, {`class="option dontknow"`, 3}, {`class="option"`, 9}} {
		if got := strings.Count(string(h), tt.class); got != tt.want {
			t.Errorf("%d of %s, want %d", got, tt.class, tt.want)
		}
	}
	if !strings.Contains(string(h), `<div class="option na"><input type="radio" id="`+OptionID("samverkan.natverk", "ej-aktuellt")+`"`) {
		t.Errorf("Ej aktuellt is not the na option:\n%s", h)
	}
}

// TestWallCodeFits: the join code stays inside the sidebar, 30 units from
// its edges, in a font whose capitals are wide, and keeps its full size in
// one whose are not.
func TestWallCodeFits(t *testing.T) {
	for _, c := range []struct {
		name     string
		advance  float64 // of a bold rune, in multiples of the size
		wantSize float64 // 0: smaller than 112, to fit
	}{{"narrow", 0.6, 112}, {"wide", 0.8, 0}, {"very wide", 1.5, 0}} {
		m := func(s string, size float64, bold bool) float64 {
			return float64(utf8.RuneCountInString(s)) * size * c.advance
		}
		sc := LayoutWall(WallInput{Code: "ACDEFG", JoinURL: "x/join", Lang: "sv"}, m)
		var code *Label
		for i, l := range sc.Labels {
			if l.S == "ACD EFG" {
				code = &sc.Labels[i]
			}
		}
		if code == nil {
			t.Fatalf("%s: no code on the wall", c.name)
		}
		half := m(code.S, code.Size, true) / 2
		if code.X-half < sideX+30-0.01 || code.X+half > WallW-30+0.01 {
			t.Errorf("%s: the code at %.0f px spans %.0f–%.0f, outside the sidebar's %.0f–%.0f", c.name, code.Size, code.X-half, code.X+half, sideX+30, float64(WallW-30))
		}
		if c.wantSize != 0 && code.Size != c.wantSize {
			t.Errorf("%s: the code is %.0f px, want %.0f", c.name, code.Size, c.wantSize)
		}
	}
}
