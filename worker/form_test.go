//go:build !js

package worker_test

import (
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
)

// postForm posts a form as a browser without JavaScript does.
func (a *api) postForm(body string) reply {
	a.t.Helper()
	req := httptest.NewRequest("POST", "/api/responses/form", strings.NewReader(body))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	rec := httptest.NewRecorder()
	a.h.ServeHTTP(rec, req)
	return reply{Status: rec.Code, Header: rec.Header(), Body: rec.Body.Bytes()}
}

// form is the body of the questionnaire's form for the test kommun v1,
// every item answered v.
func form(round, muni, code, v string) url.Values {
	f := url.Values{"questionnaire": {"kommun"}, "version": {"1"}, "round": {round}, "municipality": {muni}, "role": {"chef"}, "code": {code}}
	for k, a := range full(v) {
		f.Set(k, a)
	}
	return f
}

// The questionnaire without JavaScript (issue 13): the checks of
// POST /api/responses, an HTML answer, nothing stored on bad input.
func TestPostForm(t *testing.T) {
	a, codes := setupRunning(t)
	ok := form("2026", "0114", codes["0114"], "ja")
	for _, tt := range []struct {
		name   string
		body   func() string
		status int
		want   []string // in the page
	}{
		{"no municipality, an item unanswered", func() string {
			f := form("2026", "", codes["0114"], "ja")
			f.Del("kunskap.chefer")
			return f.Encode()
		}, 400, []string{"Kommun</strong><br>Välj din kommun.", "Fråga 4. Fråga kunskap.chefer</strong><br>Frågan är inte besvarad."}},
		{"a bad round", func() string { f := form("<b>2026", "0114", codes["0114"], "ja"); return f.Encode() },
			400, []string{"Omgång</strong><br>Det finns ingen omgång"}},
		{"an unknown round", func() string { return form("1999", "0114", codes["0114"], "ja").Encode() },
			404, []string{"Omgång</strong><br>Det finns ingen omgång"}},
		{"a closed round, without a code", func() string { return form("2025", "0114", "", "ja").Encode() },
			401, []string{"Inbjudningskod</strong><br>Omgången kräver en inbjudningskod."}},
		{"no code", func() string { return form("2026", "0114", "", "ja").Encode() },
			401, []string{"Omgången kräver en inbjudningskod."}},
		{"a wrong code", func() string { return form("2026", "0114", "AAAA-BBBB-CCCC-DDDD", "ja").Encode() },
			403, []string{"Koden gäller inte i den här omgången."}},
		{"another municipality's code", func() string { return form("2026", "0114", codes["0115"], "ja").Encode() },
			403, []string{"Koden gäller en annan kommun"}},
		{"a hostile item, in English", func() string { return ok.Encode() + "&lang=en&%3Cscript%3Ealert(1)%3C%2Fscript%3E=ja" },
			400, []string{`<html lang="en">`, "&lt;script&gt;alert(1)&lt;/script&gt;</strong><br>The questionnaire has no such question."}},
		{"not form encoding", func() string { return "%zz" }, 400, []string{"Formuläret kunde inte läsas."}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			r := a.postForm(tt.body())
			page := string(r.Body)
			if r.Status != tt.status || r.Header.Get("Content-Type") != "text/html; charset=utf-8" {
				t.Errorf("got %d %s, want %d HTML", r.Status, r.Header.Get("Content-Type"), tt.status)
			}
			back := `href="/enkat/kommun/"`
			if tt.name == "not form encoding" {
				back = `href="/"` // no questionnaire named: the start page
			}
			for _, w := range append(tt.want, "Ingenting har sparats", back) {
				if strings.Contains(tt.name, "English") && w == "Ingenting har sparats" {
					w = "Nothing has been saved"
				}
				if !strings.Contains(page, w) {
					t.Errorf("the page lacks %q:\n%s", w, page)
				}
			}
			if strings.Contains(page, "<script") || strings.Contains(page, "<b>") {
				t.Errorf("unescaped input:\n%s", page)
			}
			if n, _ := a.count(); n != 0 {
				t.Errorf("%d responses stored, want none", n)
			}
		})
	}

	r := a.postForm(ok.Encode())
	page := string(r.Body)
	if r.Status != http.StatusCreated || r.Header.Get("Content-Security-Policy") == "" {
		t.Fatalf("got %s", r)
	}
	for _, w := range []string{"Kvitto på dina svar", "Upplands Väsby", "<dd>2026</dd>", "15 mars 2026 kl. 13.00",
		`<span class="q">Fråga samverkan.polis</span> <span class="a">Ja</span>`, `href="/resultat/?omgang=2026&amp;kommun=0114"`} {
		if !strings.Contains(page, w) {
			t.Errorf("the receipt lacks %q:\n%s", w, page)
		}
	}
	if n, _ := a.count(); n != 1 {
		t.Errorf("%d responses stored, want 1", n)
	}
	own := a.get("/api/rounds/2026/responses/0114", codes["0114"])
	if !strings.Contains(string(own.Body), `"role":"chef"`) || !strings.Contains(string(own.Body), `"samverkan.polis":"ja"`) {
		t.Errorf("stored: %s", own)
	}

	// The page's first round choice is "the round of the code" (a static
	// page lists no private round): the code names it.
	if r := a.postForm(form("", "0115", codes["0115"], "ja").Encode()); r.Status != http.StatusCreated || !strings.Contains(string(r.Body), "<dd>2026</dd>") {
		t.Errorf("no round, a code of round 2026: %s", r)
	}
	if r := a.postForm(form("", "0115", "", "ja").Encode()); r.Status != http.StatusBadRequest {
		t.Errorf("no round and no code: %s, want 400", r)
	}
	if n, _ := a.count(); n != 2 {
		t.Errorf("%d responses stored, want 2", n)
	}

	// A form posted as JSON's route is refused as before, and the form's
	// route takes no JSON.
	if r := a.do("POST", "/api/responses/form", "", map[string]any{}); r.Status != 415 || !strings.Contains(string(r.Body), "Formuläret kunde inte läsas") {
		t.Errorf("JSON to the form's route: %s", r)
	}
}
