//go:build !js

// Package api_test tests the API against the real worker: the Go wasm in
// workerd (wrangler dev, local) on a fresh local D1, started once for the
// package by TestMain and stopped at the end, with no process left behind.
// The tests skip when the worker is not built (`make test` builds first).
package api_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"strings"
	"testing"
	"time"

	"lagesbild"
	"lagesbild/e2e/workerd"
)

var (
	w       *workerd.Worker
	skipWhy string // why every test skips, when it does
)

func TestMain(m *testing.M) {
	// The seed makes rounds the admin route no longer makes (previous_test.go).
	os.Exit(workerd.Main(m, workerd.Options{Seed: []string{"e2e/api/testdata/legacy_rounds.sql"}}, &w, &skipWhy))
}

// need skips the test when there is no worker to test.
func need(t *testing.T) {
	t.Helper()
	if w == nil {
		t.Skip(skipWhy)
	}
}

// reply is an answer of the worker.
type reply struct {
	Status int
	Header http.Header
	Body   []byte
}

func (r reply) String() string { return fmt.Sprintf("%d %s", r.Status, bytes.TrimSpace(r.Body)) }

func (r reply) decode(t *testing.T, v any) {
	t.Helper()
	if err := json.Unmarshal(r.Body, v); err != nil {
		t.Fatalf("decoding %s: %v", r.Body, err)
	}
}

func (r reply) code() string {
	var e struct{ Code string }
	json.Unmarshal(r.Body, &e)
	return e.Code
}

var client = &http.Client{Timeout: 30 * time.Second}

// do sends a request to the worker; a string or []byte body goes as is,
// anything else as JSON; contentType "" means application/json.
func do(t *testing.T, method, path, token, contentType string, body any) reply {
	t.Helper()
	var rd io.Reader
	switch b := body.(type) {
	case nil:
	case string:
		rd = strings.NewReader(b)
	case []byte:
		rd = bytes.NewReader(b)
	default:
		j, err := json.Marshal(b)
		if err != nil {
			t.Fatal(err)
		}
		rd = bytes.NewReader(j)
	}
	req, err := http.NewRequest(method, w.URL+path, rd)
	if err != nil {
		t.Fatal(err)
	}
	if body != nil {
		if contentType == "" {
			contentType = "application/json"
		}
		req.Header.Set("Content-Type", contentType)
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := client.Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", method, path, err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatalf("%s %s: reading: %v", method, path, err)
	}
	return reply{Status: resp.StatusCode, Header: resp.Header, Body: b}
}

func get(t *testing.T, path, token string) reply {
	t.Helper()
	return do(t, "GET", path, token, "", nil)
}

func post(t *testing.T, path, token string, body any) reply {
	t.Helper()
	return do(t, "POST", path, token, "", body)
}

func must(t *testing.T, r reply, status int) reply {
	t.Helper()
	if r.Status != status {
		t.Fatalf("got %s, want %d", r, status)
	}
	return r
}

// questionnaire is a questionnaire as the worker serves it (version 0: the latest).
func questionnaire(t *testing.T, id string, version int) *lagesbild.Questionnaire {
	t.Helper()
	path := "/api/questionnaires/" + id
	if version > 0 {
		path += fmt.Sprintf("?version=%d", version)
	}
	var q lagesbild.Questionnaire
	must(t, get(t, path, ""), 200).decode(t, &q)
	return &q
}

// answers answers every item with the option at index i (or the last one).
func answers(q *lagesbild.Questionnaire, i int) map[string]string {
	a := map[string]string{}
	for _, s := range q.Sections {
		for _, it := range s.Items {
			a[it.ID] = it.Options[min(i, len(it.Options)-1)].Value
		}
	}
	return a
}

// round makes a round of the latest kommun questionnaire, open now, with
// codes for the given units; it returns the questionnaire and the codes.
func round(t *testing.T, id string, units ...string) (*lagesbild.Questionnaire, map[string]string) {
	t.Helper()
	var rd struct {
		Questionnaire string
		Version       int
	}
	must(t, post(t, "/api/admin/rounds", w.AdminToken, map[string]any{
		"id": id, "questionnaire": "kommun", "opens": "2020-01-01", "closes": "2099-12-31",
	}), 201).decode(t, &rd)
	var munis, counties []string
	for _, u := range units {
		if len(u) == 4 {
			munis = append(munis, u)
		} else {
			counties = append(counties, u)
		}
	}
	codes := map[string]string{}
	if len(units) > 0 {
		var out struct{ Codes []struct{ Unit, Code string } }
		must(t, post(t, "/api/admin/rounds/"+id+"/codes", w.AdminToken, map[string]any{
			"municipalities": munis, "counties": counties,
		}), 201).decode(t, &out)
		for _, c := range out.Codes {
			codes[c.Unit] = c.Code
		}
	}
	return questionnaire(t, rd.Questionnaire, rd.Version), codes
}

// uuid makes a UUID unique to a test and n.
func uuid(t *testing.T, n int) string {
	h := uint32(2166136261)
	for _, c := range t.Name() {
		h = (h ^ uint32(c)) * 16777619
	}
	return fmt.Sprintf("%08x-0000-4000-8000-%012d", h, n)
}

func response(t *testing.T, n int, round string, q *lagesbild.Questionnaire, muni string, a map[string]string) map[string]any {
	return map[string]any{"id": uuid(t, n), "round": round, "questionnaire": q.ID, "version": q.Version,
		"municipality": muni, "role": "chef", "answers": a}
}

// count is the number of responses stored in a round, as the admin's
// export shows it.
func count(t *testing.T, round string) int {
	t.Helper()
	var ex struct{ Municipalities []struct{ Respondents int } }
	must(t, get(t, "/api/rounds/"+round+"/export.json", w.AdminToken), 200).decode(t, &ex)
	n := 0
	for _, m := range ex.Municipalities {
		n += m.Respondents
	}
	return n
}
