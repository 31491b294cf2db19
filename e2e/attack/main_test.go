//go:build !js

// Package attack_test plays the attacks of issue 11 (F1, F2a, F2b, F3, F10)
// against the real worker in workerd, as THREATS.md describes its readers,
// and asserts that none of them learns anything about fewer than k = 3
// municipalities it may not see.
//
// A scenario (attack_test.go) is a table row: the admin makes a round (and,
// for F3, its previous round) and codes; municipalities answer in steps
// (POST /api/responses with their own codes, a county lead's token, the
// admin's or none, in a round open to all). After every step every attacker
// — an outsider holding some other municipality's code, each municipality
// and each county lead involved, no code in a round open to all — fetches
// the views it may: the counties view, export.json, export.csv, and the
// county view of every county with answers, its own and one without.
//
// The harness (harness_test.go) turns what each attacker saw into the
// audit's publications (lagesbild.Audit, k = 3), measure by measure: each
// figure shown is the sum of the values it rests on (its mean × its n), and
// each n shown the sum of the 0/1 "has a value" of the municipalities that
// responded (F10; audited apart), over the municipalities and versions the
// scenario's ground truth says it rests on — the strongest reader of
// THREATS.md knows them. A figure rests on the latest moment (after any
// post, not only after a step) at or before it was read whose true figures
// it shows, group by group: a worker that keeps a group's figures of an
// earlier release is judged on that release. The attacker knows its own
// rows (every version, both rounds) and any row it was shown; a row of
// another municipality it may not see, a figure of a private round shown
// without a code, and a figure no moment explains fail the test on their
// own. A failure prints each leak (lagesbild.Leak.String) with the measures
// it holds for and the arithmetic of one, as issue 11 writes it.
//
// One worker serves the package (TestMain); each scenario has its own rounds,
// so scenarios run in parallel without meeting.
package attack_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"testing"
	"time"

	"lagesbild/e2e/workerd"
)

var (
	w       *workerd.Worker
	skipWhy string // why every test skips, when it does
)

func TestMain(m *testing.M) {
	// The seed makes a pair of rounds the admin route may no longer make
	// (F3: a round open to all after a private one), as data from before.
	os.Exit(workerd.Main(m, workerd.Options{Seed: []string{"e2e/attack/testdata/legacy_rounds.sql"}}, &w, &skipWhy))
}

// need skips the test when there is no worker to test.
func need(t *testing.T) {
	t.Helper()
	if w == nil {
		t.Skip(skipWhy)
	}
}

var client = &http.Client{Timeout: 60 * time.Second}

// inFlight bounds the requests in flight over all scenarios: the machine
// running workerd may have two cores, and workerd serves a few Go instances.
var inFlight = make(chan struct{}, 4)

// call sends one request to the worker; body, when not nil, goes as JSON.
func call(method, path, token string, body any) (int, []byte, error) {
	var rd io.Reader
	if body != nil {
		j, err := json.Marshal(body)
		if err != nil {
			return 0, nil, err
		}
		rd = bytes.NewReader(j)
	}
	req, err := http.NewRequest(method, w.URL+path, rd)
	if err != nil {
		return 0, nil, err
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	inFlight <- struct{}{}
	defer func() { <-inFlight }()
	resp, err := client.Do(req)
	if err != nil {
		return 0, nil, fmt.Errorf("%s %s: %w", method, path, err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		return 0, nil, fmt.Errorf("%s %s: reading: %w", method, path, err)
	}
	return resp.StatusCode, b, nil
}

// must sends a request and wants one of the statuses, decoding the answer
// into out when not nil.
func must(t *testing.T, method, path, token string, body, out any, statuses ...int) {
	t.Helper()
	status, b, err := call(method, path, token, body)
	if err != nil {
		t.Fatal(err)
	}
	ok := false
	for _, s := range statuses {
		ok = ok || status == s
	}
	if !ok {
		t.Fatalf("%s %s: got %d %s, want %v", method, path, status, bytes.TrimSpace(b), statuses)
	}
	if out != nil {
		if err := json.Unmarshal(b, out); err != nil {
			t.Fatalf("%s %s: decoding %s: %v", method, path, b, err)
		}
	}
}
