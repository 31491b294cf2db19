package main

import (
	"encoding/json"
	"regexp"
	"strings"
	"testing"

	"lagesbild/assets"
	"lagesbild/questionnaires"
	"lagesbild/wasm/golden"
	"lagesbild/wasm/i18n"
)

// TestWorkshopPages: the workshop's pages take their texts from wasm/i18n,
// and every element that names a text (data-i18n, as on the other pages)
// names one that exists and shows it in Swedish, so the client's
// translation (wasm/page) finds them all.
func TestWorkshopPages(t *testing.T) {
	named := regexp.MustCompile(`data-i18n="(\w+)"[^>]*>([^<]*)<`)
	for _, p := range workshopPages {
		if !strings.HasSuffix(p.src, ".html") {
			continue
		}
		b, err := workshopPage(p.src)
		if err != nil {
			t.Fatal(err)
		}
		page := string(b)
		if strings.Contains(page, "{{") || strings.Contains(page, "data-w=") {
			t.Errorf("%s: a template action or an old data-w attribute is left", p.src)
		}
		for _, m := range named.FindAllStringSubmatch(page, -1) {
			sv, ok := i18n.Lookup("sv", m[1])
			if !ok {
				t.Errorf("%s: data-i18n=%q names no text", p.src, m[1])
				continue
			}
			if got := strings.ReplaceAll(m[2], "&#39;", "'"); got != sv {
				t.Errorf("%s: %s shows %q, want %q", p.src, m[1], got, sv)
			}
		}
	}
	join, _ := workshopPage("workshop/join.html")
	if !strings.Contains(string(join), `data-i18n="WJoinTitle">Delta i workshoppen</h1>`) {
		t.Errorf("the participants' page: %s", join)
	}
}

// TestJoinPrerendered: the participants' page holds every section of the
// workshop questionnaire in a template, each as wasm/workshop writes it
// (the golden testdata/join-section.html, which join.test.mjs holds the
// script's own drawing to), no wasm, and the texts its script needs in
// both languages, every API error code's among them.
func TestJoinPrerendered(t *testing.T) {
	raw, err := assets.Workshop.ReadFile("workshop/join.html")
	if err != nil {
		t.Fatal(err)
	}
	d, err := joinData(raw)
	if err != nil {
		t.Fatal(err)
	}
	q, err := questionnaires.Get(joinQuestionnaire, 0)
	if err != nil {
		t.Fatal(err)
	}
	if d.Questionnaire != q.ID || d.Version != q.Version || len(d.Sections) != len(q.Sections) {
		t.Fatalf("pre-rendered %s v%d, %d sections; want %s v%d, %d", d.Questionnaire, d.Version, len(d.Sections), q.ID, q.Version, len(q.Sections))
	}
	for i, s := range d.Sections {
		if s.ID != q.Sections[i].ID || !strings.Contains(string(s.HTML), `data-section="`+s.ID+`"`) {
			t.Errorf("section %d: %s", i, s.HTML)
		}
		if s.ID == "kunskap" {
			golden.File(t, "join-section.html", append([]byte(s.HTML), '\n'))
		}
	}
	page, err := workshopPage("workshop/join.html")
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{`<template id="tpl-rutiner"><section class="ws-section"`, `<script type="module" src="/join.mjs"></script>`,
		`data-questionnaire="workshop" data-version="2"`, `<script type="application/json" id="texts">{"en":{`} {
		if !strings.Contains(string(page), want) {
			t.Errorf("the participants' page lacks %s", want)
		}
	}
	if !strings.Contains(string(page), "<noscript><p class=\"note\">Sidan behöver JavaScript") {
		t.Error("the participants' page says nothing without JavaScript")
	}
	if strings.Contains(string(page), ".wasm") || strings.Contains(string(page), "<script>") {
		t.Error("the participants' page loads wasm or has an inline script")
	}
	var texts map[string]map[string]string
	if err := json.Unmarshal([]byte(d.Texts), &texts); err != nil {
		t.Fatal(err)
	}
	for _, l := range []string{"sv", "en"} {
		s := i18n.For(l)
		for key, want := range map[string]string{"WNoSession": s.WNoSession, "WRoomFull": s.WRoomFull, "SectionOf": s.SectionOf,
			"WLocked": s.WLocked, "WJoinTitle": s.WJoinTitle, "LangToggle": s.LangToggle, "code:not_joined": s.ErrCode["not_joined"]} {
			if got := texts[l][key]; got != want {
				t.Errorf("%s %s = %q, want %q", l, key, got, want)
			}
		}
		for code := range i18n.For("sv").ErrCode {
			if texts[l]["code:"+code] == "" {
				t.Errorf("%s: no text for the code %s", l, code)
			}
		}
	}
}
