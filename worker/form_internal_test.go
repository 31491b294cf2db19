package worker

import (
	"reflect"
	"strings"
	"testing"
	"time"

	"lagesbild"
	"lagesbild/api"
)

func TestParseForm(t *testing.T) {
	for _, tt := range []struct {
		name, body string
		want       formInput
		err        bool
	}{
		{"a complete form", "questionnaire=kommun&version=1&municipality=0114&round=demo&role=chef&code=K7QM-3XPA&a.b=ja&a.c=vet-ej",
			formInput{Lang: "sv", Code: "K7QM-3XPA", Response: api.Response{Questionnaire: "kommun", Version: 1, Municipality: "0114",
				Round: "demo", Role: "chef", Answers: lagesbild.Answers{"a.b": "ja", "a.c": "vet-ej"}}}, false},
		{"english, an id, spaces trimmed", "lang=en&id=+ABC+&round=%20x%20",
			formInput{Lang: "en", Response: api.Response{ID: "ABC", Round: "x", Answers: lagesbild.Answers{}}}, false},
		{"an unknown language is Swedish", "lang=de",
			formInput{Lang: "sv", Response: api.Response{Answers: lagesbild.Answers{}}}, false},
		{"an empty answer is none; an empty body nothing", "a.b=&&=x",
			formInput{Lang: "sv", Response: api.Response{Answers: lagesbild.Answers{}}}, false},
		{"a version that is no number", "version=1x",
			formInput{Lang: "sv", Version: "1x", Response: api.Response{Answers: lagesbild.Answers{}}}, false},
		{"repeated fields, in the body's order", "round=a&a.b=ja&round=b&a.b=nej&a.b=ja",
			formInput{Lang: "sv", Repeated: []string{"round", "a.b"}, Response: api.Response{Round: "a", Answers: lagesbild.Answers{"a.b": "ja"}}}, false},
		{"hostile names are kept as given", "%3Cscript%3E=%22x%22",
			formInput{Lang: "sv", Response: api.Response{Answers: lagesbild.Answers{"<script>": `"x"`}}}, false},
		{"a bad escape", "round=%zz", formInput{}, true},
	} {
		t.Run(tt.name, func(t *testing.T) {
			got, err := parseForm(tt.body)
			if (err != nil) != tt.err {
				t.Fatalf("err = %v, want error %v", err, tt.err)
			}
			if err != nil {
				if lagesbild.ErrorCode(err) != lagesbild.EInvalid {
					t.Errorf("code %q, want invalid", lagesbild.ErrorCode(err))
				}
				return
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("got  %+v\nwant %+v", got, tt.want)
			}
		})
	}
}

func FuzzParseForm(f *testing.F) {
	for _, s := range []string{"", "a=b", "round=demo&round=x", "%3C=%3E", "a=%zz", "&&&=", "lang=en&version=-1"} {
		f.Add(s)
	}
	q := testQuestionnaire()
	f.Fuzz(func(t *testing.T, body string) {
		in, err := parseForm(body)
		if err != nil {
			return
		}
		if in.Lang != "sv" && in.Lang != "en" {
			t.Errorf("lang %q", in.Lang)
		}
		for k, v := range in.Response.Answers {
			if k == "" || v == "" {
				t.Errorf("answer %q = %q", k, v)
			}
		}
		// Whatever was posted, the pages escape it.
		page := string(problemPage(textsFor(in.Lang), q, problems(in, q, textsFor(in.Lang))))
		if strings.Contains(page, "<script") {
			t.Errorf("unescaped: %s", page)
		}
	})
}

// testQuestionnaire has two items in two sections, with a "Vet ej" and a
// hostile text.
func testQuestionnaire() *lagesbild.Questionnaire {
	one := 1
	opts := []lagesbild.Option{{Value: "ja", Label: lagesbild.Text{SV: "Ja", EN: "Yes"}, Points: &one},
		{Value: "vet-ej", Label: lagesbild.Text{SV: "Vet ej", EN: "Don't know"}}}
	return &lagesbild.Questionnaire{ID: "kommun", Version: 1, Title: lagesbild.Text{SV: "Enkät"}, Sections: []lagesbild.Section{
		{ID: "a", Title: lagesbild.Text{SV: "A & B"}, Items: []lagesbild.Item{{ID: "a.b", Text: lagesbild.Text{SV: "Finns <rutiner>?"}, Options: opts}}},
		{ID: "c", Title: lagesbild.Text{SV: "C"}, Items: []lagesbild.Item{{ID: "c.d", Text: lagesbild.Text{SV: "Finns stöd?"}, Options: opts}}},
	}}
}

func TestProblems(t *testing.T) {
	q := testQuestionnaire()
	sv := textsFor("sv")
	ok := "questionnaire=kommun&version=1&municipality=0114&round=demo&a.b=ja&c.d=vet-ej"
	for _, tt := range []struct {
		name, body string
		want       []string // field: text
	}{
		{"complete", ok, nil},
		{"nothing but the hidden fields", "questionnaire=kommun&version=1",
			[]string{"municipality: " + sv.ChooseMunicipality, "round: " + sv.NoRound, "a.b: " + sv.Unanswered, "c.d: " + sv.Unanswered}},
		{"no such municipality, a bad round, a bad role", "questionnaire=kommun&version=1&municipality=9999&round=%3Cb%3E&role=Chef%20Anna&a.b=ja&c.d=ja",
			[]string{"municipality: " + sv.NoSuchMunicipality, "round: " + sv.NoSuchRound, "role: " + sv.BadRole}},
		{"both units", "questionnaire=kommun&version=1&municipality=0114&county=01&round=demo&a.b=ja&c.d=ja",
			[]string{"county: " + sv.Both}},
		{"not an option, an unknown item", strings.Replace(ok, "c.d=vet-ej", "c.d=kanske", 1) + "&%3Cscript%3E=ja",
			[]string{"c.d: " + sv.NotAnOption, "<script>: " + sv.NoSuchItem}},
		{"an item twice", ok + "&c.d=ja", []string{"c.d: " + sv.Repeated}},
		{"another version, a bad id", strings.Replace(ok, "version=1", "version=2", 1) + "&id=nope",
			[]string{"version: " + sv.OldForm, "id: " + sv.OldForm}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			in, err := parseForm(tt.body)
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, p := range problems(in, q, sv) {
				got = append(got, p.Field+": "+p.Text)
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("got  %q\nwant %q", got, tt.want)
			}
		})
	}
	if ps := problems(formInput{}, nil, sv); len(ps) != 1 || ps[0].Field != fieldQuestionnaire {
		t.Errorf("no questionnaire: %+v", ps)
	}
}

func TestFormPagesEscape(t *testing.T) {
	q := testQuestionnaire()
	in, _ := parseForm("questionnaire=kommun&version=1&%3Cimg%20src%3Dx%3E=%22%3E&round=%3Cscript%3E")
	page := string(problemPage(textsFor("sv"), q, problems(in, q, textsFor("sv"))))
	for _, want := range []string{"&lt;img src=x&gt;", "Finns &lt;rutiner&gt;?", `<html lang="sv">`, `<link rel="stylesheet" href="/app.css">`, `href="/enkat/kommun/"`} {
		if !strings.Contains(page, want) {
			t.Errorf("the problem page lacks %q:\n%s", want, page)
		}
	}
	for _, bad := range []string{"<img", "<script", "style=", "<rutiner>"} {
		if strings.Contains(page, bad) {
			t.Errorf("the problem page has %q:\n%s", bad, page)
		}
	}
	r := api.Response{ID: "7c9e6679-7425-40de-944b-e07fc1f90ae7", Round: "demo", Municipality: "0114",
		Answers: lagesbild.Answers{"a.b": "ja", "c.d": "vet-ej"}}
	receipt := string(receiptPage(textsFor("sv"), q, r, time.Date(2026, 7, 1, 12, 5, 0, 0, time.UTC)))
	for _, want := range []string{"Upplands Väsby", "demo", "1 juli 2026 kl. 14.05", "<h2>A &amp; B</h2>",
		`<li value="1"><span class="q">Finns &lt;rutiner&gt;?</span> <span class="a">Ja</span></li>`,
		`<li value="2"><span class="q">Finns stöd?</span> <span class="a">Vet ej</span></li>`,
		`href="/resultat/?omgang=demo&amp;kommun=0114"`, r.ID} {
		if !strings.Contains(receipt, want) {
			t.Errorf("the receipt lacks %q:\n%s", want, receipt)
		}
	}
	if en := string(receiptPage(textsFor("en"), q, r, time.Date(2026, 12, 3, 13, 52, 0, 0, time.UTC))); !strings.Contains(en, "3 December 2026, 14:52 (Swedish time)") || !strings.Contains(en, "Don&#39;t know") {
		t.Errorf("the English receipt:\n%s", en)
	}
}

func TestSwedishTime(t *testing.T) {
	for _, tt := range []struct {
		utc  string
		want string
	}{
		{"2026-01-15T23:30:00Z", "16 januari 2026 kl. 00.30"},
		{"2026-03-29T00:59:00Z", "29 mars 2026 kl. 01.59"}, // summer time begins at 01.00 UTC
		{"2026-03-29T01:00:00Z", "29 mars 2026 kl. 03.00"},
		{"2026-10-25T00:59:00Z", "25 oktober 2026 kl. 02.59"},
		{"2026-10-25T01:00:00Z", "25 oktober 2026 kl. 02.00"}, // and ends
		{"2026-12-31T23:00:00Z", "1 januari 2027 kl. 00.00"},
	} {
		at, _ := time.Parse(time.RFC3339, tt.utc)
		if got := swedishTime("sv", at); got != tt.want {
			t.Errorf("swedishTime(%s) = %q, want %q", tt.utc, got, tt.want)
		}
	}
}
